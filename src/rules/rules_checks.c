/*
 * rules_checks.c — generic threshold checks that many tiers share: a ratio at
 * least or at most a threshold, an amount floor, the asset-liability ratio,
 * the main-business share, years in the niche market and the SME size test.
 *
 * Each check appends one finding with the measured value and the threshold as
 * display strings and returns its verdict, so an evaluator can combine checks
 * into a route. The verdict comes from ratio_ge/ratio_le on the raw integers;
 * the percentages in the text are truncated basis points, for display only.
 * A figure the applicant did not give fails the check. No state; thread-safe.
 */
#include <stdio.h>

#include "rules_int.h"

/* Route checks run silently when r is NULL (a waiver tested inside another rule). */
#define ROUTE_EMIT(c, r, ...)                  \
    do {                                       \
        if ((r) != NULL)                       \
            rules_emit((c), (r), __VA_ARGS__); \
    } while (0)

enum verdict check_ratio_min(struct rctx *c, const struct rule_ref *r, int64_t num, int64_t den,
                             int min_bp, const char *xpath, const char *what_num,
                             const char *what_den, const char *when)
{
    char m[32], t[32], th[40];
    enum verdict v;

    fmt_bp(min_bp, t, sizeof t);
    rules_snprintf(th, sizeof th, ">= %s", t);
    if (num == APP_FEN_NONE || den == APP_FEN_NONE || den <= 0) {
        rules_emit(c, r, VERDICT_FAIL, 0, "not given", th, xpath,
                   "%s or %s %s is not given (or is zero), so the share of at least %s cannot "
                   "be shown", what_num, what_den, when, t);
        return VERDICT_FAIL;
    }
    fmt_ratio(num, den, m, sizeof m);
    v = ratio_ge(num, den, min_bp, 10000) ? VERDICT_PASS : VERDICT_FAIL;
    rules_emit(c, r, v, 0, m, th, xpath, "%s %s is %s of %s; at least %s is required", what_num,
               when, m, what_den, t);
    return v;
}

enum verdict check_ratio_max(struct rctx *c, const struct rule_ref *r, int64_t num, int64_t den,
                             int max_bp, int strict, const char *xpath, const char *what_num,
                             const char *what_den, const char *when)
{
    char m[32], t[32], th[40];
    enum verdict v;
    int ok;

    fmt_bp(max_bp, t, sizeof t);
    rules_snprintf(th, sizeof th, "%s %s", strict ? "<" : "<=", t);
    if (num == APP_FEN_NONE || den == APP_FEN_NONE || den <= 0 || num < 0) {
        rules_emit(c, r, VERDICT_FAIL, 0, "not given", th, xpath,
                   "%s or %s %s is not given (or is zero), so a ratio of %s %s cannot be shown",
                   what_num, what_den, when, strict ? "below" : "at most", t);
        return VERDICT_FAIL;
    }
    fmt_ratio(num, den, m, sizeof m);
    ok = strict ? !ratio_ge(num, den, max_bp, 10000) : ratio_le(num, den, max_bp, 10000);
    v = ok ? VERDICT_PASS : VERDICT_FAIL;
    rules_emit(c, r, v, 0, m, th, xpath, "%s %s are %s of %s; %s %s is allowed", what_num, when, m,
               what_den, strict ? "less than" : "at most", t);
    return v;
}

enum verdict check_amount_min(struct rctx *c, const struct rule_ref *r, int64_t value,
                              int64_t min_fen, const char *xpath, const char *what)
{
    char m[48], t[48], th[56];
    enum verdict v;

    fmt_amount(min_fen, t, sizeof t);
    rules_snprintf(th, sizeof th, ">= %s", t);
    if (value == APP_FEN_NONE) {
        rules_emit(c, r, VERDICT_FAIL, 0, "not given", th, xpath, "%s is not given; at least %s "
                   "is required", what, t);
        return VERDICT_FAIL;
    }
    fmt_money(value, m, sizeof m);
    v = value >= min_fen ? VERDICT_PASS : VERDICT_FAIL;
    rules_emit(c, r, v, 0, m, th, xpath, "%s is %s; at least %s is required", what, m, t);
    return v;
}

