/*
 * xml_prescan.c — a linear look at the raw bytes of an untrusted document
 * before libxml2 sees them (issue 13).
 *
 * Why: libxml2 2.9.14 checks an element's attributes for duplicates pair by
 * pair, so one element with 200,000 attributes costs it minutes of CPU, and
 * its own limits (depth, name length) do not bound that. The element-count
 * and depth guards of xml_safe.c run inside libxml2's SAX callbacks, after
 * the attribute work is done. This scan runs first and refuses a document
 * that goes over any of the bounds of struct ingest_prescan_limits
 * (attributes per element, attributes and namespace declarations in the
 * whole document, name and attribute-value lengths). With the defaults
 * (include/tier/ingest.h) the attribute work libxml2 may then do is at most
 * INGEST_PRESCAN_ATTRS_PER_ELEMENT² comparisons per element.
 *
 * How: one pass, each byte looked at a bounded number of times (memchr and
 * memmem over the skipped spans: comments, processing instructions, CDATA,
 * quoted values). It knows just enough XML to find start tags and their
 * attributes; it is not a parser and accepts what it does not understand:
 * a tag it cannot follow is skipped to its next '>', and the counts go on,
 * so nothing malformed hides attributes that come later. Whether the
 * document is well-formed is libxml2's to say. It keeps the names of the
 * open elements (up to the path buffer) so that a refusal says where.
 *
 * Owns nothing; no global state; any thread may call it. Fails only by
 * refusing, with one message in the error list.
 */
#include "ingest_internal.h"

#include <stdio.h>
#include <string.h>

void ingest_prescan_limits_default(struct ingest_prescan_limits *l)
{
    l->max_attrs_per_element = INGEST_PRESCAN_ATTRS_PER_ELEMENT;
    l->max_attrs = INGEST_PRESCAN_ATTRS;
    l->max_ns_decls = INGEST_PRESCAN_NS_DECLS;
    l->max_name_bytes = INGEST_PRESCAN_NAME_BYTES;
    l->max_value_bytes = INGEST_PRESCAN_VALUE_BYTES;
}

struct scan {
    const char *p, *end;
    int line;
    char path[INGEST_PATH_BYTES];  /* "/application/enterprise", cut at the buffer */
    size_t path_len[64];           /* path length before each open element */
    int depth;                     /* open elements (may exceed what path_len holds) */
};

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int ends_name(char c)
{
    return is_space(c) || c == '/' || c == '>' || c == '=';
}

/* Move s->p to `to`, counting the lines passed. */
static void advance(struct scan *s, const char *to)
{
    for (const char *q = s->p; q < to; q++)
        s->line += *q == '\n';
    s->p = to;
}

/* Skip past the terminator `t` (or to the end), counting lines. */
static void skip_past(struct scan *s, const char *t)
{
    size_t tl = strlen(t);
    const char *hit = memmem(s->p, (size_t)(s->end - s->p), t, tl);

    advance(s, hit != NULL ? hit + tl : s->end);
}

static void push(struct scan *s, const char *name, size_t n)
{
    size_t at = strlen(s->path);

    if (s->depth < (int)(sizeof s->path_len / sizeof s->path_len[0]))
        s->path_len[s->depth] = at;
    s->depth++;
    snprintf(s->path + at, sizeof s->path - at, "/%.*s", (int)n, name);
}

static void pop(struct scan *s)
{
    if (s->depth == 0)
        return;
    s->depth--;
    if (s->depth < (int)(sizeof s->path_len / sizeof s->path_len[0]))
        s->path[s->path_len[s->depth]] = '\0';
}

/* The path of an element about to be opened, for a message. */
static void path_with(const struct scan *s, const char *name, size_t n, char *out, size_t outsz)
{
    int k = snprintf(out, outsz, "%s/%.*s", s->path, (int)(n > 128 ? 128 : n), name);

    if (k < 0 || (size_t)k >= outsz)
        out[outsz - 1] = '\0'; /* cut short: the path only serves a message */
}

/* Is the attribute name a namespace declaration (xmlns or xmlns:p)? */
static int is_ns_decl(const char *name, size_t n)
{
    return (n == 5 && memcmp(name, "xmlns", 5) == 0) ||
           (n > 6 && memcmp(name, "xmlns:", 6) == 0);
}

enum ingest_status ingest_prescan(const char *buf, size_t len,
                                  const struct ingest_prescan_limits *lim,
                                  struct ingest_errors *errs)
{
    struct ingest_prescan_limits def;
    struct scan s;
    long attrs = 0, ns_decls = 0;
    char where[INGEST_PATH_BYTES];

    if (buf == NULL)
        return INGEST_BAD_ARG;
    if (lim == NULL) {
        ingest_prescan_limits_default(&def);
        lim = &def;
    }
    memset(&s, 0, sizeof s);
    s.p = buf;
    s.end = buf + len;
    s.line = 1;

