/*
 * test_privileges.c — tierd started as root with user = nobody gives root up
 * for good (every uid and gid, no supplementary group of root's, no
 * capabilities, no new privileges) and still serves; started as root
 * without `user` it says loudly that it should not. Needs root (the test
 * runs as root like the rest of the suite; it is skipped otherwise).
 */
#include "harness.h"

#include <CUnit/Basic.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static size_t sl; /* harness_slurp wants a length */

static int suite_init(void)
{
    return harness_start();
}

static int suite_clean(void)
{
    return harness_stop();
}

/* The value after "Key:" in /proc/PID/status, whitespace squeezed to one
 * space, or "" when absent. */
static void status_field(pid_t pid, const char *key, char *out, size_t n)
{
    char path[64], line[512];
    size_t kl = strlen(key);
    FILE *f;

    out[0] = '\0';
    snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
    f = fopen(path, "r");
    if (f == NULL)
        return;
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, key, kl) == 0 && line[kl] == ':') {
            size_t o = 0;
            int sp = 0;
            for (char *p = line + kl + 1; *p && *p != '\n' && o + 1 < n; p++) {
                if (*p == ' ' || *p == '\t') {
                    sp = o > 0;
                    continue;
                }
                if (sp)
                    out[o++] = ' ';
                sp = 0;
                if (o + 1 < n)
                    out[o++] = *p;
            }
            out[o] = '\0';
            break;
        }
    }
    fclose(f);
}

static void test_with_user_tierd_drops_root_for_good_and_still_serves(void)
{
    char log[600], v[256], want[64];
    struct passwd *pw = getpwnam("nobody");
    struct http_reply r;
    pid_t pid;
    int port = 0;

    if (geteuid() != 0 || pw == NULL) {
        fprintf(stderr, "(skipped: needs root and a nobody account) ");
        return;
    }
    snprintf(log, sizeof log, "%s/tierd-user.log", harness_dir());
    pid = harness_spawn_tierd("--user nobody", log, &port);
    CU_ASSERT_FATAL(pid > 0);
    snprintf(want, sizeof want, "%u %u %u %u", (unsigned)pw->pw_uid, (unsigned)pw->pw_uid,
             (unsigned)pw->pw_uid, (unsigned)pw->pw_uid);
    /* the port file is written before the drop: wait for the log line */
    for (int i = 0; i < 100; i++) {
        char *t = harness_slurp(log, &sl);
        int done = t != NULL && strstr(t, "listening on") != NULL;
        free(t);
        if (done)
            break;
        usleep(50 * 1000);
    }
    status_field(pid, "Uid", v, sizeof v);
    CU_ASSERT_STRING_EQUAL(v, want);
    snprintf(want, sizeof want, "%u %u %u %u", (unsigned)pw->pw_gid, (unsigned)pw->pw_gid,
             (unsigned)pw->pw_gid, (unsigned)pw->pw_gid);
    status_field(pid, "Gid", v, sizeof v);
    CU_ASSERT_STRING_EQUAL(v, want);
    snprintf(want, sizeof want, "%u", (unsigned)pw->pw_gid);
    status_field(pid, "Groups", v, sizeof v);
    CU_ASSERT_STRING_EQUAL(v, want);
    status_field(pid, "CapEff", v, sizeof v);
    CU_ASSERT_STRING_EQUAL(v, "0000000000000000");
    status_field(pid, "CapPrm", v, sizeof v);
    CU_ASSERT_STRING_EQUAL(v, "0000000000000000");
    status_field(pid, "NoNewPrivs", v, sizeof v);
    CU_ASSERT_STRING_EQUAL(v, "1");
    /* it serves: /healthz answers (503 is fine when nobody may not reach the
     * test database's socket folder) */
    CU_ASSERT_EQUAL(http_do_port(port, "GET", "/healthz", "", NULL, 0, &r), 0);
    CU_ASSERT(r.status == 200 || r.status == 503);
    http_reply_free(&r);
    {
        char *t = harness_slurp(log, &sl);
        CU_ASSERT_PTR_NOT_NULL(t ? strstr(t, "running as nobody") : NULL);
        CU_ASSERT_PTR_NULL(t ? strstr(t, "WARNING: running as root") : "x");
        free(t);
    }
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
}

static void test_without_user_tierd_as_root_warns_loudly(void)
{
    char log[600], *t;

    if (geteuid() != 0) {
        fprintf(stderr, "(skipped: needs root) ");
        return;
    }
    snprintf(log, sizeof log, "%s/tierd.log", harness_dir());
    t = harness_slurp(log, &sl);
    CU_ASSERT_PTR_NOT_NULL(t ? strstr(t, "WARNING: running as root with no `user` set") : NULL);
    free(t);
}

static void test_a_root_user_is_refused(void)
{
    char log[600];
    int port = 0;
    pid_t pid;

    if (geteuid() != 0) {
        fprintf(stderr, "(skipped: needs root) ");
        return;
    }
    snprintf(log, sizeof log, "%s/tierd-rootuser.log", harness_dir());
    pid = harness_spawn_tierd("--user root", log, &port);
    /* the port file may be written before the refusal: the process must exit 2 */
    if (pid > 0) {
        int st = 0;
        char *t;
        waitpid(pid, &st, 0);
        CU_ASSERT(WIFEXITED(st) && WEXITSTATUS(st) == 2);
        t = harness_slurp(log, &sl);
        CU_ASSERT_PTR_NOT_NULL(t ? strstr(t, "uid or gid 0") : NULL);
        free(t);
    }
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("privileges", suite_init, suite_clean);
    CU_add_test(s, "with user, tierd drops root for good and still serves",
                test_with_user_tierd_drops_root_for_good_and_still_serves);
    CU_add_test(s, "without user, tierd as root warns loudly",
                test_without_user_tierd_as_root_warns_loudly);
    CU_add_test(s, "a root user is refused", test_a_root_user_is_refused);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed() +
             CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
