/*
 * cli.h — tierctl's subcommands. Each lives in src/cli/cmd_<name>.c and is
 * registered in the table of src/tierctl.c.
 *
 * A subcommand gets the settled configuration (global options already
 * parsed) and its own arguments (argv[0] is the first argument after the
 * subcommand's name). It prints its own usage on a usage error and returns
 * the process exit status: 0 success, 1 failure, 2 usage or configuration
 * error, unless its help text documents others (validate and submit: 3 usage);
 * README.md's table of exit codes lists each command's.
 */
#ifndef TIER_CLI_H
#define TIER_CLI_H

#include "tier/config.h"

#include <stdint.h>
#include <stdio.h>

struct registry;

/* Load the password, wire r with up to `conns` connections (registry_open),
 * wipe the password. 0, or -1 after printing one line to stderr. Close with
 * registry_close. */
int cli_open_registry(struct tier_config *c, struct registry *r, int conns);

/* The name tierctl acts under in the audit chain: "tierctl:USER". Static
 * storage. */
const char *cli_operator(void);

/* The language of the registry's sentences tierctl prints: Chinese when
 * TIERCTL_LANG (else LC_ALL, LC_MESSAGES, LANG) starts with "zh", else
 * English. 1 for Chinese. */
int cli_lang_zh(void);

/* Print "tierctl WHAT: sentence" to f, in cli_lang_zh()'s language (the
 * other language when the chosen one has no sentence). */
struct reg_says;
void cli_say(FILE *f, const char *what, const struct reg_says *s);

/* The exit status of an operator's use case (enum op_outcome, registry.h):
 * 0 done, 3 outcome unknown (the connection was lost at COMMIT), 1 any
 * other refusal or failure (nothing changed). README's table says so. */
int cli_op_exit(int outcome);

/* --help (cli_help.c). tierctl calls cli_help_requested with a subcommand's
 * arguments; when one is --help or -h it calls the subcommand with the single
 * argument "--help". The subcommand prints its whole usage (every action,
 * option and exit status) through cli_usage_stream() and returns
 * cli_usage_status(ITS_USAGE_CODE): on stdout with 0 when help was asked for,
 * on stderr with the usage code after a usage error. The usage codes are the
 * README's table; tests/integration/test_cli_help.c holds every subcommand to
 * it. */
int cli_help_requested(int argc, char **argv);
int cli_is_help(int argc, char **argv); /* argv is the "--help" that tierctl passes */
FILE *cli_usage_stream(void);
int cli_usage_status(int usage_code);

/* tierd's address for clients (cli_url.c), no trailing slash: public-url when
 * set, else http(s)://LISTEN (https when tls-cert is set; 0.0.0.0 and :: read
 * as this machine). *setting (may be NULL) gets the key it came from:
 * "public-url" or "listen". Truncated to n bytes. */
void cli_tierd_url(const struct tier_config *c, char *out, size_t n, const char **setting);

int cmd_migrate(struct tier_config *c, int argc, char **argv);
int cmd_account(struct tier_config *c, int argc, char **argv);
int cmd_token(struct tier_config *c, int argc, char **argv);
int cmd_submit(struct tier_config *c, int argc, char **argv);
int cmd_audit(struct tier_config *c, int argc, char **argv);
int cmd_report(struct tier_config *c, int argc, char **argv);
int cmd_target(struct tier_config *c, int argc, char **argv);
int cmd_seed_demo(struct tier_config *c, int argc, char **argv);
/* `tierctl calendar import FILE | list YEAR` (src/cli/cmd_calendar.c). */
int cmd_calendar(struct tier_config *c, int argc, char **argv);
/* `tierctl expiring [--days N] [--city CODE] [--missing-updates]`
 * (src/cli/cmd_expiring.c). */
int cmd_expiring(struct tier_config *c, int argc, char **argv);

/* `tierctl key generate|show` (src/cli/cmd_key.c): signing keys on disk. */
int cmd_key(struct tier_config *c, int argc, char **argv);
/* `tierctl verify CERT.xml --key PUB.pem` (src/cli/cmd_verify.c): offline
 * certificate check; exit 0 valid, 1 invalid, 2 usage, 3 expired. */
int cmd_verify(struct tier_config *c, int argc, char **argv);
/* `tierctl verify --bundle FILE --key PUB.pem --log-key LOG.pub.pem`
 * (src/cli/cmd_verify_bundle.c): exit 0 valid, 1 invalid, 2 usage. */
int cli_verify_bundle(const char *bundle_path, const char *key_path, const char *log_key_path);
/* `tierctl verify --bundle FILE --root ROOT.pub.pem [--root-fingerprint HEX]`:
 * the same, the keys taken from the bundle's key certificates once they
 * verify under the root. Exit 0 valid, 1 invalid, 2 usage. */
int cli_verify_bundle_root(const char *bundle_path, const char *root_path, const char *root_fp);
/* `tierctl log monitor URL --state FILE --key LOG.pub.pem` (src/cli/cmd_log.c):
 * exit 0 consistent, 1 ALARM, 2 usage, 3 the log could not be read. */
int cmd_log(struct tier_config *c, int argc, char **argv);
/* `tierctl root generate --out DIR` (src/cli/cmd_root.c): the offline root. */
int cmd_root(struct tier_config *c, int argc, char **argv);
struct sign_key;
/* Rename DIR/<keyid>.key and .pub.pem just written to DIR/BASE.key and
 * DIR/BASE.pub.pem, never replacing one (link()). 0, or -1 with err (both
 * files removed). */
int cli_key_files_name(const char *dir, const char *base, const char *kp, const char *pp,
                       char *err, size_t errsz);
/* Make a root in dir (root.key, root.pub.pem). 0 and *out, or -1 with err. */
int cli_root_generate(const char *dir, struct sign_key **out, char *err, size_t errsz);
/* The development root of config dev-root-dir, made when missing: 1 and
 * *out, 0 when none is configured, -1 with err. */
int cli_dev_root(const struct tier_config *c, struct sign_key **out, char *err, size_t errsz);
/* Have root certify subject for purpose (0 signing, 1 log: enum
 * keycert_purpose) from not_before (Unix seconds; 0 = now) until `days`
 * days from now, and store the certificate (registry_key_certify). Exit
 * status: 0 or 1 (said on stderr). */
int cli_key_certify(struct registry *reg, const struct sign_key *root,
                    const struct sign_key *subject, int purpose, int64_t not_before, int days);
/* The development root certifies from 2000-01-01: a key certified again at
 * each activation keeps covering the certificates it signed before. */
#define CLI_DEV_NOT_BEFORE 946684800
/* `tierctl key …` entry point: activate|list here, generate|show in cmd_key. */
int cmd_keys(struct tier_config *c, int argc, char **argv);

/* `tierctl validate [--format text|xml] [--rules 2022|2026] [--holds TIER[,TIER]]
 * FILE... | -` (src/cli/cmd_validate.c): judge applications offline, like a
 * linter; exit 0 eligible, 1 some rule fails, 2 some document not well-formed
 * or not schema-valid, 3 usage or set-up error. */
int cmd_validate(struct tier_config *c, int argc, char **argv);

#endif
