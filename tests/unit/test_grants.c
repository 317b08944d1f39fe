/*
 * test_grants.c — the parser of sql/runtime.grants (store/grants.c): what
 * tierd's runtime role may be given, and what no line can give it.
 */
#include "tier/grants.h"

#include <CUnit/Basic.h>
#include <stdlib.h>
#include <string.h>

static struct grants g;
static char err[512];

static int parse(const char *text)
{
    err[0] = '\0';
    return grants_parse(text, strlen(text), "runtime.grants", &g, err, sizeof err);
}

static void test_the_shipped_file_parses_and_keeps_the_audit_log_append_only(void)
{
    int found = 0;

    CU_ASSERT_EQUAL_FATAL(grants_load("sql", &g, err, sizeof err), 0);
    CU_ASSERT(g.n >= 20);
    for (int i = 0; i < g.n; i++) {
        if (strcmp(g.t[i].table, "audit_log") == 0) {
            CU_ASSERT_STRING_EQUAL(g.t[i].privs, "SELECT, INSERT");
            found = 1;
        }
        CU_ASSERT_PTR_NULL(strstr(g.t[i].privs, "ALL"));
    }
    CU_ASSERT(found);
}

static void test_lines_comments_none_and_update_columns(void)
{
    CU_ASSERT_EQUAL_FATAL(parse("# a comment\n\n"
                                "accounts   SELECT, UPDATE (password_hash, password_set_at)\n"
                                "audit_log  SELECT,INSERT   # append only\n"
                                "schema_migrations -\n"),
                          0);
    CU_ASSERT_EQUAL_FATAL(g.n, 3);
    CU_ASSERT_STRING_EQUAL(g.t[0].privs, "SELECT, UPDATE (`password_hash`, `password_set_at`)");
    CU_ASSERT_STRING_EQUAL(g.t[1].privs, "SELECT, INSERT");
    CU_ASSERT_EQUAL(g.t[1].line, 4);
    CU_ASSERT_STRING_EQUAL(g.t[2].table, "schema_migrations");
    CU_ASSERT_STRING_EQUAL(g.t[2].privs, "");
}

static void test_ddl_all_and_grant_are_refused(void)
{
    static const char *const bad[] = {
        "t SELECT, ALTER\n", "t ALL\n",          "t ALL PRIVILEGES\n", "t DROP\n",
        "t CREATE\n",        "t INDEX\n",        "t SELECT, GRANT\n",  "t TRIGGER\n",
        "t select\n",        "t SELECT; DROP\n", "t SELECT ON x\n",    "t SELECT, SELECT\n",
    };

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CU_ASSERT_EQUAL(parse(bad[i]), -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, "runtime.grants:1: t: "));
    }
    CU_ASSERT_EQUAL(parse("t SELECT, ALTER\n"), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "'ALTER' is not a privilege tierd may hold"));
}

static void test_update_or_delete_on_the_audit_log_is_refused(void)
{
    CU_ASSERT_EQUAL(parse("audit_log SELECT, INSERT, UPDATE\n"), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "UPDATE on audit_log: the audit log is append-only"));
    CU_ASSERT_EQUAL(parse("audit_log SELECT, UPDATE (actor)\n"), -1);
    CU_ASSERT_EQUAL(parse("audit_log DELETE\n"), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "DELETE on audit_log"));
    /* other tables may have them */
    CU_ASSERT_EQUAL(parse("audit_head SELECT, UPDATE\n"), 0);
}

static void test_malformed_lines_are_refused_with_their_number(void)
{
    CU_ASSERT_EQUAL(parse("a SELECT\na SELECT\n"), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "runtime.grants:2: a has a line already (line 1)"));
    CU_ASSERT_EQUAL(parse("\n\nlonely\n"), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "runtime.grants:3: lonely: no privileges given"));
    CU_ASSERT_EQUAL(parse("Bad-Name SELECT\n"), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "runtime.grants:1: a line is `table privileges`"));
    CU_ASSERT_EQUAL(parse("t UPDATE (a, b\n"), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "not closed"));
    CU_ASSERT_EQUAL(parse("t UPDATE (a`, b)\n"), -1);
}

int main(void)
{
    int failed;
    CU_pSuite s;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("grants", NULL, NULL);
    CU_add_test(s, "the shipped file parses and keeps the audit log append-only",
                test_the_shipped_file_parses_and_keeps_the_audit_log_append_only);
    CU_add_test(s, "lines, comments, none and UPDATE columns",
                test_lines_comments_none_and_update_columns);
    CU_add_test(s, "DDL, ALL and GRANT are refused", test_ddl_all_and_grant_are_refused);
    CU_add_test(s, "UPDATE or DELETE on the audit log is refused",
                test_update_or_delete_on_the_audit_log_is_refused);
    CU_add_test(s, "malformed lines are refused with their number",
                test_malformed_lines_are_refused_with_their_number);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed() +
             CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
