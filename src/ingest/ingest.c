/*
 * ingest.c — the whole ingest path and the tier choice.
 *
 * What: ingest_application() = ingest_parse -> ingest_tier_of ->
 * ingest_validate -> ingest_extract, stopping at the first failing step;
 * ingest_tier_of() reads the tier from the root element's namespace
 * urn:tierd:application:<tier-code>:1.
 *
 * Owns: the parsed document, for the duration of one call.
 *
 * Threads: re-entrant; the schema cache is shared read-only, a worker belongs
 * to the calling thread.
 *
 * Failure: the first failing step's status; the document is always freed.
 */
#include "ingest_internal.h"

#include <string.h>

const char *ingest_status_name(enum ingest_status st)
{
    switch (st) {
    case INGEST_OK: return "ok";
    case INGEST_NOT_WELL_FORMED: return "not-well-formed";
    case INGEST_DOCTYPE: return "doctype";
    case INGEST_TOO_LARGE: return "too-large";
    case INGEST_TOO_DEEP: return "too-deep";
    case INGEST_TOO_MANY_NODES: return "too-many-nodes";
    case INGEST_UNKNOWN_TIER: return "unknown-tier";
    case INGEST_SCHEMA_INVALID: return "schema-invalid";
    case INGEST_BAD_VALUE: return "bad-value";
    case INGEST_NOMEM: return "out-of-memory";
    case INGEST_SCHEMA_LOAD: return "schema-load";
    case INGEST_BAD_ARG: return "bad-argument";
    case INGEST_TOO_COMPLEX: return "too-complex";
    }
    return "unknown";
}

enum ingest_status ingest_tier_of(xmlDocPtr doc, enum tier_id *tier, struct ingest_errors *errs)
{
    return ingest_tier_of_root(doc, "application", tier, errs);
}

enum ingest_status ingest_tier_of_root(xmlDocPtr doc, const char *root_name, enum tier_id *tier,
                                       struct ingest_errors *errs)
{
    static const size_t pre = sizeof(INGEST_NS_PREFIX) - 1, suf = sizeof(INGEST_NS_SUFFIX) - 1;
    const struct tier_info *ti;
    xmlNodePtr root;
    const char *href;
    char code[48];
    size_t n;
    int line;

    if (tier == NULL)
        return INGEST_BAD_ARG;
    *tier = TIER_NONE;
    root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;
    if (root == NULL)
        return INGEST_BAD_ARG;
    line = (int)xmlGetLineNo(root);
    if (root->ns == NULL || root->ns->href == NULL) {
        ingest_errors_add(errs, line, "/application",
                          "root element <%s> has no namespace; expected "
                          INGEST_NS_PREFIX "<tier-code>" INGEST_NS_SUFFIX,
                          (const char *)root->name);
        return INGEST_UNKNOWN_TIER;
    }
    href = (const char *)root->ns->href;
    n = strlen(href);
    if (n <= pre + suf || strncmp(href, INGEST_NS_PREFIX, pre) != 0 ||
        strcmp(href + n - suf, INGEST_NS_SUFFIX) != 0 || n - pre - suf >= sizeof(code)) {
        ingest_errors_add(errs, line, "/application",
                          "namespace '%.120s' is not a tierd application namespace "
                          "(" INGEST_NS_PREFIX "<tier-code>" INGEST_NS_SUFFIX ")", href);
        return INGEST_UNKNOWN_TIER;
    }
    memcpy(code, href + pre, n - pre - suf);
    code[n - pre - suf] = '\0';
    ti = tier_by_code(code);
    if (ti == NULL) {
        ingest_errors_add(errs, line, "/application", "unknown tier '%s' in namespace '%s'", code,
                          href);
        return INGEST_UNKNOWN_TIER;
    }
    if (!xmlStrEqual(root->name, BAD_CAST root_name)) {
        ingest_errors_add(errs, line, NULL, "root element is <%.60s>; expected <%s>",
                          (const char *)root->name, root_name);
        return INGEST_UNKNOWN_TIER;
    }
    *tier = ti->id;
    return INGEST_OK;
}

enum ingest_status ingest_application_with(const struct ingest_schemas *s,
                                           struct ingest_worker *w, const char *buf,
                                           size_t len, const struct ingest_limits *lim,
                                           struct application *out, struct ingest_errors *errs)
{
    xmlDocPtr doc = NULL;
    enum tier_id tier;
    enum ingest_status st;

    if (s == NULL || out == NULL)
        return INGEST_BAD_ARG;
    st = ingest_parse(buf, len, lim, &doc, errs);
    if (st != INGEST_OK)
        return st;
    st = ingest_tier_of(doc, &tier, errs);
    if (st == INGEST_OK)
        st = ingest_validate(s, w, tier, doc, errs);
    if (st == INGEST_OK)
        st = ingest_extract(doc, tier, out, errs);
    xmlFreeDoc(doc);
    return st;
}

enum ingest_status ingest_application(const struct ingest_schemas *s, const char *buf, size_t len,
                                      const struct ingest_limits *lim, struct application *out,
                                      struct ingest_errors *errs)
{
    return ingest_application_with(s, NULL, buf, len, lim, out, errs);
}
