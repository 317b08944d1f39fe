/*
 * test_rules_other.c — 制造业单项冠军, Shandong 瞪羚 and 独角兽, and 制造业领航企业
 * (configurable only), each mechanical rule at its boundary.
 */
#include "tier/rules.h"

#include <CUnit/Basic.h>
#include <stdlib.h>
#include <string.h>

#include "test_rules_fixture.h"

#define EXPECT(a, id, v) CU_ASSERT_EQUAL(fx_verdict((a), (id)), (v))

/* ---- 单项冠军 ------------------------------------------------------------------------- */

static struct application *champion(void)
{
    struct application *a = fx_app(TIER_SINGLE_CHAMPION, RULESET_2022);

    for (int i = 0; i < 3; i++) {
        a->years[i].revenue_fen = 5 * YI;
        a->years[i].main_revenue_fen = 4 * YI;
    }
    return a;
}

static void test_champion_industry_codes_13_to_43_are_manufacturing(void)
{
    struct application *a = champion();

    memcpy(a->enterprise.industry, "1310", 5);
    EXPECT(a, "SC-MANUFACTURING", VERDICT_PASS);
    memcpy(a->enterprise.industry, "4390", 5);
    EXPECT(a, "SC-MANUFACTURING", VERDICT_PASS);
    memcpy(a->enterprise.industry, "1290", 5);
    EXPECT(a, "SC-MANUFACTURING", VERDICT_FAIL);
    memcpy(a->enterprise.industry, "4411", 5);
    EXPECT(a, "SC-MANUFACTURING", VERDICT_FAIL);
    free(a);
}

static void test_champion_10_years_in_field_or_5_for_a_new_product(void)
{
    struct application *a = champion();

    a->niche.since = d8(2014, 12, 31);
    EXPECT(a, "SC-YEARS", VERDICT_PASS);
    a->niche.since = d8(2015, 1, 1);
    EXPECT(a, "SC-YEARS", VERDICT_FAIL);
    a->niche.new_product = APP_YES;
    a->niche.since = d8(2019, 12, 31);
    EXPECT(a, "SC-YEARS", VERDICT_PASS);
    a->niche.since = d8(2020, 1, 1);
    EXPECT(a, "SC-YEARS", VERDICT_FAIL);
    free(a);
}

static void test_champion_average_main_revenue_of_4yi_passes(void)
{
    struct application *a = champion();

    EXPECT(a, "SC-REVENUE", VERDICT_PASS);
    /* one fen short on average, but one year reaches 4亿: another reading, a reviewer */
    a->years[2].main_revenue_fen -= 1;
    EXPECT(a, "SC-REVENUE", VERDICT_NEEDS_REVIEW);
    /* no year at 4亿 and an average below the 2亿 relief: fail */
    for (int i = 0; i < 3; i++)
        a->years[i].main_revenue_fen = 2 * YI - 1;
    EXPECT(a, "SC-REVENUE", VERDICT_FAIL);
    free(a);
}

static void test_champion_global_rank_3_needs_review_rank_4_fails(void)
{
    struct application *a = champion();

    a->niche.global_rank = 3;
    EXPECT(a, "SC-MARKET", VERDICT_JUDGEMENT);
    a->niche.global_rank = 4;
    EXPECT(a, "SC-MARKET", VERDICT_FAIL);
    a->assessment.energy_advanced = APP_NO;
    EXPECT(a, "SC-ENERGY", VERDICT_FAIL);
    free(a);
}

/* ---- 瞪羚 ------------------------------------------------------------------------------ */

#define GAZELLE() fx_app(TIER_GAZELLE, RULESET_2022)

static void test_gazelle_three_full_accounting_years(void)
{
    struct application *a = GAZELLE();

    a->enterprise.founded = d8(2022, 1, 1); /* 2022, 2023, 2024 */
    EXPECT(a, "GAZ-YEARS", VERDICT_PASS);
    a->enterprise.founded = d8(2022, 1, 2);
    EXPECT(a, "GAZ-YEARS", VERDICT_FAIL);
    free(a);
}

static void test_gazelle_liabilities_must_be_below_70pct(void)
{
    struct application *a = GAZELLE();

    a->years[0].total_liabilities_fen = 14000 * WAN - 1;
    EXPECT(a, "GAZ-LIABILITY", VERDICT_PASS);
    a->years[0].total_liabilities_fen += 1; /* exactly 70% */
    EXPECT(a, "GAZ-LIABILITY", VERDICT_FAIL);
    free(a);
}

