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
                          "SELECT key_id FROM signing_keys WHERE active = 1 LIMIT 1",
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

struct key_row {
    char id[STORE_KEY_ID_LEN + 1], alg[17], created[32], from[32], until[32];
    char pem[4096];
    int64_t active;
    struct buf *xml;
    FILE *text;
    int rc;
};

static int key_row(void *arg)
{
    struct key_row *k = arg;

    if (k->text != NULL) {
        fprintf(k->text, "%-64s %-8s %-6s %-20s %s\n", k->id, k->alg,
                k->active ? "active" : "", k->from[0] ? k->from : "-", k->until[0] ? k->until : "-");
        return 0;
    }
    k->rc |= buf_printf(k->xml, "  <key id=\"%s\" algorithm=\"%s\" active=\"%s\"", k->id, k->alg,
                        k->active ? "true" : "false");
    if (k->from[0])
        k->rc |= buf_printf(k->xml, " inUseFrom=\"%s\"", k->from);
    if (k->until[0])
        k->rc |= buf_printf(k->xml, " inUseUntil=\"%s\"", k->until);
    k->rc |= buf_adds(k->xml, ">\n    <publicKey>");
    k->rc |= buf_adds_xml(k->xml, k->pem);
    k->rc |= buf_adds(k->xml, "</publicKey>\n  </key>\n");
    return 0;
}

static long key_query(struct db_conn *m, struct key_row *k, unsigned int *errnum, char *err,
                      size_t errsz)
{
    struct db_col c[] = {
        {'s', k->id, sizeof k->id, 0, 0, 0},
        {'s', k->alg, sizeof k->alg, 0, 0, 0},
        {'i', &k->active, sizeof k->active, 0, 0, 0},
        {'s', k->from, sizeof k->from, 0, 0, 0},
        {'s', k->until, sizeof k->until, 0, 0, 0},
        {'s', k->pem, sizeof k->pem, 0, 0, 0},
    };
    return db_query(m,
                    &(struct db_select){
                        "SELECT key_id, alg, active, COALESCE(DATE_FORMAT(activated_at, "
                        "'%Y-%m-%dT%H:%i:%sZ'), ''), COALESCE(DATE_FORMAT(retired_at, "
                        "'%Y-%m-%dT%H:%i:%sZ'), ''), public_pem FROM signing_keys ORDER BY "
                        "created_at, key_id",
                        NULL, 0, c, 6, key_row, k},
                    errnum, err, errsz);
}

int key_list_xml(struct db_conn *m, struct buf *out, unsigned int *errnum, char *err, size_t errsz)
{
    struct key_row *k = calloc(1, sizeof *k);
    int rc = -1;

    if (k == NULL)
        return -1;
    k->xml = out;
    buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<keys xmlns=\"urn:tierd:keys:1\">\n");
    if (key_query(m, k, errnum, err, errsz) >= 0 && k->rc == 0 &&
        buf_adds(out, "</keys>\n") == 0)
        rc = 0;
    free(k);
    return rc;
}

int key_list_text(struct db_conn *m, FILE *out, char *err, size_t errsz)
{
    struct key_row *k = calloc(1, sizeof *k);
    unsigned int e;
    long n;

    if (k == NULL)
        return -1;
    k->text = out;
    fprintf(out, "%-64s %-8s %-6s %-20s %s\n", "KEY ID", "ALG", "STATE", "IN USE FROM", "UNTIL");
    n = key_query(m, k, &e, err, errsz);
    free(k);
    return n < 0 ? -1 : 0;
}
