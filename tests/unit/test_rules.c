/*
 * test_rules.c — the rules module's infrastructure (findings list, verdicts,
 * sentences, rule-set choice, the registry lookup, --holds) and the USCC,
 * 高新技术企业, 科技型, 创新型 and 科技和创新型 rules, each at its boundary:
 * exactly at the threshold passes, one fen / one day / one person beyond fails.
 */
#include "tier/rules.h"

#include <CUnit/Basic.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "tier/uscc.h"
#include "test_rules_fixture.h"

/* ---- infrastructure ---------------------------------------------------------------- */

static void test_evaluate_refuses_null_and_unknown_tier(void)
{
    struct application *a = fx_app(TIER_HIGH_TECH, RULESET_2022);
    struct findings *f = malloc(sizeof *f);

    findings_init(f);
    CU_ASSERT_EQUAL(rules_evaluate(NULL, RULESET_2022, NULL, f), -1);
    CU_ASSERT_EQUAL(rules_evaluate(a, RULESET_2022, NULL, NULL), -1);
    a->tier = TIER_COUNT;
    CU_ASSERT_EQUAL(rules_evaluate(a, RULESET_2022, NULL, f), -1);
    CU_ASSERT_EQUAL(f->count, 0);
    free(f);
    free(a);
}

static void test_verdict_names_are_stable(void)
{
    CU_ASSERT_STRING_EQUAL(verdict_name(VERDICT_PASS), "pass");
    CU_ASSERT_STRING_EQUAL(verdict_name(VERDICT_JUDGEMENT), "judgement");
    CU_ASSERT_STRING_EQUAL(verdict_name(VERDICT_NEEDS_REVIEW), "needs-review");
    CU_ASSERT_STRING_EQUAL(verdict_name(VERDICT_FAIL), "fail");
    CU_ASSERT_STRING_EQUAL(verdict_name((enum verdict)7), "?");
}

static void test_every_finding_has_id_clause_and_sentence(void)
{
    const enum tier_id *tiers = FX_TIERS;
    static const enum rule_set sets[] = { RULESET_2022, RULESET_2026 };

    for (size_t t = 0; t < FX_N_TIERS; t++) {
        for (size_t s = 0; s < 2; s++) {
            struct application *a = fx_app(tiers[t], sets[s]);
            struct findings *f;

            /* the fixture is a strong SME; give the top tiers their scale */
            if (tiers[t] == TIER_SINGLE_CHAMPION) {
                for (int i = 0; i < 3; i++)
                    a->years[i].main_revenue_fen = 5 * YI;
            }
            if (tiers[t] == TIER_UNICORN) {
                a->enterprise.founded = d8(2018, 1, 1);
                a->round_count = 1;
                a->rounds[0].date = d8(2024, 1, 15);
                a->rounds[0].amount_fen = 3000 * WAN;
            }
            f = fx_eval(a, NULL);

            CU_ASSERT_PTR_NOT_NULL_FATAL(f);
            CU_ASSERT(f->count > 3);
            CU_ASSERT_EQUAL(f->dropped, 0);
            for (size_t i = 0; i < f->count; i++) {
                const struct finding *x = &f->items[i];

                CU_ASSERT(x->rule_id != NULL && x->rule_id[0] != '\0');
                CU_ASSERT(x->clause != NULL && x->clause[0] != '\0');
                CU_ASSERT(x->text[0] != '\0');
                CU_ASSERT(x->xpath[0] == '/');
                CU_ASSERT_EQUAL(x->tier, tiers[t]);
                CU_ASSERT_EQUAL(x->rule_set, sets[s]);
                /* one finding per rule */
                for (size_t j = 0; j < i; j++)
                    CU_ASSERT(strcmp(f->items[j].rule_id, x->rule_id) != 0);
            }
            /* the strong fixture fails nothing in any tier */
            CU_ASSERT_NOT_EQUAL(findings_overall(f), VERDICT_FAIL);
            free(f);
            free(a);
        }
    }
}

static void test_finding_sentence_matches_documented_form(void)
{
    struct application *a = fx_app(TIER_HIGH_TECH, RULESET_2022);
    struct findings *f;
    const struct finding *x;
    struct buf b;

    for (int i = 0; i < 3; i++) {
        a->years[i].revenue_fen = 1 * YI;
        a->years[i].rd_fen = 387 * WAN; /* 3.87% */
    }
    f = fx_eval(a, NULL);
    x = findings_find(f, "HT-RD-INTENSITY");
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    buf_init(&b, 4096);
    CU_ASSERT_EQUAL(finding_format(x, &b), 0);
    CU_ASSERT_STRING_EQUAL(b.data,
                           "HT-RD-INTENSITY fail: R&D expense over the last 3 years is 3.87% of "
                           "sales; at least 4.00% is required for sales of 5000万–2亿 "
                           "(高新技术企业认定管理办法(国科发火〔2016〕32号) 第十一条(五))");
    CU_ASSERT_STRING_EQUAL(x->measured, "3.87%");
    CU_ASSERT_STRING_EQUAL(x->threshold, ">= 4.00%");
    CU_ASSERT_STRING_EQUAL(x->xpath, "/application/financials/year[@value=2024]/rdExpense");
    buf_free(&b);
    free(f);
    free(a);
}

static void test_finding_format_over_cap_leaves_buffer_unchanged(void)
{
    struct application *a = fx_app(TIER_HIGH_TECH, RULESET_2022);
    struct findings *f = fx_eval(a, NULL);
    struct buf b;

    buf_init(&b, 20);
    CU_ASSERT_EQUAL(buf_adds(&b, "x: "), 0);
    CU_ASSERT_EQUAL(finding_format(&f->items[0], &b), -1);
    CU_ASSERT_STRING_EQUAL(b.data, "x: ");
    buf_free(&b);
    free(f);
    free(a);
}

