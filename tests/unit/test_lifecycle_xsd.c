/*
 * test_lifecycle_xsd.c — the schemas issue 17 adds, checked with libxml2
 * against documents made from each tier's own eligible sample: every existing
 * sample stays valid; the optional root attributes kind="renewal" and
 * renews="SERIAL" are accepted and an unknown kind is not; each tier's yearly
 * `update` document (xsd/<tier>-update.xsd) accepts the tier's own blocks
 * (one financial year, staff, assessment ...) and refuses a missing
 * certificate or a second financial year.
 */
#include "tier/buf.h"
#include "tier/tier.h"

#include <CUnit/Basic.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <string.h>

static const char *const sample[TIER_COUNT] = {
    [TIER_INNOVATIVE_SME] = "eligible.xml",      [TIER_TECH_SME] = "eligible.xml",
    [TIER_TECH_INNOVATIVE_SME] = "eligible-2026.xml",
    [TIER_SPECIALIZED_SME] = "eligible-2026.xml", [TIER_LITTLE_GIANT] = "eligible-2026.xml",
    [TIER_SINGLE_CHAMPION] = "eligible.xml",     [TIER_LEADING] = "eligible.xml",
    [TIER_HIGH_TECH] = "eligible.xml",           [TIER_GAZELLE] = "eligible.xml",
    [TIER_UNICORN] = "eligible.xml",
};

static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* 0 when `doc` (len bytes) is valid against xsd/<file>, 1 when not, -1 when
 * the schema or the document cannot be read. */
static int validate(const char *file, const char *doc, size_t len)
{
    char path[256];
    xmlSchemaParserCtxtPtr pc;
    xmlSchemaPtr schema;
    xmlSchemaValidCtxtPtr vc;
    xmlDocPtr d;
    int rc;

    snprintf(path, sizeof path, "xsd/%s", file);
    pc = xmlSchemaNewParserCtxt(path);
    if (pc == NULL)
        return -1;
    schema = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    if (schema == NULL)
        return -1;
    d = xmlReadMemory(doc, (int)len, "doc.xml", "UTF-8", XML_PARSE_NONET);
    if (d == NULL) {
        xmlSchemaFree(schema);
        return -1;
    }
    vc = xmlSchemaNewValidCtxt(schema);
    xmlSchemaSetValidErrors(vc, quiet, quiet, NULL);
    rc = xmlSchemaValidateDoc(vc, d) == 0 ? 0 : 1;
    xmlSchemaFreeValidCtxt(vc);
    xmlFreeDoc(d);
    xmlSchemaFree(schema);
    return rc;
}

static int slurp(const char *path, struct buf *b)
{
    FILE *f = fopen(path, "rb");
    char chunk[8192];
    size_t n;

    if (f == NULL)
        return -1;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_add(b, chunk, n);
    fclose(f);
    return 0;
}

static int read_sample(enum tier_id t, struct buf *b)
{
    char path[256];

    snprintf(path, sizeof path, "tests/data/%s/%s", tier_get(t)->code, sample[t]);
    return slurp(path, b);
}

/* Append the element <name ...>...</name> (first one) of `src` to b. 1 when
 * found, 0 when the sample has none. */
static int copy_element(const char *src, const char *name, struct buf *b)
{
    char open1[48], open2[48], close[48];
    const char *s, *e;

    snprintf(open1, sizeof open1, "<%s>", name);
    snprintf(open2, sizeof open2, "<%s ", name);
    snprintf(close, sizeof close, "</%s>", name);
    s = strstr(src, open2); /* <year value=...> before an award's <year> */
    if (s == NULL)
        s = strstr(src, open1);
    if (s == NULL)
        return 0;
    e = strstr(s, close);
    if (e == NULL)
        return 0;
    buf_add(b, s, (size_t)(e - s) + strlen(close));
    buf_adds(b, "\n");
    return 1;
}

/* The sample with `attrs` added to its root element. */
static void with_root_attrs(const char *src, const char *attrs, struct buf *b)
{
    const char *root = strstr(src, "<application ");
    const char *gt = root != NULL ? strchr(root, '>') : NULL;

    if (gt == NULL)
        return;
    buf_add(b, src, (size_t)(gt - src));
    buf_printf(b, " %s", attrs);
    buf_adds(b, gt);
}