static void test_gazelle_cagr_of_15pct_in_the_1_to_4yi_band(void)
{
    struct application *a = GAZELLE();

    a->years[2].revenue_fen = 8000 * WAN;
    a->years[0].revenue_fen = 10580 * WAN; /* 8000万 * 1.15^2 */
    for (int i = 0; i < 3; i++)
        a->years[i].net_profit_fen = 500 * WAN; /* flat: no profit route */
    EXPECT(a, "GAZ-GROWTH", VERDICT_PASS);
    a->years[0].revenue_fen -= 1;
    EXPECT(a, "GAZ-GROWTH", VERDICT_FAIL);
    /* the net-profit route is enough on its own */
    a->years[2].net_profit_fen = 400 * WAN;
    a->years[0].net_profit_fen = 529 * WAN; /* 400万 * 1.15^2 */
    EXPECT(a, "GAZ-GROWTH", VERDICT_PASS);
    free(a);
}

static void test_gazelle_revenue_of_exactly_4yi_stays_in_the_15pct_band(void)
{
    struct application *a = GAZELLE();

    for (int i = 0; i < 3; i++)
        a->years[i].net_profit_fen = 500 * WAN;
    a->years[2].revenue_fen = 32000 * WAN;
    a->years[0].revenue_fen = 4 * YI; /* 25% over 2 years: about 11.8% a year */
    EXPECT(a, "GAZ-GROWTH", VERDICT_FAIL);
    a->years[0].revenue_fen += 1; /* above 4亿: 10% band */
    EXPECT(a, "GAZ-GROWTH", VERDICT_PASS);
    free(a);
}

static void test_gazelle_rd_25_per_mille_from_1yi_else_5pct(void)
{
    struct application *a = GAZELLE();

    a->years[0].revenue_fen = 1 * YI;
    a->years[0].rd_fen = 250 * WAN;
    a->years[1].revenue_fen = 1 * YI;
    a->years[1].rd_fen = 250 * WAN;
    EXPECT(a, "GAZ-RD", VERDICT_PASS);
    a->years[1].rd_fen -= 1;
    EXPECT(a, "GAZ-RD", VERDICT_FAIL);
    a->years[1].rd_fen = 500 * WAN;
    a->years[0].revenue_fen = 1 * YI - 1; /* below 1亿: 5% */
    EXPECT(a, "GAZ-RD", VERDICT_FAIL);
    a->years[0].rd_fen = 500 * WAN;
    EXPECT(a, "GAZ-RD", VERDICT_PASS);
    free(a);
}

static void test_gazelle_ip_two_inventions_or_eight_utility_or_one_standard(void)
{
    struct application *a = GAZELLE();

    a->ip_count = 2;
    EXPECT(a, "GAZ-IP", VERDICT_PASS);
    a->ip_count = 1;
    EXPECT(a, "GAZ-IP", VERDICT_FAIL);
    a->ip_count = 8; /* one invention + seven utility models */
    for (int i = 1; i < 8; i++)
        fx_ip(&a->ip[i], APP_IP_UTILITY_MODEL);
    EXPECT(a, "GAZ-IP", VERDICT_FAIL);
    fx_ip(&a->ip[0], APP_IP_SOFTWARE);
    EXPECT(a, "GAZ-IP", VERDICT_PASS);
    a->ip_count = 0;
    a->standard_count = 1;
    a->standards[0].level = APP_STD_SECTOR;
    a->standards[0].role = APP_STD_LEAD;
    EXPECT(a, "GAZ-IP", VERDICT_PASS);
    a->standards[0].role = APP_STD_PARTICIPANT;
    EXPECT(a, "GAZ-IP", VERDICT_FAIL);
    free(a);
}

static void test_gazelle_credit_75_needs_review_below_fails_listed_fails(void)
{
    struct application *a = GAZELLE();

    a->assessment.credit_score_cp = 7500;
    EXPECT(a, "GAZ-CREDIT", VERDICT_JUDGEMENT);
    a->assessment.credit_score_cp = 7499;
    EXPECT(a, "GAZ-CREDIT", VERDICT_FAIL);
    a->enterprise.listed = APP_YES;
    EXPECT(a, "GAZ-LISTED", VERDICT_FAIL);
    a->enterprise.listed = APP_NO;
    a->decl.not_controlled_by_listed = APP_NO;
    EXPECT(a, "GAZ-LISTED", VERDICT_FAIL);
    memcpy(a->enterprise.division, "350100", 7);
    EXPECT(a, "GAZ-SHANDONG", VERDICT_FAIL);
    free(a);
}

