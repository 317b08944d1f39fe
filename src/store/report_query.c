/*
 * report_query.c — the yearly report's figures from MariaDB (see
 * report_store.h for the definitions).
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
#include "tier/city.h"
#include "tier/db.h"
#include "tier/tier.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static int city_index(const char *code)
{
    const struct city *all = city_all();

    for (int i = 0; i < CITY_COUNT; i++) {
        if (strcmp(all[i].code, code) == 0)
            return i;
    }
    return -1;
}

static struct report_tier *row_of(struct report *r, const char *code)
{
    const struct tier_info *ti = tier_by_code(code);

    if (ti == NULL)
        return NULL;
    for (int i = 0; i < r->ntiers; i++) {
        if (r->tiers[i].tier == ti->id)
            return &r->tiers[i];
    }
    return NULL;
}

/* The counts a (tier, city) row adds to: the scope always (the scope is the
 * city itself when narrowed), and the city's own row when not narrowed. */
static void targets_of(struct report *r, struct report_tier *t, const char *city,
                       struct report_counts **scope, struct report_counts **cityc)
{
    int ci = city_index(city);

    *scope = &t->scope;
    *cityc = (r->city_code[0] == '\0' && ci >= 0) ? &t->cities[ci] : NULL;
}

static int days_in_month(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : d[m - 1];
}

struct q_target {
    struct report *r;
    char tier[33], city[7], kind[9], wording[9], source[301];
    int64_t count;
};

static int target_row(void *arg)
{
    struct q_target *q = arg;
    struct report_tier *t = row_of(q->r, q->tier);
    int ci = city_index(q->city);

    if (t == NULL)
        return 0;
    if (q->city[0] == '\0' || strcmp(q->city, q->r->city_code) == 0) {
        /* the province's own target sets how the tier is counted */
        if (q->city[0] == '\0') {
            enum report_kind k = report_kind_parse(q->kind);
            enum report_wording w = report_wording_parse(q->wording);
            if (k != REPORT_KIND_NONE)
                t->kind = k;
            if (w != REPORT_WORDING_NONE)
                t->wording = w;
            snprintf(t->source, sizeof t->source, "%s", q->source);
        }
        if ((q->city[0] == '\0') == (q->r->city_code[0] == '\0')) {
            t->scope.has_target = 1;
            t->scope.target = (uint32_t)q->count;
        }
    }
    if (q->r->city_code[0] == '\0' && ci >= 0) {
        t->cities[ci].has_target = 1;
        t->cities[ci].target = (uint32_t)q->count;
    }
    return 0;
}

struct q_pipe {
    struct report *r;
    char tier[33], city[7], status[17];
    int64_t n;
};

static void pipe_add(struct report_pipeline *p, const char *status, uint32_t n)
{
    if (strcmp(status, "received") == 0)
        p->received += n;
    else if (strcmp(status, "ineligible") == 0)
        p->ineligible += n;
    else if (strcmp(status, "recommended") == 0)
        p->recommended += n;
    else if (strcmp(status, "returned") == 0)
        p->returned += n;
    else if (strcmp(status, "approved") == 0)
        p->approved += n;
    else if (strcmp(status, "rejected") == 0)
        p->rejected += n;
}

static int pipe_row(void *arg)
{
    struct q_pipe *q = arg;
    struct report_tier *t = row_of(q->r, q->tier);
    struct report_counts *s, *c;

    if (t == NULL)
        return 0;
    targets_of(q->r, t, q->city, &s, &c);
    pipe_add(&s->pipeline, q->status, (uint32_t)q->n);
    if (c != NULL)
        pipe_add(&c->pipeline, q->status, (uint32_t)q->n);
    return 0;
}

struct q_new {
    struct report *r;
    char tier[33], city[7];
    int64_t month, n;
};

