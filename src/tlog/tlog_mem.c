/*
 * tlog_mem.c — the transparency log's store kept in memory (see tlog.h), for
 * the unit tests and the bench.
 *
 * Layout as in MariaDB (sql/040_tlog.sql): level 0 is the leaf hashes (the
 * `leaf_hash` column of tlog_entries), each further stored level (4, 8, …) an
 * array indexed like tlog_nodes' (level, idx) key. Entry bytes are not kept.
 * Arrays double as they grow; one log belongs to one thread at a time.
 */
#include "tier/tlog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MEM_LEVELS (64 / TLOG_STRIDE)

struct mem_level {
    unsigned char *h; /* n hashes */
    uint64_t n, alloc;
};

struct tlog_mem {
    struct mem_level lv[MEM_LEVELS]; /* lv[q] holds level q * TLOG_STRIDE */
};

struct tlog_mem *tlog_mem_new(void)
{
    return calloc(1, sizeof(struct tlog_mem));
}

void tlog_mem_free(struct tlog_mem *m)
{
    if (m == NULL)
        return;
    for (size_t q = 0; q < MEM_LEVELS; q++)
        free(m->lv[q].h);
    free(m);
}

static int level_reserve(struct mem_level *l, uint64_t want)
{
    unsigned char *p;

    if (want <= l->alloc)
        return 0;
    p = realloc(l->h, want * TLOG_HASH_LEN);
    if (p == NULL)
        return -1;
    l->h = p;
    l->alloc = want;
    return 0;
}

int tlog_mem_reserve(struct tlog_mem *m, uint64_t leaves)
{
    for (size_t q = 0; q < MEM_LEVELS; q++) {
        uint64_t want = leaves >> (q * TLOG_STRIDE);

        if (want == 0)
            break;
        if (level_reserve(&m->lv[q], want) != 0)
            return -1;
    }
    return 0;
}

static int mem_read(void *ctx, const struct tlog_range *r, size_t n, unsigned char *out,
                    char *err, size_t errsz)
{
    struct tlog_mem *m = ctx;

    for (size_t i = 0; i < n; i++) {
        const struct mem_level *l;

        if (r[i].level % TLOG_STRIDE != 0 || r[i].level / TLOG_STRIDE >= MEM_LEVELS)
            goto missing;
        l = &m->lv[r[i].level / TLOG_STRIDE];
        if (r[i].start > l->n || r[i].count > l->n - r[i].start)
            goto missing;
        memcpy(out, l->h + r[i].start * TLOG_HASH_LEN, (size_t)r[i].count * TLOG_HASH_LEN);
        out += (size_t)r[i].count * TLOG_HASH_LEN;
        continue;
missing:
        snprintf(err, errsz, "transparency log (memory): no stored hash at level %u, index %llu "
                 "(+%u)", r[i].level, (unsigned long long)r[i].start, r[i].count);
        return -1;
    }
    return 0;
}

static int mem_append(void *ctx, uint64_t index, const void *entry, size_t len,
                      const struct tlog_node *nodes, size_t n, char *err, size_t errsz)
{
    struct tlog_mem *m = ctx;

    (void)entry;
    (void)len;
    if (index != m->lv[0].n) {
        snprintf(err, errsz, "transparency log (memory): append of leaf %llu to a log of %llu",
                 (unsigned long long)index, (unsigned long long)m->lv[0].n);
        return -1;
    }
    /* Reserve every level first so that a failure leaves the log unchanged. */
    for (size_t i = 0; i < n; i++) {
        struct mem_level *l = &m->lv[nodes[i].level / TLOG_STRIDE];

        if (nodes[i].index != l->n) {
            snprintf(err, errsz, "transparency log (memory): node %u/%llu out of order",
                     nodes[i].level, (unsigned long long)nodes[i].index);
            return -1;
        }
        if (l->n == l->alloc && level_reserve(l, l->n < 16 ? 16 : l->n * 2) != 0) {
            snprintf(err, errsz, "transparency log (memory): out of memory");
            return -1;
        }
    }
    for (size_t i = 0; i < n; i++) {
        struct mem_level *l = &m->lv[nodes[i].level / TLOG_STRIDE];

        memcpy(l->h + l->n * TLOG_HASH_LEN, nodes[i].hash, TLOG_HASH_LEN);
        l->n++;
    }
    return 0;
}

struct tlog_store tlog_mem_store(struct tlog_mem *m)
{
    struct tlog_store s = {mem_read, mem_append, m};

    return s;
}

uint64_t tlog_mem_size(const struct tlog_mem *m)
{
    return m->lv[0].n;
}

uint64_t tlog_mem_hashes(const struct tlog_mem *m)
{
    uint64_t t = 0;

    for (size_t q = 0; q < MEM_LEVELS; q++)
        t += m->lv[q].n;
    return t;
}
