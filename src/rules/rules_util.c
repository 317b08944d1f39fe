/*
 * rules_util.c — measuring helpers shared by the tier evaluators: financial
 * years, display strings, date windows, IP and equity counting, exact growth
 * tests, score bands and the prerequisite lookup (src/rules/rules_int.h).
 *
 * Every comparison that decides a verdict is exact integer arithmetic in
 * 128 bits (fen values are at most 10^17, so products of two amounts and a
 * small factor stay below 2^127). Values in basis points are computed only
 * for the display strings. No state, no allocation; thread-safe.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "rules_int.h"

const struct app_year *rules_year(const struct rctx *c, int i)
{
    if (i < 0 || i >= c->app->year_count || i >= APP_MAX_YEARS)
        return NULL;
    return &c->app->years[i];
}

struct tier_date rules_year_end(const struct rctx *c)
{
    struct tier_date d = { 0, 0, 0 };
    const struct app_year *y = rules_year(c, 0);

    if (y != NULL) {
        d.y = y->year;
        d.m = 12;
        d.d = 31;
    }
    return d;
}

void fmt_money(int64_t fen, char *out, size_t n)
{
    char tmp[40];

    if (fen == APP_FEN_NONE) {
        rules_snprintf(out, n, "not given");
        return;
    }
    if (money_format_yuan(fen, tmp, sizeof tmp) < 0)
        tmp[0] = '\0';
    rules_snprintf(out, n, "%s元", tmp);
}

void fmt_amount(int64_t fen, char *out, size_t n)
{
    if (fen != 0 && fen % FEN_YI == 0)
        rules_snprintf(out, n, "%lld亿", (long long)(fen / FEN_YI));
    else if (fen != 0 && fen % FEN_WAN == 0)
        rules_snprintf(out, n, "%lld万", (long long)(fen / FEN_WAN));
    else
        fmt_money(fen, out, n);
}

void fmt_ratio(int64_t num, int64_t den, char *out, size_t n)
{
    if (den <= 0 || num == APP_FEN_NONE) {
        rules_snprintf(out, n, "n/a");
        return;
    }
    if (bp_format(ratio_bp(num, den), out, n) < 0 && n > 0)
        out[0] = '\0';
}

void fmt_bp(int64_t bp, char *out, size_t n)
{
    if (bp_format(bp, out, n) < 0 && n > 0)
        out[0] = '\0';
}

void fmt_date(const struct tier_date *d, char *out, size_t n)
{
    char tmp[11];

    if (d == NULL || !APP_DATE_GIVEN(*d)) {
        rules_snprintf(out, n, "not given");
        return;
    }
    date_format(d, tmp);
    rules_snprintf(out, n, "%s", tmp);
}

void fmt_points(int cp, char *out, size_t n)
{
    if (cp % 100 == 0)
        rules_snprintf(out, n, "%d", cp / 100);
    else if (cp % 10 == 0)
        rules_snprintf(out, n, "%d.%d", cp / 100, (cp % 100) / 10);
    else
        rules_snprintf(out, n, "%d.%02d", cp / 100, cp % 100);
}

void xpath_year(char *out, size_t n, int year, const char *elem)
{
    rules_snprintf(out, n, "/application/financials/year[@value=%d]/%s", year, elem);
}

int rules_full_years(const struct tier_date *from, const struct tier_date *to)
{
    return date_full_years(from, to);
}

int rules_within_years(const struct tier_date *d, const struct tier_date *ref, int years)
{
    struct tier_date start = date_add_years(ref, -years);

    if (!APP_DATE_GIVEN(*d))
        return 0;
    return date_cmp(d, &start) >= 0 && date_cmp(d, ref) <= 0;
}

int rules_year_within(int year, const struct tier_date *ref, int years)
{
    return year >= ref->y - years && year <= ref->y;
}

int rules_held(const struct rctx *c, enum tier_id t)
{
    const struct rules_options *o = c->opt;

    if (o->registry != NULL && o->registry->holds != NULL) {
        int r = o->registry->holds(o->registry->ctx, c->app->enterprise.uscc, t, &c->on);
        return r == 1 ? 1 : r == 0 ? 0 : -1;
    }
    if (t >= 0 && t < TIER_COUNT && (o->holds & TIER_BIT(t)) != 0)
        return 1;
    /* --holds-complete: the list is every title the firm holds */
    return o->holds_complete ? 0 : -1;
}

const struct app_hold *rules_declared_hold(const struct rctx *c, enum tier_id t)
{
    for (int i = 0; i < c->app->hold_count && i < APP_MAX_HOLDS; i++) {
        const struct app_hold *h = &c->app->holds[i];

        if (h->tier != t)
            continue;
        if (APP_DATE_GIVEN(h->issued) && date_cmp(&h->issued, &c->on) > 0)
            continue;
        if (APP_DATE_GIVEN(h->valid_until) && date_cmp(&h->valid_until, &c->on) < 0)
            continue;
        return h;
    }
    return NULL;
}