static void test_every_sample_stays_valid_and_takes_a_renewal_kind(void)
{
    int t;

    for (t = 0; t < TIER_COUNT; t++) {
        struct buf src, doc;

        buf_init(&src, 1 << 20);
        buf_init(&doc, 1 << 20);
        CU_ASSERT_FATAL(read_sample((enum tier_id)t, &src) == 0);
        CU_ASSERT_EQUAL(validate(tier_get((enum tier_id)t)->xsd, src.data, src.len), 0);
        with_root_attrs(src.data, "kind=\"renewal\" renews=\"SD-LG-2026-000001\"", &doc);
        CU_ASSERT_EQUAL(validate(tier_get((enum tier_id)t)->xsd, doc.data, doc.len), 0);
        buf_reset(&doc);
        with_root_attrs(src.data, "kind=\"new\"", &doc);
        CU_ASSERT_EQUAL(validate(tier_get((enum tier_id)t)->xsd, doc.data, doc.len), 0);
        buf_reset(&doc);
        with_root_attrs(src.data, "kind=\"renew\"", &doc);
        CU_ASSERT_EQUAL(validate(tier_get((enum tier_id)t)->xsd, doc.data, doc.len), 1);
        buf_reset(&doc);
        with_root_attrs(src.data, "renews=\"\"", &doc);
        CU_ASSERT_EQUAL(validate(tier_get((enum tier_id)t)->xsd, doc.data, doc.len), 1);
        buf_free(&src);
        buf_free(&doc);
    }
}

/* An update document for tier t from its sample's own blocks. `cert` NULL
 * leaves the certificate out; `years` financial years are copied (the same
 * one again for 2). */
static void make_update(enum tier_id t, const char *src, const char *cert, int years,
                        struct buf *b)
{
    const char *uscc = strstr(src, "<uscc>");
    int i;

    buf_printf(b,
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<update xmlns=\"urn:tierd:application:%s:1\" year=\"2027\">\n"
               "<submissionDate>2027-05-20</submissionDate>\n",
               tier_get(t)->code);
    if (cert != NULL)
        buf_printf(b, "<certificate>%s</certificate>\n", cert);
    if (uscc != NULL)
        buf_add(b, uscc, strlen("<uscc>") + 18 + strlen("</uscc>"));
    buf_adds(b, "\n");
    for (i = 0; i < years; i++)
        copy_element(src, "year", b);
    copy_element(src, "staff", b);
    copy_element(src, "niche", b);
    copy_element(src, "assessment", b);
    copy_element(src, "declarations", b);
    buf_adds(b, "</update>\n");
}

static void test_each_tier_has_a_yearly_update_document(void)
{
    int t;

    for (t = 0; t < TIER_COUNT; t++) {
        struct buf src, doc;
        char xsd[64];
        int has_year;

        buf_init(&src, 1 << 20);
        buf_init(&doc, 1 << 20);
        snprintf(xsd, sizeof xsd, "%s-update.xsd", tier_get((enum tier_id)t)->code);
        CU_ASSERT_FATAL(read_sample((enum tier_id)t, &src) == 0);
        has_year = strstr(src.data, "<year ") != NULL;
        make_update((enum tier_id)t, src.data, "SD-2026-000001", 1, &doc);
        if (validate(xsd, doc.data, doc.len) != 0)
            fprintf(stderr, "\n  %s refuses:\n%s\n", xsd, doc.data);
        CU_ASSERT_EQUAL(validate(xsd, doc.data, doc.len), 0);
        buf_reset(&doc);
        make_update((enum tier_id)t, src.data, NULL, 1, &doc);
        CU_ASSERT_EQUAL(validate(xsd, doc.data, doc.len), 1);
        if (has_year) {
            buf_reset(&doc);
            make_update((enum tier_id)t, src.data, "SD-2026-000001", 2, &doc);
            CU_ASSERT_EQUAL(validate(xsd, doc.data, doc.len), 1);
        }
        /* an application is still an application under the update schema */
        CU_ASSERT_EQUAL(validate(xsd, src.data, src.len), 0);
        buf_free(&src);
        buf_free(&doc);
    }
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("lifecycle schemas", NULL, NULL);
    CU_add_test(s, "every sample stays valid and takes a renewal kind",
                test_every_sample_stays_valid_and_takes_a_renewal_kind);
    CU_add_test(s, "each tier has a yearly update document",
                test_each_tier_has_a_yearly_update_document);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    xmlCleanupParser();
    return failed ? 1 : 0;
}
