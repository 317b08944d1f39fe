/*
 * test_keycert.c — key certificates (src/tlog/keycert.c): what the root
 * signs, and everything a changed or foreign certificate is refused for.
 */
#include "tier/keycert.h"
#include "tier/sign.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOW 1780000000LL /* 2026-05-28 */

static struct sign_key *root, *other, *subject, *p256;
static char err[1024];

static int suite_init(void)
{
    return sign_key_generate(SIGN_ALG_ED25519, &root, err, sizeof err) ||
           sign_key_generate(SIGN_ALG_ED25519, &other, err, sizeof err) ||
           sign_key_generate(SIGN_ALG_ED25519, &subject, err, sizeof err) ||
           sign_key_generate(SIGN_ALG_P256, &p256, err, sizeof err);
}

static int suite_clean(void)
{
    sign_key_free(root);
    sign_key_free(other);
    sign_key_free(subject);
    sign_key_free(p256);
    return 0;
}

static char *make(const struct sign_key *by, const struct sign_key *k, enum keycert_purpose p,
                  size_t *len)
{
    char *doc = NULL;

    CU_ASSERT_EQUAL(keycert_make(by, k, p, NOW - 60, NOW + 86400, &doc, len, err, sizeof err), 0);
    return doc;
}

static void test_a_certificate_verifies_under_its_root_and_names_the_key(void)
{
    size_t len = 0;
    char *doc = make(root, p256, KEYCERT_SIGNING, &len);
    struct keycert kc;

    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT(strncmp(doc, "<keyCertificate xmlns=\"urn:tierd:keycert:1\"><keyId>", 51) == 0);
    CU_ASSERT_PTR_NULL(memchr(doc, '\n', len));
    CU_ASSERT_EQUAL(keycert_verify(doc, len, root, NOW, &kc, err, sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(kc.key_id, sign_key_id(p256));
    CU_ASSERT_STRING_EQUAL(kc.algorithm, "ecdsa-p256-sha256");
    CU_ASSERT_STRING_EQUAL(kc.root_fingerprint, sign_key_id(root));
    CU_ASSERT_EQUAL(kc.purpose, KEYCERT_SIGNING);
    CU_ASSERT_EQUAL(kc.not_after - kc.not_before, 86460);
    CU_ASSERT_STRING_EQUAL(sign_key_id(kc.key), sign_key_id(p256));
    sign_key_free(kc.key);
    free(doc);
}

static void test_another_root_an_expired_or_changed_certificate_is_refused(void)
{
    size_t len = 0;
    char *doc = make(root, subject, KEYCERT_LOG, &len), *p;
    struct keycert kc;

    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL(keycert_verify(doc, len, other, NOW, &kc, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "not by the trusted root"));
    CU_ASSERT_EQUAL(keycert_verify(doc, len, root, NOW + 2 * 86400, &kc, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "not now"));
    CU_ASSERT_EQUAL(keycert_verify(doc, len, root, 0, &kc, err, sizeof err), 0);
    sign_key_free(kc.key);
    /* each field changed: the signature no longer holds, or the form is wrong */
    p = strstr(doc, "<purpose>log");
    memcpy(p + 9, "sig", 3);
    CU_ASSERT_EQUAL(keycert_verify(doc, len, root, 0, &kc, err, sizeof err), -1);
    memcpy(p + 9, "log", 3);
    p = strstr(doc, "<notAfter>") + 10;
    (*p)++;
    CU_ASSERT_EQUAL(keycert_verify(doc, len, root, 0, &kc, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "does not verify"));
    (*p)--;
    CU_ASSERT_EQUAL(keycert_verify(doc, len - 1, root, 0, &kc, err, sizeof err), -1);
    CU_ASSERT_EQUAL(keycert_verify(doc, len, root, 0, &kc, err, sizeof err), 0);
    sign_key_free(kc.key);
    free(doc);
}

static void test_only_an_ed25519_private_root_signs(void)
{
    char *doc = NULL;
    size_t len = 0;

    CU_ASSERT_EQUAL(keycert_make(p256, subject, KEYCERT_LOG, NOW, NOW + 1, &doc, &len, err,
                                 sizeof err), -1);
    CU_ASSERT_PTR_NULL(doc);
    CU_ASSERT_EQUAL(keycert_make(root, subject, KEYCERT_LOG, NOW, NOW - 1, &doc, &len, err,
                                 sizeof err), -1);
}

int main(void)
{
    CU_pSuite s;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("keycert", suite_init, suite_clean);
    CU_add_test(s, "a certificate verifies under its root and names the key",
                test_a_certificate_verifies_under_its_root_and_names_the_key);
    CU_add_test(s, "another root, an expired or a changed certificate is refused",
                test_another_root_an_expired_or_changed_certificate_is_refused);
    CU_add_test(s, "only an Ed25519 private root signs", test_only_an_ed25519_private_root_signs);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    {
        unsigned int failed = CU_get_number_of_tests_failed();
        CU_cleanup_registry();
        return failed ? 1 : 0;
    }
}
