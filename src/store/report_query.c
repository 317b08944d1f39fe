/*
 * report_query.c — the yearly report's rows from MariaDB (see
 * report_store.h). SQL only: each row goes to a callback of the caller's
 * (struct report_rows), which keeps the report.
 *
 * Four prepared queries, each a GROUP BY answered from a covering index
 * (sql/004_report_indexes.sql): targets; the year's applications by tier,
 * city and status; certificates issued in the year by tier, city and month;
 * and, for tiers counted as stock, certificates valid at each month's end.
 * Month ends and the UTC instants that bound "revoked by then" are computed
 * here and bound as parameters.
 */
#include "tier/report_store.h"

#include "tier/buf.h"
#include "tier/db.h"
#include "tier/lifecycle.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static int days_in_month(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : d[m - 1];
}

struct q_target {
    const struct report_rows *rows;
    char tier[33], city[7], kind[9], wording[9], source[301];
    int64_t count;
};

static int target_row(void *arg)
{
    struct q_target *q = arg;

    q->rows->target(q->rows->ctx, q->tier, q->city, q->count, q->kind, q->wording, q->source);
    return 0;
}

int report_query_targets(struct db_conn *m, int year, const struct report_rows *rows,
                         unsigned int *errnum, char *err, size_t errsz)
{
    struct q_target q = {.rows = rows};
    struct db_param p[] = {DB_INT(year)};
    struct db_col c[] = {DB_OUT_STR(q.tier),    DB_OUT_STR(q.city),    DB_OUT_INT(&q.count),
                         DB_OUT_STR(q.kind),    DB_OUT_STR(q.wording), DB_OUT_STR(q.source)};

    *errnum = 0;
    return db_query(m,
                    &(struct db_select){"SELECT tier, city_code, target_count, kind, wording, "
                                        "source FROM targets WHERE year = ?",
                                        p, DB_NELEM(p), c, DB_NELEM(c), target_row, &q},
                    errnum, err, errsz) < 0
               ? -1
               : 0;
}

struct q_pipe {
    const struct report_rows *rows;
    char tier[33], city[7], status[17];
    int64_t n;
};

static int pipe_row(void *arg)
{
    struct q_pipe *q = arg;

    q->rows->pipeline(q->rows->ctx, q->tier, q->city, q->status, q->n);
    return 0;
}

struct q_new {
    const struct report_rows *rows;
    char tier[33], city[7];
    int64_t month, n, revoked, by[REPORT_ROWS_CATEGORIES];
    int negate; /* renewals: taken off what was counted (see RENEWALS) */
};

static int new_row(void *arg)
{
    struct q_new *q = arg;
    int64_t by[REPORT_ROWS_CATEGORIES];

    for (int i = 0; i < REPORT_ROWS_CATEGORIES; i++)
        by[i] = q->negate ? -q->by[i] : q->by[i];
    if (q->month >= 1 && q->month <= 12)
        q->rows->issued(q->rows->ctx, q->tier, q->city, (int)q->month,
                        q->negate ? -q->n : q->n, q->negate ? -q->revoked : q->revoked, by);
    return 0;
}

/* A renewal's certificate continues a title already counted when it was
 * first issued (issue 17), so "issued in the year" leaves it out: the
 * renewals are counted by the same grouping and taken off. A renewal is the
 * certificate named by a superseded one's superseded_by; the superseded
 * rows are few and found by state (ix_certificates_expiring), so the main
 * query stays covered by its index instead of looking every certificate's
 * application up. */
#define RENEWALS                                                                               \
    " FROM certificates o JOIN certificates n ON n.serial = o.superseded_by WHERE o.state = "  \
    "'superseded' AND n.valid_from BETWEEN ? AND ?"
#define N_CATEGORY_SUM                                                                         \
    ", SUM(n.revoked_at IS NOT NULL AND IFNULL(n.revocation_category, 'other') = ?)"
#define N_BY_CATEGORY                                                                          \
    N_CATEGORY_SUM N_CATEGORY_SUM N_CATEGORY_SUM N_CATEGORY_SUM N_CATEGORY_SUM N_CATEGORY_SUM


/* Not superseded by the end of a day: its superseded_at (UTC) is NULL or not
 * before the bound given as the next parameter. */
