/*
 * test_web_view.c — the page views: stylesheets from web/ compiled once and
 * applied to the API's own XML (made here by the API's renderers from real
 * samples judged by the real rules), escaping by construction, the form
 * pattern, and the refusals at load and at render.
 *
 * As a side effect it writes every page it renders to build/web-preview/
 * (or $WEB_PREVIEW_DIR) with the CSS beside it, for tests/browser/run.py to
 * open in Chromium and screenshot.
 */
#include "tier/buf.h"
#include "tier/digest.h"
#include "tier/http_render.h"
#include "tier/ingest.h"
#include "tier/registry.h"
#include "tier/report.h"
#include "tier/rules.h"
#include "tier/sign.h"
#include "tier/submissions.h"
#include "tier/web_cert.h"
#include "tier/web_form_xml.h"
#include "tier/web_page.h"
#include "tier/web_view.h"

#include <CUnit/Basic.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "test_file.h"

static struct web_views *views;
static struct ingest_schemas *schemas;
static char preview[512];

static void write_preview(const char *name, const struct buf *html)
{
    char path[600];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s.html", preview, name);
    f = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(fwrite(html->data, 1, html->len, f), html->len);
    fclose(f);
}

/* Render `view` over the page with the usual parameters; checks it worked. */
static int render(const char *view, struct web_page *pg, const char *role, struct buf *out)
{
    char err[512] = "";
    const struct web_param params[] = {
        {"csrf", "tok-ABC_123-xyz"},
        {"user", role[0] ? "jinan.review" : ""},
        {"role", role},
        {"scope", strcmp(role, "city-reviewer") == 0 ? "济南市" : ""},
        {"static", "./"},
    };
    int rc = web_view_render(views, view, web_page_doc(pg), params,
                             sizeof params / sizeof params[0], out, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "render %s: %s\n", view, err);
    return rc;
}

/* The receipt XML of a sample judged by the real rules, as the API sends it. */
static int sample_receipt(const char *path, const char *status, struct buf *xml, char **doc,
                          size_t *doc_len)
{
    static struct application app;
    static struct findings found;
    static struct receipt r;
    static struct ingest_errors errs;
    static struct store_finding rows[FINDINGS_MAX];
    struct submission_new sn;

    *doc = test_read_file(path, doc_len);
    if (*doc == NULL)
        return -1;
    ingest_errors_clear(&errs);
    if (ingest_application(schemas, *doc, *doc_len, NULL, &app, &errs) != INGEST_OK)
        return -1;
    findings_init(&found);
    if (rules_evaluate(&app, RULESET_NONE, NULL, &found) != 0)
        return -1;
    registry_submission_rows(&app, &found,
                             app.rule_set != RULESET_NONE ? app.rule_set : RULESET_2022, rows,
                             &sn);
    /* as it was stored; the review brought it to `status` since */
    sn.status = findings_overall(&found) == VERDICT_FAIL ? "ineligible" : "received";
    sn.doc = *doc;
    sn.doc_len = *doc_len;
    sn.year = 2025;
    /* 20:15 UTC on New Year's Eve is 04:15 on New Year's Day in Beijing */
    snprintf(sn.submitted_at, sizeof sn.submitted_at, "2025-12-31T20:15:00.000000Z");
    if (digest_sha256(*doc, *doc_len, sn.sha256) != 0)
        return -1;
    submission_receipt(&sn, 1042, "enterprise.91370102", &r);
    snprintf(r.city, sizeof r.city, "370100");
    snprintf(r.status, sizeof r.status, "%s", status);
    return render_receipt(&r, xml);
}

static struct web_page *application_page(const char *sample, const char *status,
                                         int with_history)
{
    struct buf xml;
    char *doc = NULL, err[256];
    size_t doc_len = 0;
    struct web_page *pg = web_page_new("application");

    buf_init(&xml, 1u << 20);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pg);
    CU_ASSERT_EQUAL_FATAL(sample_receipt(sample, status, &xml, &doc, &doc_len), 0);
    if (with_history) {
        /* a city reviewer's recommendation, in the receipt's own form */
        char *end = strstr(xml.data, "  </history>");
        CU_ASSERT_PTR_NOT_NULL_FATAL(end);
        struct buf b2;
        buf_init(&b2, 1u << 20);
        buf_add(&b2, xml.data, (size_t)(end - xml.data));
        buf_adds(&b2, "    <event at=\"2026-01-05T02:30:00.000000Z\" action=\"recommend\" "
                      "status=\"recommended\" by=\"jinan.review\">材料齐全，研发投入与知识产权"
                      "经核实无误，同意推荐。</event>\n");
        buf_adds(&b2, end);
        buf_free(&xml);
        xml = b2;
    }
    CU_ASSERT_EQUAL_FATAL(web_page_add_xml(pg, xml.data, xml.len, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(web_page_add_xml(pg, doc, doc_len, err, sizeof err), 0);
    buf_free(&xml);
    free(doc);
    return pg;
}

#define FAILING_SAMPLE "tests/data/specialized-sme/2026-rd-ratio-one-fen-below-3pct-in-earlier-year-fails.xml"
#define ELIGIBLE_SAMPLE "tests/data/specialized-sme/eligible.xml"

static void test_every_page_view_in_web_compiles(void)
{
    CU_ASSERT_TRUE(web_view_exists(views, "signin"));
    CU_ASSERT_TRUE(web_view_exists(views, "queue"));
    CU_ASSERT_TRUE(web_view_exists(views, "application"));
    CU_ASSERT_TRUE(web_view_exists(views, "notfound"));
    CU_ASSERT_TRUE(web_view_exists(views, "certificate"));
    /* partials are not pages */
    CU_ASSERT_FALSE(web_view_exists(views, "_layout"));
}

/* A folder with one file; returns 0 when web_views_load refused it, with
 * the reason in err. */
static int load_refuses(const char *file, const char *xsl, char *err, size_t errsz)
{
    char dir[] = "/tmp/tierd-web-XXXXXX", path[128];
    struct web_views *v = NULL;
    FILE *f;
    int rc;

    if (mkdtemp(dir) == NULL)
        return -1;
    snprintf(path, sizeof path, "%s/%s", dir, file);
    f = fopen(path, "w");
    if (f == NULL)
        return -1;
    fputs(xsl, f);
    fclose(f);
    rc = web_views_load(dir, &v, err, errsz);
    web_views_free(v);
    unlink(path);
    rmdir(dir);
    return rc == -1 && v == NULL ? 0 : -1;
}

static void test_stylesheet_asking_for_unescaped_output_is_refused_at_load(void)
{
    char err[512];

    CU_ASSERT_EQUAL(load_refuses("bad.xsl",
                                 "<xsl:stylesheet version='1.0' "
                                 "xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>"
                                 "<xsl:template match='/'><xsl:value-of select='.' "
                                 "disable-output-escaping='yes'/></xsl:template>"
                                 "</xsl:stylesheet>",
                                 err, sizeof err),
                    0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "bad.xsl"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "disable-output-escaping"));
}

static void test_import_from_outside_the_folder_is_refused_at_load(void)
{
    char err[512];

    CU_ASSERT_EQUAL(load_refuses("page.xsl",
                                 "<xsl:stylesheet version='1.0' "
                                 "xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>"
                                 "<xsl:import href='/etc/evil.xsl'/></xsl:stylesheet>",
                                 err, sizeof err),
                    0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "/etc/evil.xsl"));
    CU_ASSERT_EQUAL(load_refuses("broken.xsl", "<xsl:stylesheet", err, sizeof err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "broken.xsl"));
}

static void test_a_page_may_not_read_files_while_rendering(void)
{
    char dir[] = "/tmp/tierd-web-XXXXXX", path[128], err[512] = "";
    struct web_views *v = NULL;
    struct web_page *pg = web_page_new("x");
    struct buf out;
    FILE *f;

    buf_init(&out, 1u << 20);
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/peek.xsl", dir);
    f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("<xsl:stylesheet version='1.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>"
          "<xsl:template match='/'><p><xsl:value-of select=\"document('/etc/passwd')\"/></p>"
          "</xsl:template></xsl:stylesheet>",
          f);
    fclose(f);
    CU_ASSERT_EQUAL_FATAL(web_views_load(dir, &v, err, sizeof err), 0);
    (void)web_view_render(v, "peek", web_page_doc(pg), NULL, 0, &out, err, sizeof err);
    CU_ASSERT_PTR_NULL(out.data ? strstr(out.data, "root:") : NULL);
    web_views_free(v);
    web_page_free(pg);
    buf_free(&out);
    unlink(path);
    rmdir(dir);
}

