/*
 * test_web_enterprise.c — the enterprise's pages against a real tierd and
 * MariaDB: only an enterprise has them; the tiers page says the rule set and
 * what each tier requires; an uploaded sample fills the form and is judged;
 * the form as a browser sends it, submitted twice, is one application (the
 * same use case and idempotency as POST /v1/submissions); drafts are the
 * account's own (another enterprise's id is not found), downloadable and
 * deletable; a malformed upload is refused; my certificates link to the
 * signed XML and the printable page. Then the enterprise's whole work in
 * headless Chromium (tests/browser/enterprise.py) against this same daemon.
 */
#include "harness.h"
#include "tier/buf.h"
#include "tier/web_form_xml.h"

#include <CUnit/Basic.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PW "correct horse battery"
#define SAMPLE "tests/data/specialized-sme/eligible.xml"
#define ACME_USCC "91370102MA3C4D5E7Q" /* the sample's */
#define OTHER_USCC "91370203MA3T1U2W06"

static char admin[128], city_tok[128], prov_tok[128];

struct client {
    char cookie[128];
};

static int set_password(const char *name)
{
    char *out = NULL;
    int rc = harness_sh(&out, "printf '%%s\\n' '%s' | %s account passwd %s", PW,
                        harness_bin("tierctl"), name);

    if (rc != 0)
        fprintf(stderr, "passwd %s: %s\n", name, out ? out : "");
    free(out);
    return rc;
}

static void page_ct(struct client *c, const char *method, const char *path, const char *ctype,
                    const char *body, size_t len, struct http_reply *r)
{
    char head[512], sc[256];

    snprintf(head, sizeof head, "Accept: text/html\r\n%s%s%s%s%s%s",
             c->cookie[0] ? "Cookie: " : "", c->cookie, c->cookie[0] ? "\r\n" : "",
             ctype ? "Content-Type: " : "", ctype ? ctype : "", ctype ? "\r\n" : "");
    http_do(method, path, head, body, len, r);
    if (http_reply_header(r, "Set-Cookie", sc, sizeof sc) != NULL)
        snprintf(c->cookie, sizeof c->cookie, "%.*s", (int)strcspn(sc, ";"), sc);
}

static void page(struct client *c, const char *method, const char *path, const char *form,
                 struct http_reply *r)
{
    page_ct(c, method, path, form ? "application/x-www-form-urlencoded" : NULL, form,
            form ? strlen(form) : 0, r);
}

static int signin(struct client *c, const char *name)
{
    struct http_reply r;
    int st;

    page(c, "POST", "/signin", "name=", &r); /* no password: refused, no cookie */
    http_reply_free(&r);
    {
        char form[128];
        snprintf(form, sizeof form, "name=%s&password=correct+horse+battery", name);
        page(c, "POST", "/signin", form, &r);
    }
    st = r.status;
    http_reply_free(&r);
    return st;
}

/* The multipart body of an upload form: csrf and the file. */
static char *upload_body(const char *csrf, const char *file, size_t flen, size_t *len)
{
    static const char B[] = "----tierdtest7MA4YWxkTrZu0gW";
    size_t cap = flen + 1024;
    char *b = malloc(cap);
    int n;

    if (b == NULL)
        return NULL;
    n = snprintf(b, cap,
                 "--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
                 "--%s\r\nContent-Disposition: form-data; name=\"xml\"; filename=\"a.xml\"\r\n"
                 "Content-Type: text/xml\r\n\r\n",
                 B, csrf, B);
    memcpy(b + n, file, flen);
    n += (int)flen;
    n += snprintf(b + n, cap - (size_t)n, "\r\n--%s--\r\n", B);
    *len = (size_t)n;
    return b;
}

#define UPLOAD_CT "multipart/form-data; boundary=----tierdtest7MA4YWxkTrZu0gW"

/* Percent-encode s onto out. */
static void urlenc(struct buf *out, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '.' || c == '-' || c == '_' || c == '@')
            buf_add(out, s, 1);
        else
            buf_printf(out, "%%%02X", c);
    }
}

/* What a browser sends from the page's apply form (web_html_form_fields:
 * every input and the selected option of every select, in order), with the
 * page's csrf and draft, urlencoded onto out, then "&do=ACTION". 0 or -1. */