int rules_ip_count(const struct rctx *c, const struct tier_date *ref, const struct ip_filter *f)
{
    int n = 0;

    for (int i = 0; i < c->app->ip_count && i < APP_MAX_IP; i++) {
        const struct app_ip *ip = &c->app->ip[i];
        int acquired = ip->acquisition != APP_ACQ_OWN && ip->acquisition != APP_ACQ_NONE;

        if (f->cls != APP_IP_CLASS_NONE && ip->cls != f->cls)
            continue;
        /* valid on the reference date: granted, not yet expired */
        if (!APP_DATE_GIVEN(ip->granted) || date_cmp(&ip->granted, ref) > 0)
            continue;
        if (APP_DATE_GIVEN(ip->expires) && date_cmp(&ip->expires, ref) < 0)
            continue;
        if ((f->no_transfer_in || f->own_only) && acquired)
            continue;
        if (f->transfer_grace_years > 0 && acquired) {
            /* "transferred in less than 1 year earlier does not count": it counts
             * from the anniversary of the transfer; an undated transfer does not
             * count, since the rule cannot be shown to be met. */
            struct tier_date ok;

            if (!APP_DATE_GIVEN(ip->transferred))
                continue;
            ok = date_add_years(&ip->transferred, f->transfer_grace_years);
            if (date_cmp(ref, &ok) < 0)
                continue;
        }
        /* Without a stated place the firm is taken to be the first (sole) holder. */
        if (f->max_holder_rank > 0 && ip->holder_rank != APP_INT_NONE && ip->holder_rank > 0 &&
            ip->holder_rank > f->max_holder_rank)
            continue;
        if (f->main_product && ip->main_product == APP_NO)
            continue;
        if (f->in_use && ip->in_use == APP_NO)
            continue;
        if (f->high_value && ip->high_value != APP_YES)
            continue;
        n++;
    }
    return n;
}

int64_t rules_equity_sum(const struct rctx *c, const struct tier_date *ref, int years,
                         int qualified_only, int exclude_controller)
{
    int64_t sum = 0;

    for (int i = 0; i < c->app->round_count && i < APP_MAX_ROUNDS; i++) {
        const struct app_round *r = &c->app->rounds[i];

        if (r->amount_fen == APP_FEN_NONE || r->amount_fen <= 0)
            continue;
        if (!rules_within_years(&r->date, ref, years))
            continue;
        if (qualified_only && r->qualified != APP_YES)
            continue;
        if (exclude_controller && r->from_controller == APP_YES)
            continue;
        if (sum > INT64_MAX - r->amount_fen)
            return INT64_MAX;
        sum += r->amount_fen;
    }
    return sum;
}

int growth_yoy_ge(int64_t prev, int64_t cur, int pct)
{
    if (prev <= 0 || prev == APP_FEN_NONE || cur == APP_FEN_NONE)
        return 0;
    return (__int128)cur * 100 >= (__int128)prev * (100 + pct);
}

int growth_avg2_ge(int64_t y0, int64_t y1, int64_t y2, int pct)
{
    /* (y1/y0 - 1 + y2/y1 - 1) / 2 >= pct/100
     * <=> 100 * (y1*y1 + y2*y0) >= (200 + 2*pct) * y0 * y1   (y0, y1 > 0) */
    if (y0 <= 0 || y1 <= 0 || y2 == APP_FEN_NONE)
        return 0;
    return (__int128)100 * ((__int128)y1 * y1 + (__int128)y2 * y0) >=
           (__int128)(200 + 2 * pct) * y0 * y1;
}

int growth_cagr2_ge(int64_t y0, int64_t y2, int pct)
{
    /* (y2/y0)^(1/2) >= 1 + pct/100  <=>  y2 * 100^2 >= y0 * (100 + pct)^2 */
    if (y0 <= 0 || y2 == APP_FEN_NONE)
        return 0;
    return (__int128)y2 * 10000 >= (__int128)y0 * (100 + pct) * (100 + pct);
}

int64_t growth_yoy_bp(int64_t prev, int64_t cur)
{
    if (prev <= 0 || cur == APP_FEN_NONE)
        return 0;
    return ratio_bp(cur - prev, prev);
}

int64_t growth_avg2_bp(int64_t y0, int64_t y1, int64_t y2)
{
    if (y0 <= 0 || y1 <= 0)
        return 0;
    return (growth_yoy_bp(y0, y1) + growth_yoy_bp(y1, y2)) / 2;
}

int64_t growth_cagr2_bp(int64_t y0, int64_t y2)
{
    /* the largest g (bp) with y0 * (10000 + g)^2 <= y2 * 10^8, by bisection */
    int64_t lo = -10000, hi = 100000000;

    if (y0 <= 0 || y2 < 0 || y2 == APP_FEN_NONE)
        return 0;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo + 1) / 2;
        __int128 f = (__int128)(10000 + mid) * (10000 + mid);

        if (f * y0 <= (__int128)y2 * 100000000)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

int band_ratio(const struct band_table *t, int64_t num, int64_t den)
{
    if (den <= 0 || num == APP_FEN_NONE)
        return 0;
    for (int i = 0; i < t->n; i++) {
        int met;

        switch (t->mode) {
        case BAND_LE:
            met = ratio_le(num, den, t->b[i].edge, 10000);
            break;
        case BAND_LT:
            met = !ratio_ge(num, den, t->b[i].edge, 10000);
            break;
        case BAND_GE:
        default:
            met = ratio_ge(num, den, t->b[i].edge, 10000);
            break;
        }
        if (met)
            return t->b[i].pts;
    }
    return 0;
}

int band_int(const struct band_table *t, int v)
{
    for (int i = 0; i < t->n; i++) {
        int e = t->b[i].edge;
        int met = t->mode == BAND_LE ? v <= e : t->mode == BAND_LT ? v < e : v >= e;

        if (met)
            return t->b[i].pts;
    }
    return 0;
}

enum verdict score_verdict(int lo, int hi, int min)
{
    if (lo >= min)
        return VERDICT_PASS;
    if (hi < min)
        return VERDICT_FAIL;
    return VERDICT_NEEDS_REVIEW;
}

enum verdict verdict_best(enum verdict a, enum verdict b)
{
    return a < b ? a : b;
}
