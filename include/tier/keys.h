/*
 * keys.h — signing keys in the registry (store module): which public keys
 * exist, which one signs new certificates, and when each was in use. The
 * private keys never enter the database; they stay in key-dir as files.
 */
#ifndef TIER_KEYS_H
#define TIER_KEYS_H

#include "tier/buf.h"
#include "tier/store.h"

#include <stddef.h>
#include <stdio.h>

struct db_conn;

/* A public key to record: its id, algorithm name and PEM (borrowed). */
struct key_new {
    const char *id;
    const char *alg;
    const char *pem;
    size_t pem_len;
};

/* The key an activation retired: id "" when none was active before. */
struct key_retired {
    char id[STORE_KEY_ID_LEN + 1];
    char alg[17];
};

/* Record k (if new) and make it the active key, in the caller's transaction
 * (the registry appends the log entries with it); the key active before is
 * retired (its certificates keep verifying: its public key stays listed) and
 * named in *old. Audited as `actor`. STORE_OK, or the result with a sentence
 * in err (the caller rolls back). */
enum store_result key_activate(struct db_conn *m, const struct key_new *k, const char *actor,
                               struct key_retired *old, char *err, size_t errsz);

/* The active key's id: 1 and out filled, 0 when no key is active, -1 on a
 * database error (*errnum set). */
int key_active_id(struct db_conn *m, char out[STORE_KEY_ID_LEN + 1], unsigned int *errnum,
                  char *err, size_t errsz);

/* The public key `id` as PEM: 1 and pem (NUL-terminated, at most cap - 1
 * bytes) and alg filled, 0 when no key has that id, -1 on a database error
 * (*errnum set). */
int key_public_pem(struct db_conn *m, const char *id, char *pem, size_t cap, char alg[17],
                   unsigned int *errnum, char *err, size_t errsz);

/* Every key as the XML of GET /v1/keys (xsd/keys.xsd). 0 or -1. */
int key_list_xml(struct db_conn *m, struct buf *out, unsigned int *errnum, char *err, size_t errsz);

/* Every key as a table for tierctl key list. 0 or -1. */
int key_list_text(struct db_conn *m, FILE *out, char *err, size_t errsz);

#endif
