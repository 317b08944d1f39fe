/*
 * test_rules_ssme.c — 专精特新中小企业 and 专精特新"小巨人" under the 2022 and the
 * 2026 rule sets, each mechanical rule at its boundary: exactly at the
 * threshold passes, one fen / one day / one person beyond fails.
 */
#include "tier/rules.h"

#include <CUnit/Basic.h>
#include <stdlib.h>
#include <string.h>

#include "test_rules_fixture.h"

#define SSME22(a) fx_app(TIER_SPECIALIZED_SME, RULESET_2022)
#define EXPECT(a, id, v) CU_ASSERT_EQUAL(fx_verdict((a), (id)), (v))

static void add_round(struct application *a, struct tier_date d, int64_t amount)
{
    struct app_round *r = &a->rounds[a->round_count++];

    memset(r, 0, sizeof *r);
    r->date = d;
    r->amount_fen = amount;
    r->qualified = APP_YES;
    r->from_controller = APP_NO;
}

static void add_award(struct application *a, enum app_award_level lvl, int year, int rank)
{
    struct app_award *w = &a->awards[a->award_count++];

    memset(w, 0, sizeof *w);
    w->kind = APP_AWARD_SCIENCE;
    w->level = lvl;
    w->year = year;
    w->rank = rank;
}

/* ---- 专精特新 2022 -------------------------------------------------------------------- */

static void test_ssme22_niche_of_exactly_2_years_to_year_end_passes(void)
{
    struct application *a = SSME22(a);

    a->niche.since = d8(2022, 12, 31);
    EXPECT(a, "SSME22-NICHE-YEARS", VERDICT_PASS);
    a->niche.since = d8(2023, 1, 1);
    EXPECT(a, "SSME22-NICHE-YEARS", VERDICT_FAIL);
    free(a);
}

static void test_ssme22_rd_of_100wan_and_3pct_pass_one_fen_less_fails(void)
{
    struct application *a = SSME22(a);

    a->years[0].revenue_fen = 12000 * WAN;
    a->years[0].rd_fen = 360 * WAN; /* exactly 3% */
    EXPECT(a, "SSME22-RD-RATIO", VERDICT_PASS);
    a->years[0].rd_fen -= 1;
    EXPECT(a, "SSME22-RD-RATIO", VERDICT_FAIL);
    a->years[0].rd_fen = 100 * WAN;
    EXPECT(a, "SSME22-RD-AMOUNT", VERDICT_PASS);
    a->years[0].rd_fen -= 1;
    EXPECT(a, "SSME22-RD-AMOUNT", VERDICT_FAIL);
    free(a);
}

static void test_ssme22_revenue_of_1000wan_passes_or_equity_of_2000wan(void)
{
    struct application *a = SSME22(a);

    a->years[0].revenue_fen = 1000 * WAN;
    EXPECT(a, "SSME22-SCALE", VERDICT_PASS);
    a->years[0].revenue_fen -= 1;
    EXPECT(a, "SSME22-SCALE", VERDICT_FAIL);
    add_round(a, d8(2023, 6, 30), 2000 * WAN); /* first day of the 2-year window */
    EXPECT(a, "SSME22-SCALE", VERDICT_PASS);
    a->rounds[0].amount_fen -= 1;
    EXPECT(a, "SSME22-SCALE", VERDICT_FAIL);
    free(a);
}

/* 81 computable points in the fixture, brought down to exactly 60 */
static struct application *ssme22_score_60(void)
{
    struct application *a = SSME22(a);

    a->assessment.key_chain_link = APP_NO;
    a->assessment.liuji = APP_NO;   /* field 5 -> 0 */
    a->assessment.digital_level = 1; /* 5 -> 0 */
    a->assessment.management_cert = APP_NO;
    a->assessment.own_brand = APP_NO; /* quality 5 -> 0 */
    a->rd_inst[0].level = APP_RD_BELOW_CITY; /* 8 -> 2 */
    a->years[1].rd_fen = 100 * WAN; /* no direct route by 2-year average R&D */
    return a;
}

static void test_ssme22_computable_score_of_60_passes_without_provincial_block(void)
{
    struct application *a = ssme22_score_60();
    struct findings *f = fx_eval(a, NULL);

    CU_ASSERT_EQUAL(findings_find(f, "SSME22-SCORE")->verdict, VERDICT_PASS);
    CU_ASSERT_STRING_EQUAL(findings_find(f, "SSME22-SCORE")->measured, "60 (+0–15)");
    CU_ASSERT_EQUAL(findings_find(f, "SSME22-QUALIFY")->verdict, VERDICT_PASS);
    free(f);
    free(a);
}

