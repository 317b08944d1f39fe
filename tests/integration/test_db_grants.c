/*
 * test_db_grants.c — least privilege in the database (issue 13), against the
 * real private MariaDB that scripts/db sets up as in production: tierd's
 * runtime user (db-user, holding the role of sql/runtime.grants) cannot
 * rewrite the audit log, change the schema or raise an account's role;
 * `tierctl migrate`, run as the owner, keeps the role to exactly the file.
 *
 * That tierd does all its work as the runtime user is shown by every other
 * integration test: the harness's tierd connects as db-user.
 */
#include "harness.h"

#include "tier/config.h"
#include "tier/db.h"

#include <CUnit/Basic.h>
#include <mysqld_error.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct tier_config runtime_cfg, owner_cfg;
static struct db_conn *runtime; /* as tierd connects: db-user */
static struct db_conn *owner;   /* as tierctl connects: db-owner */

static struct db_conn *connect_as(struct tier_config *c, int as_owner)
{
    char err[512];
    struct db_conn *m;

    config_defaults(c);
    if (config_load_file(c, harness_config(), err, sizeof err) != 0 ||
        (as_owner && !config_use_owner(c)) || config_load_password(c, err, sizeof err) != 0) {
        fprintf(stderr, "test_db_grants: %s\n", err);
        return NULL;
    }
    m = db_connect(c, err, sizeof err);
    if (m == NULL)
        fprintf(stderr, "test_db_grants: %s\n", err);
    return m;
}

static int suite_init(void)
{
    char tok[200];

    if (harness_start() != 0)
        return -1;
    /* an audit row or two to aim at: making an account writes one */
    if (harness_account("grants-probe", "--role admin", tok, sizeof tok) != 0)
        return -1;
    runtime = connect_as(&runtime_cfg, 0);
    owner = connect_as(&owner_cfg, 1);
    if (runtime == NULL || owner == NULL)
        return -1;
    if (strcmp(runtime_cfg.db_user, owner_cfg.db_user) == 0) {
        fprintf(stderr, "test_db_grants: db-user and db-owner are both %s\n",
                runtime_cfg.db_user);
        return -1;
    }
    return 0;
}

static int suite_clean(void)
{
    db_close(runtime);
    db_close(owner);
    config_wipe(&runtime_cfg);
    config_wipe(&owner_cfg);
    return harness_stop();
}

/* Run sql on m as plain text; the server's error number (0: it ran). */
static unsigned int try_sql(struct db_conn *m, const char *sql)
{
    MYSQL *h = db_handle(m);
    unsigned int e;

    if (mysql_query(h, sql) == 0) {
        MYSQL_RES *r = mysql_store_result(h);
        mysql_free_result(r);
        return 0;
    }
    e = mysql_errno(h);
    return e;
}

/* One number (column col of the first row) from a query run as the owner;
 * -1 on failure. */
static long long owner_col(const char *sql, unsigned col)
{
    MYSQL *h = db_handle(owner);
    MYSQL_RES *r;
    MYSQL_ROW row;
    long long v = -1;

    if (mysql_query(h, sql) != 0 || (r = mysql_store_result(h)) == NULL)
        return -1;
    row = mysql_fetch_row(r);
    if (row != NULL && col < mysql_num_fields(r) && row[col] != NULL)
        v = atoll(row[col]);
    mysql_free_result(r);
    return v;
}

static long long owner_number(const char *sql)
{
    return owner_col(sql, 0);
}

static int denied(unsigned int e)
{
    /* table, column or database command denied */
    return e == ER_TABLEACCESS_DENIED_ERROR || e == ER_COLUMNACCESS_DENIED_ERROR ||
           e == ER_DBACCESS_DENIED_ERROR;
}

