/*
 * sign_bytes.c — one raw signature over a byte string, per algorithm (see
 * include/tier/sign.h: sign_bytes, sign_verify_bytes).
 *
 * All three go through OpenSSL's one-shot EVP_DigestSign/EVP_DigestVerify:
 *   ed25519  no digest (NULL md): PureEdDSA over the bytes themselves, as
 *            `openssl pkeyutl -rawin` does;
 *   p256     SHA-256, DER-encoded ECDSA signature, as `openssl dgst -sha256`;
 *            always low-S (s <= n/2): for any good (r, s), (r, n - s) is good
 *            too, so a verifier that took both would accept a second,
 *            different document for every certificate (issue 13). Signing
 *            replaces a high s by n - s; verifying refuses a high s, and a
 *            signature that is not the canonical DER of its (r, s);
 *   sm2      SM3 over Z || message, where Z hashes the distinguishing ID. The
 *            ID is set explicitly on every call: OpenSSL 3.0 uses an empty ID
 *            when none is given, later versions "1234567812345678", and the
 *            certificate states the ID so a verifier never has to guess.
 *            The pattern is the one SM2(7) documents for OpenSSL 3.0: a
 *            pkey context carrying the ID handed to the digest context with
 *            EVP_MD_CTX_set_pkey_ctx before EVP_DigestSignInit.
 *
 * Threads: a fresh context per call; safe on a shared key. Failure: -1 (or 0
 * for "signature does not verify"), OpenSSL's error queue cleared.
 */
#include "sign_int.h"

#include <string.h>

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>

/* Is s above n/2 for P-256's order n? 1 yes, 0 no, -1 on failure. */
static int p256_s_is_high(const BIGNUM *sv, BIGNUM **n_out)
{
    EC_GROUP *g = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
    BIGNUM *n = NULL, *half = NULL;
    int rc = -1;

    if (g == NULL || (n = BN_dup(EC_GROUP_get0_order(g))) == NULL || (half = BN_new()) == NULL ||
        BN_rshift1(half, n) != 1)
        goto done;
    rc = BN_cmp(sv, half) > 0;
    if (n_out != NULL) {
        *n_out = n;
        n = NULL;
    }
done:
    BN_free(n);
    BN_free(half);
    EC_GROUP_free(g);
    return rc;
}

/* Rewrite a fresh P-256 signature in low-S form, in place. 0 or -1. */
static int p256_make_low_s(unsigned char sig[SIGN_MAX_SIG], size_t *siglen)
{
    const unsigned char *p = sig;
    unsigned char *q = sig;
    ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)*siglen);
    const BIGNUM *r, *sv;
    BIGNUM *n = NULL, *r2 = NULL, *s2 = NULL;
    int high, len, rc = -1;

    if (es == NULL)
        return -1;
    ECDSA_SIG_get0(es, &r, &sv);
    high = p256_s_is_high(sv, &n);
    if (high < 0)
        goto done;
    if (high) {
        if ((r2 = BN_dup(r)) == NULL || (s2 = BN_new()) == NULL || BN_sub(s2, n, sv) != 1 ||
            ECDSA_SIG_set0(es, r2, s2) != 1)
            goto done;
        r2 = s2 = NULL; /* es owns them now */
        len = i2d_ECDSA_SIG(es, NULL);
        if (len <= 0 || len > SIGN_MAX_SIG || i2d_ECDSA_SIG(es, &q) != len)
            goto done;
        *siglen = (size_t)len;
    }
    rc = 0;
done:
    BN_free(r2);
    BN_free(s2);
    BN_free(n);
    ECDSA_SIG_free(es);
    return rc;
}