static void test_full_list_counts_dropped_and_keeps_worst_verdict(void)
{
    struct application *a = fx_app(TIER_HIGH_TECH, RULESET_2022);
    struct findings *f = malloc(sizeof *f);
    int runs = 0;

    a->assessment.innovation_score = APP_INT_NONE; /* needs review */
    findings_init(f);
    while (f->dropped == 0 && runs < 100) {
        CU_ASSERT_EQUAL(rules_evaluate(a, RULESET_2022, NULL, f), 0);
        runs++;
    }
    CU_ASSERT_EQUAL(f->count, FINDINGS_MAX);
    CU_ASSERT(f->dropped > 0);
    CU_ASSERT_EQUAL(findings_overall(f), VERDICT_NEEDS_REVIEW);
    /* a failing criterion that no longer fits still decides the overall verdict */
    a->staff.st_staff = 0;
    CU_ASSERT_EQUAL(rules_evaluate(a, RULESET_2022, NULL, f), 0);
    CU_ASSERT_EQUAL(f->count, FINDINGS_MAX);
    CU_ASSERT_EQUAL(findings_overall(f), VERDICT_FAIL);
    free(f);
    free(a);
}

static void test_overall_ignores_route_details(void)
{
    /* the direct routes fail in the fixture, but the score route passes */
    struct application *a = fx_app(TIER_INNOVATIVE_SME, RULESET_2022);
    struct findings *f = fx_eval(a, NULL);
    const struct finding *x = findings_find(f, "ISME-DIRECT-EQUITY");

    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    CU_ASSERT_EQUAL(x->verdict, VERDICT_FAIL);
    CU_ASSERT_EQUAL(x->detail, 1);
    CU_ASSERT_EQUAL(findings_find(f, "ISME-QUALIFY")->verdict, VERDICT_PASS);
    CU_ASSERT_NOT_EQUAL(findings_overall(f), VERDICT_FAIL);
    free(f);
    free(a);
}

static void test_rule_set_follows_submission_date_when_not_named(void)
{
    struct application *a = fx_app(TIER_SPECIALIZED_SME, RULESET_NONE);
    struct findings *f = malloc(sizeof *f);

    a->submitted = d8(2026, 3, 31);
    f = fx_eval(a, NULL);
    CU_ASSERT_PTR_NOT_NULL(findings_find(f, "SSME22-SCALE"));
    CU_ASSERT_PTR_NULL(findings_find(f, "SSME26-SCALE"));
    CU_ASSERT_EQUAL(f->items[0].rule_set, RULESET_2022);
    free(f);
    a->submitted = d8(2026, 4, 1);
    f = fx_eval(a, NULL);
    CU_ASSERT_PTR_NOT_NULL(findings_find(f, "SSME26-SCALE"));
    CU_ASSERT_PTR_NULL(findings_find(f, "SSME22-SCALE"));
    free(f);
    /* the caller's choice wins over the date */
    f = malloc(sizeof *f);
    findings_init(f);
    CU_ASSERT_EQUAL(rules_evaluate(a, RULESET_2022, NULL, f), 0);
    CU_ASSERT_PTR_NOT_NULL(findings_find(f, "SSME22-SCALE"));
    free(f);
    free(a);
}

struct fake_registry {
    unsigned held;
    int calls;
    char uscc[19];
    struct tier_date on;
};

static int fake_holds(void *ctx, const char *uscc, enum tier_id t, const struct tier_date *on)
{
    struct fake_registry *r = ctx;

    r->calls++;
    memcpy(r->uscc, uscc, 19);
    r->on = *on;
    return (r->held & TIER_BIT(t)) != 0;
}

static void test_prerequisite_uses_registry_with_uscc_and_date(void)
{
    struct application *a = fx_app(TIER_LITTLE_GIANT, RULESET_2026);
    struct fake_registry fr = { 0 };
    struct rules_registry reg = { fake_holds, &fr };
    struct rules_options o = { .registry = &reg };

    fr.held = TIER_BIT(TIER_SPECIALIZED_SME);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LG26-PREREQ"), VERDICT_PASS);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LG26-NO-CHAMPION"), VERDICT_PASS);
    CU_ASSERT(fr.calls > 0);
    CU_ASSERT_STRING_EQUAL(fr.uscc, "91370102MA3C4D5E7Q");
    CU_ASSERT_EQUAL(fr.on.y, 2025);
    CU_ASSERT_EQUAL(fr.on.m, 6);
    CU_ASSERT_EQUAL(fr.on.d, 30);
    fr.held = TIER_BIT(TIER_SINGLE_CHAMPION);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LG26-PREREQ"), VERDICT_FAIL);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LG26-NO-CHAMPION"), VERDICT_FAIL);
    free(a);
}

static void test_offline_prerequisite_needs_review_unless_held_is_asserted(void)
{
    struct application *a = fx_app(TIER_LITTLE_GIANT, RULESET_2026);
    struct rules_options o = { 0 };

    CU_ASSERT_EQUAL(fx_verdict(a, "LG26-PREREQ"), VERDICT_NEEDS_REVIEW);
    CU_ASSERT_EQUAL(rules_holds_parse("specialized-sme", &o.holds), 0);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LG26-PREREQ"), VERDICT_PASS);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LG26-NO-CHAMPION"), VERDICT_NEEDS_REVIEW);
    CU_ASSERT_EQUAL(rules_holds_parse("specialized-sme,single-champion", &o.holds), 0);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "LG26-NO-CHAMPION"), VERDICT_FAIL);
    free(a);
}

static void test_holds_list_parses_codes_and_refuses_unknown(void)
{
    unsigned m = 12345;

    CU_ASSERT_EQUAL(rules_holds_parse("high-tech,tech-sme", &m), 0);
    CU_ASSERT_EQUAL(m, TIER_BIT(TIER_HIGH_TECH) | TIER_BIT(TIER_TECH_SME));
    m = 7;
    CU_ASSERT_EQUAL(rules_holds_parse("high-tech,,tech-sme", &m), -1);
    CU_ASSERT_EQUAL(rules_holds_parse("no-such-tier", &m), -1);
    CU_ASSERT_EQUAL(rules_holds_parse("", &m), -1);
    CU_ASSERT_EQUAL(rules_holds_parse("high-tech,", &m), -1);
    CU_ASSERT_EQUAL(m, 7);
}

