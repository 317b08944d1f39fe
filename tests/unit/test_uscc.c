/*
 * test_uscc.c — the unified social credit code: both check characters and
 * every error kind.
 */
#include "tier/uscc.h"

#include <CUnit/Basic.h>
#include <stdlib.h>
#include <string.h>

/* The example printed in GB 32100-2015 and a made-up Shandong code whose
 * check characters are right (domain.md §9). */
#define STANDARD_EXAMPLE "91350100M000100Y43"
#define SHANDONG_EXAMPLE "91370102MA3C4D5E7Q"

static enum uscc_error check(const char *s)
{
    return uscc_check(s, strlen(s), NULL);
}

/* A copy of `code` with position `pos` (1-based) replaced by c. */
static const char *with(const char *code, int pos, char c)
{
    static char b[USCC_LEN + 1];

    memcpy(b, code, USCC_LEN + 1);
    b[pos - 1] = c;
    return b;
}

static void test_standard_example_is_valid(void)
{
    struct uscc_info info;

    CU_ASSERT_EQUAL(uscc_check(STANDARD_EXAMPLE, USCC_LEN, &info), USCC_OK);
    CU_ASSERT_STRING_EQUAL(info.division, "350100");
    CU_ASSERT_TRUE(info.is_enterprise);
    CU_ASSERT_FALSE(info.is_shandong);
}

static void test_shandong_example_is_valid(void)
{
    struct uscc_info info;

    CU_ASSERT_EQUAL(uscc_check(SHANDONG_EXAMPLE, USCC_LEN, &info), USCC_OK);
    CU_ASSERT_STRING_EQUAL(info.division, "370102");
    CU_ASSERT_TRUE(info.is_enterprise);
    CU_ASSERT_TRUE(info.is_shandong);
}

static void test_check_characters_are_computed_as_the_standard_prints(void)
{
    CU_ASSERT_EQUAL(uscc_org_check_char("M000100Y"), '4');
    CU_ASSERT_EQUAL(uscc_check_char(STANDARD_EXAMPLE), '3');
    CU_ASSERT_EQUAL(uscc_org_check_char("MA3C4D5E"), '7');
    CU_ASSERT_EQUAL(uscc_check_char(SHANDONG_EXAMPLE), 'Q');
}

static void test_org_check_maps_ten_to_x_and_eleven_to_zero(void)
{
    /* Weighted sums: 2 -> 11 - 2 = 9; 0 -> 11 -> '0'; 12 -> 11 - 1 = 10 -> 'X';
     * A = 10 at weight 2 -> 20 -> 11 - 9 = 2. */
    CU_ASSERT_EQUAL(uscc_org_check_char("00000001"), '9');
    CU_ASSERT_EQUAL(uscc_org_check_char("00000000"), '0');
    CU_ASSERT_EQUAL(uscc_org_check_char("00000006"), 'X');
    CU_ASSERT_EQUAL(uscc_org_check_char("0000000A"), '2');
}

static void test_check_char_refuses_characters_outside_the_alphabet(void)
{
    CU_ASSERT_EQUAL(uscc_check_char("91350100M000100I4"), 0);
    CU_ASSERT_EQUAL(uscc_check_char("91350100m000100Y4"), 0);
    CU_ASSERT_EQUAL(uscc_org_check_char("M000100y"), 0);
    CU_ASSERT_EQUAL(uscc_org_check_char("M000-00Y"), 0);
}

static void test_wrong_length_is_bad_length(void)
{
    CU_ASSERT_EQUAL(check(""), USCC_BAD_LENGTH);
    CU_ASSERT_EQUAL(check("91350100M000100Y4"), USCC_BAD_LENGTH);
    CU_ASSERT_EQUAL(check("91350100M000100Y433"), USCC_BAD_LENGTH);
    CU_ASSERT_EQUAL(uscc_check(NULL, USCC_LEN, NULL), USCC_BAD_LENGTH);
}

static void test_lower_case_is_bad_char(void)
{
    CU_ASSERT_EQUAL(check("91370102ma3c4d5e7q"), USCC_BAD_CHAR);
    CU_ASSERT_EQUAL(check(with(SHANDONG_EXAMPLE, 18, 'q')), USCC_BAD_CHAR);
}

static void test_excluded_letters_are_bad_char(void)
{
    CU_ASSERT_EQUAL(check(with(STANDARD_EXAMPLE, 9, 'I')), USCC_BAD_CHAR);
    CU_ASSERT_EQUAL(check(with(STANDARD_EXAMPLE, 9, 'O')), USCC_BAD_CHAR);
    CU_ASSERT_EQUAL(check(with(STANDARD_EXAMPLE, 9, 'S')), USCC_BAD_CHAR);
    CU_ASSERT_EQUAL(check(with(STANDARD_EXAMPLE, 9, 'V')), USCC_BAD_CHAR);
    CU_ASSERT_EQUAL(check(with(STANDARD_EXAMPLE, 18, 'Z')), USCC_BAD_CHAR);
    CU_ASSERT_EQUAL(check(with(STANDARD_EXAMPLE, 10, '-')), USCC_BAD_CHAR);
    CU_ASSERT_EQUAL(uscc_check("91350100M000100Y4\0", USCC_LEN, NULL), USCC_BAD_CHAR);
}

