/*
 * web_sessions.c — passwords, sessions and sign-in failures in MariaDB (see
 * web_sessions_store.h and sql/050_web_sessions.sql).
 *
 * Kept small and apart on purpose: each function is one or two prepared
 * statements through db_exec/db_query, nothing else. Thread-safe given one
 * handle per thread. The lock-out count is one INSERT … ON DUPLICATE KEY
 * UPDATE, atomic in the row, so two daemons counting at once both count.
 */
#include "tier/web_sessions_store.h"

#include "tier/db.h"
#include "tier/digest.h"

#include <openssl/crypto.h>

#include <stdio.h>
#include <string.h>

static enum store_result failed(unsigned int e)
{
    return e == 0 ? STORE_ERROR : store_classify(e);
}

enum store_result store_password_set(struct db_conn *m, const char *name, const char *encoded,
                                     char *err, size_t errsz)
{
    uint64_t n = 0;
    unsigned int e = 0;
    int64_t id = 0;
    struct db_param p[1] = {{'s', 0, name, 0}};
    struct db_col c[1] = {{'i', &id, sizeof id, 0, 0, 0}};
    long rows;

    rows = db_query(m,
                    &(struct db_select){
                        "SELECT id FROM accounts WHERE name = ?",
                        p, 1, c, 1, NULL, NULL},
                    &e, err, errsz);
    if (rows < 0)
        return failed(e);
    if (rows == 0) {
        snprintf(err, errsz, "no account named '%s'", name);
        return STORE_NOT_FOUND;
    }
    if (db_begin(m, &e, err, errsz) != 0)
        return failed(e);
    if (db_exec(m, "UPDATE accounts SET password_hash = ?, password_set_at = "
                   "IF(? IS NULL, NULL, CURRENT_TIMESTAMP(6)) WHERE id = ?",
                "ssi", &n, NULL, &e, err, errsz, encoded, encoded, id) != 0 ||
        db_exec(m, "DELETE FROM web_sessions WHERE account_id = ?", "i", NULL, NULL, &e, err,
                errsz, id) != 0 ||
        db_exec(m, "DELETE FROM web_signin_failures WHERE account_id = ?", "i", NULL, NULL, &e,
                err, errsz, id) != 0 ||
        db_commit(m, &e, err, errsz) != 0) {
        db_rollback(m);
        return failed(e);
    }
    return STORE_OK;
}

enum store_result store_password_get(struct db_conn *m, const char *name, struct principal *who,
                                     char encoded[WEB_PASSWORD_COL_MAX], char *err,
                                     size_t errsz)
{
    static const char q[] =
        "SELECT id, name, role, COALESCE(uscc, ''), COALESCE(city_code, ''), "
        "COALESCE(password_hash, '') FROM accounts WHERE name = ? AND disabled_at IS NULL";
    struct db_param p[1] = {{'s', 0, name, 0}};
    struct db_col c[6];
    char role[32];
    int64_t id = 0;
    unsigned int e = 0;
    long rows;

    memset(who, 0, sizeof *who);
    encoded[0] = '\0';
    principal_cols(c, who, &id, role, sizeof role);
    c[5] = (struct db_col){'s', encoded, WEB_PASSWORD_COL_MAX, 0, 0, 0};
    rows = db_query(m, &(struct db_select){q, p, 1, c, 6, NULL, NULL}, &e, err, errsz);
    if (rows < 0)
        return failed(e);
    who->role = role_parse(role);
    if (rows == 0 || who->role == ROLE_NONE || c[5].truncated) {
        encoded[0] = '\0';
        snprintf(err, errsz, "no enabled account named '%s'", name);
        return STORE_NOT_FOUND;
    }
    who->account_id = (uint64_t)id;
    return STORE_OK;
}

enum store_result store_session_insert(struct db_conn *m, const unsigned char id_hash[32],
                                       uint64_t account_id,
                                       const unsigned char csrf_secret[32], char *err,
                                       size_t errsz)
{
    unsigned int e = 0;

    if (db_exec(m, "INSERT INTO web_sessions (id_sha256, account_id, csrf_secret) "
                   "VALUES (?, ?, ?)",
                "bib", NULL, NULL, &e, err, errsz, id_hash, (size_t)32, (int64_t)account_id,
                csrf_secret, (size_t)32) != 0)
        return failed(e);
    return STORE_OK;
}