struct thread_job {
    const struct application *app;
    struct findings out;
    int rc;
};

static void *evaluate_job(void *arg)
{
    struct thread_job *j = arg;

    findings_init(&j->out);
    for (int i = 0; i < 50 && j->rc == 0; i++) {
        j->out.count = 0;
        j->rc = rules_evaluate(j->app, RULESET_NONE, NULL, &j->out);
    }
    return NULL;
}

static void test_concurrent_evaluations_give_identical_findings(void)
{
    struct application *a = fx_app(TIER_LITTLE_GIANT, RULESET_2026);
    struct thread_job *j = calloc(4, sizeof *j);
    pthread_t t[4];

    for (int i = 0; i < 4; i++) {
        j[i].app = a;
        CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, evaluate_job, &j[i]), 0);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < 4; i++) {
        CU_ASSERT_EQUAL(j[i].rc, 0);
        CU_ASSERT_EQUAL(j[i].out.count, j[0].out.count);
        for (size_t k = 0; k < j[0].out.count && k < j[i].out.count; k++) {
            CU_ASSERT_STRING_EQUAL(j[i].out.items[k].text, j[0].out.items[k].text);
            CU_ASSERT_EQUAL(j[i].out.items[k].verdict, j[0].out.items[k].verdict);
        }
    }
    free(j);
    free(a);
}

/* ---- USCC ------------------------------------------------------------------------------- */

/* Build a code with correct check characters from 16 leading characters. */
static void make_uscc(char out[19], const char *first16)
{
    memcpy(out, first16, 16);
    out[16] = uscc_org_check_char(first16 + 8);
    out[17] = '\0';
    out[17] = uscc_check_char(out);
    out[18] = '\0';
}

static void test_uscc_valid_shandong_code_passes_all_three_checks(void)
{
    struct application *a = fx_app(TIER_HIGH_TECH, RULESET_2022);

    CU_ASSERT_EQUAL(fx_verdict(a, "USCC-CHECK"), VERDICT_PASS);
    CU_ASSERT_EQUAL(fx_verdict(a, "USCC-ENTERPRISE"), VERDICT_PASS);
    CU_ASSERT_EQUAL(fx_verdict(a, "USCC-DIVISION"), VERDICT_PASS);
    free(a);
}

static void test_uscc_wrong_check_character_fails(void)
{
    struct application *a = fx_app(TIER_HIGH_TECH, RULESET_2022);

    a->enterprise.uscc[17] = 'R';
    CU_ASSERT_EQUAL(fx_verdict(a, "USCC-CHECK"), VERDICT_FAIL);
    CU_ASSERT_EQUAL(fx_verdict(a, "USCC-ENTERPRISE"), NO_VERDICT);
    free(a);
}

static void test_uscc_standard_example_outside_shandong_needs_review_not_fail(void)
{
    struct application *a = fx_app(TIER_HIGH_TECH, RULESET_2022);

    memcpy(a->enterprise.uscc, "91350100M000100Y43", 19);
    CU_ASSERT_EQUAL(fx_verdict(a, "USCC-CHECK"), VERDICT_PASS);
    CU_ASSERT_EQUAL(fx_verdict(a, "USCC-DIVISION"), VERDICT_NEEDS_REVIEW);
    free(a);
}

static void test_uscc_laiwu_division_counts_as_jinan(void)
{
    struct application *a = fx_app(TIER_HIGH_TECH, RULESET_2022);
    struct findings *f;

    make_uscc(a->enterprise.uscc, "91371202MA3C4D5E");
    f = fx_eval(a, NULL);
    CU_ASSERT_EQUAL(findings_find(f, "USCC-CHECK")->verdict, VERDICT_PASS);
    CU_ASSERT_EQUAL(findings_find(f, "USCC-DIVISION")->verdict, VERDICT_PASS);
    CU_ASSERT_PTR_NOT_NULL(strstr(findings_find(f, "USCC-DIVISION")->text, "济南"));
    free(f);
    free(a);
}

static void test_uscc_sole_trader_prefix_92_is_not_an_enterprise(void)
{
    struct application *a = fx_app(TIER_HIGH_TECH, RULESET_2022);

    make_uscc(a->enterprise.uscc, "92370102MA3C4D5E");
    CU_ASSERT_EQUAL(fx_verdict(a, "USCC-CHECK"), VERDICT_PASS);
    CU_ASSERT_EQUAL(fx_verdict(a, "USCC-ENTERPRISE"), VERDICT_FAIL);
    free(a);
}

/* ---- 高新技术企业 ---------------------------------------------------------------------------- */

static void set_flat_years(struct application *a, int64_t revenue, int64_t rd)
{
    for (int i = 0; i < 3; i++) {
        a->years[i].revenue_fen = revenue;
        a->years[i].total_income_fen = revenue;
        a->years[i].rd_fen = rd;
        a->years[i].rd_domestic_fen = rd;
    }
}

static void test_high_tech_rd_at_exactly_4pct_with_sales_of_2yi_passes(void)
{
    struct application *a = fx_app(TIER_HIGH_TECH, RULESET_2022);

    set_flat_years(a, 2 * YI, 800 * WAN);
    CU_ASSERT_EQUAL(fx_verdict(a, "HT-RD-INTENSITY"), VERDICT_PASS);
    free(a);
}

static void test_high_tech_rd_one_fen_below_4pct_with_sales_of_2yi_fails(void)
{
    struct application *a = fx_app(TIER_HIGH_TECH, RULESET_2022);

    set_flat_years(a, 2 * YI, 800 * WAN);
    a->years[2].rd_fen -= 1;
    CU_ASSERT_EQUAL(fx_verdict(a, "HT-RD-INTENSITY"), VERDICT_FAIL);
    free(a);
}

static void test_high_tech_sales_one_fen_above_2yi_need_only_3pct(void)
{
    struct application *a = fx_app(TIER_HIGH_TECH, RULESET_2022);

    set_flat_years(a, 2 * YI, 700 * WAN); /* 3.5% */
    CU_ASSERT_EQUAL(fx_verdict(a, "HT-RD-INTENSITY"), VERDICT_FAIL);
    a->years[0].revenue_fen += 1;
    CU_ASSERT_EQUAL(fx_verdict(a, "HT-RD-INTENSITY"), VERDICT_PASS);
    free(a);
}

