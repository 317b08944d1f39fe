/*
 * test_ingest.c — secure parsing, tier choice, schema validation, extraction.
 *
 * Run from the repository root (paths are relative to it): every eligible
 * sample in tests/data/<tier>/ is ingested and its key values checked to the
 * fen; every hostile document in tests/data/hostile/ is refused with the right
 * status; the large hostile documents (10,000-deep nesting, 100,000 siblings,
 * a body over 2 MiB) are generated here at run time rather than stored; plain
 * xmllint must accept every eligible sample against its tier's schema.
 * Meant to run clean under `valgrind --leak-check=full --error-exitcode=1`.
 */
#include "tier/ingest.h"

#include <CUnit/Basic.h>
#include <glob.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "test_file.h"

static struct ingest_schemas *schemas;

static int suite_init(void)
{
    struct ingest_errors *errs = calloc(1, sizeof(*errs));
    enum ingest_status st;
    int i;

    if (errs == NULL)
        return -1;
    xmlInitParser();
    st = ingest_schemas_load(&schemas, "xsd", errs);
    for (i = 0; i < errs->count; i++)
        fprintf(stderr, "schema: %s: %s\n", errs->e[i].path, errs->e[i].message);
    free(errs);
    return st == INGEST_OK ? 0 : -1;
}

static int suite_clean(void)
{
    ingest_schemas_free(schemas);
    schemas = NULL;
    xmlCleanupParser();
    return 0;
}

/* Ingest a file; the application and error list are heap-allocated (large). */
static enum ingest_status ingest_file(const char *path, struct application *app,
                                      struct ingest_errors *errs)
{
    size_t len = 0;
    char *buf = test_read_file(path, &len);
    enum ingest_status st;

    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    ingest_errors_clear(errs);
    st = ingest_application(schemas, buf, len, NULL, app, errs);
    free(buf);
    return st;
}

static void print_errors(const char *what, const struct ingest_errors *errs)
{
    int i;

    for (i = 0; i < errs->count; i++)
        fprintf(stderr, "  %s:%d %s: %s\n", what, errs->e[i].line, errs->e[i].path,
                errs->e[i].message);
}

/* ---- eligible samples ---------------------------------------------------------- */

struct sample {
    const char *path;
    enum tier_id tier;
    enum rule_set rs;
    const char *uscc;
    int years;
    int last_year;
    int64_t revenue_fen;   /* years[0].revenue_fen */
    int64_t rd_fen;        /* years[0].rd_fen */
    int ip_count;
    const char *city;
};

static const struct sample samples[] = {
    {"tests/data/innovative-sme/eligible.xml", TIER_INNOVATIVE_SME, RULESET_2022,
     "91370211MA3D0A1B86", 2, 2024, INT64_C(3200000000), INT64_C(192000000), 3, "370200"},
    {"tests/data/tech-sme/eligible.xml", TIER_TECH_SME, RULESET_2022, "91370303MA3E2F4G3M", 1,
     2024, INT64_C(1800000000), INT64_C(126000000), 1, "370300"},
    {"tests/data/tech-innovative-sme/eligible-2026.xml", TIER_TECH_INNOVATIVE_SME, RULESET_2026,
     "91370705MA3H5J6K9W", 2, 2025, INT64_C(2500000000), INT64_C(175000000), 2, "370700"},
    {"tests/data/specialized-sme/eligible.xml", TIER_SPECIALIZED_SME, RULESET_2022,
     "91370102MA3C4D5E7Q", 3, 2024, INT64_C(4800000000), INT64_C(240000000), 2, "370100"},
    {"tests/data/specialized-sme/eligible-2026.xml", TIER_SPECIALIZED_SME, RULESET_2026,
     "91370112MA3L7M8N9D", 2, 2025, INT64_C(5200000000), INT64_C(260000000), 1, "370100"},
    {"tests/data/little-giant/eligible.xml", TIER_LITTLE_GIANT, RULESET_2022,
     "91370602MA3P9Q0R61", 3, 2024, INT64_C(16000000000), INT64_C(800000000), 3, "370600"},
    {"tests/data/little-giant/eligible-2026.xml", TIER_LITTLE_GIANT, RULESET_2026,
     "91370203MA3T1U2W06", 3, 2025, INT64_C(18000000000), INT64_C(900000000), 5, "370200"},
    {"tests/data/single-champion/eligible.xml", TIER_SINGLE_CHAMPION, RULESET_NONE,
     "91370883MA3B5C6D7R", 3, 2024, INT64_C(65000000000), INT64_C(2600000000), 2, "370800"},
    {"tests/data/leading/eligible.xml", TIER_LEADING, RULESET_NONE, "91370102MA3F7G8H8L", 1,
     2024, INT64_C(520000000000), INT64_C(20800000000), 1, "370100"},
    {"tests/data/high-tech/eligible.xml", TIER_HIGH_TECH, RULESET_2022, "91370213MA3J9K0L51", 3,
     2024, INT64_C(8000000000), INT64_C(360000000), 2, "370200"},
    {"tests/data/gazelle/eligible.xml", TIER_GAZELLE, RULESET_NONE, "91371302MA3M1N2P8U", 3,
     2024, INT64_C(4500000000), INT64_C(270000000), 3, "371300"},
    {"tests/data/unicorn/eligible.xml", TIER_UNICORN, RULESET_NONE, "91371202MA3Q3R4T95", 0, 0,
     APP_FEN_NONE, APP_FEN_NONE, 0, "370100"},
};
#define NSAMPLES (sizeof(samples) / sizeof(samples[0]))

