/*
 * web_session.c — signing in, sessions and passwords as use cases (see
 * registry_web.h). SQL stays in store/web_sessions.c; this file decides:
 * is the account locked, does the password match, what is counted and what
 * goes to the audit log.
 *
 * An unknown name and a wrong password answer the same sentence, so the
 * page does not tell which accounts exist. An unknown name still costs one
 * scrypt (against a hash made once), so the time does not tell either.
 */
#include "registry_int.h"

#include "tier/audit.h"
#include "tier/db.h"
#include "tier/registry_web.h"
#include "tier/web_password.h"
#include "tier/web_sessions_store.h"

#include <openssl/crypto.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static char dummy_hash[PASSWORD_ENCODED_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_make(void)
{
    if (password_hash("tierd-no-such-account", 21, dummy_hash) != 0)
        dummy_hash[0] = '\0';
}

/* One audit row in a transaction of its own; a failure is logged, never
 * shown (the sign-in's answer does not depend on it). */
static void audit_one(struct db_conn *m, const char *actor, const char *action,
                      const char *object, const char *detail)
{
    struct audit_entry a = {actor, action, "account", object, detail};
    unsigned int e = 0;
    char err[256];

    if (db_begin(m, &e, err, sizeof err) != 0 ||
        audit_append(m, &a, &e, err, sizeof err) != 0 ||
        db_commit(m, &e, err, sizeof err) != 0) {
        db_rollback(m);
        fprintf(stderr, "tierd: audit %s of %s not written: %s\n", action, object, err);
    }
}

static void say_wrong(struct signin_result *res)
{
    res->outcome = SIGNIN_WRONG;
    reg_say(&res->says, "signin-refused", "账户名或密码不正确",
            "the account name or the password is not right");
}

void registry_signin(struct registry *r, const char *name, const char *password, size_t len,
                     const char *addr, struct signin_result *res)
{
    char err[256], stored[WEB_PASSWORD_COL_MAX], detail[160];
    struct db_conn *m;
    enum store_result sr = STORE_OK;
    int64_t left = 0;
    int ok;

    memset(res, 0, sizeof *res);
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL) {
        res->outcome = SIGNIN_UNAVAILABLE;
        reg_say_unavailable(&res->says, "nobody was signed in");
        return;
    }
    sr = account_name_valid(name)
             ? store_password_get(m, name, &res->who, stored, err, sizeof err)
             : STORE_NOT_FOUND;
    if (sr == STORE_NOT_FOUND || (sr == STORE_OK && stored[0] == '\0')) {
        pthread_once(&dummy_once, dummy_make);
        (void)password_verify(password, len, dummy_hash);
        say_wrong(res);
        sr = STORE_OK;
        goto out;
    }
    if (sr != STORE_OK)
        goto failed;
    sr = store_signin_locked(m, res->who.account_id, &left, err, sizeof err);
    if (sr != STORE_OK)
        goto failed;
    if (left > 0) {
        res->outcome = SIGNIN_LOCKED;
        res->seconds_left = left;
        reg_say(&res->says, "signin-locked", "",
                "account '%s' is locked after %d failed sign-ins; try again in %lld minutes",
                res->who.name, SIGNIN_LOCK_AT, (long long)((left + 59) / 60));
        snprintf(res->says.zh, sizeof res->says.zh,
                 "密码连续错误%d次，账户已暂时锁定，请%lld分钟后再试", SIGNIN_LOCK_AT,
                 (long long)((left + 59) / 60));
        snprintf(detail, sizeof detail, "locked; from %.60s", addr ? addr : "?");
        audit_one(m, res->who.name, "signin.locked", res->who.name, detail);
        goto out;
    }
    ok = password_verify(password, len, stored);
    if (ok != 1) {
        sr = store_signin_failed(m, res->who.account_id, SIGNIN_LOCK_AT, SIGNIN_LOCK_SECONDS,
                                 &res->failures, &left, err, sizeof err);
        if (sr != STORE_OK)
            goto failed;
        snprintf(detail, sizeof detail, "wrong password (%d in a row); from %.60s",
                 res->failures, addr ? addr : "?");
        audit_one(m, res->who.name, "signin.failed", res->who.name, detail);
        say_wrong(res);
        if (left > 0) {
            res->outcome = SIGNIN_LOCKED;
            res->seconds_left = left;
            reg_say(&res->says, "signin-locked", "",
                    "account '%s' is now locked for %d minutes after %d failed sign-ins",
                    res->who.name, SIGNIN_LOCK_SECONDS / 60, SIGNIN_LOCK_AT);
            snprintf(res->says.zh, sizeof res->says.zh,
                     "密码连续错误%d次，账户已暂时锁定，请%d分钟后再试", SIGNIN_LOCK_AT,
                     SIGNIN_LOCK_SECONDS / 60);
        }
        goto out;
    }
    if (password_needs_rehash(stored)) {
        char fresh[PASSWORD_ENCODED_MAX];
        if (password_hash(password, len, fresh) == 0)
            (void)store_password_set(m, res->who.name, fresh, err, sizeof err);
    }
    if (web_session_create(&res->session) != 0) {
        reg_say_error(&res->says, "the random generator failed");
        res->outcome = SIGNIN_ERROR;
        goto out;
    }
    if ((sr = store_signin_succeeded(m, res->who.account_id, err, sizeof err)) != STORE_OK ||
        (sr = store_session_insert(m, res->session.id_hash, res->who.account_id,
                                   res->session.csrf_secret, err, sizeof err)) != STORE_OK) {
        web_session_wipe(&res->session);
        goto failed;
    }
    snprintf(detail, sizeof detail, "from %.60s", addr ? addr : "?");
    audit_one(m, res->who.name, "signin", res->who.name, detail);
    res->outcome = SIGNIN_OK;
    res->says.code = "signed-in";
    goto out;
