/*
 * submit.c — an application received, judged and stored, and the reads of
 * applications and enterprises (see registry.h).
 *
 * Submitting: parse, validate and extract the document (ingest), judge it
 * on the registry's own date, UTC+8 (rules, with the registry's certificates
 * answering prerequisite questions), then store it in one transaction. The
 * batcher groups applications that arrive together into one transaction and
 * retries deadlocks and lost connections itself; if a COMMIT went through
 * but its answer was lost, its retry finds the document and answers
 * "duplicate". When even the retry cannot reach the database, the outcome
 * is unknown and the sentence says how to find out: post the same bytes
 * again.
 *
 * Threads: each thread keeps its own working memory (about 440 KB of plain
 * structs) and its own ingest worker (validation contexts) in thread-local
 * storage, freed when the thread ends: a fresh allocation per application
 * was a tenth of tierd's time under load, per perf.
 */
#include "registry_int.h"

#include "tier/batch.h"
#include "tier/config.h"
#include "tier/db.h"
#include "tier/digest.h"
#include "tier/ingest.h"
#include "tier/rules.h"
#include "tier/tier.h"
#include "tier/uscc.h"
#include "tier/lifecycle.h"
#include "tier/titles.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct submit_state {
    struct application app;
    struct findings findings;
    struct store_finding rows[FINDINGS_MAX]; /* views of findings, as stored and shown */
    struct ingest_errors errs;
    struct receipt receipt;
    struct title_row titles[TITLE_ROWS_MAX]; /* the enterprise's, read before judging */
    struct title_view view;
};

static_assert(STORE_FINDINGS_MAX == FINDINGS_MAX, "store keeps every finding the rules make");
static_assert(STORE_VALUE_MAX == FINDING_VALUE_MAX && STORE_THRESH_MAX == FINDING_THRESH_MAX &&
                  STORE_TEXT_MAX == FINDING_TEXT_MAX && STORE_XPATH_MAX == FINDING_XPATH_MAX,
              "a finding read back is as long as the rules made it");

void registry_submission_rows(const struct application *app, const struct findings *f, int rs,
                              struct store_finding *rows, struct submission_new *sn)
{
    const struct tier_info *ti = tier_get(app->tier);
    const struct app_year *y = app->year_count > 0 ? &app->years[0] : NULL;

    memset(sn, 0, sizeof *sn);
    sn->tier = ti != NULL ? ti->code : "";
    sn->rule_set = rs;
    sn->overall = eligibility_name(findings_eligibility(f));
    sn->status = findings_overall(f) == VERDICT_FAIL ? "ineligible" : "received";
    sn->uscc = app->enterprise.uscc;
    sn->name = app->enterprise.name;
    sn->division = app->enterprise.division;
    sn->city = app->enterprise.city;
    sn->industry = app->enterprise.industry;
    sn->revenue_fen = y != NULL && y->revenue_fen != APP_FEN_NONE ? y->revenue_fen : STORE_NONE;
    sn->rd_fen = y != NULL && y->rd_fen != APP_FEN_NONE ? y->rd_fen : STORE_NONE;
    sn->employees = app->staff.employees != APP_INT_NONE ? app->staff.employees : STORE_NONE;
    for (size_t i = 0; i < f->count; i++) {
        const struct finding *x = &f->items[i];
        rows[i] = (struct store_finding){x->rule_id,  verdict_name(x->verdict),
                                         x->detail ? 1 : 0,
                                         x->measured, x->threshold,
                                         x->clause ? x->clause : "",
                                         x->xpath,    x->text, x->why_zh};
    }
    sn->findings = rows;
    sn->nfindings = f->count;
}

static pthread_key_t worker_key, state_key;
static pthread_once_t keys_once = PTHREAD_ONCE_INIT;

static void worker_free(void *w)
{
    ingest_worker_free(w);
}

static void keys_make(void)
{
    pthread_key_create(&worker_key, worker_free);
    pthread_key_create(&state_key, free);
}

static struct submit_state *thread_state(void)
{
    struct submit_state *ps;