static void test_ssme22_score_58_needs_review_of_the_provincial_block(void)
{
    struct application *a = ssme22_score_60();

    a->staff.rd_staff = 39; /* 19.5% R&D staff: 5 -> 3 */
    EXPECT(a, "SSME22-SCORE", VERDICT_NEEDS_REVIEW);
    EXPECT(a, "SSME22-QUALIFY", VERDICT_NEEDS_REVIEW);
    free(a);
}

static void test_ssme22_score_44_fails_even_with_full_provincial_block(void)
{
    struct application *a = ssme22_score_60();

    a->ip_count = 0;                /* IP 8 -> 0 */
    a->years[0].rd_fen = 100 * WAN; /* R&D 10 -> 2 */
    EXPECT(a, "SSME22-SCORE", VERDICT_FAIL);
    EXPECT(a, "SSME22-QUALIFY", VERDICT_FAIL);
    /* a direct route still qualifies: 创客中国 top 500 within 3 years */
    a->assessment.chuangke_rank = 500;
    a->assessment.chuangke_year = 2022;
    EXPECT(a, "SSME22-DIRECT-MAKER", VERDICT_PASS);
    EXPECT(a, "SSME22-QUALIFY", VERDICT_PASS);
    a->assessment.chuangke_rank = 501;
    EXPECT(a, "SSME22-QUALIFY", VERDICT_FAIL);
    a->assessment.chuangke_rank = 500;
    a->assessment.chuangke_year = 2021;
    EXPECT(a, "SSME22-QUALIFY", VERDICT_FAIL);
    free(a);
}

static void test_ssme22_two_year_average_rd_of_1000wan_is_a_direct_route(void)
{
    struct application *a = SSME22(a);

    a->years[0].rd_fen = 1000 * WAN;
    a->years[1].rd_fen = 1000 * WAN;
    EXPECT(a, "SSME22-DIRECT-RD", VERDICT_PASS);
    a->years[1].rd_fen -= 1;
    EXPECT(a, "SSME22-DIRECT-RD", VERDICT_FAIL);
    free(a);
}

static void test_ssme22_award_provincial_top3_or_national_top5(void)
{
    struct application *a = SSME22(a);

    add_award(a, APP_AWARD_PROVINCIAL, 2023, 3);
    EXPECT(a, "SSME22-DIRECT-AWARD", VERDICT_PASS);
    a->awards[0].rank = 4;
    EXPECT(a, "SSME22-DIRECT-AWARD", VERDICT_FAIL);
    a->awards[0].level = APP_AWARD_NATIONAL;
    a->awards[0].rank = 5;
    EXPECT(a, "SSME22-DIRECT-AWARD", VERDICT_PASS);
    a->awards[0].rank = 6;
    EXPECT(a, "SSME22-DIRECT-AWARD", VERDICT_FAIL);
    free(a);
}

static void test_ssme22_equity_of_6000wan_within_2_years_is_a_direct_route(void)
{
    struct application *a = SSME22(a);

    add_round(a, d8(2024, 1, 10), 3000 * WAN);
    add_round(a, d8(2025, 6, 30), 3000 * WAN); /* on the application date */
    EXPECT(a, "SSME22-DIRECT-EQUITY", VERDICT_PASS);
    a->rounds[1].date = d8(2025, 7, 1); /* after the application date */
    EXPECT(a, "SSME22-DIRECT-EQUITY", VERDICT_FAIL);
    a->rounds[1].date = d8(2025, 6, 30);
    a->rounds[1].from_controller = APP_YES;
    EXPECT(a, "SSME22-DIRECT-EQUITY", VERDICT_FAIL);
    free(a);
}

/* ---- 专精特新 2026 -------------------------------------------------------------------- */

#define SSME26() fx_app(TIER_SPECIALIZED_SME, RULESET_2026)


/* The registry: a 创新型 title valid until 2026-05-20 (its expiry day). */
static int registry_isme_until(void *ctx, const char *uscc, enum tier_id t,
                               const struct tier_date *on)
{
    const struct tier_date *until = ctx;

    (void)uscc;
    if (t != TIER_INNOVATIVE_SME)
        return 0;
    return date_cmp(on, until) <= 0;
}

/* domain.md §1: a valid 创新型 certificate stands in for 科技和创新型 until it
 * expires, judged on the application date (the submission date offline). */
static void test_ssme26_innovative_title_counts_until_it_expires(void)
{
    struct application *a = SSME26();
    struct tier_date until = d8(2026, 5, 20);
    struct rules_registry reg = { registry_isme_until, &until };
    struct rules_options o = { .registry = &reg };

    a->submitted = d8(2026, 5, 20); /* the last day of validity */
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "SSME26-PREREQ"), VERDICT_PASS);
    a->submitted = d8(2026, 5, 21); /* one day after */
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "SSME26-PREREQ"), VERDICT_FAIL);
    free(a);
}

