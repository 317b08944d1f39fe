/*
 * signer.c — the key cache and what the side holding the keys agrees to sign
 * (see signer.h; the separate process is signer_proc.c).
 *
 * Keys: a small fixed array under a mutex, loaded from key-dir/<id>.key on
 * first use; keys are only added, never replaced, so a pointer stays valid
 * while other threads load newer ones. The log key is key-dir/log.key.
 *
 * Checks before any signature (signer_local), whichever process runs them:
 *   certificate  the payload parses safely (no DOCTYPE, at most
 *                CERT_MAX_DOC_BYTES), its root is {CERT_NS}certificate and
 *                declares that namespace itself, cert_xml_read accepts its
 *                shape and every field, and its keyId is the requested key.
 *                The element signed is then written again from those fields
 *                (cert_xml_write), so what is signed is exactly the canonical
 *                certificate, never bytes passed through;
 *   revocations  the root is {urn:tierd:revocations:1}revocationList with
 *                only the attributes issuedAt, sequence, logSize, nextUpdate
 *                and only <revoked serial at> children (with a reason text);
 *   checkpoint   the origin is the configured log origin (when one is set);
 *                the note text is made here from the struct.
 * In the signer process each signature is one line on stderr ("tierd-signer:
 * signed KIND … key ID" with the serial (certificate), the SHA-256 of the
 * element (revocation list) or the size and root (checkpoint)); tierctl's
 * in-process signer is quiet. No secret is ever written.
 *
 * Threads: everything takes s->mu only around the cache; signing itself runs
 * unlocked on the shared key (OpenSSL 3 allows it).
 */
#include "signer_int.h"

#include "sign_int.h"
#include "tier/digest.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define REV_NS "urn:tierd:revocations:1"

struct signer *signer_new(const char *key_dir)
{
    struct signer *s = calloc(1, sizeof *s);

    if (s == NULL)
        return NULL;
    pthread_mutex_init(&s->mu, NULL);
    snprintf(s->dir, sizeof s->dir, "%s", key_dir);
    return s;
}

int signer_check_dir(const char *key_dir, char *err, size_t errsz)
{
    DIR *d = opendir(key_dir);
    struct dirent *e;
    char path[1024];
    struct stat st;
    int rc = 0;

    if (d == NULL)
        return 0;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".key") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", key_dir, e->d_name);
        if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            snprintf(err, errsz, "private key %s is not a regular file", path);
            rc = -1;
            break;
        }
        if (st.st_mode & (S_IRWXG | S_IRWXO)) {
            snprintf(err, errsz, "private key %s has mode %03o: others may read it; chmod 600 "
                                 "it (tierd refuses to start)",
                     path, (unsigned)(st.st_mode & 0777));
            rc = -1;
            break;
        }
    }
    closedir(d);
    return rc;
}

/* The private key with this id, loading key_dir/<id>.key the first time.
 * NULL with a sentence in err. */
static const struct sign_key *key_get(struct signer *s, const char *key_id, char *err,
                                      size_t errsz)
{
    struct sign_key *k = NULL;
    char path[1024];

    if (strlen(key_id) != SIGN_KEY_ID_LEN || strspn(key_id, "0123456789abcdef") !=
                                                 SIGN_KEY_ID_LEN) {
        snprintf(err, errsz, "\"%.80s\" is not a key id (64 lower-case hex digits)", key_id);
        return NULL;
    }
    pthread_mutex_lock(&s->mu);
    for (int i = 0; i < s->n; i++) {
        if (strcmp(sign_key_id(s->keys[i]), key_id) == 0) {
            k = s->keys[i];
            goto done;
        }
    }
    if (s->n == SIGNER_MAX_KEYS) {
        snprintf(err, errsz, "more than %d signing keys loaded; restart tierd", SIGNER_MAX_KEYS);
        goto done;
    }
    snprintf(path, sizeof path, "%s/%s.key", s->dir, key_id);
    if (sign_key_load_private(path, &k, err, errsz) != 0) {
        k = NULL;
        goto done;
    }
    if (strcmp(sign_key_id(k), key_id) != 0) {
        snprintf(err, errsz, "%s holds key %.16s…, not the active key %.16s…", path,
                 sign_key_id(k), key_id);
        sign_key_free(k);
        k = NULL;
        goto done;
    }
    s->keys[s->n++] = k;
done:
    pthread_mutex_unlock(&s->mu);
    return k;
}