static void test_high_tech_sales_of_exactly_5000wan_need_5pct(void)
{
    struct application *a = fx_app(TIER_HIGH_TECH, RULESET_2022);

    set_flat_years(a, 5000 * WAN, 250 * WAN);
    CU_ASSERT_EQUAL(fx_verdict(a, "HT-RD-INTENSITY"), VERDICT_PASS);
    a->years[0].rd_fen -= 1;
    CU_ASSERT_EQUAL(fx_verdict(a, "HT-RD-INTENSITY"), VERDICT_FAIL);
    /* one fen more sales moves to the 4% band */
    a->years[0].revenue_fen += 1;
    CU_ASSERT_EQUAL(fx_verdict(a, "HT-RD-INTENSITY"), VERDICT_PASS);
    free(a);
}

static void test_high_tech_young_firm_counts_only_years_since_registration(void)
{
    struct application *a = fx_app(TIER_HIGH_TECH, RULESET_2022);
    struct findings *f;

    a->enterprise.founded = d8(2023, 3, 1);
    set_flat_years(a, 1 * YI, 400 * WAN);
    a->years[2].rd_fen = 0; /* 2022: before registration, must not count */
    f = fx_eval(a, NULL);
    CU_ASSERT_EQUAL(findings_find(f, "HT-RD-INTENSITY")->verdict, VERDICT_PASS);
    CU_ASSERT_PTR_NOT_NULL(strstr(findings_find(f, "HT-RD-INTENSITY")->text, "last 2 years"));
    free(f);
    free(a);
}

static void test_high_tech_registered_exactly_one_year_before_passes(void)
{
    struct application *a = fx_app(TIER_HIGH_TECH, RULESET_2022);

    a->enterprise.founded = d8(2024, 6, 30);
    CU_ASSERT_EQUAL(fx_verdict(a, "HT-AGE"), VERDICT_PASS);
    a->enterprise.founded = d8(2024, 7, 1);
    CU_ASSERT_EQUAL(fx_verdict(a, "HT-AGE"), VERDICT_FAIL);
    free(a);
}

static void test_high_tech_st_staff_at_10pct_passes_one_person_less_fails(void)
{
    struct application *a = fx_app(TIER_HIGH_TECH, RULESET_2022);

    a->staff.st_staff = 20;
    CU_ASSERT_EQUAL(fx_verdict(a, "HT-STAFF"), VERDICT_PASS);
    a->staff.st_staff = 19;
    CU_ASSERT_EQUAL(fx_verdict(a, "HT-STAFF"), VERDICT_FAIL);
    free(a);
}

static void test_high_tech_domestic_rd_at_60pct_passes_one_fen_less_fails(void)
{
    struct application *a = fx_app(TIER_HIGH_TECH, RULESET_2022);

    set_flat_years(a, 1 * YI, 1000 * WAN);
    for (int i = 0; i < 3; i++)
        a->years[i].rd_domestic_fen = 600 * WAN;
    CU_ASSERT_EQUAL(fx_verdict(a, "HT-RD-DOMESTIC"), VERDICT_PASS);
    a->years[1].rd_domestic_fen -= 1;
    CU_ASSERT_EQUAL(fx_verdict(a, "HT-RD-DOMESTIC"), VERDICT_FAIL);
    free(a);
}

static void test_high_tech_income_at_60pct_passes_one_fen_less_fails(void)
{
    struct application *a = fx_app(TIER_HIGH_TECH, RULESET_2022);

    a->years[0].total_income_fen = 1 * YI;
    a->years[0].hightech_income_fen = 6000 * WAN;
    CU_ASSERT_EQUAL(fx_verdict(a, "HT-HT-INCOME"), VERDICT_PASS);
    a->years[0].hightech_income_fen -= 1;
    CU_ASSERT_EQUAL(fx_verdict(a, "HT-HT-INCOME"), VERDICT_FAIL);
    free(a);
}

static void test_high_tech_without_ip_fails_and_with_ip_is_judgement(void)
{
    struct application *a = fx_app(TIER_HIGH_TECH, RULESET_2022);

    /* core support and the field are for an expert (§14.2, §14.3) */
    CU_ASSERT_EQUAL(fx_verdict(a, "HT-CORE-IP"), VERDICT_JUDGEMENT);
    CU_ASSERT_EQUAL(fx_verdict(a, "HT-FIELD"), VERDICT_JUDGEMENT);
    a->ip_count = 0;
    CU_ASSERT_EQUAL(fx_verdict(a, "HT-CORE-IP"), VERDICT_FAIL);
    free(a);
}

static void test_high_tech_declared_accident_fails(void)
{
    struct application *a = fx_app(TIER_HIGH_TECH, RULESET_2022);

    CU_ASSERT_EQUAL(fx_verdict(a, "HT-CLEAN"), VERDICT_JUDGEMENT);
    a->decl.no_major_accident = APP_NO;
    CU_ASSERT_EQUAL(fx_verdict(a, "HT-CLEAN"), VERDICT_FAIL);
    a->decl.no_major_accident = APP_UNSET;
    CU_ASSERT_EQUAL(fx_verdict(a, "HT-CLEAN"), VERDICT_FAIL);
    free(a);
}

/* ---- 科技型中小企业 -------------------------------------------------------------------------- */

static void test_tech_sme_500_employees_pass_501_fail(void)
{
    struct application *a = fx_app(TIER_TECH_SME, RULESET_2022);

    a->staff.employees = 500;
    CU_ASSERT_EQUAL(fx_verdict(a, "TSME-EMPLOYEES"), VERDICT_PASS);
    a->staff.employees = 501;
    CU_ASSERT_EQUAL(fx_verdict(a, "TSME-EMPLOYEES"), VERDICT_FAIL);
    free(a);
}

