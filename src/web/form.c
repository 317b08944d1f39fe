/*
 * form.c — application/x-www-form-urlencoded bodies (see web_form.h).
 *
 * One pass over the body: split at '&', each pair at the first '=', decode
 * '+' and %XX into an arena allocated once (decoding never grows text, so
 * body length + 2 bytes per field is enough, after one slot per field the
 * limits allow). Every cap is checked before the byte that would pass it is
 * written. Two sets of caps: the small forms of the reviewers and the
 * generated application forms (web_form.h). Pure; thread-safe per form.
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

const struct web_form_limits web_form_small = {WEB_FORM_BODY_MAX, WEB_FORM_FIELDS_MAX,
                                                WEB_FORM_NAME_MAX, WEB_FORM_VALUE_MAX, 0};
const struct web_form_limits web_form_apply = {WEB_FORM_APPLY_BODY_MAX,
                                                WEB_FORM_APPLY_FIELDS_MAX,
                                                WEB_FORM_APPLY_NAME_MAX, WEB_FORM_VALUE_MAX, 1};

static int name_ok(const char *s, int paths)
{
    if (*s == '\0')
        return 0;
    for (; *s; s++) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || (paths && (c == '.' || c == '@'))))
            return 0;
    }
    return 1;
}

int web_form_parse(const char *body, size_t len, struct web_form *f, char *err, size_t errsz)
{
    return web_form_parse_limits(body, len, &web_form_small, f, err, errsz);
}

int web_form_parse_limits(const char *body, size_t len, const struct web_form_limits *lim,
                          struct web_form *f, char *err, size_t errsz)
{
    size_t pos = 0, used = 0, arena_sz, slots;
    size_t field = 0;

    memset(f, 0, sizeof *f);
    if (len > lim->body_max) {
        snprintf(err, errsz, "form body of %zu bytes is over the cap of %zu", len,
                 lim->body_max);
        return -1;
    }
    /* the field slots first (aligned), then names and values */
    slots = lim->fields_max * sizeof(struct web_form_field);
    arena_sz = slots + len + 2 * (lim->fields_max + 1);
    f->arena = malloc(arena_sz);
    if (f->arena == NULL) {
        snprintf(err, errsz, "out of memory reading the form");
        return -1;
    }
    f->f = (struct web_form_field *)(void *)f->arena;
    used = slots;
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
        if (f->n == lim->fields_max) {
            snprintf(err, errsz, "field %zu: more than %zu fields in one form", field,
                     lim->fields_max);
            goto fail;
        }
        if (nlen > 3 * lim->name_max) {
            snprintf(err, errsz, "field %zu: name over %zu bytes", field, lim->name_max);
            goto fail;
        }
        dn = decode(pair, nlen, name);
        if (dn < 0 || (size_t)dn > lim->name_max || !name_ok(name, lim->paths)) {
            snprintf(err, errsz, "field %zu: the name is not 1-%zu characters of A-Z a-z 0-9 _ -%s",
                     field, lim->name_max, lim->paths ? " . @" : "");
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
        if ((size_t)dv > lim->value_max) {
            snprintf(err, errsz, "field %zu (%s): value over %zu bytes", field, name,
                     lim->value_max);
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
