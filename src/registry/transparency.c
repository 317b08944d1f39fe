/*
 * transparency.c — the registry's side of the transparency log (issue 18,
 * docs/transparency.md): the one helper every public act calls, and the
 * sequencer that gives queued entries their leaf indexes.
 *
 * An act (a certificate issued or revoked, a signing key activated or
 * retired) calls reg_tlog_append inside its own transaction: the entry is
 * encoded and checked, then queued (sql/095_tlog_queue.sql), so the act and
 * its entry commit together or not at all, and acts never wait on each
 * other. Appending to the tree in the act's transaction instead held
 * tlog_head's row lock through every act's durable COMMIT: approvals fell
 * from ~1285/s to ~500/s on `make bench-approve`.
 *
 * registry_tlog_sequence takes tlog_head's row lock, moves up to `max` queued
 * entries, oldest first, into the tree and deletes them from the queue, in
 * one transaction: a crash leaves them queued, and two daemons sequencing at
 * once take turns on the lock (the second finds the queue already drained).
 */
#include "registry_int.h"

#include "tier/audit.h"
#include "tier/config.h"
#include "tier/db.h"
#include "tier/sign.h"
#include "tier/signer.h"
#include "tier/tlog.h"
#include "tier/tlog_checkpoint.h"
#include "tier/tlog_entry.h"
#include "tier/tlog_store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void reg_tlog_time(int64_t unix_s, char out[21])
{
    time_t t = (time_t)unix_s;
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* make bench-log's baseline only (tierd --bench-without-log): acts append
 * nothing to the log, so the approval rate without it can be measured in
 * the same run. */
static atomic_int tlog_off;

void registry_tlog_off_for_bench(void)
{
    atomic_store(&tlog_off, 1);
}

enum store_result reg_tlog_append(struct db_conn *m, const struct tlog_entry *e,
                                  const char *subject, char *err, size_t errsz)
{
    const char *kind = tlog_entry_kind_name(e->kind);
    struct buf b;
    unsigned int en = 0;
    enum store_result sr = STORE_OK;
    char msg[256];

    if (atomic_load(&tlog_off))
        return STORE_OK;

    buf_init(&b, TLOG_ENTRY_MAX);
    if (tlog_entry_encode(e, &b, msg, sizeof msg) != 0) {
        snprintf(err, errsz, "the transparency log entry (%s %s) cannot be written: %s",
                 kind ? kind : "?", subject ? subject : "", msg);
        sr = STORE_ERROR;
    } else if (store_tlog_enqueue(m, kind, subject, b.data, b.len, &en, err, errsz) != 0) {
        sr = store_classify(en);
    }
    buf_free(&b);
    return sr;
}

/* One transaction: lock the size, take the queue's oldest rows, append each,
 * delete each, set the size, COMMIT. */
static enum store_result sequence_once(struct db_conn *m, struct tlog_queued *rows, size_t max,
                                       uint64_t *appended, uint64_t *size, char *err,
                                       size_t errsz)
{
    struct store_tlog st = {m, NULL, NULL, 0};
    struct tlog_store s = store_tlog(&st);
    unsigned int e = 0;
    uint64_t n0 = 0;
    long n;

    *appended = 0;
    if (store_tlog_next_read_committed(m, &e, err, errsz) != 0 || db_begin(m, &e, err, errsz) != 0)
        return store_classify(e);
    if (store_tlog_lock_size(m, &n0, &e, err, errsz) != 0 ||
        (n = store_tlog_queue_take(m, rows, max, &e, err, errsz)) < 0)
        goto failed;
    for (long i = 0; i < n; i++) {
        st.kind = rows[i].kind;
        st.subject = rows[i].has_subject ? rows[i].subject : NULL;
        if (tlog_append(&s, n0 + (uint64_t)i, rows[i].entry, rows[i].len, NULL, err, errsz) !=
            0) {
            e = st.errnum;
            goto failed;
        }
        if (store_tlog_queue_done(m, rows[i].id, &e, err, errsz) != 0)
            goto failed;
    }
    if ((n > 0 && store_tlog_set_size(m, n0 + (uint64_t)n, &e, err, errsz) != 0) ||
        db_commit(m, &e, err, errsz) != 0)
        goto failed;
    *appended = (uint64_t)n;
    *size = n0 + (uint64_t)n;
    return STORE_OK;
failed:
    {
        enum store_result sr = e ? store_classify(e) : STORE_ERROR;
        if (sr != STORE_CONN)
            db_rollback(m);
        return sr;
    }
}

int registry_tlog_sequence(struct registry *r, size_t max, uint64_t *appended, uint64_t *size,
                           char *err, size_t errsz)
{
    struct tlog_queued *rows = calloc(max ? max : 1, sizeof *rows);
    enum store_result sr = STORE_ERROR;
    struct db_conn *m;

    *appended = 0;
    if (rows == NULL) {
        snprintf(err, errsz, "sequencing the transparency log: out of memory");
        return -1;
    }
    m = reg_conn_get(r, err, errsz);
    if (m != NULL) {
        for (int attempt = 0; attempt < REG_ATTEMPTS; attempt++) {
            sr = sequence_once(m, rows, max, appended, size, err, errsz);
            if (sr != STORE_RETRY)
                break;
        }
        reg_conn_put(r, m, sr);
    }
    free(rows);
    return sr == STORE_OK ? 0 : -1;
}

/* ---- checkpoints and the audit head ---------------------------------------------- */

#define SEQUENCE_BATCH 256

/* Sign and keep the checkpoint of the tree as it is now, unless one exists
 * for its size (another daemon, or an earlier step, signed it). */
static enum store_result checkpoint(struct registry *r, struct db_conn *m,
                                    uint64_t *signed_size, char *err, size_t errsz)
{
    struct store_tlog st = {m, NULL, NULL, 0};
    struct tlog_store s = store_tlog(&st);
    struct tlog_checkpoint c;
    char *note = malloc(TLOG_NOTE_MAX);
    size_t len = 0;
    uint64_t size = 0, latest = 0;
    unsigned int e = 0;
    int have;
    struct buf b;
    enum store_result sr = STORE_OK;

    buf_init(&b, TLOG_NOTE_MAX);
    if (note == NULL) {
        snprintf(err, errsz, "signing a checkpoint: out of memory");
        return STORE_ERROR;
    }
    if (store_tlog_size(m, &size, &e, err, errsz) != 0 ||
        (have = store_tlog_checkpoint_latest(m, note, TLOG_NOTE_MAX, &len, &latest, &e, err,
                                             errsz)) < 0) {
        sr = store_classify(e);
        goto out;
    }
    if (have && latest >= size)
        goto out;
    memset(&c, 0, sizeof c);
    snprintf(c.origin, sizeof c.origin, "%s", r->cfg->log_origin);
    c.size = size;
    if (tlog_root(&s, size, c.root, err, errsz) != 0) {
        sr = st.errnum ? store_classify(st.errnum) : STORE_ERROR;
        goto out;
    }
    switch (signer_checkpoint_sign(r->signer, &c, &b, err, errsz)) {
    case SIGNER_OK:
        break;
    case SIGNER_DOWN: /* the next step signs it */
        sr = STORE_RETRY;
        goto out;
    case SIGNER_REFUSED:
        sr = STORE_ERROR;
        goto out;
    }
    if (store_tlog_checkpoint_insert(m, size, c.root, b.data, b.len, &e, err, errsz) != 0) {
        if (e == 1062) /* ER_DUP_ENTRY: another daemon signed this size first */
            goto out;
        sr = store_classify(e);
        goto out;
    }
    *signed_size = size;
out:
    buf_free(&b);
    free(note);
    return sr;
}

/* Queue an auditHead entry for the chain's head as committed, unless the
 * chain is empty or its head is *last (already logged); *last follows. */
static enum store_result audit_head_entry(struct db_conn *m, int64_t *last, char *err,
                                          size_t errsz)
{
    int64_t id = 0;
    char sha[65], at[21];
    unsigned int e = 0;
    struct tlog_entry le = {.kind = TLOG_ENTRY_AUDIT_HEAD};
    enum store_result sr;

    if (audit_head_read(m, &id, sha, &e, err, errsz) != 0)
        return store_classify(e);
    if (id < 1 || id == *last)
        return STORE_OK;
    reg_tlog_time((int64_t)time(NULL), at);
    le.audit_row_id = id;
    le.head_sha256 = sha;
    le.at = at;
    if (db_begin(m, &e, err, errsz) != 0)
        return store_classify(e);
    sr = reg_tlog_append(m, &le, NULL, err, errsz);
    if (sr == STORE_OK && db_commit(m, &e, err, errsz) != 0)
        sr = store_classify(e);
    if (sr == STORE_OK)
        *last = id;
    if (sr != STORE_OK && sr != STORE_CONN)
        db_rollback(m);
    return sr;
}

int registry_log_step(struct registry *r, int64_t *audit_last,
                      struct reg_log_step *out, char *err, size_t errsz)
{
    enum store_result sr = STORE_OK;
    uint64_t moved = 0, size = 0;
    struct db_conn *m;

    memset(out, 0, sizeof *out);
    if (audit_last != NULL) {
        int64_t was = *audit_last;
        m = reg_conn_get(r, err, errsz);
        if (m == NULL)
            return -1;
        sr = audit_head_entry(m, audit_last, err, errsz);
        reg_conn_put(r, m, sr);
        if (sr != STORE_OK)
            return -1;
        out->audit_head = *audit_last != was;
    }
    do {
        if (registry_tlog_sequence(r, SEQUENCE_BATCH, &moved, &size, err, errsz) != 0)
            return -1;
        out->sequenced += moved;
    } while (moved == SEQUENCE_BATCH);
    if (!signer_has_log_key(r->signer))
        return 0;
    m = reg_conn_get(r, err, errsz);
    if (m == NULL)
        return -1;
    sr = checkpoint(r, m, &out->checkpoint_size, err, errsz);
    reg_conn_put(r, m, sr);
    return sr == STORE_OK ? 0 : -1;
}

/* ---- tierd's thread -------------------------------------------------------------- */

struct reg_logger {
    struct registry *r;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int stop;
};

static void *logger_main(void *arg)
{
    struct reg_logger *l = arg;
    const struct tier_config *cfg = l->r->cfg;
    int every = cfg->checkpoint_interval > 0 ? cfg->checkpoint_interval : 2;
    time_t last_head = time(NULL);
    int64_t audit_last = 0;
    char err[512], said[512] = "";

    pthread_mutex_lock(&l->mu);
    while (!l->stop) {
        struct reg_log_step st;
        struct timespec until;
        time_t now = time(NULL);
        int head = cfg->audit_head_interval > 0 && now - last_head >= cfg->audit_head_interval;

        pthread_mutex_unlock(&l->mu);
        if (registry_log_step(l->r, head ? &audit_last : NULL, &st, err, sizeof err) !=
            0) {
            if (strcmp(err, said) != 0) /* once per distinct failure, not every step */
                fprintf(stderr, "tierd: transparency log step failed: %s\n", err);
            snprintf(said, sizeof said, "%s", err);
        } else {
            said[0] = '\0';
            if (head)
                last_head = now;
        }
        pthread_mutex_lock(&l->mu);
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += every;
        if (!l->stop)
            pthread_cond_timedwait(&l->cv, &l->mu, &until);
    }
    pthread_mutex_unlock(&l->mu);
    return NULL;
}

struct reg_logger *registry_logger_start(struct registry *r, char *err, size_t errsz)
{
    struct reg_logger *l = calloc(1, sizeof *l);

    if (l == NULL) {
        snprintf(err, errsz, "starting the transparency log's step: out of memory");
        return NULL;
    }
    l->r = r;
    pthread_mutex_init(&l->mu, NULL);
    pthread_cond_init(&l->cv, NULL);
    if (pthread_create(&l->thread, NULL, logger_main, l) != 0) {
        snprintf(err, errsz, "starting the transparency log's step: no thread");
        pthread_mutex_destroy(&l->mu);
        pthread_cond_destroy(&l->cv);
        free(l);
        return NULL;
    }
    return l;
}

void registry_logger_stop(struct reg_logger *l)
{
    if (l == NULL)
        return;
    pthread_mutex_lock(&l->mu);
    l->stop = 1;
    pthread_cond_signal(&l->cv);
    pthread_mutex_unlock(&l->mu);
    pthread_join(l->thread, NULL);
    pthread_mutex_destroy(&l->mu);
    pthread_cond_destroy(&l->cv);
    free(l);
}

/* ---- the audit chain against the log ------------------------------------------- */

struct head {
    uint64_t index;
    int64_t row;
    char sha[65];
};

struct head_check {
    struct head *h;
    size_t n, cap;
    int bad;               /* a leaf that is not an auditHead entry */
    uint64_t bad_index;
};

/* The text of <tag>…</tag> in entry, into out. */
static int entry_field(const unsigned char *entry, size_t len, const char *tag, char *out,
                       size_t cap)
{
    char open[48];
    int n = snprintf(open, sizeof open, "<%s>", tag);
    const char *s = memmem(entry, len, open, (size_t)n), *e;

    if (s == NULL)
        return -1;
    s += n;
    e = memchr(s, '<', len - (size_t)(s - (const char *)entry));
    if (e == NULL || (size_t)(e - s) >= cap)
        return -1;
    memcpy(out, s, (size_t)(e - s));
    out[e - s] = '\0';
    return 0;
}

/* Collect the heads first: the rows are read after, on the same link. */
static int keep_head(uint64_t index, const void *entry, size_t len, void *arg)
{
    struct head_check *h = arg;
    char id[24];

    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 64;
        struct head *t = realloc(h->h, cap * sizeof *t);
        if (t == NULL)
            return 1;
        h->h = t;
        h->cap = cap;
    }
    if (entry_field(entry, len, "rowId", id, sizeof id) != 0 ||
        entry_field(entry, len, "headSha256", h->h[h->n].sha, sizeof h->h[h->n].sha) != 0) {
        h->bad = 1;
        h->bad_index = index;
        return 1;
    }
    h->h[h->n].index = index;
    h->h[h->n].row = atoll(id);
    h->n++;
    return 0;
}

