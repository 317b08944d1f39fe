/*
 * test_audit.c — the audit log is a hash chain: account changes append rows
 * in the same transaction, and `tierctl audit verify` names the first row
 * that was modified, removed or inserted out of order.
 */
#include "harness.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int suite_init(void)
{
    return harness_start();
}

static int suite_clean(void)
{
    return harness_stop();
}

static int tierctl(char **out, const char *args)
{
    return harness_sh(out, "%s %s", harness_bin("tierctl"), args);
}

static int sql(const char *stmt)
{
    return harness_sh(NULL, "scripts/db sql -e \"%s\"", stmt);
}

static void test_account_changes_append_audit_rows_and_the_chain_verifies(void)
{
    char *out = NULL;

    CU_ASSERT_EQUAL(tierctl(NULL, "account add a1 --role admin"), 0);
    CU_ASSERT_EQUAL(tierctl(NULL, "account add a2 --role city-reviewer --city 370200"), 0);
    CU_ASSERT_EQUAL(tierctl(NULL, "token issue a2"), 0);
    CU_ASSERT_EQUAL(tierctl(NULL, "account disable a1"), 0);
    CU_ASSERT_EQUAL(tierctl(&out, "audit verify"), 0);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "audit log intact: 4 rows") : NULL);
    free(out);
    CU_ASSERT_EQUAL(harness_sh(&out, "scripts/db sql -N -e 'SELECT GROUP_CONCAT(action ORDER "
                                     "BY id) FROM audit_log'"), 0);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "account.add,account.add,token.issue,"
                                             "account.disable") : NULL);
    free(out);
}

static void test_a_failed_change_leaves_no_audit_row(void)
{
    char *out = NULL;

    CU_ASSERT_EQUAL(tierctl(NULL, "account add a1 --role admin"), 1); /* duplicate */
    CU_ASSERT_EQUAL(tierctl(&out, "audit verify"), 0);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "4 rows") : NULL);
    free(out);
}

static void test_a_modified_row_is_named(void)
{
    char *out = NULL;

    CU_ASSERT_EQUAL(sql("UPDATE audit_log SET detail = 'role province-reviewer' WHERE id = 2"), 0);
    CU_ASSERT_EQUAL(tierctl(&out, "audit verify"), 1);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "audit row 2 was modified") : NULL);
    free(out);
    /* put it back: the chain verifies again */
    CU_ASSERT_EQUAL(sql("UPDATE audit_log SET detail = 'role city-reviewer, city 370200' "
                        "WHERE id = 2"), 0);
    CU_ASSERT_EQUAL(tierctl(NULL, "audit verify"), 0);
}

static void test_a_removed_row_is_named(void)
{
    char *out = NULL;

    CU_ASSERT_EQUAL(sql("CREATE TABLE audit_keep AS SELECT * FROM audit_log WHERE id = 3"), 0);
    CU_ASSERT_EQUAL(sql("DELETE FROM audit_log WHERE id = 3"), 0);
    CU_ASSERT_EQUAL(tierctl(&out, "audit verify"), 1);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "row 3 was removed") : NULL);
    free(out);
    CU_ASSERT_EQUAL(sql("INSERT INTO audit_log SELECT * FROM audit_keep"), 0);
    CU_ASSERT_EQUAL(sql("DROP TABLE audit_keep"), 0);
    CU_ASSERT_EQUAL(tierctl(NULL, "audit verify"), 0);
}

static void test_a_row_removed_from_the_end_is_noticed(void)
{
    char *out = NULL;

    CU_ASSERT_EQUAL(sql("CREATE TABLE audit_keep AS SELECT * FROM audit_log WHERE id = 4"), 0);
    CU_ASSERT_EQUAL(sql("DELETE FROM audit_log WHERE id = 4"), 0);
    CU_ASSERT_EQUAL(tierctl(&out, "audit verify"), 1);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "rows were removed from the end") : NULL);
    free(out);
    CU_ASSERT_EQUAL(sql("INSERT INTO audit_log SELECT * FROM audit_keep"), 0);
    CU_ASSERT_EQUAL(sql("DROP TABLE audit_keep"), 0);
}

static void test_a_forged_row_inserted_with_a_fresh_hash_breaks_the_next_link(void)
{
    char *out = NULL;

    /* A forger shifts rows 3..4 up and inserts a plausible row 3: even with
     * a self-consistent hash for the forged row, row 4's link breaks. */
    CU_ASSERT_EQUAL(sql("UPDATE audit_log SET id = id + 10 WHERE id >= 3 ORDER BY id DESC"), 0);
    CU_ASSERT_EQUAL(sql("INSERT INTO audit_log (id, at, actor, action, object_type, object_id, "
                        "detail, prev_sha256, row_sha256) SELECT 3, at, actor, action, "
                        "object_type, 'forged', detail, prev_sha256, row_sha256 FROM audit_log "
                        "WHERE id = 13"), 0);
    CU_ASSERT_EQUAL(tierctl(&out, "audit verify"), 1);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "audit row 3") : NULL);
    free(out);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("audit", suite_init, suite_clean);
    CU_add_test(s, "account changes append audit rows and the chain verifies",
                test_account_changes_append_audit_rows_and_the_chain_verifies);
    CU_add_test(s, "a failed change leaves no audit row", test_a_failed_change_leaves_no_audit_row);
    CU_add_test(s, "a modified row is named", test_a_modified_row_is_named);
    CU_add_test(s, "a removed row is named", test_a_removed_row_is_named);
    CU_add_test(s, "a row removed from the end is noticed",
                test_a_row_removed_from_the_end_is_noticed);
    CU_add_test(s, "a forged row inserted with a fresh hash breaks the next link",
                test_a_forged_row_inserted_with_a_fresh_hash_breaks_the_next_link);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed() +
             CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
