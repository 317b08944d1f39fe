/*
 * body.c — the small XML request documents of POST .../decisions and
 * POST .../revocation (include/tier/http_body.h).
 *
 * The document goes through ingest_parse with tight limits (64 KiB, depth 8,
 * 64 elements, no DTD, no entities, no network), then the root's name and
 * namespace are checked and each element child is copied out as text. It owns
 * nothing after return except the strings handed to the caller in the field
 * table. No global state: any thread may call it. Every refusal becomes an
 * HTTP status with a code and a sentence in the response, never an exit.
 */
#include "tier/http_body.h"
#include "tier/ingest.h"

#include <libxml/tree.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

int http_body_parse(const char *content_type, const char *body, size_t len, const char *root,
                    const char *ns, struct http_body_field *f, int nf,
                    struct http_response *rs)
{
    struct ingest_limits lim = {HTTP_BODY_MAX_BYTES, HTTP_BODY_MAX_DEPTH,
                                HTTP_BODY_MAX_ELEMENTS};
    struct ingest_errors *errs = calloc(1, sizeof *errs);
    xmlDocPtr doc = NULL;
    xmlNodePtr r, c;
    int rc = -1;

    if (errs == NULL) {
        http_error(rs, 500, "internal", "out of memory");
        return -1;
    }
    if (content_type == NULL || strncasecmp(content_type, "application/xml", 15) != 0) {
        http_error(rs, 415, "unsupported-media-type", "send the body as application/xml");
        goto done;
    }
    if (ingest_parse(body ? body : "", len, &lim, &doc, errs) != INGEST_OK) {
        http_error(rs, 400, "bad-xml", "the body is not a well-formed, small XML document: %s",
                   errs->count ? errs->e[0].message : "");
        goto done;
    }
    r = xmlDocGetRootElement(doc);
    if (r == NULL || r->ns == NULL || strcmp((const char *)r->name, root) != 0 ||
        strcmp((const char *)r->ns->href, ns) != 0) {
        http_error(rs, 422, "wrong-document", "expected a <%s xmlns=\"%s\"> document", root, ns);
        goto done;
    }
    for (c = r->children; c != NULL; c = c->next) {
        int known = 0;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        for (int i = 0; i < nf; i++) {
            if (strcmp((const char *)c->name, f[i].name) == 0 && c->ns == r->ns) {
                xmlChar *t = xmlNodeGetContent(c);
                free(f[i].out);
                f[i].out = strdup(t ? (const char *)t : "");
                xmlFree(t);
                known = 1;
            }
        }
        if (!known) {
            http_error(rs, 422, "unknown-element", "<%s> is not part of a <%s> document",
                       (const char *)c->name, root);
            goto done;
        }
    }
    for (int i = 0; i < nf; i++) {
        if (f[i].required && f[i].out == NULL) {
            http_error(rs, 422, "missing-element", "a <%s> document needs <%s>", root,
                       f[i].name);
            goto done;
        }
        if (f[i].out != NULL && strlen(f[i].out) > HTTP_BODY_TEXT_MAX) {
            http_error(rs, 422, "too-long", "<%s> is longer than %d bytes", f[i].name,
                       HTTP_BODY_TEXT_MAX);
            goto done;
        }
    }
    rc = 0;
done:
    xmlFreeDoc(doc);
    free(errs);
    return rc;
}
