/*
 * cmd_report.c — `tierctl report YEAR [--city CODE] [--format xml|csv|html]`
 * and `tierctl target set|list`. Both read and write the database directly
 * (operators' tools); the report is the same one tierd serves.
 */
#include "tier/cli.h"
#include "tier/date.h"
#include "tier/registry.h"
#include "tier/report.h"
#include "tier/tier.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int parse_year(const char *s, int *y)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < 2000 || v > 2100)
        return -1;
    *y = (int)v;
    return 0;
}

int cmd_report(struct tier_config *c, int argc, char **argv)
{
    const char *city = NULL, *format = "xml";
    enum report_format fmt;
    struct report *r;
    struct reg_says says;
    struct buf out;
    char text[REG_SAY_ZH + REG_SAY_EN + 8];
    int year = 0, rc = 1;
    struct registry reg, *m = &reg;

    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--city") == 0 && i + 1 < argc)
            city = argv[++i];
        else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
            format = argv[++i];
        else if (year == 0 && parse_year(argv[i], &year) == 0)
            continue;
        else
            goto usage;
    }
    fmt = report_format_parse(format);
    if (year == 0 || fmt == REPORT_FORMAT_NONE)
        goto usage;
    /* three connections when they can be had: the grouped queries then run
     * side by side */
    if (cli_open_registry(c, &reg, 3) != 0)
        return 1;
    r = malloc(sizeof *r);
    buf_init(&out, 64u << 20);
    if (r == NULL) {
        fprintf(stderr, "tierctl report: out of memory\n");
    } else if (registry_report(m, NULL, year, city, r, &says) != YEARLY_OK) {
        reg_says_text(&says, text, sizeof text);
        fprintf(stderr, "tierctl report: %s\n", text);
    } else if (report_render(r, fmt, &out) != REPORT_OK) {
        fprintf(stderr, "tierctl report: the report could not be rendered\n");
    } else {
        fwrite(out.data, 1, out.len, stdout);
        rc = 0;
    }
    buf_free(&out);
    free(r);
    registry_close(&reg);
    return rc;
usage:
    fprintf(cli_usage_stream(),
            "usage: tierctl report YEAR [--city CODE] [--format xml|csv|html]\n"
            "  the yearly report against the plan's targets, on stdout (XML by default)\n"
            "  --city CODE   one city's report (e.g. 370100)\n"
            "exit: 0 done, 1 failure, 2 usage\n");
    return cli_usage_status(2);
}

static int print_target(void *ctx, const struct target_row *t)
{
    (void)ctx;
    printf("%-20s %-8s %10ld %-6s %-6s %s\n", t->tier, t->city[0] ? t->city : "全省", t->count,
           t->kind, t->wording, t->source);
    return 0;
}

int cmd_target(struct tier_config *c, int argc, char **argv)
{
    int year = 0;
    struct registry reg, *m = &reg;
    struct op_result res;

    if (argc == 2 && strcmp(argv[0], "list") == 0 && parse_year(argv[1], &year) == 0) {
        if (cli_open_registry(c, &reg, 1) != 0)
            return 1;
        printf("%-20s %-8s %10s %-6s %-6s %s\n", "TIER", "CITY", "TARGET", "KIND", "WORDING",
               "SOURCE");
        registry_target_list(m, year, print_target, NULL, &res);
        registry_close(&reg);
        if (res.outcome != OP_DONE)
            cli_say(stderr, "target list", &res.says);
        return cli_op_exit(res.outcome);
    }
    if (argc >= 4 && strcmp(argv[0], "set") == 0 && parse_year(argv[1], &year) == 0) {
        const char *tier = argv[2], *city = NULL, *kind = NULL, *wording = "floor";
        const char *source = "set with tierctl target set";
        const struct tier_info *ti = tier_by_code(tier);
        char *end;
        long count;

        errno = 0;
        count = strtol(argv[3], &end, 10);
        if (errno != 0 || *end != '\0')
            goto usage;
        for (int i = 4; i < argc; i++) {
            if (i + 1 >= argc)
                goto usage;
            if (strcmp(argv[i], "--city") == 0)
                city = argv[++i];
            else if (strcmp(argv[i], "--kind") == 0)
                kind = argv[++i];
            else if (strcmp(argv[i], "--wording") == 0)
                wording = argv[++i];
            else if (strcmp(argv[i], "--source") == 0)
                source = argv[++i];
            else
                goto usage;
        }
        if (kind == NULL)
            kind = ti != NULL && report_default_kind(ti->id) == REPORT_KIND_STOCK ? "stock"
                                                                                 : "new";
        if (cli_open_registry(c, &reg, 1) != 0)
            return 1;
        registry_target_set(m,
                            &(struct reg_target_new){year, tier, city, count, kind, wording,
                                                     source},
                            cli_operator(), &res);
        registry_close(&reg);
        if (res.outcome != OP_DONE) {
            cli_say(stderr, "target set", &res.says);
            return cli_op_exit(res.outcome);
        }
        printf("target %d %s %s: %ld (%s, %s)\n", year, tier, city ? city : "全省", count, kind,
               wording);
        return 0;
    }
usage:
    fprintf(cli_usage_stream(),
            "usage: tierctl target set YEAR TIER COUNT [--city CODE] [--kind new|stock]\n"
            "                          [--wording floor|about|reach] [--source TEXT]\n"
            "       tierctl target list YEAR\n"
            "  set: the target of TIER in YEAR for the province, or a city with --city;\n"
            "  --kind new counts certificates issued in the year, stock those valid on\n"
            "  31 December; --wording floor (以上), about (左右), reach (达到)\n"
            "exit: 0 done, 1 refused or failed (nothing changed), 2 usage,\n"
            "      3 outcome unknown (the connection was lost at COMMIT; target list shows)\n");
    return cli_usage_status(2);
}
