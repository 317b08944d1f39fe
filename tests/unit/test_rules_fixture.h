/*
 * test_rules_fixture.h — shared by the test_rules*.c programs: a complete
 * application that meets every mechanical criterion of every tier comfortably
 * (each test moves one figure to its boundary), and helpers that evaluate it
 * and look up one rule's verdict. Functions are static inline so that a
 * program using only some of them builds without warnings.
 */
#ifndef TEST_RULES_FIXTURE_H
#define TEST_RULES_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tier/application.h"
#include "tier/rules.h"

#define WAN INT64_C(1000000)      /* 1万元 in fen */
#define YI  INT64_C(10000000000)  /* 1亿元 in fen */
#define NO_VERDICT ((enum verdict) - 1)

static inline struct tier_date d8(int y, int m, int d)
{
    struct tier_date t = { y, m, d };
    return t;
}

static inline void fx_year(struct app_year *y, int year, int64_t revenue)
{
    y->year = year;
    y->revenue_fen = revenue;
    y->main_revenue_fen = revenue / 100 * 95;
    y->total_income_fen = revenue;
    y->rd_fen = revenue / 10;
    y->rd_domestic_fen = revenue / 10;
    y->net_profit_fen = revenue / 100 * 12;
    y->total_assets_fen = 2 * YI;
    y->total_liabilities_fen = 8000 * WAN;
    y->hightech_income_fen = revenue / 100 * 80;
    y->cost_expense_fen = revenue / 100 * 75;
    y->line = 1;
}

static inline void fx_ip(struct app_ip *ip, enum app_ip_kind kind)
{
    memset(ip, 0, sizeof *ip);
    ip->kind = kind;
    ip->cls = kind >= APP_IP_UTILITY_MODEL ? APP_IP_CLASS_2 : APP_IP_CLASS_1;
    ip->granted = d8(2020, 1, 1);
    ip->acquisition = APP_ACQ_OWN;
    ip->holder_rank = 1;
    ip->main_product = APP_YES;
    ip->in_use = APP_YES;
    ip->high_value = APP_NO;
}

/* A strong applicant for any tier: submitted 2025-06-30, financial years
 * 2024/2023/2022 with revenue 1.2亿/1亿/8000万, R&D 10%, main business 95%,
 * liabilities 40%, 200 staff (60 S&T, 50 R&D), 5 own invention patents and
 * 10 utility models, a provincial technology centre, in the niche since 2012. */
