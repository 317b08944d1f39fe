/*
 * h_review.c — decisions on applications, certificates, keys and revocation.
 *
 *   POST /v1/submissions/{id}/decisions     city and province reviewers
 *   GET  /v1/submissions/{id}/decisions     anyone who may read the submission
 *   GET  /v1/certificates/{serial}          public: status + signed certificate
 *   GET  /v1/certificates/{serial}/document public: the signed certificate alone
 *   POST /v1/certificates/{serial}/revocation  province reviewers, reason required
 *   GET  /v1/revocations                    public: the signed revocation list
 *   GET  /v1/keys                           public: every public key and its period
 *
 * Transport only: request bodies are small XML documents parsed with the
 * same safe parser as applications (body.c); the use cases are the
 * registry's (registry_decide, registry_revoke, …); this file maps their
 * outcomes to statuses and renders the answers.
 */
#include "tier/http_body.h"
#include "tier/http_handlers.h"
#include "tier/sign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- decisions -------------------------------------------------------------------- */

static unsigned int decide_status(enum decide_outcome o, int *retry_s)
{
    *retry_s = 0;
    switch (o) {
    case DECIDE_DONE:
        return 201;
    case DECIDE_NOT_FOUND:
        return 404;
    case DECIDE_WRONG_ROLE:
        return 403;
    case DECIDE_OUT_OF_ORDER:
    case DECIDE_PREREQ_NOT_HELD:
    case DECIDE_TITLE_HELD:
    case DECIDE_CERT_INVALID:
        return 409;
    case DECIDE_INCOMPLETE:
        return 422;
    case DECIDE_NO_KEY:
        *retry_s = 60;
        return 503;
    case DECIDE_UNAVAILABLE:
    case DECIDE_UNKNOWN:
        *retry_s = 5;
        return 503;
    case DECIDE_CANNOT_WRITE:
        *retry_s = REG_CANNOT_WRITE_RETRY_S;
        return 503;
    case DECIDE_ERROR:
        break;
    }
    return 500;
}

void h_decision_post(struct http_call *call)
{
    struct http_request *rq = call->rq;
    struct http_response *rs = call->rs;
    struct http_body_field f[3] = {
        {"action", NULL, 1}, {"comment", NULL, 0}, {"overrideReason", NULL, 0}};
    struct decide_request req;
    struct decide_result res;
    unsigned int status;
    int retry;

    if (http_body_parse(http_header(rq, "Content-Type"), rq->body.data, rq->body.len,
                        "decision", "urn:tierd:decision:1", f, 3, rs) != 0)
        goto done;
    memset(&req, 0, sizeof req);
    req.submission_id = call->id;
    req.who = &call->who;
    req.decision = review_decision_parse(f[0].out);
    if (req.decision == REVIEW_DECISION_NONE) {
        http_error(rs, 422, "unknown-decision", "<action> is recommend, return, approve or "
                                                "reject, not '%.32s'", f[0].out);
        goto done;
    }
    req.comment = f[1].out ? f[1].out : "";
    req.override_reason = f[2].out;
    req.idempotency_key = http_header(rq, "Idempotency-Key");
    registry_decide(call->reg, &req, &res);
    status = decide_status(res.outcome, &retry);
    if (status != 201) {
        http_answer(rs, status, &res.says, retry);
        goto done;
    }
    rs->status = 201;
    rs->content_type = HTTP_XML_TYPE;
    snprintf(rs->location, sizeof rs->location, "/v1/submissions/%llu/decisions",
             (unsigned long long)call->id);
    buf_printf(&rs->body,
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<decided xmlns=\"urn:tierd:decision:1"
               "\" submission=\"%llu\" decision=\"%llu\" action=\"%s\" from=\"%s\" to=\"%s\">\n",
               (unsigned long long)call->id, (unsigned long long)res.decision_id,
               review_decision_name(req.decision), res.from, res.to);
    if (res.serial[0])
        buf_printf(&rs->body, "  <certificate serial=\"%s\" href=\"/v1/certificates/%s\"/>\n",
                   res.serial, res.serial);
    if (res.notice_ends[0])
        buf_printf(&rs->body, "  <notice ends=\"%s\" href=\"/v1/notices\"/>\n",
                   res.notice_ends);
    buf_adds(&rs->body, "</decided>\n");
done:
    for (int i = 0; i < 3; i++)
        free(f[i].out);
}

