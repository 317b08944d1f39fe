/*
 * rules_little_giant.c — 专精特新"小巨人" under the 2022 interim measures
 * (63号 附件3, six dimensions; domain.md §4a) and the 2026 measures (2号 附件2,
 * seven indicators plus the 2026 notice's screening rules; §4b).
 *
 * 2022 创新能力 is a route choice: the general route needs all three of R&D
 * intensity (banded by last year's revenue), an R&D institution and ≥ 2
 * class-I IP; the direct route (national award top 3, 创客中国 top 50) is
 * UNCONFIRMED, so meeting only it gives needs-review. The 2-year niche
 * exception for gap-filling firms is UNCONFIRMED too: 2 years gives
 * needs-review, fewer fails. The prerequisites (专精特新 held; for 2026 no
 * 单项冠军 held) go through the registry lookup (rules_prereq). Thresholds and
 * clauses: POLICY_LG_2022 (policy_2022.c), POLICY_LG_2026 (policy_2026.c). Pure.
 */
#include <stdio.h>

#include "rules_int.h"

/* ---- 2022 -------------------------------------------------------------------------- */

static void lg22_niche(struct rctx *c, const struct policy_lg22 *p)
{
    int n = niche_years(c);

    if (n >= 0 && n < p->min_niche_years && n >= p->exception_niche_years) {
        char m[24], th[24];

        rules_snprintf(m, sizeof m, "%d year%s", n, n == 1 ? "" : "s");
        rules_snprintf(th, sizeof th, ">= %d years", p->min_niche_years);
        rules_why_zh(
            rules_emit(
                c, &p->niche_years, VERDICT_NEEDS_REVIEW, 0, m, th, "/application/niche/since",
                "the firm has been in its niche market for %d full year%s to the end of last "
                "year; %d are required, or %d for firms filling gaps in key fields (that "
                "exception is UNCONFIRMED; a reviewer decides)",
                n, n == 1 ? "" : "s", p->min_niche_years, p->exception_niche_years),
            "不足3年，补短板、填空白企业可放宽至2年的例外尚未确认");
        return;
    }
    check_niche_years(c, &p->niche_years, p->min_niche_years);
}

static void lg22_growth(struct rctx *c, const struct policy_lg22 *p)
{
    const struct app_year *y0 = rules_year(c, 0), *y1 = rules_year(c, 1), *y2 = rules_year(c, 2);
    char m[32], t[16], th[24], xp[FINDING_XPATH_MAX];

    rules_snprintf(t, sizeof t, "%d.00%%", p->min_avg_growth_pct);
    rules_snprintf(th, sizeof th, ">= %s", t);
    if (y0 == NULL || y1 == NULL || y2 == NULL || y0->main_revenue_fen == APP_FEN_NONE ||
        y1->main_revenue_fen == APP_FEN_NONE || y2->main_revenue_fen == APP_FEN_NONE ||
        y1->main_revenue_fen <= 0 || y2->main_revenue_fen <= 0) {
        rules_emit(c, &p->growth, VERDICT_FAIL, 0, "not given", th, "/application/financials",
                   "main-business revenue for 3 consecutive years (positive in the first two) is "
                   "needed for the 2-year average growth");
        return;
    }
    /* 平均增长率: the arithmetic mean of the two year-on-year rates */
    fmt_bp(growth_avg2_bp(y2->main_revenue_fen, y1->main_revenue_fen, y0->main_revenue_fen), m,
           sizeof m);
    xpath_year(xp, sizeof xp, y0->year, "mainRevenue");
    rules_emit(c, &p->growth,
               growth_avg2_ge(y2->main_revenue_fen, y1->main_revenue_fen, y0->main_revenue_fen,
                              p->min_avg_growth_pct)
                   ? VERDICT_PASS
                   : VERDICT_FAIL,
               0, m, th, xp,
               "main-business revenue grew on average %s a year in %d–%d; at least %s is required",
               m, y2->year, y0->year, t);
}

