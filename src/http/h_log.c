/*
 * h_log.c — the transparency log's routes (issue 18, docs/transparency.md):
 *
 *   GET /v1/log/checkpoint                      the newest signed checkpoint (text/plain)
 *   GET /v1/log/entries?start=&end=             leaves [start, end) (XML)
 *   GET /v1/log/proof/inclusion?index=|serial=[&size=]
 *                                               c2sp.org/tlog-proof@v1 (text/plain)
 *   GET /v1/log/proof/consistency?old=&size=    tierd-consistency@v1 (text/plain)
 *   GET /v1/certificates/{serial}/bundle        tierd-bundle@v1 (text/plain)
 *
 * Public, like the revocation list: whoever relies on a certificate checks
 * them. Transport only: the registry reads and formats.
 */
#include "tier/http_call.h"
#include "tier/http_handlers.h"
#include "tier/sign.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char TEXT_TYPE[] = "text/plain; charset=utf-8";

/* A decimal argument (0 allowed): 0 and *out; absent: 0 and *out = dflt
 * when dflt_ok; else -1 after answering 400. */
static int number_arg(struct http_call *call, const char *name, uint64_t *out, int dflt_ok,
                      uint64_t dflt)
{
    const char *s = http_query(call->rq, name);
    char *end;
    unsigned long long v;

    if (s == NULL && dflt_ok) {
        *out = dflt;
        return 0;
    }
    if (s == NULL || s[0] < '0' || s[0] > '9' || strlen(s) > 19) {
        http_error(call->rs, 400, "bad-request", "query argument %s must be a decimal number%s",
                   name, s == NULL ? " and is required" : "");
        return -1;
    }
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0') {
        http_error(call->rs, 400, "bad-request", "query argument %s='%.24s' is not a decimal "
                   "number", name, s);
        return -1;
    }
    *out = v;
    return 0;
}

static void answer(struct http_call *call, enum read_outcome o, const struct reg_says *says,
                   const char *type)
{
    if (http_read_answer(call->rs, o, says) != 0)
        return;
    call->rs->status = 200;
    call->rs->content_type = type;
}

void h_log_checkpoint(struct http_call *call)
{
    struct reg_says says;

    answer(call, registry_log_checkpoint(call->reg, &call->rs->body, &says), &says, TEXT_TYPE);
}

void h_log_entries(struct http_call *call)
{
    struct reg_says says;
    uint64_t start, end;

    if (number_arg(call, "start", &start, 0, 0) != 0 ||
        number_arg(call, "end", &end, 1, start + 1) != 0)
        return;
    if (end <= start || end - start > REG_LOG_ENTRIES_MAX) {
        http_error(call->rs, 400, "bad-range", "start=%llu end=%llu: end must be above start, "
                   "at most %d entries at once", (unsigned long long)start,
                   (unsigned long long)end, REG_LOG_ENTRIES_MAX);
        return;
    }
    answer(call, registry_log_entries(call->reg, start, end, &call->rs->body, &says), &says,
           HTTP_XML_TYPE);
}

void h_log_inclusion(struct http_call *call)
{
    struct reg_says says;
    const char *serial = http_query(call->rq, "serial");
    uint64_t size, index = 0;

    if (number_arg(call, "size", &size, 1, 0) != 0)
        return;
    if (serial == NULL && number_arg(call, "index", &index, 0, 0) != 0)
        return;
    if (serial != NULL && !cert_serial_valid(serial)) {
        http_error(call->rs, 404, "not-found", "'%.40s' is not a certificate serial", serial);
        return;
    }
    answer(call,
           registry_log_inclusion(call->reg, size, index, serial, &call->rs->body, &says),
           &says, TEXT_TYPE);
}

void h_log_consistency(struct http_call *call)
{
    struct reg_says says;
    uint64_t old, size;

    if (number_arg(call, "old", &old, 0, 0) != 0 || number_arg(call, "size", &size, 0, 0) != 0)
        return;
    if (old == 0 || old > size) {
        http_error(call->rs, 400, "bad-range", "old=%llu size=%llu: need 0 < old <= size",
                   (unsigned long long)old, (unsigned long long)size);
        return;
    }
    answer(call, registry_log_consistency(call->reg, old, size, &call->rs->body, &says), &says,
           TEXT_TYPE);
}

void h_certificate_bundle(struct http_call *call)
{
    struct reg_says says;

    answer(call,
           registry_certificate_bundle(call->reg, call->rq->params[0], &call->rs->body, &says),
           &says, TEXT_TYPE);
}