static void test_every_eligible_sample_ingests_with_expected_key_values(void)
{
    struct application *app = malloc(sizeof(*app));
    struct ingest_errors *errs = malloc(sizeof(*errs));
    size_t i;

    CU_ASSERT_PTR_NOT_NULL_FATAL(app);
    CU_ASSERT_PTR_NOT_NULL_FATAL(errs);
    for (i = 0; i < NSAMPLES; i++) {
        const struct sample *s = &samples[i];
        enum ingest_status st = ingest_file(s->path, app, errs);

        if (st != INGEST_OK) {
            fprintf(stderr, "\n%s: %s\n", s->path, ingest_status_name(st));
            print_errors(s->path, errs);
        }
        CU_ASSERT_EQUAL(st, INGEST_OK);
        if (st != INGEST_OK)
            continue;
        CU_ASSERT_EQUAL(app->tier, s->tier);
        CU_ASSERT_EQUAL(app->rule_set, s->rs);
        CU_ASSERT_STRING_EQUAL(app->enterprise.uscc, s->uscc);
        CU_ASSERT_STRING_EQUAL(app->enterprise.city, s->city);
        CU_ASSERT_EQUAL(strncmp(app->enterprise.division, s->uscc + 2, 6), 0);
        CU_ASSERT_EQUAL(app->year_count, s->years);
        CU_ASSERT_EQUAL(app->ip_count, s->ip_count);
        CU_ASSERT(APP_DATE_GIVEN(app->submitted));
        CU_ASSERT(APP_DATE_GIVEN(app->enterprise.founded));
        CU_ASSERT(strstr(app->enterprise.name, "（测试）") != NULL);
        if (s->years > 0) {
            CU_ASSERT_EQUAL(app->years[0].year, s->last_year);
            CU_ASSERT_EQUAL(app->years[0].revenue_fen, s->revenue_fen);
            CU_ASSERT_EQUAL(app->years[0].rd_fen, s->rd_fen);
            CU_ASSERT_EQUAL(app->years[s->years - 1].year, s->last_year - s->years + 1);
        }
    }
    free(app);
    free(errs);
}

static void test_specialized_sme_2022_fields_to_the_fen(void)
{
    struct application *app = malloc(sizeof(*app));
    struct ingest_errors *errs = malloc(sizeof(*errs));

    CU_ASSERT_PTR_NOT_NULL_FATAL(app);
    CU_ASSERT_PTR_NOT_NULL_FATAL(errs);
    CU_ASSERT_EQUAL_FATAL(ingest_file("tests/data/specialized-sme/eligible.xml", app, errs),
                          INGEST_OK);
    CU_ASSERT_STRING_EQUAL(app->enterprise.name, "示例精密机械有限公司（测试）");
    CU_ASSERT_STRING_EQUAL(app->enterprise.industry, "3484");
    CU_ASSERT_EQUAL(app->enterprise.listed, APP_NO);
    CU_ASSERT_EQUAL(app->submitted.y, 2025);
    CU_ASSERT_EQUAL(app->submitted.m, 5);
    CU_ASSERT_EQUAL(app->submitted.d, 20);
    CU_ASSERT_EQUAL(app->years[0].main_revenue_fen, INT64_C(4560000000));
    CU_ASSERT_EQUAL(app->years[0].net_profit_fen, INT64_C(528000000));
    CU_ASSERT_EQUAL(app->years[0].total_assets_fen, INT64_C(5000000000));
    CU_ASSERT_EQUAL(app->years[0].total_liabilities_fen, INT64_C(2200000000));
    CU_ASSERT_EQUAL(app->years[1].year, 2023);
    CU_ASSERT_EQUAL(app->years[2].main_revenue_fen, INT64_C(3600000000));
    /* Not in this tier's schema: "not given", never 0. */
    CU_ASSERT_EQUAL(app->years[0].rd_domestic_fen, APP_FEN_NONE);
    CU_ASSERT_EQUAL(app->years[0].hightech_income_fen, APP_FEN_NONE);
    CU_ASSERT_EQUAL(app->staff.employees, 160);
    CU_ASSERT_EQUAL(app->staff.rd_staff, 24);
    CU_ASSERT_EQUAL(app->staff.st_staff, APP_INT_NONE);
    CU_ASSERT_STRING_EQUAL(app->niche.market, "高精度谐波减速器");
    CU_ASSERT_EQUAL(app->niche.since.y, 2018);
    CU_ASSERT_EQUAL(app->niche.domestic_share_bp, APP_INT_NONE);
    CU_ASSERT_EQUAL(app->ip[0].kind, APP_IP_INVENTION);
    CU_ASSERT_EQUAL(app->ip[0].cls, APP_IP_CLASS_1);
    CU_ASSERT_EQUAL(app->ip[0].acquisition, APP_ACQ_OWN);
    CU_ASSERT_EQUAL(app->ip[0].main_product, APP_YES);
    CU_ASSERT_EQUAL(app->ip[1].cls, APP_IP_CLASS_2);
    CU_ASSERT_STRING_EQUAL(app->ip[1].number, "ZL202020890123.8");
    CU_ASSERT(app->ip[1].line > app->ip[0].line);
    CU_ASSERT_EQUAL(app->rd_inst_count, 1);
    CU_ASSERT_EQUAL(app->rd_inst[0].level, APP_RD_PROVINCIAL);
    CU_ASSERT_EQUAL(app->rd_inst[0].kind, APP_RD_TECH_CENTRE);
    CU_ASSERT_EQUAL(app->assessment.digital_level, 3);
    CU_ASSERT_EQUAL(app->assessment.management_cert, APP_YES);
    CU_ASSERT_EQUAL(app->assessment.laozihao, APP_UNSET);
    CU_ASSERT_EQUAL(app->assessment.platform_score_cp, APP_INT_NONE);
    CU_ASSERT_EQUAL(app->decl.no_major_accident, APP_YES);
    CU_ASSERT_EQUAL(app->decl.operates_in_shandong, APP_UNSET);
    CU_ASSERT_EQUAL(app->hold_count, 1);
    CU_ASSERT_EQUAL(app->holds[0].tier, TIER_INNOVATIVE_SME);
    CU_ASSERT_EQUAL(app->holds[0].valid_until.y, 2026);
    free(app);
    free(errs);
}