/* 2022: UNCONFIRMED as a condition, so "not held" is needs-review, never fail. */
static void test_ssme22_prereq_passes_with_a_title_else_needs_review(void)
{
    struct application *a = SSME22();
    unsigned held = TIER_BIT(TIER_INNOVATIVE_SME);
    struct rules_registry reg = { fx_registry_held, &held };
    struct rules_options o = { .registry = &reg };

    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "SSME22-PREREQ"), VERDICT_PASS);
    held = TIER_BIT(TIER_TECH_INNOVATIVE_SME);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "SSME22-PREREQ"), VERDICT_PASS);
    held = 0;
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "SSME22-PREREQ"), VERDICT_NEEDS_REVIEW);
    EXPECT(a, "SSME22-PREREQ", VERDICT_NEEDS_REVIEW); /* offline */
    free(a);
}

/* Offline: --holds names titles held; --holds-complete makes the list every
 * title, so a title not in it is not held (mechanical). A declaration in the
 * document alone stays needs-review. */
static void test_holds_complete_makes_not_held_mechanical(void)
{
    struct application *a = fx_app(TIER_LITTLE_GIANT, RULESET_2026);
    struct rules_options o = { .holds = 0, .holds_complete = 1 };

    a->hold_count = 0;
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LG26-PREREQ"), VERDICT_FAIL);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LG26-NO-CHAMPION"), VERDICT_PASS);
    o.holds = TIER_BIT(TIER_SPECIALIZED_SME);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LG26-PREREQ"), VERDICT_PASS);
    o.holds = TIER_BIT(TIER_SPECIALIZED_SME) | TIER_BIT(TIER_SINGLE_CHAMPION);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LG26-NO-CHAMPION"), VERDICT_FAIL);
    o.holds_complete = 0;
    o.holds = 0;
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LG26-PREREQ"), VERDICT_NEEDS_REVIEW);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LG26-NO-CHAMPION"), VERDICT_NEEDS_REVIEW);
    free(a);
}

static void test_ssme26_needs_valid_tech_innovative_title(void)
{
    struct application *a = SSME26();
    unsigned held = 0;
    struct rules_registry reg = { fx_registry_held, &held };
    struct rules_options o = { .registry = &reg };

    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "SSME26-PREREQ"), VERDICT_FAIL);
    held = TIER_BIT(TIER_TECH_INNOVATIVE_SME);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "SSME26-PREREQ"), VERDICT_PASS);
    /* a valid 创新型 certificate counts until it expires (domain.md §1) */
    held = TIER_BIT(TIER_INNOVATIVE_SME);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "SSME26-PREREQ"), VERDICT_PASS);
    held = TIER_BIT(TIER_TECH_SME); /* a 科技型 number: UNCONFIRMED, a reviewer decides */
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "SSME26-PREREQ"), VERDICT_NEEDS_REVIEW);
    EXPECT(a, "SSME26-PREREQ", VERDICT_NEEDS_REVIEW); /* offline */
    free(a);
}

static void test_ssme26_niche_of_exactly_3_years_passes(void)
{
    struct application *a = SSME26();

    a->niche.since = d8(2021, 12, 31);
    EXPECT(a, "SSME26-NICHE-YEARS", VERDICT_PASS);
    a->niche.since = d8(2022, 1, 1);
    EXPECT(a, "SSME26-NICHE-YEARS", VERDICT_FAIL);
    free(a);
}

static void test_ssme26_revenue_of_1500wan_passes_one_fen_less_fails(void)
{
    struct application *a = SSME26();

    a->years[0].revenue_fen = 1500 * WAN;
    EXPECT(a, "SSME26-SCALE", VERDICT_PASS);
    a->years[0].revenue_fen -= 1;
    EXPECT(a, "SSME26-SCALE", VERDICT_FAIL);
    add_round(a, d8(2024, 3, 1), 2000 * WAN);
    EXPECT(a, "SSME26-SCALE", VERDICT_PASS);
    free(a);
}

static void test_ssme26_main_share_of_80pct_passes_one_fen_less_fails(void)
{
    struct application *a = SSME26();

    a->years[0].main_revenue_fen = 9600 * WAN; /* of 12000万 */
    EXPECT(a, "SSME26-MAIN-SHARE", VERDICT_PASS);
    a->years[0].main_revenue_fen -= 1;
    EXPECT(a, "SSME26-MAIN-SHARE", VERDICT_FAIL);
    free(a);
}

