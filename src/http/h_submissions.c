/*
 * h_submissions.c — the registry's front door: POST /v1/submissions and the
 * reads of submissions and enterprises.
 *
 * POST: authenticate; check the content type; parse, validate, extract and
 * judge the document (ingest + rules, with the registry's own certificates
 * answering prerequisite questions); then one transaction stores it all.
 * Deadlocks are retried (bounded); a database that is down answers 503 with
 * nothing stored. A connection lost during the transaction is retried on a
 * fresh one; when that fails too, the 503 says the outcome is unknown (the
 * COMMIT may have gone through) and that posting the same bytes again tells.
 * A 2xx is sent only after COMMIT.
 *
 * Scope: an enterprise sees only its own USCC, a city reviewer only its
 * city's enterprises (3712xx counts as 济南), a province reviewer and an admin
 * see all. Asking for something outside one's scope answers 404, exactly as
 * if it did not exist, so ids and USCCs of others do not leak.
 *
 * Threads: each libmicrohttpd worker keeps its own ingest worker (validation
 * contexts) in thread-local storage, freed when the thread ends.
 */
#include "tier/accounts.h"
#include "tier/batch.h"
#include "tier/city.h"
#include "tier/config.h"
#include "tier/db.h"
#include "tier/digest.h"
#include "tier/http.h"
#include "tier/http_auth.h"
#include "tier/http_handlers.h"
#include "tier/http_render.h"
#include "tier/ingest.h"
#include "tier/metrics.h"
#include "tier/rules.h"
#include "tier/submissions.h"
#include "tier/uscc.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define LIST_DEFAULT 50

static const char XML_TYPE[] = "application/xml; charset=utf-8";

/* ---- per-thread state -------------------------------------------------------------- */

/* The working memory of one POST: about 440 KB of plain structs. Each worker
 * thread keeps one for its life rather than allocating it per request (a
 * fresh mmap and its page faults for every application were a tenth of
 * tierd's time under load, per perf). */
struct post_state {
    struct application app;
    struct findings findings;
    struct ingest_errors errs;
    struct receipt receipt;
};

static pthread_key_t worker_key, state_key;
static pthread_once_t worker_once = PTHREAD_ONCE_INIT;

static void worker_free(void *w)
{
    ingest_worker_free(w);
}

static void worker_key_make(void)
{
    pthread_key_create(&worker_key, worker_free);
    pthread_key_create(&state_key, free);
}

static struct post_state *thread_state(void)
{
    struct post_state *ps;

    pthread_once(&worker_once, worker_key_make);
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

    pthread_once(&worker_once, worker_key_make);
    w = pthread_getspecific(worker_key);
    if (w == NULL && ingest_worker_new(&w, s) == INGEST_OK)
        pthread_setspecific(worker_key, w);
    return w;
}

/* ---- helpers ------------------------------------------------------------------------- */

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* The connection went away while storing. If it went during COMMIT, the
 * application may be stored although no answer said so (test-crash saw it
 * when MariaDB was killed or stopped under load), so "nothing was stored"
 * would be untrue. The same bytes posted again answer 200 with the receipt
 * when they were stored, 201 when not: that is the way to find out. */
static void answer_outcome_unknown(struct http_response *rs)
{
    rs->retry_after = 5;
    http_error(rs, 503, "database-unavailable",
               "the connection to the registry database was lost while storing; the "
               "application may or may not have been stored. Post the same document again in "
               "a few seconds: if it was stored, the answer is 200 with its receipt");
}

static int content_type_is_xml(const char *ct)
{
    size_t n;

    if (ct == NULL)
        return 0;
    n = strcspn(ct, "; ");
    return (n == 15 && strncasecmp(ct, "application/xml", 15) == 0) ||
           (n == 8 && strncasecmp(ct, "text/xml", 8) == 0);
}

/* ---- POST /v1/submissions ------------------------------------------------------------ */

static void respond_receipt(MYSQL *m, uint64_t id, unsigned int status, struct post_state *ps,
                            struct http_response *rs, int *broken)
{
    char err[512];
    enum store_result r = submission_load(m, id, &ps->receipt, err, sizeof err);

    if (r != STORE_OK) {
        *broken = r == STORE_CONN;
        http_store_error(rs, r, err);
        return;
    }
    rs->status = status;
    rs->content_type = XML_TYPE;
    snprintf(rs->location, sizeof rs->location, "/v1/submissions/%llu",
             (unsigned long long)id);
    if (render_receipt(&ps->receipt, &rs->body) != 0)
        http_error(rs, 500, "internal", "the receipt is larger than the response limit");
}