enum store_result store_session_find(struct db_conn *m, const unsigned char id_hash[32], int idle_s,
                                     int absolute_s, struct principal *who,
                                     unsigned char csrf_secret[32], char *err, size_t errsz)
{
    static const char q[] =
        "SELECT a.id, a.name, a.role, COALESCE(a.uscc, ''), COALESCE(a.city_code, ''), "
        "s.csrf_secret, s.id_sha256, "
        "s.last_seen_at < CURRENT_TIMESTAMP(6) - INTERVAL ? SECOND "
        "FROM web_sessions s JOIN accounts a ON a.id = s.account_id "
        "WHERE s.id_sha256 = ? AND a.disabled_at IS NULL "
        "AND s.last_seen_at > CURRENT_TIMESTAMP(6) - INTERVAL ? SECOND "
        "AND s.created_at > CURRENT_TIMESTAMP(6) - INTERVAL ? SECOND";
    struct db_param p[4] = {{'i', WEB_SESSION_TOUCH_SECONDS, NULL, 0},
                            {'b', 0, id_hash, 32},
                            {'i', idle_s, NULL, 0},
                            {'i', absolute_s, NULL, 0}};
    struct db_col c[8];
    unsigned char got[32];
    char role[32];
    int64_t id = 0, stale = 0;
    unsigned int e = 0;
    long rows;

    memset(who, 0, sizeof *who);
    principal_cols(c, who, &id, role, sizeof role);
    c[5] = (struct db_col){'b', csrf_secret, 32, 0, 0, 0};
    c[6] = (struct db_col){'b', got, sizeof got, 0, 0, 0};
    c[7] = (struct db_col){'i', &stale, sizeof stale, 0, 0, 0};
    rows = db_query(m, &(struct db_select){q, p, 4, c, 8, NULL, NULL}, &e, err, errsz);
    if (rows < 0)
        return failed(e);
    who->role = role_parse(role);
    /* found by the index; compared again in constant time */
    if (rows == 0 || c[5].len != 32 || c[6].len != 32 || !digest_equal(got, id_hash, 32) ||
        who->role == ROLE_NONE) {
        OPENSSL_cleanse(csrf_secret, 32);
        memset(who, 0, sizeof *who);
        snprintf(err, errsz, "no live session");
        return STORE_NOT_FOUND;
    }
    who->account_id = (uint64_t)id;
    if (stale &&
        db_exec(m, "UPDATE web_sessions SET last_seen_at = CURRENT_TIMESTAMP(6) "
                   "WHERE id_sha256 = ?",
                "b", NULL, NULL, &e, err, errsz, id_hash, (size_t)32) != 0)
        return failed(e);
    return STORE_OK;
}

enum store_result store_session_delete(struct db_conn *m, const unsigned char id_hash[32],
                                       char *err, size_t errsz)
{
    unsigned int e = 0;

    if (db_exec(m, "DELETE FROM web_sessions WHERE id_sha256 = ?", "b", NULL, NULL, &e, err,
                errsz, id_hash, (size_t)32) != 0)
        return failed(e);
    return STORE_OK;
}

enum store_result store_sessions_purge(struct db_conn *m, int idle_s, int absolute_s,
                                       uint64_t limit, uint64_t *removed, char *err,
                                       size_t errsz)
{
    unsigned int e = 0;
    uint64_t idle = 0, old = 0;

    /* one limit a statement, each through its own index, each bounded: a
     * row that two daemons both delete is simply deleted once */
    if (db_exec(m, "DELETE FROM web_sessions "
                   "WHERE last_seen_at <= CURRENT_TIMESTAMP(6) - INTERVAL ? SECOND LIMIT ?",
                "ii", &idle, NULL, &e, err, errsz, (int64_t)idle_s, (int64_t)limit) != 0 ||
        db_exec(m, "DELETE FROM web_sessions "
                   "WHERE created_at <= CURRENT_TIMESTAMP(6) - INTERVAL ? SECOND LIMIT ?",
                "ii", &old, NULL, &e, err, errsz, (int64_t)absolute_s, (int64_t)limit) != 0)
        return failed(e);
    if (removed != NULL)
        *removed = idle + old;
    return STORE_OK;
}

