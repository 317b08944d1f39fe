/*
 * accounts.c — accounts and bearer tokens in MariaDB (see accounts.h).
 *
 * Tokens come from OpenSSL's RAND_bytes; only their SHA-256 reaches the
 * database, and the plain token is wiped from memory here once copied out.
 * Authentication is one indexed prepared SELECT joining tokens to enabled
 * accounts, so disabling an account takes effect on the next request.
 * Thread-safe given one connection per thread.
 */
#include "tier/accounts.h"

#include "tier/audit.h"
#include "tier/db.h"
#include "tier/digest.h"

#include <mysqld_error.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>

int account_name_valid(const char *name)
{
    size_t n = name ? strlen(name) : 0;

    if (n == 0 || n > ACCOUNT_NAME_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (!(isalnum(c) || c == '.' || c == '_' || c == '@' || c == '-'))
            return 0;
    }
    return 1;
}

enum store_result account_add(struct db_conn *m, const struct account_new *a, const char *actor,
                              char *err, size_t errsz)
{
    char detail[200];
    const char *bound = a->uscc ? a->uscc : a->city ? a->city : "";
    struct audit_entry au = {actor, "account.add", "account", a->name, detail};
    unsigned int e = 0;

    snprintf(detail, sizeof detail, "role %s%s%s%s", role_name(a->role),
             a->uscc ? ", uscc " : a->city ? ", city " : "", bound,
             a->password_hash ? ", with a password" : "");
    if (db_begin(m, &e, err, errsz) != 0 ||
        db_exec(m,
                "INSERT INTO accounts (name, role, uscc, city_code, password_hash) "
                "VALUES (?, ?, ?, ?, ?)",
                "sssss", NULL, NULL, &e, err, errsz, a->name, role_name(a->role), a->uscc,
                a->city, a->password_hash) != 0 ||
        audit_append(m, &au, &e, err, errsz) != 0 || db_commit(m, &e, err, errsz) != 0) {
        db_rollback(m);
        if (e == ER_DUP_ENTRY)
            return STORE_DUPLICATE;
        return e == 0 ? STORE_ERROR : store_classify(e);
    }
    return STORE_OK;
}

enum store_result token_issue(struct db_conn *m, const char *name, int days, const char *actor,
                              char *token_out, char *err, size_t errsz)
{
    unsigned char raw[32], hash[SHA256_LEN];
    uint64_t n = 0;
    unsigned int e = 0;
    enum store_result sr = STORE_ERROR;

    if (RAND_bytes(raw, sizeof raw) != 1) {
        snprintf(err, errsz, "the random generator failed");
        return STORE_ERROR;
    }
    memcpy(token_out, TOKEN_PREFIX, 6);
    digest_hex(raw, sizeof raw, token_out + 6);
    if (digest_sha256(token_out, TOKEN_LEN, hash) != 0) {
        snprintf(err, errsz, "SHA-256 failed");
        goto done;
    }
    if (db_begin(m, &e, err, errsz) != 0 ||
        db_exec(m,
                "INSERT INTO tokens (account_id, token_sha256, expires_at) "
                "SELECT id, ?, IF(? > 0, CURRENT_TIMESTAMP(6) + INTERVAL ? DAY, NULL) "
                "FROM accounts WHERE name = ? AND disabled_at IS NULL",
                "biis", &n, NULL, &e, err, errsz, (const void *)hash, sizeof hash,
                (int64_t)days, (int64_t)days, name) != 0) {
        db_rollback(m);
        sr = e == 0 ? STORE_ERROR : store_classify(e);
        goto done;
    }
    if (n == 0) {
        db_rollback(m);
        sr = STORE_NOT_FOUND;
        goto done;
    }
    {
        /* The audit row names the token by the first 12 hex digits of its
         * hash: enough to tell tokens apart, useless for logging in. */
        char detail[64], hex[SHA256_HEX_LEN + 1];
        struct audit_entry a = {actor, "token.issue", "account", name, detail};
        digest_hex(hash, sizeof hash, hex);
        snprintf(detail, sizeof detail, "token sha256 %.12s…, %d days", hex, days);
        if (audit_append(m, &a, &e, err, errsz) != 0 || db_commit(m, &e, err, errsz) != 0) {
            db_rollback(m);
            sr = e == 0 ? STORE_ERROR : store_classify(e);
            goto done;
        }
    }
    sr = STORE_OK;
done:
    OPENSSL_cleanse(raw, sizeof raw);
    if (sr != STORE_OK)
        OPENSSL_cleanse(token_out, TOKEN_LEN + 1);
    return sr;
}

static int token_well_formed(const char *t)
{
    if (t == NULL || strlen(t) != TOKEN_LEN || strncmp(t, TOKEN_PREFIX, 6) != 0)
        return 0;
    for (int i = 6; i < TOKEN_LEN; i++) {
        if (!isxdigit((unsigned char)t[i]) || isupper((unsigned char)t[i]))
            return 0;
    }
    return 1;
}

/* See accounts.h. */
void principal_cols(struct db_col *c, struct principal *out, int64_t *id, char *role,
                           size_t rolesz)
{
    c[0] = (struct db_col){'i', id, sizeof *id, 0, 0, 0};
    c[1] = (struct db_col){'s', out->name, sizeof out->name, 0, 0, 0};
    c[2] = (struct db_col){'s', role, rolesz, 0, 0, 0};
    c[3] = (struct db_col){'s', out->uscc, sizeof out->uscc, 0, 0, 0};
    c[4] = (struct db_col){'s', out->city, sizeof out->city, 0, 0, 0};
}

