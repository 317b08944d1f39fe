/*
 * test_faults.c — every answer true under faults, over HTTP against a real
 * tierd (started with --fault-injection and db-timeout 2) and MariaDB.
 *
 * Faults are placed, not waited for: POST /v1/test/faults/{spec} arms the
 * pool's hook in tierd, so the connection is cut exactly at the COMMIT of
 * an approval, a return, a revocation or a submission, or a statement
 * fails with the server's "table is full" (1114) until disarmed. The hung
 * database is a real SIGSTOP of mariadbd.
 *
 * For each lost COMMIT the test does what the answer says (GET the
 * decisions, GET the certificate, post the same bytes again) and checks
 * that it leads to the state the database really holds.
 */
#include "harness.h"

#include <CUnit/Basic.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tier/city.h"

#define DB_TIMEOUT_S 2

static char admin[128], province[128];
static char city_tok[CITY_COUNT][128];
static int variant; /* makes every posted document's bytes new */

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *city_token(const char *city)
{
    const struct city *all = city_all();
    for (int i = 0; i < CITY_COUNT; i++) {
        if (strcmp(all[i].code, city) == 0)
            return city_tok[i];
    }
    return "";
}

/* Arm tierd's fault hook; 0 when it said so. */
static int arm(const char *spec)
{
    struct http_reply r;
    char path[128];
    int ok;

    snprintf(path, sizeof path, "/v1/test/faults/%s", spec);
    http_req(admin, "POST", path, NULL, "", 0, &r);
    ok = r.status == 200;
    if (!ok)
        fprintf(stderr, "\n    arm %s: %d %s", spec, r.status, r.body ? r.body : "");
    http_reply_free(&r);
    return ok ? 0 : -1;
}

static int suite_init(void)
{
    const struct city *all = city_all();
    char *out = NULL;
    int rc;

    harness_tierd_args("--fault-injection --db-timeout 2");
    if (harness_start() != 0)
        return -1;
    if (harness_account("admin", "--role admin", admin, sizeof admin) != 0 ||
        harness_account("province", "--role province-reviewer", province, sizeof province))
        return -1;
    for (int i = 0; i < CITY_COUNT; i++) {
        char name[32], args[64];
        snprintf(name, sizeof name, "city-%s", all[i].code);
        snprintf(args, sizeof args, "--role city-reviewer --city %s", all[i].code);
        if (harness_account(name, args, city_tok[i], sizeof city_tok[i]) != 0)
            return -1;
    }
    rc = harness_sh(&out, "%s key generate --alg ed25519 --out '%s/keys' 2>/dev/null | head -1",
                    harness_bin("tierctl"), harness_dir());
    if (rc == 0 && out != NULL) {
        char id[80];
        snprintf(id, sizeof id, "%.64s", out);
        free(out);
        out = NULL;
        rc = harness_sh(&out, "%s key activate %s", harness_bin("tierctl"), id);
    }
    if (rc != 0)
        fprintf(stderr, "test_faults: key: %s\n", out ? out : "");
    free(out);
    return rc;
}

static int suite_clean(void)
{
    return harness_stop();
}

/* A new document (the eligible unicorn with `variant` trailing newlines). */
static char *fresh_doc(size_t *len)
{
    size_t n = 0;
    char *d = harness_slurp("tests/data/unicorn/eligible.xml", &n), *e;
    int k = ++variant;

    if (d == NULL)
        return NULL;
    e = realloc(d, n + (size_t)k + 1);
    if (e == NULL) {
        free(d);
        return NULL;
    }
    memset(e + n, '\n', (size_t)k);
    e[n + (size_t)k] = '\0';
    *len = n + (size_t)k;
    return e;
}