#define CATEGORY_SUM                                                                           \
    ", SUM(revoked_at IS NOT NULL AND IFNULL(revocation_category, 'other') = ?)"
#define BY_CATEGORY                                                                            \
    CATEGORY_SUM CATEGORY_SUM CATEGORY_SUM CATEGORY_SUM CATEGORY_SUM CATEGORY_SUM

#define NOT_SUPERSEDED " AND (superseded_at IS NULL OR superseded_at >= ?)"

struct q_stock {
    const struct report_rows *rows;
    char tier[33], city[7];
    int64_t n[REPORT_ROWS_MONTHS];
};

static int stock_row(void *arg)
{
    struct q_stock *q = arg;

    q->rows->stock(q->rows->ctx, q->tier, q->city, q->n);
    return 0;
}

/* ---- last year's figures ------------------------------------------------------------
 *
 * Two grouped queries over the year before the report's: for tiers counted
 * as new, the certificates issued in it (the whole year and up to the same
 * day), each with those revoked up to now; for tiers counted as stock, those
 * valid and not revoked on its 31 December and on the same day. Kept apart
 * from the queries above so that each stays one GROUP BY. */

struct q_last {
    const struct report_rows *rows;
    int stock;
    int negate; /* renewals: taken off (see RENEWALS) */
    char tier[33], city[7];
    int64_t full, full_revoked, to_date, to_date_revoked;
};

static int last_row(void *arg)
{
    struct q_last *q = arg;

    int64_t k = q->negate ? -1 : 1;

    q->rows->last_year(q->rows->ctx, q->stock, q->tier, q->city, k * q->full,
                       k * q->full_revoked, k * q->to_date, k * q->to_date_revoked);
    return 0;
}

/* Last year's figures of the new (stock = 0) or stock tiers: one grouped
 * query. 0 or -1 (errnum, err). */
