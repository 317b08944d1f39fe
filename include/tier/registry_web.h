/*
 * registry_web.h — the use cases behind the reviewers' pages (registry
 * module, src/registry/web_session.c): sign in with a password, find the
 * session of a cookie, sign out, set a password. The rows are the store's
 * (web_sessions_store.h); the secrets' shapes are web_password.h and
 * web_session.h. The transport (the page routes) keeps the per-address
 * back-off and the cookie; this keeps the per-account lock (in the database,
 * so every daemon sees it) and the audit rows.
 */
#ifndef TIER_REGISTRY_WEB_H
#define TIER_REGISTRY_WEB_H

#include "tier/registry.h"
#include "tier/web_session.h"

#include <stddef.h>
#include <stdint.h>

#define SIGNIN_LOCK_AT 5            /* the 5th failure in a row locks the account */
#define SIGNIN_LOCK_SECONDS (15 * 60)

enum signin_outcome {
    SIGNIN_OK = 0,       /* a new session: cookie and csrf secret filled */
    SIGNIN_WRONG,        /* no such enabled account, no password, or the wrong one */
    SIGNIN_LOCKED,       /* too many failures: seconds_left says how long */
    SIGNIN_UNAVAILABLE,  /* the database could not answer; nothing changed */
    SIGNIN_ERROR,        /* anything else (logged) */
};

struct signin_result {
    enum signin_outcome outcome;
    struct reg_says says;
    struct principal who;             /* SIGNIN_OK */
    struct web_session_new session;   /* SIGNIN_OK: secret; web_session_wipe after use */
    int64_t seconds_left;             /* SIGNIN_LOCKED */
    int failures;                     /* SIGNIN_WRONG: failures in a row of a known account */
};

/* Check name and password (len bytes) and open a session. `addr` is the
 * caller's address, for the audit row only. Failures of a known account are
 * counted in the database and written to the audit log. */
void registry_signin(struct registry *r, const char *name, const char *password, size_t len,
                     const char *addr, struct signin_result *res);

/* The live session whose id hashes to id_hash: its account and CSRF secret.
 * REG_AUTH_UNKNOWN for none, expired, or a disabled account. */
enum reg_auth registry_session(struct registry *r, const unsigned char id_hash[32],
                               struct principal *who, unsigned char csrf_secret[32]);

/* End a session. 0, or -1 when the database could not (err says why). */
int registry_signout(struct registry *r, const unsigned char id_hash[32], char *err,
                     size_t errsz);

/* Set account `name`'s password (len bytes; checked by password_acceptable),
 * end its sessions, write the audit row as `actor`. OP_DONE, OP_REFUSED
 * (field "password"), OP_NOT_FOUND, or the write's failure. */
void registry_password_set(struct registry *r, const char *name, const char *password,
                           size_t len, const char *actor, struct op_result *res);

/* Delete expired sessions (idle SESSION_IDLE_SECONDS, or older than
 * SESSION_ABSOLUTE_SECONDS), at most REG_SESSIONS_PURGE_MAX of each kind a
 * call: a cheap, bounded pair of statements any number of daemons may run at
 * once. tierd's health thread runs it every REG_SESSIONS_PURGE_EVERY_S
 * seconds. 0 with *removed, or -1 with err. */
#define REG_SESSIONS_PURGE_MAX 1000
#define REG_SESSIONS_PURGE_EVERY_S 60
int registry_sessions_purge(struct registry *r, uint64_t *removed, char *err, size_t errsz);

#endif