static int form_body(const char *html, const char *action, struct buf *out)
{
    struct web_html_form hf;
    char err[256], tok[128];
    const char *d = strstr(html, "name=\"draft\" value=\"");
    size_t n;

    if (web_html_form_fields(html, strlen(html), 4096, &hf, err, sizeof err) != 0)
        return -1;
    buf_printf(out, "csrf=%s", harness_csrf(html, tok, sizeof tok) ? tok : "");
    if (d != NULL)
        buf_printf(out, "&draft=%.*s", (int)strcspn(d + 20, "\""), d + 20);
    for (size_t i = 0; i < hf.n; i++) {
        buf_adds(out, "&");
        urlenc(out, hf.f[i].name);
        buf_adds(out, "=");
        urlenc(out, hf.f[i].value);
    }
    buf_printf(out, "&do=%s", action);
    n = hf.n;
    web_html_form_free(&hf);
    return n > 10 ? 0 : -1;
}

static int suite_init(void)
{
    char tok[128], *out = NULL;
    int rc;

    if (harness_start() != 0)
        return -1;
    if (harness_account("admin", "--role admin", admin, sizeof admin) != 0 ||
        harness_account("acme", "--role enterprise --uscc " ACME_USCC, tok, sizeof tok) != 0 ||
        harness_account("other", "--role enterprise --uscc " OTHER_USCC, tok, sizeof tok) != 0 ||
        harness_account("browsy", "--role enterprise --uscc 91370112MA3L7M8N9D", tok,
                        sizeof tok) != 0 ||
        harness_account("jinan", "--role city-reviewer --city 370100", city_tok,
                        sizeof city_tok) != 0 ||
        harness_account("province", "--role province-reviewer", prov_tok, sizeof prov_tok) != 0)
        return -1;
    if (set_password("acme") || set_password("other") || set_password("browsy") ||
        set_password("jinan"))
        return -1;
    rc = harness_sh(&out, "id=$(%s key generate --alg ed25519 --out '%s/keys' 2>/dev/null | "
                          "head -1) && %s key activate $id",
                    harness_bin("tierctl"), harness_dir(), harness_bin("tierctl"));
    if (rc != 0)
        fprintf(stderr, "key: %s\n", out ? out : "");
    free(out);
    return rc == 0 ? 0 : -1;
}

static int suite_clean(void)
{
    return harness_stop();
}

/* ---- tests ---------------------------------------------------------------------------- */

static void test_a_reviewer_gets_the_not_found_page_for_the_enterprise_pages(void)
{
    static const char *const paths[] = {"/apply", "/apply/specialized-sme", "/my",
                                        "/drafts/1/document.xml"};
    struct client c = {""};
    struct http_reply r;

    CU_ASSERT_EQUAL_FATAL(signin(&c, "jinan"), 303);
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        page(&c, "GET", paths[i], NULL, &r);
        CU_ASSERT_EQUAL(r.status, 404);
        CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "未找到页面"));
        http_reply_free(&r);
    }
}

static void test_an_enterprise_signs_in_to_its_applications(void)
{
    struct client c = {""};
    struct http_reply r;
    char loc[64];

    page(&c, "POST", "/signin", "name=acme&password=correct+horse+battery", &r);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT_STRING_EQUAL(http_reply_header(&r, "Location", loc, sizeof loc), "/my");
    http_reply_free(&r);
    /* the reviewers' queue is not an enterprise's: its own list instead */
    page(&c, "GET", "/queue", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT_STRING_EQUAL(http_reply_header(&r, "Location", loc, sizeof loc), "/my");
    http_reply_free(&r);
    page(&c, "GET", "/my", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "我的申请"));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "没有草稿"));
    http_reply_free(&r);
}

static void test_the_tiers_page_says_the_rule_set_and_each_tiers_requirements(void)
{
    struct client c = {""};
    struct http_reply r;

    CU_ASSERT_EQUAL_FATAL(signin(&c, "acme"), 303);
    page(&c, "GET", "/apply", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "年认定标准"));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "href=\"/apply/specialized-sme\""));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "href=\"/apply/unicorn\""));
    /* a threshold and its clause, as the rules know them */
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "研发"));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "〔20"));
    http_reply_free(&r);
}

