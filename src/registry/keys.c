/*
 * keys.c — the registry's keys (see registry.h, "keys"): which key signs,
 * the offline root's certificates of the keys, and the listing /v1/keys and
 * tierctl key list format. A key is activated only with a certificate that
 * verifies under the trusted root (root-pub), and listed as certified only
 * then: a signing_keys row put there with SQL alone is never served as
 * valid, nor activated.
 */
#include "registry_int.h"

#include "tier/config.h"
#include "tier/db.h"
#include "tier/digest.h"
#include "tier/keycert.h"
#include "tier/keys.h"
#include "tier/sign.h"
#include "tier/tlog_entry.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void registry_root_pub_path(const struct tier_config *c, char *out, size_t cap)
{
    if (c->root_pub[0] != '\0')
        snprintf(out, cap, "%s", c->root_pub);
    else
        snprintf(out, cap, "%s/root.pub.pem", c->key_dir);
}

int registry_root_load(struct registry *r, char *err, size_t errsz)
{
    char path[CONFIG_PATH_MAX + 32];
    struct sign_key *k = NULL;

    registry_root_pub_path(r->cfg, path, sizeof path);
    if (sign_key_load_public_file(path, &k, err, errsz) != 0)
        return -1;
    if (sign_key_alg(k) != SIGN_ALG_ED25519) {
        snprintf(err, errsz, "the trusted root key %.300s is not an Ed25519 key", path);
        sign_key_free(k);
        return -1;
    }
    sign_key_free(r->root);
    r->root = k;
    return 0;
}

/* Give back what trusted_root returned: the one read at start stays. */
static void root_put(struct registry *r, const struct sign_key *k)
{
    if (k != NULL && k != r->root)
        sign_key_free((struct sign_key *)k);
}

/* The trusted root's public key (r->root when read at start; else read now:
 * root_put gives it back), or NULL with says (KEY_NO_ROOT). */
static struct sign_key *trusted_root(struct registry *r, struct reg_says *says)
{
    char path[CONFIG_PATH_MAX + 32], err[512];
    struct sign_key *k = NULL;

    if (r->root != NULL)
        return r->root;

    registry_root_pub_path(r->cfg, path, sizeof path);
    if (sign_key_load_public_file(path, &k, err, sizeof err) != 0) {
        reg_say(says, "no-root", "服务器没有可信根公钥，无法核验密钥证书",
                "no trusted root key (root-pub, %.300s): %.300s; without it no key "
                "certificate can be checked (tierctl root generate makes a root; install its "
                "root.pub.pem there)", path, err);
        return NULL;
    }
    if (sign_key_alg(k) != SIGN_ALG_ED25519) {
        reg_say(says, "no-root", "可信根公钥不是 Ed25519 密钥",
                "the trusted root key %.300s is not an Ed25519 key", path);
        sign_key_free(k);
        return NULL;
    }
    return k;
}

/* Does doc certify `id` for purpose under root, now? 1 yes, 0 no (why). */
static int cert_good(const struct sign_key *root, const void *doc, size_t len, const char *id,
                     enum keycert_purpose purpose, char *why, size_t whysz)
{
    struct keycert kc;

    if (len == 0) {
        snprintf(why, whysz, "no certificate from the root is stored for key %.16s…", id);
        return 0;
    }
    if (keycert_verify(doc, len, root, (int64_t)time(NULL), &kc, why, whysz) != 0)
        return 0;
    sign_key_free(kc.key);
    if (strcmp(kc.key_id, id) != 0) {
        snprintf(why, whysz, "the certificate stored for key %.16s… is key %.16s…'s", id,
                 kc.key_id);
        return 0;
    }
    if (kc.purpose != purpose) {
        snprintf(why, whysz, "key %.16s… is certified for %s, not for %s", id,
                 keycert_purpose_name(kc.purpose), keycert_purpose_name(purpose));
        return 0;
    }
    return 1;
}

/* The last key found usable and the SHA-256 of the certificate that made
 * it so (reg_key_usable): the same bytes again need no second check. */
static pthread_mutex_t usable_mu = PTHREAD_MUTEX_INITIALIZER;
static char usable_id[SIGN_KEY_ID_LEN + 1];
static unsigned char usable_sha[SHA256_LEN];