int signer_load_all(struct signer *s, char *err, size_t errsz)
{
    DIR *d;
    struct dirent *e;
    char id[256];
    int n = 0;

    if (s->proc != NULL) {
        snprintf(err, errsz, "the keys are in the signer process, not here");
        return -1;
    }
    d = opendir(s->dir);
    if (d == NULL)
        return 0;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 5 || len - 4 >= sizeof id || strcmp(e->d_name + len - 4, ".key") != 0)
            continue;
        if (strcmp(e->d_name, "log.key") == 0)
            continue; /* the transparency log's key: signer_log_key_load */
        memcpy(id, e->d_name, len - 4);
        id[len - 4] = '\0';
        if (key_get(s, id, err, errsz) == NULL) {
            n = -1;
            break;
        }
        n++;
    }
    closedir(d);
    return n;
}

int signer_log_key_load(struct signer *s)
{
    char path[600];
    struct stat st;
    int state;

    pthread_mutex_lock(&s->mu);
    if (s->log_state == 0) {
        snprintf(path, sizeof path, "%s/log.key", s->dir);
        if (lstat(path, &st) != 0 && errno == ENOENT) {
            snprintf(s->log_err, sizeof s->log_err,
                     "no log key %s (tierctl key generate --purpose log --out %s)", path, s->dir);
            s->log_state = -2; /* absent: asked again next time, it may appear */
        } else if (sign_key_load_private(path, &s->log_key, s->log_err, sizeof s->log_err) !=
                   0) {
            s->log_state = -1;
        } else if (sign_key_alg(s->log_key) != SIGN_ALG_ED25519) {
            snprintf(s->log_err, sizeof s->log_err,
                     "log key %s is a %s key; checkpoints need Ed25519", path,
                     sign_alg_name(sign_key_alg(s->log_key)));
            sign_key_free(s->log_key);
            s->log_key = NULL;
            s->log_state = -1;
        } else {
            s->log_state = 1;
        }
    }
    state = s->log_state;
    if (state == -2)
        s->log_state = 0;
    pthread_mutex_unlock(&s->mu);
    return state == 1 ? 1 : state == -2 ? 0 : -1;
}

/* ---- what may be signed -------------------------------------------------------- */

/* The certificate element in payload, checked and written again from its
 * fields into *elem. 0, or -1 with the refusal in err. */
static int cert_checked(const void *payload, size_t len, const char *key_id, struct cert *c,
                        struct buf *elem, char *err, size_t errsz)
{
    char why[400];
    xmlDocPtr d = sign_xml_parse(payload, len, CERT_MAX_DOC_BYTES, why, sizeof why);
    xmlNode *el = NULL;
    int rc = -1;

    if (d == NULL) {
        snprintf(err, errsz, "not a certificate: %s", why);
        return -1;
    }
    if (sign_xml_parts(d, CERT_NS, "signedCertificate", "certificate", &el, NULL, why,
                       sizeof why) != 0 ||
        el != xmlDocGetRootElement(d)) {
        snprintf(err, errsz, "not a certificate: the root element must be {%s}certificate",
                 CERT_NS);
        goto done;
    }
    if (cert_xml_read(el, c, why, sizeof why) != 0 || cert_check(c, why, sizeof why) != 0) {
        snprintf(err, errsz, "not a certificate we issue: %s", why);
        goto done;
    }
    if (strcmp(c->key_id, key_id) != 0) {
        snprintf(err, errsz, "the certificate names key %.16s…, the request key %.16s…",
                 c->key_id, key_id);
        goto done;
    }
    if (cert_xml_write(c, elem) != 0) {
        snprintf(err, errsz, "out of memory writing the certificate");
        goto done;
    }
    rc = 0;
done:
    xmlFreeDoc(d);
    return rc;
}

static int attr_is(const xmlAttr *a, const char *name)
{
    return a->ns == NULL && xmlStrEqual(a->name, BAD_CAST name);
}

