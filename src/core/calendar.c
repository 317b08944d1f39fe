/*
 * calendar.c — working days from the State Council's holiday notices (see
 * include/tier/calendar.h for the file format and the contracts).
 *
 * The calendar is a sorted array of the exceptional days only (holidays and
 * worked weekend days), at most CALENDAR_MAX_DAYS of them; every other day
 * follows the weekday. Lookups are binary searches. Loading a file parses
 * every line into a scratch array first and merges only when the whole file
 * is sound, so a bad file leaves the calendar as it was. Counting walks day
 * by day: a notice lasts days, not years, and n is capped at 3660.
 *
 * Pure: no I/O, no globals. A filled calendar may be read from many threads.
 */
#include "tier/calendar.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WORKDAYS_MAX 3660

void calendar_init(struct calendar *cal)
{
    cal->days = NULL;
    cal->n = 0;
}

void calendar_free(struct calendar *cal)
{
    if (cal == NULL)
        return;
    free(cal->days);
    calendar_init(cal);
}

const char *calendar_kind_name(enum calendar_kind k)
{
    switch (k) {
    case CALENDAR_HOLIDAY:
        return "holiday";
    case CALENDAR_WORKDAY:
        return "workday";
    }
    return NULL;
}

enum calendar_kind calendar_kind_parse(const char *s)
{
    if (s != NULL && strcmp(s, "holiday") == 0)
        return CALENDAR_HOLIDAY;
    if (s != NULL && strcmp(s, "workday") == 0)
        return CALENDAR_WORKDAY;
    return 0;
}

int calendar_weekday(const struct tier_date *d)
{
    long days = date_to_days(d);

    /* 1970-01-01 was a Thursday (ISO 4). */
    return (int)(((days % 7) + 7 + 3) % 7) + 1;
}

