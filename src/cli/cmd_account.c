/*
 * cmd_account.c — `tierctl account add|disable|enable|list` and `tierctl token
 * issue|list|revoke`.
 *
 * The token is printed exactly once, on stdout alone, so scripts can capture
 * it (TOKEN=$(tierctl token issue acme)); it is wiped from memory afterwards.
 */
#include "tier/cli.h"
#include "tier/registry.h"
#include "tier/registry_web.h"
#include "tier/web_password.h"

#include <openssl/crypto.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int account_usage(void)
{
    fprintf(cli_usage_stream(),
            "usage: tierctl account add NAME --role ROLE [--uscc CODE | --city CODE]\n"
            "                              [--password-file FILE]\n"
            "       tierctl account passwd NAME [--password-file FILE]\n"
            "       tierctl account disable NAME\n"
            "       tierctl account enable NAME\n"
            "       tierctl account list\n"
            "roles: enterprise (needs --uscc), city-reviewer (needs --city, e.g. 370100),\n"
            "       province-reviewer, admin\n"
            "passwd reads the password from standard input (first line) or FILE, never\n"
            "from the command line; 10 to 1,024 bytes; the account's browsers sign out\n"
            "messages: English, or Chinese when TIERCTL_LANG (or LANG) starts with zh\n"
            "exit: 0 done, 1 refused or failed (nothing changed), 2 usage,\n"
            "      3 outcome unknown (the connection was lost at COMMIT; account list shows)\n");
    return cli_usage_status(2);
}

/* The password: the first line of `file`, or of standard input when file is
 * NULL, without its line end. 0 and *len, or -1 after saying why. */
static int read_password(const char *file, char pw[PASSWORD_MAX_LEN + 2], size_t *len)
{
    FILE *f = file ? fopen(file, "r") : stdin;
    size_t n;

    if (f == NULL) {
        fprintf(stderr, "tierctl account: --password-file %s: %s\n", file, strerror(errno));
        return -1;
    }
    if (fgets(pw, PASSWORD_MAX_LEN + 2, f) == NULL)
        pw[0] = '\0';
    if (file)
        fclose(f);
    n = strlen(pw);
    if (n > 0 && pw[n - 1] == '\n')
        pw[--n] = '\0';
    if (n > 0 && pw[n - 1] == '\r')
        pw[--n] = '\0';
    *len = n;
    return 0;
}

/* Set NAME's password from file (or standard input). An exit status. */
static int set_password(struct registry *reg, const char *name, const char *file)
{
    char pw[PASSWORD_MAX_LEN + 2];
    size_t len = 0;
    struct op_result res;

    if (read_password(file, pw, &len) != 0)
        return 1;
    registry_password_set(reg, name, pw, len, cli_operator(), &res);
    OPENSSL_cleanse(pw, sizeof pw);
    if (res.outcome != OP_DONE) {
        cli_say(stderr, "account passwd", &res.says);
        return cli_op_exit(res.outcome);
    }
    printf("password of %s set: its browsers are signed out\n", name);
    return 0;
}

static int print_account(void *ctx, const struct account_row *a)
{
    (void)ctx;
    printf("%-24s %-18s %-18s %-8s %ld\n", a->name, role_name(a->role),
           a->uscc[0] ? a->uscc : a->city, a->disabled ? "disabled" : "enabled", a->tokens);
    return 0;
}

