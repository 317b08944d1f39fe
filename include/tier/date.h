/*
 * date.h — calendar dates (proleptic Gregorian), checked on parse.
 *
 * Ages and years in a market are whole years counted by anniversary: from
 * 2020-03-01 to 2023-02-28 is 2 years, to 2023-03-01 is 3. A 29 February start
 * has its anniversary on 28 February in common years (documented choice).
 */
#ifndef TIER_DATE_H
#define TIER_DATE_H

#include <stddef.h>

struct tier_date {
    int y; /* 1900..9999 */
    int m; /* 1..12 */
    int d; /* 1..31, valid for the month */
};

/* Parse "YYYY-MM-DD" (exactly 10 bytes of `len`) and check the day exists
 * (2023-02-30 fails) and the year is 1900..9999. Returns 0 or -1 (*out
 * untouched). */
int date_parse(const char *s, size_t len, struct tier_date *out);

/* Is y-m-d a real date? 1 or 0. */
int date_valid(int y, int m, int d);

/* The number of days in month m (1..12) of year y, leap years counted; 0 for
 * a month out of range. Can't fail. */
int date_month_days(int y, int m);

/* <0, 0, >0 as a is before, equal to, after b. */
int date_cmp(const struct tier_date *a, const struct tier_date *b);

/* Whole years from `from` to `to` by anniversary; negative if to < from. */
int date_full_years(const struct tier_date *from, const struct tier_date *to);

/* `d` moved by `years` (29 Feb -> 28 Feb in a common year). The result's year
 * is not range-checked: callers moving past 1900..9999 check date_valid. */
struct tier_date date_add_years(const struct tier_date *d, int years);

/* The last day of a validity of `years` starting on `from`: the day before
 * the anniversary, except that a 29 February start whose anniversary falls in
 * a common year runs through 28 February (the anniversary date_add_years
 * gives). Certificates (sign) and titles (lifecycle) both end this way. */
struct tier_date date_validity_end(const struct tier_date *from, int years);

/* Days since 1970-01-01 (negative before). */
long date_to_days(const struct tier_date *d);

/* The inverse of date_to_days: the date `days` after 1970-01-01. Can't fail
 * for days within years 1900..9999. */
struct tier_date date_from_days(long days);

/* Write "YYYY-MM-DD" into out (at least 11 bytes). */
void date_format(const struct tier_date *d, char out[11]);

/* Today's date in UTC+8 (China Standard Time), the registry's reference zone;
 * or, when a clock file is set, the date that file holds (read on every call,
 * so a test moves the registry's day by rewriting it, never by sleeping). A
 * clock file that cannot be read or parsed falls back to the system clock
 * with a line on stderr. */
struct tier_date date_today_cst(void);

/* Tests and drills only (config key clock-file): take "today" from the file
 * at `path` ("YYYY-MM-DD", trailing newline allowed); "" or NULL = the
 * system clock. Call at start-up, before any thread. 0, or -1 when the path
 * is too long (nothing changed). */
int date_set_clock_file(const char *path);

/* Read a clock file into *out. 0, or -1 when it cannot be read or holds no
 * date (out untouched). */
int date_read_clock_file(const char *path, struct tier_date *out);

#endif
