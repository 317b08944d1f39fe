/*
 * log_read.c — the transparency log as its readers see it (issue 18,
 * docs/transparency.md): the newest checkpoint, entries by index, inclusion
 * and consistency proofs, and a certificate's bundle. Reads need no lock: a
 * tree of any size up to tlog_head's is complete in the tables, and proofs
 * are served only at sizes the log signed a checkpoint for.
 */
#include "registry_int.h"

#include "tier/db.h"
#include "tier/decisions.h"
#include "tier/keys.h"
#include "tier/sign.h"
#include "tier/tlog.h"
#include "tier/tlog_checkpoint.h"
#include "tier/tlog_entry.h"
#include "tier/tlog_store.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* base64 (RFC 4648, padded) of n bytes, then "\n", appended to out. */
static int add_b64(struct buf *out, const void *p, size_t n)
{
    size_t cap = 4 * ((n + 2) / 3) + 1;
    unsigned char *t = malloc(cap);
    int rc;

    if (t == NULL)
        return -1;
    EVP_EncodeBlock(t, p, (int)n);
    rc = buf_add(out, t, strlen((char *)t)) != 0 || buf_add(out, "\n", 1) != 0 ? -1 : 0;
    free(t);
    return rc;
}

static void say_no_checkpoint(struct reg_says *says, uint64_t size)
{
    if (size == 0)
        reg_say(says, "not-found", "透明日志尚无签名的检查点",
                "the transparency log has no signed checkpoint yet (tierd signs one within "
                "checkpoint-interval seconds when it holds the log key)");
    else
        reg_say(says, "not-found", "该大小没有签名的检查点",
                "the transparency log signed no checkpoint for size %llu; ask at the size of "
                "a checkpoint (GET /v1/log/checkpoint)",
                (unsigned long long)size);
}

/* The checkpoint note at `size` (0: the newest) into note (TLOG_NOTE_MAX),
 * with *at its size. STORE_NOT_FOUND when there is none. */
static enum store_result checkpoint_note(struct db_conn *m, uint64_t size, char *note,
                                         size_t *len, uint64_t *at, char *err, size_t errsz)
{
    unsigned int e = 0;
    int n;

    if (size == 0) {
        n = store_tlog_checkpoint_latest(m, note, TLOG_NOTE_MAX, len, at, &e, err, errsz);
    } else {
        n = store_tlog_checkpoint_at(m, size, note, TLOG_NOTE_MAX, len, &e, err, errsz);
        *at = size;
    }
    if (n < 0)
        return store_classify(e);
    return n ? STORE_OK : STORE_NOT_FOUND;
}

enum read_outcome registry_log_checkpoint(struct registry *r, struct buf *out,
                                          struct reg_says *says)
{
    char err[512] = "", *note = malloc(TLOG_NOTE_MAX);
    size_t len = 0;
    uint64_t at = 0;
    enum store_result sr = STORE_ERROR;
    struct db_conn *m = note ? reg_conn_get(r, err, sizeof err) : NULL;

    if (m != NULL) {
        sr = checkpoint_note(m, 0, note, &len, &at, err, sizeof err);
        reg_conn_put(r, m, sr);
    } else if (note != NULL) {
        sr = STORE_CONN;
    }
    if (sr == STORE_OK && buf_add(out, note, len) != 0)
        sr = STORE_ERROR;
    free(note);
    if (sr == STORE_NOT_FOUND) {
        say_no_checkpoint(says, 0);
        return READ_NOT_FOUND;
    }
    return sr == STORE_OK ? READ_OK : reg_read_failed(sr, err, says);
}

enum read_outcome registry_log_entries(struct registry *r, uint64_t start, uint64_t end,
                                       struct buf *out, struct reg_says *says)
{
    unsigned char entry[TLOG_ENTRY_MAX];
    char err[512] = "";
    uint64_t size = 0;
    unsigned int e = 0;
    enum store_result sr = STORE_OK;
    struct db_conn *m;

    if (end <= start || end - start > REG_LOG_ENTRIES_MAX) {
        reg_say(says, "bad-range", "条目范围无效",
                "start=%llu end=%llu: end must be above start, at most %d entries at once",
                (unsigned long long)start, (unsigned long long)end, REG_LOG_ENTRIES_MAX);
        return READ_NOT_FOUND;
    }
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL)
        return reg_read_failed(STORE_CONN, err, says);
    if (store_tlog_size(m, &size, &e, err, sizeof err) != 0) {
        sr = store_classify(e);
    } else if (end > size) {
        reg_conn_put(r, m, sr);
        reg_say(says, "not-found", "日志没有这么多条目",
                "the transparency log holds %llu entries; end=%llu is beyond them",
                (unsigned long long)size, (unsigned long long)end);
        return READ_NOT_FOUND;
    }
    if (sr == STORE_OK &&
        buf_printf(out, "<logEntries xmlns=\"" TLOG_ENTRY_NS "\" start=\"%llu\" end=\"%llu\">",
                   (unsigned long long)start, (unsigned long long)end) != 0)
        sr = STORE_ERROR;
    for (uint64_t i = start; sr == STORE_OK && i < end; i++) {
        size_t len = 0;
        int n = store_tlog_entry(m, i, entry, sizeof entry, &len, &e, err, sizeof err);
        if (n <= 0) {
            sr = n < 0 ? store_classify(e) : STORE_ERROR;
            if (n == 0)
                snprintf(err, sizeof err, "transparency log: leaf %llu is missing below size "
                         "%llu", (unsigned long long)i, (unsigned long long)size);
        } else if (buf_printf(out, "<leaf index=\"%llu\">", (unsigned long long)i) != 0 ||
                   buf_add(out, entry, len) != 0 || buf_adds(out, "</leaf>") != 0) {
            sr = STORE_ERROR;
        }
    }
    if (sr == STORE_OK && buf_adds(out, "</logEntries>\n") != 0)
        sr = STORE_ERROR;
    reg_conn_put(r, m, sr);
    return sr == STORE_OK ? READ_OK : reg_read_failed(sr, err, says);
}

