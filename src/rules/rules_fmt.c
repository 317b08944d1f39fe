/*
 * rules_fmt.c — a small printf for the rules' display text.
 *
 * Every finding carries a sentence, a measured value, a threshold and an
 * XPath, built with printf-style formats; glibc's vsnprintf was most of the
 * rules' cost (bench-validate). The rules use only %s, %.Ns, %d, %0Nd, %ld,
 * %lld, %u, %zu and %%, which this formats directly; any other conversion
 * hands the whole call to vsnprintf, so the result is always what snprintf
 * would give. Same contract as snprintf: the output is NUL-terminated and
 * cut to `n` bytes, and the return value is the length it would have had.
 * Pure, reentrant.
 */
#include "rules_int.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct out {
    char *p;
    size_t n, len; /* capacity (with the NUL) and bytes produced */
};

static void put(struct out *o, const char *s, size_t k)
{
    if (o->len + 1 < o->n) {
        size_t room = o->n - 1 - o->len;
        memcpy(o->p + o->len, s, k < room ? k : room);
    }
    o->len += k;
}

static void put_num(struct out *o, unsigned long long v, int neg, int width, int zero)
{
    char buf[24];
    int i = (int)sizeof buf, digits;

    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    digits = (int)sizeof buf - i;
    if (zero) {
        if (neg)
            put(o, "-", 1);
        for (int k = digits + neg; k < width; k++)
            put(o, "0", 1);
    } else {
        for (int k = digits + neg; k < width; k++)
            put(o, " ", 1);
        if (neg)
            put(o, "-", 1);
    }
    put(o, buf + i, (size_t)digits);
}

int rules_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
    struct out o = {buf, n, 0};
    va_list start;
    const char *f = fmt;

    va_copy(start, ap);
    while (*f) {
        const char *pct = strchr(f, '%');
        int zero = 0, width = 0, prec = -1, lng = 0, size_t_arg = 0;

        if (pct == NULL) {
            put(&o, f, strlen(f));
            break;
        }
        put(&o, f, (size_t)(pct - f));
        f = pct + 1;
        if (*f == '0') {
            zero = 1;
            f++;
        }
        while (*f >= '0' && *f <= '9')
            width = width * 10 + (*f++ - '0');
        if (*f == '.') {
            prec = 0;
            f++;
            while (*f >= '0' && *f <= '9')
                prec = prec * 10 + (*f++ - '0');
        }
        while (*f == 'l') {
            lng++;
            f++;
        }
        if (*f == 'z') {
            size_t_arg = 1;
            f++;
        }
        switch (*f) {
        case '%':
            put(&o, "%", 1);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            size_t k;
            if (s == NULL)
                s = "(null)";
            k = prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s);
            for (size_t pad = k; (int)pad < width; pad++)
                put(&o, " ", 1);
            put(&o, s, k);
            break;
        }
        case 'd': {
            long long v = lng >= 2 ? va_arg(ap, long long) : lng == 1 ? va_arg(ap, long)
                                                                       : va_arg(ap, int);
            unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
            if (prec >= 0 || size_t_arg)
                goto fallback;
            put_num(&o, u, v < 0, width, zero);
            break;
        }
        case 'u': {
            unsigned long long v = size_t_arg  ? va_arg(ap, size_t)
                                   : lng >= 2  ? va_arg(ap, unsigned long long)
                                   : lng == 1  ? va_arg(ap, unsigned long)
                                               : va_arg(ap, unsigned int);
            if (prec >= 0)
                goto fallback;
            put_num(&o, v, 0, width, zero);
            break;
        }
        default:
            goto fallback;
        }
        f++;
    }
    if (n > 0)
        buf[o.len < n ? o.len : n - 1] = '\0';
    va_end(start);
    return o.len > INT_MAX ? INT_MAX : (int)o.len;
fallback:
    {
        int r = vsnprintf(buf, n, fmt, start);
        va_end(start);
        return r;
    }
}

int rules_snprintf(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = rules_vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return r;
}