/* Post doc; id and city of the receipt when 200 or 201; the status. */
static int post(const char *doc, size_t len, char *id, char *city, struct http_reply *r)
{
    char loc[128] = "";

    http_req(admin, "POST", "/v1/submissions", "application/xml", doc, len, r);
    id[0] = city[0] = '\0';
    if (r->status == 200 || r->status == 201) {
        if (http_reply_header(r, "Location", loc, sizeof loc) != NULL)
            snprintf(id, 32, "%.31s", loc + 16);
        else
            harness_attr(r->body, "id", id, 32);
        harness_attr(r->body, "city", city, 7);
    }
    return r->status;
}

/* A new application stored: its id and city. */
static int submitted(char *id, char *city)
{
    struct http_reply r;
    size_t len;
    char *doc = fresh_doc(&len);
    int st = doc ? post(doc, len, id, city, &r) : -1;

    if (st != 201)
        fprintf(stderr, "\n    post: %d %s", st, doc && r.body ? r.body : "");
    if (doc)
        http_reply_free(&r);
    free(doc);
    return st == 201 && id[0] ? 0 : -1;
}

static int decide(const char *token, const char *id, const char *action, const char *comment,
                  struct http_reply *r)
{
    char body[512], path[96];
    int n = snprintf(body, sizeof body,
                     "<decision xmlns=\"urn:tierd:decision:1\"><action>%s</action>%s%s%s"
                     "</decision>",
                     action, comment ? "<comment>" : "", comment ? comment : "",
                     comment ? "</comment>" : "");

    snprintf(path, sizeof path, "/v1/submissions/%s/decisions", id);
    return http_req(token, "POST", path, "application/xml", body, (size_t)n, r);
}

static int decided(const char *token, const char *id, const char *action, const char *comment)
{
    struct http_reply r;
    int st;

    decide(token, id, action, comment, &r);
    st = r.status;
    if (st != 201)
        fprintf(stderr, "\n    %s %s: %d %s", action, id, st, r.body ? r.body : "");
    http_reply_free(&r);
    return st == 201 ? 0 : -1;
}

/* How many decisions with action `action` GET …/decisions lists. */
static int count_decisions(const char *id, const char *action)
{
    struct http_reply r;
    char path[96], pat[64];
    int n = 0;

    snprintf(path, sizeof path, "/v1/submissions/%s/decisions", id);
    snprintf(pat, sizeof pat, "action=\"%s\"", action);
    http_req(admin, "GET", path, NULL, NULL, 0, &r);
    for (const char *p = r.status == 200 ? r.body : NULL; p && (p = strstr(p, pat)); p++)
        n++;
    http_reply_free(&r);
    return n;
}

/* The answer is 503, outcome-unknown, with a Retry-After and the advice. */
static void check_unknown(const struct http_reply *r, const char *advice)
{
    char ra[16];

    CU_ASSERT_EQUAL(r->status, 503);
    CU_ASSERT_PTR_NOT_NULL(http_reply_header(r, "Retry-After", ra, sizeof ra));
    CU_ASSERT_PTR_NOT_NULL(r->body && strstr(r->body, "outcome-unknown"));
    CU_ASSERT_PTR_NOT_NULL(r->body && strstr(r->body, advice));
    if (r->body == NULL || strstr(r->body, advice) == NULL)
        fprintf(stderr, "\n    wanted '%s' in: %s", advice, r->body ? r->body : "");
}

/*
 * A decision whose COMMIT is cut: "lost-reply" (it committed, the answer
 * was lost) and "drop" (cut before COMMIT reached the server). Either way
 * the answer says "unknown, GET the decisions"; doing so shows the truth,
 * and sending the decision again ends in exactly one such decision.
 */