void h_submission_post(struct http_request *rq, struct http_response *rs)
{
    const struct http_env *env = rq->env;
    struct post_state *ps = NULL;
    struct principal who;
    struct submission_new sn;
    struct rules_options opt;
    struct rules_registry reg;
    struct store_holds_ctx held;
    struct ingest_limits lim;
    struct tier_date today = date_today_cst();
    unsigned char sha[SHA256_LEN];
    char sha_hex[SHA256_HEX_LEN + 1], err[512];
    enum ingest_status st;
    enum store_result r = STORE_ERROR;
    enum rule_set rs_used;
    uint64_t id = 0, replaces = 0;
    int64_t t0;
    int broken = 0;
    MYSQL *m;

    m = http_db_get(rq, rs);
    if (m == NULL)
        return;
    if (http_auth(rq, rs, m, &who, &broken) != 0)
        goto done;
    if (who.role != ROLE_ENTERPRISE && who.role != ROLE_ADMIN) {
        http_error(rs, 403, "forbidden",
                   "only an enterprise account (or an admin acting for one) may submit "
                   "applications; '%s' is a %s", who.name, role_name(who.role));
        goto done;
    }
    if (http_query(rq, "replaces") != NULL &&
        http_parse_id(http_query(rq, "replaces"), &replaces) != 0) {
        http_error(rs, 400, "bad-parameter", "replaces: '%.32s' is not a submission id",
                   http_query(rq, "replaces"));
        goto done;
    }
    if (!content_type_is_xml(http_header(rq, "Content-Type"))) {
        http_error(rs, 415, "unsupported-media-type",
                   "an application is sent as Content-Type: application/xml (UTF-8)");
        goto done;
    }
    ps = thread_state();
    if (ps == NULL) {
        http_error(rs, 500, "internal", "out of memory");
        goto done;
    }
    digest_sha256(rq->body.data ? rq->body.data : "", rq->body.len, sha);
    digest_hex(sha, sizeof sha, sha_hex);

    t0 = now_us();
    ingest_limits_default(&lim);
    lim.max_bytes = env->cfg->max_body;
    ingest_errors_clear(&ps->errs);
    st = ingest_application_with(env->schemas, thread_worker(env->schemas),
                                 rq->body.data ? rq->body.data : "", rq->body.len, &lim,
                                 &ps->app, &ps->errs);
    if (st != INGEST_OK) {
        metrics_validation(now_us() - t0);
        metrics_submission(-1, OUTCOME_INVALID);
        fprintf(stderr, "tierd: refused document sha256=%s from %s: %s (%d errors)\n", sha_hex,
                who.name, ingest_status_name(st), ps->errs.count + ps->errs.dropped);
        if (st == INGEST_NOMEM)
            http_error(rs, 500, "internal", "out of memory");
        else
            render_rejection(rs, st, &ps->errs, sha_hex);
        goto done;
    }
    if (who.role == ROLE_ENTERPRISE && strcmp(who.uscc, ps->app.enterprise.uscc) != 0) {
        http_error(rs, 403, "forbidden",
                   "account '%s' may submit only for its own enterprise %s; the document is "
                   "for %s (/application/enterprise/uscc)",
                   who.name, who.uscc, ps->app.enterprise.uscc);
        goto done;
    }

    /* Judge on the registry's own date (UTC+8); the rule set is the
     * document's when it names one, else the one in force today. */
    rs_used = ps->app.rule_set != RULESET_NONE ? ps->app.rule_set
                                               : rule_set_for_date(today.y, today.m, today.d);
    memset(&opt, 0, sizeof opt);
    opt.on = today;
    store_holds_init(&held, m);
    reg.holds = store_holds;
    reg.ctx = &held;
    opt.registry = &reg;
    opt.leading = env->leading;
    opt.sme_size = env->sme_size;
    findings_init(&ps->findings);
    if (rules_evaluate(&ps->app, rs_used, &opt, &ps->findings) != 0) {
        http_error(rs, 500, "internal", "the rules could not judge this application");
        goto done;
    }
    metrics_validation(now_us() - t0);

    memset(&sn, 0, sizeof sn);
    sn.app = &ps->app;
    sn.findings = &ps->findings;
    sn.rule_set = rs_used;
    sn.status = findings_overall(&ps->findings) == VERDICT_FAIL ? "ineligible" : "received";
    sn.doc = rq->body.data ? rq->body.data : "";
    sn.doc_len = rq->body.len;
    memcpy(sn.sha256, sha, sizeof sha);
    sn.account_id = who.account_id;
    sn.year = today.y;
    sn.replaces_id = replaces;
    submission_now(sn.submitted_at);
    /* The batcher stores it (with others that arrive together) and retries
     * deadlocks and lost connections; it takes connections of its own, so
     * this one goes back to the pool while the transaction runs. */
    http_db_put(rq, m, 0);
    m = NULL;
    r = store_batcher_store(env->batcher, &sn, &id, err, sizeof err);
    if (r == STORE_DUPLICATE && (m = http_db_get(rq, rs)) == NULL)
        return;
    switch (r) {
    case STORE_OK:
        metrics_submission(ps->app.tier, strcmp(sn.status, "received") == 0
                                             ? OUTCOME_RECEIVED : OUTCOME_INELIGIBLE);
        /* the receipt of what was just committed, without reading it back */
        submission_receipt(&sn, id, who.name, &ps->receipt);
        rs->status = 201;
        rs->content_type = XML_TYPE;
        snprintf(rs->location, sizeof rs->location, "/v1/submissions/%llu",
                 (unsigned long long)id);
        if (render_receipt(&ps->receipt, &rs->body) != 0)
            http_error(rs, 500, "internal", "the receipt is larger than the response limit");
        break;
    case STORE_DUPLICATE:
        metrics_submission(ps->app.tier, OUTCOME_DUPLICATE);
        respond_receipt(m, id, 200, ps, rs, &broken);
        break;
    case STORE_NOT_FOUND:
        http_error(rs, 404, "not-found", "%s (?replaces=)", err);
        break;
    case STORE_CONFLICT:
        http_error(rs, 409, "cannot-replace", "%s", err);
        break;
    default:
        if (r == STORE_CONN)
            answer_outcome_unknown(rs);
        else
            http_store_error(rs, r, err);
        break;
    }
done:
    http_db_put(rq, m, broken);
}