static inline struct application *fx_app(enum tier_id tier, enum rule_set rs)
{
    struct application *a = calloc(1, sizeof *a);
    struct app_assessment *s;

    if (a == NULL)
        abort();
    a->tier = tier;
    a->rule_set = rs;
    a->submitted = d8(2025, 6, 30);
    a->renewal = APP_NO;
    snprintf(a->enterprise.name, sizeof a->enterprise.name, "济南示例科技有限公司");
    memcpy(a->enterprise.uscc, "91370102MA3C4D5E7Q", 19);
    memcpy(a->enterprise.division, "370102", 7);
    memcpy(a->enterprise.city, "370100", 7);
    memcpy(a->enterprise.industry, "3484", 5);
    a->enterprise.founded = d8(2012, 1, 1);
    a->enterprise.listed = APP_NO;

    a->year_count = 3;
    fx_year(&a->years[0], 2024, 12000 * WAN);
    fx_year(&a->years[1], 2023, 10000 * WAN);
    fx_year(&a->years[2], 2022, 8000 * WAN);

    a->staff.employees = 200;
    a->staff.st_staff = 60;
    a->staff.rd_staff = 50;

    a->niche.since = d8(2012, 1, 1);
    a->niche.new_product = APP_NO;
    a->niche.domestic_share_bp = 1500;
    a->niche.global_share_bp = 500;
    a->niche.domestic_rank = 2;
    a->niche.global_rank = 2;

    a->ip_count = 15;
    for (int i = 0; i < 5; i++)
        fx_ip(&a->ip[i], APP_IP_INVENTION);
    for (int i = 5; i < 15; i++)
        fx_ip(&a->ip[i], APP_IP_UTILITY_MODEL);

    a->rd_inst_count = 1;
    snprintf(a->rd_inst[0].name, sizeof a->rd_inst[0].name, "省级企业技术中心");
    a->rd_inst[0].level = APP_RD_PROVINCIAL;
    a->rd_inst[0].kind = APP_RD_TECH_CENTRE;
    a->rd_inst[0].recognised = d8(2019, 5, 1);

    s = &a->assessment;
    s->digital_level = 3;
    s->it_core_processes = 2;
    s->management_cert = APP_YES;
    s->foreign_product_cert = APP_NO;
    s->own_brand = APP_YES;
    s->laozihao = APP_NO;
    s->strategic_emerging = APP_YES;
    s->liuji = APP_YES;
    s->key_chain_link = APP_YES;
    s->priority_field = APP_YES;
    s->platform_score_cp = 7000;
    s->platform_score_prev_cp = APP_INT_NONE;
    s->credit_score_cp = 8000;
    s->valuation_usd_cents = INT64_C(2000000000) * 100; /* 20亿 USD */
    s->chuangke_rank = APP_INT_NONE;
    s->chuangke_year = APP_INT_NONE;
    s->innovation_score = 80;      /* 高企 innovation score, above 70 */
    s->hightech_field = APP_HT_ELECTRONIC;
    s->energy_advanced = APP_YES;
    s->new_sector = APP_YES;

    a->decl.no_major_accident = APP_YES;
    a->decl.not_dishonest = APP_YES;
    a->decl.not_anomaly = APP_YES;
    a->decl.no_tax_violation = APP_YES;
    a->decl.no_research_misconduct = APP_YES;
    a->decl.products_permitted = APP_YES;
    a->decl.independent_legal_person = APP_YES;
    a->decl.mainland_resident = APP_YES;
    a->decl.no_fraud_ban = APP_YES;
    a->decl.not_controlled_by_listed = APP_YES;
    a->decl.operates_in_shandong = APP_YES;
    return a;
}

/* Every tier, for tests that walk them all. */
static const enum tier_id FX_TIERS[] = {
    TIER_INNOVATIVE_SME, TIER_TECH_SME, TIER_TECH_INNOVATIVE_SME, TIER_SPECIALIZED_SME,
    TIER_LITTLE_GIANT, TIER_SINGLE_CHAMPION, TIER_LEADING, TIER_HIGH_TECH, TIER_GAZELLE,
    TIER_UNICORN,
};
#define FX_N_TIERS (sizeof FX_TIERS / sizeof FX_TIERS[0])

/* A registry whose answer is a mask of TIER_BIT()s (ctx: unsigned *), the same
 * on every date. */
static inline int fx_registry_held(void *ctx, const char *uscc, enum tier_id t,
                                   const struct tier_date *on)
{
    (void)uscc;
    (void)on;
    return (*(unsigned *)ctx & TIER_BIT(t)) != 0;
}

/* Evaluate into a fresh heap list (caller frees). */
static inline struct findings *fx_eval(const struct application *a, const struct rules_options *o)
{
    struct findings *f = malloc(sizeof *f);

    if (f == NULL)
        abort();
    findings_init(f);
    if (rules_evaluate(a, RULESET_NONE, o, f) != 0) {
        free(f);
        return NULL;
    }
    return f;
}

/* The verdict of rule `id`, or NO_VERDICT when it was not reported. */
static inline enum verdict fx_verdict_opt(const struct application *a,
                                          const struct rules_options *o, const char *id)
{
    struct findings *f = fx_eval(a, o);
    const struct finding *x;
    enum verdict v = NO_VERDICT;

    if (f == NULL)
        return NO_VERDICT;
    x = findings_find(f, id);
    if (x != NULL)
        v = x->verdict;
    free(f);
    return v;
}

static inline enum verdict fx_verdict(const struct application *a, const char *id)
{
    return fx_verdict_opt(a, NULL, id);
}

/* Set R&D of every year to `num/den` of that year's revenue exactly (the
 * revenues used in tests are multiples of den). */
static inline void fx_rd_share(struct application *a, int64_t num, int64_t den)
{
    for (int i = 0; i < a->year_count; i++) {
        a->years[i].rd_fen = a->years[i].revenue_fen / den * num;
        a->years[i].rd_domestic_fen = a->years[i].rd_fen;
    }
}

#endif
