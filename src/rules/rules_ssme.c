/*
 * rules_ssme.c — 专精特新中小企业 under the 2022 interim measures (63号 附件2,
 * domain.md §3a) and the 2026 measures (2号 附件1, §3b).
 *
 * 2022: four conditions; the fourth is the 100-point score sheet OR one of
 * four direct routes. 85 points of the sheet are recomputed here; the 15-point
 * 特色化 block is set by each province and Shandong's indicators are
 * UNCONFIRMED (§14.12), so the ≥ 60 test is decided as:
 *   pass          when the computable points alone reach 60,
 *   fail          when even the full 15 would not reach 60,
 *   needs-review  otherwise (a reviewer scores the block).
 * 2026: nine conditions, all required; the prior 科技和创新型 title goes
 * through the registry lookup; the market position and the platform score are
 * for a reviewer (§14.4, §14.10) but a submitted figure below the threshold
 * fails. Thresholds and clauses: POLICY_SSME_2022, POLICY_SSME_2026. Pure.
 */
#include <stdio.h>

#include "rules_int.h"

/* ---- 2022 -------------------------------------------------------------------------- */

static int ssme22_avg_growth_points(const struct policy_ssme22 *p, const struct rctx *c)
{
    const struct app_year *y0 = rules_year(c, 0), *y1 = rules_year(c, 1), *y2 = rules_year(c, 2);

    if (y0 == NULL || y1 == NULL || y2 == NULL)
        return 0;
    for (int i = 0; i < p->growth_bands.n; i++) {
        if (growth_avg2_ge(y2->main_revenue_fen, y1->main_revenue_fen, y0->main_revenue_fen,
                           p->growth_bands.b[i].edge))
            return p->growth_bands.b[i].pts;
    }
    return 0;
}

static int ssme22_quality_items(const struct rctx *c)
{
    const struct app_assessment *s = &c->app->assessment;
    int n = 0, award = 0;

    n += s->management_cert == APP_YES;
    n += s->own_brand == APP_YES;
    for (int i = 0; i < c->app->award_count && i < APP_MAX_AWARDS; i++) {
        const struct app_award *a = &c->app->awards[i];

        if (a->kind == APP_AWARD_QUALITY &&
            (a->level == APP_AWARD_NATIONAL || a->level == APP_AWARD_PROVINCIAL))
            award = 1;
    }
    n += award;
    n += c->app->standard_count > 0;
    return n;
}

static enum verdict ssme22_score(struct rctx *c, const struct policy_ssme22 *p)
{
    const struct app_year *y0 = rules_year(c, 0);
    const struct app_assessment *s = &c->app->assessment;
    const struct app_staff *st = &c->app->staff;
    int ny = niche_years(c), niche, share = 0, growth, field;
    int digital, quality, margin = 0, liab = 0;
    int ip, rd = 0, rd_a = 0, rd_r = 0, staff = 0, inst = 0, items;
    int spec, fine, innov, total;
    char ipwhat[40], m[32], th[64];
    enum verdict v;

    /* 专业化 */
    niche = ny > 0 ? (ny / 2) * p->niche_pts_per_2y : 0;
    if (niche > p->niche_pts_max)
        niche = p->niche_pts_max;
    if (y0 != NULL)
        share = band_ratio(&p->main_share_bands, y0->main_revenue_fen, y0->revenue_fen);
    growth = ssme22_avg_growth_points(p, c);
    field = s->key_chain_link == APP_YES ? p->field_chain_pts
            : (s->liuji == APP_YES || s->laozihao == APP_YES) ? p->field_liuji_pts
                                                              : 0;
    spec = niche + share + growth + field;

    /* 精细化 */
    digital = s->digital_level == APP_INT_NONE ? 0 : band_int(&p->digital_bands, s->digital_level);
    items = ssme22_quality_items(c);
    quality = items * p->quality_pts_per_item;
    if (quality > p->quality_pts_max)
        quality = p->quality_pts_max;
    if (y0 != NULL) {
        margin = band_ratio(&p->margin_bands, y0->net_profit_fen, y0->revenue_fen);
        liab = band_ratio(&p->liab_bands, y0->total_liabilities_fen, y0->total_assets_fen);
    }
    fine = digital + quality + margin + liab;

