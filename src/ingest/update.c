/*
 * update.c — the yearly data update document (年度数据更新, issue 17): root
 * element <update> in a tier's own namespace, checked against
 * xsd/<tier>-update.xsd (see include/tier/ingest.h and xsd/README.md).
 *
 * What: ingest_update() = ingest_parse -> the tier from the root's namespace
 * -> ingest_validate_update -> the four fields the registry needs (the year
 * attribute, the certificate, the USCC, the filing date). The figures are not
 * extracted: the registry stores the document verbatim.
 *
 * Threads: re-entrant; the schemas are shared read-only. Failure: the first
 * failing step's status; the document is always freed.
 */
#include "ingest_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The text of root's first child element `name` into out (cut to cap). 0, or
 * -1 when absent. */
static int child_text(xmlNodePtr root, const char *name, char *out, size_t cap)
{
    for (xmlNodePtr n = root->children; n != NULL; n = n->next) {
        xmlChar *t;

        if (n->type != XML_ELEMENT_NODE || !xmlStrEqual(n->name, BAD_CAST name))
            continue;
        t = xmlNodeGetContent(n);
        snprintf(out, cap, "%s", t != NULL ? (const char *)t : "");
        xmlFree(t);
        return 0;
    }
    return -1;
}

enum ingest_status ingest_update(const struct ingest_schemas *s, const char *buf, size_t len,
                                 const struct ingest_limits *lim, struct ingest_update *out,
                                 struct ingest_errors *errs)
{
    xmlDocPtr doc = NULL;
    xmlNodePtr root;
    xmlChar *year = NULL;
    enum ingest_status st;
    char *end;
    long y;

    if (s == NULL || out == NULL)
        return INGEST_BAD_ARG;
    memset(out, 0, sizeof *out);
    out->tier = TIER_NONE;
    st = ingest_parse(buf, len, lim, &doc, errs);
    if (st != INGEST_OK)
        return st;
    st = ingest_tier_of_root(doc, "update", &out->tier, errs);
    if (st == INGEST_OK)
        st = ingest_validate_update(s, out->tier, doc, errs);
    if (st != INGEST_OK)
        goto done;
    /* schema-valid: the elements are there and the year is a c:Year */
    root = xmlDocGetRootElement(doc);
    year = xmlGetProp(root, BAD_CAST "year");
    errno = 0;
    y = year != NULL ? strtol((const char *)year, &end, 10) : 0;
    if (year == NULL || errno != 0 || *end != '\0' || y < 1900 || y > 9999) {
        ingest_errors_add(errs, (int)xmlGetLineNo(root), "/update/@year",
                          "the year attribute is not a year");
        st = INGEST_BAD_VALUE;
        goto done;
    }
    out->year = (int)y;
    if (child_text(root, "certificate", out->certificate, sizeof out->certificate) != 0 ||
        child_text(root, "uscc", out->uscc, sizeof out->uscc) != 0 ||
        child_text(root, "submissionDate", out->filed_on, sizeof out->filed_on) != 0) {
        ingest_errors_add(errs, (int)xmlGetLineNo(root), "/update",
                          "certificate, uscc and submissionDate are required");
        st = INGEST_BAD_VALUE;
    }
done:
    xmlFree(year);
    xmlFreeDoc(doc);
    return st;
}
