/*
 * report.h — the yearly report against the plan's targets (issue 6,
 * domain.md §12a), and its three renderings: XML, CSV and HTML.
 *
 * struct report is plain data: the database layer fills it (one row per
 * tier, and for each tier the same counts for each of Shandong's 16 cities),
 * the renderers here turn it into bytes. Nothing in this module touches a
 * database, a socket or a file, and nothing uses floating point: a percent of
 * target is an integer count of basis points (1/100 of a percent).
 *
 * What is counted (stated in every rendering too):
 *   kind new    certificates issued in the year (1 January to 31 December,
 *               UTC+8); month m counts those issued from 1 January to the end
 *               of month m; of those, the ones revoked since are counted
 *               apart, and the figure against the target is the net
 *               (issued − revoked since);
 *   kind stock  certificates valid on 31 December and not revoked; month m
 *               counts those valid at the end of month m;
 *   pipeline    applications submitted in the year, by their state now;
 *   cities      by the applicant's registered division, 3712xx under 济南.
 * A report of the current year covers months 1..months_covered only; later
 * months are not rendered and `achieved` is the count at the end of the last
 * covered month (at `as_of_day` of it while the year is in progress). Beside
 * each figure stands last year's: the full year, and the same period.
 */
#ifndef TIER_REPORT_H
#define TIER_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "tier/buf.h"
#include "tier/city.h"
#include "tier/lifecycle.h"
#include "tier/tier.h"

#define REPORT_MONTHS 12

/* targets.source is VARCHAR(300) in utf8mb4: 300 characters of up to 4 bytes. */
#define REPORT_SOURCE_MAX 1200

/* Room for a formatted percent: at most "429496729500.00" (UINT32_MAX of 1) and the NUL. */
#define REPORT_PERCENT_LEN 24

/* The XML namespace of a rendered report, and its schema under xsd/. */
#define REPORT_XML_NS "urn:tierd:report:1"
#define REPORT_XSD "report.xsd"

/* What a target counts (stable codes in brackets, as in targets.kind). */
enum report_kind {
    REPORT_KIND_NONE = -1,
    REPORT_KIND_NEW = 0, /* [new]   新增: certificates issued in the year */
    REPORT_KIND_STOCK,   /* [stock] 存量: certificates valid on 31 December, not revoked */
    REPORT_KIND_COUNT
};

/* How the plan words a target (targets.wording). */
enum report_wording {
    REPORT_WORDING_NONE = -1,
    REPORT_WORDING_FLOOR = 0, /* [floor] 以上: at least */
    REPORT_WORDING_ABOUT,     /* [about] 左右: approximately */
    REPORT_WORDING_REACH,     /* [reach] 达到/力争: a level to reach */
    REPORT_WORDING_COUNT
};

enum report_format {
    REPORT_FORMAT_NONE = -1,
    REPORT_FORMAT_XML = 0, /* [xml]  the default */
    REPORT_FORMAT_CSV,     /* [csv]  UTF-8 with a BOM, RFC 4180 */
    REPORT_FORMAT_HTML,    /* [html] one self-contained page */
    REPORT_FORMAT_COUNT
};

enum report_status {
    REPORT_OK = 0,
    REPORT_INVALID = -1,   /* the report fails report_check */
    REPORT_TOO_LARGE = -2, /* the output buffer's cap was reached, or out of memory */
};

/* Applications submitted in the year, by their state now; they add up to
 * all the year's applications of the tier in the scope. */
struct report_pipeline {
    uint32_t received;    /* awaiting the city */
    uint32_t ineligible;  /* a rule failed; awaiting the city */
    uint32_t recommended; /* awaiting the province */
    uint32_t returned;
    uint32_t approved;
    uint32_t rejected;
};

/* The figures of one tier in one scope (the province, or one city). */
struct report_counts {
    int has_target;                     /* 0: no target set; percent is not computed */
    uint32_t target;                    /* target count, when has_target */
    uint32_t achieved;                  /* the figure against the target, at the last covered
                                           month's end: new: net (issued − revoked); stock:
                                           valid and not revoked */
    uint32_t revoked;                   /* new: of the certificates issued in the covered
                                           months, those revoked since; 0 for stock */
    uint32_t revoked_by[REVOCATION_COUNT]; /* `revoked` by the category of the revocation
                                              (enum revocation_category); they add up to it */
    int has_updates;                    /* 1: the tier has a yearly data update deadline and
                                           updates_missing is counted */
    uint32_t updates_missing;           /* titles whose yearly update due by the as-of day
                                           is missing (issue 17) */
    uint32_t cumulative[REPORT_MONTHS]; /* [m-1]: at the end of month m: new: issued since
                                           1 January (gross); stock: valid, not revoked */
    int has_last_year;                  /* 0: last year's figures are not known */
    uint32_t last_year;                 /* the same figure for the year before, full year
                                           (new: net of revocations up to now) */
    uint32_t last_year_to_date;         /* the same, from 1 January to the same day of the
                                           year before (equals last_year for a full year) */
    struct report_pipeline pipeline;
};

struct report_tier {
    enum tier_id tier;
    enum report_kind kind;         /* what `achieved` counts */
    enum report_wording wording;   /* how the targets are worded (city targets too) */
    char source[REPORT_SOURCE_MAX + 1]; /* where the target comes from; "" if unknown */
    struct report_counts scope;    /* the whole province, or the report's city */
    struct report_counts cities[CITY_COUNT]; /* city_all() order; unused when narrowed */
};

