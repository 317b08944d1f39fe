/*
 * rules_shandong.c — Shandong's provincial tiers 瞪羚 and 独角兽 (domain.md
 * §8b, §8c) and the national pilot 制造业领航企业 (§8a), which has no published
 * criteria.
 *
 * 瞪羚: registered in Shandong, ≥ 3 full accounting years, asset-liability
 * ratio below 70%, not listed, 2-year CAGR of revenue or net profit banded by
 * last year's revenue, R&D share in each of the last 2 years banded at 1亿,
 * an IP/standards test, and a third-party credit score (a reviewer's, §14.9).
 * 独角兽: Shandong, founded ≤ 10 years before the application date, private
 * equity raised, not listed, valuation above 10亿 USD, credit score.
 * 领航: LEAD-CRITERIA is always needs-review; thresholds come only from
 * rules_options.leading (configuration) and are never invented here.
 * Thresholds and clauses: POLICY_GAZELLE_2020, POLICY_UNICORN_2018,
 * POLICY_LEADING (policy_2022.c). Pure, thread-safe.
 */
#include <stdio.h>
#include <string.h>

#include "rules_int.h"

static int in_shandong(const struct rctx *c)
{
    return strncmp(c->app->enterprise.division, "37", 2) == 0;
}

static void credit_score(struct rctx *c, const struct rule_ref *r, int min_cp)
{
    int v = c->app->assessment.credit_score_cp;
    char m[16], t[16], th[24];

    fmt_points(min_cp, t, sizeof t);
    rules_snprintf(th, sizeof th, ">= %s", t);
    if (v == APP_INT_NONE) {
        rules_emit(c, r, VERDICT_FAIL, 0, "not given", th, "/application/assessment/creditScore",
                   "the third-party credit score is not given");
        return;
    }
    fmt_points(v, m, sizeof m);
    if (v < min_cp)
        rules_emit(c, r, VERDICT_FAIL, 0, m, th, "/application/assessment/creditScore",
                   "the third-party credit score is %s; at least %s is required", m, t);
    else
        rules_emit(c, r, VERDICT_JUDGEMENT, 0, m, th, "/application/assessment/creditScore",
                   "the submitted third-party credit score is %s (at least %s); a reviewer checks "
                   "the rating report", m, t);
}

static void shandong_registered(struct rctx *c, const struct rule_ref *r, int need_operations)
{
    const char *div = c->app->enterprise.division;
    enum app_bool ops = c->app->decl.operates_in_shandong;

    if (!in_shandong(c)) {
        rules_emit(c, r, VERDICT_FAIL, 0, div[0] != '\0' ? div : "not given", "37xxxx",
                   "/application/enterprise/division",
                   "the registered address (division %s) is not in Shandong", div);
        return;
    }
    if (need_operations && ops != APP_YES) {
        rules_emit(c, r, VERDICT_FAIL, 0, div, "37xxxx, operating in Shandong",
                   "/application/declarations/operatesInShandong",
                   "the firm is registered in Shandong but does not declare that its operating "
                   "entity is in Shandong");
        return;
    }
    rules_emit(c, r, VERDICT_PASS, 0, div, "37xxxx", "/application/enterprise/division",
               "the firm is registered in Shandong (division %s)%s", div,
               need_operations ? " and operates there" : "");
}

static void not_listed(struct rctx *c, const struct rule_ref *r, int check_control)
{
    const struct app_enterprise *e = &c->app->enterprise;

    if (e->listed == APP_UNSET) {
        rules_emit(c, r, VERDICT_FAIL, 0, "not given", "not listed",
                   "/application/enterprise/listed",
                   "whether the firm is listed is not given");
    } else if (e->listed == APP_YES) {
        rules_emit(c, r, VERDICT_FAIL, 0, "listed", "not listed", "/application/enterprise/listed",
                   "the firm is listed on a stock exchange");
    } else if (check_control && c->app->decl.not_controlled_by_listed != APP_YES) {
        rules_emit(c, r, VERDICT_FAIL, 0, "controlled?", "not controlled by a listed company",
                   "/application/declarations/notControlledByListed",
                   "the firm does not declare that no listed company controls it");
    } else {
        rules_emit(c, r, VERDICT_PASS, 0, "not listed", "not listed",
                   "/application/enterprise/listed",
                   "the firm is not listed on a stock exchange (新三板 and OTC markets allowed)%s",
                   check_control ? " and declares no listed controlling company" : "");
    }
}