    /* 创新能力: R&D scores the better of amount and share */
    ip = ip_points(c, p->transfer_grace_years, p->ip_high_value_pts, p->ip_own1_pts, p->ip_1_pts,
                   p->ip_2_pts, ipwhat, sizeof ipwhat);
    if (y0 != NULL && y0->rd_fen != APP_FEN_NONE) {
        for (int i = 0; i < p->rd_amount_bands.n; i++) {
            if (y0->rd_fen >= (int64_t)p->rd_amount_bands.b[i].edge * FEN_WAN) {
                rd_a = p->rd_amount_bands.b[i].pts;
                break;
            }
        }
        rd_r = band_ratio(&p->rd_ratio_bands, y0->rd_fen, y0->revenue_fen);
    }
    rd = rd_a > rd_r ? rd_a : rd_r;
    if (st->rd_staff != APP_INT_NONE && st->employees != APP_INT_NONE && st->employees > 0)
        staff = band_ratio(&p->rd_staff_bands, st->rd_staff, st->employees);
    for (int i = 0; i < c->app->rd_inst_count && i < APP_MAX_RD_INST; i++) {
        int pts;

        switch (c->app->rd_inst[i].level) {
        case APP_RD_NATIONAL:
            pts = p->inst_national_pts;
            break;
        case APP_RD_PROVINCIAL:
            pts = p->inst_provincial_pts;
            break;
        case APP_RD_CITY:
            pts = p->inst_city_pts;
            break;
        case APP_RD_BELOW_CITY:
            pts = p->inst_below_pts;
            break;
        default:
            pts = 0;
            break;
        }
        if (pts > inst)
            inst = pts;
    }
    innov = ip + rd + staff + inst;

    total = spec + fine + innov;
    v = score_verdict(total, total + p->special_block_pts, p->min_score);
    rules_snprintf(m, sizeof m, "%d (+0–%d)", total, p->special_block_pts);
    rules_snprintf(th, sizeof th, ">= %d", p->min_score);
    rules_emit(c, &p->score, v, 1, m, th, "/application/assessment",
               "computable score %d of 85: 专业化 %d (niche %d, main-business share %d, growth %d, "
               "field %d), 精细化 %d (digital %d, quality %d, margin %d, asset-liability %d), "
               "创新能力 %d (IP %d for %s, R&D %d, R&D staff %d, institution %d); the provincial "
               "特色化 block (0–%d) is scored by a reviewer; at least %d in all is required",
               total, spec, niche, share, growth, field, fine, digital, quality, margin, liab,
               innov,
               ip, ipwhat, rd, staff, inst, p->special_block_pts, p->min_score);
    return v;
}

static enum verdict ssme22_direct_rd(struct rctx *c, const struct policy_ssme22 *p)
{
    const struct app_year *y0 = rules_year(c, 0), *y1 = rules_year(c, 1);
    char m[48], t[32], th[48], xp[FINDING_XPATH_MAX];
    int64_t sum;
    enum verdict v;

    fmt_amount(p->direct_rd_avg_fen, t, sizeof t);
    rules_snprintf(th, sizeof th, "average >= %s", t);
    if (y0 == NULL || y1 == NULL || y0->rd_fen == APP_FEN_NONE || y1->rd_fen == APP_FEN_NONE) {
        rules_emit(c, &p->direct_rd, VERDICT_FAIL, 1, "not given", th, "/application/financials",
                   "R&D expense for the last 2 years is not given");
        return VERDICT_FAIL;
    }
    /* average of two years >= X  <=>  sum >= 2X, exact */
    sum = y0->rd_fen + y1->rd_fen;
    fmt_money(sum / 2, m, sizeof m);
    xpath_year(xp, sizeof xp, y0->year, "rdExpense");
    v = sum >= 2 * p->direct_rd_avg_fen ? VERDICT_PASS : VERDICT_FAIL;
    rules_emit(c, &p->direct_rd, v, 1, m, th, xp,
               "average R&D expense in %d–%d is %s%s; at least %s is required", y1->year, y0->year,
               m, sum % 2 != 0 ? " (and a half fen)" : "", t);
    return v;
}

