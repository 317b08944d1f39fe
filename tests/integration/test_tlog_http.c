/*
 * test_tlog_http.c — the transparency log through a real tierd (issue 18):
 * checkpoints signed by the log key, proofs and bundles over HTTP, and
 * `tierctl log monitor` catching history rewritten with SQL.
 *
 * The monitor keeps the checkpoint it last verified; then the database is
 * changed behind tierd's back as an attacker holding it would (a
 * certificate's leaf rewritten and the tree recomputed, a revocation's leaf
 * deleted and the size moved back), and the monitor, holding the earlier
 * checkpoint, must raise the alarm (exit 1).
 */
#include "harness.h"

#include "tier/tlog.h"
#include "tier/uscc.h"
#include "tier/tlog_checkpoint.h"

#include <CUnit/Basic.h>
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SAMPLE "tests/data/high-tech/eligible.xml" /* 青岛 370200 */

static char admin[128], province[128], qingdao[128];
static char state[700], logpub[700], signpub[800], rootpub[700];

static int suite_init(void)
{
    char *out = NULL;
    int rc;

    if (harness_start() != 0)
        return -1;
    if (harness_account("admin", "--role admin", admin, sizeof admin) != 0 ||
        harness_account("province", "--role province-reviewer", province, sizeof province) ||
        harness_account("qingdao", "--role city-reviewer --city 370200", qingdao,
                        sizeof qingdao) != 0)
        return -1;
    rc = harness_sh(&out, "id=$(%s key generate --alg ed25519 --out '%s/keys' 2>/dev/null) && "
                          "%s key activate $id >/dev/null && echo $id",
                    harness_bin("tierctl"), harness_dir(), harness_bin("tierctl"));
    if (rc != 0)
        fprintf(stderr, "test_tlog_http: key: %s\n", out ? out : "");
    snprintf(signpub, sizeof signpub, "%s/keys/%.64s.pub.pem", harness_dir(), out ? out : "");
    free(out);
    snprintf(state, sizeof state, "%s/monitor.state", harness_dir());
    snprintf(logpub, sizeof logpub, "%s/keys/log.pub.pem", harness_dir());
    /* the development root scripts/db configures (dev-root-dir): the
     * harness's log key and the key above were certified with it */
    snprintf(rootpub, sizeof rootpub, "%s/dev-root/root.pub.pem", harness_dir());
    return rc;
}

static int suite_clean(void)
{
    return harness_stop();
}

/* The size of the newest checkpoint, waiting up to 15 s for one of at
 * least `want`; -1 when none came. */
static long checkpoint_at_least(long want)
{
    for (int i = 0; i < 150; i++) {
        struct http_reply r;
        long size = -1;

        http_req("", "GET", "/v1/log/checkpoint", NULL, NULL, 0, &r);
        if (r.status == 200 && r.body != NULL) {
            const char *nl = strchr(r.body, '\n');
            size = nl ? atol(nl + 1) : -1;
        }
        http_reply_free(&r);
        if (size >= want)
            return size;
        usleep(100000);
    }
    return -1;
}

/* Submit the sample, recommend, approve: the serial into out. */
static int issue(char *serial, size_t n)
{
    struct http_reply r;
    char path[96], loc[128], id[32];
    size_t len = 0;
    char *doc = harness_slurp(SAMPLE, &len), *copy;
    static int variant;
    static const char rec[] = "<decision xmlns=\"urn:tierd:decision:1\"><action>recommend"
                              "</action><comment>推荐</comment></decision>";
    static const char app[] = "<decision xmlns=\"urn:tierd:decision:1\"><action>approve"
                              "</action></decision>";
    const char *p;
    int ok;

    copy = doc ? realloc(doc, len + 64) : NULL;
    if (copy == NULL) {
        free(doc);
        return -1;
    }
    len += (size_t)snprintf(copy + len, 64, "\n<!-- copy %d -->\n", ++variant);
    /* another enterprise each time: one valid title per enterprise and tier */
    {
        char u[19];
        char *at = strstr(copy, "<uscc>");
        snprintf(u, sizeof u, "91370213MA3J9K%02d", variant % 100);
        u[16] = uscc_org_check_char(u + 8);
        u[17] = uscc_check_char(u);
        u[18] = '\0';
        if (at == NULL || u[16] == 0 || u[17] == 0) {
            free(copy);
            return -1;
        }
        memcpy(at + 6, u, 18);
    }
    http_req(admin, "POST", "/v1/submissions", "application/xml", copy, len, &r);
    free(copy);
    ok = r.status == 201;
    http_reply_header(&r, "Location", loc, sizeof loc);
    http_reply_free(&r);
    if (!ok)
        return -1;
    snprintf(id, sizeof id, "%.31s", loc + 16);
    snprintf(path, sizeof path, "/v1/submissions/%s/decisions", id);
    http_req(qingdao, "POST", path, "application/xml", rec, sizeof rec - 1, &r);
    ok = r.status == 201;
    http_reply_free(&r);
    if (!ok)
        return -1;
    http_req(province, "POST", path, "application/xml", app, sizeof app - 1, &r);
    p = r.status == 201 && r.body ? strstr(r.body, "serial=\"") : NULL;
    if (p != NULL)
        snprintf(serial, n, "%.*s", (int)strcspn(p + 8, "\""), p + 8);
    http_reply_free(&r);
    return p ? 0 : -1;
}

