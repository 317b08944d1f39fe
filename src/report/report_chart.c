/*
 * report_chart.c — the inline SVG chart of one tier on the HTML page: a bar
 * per covered month with the count at its end, the target as a dashed line,
 * and, for a "new" target, a dotted line of even pace from nothing on
 * 1 January to the target on 31 December, so a reader sees at a glance
 * whether the year is on track.
 *
 * Every coordinate is an integer computed in 64 bits (no floating point in
 * the registry): the vertical scale is a "nice" step of 1, 2 or 5 × 10^k
 * chosen so that at most five steps cover the largest figure plus a tenth of
 * headroom. Text is escaped like the rest of the page. The chart has a
 * viewBox, so it scales with the page; it uses no script, font file or
 * external reference. Errors stick in the report_out.
 */
#include <inttypes.h>

#include "report_int.h"

/* The drawing, in SVG user units. */
#define CHART_W 780
#define CHART_H 260
#define PLOT_L 70  /* left edge of the plot (room for the scale) */
#define PLOT_R 706 /* right edge (then room for the target's label) */
#define PLOT_T 20  /* top edge */
#define PLOT_B 224 /* bottom edge (the zero line) */
#define SLOT_W ((PLOT_R - PLOT_L) / REPORT_MONTHS) /* one month */
#define BAR_W 30

/* The smallest 1/2/5 × 10^k step with at most five steps reaching `top`. */
static uint64_t nice_step(uint64_t top)
{
    uint64_t mag = 1;

    for (;;) {
        if (mag * 5 >= top)
            return mag;
        if (mag * 2 * 5 >= top)
            return mag * 2;
        if (mag * 5 * 5 >= top)
            return mag * 5;
        mag *= 10;
    }
}

/* y of a value on a scale from 0 to ymax. */
static int64_t y_of(uint64_t v, uint64_t ymax)
{
    return PLOT_B - (int64_t)(v * (uint64_t)(PLOT_B - PLOT_T) / ymax);
}

void report_chart_svg(struct report_out *o, const struct report *r, const struct report_tier *t)
{
    const struct report_counts *c = &t->scope;
    const struct tier_info *ti = tier_get(t->tier);
    const struct report_text *w = report_wording_text(t->wording);
    uint64_t top = 0, step, ymax, v;
    int m;

    for (m = 0; m < r->months_covered; m++) {
        if (c->cumulative[m] > top)
            top = c->cumulative[m];
    }
    if (c->has_target && c->target > top)
        top = c->target;
    top += top / 10; /* headroom over the highest bar or the target line */
    if (top == 0)
        top = 1;
    step = nice_step(top);
    ymax = (top + step - 1) / step * step;

    report_putf(o,
                "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" "
                "aria-labelledby=\"chart-%s\">\n<title id=\"chart-%s\">",
                CHART_W, CHART_H, ti->code, ti->code);
    report_put_text(o, ti->name_zh);
    report_put(o, "：逐月累计与目标 (");
    report_put_text(o, ti->name_en);
    report_put(o, ": month by month against the target)</title>\n");

    /* The scale: a grid line and a label per step. */
    for (v = 0; v <= ymax; v += step) {
        int64_t y = y_of(v, ymax);

        report_putf(o,
                    "<line class=\"grid\" x1=\"%d\" y1=\"%" PRId64 "\" x2=\"%d\" y2=\"%" PRId64
                    "\"/><text class=\"scale\" x=\"%d\" y=\"%" PRId64 "\">",
                    PLOT_L, y, PLOT_R, y, PLOT_L - 8, y + 4);
        report_put_count(o, v);
        report_put(o, "</text>\n");
    }

    /* Bars, and the month names under every slot. */
    for (m = 0; m < REPORT_MONTHS; m++) {
        int x = PLOT_L + m * SLOT_W + (SLOT_W - BAR_W) / 2;
        int cx = PLOT_L + m * SLOT_W + SLOT_W / 2;

        report_putf(o, "<text class=\"month\" x=\"%d\" y=\"%d\">%d月</text>\n", cx, PLOT_B + 20,
                    m + 1);
        if (m >= r->months_covered)
            continue;
        v = c->cumulative[m];
        report_putf(o,
                    "<rect class=\"%s\" x=\"%d\" y=\"%" PRId64 "\" width=\"%d\" height=\"%" PRId64
                    "\"><title>%d月 ",
                    c->has_target && v >= c->target ? "bar met" : "bar", x, y_of(v, ymax), BAR_W,
                    PLOT_B - y_of(v, ymax), m + 1);
        report_put_count(o, v);
        report_put(o, "</title></rect>\n");
        report_putf(o, "<text class=\"value\" x=\"%d\" y=\"%" PRId64 "\">", cx,
                    y_of(v, ymax) - 5);
        report_put_count(o, v);
        report_put(o, "</text>\n");
    }

    /* The zero line over the bars' feet. */
    report_putf(o, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", PLOT_L,
                PLOT_B, PLOT_R, PLOT_B);

    if (c->has_target) {
        int64_t y = y_of(c->target, ymax);

        if (t->kind == REPORT_KIND_NEW)
            report_putf(o,
                        "<line class=\"pace\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%" PRId64
                        "\"><title>均衡进度 (even pace)</title></line>\n",
                        PLOT_L, PLOT_B, PLOT_R, y);
        report_putf(o,
                    "<line class=\"target\" x1=\"%d\" y1=\"%" PRId64 "\" x2=\"%d\" y2=\"%" PRId64
                    "\"/>\n<text class=\"target-label\" x=\"%d\" y=\"%" PRId64
                    "\">目标 target</text>\n<text class=\"target-label\" x=\"%d\" y=\"%" PRId64
                    "\">",
                    PLOT_L, y, PLOT_R, y, PLOT_R + 6, y - 4, PLOT_R + 6, y + 12);
        if (t->wording == REPORT_WORDING_REACH)
            report_put(o, w->zh); /* 达到40,000; 1,000以上; 200左右 */
        report_put_count(o, c->target);
        report_putf(o, "%s</text>\n", t->wording == REPORT_WORDING_REACH ? "" : w->zh);
    } else {
        report_putf(o,
                    "<text class=\"no-target\" x=\"%d\" y=\"%d\">未设目标</text>\n"
                    "<text class=\"no-target\" x=\"%d\" y=\"%d\">no target</text>\n",
                    PLOT_R + 6, PLOT_T + 4, PLOT_R + 6, PLOT_T + 20);
    }
    report_put(o, "</svg>\n");
}
