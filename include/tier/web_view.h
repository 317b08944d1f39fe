/*
 * web_view.h — the reviewers' pages as XSLT 1.0 views over the API's XML.
 *
 * A page is a view of documents the XML API already returns (a receipt, a
 * submission list, a decision, a certificate status, the report), placed side
 * by side in a page envelope (<page xmlns="urn:tierd:page:1">, see
 * web_page.h) and transformed by one stylesheet from the folder web/
 * (installed like xsd/). The stylesheets are compiled once at start; a
 * compiled set is read-only afterwards, so any number of threads may render
 * with it at once.
 *
 * Escaping is by construction: the stylesheets produce HTML through the XSLT
 * processor's serializer, which escapes every text and attribute value, and a
 * stylesheet that asks for disable-output-escaping is refused at load. While
 * a page renders, the stylesheet may read no file and reach no network
 * (document() and xsl:result-document are forbidden by security prefs).
 */
#ifndef TIER_WEB_VIEW_H
#define TIER_WEB_VIEW_H

#include "tier/buf.h"

#include <libxml/tree.h>
#include <stddef.h>

#define WEB_VIEWS_MAX 32       /* stylesheets in web/ that are pages */
#define WEB_VIEW_NAME_MAX 48   /* "queue", "application" … (file name without .xsl) */
#define WEB_PARAMS_MAX 16      /* stylesheet parameters per render */
#define WEB_PARAM_VALUE_MAX 4096 /* bytes of one parameter's value */

struct web_views;

/* A response header every page answer carries. */
struct web_header {
    const char *name;
    const char *value;
};

/* The headers of every page answer, NULL-terminated: the content type,
 * Content-Security-Policy (default-src 'self', and since default-src does not
 * cover them, form-action 'self', frame-ancestors 'none', base-uri 'none'),
 * X-Frame-Options DENY, Referrer-Policy same-origin, X-Content-Type-Options
 * nosniff, Cache-Control no-store (pages show personal data). */
extern const struct web_header web_page_headers[];

/* A stylesheet parameter, passed as a string (never evaluated as XPath). */
struct web_param {
    const char *name;   /* "csrf", "user", "role", "flash", "static" … */
    const char *value;  /* UTF-8; NULL is the empty string */
};

/* Compile every page stylesheet in `dir`: each file NAME.xsl is the view
 * NAME; files whose name starts with '_' (_layout.xsl) are partials, only
 * imported by pages. 0 and *out (free with web_views_free), or -1 with a
 * sentence naming the file and the reason in err (nothing allocated). */
int web_views_load(const char *dir, struct web_views **out, char *err, size_t errsz);

/* Free a compiled set. NULL is fine. */
void web_views_free(struct web_views *v);

/* Is there a view of that name? 1 or 0. */
int web_view_exists(const struct web_views *v, const char *name);

/* Render view `name` over `doc` (borrowed, unchanged) with n parameters,
 * appending "<!DOCTYPE html>" and the HTML to out. 0, or -1 with a sentence
 * in err (an unknown view, a transform error, the buffer's cap); out is then
 * as it was. Thread-safe. */
int web_view_render(const struct web_views *v, const char *name, xmlDocPtr doc,
                    const struct web_param *params, size_t n, struct buf *out, char *err,
                    size_t errsz);

#endif
