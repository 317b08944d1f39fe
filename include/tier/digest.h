/*
 * digest.h — SHA-256 through OpenSSL, and constant-time comparison.
 */
#ifndef TIER_DIGEST_H
#define TIER_DIGEST_H

#include <stddef.h>

#define SHA256_LEN 32
#define SHA256_HEX_LEN 64

/* SHA-256 of `n` bytes into out. 0, or -1 if OpenSSL fails (out undefined). */
int digest_sha256(const void *p, size_t n, unsigned char out[SHA256_LEN]);

/* Lower-case hex of `n` bytes into out (2n+1 bytes, NUL-terminated). */
void digest_hex(const unsigned char *p, size_t n, char *out);

/* SHA-256 of `n` bytes as 64 hex digits + NUL. 0 or -1. */
int digest_sha256_hex(const void *p, size_t n, char out[SHA256_HEX_LEN + 1]);

/* 1 when the n bytes at a and b are equal, in time independent of where they
 * differ (for token hashes). */
int digest_equal(const void *a, const void *b, size_t n);

#endif
