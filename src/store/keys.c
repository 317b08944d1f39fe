/*
 * keys.c — signing keys in MariaDB (see keys.h). One transaction moves the
 * "active" flag; the audit row goes with it.
 */
#include "tier/keys.h"

#include "tier/audit.h"
#include "tier/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum store_result key_activate(struct db_conn *m, const struct key_new *k, const char *actor,
                 struct key_retired *old, char *err, size_t errsz)
{
    char msg[512];
    unsigned int e = 0;
    struct audit_entry a = {actor, "key.activate", "signing-key", k->id, k->alg};
    struct db_param p[1] = {{'s', 0, k->id, 0}};
    struct db_col c[2] = {{'s', old->id, sizeof old->id, 0, 0, 0},
                          {'s', old->alg, sizeof old->alg, 0, 0, 0}};
    long n;

    old->id[0] = old->alg[0] = '\0';
    n = db_query(m,
                 &(struct db_select){"SELECT key_id, alg FROM signing_keys WHERE active = 1 "
                                     "AND key_id <> ? LIMIT 1 FOR UPDATE",
                                     p, 1, c, 2, NULL, NULL},
                 &e, msg, sizeof msg);
    if (n < 0 ||
        db_exec(m, "INSERT IGNORE INTO signing_keys (key_id, alg, public_pem) VALUES (?, ?, ?)",
                "ssb", NULL, NULL, &e, msg, sizeof msg, k->id, k->alg, (const void *)k->pem,
                k->pem_len) != 0 ||
        db_exec(m, "UPDATE signing_keys SET active = 0, retired_at = CURRENT_TIMESTAMP(6) "
                   "WHERE active = 1 AND key_id <> ?",
                "s", NULL, NULL, &e, msg, sizeof msg, k->id) != 0 ||
        db_exec(m, "UPDATE signing_keys SET active = 1, retired_at = NULL, activated_at = "
                   "COALESCE(activated_at, CURRENT_TIMESTAMP(6)) WHERE key_id = ?",
                "s", NULL, NULL, &e, msg, sizeof msg, k->id) != 0 ||
        audit_append(m, &a, &e, msg, sizeof msg) != 0) {
        snprintf(err, errsz, "activating key %.16s…: %s", k->id, msg);
        return store_classify(e);
    }
    if (n == 0)
        old->id[0] = old->alg[0] = '\0';
    return STORE_OK;
}

int key_active_id(struct db_conn *m, char out[STORE_KEY_ID_LEN + 1], unsigned int *errnum,
                  char *err, size_t errsz)
{
    struct db_col c[1] = {{'s', out, STORE_KEY_ID_LEN + 1, 0, 0, 0}};
    long n = db_query(m,
                      &(struct db_select){
                          "SELECT k.key_id FROM signing_keys k JOIN key_certificates c ON "
                          "c.key_id = k.key_id AND c.purpose = 'signing' WHERE k.active = 1 "
                          "LIMIT 1",
                          NULL, 0, c, 1, NULL, NULL},
                      errnum, err, errsz);

    if (n < 0)
        return -1;
    return n > 0 ? 1 : 0;
}

int key_public_pem(struct db_conn *m, const char *id, char *pem, size_t cap, char alg[17],
                   unsigned int *errnum, char *err, size_t errsz)
{
    struct db_param p[1] = {{'s', 0, id, 0}};
    struct db_col c[2] = {{'s', pem, cap, 0, 0, 0}, {'s', alg, 17, 0, 0, 0}};
    long n = db_query(m,
                      &(struct db_select){
                          "SELECT public_pem, alg FROM signing_keys WHERE key_id = ?", p, 1, c,
                          2, NULL, NULL},
                      errnum, err, errsz);

    if (n < 0)
        return -1;
    if (n > 0 && c[0].truncated) {
        snprintf(err, errsz, "the public key %.16s… is longer than %zu bytes", id, cap - 1);
        *errnum = 0;
        return -1;
    }
    return n > 0 ? 1 : 0;
}

static int key_row(void *arg)
{
    struct key_listing *l = arg;

    l->row.cert_len = l->cols[6].is_null ? 0 : l->cols[6].len;
    return l->fn(&l->row, l->arg);
}

