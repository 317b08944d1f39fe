/*
 * xml_safe.c — secure parsing of untrusted XML from memory, and the error list.
 *
 * What: ingest_parse() turns a request body into an xmlDoc or refuses it. The
 * parser runs with XML_PARSE_NONET and never with NOENT, DTDLOAD, DTDATTR or
 * HUGE; any encoding declaration is ignored (documents are UTF-8). A DOCTYPE is
 * refused three times over: by a byte scan before parsing ("<!DOCTYPE" anywhere,
 * even in a comment: cheap and safe), by the SAX internalSubset/externalSubset
 * hooks that stop the parser the moment it meets one (so no entity declaration
 * is ever read, in any encoding), and by a last look at doc->intSubset. Depth
 * and element count are counted in a wrapped startElementNs, which stops the
 * parser before building the first node over a limit, so a 10,000-deep or
 * 100,000-wide document costs only what was read up to the limit. Before any
 * of that, ingest_prescan (xml_prescan.c) bounds attributes, namespace
 * declarations and name lengths on the raw bytes, in linear time.
 *
 * Owns: nothing beyond a call; the returned doc belongs to the caller.
 *
 * Threads: re-entrant. Errors reach us through the parser context's own SAX
 * `serror` hook (per context). Errors libxml2 raises without a context go to the
 * per-thread structured handler (libxml2 keeps xmlStructuredError in
 * thread-local storage in threaded builds); we point it at our list for the
 * duration of the call and restore the caller's handler afterwards.
 *
 * Failure: a status and, when given an error list, messages with line numbers.
 * Memory is released on every path (checked under valgrind by test_ingest).
 */
#include "ingest_internal.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>

/* ---- error list ------------------------------------------------------------------ */

void ingest_errors_clear(struct ingest_errors *errs)
{
    if (errs == NULL)
        return;
    errs->count = 0;
    errs->dropped = 0;
}

