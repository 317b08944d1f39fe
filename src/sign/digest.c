/*
 * digest.c — SHA-256 and constant-time comparison over OpenSSL.
 *
 * Stateless and thread-safe: each call uses its own EVP context (EVP_Digest).
 */
#include "tier/digest.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

int digest_sha256(const void *p, size_t n, unsigned char out[SHA256_LEN])
{
    unsigned int len = 0;

    if (EVP_Digest(p, n, out, &len, EVP_sha256(), NULL) != 1 || len != SHA256_LEN)
        return -1;
    return 0;
}

void digest_hex(const unsigned char *p, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";

    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[p[i] >> 4];
        out[2 * i + 1] = hex[p[i] & 15];
    }
    out[2 * n] = '\0';
}

int digest_sha256_hex(const void *p, size_t n, char out[SHA256_HEX_LEN + 1])
{
    unsigned char md[SHA256_LEN];

    if (digest_sha256(p, n, md) != 0)
        return -1;
    digest_hex(md, sizeof md, out);
    return 0;
}

int digest_equal(const void *a, const void *b, size_t n)
{
    return CRYPTO_memcmp(a, b, n) == 0;
}
