/*
 * web_password.h — account passwords: scrypt through OpenSSL's EVP_KDF.
 *
 * Stored form (one string, parameters included so they can be raised later
 * without invalidating what is stored):
 *
 *   $scrypt$ln=15,r=8,p=1$<salt, 16 bytes, base64url>$<key, 32 bytes, base64url>
 *
 * ln is log2 of N. Today's parameters: N = 2^15, r = 8, p = 1 (32 MiB of
 * memory and about 0.1 s of one core per hash on this project's machines),
 * a 16-byte salt from RAND_bytes, a 32-byte key. Verification accepts
 * ln 10..20, r 1..16, p 1..4 (bounds on the work a stored string can ask
 * for) and compares in constant time. The password itself is never logged
 * or kept: buffers holding it or the derived key are wiped.
 */
#ifndef TIER_WEB_PASSWORD_H
#define TIER_WEB_PASSWORD_H

#include <stddef.h>

#define PASSWORD_SCRYPT_LN 15   /* N = 2^15 */
#define PASSWORD_SCRYPT_R 8
#define PASSWORD_SCRYPT_P 1
#define PASSWORD_SALT_LEN 16
#define PASSWORD_KEY_LEN 32
#define PASSWORD_MIN_LEN 10     /* bytes; a Chinese character is 3 */
#define PASSWORD_MAX_LEN 1024   /* bytes; longer is refused rather than hashed */
#define PASSWORD_ENCODED_MAX 128 /* bytes of the stored string, NUL included */

/* Is this password acceptable to set? 1, or 0 with the reason (in Chinese and
 * English) in err: too short, too long, a NUL or control character, not
 * UTF-8. */
int password_acceptable(const char *pw, size_t len, char *err, size_t errsz);

/* Hash pw[0..len) with today's parameters and a fresh salt into out
 * (PASSWORD_ENCODED_MAX bytes). 0, or -1 when OpenSSL fails (out is ""). */
int password_hash(const char *pw, size_t len, char out[PASSWORD_ENCODED_MAX]);

/* Does pw match the stored string? 1 yes, 0 no, -1 when `stored` is not a
 * string password_hash could have made (malformed, or parameters out of
 * bounds) or OpenSSL fails. Same time for a right and a wrong password. */
int password_verify(const char *pw, size_t len, const char *stored);

/* Was `stored` made with weaker parameters than today's, so that it should be
 * hashed again at the next successful sign-in? 1 or 0. */
int password_needs_rehash(const char *stored);

#endif