static void decision_commit_cut(const char *kind, const char *action, int by_city)
{
    struct http_reply r;
    char id[32], city[7], spec[32], advice[96];
    const char *tok;

    CU_ASSERT_EQUAL_FATAL(submitted(id, city), 0);
    if (!by_city)
        CU_ASSERT_EQUAL_FATAL(decided(city_token(city), id, "recommend", "推荐"), 0);
    tok = by_city ? city_token(city) : province;
    snprintf(spec, sizeof spec, "%s:commit", kind);
    CU_ASSERT_EQUAL_FATAL(arm(spec), 0);
    decide(tok, id, action, "请补充材料", &r);
    snprintf(advice, sizeof advice, "GET /v1/submissions/%s/decisions", id);
    check_unknown(&r, advice);
    http_reply_free(&r);
    /* following the advice: the decisions say whether it was recorded */
    if (strcmp(kind, "lost-reply") == 0) {
        CU_ASSERT_EQUAL(count_decisions(id, action), 1);
        decide(tok, id, action, "请补充材料", &r); /* a client that sends it again anyway */
        CU_ASSERT_EQUAL(r.status, 409);            /* no second one */
        http_reply_free(&r);
    } else {
        CU_ASSERT_EQUAL(count_decisions(id, action), 0);
        CU_ASSERT_EQUAL(decided(tok, id, action, "请补充材料"), 0);
    }
    CU_ASSERT_EQUAL(count_decisions(id, action), 1);
}

static void test_approval_with_its_commit_answer_lost_says_unknown_and_the_decisions_show_it(
    void)
{
    decision_commit_cut("lost-reply", "approve", 0);
}

static void test_approval_cut_before_its_commit_says_unknown_and_resending_approves(void)
{
    decision_commit_cut("drop", "approve", 0);
}

static void test_return_with_its_commit_answer_lost_says_unknown_and_the_decisions_show_it(void)
{
    decision_commit_cut("lost-reply", "return", 1);
}

static void test_return_cut_before_its_commit_says_unknown_and_resending_returns(void)
{
    decision_commit_cut("drop", "return", 1);
}

/* An approved application's certificate serial. */
static int approved(char *serial)
{
    struct http_reply r;
    char id[32], city[7];
    int ok;

    if (submitted(id, city) != 0 || decided(city_token(city), id, "recommend", "推荐") != 0)
        return -1;
    decide(province, id, "approve", NULL, &r);
    ok = r.status == 201 && harness_attr(r.body, "serial", serial, 64) != NULL;
    http_reply_free(&r);
    return ok ? 0 : -1;
}

static int revoke_cert(const char *serial, struct http_reply *r)
{
    static const char body[] = "<revocation xmlns=\"urn:tierd:revocation:1\"><reason>测试撤销"
                               "</reason></revocation>";
    char path[128];

    snprintf(path, sizeof path, "/v1/certificates/%s/revocation", serial);
    return http_req(province, "POST", path, "application/xml", body, sizeof body - 1, r);
}

static const char *cert_status(const char *serial, char *out, size_t n)
{
    struct http_reply r;
    char path[128];

    snprintf(path, sizeof path, "/v1/certificates/%s", serial);
    http_req("", "GET", path, NULL, NULL, 0, &r);
    harness_attr(r.status == 200 ? r.body : NULL, "status", out, n);
    http_reply_free(&r);
    return out;
}

static void revocation_commit_cut(const char *kind)
{
    struct http_reply r;
    char serial[64], spec[32], advice[96], st[16];

    CU_ASSERT_EQUAL_FATAL(approved(serial), 0);
    snprintf(spec, sizeof spec, "%s:commit", kind);
    CU_ASSERT_EQUAL_FATAL(arm(spec), 0);
    revoke_cert(serial, &r);
    snprintf(advice, sizeof advice, "GET /v1/certificates/%s", serial);
    check_unknown(&r, advice);
    http_reply_free(&r);
    cert_status(serial, st, sizeof st);
    if (strcmp(kind, "lost-reply") == 0) {
        CU_ASSERT_STRING_EQUAL(st, "revoked");
        revoke_cert(serial, &r);
        CU_ASSERT_EQUAL(r.status, 409); /* already revoked: said, not done twice */
        http_reply_free(&r);
    } else {
        CU_ASSERT_STRING_EQUAL(st, "valid");
        revoke_cert(serial, &r);
        CU_ASSERT_EQUAL(r.status, 201);
        http_reply_free(&r);
        CU_ASSERT_STRING_EQUAL(cert_status(serial, st, sizeof st), "revoked");
    }
}

