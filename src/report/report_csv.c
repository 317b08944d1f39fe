/*
 * report_csv.c — the yearly report as CSV (see include/tier/report.h).
 *
 * For spreadsheet programs first: UTF-8 with a byte-order mark (without it
 * Excel reads the Chinese names as GBK), a header row whose cells say each
 * column in Chinese and English, CRLF line ends, and RFC 4180 quoting (a cell
 * with a comma, a double quote, CR, LF or an edge space is quoted, quotes
 * doubled). One row per tier for the report's scope (the province, or the
 * city it is narrowed to) and, in a province-wide report, one row per tier
 * and city right after it. A scope without a target has empty target,
 * wording, percent and pace cells; a stock row has empty issued and revoked
 * cells; months past the covered ones are empty; unknown last-year figures
 * are empty.
 *
 * Text cells are made safe twice over: bytes that are not UTF-8 and control
 * characters become U+FFFD, and a cell starting with = + - @ gets a leading
 * apostrophe so that a spreadsheet shows it instead of running it as a
 * formula (the target's source is free text typed by an admin). Failure
 * (the buffer's cap) rolls the buffer back. Pure and thread-safe for
 * distinct buffers.
 */
#include "tier/report.h"

#include <inttypes.h>
#include <string.h>

#include "report_int.h"

static const char *const header[] = {
    "年度 (year)",
    "统计期间 (period)",
    "截至 (as of)",
    "范围 (scope)",
    "城市代码 (city code)",
    "城市 (city)",
    "city",
    "梯度代码 (tier code)",
    "梯度 (tier)",
    "tier",
    "口径 (kind: new = 当年发放的证书 certificates issued in the year; "
    "stock = 12月31日有效且未撤销 "
    "valid on 31 December and not revoked)",
    "目标 (target)",
    "目标表述 (wording: floor 以上 at least; about 左右; reach 达到)",
    "发放数 (issued; new only)",
    "其中已撤销 (of which revoked since; new only)",
    "完成数 (achieved; new: net = issued - revoked)",
    "完成率% (percent of target, rounded down to 0.01)",
    "进度应达 (expected by now: pro-rata share of a new target)",
    "落后进度 (behind pace: 是 yes / 否 no)",
    "上年全年 (last year, full year)",
    "上年同期 (last year, same period)",
    "1月累计 (Jan)", "2月累计 (Feb)", "3月累计 (Mar)", "4月累计 (Apr)",
    "5月累计 (May)", "6月累计 (Jun)", "7月累计 (Jul)", "8月累计 (Aug)",
    "9月累计 (Sep)", "10月累计 (Oct)", "11月累计 (Nov)", "12月累计 (Dec)",
    "已受理 (received)",
    "不符合条件 (ineligible)",
    "已推荐 (recommended)",
    "已退回 (returned)",
    "已批准 (approved)",
    "已驳回 (rejected)",
    "申请合计 (applications in the year)",
    "目标来源 (target source)",
    "撤销类别 (of which revoked, by category: fraud accident dishonesty tax request other)",
    "年度数据更新未报 (missing yearly updates; tiers with a deadline only)",
};

/* Append one text cell, preceded by a comma unless it starts the row. */
static int add_cell(struct buf *b, const char *s, int first)
{
    const char *p;
    size_t n = strlen(s);
    int quote;

    if (!first && buf_adds(b, ",") != 0)
        return -1;
    quote = strpbrk(s, ",\"\r\n") != NULL || (n > 0 && (s[0] == ' ' || s[n - 1] == ' '));
    if (quote && buf_adds(b, "\"") != 0)
        return -1;
    if (s[0] != '\0' && strchr("=+-@", s[0]) != NULL && buf_adds(b, "'") != 0)
        return -1;
    p = s;
    while (*p != '\0') {
        int len = report_char_len(p);

        if (len == 0) {
            if (buf_adds(b, "\xef\xbf\xbd") != 0) /* U+FFFD */
                return -1;
            p++;
        } else if (*p == '"') {
            if (buf_adds(b, "\"\"") != 0)
                return -1;
            p++;
        } else {
            if (buf_add(b, p, (size_t)len) != 0)
                return -1;
            p += len;
        }
    }
    if (quote && buf_adds(b, "\"") != 0)
        return -1;
    return 0;
}

/* Append one number cell (never quoted). */
static int add_num(struct buf *b, uint64_t v)
{
    return buf_printf(b, ",%" PRIu64, v);
}