static void test_unknown_view_is_refused_and_output_untouched(void)
{
    struct web_page *pg = web_page_new("x");
    struct buf out;
    char err[256];

    buf_init(&out, 1024);
    buf_adds(&out, "kept");
    CU_ASSERT_EQUAL(web_view_render(views, "no-such-view", web_page_doc(pg), NULL, 0, &out,
                                    err, sizeof err),
                    -1);
    CU_ASSERT_STRING_EQUAL(out.data, "kept");
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "no-such-view"));
    web_page_free(pg);
    buf_free(&out);
}

static void test_page_over_the_buffer_cap_leaves_the_buffer_as_it_was(void)
{
    struct web_page *pg = web_page_new("notfound");
    struct buf out;
    char err[256];

    buf_init(&out, 64);
    buf_adds(&out, "kept");
    CU_ASSERT_EQUAL(web_view_render(views, "notfound", web_page_doc(pg), NULL, 0, &out, err,
                                    sizeof err),
                    -1);
    CU_ASSERT_STRING_EQUAL(out.data, "kept");
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "cap"));
    web_page_free(pg);
    buf_free(&out);
}

/* Every time the API gives (UTC) is shown as Beijing time, UTC+8: the hours
 * either side of Beijing midnight on every day from 1999-12-20 to
 * 2001-03-05 (month ends, a year end, 2000's leap day) and across the leap
 * days of 2024 and 2100 (not a leap year), each row of a queue page
 * checked against gmtime of the same instant eight hours on. */
static void test_queue_shows_every_time_as_beijing_time_across_days_months_and_years(void)
{
    static const int hours[] = {0, 7, 15, 16, 23};
    static const struct {
        int y, m, d, days;
    } spans[] = {{1999, 12, 20, 442}, {2024, 2, 27, 4}, {2100, 2, 27, 4}};
    struct web_page *pg = web_page_new("queue");
    struct buf xml, out;
    char err[256], want[128];
    const char *at;
    int rows = 0;

    buf_init(&xml, 4u << 20);
    buf_init(&out, 16u << 20);
    buf_adds(&xml, "<submissions xmlns=\"urn:tierd:submissions:1\">");
    for (size_t k = 0; k < sizeof spans / sizeof spans[0]; k++) {
        struct tm tm = {.tm_year = spans[k].y - 1900, .tm_mon = spans[k].m - 1,
                        .tm_mday = spans[k].d};
        time_t day = timegm(&tm);
        for (int i = 0; i < spans[k].days; i++) {
            for (size_t h = 0; h < sizeof hours / sizeof hours[0]; h++) {
                time_t t = day + (time_t)i * 86400 + hours[h] * 3600 + 17 * 60;
                struct tm u;
                char utc[32];
                gmtime_r(&t, &u);
                strftime(utc, sizeof utc, "%Y-%m-%dT%H:%M:%SZ", &u);
                buf_printf(&xml, "<submission id=\"%d\"><submittedAt>%s</submittedAt>"
                                 "</submission>", ++rows, utc);
            }
        }
    }
    buf_adds(&xml, "</submissions>");
    CU_ASSERT_EQUAL_FATAL(web_page_add_xml(pg, xml.data, xml.len, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(render("queue", pg, "city-reviewer", &out), 0);
    /* the rows in order: each one's time where the one before ended */
    at = out.data;
    for (size_t k = 0, n = 0; at != NULL && k < sizeof spans / sizeof spans[0]; k++) {
        struct tm tm = {.tm_year = spans[k].y - 1900, .tm_mon = spans[k].m - 1,
                        .tm_mday = spans[k].d};
        time_t day = timegm(&tm);
        for (int i = 0; at != NULL && i < spans[k].days; i++) {
            for (size_t h = 0; h < sizeof hours / sizeof hours[0]; h++, n++) {
                time_t t = day + (time_t)i * 86400 + hours[h] * 3600 + 17 * 60, b = t + 8 * 3600;
                struct tm u, l;
                char utc[32], cst[32];
                gmtime_r(&t, &u);
                gmtime_r(&b, &l);
                strftime(utc, sizeof utc, "%Y-%m-%dT%H:%M:%SZ", &u);
                strftime(cst, sizeof cst, "%Y-%m-%d %H:%M", &l);
                snprintf(want, sizeof want, "<time datetime=\"%s\">%s</time>", utc, cst);
                at = strstr(at, want);
                if (at == NULL) {
                    fprintf(stderr, "\n    row %zu: no %s", n + 1, want);
                    break;
                }
            }
        }
    }
    CU_ASSERT_PTR_NOT_NULL(at);
    CU_ASSERT_EQUAL(rows, (442 + 4 + 4) * 5);
    web_page_free(pg);
    buf_free(&xml);
    buf_free(&out);
}

static void test_signin_page_is_chinese_with_labels_and_no_script(void)
{
    struct web_page *pg = web_page_new("signin");
    struct buf out;

    buf_init(&out, 1u << 20);
    CU_ASSERT_EQUAL_FATAL(render("signin", pg, "", &out), 0);
    CU_ASSERT_EQUAL(strncmp(out.data, "<!DOCTYPE html>", 15), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "<html lang=\"zh-CN\">"));
    /* one charset declaration (HTML allows no second), from the serializer */
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "charset=UTF-8"));
    CU_ASSERT_PTR_NULL(strstr(strstr(out.data, "charset=") + 8, "charset="));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "<label class=\"label\" for=\"f-name\">"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "<label class=\"label\" for=\"f-password\">"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "name=\"csrf\" value=\"tok-ABC_123-xyz\""));
    CU_ASSERT_PTR_NULL(strstr(out.data, "<script"));
    CU_ASSERT_PTR_NULL(strstr(out.data, "http://"));
    CU_ASSERT_PTR_NULL(strstr(out.data, "退出登录")); /* signed out: no account bar */
    write_preview("signin", &out);
    web_page_free(pg);
    buf_free(&out);
}

static void test_refused_signin_keeps_the_name_but_never_the_password(void)
{
    struct web_page *pg = web_page_new("signin");
    struct buf out;

    buf_init(&out, 1u << 20);
    CU_ASSERT_EQUAL(web_page_form(pg, "signin"), 0);
    CU_ASSERT_EQUAL(web_page_form_value(pg, "name", "jinan.review"), 0);
    CU_ASSERT_EQUAL(web_page_form_value(pg, "password", "secret-typed-here"), 0);
    CU_ASSERT_EQUAL(web_page_form_error(pg, "password",
                                        "账户名或密码不正确。连续输错 5 次，账户将锁定 15 分钟。"),
                    0);
    CU_ASSERT_EQUAL_FATAL(render("signin", pg, "", &out), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "<title>错误："));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "value=\"jinan.review\""));
    CU_ASSERT_PTR_NULL(strstr(out.data, "secret-typed-here"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "<a href=\"#f-password\">账户名或密码不正确"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "id=\"f-password-error\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "aria-describedby=\"f-password-error\""));
    write_preview("signin-refused", &out);
    web_page_free(pg);
    buf_free(&out);
}

/* The proposed additions to the list (per-row finding counts, per-status
 * counts) that the queue shows when the API gives them. */
static void add_counts(struct web_page *pg)
{
    xmlNodePtr list = xmlDocGetRootElement(web_page_doc(pg))->children;
    int k = 0;

    for (; list && list->type != XML_ELEMENT_NODE; list = list->next)
        ;
    CU_ASSERT_PTR_NOT_NULL_FATAL(list);
    for (xmlNodePtr s = list->children; s; s = s->next) {
        if (s->type != XML_ELEMENT_NODE || xmlStrcmp(s->name, BAD_CAST "submission") != 0)
            continue;
        xmlNodePtr f = xmlNewChild(s, s->ns, BAD_CAST "findings", NULL);
        xmlSetProp(f, BAD_CAST "fail", BAD_CAST(k == 1 ? "2" : "0"));
        xmlSetProp(f, BAD_CAST "needsReview", BAD_CAST(k == 2 ? "1" : "0"));
        xmlSetProp(f, BAD_CAST "judgement", BAD_CAST "3");
        k++;
    }
    xmlNodePtr c = xmlNewChild(list, list->ns, BAD_CAST "counts", NULL);
    const char *st[][2] = {{"received", "12"}, {"ineligible", "3"}, {"returned", "4"}};
    for (size_t i = 0; i < 3; i++) {
        xmlNodePtr n = xmlNewChild(c, list->ns, BAD_CAST "status", NULL);
        xmlSetProp(n, BAD_CAST "name", BAD_CAST st[i][0]);
        xmlSetProp(n, BAD_CAST "count", BAD_CAST st[i][1]);
    }
}

