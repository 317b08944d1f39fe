/*
 * test_tlog.c — the transparency log's Merkle tree (include/tier/tlog.h):
 * RFC 9162 hashes against published vectors, proofs verified for every pair
 * of small sizes, tampered proofs refused, the stored layout's size, and a
 * cross-check of heads and proofs for every size 1..1000 against an
 * independent implementation in Python's standard library
 * (tests/tlog_crosscheck.py).
 */
#include "tier/digest.h"
#include "tier/tlog.h"

#include "../tlog_fixture.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PYTHON "/usr/bin/python3"
#define CROSSCHECK "tests/tlog_crosscheck.py"

static char err[256];

static void hex(const unsigned char *h, char out[SHA256_HEX_LEN + 1])
{
    digest_hex(h, TLOG_HASH_LEN, out);
}

/* A log of n leaves whose entries are "leaf 0", "leaf 1", … */
static struct tlog_mem *log_of(uint64_t n)
{
    struct tlog_mem *m = tlog_mem_new();
    struct tlog_store s = tlog_mem_store(m);
    char entry[32];

    for (uint64_t i = 0; i < n; i++) {
        int len = snprintf(entry, sizeof entry, "leaf %llu", (unsigned long long)i);

        if (tlog_append(&s, i, entry, (size_t)len, NULL, err, sizeof err) != 0) {
            fprintf(stderr, "append %llu: %s\n", (unsigned long long)i, err);
            tlog_mem_free(m);
            return NULL;
        }
    }
    return m;
}

