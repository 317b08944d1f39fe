/*
 * test_cli_help.c — every tierctl subcommand explains itself and keeps its
 * documented usage code (issue 20).
 *
 * The subcommands are read from `tierctl help` (the table in src/tierctl.c),
 * so a command added there is covered without editing this file. For each:
 * `tierctl CMD --help` exits 0 with its usage on stdout and nothing on
 * stderr, names every action the table lists (add|disable|list …), and
 * `tierctl CMD --no-such-option` exits with the usage code of the README's
 * table of exit codes, which must have a row for it. Nothing here needs the
 * database: help and usage errors come before any connection.
 */
#include "harness.h"

#include <CUnit/Basic.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_CMDS 64

struct cmd {
    char name[32];
    char actions[128]; /* "add|disable|list" from the table's ARGS column, or "" */
};

static struct cmd cmds[MAX_CMDS];
static int ncmds;
static char errfile[] = "/tmp/tierctl-help-XXXXXX";

/* Run tierctl with `args` (global --config /dev/null first, so no config
 * found on this machine matters); stdout in *out, stderr in *err (caller
 * frees both). The exit status, or -1. */
static int tierctl(const char *args, char **out, char **err)
{
    char cmd[1024];
    FILE *p;
    size_t elen;
    int st;

    snprintf(cmd, sizeof cmd, "%s --config /dev/null %s 2>%s", harness_bin("tierctl"), args,
             errfile);
    p = popen(cmd, "r");
    if (p == NULL)
        return -1;
    {
        size_t cap = 1 << 16, n = 0, r;
        char *b = malloc(cap);
        while (b != NULL && n + 1 < cap && (r = fread(b + n, 1, cap - n - 1, p)) > 0)
            n += r;
        if (b != NULL)
            b[n] = '\0';
        *out = b;
    }
    st = pclose(p);
    *err = harness_slurp(errfile, &elen);
    if (*err == NULL)
        *err = calloc(1, 1);
    return st >= 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The commands of `tierctl help`: the lines between "commands:" and the next
 * blank line, "  NAME  ARGS  HELP". */
static int load_commands(void)
{
    char *out, *err, *line, *save = NULL;
    int in = 0;

    if (tierctl("help", &out, &err) != 0 || out == NULL)
        return -1;
    for (line = strtok_r(out, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        if (strcmp(line, "commands:") == 0) {
            in = 1;
            continue;
        }
        if (!in)
            continue;
        if (strncmp(line, "  ", 2) != 0 || line[2] == ' ')
            break;
        if (ncmds < MAX_CMDS) {
            struct cmd *c = &cmds[ncmds++];
            char args[128] = "";
            sscanf(line, "%31s %127s", c->name, args);
            /* an ARGS column like "add|disable|list" lists actions */
            if (strchr(args, '|') != NULL && args[0] >= 'a' && args[0] <= 'z')
                snprintf(c->actions, sizeof c->actions, "%s", args);
        }
    }
    free(out);
    free(err);
    return ncmds > 0 ? 0 : -1;
}

static int suite_init(void)
{
    int fd = mkstemp(errfile);

    if (fd < 0)
        return -1;
    close(fd);
    return load_commands();
}

static int suite_clean(void)
{
    unlink(errfile);
    return 0;
}

static void test_the_command_table_lists_the_known_commands(void)
{
    static const char *const known[] = {"migrate", "account", "token", "validate", "submit",
                                        "report",  "target",  "key",   "verify",   "seed-demo",
                                        "audit",   "backup",  "restore", "version", "help"};

    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        int found = 0;
        for (int k = 0; k < ncmds; k++)
            found |= strcmp(cmds[k].name, known[i]) == 0;
        if (!found)
            fprintf(stderr, "\n  tierctl help does not list %s\n", known[i]);
        CU_ASSERT(found);
    }
}

/* The usage names the command: "tierctl NAME" on one of its lines, or a
 * first line "usage: tierctl [GLOBAL] NAME …". */
static int usage_names(const char *out, const char *name)
{
    const char *u = strstr(out, "usage: tierctl"), *nl, *p;
    size_t n = strlen(name);
    char line[64];

    snprintf(line, sizeof line, "tierctl %s ", name);
    if (strstr(out, line) != NULL)
        return 1;
    if (u == NULL)
        return 0;
    nl = strchr(u, '\n');
    for (p = strstr(u, name); p != NULL && (nl == NULL || p < nl); p = strstr(p + 1, name))
        if (p[-1] == ' ' && (p[n] == ' ' || p[n] == '\n' || p[n] == '\0'))
            return 1;
    return 0;
}

static void test_every_command_help_exits_0_with_its_whole_usage_on_stdout(void)
{
    for (int k = 0; k < ncmds; k++) {
        char args[64], *out, *err;
        int rc;

        snprintf(args, sizeof args, "%s --help", cmds[k].name);
        rc = tierctl(args, &out, &err);
        if (rc != 0 || err[0] != '\0' || strstr(out, "usage:") == NULL ||
            (strcmp(cmds[k].name, "help") != 0 && !usage_names(out, cmds[k].name)))
            fprintf(stderr, "\n  tierctl %s: exit %d, stdout:\n%s\n  stderr:\n%s\n", args, rc,
                    out, err);
        CU_ASSERT_EQUAL(rc, 0);
        CU_ASSERT_STRING_EQUAL(err, "");
        CU_ASSERT_PTR_NOT_NULL(strstr(out, "usage:"));
        if (strcmp(cmds[k].name, "help") != 0) {
            CU_ASSERT(usage_names(out, cmds[k].name));
            CU_ASSERT_PTR_NOT_NULL(strstr(out, "exit"));
        }
        /* complete: every action of the table is explained */
        if (cmds[k].actions[0] != '\0') {
            char acts[128], *a, *save = NULL;
            snprintf(acts, sizeof acts, "%s", cmds[k].actions);
            for (a = strtok_r(acts, "|", &save); a != NULL; a = strtok_r(NULL, "|", &save)) {
                char line[96];
                snprintf(line, sizeof line, "tierctl %s %s", cmds[k].name, a);
                if (strstr(out, line) == NULL)
                    fprintf(stderr, "\n  tierctl %s --help leaves out '%s'\n", cmds[k].name, a);
                CU_ASSERT_PTR_NOT_NULL(strstr(out, line));
            }
        }
        free(out);
        free(err);
        /* the same text as `tierctl help CMD` and `tierctl CMD -h` */
        if (strcmp(cmds[k].name, "help") != 0) {
            char *o2, *e2, *o3, *e3;
            char a2[64], a3[64];
            snprintf(a2, sizeof a2, "help %s", cmds[k].name);
            snprintf(a3, sizeof a3, "%s -h", cmds[k].name);
            CU_ASSERT_EQUAL(tierctl(a2, &o2, &e2), 0);
            CU_ASSERT_EQUAL(tierctl(a3, &o3, &e3), 0);
            CU_ASSERT_STRING_EQUAL(o2, o3);
            CU_ASSERT(usage_names(o2, cmds[k].name));
            free(o2);
            free(e2);
            free(o3);
            free(e3);
        }
    }
}

/* The README's table (the first table after the marker <!-- tierctl-exit-codes
 * -->): the usage code of `name` from its last column, or -1 when it has no
 * row. */
static int readme_usage_code(const char *readme, const char *name)
{
    const char *p = strstr(readme, "<!-- tierctl-exit-codes");
    char row[64];
    int in_table = 0;

    if (p == NULL)
        return -1;
    snprintf(row, sizeof row, "| `%s` |", name);
    for (p = strchr(p, '\n'); p != NULL; p = strchr(p, '\n')) {
        const char *line = ++p, *end = strchr(line, '\n'), *q;
        if (end == NULL)
            end = line + strlen(line);
        if (line[0] != '|') {
            if (in_table)
                break;
            continue;
        }
        in_table = 1;
        if (strncmp(line, row, strlen(row)) != 0)
            continue;
        for (q = end - 1; q > line && (*q == ' ' || *q == '|'); q--)
            ;
        return *q >= '0' && *q <= '9' && (q[-1] == ' ' || q[-1] == '|') ? *q - '0' : -1;
    }
    return -1;
}

static void test_a_usage_error_exits_with_the_readme_usage_code(void)
{
    size_t len;
    char *readme = harness_slurp("README.md", &len);

    CU_ASSERT_PTR_NOT_NULL_FATAL(readme);
    CU_ASSERT_PTR_NOT_NULL(strstr(readme, "<!-- tierctl-exit-codes"));
    for (int k = 0; k < ncmds; k++) {
        char args[64], *out, *err;
        int want = readme_usage_code(readme, cmds[k].name), rc;

        if (want < 0)
            fprintf(stderr, "\n  README.md's table of exit codes has no row for `%s`\n",
                    cmds[k].name);
        CU_ASSERT(want >= 0);
        snprintf(args, sizeof args, "%s --no-such-option", cmds[k].name);
        rc = tierctl(args, &out, &err);
        if (rc != want)
            fprintf(stderr, "\n  tierctl %s: exit %d, the README says %d\n%s\n", args, rc, want,
                    err);
        CU_ASSERT_EQUAL(rc, want);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, "usage"));
        free(out);
        free(err);
    }
    free(readme);
}