static void test_ssme26_liabilities_of_80pct_pass_one_fen_more_fails(void)
{
    struct application *a = SSME26();

    a->years[0].total_liabilities_fen = 16000 * WAN; /* of 2亿 */
    EXPECT(a, "SSME26-LIABILITY", VERDICT_PASS);
    a->years[0].total_liabilities_fen += 1;
    EXPECT(a, "SSME26-LIABILITY", VERDICT_FAIL);
    free(a);
}

static void test_ssme26_rd_in_each_of_two_years(void)
{
    struct application *a = SSME26();

    a->years[1].rd_fen = 100 * WAN;
    EXPECT(a, "SSME26-RD-AMOUNT", VERDICT_PASS);
    a->years[1].rd_fen -= 1;
    EXPECT(a, "SSME26-RD-AMOUNT", VERDICT_FAIL);
    a->years[1].rd_fen = 300 * WAN; /* 3% of 1亿 */
    EXPECT(a, "SSME26-RD-RATIO", VERDICT_PASS);
    a->years[1].rd_fen -= 1;
    EXPECT(a, "SSME26-RD-RATIO", VERDICT_FAIL);
    /* the year before (2022) does not count */
    a->years[1].rd_fen = 300 * WAN;
    a->years[2].rd_fen = 0;
    EXPECT(a, "SSME26-RD-RATIO", VERDICT_PASS);
    free(a);
}

static void test_ssme26_one_class1_ip_or_a_waiver(void)
{
    struct application *a = SSME26();

    a->ip_count = 6; /* one invention, five utility models... */
    for (int i = 1; i < 6; i++)
        fx_ip(&a->ip[i], APP_IP_UTILITY_MODEL);
    EXPECT(a, "SSME26-IP-COUNT", VERDICT_PASS);
    a->ip[0].granted = d8(2025, 7, 1); /* granted after the application date */
    a->rd_inst_count = 0;
    EXPECT(a, "SSME26-IP-COUNT", VERDICT_FAIL);
    add_award(a, APP_AWARD_PROVINCIAL, 2022, 3);
    EXPECT(a, "SSME26-IP-COUNT", VERDICT_PASS);
    a->awards[0].rank = 4;
    EXPECT(a, "SSME26-IP-COUNT", VERDICT_FAIL);
    a->rd_inst_count = 1; /* provincial institution waives it too */
    EXPECT(a, "SSME26-IP-COUNT", VERDICT_PASS);
    free(a);
}

static void test_ssme26_platform_score_below_50_fails_at_50_needs_review(void)
{
    struct application *a = SSME26();

    /* at 50 the submitted score passes the number; the platform record is a
     * judgement item (§14.10) */
    a->assessment.platform_score_cp = 5000;
    EXPECT(a, "SSME26-PLATFORM-SCORE", VERDICT_JUDGEMENT);
    a->assessment.platform_score_cp = 4999;
    EXPECT(a, "SSME26-PLATFORM-SCORE", VERDICT_FAIL);
    /* a renewal may use last year's score */
    a->renewal = APP_YES;
    a->assessment.platform_score_prev_cp = 5000;
    EXPECT(a, "SSME26-PLATFORM-SCORE", VERDICT_JUDGEMENT);
    free(a);
}

/* ---- 小巨人 2022 ---------------------------------------------------------------------- */

#define LG22() fx_app(TIER_LITTLE_GIANT, RULESET_2022)

static void test_lg22_prerequisite_is_unconfirmed_so_a_no_needs_review(void)
{
    struct application *a = LG22();
    unsigned held = 0;
    struct rules_registry reg = { fx_registry_held, &held };
    struct rules_options o = { .registry = &reg };

    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LG22-PREREQ"), VERDICT_NEEDS_REVIEW);
    held = TIER_BIT(TIER_SPECIALIZED_SME);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LG22-PREREQ"), VERDICT_PASS);
    free(a);
}

static void test_lg22_niche_3_years_pass_2_need_review_1_fails(void)
{
    struct application *a = LG22();

    a->niche.since = d8(2021, 12, 31);
    EXPECT(a, "LG22-NICHE-YEARS", VERDICT_PASS);
    a->niche.since = d8(2022, 1, 1);
    EXPECT(a, "LG22-NICHE-YEARS", VERDICT_NEEDS_REVIEW);
    a->niche.since = d8(2023, 1, 1);
    EXPECT(a, "LG22-NICHE-YEARS", VERDICT_FAIL);
    free(a);
}

static void test_lg22_main_share_70pct_and_liabilities_70pct_boundaries(void)
{
    struct application *a = LG22();

    a->years[0].main_revenue_fen = 8400 * WAN; /* 70% of 12000万 */
    EXPECT(a, "LG22-MAIN-SHARE", VERDICT_PASS);
    a->years[0].main_revenue_fen -= 1;
    EXPECT(a, "LG22-MAIN-SHARE", VERDICT_FAIL);
    a->years[0].total_liabilities_fen = 14000 * WAN; /* 70% of 2亿 */
    EXPECT(a, "LG22-LIABILITY", VERDICT_PASS);
    a->years[0].total_liabilities_fen += 1;
    EXPECT(a, "LG22-LIABILITY", VERDICT_FAIL);
    free(a);
}

