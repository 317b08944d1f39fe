/*
 * test_signer.c — the signing keys live in the signer process, not in the
 * network-facing tierd (issue 13), against a real tierd and MariaDB.
 *
 * For each algorithm a key is generated and activated while tierd runs, and
 * an approval issues a certificate signed with it (so the signer loaded a key
 * activated after its start). Then, as root, every readable mapping of the
 * tierd process (/proc/PID/maps + /proc/PID/mem) is searched for each private
 * key's secret: the Ed25519 seed, the SM2 and P-256 scalars, big- and
 * little-endian (OpenSSL keeps a scalar as little-endian words), and the log
 * key's seed. None is found in tierd; the same search finds every one in the
 * signer worker, which proves the search. Last, a worker killed while its
 * supervisor is held makes an approval answer 503 "signer-unavailable",
 * /healthz degraded "signer-down"; let go, the supervisor starts another and
 * the same approval issues its certificate.
 *
 * Refusals of other bytes sent down the socket: tests/unit/test_signer.c.
 */
#include "harness.h"

#include "tier/sign.h"

#include <CUnit/Basic.h>
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char admin[128], province[128], qingdao[128], zibo[128], linyi[128];

/* The secret of one key, in the byte orders memory may hold it in. */
struct secret {
    char what[80];
    unsigned char be[32], le[32];
    int has_le;
};
static struct secret secrets[8];
static int n_secrets;

/* Read key-dir/<name>.key as the test (not tierd) and keep its secret. */
static int keep_secret(const char *name, const char *what)
{
    char path[700], err[600];
    struct sign_key *k = NULL;
    struct secret *s = &secrets[n_secrets];
    EVP_PKEY *pk;
    BIGNUM *bn = NULL;
    size_t len = sizeof s->be;
    int rc = -1;

    snprintf(path, sizeof path, "%s/keys/%s.key", harness_dir(), name);
    if (sign_key_load_private(path, &k, err, sizeof err) != 0) {
        fprintf(stderr, "load %s: %s\n", path, err);
        return -1;
    }
    pk = sign_key_evp(k);
    snprintf(s->what, sizeof s->what, "%s", what);
    if (sign_key_alg(k) == SIGN_ALG_ED25519) {
        rc = EVP_PKEY_get_raw_private_key(pk, s->be, &len) == 1 && len == 32 ? 0 : -1;
    } else if (EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_PRIV_KEY, &bn) == 1) {
        rc = BN_bn2binpad(bn, s->be, 32) == 32 && BN_bn2lebinpad(bn, s->le, 32) == 32 ? 0 : -1;
        s->has_le = 1;
        BN_clear_free(bn);
    }
    sign_key_free(k);
    if (rc == 0)
        n_secrets++;
    return rc;
}

/* Bit i of the result: secret i is somewhere in pid's readable memory.
 * Mappings that hold no page (Rss 0 in smaps) or span over 1 GiB are
 * skipped: reading them through /proc/PID/mem would fault in page tables
 * for terabytes (AddressSanitizer's shadow), and a key is in neither. */
