/*
 * test_sign.c — keys, certificates, signatures: for each algorithm a
 * certificate is issued, signed and verified, and every tampering the issue
 * names (a changed character, a changed date, a signature moved from another
 * certificate, a swapped key id, the wrong key, a broken signature, a DOCTYPE)
 * must fail. Key files: 0600 on write, refused when readable by others.
 */
#include "tier/sign.h"

#include <CUnit/Basic.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tier/digest.h"

#define USCC_OK_1 "91370102MA3C4D5E7Q"
#define USCC_OK_2 "91370102MA3F7G8H8L"
#define NAME_1    "济南精工科技有限公司"
#define NOW_MS    1778378584123LL /* 2026-05-10T02:03:04.123Z */

static const enum sign_alg all_algs[] = {SIGN_ALG_ED25519, SIGN_ALG_SM2, SIGN_ALG_P256};
#define N_ALGS 3

static struct sign_key *keys[N_ALGS];  /* one signing key per algorithm */
static struct sign_key *other[N_ALGS]; /* a second key of each algorithm */
static char tmpdir[] = "/tmp/test_sign.XXXXXX";

static int suite_init(void)
{
    char err[256];

    if (mkdtemp(tmpdir) == NULL)
        return -1;
    for (int i = 0; i < N_ALGS; i++) {
        if (sign_key_generate(all_algs[i], &keys[i], err, sizeof err) != 0 ||
            sign_key_generate(all_algs[i], &other[i], err, sizeof err) != 0) {
            fprintf(stderr, "keygen: %s\n", err);
            return -1;
        }
    }
    return 0;
}

