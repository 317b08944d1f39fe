/*
 * rules_int.h — private to src/rules: the evaluation context, the policy
 * tables (one per rule set: policy_2022.c, policy_2026.c) and the measuring
 * helpers shared by the per-tier evaluators (rules_<tier>.c).
 *
 * Conventions used by every evaluator:
 *   - "last year" is app->years[0] (ingest keeps the years newest first);
 *     "year end" is 31 December of that year;
 *   - the "reference date" is rules_options.on, or else the submission date;
 *     each rule says which of the two it measures against;
 *   - a percentage threshold is an integer number of basis points decided by
 *     ratio_ge/ratio_le (num * 10000 >= den * bp, exact); bp values computed
 *     from the data are used for display only;
 *   - score bands have an inclusive lower edge ("≥ x%": a value exactly on a
 *     band edge scores the higher band, the Guangdong reading of domain.md
 *     §2a, adopted for every sheet), unless the sheet's own text says "≤".
 */
#ifndef TIER_RULES_INT_H
#define TIER_RULES_INT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "tier/application.h"
#include "tier/date.h"
#include "tier/money.h"
#include "tier/rules.h"
#include "tier/tier.h"

/* Money literals in fen. */
#define FEN_WAN INT64_C(1000000)      /* 1万元 = 10,000 yuan */
#define FEN_YI  INT64_C(10000000000)  /* 1亿元 = 100,000,000 yuan */

/* A rule's stable id and the clause it implements (static strings). */
struct rule_ref {
    const char *id;
    const char *clause;
};

/* One band of a score sheet. Bands are listed best first; the first band
 * whose edge the value meets wins; no band met scores 0. */
struct band {
    int edge;  /* basis points, percent, a count, a level or 万元, per table */
    int pts;
};

#define BANDS_MAX 8

enum band_mode {
    BAND_GE = 0, /* value >= edge ("≥ x%", inclusive lower edge) */
    BAND_LE,     /* value <= edge ("≤ x%") */
    BAND_LT,     /* value <  edge ("< x%") */
};

struct band_table {
    enum band_mode mode;
    int n;
    struct band b[BANDS_MAX];
};

/* ---- the evaluation context ------------------------------------------------------ */

struct rctx {
    const struct application *app;
    const struct rules_options *opt; /* never NULL inside the evaluators */
    enum rule_set rs;
    enum tier_id tier;               /* tier the findings are filed under */
    struct tier_date on;             /* reference (application) date */
    struct findings *out;
    int force_detail;                /* file every finding as detail (a sub-track) */
    enum verdict worst;              /* worst summary verdict emitted since reset */
};

/* (findings.c) Append a finding (text printf-style). Returns the finding, or NULL when the
 * list is full (the verdict is still counted). Updates c->worst for summary
 * findings. `measured`, `threshold` and `xpath` may be NULL. */
struct finding *rules_emit(struct rctx *c, const struct rule_ref *r, enum verdict v, int detail,
                           const char *measured, const char *threshold, const char *xpath,
                           const char *fmt, ...) __attribute__((format(printf, 8, 9)));

/* (findings.c) Say in Chinese why finding `f` (rules_emit's result, may be
 * NULL) needs review; kept only when its verdict is needs-review. `why` is
 * static. Can't fail. */
void rules_why_zh(struct finding *f, const char *why);

/* ---- measuring helpers (rules_util.c) ------------------------------------------------ */

/* The i-th most recent financial year (0 = last year), or NULL. */
const struct app_year *rules_year(const struct rctx *c, int i);

/* 31 December of the last financial year; y == 0 when there is no year. */
struct tier_date rules_year_end(const struct rctx *c);

/* Display strings. All write a NUL-terminated string into out (size n). */
void fmt_money(int64_t fen, char *out, size_t n);       /* "12345678.90元" */
void fmt_amount(int64_t fen, char *out, size_t n);      /* thresholds: "1000万", "2亿", "12.5万" */
void fmt_ratio(int64_t num, int64_t den, char *out, size_t n); /* "3.87%" (truncated) */
void fmt_bp(int64_t bp, char *out, size_t n);               /* "3.00%" */
void fmt_date(const struct tier_date *d, char *out, size_t n);
void fmt_points(int cp, char *out, size_t n);           /* centi-points: 6250 -> "62.5" */

/* XPath of a field of financial year `y`: "/application/financials/year[@value=2024]/rdExpense". */
void xpath_year(char *out, size_t n, int year, const char *elem);

