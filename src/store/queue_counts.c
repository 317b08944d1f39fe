/*
 * queue_counts.c — how many applications stand in each status, for the
 * reviewers' queue (see submissions.h). SQL only.
 *
 * One statement: per status, a derived table that reads at most cap + 1
 * index entries (status leads the indexes ix_submissions_queue,
 * ix_submissions_queue_city and ix_submissions_scope), so the cost is
 * bounded whatever the table holds: a count above cap reads as cap + 1
 * ("more than cap"). Thread-safe given one connection per thread.
 */
#include "tier/submissions.h"

#include "tier/buf.h"
#include "tier/db.h"

#include <stdio.h>
#include <string.h>

#define COUNT_PARAMS_MAX 64

struct counts_ctx {
    long *counts;
    size_t n;
    int64_t at, count;
};

static int count_row(void *arg)
{
    struct counts_ctx *c = arg;

    if (c->at >= 0 && (size_t)c->at < c->n)
        c->counts[c->at] = (long)c->count;
    return 0;
}

enum store_result submission_status_counts(struct db_conn *m, const struct submission_filter *f,
                                           const char *const *statuses, size_t n, long cap,
                                           long *counts, char *err, size_t errsz)
{
    struct db_param p[COUNT_PARAMS_MAX];
    size_t np = 0;
    struct buf sql;
    struct counts_ctx c = {counts, n, 0, 0};
    struct submission_filter g = *f;
    struct db_col cols[] = {DB_OUT_INT(&c.at), DB_OUT_INT(&c.count)};
    unsigned int e = 0;
    long got;

    if (n == 0 || n * 8 > COUNT_PARAMS_MAX || f->uscc != NULL) {
        snprintf(err, errsz, "status counts: %zu statuses, or a USCC filter, are not counted",
                 n);
        return STORE_ERROR;
    }
    for (size_t i = 0; i < n; i++)
        counts[i] = 0;
    g.status = NULL; /* each status is its own term */
    g.uscc = NULL;
    buf_init(&sql, 8192);
    for (size_t i = 0; i < n; i++) {
        /* only placeholders are appended: the values travel as parameters */
        buf_printf(&sql, "%sSELECT %zu, COUNT(*) FROM (SELECT 1 FROM submissions s "
                         "WHERE s.status = ?",
                   i ? " UNION ALL " : "", i);
        p[np++] = DB_STR(statuses[i]);
        np = submission_filter_where(&g, &sql, p, np);
        buf_adds(&sql, " LIMIT ?) x");
        p[np++] = DB_INT(cap + 1);
    }
    got = db_query(m, &(struct db_select){sql.data, p, np, cols, DB_NELEM(cols), count_row, &c},
                   &e, err, errsz);
    buf_free(&sql);
    if (got < 0)
        return e == 0 ? STORE_ERROR : store_classify(e);
    return STORE_OK;
}
