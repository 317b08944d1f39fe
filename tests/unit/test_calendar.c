/*
 * test_calendar.c — working days from the State Council's holiday notice:
 * the file format, weekends moved to working days, counting across the
 * Spring Festival, years the calendar does not cover, and list round trips.
 * The 2026 notice is read from the file the project ships (calendar/2026.txt),
 * so a typing error there fails here.
 */
#include "tier/calendar.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct tier_date mk(int y, int m, int d)
{
    struct tier_date r = {y, m, d};

    return r;
}

static int load(struct calendar *cal, const char *text, char *err, size_t errsz)
{
    return calendar_load(cal, text, strlen(text), 0, err, errsz);
}

/* The shipped 2026 notice, read from the source tree. */
static int load_2026(struct calendar *cal)
{
    char text[4096], err[256];
    FILE *f = fopen("calendar/2026.txt", "rb");
    size_t n;

    if (f == NULL)
        return -1;
    n = fread(text, 1, sizeof text, f);
    fclose(f);
    if (calendar_load(cal, text, n, 0, err, sizeof err) < 0) {
        fprintf(stderr, "\n  calendar/2026.txt: %s\n", err);
        return -1;
    }
    return 0;
}

static void test_weekdays_follow_iso(void)
{
    struct tier_date thu = mk(2026, 1, 1), sun = mk(2026, 2, 15), mon = mk(2026, 2, 23);

    CU_ASSERT_EQUAL(calendar_weekday(&thu), 4);
    CU_ASSERT_EQUAL(calendar_weekday(&sun), 7);
    CU_ASSERT_EQUAL(calendar_weekday(&mon), 1);
}

static void test_an_empty_calendar_rests_on_weekends_only(void)
{
    struct calendar cal;
    struct tier_date fri = mk(2026, 2, 13), sat = mk(2026, 2, 14), out;
    int gap = -1;

    calendar_init(&cal);
    CU_ASSERT_TRUE(calendar_is_workday(&cal, &fri));
    CU_ASSERT_FALSE(calendar_is_workday(&cal, &sat));
    /* Friday + 5 working days is the next Friday; the year is not covered. */
    CU_ASSERT_EQUAL(calendar_add_workdays(&cal, &fri, 5, &out, &gap), 0);
    CU_ASSERT_EQUAL(date_cmp(&out, &(struct tier_date){2026, 2, 20}), 0);
    CU_ASSERT_EQUAL(gap, 2026);
    calendar_free(&cal);
}

static void test_the_2026_notice_moves_weekends(void)
{
    struct calendar cal;
    struct tier_date d;

    calendar_init(&cal);
    CU_ASSERT_FATAL(load_2026(&cal) == 0);
    d = mk(2026, 2, 14); /* a Saturday worked before the Spring Festival */
    CU_ASSERT_TRUE(calendar_is_workday(&cal, &d));
    d = mk(2026, 2, 16); /* a Monday of the festival */
    CU_ASSERT_FALSE(calendar_is_workday(&cal, &d));
    d = mk(2026, 2, 23); /* 正月初七, Monday, still a holiday */
    CU_ASSERT_FALSE(calendar_is_workday(&cal, &d));
    d = mk(2026, 2, 24);
    CU_ASSERT_TRUE(calendar_is_workday(&cal, &d));
    d = mk(2026, 2, 28); /* a Saturday worked after it */
    CU_ASSERT_TRUE(calendar_is_workday(&cal, &d));
    d = mk(2026, 10, 10);
    CU_ASSERT_TRUE(calendar_is_workday(&cal, &d));
    d = mk(2026, 10, 5);
    CU_ASSERT_FALSE(calendar_is_workday(&cal, &d));
    CU_ASSERT_TRUE(calendar_covers(&cal, 2026));
    CU_ASSERT_FALSE(calendar_covers(&cal, 2027));
    calendar_free(&cal);
}

static void test_ten_working_days_across_the_spring_festival(void)
{
    struct calendar cal;
    struct tier_date from = mk(2026, 2, 11), out; /* approved on Wednesday 11 February */
    int gap = -1;

    calendar_init(&cal);
    CU_ASSERT_FATAL(load_2026(&cal) == 0);
    /* Counted by hand from the notice: 12 Thu (1), 13 Fri (2), 14 Sat worked
     * (3), 15–23 holiday, 24 Tue (4), 25 (5), 26 (6), 27 Fri (7), 28 Sat
     * worked (8), 1 Mar Sun rest, 2 Mon (9), 3 Tue (10). */
    CU_ASSERT_EQUAL(calendar_add_workdays(&cal, &from, 10, &out, &gap), 0);
    CU_ASSERT_EQUAL(date_cmp(&out, &(struct tier_date){2026, 3, 3}), 0);
    CU_ASSERT_EQUAL(gap, 0);
    CU_ASSERT_EQUAL(calendar_count_workdays(&cal, &from, &out), 10);
    /* By weekends alone the same ten days would end on 25 February. */
    calendar_free(&cal);
    CU_ASSERT_EQUAL(calendar_add_workdays(&cal, &from, 10, &out, &gap), 0);
    CU_ASSERT_EQUAL(date_cmp(&out, &(struct tier_date){2026, 2, 25}), 0);
    CU_ASSERT_EQUAL(gap, 2026);
}

static void test_zero_days_is_the_day_itself(void)
{
    struct calendar cal;
    struct tier_date from = mk(2026, 2, 15), out;
    int gap = -1;

    calendar_init(&cal);
    CU_ASSERT_EQUAL(calendar_add_workdays(&cal, &from, 0, &out, &gap), 0);
    CU_ASSERT_EQUAL(date_cmp(&out, &from), 0);
    CU_ASSERT_EQUAL(gap, 0);
    CU_ASSERT_EQUAL(calendar_add_workdays(&cal, &from, -1, &out, &gap), -1);
    CU_ASSERT_EQUAL(calendar_add_workdays(&cal, &from, 3661, &out, &gap), -1);
}

