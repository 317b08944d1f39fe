/*
 * form_multipart.c — multipart/form-data bodies (see web_multipart.h).
 *
 * One pass: the boundary from the Content-Type, then each part between
 * "--boundary" delimiters, its headers up to the blank line (capped), its
 * name from Content-Disposition. Every search is bounded by the body's
 * length (memmem), so a body without its closing delimiter is refused, not
 * read past. Pure; nothing allocated.
 */
#include "tier/web_multipart.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The boundary parameter of ct into out (cap bytes). 0 or -1. */
static int boundary_of(const char *ct, char *out, size_t cap)
{
    const char *b;
    size_t n;

    if (ct == NULL || strncasecmp(ct, "multipart/form-data", 19) != 0)
        return -1;
    b = strcasestr(ct, "boundary=");
    if (b == NULL)
        return -1;
    b += 9;
    if (*b == '"') {
        b++;
        n = strcspn(b, "\"");
    } else {
        n = strcspn(b, "; \t");
    }
    if (n == 0 || n > 70 || n >= cap)
        return -1;
    memcpy(out, b, n);
    out[n] = '\0';
    return 0;
}

/* The value of param="…" in a header line h (hlen bytes) into out. 1 found,
 * 0 not, -1 too long. */
static int header_param(const char *h, size_t hlen, const char *param, char *out, size_t cap)
{
    size_t pl = strlen(param);

    for (size_t i = 0; i + pl + 2 <= hlen; i++) {
        const char *v;
        const char *end;

        if ((i > 0 && h[i - 1] != ' ' && h[i - 1] != ';') ||
            strncasecmp(h + i, param, pl) != 0 || h[i + pl] != '=' || h[i + pl + 1] != '"')
            continue;
        v = h + i + pl + 2;
        end = memchr(v, '"', hlen - (size_t)(v - h));
        if (end == NULL || (size_t)(end - v) >= cap)
            return -1;
        memcpy(out, v, (size_t)(end - v));
        out[end - v] = '\0';
        return 1;
    }
    return 0;
}

int web_multipart_parse(const char *content_type, const char *body, size_t len,
                        struct web_multipart *m, char *err, size_t errsz)
{
    char bnd[80], delim[84];
    size_t dl;
    const char *p, *end = body + len;

    memset(m, 0, sizeof *m);
    if (boundary_of(content_type, bnd, sizeof bnd) != 0) {
        snprintf(err, errsz, "the Content-Type is not multipart/form-data with a boundary of "
                             "1-70 characters");
        return -1;
    }
    dl = (size_t)snprintf(delim, sizeof delim, "--%s", bnd);
    p = body != NULL ? memmem(body, len, delim, dl) : NULL;
    if (p == NULL) {
        snprintf(err, errsz, "the body holds no boundary delimiter");
        return -1;
    }
    for (;;) {
        const char *h, *hend, *next;
        struct web_multipart_part *part;
        char fname[8];
        int r;

        p += dl;
        if ((size_t)(end - p) >= 2 && p[0] == '-' && p[1] == '-')
            return 0; /* the closing delimiter */
        if ((size_t)(end - p) < 2 || p[0] != '\r' || p[1] != '\n') {
            snprintf(err, errsz, "part %zu: the delimiter is not followed by CRLF", m->n + 1);
            return -1;
        }
        h = p + 2;
        if (m->n == WEB_MULTIPART_PARTS) {
            snprintf(err, errsz, "more than %d parts", WEB_MULTIPART_PARTS);
            return -1;
        }
        hend = memmem(h, (size_t)(end - h) < WEB_MULTIPART_HEADER_MAX + 4
                             ? (size_t)(end - h) : WEB_MULTIPART_HEADER_MAX + 4,
                      "\r\n\r\n", 4);
        if (hend == NULL) {
            snprintf(err, errsz, "part %zu: headers longer than %d bytes or unterminated",
                     m->n + 1, WEB_MULTIPART_HEADER_MAX);
            return -1;
        }
        part = &m->p[m->n];
        r = header_param(h, (size_t)(hend - h), "name", part->name, sizeof part->name);
        if (r <= 0) {
            snprintf(err, errsz, "part %zu: %s", m->n + 1,
                     r < 0 ? "a name over 64 bytes" : "no name in its Content-Disposition");
            return -1;
        }
        part->is_file = header_param(h, (size_t)(hend - h), "filename", fname, sizeof fname) != 0;
        part->data = hend + 4;
        /* the data ends at CRLF and the next delimiter */
        next = memmem(part->data, (size_t)(end - part->data), delim, dl);
        if (next == NULL || next - part->data < 2 || next[-2] != '\r' || next[-1] != '\n') {
            snprintf(err, errsz, "part %zu (%s): not closed by a delimiter", m->n + 1,
                     part->name);
            return -1;
        }
        part->len = (size_t)(next - 2 - part->data);
        if (web_multipart_get(m, part->name) != NULL) {
            snprintf(err, errsz, "part %zu (%s): given twice", m->n + 1, part->name);
            return -1;
        }
        m->n++;
        p = next;
    }
}

const struct web_multipart_part *web_multipart_get(const struct web_multipart *m,
                                                   const char *name)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->p[i].name, name) == 0)
            return &m->p[i];
    return NULL;
}