static void test_percentages_scores_and_dollars_are_exact(void)
{
    struct application *app = malloc(sizeof(*app));
    struct ingest_errors *errs = malloc(sizeof(*errs));

    CU_ASSERT_PTR_NOT_NULL_FATAL(app);
    CU_ASSERT_PTR_NOT_NULL_FATAL(errs);
    CU_ASSERT_EQUAL_FATAL(ingest_file("tests/data/unicorn/eligible.xml", app, errs), INGEST_OK);
    CU_ASSERT_EQUAL(app->round_count, 2);
    CU_ASSERT_EQUAL(app->rounds[0].amount_fen, INT64_C(30000000000));
    CU_ASSERT_EQUAL(app->rounds[1].amount_fen, INT64_C(80000000000));
    CU_ASSERT_EQUAL(app->rounds[1].qualified, APP_YES);
    CU_ASSERT_EQUAL(app->rounds[1].from_controller, APP_NO);
    CU_ASSERT_EQUAL(app->assessment.valuation_usd_cents, INT64_C(150000000000));
    CU_ASSERT_EQUAL(app->assessment.credit_score_cp, 7800);
    CU_ASSERT_EQUAL(app->decl.operates_in_shandong, APP_YES);

    CU_ASSERT_EQUAL_FATAL(ingest_file("tests/data/single-champion/eligible.xml", app, errs),
                          INGEST_OK);
    CU_ASSERT_EQUAL(app->niche.global_share_bp, 2350);
    CU_ASSERT_EQUAL(app->niche.global_rank, 2);
    CU_ASSERT_EQUAL(app->niche.new_product, APP_NO);
    CU_ASSERT_STRING_EQUAL(app->niche.catalogue_code, "3061010100");
    CU_ASSERT_EQUAL(app->standard_count, 1);
    CU_ASSERT_EQUAL(app->standards[0].level, APP_STD_NATIONAL);
    CU_ASSERT_EQUAL(app->standards[0].role, APP_STD_LEAD);
    CU_ASSERT_EQUAL(app->standards[0].rank, 1);
    CU_ASSERT_EQUAL(app->assessment.energy_advanced, APP_YES);

    CU_ASSERT_EQUAL_FATAL(ingest_file("tests/data/little-giant/eligible-2026.xml", app, errs),
                          INGEST_OK);
    CU_ASSERT_EQUAL(app->niche.domestic_share_bp, 1500);
    CU_ASSERT_EQUAL(app->assessment.platform_score_cp, 7200);
    CU_ASSERT_EQUAL(app->ip[4].holder_rank, 1);
    CU_ASSERT_EQUAL(app->holds[0].tier, TIER_SPECIALIZED_SME);

    CU_ASSERT_EQUAL_FATAL(ingest_file("tests/data/gazelle/eligible.xml", app, errs), INGEST_OK);
    CU_ASSERT_EQUAL(app->assessment.credit_score_cp, 8250);
    CU_ASSERT_EQUAL(app->enterprise.listed, APP_NO);
    CU_ASSERT_EQUAL(app->decl.not_controlled_by_listed, APP_YES);

    CU_ASSERT_EQUAL_FATAL(ingest_file("tests/data/high-tech/eligible.xml", app, errs), INGEST_OK);
    CU_ASSERT_EQUAL(app->assessment.hightech_field, APP_HT_MANUFACTURING);
    CU_ASSERT_EQUAL(app->years[2].rd_domestic_fen, INT64_C(290000000));
    CU_ASSERT_EQUAL(app->years[0].total_income_fen, INT64_C(8200000000));
    CU_ASSERT_EQUAL(app->ip[1].kind, APP_IP_SOFTWARE);
    free(app);
    free(errs);
}

/* ---- hostile documents ------------------------------------------------------------ */

struct hostile {
    const char *name;
    enum ingest_status want;
    const char *path; /* expected error path, or NULL */
    int line;         /* expected error line, or 0 */
};