    pthread_once(&keys_once, keys_make);
    ps = pthread_getspecific(state_key);
    if (ps == NULL) {
        ps = malloc(sizeof *ps);
        if (ps != NULL && pthread_setspecific(state_key, ps) != 0) {
            free(ps);
            ps = NULL;
        }
    }
    return ps;
}

static struct ingest_worker *thread_worker(const struct ingest_schemas *s)
{
    struct ingest_worker *w;

    pthread_once(&keys_once, keys_make);
    w = pthread_getspecific(worker_key);
    if (w == NULL && ingest_worker_new(&w, s) == INGEST_OK)
        pthread_setspecific(worker_key, w);
    return w;
}

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Store without a batcher: retried on a deadlock and, on a fresh
 * connection, on a lost one (as the batcher does). */
static enum store_result store_alone(struct registry *r, const struct submission_new *s,
                                     uint64_t *id, char *err, size_t errsz)
{
    enum store_result sr = STORE_CONN;

    for (int attempt = 0; attempt < STORE_ATTEMPTS; attempt++) {
        struct db_conn *m = reg_conn_get(r, err, errsz);
        if (m == NULL)
            return STORE_CONN;
        sr = submission_store(m, s, id, err, errsz);
        reg_conn_put(r, m, sr);
        if (sr != STORE_RETRY && sr != STORE_CONN)
            break;
    }
    return sr;
}

/* The receipt of a stored application, read back. */
static enum store_result load_receipt(struct registry *r, uint64_t id, struct receipt *out,
                                      char *err, size_t errsz)
{
    struct db_conn *m = reg_conn_get(r, err, errsz);
    enum store_result sr;

    if (m == NULL)
        return STORE_CONN;
    sr = submission_load(m, id, out, err, errsz);
    reg_conn_put(r, m, sr);
    return sr;
}

/* who came from memory and its token no longer passes: forgotten, and the
 * application refused as the token would have been. */
static void unconfirmed(struct registry *r, const struct principal *who,
                        struct submit_result *res)
{
    registry_auth_forget(r, who->token_sha256);
    res->outcome = SUBMIT_UNAUTHENTICATED;
    reg_say(&res->says, "unauthenticated", "令牌无效：未知、已过期、已撤销，或其账号已停用",
            "the bearer token is not valid: unknown, expired, revoked, or its account is "
            "disabled");
}

/* A refusal made before the token was confirmed (the document did not
 * parse, or is another enterprise's) answers only a token that passes: the
 * same answer as when every token was checked first. */
static void confirm_refusal(struct registry *r, const struct principal *who,
                            struct submit_result *res)
{
    struct principal now;
    char err[256];
    struct db_conn *m;
    enum auth_result a;
    int broken = 0;

    if ((m = reg_conn_get(r, err, sizeof err)) == NULL) {
        res->outcome = SUBMIT_UNAVAILABLE;
        reg_say_unavailable(&res->says, "nothing was stored");
        return;
    }
    a = token_authenticate_hash(m, who->token_sha256, &now, &broken);
    db_pool_put(r->db, m, broken);
    if (a == AUTH_DB_ERROR) {
        res->outcome = SUBMIT_UNAVAILABLE;
        reg_say_unavailable(&res->says, "nothing was stored");
    } else if (a != AUTH_OK || now.account_id != who->account_id) {
        unconfirmed(r, who, res);
    } else {
        res->token_confirmed = 1;
    }
}

/* Submit as `who` (NULL: the registry itself, for demonstration data),
 * judged on day `on` and stored as received at `submitted_at` ("" now). */
static void submit(struct registry *r, const struct principal *who, const char *doc, size_t len,
                   uint64_t replaces, struct tier_date today, const char *submitted_at,
                   struct submit_result *res)
{
    struct submit_state *ps;
    struct submission_new sn;
    struct rules_options opt;
    struct rules_registry reg;
    struct store_holds_ctx held;
    struct ingest_limits lim;
    unsigned char sha[SHA256_LEN];
    char err[512] = "";
    enum ingest_status st;
    enum store_result sr;
    enum rule_set rs_used;
    struct db_conn *m;
    int64_t t0;

