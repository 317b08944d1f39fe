/*
 * cli.h — tierctl's subcommands. Each lives in src/cli/cmd_<name>.c and is
 * registered in the table of src/tierctl.c.
 *
 * A subcommand gets the settled configuration (global options already
 * parsed) and its own arguments (argv[0] is the first argument after the
 * subcommand's name). It prints its own usage on a usage error and returns
 * the process exit status: 0 success, 1 failure, 2 usage or configuration
 * error, unless its help text documents others (validate uses 0-3).
 */
#ifndef TIER_CLI_H
#define TIER_CLI_H

#include "tier/config.h"

struct registry;

/* Load the password, wire r with up to `conns` connections (registry_open),
 * wipe the password. 0, or -1 after printing one line to stderr. Close with
 * registry_close. */
int cli_open_registry(struct tier_config *c, struct registry *r, int conns);

/* The name tierctl acts under in the audit chain: "tierctl:USER". Static
 * storage. */
const char *cli_operator(void);

int cmd_migrate(struct tier_config *c, int argc, char **argv);
int cmd_account(struct tier_config *c, int argc, char **argv);
int cmd_token(struct tier_config *c, int argc, char **argv);
int cmd_submit(struct tier_config *c, int argc, char **argv);
int cmd_audit(struct tier_config *c, int argc, char **argv);
int cmd_report(struct tier_config *c, int argc, char **argv);
int cmd_target(struct tier_config *c, int argc, char **argv);
int cmd_seed_demo(struct tier_config *c, int argc, char **argv);

/* `tierctl key generate|show` (src/cli/cmd_key.c): signing keys on disk. */
int cmd_key(struct tier_config *c, int argc, char **argv);
/* `tierctl verify CERT.xml --key PUB.pem` (src/cli/cmd_verify.c): offline
 * certificate check; exit 0 valid, 1 invalid, 2 usage, 3 expired. */
int cmd_verify(struct tier_config *c, int argc, char **argv);
/* `tierctl key …` entry point: activate|list here, generate|show in cmd_key. */
int cmd_keys(struct tier_config *c, int argc, char **argv);

/* `tierctl validate [--format text|xml] [--rules 2022|2026] [--holds TIER[,TIER]]
 * FILE... | -` (src/cli/cmd_validate.c): judge applications offline, like a
 * linter; exit 0 eligible, 1 some rule fails, 2 some document not well-formed
 * or not schema-valid, 3 usage or set-up error. */
int cmd_validate(struct tier_config *c, int argc, char **argv);

#endif
