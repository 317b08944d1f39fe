/*
 * merkle.c — RFC 9162 Merkle tree over stored subtree hashes (see tlog.h).
 *
 * Every question (a tree head, a proof) is first written as a list of leaf
 * spans [lo, hi) whose MTH is wanted: the tree itself for a head, the
 * siblings along the path for a proof, following RFC 9162's recursive
 * definitions top-down. A span that arises this way always starts on a
 * boundary of its own size's next power of two, so splitting it greedily into
 * the largest aligned complete subtrees gives exactly RFC 9162's split, and
 * its MTH is those subtrees' hashes folded right to left. Each complete
 * subtree is one stored hash when its level is a multiple of TLOG_STRIDE, or
 * is rebuilt from at most 2^(TLOG_STRIDE-1) stored hashes of the stored level
 * below it. All stored hashes a question needs are read in one call.
 *
 * Pure: no I/O of its own, no globals; every buffer is bounded by the
 * constants of tlog.h (a request for more fails cleanly, it never grows).
 */
#include "tier/tlog.h"

#include "tier/digest.h"
#include "tlog_int.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUBTREES_MAX TLOG_READ_RANGES_MAX
#define SPANS_MAX (TLOG_PROOF_MAX + 1)
#define STRIDE_WIDTH (1u << TLOG_STRIDE) /* stored hashes under one stored node */

struct span {
    uint64_t lo, hi; /* leaves [lo, hi), lo < hi */
};

void tlog_errf(char *err, size_t errsz, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL || errsz == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errsz, fmt, ap);
    va_end(ap);
}

void tlog_buf_restore(struct buf *b, size_t len)
{
    b->len = len;
    if (b->data != NULL)
        b->data[len] = '\0';
}

int tlog_leaf_hash(const void *entry, size_t len, unsigned char out[TLOG_HASH_LEN])
{
    unsigned char stack[2048], *p = stack;
    int rc;

    if (len + 1 > sizeof stack) {
        p = malloc(len + 1);
        if (p == NULL)
            return -1;
    }
    p[0] = 0x00;
    if (len > 0)
        memcpy(p + 1, entry, len);
    rc = digest_sha256(p, len + 1, out);
    if (p != stack)
        free(p);
    return rc;
}

int tlog_node_hash(const unsigned char left[TLOG_HASH_LEN],
                   const unsigned char right[TLOG_HASH_LEN], unsigned char out[TLOG_HASH_LEN])
{
    unsigned char b[1 + 2 * TLOG_HASH_LEN];

    b[0] = 0x01;
    memcpy(b + 1, left, TLOG_HASH_LEN);
    memcpy(b + 1 + TLOG_HASH_LEN, right, TLOG_HASH_LEN);
    return digest_sha256(b, sizeof b, out);
}

/* The largest power of two strictly below n (n >= 2). */
static uint64_t split_point(uint64_t n)
{
    assert(n >= 2);
    return 1ULL << (63 - __builtin_clzll(n - 1));
}

/* Hash `count` (a power of two) adjacent hashes at h down to one, in place. */
static int reduce(unsigned char *h, size_t count)
{
    while (count > 1) {
        for (size_t i = 0; i < count / 2; i++) {
            if (tlog_node_hash(h + 2 * i * TLOG_HASH_LEN, h + (2 * i + 1) * TLOG_HASH_LEN,
                               h + i * TLOG_HASH_LEN) != 0)
                return -1;
        }
        count /= 2;
    }
    return 0;
}

/*
 * The MTH of each span into out[i]: decompose into complete subtrees, read
 * every stored hash they need in one call, rebuild, fold.
 */
