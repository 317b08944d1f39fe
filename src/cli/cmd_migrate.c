/*
 * cmd_migrate.c — `tierctl migrate [--status]`.
 */
#include "tier/cli.h"
#include "tier/db.h"
#include "tier/migrate.h"

#include <stdio.h>
#include <string.h>

int cmd_migrate(struct tier_config *c, int argc, char **argv)
{
    char err[1024];
    int status_only = 0, rc;
    struct db_conn *m;

    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--status") == 0) {
            status_only = 1;
        } else {
            fprintf(stderr, "tierctl migrate: unknown argument '%s' (usage: tierctl migrate "
                            "[--status])\n", argv[i]);
            return 2;
        }
    }
    m = cli_open_db(c);
    if (m == NULL)
        return 1;
    if (status_only)
        rc = migrate_status(m, c->sql_dir, stdout, err, sizeof err);
    else
        rc = migrate_apply(m, c->sql_dir, stdout, err, sizeof err);
    db_close(m);
    if (rc < 0) {
        fprintf(stderr, "tierctl migrate: %s\n", err);
        return 1;
    }
    return 0;
}