static unsigned found_in(pid_t pid, long *scanned)
{
    struct region {
        unsigned long lo, hi;
        int readable;
        long rss_kb;
    } *rg = calloc(8192, sizeof *rg);
    char path[64], line[512];
    FILE *smaps;
    int mem, n = 0;
    unsigned found = 0;
    const size_t chunk = 1 << 20;
    unsigned char *buf = malloc(chunk + 32);

    *scanned = 0;
    snprintf(path, sizeof path, "/proc/%d/smaps", (int)pid);
    smaps = fopen(path, "r");
    snprintf(path, sizeof path, "/proc/%d/mem", (int)pid);
    mem = open(path, O_RDONLY);
    if (smaps == NULL || mem < 0 || buf == NULL || rg == NULL) {
        fprintf(stderr, "\n    cannot read the memory of %d", (int)pid);
        goto done;
    }
    while (fgets(line, sizeof line, smaps) != NULL) {
        unsigned long lo, hi;
        char perms[8];
        long kb;

        if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) == 3 && n < 8192) {
            rg[n].lo = lo;
            rg[n].hi = hi;
            rg[n].readable = perms[0] == 'r' && strstr(line, "[vvar") == NULL &&
                             strstr(line, "[vsyscall]") == NULL;
            n++;
        } else if (n > 0 && sscanf(line, "Rss: %ld kB", &kb) == 1) {
            rg[n - 1].rss_kb = kb;
        }
    }
    for (int r = 0; r < n; r++) {
        if (!rg[r].readable || rg[r].rss_kb == 0 || rg[r].hi - rg[r].lo > (1ul << 30))
            continue;
        for (unsigned long at = rg[r].lo; at < rg[r].hi; at += chunk) {
            size_t want = rg[r].hi - at < chunk + 31 ? rg[r].hi - at : chunk + 31;
            ssize_t got = pread(mem, buf, want, (off_t)at); /* overlaps a needle */

            if (got <= 0)
                break;
            *scanned += got;
            for (int i = 0; i < n_secrets; i++) {
                if (memmem(buf, (size_t)got, secrets[i].be, 32) != NULL ||
                    (secrets[i].has_le && memmem(buf, (size_t)got, secrets[i].le, 32) != NULL))
                    found |= 1u << i;
            }
        }
    }
done:
    if (smaps != NULL)
        fclose(smaps);
    if (mem >= 0)
        close(mem);
    free(buf);
    free(rg);
    return found;
}

/* The child of `parent` whose name (comm) is `comm`, or -1. */
static pid_t child_named(pid_t parent, const char *comm)
{
    DIR *d = opendir("/proc");
    struct dirent *e;
    pid_t got = -1;

    while (d != NULL && (e = readdir(d)) != NULL) {
        char path[300], stat[600], name[64];
        int ppid;
        FILE *f;

        if (!isdigit((unsigned char)e->d_name[0]))
            continue;
        snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
        f = fopen(path, "r");
        if (f == NULL)
            continue;
        /* pid (comm) state ppid: our names hold no space or parenthesis */
        if (fgets(stat, sizeof stat, f) != NULL &&
            sscanf(stat, "%*d (%63[^)]) %*c %d", name, &ppid) == 2 && ppid == parent &&
            strcmp(name, comm) == 0)
            got = atoi(e->d_name);
        fclose(f);
    }
    if (d != NULL)
        closedir(d);
    return got;
}

static pid_t worker_pid(void)
{
    pid_t sup = child_named(harness_tierd_pid(), "tierd-signsv");

    return sup > 0 ? child_named(sup, "tierd-signer") : -1;
}

/* Post a tier's eligible sample; the new id into id. */
static int post(const char *tier, char *id)
{
    char path[128], loc[128];
    size_t len = 0;
    char *doc;
    struct http_reply r;
    int st;

    snprintf(path, sizeof path, "tests/data/%s/eligible.xml", tier);
    doc = harness_slurp(path, &len);
    if (doc == NULL)
        return -1;
    http_req(admin, "POST", "/v1/submissions", "application/xml", doc, len, &r);
    free(doc);
    st = r.status;
    id[0] = '\0';
    if (http_reply_header(&r, "Location", loc, sizeof loc) != NULL)
        snprintf(id, 32, "%.31s", loc + 16);
    if (st != 201)
        fprintf(stderr, "\n    post %s: %d %s", tier, r.status, r.body ? r.body : "");
    http_reply_free(&r);
    return st;
}

/* One decision; the status, the answer kept in *r (caller frees). */
static int decide(const char *token, const char *id, const char *action, struct http_reply *r)
{
    char body[256], path[96];

    snprintf(body, sizeof body,
             "<decision xmlns=\"urn:tierd:decision:1\"><action>%s</action></decision>", action);
    snprintf(path, sizeof path, "/v1/submissions/%s/decisions", id);
    http_req(token, "POST", path, "application/xml", body, strlen(body), r);
    return r->status;
}

