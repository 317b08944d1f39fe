/*
 * date.c — calendar dates: strict parsing, anniversary arithmetic, day counts
 * (see include/tier/date.h).
 *
 * Dates are plain y-m-d triples in the proleptic Gregorian calendar, limited
 * to years 1900..9999 so that every date formats as exactly "YYYY-MM-DD".
 * Parsing accepts only that form, digit for digit, and checks the day exists.
 * Whole years are counted by anniversary, the way eligibility rules count
 * "registered >= 1 year" or "3 years in the niche"; a 29 February start has its
 * anniversary on 28 February in common years. Day numbers use Howard Hinnant's
 * days_from_civil / civil_from_days, which are exact integer arithmetic.
 *
 * No allocation, no locale, no time zone database: date_today_cst adds eight
 * hours to time(NULL) itself, so it is thread-safe and does not depend on TZ.
 * The one piece of state is the test clock (date_set_clock_file), set once at
 * start-up before any thread runs and only read afterwards. Failures return
 * -1 and leave outputs untouched.
 */
#include "tier/date.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define DATE_Y_MIN 1900
#define DATE_Y_MAX 9999

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_month_days(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (m < 1 || m > 12)
        return 0;
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* n decimal digits at s into *v; -1 if any is not a digit. */
static int parse_digits(const char *s, int n, int *v)
{
    int i, r = 0;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        r = r * 10 + (s[i] - '0');
    }
    *v = r;
    return 0;
}

int date_valid(int y, int m, int d)
{
    if (y < DATE_Y_MIN || y > DATE_Y_MAX || m < 1 || m > 12 || d < 1)
        return 0;
    return d <= date_month_days(y, m);
}

int date_parse(const char *s, size_t len, struct tier_date *out)
{
    int y, m, d;

    if (s == NULL || out == NULL || len != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    if (parse_digits(s, 4, &y) < 0 || parse_digits(s + 5, 2, &m) < 0 ||
        parse_digits(s + 8, 2, &d) < 0)
        return -1;
    if (!date_valid(y, m, d))
        return -1;
    out->y = y;
    out->m = m;
    out->d = d;
    return 0;
}

int date_cmp(const struct tier_date *a, const struct tier_date *b)
{
    if (a->y != b->y)
        return a->y < b->y ? -1 : 1;
    if (a->m != b->m)
        return a->m < b->m ? -1 : 1;
    if (a->d != b->d)
        return a->d < b->d ? -1 : 1;
    return 0;
}

/* Day of `from`'s anniversary in year y: 29 February falls back to 28. */
static int anniversary_day(const struct tier_date *from, int y)
{
    if (from->m == 2 && from->d == 29 && !is_leap(y))
        return 28;
    return from->d;
}

int date_full_years(const struct tier_date *from, const struct tier_date *to)
{
    int n;

    /* Backwards spans are the negated forward span, so the sign never changes
     * how anniversaries are counted. */
    if (date_cmp(to, from) < 0)
        return -date_full_years(to, from);
    n = to->y - from->y;
    if (to->m < from->m || (to->m == from->m && to->d < anniversary_day(from, to->y)))
        n--;
    return n;
}

struct tier_date date_add_years(const struct tier_date *d, int years)
{
    struct tier_date r;

    r.y = d->y + years;
    r.m = d->m;
    r.d = anniversary_day(d, r.y);
    return r;
}

struct tier_date date_validity_end(const struct tier_date *from, int years)
{
    struct tier_date anniversary = date_add_years(from, years);

    /* The "real" anniversary of 29 February in a common year would be 1 March;
     * date_add_years moved it to 28 February, and the validity runs through
     * that day. Otherwise it ends the day before the anniversary. */
    if (from->m == 2 && from->d == 29 && anniversary.d == 28)
        return anniversary;
    return date_from_days(date_to_days(&anniversary) - 1);
}

long date_to_days(const struct tier_date *d)
{
    /* days_from_civil: the year starts in March so the leap day comes last. */
    long y = d->y - (d->m <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;                                  /* [0, 399] */
    long mp = d->m > 2 ? d->m - 3 : d->m + 9;                  /* [0, 11] */
    long doy = (153 * mp + 2) / 5 + d->d - 1;                  /* [0, 365] */
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */

    return era * 146097 + doe - 719468;
}

struct tier_date date_from_days(long days)
{
    struct tier_date r;
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;                                /* [0, 146096] */
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);         /* [0, 365] */
    long mp = (5 * doy + 2) / 153;                              /* [0, 11] */

    r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    r.y = (int)(yoe + era * 400 + (r.m <= 2));
    return r;
}

void date_format(const struct tier_date *d, char out[11])
{
    int y = d->y;

    assert(y >= 0 && y <= 9999 && d->m >= 0 && d->m <= 99 && d->d >= 0 && d->d <= 99);
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + d->m / 10);
    out[6] = (char)('0' + d->m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d->d / 10);
    out[9] = (char)('0' + d->d % 10);
    out[10] = '\0';
}

static char clock_file[512]; /* "" = the system clock */

int date_set_clock_file(const char *path)
{
    if (path == NULL)
        path = "";
    if (strlen(path) >= sizeof clock_file)
        return -1;
    memcpy(clock_file, path, strlen(path) + 1);
    return 0;
}

int date_read_clock_file(const char *path, struct tier_date *out)
{
    char text[32];
    size_t n;
    FILE *f = fopen(path, "r");

    if (f == NULL)
        return -1;
    n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r' || text[n - 1] == ' '))
        n--;
    return date_parse(text, n, out);
}

struct tier_date date_today_cst(void)
{
    time_t now;
    long long secs;
    struct tier_date fixed;

    if (clock_file[0] != '\0') {
        if (date_read_clock_file(clock_file, &fixed) == 0)
            return fixed;
        fprintf(stderr, "tier: clock-file %s holds no YYYY-MM-DD; using the system clock\n",
                clock_file);
    }
    now = time(NULL);
    secs = (long long)now + 8 * 3600; /* China Standard Time, no DST */
    long long days = secs / 86400;

    if (secs % 86400 < 0)
        days--; /* floor, for clocks before 1970 */
    return date_from_days((long)days);
}
