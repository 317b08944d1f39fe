/*
 * metrics.h — request counters and latency histograms in Prometheus text
 * format. Lock-free: every counter is an atomic; any thread may record.
 */
#ifndef TIER_METRICS_H
#define TIER_METRICS_H

#include "tier/buf.h"

#include <stdint.h>

#define METRICS_MAX_ROUTES 64

/* Set up labels: route names in table order (index = route id). Call once
 * before serving; names are borrowed. */
void metrics_init(const char *const *route_names, int n);

/* Count one request: route id (-1 = no route matched), status, duration. */
void metrics_record(int route, unsigned int status, int64_t micros);

enum submission_outcome {
    OUTCOME_RECEIVED = 0,  /* stored, no rule failed */
    OUTCOME_INELIGIBLE,    /* stored, some rule failed */
    OUTCOME_DUPLICATE,     /* the same document again: nothing stored */
    OUTCOME_INVALID,       /* not well-formed or not schema-valid: 422, not stored */
    OUTCOME_COUNT
};

/* Count one submission: tier id (-1 when unknown) and outcome. */
void metrics_submission(int tier, enum submission_outcome o);

/* Time spent parsing, validating, extracting and judging one document. */
void metrics_validation(int64_t micros);

/* A transaction retried after a deadlock or lost connection. */
void metrics_db_retry(void);

/* Connections the transport cut off, by reason (src/http/server.c). A
 * connection over the per-address limit is closed inside libmicrohttpd and
 * is not counted here. */
enum metrics_cut {
    CUT_TOO_LARGE = 0,  /* body over max-body: 413 */
    CUT_BUDGET,         /* body-budget spent: 503 */
    CUT_FRAMING,        /* two Content-Length, or one with Transfer-Encoding: 400 */
    CUT_SLOW,           /* headers, body or answer slower than the minimum rate */
    CUT_HUNG_UP,        /* the client hung up with its body unfinished */
    CUT_COUNT
};

/* Count one connection cut off for reason r. Any thread; can't fail. */
void metrics_cut(enum metrics_cut r);

/* Wrong bearer tokens (src/http/auth_limit.c): one wrong token answered
 * 401, one address throttled (a round of auth-fail-limit), one request
 * answered 429 while its address waits. Any thread; can't fail. */
enum metrics_auth { AUTH_M_WRONG = 0, AUTH_M_THROTTLE, AUTH_M_REFUSED, AUTH_M_COUNT };
void metrics_auth(enum metrics_auth what);
/* Count one refused sign-in on the pages: reason "wrong-password",
 * "account-locked" or "address-throttled". Any thread; can't fail. */
enum metrics_signin { SIGNIN_FAIL_WRONG = 0, SIGNIN_FAIL_LOCKED, SIGNIN_FAIL_THROTTLED,
                      SIGNIN_FAIL_COUNT };
void metrics_signin_refused(enum metrics_signin r);

/* Append the whole exposition text to out. 0 or -1 (out over its cap). */
int metrics_render(struct buf *out);

#endif
