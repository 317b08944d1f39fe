/*
 * findings.c — the capped findings list, verdict names, the sentence form of
 * a finding, and the `--holds` list parser (include/tier/rules.h).
 *
 * The list is a fixed array inside struct findings: nothing is allocated, so
 * adding a finding can't fail. When the array is full, further findings are
 * counted and the worst summary verdict among them is kept, so that
 * findings_overall() never reports "pass" for an application whose failing
 * finding fell off the end. Pure and thread-safe (no shared state).
 */
#include "tier/rules.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rules_int.h"

void findings_init(struct findings *f)
{
    f->count = 0;
    f->dropped = 0;
    f->dropped_worst = VERDICT_PASS;
}

const char *verdict_name(enum verdict v)
{
    switch (v) {
    case VERDICT_PASS:
        return "pass";
    case VERDICT_JUDGEMENT:
        return "judgement";
    case VERDICT_NEEDS_REVIEW:
        return "needs-review";
    case VERDICT_FAIL:
        return "fail";
    }
    return "?";
}

const char *verdict_label(enum verdict v, enum rules_lang lang)
{
    static const char *const zh[] = { "通过", "需人工判断", "待复核", "不通过" };
    static const char *const en[] = { "pass", "judgement", "needs review", "fail" };

    if ((int)v < 0 || (int)v > VERDICT_FAIL)
        return "?";
    return lang == LANG_EN ? en[v] : zh[v];
}

const char *eligibility_name(enum eligibility o)
{
    switch (o) {
    case ELIG_ELIGIBLE:
        return "eligible";
    case ELIG_NEEDS_REVIEW:
        return "needs-review";
    case ELIG_INELIGIBLE:
        return "ineligible";
    case ELIG_INVALID:
        return "invalid";
    }
    return "?";
}

const char *eligibility_label(enum eligibility o, enum rules_lang lang)
{
    static const char *const zh[] = { "符合条件", "待复核", "不符合条件", "申报材料无效" };
    static const char *const en[] = { "eligible", "needs review", "ineligible", "invalid" };

    if ((int)o < 0 || (int)o > ELIG_INVALID)
        return "?";
    return lang == LANG_EN ? en[o] : zh[o];
}

/* A judgement item is listed for the reviewer and counts as a pass. */
static enum verdict counted(enum verdict v)
{
    return v == VERDICT_JUDGEMENT ? VERDICT_PASS : v;
}

enum verdict findings_overall(const struct findings *f)
{
    enum verdict worst = VERDICT_PASS;

    if (f == NULL)
        return VERDICT_PASS;
    for (size_t i = 0; i < f->count; i++) {
        if (!f->items[i].detail && counted(f->items[i].verdict) > worst)
            worst = counted(f->items[i].verdict);
    }
    if (f->dropped > 0 && f->dropped_worst > worst)
        worst = f->dropped_worst;
    return worst;
}

enum eligibility findings_eligibility(const struct findings *f)
{
    const struct finding *u = findings_find(f, "USCC-CHECK");

    if (u != NULL && u->verdict == VERDICT_FAIL)
        return ELIG_INVALID;
    switch (findings_overall(f)) {
    case VERDICT_FAIL:
        return ELIG_INELIGIBLE;
    case VERDICT_NEEDS_REVIEW:
        return ELIG_NEEDS_REVIEW;
    default:
        return ELIG_ELIGIBLE;
    }
}

size_t findings_count(const struct findings *f, enum verdict v)
{
    size_t n = 0;

    for (size_t i = 0; f != NULL && i < f->count; i++) {
        if (!f->items[i].detail && f->items[i].verdict == v)
            n++;
    }
    return n;
}

const struct finding *findings_find(const struct findings *f, const char *rule_id)
{
    if (f == NULL || rule_id == NULL)
        return NULL;
    for (size_t i = 0; i < f->count; i++) {
        if (strcmp(f->items[i].rule_id, rule_id) == 0)
            return &f->items[i];
    }
    return NULL;
}

int finding_format(const struct finding *f, struct buf *b)
{
    size_t mark = b->len;

    if (buf_printf(b, "%s %s: %s", f->rule_id, verdict_name(f->verdict), f->text) != 0)
        goto fail;
    if (f->clause != NULL && f->clause[0] != '\0' && buf_printf(b, " (%s)", f->clause) != 0)
        goto fail;
    return 0;
fail:
    /* Roll back a half-written sentence: the contract is "b unchanged". */
    if (b->data != NULL) {
        b->len = mark;
        b->data[mark] = '\0';
    }
    return -1;
}