int cmd_account(struct tier_config *c, int argc, char **argv)
{
    const char *name = NULL, *role = NULL, *uscc = NULL, *city = NULL, *pwfile = NULL;
    struct registry reg, *m = &reg;
    struct op_result res;
    int rc;

    if (argc < 1)
        return account_usage();
    if (strcmp(argv[0], "list") == 0) {
        if (argc != 1)
            return account_usage();
        if (cli_open_registry(c, &reg, 1) != 0)
            return 1;
        printf("%-24s %-18s %-18s %-8s %s\n", "NAME", "ROLE", "BOUND TO", "STATE", "TOKENS");
        registry_account_list(m, print_account, NULL, &res);
        registry_close(&reg);
        if (res.outcome != OP_DONE)
            cli_say(stderr, "account list", &res.says);
        return cli_op_exit(res.outcome);
    }
    if (strcmp(argv[0], "disable") == 0 || strcmp(argv[0], "enable") == 0) {
        int on = argv[0][0] == 'e';
        if (argc != 2)
            return account_usage();
        if (cli_open_registry(c, &reg, 1) != 0)
            return 1;
        if (on)
            registry_account_enable(m, argv[1], cli_operator(), &res);
        else
            registry_account_disable(m, argv[1], cli_operator(), &res);
        registry_close(&reg);
        if (res.outcome != OP_DONE) {
            cli_say(stderr, on ? "account enable" : "account disable", &res.says);
            return cli_op_exit(res.outcome);
        }
        printf(on ? "enabled %s: its unexpired, unrevoked tokens work again\n"
                  : "disabled %s: its tokens no longer work\n",
               argv[1]);
        return 0;
    }
    if (strcmp(argv[0], "passwd") == 0) {
        if (!(argc == 2 || (argc == 4 && strcmp(argv[2], "--password-file") == 0)))
            return account_usage();
        if (cli_open_registry(c, &reg, 1) != 0)
            return 1;
        rc = set_password(m, argv[1], argc == 4 ? argv[3] : NULL);
        registry_close(&reg);
        return rc;
    }
    if (strcmp(argv[0], "add") != 0)
        return account_usage();
    for (int i = 1; i < argc; i++) {
        const char **slot = NULL;
        if (strcmp(argv[i], "--role") == 0)
            slot = &role;
        else if (strcmp(argv[i], "--uscc") == 0)
            slot = &uscc;
        else if (strcmp(argv[i], "--city") == 0)
            slot = &city;
        else if (strcmp(argv[i], "--password-file") == 0)
            slot = &pwfile;
        if (slot != NULL) {
            if (i + 1 >= argc) {
                fprintf(stderr, "tierctl account add: %s needs a value\n", argv[i]);
                return 2;
            }
            *slot = argv[++i];
        } else if (argv[i][0] == '-' || name != NULL) {
            fprintf(stderr, "tierctl account add: unexpected argument '%s'\n", argv[i]);
            return account_usage();
        } else {
            name = argv[i];
        }
    }
    if (name == NULL || role == NULL)
        return account_usage();
    if (role_parse(role) == ROLE_NONE) {
        fprintf(stderr, "tierctl account add: unknown role '%s' (enterprise, city-reviewer, "
                        "province-reviewer, admin)\n", role);
        return 2;
    }
    {
        char pw[PASSWORD_MAX_LEN + 2] = "";
        size_t len = 0;
        struct reg_account_new a = {name, role_parse(role), uscc, city, NULL, 0};

        /* the password goes in with the account, in one transaction */
        if (pwfile != NULL) {
            if (read_password(pwfile, pw, &len) != 0)
                return 1;
            a.password = pw;
            a.password_len = len;
            if (len == 0) {
                fprintf(stderr, "tierctl account add: --password-file %s holds no password\n",
                        pwfile);
                return 1;
            }
        }
        if (cli_open_registry(c, &reg, 1) != 0) {
            OPENSSL_cleanse(pw, sizeof pw);
            return 1;
        }
        registry_account_add(m, &a, cli_operator(), &res);
        OPENSSL_cleanse(pw, sizeof pw);
        registry_close(&reg);
    }
    if (res.outcome != OP_DONE) {
        cli_say(stderr, "account add", &res.says);
        return cli_op_exit(res.outcome);
    }
    printf("added %s (%s%s%s)\n", name, role, uscc ? " of " : city ? " of city " : "",
           uscc ? uscc : city ? city : "");
    return 0;
}

