/*
 * rules_base.c — the base tiers: 创新型中小企业 (63号 附件1, domain.md §2a),
 * 科技型中小企业 (国科发政〔2017〕115号, §7) and the 2026 merged tier
 * 科技和创新型中小企业, which during the transition (2号 第三十条, §2b) qualifies
 * under either of the first two.
 *
 * Both base tiers qualify by a score sheet OR a direct route. Each route is a
 * detail finding; ISME-QUALIFY / TSME-QUALIFY give the criterion's verdict
 * (pass if any route passes, fail if all fail, needs-review otherwise).
 * Score sheets are recomputed from the submitted values; a part that a person
 * must confirm (the 创新型 "strategic emerging industry" claim) is scored as a
 * range, lowest to highest, and score_verdict() decides. Thresholds and
 * clauses: POLICY_ISME_2022, POLICY_TSME_2017, POLICY_TISME_2026. Pure.
 */
#include <stdio.h>

#include "rules_int.h"

/* ---- 创新型中小企业 ---------------------------------------------------------------- */

/* Growth points: the first band whose growth (pct) cur/prev meets. */
static int growth_points(const struct band_table *t, int64_t prev, int64_t cur)
{
    if (prev == APP_FEN_NONE || cur == APP_FEN_NONE || prev <= 0)
        return 0;
    for (int i = 0; i < t->n; i++) {
        if (growth_yoy_ge(prev, cur, t->b[i].edge))
            return t->b[i].pts;
    }
    return 0;
}

static enum verdict isme_score(struct rctx *c, const struct policy_isme *p)
{
    const struct app_year *y0 = rules_year(c, 0), *y1 = rules_year(c, 1);
    int ip, rd = 0, gr = 0, li = 0, fl_lo, fl_hi, ms = 0;
    int inn, grow, sp_lo, sp_hi, tot_lo, tot_hi;
    char ipwhat[40], m[48], th[96], xp[FINDING_XPATH_MAX], sp[16];
    enum verdict v;

    ip = ip_points(c, p->transfer_grace_years, p->ip_high_value_pts, p->ip_own1_pts, p->ip_1_pts,
                   p->ip_2_pts, ipwhat, sizeof ipwhat);
    if (y0 != NULL) {
        rd = band_ratio(&p->rd_bands, y0->rd_fen, y0->revenue_fen);
        if (y1 != NULL)
            gr = growth_points(&p->growth_bands, y1->main_revenue_fen, y0->main_revenue_fen);
        li = band_ratio(&p->liab_bands, y0->total_liabilities_fen, y0->total_assets_fen);
        ms = band_ratio(&p->main_share_bands, y0->main_revenue_fen, y0->revenue_fen);
    }
    /* The strategic-emerging-industry claim needs a person (§14.3): 5–10. */
    fl_lo = p->field_other_pts;
    fl_hi = c->app->assessment.strategic_emerging == APP_YES ? p->field_strategic_pts
                                                              : p->field_other_pts;
    inn = ip + rd;
    grow = gr + li;
    sp_lo = fl_lo + ms;
    sp_hi = fl_hi + ms;
    tot_lo = inn + grow + sp_lo;
    tot_hi = inn + grow + sp_hi;

    /* all four tests must hold: pass when they hold at the low end, fail when
     * one fails even at the high end */
    if (tot_lo >= p->min_total && inn >= p->min_innovation && grow >= p->min_growth &&
        sp_lo >= p->min_special)
        v = VERDICT_PASS;
    else if (tot_hi < p->min_total || inn < p->min_innovation || grow < p->min_growth ||
             sp_hi < p->min_special)
        v = VERDICT_FAIL;
    else
        v = VERDICT_NEEDS_REVIEW;

    if (sp_lo == sp_hi)
        rules_snprintf(sp, sizeof sp, "%d", sp_lo);
    else
        rules_snprintf(sp, sizeof sp, "%d–%d", sp_lo, sp_hi);
    if (tot_lo == tot_hi)
        rules_snprintf(m, sizeof m, "%d", tot_lo);
    else
        rules_snprintf(m, sizeof m, "%d–%d", tot_lo, tot_hi);
    rules_snprintf(th, sizeof th, ">= %d; 创新能力 >= %d, 成长性 >= %d, 专业化 >= %d", p->min_total,
             p->min_innovation, p->min_growth, p->min_special);
    rules_snprintf(xp, sizeof xp, "/application");
    rules_why_zh(
        rules_emit(c, &p->score, v, 1, m, th, xp,
                   "score %s of 100: 创新能力 %d (IP %d for %s, R&D %d), 成长性 %d (growth %d, "
                   "asset-liability %d), 专业化 %s (field %d%s, main-business share %d); at least "
                   "%d with 创新能力 >= %d, 成长性 >= %d and 专业化 >= %d is required%s",
                   m, inn, ip, ipwhat, rd, grow, gr, li, sp, fl_hi,
                   fl_lo == fl_hi ? "" : " if the strategic-emerging claim holds", ms, p->min_total,
                   p->min_innovation, p->min_growth, p->min_special,
                   v == VERDICT_NEEDS_REVIEW ? "; the result turns on the field claim, which a "
                                               "reviewer confirms"
                                             : ""),
        "得分是否达标取决于“属于战略性新兴产业”的声明，需人工确认");
    return v;
}

