/*
 * render.c — XML bodies of the submissions API.
 *
 * Every text value is escaped by buf_add*_xml; numbers are printed by us. The
 * output validates against the schemas in xsd/ (an integration test checks).
 * A receipt carries the workflow status and the overall verdict side by side;
 * its findings are the criteria, then the judgement items in a group of their
 * own, each with the rule's requirement in Chinese (rules.h rule_message) and
 * the stored sentence in English.
 */
#include "tier/http_render.h"

#include "tier/rules.h"
#include "tier/tier.h"

#include <stdio.h>
#include <string.h>

static const char XML_DECL[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

static int elem(struct buf *b, const char *indent, const char *name, const char *text)
{
    int rc = buf_adds(b, indent);
    rc |= buf_adds(b, "<");
    rc |= buf_adds(b, name);
    rc |= buf_adds(b, ">");
    rc |= buf_adds_xml(b, text);
    rc |= buf_adds(b, "</");
    rc |= buf_adds(b, name);
    rc |= buf_adds(b, ">\n");
    return rc;
}

/* <value zh="未填写">not given</value>: a display value, with its Chinese
 * form when that differs. */
static int value_elem(struct buf *b, const char *name, const char *v)
{
    char zh[FINDING_THRESH_MAX * 2];
    const char *z = finding_value_zh(v, zh, sizeof zh);
    int rc = buf_printf(b, "      <%s", name);

    if (strcmp(z, v) != 0) {
        rc |= buf_adds(b, " zh=\"");
        rc |= buf_adds_xml(b, z);
        rc |= buf_adds(b, "\"");
    }
    rc |= buf_adds(b, ">");
    rc |= buf_adds_xml(b, v);
    rc |= buf_printf(b, "</%s>\n", name);
    return rc;
}

/* One <finding>: rule, verdict, route; value, threshold, clause, xpath; the
 * rule's requirement in Chinese and the stored sentence in English. */
static int render_finding(struct buf *b, const struct store_finding *f)
{
    const char *zh = rule_message(f->rule_id, LANG_ZH);
    int rc = 0;

    rc |= buf_adds(b, "    <finding rule=\"");
    rc |= buf_adds_xml(b, f->rule_id);
    rc |= buf_adds(b, "\" verdict=\"");
    rc |= buf_adds_xml(b, f->verdict);
    rc |= buf_printf(b, "\"%s>\n", f->detail ? " route=\"true\"" : "");
    if (f->value[0])
        rc |= value_elem(b, "value", f->value);
    if (f->threshold[0])
        rc |= value_elem(b, "threshold", f->threshold);
    if (f->clause[0])
        rc |= elem(b, "      ", "clause", f->clause);
    if (f->xpath[0])
        rc |= elem(b, "      ", "xpath", f->xpath);
    if (zh != NULL) {
        /* the rule's requirement, and why it needs review when it does */
        rc |= buf_adds(b, "      <message lang=\"zh\">");
        rc |= buf_adds_xml(b, zh);
        if (f->reason_zh != NULL && f->reason_zh[0] != '\0') {
            rc |= buf_adds(b, "；");
            rc |= buf_adds_xml(b, f->reason_zh);
        }
        rc |= buf_adds(b, "</message>\n");
    }
    rc |= buf_adds(b, "      <message lang=\"en\">");
    rc |= buf_adds_xml(b, f->message);
    rc |= buf_adds(b, "</message>\n    </finding>\n");
    return rc;
}

/* The Chinese word of an overall verdict as stored ("" when unknown). */
static const char *overall_zh(const char *overall)
{
    static const enum eligibility all[] = { ELIG_ELIGIBLE, ELIG_NEEDS_REVIEW, ELIG_INELIGIBLE,
                                            ELIG_INVALID };

    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (strcmp(overall, eligibility_name(all[i])) == 0)
            return eligibility_label(all[i], LANG_ZH);
    }
    return "";
}

