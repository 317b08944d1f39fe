/*
 * decide.c — a reviewer's decision (see registry_decide in registry.h).
 *
 * One transaction: lock the application's row, let the review state machine
 * judge the decision, and for an approval re-check the prerequisites and
 * make and sign the certificate; then record the decision, the certificate
 * and their audit rows, and commit. Of two reviewers deciding at once the
 * second waits for the first's row lock and meets the new state.
 *
 * The prerequisite re-check judges the stored document again with the
 * registry's certificates as they are now, on the day the registry received
 * the application (UTC+8): a lower-tier title that was valid that day
 * counts, even if it has lapsed by the approval; one revoked since does not
 * (a revocation removes the title for every day).
 *
 * Failures: anything before COMMIT rolls back and says so; a connection
 * lost at COMMIT leaves the outcome unknown, and the sentence says to read
 * the application's decisions to learn it.
 */
#include "registry_int.h"

#include "tier/config.h"
#include "tier/db.h"
#include "tier/ingest.h"
#include "tier/keys.h"
#include "tier/rules.h"
#include "tier/sign.h"
#include "tier/signer.h"
#include "tier/tier.h"
#include "tier/digest.h"
#include "tier/lifecycle.h"
#include "tier/titles.h"
#include "tier/tlog_entry.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static_assert(STORE_SERIAL_LEN == CERT_SERIAL_LEN, "store and sign agree on serials");
static_assert(STORE_KEY_ID_LEN == SIGN_KEY_ID_LEN, "store and sign agree on key ids");
static_assert(STORE_NAME_BYTES == APP_TEXT_BYTES, "store and ingest agree on names");

/* What one attempt came to: the result is in res unless it must be retried. */
enum attempt {
    ATTEMPT_ANSWERED, /* res is filled (done or refused); the transaction is over */
    ATTEMPT_FAILED,   /* a statement failed before COMMIT: *sr says how; rolled back */
    ATTEMPT_COMMIT_LOST, /* the connection went at COMMIT */
};

static enum decide_outcome refusal_outcome(const struct review_outcome *o)
{
    if (strcmp(o->code, "wrong-city") == 0)
        return DECIDE_NOT_FOUND; /* not yours: told apart from "absent" by nobody */
    if (o->status == 403)
        return DECIDE_WRONG_ROLE;
    if (o->status == 409)
        return DECIDE_OUT_OF_ORDER;
    return DECIDE_INCOMPLETE;
}

static void say_not_found(struct decide_result *res, uint64_t id)
{
    res->outcome = DECIDE_NOT_FOUND;
    reg_say(&res->says, "not-found", "您的权限范围内没有这份申请", "no submission %llu in your scope",
            (unsigned long long)id);
}

int reg_approval_load(struct registry *r, struct db_conn *m, uint64_t id,
                      const struct decision_subject *s, struct reg_approval *a,
                      enum store_result *sr, char *err, size_t errsz)
{
    struct ingest_errors *errs = calloc(1, sizeof *errs);
    char uscc[19], city[7], *doc = NULL;
    size_t len = 0;
    int rc = -1;

    memset(a, 0, sizeof *a);
    a->id = id;
    a->s = s;
    a->app = malloc(sizeof *a->app);
    *sr = STORE_ERROR;
    if (a->app == NULL || errs == NULL) {
        snprintf(err, errsz, "out of memory");
        goto done;
    }
    *sr = submission_document(m, id, &doc, &len, uscc, city, err, errsz);
    if (*sr != STORE_OK)
        goto done;
    a->parsed = ingest_application(r->schemas, doc, len, NULL, a->app, errs) == INGEST_OK;
    rc = 0;
done:
    free(doc);
    free(errs);
    return rc;
}

void reg_approval_free(struct reg_approval *a)
{
    free(a->app);
    a->app = NULL;
}