static void test_revocation_with_its_commit_answer_lost_says_unknown_and_the_status_shows_it(void)
{
    revocation_commit_cut("lost-reply");
}

static void test_revocation_cut_before_its_commit_says_unknown_and_resending_revokes(void)
{
    revocation_commit_cut("drop");
}

/*
 * A submission whose COMMIT is cut: the answer is either "unknown, post
 * the same bytes again" or already the truth found on a fresh connection;
 * posting again gives the one stored application, never a second.
 */
static void submission_commit_cut(const char *kind)
{
    struct http_reply r;
    size_t len = 0;
    char *doc = fresh_doc(&len);
    char id[32], city[7], id2[32], spec[32];
    int st;

    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    snprintf(spec, sizeof spec, "%s:commit", kind);
    CU_ASSERT_EQUAL_FATAL(arm(spec), 0);
    st = post(doc, len, id, city, &r);
    if (st == 503) {
        CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "Post the same document again"));
    } else {
        /* retried on a fresh connection inside tierd: the stored one, or stored now */
        CU_ASSERT(st == 200 || st == 201);
    }
    http_reply_free(&r);
    st = post(doc, len, id2, city, &r);
    CU_ASSERT(st == 200 || st == 201);
    http_reply_free(&r);
    if (id[0])
        CU_ASSERT_STRING_EQUAL(id, id2);
    st = post(doc, len, id, city, &r);
    CU_ASSERT_EQUAL(st, 200); /* one application, whatever the first answer was */
    CU_ASSERT_STRING_EQUAL(id, id2);
    http_reply_free(&r);
    free(doc);
}

static void test_submission_with_its_commit_answer_lost_is_stored_once(void)
{
    submission_commit_cut("lost-reply");
}

static void test_submission_cut_before_its_commit_is_stored_once_when_posted_again(void)
{
    submission_commit_cut("drop");
}

/* ---- "cannot write" ------------------------------------------------------------ */

static int healthz(char *reason, size_t n, int64_t *ms)
{
    struct http_reply r;
    int64_t t0 = now_ms();
    int st;

    http_req("", "GET", "/healthz", NULL, NULL, 0, &r);
    if (ms != NULL)
        *ms = now_ms() - t0;
    st = r.status;
    if (reason != NULL) {
        const char *p = r.body ? strstr(r.body, "<reason>") : NULL;
        snprintf(reason, n, "%.*s", p ? (int)strcspn(p + 8, "<") : 0, p ? p + 8 : "");
    }
    http_reply_free(&r);
    return st;
}

static long metric(const char *name)
{
    struct http_reply r;
    const char *p;
    char pat[96];
    long v = -1;

    snprintf(pat, sizeof pat, "\n%s ", name);
    http_req("", "GET", "/metrics", NULL, NULL, 0, &r);
    p = r.body ? strstr(r.body, pat) : NULL;
    if (p != NULL)
        v = strtol(p + strlen(pat), NULL, 10);
    http_reply_free(&r);
    return v;
}

/* The write's answer while the table is full: 503, Retry-After, the code. */
static void check_cannot_write(const struct http_reply *r)
{
    char ra[16] = "";

    CU_ASSERT_EQUAL(r->status, 503);
    CU_ASSERT_PTR_NOT_NULL(http_reply_header(r, "Retry-After", ra, sizeof ra));
    CU_ASSERT_EQUAL(atoi(ra), 30);
    CU_ASSERT_PTR_NOT_NULL(r->body && strstr(r->body, "cannot-write"));
    CU_ASSERT_PTR_NOT_NULL(r->body && strstr(r->body, "nothing was changed"));
}

/* After a "cannot write": /healthz degraded; disarmed, it recovers by its
 * own probe within a few checks. */
