/*
 * http_call.h — one request on its way through a route (http module): what
 * the prologue established, and the helpers that turn the registry's
 * answers into statuses.
 */
#ifndef TIER_HTTP_CALL_H
#define TIER_HTTP_CALL_H

#include "tier/role.h"
#include "tier/http.h"
#include "tier/registry.h"

#include <stdint.h>

struct http_call {
    struct http_request *rq;
    struct http_response *rs;
    struct registry *reg;
    struct principal who;  /* HTTP_NEEDS_TOKEN: the caller */
    int confirmable;       /* HTTP_TOKEN_CONFIRMED: who may come from memory (who.confirm) */
    uint64_t id;           /* HTTP_NEEDS_ID: the submission id of {id} */
    int session;           /* HTTP_NEEDS_SESSION: 1 when signed in by a page session */
    unsigned char sid[32];         /* the session's secret bits (for its CSRF token) */
    unsigned char csrf_secret[32]; /* the session row's CSRF secret */
};

/* The page session behind the Cookie header (h_pages.c): 0 with call->who,
 * sid and csrf_secret filled, or -1 after answering (303 to /signin, or 503
 * when the database cannot say). */
int http_page_session(struct http_call *call);

/* The prologue every route runs (routes.c): the route's needs, then its use.
 * It is the `fn` of every route. */
void http_route_run(struct http_request *rq, struct http_response *rs);

/* Identify the caller from "Authorization: Bearer …" (auth.c). 0 with
 * call->who filled, or -1 after answering 401, or 503 when the database
 * cannot say. */
int http_authenticate(struct http_call *call);

/* The 401 answer to a bearer token that does not pass. */
void http_token_refused(struct http_response *rs);

/* Wrong tokens per client address (auth_limit.c; per daemon, in memory).
 * http_auth_wait: seconds addr must still wait (0 = none). http_auth_failed:
 * count one wrong token; when it completes a round of `limit`, addr is
 * throttled and the wait in seconds is returned (with the round's count in
 * *fails_out), else 0. http_auth_succeeded: forget addr. Thread-safe. */
int http_auth_wait(const char *addr);
int http_auth_failed(const char *addr, int limit, long *fails_out);
void http_auth_succeeded(const char *addr);

/* A database id in a path or query: 1 to 19 decimal digits, not 0. 0 and
 * *out, or -1. */
int http_parse_id(const char *s, uint64_t *out);

/* Answer with the registry's sentence: `status`, its code, "zh (en)". A 503
 * carries Retry-After: retry_s seconds. */
void http_answer(struct http_response *rs, unsigned int status, const struct reg_says *says,
                 int retry_s);

/* The usual status of a read's outcome: 200 for READ_OK (nothing written),
 * else the error answer. 0 for READ_OK, -1 after answering. */
int http_read_answer(struct http_response *rs, enum read_outcome o, const struct reg_says *says);

/* 1 when a Content-Type header (may be NULL) is application/xml or text/xml,
 * parameters aside (h_submissions.c). */
int http_content_is_xml(const char *ct);

/* Content type of every XML answer. */
extern const char HTTP_XML_TYPE[];

#endif
