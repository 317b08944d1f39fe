/*
 * web_sessions_store.h — the rows behind the web pages (store module):
 * account passwords, browser sessions, failed sign-ins. SQL only; the
 * secrets' shapes and the policies' reasons are in web_password.h and
 * web_session.h, the tables in sql/050_web_sessions.sql.
 *
 * Times are the database's (CURRENT_TIMESTAMP(6)), so every daemon judges a
 * session's age and an account's lock by one clock. Every function takes a
 * connected handle and returns STORE_OK, STORE_NOT_FOUND where said,
 * STORE_CONN (put the handle back broken) or STORE_ERROR with err; none
 * leaves a transaction open.
 */
#ifndef TIER_WEB_SESSIONS_STORE_H
#define TIER_WEB_SESSIONS_STORE_H

#include "tier/accounts.h"
#include "tier/submissions.h"

struct db_conn;
#include <stddef.h>
#include <stdint.h>

#define WEB_PASSWORD_COL_MAX 129  /* bytes of accounts.password_hash, NUL included */
#define WEB_SESSION_TOUCH_SECONDS 60 /* last_seen_at is written at most this often */

/* Set (encoded != NULL) or clear (NULL) an account's password by name, and
 * end all its sessions (a changed password signs every browser out).
 * STORE_NOT_FOUND when no account has that name. */
enum store_result store_password_set(struct db_conn *m, const char *name, const char *encoded,
                                     char *err, size_t errsz);

/* The enabled account of that name with its stored password string (""
 * when it has none). STORE_NOT_FOUND for no such account or a disabled one. */
enum store_result store_password_get(struct db_conn *m, const char *name, struct principal *who,
                                     char encoded[WEB_PASSWORD_COL_MAX], char *err,
                                     size_t errsz);

/* Record a new session (id_hash and csrf_secret: 32 bytes each). */
enum store_result store_session_insert(struct db_conn *m, const unsigned char id_hash[32],
                                       uint64_t account_id,
                                       const unsigned char csrf_secret[32], char *err,
                                       size_t errsz);

/* The live session of that hash: its account (enabled) and CSRF secret.
 * Live means last seen under idle_s seconds ago and created under
 * absolute_s seconds ago. Marks it seen when the mark is older than
 * WEB_SESSION_TOUCH_SECONDS (so most page views write nothing).
 * STORE_NOT_FOUND for none, expired, or a disabled account. */
enum store_result store_session_find(struct db_conn *m, const unsigned char id_hash[32], int idle_s,
                                     int absolute_s, struct principal *who,
                                     unsigned char csrf_secret[32], char *err, size_t errsz);

/* End one session (sign-out). STORE_OK also when there was none. */
enum store_result store_session_delete(struct db_conn *m, const unsigned char id_hash[32],
                                       char *err, size_t errsz);

/* Remove sessions past either limit, at most `limit` per limit (two
 * bounded statements, autocommitted); *removed (may be NULL) gets how many. */
enum store_result store_sessions_purge(struct db_conn *m, int idle_s, int absolute_s,
                                       uint64_t limit, uint64_t *removed, char *err,
                                       size_t errsz);

/* Is the account locked out now? *seconds_left > 0 when it is, else 0. */
enum store_result store_signin_locked(struct db_conn *m, uint64_t account_id, int64_t *seconds_left,
                                      char *err, size_t errsz);

/* Count a failed sign-in. The `threshold`-th failure in a row locks the
 * account for lock_s seconds; a failure after a lock has run out starts a
 * new count at 1. *failures gets the count, *seconds_left the lock's rest
 * (0 when not locked). Either may be NULL. */
enum store_result store_signin_failed(struct db_conn *m, uint64_t account_id, int threshold,
                                      int lock_s, int *failures, int64_t *seconds_left, char *err,
                                      size_t errsz);

/* A successful sign-in: forget the account's failures. */
enum store_result store_signin_succeeded(struct db_conn *m, uint64_t account_id, char *err,
                                         size_t errsz);

#endif
