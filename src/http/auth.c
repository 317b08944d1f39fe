/*
 * auth.c — the database handle and the caller's identity for a request.
 *
 * Handlers that need either call http_db_get first (503 with Retry-After
 * when the pool cannot give a connection) and http_auth next (401 for a
 * missing, malformed or unknown token; 503 when the lookup itself fails).
 * Tokens are never logged.
 */
#include "tier/http_auth.h"

#include "tier/db.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct db_conn *http_db_get(struct http_request *rq, struct http_response *rs)
{
    char err[512];
    struct db_conn *m = db_pool_get(rq->env->db, 2000, err, sizeof err);

    if (m == NULL) {
        rs->retry_after = 5;
        http_error(rs, 503, "database-unavailable",
                   "the registry database is unavailable; nothing was stored. Try again in a "
                   "few seconds");
    }
    return m;
}

void http_db_put(struct http_request *rq, struct db_conn *m, int broken)
{
    db_pool_put(rq->env->db, m, broken);
}

int http_auth(struct http_request *rq, struct http_response *rs, struct db_conn *m,
              struct principal *who, int *broken)
{
    const char *h = http_header(rq, "Authorization");
    enum auth_result r;

    *broken = 0;
    if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0) {
        http_error(rs, 401, "unauthenticated",
                   "this endpoint needs 'Authorization: Bearer TOKEN' (tierctl token issue "
                   "NAME gives one)");
        return -1;
    }
    h += 7;
    while (*h == ' ')
        h++;
    r = token_authenticate(m, h, who, broken);
    switch (r) {
    case AUTH_OK:
        return 0;
    case AUTH_MISSING:
    case AUTH_UNKNOWN:
        http_error(rs, 401, "unauthenticated",
                   "the bearer token is not valid: unknown, expired, revoked, or its account "
                   "is disabled");
        return -1;
    case AUTH_DB_ERROR:
        break;
    }
    rs->retry_after = 5;
    http_error(rs, 503, "database-unavailable",
               "the registry database is unavailable; try again in a few seconds");
    return -1;
}

int http_in_scope(const struct principal *who, const char *uscc, const char *city)
{
    switch (who->role) {
    case ROLE_PROVINCE_REVIEWER:
    case ROLE_ADMIN:
        return 1;
    case ROLE_ENTERPRISE:
        return strcmp(who->uscc, uscc) == 0;
    case ROLE_CITY_REVIEWER:
        return city[0] != '\0' && strcmp(who->city, city) == 0;
    default:
        return 0;
    }
}

int http_parse_id(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;

    if (s == NULL || *s == '\0' || strlen(s) > 19)
        return -1;
    for (const char *p = s; *p; p++) {
        if (!isdigit((unsigned char)*p))
            return -1;
    }
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0' || v == 0)
        return -1;
    *out = v;
    return 0;
}

void http_store_error(struct http_response *rs, enum store_result r, const char *err)
{
    if (r == STORE_CONN || r == STORE_RETRY) {
        rs->retry_after = 5;
        http_error(rs, 503, "database-unavailable",
                   "the registry database is unavailable; nothing was changed. Try again in a "
                   "few seconds");
        return;
    }
    fprintf(stderr, "tierd: database error: %s\n", err);
    http_error(rs, 500, "internal", "the registry could not complete the request");
}

int http_submission_id(struct http_request *rq, struct http_response *rs, uint64_t *id)
{
    if (http_parse_id(rq->params[0], id) == 0)
        return 0;
    http_error(rs, 404, "not-found", "no submission %.32s", rq->params[0]);
    return -1;
}
