/*
 * test_web_form_xml.c — a generated form's fields back into XML
 * (src/web/form_xml.c): nesting, positions, attributes, empty fields left
 * out, escaping, and refusals that name the field.
 */
#include "tier/web_form_xml.h"

#include <CUnit/Basic.h>
#include <string.h>

#define NS "urn:tierd:application:specialized-sme:1"

static void test_paths_nest_in_the_order_of_their_first_field(void)
{
    const struct web_form_field f[] = {
        {"submissionDate", "2026-05-10", 10},
        {"renewal", "", 0},
        {"enterprise.name", "甲<乙>&丙", 0},
        {"enterprise.contact.person", "", 0},
        {"financials.year.1.@value", "2025", 4},
        {"financials.year.1.revenue", "100.50", 6},
        {"financials.year.2.@value", "2024", 4},
        {"financials.year.2.revenue", "90", 2},
    };
    struct buf b;
    char err[256];

    buf_init(&b, 1u << 20);
    CU_ASSERT_EQUAL_FATAL(web_form_xml(NS, f, sizeof f / sizeof f[0], &b, err, sizeof err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "<application xmlns=\"" NS "\"><submissionDate>"
                                          "2026-05-10</submissionDate><enterprise><name>"
                                          "甲&lt;乙&gt;&amp;丙</name></enterprise><financials>"
                                          "<year value=\"2025\"><revenue>100.50</revenue></year>"
                                          "<year value=\"2024\"><revenue>90</revenue></year>"
                                          "</financials></application>"));
    /* empty fields leave their elements out, and a group of empties too */
    CU_ASSERT_PTR_NULL(strstr(b.data, "renewal"));
    CU_ASSERT_PTR_NULL(strstr(b.data, "contact"));
    buf_free(&b);
}

static void test_names_that_are_not_paths_are_refused_by_field(void)
{
    static const char *const bad[] = {"a..b", "a.@x.b", "1a", "a.b-c", "a.0", "@", "a.@"};
    struct buf b;
    char err[256];

    buf_init(&b, 1u << 20);
    buf_adds(&b, "before");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const struct web_form_field f[] = {{"ok", "1", 1}, {bad[i], "x", 1}};
        CU_ASSERT_EQUAL(web_form_xml(NS, f, 2, &b, err, sizeof err), -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, "field 2"));
        CU_ASSERT_STRING_EQUAL(b.data, "before");
    }
    buf_free(&b);
}

static void test_a_value_that_is_not_utf8_is_refused(void)
{
    const struct web_form_field f[] = {{"enterprise.name", "\xff\xfe", 2}};
    struct buf b;
    char err[256];

    buf_init(&b, 1u << 20);
    CU_ASSERT_EQUAL(web_form_xml(NS, f, 1, &b, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "UTF-8"));
    CU_ASSERT_EQUAL(b.len, 0u);
    buf_free(&b);
}

int main(void)
{
    CU_pSuite s;
    unsigned f;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("web_form_xml", NULL, NULL);
    CU_add_test(s, "paths nest in the order of their first field",
                test_paths_nest_in_the_order_of_their_first_field);
    CU_add_test(s, "names that are not paths are refused by field",
                test_names_that_are_not_paths_are_refused_by_field);
    CU_add_test(s, "a value that is not UTF-8 is refused", test_a_value_that_is_not_utf8_is_refused);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    f = CU_get_number_of_failures();
    CU_cleanup_registry();
    return f ? 1 : 0;
}
