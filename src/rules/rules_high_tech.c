/*
 * rules_high_tech.c — 高新技术企业 (高新技术企业认定管理办法, 国科发火〔2016〕32号,
 * 第十一条, with the 工作指引 国科发火〔2016〕195号; domain.md §6).
 *
 * Mechanical: age (≥ 1 year at the submission date), S&T staff share, R&D
 * intensity over the last 3 accounting years banded by last year's sales, the
 * domestic share of R&D, and the high-tech income share. Needing a person
 * (§14.2, §14.3, §14.5, §14.9): core IP support, the technology field, the
 * innovation score, the clean record. Thresholds and clauses: POLICY_HT_2016
 * (policy_2022.c; the 2026 measures do not touch 高企). Pure, thread-safe.
 */
#include <stdio.h>

#include "rules_int.h"

static const char *const HT_FIELD_NAMES[] = {
    "", "电子信息", "生物与新医药", "航空航天", "新材料",
    "高技术服务", "新能源与节能", "资源与环境", "先进制造与自动化",
};

static void ht_age(struct rctx *c, const struct policy_ht *p)
{
    const struct app_enterprise *e = &c->app->enterprise;
    char m[24], th[24], f[16], on[16];
    int n;

    rules_snprintf(th, sizeof th, ">= %d year%s", p->min_age_years, p->min_age_years == 1 ? "" : "s");
    if (!APP_DATE_GIVEN(e->founded)) {
        rules_emit(c, &p->age, VERDICT_FAIL, 0, "not given", th, "/application/enterprise/founded",
                   "the registration date is not given");
        return;
    }
    /* reference date: the application (submission) date, "申请认定时" */
    n = rules_full_years(&e->founded, &c->on);
    fmt_date(&e->founded, f, sizeof f);
    fmt_date(&c->on, on, sizeof on);
    rules_snprintf(m, sizeof m, "%d year%s", n, n == 1 ? "" : "s");
    rules_emit(c, &p->age, n >= p->min_age_years ? VERDICT_PASS : VERDICT_FAIL, 0, m, th,
               "/application/enterprise/founded",
               "the firm was registered on %s, %d full year%s before the application date %s; "
               "at least %d is required", f, n, n == 1 ? "" : "s", on, p->min_age_years);
}

