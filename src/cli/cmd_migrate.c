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
            if (!cli_is_help(argc, argv))
                fprintf(stderr, "tierctl migrate: unknown argument '%s'\n", argv[i]);
            fprintf(cli_usage_stream(),
                    "usage: tierctl migrate [--status]\n"
                    "  applies the pending sql/NNN_*.sql files of sql-dir in order, each in its\n"
                    "  own transaction, and records each with its SHA-256; refuses when an\n"
                    "  applied file has changed. Then, as db-owner, sets tierd's runtime role\n"
                    "  (db-role) to what sql-dir/runtime.grants lists, and nothing more.\n"
                    "  --status lists them and applies nothing.\n"
                    "exit: 0 done, 1 failure, 2 usage\n");
            return cli_usage_status(2);
        }
    }
    if (cli_open_registry(c, &reg, 1) != 0)
        return 1;
    if (status_only)
        rc = registry_migrate(m, c->sql_dir, 0, stdout, err, sizeof err);
    else
        rc = registry_migrate(m, c->sql_dir, 1, stdout, err, sizeof err);
    /* As the owner, the runtime role is set to sql/runtime.grants on every
     * run: a new table gets its privileges, an old GRANT ALL goes. */
    if (rc >= 0 && !status_only && c->as_owner)
        rc = registry_grant_runtime(m, c->sql_dir, c->db_role, stdout, err, sizeof err);
    else if (rc >= 0 && !status_only)
        printf("grants: no db-owner configured, so db-user %s does everything and keeps what "
               "it was given (docs/operations.md, section 3)\n",
               c->db_user);
    registry_close(&reg);
    if (rc < 0) {
        fprintf(stderr, "tierctl migrate: %s\n", err);
        return 1;
    }
    return 0;
}