int render_receipt(const struct receipt *r, struct buf *b)
{
    const struct tier_info *ti = tier_by_code(r->tier);
    int njudgement = 0;
    int rc = 0;

    /* about 400 bytes a finding: room for all of them at once */
    (void)buf_grow(b, 1024 + (size_t)r->nfindings * 512 + (size_t)r->nevents * 256);
    rc |= buf_adds(b, XML_DECL);
    rc |= buf_printf(b, "<receipt xmlns=\"urn:tierd:receipt:1\" id=\"%llu\" "
                        "href=\"/v1/submissions/%llu\">\n",
                     (unsigned long long)r->id, (unsigned long long)r->id);
    rc |= buf_adds(b, "  <tier code=\"");
    rc |= buf_adds_xml(b, r->tier);
    rc |= buf_adds(b, "\">");
    rc |= buf_adds_xml(b, ti ? ti->name_zh : r->tier);
    rc |= buf_adds(b, "</tier>\n");
    rc |= buf_printf(b, "  <ruleSet>%d</ruleSet>\n", r->rule_set);
    rc |= elem(b, "  ", "status", r->status);
    /* the overall verdict, with its Chinese word; the status is the workflow's */
    rc |= buf_adds(b, "  <overall label=\"");
    rc |= buf_adds_xml(b, overall_zh(r->overall));
    rc |= buf_adds(b, "\">");
    rc |= buf_adds_xml(b, r->overall);
    rc |= buf_adds(b, "</overall>\n");
    rc |= buf_adds(b, "  <enterprise uscc=\"");
    rc |= buf_adds_xml(b, r->uscc);
    rc |= buf_adds(b, "\"");
    if (r->city[0]) {
        rc |= buf_adds(b, " city=\"");
        rc |= buf_adds_xml(b, r->city);
        rc |= buf_adds(b, "\"");
    }
    rc |= buf_adds(b, ">");
    rc |= buf_adds_xml(b, r->name);
    rc |= buf_adds(b, "</enterprise>\n");
    rc |= elem(b, "  ", "submittedAt", r->submitted_at);
    rc |= buf_printf(b, "  <document href=\"/v1/submissions/%llu/document\" bytes=\"%llu\" "
                        "sha256=\"%s\"/>\n",
                     (unsigned long long)r->id, (unsigned long long)r->doc_bytes, r->sha256);
    if (r->replaces_id)
        rc |= buf_printf(b, "  <replaces href=\"/v1/submissions/%llu\">%llu</replaces>\n",
                         (unsigned long long)r->replaces_id, (unsigned long long)r->replaces_id);
    /* the criteria, then the items only a person can judge in their own group */
    for (int i = 0; i < r->nfindings; i++)
        njudgement += strcmp(r->findings[i].verdict, "judgement") == 0;
    rc |= buf_printf(b, "  <findings count=\"%d\">\n", r->nfindings - njudgement);
    for (int i = 0; i < r->nfindings; i++) {
        if (strcmp(r->findings[i].verdict, "judgement") != 0)
            rc |= render_finding(b, &r->findings[i]);
    }
    rc |= buf_adds(b, "  </findings>\n");
    rc |= buf_printf(b, "  <judgement count=\"%d\">\n", njudgement);
    for (int i = 0; i < r->nfindings; i++) {
        if (strcmp(r->findings[i].verdict, "judgement") == 0)
            rc |= render_finding(b, &r->findings[i]);
    }
    rc |= buf_adds(b, "  </judgement>\n  <history>\n");
    for (int i = 0; i < r->nevents; i++) {
        const struct receipt_event *e = &r->events[i];
        rc |= buf_adds(b, "    <event at=\"");
        rc |= buf_adds_xml(b, e->at);
        rc |= buf_adds(b, "\" action=\"");
        rc |= buf_adds_xml(b, e->decision);
        rc |= buf_adds(b, "\" status=\"");
        rc |= buf_adds_xml(b, e->status);
        rc |= buf_adds(b, "\" by=\"");
        rc |= buf_adds_xml(b, e->by);
        rc |= buf_adds(b, "\">");
        rc |= buf_adds_xml(b, e->comment);
        rc |= buf_adds(b, "</event>\n");
    }
    rc |= buf_adds(b, "  </history>\n</receipt>\n");
    return rc ? -1 : 0;
}

int render_submission_list(const struct submission_row *rows, int n, const char *next_href,
                           struct buf *b)
{
    int rc = 0;