/* Generate and activate a key of `alg` while tierd runs; its id into id. */
static int activate(const char *alg, char id[SIGN_KEY_ID_LEN + 1])
{
    char *out = NULL;

    if (harness_sh(&out, "%s key generate --alg %s --out '%s/keys' 2>/dev/null | head -1",
                   harness_bin("tierctl"), alg, harness_dir()) != 0 || out == NULL)
        return -1;
    snprintf(id, SIGN_KEY_ID_LEN + 1, "%.64s", out);
    free(out);
    out = NULL;
    if (harness_sh(&out, "%s key activate %s", harness_bin("tierctl"), id) != 0) {
        fprintf(stderr, "activate: %s\n", out ? out : "");
        free(out);
        return -1;
    }
    free(out);
    return 0;
}

static int suite_init(void)
{
    if (harness_start() != 0)
        return -1;
    if (harness_account("sg-admin", "--role admin", admin, sizeof admin) ||
        harness_account("sg-province", "--role province-reviewer", province, sizeof province) ||
        harness_account("sg-qingdao", "--role city-reviewer --city 370200", qingdao,
                        sizeof qingdao) ||
        harness_account("sg-zibo", "--role city-reviewer --city 370300", zibo, sizeof zibo) ||
        harness_account("sg-linyi", "--role city-reviewer --city 371300", linyi, sizeof linyi))
        return -1;
    return keep_secret("log", "the log key (ed25519)");
}

static int suite_clean(void)
{
    return harness_stop();
}

static void test_each_algorithm_signs_with_a_key_activated_while_tierd_runs(void)
{
    static const struct {
        const char *alg, *sig, *tier;
        const char *city;
    } runs[] = {
        {"ed25519", "ed25519", "high-tech", qingdao},
        {"sm2", "sm2-sm3", "innovative-sme", qingdao},
        {"p256", "ecdsa-p256-sha256", "tech-sme", zibo},
    };

    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        char key[SIGN_KEY_ID_LEN + 1], id[32], what[80], alg[32], keyid[80], serial[64];
        char path[128];
        struct http_reply r;

        CU_ASSERT_EQUAL_FATAL(activate(runs[i].alg, key), 0);
        CU_ASSERT_EQUAL_FATAL(post(runs[i].tier, id), 201);
        CU_ASSERT_EQUAL_FATAL(decide(runs[i].city, id, "recommend", &r), 201);
        http_reply_free(&r);
        CU_ASSERT_EQUAL(decide(province, id, "approve", &r), 201);
        if (r.status != 201)
            fprintf(stderr, "\n    approve (%s): %d %s", runs[i].alg, r.status, r.body);
        harness_attr(r.body, "serial", serial, sizeof serial);
        http_reply_free(&r);
        CU_ASSERT_FATAL(serial[0] != '\0');
        /* the signed document names the algorithm and the key just activated */
        snprintf(path, sizeof path, "/v1/certificates/%s/document", serial);
        http_req("", "GET", path, NULL, NULL, 0, &r);
        CU_ASSERT_EQUAL(r.status, 200);
        CU_ASSERT_STRING_EQUAL(harness_attr(r.body, "algorithm", alg, sizeof alg), runs[i].sig);
        CU_ASSERT_STRING_EQUAL(harness_attr(r.body, "keyId", keyid, sizeof keyid), key);
        http_reply_free(&r);
        /* the signer logged the signature: serial and key, no secret */
        {
            char logpath[700], line[300];
            char *log;
            size_t n = 0;

            snprintf(logpath, sizeof logpath, "%s/tierd.log", harness_dir());
            log = harness_slurp(logpath, &n);
            snprintf(line, sizeof line, "tierd-signer: signed certificate serial=%s uscc=", serial);
            CU_ASSERT_PTR_NOT_NULL(log && strstr(log, line));
            snprintf(line, sizeof line, " key=%s (%s)\n", key, runs[i].alg);
            CU_ASSERT_PTR_NOT_NULL(log && strstr(log, line));
            free(log);
        }
        snprintf(what, sizeof what, "the %s signing key", runs[i].alg);
        CU_ASSERT_EQUAL(keep_secret(key, what), 0);
    }
}