static void test_counting_into_an_uncovered_year_says_so(void)
{
    struct calendar cal;
    struct tier_date from = mk(2026, 12, 28), out;
    int gap = 0;

    calendar_init(&cal);
    CU_ASSERT_FATAL(load_2026(&cal) == 0);
    CU_ASSERT_EQUAL(calendar_add_workdays(&cal, &from, 3, &out, &gap), 0);
    CU_ASSERT_EQUAL(date_cmp(&out, &(struct tier_date){2026, 12, 31}), 0);
    CU_ASSERT_EQUAL(gap, 0);
    CU_ASSERT_EQUAL(calendar_add_workdays(&cal, &from, 5, &out, &gap), 0);
    CU_ASSERT_EQUAL(date_cmp(&out, &(struct tier_date){2027, 1, 4}), 0);
    CU_ASSERT_EQUAL(gap, 2027);
    calendar_free(&cal);
}

static void test_bad_files_are_refused_whole(void)
{
    static const struct {
        const char *text;
        const char *why; /* a piece of the sentence */
    } bad[] = {
        {"2026-02-30 holiday x\n", "line 1"},
        {"2026-02-16 workday 春节\n", "is a weekday"},
        {"2026-02-15 rest\n", "not a kind"},
        {"2026-02-15holiday\n", "a space and the kind"},
        {"# ok\n2026-02-15 holiday\n2026-02-15 holiday\n", "line 3: 2026-02-15 is given twice"},
        {"2026-02-23..2026-02-15 holiday\n", "runs forward"},
        {"2026-01-01..2026-03-01 holiday\n", "at most 31 days"},
        {"15/02/2026 holiday\n", "does not start with a date"},
        {"2026-02-15..2026-02 holiday\n", "does not end with a date"},
        {"2026-02-15 holiday 一二三四五六七八九十一二三四五六七八九十一二三\n", "longer than 63"},
    };
    struct calendar cal;
    char err[256];
    size_t i;

    calendar_init(&cal);
    CU_ASSERT_EQUAL(load(&cal, "2026-01-01 holiday 元旦\n", err, sizeof err), 1);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        CU_ASSERT_EQUAL(load(&cal, bad[i].text, err, sizeof err), -1);
        if (strstr(err, bad[i].why) == NULL)
            fprintf(stderr, "\n  case %zu: '%s' lacks '%s'\n", i, err, bad[i].why);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, bad[i].why));
        CU_ASSERT_EQUAL(cal.n, 1); /* unchanged */
    }
    /* A day held already is refused, unless the import replaces its year. */
    CU_ASSERT_EQUAL(load(&cal, "2026-01-01 holiday 元旦\n", err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "given twice"));
    CU_ASSERT_EQUAL(calendar_load(&cal, "2026-01-02 holiday 元旦\n", 22, 1, err, sizeof err), 1);
    CU_ASSERT_EQUAL(cal.n, 1);
    CU_ASSERT_FALSE(calendar_is_workday(&cal, &(struct tier_date){2026, 1, 2}));
    CU_ASSERT_TRUE(calendar_is_workday(&cal, &(struct tier_date){2026, 1, 1}));
    calendar_free(&cal);
}

static void test_list_reads_back_to_the_same_calendar(void)
{
    struct calendar cal, again;
    struct buf b;
    char err[256];
    size_t i;

    calendar_init(&cal);
    calendar_init(&again);
    buf_init(&b, 1 << 16);
    CU_ASSERT_FATAL(load_2026(&cal) == 0);
    CU_ASSERT_EQUAL(calendar_write_year(&cal, 2026, &b), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "2026-02-15..2026-02-23 holiday 春节\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "2026-02-14 workday 春节调休\n"));
    CU_ASSERT_EQUAL(calendar_load(&again, b.data, b.len, 0, err, sizeof err), (int)cal.n);
    CU_ASSERT_EQUAL_FATAL(again.n, cal.n);
    for (i = 0; i < cal.n; i++) {
        CU_ASSERT_EQUAL(again.days[i].day, cal.days[i].day);
        CU_ASSERT_EQUAL(again.days[i].kind, cal.days[i].kind);
        CU_ASSERT_STRING_EQUAL(again.days[i].name, cal.days[i].name);
    }
    buf_reset(&b);
    CU_ASSERT_EQUAL(calendar_write_year(&cal, 2027, &b), 0);
    CU_ASSERT_EQUAL(b.len, 0);
    buf_free(&b);
    calendar_free(&cal);
    calendar_free(&again);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("calendar", NULL, NULL);
    CU_add_test(s, "weekdays follow ISO 8601", test_weekdays_follow_iso);
    CU_add_test(s, "an empty calendar rests on weekends only",
                test_an_empty_calendar_rests_on_weekends_only);
    CU_add_test(s, "the 2026 notice moves weekends", test_the_2026_notice_moves_weekends);
    CU_add_test(s, "ten working days across the Spring Festival",
                test_ten_working_days_across_the_spring_festival);
    CU_add_test(s, "zero days is the day itself", test_zero_days_is_the_day_itself);
    CU_add_test(s, "counting into an uncovered year says so",
                test_counting_into_an_uncovered_year_says_so);
    CU_add_test(s, "bad files are refused whole", test_bad_files_are_refused_whole);
    CU_add_test(s, "list reads back to the same calendar",
                test_list_reads_back_to_the_same_calendar);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
