/*
 * test_seed.c — `tierctl seed-demo` keeps one valid title per enterprise and
 * tier, whatever the counts and seeds: `make run` seeds last year and this
 * year one after the other (scripts/demo-setup), with counts an operator may
 * make tiny (TIER_DEMO_LAST_YEAR=3 TIER_DEMO_THIS_YEAR=5) and with the same
 * seed when both runs start within one second. The second year's
 * applications must not meet the first year's titles of the same
 * enterprises and be refused (which stopped `make run`).
 */
#include "harness.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tier/date.h"

static char conf[600];

/* The harness's config with the title checks on, as a real registry has them
 * (the harness turns them off for the older tests). */
static int suite_init(void)
{
    if (harness_start() != 0)
        return -1;
    snprintf(conf, sizeof conf, "%s/seed.conf", harness_dir());
    return harness_sh(NULL, "sed 's/^title-checks *=.*/title-checks = 1/' '%s' > '%s' && "
                            "grep -q '^title-checks = 1' '%s'",
                      harness_config(), conf, conf);
}

static int suite_clean(void)
{
    return harness_stop();
}

static long sql_long(const char *sql)
{
    char *out = NULL;
    long v = -1;

    if (harness_sh(&out, "scripts/db sql -N -B -e \"%s\"", sql) == 0 && out != NULL)
        v = strtol(out, NULL, 10);
    free(out);
    return v;
}

static void test_two_years_with_one_seed_and_tiny_counts_keep_one_title_per_tier(void)
{
    struct tier_date today = date_today_cst();
    char *out = NULL;
    int rc;

    /* the same seed for both years: what two runs in one second get */
    for (int seed = 1; seed <= 3; seed++) {
        rc = harness_sh(&out,
                        "%s --config '%s' seed-demo --year %d --enterprises 3 --seed %d && "
                        "%s --config '%s' seed-demo --year %d --enterprises 5 --seed %d",
                        harness_bin("tierctl"), conf, today.y - 1, seed, harness_bin("tierctl"),
                        conf, today.y, seed);
        if (rc != 0)
            fprintf(stderr, "\n    seed %d: %s", seed, out ? out : "");
        CU_ASSERT_EQUAL(rc, 0);
        free(out);
        out = NULL;
    }
    /* the runs made titles, and no enterprise holds two valid ones of a tier */
    CU_ASSERT_TRUE(sql_long("SELECT COUNT(*) FROM certificates") > 0);
    CU_ASSERT_EQUAL(sql_long("SELECT COUNT(*) FROM duplicate_valid_titles"), 0);
    /* each year's enterprises are its own: none applied in both years */
    CU_ASSERT_EQUAL(sql_long("SELECT COUNT(*) FROM (SELECT enterprise_id FROM submissions "
                             "GROUP BY enterprise_id HAVING COUNT(DISTINCT "
                             "YEAR(submitted_at)) > 1) t"),
                    0);
}

int main(void)
{
    CU_pSuite s;
    int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("seed-demo", suite_init, suite_clean);
    CU_add_test(s, "two years with one seed and tiny counts keep one title per tier",
                test_two_years_with_one_seed_and_tiny_counts_keep_one_title_per_tier);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = (int)CU_get_number_of_failures();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