    rc |= buf_adds(b, XML_DECL);
    rc |= buf_printf(b, "<submissions xmlns=\"urn:tierd:submissions:1\" count=\"%d\">\n", n);
    for (int i = 0; i < n; i++) {
        const struct submission_row *r = &rows[i];
        rc |= buf_printf(b, "  <submission id=\"%llu\" href=\"/v1/submissions/%llu\">\n",
                         (unsigned long long)r->id, (unsigned long long)r->id);
        rc |= elem(b, "    ", "tier", r->tier);
        rc |= buf_printf(b, "    <ruleSet>%d</ruleSet>\n", r->rule_set);
        rc |= elem(b, "    ", "status", r->status);
        rc |= elem(b, "    ", "overall", r->overall);
        rc |= buf_adds(b, "    <enterprise uscc=\"");
        rc |= buf_adds_xml(b, r->uscc);
        rc |= buf_adds(b, "\">");
        rc |= buf_adds_xml(b, r->name);
        rc |= buf_adds(b, "</enterprise>\n");
        rc |= elem(b, "    ", "city", r->city);
        rc |= buf_printf(b, "    <year>%d</year>\n", r->year);
        rc |= elem(b, "    ", "submittedAt", r->submitted_at);
        rc |= buf_printf(b, "    <findings fail=\"%d\" needsReview=\"%d\" judgement=\"%d\"/>\n",
                         r->n_fail, r->n_review, r->n_judgement);
        rc |= buf_adds(b, "  </submission>\n");
    }
    if (next_href != NULL) {
        rc |= buf_adds(b, "  <next href=\"");
        rc |= buf_adds_xml(b, next_href);
        rc |= buf_adds(b, "\"/>\n");
    }
    rc |= buf_adds(b, "</submissions>\n");
    return rc ? -1 : 0;
}

void render_rejection(struct http_response *rs, enum ingest_status st,
                      const struct ingest_errors *errs, const char *sha256_hex)
{
    struct buf *b = &rs->body;
    const char *what;

    switch (st) {
    case INGEST_SCHEMA_INVALID:
        what = "the document does not follow its tier's schema";
        break;
    case INGEST_UNKNOWN_TIER:
        what = "the root element does not name a known tier";
        break;
    case INGEST_DOCTYPE:
        what = "documents with a DOCTYPE are refused";
        break;
    case INGEST_TOO_DEEP:
    case INGEST_TOO_MANY_NODES:
    case INGEST_TOO_LARGE:
    case INGEST_TOO_COMPLEX:
        what = "the document is over the registry's size limits";
        break;
    case INGEST_BAD_VALUE:
        what = "a value in the document cannot be accepted";
        break;
    default:
        what = "the document is not well-formed UTF-8 XML";
        break;
    }
    rs->status = 422;
    rs->content_type = "application/xml; charset=utf-8";
    buf_reset(b);
    buf_adds(b, XML_DECL);
    buf_printf(b, "<error xmlns=\"urn:tierd:error:1\" status=\"422\">\n  <code>%s</code>\n"
                  "  <message>",
               ingest_status_name(st));
    buf_adds_xml(b, what);
    buf_printf(b, "; nothing was stored (%d error%s)</message>\n", errs->count + errs->dropped,
               errs->count + errs->dropped == 1 ? "" : "s");
    if (sha256_hex != NULL && sha256_hex[0] != '\0')
        buf_printf(b, "  <sha256>%s</sha256>\n", sha256_hex);
    for (int i = 0; i < errs->count; i++) {
        const struct ingest_error *e = &errs->e[i];
        buf_printf(b, "  <detail line=\"%d\" path=\"", e->line);
        buf_adds_xml(b, e->path);
        if (e->message_zh[0] != '\0') {
            buf_adds(b, "\" zh=\"");
            buf_adds_xml(b, e->message_zh);
        }
        buf_adds(b, "\">");
        buf_adds_xml(b, e->message);
        buf_adds(b, "</detail>\n");
    }
    if (errs->dropped > 0)
        buf_printf(b, "  <detail line=\"0\" path=\"\">%d more errors not shown</detail>\n",
                   errs->dropped);
    buf_adds(b, "</error>\n");
}
