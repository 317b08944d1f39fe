/*
 * test_tier.c — the tier table, prerequisites and the rule set by date.
 */
#include "tier/tier.h"

#include <CUnit/Basic.h>
#include <stdlib.h>
#include <string.h>

static void test_table_has_every_tier_under_its_stable_code(void)
{
    static const char *const codes[TIER_COUNT] = {
        "innovative-sme", "tech-sme", "tech-innovative-sme", "specialized-sme",
        "little-giant",   "single-champion", "leading",      "high-tech",
        "gazelle",        "unicorn",
    };
    const struct tier_info *t;
    int i;

    for (i = 0; i < TIER_COUNT; i++) {
        t = tier_get((enum tier_id)i);
        CU_ASSERT_PTR_NOT_NULL_FATAL(t);
        CU_ASSERT_EQUAL(t->id, i);
        CU_ASSERT_STRING_EQUAL(t->code, codes[i]);
        CU_ASSERT_PTR_EQUAL(tier_by_code(codes[i]), t);
        CU_ASSERT_PTR_NOT_NULL(t->name_zh);
        CU_ASSERT_PTR_NOT_NULL(t->name_en);
    }
}

static void test_out_of_range_id_has_no_entry(void)
{
    CU_ASSERT_PTR_NULL(tier_get(TIER_NONE));
    CU_ASSERT_PTR_NULL(tier_get(TIER_COUNT));
    CU_ASSERT_PTR_NULL(tier_get((enum tier_id)1000));
}

static void test_unknown_code_has_no_entry(void)
{
    CU_ASSERT_PTR_NULL(tier_by_code("Little-Giant"));
    CU_ASSERT_PTR_NULL(tier_by_code("little-giant "));
    CU_ASSERT_PTR_NULL(tier_by_code(""));
    CU_ASSERT_PTR_NULL(tier_by_code(NULL));
}

static void test_xsd_name_is_code_dot_xsd(void)
{
    char want[64];
    const struct tier_info *t;
    size_t n;
    int i;

    for (i = 0; i < TIER_COUNT; i++) {
        t = tier_get((enum tier_id)i);
        n = strlen(t->code);
        CU_ASSERT_FATAL(n + 5 < sizeof want);
        memcpy(want, t->code, n);
        memcpy(want + n, ".xsd", 5);
        CU_ASSERT_STRING_EQUAL(t->xsd, want);
    }
}

static void test_tech_sme_is_valid_one_year_and_the_others_three(void)
{
    int i;

    for (i = 0; i < TIER_COUNT; i++) {
        CU_ASSERT_EQUAL(tier_get((enum tier_id)i)->validity_years,
                        i == TIER_TECH_SME ? 1 : 3);
    }
}

static void test_little_giant_needs_specialized_sme_under_both_rule_sets(void)
{
    const struct tier_info *t = tier_get(TIER_LITTLE_GIANT);

    CU_ASSERT_EQUAL(t->prereq_2022, TIER_SPECIALIZED_SME);
    CU_ASSERT_EQUAL(t->prereq_2026, TIER_SPECIALIZED_SME);
    CU_ASSERT_STRING_EQUAL(t->name_zh, "专精特新“小巨人”企业");
}

static void test_specialized_sme_needs_tech_innovative_sme_only_from_2026(void)
{
    const struct tier_info *t = tier_get(TIER_SPECIALIZED_SME);

    CU_ASSERT_EQUAL(t->prereq_2022, TIER_NONE);
    CU_ASSERT_EQUAL(t->prereq_2026, TIER_TECH_INNOVATIVE_SME);
}

static void test_no_other_tier_has_a_prerequisite(void)
{
    const struct tier_info *t;
    int i;

    for (i = 0; i < TIER_COUNT; i++) {
        if (i == TIER_LITTLE_GIANT || i == TIER_SPECIALIZED_SME)
            continue;
        t = tier_get((enum tier_id)i);
        CU_ASSERT_EQUAL(t->prereq_2022, TIER_NONE);
        CU_ASSERT_EQUAL(t->prereq_2026, TIER_NONE);
    }
}

static void test_only_specialized_sme_and_little_giant_have_2026_rules(void)
{
    int i;

    for (i = 0; i < TIER_COUNT; i++) {
        CU_ASSERT_EQUAL(tier_get((enum tier_id)i)->has_2026,
                        i == TIER_SPECIALIZED_SME || i == TIER_LITTLE_GIANT);
    }
}

static void test_2026_rules_apply_from_1_april_2026(void)
{
    CU_ASSERT_EQUAL(rule_set_for_date(2026, 3, 31), RULESET_2022);
    CU_ASSERT_EQUAL(rule_set_for_date(2026, 4, 1), RULESET_2026);
    CU_ASSERT_EQUAL(rule_set_for_date(2026, 12, 31), RULESET_2026);
    CU_ASSERT_EQUAL(rule_set_for_date(2027, 1, 1), RULESET_2026);
    CU_ASSERT_EQUAL(rule_set_for_date(2023, 6, 30), RULESET_2022);
}

static void test_invalid_date_has_no_rule_set(void)
{
    CU_ASSERT_EQUAL(rule_set_for_date(2026, 2, 30), RULESET_NONE);
    CU_ASSERT_EQUAL(rule_set_for_date(2026, 13, 1), RULESET_NONE);
}

static void test_rule_set_names_round_trip(void)
{
    CU_ASSERT_STRING_EQUAL(rule_set_name(RULESET_2022), "2022");
    CU_ASSERT_STRING_EQUAL(rule_set_name(RULESET_2026), "2026");
    CU_ASSERT_PTR_NULL(rule_set_name(RULESET_NONE));
    CU_ASSERT_EQUAL(rule_set_by_name("2022"), RULESET_2022);
    CU_ASSERT_EQUAL(rule_set_by_name("2026"), RULESET_2026);
    CU_ASSERT_EQUAL(rule_set_by_name("2024"), RULESET_NONE);
    CU_ASSERT_EQUAL(rule_set_by_name("2022 "), RULESET_NONE);
    CU_ASSERT_EQUAL(rule_set_by_name(NULL), RULESET_NONE);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("tier", NULL, NULL);
    CU_add_test(s, "table has every tier under its stable code",
                test_table_has_every_tier_under_its_stable_code);
    CU_add_test(s, "out-of-range id has no entry", test_out_of_range_id_has_no_entry);
    CU_add_test(s, "unknown code has no entry", test_unknown_code_has_no_entry);
    CU_add_test(s, "xsd name is code dot xsd", test_xsd_name_is_code_dot_xsd);
    CU_add_test(s, "tech-sme is valid one year and the others three",
                test_tech_sme_is_valid_one_year_and_the_others_three);
    CU_add_test(s, "little-giant needs specialized-sme under both rule sets",
                test_little_giant_needs_specialized_sme_under_both_rule_sets);
    CU_add_test(s, "specialized-sme needs tech-innovative-sme only from 2026",
                test_specialized_sme_needs_tech_innovative_sme_only_from_2026);
    CU_add_test(s, "no other tier has a prerequisite", test_no_other_tier_has_a_prerequisite);
    CU_add_test(s, "only specialized-sme and little-giant have 2026 rules",
                test_only_specialized_sme_and_little_giant_have_2026_rules);
    CU_add_test(s, "2026 rules apply from 1 April 2026", test_2026_rules_apply_from_1_april_2026);
    CU_add_test(s, "invalid date has no rule set", test_invalid_date_has_no_rule_set);
    CU_add_test(s, "rule set names round-trip", test_rule_set_names_round_trip);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