/* ---- GET /v1/submissions/{id} and /document ----------------------------------------- */

void h_submission_get(struct http_request *rq, struct http_response *rs)
{
    struct principal who;
    struct receipt *r = NULL;
    enum store_result sr;
    char err[512];
    uint64_t id;
    int broken = 0;
    MYSQL *m;

    m = http_db_get(rq, rs);
    if (m == NULL)
        return;
    if (http_auth(rq, rs, m, &who, &broken) != 0)
        goto done;
    if (http_submission_id(rq, rs, &id) != 0)
        goto done;
    r = malloc(sizeof *r);
    if (r == NULL) {
        http_error(rs, 500, "internal", "out of memory");
        goto done;
    }
    sr = submission_load(m, id, r, err, sizeof err);
    if (sr == STORE_NOT_FOUND || (sr == STORE_OK && !http_in_scope(&who, r->uscc, r->city))) {
        http_error(rs, 404, "not-found", "no submission %llu in your scope",
                   (unsigned long long)id);
        goto done;
    }
    if (sr != STORE_OK) {
        broken = sr == STORE_CONN;
        http_store_error(rs, sr, err);
        goto done;
    }
    rs->status = 200;
    rs->content_type = XML_TYPE;
    if (render_receipt(r, &rs->body) != 0)
        http_error(rs, 500, "internal", "the receipt is larger than the response limit");
done:
    free(r);
    http_db_put(rq, m, broken);
}