static void check_degraded_then_recovers(void)
{
    char reason[32];

    CU_ASSERT_EQUAL(healthz(reason, sizeof reason, NULL), 503);
    CU_ASSERT_STRING_EQUAL(reason, "cannot-write");
    CU_ASSERT_EQUAL(metric("tierd_db_writes_degraded"), 1);
    usleep(1500 * 1000); /* the checker's probe meets the full table too */
    CU_ASSERT_EQUAL(healthz(reason, sizeof reason, NULL), 503);
    CU_ASSERT_STRING_EQUAL(reason, "cannot-write");
    CU_ASSERT_EQUAL_FATAL(arm("none:0"), 0);
    CU_ASSERT(http_wait_status("/healthz", 200, 5000) >= 0);
    CU_ASSERT_EQUAL(metric("tierd_db_writes_degraded"), 0);
}

static void test_table_full_on_a_submission_is_503_with_retry_after_and_degrades_healthz(void)
{
    struct http_reply r;
    size_t len = 0;
    char *doc = fresh_doc(&len);
    char id[32], city[7];
    long before = metric("tierd_db_cannot_write_total");

    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL_FATAL(arm("error:1:1114:sticky"), 0);
    post(doc, len, id, city, &r);
    check_cannot_write(&r);
    http_reply_free(&r);
    CU_ASSERT(metric("tierd_db_cannot_write_total") > before);
    check_degraded_then_recovers();
    CU_ASSERT_EQUAL(post(doc, len, id, city, &r), 201); /* nothing had been stored */
    http_reply_free(&r);
    free(doc);
}

static void table_full_on_decision(const char *action, int by_city)
{
    struct http_reply r;
    char id[32], city[7];
    const char *tok;

    CU_ASSERT_EQUAL_FATAL(submitted(id, city), 0);
    if (!by_city)
        CU_ASSERT_EQUAL_FATAL(decided(city_token(city), id, "recommend", "推荐"), 0);
    tok = by_city ? city_token(city) : province;
    CU_ASSERT_EQUAL_FATAL(arm("error:1:1114:sticky"), 0);
    decide(tok, id, action, "推荐", &r);
    check_cannot_write(&r);
    http_reply_free(&r);
    CU_ASSERT_EQUAL(count_decisions(id, action), 0);
    check_degraded_then_recovers();
    CU_ASSERT_EQUAL(decided(tok, id, action, "推荐"), 0);
}

static void test_table_full_on_a_recommendation_is_503_and_recovers(void)
{
    table_full_on_decision("recommend", 1);
}

static void test_table_full_on_an_approval_is_503_and_recovers(void)
{
    table_full_on_decision("approve", 0);
}

static void test_table_full_on_a_revocation_is_503_and_recovers(void)
{
    struct http_reply r;
    char serial[64], st[16];

    CU_ASSERT_EQUAL_FATAL(approved(serial), 0);
    CU_ASSERT_EQUAL_FATAL(arm("error:1:1114:sticky"), 0);
    revoke_cert(serial, &r);
    check_cannot_write(&r);
    http_reply_free(&r);
    CU_ASSERT_STRING_EQUAL(cert_status(serial, st, sizeof st), "valid");
    check_degraded_then_recovers();
    revoke_cert(serial, &r);
    CU_ASSERT_EQUAL(r.status, 201);
    http_reply_free(&r);
}

/* ---- a database that stops answering ------------------------------------------- */

struct client {
    int kind;         /* 0 read, 1 decision, 2 submission */
    char id[32];      /* for decisions */
    char *doc;        /* for submissions: made before the threads start */
    size_t len;
    int status;
    int64_t ms;
};

static void *client_run(void *arg)
{
    struct client *c = arg;
    struct http_reply r;
    int64_t t0 = now_ms();

    if (c->kind == 0) {
        http_req(admin, "GET", "/v1/submissions", NULL, NULL, 0, &r);
    } else if (c->kind == 1) {
        decide(province, c->id, "approve", NULL, &r);
    } else {
        char id[32], city[7];
        post(c->doc, c->len, id, city, &r);
    }
    c->ms = now_ms() - t0;
    c->status = r.status;
    http_reply_free(&r);
    return NULL;
}

