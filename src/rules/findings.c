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

/* A display value in Chinese where the rules wrote a word ("not given",
 * "held", "true", "3 years", ">= 2 years"); numbers, amounts and percentages
 * are the same in both languages and pass through. Writes into out. */
static const char *value_zh(const char *v, char *out, size_t n)
{
    static const char *const words[][2] = {
        { "not given", "未填写" }, { "true", "是" },          { "false", "否" },
        { "yes", "是" },          { "no", "否" },            { "held", "持有" },
        { "not held", "未持有" }, { "declared", "自行申报" }, { "unknown", "未知" },
        { "none", "无" },         { "undecided", "未定" },    { "waived", "豁免" },
    };
    int num;
    char tail[16];

    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (strcmp(v, words[i][0]) == 0)
            return words[i][1];
    }
    /* "3 years", "1 year", ">= 2 years", "<= 10 years" */
    if (sscanf(v, "%d year%15s", &num, tail) >= 1 && strstr(v, " year") != NULL &&
        strspn(v, "0123456789") == strcspn(v, " ")) {
        snprintf(out, n, "%d 年", num);
        return out;
    }
    if ((strncmp(v, ">= ", 3) == 0 || strncmp(v, "<= ", 3) == 0) &&
        sscanf(v + 3, "%d year", &num) == 1 && strstr(v, " year") != NULL &&
        strcspn(v + 3, " ") == strspn(v + 3, "0123456789")) {
        snprintf(out, n, "%s %d 年", v[0] == '>' ? "≥" : "≤", num);
        return out;
    }
    return v;
}

int finding_format_lang(const struct finding *f, enum rules_lang lang, struct buf *b)
{
    char mz[FINDING_VALUE_MAX + 16], tz[FINDING_THRESH_MAX + 16];
    const char *measured, *threshold;
    const char *msg = rule_message(f->rule_id, lang);
    size_t mark = b->len;
    int rc = 0;

    if (lang == LANG_EN || msg == NULL)
        return finding_format(f, b);
    measured = value_zh(f->measured, mz, sizeof mz);
    threshold = value_zh(f->threshold, tz, sizeof tz);
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