static void test_queue_escapes_what_enterprises_typed(void)
{
    static const char *const times[] = {"2026-04-02T01:10:00.000000Z",
                                        "2026-04-03T02:10:00.000000Z",
                                        "2026-04-04T03:10:00.000000Z"};
    struct submission_row rows[3];
    struct web_page *pg = web_page_new("queue");
    struct buf xml, out;
    char err[256];

    memset(rows, 0, sizeof rows);
    for (int i = 0; i < 3; i++) {
        rows[i].id = 1040 + (uint64_t)i;
        snprintf(rows[i].tier, sizeof rows[i].tier, i == 2 ? "little-giant" : "specialized-sme");
        rows[i].rule_set = 2026;
        snprintf(rows[i].status, sizeof rows[i].status, i == 1 ? "ineligible" : "received");
        snprintf(rows[i].overall, sizeof rows[i].overall,
                 i == 1 ? "fail" : (i == 2 ? "needs-review" : "pass"));
        snprintf(rows[i].uscc, sizeof rows[i].uscc, "91370102MA3C4D5E0Q");
        rows[i].uscc[16] = (char)('0' + i);
        snprintf(rows[i].city, sizeof rows[i].city, "370100");
        rows[i].year = 2026;
        snprintf(rows[i].submitted_at, sizeof rows[i].submitted_at, "%s", times[i]);
    }
    snprintf(rows[0].name, sizeof rows[0].name, "济南示例精密机械有限公司");
    snprintf(rows[1].name, sizeof rows[1].name, "<script>alert(1)</script> & \"引号\"公司");
    snprintf(rows[2].name, sizeof rows[2].name, "山东示例新材料科技股份有限公司");
    buf_init(&xml, 1u << 20);
    buf_init(&out, 1u << 20);
    CU_ASSERT_EQUAL_FATAL(render_submission_list(rows, 3, "/v1/submissions?after=1042&status=received", &xml), 0);
    CU_ASSERT_EQUAL_FATAL(web_page_add_xml(pg, xml.data, xml.len, err, sizeof err), 0);
    add_counts(pg);
    CU_ASSERT_EQUAL(web_page_form(pg, "filter"), 0);
    CU_ASSERT_EQUAL(web_page_form_value(pg, "status", "received"), 0);
    CU_ASSERT_EQUAL_FATAL(render("queue", pg, "city-reviewer", &out), 0);
    CU_ASSERT_PTR_NULL(strstr(out.data, "<script>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "&lt;script&gt;alert(1)&lt;/script&gt; &amp;"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "href=\"/applications/1041\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "href=\"/queue?after=1042&amp;status=received\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "<option value=\"received\" selected"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "method=\"get\" action=\"/queue\""));
    /* a city reviewer has no city filter: the queue is its city's */
    CU_ASSERT_PTR_NULL(strstr(out.data, "name=\"city\""));
    write_preview("queue", &out);
    web_page_free(pg);
    buf_free(&xml);
    buf_free(&out);
}

static void test_application_page_groups_findings_and_offers_the_city_decision(void)
{
    struct web_page *pg = application_page(FAILING_SAMPLE, "ineligible", 0);
    struct buf out;
    const char *fail, *pass;

    buf_init(&out, 4u << 20);
    CU_ASSERT_EQUAL_FATAL(render("application", pg, "city-reviewer", &out), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "banner--fail"));
    fail = strstr(out.data, "group--fail");
    pass = strstr(out.data, "符合的条件");
    CU_ASSERT_PTR_NOT_NULL(fail);
    CU_ASSERT_PTR_NOT_NULL(pass);
    CU_ASSERT_TRUE(fail != NULL && pass != NULL && fail < pass);
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "value=\"recommend\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "value=\"return\""));
    CU_ASSERT_PTR_NULL(strstr(out.data, "value=\"approve\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "name=\"overrideReason\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "action=\"/applications/1042/decisions\""));
    /* the financial years as one table, amounts with separators */
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "近年财务数据"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "营业收入"));
    /* UTC from the API shown as Beijing time, across the new year */
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, ">2026-01-01 04:15</time>"));
    write_preview("application-city", &out);
    web_page_free(pg);
    buf_free(&out);
}

static void test_province_reviewer_sees_approve_and_the_history(void)
{
    struct web_page *pg = application_page(ELIGIBLE_SAMPLE, "recommended", 1);
    struct buf out;

    buf_init(&out, 4u << 20);
    CU_ASSERT_EQUAL_FATAL(render("application", pg, "province-reviewer", &out), 0);
    /* without the registry the prerequisite titles stay to be checked by hand */
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "banner--needs-review"));
    /* the judgement items in their own group; each rule in Chinese, why it
     * needs review, and the English sentence beside */
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "group--judgement"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "需人工判断（不影响初检结论）"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "企业自行申报持有该称号，登记系统未予核实，需人工确认"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "lang=\"en\""));
    /* display values in Chinese: declared / held */
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, ">自行申报</td>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, ">持有</td>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "value=\"approve\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "value=\"reject\""));
    CU_ASSERT_PTR_NULL(strstr(out.data, "name=\"overrideReason\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "同意推荐"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "48,000,000.00"));
    write_preview("application-province", &out);
    web_page_free(pg);
    buf_free(&out);
}

static void test_city_reviewer_cannot_decide_a_recommended_application(void)
{
    struct web_page *pg = application_page(ELIGIBLE_SAMPLE, "recommended", 1);
    struct buf out;

    buf_init(&out, 4u << 20);
    CU_ASSERT_EQUAL_FATAL(render("application", pg, "city-reviewer", &out), 0);
    CU_ASSERT_PTR_NULL(strstr(out.data, "name=\"action\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "已报省级审核"));
    web_page_free(pg);
    buf_free(&out);
}

static void test_refused_decision_shows_summary_message_and_what_was_typed(void)
{
    struct web_page *pg = application_page(FAILING_SAMPLE, "ineligible", 0);
    struct buf out;
    const char *typed = "研发投入占比略低于标准，但企业\"承担\"国家专项 <核实中>";

    buf_init(&out, 4u << 20);
    CU_ASSERT_EQUAL(web_page_form(pg, "decision"), 0);
    CU_ASSERT_EQUAL(web_page_form_value(pg, "action", "recommend"), 0);
    CU_ASSERT_EQUAL(web_page_form_value(pg, "comment", typed), 0);
    CU_ASSERT_EQUAL(web_page_form_error(pg, "overrideReason",
                                        "初检有不符合项，推荐时请填写推荐理由"),
                    0);
    CU_ASSERT_EQUAL_FATAL(render("application", pg, "city-reviewer", &out), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "<a href=\"#f-overrideReason\">初检有不符合项"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "id=\"f-overrideReason-error\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "value=\"recommend\" id=\"f-action\" checked"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "企业\"承担\"国家专项 &lt;核实中&gt;</textarea>"));
    write_preview("application-refused", &out);
    web_page_free(pg);
    buf_free(&out);
}

static void test_parameters_are_strings_whatever_quotes_they_hold(void)
{
    struct web_page *pg = web_page_new("notfound");
    struct buf out;
    char err[256];
    const struct web_param params[] = {
        {"user", "o'brien\"<b>x</b>"}, {"role", "admin"}, {"static", "./"},
        {"flash", "') or ('1'='1"},
    };

    buf_init(&out, 1u << 20);
    CU_ASSERT_EQUAL_FATAL(web_view_render(views, "notfound", web_page_doc(pg), params, 4, &out,
                                          err, sizeof err),
                          0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "o'brien\"&lt;b&gt;x&lt;/b&gt;"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "') or ('1'='1"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "未找到页面"));
    write_preview("notfound", &out);
    web_page_free(pg);
    buf_free(&out);
}

static void test_page_refuses_a_document_with_a_doctype(void)
{
    struct web_page *pg = web_page_new("x");
    char err[256];
    const char *bad = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e \"boom\">]><r>&e;</r>";

    CU_ASSERT_EQUAL(web_page_add_xml(pg, bad, strlen(bad), err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "DOCTYPE"));
    CU_ASSERT_EQUAL(web_page_add_xml(pg, "<r>", 3, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "not well-formed"));
    web_page_free(pg);
}

static void test_page_headers_forbid_framing_other_hosts_and_caching(void)
{
    const char *want[][2] = {
        {"Content-Security-Policy", "default-src 'self'"},
        {"X-Frame-Options", "DENY"},
        {"Referrer-Policy", "same-origin"},
        {"Content-Type", "text/html; charset=utf-8"},
        {"Cache-Control", "no-store"},
    };

    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const char *got = NULL;
        for (const struct web_header *h = web_page_headers; h->name; h++) {
            if (strcmp(h->name, want[i][0]) == 0)
                got = h->value;
        }
        CU_ASSERT_PTR_NOT_NULL(got);
        CU_ASSERT_EQUAL(got ? strncmp(got, want[i][1], strlen(want[i][1])) : -1, 0);
    }
}