static char monitor_said[2048];

/* tierctl log monitor with the kept state, the log key given (--key) or
 * taken from the root (--root: every served key must be certified by it). */
static int run_monitor(const char *opt, const char *file)
{
    char *out = NULL;
    int rc = harness_sh(&out, "%s log monitor http://127.0.0.1:%d --state '%s' %s '%s'",
                        harness_bin("tierctl"), harness_port(), state, opt, file);

    if (rc != 0 && rc != 1)
        fprintf(stderr, "\n    monitor %s (%d): %s", opt, rc, out ? out : "");
    snprintf(monitor_said, sizeof monitor_said, "%s", out ? out : "");
    free(out);
    return rc;
}

static int monitor(void)
{
    return run_monitor("--key", logpub);
}

/* Fetch serial's bundle into DIR/bundle.txt and run verify --bundle on it:
 * its exit status, its output in verify_said. */
static char verify_said[2048];

static int verify_bundle(const char *serial)
{
    char q[128], file[800], *out = NULL;
    struct http_reply r;
    FILE *f;
    int rc;

    snprintf(q, sizeof q, "/v1/certificates/%s/bundle", serial);
    snprintf(file, sizeof file, "%s/bundle.txt", harness_dir());
    http_req("", "GET", q, NULL, NULL, 0, &r);
    f = r.status == 200 ? fopen(file, "wb") : NULL;
    if (f == NULL) {
        http_reply_free(&r);
        return -1;
    }
    fwrite(r.body, 1, r.len, f);
    fclose(f);
    http_reply_free(&r);
    rc = harness_sh(&out, "%s verify --bundle '%s' --key '%s' --log-key '%s'",
                    harness_bin("tierctl"), file, signpub, logpub);
    snprintf(verify_said, sizeof verify_said, "%s", out ? out : "");
    free(out);
    return rc;
}

static int db(const char *sql)
{
    char *out = NULL;
    int rc = harness_sh(&out, "scripts/db sql -e \"%s\"", sql);

    if (rc != 0)
        fprintf(stderr, "\n    sql: %s", out ? out : "");
    free(out);
    return rc;
}

