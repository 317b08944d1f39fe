/*
 * test_verify_openssl_cli.c — docs/verify.md's standard-tools check, run
 * exactly as documented.
 *
 * The code blocks of docs/verify.md marked `<!-- tested -->` are copied, in
 * order, into a shell script (with the `<!-- tested-sm2 -->` block too for SM2
 * certificates) and run with sh on certificates issued by the library, one per
 * algorithm: it must end with "AUTHENTIC" and exit 0, its canonical bytes must
 * equal what cert_sign signed, and it must fail on tampered copies (a changed
 * character, a changed date, a moved signature, an inserted comment, a
 * DOCTYPE), with the wrong key, and on an expired certificate. Needs xmllint,
 * openssl, base64 and sha256sum on PATH (scripts/install-deps installs them);
 * run from the repository root, like every unit test.
 */
#include "tier/sign.h"

#include <CUnit/Basic.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DOC_PATH "docs/verify.md"
#define XSD_PATH "xsd/certificate.xsd"
#define USCC_1   "91370102MA3C4D5E7Q"
#define USCC_2   "91370102MA3F7G8H8L"

static const enum sign_alg all_algs[] = {SIGN_ALG_ED25519, SIGN_ALG_SM2, SIGN_ALG_P256};
#define N_ALGS 3

static char tmpdir[] = "/tmp/test_verify_cli.XXXXXX";
static char xsd_abs[4096];
static char *script_main; /* the `tested` blocks */
static char *script_sm2;  /* the `tested` and `tested-sm2` blocks, in document order */

/* ---- helpers --------------------------------------------------------------------- */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *p;
    long n;

    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    p = malloc((size_t)n + 1);
    if (p != NULL && fread(p, 1, (size_t)n, f) != (size_t)n) {
        free(p);
        p = NULL;
    }
    fclose(f);
    if (p != NULL) {
        p[n] = '\0';
        if (len != NULL)
            *len = (size_t)n;
    }
    return p;
}

static int write_file(const char *path, const char *s)
{
    FILE *f = fopen(path, "wb");
    int ok;

    if (f == NULL)
        return -1;
    ok = fputs(s, f) >= 0;
    return fclose(f) == 0 && ok ? 0 : -1;
}

/* Append the fenced block that follows each line equal to `marker` (or to
 * either marker) to out, in document order. Returns the number of blocks. */
static int collect_blocks(const char *md, const char *m1, const char *m2, char *out, size_t cap)
{
    const char *p = md;
    size_t used = 0;
    int blocks = 0;

    out[0] = '\0';
    for (p = strstr(p, "<!-- tested"); p != NULL; p = strstr(p, "<!-- tested")) {
        const char *eol = strchr(p, '\n'), *start, *end;
        size_t mlen;

        if (eol == NULL)
            break;
        mlen = (size_t)(eol - p);

        if (!((strlen(m1) == mlen && strncmp(p, m1, mlen) == 0) ||
              (m2 != NULL && strlen(m2) == mlen && strncmp(p, m2, mlen) == 0))) {
            p = eol;
            continue;
        }
        start = strstr(eol, "```sh\n");
        if (start == NULL)
            break;
        start += 6;
        end = strstr(start, "```\n");
        if (end == NULL || used + (size_t)(end - start) + 1 >= cap)
            break;
        memcpy(out + used, start, (size_t)(end - start));
        used += (size_t)(end - start);
        out[used] = '\0';
        blocks++;
        p = end;
    }
    return blocks;
}

/* Issue a little-giant certificate valid from `from`. Caller frees. */
static char *issue(const struct sign_key *k, const char *uscc, const char *name,
                   struct tier_date from)
{
    struct cert c;
    char err[256];
    char *doc = NULL;
    size_t len;
    int64_t now_ms = (int64_t)time(NULL) * 1000;

    if (cert_prepare(&c, TIER_LITTLE_GIANT, uscc, name, RULESET_2026, &from, now_ms, err,
                     sizeof err) != 0 ||
        cert_sign(&c, k, &doc, &len, err, sizeof err) != 0) {
        fprintf(stderr, "issue: %s\n", err);
        return NULL;
    }
    return doc;
}

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