failed:
    if (sr == STORE_CONN || sr == STORE_RETRY) {
        res->outcome = SIGNIN_UNAVAILABLE;
        reg_say_unavailable(&res->says, "nobody was signed in");
    } else {
        res->outcome = SIGNIN_ERROR;
        reg_say_error(&res->says, err);
    }
out:
    OPENSSL_cleanse(stored, sizeof stored);
    reg_conn_put(r, m, sr);
}

enum reg_auth registry_session(struct registry *r, const unsigned char id_hash[32],
                               struct principal *who, unsigned char csrf_secret[32])
{
    char err[256];
    struct db_conn *m = reg_conn_get(r, err, sizeof err);
    enum store_result sr;

    if (m == NULL)
        return REG_AUTH_UNAVAILABLE;
    sr = store_session_find(m, id_hash, SESSION_IDLE_SECONDS, SESSION_ABSOLUTE_SECONDS, who,
                            csrf_secret, err, sizeof err);
    reg_conn_put(r, m, sr);
    if (sr == STORE_OK)
        return REG_AUTH_OK;
    if (sr == STORE_NOT_FOUND)
        return REG_AUTH_UNKNOWN;
    if (sr == STORE_ERROR)
        fprintf(stderr, "tierd: session lookup: %s\n", err);
    return REG_AUTH_UNAVAILABLE;
}

int registry_signout(struct registry *r, const unsigned char id_hash[32], char *err,
                     size_t errsz)
{
    struct db_conn *m = reg_conn_get(r, err, errsz);
    enum store_result sr;

    if (m == NULL)
        return -1;
    sr = store_session_delete(m, id_hash, err, errsz);
    reg_conn_put(r, m, sr);
    return sr == STORE_OK ? 0 : -1;
}

void registry_password_set(struct registry *r, const char *name, const char *password,
                           size_t len, const char *actor, struct op_result *res)
{
    char enc[PASSWORD_ENCODED_MAX], err[512], zh[REG_SAY_ZH];
    struct db_conn *m;
    enum store_result sr;

    if (password_acceptable(password, len, err, sizeof err) != 1) {
        reg_op_refuse_password(res, err);
        return;
    }
    if (password_hash(password, len, enc) != 0) {
        res->outcome = OP_ERROR;
        res->field = NULL;
        reg_say_error(&res->says, "the password could not be hashed (OpenSSL scrypt failed)");
        return;
    }
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL) {
        OPENSSL_cleanse(enc, sizeof enc);
        reg_op_unavailable(res, err);
        return;
    }
    sr = store_password_set(m, name, enc, err, sizeof err);
    OPENSSL_cleanse(enc, sizeof enc);
    if (sr == STORE_OK)
        audit_one(m, actor, "account.password", name, "password set; sessions ended");
    if (reg_op_write_end(r, m, sr, "请用新密码登录一次以确认", "sign in with it to see whether it was",
                         err, res) != 0)
        return;
    snprintf(zh, sizeof zh, "没有名为“%s”的账户", name);
    reg_op_refuse(res, OP_NOT_FOUND, "name", zh, "no account named '%s'", name);
}

int registry_sessions_purge(struct registry *r, uint64_t *removed, char *err, size_t errsz)
{
    struct db_conn *m = reg_conn_get(r, err, errsz);
    enum store_result sr;

    *removed = 0;
    if (m == NULL)
        return -1;
    sr = store_sessions_purge(m, SESSION_IDLE_SECONDS, SESSION_ABSOLUTE_SECONDS,
                              REG_SESSIONS_PURGE_MAX, removed, err, errsz);
    reg_conn_put(r, m, sr);
    return sr == STORE_OK ? 0 : -1;
}
