/*
 * test_xml_prescan.c — the linear pre-scan of raw XML (src/ingest/xml_prescan.c).
 *
 * Each bound is tried at its edge (the most allowed passes, one more is
 * refused with a message that names the element and the line); what only
 * looks like attributes (in comments, CDATA, processing instructions, or
 * inside a quoted value) is not counted; a malformed tag does not hide the
 * attributes after it; every sample document of tests/data (the fuzzers'
 * regression inputs aside) passes; and the
 * document of issue 13 (one element with 100,000 attributes, 1 MB) is
 * refused by ingest_parse itself, well inside a second (it took libxml2
 * 80 s before; the margin is for a busy machine).
 */
#include "tier/ingest.h"

#include <CUnit/Basic.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>

static struct ingest_errors errs;

static enum ingest_status scan(const char *doc)
{
    ingest_errors_clear(&errs);
    return ingest_prescan(doc, strlen(doc), NULL, &errs);
}

/* "<a" + n attributes a0="v" … + "/>" (caller frees). */
static char *element_with_attrs(const char *prefix, long n, const char *suffix)
{
    size_t cap = strlen(prefix) + strlen(suffix) + (size_t)n * 16 + 16, off;
    char *p = malloc(cap);

    if (p == NULL)
        return NULL;
    off = (size_t)snprintf(p, cap, "%s<e", prefix);
    for (long i = 0; i < n; i++)
        off += (size_t)snprintf(p + off, cap - off, " a%ld=\"v\"", i);
    snprintf(p + off, cap - off, "/>%s", suffix);
    return p;
}

static long elapsed_ms(const struct timespec *a)
{
    struct timespec b;
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (b.tv_sec - a->tv_sec) * 1000L + (b.tv_nsec - a->tv_nsec) / 1000000L;
}

static void test_most_attributes_on_one_element_pass_one_more_is_refused(void)
{
    char *ok = element_with_attrs("<r>\n", INGEST_PRESCAN_ATTRS_PER_ELEMENT, "</r>");
    char *bad = element_with_attrs("<r>\n<x/>\n", INGEST_PRESCAN_ATTRS_PER_ELEMENT + 1, "</r>");

    CU_ASSERT_FATAL(ok != NULL && bad != NULL);
    CU_ASSERT_EQUAL(scan(ok), INGEST_OK);
    CU_ASSERT_EQUAL(scan(bad), INGEST_TOO_COMPLEX);
    CU_ASSERT_EQUAL(errs.count, 1);
    CU_ASSERT_EQUAL(errs.e[0].line, 3);
    CU_ASSERT_STRING_EQUAL(errs.e[0].path, "/r/e");
    CU_ASSERT_PTR_NOT_NULL(strstr(errs.e[0].message, "more than 32 attributes"));
    free(ok);
    free(bad);
}

static void test_attributes_in_the_whole_document_are_bounded(void)
{
    /* many elements of 10 attributes each: over the document's bound */
    long per = 10, n = INGEST_PRESCAN_ATTRS / per + 1;
    size_t cap = (size_t)n * 120 + 64, off = 0;
    char *doc = malloc(cap);

    CU_ASSERT_FATAL(doc != NULL);
    off += (size_t)snprintf(doc, cap, "<r>");
    for (long i = 0; i < n; i++) {
        off += (size_t)snprintf(doc + off, cap - off, "<e");
        for (long j = 0; j < per; j++)
            off += (size_t)snprintf(doc + off, cap - off, " b%ld='1'", j);
        off += (size_t)snprintf(doc + off, cap - off, "/>");
    }
    snprintf(doc + off, cap - off, "</r>");
    CU_ASSERT_EQUAL(scan(doc), INGEST_TOO_COMPLEX);
    CU_ASSERT_PTR_NOT_NULL(strstr(errs.e[0].message, "attributes in all"));
    free(doc);
}

static void test_namespace_declarations_are_bounded(void)
{
    char doc[8192];
    size_t off = 0;

    off += (size_t)snprintf(doc, sizeof doc, "<r xmlns=\"urn:x\">");
    for (int i = 0; i < INGEST_PRESCAN_NS_DECLS; i++)
        off += (size_t)snprintf(doc + off, sizeof doc - off, "<e xmlns:p%d=\"urn:p%d\"/>", i, i);
    snprintf(doc + off, sizeof doc - off, "</r>");
    CU_ASSERT_EQUAL(scan(doc), INGEST_TOO_COMPLEX);
    CU_ASSERT_PTR_NOT_NULL(strstr(errs.e[0].message, "namespaces"));
    /* one fewer passes */
    CU_ASSERT_EQUAL(scan(strstr(doc, "<e")), INGEST_OK);
}

