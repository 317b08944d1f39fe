/*
 * sign_bytes.c — one raw signature over a byte string, per algorithm (see
 * include/tier/sign.h: sign_bytes, sign_verify_bytes).
 *
 * All three go through OpenSSL's one-shot EVP_DigestSign/EVP_DigestVerify:
 *   ed25519  no digest (NULL md): PureEdDSA over the bytes themselves, as
 *            `openssl pkeyutl -rawin` does;
 *   p256     SHA-256, DER-encoded ECDSA signature, as `openssl dgst -sha256`;
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

#include <openssl/err.h>

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