static int suite_clean(void)
{
    char cmd[256];

    for (int i = 0; i < N_ALGS; i++) {
        sign_key_free(keys[i]);
        sign_key_free(other[i]);
    }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* A signed little-giant certificate for `name` with key k; caller frees. */
static char *issue(const struct sign_key *k, const char *uscc, const char *name, int64_t ms,
                   struct cert *c_out)
{
    struct tier_date from = {2026, 5, 10};
    struct cert c;
    char err[256];
    char *doc = NULL;
    size_t len = 0;

    if (cert_prepare(&c, TIER_LITTLE_GIANT, uscc, name, RULESET_2026, &from, ms, err,
                     sizeof err) != 0) {
        fprintf(stderr, "cert_prepare: %s\n", err);
        return NULL;
    }
    if (cert_sign(&c, k, &doc, &len, err, sizeof err) != 0) {
        fprintf(stderr, "cert_sign: %s\n", err);
        return NULL;
    }
    if (strlen(doc) != len) {
        free(doc);
        return NULL;
    }
    if (c_out != NULL)
        *c_out = c;
    return doc;
}

/* A copy of s with the first `from` replaced by `to`; NULL if absent. */
static char *replace_once(const char *s, const char *from, const char *to)
{
    const char *at = strstr(s, from);
    size_t a, f = strlen(from), t = strlen(to), n = strlen(s);
    char *r;

    if (at == NULL)
        return NULL;
    a = (size_t)(at - s);
    r = malloc(n - f + t + 1);
    memcpy(r, s, a);
    memcpy(r + a, to, t);
    memcpy(r + a + t, at + f, n - a - f + 1);
    return r;
}

static enum cert_verdict verify(const char *doc, const struct sign_key *k, char *reason,
                                size_t rlen)
{
    return cert_verify(doc, strlen(doc), k, NULL, reason, rlen);
}

/* The text between `open` and the next '<' after it (e.g. a signature). */
static char *between(const char *doc, const char *open)
{
    const char *s = strstr(doc, open), *e;
    char *r;

    if (s == NULL)
        return NULL;
    s += strlen(open);
    e = strchr(s, '<');
    r = malloc((size_t)(e - s) + 1);
    memcpy(r, s, (size_t)(e - s));
    r[e - s] = '\0';
    return r;
}

/* The base64 signature text of a signed document (caller frees). */
static char *sig_text(const char *doc)
{
    const char *s = strstr(doc, "<signature ");

    return s != NULL ? between(s, ">") : NULL;
}

/* ---- round trip ------------------------------------------------------------------ */

static void test_each_algorithm_signs_and_verifies(void)
{
    for (int i = 0; i < N_ALGS; i++) {
        struct cert in, out;
        char reason[512] = "";
        char *doc = issue(keys[i], USCC_OK_1, NAME_1, NOW_MS, &in);

        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        CU_ASSERT_EQUAL(cert_verify(doc, strlen(doc), keys[i], &out, reason, sizeof reason),
                        CERT_VALID);
        CU_ASSERT_STRING_EQUAL(out.serial, in.serial);
        CU_ASSERT_STRING_EQUAL(out.uscc, USCC_OK_1);
        CU_ASSERT_STRING_EQUAL(out.name, NAME_1);
        CU_ASSERT_STRING_EQUAL(out.issuer, "山东省工业和信息化厅");
        CU_ASSERT_STRING_EQUAL(out.key_id, sign_key_id(keys[i]));
        CU_ASSERT_EQUAL(out.tier, TIER_LITTLE_GIANT);
        CU_ASSERT_EQUAL(out.level, CERT_LEVEL_NATIONAL);
        CU_ASSERT_EQUAL(out.rule_set, RULESET_2026);
        CU_ASSERT_EQUAL(out.issued_at, NOW_MS / 1000);
        CU_ASSERT_EQUAL(date_cmp(&out.valid_from, &in.valid_from), 0);
        CU_ASSERT_EQUAL(date_cmp(&out.valid_until, &in.valid_until), 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(doc, "<issuedAt>2026-05-10T02:03:04Z</issuedAt>"));
        CU_ASSERT_PTR_NOT_NULL(strstr(doc, "<validUntil>2029-05-09</validUntil>"));
        CU_ASSERT_PTR_NOT_NULL(strstr(doc, sign_alg_sig_name(all_algs[i])));
        CU_ASSERT_EQUAL(strstr(doc, "distid=\"1234567812345678\"") != NULL,
                        all_algs[i] == SIGN_ALG_SM2);
        /* A verifier holding only the public key, from PEM. */
        {
            struct sign_key *pub = NULL;
            char *pem = NULL;
            size_t pemlen = 0;

            CU_ASSERT_EQUAL_FATAL(sign_key_public_pem(keys[i], &pem, &pemlen), 0);
            CU_ASSERT_EQUAL_FATAL(sign_key_load_public(pem, pemlen, &pub, reason,
                                                       sizeof reason), 0);
            CU_ASSERT_FALSE(sign_key_has_private(pub));
            CU_ASSERT_EQUAL(sign_key_alg(pub), all_algs[i]);
            CU_ASSERT_EQUAL(verify(doc, pub, reason, sizeof reason), CERT_VALID);
            sign_key_free(pub);
            free(pem);
        }
        free(doc);
    }
}

static void test_signed_document_validates_against_schema(void)
{
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt("xsd/certificate.xsd");
    xmlSchemaPtr schema = xmlSchemaParse(pc);
    xmlSchemaValidCtxtPtr vc;

    CU_ASSERT_PTR_NOT_NULL_FATAL(schema);
    vc = xmlSchemaNewValidCtxt(schema);
    for (int i = 0; i < N_ALGS; i++) {
        char *doc = issue(keys[i], USCC_OK_1, "A&B <精工> \"有限\" 'x' 公司", NOW_MS, NULL);
        xmlDocPtr d;

        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        d = xmlReadMemory(doc, (int)strlen(doc), NULL, NULL, XML_PARSE_NONET);
        CU_ASSERT_PTR_NOT_NULL_FATAL(d);
        CU_ASSERT_EQUAL(xmlSchemaValidateDoc(vc, d), 0);
        xmlFreeDoc(d);
        free(doc);
    }
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
}

static void test_envelope_holds_exactly_the_signed_bytes(void)
{
    for (int i = 0; i < N_ALGS; i++) {
        char *doc = issue(keys[i], USCC_OK_1, "A&B <精工> 公司", NOW_MS, NULL);
        char *canon = NULL, *b64, err[256];
        unsigned char sig[SIGN_MAX_SIG + 3];
        size_t n = 0;
        int siglen;

        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        CU_ASSERT_EQUAL_FATAL(cert_signed_bytes(doc, strlen(doc), &canon, &n, err, sizeof err),
                              0);
        CU_ASSERT_EQUAL(strncmp(canon, "<certificate xmlns=\"urn:tierd:certificate:1\">", 45),
                        0);
        CU_ASSERT_PTR_NOT_NULL(strstr(doc, canon));
        CU_ASSERT_PTR_NOT_NULL(strstr(canon, "A&amp;B &lt;精工&gt; 公司"));
        /* The raw signature in the document verifies over those bytes alone. */
        b64 = sig_text(doc);
        siglen = EVP_DecodeBlock(sig, (unsigned char *)b64, (int)strlen(b64));
        CU_ASSERT_FATAL(siglen > 0);
        if (b64[strlen(b64) - 1] == '=')
            siglen -= b64[strlen(b64) - 2] == '=' ? 2 : 1;
        CU_ASSERT_EQUAL(sign_verify_bytes(keys[i], canon, n, sig, (size_t)siglen), 1);
        CU_ASSERT_EQUAL(sign_verify_bytes(keys[i], canon, n - 1, sig, (size_t)siglen), 0);
        free(b64);
        free(canon);
        free(doc);
    }
}

/* ---- tampering -------------------------------------------------------------------- */

static void expect_invalid(const char *doc, const struct sign_key *k, enum cert_verdict want,
                           const char *reason_part)
{
    char reason[512] = "";
    enum cert_verdict v;

    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    v = verify(doc, k, reason, sizeof reason);
    CU_ASSERT_EQUAL(v, want);
    if (reason_part != NULL && strstr(reason, reason_part) == NULL) {
        fprintf(stderr, "\n    reason was: %s (wanted: %s)\n", reason, reason_part);
        CU_FAIL("reason does not say why");
    }
}

static void test_one_changed_character_in_the_name_fails(void)
{
    for (int i = 0; i < N_ALGS; i++) {
        char *doc = issue(keys[i], USCC_OK_1, NAME_1, NOW_MS, NULL);
        char *bad = replace_once(doc, "精工", "精王");

        expect_invalid(bad, keys[i], CERT_INVALID, "signature does not match the certificate");
        free(bad);
        bad = replace_once(doc, "MA3C4D5E7Q", "MA3C4D5E7R");
        expect_invalid(bad, keys[i], CERT_INVALID, "signature does not match");
        free(bad);
        free(doc);
    }
}

static void test_changed_date_fails(void)
{
    for (int i = 0; i < N_ALGS; i++) {
        char *doc = issue(keys[i], USCC_OK_1, NAME_1, NOW_MS, NULL);
        char *bad = replace_once(doc, "<validUntil>2029-05-09", "<validUntil>2030-05-09");

        expect_invalid(bad, keys[i], CERT_INVALID, "signature does not match");
        free(bad);
        bad = replace_once(doc, "<validFrom>2026-05-10", "<validFrom>2026-05-11");
        expect_invalid(bad, keys[i], CERT_INVALID, "signature does not match");
        free(bad);
        free(doc);
    }
}

static void test_signature_moved_from_another_certificate_fails(void)
{
    for (int i = 0; i < N_ALGS; i++) {
        char *a = issue(keys[i], USCC_OK_1, NAME_1, NOW_MS, NULL);
        char *b = issue(keys[i], USCC_OK_2, "青岛海工装备有限公司", NOW_MS + 1, NULL);
        char *sa = sig_text(a), *sb = sig_text(b);
        char *bad = replace_once(a, sa, sb);

        expect_invalid(b, keys[i], CERT_VALID, NULL);
        expect_invalid(bad, keys[i], CERT_INVALID, "signature does not match the certificate");
        free(bad);
        free(sa);
        free(sb);
        free(a);
        free(b);
    }
}

static void test_swapped_key_id_fails(void)
{
    for (int i = 0; i < N_ALGS; i++) {
        char *doc = issue(keys[i], USCC_OK_1, NAME_1, NOW_MS, NULL);
        char attr_old[80], attr_new[80], el_old[80], el_new[80];
        char *bad;

        snprintf(attr_old, sizeof attr_old, "keyId=\"%s\"", sign_key_id(keys[i]));
        snprintf(attr_new, sizeof attr_new, "keyId=\"%s\"", sign_key_id(other[i]));
        snprintf(el_old, sizeof el_old, "<keyId>%s<", sign_key_id(keys[i]));
        snprintf(el_new, sizeof el_new, "<keyId>%s<", sign_key_id(other[i]));
        /* The signature's keyId names another key: refused before any maths. */
        bad = replace_once(doc, attr_old, attr_new);
        expect_invalid(bad, keys[i], CERT_INVALID, "not with the given key");
        /* ... and checked against that other key, the signature fails. */
        expect_invalid(bad, other[i], CERT_INVALID, "signature does not match");
        free(bad);
        /* The certificate's own keyId changed: it is signed content. */
        bad = replace_once(doc, el_old, el_new);
        expect_invalid(bad, keys[i], CERT_INVALID, "signature does not match");
        free(bad);
        free(doc);
    }
}

static void test_wrong_key_fails(void)
{
    for (int i = 0; i < N_ALGS; i++) {
        char *doc = issue(keys[i], USCC_OK_1, NAME_1, NOW_MS, NULL);

        expect_invalid(doc, other[i], CERT_INVALID, "not with the given key");
        expect_invalid(doc, keys[(i + 1) % N_ALGS], CERT_INVALID, "algorithm mismatch");
        free(doc);
    }
}

static void test_truncated_or_garbage_signature_fails(void)
{
    for (int i = 0; i < N_ALGS; i++) {
        char *doc = issue(keys[i], USCC_OK_1, NAME_1, NOW_MS, NULL);
        char *s = sig_text(doc);
        char shorter[400], flipped[400];
        char *bad;

        snprintf(shorter, sizeof shorter, "%.*s", (int)strlen(s) - 4, s);
        bad = replace_once(doc, s, shorter);
        expect_invalid(bad, keys[i], CERT_INVALID, "signature does not match");
        free(bad);
        snprintf(flipped, sizeof flipped, "%s", s);
        flipped[5] = flipped[5] == 'A' ? 'B' : 'A';
        bad = replace_once(doc, s, flipped);
        expect_invalid(bad, keys[i], CERT_INVALID, "signature does not match");
        free(bad);
        bad = replace_once(doc, s, "not*base64!");
        expect_invalid(bad, keys[i], CERT_MALFORMED, "not base64");
        free(bad);
        bad = replace_once(doc, s, "");
        expect_invalid(bad, keys[i], CERT_MALFORMED, "not base64");
        free(bad);
        bad = replace_once(doc, s, "AAAA");
        expect_invalid(bad, keys[i], CERT_INVALID, "signature does not match");
        free(bad);
        free(s);
        free(doc);
    }
}

static void test_doctype_is_refused(void)
{
    char *doc = issue(keys[0], USCC_OK_1, NAME_1, NOW_MS, NULL);
    char *bad;

    bad = replace_once(doc, "<signedCertificate",
                       "<!DOCTYPE signedCertificate [<!ENTITY x \"济南\">]>\n<signedCertificate");
    expect_invalid(bad, keys[0], CERT_MALFORMED, "DOCTYPE");
    free(bad);
    bad = replace_once(doc, "<signedCertificate",
                       "<!DOCTYPE signedCertificate SYSTEM \"http://example.com/x.dtd\">"
                       "<signedCertificate");
    expect_invalid(bad, keys[0], CERT_MALFORMED, "DOCTYPE");
    free(bad);
    free(doc);
}

static void test_other_malformed_documents_are_refused(void)
{
    char *doc = issue(keys[1], USCC_OK_1, NAME_1, NOW_MS, NULL);
    char *bad;

    expect_invalid("", keys[1], CERT_MALFORMED, "malformed document");
    expect_invalid("<signedCertificate", keys[1], CERT_MALFORMED, "malformed document");
    expect_invalid("<x/>", keys[1], CERT_MALFORMED, "root element");
    /* A comment inside the certificate is not signed content to us, but it is
     * to `xmllint --exc-c14n`: refuse it so both paths agree. */
    bad = replace_once(doc, "<serial>", "<!-- hi --><serial>");
    expect_invalid(bad, keys[1], CERT_MALFORMED, "comments");
    free(bad);
    bad = replace_once(doc, "</signedCertificate>",
                       "<certificate xmlns=\"urn:tierd:certificate:1\"/></signedCertificate>");
    expect_invalid(bad, keys[1], CERT_MALFORMED, "exactly one certificate");
    free(bad);
    /* Same meaning, but `xmllint --xpath` would cut the element out without its
     * namespace: refused so that tierctl and docs/verify.md agree. */
    bad = replace_once(doc, "<certificate xmlns=\"urn:tierd:certificate:1\">", "<certificate>");
    expect_invalid(bad, keys[1], CERT_MALFORMED, "must declare");
    free(bad);
    bad = replace_once(doc, " distid=\"1234567812345678\"", "");
    expect_invalid(bad, keys[1], CERT_MALFORMED, "distid");
    free(bad);
    bad = replace_once(doc, "distid=\"1234567812345678\"", "distid=\"1234567812345679\"");
    expect_invalid(bad, keys[1], CERT_INVALID, "distinguishing ID");
    free(bad);
    bad = replace_once(doc, "sm2-sm3", "rsa");
    expect_invalid(bad, keys[1], CERT_MALFORMED, "unknown signature algorithm");
    free(bad);
    free(doc);
}

static void test_escaped_markup_in_name_round_trips(void)
{
    const char *name = "A&B <精工> \"有限\" 'x' 公司";

    for (int i = 0; i < N_ALGS; i++) {
        char *doc = issue(keys[i], USCC_OK_1, name, NOW_MS, NULL);
        struct cert out;
        char reason[512];

        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        CU_ASSERT_EQUAL(cert_verify(doc, strlen(doc), keys[i], &out, reason, sizeof reason),
                        CERT_VALID);
        CU_ASSERT_STRING_EQUAL(out.name, name);
        free(doc);
    }
}

/* ---- signed XML in general ------------------------------------------------------- */

#define REV_NS "urn:tierd:revocations:1"

static void test_any_element_signs_and_verifies_like_a_certificate(void)
{
    const char *list = "<?xml version=\"1.0\"?>\n<revocations xmlns=\"" REV_NS "\">"
                       "<revoked serial=\"LG-2026-01KR7SZC1V1AC0429V\" at=\"2026-06-01T00:00:00Z\">"
                       "虚假材料</revoked></revocations>";

    for (int i = 0; i < N_ALGS; i++) {
        char *doc = NULL, *c14n = NULL, *bad, err[512];
        size_t len = 0, clen = 0;

        CU_ASSERT_EQUAL_FATAL(sign_xml_envelope(list, strlen(list), REV_NS, "signedRevocations",
                                                keys[i], &doc, &len, err, sizeof err), 0);
        CU_ASSERT_EQUAL(sign_xml_verify(doc, len, REV_NS, "signedRevocations", "revocations",
                                        keys[i], &c14n, &clen, err, sizeof err), CERT_VALID);
        CU_ASSERT_PTR_NOT_NULL(c14n);
        CU_ASSERT(c14n != NULL && clen == strlen(c14n) && strstr(c14n, "虚假材料") != NULL);
        free(c14n);
        /* The certificate verifier does not take it for a certificate. */
        CU_ASSERT_EQUAL(verify(doc, keys[i], err, sizeof err), CERT_MALFORMED);
        bad = replace_once(doc, "虚假材料", "虚假材科");
        CU_ASSERT_EQUAL(sign_xml_verify(bad, strlen(bad), REV_NS, "signedRevocations",
                                        "revocations", keys[i], NULL, NULL, err, sizeof err),
                        CERT_INVALID);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, "signature does not match the revocations"));
        free(bad);
        CU_ASSERT_EQUAL(sign_xml_verify(doc, len, REV_NS, "signedRevocations", "revocations",
                                        other[i], NULL, NULL, err, sizeof err), CERT_INVALID);
        free(doc);
    }
}

