/*
 * test_money.c — yuan strings to fen, exact ratio thresholds, display formats.
 */
#include "tier/money.h"

#include <CUnit/Basic.h>
#include <stdlib.h>
#include <string.h>

/* Parse a NUL-terminated string; *fen is preset to a sentinel so a failing
 * parse can be seen to leave it untouched. */
static int parse(const char *s, int64_t *fen)
{
    *fen = 777;
    return money_parse_fen(s, strlen(s), fen);
}

static void test_parse_accepts_whole_one_and_two_decimal_amounts(void)
{
    int64_t f;

    CU_ASSERT_EQUAL(parse("0", &f), 0);
    CU_ASSERT_EQUAL(f, 0);
    CU_ASSERT_EQUAL(parse("0.01", &f), 0);
    CU_ASSERT_EQUAL(f, 1);
    CU_ASSERT_EQUAL(parse("1.5", &f), 0);
    CU_ASSERT_EQUAL(f, 150);
    CU_ASSERT_EQUAL(parse("123.45", &f), 0);
    CU_ASSERT_EQUAL(f, 12345);
    CU_ASSERT_EQUAL(parse("15000000", &f), 0);
    CU_ASSERT_EQUAL(f, INT64_C(1500000000));
    CU_ASSERT_EQUAL(parse("007.50", &f), 0);
    CU_ASSERT_EQUAL(f, 750);
}

static void test_parse_accepts_negative_amounts(void)
{
    int64_t f;

    CU_ASSERT_EQUAL(parse("-0.01", &f), 0);
    CU_ASSERT_EQUAL(f, -1);
    CU_ASSERT_EQUAL(parse("-12.3", &f), 0);
    CU_ASSERT_EQUAL(f, -1230);
    CU_ASSERT_EQUAL(parse("-0", &f), 0);
    CU_ASSERT_EQUAL(f, 0);
}

static void test_parse_rejects_more_than_two_decimals(void)
{
    int64_t f;

    CU_ASSERT_EQUAL(parse("1.005", &f), -1);
    CU_ASSERT_EQUAL(parse("1.000", &f), -1);
    CU_ASSERT_EQUAL(f, 777);
}

static void test_parse_rejects_exponent_sign_and_spaces(void)
{
    int64_t f;

    CU_ASSERT_EQUAL(parse("1e5", &f), -1);
    CU_ASSERT_EQUAL(parse("1E5", &f), -1);
    CU_ASSERT_EQUAL(parse("+1", &f), -1);
    CU_ASSERT_EQUAL(parse(" 1", &f), -1);
    CU_ASSERT_EQUAL(parse("1 ", &f), -1);
    CU_ASSERT_EQUAL(parse("1,000", &f), -1);
    CU_ASSERT_EQUAL(parse("--1", &f), -1);
    CU_ASSERT_EQUAL(parse("1-", &f), -1);
    CU_ASSERT_EQUAL(parse("0x10", &f), -1);
    CU_ASSERT_EQUAL(f, 777);
}

static void test_parse_rejects_empty_and_bare_point(void)
{
    int64_t f;

    CU_ASSERT_EQUAL(parse("", &f), -1);
    CU_ASSERT_EQUAL(parse("-", &f), -1);
    CU_ASSERT_EQUAL(parse(".", &f), -1);
    CU_ASSERT_EQUAL(parse("-.", &f), -1);
    CU_ASSERT_EQUAL(f, 777);
}

static void test_parse_needs_a_digit_on_each_side_of_the_point(void)
{
    int64_t f;

    CU_ASSERT_EQUAL(parse("1.", &f), -1);
    CU_ASSERT_EQUAL(parse(".5", &f), -1);
    CU_ASSERT_EQUAL(parse("-.5", &f), -1);
    CU_ASSERT_EQUAL(parse("1..5", &f), -1);
    CU_ASSERT_EQUAL(f, 777);
}

static void test_parse_reads_only_len_bytes_and_rejects_embedded_nul(void)
{
    int64_t f = 0;

    CU_ASSERT_EQUAL(money_parse_fen("12.345", 5, &f), 0);
    CU_ASSERT_EQUAL(f, 1234);
    CU_ASSERT_EQUAL(money_parse_fen("1\0" "2", 3, &f), -1);
    CU_ASSERT_EQUAL(money_parse_fen(NULL, 0, &f), -1);
}

