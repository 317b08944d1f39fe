/*
 * test_backup.c — `tierctl backup DIR` and `tierctl restore DIR` (issue 20).
 * A registry seeded through the real code (three years of applications,
 * decisions, certificates and revocations) is backed up while tierd runs,
 * then restored into a second, empty database on the same private server; a
 * second tierd on the restored database then finds the audit chain intact
 * (`tierctl audit verify`), serves every certificate it holds so that
 * `tierctl verify` accepts it with the public key from the backup, and
 * renders the same reports as the first (generation time aside). Restoring
 * over data, restoring a changed backup and backing up into a used folder are
 * refused with a sentence saying why. The backup holds no private key.
 */
#include "harness.h"

#include <CUnit/Basic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define RESTORED_DB "tierd_restored"

static char province[128], conf2[600], backup[600], keys2[600];
static pid_t tierd2 = -1;
static int port2 = -1;

static int suite_init(void)
{
    char *out = NULL;
    const char *ctl;
    int rc;

    if (harness_start() != 0)
        return -1;
    ctl = harness_bin("tierctl");
    rc = harness_sh(&out, "%s seed-demo --year 2024 --enterprises 40 --seed 21 && "
                          "%s seed-demo --year 2025 --enterprises 80 --seed 22 && "
                          "%s target set 2025 specialized-sme 30 --kind new --wording floor",
                    ctl, ctl, ctl);
    if (rc != 0) {
        fprintf(stderr, "test_backup: seeding failed:\n%s\n", out ? out : "");
        free(out);
        return -1;
    }
    free(out);
    if (harness_account("province", "--role province-reviewer", province, sizeof province) != 0)
        return -1;
    snprintf(backup, sizeof backup, "%s/backup", harness_dir());
    snprintf(keys2, sizeof keys2, "%s/keys-restored", harness_dir());
    snprintf(conf2, sizeof conf2, "%s/restored.conf", harness_dir());
    /* The same server, another database and key folder; later lines win. */
    rc = harness_sh(&out, "scripts/db sql -e \"CREATE DATABASE %s CHARACTER SET utf8mb4 COLLATE "
                          "utf8mb4_unicode_ci; GRANT ALL PRIVILEGES ON %s.* TO 'tierd_owner'@'localhost' WITH GRANT OPTION\" "
                          "&& cp '%s' '%s' && printf 'db-name = %s\\nkey-dir = %s\\n' >>'%s'",
                    RESTORED_DB, RESTORED_DB, harness_config(), conf2, RESTORED_DB, keys2, conf2);
    if (rc != 0) {
        fprintf(stderr, "test_backup: second database:\n%s\n", out ? out : "");
        free(out);
        return -1;
    }
    free(out);
    return 0;
}

static int suite_clean(void)
{
    harness_stop_spawned(tierd2);
    return harness_stop();
}

static int contains(const char *hay, const char *needle)
{
    if (hay != NULL && strstr(hay, needle) != NULL)
        return 1;
    fprintf(stderr, "\n    missing \"%s\" in:\n%s\n", needle, hay ? hay : "(nothing)");
    return 0;
}

/* Drop the generatedAt="…" attribute, the only thing two renderings of the
 * same data may differ in. */
static void strip_generated(char *s)
{
    char *p = s ? strstr(s, " generatedAt=\"") : NULL;
    char *q = p ? strchr(p + 14, '"') : NULL;

    if (q != NULL)
        memmove(p, q + 1, strlen(q + 1) + 1);
}

static void test_backup_holds_the_dump_and_public_keys_only(void)
{
    char *out = NULL;
    int rc;

    rc = harness_sh(&out, "%s backup '%s'", harness_bin("tierctl"), backup);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT(contains(out, "private keys are not in it"));
    free(out);
    rc = harness_sh(&out, "cd '%s' && ls keys/*.pub.pem | wc -l && find . -name '*.key' | wc -l "
                          "&& grep -c '^sha256 ' MANIFEST && grep -c 'CREATE TABLE `audit_log`' "
                          "tierd.sql && grep -c 'CREATE DATABASE' tierd.sql; stat -c %%a .",
                    backup);
    /* 2 public keys (the signing key's and the transparency log's), no
     * private key, 3 files summed, audit_log dumped, no CREATE DATABASE
     * (restorable under any name), folder 0700 */
    CU_ASSERT(contains(out, "2\n0\n3\n1\n0\n700\n"));
    free(out);

    /* A used folder is refused. */
    rc = harness_sh(&out, "%s backup '%s'", harness_bin("tierctl"), backup);
    CU_ASSERT_EQUAL(rc, 1);
    CU_ASSERT(contains(out, "is not empty"));
    free(out);
}

