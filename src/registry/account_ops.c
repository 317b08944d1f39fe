/*
 * account_ops.c — the operators' use cases on accounts and bearer tokens
 * (see registry.h): add, disable, enable, get, list; issue, list, revoke.
 *
 * The policy lives here: which role binds a USCC or a city, what a name
 * and a password must be; the store keeps rows. Every write runs in one
 * transaction with its audit row, and ends in reg_op_write_end (operators.c)
 * so a lost COMMIT, a server that cannot write and a plain failure are told
 * apart. A refusal names its field, for the admin pages to place it.
 * Thread-safe: each call borrows its own connection.
 */
#include "registry_int.h"

#include "tier/accounts.h"
#include "tier/city.h"
#include "tier/db.h"
#include "tier/uscc.h"
#include "tier/web_password.h"

#include <openssl/crypto.h>

#include <stdio.h>
#include <string.h>

/* A borrowed connection, or NULL with res saying "unavailable". */
static struct db_conn *conn(struct registry *r, struct op_result *res)
{
    char err[512];
    struct db_conn *m = reg_conn_get(r, err, sizeof err);

    if (m == NULL)
        reg_op_unavailable(res, err);
    return m;
}

void reg_op_refuse_password(struct op_result *res, const char *why)
{
    const char *sep = strstr(why, "/ ");
    size_t zh_len;

    res->outcome = OP_REFUSED;
    res->field = "password";
    res->says.code = "refused";
    if (sep == NULL) {
        snprintf(res->says.zh, sizeof res->says.zh, "密码不符合要求");
        snprintf(res->says.en, sizeof res->says.en, "%s", why);
        return;
    }
    zh_len = (size_t)(sep - why);
    while (zh_len > 0 && why[zh_len - 1] == ' ')
        zh_len--;
    snprintf(res->says.zh, sizeof res->says.zh, "%.*s", (int)zh_len, why);
    snprintf(res->says.en, sizeof res->says.en, "%s", sep + 2);
}

static int given(const char *s)
{
    return s != NULL && s[0] != '\0';
}

/* Is a's role bound as it must be? 1, or 0 with res refused at the field. */
static int binding_ok(const struct reg_account_new *a, struct op_result *res)
{
    enum uscc_error ue;

    if (a->role == ROLE_ENTERPRISE) {
        if (!given(a->uscc) || given(a->city)) {
            reg_op_refuse(res, OP_REFUSED, given(a->uscc) ? "city" : "uscc",
                          "企业账户须填写统一社会信用代码，且不选城市",
                          "an enterprise account is bound to one USCC: give --uscc CODE and no "
                          "--city");
            return 0;
        }
        ue = uscc_check(a->uscc, strlen(a->uscc), NULL);
        if (ue != USCC_OK) {
            reg_op_refuse(res, OP_REFUSED, "uscc",
                          "统一社会信用代码有误：须为18位，校验位正确（GB 32100-2015）",
                          "--uscc %s: %s", a->uscc, uscc_strerror(ue));
            return 0;
        }
    } else if (a->role == ROLE_CITY_REVIEWER) {
        if (!given(a->city) || given(a->uscc)) {
            reg_op_refuse(res, OP_REFUSED, given(a->city) ? "uscc" : "city",
                          "市级审核员须选择所属城市，且不填统一社会信用代码",
                          "a city reviewer is bound to one city: give --city CODE (e.g. 370100) "
                          "and no --uscc");
            return 0;
        }
        if (city_by_code(a->city) == NULL) {
            reg_op_refuse(res, OP_REFUSED, "city",
                          "城市须为山东省 16 个地市之一（370100 济南 … 371700 菏泽）",
                          "--city %s is not one of Shandong's 16 city codes (370100 济南 … "
                          "371700 菏泽)",
                          a->city);
            return 0;
        }
    } else if (given(a->uscc) || given(a->city)) {
        reg_op_refuse(res, OP_REFUSED, given(a->uscc) ? "uscc" : "city",
                      "省级审核员和管理员账户不绑定统一社会信用代码或城市",
                      "a %s account is not bound to a USCC or a city", role_name(a->role));
        return 0;
    }
    return 1;
}