static void test_the_empty_log_gets_a_checkpoint_signed_by_the_log_key(void)
{
    struct http_reply r;
    char *pem = NULL;
    size_t len = 0;

    CU_ASSERT(checkpoint_at_least(0) >= 0);
    http_req("", "GET", "/v1/log/checkpoint", NULL, NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(r.body ? strstr(r.body, "tierd.invalid/log\n") : NULL);
    CU_ASSERT_PTR_NOT_NULL(r.body ? strstr(r.body, "\n\n\xe2\x80\x94 tierd.invalid/log ") : NULL);
    http_reply_free(&r);
    pem = harness_slurp(logpub, &len);
    CU_ASSERT_PTR_NOT_NULL(pem);
    free(pem);
    CU_ASSERT_EQUAL(monitor(), 0); /* first run: keeps it */
}

static int monitor_root(void)
{
    return run_monitor("--root", rootpub);
}

/* verify --bundle on the bundle verify_bundle last fetched, from a root. */
static int verify_root(const char *root, const char *fingerprint)
{
    char *out = NULL, fp[160] = "";
    int rc;

    if (fingerprint != NULL)
        snprintf(fp, sizeof fp, "--root-fingerprint %.64s", fingerprint);
    rc = harness_sh(&out, "%s verify --bundle '%s/bundle.txt' --root '%s' %s",
                    harness_bin("tierctl"), harness_dir(), root, fp);
    snprintf(verify_said, sizeof verify_said, "%s", out ? out : "");
    free(out);
    return rc;
}

static long count_of(const char *sql)
{
    char *out = NULL;
    long n = -1;

    if (harness_sh(&out, "scripts/db sql -N -e \"%s\"", sql) == 0 && out != NULL)
        n = atol(out);
    free(out);
    return n;
}

/* Starting from the root alone, a bundle is checked end to end; another
 * root, or a fingerprint other than the published one, is refused. */
static void test_a_bundle_verifies_from_the_root_alone(void)
{
    char serial[64] = "", other[800], *out = NULL, fp[80];

    CU_ASSERT_EQUAL_FATAL(issue(serial, sizeof serial), 0);
    for (int i = 0; i < 150 && verify_bundle(serial) != 0; i++)
        usleep(100000); /* until its leaf is in a checkpoint */
    CU_ASSERT_EQUAL(verify_root(rootpub, NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(verify_said, "certified by root"));
    /* the fingerprint the province publishes: tierctl key show of the root */
    CU_ASSERT_EQUAL_FATAL(harness_sh(&out, "%s key show '%s'", harness_bin("tierctl"), rootpub),
                          0);
    snprintf(fp, sizeof fp, "%.64s", out ? out : "");
    free(out);
    out = NULL;
    CU_ASSERT_EQUAL(verify_root(rootpub, fp), 0);
    fp[0] = fp[0] == 'a' ? 'b' : 'a';
    CU_ASSERT_EQUAL(verify_root(rootpub, fp), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(verify_said, "not the published"));
    /* another root: the bundle's key certificates are not its */
    snprintf(other, sizeof other, "%s/other-root", harness_dir());
    CU_ASSERT_EQUAL_FATAL(harness_sh(NULL, "%s root generate --out '%s' >/dev/null 2>&1",
                                     harness_bin("tierctl"), other), 0);
    strncat(other, "/root.pub.pem", sizeof other - strlen(other) - 1);
    CU_ASSERT_EQUAL(verify_root(other, NULL), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(verify_said, "not by the trusted root"));
    /* the root's private key is refused unless it is the owner's alone */
    CU_ASSERT_EQUAL(harness_sh(&out, "chmod 644 '%s/other-root/root.key' && %s key certify "
                                     "--root '%s/other-root/root.key' --purpose log",
                               harness_dir(), harness_bin("tierctl"), harness_dir()), 1);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "mode 0644") : NULL);
    free(out);
    CU_ASSERT_EQUAL(monitor_root(), 0);
}

/* Copy the fenced block after `marker` in docs/transparency.md to
 * DIR/name. 0 when the copy is not empty. */
static int doc_block(const char *marker, const char *name)
{
    return harness_sh(NULL, "awk '/%s/ { f = 1; next } f && /^```/ { if (++n == 2) exit; next } "
                            "f && n == 1' docs/transparency.md > '%s/%s' && test -s '%s/%s'",
                      marker, harness_dir(), name, harness_dir(), name);
}

/* docs/transparency.md's checks, run as written on a bundle tierd served:
 * the Python script from the root alone, and openssl on a key certificate;
 * both refuse a bundle whose key certificate was changed. */