/* Write doc as cert.xml in tmpdir and run the documented script on it with
 * the public key file `pub`. Returns the script's exit status (-1 when it
 * could not run); *log_out (caller frees) holds its output. */
static int run_doc_script(const char *doc, const char *pub, enum sign_alg alg, char **log_out)
{
    char path[4200], cmd[8192];
    int st;

    snprintf(path, sizeof path, "%s/cert.xml", tmpdir);
    if (write_file(path, doc) != 0)
        return -1;
    snprintf(path, sizeof path, "%s/verify-cert.sh", tmpdir);
    if (write_file(path, alg == SIGN_ALG_SM2 ? script_sm2 : script_main) != 0)
        return -1;
    snprintf(cmd, sizeof cmd,
             "cd '%s' && rm -f signed.c14n signature.bin && "
             "sh verify-cert.sh cert.xml '%s' '%s' > log.txt 2>&1",
             tmpdir, pub, xsd_abs);
    st = system(cmd);
    snprintf(path, sizeof path, "%s/log.txt", tmpdir);
    *log_out = read_file(path, NULL);
    if (st == -1 || !WIFEXITED(st))
        return -1;
    return WEXITSTATUS(st);
}

static void expect_refused(const char *doc, const char *pub, enum sign_alg alg, const char *why)
{
    char *log = NULL;
    int rc;

    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    rc = run_doc_script(doc, pub, alg, &log);
    CU_ASSERT(rc > 0);
    CU_ASSERT(log != NULL && strstr(log, "AUTHENTIC") == NULL);
    if (rc <= 0)
        fprintf(stderr, "\n    %s (%s): the documented commands accepted it:\n%s\n", why,
                sign_alg_name(alg), log != NULL ? log : "");
    free(log);
}

/* The same certificate with its ECDSA signature (r, s) replaced by (r, n - s),
 * which plain ECDSA verification accepts just as well. Caller frees; NULL on
 * failure. */
static char *high_s_twin(const char *doc)
{
    const char *open = strstr(doc, "<signature "), *b64, *end;
    unsigned char der[256], out64[512];
    const unsigned char *p = der;
    unsigned char *q = der;
    ECDSA_SIG *es;
    EC_GROUP *g = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
    const BIGNUM *r, *sv;
    BIGNUM *s2 = BN_new(), *r2;
    char *twin = NULL;
    int n, pad = 0, len;

    if (open == NULL || (b64 = strchr(open, '>')) == NULL || (end = strchr(++b64, '<')) == NULL ||
        end - b64 > 340)
        goto done;
    n = EVP_DecodeBlock(der, (const unsigned char *)b64, (int)(end - b64));
    pad = (end[-1] == '=') + (end[-2] == '=');
    es = d2i_ECDSA_SIG(NULL, &p, n - pad);
    if (es == NULL)
        goto done;
    ECDSA_SIG_get0(es, &r, &sv);
    r2 = BN_dup(r);
    BN_sub(s2, EC_GROUP_get0_order(g), sv);
    ECDSA_SIG_set0(es, r2, s2);
    s2 = NULL;
    len = i2d_ECDSA_SIG(es, &q);
    ECDSA_SIG_free(es);
    n = EVP_EncodeBlock(out64, der, len);
    twin = malloc(strlen(doc) + (size_t)n + 1);
    memcpy(twin, doc, (size_t)(b64 - doc));
    memcpy(twin + (b64 - doc), out64, (size_t)n);
    strcpy(twin + (b64 - doc) + n, end);
done:
    BN_free(s2);
    EC_GROUP_free(g);
    return twin;
}

/* ---- suite ---------------------------------------------------------------------- */

static int suite_init(void)
{
    char *md = read_file(DOC_PATH, NULL);
    size_t cap;

    if (md == NULL || mkdtemp(tmpdir) == NULL || realpath(XSD_PATH, xsd_abs) == NULL) {
        fprintf(stderr, "cannot read %s or %s (run from the repository root)\n", DOC_PATH,
                XSD_PATH);
        free(md);
        return -1;
    }
    cap = strlen(md) + 1;
    script_main = malloc(cap);
    script_sm2 = malloc(cap);
    if (collect_blocks(md, "<!-- tested -->", NULL, script_main, cap) < 5 ||
        collect_blocks(md, "<!-- tested -->", "<!-- tested-sm2 -->", script_sm2, cap) < 6) {
        fprintf(stderr, "%s: fewer tested blocks than expected\n", DOC_PATH);
        free(md);
        return -1;
    }
    free(md);
    return 0;
}

