/*
 * test_fuzz_regressions.c — every input the fuzzers ever broke something with,
 * replayed through the same code the fuzzers run, in the normal build.
 *
 * The four target sources of fuzz/ are included here with FUZZ_NO_LIBFUZZER
 * (which leaves out their libFuzzer wrappers), so the entry functions below
 * are exactly those `make fuzz` drives, with no link rule of their own. Each
 * file of tests/data/fuzz-regressions/ (named for what it showed; none at all
 * is fine) goes through all four targets and must get a clean refusal or
 * result: return 0, and under `make SANITIZE=1 test` or valgrind no memory
 * error or leak. The hostile corpus and the eligible samples go the same way
 * so the test is never empty, and the seeds the verify target writes must
 * verify, so that it keeps reaching past the signature check. Run from the
 * repository root (paths are relative to it).
 */
#define FUZZ_NO_LIBFUZZER 1

#include "../../fuzz/fuzz_bodies.c"
#include "../../fuzz/fuzz_offline.c"
#include "../../fuzz/fuzz_prescan.c"
#include "../../fuzz/fuzz_verify.c"

#include "tier/buf.h"
#include "tier/sign.h"

#include <CUnit/Basic.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_file.h"

/* Every file matching `pattern` through every target; the number of files. */
static int replay(const char *pattern)
{
    glob_t g;
    int n = 0;

    if (glob(pattern, 0, NULL, &g) != 0)
        return 0; /* no match is fine: no regressions yet */
    for (size_t i = 0; i < g.gl_pathc; i++) {
        size_t len = 0;
        char *p = test_read_file(g.gl_pathv[i], &len);
        const uint8_t *d = (const uint8_t *)p;
        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
        if (fuzz_offline_one(d, len) != 0 || fuzz_verify_one(d, len) != 0 ||
            fuzz_bodies_one(d, len) != 0 || fuzz_prescan_one(d, len) != 0)
            /* the failure names the file; the line on stderr names the promise */
            CU_assertImplementation(CU_FALSE, __LINE__, g.gl_pathv[i], __FILE__, "", CU_FALSE);
        free(p);
        n++;
    }
    globfree(&g);
    return n;
}

static void test_every_regression_file_gets_a_clean_answer(void)
{
    int n = replay("tests/data/fuzz-regressions/*");
    printf("(%d regression files) ", n);
}

static void test_hostile_corpus_gets_clean_refusals(void)
{
    CU_ASSERT(replay("tests/data/hostile/*.xml") > 0);
}

static void test_eligible_samples_reach_rules_and_receipt(void)
{
    CU_ASSERT(replay("tests/data/*/eligible.xml") > 0);
}

