/*
 * batch.h — group commit of applications (store module).
 *
 * Worker threads hand each judged application to the batcher and wait. One
 * committer thread takes everything waiting (up to max applications) and
 * records it in one transaction with multi-row statements
 * (submission_store_many), so a busy registry spends one BEGIN, one COMMIT
 * and a handful of statements on many applications instead of six
 * statements on each. Each caller gets its own answer only after the COMMIT
 * that holds its rows: a 2xx still means committed. When a batch cannot be
 * stored whole (a duplicate among them, a correction, an error), its
 * applications are stored one at a time, each with submission_store's own
 * answer. With max 1 there is no thread: the caller stores its application
 * itself.
 */
#ifndef TIER_BATCH_H
#define TIER_BATCH_H

#include "tier/submissions.h"

#include <stddef.h>
#include <stdint.h>

struct db_pool;
struct store_batcher;

/* Transactions tried per application (deadlocks, a lost connection). */
#define STORE_ATTEMPTS 3

/* A batcher storing through connections of pool, at most max (1..256)
 * applications a transaction. on_retry (may be NULL) is called for each
 * transaction run again. NULL with a sentence in err on failure. */
struct store_batcher *store_batcher_new(struct db_pool *pool, int max, void (*on_retry)(void),
                                        char *err, size_t errsz);

/* Store what is still queued, stop the thread, free. NULL is fine. */
void store_batcher_free(struct store_batcher *b);

/* Record one application; blocks until it is committed or refused. The
 * answer is submission_store's: STORE_OK (*id the new id), STORE_DUPLICATE
 * (*id the original's), STORE_NOT_FOUND / STORE_CONFLICT for a correction,
 * STORE_CONN when the database could not be reached or was lost while
 * storing (the application may or may not be stored), else STORE_ERROR or
 * STORE_RETRY with err. Thread-safe. */
enum store_result store_batcher_store(struct store_batcher *b, const struct submission_new *s,
                                      uint64_t *id, char *err, size_t errsz);

/* Transactions that held more than one application, and the applications
 * they held, since start. */
void store_batcher_stats(struct store_batcher *b, uint64_t *batches, uint64_t *batched);

#endif
