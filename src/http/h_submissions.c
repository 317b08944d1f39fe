/*
 * h_submissions.c — the registry's front door: POST /v1/submissions and the
 * reads of submissions and enterprises. Transport only: the use cases are
 * the registry's (registry_submit, registry_receipt, …); this file checks
 * the request's form, maps outcomes to statuses and renders the answers.
 *
 * POST answers 201 with the receipt only after COMMIT, 200 with the original
 * receipt for the same bytes again, 422 for a document that is not a valid
 * application, and 503 when the database is down (nothing stored) or the
 * connection was lost while storing (the outcome unknown: posting the same
 * bytes again tells).
 *
 * Scope: asking for something outside one's scope answers 404, exactly as
 * if it did not exist, so ids and USCCs of others do not leak.
 */
#include "tier/city.h"
#include "tier/http_handlers.h"
#include "tier/http_render.h"
#include "tier/ingest.h"
#include "tier/metrics.h"
#include "tier/tier.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LIST_DEFAULT 50

int http_content_is_xml(const char *ct)
{
    size_t n;

    if (ct == NULL)
        return 0;
    n = strcspn(ct, "; ");
    return (n == 15 && strncasecmp(ct, "application/xml", 15) == 0) ||
           (n == 8 && strncasecmp(ct, "text/xml", 8) == 0);
}

static void answer_receipt(struct http_response *rs, unsigned int status, uint64_t id,
                           const struct receipt *r)
{
    rs->status = status;
    rs->content_type = HTTP_XML_TYPE;
    snprintf(rs->location, sizeof rs->location, "/v1/submissions/%llu", (unsigned long long)id);
    if (render_receipt(r, &rs->body) != 0)
        http_error(rs, 500, "internal", "the receipt is larger than the response limit");
}

/* ---- POST /v1/submissions ------------------------------------------------------------ */

void h_submission_post(struct http_call *call)
{
    struct http_request *rq = call->rq;
    struct http_response *rs = call->rs;
    struct submit_result res;
    uint64_t replaces = 0;

    if (http_query(rq, "replaces") != NULL &&
        http_parse_id(http_query(rq, "replaces"), &replaces) != 0) {
        http_error(rs, 400, "bad-parameter", "replaces: '%.32s' is not a submission id",
                   http_query(rq, "replaces"));
        return;
    }
    if (!http_content_is_xml(http_header(rq, "Content-Type"))) {
        http_error(rs, 415, "unsupported-media-type",
                   "an application is sent as Content-Type: application/xml (UTF-8)");
        return;
    }
    registry_submit(call->reg, &call->who, rq->body.data ? rq->body.data : "", rq->body.len,
                    replaces, &res);
    if (res.judge_us > 0)
        metrics_validation(res.judge_us);
    switch (res.outcome) {
    case SUBMIT_STORED:
        metrics_submission(res.tier, res.eligible ? OUTCOME_RECEIVED : OUTCOME_INELIGIBLE);
        answer_receipt(rs, 201, res.id, res.receipt);
        break;
    case SUBMIT_DUPLICATE:
        metrics_submission(res.tier, OUTCOME_DUPLICATE);
        answer_receipt(rs, 200, res.id, res.receipt);
        break;
    case SUBMIT_INVALID:
        metrics_submission(-1, OUTCOME_INVALID);
        render_rejection(rs, (enum ingest_status)res.ingest_status, res.errs, res.sha256_hex);
        break;
    case SUBMIT_WRONG_ROLE:
    case SUBMIT_NOT_OWN:
        http_answer(rs, 403, &res.says, 0);
        break;
    case SUBMIT_NOT_FOUND:
        http_answer(rs, 404, &res.says, 0);
        break;
    case SUBMIT_CANNOT_REPLACE:
    case SUBMIT_CONFLICT:
        http_answer(rs, 409, &res.says, 0);
        break;
    case SUBMIT_BAD_RENEWAL:
        http_answer(rs, 422, &res.says, 0);
        break;
    case SUBMIT_UNAVAILABLE:
    case SUBMIT_UNKNOWN:
        http_answer(rs, 503, &res.says, 5);
        break;
    case SUBMIT_CANNOT_WRITE:
        http_answer(rs, 503, &res.says, REG_CANNOT_WRITE_RETRY_S);
        break;
    case SUBMIT_ERROR:
        http_answer(rs, 500, &res.says, 0);
        break;
    case SUBMIT_UNAUTHENTICATED:
        http_token_refused(rs);
        break;
    }
}

/* ---- GET /v1/submissions/{id} and /document ----------------------------------------- */

