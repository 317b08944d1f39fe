/*
 * test_web_password.c — scrypt password hashes through OpenSSL: the stored
 * form, verification, refusal of malformed or over-expensive strings, and
 * the acceptance rules for a new password.
 */
#include "tier/web_password.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static char stored[PASSWORD_ENCODED_MAX];
static const char PW[] = "济南审核-2026-春";

static void test_hash_states_its_parameters_and_verifies(void)
{
    CU_ASSERT_EQUAL_FATAL(password_hash(PW, strlen(PW), stored), 0);
    CU_ASSERT_EQUAL(strncmp(stored, "$scrypt$ln=15,r=8,p=1$", 22), 0);
    /* 22 characters of salt, '$', 43 of key */
    CU_ASSERT_EQUAL(strlen(stored), 22 + 22 + 1 + 43);
    CU_ASSERT_EQUAL(password_verify(PW, strlen(PW), stored), 1);
    CU_ASSERT_EQUAL(password_needs_rehash(stored), 0);
}

static void test_wrong_password_does_not_verify(void)
{
    char wrong[sizeof PW];

    memcpy(wrong, PW, sizeof PW);
    wrong[sizeof PW - 2] ^= 1; /* one bit of the last byte */
    CU_ASSERT_EQUAL(password_verify(wrong, strlen(wrong), stored), 0);
    CU_ASSERT_EQUAL(password_verify("", 0, stored), 0);
    /* a prefix is not the password */
    CU_ASSERT_EQUAL(password_verify(PW, strlen(PW) - 1, stored), 0);
}

static void test_two_hashes_of_one_password_differ_by_salt(void)
{
    char other[PASSWORD_ENCODED_MAX];

    CU_ASSERT_EQUAL_FATAL(password_hash(PW, strlen(PW), other), 0);
    CU_ASSERT_STRING_NOT_EQUAL(other, stored);
    CU_ASSERT_EQUAL(password_verify(PW, strlen(PW), other), 1);
}

/* The KDF really is scrypt with the parameters written in the string: a
 * value computed outside this code (Python's hashlib.scrypt(b"password",
 * salt=b"NaCl-NaCl-NaCl-N", n=1024, r=8, p=1, dklen=32), whose scrypt gives
 * RFC 7914's second test vector) verifies, and one bit off does not. */
static void test_known_answer_computed_elsewhere_verifies(void)
{
    const char *known = "$scrypt$ln=10,r=8,p=1$TmFDbC1OYUNsLU5hQ2wtTg$"
                        "cwwNt1b5i-2x8M-3ZR0oDj8mpyhok3zb09x-WbAdRH4";
    const char *off = "$scrypt$ln=10,r=8,p=1$TmFDbC1OYUNsLU5hQ2wtTg$"
                      "cwwNt1b5i-2x8M-3ZR0oDj8mpyhok3zb09x-WbAdRH8";

    CU_ASSERT_EQUAL(password_verify("password", 8, known), 1);
    CU_ASSERT_EQUAL(password_verify("password", 8, off), 0);
    CU_ASSERT_EQUAL(password_verify("Password", 8, known), 0);
    CU_ASSERT_EQUAL(password_needs_rehash(known), 1);
}