static void test_runtime_user_cannot_update_or_delete_an_audit_row(void)
{
    long long rows = owner_number("SELECT COUNT(*) FROM audit_log");
    long long sum = owner_col("CHECKSUM TABLE audit_log", 1);
    unsigned int e;

    CU_ASSERT(rows >= 1);
    /* reading and the checksum work: the user is connected and may read */
    CU_ASSERT_EQUAL(try_sql(runtime, "SELECT COUNT(*) FROM audit_log"), 0);
    e = try_sql(runtime, "UPDATE audit_log SET actor = 'someone else'");
    CU_ASSERT(denied(e));
    e = try_sql(runtime, "DELETE FROM audit_log ORDER BY id DESC LIMIT 1");
    CU_ASSERT(denied(e));
    e = try_sql(runtime, "REPLACE INTO audit_log SELECT * FROM audit_log");
    CU_ASSERT(denied(e));
    e = try_sql(runtime, "TRUNCATE TABLE audit_log");
    CU_ASSERT(denied(e));
    CU_ASSERT_EQUAL(owner_number("SELECT COUNT(*) FROM audit_log"), rows);
    CU_ASSERT_EQUAL(owner_col("CHECKSUM TABLE audit_log", 1), sum);
    /* the same statement is no syntax error: the owner may run it */
    CU_ASSERT_EQUAL(try_sql(owner, "UPDATE audit_log SET actor = actor WHERE id = 0"), 0);
}

static void test_runtime_user_cannot_alter_drop_or_create_tables(void)
{
    unsigned int e;

    e = try_sql(runtime, "ALTER TABLE audit_log ADD COLUMN note INT NULL");
    CU_ASSERT(denied(e));
    e = try_sql(runtime, "DROP TABLE audit_log");
    CU_ASSERT(denied(e));
    e = try_sql(runtime, "ALTER TABLE submissions DROP INDEX sha256");
    CU_ASSERT(denied(e));
    e = try_sql(runtime, "CREATE TABLE stray (id INT)");
    CU_ASSERT(denied(e));
    e = try_sql(runtime, "CREATE TEMPORARY TABLE stray (id INT)");
    CU_ASSERT(denied(e));
    e = try_sql(runtime, "CREATE INDEX by_actor ON audit_log (actor)");
    CU_ASSERT(denied(e));
    e = try_sql(runtime, "GRANT SELECT ON audit_log TO CURRENT_USER");
    CU_ASSERT(e != 0);
    CU_ASSERT_EQUAL(owner_number("SELECT COUNT(*) FROM information_schema.columns WHERE "
                                 "table_schema = DATABASE() AND table_name = 'audit_log' AND "
                                 "column_name = 'note'"),
                    0);
}

static void test_runtime_user_cannot_change_a_role_unrevoke_a_token_or_touch_keys(void)
{
    unsigned int e;

    e = try_sql(runtime, "UPDATE accounts SET role = 'admin'");
    CU_ASSERT(denied(e));
    e = try_sql(runtime, "UPDATE accounts SET name = 'someone-else'");
    CU_ASSERT(denied(e));
    e = try_sql(runtime, "DELETE FROM accounts");
    CU_ASSERT(denied(e));
    e = try_sql(runtime, "UPDATE tokens SET revoked_at = NULL");
    CU_ASSERT(denied(e));
    e = try_sql(runtime, "DELETE FROM tokens");
    CU_ASSERT(denied(e));
    e = try_sql(runtime, "DELETE FROM signing_keys");
    CU_ASSERT(denied(e));
    e = try_sql(runtime, "UPDATE signing_keys SET public_pem = ''");
    CU_ASSERT(denied(e));
    e = try_sql(runtime, "DELETE FROM certificates");
    CU_ASSERT(denied(e));
    /* what the admin pages need it has: the password and disabled columns,
     * checked without a change */
    CU_ASSERT_EQUAL(try_sql(runtime, "UPDATE accounts SET password_hash = password_hash, "
                                     "disabled_at = disabled_at WHERE id = 0"),
                    0);
}

/* tierctl migrate as the owner; its exit status, its output in *out. */
static int migrate(char **out)
{
    return harness_sh(out, "%s migrate", harness_bin("tierctl"));
}

