/*
 * http_auth.h — per-request database handle and caller identity (http
 * module, used by the handlers).
 */
#ifndef TIER_HTTP_AUTH_H
#define TIER_HTTP_AUTH_H

#include "tier/accounts.h"
#include "tier/http.h"
#include "tier/submissions.h"

#include <stdint.h>

struct db_conn;

/* Borrow a pooled connection; NULL after filling rs with 503. */
struct db_conn *http_db_get(struct http_request *rq, struct http_response *rs);

/* Give it back; broken != 0 after a connection error. */
void http_db_put(struct http_request *rq, struct db_conn *m, int broken);

/* Identify the caller from "Authorization: Bearer …". 0 with *who filled, or
 * -1 after filling rs (401, or 503 with *broken set when the connection
 * failed). */
int http_auth(struct http_request *rq, struct http_response *rs, struct db_conn *m,
              struct principal *who, int *broken);

/* May `who` see an enterprise with this USCC and city? Province reviewers
 * and admins see all, an enterprise its own USCC, a city reviewer its city.
 * Outside one's scope the handlers answer 404, as for what does not exist. */
int http_in_scope(const struct principal *who, const char *uscc, const char *city);

/* A database id in a path or query: 1 to 19 decimal digits, not 0. 0 and
 * *out, or -1. */
int http_parse_id(const char *s, uint64_t *out);

/* The submission id of a /v1/submissions/{id}… path: 0 and *id, or -1
 * after answering 404 (no such submission can exist). */
int http_submission_id(struct http_request *rq, struct http_response *rs, uint64_t *id);

/* Answer a failed store call: 503 with Retry-After for a lost connection or
 * an exhausted retry ("nothing was changed"), else 500 after logging the
 * server's message (never shown to the client). */
void http_store_error(struct http_response *rs, enum store_result r, const char *err);

#endif