static void test_lg22_average_growth_of_exactly_5pct_passes(void)
{
    struct application *a = LG22();

    /* 0% then 10%: arithmetic mean exactly 5% */
    a->years[2].main_revenue_fen = 10000 * WAN;
    a->years[1].main_revenue_fen = 10000 * WAN;
    a->years[0].main_revenue_fen = 11000 * WAN;
    EXPECT(a, "LG22-GROWTH", VERDICT_PASS);
    a->years[0].main_revenue_fen -= 1;
    EXPECT(a, "LG22-GROWTH", VERDICT_FAIL);
    free(a);
}

static void test_lg22_it_certification_market_and_brand(void)
{
    struct application *a = LG22();

    a->assessment.it_core_processes = 1;
    EXPECT(a, "LG22-IT", VERDICT_PASS);
    a->assessment.it_core_processes = 0;
    EXPECT(a, "LG22-IT", VERDICT_FAIL);
    a->assessment.management_cert = APP_NO;
    EXPECT(a, "LG22-CERT", VERDICT_FAIL);
    a->assessment.foreign_product_cert = APP_YES;
    EXPECT(a, "LG22-CERT", VERDICT_PASS);
    a->niche.domestic_share_bp = 1000;
    EXPECT(a, "LG22-MARKET", VERDICT_JUDGEMENT);
    a->niche.domestic_share_bp = 999;
    EXPECT(a, "LG22-MARKET", VERDICT_FAIL);
    a->assessment.own_brand = APP_NO;
    EXPECT(a, "LG22-BRAND", VERDICT_FAIL);
    free(a);
}

static void test_lg22_revenue_of_1yi_needs_3pct_in_each_of_2_years(void)
{
    struct application *a = LG22();

    a->years[0].revenue_fen = 1 * YI;
    a->years[0].rd_fen = 300 * WAN;
    a->years[1].revenue_fen = 1 * YI;
    a->years[1].rd_fen = 300 * WAN;
    EXPECT(a, "LG22-RD-INTENSITY", VERDICT_PASS);
    a->years[1].rd_fen -= 1;
    EXPECT(a, "LG22-RD-INTENSITY", VERDICT_FAIL);
    EXPECT(a, "LG22-INNOVATION", VERDICT_FAIL);
    free(a);
}

static void test_lg22_revenue_one_fen_below_1yi_needs_6pct(void)
{
    struct application *a = LG22();

    a->years[0].revenue_fen = 1 * YI - 1;
    a->years[0].rd_fen = 600 * WAN;
    a->years[1].rd_fen = 600 * WAN; /* 6% of 1亿 */
    EXPECT(a, "LG22-RD-INTENSITY", VERDICT_PASS);
    a->years[1].rd_fen -= 1;
    EXPECT(a, "LG22-RD-INTENSITY", VERDICT_FAIL);
    free(a);
}

static void test_lg22_revenue_below_5000wan_needs_equity_rd_total_and_staff(void)
{
    struct application *a = LG22();

    a->years[0].revenue_fen = 4000 * WAN;
    a->years[0].main_revenue_fen = 3800 * WAN;
    a->years[0].rd_fen = 1500 * WAN;
    a->years[1].rd_fen = 1500 * WAN;
    a->staff.rd_staff = 100; /* 50% of 200 */
    add_round(a, d8(2024, 2, 1), 8000 * WAN);
    EXPECT(a, "LG22-RD-INTENSITY", VERDICT_PASS);
    a->staff.rd_staff = 99;
    EXPECT(a, "LG22-RD-INTENSITY", VERDICT_FAIL);
    a->staff.rd_staff = 100;
    a->years[1].rd_fen -= 1;
    EXPECT(a, "LG22-RD-INTENSITY", VERDICT_FAIL);
    a->years[1].rd_fen += 1;
    a->rounds[0].amount_fen -= 1;
    EXPECT(a, "LG22-RD-INTENSITY", VERDICT_FAIL);
    free(a);
}

static void test_lg22_two_class1_ip_pass_one_fails(void)
{
    struct application *a = LG22();

    a->ip_count = 2;
    EXPECT(a, "LG22-IP-COUNT", VERDICT_PASS);
    a->ip[1].in_use = APP_NO;
    EXPECT(a, "LG22-IP-COUNT", VERDICT_FAIL);
    EXPECT(a, "LG22-INNOVATION", VERDICT_FAIL);
    /* the UNCONFIRMED direct route leaves it to a reviewer */
    add_award(a, APP_AWARD_NATIONAL, 2024, 3);
    EXPECT(a, "LG22-INNOVATION", VERDICT_NEEDS_REVIEW);
    free(a);
}

