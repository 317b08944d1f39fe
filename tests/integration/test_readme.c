/*
 * test_readme.c — the README's walk-through works as written (issue 20).
 *
 * A registry is set up the way `make run` sets it up (scripts/demo-setup:
 * the private MariaDB, migrated, filled with demonstration data, `listen`
 * written into the config), with a real tierd serving it. Then the README's
 * shell blocks marked <!-- tested --> run, in order, in one bash with
 * `set -euo pipefail`, from a folder that looks like the repository after
 * `make run` (build/, tests/, xsd/ and var/ with tierd.conf and keys/), with
 * no $TIERD_CONFIG: tierctl must find ./var/tierd.conf as a reader's would.
 * curl fails on an HTTP error status unless the step itself asks for the
 * status (-w). The only change made to the text: tierd's port, 8080 in the
 * README, is the test's free port. docs/operations.md's marked blocks run the
 * same way. DOC_LOG_DIR=DIR keeps what each document's steps printed.
 */
#include "harness.h"

#include <CUnit/Basic.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char reader[PATH_MAX];

static int suite_init(void)
{
    char build[PATH_MAX], repo[PATH_MAX], *out = NULL;
    int rc;

    if (harness_start() != 0)
        return -1;
    rc = harness_sh(&out, "BUILD='%s' TIERD_LISTEN=127.0.0.1:%d scripts/demo-setup",
                    getenv("BUILD") && *getenv("BUILD") ? getenv("BUILD") : "build",
                    harness_port());
    if (rc != 0) {
        fprintf(stderr, "scripts/demo-setup failed (%d):\n%s\n", rc, out ? out : "");
        free(out);
        return -1;
    }
    free(out);
    if (realpath(harness_bin(""), build) == NULL || getcwd(repo, sizeof repo) == NULL)
        return -1;
    /* the reader's repository folder: the sources as they are, var/ as make
     * run leaves it (the harness's folder holds tierd.conf and keys/) */
    snprintf(reader, sizeof reader, "%s/reader", harness_dir());
    return harness_sh(NULL,
                      "mkdir -p '%s' && cd '%s' && ln -s '%s' build && ln -s '%s/tests' tests "
                      "&& ln -s '%s/xsd' xsd && ln -s '%s/sql' sql && ln -s '%s/docs' docs && "
                      "ln -s '%s/calendar' calendar && ln -s '%s' var",
                      reader, reader, build, repo, repo, repo, repo, repo, harness_dir()) == 0
               ? 0
               : -1;
}

static int suite_clean(void)
{
    return 0;
}

/* The tested blocks of `doc`, in order, into `script`, with the port changed. */
static int extract(const char *doc, const char *script, int *blocks)
{
    char *out = NULL;
    int rc;

    rc = harness_sh(&out,
                    "{ printf '%%s\\n' 'set -euo pipefail' 'unset TIERD_CONFIG TIERD_TOKEN' "
                    "'curl() { case \" $* \" in *\" -w \"*) command curl \"$@\" ;; "
                    "*) command curl --fail-with-body \"$@\" ;; esac; }' "
                    "'cd %s' '%s'; awk '$0 == \"<!-- tested -->\" {grab=1; next} "
                    "grab && /^```sh/ {inb=1; print \"echo \\\"+++ block \" ++n \"\\\"\"; next} "
                    "inb && /^```/ {inb=0; grab=0; next} inb {print}' '%s' | "
                    "sed 's/127\\.0\\.0\\.1:8080/127.0.0.1:%d/g'; } > '%s' && "
                    "grep -c '^echo \"+++ block' '%s'",
                    reader,
                    /* the README puts build/ on PATH itself; the operator's guide
                     * has tierctl installed */
                    strcmp(doc, "README.md") == 0 ? "" : "export PATH=\"$PWD/build:$PATH\"",
                    doc, harness_port(), script, script);
    *blocks = out != NULL ? atoi(out) : 0;
    free(out);
    return rc;
}

/* Run the tested blocks of `doc`; its output (stdout and stderr) in *out. */
static int run_doc(const char *doc, int min_blocks, char **out)
{
    char script[PATH_MAX + 32], *n = NULL;
    int blocks = 0, rc;

    const char *base = strrchr(doc, '/') ? strrchr(doc, '/') + 1 : doc;

    snprintf(script, sizeof script, "%s/%s.sh", harness_dir(), base);
    CU_ASSERT_EQUAL_FATAL(extract(doc, script, &blocks), 0);
    /* every marked block was found (a marker whose block is not ```sh would
     * be skipped silently otherwise) */
    harness_sh(&n, "grep -cx '<!-- tested -->' '%s'", doc);
    CU_ASSERT_PTR_NOT_NULL_FATAL(n);
    CU_ASSERT_EQUAL(blocks, atoi(n));
    free(n);
    CU_ASSERT(blocks >= min_blocks);
    rc = harness_sh(out, "bash '%s'", script);
    if (getenv("DOC_LOG_DIR") != NULL && *out != NULL) { /* to read what a reader sees */
        char path[PATH_MAX];
        FILE *f;
        snprintf(path, sizeof path, "%s/%s.log", getenv("DOC_LOG_DIR"), base);
        f = fopen(path, "w");
        if (f != NULL) {
            fputs(*out, f);
            fclose(f);
        }
    }
    if (rc != 0)
        fprintf(stderr, "\n  %s's steps failed (exit %d); the last block run is the last "
                        "'+++ block N' line:\n%s\n", doc, rc, *out ? *out : "");
    return rc;
}

