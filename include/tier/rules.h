/*
 * rules.h — eligibility rules per tier and rule set, with clause citations
 * (domain.md §2–§8, §13, §14).
 *
 * rules_evaluate() judges one extracted application (struct application, see
 * application.h) and appends one finding per criterion to a caller-supplied,
 * capped list. Every finding carries a stable rule id ("HT-RD-INTENSITY"),
 * the tier and rule set it belongs to, the clause it implements, a verdict
 * (pass / needs-review / fail), the measured value and the threshold as
 * display strings, a sentence, and an XPath-like location of the data.
 *
 * Verdicts: "fail" only for a mechanically checkable criterion that the
 * submitted data do not meet; "needs-review" for what domain.md §14 gives to a
 * person, for UNCONFIRMED policy (§15), for claims the registry cannot check,
 * and for prerequisites that need the registry when none is connected.
 *
 * Some criteria can be met in more than one way (a score sheet OR a direct
 * route). Each route is reported as a finding of its own with `detail` set,
 * and one summary finding (detail == 0) gives the criterion's verdict: pass if
 * any route passes, fail if every route fails, needs-review otherwise. Only
 * summary findings count toward findings_overall().
 *
 * Thresholds are decided by exact integer cross-multiplication (money.h);
 * ratios in basis points appear only in the display strings. The thresholds
 * and citations of each rule set live in one table per rule set
 * (src/rules/policy_2022.c, src/rules/policy_2026.c).
 *
 * Reference dates (each finding's sentence names the dates it used):
 *   - the application date (rules_options.on, else the submission date):
 *     registration age (高企 ≥ 1 year), founding age (独角兽 ≤ 10 years, up to and
 *     including the 10th anniversary), IP validity and transfer-in periods,
 *     titles held, and the windows "within the last N years" for equity
 *     rounds and standards (from the date N years earlier, inclusive, to the
 *     application date); awards count by calendar year (year ≥ application
 *     year − N);
 *   - 31 December of the last financial year ("截至上年末"): years in the niche
 *     market or field, the asset-liability ratio, full accounting years (瞪羚).
 * Whole years are counted by anniversary (date_full_years).
 *
 * Score bands have an inclusive lower edge: a value exactly on an edge
 * scores the higher band ("≥ x%"), the Guangdong reading of domain.md §2a,
 * unless the sheet itself says "≤" or "<" (then that is followed).
 * Growth: "average growth over 2 years" is the arithmetic mean of the two
 * year-on-year rates; "CAGR over 2 years ≥ g" is last * 100² ≥ first * (100+g)²;
 * both decided in 128-bit integers.
 *
 * The functions are pure: no I/O, no mutable globals; thread-safe as long as
 * each thread uses its own `struct findings` (the registry callback must be
 * thread-safe too).
 */
#ifndef TIER_RULES_H
#define TIER_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "tier/buf.h"
#include "tier/date.h"
#include "tier/tier.h"

struct application;

/* Ordered by severity: a larger value is worse. */
enum verdict {
    VERDICT_PASS = 0,
    VERDICT_NEEDS_REVIEW = 1,
    VERDICT_FAIL = 2,
};

#define FINDINGS_MAX 128       /* findings kept per application */
#define FINDING_VALUE_MAX 64   /* measured value, display string */
#define FINDING_THRESH_MAX 96  /* threshold, display string */
#define FINDING_TEXT_MAX 384   /* the sentence (UTF-8) */
#define FINDING_XPATH_MAX 160  /* location of the data */

struct finding {
    const char *rule_id;                /* stable id, static storage: "HT-RD-INTENSITY" */
    const char *clause;                 /* citation, static storage */
    enum tier_id tier;                  /* tier the rule belongs to */
    enum rule_set rule_set;             /* rule set the rule belongs to */
    enum verdict verdict;
    int detail;                         /* 1: one route of a criterion; not counted overall */
    int prerequisite;                   /* 1: judges a title held in the registry; the
                                           approval re-checks these */
    char measured[FINDING_VALUE_MAX];   /* "3.87%", "" when nothing was measured */
    char threshold[FINDING_THRESH_MAX]; /* ">= 4.00%", "" when none applies */
    char text[FINDING_TEXT_MAX];        /* sentence without id, verdict and clause */
    char xpath[FINDING_XPATH_MAX];      /* "/application/financials/year[@year=2024]/rdExpense" */
};