void h_submission_get(struct http_call *call)
{
    struct receipt *r = malloc(sizeof *r);
    struct reg_says says;

    if (r == NULL) {
        http_error(call->rs, 500, "internal", "out of memory");
        return;
    }
    if (http_read_answer(call->rs, registry_receipt(call->reg, &call->who, call->id, r, &says),
                         &says) == 0)
        answer_receipt(call->rs, 200, call->id, r);
    call->rs->location[0] = '\0'; /* a read has no Location */
    free(r);
}

void h_submission_document(struct http_call *call)
{
    struct http_response *rs = call->rs;
    struct reg_says says;
    char *doc = NULL;
    size_t len = 0;

    if (http_read_answer(rs, registry_document(call->reg, &call->who, call->id, &doc, &len, &says),
                         &says) != 0)
        return;
    rs->status = 200;
    rs->content_type = HTTP_XML_TYPE;
    /* the bytes exactly as received */
    if (buf_add(&rs->body, doc, len) != 0)
        http_error(rs, 500, "internal", "the document is larger than the response limit");
    free(doc);
}

/* ---- GET /v1/submissions ------------------------------------------------------------- */

static int valid_status(const char *s)
{
    static const char *const names[] = {"received", "ineligible", "recommended",
                                        "returned", "approved",   "rejected"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(s, names[i]) == 0)
            return 1;
    }
    return 0;
}

