/*
 * test_daemon.c — the daemon skeleton against a real MariaDB: health, metrics,
 * routing errors, body limits, logging, recovery after the database is
 * killed, configuration errors, clean shutdown, and migrations.
 */
#include "harness.h"

#include <CUnit/Basic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int suite_init(void)
{
    return harness_start() == 0 ? 0 : -1;
}

static int suite_clean(void)
{
    return harness_stop();
}

static void test_healthz_answers_200_with_database_up(void)
{
    struct http_reply r;

    CU_ASSERT_EQUAL_FATAL(http_do("GET", "/healthz", "", NULL, 0, &r), 0);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "<status>ok</status>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "state=\"up\""));
    http_reply_free(&r);
}

static void test_unknown_route_answers_404_with_xml_error(void)
{
    struct http_reply r;
    char ct[128];

    CU_ASSERT_EQUAL_FATAL(http_do("GET", "/v1/no-such-thing", "", NULL, 0, &r), 0);
    CU_ASSERT_EQUAL(r.status, 404);
    CU_ASSERT_PTR_NOT_NULL(http_reply_header(&r, "Content-Type", ct, sizeof ct));
    CU_ASSERT_PTR_NOT_NULL(strstr(ct, "application/xml"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "<code>not-found</code>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "/v1/no-such-thing"));
    http_reply_free(&r);
}

static void test_wrong_method_answers_405_with_allow_header(void)
{
    struct http_reply r;
    char allow[64];

    CU_ASSERT_EQUAL_FATAL(http_do("DELETE", "/healthz", "", NULL, 0, &r), 0);
    CU_ASSERT_EQUAL(r.status, 405);
    CU_ASSERT_PTR_NOT_NULL(http_reply_header(&r, "Allow", allow, sizeof allow));
    CU_ASSERT_STRING_EQUAL(allow, "GET");
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "<code>method-not-allowed</code>"));
    http_reply_free(&r);
}

static void test_body_over_max_body_answers_413(void)
{
    struct http_reply r;
    size_t n = (2u << 20) + 1;
    char *big = malloc(n);

    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    memset(big, 'x', n);
    CU_ASSERT_EQUAL_FATAL(http_do("POST", "/healthz", "Content-Type: application/xml\r\n", big,
                                  n, &r),
                          0);
    CU_ASSERT_EQUAL(r.status, 413);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "too-large"));
    http_reply_free(&r);
    free(big);
}

static void test_metrics_count_requests_by_route_and_status(void)
{
    struct http_reply r;

    http_do("GET", "/healthz", "", NULL, 0, &r);
    http_reply_free(&r);
    http_do("GET", "/nowhere", "", NULL, 0, &r);
    http_reply_free(&r);
    CU_ASSERT_EQUAL_FATAL(http_do("GET", "/metrics", "", NULL, 0, &r), 0);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "tierd_http_requests_total{route=\"healthz\",status=\"200\"}"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "tierd_http_requests_total{route=\"none\",status=\"404\"}"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "tierd_http_request_duration_seconds_bucket{route=\"healthz\",le=\"+Inf\"}"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "tierd_db_errors_total"));
    http_reply_free(&r);
}

static void test_each_request_logs_method_path_status_and_micros(void)
{
    struct http_reply r;
    char *out = NULL;
    int rc;

    http_do("GET", "/healthz?probe=log", "", NULL, 0, &r);
    http_reply_free(&r);
    usleep(100000);
    rc = harness_sh(&out, "grep -E '^GET /healthz 200 [0-9]+$' '%s/tierd.log'", harness_dir());
    CU_ASSERT_EQUAL(rc, 0);
    free(out);
}

static void test_killed_database_gives_503_then_200_without_restarting_tierd(void)
{
    pid_t before = harness_tierd_pid();
    long ms;

    CU_ASSERT_EQUAL_FATAL(http_wait_status("/healthz", 200, 5000) >= 0, 1);
    CU_ASSERT_EQUAL_FATAL(harness_db_kill(), 0);
    ms = http_wait_status("/healthz", 503, 2000);
    CU_ASSERT(ms >= 0);
    printf("\n    503 seen %ld ms after kill -9 of MariaDB ", ms);
    CU_ASSERT_EQUAL_FATAL(harness_db_start(), 0);
    ms = http_wait_status("/healthz", 200, 5000);
    CU_ASSERT(ms >= 0);
    printf("\n    200 again %ld ms after the database was back ", ms);
    CU_ASSERT_EQUAL(harness_tierd_pid(), before);
    CU_ASSERT_EQUAL(kill(before, 0), 0);
}