/* 创新能力 (一): R&D by revenue band (detail). */
static enum verdict lg22_rd(struct rctx *c, const struct policy_lg22 *p)
{
    const struct app_year *y0 = rules_year(c, 0), *y1 = rules_year(c, 1);
    const struct app_staff *st = &c->app->staff;
    char m[128], t1[24], t2[24], th[160], xp[FINDING_XPATH_MAX];
    int64_t eq, rd2;
    int ok;

    if (y0 == NULL || y0->revenue_fen == APP_FEN_NONE) {
        rules_emit(c, &p->rd_intensity, VERDICT_FAIL, 1, "not given", "", "/application/financials",
                   "last year's revenue is not given");
        return VERDICT_FAIL;
    }
    fmt_amount(p->rd_high_revenue_fen, t1, sizeof t1);
    fmt_amount(p->rd_mid_revenue_fen, t2, sizeof t2);
    if (y0->revenue_fen >= p->rd_high_revenue_fen) {
        rules_snprintf(m, sizeof m, " for last year's revenue of at least %s", t1);
        return check_rd_each_year(c, &p->rd_intensity, 2, 0, p->rd_high_bp, 1, m);
    }
    if (y0->revenue_fen >= p->rd_mid_revenue_fen) {
        rules_snprintf(m, sizeof m, " for last year's revenue of %s–%s", t2, t1);
        return check_rd_each_year(c, &p->rd_intensity, 2, 0, p->rd_mid_bp, 1, m);
    }

    /* revenue below 5000万: equity, R&D total and R&D staff together */
    eq = rules_equity_sum(c, &c->on, p->small_equity_years, 1, 1);
    rd2 = APP_FEN_NONE;
    if (y1 != NULL && y0->rd_fen != APP_FEN_NONE && y1->rd_fen != APP_FEN_NONE)
        rd2 = y0->rd_fen + y1->rd_fen;
    ok = eq >= p->small_equity_fen && rd2 != APP_FEN_NONE && rd2 >= p->small_rd_total_fen &&
         st->rd_staff != APP_INT_NONE && st->employees != APP_INT_NONE &&
         ratio_ge(st->rd_staff, st->employees, p->small_rd_staff_bp, 10000);
    {
        char e[32], r2[32], s[16], te[24], tr[24], ts[16];

        fmt_money(eq, e, sizeof e);
        fmt_money(rd2, r2, sizeof r2);
        if (st->rd_staff != APP_INT_NONE && st->employees > 0)
            fmt_ratio(st->rd_staff, st->employees, s, sizeof s);
        else
            rules_snprintf(s, sizeof s, "n/a");
        fmt_amount(p->small_equity_fen, te, sizeof te);
        fmt_amount(p->small_rd_total_fen, tr, sizeof tr);
        fmt_bp(p->small_rd_staff_bp, ts, sizeof ts);
        rules_snprintf(m, sizeof m, "equity %s, R&D %s, staff %s", e, r2, s);
        rules_snprintf(th, sizeof th, "equity >= %s, 2-year R&D >= %s, R&D staff >= %s", te, tr, ts);
        xpath_year(xp, sizeof xp, y0->year, "revenue");
        rules_emit(c, &p->rd_intensity, ok ? VERDICT_PASS : VERDICT_FAIL, 1, m, th, xp,
                   "with revenue below %s the firm needs new equity of at least %s within %d "
                   "years (has %s), R&D over 2 years of at least %s (has %s) and R&D staff of at "
                   "least %s (has %s)", t2, te, p->small_equity_years, e, tr, r2, ts, s);
    }
    return ok ? VERDICT_PASS : VERDICT_FAIL;
}

