/*
 * keys.h — signing keys in the registry (store module): which public keys
 * exist, which one signs new certificates, and when each was in use. The
 * private keys never enter the database; they stay in key-dir as files.
 */
#ifndef TIER_KEYS_H
#define TIER_KEYS_H

#include "tier/db.h"
#include "tier/store.h"

#include <stddef.h>
#include <stdio.h>

struct db_conn;

/* A public key to record: its id, algorithm name and PEM (borrowed). */
struct key_new {
    const char *id;
    const char *alg;
    const char *pem;
    size_t pem_len;
};

/* The key an activation retired: id "" when none was active before. */
struct key_retired {
    char id[STORE_KEY_ID_LEN + 1];
    char alg[17];
};

/* Record k (if new) and make it the active key, in the caller's transaction
 * (the registry appends the log entries with it); the key active before is
 * retired (its certificates keep verifying: its public key stays listed) and
 * named in *old. Audited as `actor`. STORE_OK, or the result with a sentence
 * in err (the caller rolls back). */
enum store_result key_activate(struct db_conn *m, const struct key_new *k, const char *actor,
                               struct key_retired *old, char *err, size_t errsz);

/* The active key's id: 1 and out filled, 0 when no key is active, -1 on a
 * database error (*errnum set). A key row without a stored certificate
 * (one put there with SQL) is never the active key; that the certificate
 * verifies under the root is checked at activation and by /v1/keys. */
int key_active_id(struct db_conn *m, char out[STORE_KEY_ID_LEN + 1], unsigned int *errnum,
                  char *err, size_t errsz);

/* The public key `id` as PEM: 1 and pem (NUL-terminated, at most cap - 1
 * bytes) and alg filled, 0 when no key has that id, -1 on a database error
 * (*errnum set). */
int key_public_pem(struct db_conn *m, const char *id, char *pem, size_t cap, char alg[17],
                   unsigned int *errnum, char *err, size_t errsz);

/* One row of signing_keys for a listing, with its certificate (cert_len 0:
 * none stored). The caller formats it (tierctl key list, GET /v1/keys). */
struct key_listed {
    char id[STORE_KEY_ID_LEN + 1], alg[17], from[32], until[32];
    char pem[4096];
    int64_t active;
    unsigned char cert[4096];
    size_t cert_len;
};

struct key_listing {
    struct key_listed row;
    struct db_col cols[7];
    int (*fn)(const struct key_listed *, void *);
    void *arg;
};

/* Every signing key, oldest first, each handed to fn (non-zero stops). The
 * number of rows, or -1 (*errnum set). */
long key_list(struct db_conn *m, int (*fn)(const struct key_listed *, void *), void *arg,
              unsigned int *errnum, char *err, size_t errsz);

/* Store (or replace) the root's certificate of key `id` for purpose
 * ("signing" or "log"), in the caller's transaction. Not audited: the
 * certificate speaks for itself, and the activation it allows is. */
enum store_result key_cert_put(struct db_conn *m, const char *id, const char *purpose,
                               const char *root_fp, const void *doc, size_t len,
                               const char *actor, char *err, size_t errsz);

/* The certificate of key `id`: 1 (purpose, doc and *len filled), 0 none, -1
 * error (*errnum). */
int key_cert_get(struct db_conn *m, const char *id, char purpose[16], void *doc, size_t cap,
                 size_t *len, unsigned int *errnum, char *err, size_t errsz);

/* Every certificate of a purpose, oldest first: fn(id, doc, len, arg). */
long key_cert_each(struct db_conn *m, const char *purpose,
                   int (*fn)(const char *id, const void *doc, size_t len, void *arg), void *arg,
                   unsigned int *errnum, char *err, size_t errsz);

#endif
