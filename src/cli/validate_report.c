/*
 * validate_report.c — the reports of `tierctl validate` (validate_int.h): text,
 * one line per schema error or finding with the judgement items in a group of
 * their own and a verdict line; or XML after xsd/validation.xsd. Chinese by
 * default, English with --lang en.
 *
 * Every string from the document or the rules goes through add_clean, so a
 * hostile file name or value can neither break a line of the text report nor
 * the XML. Writes into the caller's capped buffer only; one thread.
 */
#include "validate_int.h"

#include <stdio.h>
#include <string.h>

/* ---- output helpers -------------------------------------------------------------- */

/* Length of the well-formed UTF-8 sequence at s (1..4) whose character XML 1.0
 * allows, or 0 (bad byte, overlong form, surrogate, > U+10FFFF, U+FFFE/FFFF,
 * a C0 control other than tab, newline and carriage return). */
static size_t utf8_char(const unsigned char *s)
{
    unsigned long cp;
    size_t n, i;

    if (s[0] < 0x80)
        return (s[0] >= 0x20 || s[0] == '\t' || s[0] == '\n' || s[0] == '\r') ? 1 : 0;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        n = 2;
        cp = s[0] & 0x1F;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        n = 3;
        cp = s[0] & 0x0F;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        n = 4;
        cp = s[0] & 0x07;
    } else {
        return 0;
    }
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)
        return 0;
    return n;
}

/* Append `s` made safe for its place: every byte that is not an allowed
 * character becomes '?'; with `xml`, markup characters are escaped; without,
 * tab, newline and carriage return become spaces (one line per item). */
static int add_clean(struct buf *b, const char *s, int xml)
{
    const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");

    while (*p != '\0') {
        size_t n = utf8_char(p);
        int rc;

        if (n == 0) {
            rc = buf_add(b, "?", 1);
            n = 1;
        } else if (n == 1 && !xml && (*p == '\t' || *p == '\n' || *p == '\r')) {
            rc = buf_add(b, " ", 1);
        } else if (xml) {
            rc = buf_add_xml(b, (const char *)p, n);
        } else {
            rc = buf_add(b, p, n);
        }
        if (rc != 0)
            return -1;
        p += n;
    }
    return 0;
}

int validate_exit_of(enum outcome o)
{
    switch (o) {
    case OUT_ELIGIBLE:
        return 0;
    case OUT_REVIEW:
        return 4;
    case OUT_INELIGIBLE:
        return 1;
    case OUT_INVALID:
        return 2;
    case OUT_ERROR:
        break;
    }
    return 3;
}

int validate_exit_rank(int code)
{
    static const int rank[] = { 0, 2, 3, 4, 1 };

    return code >= 0 && code <= 4 ? rank[code] : 4;
}

static const char *outcome_name(enum outcome o)
{
    switch (o) {
    case OUT_ELIGIBLE: return "eligible";
    case OUT_REVIEW: return "needs-review";
    case OUT_INELIGIBLE: return "ineligible";
    case OUT_INVALID: return "invalid";
    case OUT_ERROR: break;
    }
    return "error";
}

/* Why a document is invalid, for the verdict line. */
static const char *refusal(enum ingest_status st)
{
    switch (st) {
    case INGEST_OK: return "USCC not valid";
    case INGEST_NOT_WELL_FORMED: return "not well-formed";
    case INGEST_DOCTYPE: return "DOCTYPE refused";
    case INGEST_TOO_LARGE: return "too large";
    case INGEST_TOO_DEEP: return "nested too deep";
    case INGEST_TOO_MANY_NODES: return "too many elements";
    case INGEST_UNKNOWN_TIER: return "unknown tier";
    case INGEST_SCHEMA_INVALID: return "not schema-valid";
    case INGEST_BAD_VALUE: return "unacceptable value";
    default: break;
    }
    return ingest_status_name(st);
}

