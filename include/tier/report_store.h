/*
 * report_store.h — the yearly report's rows from MariaDB (store module).
 * SQL only: the rows go to callbacks of the caller's, which keeps the report
 * (the registry's report_fill_many fills the report module's model).
 *
 *   pipeline  the year's applications (by submission year, UTC+8) by their
 *             status now;
 *   issued    certificates whose validity starts in the year (the issue date,
 *             UTC+8), with how many of them were revoked since and for what;
 *             a renewal's certificate (the one a superseded certificate names
 *             in superseded_by) continues a title counted when first issued,
 *             and is left out;
 *   stock     certificates valid at the end of each month: not expired
 *             (valid_until on or after that day), not revoked and not
 *             superseded by a renewal by then, so a renewed title counts once;
 *   last year the same for the year before: new tiers issued in it (the whole
 *             year and up to the same day), each with those revoked up to now;
 *             stock tiers valid and not revoked on its 31 December and on the
 *             same day.
 */
#ifndef TIER_REPORT_STORE_H
#define TIER_REPORT_STORE_H

#include "tier/date.h"

#include <stddef.h>
#include <stdint.h>

struct db_conn;

#define REPORT_ROWS_MONTHS 12
#define REPORT_ROWS_CATEGORIES 6 /* REVOCATION_COUNT of lifecycle.h */

/* Where the rows go. Strings are valid during the call only. pipeline,
 * issued and stock may be called from three threads at once (one each):
 * they must write disjoint state. */
struct report_rows {
    void *ctx;
    /* one row of `targets` of the year */
    void (*target)(void *ctx, const char *tier, const char *city, int64_t count,
                   const char *kind, const char *wording, const char *source);
    /* applications of the year in one state, by tier and city */
    void (*pipeline)(void *ctx, const char *tier, const char *city, const char *status,
                     int64_t n);
    /* certificates valid from within month `month` (1-12) of the year, and how
     * many of them were revoked since, in all and by category (revoked_by[i]
     * for enum revocation_category i, REPORT_ROWS_CATEGORIES of them) */
    /* A renewal's certificate is taken off (issue 17): it comes as a second
     * call with the counts negated, after the call that counted it, so the
     * sums never go below zero (last_year's the same). */
    void (*issued)(void *ctx, const char *tier, const char *city, int month, int64_t n,
                   int64_t revoked, const int64_t *revoked_by);
    /* certificates of a stock tier valid at each month's end (n[0..11]) */
    void (*stock)(void *ctx, const char *tier, const char *city, const int64_t *n);
    /* last year's figures of a tier counted as new (stock = 0) or as stock
     * (stock = 1): the whole year and up to the same day, each with how many
     * to take off (revoked since; 0 for stock). Called from the issued and
     * the stock thread respectively. */
    void (*last_year)(void *ctx, int stock, const char *tier, const char *city, int64_t full,
                      int64_t full_revoked, int64_t to_date, int64_t to_date_revoked);
};

/* The year's targets, row by row. 0, or -1 with *errnum and err. */
int report_query_targets(struct db_conn *m, int year, const struct report_rows *rows,
                         unsigned int *errnum, char *err, size_t errsz);

/* What the counts are asked for. */
struct report_query {
    int year;
    const char *city;                /* "370100", or NULL for the province */
    struct tier_date today;          /* UTC+8: the month in progress ends today */
    const char *const *stock_tiers;  /* codes of the tiers counted as stock */
    size_t nstock;
    int last_year;                   /* 1: the year before's figures too */
    struct tier_date same_day;       /* the report's as-of day a year earlier */
    const struct report_rows *rows;
};

/* The three grouped counts: at once with three connections, else one after
 * another on conns[0]. 0, or -1 with *errnum and err. */
int report_query_counts(struct db_conn **conns, int nconns, const struct report_query *q,
                        unsigned int *errnum, char *err, size_t errsz);

#endif