static void test_large_signed_list_is_not_held_to_the_certificate_cap(void)
{
    char *list = malloc(400000), *doc = NULL, err[256];
    size_t n = 0, len = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(list);
    n += (size_t)snprintf(list + n, 400000 - n, "<revocations xmlns=\"" REV_NS "\">");
    for (int i = 0; i < 3000; i++)
        n += (size_t)snprintf(list + n, 400000 - n,
                              "<revoked serial=\"LG-2026-01KR7SZC1V1AC%05d\">理由</revoked>", i);
    n += (size_t)snprintf(list + n, 400000 - n, "</revocations>");
    CU_ASSERT_FATAL(n > CERT_MAX_DOC_BYTES && n < 400000);
    CU_ASSERT_EQUAL_FATAL(sign_xml_envelope(list, n, REV_NS, "signedRevocations", keys[0], &doc,
                                            &len, err, sizeof err), 0);
    CU_ASSERT_EQUAL(sign_xml_verify(doc, len, REV_NS, "signedRevocations", "revocations", keys[0],
                                    NULL, NULL, err, sizeof err), CERT_VALID);
    /* ... while a certificate document that large is refused unread. */
    CU_ASSERT_EQUAL(verify(doc, keys[0], err, sizeof err), CERT_MALFORMED);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "larger than"));
    free(doc);
    free(list);
}