enum auth_result token_authenticate(struct db_conn *m, const char *token, struct principal *out,
                                    int *conn_broken)
{
    unsigned char hash[SHA256_LEN];
    enum auth_result res;

    *conn_broken = 0;
    if (!token_well_formed(token))
        return AUTH_MISSING;
    if (digest_sha256(token, TOKEN_LEN, hash) != 0)
        return AUTH_DB_ERROR;
    res = token_authenticate_hash(m, hash, out, conn_broken);
    OPENSSL_cleanse(hash, sizeof hash);
    return res;
}

enum auth_result token_authenticate_hash(struct db_conn *m, const unsigned char hash[SHA256_LEN],
                                         struct principal *out, int *conn_broken)
{
    static const char q[] =
        "SELECT a.id, a.name, a.role, COALESCE(a.uscc, ''), COALESCE(a.city_code, ''), "
        "t.token_sha256 FROM tokens t JOIN accounts a ON a.id = t.account_id "
        "WHERE t.token_sha256 = ? AND " TOKEN_PASSES_SQL;
    unsigned char got[SHA256_LEN];
    char role[32], err[256];
    int64_t id = 0;
    unsigned int e = 0;
    enum auth_result res;
    long n;

    *conn_broken = 0;
    memset(out, 0, sizeof *out);
    {
        struct db_param p[1] = {{'b', 0, hash, SHA256_LEN}};
        struct db_col c[PRINCIPAL_COLS + 1];
        principal_cols(c, out, &id, role, sizeof role);
        c[PRINCIPAL_COLS] = (struct db_col){'b', got, sizeof got, 0, 0, 0};
        n = db_query(m, &(struct db_select){q, p, 1, c, PRINCIPAL_COLS + 1, NULL, NULL}, &e, err,
                     sizeof err);
        if (n > 0 && c[PRINCIPAL_COLS].len != SHA256_LEN)
            n = 0;
    }
    if (n < 0) {
        /* an error of the server's own (not a client-side 2xxx one) leaves
         * the connection usable */
        *conn_broken = e == 0 || db_error_is_connection(e) || e >= 2000;
        res = AUTH_DB_ERROR;
    } else if (n == 0 || !digest_equal(got, hash, SHA256_LEN)) {
        /* The index found the row by hash; compare again in constant time so
         * nothing here depends on where two hashes differ. */
        res = AUTH_UNKNOWN;
    } else {
        out->account_id = (uint64_t)id;
        out->role = role_parse(role);
        memcpy(out->token_sha256, hash, SHA256_LEN);
        res = out->role == ROLE_NONE ? AUTH_UNKNOWN : AUTH_OK;
    }
    return res;
}

struct list_ctx {
    account_row_fn each;
    void *ctx;
    struct account_row row;
    char role[32];
    int64_t disabled, has_password, ntok;
};

static int list_row(void *arg)
{
    struct list_ctx *x = arg;

    x->row.role = role_parse(x->role);
    x->row.disabled = x->disabled != 0;
    x->row.has_password = x->has_password != 0;
    x->row.tokens = (long)x->ntok;
    return x->each(x->ctx, &x->row);
}

enum store_result account_list(struct db_conn *m, account_row_fn each, void *ctx, char *err,
                               size_t errsz)
{
    struct list_ctx x = {.each = each, .ctx = ctx};
    struct db_col c[] = {DB_OUT_STR(x.row.name), DB_OUT_STR(x.role),  DB_OUT_STR(x.row.uscc),
                         DB_OUT_STR(x.row.city), DB_OUT_INT(&x.disabled),
                         DB_OUT_INT(&x.has_password), DB_OUT_INT(&x.ntok)};
    unsigned int e = 0;

    if (db_query(m,
                 &(struct db_select){
                     "SELECT name, role, COALESCE(uscc, ''), COALESCE(city_code, ''), "
                     "disabled_at IS NOT NULL, password_hash IS NOT NULL, "
                     "(SELECT COUNT(*) FROM tokens t WHERE t.account_id = a.id AND "
                     "t.revoked_at IS NULL) FROM accounts a ORDER BY name LIMIT ?",
                     (struct db_param[]){DB_INT(ACCOUNT_LIST_MAX)}, 1, c, DB_NELEM(c), list_row,
                     &x},
                 &e, err, errsz) < 0)
        return e == 0 ? STORE_ERROR : store_classify(e);
    return STORE_OK;
}

int account_get(struct db_conn *m, const char *name, struct principal *out, char *err, size_t errsz)
{
    struct db_param p[1] = {{'s', 0, name, 0}};
    int64_t id = 0;
    char role[32];
    unsigned int e;
    long n;

    memset(out, 0, sizeof *out);
    {
        struct db_col c[PRINCIPAL_COLS];
        principal_cols(c, out, &id, role, sizeof role);
        n = db_query(m,
                     &(struct db_select){
                         "SELECT id, name, role, COALESCE(uscc, ''), COALESCE(city_code, '') FROM "
                         "accounts WHERE name = ? AND disabled_at IS NULL",
                         p, 1, c, PRINCIPAL_COLS, NULL, NULL},
                     &e, err, errsz);
    }
    if (n < 0)
        return -1;
    if (n == 0)
        return 0;
    out->account_id = (uint64_t)id;
    out->role = role_parse(role);
    return 1;
}
