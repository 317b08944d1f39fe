/*
 * schema_cache.c — every tier's XSD compiled once, validation per thread.
 *
 * What: ingest_schemas_load() compiles xsd_dir/<tier>.xsd for each tier at
 * start-up (the schemas are our own files, trusted; their xs:import/xs:include
 * locations resolve relative to each file, exactly as plain xmllint does).
 * ingest_validate() checks one document against its tier's schema and collects
 * every error with line, path and message.
 *
 * Owns: the compiled schemas (struct ingest_schemas) and, per worker, one
 * xmlSchemaValidCtxt per tier, made on first use and reused.
 *
 * Threads: a compiled xmlSchema is only read during validation, so one
 * struct ingest_schemas is shared by all threads. A validation context is not
 * shareable: each call makes its own, or uses the calling thread's worker.
 * Errors go to a per-context structured handler (xmlSchemaSet*StructuredErrors).
 *
 * Failure: load fails as a whole (no half-loaded cache); validation reports
 * INGEST_SCHEMA_INVALID with the collected errors, or INGEST_NOMEM.
 */
#include "ingest_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

struct ingest_schemas {
    xmlSchemaPtr schema[TIER_COUNT];
    xmlSchemaPtr update[TIER_COUNT];      /* <tier>-update.xsd: the yearly data update */
    struct schema_docs *docs[TIER_COUNT]; /* field names for Chinese error messages */
};

struct ingest_worker {
    const struct ingest_schemas *schemas;
    xmlSchemaValidCtxtPtr vctxt[TIER_COUNT];
};

static enum ingest_status load_one(const char *path, xmlSchemaPtr *out, struct ingest_errors *errs)
{
    xmlSchemaParserCtxtPtr pctxt;
    FILE *f;

    *out = NULL;
    f = fopen(path, "rb");
    if (f == NULL) {
        ingest_errors_add(errs, 0, path, "cannot open schema %s", path);
        return INGEST_SCHEMA_LOAD;
    }
    fclose(f);
    pctxt = xmlSchemaNewParserCtxt(path);
    if (pctxt == NULL)
        return INGEST_NOMEM;
    xmlSchemaSetParserStructuredErrors(pctxt, ingest_errors_sink, errs);
    *out = xmlSchemaParse(pctxt);
    xmlSchemaFreeParserCtxt(pctxt);
    if (*out == NULL) {
        ingest_errors_add(errs, 0, path, "schema %s does not compile", path);
        return INGEST_SCHEMA_LOAD;
    }
    return INGEST_OK;
}

enum ingest_status ingest_schemas_load(struct ingest_schemas **out, const char *xsd_dir,
                                       struct ingest_errors *errs)
{
    struct ingest_schemas *s;
    xmlStructuredErrorFunc saved_fn;
    void *saved_ctx;
    enum ingest_status st = INGEST_OK;
    int i;

    if (out == NULL)
        return INGEST_BAD_ARG;
    *out = NULL;
    if (xsd_dir == NULL)
        return INGEST_BAD_ARG;
    xmlInitParser(); /* libxml2's one-time set-up, before any worker thread exists */
    s = calloc(1, sizeof(*s));
    if (s == NULL)
        return INGEST_NOMEM;

    saved_fn = xmlStructuredError;
    saved_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(errs, ingest_errors_sink);
    for (i = 0; i < TIER_COUNT && st == INGEST_OK; i++) {
        const struct tier_info *ti = tier_get((enum tier_id)i);
        char path[4096];
        int n;

        if (ti == NULL || ti->xsd == NULL) {
            ingest_errors_add(errs, 0, NULL, "tier %d has no schema file name", i);
            st = INGEST_SCHEMA_LOAD;
            break;
        }
        n = snprintf(path, sizeof(path), "%s/%s", xsd_dir, ti->xsd);
        if (n < 0 || (size_t)n >= sizeof(path)) {
            ingest_errors_add(errs, 0, NULL, "schema directory path is too long");
            st = INGEST_BAD_ARG;
            break;
        }
        st = load_one(path, &s->schema[i], errs);
        if (st == INGEST_OK) {
            /* the yearly update's schema beside it: high-tech.xsd, high-tech-update.xsd */
            n = snprintf(path, sizeof(path), "%s/%.*s-update.xsd", xsd_dir,
                         (int)(strlen(ti->xsd) - 4), ti->xsd);
            st = n < 0 || (size_t)n >= sizeof(path) ? INGEST_BAD_ARG
                                                     : load_one(path, &s->update[i], errs);
        }
        if (st == INGEST_OK) {
            st = schema_docs_load(&s->docs[i], xsd_dir, ti->xsd);
            if (st != INGEST_OK)
                ingest_errors_add(errs, 0, path, "cannot read the documentation of %s", path);
        }
    }
    xmlSetStructuredErrorFunc(saved_ctx, saved_fn);
    if (st != INGEST_OK) {
        ingest_schemas_free(s);
        return st;
    }
    *out = s;
    return INGEST_OK;
}

