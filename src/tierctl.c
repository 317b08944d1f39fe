/*
 * tierctl — the operator's and user's command line: wiring and argument
 * parsing only. Each subcommand is a small function that calls a module.
 *
 * Global options (--config FILE, --KEY VALUE) come before the subcommand and
 * are the same keys as tierd's. Exit status: 0 success, 1 failure, 2 usage or
 * configuration error (subcommands document their own where they differ).
 */
#include "tier/cli.h"
#include "tier/cli_backup.h"
#include "tier/config.h"
#include "tier/date.h"

#include <stdio.h>
#include <string.h>

struct command {
    const char *name;
    const char *args;
    const char *help;
    int (*fn)(struct tier_config *c, int argc, char **argv);
};

static void usage(FILE *f);

static int cmd_version(struct tier_config *c, int argc, char **argv)
{
    (void)c;
    if (argc > 0) {
        fprintf(cli_usage_stream(), "usage: tierctl version\n  prints the version\n"
                                    "exit: 0, 2 usage\n");
        return cli_is_help(argc, argv) ? 0 : cli_usage_status(2);
    }
    printf("tierctl %s\n", TIER_VERSION);
    return 0;
}

static int cmd_help(struct tier_config *c, int argc, char **argv);

static const struct command commands[] = {
    {"migrate", "[--status]",
     "apply pending sql/NNN_*.sql migrations in order (--status: list them)", cmd_migrate},
    {"account", "add|disable|enable|list|passwd",
     "manage accounts: add NAME --role ROLE [--uscc CODE|--city CODE]", cmd_account},
    {"token", "issue|list|revoke",
     "issue NAME [--days N|--no-expiry] (shown once; 90 days by default), list NAME, revoke ID",
     cmd_token},
    {"validate", "FILE...|-",
     "judge applications offline: [--format text|xml] [--rules 2022|2026] [--holds TIERS]",
     cmd_validate},
    {"submit", "FILE...", "post applications to tierd and print the receipts", cmd_submit},
    {"report", "YEAR", "the yearly report against targets [--city CODE] [--format xml|csv|html]",
     cmd_report},
    {"target", "set|list", "set YEAR TIER COUNT [--city C] [--kind new|stock]; list YEAR",
     cmd_target},
    {"key", "generate|certify|activate|list|show",
     "signing keys: generate [--alg ed25519|sm2|p256|--purpose log] [--out DIR]; certify --root "
     "ROOT.key ID; activate ID; list; show FILE",
     cmd_keys},
    {"root", "generate", "the offline root of trust: generate --out DIR (kept off the server)",
     cmd_root},
    {"verify", "CERT --key PUB",
     "check a certificate offline: exit 0 valid, 1 invalid, 3 expired", cmd_verify},
    {"seed-demo", "--year Y --enterprises N",
     "fill a demo registry with synthetic enterprises through the real code", cmd_seed_demo},
    {"log", "monitor",
     "check the transparency log only grew since FILE's checkpoint; list new entries; exit 1 "
     "on a rollback, split view or rewritten history", cmd_log},
    {"audit", "verify", "check the audit log's hash chain; name the first broken row",
     cmd_audit},
    {"calendar", "import|list",
     "working days: import FILE (a State Council holiday notice); list YEAR", cmd_calendar},
    {"expiring", "[--days N]",
     "titles lapsing within N days (90); --missing-updates: yearly updates missing",
     cmd_expiring},
    {"backup", "DIR", "dump the database and the public keys into DIR", cmd_backup},
    {"restore", "DIR", "load a backup into an empty database", cmd_restore},
    {"version", "", "print the version", cmd_version},
    {"help", "[COMMAND]", "show this text, or a command's own help", cmd_help},
};

/* `tierctl help [COMMAND]`: this text, or the command's own --help. */
static int cmd_help(struct tier_config *c, int argc, char **argv)
{
    char help[] = "--help";
    char *hv[] = {help, NULL};

    if (argc == 0 || cli_is_help(argc, argv)) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; argc == 1 && i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[0], commands[i].name) == 0 && commands[i].fn != cmd_help) {
            cli_help_requested(1, hv);
            return commands[i].fn(c, 1, hv);
        }
    }
    fprintf(stderr, "tierctl help: '%s' is not a command; usage: tierctl help [COMMAND]\n",
            argv[0]);
    return 2;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: tierctl [--config FILE] [--KEY VALUE ...] COMMAND [ARGS]\n\n"
               "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-9s %-26s %s\n", commands[i].name, commands[i].args, commands[i].help);
    fprintf(f, "\nglobal options (the same keys as tierd and its config file; without\n"
               "--config, $TIERD_CONFIG, ./var/tierd.conf or /etc/tierd/tierd.conf is read):\n"
               "  --config FILE        read settings from FILE\n");
    config_print_keys(f);
    fprintf(f, "\ntierctl COMMAND --help explains a command.\n"
               "exit status: 0 success, 1 failure, 2 usage or configuration error (submit and\n"
               "validate: 3 usage; each command's --help gives its own)\n");
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
    date_set_clock_file(cfg.clock_file); /* tests and drills: the day from a file */
    /* the operator's tool acts as the schema's owner when one is configured;
     * tierd connects as db-user, with the runtime role only */
    config_use_owner(&cfg);
    if (next >= argc) {
        usage(stderr);
        return 2;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[next], commands[i].name) != 0)
            continue;
        if (cli_help_requested(argc - next - 1, argv + next + 1)) {
            char help[] = "--help";
            char *hv[] = {help, NULL};
            return commands[i].fn(&cfg, 1, hv);
        }
        return commands[i].fn(&cfg, argc - next - 1, argv + next + 1);
    }
    fprintf(stderr, "tierctl: unknown command '%s' (tierctl help lists them)\n", argv[next]);
    return 2;
}