static enum verdict ip_count_check(struct rctx *c, const struct rule_ref *r,
                                   const struct ip_filter *f, int min, int detail)
{
    int n = rules_ip_count(c, &c->on, f);
    char m[16], th[32];
    enum verdict v = n >= min ? VERDICT_PASS : VERDICT_FAIL;

    rules_snprintf(m, sizeof m, "%d", n);
    rules_snprintf(th, sizeof th, ">= %d class-I", min);
    rules_emit(c, r, v, detail, m, th, "/application/intellectualProperty",
               "the firm has %d qualifying class-I IP item%s valid on the application date; at "
               "least %d %s required", n, n == 1 ? "" : "s", min, min == 1 ? "is" : "are");
    return v;
}

static void flag_check(struct rctx *c, const struct rule_ref *r, int ok, const char *xp,
                       const char *yes, const char *no)
{
    rules_emit(c, r, ok ? VERDICT_PASS : VERDICT_FAIL, 0, ok ? "yes" : "no", "yes", xp, "%s",
               ok ? yes : no);
}

void rules_little_giant_2022(struct rctx *c)
{
    const struct policy_lg22 *p = &POLICY_LG_2022;
    const struct app_assessment *s = &c->app->assessment;
    const struct app_niche *n = &c->app->niche;
    struct ip_filter f = { .cls = APP_IP_CLASS_1, .main_product = 1, .in_use = 1 };
    enum verdict rd, inst, ip, general, aw, mk;
    char m[32], th[32];

    rules_prereq(c, &p->prereq, TIER_SPECIALIZED_SME, 1, p->prereq_confirmed);

    /* 专业化 */
    lg22_niche(c, p);
    check_main_share(c, &p->main_share, p->min_main_share_bp);
    lg22_growth(c, p);

    /* 精细化 */
    rules_snprintf(m, sizeof m, "%d", s->it_core_processes);
    rules_snprintf(th, sizeof th, ">= %d", p->min_it_processes);
    rules_emit(c, &p->it,
               s->it_core_processes != APP_INT_NONE && s->it_core_processes >= p->min_it_processes
                   ? VERDICT_PASS
                   : VERDICT_FAIL,
               0, s->it_core_processes == APP_INT_NONE ? "not given" : m, th,
               "/application/assessment/itCoreProcesses",
               "core business processes run on IT systems: %s; at least %d is required",
               s->it_core_processes == APP_INT_NONE ? "not given" : m, p->min_it_processes);
    flag_check(c, &p->cert, s->management_cert == APP_YES || s->foreign_product_cert == APP_YES,
               "/application/assessment/managementCertification",
               "the firm holds a management-system certification or a product certified in a "
               "developed country",
               "neither a management-system certification nor a foreign product certification "
               "is given");
    check_liability(c, &p->liability, p->max_liability_bp, 0);

    /* 特色化: a submitted share below 10% fails; at or above, the evidence is
     * for a reviewer (§14.4) */
    rules_snprintf(th, sizeof th, ">= ");
    fmt_bp(p->min_market_share_bp, th + 3, sizeof th - 3);
    if (n->domestic_share_bp == APP_INT_NONE) {
        rules_emit(c, &p->market, VERDICT_FAIL, 0, "not given", th,
                   "/application/niche/domesticShare",
                   "the share of the national niche market is not given");
    } else {
        fmt_bp(n->domestic_share_bp, m, sizeof m);
        if (n->domestic_share_bp < p->min_market_share_bp)
            rules_emit(c, &p->market, VERDICT_FAIL, 0, m, th, "/application/niche/domesticShare",
                       "the main product's share of the national niche market is %s; at least %s "
                       "is required", m, th + 3);
        else
            rules_emit(c, &p->market, VERDICT_JUDGEMENT, 0, m, th,
                       "/application/niche/domesticShare",
                       "the firm states a national niche share of %s (at least %s); a reviewer "
                       "judges the evidence", m, th + 3);
    }
    if (s->own_brand == APP_YES)
        rules_judgement(c, &p->brand, "/application/assessment/ownBrand",
                     "the firm owns a brand; whether it is competitive is for a reviewer");
    else
        rules_emit(c, &p->brand, VERDICT_FAIL, 0, "no", "own brand",
                   "/application/assessment/ownBrand", "no brand of the firm's own is given");

    /* 创新能力: general route (all three) or the UNCONFIRMED direct route */
    rd = lg22_rd(c, p);
    inst = route_institution(c, &p->rd_institution, APP_RD_BELOW_CITY, 1);
    ip = ip_count_check(c, &p->ip_count, &f, p->min_type1_ip, 1);
    general = rd > inst ? rd : inst;
    general = general > ip ? general : ip;
    aw = route_award(c, &p->direct_award, p->award_years, p->award_top, 0, 1);
    mk = route_maker(c, &p->direct_maker, p->maker_top, p->maker_years, 1);
    if (general == VERDICT_PASS)
        rules_emit(c, &p->innovation, VERDICT_PASS, 0, "general route", "all three, or direct",
                   "/application", "R&D intensity, an R&D institution and class-I IP are all met");
    else if (aw == VERDICT_PASS || mk == VERDICT_PASS)
        rules_why_zh(
            rules_emit(c, &p->innovation, VERDICT_NEEDS_REVIEW, 0, "direct route",
                       "all three, or direct", "/application",
                       "the general route is not met, but a direct route (national award top 3 or "
                       "创客中国 top 50) is; that route is UNCONFIRMED, so a reviewer decides"),
            "一般途径未满足，满足的直通条件尚未确认");
    else
        rules_emit(c, &p->innovation, VERDICT_FAIL, 0, "none", "all three, or direct",
                   "/application",
                   "the general route (R&D intensity, R&D institution, class-I IP) is not met and "
                   "no direct route applies");
    rules_judgement(c, &p->ip_use, "/application/intellectualProperty",
                 "whether the IP relates to the main product and is in use earning money needs a "
                 "reviewer");

    /* 产业链配套, 主导产品所属领域: reviewer, wording UNCONFIRMED */
    rules_judgement(c, &p->chain, "/application/assessment/keyChainLink",
                 "the firm's role at a key link of an industry chain (补短板/锻长板/填空白) is "
                 "judged "
                 "by a reviewer");
    rules_judgement(c, &p->field, "/application/assessment/priorityField",
                 "whether the main product falls in the priority fields is judged by a reviewer");
}

