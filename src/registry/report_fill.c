/*
 * report_fill.c — the yearly report's model filled from the store's rows
 * (see report_fill_many in registry.h).
 *
 * Targets come first: they decide which tiers are counted as new (issued in
 * the year) and which as stock (valid at each month's end). Then the store
 * runs the three grouped counts, up to three at once, each calling back
 * into a disjoint part of the report (the pipeline; the monthly counts of
 * new tiers, then their last-year figures; those of stock tiers, then
 * theirs), so no lock is needed. Finally the new tiers' monthly counts are
 * made cumulative, net of the certificates revoked since.
 */
#include "registry_int.h"

#include "tier/city.h"
#include "tier/db.h"
#include "tier/lifecycle.h"
#include "tier/report_store.h"
#include "tier/updates_store.h"
#include "tier/tier.h"

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

static void on_target(void *ctx, const char *tier, const char *city, int64_t count,
                      const char *kind, const char *wording, const char *source)
{
    struct report *r = ctx;
    struct report_tier *t = row_of(r, tier);
    int ci = city_index(city);

    if (t == NULL)
        return;
    if (city[0] == '\0' || strcmp(city, r->city_code) == 0) {
        /* the province's own target sets how the tier is counted */
        if (city[0] == '\0') {
            enum report_kind k = report_kind_parse(kind);
            enum report_wording w = report_wording_parse(wording);
            if (k != REPORT_KIND_NONE)
                t->kind = k;
            if (w != REPORT_WORDING_NONE)
                t->wording = w;
            snprintf(t->source, sizeof t->source, "%s", source);
        }
        if ((city[0] == '\0') == (r->city_code[0] == '\0')) {
            t->scope.has_target = 1;
            t->scope.target = (uint32_t)count;
        }
    }
    if (r->city_code[0] == '\0' && ci >= 0) {
        t->cities[ci].has_target = 1;
        t->cities[ci].target = (uint32_t)count;
    }
}

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

static void on_pipeline(void *ctx, const char *tier, const char *city, const char *status,
                        int64_t n)
{
    struct report *r = ctx;
    struct report_tier *t = row_of(r, tier);
    struct report_counts *s, *c;

    if (t == NULL)
        return;
    targets_of(r, t, city, &s, &c);
    pipe_add(&s->pipeline, status, (uint32_t)n);
    if (c != NULL)
        pipe_add(&c->pipeline, status, (uint32_t)n);
}

static void revoked_add(struct report_counts *c, int64_t revoked, const int64_t *by)
{
    c->revoked += (uint32_t)revoked;
    for (int i = 0; i < REPORT_ROWS_CATEGORIES; i++)
        c->revoked_by[i] += (uint32_t)by[i];
}

static void on_issued(void *ctx, const char *tier, const char *city, int month, int64_t n,
                      int64_t revoked, const int64_t *by)
{
    struct report *r = ctx;
    struct report_tier *t = row_of(r, tier);
    struct report_counts *s, *c;

    if (t == NULL || t->kind != REPORT_KIND_NEW)
        return;
    targets_of(r, t, city, &s, &c);
    /* per month for now; made cumulative afterwards. A renewal comes back
     * negated after it was counted: unsigned arithmetic wraps, so the sum
     * comes out right */
    s->cumulative[month - 1] += (uint32_t)n;
    if (c != NULL)
        c->cumulative[month - 1] += (uint32_t)n;
    if (month <= r->months_covered) {
        revoked_add(s, revoked, by);
        if (c != NULL)
            revoked_add(c, revoked, by);
    }
}

static void on_stock(void *ctx, const char *tier, const char *city, const int64_t *n)
{
    struct report *r = ctx;
    struct report_tier *t = row_of(r, tier);
    struct report_counts *s, *c;

    if (t == NULL || t->kind != REPORT_KIND_STOCK)
        return;
    targets_of(r, t, city, &s, &c);
    for (int m = 0; m < REPORT_MONTHS; m++) {
        s->cumulative[m] += (uint32_t)n[m];
        if (c != NULL)
            c->cumulative[m] += (uint32_t)n[m];
    }
}

static void last_add(struct report_counts *c, int64_t full, int64_t to_date)
{
    c->last_year += (uint32_t)full;
    c->last_year_to_date += (uint32_t)to_date;
}

static void on_last_year(void *ctx, int stock, const char *tier, const char *city, int64_t full,
                         int64_t full_revoked, int64_t to_date, int64_t to_date_revoked)
{
    struct report *r = ctx;
    struct report_tier *t = row_of(r, tier);
    struct report_counts *s, *c;

    if (t == NULL || t->kind != (stock ? REPORT_KIND_STOCK : REPORT_KIND_NEW))
        return;
    targets_of(r, t, city, &s, &c);
    /* "new" counts are net of the certificates revoked up to now */
    last_add(s, full - full_revoked, to_date - to_date_revoked);
    if (c != NULL)
        last_add(c, full - full_revoked, to_date - to_date_revoked);
}

static void finish_counts(struct report_counts *c, enum report_kind kind, int months)
{
    if (kind == REPORT_KIND_NEW) {
        for (int m = 1; m < REPORT_MONTHS; m++)
            c->cumulative[m] += c->cumulative[m - 1];
    }
    /* new: the net; the revoked were counted among the covered months' issues */
    c->achieved = c->cumulative[months - 1] - c->revoked;
}