void registry_account_add(struct registry *r, const struct reg_account_new *a,
                          const char *actor, struct op_result *res)
{
    char err[512], enc[PASSWORD_ENCODED_MAX], zh[REG_SAY_ZH];
    struct account_new row = {a->name, a->role, given(a->uscc) ? a->uscc : NULL,
                              given(a->city) ? a->city : NULL, NULL};
    struct db_conn *m;
    enum store_result sr;

    if (!account_name_valid(a->name)) {
        reg_op_refuse(res, OP_REFUSED, "name",
                      "账户名须为 1 至 100 个字符，只能用字母、数字和 . _ @ -",
                      "account name '%s' is not 1-100 characters of A-Z a-z 0-9 . _ @ -",
                      a->name ? a->name : "");
        return;
    }
    if (a->role == ROLE_NONE) {
        reg_op_refuse(res, OP_REFUSED, "role", "请选择角色",
                      "unknown role (enterprise, city-reviewer, province-reviewer, admin)");
        return;
    }
    if (!binding_ok(a, res))
        return;
    if (a->password != NULL && a->password_len > 0) {
        if (password_acceptable(a->password, a->password_len, err, sizeof err) != 1) {
            reg_op_refuse_password(res, err);
            return;
        }
        if (password_hash(a->password, a->password_len, enc) != 0) {
            res->outcome = OP_ERROR;
            res->field = NULL;
            reg_say_error(&res->says, "the password could not be hashed (OpenSSL scrypt failed)");
            return;
        }
        row.password_hash = enc;
    }
    m = conn(r, res);
    if (m != NULL) {
        sr = account_add(m, &row, actor, err, sizeof err);
        if (reg_op_write_end(r, m, sr, "请在账户列表中查看", "tierctl account list shows whether it was",
                             err, res) == 0) {
            snprintf(zh, sizeof zh, "账户名“%s”已被使用", a->name);
            reg_op_refuse(res, OP_EXISTS, "name", zh, "an account named '%s' already exists",
                          a->name);
        }
    }
    OPENSSL_cleanse(enc, sizeof enc);
}

/* Disable (on = 0) or enable (1) an account. */
static void account_switch(struct registry *r, const char *name, int on, const char *actor,
                           struct op_result *res)
{
    char err[512], zh[REG_SAY_ZH];
    struct db_conn *m = conn(r, res);
    enum store_result sr;

    if (m == NULL)
        return;
    sr = on ? account_enable(m, name, actor, err, sizeof err)
            : account_disable(m, name, actor, err, sizeof err);
    if (reg_op_write_end(r, m, sr, "请在账户列表中查看", "tierctl account list shows whether it was",
                         err, res) != 0)
        return;
    snprintf(zh, sizeof zh, on ? "没有名为“%s”的已停用账户" : "没有名为“%s”的启用中账户",
             name);
    reg_op_refuse(res, OP_NOT_FOUND, "name", zh,
                  on ? "no disabled account named '%s'" : "no enabled account named '%s'", name);
}

void registry_account_disable(struct registry *r, const char *name, const char *actor,
                              struct op_result *res)
{
    account_switch(r, name, 0, actor, res);
}

void registry_account_enable(struct registry *r, const char *name, const char *actor,
                             struct op_result *res)
{
    account_switch(r, name, 1, actor, res);
}

void registry_account_get(struct registry *r, const char *name, struct principal *out,
                          struct op_result *res)
{
    char err[512], zh[REG_SAY_ZH];
    struct db_conn *m = conn(r, res);
    int n;