/* Copy at most outsz-1 bytes of s, cutting only at a UTF-8 character boundary. */
static void copy_text(char *out, size_t outsz, const char *s)
{
    size_t n = strlen(s);

    if (outsz == 0)
        return;
    if (n >= outsz) {
        n = outsz - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(out, s, n);
    out[n] = '\0';
}

static struct ingest_error *errors_next(struct ingest_errors *errs)
{
    if (errs == NULL)
        return NULL;
    if (errs->count >= INGEST_MAX_ERRORS) {
        errs->dropped++;
        return NULL;
    }
    return &errs->e[errs->count++];
}

void ingest_errors_add(struct ingest_errors *errs, int line, const char *path, const char *fmt,
                       ...)
{
    struct ingest_error *e = errors_next(errs);
    char tmp[INGEST_MSG_BYTES * 2];
    va_list ap;

    if (e == NULL)
        return;
    e->line = line;
    e->code = 0;
    e->message_zh[0] = '\0';
    copy_text(e->path, sizeof(e->path), path != NULL ? path : "");
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    copy_text(e->message, sizeof(e->message), tmp);
}

/* libxml2's message made readable: newlines become "; " and our own namespaces
 * are dropped from Clark names ("{urn:tierd:application:gazelle:1}revenue"
 * becomes "revenue"; every element of a document is in one namespace anyway). */
static void tidy_message(char *out, size_t outsz, const char *s)
{
    static const char ours[] = "{urn:tierd:";
    size_t o = 0;

    while (*s != '\0' && o + 3 < outsz) {
        if (strncmp(s, ours, sizeof(ours) - 1) == 0 && strchr(s, '}') != NULL) {
            s = strchr(s, '}') + 1;
        } else if (*s == '\n') {
            out[o++] = ';';
            out[o++] = ' ';
            s++;
        } else {
            out[o++] = *s++;
        }
    }
    /* Do not end inside a UTF-8 sequence. */
    if (*s != '\0') {
        while (o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0x80)
            o--;
        if (o > 0 && (unsigned char)out[o - 1] >= 0xC0)
            o--;
    }
    out[o] = '\0';
}

void ingest_errors_add_xml(struct ingest_errors *errs, ingest_xml_error_ptr err)
{
    char path[INGEST_PATH_BYTES] = "";
    char msg[INGEST_MSG_BYTES];
    const xmlNode *node;
    size_t n;
    int line;

    if (errs == NULL || err == NULL)
        return;
    line = err->line;
    node = (const xmlNode *)err->node;
    if (node != NULL && (node->type == XML_ELEMENT_NODE || node->type == XML_ATTRIBUTE_NODE)) {
        ingest_node_path(node, path, sizeof(path));
        if (node->type == XML_ELEMENT_NODE)
            line = (int)xmlGetLineNo(node);
    }
    tidy_message(msg, sizeof(msg), err->message != NULL ? err->message : "unknown XML error");
    n = strlen(msg);
    while (n > 0 && (msg[n - 1] == ' ' || msg[n - 1] == ';'))
        msg[--n] = '\0';
    ingest_errors_add(errs, line > 0 ? line : 0, path, "%s", msg);
    if (errs->count > 0 && errs->dropped == 0)
        errs->e[errs->count - 1].code = err->code;
}

void ingest_errors_sink(void *data, ingest_xml_error_ptr err)
{
    ingest_errors_add_xml(data, err);
}

/* ---- paths ------------------------------------------------------------------------ */

static void path_append(char *out, size_t outsz, size_t *pos, const char *s)
{
    size_t n = strlen(s);

    if (*pos + 1 >= outsz)
        return;
    if (n > outsz - 1 - *pos)
        n = outsz - 1 - *pos;
    memcpy(out + *pos, s, n);
    *pos += n;
    out[*pos] = '\0';
}

static int same_name(const xmlNode *a, const xmlNode *b)
{
    const xmlChar *na = a->ns != NULL ? a->ns->href : NULL;
    const xmlChar *nb = b->ns != NULL ? b->ns->href : NULL;

    return b->type == XML_ELEMENT_NODE && xmlStrEqual(a->name, b->name) && xmlStrEqual(na, nb);
}

#define PATH_MAX_LEVELS 64

void ingest_node_path(const xmlNode *node, char *out, size_t outsz)
{
    const xmlNode *chain[PATH_MAX_LEVELS];
    const xmlNode *attr = NULL;
    const xmlNode *n;
    size_t pos = 0;
    int levels = 0, truncated = 0;

    if (outsz == 0)
        return;
    out[0] = '\0';
    if (node == NULL)
        return;
    if (node->type == XML_ATTRIBUTE_NODE) {
        attr = node;
        node = node->parent;
    }
    for (n = node; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent) {
        if (levels == PATH_MAX_LEVELS) {
            truncated = 1;
            break;
        }
        chain[levels++] = n;
    }
    if (truncated)
        path_append(out, outsz, &pos, "/...");
    while (levels-- > 0) {
        const xmlNode *e = chain[levels];
        const xmlNode *s;
        int idx = 1, others = 0;
        char num[24];

        for (s = e->prev; s != NULL; s = s->prev)
            if (same_name(e, s))
                idx++;
        for (s = e->next; s != NULL && !others; s = s->next)
            if (same_name(e, s))
                others = 1;
        path_append(out, outsz, &pos, "/");
        path_append(out, outsz, &pos, (const char *)e->name);
        if (idx > 1 || others) {
            snprintf(num, sizeof(num), "[%d]", idx);
            path_append(out, outsz, &pos, num);
        }
    }
    if (attr != NULL) {
        path_append(out, outsz, &pos, "/@");
        path_append(out, outsz, &pos, (const char *)attr->name);
    }
}

/* ---- limits ------------------------------------------------------------------------ */

void ingest_limits_default(struct ingest_limits *l)
{
    l->max_bytes = INGEST_DEFAULT_MAX_BYTES;
    l->max_depth = INGEST_DEFAULT_MAX_DEPTH;
    l->max_elements = INGEST_DEFAULT_MAX_ELEMENTS;
}

/* ---- the guarded parse -------------------------------------------------------------- */

/* NONET: no network even for a stray URI. NOCDATA: CDATA becomes plain text.
 * COMPACT: small text nodes stored inline (fewer allocations). BIG_LINES: line
 * numbers past 65535. IGNORE_ENC: the body is UTF-8 whatever it declares.
 * Deliberately absent: NOENT, DTDLOAD, DTDATTR, DTDVALID, HUGE, XINCLUDE. */
#define SAFE_OPTIONS                                                                         \
    (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT | XML_PARSE_BIG_LINES |         \
     XML_PARSE_IGNORE_ENC)

struct parse_state {
    struct ingest_errors *errs;
    int depth;
    int max_depth;
    long elements;
    long max_elements;
    enum ingest_status stop; /* INGEST_OK until a guard stops the parser */
};

static void guard_stop(xmlParserCtxtPtr ctxt, enum ingest_status st, const char *what)
{
    struct parse_state *ps = ctxt->_private;

    if (ps->stop == INGEST_OK) {
        ps->stop = st;
        ingest_errors_add(ps->errs, xmlSAX2GetLineNumber(ctxt), NULL, "%s", what);
    }
    xmlStopParser(ctxt);
}

static void guarded_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                          const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                          int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = ctx;
    struct parse_state *ps = ctxt->_private;

    if (ps->stop != INGEST_OK)
        return;
    ps->depth++;
    ps->elements++;
    if (ps->depth > ps->max_depth) {
        char msg[96];

        snprintf(msg, sizeof(msg), "elements nested deeper than %d levels", ps->max_depth);
        guard_stop(ctxt, INGEST_TOO_DEEP, msg);
        return;
    }
    if (ps->elements > ps->max_elements) {
        char msg[96];

        snprintf(msg, sizeof(msg), "more than %ld elements", ps->max_elements);
        guard_stop(ctxt, INGEST_TOO_MANY_NODES, msg);
        return;
    }
    xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
                          nb_defaulted, attributes);
}