/* The same in Chinese. */
static const char *refusal_zh(enum ingest_status st)
{
    switch (st) {
    case INGEST_OK: return "统一社会信用代码无效";
    case INGEST_NOT_WELL_FORMED: return "不是格式正确的XML";
    case INGEST_DOCTYPE: return "不接受DOCTYPE声明";
    case INGEST_TOO_LARGE: return "文件过大";
    case INGEST_TOO_DEEP: return "嵌套层次过深";
    case INGEST_TOO_MANY_NODES: return "元素过多";
    case INGEST_UNKNOWN_TIER: return "无法识别申报的梯度类别";
    case INGEST_SCHEMA_INVALID: return "不符合申报模式(XSD)";
    case INGEST_BAD_VALUE: return "有不可接受的取值";
    default: break;
    }
    return ingest_status_name(st);
}

/* Check one document into res (and r->errs, r->findings, r->lines). */
/* ---- text report ------------------------------------------------------------------------ */

/* One finding as a text line: "FILE:LINE: RULE-ID verdict: message (clause)". */
static int text_finding(struct run *r, const struct result *res, const struct finding *f)
{
    struct buf *b = &r->out;
    struct buf s;
    int rc = 0;

    rc |= add_clean(b, res->file, 0);
    if (f->line > 0) {
        rc |= buf_printf(b, ":%d: ", f->line);
    } else if (f->xpath[0] != '\0') {
        rc |= buf_adds(b, ":");
        rc |= add_clean(b, f->xpath, 0);
        rc |= buf_adds(b, ": ");
    } else {
        rc |= buf_adds(b, ": ");
    }
    buf_init(&s, FINDING_TEXT_MAX * 4);
    if (finding_format_lang(f, r->opt->lang, &s) != 0) {
        rc = -1;
    } else if (f->detail) {
        /* "ID fail (route): ..." so that grepping " fail: " finds only
         * what counts: one route failing is not the criterion failing. */
        size_t head = strlen(f->rule_id) + 1 + strlen(r->opt->lang == LANG_EN
                                                           ? verdict_name(f->verdict)
                                                           : verdict_label(f->verdict, LANG_ZH));

        rc |= buf_add(b, s.data, head);
        rc |= buf_adds(b, r->opt->lang == LANG_EN ? " (route)" : "（途径）");
        rc |= add_clean(b, s.data + head, 0);
    } else {
        rc |= add_clean(b, s.data, 0);
    }
    buf_free(&s);
    rc |= buf_adds(b, "\n");
    return rc;
}

int validate_text_report(struct run *r, const struct result *res)
{
    struct buf *b = &r->out;
    int en = r->opt->lang == LANG_EN;
    int rc = 0;

    for (int i = 0; i < r->errs->count; i++) {
        const struct ingest_error *e = &r->errs->e[i];

        rc |= add_clean(b, res->file, 0);
        if (e->line > 0)
            rc |= buf_printf(b, ":%d", e->line);
        rc |= buf_adds(b, ": ");
        if (e->path[0] != '\0') {
            rc |= add_clean(b, e->path, 0);
            rc |= buf_adds(b, ": ");
        }
        rc |= add_clean(b, en || e->message_zh[0] == '\0' ? e->message : e->message_zh, 0);
        rc |= buf_adds(b, "\n");
    }
    if (r->errs->dropped > 0) {
        rc |= add_clean(b, res->file, 0);
        rc |= buf_printf(b, en ? ": %d more errors not shown\n" : ": 另有 %d 个错误未列出\n",
                         r->errs->dropped);
    }
    /* the criteria first, then the judgement items in a group of their own */
    for (size_t i = 0; i < r->findings->count; i++) {
        if (r->findings->items[i].verdict != VERDICT_JUDGEMENT)
            rc |= text_finding(r, res, &r->findings->items[i]);
    }
    if (res->n_judgement_all > 0) {
        rc |= add_clean(b, res->file, 0);
        rc |= buf_printf(b, en ? ": judgement items for a reviewer (%zu; they do not change the "
                                 "verdict):\n"
                               : ": 需人工判断的事项（%zu 项，不影响结论）：\n",
                         res->n_judgement);
        for (size_t i = 0; i < r->findings->count; i++) {
            if (r->findings->items[i].verdict == VERDICT_JUDGEMENT)
                rc |= text_finding(r, res, &r->findings->items[i]);
        }
    }
    if (r->findings->dropped > 0) {
        rc |= add_clean(b, res->file, 0);
        rc |= buf_printf(b, en ? ": %zu more findings not kept\n" : ": 另有 %zu 项结果未保留\n",
                         r->findings->dropped);
    }

    rc |= add_clean(b, res->file, 0);
    switch (res->outcome) {
    case OUT_ELIGIBLE:
        if (en)
            rc |= buf_printf(b, ": eligible (%zu judgement item%s for a reviewer)\n",
                             res->n_judgement, res->n_judgement == 1 ? "" : "s");
        else
            rc |= buf_printf(b, ": 符合条件（另有 %zu 项需人工判断）\n", res->n_judgement);
        break;
    case OUT_REVIEW:
        if (en)
            rc |= buf_printf(b, ": needs review (%zu finding%s need%s a person)\n",
                             res->n_review, res->n_review == 1 ? "" : "s",
                             res->n_review == 1 ? "s" : "");
        else
            rc |= buf_printf(b, ": 待复核（%zu 项需复核）\n", res->n_review);
        break;
    case OUT_INELIGIBLE:
        if (en)
            rc |= buf_printf(b, ": ineligible (%zu rule%s fail%s)\n", res->n_fail,
                             res->n_fail == 1 ? "" : "s", res->n_fail == 1 ? "s" : "");
        else
            rc |= buf_printf(b, ": 不符合条件（%zu 项不通过）\n", res->n_fail);
        break;
    case OUT_INVALID:
        rc |= buf_printf(b, en ? ": invalid (%s)\n" : ": 申报材料无效（%s）\n",
                         en ? refusal(res->st) : refusal_zh(res->st));
        break;
    case OUT_ERROR:
        rc |= buf_adds(b, en ? ": error (" : ": 无法检查（");
        rc |= add_clean(b, res->why, 0);
        rc |= buf_adds(b, en ? ")\n" : "）\n");
        break;
    }
    return rc != 0 ? -1 : 0;
}

