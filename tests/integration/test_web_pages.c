/*
 * test_web_pages.c — the reviewers' pages against a real tierd and MariaDB:
 * sign-in (wrong password, lock-out, the audit rows and the metric),
 * sessions (sign-out, expiry by the database's clock), the queue, an
 * application, a decision refused and kept, the CSRF refusal that changes
 * nothing, another city's application as the not-found page, the headers
 * of every page, and at the end the browser flows in headless Chromium
 * (tests/browser/pages.py) against this same daemon.
 */
#include "harness.h"

#include "tier/date.h"

#include <CUnit/Basic.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PW "correct horse battery"

static char admin[128], id_a[32], id_b[32], id_c[32], id_q[32];

static int set_password(const char *name, int via_stdin)
{
    char *out = NULL;
    int rc;

    if (via_stdin)
        rc = harness_sh(&out, "printf '%%s\\n' '%s' | %s account passwd %s", PW,
                        harness_bin("tierctl"), name);
    else
        rc = harness_sh(&out, "printf '%%s\\n' '%s' > '%s/pw' && %s account passwd %s "
                              "--password-file '%s/pw'",
                        PW, harness_dir(), harness_bin("tierctl"), name, harness_dir());
    if (rc != 0)
        fprintf(stderr, "passwd %s: %s\n", name, out ? out : "");
    free(out);
    return rc;
}

static int post_doc(const char *path, const char *city, int variant, char *id)
{
    struct http_reply r;
    size_t len;
    char *d = harness_slurp(path, &len), *c;
    char loc[128];

    if (d == NULL || (c = realloc(d, len + (size_t)variant + 1)) == NULL) {
        free(d);
        return -1;
    }
    d = c;
    memset(d + len, '\n', (size_t)variant); /* a distinct copy: trailing new lines */
    len += (size_t)variant;
    d[len] = '\0';
    if (city != NULL) {
        char *u = strstr(d, "<uscc>"), *v = strstr(d, "<division>");
        if (u == NULL || v == NULL) {
            free(d);
            return -1;
        }
        memcpy(u + 6, "91370203MA3T1U2W06", 18);
        memcpy(v + 10, city, 6);
    }
    http_req(admin, "POST", "/v1/submissions", "application/xml", d, len, &r);
    free(d);
    if (r.status != 201) {
        fprintf(stderr, "post: %d %s\n", r.status, r.body ? r.body : "");
        http_reply_free(&r);
        return -1;
    }
    http_reply_header(&r, "Location", loc, sizeof loc);
    snprintf(id, 32, "%.31s", loc + strlen("/v1/submissions/"));
    http_reply_free(&r);
    return 0;
}

static int suite_init(void)
{
    char tok[128], *out = NULL;
    int rc;

    if (harness_start() != 0)
        return -1;
    if (harness_account("admin", "--role admin", admin, sizeof admin) != 0 ||
        harness_account("jinan", "--role city-reviewer --city 370100", tok, sizeof tok) != 0 ||
        harness_account("qingdao", "--role city-reviewer --city 370200", tok, sizeof tok) != 0 ||
        harness_account("province", "--role province-reviewer", tok, sizeof tok) != 0 ||
        harness_account("province2", "--role province-reviewer", tok, sizeof tok) != 0 ||
        harness_account("locky", "--role city-reviewer --city 370100", tok, sizeof tok) != 0)
        return -1;
    if (set_password("jinan", 1) || set_password("qingdao", 0) || set_password("province", 1) ||
        set_password("province2", 0) || set_password("locky", 1) || set_password("admin", 0))
        return -1;
    rc = harness_sh(&out, "id=$(%s key generate --alg ed25519 --out '%s/keys' 2>/dev/null | "
                          "head -1) && %s key activate $id",
                    harness_bin("tierctl"), harness_dir(), harness_bin("tierctl"));
    if (rc != 0) {
        fprintf(stderr, "key: %s\n", out ? out : "");
        free(out);
        return -1;
    }
    free(out);
    if (post_doc("tests/data/specialized-sme/eligible.xml", NULL, 1, id_a) ||
        post_doc("tests/data/specialized-sme/eligible.xml", NULL, 2, id_b) ||
        post_doc("tests/data/specialized-sme/eligible.xml", NULL, 3, id_c) ||
        post_doc("tests/data/specialized-sme/eligible.xml", "370203", 4, id_q))
        return -1;
    return 0;
}

