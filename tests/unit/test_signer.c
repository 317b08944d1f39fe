/*
 * test_signer.c — the signer as a separate process (signer_spawn; issue 13):
 * it signs certificates with each algorithm, revocation lists and checkpoints
 * that verify; it refuses anything else sent down its socket (other XML, an
 * already signed document, a certificate naming another key, a list with
 * extra content, a checkpoint of another log, an unknown kind or key); a key
 * written after it started is loaded; a killed worker makes signing answer
 * "down" until the supervisor has started another, which then signs. The
 * in-process signer makes the same refusals.
 */
#include "tier/signer.h"

#include <CUnit/Basic.h>
#include <libxml/parser.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define USCC_OK_1 "91370102MA3C4D5E7Q"
#define NAME_1    "济南精工科技有限公司"
#define ORIGIN    "registry.test/log"

static const enum sign_alg algs[] = {SIGN_ALG_ED25519, SIGN_ALG_SM2, SIGN_ALG_P256};
#define N_ALGS 3

static char dir[] = "/tmp/test_signer.XXXXXX";
static struct sign_key *keys[N_ALGS]; /* written to dir as <id>.key */
static struct sign_key *log_pub;      /* dir/log.key's public half */
static struct signer *sp;             /* the spawned signer */

/* Write k into dir; with `as` set, rename the private key to dir/<as>.key. */
static int write_key(const struct sign_key *k, const char *as)
{
    char kp[600], pp[600], to[600], err[300];

    if (sign_key_write_files(k, dir, kp, sizeof kp, pp, sizeof pp, err, sizeof err) != 0) {
        fprintf(stderr, "write: %s\n", err);
        return -1;
    }
    if (as == NULL)
        return 0;
    snprintf(to, sizeof to, "%s/%s.key", dir, as);
    return rename(kp, to);
}

static int suite_init(void)
{
    struct sign_key *lk = NULL;
    char err[1024];

    if (mkdtemp(dir) == NULL)
        return -1;
    for (int i = 0; i < N_ALGS; i++)
        if (sign_key_generate(algs[i], &keys[i], err, sizeof err) != 0 ||
            write_key(keys[i], NULL) != 0)
            return -1;
    if (sign_key_generate(SIGN_ALG_ED25519, &lk, err, sizeof err) != 0 ||
        write_key(lk, "log") != 0)
        return -1;
    log_pub = lk;
    sp = signer_spawn(dir, ORIGIN, 2, NULL, NULL, err, sizeof err);
    if (sp == NULL) {
        fprintf(stderr, "signer_spawn: %s\n", err);
        return -1;
    }
    return 0;
}