static int suite_clean(void)
{
    char cmd[256];

    free(script_main);
    free(script_sm2);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- tests ----------------------------------------------------------------------- */

static void test_documented_commands_verify_each_algorithm(void)
{
    struct tier_date today = date_today_cst();

    for (int i = 0; i < N_ALGS; i++) {
        struct sign_key *k = NULL, *other = NULL;
        char pub[4200], other_pub[4200], err[512], path[4200];
        char *doc, *log = NULL, *canon = NULL, *cli = NULL, *bad;
        size_t canon_len = 0, cli_len = 0;
        int rc;

        CU_ASSERT_EQUAL_FATAL(sign_key_generate(all_algs[i], &k, err, sizeof err), 0);
        CU_ASSERT_EQUAL_FATAL(sign_key_generate(all_algs[i], &other, err, sizeof err), 0);
        CU_ASSERT_EQUAL_FATAL(sign_key_write_files(k, tmpdir, NULL, 0, pub, sizeof pub, err,
                                                   sizeof err), 0);
        CU_ASSERT_EQUAL_FATAL(sign_key_write_files(other, tmpdir, NULL, 0, other_pub,
                                                   sizeof other_pub, err, sizeof err), 0);
        doc = issue(k, USCC_1, "A&B <济南精工> \"科技\" 'x' 有限公司", today);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);

        rc = run_doc_script(doc, pub, all_algs[i], &log);
        CU_ASSERT_EQUAL(rc, 0);
        CU_ASSERT(log != NULL && strstr(log, "AUTHENTIC") != NULL);
        if (rc != 0)
            fprintf(stderr, "\n    %s: documented commands failed:\n%s\n",
                    sign_alg_name(all_algs[i]), log != NULL ? log : "");
        free(log);

        /* What the standard tools canonicalised is exactly what we signed. */
        CU_ASSERT_EQUAL(cert_signed_bytes(doc, strlen(doc), &canon, &canon_len, err, sizeof err),
                        0);
        snprintf(path, sizeof path, "%s/signed.c14n", tmpdir);
        cli = read_file(path, &cli_len);
        CU_ASSERT_PTR_NOT_NULL(cli);
        CU_ASSERT(cli != NULL && canon != NULL && cli_len == canon_len &&
                  memcmp(cli, canon, canon_len) == 0);
        free(cli);
        free(canon);

        /* Tampered copies and the wrong key fail. */
        bad = replace_once(doc, "济南精工", "济南精王");
        expect_refused(bad, pub, all_algs[i], "changed character");
        free(bad);
        {
            char from[11], shifted[40], orig[40];
            struct tier_date earlier = today;

            earlier.d = today.d > 1 ? today.d - 1 : 2;
            date_format(&today, from);
            snprintf(orig, sizeof orig, "<validFrom>%s<", from);
            date_format(&earlier, from);
            snprintf(shifted, sizeof shifted, "<validFrom>%s<", from);
            bad = replace_once(doc, orig, shifted);
            expect_refused(bad, pub, all_algs[i], "changed date");
            free(bad);
        }
        bad = replace_once(doc, "<serial>", "<!-- note --><serial>");
        expect_refused(bad, pub, all_algs[i], "inserted comment");
        free(bad);
        bad = replace_once(doc, "<signedCertificate", "<!DOCTYPE signedCertificate>\n"
                                                      "<signedCertificate");
        expect_refused(bad, pub, all_algs[i], "DOCTYPE");
        free(bad);
        expect_refused(doc, other_pub, all_algs[i], "wrong key");
        {
            /* The algorithm attribute relabelled: the key decides, and refuses. */
            char from[64], to[64];
            const char *a = strstr(doc, "algorithm=\"");
            CU_ASSERT_PTR_NOT_NULL_FATAL(a);
            snprintf(from, sizeof from, "%.*s", (int)strcspn(a + 11, "\"") + 12, a);
            snprintf(to, sizeof to, "algorithm=\"%s\"",
                     all_algs[i] == SIGN_ALG_ED25519 ? "ecdsa-p256-sha256" : "ed25519");
            bad = replace_once(doc, from, to);
            CU_ASSERT_PTR_NOT_NULL(bad);
            expect_refused(bad, pub, all_algs[i], "algorithm relabelled");
            free(bad);
        }
        if (all_algs[i] == SIGN_ALG_P256) {
            /* (r, n - s): a second signature of the same bytes, refused by both */
            struct sign_key *pk = NULL;
            char reason[256];

            bad = high_s_twin(doc);
            CU_ASSERT_PTR_NOT_NULL_FATAL(bad);
            CU_ASSERT(strcmp(bad, doc) != 0);
            expect_refused(bad, pub, all_algs[i], "high-S twin of the signature");
            CU_ASSERT_EQUAL_FATAL(sign_key_load_public_file(pub, &pk, err, sizeof err), 0);
            CU_ASSERT_EQUAL(cert_verify(doc, strlen(doc), pk, NULL, reason, sizeof reason),
                            CERT_VALID);
            CU_ASSERT_NOT_EQUAL(cert_verify(bad, strlen(bad), pk, NULL, reason, sizeof reason),
                                CERT_VALID);
            sign_key_free(pk);
            free(bad);
        }
        {
            /* The signature of another certificate, same key. */
            char *doc2 = issue(k, USCC_2, "青岛海工装备有限公司", today);
            const char *s1 = strstr(doc, "<signature "), *s2 = strstr(doc2, "<signature ");
            char *moved;

            CU_ASSERT_PTR_NOT_NULL_FATAL(doc2);
            moved = malloc((size_t)(s1 - doc) + strlen(s2) + 1);
            memcpy(moved, doc, (size_t)(s1 - doc));
            memcpy(moved + (s1 - doc), s2, strlen(s2) + 1);
            expect_refused(moved, pub, all_algs[i], "signature moved from another certificate");
            free(moved);
            free(doc2);
        }
        {
            /* Authentic but expired: step 7 refuses it. */
            struct tier_date old = {today.y - 4, 1, 15};
            char *expired = issue(k, USCC_1, "济南精工科技有限公司", old);

            expect_refused(expired, pub, all_algs[i], "expired");
            free(expired);
        }
        free(doc);
        sign_key_free(k);
        sign_key_free(other);
    }
}