/* Display phrases of the rules in Chinese: `{}` in a pattern stands for a run
 * of characters without a space or a comma (a number, an amount, a code);
 * the template puts them back by position ({0}..{3}). First match wins, so a
 * longer pattern comes before a shorter one it contains. */
static const char *const PHRASES[][2] = {
    { "not given", "未填写" },
    { "true", "是" },
    { "false", "否" },
    { "yes", "是" },
    { "no", "否" },
    { "held", "持有" },
    { "not held", "未持有" },
    { "declared", "自行申报" },
    { "unknown", "未知" },
    { "none", "无" },
    { "undecided", "未定" },
    { "waived", "豁免" },
    { "pass", "通过" },
    { "direct", "直通条件" },
    { "score", "评分" },
    { "not listed", "未上市" },
    { "not configured", "未配置" },
    { "general route", "一般途径" },
    { "direct route", "直通条件" },
    { "all three, or direct", "三项均满足，或满足直通条件" },
    { "provincial", "省级" },
    { "national", "国家级" },
    { "an R&D institution", "研发机构" },
    { "provincial or higher R&D institution", "省级以上研发机构" },
    { "valid 高新技术企业 certificate", "有效的高新技术企业证书" },
    { "科技型 or 创新型 criteria", "科技型或创新型标准" },
    { "{} year", "{0} 年" },
    { "{} years", "{0} 年" },
    { ">= {} years", "≥ {0} 年" },
    { ">= {} year", "≥ {0} 年" },
    { "fail", "不通过" },
    { "needs-review", "待复核" },
    { "equity", "股权融资" },
    { "award", "科技奖励" },
    { "waived by national award", "获国家级科技奖励，予以豁免" },
    { "the 300号 table's row for the sector", "300号文中该行业的划型标准" },
    { "<= {} years", "≤ {0} 年" },
    { ">= {} full years", "≥ {0} 个完整会计年度" },
    { "science award within {} years", "近{0}年内获得科技奖励" },
    { "led a standard within {} years", "近{0}年内主导制定标准" },
    { "top {} within {} years", "近{1}年内前 {0} 名" },
    { ">= {} within {} years", "近{1}年内 ≥ {0}" },
    { ">= {} in each of {} years", "近{1}年每年 ≥ {0}" },
    { ">= {} class-I", "≥ {0} 项Ⅰ类知识产权" },
    { "{} employees, revenue {}", "{0} 人，营业收入 {1}" },
    { "{}: < {} employees or revenue < {}", "{0}：少于 {1} 人或营业收入低于 {2}" },
    { "revenue >= {}, or equity >= {} within {} years", "营业收入 ≥ {0}，或近{2}年股权融资 ≥ {1}" },
    { "score >= {} or a direct route", "评分 ≥ {0} 或满足直通条件" },
    { "score >= {} or direct confirmation", "评分 ≥ {0} 或符合直接确认条件" },
    { "valid GB {} code", "符合 GB {0} 的代码" },
    { ">= {}, S&T staff score > {}", "≥ {0}，且科技人员指标得分 > {1}" },
    { "average >= {}", "平均 ≥ {0}" },
    { "{}-year average >= {}", "{0}年平均 ≥ {1}" },
    { "share {}, rank {}", "占有率 {0}，排名 {1}" },
    { "share {}, rank not given", "占有率 {0}，排名未填写" },
    { "share >= {} or domestic rank <= {}", "占有率 ≥ {0} 或国内排名前 {1}" },
    { "{} inventions, {} utility/software, {} standards led",
      "发明专利 {0} 项，实用新型/软件著作权 {1} 项，主导标准 {2} 项" },
    { ">= {} inventions, or >= {} utility/software, or >= {} standard led",
      "发明专利 ≥ {0} 项，或实用新型/软件著作权 ≥ {1} 项，或主导标准 ≥ {2} 项" },
    { "revenue {}, net profit {}", "营业收入 {0}，净利润 {1}" },
    { "revenue or net-profit CAGR >= {}", "营业收入或净利润复合增长率 ≥ {0}" },
    { "one of {} fields", "{0}个领域之一" },
    { "rank {}", "排名 {0}" },
    { "rank {} in {}", "{1}年第 {0} 名" },
    { "global rank <= {}", "全球排名前 {0}" },
    { "{}, provincial, rank {}", "{0}年，省级，第 {1} 名" },
    { "{}, national, rank {}", "{0}年，国家级，第 {1} 名" },
    { "equity {}, R&D {}, staff {}", "股权融资 {0}，研发费用 {1}，研发人员占比 {2}" },
    { "equity >= {}, {}-year R&D >= {}, R&D staff >= {}",
      "股权融资 ≥ {0}，{1}年研发费用 ≥ {2}，研发人员占比 ≥ {3}" },
    { ">= {}", "≥ {0}" },
    { "<= {}", "≤ {0}" },
    { "< {}", "< {0}" },
};

