/*
 * tlog_queue.c — log entries waiting for their leaf index (sql/095; see
 * tlog_store.h). SQL only.
 */
#include "tier/tlog_store.h"

#include "tier/db.h"

#include <stdio.h>
#include <string.h>

int store_tlog_enqueue(struct db_conn *m, const char *kind, const char *subject,
                       const void *entry, size_t len, unsigned int *errnum, char *err,
                       size_t errsz)
{
    return db_exec(m, "INSERT INTO tlog_queue (kind, subject, entry) VALUES (?, ?, ?)", "ssb",
                   NULL, NULL, errnum, err, errsz, kind, subject, entry, len);
}

struct take_ctx {
    struct tlog_queued *rows;
    size_t n, max;
    int64_t id;
    char kind[25], subject[65];
    unsigned char entry[1024];
    struct db_col *cols;
};

static int take_row(void *arg)
{
    struct take_ctx *t = arg;
    struct tlog_queued *q;

    if (t->n >= t->max)
        return 1;
    q = &t->rows[t->n++];
    q->id = (uint64_t)t->id;
    memcpy(q->kind, t->kind, sizeof q->kind);
    memcpy(q->subject, t->subject, sizeof q->subject);
    q->has_subject = !t->cols[2].is_null;
    q->len = t->cols[3].len <= sizeof q->entry ? t->cols[3].len : sizeof q->entry;
    memcpy(q->entry, t->entry, q->len);
    return 0;
}

long store_tlog_queue_take(struct db_conn *m, struct tlog_queued *rows, size_t max,
                           unsigned int *errnum, char *err, size_t errsz)
{
    struct take_ctx t = {rows, 0, max, 0, "", "", {0}, NULL};
    struct db_param p[1] = {DB_INT(max)};
    struct db_col c[4] = {DB_OUT_INT(&t.id), DB_OUT_STR(t.kind), DB_OUT_STR(t.subject),
                          DB_OUT_BYTES(t.entry, sizeof t.entry)};
    long n;

    t.cols = c;
    n = db_query(m,
                 &(struct db_select){"SELECT id, kind, subject, entry FROM tlog_queue ORDER BY "
                                     "id LIMIT ? FOR UPDATE",
                                     p, 1, c, 4, take_row, &t},
                 errnum, err, errsz);
    return n < 0 ? -1 : (long)t.n;
}

int store_tlog_queue_done(struct db_conn *m, uint64_t id, unsigned int *errnum, char *err,
                          size_t errsz)
{
    return db_exec(m, "DELETE FROM tlog_queue WHERE id = ?", "i", NULL, NULL, errnum, err, errsz,
                   (int64_t)id);
}

int store_tlog_queued(struct db_conn *m, uint64_t *n, unsigned int *errnum, char *err,
                      size_t errsz)
{
    int64_t v = 0;
    struct db_col c[1] = {DB_OUT_INT(&v)};
    long r = db_query(m, &(struct db_select){"SELECT COUNT(*) FROM tlog_queue", NULL, 0, c, 1,
                                             NULL, NULL},
                      errnum, err, errsz);

    if (r < 0)
        return -1;
    *n = (uint64_t)v;
    return 0;
}

int store_tlog_find_kind(struct db_conn *m, const char *subject, const char *kind,
                         uint64_t *index, unsigned int *errnum, char *err, size_t errsz)
{
    struct db_param p[2] = {DB_STR(subject), DB_STR(kind)};
    int64_t v = 0;
    struct db_col c[1] = {DB_OUT_INT(&v)};
    long n = db_query(m,
                      &(struct db_select){"SELECT MIN(leaf_index) FROM tlog_entries WHERE "
                                          "subject = ? AND kind = ?",
                                          p, 2, c, 1, NULL, NULL},
                      errnum, err, errsz);

    if (n < 0)
        return -1;
    if (n == 0 || c[0].is_null)
        return 0;
    *index = (uint64_t)v;
    return 1;
}

int store_tlog_checkpoint_at(struct db_conn *m, uint64_t tree_size, char *note, size_t cap,
                             size_t *len, unsigned int *errnum, char *err, size_t errsz)
{
    struct db_param p[1] = {DB_INT(tree_size)};
    struct db_col c[1] = {{'s', note, cap, 0, 0, 0}};
    long n = db_query(m,
                      &(struct db_select){"SELECT note FROM tlog_checkpoints WHERE tree_size = ?",
                                          p, 1, c, 1, NULL, NULL},
                      errnum, err, errsz);

    if (n <= 0)
        return n < 0 ? -1 : 0;
    if (c[0].truncated) {
        snprintf(err, errsz, "transparency log: checkpoint longer than %zu bytes", cap);
        return -1;
    }
    *len = c[0].len;
    return 1;
}

int store_tlog_count_kind(struct db_conn *m, const char *kind, uint64_t below, uint64_t *n,
                          unsigned int *errnum, char *err, size_t errsz)
{
    struct db_param p[2] = {DB_STR(kind), DB_INT(below)};
    int64_t v = 0;
    struct db_col c[1] = {DB_OUT_INT(&v)};
    long r = db_query(m,
                      &(struct db_select){"SELECT COUNT(*) FROM tlog_entries WHERE kind = ? AND "
                                          "leaf_index < ?",
                                          p, 2, c, 1, NULL, NULL},
                      errnum, err, errsz);

    if (r < 0)
        return -1;
    *n = (uint64_t)v;
    return 0;
}

int store_tlog_next_read_committed(struct db_conn *m, unsigned int *errnum, char *err,
                                   size_t errsz)
{
    return db_exec(m, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED", "", NULL, NULL, errnum,
                   err, errsz);
}