/* Whole years from `from` to `to` by anniversary (date_full_years). */
int rules_full_years(const struct tier_date *from, const struct tier_date *to);

/* Is `d` on or after `ref` moved back `years` years, and not after `ref`?
 * ("within the last N years" of a reference date, both ends inclusive) */
int rules_within_years(const struct tier_date *d, const struct tier_date *ref, int years);

/* Award year within the last `years` calendar years of the reference date:
 * ref.y - years <= year <= ref.y. */
int rules_year_within(int year, const struct tier_date *ref, int years);

/* Does the applicant hold a valid title of `t` on c->on?
 * 1 yes, 0 no (the registry says so, or offline with rules_options.holds_complete
 * and t not in holds), -1 unknown (offline and not asserted via
 * rules_options.holds, or the lookup failed). */
int rules_held(const struct rctx *c, enum tier_id t);

/* The applicant's own declaration of a title (holds/title) of tier t valid on
 * c->on, or NULL. A declaration is a claim, not proof. */
const struct app_hold *rules_declared_hold(const struct rctx *c, enum tier_id t);

/* IP counting filters. */
struct ip_filter {
    enum app_ip_class cls;   /* APP_IP_CLASS_NONE: any class */
    int no_transfer_in;      /* 1: only own R&D counts (2026 小巨人) */
    int transfer_grace_years;/* transferred in less than this many years before the
                                reference date: does not count (创新型: 1) */
    int max_holder_rank;     /* >0: firm must be among the first N right-holders */
    int main_product;        /* 1: exclude items declared unrelated to the main product */
    int in_use;              /* 1: exclude items declared not in use */
    int own_only;            /* 1: only self-developed (acquisition own) */
    int high_value;          /* 1: only items declared high-value */
};

/* Number of IP items valid on `ref` (granted on or before, not expired) that
 * pass the filter. */
int rules_ip_count(const struct rctx *c, const struct tier_date *ref, const struct ip_filter *f);

/* Sum of equity rounds paid in within the last `years` years of `ref`
 * (rules_within_years), only from declared qualified investors when
 * `qualified_only`, never counting money from the controlling party when
 * `exclude_controller`. Saturates at INT64_MAX. */
int64_t rules_equity_sum(const struct rctx *c, const struct tier_date *ref, int years,
                         int qualified_only, int exclude_controller);

/* Exact growth tests (128-bit):
 *   yoy:  cur >= prev * (100 + pct) / 100
 *   avg2: ((y1/y0 - 1) + (y2/y1 - 1)) / 2 >= pct/100, the arithmetic mean of
 *         two year-on-year rates (y0 oldest)
 *   cagr2: y2 >= y0 * ((100 + pct)/100)^2
 * pct may be negative (e.g. 0 for "growth >= 0"). Bases must be > 0
 * (returns 0 otherwise). */
int growth_yoy_ge(int64_t prev, int64_t cur, int pct);
int growth_avg2_ge(int64_t y0, int64_t y1, int64_t y2, int pct);
int growth_cagr2_ge(int64_t y0, int64_t y2, int pct);

/* Display: growth in basis points, rounded toward zero. */
int64_t growth_yoy_bp(int64_t prev, int64_t cur);
int64_t growth_avg2_bp(int64_t y0, int64_t y1, int64_t y2);
int64_t growth_cagr2_bp(int64_t y0, int64_t y2);

/* Points of the first band in `t` whose min (basis points) the ratio num/den
 * meets exactly (ratio_ge); 0 when none or den <= 0. */
int band_ratio(const struct band_table *t, int64_t num, int64_t den);
/* Points of the first band whose min <= v (counts, levels). */
int band_int(const struct band_table *t, int v);

/* Score-sheet routine shared by the sheets: decide a total with a floor.
 * lo is what the data certainly give, hi what they may give once the parts a
 * person must judge are scored. pass if lo meets min, fail if hi does not,
 * needs-review otherwise. */
enum verdict score_verdict(int lo, int hi, int min);

/* Best of several route verdicts (pass beats needs-review beats fail). */
enum verdict verdict_best(enum verdict a, enum verdict b);

/* ---- shared criteria (rules.c; POLICY_COMMON in policy_2022.c) ---------------------- */

struct policy_common {
    struct rule_ref uscc_check;      /* GB 32100-2015 check characters */
    struct rule_ref uscc_enterprise; /* prefix 91 */
    struct rule_ref uscc_division;   /* division code: Shandong expected */
    /* SME size: the 300号 table's rows, used when rules_options.sme_size is NULL */
    struct sme_size_policy sme_size;
};