static void test_malformed_or_too_expensive_strings_are_refused(void)
{
    char buf[PASSWORD_ENCODED_MAX + 8];
    const char *salt_key = strchr(stored + 8, '$');

    CU_ASSERT_EQUAL(password_verify(PW, strlen(PW), NULL), -1);
    CU_ASSERT_EQUAL(password_verify(PW, strlen(PW), ""), -1);
    CU_ASSERT_EQUAL(password_verify(PW, strlen(PW), "$argon2id$v=19$m=65536,t=3,p=4$x$y"), -1);
    /* N = 2^21 would ask for 2 GiB: refused before any work */
    snprintf(buf, sizeof buf, "$scrypt$ln=21,r=8,p=1%s", salt_key);
    CU_ASSERT_EQUAL(password_verify(PW, strlen(PW), buf), -1);
    snprintf(buf, sizeof buf, "$scrypt$ln=15,r=17,p=1%s", salt_key);
    CU_ASSERT_EQUAL(password_verify(PW, strlen(PW), buf), -1);
    snprintf(buf, sizeof buf, "$scrypt$ln=15,r=8,p=5%s", salt_key);
    CU_ASSERT_EQUAL(password_verify(PW, strlen(PW), buf), -1);
    snprintf(buf, sizeof buf, "$scrypt$ln=015,r=8,p=1%s", salt_key);
    CU_ASSERT_EQUAL(password_verify(PW, strlen(PW), buf), -1);
    /* a key cut short */
    snprintf(buf, sizeof buf, "%.*s", (int)strlen(stored) - 1, stored);
    CU_ASSERT_EQUAL(password_verify(PW, strlen(PW), buf), -1);
    CU_ASSERT_EQUAL(password_needs_rehash(buf), 1);
}

static void test_weaker_parameters_ask_for_a_rehash(void)
{
    const char *salt_key = strchr(stored + 8, '$');
    char buf[PASSWORD_ENCODED_MAX + 8];

    snprintf(buf, sizeof buf, "$scrypt$ln=14,r=8,p=1%s", salt_key);
    CU_ASSERT_EQUAL(password_needs_rehash(buf), 1);
    /* still verifiable (as a different key, so it does not match) */
    CU_ASSERT_EQUAL(password_verify(PW, strlen(PW), buf), 0);
}

static void test_acceptable_passwords(void)
{
    char err[160], longpw[PASSWORD_MAX_LEN + 2];

    CU_ASSERT_EQUAL(password_acceptable(PW, strlen(PW), err, sizeof err), 1);
    CU_ASSERT_EQUAL(password_acceptable("short", 5, err, sizeof err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "密码太短"));
    CU_ASSERT_EQUAL(password_acceptable("tab\there-long-enough", 20, err, sizeof err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "控制字符"));
    CU_ASSERT_EQUAL(password_acceptable("nul\0-long-enough", 16, err, sizeof err), 0);
    memset(longpw, 'a', sizeof longpw);
    CU_ASSERT_EQUAL(password_acceptable(longpw, PASSWORD_MAX_LEN + 1, err, sizeof err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "过长"));
    CU_ASSERT_EQUAL(password_acceptable(longpw, PASSWORD_MAX_LEN, err, sizeof err), 1);
}

static void test_one_verification_costs_what_the_docs_say(void)
{
    struct timespec a, b;
    double ms;

    clock_gettime(CLOCK_MONOTONIC, &a);
    CU_ASSERT_EQUAL(password_verify(PW, strlen(PW), stored), 1);
    clock_gettime(CLOCK_MONOTONIC, &b);
    ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
    printf("\n    scrypt N=2^15 r=8 p=1 verify: %.1f ms\n", ms);
    /* slow enough to hurt guessing, fast enough for a sign-in */
    CU_ASSERT_TRUE(ms > 5 && ms < 2000);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("web_password", NULL, NULL);
    CU_add_test(s, "hash states its parameters and verifies",
                test_hash_states_its_parameters_and_verifies);
    CU_add_test(s, "wrong password does not verify", test_wrong_password_does_not_verify);
    CU_add_test(s, "two hashes of one password differ by salt",
                test_two_hashes_of_one_password_differ_by_salt);
    CU_add_test(s, "known answer computed elsewhere verifies",
                test_known_answer_computed_elsewhere_verifies);
    CU_add_test(s, "malformed or too expensive strings are refused",
                test_malformed_or_too_expensive_strings_are_refused);
    CU_add_test(s, "weaker parameters ask for a rehash", test_weaker_parameters_ask_for_a_rehash);
    CU_add_test(s, "acceptable passwords", test_acceptable_passwords);
    CU_add_test(s, "one verification costs what the docs say",
                test_one_verification_costs_what_the_docs_say);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
