/*
 * tlog_types.h — the transparency log's plain data (core): the hash length,
 * the layout constants, a run of stored hashes, one stored node, and the
 * storage callbacks the Merkle-tree module (tlog.h) is given.
 *
 * These are shared by two modules that must not see each other: the tlog
 * module (pure) computes over them, and the store (SQL only; it may include
 * core and store headers alone) implements the callbacks over MariaDB rows.
 * Types and constants only: no functions, nothing to link.
 */
#ifndef TIER_TLOG_TYPES_H
#define TIER_TLOG_TYPES_H

#include <stddef.h>
#include <stdint.h>

#define TLOG_HASH_LEN 32               /* SHA-256 */
#define TLOG_STRIDE 4                  /* stored levels are multiples of this */
#define TLOG_MAX_SIZE (1ULL << 56)     /* leaves a log may ever hold */
#define TLOG_PROOF_MAX 128             /* hashes in any proof (≤ 2 per level) */
#define TLOG_APPEND_NODES_MAX 16       /* stored nodes one append can complete */
#define TLOG_READ_RANGES_MAX 256       /* ranges in one read call */

/* One run of stored hashes: level (a multiple of TLOG_STRIDE), indexes
 * [start, start + count). */
struct tlog_range {
    unsigned level;
    uint64_t start;
    uint32_t count;                    /* 1 .. 2^(TLOG_STRIDE) */
};

/* One stored hash: the complete subtree (level, index). */
struct tlog_node {
    unsigned level;                    /* a multiple of TLOG_STRIDE */
    uint64_t index;
    unsigned char hash[TLOG_HASH_LEN];
};

/*
 * The log's storage, injected (as struct rules_registry is into the rules).
 *
 * read: copy the hashes of the n ranges r[0..n-1] into out, one after another
 *   (r[0].count hashes, then r[1].count, …; TLOG_HASH_LEN bytes each). The
 *   module asks only for complete subtrees of a tree already appended. 0, or
 *   -1 with a sentence in err (for instance "no stored hash at level 4 index
 *   9").
 * append: keep leaf `index` (its entry bytes, borrowed; its leaf hash is
 *   nodes[0]) and the n stored nodes it completes (nodes[0] is level 0; the
 *   rest are in increasing level). Called once per tlog_append, after every
 *   read. 0, or -1 with a sentence in err (then the caller must discard the
 *   store's state for this append, e.g. roll back the transaction).
 */
struct tlog_store {
    int (*read)(void *ctx, const struct tlog_range *r, size_t n, unsigned char *out, char *err,
                size_t errsz);
    int (*append)(void *ctx, uint64_t index, const void *entry, size_t len,
                  const struct tlog_node *nodes, size_t n, char *err, size_t errsz);
    void *ctx;
};

#endif
