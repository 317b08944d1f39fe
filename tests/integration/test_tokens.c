/*
 * test_tokens.c — tokens expire by default, can be listed and revoked one by
 * one, a disabled account can be enabled again, and wrong tokens from one
 * address are throttled with back-off, counted in /metrics and audited.
 * Real tierd, real MariaDB.
 */
#include "harness.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char tok[128];

static int suite_init(void)
{
    if (harness_start() != 0)
        return -1;
    return harness_account("tok-prov", "--role province-reviewer", tok, sizeof tok);
}

static int suite_clean(void)
{
    return harness_stop();
}

static int status_of(const char *token)
{
    struct http_reply r;
    int st;

    if (http_req(token, "GET", "/v1/submissions", NULL, NULL, 0, &r) != 0)
        return -1;
    st = r.status;
    http_reply_free(&r);
    return st;
}

/* The id of the last token listed for name, or 0. */
static long last_token_id(const char *name, char *state, size_t n)
{
    char *out = NULL, *line, *save = NULL;
    long id = 0;

    if (harness_sh(&out, "%s token list %s", harness_bin("tierctl"), name) != 0) {
        free(out);
        return 0;
    }
    for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        long v = strtol(line, NULL, 10);
        if (v > 0) {
            id = v;
            snprintf(state, n, "%s", strrchr(line, ' ') ? strrchr(line, ' ') + 1 : "");
        }
    }
    free(out);
    return id;
}

static void test_a_token_expires_after_90_days_by_default(void)
{
    char *out = NULL, want[16];
    time_t t = time(NULL) + 90 * 86400;
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(want, sizeof want, "%Y-%m-%d", &tm);
    CU_ASSERT_EQUAL_FATAL(harness_sh(&out, "%s token list tok-prov", harness_bin("tierctl")), 0);
    /* the server's clock is this machine's; a test run at midnight may see the next day */
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, want) : NULL);
    CU_ASSERT_PTR_NULL(out ? strstr(out, "never") : "x");
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "valid") : NULL);
    free(out);
    out = NULL;
    CU_ASSERT_EQUAL(harness_sh(&out, "%s token issue tok-prov --no-expiry >/dev/null && %s token "
                                     "list tok-prov", harness_bin("tierctl"),
                               harness_bin("tierctl")), 0);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "never") : NULL);
    free(out);
}

static void test_a_revoked_token_stops_working_and_others_do_not(void)
{
    char t2[128], state[32] = "";
    long id;

    CU_ASSERT_EQUAL_FATAL(harness_account("tok-rev", "--role province-reviewer", t2, sizeof t2), 0);
    CU_ASSERT_EQUAL(status_of(t2), 200);
    id = last_token_id("tok-rev", state, sizeof state);
    CU_ASSERT_FATAL(id > 0);
    CU_ASSERT_STRING_EQUAL(state, "valid");
    CU_ASSERT_EQUAL(harness_sh(NULL, "%s token revoke %ld", harness_bin("tierctl"), id), 0);
    CU_ASSERT_EQUAL(status_of(t2), 401);
    CU_ASSERT_EQUAL(status_of(tok), 200);
    last_token_id("tok-rev", state, sizeof state);
    CU_ASSERT_STRING_EQUAL(state, "revoked");
    /* twice is refused with a sentence, exit 1 */
    CU_ASSERT_EQUAL(harness_sh(NULL, "%s token revoke %ld", harness_bin("tierctl"), id), 1);
    CU_ASSERT_EQUAL(harness_sh(NULL, "%s token revoke abc", harness_bin("tierctl")), 2);
}

static void test_a_disabled_account_enabled_again_gets_its_tokens_back(void)
{
    char t3[128], *out = NULL;

    CU_ASSERT_EQUAL_FATAL(harness_account("tok-dis", "--role province-reviewer", t3, sizeof t3), 0);
    CU_ASSERT_EQUAL(harness_sh(NULL, "%s account disable tok-dis", harness_bin("tierctl")), 0);
    CU_ASSERT_EQUAL(status_of(t3), 401);
    CU_ASSERT_EQUAL(harness_sh(NULL, "%s account enable tok-dis", harness_bin("tierctl")), 0);
    CU_ASSERT_EQUAL(status_of(t3), 200);
    CU_ASSERT_EQUAL(harness_sh(NULL, "%s account enable tok-dis", harness_bin("tierctl")), 1);
    CU_ASSERT_EQUAL(harness_sh(&out, "scripts/db sql -N -e \"SELECT COUNT(*) FROM audit_log "
                                     "WHERE action IN ('account.enable', 'token.revoke')\""), 0);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "2") : NULL);
    free(out);
}