static int new_row(void *arg)
{
    struct q_new *q = arg;
    struct report_tier *t = row_of(q->r, q->tier);
    struct report_counts *s, *c;

    if (t == NULL || t->kind != REPORT_KIND_NEW || q->month < 1 || q->month > 12)
        return 0;
    targets_of(q->r, t, q->city, &s, &c);
    /* per month for now; made cumulative afterwards */
    s->cumulative[q->month - 1] += (uint32_t)q->n;
    if (c != NULL)
        c->cumulative[q->month - 1] += (uint32_t)q->n;
    return 0;
}

struct q_stock {
    struct report *r;
    char tier[33], city[7];
    int64_t n[REPORT_MONTHS];
};

static int stock_row(void *arg)
{
    struct q_stock *q = arg;
    struct report_tier *t = row_of(q->r, q->tier);
    struct report_counts *s, *c;

    if (t == NULL || t->kind != REPORT_KIND_STOCK)
        return 0;
    targets_of(q->r, t, q->city, &s, &c);
    for (int m = 0; m < REPORT_MONTHS; m++) {
        s->cumulative[m] += (uint32_t)q->n[m];
        if (c != NULL)
            c->cumulative[m] += (uint32_t)q->n[m];
    }
    return 0;
}

static void finish_counts(struct report_counts *c, enum report_kind kind, int months)
{
    if (kind == REPORT_KIND_NEW) {
        for (int m = 1; m < REPORT_MONTHS; m++)
            c->cumulative[m] += c->cumulative[m - 1];
    }
    c->achieved = c->cumulative[months - 1];
}

/* One of the three grouped queries, with its own connection and error. The
 * three write disjoint parts of the report (the pipeline; the monthly counts
 * of tiers counted as new; those of tiers counted as stock), so they may run
 * at the same time without a lock. */
struct part {
    struct db_conn *m;
    struct report *r;
    int year;
    const char *narrow;
    const struct tier_date *today;
    const char *first, *last;
    unsigned int errnum;
    char err[256];
    long n;
};

static void *part_pipeline(void *arg)
{
    struct part *pt = arg;
    struct report *r = pt->r;
    struct db_conn *m = pt->m;
    struct db_param p[4];
    size_t np;
    long n;
    int year = pt->year;
    const char *narrow = pt->narrow;
    unsigned int *errnum = &pt->errnum;
    char *err = pt->err;
    size_t errsz = sizeof pt->err;

    { /* pipeline */
        struct q_pipe q = {.r = r};
        struct db_col c[] = {
            {'s', q.tier, sizeof q.tier, 0, 0, 0},
            {'s', q.city, sizeof q.city, 0, 0, 0},
            {'s', q.status, sizeof q.status, 0, 0, 0},
            {'i', &q.n, sizeof q.n, 0, 0, 0},
        };
        np = 0;
        p[np++] = (struct db_param){'i', year, NULL, 0};
        if (narrow)
            p[np++] = (struct db_param){'s', 0, narrow, 0};
        n = db_query(m,
                     &(struct db_select){
                         narrow
                             ? "SELECT tier, city_code, status, COUNT(*) FROM submissions WHERE "
                               "year = ? AND city_code = ? GROUP BY tier, city_code, status"
                             : "SELECT tier, city_code, status, COUNT(*) FROM submissions WHERE "
                               "year = ? GROUP BY tier, city_code, status",
                         p, np, c, 4, pipe_row, &q},
                     errnum, err, errsz);
        pt->n = n;
    }
    return NULL;
}

