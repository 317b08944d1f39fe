/*
 * test_lifecycle.c — a title's life over HTTP against a real tierd and
 * MariaDB (issue 17), on a tierd of its own with the title checks on and its
 * day taken from a clock file: one valid title per enterprise and tier (the
 * same bytes again are still 200 with the original receipt, the same
 * application with a comment added is 409 naming the first), and a fraud
 * revocation that bars the tier with the day the bar lifts — and lets a new
 * application in once the clock file says that day has come. Time moves by
 * rewriting the clock file, never by sleeping.
 */
#include "harness.h"

#include <CUnit/Basic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tier/date.h"

static char province[128], qingdao[128], zibo[128], admin[128];
static char clock_path[600], log_path[600];
static pid_t tierd2 = -1;
static int port2;

static int set_clock(const struct tier_date *d)
{
    return harness_write_day(clock_path, d->y, d->m, d->d);
}

/* One request to this suite's tierd. */
static int req(const char *token, const char *method, const char *path, const char *body,
               struct http_reply *r)
{
    return http_req_port(port2, token, method, path, body ? "application/xml" : NULL, body,
                         body ? strlen(body) : 0, r);
}

static int suite_init(void)
{
    char args[900];
    struct tier_date today = date_today_cst();

    if (harness_start() != 0)
        return -1;
    if (harness_account("lc-admin", "--role admin", admin, sizeof admin) != 0 ||
        harness_account("lc-province", "--role province-reviewer", province, sizeof province) ||
        harness_account("lc-qingdao", "--role city-reviewer --city 370200", qingdao,
                        sizeof qingdao) ||
        harness_account("lc-zibo", "--role city-reviewer --city 370300", zibo, sizeof zibo))
        return -1;
    if (harness_key_activate() != 0)
        return -1;
    snprintf(clock_path, sizeof clock_path, "%s/clock", harness_dir());
    snprintf(log_path, sizeof log_path, "%s/tierd-lifecycle.log", harness_dir());
    if (set_clock(&today) != 0)
        return -1;
    snprintf(args, sizeof args, "--clock-file '%s' --title-checks 1", clock_path);
    tierd2 = harness_spawn_tierd(args, log_path, &port2);
    return tierd2 > 0 ? 0 : -1;
}

static int suite_clean(void)
{
    harness_stop_spawned(tierd2);
    return harness_stop();
}

/* A tier's eligible sample with `extra` (an XML comment, say) put after the
 * declaration: malloc'd. */
static char *sample(const char *tier, const char *extra)
{
    size_t len = 0;
    char path[128], *doc, *out, *decl;

    snprintf(path, sizeof path, "tests/data/%s/eligible.xml", tier);
    doc = harness_slurp(path, &len);
    if (doc == NULL)
        return NULL;
    out = malloc(len + strlen(extra) + 1);
    decl = strstr(doc, "?>");
    decl = decl != NULL ? decl + 2 : doc;
    memcpy(out, doc, (size_t)(decl - doc));
    strcpy(out + (decl - doc), extra);
    strcat(out, decl);
    free(doc);
    return out;
}

/* Post; the status, and the new id from Location into id (may be NULL). */
static int post(const char *doc, char *id, struct http_reply *r)
{
    char loc[128];

    req(admin, "POST", "/v1/submissions", doc, r);
    if (id != NULL && http_reply_header(r, "Location", loc, sizeof loc) != NULL)
        snprintf(id, 32, "%.31s", loc + 16);
    return r->status;
}

static int decide(const char *token, const char *id, const char *action, const char *extra)
{
    char body[1024], path[96];
    struct http_reply r;
    int st;

    snprintf(body, sizeof body,
             "<decision xmlns=\"urn:tierd:decision:1\"><action>%s</action>%s</decision>", action,
             extra);
    snprintf(path, sizeof path, "/v1/submissions/%s/decisions", id);
    req(token, "POST", path, body, &r);
    st = r.status;
    if (st != 201)
        fprintf(stderr, "\n    %s %s: %d %s", action, id, r.status, r.body ? r.body : "");
    http_reply_free(&r);
    return st;
}