static void test_an_uploaded_sample_fills_the_form_and_is_judged(void)
{
    struct client c = {""};
    struct http_reply r;
    char csrf[128];
    size_t flen = 0, blen = 0;
    char *file = harness_slurp(SAMPLE, &flen), *body;

    CU_ASSERT_PTR_NOT_NULL_FATAL(file);
    CU_ASSERT_EQUAL_FATAL(signin(&c, "acme"), 303);
    page(&c, "GET", "/apply/specialized-sme", NULL, &r);
    CU_ASSERT_EQUAL_FATAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "enctype=\"multipart/form-data\""));
    harness_csrf(r.body, csrf, sizeof csrf);
    http_reply_free(&r);
    body = upload_body(csrf, file, flen, &blen);
    page_ct(&c, "POST", "/apply/upload", UPLOAD_CT, body, blen, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "value=\"示例精密机械有限公司（测试）\""));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "name=\"financials.year.3.revenue\""));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "检查结果"));
    http_reply_free(&r);
    /* a wrong amount in the file: placed at its field, as 检查 places it */
    free(body);
    {
        char *at = strstr(file, "<revenue>42600000.00</revenue>");
        CU_ASSERT_PTR_NOT_NULL_FATAL(at);
        memcpy(at + 9, "4260000.005", 11);
    }
    body = upload_body(csrf, file, flen, &blen);
    page_ct(&c, "POST", "/apply/upload", UPLOAD_CT, body, blen, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "href=\"#f-financials.year.2.revenue\""));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "id=\"f-financials.year.2.revenue-error\""));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "value=\"4260000.005\""));
    http_reply_free(&r);
    /* without its token: refused */
    free(body);
    body = upload_body("forged", file, flen, &blen);
    page_ct(&c, "POST", "/apply/upload", UPLOAD_CT, body, blen, &r);
    CU_ASSERT_EQUAL(r.status, 403);
    http_reply_free(&r);
    /* a body cut before its closing delimiter: refused, not read past */
    page_ct(&c, "POST", "/apply/upload", UPLOAD_CT, body, blen / 2, &r);
    CU_ASSERT_EQUAL(r.status, 400);
    http_reply_free(&r);
    /* not an application */
    free(body);
    harness_csrf(NULL, csrf, 1);
    page(&c, "GET", "/apply/specialized-sme", NULL, &r);
    harness_csrf(r.body, csrf, sizeof csrf);
    http_reply_free(&r);
    body = upload_body(csrf, "<a/>", 4, &blen);
    page_ct(&c, "POST", "/apply/upload", UPLOAD_CT, body, blen, &r);
    CU_ASSERT_EQUAL(r.status, 422);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "不是可识别的申报书"));
    http_reply_free(&r);
    free(body);
    free(file);
}

/* Upload the sample and return the filled form's page (caller frees). */
static char *filled_form(struct client *c)
{
    struct http_reply r;
    char csrf[128];
    size_t flen = 0, blen = 0;
    char *file = harness_slurp(SAMPLE, &flen), *body, *html;

    page(c, "GET", "/apply/specialized-sme", NULL, &r);
    harness_csrf(r.body, csrf, sizeof csrf);
    http_reply_free(&r);
    body = upload_body(csrf, file, flen, &blen);
    page_ct(c, "POST", "/apply/upload", UPLOAD_CT, body, blen, &r);
    html = r.status == 200 && r.body != NULL ? strdup(r.body) : NULL;
    http_reply_free(&r);
    free(body);
    free(file);
    return html;
}

static void test_the_form_submitted_twice_is_one_application_as_through_the_api(void)
{
    struct client c = {""};
    struct http_reply r, r2;
    struct buf form;
    char loc[64], loc2[64], q[256], *html, *n;

    CU_ASSERT_EQUAL_FATAL(signin(&c, "acme"), 303);
    html = filled_form(&c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(html);
    buf_init(&form, 1u << 20);
    CU_ASSERT_EQUAL_FATAL(form_body(html, "submit", &form), 0);
    page(&c, "POST", "/apply/specialized-sme", form.data, &r);
    page(&c, "POST", "/apply/specialized-sme", form.data, &r2);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT_EQUAL(r2.status, 303);
    http_reply_header(&r, "Location", loc, sizeof loc);
    http_reply_header(&r2, "Location", loc2, sizeof loc2);
    CU_ASSERT_PTR_NOT_NULL(strstr(loc, "/my?submitted="));
    CU_ASSERT_STRING_EQUAL(loc, loc2);
    snprintf(q, sizeof q,
             "SELECT COUNT(*) FROM tierd.submissions s JOIN tierd.enterprises e ON "
             "e.id = s.enterprise_id WHERE e.uscc = '%s'",
             ACME_USCC);
    n = harness_sql1(q);
    CU_ASSERT_STRING_EQUAL(n ? n : "", "1");
    free(n);
    http_reply_free(&r);
    http_reply_free(&r2);
    /* the receipt is the API's: GET /v1/submissions/{id} with the admin's token */
    snprintf(q, sizeof q, "/v1/submissions/%s", loc + strlen("/my?submitted="));
    http_req(admin, "GET", q, NULL, NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, ACME_USCC));
    http_reply_free(&r);
    page(&c, "GET", loc, NULL, &r);
    snprintf(q, sizeof q, "href=\"/applications/%s\"", loc + strlen("/my?submitted="));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, q));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "申报书已提交"));
    http_reply_free(&r);
    free(html);
    buf_free(&form);
}