static void ssme22_scale(struct rctx *c, const struct policy_ssme22 *p)
{
    const struct app_year *y0 = rules_year(c, 0);
    char m[48], t[24], te[24], th[FINDING_THRESH_MAX], xp[FINDING_XPATH_MAX];
    int64_t eq;

    fmt_amount(p->min_revenue_fen, t, sizeof t);
    fmt_amount(p->scale_equity_fen, te, sizeof te);
    rules_snprintf(th, sizeof th, "revenue >= %s, or equity >= %s within %d years", t, te,
             p->scale_equity_years);
    if (y0 == NULL || y0->revenue_fen == APP_FEN_NONE) {
        rules_emit(c, &p->scale, VERDICT_FAIL, 0, "not given", th, "/application/financials",
                   "last year's revenue is not given");
        return;
    }
    fmt_money(y0->revenue_fen, m, sizeof m);
    xpath_year(xp, sizeof xp, y0->year, "revenue");
    if (y0->revenue_fen >= p->min_revenue_fen) {
        rules_emit(c, &p->scale, VERDICT_PASS, 0, m, th, xp,
                   "revenue in %d is %s; at least %s is required", y0->year, m, t);
        return;
    }
    eq = rules_equity_sum(c, &c->on, p->scale_equity_years, 1, 1);
    if (eq >= p->scale_equity_fen) {
        char e[48];

        fmt_money(eq, e, sizeof e);
        rules_emit(c, &p->scale, VERDICT_PASS, 0, e, th, "/application/equityFinancing",
                   "revenue in %d is %s, below %s, but new qualified equity within %d years is "
                   "%s (at least %s)", y0->year, m, t, p->scale_equity_years, e, te);
        return;
    }
    rules_emit(c, &p->scale, VERDICT_FAIL, 0, m, th, xp,
               "revenue in %d is %s, below %s, and new qualified equity within %d years is below "
               "%s", y0->year, m, t, p->scale_equity_years, te);
}

void rules_specialized_2022(struct rctx *c)
{
    const struct policy_ssme22 *p = &POLICY_SSME_2022;
    const struct app_year *y0 = rules_year(c, 0);
    const struct app_declarations *d = &c->app->decl;
    enum verdict v[5], best = VERDICT_FAIL;
    char xp[FINDING_XPATH_MAX], what[48];

    check_sme_size(c, &p->sme_size);
    rules_declaration(c, &p->credit, decl_all(d->not_anomaly, d->not_dishonest, APP_YES), 0,
                      "notOnDishonestyList",
                      "that it is on neither the business-anomaly nor the serious-dishonesty list");
    /* prior title: a valid 创新型 (or 科技和创新型) title; whether 63号 made it a
     * formal prerequisite is UNCONFIRMED (domain.md §1), so "not held" is
     * needs-review, never fail */
    rules_prereq_any(c, &p->prereq,
                     TIER_BIT(TIER_INNOVATIVE_SME) | TIER_BIT(TIER_TECH_INNOVATIVE_SME), 1, 0);
    /* (一) niche ≥ 2 years to the end of last year */
    check_niche_years(c, &p->niche_years, p->min_niche_years);
    /* (二) last year's R&D ≥ 100万 and ≥ 3% of revenue */
    if (y0 == NULL) {
        rules_emit(c, &p->rd_amount, VERDICT_FAIL, 0, "not given", "", "/application/financials",
                   "no financial year is given");
        rules_emit(c, &p->rd_ratio, VERDICT_FAIL, 0, "not given", "", "/application/financials",
                   "no financial year is given");
    } else {
        xpath_year(xp, sizeof xp, y0->year, "rdExpense");
        rules_snprintf(what, sizeof what, "R&D expense in %d", y0->year);
        check_amount_min(c, &p->rd_amount, y0->rd_fen, p->min_rd_fen, xp, what);
        rules_snprintf(what, sizeof what, "in %d", y0->year);
        check_ratio_min(c, &p->rd_ratio, y0->rd_fen, y0->revenue_fen, p->min_rd_bp, xp,
                        "R&D expense", "revenue", what);
    }
    /* (三) scale */
    ssme22_scale(c, p);
    /* (四) score or direct route */
    v[0] = ssme22_score(c, p);
    v[1] = route_award(c, &p->direct_award, p->award_years, p->nat_award_top, p->prov_award_top, 1);
    v[2] = ssme22_direct_rd(c, p);
    v[3] = route_equity(c, &p->direct_equity, p->direct_equity_fen, p->direct_equity_years, 1);
    v[4] = route_maker(c, &p->direct_maker, p->maker_top, p->maker_years, 1);
    for (int i = 0; i < 5; i++)
        best = verdict_best(best, v[i]);
    if (best == VERDICT_PASS)
        rules_emit(c, &p->qualify, VERDICT_PASS, 0, v[0] == VERDICT_PASS ? "score" : "direct",
                   "score >= 60 or a direct route", "/application",
                   "condition (四) is met %s (see SSME22-SCORE and SSME22-DIRECT-*)",
                   v[0] == VERDICT_PASS ? "by the score" : "by a direct route");
    else if (best == VERDICT_FAIL)
        rules_emit(c, &p->qualify, VERDICT_FAIL, 0, "none", "score >= 60 or a direct route",
                   "/application",
                   "no direct route is met and the score stays below 60 even with the full "
                   "特色化 block");
    else
        rules_why_zh(
            rules_emit(
                c, &p->qualify, VERDICT_NEEDS_REVIEW, 0, "undecided",
                "score >= 60 or a direct route", "/application",
                "no direct route is met; the score reaches 60 only with part of the provincial "
                "特色化 block, which a reviewer scores"),
            "无直通条件满足，评分只有加上部分省级特色化指标分才达到60分，需评审人员评定");
}

