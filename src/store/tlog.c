/*
 * tlog.c — the transparency log's rows in MariaDB (see tlog_store.h and
 * sql/040_tlog.sql). SQL only; the tree's logic is in src/tlog/.
 *
 * Reads: the ranges of one tlog_store read call are asked in statements of a
 * fixed shape, READ_SLOTS "(level = ? AND idx BETWEEN ? AND ?)" terms OR'ed
 * (unused slots repeat the first range), so the statement is prepared once per
 * connection and the primary key serves each term as a range. An inclusion
 * proof at 10,000,000 leaves needs about 24 ranges: one statement. Rows are
 * placed by (level, idx) into every range that holds them, and a range left
 * with a hole is an error (a tree larger than what is stored).
 *
 * Appends: one INSERT of the entry row and one array-bound INSERT of the
 * stored nodes (level 0 and whatever the leaf completes), in the caller's
 * transaction, under tlog_head's row lock.
 */
#include "tier/tlog_store.h"

#include "tier/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define READ_SLOTS 32

/* READ_SLOTS terms, spelled out so the text is a constant (thread-safe, and
 * the same statement every time). */
#define TERM "(level = ? AND idx BETWEEN ? AND ?)"
#define TERM4 TERM " OR " TERM " OR " TERM " OR " TERM
#define TERM16 TERM4 " OR " TERM4 " OR " TERM4 " OR " TERM4
static const char read_sql[] =
    "SELECT level, idx, hash FROM tlog_nodes WHERE " TERM16 " OR " TERM16;

struct placing {
    const struct tlog_range *r;
    size_t n;
    unsigned char *out;
    size_t *at;                        /* offset of each range in out, in hashes */
    uint32_t *filled;                  /* hashes placed per range */
    int64_t level, idx;                /* the row fetched */
    unsigned char hash[TLOG_HASH_LEN];
    struct db_col *cols;
};

static int place(void *ctx)
{
    struct placing *p = ctx;

    if (p->cols[2].len != TLOG_HASH_LEN)
        return 0; /* not a hash: leaves a hole, reported below */
    for (size_t i = 0; i < p->n; i++) {
        const struct tlog_range *r = &p->r[i];
        uint64_t idx = (uint64_t)p->idx;

        if ((int64_t)r->level == p->level && idx >= r->start && idx - r->start < r->count) {
            memcpy(p->out + (p->at[i] + (idx - r->start)) * TLOG_HASH_LEN, p->hash,
                   TLOG_HASH_LEN);
            p->filled[i]++;
        }
    }
    return 0;
}

static int st_read(void *ctx, const struct tlog_range *r, size_t n, unsigned char *out,
                   char *err, size_t errsz)
{
    struct store_tlog *st = ctx;
    struct db_param prm[READ_SLOTS * 3];
    struct db_col cols[3];
    struct placing p;
    size_t at[TLOG_READ_RANGES_MAX], total = 0;
    uint32_t filled[TLOG_READ_RANGES_MAX];

    if (n > TLOG_READ_RANGES_MAX) {
        snprintf(err, errsz, "transparency log: %zu ranges in one read (at most %d)", n,
                 TLOG_READ_RANGES_MAX);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        at[i] = total;
        total += r[i].count;
        filled[i] = 0;
    }
    memset(&p, 0, sizeof p);
    p.r = r, p.n = n, p.out = out, p.at = at, p.filled = filled, p.cols = cols;
    cols[0] = (struct db_col){'i', &p.level, sizeof p.level, 0, 0, 0};
    cols[1] = (struct db_col){'i', &p.idx, sizeof p.idx, 0, 0, 0};
    cols[2] = (struct db_col){'b', p.hash, sizeof p.hash, 0, 0, 0};
    for (size_t first = 0; first < n; first += READ_SLOTS) {
        for (size_t k = 0; k < READ_SLOTS; k++) {
            const struct tlog_range *x = &r[first + k < n ? first + k : first];

            prm[3 * k] = (struct db_param){'i', (int64_t)x->level, NULL, 0};
            prm[3 * k + 1] = (struct db_param){'i', (int64_t)x->start, NULL, 0};
            prm[3 * k + 2] = (struct db_param){'i', (int64_t)(x->start + x->count - 1), NULL, 0};
        }
        /* the placing loop looks at this chunk's ranges only */
        p.r = r + first;
        p.n = n - first < READ_SLOTS ? n - first : READ_SLOTS;
        p.at = at + first;
        p.filled = filled + first;
        if (db_query(st->m, read_sql, prm, READ_SLOTS * 3, cols, 3, place, &p, &st->errnum,
                     err, errsz) < 0)
            return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (filled[i] != r[i].count) {
            snprintf(err, errsz, "transparency log: no stored hash at level %u, index %llu "
                     "(+%u): the tree is smaller than asked or a row is missing", r[i].level,
                     (unsigned long long)r[i].start, r[i].count);
            return -1;
        }
    }
    return 0;
}

