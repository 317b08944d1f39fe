/*
 * report_html.c — the yearly report as one self-contained HTML page (see
 * include/tier/report.h): what an official opens in a browser or prints.
 *
 * The page is readable without anything else: no script, no style sheet,
 * font or image fetched from anywhere (CSS in one <style> element, charts as
 * inline SVG from report_chart.c, links only to anchors on the page). Text is
 * Chinese with English beneath or beside it. The order: the title and scope;
 * a summary table of every tier against its target; the pipeline of the
 * year's applications, with a note on why its 已批准 is not the summary's
 * 完成; the definitions of what is counted; then one section
 * per tier with its chart, the monthly figures and (for a province-wide
 * report) the table of 16 cities. Every string from the data, even the
 * static tier and city names, goes through report_add_text. A scope without
 * a target shows "—" and no percent. A "new" count shows issued, of which
 * revoked since, and the net the percent is of; a "new" target shows its
 * pro-rata share for the days elapsed and a red 落后进度 mark when the net is
 * behind it; last year's figures stand beside this year's. A bar for a count
 * far below its target (25 of 40,000) is drawn at a visible minimum size,
 * with the number beside it.
 *
 * Written through a sticky report_out; any failure (the buffer's cap) rolls
 * the buffer back. Pure and thread-safe for distinct buffers.
 */
#include "tier/report.h"

#include <inttypes.h>
#include <string.h>

#include "report_int.h"