/* ---- 2026 -------------------------------------------------------------------------- */

static void ssme26_prereq(struct rctx *c, const struct policy_ssme26 *p)
{
    /* A valid 创新型 certificate satisfies "a valid 科技和创新型 title" until it
     * expires: the same level renamed, and 2022 certificates stay valid
     * (domain.md §1). */
    unsigned ok = TIER_BIT(TIER_TECH_INNOVATIVE_SME) | TIER_BIT(TIER_INNOVATIVE_SME);

    if (rules_held(c, TIER_TECH_INNOVATIVE_SME) != 1 && rules_held(c, TIER_INNOVATIVE_SME) != 1 &&
        rules_held(c, TIER_TECH_SME) == 1) {
        /* A 科技型 number from before the merger: the sources do not say
         * whether it stands in for 科技和创新型 (domain.md §2b). */
        rules_why_zh(
            rules_emit(c, &p->prereq, VERDICT_NEEDS_REVIEW, 0, "科技型 held", "科技和创新型 held",
                       "/application/holds",
                       "the firm holds a valid 科技型 title but neither 科技和创新型 nor 创新型; "
                       "whether the older title counts is UNCONFIRMED, so a reviewer decides"),
            "仅持有科技型中小企业称号，能否替代科技和创新型称号尚未确认");
        return;
    }
    rules_prereq_any(c, &p->prereq, ok, 1, 1);
}

static void ssme26_scale(struct rctx *c, const struct policy_ssme26 *p)
{
    const struct app_year *y0 = rules_year(c, 0);
    char m[48], t[24], te[24], th[FINDING_THRESH_MAX], xp[FINDING_XPATH_MAX];
    int64_t eq;

    fmt_amount(p->min_revenue_fen, t, sizeof t);
    fmt_amount(p->scale_equity_fen, te, sizeof te);
    rules_snprintf(th, sizeof th, "revenue >= %s, or equity >= %s within %d years", t, te,
             p->scale_equity_years);
    eq = rules_equity_sum(c, &c->on, p->scale_equity_years, 1, 1);
    if (y0 != NULL && y0->revenue_fen != APP_FEN_NONE && y0->revenue_fen >= p->min_revenue_fen) {
        fmt_money(y0->revenue_fen, m, sizeof m);
        xpath_year(xp, sizeof xp, y0->year, "revenue");
        rules_emit(c, &p->scale, VERDICT_PASS, 0, m, th, xp,
                   "revenue in %d is %s; at least %s is required", y0->year, m, t);
    } else if (eq >= p->scale_equity_fen) {
        fmt_money(eq, m, sizeof m);
        rules_emit(c, &p->scale, VERDICT_PASS, 0, m, th, "/application/equityFinancing",
                   "revenue is below %s but new qualified equity within %d years is %s (at least "
                   "%s)", t, p->scale_equity_years, m, te);
    } else {
        if (y0 != NULL)
            fmt_money(y0->revenue_fen, m, sizeof m);
        else
            rules_snprintf(m, sizeof m, "not given");
        rules_emit(c, &p->scale, VERDICT_FAIL, 0, m, th, "/application/financials",
                   "last year's revenue is %s, below %s, and new qualified equity within %d years "
                   "is below %s", m, t, p->scale_equity_years, te);
    }
}

/* Platform score (专精特新发展评价): below the threshold fails; at or above it
 * a reviewer checks the platform record (§14.10). Renewals may use either of
 * the last two years. Shared with 2026 小巨人. */
void check_platform_score(struct rctx *c, const struct rule_ref *r, int min_cp)
{
    const struct app_assessment *s = &c->app->assessment;
    int best = s->platform_score_cp;
    char m[32], th[24], t[16];

    if (c->app->renewal == APP_YES && s->platform_score_prev_cp != APP_INT_NONE &&
        s->platform_score_prev_cp > best)
        best = s->platform_score_prev_cp;
    fmt_points(min_cp, t, sizeof t);
    rules_snprintf(th, sizeof th, ">= %s", t);
    if (best == APP_INT_NONE) {
        rules_emit(c, r, VERDICT_FAIL, 0, "not given", th, "/application/assessment/platformScore",
                   "the 专精特新发展评价 score is not given");
        return;
    }
    fmt_points(best, m, sizeof m);
    if (best < min_cp)
        rules_emit(c, r, VERDICT_FAIL, 0, m, th, "/application/assessment/platformScore",
                   "the 专精特新发展评价 score is %s; at least %s is required", m, t);
    else
        rules_emit(c, r, VERDICT_JUDGEMENT, 0, m, th, "/application/assessment/platformScore",
                   "the submitted 专精特新发展评价 score is %s (at least %s); the platform's "
                   "formula "
                   "is not public, so a reviewer checks the platform record", m, t);
}

