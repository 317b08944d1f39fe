/*
 * cmd_migrate.c — `tierctl migrate [--status]`.
 */
#include "tier/cli.h"
#include "tier/registry.h"

#include <stdio.h>
#include <string.h>

/* One line per migration: "applied NAME" as it is applied, or its state. */
static void print_step(void *ctx, const struct migrate_step *s)
{
    int listing = *(const int *)ctx;

    if (!listing)
        printf("applied %s\n", s->name);
    else if (s->state == MIGRATE_PENDING)
        printf("%-40s pending\n", s->name);
    else if (s->state == MIGRATE_CHANGED)
        printf("%-40s CHANGED after it was applied on %s\n", s->name, s->at);
    else
        printf("%-40s applied %s\n", s->name, s->at);
}

/* How many migration files there are, for "nothing to do". */
static void count_files(void *ctx, const struct migrate_step *s)
{
    *(int *)ctx = s->files;
}

int cmd_migrate(struct tier_config *c, int argc, char **argv)
{
    int status_only = 0, files = 0;
    long n = 0, dups = 0;
    struct registry reg, *m = &reg;
    struct op_result res;

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
    registry_migrate(m, c->sql_dir, !status_only, print_step, &status_only, &n, &dups, &res);
    if (res.outcome == OP_DONE && !status_only && n == 0) {
        struct op_result again;
        long pending = 0, d2 = 0;
        registry_migrate(m, c->sql_dir, 0, count_files, &files, &pending, &d2, &again);
        printf("nothing to do: all %d migrations are applied\n", files);
    }
    /* As the owner, the runtime role is set to sql/runtime.grants on every
     * run: a new table gets its privileges, an old GRANT ALL goes. */
    if (res.outcome == OP_DONE && !status_only && c->as_owner) {
        registry_grant_runtime(m, c->sql_dir, c->db_role, &res);
        if (res.outcome == OP_DONE)
            printf("grants: %s\n", res.says.en);
    } else if (res.outcome == OP_DONE && !status_only) {
        printf("grants: no db-owner configured, so db-user %s does everything and keeps what "
               "it was given (docs/operations.md, section 3)\n",
               c->db_user);
    }
    registry_close(&reg);
    if (res.outcome != OP_DONE) {
        cli_say(stderr, "migrate", &res.says);
        return 1;
    }
    if (dups > 0)
        printf("note: %ld enterprise-and-tier pairs hold two or more valid titles, stored before "
               "one title per tier was enforced; nothing was deleted. They are listed by SELECT "
               "* FROM duplicate_valid_titles\n",
               dups);
    return 0;
}