static int suite_clean(void)
{
    return harness_stop();
}

/* ---- a tiny browser: one cookie --------------------------------------------------- */

struct client {
    char cookie[128]; /* "tierd_session=…" or "" */
};

static void page(struct client *c, const char *method, const char *path, const char *form,
                 struct http_reply *r)
{
    char head[512], sc[256];

    snprintf(head, sizeof head, "Accept: text/html\r\n%s%s%s%s",
             c->cookie[0] ? "Cookie: " : "", c->cookie, c->cookie[0] ? "\r\n" : "",
             form ? "Content-Type: application/x-www-form-urlencoded\r\n" : "");
    http_do(method, path, head, form, form ? strlen(form) : 0, r);
    if (http_reply_header(r, "Set-Cookie", sc, sizeof sc) != NULL) {
        size_t n = strcspn(sc, ";");
        if (strstr(sc, "Max-Age=0") != NULL)
            c->cookie[0] = '\0';
        else
            snprintf(c->cookie, sizeof c->cookie, "%.*s", (int)n, sc);
    }
}

static int signin(struct client *c, const char *name, const char *pw)
{
    struct http_reply r;
    char form[256];
    int st;

    snprintf(form, sizeof form, "name=%s&password=%s", name, pw);
    page(c, "POST", "/signin", form, &r);
    st = r.status;
    http_reply_free(&r);
    return st;
}

/* ---- tests -------------------------------------------------------------------------- */