/* ---- 瞪羚 ---------------------------------------------------------------------------- */

static void gazelle_years(struct rctx *c, const struct policy_gazelle *p)
{
    const struct tier_date *f = &c->app->enterprise.founded;
    const struct app_year *y0 = rules_year(c, 0);
    char m[24], th[24], fd[16];
    int first, n;

    rules_snprintf(th, sizeof th, ">= %d full years", p->min_full_years);
    if (!APP_DATE_GIVEN(*f) || y0 == NULL) {
        rules_emit(c, &p->years, VERDICT_FAIL, 0, "not given", th,
                   "/application/enterprise/founded",
                   "the founding date or the last financial year is not given");
        return;
    }
    /* A full accounting year is a calendar year the firm existed from 1
     * January; counted up to the last financial year. */
    first = f->m == 1 && f->d == 1 ? f->y : f->y + 1;
    n = y0->year - first + 1;
    if (n < 0)
        n = 0;
    fmt_date(f, fd, sizeof fd);
    rules_snprintf(m, sizeof m, "%d", n);
    rules_emit(c, &p->years, n >= p->min_full_years ? VERDICT_PASS : VERDICT_FAIL, 0, m, th,
               "/application/enterprise/founded",
               "founded on %s, the firm has %d full accounting years to %d; at least %d are "
               "required", fd, n, y0->year, p->min_full_years);
}

static void gazelle_growth(struct rctx *c, const struct policy_gazelle *p)
{
    const struct app_year *y0 = rules_year(c, 0), *y2 = rules_year(c, 2);
    char m[64], t[24], th[64], rv[16] = "n/a", pf[16] = "n/a", xp[FINDING_XPATH_MAX];
    int pct = -1, rev_ok = 0, prof_ok = 0;

    if (y0 == NULL || y2 == NULL || y0->revenue_fen == APP_FEN_NONE ||
        y2->revenue_fen == APP_FEN_NONE) {
        rules_emit(c, &p->growth, VERDICT_FAIL, 0, "not given", "", "/application/financials",
                   "revenue for 3 consecutive years is needed for the 2-year compound growth");
        return;
    }
    /* band by last year's revenue; each band includes its lower edge */
    for (int i = 0; i < p->n_growth_bands; i++) {
        if (y0->revenue_fen >= p->growth_bands[i].min_revenue_fen) {
            pct = p->growth_bands[i].min_cagr_pct;
            break;
        }
    }
    xpath_year(xp, sizeof xp, y0->year, "revenue");
    if (pct < 0) {
        fmt_amount(p->growth_bands[p->n_growth_bands - 1].min_revenue_fen, t, sizeof t);
        fmt_money(y0->revenue_fen, m, sizeof m);
        rules_emit(c, &p->growth, VERDICT_FAIL, 0, m, t, xp,
                   "revenue in %d is %s, below the lowest growth band (%s)", y0->year, m, t);
        return;
    }
    if (y2->revenue_fen > 0) {
        fmt_bp(growth_cagr2_bp(y2->revenue_fen, y0->revenue_fen), rv, sizeof rv);
        rev_ok = growth_cagr2_ge(y2->revenue_fen, y0->revenue_fen, pct);
    }
    /* net-profit CAGR only means something from a positive base */
    if (y2->net_profit_fen != APP_FEN_NONE && y2->net_profit_fen > 0 &&
        y0->net_profit_fen != APP_FEN_NONE) {
        fmt_bp(growth_cagr2_bp(y2->net_profit_fen, y0->net_profit_fen), pf, sizeof pf);
        prof_ok = growth_cagr2_ge(y2->net_profit_fen, y0->net_profit_fen, pct);
    }
    rules_snprintf(t, sizeof t, "%d.00%%", pct);
    rules_snprintf(th, sizeof th, "revenue or net-profit CAGR >= %s", t);
    rules_snprintf(m, sizeof m, "revenue %s, net profit %s", rv, pf);
    rules_emit(c, &p->growth, rev_ok || prof_ok ? VERDICT_PASS : VERDICT_FAIL, 0, m, th, xp,
               "compound growth %d–%d: revenue %s, net profit %s a year; at least %s in one of "
               "them is required for revenue in this band", y2->year, y0->year, rv, pf, t);
}