static int span_hashes(const struct tlog_store *s, const struct span *spans, size_t nspans,
                       unsigned char (*out)[TLOG_HASH_LEN], char *err, size_t errsz)
{
    struct tlog_range r[SUBTREES_MAX]; /* one run of stored hashes per complete subtree */
    size_t first[SPANS_MAX + 1], nsub = 0, total = 0, at = 0;
    unsigned char *h = NULL;
    int rc = -1;

    assert(nspans <= SPANS_MAX);
    for (size_t i = 0; i < nspans; i++) {
        uint64_t lo = spans[i].lo;

        first[i] = nsub;
        while (lo < spans[i].hi) {
            unsigned k = 63 - (unsigned)__builtin_clzll(spans[i].hi - lo);

            if (lo != 0 && (unsigned)__builtin_ctzll(lo) < k)
                k = (unsigned)__builtin_ctzll(lo);
            if (nsub == SUBTREES_MAX) {
                tlog_errf(err, errsz, "transparency log: a request needs more than %d subtrees",
                          SUBTREES_MAX);
                return -1;
            }
            /* subtree (k, lo >> k) is the 2^(k % STRIDE) stored hashes below it */
            r[nsub].level = k - k % TLOG_STRIDE;
            r[nsub].start = (lo >> k) << (k % TLOG_STRIDE);
            r[nsub].count = 1u << (k % TLOG_STRIDE);
            total += r[nsub].count;
            nsub++;
            lo += 1ULL << k;
        }
    }
    first[nspans] = nsub;
    if (nsub == 0)
        return 0;
    h = malloc(total * TLOG_HASH_LEN);
    if (h == NULL) {
        tlog_errf(err, errsz, "transparency log: out of memory reading %zu hashes", total);
        return -1;
    }
    if (s->read(s->ctx, r, nsub, h, err, errsz) != 0)
        goto done;
    /* Rebuild each subtree in place: its hash lands at the start of its run. */
    for (size_t t = 0; t < nsub; t++) {
        if (reduce(h + at * TLOG_HASH_LEN, r[t].count) != 0)
            goto crypto;
        if (at != t)
            memmove(h + t * TLOG_HASH_LEN, h + at * TLOG_HASH_LEN, TLOG_HASH_LEN);
        at += r[t].count;
    }
    for (size_t i = 0; i < nspans; i++) {
        size_t last = first[i + 1] - 1;

        memcpy(out[i], h + last * TLOG_HASH_LEN, TLOG_HASH_LEN);
        for (size_t t = last; t-- > first[i];) {
            if (tlog_node_hash(h + t * TLOG_HASH_LEN, out[i], out[i]) != 0)
                goto crypto;
        }
    }
    rc = 0;
    goto done;
crypto:
    tlog_errf(err, errsz, "transparency log: SHA-256 failed in OpenSSL");
done:
    free(h);
    return rc;
}

static int check_size(uint64_t size, const char *what, char *err, size_t errsz)
{
    if (size > TLOG_MAX_SIZE) {
        tlog_errf(err, errsz, "%s: tree size %llu is over the log's limit of %llu leaves", what,
                  (unsigned long long)size, (unsigned long long)TLOG_MAX_SIZE);
        return -1;
    }
    return 0;
}

int tlog_root(const struct tlog_store *s, uint64_t size, unsigned char root[TLOG_HASH_LEN],
              char *err, size_t errsz)
{
    struct span sp = {0, size};

    if (check_size(size, "tree head", err, errsz) != 0)
        return -1;
    if (size == 0) {
        if (digest_sha256("", 0, root) != 0) {
            tlog_errf(err, errsz, "tree head: SHA-256 failed in OpenSSL");
            return -1;
        }
        return 0;
    }
    return span_hashes(s, &sp, 1, (unsigned char(*)[TLOG_HASH_LEN])root, err, errsz);
}

int tlog_leaf_at(const struct tlog_store *s, uint64_t index, unsigned char out[TLOG_HASH_LEN],
                 char *err, size_t errsz)
{
    struct tlog_range r = {0, index, 1};

    return s->read(s->ctx, &r, 1, out, err, errsz);
}

/* Evaluate spans (top-down order) and write them reversed: proofs list the
 * hash nearest the leaves first. */