extern const struct policy_common POLICY_COMMON;

/* USCC-CHECK, USCC-ENTERPRISE, USCC-DIVISION. */
void rules_uscc(struct rctx *c);

/* A prerequisite tier that must be held (required = 1) or must not be held
 * (required = 0) on the reference date. `confirmed` = 0 when the policy
 * itself is UNCONFIRMED: a "no" then gives needs-review instead of fail. */
void rules_prereq(struct rctx *c, const struct rule_ref *r, enum tier_id t, int required,
                  int confirmed);

/* The same for a set of tiers (TIER_BIT()s): any one held satisfies it. */
void rules_prereq_any(struct rctx *c, const struct rule_ref *r, unsigned tiers, int required,
                      int confirmed);

/* A declaration that must be APP_YES: APP_NO fails, APP_YES gives a
 * judgement item (the registry has no official feed to check it, domain.md
 * §14.9) unless `trust` is set (then pass), APP_UNSET fails (not declared). */
void rules_declaration(struct rctx *c, const struct rule_ref *r, enum app_bool v, int trust,
                       const char *elem, const char *what);

/* A criterion that is UNCONFIRMED or needs an unknown fact: needs-review,
 * with the reason. It decides the overall verdict. */
void rules_review(struct rctx *c, const struct rule_ref *r, const char *xpath, const char *why,
                  const char *why_zh);

/* An item only a person can judge from evidence (domain.md §14, the expert
 * items of a tier): a judgement finding, listed, never counted. */
void rules_judgement(struct rctx *c, const struct rule_ref *r, const char *xpath, const char *why);

/* ---- policy tables ---------------------------------------------------------------------
 *
 * One struct per tier and rule set. Every threshold and every citation of a
 * rule set is a field here, filled in one table per rule set:
 *   policy_2022.c  63号 (创新型, 专精特新, 小巨人) and the tiers' own measures in force
 *                  before 2026-04-01 and not replaced by the 2026 measures
 *                  (高企, 科技型, 单项冠军, 瞪羚, 独角兽)
 *   policy_2026.c  2号 (专精特新, 小巨人, 科技和创新型 transition)
 * Percentages are basis points unless a field says "pct"; money is fen.
 */

/* 创新型中小企业, 63号 附件1. */
struct policy_isme {
    struct rule_ref sme_size, credit, products;
    struct rule_ref qualify;          /* summary: direct route or score */
    struct rule_ref score;            /* route B */
    struct rule_ref direct_award, direct_honour, direct_institution, direct_equity;
    int award_years;                  /* A1: science award within N years */
    int64_t equity_min_fen;           /* A4 */
    int equity_years;
    int transfer_grace_years;         /* IP transferred in < N years ago does not count */
    int min_total, min_innovation, min_growth, min_special;
    int ip_high_value_pts, ip_own1_pts, ip_1_pts, ip_2_pts;
    struct band_table rd_bands;       /* R&D / revenue, bp */
    struct band_table growth_bands;   /* main-business revenue growth, pct */
    struct band_table liab_bands;     /* asset-liability ratio, bp, BAND_LE */
    int field_strategic_pts, field_other_pts;
    struct band_table main_share_bands; /* bp */
};

/* 科技型中小企业, 国科发政〔2017〕115号. */
struct policy_tsme {
    struct rule_ref employees, sales, assets, clean, products;
    int max_employees;
    int64_t max_sales_fen, max_assets_fen;
    struct rule_ref qualify, score;
    struct rule_ref direct_hightech, direct_award, direct_institution, direct_standard;
    int award_years, award_top, standard_years;
    int min_total;
    struct band_table staff_bands;    /* S&T staff share, bp */
    struct band_table rd_sales_bands; /* R&D / sales, bp */
    struct band_table rd_cost_bands;  /* R&D / cost and expense, bp */
    int ip_1_pts;                     /* any Ⅰ类 */
    struct band_table ip_2_bands;     /* count of Ⅱ类 */
};

/* 科技和创新型中小企业, 2号 第三十条 (transition). */
struct policy_tisme {
    struct rule_ref qualify;
};