enum verdict check_liability(struct rctx *c, const struct rule_ref *r, int max_bp, int strict)
{
    const struct app_year *y = rules_year(c, 0);
    char xp[FINDING_XPATH_MAX], when[32];

    if (y == NULL) {
        rules_emit(c, r, VERDICT_FAIL, 0, "not given", "", "/application/financials",
                   "no financial year is given, so the asset-liability ratio cannot be measured");
        return VERDICT_FAIL;
    }
    xpath_year(xp, sizeof xp, y->year, "totalLiabilities");
    rules_snprintf(when, sizeof when, "at the end of %d", y->year);
    return check_ratio_max(c, r, y->total_liabilities_fen, y->total_assets_fen, max_bp, strict, xp,
                           "total liabilities", "total assets", when);
}

enum verdict check_main_share(struct rctx *c, const struct rule_ref *r, int min_bp)
{
    const struct app_year *y = rules_year(c, 0);
    char xp[FINDING_XPATH_MAX], when[32];

    if (y == NULL) {
        rules_emit(c, r, VERDICT_FAIL, 0, "not given", "", "/application/financials",
                   "no financial year is given, so the main-business share cannot be measured");
        return VERDICT_FAIL;
    }
    xpath_year(xp, sizeof xp, y->year, "mainRevenue");
    rules_snprintf(when, sizeof when, "in %d", y->year);
    return check_ratio_min(c, r, y->main_revenue_fen, y->revenue_fen, min_bp, xp,
                           "main-business revenue", "revenue", when);
}

int niche_years(const struct rctx *c)
{
    struct tier_date end = rules_year_end(c);

    if (!APP_DATE_GIVEN(c->app->niche.since) || end.y == 0)
        return -1;
    return rules_full_years(&c->app->niche.since, &end);
}

enum verdict check_niche_years(struct rctx *c, const struct rule_ref *r, int min_years)
{
    struct tier_date end = rules_year_end(c);
    const char *xp = "/application/niche/since";
    char m[24], th[24], since[16], ends[16];
    int n = niche_years(c);
    enum verdict v;

    rules_snprintf(th, sizeof th, ">= %d years", min_years);
    if (n < 0) {
        rules_emit(c, r, VERDICT_FAIL, 0, "not given", th, xp,
                   "the date the firm entered its niche market (or the last financial year) is "
                   "not given; at least %d years are required", min_years);
        return VERDICT_FAIL;
    }
    fmt_date(&c->app->niche.since, since, sizeof since);
    fmt_date(&end, ends, sizeof ends);
    rules_snprintf(m, sizeof m, "%d year%s", n, n == 1 ? "" : "s");
    /* reference date: 31 December of the last financial year ("截至上年末") */
    v = n >= min_years ? VERDICT_PASS : VERDICT_FAIL;
    rules_emit(c, r, v, 0, m, th, xp,
               "the firm has been in its niche market for %d full year%s from %s to %s; at least "
               "%d are required", n, n == 1 ? "" : "s", since, ends, min_years);
    return v;
}

const struct sme_size_policy *sme_size_policy_set(struct sme_size_policy *p, int industry_emp,
                                                  int64_t industry_rev_fen, int software_emp,
                                                  int64_t software_rev_fen)
{
    *p = POLICY_COMMON.sme_size;
    if (industry_emp > 0)
        p->rows[0].max_employees = industry_emp;
    if (industry_rev_fen > 0)
        p->rows[0].max_revenue_fen = industry_rev_fen;
    if (software_emp > 0)
        p->rows[1].max_employees = software_emp;
    if (software_rev_fen > 0)
        p->rows[1].max_revenue_fen = software_rev_fen;
    return p;
}

