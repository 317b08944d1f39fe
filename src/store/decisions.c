/*
 * decisions.c — decisions, certificate issuance and revocation (see
 * decisions.h).
 *
 * Concurrency rests on one row lock: decision_apply reads the submission
 * with SELECT … FOR UPDATE before judging, so of two reviewers deciding at
 * once the second judges the state the first left, and the state machine
 * answers 409. The approval's certificate is signed inside the transaction
 * and inserted with it: an approval without its certificate, or a
 * certificate without its approval, is never committed.
 */
#include "tier/decisions.h"

#include "tier/audit.h"
#include "tier/db.h"
#include "tier/keys.h"
#include "tier/tier.h"

#include <mysqld_error.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static enum store_result db_fail(struct db_conn *m, unsigned int e)
{
    enum store_result r = store_classify(e);
    if (r != STORE_CONN)
        db_rollback(m);
    return r;
}

static void refuse(struct db_conn *m, struct decision_res *res, unsigned int http, const char *code,
                   const char *msg)
{
    db_rollback(m);
    res->http = http;
    res->code = code;
    snprintf(res->message, sizeof res->message, "%s", msg);
}

struct subject_row {
    char status[17], tier[33], city[7], uscc[19], name[APP_TEXT_BYTES], division[7];
    int64_t rule_set, enterprise_id;
};

/* A certificate made and signed for an approval, before any row is written:
 * signing happens outside the audit chain's lock, which the decision's
 * audit row takes. */
struct issued {
    struct cert c;
    char *doc;
    size_t len;
    char from[11], until[11];
};

/* Make and sign the certificate. 0; 1 refused (res set, rolled back); -1
 * database error (*e set). */
static int make_certificate(struct db_conn *m, const struct decision_req *req,
                            const struct subject_row *s, struct issued *out,
                            struct decision_res *res, unsigned int *e, char *err, size_t errsz)
{
    const struct tier_info *ti = tier_by_code(s->tier);
    char key_id[SIGN_KEY_ID_LEN + 1], msg[600];
    const struct sign_key *k;
    struct tier_date today = req->issue_on ? *req->issue_on : date_today_cst();
    struct timespec ts;
    int found;

    found = key_active_id(m, key_id, e, err, errsz);
    if (found < 0)
        return -1;
    if (found == 0 || req->signer == NULL) {
        refuse(m, res, 503, "no-signing-key",
               "没有可用的签名密钥 (no signing key is active: an operator runs tierctl key "
               "generate and tierctl key activate); nothing was changed");
        return 1;
    }
    k = signer_get(req->signer, key_id, msg, sizeof msg);
    if (k == NULL) {
        fprintf(stderr, "tierd: active signing key %.16s…: %s\n", key_id, msg);
        refuse(m, res, 503, "no-signing-key",
               "签名密钥无法加载 (the active signing key cannot be loaded on this server; see "
               "its log); nothing was changed");
        return 1;
    }
    clock_gettime(CLOCK_REALTIME, &ts);
    if (ti == NULL ||
        cert_prepare(&out->c, ti->id, s->uscc, s->name, (enum rule_set)s->rule_set, &today,
                     (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, msg, sizeof msg) != 0) {
        char why[700];
        snprintf(why, sizeof why, "证书内容无效 (the certificate cannot be made: %s)", msg);
        refuse(m, res, 409, "certificate-invalid", why);
        return 1;
    }
    if (req->issuer != NULL && req->issuer[0] != '\0')
        snprintf(out->c.issuer, sizeof out->c.issuer, "%s", req->issuer);
    if (cert_sign(&out->c, k, &out->doc, &out->len, msg, sizeof msg) != 0) {
        fprintf(stderr, "tierd: signing a certificate failed: %s\n", msg);
        refuse(m, res, 503, "signing-failed", "签名失败 (signing failed; see the server log); "
                                              "nothing was changed");
        return 1;
    }
    date_format(&out->c.valid_from, out->from);
    date_format(&out->c.valid_until, out->until);
    return 0;
}

/* Insert the signed certificate and its audit row. 0, or -1 (*e set). */
static int store_certificate(struct db_conn *m, const struct decision_req *req,
                             const struct subject_row *s, const struct issued *is,
                             struct decision_res *res, unsigned int *e, char *err, size_t errsz)
{
    struct db_param p[9] = {
        {'s', 0, is->c.serial, 0},
        {'i', (int64_t)req->submission_id, NULL, 0},
        {'i', s->enterprise_id, NULL, 0},
        {'s', 0, s->tier, 0},
        {'s', 0, s->city, 0},
        {'s', 0, is->from, 0},
        {'s', 0, is->until, 0},
        {'s', 0, is->c.key_id, 0},
        {'b', 0, is->doc, is->len},
    };
    char detail[200];
    struct audit_entry a = {req->who->name, "certificate.issue", "certificate", is->c.serial,
                            detail};