static const struct hostile hostiles[] = {
    {"xxe.xml", INGEST_DOCTYPE, "", 3},
    {"billion-laughs.xml", INGEST_DOCTYPE, "", 3},
    {"doctype.xml", INGEST_DOCTYPE, "", 3},
    {"invalid-utf8.xml", INGEST_NOT_WELL_FORMED, "", 6},
    {"wrong-namespace.xml", INGEST_UNKNOWN_TIER, "/application", 3},
    {"missing-namespace.xml", INGEST_UNKNOWN_TIER, "/application", 3},
    {"unknown-tier.xml", INGEST_UNKNOWN_TIER, "/application", 3},
    {"amount-exponent.xml", INGEST_SCHEMA_INVALID, "/application/financials/year[1]/revenue", 20},
    {"amount-negative.xml", INGEST_SCHEMA_INVALID, "/application/financials/year[1]/rdExpense",
     22},
    {"amount-20-digits.xml", INGEST_SCHEMA_INVALID, "/application/financials/year[1]/revenue",
     20},
    {"date-feb-30.xml", INGEST_SCHEMA_INVALID, "/application/submissionDate", 4},
    {"years-not-consecutive.xml", INGEST_BAD_VALUE, "/application/financials", 18},
    /* Accepted: the hint is ignored, nothing is fetched (the host is unroutable). */
    {"xsi-schema-location.xml", INGEST_OK, NULL, 0},
};

static void test_every_stored_hostile_document_is_refused(void)
{
    struct application *app = malloc(sizeof(*app));
    struct ingest_errors *errs = malloc(sizeof(*errs));
    size_t i;

    CU_ASSERT_PTR_NOT_NULL_FATAL(app);
    CU_ASSERT_PTR_NOT_NULL_FATAL(errs);
    for (i = 0; i < sizeof(hostiles) / sizeof(hostiles[0]); i++) {
        const struct hostile *h = &hostiles[i];
        char path[256];
        enum ingest_status st;

        snprintf(path, sizeof(path), "tests/data/hostile/%s", h->name);
        st = ingest_file(path, app, errs);
        if (st != h->want) {
            fprintf(stderr, "\n%s: got %s, want %s\n", h->name, ingest_status_name(st),
                    ingest_status_name(h->want));
            print_errors(h->name, errs);
        }
        CU_ASSERT_EQUAL(st, h->want);
        if (h->want == INGEST_OK) {
            CU_ASSERT_EQUAL(errs->count, 0);
            continue;
        }
        CU_ASSERT(errs->count >= 1);
        if (errs->count < 1)
            continue;
        CU_ASSERT(errs->e[0].message[0] != '\0');
        if (h->path != NULL && strcmp(errs->e[0].path, h->path) != 0) {
            fprintf(stderr, "\n%s: path %s, want %s\n", h->name, errs->e[0].path, h->path);
            CU_FAIL("error path");
        }
        if (h->line != 0 && errs->e[0].line != h->line) {
            fprintf(stderr, "\n%s: line %d, want %d\n", h->name, errs->e[0].line, h->line);
            CU_FAIL("error line");
        }
    }
    free(app);
    free(errs);
}

/* A buffer of `head`, then `reps` copies of `unit`, then `tail`. Caller frees. */
static char *repeat(const char *head, const char *unit, long reps, const char *tail, size_t *len)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    size_t n = hl + ul * (size_t)reps + tl;
    char *p = malloc(n + 1), *q;
    long i;

    if (p == NULL)
        return NULL;
    memcpy(p, head, hl);
    q = p + hl;
    for (i = 0; i < reps; i++, q += ul)
        memcpy(q, unit, ul);
    memcpy(q, tail, tl + 1);
    *len = n;
    return p;
}

static enum ingest_status ingest_buf(const char *buf, size_t len, const struct ingest_limits *lim,
                                     struct ingest_errors *errs)
{
    struct application *app = malloc(sizeof(*app));
    enum ingest_status st;

    CU_ASSERT_PTR_NOT_NULL_FATAL(app);
    ingest_errors_clear(errs);
    st = ingest_application(schemas, buf, len, lim, app, errs);
    free(app);
    return st;
}

static enum ingest_status ingest_str(const char *s, struct ingest_errors *errs)
{
    return ingest_buf(s, strlen(s), NULL, errs);
}

#define NS "urn:tierd:application:gazelle:1"

static void test_ten_thousand_levels_of_nesting_are_refused(void)
{
    struct ingest_errors *errs = malloc(sizeof(*errs));
    size_t l1 = 0, l2 = 0;
    char *open = repeat("<application xmlns=\"" NS "\">", "<a>", 10000, "", &l1);
    char *close = repeat("", "</a>", 10000, "</application>", &l2);
    char *doc = malloc(l1 + l2 + 1);

    CU_ASSERT_PTR_NOT_NULL_FATAL(open && close && doc && errs);
    memcpy(doc, open, l1);
    memcpy(doc + l1, close, l2 + 1);
    CU_ASSERT_EQUAL(ingest_buf(doc, l1 + l2, NULL, errs), INGEST_TOO_DEEP);
    CU_ASSERT(errs->count == 1 && strstr(errs->e[0].message, "64") != NULL);
    free(open);
    free(close);
    free(doc);
    free(errs);
}