/* 专精特新中小企业, 63号 附件2. */
struct policy_ssme22 {
    struct rule_ref sme_size, credit;
    struct rule_ref prereq;           /* valid 创新型 title: UNCONFIRMED as a 2022 condition */
    struct rule_ref niche_years;
    int min_niche_years;
    struct rule_ref rd_amount, rd_ratio;
    int64_t min_rd_fen;
    int min_rd_bp;
    struct rule_ref scale;
    int64_t min_revenue_fen, scale_equity_fen;
    int scale_equity_years;
    struct rule_ref qualify, score;
    int min_score;
    int transfer_grace_years;        /* IP transferred in < N years ago does not count */
    int special_block_pts;            /* 特色化: set by the province, unknown here */
    struct rule_ref direct_award, direct_rd, direct_equity, direct_maker;
    int award_years, prov_award_top, nat_award_top;
    int64_t direct_rd_avg_fen;        /* average over 2 years */
    int64_t direct_equity_fen;
    int direct_equity_years;
    int maker_years, maker_top;
    /* score sheet */
    int niche_pts_per_2y, niche_pts_max;
    struct band_table main_share_bands;  /* bp */
    struct band_table growth_bands;      /* 2-year average growth, pct */
    int field_chain_pts, field_liuji_pts;
    struct band_table digital_bands;     /* level */
    int quality_pts_per_item, quality_pts_max;
    struct band_table margin_bands;      /* net profit / revenue, bp */
    struct band_table liab_bands;        /* bp, BAND_LT */
    int ip_high_value_pts, ip_own1_pts, ip_1_pts, ip_2_pts;
    struct band_table rd_amount_bands;   /* 万元 */
    struct band_table rd_ratio_bands;    /* bp */
    struct band_table rd_staff_bands;    /* bp */
    int inst_national_pts, inst_provincial_pts, inst_city_pts, inst_below_pts;
};

/* 专精特新中小企业, 2号 附件1. */
struct policy_ssme26 {
    struct rule_ref sme_size, credit;
    struct rule_ref prereq;           /* valid 科技和创新型 */
    struct rule_ref niche_years;
    int min_niche_years;
    struct rule_ref scale;
    int64_t min_revenue_fen, scale_equity_fen;
    int scale_equity_years;
    struct rule_ref main_share;
    int min_main_share_bp;
    struct rule_ref liability;
    int max_liability_bp;
    struct rule_ref rd_amount, rd_ratio;
    int rd_years;
    int64_t min_rd_fen;
    int min_rd_bp;
    struct rule_ref ip_count, ip_use;
    int min_type1_ip, waiver_award_years, waiver_award_top;
    struct rule_ref market;
    struct rule_ref platform_score;
    int min_platform_cp;
};

/* 专精特新"小巨人", 63号 附件3. */
struct policy_lg22 {
    struct rule_ref prereq;
    int prereq_confirmed;
    struct rule_ref niche_years;
    int min_niche_years, exception_niche_years;
    struct rule_ref main_share;
    int min_main_share_bp;
    struct rule_ref growth;
    int min_avg_growth_pct;
    struct rule_ref it;
    int min_it_processes;
    struct rule_ref cert;
    struct rule_ref liability;
    int max_liability_bp;
    struct rule_ref market;
    int min_market_share_bp;
    struct rule_ref brand;
    struct rule_ref innovation;       /* summary: general route or direct route */
    struct rule_ref rd_intensity;
    int64_t rd_high_revenue_fen, rd_mid_revenue_fen;
    int rd_high_bp, rd_mid_bp;
    int64_t small_equity_fen, small_rd_total_fen;
    int small_equity_years, small_rd_staff_bp;
    struct rule_ref rd_institution;
    struct rule_ref ip_count, ip_use;
    int min_type1_ip;
    struct rule_ref direct_award, direct_maker;
    int award_years, award_top, maker_years, maker_top;
    struct rule_ref chain, field;
};

/* 专精特新"小巨人", 2号 附件2. */
struct policy_lg26 {
    struct rule_ref prereq, no_champion, group, fraud_ban;
    struct rule_ref niche_years;
    int min_niche_years;
    struct rule_ref revenue;
    int64_t min_revenue_fen;
    struct rule_ref main_share;
    int min_main_share_bp;
    struct rule_ref growth;
    int min_cagr_pct;
    struct rule_ref liability;
    int max_liability_bp;
    struct rule_ref rd_amount, rd_ratio;
    int64_t min_rd_total_fen;
    int min_rd_bp;
    struct rule_ref ip_count, ip_use;
    int min_type1_ip, max_holder_rank, waiver_award_years, waiver_award_top;
    struct rule_ref market;
    int min_market_share_bp, max_market_rank;
    struct rule_ref field;
    struct rule_ref platform_score;
    int min_platform_cp;
};

