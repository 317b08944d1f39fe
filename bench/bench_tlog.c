/*
 * bench_tlog.c — `make bench-log`, the transparency log's pure part: build a
 * log of N leaves (default 10,000,000) through tlog_append into the in-memory
 * store, then time inclusion and consistency proofs and tree heads at that
 * size.
 *
 * The in-memory store keeps exactly the layout of MariaDB's (level 0 = the
 * leaf hashes of tlog_entries, levels 4, 8, … = tlog_nodes), and a proof asks
 * it for the same ranges in one read, so the figures are the server's CPU time
 * per proof without the database round trips (two indexed SELECTs of ≤ 200
 * rows, measured by bench_tlog_db in the same `make bench-log`).
 *
 * Baselines measured in the same run: the machine's raw SHA-256 rate for a
 * leaf of the same size (no append can beat it), and a head computed from the
 * leaf hashes alone (what a proof costs without stored subtrees), at 1,000,000
 * leaves.
 *
 *   bench_tlog [LEAVES] [PROOFS]
 */
#include "tier/tlog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ENTRY_LEN 420 /* about a certificate-issued entry's canonical bytes */

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

static uint64_t rnd(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void entry_for(unsigned char *e, uint64_t i)
{
    memset(e, 'e', ENTRY_LEN);
    memcpy(e, &i, sizeof i);
}

static void quantiles(const char *what, double *t, size_t n)
{
    qsort(t, n, sizeof *t, cmp_double);
    printf("%-34s median %7.1f µs   p99 %7.1f µs   max %7.1f µs   (%zu runs)\n", what,
           t[n / 2] * 1e6, t[n * 99 / 100] * 1e6, t[n - 1] * 1e6, n);
}

int main(int argc, char **argv)
{
    uint64_t leaves = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000ULL;
    size_t proofs = argc > 2 ? strtoul(argv[2], NULL, 10) : 10000;
    unsigned char e[ENTRY_LEN], h[TLOG_HASH_LEN], root[TLOG_HASH_LEN];
    unsigned char proof[TLOG_PROOF_MAX][TLOG_HASH_LEN], *base;
    struct tlog_mem *m = tlog_mem_new();
    struct tlog_store s = tlog_mem_store(m);
    double t0, dt, *times = calloc(proofs, sizeof(double));
    uint64_t seed = 88172645463325252ULL, base_n = leaves < 1000000 ? leaves : 1000000;
    char err[256];
    size_t n;

    if (m == NULL || times == NULL || leaves < 2 || proofs == 0 ||
        tlog_mem_reserve(m, leaves) != 0) {
        fprintf(stderr, "bench_tlog: bad arguments or out of memory\n");
        return 1;
    }
    printf("== transparency log, in memory (MariaDB's layout), %llu leaves of %d bytes\n",
           (unsigned long long)leaves, ENTRY_LEN);

    t0 = now();
    for (uint64_t i = 0; i < base_n; i++) {
        entry_for(e, i);
        tlog_leaf_hash(e, ENTRY_LEN, h);
    }
    dt = now() - t0;
    printf("baseline: leaf SHA-256 alone         %10.0f /s\n", (double)base_n / dt);

    t0 = now();
    for (uint64_t i = 0; i < leaves; i++) {
        entry_for(e, i);
        if (tlog_append(&s, i, e, ENTRY_LEN, NULL, err, sizeof err) != 0) {
            fprintf(stderr, "append %llu: %s\n", (unsigned long long)i, err);
            return 1;
        }
    }
    dt = now() - t0;
    printf("append (leaf hash + stored nodes)    %10.0f /s   (%.1f s for %llu; %llu hashes "
           "stored, %.0f MB)\n", (double)leaves / dt, dt, (unsigned long long)leaves,
           (unsigned long long)tlog_mem_hashes(m),
           (double)tlog_mem_hashes(m) * TLOG_HASH_LEN / 1e6);

    for (size_t i = 0; i < proofs; i++) {
        uint64_t idx = rnd(&seed) % leaves;

        t0 = now();
        if (tlog_inclusion_proof(&s, leaves, idx, proof, &n, err, sizeof err) != 0) {
            fprintf(stderr, "inclusion proof: %s\n", err);
            return 1;
        }
        times[i] = now() - t0;
    }
    quantiles("inclusion proof at full size", times, proofs);
    for (size_t i = 0; i < proofs; i++) {
        uint64_t size = leaves - rnd(&seed) % (leaves / 2), idx = rnd(&seed) % size;

        t0 = now();
        if (tlog_inclusion_proof(&s, size, idx, proof, &n, err, sizeof err) != 0) {
            fprintf(stderr, "inclusion proof: %s\n", err);
            return 1;
        }
        times[i] = now() - t0;
    }
    quantiles("inclusion proof, sizes N/2..N", times, proofs);
    for (size_t i = 0; i < proofs; i++) {
        uint64_t old = 1 + rnd(&seed) % (leaves - 1);

        t0 = now();
        if (tlog_consistency_proof(&s, old, leaves, proof, &n, err, sizeof err) != 0) {
            fprintf(stderr, "consistency proof: %s\n", err);
            return 1;
        }
        times[i] = now() - t0;
    }
    quantiles("consistency proof to full size", times, proofs);
    for (size_t i = 0; i < proofs; i++) {
        uint64_t size = leaves - rnd(&seed) % (leaves / 2);

        t0 = now();
        if (tlog_root(&s, size, root, err, sizeof err) != 0) {
            fprintf(stderr, "tree head: %s\n", err);
            return 1;
        }
        times[i] = now() - t0;
    }
    quantiles("tree head, sizes N/2..N", times, proofs);

    /* Baseline: the head from leaf hashes alone, as without stored levels. */
    base = malloc(base_n * TLOG_HASH_LEN);
    if (base == NULL)
        return 1;
    {
        struct tlog_range r = {0, 0, 0};

        for (uint64_t i = 0; i < base_n; i += r.count) {
            r.start = i;
            r.count = base_n - i < 16 ? (uint32_t)(base_n - i) : 16;
            s.read(s.ctx, &r, 1, base + i * TLOG_HASH_LEN, err, sizeof err);
        }
    }
    t0 = now();
    for (uint64_t w = base_n; w > 1; w = (w + 1) / 2) {
        for (uint64_t i = 0; i + 1 < w; i += 2)
            tlog_node_hash(base + i * TLOG_HASH_LEN, base + (i + 1) * TLOG_HASH_LEN,
                           base + (i / 2) * TLOG_HASH_LEN);
        if (w % 2)
            memmove(base + (w / 2) * TLOG_HASH_LEN, base + (w - 1) * TLOG_HASH_LEN,
                    TLOG_HASH_LEN);
    }
    dt = now() - t0;
    printf("baseline: head from leaf hashes only  %10.1f µs   (%llu leaves, no stored levels)\n",
           dt * 1e6, (unsigned long long)base_n);
    printf("goal: inclusion proof at 10,000,000 leaves < 1000 µs of server time\n");
    free(base);
    free(times);
    tlog_mem_free(m);
    return 0;
}