/* Is payload a revocation list as store writes it? 0, or -1 with err. */
static int revocations_checked(const void *payload, size_t len, char *err, size_t errsz)
{
    char why[400];
    xmlDocPtr d = sign_xml_parse(payload, len, SIGN_XML_MAX_BYTES, why, sizeof why);
    xmlNode *root, *ch;
    int rc = -1;

    if (d == NULL) {
        snprintf(err, errsz, "not a revocation list: %s", why);
        return -1;
    }
    root = xmlDocGetRootElement(d);
    if (root == NULL || root->ns == NULL || root->ns->prefix != NULL ||
        !xmlStrEqual(root->ns->href, BAD_CAST REV_NS) ||
        !xmlStrEqual(root->name, BAD_CAST "revocationList")) {
        snprintf(err, errsz, "not a revocation list: the root element must be "
                             "{%s}revocationList", REV_NS);
        goto done;
    }
    for (const xmlAttr *a = root->properties; a != NULL; a = a->next) {
        if (!attr_is(a, "issuedAt") && !attr_is(a, "sequence") && !attr_is(a, "logSize") &&
            !attr_is(a, "nextUpdate")) {
            snprintf(err, errsz, "not a revocation list: unexpected attribute %.40s",
                     (const char *)a->name);
            goto done;
        }
    }
    for (ch = root->children; ch != NULL; ch = ch->next) {
        if (ch->type == XML_TEXT_NODE && xmlIsBlankNode(ch))
            continue;
        if (ch->type != XML_ELEMENT_NODE || ch->ns != root->ns ||
            !xmlStrEqual(ch->name, BAD_CAST "revoked")) {
            snprintf(err, errsz, "not a revocation list: it may hold only <revoked> elements");
            goto done;
        }
        for (const xmlAttr *a = ch->properties; a != NULL; a = a->next) {
            if (!attr_is(a, "serial") && !attr_is(a, "at")) {
                snprintf(err, errsz, "not a revocation list: unexpected attribute %.40s on "
                                     "<revoked>", (const char *)a->name);
                goto done;
            }
        }
        for (xmlNode *t = ch->children; t != NULL; t = t->next) {
            if (t->type != XML_TEXT_NODE) {
                snprintf(err, errsz, "not a revocation list: <revoked> holds text only");
                goto done;
            }
        }
    }
    rc = 0;
done:
    xmlFreeDoc(d);
    return rc;
}

/* OK with *out from a buffer, or the refusal. */
static enum signer_result answer(struct buf *b, char **out, size_t *outlen, char *err,
                                 size_t errsz)
{
    *out = buf_detach(b, outlen);
    if (*out == NULL) {
        snprintf(err, errsz, "out of memory");
        return SIGNER_REFUSED;
    }
    return SIGNER_OK;
}

static enum signer_result sign_checkpoint(struct signer *s, const void *payload, size_t len,
                                          char **out, size_t *outlen, char *err, size_t errsz)
{
    struct tlog_checkpoint c;
    struct buf b;
    char root[2 * TLOG_HASH_LEN + 1];
    enum signer_result r = SIGNER_REFUSED;

    if (len != sizeof c) {
        snprintf(err, errsz, "not a checkpoint: %zu bytes", len);
        return SIGNER_REFUSED;
    }
    memcpy(&c, payload, sizeof c);
    if (memchr(c.origin, '\0', sizeof c.origin) == NULL ||
        (s->log_origin[0] != '\0' && strcmp(c.origin, s->log_origin) != 0)) {
        snprintf(err, errsz, "not a checkpoint of this log: origin \"%.64s\", not \"%.64s\"",
                 memchr(c.origin, '\0', sizeof c.origin) ? c.origin : "?", s->log_origin);
        return SIGNER_REFUSED;
    }
    if (signer_log_key_load(s) != 1) {
        pthread_mutex_lock(&s->mu);
        snprintf(err, errsz, "cannot sign checkpoints: %s", s->log_err);
        pthread_mutex_unlock(&s->mu);
        return SIGNER_REFUSED;
    }
    buf_init(&b, TLOG_NOTE_MAX);
    if (tlog_checkpoint_sign(&c, c.origin, sign_key_evp(s->log_key), &b, err, errsz) == 0) {
        r = answer(&b, out, outlen, err, errsz);
        if (r == SIGNER_OK && s->logs) {
            digest_hex(c.root, TLOG_HASH_LEN, root);
            fprintf(stderr, "tierd-signer: signed checkpoint origin=%s size=%llu root=%s "
                            "key=log\n", c.origin, (unsigned long long)c.size, root);
        }
    }
    buf_free(&b);
    return r;
}