/* ---- 独角兽 ---------------------------------------------------------------------------- */

static struct application *unicorn(void)
{
    struct application *a = fx_app(TIER_UNICORN, RULESET_2022);

    a->enterprise.founded = d8(2018, 1, 1);
    a->round_count = 1;
    a->rounds[0].date = d8(2024, 1, 15);
    a->rounds[0].amount_fen = 3000 * WAN;
    a->rounds[0].from_controller = APP_NO;
    return a;
}

static void test_unicorn_founded_exactly_10_years_before_passes(void)
{
    struct application *a = unicorn();

    a->enterprise.founded = d8(2015, 6, 30);
    EXPECT(a, "UNI-AGE", VERDICT_PASS);
    a->enterprise.founded = d8(2015, 6, 29);
    EXPECT(a, "UNI-AGE", VERDICT_FAIL);
    /* counted from the move into a "four new" field */
    a->assessment.new_sector_since = d8(2016, 1, 1);
    EXPECT(a, "UNI-AGE", VERDICT_PASS);
    free(a);
}

static void test_unicorn_valuation_above_10yi_usd(void)
{
    struct application *a = unicorn();

    a->assessment.valuation_usd_cents = INT64_C(1000000000) * 100 + 1;
    EXPECT(a, "UNI-VALUATION", VERDICT_PASS);
    a->assessment.valuation_usd_cents -= 1; /* exactly 10亿: > or >= is UNCONFIRMED */
    EXPECT(a, "UNI-VALUATION", VERDICT_NEEDS_REVIEW);
    a->assessment.valuation_usd_cents -= 1;
    EXPECT(a, "UNI-VALUATION", VERDICT_FAIL);
    free(a);
}

static void test_unicorn_equity_from_controller_does_not_count(void)
{
    struct application *a = unicorn();

    EXPECT(a, "UNI-EQUITY", VERDICT_PASS);
    a->rounds[0].from_controller = APP_YES;
    EXPECT(a, "UNI-EQUITY", VERDICT_FAIL);
    free(a);
}

static void test_unicorn_must_operate_in_shandong_and_credit_73(void)
{
    struct application *a = unicorn();

    EXPECT(a, "UNI-SHANDONG", VERDICT_PASS);
    a->decl.operates_in_shandong = APP_NO;
    EXPECT(a, "UNI-SHANDONG", VERDICT_FAIL);
    a->assessment.credit_score_cp = 7300;
    EXPECT(a, "UNI-CREDIT", VERDICT_JUDGEMENT);
    a->assessment.credit_score_cp = 7299;
    EXPECT(a, "UNI-CREDIT", VERDICT_FAIL);
    free(a);
}

/* ---- 领航 ------------------------------------------------------------------------------ */

static void test_leading_without_configuration_is_only_needs_review(void)
{
    struct application *a = fx_app(TIER_LEADING, RULESET_2026);
    struct findings *f = fx_eval(a, NULL);

    CU_ASSERT_EQUAL(findings_find(f, "LEAD-CRITERIA")->verdict, VERDICT_NEEDS_REVIEW);
    for (size_t i = 0; i < f->count; i++) {
        if (strncmp(f->items[i].rule_id, "LEAD-", 5) == 0)
            CU_ASSERT_EQUAL(f->items[i].verdict, VERDICT_NEEDS_REVIEW);
    }
    CU_ASSERT_EQUAL(findings_overall(f), VERDICT_NEEDS_REVIEW);
    /* even a very weak applicant is not failed by invented rules */
    a->years[0].revenue_fen = 1;
    a->ip_count = 0;
    free(f);
    f = fx_eval(a, NULL);
    CU_ASSERT_EQUAL(findings_overall(f), VERDICT_NEEDS_REVIEW);
    free(f);
    free(a);
}

