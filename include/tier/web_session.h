/*
 * web_session.h — browser sessions and CSRF tokens, pure (the rows live in
 * store/web_sessions.c).
 *
 * Session: 256 random bits from RAND_bytes. The browser holds them as the
 * cookie value (base64url, 43 characters); the database holds only their
 * SHA-256, so a copy of the sessions table signs nobody in. Cookie attributes:
 * HttpOnly, SameSite=Strict, Path=/, and — when the public address is https —
 * Secure and the __Host- name prefix (which the browser accepts only from a
 * secure origin, with Path=/ and no Domain). No Max-Age: the cookie ends with
 * the browser; the server ends it sooner (idle 30 min, absolute 12 h).
 *
 * CSRF token: HMAC-SHA256 keyed with the session's 256 bits over
 * "tierd-csrf-1" and a random 256-bit per-session secret kept in the
 * session's row. Why this and not a per-daemon key or a stored token:
 *   - bound to the session: a token taken from another session is useless
 *     with this cookie, and signing out ends it;
 *   - no key shared by the daemons (tierd keeps no state and N of them run
 *     behind a load balancer), and nothing to rotate by hand;
 *   - a reader of the database (a backup) sees the secret but not the
 *     session bits, so can neither use a session nor mint a token;
 *   - nothing written per form: the token is computed, not stored.
 * Changing the per-session secret (at sign-in, at a role change) voids every
 * token issued before.
 */
#ifndef TIER_WEB_SESSION_H
#define TIER_WEB_SESSION_H

#include "tier/web_b64url.h"

#include <stddef.h>
#include <stdint.h>

#define SESSION_ID_LEN 32                        /* bytes of randomness */
#define SESSION_COOKIE_VALUE_LEN B64URL_LEN(32)  /* 43 characters */
#define SESSION_CSRF_SECRET_LEN 32
#define SESSION_CSRF_TOKEN_LEN B64URL_LEN(32)    /* 43 characters */
#define SESSION_COOKIE_NAME "tierd_session"
#define SESSION_COOKIE_NAME_SECURE "__Host-tierd_session"
#define SESSION_IDLE_SECONDS (30 * 60)
#define SESSION_ABSOLUTE_SECONDS (12 * 60 * 60)
#define SESSION_SET_COOKIE_MAX 160               /* bytes of a Set-Cookie value */

/* A new session as the daemon sees it while answering the sign-in. */
struct web_session_new {
    unsigned char id[SESSION_ID_LEN];              /* secret: wipe after use */
    char cookie[SESSION_COOKIE_VALUE_LEN + 1];     /* base64url of id: secret */
    unsigned char id_hash[32];                     /* SHA-256 of id: what is stored */
    unsigned char csrf_secret[SESSION_CSRF_SECRET_LEN]; /* stored in the session row */
};

/* Draw a new session. 0, or -1 when the random generator or SHA-256 fails
 * (s wiped). */
int web_session_create(struct web_session_new *s);

/* Wipe a session's secrets. NULL is fine. */
void web_session_wipe(struct web_session_new *s);

/* Find the session cookie in a Cookie request header (NULL is fine) and
 * decode it into id; id_hash gets its SHA-256. `secure` says which cookie
 * name to look for. 1 found and well-formed, 0 absent or malformed (a wrong
 * length, a character outside base64url, the cookie twice). */
int web_session_from_cookie(const char *cookie_header, int secure,
                            unsigned char id[SESSION_ID_LEN], unsigned char id_hash[32]);

/* The Set-Cookie value that starts the session (cookie = the base64url
 * value), or with cookie NULL the one that ends it (empty, Max-Age=0). out
 * must hold SESSION_SET_COOKIE_MAX bytes. */
void web_session_set_cookie(char out[SESSION_SET_COOKIE_MAX], const char *cookie, int secure);

/* Is a session created at `created` and last seen at `last_seen` still
 * alive at `now` (Unix seconds)? 1 or 0: idle over SESSION_IDLE_SECONDS,
 * older than SESSION_ABSOLUTE_SECONDS, or a clock that went backwards past
 * the creation all end it. */
int web_session_alive(int64_t created, int64_t last_seen, int64_t now);

/* The CSRF token of a session into out (SESSION_CSRF_TOKEN_LEN + 1 bytes).
 * 0, or -1 when HMAC fails (out is ""). */
int web_csrf_token(const unsigned char id[SESSION_ID_LEN],
                   const unsigned char secret[SESSION_CSRF_SECRET_LEN],
                   char out[SESSION_CSRF_TOKEN_LEN + 1]);

/* Does `token` (from the form; NULL is fine) belong to this session? 1 or 0,
 * compared in constant time. */
int web_csrf_check(const unsigned char id[SESSION_ID_LEN],
                   const unsigned char secret[SESSION_CSRF_SECRET_LEN], const char *token);

#endif