static void gazelle_ip(struct rctx *c, const struct policy_gazelle *p)
{
    int inv = 0, us = 0, led = 0;
    char m[128], th[128];

    for (int i = 0; i < c->app->ip_count && i < APP_MAX_IP; i++) {
        const struct app_ip *ip = &c->app->ip[i];

        if (!APP_DATE_GIVEN(ip->granted) || date_cmp(&ip->granted, &c->on) > 0)
            continue;
        if (APP_DATE_GIVEN(ip->expires) && date_cmp(&ip->expires, &c->on) < 0)
            continue;
        if (ip->kind == APP_IP_INVENTION)
            inv++;
        else if (ip->kind == APP_IP_UTILITY_MODEL || ip->kind == APP_IP_SOFTWARE)
            us++;
    }
    for (int i = 0; i < c->app->standard_count && i < APP_MAX_STANDARDS; i++) {
        const struct app_standard *s = &c->app->standards[i];

        if (s->role == APP_STD_LEAD && (s->level == APP_STD_INTERNATIONAL ||
                                        s->level == APP_STD_NATIONAL || s->level == APP_STD_SECTOR))
            led++;
    }
    rules_snprintf(m, sizeof m, "%d inventions, %d utility/software, %d standards led", inv, us, led);
    rules_snprintf(th, sizeof th, ">= %d inventions, or >= %d utility/software, or >= %d standard led",
             p->min_inventions, p->min_utility_software, p->min_led_standards);
    rules_emit(c, &p->ip,
               inv >= p->min_inventions || us >= p->min_utility_software ||
                       led >= p->min_led_standards
                   ? VERDICT_PASS
                   : VERDICT_FAIL,
               0, m, th, "/application/intellectualProperty",
               "the firm has %d granted invention patents, %d utility models and software "
               "copyrights, and led %d standards; %d, %d or %d respectively is required", inv, us,
               led, p->min_inventions, p->min_utility_software, p->min_led_standards);
}

void rules_gazelle(struct rctx *c)
{
    const struct policy_gazelle *p = &POLICY_GAZELLE_2020;
    const struct app_year *y0 = rules_year(c, 0);

    shandong_registered(c, &p->shandong, 0);
    if (c->app->assessment.new_sector == APP_YES)
        rules_judgement(c, &p->sector, "/application/assessment/newSector",
                     "the firm claims a strategic emerging / 十强 / 四基 / \"four new\" sector; a "
                     "reviewer judges the fit");
    else
        rules_emit(c, &p->sector, VERDICT_FAIL, 0, "no", "qualifying sector",
                   "/application/assessment/newSector", "no qualifying sector is claimed");
    gazelle_years(c, p);
    check_liability(c, &p->liability, p->max_liability_bp, 1);
    not_listed(c, &p->listed, 1);
    gazelle_growth(c, p);
    /* R&D share in each of the last 2 years, banded by last year's revenue */
    if (y0 == NULL || y0->revenue_fen == APP_FEN_NONE)
        rules_emit(c, &p->rd, VERDICT_FAIL, 0, "not given", "", "/application/financials",
                   "last year's revenue is not given");
    else {
        char t[24], band[64];
        int high = y0->revenue_fen >= p->rd_high_revenue_fen;

        fmt_amount(p->rd_high_revenue_fen, t, sizeof t);
        rules_snprintf(band, sizeof band, " for last year's revenue %s %s",
                 high ? "of at least" : "below", t);
        check_rd_each_year(c, &p->rd, p->rd_years, 0, high ? p->rd_high_bp : p->rd_low_bp, 0,
                           band);
    }
    gazelle_ip(c, p);
    credit_score(c, &p->credit, p->min_credit_cp);
}

/* ---- 独角兽 ---------------------------------------------------------------------------- */