/* Index of `day` in cal, or -1; *at is where it would go. */
static long find(const struct calendar *cal, long day, size_t *at)
{
    size_t lo = 0, hi = cal->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (cal->days[mid].day < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (at != NULL)
        *at = lo;
    return lo < cal->n && cal->days[lo].day == day ? (long)lo : -1;
}

static int workday_by_days(const struct calendar *cal, long day)
{
    long i = find(cal, day, NULL);
    struct tier_date d;

    if (i >= 0)
        return cal->days[i].kind == CALENDAR_WORKDAY;
    d = date_from_days(day);
    return calendar_weekday(&d) <= 5;
}

int calendar_is_workday(const struct calendar *cal, const struct tier_date *d)
{
    return workday_by_days(cal, date_to_days(d));
}

int calendar_covers(const struct calendar *cal, int y)
{
    struct tier_date first = {y, 1, 1};
    size_t at;

    if (!date_valid(y, 1, 1))
        return 0;
    find(cal, date_to_days(&first), &at);
    return at < cal->n && date_from_days(cal->days[at].day).y == y;
}

/* Check one day against the rules of the format; a sentence in err. */
static int day_fault(const struct tier_date *d, enum calendar_kind kind, const char *name,
                     char *err, size_t errsz)
{
    char ds[11];

    if (!date_valid(d->y, d->m, d->d)) {
        snprintf(err, errsz, "%04d-%02d-%02d is not a date", d->y, d->m, d->d);
        return -1;
    }
    date_format(d, ds);
    if (calendar_kind_name(kind) == NULL) {
        snprintf(err, errsz, "%s: the kind must be holiday or workday", ds);
        return -1;
    }
    if (kind == CALENDAR_WORKDAY && calendar_weekday(d) <= 5) {
        snprintf(err, errsz,
                 "%s is a weekday, a working day already; 'workday' names a Saturday or Sunday "
                 "that is worked",
                 ds);
        return -1;
    }
    if (name != NULL && strlen(name) >= CALENDAR_NAME_MAX) {
        snprintf(err, errsz, "%s: the name is longer than %d bytes", ds, CALENDAR_NAME_MAX - 1);
        return -1;
    }
    return 0;
}

/* Insert a checked day into a sorted array of capacity CALENDAR_MAX_DAYS. */
static int insert(struct calendar *cal, long day, enum calendar_kind kind, const char *name,
                  char *err, size_t errsz)
{
    struct calendar_day *grown;
    size_t at;
    char ds[11];
    struct tier_date d = date_from_days(day);

    date_format(&d, ds);
    if (find(cal, day, &at) >= 0) {
        snprintf(err, errsz, "%s is given twice", ds);
        return -1;
    }
    if (cal->n >= CALENDAR_MAX_DAYS) {
        snprintf(err, errsz, "%s: the calendar is full (%d days at most)", ds, CALENDAR_MAX_DAYS);
        return -1;
    }
    grown = realloc(cal->days, (cal->n + 1) * sizeof *grown);
    if (grown == NULL) {
        snprintf(err, errsz, "%s: out of memory", ds);
        return -1;
    }
    cal->days = grown;
    memmove(&cal->days[at + 1], &cal->days[at], (cal->n - at) * sizeof *grown);
    cal->days[at].day = day;
    cal->days[at].kind = kind;
    snprintf(cal->days[at].name, sizeof cal->days[at].name, "%s", name != NULL ? name : "");
    cal->n++;
    return 0;
}

int calendar_add(struct calendar *cal, const struct tier_date *d, enum calendar_kind kind,
                 const char *name, char *err, size_t errsz)
{
    if (day_fault(d, kind, name, err, errsz) != 0)
        return -1;
    return insert(cal, date_to_days(d), kind, name, err, errsz);
}

/* Parse one non-blank, non-comment line into scratch. 0 or -1 (err set). */
static int parse_line(struct calendar *scratch, char *line, char *err, size_t errsz)
{
    char *p = line, *word, *name;
    struct tier_date from, to;
    enum calendar_kind kind;
    long a, b, day;

    if (strlen(p) < 10 || date_parse(p, 10, &from) != 0) {
        snprintf(err, errsz, "'%.40s' does not start with a date YYYY-MM-DD", line);
        return -1;
    }
    p += 10;
    to = from;
    if (p[0] == '.' && p[1] == '.') {
        p += 2;
        if (strlen(p) < 10 || date_parse(p, 10, &to) != 0) {
            snprintf(err, errsz, "the range in '%.40s' does not end with a date YYYY-MM-DD", line);
            return -1;
        }
        p += 10;
    }
    if (!isspace((unsigned char)*p)) {
        snprintf(err, errsz, "a space and the kind (holiday or workday) must follow the date");
        return -1;
    }
    while (isspace((unsigned char)*p))
        p++;
    word = p;
    while (*p != '\0' && !isspace((unsigned char)*p))
        p++;
    name = p;
    if (*p != '\0') {
        *p = '\0';
        name = p + 1;
        while (isspace((unsigned char)*name))
            name++;
    }
    kind = calendar_kind_parse(word);
    if (kind == 0) {
        snprintf(err, errsz, "'%.20s' is not a kind: holiday or workday", word);
        return -1;
    }
    a = date_to_days(&from);
    b = date_to_days(&to);
    if (b < a || b - a >= CALENDAR_RANGE_MAX) {
        snprintf(err, errsz, "a range runs forward and covers at most %d days",
                 CALENDAR_RANGE_MAX);
        return -1;
    }
    for (day = a; day <= b; day++) {
        struct tier_date d = date_from_days(day);

        if (calendar_add(scratch, &d, kind, name, err, errsz) != 0)
            return -1;
    }
    return 0;
}

int calendar_load(struct calendar *cal, const char *text, size_t len, int replace, char *err,
                  size_t errsz)
{
    struct calendar scratch, merged;
    char line[256], why[200];
    size_t pos = 0, i;
    int lineno = 0, rc = -1;

    calendar_init(&scratch);
    calendar_init(&merged);
    while (pos < len) {
        size_t end = pos, n;
        char *s, *e;

        while (end < len && text[end] != '\n')
            end++;
        n = end - pos;
        lineno++;
        if (n >= sizeof line) {
            snprintf(err, errsz, "line %d: longer than %zu bytes", lineno, sizeof line - 1);
            goto done;
        }
        memcpy(line, text + pos, n);
        line[n] = '\0';
        pos = end + 1;
        if (memchr(line, '\0', n) != NULL) {
            snprintf(err, errsz, "line %d: holds a NUL byte", lineno);
            goto done;
        }
        s = line;
        while (isspace((unsigned char)*s))
            s++;
        e = s + strlen(s);
        while (e > s && isspace((unsigned char)e[-1]))
            *--e = '\0';
        if (*s == '\0' || *s == '#')
            continue;
        if (parse_line(&scratch, s, why, sizeof why) != 0) {
            snprintf(err, errsz, "line %d: %s", lineno, why);
            goto done;
        }
    }
    /* Merge: what cal keeps (all of it, or the years the file does not name),
     * then the file's days, refusing a day held twice. */
    for (i = 0; i < cal->n; i++) {
        int y = date_from_days(cal->days[i].day).y;

        if (replace && calendar_covers(&scratch, y))
            continue;
        if (insert(&merged, cal->days[i].day, cal->days[i].kind, cal->days[i].name, why,
                   sizeof why) != 0) {
            snprintf(err, errsz, "%s", why);
            goto done;
        }
    }
    for (i = 0; i < scratch.n; i++) {
        if (insert(&merged, scratch.days[i].day, scratch.days[i].kind, scratch.days[i].name, why,
                   sizeof why) != 0) {
            snprintf(err, errsz, "%s (already in the calendar; import replaces a year whole)",
                     why);
            goto done;
        }
    }
    rc = (int)scratch.n;
    calendar_free(cal);
    *cal = merged;
    calendar_init(&merged);
done:
    calendar_free(&scratch);
    calendar_free(&merged);
    return rc;
}

int calendar_add_workdays(const struct calendar *cal, const struct tier_date *from, int n,
                          struct tier_date *out, int *uncovered_year)
{
    long day = date_to_days(from);
    int left = n, gap = 0, last_y = 0;
    struct tier_date d = *from;

    if (n < 0 || n > WORKDAYS_MAX)
        return -1;
    while (left > 0) {
        day++;
        d = date_from_days(day);
        if (!date_valid(d.y, d.m, d.d))
            return -1;
        if (d.y != last_y) {
            last_y = d.y;
            if (gap == 0 && !calendar_covers(cal, d.y))
                gap = d.y;
        }
        if (workday_by_days(cal, day))
            left--;
    }
    *out = d;
    if (uncovered_year != NULL)
        *uncovered_year = gap;
    return 0;
}

int calendar_count_workdays(const struct calendar *cal, const struct tier_date *from,
                            const struct tier_date *to)
{
    long a = date_to_days(from), b = date_to_days(to), day;
    int count = 0;

    for (day = a + 1; day <= b; day++)
        count += workday_by_days(cal, day);
    return count;
}

int calendar_write_year(const struct calendar *cal, int y, struct buf *b)
{
    size_t i = 0;

    while (i < cal->n) {
        const struct calendar_day *first = &cal->days[i];
        struct tier_date d0 = date_from_days(first->day), d1;
        size_t j = i + 1;
        char s0[11], s1[11];
        int rc;

        if (d0.y != y) {
            i++;
            continue;
        }
        while (j < cal->n && cal->days[j].day == cal->days[j - 1].day + 1 &&
               cal->days[j].kind == first->kind && strcmp(cal->days[j].name, first->name) == 0 &&
               date_from_days(cal->days[j].day).y == y && j - i < CALENDAR_RANGE_MAX)
            j++;
        d1 = date_from_days(cal->days[j - 1].day);
        date_format(&d0, s0);
        date_format(&d1, s1);
        if (j - i == 1)
            rc = buf_printf(b, "%s %s%s%s\n", s0, calendar_kind_name(first->kind),
                            first->name[0] ? " " : "", first->name);
        else
            rc = buf_printf(b, "%s..%s %s%s%s\n", s0, s1, calendar_kind_name(first->kind),
                            first->name[0] ? " " : "", first->name);
        if (rc != 0)
            return -1;
        i = j;
    }
    return 0;
}