static void test_sm2_signature_needs_the_stated_distinguishing_id(void)
{
    /* Without -sigopt distid:… OpenSSL 3.0 uses an empty ID: the documented
     * command must state it, and leaving it out must fail. */
    struct tier_date today = date_today_cst();
    struct sign_key *k = NULL;
    char pub[4200], err[512];
    char *doc, *log = NULL, *saved = script_sm2, *edited;
    int rc;

    CU_ASSERT_EQUAL_FATAL(sign_key_generate(SIGN_ALG_SM2, &k, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(sign_key_write_files(k, tmpdir, NULL, 0, pub, sizeof pub, err,
                                               sizeof err), 0);
    doc = issue(k, USCC_1, "济南精工科技有限公司", today);
    edited = replace_once(script_main, "-sigopt distid:1234567812345678", "");
    CU_ASSERT_PTR_NOT_NULL_FATAL(edited);
    script_sm2 = edited;
    rc = run_doc_script(doc, pub, SIGN_ALG_SM2, &log);
    CU_ASSERT_NOT_EQUAL(rc, 0);
    script_sm2 = saved;
    free(edited);
    free(log);
    free(doc);
    sign_key_free(k);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("verify with xmllint and openssl (docs/verify.md)", suite_init,
                     suite_clean);
    CU_add_test(s, "documented commands verify each algorithm",
                test_documented_commands_verify_each_algorithm);
    CU_add_test(s, "sm2 signature needs the stated distinguishing id",
                test_sm2_signature_needs_the_stated_distinguishing_id);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    xmlCleanupParser();
    return failed ? 1 : 0;
}