static enum verdict isme_direct_honour(struct rctx *c, const struct policy_isme *p)
{
    /* the honours other than 高企 are not tiers of this registry: declared
     * holds/title in force on the application date; else a valid 高企 title */
    for (int i = 0; i < c->app->hold_count && i < APP_MAX_HOLDS; i++) {
        const struct app_hold *h = &c->app->holds[i];
        char xp[48];

        if (h->honour != APP_HONOUR_TECH_INNOVATION_DEMO && h->honour != APP_HONOUR_IP_ADVANTAGE &&
            h->honour != APP_HONOUR_IP_DEMO)
            continue;
        if (APP_DATE_GIVEN(h->valid_until) && date_cmp(&h->valid_until, &c->on) < 0)
            continue;
        rules_snprintf(xp, sizeof xp, "/application/holds/title[%d]", i + 1);
        rules_emit(c, &p->direct_honour, VERDICT_PASS, 1, h->certificate, "honour in force", xp,
                   "the firm declares an honour in force (certificate %s)", h->certificate);
        return VERDICT_PASS;
    }
    return route_hightech(c, &p->direct_honour, 1);
}

void rules_innovative_sme(struct rctx *c)
{
    const struct policy_isme *p = &POLICY_ISME_2022;
    const struct app_declarations *d = &c->app->decl;
    enum verdict best;
    const char *names[] = { "score", "award", "honour", "institution", "equity" };
    enum verdict v[5];
    char m[64];

    check_sme_size(c, &p->sme_size);
    rules_declaration(c, &p->credit, decl_all(d->not_anomaly, d->not_dishonest, APP_YES), 0,
                      "notOnDishonestyList",
                      "that it is on neither the business-anomaly nor the serious-dishonesty list");
    rules_declaration(c, &p->products, d->products_permitted, 1, "productsPermitted",
                      "that its products are not prohibited, restricted or phase-out");

    v[0] = isme_score(c, p);
    v[1] = route_award(c, &p->direct_award, p->award_years, ROUTE_ANY_RANK, ROUTE_ANY_RANK, 1);
    v[2] = isme_direct_honour(c, p);
    v[3] = route_institution(c, &p->direct_institution, APP_RD_PROVINCIAL, 1);
    v[4] = route_equity(c, &p->direct_equity, p->equity_min_fen, p->equity_years, 1);
    best = VERDICT_FAIL;
    m[0] = '\0';
    for (int i = 0; i < 5; i++) {
        best = verdict_best(best, v[i]);
        if (v[i] == VERDICT_PASS && m[0] == '\0')
            rules_snprintf(m, sizeof m, "%s", names[i]);
    }
    if (best == VERDICT_PASS)
        rules_emit(c, &p->qualify, VERDICT_PASS, 0, m, "score >= 60 or a direct route",
                   "/application", "the firm qualifies (route: %s; see the ISME-SCORE and "
                   "ISME-DIRECT-* findings)", m);
    else if (best == VERDICT_FAIL)
        rules_emit(c, &p->qualify, VERDICT_FAIL, 0, "none", "score >= 60 or a direct route",
                   "/application", "neither the score sheet nor any direct route is met");
    else
        rules_why_zh(
            rules_emit(
                c, &p->qualify, VERDICT_NEEDS_REVIEW, 0, "undecided",
                "score >= 60 or a direct route", "/application",
                "no direct route is met and the score depends on a claim a reviewer confirms"),
            "无直通条件满足，评分是否达标取决于需人工确认的声明");
}

/* ---- 科技型中小企业 ------------------------------------------------------------------- */

static enum verdict tsme_score(struct rctx *c, const struct policy_tsme *p)
{
    const struct app_year *y0 = rules_year(c, 0);
    const struct app_staff *s = &c->app->staff;
    struct ip_filter f = { .cls = APP_IP_CLASS_1, .main_product = 1 };
    int staff = 0, rd_s = 0, rd_c = 0, rd, ip, n1, n2, total;
    char m[16], th[48];
    enum verdict v;

