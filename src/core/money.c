/*
 * money.c — yuan strings to integer fen, exact ratio tests, display formats
 * (see include/tier/money.h).
 *
 * A verdict such as "R&D >= 3% of revenue" must never depend on rounding, so
 * no floating point appears here. Amounts are parsed digit by digit with an
 * overflow check before every step; thresholds compare num*q with den*p in
 * 128-bit integers, where two int64 factors cannot overflow. The grammar is
 * deliberately narrower than xs:decimal: "1." and ".5" are refused (a digit on
 * each side of the point), as are '+', exponents, spaces and separators, so a
 * value means exactly what it says. Leading zeros are accepted ("007.50"): the
 * value, not the digit count, is capped at MONEY_MAX_FEN.
 *
 * Pure functions on caller memory: no allocation, no global state, safe from
 * any thread. Failures return -1 and leave outputs untouched.
 */
#include "tier/money.h"

#include <assert.h>

/* Write `mag` hundredths as "<int>.<2 digits>", with a leading '-' when `neg`,
 * followed by `suffix` (may be ""). Returns the length, or -1 if it would not
 * fit in outsz with its NUL; out is untouched on failure. */
static int format_hundredths(int neg, uint64_t mag, const char *suffix, char *out,
                             size_t outsz)
{
    char tmp[32]; /* 20 digits of uint64, '.', '-', suffix: plenty */
    size_t n = 0, i, k;
    uint64_t whole = mag / 100;
    unsigned frac = (unsigned)(mag % 100);
    char digits[20];
    size_t nd = 0;

    if (neg)
        tmp[n++] = '-';
    do {
        digits[nd++] = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole != 0);
    while (nd > 0)
        tmp[n++] = digits[--nd];
    tmp[n++] = '.';
    tmp[n++] = (char)('0' + frac / 10);
    tmp[n++] = (char)('0' + frac % 10);
    for (k = 0; suffix[k] != '\0'; k++) {
        assert(n < sizeof tmp);
        tmp[n++] = suffix[k];
    }
    if (out == NULL || n + 1 > outsz)
        return -1;
    for (i = 0; i < n; i++)
        out[i] = tmp[i];
    out[n] = '\0';
    return (int)n;
}

/* |v| as unsigned, correct for INT64_MIN too. */
static uint64_t magnitude(int64_t v)
{
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

int money_parse_fen(const char *s, size_t len, int64_t *fen)
{
    size_t i = 0, int_digits = 0, frac_digits = 0;
    int neg = 0;
    int64_t v = 0;

    if (s == NULL || fen == NULL || len == 0)
        return -1;
    if (s[0] == '-') {
        neg = 1;
        i = 1;
    }
    /* Integer part: one or more digits. */
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, int_digits++) {
        if (v > (MONEY_MAX_FEN / 100 - (s[i] - '0')) / 10)
            return -1; /* more than 10^15 - 1 yuan */
        v = v * 10 + (s[i] - '0');
    }
    if (int_digits == 0)
        return -1; /* "", "-", ".5" */
    v *= 100;
    /* Optional fraction: '.' then one or two digits. */
    if (i < len) {
        if (s[i] != '.')
            return -1;
        i++;
        for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, frac_digits++) {
            if (frac_digits == 2)
                return -1; /* "1.005": fen are the smallest unit */
            v += (s[i] - '0') * (frac_digits == 0 ? 10 : 1);
        }
        if (frac_digits == 0 || i != len)
            return -1; /* "1.", "1.x" */
    }
    /* The integer part alone was capped at MONEY_MAX_FEN / 100 yuan, so with
     * up to 99 fen added v is still <= MONEY_MAX_FEN. */
    assert(v >= 0 && v <= MONEY_MAX_FEN);
    *fen = neg ? -v : v;
    return 0;
}

int money_format_yuan(int64_t fen, char *out, size_t outsz)
{
    return format_hundredths(fen < 0, magnitude(fen), "", out, outsz);
}

int ratio_ge(int64_t num, int64_t den, int64_t p, int64_t q)
{
    if (den <= 0 || q <= 0)
        return 0;
    return (__int128)num * q >= (__int128)den * p;
}

int ratio_le(int64_t num, int64_t den, int64_t p, int64_t q)
{
    if (den <= 0 || q <= 0)
        return 0;
    return (__int128)num * q <= (__int128)den * p;
}

int64_t ratio_bp(int64_t num, int64_t den)
{
    __int128 r;

    if (den <= 0)
        return 0;
    /* C division truncates toward zero: never rounds a value up into a band. */
    r = (__int128)num * 10000 / den;
    if (r > INT64_MAX)
        return INT64_MAX;
    if (r < INT64_MIN)
        return INT64_MIN;
    return (int64_t)r;
}

int bp_format(int64_t bp, char *out, size_t outsz)
{
    return format_hundredths(bp < 0, magnitude(bp), "%", out, outsz);
}
