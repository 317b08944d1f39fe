/*
 * buf.c — growable byte buffer with a hard cap (see include/tier/buf.h).
 *
 * Memory grows by doubling, never past cap + 1 (the NUL). Failing appends leave
 * the buffer untouched. The XML escaper also guarantees well-formed character
 * data: bytes that are not UTF-8 of an XML character come out as U+FFFD. Not
 * thread-safe: a buffer belongs to one thread.
 */
#include "tier/buf.h"

#include "tier/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(struct buf *b, size_t cap)
{
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
    b->cap = cap;
}

void buf_free(struct buf *b)
{
    if (b == NULL)
        return;
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->data != NULL)
        b->data[0] = '\0';
}

static int buf_reserve(struct buf *b, size_t extra)
{
    size_t need, n;
    char *p;

    if (extra > b->cap || b->len > b->cap - extra)
        return -1;
    need = b->len + extra + 1;
    if (need <= b->alloc)
        return 0;
    n = b->alloc ? b->alloc : 64;
    while (n < need)
        n *= 2;
    if (n > b->cap + 1)
        n = b->cap + 1;
    p = realloc(b->data, n);
    if (p == NULL)
        return -1;
    b->data = p;
    b->alloc = n;
    return 0;
}

int buf_grow(struct buf *b, size_t extra)
{
    return buf_reserve(b, extra);
}

int buf_add(struct buf *b, const void *p, size_t n)
{
    if (buf_reserve(b, n) != 0)
        return -1;
    if (n > 0)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

/* Undo the appends of a failed call: back to `start` bytes, terminated.
 * Returns -1, the failed call's answer. */
static int buf_cut(struct buf *b, size_t start)
{
    b->len = start;
    if (b->data != NULL)
        b->data[start] = '\0';
    return -1;
}

int buf_add_stream(struct buf *b, FILE *f, int *too_big)
{
    size_t start = b->len, n;
    char chunk[8192];

    *too_big = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (buf_add(b, chunk, n) != 0) {
            *too_big = 1;
            goto fail;
        }
    }
    if (!ferror(f))
        return 0;
fail:
    return buf_cut(b, start);
}

int buf_adds(struct buf *b, const char *s)
{
    return buf_add(b, s, strlen(s));
}

int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    int n;

    /* one pass when it fits in what is allocated, a second after growing */
    va_copy(ap2, ap);
    if (b->data != NULL && b->alloc > b->len)
        n = vsnprintf(b->data + b->len, b->alloc - b->len, fmt, ap2);
    else
        n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        if (b->data != NULL && b->alloc > b->len)
            b->data[b->len] = '\0';
        return -1;
    }
    if (b->data != NULL && (size_t)n < b->alloc - b->len) {
        if (b->len + (size_t)n > b->cap) {
            b->data[b->len] = '\0';
            return -1;
        }
        b->len += (size_t)n;
        return 0;
    }
    if (buf_reserve(b, (size_t)n) != 0) {
        if (b->data != NULL && b->alloc > b->len)
            b->data[b->len] = '\0';
        return -1;
    }
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

/* See buf.h. */
size_t xml_char_len(const unsigned char *s, size_t n)
{
    uint32_t cp;
    size_t len = utf8_decode(s, n, &cp);

    return len > 0 && utf8_is_xml_char(cp) ? len : 0;
}

int buf_add_xml(struct buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t start = b->len, i, run = 0;

    for (i = 0; i < n; i++) {
        const char *rep = NULL;
        size_t skip = 1;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&apos;"; break;
        default:
            /* Text cut inside a character ("%.32s" of CJK), or bytes that are
             * not UTF-8 at all, would make the whole document ill-formed:
             * each offending byte becomes U+FFFD. */
            if (u[i] >= 0x20 && u[i] < 0x80)
                break;
            /* U+1000..U+CFFF (CJK among them): three bytes, every one an XML
             * character, no surrogate among them */
            if (u[i] >= 0xE1 && u[i] <= 0xEC && n - i >= 3 && (u[i + 1] & 0xC0u) == 0x80u &&
                (u[i + 2] & 0xC0u) == 0x80u) {
                skip = 3;
                break;
            }
            skip = xml_char_len(u + i, n - i);
            if (skip == 0)
                rep = "\xEF\xBF\xBD";
            break;
        }
        if (rep == NULL) {
            i += skip - 1;
            continue;
        }
        if (buf_add(b, s + run, i - run) != 0 || buf_adds(b, rep) != 0)
            goto fail;
        run = i + 1;
    }
    if (buf_add(b, s + run, n - run) != 0)
        goto fail;
    return 0;
fail:
    return buf_cut(b, start);
}

int buf_adds_xml(struct buf *b, const char *s)
{
    return buf_add_xml(b, s, strlen(s));
}

char *buf_detach(struct buf *b, size_t *len)
{
    char *p = b->data;

    if (p == NULL) {
        p = calloc(1, 1);
        if (p == NULL)
            return NULL;
    }
    if (len != NULL)
        *len = b->len;
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
    return p;
}