/* The row for a GB/T 4754 code's division (its first two digits), or NULL. */
static const struct sme_size_row *sme_row(const struct rctx *c, const char *industry)
{
    const struct sme_size_policy *p =
        c->opt->sme_size != NULL ? c->opt->sme_size : &POLICY_COMMON.sme_size;
    int div;

    if (industry[0] < '0' || industry[0] > '9' || industry[1] < '0' || industry[1] > '9')
        return NULL;
    div = (industry[0] - '0') * 10 + (industry[1] - '0');
    for (int i = 0; i < p->n && i < SME_SIZE_ROWS_MAX; i++) {
        if (div >= p->rows[i].div_lo && div <= p->rows[i].div_hi)
            return &p->rows[i];
    }
    return NULL;
}

void check_sme_size(struct rctx *c, const struct rule_ref *r)
{
    const struct app_year *y = rules_year(c, 0);
    int emp = c->app->staff.employees;
    const struct sme_size_row *row;
    char m[64], rev[40], lim[24], th[FINDING_THRESH_MAX];

    if (y == NULL || y->revenue_fen == APP_FEN_NONE || emp == APP_INT_NONE) {
        rules_emit(c, r, VERDICT_FAIL, 0, "not given", "SME (工信部联企业〔2011〕300号)",
                   "/application/staff/employees",
                   "employees or last year's revenue is not given, so the SME size test cannot "
                   "be applied");
        return;
    }
    fmt_amount(y->revenue_fen, rev, sizeof rev);
    rules_snprintf(m, sizeof m, "%d employees, revenue %s", emp, rev);
    row = sme_row(c, c->app->enterprise.industry);
    if (row == NULL) {
        rules_why_zh(
            rules_emit(c, r, VERDICT_NEEDS_REVIEW, 0, m, "the 300号 table's row for the sector",
                       "/application/enterprise/industry",
                       "the firm has %d employees and revenue of %s in %d; its industry %s has no "
                       "row in the 300号 table as configured, so a reviewer applies it",
                       emp, rev, y->year,
                       c->app->enterprise.industry[0] != '\0' ? c->app->enterprise.industry
                                                              : "(not given)"),
            "该行业未配置中小企业划型标准，需人工适用300号文");
        return;
    }
    fmt_amount(row->max_revenue_fen, lim, sizeof lim);
    rules_snprintf(th, sizeof th, "%s: < %d employees or revenue < %s", row->sector,
                   row->max_employees, lim);
    /* SME when either figure is below its limit; only both at or above is large */
    if (emp < row->max_employees || y->revenue_fen < row->max_revenue_fen)
        rules_emit(c, r, VERDICT_PASS, 0, m, th, "/application/staff/employees",
                   "the firm has %d employees and revenue of %s in %d: an SME in %s (fewer than "
                   "%d employees or revenue below %s)", emp, rev, y->year, row->sector,
                   row->max_employees, lim);
    else
        rules_emit(c, r, VERDICT_FAIL, 0, m, th, "/application/staff/employees",
                   "the firm has %d employees and revenue of %s in %d: a large firm in %s (an "
                   "SME has fewer than %d employees or revenue below %s)", emp, rev, y->year,
                   row->sector, row->max_employees, lim);
}

