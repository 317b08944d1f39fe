/*
 * test_report.c — the yearly report against direct counts. A random data set
 * (three years, all cities, decisions and revocations) goes through the real
 * ingest and review code (tierctl seed-demo); then every figure of the report
 * — each tier's and each city's count, month by month, the certificates
 * issued and of them revoked since, the net achieved, last year's figure and
 * the pipeline — is checked against COUNT queries on the raw tables, written
 * here independently of the report's own queries.
 */
#include "harness.h"

#include <CUnit/Basic.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tier/city.h"
#include "tier/date.h"
#include "tier/tier.h"

#define YEAR 2025

static char province[128], jinan[128], ent[128];

static int suite_init(void)
{
    char *out = NULL;
    int rc;

    if (harness_start() != 0)
        return -1;
    rc = harness_sh(&out, "%s seed-demo --year 2024 --enterprises 80 --seed 11 && "
                          "%s seed-demo --year 2025 --enterprises 160 --seed 12 && "
                          "%s seed-demo --year 2026 --enterprises 60 --seed 13 && "
                          "%s target set 2025 specialized-sme 40 --kind new --wording floor && "
                          "%s target set 2025 specialized-sme 5 --city 370100 && "
                          "%s target set 2025 high-tech 30 --kind stock --wording reach",
                    harness_bin("tierctl"), harness_bin("tierctl"), harness_bin("tierctl"),
                    harness_bin("tierctl"), harness_bin("tierctl"), harness_bin("tierctl"));
    if (rc != 0) {
        fprintf(stderr, "test_report: seeding failed:\n%s\n", out ? out : "");
        free(out);
        return -1;
    }
    fprintf(stderr, "%s", out);
    free(out);
    if (harness_account("province", "--role province-reviewer", province, sizeof province) ||
        harness_account("jinan", "--role city-reviewer --city 370100", jinan, sizeof jinan) ||
        harness_account("ent", "--role enterprise --uscc 91370102MA3C4D5E7Q", ent, sizeof ent))
        return -1;
    return 0;
}

static int suite_clean(void)
{
    return harness_stop();
}

/* Expected figures, [tier][city index + 1] (0 = the whole province). */
struct expect {
    long pipeline[TIER_COUNT][CITY_COUNT + 1][6];
    long monthly[TIER_COUNT][CITY_COUNT + 1][12];
    long revoked[TIER_COUNT][CITY_COUNT + 1];   /* new: issued in the year, revoked since */
    long last_year[TIER_COUNT][CITY_COUNT + 1]; /* the same figure for YEAR - 1 */
};

enum { INTO_REVOKED, INTO_LAST_YEAR };

static const char *const STATUSES[6] = {"received", "ineligible", "recommended",
                                        "returned", "approved",   "rejected"};

static int city_slot(const char *code)
{
    for (int i = 0; i < CITY_COUNT; i++) {
        if (strcmp(city_all()[i].code, code) == 0)
            return i + 1;
    }
    return -1;
}

