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
#include "tier/city.h"
#include "tier/db.h"
#include "tier/digest.h"
#include "tier/uscc.h"

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

int account_add(struct db_conn *m, const char *name, enum role role, const char *uscc,
                const char *city, const char *actor, char *err, size_t errsz)
{
    char msg[512];
    unsigned int e;
    enum uscc_error ue;

    if (!account_name_valid(name)) {
        snprintf(err, errsz, "account name '%s' is not 1-100 characters of A-Z a-z 0-9 . _ @ -",
                 name ? name : "");
        return -1;
    }
    if (role == ROLE_NONE) {
        snprintf(err, errsz, "unknown role (enterprise, city-reviewer, province-reviewer, admin)");
        return -1;
    }
    if (role == ROLE_ENTERPRISE) {
        if (uscc == NULL || city != NULL) {
            snprintf(err, errsz, "an enterprise account is bound to one USCC: give --uscc CODE "
                                 "and no --city");
            return -1;
        }
        ue = uscc_check(uscc, strlen(uscc), NULL);
        if (ue != USCC_OK) {
            snprintf(err, errsz, "--uscc %s: %s", uscc, uscc_strerror(ue));
            return -1;
        }
    } else if (role == ROLE_CITY_REVIEWER) {
        if (city == NULL || uscc != NULL) {
            snprintf(err, errsz, "a city reviewer is bound to one city: give --city CODE (e.g. "
                                 "370100) and no --uscc");
            return -1;
        }
        if (city_by_code(city) == NULL) {
            snprintf(err, errsz, "--city %s is not one of Shandong's 16 city codes (370100 济南 "
                                 "… 371700 菏泽)", city);
            return -1;
        }
    } else if (uscc != NULL || city != NULL) {
        snprintf(err, errsz, "a %s account is not bound to a USCC or a city", role_name(role));
        return -1;
    }
    {
        char detail[200];
        struct audit_entry a = {actor, "account.add", "account", name, detail};
        snprintf(detail, sizeof detail, "role %s%s%s", role_name(role),
                 uscc ? ", uscc " : city ? ", city " : "", uscc ? uscc : city ? city : "");
        if (db_begin(m, &e, msg, sizeof msg) != 0 ||
            db_exec(m, "INSERT INTO accounts (name, role, uscc, city_code) VALUES (?, ?, ?, ?)",
                    "ssss", NULL, NULL, &e, msg, sizeof msg, name, role_name(role), uscc,
                    city) != 0 ||
            audit_append(m, &a, &e, msg, sizeof msg) != 0 || db_commit(m, &e, msg, sizeof msg) != 0) {
            db_rollback(m);
            if (e == ER_DUP_ENTRY)
                snprintf(err, errsz, "an account named '%s' already exists", name);
            else
                snprintf(err, errsz, "adding account '%s': %s", name, msg);
            return -1;
        }
    }
    return 0;
}

