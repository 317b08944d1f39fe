/*
 * test_tlog_checkpoint.c — checkpoints as C2SP signed notes
 * (include/tier/tlog_checkpoint.h): the exact bytes, the key id formula, the
 * signed-note example key of Go's golang.org/x/mod/sumdb/note (so our notes
 * are the ecosystem's notes), and every way a note is refused.
 */
#include "tier/buf.h"
#include "tier/digest.h"
#include "tier/tlog_checkpoint.h"

#include "../tlog_fixture.h"

#include <CUnit/Basic.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ORIGIN "registry.example.gov.cn/log"

static char err[256];
static EVP_PKEY *key;   /* a fresh Ed25519 key */
static EVP_PKEY *other; /* another one */

static int suite_init(void)
{
    key = tlog_fixture_key();
    other = tlog_fixture_key();
    return key && other ? 0 : -1;
}

static int suite_clean(void)
{
    EVP_PKEY_free(key);
    EVP_PKEY_free(other);
    return 0;
}

static struct tlog_checkpoint example(void)
{
    struct tlog_checkpoint c;

    memset(&c, 0, sizeof c);
    snprintf(c.origin, sizeof c.origin, "%s", ORIGIN);
    c.size = 20852163;
    for (int i = 0; i < TLOG_HASH_LEN; i++)
        c.root[i] = (unsigned char)(i * 7 + 1);
    return c;
}

static size_t b64dec(const char *s, unsigned char *out)
{
    size_t n = strlen(s), pad = (n > 0 && s[n - 1] == '=') + (n > 1 && s[n - 2] == '=');

    return (size_t)EVP_DecodeBlock(out, (const unsigned char *)s, (int)n) - pad;
}