static int add_row(struct buf *b, const struct report *r, const struct report_tier *t,
                   const struct report_counts *c, const char *scope, const char *code,
                   const char *zh, const char *en, int with_source)
{
    const struct tier_info *ti = tier_get(t->tier);
    char pct[REPORT_PERCENT_LEN], as_of[11], period_zh[REPORT_PERIOD_LEN],
        period_en[REPORT_PERIOD_LEN];
    uint64_t bp;
    uint32_t expected = 0;
    int m, i, behind;

    report_as_of(r, as_of);
    report_period(r, period_zh, period_en);
    if (buf_printf(b, "%d", r->year) != 0 || add_cell(b, period_zh, 0) != 0 ||
        add_cell(b, as_of, 0) != 0 || add_cell(b, scope, 0) != 0 ||
        add_cell(b, code, 0) != 0 || add_cell(b, zh, 0) != 0 || add_cell(b, en, 0) != 0 ||
        add_cell(b, ti->code, 0) != 0 || add_cell(b, ti->name_zh, 0) != 0 ||
        add_cell(b, ti->name_en, 0) != 0 || add_cell(b, report_kind_name(t->kind), 0) != 0)
        return -1;
    if (c->has_target) {
        if (add_num(b, c->target) != 0 ||
            add_cell(b, report_wording_name(t->wording), 0) != 0)
            return -1;
    } else if (buf_adds(b, ",,") != 0) {
        return -1;
    }
    if (t->kind == REPORT_KIND_NEW) {
        if (add_num(b, c->cumulative[r->months_covered - 1]) != 0 || add_num(b, c->revoked) != 0)
            return -1;
    } else if (buf_adds(b, ",,") != 0) {
        return -1;
    }
    if (add_num(b, c->achieved) != 0)
        return -1;
    report_counts_percent(c, &bp, pct); /* "" without a target */
    if (add_cell(b, pct, 0) != 0)
        return -1;
    behind = report_pace(r, t, c, &expected);
    if (behind >= 0) {
        if (add_num(b, expected) != 0 || add_cell(b, behind ? "是" : "否", 0) != 0)
            return -1;
    } else if (buf_adds(b, ",,") != 0) {
        return -1;
    }
    if (c->has_last_year) {
        if (add_num(b, c->last_year) != 0 || add_num(b, c->last_year_to_date) != 0)
            return -1;
    } else if (buf_adds(b, ",,") != 0) {
        return -1;
    }
    for (m = 0; m < REPORT_MONTHS; m++) {
        int rc = m < r->months_covered ? add_num(b, c->cumulative[m]) : buf_adds(b, ",");

        if (rc != 0)
            return -1;
    }
    for (i = 0; i < REPORT_PIPELINE_COLUMNS; i++) {
        if (add_num(b, report_pipeline_value(&c->pipeline, i)) != 0)
            return -1;
    }
    if (add_num(b, report_pipeline_total(&c->pipeline)) != 0 ||
        add_cell(b, with_source ? t->source : "", 0) != 0)
        return -1;
    /* "fraud=2 other=1": what the revoked were revoked for (new only) */
    if (buf_adds(b, ",") != 0)
        return -1;
    for (i = 0, m = 0; t->kind == REPORT_KIND_NEW && i < REVOCATION_COUNT; i++) {
        if (c->revoked_by[i] != 0 &&
            buf_printf(b, "%s%s=%" PRIu32, m++ ? " " : "",
                       revocation_category_name((enum revocation_category)i),
                       c->revoked_by[i]) != 0)
            return -1;
    }
    if (c->has_updates ? add_num(b, c->updates_missing) != 0 : buf_adds(b, ",") != 0)
        return -1;
    return buf_adds(b, "\r\n");
}

static int add_report(struct buf *b, const struct report *r)
{
    const struct city *scope = report_city(r);
    const struct city *cities = city_all();
    size_t i;
    int k, j;

    if (buf_adds(b, "\xef\xbb\xbf") != 0) /* the byte-order mark */
        return -1;
    for (i = 0; i < sizeof header / sizeof header[0]; i++) {
        if (add_cell(b, header[i], i == 0) != 0)
            return -1;
    }
    if (buf_adds(b, "\r\n") != 0)
        return -1;
    for (k = 0; k < r->ntiers; k++) {
        const struct report_tier *t = &r->tiers[k];

        if (scope != NULL) {
            if (add_row(b, r, t, &t->scope, "city", scope->code, scope->name_zh, scope->name_en,
                        1) != 0)
                return -1;
            continue;
        }
        if (add_row(b, r, t, &t->scope, "province", "370000", "山东省", "Shandong", 1) != 0)
            return -1;
        for (j = 0; j < CITY_COUNT; j++) {
            if (add_row(b, r, t, &t->cities[j], "city", cities[j].code, cities[j].name_zh,
                        cities[j].name_en, 0) != 0)
                return -1;
        }
    }
    return 0;
}

int report_render_csv(const struct report *r, struct buf *out)
{
    size_t start = out->len;

    if (report_check(r, NULL, 0) != 0)
        return REPORT_INVALID;
    if (add_report(out, r) != 0) {
        report_buf_truncate(out, start);
        return REPORT_TOO_LARGE;
    }
    return REPORT_OK;
}