static void test_a_page_without_a_session_goes_to_the_signin_form(void)
{
    struct client c = {""};
    struct http_reply r;
    char loc[64], v[128];

    page(&c, "GET", "/queue", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT_STRING_EQUAL(http_reply_header(&r, "Location", loc, sizeof loc), "/signin");
    http_reply_free(&r);
    page(&c, "GET", "/signin", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "lang=\"zh-CN\""));
    CU_ASSERT_PTR_NOT_NULL(http_reply_header(&r, "Content-Security-Policy", v, sizeof v));
    CU_ASSERT_PTR_NOT_NULL(strstr(v, "default-src 'self'"));
    CU_ASSERT_STRING_EQUAL(http_reply_header(&r, "X-Frame-Options", v, sizeof v), "DENY");
    CU_ASSERT_STRING_EQUAL(http_reply_header(&r, "Referrer-Policy", v, sizeof v),
                           "same-origin");
    http_reply_free(&r);
    /* the XML API is unchanged: / without Accept: text/html is not a page */
    http_do("GET", "/", "", NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 404);
    http_reply_free(&r);
    page(&c, "GET", "/static/tierd.css", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_STRING_EQUAL(http_reply_header(&r, "Content-Type", v, sizeof v),
                           "text/css; charset=utf-8");
    http_reply_free(&r);
}

/* One sign-in POST to the daemon on `port`. */
static void signin_at(int port, const char *form, struct http_reply *r)
{
    http_do_port(port, "POST", "/signin",
                 "Accept: text/html\r\nContent-Type: application/x-www-form-urlencoded\r\n", form,
                 strlen(form), r);
}

static void test_wrong_passwords_lock_the_account_and_are_counted_and_audited(void)
{
    static const char wrong[] = "name=locky&password=wrong-password-x";
    static const char right[] = "name=locky&password=correct+horse+battery";
    struct http_reply r;
    char log[600], *n;
    int port = 0;
    pid_t other;

    /* a second daemon takes the failures: its per-address back-off is its
     * own, the account's lock is the database's and holds on both */
    snprintf(log, sizeof log, "%s/tierd-2.log", harness_dir());
    other = harness_spawn_tierd("", log, &port);
    CU_ASSERT_FATAL(other > 0);
    for (int i = 0; i < 4; i++) {
        if (i == 3)
            usleep(1100 * 1000); /* the back-off after 3 free failures: 1 s */
        signin_at(port, wrong, &r);
        CU_ASSERT_EQUAL(r.status, 200);
        CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "账户名或密码不正确"));
        CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "value=\"locky\"")); /* name kept */
        CU_ASSERT_PTR_NULL(http_reply_header(&r, "Set-Cookie", log, sizeof log));
        http_reply_free(&r);
    }
    /* too soon after the 4th: the address waits 2 s, the account is not asked */
    signin_at(port, right, &r);
    CU_ASSERT_EQUAL(r.status, 429);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "过于频繁"));
    http_reply_free(&r);
    usleep(2100 * 1000);
    signin_at(port, wrong, &r); /* the 5th locks the account */
    CU_ASSERT_EQUAL(r.status, 429);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "锁定"));
    http_reply_free(&r);
    http_do_port(port, "GET", "/metrics", "", NULL, 0, &r);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "tierd_web_signin_refused_total{reason=\"wrong-"
                                                    "password\"} 4"));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "tierd_web_signin_refused_total{reason=\"account-"
                                                    "locked\"} 1"));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "tierd_web_signin_refused_total{reason=\"address-"
                                                    "throttled\"} 1"));
    http_reply_free(&r);
    kill(other, SIGTERM);
    waitpid(other, NULL, 0);
    /* the harness's daemon, never asked before: the right password is refused */
    signin_at(harness_port(), right, &r);
    CU_ASSERT_EQUAL(r.status, 429);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "锁定"));
    CU_ASSERT_PTR_NULL(http_reply_header(&r, "Set-Cookie", log, sizeof log));
    http_reply_free(&r);
    n = harness_sql1("SELECT COUNT(*) FROM tierd.audit_log WHERE action = 'signin.failed' AND "
                     "object_id = 'locky'");
    CU_ASSERT_STRING_EQUAL(n ? n : "", "5");
    free(n);
    n = harness_sql1("SELECT COUNT(*) FROM tierd.audit_log WHERE action = 'signin.locked' AND "
                     "object_id = 'locky'");
    CU_ASSERT_STRING_EQUAL(n ? n : "", "1");
    free(n);
}

static void test_signin_signout_and_an_expired_session(void)
{
    struct client c = {""};
    struct http_reply r;
    char csrf[64], form[128], loc[64], old[128];

    CU_ASSERT_EQUAL(signin(&c, "jinan", "correct+horse+battery"), 303);
    CU_ASSERT_PTR_NOT_NULL(strstr(c.cookie, "tierd_session="));
    page(&c, "GET", "/queue", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "jinan"));
    harness_csrf(r.body, csrf, sizeof csrf);
    CU_ASSERT_EQUAL(strlen(csrf), 43);
    http_reply_free(&r);
    snprintf(old, sizeof old, "%s", c.cookie);
    snprintf(form, sizeof form, "csrf=%s", csrf);
    page(&c, "POST", "/signout", form, &r);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT_STRING_EQUAL(c.cookie, "");
    http_reply_free(&r);
    /* the old cookie is dead on the server too */
    snprintf(c.cookie, sizeof c.cookie, "%s", old);
    page(&c, "GET", "/queue", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT_STRING_EQUAL(http_reply_header(&r, "Location", loc, sizeof loc),
                           "/signin?expired=1");
    http_reply_free(&r);

    /* idle past 30 minutes by the database's clock */
    c.cookie[0] = '\0';
    CU_ASSERT_EQUAL(signin(&c, "jinan", "correct+horse+battery"), 303);
    CU_ASSERT_EQUAL(harness_sh(NULL, "scripts/db sql -e \"UPDATE tierd.web_sessions SET "
                                     "last_seen_at = NOW(6) - INTERVAL 31 MINUTE\""),
                    0);
    page(&c, "GET", "/queue", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 303);
    http_reply_free(&r);
    page(&c, "GET", "/signin?expired=1", NULL, &r);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "登录已过期"));
    http_reply_free(&r);
}