static void ht_rd_intensity(struct rctx *c, const struct policy_ht *p)
{
    const struct app_year *last = rules_year(c, 0);
    int64_t rd = 0, sales = 0, dom = 0;
    int n = 0, dom_missing = 0, min_bp;
    char xp[FINDING_XPATH_MAX], band[64], a1[24], a2[24], m[32], t[32], th[40];

    if (last == NULL) {
        rules_emit(c, &p->rd_intensity, VERDICT_FAIL, 0, "not given", "", "/application/financials",
                   "no financial year is given, so R&D intensity cannot be measured");
        rules_emit(c, &p->rd_domestic, VERDICT_FAIL, 0, "not given", "", "/application/financials",
                   "no financial year is given, so the domestic R&D share cannot be measured");
        return;
    }
    xpath_year(xp, sizeof xp, last->year, "rdExpense");
    /* "近三个会计年度" — fewer when the firm is younger: years before the year of
     * registration are not counted (第十一条(五), 实际经营期). */
    for (int i = 0; i < p->rd_years; i++) {
        const struct app_year *y = rules_year(c, i);

        if (y == NULL)
            break;
        if (APP_DATE_GIVEN(c->app->enterprise.founded) && y->year < c->app->enterprise.founded.y)
            break;
        if (y->rd_fen == APP_FEN_NONE || y->revenue_fen == APP_FEN_NONE) {
            xpath_year(xp, sizeof xp, y->year, y->rd_fen == APP_FEN_NONE ? "rdExpense" : "revenue");
            rules_emit(c, &p->rd_intensity, VERDICT_FAIL, 0, "not given", "", xp,
                       "R&D expense or sales of %d is not given", y->year);
            rules_emit(c, &p->rd_domestic, VERDICT_FAIL, 0, "not given", "", xp,
                       "R&D expense of %d is not given", y->year);
            return;
        }
        rd += y->rd_fen;
        sales += y->revenue_fen;
        if (y->rd_domestic_fen == APP_FEN_NONE)
            dom_missing = 1;
        else
            dom += y->rd_domestic_fen;
        n++;
    }

    /* Band by last year's sales: ≤ 5000万 (inclusive) 5%; 5000万–2亿 (2亿
     * inclusive) 4%; above 2亿 3%. */
    fmt_amount(p->small_sales_fen, a1, sizeof a1);
    fmt_amount(p->mid_sales_fen, a2, sizeof a2);
    if (last->revenue_fen <= p->small_sales_fen) {
        min_bp = p->small_bp;
        rules_snprintf(band, sizeof band, "sales of at most %s", a1);
    } else if (last->revenue_fen <= p->mid_sales_fen) {
        min_bp = p->mid_bp;
        rules_snprintf(band, sizeof band, "sales of %s–%s", a1, a2);
    } else {
        min_bp = p->large_bp;
        rules_snprintf(band, sizeof band, "sales above %s", a2);
    }
    fmt_bp(min_bp, t, sizeof t);
    rules_snprintf(th, sizeof th, ">= %s", t);
    xpath_year(xp, sizeof xp, last->year, "rdExpense");
    if (sales <= 0) {
        rules_emit(c, &p->rd_intensity, VERDICT_FAIL, 0, "n/a", th, xp,
                   "sales over the last %d year%s are zero; at least %s is required for %s", n,
                   n == 1 ? "" : "s", t, band);
    } else {
        fmt_ratio(rd, sales, m, sizeof m);
        rules_emit(c, &p->rd_intensity,
                   ratio_ge(rd, sales, min_bp, 10000) ? VERDICT_PASS : VERDICT_FAIL, 0, m, th, xp,
                   "R&D expense over the last %d year%s is %s of sales; at least %s is required "
                   "for %s", n, n == 1 ? "" : "s", m, t, band);
    }

    xpath_year(xp, sizeof xp, last->year, "rdDomestic");
    rules_snprintf(band, sizeof band, "over the last %d year%s", n, n == 1 ? "" : "s");
    if (dom_missing)
        rules_emit(c, &p->rd_domestic, VERDICT_FAIL, 0, "not given", "", xp,
                   "R&D spent in China is not given for every year");
    else
        check_ratio_min(c, &p->rd_domestic, dom, rd, p->min_domestic_bp, xp,
                        "R&D spent in China", "all R&D expense", band);
}

/* (七) the experts' innovation score (§14.5), as submitted: above the edge
 * passes, below fails; exactly on it is needs-review until the ">70" or ">=70"
 * reading is configured (domain.md §15); no score given is needs-review. */
static void ht_score(struct rctx *c, const struct policy_ht *p)
{
    int s = c->app->assessment.innovation_score;
    const char *xp = "/application/assessment/innovationScore";
    char m[16], th[16];
    enum verdict v;

    rules_snprintf(th, sizeof th, "> %d", p->score_edge);
    if (s == APP_INT_NONE) {
        rules_why_zh(
            rules_emit(c, &p->score, VERDICT_NEEDS_REVIEW, 0, "not given", th, xp,
                       "no innovation score is given; the experts' score (IP, conversion of "
                       "results, R&D management, growth) must be above %d",
                       p->score_edge),
            "未填写企业创新能力评价得分");
        return;
    }
    rules_snprintf(m, sizeof m, "%d", s);
    if (s != p->score_edge) {
        v = s > p->score_edge ? VERDICT_PASS : VERDICT_FAIL;
        rules_emit(c, &p->score, v, 0, m, th, xp,
                   "the innovation score is %d; above %d is required", s, p->score_edge);
    } else if (p->score_edge_passes < 0) {
        rules_why_zh(
            rules_emit(c, &p->score, VERDICT_NEEDS_REVIEW, 0, m, th, xp,
                       "the innovation score is exactly %d; whether %d itself passes (\">70\" or "
                       "\">=70\") is UNCONFIRMED, so a reviewer decides",
                       s, p->score_edge),
            "恰为70分，“70分以上”是否包含70分尚未确认");
    } else {
        v = p->score_edge_passes ? VERDICT_PASS : VERDICT_FAIL;
        rules_emit(c, &p->score, v, 0, m, th, xp,
                   "the innovation score is exactly %d, which the configured reading %s", s,
                   p->score_edge_passes ? "accepts" : "refuses");
    }
}

