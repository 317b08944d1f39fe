/*
 * test_config.c — settings from files and flags: precedence, refusals with a
 * sentence that names the key and line, and the password file's mode check.
 */
#include "tier/config.h"
#include "tier/file.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[64];

static int suite_init(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/tierd-config-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int suite_clean(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *write_file(const char *name, const char *text, mode_t mode)
{
    static char path[128];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    f = fopen(path, "w");
    if (f == NULL)
        return NULL;
    fputs(text, f);
    fclose(f);
    chmod(path, mode);
    return path;
}

static void test_defaults_listen_on_loopback_8080_with_2mib_body(void)
{
    struct tier_config c;

    config_defaults(&c);
    CU_ASSERT_STRING_EQUAL(c.listen_host, "127.0.0.1");
    CU_ASSERT_EQUAL(c.listen_port, 8080);
    CU_ASSERT_EQUAL(c.max_body, 2u << 20);
    CU_ASSERT_STRING_EQUAL(c.db_name, "tierd");
}

static void test_flags_override_the_config_file(void)
{
    struct tier_config c;
    const char *f = write_file("a.conf", "# comment\n\nlisten = 0.0.0.0:9000\nthreads = 3\n",
                               0600);
    char *argv[] = {"tierd", "--config", (char *)f, "--threads=7", "--db-name", "other", NULL};
    char err[256], used[256];
    int next;

    CU_ASSERT_EQUAL(config_parse_args(&c, 6, argv, &next, 0, used, sizeof used, err, sizeof err),
                    CONFIG_ARGS_OK);
    CU_ASSERT_STRING_EQUAL(c.listen_host, "0.0.0.0");
    CU_ASSERT_EQUAL(c.listen_port, 9000);
    CU_ASSERT_EQUAL(c.threads, 7);
    CU_ASSERT_STRING_EQUAL(c.db_name, "other");
    CU_ASSERT_STRING_EQUAL(used, f);
    CU_ASSERT_EQUAL(next, 6);
}

static void test_unknown_key_in_file_names_file_line_and_key(void)
{
    struct tier_config c;
    const char *f = write_file("b.conf", "threads = 2\ncolour = blue\n", 0600);
    char err[256], want[256];

    config_defaults(&c);
    CU_ASSERT_EQUAL(config_load_file(&c, f, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s:2: unknown key 'colour'", f);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, want));
}

static void test_bad_numbers_are_refused_with_their_range(void)
{
    struct tier_config c;
    char err[256];

    config_defaults(&c);
    CU_ASSERT_EQUAL(config_set(&c, "listen", "127.0.0.1:65536", err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "0 to 65535"));
    CU_ASSERT_EQUAL(config_set(&c, "listen", "8080", err, sizeof err), -1);
    CU_ASSERT_EQUAL(config_set(&c, "threads", "4x", err, sizeof err), -1);
    CU_ASSERT_EQUAL(config_set(&c, "threads", "0", err, sizeof err), -1);
    CU_ASSERT_EQUAL(config_set(&c, "max-body", "-1", err, sizeof err), -1);
    CU_ASSERT_EQUAL(c.listen_port, 8080);
    CU_ASSERT_EQUAL(c.threads, 4);
}

static void test_subcommand_stops_option_parsing(void)
{
    struct tier_config c;
    char *argv[] = {"tierctl", "--db-pool", "2", "migrate", "--status", NULL};
    char err[256];
    int next = 0;

    CU_ASSERT_EQUAL(config_parse_args(&c, 5, argv, &next, 0, NULL, 0, err, sizeof err),
                    CONFIG_ARGS_OK);
    CU_ASSERT_EQUAL(next, 3);
    CU_ASSERT_EQUAL(c.db_pool, 2);
}

static void test_password_file_must_not_be_readable_by_others(void)
{
    struct tier_config c;
    char err[256];

    config_defaults(&c);
    snprintf(c.db_password_file, sizeof c.db_password_file, "%s",
             write_file("pw-open", "secret\n", 0644));
    CU_ASSERT_EQUAL(config_load_password(&c, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "chmod 600"));
    CU_ASSERT_PTR_NULL(strstr(err, "secret"));

    snprintf(c.db_password_file, sizeof c.db_password_file, "%s",
             write_file("pw-ok", "secret\n", 0600));
    CU_ASSERT_EQUAL(config_load_password(&c, err, sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(c.password, "secret");
    config_wipe(&c);
    CU_ASSERT_EQUAL(c.password[0], '\0');
}

static void test_db_host_list_splits_in_order_with_db_port_for_bare_hosts(void)
{
    struct tier_config c;
    struct config_db_host h[CONFIG_DB_HOSTS_MAX];
    char err[256];

    config_defaults(&c);
    CU_ASSERT_EQUAL(config_set(&c, "db-port", "3310", err, sizeof err), 0);
    CU_ASSERT_EQUAL(config_set(&c, "db-host", "10.0.0.1:3306, db2 ,[fd00::3]:3308,::1", err,
                               sizeof err), 0);
    CU_ASSERT_EQUAL(config_db_hosts(&c, h, err, sizeof err), 4);
    CU_ASSERT_STRING_EQUAL(h[0].host, "10.0.0.1");
    CU_ASSERT_EQUAL(h[0].port, 3306);
    CU_ASSERT_STRING_EQUAL(h[1].host, "db2");
    CU_ASSERT_EQUAL(h[1].port, 3310);
    CU_ASSERT_STRING_EQUAL(h[2].host, "fd00::3");
    CU_ASSERT_EQUAL(h[2].port, 3308);
    CU_ASSERT_STRING_EQUAL(h[3].host, "::1");
    CU_ASSERT_EQUAL(h[3].port, 3310);

    config_defaults(&c);
    CU_ASSERT_EQUAL(config_db_hosts(&c, h, err, sizeof err), 1);
    CU_ASSERT_STRING_EQUAL(h[0].host, "127.0.0.1");
    CU_ASSERT_EQUAL(h[0].port, 3306);
}

static void test_bad_db_host_lists_are_refused_naming_the_entry(void)
{
    static const char *const bad[][2] = {
        {"a:3306,,b:3307", "empty entry"},
        {"a:0", "'0' is not a number from 1 to 65535"},
        {"a:3306x", "'3306x'"},
        {":3306", "empty host"},
        {"[fd00::1", "without closing"},
        {"[fd00::1]3306", "expected ':PORT'"},
        {"a,b,c,d,e,f,g,h,i", "more than 8"},
    };
    struct tier_config c;
    char err[256];

    config_defaults(&c);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        CU_ASSERT_EQUAL(config_set(&c, "db-host", bad[i][0], err, sizeof err), -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, "db-host"));
        if (strstr(err, bad[i][1]) == NULL)
            CU_FAIL_FATAL(bad[i][0]);
        CU_ASSERT_STRING_EQUAL(c.db_host, "127.0.0.1");
    }
}

/* The TLS files (core/file.c): a key others may read is refused, and so is
 * a symbolic link to it; the certificate itself may be public. */
static void test_tls_key_must_be_0600_and_no_link(void)
{
    char err[512], link[160], *p = NULL;
    size_t n = 0;
    const char *open_key = write_file("key-open.pem", "-----BEGIN PRIVATE KEY-----\n", 0644);

    CU_ASSERT_EQUAL(file_read_checked("tls-key", open_key, 1, 4096, &p, &n, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "chmod 600"));
    CU_ASSERT_PTR_NULL(p);
    CU_ASSERT_EQUAL(file_read_checked("tls-cert", open_key, 0, 4096, &p, &n, err, sizeof err), 0);
    CU_ASSERT_EQUAL(n, 28);
    file_wipe_free(p, n);
    p = NULL;
    snprintf(link, sizeof link, "%s/key-link.pem", tmpdir);
    CU_ASSERT_EQUAL(symlink(write_file("key-ok.pem", "k\n", 0600), link), 0);
    CU_ASSERT_EQUAL(file_read_checked("tls-key", link, 1, 4096, &p, &n, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "symbolic link"));
    CU_ASSERT_EQUAL(file_read_checked("tls-key", write_file("key-big.pem", "0123456789", 0600), 1,
                                      8, &p, &n, err, sizeof err), -1);
    CU_ASSERT_EQUAL(file_read_checked("tls-key", write_file("key-ok2.pem", "k\n", 0600), 1, 8,
                                      &p, &n, err, sizeof err), 0);
    CU_ASSERT(p != NULL && strcmp(p, "k\n") == 0);
    file_wipe_free(p, n);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("config", suite_init, suite_clean);
    CU_add_test(s, "defaults listen on loopback 8080 with a 2 MiB body",
                test_defaults_listen_on_loopback_8080_with_2mib_body);
    CU_add_test(s, "flags override the config file", test_flags_override_the_config_file);
    CU_add_test(s, "a db-host list splits in order, db-port for bare hosts",
                test_db_host_list_splits_in_order_with_db_port_for_bare_hosts);
    CU_add_test(s, "bad db-host lists are refused naming the entry",
                test_bad_db_host_lists_are_refused_naming_the_entry);
    CU_add_test(s, "unknown key in a file names file, line and key",
                test_unknown_key_in_file_names_file_line_and_key);
    CU_add_test(s, "bad numbers are refused with their range",
                test_bad_numbers_are_refused_with_their_range);
    CU_add_test(s, "a subcommand stops option parsing", test_subcommand_stops_option_parsing);
    CU_add_test(s, "tls key must be 0600 and not a link", test_tls_key_must_be_0600_and_no_link);
    CU_add_test(s, "password file must not be readable by others",
                test_password_file_must_not_be_readable_by_others);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed() +
             CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