static void test_leading_configured_thresholds_apply_at_their_boundary(void)
{
    struct application *a = fx_app(TIER_LEADING, RULESET_2026);
    struct leading_policy lp = { .min_revenue_fen = 12000 * WAN, .min_rd_bp = 1000,
                                 .min_years_in_field = 12, .min_type1_ip = 5,
                                 .max_liability_bp = 4000 };
    struct rules_options o = { .leading = &lp };

    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LEAD-REVENUE"), VERDICT_PASS);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LEAD-RD"), VERDICT_PASS);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LEAD-YEARS"), VERDICT_PASS);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LEAD-IP"), VERDICT_PASS);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LEAD-LIABILITY"), VERDICT_PASS);
    /* all five configured: the rest of the notice is a judgement item, and an
     * application meeting all five is eligible */
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LEAD-CRITERIA"), VERDICT_JUDGEMENT);
    {
        struct findings *f = fx_eval(a, &o);

        CU_ASSERT_EQUAL(findings_eligibility(f), ELIG_ELIGIBLE);
        free(f);
    }
    /* one threshold not configured: needs review */
    lp.min_type1_ip = 0;
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LEAD-CRITERIA"), VERDICT_NEEDS_REVIEW);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LEAD-IP"), VERDICT_NEEDS_REVIEW);
    lp.min_type1_ip = 5;
    a->years[0].revenue_fen -= 1;
    a->years[0].total_liabilities_fen += 1;
    a->ip_count = 4;
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LEAD-REVENUE"), VERDICT_FAIL);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LEAD-RD"), VERDICT_PASS);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LEAD-LIABILITY"), VERDICT_FAIL);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LEAD-IP"), VERDICT_FAIL);
    free(a);
}

/* domain.md §11, 300号: 工业 (divisions 06–46) is an SME below 1000 employees or
 * below 4亿 revenue; software (65) below 300 or 1亿; any other sector needs
 * review. Either figure below its limit is enough. */
static void test_sme_size_by_sector_at_its_limits(void)
{
    struct application *a = fx_app(TIER_INNOVATIVE_SME, RULESET_2022);

    memcpy(a->enterprise.industry, "3971", 5);
    a->staff.employees = 999;
    a->years[0].revenue_fen = 4 * YI;
    EXPECT(a, "ISME-SME-SIZE", VERDICT_PASS);
    a->staff.employees = 1000;
    EXPECT(a, "ISME-SME-SIZE", VERDICT_FAIL);
    a->years[0].revenue_fen = 4 * YI - 1;
    EXPECT(a, "ISME-SME-SIZE", VERDICT_PASS);
    /* division 06 is 工业 too; 05 is not (agriculture services) */
    a->years[0].revenue_fen = 4 * YI;
    memcpy(a->enterprise.industry, "0610", 5);
    EXPECT(a, "ISME-SME-SIZE", VERDICT_FAIL);
    memcpy(a->enterprise.industry, "4690", 5);
    EXPECT(a, "ISME-SME-SIZE", VERDICT_FAIL);
    memcpy(a->enterprise.industry, "0510", 5);
    EXPECT(a, "ISME-SME-SIZE", VERDICT_NEEDS_REVIEW);
    memcpy(a->enterprise.industry, "4711", 5);
    EXPECT(a, "ISME-SME-SIZE", VERDICT_NEEDS_REVIEW);
    /* software: 300 employees and 1亿 is large; one less of either is an SME */
    memcpy(a->enterprise.industry, "6510", 5);
    a->staff.employees = 300;
    a->years[0].revenue_fen = 1 * YI;
    EXPECT(a, "ISME-SME-SIZE", VERDICT_FAIL);
    a->staff.employees = 299;
    EXPECT(a, "ISME-SME-SIZE", VERDICT_PASS);
    a->staff.employees = 300;
    a->years[0].revenue_fen = 1 * YI - 1;
    EXPECT(a, "ISME-SME-SIZE", VERDICT_PASS);
    free(a);
}


/* §5b: below 4亿 under both readings fails, unless the firm holds a
 * 专精特新 or 小巨人 title and reaches 2亿 (the UNCONFIRMED relief): needs review. */
static void test_champion_2yi_relief_only_with_a_title(void)
{
    struct application *a = champion();
    unsigned held = 0;
    struct rules_registry reg = { fx_registry_held, &held };
    struct rules_options o = { .registry = &reg };

    a->hold_count = 0;
    for (int i = 0; i < 3; i++)
        a->years[i].main_revenue_fen = 2 * YI;
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "SC-REVENUE"), VERDICT_FAIL);
    EXPECT(a, "SC-REVENUE", VERDICT_FAIL); /* offline, nothing declared */
    held = TIER_BIT(TIER_SPECIALIZED_SME);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "SC-REVENUE"), VERDICT_NEEDS_REVIEW);
    held = TIER_BIT(TIER_LITTLE_GIANT);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "SC-REVENUE"), VERDICT_NEEDS_REVIEW);
    /* one fen below 2亿 in every year: the relief cannot help */
    for (int i = 0; i < 3; i++)
        a->years[i].main_revenue_fen = 2 * YI - 1;
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "SC-REVENUE"), VERDICT_FAIL);
    /* the best single year reaching 4亿 while the average does not: the
     * readings disagree, needs review with or without a title */
    held = 0;
    a->years[0].main_revenue_fen = 4 * YI;
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "SC-REVENUE"), VERDICT_NEEDS_REVIEW);
    a->years[0].main_revenue_fen = 4 * YI - 1;
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "SC-REVENUE"), VERDICT_FAIL);
    free(a);
}