static void test_empty_tree_head_is_the_hash_of_nothing(void)
{
    struct tlog_mem *m = tlog_mem_new();
    struct tlog_store s = tlog_mem_store(m);
    unsigned char root[TLOG_HASH_LEN];
    char h[65];

    CU_ASSERT_EQUAL(tlog_root(&s, 0, root, err, sizeof err), 0);
    hex(root, h);
    CU_ASSERT_STRING_EQUAL(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    tlog_mem_free(m);
}

/* The RFC 6962 test tree of certificate-transparency's reference code: eight
 * leaves "", 00, 10, 2021, 3031, 40414243, 5051…57, 6061…6f. */
static void test_heads_match_the_rfc6962_reference_vectors(void)
{
    static const char *const leaves[8] = {
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    };
    static const char *const roots[8] = {
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    };
    struct tlog_mem *m = tlog_mem_new();
    struct tlog_store s = tlog_mem_store(m);

    for (size_t i = 0; i < 8; i++) {
        unsigned char bytes[16], root[TLOG_HASH_LEN];
        size_t n = strlen(leaves[i]) / 2;
        char h[65];

        for (size_t j = 0; j < n; j++) {
            unsigned v;

            sscanf(leaves[i] + 2 * j, "%2x", &v);
            bytes[j] = (unsigned char)v;
        }
        CU_ASSERT_EQUAL_FATAL(tlog_append(&s, i, bytes, n, NULL, err, sizeof err), 0);
        CU_ASSERT_EQUAL(tlog_root(&s, i + 1, root, err, sizeof err), 0);
        hex(root, h);
        CU_ASSERT_STRING_EQUAL(h, roots[i]);
    }
    tlog_mem_free(m);
}

static void test_leaf_and_node_hashes_carry_their_prefix_byte(void)
{
    unsigned char a[TLOG_HASH_LEN], b[TLOG_HASH_LEN], n[TLOG_HASH_LEN], want[TLOG_HASH_LEN];
    unsigned char buf[1 + 2 * TLOG_HASH_LEN];

    CU_ASSERT_EQUAL(tlog_leaf_hash("x", 1, a), 0);
    CU_ASSERT_EQUAL(digest_sha256("\0x", 2, want), 0);
    CU_ASSERT_EQUAL(memcmp(a, want, TLOG_HASH_LEN), 0);
    CU_ASSERT_EQUAL(tlog_leaf_hash("y", 1, b), 0);
    CU_ASSERT_EQUAL(tlog_node_hash(a, b, n), 0);
    buf[0] = 1;
    memcpy(buf + 1, a, TLOG_HASH_LEN);
    memcpy(buf + 1 + TLOG_HASH_LEN, b, TLOG_HASH_LEN);
    CU_ASSERT_EQUAL(digest_sha256(buf, sizeof buf, want), 0);
    CU_ASSERT_EQUAL(memcmp(n, want, TLOG_HASH_LEN), 0);
}

static void test_a_long_entry_hashes_like_a_short_one(void)
{
    size_t len = 100000;
    unsigned char *p = malloc(len + 1), got[TLOG_HASH_LEN], want[TLOG_HASH_LEN];

    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    memset(p, 'z', len + 1);
    p[0] = 0;
    CU_ASSERT_EQUAL(digest_sha256(p, len + 1, want), 0);
    CU_ASSERT_EQUAL(tlog_leaf_hash(p + 1, len, got), 0);
    CU_ASSERT_EQUAL(memcmp(got, want, TLOG_HASH_LEN), 0);
    free(p);
}

/* Every (index, size) and (old, new) pair up to 70 leaves: proofs verify
 * against the heads, and a proof with any one bit flipped does not. */
static void test_every_proof_up_to_70_leaves_verifies_and_a_flipped_bit_does_not(void)
{
    enum { N = 70 };
    struct tlog_mem *m = log_of(N);
    struct tlog_store s = tlog_mem_store(m);
    unsigned char roots[N + 1][TLOG_HASH_LEN], proof[TLOG_PROOF_MAX][TLOG_HASH_LEN];
    unsigned char leaf[TLOG_HASH_LEN];
    int bad = 0, flips_caught = 0, flips = 0;
    size_t n;

    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    for (uint64_t size = 0; size <= N; size++)
        CU_ASSERT_EQUAL(tlog_root(&s, size, roots[size], err, sizeof err), 0);
    for (uint64_t size = 1; size <= N; size++) {
        for (uint64_t i = 0; i < size; i++) {
            CU_ASSERT_EQUAL(tlog_leaf_at(&s, i, leaf, err, sizeof err), 0);
            if (tlog_inclusion_proof(&s, size, i, proof, &n, err, sizeof err) != 0 ||
                tlog_verify_inclusion(leaf, i, size, proof, n, roots[size], err, sizeof err)) {
                bad++;
                continue;
            }
            for (size_t k = 0; k < n; k++) {
                proof[k][k % TLOG_HASH_LEN] ^= 1;
                flips++;
                flips_caught += tlog_verify_inclusion(leaf, i, size, proof, n, roots[size], err,
                                                      sizeof err) != 0;
                proof[k][k % TLOG_HASH_LEN] ^= 1;
            }
            /* the proof of a neighbour's position does not hold for this leaf */
            if (size > 1)
                bad += tlog_verify_inclusion(leaf, (i + 1) % size, size, proof, n, roots[size],
                                             err, sizeof err) == 0;
        }
        for (uint64_t old = 1; old <= size; old++) {
            if (tlog_consistency_proof(&s, old, size, proof, &n, err, sizeof err) != 0 ||
                tlog_verify_consistency(old, size, roots[old], roots[size], proof, n, err,
                                        sizeof err) != 0) {
                bad++;
                continue;
            }
            for (size_t k = 0; k < n; k++) {
                proof[k][31 - k % TLOG_HASH_LEN] ^= 0x80;
                flips++;
                flips_caught += tlog_verify_consistency(old, size, roots[old], roots[size], proof,
                                                        n, err, sizeof err) != 0;
                proof[k][31 - k % TLOG_HASH_LEN] ^= 0x80;
            }
            /* a head of another size is not consistent through this proof */
            if (old < size)
                bad += tlog_verify_consistency(old, size, roots[old - 1], roots[size], proof, n,
                                               err, sizeof err) == 0;
        }
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT_TRUE(flips > 1000);
    CU_ASSERT_EQUAL(flips_caught, flips);
    tlog_mem_free(m);
}

static void test_proofs_outside_the_tree_are_refused_with_a_reason(void)
{
    struct tlog_mem *m = log_of(10);
    struct tlog_store s = tlog_mem_store(m);
    unsigned char proof[TLOG_PROOF_MAX][TLOG_HASH_LEN], root[TLOG_HASH_LEN];
    size_t n;

    CU_ASSERT_EQUAL(tlog_inclusion_proof(&s, 10, 10, proof, &n, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "leaf index 10 is outside the tree of 10 leaves"));
    CU_ASSERT_EQUAL(tlog_consistency_proof(&s, 11, 10, proof, &n, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "old size 11"));
    CU_ASSERT_EQUAL(tlog_consistency_proof(&s, 0, 10, proof, &n, err, sizeof err), -1);
    /* a size beyond what is stored is a store error, not a wrong answer */
    CU_ASSERT_EQUAL(tlog_root(&s, 11, root, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "no stored hash"));
    CU_ASSERT_EQUAL(tlog_inclusion_proof(&s, 20, 3, proof, &n, err, sizeof err), -1);
    tlog_mem_free(m);
}

static void test_consistency_edge_cases_follow_rfc9162(void)
{
    struct tlog_mem *m = log_of(5);
    struct tlog_store s = tlog_mem_store(m);
    unsigned char proof[TLOG_PROOF_MAX][TLOG_HASH_LEN], r4[TLOG_HASH_LEN], r5[TLOG_HASH_LEN];
    unsigned char r0[TLOG_HASH_LEN];
    size_t n = 99;

    CU_ASSERT_EQUAL(tlog_root(&s, 0, r0, err, sizeof err), 0);
    CU_ASSERT_EQUAL(tlog_root(&s, 4, r4, err, sizeof err), 0);
    CU_ASSERT_EQUAL(tlog_root(&s, 5, r5, err, sizeof err), 0);
    CU_ASSERT_EQUAL(tlog_consistency_proof(&s, 5, 5, proof, &n, err, sizeof err), 0);
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT_EQUAL(tlog_verify_consistency(5, 5, r5, r5, proof, 0, err, sizeof err), 0);
    /* same size, other head: a split view */
    CU_ASSERT_EQUAL(tlog_verify_consistency(5, 5, r4, r5, proof, 0, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "two different tree heads"));
    /* the empty tree is a prefix of every tree */
    CU_ASSERT_EQUAL(tlog_verify_consistency(0, 5, r0, r5, proof, 0, err, sizeof err), 0);
    /* shrinking is never consistent */
    CU_ASSERT_EQUAL(tlog_verify_consistency(5, 4, r5, r4, proof, 0, err, sizeof err), -1);
    /* 4 -> 5: a power of two starts from the old head; an empty proof fails */
    CU_ASSERT_EQUAL(tlog_consistency_proof(&s, 4, 5, proof, &n, err, sizeof err), 0);
    CU_ASSERT_EQUAL(n, 1);
    CU_ASSERT_EQUAL(tlog_verify_consistency(4, 5, r4, r5, proof, n, err, sizeof err), 0);
    CU_ASSERT_EQUAL(tlog_verify_consistency(4, 5, r4, r5, proof, 0, err, sizeof err), -1);
    /* an extra hash is refused */
    memcpy(proof[1], proof[0], TLOG_HASH_LEN);
    CU_ASSERT_EQUAL(tlog_verify_consistency(4, 5, r4, r5, proof, 2, err, sizeof err), -1);
    tlog_mem_free(m);
}

/* One hash per leaf, one per 16 leaves, one per 256: levels 0, 4, 8. */
static void test_the_store_keeps_every_fourth_level(void)
{
    struct tlog_mem *m = log_of(4096 + 17);

    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(tlog_mem_size(m), 4113);
    CU_ASSERT_EQUAL(tlog_mem_hashes(m), 4113 + 257 + 16 + 1);
    tlog_mem_free(m);
}

/* A store whose read fails: the module passes the store's sentence on. */
static int failing_read(void *ctx, const struct tlog_range *r, size_t n, unsigned char *out,
                        char *e, size_t esz)
{
    (void)ctx;
    (void)r;
    (void)n;
    (void)out;
    snprintf(e, esz, "database unavailable");
    return -1;
}

static void test_a_store_failure_is_reported_and_nothing_is_appended(void)
{
    struct tlog_mem *m = log_of(15);
    struct tlog_store s = tlog_mem_store(m);
    unsigned char root[TLOG_HASH_LEN];

    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    s.read = failing_read;
    /* leaf 15 completes a subtree of 16 and must read its 15 siblings */
    CU_ASSERT_EQUAL(tlog_append(&s, 15, "x", 1, NULL, err, sizeof err), -1);
    CU_ASSERT_STRING_EQUAL(err, "database unavailable");
    CU_ASSERT_EQUAL(tlog_mem_size(m), 15);
    CU_ASSERT_EQUAL(tlog_root(&s, 15, root, err, sizeof err), -1);
    tlog_mem_free(m);
}

/* Sampled leaves and old sizes for size n: all of them up to 40, else the
 * edges, the split points and a few pseudo-random ones. */
static size_t samples(uint64_t n, uint64_t *out, unsigned seed)
{
    size_t k = 0;

    if (n <= 40) {
        for (uint64_t i = 0; i < n; i++)
            out[k++] = i;
        return k;
    }
    out[k++] = 0;
    out[k++] = 1;
    out[k++] = n / 2;
    out[k++] = n - 2;
    out[k++] = n - 1;
    for (uint64_t p = 2; p < n; p *= 2) {
        out[k++] = p - 1;
        out[k++] = p;
    }
    for (int j = 0; j < 6; j++) {
        seed = seed * 1103515245u + 12345u;
        out[k++] = (seed >> 8) % n;
    }
    return k;
}

static void write_proof(FILE *f, const char *what, uint64_t a, uint64_t b,
                        unsigned char proof[][TLOG_HASH_LEN], size_t n)
{
    char h[65];

    fprintf(f, "%s %llu %llu", what, (unsigned long long)a, (unsigned long long)b);
    for (size_t k = 0; k < n; k++) {
        hex(proof[k], h);
        fprintf(f, " %s", h);
    }
    fputc('\n', f);
}

static int run_crosscheck(const char *path, char *out, size_t outsz)
{
    char cmd[512];

    snprintf(cmd, sizeof cmd, "%s %s %s 2>&1", PYTHON, CROSSCHECK, path);
    return tlog_fixture_run(cmd, out, outsz);
}

static void test_heads_and_proofs_agree_with_python_for_every_size_to_1000(void)
{
    enum { N = 1000 };
    struct tlog_mem *m = log_of(N);
    struct tlog_store s = tlog_mem_store(m);
    unsigned char root[TLOG_HASH_LEN], proof[TLOG_PROOF_MAX][TLOG_HASH_LEN];
    uint64_t pick[128];
    char path[] = "/tmp/tlog-crosscheck-XXXXXX", out[2048], h[65];
    int fd = mkstemp(path), rc, bad = 0;
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    size_t n;

    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fprintf(f, "leaves %d\n", N);
    for (uint64_t size = 1; size <= N; size++) {
        size_t k = samples(size, pick, (unsigned)size);

        bad += tlog_root(&s, size, root, err, sizeof err) != 0;
        hex(root, h);
        fprintf(f, "root %llu %s\n", (unsigned long long)size, h);
        for (size_t j = 0; j < k; j++) {
            bad += tlog_inclusion_proof(&s, size, pick[j], proof, &n, err, sizeof err) != 0;
            write_proof(f, "incl", size, pick[j], proof, n);
            if (pick[j] == 0)
                continue;
            bad += tlog_consistency_proof(&s, pick[j], size, proof, &n, err, sizeof err) != 0;
            write_proof(f, "cons", pick[j], size, proof, n);
        }
        bad += tlog_consistency_proof(&s, size, size, proof, &n, err, sizeof err) != 0;
        write_proof(f, "cons", size, size, proof, n);
    }
    CU_ASSERT_EQUAL(fclose(f), 0);
    CU_ASSERT_EQUAL(bad, 0);
    rc = run_crosscheck(path, out, sizeof out);
    if (rc != 0)
        fprintf(stderr, "%s", out);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "agree: "));

    /* The check can fail: one wrong hash in the file is found and named. */
    f = fopen(path, "a");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fprintf(f, "root 7 %s\n", h); /* the head of size 1000 claimed for size 7 */
    CU_ASSERT_EQUAL(fclose(f), 0);
    rc = run_crosscheck(path, out, sizeof out);
    CU_ASSERT_NOT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "root 7 differs"));
    unlink(path);
    tlog_mem_free(m);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("tlog", NULL, NULL);
    CU_add_test(s, "empty tree head is the hash of nothing",
                test_empty_tree_head_is_the_hash_of_nothing);
    CU_add_test(s, "heads match the RFC 6962 reference vectors",
                test_heads_match_the_rfc6962_reference_vectors);
    CU_add_test(s, "leaf and node hashes carry their prefix byte",
                test_leaf_and_node_hashes_carry_their_prefix_byte);
    CU_add_test(s, "a long entry hashes like a short one",
                test_a_long_entry_hashes_like_a_short_one);
    CU_add_test(s, "every proof up to 70 leaves verifies and a flipped bit does not",
                test_every_proof_up_to_70_leaves_verifies_and_a_flipped_bit_does_not);
    CU_add_test(s, "proofs outside the tree are refused with a reason",
                test_proofs_outside_the_tree_are_refused_with_a_reason);
    CU_add_test(s, "consistency edge cases follow RFC 9162",
                test_consistency_edge_cases_follow_rfc9162);
    CU_add_test(s, "the store keeps every fourth level", test_the_store_keeps_every_fourth_level);
    CU_add_test(s, "a store failure is reported and nothing is appended",
                test_a_store_failure_is_reported_and_nothing_is_appended);
    CU_add_test(s, "heads and proofs agree with Python for every size to 1000",
                test_heads_and_proofs_agree_with_python_for_every_size_to_1000);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