    while (s.p < s.end) {
        const char *lt = memchr(s.p, '<', (size_t)(s.end - s.p));
        const char *name;
        size_t n;
        int in_element = 0;

        if (lt == NULL)
            break;
        advance(&s, lt + 1);
        if ((size_t)(s.end - s.p) >= 3 && memcmp(s.p, "!--", 3) == 0) {
            skip_past(&s, "-->");
            continue;
        }
        if ((size_t)(s.end - s.p) >= 8 && memcmp(s.p, "![CDATA[", 8) == 0) {
            skip_past(&s, "]]>");
            continue;
        }
        if (s.p < s.end && *s.p == '?') {
            skip_past(&s, "?>");
            continue;
        }
        if (s.p < s.end && (*s.p == '!' || *s.p == '/')) {
            if (*s.p == '/')
                pop(&s);
            skip_past(&s, ">");
            continue;
        }
        /* a start tag: its name, then its attributes */
        name = s.p;
        while (s.p < s.end && !ends_name(*s.p) && *s.p != '<')
            s.p++;
        n = (size_t)(s.p - name);
        if (n == 0) {
            continue; /* "<" followed by junk: libxml2 will say so */
        }
        if (n > lim->max_name_bytes) {
            ingest_errors_add(errs, s.line, s.path[0] ? s.path : "/",
                              "an element name of %zu bytes is longer than the %zu bytes "
                              "allowed; refused before parsing",
                              n, lim->max_name_bytes);
            return INGEST_TOO_COMPLEX;
        }
        {
            long here = 0;

            for (;;) {
                const char *an, *q;
                size_t alen;
                char quote;

                while (s.p < s.end && is_space(*s.p)) {
                    s.line += *s.p == '\n';
                    s.p++;
                }
                if (s.p >= s.end || *s.p == '<')
                    break; /* unterminated tag: libxml2 will say so */
                if (*s.p == '>') {
                    s.p++;
                    in_element = 1;
                    break;
                }
                if (*s.p == '/') {
                    skip_past(&s, ">"); /* "/>": an empty element, nothing to open */
                    break;
                }
                an = s.p;
                while (s.p < s.end && !ends_name(*s.p) && *s.p != '<')
                    s.p++;
                alen = (size_t)(s.p - an);
                while (s.p < s.end && is_space(*s.p)) {
                    s.line += *s.p == '\n';
                    s.p++;
                }
                if (alen == 0 || s.p >= s.end || *s.p != '=') {
                    skip_past(&s, ">"); /* not an attribute: skip the tag, keep counting */
                    break;
                }
                s.p++;
                while (s.p < s.end && is_space(*s.p)) {
                    s.line += *s.p == '\n';
                    s.p++;
                }
                if (s.p >= s.end || (*s.p != '"' && *s.p != '\'')) {
                    skip_past(&s, ">");
                    break;
                }
                quote = *s.p++;
                q = memchr(s.p, quote, (size_t)(s.end - s.p));
                if (q == NULL) {
                    advance(&s, s.end);
                    break;
                }
                here++;
                attrs++;
                ns_decls += is_ns_decl(an, alen);
                if (alen > lim->max_name_bytes || (size_t)(q - s.p) > lim->max_value_bytes ||
                    here > lim->max_attrs_per_element || attrs > lim->max_attrs ||
                    ns_decls > lim->max_ns_decls)
                    path_with(&s, name, n, where, sizeof where);
                if (alen > lim->max_name_bytes) {
                    ingest_errors_add(errs, s.line, where,
                                      "an attribute name of %zu bytes is longer than the %zu "
                                      "bytes allowed; refused before parsing",
                                      alen, lim->max_name_bytes);
                    return INGEST_TOO_COMPLEX;
                }
                if ((size_t)(q - s.p) > lim->max_value_bytes) {
                    ingest_errors_add(errs, s.line, where,
                                      "attribute %.*s has a value of %zu bytes, more than the "
                                      "%zu bytes allowed; refused before parsing",
                                      (int)(alen > 64 ? 64 : alen), an, (size_t)(q - s.p),
                                      lim->max_value_bytes);
                    return INGEST_TOO_COMPLEX;
                }
                if (here > lim->max_attrs_per_element) {
                    ingest_errors_add(errs, s.line, where,
                                      "element %.*s has more than %ld attributes (the most "
                                      "one element may have); refused before parsing, since "
                                      "the parser's work grows with the square of that count",
                                      (int)(n > 64 ? 64 : n), name,
                                      lim->max_attrs_per_element);
                    return INGEST_TOO_COMPLEX;
                }
                if (attrs > lim->max_attrs) {
                    ingest_errors_add(errs, s.line, where,
                                      "the document has more than %ld attributes in all (the "
                                      "most one document may have); refused before parsing",
                                      lim->max_attrs);
                    return INGEST_TOO_COMPLEX;
                }
                if (ns_decls > lim->max_ns_decls) {
                    ingest_errors_add(errs, s.line, where,
                                      "the document declares more than %ld namespaces (xmlns "
                                      "attributes; the most one document may have); refused "
                                      "before parsing",
                                      lim->max_ns_decls);
                    return INGEST_TOO_COMPLEX;
                }
                advance(&s, q + 1);
            }
        }
        if (in_element)
            push(&s, name, n);
    }
    return INGEST_OK;
}
