/*
 * test_tlog_docs.c — docs/transparency.md's offline check, run as written.
 *
 * The block marked `<!-- tested: tlog-verify.py -->` is copied out of the
 * page into a file and run with /usr/bin/python3; the block marked
 * `<!-- tested: openssl -->` is run with /bin/sh. Both get a .tlog-proof made
 * by the code (a log of 38 real entries in memory, a checkpoint signed with a
 * fresh Ed25519 key) and must accept it — and refuse a changed entry, a
 * changed proof hash, a changed checkpoint, another log's key. The C check
 * (tlog_proof_verify) must agree on every case.
 */
#include "tier/buf.h"
#include "tier/digest.h"
#include "tier/tlog.h"
#include "tier/tlog_checkpoint.h"
#include "tier/tlog_entry.h"

#include "../tlog_fixture.h"

#include <CUnit/Basic.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DOC_PATH "docs/transparency.md"
#define PYTHON "/usr/bin/python3"
#define NAME "registry.example.gov.cn/log"
#define LEAVES 38
#define INDEX 7

static char dir[] = "/tmp/tlog-docs-XXXXXX";
static char err[512];
static EVP_PKEY *key, *other;
static char vkey[TLOG_VKEY_MAX], other_vkey[TLOG_VKEY_MAX];
static struct buf entry7, proof_text;

static int spit(const char *name, const void *p, size_t n)
{
    char path[256];
    FILE *f;
    int rc;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "wb");
    if (f == NULL)
        return -1;
    rc = fwrite(p, 1, n, f) == n ? 0 : -1;
    return fclose(f) == 0 ? rc : -1;
}

/* Copy the fenced block after `marker` in the page into dir/name. 0 when
 * the copy is not empty. */
static int doc_block(const char *marker, const char *name)
{
    char cmd[600];

    snprintf(cmd, sizeof cmd, "awk '/%s/ { f = 1; next } f && /^```/ { if (++n == 2) exit; "
             "next } f && n == 1' %s > %s/%s && test -s %s/%s", marker, DOC_PATH, dir, name, dir,
             name);
    return system(cmd) == 0 ? 0 : -1;
}

static int entry_of(uint64_t i, struct buf *b)
{
    char serial[32], sha[SHA256_HEX_LEN + 1];
    struct tlog_entry e;

    snprintf(serial, sizeof serial, "LG-2026-%018llu", (unsigned long long)i);
    digest_sha256_hex(serial, strlen(serial), sha);
    e = tlog_fixture_issued(serial, sha);
    buf_reset(b);
    return tlog_entry_encode(&e, b, err, sizeof err);
}

static int suite_init(void)
{
    struct tlog_mem *m = tlog_mem_new();
    struct tlog_store s = tlog_mem_store(m);
    unsigned char proof[TLOG_PROOF_MAX][TLOG_HASH_LEN];
    struct tlog_checkpoint c;
    struct buf e, note;
    char path[300];
    size_t n;
    FILE *f;
    int rc = -1;

    buf_init(&e, TLOG_ENTRY_MAX);
    buf_init(&entry7, TLOG_ENTRY_MAX);
    buf_init(&note, TLOG_NOTE_MAX);
    buf_init(&proof_text, 2 * TLOG_NOTE_MAX);
    key = tlog_fixture_key();
    other = tlog_fixture_key();
    if (m == NULL || key == NULL || other == NULL || mkdtemp(dir) == NULL)
        goto done;
    for (uint64_t i = 0; i < LEAVES; i++) {
        if (entry_of(i, &e) != 0 || tlog_append(&s, i, e.data, e.len, NULL, err, sizeof err))
            goto done;
        if (i == INDEX && buf_add(&entry7, e.data, e.len) != 0)
            goto done;
    }
    memset(&c, 0, sizeof c);
    snprintf(c.origin, sizeof c.origin, "%s", NAME);
    c.size = LEAVES;
    if (tlog_root(&s, LEAVES, c.root, err, sizeof err) != 0 ||
        tlog_checkpoint_sign(&c, NAME, key, &note, err, sizeof err) != 0 ||
        tlog_inclusion_proof(&s, LEAVES, INDEX, proof, &n, err, sizeof err) != 0 ||
        tlog_proof_format(INDEX, (const unsigned char(*)[TLOG_HASH_LEN])proof, n, note.data,
                          note.len, &proof_text, err, sizeof err) != 0 ||
        tlog_note_vkey(NAME, key, vkey, err, sizeof err) != 0 ||
        tlog_note_vkey(NAME, other, other_vkey, err, sizeof err) != 0)
        goto done;
    /* the page's two tested blocks, and the log's public key as PEM */
    if (doc_block("<!-- tested: tlog-verify.py -->", "tlog-verify.py") != 0 ||
        doc_block("<!-- tested: openssl -->", "check.sh") != 0) {
        snprintf(err, sizeof err, "%s: tested blocks not found", DOC_PATH);
        goto done;
    }
    snprintf(path, sizeof path, "%s/log.pub.pem", dir);
    f = fopen(path, "w");
    if (f == NULL || PEM_write_PUBKEY(f, key) != 1 || fclose(f) != 0)
        goto done;
    rc = 0;
done:
    if (rc != 0)
        fprintf(stderr, "test_tlog_docs: set-up failed: %s\n", err);
    buf_free(&e);
    buf_free(&note);
    tlog_mem_free(m);
    return rc;
}