static void test_hundred_thousand_siblings_are_refused(void)
{
    struct ingest_errors *errs = malloc(sizeof(*errs));
    size_t len = 0;
    char *doc = repeat("<application xmlns=\"" NS "\">", "<a/>", 100000, "</application>", &len);

    CU_ASSERT_PTR_NOT_NULL_FATAL(doc && errs);
    CU_ASSERT_EQUAL(ingest_buf(doc, len, NULL, errs), INGEST_TOO_MANY_NODES);
    CU_ASSERT(errs->count == 1 && strstr(errs->e[0].message, "20000") != NULL);
    free(doc);
    free(errs);
}

static void test_body_over_the_size_limit_is_refused_before_parsing(void)
{
    struct ingest_errors *errs = malloc(sizeof(*errs));
    struct ingest_limits lim;
    size_t len = 0;
    /* 2 MiB + 1 of comment: well-formed but too big. */
    char *doc = repeat("<application xmlns=\"" NS "\"><!--", "x",
                       (long)INGEST_DEFAULT_MAX_BYTES, "--></application>", &len);

    CU_ASSERT_PTR_NOT_NULL_FATAL(doc && errs);
    CU_ASSERT(len > INGEST_DEFAULT_MAX_BYTES);
    CU_ASSERT_EQUAL(ingest_buf(doc, len, NULL, errs), INGEST_TOO_LARGE);
    /* Limits are the caller's: a small cap refuses a small document. */
    ingest_limits_default(&lim);
    lim.max_bytes = 10;
    CU_ASSERT_EQUAL(ingest_buf("<application/>", 14, &lim, errs), INGEST_TOO_LARGE);
    free(doc);
    free(errs);
}