/* GET /v1/certificates/{serial} of a certificate signed here with a fresh
 * key, in the handler's form (h_review.c builds it around the signed
 * document). */
static struct web_page *certificate_page(const char *status, const char *revoked_at,
                                         const char *reason)
{
    struct sign_key *k = NULL;
    struct cert c;
    struct tier_date from = {2026, 1, 5};
    struct web_page *pg = web_page_new("certificate");
    struct buf xml;
    char err[256], *doc = NULL, *d;
    size_t len = 0;

    buf_init(&xml, 1u << 20);
    CU_ASSERT_EQUAL_FATAL(sign_key_generate(SIGN_ALG_ED25519, &k, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(cert_prepare(&c, TIER_SPECIALIZED_SME, "91370102MA3C4D5E7Q",
                                       "示例精密机械有限公司（测试）", RULESET_2026, &from,
                                       1767580200000LL, err, sizeof err),
                          0);
    CU_ASSERT_EQUAL_FATAL(cert_sign(&c, k, &doc, &len, err, sizeof err), 0);
    d = strstr(doc, "?>") ? strstr(doc, "?>") + 2 : doc;
    while (*d == '\n')
        d++;
    buf_printf(&xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<certificateStatus xmlns=\"urn:"
                     "tierd:certificate-status:1\" serial=\"%s\" status=\"%s\" "
                     "tier=\"specialized-sme\" validFrom=\"2026-01-05\" validUntil=\"2029-01-04\" "
                     "keyId=\"%s\"",
               c.serial, status, c.key_id);
    if (revoked_at != NULL)
        buf_printf(&xml, " revokedAt=\"%s\"", revoked_at);
    buf_adds(&xml, ">\n");
    if (reason != NULL) {
        buf_adds(&xml, "  <revocationReason>");
        buf_adds_xml(&xml, reason);
        buf_adds(&xml, "</revocationReason>\n");
    }
    buf_printf(&xml, "  <document href=\"/v1/certificates/%s/document\"/>\n", c.serial);
    buf_adds(&xml, d);
    buf_adds(&xml, "\n</certificateStatus>\n");
    CU_ASSERT_EQUAL_FATAL(web_page_add_xml(pg, xml.data, xml.len, err, sizeof err), 0);
    free(doc);
    sign_key_free(k);
    buf_free(&xml);
    return pg;
}

static void test_certificate_page_shows_the_signed_fields_and_offers_revocation(void)
{
    struct web_page *pg = certificate_page("valid", NULL, NULL);
    struct buf out;

    buf_init(&out, 1u << 20);
    CU_ASSERT_EQUAL_FATAL(render("certificate", pg, "province-reviewer", &out), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "证书有效"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "91370102MA3C4D5E7Q"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "山东省工业和信息化厅"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "name=\"reason\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "/revocation\""));
    write_preview("certificate", &out);
    buf_reset(&out);
    /* a city reviewer reads it but cannot revoke */
    CU_ASSERT_EQUAL_FATAL(render("certificate", pg, "city-reviewer", &out), 0);
    CU_ASSERT_PTR_NULL(strstr(out.data, "name=\"reason\""));
    web_page_free(pg);
    buf_free(&out);
}

static void test_revoked_certificate_says_when_and_why(void)
{
    struct web_page *pg = certificate_page("revoked", "2026-03-02T01:00:00.000000Z",
                                           "企业存在弄虚作假行为（鲁工信〔2026〕1号）");
    struct buf out;

    buf_init(&out, 1u << 20);
    CU_ASSERT_EQUAL_FATAL(render("certificate", pg, "province-reviewer", &out), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "证书已撤销"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "弄虚作假"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, ">2026-03-02 09:00</time>"));
    CU_ASSERT_PTR_NULL(strstr(out.data, "name=\"reason\""));
    write_preview("certificate-revoked", &out);
    web_page_free(pg);
    buf_free(&out);
}

/* A certificate signed here with a fresh key, as the registry's row holds
 * it, and what the server's check of its signature found (the same call as
 * registry_certificate_verify: cert_verify with the key the row names). */
struct signed_cert {
    struct cert_row row;
    struct cert_check chk;
    struct sign_key *key;
};

static void signed_cert_make(struct signed_cert *sc, int tamper)
{
    struct cert c;
    struct tier_date from = {2026, 1, 5};
    char err[256];

    memset(sc, 0, sizeof *sc);
    CU_ASSERT_EQUAL_FATAL(sign_key_generate(SIGN_ALG_ED25519, &sc->key, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(cert_prepare(&c, TIER_SPECIALIZED_SME, "91370102MA3C4D5E7Q",
                                       "示例精密机械有限公司（测试）", RULESET_2026, &from,
                                       1767580200000LL, err, sizeof err),
                          0);
    CU_ASSERT_EQUAL_FATAL(cert_sign(&c, sc->key, &sc->row.document, &sc->row.doc_len, err,
                                    sizeof err),
                          0);
    if (tamper) {
        char *n = strstr(sc->row.document, "示例精密");
        CU_ASSERT_PTR_NOT_NULL_FATAL(n);
        memcpy(n, "冒名", strlen("冒名"));
    }
    snprintf(sc->row.serial, sizeof sc->row.serial, "%s", c.serial);
    snprintf(sc->row.tier, sizeof sc->row.tier, "specialized-sme");
    snprintf(sc->row.uscc, sizeof sc->row.uscc, "%s", c.uscc);
    snprintf(sc->row.valid_from, sizeof sc->row.valid_from, "2026-01-05");
    snprintf(sc->row.valid_until, sizeof sc->row.valid_until, "2029-01-04");
    snprintf(sc->row.key_id, sizeof sc->row.key_id, "%s", c.key_id);
    snprintf(sc->chk.key_id, sizeof sc->chk.key_id, "%s", c.key_id);
    snprintf(sc->chk.alg, sizeof sc->chk.alg, "%s", sign_alg_name(SIGN_ALG_ED25519));
    sc->chk.verdict = cert_verify(sc->row.document, sc->row.doc_len, sc->key, NULL,
                                  sc->chk.reason, sizeof sc->chk.reason);
}

static void signed_cert_free(struct signed_cert *sc)
{
    free(sc->row.document);
    sign_key_free(sc->key);
}

static int render_public(const char *view, struct web_page *pg, struct buf *out)
{
    return render(view, pg, "", out);
}

#define CHECK_URL_BASE "http://127.0.0.1:8080/check/"

static void test_public_check_says_valid_whose_and_with_which_key(void)
{
    struct signed_cert sc;
    struct web_page *pg = web_page_new("check");
    struct buf out;
    char err[256];

    signed_cert_make(&sc, 0);
    CU_ASSERT_EQUAL(sc.chk.verdict, CERT_VALID);
    buf_init(&out, 1u << 20);
    CU_ASSERT_EQUAL_FATAL(web_cert_page(pg, &sc.row, "valid", &sc.chk, NULL, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(render_public("check", pg, &out), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "证书有效"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "示例精密机械有限公司（测试）"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "专精特新中小企业（省级）"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "签名有效"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, sc.row.key_id));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "/document\" download="));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "docs/verify.md"));
    /* public: no account, no form, no navigation of the reviewers */
    CU_ASSERT_PTR_NULL(strstr(out.data, "<form"));
    CU_ASSERT_PTR_NULL(strstr(out.data, "/queue"));
    write_preview("check", &out);
    web_page_free(pg);
    signed_cert_free(&sc);
    buf_free(&out);
}