/* POST a copy of the 专精特新 sample (a comment makes each copy new bytes), or
 * `doc` when given; the status. */
static int post_copy(const char *token, const char *doc)
{
    static int n;
    struct http_reply r;
    size_t len = 0;
    char *d = doc ? NULL : harness_slurp("tests/data/specialized-sme/eligible.xml", &len);
    char *body = malloc(len + (doc ? strlen(doc) : 0) + 64);
    int st = -1;

    if (body != NULL && (doc != NULL || d != NULL)) {
        size_t k = doc ? (size_t)sprintf(body, "%s", doc)
                       : (size_t)(memcpy(body, d, len), len) +
                             (size_t)sprintf(body + len, "\n<!-- tokens %d -->\n", ++n);
        if (http_req(token, "POST", "/v1/submissions", "application/xml", body, k, &r) == 0) {
            st = r.status;
            http_reply_free(&r);
        }
    }
    free(body);
    free(d);
    return st;
}

static long submissions(void)
{
    char *v = harness_sql1("SELECT COUNT(*) FROM submissions");
    long n = v ? atol(v) : -1;

    free(v);
    return n;
}

/* A submission takes a token that passed a minute ago from memory and
 * confirms it in the statement that reads the enterprise's titles: once
 * revoked, the token submits nothing more, whatever it sends, and the
 * answer is the 401 of any wrong token (not a verdict on the document). */
static void test_a_token_revoked_after_it_submitted_submits_nothing_more(void)
{
    char t[128], state[32] = "";
    long id, before;

    CU_ASSERT_EQUAL_FATAL(harness_account("tok-sub", "--role admin", t, sizeof t), 0);
    CU_ASSERT_EQUAL(post_copy(t, NULL), 201);
    CU_ASSERT_EQUAL(post_copy(t, NULL), 201); /* from memory, confirmed */
    id = last_token_id("tok-sub", state, sizeof state);
    CU_ASSERT_FATAL(id > 0);
    CU_ASSERT_EQUAL(harness_sh(NULL, "%s token revoke %ld", harness_bin("tierctl"), id), 0);
    before = submissions();
    CU_ASSERT_EQUAL(post_copy(t, NULL), 401);
    CU_ASSERT_EQUAL(submissions(), before);
    /* a document that would be refused for itself gets the token's 401 too */
    CU_ASSERT_EQUAL(post_copy(t, "<not-an-application/>"), 401);
    CU_ASSERT_EQUAL(post_copy(t, NULL), 401);
    CU_ASSERT_EQUAL(submissions(), before);
}

static void test_a_disabled_accounts_token_submits_nothing_until_it_is_enabled(void)
{
    char t[128];
    long before;

    CU_ASSERT_EQUAL_FATAL(harness_account("tok-subdis", "--role admin", t, sizeof t), 0);
    CU_ASSERT_EQUAL(post_copy(t, NULL), 201);
    CU_ASSERT_EQUAL(post_copy(t, "<not-an-application/>"), 422);
    CU_ASSERT_EQUAL(harness_sh(NULL, "%s account disable tok-subdis", harness_bin("tierctl")), 0);
    before = submissions();
    CU_ASSERT_EQUAL(post_copy(t, "<not-an-application/>"), 401);
    CU_ASSERT_EQUAL(post_copy(t, NULL), 401);
    CU_ASSERT_EQUAL(submissions(), before);
    CU_ASSERT_EQUAL(harness_sh(NULL, "%s account enable tok-subdis", harness_bin("tierctl")), 0);
    CU_ASSERT_EQUAL(post_copy(t, NULL), 201);
    CU_ASSERT_EQUAL(submissions(), before + 1);
}

static long metric(const char *name)
{
    struct http_reply r;
    const char *p;
    long v = -1;

    if (http_do("GET", "/metrics", "", NULL, 0, &r) != 0)
        return -1;
    p = r.body ? strstr(r.body, name) : NULL;
    while (p != NULL && p > r.body && p[-1] != '\n')
        p = strstr(p + 1, name);
    if (p != NULL)
        v = strtol(p + strlen(name) + 1, NULL, 10);
    http_reply_free(&r);
    return v;
}

/* Last: it throttles 127.0.0.1 for a while. The harness keeps the default
 * auth-fail-limit, 10. */