static void test_tech_sme_sales_and_assets_of_2yi_pass_one_fen_more_fails(void)
{
    struct application *a = fx_app(TIER_TECH_SME, RULESET_2022);

    a->years[0].revenue_fen = 2 * YI;
    a->years[0].total_assets_fen = 2 * YI;
    CU_ASSERT_EQUAL(fx_verdict(a, "TSME-SALES"), VERDICT_PASS);
    CU_ASSERT_EQUAL(fx_verdict(a, "TSME-ASSETS"), VERDICT_PASS);
    a->years[0].revenue_fen += 1;
    a->years[0].total_assets_fen += 1;
    CU_ASSERT_EQUAL(fx_verdict(a, "TSME-SALES"), VERDICT_FAIL);
    CU_ASSERT_EQUAL(fx_verdict(a, "TSME-ASSETS"), VERDICT_FAIL);
    free(a);
}

/* staff 10% (4) + R&D 6% of sales (50) + one class-II item (6) = 60 */
static struct application *tsme_at_60(void)
{
    struct application *a = fx_app(TIER_TECH_SME, RULESET_2022);

    a->staff.st_staff = 20;
    a->years[0].rd_fen = a->years[0].revenue_fen / 100 * 6;
    a->years[0].cost_expense_fen = APP_FEN_NONE;
    a->ip_count = 1;
    fx_ip(&a->ip[0], APP_IP_SOFTWARE);
    a->rd_inst_count = 0;
    return a;
}

static void test_tech_sme_score_of_exactly_60_passes(void)
{
    struct application *a = tsme_at_60();
    struct findings *f = fx_eval(a, NULL);

    CU_ASSERT_EQUAL(findings_find(f, "TSME-SCORE")->verdict, VERDICT_PASS);
    CU_ASSERT_STRING_EQUAL(findings_find(f, "TSME-SCORE")->measured, "60");
    CU_ASSERT_EQUAL(findings_find(f, "TSME-QUALIFY")->verdict, VERDICT_PASS);
    free(f);
    free(a);
}

static void test_tech_sme_rd_one_fen_below_6pct_drops_score_below_60(void)
{
    struct application *a = tsme_at_60();

    a->years[0].rd_fen -= 1;
    CU_ASSERT_EQUAL(fx_verdict(a, "TSME-SCORE"), VERDICT_FAIL);
    CU_ASSERT_EQUAL(fx_verdict(a, "TSME-QUALIFY"), VERDICT_FAIL);
    free(a);
}

static void test_tech_sme_zero_staff_score_fails_despite_high_total(void)
{
    struct application *a = fx_app(TIER_TECH_SME, RULESET_2022);

    a->rd_inst_count = 0;
    a->staff.st_staff = 19; /* 9.5% -> 0 points */
    CU_ASSERT_EQUAL(fx_verdict(a, "TSME-SCORE"), VERDICT_FAIL);
    a->staff.st_staff = 20; /* 10% -> 4 points */
    CU_ASSERT_EQUAL(fx_verdict(a, "TSME-SCORE"), VERDICT_PASS);
    free(a);
}

static void test_tech_sme_cost_measure_used_when_better(void)
{
    struct application *a = tsme_at_60();

    a->years[0].rd_fen -= 1;                           /* sales measure: 40 */
    a->years[0].cost_expense_fen = a->years[0].rd_fen * 10 / 3; /* >= 30% of cost: 50 */
    CU_ASSERT_EQUAL(fx_verdict(a, "TSME-SCORE"), VERDICT_PASS);
    free(a);
}

static void test_tech_sme_declared_high_tech_certificate_confirms_directly(void)
{
    struct application *a = tsme_at_60();

    a->years[0].rd_fen = 0;
    CU_ASSERT_EQUAL(fx_verdict(a, "TSME-QUALIFY"), VERDICT_FAIL);
    a->hold_count = 1;
    a->holds[0].tier = TIER_HIGH_TECH;
    memcpy(a->holds[0].certificate, "GR202337000123", 15);
    a->holds[0].issued = d8(2023, 11, 1);
    a->holds[0].valid_until = d8(2026, 10, 31);
    CU_ASSERT_EQUAL(fx_verdict(a, "TSME-DIRECT-HIGHTECH"), VERDICT_PASS);
    CU_ASSERT_EQUAL(fx_verdict(a, "TSME-QUALIFY"), VERDICT_PASS);
    /* an expired certificate does not */
    a->holds[0].valid_until = d8(2025, 6, 29);
    CU_ASSERT_EQUAL(fx_verdict(a, "TSME-QUALIFY"), VERDICT_FAIL);
    free(a);
}

static void test_tech_sme_national_award_top3_within_5_years_confirms(void)
{
    struct application *a = tsme_at_60();

    a->years[0].rd_fen = 0;
    a->award_count = 1;
    a->awards[0].kind = APP_AWARD_SCIENCE;
    a->awards[0].level = APP_AWARD_NATIONAL;
    a->awards[0].year = 2020;
    a->awards[0].rank = 3;
    CU_ASSERT_EQUAL(fx_verdict(a, "TSME-DIRECT-AWARD"), VERDICT_PASS);
    a->awards[0].rank = 4;
    CU_ASSERT_EQUAL(fx_verdict(a, "TSME-DIRECT-AWARD"), VERDICT_FAIL);
    a->awards[0].rank = 1;
    a->awards[0].year = 2019;
    CU_ASSERT_EQUAL(fx_verdict(a, "TSME-DIRECT-AWARD"), VERDICT_FAIL);
    free(a);
}