/* ---- XML report ---------------------------------------------------------------------------- */

/* <name>text</name>, or nothing when text is empty. */
static int xml_elem(struct buf *b, const char *indent, const char *name, const char *text)
{
    int rc = 0;

    if (text == NULL || text[0] == '\0')
        return 0;
    rc |= buf_printf(b, "%s<%s>", indent, name);
    rc |= add_clean(b, text, 1);
    rc |= buf_printf(b, "</%s>\n", name);
    return rc;
}

/* One <finding>: rule, verdict, route, line; value, threshold, clause, xpath,
 * and the message in Chinese (the rule's requirement) and English (the
 * detailed sentence). */
static int xml_finding(struct buf *b, const struct finding *f)
{
    const char *zh = rule_message(f->rule_id, LANG_ZH);
    int rc = 0;

    rc |= buf_printf(b, "      <finding rule=\"%s\" verdict=\"%s\" route=\"%s\"", f->rule_id,
                     verdict_name(f->verdict), f->detail ? "true" : "false");
    if (f->line > 0)
        rc |= buf_printf(b, " line=\"%d\"", f->line);
    rc |= buf_adds(b, ">\n");
    rc |= xml_elem(b, "        ", "value", f->measured);
    rc |= xml_elem(b, "        ", "threshold", f->threshold);
    rc |= xml_elem(b, "        ", "clause", f->clause);
    rc |= xml_elem(b, "        ", "xpath", f->xpath);
    if (zh != NULL) {
        rc |= buf_adds(b, "        <message lang=\"zh\">");
        rc |= add_clean(b, zh, 1);
        if (f->why_zh != NULL) {
            rc |= buf_adds(b, "；");
            rc |= add_clean(b, f->why_zh, 1);
        }
        rc |= buf_adds(b, "</message>\n");
    }
    rc |= buf_adds(b, "        <message lang=\"en\">");
    rc |= add_clean(b, f->text, 1);
    rc |= buf_adds(b, "</message>\n      </finding>\n");
    return rc;
}

