/*
 * calendar.h — working days in mainland China: weekends, the public holidays
 * and the weekend days moved to working days (调休), as the State Council's
 * yearly holiday notice (国务院办公厅关于某年部分节假日安排的通知) publishes them.
 *
 * The notice changes every year, so it is data, not code: a calendar file
 * holds one entry per line,
 *
 *     # comment (and blank lines) are ignored
 *     2026-02-15..2026-02-23 holiday 春节
 *     2026-02-14 workday 春节调休
 *
 * that is, a date or an inclusive range `FROM..TO` (at most 31 days), the
 * kind `holiday` (no work, whatever the weekday) or `workday` (a Saturday or
 * Sunday on which people work), and an optional name (UTF-8, at most
 * CALENDAR_NAME_MAX - 1 bytes). A date given twice is refused; so is a
 * `workday` that is not a Saturday or Sunday (it would change nothing, so it
 * is surely a typing error). Every other day is a working day from Monday to
 * Friday and a rest day on Saturday and Sunday.
 *
 * A year counts as "covered" once any entry of that year is held: counting
 * working days through a year with no entry falls back to plain weekends and
 * says so (`uncovered_year`), so that a caller can flag the result for a
 * person instead of trusting it silently.
 *
 * Pure: no I/O. A calendar is filled once and then only read, so readers on
 * several threads are safe.
 */
#ifndef TIER_CALENDAR_H
#define TIER_CALENDAR_H

#include <stddef.h>

#include "tier/buf.h"
#include "tier/date.h"

#define CALENDAR_MAX_DAYS 4096 /* entries held at most: about 80 years of notices */
#define CALENDAR_NAME_MAX 64   /* bytes of a holiday's name, with its NUL */
#define CALENDAR_RANGE_MAX 31  /* days in one FROM..TO line at most */

enum calendar_kind {
    CALENDAR_HOLIDAY = 1, /* [holiday] 放假: no work, whatever the weekday */
    CALENDAR_WORKDAY = 2, /* [workday] 调休上班: a Saturday or Sunday worked */
};

struct calendar_day {
    long day;                     /* date_to_days() of the date */
    enum calendar_kind kind;
    char name[CALENDAR_NAME_MAX]; /* "春节", "" when the file gave none */
};

struct calendar {
    struct calendar_day *days; /* sorted by day, no day twice; NULL when empty */
    size_t n;                  /* entries held */
};

/* An empty calendar (every weekday a working day). Can't fail. */
void calendar_init(struct calendar *cal);

/* Free the entries; the calendar is empty again. NULL is fine. */
void calendar_free(struct calendar *cal);

/*
 * Add the entries of one calendar file (`text`, `len` bytes, not necessarily
 * NUL-terminated) to `cal`. All or nothing: on any fault `cal` is unchanged
 * and err holds "line N: what is wrong" (returns -1). A date already held is
 * a fault unless `replace` is set, in which case every entry of the years the
 * file names is dropped first (an import of a corrected notice). Returns the
 * number of days added (>= 0).
 */
int calendar_load(struct calendar *cal, const char *text, size_t len, int replace, char *err,
                  size_t errsz);

/* Add one day. 0; -1 with a sentence in err when the date is invalid, held
 * already, a `workday` on a weekday, the name too long, or the calendar full
 * (cal unchanged). */
int calendar_add(struct calendar *cal, const struct tier_date *d, enum calendar_kind kind,
                 const char *name, char *err, size_t errsz);

/* Day of the week: 1 Monday .. 7 Sunday (ISO 8601). Can't fail. */
int calendar_weekday(const struct tier_date *d);

/* 1 when `d` is a working day, 0 when it is a rest day. Can't fail. */
int calendar_is_workday(const struct calendar *cal, const struct tier_date *d);

/* 1 when the calendar holds an entry of year y, else 0. */
int calendar_covers(const struct calendar *cal, int y);

/*
 * The n-th working day after `from` (from itself is not counted; n = 0 gives
 * `from`), into *out: a notice that starts the day after approval and lasts
 * n working days ends on *out. `*uncovered_year` (may be NULL) is set to the
 * first year crossed that the calendar does not cover, or 0 when every year
 * crossed is covered. 0 on success; -1 when n is negative or over 3660, or
 * the result leaves years 1900..9999 (*out untouched).
 */
int calendar_add_workdays(const struct calendar *cal, const struct tier_date *from, int n,
                          struct tier_date *out, int *uncovered_year);

/* Working days in (from, to]: after `from`, up to and including `to`; 0 when
 * to <= from. */
int calendar_count_workdays(const struct calendar *cal, const struct tier_date *from,
                            const struct tier_date *to);

/*
 * Append year y's entries to `b` in the file format above, consecutive days
 * of one kind and name joined into a range: what `tierctl calendar list
 * YEAR` prints, and what calendar_load reads back to the same entries.
 * 0; -1 when the buffer is full (b as far as it got).
 */
int calendar_write_year(const struct calendar *cal, int y, struct buf *b);

/* "holiday" / "workday", NULL otherwise; and the reverse (0 when unknown). */
const char *calendar_kind_name(enum calendar_kind k);
enum calendar_kind calendar_kind_parse(const char *s);

#endif