static void test_public_check_of_a_tampered_certificate_says_do_not_trust_it(void)
{
    struct signed_cert sc;
    struct web_page *pg = web_page_new("check");
    struct buf out;
    char err[256];

    signed_cert_make(&sc, 1);
    CU_ASSERT_EQUAL(sc.chk.verdict, CERT_INVALID);
    buf_init(&out, 1u << 20);
    CU_ASSERT_EQUAL_FATAL(web_cert_page(pg, &sc.row, "valid", &sc.chk, NULL, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(render_public("check", pg, &out), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "签名无法核验，请勿采信"));
    CU_ASSERT_PTR_NULL(strstr(out.data, "证书有效"));
    CU_ASSERT_PTR_NULL(strstr(out.data, "签名有效"));
    write_preview("check-tampered", &out);
    web_page_free(pg);
    signed_cert_free(&sc);
    buf_free(&out);
}

static void test_public_check_of_a_revoked_certificate_says_when_and_why(void)
{
    struct signed_cert sc;
    struct web_page *pg = web_page_new("check");
    struct buf out;
    char err[256];

    signed_cert_make(&sc, 0);
    snprintf(sc.row.revoked_at, sizeof sc.row.revoked_at, "2026-03-02T01:00:00Z");
    snprintf(sc.row.reason, sizeof sc.row.reason, "企业存在弄虚作假行为<script>");
    buf_init(&out, 1u << 20);
    CU_ASSERT_EQUAL_FATAL(web_cert_page(pg, &sc.row, "revoked", &sc.chk, NULL, err, sizeof err),
                          0);
    CU_ASSERT_EQUAL_FATAL(render_public("check", pg, &out), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "证书已撤销"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, ">2026-03-02 09:00</time>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "弄虚作假行为&lt;script&gt;"));
    CU_ASSERT_PTR_NULL(strstr(out.data, "证书有效"));
    write_preview("check-revoked", &out);
    web_page_free(pg);
    signed_cert_free(&sc);
    buf_free(&out);
}

static void test_printable_certificate_carries_fields_fingerprint_and_qr_of_the_check_url(void)
{
    struct signed_cert sc;
    struct web_page *pg = web_page_new("certprint");
    struct buf out;
    char err[256], url[128];

    signed_cert_make(&sc, 0);
    snprintf(url, sizeof url, CHECK_URL_BASE "%s", sc.row.serial);
    buf_init(&out, 1u << 20);
    CU_ASSERT_EQUAL_FATAL(web_cert_page(pg, &sc.row, "valid", &sc.chk, url, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(render_public("certprint", pg, &out), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "<svg"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "viewBox="));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, url));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, sc.row.key_id));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "91370102MA3C4D5E7Q"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "专精特新中小企业证书"));
    write_preview("certprint", &out);
    web_page_free(pg);
    signed_cert_free(&sc);
    buf_free(&out);
}