/* Is a P-256 signature the canonical DER of a low-S (r, s)? 1 or 0. */
static int p256_is_strict(const unsigned char *sig, size_t siglen)
{
    const unsigned char *p = sig;
    unsigned char *der = NULL;
    ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)siglen);
    const BIGNUM *r, *sv;
    int len, ok = 0;

    if (es == NULL || p != sig + siglen)
        goto done;
    len = i2d_ECDSA_SIG(es, &der);
    if (len <= 0 || (size_t)len != siglen || memcmp(der, sig, siglen) != 0)
        goto done;
    ECDSA_SIG_get0(es, &r, &sv);
    ok = p256_s_is_high(sv, NULL) == 0;
done:
    OPENSSL_free(der);
    ECDSA_SIG_free(es);
    return ok;
}

/* A digest context ready to sign or verify with k (both contexts owned by the
 * caller: *pctx is separate for SM2, NULL otherwise). 0 or -1. */
static int ctx_init(const struct sign_key *k, int verify, EVP_MD_CTX **mctx_out,
                    EVP_PKEY_CTX **pctx_out)
{
    EVP_MD_CTX *mctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    const EVP_MD *md = NULL;
    int ok;

    if (mctx == NULL)
        return -1;
    switch (k->alg) {
    case SIGN_ALG_ED25519:
        md = NULL;
        break;
    case SIGN_ALG_P256:
        md = EVP_sha256();
        break;
    case SIGN_ALG_SM2:
        md = EVP_sm3();
        pctx = EVP_PKEY_CTX_new(k->pkey, NULL);
        if (pctx == NULL ||
            EVP_PKEY_CTX_set1_id(pctx, SIGN_SM2_DIST_ID, sizeof SIGN_SM2_DIST_ID - 1) <= 0)
            goto fail;
        EVP_MD_CTX_set_pkey_ctx(mctx, pctx);
        break;
    default:
        goto fail;
    }
    if (verify)
        ok = EVP_DigestVerifyInit(mctx, NULL, md, NULL, k->pkey);
    else
        ok = EVP_DigestSignInit(mctx, NULL, md, NULL, k->pkey);
    if (ok != 1)
        goto fail;
    *mctx_out = mctx;
    *pctx_out = pctx;
    return 0;
fail:
    EVP_MD_CTX_free(mctx);
    EVP_PKEY_CTX_free(pctx);
    return -1;
}

int sign_bytes(const struct sign_key *k, const void *data, size_t len,
               unsigned char sig[SIGN_MAX_SIG], size_t *siglen)
{
    EVP_MD_CTX *mctx = NULL;
    EVP_PKEY_CTX *pctx = NULL;
    size_t n;
    int rc = -1;

    if (!k->has_private)
        return -1;
    if (ctx_init(k, 0, &mctx, &pctx) != 0)
        goto done;
    n = SIGN_MAX_SIG; /* room offered; OpenSSL refuses if its signature would not fit */
    if (EVP_DigestSign(mctx, sig, &n, data, len) != 1)
        goto done;
    if (k->alg == SIGN_ALG_P256 && p256_make_low_s(sig, &n) != 0)
        goto done;
    *siglen = n;
    rc = 0;
done:
    EVP_MD_CTX_free(mctx);
    EVP_PKEY_CTX_free(pctx); /* not freed by the MD context it was lent to */
    ERR_clear_error();
    return rc;
}

int sign_verify_bytes(const struct sign_key *k, const void *data, size_t len,
                      const unsigned char *sig, size_t siglen)
{
    EVP_MD_CTX *mctx = NULL;
    EVP_PKEY_CTX *pctx = NULL;
    int rc = -1;

    if (k->alg == SIGN_ALG_P256 && !p256_is_strict(sig, siglen)) {
        rc = 0; /* high S or loose DER: a second form of some signature */
        goto done;
    }
    if (ctx_init(k, 1, &mctx, &pctx) != 0)
        goto done;
    /* 1 good; 0 bad; a negative value for a malformed signature, which is
     * just as bad. */
    rc = EVP_DigestVerify(mctx, sig, siglen, data, len) == 1 ? 1 : 0;
done:
    EVP_MD_CTX_free(mctx);
    EVP_PKEY_CTX_free(pctx);
    ERR_clear_error();
    return rc;
}