static void test_the_documented_offline_checks_accept_a_real_bundle_and_refuse_a_changed_one(void)
{
    char serial[64] = "", *out = NULL;
    const char *d = harness_dir();

    CU_ASSERT_EQUAL_FATAL(doc_block("tested: bundle-verify.py", "bundle-verify.py"), 0);
    CU_ASSERT_EQUAL_FATAL(doc_block("tested: keycert-openssl", "keycert.sh"), 0);
    CU_ASSERT_EQUAL_FATAL(issue(serial, sizeof serial), 0);
    for (int i = 0; i < 150 && verify_bundle(serial) != 0; i++)
        usleep(100000);
    CU_ASSERT_EQUAL(harness_sh(&out, "/usr/bin/python3 '%s/bundle-verify.py' '%s' "
                                     "'%s/bundle.txt'", d, rootpub, d), 0);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "OK: certificate ") : NULL);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "root fingerprint ") : NULL);
    free(out);
    out = NULL;
    /* the log key's certificate out of the bundle, checked with openssl */
    CU_ASSERT_EQUAL(harness_sh(&out, "cd '%s' && sed -n 's/^log-key-certificate //p' bundle.txt "
                                     "| base64 -d > log.cert && sh keycert.sh '%s' log.cert && "
                                     "cmp key.pub.pem keys/log.pub.pem",
                               d, rootpub), 0);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "Signature Verified Successfully") : NULL);
    free(out);
    out = NULL;
    /* the same certificate with another notAfter: both refuse it */
    CU_ASSERT_EQUAL(harness_sh(&out, "cd '%s' && sed -i 's/<notAfter>2/<notAfter>3/' log.cert && "
                                     "sh keycert.sh '%s' log.cert", d, rootpub), 1);
    free(out);
    out = NULL;
    CU_ASSERT_EQUAL(harness_sh(&out, "cd '%s' && awk '/^log-key-certificate / { "
                                     "print \"log-key-certificate \" c; next } { print }' "
                                     "c=\"$(base64 -w0 log.cert)\" bundle.txt > changed.txt && "
                                     "/usr/bin/python3 bundle-verify.py '%s' changed.txt",
                               d, rootpub), 1);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "REFUSED: the root's signature") : NULL);
    free(out);
}

/* A certificate issued before its signing key's certified period began (the
 * key certified again, from now on) does not verify from the root; the key
 * certified again as before, it does. */
static void test_a_certificate_outside_its_keys_certified_period_fails_from_the_root(void)
{
    char serial[64] = "", id[65], *out = NULL;
    const char *slash = strrchr(signpub, '/');

    CU_ASSERT_FATAL(slash != NULL);
    snprintf(id, sizeof id, "%.64s", slash + 1);
    CU_ASSERT_EQUAL_FATAL(issue(serial, sizeof serial), 0);
    for (int i = 0; i < 150 && verify_bundle(serial) != 0; i++)
        usleep(100000);
    CU_ASSERT_EQUAL(verify_root(rootpub, NULL), 0);
    sleep(1);
    CU_ASSERT_EQUAL(harness_sh(&out, "%s key certify --root '%s/dev-root/root.key' %s --days 1 "
                                     "--not-before $(date -u +%%Y-%%m-%%dT%%H:%%M:%%SZ)",
                               harness_bin("tierctl"), harness_dir(), id), 0);
    free(out);
    out = NULL;
    CU_ASSERT_EQUAL(verify_bundle(serial), 0); /* the fetched bundle carries the new one */
    CU_ASSERT_EQUAL(verify_root(rootpub, NULL), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(verify_said, "outside the period"));
    /* the development root certifies it again from 2000-01-01 */
    CU_ASSERT_EQUAL(harness_sh(&out, "%s key activate %s", harness_bin("tierctl"), id), 0);
    free(out);
    CU_ASSERT_EQUAL(verify_bundle(serial), 0);
    CU_ASSERT_EQUAL(verify_root(rootpub, NULL), 0);
}

/* A key row put in the database with SQL (the attacker's key) is
 * served as uncertified, and the monitor starting from the root raises the
 * alarm; so does a certificate the attacker's own root made for it. */