struct report {
    int year;                 /* 1900..9999 */
    char city_code[7];        /* "" for the whole province, or the city it is narrowed to */
    int64_t generated_at;     /* seconds since 1970-01-01 UTC; shown in UTC+8 */
    int months_covered;       /* 1..12: 12 for a past year */
    int in_progress;          /* 1: the year is not over; the figures are as of as_of_day */
    int as_of_day;            /* day of the last covered month the figures reach; 0: the
                                 month's last day */
    int ntiers;               /* rows used in tiers[], in display order */
    struct report_tier tiers[TIER_COUNT];
};

/* Start an empty report: no tiers, 12 months covered, the year over. `city_code` NULL or ""
 * for the whole province, else one of the 16 cities' codes. Returns 0, or -1
 * for a year outside 1900..9999 or an unknown city (report left empty for the
 * whole province). The struct is large (about 26 KB): allocate it rather than
 * keeping it on a small thread stack. */
int report_init(struct report *r, int year, const char *city_code, int64_t generated_at);

/* Append a tier row with every count zero, no target, wording floor, and the
 * given kind; returns the row to fill, or NULL when the tier or the kind is
 * unknown, the tier is already there, or the table is full (r unchanged). */
struct report_tier *report_add_tier(struct report *r, enum tier_id t, enum report_kind kind);

/* What the 2023 plan counts for a tier when it sets no target of its own:
 * stock for 科技型中小企业 (in the database) and 高新技术企业 (holding a valid
 * certificate), new for the others (domain.md §12a). */
enum report_kind report_default_kind(enum tier_id t);

/* Is the report sound enough to render? The year, city, months and every
 * tier's code, kind and wording must be known and the tiers distinct; in each
 * scope the count at the last covered month must equal `achieved` (for kind
 * new: `achieved` + `revoked`), the monthly counts of kind new may not go
 * down, kind stock has no `revoked`, and as_of_day lies in the last covered
 * month. Returns 0, or -1 with a sentence in err (err may be NULL). Pure. */
int report_check(const struct report *r, char *err, size_t errsz);

/* achieved / target in basis points, rounded DOWN (toward zero): 999/1000 is
 * 9990 (99.90%), 1/3 is 3333 (33.33%), 2/3 is 6666 (66.66%). Rounding down
 * means 100.00% is shown only when the target is met (19999 of 20000 is
 * 99.99%, not 100.00%). Exact in 64 bits for any uint32_t inputs. Returns 0
 * with *bp set, or -1 when target is 0 (no percent; *bp untouched). */
int report_percent_bp(uint32_t achieved, uint32_t target, uint64_t *bp);

/* The day the figures reach, as "2026-12-04": the last covered month's
 * as_of_day, or its last day. Can't fail. */
void report_as_of(const struct report *r, char out[11]);

/* Pace of a "new" target (issue 20): the pro-rata share of the target for the
 * part of the year elapsed up to the as-of day (days counted from 1 January,
 * both ends included, of 365 or 366), rounded UP, so that "behind" below and
 * `expected` never disagree. Returns 1 when c->achieved (the net) is behind
 * that share, 0 when it is not, with *expected set; -1 when there is no pace
 * (kind stock, or no target), *expected untouched. Exact integer
 * cross-multiplication. Pure. */
int report_pace(const struct report *r, const struct report_tier *t,
                const struct report_counts *c, uint32_t *expected);

/* Write basis points as a percent with two decimals and no sign: 9990 ->
 * "99.90", 5 -> "0.05". Can't fail. */
void report_percent_format(uint64_t bp, char out[REPORT_PERCENT_LEN]);

/* Render the report, appending to `out`. Returns REPORT_OK;
 * REPORT_INVALID when report_check fails (nothing appended); or
 * REPORT_TOO_LARGE when out's cap was reached or memory ran out (out back at
 * its length before the call). Borrows r; thread-safe for distinct outputs.
 *   XML:  namespace REPORT_XML_NS, valid against xsd/report.xsd.
 *   CSV:  UTF-8 BOM, header row, one row per tier for the scope and (for a
 *         province report) one per tier and city; CRLF line ends; RFC 4180
 *         quoting; a text cell starting with = + - @ gets a leading ' so that
 *         spreadsheet programs do not run it as a formula.
 *   HTML: one page, no script, no external resource, inline CSS and SVG. */
int report_render_xml(const struct report *r, struct buf *out);
int report_render_csv(const struct report *r, struct buf *out);
int report_render_html(const struct report *r, struct buf *out);
int report_render(const struct report *r, enum report_format f, struct buf *out);

/* Stable codes ("new", "floor", "xml"), or NULL out of range; and back
 * (*_NONE for NULL or an unknown code). */
const char *report_kind_name(enum report_kind k);
enum report_kind report_kind_parse(const char *s);
const char *report_wording_name(enum report_wording w);
enum report_wording report_wording_parse(const char *s);
const char *report_format_name(enum report_format f);
enum report_format report_format_parse(const char *s);

/* The Content-Type of a format ("text/csv; charset=utf-8; header=present"),
 * or NULL out of range. */
const char *report_format_content_type(enum report_format f);

#endif