static void test_parse_accepts_seventeen_digits_of_fen_and_no_more(void)
{
    int64_t f;

    CU_ASSERT_EQUAL(parse("999999999999999.99", &f), 0);
    CU_ASSERT_EQUAL(f, MONEY_MAX_FEN);
    CU_ASSERT_EQUAL(parse("-999999999999999.99", &f), 0);
    CU_ASSERT_EQUAL(f, -MONEY_MAX_FEN);
    CU_ASSERT_EQUAL(parse("1000000000000000", &f), -1);
    CU_ASSERT_EQUAL(parse("1000000000000000.00", &f), -1);
    CU_ASSERT_EQUAL(parse("99999999999999999999", &f), -1); /* 20 digits */
    CU_ASSERT_EQUAL(parse("99999999999999999999999999999", &f), -1);
    CU_ASSERT_EQUAL(f, 777);
}

static void test_format_yuan_writes_two_decimals(void)
{
    char out[32];

    CU_ASSERT_EQUAL(money_format_yuan(123450, out, sizeof out), 7);
    CU_ASSERT_STRING_EQUAL(out, "1234.50");
    CU_ASSERT_EQUAL(money_format_yuan(0, out, sizeof out), 4);
    CU_ASSERT_STRING_EQUAL(out, "0.00");
    CU_ASSERT_EQUAL(money_format_yuan(-1, out, sizeof out), 5);
    CU_ASSERT_STRING_EQUAL(out, "-0.01");
    CU_ASSERT_EQUAL(money_format_yuan(MONEY_MAX_FEN, out, sizeof out), 18);
    CU_ASSERT_STRING_EQUAL(out, "999999999999999.99");
    CU_ASSERT_EQUAL(money_format_yuan(INT64_MIN, out, sizeof out), 21);
    CU_ASSERT_STRING_EQUAL(out, "-92233720368547758.08");
}

static void test_format_yuan_refuses_a_short_buffer(void)
{
    char out[8] = "unset";

    CU_ASSERT_EQUAL(money_format_yuan(123450, out, 7), -1);
    CU_ASSERT_STRING_EQUAL(out, "unset");
    CU_ASSERT_EQUAL(money_format_yuan(123450, out, 8), 7);
    CU_ASSERT_STRING_EQUAL(out, "1234.50");
}

static void test_format_then_parse_round_trips(void)
{
    static const int64_t v[] = {0, 1, -1, 99, 100, 150, -123456789, MONEY_MAX_FEN};
    char out[32];
    int64_t f;
    size_t i;
    int n;

    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        n = money_format_yuan(v[i], out, sizeof out);
        CU_ASSERT_FATAL(n > 0);
        CU_ASSERT_EQUAL(money_parse_fen(out, (size_t)n, &f), 0);
        CU_ASSERT_EQUAL(f, v[i]);
    }
}

static void test_ratio_ge_passes_exactly_at_threshold_and_fails_one_fen_below(void)
{
    /* R&D >= 3% of revenue: 3000.00 yuan of 100000.00 yuan. */
    CU_ASSERT_TRUE(ratio_ge(300000, 10000000, 3, 100));
    CU_ASSERT_FALSE(ratio_ge(299999, 10000000, 3, 100));
    CU_ASSERT_TRUE(ratio_ge(300000, 10000000, 300, 10000));
    CU_ASSERT_FALSE(ratio_ge(299999, 10000000, 300, 10000));
}

static void test_ratio_le_passes_exactly_at_threshold_and_fails_one_fen_above(void)
{
    /* Asset-liability ratio <= 75%. */
    CU_ASSERT_TRUE(ratio_le(7500, 10000, 75, 100));
    CU_ASSERT_FALSE(ratio_le(7501, 10000, 75, 100));
    CU_ASSERT_TRUE(ratio_le(7499, 10000, 75, 100));
}

static void test_ratio_with_nonpositive_denominator_is_false(void)
{
    CU_ASSERT_FALSE(ratio_ge(1, 0, 3, 100));
    CU_ASSERT_FALSE(ratio_ge(1, -5, 3, 100));
    CU_ASSERT_FALSE(ratio_ge(1, 100, 3, 0));
    CU_ASSERT_FALSE(ratio_le(0, 0, 3, 100));
    CU_ASSERT_FALSE(ratio_le(0, 100, 3, -1));
}

static void test_ratio_of_huge_values_does_not_overflow(void)
{
    /* num*q and den*p are far beyond int64; 128-bit products decide exactly. */
    CU_ASSERT_TRUE(ratio_ge(INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX));
    CU_ASSERT_TRUE(ratio_le(INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX));
    CU_ASSERT_FALSE(ratio_ge(INT64_MAX - 1, INT64_MAX, INT64_MAX, INT64_MAX));
    CU_ASSERT_TRUE(ratio_ge(MONEY_MAX_FEN, MONEY_MAX_FEN, 1, 1));
    CU_ASSERT_FALSE(ratio_ge(MONEY_MAX_FEN - 1, MONEY_MAX_FEN, 1, 1));
    CU_ASSERT_TRUE(ratio_ge(INT64_MIN, 1, INT64_MIN, 1));
    CU_ASSERT_FALSE(ratio_ge(INT64_MIN, 1, INT64_MIN + 1, 1));
}