    if (m == NULL)
        return;
    n = account_get(m, name, out, err, sizeof err);
    if (n < 0) {
        unsigned int e = db_last_errnum(m);
        reg_op_read_end(r, m, e != 0 ? store_classify(e) : STORE_ERROR, err, res);
        return;
    }
    if (reg_op_read_end(r, m, n == 1 ? STORE_OK : STORE_NOT_FOUND, err, res))
        return;
    snprintf(zh, sizeof zh, "没有名为“%s”的启用中账户", name);
    reg_op_refuse(res, OP_NOT_FOUND, "name", zh, "no enabled account named '%s'", name);
}

void registry_account_list(struct registry *r, account_row_fn each, void *ctx,
                           struct op_result *res)
{
    char err[512];
    struct db_conn *m = conn(r, res);

    if (m != NULL)
        reg_op_read_end(r, m, account_list(m, each, ctx, err, sizeof err), err, res);
}

void registry_token_issue(struct registry *r, const char *name, int days, const char *actor,
                          char token_out[TOKEN_LEN + 1], struct op_result *res)
{
    char err[512], zh[REG_SAY_ZH];
    struct db_conn *m = conn(r, res);

    token_out[0] = '\0';
    if (m == NULL)
        return;
    /* a token whose COMMIT was lost is never shown, so it is unusable either
     * way: issuing another is the remedy */
    if (reg_op_write_end(r, m, token_issue(m, name, days, actor, token_out, err, sizeof err),
                         "令牌从未显示，无法使用：请重新签发",
                         "the token was never shown, so it cannot be used: issue another", err,
                         res) != 0) {
        if (res->outcome != OP_DONE)
            OPENSSL_cleanse(token_out, TOKEN_LEN + 1);
        return;
    }
    snprintf(zh, sizeof zh, "没有名为“%s”的启用中账户", name);
    reg_op_refuse(res, OP_NOT_FOUND, "name", zh, "no enabled account named '%s'", name);
}

void registry_token_list(struct registry *r, const char *name, token_row_fn each, void *ctx,
                         struct op_result *res)
{
    char err[512], zh[REG_SAY_ZH];
    struct db_conn *m = conn(r, res);

    if (m == NULL)
        return;
    if (reg_op_read_end(r, m, token_list(m, name, each, ctx, err, sizeof err), err, res) ||
        res->outcome == OP_UNAVAILABLE || res->outcome == OP_ERROR)
        return;
    snprintf(zh, sizeof zh, "没有名为“%s”的账户", name);
    reg_op_refuse(res, OP_NOT_FOUND, "name", zh, "no account named '%s'", name);
}

void registry_token_revoke(struct registry *r, uint64_t id, const char *actor,
                           struct op_result *res)
{
    char err[512], zh[REG_SAY_ZH];
    struct db_conn *m = conn(r, res);

    if (m == NULL)
        return;
    if (reg_op_write_end(r, m, token_revoke(m, id, actor, err, sizeof err), "请在令牌列表中查看",
                         "tierctl token list NAME shows whether it was", err, res) != 0)
        return;
    snprintf(zh, sizeof zh, "没有编号为 %llu 且尚未撤销的令牌", (unsigned long long)id);
    reg_op_refuse(res, OP_NOT_FOUND, "id", zh,
                  "no token %llu that is not already revoked (tierctl token list NAME shows the "
                  "ids)",
                  (unsigned long long)id);
}

void registry_auth_throttled(struct registry *r, const char *addr, long fails, long wait_s,
                             struct op_result *res)
{
    char err[512];
    struct db_conn *m = conn(r, res);

    if (m != NULL &&
        reg_op_write_end(r, m, token_throttle_audit(m, addr, fails, wait_s, err, sizeof err),
                         "请在审计日志中查看 auth.throttle",
                         "the audit log's auth.throttle rows show whether it was", err,
                         res) == 0) {
        res->outcome = OP_ERROR; /* an insert into the audit chain conflicts with nothing */
        reg_say_error(&res->says, err);
    }
}
