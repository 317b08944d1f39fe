/*
 * test_web_rate.c — the per-address cap of public pages (src/web/rate.c):
 * bursts of twice the rate, refill at the rate, the wait to say in
 * Retry-After, addresses apart, a bucket taken over only when idle.
 */
#include "tier/web_rate.h"

#include <CUnit/Basic.h>
#include <stdio.h>

static int burst_then_refused(struct web_rate *r, const char *addr, int64_t now)
{
    int n = 0;

    while (n < 1000 && web_rate_take(r, addr, now) == 0)
        n++;
    return n;
}

static void test_a_burst_of_twice_the_rate_then_a_wait(void)
{
    struct web_rate *r = web_rate_new(20, 64);

    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(burst_then_refused(r, "192.0.2.1", 1000), 40);
    CU_ASSERT_EQUAL(web_rate_take(r, "192.0.2.1", 1000), 1);
    /* 50 ms at 20 a second is one page */
    CU_ASSERT_EQUAL(web_rate_take(r, "192.0.2.1", 1050), 0);
    CU_ASSERT_NOT_EQUAL(web_rate_take(r, "192.0.2.1", 1050), 0);
    /* after a long rest the bucket is full, never more */
    CU_ASSERT_EQUAL(burst_then_refused(r, "192.0.2.1", 100000), 40);
    web_rate_free(r);
}

static void test_a_slow_rate_says_how_many_seconds_to_wait(void)
{
    struct web_rate *r = web_rate_new(1, 64);

    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(burst_then_refused(r, "2001:db8::1", 0), 2);
    CU_ASSERT_EQUAL(web_rate_take(r, "2001:db8::1", 0), 1);
    CU_ASSERT_EQUAL(web_rate_take(r, "2001:db8::1", 999), 1);
    CU_ASSERT_EQUAL(web_rate_take(r, "2001:db8::1", 1000), 0);
    web_rate_free(r);
}

static void test_one_address_at_its_cap_leaves_the_others_served(void)
{
    struct web_rate *r = web_rate_new(5, 4096);
    char a[32];
    int others = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(burst_then_refused(r, "198.51.100.7", 0), 10);
    for (int i = 0; i < 100; i++) {
        snprintf(a, sizeof a, "203.0.113.%d", i);
        others += web_rate_take(r, a, 0) == 0;
    }
    /* 4096 slots: another address may share the capped one's bucket only
     * by a rare collision */
    CU_ASSERT_TRUE(others >= 98);
    CU_ASSERT_NOT_EQUAL(web_rate_take(r, "198.51.100.7", 0), 0);
    web_rate_free(r);
}

static void test_a_rate_below_one_is_refused_and_null_is_no_cap(void)
{
    CU_ASSERT_PTR_NULL(web_rate_new(0, 64));
    CU_ASSERT_EQUAL(web_rate_take(NULL, "192.0.2.1", 0), 0);
    web_rate_free(NULL);
}

int main(void)
{
    CU_pSuite s;
    unsigned f;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("web_rate", NULL, NULL);
    CU_add_test(s, "a burst of twice the rate, then a wait", test_a_burst_of_twice_the_rate_then_a_wait);
    CU_add_test(s, "a slow rate says how many seconds to wait",
                test_a_slow_rate_says_how_many_seconds_to_wait);
    CU_add_test(s, "one address at its cap leaves the others served",
                test_one_address_at_its_cap_leaves_the_others_served);
    CU_add_test(s, "a rate below one is refused and NULL is no cap",
                test_a_rate_below_one_is_refused_and_null_is_no_cap);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    f = CU_get_number_of_failures();
    CU_cleanup_registry();
    return f ? 1 : 0;
}