static void *part_new(void *arg)
{
    struct part *pt = arg;
    struct report *r = pt->r;
    struct db_conn *m = pt->m;
    struct db_param p[4];
    size_t np;
    long n;
    const char *narrow = pt->narrow, *first = pt->first, *last = pt->last;
    unsigned int *errnum = &pt->errnum;
    char *err = pt->err;
    size_t errsz = sizeof pt->err;

    { /* new: issued in the year, by month */
        struct q_new q = {.r = r};
        struct db_col c[] = {
            {'s', q.tier, sizeof q.tier, 0, 0, 0},
            {'s', q.city, sizeof q.city, 0, 0, 0},
            {'i', &q.month, sizeof q.month, 0, 0, 0},
            {'i', &q.n, sizeof q.n, 0, 0, 0},
        };
        np = 0;
        p[np++] = (struct db_param){'s', 0, first, 0};
        p[np++] = (struct db_param){'s', 0, last, 0};
        if (narrow)
            p[np++] = (struct db_param){'s', 0, narrow, 0};
        n = db_query(m,
                     &(struct db_select){
                         narrow
                             ? "SELECT tier, city_code, MONTH(valid_from), COUNT(*) FROM "
                               "certificates WHERE valid_from BETWEEN ? AND ? AND city_code = ? "
                               "GROUP BY tier, city_code, MONTH(valid_from)"
                             : "SELECT tier, city_code, MONTH(valid_from), COUNT(*) FROM "
                               "certificates WHERE valid_from BETWEEN ? AND ? GROUP BY tier, "
                               "city_code, MONTH(valid_from)",
                         p, np, c, 4, new_row, &q},
                     errnum, err, errsz);
        pt->n = n;
    }
    return NULL;
}

static void *part_stock(void *arg)
{
    struct part *pt = arg;
    struct report *r = pt->r;
    struct db_conn *m = pt->m;
    struct db_param p[64];
    size_t np;
    long n;
    int year = pt->year;
    const char *narrow = pt->narrow, *last = pt->last;
    const struct tier_date *today = pt->today;
    unsigned int *errnum = &pt->errnum;
    char *err = pt->err;
    size_t errsz = sizeof pt->err;

    { /* stock: valid at each month's end (today for the month in progress) */
        char ends[REPORT_MONTHS][11], cut[REPORT_MONTHS][27];
        struct q_stock q = {.r = r};
        struct db_col c[2 + REPORT_MONTHS];
        struct buf sql;
        int stock_tiers = 0;

        buf_init(&sql, 16384);
        buf_adds(&sql, "SELECT tier, city_code");
        np = 0;
        for (int mo = 1; mo <= REPORT_MONTHS; mo++) {
            struct tier_date e = {year, mo, days_in_month(year, mo)};
            if (date_cmp(&e, today) > 0 && year == today->y)
                e = *today;
            date_format(&e, ends[mo - 1]);
            /* the end of that day in UTC+8 is 16:00 UTC */
            snprintf(cut[mo - 1], sizeof cut[mo - 1], "%.10s 16:00:00", ends[mo - 1]);
            buf_adds(&sql, ", SUM(valid_from <= ? AND valid_until >= ? AND (revoked_at IS NULL "
                           "OR revoked_at >= ?))");
            p[np++] = (struct db_param){'s', 0, ends[mo - 1], 0};
            p[np++] = (struct db_param){'s', 0, ends[mo - 1], 0};
            p[np++] = (struct db_param){'s', 0, cut[mo - 1], 0};
        }
        buf_adds(&sql, " FROM certificates WHERE tier IN (");
        for (int i = 0; i < r->ntiers; i++) {
            if (r->tiers[i].kind != REPORT_KIND_STOCK)
                continue;
            buf_adds(&sql, stock_tiers++ ? ", ?" : "?");
            p[np++] = (struct db_param){'s', 0, tier_get(r->tiers[i].tier)->code, 0};
        }
        buf_adds(&sql, ") AND valid_until >= ? AND valid_from <= ?");
        p[np++] = (struct db_param){'s', 0, ends[0], 0};
        p[np++] = (struct db_param){'s', 0, last, 0};
        if (narrow) {
            buf_adds(&sql, " AND city_code = ?");
            p[np++] = (struct db_param){'s', 0, narrow, 0};
        }
        buf_adds(&sql, " GROUP BY tier, city_code");
        c[0] = (struct db_col){'s', q.tier, sizeof q.tier, 0, 0, 0};
        c[1] = (struct db_col){'s', q.city, sizeof q.city, 0, 0, 0};
        for (int mo = 0; mo < REPORT_MONTHS; mo++)
            c[2 + mo] = (struct db_col){'i', &q.n[mo], sizeof q.n[mo], 0, 0, 0};
        n = stock_tiers ? db_query(m,
                                   &(struct db_select){
                                       sql.data,
                                       p, np, c, 2 + REPORT_MONTHS, stock_row, &q},
                                   errnum, err, errsz)
                        : 0;
        buf_free(&sql);
        pt->n = n;
    }
    return NULL;
}