static void test_element_to_sign_must_declare_its_namespace(void)
{
    const char *no_ns = "<revocations/>";
    const char *prefixed = "<r:revocations xmlns:r=\"" REV_NS "\"/>";
    const char *comment = "<revocations xmlns=\"" REV_NS "\"><!-- x --></revocations>";
    char *doc = NULL, err[256];
    size_t len;

    CU_ASSERT_EQUAL(sign_xml_envelope(no_ns, strlen(no_ns), REV_NS, "signedRevocations", keys[0],
                                      &doc, &len, err, sizeof err), -1);
    CU_ASSERT_EQUAL(sign_xml_envelope(prefixed, strlen(prefixed), REV_NS, "signedRevocations",
                                      keys[0], &doc, &len, err, sizeof err), -1);
    CU_ASSERT_EQUAL(sign_xml_envelope(comment, strlen(comment), REV_NS, "signedRevocations",
                                      keys[0], &doc, &len, err, sizeof err), -1);
    CU_ASSERT_EQUAL(sign_xml_envelope("<x xmlns=\"a\"/>", 15, "a\"b", "e", keys[0], &doc, &len,
                                      err, sizeof err), -1);
    CU_ASSERT_PTR_NULL(doc);
}

/* ---- keys and files ---------------------------------------------------------------- */