static pid_t db_pid(void)
{
    char path[600];
    FILE *f;
    int pid = 0;

    snprintf(path, sizeof path, "%s/mysqld.pid", harness_dir());
    f = fopen(path, "r");
    if (f != NULL) {
        if (fscanf(f, "%d", &pid) != 1)
            pid = 0;
        fclose(f);
    }
    return (pid_t)pid;
}

static void test_a_stopped_database_answers_every_client_within_the_deadline(void)
{
    enum { NCLIENT = 6 };
    struct client c[NCLIENT];
    pthread_t th[NCLIENT];
    pid_t db = db_pid();
    int64_t t0, worst_health = 0, worst_client = 0, h_ms;
    char reason[32];
    int down_seen = 0, checks = 0, slow = 0;

    CU_ASSERT_FATAL(db > 0);
    memset(c, 0, sizeof c);
    for (int i = 0; i < NCLIENT; i++) {
        char city[7];
        c[i].kind = i % 3;
        if (c[i].kind == 1) {
            CU_ASSERT_EQUAL_FATAL(submitted(c[i].id, city), 0);
            CU_ASSERT_EQUAL_FATAL(decided(city_token(city), c[i].id, "recommend", "推荐"), 0);
        }
        if (c[i].kind == 2) {
            c[i].doc = fresh_doc(&c[i].len);
            CU_ASSERT_PTR_NOT_NULL_FATAL(c[i].doc);
        }
    }
    CU_ASSERT_EQUAL_FATAL(healthz(NULL, 0, NULL), 200);
    CU_ASSERT_EQUAL_FATAL(kill(db, SIGSTOP), 0);
    t0 = now_ms();
    for (int i = 0; i < NCLIENT; i++)
        pthread_create(&th[i], NULL, client_run, &c[i]);
    /* /healthz throughout: within 100 ms each time, and soon "down" */
    while (now_ms() - t0 < (DB_TIMEOUT_S + 3) * 1000) {
        int st = healthz(reason, sizeof reason, &h_ms);
        if (h_ms > worst_health)
            worst_health = h_ms;
        checks++;
        slow += h_ms > 100;
        if (st == 503 && strncmp(reason, "database-", 9) == 0)
            down_seen = 1;
        usleep(100 * 1000);
    }
    for (int i = 0; i < NCLIENT; i++) {
        pthread_join(th[i], NULL);
        if (c[i].ms > worst_client)
            worst_client = c[i].ms;
        fprintf(stderr, "\n    client %d (%s): %d after %lld ms", i,
                c[i].kind == 0 ? "read" : c[i].kind == 1 ? "approval" : "submission", c[i].status,
                (long long)c[i].ms);
        CU_ASSERT(c[i].status == 503 || c[i].status == 200 || c[i].status == 201);
        CU_ASSERT(c[i].ms <= (DB_TIMEOUT_S + 2) * 1000);
        free(c[i].doc);
    }
    kill(db, SIGCONT);
    fprintf(stderr, "\n    stopped database: slowest client %lld ms (limit %d); /healthz "
                    "slowest %lld ms, %d of %d over 100 ms ",
            (long long)worst_client, (DB_TIMEOUT_S + 2) * 1000, (long long)worst_health, slow,
            checks);
    /* /healthz reads memory only; on this shared 2-core machine the
     * scheduler alone sometimes takes a client 100 ms: one such answer is
     * let pass, none over 300 ms. Under ThreadSanitizer (5-15 times slower
     * everywhere) only the bound on the clients is checked. */
#ifndef __SANITIZE_THREAD__
    CU_ASSERT(slow <= 1);
    CU_ASSERT(worst_health <= 300);
#endif
    CU_ASSERT(down_seen);
    /* back: right at once, stale pooled connections replaced */
    CU_ASSERT(http_wait_status("/healthz", 200, 10000) >= 0);
    {
        char id[32], city[7];
        CU_ASSERT_EQUAL(submitted(id, city), 0);
    }
}