static void test_a_signed_checkpoint_has_the_c2sp_bytes_and_opens(void)
{
    struct tlog_checkpoint c = example(), back;
    struct buf b;
    unsigned char sig[80], pub[32], h[32], idin[64];
    size_t publen = sizeof pub, n, text_len;
    const char *line;
    uint32_t id;
    EVP_MD_CTX *m;

    buf_init(&b, TLOG_NOTE_MAX);
    CU_ASSERT_EQUAL_FATAL(tlog_checkpoint_sign(&c, ORIGIN, key, &b, err, sizeof err), 0);
    /* text: origin, decimal size, base64 root, then a blank line */
    CU_ASSERT_EQUAL(strncmp(b.data,
                            ORIGIN "\n20852163\nAQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o=\n\n",
                            strlen(ORIGIN) + 56), 0);
    text_len = strlen(ORIGIN) + 55;
    /* the signature line: em dash, space, key name, space, base64(id ‖ sig) */
    line = b.data + text_len + 1;
    CU_ASSERT_EQUAL(strncmp(line, "\xE2\x80\x94 " ORIGIN " ", 4 + strlen(ORIGIN) + 1), 0);
    CU_ASSERT_EQUAL(b.data[b.len - 1], '\n');
    {
        char b64[128];
        const char *start = line + 4 + strlen(ORIGIN) + 1;

        snprintf(b64, sizeof b64, "%.*s", (int)(b.data + b.len - 1 - start), start);
        n = b64dec(b64, sig);
    }
    CU_ASSERT_EQUAL(n, 68);
    /* key id = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4], big-endian */
    CU_ASSERT_EQUAL(EVP_PKEY_get_raw_public_key(key, pub, &publen), 1);
    memcpy(idin, ORIGIN, strlen(ORIGIN));
    idin[strlen(ORIGIN)] = 0x0A;
    idin[strlen(ORIGIN) + 1] = 0x01;
    memcpy(idin + strlen(ORIGIN) + 2, pub, 32);
    CU_ASSERT_EQUAL(digest_sha256(idin, strlen(ORIGIN) + 34, h), 0);
    CU_ASSERT_EQUAL(memcmp(sig, h, 4), 0);
    CU_ASSERT_EQUAL(tlog_note_key_id(ORIGIN, key, &id, err, sizeof err), 0);
    CU_ASSERT_EQUAL(id, (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3]);
    /* plain Ed25519 over the text, checked with OpenSSL directly */
    m = EVP_MD_CTX_new();
    CU_ASSERT_EQUAL(EVP_DigestVerifyInit(m, NULL, NULL, NULL, key), 1);
    CU_ASSERT_EQUAL(EVP_DigestVerify(m, sig + 4, 64, (const unsigned char *)b.data, text_len), 1);
    EVP_MD_CTX_free(m);

    CU_ASSERT_EQUAL(tlog_checkpoint_open(b.data, b.len, ORIGIN, key, ORIGIN, &back, err,
                                         sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(back.origin, ORIGIN);
    CU_ASSERT_EQUAL(back.size, 20852163);
    CU_ASSERT_EQUAL(memcmp(back.root, c.root, 32), 0);
    buf_free(&b);
}

/* golang.org/x/mod/sumdb/note's documented example key and signed note. */
static void test_the_sumdb_note_example_signs_and_opens_byte_for_byte(void)
{
    static const char text[] = "If you think cryptography is the answer to your problem,\n"
                               "then you don't know what your problem is.\n";
    static const char want[] =
        "If you think cryptography is the answer to your problem,\n"
        "then you don't know what your problem is.\n"
        "\n"
        "\xE2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZ"
        "SNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    unsigned char raw[40];
    char vkey[TLOG_VKEY_MAX];
    EVP_PKEY *k;
    struct buf b;
    size_t tl;

    CU_ASSERT_EQUAL_FATAL(b64dec("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", raw), 33);
    CU_ASSERT_EQUAL(raw[0], 0x01);
    k = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, raw + 1, 32);
    CU_ASSERT_PTR_NOT_NULL_FATAL(k);
    CU_ASSERT_EQUAL(tlog_note_vkey("PeterNeumann", k, vkey, err, sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(vkey,
                           "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
    buf_init(&b, TLOG_NOTE_MAX);
    CU_ASSERT_EQUAL(tlog_note_sign(text, strlen(text), "PeterNeumann", k, &b, err, sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(b.data, want);
    CU_ASSERT_EQUAL(tlog_note_open(want, strlen(want), "PeterNeumann", k, &tl, err, sizeof err), 0);
    CU_ASSERT_EQUAL(tl, strlen(text));
    buf_free(&b);
    EVP_PKEY_free(k);
}

static char *signed_example(size_t *len)
{
    struct tlog_checkpoint c = example();
    struct buf b;

    buf_init(&b, TLOG_NOTE_MAX);
    if (tlog_checkpoint_sign(&c, ORIGIN, key, &b, err, sizeof err) != 0)
        return NULL;
    return buf_detach(&b, len);
}

static int opens(const char *note, size_t len, const char *why)
{
    struct tlog_checkpoint c;
    int rc = tlog_checkpoint_open(note, len, ORIGIN, key, ORIGIN, &c, err, sizeof err);

    if (rc == 0 || strstr(err, why) == NULL)
        fprintf(stderr, "\n  expected \"%s\", got rc %d \"%s\"\n", why, rc, err);
    return rc == 0 || strstr(err, why) == NULL;
}

static void test_a_changed_size_or_root_or_origin_fails_the_signature(void)
{
    size_t len;
    char *n = signed_example(&len), *p;

    CU_ASSERT_PTR_NOT_NULL_FATAL(n);
    p = strstr(n, "20852163");
    p[7] = '4';
    CU_ASSERT_FALSE(opens(n, len, "does not verify"));
    p[7] = '3';
    p = strstr(n, "AQgP");
    p[0] = 'B';
    CU_ASSERT_FALSE(opens(n, len, "does not verify"));
    p[0] = 'A';
    n[0] = 'R';
    CU_ASSERT_FALSE(opens(n, len, "does not verify"));
    n[0] = 'r';
    {
        struct tlog_checkpoint c; /* intact again: it opens */

        CU_ASSERT_EQUAL(tlog_checkpoint_open(n, len, ORIGIN, key, ORIGIN, &c, err, sizeof err), 0);
    }
    free(n);
}

static void test_another_key_or_name_is_not_ours_and_the_note_is_refused(void)
{
    struct tlog_checkpoint c = example(), back;
    struct buf b;

    buf_init(&b, TLOG_NOTE_MAX);
    CU_ASSERT_EQUAL(tlog_checkpoint_sign(&c, ORIGIN, other, &b, err, sizeof err), 0);
    CU_ASSERT_FALSE(opens(b.data, b.len, "no signature by " ORIGIN));
    buf_reset(&b);
    CU_ASSERT_EQUAL(tlog_checkpoint_sign(&c, "witness.example/w1", key, &b, err, sizeof err), 0);
    CU_ASSERT_FALSE(opens(b.data, b.len, "no signature by"));
    /* with a wrong expected origin */
    buf_reset(&b);
    CU_ASSERT_EQUAL(tlog_checkpoint_sign(&c, ORIGIN, key, &b, err, sizeof err), 0);
    CU_ASSERT_EQUAL(tlog_checkpoint_open(b.data, b.len, ORIGIN, key, "other.example/log", &back,
                                         err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "is not the expected"));
    buf_free(&b);
}

static void test_unknown_signature_lines_are_ignored_but_ours_must_verify(void)
{
    size_t len;
    char *n = signed_example(&len), *cosigned;
    struct tlog_checkpoint c;
    const char *extra = "\xE2\x80\x94 witness.example/w1 AAAAAQE=\n";

    CU_ASSERT_PTR_NOT_NULL_FATAL(n);
    cosigned = malloc(len + 256);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cosigned);
    memcpy(cosigned, n, len);
    strcpy(cosigned + len, extra);
    CU_ASSERT_EQUAL(tlog_checkpoint_open(cosigned, strlen(cosigned), ORIGIN, key, NULL, &c, err,
                                         sizeof err), 0);
    CU_ASSERT_EQUAL(c.size, 20852163);
    /* our name with a stranger's key id: not ours either (signed-note) */
    strcpy(cosigned + len, "\xE2\x80\x94 " ORIGIN " AAAAAQE=\n");
    CU_ASSERT_EQUAL(tlog_checkpoint_open(cosigned, strlen(cosigned), ORIGIN, key, NULL, &c, err,
                                         sizeof err), 0);
    free(cosigned);
    free(n);
}

static void test_malformed_notes_are_refused_with_the_reason(void)
{
    size_t len;
    char *n = signed_example(&len), *p;

    CU_ASSERT_PTR_NOT_NULL_FATAL(n);
    CU_ASSERT_FALSE(opens(n, len - 1, "does not end with a newline"));
    p = strstr(n, "\n\n");
    p[1] = ' ';
    CU_ASSERT_FALSE(opens(n, len, "no blank line"));
    p[1] = '\n';
    p = strstr(n, "\xE2\x80\x94");
    p[0] = '-';
    CU_ASSERT_FALSE(opens(n, len, "signature line 1 is not"));
    p[0] = '\xE2';
    n[3] = '\t';
    CU_ASSERT_FALSE(opens(n, len, "control character 0x09 at byte 3"));
    CU_ASSERT_FALSE(opens(n, 0, "a note is 1 to"));
    free(n);
}

/* A note whose signature is right but whose text breaks tlog-checkpoint. */
static void test_texts_that_break_the_checkpoint_format_are_refused(void)
{
    static const struct {
        const char *text, *why;
    } bad[] = {
        {ORIGIN "\n020852163\nAQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o=\n", "leading zero"},
        {ORIGIN "\n12a\nAQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o=\n", "decimal number"},
        {ORIGIN "\n99999999999999999999\nAQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o=\n",
         "below 2^64"},
        {ORIGIN "\n5\nAQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM0w=\n", "base64 of 32 bytes"},
        {ORIGIN "\n5\nAQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09p=\n", "base64 of 32 bytes"},
        {ORIGIN "\n5\nAQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM\n", "base64 of 32 bytes"},
        {ORIGIN "\n5\n", "fewer than three lines"},
        {"a+b\n5\nAQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o=\n", "origin line"},
    };
    struct tlog_checkpoint c;
    struct buf b;

    buf_init(&b, TLOG_NOTE_MAX);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        buf_reset(&b);
        CU_ASSERT_EQUAL_FATAL(tlog_note_sign(bad[i].text, strlen(bad[i].text), ORIGIN, key, &b,
                                             err, sizeof err), 0);
        CU_ASSERT_EQUAL(tlog_checkpoint_open(b.data, b.len, ORIGIN, key, NULL, &c, err,
                                             sizeof err), -1);
        if (strstr(err, bad[i].why) == NULL)
            fprintf(stderr, "\n  case %zu: expected \"%s\", got \"%s\"\n", i, bad[i].why, err);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, bad[i].why));
    }
    /* the empty tree: size 0 is written "0" */
    buf_reset(&b);
    {
        struct tlog_checkpoint e = example();

        e.size = 0;
        CU_ASSERT_EQUAL(tlog_checkpoint_sign(&e, ORIGIN, key, &b, err, sizeof err), 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "\n0\n"));
        CU_ASSERT_EQUAL(tlog_checkpoint_open(b.data, b.len, ORIGIN, key, NULL, &c, err,
                                             sizeof err), 0);
        CU_ASSERT_EQUAL(c.size, 0);
    }
    buf_free(&b);
}

static void test_bad_names_and_non_ed25519_keys_are_refused(void)
{
    struct tlog_checkpoint c = example();
    struct buf b;
    EVP_PKEY *ec = EVP_EC_gen("P-256");

    buf_init(&b, TLOG_NOTE_MAX);
    CU_ASSERT_EQUAL(tlog_checkpoint_sign(&c, "has space", key, &b, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "without space or '+'"));
    CU_ASSERT_EQUAL(tlog_checkpoint_sign(&c, "", key, &b, err, sizeof err), -1);
    snprintf(c.origin, sizeof c.origin, "a+b");
    CU_ASSERT_EQUAL(tlog_checkpoint_sign(&c, ORIGIN, key, &b, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "origin"));
    c = example();
    CU_ASSERT_PTR_NOT_NULL_FATAL(ec);
    CU_ASSERT_EQUAL(tlog_checkpoint_sign(&c, ORIGIN, ec, &b, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "Ed25519"));
    CU_ASSERT_EQUAL(b.len, 0); /* nothing half-written */
    EVP_PKEY_free(ec);
    buf_free(&b);
}

/* A .tlog-proof of leaf 2 in a log of 5 one-letter entries "a".."e". */
static char *proof_file(size_t *len)
{
    struct tlog_mem *m = tlog_mem_new();
    struct tlog_store s = tlog_mem_store(m);
    unsigned char proof[TLOG_PROOF_MAX][TLOG_HASH_LEN];
    struct tlog_checkpoint c = example();
    struct buf note, out;
    size_t n;
    char *r = NULL;

    buf_init(&note, TLOG_NOTE_MAX);
    buf_init(&out, 2 * TLOG_NOTE_MAX);
    for (int i = 0; i < 5; i++)
        tlog_append(&s, (uint64_t)i, (char[]){(char)('a' + i)}, 1, NULL, err, sizeof err);
    c.size = 5;
    if (tlog_root(&s, 5, c.root, err, sizeof err) == 0 &&
        tlog_checkpoint_sign(&c, ORIGIN, key, &note, err, sizeof err) == 0 &&
        tlog_inclusion_proof(&s, 5, 2, proof, &n, err, sizeof err) == 0 &&
        tlog_proof_format(2, (const unsigned char(*)[TLOG_HASH_LEN])proof, n, note.data, note.len,
                          &out, err, sizeof err) == 0)
        r = buf_detach(&out, len);
    buf_free(&out);
    buf_free(&note);
    tlog_mem_free(m);
    return r;
}

static int proof_refused(const char *text, const char *entry, const char *why)
{
    struct tlog_checkpoint c;
    int rc = tlog_proof_verify(text, strlen(text), entry, 1, ORIGIN, key, ORIGIN, &c, NULL, err,
                               sizeof err);

    if (rc == 0 || strstr(err, why) == NULL)
        fprintf(stderr, "\n  expected \"%s\", got rc %d \"%s\"\n", why, rc, err);
    return rc != 0 && strstr(err, why) != NULL;
}

static void test_a_tlog_proof_file_verifies_its_entry_and_nothing_else(void)
{
    size_t len;
    char *p = proof_file(&len), *q;
    struct tlog_checkpoint c;
    uint64_t idx = 99;

    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(strncmp(p, "c2sp.org/tlog-proof@v1\nindex 2\n", 31), 0);
    CU_ASSERT_EQUAL(tlog_proof_verify(p, len, "c", 1, ORIGIN, key, ORIGIN, &c, &idx, err,
                                      sizeof err), 0);
    CU_ASSERT_EQUAL(idx, 2);
    CU_ASSERT_EQUAL(c.size, 5);
    CU_ASSERT_TRUE(proof_refused(p, "d", "does not lead to the tree head"));
    /* an extra line is allowed and changes nothing */
    q = malloc(len + 32);
    CU_ASSERT_PTR_NOT_NULL_FATAL(q);
    snprintf(q, len + 32, "c2sp.org/tlog-proof@v1\nextra AAAA\n%s", p + 23);
    CU_ASSERT_EQUAL(tlog_proof_verify(q, strlen(q), "c", 1, ORIGIN, key, ORIGIN, &c, NULL, err,
                                      sizeof err), 0);
    snprintf(q, len + 32, "c2sp.org/tlog-proof@v2\n%s", p + 23);
    CU_ASSERT_TRUE(proof_refused(q, "c", "first line must be"));
    snprintf(q, len + 32, "c2sp.org/tlog-proof@v1\nindex 02\n%s", p + 31);
    CU_ASSERT_TRUE(proof_refused(q, "c", "expected \"index <decimal>\""));
    snprintf(q, len + 32, "c2sp.org/tlog-proof@v1\nindex 2\n!%s", p + 32);
    CU_ASSERT_TRUE(proof_refused(q, "c", "proof line 1 is not the base64"));
    snprintf(q, len + 32, "c2sp.org/tlog-proof@v1\nindex 2\n");
    CU_ASSERT_TRUE(proof_refused(q, "c", "no blank line before the checkpoint"));
    free(q);
    free(p);
}

/* A monitor's conclusions: extension, roll-back, split view, rewritten
 * history, another log. */
static void test_a_monitor_tells_extension_from_rollback_split_view_and_rewrite(void)
{
    struct tlog_mem *m = tlog_mem_new(), *forged = tlog_mem_new();
    struct tlog_store s = tlog_mem_store(m), f = tlog_mem_store(forged);
    unsigned char proof[TLOG_PROOF_MAX][TLOG_HASH_LEN];
    struct tlog_checkpoint c6 = example(), c9 = example(), f9 = example(), f6 = example();
    size_t n;

    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(forged);
    for (int i = 0; i < 9; i++) {
        /* the forged log differs from the real one at leaf 4 only */
        char e[2] = {(char)('a' + i), 0}, g[2] = {(char)(i == 4 ? 'X' : 'a' + i), 0};

        tlog_append(&s, (uint64_t)i, e, 1, NULL, err, sizeof err);
        tlog_append(&f, (uint64_t)i, g, 1, NULL, err, sizeof err);
    }
    c6.size = f6.size = 6;
    c9.size = f9.size = 9;
    CU_ASSERT_EQUAL(tlog_root(&s, 6, c6.root, err, sizeof err), 0);
    CU_ASSERT_EQUAL(tlog_root(&s, 9, c9.root, err, sizeof err), 0);
    CU_ASSERT_EQUAL(tlog_root(&f, 9, f9.root, err, sizeof err), 0);
    CU_ASSERT_EQUAL(tlog_root(&f, 6, f6.root, err, sizeof err), 0);

    CU_ASSERT_EQUAL(tlog_consistency_proof(&s, 6, 9, proof, &n, err, sizeof err), 0);
    CU_ASSERT_EQUAL(tlog_checkpoint_follows(&c6, &c9, proof, n, err, sizeof err), 0);
    CU_ASSERT_EQUAL(tlog_checkpoint_follows(&c6, &c6, proof, 0, err, sizeof err), 0);
    CU_ASSERT_EQUAL(tlog_checkpoint_follows(&c9, &c6, proof, 0, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "rolled back: the log had 9 leaves, now shows 6"));
    CU_ASSERT_EQUAL(tlog_checkpoint_follows(&c6, &f6, proof, 0, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "split view: two different heads for size 6"));
    /* the forger's own consistency proof cannot join the old head to its tree */
    CU_ASSERT_EQUAL(tlog_consistency_proof(&f, 6, 9, proof, &n, err, sizeof err), 0);
    CU_ASSERT_EQUAL(tlog_checkpoint_follows(&c6, &f9, proof, n, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "history rewritten: size 9 does not extend size 6"));
    snprintf(f9.origin, sizeof f9.origin, "other.example/log");
    CU_ASSERT_EQUAL(tlog_checkpoint_follows(&c6, &f9, proof, n, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "another log"));
    tlog_mem_free(m);
    tlog_mem_free(forged);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("tlog checkpoint", suite_init, suite_clean);
    CU_add_test(s, "a signed checkpoint has the C2SP bytes and opens",
                test_a_signed_checkpoint_has_the_c2sp_bytes_and_opens);
    CU_add_test(s, "the sumdb note example signs and opens byte for byte",
                test_the_sumdb_note_example_signs_and_opens_byte_for_byte);
    CU_add_test(s, "a changed size or root or origin fails the signature",
                test_a_changed_size_or_root_or_origin_fails_the_signature);
    CU_add_test(s, "another key or name is not ours and the note is refused",
                test_another_key_or_name_is_not_ours_and_the_note_is_refused);
    CU_add_test(s, "unknown signature lines are ignored but ours must verify",
                test_unknown_signature_lines_are_ignored_but_ours_must_verify);
    CU_add_test(s, "malformed notes are refused with the reason",
                test_malformed_notes_are_refused_with_the_reason);
    CU_add_test(s, "texts that break the checkpoint format are refused",
                test_texts_that_break_the_checkpoint_format_are_refused);
    CU_add_test(s, "a tlog-proof file verifies its entry and nothing else",
                test_a_tlog_proof_file_verifies_its_entry_and_nothing_else);
    CU_add_test(s, "a monitor tells extension from rollback, split view and rewrite",
                test_a_monitor_tells_extension_from_rollback_split_view_and_rewrite);
    CU_add_test(s, "bad names and non-Ed25519 keys are refused",
                test_bad_names_and_non_ed25519_keys_are_refused);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