    if (db_execv(m,
                 "INSERT INTO certificates (serial, submission_id, enterprise_id, tier, "
                 "city_code, valid_from, valid_until, key_id, document) VALUES "
                 "(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 p, 9, NULL, NULL, e, err, errsz) != 0)
        return -1;
    snprintf(detail, sizeof detail, "submission %llu, %s, %s to %s, key %.16s",
             (unsigned long long)req->submission_id, s->tier, is->from, is->until,
             is->c.key_id);
    if (audit_append(m, &a, e, err, errsz) != 0)
        return -1;
    snprintf(res->serial, sizeof res->serial, "%s", is->c.serial);
    return 0;
}

enum store_result decision_apply(struct db_conn *m, const struct decision_req *req,
                                 struct decision_res *res, char *err, size_t errsz)
{
    struct subject_row s;
    struct db_param p[1] = {{'i', (int64_t)req->submission_id, NULL, 0}};
    struct review_actor actor;
    struct review_subject subj;
    struct review_outcome out;
    struct issued is = {.doc = NULL};
    unsigned int e = 0;
    uint64_t did = 0;
    long n;

    memset(res, 0, sizeof *res);
    memset(&s, 0, sizeof s);
    if (db_begin(m, &e, err, errsz) != 0)
        return db_fail(m, e);
    {
        struct db_col c[] = {
            {'s', s.status, sizeof s.status, 0, 0, 0},
            {'s', s.tier, sizeof s.tier, 0, 0, 0},
            {'i', &s.rule_set, sizeof s.rule_set, 0, 0, 0},
            {'s', s.city, sizeof s.city, 0, 0, 0},
            {'s', s.uscc, sizeof s.uscc, 0, 0, 0},
            {'s', s.name, sizeof s.name, 0, 0, 0},
            {'s', s.division, sizeof s.division, 0, 0, 0},
            {'i', &s.enterprise_id, sizeof s.enterprise_id, 0, 0, 0},
        };
        n = db_query(m, &(struct db_select){"SELECT s.status, s.tier, s.rule_set, s.city_code, e.uscc, e.name, " "e.division_code, s.enterprise_id FROM submissions s JOIN enterprises e " "ON e.id = s.enterprise_id WHERE s.id = ? FOR UPDATE", p, 1, c, 8, NULL, NULL}, &e, err, errsz);
    }
    if (n < 0)
        return db_fail(m, e);
    if (n == 0 || (req->who->role == ROLE_ENTERPRISE && strcmp(req->who->uscc, s.uscc) != 0)) {
        char msg[128];
        snprintf(msg, sizeof msg, "no submission %llu in your scope",
                 (unsigned long long)req->submission_id);
        refuse(m, res, 404, "not-found", msg);
        return STORE_OK;
    }
    actor.role = review_role_parse(role_name(req->who->role));
    actor.city_code = req->who->city;
    subj.state = review_state_parse(s.status);
    subj.division = s.division[0] ? s.division : s.city;
    review_decide(&actor, &subj, req->decision, req->comment, req->override_reason, &out);
    snprintf(res->from, sizeof res->from, "%s", s.status);
    if (out.status != 0) {
        refuse(m, res, (unsigned int)out.status, out.code, out.message);
        snprintf(res->to, sizeof res->to, "%s", s.status);
        return STORE_OK;
    }
    snprintf(res->to, sizeof res->to, "%s", review_state_name(out.to));
    if (out.issues_certificate && req->recheck != NULL) {
        char msg[700];
        int rc = req->recheck(req->recheck_ctx, m, req->submission_id, msg, sizeof msg);
        if (rc < 0) {
            snprintf(err, errsz, "re-checking prerequisites: %s", msg);
            db_rollback(m);
            return STORE_CONN;
        }
        if (rc > 0) {
            refuse(m, res, 409, "prerequisite-not-held", msg);
            snprintf(res->to, sizeof res->to, "%s", s.status);
            return STORE_OK;
        }
    }
    if (out.issues_certificate) {
        int rc = make_certificate(m, req, &s, &is, res, &e, err, errsz);
        if (rc < 0)
            return db_fail(m, e);
        if (rc > 0) {
            snprintf(res->to, sizeof res->to, "%s", s.status);
            return STORE_OK;
        }
    }
    if (db_exec(m, "UPDATE submissions SET status = ? WHERE id = ?", "si", NULL, NULL, &e, err,
                errsz, res->to, (int64_t)req->submission_id) != 0 ||
        db_exec(m,
                "INSERT INTO decisions (submission_id, account_id, decision, from_status, "
                "to_status, comment, override_reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                "iisssss", NULL, &did, &e, err, errsz, (int64_t)req->submission_id,
                (int64_t)req->who->account_id, review_decision_name(req->decision), s.status,
                res->to, req->comment ? req->comment : "",
                out.overridden ? req->override_reason : NULL) != 0) {
        free(is.doc);
        return db_fail(m, e);
    }
    {
        char oid[32], detail[2200];
        struct audit_entry a = {req->who->name, NULL, "submission", oid, detail};
        char action[48];
        snprintf(action, sizeof action, "decision.%s", review_decision_name(req->decision));
        a.action = action;
        snprintf(oid, sizeof oid, "%llu", (unsigned long long)req->submission_id);
        snprintf(detail, sizeof detail, "%s -> %s%s%.2000s", s.status, res->to,
                 out.overridden ? "; override: " : (req->comment && *req->comment ? "; " : ""),
                 out.overridden ? req->override_reason : (req->comment ? req->comment : ""));
        if (audit_append(m, &a, &e, err, errsz) != 0) {
            free(is.doc);
            return db_fail(m, e);
        }
    }
    if (out.issues_certificate && store_certificate(m, req, &s, &is, res, &e, err, errsz) != 0) {
        free(is.doc);
        return db_fail(m, e);
    }
    free(is.doc);
    is.doc = NULL;
    if (db_commit(m, &e, err, errsz) != 0)
        return db_fail(m, e);
    res->http = 201;
    res->code = "decided";
    res->decision_id = did;
    return STORE_OK;
}

struct dec_ctx {
    struct buf *out;
    int64_t id;
    char decision[17], from[17], to[17], by[101], at[32], comment[2001], override[2001];
    my_bool override_null;
    int rc;
};

static int dec_row(void *arg)
{
    struct dec_ctx *d = arg;

    d->rc |= buf_printf(d->out, "  <decision id=\"%lld\" action=\"%s\" from=\"%s\" to=\"%s\" "
                                "at=\"%s\" by=\"",
                        (long long)d->id, d->decision, d->from, d->to, d->at);
    d->rc |= buf_adds_xml(d->out, d->by);
    d->rc |= buf_adds(d->out, "\">\n    <comment>");
    d->rc |= buf_adds_xml(d->out, d->comment);
    d->rc |= buf_adds(d->out, "</comment>\n");
    if (d->override[0]) {
        d->rc |= buf_adds(d->out, "    <overrideReason>");
        d->rc |= buf_adds_xml(d->out, d->override);
        d->rc |= buf_adds(d->out, "</overrideReason>\n");
    }
    d->rc |= buf_adds(d->out, "  </decision>\n");
    return 0;
}

/* The end of an XML list made row by row into out: n rows or -1 (e is the
 * server's error), rc non-zero when out went over its limit. */
static enum store_result xml_list_end(struct buf *out, long n, int rc, const char *close,
                                      unsigned int e, char *err, size_t errsz)
{
    if (n < 0)
        return store_classify(e);
    if (rc != 0 || buf_adds(out, close) != 0) {
        snprintf(err, errsz, "the list is larger than the response limit");
        return STORE_ERROR;
    }
    return STORE_OK;
}

enum store_result decision_list_xml(struct db_conn *m, uint64_t submission_id, struct buf *out,
                                    char *err, size_t errsz)
{
    struct dec_ctx *d = calloc(1, sizeof *d);
    struct db_param p[1] = {{'i', (int64_t)submission_id, NULL, 0}};
    unsigned int e = 0;
    long n;
    int rc;

    if (d == NULL) {
        snprintf(err, errsz, "out of memory");
        return STORE_ERROR;
    }
    d->out = out;
    buf_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<decisions xmlns=\"urn:tierd:"
                    "decision:1\" submission=\"%llu\">\n",
               (unsigned long long)submission_id);
    {
        struct db_col c[] = {
            {'i', &d->id, sizeof d->id, 0, 0, 0},
            {'s', d->decision, sizeof d->decision, 0, 0, 0},
            {'s', d->from, sizeof d->from, 0, 0, 0},
            {'s', d->to, sizeof d->to, 0, 0, 0},
            {'s', d->by, sizeof d->by, 0, 0, 0},
            {'s', d->at, sizeof d->at, 0, 0, 0},
            {'s', d->comment, sizeof d->comment, 0, 0, 0},
            {'s', d->override, sizeof d->override, 0, 0, 0},
        };
        n = db_query(m, &(struct db_select){"SELECT d.id, d.decision, d.from_status, d.to_status, a.name, " "DATE_FORMAT(d.decided_at, '%Y-%m-%dT%H:%i:%sZ'), d.comment, " "COALESCE(d.override_reason, '') FROM decisions d JOIN accounts a ON a.id = " "d.account_id WHERE d.submission_id = ? ORDER BY d.id", p, 1, c, 8, dec_row, d}, &e, err, errsz);
    }
    rc = d->rc;
    free(d);
    return xml_list_end(out, n, rc, "</decisions>\n", e, err, errsz);
}

enum store_result cert_load(struct db_conn *m, const char *serial, struct cert_row *c, char *err,
                            size_t errsz)
{
    struct db_param p[1] = {{'s', 0, serial, 0}};
    int64_t len = 0;
    unsigned int e = 0;
    long n;

    memset(c, 0, sizeof *c);
    {
        struct db_col cols[] = {
            {'s', c->serial, sizeof c->serial, 0, 0, 0},
            {'s', c->tier, sizeof c->tier, 0, 0, 0},
            {'s', c->uscc, sizeof c->uscc, 0, 0, 0},
            {'s', c->valid_from, sizeof c->valid_from, 0, 0, 0},
            {'s', c->valid_until, sizeof c->valid_until, 0, 0, 0},
            {'s', c->issued_at, sizeof c->issued_at, 0, 0, 0},
            {'s', c->key_id, sizeof c->key_id, 0, 0, 0},
            {'s', c->revoked_at, sizeof c->revoked_at, 0, 0, 0},
            {'s', c->reason, sizeof c->reason, 0, 0, 0},
            {'i', &len, sizeof len, 0, 0, 0},
        };
        n = db_query(m, &(struct db_select){"SELECT c.serial, c.tier, e.uscc, DATE_FORMAT(c.valid_from, '%Y-%m-%d'), " "DATE_FORMAT(c.valid_until, '%Y-%m-%d'), DATE_FORMAT(c.issued_at, " "'%Y-%m-%dT%H:%i:%sZ'), c.key_id, COALESCE(DATE_FORMAT(c.revoked_at, " "'%Y-%m-%dT%H:%i:%sZ'), ''), COALESCE(c.revocation_reason, ''), " "LENGTH(c.document) FROM certificates c JOIN enterprises e ON e.id = " "c.enterprise_id WHERE c.serial = ?", p, 1, cols, 10, NULL, NULL}, &e, err, errsz);
    }
    if (n < 0)
        return store_classify(e);
    if (n == 0)
        return STORE_NOT_FOUND;
    c->document = malloc((size_t)len + 1);
    if (c->document == NULL) {
        snprintf(err, errsz, "out of memory");
        return STORE_ERROR;
    }
    {
        struct db_col cols[1] = {{'b', c->document, (size_t)len + 1, 0, 0, 0}};
        n = db_query(m, &(struct db_select){"SELECT document FROM certificates WHERE serial = ?", p, 1, cols, 1, NULL, NULL}, &e, err, errsz);
        if (n != 1) {
            free(c->document);
            c->document = NULL;
            return n < 0 ? store_classify(e) : STORE_NOT_FOUND;
        }
        c->doc_len = cols[0].len;
        c->document[c->doc_len] = '\0';
    }
    return STORE_OK;
}

enum store_result cert_revoke(struct db_conn *m, const char *serial, const struct principal *who,
                              const char *reason, struct decision_res *res, char *err,
                              size_t errsz)
{
    struct db_param p[1] = {{'s', 0, serial, 0}};
    char revoked[32] = "";
    int64_t found = 0;
    unsigned int e = 0;
    long n;

    memset(res, 0, sizeof *res);
    if (db_begin(m, &e, err, errsz) != 0)
        return db_fail(m, e);
    {
        struct db_col c[] = {{'i', &found, sizeof found, 0, 0, 0},
                             {'s', revoked, sizeof revoked, 0, 0, 0}};
        n = db_query(m, &(struct db_select){"SELECT 1, COALESCE(DATE_FORMAT(revoked_at, '%Y-%m-%dT%H:%i:%sZ'), '') FROM " "certificates WHERE serial = ? FOR UPDATE", p, 1, c, 2, NULL, NULL}, &e, err, errsz);
    }
    if (n < 0)
        return db_fail(m, e);
    if (n == 0) {
        refuse(m, res, 404, "not-found", "no such certificate");
        return STORE_OK;
    }
    if (revoked[0]) {
        char msg[200];
        snprintf(msg, sizeof msg, "证书已于 %s 撤销 (certificate %s was already revoked at %s)",
                 revoked, serial, revoked);
        refuse(m, res, 409, "already-revoked", msg);
        return STORE_OK;
    }
    {
        struct audit_entry a = {who->name, "certificate.revoke", "certificate", serial, reason};
        if (db_exec(m, "UPDATE certificates SET revoked_at = CURRENT_TIMESTAMP(6), "
                       "revocation_reason = ? WHERE serial = ?",
                    "ss", NULL, NULL, &e, err, errsz, reason, serial) != 0 ||
            audit_append(m, &a, &e, err, errsz) != 0 || db_commit(m, &e, err, errsz) != 0)
            return db_fail(m, e);
    }
    res->http = 201;
    res->code = "revoked";
    return STORE_OK;
}

struct rev_ctx {
    struct buf *out;
    char serial[CERT_SERIAL_LEN + 1], at[32], reason[2001];
    int rc;
};

static int rev_row(void *arg)
{
    struct rev_ctx *r = arg;

    r->rc |= buf_printf(r->out, "  <revoked serial=\"%s\" at=\"%s\">", r->serial, r->at);
    r->rc |= buf_adds_xml(r->out, r->reason);
    r->rc |= buf_adds(r->out, "</revoked>\n");
    return 0;
}

enum store_result cert_revocations_xml(struct db_conn *m, struct buf *out, char *err, size_t errsz)
{
    struct rev_ctx *r = calloc(1, sizeof *r);
    unsigned int e = 0;
    char now[32];
    long n;
    int rc;

    if (r == NULL) {
        snprintf(err, errsz, "out of memory");
        return STORE_ERROR;
    }
    r->out = out;
    submission_now(now);
    buf_printf(out, "<revocationList xmlns=\"urn:tierd:revocations:1\" issuedAt=\"%.19sZ\">\n",
               now);
    {
        struct db_col c[] = {
            {'s', r->serial, sizeof r->serial, 0, 0, 0},
            {'s', r->at, sizeof r->at, 0, 0, 0},
            {'s', r->reason, sizeof r->reason, 0, 0, 0},
        };
        n = db_query(m, &(struct db_select){"SELECT serial, DATE_FORMAT(revoked_at, '%Y-%m-%dT%H:%i:%sZ'), " "COALESCE(revocation_reason, '') FROM certificates WHERE revoked_at IS NOT " "NULL ORDER BY revoked_at, serial", NULL, 0, c, 3, rev_row, r}, &e, err, errsz);
    }
    rc = r->rc;
    free(r);
    return xml_list_end(out, n, rc, "</revocationList>", e, err, errsz);
}