static void test_no_private_key_is_in_tierd_memory_and_all_are_in_the_signer(void)
{
    pid_t tierd = harness_tierd_pid(), worker = worker_pid();
    unsigned in_tierd, in_worker;
    long scanned_tierd = 0, scanned_worker = 0;

    if (geteuid() != 0) {
        fprintf(stderr, "\n    (not root: the signer's memory cannot be read; skipped)");
        return;
    }
    CU_ASSERT_EQUAL_FATAL(n_secrets, 4); /* log + three algorithms */
    CU_ASSERT_FATAL(worker > 0);
    in_tierd = found_in(tierd, &scanned_tierd);
    in_worker = found_in(worker, &scanned_worker);
    fprintf(stderr, "\n    searched %ld KiB of tierd (pid %d), %ld KiB of the signer (pid %d)",
            scanned_tierd / 1024, (int)tierd, scanned_worker / 1024, (int)worker);
    CU_ASSERT(scanned_tierd > 1024 * 1024);
    CU_ASSERT(scanned_worker > 1024 * 1024);
    for (int i = 0; i < n_secrets; i++) {
        if (in_tierd & (1u << i)) {
            fprintf(stderr, "\n    %s is in tierd's memory", secrets[i].what);
            CU_FAIL("a private key is in the network-facing process");
        }
        if (!(in_worker & (1u << i))) {
            fprintf(stderr, "\n    %s was not found in the signer's memory", secrets[i].what);
            CU_FAIL("the search does not find a key where it is");
        }
    }
}

static void test_a_dead_signer_makes_approvals_503_and_healthz_say_so_until_it_is_back(void)
{
    pid_t sup = child_named(harness_tierd_pid(), "tierd-signsv"), worker = worker_pid();
    struct http_reply r;
    char id[32], retry[16] = "";
    long ms;

    CU_ASSERT_FATAL(sup > 0 && worker > 0);
    CU_ASSERT_EQUAL_FATAL(post("gazelle", id), 201);
    CU_ASSERT_EQUAL_FATAL(decide(linyi, id, "recommend", &r), 201);
    http_reply_free(&r);
    /* hold the supervisor so the window stays open, then kill the worker */
    CU_ASSERT_EQUAL_FATAL(kill(sup, SIGSTOP), 0);
    CU_ASSERT_EQUAL(kill(worker, SIGKILL), 0);
    usleep(50 * 1000);
    CU_ASSERT_EQUAL(decide(province, id, "approve", &r), 503);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "signer-unavailable"));
    CU_ASSERT_PTR_NOT_NULL(http_reply_header(&r, "Retry-After", retry, sizeof retry));
    http_reply_free(&r);
    http_do("GET", "/healthz", "", NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 503);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "<reason>signer-down</reason>"));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "<signer state=\"down\""));
    http_reply_free(&r);
    http_do("GET", "/metrics", "", NULL, 0, &r);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "\ntierd_signer_up 0\n"));
    http_reply_free(&r);
    /* let go: a new worker within a few seconds, and the same approval works */
    CU_ASSERT_EQUAL(kill(sup, SIGCONT), 0);
    ms = http_wait_status("/healthz", 200, 10000);
    CU_ASSERT(ms >= 0);
    http_do("GET", "/healthz", "", NULL, 0, &r);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "<signer state=\"up\" restarts=\"1\"/>"));
    http_reply_free(&r);
    http_do("GET", "/metrics", "", NULL, 0, &r);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "\ntierd_signer_up 1\n"));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "\ntierd_signer_restarts_total 1\n"));
    http_reply_free(&r);
    CU_ASSERT(worker_pid() > 0 && worker_pid() != worker);
    CU_ASSERT_EQUAL(decide(province, id, "approve", &r), 201);
    if (r.status != 201)
        fprintf(stderr, "\n    approve after restart: %d %s", r.status, r.body);
    http_reply_free(&r);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("signer", suite_init, suite_clean);
    CU_add_test(s, "each algorithm signs with a key activated while tierd runs",
                test_each_algorithm_signs_with_a_key_activated_while_tierd_runs);
    CU_add_test(s, "no private key is in tierd's memory and all are in the signer's",
                test_no_private_key_is_in_tierd_memory_and_all_are_in_the_signer);
    CU_add_test(s, "a dead signer makes approvals 503 and /healthz say so until it is back",
                test_a_dead_signer_makes_approvals_503_and_healthz_say_so_until_it_is_back);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed() +
             CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
