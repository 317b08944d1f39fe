/*
 * password.c — scrypt password hashes (see web_password.h).
 *
 * The KDF is fetched by name ("SCRYPT") from OpenSSL's default provider for
 * each call: fetching is cheap next to the 32 MiB the KDF itself allocates,
 * and nothing is shared between threads. maxmem is set explicitly because
 * OpenSSL's default cap (32 MiB) is just below what N = 2^15, r = 8 needs
 * (128·r·N bytes plus working space). Thread-safe; fails closed.
 */
#include "tier/web_password.h"

#include "tier/web_b64url.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LN_MIN 10
#define LN_MAX 20
#define R_MAX 16
#define P_MAX 4

static int derive(const char *pw, size_t len, const unsigned char *salt, size_t saltlen,
                  unsigned ln, unsigned r, unsigned p, unsigned char *key, size_t keylen)
{
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, "SCRYPT", NULL);
    EVP_KDF_CTX *ctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
    uint64_t n = (uint64_t)1 << ln;
    uint32_t r32 = r, p32 = p;
    /* 128·r·N for V, 256·r for X and Y, and the p blocks of 128·r: doubled */
    uint64_t maxmem = 2 * (128 * (uint64_t)r * n + 256 * (uint64_t)r + 128 * (uint64_t)r * p);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, (void *)pw, len),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt, saltlen),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r32),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p32),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem),
        OSSL_PARAM_construct_end(),
    };
    int rc = -1;

    if (ctx != NULL && EVP_KDF_derive(ctx, key, keylen, params) == 1)
        rc = 0;
    EVP_KDF_CTX_free(ctx);
    EVP_KDF_free(kdf);
    return rc;
}

int password_acceptable(const char *pw, size_t len, char *err, size_t errsz)
{
    size_t chars = 0;

    if (len > PASSWORD_MAX_LEN) {
        snprintf(err, errsz, "密码过长（不超过 %d 字节）/ password over %d bytes",
                 PASSWORD_MAX_LEN, PASSWORD_MAX_LEN);
        return 0;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)pw[i];
        if (c < 0x20 || c == 0x7f) {
            snprintf(err, errsz, "密码含有控制字符（第 %zu 字节）/ password has a control "
                                 "character at byte %zu", i + 1, i + 1);
            return 0;
        }
        if ((c & 0xc0) != 0x80)
            chars++;
    }
    if (len < PASSWORD_MIN_LEN) {
        snprintf(err, errsz, "密码太短（至少 %d 字节，现有 %zu 个字符）/ password under %d "
                             "bytes", PASSWORD_MIN_LEN, chars, PASSWORD_MIN_LEN);
        return 0;
    }
    return 1;
}

int password_hash(const char *pw, size_t len, char out[PASSWORD_ENCODED_MAX])
{
    unsigned char salt[PASSWORD_SALT_LEN], key[PASSWORD_KEY_LEN];
    char s64[B64URL_LEN(PASSWORD_SALT_LEN) + 1], k64[B64URL_LEN(PASSWORD_KEY_LEN) + 1];
    int rc = -1;

    out[0] = '\0';
    if (len > PASSWORD_MAX_LEN || RAND_bytes(salt, sizeof salt) != 1)
        return -1;
    if (derive(pw, len, salt, sizeof salt, PASSWORD_SCRYPT_LN, PASSWORD_SCRYPT_R,
               PASSWORD_SCRYPT_P, key, sizeof key) != 0)
        goto done;
    b64url_encode(salt, sizeof salt, s64);
    b64url_encode(key, sizeof key, k64);
    snprintf(out, PASSWORD_ENCODED_MAX, "$scrypt$ln=%d,r=%d,p=%d$%s$%s", PASSWORD_SCRYPT_LN,
             PASSWORD_SCRYPT_R, PASSWORD_SCRYPT_P, s64, k64);
    rc = 0;
done:
    OPENSSL_cleanse(key, sizeof key);
    OPENSSL_cleanse(k64, sizeof k64);
    return rc;
}

/* A whole decimal number of 1-2 digits at *s, advancing *s. -1 if none. */
static int small_num(const char **s)
{
    int v = 0, digits = 0;

    while (**s >= '0' && **s <= '9' && digits < 3) {
        v = v * 10 + (**s - '0');
        (*s)++;
        digits++;
    }
    return digits == 0 || digits > 2 || (digits == 2 && v < 10) ? -1 : v;
}

/* Parse a stored string. 0, or -1 when malformed or out of bounds. */
static int parse(const char *stored, unsigned *ln, unsigned *r, unsigned *p,
                 unsigned char salt[PASSWORD_SALT_LEN], unsigned char key[PASSWORD_KEY_LEN])
{
    const char *s = stored, *dollar;
    int v;

    if (stored == NULL || strncmp(s, "$scrypt$ln=", 11) != 0)
        return -1;
    s += 11;
    if ((v = small_num(&s)) < LN_MIN || v > LN_MAX || strncmp(s, ",r=", 3) != 0)
        return -1;
    *ln = (unsigned)v;
    s += 3;
    if ((v = small_num(&s)) < 1 || v > R_MAX || strncmp(s, ",p=", 3) != 0)
        return -1;
    *r = (unsigned)v;
    s += 3;
    if ((v = small_num(&s)) < 1 || v > P_MAX || *s != '$')
        return -1;
    *p = (unsigned)v;
    s++;
    dollar = strchr(s, '$');
    if (dollar == NULL ||
        b64url_decode(s, (size_t)(dollar - s), salt, PASSWORD_SALT_LEN) != PASSWORD_SALT_LEN)
        return -1;
    s = dollar + 1;
    if (b64url_decode(s, strlen(s), key, PASSWORD_KEY_LEN) != PASSWORD_KEY_LEN)
        return -1;
    return 0;
}

int password_verify(const char *pw, size_t len, const char *stored)
{
    unsigned char salt[PASSWORD_SALT_LEN], want[PASSWORD_KEY_LEN], got[PASSWORD_KEY_LEN];
    unsigned ln, r, p;
    int rc = -1;

    if (parse(stored, &ln, &r, &p, salt, want) != 0)
        return -1;
    /* an over-long password is compared like any other and never matches */
    if (derive(pw, len > PASSWORD_MAX_LEN ? 0 : len, salt, sizeof salt, ln, r, p, got,
               sizeof got) != 0)
        goto done;
    rc = CRYPTO_memcmp(want, got, sizeof got) == 0 && len <= PASSWORD_MAX_LEN ? 1 : 0;
done:
    OPENSSL_cleanse(got, sizeof got);
    OPENSSL_cleanse(want, sizeof want);
    return rc;
}

int password_needs_rehash(const char *stored)
{
    unsigned char salt[PASSWORD_SALT_LEN], key[PASSWORD_KEY_LEN];
    unsigned ln, r, p;

    if (parse(stored, &ln, &r, &p, salt, key) != 0)
        return 1;
    return ln < PASSWORD_SCRYPT_LN || r < PASSWORD_SCRYPT_R || p < PASSWORD_SCRYPT_P;
}