static void test_wrong_tokens_are_throttled_with_back_off_counted_and_audited(void)
{
    const char *bad = "tierd_0000000000000000000000000000000000000000000000000000000000000000";
    long wrong0 = metric("tierd_auth_wrong_tokens_total");
    struct http_reply r;
    char ra[16] = "", *out = NULL;

    CU_ASSERT_FATAL(wrong0 >= 0);
    for (int i = 0; i < 10; i++)
        CU_ASSERT_EQUAL(status_of(bad), 401);
    /* now even a valid token waits: the address is throttled, not the token */
    CU_ASSERT_EQUAL_FATAL(http_req(tok, "GET", "/v1/submissions", NULL, NULL, 0, &r), 0);
    CU_ASSERT_EQUAL(r.status, 429);
    CU_ASSERT_PTR_NOT_NULL(http_reply_header(&r, "Retry-After", ra, sizeof ra));
    CU_ASSERT_STRING_EQUAL(ra, "1");
    CU_ASSERT_PTR_NOT_NULL(r.body ? strstr(r.body, "too-many-wrong-tokens") : NULL);
    http_reply_free(&r);
    CU_ASSERT_EQUAL(metric("tierd_auth_wrong_tokens_total"), wrong0 + 10);
    CU_ASSERT_EQUAL(metric("tierd_auth_throttled_total"), 1);
    CU_ASSERT(metric("tierd_auth_refused_total") >= 1);
    CU_ASSERT_EQUAL(harness_sh(&out, "scripts/db sql -N -e \"SELECT object_id, detail FROM "
                                     "audit_log WHERE action = 'auth.throttle'\""), 0);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "127.0.0.1") : NULL);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "10 wrong bearer tokens") : NULL);
    free(out);
    /* the second round waits twice as long */
    usleep(1100 * 1000);
    for (int i = 0; i < 10; i++)
        CU_ASSERT_EQUAL(status_of(bad), 401);
    CU_ASSERT_EQUAL_FATAL(http_req(tok, "GET", "/v1/submissions", NULL, NULL, 0, &r), 0);
    CU_ASSERT_EQUAL(r.status, 429);
    CU_ASSERT_PTR_NOT_NULL(http_reply_header(&r, "Retry-After", ra, sizeof ra));
    CU_ASSERT_STRING_EQUAL(ra, "2");
    http_reply_free(&r);
    /* after the wait a valid token works and clears the record */
    usleep(2100 * 1000);
    CU_ASSERT_EQUAL(status_of(tok), 200);
    CU_ASSERT_EQUAL(status_of(bad), 401);
    CU_ASSERT_EQUAL(status_of(tok), 200);
}

/* tierctl says the registry's sentence in English, or in Chinese under
 * TIERCTL_LANG=zh, and exits by the outcome: 1 for a refusal, nothing
 * changed. */
static void test_tierctl_says_refusals_in_the_chosen_language(void)
{
    char *out = NULL;

    CU_ASSERT_EQUAL(harness_sh(&out, "TIERCTL_LANG=en %s account disable no.such.account 2>&1",
                               harness_bin("tierctl")),
                    1);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "no enabled account named 'no.such.account'"));
    free(out);
    out = NULL;
    CU_ASSERT_EQUAL(harness_sh(&out, "TIERCTL_LANG=zh_CN.UTF-8 %s account disable "
                                     "no.such.account 2>&1",
                               harness_bin("tierctl")),
                    1);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "没有名为“no.such.account”的启用中账户"));
    free(out);
    out = NULL;
    CU_ASSERT_EQUAL(harness_sh(&out, "TIERCTL_LANG=zh %s account add tok.nocity --role "
                                     "city-reviewer 2>&1",
                               harness_bin("tierctl")),
                    1);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "市级审核员须选择所属城市"));
    free(out);
    out = NULL;
    CU_ASSERT_EQUAL(harness_sh(&out, "TIERCTL_LANG=zh %s target set 2026 little-giant 5 --city "
                                     "370199 2>&1",
                               harness_bin("tierctl")),
                    1);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "城市须为山东省 16 个地市之一"));
    free(out);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("tokens", suite_init, suite_clean);
    CU_add_test(s, "tierctl says refusals in the chosen language",
                test_tierctl_says_refusals_in_the_chosen_language);
    CU_add_test(s, "a token expires after 90 days by default",
                test_a_token_expires_after_90_days_by_default);
    CU_add_test(s, "a revoked token stops working and others do not",
                test_a_revoked_token_stops_working_and_others_do_not);
    CU_add_test(s, "a disabled account enabled again gets its tokens back",
                test_a_disabled_account_enabled_again_gets_its_tokens_back);
    CU_add_test(s, "a token revoked after it submitted submits nothing more",
                test_a_token_revoked_after_it_submitted_submits_nothing_more);
    CU_add_test(s, "a disabled account's token submits nothing until it is enabled",
                test_a_disabled_accounts_token_submits_nothing_until_it_is_enabled);
    CU_add_test(s, "wrong tokens are throttled with back-off, counted and audited",
                test_wrong_tokens_are_throttled_with_back_off_counted_and_audited);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed() +
             CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
