/*
 * tlog.c — the transparency log's rows in MariaDB (see tlog_store.h and
 * sql/040_tlog.sql). SQL only; the tree's logic is in src/tlog/.
 *
 * Reads: the ranges of one tlog_store read call are asked in statements of a
 * fixed shape, READ_SLOTS range terms OR'ed (unused slots repeat the first
 * range), so each statement is prepared once per connection and the primary
 * key serves each term as a range: level 0 from tlog_entries.leaf_hash, the
 * other stored levels from tlog_nodes. An inclusion proof at 10,000,000
 * leaves needs about 24 ranges: two statements. Rows are placed by (level,
 * idx) into the ranges that asked for them, and a range left with a hole is
 * an error (a tree larger than what is stored, or a deleted row).
 *
 * Appends: one INSERT of the entry row (with its leaf hash) and, for the one
 * leaf in 16 that completes stored nodes, one array-bound INSERT of them; in
 * the caller's transaction, under tlog_head's row lock.
 */
#include "tier/tlog_store.h"

#include "tier/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define READ_SLOTS 32

/* READ_SLOTS terms, spelled out so each text is a constant (thread-safe, and
 * the same statement every time). Level 0 is the leaf hashes of
 * tlog_entries; the other stored levels are tlog_nodes. Both answer (level,
 * index, hash). */
#define NODE "(level = ? AND idx BETWEEN ? AND ?)"
#define NODE4 NODE " OR " NODE " OR " NODE " OR " NODE
#define NODE16 NODE4 " OR " NODE4 " OR " NODE4 " OR " NODE4
#define LEAF "(leaf_index BETWEEN ? AND ?)"
#define LEAF4 LEAF " OR " LEAF " OR " LEAF " OR " LEAF
#define LEAF16 LEAF4 " OR " LEAF4 " OR " LEAF4 " OR " LEAF4
static const char nodes_sql[] =
    "SELECT level, idx, hash FROM tlog_nodes WHERE " NODE16 " OR " NODE16;
static const char leaves_sql[] =
    "SELECT 0, leaf_index, leaf_hash FROM tlog_entries WHERE " LEAF16 " OR " LEAF16;

struct placing {
    const struct tlog_range *r;        /* every range of the read */
    const size_t *sel;                 /* the ranges this statement asked for */
    size_t nsel;
    unsigned char *out;
    const size_t *at;                  /* offset of each range in out, in hashes */
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
    for (size_t k = 0; k < p->nsel; k++) {
        size_t i = p->sel[k];
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

/* Ask for the ranges r[sel[0..nsel)] (all level 0, or all not), READ_SLOTS at
 * a time; unused slots repeat the chunk's first range. */
static int read_group(struct store_tlog *st, struct placing *p, const size_t *sel, size_t nsel,
                      int leaves, char *err, size_t errsz)
{
    struct db_param prm[READ_SLOTS * 3];
    size_t per = leaves ? 2 : 3;

    for (size_t first = 0; first < nsel; first += READ_SLOTS) {
        for (size_t k = 0; k < READ_SLOTS; k++) {
            const struct tlog_range *x = &p->r[sel[first + k < nsel ? first + k : first]];
            struct db_param *q = prm + per * k;

            if (!leaves)
                *q++ = (struct db_param){'i', (int64_t)x->level, NULL, 0};
            q[0] = (struct db_param){'i', (int64_t)x->start, NULL, 0};
            q[1] = (struct db_param){'i', (int64_t)(x->start + x->count - 1), NULL, 0};
        }
        p->sel = sel + first;
        p->nsel = nsel - first < READ_SLOTS ? nsel - first : READ_SLOTS;
        if (db_query(st->m,
                     &(struct db_select){leaves ? leaves_sql : nodes_sql, prm, per * READ_SLOTS,
                                         p->cols, 3, place, p},
                     &st->errnum, err, errsz) < 0)
            return -1;
    }
    return 0;
}

static int st_read(void *ctx, const struct tlog_range *r, size_t n, unsigned char *out,
                   char *err, size_t errsz)
{
    struct store_tlog *st = ctx;
    struct db_col cols[3];
    struct placing p;
    size_t at[TLOG_READ_RANGES_MAX], sel0[TLOG_READ_RANGES_MAX], seln[TLOG_READ_RANGES_MAX];
    size_t n0 = 0, nn = 0, total = 0;
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
        if (r[i].level == 0)
            sel0[n0++] = i;
        else
            seln[nn++] = i;
    }
    memset(&p, 0, sizeof p);
    p.r = r, p.out = out, p.at = at, p.filled = filled, p.cols = cols;
    cols[0] = (struct db_col){'i', &p.level, sizeof p.level, 0, 0, 0};
    cols[1] = (struct db_col){'i', &p.idx, sizeof p.idx, 0, 0, 0};
    cols[2] = (struct db_col){'b', p.hash, sizeof p.hash, 0, 0, 0};
    if (read_group(st, &p, sel0, n0, 1, err, errsz) != 0 ||
        read_group(st, &p, seln, nn, 0, err, errsz) != 0)
        return -1;
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
    /* nodes[0] is the leaf hash, kept in the entry row; the rest (one leaf
     * in 16 completes any) go to tlog_nodes in one statement */
    for (size_t i = 1; i < n; i++) {
        prm[3 * (i - 1)] = (struct db_param){'i', (int64_t)nodes[i].level, NULL, 0};
        prm[3 * (i - 1) + 1] = (struct db_param){'i', (int64_t)nodes[i].index, NULL, 0};
        prm[3 * (i - 1) + 2] = (struct db_param){'b', 0, nodes[i].hash, TLOG_HASH_LEN};
    }
    if (n < 2)
        return 0;
    return db_exec_bulk(st->m, "INSERT INTO tlog_nodes (level, idx, hash) VALUES (?, ?, ?)", prm,
                        3, n - 1, &st->errnum, err, errsz);
}

struct tlog_store store_tlog(struct store_tlog *st)
{
    struct tlog_store s = {st_read, st_append, st};

