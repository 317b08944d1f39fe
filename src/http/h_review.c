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
 * Request bodies are small XML documents parsed with the same safe parser
 * as applications (no DTD, no entities, no network, size and depth caps),
 * in body.c (http_body.h).
 * Approval re-runs the registry-backed prerequisite rules on the stored
 * document with the submission row locked, so a lower-tier certificate that
 * expired or was revoked since submission stops the approval.
 */
#include "tier/accounts.h"
#include "tier/city.h"
#include "tier/config.h"
#include "tier/db.h"
#include "tier/decisions.h"
#include "tier/http.h"
#include "tier/http_auth.h"
#include "tier/http_body.h"
#include "tier/http_handlers.h"
#include "tier/ingest.h"
#include "tier/keys.h"
#include "tier/review.h"
#include "tier/rules.h"
#include "tier/sign.h"
#include "tier/submissions.h"

#include <libxml/tree.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ATTEMPTS 3

static const char XML_TYPE[] = "application/xml; charset=utf-8";

static void unavailable(struct http_response *rs)
{
    rs->retry_after = 5;
    http_error(rs, 503, "database-unavailable",
               "the registry database is unavailable; nothing was changed. Try again in a few "
               "seconds");
}

/* ---- the prerequisite re-check at approval -------------------------------------- */

struct recheck_ctx {
    const struct http_env *env;
};

static int is_prereq_rule(const char *id)
{
    size_t n = strlen(id);
    return (n > 7 && strcmp(id + n - 7, "-PREREQ") == 0) ||
           (n > 12 && strcmp(id + n - 12, "-NO-CHAMPION") == 0);
}

static int recheck(void *arg, struct db_conn *m, uint64_t id, char *msg, size_t msgsz)
{
    struct recheck_ctx *c = arg;
    struct application *app = malloc(sizeof *app);
    struct findings *f = malloc(sizeof *f);
    struct ingest_errors *errs = calloc(1, sizeof *errs);
    struct rules_options opt;
    struct store_holds_ctx held;
    struct rules_registry reg = {store_holds, &held};
    char uscc[19], city[7], err[256], *doc = NULL;
    size_t len = 0;
    int64_t rs = 0;
    int rc = -1;

    if (app == NULL || f == NULL || errs == NULL) {
        snprintf(msg, msgsz, "out of memory");
        goto done;
    }
    if (submission_document(m, id, &doc, &len, uscc, city, err, sizeof err) != STORE_OK) {
        snprintf(msg, msgsz, "%s", err);
        goto done;
    }
    {
        struct db_param p[1] = {{'i', (int64_t)id, NULL, 0}};
        struct db_col col[1] = {{'i', &rs, sizeof rs, 0, 0, 0}};
        unsigned int e;
        if (db_query(m, &(struct db_select){"SELECT rule_set FROM submissions WHERE id = ?", p, 1, col, 1, NULL, NULL}, &e, msg, msgsz) != 1)
            goto done;
    }
    if (ingest_application(c->env->schemas, doc, len, NULL, app, errs) != INGEST_OK) {
        /* it was valid when stored; a schema change since then is not the
         * enterprise's fault: let the reviewer's judgement stand */
        rc = 0;
        goto done;
    }
    memset(&opt, 0, sizeof opt);
    opt.on = date_today_cst();
    store_holds_init(&held, m);
    opt.registry = &reg;
    findings_init(f);
    rules_evaluate(app, (enum rule_set)rs, &opt, f);
    rc = 0;
    for (size_t i = 0; i < f->count; i++) {
        if (f->items[i].verdict == VERDICT_FAIL && is_prereq_rule(f->items[i].rule_id)) {
            snprintf(msg, msgsz, "前置条件已不满足 (a prerequisite is no longer met: %s %s)",
                     f->items[i].rule_id, f->items[i].text);
            rc = 1;
            break;
        }
    }
done:
    free(doc);
    free(app);
    free(f);
    free(errs);
    return rc;
}