#define PHRASE_CAPS 4

/* Does s match pat exactly? Captures the {} runs (at least one character,
 * no space or comma; backtracking, so "{}-year" works). */
static int phrase_match(const char *pat, const char *s, const char **cap, size_t *len, int k)
{
    if (*pat == '\0')
        return *s == '\0';
    if (pat[0] == '{' && pat[1] == '}') {
        size_t n = 0;

        if (k >= PHRASE_CAPS)
            return 0;
        while (s[n] != '\0' && s[n] != ' ' && s[n] != ',')
            n++;
        for (; n > 0; n--) {
            cap[k] = s;
            len[k] = n;
            if (phrase_match(pat + 2, s + n, cap, len, k + 1))
                return 1;
        }
        return 0;
    }
    return *pat == *s && phrase_match(pat + 1, s + 1, cap, len, k);
}

/* A display value in Chinese where the rules wrote words ("not given",
 * "held", "3 years", ">= 100万 in each of 2 years"); numbers, amounts and
 * codes pass through, and a value no phrase matches stays as it is. */
const char *finding_value_zh(const char *v, char *out, size_t n)
{
    const char *cap[PHRASE_CAPS];
    size_t len[PHRASE_CAPS];
    /* a {} run holds no space, so a pattern with a space matches only a
     * value with one: most values (numbers, amounts) skip those at once */
    int spaced = strchr(v, ' ') != NULL;

    for (size_t i = 0; i < sizeof PHRASES / sizeof PHRASES[0]; i++) {
        size_t o = 0;

        if ((!spaced && strchr(PHRASES[i][0], ' ') != NULL) ||
            !phrase_match(PHRASES[i][0], v, cap, len, 0))
            continue;
        for (const char *t = PHRASES[i][1]; *t != '\0' && o + 1 < n;) {
            if (t[0] == '{' && t[1] >= '0' && t[1] < '0' + PHRASE_CAPS && t[2] == '}') {
                size_t c = len[t[1] - '0'];

                if (c > n - 1 - o)
                    c = n - 1 - o;
                memcpy(out + o, cap[t[1] - '0'], c);
                o += c;
                t += 3;
            } else {
                out[o++] = *t++;
            }
        }
        out[o] = '\0';
        return out;
    }
    return v;
}

int finding_format_lang(const struct finding *f, enum rules_lang lang, struct buf *b)
{
    char mz[FINDING_VALUE_MAX * 2], tz[FINDING_THRESH_MAX * 2];
    const char *measured, *threshold;
    const char *msg = rule_message(f->rule_id, lang);
    size_t mark = b->len;
    int rc = 0;

    if (lang == LANG_EN || msg == NULL)
        return finding_format(f, b);
    measured = finding_value_zh(f->measured, mz, sizeof mz);
    threshold = finding_value_zh(f->threshold, tz, sizeof tz);
    rc |= buf_printf(b, "%s %s：%s", f->rule_id, verdict_label(f->verdict, lang), msg);
    if (measured[0] != '\0' && threshold[0] != '\0')
        rc |= buf_printf(b, "（实测 %s，要求 %s）", measured, threshold);
    else if (measured[0] != '\0')
        rc |= buf_printf(b, "（实测 %s）", measured);
    else if (threshold[0] != '\0')
        rc |= buf_printf(b, "（要求 %s）", threshold);
    if (f->why_zh != NULL)
        rc |= buf_printf(b, "；%s", f->why_zh);
    if (f->clause != NULL && f->clause[0] != '\0')
        rc |= buf_printf(b, "〔%s〕", f->clause);
    if (rc == 0)
        return 0;
    if (b->data != NULL) {
        b->len = mark;
        b->data[mark] = '\0';
    }
    return -1;
}