enum verdict route_award(struct rctx *c, const struct rule_ref *r, int years, int nat_top,
                         int prov_top, int detail)
{
    char th[64], m[FINDING_VALUE_MAX], xp[64];

    rules_snprintf(th, sizeof th, "science award within %d years", years);
    for (int i = 0; i < c->app->award_count && i < APP_MAX_AWARDS; i++) {
        const struct app_award *a = &c->app->awards[i];
        int top;

        if (a->kind != APP_AWARD_SCIENCE || !rules_year_within(a->year, &c->on, years))
            continue;
        if (a->level == APP_AWARD_NATIONAL)
            top = nat_top;
        else if (a->level == APP_AWARD_PROVINCIAL)
            top = prov_top;
        else
            continue;
        if (top == 0)
            continue;
        /* a rank condition needs a stated rank */
        if (top != ROUTE_ANY_RANK && (a->rank == APP_INT_NONE || a->rank < 1 || a->rank > top))
            continue;
        if (a->rank != APP_INT_NONE && a->rank > 0)
            rules_snprintf(m, sizeof m, "%d, %s, rank %d", a->year,
                     a->level == APP_AWARD_NATIONAL ? "national" : "provincial", a->rank);
        else
            rules_snprintf(m, sizeof m, "%d, %s", a->year,
                     a->level == APP_AWARD_NATIONAL ? "national" : "provincial");
        rules_snprintf(xp, sizeof xp, "/application/awards/award[%d]", i + 1);
        ROUTE_EMIT(c, r, VERDICT_PASS, detail, m, th, xp,
                   "the firm won the %s science award %s (%s)",
                   a->level == APP_AWARD_NATIONAL ? "national" : "provincial", a->name, m);
        return VERDICT_PASS;
    }
    ROUTE_EMIT(c, r, VERDICT_FAIL, detail, "none", th, "/application/awards",
               "no qualifying science award (level and place) from %d onward is given",
               c->on.y - years);
    return VERDICT_FAIL;
}

enum verdict route_institution(struct rctx *c, const struct rule_ref *r,
                               enum app_rd_level lowest, int detail)
{
    static const char *const LEVEL[] = { "", "national", "provincial", "city", "below-city" };
    const char *th = lowest == APP_RD_PROVINCIAL ? "provincial or higher R&D institution"
                     : lowest == APP_RD_NATIONAL ? "national R&D institution"
                                                 : "an R&D institution";

    for (int i = 0; i < c->app->rd_inst_count && i < APP_MAX_RD_INST; i++) {
        const struct app_rd_institution *in = &c->app->rd_inst[i];
        char xp[64];

        if (in->level <= APP_RD_LEVEL_NONE || in->level > lowest)
            continue;
        if (APP_DATE_GIVEN(in->recognised) && date_cmp(&in->recognised, &c->on) > 0)
            continue;
        rules_snprintf(xp, sizeof xp, "/application/rdInstitutions/institution[%d]", i + 1);
        ROUTE_EMIT(c, r, VERDICT_PASS, detail, LEVEL[in->level], th, xp,
                   "the firm has the %s R&D institution %s", LEVEL[in->level], in->name);
        return VERDICT_PASS;
    }
    ROUTE_EMIT(c, r, VERDICT_FAIL, detail, "none", th, "/application/rdInstitutions",
               "no %s is given", th);
    return VERDICT_FAIL;
}

enum verdict route_equity(struct rctx *c, const struct rule_ref *r, int64_t min_fen, int years,
                          int detail)
{
    int64_t sum = rules_equity_sum(c, &c->on, years, 1, 1);
    char m[48], t[32], th[64], from[16];
    struct tier_date start = date_add_years(&c->on, -years);
    enum verdict v = sum >= min_fen ? VERDICT_PASS : VERDICT_FAIL;

    fmt_money(sum, m, sizeof m);
    fmt_amount(min_fen, t, sizeof t);
    fmt_date(&start, from, sizeof from);
    rules_snprintf(th, sizeof th, ">= %s within %d years", t, years);
    /* window: paid in on or after the reference date moved back `years`
     * years, up to the reference date; only declared qualified institutional
     * investors, never the controlling party (who qualifies: a reviewer, §14.7) */
    ROUTE_EMIT(c, r, v, detail, m, th, "/application/equityFinancing",
               "new equity from qualified institutional investors paid in from %s is %s; at "
               "least %s is required", from, m, t);
    return v;
}

enum verdict route_maker(struct rctx *c, const struct rule_ref *r, int top, int years, int detail)
{
    const struct app_assessment *s = &c->app->assessment;
    char th[48], m[32];