static void test_lg22_any_own_rd_institution_counts_none_fails(void)
{
    struct application *a = LG22();

    a->rd_inst[0].level = APP_RD_BELOW_CITY;
    EXPECT(a, "LG22-RD-INSTITUTION", VERDICT_PASS);
    a->rd_inst[0].recognised = d8(2025, 7, 1); /* recognised after the application date */
    EXPECT(a, "LG22-RD-INSTITUTION", VERDICT_FAIL);
    a->rd_inst_count = 0;
    EXPECT(a, "LG22-RD-INSTITUTION", VERDICT_FAIL);
    EXPECT(a, "LG22-INNOVATION", VERDICT_FAIL);
    free(a);
}

/* ---- 小巨人 2026 ---------------------------------------------------------------------- */

#define LG26() fx_app(TIER_LITTLE_GIANT, RULESET_2026)

static void test_lg26_revenue_of_5000wan_passes_one_fen_less_fails(void)
{
    struct application *a = LG26();

    a->years[0].revenue_fen = 5000 * WAN;
    EXPECT(a, "LG26-REVENUE", VERDICT_PASS);
    a->years[0].revenue_fen -= 1;
    EXPECT(a, "LG26-REVENUE", VERDICT_FAIL);
    free(a);
}

static void test_lg26_main_share_90pct_and_liabilities_75pct_boundaries(void)
{
    struct application *a = LG26();

    a->years[0].main_revenue_fen = 10800 * WAN; /* 90% of 12000万 */
    EXPECT(a, "LG26-MAIN-SHARE", VERDICT_PASS);
    a->years[0].main_revenue_fen -= 1;
    EXPECT(a, "LG26-MAIN-SHARE", VERDICT_FAIL);
    a->years[0].total_liabilities_fen = 15000 * WAN; /* 75% of 2亿 */
    EXPECT(a, "LG26-LIABILITY", VERDICT_PASS);
    a->years[0].total_liabilities_fen += 1;
    EXPECT(a, "LG26-LIABILITY", VERDICT_FAIL);
    free(a);
}

static void test_lg26_cagr_of_exactly_5pct_passes_one_fen_less_fails(void)
{
    struct application *a = LG26();

    /* rev_last * 100^2 >= rev_first * 105^2: 11025万 over 10000万 */
    a->years[2].revenue_fen = 10000 * WAN;
    a->years[0].revenue_fen = 11025 * WAN;
    EXPECT(a, "LG26-GROWTH", VERDICT_PASS);
    a->years[0].revenue_fen -= 1;
    EXPECT(a, "LG26-GROWTH", VERDICT_FAIL);
    a->renewal = APP_YES; /* not checked for renewals */
    EXPECT(a, "LG26-GROWTH", VERDICT_PASS);
    free(a);
}

static void test_lg26_two_year_rd_total_of_1200wan_and_3pct_each_year(void)
{
    struct application *a = LG26();

    a->years[0].rd_fen = 600 * WAN;
    a->years[1].rd_fen = 600 * WAN;
    EXPECT(a, "LG26-RD-AMOUNT", VERDICT_PASS);
    a->years[1].rd_fen -= 1;
    EXPECT(a, "LG26-RD-AMOUNT", VERDICT_FAIL);
    a->years[0].rd_fen = 360 * WAN; /* 3% of 12000万 */
    EXPECT(a, "LG26-RD-RATIO", VERDICT_PASS);
    a->years[0].rd_fen -= 1;
    EXPECT(a, "LG26-RD-RATIO", VERDICT_FAIL);
    free(a);
}

static void test_lg26_four_own_class1_ip_with_top3_holder_rank(void)
{
    struct application *a = LG26();

    a->ip_count = 4;
    a->ip[3].holder_rank = 3;
    EXPECT(a, "LG26-IP-COUNT", VERDICT_PASS);
    a->ip[3].holder_rank = 4;
    EXPECT(a, "LG26-IP-COUNT", VERDICT_FAIL);
    a->ip[3].holder_rank = 1;
    a->ip[3].acquisition = APP_ACQ_TRANSFER; /* transferred in: never counts */
    a->ip[3].transferred = d8(2015, 1, 1);
    EXPECT(a, "LG26-IP-COUNT", VERDICT_FAIL);
    add_award(a, APP_AWARD_NATIONAL, 2023, 3); /* waives the requirement */
    EXPECT(a, "LG26-IP-COUNT", VERDICT_PASS);
    a->awards[0].level = APP_AWARD_PROVINCIAL; /* only a national award waives */
    EXPECT(a, "LG26-IP-COUNT", VERDICT_FAIL);
    free(a);
}

