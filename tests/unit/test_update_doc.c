/*
 * test_update_doc.c — the yearly data update document as ingest reads it
 * (ingest_update, issue 17): the tier from the root <update>'s namespace,
 * the tier's update schema (xsd/<tier>-update.xsd, compiled with the tier's
 * own by ingest_schemas_load), and the four fields the registry needs. An
 * application is not an update, an update without its certificate fails the
 * schema, and a DOCTYPE is refused before anything else.
 */
#include "tier/ingest.h"
#include "tier/tier.h"

#include "test_file.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <string.h>

static struct ingest_schemas *schemas;
static struct ingest_errors errs;

static int suite_init(void)
{
    return ingest_schemas_load(&schemas, "xsd", &errs) == INGEST_OK ? 0 : -1;
}

static int suite_clean(void)
{
    ingest_schemas_free(schemas);
    return 0;
}

/* An update of innovative-sme made from its sample's first financial year;
 * `cert` NULL leaves the certificate out. Into out (cap bytes). */
static int make(const char *cert, char *out, size_t cap)
{
    size_t len = 0;
    char *src = test_read_file("tests/data/innovative-sme/eligible.xml", &len);
    const char *y0 = src ? strstr(src, "<year ") : NULL, *y1 = y0 ? strstr(y0, "</year>") : NULL;
    int n;

    if (y1 == NULL) {
        free(src);
        return -1;
    }
    n = snprintf(out, cap,
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<update xmlns=\"urn:tierd:application:innovative-sme:1\" year=\"2027\">\n"
                 "  <submissionDate>2027-04-20</submissionDate>\n%s%s%s"
                 "  <uscc>91370211MA3D0A1B86</uscc>\n  %.*s</year>\n</update>\n",
                 cert ? "  <certificate>" : "", cert ? cert : "", cert ? "</certificate>\n" : "",
                 (int)(y1 - y0), y0);
    free(src);
    return n > 0 && (size_t)n < cap ? 0 : -1;
}

static void test_an_update_gives_its_tier_year_certificate_and_holder(void)
{
    static char doc[1 << 16];
    struct ingest_update u;

    CU_ASSERT_FATAL(make("IS-2026-0000000000000000AB", doc, sizeof doc) == 0);
    ingest_errors_clear(&errs);
    CU_ASSERT_EQUAL_FATAL(ingest_update(schemas, doc, strlen(doc), NULL, &u, &errs), INGEST_OK);
    CU_ASSERT_EQUAL(u.tier, TIER_INNOVATIVE_SME);
    CU_ASSERT_EQUAL(u.year, 2027);
    CU_ASSERT_STRING_EQUAL(u.certificate, "IS-2026-0000000000000000AB");
    CU_ASSERT_STRING_EQUAL(u.uscc, "91370211MA3D0A1B86");
    CU_ASSERT_STRING_EQUAL(u.filed_on, "2027-04-20");
}

static void test_an_update_without_its_certificate_fails_the_schema(void)
{
    static char doc[1 << 16];
    struct ingest_update u;

    CU_ASSERT_FATAL(make(NULL, doc, sizeof doc) == 0);
    ingest_errors_clear(&errs);
    CU_ASSERT_EQUAL(ingest_update(schemas, doc, strlen(doc), NULL, &u, &errs),
                    INGEST_SCHEMA_INVALID);
    CU_ASSERT(errs.count > 0);
}

static void test_an_application_is_not_an_update(void)
{
    size_t len = 0;
    char *app = test_read_file("tests/data/innovative-sme/eligible.xml", &len);
    struct ingest_update u;

    CU_ASSERT_FATAL(app != NULL);
    ingest_errors_clear(&errs);
    CU_ASSERT_EQUAL(ingest_update(schemas, app, len, NULL, &u, &errs), INGEST_UNKNOWN_TIER);
    CU_ASSERT(errs.count > 0 && strstr(errs.e[0].message, "expected <update>") != NULL);
    free(app);
}

static void test_an_update_with_a_doctype_is_refused(void)
{
    const char *doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE update [<!ENTITY x \"y\">]>\n"
                      "<update xmlns=\"urn:tierd:application:innovative-sme:1\" year=\"2027\"/>";
    struct ingest_update u;

    ingest_errors_clear(&errs);
    CU_ASSERT_EQUAL(ingest_update(schemas, doc, strlen(doc), NULL, &u, &errs), INGEST_DOCTYPE);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("update document", suite_init, suite_clean);
    CU_add_test(s, "an update gives its tier, year, certificate and holder",
                test_an_update_gives_its_tier_year_certificate_and_holder);
    CU_add_test(s, "an update without its certificate fails the schema",
                test_an_update_without_its_certificate_fails_the_schema);
    CU_add_test(s, "an application is not an update", test_an_application_is_not_an_update);
    CU_add_test(s, "an update with a doctype is refused", test_an_update_with_a_doctype_is_refused);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed() +
             CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
