/*
 * registry_life.h — the use cases of a title's later life (registry module,
 * issue 17): the yearly data update, titles about to lapse, titles whose
 * update is missing, and the working-day calendar held in the database.
 *
 * As registry.h: each use case borrows a connection, holds its transaction,
 * and answers with an outcome and a sentence in Chinese and English; what
 * is due when comes from lifecycle.h on the registry's day (date_today_cst,
 * which the clock-file test hook may set).
 */
#ifndef TIER_REGISTRY_LIFE_H
#define TIER_REGISTRY_LIFE_H

#include "tier/calendar.h"
#include "tier/registry.h"
#include "tier/updates_store.h"

#include <stddef.h>
#include <stdint.h>

/* ---- the yearly data update (updates.c) ------------------------------------------- */

enum update_outcome {
    UPDATE_STORED = 0,   /* filed and audited: 201 */
    UPDATE_DUPLICATE,    /* the same bytes were filed before for that year: 200 */
    UPDATE_INVALID,      /* not an update document of a tier (errs says why): 422 */
    UPDATE_MISMATCH,     /* the document names another certificate, holder or tier: 422 */
    UPDATE_WRONG_ROLE,   /* only the holder (or an admin) files: 403 */
    UPDATE_NOT_FOUND,    /* no such certificate, or not the caller's: 404 */
    UPDATE_REFUSED,      /* not due, too late, filed already, or the title is not valid:
                            409 with the sentence saying which and why */
    UPDATE_UNAVAILABLE,  /* nothing was stored; retry is safe: 503 */
    UPDATE_UNKNOWN,      /* the connection was lost at COMMIT: send the same bytes again */
    UPDATE_CANNOT_WRITE, /* the server cannot write now; nothing stored: 503 */
    UPDATE_ERROR,        /* anything else (logged): 500 */
};

struct ingest_errors;

struct update_result {
    enum update_outcome outcome;
    struct reg_says says;
    uint64_t id;                      /* STORED: the row */
    int year;                         /* the year the update meets (its deadline's) */
    char deadline[11];                /* that deadline, YYYY-MM-DD */
    int ingest_status;                /* INVALID: enum ingest_status */
    const struct ingest_errors *errs; /* INVALID: the reasons (the calling thread's,
                                         valid until its next call) */
};

/* File `doc` (len bytes) as the yearly update of certificate `serial` by
 * `who`: the holder enterprise (its own titles only) or an admin. The
 * document must be the tier's `update` (xsd/<tier>-update.xsd) naming this
 * certificate and its holder; its year must be the one due now: this year's,
 * not past its deadline (update-deadline), of a title valid today and issued
 * in an earlier year. Stored verbatim with an audit row, in one transaction. */
void registry_update_submit(struct registry *r, const struct principal *who, const char *serial,
                            const char *doc, size_t len, struct update_result *res);

/* A title as the lists show it, judged on the registry's day. */
struct reg_title_view {
    struct update_title t;            /* as stored */
    const char *state;                /* lifecycle_title_state_name: valid, expired,
                                         revoked, superseded, not-yet */
    long days_left;                   /* valid: days until validUntil (0 = its last day) */
    int update_missing;               /* 1: the update of update_year is missing */
    int update_year;                  /* the latest update due by today (0: none due) */
    char update_deadline[11];         /* its deadline, "" when none */
};

#define REG_TITLES_MAX 500            /* rows a list answers at most */

/* Titles valid today whose validUntil is within `days` (0..3660) from today,
 * soonest first, at most cap rows. who NULL is an operator (tierctl); a city
 * reviewer sees its city, an enterprise its own, province and admin all. */
enum read_outcome registry_expiring(struct registry *r, const struct principal *who, int days,
                                    struct reg_title_view *rows, size_t cap, size_t *n,
                                    struct reg_says *says);

/* Every title of one enterprise (newest first), when in who's scope. */
enum read_outcome registry_enterprise_titles(struct registry *r, const struct principal *who,
                                             const char *uscc, struct reg_title_view *rows,
                                             size_t cap, size_t *n, struct reg_says *says);

/* Titles whose yearly update is missing today, tier by tier (every tier with
 * a deadline, or only `tier` when not NULL), for reviewers (who NULL: an
 * operator; a city reviewer sees its city; an enterprise is refused as
 * READ_FORBIDDEN). */
enum read_outcome registry_updates_missing(struct registry *r, const struct principal *who,
                                           const char *tier, struct reg_title_view *rows,
                                           size_t cap, size_t *n, struct reg_says *says);

/* One certificate's yearly updates (newest first, up to cap) and its view
 * today, for GET /v1/certificates/{serial}/updates (public, as the
 * certificate's status is). */
enum read_outcome registry_certificate_updates(struct registry *r, const char *serial,
                                               struct reg_title_view *view,
                                               struct update_filed *rows, size_t cap,
                                               size_t *n, struct reg_says *says);

/* ---- the working-day calendar (calendar_days.c) ----------------------------------- */

/* Import a holiday notice (calendar/README.md format, `len` bytes): every
 * year it names is replaced whole, with an audit row, in one transaction.
 * *days: the days stored. 0, or -1 with a sentence in err ("line N: …" for
 * a file fault; nothing changed). */
int registry_calendar_import(struct registry *r, const char *text, size_t len, const char *actor,
                             long *days, char *err, size_t errsz);

/* The calendar held in the database, into cal (emptied first). 0, or -1
 * with err (cal empty). For the notice period's end (lifecycle_notice_end). */
int registry_calendar_load(struct registry *r, struct calendar *cal, char *err, size_t errsz);

/* Year y's entries in the file format (calendar_write_year), appended to out,
 * then a line "# N working days in Y" and, for a year with no entry, a
 * comment saying so. 0, or -1 with err. */
int registry_calendar_list(struct registry *r, int y, struct buf *out, char *err, size_t errsz);

#endif
