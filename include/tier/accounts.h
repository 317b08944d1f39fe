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
#include "tier/store.h"

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

/* A new account, as the registry checked it (the registry's use case holds
 * the policy: which role binds what). Borrowed. */
struct account_new {
    const char *name;
    enum role role;
    const char *uscc;          /* ROLE_ENTERPRISE, else NULL */
    const char *city;          /* ROLE_CITY_REVIEWER, else NULL */
    const char *password_hash; /* the scrypt string (web_password.h), NULL = none */
};

/* Create an account with its audit row by `actor`, in one transaction.
 * STORE_OK, STORE_DUPLICATE (the name is taken), or the failure's class
 * with the server's sentence in err (rolled back). */
enum store_result account_add(struct db_conn *m, const struct account_new *a, const char *actor,
                              char *err, size_t errsz);

/* Disable an account (its tokens and sessions stop working at once), with
 * its audit row. STORE_OK, STORE_NOT_FOUND (no enabled account of that
 * name), or the failure's class with err. */
enum store_result account_disable(struct db_conn *m, const char *name, const char *actor,
                                  char *err, size_t errsz);

/* Enable a disabled account again (its unexpired, unrevoked tokens work
 * again), with its audit row. STORE_OK, STORE_NOT_FOUND (no disabled
 * account of that name), or the failure's class with err. */
enum store_result account_enable(struct db_conn *m, const char *name, const char *actor,
                                 char *err, size_t errsz);

/* Revoke one token by its id (tokens.id), with its audit row. STORE_OK,
 * STORE_NOT_FOUND (no such token, or revoked already), or the failure's
 * class with err. */
enum store_result token_revoke(struct db_conn *m, uint64_t id, const char *actor, char *err,
                               size_t errsz);

/* One of an account's tokens, as listed. */
enum token_state { TOKEN_VALID = 0, TOKEN_EXPIRED, TOKEN_REVOKED, TOKEN_DISABLED };
struct token_row {
    int64_t id;
    char sha256_prefix[13];   /* the first 12 hex digits of its SHA-256 */
    char issued[20];          /* "YYYY-MM-DD HH:MM:SS", UTC */
    char expires[20];         /* the same, "" = never */
    enum token_state state;   /* revoked wins over expired over the account disabled */
};
#define TOKEN_LIST_MAX 1000   /* rows one listing hands back */

/* Hand each of account `name`'s tokens (oldest first, at most
 * TOKEN_LIST_MAX) to each(ctx, row); a nonzero return stops. STORE_OK,
 * STORE_NOT_FOUND (no account of that name), or the failure's class. */
typedef int (*token_row_fn)(void *ctx, const struct token_row *t);
enum store_result token_list(struct db_conn *m, const char *name, token_row_fn each, void *ctx,
                             char *err, size_t errsz);

/* Audit (actor "tierd", action auth.throttle) that address `addr` sent
 * `fails` wrong tokens in a row and now waits wait_s seconds. STORE_OK, or
 * the failure's class with err. */
enum store_result token_throttle_audit(struct db_conn *m, const char *addr, long fails,
                                       long wait_s, char *err, size_t errsz);

/* Issue a new token for an enabled account, valid for `days` days (0 = no
 * expiry). The token is written to token_out (TOKEN_LEN + 1 bytes) and exists
 * nowhere else: only its SHA-256 is stored. STORE_OK, STORE_NOT_FOUND (no
 * enabled account of that name), or the failure's class with err (token_out
 * wiped). */
enum store_result token_issue(struct db_conn *m, const char *name, int days, const char *actor,
                              char *token_out, char *err, size_t errsz);

enum auth_result {
    AUTH_OK = 0,
    AUTH_MISSING,   /* no or malformed token */
    AUTH_UNKNOWN,   /* not a token of an enabled account, or expired/revoked */
    AUTH_DB_ERROR,  /* the database could not answer: 503 */
};

/* What a token row `t` joined to its account `a` must meet to pass: the one
 * condition of token_authenticate and of the confirmation inside
 * title_rows_doc, so the two can never disagree. */
#define TOKEN_PASSES_SQL                                                                     \
    "a.disabled_at IS NULL AND t.revoked_at IS NULL AND "                                    \
    "(t.expires_at IS NULL OR t.expires_at > CURRENT_TIMESTAMP(6))"

/* Find the principal behind a bearer token (or its SHA-256). On
 * AUTH_DB_ERROR, *conn_broken tells whether the connection must be put back
 * broken. */
enum auth_result token_authenticate_hash(struct db_conn *m, const unsigned char hash[32],
                                         struct principal *out, int *conn_broken);
enum auth_result token_authenticate(struct db_conn *m, const char *token, struct principal *out,
                                    int *conn_broken);

/* The principal of an enabled account by name: 1 found, 0 not found (or
 * disabled), -1 database error (sentence in err). For tools that act as a
 * named account (tierctl seed-demo). */
int account_get(struct db_conn *m, const char *name, struct principal *out, char *err,
                size_t errsz);

/* One account, as listed. */
struct account_row {
    char name[ACCOUNT_NAME_MAX + 1];
    enum role role;           /* ROLE_NONE for a role this build does not know */
    char uscc[19];            /* ROLE_ENTERPRISE, else "" */
    char city[7];             /* ROLE_CITY_REVIEWER, else "" */
    int disabled;             /* 1 when disabled */
    int has_password;         /* 1 when it may sign in to the pages */
    long tokens;              /* tokens not revoked */
};
#define ACCOUNT_LIST_MAX 10000 /* rows one listing hands back */

/* Hand each account (by name, at most ACCOUNT_LIST_MAX) to each(ctx, row);
 * a nonzero return stops. STORE_OK or the failure's class with err. */
typedef int (*account_row_fn)(void *ctx, const struct account_row *a);
enum store_result account_list(struct db_conn *m, account_row_fn each, void *ctx, char *err,
                               size_t errsz);

#endif
