/*
 * rules_champion.c — 制造业单项冠军 (制造业单项冠军企业认定管理办法,
 * 工信部政法〔2023〕138号; domain.md §5b). The rule set does not matter: the
 * 2026 measures leave 单项冠军 alone, so both use POLICY_SC_2023.
 *
 * Mechanical: manufacturing industry code (GB/T 4754 13–43), years in the
 * field to the end of last year (10, or 5 for a new product), the 3-year
 * average main-business revenue (4亿). The revenue reading is UNCONFIRMED
 * (average vs highest year; 2亿 relief for 专精特新 holders): the average at
 * 4亿 passes, meeting only another reading gives needs-review, meeting none
 * fails. Market rank (global top 3) fails when the stated rank is worse and is
 * otherwise a reviewer's (§14.4), as are technology, energy and innovation.
 * Pure, thread-safe.
 */
#include <stdio.h>

#include "rules_int.h"

static void sc_manufacturing(struct rctx *c, const struct policy_sc *p)
{
    const char *ind = c->app->enterprise.industry;
    int div = -1;

    if (ind[0] >= '0' && ind[0] <= '9' && ind[1] >= '0' && ind[1] <= '9')
        div = (ind[0] - '0') * 10 + (ind[1] - '0');
    rules_emit(c, &p->manufacturing, div >= 13 && div <= 43 ? VERDICT_PASS : VERDICT_FAIL, 0,
               ind[0] != '\0' ? ind : "not given", "13–43 (门类C)",
               "/application/enterprise/industry",
               div >= 13 && div <= 43 ? "industry code %s is in manufacturing (divisions 13–43)"
                                      : "industry code %s is outside manufacturing (13–43)",
               ind[0] != '\0' ? ind : "(none)");
}

/* A valid provincial-or-higher 专精特新 or 小巨人 title: 1 held (registry or
 * --holds), -1 only declared in <holds> or not known, 0 neither held nor
 * declared (or the registry / --holds-complete says not held). */
static int sc_title(const struct rctx *c)
{
    static const enum tier_id t[] = { TIER_SPECIALIZED_SME, TIER_LITTLE_GIANT };
    int unknown = 0;

    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        int h = rules_held(c, t[i]);

        if (h == 1)
            return 1;
        if (h < 0 && rules_declared_hold(c, t[i]) != NULL)
            unknown = 1;
    }
    return unknown ? -1 : 0;
}

static void sc_revenue(struct rctx *c, const struct policy_sc *p)
{
    int64_t sum = 0, max = 0;
    char m[48], t[24], tr[24], th[64], xp[FINDING_XPATH_MAX];
    const struct app_year *y0 = rules_year(c, 0);

    fmt_amount(p->min_avg_main_revenue_fen, t, sizeof t);
    fmt_amount(p->relief_avg_main_revenue_fen, tr, sizeof tr);
    rules_snprintf(th, sizeof th, "3-year average >= %s", t);
    for (int i = 0; i < p->revenue_years; i++) {
        const struct app_year *y = rules_year(c, i);

        if (y == NULL || y->main_revenue_fen == APP_FEN_NONE) {
            rules_emit(c, &p->revenue, VERDICT_FAIL, 0, "not given", th, "/application/financials",
                       "main-business revenue for each of the last %d years is needed",
                       p->revenue_years);
            return;
        }
        sum += y->main_revenue_fen;
        if (y->main_revenue_fen > max)
            max = y->main_revenue_fen;
    }
    xpath_year(xp, sizeof xp, y0->year, "mainRevenue");
    fmt_money(sum / p->revenue_years, m, sizeof m);
    /* average >= X  <=>  sum >= years * X, exact */
    if (sum >= p->revenue_years * p->min_avg_main_revenue_fen)
        rules_emit(c, &p->revenue, VERDICT_PASS, 0, m, th, xp,
                   "average main-business revenue over the last %d years is %s; at least %s is "
                   "required", p->revenue_years, m, t);
    else if (max >= p->min_avg_main_revenue_fen)
        /* the two readings of the 4亿 floor disagree (domain.md §5b) */
        rules_why_zh(
            rules_emit(c, &p->revenue, VERDICT_NEEDS_REVIEW, 0, m, th, xp,
                       "average main-business revenue over the last %d years is %s, below %s, but "
                       "one year reaches %s; whether the floor is the 3-year average or the best "
                       "single year is UNCONFIRMED, so a reviewer decides",
                       p->revenue_years, m, t, t),
            "三年平均与最高单年两种口径的结论不同，采用哪种口径尚未确认");
    else if (max >= p->relief_avg_main_revenue_fen && sc_title(c) != 0)
        /* the UNCONFIRMED 2亿 relief can only help a 专精特新 / 小巨人 holder */
        rules_why_zh(
            rules_emit(c, &p->revenue, VERDICT_NEEDS_REVIEW, 0, m, th, xp,
                       "main-business revenue is below %s under both readings (3-year average %s) "
                       "but reaches %s, and the firm %s a provincial-or-higher 专精特新 or 小巨人 "
                       "title; whether the %s relief applies is UNCONFIRMED, so a reviewer decides",
                       t, m, tr, sc_title(c) == 1 ? "holds" : "declares", tr),
            "企业持有（或申报）专精特新或小巨人称号，2亿元的放宽条件是否适用尚未确认");
    else
        rules_emit(c, &p->revenue, VERDICT_FAIL, 0, m, th, xp,
                   "main-business revenue is below %s under both readings (3-year average %s, no "
                   "single year reaches it)%s", t, m,
                   max >= p->relief_avg_main_revenue_fen
                       ? "; the 2亿 relief needs a provincial-or-higher 专精特新 or 小巨人 title, "
                         "which the firm neither holds nor declares"
                       : "");
}

