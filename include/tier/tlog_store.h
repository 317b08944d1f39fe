/*
 * tlog_store.h — the transparency log's rows in MariaDB (sql/040_tlog.sql):
 * the struct tlog_store callbacks of tlog.h over one connection, the tree
 * size row, and checkpoints. SQL only: the tree's logic is in src/tlog/.
 *
 * An append, in the caller's transaction (the registry's, with the act it
 * records):
 *     store_tlog_lock_size(m, &size)        locks tlog_head's row
 *     st = {m, kind, subject}; s = store_tlog(&st)
 *     tlog_append(&s, size, bytes, len, …)  reads siblings, inserts rows
 *     store_tlog_set_size(m, size + 1)
 *     COMMIT
 * Proofs need no lock: a tree of any size up to store_tlog_size() is
 * complete in the tables (rows are only inserted, in the locked order).
 *
 * Errors: -1 with the server's sentence in err and its code in *errnum (as
 * db.h); callbacks keep the code in st->errnum.
 */
#ifndef TIER_TLOG_STORE_H
#define TIER_TLOG_STORE_H

struct db_conn;
#include <stddef.h>
#include <stdint.h>

#include "tier/tlog_types.h"

/* The context of the callbacks. */
struct store_tlog {
    struct db_conn *m;              /* borrowed connection */
    const char *kind;      /* for the next append: the entry's kind name ("certificateIssued") */
    const char *subject;   /* for the next append: serial or key id, or NULL */
    unsigned int errnum;   /* the last database error code seen by a callback, 0 if none */
};

/* The callbacks of tlog.h over st (borrowed; it must outlive their use).
 * Can't fail. */
struct tlog_store store_tlog(struct store_tlog *st);

/* The tree size, its row locked until the transaction ends (call inside one).
 * 0 or -1. */
int store_tlog_lock_size(struct db_conn *m, uint64_t *size, unsigned int *errnum, char *err,
                         size_t errsz);

/* Set the tree size after an append (row locked by store_tlog_lock_size).
 * 0 or -1. */
int store_tlog_set_size(struct db_conn *m, uint64_t size, unsigned int *errnum, char *err,
                        size_t errsz);

/* The tree size as committed, without a lock. 0 or -1. */
int store_tlog_size(struct db_conn *m, uint64_t *size, unsigned int *errnum, char *err,
                    size_t errsz);

/* Every leaf of `kind` (e.g. "auditHead"), in index order: fn(index, entry,
 * len, arg), non-zero stops. The number of rows, or -1 (*errnum). */
long store_tlog_each_kind(struct db_conn *m, const char *kind,
                          int (*fn)(uint64_t index, const void *entry, size_t len, void *arg),
                          void *arg, unsigned int *errnum, char *err, size_t errsz);

/* The entry bytes of leaf `index` into out (cap bytes), length in *len.
 * 1 when found, 0 when there is no such leaf, -1 on error. */
int store_tlog_entry(struct db_conn *m, uint64_t index, void *out, size_t cap, size_t *len,
                     unsigned int *errnum, char *err, size_t errsz);

/* The newest leaf about `subject` (a serial or key id): 1 with *index, 0
 * when none, -1 on error. */
int store_tlog_find(struct db_conn *m, const char *subject, uint64_t *index, unsigned int *errnum,
                    char *err, size_t errsz);

/* Keep a signed checkpoint (note, len bytes) for tree_size with its root.
 * A second checkpoint for the same size is refused by the primary key
 * (the server's duplicate-key error). 0 or -1. */
int store_tlog_checkpoint_insert(struct db_conn *m, uint64_t tree_size,
                                 const unsigned char root[TLOG_HASH_LEN], const void *note,
                                 size_t len, unsigned int *errnum, char *err, size_t errsz);

/* The checkpoint of the largest size into note (cap bytes, NUL-terminated),
 * its length in *len and size in *tree_size. 1 when found, 0 when none yet,
 * -1 on error. */
int store_tlog_checkpoint_latest(struct db_conn *m, char *note, size_t cap, size_t *len,
                                 uint64_t *tree_size, unsigned int *errnum, char *err,
                                 size_t errsz);

/* ---- the queue (sql/095_tlog_queue.sql) ------------------------------------------ */

/* An entry waiting for its leaf index. */
struct tlog_queued {
    uint64_t id;
    char kind[25];
    char subject[65];
    int has_subject;
    unsigned char entry[1024];     /* TLOG_ENTRY_MAX */
    size_t len;
};

/* Queue an entry (kind name, subject or NULL, canonical bytes) in the
 * caller's transaction: no lock beyond the new row. 0 or -1. */
int store_tlog_enqueue(struct db_conn *m, const char *kind, const char *subject,
                       const void *entry, size_t len, unsigned int *errnum, char *err,
                       size_t errsz);

/* The oldest `max` queued entries into rows, their rows locked (call inside
 * a transaction, after store_tlog_lock_size). The count, or -1. */
long store_tlog_queue_take(struct db_conn *m, struct tlog_queued *rows, size_t max,
                           unsigned int *errnum, char *err, size_t errsz);

/* Delete queued row `id` (it became a leaf in this transaction). 0 or -1. */
int store_tlog_queue_done(struct db_conn *m, uint64_t id, unsigned int *errnum, char *err,
                          size_t errsz);

/* How many entries wait. 0 or -1. */
int store_tlog_queued(struct db_conn *m, uint64_t *n, unsigned int *errnum, char *err,
                      size_t errsz);

/* The first leaf of `kind` about `subject` (the certificateIssued leaf of a
 * serial): 1 with *index, 0 when none, -1 on error. */
int store_tlog_find_kind(struct db_conn *m, const char *subject, const char *kind,
                         uint64_t *index, unsigned int *errnum, char *err, size_t errsz);

/* The checkpoint signed for exactly tree_size leaves into note (cap bytes,
 * NUL-terminated), its length in *len. 1, 0 when none, -1 on error. */
int store_tlog_checkpoint_at(struct db_conn *m, uint64_t tree_size, char *note, size_t cap,
                             size_t *len, unsigned int *errnum, char *err, size_t errsz);

/* How many leaves of `kind` lie below index `below`. 0 or -1. */
int store_tlog_count_kind(struct db_conn *m, const char *kind, uint64_t below, uint64_t *n,
                          unsigned int *errnum, char *err, size_t errsz);

/* The next transaction on m reads committed rows and takes no gap locks:
 * the sequencer's scan of the queue then never holds up an act inserting
 * behind it. Call before BEGIN. 0 or -1. */
int store_tlog_next_read_committed(struct db_conn *m, unsigned int *errnum, char *err,
                                   size_t errsz);

#endif
