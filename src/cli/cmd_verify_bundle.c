/*
 * cmd_verify_bundle.c — `tierctl verify --bundle FILE --key PUB.pem
 * --log-key LOG.pub.pem`: check a certificate bundle (GET
 * /v1/certificates/{serial}/bundle) offline, in the order the README's trust
 * section gives:
 *
 *   1. the certificate's signature, with the signing key;
 *   2. the bundle's log entry is the certificate's: a certificateIssued
 *      entry naming its serial and the SHA-256 of its exact bytes;
 *   3. the checkpoint is signed by the log key, and the inclusion proof
 *      leads from the entry to its head.
 *
 * Exit: 0 all hold, 1 one fails (the line says which), 2 usage or an
 * unreadable file.
 */
#include "tier/cli.h"
#include "tier/digest.h"
#include "tier/file.h"
#include "tier/keycert.h"
#include "tier/registry.h"
#include "tier/sign.h"
#include "tier/tlog_checkpoint.h"
#include "tier/tlog_entry.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUNDLE_MAX (CERT_MAX_DOC_BYTES * 2 + 65536)

/* The base64 value of line "<word> <base64>\n" at *p into a fresh buffer;
 * *p moves past the line. NULL when the line is not there or not base64. */
static unsigned char *b64_line(const char **p, const char *end, const char *word, size_t *n)
{
    size_t wl = strlen(word), len;
    const char *nl, *v;
    unsigned char *out;
    int k;

    if ((size_t)(end - *p) <= wl || memcmp(*p, word, wl) != 0 || (*p)[wl] != ' ')
        return NULL;
    v = *p + wl + 1;
    nl = memchr(v, '\n', (size_t)(end - v));
    if (nl == NULL)
        return NULL;
    len = (size_t)(nl - v);
    if (len == 0 || len % 4 != 0 || (out = malloc(len)) == NULL)
        return NULL;
    k = EVP_DecodeBlock(out, (const unsigned char *)v, (int)len);
    if (k < 0) {
        free(out);
        return NULL;
    }
    *n = (size_t)k - (v[len - 1] == '=' ? (v[len - 2] == '=' ? 2 : 1) : 0);
    *p = nl + 1;
    return out;
}

/* Does entry (len bytes) hold <tag>value</tag>? */
static int has_field(const unsigned char *entry, size_t len, const char *tag, const char *value)
{
    char want[256];
    int n = snprintf(want, sizeof want, "<%s>%s</%s>", tag, value, tag);

    if (n <= 0 || (size_t)n >= sizeof want)
        return 0;
    for (size_t i = 0; i + (size_t)n <= len; i++)
        if (memcmp(entry + i, want, (size_t)n) == 0)
            return 1;
    return 0;
}

/* A key certificate line of the bundle, verified under root for purpose:
 * the certified key, or NULL after printing why. */
static struct sign_key *certified(const char **p, const char *end, const char *line,
                                  const struct sign_key *root, enum keycert_purpose purpose,
                                  int64_t period[2])
{
    struct keycert kc;
    unsigned char *doc;
    size_t len = 0;
    char err[1024];

    doc = b64_line(p, end, line, &len);
    if (doc == NULL) {
        printf("invalid: the bundle carries no %s: nothing ties its keys to the root\n", line);
        return NULL;
    }
    if (keycert_verify(doc, len, root, 0, &kc, err, sizeof err) != 0) {
        printf("invalid: %s: %s\n", line, err);
        free(doc);
        return NULL;
    }
    free(doc);
    if (kc.purpose != purpose) {
        printf("invalid: %s: key %.16s… is certified for %s, not %s\n", line, kc.key_id,
               keycert_purpose_name(kc.purpose), keycert_purpose_name(purpose));
        sign_key_free(kc.key);
        return NULL;
    }
    period[0] = kc.not_before;
    period[1] = kc.not_after;
    return kc.key;
}

/* Check the bundle at bundle_path. The keys are key and logkey when given;
 * with root, they come from the bundle's key certificates, checked first. */
