/*
 * decisions.c — the rows of decisions, certificates and revocations (see
 * decisions.h). SQL only.
 *
 * Concurrency rests on one row lock: decision_subject_lock reads the
 * submission with SELECT … FOR UPDATE, so of two reviewers deciding at once
 * the second reads the state the first left. The registry holds the
 * transaction around these calls, so an approval and its certificate are
 * committed together or not at all.
 */
#include "tier/decisions.h"

#include "tier/audit.h"
#include "tier/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static enum store_result failed(unsigned int e)
{
    return store_classify(e);
}

enum store_result decision_subject_lock(struct db_conn *m, uint64_t submission_id,
                                        struct decision_subject *s, char *err, size_t errsz)
{
    struct db_param p[] = {DB_INT(submission_id)};
    struct db_col c[] = {
        DB_OUT_STR(s->status),    DB_OUT_STR(s->tier), DB_OUT_INT(&s->rule_set),
        DB_OUT_STR(s->city),      DB_OUT_STR(s->uscc), DB_OUT_STR(s->name),
        DB_OUT_STR(s->division),  DB_OUT_INT(&s->enterprise_id),
        DB_OUT_STR(s->received_on),
    };
    unsigned int e = 0;
    long n;

    memset(s, 0, sizeof *s);
    /* submitted_at is UTC; the day of receipt is China Standard Time's */
    n = db_query(m,
                 &(struct db_select){
                     "SELECT s.status, s.tier, s.rule_set, s.city_code, e.uscc, e.name, "
                     "e.division_code, s.enterprise_id, DATE_FORMAT(s.submitted_at + INTERVAL 8 "
                     "HOUR, '%Y-%m-%d') FROM submissions s JOIN enterprises e ON e.id = "
                     "s.enterprise_id WHERE s.id = ? FOR UPDATE",
                     p, DB_NELEM(p), c, DB_NELEM(c), NULL, NULL},
                 &e, err, errsz);
    if (n < 0)
        return failed(e);
    return n == 0 ? STORE_NOT_FOUND : STORE_OK;
}

enum store_result decision_insert(struct db_conn *m, const struct decision_new *d, uint64_t *id,
                                  char *err, size_t errsz)
{
    char oid[32], action[48], detail[2200];
    struct audit_entry a = {d->actor, action, "submission", oid, detail};
    const char *comment = d->comment != NULL ? d->comment : "";
    unsigned int e = 0;

    if (db_exec(m, "UPDATE submissions SET status = ? WHERE id = ?", "si", NULL, NULL, &e, err,
                errsz, d->to, (int64_t)d->submission_id) != 0 ||
        db_exec(m,
                "INSERT INTO decisions (submission_id, account_id, decision, from_status, "
                "to_status, comment, override_reason, idempotency_key) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?)",
                "iissssss", NULL, id, &e, err, errsz, (int64_t)d->submission_id,
                (int64_t)d->account_id, d->decision, d->from, d->to, comment,
                d->override_reason, d->idempotency_key) != 0)
        return failed(e);
    snprintf(action, sizeof action, "decision.%s", d->decision);
    snprintf(oid, sizeof oid, "%llu", (unsigned long long)d->submission_id);
    snprintf(detail, sizeof detail, "%s -> %s%s%.2000s", d->from, d->to,
             d->override_reason ? "; override: " : (*comment ? "; " : ""),
             d->override_reason ? d->override_reason : comment);
    if (audit_append(m, &a, &e, err, errsz) != 0)
        return failed(e);
    return STORE_OK;
}

enum store_result decision_by_key(struct db_conn *m, uint64_t submission_id, const char *key,
                                  struct decision_found *out, char *err, size_t errsz)
{
    struct db_param p[] = {DB_INT(submission_id), DB_STR(key)};
    struct db_col c[] = {DB_OUT_INT(&out->id), DB_OUT_STR(out->decision), DB_OUT_STR(out->from),
                         DB_OUT_STR(out->to), DB_OUT_STR(out->serial),
                         DB_OUT_STR(out->notice_ends)};
    unsigned int e = 0;
    long n;