/* ---- decisions -------------------------------------------------------------------- */

void h_decision_post(struct http_request *rq, struct http_response *rs)
{
    struct principal who;
    struct http_body_field f[3] = {
        {"action", NULL, 1}, {"comment", NULL, 0}, {"overrideReason", NULL, 0}};
    struct decision_req req;
    struct decision_res res;
    struct recheck_ctx rc_ctx = {rq->env};
    enum store_result r = STORE_ERROR;
    char err[512];
    uint64_t id;
    int broken = 0;
    struct db_conn *m;

    m = http_db_get(rq, rs);
    if (m == NULL)
        return;
    if (http_auth(rq, rs, m, &who, &broken) != 0)
        goto done;
    if (http_submission_id(rq, rs, &id) != 0)
        goto done;
    if (http_body_parse(http_header(rq, "Content-Type"), rq->body.data, rq->body.len,
                        "decision", "urn:tierd:decision:1", f, 3, rs) != 0)
        goto done;
    memset(&req, 0, sizeof req);
    req.submission_id = id;
    req.who = &who;
    req.decision = review_decision_parse(f[0].out);
    if (req.decision == REVIEW_DECISION_NONE) {
        http_error(rs, 422, "unknown-decision", "<action> is recommend, return, approve or "
                                                "reject, not '%.32s'", f[0].out);
        goto done;
    }
    req.comment = f[1].out ? f[1].out : "";
    req.override_reason = f[2].out;
    req.recheck = recheck;
    req.recheck_ctx = &rc_ctx;
    req.signer = rq->env->signer;
    req.issuer = rq->env->cfg->issuer;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        r = decision_apply(m, &req, &res, err, sizeof err);
        if (r != STORE_RETRY)
            break;
    }
    if (r != STORE_OK) {
        broken = r == STORE_CONN;
        http_store_error(rs, r, err);
        goto done;
    }
    if (res.http != 201) {
        if (res.http == 503)
            rs->retry_after = 60;
        http_error(rs, res.http, res.code ? res.code : "refused", "%s", res.message);
        goto done;
    }
    rs->status = 201;
    rs->content_type = XML_TYPE;
    snprintf(rs->location, sizeof rs->location, "/v1/submissions/%llu/decisions",
             (unsigned long long)id);
    buf_printf(&rs->body,
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<decided xmlns=\"urn:tierd:decision:1"
               "\" submission=\"%llu\" decision=\"%llu\" action=\"%s\" from=\"%s\" to=\"%s\">\n",
               (unsigned long long)id, (unsigned long long)res.decision_id,
               review_decision_name(req.decision), res.from, res.to);
    if (res.serial[0])
        buf_printf(&rs->body, "  <certificate serial=\"%s\" href=\"/v1/certificates/%s\"/>\n",
                   res.serial, res.serial);
    buf_adds(&rs->body, "</decided>\n");
done:
    for (int i = 0; i < 3; i++)
        free(f[i].out);
    http_db_put(rq, m, broken);
}

void h_decision_list(struct http_request *rq, struct http_response *rs)
{
    struct principal who;
    char err[512], uscc[19], city[7];
    enum store_result r;
    uint64_t id;
    int broken = 0;
    struct db_conn *m;

    m = http_db_get(rq, rs);
    if (m == NULL)
        return;
    if (http_auth(rq, rs, m, &who, &broken) != 0)
        goto done;
    if (http_submission_id(rq, rs, &id) != 0)
        goto done;
    /* the same scope as reading the submission */
    r = submission_owner(m, id, uscc, city, err, sizeof err);
    if (r == STORE_OK) {
        if (!http_in_scope(&who, uscc, city))
            r = STORE_NOT_FOUND;
    }
    if (r == STORE_NOT_FOUND) {
        http_error(rs, 404, "not-found", "no submission %llu in your scope",
                   (unsigned long long)id);
        goto done;
    }
    if (r == STORE_OK)
        r = decision_list_xml(m, id, &rs->body, err, sizeof err);
    if (r != STORE_OK) {
        broken = r == STORE_CONN;
        http_store_error(rs, r, err);
        goto done;
    }
    rs->status = 200;
    rs->content_type = XML_TYPE;
done:
    http_db_put(rq, m, broken);
}

