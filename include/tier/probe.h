/*
 * probe.h — the health checker's write (store module): can the database
 * write now? One row of its own (sql/090_health_probe.sql), so the probe
 * touches nothing a use case reads.
 */
#ifndef TIER_PROBE_H
#define TIER_PROBE_H

#include "tier/store.h"

#include <stddef.h>

struct db_conn;

/* In one transaction (so the pool's fault hook sees it as a use case's),
 * update the probe row and commit. STORE_OK; STORE_FULL when the server
 * cannot write; STORE_CONN (put m back broken); STORE_ERROR; err says what.
 * Rolled back on any failure before COMMIT. */
enum store_result store_write_probe(struct db_conn *m, char *err, size_t errsz);

#endif