    memset(out, 0, sizeof *out);
    n = db_query(m,
                 &(struct db_select){
                     /* as the first answer said it: the certificate when the
                      * approval issued it (not one the notice's end issued
                      * later), the notice's last day when it entered 公示 */
                     "SELECT d.id, d.decision, d.from_status, d.to_status, "
                     "COALESCE(c.serial, ''), IF(d.to_status = 'in-notice', "
                     "COALESCE(DATE_FORMAT(s.notice_ends, '%Y-%m-%d'), ''), '') "
                     "FROM decisions d JOIN submissions s ON s.id = d.submission_id "
                     "LEFT JOIN certificates c ON d.decision = 'approve' AND "
                     "d.to_status = 'approved' AND c.submission_id = d.submission_id "
                     "WHERE d.submission_id = ? AND d.idempotency_key = ? LIMIT 1",
                     p, DB_NELEM(p), c, DB_NELEM(c), NULL, NULL},
                 &e, err, errsz);
    if (n < 0)
        return failed(e);
    return n == 0 ? STORE_NOT_FOUND : STORE_OK;
}

enum store_result cert_insert(struct db_conn *m, const struct cert_new *c, char *err,
                              size_t errsz)
{
    struct db_param p[] = {
        DB_STR(c->serial),   DB_INT(c->submission_id), DB_INT(c->enterprise_id),
        DB_STR(c->tier),     DB_STR(c->city),          DB_STR(c->valid_from),
        DB_STR(c->valid_until), DB_STR(c->key_id),     DB_BLOB(c->doc, c->len),
    };
    char detail[200];
    struct audit_entry a = {c->actor, "certificate.issue", "certificate", c->serial, detail};
    unsigned int e = 0;

    if (db_execv(m,
                 "INSERT INTO certificates (serial, submission_id, enterprise_id, tier, "
                 "city_code, valid_from, valid_until, key_id, document) VALUES "
                 "(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 p, DB_NELEM(p), NULL, NULL, &e, err, errsz) != 0)
        return failed(e);
    snprintf(detail, sizeof detail, "submission %llu, %s, %s to %s, key %.16s",
             (unsigned long long)c->submission_id, c->tier, c->valid_from, c->valid_until,
             c->key_id);
    if (audit_append(m, &a, &e, err, errsz) != 0)
        return failed(e);
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
        n = db_query(m,
                     &(struct db_select){
                         "SELECT d.id, d.decision, d.from_status, d.to_status, a.name, "
                         "DATE_FORMAT(d.decided_at, '%Y-%m-%dT%H:%i:%sZ'), d.comment, "
                         "COALESCE(d.override_reason, '') FROM decisions d JOIN accounts a ON "
                         "a.id = d.account_id WHERE d.submission_id = ? ORDER BY d.id",
                         p, 1, c, 8, dec_row, d},
                     &e, err, errsz);
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
            {'s', c->superseded_by, sizeof c->superseded_by, 0, 0, 0},
            {'s', c->superseded_at, sizeof c->superseded_at, 0, 0, 0},
        };
        n = db_query(m,
                     &(struct db_select){
                         "SELECT c.serial, c.tier, e.uscc, DATE_FORMAT(c.valid_from, '%Y-%m-%d'), "
                         "DATE_FORMAT(c.valid_until, '%Y-%m-%d'), DATE_FORMAT(c.issued_at, "
                         "'%Y-%m-%dT%H:%i:%sZ'), c.key_id, COALESCE(DATE_FORMAT(c.revoked_at, "
                         "'%Y-%m-%dT%H:%i:%sZ'), ''), COALESCE(c.revocation_reason, ''), "
                         "LENGTH(c.document), COALESCE(c.superseded_by, ''), "
                         "COALESCE(DATE_FORMAT(c.superseded_at, '%Y-%m-%dT%H:%i:%sZ'), '') "
                         "FROM certificates c JOIN enterprises e ON e.id = c.enterprise_id "
                         "WHERE c.serial = ?",
                         p, 1, cols, 12, NULL, NULL},
                     &e, err, errsz);
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
        n = db_query(m,
                     &(struct db_select){
                         "SELECT document FROM certificates WHERE serial = ?",
                         p, 1, cols, 1, NULL, NULL},
                     &e, err, errsz);
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

enum store_result cert_lock(struct db_conn *m, const char *serial, char revoked_at[32],
                            char *err, size_t errsz)
{
    struct db_param p[] = {DB_STR(serial)};
    int64_t found = 0;
    struct db_col c[] = {DB_OUT_INT(&found), {'s', revoked_at, 32, 0, 0, 0}};
    unsigned int e = 0;
    long n;

    revoked_at[0] = '\0';
    n = db_query(m,
                 &(struct db_select){
                     "SELECT 1, COALESCE(DATE_FORMAT(revoked_at, '%Y-%m-%dT%H:%i:%sZ'), '') FROM "
                     "certificates WHERE serial = ? FOR UPDATE",
                     p, DB_NELEM(p), c, DB_NELEM(c), NULL, NULL},
                 &e, err, errsz);
    if (n < 0)
        return failed(e);
    return n == 0 ? STORE_NOT_FOUND : STORE_OK;
}

enum store_result cert_revoke(struct db_conn *m, const char *serial, const char *actor,
                              const char *reason, char *err, size_t errsz)
{
    struct audit_entry a = {actor, "certificate.revoke", "certificate", serial, reason};
    unsigned int e = 0;

    if (db_exec(m, "UPDATE certificates SET revoked_at = CURRENT_TIMESTAMP(6), "
                   "revocation_reason = ? WHERE serial = ?",
                "ss", NULL, NULL, &e, err, errsz, reason, serial) != 0 ||
        audit_append(m, &a, &e, err, errsz) != 0)
        return failed(e);
    return STORE_OK;
}

struct serial_ctx {
    char cur[STORE_SERIAL_LEN + 1];
    char (*serials)[STORE_SERIAL_LEN + 1];
    int n, limit;
};

static int serial_row(void *arg)
{
    struct serial_ctx *x = arg;

    if (x->n < x->limit)
        memcpy(x->serials[x->n++], x->cur, sizeof x->cur);
    return 0;
}

enum store_result cert_unrevoked_between(struct db_conn *m, const char *first, const char *last,
                                         int limit, char (*serials)[STORE_SERIAL_LEN + 1],
                                         int *n, char *err, size_t errsz)
{
    struct serial_ctx x = {.serials = serials, .limit = limit};
    struct db_param p[] = {DB_STR(first), DB_STR(last), DB_INT(limit)};
    struct db_col c[] = {DB_OUT_STR(x.cur)};
    unsigned int e = 0;

    *n = 0;
    if (db_query(m,
                 &(struct db_select){"SELECT serial FROM certificates WHERE valid_from BETWEEN ? "
                                     "AND ? AND revoked_at IS NULL ORDER BY serial LIMIT ?",
                                     p, DB_NELEM(p), c, DB_NELEM(c), serial_row, &x},
                 &e, err, errsz) < 0)
        return failed(e);
    *n = x.n;
    return STORE_OK;
}

struct rev_ctx {
    struct buf *out;
    char serial[STORE_SERIAL_LEN + 1], at[32], reason[2001];
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

enum store_result cert_revocations_xml(struct db_conn *m, const struct rev_freshness *f,
                                       struct buf *out, char *err, size_t errsz)
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
    buf_printf(out, "<revocationList xmlns=\"urn:tierd:revocations:1\" issuedAt=\"%.19sZ\"", now);
    if (f != NULL) {
        struct tm tm = {0};
        char next[32] = "";
        time_t t;
        if (strptime(now, "%Y-%m-%dT%H:%M:%S", &tm) != NULL) {
            t = timegm(&tm) + f->next_update_s;
            gmtime_r(&t, &tm);
            strftime(next, sizeof next, "%Y-%m-%dT%H:%M:%SZ", &tm);
        }
        buf_printf(out, " sequence=\"%llu\" logSize=\"%llu\" nextUpdate=\"%s\"",
                   (unsigned long long)f->sequence, (unsigned long long)f->log_size, next);
    }
    buf_adds(out, ">\n");
    {
        struct db_col c[] = {
            {'s', r->serial, sizeof r->serial, 0, 0, 0},
            {'s', r->at, sizeof r->at, 0, 0, 0},
            {'s', r->reason, sizeof r->reason, 0, 0, 0},
        };
        n = db_query(m,
                     &(struct db_select){
                         "SELECT serial, DATE_FORMAT(revoked_at, '%Y-%m-%dT%H:%i:%sZ'), "
                         "COALESCE(revocation_reason, '') FROM certificates WHERE revoked_at IS "
                         "NOT NULL ORDER BY revoked_at, serial",
                         NULL, 0, c, 3, rev_row, r},
                     &e, err, errsz);
    }
    rc = r->rc;
    free(r);
    return xml_list_end(out, n, rc, "</revocationList>", e, err, errsz);
}