static void test_key_files_are_written_0600_and_reload(void)
{
    for (int i = 0; i < N_ALGS; i++) {
        char kp[512], pp[512], err[512];
        struct sign_key *priv = NULL, *pub = NULL;
        struct stat st;
        char *doc;

        CU_ASSERT_EQUAL_FATAL(sign_key_write_files(keys[i], tmpdir, kp, sizeof kp, pp, sizeof pp,
                                                   err, sizeof err), 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(kp, sign_key_id(keys[i])));
        CU_ASSERT_EQUAL(stat(kp, &st), 0);
        CU_ASSERT_EQUAL(st.st_mode & 07777, 0600);
        CU_ASSERT_EQUAL(stat(pp, &st), 0);
        CU_ASSERT_EQUAL(st.st_mode & 07777, 0644);
        /* Never overwrites. */
        CU_ASSERT_EQUAL(sign_key_write_files(keys[i], tmpdir, NULL, 0, NULL, 0, err, sizeof err),
                        -1);
        CU_ASSERT_EQUAL_FATAL(sign_key_load_private(kp, &priv, err, sizeof err), 0);
        CU_ASSERT_EQUAL_FATAL(sign_key_load_public_file(pp, &pub, err, sizeof err), 0);
        CU_ASSERT_TRUE(sign_key_has_private(priv));
        CU_ASSERT_STRING_EQUAL(sign_key_id(priv), sign_key_id(keys[i]));
        CU_ASSERT_STRING_EQUAL(sign_key_id(pub), sign_key_id(keys[i]));
        CU_ASSERT_EQUAL(sign_key_alg(priv), all_algs[i]);
        CU_ASSERT_EQUAL(sign_key_alg(pub), all_algs[i]);
        doc = issue(priv, USCC_OK_1, NAME_1, NOW_MS, NULL);
        CU_ASSERT_EQUAL(verify(doc, pub, err, sizeof err), CERT_VALID);
        CU_ASSERT_EQUAL(verify(doc, keys[i], err, sizeof err), CERT_VALID);
        free(doc);
        sign_key_free(priv);
        sign_key_free(pub);
    }
}

static void test_key_file_readable_by_others_is_refused(void)
{
    char path[512], link[512], err[512];
    struct sign_key *k = NULL;

    CU_ASSERT_EQUAL_FATAL(sign_key_write_files(other[0], tmpdir, path, sizeof path, NULL, 0, err,
                                               sizeof err), 0);
    CU_ASSERT_EQUAL(chmod(path, 0644), 0);
    CU_ASSERT_EQUAL(sign_key_load_private(path, &k, err, sizeof err), -1);
    CU_ASSERT_PTR_NULL(k);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, path));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "0644"));
    CU_ASSERT_EQUAL(sign_key_check_file(path, err, sizeof err), -1);
    CU_ASSERT_EQUAL(chmod(path, 0640), 0);
    CU_ASSERT_EQUAL(sign_key_load_private(path, &k, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "0640"));
    CU_ASSERT_EQUAL(chmod(path, 0400), 0);
    CU_ASSERT_EQUAL(sign_key_check_file(path, err, sizeof err), 0);
    CU_ASSERT_EQUAL(sign_key_load_private(path, &k, err, sizeof err), 0);
    sign_key_free(k);
    k = NULL;
    /* Not through a symbolic link, nor a directory. */
    snprintf(link, sizeof link, "%s/link.key", tmpdir);
    CU_ASSERT_EQUAL(symlink(path, link), 0);
    CU_ASSERT_EQUAL(sign_key_load_private(link, &k, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "symbolic link"));
    CU_ASSERT_EQUAL(sign_key_load_private(tmpdir, &k, err, sizeof err), -1);
    CU_ASSERT_PTR_NULL(k);
}