static const char style[] =
    "<style>\n"
    ":root{--ink:#1f2933;--muted:#52606d;--line:#d9e2ec;--head:#f0f4f8;--blue:#2f6db5;"
    "--green:#2e8b57;--red:#c0392b}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;padding:24px 32px 48px;color:var(--ink);background:#fff;"
    "font:15px/1.55 \"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\","
    "\"Microsoft YaHei\",\"WenQuanYi Micro Hei\",sans-serif}\n"
    "main{max-width:1200px;margin:0 auto}\n"
    "h1{font-size:26px;margin:0 0 2px}\n"
    "h2{font-size:20px;margin:36px 0 4px;padding-bottom:4px;border-bottom:2px solid var(--blue)}\n"
    "h3{font-size:16px;margin:20px 0 6px}\n"
    ".en{color:var(--muted);font-size:.86em;font-weight:normal}\n"
    "h1+.en{font-size:15px;margin:0 0 12px}\n"
    ".meta{display:flex;flex-wrap:wrap;gap:6px 28px;margin:8px 0 0;padding:10px 14px;"
    "background:var(--head);border-radius:6px}\n"
    ".meta div{min-width:180px}.meta dt{font-size:12px;color:var(--muted)}"
    ".meta dd{margin:0;font-weight:600}\n"
    "nav{margin:14px 0 0;font-size:14px}nav a{margin-right:14px;color:var(--blue);"
    "text-decoration:none}\n"
    "table{border-collapse:collapse;width:100%;margin:8px 0 4px;font-size:14px}\n"
    "th,td{border:1px solid var(--line);padding:5px 8px;vertical-align:top}\n"
    "th{background:var(--head);text-align:left;font-weight:600}\n"
    "th .en,td .en{display:block;font-size:11px}\n"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "tr.total td{font-weight:700;background:#fafbfc}\n"
    "table.summary td:first-child{min-width:13em}table.summary td.kind{white-space:nowrap}\n"
    "td.city{white-space:nowrap}\n"
    ".chart-note{font-size:13px;color:var(--ink);margin:2px 0 0}\n"
    ".none{color:var(--muted)}\n"
    ".progress{width:120px;height:10px;background:var(--line);border-radius:5px;overflow:hidden;"
    "margin:5px 0 0 auto}\n"
    ".progress span{display:block;height:100%;min-width:3px;background:var(--blue)}\n"
    ".progress span.zero{min-width:0}\n"
    ".behind{display:inline-block;margin-top:2px;padding:0 6px;border-radius:3px;color:#fff;"
    "background:var(--red);font-size:12px;font-weight:600;white-space:nowrap}\n"
    ".onpace{color:var(--green);font-size:12px;white-space:nowrap}\n"
    ".note{margin:6px 0 0;padding:8px 12px;border-left:4px solid var(--blue);background:#f7f9fc;"
    "font-size:13px}.note .en{display:block}\n"
    ".progress span.met{background:var(--green)}\n"
    ".lead{margin:4px 0}.source{margin:2px 0;color:var(--muted);font-size:13px}\n"
    "ul.defs{margin:8px 0;padding-left:1.4em}ul.defs li{margin:6px 0}"
    "ul.defs .en{display:block}\n"
    "figure{margin:12px 0}figcaption{font-size:13px;color:var(--muted)}\n"
    "svg.chart{width:100%;max-width:900px;height:auto;display:block;"
    "font-family:inherit}\n"
    ".chart .grid{stroke:var(--line);stroke-width:1}\n"
    ".chart .axis{stroke:var(--ink);stroke-width:1.5}\n"
    ".chart .scale{font-size:12px;fill:var(--muted);text-anchor:end}\n"
    ".chart .month{font-size:12px;fill:var(--muted);text-anchor:middle}\n"
    ".chart .value{font-size:11px;fill:var(--ink);text-anchor:middle;paint-order:stroke;"
    "stroke:#fff;stroke-width:3px;stroke-linejoin:round}\n"
    ".chart .bar{fill:var(--blue)}.chart .bar.met{fill:var(--green)}\n"
    ".chart .target{stroke:var(--red);stroke-width:2;stroke-dasharray:8 5}\n"
    ".chart .target-label{font-size:12px;fill:var(--red);font-weight:600}\n"
    ".chart .pace{stroke:var(--muted);stroke-width:1.5;stroke-dasharray:2 4}\n"
    ".chart .no-target{font-size:12px;fill:var(--muted)}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:4px 22px;font-size:13px;color:var(--ink)}\n"
    ".legend .en{display:inline;margin-left:4px}\n"
    ".sw{display:inline-block;width:22px;height:10px;margin-right:6px;vertical-align:middle}\n"
    ".sw.bar{background:var(--blue)}.sw.met{background:var(--green)}\n"
    ".sw.target{height:0;border-top:2px dashed var(--red)}\n"
    ".sw.pace{height:0;border-top:2px dotted var(--muted)}\n"
    "td .en.inline{display:inline;margin-left:4px}\n"
    "footer{margin-top:40px;font-size:12px;color:var(--muted)}\n"
    "@media print{body{padding:0}section.tier{break-inside:avoid}}\n"
    "</style>\n";