/* ---- certificates ------------------------------------------------------------------ */

static const char *cert_state(const struct cert_row *c)
{
    struct tier_date today = date_today_cst(), until;

    if (c->revoked_at[0])
        return "revoked";
    if (date_parse(c->valid_until, strlen(c->valid_until), &until) == 0 &&
        date_cmp(&today, &until) > 0)
        return "expired";
    return "valid";
}

static void cert_get(struct http_request *rq, struct http_response *rs, int raw)
{
    struct cert_row c;
    enum store_result r;
    char err[512];
    int broken = 0;
    struct db_conn *m;

    if (!cert_serial_valid(rq->params[0])) {
        http_error(rs, 404, "not-found", "'%.40s' is not a certificate serial", rq->params[0]);
        return;
    }
    m = http_db_get(rq, rs);
    if (m == NULL)
        return;
    r = cert_load(m, rq->params[0], &c, err, sizeof err);
    if (r == STORE_NOT_FOUND) {
        http_error(rs, 404, "not-found", "no certificate %s", rq->params[0]);
        goto done;
    }
    if (r != STORE_OK) {
        broken = r == STORE_CONN;
        http_store_error(rs, r, err);
        goto done;
    }
    rs->status = 200;
    rs->content_type = XML_TYPE;
    if (raw) {
        buf_add(&rs->body, c.document, c.doc_len);
    } else {
        /* The signed document is embedded as it is: exclusive C14N of its
         * certificate element is the same here as in the document alone. */
        const char *d = c.document;
        if (strncmp(d, "<?xml", 5) == 0 && strstr(d, "?>") != NULL)
            d = strstr(d, "?>") + 2;
        while (*d == '\n' || *d == '\r' || *d == ' ')
            d++;
        buf_printf(&rs->body,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<certificateStatus xmlns=\"urn:"
                   "tierd:certificate-status:1\" serial=\"%s\" status=\"%s\" tier=\"%s\" "
                   "validFrom=\"%s\" validUntil=\"%s\" keyId=\"%s\"",
                   c.serial, cert_state(&c), c.tier, c.valid_from, c.valid_until, c.key_id);
        if (c.revoked_at[0])
            buf_printf(&rs->body, " revokedAt=\"%s\"", c.revoked_at);
        buf_adds(&rs->body, ">\n");
        if (c.revoked_at[0]) {
            buf_adds(&rs->body, "  <revocationReason>");
            buf_adds_xml(&rs->body, c.reason);
            buf_adds(&rs->body, "</revocationReason>\n");
        }
        buf_printf(&rs->body, "  <document href=\"/v1/certificates/%s/document\"/>\n", c.serial);
        buf_adds(&rs->body, d);
        buf_adds(&rs->body, "\n</certificateStatus>\n");
    }
done:
    free(c.document);
    http_db_put(rq, m, broken);
}

void h_certificate_get(struct http_request *rq, struct http_response *rs)
{
    cert_get(rq, rs, 0);
}

void h_certificate_document(struct http_request *rq, struct http_response *rs)
{
    cert_get(rq, rs, 1);
}

