/*
 * web_b64url.h — base64url without padding (RFC 4648 §5), the alphabet of
 * cookie values, CSRF tokens and the salts and keys of password hashes: no
 * character in it needs quoting in a cookie, a URL, a form or an attribute.
 */
#ifndef TIER_WEB_B64URL_H
#define TIER_WEB_B64URL_H

#include <stddef.h>

/* Characters b64url_encode writes for n bytes (without the NUL). */
#define B64URL_LEN(n) (((n) * 4 + 2) / 3)

/* Encode n bytes into out (B64URL_LEN(n) + 1 bytes, NUL-terminated). Can't
 * fail. */
void b64url_encode(const unsigned char *p, size_t n, char *out);

/* Decode exactly the text s[0..len) into out (up to outsz bytes). Returns the
 * number of bytes, or -1 when s is not canonical unpadded base64url (a
 * character outside the alphabet, a length of 4k+1, non-zero spare bits) or
 * does not fit. */
long b64url_decode(const char *s, size_t len, unsigned char *out, size_t outsz);

#endif
