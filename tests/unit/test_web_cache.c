/*
 * test_web_cache.c — rendered public pages in memory (src/web/cache.c): a
 * page comes back only under its exact key (a revocation changes the key,
 * so the old page is never served for it), oversized pages and keys are not
 * kept, a NULL cache never answers.
 */
#include "tier/web_cache.h"

#include <CUnit/Basic.h>
#include <stdlib.h>
#include <string.h>

static void test_a_page_comes_back_only_under_its_exact_key(void)
{
    struct web_cache *c = web_cache_new(64);
    struct buf b;
    char tag[WEB_CACHE_TAG_MAX];

    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    buf_init(&b, 1u << 20);
    web_cache_put(c, "check|SS-1|valid|", "<p>有效</p>", strlen("<p>有效</p>"), "\"t1\"");
    CU_ASSERT_EQUAL(web_cache_get(c, "check|SS-1|valid|", &b, tag), 1);
    CU_ASSERT_STRING_EQUAL(b.data, "<p>有效</p>");
    CU_ASSERT_STRING_EQUAL(tag, "\"t1\"");
    buf_reset(&b);
    /* revoked: another key, so a miss, and the page made then replaces nothing wrongly */
    CU_ASSERT_EQUAL(web_cache_get(c, "check|SS-1|revoked|2026-03-02T01:00:00Z", &b, tag), 0);
    CU_ASSERT_EQUAL(b.len, 0u);
    web_cache_put(c, "check|SS-1|revoked|2026-03-02T01:00:00Z", "<p>已撤销</p>",
                  strlen("<p>已撤销</p>"), "\"t2\"");
    CU_ASSERT_EQUAL(web_cache_get(c, "check|SS-1|revoked|2026-03-02T01:00:00Z", &b, tag), 1);
    CU_ASSERT_STRING_EQUAL(b.data, "<p>已撤销</p>");
    buf_free(&b);
    web_cache_free(c);
}

static void test_oversized_pages_and_keys_are_not_kept(void)
{
    struct web_cache *c = web_cache_new(16);
    struct buf b;
    char tag[WEB_CACHE_TAG_MAX], key[WEB_CACHE_KEY_MAX + 10];
    char *big = calloc(1, WEB_CACHE_PAGE_MAX + 2);

    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    buf_init(&b, 1u << 20);
    memset(big, 'x', WEB_CACHE_PAGE_MAX + 1);
    web_cache_put(c, "big", big, WEB_CACHE_PAGE_MAX + 1, "\"t\"");
    CU_ASSERT_EQUAL(web_cache_get(c, "big", &b, tag), 0);
    memset(key, 'k', sizeof key - 1);
    key[sizeof key - 1] = '\0';
    web_cache_put(c, key, "p", 1, "\"t\"");
    CU_ASSERT_EQUAL(web_cache_get(c, key, &b, tag), 0);
    CU_ASSERT_EQUAL(web_cache_get(NULL, "big", &b, tag), 0);
    web_cache_put(NULL, "x", "p", 1, "\"t\"");
    CU_ASSERT_EQUAL(b.len, 0u);
    free(big);
    buf_free(&b);
    web_cache_free(c);
    web_cache_free(NULL);
}

int main(void)
{
    CU_pSuite s;
    unsigned f;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("web_cache", NULL, NULL);
    CU_add_test(s, "a page comes back only under its exact key",
                test_a_page_comes_back_only_under_its_exact_key);
    CU_add_test(s, "oversized pages and keys are not kept",
                test_oversized_pages_and_keys_are_not_kept);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    f = CU_get_number_of_failures();
    CU_cleanup_registry();
    return f ? 1 : 0;
}
