/*
 * auth.c — the caller's identity for a request, and the mapping from the
 * registry's answers to statuses that every route shares.
 *
 * Tokens are never logged. Anything outside the caller's scope answers 404,
 * exactly as what does not exist, on every method (the registry says
 * "not found" for both).
 */
#include "tier/http_call.h"
#include "tier/config.h"
#include "tier/metrics.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char HTTP_XML_TYPE[] = "application/xml; charset=utf-8";

void http_answer(struct http_response *rs, unsigned int status, const struct reg_says *says,
                 int retry_s)
{
    char text[REG_SAY_ZH + REG_SAY_EN + 8];

    reg_says_text(says, text, sizeof text);
    if (status == 503)
        rs->retry_after = retry_s > 0 ? retry_s : 5;
    http_error(rs, status, says->code != NULL ? says->code : "refused", "%s", text);
}

int http_read_answer(struct http_response *rs, enum read_outcome o, const struct reg_says *says)
{
    switch (o) {
    case READ_OK:
        return 0;
    case READ_NOT_FOUND:
        http_answer(rs, 404, says, 0);
        break;
    case READ_FORBIDDEN:
        http_answer(rs, 403, says, 0);
        break;
    case READ_UNAVAILABLE:
        http_answer(rs, 503, says, 5);
        break;
    case READ_ERROR:
        http_answer(rs, 500, says, 0);
        break;
    }
    return -1;
}

void http_token_refused(struct http_response *rs)
{
    http_error(rs, 401, "unauthenticated",
               "the bearer token is not valid: unknown, expired, revoked, or its account "
               "is disabled");
}

int http_authenticate(struct http_call *call)
{
    const char *h = http_header(call->rq, "Authorization");
    char addr[48];
    long fails = 0;
    int wait_s;

    if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0) {
        http_error(call->rs, 401, "unauthenticated",
                   "this endpoint needs 'Authorization: Bearer TOKEN' (tierctl token issue "
                   "NAME gives one)");
        return -1;
    }
    h += 7;
    while (*h == ' ')
        h++;
    http_client_address(call->rq, addr, sizeof addr);
    if (addr[0] == '\0')
        snprintf(addr, sizeof addr, "?"); /* unknown: one record for all of them */
    wait_s = http_auth_wait(addr);
    if (wait_s > 0) {
        /* not even looked up: a guesser costs no database work */
        metrics_auth(AUTH_M_REFUSED);
        call->rs->retry_after = wait_s;
        http_error(call->rs, 429, "too-many-wrong-tokens",
                   "too many wrong bearer tokens from %s; wait %d s and check the token "
                   "(tierctl token list NAME) / 错误令牌过多，请等待 %d 秒", addr, wait_s, wait_s);
        return -1;
    }
    switch (call->confirmable ? registry_authenticate_confirmed(call->reg, h, &call->who)
                              : registry_authenticate(call->reg, h, &call->who)) {
    case REG_AUTH_OK:
        http_auth_succeeded(addr);
        return 0;
    case REG_AUTH_UNKNOWN:
        metrics_auth(AUTH_M_WRONG);
        wait_s = http_auth_failed(addr, call->rq->env->cfg->auth_fail_limit, &fails);
        if (wait_s > 0) {
            struct op_result res;
            metrics_auth(AUTH_M_THROTTLE);
            fprintf(stderr, "tierd: %s sent %ld wrong bearer tokens in a row; it gets 429 for "
                            "%d s\n", addr, fails, wait_s);
            registry_auth_throttled(call->reg, addr, fails, wait_s, &res);
            if (res.outcome != OP_DONE)
                fprintf(stderr, "tierd: auditing the throttling of %s: %s\n", addr,
                        res.says.en);
        }
        http_token_refused(call->rs);
        return -1;
    case REG_AUTH_UNAVAILABLE:
        break;
    }
    call->rs->retry_after = 5;
    http_error(call->rs, 503, "database-unavailable",
               "the registry database is unavailable; try again in a few seconds");
    return -1;
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