static void test_healthz_is_right_on_the_first_request_after_a_database_restart(void)
{
    struct http_reply r;

    CU_ASSERT_EQUAL_FATAL(healthz(NULL, 0, NULL), 200);
    CU_ASSERT_EQUAL_FATAL(harness_db_stop(), 0);
    CU_ASSERT(http_wait_status("/healthz", 503, 5000) >= 0);
    CU_ASSERT_EQUAL_FATAL(harness_db_start(), 0);
    CU_ASSERT(http_wait_status("/healthz", 200, 5000) >= 0);
    /* the first read after it: on a fresh link, not a stale one */
    http_req(admin, "GET", "/v1/submissions", NULL, NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    http_reply_free(&r);
}

/* decide() with an Idempotency-Key header. */
static int decide_keyed(const char *token, const char *id, const char *action, const char *key,
                        struct http_reply *r)
{
    char body[256], path[96], h[512];
    int n = snprintf(body, sizeof body,
                     "<decision xmlns=\"urn:tierd:decision:1\"><action>%s</action>"
                     "<comment>批准</comment></decision>",
                     action);

    snprintf(path, sizeof path, "/v1/submissions/%s/decisions", id);
    snprintf(h, sizeof h, "Authorization: Bearer %s\r\nContent-Type: application/xml\r\n"
                          "Idempotency-Key: %s\r\n", token, key);
    return http_do("POST", path, h, body, (size_t)n, r);
}

/*
 * With an Idempotency-Key the lost COMMIT needs no reading: the approval
 * sent again with the same key answers 201 with the first one's decision
 * and certificate when it had committed, and approves now when it had not.
 * Exactly one approval and one certificate either way.
 */
static void keyed_approval(const char *kind)
{
    struct http_reply r;
    char id[32], city[7], spec[32], key[48], dec1[24] = "", serial1[64] = "", dec2[24],
        serial2[64];

    CU_ASSERT_EQUAL_FATAL(submitted(id, city), 0);
    CU_ASSERT_EQUAL_FATAL(decided(city_token(city), id, "recommend", "推荐"), 0);
    snprintf(key, sizeof key, "approve-%s-%d", id, variant);
    snprintf(spec, sizeof spec, "%s:commit", kind);
    CU_ASSERT_EQUAL_FATAL(arm(spec), 0);
    decide_keyed(province, id, "approve", key, &r);
    check_unknown(&r, "send it again with the same Idempotency-Key");
    http_reply_free(&r);
    decide_keyed(province, id, "approve", key, &r);
    CU_ASSERT_EQUAL(r.status, 201);
    harness_attr(r.body, "decision", dec1, sizeof dec1);
    harness_attr(r.body, "serial", serial1, sizeof serial1);
    http_reply_free(&r);
    CU_ASSERT(serial1[0] != '\0');
    /* and again: the same answer, nothing new */
    decide_keyed(province, id, "approve", key, &r);
    CU_ASSERT_EQUAL(r.status, 201);
    harness_attr(r.body, "decision", dec2, sizeof dec2);
    harness_attr(r.body, "serial", serial2, sizeof serial2);
    http_reply_free(&r);
    CU_ASSERT_STRING_EQUAL(dec1, dec2);
    CU_ASSERT_STRING_EQUAL(serial1, serial2);
    CU_ASSERT_EQUAL(count_decisions(id, "approve"), 1);
    /* the same key for another decision is refused, saying why */
    decide_keyed(province, id, "reject", key, &r);
    CU_ASSERT_EQUAL(r.status, 409);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "idempotency-key-reused"));
    http_reply_free(&r);
}

static void test_approval_sent_again_with_its_idempotency_key_after_a_lost_answer_is_the_first(
    void)
{
    keyed_approval("lost-reply");
}

static void test_approval_sent_again_with_its_idempotency_key_after_a_cut_approves_once(void)
{
    keyed_approval("drop");
}