static void test_published_list_shows_name_uscc_tier_and_links_to_the_check(void)
{
    static const char xml[] =
        "<published xmlns=\"urn:tierd:published:1\" year=\"2026\" tier=\"\" city=\"370200\" "
        "next=\"HT-2026-01KE5ZTV20SG9B32NF\">"
        "<certificate serial=\"SS-2026-01KE5ZTV20SG9B32NF\" tier=\"specialized-sme\" "
        "city=\"370200\" validFrom=\"2026-01-05\" validUntil=\"2029-01-04\" status=\"valid\">"
        "<name>青岛&lt;b&gt;精工有限公司</name><uscc>91370203MA3T1U2W06</uscc></certificate>"
        "<certificate serial=\"HT-2026-01KE5ZTV20SG9B32NF\" tier=\"high-tech\" city=\"370200\" "
        "validFrom=\"2026-02-01\" validUntil=\"2029-01-31\" status=\"revoked\">"
        "<name>示例智能传感科技有限公司（测试）</name><uscc>91370211MA3D0A1B86</uscc></certificate>"
        "</published>";
    struct web_page *pg = web_page_new("published");
    struct buf out;
    char err[256];

    buf_init(&out, 1u << 20);
    CU_ASSERT_EQUAL_FATAL(web_page_add_xml(pg, xml, sizeof xml - 1, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(web_page_form(pg, "choose"), 0);
    CU_ASSERT_EQUAL(web_page_form_value(pg, "year", "2026"), 0);
    CU_ASSERT_EQUAL(web_page_form_value(pg, "tier", ""), 0);
    CU_ASSERT_EQUAL(web_page_form_value(pg, "city", "370200"), 0);
    CU_ASSERT_EQUAL_FATAL(render("published", pg, "", &out), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "2026 年度认定名单"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "青岛&lt;b&gt;精工有限公司"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "href=\"/check/SS-2026-01KE5ZTV20SG9B32NF\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "已撤销"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "value=\"370200\" selected"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "after=HT-2026-01KE5ZTV20SG9B32NF"));
    write_preview("published", &out);
    web_page_free(pg);
    buf_free(&out);
}

/* A tier's form, generated by apply.xsl from the tier's XSD beside
 * common.xsd and common-blocks.xsd, filled from `sample` when not NULL.
 * 0 or -1. */
static int apply_page_filled(const char *tier, const char *sample, struct buf *out)
{
    static const char *const files[] = {"", "xsd/common.xsd", "xsd/common-blocks.xsd", ""};
    struct web_page *pg = web_page_new("apply");
    char path[128], err[256];
    int rc = 0;

    snprintf(path, sizeof path, "xsd/%s.xsd", tier);
    for (size_t i = 0; i < (sample ? 4u : 3u) && rc == 0; i++) {
        size_t len = 0;
        char *x = test_read_file(i == 0 ? path : i == 3 ? sample : files[i], &len);
        rc = x && web_page_add_xml(pg, x, len, err, sizeof err) == 0 ? 0 : -1;
        if (rc != 0)
            fprintf(stderr, "apply %s: %s\n", tier, x ? err : "cannot read");
        free(x);
    }
    if (rc == 0)
        rc = render("apply", pg, "enterprise", out);
    web_page_free(pg);
    return rc;
}

static int apply_page(const char *tier, struct buf *out)
{
    return apply_page_filled(tier, NULL, out);
}

/* What a browser would submit from the form in html, in the form's order
 * (web_html_form_fields, as tierd reads an uploaded document's form back):
 * each input's value and each select's selected option, copied into f. The
 * names and values stay in hf, which the caller frees. */
static size_t form_fields(const struct buf *html, struct web_html_form *hf,
                          struct web_form_field *f, size_t cap)
{
    char err[256];

    if (web_html_form_fields(html->data, html->len, cap, hf, err, sizeof err) != 0) {
        fprintf(stderr, "\n    %s", err);
        return 0;
    }
    memcpy(f, hf->f, hf->n * sizeof *f);
    return hf->n;
}

/* The rule ids and verdicts of a document judged by the real rules, one
 * line each; 0, or -1 when the schema refuses it. */
static int judged(const char *doc, size_t len, struct buf *out)
{
    static struct application app;
    static struct findings found;
    static struct ingest_errors errs;

    ingest_errors_clear(&errs);
    if (ingest_application(schemas, doc, len, NULL, &app, &errs) != INGEST_OK) {
        fprintf(stderr, "\n    refused: %s", errs.count ? errs.e[0].message : "?");
        return -1;
    }
    findings_init(&found);
    if (rules_evaluate(&app, RULESET_NONE, NULL, &found) != 0)
        return -1;
    for (size_t i = 0; i < found.count; i++)
        buf_printf(out, "%s %d %s\n", found.items[i].rule_id, (int)found.items[i].verdict,
                   found.items[i].measured);
    return 0;
}

static void test_every_tier_form_filled_from_its_sample_gives_the_same_judgement(void)
{
    static const char *const tiers[] = {
        "innovative-sme", "tech-sme", "tech-innovative-sme", "specialized-sme", "little-giant",
        "single-champion", "leading", "high-tech", "gazelle", "unicorn"};
    static struct web_form_field f[4096];
    struct buf html, xml, want, got;
    char sample[128], err[256];

    buf_init(&html, 8u << 20);
    buf_init(&xml, 8u << 20);
    buf_init(&want, 1u << 20);
    buf_init(&got, 1u << 20);
    for (size_t i = 0; i < sizeof tiers / sizeof tiers[0]; i++) {
        size_t len = 0, n;
        char *doc;
        xmlDocPtr sd;
        struct web_html_form hf;

        snprintf(sample, sizeof sample, "tests/data/%s/eligible%s.xml", tiers[i],
                 strcmp(tiers[i], "tech-innovative-sme") == 0 ? "-2026" : "");
        buf_reset(&html);
        buf_reset(&xml);
        buf_reset(&want);
        buf_reset(&got);
        doc = test_read_file(sample, &len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        sd = xmlReadMemory(doc, (int)len, NULL, NULL, XML_PARSE_NONET);
        CU_ASSERT_PTR_NOT_NULL_FATAL(sd);
        CU_ASSERT_EQUAL_FATAL(apply_page_filled(tiers[i], sample, &html), 0);
        n = form_fields(&html, &hf, f, sizeof f / sizeof f[0]);
        CU_ASSERT_TRUE(n > 10);
        CU_ASSERT_EQUAL(web_form_xml((const char *)xmlDocGetRootElement(sd)->ns->href, f, n, &xml,
                                     err, sizeof err),
                        0);
        CU_ASSERT_EQUAL(judged(doc, len, &want), 0);
        CU_ASSERT_EQUAL(judged(xml.data, xml.len, &got), 0);
        CU_ASSERT_STRING_EQUAL(got.data ? got.data : "", want.data ? want.data : "");
        if (got.data == NULL || want.data == NULL || strcmp(got.data, want.data) != 0)
            fprintf(stderr, "\n    %s: the form's document is judged otherwise:\n%s\n---\n%s",
                    tiers[i], xml.data ? xml.data : "", got.data ? got.data : "");
        web_html_form_free(&hf);
        xmlFreeDoc(sd);
        free(doc);
    }
    buf_free(&html);
    buf_free(&xml);
    buf_free(&want);
    buf_free(&got);
}

static void test_a_wrong_amount_is_shown_at_its_field_in_chinese(void)
{
    static struct web_form_field f[4096];
    static struct web_field_error fe[32];
    const char *sample = "tests/data/specialized-sme/eligible.xml";
    struct buf html, xml;
    struct web_page *pg;
    char err[256];
    size_t n, nerr = 0, wrong = 0;
    struct web_html_form hf;

    buf_init(&html, 8u << 20);
    buf_init(&xml, 8u << 20);
    CU_ASSERT_EQUAL_FATAL(apply_page_filled("specialized-sme", sample, &html), 0);
    n = form_fields(&html, &hf, f, sizeof f / sizeof f[0]);
    /* the clerk types three decimals into the second year's revenue */
    for (size_t i = 0; i < n; i++)
        if (strcmp(f[i].name, "financials.year.2.revenue") == 0) {
            f[i].value = "12000000.345";
            wrong = i + 1;
        }
    CU_ASSERT_FATAL(wrong > 0);
    CU_ASSERT_EQUAL_FATAL(web_form_check(schemas, "urn:tierd:application:specialized-sme:1", f, n,
                                         &xml, fe, 32, &nerr, err, sizeof err),
                          0);
    CU_ASSERT_EQUAL_FATAL(nerr, 1u);
    CU_ASSERT_STRING_EQUAL(fe[0].field, "financials.year.2.revenue");
    CU_ASSERT_PTR_NOT_NULL(strstr(fe[0].message, "营业收入"));
    /* the page again, with what was typed and the message at the field */
    pg = web_page_new("apply");
    buf_reset(&html);
    {
        static const char *const files[] = {"xsd/specialized-sme.xsd", "xsd/common.xsd",
                                            "xsd/common-blocks.xsd"};
        for (size_t i = 0; i < 3; i++) {
            size_t len = 0;
            char *x = test_read_file(files[i], &len);
            CU_ASSERT_EQUAL(web_page_add_xml(pg, x, len, err, sizeof err), 0);
            free(x);
        }
    }
    CU_ASSERT_EQUAL(web_page_add_xml(pg, xml.data, xml.len, err, sizeof err), 0);
    CU_ASSERT_EQUAL(web_page_form(pg, "check"), 0);
    CU_ASSERT_EQUAL(web_page_form_error(pg, fe[0].field, fe[0].message), 0);
    CU_ASSERT_EQUAL_FATAL(render("apply", pg, "enterprise", &html), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(html.data, "href=\"#f-financials.year.2.revenue\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(html.data, "id=\"f-financials.year.2.revenue-error\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(html.data, "value=\"12000000.345\""));
    write_preview("apply-refused", &html);
    web_page_free(pg);
    web_html_form_free(&hf);
    buf_free(&html);
    buf_free(&xml);
}

/* 检查 on a form filled from a sample that fails one criterion: the rules'
 * failing finding is placed at a field of the form (its element, or the
 * first field of its group), and the page shows it there and in the
 * summary. */
static void test_a_failing_criterion_is_placed_at_its_field(void)
{
    static struct web_form_field f[4096];
    static struct web_field_error fe[32];
    static struct findings found;
    static char field[FINDINGS_MAX][256];
    const char *sample = "tests/data/specialized-sme/2026-liability-one-fen-above-80pct-fails.xml";
    struct buf html, xml;
    char err[256];
    size_t n, nerr = 0, fails = 0;
    struct web_html_form hf;

    buf_init(&html, 8u << 20);
    buf_init(&xml, 8u << 20);
    CU_ASSERT_EQUAL_FATAL(apply_page_filled("specialized-sme", sample, &html), 0);
    n = form_fields(&html, &hf, f, sizeof f / sizeof f[0]);
    CU_ASSERT_EQUAL_FATAL(web_form_check(schemas, "urn:tierd:application:specialized-sme:1", f, n,
                                         &xml, fe, 32, &nerr, err, sizeof err),
                          0);
    CU_ASSERT_EQUAL_FATAL(nerr, 0u);
    CU_ASSERT_EQUAL_FATAL(web_form_judge(schemas, xml.data, xml.len, f, n, &found, field, err,
                                         sizeof err),
                          0);
    for (size_t i = 0; i < found.count; i++) {
        if (found.items[i].verdict != VERDICT_FAIL || found.items[i].detail)
            continue;
        fails++;
        /* a field the form has, in the financial years */
        CU_ASSERT_PTR_NOT_NULL(strstr(field[i], "financials."));
        if (strstr(field[i], "financials.") == NULL)
            fprintf(stderr, "\n    %s (%s) placed at '%s'", found.items[i].rule_id,
                    found.items[i].xpath, field[i]);
        for (size_t j = 0; j < n && field[i][0]; j++)
            if (strcmp(f[j].name, field[i]) == 0)
                field[i][0] = '\0'; /* found: mark */
        CU_ASSERT_EQUAL(field[i][0], '\0');
    }
    CU_ASSERT_EQUAL(fails, 1u);
    web_html_form_free(&hf);
    buf_free(&html);
    buf_free(&xml);
}

static void test_my_page_lists_drafts_applications_and_certificates(void)
{
    static const char subs[] =
        "<submissions xmlns=\"urn:tierd:submissions:1\" count=\"2\">"
        "<submission id=\"12\" href=\"/v1/submissions/12\"><tier>specialized-sme</tier>"
        "<ruleSet>2026</ruleSet><status>returned</status><overall>eligible</overall>"
        "<enterprise uscc=\"91370102MA3C4D5E7Q\">示例</enterprise><city>370100</city>"
        "<year>2026</year><submittedAt>2026-05-10T02:00:00Z</submittedAt></submission>"
        "<submission id=\"9\" href=\"/v1/submissions/9\"><tier>innovative-sme</tier>"
        "<ruleSet>2026</ruleSet><status>a-state-to-come</status><overall>eligible</overall>"
        "<enterprise uscc=\"91370102MA3C4D5E7Q\">示例</enterprise><city>370100</city>"
        "<year>2026</year><submittedAt>2026-04-10T02:00:00Z</submittedAt></submission>"
        "</submissions>";
    static const char drafts[] =
        "<drafts xmlns=\"urn:tierd:page:1\"><draft id=\"3\" tier=\"little-giant\" "
        "replaces=\"0\" bytes=\"900\" updatedAt=\"2026-05-11T08:00:00Z\">专精特新“小巨人”企业"
        "</draft></drafts>";
    static const char titles[] =
        "<titles xmlns=\"urn:tierd:page:1\"><certificate serial=\"IS-2026-01KE5ZTV20SG9B32NF\" "
        "tier=\"innovative-sme\" state=\"valid\" validFrom=\"2026-01-05\" "
        "validUntil=\"2029-01-04\" revokedOn=\"\" submission=\"4\">创新型中小企业</certificate>"
        "</titles>";
    struct web_page *pg = web_page_new("my");
    struct buf out;
    char err[256];

    buf_init(&out, 1u << 20);
    CU_ASSERT_EQUAL_FATAL(web_page_add_xml(pg, subs, sizeof subs - 1, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(web_page_add_xml(pg, drafts, sizeof drafts - 1, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(web_page_add_xml(pg, titles, sizeof titles - 1, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(render("my", pg, "enterprise", &out), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "href=\"/apply/specialized-sme?replaces=12\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "href=\"/apply/little-giant?draft=3\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "action=\"/drafts/3/delete\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "href=\"/check/IS-2026-01KE5ZTV20SG9B32NF/print\""));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(out.data, "href=\"/v1/certificates/IS-2026-01KE5ZTV20SG9B32NF/document\""));
    /* a state this page does not know is shown as the API says it */
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "a-state-to-come"));
    write_preview("my", &out);
    web_page_free(pg);
    buf_free(&out);
}

static void test_the_tiers_page_shows_requirements_with_clauses(void)
{
    static const char req[] =
        "<requirements xmlns=\"urn:tierd:page:1\" today=\"2026-05-10\" ruleSet=\"2026\">"
        "<tier code=\"specialized-sme\" ruleSet=\"2026\" name=\"专精特新中小企业\">"
        "<criterion rule=\"SSME26-RD\" clause=\"工信部企业〔2026〕2号 附件2\" threshold=\"≥ 3%\" "
        "judgement=\"0\">研发费用占营业收入比重不低于3%</criterion></tier>"
        "<tier code=\"gazelle\" ruleSet=\"2026\" name=\"瞪羚企业\">"
        "<criterion rule=\"GAZ-CREDIT\" clause=\"鲁工信发〔2023〕1号\" threshold=\"≥ 75\" "
        "judgement=\"1\">第三方信用评价得分达到75分以上</criterion></tier></requirements>";
    struct web_page *pg = web_page_new("applyindex");
    struct buf out;
    char err[256];

    buf_init(&out, 1u << 20);
    CU_ASSERT_EQUAL_FATAL(web_page_add_xml(pg, req, sizeof req - 1, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(render("applyindex", pg, "enterprise", &out), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "2026 年认定标准"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "href=\"/apply/gazelle\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "工信部企业〔2026〕2号 附件2"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "由审核人员依据材料判断"));
    write_preview("applyindex", &out);
    web_page_free(pg);
    buf_free(&out);
}

static void test_every_tier_form_is_generated_from_its_schema(void)
{
    static const char *const tiers[] = {
        "innovative-sme", "tech-sme", "tech-innovative-sme", "specialized-sme", "little-giant",
        "single-champion", "leading", "high-tech", "gazelle", "unicorn"};
    struct buf out;
    char name[64];

    buf_init(&out, 4u << 20);
    for (size_t i = 0; i < sizeof tiers / sizeof tiers[0]; i++) {
        buf_reset(&out);
        CU_ASSERT_EQUAL_FATAL(apply_page(tiers[i], &out), 0);
        /* every tier asks for the enterprise and its submission date */
        CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "name=\"enterprise.uscc\""));
        CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "统一社会信用代码"));
        CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "name=\"submissionDate\" type=\"date\""));
        CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "检查"));
        snprintf(name, sizeof name, "apply-%s", tiers[i]);
        write_preview(name, &out);
    }
    /* 专精特新: two financial years at least, amounts with two decimals, yes/no */
    buf_reset(&out);
    CU_ASSERT_EQUAL_FATAL(apply_page("specialized-sme", &out), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "name=\"financials.year.1.revenue\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "name=\"financials.year.2.revenue\""));
    CU_ASSERT_PTR_NULL(strstr(out.data, "name=\"financials.year.3.revenue\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "name=\"financials.year.1.@value\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "营业收入"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "非负金额（元），最多两位小数"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "inputmode=\"decimal\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "<option value=\"true\">是</option>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "<option value=\"invention-patent\">"));
    buf_free(&out);
}

