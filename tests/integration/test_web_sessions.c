/*
 * test_web_sessions.c — passwords, sessions and sign-in lock-out in the real
 * private MariaDB (store/web_sessions.c over sql/050_web_sessions.sql), with
 * the real scrypt, session and CSRF code on top: what a sign-in will do.
 *
 * Ages are made by moving a row's timestamps back with a plain UPDATE, so no
 * test waits for a clock.
 */
#include "harness.h"

#include "tier/config.h"
#include "tier/db.h"
#include "tier/web_password.h"
#include "tier/web_session.h"
#include "tier/web_sessions_store.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct tier_config cfg, owner_cfg;
static struct db_conn *m;     /* as tierd: db-user, the runtime role */
static struct db_conn *owner; /* as tierctl: disabling an account is an operator's act */
static char err[512];

static int count(const char *sql, int64_t id)
{
    int64_t n = -1;
    struct db_param p[1] = {{'i', id, NULL, 0}};
    struct db_col c[1] = {{'i', &n, sizeof n, 0, 0, 0}};
    unsigned int e;

    if (db_query(m, &(struct db_select){sql, p, 1, c, 1, NULL, NULL}, &e, err, sizeof err) != 1)
        return -1;
    return (int)n;
}

/* Make a reviewer account with a password; its id. */
static uint64_t reviewer(const char *name, const char *password)
{
    char tok[128], enc[PASSWORD_ENCODED_MAX];
    struct principal who;
    char stored[WEB_PASSWORD_COL_MAX];

    if (harness_account(name, "--role city-reviewer --city 370100", tok, sizeof tok) != 0)
        return 0;
    if (password_hash(password, strlen(password), enc) != 0 ||
        store_password_set(m, name, enc, err, sizeof err) != STORE_OK ||
        store_password_get(m, name, &who, stored, err, sizeof err) != STORE_OK)
        return 0;
    return who.account_id;
}

static void test_password_set_and_checked_through_the_database(void)
{
    struct principal who;
    char stored[WEB_PASSWORD_COL_MAX];
    uint64_t id = reviewer("web.pw", "正确的密码-correct");

    CU_ASSERT_NOT_EQUAL_FATAL(id, 0);
    CU_ASSERT_EQUAL_FATAL(store_password_get(m, "web.pw", &who, stored, err, sizeof err),
                          STORE_OK);
    CU_ASSERT_EQUAL(who.role, ROLE_CITY_REVIEWER);
    CU_ASSERT_STRING_EQUAL(who.city, "370100");
    CU_ASSERT_EQUAL(password_verify("正确的密码-correct", strlen("正确的密码-correct"), stored), 1);
    CU_ASSERT_EQUAL(password_verify("wrong-password", 14, stored), 0);
    /* cleared: the account is token-only again */
    CU_ASSERT_EQUAL(store_password_set(m, "web.pw", NULL, err, sizeof err), STORE_OK);
    CU_ASSERT_EQUAL(store_password_get(m, "web.pw", &who, stored, err, sizeof err), STORE_OK);
    CU_ASSERT_STRING_EQUAL(stored, "");
    CU_ASSERT_EQUAL(store_password_set(m, "no.such.account", NULL, err, sizeof err),
                    STORE_NOT_FOUND);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "no.such.account"));
}

