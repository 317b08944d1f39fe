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
 * submitted data do not meet; "needs-review" when an UNCONFIRMED threshold
 * (§15) or a registry fact that is not known (a prerequisite title offline, a
 * title the document merely declares) decides it; "judgement" for an item only
 * a person can judge from evidence (the §14 list and the expert items of a
 * tier's criteria). A judgement item is listed for the reviewer and never
 * changes the overall verdict (docs/criteria.md lists the judgement rule ids).
 *
 * The overall verdict (findings_eligibility): "ineligible" when some criterion
 * fails, "needs-review" when none fails but a needs-review finding decides,
 * "eligible" when every mechanical criterion passes (judgement items may
 * remain). "invalid" (schema or USCC) is the caller's: ingest refusals never
 * reach the rules, and a failing USCC check is reported as invalid here.
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

/* Ordered by severity: a larger value is worse. JUDGEMENT sits between PASS
 * and NEEDS_REVIEW for sorting only: it counts as PASS toward the overall
 * verdict. */
enum verdict {
    VERDICT_PASS = 0,
    VERDICT_JUDGEMENT = 1,    /* a person judges it from evidence (§14); never counted */
    VERDICT_NEEDS_REVIEW = 2, /* an UNCONFIRMED threshold or an unknown registry fact decides */
    VERDICT_FAIL = 3,
};

/* The verdict on an application as a whole. */
enum eligibility {
    ELIG_ELIGIBLE = 0,     /* every mechanical criterion passes; judgement items may remain */
    ELIG_NEEDS_REVIEW = 1, /* nothing fails, a needs-review finding decides */
    ELIG_INELIGIBLE = 2,   /* some criterion fails */
    ELIG_INVALID = 3,      /* not schema-valid, or the USCC is not valid */
};

/* Language of a message. */
enum rules_lang {
    LANG_ZH = 0, /* the default: the readers are Chinese officials and clerks */
    LANG_EN = 1,
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
    int line;                           /* source line of the element judged, 0 when unknown
                                           (filled through rules_options.line_of) */
    const char *why_zh;                 /* needs-review: why, in Chinese (static), or NULL */
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
 * 0 is "not configured": the criterion is reported as needs-review.
 * LEAD-CRITERIA is needs-review until all five thresholds are configured;
 * then it is a judgement item (the rest of the notice is for the reviewers)
 * and an application meeting all five is eligible.
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

/*
 * SME size (中小企业划型标准规定, 工信部联企业〔2011〕300号; domain.md §11): a
 * firm of GB/T 4754 divisions [div_lo, div_hi] is an SME when employees <
 * max_employees OR revenue < max_revenue_fen; both at or above is large. A
 * sector without a row is needs-review. The limits are configuration (a
 * revised notice changes data, not code): sme_size_policy_set.
 */
#define SME_SIZE_ROWS_MAX 8

struct sme_size_row {
    int div_lo, div_hi;         /* GB/T 4754 divisions, inclusive */
    const char *sector;         /* "工业", for the sentence; static storage */
    int max_employees;          /* strictly below */
    int64_t max_revenue_fen;    /* strictly below */
};

struct sme_size_policy {
    int n;
    struct sme_size_row rows[SME_SIZE_ROWS_MAX];
};

/* Fill *p with the 300号 table's two rows — 工业 (divisions 06–46, sections
 * B–D) and 软件和信息技术服务业 (65) — with these limits, and return it. A
 * limit <= 0 takes the 300号 figure (1000 / 4亿, 300 / 1亿). Can't fail. */
const struct sme_size_policy *sme_size_policy_set(struct sme_size_policy *p, int industry_emp,
                                                  int64_t industry_rev_fen, int software_emp,
                                                  int64_t software_rev_fen);

struct rules_options {
    struct tier_date on;   /* reference "application date"; y == 0: the application's
                              submission date, else 31 Dec of the last financial year,
                              else today (UTC+8) */
    const struct rules_registry *registry; /* NULL: offline */
    unsigned holds;        /* TIER_BIT()s of titles the caller asserts are held (offline
                              `tierctl validate --holds`); used only without a registry */
    const struct leading_policy *leading; /* NULL: nothing configured */
    const struct sme_size_policy *sme_size; /* NULL: the 300号 figures */
    int holds_complete;    /* 1: `holds` is every title the firm holds (offline `tierctl
                              validate --holds-complete`), so a title not in it is not held */
    /* Optional: the source line of the element an XPath names (0 when unknown),
     * to fill finding.line; ingest_xpath_line() over the parsed document does. */
    int (*line_of)(const void *ctx, const char *xpath);
    const void *line_ctx;
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

/* "pass", "judgement", "needs-review", "fail"; "?" for anything else. Never NULL. */
const char *verdict_name(enum verdict v);

/* The verdict's word in `lang` ("通过", "需人工判断", "待复核", "不通过"). Never NULL. */
const char *verdict_label(enum verdict v, enum rules_lang lang);

/* The overall verdict of a judged application: ineligible, needs-review or
 * eligible from the summary findings (judgement never counts); invalid when
 * the USCC check fails. ELIG_ELIGIBLE for an empty list. */
enum eligibility findings_eligibility(const struct findings *f);

/* "eligible", "needs-review", "ineligible", "invalid"; "?" otherwise. Never NULL. */
const char *eligibility_name(enum eligibility o);

/* The overall verdict's word in `lang` ("符合条件", "待复核", "不符合条件", "申报材料无效"). */
const char *eligibility_label(enum eligibility o, enum rules_lang lang);

/* How many summary findings (detail == 0) have verdict v. */
size_t findings_count(const struct findings *f, enum verdict v);

/*
 * The message of a rule: what the criterion requires, in `lang`, e.g. for
 * "HT-RD-INTENSITY" "近三个会计年度研发费用总额占同期销售收入总额的比例符合要求".
 * NULL for an unknown rule id. Static storage.
 */
const char *rule_message(const char *rule_id, enum rules_lang lang);

/* The i-th rule id that has a message (sorted), or NULL past the last. For
 * the test that checks every rule has zh, en and a clause. */
const char *rule_id_at(size_t i);

/* Is this rule id one whose findings are judgement items (docs/criteria.md)? */
int rule_is_judgement(const char *rule_id);

/* Where a rule comes from (src/rules/sources.c). All strings static. */
struct rule_source {
    const char *id;
    const char *clause;    /* the measure by name and number, the article or annex
                              item: the clause findings cite */
    const char *rule_sets; /* "2022", "2026" or "2022 2026" */
    const char *config;    /* tierd.conf keys that set the threshold, space-separated;
                              "" when the policy table holds it */
};

/* Fill *out for rule_id: 0, or -1 for an unknown id (or NULL). docs/criteria.md's
 * table of every rule is made from these (`make docs`). */
int rule_source(const char *rule_id, struct rule_source *out);

/* The i-th rule id that has a source (sorted), or NULL past the last. */
const char *rule_source_id_at(size_t i);

/*
 * Append one finding as a sentence to `b`:
 *   "HT-RD-INTENSITY fail: R&D expense ... for sales of 5000万–2亿
 *    (高新技术企业认定管理办法(国科发火〔2016〕32号) 第十一条(五))"
 * No newline. Same contract as buf_add (0, or -1 with `b` unchanged).
 */
int finding_format(const struct finding *f, struct buf *b);

/*
 * A finding's display value (measured or threshold) in Chinese: "not given"
 * -> "未填写", ">= 100万 in each of 2 years" -> "近2年每年 ≥ 100万"; figures
 * and codes pass through. Returns `v` itself when no phrase matches, else
 * `out` (n bytes; twice the value's size is always enough). Can't fail.
 */
const char *finding_value_zh(const char *v, char *out, size_t n);

/*
 * The finding as one sentence in `lang`: the rule's message, the verdict, the
 * measured value and the threshold, and (LANG_EN) the detailed sentence:
 *   zh: "HT-RD-INTENSITY 不通过：近三个会计年度研发费用…符合要求（实测 3.87%，要求 >= 4.00%）
 *        〔高新技术企业认定管理办法(国科发火〔2016〕32号) 第十一条(五)〕"
 *        a needs-review finding adds why, after "；"
 *   en: as finding_format.
 * Same contract as finding_format.
 */
int finding_format_lang(const struct finding *f, enum rules_lang lang, struct buf *b);

/* The first finding with this rule id, or NULL. */
const struct finding *findings_find(const struct findings *f, const char *rule_id);

/*
 * Parse a comma-separated list of tier codes ("specialized-sme,little-giant")
 * into TIER_BIT()s for rules_options.holds. Returns 0 and sets *mask, or -1
 * on an unknown code or empty item (*mask untouched).
 */
int rules_holds_parse(const char *list, unsigned *mask);

#endif
