/*
 * tokens.c — listing and revoking tokens, disabling and enabling accounts
 * (see accounts.h).
 *
 * Tokens are shown by id and the first 12 hex digits of their SHA-256 (the
 * same prefix the token.issue audit row names): enough to tell them apart,
 * useless for logging in. Every change is audited in its own transaction.
 */
#include "tier/accounts.h"

#include "tier/audit.h"
#include "tier/db.h"

#include <stdio.h>
#include <string.h>

/* One UPDATE and its audit row in one transaction. `what` names the change
 * for err ("revoking token 12"); `none` is the sentence when no row moved. */
static int update_audited(struct db_conn *m, const char *sql, const struct db_param *p, size_t np,
                          const struct audit_entry *a, const char *what, const char *none,
                          char *err, size_t errsz)
{
    char msg[512];
    uint64_t n = 0;
    unsigned int e = 0;

    if (db_begin(m, &e, msg, sizeof msg) != 0 ||
        db_execv(m, sql, p, np, &n, NULL, &e, msg, sizeof msg) != 0) {
        db_rollback(m);
        snprintf(err, errsz, "%s: %s", what, msg);
        return -1;
    }
    if (n == 0) {
        db_rollback(m);
        snprintf(err, errsz, "%s", none);
        return -1;
    }
    if (audit_append(m, a, &e, msg, sizeof msg) != 0 || db_commit(m, &e, msg, sizeof msg) != 0) {
        db_rollback(m);
        snprintf(err, errsz, "%s: %s", what, msg);
        return -1;
    }
    return 0;
}

int account_disable(struct db_conn *m, const char *name, const char *actor, char *err, size_t errsz)
{
    struct db_param p[1] = {{'s', 0, name, 0}};
    struct audit_entry a = {actor, "account.disable", "account", name, ""};
    char what[160], none[160];

    snprintf(what, sizeof what, "disabling account '%s'", name);
    snprintf(none, sizeof none, "no enabled account named '%s'", name);
    return update_audited(m, "UPDATE accounts SET disabled_at = CURRENT_TIMESTAMP(6) "
                             "WHERE name = ? AND disabled_at IS NULL",
                          p, 1, &a, what, none, err, errsz);
}

int account_enable(struct db_conn *m, const char *name, const char *actor, char *err, size_t errsz)
{
    struct db_param p[1] = {{'s', 0, name, 0}};
    struct audit_entry a = {actor, "account.enable", "account", name, ""};
    char what[160], none[160];

    snprintf(what, sizeof what, "enabling account '%s'", name);
    snprintf(none, sizeof none, "no disabled account named '%s'", name);
    return update_audited(m, "UPDATE accounts SET disabled_at = NULL WHERE name = ? AND "
                             "disabled_at IS NOT NULL",
                          p, 1, &a, what, none, err, errsz);
}

int token_revoke(struct db_conn *m, uint64_t id, const char *actor, char *err, size_t errsz)
{
    struct db_param p[1] = {{'i', (int64_t)id, NULL, 0}};
    char subject[24], what[64], none[128];
    struct audit_entry a = {actor, "token.revoke", "token", subject, ""};

    snprintf(subject, sizeof subject, "%llu", (unsigned long long)id);
    snprintf(what, sizeof what, "revoking token %llu", (unsigned long long)id);
    snprintf(none, sizeof none, "no token %llu that is not already revoked (tierctl token list "
                                "NAME shows the ids)", (unsigned long long)id);
    return update_audited(m, "UPDATE tokens SET revoked_at = CURRENT_TIMESTAMP(6) WHERE id = ? "
                             "AND revoked_at IS NULL",
                          p, 1, &a, what, none, err, errsz);
}

struct token_row {
    FILE *f;
    int64_t id;
    char hash[16], created[32], expires[32], state[16];
};

static int token_row_print(void *arg)
{
    struct token_row *x = arg;

    fprintf(x->f, "%-8lld %-14s %-20s %-20s %s\n", (long long)x->id, x->hash, x->created,
            x->expires, x->state);
    return 0;
}

int token_list(struct db_conn *m, const char *name, void *stream, char *err, size_t errsz)
{
    struct token_row x = {.f = stream};
    struct db_param p[1] = {{'s', 0, name, 0}};
    struct db_col c[] = {DB_OUT_INT(&x.id), DB_OUT_STR(x.hash), DB_OUT_STR(x.created),
                         DB_OUT_STR(x.expires), DB_OUT_STR(x.state)};
    struct db_param pa[1] = {{'s', 0, name, 0}};
    int64_t exists = 0;
    struct db_col ca[] = {DB_OUT_INT(&exists)};
    char why[256];
    unsigned int e;

    if (db_query(m, &(struct db_select){"SELECT COUNT(*) FROM accounts WHERE name = ?", pa, 1, ca,
                                        1, NULL, NULL},
                 &e, why, sizeof why) < 0) {
        snprintf(err, errsz, "listing the tokens of '%s': %s", name, why);
        return -1;
    }
    if (exists == 0) {
        snprintf(err, errsz, "no account named '%s'", name);
        return -1;
    }
    fprintf(x.f, "%-8s %-14s %-20s %-20s %s\n", "ID", "SHA-256", "ISSUED", "EXPIRES", "STATE");
    if (db_query(m,
                 &(struct db_select){
                     "SELECT t.id, CONCAT(LOWER(HEX(LEFT(t.token_sha256, 6))), '…'), "
                     "DATE_FORMAT(t.created_at, '%Y-%m-%d %H:%i:%s'), "
                     "COALESCE(DATE_FORMAT(t.expires_at, '%Y-%m-%d %H:%i:%s'), 'never'), "
                     "CASE WHEN t.revoked_at IS NOT NULL THEN 'revoked' "
                     "WHEN t.expires_at IS NOT NULL AND t.expires_at <= CURRENT_TIMESTAMP(6) "
                     "THEN 'expired' WHEN a.disabled_at IS NOT NULL THEN 'disabled' "
                     "ELSE 'valid' END "
                     "FROM tokens t JOIN accounts a ON a.id = t.account_id WHERE a.name = ? "
                     "ORDER BY t.id",
                     p, 1, c, DB_NELEM(c), token_row_print, &x},
                 &e, why, sizeof why) < 0) {
        snprintf(err, errsz, "listing the tokens of '%s': %s", name, why);
        return -1;
    }
    return 0;
}

int token_throttle_audit(struct db_conn *m, const char *addr, long fails, long wait_s,
                         char *err, size_t errsz)
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
        return -1;
    }
    return 0;
}