    if (s->st_staff != APP_INT_NONE && s->employees != APP_INT_NONE && s->employees > 0)
        staff = band_ratio(&p->staff_bands, s->st_staff, s->employees);
    if (y0 != NULL && y0->rd_fen != APP_FEN_NONE) {
        rd_s = band_ratio(&p->rd_sales_bands, y0->rd_fen, y0->revenue_fen);
        if (y0->cost_expense_fen != APP_FEN_NONE)
            rd_c = band_ratio(&p->rd_cost_bands, y0->rd_fen, y0->cost_expense_fen);
    }
    /* the firm picks the better of the two R&D measures (115号 附件) */
    rd = rd_s > rd_c ? rd_s : rd_c;
    n1 = rules_ip_count(c, &c->on, &f);
    f.cls = APP_IP_CLASS_2;
    n2 = rules_ip_count(c, &c->on, &f);
    ip = n1 > 0 ? p->ip_1_pts : band_int(&p->ip_2_bands, n2);
    total = staff + rd + ip;
    v = total >= p->min_total && staff > 0 ? VERDICT_PASS : VERDICT_FAIL;
    rules_snprintf(m, sizeof m, "%d", total);
    rules_snprintf(th, sizeof th, ">= %d, S&T staff score > 0", p->min_total);
    rules_emit(c, &p->score, v, 1, m, th, "/application/staff/stStaff",
               "score %d of 100: S&T staff %d, R&D %d (of sales %d, of cost and expense %d), IP "
               "%d (%d class-I, %d class-II); at least %d with a non-zero staff score is required",
               total, staff, rd, rd_s, rd_c, ip, n1, n2, p->min_total);
    return v;
}

static enum verdict tsme_direct_standard(struct rctx *c, const struct policy_tsme *p)
{
    char th[48];
    int review = -1;

    rules_snprintf(th, sizeof th, "led a standard within %d years", p->standard_years);
    for (int i = 0; i < c->app->standard_count && i < APP_MAX_STANDARDS; i++) {
        const struct app_standard *s = &c->app->standards[i];
        char xp[64];

        if (s->level != APP_STD_INTERNATIONAL && s->level != APP_STD_NATIONAL &&
            s->level != APP_STD_SECTOR)
            continue;
        if (!rules_within_years(&s->published, &c->on, p->standard_years))
            continue;
        rules_snprintf(xp, sizeof xp, "/application/standards/standard[%d]", i + 1);
        if (s->role == APP_STD_LEAD) {
            rules_emit(c, &p->direct_standard, VERDICT_PASS, 1, s->number, th, xp,
                       "the firm led the drafting of %s", s->number);
            return VERDICT_PASS;
        }
        if (s->rank != APP_INT_NONE && s->rank >= 1 && s->rank <= 5 && review < 0)
            review = i;
    }
    /* "top-5 drafter" is a 3P reading of 第八条(四) (UNCONFIRMED): a reviewer */
    if (review >= 0) {
        const struct app_standard *s = &c->app->standards[review];
        char xp[64];

        rules_snprintf(xp, sizeof xp, "/application/standards/standard[%d]", review + 1);
        rules_emit(c, &p->direct_standard, VERDICT_NEEDS_REVIEW, 1, s->number, th, xp,
                   "the firm is drafter no. %d of %s but did not lead it; whether a top-5 "
                   "drafter qualifies is UNCONFIRMED", s->rank, s->number);
        return VERDICT_NEEDS_REVIEW;
    }
    rules_emit(c, &p->direct_standard, VERDICT_FAIL, 1, "none", th, "/application/standards",
               "no international, national or sector standard led within %d years is given",
               p->standard_years);
    return VERDICT_FAIL;
}

