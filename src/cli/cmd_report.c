/*
 * cmd_report.c — `tierctl report YEAR [--city CODE] [--format xml|csv|html]`
 * and `tierctl target set|list`. Both read and write the database directly
 * (operators' tools); the report is the same one tierd serves.
 */
#include "tier/audit.h"
#include "tier/cli.h"
#include "tier/date.h"
#include "tier/db.h"
#include "tier/report.h"
#include "tier/report_store.h"
#include "tier/targets.h"
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

/* The report on three connections when they can be had (its grouped queries
 * then run side by side), else on the one already open. */
static int fill(struct tier_config *c, struct db_conn *m, int year, const char *city,
                const struct tier_date *today, struct report *r, unsigned int *e, char *err,
                size_t errsz)
{
    struct db_conn *conns[3] = {m, NULL, NULL};
    char msg[512];
    int n = 1, rc;

    if (config_load_password(c, msg, sizeof msg) == 0) {
        for (; n < 3; n++) {
            conns[n] = db_connect(c, msg, sizeof msg);
            if (conns[n] == NULL)
                break;
        }
        config_wipe(c);
    }
    rc = report_fill_many(conns, n, year, city, today, (int64_t)time(NULL), r, e, err, errsz);
    for (int i = 1; i < n; i++)
        db_close(conns[i]);
    return rc;
}

int cmd_report(struct tier_config *c, int argc, char **argv)
{
    const char *city = NULL, *format = "xml";
    struct tier_date today = date_today_cst();
    enum report_format fmt;
    struct report *r;
    struct buf out;
    char err[512];
    unsigned int e;
    int year = 0, rc = 1;
    struct db_conn *m;

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
    if ((m = cli_open_db(c)) == NULL)
        return 1;
    r = malloc(sizeof *r);
    buf_init(&out, 64u << 20);
    if (r == NULL) {
        fprintf(stderr, "tierctl report: out of memory\n");
    } else if (fill(c, m, year, city, &today, r, &e, err, sizeof err) != 0) {
        fprintf(stderr, "tierctl report: %s\n", err);
    } else if (report_render(r, fmt, &out) != REPORT_OK) {
        fprintf(stderr, "tierctl report: the report could not be rendered\n");
    } else {
        fwrite(out.data, 1, out.len, stdout);
        rc = 0;
    }
    buf_free(&out);
    free(r);
    db_close(m);
    return rc;
usage:
    fprintf(stderr, "usage: tierctl report YEAR [--city CODE] [--format xml|csv|html]\n"
                    "  the yearly report against the plan's targets, on stdout\n");
    return 2;
}

int cmd_target(struct tier_config *c, int argc, char **argv)
{
    char err[512];
    int year = 0, rc;
    struct db_conn *m;

    if (argc == 2 && strcmp(argv[0], "list") == 0 && parse_year(argv[1], &year) == 0) {
        if ((m = cli_open_db(c)) == NULL)
            return 1;
        rc = target_list(m, year, stdout, err, sizeof err);
        db_close(m);
        if (rc != 0)
            fprintf(stderr, "tierctl target list: %s\n", err);
        return rc ? 1 : 0;
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
        if ((m = cli_open_db(c)) == NULL)
            return 1;
        rc = target_set(m, year, tier, city, count, kind, wording, source, audit_operator(), err,
                        sizeof err);
        db_close(m);
        if (rc != 0) {
            fprintf(stderr, "tierctl target set: %s\n", err);
            return 1;
        }
        printf("target %d %s %s: %ld (%s, %s)\n", year, tier, city ? city : "全省", count, kind,
               wording);
        return 0;
    }
usage:
    fprintf(stderr, "usage: tierctl target set YEAR TIER COUNT [--city CODE] [--kind new|stock]\n"
                    "                          [--wording floor|about|reach] [--source TEXT]\n"
                    "       tierctl target list YEAR\n");
    return 2;
}