void ingest_schemas_free(struct ingest_schemas *s)
{
    int i;

    if (s == NULL)
        return;
    for (i = 0; i < TIER_COUNT; i++) {
        if (s->schema[i] != NULL)
            xmlSchemaFree(s->schema[i]);
        if (s->update[i] != NULL)
            xmlSchemaFree(s->update[i]);
        schema_docs_free(s->docs[i]);
    }
    free(s);
}

xmlSchemaPtr ingest_schemas_get(const struct ingest_schemas *s, enum tier_id tier)
{
    if (s == NULL || tier < 0 || tier >= TIER_COUNT)
        return NULL;
    return s->schema[tier];
}

enum ingest_status ingest_worker_new(struct ingest_worker **out, const struct ingest_schemas *s)
{
    struct ingest_worker *w;

    if (out == NULL)
        return INGEST_BAD_ARG;
    *out = NULL;
    if (s == NULL)
        return INGEST_BAD_ARG;
    w = calloc(1, sizeof(*w));
    if (w == NULL)
        return INGEST_NOMEM;
    w->schemas = s;
    *out = w;
    return INGEST_OK;
}

void ingest_worker_free(struct ingest_worker *w)
{
    int i;

    if (w == NULL)
        return;
    for (i = 0; i < TIER_COUNT; i++)
        if (w->vctxt[i] != NULL)
            xmlSchemaFreeValidCtxt(w->vctxt[i]);
    free(w);
}

/* Validate doc against s->schema[tier] (update 0) or s->update[tier]
 * (update 1); a worker's contexts serve the tier schemas only. */
static enum ingest_status validate(const struct ingest_schemas *s, struct ingest_worker *w,
                                   enum tier_id tier, int update, xmlDocPtr doc,
                                   struct ingest_errors *errs)
{
    xmlSchemaValidCtxtPtr v;
    xmlStructuredErrorFunc saved_fn;
    void *saved_ctx;
    int before = errs != NULL ? errs->count + errs->dropped : 0;
    int first = errs != NULL ? errs->count : 0;
    int rc;

    if (s == NULL || doc == NULL || tier < 0 || tier >= TIER_COUNT ||
        (update ? s->update[tier] : s->schema[tier]) == NULL)
        return INGEST_BAD_ARG;
    if (w != NULL && w->schemas != s)
        return INGEST_BAD_ARG;
    if (update)
        w = NULL;
    if (w != NULL && w->vctxt[tier] != NULL) {
        v = w->vctxt[tier];
    } else {
        v = xmlSchemaNewValidCtxt(update ? s->update[tier] : s->schema[tier]);
        if (v == NULL)
            return INGEST_NOMEM;
        if (w != NULL)
            w->vctxt[tier] = v;
    }
    xmlSchemaSetValidStructuredErrors(v, ingest_errors_sink, errs);

    saved_fn = xmlStructuredError;
    saved_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(errs, ingest_errors_sink);
    rc = xmlSchemaValidateDoc(v, doc);
    xmlSetStructuredErrorFunc(saved_ctx, saved_fn);

    /* Do not leave a pointer to the caller's list in a context that outlives the call. */
    xmlSchemaSetValidStructuredErrors(v, NULL, NULL);
    if (w == NULL)
        xmlSchemaFreeValidCtxt(v);

    if (rc == 0)
        return INGEST_OK;
    if (rc < 0) {
        ingest_errors_add(errs, 0, NULL, "schema validation failed internally (code %d)", rc);
        return INGEST_NOMEM;
    }
    if (errs != NULL && errs->count + errs->dropped == before)
        ingest_errors_add(errs, 0, NULL, "document does not match its tier's schema");
    /* each error also in Chinese, naming the field from the schema's documentation */
    for (int i = first; errs != NULL && i < errs->count; i++)
        schema_docs_explain(s->docs[tier], &errs->e[i]);
    return INGEST_SCHEMA_INVALID;
}

enum ingest_status ingest_validate(const struct ingest_schemas *s, struct ingest_worker *w,
                                   enum tier_id tier, xmlDocPtr doc, struct ingest_errors *errs)
{
    return validate(s, w, tier, 0, doc, errs);
}

enum ingest_status ingest_validate_update(const struct ingest_schemas *s, enum tier_id tier,
                                          xmlDocPtr doc, struct ingest_errors *errs)
{
    return validate(s, NULL, tier, 1, doc, errs);
}