static void test_ratio_bp_truncates_toward_zero(void)
{
    CU_ASSERT_EQUAL(ratio_bp(300000, 10000000), 300);
    CU_ASSERT_EQUAL(ratio_bp(299999, 10000000), 299); /* 2.99999% is not 3% */
    CU_ASSERT_EQUAL(ratio_bp(1, 3), 3333);
    CU_ASSERT_EQUAL(ratio_bp(2, 3), 6666);
    CU_ASSERT_EQUAL(ratio_bp(-2, 3), -6666);
    CU_ASSERT_EQUAL(ratio_bp(5, 0), 0);
    CU_ASSERT_EQUAL(ratio_bp(5, -1), 0);
}

static void test_ratio_bp_saturates(void)
{
    CU_ASSERT_EQUAL(ratio_bp(INT64_MAX, 1), INT64_MAX);
    CU_ASSERT_EQUAL(ratio_bp(INT64_MIN, 1), INT64_MIN);
    CU_ASSERT_EQUAL(ratio_bp(INT64_MAX, INT64_MAX), 10000);
}

static void test_bp_format_writes_percent_with_two_decimals(void)
{
    char out[32];

    CU_ASSERT_EQUAL(bp_format(387, out, sizeof out), 5);
    CU_ASSERT_STRING_EQUAL(out, "3.87%");
    CU_ASSERT_EQUAL(bp_format(0, out, sizeof out), 5);
    CU_ASSERT_STRING_EQUAL(out, "0.00%");
    CU_ASSERT_EQUAL(bp_format(-5, out, sizeof out), 6);
    CU_ASSERT_STRING_EQUAL(out, "-0.05%");
    CU_ASSERT_EQUAL(bp_format(10000, out, sizeof out), 7);
    CU_ASSERT_STRING_EQUAL(out, "100.00%");
    CU_ASSERT_EQUAL(bp_format(387, out, 5), -1);
    CU_ASSERT_EQUAL(bp_format(387, out, 6), 5);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("money", NULL, NULL);
    CU_add_test(s, "parse accepts whole, one- and two-decimal amounts",
                test_parse_accepts_whole_one_and_two_decimal_amounts);
    CU_add_test(s, "parse accepts negative amounts", test_parse_accepts_negative_amounts);
    CU_add_test(s, "parse rejects more than two decimals",
                test_parse_rejects_more_than_two_decimals);
    CU_add_test(s, "parse rejects exponent, sign and spaces",
                test_parse_rejects_exponent_sign_and_spaces);
    CU_add_test(s, "parse rejects empty and bare point", test_parse_rejects_empty_and_bare_point);
    CU_add_test(s, "parse needs a digit on each side of the point",
                test_parse_needs_a_digit_on_each_side_of_the_point);
    CU_add_test(s, "parse reads only len bytes and rejects embedded NUL",
                test_parse_reads_only_len_bytes_and_rejects_embedded_nul);
    CU_add_test(s, "parse accepts seventeen digits of fen and no more",
                test_parse_accepts_seventeen_digits_of_fen_and_no_more);
    CU_add_test(s, "format yuan writes two decimals", test_format_yuan_writes_two_decimals);
    CU_add_test(s, "format yuan refuses a short buffer", test_format_yuan_refuses_a_short_buffer);
    CU_add_test(s, "format then parse round-trips", test_format_then_parse_round_trips);
    CU_add_test(s, "ratio_ge passes exactly at threshold and fails one fen below",
                test_ratio_ge_passes_exactly_at_threshold_and_fails_one_fen_below);
    CU_add_test(s, "ratio_le passes exactly at threshold and fails one fen above",
                test_ratio_le_passes_exactly_at_threshold_and_fails_one_fen_above);
    CU_add_test(s, "ratio with non-positive denominator is false",
                test_ratio_with_nonpositive_denominator_is_false);
    CU_add_test(s, "ratio of huge values does not overflow",
                test_ratio_of_huge_values_does_not_overflow);
    CU_add_test(s, "ratio_bp truncates toward zero", test_ratio_bp_truncates_toward_zero);
    CU_add_test(s, "ratio_bp saturates", test_ratio_bp_saturates);
    CU_add_test(s, "bp_format writes percent with two decimals",
                test_bp_format_writes_percent_with_two_decimals);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