static void test_restore_into_an_empty_database_keeps_audit_certificates_and_report(void)
{
    char *out = NULL, *serials = NULL, *save = NULL, *line, path[128], hdr[256], cert[700],
         key[900];
    struct http_reply a, b;
    int rc, verified = 0;

    rc = harness_sh(&out, "%s --config '%s' restore '%s'", harness_bin("tierctl"), conf2, backup);
    if (rc != 0)
        fprintf(stderr, "\n%s\n", out ? out : "");
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT(contains(out, "restored "));
    CU_ASSERT(contains(out, "public keys: 2 copied to ")); /* signing and log keys */
    free(out);

    /* The audit chain, and as many rows as the original. */
    rc = harness_sh(&out, "%s --config '%s' audit verify", harness_bin("tierctl"), conf2);
    CU_ASSERT_EQUAL(rc, 0);
    free(out);
    rc = harness_sh(&out, "scripts/db sql -N -e \"SELECT (SELECT COUNT(*) FROM tierd.audit_log) "
                          "= (SELECT COUNT(*) FROM %s.audit_log), (SELECT COUNT(*) FROM "
                          "%s.certificates) > 10\"",
                    RESTORED_DB, RESTORED_DB);
    CU_ASSERT(contains(out, "1\t1\n"));
    free(out);

    /* A second tierd on the restored database. */
    snprintf(path, sizeof path, "%s/tierd2.log", harness_dir());
    snprintf(cert, sizeof cert, "--db-name %s --key-dir '%s'", RESTORED_DB, keys2);
    tierd2 = harness_spawn_tierd(cert, path, &port2);
    CU_ASSERT_FATAL(tierd2 > 0);
    snprintf(hdr, sizeof hdr, "Authorization: Bearer %s\r\n", province);

    /* Every certificate it serves verifies with the restored public key. */
    rc = harness_sh(&serials, "scripts/db sql -N -e \"SELECT serial, key_id FROM %s.certificates "
                              "WHERE revoked_at IS NULL ORDER BY serial LIMIT 30\"",
                    RESTORED_DB);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    for (line = strtok_r(serials, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        char *tab = strchr(line, '\t');
        FILE *f;

        if (tab == NULL)
            continue;
        *tab = '\0';
        snprintf(path, sizeof path, "/v1/certificates/%s/document", line);
        CU_ASSERT_EQUAL_FATAL(http_do_port(port2, "GET", path, hdr, NULL, 0, &a), 0);
        CU_ASSERT_EQUAL(a.status, 200);
        snprintf(cert, sizeof cert, "%s/cert.xml", harness_dir());
        f = fopen(cert, "w");
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        fwrite(a.body, 1, a.len, f);
        fclose(f);
        http_reply_free(&a);
        snprintf(key, sizeof key, "%s/keys/%s.pub.pem", backup, tab + 1);
        rc = harness_sh(&out, "%s verify '%s' --key '%s'", harness_bin("tierctl"), cert, key);
        if (rc != 0)
            fprintf(stderr, "\n    certificate %s: %s\n", line, out ? out : "");
        CU_ASSERT_EQUAL(rc, 0);
        verified += rc == 0;
        free(out);
    }
    free(serials);
    CU_ASSERT(verified >= 10);

    /* The same reports from both daemons, a finished years and the one in progress. */
    for (int year = 2024; year <= 2026; year++) {
        snprintf(path, sizeof path, "/v1/reports/%d", year);
        CU_ASSERT_EQUAL_FATAL(http_do("GET", path, hdr, NULL, 0, &a), 0);
        CU_ASSERT_EQUAL_FATAL(http_do_port(port2, "GET", path, hdr, NULL, 0, &b), 0);
        CU_ASSERT_EQUAL(a.status, 200);
        CU_ASSERT_EQUAL(b.status, 200);
        strip_generated(a.body);
        strip_generated(b.body);
        CU_ASSERT_STRING_EQUAL(a.body, b.body);
        CU_ASSERT(contains(a.body, "<issued>")); /* not an empty report */
        http_reply_free(&a);
        http_reply_free(&b);
    }
}

static void test_restore_refuses_a_database_with_data_and_a_changed_backup(void)
{
    char *out = NULL;
    int rc;

    rc = harness_sh(&out, "%s --config '%s' restore '%s'", harness_bin("tierctl"), conf2, backup);
    CU_ASSERT_EQUAL(rc, 1);
    CU_ASSERT(contains(out, "database " RESTORED_DB " holds "));
    CU_ASSERT(contains(out, "restore only into an empty database"));
    free(out);

    rc = harness_sh(&out, "cp -r '%s' '%s-changed' && echo '-- one more line' >>'%s-changed/tierd.sql' "
                          "&& %s --config '%s' restore '%s-changed'",
                    backup, backup, backup, harness_bin("tierctl"), conf2, backup);
    CU_ASSERT_EQUAL(rc, 1);
    CU_ASSERT(contains(out, "tierd.sql has SHA-256 "));
    CU_ASSERT(contains(out, "the backup was changed or damaged"));
    free(out);

    rc = harness_sh(&out, "%s backup", harness_bin("tierctl"));
    CU_ASSERT_EQUAL(rc, 2);
    CU_ASSERT(contains(out, "usage: tierctl backup DIR"));
    free(out);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("backup", suite_init, suite_clean);
    CU_add_test(s, "a backup holds the dump and the public keys, no private key",
                test_backup_holds_the_dump_and_public_keys_only);
    CU_add_test(s, "restored into an empty database: audit chain, certificates and report hold",
                test_restore_into_an_empty_database_keeps_audit_certificates_and_report);
    CU_add_test(s, "restore refuses a database with data and a changed backup",
                test_restore_refuses_a_database_with_data_and_a_changed_backup);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed() +
             CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
