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
#define MIN_BAR_H 4 /* the least height of a bar for a count above zero */

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

/* Is a bar green? A "new" bar counts issues gross; it is shown as met only
 * when it meets the target even less every revocation of the covered months,
 * so a bar is never green while the net falls short. */
static int bar_met(const struct report_tier *t, const struct report_counts *c, uint64_t v)
{
    uint64_t net = v > c->revoked ? v - c->revoked : 0;

    return c->has_target && (t->kind == REPORT_KIND_NEW ? net : v) >= c->target;
}

/* y of a value on a scale from 0 to ymax. */
static int64_t y_of(uint64_t v, uint64_t ymax)
{
    return PLOT_B - (int64_t)(v * (uint64_t)(PLOT_B - PLOT_T) / ymax);
}

/* The top of the scale and its step, for the tier's scope. */
static uint64_t chart_scale(const struct report *r, const struct report_tier *t, uint64_t *step)
{
    const struct report_counts *c = &t->scope;
    uint64_t top = 0;
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
    *step = nice_step(top);
    return (top + *step - 1) / *step * *step;
}

int report_chart_bars_tiny(const struct report *r, const struct report_tier *t)
{
    uint64_t step, ymax = chart_scale(r, t, &step);
    uint64_t v = t->scope.cumulative[r->months_covered - 1];

    /* The latest bar is the one read against the target; an early month's
     * short bar on a growing count needs no note. */
    return t->scope.has_target && v > 0 && PLOT_B - y_of(v, ymax) < MIN_BAR_H;
}

void report_chart_svg(struct report_out *o, const struct report *r, const struct report_tier *t)
{
    const struct report_counts *c = &t->scope;
    const struct tier_info *ti = tier_get(t->tier);
    const struct report_text *w = report_wording_text(t->wording);
    uint64_t step, ymax, v;
    int64_t top_y;
    int m;

    ymax = chart_scale(r, t, &step);

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
        top_y = y_of(v, ymax);
        /* A count far below the scale (25 against a target of 40,000) still
         * gets a bar a reader can see; its number stands above it. */
        if (v > 0 && PLOT_B - top_y < MIN_BAR_H)
            top_y = PLOT_B - MIN_BAR_H;
        report_putf(o,
                    "<rect class=\"%s\" x=\"%d\" y=\"%" PRId64 "\" width=\"%d\" height=\"%" PRId64
                    "\"><title>%d月 ",
                    bar_met(t, c, v) ? "bar met" : "bar", x, top_y, BAR_W,
                    PLOT_B - top_y, m + 1);
        report_put_count(o, v);
        report_put(o, "</title></rect>\n");
        report_putf(o, "<text class=\"value\" x=\"%d\" y=\"%" PRId64 "\">", cx, top_y - 5);
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