int reg_approval_check(struct registry *r, struct db_conn *m, const struct reg_approval *a,
                       const struct tier_date *today, struct decide_result *res,
                       enum store_result *sr, char *err, size_t errsz)
{
    /* One valid title per enterprise and tier, re-checked under the
     * enterprise's lock: of two approvals for one enterprise the second
     * waits here and then sees the first's certificate. A renewal names
     * the title it will supersede, which must still be held. */
    struct lifecycle_verdict v;
    const struct tier_info *ti = tier_by_code(a->s->tier);
    int renewal = a->parsed && a->app->kind_renewal;
    struct reg_title_query q = {a->s->uscc,
                                ti != NULL ? ti->id : TIER_NONE,
                                renewal,
                                renewal && a->app->renews[0] ? a->app->renews : NULL,
                                a->id,
                                1,
                                today};
    struct tier_date received;
    int rc;

    *sr = title_lock_enterprise(m, a->s->uscc, err, errsz);
    if (*sr != STORE_OK)
        return -1;
    rc = reg_title_check(r, m, &q, &v, sr, err, errsz);
    /* A renewal filed in its window stays good though the old title
     * lapses while the renewal waits (its notice may run past validUntil):
     * refused today, it is judged again on the day it was received, as
     * the prerequisites are. */
    if (rc > 0 && renewal &&
        date_parse(a->s->received_on, strlen(a->s->received_on), &received) == 0 &&
        date_cmp(&received, today) < 0) {
        q.today = &received;
        rc = reg_title_check(r, m, &q, &v, sr, err, errsz);
    }
    if (rc > 0) {
        res->outcome = DECIDE_TITLE_HELD;
        reg_say_split(&res->says, v.code, v.message);
    }
    return rc;
}

/*
 * Judge the stored document's prerequisites again, as of the day it was
 * received. 0 still met, 1 not met (sentence in res), -1 a statement failed
 * (*sr says how).
 */
static int recheck(struct registry *r, struct db_conn *m, const struct reg_approval *a,
                   struct decide_result *res, enum store_result *sr, char *err, size_t errsz)
{
    struct findings *f = NULL;
    struct rules_options opt;
    struct store_holds_ctx held;
    struct rules_registry reg = {store_holds, &held};
    const struct decision_subject *s = a->s;
    int rc = -1;

    *sr = STORE_ERROR;
    if (!a->parsed) {
        /* it was valid when stored; a schema change since then is not the
         * enterprise's fault: let the reviewer's judgement stand */
        *sr = STORE_OK;
        return 0;
    }
    f = malloc(sizeof *f);
    if (f == NULL) {
        snprintf(err, errsz, "out of memory");
        goto done;
    }
    memset(&opt, 0, sizeof opt);
    if (date_parse(s->received_on, strlen(s->received_on), &opt.on) != 0)
        opt.on = date_today_cst();
    store_holds_init(&held, m);
    opt.registry = &reg;
    opt.leading = r->leading;
    opt.sme_size = r->sme_size;
    findings_init(f);
    rules_evaluate(a->app, (enum rule_set)s->rule_set, &opt, f);
    if (held.failed) {
        /* the lookup failed inside our transaction: no answer is no "held" */
        *sr = store_classify(held.errnum);
        snprintf(err, errsz, "the prerequisite lookup failed (error %u)", held.errnum);
        goto done;
    }
    *sr = STORE_OK;
    rc = 0;
    for (size_t i = 0; i < f->count; i++) {
        const struct finding *x = &f->items[i];
        if (x->verdict == VERDICT_FAIL && x->prerequisite) {
            res->outcome = DECIDE_PREREQ_NOT_HELD;
            reg_say(&res->says, "prerequisite-not-held", "前置条件已不满足",
                    "a prerequisite is no longer met: %s %s", x->rule_id, x->text);
            rc = 1;
            break;
        }
    }
done:
    free(f);
    return rc;
}

/* A certificate made and signed, before any row is written. */
struct issued {
    struct cert c;
    char *doc;
    size_t len;
    char from[11], until[11];
};

/* Make and sign the certificate. 0; 1 refused (res set); -1 a statement
 * failed (*sr). */