static void test_custom_depth_and_element_limits_apply(void)
{
    struct ingest_errors *errs = malloc(sizeof(*errs));
    struct ingest_limits lim;
    size_t len = 0;
    char *doc = NULL;
    const char *path = "tests/data/specialized-sme/eligible.xml";

    CU_ASSERT_PTR_NOT_NULL_FATAL(errs);
    doc = test_read_file(path, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    ingest_limits_default(&lim);
    lim.max_depth = 3; /* application/financials/year/revenue is 4 deep */
    CU_ASSERT_EQUAL(ingest_buf(doc, len, &lim, errs), INGEST_TOO_DEEP);
    ingest_limits_default(&lim);
    lim.max_elements = 10;
    CU_ASSERT_EQUAL(ingest_buf(doc, len, &lim, errs), INGEST_TOO_MANY_NODES);
    CU_ASSERT_EQUAL(ingest_buf(doc, len, NULL, errs), INGEST_OK);
    free(doc);
    free(errs);
}

static void test_not_xml_not_utf8_and_empty_are_refused(void)
{
    struct ingest_errors *errs = malloc(sizeof(*errs));
    static const char utf16[] = "\xff\xfe<\0a\0/\0>\0";

    CU_ASSERT_PTR_NOT_NULL_FATAL(errs);
    CU_ASSERT_EQUAL(ingest_buf("", 0, NULL, errs), INGEST_NOT_WELL_FORMED);
    CU_ASSERT_EQUAL(ingest_buf(utf16, sizeof(utf16) - 1, NULL, errs), INGEST_NOT_WELL_FORMED);
    CU_ASSERT_EQUAL(ingest_str("<application xmlns=\"" NS "\"><a></application>", errs),
                    INGEST_NOT_WELL_FORMED);
    CU_ASSERT(errs->count >= 1 && errs->e[0].line == 1);
    /* An undeclared entity: no DTD, so it is simply not well-formed. */
    CU_ASSERT_EQUAL(ingest_str("<application xmlns=\"" NS "\">&x;</application>", errs),
                    INGEST_NOT_WELL_FORMED);
    /* A Latin-1 declaration is ignored: the bytes must be UTF-8. */
    CU_ASSERT_EQUAL(ingest_str("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\xe9</a>", errs),
                    INGEST_NOT_WELL_FORMED);
    CU_ASSERT_EQUAL(ingest_buf(NULL, 0, NULL, errs), INGEST_BAD_ARG);
    free(errs);
}

static void test_wrong_root_name_in_a_tier_namespace_is_unknown_tier(void)
{
    struct ingest_errors *errs = malloc(sizeof(*errs));
    const char *doc = "<submission xmlns=\"" NS "\"/>";

    CU_ASSERT_PTR_NOT_NULL_FATAL(errs);
    CU_ASSERT_EQUAL(ingest_buf(doc, strlen(doc), NULL, errs), INGEST_UNKNOWN_TIER);
    CU_ASSERT(errs->count == 1 && strstr(errs->e[0].message, "submission") != NULL);
    free(errs);
}

/* Many schema errors: all collected up to the cap, the rest counted. */
static void test_schema_errors_are_all_collected_up_to_the_cap(void)
{
    struct ingest_errors *errs = malloc(sizeof(*errs));
    size_t len = 0;
    char *doc;

    CU_ASSERT_PTR_NOT_NULL_FATAL(errs);
    /* Bad values in 151 separate leaves each give their own error. */
    doc = repeat("<application xmlns=\"urn:tierd:application:unicorn:1\">"
                 "<submissionDate>2025-01-01</submissionDate><enterprise><name>x</name>"
                 "<uscc>91370102MA3C4D5E7Q</uscc><division>370102</division>"
                 "<industry>3849</industry><founded>2019-01-01</founded><listed>no</listed>"
                 "</enterprise><equityFinancing>",
                 "<round><date>2020-02-30</date><amount>1e3</amount><investor>y</investor>"
                 "<qualified>yes</qualified></round>",
                 50, "</equityFinancing></application>", &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL(ingest_buf(doc, len, NULL, errs), INGEST_SCHEMA_INVALID);
    CU_ASSERT_EQUAL(errs->count, INGEST_MAX_ERRORS);
    CU_ASSERT(errs->dropped > 0);
    CU_ASSERT_STRING_EQUAL(errs->e[0].path, "/application/enterprise/listed");
    CU_ASSERT_STRING_EQUAL(errs->e[1].path, "/application/equityFinancing/round[1]/date");
    free(doc);
    free(errs);
}

/* Each schema error also comes as a Chinese sentence naming the field from
 * the schema's xs:documentation and what it expects; line and path stay. */
static void test_schema_errors_in_chinese_name_the_field(void)
{
    struct ingest_errors *errs = malloc(sizeof(*errs));
    const char *doc =
        "<application xmlns=\"urn:tierd:application:unicorn:1\">\n"
        "<submissionDate>2025-01-01</submissionDate><enterprise><name>x</name>\n"
        "<uscc>91370102MA3C4D5E7Q</uscc><division>370102</division>\n"
        "<industry>3849</industry><founded>2019-01-01</founded><listed>no</listed>\n"
        "</enterprise><equityFinancing><round><date>2020-02-01</date>\n"
        "<amount>-5</amount><investor>y</investor><qualified>true</qualified>\n"
        "<bogus/></round></equityFinancing></application>";

    CU_ASSERT_PTR_NOT_NULL_FATAL(errs);
    CU_ASSERT_EQUAL(ingest_str(doc, errs), INGEST_SCHEMA_INVALID);
    CU_ASSERT_FATAL(errs->count >= 5);
    /* a flag: the type's sentence */
    CU_ASSERT_STRING_EQUAL(errs->e[0].path, "/application/enterprise/listed");
    CU_ASSERT_EQUAL(errs->e[0].line, 4);
    CU_ASSERT_STRING_EQUAL(errs->e[0].message_zh, "是否上市必须是true或false（填写的是“no”）");
    /* an amount: "必须是...金额" */
    CU_ASSERT_EQUAL(errs->e[1].line, 6);
    CU_ASSERT_PTR_NOT_NULL(strstr(errs->e[1].message_zh, "金额必须是大于零的金额（元），最多两位小数"));
    /* an element out of place */
    CU_ASSERT_STRING_EQUAL(errs->e[3].path, "/application/equityFinancing/round/bogus");
    CU_ASSERT_STRING_EQUAL(errs->e[3].message_zh, "此处不应出现“bogus”，此处应为“是否来自控股股东”");
    /* a missing block of the application */
    CU_ASSERT_STRING_EQUAL(errs->e[4].message_zh, "“申报书”缺少“评价信息”");
    /* the English message is kept beside it */
    CU_ASSERT_PTR_NOT_NULL(strstr(errs->e[0].message, "listed"));
    free(errs);
}

static void test_missing_field_and_repeated_year_in_chinese(void)
{
    struct ingest_errors *errs = malloc(sizeof(*errs));
    char *doc, *cut;
    size_t len = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(errs);
    doc = test_read_file("tests/data/high-tech/eligible.xml", &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    /* drop <stStaff>: the staff block misses a required field */
    cut = strstr(doc, "<stStaff>");
    CU_ASSERT_PTR_NOT_NULL_FATAL(cut);
    memset(cut, ' ', (size_t)(strstr(cut, "</stStaff>") + 10 - cut));
    CU_ASSERT_EQUAL(ingest_buf(doc, len, NULL, errs), INGEST_SCHEMA_INVALID);
    CU_ASSERT_FATAL(errs->count >= 1);
    CU_ASSERT_STRING_EQUAL(errs->e[0].message_zh, "“人员情况”缺少“科技人员数”");
    free(doc);
    free(errs);
}

/* The line of the element a rule's XPath names: steps by name, by position
 * and by attribute; anything else (absent, malformed) is 0. */
static void test_xpath_line_finds_the_element_a_rule_names(void)
{
    const char *doc = "<application xmlns=\"urn:x\">\n"
                      "<financials>\n"
                      "<year value=\"2024\">\n<rdExpense>1</rdExpense>\n</year>\n"
                      "<year value=\"2023\">\n<rdExpense>2</rdExpense>\n</year>\n"
                      "</financials>\n</application>\n";
    xmlDocPtr d = xmlReadMemory(doc, (int)strlen(doc), "t.xml", NULL, XML_PARSE_NONET);

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL(ingest_xpath_line(d, "/application"), 1);
    CU_ASSERT_EQUAL(ingest_xpath_line(d, "/application/financials"), 2);
    CU_ASSERT_EQUAL(ingest_xpath_line(d, "/application/financials/year[@value=2023]/rdExpense"),
                    7);
    CU_ASSERT_EQUAL(ingest_xpath_line(d, "/application/financials/year[2]/@value"), 6);
    CU_ASSERT_EQUAL(ingest_xpath_line(d, "/application/financials/year[3]"), 0);
    CU_ASSERT_EQUAL(ingest_xpath_line(d, "/application/staff"), 0);
    CU_ASSERT_EQUAL(ingest_xpath_line(d, "application"), 0);
    CU_ASSERT_EQUAL(ingest_xpath_line(d, "/application/financials/year[x]"), 0);
    CU_ASSERT_EQUAL(ingest_xpath_line(d, "/application/financials/year[@value=2024"), 0);
    CU_ASSERT_EQUAL(ingest_xpath_line(NULL, "/application"), 0);
    CU_ASSERT_EQUAL(ingest_xpath_line(d, NULL), 0);
    xmlFreeDoc(d);
}

static void test_missing_schema_directory_fails_to_load(void)
{
    struct ingest_errors *errs = malloc(sizeof(*errs));
    struct ingest_schemas *s = (struct ingest_schemas *)1;

    CU_ASSERT_PTR_NOT_NULL_FATAL(errs);
    ingest_errors_clear(errs);
    CU_ASSERT_EQUAL(ingest_schemas_load(&s, "tests/data/no-such-dir", errs), INGEST_SCHEMA_LOAD);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT(errs->count >= 1 && strstr(errs->e[0].message, "no-such-dir") != NULL);
    free(errs);
}

static void test_worker_reuses_contexts_across_documents(void)
{
    struct application *app = malloc(sizeof(*app));
    struct ingest_errors *errs = malloc(sizeof(*errs));
    struct ingest_worker *w = NULL;
    size_t i, len = 0;
    int round;

    CU_ASSERT_PTR_NOT_NULL_FATAL(app && errs);
    CU_ASSERT_EQUAL_FATAL(ingest_worker_new(&w, schemas), INGEST_OK);
    for (round = 0; round < 2; round++) {
        for (i = 0; i < NSAMPLES; i++) {
            char *buf = test_read_file(samples[i].path, &len);

            CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
            ingest_errors_clear(errs);
            CU_ASSERT_EQUAL(ingest_application_with(schemas, w, buf, len, NULL, app, errs),
                            INGEST_OK);
            CU_ASSERT_EQUAL(app->tier, samples[i].tier);
            free(buf);
        }
        /* An invalid document in between leaves the contexts usable. */
        {
            char *buf = test_read_file("tests/data/hostile/amount-negative.xml", &len);

            CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
            ingest_errors_clear(errs);
            CU_ASSERT_EQUAL(ingest_application_with(schemas, w, buf, len, NULL, app, errs),
                            INGEST_SCHEMA_INVALID);
            free(buf);
        }
    }
    ingest_worker_free(w);
    free(app);
    free(errs);
}

struct thread_arg {
    int ok;
};

static void *thread_main(void *p)
{
    struct thread_arg *ta = p;
    struct application *app = malloc(sizeof(*app));
    struct ingest_errors *errs = malloc(sizeof(*errs));
    struct ingest_worker *w = NULL;
    size_t i, len = 0;
    int round;

    ta->ok = app != NULL && errs != NULL && ingest_worker_new(&w, schemas) == INGEST_OK;
    for (round = 0; ta->ok && round < 5; round++) {
        for (i = 0; i < NSAMPLES; i++) {
            char *buf = test_read_file(samples[i].path, &len);

            ingest_errors_clear(errs);
            if (buf == NULL ||
                ingest_application_with(schemas, (round & 1) ? w : NULL, buf, len, NULL, app,
                                        errs) != INGEST_OK ||
                app->tier != samples[i].tier || app->years[0].rd_fen != samples[i].rd_fen)
                ta->ok = 0;
            free(buf);
        }
    }
    ingest_worker_free(w);
    free(app);
    free(errs);
    return NULL;
}

static void test_threads_share_the_schema_cache(void)
{
    pthread_t t[4];
    struct thread_arg a[4];
    int i;

    for (i = 0; i < 4; i++)
        CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, thread_main, &a[i]), 0);
    for (i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        CU_ASSERT(a[i].ok);
    }
}

static void test_node_path_names_positions_among_same_named_siblings(void)
{
    xmlDocPtr doc = NULL;
    xmlNodePtr root, fin, y2;
    char path[INGEST_PATH_BYTES];
    const char *x = "<application xmlns=\"" NS "\"><financials><year value=\"1\"/>"
                    "<year value=\"2\"><revenue/></year></financials></application>";

    CU_ASSERT_EQUAL_FATAL(ingest_parse(x, strlen(x), NULL, &doc, NULL), INGEST_OK);
    root = xmlDocGetRootElement(doc);
    fin = root->children;
    y2 = fin->children->next;
    ingest_node_path(y2->children, path, sizeof(path));
    CU_ASSERT_STRING_EQUAL(path, "/application/financials/year[2]/revenue");
    ingest_node_path((xmlNodePtr)y2->properties, path, sizeof(path));
    CU_ASSERT_STRING_EQUAL(path, "/application/financials/year[2]/@value");
    ingest_node_path(fin, path, 10);
    CU_ASSERT_STRING_EQUAL(path, "/applicat");
    xmlFreeDoc(doc);
}

/* ---- plain xmllint ------------------------------------------------------------------ */

static void test_plain_xmllint_accepts_every_eligible_sample(void)
{
    char cwd[PATH_MAX];
    glob_t g;
    size_t i;

    CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof(cwd)));
    CU_ASSERT_EQUAL_FATAL(glob("tests/data/*/eligible*.xml", 0, NULL, &g), 0);
    CU_ASSERT(g.gl_pathc >= NSAMPLES);
    for (i = 0; i < g.gl_pathc; i++) {
        const char *file = g.gl_pathv[i];
        const char *tier = file + strlen("tests/data/");
        size_t tlen = strcspn(tier, "/");
        char cmd[3 * PATH_MAX];
        int rc;

        /* From another directory, with absolute paths: imports must resolve
         * relative to the schema file, not to the current directory. */
        snprintf(cmd, sizeof(cmd),
                 "cd / && xmllint --noout --nonet --schema '%s/xsd/%.*s.xsd' '%s/%s' "
                 ">/dev/null 2>&1",
                 cwd, (int)tlen, tier, cwd, file);
        rc = system(cmd);
        if (rc != 0)
            fprintf(stderr, "\nxmllint refused %s (status %d)\n", file, rc);
        CU_ASSERT_EQUAL(rc, 0);
    }
    globfree(&g);
}