static void test_the_same_bytes_are_200_and_a_comment_added_is_409_naming_the_first(void)
{
    char *a = sample("innovative-sme", ""), *b = sample("innovative-sme", "<!-- 再次提交 -->");
    struct http_reply r;
    char id[32] = "";

    CU_ASSERT_FATAL(a != NULL && b != NULL);
    CU_ASSERT_EQUAL(post(a, id, &r), 201);
    http_reply_free(&r);
    CU_ASSERT_EQUAL(post(a, NULL, &r), 200); /* the original receipt, answered first */
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, id));
    http_reply_free(&r);
    CU_ASSERT_EQUAL(post(b, NULL, &r), 409);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "pending"));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, id)); /* names the first */
    http_reply_free(&r);
    free(a);
    free(b);
}

static void test_a_fraud_revocation_bars_the_tier_until_three_years_on(void)
{
    char *a = sample("high-tech", ""), *b = sample("high-tech", "<!-- 新申请 -->");
    char *c = sample("high-tech", "<!-- 三年后 -->");
    struct http_reply r;
    char id[32] = "", serial[64], path[128], until[11];
    struct tier_date today = date_today_cst(), lifts, before;

    CU_ASSERT_FATAL(a != NULL && b != NULL && c != NULL);
    CU_ASSERT_EQUAL_FATAL(post(a, id, &r), 201);
    http_reply_free(&r);
    CU_ASSERT_EQUAL_FATAL(decide(qingdao, id, "recommend", ""), 201);
    snprintf(path, sizeof path, "/v1/submissions/%s/decisions", id);
    req(province, "POST", path,
        "<decision xmlns=\"urn:tierd:decision:1\"><action>approve</action></decision>", &r);
    CU_ASSERT_EQUAL_FATAL(r.status, 201);
    harness_attr(r.body, "serial", serial, sizeof serial);
    http_reply_free(&r);
    CU_ASSERT_FATAL(serial[0] != '\0');

    /* a second application while the title is valid: 409 naming it */
    CU_ASSERT_EQUAL(post(b, NULL, &r), 409);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, serial));
    http_reply_free(&r);

    snprintf(path, sizeof path, "/v1/certificates/%s/revocation", serial);
    req(province, "POST", path,
        "<revocation xmlns=\"urn:tierd:revocation:1\"><reason>研发费用造假</reason>"
        "<category>fraud</category></revocation>",
        &r);
    CU_ASSERT_EQUAL_FATAL(r.status, 201);
    http_reply_free(&r);

    /* barred: says why and until when (the revocation day + 3 years) */
    lifts = date_add_years(&today, 3);
    date_format(&lifts, until);
    CU_ASSERT_EQUAL(post(b, NULL, &r), 409);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "banned"));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "数据造假"));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, until));
    http_reply_free(&r);

    /* the last barred day, then the day the bar lifts */
    before = date_from_days(date_to_days(&lifts) - 1);
    CU_ASSERT_EQUAL_FATAL(set_clock(&before), 0);
    CU_ASSERT_EQUAL(post(b, NULL, &r), 409);
    http_reply_free(&r);
    CU_ASSERT_EQUAL_FATAL(set_clock(&lifts), 0);
    CU_ASSERT_EQUAL(post(c, NULL, &r), 201);
    if (r.status != 201)
        fprintf(stderr, "\n    after the ban: %d %s", r.status, r.body ? r.body : "");
    http_reply_free(&r);
    set_clock(&today);
    free(a);
    free(b);
    free(c);
}

/* Two applications of one enterprise and tier stored before the rule (here:
 * through the suite-wide tierd, whose checks are off): the second approval is
 * refused under the lock, naming the first's certificate. */
