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
    case VERDICT_NEEDS_REVIEW:
        return "needs-review";
    case VERDICT_FAIL:
        return "fail";
    }
    return "?";
}

enum verdict findings_overall(const struct findings *f)
{
    enum verdict worst = VERDICT_PASS;

    if (f == NULL)
        return VERDICT_PASS;
    for (size_t i = 0; i < f->count; i++) {
        if (!f->items[i].detail && f->items[i].verdict > worst)
            worst = f->items[i].verdict;
    }
    if (f->dropped > 0 && f->dropped_worst > worst)
        worst = f->dropped_worst;
    return worst;
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

int rules_holds_parse(const char *list, unsigned *mask)
{
    unsigned m = 0;
    const char *p = list;

    if (list == NULL || *list == '\0')
        return -1;
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
    if (!detail && v > c->worst)
        c->worst = v;
    if (c->force_detail)
        detail = 1;
    if (out->count >= FINDINGS_MAX) {
        out->dropped++;
        if (!detail && v > out->dropped_worst)
            out->dropped_worst = v;
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
    va_start(ap, fmt);
    rules_vsnprintf(f->text, sizeof f->text, fmt, ap);
    va_end(ap);
    trim_utf8(f->text, sizeof f->text);
    return f;
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