int reg_key_usable(struct registry *r, struct db_conn *m, const char *id, unsigned int *errnum,
                   char *why, size_t whysz)
{
    unsigned char doc[KEYCERT_MAX], sha[SHA256_LEN];
    char purpose[16];
    struct reg_says says;
    struct sign_key *root;
    size_t len = 0;
    int n, good;

    n = key_cert_get(m, id, purpose, doc, sizeof doc, &len, errnum, why, whysz);
    if (n < 0)
        return -1;
    if (n == 0) {
        snprintf(why, whysz, "no certificate from the root is stored for key %.16s…", id);
        return 0;
    }
    digest_sha256(doc, len, sha);
    pthread_mutex_lock(&usable_mu);
    good = strcmp(usable_id, id) == 0 && memcmp(usable_sha, sha, sizeof sha) == 0;
    pthread_mutex_unlock(&usable_mu);
    if (good)
        return 1;
    root = trusted_root(r, &says);
    if (root == NULL) {
        snprintf(why, whysz, "%s", says.en);
        return 0;
    }
    good = cert_good(root, doc, len, id, KEYCERT_SIGNING, why, whysz);
    root_put(r, root);
    if (good) {
        pthread_mutex_lock(&usable_mu);
        snprintf(usable_id, sizeof usable_id, "%s", id);
        memcpy(usable_sha, sha, sizeof sha);
        pthread_mutex_unlock(&usable_mu);
    }
    return good;
}

static enum key_outcome read_failed(enum store_result sr, const char *err,
                                    struct reg_says *says)
{
    return reg_read_failed(sr, err, says) == READ_UNAVAILABLE ? KEY_UNAVAILABLE : KEY_ERROR;
}

/* How a write ended that did not commit: m goes back to the pool. */
static enum key_outcome write_failed(struct registry *r, struct db_conn *m, enum store_result sr,
                                     const char *err, const char *check, struct reg_says *says)
{
    int lost = db_commit_lost(m);

    reg_conn_put(r, m, lost ? STORE_CONN : sr);
    if (lost) {
        reg_say(says, "outcome-unknown", "提交时与数据库的连接中断，无法确定是否已生效",
                "%.400s; the connection was lost while committing, so the change may or may not "
                "have been made (%s)", err, check);
        return KEY_UNKNOWN;
    }
    if (sr == STORE_FULL) {
        reg_write_note(sr);
        reg_say_cannot_write(says);
        return KEY_CANNOT_WRITE;
    }
    if (sr == STORE_CONN || sr == STORE_RETRY) {
        reg_say_unavailable(says, "nothing was changed");
        return KEY_UNAVAILABLE;
    }
    reg_say(says, "internal", "操作未完成，未做任何更改", "%.600s; nothing was changed", err);
    return KEY_ERROR;
}

enum key_outcome registry_key_active(struct registry *r, char id[STORE_KEY_ID_LEN + 1],
                                     struct reg_says *says)
{
    char err[512] = "";
    unsigned int e = 0;
    struct db_conn *m = reg_conn_get(r, err, sizeof err);
    int n;

    if (m == NULL)
        return read_failed(STORE_CONN, err, says);
    n = key_active_id(m, id, &e, err, sizeof err);
    reg_conn_put(r, m, n < 0 ? store_classify(e) : STORE_OK);
    if (n < 0)
        return read_failed(store_classify(e), err, says);
    if (n == 0) {
        reg_say(says, "no-key", "没有启用的签名密钥",
                "no signing key is active (tierctl key activate KEYID)");
        return KEY_NOT_FOUND;
    }
    return KEY_DONE;
}

struct listing {
    const struct sign_key *root;
    int (*fn)(const struct reg_key *, void *);
    void *arg;
    struct reg_key k;
};

static int listed(const struct key_listed *row, void *arg)
{
    struct listing *l = arg;
    struct reg_key *k = &l->k;

    memset(k, 0, sizeof *k);
    k->purpose = "signing";
    k->id = row->id;
    k->alg = row->alg;
    k->from = row->from;
    k->until = row->until;
    k->pem = row->pem;
    k->cert = row->cert;
    k->cert_len = row->cert_len;
    k->certified = l->root != NULL && cert_good(l->root, row->cert, row->cert_len, row->id,
                                                KEYCERT_SIGNING, k->why, sizeof k->why);
    if (l->root == NULL)
        snprintf(k->why, sizeof k->why, "the server has no trusted root to check it with");
    /* never served as the active key without the root's word for it */
    k->active = row->active != 0 && k->certified;
    return l->fn(k, l->arg);
}

