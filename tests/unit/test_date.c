/*
 * test_date.c — strict date parsing, leap years, anniversary years, day counts.
 */
#include "tier/date.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int parse(const char *s, struct tier_date *d)
{
    return date_parse(s, strlen(s), d);
}

static struct tier_date mk(int y, int m, int d)
{
    struct tier_date r = {y, m, d};

    return r;
}

static void test_parse_reads_a_real_date(void)
{
    struct tier_date d;

    CU_ASSERT_EQUAL(parse("2026-04-01", &d), 0);
    CU_ASSERT_EQUAL(d.y, 2026);
    CU_ASSERT_EQUAL(d.m, 4);
    CU_ASSERT_EQUAL(d.d, 1);
    CU_ASSERT_EQUAL(parse("1900-01-01", &d), 0);
    CU_ASSERT_EQUAL(parse("9999-12-31", &d), 0);
}

static void test_parse_rejects_days_that_do_not_exist(void)
{
    struct tier_date d = {1, 1, 1};

    CU_ASSERT_EQUAL(parse("2023-02-30", &d), -1);
    CU_ASSERT_EQUAL(parse("2023-04-31", &d), -1);
    CU_ASSERT_EQUAL(parse("2023-13-01", &d), -1);
    CU_ASSERT_EQUAL(parse("2023-00-10", &d), -1);
    CU_ASSERT_EQUAL(parse("2023-01-00", &d), -1);
    CU_ASSERT_EQUAL(parse("2023-01-32", &d), -1);
    CU_ASSERT_EQUAL(parse("1899-12-31", &d), -1);
    CU_ASSERT_EQUAL(parse("0000-01-01", &d), -1);
    CU_ASSERT_EQUAL(d.y, 1); /* untouched */
}

static void test_parse_rejects_anything_but_yyyy_mm_dd(void)
{
    struct tier_date d;

    CU_ASSERT_EQUAL(parse("2023-2-01", &d), -1);
    CU_ASSERT_EQUAL(parse("2023-02-1", &d), -1);
    CU_ASSERT_EQUAL(parse("2023/02/01", &d), -1);
    CU_ASSERT_EQUAL(parse("20230201", &d), -1);
    CU_ASSERT_EQUAL(parse("2023-02-01T00:00", &d), -1);
    CU_ASSERT_EQUAL(parse(" 2023-02-01", &d), -1);
    CU_ASSERT_EQUAL(parse("2023-02-0a", &d), -1);
    CU_ASSERT_EQUAL(parse("+023-02-01", &d), -1);
    CU_ASSERT_EQUAL(parse("", &d), -1);
    CU_ASSERT_EQUAL(date_parse("2023-02-01", 9, &d), -1);
    CU_ASSERT_EQUAL(date_parse(NULL, 10, &d), -1);
}

static void test_leap_years_follow_the_gregorian_rule(void)
{
    struct tier_date d;

    CU_ASSERT_EQUAL(parse("2024-02-29", &d), 0);
    CU_ASSERT_EQUAL(parse("2023-02-29", &d), -1);
    CU_ASSERT_EQUAL(parse("1900-02-29", &d), -1);
    CU_ASSERT_EQUAL(parse("2000-02-29", &d), 0);
    CU_ASSERT_EQUAL(parse("2100-02-29", &d), -1);
    CU_ASSERT_TRUE(date_valid(2024, 2, 29));
    CU_ASSERT_FALSE(date_valid(2023, 2, 29));
}

static void test_cmp_orders_by_year_month_day(void)
{
    struct tier_date a = mk(2023, 12, 31), b = mk(2024, 1, 1), c = mk(2024, 1, 2);

    CU_ASSERT_TRUE(date_cmp(&a, &b) < 0);
    CU_ASSERT_TRUE(date_cmp(&c, &b) > 0);
    CU_ASSERT_EQUAL(date_cmp(&b, &b), 0);
}

static void test_full_years_count_only_after_the_anniversary(void)
{
    struct tier_date from = mk(2020, 3, 1), to1 = mk(2023, 2, 28), to2 = mk(2023, 3, 1);

    CU_ASSERT_EQUAL(date_full_years(&from, &to1), 2);
    CU_ASSERT_EQUAL(date_full_years(&from, &to2), 3);
    CU_ASSERT_EQUAL(date_full_years(&from, &from), 0);
}

static void test_full_years_from_29_february_reach_anniversary_on_28_february(void)
{
    struct tier_date from = mk(2020, 2, 29);
    struct tier_date a = mk(2021, 2, 27), b = mk(2021, 2, 28), c = mk(2024, 2, 28),
                     e = mk(2024, 2, 29);

    CU_ASSERT_EQUAL(date_full_years(&from, &a), 0);
    CU_ASSERT_EQUAL(date_full_years(&from, &b), 1);
    CU_ASSERT_EQUAL(date_full_years(&from, &c), 3); /* 2024 is leap: anniversary 29 Feb */
    CU_ASSERT_EQUAL(date_full_years(&from, &e), 4);
}

static void test_full_years_backwards_are_negative(void)
{
    struct tier_date from = mk(2023, 3, 1), to = mk(2020, 3, 1), near = mk(2023, 1, 1);

    CU_ASSERT_EQUAL(date_full_years(&from, &to), -3);
    CU_ASSERT_EQUAL(date_full_years(&from, &near), 0);
}

