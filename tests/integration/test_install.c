/*
 * test_install.c — what an operator installs (issue 20, "Operations"): the
 * objects that compile a path in are rebuilt when PREFIX changes; `make
 * install` puts the programs, the schemas, the systemd unit (checked with
 * `systemd-analyze verify` where it exists), the example config and a 0700
 * key folder, and keeps an operator's edited config; `tierd --check-config`
 * names every problem on a line of its own and exits 2, or says the config is
 * fine and exits 0.
 *
 * make runs from the repository root with the caller's BUILD and flags (so
 * `make SANITIZE=1 test` installs the sanitized build). Needs no database.
 */
#include "harness.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmp[] = "/tmp/tierd-install-XXXXXX";

static int suite_init(void)
{
    return mkdtemp(tmp) != NULL ? 0 : -1;
}

static int suite_clean(void)
{
    char *out = NULL;

    harness_sh(&out, "rm -rf '%s'", tmp);
    free(out);
    return 0;
}

static const char *build_dir(void)
{
    const char *b = getenv("BUILD");
    return b != NULL && b[0] != '\0' ? b : "build";
}

static int contains(const char *hay, const char *needle)
{
    if (hay != NULL && strstr(hay, needle) != NULL)
        return 1;
    fprintf(stderr, "\n    missing \"%s\" in:\n%s\n", needle, hay ? hay : "(nothing)");
    return 0;
}

/* Compile config.o for a PREFIX into a build folder of its own; the output. */
static char *make_config_o(const char *prefix)
{
    char *out = NULL;

    harness_sh(&out, "make --no-print-directory BUILD='%s/b' PREFIX='%s' '%s/b/src/core/config.o' "
                     "&& grep -c -a '%s/share/tierd' '%s/b/src/core/config.o'",
               tmp, prefix, tmp, prefix, tmp);
    return out;
}

static void test_objects_are_rebuilt_when_prefix_changes(void)
{
    char *out, *grep = NULL;

    out = make_config_o("/opt/tierd-a");
    CU_ASSERT(contains(out, "CC      src/core/config.c"));
    free(out);
    out = make_config_o("/opt/tierd-b");
    CU_ASSERT(contains(out, "CC      src/core/config.c")); /* rebuilt for the new PREFIX */
    free(out);
    CU_ASSERT_NOT_EQUAL(harness_sh(&grep, "grep -c -a /opt/tierd-a '%s/b/src/core/config.o'", tmp),
                        0);
    free(grep);
    out = make_config_o("/opt/tierd-b");
    CU_ASSERT_PTR_NULL(strstr(out ? out : "", "CC ")); /* the same PREFIX: nothing to do */
    free(out);
}

static void test_install_puts_unit_config_and_a_private_key_folder(void)
{
    char root[256], path[512], *out = NULL, *unit;
    size_t len;
    struct stat st;
    int rc;

    snprintf(root, sizeof root, "%s/root", tmp);
    rc = harness_sh(&out, "make --no-print-directory BUILD='%s' install DESTDIR='%s'", build_dir(),
                    root);
    if (rc != 0)
        fprintf(stderr, "\n%s\n", out ? out : "");
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    free(out);
    static const char *const files[] = {
        "/usr/local/bin/tierd",
        "/usr/local/bin/tierctl",
        "/usr/local/share/tierd/xsd/report.xsd",
        "/usr/local/share/tierd/sql/001_core.sql",
        "/usr/local/lib/systemd/system/tierd.service",
        "/usr/local/share/doc/tierd/tierd.conf.example",
        "/etc/tierd/tierd.conf",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s%s", root, files[i]);
        if (access(path, R_OK) != 0)
            fprintf(stderr, "\n    not installed: %s\n", files[i]);
        CU_ASSERT_EQUAL(access(path, R_OK), 0);
    }
    snprintf(path, sizeof path, "%s/etc/tierd/keys", root);
    CU_ASSERT_EQUAL_FATAL(stat(path, &st), 0);
    CU_ASSERT(S_ISDIR(st.st_mode));
    CU_ASSERT_EQUAL(st.st_mode & 0777, 0700);

    snprintf(path, sizeof path, "%s/usr/local/lib/systemd/system/tierd.service", root);
    unit = harness_slurp(path, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(unit);
    CU_ASSERT(contains(unit, "\nExecStart=/usr/local/bin/tierd --config /etc/tierd/tierd.conf\n"));
    CU_ASSERT(contains(unit, "\nProtectSystem=strict\n"));
    CU_ASSERT(contains(unit, "\nNoNewPrivileges=yes\n"));
    CU_ASSERT(contains(unit, "\nPrivateTmp=yes\n"));
    CU_ASSERT(contains(unit, "\nRestart=on-failure\n"));
    CU_ASSERT_PTR_NULL(strstr(unit, "\nUser=")); /* started as root; `user` in the config */
    free(unit);
    snprintf(path, sizeof path, "%s/etc/tierd/tierd.conf", root);
    unit = harness_slurp(path, &len);
    CU_ASSERT(contains(unit, "\nuser = tierd\n"));
    CU_ASSERT(contains(unit, "\nsql-dir = /usr/local/share/tierd/sql\n"));
    free(unit);

    if (access("/usr/bin/systemd-analyze", X_OK) == 0) {
        /* On a copy whose programs point into DESTDIR (--root would want a
         * whole system there); any message counts as a failure. */
        rc = harness_sh(&out, "mkdir -p '%s/unit' && sed 's|/usr/local/bin/|%s/usr/local/bin/|g' "
                              "'%s/usr/local/lib/systemd/system/tierd.service' "
                              ">'%s/unit/tierd.service' && systemd-analyze verify "
                              "'%s/unit/tierd.service'",
                        tmp, root, root, tmp, tmp);
        if (rc != 0 || (out != NULL && out[0] != '\0'))
            fprintf(stderr, "\n    systemd-analyze verify:\n%s\n", out ? out : "");
        CU_ASSERT_EQUAL(rc, 0);
        CU_ASSERT_STRING_EQUAL(out ? out : "(null)", "");
        free(out);
    } else {
        fprintf(stderr, "\n    (systemd-analyze not installed: the unit is not verified)\n");
    }

    /* An operator's edits survive a second install. */
    rc = harness_sh(&out, "echo 'threads = 9' >>'%s/etc/tierd/tierd.conf' && "
                          "make --no-print-directory BUILD='%s' install DESTDIR='%s' >/dev/null && "
                          "tail -n 1 '%s/etc/tierd/tierd.conf'",
                    root, build_dir(), root, root);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT(contains(out, "threads = 9"));
    free(out);
}

static void write_file(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "w");

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
    chmod(path, mode);
}