/* 高新技术企业, 国科发火〔2016〕32号 第十一条 and 工作指引 (195号). */
struct policy_ht {
    struct rule_ref age;
    int min_age_years;
    struct rule_ref core_ip, field;
    struct rule_ref staff;
    int min_staff_bp;
    struct rule_ref rd_intensity;
    int rd_years;
    int64_t small_sales_fen, mid_sales_fen; /* <= small: small_bp; <= mid: mid_bp; else large */
    int small_bp, mid_bp, large_bp;
    struct rule_ref rd_domestic;
    int min_domestic_bp;
    struct rule_ref ht_income;
    int min_ht_income_bp;
    struct rule_ref score, clean, credit;
    int score_edge;                   /* innovation score: above it passes, below fails */
    int score_edge_passes;            /* exactly score_edge: 1 passes (">=" reading), 0 fails
                                         (">" reading), -1 not configured: needs-review (§15) */
};

/* 制造业单项冠军, 工信部政法〔2023〕138号. */
struct policy_sc {
    struct rule_ref manufacturing;
    struct rule_ref years;
    int min_years, min_years_new_product;
    struct rule_ref revenue;
    int64_t min_avg_main_revenue_fen, relief_avg_main_revenue_fen;
    int revenue_years;
    struct rule_ref market;
    int max_global_rank;
    struct rule_ref tech, energy, innovation, clean, fraud_ban;
};

/* Shandong 瞪羚 (鲁工信发〔2020〕8号, link UNCONFIRMED) and 独角兽 (2018 criteria). */
struct policy_gazelle {
    struct rule_ref shandong, sector, years, liability, listed, growth, rd, ip, credit;
    int min_full_years;
    int max_liability_bp;             /* strictly below */
    int n_growth_bands;
    struct {
        int64_t min_revenue_fen;      /* band applies from this revenue (inclusive) */
        int min_cagr_pct;
    } growth_bands[4];                /* highest revenue first */
    int64_t rd_high_revenue_fen;
    int rd_high_bp, rd_low_bp;
    int rd_years;
    int min_inventions, min_utility_software, min_led_standards;
    int min_credit_cp;
};

struct policy_unicorn {
    struct rule_ref shandong, age, equity, listed, valuation, field, credit;
    int max_age_years;
    int64_t min_valuation_usd_cents;  /* strictly above */
    int64_t min_valuation_quasi_usd_cents;
    int min_credit_cp;
};

/* 制造业领航企业: no published criteria (domain.md §8a). */
struct policy_leading {
    struct rule_ref criteria, revenue, rd, years, ip, liability;
};

extern const struct policy_isme POLICY_ISME_2022;
extern const struct policy_tsme POLICY_TSME_2017;
extern const struct policy_ssme22 POLICY_SSME_2022;
extern const struct policy_lg22 POLICY_LG_2022;
extern const struct policy_ht POLICY_HT_2016;
extern const struct policy_sc POLICY_SC_2023;
extern const struct policy_gazelle POLICY_GAZELLE_2020;
extern const struct policy_unicorn POLICY_UNICORN_2018;
extern const struct policy_leading POLICY_LEADING;
extern const struct policy_ssme26 POLICY_SSME_2026;
extern const struct policy_lg26 POLICY_LG_2026;
extern const struct policy_tisme POLICY_TISME_2026;

/* ---- generic checks (rules_checks.c) --------------------------------------------------
 * Each appends one summary finding. A value that is not given fails: the
 * applicant must show that the criterion is met. `what` strings are English
 * noun phrases used in the sentence. */

/* num/den >= min_bp (at least), in financial year `year`. */
enum verdict check_ratio_min(struct rctx *c, const struct rule_ref *r, int64_t num, int64_t den,
                             int min_bp, const char *xpath, const char *what_num,
                             const char *what_den, const char *when);

/* num/den <= max_bp (at most), or < max_bp when strict. */
enum verdict check_ratio_max(struct rctx *c, const struct rule_ref *r, int64_t num, int64_t den,
                             int max_bp, int strict, const char *xpath, const char *what_num,
                             const char *what_den, const char *when);

/* value >= min_fen. */
enum verdict check_amount_min(struct rctx *c, const struct rule_ref *r, int64_t value,
                              int64_t min_fen, const char *xpath, const char *what);

/* Asset-liability ratio at the end of the last financial year. */
enum verdict check_liability(struct rctx *c, const struct rule_ref *r, int max_bp, int strict);