    rules_snprintf(th, sizeof th, "top %d within %d years", top, years);
    if (s->chuangke_rank == APP_INT_NONE || s->chuangke_rank < 1) {
        ROUTE_EMIT(c, r, VERDICT_FAIL, detail, "none", th, "/application/assessment/chuangke",
                   "no 创客中国 ranking is given");
        return VERDICT_FAIL;
    }
    rules_snprintf(m, sizeof m, "rank %d in %d", s->chuangke_rank, s->chuangke_year);
    if (s->chuangke_rank <= top && rules_year_within(s->chuangke_year, &c->on, years)) {
        ROUTE_EMIT(c, r, VERDICT_PASS, detail, m, th, "/application/assessment/chuangke",
                   "the firm ranked %d in the national 创客中国 contest in %d", s->chuangke_rank,
                   s->chuangke_year);
        return VERDICT_PASS;
    }
    ROUTE_EMIT(c, r, VERDICT_FAIL, detail, m, th, "/application/assessment/chuangke",
               "the firm ranked %d in the 创客中国 contest in %d; top %d from %d onward is "
               "required", s->chuangke_rank, s->chuangke_year, top, c->on.y - years);
    return VERDICT_FAIL;
}

enum verdict route_hightech(struct rctx *c, const struct rule_ref *r, int detail)
{
    const struct app_hold *h;
    int held = rules_held(c, TIER_HIGH_TECH);

    if (held == 1) {
        ROUTE_EMIT(c, r, VERDICT_PASS, detail, "held", "valid 高新技术企业 certificate",
                   "/application/holds", "the registry shows a valid 高新技术企业 certificate");
        return VERDICT_PASS;
    }
    h = rules_declared_hold(c, TIER_HIGH_TECH);
    if (h != NULL && held == 0) {
        /* 高企 certificates come from the science authorities; a registry
         * without the record does not disprove a declared certificate */
        ROUTE_EMIT(c, r, VERDICT_NEEDS_REVIEW, detail, h->certificate,
                   "valid 高新技术企业 certificate", "/application/holds/title",
                   "the firm declares 高新技术企业 certificate %s, which the registry does not "
                   "show; a reviewer checks it", h->certificate);
        return VERDICT_NEEDS_REVIEW;
    }
    if (h != NULL) {
        char until[16];

        fmt_date(&h->valid_until, until, sizeof until);
        ROUTE_EMIT(c, r, VERDICT_PASS, detail, h->certificate, "valid 高新技术企业 certificate",
                   "/application/holds/title",
                   "the firm declares 高新技术企业 certificate %s valid until %s", h->certificate,
                   until);
        return VERDICT_PASS;
    }
    ROUTE_EMIT(c, r, VERDICT_FAIL, detail, "none", "valid 高新技术企业 certificate",
               "/application/holds", "no valid 高新技术企业 certificate is shown");
    return VERDICT_FAIL;
}

enum app_bool decl_all(enum app_bool a, enum app_bool b, enum app_bool c)
{
    if (a == APP_NO || b == APP_NO || c == APP_NO)
        return APP_NO;
    if (a == APP_UNSET || b == APP_UNSET || c == APP_UNSET)
        return APP_UNSET;
    return APP_YES;
}