static int last_year_query(struct db_conn *m, const struct report_query *rq, int stock,
                           unsigned int *errnum, char *err, size_t errsz)
{
    const char *narrow = rq->city;
    char first[24], last[24], day[11], cut_last[40], cut_day[40];
    struct q_last q = {.rows = rq->rows, .stock = stock};
    struct db_col c[] = {DB_OUT_STR(q.tier),         DB_OUT_STR(q.city),
                         DB_OUT_INT(&q.full),        DB_OUT_INT(&q.full_revoked),
                         DB_OUT_INT(&q.to_date),     DB_OUT_INT(&q.to_date_revoked)};
    struct db_param p[96];
    struct buf sql;
    size_t np = 0;
    long n;

    snprintf(first, sizeof first, "%04d-01-01", rq->year - 1);
    snprintf(last, sizeof last, "%04d-12-31", rq->year - 1);
    date_format(&rq->same_day, day);
    /* the end of a day in UTC+8 is 16:00 UTC */
    snprintf(cut_last, sizeof cut_last, "%s 16:00:00", last);
    snprintf(cut_day, sizeof cut_day, "%s 16:00:00", day);
    if (!stock) {
        /* new: issued last year, with the revocations up to now */
        p[np++] = DB_STR(day);
        p[np++] = DB_STR(day);
        p[np++] = DB_STR(first);
        p[np++] = DB_STR(last);
        if (narrow)
            p[np++] = DB_STR(narrow);
        n = db_query(m,
                     &(struct db_select){
                         narrow
                             ? "SELECT tier, city_code, COUNT(*), SUM(revoked_at IS NOT NULL), "
                               "SUM(valid_from <= ?), SUM(valid_from <= ? AND revoked_at IS NOT "
                               "NULL) FROM certificates WHERE valid_from BETWEEN ? AND ? AND "
                               "city_code = ? GROUP BY tier, city_code"
                             : "SELECT tier, city_code, COUNT(*), SUM(revoked_at IS NOT NULL), "
                               "SUM(valid_from <= ?), SUM(valid_from <= ? AND revoked_at IS NOT "
                               "NULL) FROM certificates WHERE valid_from BETWEEN ? AND ? GROUP BY "
                               "tier, city_code",
                         p, np, c, DB_NELEM(c), last_row, &q},
                     errnum, err, errsz);
        if (n < 0)
            return -1;
        /* the renewals of that year, taken off */
        q.negate = 1;
        n = db_query(m,
                     &(struct db_select){
                         narrow ? "SELECT n.tier, n.city_code, COUNT(*), SUM(n.revoked_at IS NOT "
                                  "NULL), SUM(n.valid_from <= ?), SUM(n.valid_from <= ? AND "
                                  "n.revoked_at IS NOT NULL)" RENEWALS " AND n.city_code = ? "
                                  "GROUP BY n.tier, n.city_code"
                                : "SELECT n.tier, n.city_code, COUNT(*), SUM(n.revoked_at IS NOT "
                                  "NULL), SUM(n.valid_from <= ?), SUM(n.valid_from <= ? AND "
                                  "n.revoked_at IS NOT NULL)" RENEWALS " GROUP BY n.tier, "
                                  "n.city_code",
                         p, np, c, DB_NELEM(c), last_row, &q},
                     errnum, err, errsz);
        return n < 0 ? -1 : 0;
    }
    if (rq->nstock == 0)
        return 0;
    /* stock: valid and not revoked on 31 December and on the same day */
    buf_init(&sql, 4096);
    buf_adds(&sql, "SELECT tier, city_code, SUM(valid_from <= ? AND valid_until >= ? AND "
                   "(revoked_at IS NULL OR revoked_at >= ?) AND (superseded_at IS NULL OR "
                   "superseded_at >= ?)), 0, SUM(valid_from <= ? AND valid_until >= ? AND "
                   "(revoked_at IS NULL OR revoked_at >= ?) AND (superseded_at IS NULL OR "
                   "superseded_at >= ?)), 0 FROM certificates WHERE tier IN (");
    p[np++] = DB_STR(last);
    p[np++] = DB_STR(last);
    p[np++] = DB_STR(cut_last);
    p[np++] = DB_STR(cut_last);
    p[np++] = DB_STR(day);
    p[np++] = DB_STR(day);
    p[np++] = DB_STR(cut_day);
    p[np++] = DB_STR(cut_day);
    for (size_t i = 0; i < rq->nstock && np < DB_NELEM(p) - 3; i++) {
        buf_adds(&sql, i ? ", ?" : "?");
        p[np++] = DB_STR(rq->stock_tiers[i]);
    }
    buf_adds(&sql, ") AND valid_until >= ? AND valid_from <= ?");
    p[np++] = DB_STR(day);
    p[np++] = DB_STR(last);
    if (narrow) {
        buf_adds(&sql, " AND city_code = ?");
        p[np++] = DB_STR(narrow);
    }
    buf_adds(&sql, " GROUP BY tier, city_code");
    n = sql.data != NULL ? db_query(m,
                                    &(struct db_select){sql.data, p, np, c, DB_NELEM(c),
                                                        last_row, &q},
                                    errnum, err, errsz)
                         : -1;
    if (sql.data == NULL)
        snprintf(err, errsz, "out of memory");
    buf_free(&sql);
    return n < 0 ? -1 : 0;
}

/* One of the three grouped queries, with its own connection and error. The
 * three call different callbacks, which write disjoint parts of the
 * caller's report (the pipeline; the tiers counted as new, then their
 * last-year figures; those counted as stock, then theirs), so they may run
 * at the same time without a lock. */
struct part {
    struct db_conn *m;
    const struct report_query *q;
    const char *first, *last;
    unsigned int errnum;
    char err[256];
    long n;
};

static void *part_pipeline(void *arg)
{
    struct part *pt = arg;
    const char *narrow = pt->q->city;
    struct q_pipe q = {.rows = pt->q->rows};
    struct db_col c[] = {DB_OUT_STR(q.tier), DB_OUT_STR(q.city), DB_OUT_STR(q.status),
                         DB_OUT_INT(&q.n)};
    struct db_param p[2];
    size_t np = 0;

    p[np++] = DB_INT(pt->q->year);
    if (narrow)
        p[np++] = DB_STR(narrow);
    pt->n = db_query(pt->m,
                     &(struct db_select){
                         narrow
                             ? "SELECT tier, city_code, status, COUNT(*) FROM submissions WHERE "
                               "year = ? AND city_code = ? GROUP BY tier, city_code, status"
                             : "SELECT tier, city_code, status, COUNT(*) FROM submissions WHERE "
                               "year = ? GROUP BY tier, city_code, status",
                         p, np, c, DB_NELEM(c), pipe_row, &q},
                     &pt->errnum, pt->err, sizeof pt->err);
    return NULL;
}