/* ---- 2026 -------------------------------------------------------------------------- */

static void lg26_no_champion(struct rctx *c, const struct policy_lg26 *p)
{
    /* The applicant's own declaration that it holds a 单项冠军 title (firm or
     * product) is enough to stop the recommendation. */
    for (int i = 0; i < c->app->hold_count && i < APP_MAX_HOLDS; i++) {
        const struct app_hold *h = &c->app->holds[i];
        char xp[48];

        if (h->tier != TIER_SINGLE_CHAMPION && h->honour != APP_HONOUR_SINGLE_CHAMPION_PRODUCT)
            continue;
        if (APP_DATE_GIVEN(h->valid_until) && date_cmp(&h->valid_until, &c->on) < 0)
            continue;
        rules_snprintf(xp, sizeof xp, "/application/holds/title[%d]", i + 1);
        struct finding *f =
            rules_emit(c, &p->no_champion, VERDICT_FAIL, 0, "held", "not held", xp,
                       "the firm declares a 单项冠军 title (certificate %s); holders are not "
                       "recommended", h->certificate);
        if (f != NULL)
            f->prerequisite = 1;
        return;
    }
    rules_prereq(c, &p->no_champion, TIER_SINGLE_CHAMPION, 0, 1);
}

static void lg26_growth(struct rctx *c, const struct policy_lg26 *p)
{
    const struct app_year *y0 = rules_year(c, 0), *y2 = rules_year(c, 2);
    char m[32], t[16], th[24], xp[FINDING_XPATH_MAX];

    rules_snprintf(t, sizeof t, "%d.00%%", p->min_cagr_pct);
    rules_snprintf(th, sizeof th, ">= %s", t);
    if (c->app->renewal == APP_YES) {
        rules_emit(c, &p->growth, VERDICT_PASS, 0, "renewal", th, "/application/renewal",
                   "revenue growth is not required for a renewal (复核)");
        return;
    }
    if (y0 == NULL || y2 == NULL || y0->revenue_fen == APP_FEN_NONE ||
        y2->revenue_fen == APP_FEN_NONE || y2->revenue_fen <= 0) {
        rules_emit(c, &p->growth, VERDICT_FAIL, 0, "not given", th, "/application/financials",
                   "revenue for 3 consecutive years (positive in the first) is needed for the "
                   "2-year compound growth rate");
        return;
    }
    /* CAGR over 2 years >= 5%  <=>  rev_last * 100^2 >= rev_first * 105^2 */
    fmt_bp(growth_cagr2_bp(y2->revenue_fen, y0->revenue_fen), m, sizeof m);
    xpath_year(xp, sizeof xp, y0->year, "revenue");
    rules_emit(c, &p->growth,
               growth_cagr2_ge(y2->revenue_fen, y0->revenue_fen, p->min_cagr_pct) ? VERDICT_PASS
                                                                                  : VERDICT_FAIL,
               0, m, th, xp, "revenue grew at a compound %s a year from %d to %d; at least %s is "
               "required", m, y2->year, y0->year, t);
}