static void unicorn_age(struct rctx *c, const struct policy_unicorn *p)
{
    const struct app_assessment *s = &c->app->assessment;
    int moved = APP_DATE_GIVEN(s->new_sector_since);
    const struct tier_date *start = moved ? &s->new_sector_since : &c->app->enterprise.founded;
    struct tier_date limit;
    char m[24], th[24], sd[16], on[16];
    int n;

    rules_snprintf(th, sizeof th, "<= %d years", p->max_age_years);
    if (!APP_DATE_GIVEN(*start)) {
        rules_emit(c, &p->age, VERDICT_FAIL, 0, "not given", th, "/application/enterprise/founded",
                   "the founding date is not given");
        return;
    }
    /* reference: the application date; "not more than 10 years" holds up to
     * and including the 10th anniversary */
    limit = date_add_years(start, p->max_age_years);
    n = rules_full_years(start, &c->on);
    fmt_date(start, sd, sizeof sd);
    fmt_date(&c->on, on, sizeof on);
    rules_snprintf(m, sizeof m, "%d year%s", n, n == 1 ? "" : "s");
    rules_emit(c, &p->age, date_cmp(&c->on, &limit) <= 0 ? VERDICT_PASS : VERDICT_FAIL, 0, m, th,
               moved ? "/application/assessment/newSectorSince" : "/application/enterprise/founded",
               "counted from %s%s, the firm is %d full year%s old on %s; at most %d years are "
               "allowed", sd, moved ? " (its move into a \"four new\" field)" : "", n,
               n == 1 ? "" : "s", on,
               p->max_age_years);
}

static void unicorn_valuation(struct rctx *c, const struct policy_unicorn *p)
{
    int64_t v = c->app->assessment.valuation_usd_cents;
    char m[48], t[32], th[40];

    rules_snprintf(t, sizeof t, "%lld亿 USD", (long long)(p->min_valuation_usd_cents / 10000000000LL));
    rules_snprintf(th, sizeof th, "> %s", t);
    if (v == APP_FEN_NONE) {
        rules_emit(c, &p->valuation, VERDICT_FAIL, 0, "not given", th,
                   "/application/assessment/valuationUsd", "no valuation is given");
        return;
    }
    {
        char usd[40];

        if (money_format_yuan(v, usd, sizeof usd) < 0)
            usd[0] = '\0';
        rules_snprintf(m, sizeof m, "%s USD", usd);
    }
    if (v > p->min_valuation_usd_cents)
        rules_emit(c, &p->valuation, VERDICT_PASS, 0, m, th, "/application/assessment/valuationUsd",
                   "the latest valuation is %s; more than %s is required", m, t);
    else if (v == p->min_valuation_usd_cents)
        /* §8c says "> 10亿", §13 "≥ 10亿": exactly on the line is for a reviewer */
        rules_why_zh(
            rules_emit(c, &p->valuation, VERDICT_NEEDS_REVIEW, 0, m, th,
                       "/application/assessment/valuationUsd",
                       "the valuation is exactly %s; whether the line is inclusive is UNCONFIRMED",
                       t),
            "估值恰为10亿美元，是否包含边界值尚未确认");
    else
        rules_emit(c, &p->valuation, VERDICT_FAIL, 0, m, th, "/application/assessment/valuationUsd",
                   "the latest valuation is %s; more than %s is required%s", m, t,
                   v > p->min_valuation_quasi_usd_cents ? " (it meets the 准独角兽 level)" : "");
}

void rules_unicorn(struct rctx *c)
{
    const struct policy_unicorn *p = &POLICY_UNICORN_2018;
    int64_t eq = 0;
    char m[48];

    shandong_registered(c, &p->shandong, 1);
    unicorn_age(c, p);
    /* private equity actually received, not from the original controller; any date */
    for (int i = 0; i < c->app->round_count && i < APP_MAX_ROUNDS; i++) {
        const struct app_round *r = &c->app->rounds[i];

        if (r->amount_fen != APP_FEN_NONE && r->amount_fen > 0 && r->from_controller != APP_YES &&
            (!APP_DATE_GIVEN(r->date) || date_cmp(&r->date, &c->on) <= 0) &&
            eq <= INT64_MAX - r->amount_fen)
            eq += r->amount_fen;
    }
    fmt_money(eq, m, sizeof m);
    rules_emit(c, &p->equity, eq > 0 ? VERDICT_PASS : VERDICT_FAIL, 0, m, "> 0",
               "/application/equityFinancing",
               eq > 0 ? "private equity of %s from investors other than the controller was paid in"
                      : "no private equity from investors other than the controller (%s)", m);
    not_listed(c, &p->listed, 0);
    unicorn_valuation(c, p);
    if (c->app->assessment.new_sector == APP_YES)
        rules_judgement(c, &p->field, "/application/assessment/newSector",
                     "the firm claims a new technology, model, format or industry; a reviewer "
                     "judges it");
    else
        rules_emit(c, &p->field, VERDICT_FAIL, 0, "no", "\"four new\" field",
                   "/application/assessment/newSector", "no \"four new\" field is claimed");
    credit_score(c, &p->credit, p->min_credit_cp);
}