static int listed_log(const char *id, const void *doc, size_t len, void *arg)
{
    struct listing *l = arg;
    struct reg_key *k = &l->k;

    memset(k, 0, sizeof *k);
    k->purpose = "log";
    k->id = id;
    k->alg = "ed25519";
    k->from = k->until = k->pem = "";
    k->cert = doc;
    k->cert_len = len;
    k->certified = l->root != NULL &&
                   cert_good(l->root, doc, len, id, KEYCERT_LOG, k->why, sizeof k->why);
    return l->fn(k, l->arg);
}

enum key_outcome registry_key_list(struct registry *r, int (*fn)(const struct reg_key *, void *),
                                   void *arg, struct reg_says *says)
{
    char err[512] = "";
    unsigned int e = 0;
    struct reg_says none;
    struct listing *l = calloc(1, sizeof *l);
    struct db_conn *m;
    enum store_result sr = STORE_OK;

    if (l == NULL) {
        reg_say_error(says, "out of memory");
        return KEY_ERROR;
    }
    l->root = trusted_root(r, &none); /* none: every key is listed uncertified */
    l->fn = fn;
    l->arg = arg;
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL) {
        root_put(r, l->root);
        free(l);
        return read_failed(STORE_CONN, err, says);
    }
    if (key_list(m, listed, l, &e, err, sizeof err) < 0 ||
        key_cert_each(m, "log", listed_log, l, &e, err, sizeof err) < 0)
        sr = store_classify(e);
    reg_conn_put(r, m, sr);
    root_put(r, l->root);
    free(l);
    return sr == STORE_OK ? KEY_DONE : read_failed(sr, err, says);
}

/* A key's leaf in the transparency log (activated or retired), now. */
static enum store_result log_key(struct db_conn *m, enum tlog_entry_kind kind, const char *id,
                                 const char *alg, char *err, size_t errsz)
{
    char at[21];
    enum sign_alg a;
    struct tlog_entry e = {.kind = kind};

    if (sign_alg_parse(alg, &a) != 0) {
        snprintf(err, errsz, "key %.16s… has the unknown algorithm %s", id, alg);
        return STORE_ERROR;
    }
    reg_tlog_time((int64_t)time(NULL), at);
    e.key_id = id;
    e.algorithm = sign_alg_sig_name(a);
    e.spki_sha256 = id; /* tierd's key id is the SHA-256 of the DER SubjectPublicKeyInfo */
    e.at = at;
    return reg_tlog_append(m, &e, id, err, errsz);
}

/* One attempt: the certificate checked under the transaction, the key's
 * rows, the retired key's leaf, the new key's leaf, COMMIT. *uncertified
 * set (and nothing written) when the certificate does not hold. */
static enum store_result activate_once(struct db_conn *m, const struct key_new *k,
                                       const struct sign_key *root, const char *actor,
                                       int *uncertified, char *err, size_t errsz)
{
    struct key_retired old;
    enum store_result sr;
    unsigned char doc[KEYCERT_MAX];
    char purpose[16];
    size_t len = 0;
    unsigned int e = 0;
    int n;

    *uncertified = 0;
    if (db_begin(m, &e, err, errsz) != 0)
        return store_classify(e);
    n = key_cert_get(m, k->id, purpose, doc, sizeof doc, &len, &e, err, errsz);
    if (n < 0) {
        sr = store_classify(e);
        db_rollback(m);
        return sr;
    }
    if (!cert_good(root, doc, n > 0 ? len : 0, k->id, KEYCERT_SIGNING, err, errsz)) {
        *uncertified = 1;
        db_rollback(m);
        return STORE_ERROR;
    }
    sr = key_activate(m, k, actor, &old, err, errsz);
    if (sr == STORE_OK && old.id[0] != '\0')
        sr = log_key(m, TLOG_ENTRY_KEY_RETIRED, old.id, old.alg, err, errsz);
    if (sr == STORE_OK)
        sr = log_key(m, TLOG_ENTRY_KEY_ACTIVATED, k->id, k->alg, err, errsz);
    if (sr == STORE_OK && db_commit(m, &e, err, errsz) != 0)
        sr = store_classify(e);
    if (sr != STORE_OK && sr != STORE_CONN)
        db_rollback(m);
    return sr;
}

