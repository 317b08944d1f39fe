/*
 * http_body.h — the small request documents of the review endpoints
 * (<decision>, <revocation>): a root element in one namespace holding simple
 * text children, parsed with the same safe parser as applications.
 *
 * Split out of h_review.c so that it can be driven without a connection or a
 * database (fuzz/fuzz_bodies.c, tests/unit/test_fuzz_regressions.c). Pure: no
 * global state, thread-safe.
 */
#ifndef TIER_HTTP_BODY_H
#define TIER_HTTP_BODY_H

#include <stddef.h>

#include "tier/http.h"

#define HTTP_BODY_MAX_BYTES (64 * 1024) /* a request document, whole */
#define HTTP_BODY_MAX_DEPTH 8           /* element nesting, root = 1 */
#define HTTP_BODY_MAX_ELEMENTS 64       /* elements in the document */
#define HTTP_BODY_TEXT_MAX 8000         /* bytes of one field (2,000 characters of CJK) */

/* One expected child of the root. */
struct http_body_field {
    const char *name; /* local name of a child of the root, in the root's namespace */
    char *out;        /* its text content, NUL-terminated; NULL when absent. Set by
                         http_body_parse (a repeated child keeps the last); caller frees */
    int required;     /* 1: absent is a 422 */
};

/*
 * Parse the `len` bytes at `body` (NULL with len 0 is an empty body) sent with
 * `content_type` (the header's value, NULL when absent) as a document
 * <root xmlns="ns"> whose element children are all among f[0..nf-1].
 * Returns 0 with each f[i].out set (or NULL when absent and optional), or -1
 * after filling rs with the answer: 415 for a content type other than
 * application/xml, 400 "bad-xml" for a body that is not a well-formed small
 * document (limits above; DOCTYPE refused), 422 for the wrong root, an
 * unknown child, a missing required child or a field over HTTP_BODY_TEXT_MAX
 * bytes, 500 when out of memory. On -1 some f[i].out may be set as well: the
 * caller frees every f[i].out in both cases (free(NULL) is fine). Borrows
 * body, root and ns. Every f[i].out must be NULL on entry.
 */
int http_body_parse(const char *content_type, const char *body, size_t len, const char *root,
                    const char *ns, struct http_body_field *f, int nf,
                    struct http_response *rs);

#endif