/* A header cell in Chinese with the English beneath. */
static void th(struct report_out *o, const char *cls, const char *zh, const char *en)
{
    report_putf(o, "<th%s%s%s>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
    report_put_text(o, zh);
    report_put(o, "<span class=\"en\">");
    report_put_text(o, en);
    report_put(o, "</span></th>");
}

/* A number cell. */
static void td_count(struct report_out *o, uint64_t n)
{
    report_put(o, "<td class=\"n\">");
    report_put_count(o, n);
    report_put(o, "</td>");
}

/* "1,000家以上 / at least 1,000" — or "—" without a target. */
static void put_target(struct report_out *o, const struct report_tier *t,
                       const struct report_counts *c, int with_en)
{
    const struct report_text *w = report_wording_text(t->wording);

    if (!c->has_target) {
        report_put(o, "<span class=\"none\">—</span>");
        return;
    }
    if (t->wording == REPORT_WORDING_REACH) {
        report_put(o, "达到");
        report_put_count(o, c->target);
        report_put(o, "家");
    } else {
        report_put_count(o, c->target);
        report_putf(o, "家%s", w->zh);
    }
    if (!with_en)
        return;
    report_putf(o, "<span class=\"en\">%s ", w->en);
    report_put_count(o, c->target);
    report_put(o, "</span>");
}

/* A percent for people: "0.06%", but "<0.01%" for a count above zero that
 * rounds down to nothing (2 of 40,000), which "0.00%" would hide. */
static void put_percent(struct report_out *o, const struct report_counts *c, uint64_t bp,
                        const char *pct)
{
    if (bp == 0 && c->achieved > 0)
        report_put(o, "&lt;0.01%");
    else
        report_putf(o, "%s%%", pct);
}

/* Achieved and percent cells; with_bar adds a progress bar, drawn at least a
 * few pixels wide for any count above zero (25 of 40,000 is 0.06%). */
static void td_figures_from(struct report_out *o, const struct report_tier *t,
                            const struct report_counts *c, int with_bar)
{
    char pct[REPORT_PERCENT_LEN];
    uint64_t bp = 0;

    (void)t;
    td_count(o, c->achieved);
    report_put(o, "<td class=\"n\">");
    if (report_counts_percent(c, &bp, pct)) {
        put_percent(o, c, bp, pct);
        if (with_bar)
            report_putf(o,
                        "<div class=\"progress\"><span%s style=\"width:%" PRIu64 ".%02u%%\">"
                        "</span></div>",
                        bp >= 10000 ? " class=\"met\"" : c->achieved == 0 ? " class=\"zero\"" : "",
                        bp >= 10000 ? 100 : bp / 100,
                        bp >= 10000 ? 0u : (unsigned)(bp % 100));
    } else {
        report_put(o, "<span class=\"none\">—</span>");
    }
    report_put(o, "</td>");
}

/* Target, achieved and percent cells. */
static void td_figures(struct report_out *o, const struct report_tier *t,
                       const struct report_counts *c, int with_bar)
{
    report_put(o, "<td class=\"n\">");
    put_target(o, t, c, 0);
    report_put(o, "</td>");
    td_figures_from(o, t, c, with_bar);
}

/* "（数据造假 1、其他 2）": what the revoked were revoked for; nothing when
 * none was. */
static void put_revoked_by(struct report_out *o, const struct report_counts *c)
{
    int n = 0;

    for (int i = 0; i < REVOCATION_COUNT; i++) {
        if (c->revoked_by[i] == 0)
            continue;
        report_put(o, n++ ? "、" : "（");
        report_put_text(o, revocation_category_name_zh((enum revocation_category)i));
        report_put(o, " ");
        report_put_count(o, c->revoked_by[i]);
    }
    if (n > 0)
        report_put(o, "）");
}

/* Issued and of which revoked since (kind new), or two dashes (stock). */
static void td_issued(struct report_out *o, const struct report *r, const struct report_tier *t,
                      const struct report_counts *c)
{
    if (t->kind != REPORT_KIND_NEW) {
        report_put(o, "<td class=\"n none\">—</td><td class=\"n none\">—</td>");
        return;
    }
    td_count(o, c->cumulative[r->months_covered - 1]);
    td_count(o, c->revoked);
}

/* The pace of a "new" target: the share expected by now, and a red mark when
 * the net is behind it; "—" without a pace. */
static void put_pace(struct report_out *o, const struct report *r, const struct report_tier *t,
                     const struct report_counts *c, const char *sep, int with_en)
{
    uint32_t expected = 0;
    int behind = report_pace(r, t, c, &expected);

    if (behind < 0) {
        report_put(o, "<span class=\"none\">—</span>");
        return;
    }
    report_put(o, "应达 ");
    report_put_count(o, expected);
    report_put(o, sep);
    if (behind)
        report_putf(o, "<span class=\"behind\">▼ 落后进度%s</span>", with_en ? " behind pace" : "");
    else
        report_putf(o, "<span class=\"onpace\">✓ 未落后%s</span>", with_en ? " on pace" : "");
}

static void td_pace(struct report_out *o, const struct report *r, const struct report_tier *t,
                    const struct report_counts *c, int with_en)
{
    report_put(o, "<td class=\"n\">");
    put_pace(o, r, t, c, "<br>", with_en);
    report_put(o, "</td>");
}

/* Last year's figure: the full year and the same period, or dashes. */
static void td_last_year(struct report_out *o, const struct report_counts *c, int both)
{
    if (!c->has_last_year) {
        report_put(o, "<td class=\"n none\">—</td>");
        if (both)
            report_put(o, "<td class=\"n none\">—</td>");
        return;
    }
    if (both)
        td_count(o, c->last_year);
    td_count(o, c->last_year_to_date);
}

static void td_pipeline(struct report_out *o, const struct report_pipeline *p)
{
    int i;

    for (i = 0; i < REPORT_PIPELINE_COLUMNS; i++)
        td_count(o, report_pipeline_value(p, i));
    td_count(o, report_pipeline_total(p));
}

static void th_pipeline(struct report_out *o)
{
    int i;

    for (i = 0; i < REPORT_PIPELINE_COLUMNS; i++)
        th(o, "n", report_pipeline_text(i)->zh, report_pipeline_text(i)->en);
    th(o, "n", "合计", "total");
}

/* A tier's name cell: Chinese, English beneath, linking to its section. */
static void td_tier(struct report_out *o, const struct tier_info *ti)
{
    report_putf(o, "<td><a href=\"#tier-%s\">", ti->code);
    report_put_text(o, ti->name_zh);
    report_put(o, "</a><span class=\"en\">");
    report_put_text(o, ti->name_en);
    report_put(o, "</span></td>");
}

static void put_head(struct report_out *o, const struct report *r)
{
    const struct city *scope = report_city(r);
    char when[REPORT_TIME_LEN], zh[REPORT_PERIOD_LEN], en[REPORT_PERIOD_LEN];
    int i;

    report_format_time(r->generated_at, 0, when);
    report_period(r, zh, en);
    report_putf(o,
                "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<title>%d年度优质企业梯度培育目标完成情况 — ",
                r->year);
    report_put_text(o, scope != NULL ? scope->name_zh : "山东省");
    report_putf(o, " (%d report against targets)</title>\n", r->year);
    report_put(o, style);
    report_put(o, "</head>\n<body>\n<main>\n<header>\n");
    report_putf(o, "<h1>%d年度 ", r->year);
    report_put_text(o, scope != NULL ? scope->name_zh : "山东省");
    report_put(o, " 优质企业梯度培育目标完成情况</h1>\n<p class=\"en\">");
    report_put_text(o, scope != NULL ? scope->name_en : "Shandong");
    report_putf(o, ": enterprise tiers against the plan's targets, %d</p>\n", r->year);

    report_put(o, "<dl class=\"meta\">\n<div><dt>范围 Scope</dt><dd>");
    if (scope != NULL) {
        report_put_text(o, scope->name_zh);
        report_putf(o, " %s <span class=\"en\">", scope->code);
        report_put_text(o, scope->name_en);
        report_put(o, "</span>");
    } else {
        report_put(o, "山东省全省 <span class=\"en\">whole province</span>");
    }
    report_putf(o, "</dd></div>\n<div><dt>统计期间 Period</dt><dd>%d年%s <span class=\"en\">%s"
                   "</span></dd></div>\n",
                r->year, zh, en);
    report_putf(o,
                "<div><dt>生成时间 Generated</dt><dd>%s <span class=\"en\">UTC+8</span>"
                "</dd></div>\n</dl>\n",
                when);

    report_put(o, "<nav>");
    report_put(o, "<a href=\"#summary\">总览 Summary</a><a href=\"#pipeline\">申请流程 "
                  "Pipeline</a><a href=\"#definitions\">口径说明 Definitions</a>");
    for (i = 0; i < r->ntiers; i++) {
        const struct tier_info *ti = tier_get(r->tiers[i].tier);

        report_putf(o, "<a href=\"#tier-%s\">", ti->code);
        report_put_text(o, ti->name_zh);
        report_put(o, "</a>");
    }
    report_put(o, "</nav>\n</header>\n");
}

static void put_summary(struct report_out *o, const struct report *r)
{
    int i;

    report_put(o, "<section id=\"summary\">\n<h2>总览 <span class=\"en\">Summary: each tier "
                  "against its target</span></h2>\n<table class=\"summary\">\n<thead><tr>");
    th(o, NULL, "梯度", "tier");
    th(o, NULL, "口径", "counts");
    th(o, "n", "目标", "target");
    th(o, "n", "发放", "issued");
    th(o, "n", "其中已撤销", "of which revoked");
    th(o, "n", "完成（新增为净增）", "achieved (net)");
    th(o, "n", "完成率", "% of target");
    th(o, "n", "进度", "pace");
    th(o, "n", "上年全年", "last year");
    th(o, "n", "上年同期", "last year to date");
    report_put(o, "</tr></thead>\n<tbody>\n");
    for (i = 0; i < r->ntiers; i++) {
        const struct report_tier *t = &r->tiers[i];
        const struct report_text *k = report_kind_text(t->kind);

        report_put(o, "<tr>");
        td_tier(o, tier_get(t->tier));
        report_putf(o, "<td class=\"kind\">%s<span class=\"en\">%s</span></td>", k->zh,
                    t->kind == REPORT_KIND_NEW ? "issued in the year" : "valid on 31 Dec");
        report_put(o, "<td class=\"n\">");
        put_target(o, t, &t->scope, 0);
        report_put(o, "</td>");
        td_issued(o, r, t, &t->scope);
        td_figures_from(o, t, &t->scope, 1);
        td_pace(o, r, t, &t->scope, 1);
        td_last_year(o, &t->scope, 1);
        report_put(o, "</tr>\n");
    }
    if (r->ntiers == 0)
        report_put(o, "<tr><td colspan=\"10\" class=\"none\">无数据 (no tiers in this "
                      "report)</td></tr>\n");
    report_put(o, "</tbody>\n</table>\n</section>\n");
}

static void put_pipeline(struct report_out *o, const struct report *r)
{
    int i;

    report_putf(o,
                "<section id=\"pipeline\">\n<h2>申请流程 <span class=\"en\">Applications "
                "submitted in %d, by their state now</span></h2>\n<table>\n<thead><tr>",
                r->year);
    th(o, NULL, "梯度", "tier");
    th_pipeline(o);
    report_put(o, "</tr></thead>\n<tbody>\n");
    for (i = 0; i < r->ntiers; i++) {
        report_put(o, "<tr>");
        td_tier(o, tier_get(r->tiers[i].tier));
        td_pipeline(o, &r->tiers[i].scope.pipeline);
        report_put(o, "</tr>\n");
    }
    report_put(o, "</tbody>\n</table>\n<p class=\"note\" id=\"note-approved\">");
    for (i = 0; i < report_definitions_count; i++) {
        if (strcmp(report_definitions[i].term, "approvedVsIssued") != 0)
            continue;
        report_put_text(o, report_definitions[i].text.zh);
        report_put(o, "<span class=\"en\">");
        report_put_text(o, report_definitions[i].text.en);
        report_put(o, "</span>");
    }
    report_put(o, "</p>\n</section>\n");
}

static void put_definitions(struct report_out *o)
{
    int i;

    report_put(o, "<section id=\"definitions\">\n<h2>口径说明 <span class=\"en\">What is "
                  "counted</span></h2>\n<ul class=\"defs\">\n");
    for (i = 0; i < report_definitions_count; i++) {
        const struct report_definition *d = &report_definitions[i];

        report_putf(o, "<li id=\"def-%s\">", d->term);
        report_put_text(o, d->text.zh);
        report_put(o, "<span class=\"en\">");
        report_put_text(o, d->text.en);
        report_put(o, "</span></li>\n");
    }
    report_put(o, "</ul>\n</section>\n");
}

/* The chart's legend, under it: what the bars and lines are. */
static void put_legend(struct report_out *o, const struct report_tier *t)
{
    const struct report_counts *c = &t->scope;
    int is_new = t->kind == REPORT_KIND_NEW;

    report_putf(o,
                "<figcaption class=\"legend\"><span><i class=\"sw bar\"></i>%s<span "
                "class=\"en\">%s</span></span>",
                is_new ? "1月1日至各月末累计发放的证书" : "各月末有效的证书",
                is_new ? "issued since 1 January, at each month end" : "valid at each month end");
    if (c->has_target) {
        report_put(o, "<span><i class=\"sw met\"></i>已达目标<span class=\"en\">target "
                      "met</span></span><span><i class=\"sw target\"></i>目标 ");
        put_target(o, t, c, 1);
        report_put(o, "</span>");
        if (is_new)
            report_put(o, "<span><i class=\"sw pace\"></i>均衡进度<span class=\"en\">even "
                          "pace from 1 January to the target on 31 December</span></span>");
    }
    report_put(o, "</figcaption>\n");
}

static void put_tier(struct report_out *o, const struct report *r, const struct report_tier *t)
{
    const struct tier_info *ti = tier_get(t->tier);
    const struct report_text *k = report_kind_text(t->kind);
    const struct city *scope = report_city(r);
    const struct city *cities = city_all();
    char pct[REPORT_PERCENT_LEN];
    uint64_t bp;
    uint32_t expected;
    int m, j;

    report_putf(o, "<section class=\"tier\" id=\"tier-%s\">\n<h2>", ti->code);
    report_put_text(o, ti->name_zh);
    report_put(o, " <span class=\"en\">");
    report_put_text(o, ti->name_en);
    report_put(o, "</span></h2>\n<p class=\"lead\">");
    report_putf(o, "口径：%s <span class=\"en\">(%s: %s)</span> · 目标：", k->zh, k->en,
                t->kind == REPORT_KIND_NEW ? "certificates issued in the year"
                                           : "certificates valid on 31 December, not revoked");
    put_target(o, t, &t->scope, 0);
    if (t->kind == REPORT_KIND_NEW) {
        report_put(o, " · 发放：");
        report_put_count(o, t->scope.cumulative[r->months_covered - 1]);
        report_put(o, "，其中已撤销：");
        report_put_count(o, t->scope.revoked);
        put_revoked_by(o, &t->scope);
        report_put(o, " · 净增：");
    } else {
        report_put(o, " · 完成：");
    }
    report_put_count(o, t->scope.achieved);
    report_put(o, " · 完成率：");
    if (report_counts_percent(&t->scope, &bp, pct))
    {
        report_put(o, "<strong>");
        put_percent(o, &t->scope, bp, pct);
        report_put(o, "</strong>");
    }
    else
        report_put(o, "<span class=\"none\">—</span>");
    if (report_pace(r, t, &t->scope, &expected) >= 0) {
        report_put(o, " · 进度：");
        put_pace(o, r, t, &t->scope, " ", 1);
    }
    if (t->scope.has_last_year) {
        report_put(o, " · 上年全年：");
        report_put_count(o, t->scope.last_year);
        report_put(o, "，上年同期：");
        report_put_count(o, t->scope.last_year_to_date);
    }
    if (t->scope.has_updates) {
        report_put(o, " · 年度数据更新未报 <span class=\"en\">(missing updates)</span>：");
        report_put_count(o, t->scope.updates_missing);
    }
    report_put(o, "</p>\n");
    if (t->source[0] != '\0') {
        report_put(o, "<p class=\"source\">目标来源 Source: ");
        report_put_text(o, t->source);
        report_put(o, "</p>\n");
    }

    report_put(o, "<figure>\n");
    report_chart_svg(o, r, t);
    put_legend(o, t);
    if (report_chart_bars_tiny(r, t))
        report_put(o, "<p class=\"chart-note\">注：完成数远低于目标，柱高按图上最小可见高度绘制，"
                      "以柱上数字为准。<span class=\"en\">The counts are far below the target: "
                      "their bars are drawn at the least visible height; read the numbers above "
                      "them.</span></p>\n");
    report_put(o, "</figure>\n");

    /* The monthly figures as a table, for reading exact numbers. */
    report_put(o, "<table>\n<thead><tr>");
    for (m = 0; m < REPORT_MONTHS; m++)
        report_putf(o, "<th class=\"n\">%d月</th>", m + 1);
    report_put(o, "</tr></thead>\n<tbody><tr>");
    for (m = 0; m < REPORT_MONTHS; m++) {
        if (m < r->months_covered)
            td_count(o, t->scope.cumulative[m]);
        else
            report_put(o, "<td class=\"n none\">—</td>");
    }
    report_put(o, "</tr></tbody>\n</table>\n");

    report_put(o, "<h3>");
    report_put(o, scope != NULL ? "本市" : "各市");
    report_put(o, " <span class=\"en\">");
    report_put(o, scope != NULL ? "The city" : "By city");
    report_put(o, "</span></h3>\n<table>\n<thead><tr>");
    th(o, NULL, "城市", "city");
    th(o, "n", "目标", "target");
    th(o, "n", "完成", "achieved");
    th(o, "n", "完成率", "% of target");
    th(o, "n", "进度", "pace");
    th(o, "n", "上年同期", "last year to date");
    th_pipeline(o);
    report_put(o, "</tr></thead>\n<tbody>\n");
    for (j = 0; scope == NULL && j < CITY_COUNT; j++) {
        report_put(o, "<tr><td class=\"city\">");
        report_put_text(o, cities[j].name_zh);
        report_putf(o, "<span class=\"en inline\">%s ", cities[j].code);
        report_put_text(o, cities[j].name_en);
        report_put(o, "</span></td>");
        td_figures(o, t, &t->cities[j], 0);
        td_pace(o, r, t, &t->cities[j], 0);
        td_last_year(o, &t->cities[j], 0);
        td_pipeline(o, &t->cities[j].pipeline);
        report_put(o, "</tr>\n");
    }
    report_put(o, "<tr class=\"total\"><td class=\"city\">");
    if (scope != NULL) {
        report_put_text(o, scope->name_zh);
        report_putf(o, "<span class=\"en inline\">%s ", scope->code);
        report_put_text(o, scope->name_en);
        report_put(o, "</span>");
    } else {
        report_put(o, "全省<span class=\"en inline\">whole province</span>");
    }
    report_put(o, "</td>");
    td_figures(o, t, &t->scope, 0);
    td_pace(o, r, t, &t->scope, 0);
    td_last_year(o, &t->scope, 0);
    td_pipeline(o, &t->scope.pipeline);
    report_put(o, "</tr>\n</tbody>\n</table>\n</section>\n");
}

int report_render_html(const struct report *r, struct buf *out)
{
    struct report_out o = {out, 0};
    size_t start = out->len;
    int i;

    if (report_check(r, NULL, 0) != 0)
        return REPORT_INVALID;
    put_head(&o, r);
    put_summary(&o, r);
    put_pipeline(&o, r);
    put_definitions(&o);
    for (i = 0; i < r->ntiers; i++)
        put_tier(&o, r, &r->tiers[i]);
    report_put(&o, "<footer>由 tierd 生成；数据截至生成时间。<span class=\"en\">Generated by "
                   "tierd from the registry's records at the time shown above.</span></footer>\n"
                   "</main>\n</body>\n</html>\n");
    if (o.failed) {
        report_buf_truncate(out, start);
        return REPORT_TOO_LARGE;
    }
    return REPORT_OK;
}