    memset(res, 0, sizeof *res);
    res->tier = -1;
    if (doc == NULL)
        doc = "";
    if (who != NULL && who->role != ROLE_ENTERPRISE && who->role != ROLE_ADMIN) {
        res->outcome = SUBMIT_WRONG_ROLE;
        reg_say(&res->says, "forbidden", "只有企业账号（或代为申报的管理员）可以提交申请",
                "only an enterprise account (or an admin acting for one) may submit "
                "applications; '%s' is a %s", who->name, role_name(who->role));
        return;
    }
    ps = thread_state();
    if (ps == NULL) {
        res->outcome = SUBMIT_ERROR;
        reg_say(&res->says, "internal", "", "out of memory");
        return;
    }
    digest_sha256(doc, len, sha);
    digest_hex(sha, sizeof sha, res->sha256_hex);

    t0 = now_us();
    ingest_limits_default(&lim);
    if (r->cfg != NULL)
        lim.max_bytes = r->cfg->max_body;
    ingest_errors_clear(&ps->errs);
    st = ingest_application_with(r->schemas, thread_worker(r->schemas), doc, len, &lim, &ps->app,
                                 &ps->errs);
    if (st != INGEST_OK) {
        res->judge_us = now_us() - t0;
        res->outcome = st == INGEST_NOMEM ? SUBMIT_ERROR : SUBMIT_INVALID;
        res->ingest_status = (int)st;
        res->errs = &ps->errs;
        reg_say(&res->says, st == INGEST_NOMEM ? "internal" : ingest_status_name(st), "", "%s",
                st == INGEST_NOMEM ? "out of memory" : ingest_status_name(st));
        fprintf(stderr, "tierd: refused document sha256=%s from %s: %s (%d errors)\n",
                res->sha256_hex, who != NULL ? who->name : "tierctl", ingest_status_name(st),
                ps->errs.count + ps->errs.dropped);
        return;
    }
    res->tier = (int)ps->app.tier;
    if (who != NULL && who->role == ROLE_ENTERPRISE &&
        strcmp(who->uscc, ps->app.enterprise.uscc) != 0) {
        res->outcome = SUBMIT_NOT_OWN;
        reg_say(&res->says, "forbidden", "企业账号只能为本企业提交申请",
                "account '%s' may submit only for its own enterprise %s; the document is for %s "
                "(/application/enterprise/uscc)",
                who->name, who->uscc, ps->app.enterprise.uscc);
        return;
    }

