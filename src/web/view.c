/*
 * view.c — compile the page stylesheets once, render pages with them
 * (see web_view.h).
 *
 * Loading reads every *.xsl of the folder, checks each against the two rules
 * that keep the output safe (no disable-output-escaping; imports only of
 * files in the same folder, by bare name), and compiles the pages. A compiled
 * xsltStylesheet is only read while transforming, so one set serves every
 * thread; each render has its own transform context with security prefs that
 * forbid reading files and touching the network, and its own error sink.
 *
 * Failure: at load, a sentence naming the file; at render, a sentence and an
 * untouched output buffer.
 */
#include "tier/web_view.h"

#include <libxml/parser.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/variables.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XSL_NS "http://www.w3.org/1999/XSL/Transform"

const struct web_header web_page_headers[] = {
    {"Content-Type", "text/html; charset=utf-8"},
    {"Content-Security-Policy",
     "default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "same-origin"},
    {"X-Content-Type-Options", "nosniff"},
    {"Cache-Control", "no-store"},
    {NULL, NULL},
};

struct web_view {
    char name[WEB_VIEW_NAME_MAX];
    xsltStylesheetPtr style;
};

struct web_views {
    int n;
    struct web_view v[WEB_VIEWS_MAX];
    xsltSecurityPrefsPtr sec; /* forbid everything a page must not do */
};

/* Walk a stylesheet tree for what would let a page write unescaped text or
 * pull in a file from elsewhere. 0, or -1 with the reason in err. */
static int check_node(xmlNodePtr n, char *err, size_t errsz)
{
    for (; n != NULL; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        for (xmlAttrPtr a = n->properties; a != NULL; a = a->next) {
            if (xmlStrcmp(a->name, BAD_CAST "disable-output-escaping") == 0) {
                snprintf(err, errsz, "line %ld: disable-output-escaping is not allowed (pages "
                                     "are escaped by construction)", xmlGetLineNo(n));
                return -1;
            }
        }
        if (n->ns != NULL && xmlStrcmp(n->ns->href, BAD_CAST XSL_NS) == 0 &&
            (xmlStrcmp(n->name, BAD_CAST "import") == 0 ||
             xmlStrcmp(n->name, BAD_CAST "include") == 0)) {
            xmlChar *href = xmlGetProp(n, BAD_CAST "href");
            int bad = href == NULL || href[0] != '_' || strchr((char *)href, '/') != NULL ||
                      strchr((char *)href, ':') != NULL;
            if (bad) {
                snprintf(err, errsz, "line %ld: xsl:%s of '%s': only partials of this folder "
                                     "(_name.xsl) may be imported", xmlGetLineNo(n),
                         (const char *)n->name, href ? (const char *)href : "");
                xmlFree(href);
                return -1;
            }
            xmlFree(href);
        }
        if (check_node(n->children, err, errsz) != 0)
            return -1;
    }
    return 0;
}

/* Collects libxslt's and libxml2's messages for one load or render. */
struct sink {
    char *err;
    size_t errsz;
    int seen;
};

static void sink_error(void *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sink_error(void *ctx, const char *fmt, ...)
{
    struct sink *s = ctx;
    va_list ap;
    size_t used;

    if (s == NULL || s->errsz == 0)
        return;
    used = s->seen ? strlen(s->err) : 0;
    if (!s->seen)
        s->err[0] = '\0';
    s->seen = 1;
    if (used + 1 >= s->errsz)
        return;
    va_start(ap, fmt);
    vsnprintf(s->err + used, s->errsz - used, fmt, ap);
    va_end(ap);
    /* one line: libxslt ends its messages with newlines */
    for (char *p = s->err; *p; p++) {
        if (*p == '\n')
            *p = ' ';
    }
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Parse and check one file; compile it when it is a page. */
static int load_one(struct web_views *v, const char *dir, const char *file, char *err,
                    size_t errsz)
{
    char path[4096], why[512] = "";
    struct sink sink = {why, sizeof why, 0};
    xmlDocPtr doc;
    size_t len = strlen(file) - 4; /* without ".xsl" */

    if (snprintf(path, sizeof path, "%s/%s", dir, file) >= (int)sizeof path) {
        snprintf(err, errsz, "web view %s/%s: path too long", dir, file);
        return -1;
    }
    xmlSetGenericErrorFunc(&sink, sink_error);
    xsltSetGenericErrorFunc(&sink, sink_error);
    doc = xmlReadFile(path, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOCDATA);
    if (doc == NULL) {
        snprintf(err, errsz, "web view %s: not well-formed XML: %s", path, why);
        goto fail;
    }
    if (check_node(xmlDocGetRootElement(doc), why, sizeof why) != 0) {
        snprintf(err, errsz, "web view %s: %s", path, why);
        xmlFreeDoc(doc);
        goto fail;
    }
    if (file[0] == '_') { /* a partial: checked here, compiled by its importers */
        xmlFreeDoc(doc);
        goto ok;
    }
    if (v->n == WEB_VIEWS_MAX || len >= WEB_VIEW_NAME_MAX) {
        snprintf(err, errsz, "web view %s: more than %d views or a name over %d bytes", path,
                 WEB_VIEWS_MAX, WEB_VIEW_NAME_MAX - 1);
        xmlFreeDoc(doc);
        goto fail;
    }
    /* on success the stylesheet owns doc; on NULL the doc is still ours */
    v->v[v->n].style = xsltParseStylesheetDoc(doc);
    if (v->v[v->n].style == NULL || v->v[v->n].style->errors > 0) {
        if (v->v[v->n].style != NULL)
            xsltFreeStylesheet(v->v[v->n].style); /* frees doc too */
        else
            xmlFreeDoc(doc);
        v->v[v->n].style = NULL;
        snprintf(err, errsz, "web view %s: not a valid XSLT 1.0 stylesheet: %s", path, why);
        goto fail;
    }
    memcpy(v->v[v->n].name, file, len);
    v->v[v->n].name[len] = '\0';
    v->n++;
ok:
    xmlSetGenericErrorFunc(NULL, NULL);
    xsltSetGenericErrorFunc(NULL, NULL);
    return 0;
fail:
    xmlSetGenericErrorFunc(NULL, NULL);
    xsltSetGenericErrorFunc(NULL, NULL);
    return -1;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int web_views_load(const char *dir, struct web_views **out, char *err, size_t errsz)
{
    struct web_views *v = calloc(1, sizeof *v);
    char *names[4 * WEB_VIEWS_MAX];
    size_t nn = 0;
    DIR *d = NULL;
    struct dirent *e;
    int rc = -1;

    *out = NULL;
    if (v == NULL) {
        snprintf(err, errsz, "web views: out of memory");
        return -1;
    }
    xsltInit();
    d = opendir(dir);
    if (d == NULL) {
        snprintf(err, errsz, "web views: cannot open the folder %s", dir);
        goto done;
    }
    /* sorted, so the order of loading (and of errors) does not depend on the file system */
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || !ends_with(e->d_name, ".xsl"))
            continue;
        if (nn == sizeof names / sizeof names[0]) {
            snprintf(err, errsz, "web views: more than %zu stylesheets in %s", nn, dir);
            goto done;
        }
        names[nn] = strdup(e->d_name);
        if (names[nn] == NULL) {
            snprintf(err, errsz, "web views: out of memory");
            goto done;
        }
        nn++;
    }
    qsort(names, nn, sizeof names[0], by_name);
    for (size_t i = 0; i < nn; i++) {
        if (load_one(v, dir, names[i], err, errsz) != 0)
            goto done;
    }
    if (v->n == 0) {
        snprintf(err, errsz, "web views: no page stylesheet (*.xsl) in %s", dir);
        goto done;
    }
    v->sec = xsltNewSecurityPrefs();
    if (v->sec == NULL ||
        xsltSetSecurityPrefs(v->sec, XSLT_SECPREF_READ_FILE, xsltSecurityForbid) != 0 ||
        xsltSetSecurityPrefs(v->sec, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid) != 0 ||
        xsltSetSecurityPrefs(v->sec, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid) != 0 ||
        xsltSetSecurityPrefs(v->sec, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid) != 0 ||
        xsltSetSecurityPrefs(v->sec, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid) != 0) {
        snprintf(err, errsz, "web views: out of memory");
        goto done;
    }
    *out = v;
    v = NULL;
    rc = 0;
done:
    if (d != NULL)
        closedir(d);
    for (size_t i = 0; i < nn; i++)
        free(names[i]);
    web_views_free(v);
    return rc;
}

void web_views_free(struct web_views *v)
{
    if (v == NULL)
        return;
    for (int i = 0; i < v->n; i++)
        xsltFreeStylesheet(v->v[i].style);
    if (v->sec != NULL)
        xsltFreeSecurityPrefs(v->sec);
    free(v);
}

static const struct web_view *find(const struct web_views *v, const char *name)
{
    for (int i = 0; v != NULL && name != NULL && i < v->n; i++) {
        if (strcmp(v->v[i].name, name) == 0)
            return &v->v[i];
    }
    return NULL;
}

int web_view_exists(const struct web_views *v, const char *name)
{
    return find(v, name) != NULL;
}

/* The serializer's sink: bytes go straight into the answer's buffer (no
 * second buffer grown to the page's size and then copied); a page past the
 * buffer's cap fails the write, and so the render. */
static int out_write(void *ctx, const char *bytes, int n)
{
    return buf_add(ctx, bytes, (size_t)n) == 0 ? n : -1;
}

static int out_close(void *ctx)
{
    (void)ctx;
    return 0;
}

int web_view_render(const struct web_views *v, const char *name, xmlDocPtr doc,
                    const struct web_param *params, size_t n, struct buf *out, char *err,
                    size_t errsz)
{
    const struct web_view *w = find(v, name);
    char why[512] = "";
    struct sink sink = {why, sizeof why, 0};
    xsltTransformContextPtr ctx = NULL;
    xmlDocPtr res = NULL;
    xmlOutputBufferPtr ob;
    int rc = -1, wrote;
    size_t before = out->len;

    if (w == NULL) {
        snprintf(err, errsz, "no page view named '%s'", name ? name : "");
        return -1;
    }
    if (n > WEB_PARAMS_MAX) {
        snprintf(err, errsz, "view %s: %zu parameters, at most %d", name, n, WEB_PARAMS_MAX);
        return -1;
    }
    ctx = xsltNewTransformContext(w->style, doc);
    if (ctx == NULL) {
        snprintf(err, errsz, "view %s: out of memory", name);
        return -1;
    }
    xsltSetCtxtSecurityPrefs(v->sec, ctx);
    xsltSetTransformErrorFunc(ctx, &sink, sink_error);
    for (size_t i = 0; i < n; i++) {
        const char *val = params[i].value ? params[i].value : "";
        if (strlen(val) > WEB_PARAM_VALUE_MAX) {
            snprintf(err, errsz, "view %s: parameter %s is over %d bytes", name, params[i].name,
                     WEB_PARAM_VALUE_MAX);
            goto done;
        }
        /* quoted: the value is a string, whatever quotes or XPath it holds */
        if (xsltQuoteOneUserParam(ctx, BAD_CAST params[i].name, BAD_CAST val) != 0) {
            snprintf(err, errsz, "view %s: parameter %s refused: %s", name, params[i].name, why);
            goto done;
        }
    }
    res = xsltApplyStylesheetUser(w->style, doc, NULL, NULL, NULL, ctx);
    if (res == NULL || ctx->state != XSLT_STATE_OK) {
        snprintf(err, errsz, "view %s: the transformation failed: %s", name,
                 why[0] ? why : "no reason given");
        goto done;
    }
    /* UTF-8 out, as the stylesheets' xsl:output asks: no encoder */
    ob = xmlOutputBufferCreateIO(out_write, out_close, out, NULL);
    if (ob == NULL) {
        snprintf(err, errsz, "view %s: out of memory serializing the page", name);
        goto done;
    }
    wrote = buf_adds(out, "<!DOCTYPE html>\n") == 0 ? xsltSaveResultTo(ob, res, w->style) : -1;
    if (xmlOutputBufferClose(ob) < 0 || wrote < 0) { /* closing flushes, and frees ob */
        out->len = before;
        if (out->data != NULL)
            out->data[before] = '\0';
        snprintf(err, errsz, "view %s: the page could not be written out (over the buffer's cap "
                             "of %zu bytes, or out of memory)", name, out->cap);
        goto done;
    }
    rc = 0;
done:
    xmlFreeDoc(res);
    xsltFreeTransformContext(ctx);
    return rc;
}