static void test_the_readme_walk_through_runs_as_written(void)
{
    char *out = NULL;
    int rc;

    rc = run_doc("README.md", 15, &out);
    CU_ASSERT_EQUAL(rc, 0);
    if (out != NULL) {
        /* what the steps show the reader */
        CU_ASSERT_PTR_NOT_NULL(strstr(out, "<status>received</status>"));
        CU_ASSERT_PTR_NOT_NULL(strstr(out, "to=\"approved\""));
        CU_ASSERT_PTR_NOT_NULL(strstr(out, "Signature Verified Successfully"));
        CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n401\n"));
    }
    free(out);
}

/* docs/operations.md's steps that work on the development registry too. */
static void test_the_operators_guide_tested_steps_run(void)
{
    char *out = NULL;

    CU_ASSERT_EQUAL(run_doc("docs/operations.md", 2, &out), 0);
    CU_ASSERT_PTR_NOT_NULL(out != NULL ? strstr(out, "active signing key: ") : NULL);
    CU_ASSERT_PTR_NOT_NULL(out != NULL ? strstr(out, "# 248 working days in 2026") : NULL);
    free(out);
}

/* make run's set-up (scripts/demo-setup → tierctl seed-demo) set this year's
 * targets for the province and for every city. */
static void test_the_demo_sets_province_and_city_targets(void)
{
    char *out = NULL;
    int year = 0, rc;

    rc = harness_sh(&out, "TZ=CST-8 date +%%Y");
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    year = atoi(out);
    free(out);
    out = NULL;
    rc = harness_sh(&out, "%s target list %d", harness_bin("tierctl"), year);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    /* the province's row and one per city, all marked as demonstration */
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "little-giant         全省"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "little-giant         370100"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "little-giant         371700"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "演示"));
    free(out);
}

/* After the walk-through the registry holds a real applicant (acme):
 * seed-demo refuses, naming the database and the config, and signs nothing;
 * with --force it seeds, showing its progress on stderr. */
static void test_seed_demo_refuses_a_registry_with_real_data_unless_forced(void)
{
    char *out = NULL, *before = NULL, *after = NULL;
    int rc, year;

    harness_sh(&out, "TZ=CST-8 date +%%Y");
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    year = atoi(out);
    free(out);
    out = NULL;
    harness_sh(&before, "%s sql -N -B -e 'SELECT COUNT(*) FROM certificates'", "scripts/db");
    rc = harness_sh(&out, "%s seed-demo --year %d --enterprises 5 2>&1", harness_bin("tierctl"),
                    year);
    CU_ASSERT_EQUAL(rc, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "refused: database tierd (config "));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "holds 1 enterprise(s) that are not demonstration data"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "--force"));
    free(out);
    out = NULL;
    harness_sh(&after, "%s sql -N -B -e 'SELECT COUNT(*) FROM certificates'", "scripts/db");
    CU_ASSERT_PTR_NOT_NULL_FATAL(before);
    CU_ASSERT_PTR_NOT_NULL_FATAL(after);
    CU_ASSERT_STRING_EQUAL(before, after); /* nothing signed */
    free(after);
    rc = harness_sh(&out, "%s seed-demo --year %d --enterprises 5 --force 2>&1 >/dev/null",
                    harness_bin("tierctl"), year);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "tierctl seed-demo: 5/5 applications, "));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "/s\n"));
    free(out);
    free(before);
}

int main(void)
{
    CU_pSuite s;
    int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("README.md's walk-through (blocks marked tested)", suite_init, suite_clean);
    CU_add_test(s, "the demo sets province and city targets",
                test_the_demo_sets_province_and_city_targets);
    CU_add_test(s, "the README's walk-through runs as written, in order",
                test_the_readme_walk_through_runs_as_written);
    CU_add_test(s, "the operator's guide's tested steps run",
                test_the_operators_guide_tested_steps_run);
    CU_add_test(s, "seed-demo refuses a registry with real data unless --force",
                test_seed_demo_refuses_a_registry_with_real_data_unless_forced);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = (int)CU_get_number_of_failures();
    CU_cleanup_registry();
    harness_stop();
    return failed ? 1 : 0;
}