    /* Judge on the registry's own date (UTC+8); the rule set is the
     * document's when it names one, else the one in force today. */
    rs_used = ps->app.rule_set != RULESET_NONE ? ps->app.rule_set
                                               : rule_set_for_date(today.y, today.m, today.d);
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL) {
        res->outcome = SUBMIT_UNAVAILABLE;
        reg_say_unavailable(&res->says, "nothing was stored");
        return;
    }
    /* The same bytes again are answered with the original receipt before
     * any rule; then one valid title per enterprise and tier, and the ban
     * (issue 17). A replacement corrects a returned application, which is
     * no longer under review, so it passes like a first one. One statement
     * reads all three questions' rows, and the prerequisite titles too. */
    {
        struct lifecycle_verdict v;
        struct reg_title_query q = {ps->app.enterprise.uscc, ps->app.tier, ps->app.kind_renewal,
                                    ps->app.renews, 0, 0, &today};
        int rc;

        sr = title_rows_doc(m, ps->app.enterprise.uscc, sha,
                            who != NULL && who->confirm ? who->token_sha256 : NULL, ps->titles,
                            TITLE_ROWS_MAX, &ps->view, err, sizeof err);
        if (sr != STORE_OK) {
            reg_conn_put(r, m, sr);
            res->outcome = SUBMIT_UNAVAILABLE;
            reg_say_unavailable(&res->says, "nothing was stored");
            return;
        }
        if (who != NULL && who->confirm) {
            if (ps->view.token_account != who->account_id) {
                reg_conn_put(r, m, STORE_OK);
                unconfirmed(r, who, res);
                return;
            }
            res->token_confirmed = 1;
        }
        if (ps->view.same_id != 0) {
            reg_conn_put(r, m, STORE_OK);
            res->id = ps->view.same_id;
            sr = load_receipt(r, res->id, &ps->receipt, err, sizeof err);
            if (sr == STORE_OK) {
                res->outcome = SUBMIT_DUPLICATE;
                res->receipt = &ps->receipt;
                res->says.code = "duplicate";
                return;
            }
            res->outcome = SUBMIT_UNAVAILABLE;
            reg_say_unavailable(&res->says, "nothing was stored");
            return;
        }
        rc = reg_title_judge(r, &q, ps->titles, ps->view.n, &v);
        if (rc != 0) {
            reg_conn_put(r, m, STORE_OK);
            if (rc < 0) {
                res->outcome = SUBMIT_ERROR;
                reg_say(&res->says, "internal", "", "out of memory");
                return;
            }
            res->outcome = v.status == 422 ? SUBMIT_BAD_RENEWAL : SUBMIT_CONFLICT;
            reg_say_split(&res->says, v.code, v.message);
            return;
        }
    }
    memset(&opt, 0, sizeof opt);
    opt.on = today;
    store_holds_init(&held, m);
    if (ps->view.complete)
        store_holds_preload(&held, ps->app.enterprise.uscc, &today, ps->titles, ps->view.n);
    reg.holds = store_holds;
    reg.ctx = &held;
    opt.registry = &reg;
    opt.leading = r->leading;
    opt.sme_size = r->sme_size;
    findings_init(&ps->findings);
    if (rules_evaluate(&ps->app, rs_used, &opt, &ps->findings) != 0) {
        reg_conn_put(r, m, STORE_OK);
        res->outcome = SUBMIT_ERROR;
        reg_say(&res->says, "internal", "", "the rules could not judge this application");
        return;
    }
    /* a failed lookup judged "unknown" (needs review): the link may be gone */
    reg_conn_put(r, m, held.failed ? store_classify(held.errnum) : STORE_OK);
    res->judge_us = now_us() - t0;

    registry_submission_rows(&ps->app, &ps->findings, (int)rs_used, ps->rows, &sn);
    sn.doc = doc;
    sn.doc_len = len;
    memcpy(sn.sha256, sha, sizeof sha);
    sn.account_id = who != NULL ? who->account_id : 0;
    sn.year = today.y;
    sn.replaces_id = replaces;
    if (submitted_at != NULL && submitted_at[0] != '\0')
        snprintf(sn.submitted_at, sizeof sn.submitted_at, "%s", submitted_at);
    else
        submission_now(sn.submitted_at);
    if (r->batcher != NULL)
        sr = store_batcher_store(r->batcher, &sn, &res->id, err, sizeof err);
    else
        sr = store_alone(r, &sn, &res->id, err, sizeof err);
    reg_write_note(sr);
    switch (sr) {
    case STORE_FULL:
        res->outcome = SUBMIT_CANNOT_WRITE;
        reg_say_cannot_write(&res->says);
        return;
    case STORE_OK:
        res->outcome = SUBMIT_STORED;
        res->eligible = strcmp(sn.status, "received") == 0;
        /* the receipt of what was just committed, without reading it back */
        submission_receipt(&sn, res->id, who != NULL ? who->name : "", &ps->receipt);
        res->receipt = &ps->receipt;
        res->says.code = "stored";
        return;
    case STORE_DUPLICATE:
        sr = load_receipt(r, res->id, &ps->receipt, err, sizeof err);
        if (sr == STORE_OK) {
            res->outcome = SUBMIT_DUPLICATE;
            res->receipt = &ps->receipt;
            res->says.code = "duplicate";
            return;
        }
        break;
    case STORE_NOT_FOUND:
        res->outcome = SUBMIT_NOT_FOUND;
        reg_say(&res->says, "not-found", "要更正的申请不存在", "%s (?replaces=)", err);
        return;
    case STORE_CONFLICT:
        res->outcome = SUBMIT_CANNOT_REPLACE;
        reg_say(&res->says, "cannot-replace", "这份申请不能被更正", "%s", err);
        return;
    case STORE_CONN:
        /* Lost while storing, even on a fresh connection: if it went during
         * COMMIT, the application may be stored although no answer said so. */
        res->outcome = SUBMIT_UNKNOWN;
        reg_say(&res->says, "database-unavailable",
                "与登记数据库的连接在保存时中断，申请可能已保存，也可能没有；请稍后重新提交同一份文件",
                "the connection to the registry database was lost while storing; the "
                "application may or may not have been stored. Post the same document again in "
                "a few seconds: if it was stored, the answer is 200 with its receipt");
        return;
    default:
        break;
    }
    if (sr == STORE_CONN || sr == STORE_RETRY) {
        res->outcome = SUBMIT_UNAVAILABLE;
        reg_say_unavailable(&res->says, "nothing was changed");
    } else {
        res->outcome = SUBMIT_ERROR;
        reg_say_error(&res->says, err);
    }
}

