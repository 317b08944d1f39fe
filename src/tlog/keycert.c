/*
 * keycert.c — key certificates: the offline root's word that a key is the
 * registry's signing key or log key (see keycert.h).
 */
#include "tier/keycert.h"

#include "tier/digest.h"
#include "tier/sign.h"
#include "tlog_int.h"

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DER_MAX 1024

const char *keycert_purpose_name(enum keycert_purpose p)
{
    return p == KEYCERT_LOG ? "log" : "signing";
}

int keycert_purpose_parse(const char *s, enum keycert_purpose *out)
{
    if (strcmp(s, "signing") == 0)
        *out = KEYCERT_SIGNING;
    else if (strcmp(s, "log") == 0)
        *out = KEYCERT_LOG;
    else
        return -1;
    return 0;
}

static void utc_text(int64_t t, char out[21])
{
    time_t tt = (time_t)t;
    struct tm tm;

    gmtime_r(&tt, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int utc_parse(const char *s, int64_t *out)
{
    struct tm tm;
    char back[21];
    const char *end;

    memset(&tm, 0, sizeof tm);
    end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (end == NULL || *end != '\0')
        return -1;
    *out = (int64_t)timegm(&tm);
    utc_text(*out, back);
    return strcmp(back, s) == 0 ? 0 : -1; /* one spelling only */
}

/* DER SubjectPublicKeyInfo of k into der (at most DER_MAX bytes). */
static int spki_der(const struct sign_key *k, unsigned char der[DER_MAX], size_t *n)
{
    int len = i2d_PUBKEY(sign_key_evp(k), NULL);
    unsigned char *p = der;

    if (len <= 0 || len > DER_MAX || i2d_PUBKEY(sign_key_evp(k), &p) != len)
        return -1;
    *n = (size_t)len;
    return 0;
}

/* The signed part of a certificate, up to "<signature>". */
static int tbs_text(char *out, size_t cap, const char *key_id, const char *alg,
                    enum keycert_purpose purpose, const char *pub_b64, const char *nb,
                    const char *na, const char *root_fp)
{
    int n = snprintf(out, cap,
                     "<keyCertificate xmlns=\"" KEYCERT_NS "\"><keyId>%s</keyId><algorithm>%s"
                     "</algorithm><purpose>%s</purpose><publicKey>%s</publicKey><notBefore>%s"
                     "</notBefore><notAfter>%s</notAfter><rootFingerprint>%s</rootFingerprint>",
                     key_id, alg, keycert_purpose_name(purpose), pub_b64, nb, na, root_fp);

    return n > 0 && (size_t)n < cap ? n : -1;
}

int keycert_make(const struct sign_key *root, const struct sign_key *subject,
                 enum keycert_purpose purpose, int64_t not_before, int64_t not_after,
                 char **doc, size_t *len, char *err, size_t errsz)
{
    unsigned char der[DER_MAX], sig[SIGN_MAX_SIG];
    char pub[DER_MAX * 2], sigb[SIGN_MAX_SIG * 2], nb[21], na[21], *out;
    size_t dn = 0, sn = 0;
    int n;

    *doc = NULL;
    if (sign_key_alg(root) != SIGN_ALG_ED25519 || !sign_key_has_private(root)) {
        tlog_errf(err, errsz, "the root key must be an Ed25519 private key");
        return -1;
    }
    if (not_after < not_before) {
        tlog_errf(err, errsz, "notAfter is before notBefore");
        return -1;
    }
    if (spki_der(subject, der, &dn) != 0) {
        tlog_errf(err, errsz, "cannot encode the public key %.16s…", sign_key_id(subject));
        return -1;
    }
    EVP_EncodeBlock((unsigned char *)pub, der, (int)dn);
    utc_text(not_before, nb);
    utc_text(not_after, na);
    out = malloc(KEYCERT_MAX);
    if (out == NULL) {
        tlog_errf(err, errsz, "out of memory");
        return -1;
    }
    n = tbs_text(out, KEYCERT_MAX, sign_key_id(subject), sign_alg_sig_name(sign_key_alg(subject)),
                 purpose, pub, nb, na, sign_key_id(root));
    if (n < 0 || sign_bytes(root, out, (size_t)n, sig, &sn) != 0) {
        tlog_errf(err, errsz, "cannot sign the key certificate of %.16s…", sign_key_id(subject));
        free(out);
        return -1;
    }
    EVP_EncodeBlock((unsigned char *)sigb, sig, (int)sn);
    n += snprintf(out + n, KEYCERT_MAX - (size_t)n, "<signature>%s</signature></keyCertificate>",
                  sigb);
    if ((size_t)n >= KEYCERT_MAX) {
        tlog_errf(err, errsz, "the key certificate is longer than %d bytes", KEYCERT_MAX);
        free(out);
        return -1;
    }
    *doc = out;
    *len = (size_t)n;
    return 0;
}

/* The text of <tag>…</tag> at *p into out; *p moves past it. */
static int field(const char **p, const char *end, const char *tag, char *out, size_t cap)
{
    size_t tl = strlen(tag), n;
    const char *v, *close;

    if ((size_t)(end - *p) < tl + 2 || (*p)[0] != '<' || memcmp(*p + 1, tag, tl) != 0 ||
        (*p)[tl + 1] != '>')
        return -1;
    v = *p + tl + 2;
    close = memchr(v, '<', (size_t)(end - v));
    if (close == NULL || (size_t)(end - close) < tl + 3 || close[1] != '/' ||
        memcmp(close + 2, tag, tl) != 0 || close[tl + 2] != '>')
        return -1;
    n = (size_t)(close - v);
    if (n == 0 || n >= cap)
        return -1;
    memcpy(out, v, n);
    out[n] = '\0';
    *p = close + tl + 3;
    return 0;
}

static long b64_decode(const char *s, unsigned char *out, size_t cap)
{
    size_t n = strlen(s);
    int k;

    if (n == 0 || n % 4 != 0 || n / 4 * 3 > cap)
        return -1;
    k = EVP_DecodeBlock(out, (const unsigned char *)s, (int)n);
    if (k < 0)
        return -1;
    return (long)k - (s[n - 1] == '=' ? (s[n - 2] == '=' ? 2 : 1) : 0);
}

int keycert_verify(const void *doc, size_t len, const struct sign_key *root, int64_t now,
                   struct keycert *out, char *err, size_t errsz)
{
    static const char head[] = "<keyCertificate xmlns=\"" KEYCERT_NS "\">";
    char id[KEYCERT_ID_LEN + 1], alg[24], purpose[16], pub[DER_MAX * 2], nb[24], na[24];
    char fp[KEYCERT_ID_LEN + 1], sigb[SIGN_MAX_SIG * 2], tbs[KEYCERT_MAX], pem[DER_MAX * 2 + 128];
    char der_id[SHA256_HEX_LEN + 1];
    unsigned char der[DER_MAX], sig[SIGN_MAX_SIG];
    const char *p = doc, *end = p + len;
    const unsigned char *dp;
    EVP_PKEY *pk;
    long dn, sn;
    int n, v;

    memset(out, 0, sizeof *out);
    if (len > KEYCERT_MAX || len < sizeof head || memcmp(p, head, sizeof head - 1) != 0) {
        tlog_errf(err, errsz, "not a key certificate (no <keyCertificate xmlns=\"%s\">)",
                  KEYCERT_NS);
        return -1;
    }
    p += sizeof head - 1;
    if (field(&p, end, "keyId", id, sizeof id) || field(&p, end, "algorithm", alg, sizeof alg) ||
        field(&p, end, "purpose", purpose, sizeof purpose) ||
        field(&p, end, "publicKey", pub, sizeof pub) ||
        field(&p, end, "notBefore", nb, sizeof nb) || field(&p, end, "notAfter", na, sizeof na) ||
        field(&p, end, "rootFingerprint", fp, sizeof fp) ||
        field(&p, end, "signature", sigb, sizeof sigb) ||
        (size_t)(end - p) != sizeof "</keyCertificate>" - 1 ||
        memcmp(p, "</keyCertificate>", (size_t)(end - p)) != 0) {
        tlog_errf(err, errsz, "the key certificate is not in its canonical form "
                              "(xsd/key-certificate.xsd, one line, fields in order)");
        return -1;
    }
    if (keycert_purpose_parse(purpose, &out->purpose) != 0 ||
        utc_parse(nb, &out->not_before) != 0 || utc_parse(na, &out->not_after) != 0) {
        tlog_errf(err, errsz, "the key certificate of %.16s… has a bad purpose or date", id);
        return -1;
    }
    if (strcmp(fp, sign_key_id(root)) != 0) {
        tlog_errf(err, errsz, "the key certificate of %.16s… was made by the root %.16s…, not "
                              "by the trusted root %.16s…", id, fp, sign_key_id(root));
        return -1;
    }
    n = tbs_text(tbs, sizeof tbs, id, alg, out->purpose, pub, nb, na, fp);
    sn = b64_decode(sigb, sig, sizeof sig);
    if (n < 0 || (size_t)n + sizeof "<signature>" - 1 > len ||
        memcmp(tbs, doc, (size_t)n) != 0 || sn <= 0) {
        tlog_errf(err, errsz, "the key certificate of %.16s… is not in its canonical form", id);
        return -1;
    }
    v = sign_verify_bytes(root, tbs, (size_t)n, sig, (size_t)sn);
    if (v != 1) {
        tlog_errf(err, errsz, "the root's signature on the key certificate of %.16s… does not "
                              "verify: the certificate was not made by the root, or was changed",
                  id);
        return -1;
    }
    dn = b64_decode(pub, der, sizeof der);
    dp = der;
    pk = dn > 0 ? d2i_PUBKEY(NULL, &dp, dn) : NULL;
    if (pk == NULL || dp != der + dn) {
        EVP_PKEY_free(pk);
        tlog_errf(err, errsz, "the key certificate of %.16s… holds no public key", id);
        return -1;
    }
    EVP_PKEY_free(pk);
    if (digest_sha256_hex(der, (size_t)dn, der_id) != 0 || strcmp(der_id, id) != 0) {
        tlog_errf(err, errsz, "the key certificate names key %.16s… but holds key %.16s…", id,
                  der_id);
        return -1;
    }
    n = snprintf(pem, sizeof pem, "-----BEGIN PUBLIC KEY-----\n");
    for (size_t i = 0; i < strlen(pub); i += 64)
        n += snprintf(pem + n, sizeof pem - (size_t)n, "%.64s\n", pub + i);
    n += snprintf(pem + n, sizeof pem - (size_t)n, "-----END PUBLIC KEY-----\n");
    if (sign_key_load_public(pem, (size_t)n, &out->key, err, errsz) != 0)
        return -1;
    if (strcmp(sign_alg_sig_name(sign_key_alg(out->key)), alg) != 0) {
        tlog_errf(err, errsz, "the key certificate of %.16s… says algorithm %s for a %s key", id,
                  alg, sign_alg_sig_name(sign_key_alg(out->key)));
        goto bad;
    }
    if (now != 0 && (now < out->not_before || now > out->not_after)) {
        tlog_errf(err, errsz, "the key certificate of %.16s… is valid from %s to %s, not now", id,
                  nb, na);
        goto bad;
    }
    snprintf(out->key_id, sizeof out->key_id, "%s", id);
    snprintf(out->algorithm, sizeof out->algorithm, "%s", alg);
    snprintf(out->root_fingerprint, sizeof out->root_fingerprint, "%s", fp);
    return 0;
bad:
    sign_key_free(out->key);
    out->key = NULL;
    return -1;
}