static void test_a_key_row_inserted_with_sql_is_an_alarm_for_the_monitor(void)
{
    char *out = NULL, id[65], q[1024], dir[700], *pem;
    struct http_reply r;
    size_t len = 0;

    CU_ASSERT_EQUAL_FATAL(monitor_root(), 0);
    snprintf(dir, sizeof dir, "%s/attacker", harness_dir());
    CU_ASSERT_EQUAL_FATAL(harness_sh(&out, "%s key generate --out '%s' 2>/dev/null",
                                     harness_bin("tierctl"), dir), 0);
    snprintf(id, sizeof id, "%.64s", out ? out : "");
    free(out);
    out = NULL;
    snprintf(q, sizeof q, "%s/%s.pub.pem", dir, id);
    pem = harness_slurp(q, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pem);
    snprintf(q, sizeof q, "INSERT INTO signing_keys (key_id, alg, public_pem) VALUES ('%s', "
                          "'ed25519', '%.*s')", id, (int)len, pem);
    free(pem);
    CU_ASSERT_EQUAL(db(q), 0);
    http_req("", "GET", "/v1/keys", NULL, NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    snprintf(q, sizeof q, "<key id=\"%s\" algorithm=\"ed25519\" active=\"false\" "
                          "certified=\"false\"", id);
    CU_ASSERT_PTR_NOT_NULL(r.body ? strstr(r.body, q) : NULL);
    http_reply_free(&r);
    CU_ASSERT_EQUAL(monitor_root(), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(monitor_said, "ALARM: signing key"));
    CU_ASSERT_PTR_NOT_NULL(strstr(monitor_said, "without a certificate from the root"));
    /* the attacker certifies it with a root of their own, straight into the table */
    CU_ASSERT_EQUAL(harness_sh(NULL, "%s root generate --out '%s/root' >/dev/null 2>&1",
                               harness_bin("tierctl"), dir), 0);
    CU_ASSERT_EQUAL(harness_sh(&out, "%s key certify --root '%s/root/root.key' "
                                     "--pub '%s/%s.pub.pem'", harness_bin("tierctl"), dir, dir,
                               id), 1);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "not by the trusted root") : NULL);
    free(out);
    out = NULL;
    snprintf(q, sizeof q, "INSERT INTO key_certificates (key_id, purpose, root_fingerprint, "
                          "document) SELECT '%s', 'signing', root_fingerprint, document FROM "
                          "key_certificates WHERE purpose = 'signing' LIMIT 1", id);
    CU_ASSERT_EQUAL(db(q), 0);
    CU_ASSERT_EQUAL(monitor_root(), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(monitor_said, "ALARM: "));
    /* activation does not take it either, nor would tierd serve it active */
    CU_ASSERT_EQUAL(count_of("SELECT COUNT(*) FROM signing_keys WHERE active = 1"), 1);
    snprintf(q, sizeof q, "DELETE FROM key_certificates WHERE key_id = '%s'; DELETE FROM "
                          "signing_keys WHERE key_id = '%s'", id, id);
    CU_ASSERT_EQUAL(db(q), 0);
    CU_ASSERT_EQUAL(monitor_root(), 0);
}

/* The active key's certificate rewritten in the database (a later
 * notAfter): the root's signature no longer holds, for verify --bundle
 * --root and for the monitor. */
static void test_a_key_certificate_rewritten_with_sql_fails_verify_and_monitor(void)
{
    char serial[64] = "";

    CU_ASSERT_EQUAL_FATAL(issue(serial, sizeof serial), 0);
    for (int i = 0; i < 150 && verify_bundle(serial) != 0; i++)
        usleep(100000);
    CU_ASSERT_EQUAL(verify_root(rootpub, NULL), 0);
    CU_ASSERT_EQUAL(db("CREATE TABLE kc_saved AS SELECT * FROM key_certificates; "
                       "UPDATE key_certificates SET document = REPLACE(document, '<notAfter>2', "
                       "'<notAfter>3') WHERE purpose = 'signing'"), 0);
    CU_ASSERT_EQUAL(verify_bundle(serial), 0); /* the keys given by hand: no root involved */
    CU_ASSERT_EQUAL(verify_root(rootpub, NULL), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(verify_said, "does not verify"));
    CU_ASSERT_EQUAL(monitor_root(), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(monitor_said, "is not certified by the root"));
    CU_ASSERT_EQUAL(db("DELETE FROM key_certificates; INSERT INTO key_certificates SELECT * "
                       "FROM kc_saved; DROP TABLE kc_saved"), 0);
    CU_ASSERT_EQUAL(monitor_root(), 0);
}

