/*
 * http_auth.h — per-request database handle and caller identity (http
 * module, used by the handlers).
 */
#ifndef TIER_HTTP_AUTH_H
#define TIER_HTTP_AUTH_H

#include "tier/accounts.h"
#include "tier/http.h"

#include <mysql.h>

/* Borrow a pooled connection; NULL after filling rs with 503. */
MYSQL *http_db_get(struct http_request *rq, struct http_response *rs);

/* Give it back; broken != 0 after a connection error. */
void http_db_put(struct http_request *rq, MYSQL *m, int broken);

/* Identify the caller from "Authorization: Bearer …". 0 with *who filled, or
 * -1 after filling rs (401, or 503 with *broken set when the connection
 * failed). */
int http_auth(struct http_request *rq, struct http_response *rs, MYSQL *m,
              struct principal *who, int *broken);

#endif