static int suite_clean(void)
{
    char cmd[300];

    signer_free(sp);
    for (int i = 0; i < N_ALGS; i++)
        sign_key_free(keys[i]);
    sign_key_free(log_pub);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void prepare(struct cert *c)
{
    struct tier_date from = {2026, 5, 10};
    char err[256];

    CU_ASSERT_EQUAL_FATAL(cert_prepare(c, TIER_LITTLE_GIANT, USCC_OK_1, NAME_1, RULESET_2026,
                                       &from, 1778378584123LL, err, sizeof err),
                          0);
}

static void test_each_algorithm_signs_a_certificate_that_verifies(void)
{
    for (int i = 0; i < N_ALGS; i++) {
        struct cert c, back;
        char *doc = NULL, err[600], why[600];
        size_t len = 0;

        prepare(&c);
        CU_ASSERT_EQUAL_FATAL(signer_cert_sign(sp, sign_key_id(keys[i]), &c, &doc, &len, err,
                                               sizeof err),
                              SIGNER_OK);
        CU_ASSERT_STRING_EQUAL(c.key_id, sign_key_id(keys[i]));
        CU_ASSERT_EQUAL(strlen(doc), len);
        CU_ASSERT_EQUAL(cert_verify(doc, len, keys[i], &back, why, sizeof why), CERT_VALID);
        CU_ASSERT_STRING_EQUAL(back.serial, c.serial);
        free(doc);
    }
}

static void test_revocation_list_and_checkpoint_are_signed_and_verify(void)
{
    const char *list = "<revocationList xmlns=\"urn:tierd:revocations:1\" "
                       "issuedAt=\"2026-05-10T00:00:00Z\" sequence=\"3\">\n"
                       "  <revoked serial=\"LG-2026-0000000000000000AB\" "
                       "at=\"2026-05-09T00:00:00Z\">造假</revoked>\n</revocationList>\n";
    struct tlog_checkpoint c = {.origin = ORIGIN, .size = 7}, back;
    struct buf note;
    char *doc = NULL, err[600];
    size_t len = 0;

    CU_ASSERT_EQUAL_FATAL(signer_revocations_sign(sp, sign_key_id(keys[0]), list, strlen(list),
                                                  &doc, &len, err, sizeof err),
                          SIGNER_OK);
    CU_ASSERT_EQUAL(sign_xml_verify(doc, len, "urn:tierd:revocations:1", "signedRevocationList",
                                    "revocationList", keys[0], NULL, NULL, err, sizeof err),
                    CERT_VALID);
    free(doc);
    memset(c.root, 0x5a, sizeof c.root);
    CU_ASSERT_TRUE(signer_has_log_key(sp));
    buf_init(&note, TLOG_NOTE_MAX);
    CU_ASSERT_EQUAL_FATAL(signer_checkpoint_sign(sp, &c, &note, err, sizeof err), SIGNER_OK);
    CU_ASSERT_EQUAL(tlog_checkpoint_open(note.data, note.len, ORIGIN, sign_key_evp(log_pub),
                                         ORIGIN, &back, err, sizeof err),
                    0);
    CU_ASSERT_EQUAL(back.size, 7);
    buf_free(&note);
}

/* Ask s for `payload` as `kind`; must be refused with `says` in the reason. */
static void refused(struct signer *s, enum signer_kind kind, const char *key_id,
                    const void *payload, size_t len, const char *says)
{
    char *out = NULL, err[800] = "";
    size_t n = 0;
    enum signer_result r = signer_request(s, kind, key_id, payload, len, &out, &n, err,
                                          sizeof err);

    CU_ASSERT_EQUAL(r, SIGNER_REFUSED);
    CU_ASSERT_PTR_NULL(out);
    if (strstr(err, says) == NULL) {
        fprintf(stderr, "\n    expected \"%s\" in: %s", says, err);
        CU_FAIL("refusal does not say why");
    }
    free(out);
}

/* Every shape but the expected one is refused, spawned or in-process (which
 * has no log origin configured: any origin is its own). */
static void refusals(struct signer *s, int spawned)
{
    const char *id = sign_key_id(keys[0]);
    struct sign_key *stranger = NULL;
    struct cert c;
    char *signed_doc = NULL, *elem, err[600], other_id[SIGN_KEY_ID_LEN + 1];
    size_t len = 0;
    struct tlog_checkpoint cp = {.origin = "another.log/x", .size = 1};
    const char *cert_in_list = "<certificate xmlns=\"urn:tierd:certificate:1\"/>";
    const char *list_plus = "<revocationList xmlns=\"urn:tierd:revocations:1\" "
                            "issuedAt=\"2026-05-10T00:00:00Z\"><revoked serial=\"x\" at=\"y\"/>"
                            "<anything>to be signed</anything></revocationList>";

    refused(s, SIGNER_KIND_CERT, id, "hello, sign me", 14, "not a certificate");
    refused(s, SIGNER_KIND_CERT, id, "<note xmlns=\"urn:x\">pay 1000000</note>", 37,
            "not a certificate");
    refused(s, SIGNER_KIND_CERT, id, cert_in_list, strlen(cert_in_list), "not a certificate");
    /* a whole signed certificate is not a certificate element */
    prepare(&c);
    CU_ASSERT_EQUAL_FATAL(signer_cert_sign(sp, id, &c, &signed_doc, &len, err, sizeof err),
                          SIGNER_OK);
    refused(s, SIGNER_KIND_CERT, id, signed_doc, len, "not a certificate");
    /* the element of a certificate naming one key, asked of another */
    elem = strstr(signed_doc, "<certificate ");
    CU_ASSERT_PTR_NOT_NULL_FATAL(elem);
    *strstr(elem, "</certificate>") = '\0';
    snprintf(elem + strlen(elem), 16, "</certificate>");
    CU_ASSERT_EQUAL_FATAL(sign_key_generate(SIGN_ALG_ED25519, &stranger, err, sizeof err), 0);
    snprintf(other_id, sizeof other_id, "%s", sign_key_id(keys[1]));
    refused(s, SIGNER_KIND_CERT, other_id, elem, strlen(elem), "names key");
    /* a key the signer has never seen: no such file */
    refused(s, SIGNER_KIND_CERT, sign_key_id(stranger), elem, strlen(elem), ".key");
    refused(s, SIGNER_KIND_CERT, "../../etc/passwd", elem, strlen(elem), "not a key id");
    /* a certificate is not a revocation list, nor is a list with more in it */
    refused(s, SIGNER_KIND_REVOCATIONS, id, elem, strlen(elem), "not a revocation list");
    refused(s, SIGNER_KIND_REVOCATIONS, id, list_plus, strlen(list_plus),
            "only <revoked> elements");
    if (spawned)
        refused(s, SIGNER_KIND_CHECKPOINT, "", &cp, sizeof cp, "not a checkpoint of this log");
    refused(s, SIGNER_KIND_CHECKPOINT, "", "short", 5, "not a checkpoint");
    refused(s, (enum signer_kind)99, id, elem, strlen(elem), "unknown kind");
    sign_key_free(stranger);
    free(signed_doc);
}

static void test_anything_but_the_expected_shapes_is_refused_through_the_socket(void)
{
    struct signer_view v;

    refusals(sp, 1);
    signer_view(sp, &v);
    CU_ASSERT_EQUAL(v.spawned, 1);
    CU_ASSERT_EQUAL(v.up, 1); /* refusing is not failing */
}

static void test_the_in_process_signer_refuses_the_same(void)
{
    struct signer *s = signer_new(dir);

    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    refusals(s, 0);
    signer_free(s);
}

static void test_a_key_written_after_start_is_loaded_by_the_signer(void)
{
    struct sign_key *k = NULL;
    struct cert c;
    char *doc = NULL, err[600];
    size_t len = 0;

    CU_ASSERT_EQUAL_FATAL(sign_key_generate(SIGN_ALG_P256, &k, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(write_key(k, NULL), 0);
    prepare(&c);
    CU_ASSERT_EQUAL(signer_cert_sign(sp, sign_key_id(k), &c, &doc, &len, err, sizeof err),
                    SIGNER_OK);
    CU_ASSERT_EQUAL(cert_verify(doc, len, k, NULL, err, sizeof err), CERT_VALID);
    free(doc);
    sign_key_free(k);
}

static void test_the_worker_keeps_no_capability_but_reading_files(void)
{
    struct signer_view v;
    char path[64], line[256];
    FILE *f;
    int seen = 0;

    if (geteuid() != 0) {
        fprintf(stderr, "\n    (not root: nothing to drop)");
        return;
    }
    signer_view(sp, &v);
    snprintf(path, sizeof path, "/proc/%d/status", (int)v.worker_pid);
    f = fopen(path, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, "CapEff:", 7) == 0 || strncmp(line, "CapPrm:", 7) == 0 ||
            strncmp(line, "CapBnd:", 7) == 0) {
            CU_ASSERT_EQUAL(strtoull(line + 7, NULL, 16), 1ull << 2); /* CAP_DAC_READ_SEARCH */
            seen++;
        }
        if (strncmp(line, "NoNewPrivs:", 11) == 0) {
            CU_ASSERT_EQUAL(atoi(line + 11), 1);
            seen++;
        }
    }
    fclose(f);
    CU_ASSERT_EQUAL(seen, 4);
}

static void test_a_killed_worker_answers_down_then_a_new_one_signs(void)
{
    struct signer_view v, w;
    struct cert c;
    char *doc = NULL, err[600];
    size_t len = 0;
    enum signer_result r;
    struct timespec nap = {0, 20 * 1000 * 1000};
    int waited = 0;

    signer_view(sp, &v);
    CU_ASSERT_FATAL(v.up && v.worker_pid > 0);
    CU_ASSERT_EQUAL_FATAL(kill(v.worker_pid, SIGKILL), 0);
    nanosleep(&nap, NULL);
    prepare(&c);
    r = signer_cert_sign(sp, sign_key_id(keys[0]), &c, &doc, &len, err, sizeof err);
    CU_ASSERT_EQUAL(r, SIGNER_DOWN);
    CU_ASSERT_PTR_NULL(doc);
    do {
        nanosleep(&nap, NULL);
        signer_view(sp, &w);
    } while (!w.up && ++waited < 250);
    CU_ASSERT_EQUAL_FATAL(w.up, 1);
    CU_ASSERT_NOT_EQUAL(w.worker_pid, v.worker_pid);
    CU_ASSERT_EQUAL(w.restarts, v.restarts + 1);
    CU_ASSERT_EQUAL(kill(v.worker_pid, 0), -1); /* reaped by the supervisor */
    prepare(&c);
    CU_ASSERT_EQUAL(signer_cert_sign(sp, sign_key_id(keys[2]), &c, &doc, &len, err, sizeof err),
                    SIGNER_OK);
    CU_ASSERT_EQUAL(cert_verify(doc, len, keys[2], NULL, err, sizeof err), CERT_VALID);
    free(doc);
}

static void test_freeing_the_signer_ends_its_processes(void)
{
    struct signer *s;
    struct signer_view v;
    char err[600];
    struct timespec nap = {0, 20 * 1000 * 1000};
    int waited = 0;

    s = signer_spawn(dir, ORIGIN, 1, NULL, NULL, err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    signer_view(s, &v);
    CU_ASSERT(v.supervisor_pid > 0 && v.worker_pid > 0);
    signer_free(s); /* reaps the supervisor */
    CU_ASSERT_EQUAL(kill(v.supervisor_pid, 0), -1);
    while (kill(v.worker_pid, 0) == 0 && ++waited < 100)
        nanosleep(&nap, NULL); /* the supervisor's child, reaped by init */
    CU_ASSERT_EQUAL(kill(v.worker_pid, 0), -1);
}

int main(void)
{
    CU_pSuite s;
    int failed;

    xmlInitParser();
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("signer process", suite_init, suite_clean);
    CU_add_test(s, "each algorithm signs a certificate that verifies",
                test_each_algorithm_signs_a_certificate_that_verifies);
    CU_add_test(s, "revocation list and checkpoint are signed and verify",
                test_revocation_list_and_checkpoint_are_signed_and_verify);
    CU_add_test(s, "anything but the expected shapes is refused through the socket",
                test_anything_but_the_expected_shapes_is_refused_through_the_socket);
    CU_add_test(s, "the in-process signer refuses the same",
                test_the_in_process_signer_refuses_the_same);
    CU_add_test(s, "a key written after start is loaded by the signer",
                test_a_key_written_after_start_is_loaded_by_the_signer);
    CU_add_test(s, "the worker keeps no capability but reading files",
                test_the_worker_keeps_no_capability_but_reading_files);
    CU_add_test(s, "a killed worker answers down, then a new one signs",
                test_a_killed_worker_answers_down_then_a_new_one_signs);
    CU_add_test(s, "freeing the signer ends its processes",
                test_freeing_the_signer_ends_its_processes);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    xmlCleanupParser();
    return failed ? 1 : 0;
}