static void test_tech_sme_standard_led_within_5_years_confirms(void)
{
    struct application *a = tsme_at_60();

    a->years[0].rd_fen = 0;
    a->standard_count = 1;
    a->standards[0].level = APP_STD_SECTOR;
    a->standards[0].role = APP_STD_LEAD;
    a->standards[0].published = d8(2020, 6, 30); /* exactly 5 years before */
    a->standards[0].rank = APP_INT_NONE;
    CU_ASSERT_EQUAL(fx_verdict(a, "TSME-DIRECT-STANDARD"), VERDICT_PASS);
    CU_ASSERT_EQUAL(fx_verdict(a, "TSME-QUALIFY"), VERDICT_PASS);
    a->standards[0].published = d8(2020, 6, 29);
    CU_ASSERT_EQUAL(fx_verdict(a, "TSME-DIRECT-STANDARD"), VERDICT_FAIL);
    /* a top-5 drafter who did not lead: the wording is UNCONFIRMED */
    a->standards[0].published = d8(2024, 1, 1);
    a->standards[0].role = APP_STD_PARTICIPANT;
    a->standards[0].rank = 5;
    CU_ASSERT_EQUAL(fx_verdict(a, "TSME-DIRECT-STANDARD"), VERDICT_NEEDS_REVIEW);
    CU_ASSERT_EQUAL(fx_verdict(a, "TSME-QUALIFY"), VERDICT_NEEDS_REVIEW);
    a->standards[0].level = APP_STD_GROUP;
    CU_ASSERT_EQUAL(fx_verdict(a, "TSME-DIRECT-STANDARD"), VERDICT_FAIL);
    free(a);
}

/* ---- 创新型中小企业 -------------------------------------------------------------------------- */

/* IP own class-I 15 + R&D 1–2% 5 = 20; growth exactly 5% 10 + liabilities 40%
 * 10 = 20; field "other" 5 + main-business share exactly 60% 15 = 20: 60. */
static struct application *isme_at_60(void)
{
    struct application *a = fx_app(TIER_INNOVATIVE_SME, RULESET_2022);

    a->assessment.strategic_emerging = APP_NO;
    a->years[1].main_revenue_fen = 9500 * WAN;
    a->years[0].main_revenue_fen = 9975 * WAN;   /* +5.00% */
    a->years[0].revenue_fen = 16625 * WAN;       /* share 60.00% */
    a->years[0].rd_fen = 170 * WAN;              /* 1.02% */
    a->rd_inst_count = 0;
    return a;
}

static void test_innovative_score_of_exactly_60_with_floors_met_passes(void)
{
    struct application *a = isme_at_60();
    struct findings *f = fx_eval(a, NULL);

    CU_ASSERT_EQUAL(findings_find(f, "ISME-SCORE")->verdict, VERDICT_PASS);
    CU_ASSERT_STRING_EQUAL(findings_find(f, "ISME-SCORE")->measured, "60");
    CU_ASSERT_EQUAL(findings_find(f, "ISME-QUALIFY")->verdict, VERDICT_PASS);
    free(f);
    free(a);
}

static void test_innovative_main_share_one_fen_below_60pct_fails_score(void)
{
    struct application *a = isme_at_60();

    a->years[0].revenue_fen += 1;
    CU_ASSERT_EQUAL(fx_verdict(a, "ISME-SCORE"), VERDICT_FAIL);
    CU_ASSERT_EQUAL(fx_verdict(a, "ISME-QUALIFY"), VERDICT_FAIL);
    free(a);
}

static void test_innovative_growth_one_fen_below_5pct_fails_score(void)
{
    struct application *a = isme_at_60();

    a->years[0].main_revenue_fen -= 1;
    a->years[0].revenue_fen = a->years[0].main_revenue_fen / 6 * 10; /* keep share >= 60% */
    CU_ASSERT_EQUAL(fx_verdict(a, "ISME-SCORE"), VERDICT_FAIL);
    free(a);
}

static void test_innovative_pivotal_strategic_claim_needs_review(void)
{
    struct application *a = isme_at_60();

    a->years[0].revenue_fen += 1;              /* 55 with "other" field */
    a->assessment.strategic_emerging = APP_YES; /* 60 if the claim holds */
    CU_ASSERT_EQUAL(fx_verdict(a, "ISME-SCORE"), VERDICT_NEEDS_REVIEW);
    CU_ASSERT_EQUAL(fx_verdict(a, "ISME-QUALIFY"), VERDICT_NEEDS_REVIEW);
    free(a);
}

static void test_innovative_innovation_floor_fails_even_with_high_total(void)
{
    struct application *a = fx_app(TIER_INNOVATIVE_SME, RULESET_2022);

    a->years[0].rd_fen = 0;
    for (int i = 0; i < 5; i++)
        fx_ip(&a->ip[i], APP_IP_DESIGN); /* class II only: 5 + 0 = 5 < 20 */
    a->rd_inst_count = 0;
    CU_ASSERT_EQUAL(fx_verdict(a, "ISME-SCORE"), VERDICT_FAIL);
    free(a);
}

static void test_innovative_ip_transferred_in_under_one_year_does_not_count(void)
{
    struct application *a = isme_at_60();
    struct findings *f;

    a->ip_count = 2;
    fx_ip(&a->ip[0], APP_IP_INVENTION);
    a->ip[0].acquisition = APP_ACQ_TRANSFER;
    a->ip[0].transferred = d8(2024, 6, 30); /* exactly 1 year before 2025-06-30 */
    fx_ip(&a->ip[1], APP_IP_UTILITY_MODEL);
    f = fx_eval(a, NULL);
    CU_ASSERT_PTR_NOT_NULL(strstr(findings_find(f, "ISME-SCORE")->text, "IP 10 for class-I IP"));
    free(f);
    a->ip[0].transferred = d8(2024, 7, 1);
    f = fx_eval(a, NULL);
    CU_ASSERT_PTR_NOT_NULL(strstr(findings_find(f, "ISME-SCORE")->text, "IP 5 for class-II"));
    free(f);
    free(a);
}

static void test_innovative_equity_500wan_on_first_day_of_window_qualifies(void)
{
    struct application *a = fx_app(TIER_INNOVATIVE_SME, RULESET_2022);

    a->round_count = 1;
    a->rounds[0].date = d8(2022, 6, 30);
    a->rounds[0].amount_fen = 500 * WAN;
    a->rounds[0].qualified = APP_YES;
    a->rounds[0].from_controller = APP_NO;
    CU_ASSERT_EQUAL(fx_verdict(a, "ISME-DIRECT-EQUITY"), VERDICT_PASS);
    a->rounds[0].date = d8(2022, 6, 29);
    CU_ASSERT_EQUAL(fx_verdict(a, "ISME-DIRECT-EQUITY"), VERDICT_FAIL);
    a->rounds[0].date = d8(2022, 6, 30);
    a->rounds[0].amount_fen -= 1;
    CU_ASSERT_EQUAL(fx_verdict(a, "ISME-DIRECT-EQUITY"), VERDICT_FAIL);
    a->rounds[0].amount_fen += 1;
    a->rounds[0].qualified = APP_NO;
    CU_ASSERT_EQUAL(fx_verdict(a, "ISME-DIRECT-EQUITY"), VERDICT_FAIL);
    free(a);
}