void registry_submit(struct registry *r, const struct principal *who, const char *doc,
                     size_t len, uint64_t replaces, struct submit_result *res)
{
    submit(r, who, doc, len, replaces, date_today_cst(), NULL, res);
    if (who != NULL && who->confirm && !res->token_confirmed &&
        res->outcome != SUBMIT_UNAVAILABLE)
        confirm_refusal(r, who, res);
}

void registry_submit_dated(struct registry *r, const char *doc, size_t len,
                           const struct tier_date *on, const char *submitted_at,
                           struct submit_result *res)
{
    submit(r, NULL, doc, len, 0, *on, submitted_at, res);
}

/* ---- reads ------------------------------------------------------------------------ */

static enum read_outcome not_in_scope(uint64_t id, struct reg_says *says)
{
    reg_say(says, "not-found", "您的权限范围内没有这份申请", "no submission %llu in your scope",
            (unsigned long long)id);
    return READ_NOT_FOUND;
}

enum read_outcome registry_receipt(struct registry *r, const struct principal *who, uint64_t id,
                                   struct receipt *out, struct reg_says *says)
{
    char err[512] = "";
    enum store_result sr = load_receipt(r, id, out, err, sizeof err);

    if (sr == STORE_NOT_FOUND || (sr == STORE_OK && !registry_in_scope(who, out->uscc, out->city)))
        return not_in_scope(id, says);
    return sr == STORE_OK ? READ_OK : reg_read_failed(sr, err, says);
}

enum read_outcome registry_document(struct registry *r, const struct principal *who,
                                    uint64_t id, char **doc, size_t *len, struct reg_says *says)
{
    char err[512] = "", uscc[19], city[7];
    struct db_conn *m = reg_conn_get(r, err, sizeof err);
    enum store_result sr;

    *doc = NULL;
    *len = 0;
    if (m == NULL)
        return reg_read_failed(STORE_CONN, err, says);
    sr = submission_document(m, id, doc, len, uscc, city, err, sizeof err);
    reg_conn_put(r, m, sr);
    if (sr == STORE_OK && !registry_in_scope(who, uscc, city)) {
        free(*doc);
        *doc = NULL;
        sr = STORE_NOT_FOUND;
    }
    if (sr == STORE_NOT_FOUND)
        return not_in_scope(id, says);
    return sr == STORE_OK ? READ_OK : reg_read_failed(sr, err, says);
}

/* Narrow f to what who may see: an enterprise its own, a city reviewer its
 * city; another city's list is as absent as another city's application.
 * 0, or -1 with says (not found). */
static int list_scope(const struct principal *who, struct submission_filter *f,
                      struct reg_says *says)
{
    if (who->role == ROLE_ENTERPRISE) {
        f->uscc = who->uscc;
    } else if (who->role == ROLE_CITY_REVIEWER) {
        if (f->city != NULL && strcmp(f->city, who->city) != 0) {
            reg_say(says, "not-found", "您的权限范围内没有该城市的申请",
                    "a city reviewer of %s may list only that city's applications; there are "
                    "none of %s in your scope", who->city, f->city);
            return -1;
        }
        f->city = who->city;
    }
    return 0;
}

enum read_outcome registry_status_counts(struct registry *r, const struct principal *who,
                                         struct submission_filter *f, long counts[REG_STATUSES],
                                         struct reg_says *says)
{
    char err[512] = "";
    struct db_conn *m;
    enum store_result sr;