/* A renewal names the certificate it renews on the root element (issue 17);
 * the older <renewal> flag may agree but not contradict. */
static void test_kind_renewal_and_renews_are_read_from_the_root(void)
{
    static const char *const doc = "tests/data/little-giant/eligible-2026.xml";
    struct application *app = malloc(sizeof *app);
    struct ingest_errors *errs = malloc(sizeof *errs);
    size_t len = 0;
    char *src = test_read_file(doc, &len), *buf, *root;
    const char *attrs[] = {" kind=\"renewal\" renews=\"LG-2023-0000000000000000AB\"",
                           " kind=\"new\""};

    CU_ASSERT_PTR_NOT_NULL_FATAL(app);
    CU_ASSERT_PTR_NOT_NULL_FATAL(errs);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    buf = malloc(len + 200);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    root = strstr(src, "<application ");
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    root += strlen("<application");
    for (int i = 0; i < 2; i++) {
        size_t head = (size_t)(root - src), n;

        memcpy(buf, src, head);
        n = head + (size_t)sprintf(buf + head, "%s", attrs[i]);
        memcpy(buf + n, root, len - head);
        n += len - head;
        ingest_errors_clear(errs);
        CU_ASSERT_EQUAL(ingest_application(schemas, buf, n, NULL, app, errs), INGEST_OK);
        CU_ASSERT_EQUAL(app->kind_renewal, i == 0);
        CU_ASSERT_STRING_EQUAL(app->renews, i == 0 ? "LG-2023-0000000000000000AB" : "");
        if (i == 0)
            CU_ASSERT_EQUAL(app->renewal, APP_YES);
    }
    /* the plain sample: a first application */
    ingest_errors_clear(errs);
    CU_ASSERT_EQUAL(ingest_application(schemas, src, len, NULL, app, errs), INGEST_OK);
    CU_ASSERT_EQUAL(app->kind_renewal, 0);
    CU_ASSERT_STRING_EQUAL(app->renews, "");
    free(buf);
    free(src);
    free(app);
    free(errs);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("ingest", suite_init, suite_clean);
    CU_add_test(s, "every eligible sample ingests with expected key values",
                test_every_eligible_sample_ingests_with_expected_key_values);
    CU_add_test(s, "specialized-sme 2022 fields to the fen",
                test_specialized_sme_2022_fields_to_the_fen);
    CU_add_test(s, "percentages, scores and dollars are exact",
                test_percentages_scores_and_dollars_are_exact);
    CU_add_test(s, "every stored hostile document is refused",
                test_every_stored_hostile_document_is_refused);
    CU_add_test(s, "10,000 levels of nesting are refused",
                test_ten_thousand_levels_of_nesting_are_refused);
    CU_add_test(s, "100,000 siblings are refused", test_hundred_thousand_siblings_are_refused);
    CU_add_test(s, "body over the size limit is refused before parsing",
                test_body_over_the_size_limit_is_refused_before_parsing);
    CU_add_test(s, "custom depth and element limits apply",
                test_custom_depth_and_element_limits_apply);
    CU_add_test(s, "not XML, not UTF-8 and empty are refused",
                test_not_xml_not_utf8_and_empty_are_refused);
    CU_add_test(s, "wrong root name in a tier namespace is unknown tier",
                test_wrong_root_name_in_a_tier_namespace_is_unknown_tier);
    CU_add_test(s, "schema errors are all collected up to the cap",
                test_schema_errors_are_all_collected_up_to_the_cap);
    CU_add_test(s, "schema errors in Chinese name the field", test_schema_errors_in_chinese_name_the_field);
    CU_add_test(s, "a missing field in Chinese", test_missing_field_and_repeated_year_in_chinese);
    CU_add_test(s, "xpath line finds the element a rule names",
                test_xpath_line_finds_the_element_a_rule_names);
    CU_add_test(s, "missing schema directory fails to load",
                test_missing_schema_directory_fails_to_load);
    CU_add_test(s, "worker reuses contexts across documents",
                test_worker_reuses_contexts_across_documents);
    CU_add_test(s, "threads share the schema cache", test_threads_share_the_schema_cache);
    CU_add_test(s, "node path names positions among same-named siblings",
                test_node_path_names_positions_among_same_named_siblings);
    CU_add_test(s, "kind renewal and renews are read from the root",
                test_kind_renewal_and_renews_are_read_from_the_root);
    CU_add_test(s, "plain xmllint accepts every eligible sample",
                test_plain_xmllint_accepts_every_eligible_sample);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