void rules_high_tech(struct rctx *c)
{
    const struct policy_ht *p = &POLICY_HT_2016;
    const struct app_year *last = rules_year(c, 0);
    const struct app_staff *s = &c->app->staff;
    struct ip_filter any = { .cls = APP_IP_CLASS_NONE, .main_product = 1 };
    int nip;
    char m[32], xp[FINDING_XPATH_MAX];

    ht_age(c, p);

    /* (二) owning IP is checkable; whether it gives core support is not (§14.2) */
    nip = rules_ip_count(c, &c->on, &any);
    rules_snprintf(m, sizeof m, "%d", nip);
    if (nip == 0)
        rules_emit(c, &p->core_ip, VERDICT_FAIL, 0, m, ">= 1", "/application/intellectualProperty",
                   "the firm owns no IP valid on the application date");
    else
        rules_emit(c, &p->core_ip, VERDICT_JUDGEMENT, 0, m, ">= 1",
                   "/application/intellectualProperty",
                   "the firm owns %d IP item%s valid on the application date; whether they give "
                   "core technical support to the main products needs a reviewer", nip,
                   nip == 1 ? "" : "s");

    /* (三) the field is the firm's claim; fit needs an expert (§14.3) */
    if (c->app->assessment.hightech_field <= APP_HT_NONE ||
        c->app->assessment.hightech_field > APP_HT_MANUFACTURING)
        rules_emit(c, &p->field, VERDICT_FAIL, 0, "not given", "one of 8 fields",
                   "/application/assessment/hightechField",
                   "no supported high-tech field is named");
    else
        rules_emit(c, &p->field, VERDICT_JUDGEMENT, 0,
                   HT_FIELD_NAMES[c->app->assessment.hightech_field], "one of 8 fields",
                   "/application/assessment/hightechField",
                   "the firm names the field %s; whether its core technology fits needs an expert",
                   HT_FIELD_NAMES[c->app->assessment.hightech_field]);

    /* (四) S&T staff ≥ 10% of the year's employees */
    check_ratio_min(c, &p->staff, s->st_staff == APP_INT_NONE ? APP_FEN_NONE : s->st_staff,
                    s->employees == APP_INT_NONE ? APP_FEN_NONE : s->employees, p->min_staff_bp,
                    "/application/staff/stStaff", "S&T staff", "all employees", "last year");

    /* (五) R&D intensity and the domestic share */
    ht_rd_intensity(c, p);

    /* (六) high-tech income ≥ 60% of total income in the last year */
    if (last == NULL) {
        rules_emit(c, &p->ht_income, VERDICT_FAIL, 0, "not given", "", "/application/financials",
                   "no financial year is given");
    } else {
        char when[16];

        rules_snprintf(when, sizeof when, "in %d", last->year);
        xpath_year(xp, sizeof xp, last->year, "hightechIncome");
        check_ratio_min(c, &p->ht_income, last->hightech_income_fen, last->total_income_fen,
                        p->min_ht_income_bp, xp, "high-tech product and service income",
                        "total income", when);
    }

    ht_score(c, p);

    /* (八) and the credit lists: declarations, no data feed (§14.9) */
    rules_declaration(c, &p->clean, c->app->decl.no_major_accident, 0, "noMajorAccident",
                      "no major safety or quality accident and no serious environmental "
                      "violation in the year before application");
    rules_declaration(c, &p->credit, c->app->decl.not_dishonest, 0, "notOnDishonestyList",
                      "that it is not on the serious-dishonesty list");
}
