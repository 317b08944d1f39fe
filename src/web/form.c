/*
 * form.c — application/x-www-form-urlencoded bodies (see web_form.h).
 *
 * One pass over the body: split at '&', each pair at the first '=', decode
 * '+' and %XX into an arena allocated once (decoding never grows text, so
 * body length + 2 bytes per field is enough). Every cap is checked before the
 * byte that would pass it is written. Pure; thread-safe per form.
 */
#include "tier/web_form.h"

#include "tier/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode s[0..n) into out; returns the decoded length or -1 (bad escape). */
static long decode(const char *s, size_t n, char *out)
{
    size_t o = 0;

    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') {
            out[o++] = ' ';
        } else if (s[i] == '%') {
            int hi, lo;
            if (i + 2 >= n)
                return -1;
            hi = hexval(s[i + 1]);
            lo = hexval(s[i + 2]);
            if (hi < 0 || lo < 0)
                return -1;
            out[o++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    return (long)o;
}

/* Text a form may carry: characters XML allows (so a value can go into a
 * page or a decision document as it is), without DEL. */
static int text_ok(const unsigned char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        size_t k = xml_char_len(s + i, n - i);
        if (k == 0 || s[i] == 0x7f)
            return 0;
        i += k;
    }
    return 1;
}

static int name_ok(const char *s)
{
    if (*s == '\0')
        return 0;
    for (; *s; s++) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

int web_form_parse(const char *body, size_t len, struct web_form *f, char *err, size_t errsz)
{
    size_t pos = 0, used = 0, arena_sz;
    size_t field = 0;

    memset(f, 0, sizeof *f);
    if (len > WEB_FORM_BODY_MAX) {
        snprintf(err, errsz, "form body of %zu bytes is over the cap of %u", len,
                 WEB_FORM_BODY_MAX);
        return -1;
    }
    arena_sz = len + 2 * (WEB_FORM_FIELDS_MAX + 1);
    f->arena = malloc(arena_sz);
    if (f->arena == NULL) {
        snprintf(err, errsz, "out of memory reading the form");
        return -1;
    }
    while (pos < len) {
        const char *pair = body + pos;
        const char *amp = memchr(pair, '&', len - pos);
        size_t plen = amp ? (size_t)(amp - pair) : len - pos;
        const char *eq = memchr(pair, '=', plen);
        size_t nlen = eq ? (size_t)(eq - pair) : plen;
        size_t vlen = eq ? plen - nlen - 1 : 0;
        char *name = f->arena + used;
        long dn, dv;
        char *value;

        pos += plen + 1;
        field++;
        if (plen == 0)
            continue; /* "a=1&&b=2": an empty pair is nothing */
        if (f->n == WEB_FORM_FIELDS_MAX) {
            snprintf(err, errsz, "field %zu: more than %d fields in one form", field,
                     WEB_FORM_FIELDS_MAX);
            goto fail;
        }
        if (nlen > 3 * WEB_FORM_NAME_MAX) {
            snprintf(err, errsz, "field %zu: name over %d bytes", field, WEB_FORM_NAME_MAX);
            goto fail;
        }
        dn = decode(pair, nlen, name);
        if (dn < 0 || (size_t)dn > WEB_FORM_NAME_MAX || !name_ok(name)) {
            snprintf(err, errsz, "field %zu: the name is not 1-%d characters of A-Z a-z 0-9 _ -",
                     field, WEB_FORM_NAME_MAX);
            goto fail;
        }
        used += (size_t)dn + 1;
        if (web_form_get(f, name) != NULL) {
            snprintf(err, errsz, "field %zu (%s): given twice", field, name);
            goto fail;
        }
        value = f->arena + used;
        dv = decode(eq ? eq + 1 : "", vlen, value);
        if (dv < 0) {
            snprintf(err, errsz, "field %zu (%s): a %% not followed by two hex digits", field,
                     name);
            goto fail;
        }
        if ((size_t)dv > WEB_FORM_VALUE_MAX) {
            snprintf(err, errsz, "field %zu (%s): value over %d bytes", field, name,
                     WEB_FORM_VALUE_MAX);
            goto fail;
        }
        if (!text_ok((const unsigned char *)value, (size_t)dv)) {
            snprintf(err, errsz, "field %zu (%s): not UTF-8 text (a NUL, a control character "
                                 "or a broken sequence)", field, name);
            goto fail;
        }
        used += (size_t)dv + 1;
        f->f[f->n].name = name;
        f->f[f->n].value = value;
        f->f[f->n].value_len = (size_t)dv;
        f->n++;
    }
    return 0;
fail:
    web_form_free(f);
    return -1;
}

const char *web_form_get(const struct web_form *f, const char *name)
{
    for (size_t i = 0; i < f->n; i++) {
        if (strcmp(f->f[i].name, name) == 0)
            return f->f[i].value;
    }
    return NULL;
}

void web_form_free(struct web_form *f)
{
    if (f == NULL)
        return;
    free(f->arena);
    memset(f, 0, sizeof *f);
}