static void test_drafts_are_the_accounts_own_and_can_be_downloaded_and_deleted(void)
{
    struct client a = {""}, o = {""};
    struct http_reply r;
    char csrf[128], form[512], loc[128], path[96], ocsrf[128];
    const char *id;

    CU_ASSERT_EQUAL_FATAL(signin(&a, "acme"), 303);
    CU_ASSERT_EQUAL_FATAL(signin(&o, "other"), 303);
    page(&a, "GET", "/apply/specialized-sme", NULL, &r);
    harness_csrf(r.body, csrf, sizeof csrf);
    http_reply_free(&r);
    snprintf(form, sizeof form,
             "csrf=%s&submissionDate=2026-05-10&enterprise.name=%%E8%%8D%%89%%E7%%A8%%BF%%3C%%3E"
             "&financials.year.1.revenue=12.5&financials.year.2.revenue=&do=save",
             csrf);
    page(&a, "POST", "/apply/specialized-sme", form, &r);
    CU_ASSERT_EQUAL_FATAL(r.status, 303);
    http_reply_header(&r, "Location", loc, sizeof loc);
    http_reply_free(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(strstr(loc, "?draft="));
    id = strstr(loc, "?draft=") + 7;
    snprintf(path, sizeof path, "/drafts/%.*s/document.xml", (int)strcspn(id, "&"), id);
    page(&a, "GET", path, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "<name>草稿&lt;&gt;</name>"));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "<revenue>12.5</revenue>"));
    http_reply_free(&r);
    /* the draft resumes with what was typed */
    page(&a, "GET", loc, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "value=\"草稿&lt;&gt;\""));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "草稿已保存"));
    http_reply_free(&r);
    /* opened under another tier's form, a draft goes to its own */
    {
        char other_tier[128], to[128];
        snprintf(other_tier, sizeof other_tier, "/apply/gazelle?draft=%.*s",
                 (int)strcspn(id, "&"), id);
        page(&a, "GET", other_tier, NULL, &r);
        CU_ASSERT_EQUAL(r.status, 303);
        snprintf(other_tier, sizeof other_tier, "/apply/specialized-sme?draft=%.*s",
                 (int)strcspn(id, "&"), id);
        CU_ASSERT_STRING_EQUAL(http_reply_header(&r, "Location", to, sizeof to), other_tier);
        http_reply_free(&r);
    }
    /* another enterprise: not found, to read, to resume and to delete */
    page(&o, "GET", path, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 404);
    http_reply_free(&r);
    page(&o, "GET", loc, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 404);
    http_reply_free(&r);
    page(&o, "GET", "/my", NULL, &r);
    harness_csrf(r.body, ocsrf, sizeof ocsrf);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "没有草稿"));
    http_reply_free(&r);
    snprintf(path, sizeof path, "/drafts/%.*s/delete", (int)strcspn(id, "&"), id);
    snprintf(form, sizeof form, "csrf=%s", ocsrf);
    page(&o, "POST", path, form, &r);
    CU_ASSERT_EQUAL(r.status, 404);
    http_reply_free(&r);
    /* its owner deletes it */
    snprintf(form, sizeof form, "csrf=%s", csrf);
    page(&a, "POST", path, form, &r);
    CU_ASSERT_EQUAL(r.status, 303);
    http_reply_free(&r);
    page(&a, "GET", loc, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 404);
    http_reply_free(&r);
}

