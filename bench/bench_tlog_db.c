/*
 * bench_tlog_db.c — the transparency log in MariaDB, for `make bench-log`
 * (scripts/bench-log starts a private, durable server for it).
 *
 *   bench_tlog_db CONF fill LEAVES
 *   bench_tlog_db CONF SECONDS THREADS
 *
 * 0. fill: the empty tree is filled to LEAVES leaves (auditHead entries,
 *    about 170 bytes) by bulk inserts of the leaf rows and the stored levels
 *    (the same rows appends write, computed beside an in-memory copy of the
 *    tree), and the fill rate printed; a later run's phases then start at
 *    that size;
 *
 * 1. baseline: THREADS connections, each committing transactions that lock
 *    tlog_head's row and move it (what an append costs with no tree rows): the
 *    rate of serialised durable commits on this machine;
 * 2. appends: the same connections, each transaction a whole append (lock,
 *    read siblings, insert the entry and node rows, move the head, commit);
 * 3. proofs: inclusion and consistency proofs at the size reached, read from
 *    the stored hashes (two statements each), median and p99 over 2,000.
 * Entries are real certificate-issued entries (about 420 bytes).
 */
#include "tier/buf.h"
#include "tier/config.h"
#include "tier/db.h"
#include "tier/digest.h"
#include "tier/tlog.h"
#include "tier/tlog_entry.h"
#include "tier/tlog_store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PROOFS 2000

static struct tier_config cfg;
static double seconds;
static volatile int stop_all;

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

struct worker {
    int id, append;  /* append: 1 = whole appends, 0 = the head row alone */
    long done;
    int failed;
    pthread_t t;
};

static int one(struct db_conn *m, struct worker *w, struct buf *e, char *err, size_t errsz)
{
    char serial[32], sha[SHA256_HEX_LEN + 1];
    struct tlog_entry en = {0};
    struct store_tlog st = {m, "certificateIssued", serial, 0};
    struct tlog_store s = store_tlog(&st);
    unsigned int dberr = 0;
    uint64_t size;

    snprintf(serial, sizeof serial, "LG-2026-%02d%016ld", w->id, w->done);
    digest_sha256_hex(serial, strlen(serial), sha);
    en.kind = TLOG_ENTRY_CERT_ISSUED;
    en.serial = serial;
    en.uscc = "91370102MA3C4D5E7Q";
    en.tier = "little-giant";
    en.valid_from = "2026-05-10";
    en.valid_until = "2029-05-09";
    en.issued_at = "2026-05-10T02:03:04Z";
    en.cert_sha256 = sha;
    buf_reset(e);
    if (tlog_entry_encode(&en, e, err, errsz) != 0 || db_begin(m, &dberr, err, errsz) != 0)
        return -1;
    if (store_tlog_lock_size(m, &size, &dberr, err, errsz) != 0 ||
        (w->append && tlog_append(&s, size, e->data, e->len, NULL, err, errsz) != 0) ||
        store_tlog_set_size(m, w->append ? size + 1 : size, &dberr, err, errsz) != 0 ||
        db_commit(m, &dberr, err, errsz) != 0) {
        db_rollback(m);
        return db_error_is_retryable(dberr ? dberr : st.errnum) ? 0 : -1;
    }
    w->done++;
    return 0;
}

static void *run(void *arg)
{
    struct worker *w = arg;
    char err[512];
    struct db_conn *m = db_connect(&cfg, err, sizeof err);
    struct buf e;

    buf_init(&e, TLOG_ENTRY_MAX);
    if (m == NULL || db_stmt_cache_on(m) != 0) {
        fprintf(stderr, "bench_tlog_db: %s\n", err);
        w->failed = 1;
    }
    while (!w->failed && !stop_all) {
        if (one(m, w, &e, err, sizeof err) != 0) {
            fprintf(stderr, "bench_tlog_db: worker %d: %s\n", w->id, err);
            w->failed = 1;
        }
    }
    buf_free(&e);
    db_close(m);
    return NULL;
}

static double phase(const char *what, int append, int threads)
{
    struct worker *w = calloc((size_t)threads, sizeof *w);
    long total = 0;
    double t0, dt;
    int failed = 0;

    stop_all = 0;
    t0 = now();
    for (int i = 0; i < threads; i++) {
        w[i].id = i;
        w[i].append = append;
        pthread_create(&w[i].t, NULL, run, &w[i]);
    }
    while (now() - t0 < seconds)
        nanosleep(&(struct timespec){0, 50000000}, NULL);
    stop_all = 1;
    for (int i = 0; i < threads; i++) {
        pthread_join(w[i].t, NULL);
        total += w[i].done;
        failed |= w[i].failed;
    }
    dt = now() - t0;
    free(w);
    if (failed)
        return -1;
    printf("%-46s %8.0f /s   (%ld in %.1f s, %d connections)\n", what, (double)total / dt, total,
           dt, threads);
    return (double)total / dt;
}