/* Main-business revenue / revenue of the last financial year. */
enum verdict check_main_share(struct rctx *c, const struct rule_ref *r, int min_bp);

/* R&D in each of the last `years` financial years: >= min_fen when min_bp is
 * 0, else >= min_bp of that year's revenue. One finding (detail as given):
 * the first failing year, or the lowest year when all pass. `band` (may be
 * NULL) ends the sentence, e.g. " for revenue of at least 1亿". */
enum verdict check_rd_each_year(struct rctx *c, const struct rule_ref *r, int years,
                                int64_t min_fen, int min_bp, int detail, const char *band);

/* Whole years in the niche (niche/since) to 31 Dec of the last financial year. */
int niche_years(const struct rctx *c);
enum verdict check_niche_years(struct rctx *c, const struct rule_ref *r, int min_years);

/* SME size (工信部联企业〔2011〕300号, domain.md §11): by the firm's GB/T 4754
 * division, the row of rules_options.sme_size (else POLICY_COMMON.sme_size) decides (SME when employees or
 * revenue is below its limit: pass; both at or above: fail); a sector without
 * a row is needs-review; employees or revenue not given fails. */
void check_sme_size(struct rctx *c, const struct rule_ref *r);

/* 专精特新发展评价 platform score (centi-points) >= min_cp: below fails, at or
 * above needs-review (the formula is not public, §14.10); renewals take the
 * better of this and last year's (rules_ssme.c). */
void check_platform_score(struct rctx *c, const struct rule_ref *r, int min_cp);

/* Direct routes: each appends one finding (detail as given; none when r is
 * NULL) and returns its verdict. Awards count by year: ref.y - years <= year <= ref.y. */
#define ROUTE_ANY_RANK 1000000 /* nat_top/prov_top: any place; 0: level not accepted */
enum verdict route_award(struct rctx *c, const struct rule_ref *r, int years, int nat_top,
                         int prov_top, int detail);
/* An R&D institution of level `lowest` or higher (national is highest). */
enum verdict route_institution(struct rctx *c, const struct rule_ref *r,
                               enum app_rd_level lowest, int detail);
/* Qualified equity within `years` of the reference date >= min_fen. */
enum verdict route_equity(struct rctx *c, const struct rule_ref *r, int64_t min_fen, int years,
                          int detail);
/* 创客中国 rank <= top within `years`. */
enum verdict route_maker(struct rctx *c, const struct rule_ref *r, int top, int years, int detail);
/* A valid 高新技术企业 title (registry, --holds, or declared certificate). */
enum verdict route_hightech(struct rctx *c, const struct rule_ref *r, int detail);

/* Score-sheet IP points: pts_hv for a high-value class-I item, else pts_own
 * for a self-developed class-I item, else pts_1 for any class-I item, else
 * pts_2 for a class-II item; items valid on the reference date, related to
 * the main product, not transferred in within grace_years. `what` names the
 * band for the sentence. */
int ip_points(struct rctx *c, int grace_years, int pts_hv, int pts_own, int pts_1, int pts_2,
              char *what, size_t n);

/* Combine declarations: APP_NO if any is NO, APP_UNSET if any is missing. */
enum app_bool decl_all(enum app_bool a, enum app_bool b, enum app_bool c);

/* ---- per-tier evaluators ------------------------------------------------------------- */

void rules_innovative_sme(struct rctx *c);   /* rules_base.c */
void rules_tech_sme(struct rctx *c);         /* rules_base.c */
void rules_tech_innovative_sme(struct rctx *c); /* rules_base.c */
void rules_specialized_2022(struct rctx *c); /* rules_ssme.c */
void rules_specialized_2026(struct rctx *c); /* rules_ssme.c */
void rules_little_giant_2022(struct rctx *c);/* rules_little_giant.c */
void rules_little_giant_2026(struct rctx *c);/* rules_little_giant.c */
void rules_high_tech(struct rctx *c);        /* rules_high_tech.c */
void rules_single_champion(struct rctx *c);  /* rules_champion.c */
void rules_gazelle(struct rctx *c);          /* rules_shandong.c */
void rules_unicorn(struct rctx *c);          /* rules_shandong.c */
void rules_leading(struct rctx *c);          /* rules_shandong.c (configurable) */

/* snprintf / vsnprintf for the rules' display text, without glibc's cost for
 * the few conversions the rules use (rules_fmt.c). Same contract. */
int rules_snprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int rules_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);

#endif