void rules_tech_sme(struct rctx *c)
{
    const struct policy_tsme *p = &POLICY_TSME_2017;
    const struct app_year *y0 = rules_year(c, 0);
    const struct app_declarations *d = &c->app->decl;
    const struct app_staff *s = &c->app->staff;
    enum verdict v[5], best = VERDICT_FAIL;
    char m[32], th[32], xp[FINDING_XPATH_MAX];

    /* 第六条(二) size caps, inclusive ("不超过") */
    rules_snprintf(th, sizeof th, "<= %d", p->max_employees);
    if (s->employees == APP_INT_NONE) {
        rules_emit(c, &p->employees, VERDICT_FAIL, 0, "not given", th,
                   "/application/staff/employees", "the number of employees is not given");
    } else {
        rules_snprintf(m, sizeof m, "%d", s->employees);
        rules_emit(c, &p->employees, s->employees <= p->max_employees ? VERDICT_PASS : VERDICT_FAIL,
                   0, m, th, "/application/staff/employees",
                   "the firm has %d employees; at most %d are allowed", s->employees,
                   p->max_employees);
    }
    if (y0 == NULL) {
        rules_emit(c, &p->sales, VERDICT_FAIL, 0, "not given", "", "/application/financials",
                   "no financial year is given");
        rules_emit(c, &p->assets, VERDICT_FAIL, 0, "not given", "", "/application/financials",
                   "no financial year is given");
    } else {
        const struct {
            const struct rule_ref *r;
            int64_t v, max;
            const char *elem, *what;
        } caps[] = {
            { &p->sales, y0->revenue_fen, p->max_sales_fen, "revenue", "sales" },
            { &p->assets, y0->total_assets_fen, p->max_assets_fen, "totalAssets", "total assets" },
        };

        for (int i = 0; i < 2; i++) {
            char mm[48], t[32], tt[40];

            fmt_amount(caps[i].max, t, sizeof t);
            rules_snprintf(tt, sizeof tt, "<= %s", t);
            xpath_year(xp, sizeof xp, y0->year, caps[i].elem);
            if (caps[i].v == APP_FEN_NONE) {
                rules_emit(c, caps[i].r, VERDICT_FAIL, 0, "not given", tt, xp,
                           "%s of %d is not given", caps[i].what, y0->year);
                continue;
            }
            fmt_money(caps[i].v, mm, sizeof mm);
            rules_emit(c, caps[i].r, caps[i].v <= caps[i].max ? VERDICT_PASS : VERDICT_FAIL, 0, mm,
                       tt, xp, "%s in %d are %s; at most %s is allowed", caps[i].what, y0->year,
                       mm, t);
        }
    }
    rules_declaration(c, &p->products, d->products_permitted, 1, "productsPermitted",
                      "that its products and services are not prohibited, restricted or "
                      "phase-out");
    rules_declaration(c, &p->clean, decl_all(d->no_major_accident, d->no_research_misconduct,
                                             decl_all(d->not_dishonest, d->not_anomaly, APP_YES)),
                      0, "noMajorAccident",
                      "no major accident, environmental violation or research misconduct, and "
                      "no listing as anomalous or seriously dishonest");

    v[0] = tsme_score(c, p);
    v[1] = route_hightech(c, &p->direct_hightech, 1);
    v[2] = route_award(c, &p->direct_award, p->award_years, p->award_top, 0, 1);
    v[3] = route_institution(c, &p->direct_institution, APP_RD_PROVINCIAL, 1);
    v[4] = tsme_direct_standard(c, p);
    for (int i = 0; i < 5; i++)
        best = verdict_best(best, v[i]);
    if (best == VERDICT_PASS)
        rules_emit(c, &p->qualify, VERDICT_PASS, 0, v[0] == VERDICT_PASS ? "score" : "direct",
                   "score >= 60 or direct confirmation", "/application",
                   "the firm qualifies %s (see TSME-SCORE and TSME-DIRECT-*)",
                   v[0] == VERDICT_PASS ? "by its score" : "by direct confirmation (第八条)");
    else if (best == VERDICT_FAIL)
        rules_emit(c, &p->qualify, VERDICT_FAIL, 0, "none", "score >= 60 or direct confirmation",
                   "/application", "neither the score sheet nor any direct confirmation is met");
    else
        rules_why_zh(rules_emit(c, &p->qualify, VERDICT_NEEDS_REVIEW, 0, "undecided",
                                "score >= 60 or direct confirmation", "/application",
                                "only a direct route whose wording is UNCONFIRMED may be met"),
                     "只有认定口径尚未确认的直接确认条件可能满足");
}

/* ---- 科技和创新型中小企业 (2026 transition) --------------------------------------------- */

void rules_tech_innovative_sme(struct rctx *c)
{
    const struct policy_tisme *p = &POLICY_TISME_2026;
    enum verdict saved = c->worst, tsme, isme, best;

    /* Each track's findings are filed as details; the track's verdict is the
     * worst of its criteria, and either track qualifies (第三十条). */
    c->force_detail = 1;
    c->worst = VERDICT_PASS;
    rules_tech_sme(c);
    tsme = c->worst;
    c->worst = VERDICT_PASS;
    rules_innovative_sme(c);
    isme = c->worst;
    c->force_detail = 0;
    c->worst = saved;

    best = verdict_best(tsme, isme);
    rules_emit(c, &p->qualify, best, 0, verdict_name(best), "科技型 or 创新型 criteria",
               "/application", "under the 科技型 criteria (115号) the firm gets %s, under the "
               "创新型 criteria (63号 附件1) %s; either qualifies during the transition",
               verdict_name(tsme), verdict_name(isme));
}