/* <summary>: the verdict line's words, in the chosen language. */
static int xml_summary(struct run *r, const struct result *res)
{
    struct buf *b = &r->out;
    int en = r->opt->lang == LANG_EN;

    switch (res->outcome) {
    case OUT_INVALID:
        return xml_elem(b, "    ", "summary", en ? refusal(res->st) : refusal_zh(res->st));
    case OUT_ERROR:
        return xml_elem(b, "    ", "summary", res->why);
    case OUT_REVIEW:
        return en ? buf_printf(b, "    <summary>%zu finding%s need%s a person</summary>\n",
                               res->n_review, res->n_review == 1 ? "" : "s",
                               res->n_review == 1 ? "s" : "")
                  : buf_printf(b, "    <summary>%zu 项需复核</summary>\n", res->n_review);
    case OUT_INELIGIBLE:
        return en ? buf_printf(b, "    <summary>%zu rule%s fail%s</summary>\n", res->n_fail,
                               res->n_fail == 1 ? "" : "s", res->n_fail == 1 ? "s" : "")
                  : buf_printf(b, "    <summary>%zu 项不通过</summary>\n", res->n_fail);
    case OUT_ELIGIBLE:
        return en ? buf_printf(b, "    <summary>%zu judgement item%s for a reviewer</summary>\n",
                               res->n_judgement, res->n_judgement == 1 ? "" : "s")
                  : buf_printf(b, "    <summary>另有 %zu 项需人工判断</summary>\n",
                               res->n_judgement);
    }
    return 0;
}

int validate_xml_report(struct run *r, const struct result *res)
{
    int en = r->opt->lang == LANG_EN;
    struct buf *b = &r->out;
    const struct tier_info *ti = tier_get(res->tier);
    int rc = 0;

    rc |= buf_adds(b, "  <document file=\"");
    rc |= add_clean(b, res->file, 1);
    rc |= buf_printf(b, "\" overall=\"%s\"", outcome_name(res->outcome));
    if (res->outcome == OUT_INVALID)
        rc |= buf_printf(b, " reason=\"%s\"",
                         res->st == INGEST_OK ? "uscc-invalid" : ingest_status_name(res->st));
    rc |= buf_printf(b, " exit=\"%d\">\n", validate_exit_of(res->outcome));
    if (ti != NULL) {
        rc |= buf_printf(b, "    <tier code=\"%s\">", ti->code);
        rc |= add_clean(b, ti->name_zh, 1);
        rc |= buf_adds(b, "</tier>\n");
    }
    if (rule_set_name(res->rs) != NULL)
        rc |= buf_printf(b, "    <ruleSet>%s</ruleSet>\n", rule_set_name(res->rs));
    rc |= xml_summary(r, res);
    if (r->errs->count > 0) {
        rc |= buf_printf(b, "    <errors count=\"%d\" dropped=\"%d\">\n", r->errs->count,
                         r->errs->dropped);
        for (int i = 0; i < r->errs->count; i++) {
            const struct ingest_error *e = &r->errs->e[i];

            rc |= buf_adds(b, "      <error");
            if (e->line > 0)
                rc |= buf_printf(b, " line=\"%d\"", e->line);
            if (e->path[0] != '\0') {
                rc |= buf_adds(b, " path=\"");
                rc |= add_clean(b, e->path, 1);
                rc |= buf_adds(b, "\"");
            }
            rc |= buf_adds(b, ">");
            rc |= add_clean(b, en || e->message_zh[0] == '\0' ? e->message : e->message_zh, 1);
            rc |= buf_adds(b, "</error>\n");
        }
        rc |= buf_adds(b, "    </errors>\n");
    }
    if (r->findings->count - res->n_judgement_all > 0 || r->findings->dropped > 0) {
        rc |= buf_printf(b, "    <findings count=\"%zu\" dropped=\"%zu\" fail=\"%zu\" "
                            "needsReview=\"%zu\">\n",
                         r->findings->count - res->n_judgement_all, r->findings->dropped,
                         res->n_fail, res->n_review);
        for (size_t i = 0; i < r->findings->count; i++) {
            if (r->findings->items[i].verdict != VERDICT_JUDGEMENT)
                rc |= xml_finding(b, &r->findings->items[i]);
        }
        rc |= buf_adds(b, "    </findings>\n");
    }
    if (res->n_judgement_all > 0) {
        rc |= buf_printf(b, "    <judgement count=\"%zu\">\n", res->n_judgement_all);
        for (size_t i = 0; i < r->findings->count; i++) {
            if (r->findings->items[i].verdict == VERDICT_JUDGEMENT)
                rc |= xml_finding(b, &r->findings->items[i]);
        }
        rc |= buf_adds(b, "    </judgement>\n");
    }
    rc |= buf_adds(b, "  </document>\n");
    return rc != 0 ? -1 : 0;
}