/* Run SQL; for every output line "tier\tcity\tX\tcount" call fn. */
static int sql_rows(const char *sql, void (*fn)(struct expect *, char **, int, int), struct expect *e,
                    int arg)
{
    char *out = NULL, *line, *save = NULL;
    int rc = harness_sh(&out, "scripts/db sql -N -B -e \"%s\"", sql);

    if (rc != 0 || out == NULL) {
        fprintf(stderr, "\n    sql failed: %s\n%s", sql, out ? out : "");
        free(out);
        return -1;
    }
    if (getenv("TEST_DEBUG_SQL"))
        fprintf(stderr, "\n[%s]\n%.300s", sql, out);
    for (line = strtok_r(out, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        char *f[4] = {0};
        int k = 0;
        for (char *p = line; k < 4; k++) {
            f[k] = p;
            p = strchr(p, '\t');
            if (p == NULL)
                break;
            *p++ = '\0';
        }
        if (k >= 2)
            fn(e, f, k + 1, arg);
    }
    free(out);
    return 0;
}

static void add_pipeline(struct expect *e, char **f, int n, int arg)
{
    const struct tier_info *ti = tier_by_code(f[0]);
    int slot = city_slot(f[1]);

    (void)arg;
    if (ti == NULL || n < 4)
        return;
    for (int s = 0; s < 6; s++) {
        if (strcmp(f[2], STATUSES[s]) == 0) {
            e->pipeline[ti->id][0][s] += atol(f[3]);
            if (slot > 0)
                e->pipeline[ti->id][slot][s] += atol(f[3]);
        }
    }
}

static void add_month(struct expect *e, char **f, int n, int month)
{
    const struct tier_info *ti = tier_by_code(f[0]);
    int slot = city_slot(f[1]);

    if (ti == NULL || n < 3)
        return;
    e->monthly[ti->id][0][month - 1] += atol(f[2]);
    if (slot > 0)
        e->monthly[ti->id][slot][month - 1] += atol(f[2]);
}

/* "tier\tcity\tcount" into e->revoked or e->last_year. */
static void add_figure(struct expect *e, char **f, int n, int into)
{
    const struct tier_info *ti = tier_by_code(f[0]);
    int slot = city_slot(f[1]);
    long(*a)[CITY_COUNT + 1] = into == INTO_REVOKED ? e->revoked : e->last_year;

    if (ti == NULL || n < 3)
        return;
    a[ti->id][0] += atol(f[2]);
    if (slot > 0)
        a[ti->id][slot] += atol(f[2]);
}

static int fill_expect(struct expect *e)
{
    char sql[1024];
    struct tier_date today = date_today_cst();
    int months = YEAR < today.y ? 12 : today.m;

    memset(e, 0, sizeof *e);
    snprintf(sql, sizeof sql, "SELECT tier, city_code, status, COUNT(*) FROM submissions WHERE "
                              "year = %d GROUP BY tier, city_code, status", YEAR);
    if (sql_rows(sql, add_pipeline, e, 0) != 0)
        return -1;
    for (int m = 1; m <= months; m++) {
        static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        char end[11];
        snprintf(end, sizeof end, "%04d-%02d-%02d", YEAR, m, mdays[m - 1]);
        /* new: issued from 1 January to the end of month m */
        snprintf(sql, sizeof sql, "SELECT tier, city_code, COUNT(*) FROM certificates WHERE "
                                  "tier NOT IN ('tech-sme', 'high-tech') AND valid_from >= "
                                  "'%04d-01-01' AND valid_from <= '%s' GROUP BY tier, city_code",
                 YEAR, end);
        if (sql_rows(sql, add_month, e, m) != 0)
            return -1;
        /* stock: valid at the end of month m (UTC+8), not revoked by then */
        snprintf(sql, sizeof sql, "SELECT tier, city_code, COUNT(*) FROM certificates WHERE "
                                  "tier IN ('tech-sme', 'high-tech') AND valid_from <= '%s' AND "
                                  "valid_until >= '%s' AND (revoked_at IS NULL OR "
                                  "CONVERT_TZ(revoked_at, '+00:00', '+08:00') >= '%s' + "
                                  "INTERVAL 1 DAY) GROUP BY tier, city_code",
                 end, end, end);
        if (sql_rows(sql, add_month, e, m) != 0)
            return -1;
    }
    /* new: of the year's certificates, those revoked by now */
    snprintf(sql, sizeof sql, "SELECT tier, city_code, COUNT(*) FROM certificates WHERE "
                              "tier NOT IN ('tech-sme', 'high-tech') AND valid_from >= "
                              "'%04d-01-01' AND valid_from <= '%04d-12-31' AND revoked_at IS NOT "
                              "NULL GROUP BY tier, city_code",
             YEAR, YEAR);
    if (sql_rows(sql, add_figure, e, INTO_REVOKED) != 0)
        return -1;
    /* last year: new net of revocations; stock valid on its 31 December */
    snprintf(sql, sizeof sql, "SELECT tier, city_code, COUNT(*) FROM certificates WHERE "
                              "tier NOT IN ('tech-sme', 'high-tech') AND valid_from >= "
                              "'%04d-01-01' AND valid_from <= '%04d-12-31' AND revoked_at IS NULL "
                              "GROUP BY tier, city_code",
             YEAR - 1, YEAR - 1);
    if (sql_rows(sql, add_figure, e, INTO_LAST_YEAR) != 0)
        return -1;
    snprintf(sql, sizeof sql, "SELECT tier, city_code, COUNT(*) FROM certificates WHERE "
                              "tier IN ('tech-sme', 'high-tech') AND valid_from <= '%04d-12-31' AND "
                              "valid_until >= '%04d-12-31' AND (revoked_at IS NULL OR "
                              "CONVERT_TZ(revoked_at, '+00:00', '+08:00') >= '%04d-12-31' + "
                              "INTERVAL 1 DAY) GROUP BY tier, city_code",
             YEAR - 1, YEAR - 1, YEAR - 1);
    return sql_rows(sql, add_figure, e, INTO_LAST_YEAR);
}

static long num_attr(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    long r = v ? atol((const char *)v) : -1;
    xmlFree(v);
    return r;
}

static long text_long(xmlNodePtr n)
{
    xmlChar *v = xmlNodeGetContent(n);
    long r = v ? atol((const char *)v) : -1;
    xmlFree(v);
    return r;
}

static int mismatches;

static void check(const char *what, const char *tier, const char *city, long got, long want)
{
    if (got != want) {
        if (mismatches++ < 20)
            fprintf(stderr, "\n    %s of %s, %s: report says %ld, the tables %ld", what, tier,
                    city, got, want);
    }
}

/* Compare one <tier> or <city> element's figures with the expectation. */
static void compare_counts(xmlNodePtr el, const struct expect *e, enum tier_id t, int slot,
                           int months, const char *tier, const char *city)
{
    for (xmlNodePtr c = el->children; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp((const char *)c->name, "achieved") == 0) {
            check("achieved (net)", tier, city, text_long(c),
                  e->monthly[t][slot][months - 1] - e->revoked[t][slot]);
        } else if (strcmp((const char *)c->name, "issued") == 0) {
            check("issued", tier, city, text_long(c), e->monthly[t][slot][months - 1]);
        } else if (strcmp((const char *)c->name, "revoked") == 0) {
            check("revoked", tier, city, text_long(c), e->revoked[t][slot]);
        } else if (strcmp((const char *)c->name, "lastYear") == 0) {
            check("last year", tier, city, num_attr(c, "fullYear"), e->last_year[t][slot]);
            check("last year to date", tier, city, num_attr(c, "samePeriod"),
                  e->last_year[t][slot]); /* YEAR is over: the same period is the year */
        } else if (strcmp((const char *)c->name, "monthly") == 0) {
            for (xmlNodePtr mo = c->children; mo != NULL; mo = mo->next) {
                long m;
                char what[32];
                if (mo->type != XML_ELEMENT_NODE)
                    continue;
                m = num_attr(mo, "number");
                snprintf(what, sizeof what, "month %ld", m);
                if (m >= 1 && m <= 12)
                    check(what, tier, city, text_long(mo), e->monthly[t][slot][m - 1]);
            }
        } else if (strcmp((const char *)c->name, "pipeline") == 0) {
            for (int s = 0; s < 6; s++)
                check(STATUSES[s], tier, city, num_attr(c, STATUSES[s]), e->pipeline[t][slot][s]);
        }
    }
}