enum key_outcome registry_key_activate(struct registry *r, const struct sign_key *pub,
                                       const char *actor, struct reg_says *says)
{
    struct key_new k = {sign_key_id(pub), sign_alg_name(sign_key_alg(pub)), NULL, 0};
    enum store_result sr = STORE_ERROR;
    char *pem = NULL, err[512] = "";
    struct sign_key *root;
    struct db_conn *m;
    int uncertified = 0;

    root = trusted_root(r, says);
    if (root == NULL)
        return KEY_NO_ROOT;
    if (sign_key_public_pem(pub, &pem, &k.pem_len) != 0) {
        root_put(r, root);
        reg_say_error(says, "cannot write the public key as PEM");
        return KEY_ERROR;
    }
    k.pem = pem;
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL) {
        free(pem);
        root_put(r, root);
        return read_failed(STORE_CONN, err, says);
    }
    for (int attempt = 0; attempt < REG_ATTEMPTS; attempt++) {
        sr = activate_once(m, &k, root, actor, &uncertified, err, sizeof err);
        if (sr != STORE_RETRY)
            break;
    }
    free(pem);
    root_put(r, root);
    if (uncertified) {
        reg_conn_put(r, m, STORE_OK);
        reg_say(says, "uncertified", "该密钥没有可信根签发的有效证书，不能启用",
                "key %.16s… is not activated: %.500s (tierctl key certify --root ROOT.key "
                "%.16s… first)", k.id, err, k.id);
        return KEY_UNCERTIFIED;
    }
    if (sr != STORE_OK)
        return write_failed(r, m, sr, err, "tierctl key list shows the active key", says);
    reg_write_note(STORE_OK);
    reg_conn_put(r, m, STORE_OK);
    reg_say(says, "activated", "签名密钥已启用",
            "active signing key: %s (%s); new certificates are signed with it, earlier ones "
            "keep verifying with their own keys", k.id, k.alg);
    return KEY_DONE;
}

enum key_outcome registry_key_certify(struct registry *r, const void *doc, size_t len,
                                      const char *actor, struct reg_says *says)
{
    struct keycert kc;
    struct sign_key *root;
    char err[512] = "";
    unsigned int e = 0;
    enum store_result sr = STORE_ERROR;
    struct db_conn *m;

    root = trusted_root(r, says);
    if (root == NULL)
        return KEY_NO_ROOT;
    if (keycert_verify(doc, len, root, (int64_t)time(NULL), &kc, err, sizeof err) != 0) {
        root_put(r, root);
        reg_say(says, "uncertified", "密钥证书未通过可信根核验，未保存",
                "the key certificate is not stored: %.600s", err);
        return KEY_UNCERTIFIED;
    }
    root_put(r, root);
    sign_key_free(kc.key);
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL)
        return read_failed(STORE_CONN, err, says);
    for (int attempt = 0; attempt < REG_ATTEMPTS; attempt++) {
        if (db_begin(m, &e, err, sizeof err) != 0) {
            sr = store_classify(e);
            continue;
        }
        sr = key_cert_put(m, kc.key_id, keycert_purpose_name(kc.purpose), kc.root_fingerprint,
                          doc, len, actor, err, sizeof err);
        if (sr == STORE_OK && db_commit(m, &e, err, sizeof err) != 0)
            sr = store_classify(e);
        if (sr != STORE_OK && sr != STORE_CONN)
            db_rollback(m);
        if (sr != STORE_RETRY)
            break;
    }
    if (sr != STORE_OK)
        return write_failed(r, m, sr, err, "tierctl key list shows the key's certificate",
                            says);
    reg_write_note(STORE_OK);
    reg_conn_put(r, m, STORE_OK);
    reg_say(says, "certified", "密钥证书已保存",
            "key %s certified for %s by root %s", kc.key_id, keycert_purpose_name(kc.purpose),
            kc.root_fingerprint);
    return KEY_DONE;
}