/* A capped list. Findings past FINDINGS_MAX are counted in `dropped`, and the
 * worst of their verdicts is remembered, so the overall verdict stays right. */
struct findings {
    size_t count;
    size_t dropped;
    enum verdict dropped_worst; /* worst verdict among dropped summary findings */
    struct finding items[FINDINGS_MAX];
};

/* Bit for a tier in rules_options.holds. */
#define TIER_BIT(t) (1u << (unsigned)(t))

/*
 * The registry lookup that prerequisites need (the store implements it).
 * holds() answers whether the enterprise `uscc` holds a valid title of `tier`
 * on the date `on`: 1 yes, 0 no, -1 unknown (lookup failed). It must be safe
 * to call from several threads at once if rules_evaluate is.
 */
struct rules_registry {
    int (*holds)(void *ctx, const char *uscc, enum tier_id tier, const struct tier_date *on);
    void *ctx;
};

/*
 * 制造业领航企业 has no published criteria (domain.md §8a, §15). Its thresholds
 * are configuration, entered by hand from the official notice. A threshold of
 * 0 is "not configured": the criterion is reported as needs-review. Even a
 * configured threshold that the data meet only yields needs-review for the
 * tier as a whole (see LEAD-CRITERIA), because the registry cannot know that
 * the configured list is complete.
 */
struct leading_policy {
    int64_t min_revenue_fen;      /* last year's revenue, 0 = not configured */
    int min_rd_bp;                /* last year's R&D / revenue in basis points, 0 = n/c */
    int min_years_in_field;       /* years in the field to 31 Dec of last year, 0 = n/c */
    int min_type1_ip;             /* valid class-I IP items, 0 = n/c */
    int max_liability_bp;         /* asset-liability ratio ceiling in bp, 0 = n/c */
};

/* Fill *p and return it, or return NULL when every threshold is 0 (nothing
 * configured, so rules_options.leading stays NULL). Can't fail. */
const struct leading_policy *leading_policy_set(struct leading_policy *p, int64_t min_revenue_fen,
                                                int min_rd_bp, int min_years, int min_type1_ip,
                                                int max_liability_bp);

struct rules_options {
    struct tier_date on;   /* reference "application date"; y == 0: the application's
                              submission date, else 31 Dec of the last financial year,
                              else today (UTC+8) */
    const struct rules_registry *registry; /* NULL: offline */
    unsigned holds;        /* TIER_BIT()s of titles the caller asserts are held (offline
                              `tierctl validate --holds`); used only without a registry */
    const struct leading_policy *leading; /* NULL: nothing configured */
};

/* Empty the list. Can't fail. */
void findings_init(struct findings *f);

/*
 * Judge `app` under rule set `rs` (RULESET_NONE: the application's own rule set
 * if it names one, else the one in force on the reference date) and append the
 * findings to `out` (not cleared first). `opt` may be NULL (offline, nothing
 * held, nothing configured). Borrows everything; allocates nothing.
 * Returns 0, or -1 when app or out is NULL or the tier is unknown (then `out`
 * is unchanged). A full list is not an error: see struct findings.
 */
int rules_evaluate(const struct application *app, enum rule_set rs,
                   const struct rules_options *opt, struct findings *out);

/* The worst verdict among the summary findings (detail == 0), including
 * dropped ones; VERDICT_PASS for an empty list. */
enum verdict findings_overall(const struct findings *f);

/* "pass", "needs-review", "fail"; "?" for anything else. Never NULL. */
const char *verdict_name(enum verdict v);

/*
 * Append one finding as a sentence to `b`:
 *   "HT-RD-INTENSITY fail: R&D expense ... for sales of 5000万–2亿
 *    (高新技术企业认定管理办法 第十一条(五))"
 * No newline. Same contract as buf_add (0, or -1 with `b` unchanged).
 */
int finding_format(const struct finding *f, struct buf *b);

/* The first finding with this rule id, or NULL. */
const struct finding *findings_find(const struct findings *f, const char *rule_id);

/*
 * Parse a comma-separated list of tier codes ("specialized-sme,little-giant")
 * into TIER_BIT()s for rules_options.holds. Returns 0 and sets *mask, or -1
 * on an unknown code or empty item (*mask untouched).
 */
int rules_holds_parse(const char *list, unsigned *mask);

#endif