static void test_migrate_takes_back_privileges_the_file_does_not_give(void)
{
    char *out = NULL, sql[300], said[200];

    /* an old deployment's GRANT ALL, on the database and on the table */
    snprintf(sql, sizeof sql, "GRANT ALL PRIVILEGES ON `%s`.* TO `%s`", owner_cfg.db_name,
             owner_cfg.db_role);
    CU_ASSERT_EQUAL(try_sql(owner, sql), 0);
    snprintf(sql, sizeof sql, "GRANT UPDATE, DELETE, ALTER ON audit_log TO `%s`",
             owner_cfg.db_role);
    CU_ASSERT_EQUAL(try_sql(owner, sql), 0);
    /* so the checks below can fail: with these, the update goes through */
    db_close(runtime);
    config_wipe(&runtime_cfg);
    runtime = connect_as(&runtime_cfg, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(runtime);
    CU_ASSERT_EQUAL(try_sql(runtime, "UPDATE audit_log SET actor = actor WHERE id = 0"), 0);
    CU_ASSERT_EQUAL(migrate(&out), 0);
    snprintf(said, sizeof said, "grants: role %s holds what", owner_cfg.db_role);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, said) : NULL);
    free(out);
    /* a new connection: the role's privileges as migrate left them */
    db_close(runtime);
    config_wipe(&runtime_cfg);
    runtime = connect_as(&runtime_cfg, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(runtime);
    CU_ASSERT(denied(try_sql(runtime, "UPDATE audit_log SET actor = actor WHERE id = 0")));
    CU_ASSERT(denied(try_sql(runtime, "DELETE FROM audit_log WHERE id = 0")));
    CU_ASSERT(denied(try_sql(runtime, "CREATE TABLE stray (id INT)")));
    CU_ASSERT_EQUAL(try_sql(runtime, "SELECT COUNT(*) FROM audit_log"), 0);
}

static void test_migrate_refuses_a_table_without_a_line_in_the_grants_file(void)
{
    char *out = NULL;

    CU_ASSERT_EQUAL_FATAL(try_sql(owner, "CREATE TABLE stray_table (id INT PRIMARY KEY)"), 0);
    CU_ASSERT_EQUAL(migrate(&out), 1);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "table stray_table has no line in "
                                             "sql/runtime.grants")
                               : NULL);
    free(out);
    out = NULL;
    CU_ASSERT_EQUAL(try_sql(owner, "DROP TABLE stray_table"), 0);
    CU_ASSERT_EQUAL(migrate(&out), 0);
    free(out);
}

/* How many connections the server has open for user (root sees them all). */
static int connections_of(const char *user)
{
    char *out = NULL;
    int n = -1;

    if (harness_sh(&out, "scripts/db sql -N -e \"SELECT COUNT(*) FROM "
                         "information_schema.processlist WHERE user = '%s'\"",
                   user) == 0 && out != NULL)
        n = atoi(out);
    free(out);
    return n;
}

static void test_tierd_connects_as_the_runtime_user_not_the_owner(void)
{
    struct http_reply r;

    /* tierd's pool holds connections (its health check uses one every
     * second) */
    CU_ASSERT_EQUAL(http_do("GET", "/healthz", NULL, NULL, 0, &r), 0);
    CU_ASSERT_EQUAL(r.status, 200);
    http_reply_free(&r);
    CU_ASSERT(connections_of(runtime_cfg.db_user) >= 2); /* tierd's and this test's */
    CU_ASSERT_EQUAL(connections_of(owner_cfg.db_user), 1); /* this test's only */
}

int main(void)
{
    int failed;
    CU_pSuite s;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("db grants", suite_init, suite_clean);
    CU_add_test(s, "the runtime user cannot update or delete an audit row",
                test_runtime_user_cannot_update_or_delete_an_audit_row);
    CU_add_test(s, "the runtime user cannot alter, drop or create tables",
                test_runtime_user_cannot_alter_drop_or_create_tables);
    CU_add_test(s, "the runtime user cannot change a role, un-revoke a token or touch the keys",
                test_runtime_user_cannot_change_a_role_unrevoke_a_token_or_touch_keys);
    CU_add_test(s, "migrate takes back privileges the file does not give",
                test_migrate_takes_back_privileges_the_file_does_not_give);
    CU_add_test(s, "migrate refuses a table without a line in the grants file",
                test_migrate_refuses_a_table_without_a_line_in_the_grants_file);
    CU_add_test(s, "tierd connects as the runtime user, not the owner",
                test_tierd_connects_as_the_runtime_user_not_the_owner);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed() +
             CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