static void test_session_round_trip_stores_only_the_hash(void)
{
    struct web_session_new s;
    struct principal who;
    unsigned char id[SESSION_ID_LEN], h[32], secret[32];
    char cookie[128], token[SESSION_CSRF_TOKEN_LEN + 1];
    uint64_t acc = reviewer("web.session", "session-password-1");

    CU_ASSERT_NOT_EQUAL_FATAL(acc, 0);
    CU_ASSERT_EQUAL_FATAL(web_session_create(&s), 0);
    CU_ASSERT_EQUAL_FATAL(store_session_insert(m, s.id_hash, acc, s.csrf_secret, err, sizeof err),
                          STORE_OK);
    CU_ASSERT_EQUAL_FATAL(web_csrf_token(s.id, s.csrf_secret, token), 0);
    /* the next request: the browser sends the cookie back */
    snprintf(cookie, sizeof cookie, "tierd_session=%s", s.cookie);
    CU_ASSERT_EQUAL_FATAL(web_session_from_cookie(cookie, 0, id, h), 1);
    CU_ASSERT_EQUAL_FATAL(store_session_find(m, h, SESSION_IDLE_SECONDS,
                                             SESSION_ABSOLUTE_SECONDS, &who, secret, err,
                                             sizeof err),
                          STORE_OK);
    CU_ASSERT_EQUAL(who.account_id, acc);
    CU_ASSERT_STRING_EQUAL(who.name, "web.session");
    CU_ASSERT_EQUAL(web_csrf_check(id, secret, token), 1);
    /* nothing in the table is the cookie's own bits */
    {
        struct db_param p[1] = {{'b', 0, s.id, SESSION_ID_LEN}};
        int64_t n = -1;
        struct db_col c[1] = {{'i', &n, sizeof n, 0, 0, 0}};
        unsigned int e;
        CU_ASSERT_EQUAL(db_query(m,
                                 &(struct db_select){
                                     "SELECT COUNT(*) FROM web_sessions WHERE id_sha256 = ? OR "
                                     "csrf_secret = ?",
                                     (struct db_param[]){p[0], p[0]}, 2, c, 1, NULL, NULL},
                                 &e, err, sizeof err),
                        1);
        CU_ASSERT_EQUAL(n, 0);
    }
    /* sign-out */
    CU_ASSERT_EQUAL(store_session_delete(m, h, err, sizeof err), STORE_OK);
    CU_ASSERT_EQUAL(store_session_find(m, h, SESSION_IDLE_SECONDS, SESSION_ABSOLUTE_SECONDS,
                                       &who, secret, err, sizeof err),
                    STORE_NOT_FOUND);
    web_session_wipe(&s);
}

static enum store_result find_after(const char *move_sql, uint64_t acc, int *touched)
{
    struct web_session_new s;
    struct principal who;
    unsigned char secret[32];
    enum store_result r;
    unsigned int e;

    if (web_session_create(&s) != 0 ||
        store_session_insert(m, s.id_hash, acc, s.csrf_secret, err, sizeof err) != STORE_OK ||
        db_exec(m, move_sql, "b", NULL, NULL, &e, err, sizeof err, s.id_hash, (size_t)32) != 0)
        return STORE_ERROR;
    r = store_session_find(m, s.id_hash, SESSION_IDLE_SECONDS, SESSION_ABSOLUTE_SECONDS, &who,
                           secret, err, sizeof err);
    if (touched != NULL) {
        struct db_param p[1] = {{'b', 0, s.id_hash, 32}};
        int64_t n = -1;
        struct db_col c[1] = {{'i', &n, sizeof n, 0, 0, 0}};
        db_query(m,
                 &(struct db_select){
                     "SELECT last_seen_at > CURRENT_TIMESTAMP(6) - INTERVAL 5 SECOND FROM "
                     "web_sessions WHERE id_sha256 = ?",
                     p, 1, c, 1, NULL, NULL},
                 &e, err, sizeof err);
        *touched = (int)n;
    }
    web_session_wipe(&s);
    return r;
}

