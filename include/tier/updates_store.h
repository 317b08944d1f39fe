/*
 * updates_store.h — the rows of a title's later life (store module, issue
 * 17): yearly data updates (table title_updates), titles about to lapse, the
 * titles whose update is missing, and the State Council's holiday notices
 * (table calendar_days). SQL only: what is due when is lifecycle.h's, and the
 * registry holds the transactions.
 *
 * Dates enter and leave as "YYYY-MM-DD" (China Standard Time, as the
 * certificates' validity dates are stored).
 */
#ifndef TIER_UPDATES_STORE_H
#define TIER_UPDATES_STORE_H

#include "tier/calendar.h"
#include "tier/store.h"

#include <stddef.h>
#include <stdint.h>

struct db_conn;

/* A certificate as an update, a list or a count sees it. */
struct update_title {
    char serial[STORE_SERIAL_LEN + 1];
    char tier[33];                 /* tier code */
    char uscc[19];
    char name[STORE_NAME_BYTES];   /* the enterprise's name */
    char city[7];                  /* city code */
    char state[17];                /* valid superseded revoked (as stored) */
    char valid_from[11], valid_until[11];
    int revoked;                   /* revoked_at is set */
    int64_t last_update_year;      /* the latest yearly update filed, 0 none */
};

/* Lock the certificate's row (SELECT … FOR UPDATE) inside the caller's
 * transaction and read it into *out. STORE_OK, STORE_NOT_FOUND, or a failure
 * class with err. */
enum store_result update_title_lock(struct db_conn *m, const char *serial,
                                    struct update_title *out, char *err, size_t errsz);

/* The update already filed for (serial, year): STORE_OK with its SHA-256 in
 * sha256 and when it came in submitted_at ("YYYY-MM-DD HH:MM:SS" UTC),
 * STORE_NOT_FOUND, or a failure class. */
enum store_result update_find(struct db_conn *m, const char *serial, int year,
                              unsigned char sha256[32], char submitted_at[20], char *err,
                              size_t errsz);

/* Store one update document verbatim (the caller's transaction). STORE_OK
 * with its row id in *id, or a failure class (a second one for the same
 * serial and year is STORE_CONFLICT: the caller looked first, so only a race
 * gets here). */
enum store_result update_insert(struct db_conn *m, const char *serial, int year,
                                const unsigned char sha256[32], const char *body, size_t len,
                                uint64_t *id, char *err, size_t errsz);

/* One yearly update as listed. */
struct update_filed {
    int year;
    char submitted_at[20];         /* "YYYY-MM-DD HH:MM:SS" UTC */
    char sha256_hex[65];
};

/* The updates filed for serial, newest year first, up to cap into rows; *n
 * their number. STORE_OK (also for none) or a failure class. */
enum store_result update_list(struct db_conn *m, const char *serial, struct update_filed *rows,
                              size_t cap, size_t *n, char *err, size_t errsz);

/* What a list of titles is narrowed to. NULL or "" fields do not narrow. */
struct update_query {
    const char *from, *to;         /* expiring: valid_until in [from, to] */
    const char *tier;              /* missing: the tier (required) */
    int due_year;                  /* missing: the update owed is this year's ... */
    const char *deadline;          /* ... whose deadline this is: titles valid on it,
                                      issued before due_year, with no update of
                                      due_year or later */
    const char *city;              /* one city's titles only */
    const char *uscc;              /* one enterprise's titles only */
    size_t limit;                  /* rows at most (the caller's cap) */
};

/* Titles valid (not revoked, not superseded) whose validity ends in
 * [q->from, q->to], soonest first, each to fn (return non-zero to stop).
 * STORE_OK or a failure class. */
enum store_result update_expiring(struct db_conn *m, const struct update_query *q,
                                  int (*fn)(void *ctx, const struct update_title *t), void *ctx,
                                  char *err, size_t errsz);

/* Every certificate of the enterprise with this USCC, newest first, each to
 * fn. STORE_OK (also for none) or a failure class. */
enum store_result update_titles_of(struct db_conn *m, const char *uscc, size_t limit,
                                   int (*fn)(void *ctx, const struct update_title *t), void *ctx,
                                   char *err, size_t errsz);

/* Titles of q->tier whose yearly update of q->due_year is missing (see
 * struct update_query), oldest serial first, each to fn. */
enum store_result update_missing(struct db_conn *m, const struct update_query *q,
                                 int (*fn)(void *ctx, const struct update_title *t), void *ctx,
                                 char *err, size_t errsz);

/* The same titles counted by city: fn(ctx, city, n) per city. */
enum store_result update_missing_counts(struct db_conn *m, const struct update_query *q,
                                        void (*fn)(void *ctx, const char *city, int64_t n),
                                        void *ctx, char *err, size_t errsz);

/* ---- the holiday notices (calendar_days.c) ---------------------------------------- */

/* (Read back with notice_calendar_read, include/tier/notices.h.) */
/* Replace the days of every year `cal` holds an entry of by cal's entries of
 * those years (the caller's transaction). *stored: rows written. STORE_OK or
 * a failure class. */
enum store_result calendar_days_replace(struct db_conn *m, const struct calendar *cal,
                                        long *stored, char *err, size_t errsz);

#endif