int rules_holds_parse(const char *list, unsigned *mask)
{
    unsigned m = 0;
    const char *p = list;

    if (list == NULL || *list == '\0')
        return -1;
    if (strcmp(list, "none") == 0) {
        /* `--holds none`: no title at all (with --holds-complete, "holds nothing") */
        *mask = 0;
        return 0;
    }
    for (;;) {
        const char *end = strchr(p, ',');
        size_t n = end != NULL ? (size_t)(end - p) : strlen(p);
        char code[40];
        const struct tier_info *t;

        if (n == 0 || n >= sizeof code)
            return -1;
        memcpy(code, p, n);
        code[n] = '\0';
        t = tier_by_code(code);
        if (t == NULL)
            return -1;
        m |= TIER_BIT(t->id);
        if (end == NULL)
            break;
        p = end + 1;
    }
    *mask = m;
    return 0;
}

/* Copy at most cap-1 bytes of `s`, cutting only at a UTF-8 character
 * boundary so that a truncated display string is still valid UTF-8. */
static void copy_utf8(char *dst, size_t cap, const char *s)
{
    size_t n;

    if (s == NULL) {
        dst[0] = '\0';
        return;
    }
    n = strlen(s);
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, s, n);
    dst[n] = '\0';
}

/* vsnprintf truncates in the middle of a character; step back to a boundary. */
static void trim_utf8(char *s, size_t cap)
{
    size_t n = strlen(s);
    size_t i;

    if (n + 1 < cap)
        return;
    /* find the start of the last character and drop it if incomplete */
    i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i > 0) {
        unsigned char lead = (unsigned char)s[i - 1];
        size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (n - (i - 1) < want)
            s[i - 1] = '\0';
    }
}

struct finding *rules_emit(struct rctx *c, const struct rule_ref *r, enum verdict v, int detail,
                           const char *measured, const char *threshold, const char *xpath,
                           const char *fmt, ...)
{
    struct findings *out = c->out;
    struct finding *f;
    va_list ap;

    assert(r != NULL && r->id != NULL);
    /* c->worst is the verdict of the criteria evaluated so far; a sub-track
     * (force_detail) files its findings as details but still reports it. */
    if (!detail && counted(v) > c->worst)
        c->worst = counted(v);
    if (c->force_detail)
        detail = 1;
    if (out->count >= FINDINGS_MAX) {
        out->dropped++;
        if (!detail && counted(v) > out->dropped_worst)
            out->dropped_worst = counted(v);
        return NULL;
    }
    f = &out->items[out->count++];
    f->rule_id = r->id;
    f->clause = r->clause;
    f->tier = c->tier;
    f->rule_set = c->rs;
    f->verdict = v;
    f->detail = detail;
    f->prerequisite = 0;
    copy_utf8(f->measured, sizeof f->measured, measured);
    copy_utf8(f->threshold, sizeof f->threshold, threshold);
    copy_utf8(f->xpath, sizeof f->xpath, xpath);
    f->why_zh = NULL;
    f->line = xpath != NULL && c->opt->line_of != NULL ? c->opt->line_of(c->opt->line_ctx, xpath)
                                                        : 0;
    va_start(ap, fmt);
    rules_vsnprintf(f->text, sizeof f->text, fmt, ap);
    va_end(ap);
    trim_utf8(f->text, sizeof f->text);
    return f;
}

void rules_why_zh(struct finding *f, const char *why)
{
    if (f != NULL && f->verdict == VERDICT_NEEDS_REVIEW)
        f->why_zh = why;
}

const struct leading_policy *leading_policy_set(struct leading_policy *p, int64_t min_revenue_fen,
                                                int min_rd_bp, int min_years, int min_type1_ip,
                                                int max_liability_bp)
{
    p->min_revenue_fen = min_revenue_fen;
    p->min_rd_bp = min_rd_bp;
    p->min_years_in_field = min_years;
    p->min_type1_ip = min_type1_ip;
    p->max_liability_bp = max_liability_bp;
    if (min_revenue_fen == 0 && min_rd_bp == 0 && min_years == 0 && min_type1_ip == 0 &&
        max_liability_bp == 0)
        return NULL;
    return p;
}