static void test_session_expires_idle_and_absolute_by_the_database_clock(void)
{
    uint64_t acc = reviewer("web.expiry", "expiry-password-1");
    int touched = -1;

    CU_ASSERT_NOT_EQUAL_FATAL(acc, 0);
    /* idle 29 minutes: alive, and marked seen now */
    CU_ASSERT_EQUAL(find_after("UPDATE web_sessions SET created_at = created_at - INTERVAL 29 "
                               "MINUTE, last_seen_at = last_seen_at - INTERVAL 29 MINUTE "
                               "WHERE id_sha256 = ?",
                               acc, &touched),
                    STORE_OK);
    CU_ASSERT_EQUAL(touched, 1);
    /* idle 31 minutes: gone */
    CU_ASSERT_EQUAL(find_after("UPDATE web_sessions SET created_at = created_at - INTERVAL 31 "
                               "MINUTE, last_seen_at = last_seen_at - INTERVAL 31 MINUTE "
                               "WHERE id_sha256 = ?",
                               acc, NULL),
                    STORE_NOT_FOUND);
    /* busy, but 12 hours and a second old: gone */
    CU_ASSERT_EQUAL(find_after("UPDATE web_sessions SET created_at = created_at - INTERVAL "
                               "43201 SECOND WHERE id_sha256 = ?",
                               acc, NULL),
                    STORE_NOT_FOUND);
    /* seen 10 seconds ago: alive and not written again */
    CU_ASSERT_EQUAL(find_after("UPDATE web_sessions SET last_seen_at = last_seen_at - INTERVAL "
                               "10 SECOND, created_at = created_at - INTERVAL 10 SECOND "
                               "WHERE id_sha256 = ?",
                               acc, &touched),
                    STORE_OK);
    CU_ASSERT_EQUAL(touched, 0);
    /* the purge removes the dead ones, keeps the live */
    {
        uint64_t removed = 0;
        CU_ASSERT_EQUAL(store_sessions_purge(m, SESSION_IDLE_SECONDS, SESSION_ABSOLUTE_SECONDS,
                                             1000, &removed, err, sizeof err),
                        STORE_OK);
        CU_ASSERT_TRUE(removed >= 2);
        CU_ASSERT_EQUAL(count("SELECT COUNT(*) FROM web_sessions WHERE account_id = ?",
                              (int64_t)acc),
                        2);
    }
}

static void test_disabled_account_or_new_password_ends_sessions(void)
{
    struct web_session_new s;
    struct principal who;
    unsigned char secret[32];
    char enc[PASSWORD_ENCODED_MAX], stored[WEB_PASSWORD_COL_MAX];
    uint64_t acc = reviewer("web.disable", "disable-password-1");
    unsigned int e;

    CU_ASSERT_NOT_EQUAL_FATAL(acc, 0);
    CU_ASSERT_EQUAL_FATAL(web_session_create(&s), 0);
    CU_ASSERT_EQUAL(store_session_insert(m, s.id_hash, acc, s.csrf_secret, err, sizeof err),
                    STORE_OK);
    CU_ASSERT_EQUAL(db_exec(owner, "UPDATE accounts SET disabled_at = CURRENT_TIMESTAMP(6) "
                               "WHERE id = ?",
                            "i", NULL, NULL, &e, err, sizeof err, (int64_t)acc),
                    0);
    CU_ASSERT_EQUAL(store_session_find(m, s.id_hash, SESSION_IDLE_SECONDS,
                                       SESSION_ABSOLUTE_SECONDS, &who, secret, err, sizeof err),
                    STORE_NOT_FOUND);
    CU_ASSERT_EQUAL(store_password_get(m, "web.disable", &who, stored, err, sizeof err),
                    STORE_NOT_FOUND);
    CU_ASSERT_EQUAL(db_exec(owner, "UPDATE accounts SET disabled_at = NULL WHERE id = ?", "i",
                            NULL, NULL, &e, err, sizeof err, (int64_t)acc),
                    0);
    CU_ASSERT_EQUAL(store_session_find(m, s.id_hash, SESSION_IDLE_SECONDS,
                                       SESSION_ABSOLUTE_SECONDS, &who, secret, err, sizeof err),
                    STORE_OK);
    /* a new password signs every browser out */
    CU_ASSERT_EQUAL_FATAL(password_hash("another-password-2", 18, enc), 0);
    CU_ASSERT_EQUAL(store_password_set(m, "web.disable", enc, err, sizeof err), STORE_OK);
    CU_ASSERT_EQUAL(store_session_find(m, s.id_hash, SESSION_IDLE_SECONDS,
                                       SESSION_ABSOLUTE_SECONDS, &who, secret, err, sizeof err),
                    STORE_NOT_FOUND);
    web_session_wipe(&s);
}