static int suite_clean(void)
{
    char cmd[300];

    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    EVP_PKEY_free(key);
    EVP_PKEY_free(other);
    buf_free(&entry7);
    buf_free(&proof_text);
    return 0;
}

/* Run the page's script on (vkey, proof, entry); its exit status, output in
 * out. */
static int run_script(const char *vk, const char *proof, size_t plen, const char *entry,
                      size_t elen, char *out, size_t outsz)
{
    char cmd[1024];

    if (spit("entry.tlog-proof", proof, plen) != 0 || spit("entry.xml", entry, elen) != 0)
        return -1;
    snprintf(cmd, sizeof cmd, "cd %s && %s tlog-verify.py '%s' entry.tlog-proof entry.xml 2>&1",
             dir, PYTHON, vk);
    return tlog_fixture_run(cmd, out, outsz);
}

/* The C check of the same files: 0 or -1. */
static int c_check(const char *proof, size_t plen, const char *entry, size_t elen, EVP_PKEY *k)
{
    struct tlog_checkpoint c;

    return tlog_proof_verify(proof, plen, entry, elen, NAME, k, NAME, &c, NULL, err, sizeof err);
}

static void test_the_documented_script_accepts_a_real_proof(void)
{
    char out[1024];
    int rc = run_script(vkey, proof_text.data, proof_text.len, entry7.data, entry7.len, out,
                        sizeof out);

    if (rc != 0)
        fprintf(stderr, "\n%s", out);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "OK: entry 7 of 38 in " NAME));
    CU_ASSERT_EQUAL(c_check(proof_text.data, proof_text.len, entry7.data, entry7.len, key), 0);
}

/* Change the byte `off` after the first `find` in a copy of the proof (or
 * of the entry) to `to` (0: to 'A', or 'B' if it is an 'A'), and expect both
 * checks to refuse, the script with `why`. */
static void refused(int in_entry, const char *find, size_t off, char to, const char *vk,
                    EVP_PKEY *k, const char *why)
{
    char *p = malloc(proof_text.len + 1), *e = malloc(entry7.len + 1), out[1024], *at;
    int rc;

    memcpy(p, proof_text.data, proof_text.len + 1);
    memcpy(e, entry7.data, entry7.len + 1);
    if (find != NULL) {
        at = strstr(in_entry ? e : p, find);
        CU_ASSERT_PTR_NOT_NULL_FATAL(at);
        at += off;
        *at = to ? to : *at == 'A' ? 'B' : 'A';
    }
    rc = run_script(vk, p, proof_text.len, e, entry7.len, out, sizeof out);
    CU_ASSERT_NOT_EQUAL(rc, 0);
    if (strstr(out, why) == NULL)
        fprintf(stderr, "\n  expected \"%s\", got: %s", why, out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "REFUSED: "));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, why));
    CU_ASSERT_EQUAL(c_check(p, proof_text.len, e, entry7.len, k), -1);
    free(p);
    free(e);
}

static void test_the_documented_script_refuses_what_was_changed(void)
{
    /* the entry: another tier code */
    refused(1, "little-giant", 0, 'L', vkey, key, "not in the log at index 7 of 38");
    /* a proof hash: the first character of the first hash line */
    refused(0, "index 7\n", 8, 0, vkey, key, "not in the log at index 7");
    /* the index */
    refused(0, "index 7", 6, '8', vkey, key, "not in the log at index 8");
    /* the checkpoint's size line */
    refused(0, "\n38\n", 2, '9', vkey, key, "signature does not verify");
    /* another log's key under the same name */
    refused(0, NULL, 0, 0, other_vkey, other, "no signature by " NAME);
}

static void test_the_documented_openssl_steps_check_the_checkpoint(void)
{
    char cmd[1024];
    int rc;

    CU_ASSERT_EQUAL_FATAL(spit("entry.tlog-proof", proof_text.data, proof_text.len), 0);
    snprintf(cmd, sizeof cmd, "cd %s && sh check.sh '%s' log.pub.pem entry.tlog-proof "
             ">out.txt 2>&1", dir, NAME);
    rc = system(cmd);
    CU_ASSERT_EQUAL(rc, 0);
    /* a changed size: openssl refuses */
    {
        char *p = malloc(proof_text.len + 1), *at;

        memcpy(p, proof_text.data, proof_text.len + 1);
        at = strstr(p, "\n38\n");
        CU_ASSERT_PTR_NOT_NULL_FATAL(at);
        at[2] = '9';
        CU_ASSERT_EQUAL(spit("entry.tlog-proof", p, proof_text.len), 0);
        CU_ASSERT_NOT_EQUAL(system(cmd), 0);
        free(p);
    }
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("transparency log offline check (docs/transparency.md)", suite_init,
                     suite_clean);
    CU_add_test(s, "the documented script accepts a real proof",
                test_the_documented_script_accepts_a_real_proof);
    CU_add_test(s, "the documented script refuses what was changed",
                test_the_documented_script_refuses_what_was_changed);
    CU_add_test(s, "the documented openssl steps check the checkpoint",
                test_the_documented_openssl_steps_check_the_checkpoint);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