long key_list(struct db_conn *m, int (*fn)(const struct key_listed *, void *), void *arg,
              unsigned int *errnum, char *err, size_t errsz)
{
    struct key_listing *l = calloc(1, sizeof *l);
    long n;

    if (l == NULL) {
        snprintf(err, errsz, "out of memory");
        *errnum = 0;
        return -1;
    }
    l->fn = fn;
    l->arg = arg;
    l->cols[0] = DB_OUT_STR(l->row.id);
    l->cols[1] = DB_OUT_STR(l->row.alg);
    l->cols[2] = DB_OUT_INT(&l->row.active);
    l->cols[3] = DB_OUT_STR(l->row.from);
    l->cols[4] = DB_OUT_STR(l->row.until);
    l->cols[5] = DB_OUT_STR(l->row.pem);
    l->cols[6] = DB_OUT_BYTES(l->row.cert, sizeof l->row.cert);
    n = db_query(m,
                 &(struct db_select){
                     "SELECT k.key_id, k.alg, k.active, COALESCE(DATE_FORMAT(k.activated_at, "
                     "'%Y-%m-%dT%H:%i:%sZ'), ''), COALESCE(DATE_FORMAT(k.retired_at, "
                     "'%Y-%m-%dT%H:%i:%sZ'), ''), k.public_pem, c.document FROM signing_keys k "
                     "LEFT JOIN key_certificates c ON c.key_id = k.key_id AND c.purpose = "
                     "'signing' ORDER BY k.created_at, k.key_id",
                     NULL, 0, l->cols, 7, key_row, l},
                 errnum, err, errsz);
    free(l);
    return n;
}

enum store_result key_cert_put(struct db_conn *m, const char *id, const char *purpose,
                               const char *root_fp, const void *doc, size_t len,
                               const char *actor, char *err, size_t errsz)
{
    char msg[512];
    unsigned int e = 0;

    (void)actor; /* not audited: only the offline root makes a certificate that verifies,
                    and what it makes usable (an activation) is audited and logged */
    if (db_exec(m,
                "INSERT INTO key_certificates (key_id, purpose, root_fingerprint, document) "
                "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE purpose = VALUES(purpose), "
                "root_fingerprint = VALUES(root_fingerprint), document = VALUES(document), "
                "certified_at = CURRENT_TIMESTAMP(6)",
                "sssb", NULL, NULL, &e, msg, sizeof msg, id, purpose, root_fp, doc, len) != 0) {
        snprintf(err, errsz, "storing the certificate of key %.16s…: %s", id, msg);
        return store_classify(e);
    }
    return STORE_OK;
}

int key_cert_get(struct db_conn *m, const char *id, char purpose[16], void *doc, size_t cap,
                 size_t *len, unsigned int *errnum, char *err, size_t errsz)
{
    struct db_param p[1] = {DB_STR(id)};
    struct db_col c[2] = {{'s', purpose, 16, 0, 0, 0}, DB_OUT_BYTES(doc, cap)};
    long n = db_query(m,
                      &(struct db_select){
                          "SELECT purpose, document FROM key_certificates WHERE key_id = ?", p,
                          1, c, 2, NULL, NULL},
                      errnum, err, errsz);

    if (n < 0)
        return -1;
    *len = n > 0 ? c[1].len : 0;
    if (n > 0 && c[1].truncated) {
        snprintf(err, errsz, "the certificate of key %.16s… is longer than %zu bytes", id, cap);
        *errnum = 0;
        return -1;
    }
    return n > 0 ? 1 : 0;
}

struct cert_each {
    char id[STORE_KEY_ID_LEN + 1];
    unsigned char doc[4096];
    struct db_col c[2];
    int (*fn)(const char *, const void *, size_t, void *);
    void *arg;
};

static int cert_row(void *arg)
{
    struct cert_each *ce = arg;

    return ce->fn(ce->id, ce->doc, ce->c[1].len, ce->arg);
}

long key_cert_each(struct db_conn *m, const char *purpose,
                   int (*fn)(const char *id, const void *doc, size_t len, void *arg), void *arg,
                   unsigned int *errnum, char *err, size_t errsz)
{
    struct cert_each *ce = calloc(1, sizeof *ce);
    struct db_param p[1] = {DB_STR(purpose)};
    long n;

    if (ce == NULL) {
        snprintf(err, errsz, "out of memory");
        *errnum = 0;
        return -1;
    }
    ce->fn = fn;
    ce->arg = arg;
    ce->c[0] = DB_OUT_STR(ce->id);
    ce->c[1] = DB_OUT_BYTES(ce->doc, sizeof ce->doc);
    n = db_query(m,
                 &(struct db_select){"SELECT key_id, document FROM key_certificates WHERE "
                                     "purpose = ? ORDER BY certified_at, key_id",
                                     p, 1, ce->c, 2, cert_row, ce},
                 errnum, err, errsz);
    free(ce);
    return n;
}