/* The tlog-proof of leaf `index` at the checkpoint of `size` (0: the newest)
 * appended to out; *at the size used. */
static enum store_result inclusion(struct db_conn *m, uint64_t size, uint64_t index,
                                   struct buf *out, uint64_t *at, struct reg_says *says,
                                   char *err, size_t errsz)
{
    struct store_tlog st = {m, NULL, NULL, 0};
    struct tlog_store s = store_tlog(&st);
    unsigned char proof[TLOG_PROOF_MAX][TLOG_HASH_LEN];
    char *note = malloc(TLOG_NOTE_MAX);
    size_t len = 0, n = 0;
    enum store_result sr;

    if (note == NULL)
        return STORE_ERROR;
    sr = checkpoint_note(m, size, note, &len, at, err, errsz);
    if (sr == STORE_NOT_FOUND) {
        say_no_checkpoint(says, size);
    } else if (sr == STORE_OK && index >= *at) {
        reg_say(says, "not-found", "该叶子不在这棵树中",
                "leaf %llu is not in the tree of size %llu (a later checkpoint may hold it)",
                (unsigned long long)index, (unsigned long long)*at);
        sr = STORE_NOT_FOUND;
    } else if (sr == STORE_OK &&
               (tlog_inclusion_proof(&s, *at, index, proof, &n, err, errsz) != 0 ||
                tlog_proof_format(index, (const unsigned char(*)[TLOG_HASH_LEN])proof, n, note,
                                  len, out, err, errsz) != 0)) {
        sr = st.errnum ? store_classify(st.errnum) : STORE_ERROR;
    }
    free(note);
    return sr;
}

/* The certificateIssued leaf of serial: STORE_NOT_FOUND (said) when none. */
static enum store_result issued_leaf(struct db_conn *m, const char *serial, uint64_t *index,
                                     struct reg_says *says, char *err, size_t errsz)
{
    unsigned int e = 0;
    int n = store_tlog_find_kind(m, serial, "certificateIssued", index, &e, err, errsz);

    if (n < 0)
        return store_classify(e);
    if (n == 0) {
        reg_say(says, "not-found", "透明日志中没有这份证书",
                "certificate %.40s is not in the transparency log (yet: entries become leaves "
                "within checkpoint-interval seconds)", serial);
        return STORE_NOT_FOUND;
    }
    return STORE_OK;
}

enum read_outcome registry_log_inclusion(struct registry *r, uint64_t size, uint64_t index,
                                         const char *serial, struct buf *out,
                                         struct reg_says *says)
{
    char err[512] = "";
    uint64_t at = 0;
    enum store_result sr = STORE_OK;
    struct db_conn *m = reg_conn_get(r, err, sizeof err);

    if (m == NULL)
        return reg_read_failed(STORE_CONN, err, says);
    if (serial != NULL)
        sr = issued_leaf(m, serial, &index, says, err, sizeof err);
    if (sr == STORE_OK)
        sr = inclusion(m, size, index, out, &at, says, err, sizeof err);
    reg_conn_put(r, m, sr);
    if (sr == STORE_NOT_FOUND)
        return READ_NOT_FOUND;
    return sr == STORE_OK ? READ_OK : reg_read_failed(sr, err, says);
}

enum read_outcome registry_log_consistency(struct registry *r, uint64_t old_size, uint64_t size,
                                           struct buf *out, struct reg_says *says)
{
    unsigned char proof[TLOG_PROOF_MAX][TLOG_HASH_LEN];
    char err[512] = "";
    size_t n = 0;
    uint64_t have = 0;
    unsigned int e = 0;
    enum store_result sr = STORE_OK;
    struct store_tlog st = {NULL, NULL, NULL, 0};
    struct tlog_store s;
    struct db_conn *m;

