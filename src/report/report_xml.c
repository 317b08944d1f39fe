/*
 * report_xml.c — the yearly report as XML in urn:tierd:report:1, valid
 * against xsd/report.xsd (see include/tier/report.h).
 *
 * Written straight into the caller's buffer, in document order, with every
 * text going through report_add_text; numbers are integers printed in
 * decimal, the percent as basis points and as "99.90". A scope without a
 * target has neither <target> nor <percent>. Any failed append (the buffer's
 * cap) rolls the buffer back to where it was, so a caller never sends half a
 * document. Pure and thread-safe for distinct buffers.
 */
#include "tier/report.h"

#include <inttypes.h>

#include "report_int.h"

/* The figures group of the schema: target?, issued?, revoked?, achieved,
 * percent?, pace?, lastYear?, monthly, pipeline. issued and revoked are
 * there for kind new only; pace for kind new with a target. */
static int add_figures(struct buf *b, const struct report *r, const struct report_tier *t,
                       const struct report_counts *c, int with_source)
{
    char pct[REPORT_PERCENT_LEN];
    uint64_t bp = 0;
    uint32_t expected = 0;
    int m, i, behind;

    if (c->has_target) {
        if (buf_printf(b, "<target wording=\"%s\"", report_wording_name(t->wording)) != 0)
            return -1;
        if (with_source && t->source[0] != '\0' &&
            (buf_adds(b, " source=\"") != 0 || report_add_text(b, t->source) != 0 ||
             buf_adds(b, "\"") != 0))
            return -1;
        if (buf_printf(b, ">%" PRIu32 "</target>", c->target) != 0)
            return -1;
    }
    if (t->kind == REPORT_KIND_NEW) {
        /* of which revoked, and for what (the codes of lifecycle.h) */
        if (buf_printf(b, "<issued>%" PRIu32 "</issued><revoked",
                       c->cumulative[r->months_covered - 1]) != 0)
            return -1;
        for (i = 0; i < REVOCATION_COUNT; i++) {
            if (c->revoked_by[i] != 0 &&
                buf_printf(b, " %s=\"%" PRIu32 "\"",
                           revocation_category_name((enum revocation_category)i),
                           c->revoked_by[i]) != 0)
                return -1;
        }
        if (buf_printf(b, ">%" PRIu32 "</revoked>", c->revoked) != 0)
            return -1;
    }
    if (buf_printf(b, "<achieved>%" PRIu32 "</achieved>", c->achieved) != 0)
        return -1;
    if (report_counts_percent(c, &bp, pct) &&
        buf_printf(b, "<percent basisPoints=\"%" PRIu64 "\">%s</percent>", bp, pct) != 0)
        return -1;
    behind = report_pace(r, t, c, &expected);
    if (behind >= 0 && buf_printf(b, "<pace expected=\"%" PRIu32 "\" behind=\"%s\"/>", expected,
                                  behind ? "true" : "false") != 0)
        return -1;
    if (c->has_last_year &&
        buf_printf(b, "<lastYear fullYear=\"%" PRIu32 "\" samePeriod=\"%" PRIu32 "\"/>",
                   c->last_year, c->last_year_to_date) != 0)
        return -1;
    if (buf_adds(b, "<monthly>") != 0)
        return -1;
    for (m = 0; m < r->months_covered; m++) {
        if (buf_printf(b, "<month number=\"%d\">%" PRIu32 "</month>", m + 1,
                       c->cumulative[m]) != 0)
            return -1;
    }
    if (buf_adds(b, "</monthly><pipeline") != 0)
        return -1;
    for (i = 0; i < REPORT_PIPELINE_COLUMNS; i++) {
        if (buf_printf(b, " %s=\"%" PRIu32 "\"", report_pipeline_code(i),
                       report_pipeline_value(&c->pipeline, i)) != 0)
            return -1;
    }
    if (buf_printf(b, " total=\"%" PRIu64 "\"/>", report_pipeline_total(&c->pipeline)) != 0)
        return -1;
    if (c->has_updates &&
        buf_printf(b, "<updatesMissing>%" PRIu32 "</updatesMissing>", c->updates_missing) != 0)
        return -1;
    return 0;
}

/* name="..." attributes, escaped. */
static int add_names(struct buf *b, const char *zh, const char *en)
{
    if (buf_adds(b, " nameZh=\"") != 0 || report_add_text(b, zh) != 0 ||
        buf_adds(b, "\" nameEn=\"") != 0 || report_add_text(b, en) != 0 || buf_adds(b, "\"") != 0)
        return -1;
    return 0;
}

static int add_report(struct buf *b, const struct report *r)
{
    const struct city *scope = report_city(r);
    const struct city *cities = city_all();
    char when[REPORT_TIME_LEN], as_of[11], zh[REPORT_PERIOD_LEN], en[REPORT_PERIOD_LEN];
    int i, j;

    report_format_time(r->generated_at, 1, when);
    report_as_of(r, as_of);
    report_period(r, zh, en);
    if (buf_printf(b,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<report xmlns=\"%s\" year=\"%d\" scope=\"%s\"",
                   REPORT_XML_NS, r->year, scope != NULL ? "city" : "province") != 0)
        return -1;
    if (scope != NULL && buf_printf(b, " city=\"%s\"", scope->code) != 0)
        return -1;
    if (buf_printf(b,
                   " generatedAt=\"%s\" monthsCovered=\"%d\" asOf=\"%s\" yearComplete=\"%s\">\n"
                   "<period><zh>%s</zh><en>%s</en></period>\n<definitions>\n",
                   when, r->months_covered, as_of, report_year_complete(r) ? "true" : "false", zh,
                   en) != 0)
        return -1;
    for (i = 0; i < report_definitions_count; i++) {
        const struct report_definition *d = &report_definitions[i];

        if (buf_printf(b, "<definition term=\"%s\"><zh>", d->term) != 0 ||
            report_add_text(b, d->text.zh) != 0 || buf_adds(b, "</zh><en>") != 0 ||
            report_add_text(b, d->text.en) != 0 || buf_adds(b, "</en></definition>\n") != 0)
            return -1;
    }
    if (buf_adds(b, "</definitions>\n") != 0)
        return -1;

    for (i = 0; i < r->ntiers; i++) {
        const struct report_tier *t = &r->tiers[i];
        const struct tier_info *ti = tier_get(t->tier);

        if (buf_printf(b, "<tier code=\"%s\"", ti->code) != 0 ||
            add_names(b, ti->name_zh, ti->name_en) != 0 ||
            buf_printf(b, " kind=\"%s\">\n", report_kind_name(t->kind)) != 0 ||
            add_figures(b, r, t, &t->scope, 1) != 0 || buf_adds(b, "\n") != 0)
            return -1;
        for (j = 0; scope == NULL && j < CITY_COUNT; j++) {
            if (buf_printf(b, "<city code=\"%s\"", cities[j].code) != 0 ||
                add_names(b, cities[j].name_zh, cities[j].name_en) != 0 ||
                buf_adds(b, ">") != 0 || add_figures(b, r, t, &t->cities[j], 0) != 0 ||
                buf_adds(b, "</city>\n") != 0)
                return -1;
        }
        if (buf_adds(b, "</tier>\n") != 0)
            return -1;
    }
    return buf_adds(b, "</report>\n");
}

int report_render_xml(const struct report *r, struct buf *out)
{
    size_t start = out->len;

    if (report_check(r, NULL, 0) != 0)
        return REPORT_INVALID;
    if (add_report(out, r) != 0) {
        report_buf_truncate(out, start);
        return REPORT_TOO_LARGE;
    }
    return REPORT_OK;
}
