/*
 * accounts.h — accounts, roles and bearer tokens (store module).
 *
 * A token is "tierd_" followed by 64 hex digits (256 random bits). It is shown
 * once, when issued; the database keeps only its SHA-256. Authentication
 * looks the hash up and compares it again in constant time. A disabled
 * account's tokens stop working at once (checked on every request).
 */
#ifndef TIER_ACCOUNTS_H
#define TIER_ACCOUNTS_H

#include "tier/role.h"

struct db_conn;
#include <stddef.h>
#include <stdint.h>

#define TOKEN_PREFIX "tierd_"
#define TOKEN_LEN (6 + 64)



struct db_col;

/* Where the columns id, name, role, uscc, city of an account land, in that
 * order, for a db_query: c[0..PRINCIPAL_COLS) point into out, *id and role
 * (role_parse it after the row). Can't fail. */
#define PRINCIPAL_COLS 5
void principal_cols(struct db_col *c, struct principal *out, int64_t *id, char *role,
                    size_t rolesz);

/* "enterprise" <-> ROLE_ENTERPRISE …; ROLE_NONE / NULL when unknown. */

/* Is this a well-formed account name ([A-Za-z0-9._@-], 1..100)? */
int account_name_valid(const char *name);

/* Create an account. uscc is required for ROLE_ENTERPRISE (checked with
 * uscc_check), city for ROLE_CITY_REVIEWER (one of Shandong's 16 cities);
 * both must be NULL otherwise. 0, or -1 with a sentence in err (duplicate
 * name, bad role binding, database error). */
int account_add(struct db_conn *m, const char *name, enum role role, const char *uscc,
                const char *city, const char *actor, char *err, size_t errsz);

/* Disable an account: its tokens stop working at once. 0, or -1 with a
 * sentence (no such account, already disabled, database error). */
int account_disable(struct db_conn *m, const char *name, const char *actor, char *err,
                    size_t errsz);

/* Enable a disabled account again (its unexpired, unrevoked tokens work
 * again). Audited. 0, or -1 with a sentence (no such disabled account,
 * database error). */
int account_enable(struct db_conn *m, const char *name, const char *actor, char *err,
                   size_t errsz);

/* Revoke one token by its id (tokens.id). Audited. 0, or -1 with a
 * sentence (no such token, already revoked, database error). */
int token_revoke(struct db_conn *m, uint64_t id, const char *actor, char *err, size_t errsz);

/* Print an account's tokens (id, hash prefix, issued, expires, state:
 * valid, expired, revoked, disabled) to a FILE *. 0, or -1 with a sentence
 * (no such account, database error). */
int token_list(struct db_conn *m, const char *name, void *stream, char *err, size_t errsz);

/* Audit (actor "tierd", action auth.throttle) that address `addr` sent
 * `fails` wrong tokens in a row and now waits wait_s seconds. 0 or -1. */
int token_throttle_audit(struct db_conn *m, const char *addr, long fails, long wait_s,
                         char *err, size_t errsz);

/* Issue a new token for an enabled account, valid for `days` days (0 = no
 * expiry). The token is written to token_out (TOKEN_LEN + 1 bytes) and exists
 * nowhere else: only its SHA-256 is stored. 0 or -1 with a sentence. */
int token_issue(struct db_conn *m, const char *name, int days, const char *actor, char *token_out,
                char *err, size_t errsz);

enum auth_result {
    AUTH_OK = 0,
    AUTH_MISSING,   /* no or malformed token */
    AUTH_UNKNOWN,   /* not a token of an enabled account, or expired/revoked */
    AUTH_DB_ERROR,  /* the database could not answer: 503 */
};

/* Find the principal behind a bearer token. On AUTH_DB_ERROR, *conn_broken
 * tells whether the connection must be put back broken. */
enum auth_result token_authenticate(struct db_conn *m, const char *token, struct principal *out,
                                    int *conn_broken);

/* The principal of an enabled account by name: 1 found, 0 not found (or
 * disabled), -1 database error (sentence in err). For tools that act as a
 * named account (tierctl seed-demo). */
int account_get(struct db_conn *m, const char *name, struct principal *out, char *err,
                size_t errsz);

/* Print the accounts (name, role, binding, state) to a FILE *. 0 or -1. */
int account_list(struct db_conn *m, void *stream, char *err, size_t errsz);

#endif