static void proofs(struct db_conn *m, uint64_t size, int consistency)
{
    struct store_tlog st = {m, NULL, NULL, 0};
    struct tlog_store s = store_tlog(&st);
    unsigned char p[TLOG_PROOF_MAX][TLOG_HASH_LEN];
    double t[PROOFS], t0;
    uint64_t seed = 0x9e3779b97f4a7c15ULL;
    char err[512];
    size_t n;

    for (int i = 0; i < PROOFS; i++) {
        uint64_t x;
        int rc;

        seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
        x = seed % size;
        t0 = now();
        rc = consistency ? tlog_consistency_proof(&s, x + 1, size, p, &n, err, sizeof err)
                         : tlog_inclusion_proof(&s, size, x, p, &n, err, sizeof err);
        t[i] = now() - t0;
        if (rc != 0) {
            fprintf(stderr, "bench_tlog_db: proof: %s\n", err);
            return;
        }
    }
    qsort(t, PROOFS, sizeof t[0], cmp_double);
    printf("%-46s median %6.0f µs   p99 %6.0f µs   (%d, size %llu)\n",
           consistency ? "consistency proof from MariaDB" : "inclusion proof from MariaDB",
           t[PROOFS / 2] * 1e6, t[PROOFS * 99 / 100] * 1e6, PROOFS, (unsigned long long)size);
}

/* ---- the fill: bulk rows of the same layout as appends -------------------- */

#define FILL_BATCH 4000

struct fill {
    struct tlog_mem *mem;
    struct tlog_store ms;
    struct db_conn *m;
    size_t rows, nodes;
    unsigned char entry[FILL_BATCH][256];
    unsigned char leaf[FILL_BATCH][TLOG_HASH_LEN];
    struct db_param erow[FILL_BATCH * 5];
    struct tlog_node node[FILL_BATCH];
    struct db_param nrow[FILL_BATCH * 3];
    unsigned int errnum;
};

static int fill_flush(struct fill *f, char *err, size_t errsz)
{
    if (f->rows > 0 &&
        db_exec_bulk(f->m, "INSERT INTO tlog_entries (leaf_index, kind, subject, entry, "
                           "leaf_hash) VALUES (?, ?, ?, ?, ?)",
                     f->erow, 5, f->rows, &f->errnum, err, errsz) != 0)
        return -1;
    if (f->nodes > 0 &&
        db_exec_bulk(f->m, "INSERT INTO tlog_nodes (level, idx, hash) VALUES (?, ?, ?)",
                     f->nrow, 3, f->nodes, &f->errnum, err, errsz) != 0)
        return -1;
    f->rows = f->nodes = 0;
    return 0;
}

static int fill_read(void *ctx, const struct tlog_range *r, size_t n, unsigned char *out,
                     char *err, size_t errsz)
{
    struct fill *f = ctx;

    return f->ms.read(f->ms.ctx, r, n, out, err, errsz);
}

static int fill_append(void *ctx, uint64_t index, const void *entry, size_t len,
                       const struct tlog_node *nodes, size_t n, char *err, size_t errsz)
{
    struct fill *f = ctx;
    size_t r = f->rows;

    if (len > sizeof f->entry[0] || n > FILL_BATCH - f->nodes + 1) {
        snprintf(err, errsz, "fill: entry or nodes too large");
        return -1;
    }
    if (f->ms.append(f->ms.ctx, index, entry, len, nodes, n, err, errsz) != 0)
        return -1;
    memcpy(f->entry[r], entry, len);
    memcpy(f->leaf[r], nodes[0].hash, TLOG_HASH_LEN);
    f->erow[5 * r] = (struct db_param){'i', (int64_t)index, NULL, 0};
    f->erow[5 * r + 1] = (struct db_param){'s', 0, "auditHead", 0};
    f->erow[5 * r + 2] = (struct db_param){'s', 0, NULL, 0};
    f->erow[5 * r + 3] = (struct db_param){'b', 0, f->entry[r], len};
    f->erow[5 * r + 4] = (struct db_param){'b', 0, f->leaf[r], TLOG_HASH_LEN};
    f->rows++;
    for (size_t i = 1; i < n; i++) {
        size_t k = f->nodes++;
        f->node[k] = nodes[i];
        f->nrow[3 * k] = (struct db_param){'i', (int64_t)nodes[i].level, NULL, 0};
        f->nrow[3 * k + 1] = (struct db_param){'i', (int64_t)nodes[i].index, NULL, 0};
        f->nrow[3 * k + 2] = (struct db_param){'b', 0, f->node[k].hash, TLOG_HASH_LEN};
    }
    if (f->rows == FILL_BATCH || f->nodes > FILL_BATCH - 64)
        return fill_flush(f, err, errsz);
    return 0;
}