enum audit_log_outcome registry_audit_against_log(struct registry *r, long *checked,
                                                  struct reg_says *says)
{
    struct head_check h = {0};
    enum audit_log_outcome o = AUDIT_LOG_OK;
    enum store_result sr = STORE_OK;
    unsigned int e = 0;
    char err[512] = "", have[65];
    struct db_conn *m;
    long n;

    *checked = 0;
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL)
        return reg_read_failed(STORE_CONN, err, says) == READ_UNAVAILABLE
                   ? AUDIT_LOG_UNAVAILABLE
                   : AUDIT_LOG_ERROR;
    n = store_tlog_each_kind(m, "auditHead", keep_head, &h, &e, err, sizeof err);
    if (n < 0 && !h.bad)
        sr = e ? store_classify(e) : STORE_ERROR;
    if (h.bad) {
        reg_say(says, "rewritten", "透明日志中的审计链承诺无法读取",
                "leaf %llu of the transparency log is not an auditHead entry",
                (unsigned long long)h.bad_index);
        o = AUDIT_LOG_REWRITTEN;
    }
    for (size_t i = 0; sr == STORE_OK && o == AUDIT_LOG_OK && i < h.n; i++) {
        int f = audit_row_sha(m, h.h[i].row, have, &e, err, sizeof err);
        if (f < 0) {
            sr = store_classify(e);
        } else if (f == 0 || strcmp(have, h.h[i].sha) != 0) {
            reg_say(says, "rewritten", "审计日志在写入透明日志之后被改写",
                    "audit row %lld %s, but leaf %llu of the transparency log committed to its "
                    "hash %.16s…: the audit log was rewritten after the log recorded its head",
                    (long long)h.h[i].row, f == 0 ? "is gone" : "has another hash now",
                    (unsigned long long)h.h[i].index, h.h[i].sha);
            o = AUDIT_LOG_REWRITTEN;
        } else {
            (*checked)++;
        }
    }
    free(h.h);
    reg_conn_put(r, m, sr);
    if (sr != STORE_OK)
        return reg_read_failed(sr, err, says) == READ_UNAVAILABLE ? AUDIT_LOG_UNAVAILABLE
                                                                  : AUDIT_LOG_ERROR;
    if (o == AUDIT_LOG_OK)
        reg_say(says, "intact", "审计日志与透明日志中的承诺一致",
                "the audit log matches the %ld audit heads the transparency log committed to",
                *checked);
    return o;
}