void h_revocation_post(struct http_request *rq, struct http_response *rs)
{
    struct principal who;
    struct http_body_field f[1] = {{"reason", NULL, 1}};
    struct decision_res res;
    enum store_result r = STORE_ERROR;
    char err[512];
    int broken = 0;
    struct db_conn *m;

    m = http_db_get(rq, rs);
    if (m == NULL)
        return;
    if (http_auth(rq, rs, m, &who, &broken) != 0)
        goto done;
    if (who.role != ROLE_PROVINCE_REVIEWER) {
        http_error(rs, 403, "wrong-role", "只有省级审核员可以撤销证书 (only a province reviewer "
                                          "may revoke a certificate; '%s' is a %s)",
                   who.name, role_name(who.role));
        goto done;
    }
    if (!cert_serial_valid(rq->params[0])) {
        http_error(rs, 404, "not-found", "'%.40s' is not a certificate serial", rq->params[0]);
        goto done;
    }
    if (http_body_parse(http_header(rq, "Content-Type"), rq->body.data, rq->body.len,
                        "revocation", "urn:tierd:revocation:1", f, 1, rs) != 0)
        goto done;
    {
        const char *p = f[0].out;
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (*p == '\0') {
            http_error(rs, 422, "reason-required", "撤销必须说明理由 (a revocation needs a "
                                                   "<reason>)");
            goto done;
        }
    }
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        r = cert_revoke(m, rq->params[0], &who, f[0].out, &res, err, sizeof err);
        if (r != STORE_RETRY)
            break;
    }
    if (r != STORE_OK) {
        broken = r == STORE_CONN;
        http_store_error(rs, r, err);
        goto done;
    }
    if (res.http != 201) {
        http_error(rs, res.http, res.code, "%s", res.message);
        goto done;
    }
    rs->status = 201;
    rs->content_type = XML_TYPE;
    snprintf(rs->location, sizeof rs->location, "/v1/certificates/%s", rq->params[0]);
    buf_printf(&rs->body, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<revoked xmlns=\"urn:"
                          "tierd:revocation:1\" serial=\"%s\" href=\"/v1/certificates/%s\"/>\n",
               rq->params[0], rq->params[0]);
done:
    free(f[0].out);
    http_db_put(rq, m, broken);
}

void h_revocations_get(struct http_request *rq, struct http_response *rs)
{
    struct buf list;
    enum store_result r;
    char err[512], key_id[SIGN_KEY_ID_LEN + 1], *doc = NULL;
    const struct sign_key *k;
    unsigned int e = 0;
    size_t len = 0;
    int broken = 0, found;
    struct db_conn *m;

    m = http_db_get(rq, rs);
    if (m == NULL)
        return;
    buf_init(&list, 16u << 20);
    r = cert_revocations_xml(m, &list, err, sizeof err);
    if (r != STORE_OK) {
        broken = r == STORE_CONN;
        http_store_error(rs, r, err);
        goto done;
    }
    found = key_active_id(m, key_id, &e, err, sizeof err);
    if (found < 0) {
        broken = store_classify(e) == STORE_CONN;
        unavailable(rs);
        goto done;
    }
    k = found ? (rq->env->signer ? signer_get(rq->env->signer, key_id, err, sizeof err) : NULL)
              : NULL;
    if (k == NULL) {
        rs->retry_after = 60;
        http_error(rs, 503, "no-signing-key", "the revocation list cannot be signed: no signing "
                                              "key is active on this server");
        goto done;
    }
    if (sign_xml_envelope(list.data, list.len, "urn:tierd:revocations:1", "signedRevocationList",
                          k, &doc, &len, err, sizeof err) != 0) {
        http_error(rs, 500, "internal", "signing the revocation list failed");
        goto done;
    }
    rs->status = 200;
    rs->content_type = XML_TYPE;
    buf_add(&rs->body, doc, len);
done:
    free(doc);
    buf_free(&list);
    http_db_put(rq, m, broken);
}

void h_keys_get(struct http_request *rq, struct http_response *rs)
{
    char err[512];
    unsigned int e = 0;
    int broken = 0;
    struct db_conn *m;

    m = http_db_get(rq, rs);
    if (m == NULL)
        return;
    if (key_list_xml(m, &rs->body, &e, err, sizeof err) != 0) {
        broken = store_classify(e) == STORE_CONN;
        http_store_error(rs, store_classify(e), err);
    } else {
        rs->status = 200;
        rs->content_type = XML_TYPE;
    }
    http_db_put(rq, m, broken);
}