static int make_certificate(struct registry *r, struct db_conn *m,
                            const struct tier_date *issue_on, const struct decision_subject *s,
                            struct issued *out,
                            struct decide_result *res, enum store_result *sr, char *err,
                            size_t errsz)
{
    const struct tier_info *ti = tier_by_code(s->tier);
    const char *issuer = r->cfg != NULL ? r->cfg->issuer : NULL;
    char key_id[SIGN_KEY_ID_LEN + 1], msg[600];
    enum signer_result sg;
    struct tier_date today = issue_on ? *issue_on : date_today_cst();
    struct timespec ts;
    unsigned int e = 0;
    int found;

    found = key_active_id(m, key_id, &e, err, errsz);
    if (found < 0) {
        *sr = store_classify(e);
        return -1;
    }
    if (found == 0 || r->signer == NULL) {
        res->outcome = DECIDE_NO_KEY;
        reg_say(&res->says, "no-signing-key", "没有可用的签名密钥",
                "no signing key is active: an operator runs tierctl key generate and tierctl "
                "key activate; nothing was changed");
        return 1;
    }
    found = reg_key_usable(r, m, key_id, &e, msg, sizeof msg);
    if (found < 0) {
        snprintf(err, errsz, "%s", msg);
        *sr = store_classify(e);
        return -1;
    }
    if (found == 0) {
        fprintf(stderr, "tierd: active key %.16s… not used: %s\n", key_id, msg);
        res->outcome = DECIDE_NO_KEY;
        reg_say(&res->says, "no-signing-key", "启用的签名密钥没有可信根签发的有效证书，不能签发证书",
                "the active signing key %.16s… holds no valid certificate of the trusted root "
                "(%.400s); nothing was changed", key_id, msg);
        return 1;
    }
    clock_gettime(CLOCK_REALTIME, &ts);
    if (ti == NULL ||
        cert_prepare(&out->c, ti->id, s->uscc, s->name, (enum rule_set)s->rule_set, &today,
                     (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, msg, sizeof msg) != 0) {
        res->outcome = DECIDE_CERT_INVALID;
        reg_say(&res->says, "certificate-invalid", "证书内容无效",
                "the certificate cannot be made: %s", msg);
        return 1;
    }
    if (issuer != NULL && issuer[0] != '\0')
        snprintf(out->c.issuer, sizeof out->c.issuer, "%s", issuer);
    sg = signer_cert_sign(r->signer, key_id, &out->c, &out->doc, &out->len, msg, sizeof msg);
    if (sg == SIGNER_DOWN) {
        fprintf(stderr, "tierd: signing certificate %s: %s\n", out->c.serial, msg);
        res->outcome = DECIDE_UNAVAILABLE;
        reg_say(&res->says, "signer-unavailable", "签名服务暂时不可用，请稍后重试",
                "the signer process is restarting; nothing was changed; try again in a few "
                "seconds");
        return 1;
    }
    if (sg != SIGNER_OK) {
        fprintf(stderr, "tierd: signing certificate %s with the active key %.16s…: %s\n",
                out->c.serial, key_id, msg);
        res->outcome = DECIDE_NO_KEY;
        reg_say(&res->says, "signing-failed", "签名失败",
                "the active signing key cannot sign on this server; see its log; nothing was "
                "changed");
        return 1;
    }
    date_format(&out->c.valid_from, out->from);
    date_format(&out->c.valid_until, out->until);
    return 0;
}

/* The certificate's leaf in the transparency log, in this transaction. */
static enum store_result log_issued(struct db_conn *m, const struct decision_subject *s,
                                    const struct issued *is, char *err, size_t errsz)
{
    char at[21], sha[SHA256_HEX_LEN + 1];
    struct tlog_entry e = {.kind = TLOG_ENTRY_CERT_ISSUED};

    if (digest_sha256_hex(is->doc, is->len, sha) != 0) {
        snprintf(err, errsz, "hashing certificate %s for the transparency log failed",
                 is->c.serial);
        return STORE_ERROR;
    }
    reg_tlog_time(is->c.issued_at, at);
    e.serial = is->c.serial;
    e.uscc = is->c.uscc;
    e.tier = s->tier;
    e.valid_from = is->from;
    e.valid_until = is->until;
    e.issued_at = at;
    e.cert_sha256 = sha;
    return reg_tlog_append(m, &e, is->c.serial, err, errsz);
}

int reg_issue(struct registry *r, struct db_conn *m, const struct reg_approval *a,
              const char *actor, const struct tier_date *issue_on, struct decide_result *res,
              enum store_result *sr, char *err, size_t errsz)
{
    const struct decision_subject *s = a->s;
    struct issued is = {.doc = NULL};
    int rc;

    rc = recheck(r, m, a, res, sr, err, errsz);
    if (rc == 0)
        rc = make_certificate(r, m, issue_on, s, &is, res, sr, err, errsz);
    if (rc != 0)
        goto done;
    {
        struct cert_new c = {is.c.serial, a->id, s->enterprise_id, s->tier, s->city,
                             is.from,     is.until, is.c.key_id,   is.doc,  is.len,
                             actor};
        *sr = cert_insert(m, &c, err, errsz);
    }
    if (*sr == STORE_OK)
        *sr = log_issued(m, s, &is, err, errsz);
    /* a renewal's certificate supersedes the one it names (not a revocation:
     * the old title simply ends; reg_approval_check found it still valid) */
    if (*sr == STORE_OK && a->parsed && a->app->kind_renewal && a->app->renews[0])
        *sr = title_supersede(m, a->app->renews, is.c.serial, err, errsz);
    rc = *sr == STORE_OK ? 0 : -1;
    if (rc == 0)
        snprintf(res->serial, sizeof res->serial, "%s", is.c.serial);
done:
    free(is.doc);
    return rc;
}

/* 1-64 of A-Z a-z 0-9 - _ . : */
static int key_valid(const char *k)
{
    size_t n = strlen(k);

    if (n == 0 || n > 64)
        return 0;
    return strspn(k, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:") == n;
}

/*
 * A decision sent with an Idempotency-Key that is already recorded (the
 * application's row is locked, so no other can be recorded meanwhile):
 * answer as the first time. 0 not recorded before; 1 answered (res set);
 * -1 the lookup failed (*sr).
 */
static int replay(struct db_conn *m, const struct decide_request *rq, struct decide_result *res,
                  enum store_result *sr, char *err, size_t errsz)
{
    struct decision_found f;
    const char *want = review_decision_name(rq->decision);

    *sr = decision_by_key(m, rq->submission_id, rq->idempotency_key, &f, err, errsz);
    if (*sr == STORE_NOT_FOUND) {
        *sr = STORE_OK;
        return 0;
    }
    if (*sr != STORE_OK)
        return -1;
    if (strcmp(f.decision, want) != 0) {
        res->outcome = DECIDE_OUT_OF_ORDER;
        reg_say(&res->says, "idempotency-key-reused", "这个幂等键已用于另一项决定",
                "Idempotency-Key '%s' was used for a %s of submission %llu, not a %s: use a "
                "new key for a new decision",
                rq->idempotency_key, f.decision, (unsigned long long)rq->submission_id, want);
        return 1;
    }
    res->outcome = DECIDE_DONE;
    res->says.code = "decided";
    res->replayed = 1;
    res->decision_id = (uint64_t)f.id;
    snprintf(res->from, sizeof res->from, "%s", f.from);
    snprintf(res->to, sizeof res->to, "%s", f.to);
    snprintf(res->serial, sizeof res->serial, "%s", f.serial);
    snprintf(res->notice_ends, sizeof res->notice_ends, "%s", f.notice_ends);
    return 1;
}

static enum attempt decide_once(struct registry *r, struct db_conn *m,
                                const struct decide_request *rq, struct decide_result *res,
                                enum store_result *sr, char *err, size_t errsz)
{
    const struct principal *who = rq->who;
    struct decision_subject s;
    struct review_actor actor;
    struct review_subject subj;
    struct review_outcome out;
    struct reg_approval ap = {.app = NULL};
    struct tier_date today;
    struct decision_new d;
    unsigned int e = 0;
    enum attempt a = ATTEMPT_FAILED;
    int rc;

    memset(res, 0, sizeof *res);
    if (db_begin(m, &e, err, errsz) != 0) {
        *sr = store_classify(e);
        return ATTEMPT_FAILED;
    }
    *sr = decision_subject_lock(m, rq->submission_id, &s, err, errsz);
    if (*sr == STORE_NOT_FOUND ||
        (*sr == STORE_OK && who->role == ROLE_ENTERPRISE && strcmp(who->uscc, s.uscc) != 0)) {
        say_not_found(res, rq->submission_id);
        a = ATTEMPT_ANSWERED;
        goto rollback;
    }
    if (*sr != STORE_OK)
        goto rollback;
    if (rq->idempotency_key != NULL) {
        rc = replay(m, rq, res, sr, err, errsz);
        if (rc != 0) {
            a = rc > 0 ? ATTEMPT_ANSWERED : ATTEMPT_FAILED;
            goto rollback;
        }
    }
    actor.role = who->role;
    actor.city_code = who->city;
    subj.state = review_state_parse(s.status);
    subj.division = s.division[0] ? s.division : s.city;
    review_decide(&actor, &subj, rq->decision, rq->comment ? rq->comment : "",
                  rq->override_reason, &out);
    snprintf(res->from, sizeof res->from, "%s", s.status);
    snprintf(res->to, sizeof res->to, "%s", s.status);
    if (out.status != 0) {
        res->outcome = refusal_outcome(&out);
        if (res->outcome == DECIDE_NOT_FOUND)
            say_not_found(res, rq->submission_id);
        else
            reg_say_split(&res->says, out.code, out.message);
        a = ATTEMPT_ANSWERED;
        goto rollback;
    }
    if (rq->decision != REVIEW_RECOMMEND && rq->decision != REVIEW_RETURN &&
        rq->decision != REVIEW_APPROVE && rq->decision != REVIEW_REJECT) {
        /* objections and revocations have their own routes (issue 17) */
        res->outcome = DECIDE_OUT_OF_ORDER;
        reg_say(&res->says, "not-a-decision-here", "该操作不在此处进行",
                "'%s' is not taken on an application's decisions: a revocation is made on the "
                "certificate (POST /v1/certificates/{serial}/revocation)",
                review_decision_name(rq->decision));
        a = ATTEMPT_ANSWERED;
        goto rollback;
    }
    today = rq->issue_on ? *rq->issue_on : date_today_cst();
    if (rq->decision == REVIEW_APPROVE) {
        rc = reg_approval_load(r, m, rq->submission_id, &s, &ap, sr, err, errsz);
        if (rc == 0)
            rc = reg_approval_check(r, m, &ap, &today, res, sr, err, errsz);
        if (rc != 0) {
            a = rc > 0 ? ATTEMPT_ANSWERED : ATTEMPT_FAILED;
            goto rollback;
        }
        /* 公示 first when the tier has a notice (issue 17); seed-demo's
         * backdated approvals had theirs long ago */
        if (!rq->no_notice && review_enter_notice(&out, reg_notice_days(r, s.tier))) {
            /* the prerequisites are judged now too, not only at issuance */
            rc = recheck(r, m, &ap, res, sr, err, errsz);
            if (rc != 0) {
                a = rc > 0 ? ATTEMPT_ANSWERED : ATTEMPT_FAILED;
                goto rollback;
            }
            *sr = reg_notice_end(r, m, s.tier, &today, res->notice_ends, err, errsz);
            if (*sr != STORE_OK)
                goto rollback;
        }
    }
    d = (struct decision_new){rq->submission_id,
                              who->account_id,
                              who->name,
                              review_decision_name(rq->decision),
                              s.status,
                              review_state_name(out.to),
                              rq->comment ? rq->comment : "",
                              out.overridden ? rq->override_reason : NULL,
                              rq->idempotency_key};
    *sr = decision_insert(m, &d, &res->decision_id, err, errsz);
    if (*sr == STORE_OK && res->notice_ends[0])
        *sr = title_set_notice(m, rq->submission_id, res->notice_ends, err, errsz);
    if (*sr != STORE_OK)
        goto rollback;
    if (out.issues_certificate) {
        rc = reg_issue(r, m, &ap, who->name, rq->issue_on, res, sr, err, errsz);
        if (rc != 0) {
            a = rc > 0 ? ATTEMPT_ANSWERED : ATTEMPT_FAILED;
            goto rollback;
        }
    }
    if (db_commit(m, &e, err, errsz) != 0) {
        *sr = store_classify(e);
        if (*sr == STORE_CONN) {
            reg_approval_free(&ap);
            return ATTEMPT_COMMIT_LOST;
        }
        goto rollback;
    }
    reg_approval_free(&ap);
    res->outcome = DECIDE_DONE;
    res->says.code = "decided";
    snprintf(res->to, sizeof res->to, "%s", review_state_name(out.to));
    return ATTEMPT_ANSWERED;
rollback:
    reg_approval_free(&ap);
    if (*sr != STORE_CONN)
        db_rollback(m); /* a lost connection rolls back on the server's side */
    return a;
}

void registry_decide(struct registry *r, const struct decide_request *rq,
                     struct decide_result *res)
{
    enum store_result sr = STORE_ERROR;
    enum attempt a = ATTEMPT_FAILED;
    char err[512] = "";
    struct db_conn *m;

    memset(res, 0, sizeof *res);
    if (rq->idempotency_key != NULL && !key_valid(rq->idempotency_key)) {
        res->outcome = DECIDE_INCOMPLETE;
        reg_say(&res->says, "bad-idempotency-key", "幂等键格式不对",
                "Idempotency-Key must be 1 to 64 characters of A-Z a-z 0-9 - _ . :");
        return;
    }
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL) {
        res->outcome = DECIDE_UNAVAILABLE;
        reg_say_unavailable(&res->says, "nothing was changed");
        return;
    }
    for (int attempt = 0; attempt < REG_ATTEMPTS; attempt++) {
        a = decide_once(r, m, rq, res, &sr, err, sizeof err);
        if (a != ATTEMPT_FAILED || sr != STORE_RETRY)
            break;
    }
    reg_conn_put(r, m, a == ATTEMPT_COMMIT_LOST ? STORE_CONN : sr);
    if (a == ATTEMPT_ANSWERED) {
        if (res->outcome == DECIDE_DONE && !res->replayed)
            reg_write_note(STORE_OK);
        return;
    }
    if (a == ATTEMPT_FAILED && sr == STORE_FULL) {
        reg_write_note(sr);
        res->outcome = DECIDE_CANNOT_WRITE;
        reg_say_cannot_write(&res->says);
        return;
    }
    if (a == ATTEMPT_COMMIT_LOST) {
        res->outcome = DECIDE_UNKNOWN;
        reg_say(&res->says, "outcome-unknown", "与数据库的连接在提交时中断，决定可能已记录，也可能没有",
                "the connection to the registry database was lost while committing; the "
                "decision may or may not have been recorded. GET /v1/submissions/%llu/decisions "
                "in a few seconds to see whether it was%s",
                (unsigned long long)rq->submission_id,
                rq->idempotency_key != NULL ? ", or send it again with the same Idempotency-Key: "
                                              "if it was recorded, the answer is the first one"
                                            : "");
        return;
    }
    if (sr == STORE_CONN || sr == STORE_RETRY) {
        res->outcome = DECIDE_UNAVAILABLE;
        reg_say_unavailable(&res->says, "nothing was changed");
        return;
    }
    res->outcome = DECIDE_ERROR;
    reg_say_error(&res->says, err);
}