static void test_fifth_failure_locks_the_account_for_every_daemon(void)
{
    uint64_t acc = reviewer("web.lock", "lock-password-1");
    int failures = 0;
    int64_t left = -1;
    struct db_conn *other;
    unsigned int e;

    CU_ASSERT_NOT_EQUAL_FATAL(acc, 0);
    other = db_connect(&cfg, err, sizeof err); /* a second daemon's connection */
    CU_ASSERT_PTR_NOT_NULL_FATAL(other);
    for (int i = 1; i <= 4; i++) {
        struct db_conn *h = i % 2 ? m : other;
        CU_ASSERT_EQUAL(store_signin_failed(h, acc, 5, 900, &failures, &left, err, sizeof err),
                        STORE_OK);
        CU_ASSERT_EQUAL(failures, i);
        CU_ASSERT_EQUAL(left, 0);
    }
    CU_ASSERT_EQUAL(store_signin_locked(other, acc, &left, err, sizeof err), STORE_OK);
    CU_ASSERT_EQUAL(left, 0);
    CU_ASSERT_EQUAL(store_signin_failed(other, acc, 5, 900, &failures, &left, err, sizeof err),
                    STORE_OK);
    CU_ASSERT_EQUAL(failures, 5);
    CU_ASSERT_TRUE(left > 895 && left <= 900);
    CU_ASSERT_EQUAL(store_signin_locked(m, acc, &left, err, sizeof err), STORE_OK);
    CU_ASSERT_TRUE(left > 895 && left <= 900);
    /* the lock runs out: the next failure starts a new count */
    CU_ASSERT_EQUAL(db_exec(m, "UPDATE web_signin_failures SET locked_until = "
                               "CURRENT_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE account_id = ?",
                            "i", NULL, NULL, &e, err, sizeof err, (int64_t)acc),
                    0);
    CU_ASSERT_EQUAL(store_signin_locked(m, acc, &left, err, sizeof err), STORE_OK);
    CU_ASSERT_EQUAL(left, 0);
    CU_ASSERT_EQUAL(store_signin_failed(m, acc, 5, 900, &failures, &left, err, sizeof err),
                    STORE_OK);
    CU_ASSERT_EQUAL(failures, 1);
    CU_ASSERT_EQUAL(left, 0);
    /* a success forgets */
    CU_ASSERT_EQUAL(store_signin_succeeded(m, acc, err, sizeof err), STORE_OK);
    CU_ASSERT_EQUAL(count("SELECT COUNT(*) FROM web_signin_failures WHERE account_id = ?",
                          (int64_t)acc),
                    0);
    db_close(other);
}

static int suite_init(void)
{
    if (harness_start() != 0)
        return -1;
    config_defaults(&cfg);
    if (config_load_file(&cfg, harness_config(), err, sizeof err) != 0 ||
        config_load_password(&cfg, err, sizeof err) != 0) {
        fprintf(stderr, "test_web_sessions: %s\n", err);
        return -1;
    }
    m = db_connect(&cfg, err, sizeof err);
    config_defaults(&owner_cfg);
    if (m == NULL || config_load_file(&owner_cfg, harness_config(), err, sizeof err) != 0 ||
        !config_use_owner(&owner_cfg) || config_load_password(&owner_cfg, err, sizeof err) != 0 ||
        (owner = db_connect(&owner_cfg, err, sizeof err)) == NULL) {
        fprintf(stderr, "test_web_sessions: %s\n", err);
        return -1;
    }
    return 0;
}

static int suite_clean(void)
{
    db_close(m);
    db_close(owner);
    config_wipe(&cfg);
    config_wipe(&owner_cfg);
    return harness_stop();
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("web_sessions", suite_init, suite_clean);
    CU_add_test(s, "password set and checked through the database",
                test_password_set_and_checked_through_the_database);
    CU_add_test(s, "session round trip stores only the hash",
                test_session_round_trip_stores_only_the_hash);
    CU_add_test(s, "session expires idle and absolute by the database clock",
                test_session_expires_idle_and_absolute_by_the_database_clock);
    CU_add_test(s, "disabled account or new password ends sessions",
                test_disabled_account_or_new_password_ends_sessions);
    CU_add_test(s, "fifth failure locks the account for every daemon",
                test_fifth_failure_locks_the_account_for_every_daemon);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
