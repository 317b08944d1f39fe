/*
 * digest.c — SHA-256 and constant-time comparison over OpenSSL.
 *
 * Thread-safe: each call uses its own EVP context (EVP_Digest). SHA-256 is
 * fetched from the provider once: OpenSSL 3 otherwise fetches it again on
 * every call through EVP_sha256(), locks and lookups included (a few per cent
 * of tierd's CPU under load, two digests per application).
 */
#include "tier/digest.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <pthread.h>

static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;
static EVP_MD *sha256_md; /* kept for the life of the process */

static void sha256_fetch(void)
{
    sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
}

int digest_sha256(const void *p, size_t n, unsigned char out[SHA256_LEN])
{
    unsigned int len = 0;

    pthread_once(&sha256_once, sha256_fetch);
    if (EVP_Digest(p, n, out, &len, sha256_md ? sha256_md : EVP_sha256(), NULL) != 1 ||
        len != SHA256_LEN)
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
