/*
 * fuzz_verify.c — libFuzzer target for the certificate verifier: arbitrary
 * bytes as a signed certificate (cert_verify), as a signed revocation list
 * (sign_xml_verify of <signedRevocationList>) and as a document whose
 * certificate element's signed bytes are asked for (cert_signed_bytes); then
 * the same bytes as an element signed with our key (sign_xml_envelope), which
 * must verify again: a document we signed ourselves may be refused as
 * malformed (the element is not what the envelope expects) but never as
 * tampered, and a certificate that verifies must pass cert_check.
 *
 * The key is a fixed Ed25519 test key embedded below — fuzzing only, it signs
 * nothing real — so that seeds written by earlier runs keep verifying and the
 * fuzzer can reach past the key-id checks. It is loaded at init through a
 * 0600 temporary file (sign_key_load_private reads files only), and its public
 * half is loaded separately: verification uses the public key, as
 * `tierctl verify` does. With a seed directory, init writes a signed
 * certificate, a signed revocation list and both bare elements there.
 * Single-threaded; state is the two keys. A broken promise is -1 (fuzz.h).
 */
#include "fuzz.h"
#include "fuzz_check.h"

#include "tier/date.h"
#include "tier/sign.h"
#include "tier/tier.h"

#include <libxml/parser.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define VERIFY_REV_NS       "urn:tierd:revocations:1"
#define VERIFY_REV_ENVELOPE "signedRevocationList"
#define VERIFY_REV_ELEMENT  "revocationList"

/* Fuzzing only: a throwaway key, not a secret of any deployment. */
static const char verify_key_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIDEK88vum/ZYU5o5KZDeMEkpVGwQaFgKNuPffuvxhz8g\n"
    "-----END PRIVATE KEY-----\n";

static const char verify_rev_list[] =
    "<revocationList xmlns=\"urn:tierd:revocations:1\" issuedAt=\"2026-06-01T08:00:00Z\">\n"
    "  <revoked serial=\"LG-2026-01JZ0000000000ABCD\" at=\"2026-05-31T02:00:00Z\">"
    "资料不实 &amp; 撤销</revoked>\n"
    "</revocationList>";

static struct sign_key *verify_priv;
static struct sign_key *verify_pub;

static int verify_load_keys(void)
{
    char path[] = "/tmp/tierd-fuzz-key-XXXXXX";
    char err[256], *pem = NULL;
    size_t len = 0;
    int fd = mkstemp(path), rc = -1;

    if (fd < 0)
        return -1;
    if (write(fd, verify_key_pem, sizeof verify_key_pem - 1) ==
        (ssize_t)(sizeof verify_key_pem - 1) &&
        sign_key_load_private(path, &verify_priv, err, sizeof err) == 0 &&
        sign_key_public_pem(verify_priv, &pem, &len) == 0 &&
        sign_key_load_public(pem, len, &verify_pub, err, sizeof err) == 0)
        rc = 0;
    else
        fprintf(stderr, "fuzz verify: cannot load the test key: %s\n", err);
    close(fd);
    unlink(path);
    free(pem);
    return rc;
}

static void verify_write_seed(const char *dir, const char *name, const char *p, size_t n)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "wb");
    if (f == NULL)
        return;
    fwrite(p, 1, n, f);
    fclose(f);
}

static int verify_write_seeds(const char *dir)
{
    struct tier_date from = {2026, 5, 10};
    struct cert c;
    char err[256], *doc = NULL, *el = NULL;
    size_t len = 0, ellen = 0;
    int rc = -1;

    if (cert_prepare(&c, TIER_LITTLE_GIANT, "91370602MA3P9Q0R61", "烟台示例精密机械有限公司",
                     RULESET_2026, &from, 1778371200000LL, err, sizeof err) != 0 ||
        cert_sign(&c, verify_priv, &doc, &len, err, sizeof err) != 0 ||
        cert_signed_bytes(doc, len, &el, &ellen, err, sizeof err) != 0) {
        fprintf(stderr, "fuzz verify: cannot make the certificate seed: %s\n", err);
        goto done;
    }
    verify_write_seed(dir, "verify-certificate-signed.xml", doc, len);
    verify_write_seed(dir, "verify-certificate-element.xml", el, ellen);
    free(doc);
    doc = NULL;
    if (sign_xml_envelope(verify_rev_list, sizeof verify_rev_list - 1, VERIFY_REV_NS,
                          VERIFY_REV_ENVELOPE, verify_priv, &doc, &len, err, sizeof err) != 0) {
        fprintf(stderr, "fuzz verify: cannot make the revocation seed: %s\n", err);
        goto done;
    }
    verify_write_seed(dir, "verify-revocations-signed.xml", doc, len);
    verify_write_seed(dir, "verify-revocations-element.xml", verify_rev_list,
                      sizeof verify_rev_list - 1);
    rc = 0;
done:
    free(doc);
    free(el);
    return rc;
}

int fuzz_verify_init(const char *seed_dir)
{
    xmlInitParser();
    if (verify_load_keys() != 0) {
        fuzz_verify_fini();
        return -1;
    }
    if (seed_dir != NULL && verify_write_seeds(seed_dir) != 0) {
        fuzz_verify_fini();
        return -1;
    }
    return 0;
}

void fuzz_verify_fini(void)
{
    sign_key_free(verify_priv);
    sign_key_free(verify_pub);
    verify_priv = NULL;
    verify_pub = NULL;
}