enum store_result store_signin_locked(struct db_conn *m, uint64_t account_id, int64_t *seconds_left,
                                      char *err, size_t errsz)
{
    static const char q[] =
        "SELECT GREATEST(0, CEIL(TIMESTAMPDIFF(MICROSECOND, CURRENT_TIMESTAMP(6), "
        "locked_until) / 1000000)) FROM web_signin_failures "
        "WHERE account_id = ? AND locked_until > CURRENT_TIMESTAMP(6)";
    struct db_param p[1] = {{'i', (int64_t)account_id, NULL, 0}};
    struct db_col c[1] = {{'i', seconds_left, sizeof *seconds_left, 0, 0, 0}};
    unsigned int e = 0;
    long rows;

    *seconds_left = 0;
    rows = db_query(m, &(struct db_select){q, p, 1, c, 1, NULL, NULL}, &e, err, errsz);
    if (rows < 0)
        return failed(e);
    if (rows == 0)
        *seconds_left = 0;
    return STORE_OK;
}

enum store_result store_signin_failed(struct db_conn *m, uint64_t account_id, int threshold,
                                      int lock_s, int *failures, int64_t *seconds_left, char *err,
                                      size_t errsz)
{
    /* MariaDB applies the assignments left to right, each seeing the ones
     * before: `failures` is the new count when locked_until is computed. A
     * lock that has run out starts the count again. */
    static const char up[] =
        "INSERT INTO web_signin_failures (account_id, failures, locked_until) "
        "VALUES (?, 1, IF(1 >= ?, CURRENT_TIMESTAMP(6) + INTERVAL ? SECOND, NULL)) "
        "ON DUPLICATE KEY UPDATE "
        "failures = IF(locked_until IS NOT NULL AND locked_until <= CURRENT_TIMESTAMP(6), 1, "
        "failures + 1), "
        "first_failed_at = IF(failures = 1, CURRENT_TIMESTAMP(6), first_failed_at), "
        "last_failed_at = CURRENT_TIMESTAMP(6), "
        "locked_until = IF(failures >= ?, CURRENT_TIMESTAMP(6) + INTERVAL ? SECOND, NULL)";
    static const char q[] =
        "SELECT failures, IF(locked_until > CURRENT_TIMESTAMP(6), "
        "CEIL(TIMESTAMPDIFF(MICROSECOND, CURRENT_TIMESTAMP(6), locked_until) / 1000000), 0) "
        "FROM web_signin_failures WHERE account_id = ?";
    struct db_param p[1] = {{'i', (int64_t)account_id, NULL, 0}};
    int64_t n = 0, left = 0;
    struct db_col c[2] = {{'i', &n, sizeof n, 0, 0, 0}, {'i', &left, sizeof left, 0, 0, 0}};
    unsigned int e = 0;

    if (db_exec(m, up, "iiiii", NULL, NULL, &e, err, errsz, (int64_t)account_id,
                (int64_t)threshold, (int64_t)lock_s, (int64_t)threshold, (int64_t)lock_s) != 0)
        return failed(e);
    if (db_query(m, &(struct db_select){q, p, 1, c, 2, NULL, NULL}, &e, err, errsz) < 0)
        return failed(e);
    if (failures != NULL)
        *failures = (int)n;
    if (seconds_left != NULL)
        *seconds_left = left;
    return STORE_OK;
}

enum store_result store_signin_succeeded(struct db_conn *m, uint64_t account_id, char *err,
                                         size_t errsz)
{
    unsigned int e = 0;

    if (db_exec(m, "DELETE FROM web_signin_failures WHERE account_id = ?", "i", NULL, NULL, &e,
                err, errsz, (int64_t)account_id) != 0)
        return failed(e);
    return STORE_OK;
}