/* A province report for 2026 up to March: `n` new titles of a tier spread
 * evenly over the 16 cities and the three months, and some pipeline. */
static void report_tier_fill(struct report *r, enum tier_id id, enum report_kind kind,
                             uint32_t n, uint32_t target, enum report_wording w,
                             const char *source)
{
    struct report_tier *t = report_add_tier(r, id, kind);

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    for (int j = 0; j < CITY_COUNT; j++) {
        struct report_counts *c = &t->cities[j];
        uint32_t share = n / CITY_COUNT + (j < (int)(n % CITY_COUNT) ? 1 : 0);
        for (int m = 0; m < REPORT_MONTHS; m++) {
            c->cumulative[m] = m < 3 ? share * (uint32_t)(m + 1) / 3 : share;
            t->scope.cumulative[m] += c->cumulative[m];
        }
        c->achieved = c->cumulative[2];
        c->pipeline.received = (uint32_t)(j % 5);
        c->pipeline.ineligible = (uint32_t)(j % 2);
        c->pipeline.recommended = (uint32_t)(j % 3);
        c->pipeline.approved = share;
        t->scope.pipeline.received += c->pipeline.received;
        t->scope.pipeline.ineligible += c->pipeline.ineligible;
        t->scope.pipeline.recommended += c->pipeline.recommended;
        t->scope.pipeline.approved += c->pipeline.approved;
    }
    t->scope.achieved = t->scope.cumulative[2];
    if (target > 0) {
        t->scope.has_target = 1;
        t->scope.target = target;
        t->wording = w;
        snprintf(t->source, sizeof t->source, "%s", source);
    }
}