static int proof_from_spans(const struct tlog_store *s, const struct span *spans, size_t n,
                            unsigned char proof[][TLOG_HASH_LEN], size_t *np, char *err,
                            size_t errsz)
{
    unsigned char tmp[SPANS_MAX][TLOG_HASH_LEN];

    if (span_hashes(s, spans, n, tmp, err, errsz) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        memcpy(proof[i], tmp[n - 1 - i], TLOG_HASH_LEN);
    *np = n;
    return 0;
}

int tlog_inclusion_proof(const struct tlog_store *s, uint64_t size, uint64_t index,
                         unsigned char proof[][TLOG_HASH_LEN], size_t *n, char *err,
                         size_t errsz)
{
    struct span spans[SPANS_MAX];
    uint64_t lo = 0, hi = size;
    size_t ns = 0;

    if (check_size(size, "inclusion proof", err, errsz) != 0)
        return -1;
    if (index >= size) {
        tlog_errf(err, errsz, "inclusion proof: leaf index %llu is outside the tree of %llu leaves",
                  (unsigned long long)index, (unsigned long long)size);
        return -1;
    }
    /* RFC 9162 §2.1.3.1: PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) when
     * m < k, else PATH(m - k, D[k:n]) : MTH(D[0:k]). */
    while (hi - lo > 1) {
        uint64_t k = split_point(hi - lo);

        if (index < lo + k) {
            spans[ns++] = (struct span){lo + k, hi};
            hi = lo + k;
        } else {
            spans[ns++] = (struct span){lo, lo + k};
            lo += k;
        }
    }
    return proof_from_spans(s, spans, ns, proof, n, err, errsz);
}

int tlog_consistency_proof(const struct tlog_store *s, uint64_t old_size, uint64_t size,
                           unsigned char proof[][TLOG_HASH_LEN], size_t *n, char *err,
                           size_t errsz)
{
    struct span spans[SPANS_MAX];
    uint64_t lo = 0, hi = size, m = old_size;
    size_t ns = 0;
    int whole = 1; /* RFC 9162's b: the old tree is still the whole left part */

    if (check_size(size, "consistency proof", err, errsz) != 0)
        return -1;
    if (old_size == 0 || old_size > size) {
        tlog_errf(err, errsz, "consistency proof: old size %llu must be between 1 and the new size "
                  "%llu", (unsigned long long)old_size, (unsigned long long)size);
        return -1;
    }
    /* RFC 9162 §2.1.4.1: SUBPROOF(m, D[n], b). m counts from lo. */
    for (;;) {
        uint64_t k;

        if (m == hi - lo) {
            if (!whole)
                spans[ns++] = (struct span){lo, hi};
            break;
        }
        k = split_point(hi - lo);
        if (m <= k) {
            spans[ns++] = (struct span){lo + k, hi};
            hi = lo + k;
        } else {
            spans[ns++] = (struct span){lo, lo + k};
            m -= k;
            lo += k;
            whole = 0;
        }
    }
    return proof_from_spans(s, spans, ns, proof, n, err, errsz);
}

int tlog_verify_inclusion(const unsigned char leaf[TLOG_HASH_LEN], uint64_t index,
                          uint64_t size, const unsigned char proof[][TLOG_HASH_LEN], size_t n,
                          const unsigned char root[TLOG_HASH_LEN], char *err, size_t errsz)
{
    unsigned char r[TLOG_HASH_LEN];
    uint64_t fn = index, sn;

    if (index >= size) {
        tlog_errf(err, errsz, "inclusion proof: leaf index %llu is outside the tree of %llu leaves",
                  (unsigned long long)index, (unsigned long long)size);
        return -1;
    }
    sn = size - 1;
    memcpy(r, leaf, TLOG_HASH_LEN);
    for (size_t i = 0; i < n; i++) {
        if (sn == 0) {
            tlog_errf(err, errsz, "inclusion proof: %zu hashes where %zu were expected", n, i);
            return -1;
        }
        if ((fn & 1) || fn == sn) {
            if (tlog_node_hash(proof[i], r, r) != 0)
                goto crypto;
            while ((fn & 1) == 0 && fn != 0) {
                fn >>= 1;
                sn >>= 1;
            }
        } else if (tlog_node_hash(r, proof[i], r) != 0) {
            goto crypto;
        }
        fn >>= 1;
        sn >>= 1;
    }
    if (sn != 0) {
        tlog_errf(err, errsz, "inclusion proof: too short (%zu hashes) for leaf %llu of %llu", n,
                  (unsigned long long)index, (unsigned long long)size);
        return -1;
    }
    if (!digest_equal(r, root, TLOG_HASH_LEN)) {
        tlog_errf(err, errsz, "inclusion proof: leaf %llu does not lead to the tree head of size "
                  "%llu", (unsigned long long)index, (unsigned long long)size);
        return -1;
    }
    return 0;
crypto:
    tlog_errf(err, errsz, "inclusion proof: SHA-256 failed in OpenSSL");
    return -1;
}

int tlog_verify_consistency(uint64_t old_size, uint64_t size,
                            const unsigned char old_root[TLOG_HASH_LEN],
                            const unsigned char root[TLOG_HASH_LEN],
                            const unsigned char proof[][TLOG_HASH_LEN], size_t n, char *err,
                            size_t errsz)
{
    unsigned char fr[TLOG_HASH_LEN], sr[TLOG_HASH_LEN];
    uint64_t fn, sn;
    size_t i = 0;

    if (old_size > size) {
        tlog_errf(err, errsz, "consistency proof: old size %llu is larger than new size %llu",
                  (unsigned long long)old_size, (unsigned long long)size);
        return -1;
    }
    if (old_size == size || old_size == 0) {
        if (n != 0) {
            tlog_errf(err, errsz, "consistency proof: from size %llu to %llu must be empty, it has "
                      "%zu hashes", (unsigned long long)old_size, (unsigned long long)size, n);
            return -1;
        }
        if (old_size == size && !digest_equal(old_root, root, TLOG_HASH_LEN)) {
            tlog_errf(err, errsz, "consistency proof: two different tree heads for size %llu",
                      (unsigned long long)size);
            return -1;
        }
        return 0;
    }
    if (n == 0) {
        tlog_errf(err, errsz, "consistency proof: empty proof from size %llu to %llu",
                  (unsigned long long)old_size, (unsigned long long)size);
        return -1;
    }
    /* RFC 9162 §2.1.4.2; an old size that is a power of two starts from the
     * old head itself (the "prepend first_hash" step). */
    if ((old_size & (old_size - 1)) == 0) {
        memcpy(fr, old_root, TLOG_HASH_LEN);
    } else {
        memcpy(fr, proof[0], TLOG_HASH_LEN);
        i = 1;
    }
    memcpy(sr, fr, TLOG_HASH_LEN);
    fn = old_size - 1;
    sn = size - 1;
    while (fn & 1) {
        fn >>= 1;
        sn >>= 1;
    }
    for (; i < n; i++) {
        if (sn == 0) {
            tlog_errf(err, errsz, "consistency proof: too long (%zu hashes) from size %llu to %llu",
                      n, (unsigned long long)old_size, (unsigned long long)size);
            return -1;
        }
        if ((fn & 1) || fn == sn) {
            if (tlog_node_hash(proof[i], fr, fr) != 0 || tlog_node_hash(proof[i], sr, sr) != 0)
                goto crypto;
            while ((fn & 1) == 0 && fn != 0) {
                fn >>= 1;
                sn >>= 1;
            }
        } else if (tlog_node_hash(sr, proof[i], sr) != 0) {
            goto crypto;
        }
        fn >>= 1;
        sn >>= 1;
    }
    if (sn != 0) {
        tlog_errf(err, errsz, "consistency proof: too short (%zu hashes) from size %llu to %llu", n,
                  (unsigned long long)old_size, (unsigned long long)size);
        return -1;
    }
    if (!digest_equal(fr, old_root, TLOG_HASH_LEN)) {
        tlog_errf(err, errsz, "consistency proof: does not lead to the old tree head of size %llu",
                  (unsigned long long)old_size);
        return -1;
    }
    if (!digest_equal(sr, root, TLOG_HASH_LEN)) {
        tlog_errf(err, errsz, "consistency proof: does not lead to the new tree head of size %llu",
                  (unsigned long long)size);
        return -1;
    }
    return 0;
crypto:
    tlog_errf(err, errsz, "consistency proof: SHA-256 failed in OpenSSL");
    return -1;
}

int tlog_append(const struct tlog_store *s, uint64_t size, const void *entry, size_t len,
                unsigned char leaf_hash[TLOG_HASH_LEN], char *err, size_t errsz)
{
    struct tlog_node nodes[TLOG_APPEND_NODES_MAX + 1];
    struct tlog_range r[TLOG_APPEND_NODES_MAX];
    unsigned char sib[TLOG_APPEND_NODES_MAX * (STRIDE_WIDTH - 1) * TLOG_HASH_LEN];
    unsigned char run[STRIDE_WIDTH * TLOG_HASH_LEN];
    uint64_t done = size + 1; /* leaves once this one is in */
    size_t nn = 1;

    if (size >= TLOG_MAX_SIZE) {
        tlog_errf(err, errsz, "append: the log is full (%llu leaves)", (unsigned long long)size);
        return -1;
    }
    nodes[0].level = 0;
    nodes[0].index = size;
    if (tlog_leaf_hash(entry, len, nodes[0].hash) != 0) {
        tlog_errf(err, errsz, "append: SHA-256 failed in OpenSSL");
        return -1;
    }
    /* Stored levels the new leaf completes: level L when 2^L divides the new
     * size. Each needs the 2^STRIDE - 1 stored siblings left of its newest
     * child; the newest child is the node made one step below. */
    for (unsigned L = TLOG_STRIDE; L < 64 && done % (1ULL << L) == 0; L += TLOG_STRIDE) {
        assert(nn <= TLOG_APPEND_NODES_MAX);
        nodes[nn].level = L;
        nodes[nn].index = (done >> L) - 1;
        r[nn - 1].level = L - TLOG_STRIDE;
        r[nn - 1].start = nodes[nn].index << TLOG_STRIDE;
        r[nn - 1].count = STRIDE_WIDTH - 1;
        nn++;
    }
    if (nn > 1 && s->read(s->ctx, r, nn - 1, sib, err, errsz) != 0)
        return -1;
    for (size_t t = 1; t < nn; t++) {
        memcpy(run, sib + (t - 1) * (STRIDE_WIDTH - 1) * TLOG_HASH_LEN,
               (STRIDE_WIDTH - 1) * TLOG_HASH_LEN);
        memcpy(run + (STRIDE_WIDTH - 1) * TLOG_HASH_LEN, nodes[t - 1].hash, TLOG_HASH_LEN);
        if (reduce(run, STRIDE_WIDTH) != 0) {
            tlog_errf(err, errsz, "append: SHA-256 failed in OpenSSL");
            return -1;
        }
        memcpy(nodes[t].hash, run, TLOG_HASH_LEN);
    }
    if (s->append(s->ctx, size, entry, len, nodes, nn, err, errsz) != 0)
        return -1;
    if (leaf_hash != NULL)
        memcpy(leaf_hash, nodes[0].hash, TLOG_HASH_LEN);
    return 0;
}