static void test_unknown_authority_is_bad_authority(void)
{
    CU_ASSERT_EQUAL(check(with(STANDARD_EXAMPLE, 1, '2')), USCC_BAD_AUTHORITY);
    CU_ASSERT_EQUAL(check(with(STANDARD_EXAMPLE, 1, 'A')), USCC_BAD_AUTHORITY);
}

static void test_unknown_type_is_bad_type(void)
{
    CU_ASSERT_EQUAL(check(with(STANDARD_EXAMPLE, 2, '4')), USCC_BAD_TYPE);
    CU_ASSERT_EQUAL(check(with(STANDARD_EXAMPLE, 2, 'A')), USCC_BAD_TYPE);
}

static void test_letter_in_division_is_bad_division(void)
{
    CU_ASSERT_EQUAL(check(with(STANDARD_EXAMPLE, 3, 'A')), USCC_BAD_DIVISION);
    CU_ASSERT_EQUAL(check(with(STANDARD_EXAMPLE, 8, 'Y')), USCC_BAD_DIVISION);
}

static void test_wrong_position_17_is_bad_org_check(void)
{
    CU_ASSERT_EQUAL(check(with(STANDARD_EXAMPLE, 17, '5')), USCC_BAD_ORG_CHECK);
    CU_ASSERT_EQUAL(check(with(SHANDONG_EXAMPLE, 12, 'D')), USCC_BAD_ORG_CHECK);
}

static void test_one_wrong_check_character_is_bad_check(void)
{
    CU_ASSERT_EQUAL(check(with(STANDARD_EXAMPLE, 18, '4')), USCC_BAD_CHECK);
    CU_ASSERT_EQUAL(check(with(SHANDONG_EXAMPLE, 18, 'R')), USCC_BAD_CHECK);
    /* A changed division leaves position 17 right but breaks position 18. */
    CU_ASSERT_EQUAL(check(with(SHANDONG_EXAMPLE, 8, '3')), USCC_BAD_CHECK);
}

static void test_failed_check_leaves_info_untouched(void)
{
    struct uscc_info info;

    memset(&info, 0x5a, sizeof info);
    CU_ASSERT_EQUAL(uscc_check(with(STANDARD_EXAMPLE, 18, '4'), USCC_LEN, &info),
                    USCC_BAD_CHECK);
    CU_ASSERT_EQUAL(info.division[0], 0x5a);
}

static void test_every_error_has_a_sentence(void)
{
    int e;

    for (e = USCC_OK; e <= USCC_BAD_CHECK; e++)
        CU_ASSERT_PTR_NOT_NULL(uscc_strerror((enum uscc_error)e));
    CU_ASSERT_STRING_EQUAL(uscc_strerror(USCC_BAD_CHECK),
                           "校验码错误 (check character at position 18 is wrong)");
    CU_ASSERT_PTR_NOT_NULL(uscc_strerror((enum uscc_error)99));
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("uscc", NULL, NULL);
    CU_add_test(s, "standard example is valid", test_standard_example_is_valid);
    CU_add_test(s, "Shandong example is valid", test_shandong_example_is_valid);
    CU_add_test(s, "check characters are computed as the standard prints",
                test_check_characters_are_computed_as_the_standard_prints);
    CU_add_test(s, "org check maps ten to X and eleven to zero",
                test_org_check_maps_ten_to_x_and_eleven_to_zero);
    CU_add_test(s, "check char refuses characters outside the alphabet",
                test_check_char_refuses_characters_outside_the_alphabet);
    CU_add_test(s, "wrong length is bad length", test_wrong_length_is_bad_length);
    CU_add_test(s, "lower case is bad char", test_lower_case_is_bad_char);
    CU_add_test(s, "excluded letters are bad char", test_excluded_letters_are_bad_char);
    CU_add_test(s, "unknown authority is bad authority", test_unknown_authority_is_bad_authority);
    CU_add_test(s, "unknown type is bad type", test_unknown_type_is_bad_type);
    CU_add_test(s, "letter in division is bad division", test_letter_in_division_is_bad_division);
    CU_add_test(s, "wrong position 17 is bad org check", test_wrong_position_17_is_bad_org_check);
    CU_add_test(s, "one wrong check character is bad check",
                test_one_wrong_check_character_is_bad_check);
    CU_add_test(s, "failed check leaves info untouched", test_failed_check_leaves_info_untouched);
    CU_add_test(s, "every error has a sentence", test_every_error_has_a_sentence);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