static void test_a_malformed_idempotency_key_is_refused(void)
{
    struct http_reply r;
    char id[32], city[7];

    CU_ASSERT_EQUAL_FATAL(submitted(id, city), 0);
    decide_keyed(city_token(city), id, "recommend", "has space", &r);
    CU_ASSERT_EQUAL(r.status, 422);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "bad-idempotency-key"));
    http_reply_free(&r);
}

static void test_without_fault_injection_the_fault_route_does_not_exist(void)
{
    struct http_reply r;
    char log[600], auth[200];
    int port = 0;
    pid_t pid;

    snprintf(log, sizeof log, "%s/tierd-plain.log", harness_dir());
    pid = harness_spawn_tierd("", log, &port);
    CU_ASSERT_FATAL(pid > 0);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s\r\n", admin);
    http_do_port(port, "POST", "/v1/test/faults/error:1:1114:sticky", auth, "", 0, &r);
    CU_ASSERT_EQUAL(r.status, 404);
    http_reply_free(&r);
    http_do_port(port, "POST", "/v1/test/faults/none:0", "", "", 0, &r);
    CU_ASSERT_EQUAL(r.status, 404); /* not even a token is asked for */
    http_reply_free(&r);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("faults", suite_init, suite_clean);
#define T(fn, name) CU_add_test(s, name, fn)
    T(test_without_fault_injection_the_fault_route_does_not_exist,
      "without --fault-injection the fault route does not exist");
    T(test_approval_with_its_commit_answer_lost_says_unknown_and_the_decisions_show_it,
      "an approval whose COMMIT answer is lost says unknown; the decisions show it");
    T(test_approval_cut_before_its_commit_says_unknown_and_resending_approves,
      "an approval cut before its COMMIT says unknown; sending it again approves");
    T(test_return_with_its_commit_answer_lost_says_unknown_and_the_decisions_show_it,
      "a return whose COMMIT answer is lost says unknown; the decisions show it");
    T(test_return_cut_before_its_commit_says_unknown_and_resending_returns,
      "a return cut before its COMMIT says unknown; sending it again returns");
    T(test_approval_sent_again_with_its_idempotency_key_after_a_lost_answer_is_the_first,
      "an approval sent again with its Idempotency-Key after a lost answer is the first one");
    T(test_approval_sent_again_with_its_idempotency_key_after_a_cut_approves_once,
      "an approval sent again with its Idempotency-Key after a cut approves once");
    T(test_a_malformed_idempotency_key_is_refused, "a malformed Idempotency-Key is refused");
    T(test_revocation_with_its_commit_answer_lost_says_unknown_and_the_status_shows_it,
      "a revocation whose COMMIT answer is lost says unknown; the status shows it");
    T(test_revocation_cut_before_its_commit_says_unknown_and_resending_revokes,
      "a revocation cut before its COMMIT says unknown; sending it again revokes");
    T(test_submission_with_its_commit_answer_lost_is_stored_once,
      "a submission whose COMMIT answer is lost is stored once");
    T(test_submission_cut_before_its_commit_is_stored_once_when_posted_again,
      "a submission cut before its COMMIT is stored once when posted again");
    T(test_table_full_on_a_submission_is_503_with_retry_after_and_degrades_healthz,
      "table full on a submission: 503 + Retry-After, /healthz degraded, recovery");
    T(test_table_full_on_a_recommendation_is_503_and_recovers,
      "table full on a recommendation: 503 + Retry-After, /healthz degraded, recovery");
    T(test_table_full_on_an_approval_is_503_and_recovers,
      "table full on an approval: 503 + Retry-After, /healthz degraded, recovery");
    T(test_table_full_on_a_revocation_is_503_and_recovers,
      "table full on a revocation: 503 + Retry-After, /healthz degraded, recovery");
    T(test_a_stopped_database_answers_every_client_within_the_deadline,
      "a stopped database (SIGSTOP): every client within db-timeout + 2 s, /healthz within "
      "100 ms");
    T(test_healthz_is_right_on_the_first_request_after_a_database_restart,
      "/healthz is right on the first request after a database restart");
#undef T
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed() +
             CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