static void test_innovative_provincial_institution_is_a_direct_route(void)
{
    struct application *a = fx_app(TIER_INNOVATIVE_SME, RULESET_2022);

    CU_ASSERT_EQUAL(fx_verdict(a, "ISME-DIRECT-INSTITUTION"), VERDICT_PASS);
    a->rd_inst[0].level = APP_RD_CITY;
    CU_ASSERT_EQUAL(fx_verdict(a, "ISME-DIRECT-INSTITUTION"), VERDICT_FAIL);
    free(a);
}

static void test_innovative_rd_of_exactly_1pct_scores_5_one_fen_less_0(void)
{
    struct application *a = isme_at_60();

    a->years[0].rd_fen = 16625 * WAN / 100; /* exactly 1% */
    CU_ASSERT_EQUAL(fx_verdict(a, "ISME-SCORE"), VERDICT_PASS);
    a->years[0].rd_fen -= 1; /* 0 points: 创新能力 15 < 20 */
    CU_ASSERT_EQUAL(fx_verdict(a, "ISME-SCORE"), VERDICT_FAIL);
    free(a);
}

static void test_innovative_liabilities_of_exactly_55pct_score_10(void)
{
    struct application *a = isme_at_60();

    a->years[0].total_liabilities_fen = 11000 * WAN; /* 55% of 2亿 */
    CU_ASSERT_EQUAL(fx_verdict(a, "ISME-SCORE"), VERDICT_PASS);
    a->years[0].total_liabilities_fen += 1; /* 5 points: total 55 */
    CU_ASSERT_EQUAL(fx_verdict(a, "ISME-SCORE"), VERDICT_FAIL);
    free(a);
}

static void test_innovative_declared_honour_or_high_tech_title_is_a_direct_route(void)
{
    struct application *a = fx_app(TIER_INNOVATIVE_SME, RULESET_2022);
    struct rules_options o = { 0 };

    CU_ASSERT_EQUAL(fx_verdict(a, "ISME-DIRECT-HONOUR"), VERDICT_FAIL);
    o.holds = TIER_BIT(TIER_HIGH_TECH);
    CU_ASSERT_EQUAL(fx_verdict_opt(a, &o, "ISME-DIRECT-HONOUR"), VERDICT_PASS);
    a->hold_count = 1;
    a->holds[0].tier = TIER_NONE;
    a->holds[0].honour = APP_HONOUR_IP_ADVANTAGE;
    a->holds[0].valid_until = d8(2025, 6, 30); /* valid through the application date */
    CU_ASSERT_EQUAL(fx_verdict(a, "ISME-DIRECT-HONOUR"), VERDICT_PASS);
    a->holds[0].valid_until = d8(2025, 6, 29);
    CU_ASSERT_EQUAL(fx_verdict(a, "ISME-DIRECT-HONOUR"), VERDICT_FAIL);
    free(a);
}

/* ---- 科技和创新型中小企业 -------------------------------------------------------------------- */