enum signer_result signer_local(struct signer *s, enum signer_kind kind, const char *key_id,
                                const void *payload, size_t len, char **out, size_t *outlen,
                                char *err, size_t errsz)
{
    const struct sign_key *k;
    struct buf elem;
    struct cert c;
    char sha[SHA256_HEX_LEN + 1];
    enum signer_result r = SIGNER_REFUSED;

    if (kind == SIGNER_KIND_CHECKPOINT)
        return sign_checkpoint(s, payload, len, out, outlen, err, errsz);
    if (kind != SIGNER_KIND_CERT && kind != SIGNER_KIND_REVOCATIONS) {
        snprintf(err, errsz, "unknown kind of request %d", (int)kind);
        return SIGNER_REFUSED;
    }
    k = key_get(s, key_id, err, errsz);
    if (k == NULL)
        return SIGNER_REFUSED;
    buf_init(&elem, CERT_MAX_DOC_BYTES);
    if (kind == SIGNER_KIND_CERT) {
        if (cert_checked(payload, len, key_id, &c, &elem, err, errsz) == 0 &&
            sign_xml_envelope(elem.data, elem.len, CERT_NS, "signedCertificate", k, out, outlen,
                              err, errsz) == 0) {
            if (s->logs)
                fprintf(stderr, "tierd-signer: signed certificate serial=%s uscc=%s key=%s "
                                "(%s)\n", c.serial, c.uscc, key_id,
                        sign_alg_name(sign_key_alg(k)));
            r = SIGNER_OK;
        }
    } else if (revocations_checked(payload, len, err, errsz) == 0 &&
               sign_xml_envelope(payload, len, REV_NS, "signedRevocationList", k, out, outlen,
                                 err, errsz) == 0) {
        if (s->logs && digest_sha256_hex(payload, len, sha) == 0)
            fprintf(stderr, "tierd-signer: signed revocation-list sha256=%s bytes=%zu key=%s "
                            "(%s)\n", sha, len, key_id, sign_alg_name(sign_key_alg(k)));
        r = SIGNER_OK;
    }
    buf_free(&elem);
    return r;
}

/* ---- the entry points, either kind ---------------------------------------------- */

enum signer_result signer_request(struct signer *s, enum signer_kind kind, const char *key_id,
                                  const void *payload, size_t len, char **out, size_t *outlen,
                                  char *err, size_t errsz)
{
    if (s == NULL) {
        snprintf(err, errsz, "no signer on this server");
        return SIGNER_REFUSED;
    }
    if (key_id == NULL)
        key_id = "";
    if (s->proc != NULL)
        return signer_proc_request(s->proc, kind, key_id, payload, len, out, outlen, err,
                                   errsz);
    return signer_local(s, kind, key_id, payload, len, out, outlen, err, errsz);
}

enum signer_result signer_cert_sign(struct signer *s, const char *key_id, struct cert *c,
                                    char **doc, size_t *len, char *err, size_t errsz)
{
    struct buf elem;
    enum signer_result r = SIGNER_REFUSED;

    buf_init(&elem, CERT_MAX_DOC_BYTES);
    snprintf(c->key_id, sizeof c->key_id, "%s", key_id);
    if (cert_check(c, err, errsz) != 0)
        goto done;
    if (cert_xml_write(c, &elem) != 0) {
        snprintf(err, errsz, "out of memory writing the certificate");
        goto done;
    }
    r = signer_request(s, SIGNER_KIND_CERT, key_id, elem.data, elem.len, doc, len, err, errsz);
done:
    buf_free(&elem);
    return r;
}

enum signer_result signer_revocations_sign(struct signer *s, const char *key_id,
                                           const char *list, size_t len, char **doc,
                                           size_t *doclen, char *err, size_t errsz)
{
    return signer_request(s, SIGNER_KIND_REVOCATIONS, key_id, list, len, doc, doclen, err,
                          errsz);
}

enum signer_result signer_checkpoint_sign(struct signer *s, const struct tlog_checkpoint *c,
                                          struct buf *out, char *err, size_t errsz)
{
    struct tlog_checkpoint copy;
    char *note = NULL;
    size_t n = 0;
    enum signer_result r;

    memset(&copy, 0, sizeof copy); /* no stack bytes on the wire */
    snprintf(copy.origin, sizeof copy.origin, "%s", c->origin);
    copy.size = c->size;
    memcpy(copy.root, c->root, sizeof copy.root);
    r = signer_request(s, SIGNER_KIND_CHECKPOINT, "", &copy, sizeof copy, &note, &n, err,
                       errsz);
    if (r == SIGNER_OK && buf_add(out, note, n) != 0) {
        snprintf(err, errsz, "the signed checkpoint is longer than the buffer's cap");
        r = SIGNER_REFUSED;
    }
    free(note);
    return r;
}

int signer_has_log_key(struct signer *s)
{
    if (s == NULL)
        return 0;
    if (s->proc != NULL)
        return signer_proc_has_log_key(s->proc);
    return signer_log_key_load(s) == 1;
}

void signer_view(struct signer *s, struct signer_view *out)
{
    memset(out, 0, sizeof *out);
    if (s == NULL)
        return;
    if (s->proc != NULL) {
        signer_proc_view(s->proc, out);
        return;
    }
    out->up = 1;
}

void signer_free(struct signer *s)
{
    if (s == NULL)
        return;
    signer_proc_free(s->proc);
    for (int i = 0; i < s->n; i++)
        sign_key_free(s->keys[i]);
    sign_key_free(s->log_key);
    pthread_mutex_destroy(&s->mu);
    free(s);
}