static void lg26_market(struct rctx *c, const struct policy_lg26 *p)
{
    const struct app_niche *n = &c->app->niche;
    int share = n->domestic_share_bp > n->global_share_bp ? n->domestic_share_bp
                                                          : n->global_share_bp;
    char m[48], sh[16] = "not given", rk[16] = "not given", th[48], t[16];

    fmt_bp(p->min_market_share_bp, t, sizeof t);
    rules_snprintf(th, sizeof th, "share >= %s or domestic rank <= %d", t, p->max_market_rank);
    if (share != APP_INT_NONE)
        fmt_bp(share, sh, sizeof sh);
    if (n->domestic_rank != APP_INT_NONE)
        rules_snprintf(rk, sizeof rk, "%d", n->domestic_rank);
    rules_snprintf(m, sizeof m, "share %s, rank %s", sh, rk);
    /* the firm's own statement is accepted (no third-party proof, domain.md §4b) */
    if (share != APP_INT_NONE && share >= p->min_market_share_bp)
        rules_emit(c, &p->market, VERDICT_PASS, 0, m, th, "/application/niche",
                   "the firm states a niche market share of %s; at least %s is required", sh, t);
    else if (n->domestic_rank != APP_INT_NONE && n->domestic_rank >= 1 &&
             n->domestic_rank <= p->max_market_rank)
        rules_emit(c, &p->market, VERDICT_PASS, 0, m, th, "/application/niche/domesticRank",
                   "the firm states it ranks %d in China in its niche; top %d is required",
                   n->domestic_rank, p->max_market_rank);
    else
        rules_emit(c, &p->market, VERDICT_FAIL, 0, m, th, "/application/niche",
                   "the firm states a niche share of %s and a domestic rank of %s; %s or top %d "
                   "in China is required", sh, rk, t, p->max_market_rank);
}