static void guarded_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                        const xmlChar *uri)
{
    xmlParserCtxtPtr ctxt = ctx;
    struct parse_state *ps = ctxt->_private;

    if (ps->stop != INGEST_OK)
        return;
    ps->depth--;
    xmlSAX2EndElementNs(ctx, localname, prefix, uri);
}

static void refuse_subset(void *ctx, const xmlChar *name, const xmlChar *external_id,
                          const xmlChar *system_id)
{
    (void)name;
    (void)external_id;
    (void)system_id;
    guard_stop(ctx, INGEST_DOCTYPE, "document has a DOCTYPE; DTDs and entities are not accepted");
}

static void parse_error(void *data, ingest_xml_error_ptr err)
{
    xmlParserCtxtPtr ctxt = data;
    struct parse_state *ps = ctxt->_private;

    /* Once a guard stopped the parser, its own reason is the one that matters. */
    if (ps->stop != INGEST_OK)
        return;
    ingest_errors_add_xml(ps->errs, err);
}

/* A UTF-16/32 byte-order mark or a NUL in the first bytes: not UTF-8. */
static int looks_not_utf8(const unsigned char *b, size_t len)
{
    size_t i;

    if (len >= 2 && ((b[0] == 0xFE && b[1] == 0xFF) || (b[0] == 0xFF && b[1] == 0xFE)))
        return 1;
    for (i = 0; i < len && i < 4; i++)
        if (b[i] == 0)
            return 1;
    return 0;
}

/* The first "<!DOCTYPE" in buf, or NULL. '!' is rare in XML (comments, CDATA
 * and DOCTYPE only), so a vectorised memchr for it and a look around each hit
 * is far cheaper than memmem's general search, which cost nearly 1% of the
 * whole offline path on a 3 KB application (bench-validate, callgrind). */
static const char *find_doctype(const char *buf, size_t len)
{
    const char *end = buf + len;
    const char *p = memchr(buf, '!', len);

    while (p != NULL) {
        if (p > buf && p[-1] == '<' && (size_t)(end - p) >= 8 && memcmp(p + 1, "DOCTYPE", 7) == 0)
            return p - 1;
        p++;
        p = p < end ? memchr(p, '!', (size_t)(end - p)) : NULL;
    }
    return NULL;
}

