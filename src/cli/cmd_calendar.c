/*
 * cmd_calendar.c — `tierctl calendar import FILE` and `tierctl calendar list
 * YEAR`: the State Council's yearly holiday notice (calendar/README.md's
 * format) into the registry's database, and back out in the same format with
 * the year's count of working days. Notices of public notice periods (公示)
 * count working days from it.
 */
#include "tier/cli.h"
#include "tier/file.h"
#include "tier/registry_life.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CALENDAR_FILE_MAX (1u << 20) /* a year's notice is a dozen lines */

static int usage(void)
{
    fprintf(cli_usage_stream(),
            "usage: tierctl calendar import FILE\n"
            "       tierctl calendar list YEAR\n"
            "  import: load a State Council holiday notice (format: calendar/README.md;\n"
            "          the 2026 notice ships as calendar/2026.txt) into the registry's\n"
            "          database; every year the file names is replaced whole, so a\n"
            "          corrected notice is imported the same way. A bad line changes\n"
            "          nothing and is named.\n"
            "  list:   print the year's holidays and worked weekend days in the same\n"
            "          format, then its number of working days\n"
            "exit: 0 done, 1 failure, 2 usage\n");
    return cli_usage_status(2);
}

int cmd_calendar(struct tier_config *c, int argc, char **argv)
{
    struct registry reg;
    char err[1024], *text = NULL, *end;
    int rc = 1;

    if (argc == 2 && strcmp(argv[0], "import") == 0) {
        long days = 0;
        size_t len = 0;

        if (file_read_checked("calendar file", argv[1], 0, CALENDAR_FILE_MAX, &text, &len, err,
                              sizeof err) != 0) {
            fprintf(stderr, "tierctl calendar import: %s\n", err);
            return 1;
        }
        if (cli_open_registry(c, &reg, 1) != 0) {
            free(text);
            return 1;
        }
        if (registry_calendar_import(&reg, text, len, cli_operator(), &days, err,
                                     sizeof err) != 0) {
            fprintf(stderr, "tierctl calendar import: %s: %s\n", argv[1], err);
        } else {
            printf("imported %ld days from %s\n", days, argv[1]);
            rc = 0;
        }
        registry_close(&reg);
        free(text);
        return rc;
    }
    if (argc == 2 && strcmp(argv[0], "list") == 0) {
        struct buf out;
        long y;

        errno = 0;
        y = strtol(argv[1], &end, 10);
        if (errno != 0 || *end != '\0' || y < 1900 || y > 9999)
            return usage();
        if (cli_open_registry(c, &reg, 1) != 0)
            return 1;
        buf_init(&out, 1u << 20);
        if (registry_calendar_list(&reg, (int)y, &out, err, sizeof err) != 0) {
            fprintf(stderr, "tierctl calendar list: %s\n", err);
        } else {
            fwrite(out.data, 1, out.len, stdout);
            rc = 0;
        }
        buf_free(&out);
        registry_close(&reg);
        return rc;
    }
    return usage();
}
