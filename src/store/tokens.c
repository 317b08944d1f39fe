/*
 * tokens.c — listing and revoking tokens, disabling and enabling accounts
 * (see accounts.h). SQL only: the sentences are the registry's.
 *
 * Tokens are listed by id and the first 12 hex digits of their SHA-256 (the
 * same prefix the token.issue audit row names): enough to tell them apart,
 * useless for logging in. Every change is audited in its own transaction.
 */
#include "tier/accounts.h"

#include "tier/audit.h"
#include "tier/db.h"

#include <stdio.h>
#include <string.h>

static enum store_result failed(unsigned int e)
{
    return e == 0 ? STORE_ERROR : store_classify(e);
}

/* One UPDATE and its audit row in one transaction: STORE_NOT_FOUND when no
 * row moved (rolled back). */
static enum store_result update_audited(struct db_conn *m, const char *sql,
                                        const struct db_param *p, size_t np,
                                        const struct audit_entry *a, char *err, size_t errsz)
{
    uint64_t n = 0;
    unsigned int e = 0;

    if (db_begin(m, &e, err, errsz) != 0 ||
        db_execv(m, sql, p, np, &n, NULL, &e, err, errsz) != 0) {
        db_rollback(m);
        return failed(e);
    }
    if (n == 0) {
        db_rollback(m);
        return STORE_NOT_FOUND;
    }
    if (audit_append(m, a, &e, err, errsz) != 0 || db_commit(m, &e, err, errsz) != 0) {
        db_rollback(m);
        return failed(e);
    }
    return STORE_OK;
}

enum store_result account_disable(struct db_conn *m, const char *name, const char *actor,
                                  char *err, size_t errsz)
{
    struct db_param p[1] = {DB_STR(name)};
    struct audit_entry a = {actor, "account.disable", "account", name, ""};

    return update_audited(m, "UPDATE accounts SET disabled_at = CURRENT_TIMESTAMP(6) "
                             "WHERE name = ? AND disabled_at IS NULL",
                          p, 1, &a, err, errsz);
}

enum store_result account_enable(struct db_conn *m, const char *name, const char *actor,
                                 char *err, size_t errsz)
{
    struct db_param p[1] = {DB_STR(name)};
    struct audit_entry a = {actor, "account.enable", "account", name, ""};

    return update_audited(m, "UPDATE accounts SET disabled_at = NULL WHERE name = ? AND "
                             "disabled_at IS NOT NULL",
                          p, 1, &a, err, errsz);
}

enum store_result token_revoke(struct db_conn *m, uint64_t id, const char *actor, char *err,
                               size_t errsz)
{
    struct db_param p[1] = {DB_INT(id)};
    char subject[24];
    struct audit_entry a = {actor, "token.revoke", "token", subject, ""};

    snprintf(subject, sizeof subject, "%llu", (unsigned long long)id);
    return update_audited(m, "UPDATE tokens SET revoked_at = CURRENT_TIMESTAMP(6) WHERE id = ? "
                             "AND revoked_at IS NULL",
                          p, 1, &a, err, errsz);
}

struct token_ctx {
    token_row_fn each;
    void *ctx;
    struct token_row row;
    int64_t state;
};

static int token_row_take(void *arg)
{
    struct token_ctx *x = arg;

    x->row.state = (enum token_state)x->state;
    return x->each(x->ctx, &x->row);
}

enum store_result token_list(struct db_conn *m, const char *name, token_row_fn each, void *ctx,
                             char *err, size_t errsz)
{
    struct token_ctx x = {.each = each, .ctx = ctx};
    struct db_param p[] = {DB_STR(name), DB_INT(TOKEN_LIST_MAX)};
    struct db_col c[] = {DB_OUT_INT(&x.row.id), DB_OUT_STR(x.row.sha256_prefix),
                         DB_OUT_STR(x.row.issued), DB_OUT_STR(x.row.expires),
                         DB_OUT_INT(&x.state)};
    int64_t exists = 0;
    struct db_col ca[] = {DB_OUT_INT(&exists)};
    unsigned int e = 0;

    if (db_query(m, &(struct db_select){"SELECT COUNT(*) FROM accounts WHERE name = ?", p, 1, ca,
                                        1, NULL, NULL},
                 &e, err, errsz) < 0)
        return failed(e);
    if (exists == 0)
        return STORE_NOT_FOUND;
    /* the state's numbers are enum token_state's */
    if (db_query(m,
                 &(struct db_select){
                     "SELECT t.id, LOWER(HEX(LEFT(t.token_sha256, 6))), "
                     "DATE_FORMAT(t.created_at, '%Y-%m-%d %H:%i:%s'), "
                     "COALESCE(DATE_FORMAT(t.expires_at, '%Y-%m-%d %H:%i:%s'), ''), "
                     "CASE WHEN t.revoked_at IS NOT NULL THEN 2 "
                     "WHEN t.expires_at IS NOT NULL AND t.expires_at <= CURRENT_TIMESTAMP(6) "
                     "THEN 1 WHEN a.disabled_at IS NOT NULL THEN 3 ELSE 0 END "
                     "FROM tokens t JOIN accounts a ON a.id = t.account_id WHERE a.name = ? "
                     "ORDER BY t.id LIMIT ?",
                     p, 2, c, DB_NELEM(c), token_row_take, &x},
                 &e, err, errsz) < 0)
        return failed(e);
    return STORE_OK;
}

enum store_result token_throttle_audit(struct db_conn *m, const char *addr, long fails,
                                       long wait_s, char *err, size_t errsz)
{
    char detail[160], msg[512];
    struct audit_entry a = {"tierd", "auth.throttle", "address", addr, detail};
    unsigned int e = 0;

    snprintf(detail, sizeof detail, "%ld wrong bearer tokens in a row; answering 429 for %ld s",
             fails, wait_s);
    if (db_begin(m, &e, msg, sizeof msg) != 0 || audit_append(m, &a, &e, msg, sizeof msg) != 0 ||
        db_commit(m, &e, msg, sizeof msg) != 0) {
        db_rollback(m);
        snprintf(err, errsz, "auditing the throttling of %s: %s", addr, msg);
        return failed(e);
    }
    return STORE_OK;
}