static void test_queue_application_and_a_refused_decision_kept_in_the_form(void)
{
    struct client c = {""};
    struct http_reply r;
    char path[96], csrf[64], form[512], *st;

    CU_ASSERT_EQUAL_FATAL(signin(&c, "jinan", "correct+horse+battery"), 303);
    page(&c, "GET", "/queue", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    snprintf(path, sizeof path, "/applications/%s", id_a);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, path));
    {
        /* oldest first: what has waited longest is on top */
        char pb[64];
        const char *pa = strstr(r.body, path), *pbb;
        snprintf(pb, sizeof pb, "/applications/%s\"", id_b);
        pbb = strstr(r.body, pb);
        CU_ASSERT(pa != NULL && pbb != NULL && pa < pbb);
    }
    /* each row counts its findings (the sample has one to be checked by hand) */
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "需核实 1"));
    {
        /* and the page counts each status in the reviewer's city: received as
         * the database has them, another city's not among them */
        char want[96], *n = harness_sql1("SELECT COUNT(*) FROM tierd.submissions WHERE city_code = "
                                         "'370100' AND status = 'received'");
        snprintf(want, sizeof want, "<span class=\"counts__n\">%s</span>", n ? n : "?");
        CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "各状态申请数"));
        CU_ASSERT_PTR_NOT_NULL(strstr(r.body, want));
        free(n);
    }
    http_reply_free(&r);
    http_req(admin, "GET", "/v1/submissions?status=received&city=370100", NULL, NULL, 0, &r);
    CU_ASSERT_PTR_NOT_NULL(r.body &&
                           strstr(r.body, "<findings fail=\"0\" needsReview=\"1\" judgement="));
    http_reply_free(&r);
    page(&c, "GET", path, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    harness_csrf(r.body, csrf, sizeof csrf);
    http_reply_free(&r);
    /* return without a comment: the use case's sentence, what was typed kept */
    snprintf(path, sizeof path, "/applications/%s/decisions", id_a);
    snprintf(form, sizeof form, "csrf=%s&action=return&comment=", csrf);
    page(&c, "POST", path, form, &r);
    CU_ASSERT_EQUAL(r.status, 422);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "error-summary"));
    http_reply_free(&r);
    /* without the CSRF token: 403 and nothing changes */
    snprintf(form, sizeof form, "action=return&comment=%%E8%%B5%%84%%E6%%96%%99%%E4%%B8%%8D%%E5"
                                "%%85%%A8");
    page(&c, "POST", path, form, &r);
    CU_ASSERT_EQUAL(r.status, 403);
    http_reply_free(&r);
    snprintf(form, sizeof form, "SELECT status FROM tierd.submissions WHERE id = %s", id_a);
    st = harness_sql1(form);
    CU_ASSERT_STRING_EQUAL(st ? st : "", "received");
    free(st);
    /* the certificates search: a malformed number is said in the form */
    page(&c, "GET", "/certificates?serial=nonsense", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 422);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "证书编号格式不正确"));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "value=\"nonsense\""));
    http_reply_free(&r);
    /* another city's application: the not-found page */
    snprintf(path, sizeof path, "/applications/%s", id_q);
    page(&c, "GET", path, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 404);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "未找到页面"));
    http_reply_free(&r);
    snprintf(path, sizeof path, "/applications/%s/document.xml", id_q);
    page(&c, "GET", path, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 404);
    http_reply_free(&r);
}