static void test_lg26_market_share_10pct_or_domestic_top3(void)
{
    struct application *a = LG26();

    a->niche.domestic_rank = 4;
    a->niche.domestic_share_bp = 1000;
    EXPECT(a, "LG26-MARKET", VERDICT_PASS);
    a->niche.domestic_share_bp = 999;
    EXPECT(a, "LG26-MARKET", VERDICT_FAIL);
    a->niche.global_share_bp = 1000;
    EXPECT(a, "LG26-MARKET", VERDICT_PASS);
    a->niche.global_share_bp = 999;
    a->niche.domestic_rank = 3;
    EXPECT(a, "LG26-MARKET", VERDICT_PASS);
    free(a);
}

static void test_lg26_declared_single_champion_product_blocks_recommendation(void)
{
    struct application *a = LG26();

    a->hold_count = 1;
    a->holds[0].tier = TIER_NONE;
    a->holds[0].honour = APP_HONOUR_SINGLE_CHAMPION_PRODUCT;
    a->holds[0].valid_until = d8(2026, 12, 31);
    EXPECT(a, "LG26-NO-CHAMPION", VERDICT_FAIL);
    a->holds[0].valid_until = d8(2025, 6, 29); /* expired the day before */
    EXPECT(a, "LG26-NO-CHAMPION", VERDICT_NEEDS_REVIEW);
    free(a);
}

static void test_lg26_platform_score_60_and_field_claim(void)
{
    struct application *a = LG26();

    a->assessment.platform_score_cp = 6000;
    EXPECT(a, "LG26-PLATFORM-SCORE", VERDICT_JUDGEMENT);
    a->assessment.platform_score_cp = 5999;
    EXPECT(a, "LG26-PLATFORM-SCORE", VERDICT_FAIL);
    a->assessment.liuji = APP_NO;
    a->assessment.key_chain_link = APP_NO;
    a->assessment.priority_field = APP_NO;
    EXPECT(a, "LG26-FIELD", VERDICT_FAIL);
    EXPECT(a, "LG26-FRAUD-BAN", VERDICT_JUDGEMENT);
    a->decl.no_fraud_ban = APP_NO;
    EXPECT(a, "LG26-FRAUD-BAN", VERDICT_FAIL);
    free(a);
}

