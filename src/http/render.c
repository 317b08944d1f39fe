/*
 * render.c — XML bodies of the submissions API.
 *
 * Every text value is escaped by buf_add*_xml; numbers are printed by us. The
 * output validates against the schemas in xsd/ (an integration test checks).
 */
#include "tier/http_render.h"

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

int render_receipt(const struct receipt *r, struct buf *b)
{
    const struct tier_info *ti = tier_by_code(r->tier);
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
    rc |= elem(b, "  ", "overall", r->overall);
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
    rc |= buf_printf(b, "  <findings count=\"%d\">\n", r->nfindings);
    for (int i = 0; i < r->nfindings; i++) {
        const struct store_finding *f = &r->findings[i];
        rc |= buf_adds(b, "    <finding rule=\"");
        rc |= buf_adds_xml(b, f->rule_id);
        rc |= buf_adds(b, "\" verdict=\"");
        rc |= buf_adds_xml(b, f->verdict);
        rc |= buf_printf(b, "\"%s>\n", f->detail ? " route=\"true\"" : "");
        if (f->value[0])
            rc |= elem(b, "      ", "value", f->value);
        if (f->threshold[0])
            rc |= elem(b, "      ", "threshold", f->threshold);
        if (f->clause[0])
            rc |= elem(b, "      ", "clause", f->clause);
        if (f->xpath[0])
            rc |= elem(b, "      ", "xpath", f->xpath);
        rc |= elem(b, "      ", "message", f->message);
        rc |= buf_adds(b, "    </finding>\n");
    }
    rc |= buf_adds(b, "  </findings>\n  <history>\n");
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
    buf_printf(b, "  <sha256>%s</sha256>\n", sha256_hex);
    for (int i = 0; i < errs->count; i++) {
        const struct ingest_error *e = &errs->e[i];
        buf_printf(b, "  <detail line=\"%d\" path=\"", e->line);
        buf_adds_xml(b, e->path);
        buf_adds(b, "\">");
        buf_adds_xml(b, e->message);
        buf_adds(b, "</detail>\n");
    }
    if (errs->dropped > 0)
        buf_printf(b, "  <detail line=\"0\" path=\"\">%d more errors not shown</detail>\n",
                   errs->dropped);
    buf_adds(b, "</error>\n");
}