int token_issue(struct db_conn *m, const char *name, int days, const char *actor, char *token_out,
                char *err, size_t errsz)
{
    unsigned char raw[32], hash[SHA256_LEN];
    char msg[512];
    uint64_t n = 0;
    unsigned int e = 0;
    int rc = -1;

    if (RAND_bytes(raw, sizeof raw) != 1) {
        snprintf(err, errsz, "the random generator failed");
        return -1;
    }
    memcpy(token_out, TOKEN_PREFIX, 6);
    digest_hex(raw, sizeof raw, token_out + 6);
    if (digest_sha256(token_out, TOKEN_LEN, hash) != 0) {
        snprintf(err, errsz, "SHA-256 failed");
        goto done;
    }
    if (db_begin(m, &e, msg, sizeof msg) != 0 ||
        db_exec(m,
                "INSERT INTO tokens (account_id, token_sha256, expires_at) "
                "SELECT id, ?, IF(? > 0, CURRENT_TIMESTAMP(6) + INTERVAL ? DAY, NULL) "
                "FROM accounts WHERE name = ? AND disabled_at IS NULL",
                "biis", &n, NULL, &e, msg, sizeof msg, (const void *)hash, sizeof hash,
                (int64_t)days, (int64_t)days, name) != 0) {
        db_rollback(m);
        snprintf(err, errsz, "issuing a token for '%s': %s", name, msg);
        goto done;
    }
    if (n == 0) {
        db_rollback(m);
        snprintf(err, errsz, "no enabled account named '%s'", name);
        goto done;
    }
    {
        /* The audit row names the token by the first 12 hex digits of its
         * hash: enough to tell tokens apart, useless for logging in. */
        char detail[64], hex[SHA256_HEX_LEN + 1];
        struct audit_entry a = {actor, "token.issue", "account", name, detail};
        digest_hex(hash, sizeof hash, hex);
        snprintf(detail, sizeof detail, "token sha256 %.12s…, %d days", hex, days);
        if (audit_append(m, &a, &e, msg, sizeof msg) != 0 ||
            db_commit(m, &e, msg, sizeof msg) != 0) {
            db_rollback(m);
            snprintf(err, errsz, "issuing a token for '%s': %s", name, msg);
            goto done;
        }
    }
    rc = 0;
done:
    OPENSSL_cleanse(raw, sizeof raw);
    if (rc != 0)
        OPENSSL_cleanse(token_out, TOKEN_LEN + 1);
    return rc;
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
    static const char q[] =
        "SELECT a.id, a.name, a.role, COALESCE(a.uscc, ''), COALESCE(a.city_code, ''), "
        "t.token_sha256 FROM tokens t JOIN accounts a ON a.id = t.account_id "
        "WHERE t.token_sha256 = ? AND a.disabled_at IS NULL AND t.revoked_at IS NULL "
        "AND (t.expires_at IS NULL OR t.expires_at > CURRENT_TIMESTAMP(6))";
    unsigned char hash[SHA256_LEN], got[SHA256_LEN];
    char role[32], err[256];
    int64_t id = 0;
    unsigned int e = 0;
    enum auth_result res;
    long n;

    *conn_broken = 0;
    if (!token_well_formed(token))
        return AUTH_MISSING;
    if (digest_sha256(token, TOKEN_LEN, hash) != 0)
        return AUTH_DB_ERROR;
    memset(out, 0, sizeof *out);
    {
        struct db_param p[1] = {{'b', 0, hash, sizeof hash}};
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
        res = out->role == ROLE_NONE ? AUTH_UNKNOWN : AUTH_OK;
    }
    OPENSSL_cleanse(hash, sizeof hash);
    return res;
}

struct list_ctx {
    FILE *f;
    char name[ACCOUNT_NAME_MAX + 1], role[32], bind[32], state[16];
    int64_t ntok;
};

static int list_row(void *arg)
{
    struct list_ctx *x = arg;

    fprintf(x->f, "%-24s %-18s %-18s %-8s %lld\n", x->name, x->role, x->bind, x->state,
            (long long)x->ntok);
    return 0;
}

int account_list(struct db_conn *m, void *stream, char *err, size_t errsz)
{
    struct list_ctx x = {.f = stream};
    struct db_col c[] = {DB_OUT_STR(x.name), DB_OUT_STR(x.role), DB_OUT_STR(x.bind),
                         DB_OUT_STR(x.state), DB_OUT_INT(&x.ntok)};
    char why[256];
    unsigned int e;

    fprintf(x.f, "%-24s %-18s %-18s %-8s %s\n", "NAME", "ROLE", "BOUND TO", "STATE", "TOKENS");
    if (db_query(m,
                 &(struct db_select){
                     "SELECT name, role, COALESCE(uscc, COALESCE(city_code, '')), "
                     "IF(disabled_at IS NULL, 'enabled', 'disabled'), "
                     "(SELECT COUNT(*) FROM tokens t WHERE t.account_id = a.id AND "
                     "t.revoked_at IS NULL) FROM accounts a ORDER BY name",
                     NULL, 0, c, DB_NELEM(c), list_row, &x},
                 &e, why, sizeof why) < 0) {
        snprintf(err, errsz, "listing accounts: %s", why);
        return -1;
    }
    return 0;
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