static int token_usage(void)
{
    fprintf(cli_usage_stream(),
            "usage: tierctl token issue NAME [--days N | --no-expiry]\n"
            "       tierctl token list NAME\n"
            "       tierctl token revoke ID\n"
            "issue prints a new bearer token once; only its SHA-256 is stored\n"
            "  --days N      the token expires after N days (1-3650; default token-days, 90)\n"
            "  --no-expiry   the token never expires\n"
            "exit: 0 done, 1 refused or failed (nothing changed), 2 usage,\n"
            "      3 outcome unknown (the connection was lost at COMMIT)\n");
    return cli_usage_status(2);
}

static const char *const token_states[] = {"valid", "expired", "revoked", "disabled"};

static int print_token(void *ctx, const struct token_row *t)
{
    char hash[32];

    (void)ctx;
    snprintf(hash, sizeof hash, "%s…", t->sha256_prefix);
    printf("%-8lld %-14s %-20s %-20s %s\n", (long long)t->id, hash, t->issued,
           t->expires[0] ? t->expires : "never", token_states[t->state]);
    return 0;
}

/* tierctl token list NAME | revoke ID */
static int token_manage(struct tier_config *c, int argc, char **argv)
{
    struct registry reg;
    struct op_result res;
    char *end;
    unsigned long long id = 0;
    int list = strcmp(argv[0], "list") == 0;

    if (argc != 2)
        return token_usage();
    if (!list) {
        errno = 0;
        id = strtoull(argv[1], &end, 10);
        if (errno != 0 || *end != '\0' || id == 0 || argv[1][0] == '-') {
            fprintf(stderr, "tierctl token revoke: '%s' is not a token id (a whole number; "
                            "tierctl token list NAME shows them)\n", argv[1]);
            return 2;
        }
    }
    if (cli_open_registry(c, &reg, 1) != 0)
        return 1;
    if (list) {
        printf("%-8s %-14s %-20s %-20s %s\n", "ID", "SHA-256", "ISSUED", "EXPIRES", "STATE");
        registry_token_list(&reg, argv[1], print_token, NULL, &res);
    } else {
        registry_token_revoke(&reg, (uint64_t)id, cli_operator(), &res);
    }
    registry_close(&reg);
    if (res.outcome != OP_DONE) {
        cli_say(stderr, list ? "token list" : "token revoke", &res.says);
        return cli_op_exit(res.outcome);
    }
    if (!list)
        printf("revoked token %llu: it no longer works\n", id);
    return 0;
}

int cmd_token(struct tier_config *c, int argc, char **argv)
{
    char token[TOKEN_LEN + 1];
    long days = 0;
    struct registry reg, *m = &reg;
    struct op_result res;

    if (argc >= 1 && (strcmp(argv[0], "list") == 0 || strcmp(argv[0], "revoke") == 0))
        return token_manage(c, argc, argv);
    if (argc < 2 || strcmp(argv[0], "issue") != 0 ||
        (argc != 2 && !(argc == 4 && strcmp(argv[2], "--days") == 0) &&
         !(argc == 3 && strcmp(argv[2], "--no-expiry") == 0)))
        return token_usage();
    days = argc == 3 ? 0 : c->token_days;
    if (argc == 4) {
        char *end;
        errno = 0;
        days = strtol(argv[3], &end, 10);
        if (errno != 0 || *end != '\0' || days < 1 || days > 3650) {
            fprintf(stderr, "tierctl token issue: --days takes a whole number from 1 to 3650\n");
            return 2;
        }
    }
    if (cli_open_registry(c, &reg, 1) != 0)
        return 1;
    registry_token_issue(m, argv[1], (int)days, cli_operator(), token, &res);
    registry_close(&reg);
    if (res.outcome != OP_DONE) {
        cli_say(stderr, "token issue", &res.says);
        return cli_op_exit(res.outcome);
    }
    printf("%s\n", token);
    fflush(stdout);
    OPENSSL_cleanse(token, sizeof token);
    return 0;
}