/* Run where ./var/tierd.conf is not, with no $TIERD_CONFIG: a command that
 * needs the database says that no config file was found and where it
 * looked; with one, it names it. */
static char *run_sh(const char *cmd, int *status)
{
    FILE *p = popen(cmd, "r");
    char *out = calloc(1, 4096);
    size_t n = 0;
    int st;

    if (p == NULL || out == NULL) {
        if (p != NULL)
            pclose(p);
        free(out);
        return NULL;
    }
    n = fread(out, 1, 4095, p);
    out[n] = '\0';
    st = pclose(p);
    *status = st >= 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return out;
}

static void test_errors_name_the_config_file_or_say_none_was_found(void)
{
    char cmd[PATH_MAX + 256], bin[PATH_MAX], conf[] = "/tmp/tierctl-conf-XXXXXX", want[128];
    char *out;
    int fd = mkstemp(conf), st = -1;

    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT(write(fd, "db-socket = /nonexistent/mysqld.sock\n", 37) == 37);
    close(fd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(realpath(harness_bin("tierctl"), bin));
    /* from a folder with no var/tierd.conf */
    if (access("/etc/tierd/tierd.conf", F_OK) != 0) {
        snprintf(cmd, sizeof cmd, "cd /tmp && env -u TIERD_CONFIG %s migrate --status 2>&1", bin);
        out = run_sh(cmd, &st);
        CU_ASSERT_PTR_NOT_NULL_FATAL(out);
        CU_ASSERT_EQUAL(st, 1);
        CU_ASSERT_PTR_NOT_NULL(strstr(out, "no config file found (looked in $TIERD_CONFIG, "
                                           "./var/tierd.conf, /etc/tierd/tierd.conf)"));
        free(out);
    }
    snprintf(cmd, sizeof cmd, "TIERD_CONFIG=%s %s migrate --status 2>&1", conf, bin);
    out = run_sh(cmd, &st);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_EQUAL(st, 1);
    snprintf(want, sizeof want, "(config %s)", conf);
    if (strstr(out, want) == NULL)
        fprintf(stderr, "\n  no '%s' in:\n%s\n", want, out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, want));
    free(out);
    unlink(conf);
}

int main(void)
{
    CU_pSuite s;
    int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("tierctl --help and usage codes", suite_init, suite_clean);
    CU_add_test(s, "the command table lists the known commands",
                test_the_command_table_lists_the_known_commands);
    CU_add_test(s, "every command's --help exits 0 with its whole usage on stdout",
                test_every_command_help_exits_0_with_its_whole_usage_on_stdout);
    CU_add_test(s, "a usage error exits with the README's usage code",
                test_a_usage_error_exits_with_the_readme_usage_code);
    CU_add_test(s, "errors name the config file, or say none was found",
                test_errors_name_the_config_file_or_say_none_was_found);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = (int)CU_get_number_of_failures();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