static void test_report_page_frames_the_yearly_report_with_choosers(void)
{
    struct report *r = calloc(1, sizeof *r);
    struct web_page *pg = web_page_new("report");
    struct buf xml, out;
    char err[256];

    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    buf_init(&xml, 1u << 20);
    buf_init(&out, 1u << 20);
    /* 2026-03-31 12:00 UTC+8 */
    CU_ASSERT_EQUAL_FATAL(report_init(r, 2026, NULL, 1774929600), 0);
    r->months_covered = 3;
    report_tier_fill(r, TIER_SPECIALIZED_SME, REPORT_KIND_NEW, 412, 1000, REPORT_WORDING_FLOOR,
                     "鲁政办字〔2023〕78号 二(三)2: 专精特新中小企业1000家以上");
    report_tier_fill(r, TIER_LITTLE_GIANT, REPORT_KIND_NEW, 37, 200, REPORT_WORDING_ABOUT,
                     "鲁政办字〔2023〕78号 二(三)2: 专精特新“小巨人”企业200家左右");
    report_tier_fill(r, TIER_INNOVATIVE_SME, REPORT_KIND_NEW, 905, 0, REPORT_WORDING_FLOOR, "");
    CU_ASSERT_EQUAL_FATAL(report_check(r, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(report_render_xml(r, &xml), 0);
    if (getenv("WEB_DUMP_REPORT"))
        fputs(xml.data, stderr);
    CU_ASSERT_EQUAL_FATAL(web_page_add_xml(pg, xml.data, xml.len, err, sizeof err), 0);
    CU_ASSERT_EQUAL(web_page_form(pg, "choose"), 0);
    CU_ASSERT_EQUAL(web_page_form_value(pg, "year", "2026"), 0);
    CU_ASSERT_EQUAL_FATAL(render("report", pg, "province-reviewer", &out), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "2026 年度"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "专精特新中小企业"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "method=\"get\" action=\"/report\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "41.20%"));
    write_preview("report", &out);
    web_page_free(pg);
    buf_free(&xml);
    buf_free(&out);
    free(r);
}

static int suite_init(void)
{
    char err[512], cssp[600];
    const char *d = getenv("WEB_PREVIEW_DIR");
    size_t len;
    char *css;
    FILE *f;

    if (web_views_load("web", &views, err, sizeof err) != 0) {
        fprintf(stderr, "test_web_view: %s\n", err);
        return -1;
    }
    if (ingest_schemas_load(&schemas, "xsd", NULL) != INGEST_OK)
        return -1;
    snprintf(preview, sizeof preview, "%s", d && *d ? d : "build/web-preview");
    mkdir("build", 0755);
    if (mkdir(preview, 0755) != 0 && access(preview, W_OK) != 0)
        return -1;
    css = test_read_file("web/tierd.css", &len);
    if (css == NULL)
        return -1;
    if (snprintf(cssp, sizeof cssp, "%s/tierd.css", preview) >= (int)sizeof cssp)
        return -1;
    f = fopen(cssp, "wb");
    if (f == NULL || fwrite(css, 1, len, f) != len) {
        free(css);
        if (f)
            fclose(f);
        return -1;
    }
    fclose(f);
    free(css);
    return 0;
}

static int suite_clean(void)
{
    web_views_free(views);
    ingest_schemas_free(schemas);
    return 0;
}

/* The admin's accounts page: every account with its acts, a token shown
 * once with the words that say so, the refused add with the sentence at the
 * city and the values kept (never the password); names are escaped. */
static void test_admin_accounts_page_shows_the_token_once_and_a_refusal_at_its_field(void)
{
    static const char xml[] =
        "<accounts xmlns=\"urn:tierd:accounts:1\">"
        "<account name=\"jinan.review\" role=\"city-reviewer\" uscc=\"\" city=\"370100\" "
        "state=\"enabled\" password=\"true\" tokens=\"1\"/>"
        "<account name=\"acme&lt;b&gt;\" role=\"enterprise\" uscc=\"91370102MA3C4D5E7Q\" "
        "city=\"\" state=\"disabled\" password=\"false\" tokens=\"0\"/></accounts>";
    struct web_page *pg = web_page_new("admin_accounts");
    struct buf out;
    char err[256];

    buf_init(&out, 1u << 20);
    CU_ASSERT_EQUAL_FATAL(web_page_add_xml(pg, xml, sizeof xml - 1, err, sizeof err), 0);
    CU_ASSERT_EQUAL(web_page_form(pg, "token"), 0);
    CU_ASSERT_EQUAL(web_page_form_value(pg, "account", "jinan.review"), 0);
    CU_ASSERT_EQUAL(web_page_form_value(pg, "token", "tierd_0123456789abcdef"), 0);
    CU_ASSERT_EQUAL_FATAL(render("admin_accounts", pg, "admin", &out), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "value=\"tierd_0123456789abcdef\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "只显示这一次"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "action=\"/admin/accounts/jinan.review/disable\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "acme&lt;b&gt;"));
    CU_ASSERT_PTR_NULL(strstr(out.data, "acme<b>"));
    write_preview("admin-accounts-token", &out);
    web_page_free(pg);

    pg = web_page_new("admin_accounts");
    buf_reset(&out);
    CU_ASSERT_EQUAL_FATAL(web_page_add_xml(pg, xml, sizeof xml - 1, err, sizeof err), 0);
    CU_ASSERT_EQUAL(web_page_form(pg, "add"), 0);
    CU_ASSERT_EQUAL(web_page_form_value(pg, "name", "zibo.review"), 0);
    CU_ASSERT_EQUAL(web_page_form_value(pg, "role", "city-reviewer"), 0);
    CU_ASSERT_EQUAL(web_page_form_error(pg, "city", "市级审核员须选择所属城市，且不填统一社会信用代码"),
                    0);
    CU_ASSERT_EQUAL_FATAL(render("admin_accounts", pg, "admin", &out), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "<a href=\"#f-city\">市级审核员须选择所属城市"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "id=\"f-city-error\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "value=\"zibo.review\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "<option value=\"city-reviewer\" selected"));
    CU_ASSERT_PTR_NULL(strstr(out.data, "只显示这一次"));
    write_preview("admin-accounts-refused", &out);
    web_page_free(pg);
    buf_free(&out);
}

/* The targets page: the year's targets in words, and a refused form with
 * the sentence at the count and what was typed kept. */
static void test_admin_targets_page_lists_the_year_and_keeps_a_refused_form(void)
{
    static const char xml[] =
        "<targets xmlns=\"urn:tierd:targets:1\" year=\"2026\">"
        "<target tier=\"little-giant\" city=\"\" count=\"1200\" kind=\"new\" "
        "wording=\"floor\">省工信厅 2026 年工作要点</target>"
        "<target tier=\"specialized-sme\" city=\"370100\" count=\"300\" kind=\"stock\" "
        "wording=\"about\"></target></targets>";
    struct web_page *pg = web_page_new("admin_targets");
    struct buf out;
    char err[256];

    buf_init(&out, 1u << 20);
    CU_ASSERT_EQUAL_FATAL(web_page_add_xml(pg, xml, sizeof xml - 1, err, sizeof err), 0);
    CU_ASSERT_EQUAL(web_page_form(pg, "target"), 0);
    CU_ASSERT_EQUAL(web_page_form_value(pg, "tier", "gazelle"), 0);
    CU_ASSERT_EQUAL(web_page_form_value(pg, "count", "很多"), 0);
    CU_ASSERT_EQUAL(web_page_form_error(pg, "count", "请填写目标数：0 至 10,000,000 之间的整数"), 0);
    CU_ASSERT_EQUAL_FATAL(render("admin_targets", pg, "admin", &out), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "1,200"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "全省"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "年末存量"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "value=\"很多\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "<option value=\"gazelle\" selected"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "id=\"f-count-error\""));
    write_preview("admin-targets-refused", &out);
    web_page_free(pg);
    buf_free(&out);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("web_view", suite_init, suite_clean);
    CU_add_test(s, "every page view in web/ compiles", test_every_page_view_in_web_compiles);
    CU_add_test(s, "admin accounts page shows the token once and a refusal at its field",
                test_admin_accounts_page_shows_the_token_once_and_a_refusal_at_its_field);
    CU_add_test(s, "admin targets page lists the year and keeps a refused form",
                test_admin_targets_page_lists_the_year_and_keeps_a_refused_form);
    CU_add_test(s, "stylesheet asking for unescaped output is refused at load",
                test_stylesheet_asking_for_unescaped_output_is_refused_at_load);
    CU_add_test(s, "import from outside the folder is refused at load",
                test_import_from_outside_the_folder_is_refused_at_load);
    CU_add_test(s, "a page may not read files while rendering",
                test_a_page_may_not_read_files_while_rendering);
    CU_add_test(s, "unknown view is refused and output untouched",
                test_unknown_view_is_refused_and_output_untouched);
    CU_add_test(s, "page over the buffer cap leaves the buffer as it was",
                test_page_over_the_buffer_cap_leaves_the_buffer_as_it_was);
    CU_add_test(s, "signin page is Chinese with labels and no script",
                test_signin_page_is_chinese_with_labels_and_no_script);
    CU_add_test(s, "refused signin keeps the name but never the password",
                test_refused_signin_keeps_the_name_but_never_the_password);
    CU_add_test(s, "queue escapes what enterprises typed", test_queue_escapes_what_enterprises_typed);
    CU_add_test(s, "application page groups findings and offers the city decision",
                test_application_page_groups_findings_and_offers_the_city_decision);
    CU_add_test(s, "province reviewer sees approve and the history",
                test_province_reviewer_sees_approve_and_the_history);
    CU_add_test(s, "city reviewer cannot decide a recommended application",
                test_city_reviewer_cannot_decide_a_recommended_application);
    CU_add_test(s, "refused decision shows summary, message and what was typed",
                test_refused_decision_shows_summary_message_and_what_was_typed);
    CU_add_test(s, "parameters are strings whatever quotes they hold",
                test_parameters_are_strings_whatever_quotes_they_hold);
    CU_add_test(s, "certificate page shows the signed fields and offers revocation",
                test_certificate_page_shows_the_signed_fields_and_offers_revocation);
    CU_add_test(s, "revoked certificate says when and why",
                test_revoked_certificate_says_when_and_why);
    CU_add_test(s, "public check says valid, whose and with which key",
                test_public_check_says_valid_whose_and_with_which_key);
    CU_add_test(s, "public check of a tampered certificate says do not trust it",
                test_public_check_of_a_tampered_certificate_says_do_not_trust_it);
    CU_add_test(s, "public check of a revoked certificate says when and why",
                test_public_check_of_a_revoked_certificate_says_when_and_why);
    CU_add_test(s, "printable certificate carries fields, fingerprint and QR of the check URL",
                test_printable_certificate_carries_fields_fingerprint_and_qr_of_the_check_url);
    CU_add_test(s, "published list shows name, USCC, tier and links to the check",
                test_published_list_shows_name_uscc_tier_and_links_to_the_check);
    CU_add_test(s, "every tier's form is generated from its schema",
                test_every_tier_form_is_generated_from_its_schema);
    CU_add_test(s, "every tier's form filled from its sample gives the same judgement",
                test_every_tier_form_filled_from_its_sample_gives_the_same_judgement);
    CU_add_test(s, "a wrong amount is shown at its field, in Chinese",
                test_a_wrong_amount_is_shown_at_its_field_in_chinese);
    CU_add_test(s, "my page lists drafts, applications and certificates",
                test_my_page_lists_drafts_applications_and_certificates);
    CU_add_test(s, "the tiers page shows requirements with clauses",
                test_the_tiers_page_shows_requirements_with_clauses);
    CU_add_test(s, "a failing criterion is placed at its field",
                test_a_failing_criterion_is_placed_at_its_field);
    CU_add_test(s, "report page frames the yearly report with choosers",
                test_report_page_frames_the_yearly_report_with_choosers);
    CU_add_test(s, "page headers forbid framing, other hosts and caching",
                test_page_headers_forbid_framing_other_hosts_and_caching);
    CU_add_test(s, "the queue shows every time as Beijing time across days, months and years",
                test_queue_shows_every_time_as_beijing_time_across_days_months_and_years);
    CU_add_test(s, "page refuses a document with a DOCTYPE",
                test_page_refuses_a_document_with_a_doctype);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