void h_submission_document(struct http_request *rq, struct http_response *rs)
{
    struct principal who;
    enum store_result sr;
    char err[512], uscc[19], city[7], *doc = NULL;
    size_t len = 0;
    uint64_t id;
    int broken = 0;
    MYSQL *m;

    m = http_db_get(rq, rs);
    if (m == NULL)
        return;
    if (http_auth(rq, rs, m, &who, &broken) != 0)
        goto done;
    if (http_submission_id(rq, rs, &id) != 0)
        goto done;
    sr = submission_document(m, id, &doc, &len, uscc, city, err, sizeof err);
    if (sr == STORE_NOT_FOUND || (sr == STORE_OK && !http_in_scope(&who, uscc, city))) {
        http_error(rs, 404, "not-found", "no submission %llu in your scope",
                   (unsigned long long)id);
        goto done;
    }
    if (sr != STORE_OK) {
        broken = sr == STORE_CONN;
        http_store_error(rs, sr, err);
        goto done;
    }
    rs->status = 200;
    rs->content_type = XML_TYPE;
    /* the bytes exactly as received */
    if (buf_add(&rs->body, doc, len) != 0)
        http_error(rs, 500, "internal", "the document is larger than the response limit");
done:
    free(doc);
    http_db_put(rq, m, broken);
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

void h_submission_list(struct http_request *rq, struct http_response *rs)
{
    struct principal who;
    struct submission_filter f;
    struct submission_row *rows = NULL;
    const char *tier = http_query(rq, "tier"), *status = http_query(rq, "status");
    const char *city = http_query(rq, "city"), *year = http_query(rq, "year");
    const char *after = http_query(rq, "after"), *limit = http_query(rq, "limit");
    const char *overall = http_query(rq, "overall");
    enum store_result sr;
    char err[512], next[512];
    long v;
    int n = 0, more = 0, broken = 0;
    MYSQL *m;

    m = http_db_get(rq, rs);
    if (m == NULL)
        return;
    if (http_auth(rq, rs, m, &who, &broken) != 0)
        goto done;
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
    /* Scope: narrow to what the caller may see. */
    if (who.role == ROLE_ENTERPRISE) {
        f.uscc = who.uscc;
    } else if (who.role == ROLE_CITY_REVIEWER) {
        if (f.city != NULL && strcmp(f.city, who.city) != 0) {
            http_error(rs, 403, "forbidden", "a city reviewer of %s may list only that city's "
                                             "applications, not %s", who.city, f.city);
            goto done;
        }
        f.city = who.city;
    }
    rows = calloc((size_t)f.limit, sizeof *rows);
    if (rows == NULL) {
        http_error(rs, 500, "internal", "out of memory");
        goto done;
    }
    sr = submission_list(m, &f, rows, &n, &more, err, sizeof err);
    if (sr != STORE_OK) {
        broken = sr == STORE_CONN;
        http_store_error(rs, sr, err);
        goto done;
    }
    if (more && n > 0) {
        /* every value in the link was validated above */
        snprintf(next, sizeof next, "/v1/submissions?after=%llu&limit=%d%s%s%s%s%s%s%s%s%s%s",
                 (unsigned long long)rows[n - 1].id, f.limit, tier ? "&tier=" : "",
                 tier ? tier : "", status ? "&status=" : "", status ? status : "",
                 overall ? "&overall=" : "", overall ? overall : "", city ? "&city=" : "",
                 city ? city : "", year ? "&year=" : "", year ? year : "");
    }
    rs->status = 200;
    rs->content_type = XML_TYPE;
    if (render_submission_list(rows, n, more && n > 0 ? next : NULL, &rs->body) != 0)
        http_error(rs, 500, "internal", "the list is larger than the response limit");
done:
    free(rows);
    http_db_put(rq, m, broken);
}

/* ---- GET /v1/enterprises/{uscc} ------------------------------------------------------- */

void h_enterprise_get(struct http_request *rq, struct http_response *rs)
{
    struct principal who;
    struct submission_filter f;
    struct submission_row *rows = NULL;
    const char *uscc = rq->params[0];
    enum store_result sr;
    char err[512];
    int n = 0, more = 0, broken = 0;
    MYSQL *m;

    m = http_db_get(rq, rs);
    if (m == NULL)
        return;
    if (http_auth(rq, rs, m, &who, &broken) != 0)
        goto done;
    if (uscc_check(uscc, strlen(uscc), NULL) != USCC_OK) {
        http_error(rs, 404, "not-found", "'%.32s' is not a valid unified social credit code",
                   uscc);
        goto done;
    }
    memset(&f, 0, sizeof f);
    f.uscc = uscc;
    f.limit = SUBMISSION_PAGE_MAX;
    rows = calloc(SUBMISSION_PAGE_MAX, sizeof *rows);
    if (rows == NULL) {
        http_error(rs, 500, "internal", "out of memory");
        goto done;
    }
    sr = submission_list(m, &f, rows, &n, &more, err, sizeof err);
    if (sr != STORE_OK) {
        broken = sr == STORE_CONN;
        http_store_error(rs, sr, err);
        goto done;
    }
    if (n == 0 || !http_in_scope(&who, rows[0].uscc, rows[0].city)) {
        http_error(rs, 404, "not-found", "no enterprise %s in your scope", uscc);
        goto done;
    }
    rs->status = 200;
    rs->content_type = XML_TYPE;
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
        rc |= buf_adds(b, "  </applications>\n</enterprise>\n");
        if (rc != 0)
            http_error(rs, 500, "internal", "the answer is larger than the response limit");
    }
done:
    free(rows);
    http_db_put(rq, m, broken);
}