static void test_a_repeating_group_grows_and_shrinks_keeping_every_value(void)
{
    struct client c = {""};
    struct http_reply r;
    struct buf form;
    char *html;

    CU_ASSERT_EQUAL_FATAL(signin(&c, "acme"), 303);
    html = filled_form(&c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(html);
    buf_init(&form, 1u << 20);
    CU_ASSERT_EQUAL_FATAL(form_body(html, "add:intellectualProperty.item", &form), 0);
    free(html);
    page(&c, "POST", "/apply/specialized-sme", form.data, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "name=\"intellectualProperty.item.3.number\""));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "value=\"ZL202020890123.8\""));
    /* remove the first: the second moves up, the new empty one stays */
    buf_reset(&form);
    CU_ASSERT_EQUAL_FATAL(form_body(r.body, "remove:intellectualProperty.item.1", &form), 0);
    http_reply_free(&r);
    page(&c, "POST", "/apply/specialized-sme", form.data, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "name=\"intellectualProperty.item.2.number\""));
    CU_ASSERT_PTR_NULL(r.body && strstr(r.body, "name=\"intellectualProperty.item.3.number\""));
    CU_ASSERT_PTR_NULL(r.body && strstr(r.body, "ZL201910789012.7"));
    {
        const char *at = r.body ? strstr(r.body, "name=\"intellectualProperty.item.1.number\"") : NULL;
        const char *v = r.body ? strstr(r.body, "value=\"ZL202020890123.8\"") : NULL;
        CU_ASSERT(at != NULL && v != NULL && v > at && v - at < 200);
    }
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "value=\"示例精密机械有限公司（测试）\""));
    http_reply_free(&r);
    buf_free(&form);
}

static void test_my_certificates_link_to_the_signed_xml_and_the_printable_page(void)
{
    struct client c = {""};
    struct http_reply r;
    char q[256], *id, *serial;
    const char *dec = "<decision xmlns=\"urn:tierd:decision:1\"><action>%s</action>"
                      "<comment>ok</comment></decision>";
    char body[256];

    snprintf(q, sizeof q,
             "SELECT MIN(s.id) FROM tierd.submissions s JOIN tierd.enterprises e ON "
             "e.id = s.enterprise_id WHERE e.uscc = '%s'",
             ACME_USCC);
    id = harness_sql1(q);
    CU_ASSERT_PTR_NOT_NULL_FATAL(id);
    snprintf(q, sizeof q, "/v1/submissions/%s/decisions", id);
    snprintf(body, sizeof body, dec, "recommend");
    http_req(city_tok, "POST", q, "application/xml", body, strlen(body), &r);
    CU_ASSERT_EQUAL(r.status, 201);
    http_reply_free(&r);
    snprintf(body, sizeof body, dec, "approve");
    http_req(prov_tok, "POST", q, "application/xml", body, strlen(body), &r);
    CU_ASSERT_EQUAL(r.status, 201);
    http_reply_free(&r);
    snprintf(q, sizeof q, "SELECT serial FROM tierd.certificates WHERE submission_id = %s", id);
    serial = harness_sql1(q);
    CU_ASSERT_FATAL(serial != NULL && serial[0] != '\0');
    CU_ASSERT_EQUAL_FATAL(signin(&c, "acme"), 303);
    page(&c, "GET", "/my", NULL, &r);
    snprintf(q, sizeof q, "href=\"/check/%s/print\"", serial);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, q));
    snprintf(q, sizeof q, "href=\"/v1/certificates/%s/document\"", serial);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, q));
    http_reply_free(&r);
    free(id);
    free(serial);
}

static void test_the_enterprise_flows_in_headless_chromium(void)
{
    char *out = NULL;
    const char *b = getenv("BUILD");
    int rc;

    rc = harness_sh(&out,
                    "/usr/bin/python3 tests/browser/enterprise.py --base http://127.0.0.1:%d "
                    "--shots %s/screenshots --password '%s' --sample %s 2>&1",
                    harness_port(), b && *b ? b : "build", PW, SAMPLE);
    if (rc != 0)
        fprintf(stderr, "\n%s\n", out ? out : "");
    else if (out != NULL && strstr(out, "browser: ") != NULL)
        fprintf(stderr, "\n    %s", strstr(out, "browser: "));
    CU_ASSERT_EQUAL(rc, 0);
    free(out);
}

int main(void)
{
    CU_pSuite s;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("web_enterprise", suite_init, suite_clean);
#define T(fn) CU_add_test(s, #fn, fn)
    T(test_a_reviewer_gets_the_not_found_page_for_the_enterprise_pages);
    T(test_an_enterprise_signs_in_to_its_applications);
    T(test_the_tiers_page_says_the_rule_set_and_each_tiers_requirements);
    T(test_an_uploaded_sample_fills_the_form_and_is_judged);
    T(test_the_form_submitted_twice_is_one_application_as_through_the_api);
    T(test_drafts_are_the_accounts_own_and_can_be_downloaded_and_deleted);
    T(test_a_repeating_group_grows_and_shrinks_keeping_every_value);
    T(test_my_certificates_link_to_the_signed_xml_and_the_printable_page);
    T(test_the_enterprise_flows_in_headless_chromium);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    {
        int f = (int)CU_get_number_of_failures();
        CU_cleanup_registry();
        return f ? 1 : 0;
    }
}