static void test_add_years_moves_29_february_to_28_in_common_years(void)
{
    struct tier_date d = mk(2024, 2, 29), r;

    r = date_add_years(&d, 1);
    CU_ASSERT_EQUAL(r.y, 2025);
    CU_ASSERT_EQUAL(r.m, 2);
    CU_ASSERT_EQUAL(r.d, 28);
    r = date_add_years(&d, 4);
    CU_ASSERT_EQUAL(r.y, 2028);
    CU_ASSERT_EQUAL(r.d, 29);
    r = date_add_years(&d, -24);
    CU_ASSERT_EQUAL(r.y, 2000);
    CU_ASSERT_EQUAL(r.d, 29);
    d = mk(2023, 6, 15);
    r = date_add_years(&d, 3);
    CU_ASSERT_EQUAL(r.y, 2026);
    CU_ASSERT_EQUAL(r.m, 6);
    CU_ASSERT_EQUAL(r.d, 15);
}

static void test_days_count_from_the_unix_epoch(void)
{
    struct tier_date e = mk(1970, 1, 1), a = mk(2000, 3, 1), b = mk(1900, 1, 1),
                     c = mk(2024, 3, 1), f = mk(2024, 2, 28);

    CU_ASSERT_EQUAL(date_to_days(&e), 0);
    CU_ASSERT_EQUAL(date_to_days(&a), 11017);
    CU_ASSERT_EQUAL(date_to_days(&b), -25567);
    CU_ASSERT_EQUAL(date_to_days(&c) - date_to_days(&f), 2);
}

static void test_days_round_trip_every_day_of_four_centuries(void)
{
    struct tier_date d = mk(1900, 1, 1), r;
    long n, start = date_to_days(&d);
    int bad = 0;

    for (n = start; n < start + 146097 * 2; n++) {
        r = date_from_days(n);
        if (!date_valid(r.y, r.m, r.d) || date_to_days(&r) != n)
            bad++;
    }
    CU_ASSERT_EQUAL(bad, 0);
    r = date_from_days(0);
    CU_ASSERT_EQUAL(r.y, 1970);
    CU_ASSERT_EQUAL(r.m, 1);
    CU_ASSERT_EQUAL(r.d, 1);
}

static void test_format_writes_yyyy_mm_dd(void)
{
    struct tier_date d = mk(2026, 4, 1);
    char out[11];

    date_format(&d, out);
    CU_ASSERT_STRING_EQUAL(out, "2026-04-01");
    d = mk(1900, 12, 31);
    date_format(&d, out);
    CU_ASSERT_STRING_EQUAL(out, "1900-12-31");
}

static void test_today_cst_is_a_valid_date_near_utc_today(void)
{
    struct tier_date t = date_today_cst();
    struct tier_date utc = date_from_days((long)(time(NULL) / 86400));
    long diff = date_to_days(&t) - date_to_days(&utc);

    CU_ASSERT_TRUE(date_valid(t.y, t.m, t.d));
    CU_ASSERT_TRUE(diff == 0 || diff == 1); /* CST is 8 hours ahead of UTC */
}

static void test_a_clock_file_sets_today_and_can_move(void)
{
    char path[] = "/tmp/test_date_clock.XXXXXX";
    struct tier_date d, real = date_today_cst();
    int fd = mkstemp(path);
    FILE *f;

    CU_ASSERT_FATAL(fd >= 0);
    f = fdopen(fd, "w");
    fputs("2027-02-11\n", f);
    fclose(f);
    CU_ASSERT_EQUAL(date_set_clock_file(path), 0);
    d = date_today_cst();
    CU_ASSERT_EQUAL(date_cmp(&d, &(struct tier_date){2027, 2, 11}), 0);
    f = fopen(path, "w");
    fputs("2030-01-01", f); /* moved on by rewriting, never by sleeping */
    fclose(f);
    d = date_today_cst();
    CU_ASSERT_EQUAL(date_cmp(&d, &(struct tier_date){2030, 1, 1}), 0);
    f = fopen(path, "w");
    fputs("tomorrow", f); /* not a date: the system clock, with a line on stderr */
    fclose(f);
    d = date_today_cst();
    CU_ASSERT(date_to_days(&d) - date_to_days(&real) <= 1);
    CU_ASSERT_EQUAL(date_set_clock_file(""), 0);
    d = date_today_cst();
    CU_ASSERT(date_to_days(&d) - date_to_days(&real) <= 1);
    unlink(path);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("date", NULL, NULL);
    CU_add_test(s, "parse reads a real date", test_parse_reads_a_real_date);
    CU_add_test(s, "parse rejects days that do not exist",
                test_parse_rejects_days_that_do_not_exist);
    CU_add_test(s, "parse rejects anything but YYYY-MM-DD",
                test_parse_rejects_anything_but_yyyy_mm_dd);
    CU_add_test(s, "leap years follow the Gregorian rule",
                test_leap_years_follow_the_gregorian_rule);
    CU_add_test(s, "cmp orders by year, month, day", test_cmp_orders_by_year_month_day);
    CU_add_test(s, "full years count only after the anniversary",
                test_full_years_count_only_after_the_anniversary);
    CU_add_test(s, "full years from 29 February reach anniversary on 28 February",
                test_full_years_from_29_february_reach_anniversary_on_28_february);
    CU_add_test(s, "full years backwards are negative", test_full_years_backwards_are_negative);
    CU_add_test(s, "add years moves 29 February to 28 in common years",
                test_add_years_moves_29_february_to_28_in_common_years);
    CU_add_test(s, "days count from the Unix epoch", test_days_count_from_the_unix_epoch);
    CU_add_test(s, "days round-trip every day of four centuries",
                test_days_round_trip_every_day_of_four_centuries);
    CU_add_test(s, "format writes YYYY-MM-DD", test_format_writes_yyyy_mm_dd);
    CU_add_test(s, "a clock file sets today and can move", test_a_clock_file_sets_today_and_can_move);
    CU_add_test(s, "today in CST is a valid date near UTC today",
                test_today_cst_is_a_valid_date_near_utc_today);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