void rules_little_giant_2026(struct rctx *c)
{
    const struct policy_lg26 *p = &POLICY_LG_2026;
    const struct app_assessment *s = &c->app->assessment;
    const struct app_year *y0 = rules_year(c, 0), *y1 = rules_year(c, 1);
    struct ip_filter f = { .cls = APP_IP_CLASS_1, .no_transfer_in = 1,
                           .max_holder_rank = p->max_holder_rank, .main_product = 1, .in_use = 1 };
    char xp[FINDING_XPATH_MAX], what[48];

    rules_prereq(c, &p->prereq, TIER_SPECIALIZED_SME, 1, 1);  /* 0 */
    lg26_no_champion(c, p);
    rules_judgement(c, &p->group, "/application/enterprise",
                 "a controlling-stake link to an existing 小巨人, or similar products in the same "
                 "group, is checked by a reviewer");
    rules_declaration(c, &p->fraud_ban, c->app->decl.no_fraud_ban, 0, "noFraudBan",
                      "that no title was withdrawn for data fraud in the last 3 years");
    check_niche_years(c, &p->niche_years, p->min_niche_years); /* 1 */

    /* 2: scale and finances */
    if (y0 == NULL) {
        rules_emit(c, &p->revenue, VERDICT_FAIL, 0, "not given", "", "/application/financials",
                   "no financial year is given");
    } else {
        xpath_year(xp, sizeof xp, y0->year, "revenue");
        rules_snprintf(what, sizeof what, "revenue in %d", y0->year);
        check_amount_min(c, &p->revenue, y0->revenue_fen, p->min_revenue_fen, xp, what);
    }
    check_main_share(c, &p->main_share, p->min_main_share_bp);
    lg26_growth(c, p);
    check_liability(c, &p->liability, p->max_liability_bp, 0);

    /* 3: R&D total over 2 years, and the share in each year */
    if (y0 == NULL || y1 == NULL || y0->rd_fen == APP_FEN_NONE || y1->rd_fen == APP_FEN_NONE) {
        rules_emit(c, &p->rd_amount, VERDICT_FAIL, 0, "not given", "", "/application/financials",
                   "R&D expense for the last 2 years is not given");
    } else {
        xpath_year(xp, sizeof xp, y0->year, "rdExpense");
        rules_snprintf(what, sizeof what, "R&D expense in %d–%d", y1->year, y0->year);
        check_amount_min(c, &p->rd_amount, y0->rd_fen + y1->rd_fen, p->min_rd_total_fen, xp,
                         what);
    }
    check_rd_each_year(c, &p->rd_ratio, 2, 0, p->min_rd_bp, 0, NULL);

    /* 4: ≥ 4 class-I IP, own R&D, firm among the first 3 right-holders;
     * waived by a national science award (top 3, last 3 years) */
    if (rules_ip_count(c, &c->on, &f) < p->min_type1_ip &&
        route_award(c, NULL, p->waiver_award_years, p->waiver_award_top, 0, 0) == VERDICT_PASS) {
        rules_emit(c, &p->ip_count, VERDICT_PASS, 0, "waived", "waived by national award",
                   "/application/awards",
                   "fewer than %d qualifying class-I IP items, but a national science award "
                   "(top %d) within %d years waives the requirement", p->min_type1_ip,
                   p->waiver_award_top, p->waiver_award_years);
    } else {
        ip_count_check(c, &p->ip_count, &f, p->min_type1_ip, 0);
    }
    rules_judgement(c, &p->ip_use, "/application/intellectualProperty",
                 "whether the IP relates to the main product and is in use earning money needs a "
                 "reviewer");

    lg26_market(c, p); /* 5 */

    /* 6: field — a claim a reviewer judges; no claim at all fails */
    if (s->liuji == APP_YES || s->key_chain_link == APP_YES || s->priority_field == APP_YES)
        rules_judgement(c, &p->field, "/application/assessment/liuji",
                     "the firm claims a 六基 field or a key chain link; a reviewer judges the fit");
    else
        rules_emit(c, &p->field, VERDICT_FAIL, 0, "none", "六基 or key chain link",
                   "/application/assessment/liuji",
                   "the main product is claimed neither in a 六基 field nor at a key chain link");

    check_platform_score(c, &p->platform_score, p->min_platform_cp); /* 7 */
}
