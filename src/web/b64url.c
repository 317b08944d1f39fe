/*
 * b64url.c — base64url without padding (see web_b64url.h). Decoding is
 * strict so that one value has one spelling: a token compared by its bytes
 * cannot be presented in a second form. Pure; thread-safe.
 */
#include "tier/web_b64url.h"

static const char ALPHABET[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void b64url_encode(const unsigned char *p, size_t n, char *out)
{
    size_t i = 0, o = 0;

    for (; i + 3 <= n; i += 3) {
        unsigned long v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8 | p[i + 2];
        out[o++] = ALPHABET[(v >> 18) & 63];
        out[o++] = ALPHABET[(v >> 12) & 63];
        out[o++] = ALPHABET[(v >> 6) & 63];
        out[o++] = ALPHABET[v & 63];
    }
    if (n - i == 1) {
        unsigned long v = (unsigned long)p[i] << 16;
        out[o++] = ALPHABET[(v >> 18) & 63];
        out[o++] = ALPHABET[(v >> 12) & 63];
    } else if (n - i == 2) {
        unsigned long v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8;
        out[o++] = ALPHABET[(v >> 18) & 63];
        out[o++] = ALPHABET[(v >> 12) & 63];
        out[o++] = ALPHABET[(v >> 6) & 63];
    }
    out[o] = '\0';
}

static int val(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

long b64url_decode(const char *s, size_t len, unsigned char *out, size_t outsz)
{
    size_t o = 0, i = 0;
    size_t rest = len % 4;
    size_t need = len / 4 * 3 + (rest ? rest - 1 : 0);

    if (rest == 1 || need > outsz)
        return -1;
    for (; i < len; i += 4) {
        size_t k = len - i < 4 ? len - i : 4;
        unsigned long v = 0;
        for (size_t j = 0; j < k; j++) {
            int d = val(s[i + j]);
            if (d < 0)
                return -1;
            v |= (unsigned long)d << (18 - 6 * j);
        }
        out[o++] = (unsigned char)(v >> 16);
        if (k == 2) {
            if (v & 0xffff)
                return -1; /* spare bits set: not the canonical spelling */
        } else {
            out[o++] = (unsigned char)(v >> 8);
            if (k == 3) {
                if (v & 0xff)
                    return -1;
            } else {
                out[o++] = (unsigned char)v;
            }
        }
    }
    return (long)o;
}