int report_fill_many(struct db_conn **conns, int nconns, int year, const char *city,
                     const struct tier_date *today, int64_t now_utc, struct report *r,
                     unsigned int *errnum, char *err, size_t errsz)
{
    const char *narrow = (city != NULL && city[0] != '\0') ? city : NULL;
    char first[11], last[11];
    struct db_param p[1];
    struct part parts[3];
    void *(*const fns[3])(void *) = {part_pipeline, part_new, part_stock};
    pthread_t th[3];
    int started[3] = {0, 0, 0};
    struct db_conn *m = conns[0];
    long n;

    *errnum = 0;
    if (report_init(r, year, narrow, now_utc) != 0) {
        snprintf(err, errsz, "year %d or city %s is not one the report can cover", year,
                 narrow ? narrow : "-");
        return -1;
    }
    if (year < today->y)
        r->months_covered = 12;
    else if (year == today->y)
        r->months_covered = today->m;
    else
        r->months_covered = 1;
    for (int t = 0; t < TIER_COUNT; t++)
        report_add_tier(r, (enum tier_id)t, report_default_kind((enum tier_id)t));
    snprintf(first, sizeof first, "%04d-01-01", year);
    snprintf(last, sizeof last, "%04d-12-31", year);

    { /* targets first: they decide which tiers count new and which stock */
        struct q_target q = {.r = r};
        struct db_col c[] = {
            {'s', q.tier, sizeof q.tier, 0, 0, 0},       {'s', q.city, sizeof q.city, 0, 0, 0},
            {'i', &q.count, sizeof q.count, 0, 0, 0},    {'s', q.kind, sizeof q.kind, 0, 0, 0},
            {'s', q.wording, sizeof q.wording, 0, 0, 0}, {'s', q.source, sizeof q.source, 0, 0, 0},
        };
        p[0] = (struct db_param){'i', year, NULL, 0};
        n = db_query(m,
                     &(struct db_select){
                         "SELECT tier, city_code, target_count, kind, wording, source FROM "
                         "targets WHERE year = ?",
                         p, 1, c, 6, target_row, &q},
                     errnum, err, errsz);
        if (n < 0)
            return -1;
    }
    /* The three grouped queries: at once on three connections when the
     * caller has them, else one after another on the first. */
    for (int i = 0; i < 3; i++) {
        memset(&parts[i], 0, sizeof parts[i]);
        parts[i].m = conns[nconns >= 3 ? i : 0];
        parts[i].r = r;
        parts[i].year = year;
        parts[i].narrow = narrow;
        parts[i].today = today;
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
    for (int i = 0; i < r->ntiers; i++) {
        struct report_tier *t = &r->tiers[i];
        finish_counts(&t->scope, t->kind, r->months_covered);
        for (int ci = 0; ci < CITY_COUNT; ci++)
            finish_counts(&t->cities[ci], t->kind, r->months_covered);
    }
    return 0;
}

int report_fill(struct db_conn *m, int year, const char *city, const struct tier_date *today,
                int64_t now_utc, struct report *r, unsigned int *errnum, char *err,
                size_t errsz)
{
    return report_fill_many(&m, 1, year, city, today, now_utc, r, errnum, err, errsz);
}