    st->errnum = 0;
    return s;
}

static int size_query(struct db_conn *m, const char *sql, uint64_t *size, unsigned int *errnum,
                      char *err, size_t errsz)
{
    int64_t v = 0;
    struct db_col c[1] = {{'i', &v, sizeof v, 0, 0, 0}};
    long n = db_query(m, &(struct db_select){sql, NULL, 0, c, 1, NULL, NULL}, errnum, err, errsz);

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

int store_tlog_lock_size(struct db_conn *m, uint64_t *size, unsigned int *errnum, char *err,
                         size_t errsz)
{
    return size_query(m, "SELECT size FROM tlog_head WHERE id = 1 FOR UPDATE", size, errnum,
                      err, errsz);
}

int store_tlog_size(struct db_conn *m, uint64_t *size, unsigned int *errnum, char *err,
                    size_t errsz)
{
    return size_query(m, "SELECT size FROM tlog_head WHERE id = 1", size, errnum, err, errsz);
}

int store_tlog_set_size(struct db_conn *m, uint64_t size, unsigned int *errnum, char *err,
                        size_t errsz)
{
    return db_exec(m, "UPDATE tlog_head SET size = ? WHERE id = 1", "i", NULL, NULL, errnum, err,
                   errsz, (int64_t)size);
}

int store_tlog_entry(struct db_conn *m, uint64_t index, void *out, size_t cap, size_t *len,
                     unsigned int *errnum, char *err, size_t errsz)
{
    struct db_param p = {'i', (int64_t)index, NULL, 0};
    struct db_col c[1] = {{'b', out, cap, 0, 0, 0}};
    long n = db_query(m,
                      &(struct db_select){
                          "SELECT entry FROM tlog_entries WHERE leaf_index = ?",
                          &p, 1, c, 1, NULL, NULL},
                      errnum, err, errsz);

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

int store_tlog_find(struct db_conn *m, const char *subject, uint64_t *index, unsigned int *errnum,
                    char *err, size_t errsz)
{
    struct db_param p = {'s', 0, subject, 0};
    int64_t v = 0;
    struct db_col c[1] = {{'i', &v, sizeof v, 0, 0, 0}};
    long n = db_query(m,
                      &(struct db_select){
                          "SELECT MAX(leaf_index) FROM tlog_entries WHERE subject = ?",
                          &p, 1, c, 1, NULL, NULL},
                      errnum, err, errsz);

    if (n < 0)
        return -1;
    if (n == 0 || c[0].is_null)
        return 0;
    *index = (uint64_t)v;
    return 1;
}

int store_tlog_checkpoint_insert(struct db_conn *m, uint64_t tree_size,
                                 const unsigned char root[TLOG_HASH_LEN], const void *note,
                                 size_t len, unsigned int *errnum, char *err, size_t errsz)
{
    return db_exec(m, "INSERT INTO tlog_checkpoints (tree_size, root_hash, note) VALUES (?, ?, ?)",
                   "ibb", NULL, NULL, errnum, err, errsz, (int64_t)tree_size, (const void *)root,
                   (size_t)TLOG_HASH_LEN, note, len);
}

int store_tlog_checkpoint_latest(struct db_conn *m, char *note, size_t cap, size_t *len,
                                 uint64_t *tree_size, unsigned int *errnum, char *err,
                                 size_t errsz)
{
    int64_t sz = 0;
    struct db_col c[2] = {{'i', &sz, sizeof sz, 0, 0, 0}, {'s', note, cap, 0, 0, 0}};
    long n = db_query(m,
                      &(struct db_select){
                          "SELECT tree_size, note FROM tlog_checkpoints ORDER BY tree_size DESC "
                          "LIMIT 1",
                          NULL, 0, c, 2, NULL, NULL},
                      errnum, err, errsz);

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

struct each_kind {
    int64_t index;
    unsigned char entry[1024]; /* TLOG_ENTRY_MAX */
    struct db_col c[2];
    int (*fn)(uint64_t, const void *, size_t, void *);
    void *arg;
};

static int each_kind_row(void *arg)
{
    struct each_kind *k = arg;

    return k->fn((uint64_t)k->index, k->entry, k->c[1].len, k->arg);
}

long store_tlog_each_kind(struct db_conn *m, const char *kind,
                          int (*fn)(uint64_t index, const void *entry, size_t len, void *arg),
                          void *arg, unsigned int *errnum, char *err, size_t errsz)
{
    struct each_kind *k = calloc(1, sizeof *k);
    struct db_param p[1] = {DB_STR(kind)};
    long n;

    if (k == NULL) {
        snprintf(err, errsz, "out of memory");
        *errnum = 0;
        return -1;
    }
    k->fn = fn;
    k->arg = arg;
    k->c[0] = DB_OUT_INT(&k->index);
    k->c[1] = DB_OUT_BYTES(k->entry, sizeof k->entry);
    n = db_query(m,
                 &(struct db_select){"SELECT leaf_index, entry FROM tlog_entries WHERE kind = ? "
                                     "ORDER BY leaf_index",
                                     p, 1, k->c, 2, each_kind_row, k},
                 errnum, err, errsz);
    free(k);
    return n;
}