static void test_lg26_niche_3_years_has_no_2_year_exception(void)
{
    struct application *a = LG26();

    a->niche.since = d8(2021, 12, 31);
    EXPECT(a, "LG26-NICHE-YEARS", VERDICT_PASS);
    a->niche.since = d8(2022, 1, 1);
    EXPECT(a, "LG26-NICHE-YEARS", VERDICT_FAIL);
    free(a);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("rules_ssme", NULL, NULL);
    CU_add_test(s, "SSME 2022: niche of exactly 2 years to the year end passes, one day less fails",
                test_ssme22_niche_of_exactly_2_years_to_year_end_passes);
    CU_add_test(s, "SSME 2022: R&D of 100万 and 3% pass, one fen less fails",
                test_ssme22_rd_of_100wan_and_3pct_pass_one_fen_less_fails);
    CU_add_test(s, "SSME 2022: revenue of 1000万 passes, or equity of 2000万 within 2 years",
                test_ssme22_revenue_of_1000wan_passes_or_equity_of_2000wan);
    CU_add_test(s, "SSME 2022: computable score of 60 passes without the provincial block",
                test_ssme22_computable_score_of_60_passes_without_provincial_block);
    CU_add_test(s, "SSME 2022: score 58 needs review of the provincial 特色化 block",
                test_ssme22_score_58_needs_review_of_the_provincial_block);
    CU_add_test(s, "SSME 2022: score 44 fails even with the full block; 创客中国 top 500 qualifies",
                test_ssme22_score_44_fails_even_with_full_provincial_block);
    CU_add_test(s, "SSME 2022: 2-year average R&D of 1000万 is a direct route",
                test_ssme22_two_year_average_rd_of_1000wan_is_a_direct_route);
    CU_add_test(s, "SSME 2022: provincial award top 3 or national top 5 is a direct route",
                test_ssme22_award_provincial_top3_or_national_top5);
    CU_add_test(s, "SSME 2022: 6000万 equity within 2 years of the application is a direct route",
                test_ssme22_equity_of_6000wan_within_2_years_is_a_direct_route);
    CU_add_test(s, "SSME 2026: a 创新型 title counts until the day it expires",
                test_ssme26_innovative_title_counts_until_it_expires);
    CU_add_test(s, "SSME 2022: a 创新型 title passes the prerequisite, none needs review",
                test_ssme22_prereq_passes_with_a_title_else_needs_review);
    CU_add_test(s, "offline --holds-complete makes 'not held' mechanical",
                test_holds_complete_makes_not_held_mechanical);
    CU_add_test(s, "SSME 2026: needs a valid 科技和创新型 title (registry)",
                test_ssme26_needs_valid_tech_innovative_title);
    CU_add_test(s, "SSME 2026: niche of exactly 3 years passes, one day less fails",
                test_ssme26_niche_of_exactly_3_years_passes);
    CU_add_test(s, "SSME 2026: revenue of 1500万 passes, one fen less fails",
                test_ssme26_revenue_of_1500wan_passes_one_fen_less_fails);
    CU_add_test(s, "SSME 2026: main-business share of 80% passes, one fen less fails",
                test_ssme26_main_share_of_80pct_passes_one_fen_less_fails);
    CU_add_test(s, "SSME 2026: liabilities of 80% pass, one fen more fails",
                test_ssme26_liabilities_of_80pct_pass_one_fen_more_fails);
    CU_add_test(s, "SSME 2026: R&D of 100万 and 3% in each of the last 2 years",
                test_ssme26_rd_in_each_of_two_years);
    CU_add_test(s, "SSME 2026: one class-I IP valid on the date, or an award/institution waiver",
                test_ssme26_one_class1_ip_or_a_waiver);
    CU_add_test(s, "SSME 2026: platform score below 50 fails, at 50 is a judgement item",
                test_ssme26_platform_score_below_50_fails_at_50_needs_review);
    CU_add_test(s, "little giant 2022: UNCONFIRMED prerequisite, a 'no' needs review",
                test_lg22_prerequisite_is_unconfirmed_so_a_no_needs_review);
    CU_add_test(s, "little giant 2022: niche 3 years pass, 2 need review, 1 fails",
                test_lg22_niche_3_years_pass_2_need_review_1_fails);
    CU_add_test(s, "little giant 2022: main share 70% and liabilities 70% boundaries",
                test_lg22_main_share_70pct_and_liabilities_70pct_boundaries);
    CU_add_test(s, "little giant 2022: average growth of exactly 5% passes, one fen less fails",
                test_lg22_average_growth_of_exactly_5pct_passes);
    CU_add_test(s, "little giant 2022: IT, certification, market share 10% and brand",
                test_lg22_it_certification_market_and_brand);
    CU_add_test(s, "little giant 2022: revenue of 1亿 needs 3% in each of 2 years",
                test_lg22_revenue_of_1yi_needs_3pct_in_each_of_2_years);
    CU_add_test(s, "little giant 2022: revenue one fen below 1亿 needs 6%",
                test_lg22_revenue_one_fen_below_1yi_needs_6pct);
    CU_add_test(s, "little giant 2022: revenue below 5000万 needs equity, R&D total and 50% staff",
                test_lg22_revenue_below_5000wan_needs_equity_rd_total_and_staff);
    CU_add_test(s, "little giant 2022: two class-I IP pass, one fails; direct route needs review",
                test_lg22_two_class1_ip_pass_one_fails);
    CU_add_test(s, "little giant 2022: any R&D institution of its own counts, none fails",
                test_lg22_any_own_rd_institution_counts_none_fails);
    CU_add_test(s, "little giant 2026: revenue of 5000万 passes, one fen less fails",
                test_lg26_revenue_of_5000wan_passes_one_fen_less_fails);
    CU_add_test(s, "little giant 2026: main share 90% and liabilities 75% boundaries",
                test_lg26_main_share_90pct_and_liabilities_75pct_boundaries);
    CU_add_test(s, "little giant 2026: CAGR of exactly 5% passes, one fen less fails",
                test_lg26_cagr_of_exactly_5pct_passes_one_fen_less_fails);
    CU_add_test(s, "little giant 2026: 2-year R&D of 1200万 and 3% in each year",
                test_lg26_two_year_rd_total_of_1200wan_and_3pct_each_year);
    CU_add_test(s, "little giant 2026: four own class-I IP with top-3 holder rank",
                test_lg26_four_own_class1_ip_with_top3_holder_rank);
    CU_add_test(s, "little giant 2026: market share 10% or domestic top 3",
                test_lg26_market_share_10pct_or_domestic_top3);
    CU_add_test(s, "little giant 2026: declared 单项冠军 product blocks the recommendation",
                test_lg26_declared_single_champion_product_blocks_recommendation);
    CU_add_test(s, "little giant 2026: platform score 60, field claim, fraud ban",
                test_lg26_platform_score_60_and_field_claim);
    CU_add_test(s, "little giant 2026: niche of 3 years has no 2-year exception",
                test_lg26_niche_3_years_has_no_2_year_exception);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
