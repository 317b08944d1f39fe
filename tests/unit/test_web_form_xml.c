/*
 * test_web_form_xml.c — a generated form's fields back into XML
 * (src/web/form_xml.c): nesting, positions, attributes, empty fields left
 * out, escaping, and refusals that name the field.
 */
#include "tier/web_form_xml.h"
#include "tier/web_multipart.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
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

/* n fields "financials.year.K.revenue=K" joined by '&' into a new string. */
static char *many_fields(size_t n, size_t *len)
{
    struct buf b;

    buf_init(&b, 1u << 20);
    for (size_t i = 1; i <= n; i++)
        buf_printf(&b, "%sfinancials.year.%zu.@value=%zu", i > 1 ? "&" : "", i, i);
    *len = b.len;
    return buf_detach(&b, len);
}

static void test_the_application_form_caps_take_hundreds_of_path_fields(void)
{
    struct web_form f;
    char err[256], *body;
    size_t len;

    body = many_fields(300, &len);
    CU_ASSERT_EQUAL_FATAL(web_form_parse_limits(body, len, &web_form_apply, &f, err, sizeof err),
                          0);
    CU_ASSERT_EQUAL(f.n, 300u);
    CU_ASSERT_STRING_EQUAL(web_form_get(&f, "financials.year.300.@value"), "300");
    web_form_free(&f);
    /* the reviewers' caps still refuse it: 32 fields, no dots */
    CU_ASSERT_EQUAL(web_form_parse(body, len, &f, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "field 1"));
    free(body);
    /* past the cap of fields: refused naming the field */
    body = many_fields(WEB_FORM_APPLY_FIELDS_MAX + 1, &len);
    CU_ASSERT_EQUAL(web_form_parse_limits(body, len, &web_form_apply, &f, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "field 1025: more than 1024 fields"));
    CU_ASSERT_PTR_NULL(f.arena);
    free(body);
    /* a name over 256 bytes */
    {
        char big[400];
        memset(big, 'a', sizeof big);
        memcpy(big + 300, "=1", 3);
        CU_ASSERT_EQUAL(web_form_parse_limits(big, strlen(big), &web_form_apply, &f, err,
                                              sizeof err),
                        -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, "field 1"));
    }
}

#define CT "multipart/form-data; boundary=XyZ"

static void test_a_multipart_upload_is_split_into_its_parts(void)
{
    static const char body[] = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n"
                               "tok\r\n--XyZ\r\nContent-Disposition: form-data; name=\"xml\"; "
                               "filename=\"a.xml\"\r\nContent-Type: text/xml\r\n\r\n<a>\r\n--X</a>"
                               "\r\n--XyZ--\r\n";
    struct web_multipart m;
    const struct web_multipart_part *p;
    char err[256];

    CU_ASSERT_EQUAL_FATAL(web_multipart_parse(CT, body, sizeof body - 1, &m, err, sizeof err), 0);
    CU_ASSERT_EQUAL(m.n, 2u);
    p = web_multipart_get(&m, "csrf");
    CU_ASSERT_FATAL(p != NULL && p->len == 3 && memcmp(p->data, "tok", 3) == 0);
    CU_ASSERT_FALSE(p->is_file);
    p = web_multipart_get(&m, "xml");
    CU_ASSERT_FATAL(p != NULL);
    CU_ASSERT_TRUE(p->is_file);
    CU_ASSERT_EQUAL(p->len, 12u); /* "<a>\r\n--X</a>": a near-delimiter is data */
    CU_ASSERT_PTR_NULL(web_multipart_get(&m, "filename"));
}

static void test_a_malformed_multipart_body_is_refused_saying_where(void)
{
    static const struct {
        const char *ct, *body, *says;
    } bad[] = {
        {"text/plain", "--XyZ--", "not multipart"},
        {"multipart/form-data", "--XyZ--", "boundary"},
        {CT, "no delimiter here", "no boundary delimiter"},
        {CT, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nopen end",
         "part 1 (a): not closed"},
        {CT, "--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--", "part 1: no name"},
        {CT, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--XyZ\r\n"
             "Content-Disposition: form-data; name=\"a\"\r\n\r\ny\r\n--XyZ--",
         "part 2 (a): given twice"},
        {CT, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"", "part 1: headers"},
    };
    struct web_multipart m;
    char err[256];

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        CU_ASSERT_EQUAL(web_multipart_parse(bad[i].ct, bad[i].body, strlen(bad[i].body), &m, err,
                                            sizeof err),
                        -1);
        if (strstr(err, bad[i].says) == NULL) {
            CU_FAIL("the refusal does not say where");
            fprintf(stderr, "\n    case %zu: '%s'", i, err);
        }
    }
    /* more parts than the cap */
    {
        struct buf b;
        buf_init(&b, 1u << 16);
        for (int i = 0; i < WEB_MULTIPART_PARTS + 1; i++)
            buf_printf(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"p%d\"\r\n\r\nv\r\n", i);
        buf_adds(&b, "--XyZ--");
        CU_ASSERT_EQUAL(web_multipart_parse(CT, b.data, b.len, &m, err, sizeof err), -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, "more than 8 parts"));
        buf_free(&b);
    }
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
    CU_add_test(s, "the application form caps take hundreds of path fields",
                test_the_application_form_caps_take_hundreds_of_path_fields);
    CU_add_test(s, "a multipart upload is split into its parts",
                test_a_multipart_upload_is_split_into_its_parts);
    CU_add_test(s, "a malformed multipart body is refused saying where",
                test_a_malformed_multipart_body_is_refused_saying_where);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    f = CU_get_number_of_failures();
    CU_cleanup_registry();
    return f ? 1 : 0;
}