static void test_an_approval_rechecks_one_title_under_the_lock(void)
{
    char *a = sample("tech-sme", ""), *b = sample("tech-sme", "<!-- 重复申请 -->");
    struct http_reply r;
    char id1[32] = "", id2[32] = "", loc[128], serial[64], path[128];
    const char *ok = "<decision xmlns=\"urn:tierd:decision:1\"><action>approve</action></decision>";

    CU_ASSERT_FATAL(a != NULL && b != NULL);
    http_req(admin, "POST", "/v1/submissions", "application/xml", a, strlen(a), &r);
    CU_ASSERT_EQUAL_FATAL(r.status, 201);
    http_reply_header(&r, "Location", loc, sizeof loc);
    snprintf(id1, sizeof id1, "%.31s", loc + 16);
    http_reply_free(&r);
    http_req(admin, "POST", "/v1/submissions", "application/xml", b, strlen(b), &r);
    CU_ASSERT_EQUAL_FATAL(r.status, 201); /* the old way let it in */
    http_reply_header(&r, "Location", loc, sizeof loc);
    snprintf(id2, sizeof id2, "%.31s", loc + 16);
    http_reply_free(&r);
    CU_ASSERT_EQUAL_FATAL(decide(zibo, id1, "recommend", ""), 201);
    CU_ASSERT_EQUAL_FATAL(decide(zibo, id2, "recommend", ""), 201);
    snprintf(path, sizeof path, "/v1/submissions/%s/decisions", id1);
    req(province, "POST", path, ok, &r);
    if (r.status != 201)
        fprintf(stderr, "\n    approve %s: %d %s", id1, r.status, r.body ? r.body : "");
    CU_ASSERT_EQUAL_FATAL(r.status, 201);
    harness_attr(r.body, "serial", serial, sizeof serial);
    http_reply_free(&r);
    snprintf(path, sizeof path, "/v1/submissions/%s/decisions", id2);
    req(province, "POST", path, ok, &r);
    CU_ASSERT_EQUAL(r.status, 409);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "title-held"));
    CU_ASSERT_PTR_NOT_NULL(r.body && serial[0] && strstr(r.body, serial));
    http_reply_free(&r);

    /* a duplicate title as old data may hold one: migrate reports it, deletes nothing */
    {
        char *out = NULL;

        CU_ASSERT_EQUAL(harness_sh(&out,
                                   "scripts/db sql -e \"INSERT INTO certificates (serial, "
                                   "submission_id, enterprise_id, tier, city_code, valid_from, "
                                   "valid_until, key_id, document) SELECT 'TS-2026-DUPLICATE000000', "
                                   "%s, enterprise_id, tier, city_code, valid_from, valid_until, "
                                   "key_id, document FROM certificates WHERE serial = '%s'\"",
                                   id2, serial),
                        0);
        free(out);
        out = NULL;
        CU_ASSERT_EQUAL(harness_sh(&out, "%s migrate", harness_bin("tierctl")), 0);
        CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "note: 1 enterprise-and-tier pairs"));
        free(out);
        out = NULL;
        CU_ASSERT_EQUAL(harness_sh(&out, "scripts/db sql -N -e 'SELECT COUNT(*) FROM "
                                         "certificates WHERE tier = \"tech-sme\"'"),
                        0);
        CU_ASSERT_PTR_NOT_NULL(out && strncmp(out, "2", 1) == 0);
        free(out);
    }
    free(a);
    free(b);
}

static void test_a_revocation_category_must_be_known(void)
{
    struct http_reply r;

    req(province, "POST", "/v1/certificates/HT-2026-000000000000000000/revocation",
        "<revocation xmlns=\"urn:tierd:revocation:1\"><reason>x</reason>"
        "<category>arson</category></revocation>",
        &r);
    CU_ASSERT(r.status == 422 || r.status == 404);
    http_reply_free(&r);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("lifecycle", suite_init, suite_clean);
    CU_add_test(s, "the same bytes are 200 and a comment added is 409 naming the first",
                test_the_same_bytes_are_200_and_a_comment_added_is_409_naming_the_first);
    CU_add_test(s, "a fraud revocation bars the tier until three years on",
                test_a_fraud_revocation_bars_the_tier_until_three_years_on);
    CU_add_test(s, "an approval rechecks one title under the lock",
                test_an_approval_rechecks_one_title_under_the_lock);
    CU_add_test(s, "a revocation category must be known", test_a_revocation_category_must_be_known);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    /* a set-up that fails runs no test: that is a failure too */
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed() +
             CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