static int st_append(void *ctx, uint64_t index, const void *entry, size_t len,
                     const struct tlog_node *nodes, size_t n, char *err, size_t errsz)
{
    struct store_tlog *st = ctx;
    struct db_param prm[(TLOG_APPEND_NODES_MAX + 1) * 3];

    if (db_exec(st->m, "INSERT INTO tlog_entries (leaf_index, kind, subject, entry, leaf_hash) "
                       "VALUES (?, ?, ?, ?, ?)",
                "issbb", NULL, NULL, &st->errnum, err, errsz, (int64_t)index,
                st->kind ? st->kind : "", st->subject, entry, len, (const void *)nodes[0].hash,
                (size_t)TLOG_HASH_LEN) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        prm[3 * i] = (struct db_param){'i', (int64_t)nodes[i].level, NULL, 0};
        prm[3 * i + 1] = (struct db_param){'i', (int64_t)nodes[i].index, NULL, 0};
        prm[3 * i + 2] = (struct db_param){'b', 0, nodes[i].hash, TLOG_HASH_LEN};
    }
    if (n == 1)
        return db_execv(st->m, "INSERT INTO tlog_nodes (level, idx, hash) VALUES (?, ?, ?)", prm,
                        3, NULL, NULL, &st->errnum, err, errsz);
    return db_exec_bulk(st->m, "INSERT INTO tlog_nodes (level, idx, hash) VALUES (?, ?, ?)", prm,
                        3, n, &st->errnum, err, errsz);
}

struct tlog_store store_tlog(struct store_tlog *st)
{
    struct tlog_store s = {st_read, st_append, st};

    st->errnum = 0;
    return s;
}

static int size_query(MYSQL *m, const char *sql, uint64_t *size, unsigned int *errnum,
                      char *err, size_t errsz)
{
    int64_t v = 0;
    struct db_col c[1] = {{'i', &v, sizeof v, 0, 0, 0}};
    long n = db_query(m, sql, NULL, 0, c, 1, NULL, NULL, errnum, err, errsz);

    if (n < 0)
        return -1;
    if (n == 0) {
        snprintf(err, errsz, "transparency log: tlog_head has no row (is migration 040 "
                 "applied?)");
        return -1;
    }
    *size = (uint64_t)v;
    return 0;
}

int store_tlog_lock_size(MYSQL *m, uint64_t *size, unsigned int *errnum, char *err,
                         size_t errsz)
{
    return size_query(m, "SELECT size FROM tlog_head WHERE id = 1 FOR UPDATE", size, errnum,
                      err, errsz);
}

int store_tlog_size(MYSQL *m, uint64_t *size, unsigned int *errnum, char *err, size_t errsz)
{
    return size_query(m, "SELECT size FROM tlog_head WHERE id = 1", size, errnum, err, errsz);
}

int store_tlog_set_size(MYSQL *m, uint64_t size, unsigned int *errnum, char *err,
                        size_t errsz)
{
    return db_exec(m, "UPDATE tlog_head SET size = ? WHERE id = 1", "i", NULL, NULL, errnum, err,
                   errsz, (int64_t)size);
}

int store_tlog_entry(MYSQL *m, uint64_t index, void *out, size_t cap, size_t *len,
                     unsigned int *errnum, char *err, size_t errsz)
{
    struct db_param p = {'i', (int64_t)index, NULL, 0};
    struct db_col c[1] = {{'b', out, cap, 0, 0, 0}};
    long n = db_query(m, "SELECT entry FROM tlog_entries WHERE leaf_index = ?", &p, 1, c, 1,
                      NULL, NULL, errnum, err, errsz);

    if (n < 0)
        return -1;
    if (n > 0 && c[0].truncated) {
        snprintf(err, errsz, "transparency log: entry %llu is longer than %zu bytes",
                 (unsigned long long)index, cap);
        return -1;
    }
    *len = n > 0 ? c[0].len : 0;
    return n > 0;
}

int store_tlog_find(MYSQL *m, const char *subject, uint64_t *index, unsigned int *errnum,
                    char *err, size_t errsz)
{
    struct db_param p = {'s', 0, subject, 0};
    int64_t v = 0;
    struct db_col c[1] = {{'i', &v, sizeof v, 0, 0, 0}};
    long n = db_query(m, "SELECT MAX(leaf_index) FROM tlog_entries WHERE subject = ?", &p, 1, c,
                      1, NULL, NULL, errnum, err, errsz);

    if (n < 0)
        return -1;
    if (n == 0 || c[0].is_null)
        return 0;
    *index = (uint64_t)v;
    return 1;
}

int store_tlog_checkpoint_insert(MYSQL *m, uint64_t tree_size,
                                 const unsigned char root[TLOG_HASH_LEN], const void *note,
                                 size_t len, unsigned int *errnum, char *err, size_t errsz)
{
    return db_exec(m, "INSERT INTO tlog_checkpoints (tree_size, root_hash, note) VALUES (?, ?, ?)",
                   "ibb", NULL, NULL, errnum, err, errsz, (int64_t)tree_size, (const void *)root,
                   (size_t)TLOG_HASH_LEN, note, len);
}

int store_tlog_checkpoint_latest(MYSQL *m, char *note, size_t cap, size_t *len,
                                 uint64_t *tree_size, unsigned int *errnum, char *err,
                                 size_t errsz)
{
    int64_t sz = 0;
    struct db_col c[2] = {{'i', &sz, sizeof sz, 0, 0, 0}, {'s', note, cap, 0, 0, 0}};
    long n = db_query(m, "SELECT tree_size, note FROM tlog_checkpoints ORDER BY tree_size DESC "
                         "LIMIT 1", NULL, 0, c, 2, NULL, NULL, errnum, err, errsz);

    if (n <= 0)
        return n < 0 ? -1 : 0;
    if (c[1].truncated) {
        snprintf(err, errsz, "transparency log: checkpoint longer than %zu bytes", cap);
        return -1;
    }
    *len = c[1].len;
    *tree_size = (uint64_t)sz;
    return 1;
}
