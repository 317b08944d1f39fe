/*
 * cmd_expiring.c — `tierctl expiring [--days N] [--city CODE]`: titles
 * (certificates) valid today whose validity ends within N days (90 by
 * default), soonest first: the enterprise, tier, serial and validUntil, so
 * that a city can remind holders to file their renewal (复核) in time.
 * `tierctl expiring --missing-updates` lists instead the titles whose yearly
 * data update is missing.
 */
#include "tier/cli.h"
#include "tier/city.h"
#include "tier/registry_life.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
    fprintf(cli_usage_stream(),
            "usage: tierctl expiring [--days N] [--city CODE] [--missing-updates]\n"
            "  titles valid today whose validity ends within N days (default 90,\n"
            "  at most 3660), soonest first, one a line, tab-separated:\n"
            "    validUntil  days-left  serial  tier  USCC  city  enterprise\n"
            "  --city CODE        one city's titles (e.g. 370100)\n"
            "  --missing-updates  instead: titles whose yearly data update is missing\n"
            "                     (the year due and its deadline in place of days-left)\n"
            "  a last line '# N titles' counts them; at most %d are listed\n"
            "exit: 0 done, 1 failure, 2 usage\n",
            REG_TITLES_MAX);
    return cli_usage_status(2);
}

int cmd_expiring(struct tier_config *c, int argc, char **argv)
{
    struct reg_title_view *rows;
    struct principal as_city, *who = NULL;
    struct registry reg;
    struct reg_says says;
    enum read_outcome o;
    char text[REG_SAY_ZH + REG_SAY_EN + 8], *end;
    long days = 90;
    int missing = 0;
    size_t n = 0;

    memset(&as_city, 0, sizeof as_city);
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--days") == 0 && i + 1 < argc) {
            errno = 0;
            days = strtol(argv[++i], &end, 10);
            if (errno != 0 || *end != '\0' || days < 0 || days > 3660)
                return usage();
        } else if (strcmp(argv[i], "--city") == 0 && i + 1 < argc) {
            if (city_by_code(argv[++i]) == NULL)
                return usage();
            /* one city's view: the registry's own scope rule narrows it */
            as_city.role = ROLE_CITY_REVIEWER;
            snprintf(as_city.name, sizeof as_city.name, "%s", cli_operator());
            snprintf(as_city.city, sizeof as_city.city, "%s", argv[i]);
            who = &as_city;
        } else if (strcmp(argv[i], "--missing-updates") == 0) {
            missing = 1;
        } else {
            return usage();
        }
    }
    rows = calloc(REG_TITLES_MAX, sizeof *rows);
    if (rows == NULL) {
        fprintf(stderr, "tierctl expiring: out of memory\n");
        return 1;
    }
    if (cli_open_registry(c, &reg, 1) != 0) {
        free(rows);
        return 1;
    }
    o = missing ? registry_updates_missing(&reg, who, NULL, rows, REG_TITLES_MAX, &n, &says)
                : registry_expiring(&reg, who, (int)days, rows, REG_TITLES_MAX, &n, &says);
    registry_close(&reg);
    if (o != READ_OK) {
        reg_says_text(&says, text, sizeof text);
        fprintf(stderr, "tierctl expiring: %s\n", text);
        free(rows);
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        const struct reg_title_view *v = &rows[i];

        if (missing)
            printf("%s\t%d update due %s\t%s\t%s\t%s\t%s\t%s\n", v->t.valid_until,
                   v->update_year, v->update_deadline, v->t.serial, v->t.tier, v->t.uscc,
                   v->t.city, v->t.name);
        else
            printf("%s\t%ld\t%s\t%s\t%s\t%s\t%s\n", v->t.valid_until, v->days_left, v->t.serial,
                   v->t.tier, v->t.uscc, v->t.city, v->t.name);
    }
    printf("# %zu titles\n", n);
    free(rows);
    return 0;
}
