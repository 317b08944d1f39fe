/*
 * cmd_migrate.c — `tierctl migrate [--status]`.
 */
#include "tier/cli.h"
#include "tier/registry.h"

#include <stdio.h>
#include <string.h>

int cmd_migrate(struct tier_config *c, int argc, char **argv)
{
    char err[1024];
    int status_only = 0, rc;
    struct registry reg, *m = &reg;

    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--status") == 0) {
            status_only = 1;
        } else {
            fprintf(stderr, "tierctl migrate: unknown argument '%s' (usage: tierctl migrate "
                            "[--status])\n", argv[i]);
            return 2;
        }
    }
    if (cli_open_registry(c, &reg, 1) != 0)
        return 1;
    if (status_only)
        rc = registry_migrate(m, c->sql_dir, 0, stdout, err, sizeof err);
    else
        rc = registry_migrate(m, c->sql_dir, 1, stdout, err, sizeof err);
    registry_close(&reg);
    if (rc < 0) {
        fprintf(stderr, "tierctl migrate: %s\n", err);
        return 1;
    }
    return 0;
}