void rules_specialized_2026(struct rctx *c)
{
    const struct policy_ssme26 *p = &POLICY_SSME_2026;
    const struct app_declarations *d = &c->app->decl;
    const struct app_niche *n = &c->app->niche;
    struct ip_filter f = { .cls = APP_IP_CLASS_1, .main_product = 1, .in_use = 1 };
    int nip;
    char m[64], th[32];

    check_sme_size(c, &p->sme_size);
    rules_declaration(c, &p->credit, decl_all(d->not_anomaly, d->not_dishonest, APP_YES), 0,
                      "notOnDishonestyList",
                      "that it is on neither the business-anomaly nor the serious-dishonesty list");
    ssme26_prereq(c, p);                                   /* (一) */
    check_niche_years(c, &p->niche_years, p->min_niche_years); /* (二) */
    ssme26_scale(c, p);                                    /* (三) */
    check_main_share(c, &p->main_share, p->min_main_share_bp); /* (四) */
    check_liability(c, &p->liability, p->max_liability_bp, 0); /* (五) */
    check_rd_each_year(c, &p->rd_amount, p->rd_years, p->min_rd_fen, 0, 0, NULL); /* (六) */
    check_rd_each_year(c, &p->rd_ratio, p->rd_years, 0, p->min_rd_bp, 0, NULL);

    /* (七) ≥ 1 class-I IP valid on the application date; waived by a
     * provincial-or-higher science award (top 3, last 3 years) or R&D institution */
    nip = rules_ip_count(c, &c->on, &f);
    rules_snprintf(m, sizeof m, "%d", nip);
    rules_snprintf(th, sizeof th, ">= %d class-I", p->min_type1_ip);
    if (nip >= p->min_type1_ip)
        rules_emit(c, &p->ip_count, VERDICT_PASS, 0, m, th, "/application/intellectualProperty",
                   "the firm has %d class-I IP item%s valid on the application date; at least %d "
                   "is required", nip, nip == 1 ? "" : "s", p->min_type1_ip);
    else if (route_award(c, NULL, p->waiver_award_years, p->waiver_award_top,
                         p->waiver_award_top, 0) == VERDICT_PASS ||
             route_institution(c, NULL, APP_RD_PROVINCIAL, 0) == VERDICT_PASS)
        rules_emit(c, &p->ip_count, VERDICT_PASS, 0, m, th, "/application/awards",
                   "the firm has %d class-I IP item%s, but the requirement is waived by a "
                   "provincial-or-higher science award (top %d) or R&D institution", nip,
                   nip == 1 ? "" : "s", p->waiver_award_top);
    else
        rules_emit(c, &p->ip_count, VERDICT_FAIL, 0, m, th, "/application/intellectualProperty",
                   "the firm has %d class-I IP item%s valid on the application date; at least %d "
                   "is required and no waiving award or institution is given", nip,
                   nip == 1 ? "" : "s", p->min_type1_ip);
    rules_judgement(c, &p->ip_use, "/application/intellectualProperty",
                 "whether the IP relates to the main product and is in use earning money needs a "
                 "reviewer");

    /* (八) no number is given: a reviewer judges the submitted position */
    if (n->domestic_share_bp != APP_INT_NONE || n->domestic_rank != APP_INT_NONE) {
        char sh[16] = "not given", rk[16] = "not given";

        if (n->domestic_share_bp != APP_INT_NONE)
            fmt_bp(n->domestic_share_bp, sh, sizeof sh);
        if (n->domestic_rank != APP_INT_NONE)
            rules_snprintf(rk, sizeof rk, "%d", n->domestic_rank);
        rules_snprintf(m, sizeof m, "share %s, rank %s", sh, rk);
        rules_emit(c, &p->market, VERDICT_JUDGEMENT, 0, m, "较为靠前", "/application/niche",
                   "the firm states a domestic niche share of %s and a domestic rank of %s; "
                   "whether that is \"fairly high\" is for a reviewer", sh, rk);
    } else {
        rules_judgement(c, &p->market, "/application/niche",
                     "no market share or rank is given; a reviewer judges the market position");
    }
    check_platform_score(c, &p->platform_score, p->min_platform_cp); /* (九) */
}