/* Points for IP under a sheet: high-value Ⅰ, self-developed Ⅰ, any Ⅰ, any Ⅱ. */
int ip_points(struct rctx *c, int grace_years, int pts_hv, int pts_own, int pts_1, int pts_2,
                     char *what, size_t n)
{
    struct ip_filter f = { .cls = APP_IP_CLASS_1, .transfer_grace_years = grace_years,
                           .main_product = 1 };
    int n1, n2;

    f.high_value = 1;
    if (rules_ip_count(c, &c->on, &f) > 0) {
        rules_snprintf(what, n, "high-value class-I IP");
        return pts_hv;
    }
    f.high_value = 0;
    f.own_only = 1;
    if (rules_ip_count(c, &c->on, &f) > 0) {
        rules_snprintf(what, n, "self-developed class-I IP");
        return pts_own;
    }
    f.own_only = 0;
    n1 = rules_ip_count(c, &c->on, &f);
    if (n1 > 0) {
        rules_snprintf(what, n, "class-I IP");
        return pts_1;
    }
    f.cls = APP_IP_CLASS_2;
    n2 = rules_ip_count(c, &c->on, &f);
    if (n2 > 0) {
        rules_snprintf(what, n, "class-II IP only");
        return pts_2;
    }
    rules_snprintf(what, n, "no valid IP");
    return 0;
}

/* Is y's R&D (as a share of revenue when `ratio`) lower than w's? Exact. */
static int lower(const struct app_year *y, const struct app_year *w, int ratio)
{
    if (!ratio)
        return y->rd_fen < w->rd_fen;
    return (__int128)y->rd_fen * w->revenue_fen < (__int128)w->rd_fen * y->revenue_fen;
}

/* One finding for "in each of the last N years": the first year that fails
 * is reported, else the lowest. amount: min_fen; ratio: min_bp. */
enum verdict check_rd_each_year(struct rctx *c, const struct rule_ref *r, int years,
                                int64_t min_fen, int min_bp, int detail, const char *band)
{
    char xp[FINDING_XPATH_MAX], m[48], t[32], th[FINDING_THRESH_MAX];
    int worst = -1;

    if (min_bp > 0) {
        fmt_bp(min_bp, t, sizeof t);
    } else {
        fmt_amount(min_fen, t, sizeof t);
    }
    rules_snprintf(th, sizeof th, ">= %s in each of %d years", t, years);
    for (int i = 0; i < years; i++) {
        const struct app_year *y = rules_year(c, i);
        int ok;

        if (y == NULL || y->rd_fen == APP_FEN_NONE ||
            (min_bp > 0 && (y->revenue_fen == APP_FEN_NONE || y->revenue_fen <= 0))) {
            rules_emit(c, r, VERDICT_FAIL, detail, "not given", th, "/application/financials",
                       "R&D expense%s for each of the last %d years is not given",
                       min_bp > 0 ? " and revenue" : "", years);
            return VERDICT_FAIL;
        }
        ok = min_bp > 0 ? ratio_ge(y->rd_fen, y->revenue_fen, min_bp, 10000)
                        : y->rd_fen >= min_fen;
        if (!ok) {
            xpath_year(xp, sizeof xp, y->year, "rdExpense");
            if (min_bp > 0)
                fmt_ratio(y->rd_fen, y->revenue_fen, m, sizeof m);
            else
                fmt_money(y->rd_fen, m, sizeof m);
            rules_emit(c, r, VERDICT_FAIL, detail, m, th, xp,
                       "R&D expense in %d is %s%s; at least %s is required in each of the last "
                       "%d years%s", y->year, m, min_bp > 0 ? " of revenue" : "", t, years,
                       band != NULL ? band : "");
            return VERDICT_FAIL;
        }
        if (worst < 0 || lower(y, rules_year(c, worst), min_bp > 0))
            worst = i;
    }
    {
        const struct app_year *y = rules_year(c, worst);

        xpath_year(xp, sizeof xp, y->year, "rdExpense");
        if (min_bp > 0)
            fmt_ratio(y->rd_fen, y->revenue_fen, m, sizeof m);
        else
            fmt_money(y->rd_fen, m, sizeof m);
        rules_emit(c, r, VERDICT_PASS, detail, m, th, xp,
                   "R&D expense%s is at least %s in each of the last %d years (lowest %s, in "
                   "%d)%s", min_bp > 0 ? " as a share of revenue" : "", t, years, m, y->year,
                   band != NULL ? band : "");
    }
    return VERDICT_PASS;
}