void rules_single_champion(struct rctx *c)
{
    const struct policy_sc *p = &POLICY_SC_2023;
    const struct app_niche *n = &c->app->niche;
    const struct app_declarations *d = &c->app->decl;
    char m[24], th[24];
    int min;

    sc_manufacturing(c, p);

    /* years in the field to 31 Dec of last year: 10, or 5 for a new product */
    min = n->new_product == APP_YES ? p->min_years_new_product : p->min_years;
    check_niche_years(c, &p->years, min);

    sc_revenue(c, p);

    rules_snprintf(th, sizeof th, "global rank <= %d", p->max_global_rank);
    if (n->global_rank == APP_INT_NONE || n->global_rank < 1) {
        rules_emit(c, &p->market, VERDICT_FAIL, 0, "not given", th, "/application/niche/globalRank",
                   "the product's global market rank is not given");
    } else {
        rules_snprintf(m, sizeof m, "rank %d", n->global_rank);
        if (n->global_rank > p->max_global_rank)
            rules_emit(c, &p->market, VERDICT_FAIL, 0, m, th, "/application/niche/globalRank",
                       "the product ranks %d in the world; top %d is required", n->global_rank,
                       p->max_global_rank);
        else
            rules_emit(c, &p->market, VERDICT_JUDGEMENT, 0, m, th,
                       "/application/niche/globalRank",
                       "the firm states a global rank of %d (top %d required); a reviewer judges "
                       "the evidence", n->global_rank, p->max_global_rank);
    }
    rules_judgement(c, &p->tech, "/application/niche",
                 "internationally advanced technology and leading performance indicators are "
                 "judged by experts");
    if (c->app->assessment.energy_advanced == APP_YES)
        rules_judgement(c, &p->energy, "/application/assessment/energyAdvanced",
                     "the firm declares the product's energy use meets the sector's advanced "
                     "value; "
                     "a reviewer checks the evidence");
    else
        rules_emit(c, &p->energy, VERDICT_FAIL, 0,
                   c->app->assessment.energy_advanced == APP_NO ? "no" : "not given", "yes",
                   "/application/assessment/energyAdvanced",
                   "the main product's energy use is not declared to meet the advanced value");
    rules_judgement(c, &p->innovation, "/application/rdInstitutions",
                 "whether the R&D institution, R&D intensity and patents lead the sector is judged "
                 "by experts");
    rules_declaration(c, &p->clean, decl_all(d->no_major_accident, d->not_dishonest,
                                             d->no_tax_violation),
                      0, "noMajorAccident",
                      "no major safety, quality or environmental accident, no serious dishonesty "
                      "and no tax evasion");
    rules_declaration(c, &p->fraud_ban, d->no_fraud_ban, 0, "noFraudBan",
                      "that no title was withdrawn for data fraud in the last 3 years");
}