static void test_check_config_names_each_problem_and_exits_2(void)
{
    char conf[256], keys[256], path[512], *out = NULL;
    int rc;

    snprintf(keys, sizeof keys, "%s/keys", tmp);
    CU_ASSERT_EQUAL_FATAL(mkdir(keys, 0755), 0);
    snprintf(path, sizeof path, "%s/k1.key", keys);
    write_file(path, "not a key, only its mode matters here\n", 0644);
    snprintf(path, sizeof path, "%s/db-password", tmp);
    write_file(path, "secret\n", 0644);
    snprintf(conf, sizeof conf, "%s/tierd.conf", tmp);
    snprintf(path, sizeof path,
             "sql-dir = %s/no-such-folder\nxsd-dir = xsd\nweb-dir = web\nkey-dir = %s\n"
             "db-password-file = %s/db-password\nuser = no-such-user-tierd\n",
             tmp, keys, tmp);
    write_file(conf, path, 0600);

    rc = harness_sh(&out, "%s --config '%s' --check-config", harness_bin("tierd"), conf);
    CU_ASSERT_EQUAL(rc, 2);
    CU_ASSERT(contains(out, "sql-dir "));
    CU_ASSERT(contains(out, "no-such-folder: No such file or directory"));
    CU_ASSERT(contains(out, " has mode 755: group or others may list the keys (chmod 700 "));
    CU_ASSERT(contains(out, "k1.key has mode 644: group or others may read it (chmod 600 "));
    CU_ASSERT(contains(out, "k1.pub.pem is missing"));
    CU_ASSERT(contains(out, "db-password"));
    CU_ASSERT(contains(out, "user no-such-user-tierd: no such account (create it: adduser"));
    CU_ASSERT(contains(out, "tierd: 6 problems in "));
    free(out);

    /* Mend them all: 0 and one line saying so. */
    chmod(keys, 0700);
    snprintf(path, sizeof path, "%s/k1.key", keys);
    chmod(path, 0600);
    snprintf(path, sizeof path, "%s/k1.pub.pem", keys);
    write_file(path, "public\n", 0644);
    snprintf(path, sizeof path, "%s/db-password", tmp);
    chmod(path, 0600);
    snprintf(path, sizeof path,
             "sql-dir = sql\nxsd-dir = xsd\nweb-dir = web\nkey-dir = %s\n"
             "db-password-file = %s/db-password\n"
             "user = root\n",
             keys, tmp);
    write_file(conf, path, 0600);
    rc = harness_sh(&out, "%s --config '%s' --check-config", harness_bin("tierd"), conf);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT(contains(out, "tierd.conf: fine\n"));
    free(out);

    /* A line the parser refuses is one line with the file and line number. */
    write_file(conf, "threads = many\n", 0600);
    rc = harness_sh(&out, "%s --config '%s' --check-config", harness_bin("tierd"), conf);
    CU_ASSERT_EQUAL(rc, 2);
    CU_ASSERT(contains(out, "tierd.conf:1: "));
    free(out);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("install", suite_init, suite_clean);
    CU_add_test(s, "objects that compile a path in are rebuilt when PREFIX changes",
                test_objects_are_rebuilt_when_prefix_changes);
    CU_add_test(s, "make install puts the unit, the config and a 0700 key folder",
                test_install_puts_unit_config_and_a_private_key_folder);
    CU_add_test(s, "tierd --check-config names each problem on a line and exits 2",
                test_check_config_names_each_problem_and_exits_2);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed() +
             CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