    if (old_size == 0 || old_size > size) {
        reg_say(says, "bad-range", "大小无效",
                "old=%llu size=%llu: need 0 < old <= size (every tree extends the empty one)",
                (unsigned long long)old_size, (unsigned long long)size);
        return READ_NOT_FOUND;
    }
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL)
        return reg_read_failed(STORE_CONN, err, says);
    st.m = m;
    s = store_tlog(&st);
    if (store_tlog_size(m, &have, &e, err, sizeof err) != 0) {
        sr = store_classify(e);
    } else if (size > have) {
        reg_say(says, "not-found", "日志没有这么大",
                "the transparency log holds %llu entries; size=%llu is beyond them",
                (unsigned long long)have, (unsigned long long)size);
        sr = STORE_NOT_FOUND;
    } else if (tlog_consistency_proof(&s, old_size, size, proof, &n, err, sizeof err) != 0) {
        sr = st.errnum ? store_classify(st.errnum) : STORE_ERROR;
    } else if (buf_printf(out, "tierd-consistency@v1\nold %llu\nsize %llu\n",
                          (unsigned long long)old_size, (unsigned long long)size) != 0) {
        sr = STORE_ERROR;
    }
    for (size_t i = 0; sr == STORE_OK && i < n; i++)
        if (add_b64(out, proof[i], TLOG_HASH_LEN) != 0)
            sr = STORE_ERROR;
    reg_conn_put(r, m, sr);
    if (sr == STORE_NOT_FOUND)
        return READ_NOT_FOUND;
    return sr == STORE_OK ? READ_OK : reg_read_failed(sr, err, says);
}

struct last_cert {
    unsigned char doc[4096];
    size_t len;
};

static int keep_last(const char *id, const void *doc, size_t len, void *arg)
{
    struct last_cert *l = arg;

    (void)id;
    if (len <= sizeof l->doc) {
        memcpy(l->doc, doc, len);
        l->len = len;
    }
    return 0;
}

/* The bundle's key certificates (issue 18): the signing key's, then the
 * newest log key's, each a line "<name> <base64>" when stored, so a relying
 * party checks both against the root it trusts (tierctl verify --bundle
 * --root). */
static enum store_result bundle_key_certs(struct db_conn *m, const char *key_id, struct buf *out,
                                          char *err, size_t errsz)
{
    struct last_cert *l = calloc(1, sizeof *l);
    char purpose[16];
    unsigned int e = 0;
    enum store_result sr = STORE_OK;
    int n;

    if (l == NULL)
        return STORE_ERROR;
    n = key_cert_get(m, key_id, purpose, l->doc, sizeof l->doc, &l->len, &e, err, errsz);
    if (n < 0)
        sr = store_classify(e);
    else if (n > 0 && (buf_adds(out, "signing-key-certificate ") != 0 ||
                       add_b64(out, l->doc, l->len) != 0))
        sr = STORE_ERROR;
    l->len = 0;
    if (sr == STORE_OK && key_cert_each(m, "log", keep_last, l, &e, err, errsz) < 0)
        sr = store_classify(e);
    else if (sr == STORE_OK && l->len > 0 &&
             (buf_adds(out, "log-key-certificate ") != 0 || add_b64(out, l->doc, l->len) != 0))
        sr = STORE_ERROR;
    free(l);
    return sr;
}

enum read_outcome registry_certificate_bundle(struct registry *r, const char *serial,
                                              struct buf *out, struct reg_says *says)
{
    unsigned char entry[TLOG_ENTRY_MAX];
    char err[512] = "";
    struct cert_row c;
    uint64_t index = 0, at = 0;
    size_t len = 0;
    unsigned int e = 0;
    enum store_result sr;
    struct db_conn *m;

    if (!cert_serial_valid(serial)) {
        reg_say(says, "not-found", "证书编号格式不对", "'%.40s' is not a certificate serial", serial);
        return READ_NOT_FOUND;
    }
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL)
        return reg_read_failed(STORE_CONN, err, says);
    memset(&c, 0, sizeof c);
    sr = cert_load(m, serial, &c, err, sizeof err);
    if (sr == STORE_NOT_FOUND)
        reg_say(says, "not-found", "没有这份证书", "no certificate %s", serial);
    if (sr == STORE_OK)
        sr = issued_leaf(m, serial, &index, says, err, sizeof err);
    if (sr == STORE_OK) {
        int n = store_tlog_entry(m, index, entry, sizeof entry, &len, &e, err, sizeof err);
        if (n <= 0)
            sr = n < 0 ? store_classify(e) : STORE_ERROR;
    }
    if (sr == STORE_OK && (buf_adds(out, REG_BUNDLE_HEADER "\ncertificate ") != 0 ||
                           add_b64(out, c.document, c.doc_len) != 0 ||
                           buf_adds(out, "entry ") != 0 || add_b64(out, entry, len) != 0))
        sr = STORE_ERROR;
    if (sr == STORE_OK)
        sr = bundle_key_certs(m, c.key_id, out, err, sizeof err);
    if (sr == STORE_OK && buf_adds(out, "\n") != 0)
        sr = STORE_ERROR;
    if (sr == STORE_OK)
        sr = inclusion(m, 0, index, out, &at, says, err, sizeof err);
    reg_conn_put(r, m, sr);
    free(c.document);
    if (sr == STORE_NOT_FOUND)
        return READ_NOT_FOUND;
    return sr == STORE_OK ? READ_OK : reg_read_failed(sr, err, says);
}
