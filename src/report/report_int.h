/*
 * report_int.h — private to src/report: the labels and number formats the
 * three renderers share, so that a figure reads the same in XML, CSV and HTML,
 * and the SVG chart the HTML page embeds.
 */
#ifndef TIER_REPORT_INT_H
#define TIER_REPORT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "tier/buf.h"
#include "tier/city.h"
#include "tier/report.h"

/* Room for a count with thousands separators: "18,446,744,073,709,551,615". */
#define REPORT_COUNT_LEN 32

/* Room for "2026-11-26T18:20:05+08:00". */
#define REPORT_TIME_LEN 32

/* A term of the report with its Chinese and English wording. */
struct report_text {
    const char *zh;
    const char *en;
};

/* The definitions every rendering states, in order: the code used for the
 * term in XML, and the sentence in both languages. */
struct report_definition {
    const char *term;
    struct report_text text;
};
extern const struct report_definition report_definitions[];
extern const int report_definitions_count;

/* Short labels: "新增"/"new", "存量"/"stock"; "以上"/"at least" ... */
const struct report_text *report_kind_text(enum report_kind k);
const struct report_text *report_wording_text(enum report_wording w);

/* The pipeline's six columns, in display order (the order of struct
 * report_pipeline): its code ("received"), labels, and the value. */
#define REPORT_PIPELINE_COLUMNS 6
const char *report_pipeline_code(int i);
const struct report_text *report_pipeline_text(int i);
uint32_t report_pipeline_value(const struct report_pipeline *p, int i);
uint64_t report_pipeline_total(const struct report_pipeline *p);

/* The percent of a scope's target: 1 with *bp and `out` ("99.90") set; 0 when
 * there is no target or it is 0 (then `out` is ""). */
int report_counts_percent(const struct report_counts *c, uint64_t *bp,
                          char out[REPORT_PERCENT_LEN]);

/* 1234567 -> "1,234,567". Can't fail. */
void report_format_count(uint64_t n, char out[REPORT_COUNT_LEN]);

/* Seconds since the epoch as UTC+8 ISO 8601: "2026-11-26T18:20:05+08:00";
 * with iso 0, "2026-11-26 18:20" for people. Can't fail. */
void report_format_time(int64_t t, int iso, char out[REPORT_TIME_LEN]);

/* The length (1..4) of the well-formed UTF-8 sequence at s if its code
 * point is one XML 1.0 allows (tab, LF, CR, U+0020 up, no surrogates, no
 * U+FFFE/U+FFFF); 0 otherwise, including at the NUL. */
int report_char_len(const char *s);

/* Append text escaped for XML and HTML (character data and attribute values
 * alike): & < > " ' as entities, tab/LF/CR as character references (so that
 * attribute values keep them); bytes that are not well-formed UTF-8 and
 * control characters XML 1.0 forbids become U+FFFD. 0, or -1 when out is full
 * (partial output left: the caller rolls back). */
int report_add_text(struct buf *out, const char *s);

/* Cut `b` back to `len` bytes (len <= b->len): how a renderer undoes a
 * partial rendering. */
void report_buf_truncate(struct buf *b, size_t len);

/* Room for the period: "1月–11月（截至 2026-12-04）" or "January to November (as of
 * 2026-12-04)". */
#define REPORT_PERIOD_LEN 80

/* 1 when the report covers the whole of a year that is over, else 0. */
int report_year_complete(const struct report *r);

/* The period the figures cover, as every rendering words it (issue 20):
 * "全年"/"full year" once the year is over, else the complete months and the
 * as-of date: on 4 December "1月–11月（截至 2026-12-04）" / "January to November
 * (as of 2026-12-04)"; before 31 January "截至 2026-01-20". Can't fail. */
void report_period(const struct report *r, char zh[REPORT_PERIOD_LEN],
                   char en[REPORT_PERIOD_LEN]);

/* The city a report is narrowed to, or NULL for the whole province. */
const struct city *report_city(const struct report *r);

/* A writer with a sticky error, for the long HTML page: after the first
 * failed append every later one is skipped and `failed` stays 1, so the code
 * reads as the page it writes and checks once at the end. */
struct report_out {
    struct buf *b;
    int failed;
};
void report_put(struct report_out *o, const char *s);
void report_putf(struct report_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void report_put_text(struct report_out *o, const char *s);  /* report_add_text */
void report_put_count(struct report_out *o, uint64_t n);    /* "1,234" */

/* Write an inline SVG chart of one tier's month-by-month counts against its
 * target (report_chart.c). Errors stick in `o`. */
void report_chart_svg(struct report_out *o, const struct report *r, const struct report_tier *t);

/* 1 when some covered month's bar is above zero but too short to see at the
 * chart's scale, so that it is drawn at the least visible height (25 against
 * a target of 40,000); the page then says so under the chart. */
int report_chart_bars_tiny(const struct report *r, const struct report_tier *t);

#endif