static void test_the_keys_page_is_the_admins_alone(void)
{
    struct client a = {""}, j = {""};
    struct http_reply r;

    CU_ASSERT_EQUAL_FATAL(signin(&a, "admin", "correct+horse+battery"), 303);
    page(&a, "GET", "/admin/keys", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "签名密钥"));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "正在使用"));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "ed25519"));
    http_reply_free(&r);
    CU_ASSERT_EQUAL_FATAL(signin(&j, "jinan", "correct+horse+battery"), 303);
    page(&j, "GET", "/admin/keys", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 404);
    http_reply_free(&r);
}

static void test_the_browser_flows_in_headless_chromium(void)
{
    char *out = NULL;
    const char *b = getenv("BUILD");
    char q[160];
    int rc;

    rc = harness_sh(&out,
                    "/usr/bin/python3 tests/browser/pages.py --base http://127.0.0.1:%d "
                    "--shots %s/screenshots --password '%s' --return %s --recommend %s "
                    "--race %s --other-city %s 2>&1",
                    harness_port(), b && *b ? b : "build", PW, id_a, id_b, id_c, id_q);
    if (rc != 0)
        fprintf(stderr, "\n%s\n", out ? out : "");
    CU_ASSERT_EQUAL(rc, 0);
    free(out);
    /* two browsers approved the same application: one certificate */
    snprintf(q, sizeof q, "SELECT COUNT(*) FROM tierd.certificates WHERE submission_id = %s", id_c);
    out = harness_sql1(q);
    CU_ASSERT_STRING_EQUAL(out ? out : "", "1");
    free(out);
}

/* The admin's pages without a browser: admins only (the not-found page for
 * others, 403 on the API), the accounts as XML, a POST without its CSRF
 * token changes nothing. */
static void test_the_admin_pages_are_the_admins_alone(void)
{
    struct client a = {""}, j = {""};
    struct http_reply r;
    char *n, csrf[64] = "", form[128];

    CU_ASSERT_EQUAL_FATAL(signin(&a, "admin", "correct+horse+battery"), 303);
    page(&a, "GET", "/admin/accounts", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "添加账户"));
    harness_csrf(r.body, csrf, sizeof csrf);
    http_reply_free(&r);
    /* an admin does not disable itself from the page */
    snprintf(form, sizeof form, "csrf=%s", csrf);
    page(&a, "POST", "/admin/accounts/admin/disable", form, &r);
    CU_ASSERT_EQUAL(r.status, 422);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "不能停用自己"));
    http_reply_free(&r);
    n = harness_sql1(
        "SELECT COUNT(*) FROM tierd.accounts WHERE name = 'admin' AND disabled_at IS NULL");
    CU_ASSERT_STRING_EQUAL(n ? n : "", "1");
    free(n);
    page(&a, "GET", "/admin/targets?year=2026", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    http_reply_free(&r);
    page(&a, "POST", "/admin/accounts", "name=no.csrf&role=admin", &r);
    CU_ASSERT_EQUAL(r.status, 403);
    http_reply_free(&r);
    n = harness_sql1("SELECT COUNT(*) FROM tierd.accounts WHERE name = 'no.csrf'");
    CU_ASSERT_STRING_EQUAL(n ? n : "", "0");
    free(n);
    http_req(admin, "GET", "/v1/accounts", NULL, NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "<account name=\"jinan\" "
                                                    "role=\"city-reviewer\""));
    http_reply_free(&r);
    CU_ASSERT_EQUAL_FATAL(signin(&j, "jinan", "correct+horse+battery"), 303);
    page(&j, "GET", "/admin/accounts", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 404);
    http_reply_free(&r);
    page(&j, "GET", "/admin/targets", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 404);
    http_reply_free(&r);
}

/* A daemon deletes expired sessions by itself (a second after it starts,
 * then every minute): one idle past 30 minutes, one older than 12 hours;
 * a live one stays. */