/* Run tierd with arguments expected to fail at start: exit 2, one line. */
static void expect_config_error(const char *args, const char *needle)
{
    char *out = NULL;
    int rc = harness_sh(&out, "%s %s", harness_bin("tierd"), args);

    CU_ASSERT_EQUAL(rc, 2);
    CU_ASSERT_PTR_NOT_NULL(out);
    if (out != NULL) {
        CU_ASSERT_PTR_NOT_NULL(strstr(out, needle));
        /* exactly one line */
        CU_ASSERT_PTR_NOT_NULL(strchr(out, '\n'));
        CU_ASSERT_PTR_NULL(strchr(strchr(out, '\n') + 1, '\n'));
        if (strstr(out, needle) == NULL)
            fprintf(stderr, "\n    got: %s", out);
    }
    free(out);
}

static void test_config_errors_stop_tierd_with_exit_2_and_one_line(void)
{
    char *out = NULL;

    harness_sh(&out, "printf 'listen = 127.0.0.1:0\\ncolour = blue\\n' > '%s/bad.conf'",
               harness_dir());
    free(out);
    {
        char args[700];
        snprintf(args, sizeof args, "--config '%s/bad.conf'", harness_dir());
        expect_config_error(args, "bad.conf:2: unknown key 'colour'");
    }
    expect_config_error("--listen 127.0.0.1:70000", "port '70000'");
    expect_config_error("--listen 127.0.0.1:0 --db-password-file /nonexistent/pw",
                        "db-password-file /nonexistent/pw");
    expect_config_error("--listen 127.0.0.1:0 --db-socket /nonexistent/mysqld.sock",
                        "db-socket /nonexistent/mysqld.sock");
    expect_config_error("--no-such-flag 1", "unknown option --no-such-flag");
}

static void test_world_readable_password_file_is_refused(void)
{
    char *out = NULL, args[700];

    harness_sh(&out, "cp '%s/db.password' '%s/open.password' && chmod 644 '%s/open.password'",
               harness_dir(), harness_dir(), harness_dir());
    free(out);
    snprintf(args, sizeof args, "--listen 127.0.0.1:0 --db-password-file '%s/open.password'",
             harness_dir());
    expect_config_error(args, "chmod 600");
}

static void test_sigterm_stops_accepting_and_exits_0(void)
{
    char log[600];
    int p = 0, st = 0;
    pid_t pid;
    struct http_reply r;

    snprintf(log, sizeof log, "%s/second.log", harness_dir());
    pid = harness_spawn_tierd("", log, &p);
    CU_ASSERT_FATAL(pid > 0);
    CU_ASSERT_EQUAL(http_do_port(p, "GET", "/healthz", "", NULL, 0, &r), 0);
    CU_ASSERT_EQUAL(r.status, 200);
    http_reply_free(&r);
    CU_ASSERT_EQUAL(kill(pid, SIGTERM), 0);
    CU_ASSERT_EQUAL(waitpid(pid, &st, 0), pid);
    CU_ASSERT(WIFEXITED(st));
    CU_ASSERT_EQUAL(WEXITSTATUS(st), 0);
    /* nobody listens any more */
    CU_ASSERT_EQUAL(http_do_port(p, "GET", "/healthz", "", NULL, 0, &r), -1);
    http_reply_free(&r);
}

static void test_migrate_twice_is_a_noop(void)
{
    char *out = NULL;
    int rc = harness_sh(&out, "%s migrate", harness_bin("tierctl"));

    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "nothing to do") : NULL);
    free(out);
}