static int compare_report(const char *body, size_t len, const struct expect *e, int narrowed_slot)
{
    struct tier_date today = date_today_cst();
    int months = YEAR < today.y ? 12 : today.m, tiers = 0, cities = 0;
    xmlDocPtr doc = xmlReadMemory(body, (int)len, "report.xml", NULL, XML_PARSE_NONET);
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;

    mismatches = 0;
    if (root == NULL)
        return -1;
    for (xmlNodePtr t = root->children; t != NULL; t = t->next) {
        xmlChar *code;
        const struct tier_info *ti;
        if (t->type != XML_ELEMENT_NODE || strcmp((const char *)t->name, "tier") != 0)
            continue;
        code = xmlGetProp(t, (const xmlChar *)"code");
        ti = tier_by_code((const char *)code);
        if (ti != NULL) {
            tiers++;
            compare_counts(t, e, ti->id, narrowed_slot, months, ti->code,
                           narrowed_slot ? city_all()[narrowed_slot - 1].code : "province");
            for (xmlNodePtr c = t->children; c != NULL; c = c->next) {
                xmlChar *cc;
                if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "city") != 0)
                    continue;
                cc = xmlGetProp(c, (const xmlChar *)"code");
                if (city_slot((const char *)cc) > 0) {
                    cities++;
                    compare_counts(c, e, ti->id, city_slot((const char *)cc), months, ti->code,
                                   (const char *)cc);
                }
                xmlFree(cc);
            }
        }
        xmlFree(code);
    }
    xmlFreeDoc(doc);
    if (tiers != TIER_COUNT || (narrowed_slot == 0 && cities != TIER_COUNT * CITY_COUNT))
        return -1;
    return mismatches;
}