static void *part_new(void *arg)
{
    struct part *pt = arg;
    const char *narrow = pt->q->city;
    struct q_new q = {.rows = pt->q->rows};
    struct db_col c[] = {DB_OUT_STR(q.tier), DB_OUT_STR(q.city),   DB_OUT_INT(&q.month),
                         DB_OUT_INT(&q.n),   DB_OUT_INT(&q.revoked), DB_OUT_INT(&q.by[0]),
                         DB_OUT_INT(&q.by[1]), DB_OUT_INT(&q.by[2]), DB_OUT_INT(&q.by[3]),
                         DB_OUT_INT(&q.by[4]), DB_OUT_INT(&q.by[5])};
    struct db_param p[3 + REPORT_ROWS_CATEGORIES];
    size_t np = 0;

    /* new: issued in the year, by month; the revoked by category (a
     * revocation without one is `other`) */
    for (int i = 0; i < REPORT_ROWS_CATEGORIES; i++)
        p[np++] = DB_STR(revocation_category_name((enum revocation_category)i));
    p[np++] = DB_STR(pt->first);
    p[np++] = DB_STR(pt->last);
    if (narrow)
        p[np++] = DB_STR(narrow);
    pt->n = db_query(pt->m,
                     &(struct db_select){
                         narrow
                             ? "SELECT tier, city_code, MONTH(valid_from), COUNT(*), "
                               "SUM(revoked_at IS NOT NULL)" BY_CATEGORY " FROM certificates "
                               "WHERE valid_from BETWEEN ? AND ? AND city_code = ? GROUP BY "
                               "tier, city_code, MONTH(valid_from)"
                             : "SELECT tier, city_code, MONTH(valid_from), COUNT(*), "
                               "SUM(revoked_at IS NOT NULL)" BY_CATEGORY " FROM certificates "
                               "WHERE valid_from BETWEEN ? AND ? GROUP BY tier, city_code, "
                               "MONTH(valid_from)",
                         p, np, c, DB_NELEM(c), new_row, &q},
                     &pt->errnum, pt->err, sizeof pt->err);
    /* the year's renewals, taken off: the same parameters, the same columns */
    q.negate = 1;
    if (pt->n >= 0)
        pt->n = db_query(pt->m,
                         &(struct db_select){
                             narrow ? "SELECT n.tier, n.city_code, MONTH(n.valid_from), COUNT(*), "
                                      "SUM(n.revoked_at IS NOT NULL)" N_BY_CATEGORY RENEWALS
                                      " AND n.city_code = ? GROUP BY n.tier, n.city_code, "
                                      "MONTH(n.valid_from)"
                                    : "SELECT n.tier, n.city_code, MONTH(n.valid_from), COUNT(*), "
                                      "SUM(n.revoked_at IS NOT NULL)" N_BY_CATEGORY RENEWALS
                                      " GROUP BY n.tier, n.city_code, MONTH(n.valid_from)",
                             p, np, c, DB_NELEM(c), new_row, &q},
                         &pt->errnum, pt->err, sizeof pt->err);
    /* last year's, on the same connection: other callbacks, other fields */
    if (pt->n >= 0 && pt->q->last_year &&
        last_year_query(pt->m, pt->q, 0, &pt->errnum, pt->err, sizeof pt->err) != 0)
        pt->n = -1;
    return NULL;
}