enum ingest_status ingest_parse(const char *buf, size_t len, const struct ingest_limits *lim,
                                xmlDocPtr *doc, struct ingest_errors *errs)
{
    struct ingest_limits def;
    struct parse_state ps;
    xmlParserCtxtPtr ctxt = NULL;
    xmlStructuredErrorFunc saved_fn;
    void *saved_ctx;
    xmlDocPtr d = NULL;
    const char *dt;
    enum ingest_status st;

    if (doc == NULL)
        return INGEST_BAD_ARG;
    *doc = NULL;
    if (buf == NULL)
        return INGEST_BAD_ARG;
    if (lim == NULL) {
        ingest_limits_default(&def);
        lim = &def;
    }
    if (len > lim->max_bytes || len > (size_t)INT_MAX) {
        ingest_errors_add(errs, 0, NULL, "document is %zu bytes; at most %zu are accepted", len,
                          lim->max_bytes < (size_t)INT_MAX ? lim->max_bytes : (size_t)INT_MAX);
        return INGEST_TOO_LARGE;
    }
    if (len == 0) {
        ingest_errors_add(errs, 0, NULL, "document is empty");
        return INGEST_NOT_WELL_FORMED;
    }
    if (looks_not_utf8((const unsigned char *)buf, len)) {
        ingest_errors_add(errs, 1, NULL, "document is not UTF-8 (UTF-16/32 or NUL bytes)");
        return INGEST_NOT_WELL_FORMED;
    }
    dt = find_doctype(buf, len);
    if (dt != NULL) {
        int line = 1;
        const char *p;

        for (p = buf; p < dt; p++)
            line += *p == '\n';
        ingest_errors_add(errs, line, NULL,
                          "document has a DOCTYPE; DTDs and entities are not accepted");
        return INGEST_DOCTYPE;
    }
    /* Attributes and namespaces bounded in linear time, before libxml2
     * spends quadratic time on them (xml_prescan.c). */
    st = ingest_prescan(buf, len, NULL, errs);
    if (st != INGEST_OK)
        return st;

    memset(&ps, 0, sizeof(ps));
    ps.errs = errs;
    ps.max_depth = lim->max_depth;
    ps.max_elements = lim->max_elements;
    ps.stop = INGEST_OK;

    /* Errors raised without a parser context (tree building, memory) land in
     * this thread's structured handler: ours for the duration of the call. */
    saved_fn = xmlStructuredError;
    saved_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(errs, ingest_errors_sink);

    ctxt = xmlCreateMemoryParserCtxt(buf, (int)len);
    if (ctxt == NULL) {
        st = INGEST_NOMEM;
        goto done;
    }
    xmlCtxtUseOptions(ctxt, SAFE_OPTIONS);
    ctxt->_private = &ps;
    ctxt->sax->startElementNs = guarded_start;
    ctxt->sax->endElementNs = guarded_end;
    ctxt->sax->internalSubset = refuse_subset;
    ctxt->sax->externalSubset = refuse_subset;
    ctxt->sax->serror = parse_error;

    xmlParseDocument(ctxt);
    d = ctxt->myDoc;
    ctxt->myDoc = NULL;

    if (ps.stop != INGEST_OK) {
        st = ps.stop;
    } else if (ctxt->errNo == XML_ERR_NO_MEMORY) {
        st = INGEST_NOMEM;
    } else if (!ctxt->wellFormed || !ctxt->nsWellFormed || d == NULL ||
               xmlDocGetRootElement(d) == NULL) {
        if (errs != NULL && errs->count == 0)
            ingest_errors_add(errs, 0, NULL, "document is not well-formed XML");
        st = INGEST_NOT_WELL_FORMED;
    } else if (d->intSubset != NULL || d->extSubset != NULL) {
        ingest_errors_add(errs, 0, NULL,
                          "document has a DOCTYPE; DTDs and entities are not accepted");
        st = INGEST_DOCTYPE;
    } else {
        st = INGEST_OK;
    }

done:
    xmlSetStructuredErrorFunc(saved_ctx, saved_fn);
    if (ctxt != NULL)
        xmlFreeParserCtxt(ctxt);
    if (st == INGEST_OK)
        *doc = d;
    else if (d != NULL)
        xmlFreeDoc(d);
    return st;
}