static void test_every_figure_matches_direct_counts(void)
{
    struct expect *e = calloc(1, sizeof *e);
    struct http_reply r;
    char path[64];
    long total = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_EQUAL_FATAL(fill_expect(e), 0);
    for (int t = 0; t < TIER_COUNT; t++)
        for (int s = 0; s < 6; s++)
            total += e->pipeline[t][0][s];
    if (total < 100)
        fprintf(stderr, "\n    only %ld applications in %d", total, YEAR);
    CU_ASSERT(total >= 100); /* the data set is not empty */
    total = 0;
    for (int t = 0; t < TIER_COUNT; t++)
        total += e->revoked[t][0];
    CU_ASSERT(total > 0); /* some of the year's certificates were revoked */
    snprintf(path, sizeof path, "/v1/reports/%d", YEAR);
    CU_ASSERT_EQUAL_FATAL(http_req(province, "GET", path, NULL, NULL, 0, &r), 0);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_EQUAL(compare_report(r.body, r.len, e, 0), 0);
    http_reply_free(&r);
    free(e);
}

static void test_a_city_report_matches_the_city_rows(void)
{
    struct expect *e = calloc(1, sizeof *e);
    struct http_reply r;
    char path[64];

    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_EQUAL_FATAL(fill_expect(e), 0);
    snprintf(path, sizeof path, "/v1/reports/%d?city=370100", YEAR);
    CU_ASSERT_EQUAL_FATAL(http_req(province, "GET", path, NULL, NULL, 0, &r), 0);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_EQUAL(compare_report(r.body, r.len, e, city_slot("370100")), 0);
    http_reply_free(&r);
    /* a city reviewer's report is its city's, whatever it asks */
    snprintf(path, sizeof path, "/v1/reports/%d", YEAR);
    CU_ASSERT_EQUAL_FATAL(http_req(jinan, "GET", path, NULL, NULL, 0, &r), 0);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_EQUAL(compare_report(r.body, r.len, e, city_slot("370100")), 0);
    http_reply_free(&r);
    snprintf(path, sizeof path, "/v1/reports/%d?city=370200", YEAR);
    http_req(jinan, "GET", path, NULL, NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 404); /* not yours answers as absent (issue 13) */
    http_reply_free(&r);
    free(e);
}

static void test_targets_appear_with_their_kind_and_wording(void)
{
    struct http_reply r;
    char path[64];

    snprintf(path, sizeof path, "/v1/reports/%d", YEAR);
    CU_ASSERT_EQUAL_FATAL(http_req(province, "GET", path, NULL, NULL, 0, &r), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, ">40</target>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, ">30</target>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "code=\"high-tech\""));
    http_reply_free(&r);
}