/* ---- 制造业领航企业 ------------------------------------------------------------------------ */

static void leading_unset(struct rctx *c, const struct rule_ref *r, const char *what)
{
    rules_why_zh(
        rules_emit(
            c, r, VERDICT_NEEDS_REVIEW, 0, "", "not configured", "/application",
            "no threshold for %s is configured (no published criteria); a reviewer judges it",
            what),
        "该阈值未配置（标准未公布），由评审人员判断");
}

void rules_leading(struct rctx *c)
{
    const struct policy_leading *p = &POLICY_LEADING;
    const struct leading_policy *cfg = c->opt->leading;
    const struct app_year *y0 = rules_year(c, 0);
    char xp[FINDING_XPATH_MAX], what[40];

    /* With every threshold configured from the official notice, what remains
     * of the notice is for the reviewers and does not hold up the verdict;
     * with any missing, the registry cannot say the firm qualifies. */
    if (cfg != NULL && cfg->min_revenue_fen > 0 && cfg->min_rd_bp > 0 &&
        cfg->min_years_in_field > 0 && cfg->min_type1_ip > 0 && cfg->max_liability_bp > 0)
        rules_judgement(c, &p->criteria, "/application",
                        "MIIT has published no criteria for 制造业领航企业; every configured "
                        "threshold is checked, and reviewers judge the rest of the official notice");
    else
        rules_review(c, &p->criteria, "/application",
                     "MIIT has published no criteria for 制造业领航企业 and not every threshold "
                     "is configured; the application is judged by reviewers against the "
                     "official notice",
                     "领航企业标准未公布，且五项阈值未全部配置，由评审人员按官方通知判断");
    if (cfg == NULL || cfg->min_revenue_fen <= 0) {
        leading_unset(c, &p->revenue, "revenue");
    } else if (y0 == NULL) {
        rules_emit(c, &p->revenue, VERDICT_FAIL, 0, "not given", "", "/application/financials",
                   "no financial year is given");
    } else {
        xpath_year(xp, sizeof xp, y0->year, "revenue");
        rules_snprintf(what, sizeof what, "revenue in %d", y0->year);
        check_amount_min(c, &p->revenue, y0->revenue_fen, cfg->min_revenue_fen, xp, what);
    }
    if (cfg == NULL || cfg->min_rd_bp <= 0) {
        leading_unset(c, &p->rd, "R&D intensity");
    } else if (y0 == NULL) {
        rules_emit(c, &p->rd, VERDICT_FAIL, 0, "not given", "", "/application/financials",
                   "no financial year is given");
    } else {
        xpath_year(xp, sizeof xp, y0->year, "rdExpense");
        rules_snprintf(what, sizeof what, "in %d", y0->year);
        check_ratio_min(c, &p->rd, y0->rd_fen, y0->revenue_fen, cfg->min_rd_bp, xp, "R&D expense",
                        "revenue", what);
    }
    if (cfg == NULL || cfg->min_years_in_field <= 0)
        leading_unset(c, &p->years, "years in the field");
    else
        check_niche_years(c, &p->years, cfg->min_years_in_field);
    if (cfg == NULL || cfg->min_type1_ip <= 0) {
        leading_unset(c, &p->ip, "class-I IP");
    } else {
        struct ip_filter f = { .cls = APP_IP_CLASS_1, .main_product = 1 };
        int n = rules_ip_count(c, &c->on, &f);
        char m[16], th[24];

        rules_snprintf(m, sizeof m, "%d", n);
        rules_snprintf(th, sizeof th, ">= %d", cfg->min_type1_ip);
        rules_emit(c, &p->ip, n >= cfg->min_type1_ip ? VERDICT_PASS : VERDICT_FAIL, 0, m, th,
                   "/application/intellectualProperty",
                   "the firm has %d class-I IP item%s valid on the application date; the "
                   "configured minimum is %d", n, n == 1 ? "" : "s", cfg->min_type1_ip);
    }
    if (cfg == NULL || cfg->max_liability_bp <= 0)
        leading_unset(c, &p->liability, "the asset-liability ratio");
    else
        check_liability(c, &p->liability, cfg->max_liability_bp, 0);
}