static void *part_stock(void *arg)
{
    struct part *pt = arg;
    const struct report_query *rq = pt->q;
    const char *narrow = rq->city;
    int year = rq->year;
    struct db_param p[96];
    size_t np = 0;
    /* stock: valid at each month's end (today for the month in progress) */
    char ends[REPORT_ROWS_MONTHS][11], cut[REPORT_ROWS_MONTHS][27];
    struct q_stock q = {.rows = rq->rows};
    struct db_col c[2 + REPORT_ROWS_MONTHS];
    struct buf sql;

    pt->n = 0;
    if (rq->nstock == 0)
        goto last_year;
    buf_init(&sql, 16384);
    buf_adds(&sql, "SELECT tier, city_code");
    for (int mo = 1; mo <= REPORT_ROWS_MONTHS; mo++) {
        struct tier_date e = {year, mo, days_in_month(year, mo)};
        if (date_cmp(&e, &rq->today) > 0 && year == rq->today.y)
            e = rq->today;
        date_format(&e, ends[mo - 1]);
        /* the end of that day in UTC+8 is 16:00 UTC */
        snprintf(cut[mo - 1], sizeof cut[mo - 1], "%.10s 16:00:00", ends[mo - 1]);
        buf_adds(&sql, ", SUM(valid_from <= ? AND valid_until >= ? AND (revoked_at IS NULL "
                       "OR revoked_at >= ?)" NOT_SUPERSEDED ")");
        p[np++] = DB_STR(ends[mo - 1]);
        p[np++] = DB_STR(ends[mo - 1]);
        p[np++] = DB_STR(cut[mo - 1]);
        p[np++] = DB_STR(cut[mo - 1]);
    }
    buf_adds(&sql, " FROM certificates WHERE tier IN (");
    for (size_t i = 0; i < rq->nstock && np < DB_NELEM(p) - 3; i++) {
        buf_adds(&sql, i ? ", ?" : "?");
        p[np++] = DB_STR(rq->stock_tiers[i]);
    }
    buf_adds(&sql, ") AND valid_until >= ? AND valid_from <= ?");
    p[np++] = DB_STR(ends[0]);
    p[np++] = DB_STR(pt->last);
    if (narrow) {
        buf_adds(&sql, " AND city_code = ?");
        p[np++] = DB_STR(narrow);
    }
    buf_adds(&sql, " GROUP BY tier, city_code");
    c[0] = DB_OUT_STR(q.tier);
    c[1] = DB_OUT_STR(q.city);
    for (int mo = 0; mo < REPORT_ROWS_MONTHS; mo++)
        c[2 + mo] = DB_OUT_INT(&q.n[mo]);
    pt->n = db_query(pt->m,
                     &(struct db_select){sql.data, p, np, c, 2 + REPORT_ROWS_MONTHS, stock_row,
                                         &q},
                     &pt->errnum, pt->err, sizeof pt->err);
    buf_free(&sql);
last_year:
    if (pt->n >= 0 && rq->last_year &&
        last_year_query(pt->m, rq, 1, &pt->errnum, pt->err, sizeof pt->err) != 0)
        pt->n = -1;
    return NULL;
}

int report_query_counts(struct db_conn **conns, int nconns, const struct report_query *q,
                        unsigned int *errnum, char *err, size_t errsz)
{
    char first[16], last[16];
    struct part parts[3];
    void *(*const fns[3])(void *) = {part_pipeline, part_new, part_stock};
    pthread_t th[3];
    int started[3] = {0, 0, 0};

    *errnum = 0;
    snprintf(first, sizeof first, "%04d-01-01", q->year);
    snprintf(last, sizeof last, "%04d-12-31", q->year);
    /* The three grouped queries: at once on three connections when the
     * caller has them, else one after another on the first. */
    for (int i = 0; i < 3; i++) {
        memset(&parts[i], 0, sizeof parts[i]);
        parts[i].m = conns[nconns >= 3 ? i : 0];
        parts[i].q = q;
        parts[i].first = first;
        parts[i].last = last;
    }
    for (int i = 1; i < 3 && nconns >= 3; i++)
        started[i] = pthread_create(&th[i], NULL, fns[i], &parts[i]) == 0;
    for (int i = 0; i < 3; i++) {
        if (!started[i])
            fns[i](&parts[i]);
    }
    for (int i = 1; i < 3; i++) {
        if (started[i])
            pthread_join(th[i], NULL);
    }
    for (int i = 0; i < 3; i++) {
        if (parts[i].n < 0) {
            *errnum = parts[i].errnum;
            snprintf(err, errsz, "%s", parts[i].err);
            return -1;
        }
    }
    return 0;
}