static void test_a_certificate_comes_with_a_bundle_whose_proof_verifies(void)
{
    char serial[64] = "", q[256], file[800];
    struct http_reply r;
    long size;

    CU_ASSERT_EQUAL_FATAL(issue(serial, sizeof serial), 0);
    size = checkpoint_at_least(2); /* the key's activation, the certificate */
    CU_ASSERT(size >= 2);
    snprintf(q, sizeof q, "/v1/certificates/%s/bundle", serial);
    http_req("", "GET", q, NULL, NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(r.body != NULL && strncmp(r.body, "tierd-bundle@v1\ncertificate ", 28) == 0);
    CU_ASSERT_PTR_NOT_NULL(r.body ? strstr(r.body, "\n\nc2sp.org/tlog-proof@v1\nindex ") : NULL);
    snprintf(file, sizeof file, "%s/bundle.txt", harness_dir());
    {
        FILE *f = fopen(file, "wb");
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        fwrite(r.body, 1, r.len, f);
        fclose(f);
    }
    http_reply_free(&r);
    snprintf(q, sizeof q, "/v1/log/proof/inclusion?serial=%s", serial);
    http_req("", "GET", q, NULL, NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    http_reply_free(&r);
    http_req("", "GET", "/v1/log/proof/inclusion?index=999999", NULL, NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 404);
    http_reply_free(&r);
    http_req("", "GET", "/v1/log/proof/consistency?old=1&size=2", NULL, NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(r.body != NULL && strncmp(r.body, "tierd-consistency@v1\nold 1\nsize 2\n", 34) == 0);
    http_reply_free(&r);
    http_req("", "GET", "/v1/log/entries?start=0&end=2", NULL, NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(r.body ? strstr(r.body, "<certificateIssued><serial>") : NULL);
    http_reply_free(&r);
    http_req("", "GET", "/v1/log/entries?start=x", NULL, NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 400);
    http_reply_free(&r);
    CU_ASSERT_EQUAL(monitor(), 0); /* grew consistently */
    CU_ASSERT_EQUAL(verify_bundle(serial), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(verify_said, "valid: certificate "));
}

static void test_a_certificate_row_rewritten_with_sql_fails_verify_bundle(void)
{
    char a[64] = "", b[64] = "", q[512];

    CU_ASSERT_EQUAL_FATAL(issue(a, sizeof a), 0);
    CU_ASSERT_EQUAL_FATAL(issue(b, sizeof b), 0);
    for (int i = 0; i < 150 && verify_bundle(b) != 0; i++)
        usleep(100000); /* until b's leaf is in a checkpoint */
    CU_ASSERT_EQUAL(verify_bundle(a), 0);
    /* the attacker puts b's (validly signed) document under a's serial */
    snprintf(q, sizeof q, "UPDATE certificates SET document = (SELECT document FROM (SELECT "
                          "document FROM certificates WHERE serial = '%s') x) WHERE serial = '%s'",
             b, a);
    CU_ASSERT_EQUAL(db(q), 0);
    CU_ASSERT_EQUAL(verify_bundle(a), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(verify_said, "not this certificate's issuance"));
}

static void test_a_revocation_is_a_leaf_and_the_monitor_follows(void)
{
    char serial[64] = "", path[128];
    static const char body[] = "<revocation xmlns=\"urn:tierd:revocation:1\"><reason>测试</reason>"
                               "</revocation>";
    struct http_reply r;
    char want[128];
    long before = checkpoint_at_least(0), size;

    CU_ASSERT_EQUAL_FATAL(issue(serial, sizeof serial), 0);
    snprintf(path, sizeof path, "/v1/certificates/%s/revocation", serial);
    http_req(province, "POST", path, "application/xml", body, sizeof body - 1, &r);
    CU_ASSERT_EQUAL(r.status, 201);
    http_reply_free(&r);
    size = checkpoint_at_least(before + 2);
    CU_ASSERT(size >= before + 2);
    CU_ASSERT_EQUAL(monitor(), 0);
    /* the list says how fresh it is: the revocations the log holds below the
     * newest checkpoint, that size, and when to fetch it again */
    http_req("", "GET", "/v1/revocations", NULL, NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    snprintf(want, sizeof want, " logSize=\"%ld\" ", size);
    CU_ASSERT_PTR_NOT_NULL(r.body ? strstr(r.body, want) : NULL);
    CU_ASSERT_PTR_NOT_NULL(r.body ? strstr(r.body, " sequence=\"1\"") : NULL);
    CU_ASSERT_PTR_NOT_NULL(r.body ? strstr(r.body, " nextUpdate=\"20") : NULL);
    CU_ASSERT_PTR_NOT_NULL(r.body ? strstr(r.body, serial) : NULL);
    http_reply_free(&r);
}

static void test_a_certificate_leaf_rewritten_with_sql_is_an_alarm_for_the_monitor(void)
{
    long size = checkpoint_at_least(0);

    CU_ASSERT_EQUAL_FATAL(monitor(), 0); /* keeps the checkpoint of the current size */
    CU_ASSERT_FATAL(size >= 2 && size < 16); /* no stored subtree above the leaves yet */
    /* the attacker rewrites a certificate's leaf (another document's hash), its
     * leaf hash too, and drops the checkpoints so tierd signs the new tree */
    CU_ASSERT_EQUAL(db("SET @i = (SELECT MIN(leaf_index) FROM tlog_entries WHERE kind = "
                       "'certificateIssued'); "
                       "UPDATE tlog_entries SET entry = REGEXP_REPLACE(entry, "
                       "'<certificateSha256>[0-9a-f]{64}', CONCAT('<certificateSha256>', "
                       "SHA2('forged', 256))) WHERE leaf_index = @i; "
                       "UPDATE tlog_entries SET leaf_hash = UNHEX(SHA2(CONCAT(X'00', entry), "
                       "256)) WHERE leaf_index = @i; "
                       "DELETE FROM tlog_checkpoints"),
                    0);
    CU_ASSERT(checkpoint_at_least(size) == size);
    CU_ASSERT_EQUAL(monitor(), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(monitor_said, "ALARM: split view"));
}

static void test_a_revocation_deleted_with_sql_is_an_alarm_for_the_monitor(void)
{
    long size = checkpoint_at_least(0);

    CU_ASSERT_FATAL(size >= 2);
    /* the attacker drops the last leaf (the revocation) and every later
     * checkpoint, moves the size back, and clears the row's revocation */
    CU_ASSERT_EQUAL(db("SET @n = (SELECT MAX(leaf_index) FROM tlog_entries WHERE kind = "
                       "'certificateRevoked'); "
                       "DELETE FROM tlog_entries WHERE leaf_index >= @n; "
                       "DELETE FROM tlog_nodes WHERE (idx + 1) * POW(2, level) > @n; "
                       "DELETE FROM tlog_checkpoints WHERE tree_size > @n; "
                       "UPDATE tlog_head SET size = @n; "
                       "UPDATE certificates SET revoked_at = NULL, revocation_reason = NULL"),
                    0);
    /* tierd signs the smaller tree again: a rollback for whoever kept the bigger one */
    sleep(3);
    CU_ASSERT_EQUAL(monitor(), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(monitor_said, "ALARM: rolled back"));
}

int main(void)
{
    CU_pSuite s;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("tlog_http", suite_init, suite_clean);
    CU_add_test(s, "the empty log gets a checkpoint signed by the log key",
                test_the_empty_log_gets_a_checkpoint_signed_by_the_log_key);
    CU_add_test(s, "a certificate comes with a bundle whose proof verifies",
                test_a_certificate_comes_with_a_bundle_whose_proof_verifies);
    CU_add_test(s, "a bundle verifies from the root alone",
                test_a_bundle_verifies_from_the_root_alone);
    CU_add_test(s, "the documented offline checks accept a real bundle and refuse a changed one",
                test_the_documented_offline_checks_accept_a_real_bundle_and_refuse_a_changed_one);
    CU_add_test(s, "a certificate outside its key's certified period fails from the root",
                test_a_certificate_outside_its_keys_certified_period_fails_from_the_root);
    CU_add_test(s, "a key row inserted with SQL is an alarm for the monitor",
                test_a_key_row_inserted_with_sql_is_an_alarm_for_the_monitor);
    CU_add_test(s, "a key certificate rewritten with SQL fails verify and monitor",
                test_a_key_certificate_rewritten_with_sql_fails_verify_and_monitor);
    CU_add_test(s, "a certificate row rewritten with SQL fails verify --bundle",
                test_a_certificate_row_rewritten_with_sql_fails_verify_bundle);
    CU_add_test(s, "a revocation is a leaf and the monitor follows",
                test_a_revocation_is_a_leaf_and_the_monitor_follows);
    CU_add_test(s, "a certificate leaf rewritten with SQL is an alarm for the monitor",
                test_a_certificate_leaf_rewritten_with_sql_is_an_alarm_for_the_monitor);
    CU_add_test(s, "a revocation deleted with SQL is an alarm for the monitor",
                test_a_revocation_deleted_with_sql_is_an_alarm_for_the_monitor);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    {
        unsigned int failed = CU_get_number_of_tests_failed();
        CU_cleanup_registry();
        return failed ? 1 : 0;
    }
}
