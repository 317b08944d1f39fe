/*
 * web_form_xml.h — the application document a generated form (apply.xsl)
 * stands for: fields named by element path in the form's order, which is
 * the schema's order, turned back into XML.
 *
 * A name is a path of element names split by '.', each followed by its
 * 1-based position when the element may repeat ("financials.year.2.revenue"),
 * and "@attr" for an attribute of the element before it
 * ("financials.year.2.@value"). An empty value leaves its element (and an
 * element all of whose fields are empty) out, as the schema's optional
 * elements are. Elements appear in the order their first non-empty field
 * comes, so fields in the form's order give the schema's order.
 */
#ifndef TIER_WEB_FORM_XML_H
#define TIER_WEB_FORM_XML_H

#include "tier/buf.h"
#include "tier/web_form.h"

#include <stddef.h>

#define WEB_FORM_XML_DEPTH 16 /* steps of one path */

/* Append to out the document <application xmlns="ns"> built from the n
 * fields. 0, or -1 with what and where in err (a name that is not a path, a
 * path deeper than WEB_FORM_XML_DEPTH, a value that is not XML text);
 * out is then as it was. */
int web_form_xml(const char *ns, const struct web_form_field *fields, size_t n, struct buf *out,
                 char *err, size_t errsz);

/* A schema error placed at the form field it is about. */
struct web_field_error {
    char field[256];    /* the field's name; "" when no field matches */
    char message[512];  /* in Chinese when the schema's words allow, else English */
};

struct ingest_schemas;

/* "检查": the document of the fields (web_form_xml) run through the
 * schema, each schema error placed at its field (the element at the error's
 * line, by its path with positions). 0 with *nerr errors (0: the schema
 * accepts it; the document, indented, is in xml for the rules), or -1 with
 * err when the document could not be made. */
int web_form_check(const struct ingest_schemas *schemas, const char *ns,
                   const struct web_form_field *fields, size_t n, struct buf *xml,
                   struct web_field_error *errs, size_t cap, size_t *nerr, char *err,
                   size_t errsz);

/* "检查", its second half: the document xml (len bytes, from web_form_check:
 * one element a line, accepted by the schema) judged offline as `tierctl
 * validate` does (no registry, nothing held), into found (cleared first);
 * field[i] gets the form field of found->items[i]: the field of the element
 * its xpath names, or the first field inside that element (a group), or ""
 * when none. 0, or -1 with err (the document does not pass ingest). */
struct findings;
int web_form_judge(const struct ingest_schemas *schemas, const char *xml, size_t len,
                   const struct web_form_field *fields, size_t n, struct findings *found,
                   char (*field)[256], char *err, size_t errsz);

/* The fields a browser sends from a generated form (<form class="apply">)
 * in html, in document order: each named input but hidden ones (the page's
 * own: csrf, draft, replaces) with its value, each select with its selected
 * option's value ("" when none). So an uploaded document is checked through
 * the very fields its form shows. */
struct web_html_form {
    size_t n;
    struct web_form_field *f; /* names and values point into doc */
    void *doc;                /* the parsed page (htmlDocPtr), owned */
};

/* Parse html (len bytes) and collect at most cap fields into out. 0, or -1
 * with err (not HTML, no such form, out of memory); out then owns nothing. */
int web_html_form_fields(const char *html, size_t len, size_t cap, struct web_html_form *out,
                         char *err, size_t errsz);

/* Free what web_html_form_fields made. NULL and an empty one are fine. */
void web_html_form_free(struct web_html_form *f);

#endif