static void test_key_id_is_sha256_of_public_key_der(void)
{
    for (int i = 0; i < N_ALGS; i++) {
        char *pem = NULL, hex[SHA256_HEX_LEN + 1], err[256];
        unsigned char *der = NULL;
        struct sign_key *again = NULL;
        EVP_PKEY *pk;
        BIO *bio;
        int n;

        CU_ASSERT_EQUAL_FATAL(sign_key_public_pem(keys[i], &pem, NULL), 0);
        CU_ASSERT_EQUAL(strncmp(pem, "-----BEGIN PUBLIC KEY-----", 26), 0);
        bio = BIO_new_mem_buf(pem, -1);
        pk = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(pk);
        n = i2d_PUBKEY(pk, &der);
        CU_ASSERT_FATAL(n > 0);
        digest_sha256_hex(der, (size_t)n, hex);
        CU_ASSERT_STRING_EQUAL(sign_key_id(keys[i]), hex);
        /* Stable: the same public key loaded again has the same id. */
        CU_ASSERT_EQUAL(sign_key_load_public(pem, strlen(pem), &again, err, sizeof err), 0);
        CU_ASSERT_STRING_EQUAL(sign_key_id(again), hex);
        CU_ASSERT_STRING_NOT_EQUAL(sign_key_id(other[i]), hex);
        sign_key_free(again);
        OPENSSL_free(der);
        EVP_PKEY_free(pk);
        BIO_free(bio);
        free(pem);
    }
}

static void test_algorithm_names(void)
{
    enum sign_alg a;

    CU_ASSERT_EQUAL(sign_alg_parse("ed25519", &a), 0);
    CU_ASSERT_EQUAL(a, SIGN_ALG_ED25519);
    CU_ASSERT_EQUAL(sign_alg_parse("sm2", &a), 0);
    CU_ASSERT_EQUAL(a, SIGN_ALG_SM2);
    CU_ASSERT_EQUAL(sign_alg_parse("ecdsa-p256-sha256", &a), 0);
    CU_ASSERT_EQUAL(a, SIGN_ALG_P256);
    CU_ASSERT_EQUAL(sign_alg_parse("rsa", &a), -1);
    CU_ASSERT_STRING_EQUAL(sign_alg_sig_name(SIGN_ALG_SM2), "sm2-sm3");
}

/* ---- certificate content --------------------------------------------------------- */

static void test_serial_format_and_uniqueness(void)
{
    char a[CERT_SERIAL_LEN + 1], b[CERT_SERIAL_LEN + 1], c[CERT_SERIAL_LEN + 1];

    CU_ASSERT_EQUAL(cert_serial_new(TIER_LITTLE_GIANT, NOW_MS, a), 0);
    CU_ASSERT_EQUAL(cert_serial_new(TIER_LITTLE_GIANT, NOW_MS, b), 0);
    CU_ASSERT_EQUAL(cert_serial_new(TIER_LITTLE_GIANT, NOW_MS + 1, c), 0);
    CU_ASSERT_EQUAL(strlen(a), CERT_SERIAL_LEN);
    CU_ASSERT_EQUAL(strncmp(a, "LG-2026-", 8), 0);
    CU_ASSERT_TRUE(cert_serial_valid(a));
    CU_ASSERT_STRING_NOT_EQUAL(a, b); /* same millisecond: the random part differs */
    CU_ASSERT_EQUAL(strncmp(a, b, 18), 0);
    CU_ASSERT_TRUE(strcmp(c, a) > 0 && strcmp(c, b) > 0); /* later sorts after */
    /* The year is China Standard Time: 2025-12-31T16:00:00Z is 2026 in Jinan. */
    CU_ASSERT_EQUAL(cert_serial_new(TIER_TECH_SME, 1767196800000LL, a), 0);
    CU_ASSERT_EQUAL(strncmp(a, "TS-2026-", 8), 0);
    CU_ASSERT_EQUAL(cert_serial_new(TIER_TECH_SME, 1767196799999LL, a), 0);
    CU_ASSERT_EQUAL(strncmp(a, "TS-2025-", 8), 0);
    CU_ASSERT_EQUAL(cert_serial_new(TIER_NONE, NOW_MS, a), -1);
    CU_ASSERT_EQUAL(cert_serial_new(TIER_LEADING, -1, a), -1);
    CU_ASSERT_FALSE(cert_serial_valid("LG-2026-01KQ3ZC0WB7H2M4T9I")); /* I is not base32 */
    CU_ASSERT_FALSE(cert_serial_valid("XX-2026-01KQ3ZC0WB7H2M4T9Q"));
    CU_ASSERT_FALSE(cert_serial_valid("LG-2026-01KQ3ZC0WB7H2M4T9"));
    CU_ASSERT_TRUE(cert_serial_valid("LG-2026-01KQ3ZC0WB7H2M4T9Q"));
    /* Many in one millisecond: no duplicates. */
    {
        enum { N = 2000 };
        static char many[N][CERT_SERIAL_LEN + 1];
        int dup = 0;

        for (int i = 0; i < N; i++)
            cert_serial_new(TIER_GAZELLE, NOW_MS, many[i]);
        for (int i = 0; i < N && !dup; i++)
            for (int j = i + 1; j < N; j++)
                if (strcmp(many[i], many[j]) == 0)
                    dup = 1;
        CU_ASSERT_FALSE(dup);
    }
}