static int parse_small(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v;

    if (s == NULL || *s == '\0' || strlen(s) > 10)
        return -1;
    for (const char *p = s; *p; p++) {
        if (!isdigit((unsigned char)*p))
            return -1;
    }
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

void h_submission_list(struct http_call *call)
{
    http_submission_list(call, NULL, NULL);
}

void http_submission_list(struct http_call *call, const char *default_status,
                          const char *default_order)
{
    struct http_request *rq = call->rq;
    struct http_response *rs = call->rs;
    struct reg_says says;
    struct submission_filter f;
    struct submission_row *rows = NULL;
    const char *tier = http_query(rq, "tier"), *status = http_query(rq, "status");
    const char *city = http_query(rq, "city"), *year = http_query(rq, "year");
    const char *after = http_query(rq, "after"), *limit = http_query(rq, "limit");
    const char *overall = http_query(rq, "overall"), *order = http_query(rq, "order");
    if (order == NULL || order[0] == '\0')
        order = default_order;
    if (status == NULL || status[0] == '\0')
        status = default_status;
    if (tier != NULL && tier[0] == '\0')
        tier = NULL;
    if (city != NULL && city[0] == '\0')
        city = NULL;
    if (year != NULL && year[0] == '\0')
        year = NULL;
    char next[512];
    long v;
    int n = 0, more = 0;

    memset(&f, 0, sizeof f);
    f.limit = LIST_DEFAULT;
    if (tier != NULL) {
        if (tier_by_code(tier) == NULL) {
            http_error(rs, 400, "bad-parameter", "tier: '%.64s' is not a tier code (e.g. "
                                                 "specialized-sme, little-giant, high-tech)", tier);
            goto done;
        }
        f.tier = tier;
    }
    if (status != NULL) {
        if (!valid_status(status)) {
            http_error(rs, 400, "bad-parameter", "status: '%.64s' is not one of received, "
                       "ineligible, recommended, returned, approved, rejected", status);
            goto done;
        }
        f.status = status;
    }
    if (overall != NULL) {
        if (strcmp(overall, "eligible") != 0 && strcmp(overall, "needs-review") != 0 &&
            strcmp(overall, "ineligible") != 0 && strcmp(overall, "invalid") != 0) {
            http_error(rs, 400, "bad-parameter", "overall: '%.64s' is not one of eligible, "
                       "needs-review, ineligible, invalid", overall);
            goto done;
        }
        f.overall = overall;
    }
    if (city != NULL) {
        if (city_by_code(city) == NULL) {
            http_error(rs, 400, "bad-parameter",
                       "city: '%.64s' is not one of Shandong's 16 city codes (370100 … 371700)",
                       city);
            goto done;
        }
        f.city = city;
    }
    if (year != NULL) {
        if (parse_small(year, 2000, 2100, &v) != 0) {
            http_error(rs, 400, "bad-parameter", "year: '%.64s' is not a year from 2000 to 2100",
                       year);
            goto done;
        }
        f.year = (int)v;
    }
    if (order != NULL) {
        if (strcmp(order, "oldest") != 0 && strcmp(order, "newest") != 0) {
            http_error(rs, 400, "bad-parameter", "order: '%.64s' is not oldest or newest",
                       order);
            goto done;
        }
        f.oldest_first = strcmp(order, "oldest") == 0;
    }
    if (after != NULL && http_parse_id(after, &f.before_id) != 0) {
        http_error(rs, 400, "bad-parameter",
                   "after: '%.64s' is not a submission id (use the next link of a page)", after);
        goto done;
    }
    if (limit != NULL) {
        if (parse_small(limit, 1, SUBMISSION_PAGE_MAX, &v) != 0) {
            http_error(rs, 400, "bad-parameter", "limit: '%.64s' is not a number from 1 to %d",
                       limit, SUBMISSION_PAGE_MAX);
            goto done;
        }
        f.limit = (int)v;
    }
    rows = calloc((size_t)f.limit, sizeof *rows);
    if (rows == NULL) {
        http_error(rs, 500, "internal", "out of memory");
        goto done;
    }
    if (http_read_answer(rs, registry_list(call->reg, &call->who, &f, rows, &n, &more, &says),
                         &says) != 0)
        goto done;
    if (more && n > 0) {
        /* every value in the link was validated above */
        snprintf(next, sizeof next, "/v1/submissions?after=%llu&limit=%d%s%s%s%s%s%s%s%s%s%s%s",
                 (unsigned long long)rows[n - 1].id, f.limit,
                 f.oldest_first ? "&order=oldest" : "", tier ? "&tier=" : "",
                 tier ? tier : "", status ? "&status=" : "", status ? status : "",
                 overall ? "&overall=" : "", overall ? overall : "", city ? "&city=" : "",
                 city ? city : "", year ? "&year=" : "", year ? year : "");
    }
    rs->status = 200;
    rs->content_type = HTTP_XML_TYPE;
    if (render_submission_list(rows, n, more && n > 0 ? next : NULL, &rs->body) != 0)
        http_error(rs, 500, "internal", "the list is larger than the response limit");
done:
    free(rows);
}

/* ---- GET /v1/enterprises/{uscc} ------------------------------------------------------- */

void h_enterprise_get(struct http_call *call)
{
    struct http_response *rs = call->rs;
    struct submission_row *rows = calloc(SUBMISSION_PAGE_MAX, sizeof *rows);
    struct reg_says says;
    int n = 0;

    if (rows == NULL) {
        http_error(rs, 500, "internal", "out of memory");
        return;
    }
    if (http_read_answer(rs, registry_enterprise(call->reg, &call->who, call->rq->params[0], rows,
                                                 &n, &says),
                         &says) != 0)
        goto done;
    rs->status = 200;
    rs->content_type = HTTP_XML_TYPE;
    {
        struct buf *b = &rs->body;
        int rc = 0;
        rc |= buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<enterprise xmlns=\"urn:tierd:enterprise:1\" uscc=\"");
        rc |= buf_adds_xml(b, rows[0].uscc);
        rc |= buf_adds(b, "\">\n  <name>");
        rc |= buf_adds_xml(b, rows[0].name);
        rc |= buf_adds(b, "</name>\n  <city>");
        rc |= buf_adds_xml(b, rows[0].city);
        rc |= buf_adds(b, "</city>\n  <tiers>\n");
        /* current status per tier = its newest application (rows are newest first) */
        for (int i = 0; i < n; i++) {
            int seen = 0;
            for (int j = 0; j < i && !seen; j++)
                seen = strcmp(rows[j].tier, rows[i].tier) == 0;
            if (seen)
                continue;
            rc |= buf_printf(b, "    <tier code=\"%s\" status=\"%s\" submission=\"%llu\" "
                                "href=\"/v1/submissions/%llu\"/>\n",
                             rows[i].tier, rows[i].status, (unsigned long long)rows[i].id,
                             (unsigned long long)rows[i].id);
        }
        rc |= buf_adds(b, "  </tiers>\n  <applications>\n");
        for (int i = 0; i < n; i++) {
            rc |= buf_printf(b, "    <application id=\"%llu\" href=\"/v1/submissions/%llu\" "
                                "tier=\"%s\" ruleSet=\"%d\" status=\"%s\" overall=\"%s\" "
                                "submittedAt=\"%s\"/>\n",
                             (unsigned long long)rows[i].id, (unsigned long long)rows[i].id,
                             rows[i].tier, rows[i].rule_set, rows[i].status, rows[i].overall,
                             rows[i].submitted_at);
        }
        rc |= buf_adds(b, "  </applications>\n");
        rc |= http_enterprise_titles(call, rows[0].uscc, b);
        rc |= buf_adds(b, "</enterprise>\n");
        if (rc != 0)
            http_error(rs, 500, "internal", "the answer is larger than the response limit");
    }
done:
    free(rows);
}
