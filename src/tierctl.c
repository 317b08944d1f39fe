/*
 * tierctl — the operator's and user's command line: wiring and argument
 * parsing only. Each subcommand is a small function that calls a module.
 *
 * Global options (--config FILE, --KEY VALUE) come before the subcommand and
 * are the same keys as tierd's. Exit status: 0 success, 1 failure, 2 usage or
 * configuration error (subcommands document their own where they differ).
 */
#include "tier/config.h"
#include "tier/db.h"
#include "tier/migrate.h"

#include <stdio.h>
#include <string.h>

struct command {
    const char *name;
    const char *args;
    const char *help;
    int (*fn)(struct tier_config *c, int argc, char **argv);
};

static void usage(FILE *f);

static MYSQL *open_db(struct tier_config *c)
{
    char err[1024];
    MYSQL *m;

    if (config_load_password(c, err, sizeof err) != 0) {
        fprintf(stderr, "tierctl: %s\n", err);
        return NULL;
    }
    m = db_connect(c, err, sizeof err);
    config_wipe(c);
    if (m == NULL)
        fprintf(stderr, "tierctl: %s\n", err);
    return m;
}

static int cmd_migrate(struct tier_config *c, int argc, char **argv)
{
    char err[1024];
    int status_only = 0, rc;
    MYSQL *m;

    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--status") == 0) {
            status_only = 1;
        } else {
            fprintf(stderr, "tierctl migrate: unknown argument '%s' (usage: tierctl migrate "
                            "[--status])\n", argv[i]);
            return 2;
        }
    }
    m = open_db(c);
    if (m == NULL)
        return 1;
    if (status_only)
        rc = migrate_status(m, c->sql_dir, stdout, err, sizeof err);
    else
        rc = migrate_apply(m, c->sql_dir, stdout, err, sizeof err);
    mysql_close(m);
    if (rc < 0) {
        fprintf(stderr, "tierctl migrate: %s\n", err);
        return 1;
    }
    return 0;
}

static int cmd_version(struct tier_config *c, int argc, char **argv)
{
    (void)c;
    (void)argc;
    (void)argv;
    printf("tierctl %s\n", TIER_VERSION);
    return 0;
}

static int cmd_help(struct tier_config *c, int argc, char **argv)
{
    (void)c;
    (void)argc;
    (void)argv;
    usage(stdout);
    return 0;
}

static const struct command commands[] = {
    {"migrate", "[--status]",
     "apply pending sql/NNN_*.sql migrations in order (--status: list them)", cmd_migrate},
    {"version", "", "print the version", cmd_version},
    {"help", "", "show this text", cmd_help},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: tierctl [--config FILE] [--KEY VALUE ...] COMMAND [ARGS]\n\n"
               "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-8s %-12s %s\n", commands[i].name, commands[i].args, commands[i].help);
    fprintf(f, "\nglobal options (the same keys as tierd and its config file; without\n"
               "--config, $TIERD_CONFIG, ./var/tierd.conf or /etc/tierd/tierd.conf is read):\n"
               "  --config FILE        read settings from FILE\n");
    config_print_keys(f);
    fprintf(f, "\nexit status: 0 success, 1 failure, 2 usage or configuration error\n");
}

int main(int argc, char **argv)
{
    struct tier_config cfg;
    char err[1024];
    int next;

    switch (config_parse_args(&cfg, argc, argv, &next, 0, NULL, 0, err, sizeof err)) {
    case CONFIG_ARGS_HELP:
        usage(stdout);
        return 0;
    case CONFIG_ARGS_VERSION:
        printf("tierctl %s\n", TIER_VERSION);
        return 0;
    case CONFIG_ARGS_ERROR:
        fprintf(stderr, "tierctl: %s\n", err);
        return 2;
    case CONFIG_ARGS_OK:
        break;
    }
    if (next >= argc) {
        usage(stderr);
        return 2;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[next], commands[i].name) == 0)
            return commands[i].fn(&cfg, argc - next - 1, argv + next + 1);
    }
    fprintf(stderr, "tierctl: unknown command '%s' (tierctl help lists them)\n", argv[next]);
    return 2;
}