static void test_validity_periods(void)
{
    struct tier_date from = {2026, 5, 10}, leap = {2024, 2, 29}, mar1 = {2023, 3, 1}, u;

    u = cert_valid_until(TIER_SPECIALIZED_SME, &from);
    CU_ASSERT(u.y == 2029 && u.m == 5 && u.d == 9);
    u = cert_valid_until(TIER_TECH_SME, &from); /* 科技型: 1 year */
    CU_ASSERT(u.y == 2027 && u.m == 5 && u.d == 9);
    u = cert_valid_until(TIER_LITTLE_GIANT, &leap);
    CU_ASSERT(u.y == 2027 && u.m == 2 && u.d == 28);
    u = cert_valid_until(TIER_TECH_SME, &mar1); /* the day before 2024-03-01 */
    CU_ASSERT(u.y == 2024 && u.m == 2 && u.d == 29);
}

static void test_status_by_date(void)
{
    struct cert c;
    struct tier_date from = {2026, 5, 10}, d;
    char err[256];

    CU_ASSERT_EQUAL_FATAL(cert_prepare(&c, TIER_HIGH_TECH, USCC_OK_1, NAME_1, RULESET_2026,
                                       &from, NOW_MS, err, sizeof err), 0);
    d = (struct tier_date){2026, 5, 9};
    CU_ASSERT_EQUAL(cert_status_on(&c, &d), CERT_STATUS_NOT_YET_VALID);
    d = (struct tier_date){2026, 5, 10};
    CU_ASSERT_EQUAL(cert_status_on(&c, &d), CERT_STATUS_CURRENT);
    d = (struct tier_date){2029, 5, 9};
    CU_ASSERT_EQUAL(cert_status_on(&c, &d), CERT_STATUS_CURRENT);
    d = (struct tier_date){2029, 5, 10};
    CU_ASSERT_EQUAL(cert_status_on(&c, &d), CERT_STATUS_EXPIRED);
    CU_ASSERT_STRING_EQUAL(cert_status_name(CERT_STATUS_EXPIRED), "expired");
}

static void test_prepare_refuses_bad_content(void)
{
    struct tier_date from = {2026, 5, 10}, bad_day = {2026, 2, 30};
    struct cert c;
    char err[256];
    char *doc = NULL;
    size_t len;

    CU_ASSERT_EQUAL(cert_prepare(&c, TIER_LITTLE_GIANT, "91370102MA3C4D5E7R", NAME_1,
                                 RULESET_2026, &from, NOW_MS, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "uscc"));
    CU_ASSERT_EQUAL(cert_prepare(&c, TIER_LITTLE_GIANT, USCC_OK_1, "", RULESET_2026, &from,
                                 NOW_MS, err, sizeof err), -1);
    CU_ASSERT_EQUAL(cert_prepare(&c, TIER_LITTLE_GIANT, USCC_OK_1, "a\nb", RULESET_2026, &from,
                                 NOW_MS, err, sizeof err), -1);
    CU_ASSERT_EQUAL(cert_prepare(&c, TIER_LITTLE_GIANT, USCC_OK_1, "\xe6\xb5", RULESET_2026,
                                 &from, NOW_MS, err, sizeof err), -1);
    CU_ASSERT_EQUAL(cert_prepare(&c, TIER_LITTLE_GIANT, USCC_OK_1, NAME_1, RULESET_NONE, &from,
                                 NOW_MS, err, sizeof err), -1);
    CU_ASSERT_EQUAL(cert_prepare(&c, TIER_LITTLE_GIANT, USCC_OK_1, NAME_1, RULESET_2026,
                                 &bad_day, NOW_MS, err, sizeof err), -1);
    CU_ASSERT_EQUAL(cert_prepare(&c, TIER_COUNT, USCC_OK_1, NAME_1, RULESET_2026, &from, NOW_MS,
                                 err, sizeof err), -1);
    /* Signing re-checks: a field broken after cert_prepare is refused. */
    CU_ASSERT_EQUAL_FATAL(cert_prepare(&c, TIER_LITTLE_GIANT, USCC_OK_1, NAME_1, RULESET_2026,
                                       &from, NOW_MS, err, sizeof err), 0);
    c.valid_until = (struct tier_date){2020, 1, 1};
    CU_ASSERT_EQUAL(cert_sign(&c, keys[0], &doc, &len, err, sizeof err), -1);
    CU_ASSERT_PTR_NULL(doc);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "validUntil"));
}