/* §6 row 7, §15: above 70 passes, below fails, exactly 70 needs review (the
 * reading is not configured), no score needs review. */
static void test_high_tech_innovation_score_at_70(void)
{
    struct application *a = fx_app(TIER_HIGH_TECH, RULESET_2022);

    a->assessment.innovation_score = 71;
    EXPECT(a, "HT-SCORE", VERDICT_PASS);
    a->assessment.innovation_score = 70;
    EXPECT(a, "HT-SCORE", VERDICT_NEEDS_REVIEW);
    a->assessment.innovation_score = 69;
    EXPECT(a, "HT-SCORE", VERDICT_FAIL);
    a->assessment.innovation_score = APP_INT_NONE;
    EXPECT(a, "HT-SCORE", VERDICT_NEEDS_REVIEW);
    free(a);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("rules_other", NULL, NULL);
    CU_add_test(s, "single champion: industry codes 13–43 are manufacturing, 12 and 44 are not",
                test_champion_industry_codes_13_to_43_are_manufacturing);
    CU_add_test(s, "single champion: 10 years in the field, or 5 for a new product",
                test_champion_10_years_in_field_or_5_for_a_new_product);
    CU_add_test(s, "single champion: 3-year average main revenue of 4亿 passes",
                test_champion_average_main_revenue_of_4yi_passes);
    CU_add_test(s, "single champion: global rank 3 is a judgement item, rank 4 fails",
                test_champion_global_rank_3_needs_review_rank_4_fails);
    CU_add_test(s, "gazelle: three full accounting years from 1 January",
                test_gazelle_three_full_accounting_years);
    CU_add_test(s, "gazelle: liabilities must be below 70% (exactly 70% fails)",
                test_gazelle_liabilities_must_be_below_70pct);
    CU_add_test(s, "gazelle: CAGR of exactly 15% in the 1亿–4亿 band passes",
                test_gazelle_cagr_of_15pct_in_the_1_to_4yi_band);
    CU_add_test(s, "gazelle: revenue of exactly 4亿 stays in the 15% band",
                test_gazelle_revenue_of_exactly_4yi_stays_in_the_15pct_band);
    CU_add_test(s, "gazelle: R&D 2.5% from revenue of 1亿, else 5%, each of 2 years",
                test_gazelle_rd_25_per_mille_from_1yi_else_5pct);
    CU_add_test(s, "gazelle: two inventions, or eight utility/software, or one standard led",
                test_gazelle_ip_two_inventions_or_eight_utility_or_one_standard);
    CU_add_test(s, "gazelle: credit 75 is a judgement item, below fails; listed fails",
                test_gazelle_credit_75_needs_review_below_fails_listed_fails);
    CU_add_test(s, "unicorn: founded exactly 10 years before passes, one day more fails",
                test_unicorn_founded_exactly_10_years_before_passes);
    CU_add_test(s, "unicorn: valuation above 10亿 USD passes, exactly needs review",
                test_unicorn_valuation_above_10yi_usd);
    CU_add_test(s, "unicorn: equity from the controller does not count",
                test_unicorn_equity_from_controller_does_not_count);
    CU_add_test(s, "unicorn: must operate in Shandong; credit 73",
                test_unicorn_must_operate_in_shandong_and_credit_73);
    CU_add_test(s, "leading: without configuration only needs-review findings",
                test_leading_without_configuration_is_only_needs_review);
    CU_add_test(s, "SME size by sector at its limits (300号)", test_sme_size_by_sector_at_its_limits);
    CU_add_test(s, "single champion: the 2亿 relief only with a 专精特新 or 小巨人 title",
                test_champion_2yi_relief_only_with_a_title);
    CU_add_test(s, "high-tech innovation score: 71 passes, 70 needs review, 69 fails",
                test_high_tech_innovation_score_at_70);
    CU_add_test(s, "leading: configured thresholds apply at their boundary",
                test_leading_configured_thresholds_apply_at_their_boundary);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