static void test_migrate_refuses_an_applied_file_that_changed(void)
{
    char *out = NULL;
    int rc;

    harness_sh(NULL, "rm -rf '%s/sql' && cp -r sql '%s/sql' && echo '-- edited' >> "
                     "'%s/sql/001_core.sql'",
               harness_dir(), harness_dir(), harness_dir());
    rc = harness_sh(&out, "%s --sql-dir '%s/sql' migrate", harness_bin("tierctl"), harness_dir());
    CU_ASSERT_EQUAL(rc, 1);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "001_core.sql was changed after it was applied")
                               : NULL);
    free(out);
}

static void test_migrate_applies_a_new_file_once(void)
{
    char *out = NULL;
    int rc;

    harness_sh(NULL, "rm -rf '%s/sql2' && cp -r sql '%s/sql2' && printf "
                     "'CREATE TABLE probe_t (id INT PRIMARY KEY) ENGINE=InnoDB;\\n' > "
                     "'%s/sql2/999_probe.sql' && echo 'probe_t SELECT' >> "
                     "'%s/sql2/runtime.grants'",
               harness_dir(), harness_dir(), harness_dir(), harness_dir());
    rc = harness_sh(&out, "%s --sql-dir '%s/sql2' migrate", harness_bin("tierctl"),
                    harness_dir());
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "applied 999_probe.sql") : NULL);
    free(out);
    rc = harness_sh(&out, "%s --sql-dir '%s/sql2' migrate --status", harness_bin("tierctl"),
                    harness_dir());
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "999_probe.sql") : NULL);
    CU_ASSERT_PTR_NULL(out ? strstr(out, "pending") : "x");
    free(out);
}

static void test_targets_of_the_2023_plan_are_seeded(void)
{
    char *out = NULL;
    int rc = harness_sh(&out, "scripts/db sql -N -e \"SELECT CONCAT(tier,':',target_count,':',"
                              "kind) FROM targets WHERE year=2023 ORDER BY tier\"");

    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(out);
    if (out != NULL) {
        CU_ASSERT_PTR_NOT_NULL(strstr(out, "specialized-sme:1000:new"));
        CU_ASSERT_PTR_NOT_NULL(strstr(out, "little-giant:200:new"));
        CU_ASSERT_PTR_NOT_NULL(strstr(out, "single-champion:200:new"));
        CU_ASSERT_PTR_NOT_NULL(strstr(out, "leading:30:new"));
        CU_ASSERT_PTR_NOT_NULL(strstr(out, "tech-sme:40000:stock"));
        CU_ASSERT_PTR_NOT_NULL(strstr(out, "high-tech:30000:stock"));
    }
    free(out);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("daemon", suite_init, suite_clean);
    CU_add_test(s, "healthz answers 200 with the database up",
                test_healthz_answers_200_with_database_up);
    CU_add_test(s, "unknown route answers 404 with an XML error",
                test_unknown_route_answers_404_with_xml_error);
    CU_add_test(s, "wrong method answers 405 with an Allow header",
                test_wrong_method_answers_405_with_allow_header);
    CU_add_test(s, "body over max-body answers 413", test_body_over_max_body_answers_413);
    CU_add_test(s, "metrics count requests by route and status",
                test_metrics_count_requests_by_route_and_status);
    CU_add_test(s, "each request logs method, path, status and microseconds",
                test_each_request_logs_method_path_status_and_micros);
    CU_add_test(s, "killed database gives 503, then 200 without restarting tierd",
                test_killed_database_gives_503_then_200_without_restarting_tierd);
    CU_add_test(s, "config errors stop tierd with exit 2 and one line",
                test_config_errors_stop_tierd_with_exit_2_and_one_line);
    CU_add_test(s, "world-readable password file is refused",
                test_world_readable_password_file_is_refused);
    CU_add_test(s, "SIGTERM stops accepting and exits 0", test_sigterm_stops_accepting_and_exits_0);
    CU_add_test(s, "migrate twice is a no-op", test_migrate_twice_is_a_noop);
    CU_add_test(s, "migrate refuses an applied file that changed",
                test_migrate_refuses_an_applied_file_that_changed);
    CU_add_test(s, "migrate applies a new file once", test_migrate_applies_a_new_file_once);
    CU_add_test(s, "targets of the 2023 plan are seeded", test_targets_of_the_2023_plan_are_seeded);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed() +
             CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