static void test_a_daemon_purges_expired_sessions(void)
{
    char log[512], *n;
    int port;
    pid_t other;
    long waited = 0;

    CU_ASSERT_EQUAL_FATAL(
        harness_sh(NULL,
                   "scripts/db sql -e \"INSERT INTO tierd.web_sessions (id_sha256, account_id, "
                   "csrf_secret, created_at, last_seen_at) SELECT UNHEX(SHA2('purge-idle', "
                   "256)), id, UNHEX(SHA2('x', 256)), NOW(6) - INTERVAL 1 HOUR, NOW(6) - "
                   "INTERVAL 31 MINUTE FROM tierd.accounts WHERE name = 'jinan' UNION ALL "
                   "SELECT UNHEX(SHA2('purge-old', 256)), id, UNHEX(SHA2('x', 256)), NOW(6) - "
                   "INTERVAL 13 HOUR, NOW(6) FROM tierd.accounts WHERE name = 'jinan' UNION "
                   "ALL SELECT UNHEX(SHA2('purge-live', 256)), id, UNHEX(SHA2('x', 256)), "
                   "NOW(6), NOW(6) FROM tierd.accounts WHERE name = 'jinan'\""),
        0);
    snprintf(log, sizeof log, "%s/tierd-purge.log", harness_dir());
    other = harness_spawn_tierd("", log, &port);
    CU_ASSERT_FATAL(other > 0);
    for (;;) {
        n = harness_sql1("SELECT COUNT(*) FROM tierd.web_sessions WHERE id_sha256 IN "
                         "(UNHEX(SHA2('purge-idle', 256)), UNHEX(SHA2('purge-old', 256)))");
        if ((n != NULL && strcmp(n, "0") == 0) || waited >= 10000)
            break;
        free(n);
        usleep(200 * 1000);
        waited += 200;
    }
    CU_ASSERT_STRING_EQUAL(n ? n : "", "0");
    free(n);
    n = harness_sql1("SELECT COUNT(*) FROM tierd.web_sessions WHERE id_sha256 = "
                     "UNHEX(SHA2('purge-live', 256))");
    CU_ASSERT_STRING_EQUAL(n ? n : "", "1");
    free(n);
    kill(other, SIGTERM);
    waitpid(other, NULL, 0);
}

static void test_the_admin_pages_in_headless_chromium(void)
{
    char *out = NULL;
    const char *b = getenv("BUILD");
    int rc;

    rc = harness_sh(&out,
                    "/usr/bin/python3 tests/browser/admin.py --base http://127.0.0.1:%d "
                    "--shots %s/screenshots --password '%s' --year %d 2>&1",
                    harness_port(), b && *b ? b : "build", PW, date_today_cst().y);
    if (rc != 0)
        fprintf(stderr, "\n%s\n", out ? out : "");
    CU_ASSERT_EQUAL(rc, 0);
    free(out);
    out = harness_sql1("SELECT COUNT(*) FROM tierd.audit_log WHERE object_id = 'zibo.reviewer' AND "
                       "actor = 'admin' AND action IN ('account.add', 'account.disable', "
                       "'account.enable', 'token.issue', 'account.password')");
    CU_ASSERT_STRING_EQUAL(out ? out : "", "5");
    free(out);
}

int main(void)
{
    CU_pSuite s;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("web_pages", suite_init, suite_clean);
#define T(fn) CU_add_test(s, #fn, fn)
    T(test_a_page_without_a_session_goes_to_the_signin_form);
    T(test_wrong_passwords_lock_the_account_and_are_counted_and_audited);
    T(test_signin_signout_and_an_expired_session);
    T(test_queue_application_and_a_refused_decision_kept_in_the_form);
    T(test_the_keys_page_is_the_admins_alone);
    T(test_the_browser_flows_in_headless_chromium);
    T(test_the_admin_pages_are_the_admins_alone);
    T(test_a_daemon_purges_expired_sessions);
    T(test_the_admin_pages_in_headless_chromium);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    {
        int f = (int)CU_get_number_of_failures();
        CU_cleanup_registry();
        return f ? 1 : 0;
    }
}