static void test_verify_seeds_are_valid_signed_documents(void)
{
    char dir[] = "/tmp/tierd-fuzz-seeds-XXXXXX", path[256], reason[512];
    const char *names[] = {"verify-certificate-signed.xml", "verify-certificate-element.xml",
                           "verify-revocations-signed.xml", "verify-revocations-element.xml"};
    size_t len = 0;
    char *doc;

    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    CU_ASSERT_EQUAL_FATAL(verify_write_seeds(dir), 0);
    snprintf(path, sizeof path, "%s/%s", dir, names[0]);
    doc = test_read_file(path, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL(cert_verify(doc, len, verify_pub, NULL, reason, sizeof reason), CERT_VALID);
    free(doc);
    snprintf(path, sizeof path, "%s/%s", dir, names[2]);
    doc = test_read_file(path, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL(sign_xml_verify(doc, len, VERIFY_REV_NS, VERIFY_REV_ENVELOPE,
                                    VERIFY_REV_ELEMENT, verify_pub, NULL, NULL, reason,
                                    sizeof reason),
                    CERT_VALID);
    free(doc);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        doc = test_read_file(path, &len);
        CU_ASSERT_PTR_NOT_NULL(doc);
        if (doc != NULL)
            CU_ASSERT_EQUAL(fuzz_verify_one((const uint8_t *)doc, len), 0);
        free(doc);
        unlink(path);
    }
    rmdir(dir);
}

/* certificate-envelope-declares-relative-namespace.xml: a signed certificate
 * whose envelope also declares xmlns:r="relative". C14N must refuse relative
 * namespace URIs, and the verdict was "error" (a library failure) instead of
 * "malformed"; the same for signing such an element, which printed libxml2's
 * C14N errors on stderr. */
static void test_relative_namespace_is_malformed_not_an_error(void)
{
    const char *path = "tests/data/fuzz-regressions/"
                       "certificate-envelope-declares-relative-namespace.xml";
    const char *el = "<revocationList xmlns=\"urn:tierd:revocations:1\" xmlns:x=\"rel/x\"/>";
    char reason[512], err[256], *doc, *out = NULL;
    size_t len = 0, outlen = 0;

    doc = test_read_file(path, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL(cert_verify(doc, len, verify_pub, NULL, reason, sizeof reason),
                    CERT_MALFORMED);
    CU_ASSERT_PTR_NOT_NULL(strstr(reason, "not an absolute URI"));
    free(doc);
    CU_ASSERT_EQUAL(sign_xml_envelope(el, strlen(el), VERIFY_REV_NS, VERIFY_REV_ENVELOPE,
                                      verify_priv, &out, &outlen, err, sizeof err),
                    -1);
    CU_ASSERT_PTR_NULL(out);
}

/* decision-action-cut-inside-utf8-character.xml: "'%.32s'" of a CJK action
 * cut a character in two, and the 422 body was not well-formed XML. */
static void test_xml_escape_replaces_what_is_not_an_xml_character(void)
{
    struct buf b;

    buf_init(&b, 1000);
    CU_ASSERT_EQUAL(buf_add_xml(&b, "推荐", 4), 0); /* 推 and one byte of 荐 */
    CU_ASSERT_STRING_EQUAL(b.data, "推\xEF\xBF\xBD");
    buf_reset(&b);
    CU_ASSERT_EQUAL(buf_add_xml(&b, "a\x01" "b\xC0\xAF" "c\xED\xA0\x80" "d\t\n\r", 13), 0);
    CU_ASSERT_STRING_EQUAL(b.data, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD"
                                   "c\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "d\t\n\r");
    buf_reset(&b);
    /* a three-byte lead whose continuation is missing or cut */
    CU_ASSERT_EQUAL(buf_add_xml(&b, "\xE4\xB8" "x" "\xE4\x41\x42" "\xE9\xBE", 8), 0);
    CU_ASSERT_STRING_EQUAL(b.data, "\xEF\xBF\xBD\xEF\xBF\xBDx\xEF\xBF\xBD" "AB"
                                   "\xEF\xBF\xBD\xEF\xBF\xBD");    buf_reset(&b);
    CU_ASSERT_EQUAL(buf_adds_xml(&b, "专精特新 <&> 😀 ¥"), 0);
    CU_ASSERT_STRING_EQUAL(b.data, "专精特新 &lt;&amp;&gt; 😀 ¥");
    buf_free(&b);
}

static int suite_init(void)
{
    if (fuzz_offline_init("xsd") != 0 || fuzz_verify_init(NULL) != 0 ||
        fuzz_bodies_init("xsd", NULL) != 0 || fuzz_prescan_init() != 0)
        return -1;
    return 0;
}

static int suite_clean(void)
{
    fuzz_offline_fini();
    fuzz_verify_fini();
    fuzz_bodies_fini();
    fuzz_prescan_fini();
    xmlCleanupParser();
    return 0;
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("fuzz-regressions", suite_init, suite_clean);
    CU_add_test(s, "every regression file gets a clean answer",
                test_every_regression_file_gets_a_clean_answer);
    CU_add_test(s, "hostile corpus gets clean refusals", test_hostile_corpus_gets_clean_refusals);
    CU_add_test(s, "eligible samples reach rules and receipt",
                test_eligible_samples_reach_rules_and_receipt);
    CU_add_test(s, "verify seeds are valid signed documents",
                test_verify_seeds_are_valid_signed_documents);
    CU_add_test(s, "relative namespace is malformed, not an error",
                test_relative_namespace_is_malformed_not_an_error);
    CU_add_test(s, "xml escape replaces what is not an xml character",
                test_xml_escape_replaces_what_is_not_an_xml_character);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