static void test_public_key_cannot_sign(void)
{
    struct tier_date from = {2026, 5, 10};
    struct sign_key *pub = NULL;
    struct cert c;
    char err[256], *pem = NULL, *doc = NULL;
    size_t len;

    CU_ASSERT_EQUAL_FATAL(sign_key_public_pem(keys[0], &pem, &len), 0);
    CU_ASSERT_EQUAL_FATAL(sign_key_load_public(pem, len, &pub, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(cert_prepare(&c, TIER_LITTLE_GIANT, USCC_OK_1, NAME_1, RULESET_2026,
                                       &from, NOW_MS, err, sizeof err), 0);
    CU_ASSERT_EQUAL(cert_sign(&c, pub, &doc, &len, err, sizeof err), -1);
    CU_ASSERT_PTR_NULL(doc);
    CU_ASSERT_EQUAL(sign_key_load_public("garbage", 7, &pub, err, sizeof err), -1);
    sign_key_free(pub);
    free(pem);
}

/* ECDSA signatures come out low-S every time (about half would be high
 * otherwise), and the high-S twin of a good one does not verify. */
static void test_p256_signs_low_s_and_refuses_the_high_s_twin(void)
{
    struct sign_key *k = NULL;
    char err[256];
    EC_GROUP *g = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
    BIGNUM *half = BN_new();
    int high = 0;

    CU_ASSERT_FATAL(g != NULL && half != NULL);
    BN_rshift1(half, EC_GROUP_get0_order(g));
    CU_ASSERT_EQUAL_FATAL(sign_key_generate(SIGN_ALG_P256, &k, err, sizeof err), 0);
    for (int i = 0; i < 64; i++) {
        unsigned char sig[SIGN_MAX_SIG], twin[SIGN_MAX_SIG], *q = twin;
        const unsigned char *p = sig;
        size_t n = 0;
        ECDSA_SIG *es;
        const BIGNUM *r, *sv;
        BIGNUM *s2 = BN_new();
        int tl;

        CU_ASSERT_EQUAL_FATAL(sign_bytes(k, &i, sizeof i, sig, &n), 0);
        CU_ASSERT_EQUAL(sign_verify_bytes(k, &i, sizeof i, sig, n), 1);
        es = d2i_ECDSA_SIG(NULL, &p, (long)n);
        CU_ASSERT_PTR_NOT_NULL_FATAL(es);
        ECDSA_SIG_get0(es, &r, &sv);
        high += BN_cmp(sv, half) > 0;
        BN_sub(s2, EC_GROUP_get0_order(g), sv);
        ECDSA_SIG_set0(es, BN_dup(r), s2);
        tl = i2d_ECDSA_SIG(es, &q);
        CU_ASSERT(tl > 0);
        CU_ASSERT_EQUAL(sign_verify_bytes(k, &i, sizeof i, twin, (size_t)tl), 0);
        ECDSA_SIG_free(es);
    }
    CU_ASSERT_EQUAL(high, 0);
    BN_free(half);
    EC_GROUP_free(g);
    sign_key_free(k);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("sign", suite_init, suite_clean);
    CU_add_test(s, "each algorithm signs and verifies", test_each_algorithm_signs_and_verifies);
    CU_add_test(s, "p256 signs low-S and refuses the high-S twin",
                test_p256_signs_low_s_and_refuses_the_high_s_twin);
    CU_add_test(s, "signed document validates against schema",
                test_signed_document_validates_against_schema);
    CU_add_test(s, "envelope holds exactly the signed bytes",
                test_envelope_holds_exactly_the_signed_bytes);
    CU_add_test(s, "one changed character in the name fails",
                test_one_changed_character_in_the_name_fails);
    CU_add_test(s, "changed date fails", test_changed_date_fails);
    CU_add_test(s, "signature moved from another certificate fails",
                test_signature_moved_from_another_certificate_fails);
    CU_add_test(s, "swapped key id fails", test_swapped_key_id_fails);
    CU_add_test(s, "wrong key fails", test_wrong_key_fails);
    CU_add_test(s, "truncated or garbage signature fails",
                test_truncated_or_garbage_signature_fails);
    CU_add_test(s, "DOCTYPE is refused", test_doctype_is_refused);
    CU_add_test(s, "other malformed documents are refused",
                test_other_malformed_documents_are_refused);
    CU_add_test(s, "escaped markup in name round-trips", test_escaped_markup_in_name_round_trips);
    CU_add_test(s, "any element signs and verifies like a certificate",
                test_any_element_signs_and_verifies_like_a_certificate);
    CU_add_test(s, "large signed list is not held to the certificate cap",
                test_large_signed_list_is_not_held_to_the_certificate_cap);
    CU_add_test(s, "element to sign must declare its namespace",
                test_element_to_sign_must_declare_its_namespace);
    CU_add_test(s, "key files are written 0600 and reload",
                test_key_files_are_written_0600_and_reload);
    CU_add_test(s, "key file readable by others is refused",
                test_key_file_readable_by_others_is_refused);
    CU_add_test(s, "key id is SHA-256 of public key DER", test_key_id_is_sha256_of_public_key_der);
    CU_add_test(s, "algorithm names", test_algorithm_names);
    CU_add_test(s, "serial format and uniqueness", test_serial_format_and_uniqueness);
    CU_add_test(s, "validity periods", test_validity_periods);
    CU_add_test(s, "status by date", test_status_by_date);
    CU_add_test(s, "prepare refuses bad content", test_prepare_refuses_bad_content);
    CU_add_test(s, "public key cannot sign", test_public_key_cannot_sign);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    xmlCleanupParser();
    return failed ? 1 : 0;
}