static void test_names_and_values_are_bounded_at_their_edge(void)
{
    size_t big = INGEST_PRESCAN_VALUE_BYTES + 64;
    char *doc = malloc(big * 2);
    char name[INGEST_PRESCAN_NAME_BYTES + 2];

    CU_ASSERT_FATAL(doc != NULL);
    memset(name, 'n', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    snprintf(doc, big * 2, "<%s/>", name); /* one byte over */
    CU_ASSERT_EQUAL(scan(doc), INGEST_TOO_COMPLEX);
    name[INGEST_PRESCAN_NAME_BYTES] = '\0';
    snprintf(doc, big * 2, "<%s/>", name);
    CU_ASSERT_EQUAL(scan(doc), INGEST_OK);
    snprintf(doc, big * 2, "<r %s=\"1\"/>", name);
    CU_ASSERT_EQUAL(scan(doc), INGEST_OK);
    snprintf(doc, big * 2, "<r %sx=\"1\"/>", name);
    CU_ASSERT_EQUAL(scan(doc), INGEST_TOO_COMPLEX);

    memcpy(doc, "<r v=\"", 6);
    memset(doc + 6, 'v', INGEST_PRESCAN_VALUE_BYTES);
    strcpy(doc + 6 + INGEST_PRESCAN_VALUE_BYTES, "\"/>");
    CU_ASSERT_EQUAL(scan(doc), INGEST_OK);
    memset(doc + 6, 'v', INGEST_PRESCAN_VALUE_BYTES + 1);
    strcpy(doc + 7 + INGEST_PRESCAN_VALUE_BYTES, "\"/>");
    CU_ASSERT_EQUAL(scan(doc), INGEST_TOO_COMPLEX);
    CU_ASSERT_PTR_NOT_NULL(strstr(errs.e[0].message, "attribute v has a value"));
    free(doc);
}

static void test_what_only_looks_like_attributes_is_not_counted(void)
{
    char *attrs = element_with_attrs("", 40, "");
    size_t cap = strlen(attrs) * 4 + 256;
    char *doc = malloc(cap);

    CU_ASSERT_FATAL(attrs != NULL && doc != NULL);
    snprintf(doc, cap, "<?xml version=\"1.0\"?><!-- %s --><r><![CDATA[%s]]><?pi %s?>"
                       "<e q='%.1s &gt; \"a1=\"1\" > &lt;'/></r>",
             attrs, attrs, attrs, "x");
    CU_ASSERT_EQUAL(scan(doc), INGEST_OK);
    free(attrs);
    free(doc);
}

static void test_a_malformed_tag_does_not_hide_the_attributes_after_it(void)
{
    char *doc = element_with_attrs("<r><a junk here><b x=1>\n", 40, "</r>");

    CU_ASSERT_FATAL(doc != NULL);
    CU_ASSERT_EQUAL(scan(doc), INGEST_TOO_COMPLEX);
    CU_ASSERT_EQUAL(errs.e[0].line, 2);
    free(doc);
}

static void test_every_sample_document_passes(void)
{
    glob_t g;
    int n = 0;

    CU_ASSERT_EQUAL_FATAL(glob("tests/data/*/*.xml", 0, NULL, &g), 0);
    for (size_t i = 0; i < g.gl_pathc; i++) {
        FILE *f;
        char *p;
        long len;
        if (strstr(g.gl_pathv[i], "/fuzz-regressions/") != NULL)
            continue; /* what a fuzzer made, not a sample: test_fuzz_regressions replays it */
        f = fopen(g.gl_pathv[i], "rb");
        if (f == NULL)
            continue;
        fseek(f, 0, SEEK_END);
        len = ftell(f);
        fseek(f, 0, SEEK_SET);
        p = malloc((size_t)len + 1);
        if (p != NULL && fread(p, 1, (size_t)len, f) == (size_t)len) {
            ingest_errors_clear(&errs);
            if (ingest_prescan(p, (size_t)len, NULL, &errs) != INGEST_OK)
                fprintf(stderr, "\n    %s: %s ", g.gl_pathv[i], errs.e[0].message);
            CU_ASSERT_EQUAL(ingest_prescan(p, (size_t)len, NULL, NULL), INGEST_OK);
            n++;
        }
        free(p);
        fclose(f);
    }
    globfree(&g);
    CU_ASSERT(n > 20);
}

static void test_a_hundred_thousand_attributes_are_refused_before_libxml2(void)
{
    char *doc = element_with_attrs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                   "<application xmlns=\"urn:tierd:application:gazelle:1\">\n",
                                   100000, "</application>\n");
    struct ingest_limits lim;
    struct timespec t0;
    xmlDocPtr d = NULL;
    long ms;

    CU_ASSERT_FATAL(doc != NULL);
    ingest_limits_default(&lim);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ingest_errors_clear(&errs);
    CU_ASSERT_EQUAL(ingest_parse(doc, strlen(doc), &lim, &d, &errs), INGEST_TOO_COMPLEX);
    ms = elapsed_ms(&t0);
    fprintf(stderr, "\n    %zu bytes, 100,000 attributes on one element: refused in %ld ms ",
            strlen(doc), ms);
    CU_ASSERT_PTR_NULL(d);
    CU_ASSERT(ms < 1000);
    CU_ASSERT_STRING_EQUAL(ingest_status_name(INGEST_TOO_COMPLEX), "too-complex");
    free(doc);
}

int main(void)
{
    CU_pSuite s;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("xml_prescan", NULL, NULL);
    CU_add_test(s, "test_most_attributes_on_one_element_pass_one_more_is_refused",
                test_most_attributes_on_one_element_pass_one_more_is_refused);
    CU_add_test(s, "test_attributes_in_the_whole_document_are_bounded",
                test_attributes_in_the_whole_document_are_bounded);
    CU_add_test(s, "test_namespace_declarations_are_bounded",
                test_namespace_declarations_are_bounded);
    CU_add_test(s, "test_names_and_values_are_bounded_at_their_edge",
                test_names_and_values_are_bounded_at_their_edge);
    CU_add_test(s, "test_what_only_looks_like_attributes_is_not_counted",
                test_what_only_looks_like_attributes_is_not_counted);
    CU_add_test(s, "test_a_malformed_tag_does_not_hide_the_attributes_after_it",
                test_a_malformed_tag_does_not_hide_the_attributes_after_it);
    CU_add_test(s, "test_every_sample_document_passes", test_every_sample_document_passes);
    CU_add_test(s, "test_a_hundred_thousand_attributes_are_refused_before_libxml2",
                test_a_hundred_thousand_attributes_are_refused_before_libxml2);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    {
        int failed = (int)CU_get_number_of_failures();
        CU_cleanup_registry();
        xmlCleanupParser();
        return failed ? 1 : 0;
    }
}