static void test_tech_innovative_either_track_decides_and_tracks_are_details(void)
{
    struct application *a = fx_app(TIER_TECH_INNOVATIVE_SME, RULESET_2026);
    struct findings *f;
    const struct finding *x;

    a->staff.employees = 501; /* fails the 科技型 track only */
    f = fx_eval(a, NULL);
    x = findings_find(f, "TSME-EMPLOYEES");
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    CU_ASSERT_EQUAL(x->verdict, VERDICT_FAIL);
    CU_ASSERT_EQUAL(x->detail, 1);
    CU_ASSERT_EQUAL(x->tier, TIER_TECH_INNOVATIVE_SME);
    /* the 创新型 track passes: its credit declaration is a judgement item */
    CU_ASSERT_EQUAL(findings_find(f, "TISME-QUALIFY")->verdict, VERDICT_PASS);
    CU_ASSERT_EQUAL(findings_overall(f), VERDICT_PASS);
    free(f);
    a->decl.not_dishonest = APP_NO; /* fails both tracks */
    f = fx_eval(a, NULL);
    CU_ASSERT_EQUAL(findings_find(f, "TISME-QUALIFY")->verdict, VERDICT_FAIL);
    CU_ASSERT_EQUAL(findings_overall(f), VERDICT_FAIL);
    free(f);
    free(a);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("rules", NULL, NULL);
    CU_add_test(s, "evaluate refuses NULL and an unknown tier",
                test_evaluate_refuses_null_and_unknown_tier);
    CU_add_test(s, "verdict names are stable", test_verdict_names_are_stable);
    CU_add_test(s, "every finding of every tier has a unique id, clause, sentence and xpath",
                test_every_finding_has_id_clause_and_sentence);
    CU_add_test(s, "finding sentence matches the documented form",
                test_finding_sentence_matches_documented_form);
    CU_add_test(s, "finding format over the cap leaves the buffer unchanged",
                test_finding_format_over_cap_leaves_buffer_unchanged);
    CU_add_test(s, "a full list counts dropped findings and keeps the worst verdict",
                test_full_list_counts_dropped_and_keeps_worst_verdict);
    CU_add_test(s, "overall verdict ignores route details", test_overall_ignores_route_details);
    CU_add_test(s, "rule set follows the submission date when not named (2026-04-01)",
                test_rule_set_follows_submission_date_when_not_named);
    CU_add_test(s, "prerequisite uses the registry with USCC and reference date",
                test_prerequisite_uses_registry_with_uscc_and_date);
    CU_add_test(s, "offline prerequisite needs review unless --holds asserts it",
                test_offline_prerequisite_needs_review_unless_held_is_asserted);
    CU_add_test(s, "--holds list parses tier codes and refuses unknown ones",
                test_holds_list_parses_codes_and_refuses_unknown);
    CU_add_test(s, "concurrent evaluations give identical findings",
                test_concurrent_evaluations_give_identical_findings);
    CU_add_test(s, "USCC: valid Shandong code passes all three checks",
                test_uscc_valid_shandong_code_passes_all_three_checks);
    CU_add_test(s, "USCC: wrong check character fails", test_uscc_wrong_check_character_fails);
    CU_add_test(s, "USCC: standard example outside Shandong needs review, not fail",
                test_uscc_standard_example_outside_shandong_needs_review_not_fail);
    CU_add_test(s, "USCC: 3712xx (莱芜) counts as 济南", test_uscc_laiwu_division_counts_as_jinan);
    CU_add_test(s, "USCC: prefix 92 (sole trader) is not an enterprise",
                test_uscc_sole_trader_prefix_92_is_not_an_enterprise);
    CU_add_test(s, "high-tech R&D intensity at exactly 4% with sales of 2亿 passes",
                test_high_tech_rd_at_exactly_4pct_with_sales_of_2yi_passes);
    CU_add_test(s, "high-tech R&D intensity one fen below 4% with sales of 2亿 fails",
                test_high_tech_rd_one_fen_below_4pct_with_sales_of_2yi_fails);
    CU_add_test(s, "high-tech sales one fen above 2亿 need only 3%",
                test_high_tech_sales_one_fen_above_2yi_need_only_3pct);
    CU_add_test(s, "high-tech sales of exactly 5000万 need 5% (one fen less R&D fails)",
                test_high_tech_sales_of_exactly_5000wan_need_5pct);
    CU_add_test(s, "high-tech young firm counts only the years since registration",
                test_high_tech_young_firm_counts_only_years_since_registration);
    CU_add_test(s, "high-tech registered exactly one year before passes, one day later fails",
                test_high_tech_registered_exactly_one_year_before_passes);
    CU_add_test(s, "high-tech S&T staff at 10% passes, one person less fails",
                test_high_tech_st_staff_at_10pct_passes_one_person_less_fails);
    CU_add_test(s, "high-tech domestic R&D at 60% passes, one fen less fails",
                test_high_tech_domestic_rd_at_60pct_passes_one_fen_less_fails);
    CU_add_test(s, "high-tech income at 60% passes, one fen less fails",
                test_high_tech_income_at_60pct_passes_one_fen_less_fails);
    CU_add_test(s, "high-tech without IP fails; with IP core support is a judgement item",
                test_high_tech_without_ip_fails_and_with_ip_is_judgement);
    CU_add_test(s, "high-tech declared accident fails", test_high_tech_declared_accident_fails);
    CU_add_test(s, "tech SME: 500 employees pass, 501 fail",
                test_tech_sme_500_employees_pass_501_fail);
    CU_add_test(s, "tech SME: sales and assets of 2亿 pass, one fen more fails",
                test_tech_sme_sales_and_assets_of_2yi_pass_one_fen_more_fails);
    CU_add_test(s, "tech SME: score of exactly 60 passes",
                test_tech_sme_score_of_exactly_60_passes);
    CU_add_test(s, "tech SME: R&D one fen below 6% drops the score below 60",
                test_tech_sme_rd_one_fen_below_6pct_drops_score_below_60);
    CU_add_test(s, "tech SME: zero staff score fails despite a high total",
                test_tech_sme_zero_staff_score_fails_despite_high_total);
    CU_add_test(s, "tech SME: R&D / cost measure is used when better",
                test_tech_sme_cost_measure_used_when_better);
    CU_add_test(s, "tech SME: declared valid high-tech certificate confirms directly",
                test_tech_sme_declared_high_tech_certificate_confirms_directly);
    CU_add_test(s, "tech SME: national award top 3 within 5 years confirms directly",
                test_tech_sme_national_award_top3_within_5_years_confirms);
    CU_add_test(s, "tech SME: a standard led within 5 years confirms directly",
                test_tech_sme_standard_led_within_5_years_confirms);
    CU_add_test(s, "innovative SME: R&D of exactly 1% scores 5, one fen less scores 0",
                test_innovative_rd_of_exactly_1pct_scores_5_one_fen_less_0);
    CU_add_test(s, "innovative SME: liabilities of exactly 55% score 10, one fen more 5",
                test_innovative_liabilities_of_exactly_55pct_score_10);
    CU_add_test(s, "innovative SME: score of exactly 60 with floors met passes",
                test_innovative_score_of_exactly_60_with_floors_met_passes);
    CU_add_test(s, "innovative SME: main share one fen below 60% fails the score",
                test_innovative_main_share_one_fen_below_60pct_fails_score);
    CU_add_test(s, "innovative SME: growth one fen below 5% fails the score",
                test_innovative_growth_one_fen_below_5pct_fails_score);
    CU_add_test(s, "innovative SME: pivotal strategic-emerging claim needs review",
                test_innovative_pivotal_strategic_claim_needs_review);
    CU_add_test(s, "innovative SME: 创新能力 floor fails even with a high total",
                test_innovative_innovation_floor_fails_even_with_high_total);
    CU_add_test(s, "innovative SME: IP transferred in under one year does not count",
                test_innovative_ip_transferred_in_under_one_year_does_not_count);
    CU_add_test(s, "innovative SME: 500万 equity on the first day of the 3-year window qualifies",
                test_innovative_equity_500wan_on_first_day_of_window_qualifies);
    CU_add_test(s, "innovative SME: provincial R&D institution is a direct route",
                test_innovative_provincial_institution_is_a_direct_route);
    CU_add_test(s, "innovative SME: declared honour or a high-tech title is a direct route",
                test_innovative_declared_honour_or_high_tech_title_is_a_direct_route);
    CU_add_test(s, "tech-innovative SME: either track decides; tracks are details",
                test_tech_innovative_either_track_decides_and_tracks_are_details);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