/* Fill the (empty) tree to `leaves` leaves. 0 or -1. */
static int fill_tree(uint64_t leaves)
{
    struct fill *f = calloc(1, sizeof *f);
    struct tlog_store s = {fill_read, fill_append, f};
    struct tlog_entry en = {.kind = TLOG_ENTRY_AUDIT_HEAD};
    char err[512], sha[SHA256_HEX_LEN + 1];
    unsigned char raw[32];
    struct buf e;
    uint64_t i;
    double t0 = now();
    int rc = -1;

    if (f == NULL)
        return -1;
    buf_init(&e, TLOG_ENTRY_MAX);
    f->mem = tlog_mem_new();
    f->m = db_connect(&cfg, err, sizeof err);
    if (f->mem == NULL || tlog_mem_reserve(f->mem, leaves) != 0 || f->m == NULL ||
        db_stmt_cache_on(f->m) != 0) {
        fprintf(stderr, "bench_tlog_db: fill: %s\n", f->m ? "out of memory" : err);
        goto done;
    }
    f->ms = tlog_mem_store(f->mem);
    en.head_sha256 = sha;
    en.at = "2026-05-10T02:03:04Z";
    for (i = 0; i < leaves; i++) {
        memcpy(raw, &i, sizeof i);
        digest_sha256(raw, sizeof raw, raw);
        digest_hex(raw, sizeof raw, sha);
        en.audit_row_id = (int64_t)i + 1;
        buf_reset(&e);
        if (tlog_entry_encode(&en, &e, err, sizeof err) != 0 ||
            tlog_append(&s, i, e.data, e.len, NULL, err, sizeof err) != 0)
            break;
        if ((i + 1) % 1000000 == 0)
            fprintf(stderr, "  filled %llu leaves in %.0f s\n", (unsigned long long)(i + 1),
                    now() - t0);
    }
    if (i < leaves || fill_flush(f, err, sizeof err) != 0 ||
        store_tlog_set_size(f->m, leaves, &f->errnum, err, sizeof err) != 0) {
        fprintf(stderr, "bench_tlog_db: fill at leaf %llu: %s\n", (unsigned long long)i, err);
        goto done;
    }
    printf("%-46s %8.0f /s   (%llu leaves in %.1f s, bulk inserts)\n",
           "fill: leaves + stored levels into MariaDB", (double)leaves / (now() - t0),
           (unsigned long long)leaves, now() - t0);
    rc = 0;
done:
    buf_free(&e);
    db_close(f->m);
    tlog_mem_free(f->mem);
    free(f);
    return rc;
}

int main(int argc, char **argv)
{
    char err[512];
    int threads;
    uint64_t size = 0;
    double base, app;
    struct db_conn *m;

    if (argc != 4) {
        fprintf(stderr, "usage: bench_tlog_db CONF SECONDS THREADS | CONF fill LEAVES\n");
        return 2;
    }
    seconds = atof(argv[2]);
    threads = atoi(argv[3]);
    config_defaults(&cfg);
    if (config_load_file(&cfg, argv[1], err, sizeof err) != 0 ||
        config_load_password(&cfg, err, sizeof err) != 0) {
        fprintf(stderr, "bench_tlog_db: %s\n", err);
        return 1;
    }
    if (strcmp(argv[2], "fill") == 0) {
        int rc = fill_tree(strtoull(argv[3], NULL, 10));
        config_wipe(&cfg);
        return rc ? 1 : 0;
    }
    base = phase("baseline: lock + move the head row, commit", 0, threads);
    app = phase("append (entry + nodes + head), commit", 1, threads);
    if (base < 0 || app < 0)
        return 1;
    printf("appends reach %.0f%% of the serialised-commit baseline\n", 100.0 * app / base);
    m = db_connect(&cfg, err, sizeof err);
    if (m == NULL || db_stmt_cache_on(m) != 0 ||
        store_tlog_size(m, &size, NULL, err, sizeof err) != 0 || size == 0) {
        fprintf(stderr, "bench_tlog_db: %s\n", err);
        return 1;
    }
    proofs(m, size, 0);
    proofs(m, size, 1);
    db_close(m);
    config_wipe(&cfg);
    return 0;
}