static int verify_bundle(const char *bundle_path, struct sign_key *key, struct sign_key *logkey,
                         const struct sign_key *root)
{
    int64_t period[2] = {0, 0}, log_period[2] = {0, 0};
    struct tlog_checkpoint cp;
    struct cert cert;
    char err[1024], sha[SHA256_HEX_LEN + 1], origin[TLOG_ORIGIN_MAX];
    char *text = NULL;
    unsigned char *doc = NULL, *entry = NULL;
    size_t len = 0, doc_len = 0, entry_len = 0;
    uint64_t index = 0;
    const char *p, *end, *nl;
    int rc = 2;

    if (file_read_checked("bundle", bundle_path, 0, BUNDLE_MAX, &text, &len, err,
                          sizeof err) != 0) {
        fprintf(stderr, "tierctl verify: %s\n", err);
        goto done;
    }
    rc = 1;
    p = text;
    end = text + len;
    if ((size_t)(end - p) < sizeof REG_BUNDLE_HEADER ||
        memcmp(p, REG_BUNDLE_HEADER "\n", sizeof REG_BUNDLE_HEADER) != 0) {
        printf("invalid: not a bundle (no " REG_BUNDLE_HEADER " line)\n");
        goto done;
    }
    p += sizeof REG_BUNDLE_HEADER;
    doc = b64_line(&p, end, "certificate", &doc_len);
    entry = doc ? b64_line(&p, end, "entry", &entry_len) : NULL;
    if (doc == NULL || entry == NULL) {
        printf("invalid: the bundle's certificate or entry line is missing or not base64\n");
        goto done;
    }
    /* 0. from the root: its certificates of the signing key and the log key */
    if (root != NULL) {
        key = certified(&p, end, "signing-key-certificate", root, KEYCERT_SIGNING, period);
        logkey = key ? certified(&p, end, "log-key-certificate", root, KEYCERT_LOG, log_period)
                     : NULL;
        if (key == NULL || logkey == NULL)
            goto done;
    } else {
        /* keys given: the certificate lines, if any, are not needed */
        while (p < end && *p != '\n' && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL)
            p = nl + 1;
    }
    if (p >= end || *p != '\n') {
        printf("invalid: the bundle has no blank line before its proof\n");
        goto done;
    }
    p++;
    /* 1. the signature */
    if (cert_verify((const char *)doc, doc_len, key, &cert, err, sizeof err) != CERT_VALID) {
        printf("invalid: certificate signature: %s\n", err);
        goto done;
    }
    /* 2. the entry is this certificate's */
    if (digest_sha256_hex(doc, doc_len, sha) != 0)
        goto done;
    if (!has_field(entry, entry_len, "serial", cert.serial) ||
        !has_field(entry, entry_len, "certificateSha256", sha) ||
        memmem(entry, entry_len, "<certificateIssued>", 19) == NULL) {
        printf("invalid: the log entry is not this certificate's issuance (serial %s, SHA-256 "
               "%s): the certificate was replaced or never logged\n", cert.serial, sha);
        goto done;
    }
    /* 3. checkpoint signature and inclusion; the log signs under its origin */
    {
        const char *note = memmem(p, (size_t)(end - p), "\n\n", 2);
        nl = note ? memchr(note + 2, '\n', (size_t)(end - note - 2)) : NULL;
        if (nl == NULL || (size_t)(nl - note - 2) >= sizeof origin) {
            printf("invalid: the bundle's proof has no checkpoint\n");
            goto done;
        }
        memcpy(origin, note + 2, (size_t)(nl - note - 2));
        origin[nl - note - 2] = '\0';
    }
    if (tlog_proof_verify(p, (size_t)(end - p), entry, entry_len, origin,
                          sign_key_evp(logkey), NULL, &cp, &index, err, sizeof err) != 0) {
        printf("invalid: transparency log: %s\n", err);
        goto done;
    }
    if (root != NULL && (cert.issued_at < period[0] || cert.issued_at > period[1])) {
        printf("invalid: certificate %s was issued outside the period its signing key is "
               "certified for by the root\n", cert.serial);
        goto done;
    }
    if (root != NULL && strcmp(cert.key_id, sign_key_id(key)) != 0) {
        printf("invalid: the certificate names key %.16s… but the bundle certifies %.16s…\n",
               cert.key_id, sign_key_id(key));
        goto done;
    }
    printf("valid: certificate %s signed by key %s, logged as leaf %llu of %s at size %llu\n",
           cert.serial, cert.key_id, (unsigned long long)index, cp.origin,
           (unsigned long long)cp.size);
    if (root != NULL)
        printf("valid: signing key %s and log key %s certified by root %s\n", sign_key_id(key),
               sign_key_id(logkey), sign_key_id(root));
    rc = 0;
done:
    free(text);
    free(doc);
    free(entry);
    if (root != NULL) {
        sign_key_free(key);
        sign_key_free(logkey);
    }
    return rc;
}

int cli_verify_bundle(const char *bundle_path, const char *key_path, const char *log_key_path)
{
    struct sign_key *key = NULL, *logkey = NULL;
    char err[1024];
    int rc = 2;

    if (sign_key_load_public_file(key_path, &key, err, sizeof err) != 0 ||
        sign_key_load_public_file(log_key_path, &logkey, err, sizeof err) != 0)
        fprintf(stderr, "tierctl verify: %s\n", err);
    else
        rc = verify_bundle(bundle_path, key, logkey, NULL);
    sign_key_free(key);
    sign_key_free(logkey);
    return rc;
}

int cli_verify_bundle_root(const char *bundle_path, const char *root_path, const char *root_fp)
{
    struct sign_key *root = NULL;
    char err[1024];
    int rc = 2;

    if (sign_key_load_public_file(root_path, &root, err, sizeof err) != 0) {
        fprintf(stderr, "tierctl verify: %s\n", err);
        return 2;
    }
    if (sign_key_alg(root) != SIGN_ALG_ED25519) {
        fprintf(stderr, "tierctl verify: %s is not a root key (Ed25519)\n", root_path);
    } else if (root_fp != NULL && strcmp(root_fp, sign_key_id(root)) != 0) {
        printf("invalid: %s has the fingerprint %s, not the published %s: not the province's "
               "root\n", root_path, sign_key_id(root), root_fp);
        rc = 1;
    } else {
        rc = verify_bundle(bundle_path, NULL, NULL, root);
    }
    sign_key_free(root);
    return rc;
}
