/*
 * tlog.h — the transparency log's Merkle tree (issue 18): RFC 9162 hashing,
 * tree heads of any size, inclusion and consistency proofs, their
 * verification, and appends — over stored subtree hashes reached through a
 * callback interface, so the module itself does no I/O.
 *
 * Hashing (RFC 9162 §2.1.1): leaf = SHA-256(0x00 ‖ entry), node =
 * SHA-256(0x01 ‖ left ‖ right), the empty tree's head = SHA-256(""). A tree
 * of n leaves splits at the largest power of two below n.
 *
 * What is stored: the hash of every complete subtree whose level is a
 * multiple of TLOG_STRIDE — level 0 (the leaf hashes), 4 (subtrees of 16
 * leaves), 8 (256 leaves), … A node (level L, index i) covers leaves
 * [i·2^L, (i+1)·2^L). This is the tile layout of C2SP tlog-tiles with tiles
 * of height 4, kept one hash per row: a subtree at a level in between is
 * recomputed from at most 2^(TLOG_STRIDE-1) = 8 stored hashes. Storage is
 * about n·(1 + 1/15) hashes for n leaves.
 *
 * Every operation gathers the stored hashes it needs first and asks for all
 * of them in ONE read call (a list of ranges, each within one stored level),
 * so a proof at any size costs one round trip and O(log n) hashes: an
 * inclusion proof at 10,000,000 leaves reads at most ~24 ranges of ≤ 8 hashes.
 *
 * Thread safety: the functions keep no state; a store's callbacks must be safe
 * for however the caller shares the store. Errors come back as -1 with one
 * sentence in a caller-supplied buffer (what, where, why).
 */
#ifndef TIER_TLOG_H
#define TIER_TLOG_H

#include <stddef.h>
#include <stdint.h>

#include "tier/tlog_types.h"

/* ---- hashing ------------------------------------------------------------------- */

/* leaf = SHA-256(0x00 ‖ entry). 0, or -1 when OpenSSL fails or out of memory. */
int tlog_leaf_hash(const void *entry, size_t len, unsigned char out[TLOG_HASH_LEN]);

/* node = SHA-256(0x01 ‖ left ‖ right). out may alias left or right. 0 or -1. */
int tlog_node_hash(const unsigned char left[TLOG_HASH_LEN],
                   const unsigned char right[TLOG_HASH_LEN], unsigned char out[TLOG_HASH_LEN]);

/* ---- reading the tree ---------------------------------------------------------- */

/* The tree head (RFC 9162 MTH) of the first `size` leaves (0 ≤ size ≤ the
 * number appended). 0, or -1 with a sentence in err. */
int tlog_root(const struct tlog_store *s, uint64_t size, unsigned char root[TLOG_HASH_LEN],
              char *err, size_t errsz);

/* The leaf hash stored for leaf `index`. 0, or -1 with a sentence in err. */
int tlog_leaf_at(const struct tlog_store *s, uint64_t index, unsigned char out[TLOG_HASH_LEN],
                 char *err, size_t errsz);

/* Inclusion proof (RFC 9162 §2.1.3.1) of leaf `index` in the tree of `size`
 * leaves: *n hashes into proof, leaf side first. Refused (-1, sentence in
 * err) when index >= size. */
int tlog_inclusion_proof(const struct tlog_store *s, uint64_t size, uint64_t index,
                         unsigned char proof[][TLOG_HASH_LEN], size_t *n, char *err,
                         size_t errsz);

/* Consistency proof (RFC 9162 §2.1.4.1) between the trees of old_size and
 * size leaves, 0 < old_size ≤ size (old_size == size gives an empty proof).
 * *n hashes into proof. -1 with a sentence in err otherwise. */
int tlog_consistency_proof(const struct tlog_store *s, uint64_t old_size, uint64_t size,
                           unsigned char proof[][TLOG_HASH_LEN], size_t *n, char *err,
                           size_t errsz);

/* ---- verifying (pure: no store) ------------------------------------------------ */

/* RFC 9162 §2.1.3.2: does `proof` (n hashes) show the leaf hash `leaf` at
 * `index` in the tree of `size` leaves whose head is `root`? 0 when it does,
 * -1 with the reason in err. */
int tlog_verify_inclusion(const unsigned char leaf[TLOG_HASH_LEN], uint64_t index,
                          uint64_t size, const unsigned char proof[][TLOG_HASH_LEN], size_t n,
                          const unsigned char root[TLOG_HASH_LEN], char *err, size_t errsz);

/* RFC 9162 §2.1.4.2: does `proof` show that the tree of old_size leaves with
 * head old_root is a prefix of the tree of size leaves with head root? Equal
 * sizes need equal heads and an empty proof; old_size 0 is consistent with
 * anything (empty proof). 0 when it does, -1 with the reason in err. */
int tlog_verify_consistency(uint64_t old_size, uint64_t size,
                            const unsigned char old_root[TLOG_HASH_LEN],
                            const unsigned char root[TLOG_HASH_LEN],
                            const unsigned char proof[][TLOG_HASH_LEN], size_t n, char *err,
                            size_t errsz);

/* ---- appending ----------------------------------------------------------------- */

/* Append `entry` (len bytes, borrowed) as leaf number `size` of a tree that
 * now has `size` leaves: reads the stored siblings it needs, computes the leaf
 * hash and every stored node the new leaf completes, and hands them to
 * s->append. The caller serialises appends (it knows `size`, e.g. from a row
 * it holds locked). leaf_hash (may be NULL) receives the leaf hash. 0, or -1
 * with a sentence in err (nothing was appended unless s->append itself failed
 * half-way). */
int tlog_append(const struct tlog_store *s, uint64_t size, const void *entry, size_t len,
                unsigned char leaf_hash[TLOG_HASH_LEN], char *err, size_t errsz);

/* ---- an in-memory store (tests, benches) --------------------------------------- */

/* The same layout as the database's (sql/040_tlog.sql): every stored level
 * as one array of hashes. Keeps hashes only, not the entries' bytes. Not
 * thread-safe. */
struct tlog_mem;

/* An empty log. NULL when out of memory. */
struct tlog_mem *tlog_mem_new(void);

/* Free it; NULL is fine. */
void tlog_mem_free(struct tlog_mem *m);

/* The store interface over m (borrows m). Can't fail. */
struct tlog_store tlog_mem_store(struct tlog_mem *m);

/* Leaves appended so far. */
uint64_t tlog_mem_size(const struct tlog_mem *m);

/* Make room for `leaves` leaves at once (saves the doublings of a big
 * bench). 0, or -1 when out of memory. */
int tlog_mem_reserve(struct tlog_mem *m, uint64_t leaves);

/* Stored hashes held, all levels (for the bench's figures). */
uint64_t tlog_mem_hashes(const struct tlog_mem *m);

#endif