static void test_formats_csv_and_html(void)
{
    struct http_reply r;
    char path[64], ct[128];
    int lines = 0;

    snprintf(path, sizeof path, "/v1/reports/%d?format=csv", YEAR);
    CU_ASSERT_EQUAL_FATAL(http_req(province, "GET", path, NULL, NULL, 0, &r), 0);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_EQUAL(memcmp(r.body, "\xEF\xBB\xBF", 3), 0); /* UTF-8 byte-order mark */
    for (size_t i = 0; i < r.len; i++)
        lines += r.body[i] == '\n';
    CU_ASSERT_EQUAL(lines, 1 + TIER_COUNT * (1 + CITY_COUNT));
    http_reply_free(&r);
    CU_ASSERT_EQUAL_FATAL(http_do("GET", path, "", NULL, 0, &r), 0);
    CU_ASSERT_EQUAL(r.status, 401);
    http_reply_free(&r);
    snprintf(path, sizeof path, "/v1/reports/%d", YEAR);
    {
        char h[256];
        snprintf(h, sizeof h, "Authorization: Bearer %s\r\nAccept: text/html\r\n", province);
        CU_ASSERT_EQUAL_FATAL(http_do("GET", path, h, NULL, 0, &r), 0);
    }
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(http_reply_header(&r, "Content-Type", ct, sizeof ct));
    CU_ASSERT_PTR_NOT_NULL(strstr(ct, "text/html"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "<svg"));
    CU_ASSERT_PTR_NULL(strstr(r.body, "<script"));
    CU_ASSERT_PTR_NULL(strstr(r.body, "src=\"http"));
    http_reply_free(&r);
    http_req(ent, "GET", path, NULL, NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 403);
    http_reply_free(&r);
}

/* "全年" for a year that is over; for the year in progress, the complete
 * months and today's date. */
static void test_the_period_says_full_year_only_once_the_year_is_over(void)
{
    struct tier_date today = date_today_cst();
    struct http_reply r;
    char path[64], want[160];

    snprintf(path, sizeof path, "/v1/reports/%d", YEAR);
    CU_ASSERT_EQUAL_FATAL(http_req(province, "GET", path, NULL, NULL, 0, &r), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "yearComplete=\"true\">\n<period><zh>全年</zh>"));
    http_reply_free(&r);
    snprintf(path, sizeof path, "/v1/reports/%d", today.y);
    CU_ASSERT_EQUAL_FATAL(http_req(province, "GET", path, NULL, NULL, 0, &r), 0);
    CU_ASSERT_EQUAL(r.status, 200);
    /* complete months only: the month in progress counts once its last day is reached */
    int done = today.d == date_month_days(today.y, today.m) ? today.m : today.m - 1;
    if (done == 0)
        snprintf(want, sizeof want, "<period><zh>截至 %04d-%02d-%02d</zh>", today.y, today.m,
                 today.d);
    else if (done == 1)
        snprintf(want, sizeof want, "<period><zh>1月（截至 %04d-%02d-%02d）</zh>", today.y, today.m,
                 today.d);
    else
        snprintf(want, sizeof want, "<period><zh>1月–%d月（截至 %04d-%02d-%02d）</zh>", done,
                 today.y, today.m, today.d);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, want));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "yearComplete=\"false\""));
    http_reply_free(&r);
}

static void test_tierctl_report_gives_the_same_figures(void)
{
    struct expect *e = calloc(1, sizeof *e);
    char *out = NULL;

    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_EQUAL_FATAL(fill_expect(e), 0);
    CU_ASSERT_EQUAL(harness_sh(&out, "%s report %d 2>/dev/null", harness_bin("tierctl"), YEAR), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_EQUAL(compare_report(out, strlen(out), e, 0), 0);
    free(out);
    free(e);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("report", suite_init, suite_clean);
    CU_add_test(s, "every figure of the province report matches direct counts",
                test_every_figure_matches_direct_counts);
    CU_add_test(s, "a city's report matches the city rows; city reviewers see only theirs",
                test_a_city_report_matches_the_city_rows);
    CU_add_test(s, "targets appear with their kind and wording",
                test_targets_appear_with_their_kind_and_wording);
    CU_add_test(s, "CSV has a BOM and one row per tier and city; HTML is self-contained",
                test_formats_csv_and_html);
    CU_add_test(s, "the period says 全年 only once the year is over",
                test_the_period_says_full_year_only_once_the_year_is_over);
    CU_add_test(s, "tierctl report gives the same figures", test_tierctl_report_gives_the_same_figures);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed() +
             CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