static void mark_last_year(struct report *r)
{
    for (int i = 0; i < r->ntiers; i++) {
        r->tiers[i].scope.has_last_year = 1;
        for (int ci = 0; ci < CITY_COUNT; ci++)
            r->tiers[i].cities[ci].has_last_year = 1;
    }
}

_Static_assert(REPORT_ROWS_MONTHS == REPORT_MONTHS, "store and report count the same months");
_Static_assert(REPORT_ROWS_CATEGORIES == REVOCATION_COUNT,
               "store and report count the same revocation categories");

int report_fill_many(struct db_conn **conns, int nconns, int year, const char *city,
                     const struct tier_date *today, int64_t now_utc, struct report *r,
                     unsigned int *errnum, char *err, size_t errsz)
{
    const char *narrow = (city != NULL && city[0] != '\0') ? city : NULL;
    const struct report_rows rows = {r, on_target, on_pipeline, on_issued, on_stock,
                                     on_last_year};
    const char *stock[TIER_COUNT];
    struct report_query q;
    size_t nstock = 0;

    *errnum = 0;
    if (report_init(r, year, narrow, now_utc) != 0) {
        snprintf(err, errsz, "year %d or city %s is not one the report can cover", year,
                 narrow ? narrow : "-");
        return -1;
    }
    if (year < today->y) {
        r->months_covered = 12;
    } else if (year == today->y) {
        r->months_covered = today->m;
        r->in_progress = 1;
        r->as_of_day = today->d;
    } else {
        r->months_covered = 1;
        r->in_progress = 1;
        r->as_of_day = 1; /* a year not begun: nothing counted yet */
    }
    for (int t = 0; t < TIER_COUNT; t++)
        report_add_tier(r, (enum tier_id)t, report_default_kind((enum tier_id)t));
    /* targets first: they decide which tiers count new and which stock */
    if (report_query_targets(conns[0], year, &rows, errnum, err, errsz) != 0)
        return -1;
    for (int i = 0; i < r->ntiers && nstock < TIER_COUNT; i++) {
        if (r->tiers[i].kind == REPORT_KIND_STOCK)
            stock[nstock++] = tier_get(r->tiers[i].tier)->code;
    }
    q = (struct report_query){year, narrow, *today, stock, nstock, year - 1 >= 1900,
                              {year - 1, r->months_covered, r->as_of_day}, &rows};
    /* the same day a year earlier (29 February becomes the 28th; a whole
     * year's report compares with 31 December) */
    if (q.same_day.d <= 0 || q.same_day.d > date_month_days(q.same_day.y, q.same_day.m))
        q.same_day.d = date_month_days(q.same_day.y, q.same_day.m);
    if (report_query_counts(conns, nconns, &q, errnum, err, errsz) != 0)
        return -1;
    for (int i = 0; i < r->ntiers; i++) {
        struct report_tier *t = &r->tiers[i];
        finish_counts(&t->scope, t->kind, r->months_covered);
        for (int ci = 0; ci < CITY_COUNT; ci++)
            finish_counts(&t->cities[ci], t->kind, r->months_covered);
    }
    if (q.last_year)
        mark_last_year(r); /* the new and stock parts ran their last-year queries */
    return 0;
}

/* ---- missing yearly updates (issue 17) ---------------------------------------------- */

struct missing_ctx {
    struct report *r;
    struct report_tier *t;
};

static void on_missing(void *ctx, const char *city, int64_t n)
{
    struct missing_ctx *mc = ctx;
    struct report_counts *s, *c;

    targets_of(mc->r, mc->t, city, &s, &c);
    s->updates_missing += (uint32_t)n;
    if (c != NULL)
        c->updates_missing += (uint32_t)n;
}

int report_fill_updates(struct db_conn *m, const struct lifecycle_policy *p,
                        const struct tier_date *today, struct report *r, unsigned int *errnum,
                        char *err, size_t errsz)
{
    struct tier_date as_of = *today;

    *errnum = 0;
    /* the report's as-of day: 31 December of a past year, today otherwise */
    if (r->year < today->y)
        as_of = (struct tier_date){r->year, 12, 31};
    else if (r->year > today->y)
        return 0;
    for (int i = 0; i < r->ntiers; i++) {
        struct report_tier *t = &r->tiers[i];
        struct missing_ctx mc = {r, t};
        struct update_query q;
        struct tier_date dl;
        enum store_result sr;
        char dls[11];
        int y = as_of.y;

        if (!lifecycle_update_deadline(p, t->tier, y, &dl))
            continue;
        /* the latest deadline passed by the as-of day */
        if (date_cmp(&as_of, &dl) <= 0)
            lifecycle_update_deadline(p, t->tier, --y, &dl);
        date_format(&dl, dls);
        memset(&q, 0, sizeof q);
        q.tier = tier_get(t->tier)->code;
        q.due_year = y;
        q.deadline = dls;
        q.city = r->city_code[0] ? r->city_code : NULL;
        t->scope.has_updates = 1;
        for (int ci = 0; ci < CITY_COUNT; ci++)
            t->cities[ci].has_updates = 1;
        sr = update_missing_counts(m, &q, on_missing, &mc, err, errsz);
        if (sr != STORE_OK) {
            *errnum = db_last_errnum(m);
            if (*errnum == 0)
                *errnum = 2013; /* a failure of the statement: say unavailable */
            return -1;
        }
    }
    return 0;
}