void h_decision_list(struct http_call *call)
{
    struct reg_says says;
    enum read_outcome o;

    o = registry_decisions_xml(call->reg, &call->who, call->id, &call->rs->body, &says);
    if (http_read_answer(call->rs, o, &says) != 0)
        return;
    call->rs->status = 200;
    call->rs->content_type = HTTP_XML_TYPE;
}

/* ---- certificates ------------------------------------------------------------------ */

static void cert_get(struct http_call *call, int raw)
{
    struct http_response *rs = call->rs;
    struct cert_row c;
    struct reg_says says;
    const char *state = "valid";
    enum read_outcome o;

    o = registry_certificate(call->reg, call->rq->params[0], &c, &state, &says);
    if (http_read_answer(rs, o, &says) != 0)
        goto done;
    rs->status = 200;
    rs->content_type = HTTP_XML_TYPE;
    if (raw) {
        buf_add(&rs->body, c.document, c.doc_len);
    } else {
        registry_certificate_status_xml(&c, state, &rs->body);
    }
done:
    free(c.document);
}

void h_certificate_get(struct http_call *call)
{
    cert_get(call, 0);
}

void h_certificate_document(struct http_call *call)
{
    cert_get(call, 1);
}

void h_revocation_post(struct http_call *call)
{
    struct http_request *rq = call->rq;
    struct http_response *rs = call->rs;
    struct http_body_field f[2] = {{"reason", NULL, 1}, {"category", NULL, 0}};
    struct revoke_result res;
    const char *serial = rq->params[0];
    unsigned int status = 500;
    int retry = 0;

    if (!cert_serial_valid(serial)) {
        http_error(rs, 404, "not-found", "'%.40s' is not a certificate serial", serial);
        return;
    }
    if (http_body_parse(http_header(rq, "Content-Type"), rq->body.data, rq->body.len,
                        "revocation", "urn:tierd:revocation:1", f, 2, rs) != 0)
        goto done;
    registry_revoke(call->reg, &call->who, serial, f[0].out, f[1].out, &res);
    switch (res.outcome) {
    case REVOKE_DONE:
        status = 201;
        break;
    case REVOKE_NOT_FOUND:
        status = 404;
        break;
    case REVOKE_WRONG_ROLE:
        status = 403;
        break;
    case REVOKE_NO_REASON:
    case REVOKE_BAD_CATEGORY:
        status = 422;
        break;
    case REVOKE_ALREADY:
        status = 409;
        break;
    case REVOKE_UNAVAILABLE:
    case REVOKE_UNKNOWN:
        status = 503;
        retry = 5;
        break;
    case REVOKE_CANNOT_WRITE:
        status = 503;
        retry = REG_CANNOT_WRITE_RETRY_S;
        break;
    case REVOKE_ERROR:
        break;
    }
    if (status != 201) {
        http_answer(rs, status, &res.says, retry);
        goto done;
    }
    rs->status = 201;
    rs->content_type = HTTP_XML_TYPE;
    snprintf(rs->location, sizeof rs->location, "/v1/certificates/%s", serial);
    buf_printf(&rs->body, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<revoked xmlns=\"urn:"
                          "tierd:revocation:1\" serial=\"%s\" href=\"/v1/certificates/%s\"/>\n",
               serial, serial);
done:
    free(f[0].out);
    free(f[1].out);
}

void h_revocations_get(struct http_call *call)
{
    struct http_response *rs = call->rs;
    struct reg_says says;
    char *doc = NULL;
    size_t len = 0;

    switch (registry_revocations(call->reg, &doc, &len, &says)) {
    case SIGNED_OK:
        rs->status = 200;
        rs->content_type = HTTP_XML_TYPE;
        buf_add(&rs->body, doc, len);
        break;
    case SIGNED_NO_KEY:
        http_answer(rs, 503, &says, 60);
        break;
    case SIGNED_UNAVAILABLE:
        http_answer(rs, 503, &says, 5);
        break;
    case SIGNED_ERROR:
        http_answer(rs, 500, &says, 0);
        break;
    }
    free(doc);
}