/* A verdict, its reason and, when valid, the certificate's fields. */
static int verify_check_cert(enum cert_verdict v, const struct cert *c, const char *reason,
                             size_t reasonlen, const char *what)
{
    char err[256];

    if ((unsigned)v > CERT_VERIFY_ERROR)
        return fuzz_fail("verify", "%s: verdict %d out of range", what, (int)v);
    /* CERT_VERIFY_ERROR is for out of memory and library failures, which a
     * document must not be able to cause: a bad one is malformed or invalid. */
    if (v == CERT_VERIFY_ERROR)
        return fuzz_fail("verify", "%s: error verdict for a document: %.*s", what,
                         (int)reasonlen, reason);
    if (v != CERT_VALID) {
        if (!fuzz_terminated(reason, reasonlen))
            return fuzz_fail("verify", "%s: %s, reason not terminated", what,
                             cert_verdict_name(v));
        return 0;
    }
    if (cert_check(c, err, sizeof err) != 0)
        return fuzz_fail("verify", "%s: a valid certificate fails cert_check: %s", what, err);
    if (strcmp(c->key_id, sign_key_id(verify_pub)) != 0)
        return fuzz_fail("verify", "%s: valid, but names key %s", what, c->key_id);
    return 0;
}

/* sign_xml_verify and, on CERT_VALID, its canonical bytes. */
static int verify_envelope(const void *doc, size_t len, const char *ns, const char *envelope,
                           const char *element, enum cert_verdict *out, const char *what)
{
    char reason[512], *c14n = NULL;
    size_t n = 0;
    enum cert_verdict v;
    int rc = 0;

    memset(reason, 'x', sizeof reason);
    v = sign_xml_verify(doc, len, ns, envelope, element, verify_pub, &c14n, &n, reason,
                        sizeof reason);
    *out = v;
    if ((unsigned)v > CERT_VERIFY_ERROR)
        rc = fuzz_fail("verify", "%s: verdict %d out of range", what, (int)v);
    else if (v == CERT_VERIFY_ERROR)
        rc = fuzz_fail("verify", "%s: error verdict for a document: %.*s", what,
                       (int)sizeof reason, reason);
    else if (v != CERT_VALID && !fuzz_terminated(reason, sizeof reason))
        rc = fuzz_fail("verify", "%s: reason not terminated", what);
    else if (v == CERT_VALID && (c14n == NULL || strlen(c14n) != n || !fuzz_well_formed(c14n, n)))
        rc = fuzz_fail("verify", "%s: valid, but the signed bytes are not one XML element", what);
    free(c14n);
    return rc;
}

/* Sign the input as an element in `ns`, then verify what we signed. */
static int verify_round_trip(const uint8_t *data, size_t size, const char *ns,
                             const char *envelope, const char *element)
{
    char err[256], reason[512], *doc = NULL;
    size_t len = 0;
    enum cert_verdict v;
    struct cert c;
    int rc = 0;

    memset(reason, 'x', sizeof reason);
    if (sign_xml_envelope((const char *)data, size, ns, envelope, verify_priv, &doc, &len, err,
                          sizeof err) != 0)
        return 0; /* refused to sign: fine, as long as it said so cleanly */
    if (doc == NULL || strlen(doc) != len)
        return fuzz_fail("verify", "sign_xml_envelope(%s) returned no document", envelope);
    if (verify_envelope(doc, len, ns, envelope, element, &v, "round trip") != 0) {
        rc = -1;
    } else if (v == CERT_INVALID || v == CERT_VERIFY_ERROR) {
        char why[512];
        sign_xml_verify(doc, len, ns, envelope, element, verify_pub, NULL, NULL, why,
                        sizeof why);
        rc = fuzz_fail("verify", "a %s we signed does not verify (%s): %s", envelope,
                       cert_verdict_name(v), why);
    } else if (strcmp(ns, CERT_NS) == 0) {
        v = cert_verify(doc, len, verify_pub, &c, reason, sizeof reason);
        rc = verify_check_cert(v, &c, reason, sizeof reason, "signed certificate");
    }
    free(doc);
    return rc;
}

int fuzz_verify_one(const uint8_t *data, size_t size)
{
    char reason[512], *out = NULL;
    size_t outlen = 0;
    enum cert_verdict v;
    struct cert c;

    memset(reason, 'x', sizeof reason); /* so that an unterminated reason shows */
    v = cert_verify(data, size, verify_pub, &c, reason, sizeof reason);
    if (verify_check_cert(v, &c, reason, sizeof reason, "cert_verify") != 0)
        return -1;
    if (verify_envelope(data, size, VERIFY_REV_NS, VERIFY_REV_ENVELOPE, VERIFY_REV_ELEMENT, &v,
                        "revocation list") != 0)
        return -1;
    if (cert_signed_bytes(data, size, &out, &outlen, reason, sizeof reason) == 0) {
        int ok = out != NULL && strlen(out) == outlen && fuzz_well_formed(out, outlen);
        free(out);
        if (!ok)
            return fuzz_fail("verify", "cert_signed_bytes gave bytes that are not one element");
    }
    if (verify_round_trip(data, size, CERT_NS, "signedCertificate", "certificate") != 0)
        return -1;
    if (verify_round_trip(data, size, VERIFY_REV_NS, VERIFY_REV_ENVELOPE, VERIFY_REV_ELEMENT) !=
        0)
        return -1;
    return 0;
}

#ifndef FUZZ_NO_LIBFUZZER
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (fuzz_verify_init(getenv("FUZZ_SEED_DIR")) != 0)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (fuzz_verify_one(data, size) != 0)
        abort();
    return 0;
}
#endif