    for (int i = 0; i < REG_STATUSES; i++)
        counts[i] = 0;
    if (list_scope(who, f, says) != 0)
        return READ_NOT_FOUND;
    if (f->uscc != NULL) {
        /* an enterprise's own few: nothing to count for a queue */
        return READ_OK;
    }
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL)
        return reg_read_failed(STORE_CONN, err, says);
    sr = submission_status_counts(m, f, registry_statuses, REG_STATUSES, REG_STATUS_COUNT_CAP,
                                  counts, err, sizeof err);
    reg_conn_put(r, m, sr);
    return sr == STORE_OK ? READ_OK : reg_read_failed(sr, err, says);
}

const char *const registry_statuses[REG_STATUSES] = {"received", "ineligible", "recommended",
                                                     "returned", "approved", "rejected"};

static enum store_result list_rows(struct registry *r, const struct submission_filter *f,
                                   struct submission_row *rows, int *n, int *more, char *err,
                                   size_t errsz)
{
    struct db_conn *m = reg_conn_get(r, err, errsz);
    enum store_result sr;

    if (m == NULL)
        return STORE_CONN;
    sr = submission_list(m, f, rows, n, more, err, errsz);
    reg_conn_put(r, m, sr);
    return sr;
}

enum read_outcome registry_list(struct registry *r, const struct principal *who,
                                struct submission_filter *f, struct submission_row *rows,
                                int *n, int *more, struct reg_says *says)
{
    char err[512] = "";
    enum store_result sr;

    *n = 0;
    *more = 0;
    if (list_scope(who, f, says) != 0)
        return READ_NOT_FOUND;
    sr = list_rows(r, f, rows, n, more, err, sizeof err);
    return sr == STORE_OK ? READ_OK : reg_read_failed(sr, err, says);
}

enum read_outcome registry_enterprise(struct registry *r, const struct principal *who,
                                      const char *uscc, struct submission_row *rows, int *n,
                                      struct reg_says *says)
{
    struct submission_filter f;
    char err[512] = "";
    enum store_result sr;
    int more = 0;

    *n = 0;
    if (uscc_check(uscc, strlen(uscc), NULL) != USCC_OK) {
        reg_say(says, "not-found", "统一社会信用代码无效",
                "'%.32s' is not a valid unified social credit code", uscc);
        return READ_NOT_FOUND;
    }
    memset(&f, 0, sizeof f);
    f.uscc = uscc;
    f.limit = SUBMISSION_PAGE_MAX;
    sr = list_rows(r, &f, rows, n, &more, err, sizeof err);
    if (sr != STORE_OK)
        return reg_read_failed(sr, err, says);
    if (*n == 0 || !registry_in_scope(who, rows[0].uscc, rows[0].city)) {
        *n = 0;
        reg_say(says, "not-found", "您的权限范围内没有这家企业", "no enterprise %s in your scope", uscc);
        return READ_NOT_FOUND;
    }
    return READ_OK;
}

enum read_outcome registry_decisions_xml(struct registry *r, const struct principal *who,
                                         uint64_t id, struct buf *out, struct reg_says *says)
{
    char err[512] = "", uscc[19], city[7];
    struct db_conn *m = reg_conn_get(r, err, sizeof err);
    enum store_result sr;

    if (m == NULL)
        return reg_read_failed(STORE_CONN, err, says);
    /* the same scope as reading the submission */
    sr = submission_owner(m, id, uscc, city, err, sizeof err);
    if (sr == STORE_OK && !registry_in_scope(who, uscc, city))
        sr = STORE_NOT_FOUND;
    if (sr == STORE_OK)
        sr = decision_list_xml(m, id, out, err, sizeof err);
    reg_conn_put(r, m, sr);
    if (sr == STORE_NOT_FOUND)
        return not_in_scope(id, says);
    return sr == STORE_OK ? READ_OK : reg_read_failed(sr, err, says);
}

int registry_submit_precheck(const char *doc, size_t len, struct ingest_errors *errs)
{
    enum ingest_status st = ingest_prescan(doc, len, NULL, errs);

    return st == INGEST_OK ? 0 : (int)st;
}
