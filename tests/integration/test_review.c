/*
 * test_review.c — the review workflow and signed certificates over HTTP
 * against a real tierd and MariaDB: the full path for every tier, refusals
 * for the wrong role, city or order, concurrent decisions, prerequisites
 * re-checked at approval, revocation, key rotation, and certificates that
 * verify with tierctl and with the README's openssl commands but not after
 * tampering.
 */
#include "harness.h"

#include <CUnit/Basic.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tier/city.h"

static char admin[128], province[128], province2[128], jinan[128], qingdao[128], ent_a[128];
static char city_tok[CITY_COUNT][128];
static char key_dir[600];
static char first_pub[700]; /* the ed25519 key's public file */
static char cert_a[64];     /* a certificate issued early, for tampering tests */

static const char *city_token(const char *city)
{
    const struct city *all = city_all();
    for (int i = 0; i < CITY_COUNT; i++) {
        if (strcmp(all[i].code, city) == 0)
            return city_tok[i];
    }
    return "";
}

static int key_new(const char *alg, char *id, size_t n)
{
    char *out = NULL;
    int rc = harness_sh(&out, "%s key generate --alg %s --out '%s' 2>/dev/null | head -1",
                        harness_bin("tierctl"), alg, key_dir);

    if (rc != 0 || out == NULL) {
        fprintf(stderr, "test_review: key generate: %s\n", out ? out : "");
        free(out);
        return -1;
    }
    snprintf(id, n, "%.64s", out);
    free(out);
    out = NULL;
    rc = harness_sh(&out, "%s key activate %s", harness_bin("tierctl"), id);
    if (rc != 0)
        fprintf(stderr, "test_review: key activate: %s\n", out ? out : "");
    free(out);
    return rc;
}

static int suite_init(void)
{
    const struct city *all = city_all();
    char id[80];

    if (harness_start() != 0)
        return -1;
    snprintf(key_dir, sizeof key_dir, "%s/keys", harness_dir());
    if (harness_account("admin", "--role admin", admin, sizeof admin) != 0 ||
        harness_account("province", "--role province-reviewer", province, sizeof province) ||
        harness_account("province2", "--role province-reviewer", province2, sizeof province2) ||
        harness_account("ent-a", "--role enterprise --uscc 91370102MA3C4D5E7Q", ent_a,
                        sizeof ent_a)) {
        fprintf(stderr, "test_review: cannot add the accounts\n");
        return -1;
    }
    for (int i = 0; i < CITY_COUNT; i++) {
        char name[32], args[64];
        snprintf(name, sizeof name, "city-%s", all[i].code);
        snprintf(args, sizeof args, "--role city-reviewer --city %s", all[i].code);
        if (harness_account(name, args, city_tok[i], sizeof city_tok[i]) != 0) {
            fprintf(stderr, "test_review: cannot add %s\n", name);
            return -1;
        }
    }
    snprintf(jinan, sizeof jinan, "%s", city_token("370100"));
    snprintf(qingdao, sizeof qingdao, "%s", city_token("370200"));
    if (key_new("ed25519", id, sizeof id) != 0) {
        fprintf(stderr, "test_review: cannot generate and activate a key in %s\n", key_dir);
        return -1;
    }
    snprintf(first_pub, sizeof first_pub, "%s/%s.pub.pem", key_dir, id);
    return 0;
}

static int suite_clean(void)
{
    return harness_stop();
}

/* Post a document as admin; the new id and the receipt's status and city. */
static int post_doc(const char *doc, size_t len, char *id, char *status, char *city)
{
    struct http_reply r;
    char loc[128];
    const char *p;

    http_req(admin, "POST", "/v1/submissions", "application/xml", doc, len, &r);
    if (r.status != 201) {
        fprintf(stderr, "\n    post: %d %s", r.status, r.body ? r.body : "");
        http_reply_free(&r);
        return -1;
    }
    http_reply_header(&r, "Location", loc, sizeof loc);
    snprintf(id, 32, "%.31s", loc + 16);
    p = strstr(r.body, "<status>");
    snprintf(status, 17, "%.*s", (int)strcspn(p + 8, "<"), p + 8);
    harness_attr(r.body, "city", city, 7);
    http_reply_free(&r);
    return 0;
}

static int post_file(const char *path, char *id, char *status, char *city)
{
    size_t len = 0;
    char *doc = harness_slurp(path, &len);
    int rc = doc ? post_doc(doc, len, id, status, city) : -1;
    free(doc);
    return rc;
}

static int decide(const char *token, const char *id, const char *action, const char *comment,
                  const char *override, struct http_reply *r)
{
    char body[2048], path[96];
    int n = snprintf(body, sizeof body, "<decision xmlns=\"urn:tierd:decision:1\"><action>%s"
                                        "</action>", action);

    if (comment)
        n += snprintf(body + n, sizeof body - (size_t)n, "<comment>%s</comment>", comment);
    if (override)
        n += snprintf(body + n, sizeof body - (size_t)n, "<overrideReason>%s</overrideReason>",
                      override);
    n += snprintf(body + n, sizeof body - (size_t)n, "</decision>");
    snprintf(path, sizeof path, "/v1/submissions/%s/decisions", id);
    return http_req(token, "POST", path, "application/xml", body, (size_t)n, r);
}

/* Recommend (with an override when ineligible) and approve; the serial. */
static int approve(const char *id, const char *status, const char *city, char *serial)
{
    struct http_reply r;
    int ok;

    decide(city_token(city), id, "recommend", "推荐", strcmp(status, "ineligible") == 0
                                                           ? "复核材料后推荐 (override by test)"
                                                           : NULL, &r);
    ok = r.status == 201;
    if (!ok)
        fprintf(stderr, "\n    recommend %s: %d %s", id, r.status, r.body ? r.body : "");
    http_reply_free(&r);
    if (!ok)
        return -1;
    decide(province, id, "approve", NULL, NULL, &r);
    ok = r.status == 201 && harness_attr(r.body, "serial", serial, 64) != NULL;
    if (!ok)
        fprintf(stderr, "\n    approve %s: %d %s", id, r.status, r.body ? r.body : "");
    http_reply_free(&r);
    return ok ? 0 : -1;
}

/* Fetch a certificate document into file; 0 or -1. */
static int fetch_cert(const char *serial, const char *file)
{
    struct http_reply r;
    char path[128];
    FILE *f;
    int ok;

    snprintf(path, sizeof path, "/v1/certificates/%s/document", serial);
    http_req("", "GET", path, NULL, NULL, 0, &r);
    ok = r.status == 200 && (f = fopen(file, "wb")) != NULL;
    if (ok) {
        fwrite(r.body, 1, r.len, f);
        fclose(f);
    }
    http_reply_free(&r);
    return ok ? 0 : -1;
}

static int verify(const char *file, const char *pub)
{
    return harness_sh(NULL, "%s verify '%s' --key '%s'", harness_bin("tierctl"), file, pub);
}

/* Same USCC and division for a prerequisite chain: the 2026 小巨人 sample's. */
static char *retarget(const char *path, size_t *len)
{
    char *d = harness_slurp(path, len), *u, *v;

    if (d == NULL)
        return NULL;
    u = strstr(d, "<uscc>");
    v = strstr(d, "<division>");
    if (u == NULL || v == NULL) {
        free(d);
        return NULL;
    }
    memcpy(u + 6, "91370203MA3T1U2W06", 18);
    memcpy(v + 10, "370203", 6);
    return d;
}

static void test_every_tier_goes_from_submission_to_a_verified_certificate(void)
{
    static const char *const files[] = {
        "tests/data/innovative-sme/eligible.xml",   "tests/data/tech-sme/eligible.xml",
        "tests/data/specialized-sme/eligible.xml",  "tests/data/little-giant/eligible.xml",
        "tests/data/single-champion/eligible.xml",  "tests/data/leading/eligible.xml",
        "tests/data/high-tech/eligible.xml",        "tests/data/gazelle/eligible.xml",
        "tests/data/unicorn/eligible.xml",
    };
    /* the 2026 chain for one enterprise: 科技和创新型 -> 专精特新 -> 小巨人 */
    static const char *const chain[] = {
        "tests/data/tech-innovative-sme/eligible-2026.xml",
        "tests/data/specialized-sme/eligible-2026.xml",
        "tests/data/little-giant/eligible-2026.xml",
    };
    char id[32], status[17], city[7], serial[64], file[700];

    for (size_t i = 0; i < sizeof files / sizeof files[0] + 3; i++) {
        int rc;
        if (i < sizeof files / sizeof files[0]) {
            rc = post_file(files[i], id, status, city);
        } else {
            size_t len;
            char *d = retarget(chain[i - sizeof files / sizeof files[0]], &len);
            rc = d ? post_doc(d, len, id, status, city) : -1;
            free(d);
        }
        CU_ASSERT_EQUAL(rc, 0);
        if (rc != 0)
            continue;
        rc = approve(id, status, city, serial);
        CU_ASSERT_EQUAL(rc, 0);
        if (rc != 0)
            continue;
        snprintf(file, sizeof file, "%s/cert-%s.xml", harness_dir(), serial);
        CU_ASSERT_EQUAL(fetch_cert(serial, file), 0);
        CU_ASSERT_EQUAL(verify(file, first_pub), 0);
        if (cert_a[0] == '\0')
            snprintf(cert_a, sizeof cert_a, "%s", serial);
    }
}

static void test_wrong_role_city_or_order_is_refused(void)
{
    struct http_reply r;
    char id[32], status[17], city[7];
    size_t len;
    char *doc = harness_slurp("tests/data/specialized-sme/eligible.xml", &len), *copy;

    /* a fresh copy of A's document (one more trailing newline) */
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    copy = realloc(doc, len + 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
    strcpy(copy + len, "\n");
    CU_ASSERT_EQUAL_FATAL(post_doc(copy, len + 1, id, status, city), 0);
    free(copy);
    CU_ASSERT_STRING_EQUAL(city, "370100");

    decide(ent_a, id, "recommend", "x", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 403); /* enterprises never decide */
    http_reply_free(&r);
    decide(admin, id, "recommend", "x", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 403); /* admins never decide */
    http_reply_free(&r);
    decide(qingdao, id, "recommend", "x", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 404); /* another city's: not yours, as if absent (issue 13) */
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "not-found"));
    http_reply_free(&r);
    decide(province, id, "recommend", "x", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 403); /* the province does not recommend */
    http_reply_free(&r);
    decide(province, id, "approve", NULL, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 409); /* not recommended yet */
    http_reply_free(&r);
    decide(jinan, id, "return", NULL, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 422); /* a return needs reasons */
    http_reply_free(&r);
    decide(jinan, id, "approve", NULL, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 403); /* a city reviewer does not approve */
    http_reply_free(&r);
    decide(jinan, id, "recommend", "材料齐全", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 201);
    http_reply_free(&r);
    decide(jinan, id, "recommend", "again", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 409); /* already recommended */
    http_reply_free(&r);
    decide(province, id, "reject", "   ", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 422); /* a rejection needs a reason */
    http_reply_free(&r);
    decide(province, id, "reject", "市场占有率证明不足", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 201);
    http_reply_free(&r);
    decide(province, id, "approve", NULL, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 409); /* rejected is final */
    http_reply_free(&r);
    {
        char path[96];
        snprintf(path, sizeof path, "/v1/submissions/%s/decisions", id);
        http_req(ent_a, "GET", path, NULL, NULL, 0, &r);
        CU_ASSERT_EQUAL(r.status, 200);
        CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "action=\"reject\""));
        CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "市场占有率证明不足"));
        http_reply_free(&r);
        http_req(qingdao, "GET", path, NULL, NULL, 0, &r);
        CU_ASSERT_EQUAL(r.status, 404);
        http_reply_free(&r);
    }
}

static void test_ineligible_needs_an_override_reason_to_be_recommended(void)
{
    struct http_reply r;
    char id[32], status[17], city[7];
    size_t len;
    char *doc;

    /* An enterprise with no 专精特新 title posting a 2026 小巨人 application:
     * the rules find the prerequisite missing, so it is ineligible. (The
     * USCC is the 专精特新 2026 sample's, which holds no title here.) */
    doc = harness_slurp("tests/data/little-giant/eligible-2026.xml", &len);
    memcpy(strstr(doc, "<uscc>") + 6, "91370112MA3L7M8N9D", 18);
    memcpy(strstr(doc, "<division>") + 10, "370112", 6);
    CU_ASSERT_EQUAL_FATAL(post_doc(doc, len, id, status, city), 0);
    free(doc);
    CU_ASSERT_STRING_EQUAL(status, "ineligible");
    decide(city_token(city), id, "recommend", "ok", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 422);
    http_reply_free(&r);
    decide(city_token(city), id, "recommend", "ok", "专家评审认为符合 (experts judged it fit)", &r);
    CU_ASSERT_EQUAL(r.status, 201);
    http_reply_free(&r);
    /* the prerequisite is checked again at approval: still not held */
    decide(province, id, "approve", NULL, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 409);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "prerequisite"));
    http_reply_free(&r);
}

struct racer {
    pthread_t th;
    const char *token, *id;
    int status;
};

static void *race(void *arg)
{
    struct racer *x = arg;
    struct http_reply r;

    decide(x->token, x->id, "approve", NULL, NULL, &r);
    x->status = r.status;
    http_reply_free(&r);
    return NULL;
}

static void test_two_reviewers_at_once_exactly_one_wins(void)
{
    struct racer a, b;
    struct http_reply r;
    char id[32], status[17], city[7], *out = NULL;

    {
        /* the gazelle sample was posted above: post a fresh variant */
        size_t len;
        char *doc = harness_slurp("tests/data/gazelle/eligible.xml", &len), *c2;
        c2 = realloc(doc, len + 3);
        strcpy(c2 + len, "\n\n");
        CU_ASSERT_EQUAL_FATAL(post_doc(c2, len + 2, id, status, city), 0);
        free(c2);
    }
    decide(city_token(city), id, "recommend", "ok", NULL, &r);
    CU_ASSERT_EQUAL_FATAL(r.status, 201);
    http_reply_free(&r);
    a.token = province;
    b.token = province2;
    a.id = b.id = id;
    pthread_create(&a.th, NULL, race, &a);
    pthread_create(&b.th, NULL, race, &b);
    pthread_join(a.th, NULL);
    pthread_join(b.th, NULL);
    CU_ASSERT((a.status == 201 && b.status == 409) || (a.status == 409 && b.status == 201));
    CU_ASSERT_EQUAL(harness_sh(&out, "scripts/db sql -N -e 'SELECT COUNT(*) FROM certificates "
                                     "WHERE submission_id = %s'", id), 0);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "1") : NULL);
    free(out);
}

/* Write a tampered copy of file: replace the first `from` with `to`. */
static int tamper(const char *file, const char *out, const char *from, const char *to)
{
    size_t len;
    char *d = harness_slurp(file, &len), *p;
    FILE *f;

    if (d == NULL || (p = strstr(d, from)) == NULL) {
        free(d);
        return -1;
    }
    f = fopen(out, "wb");
    fwrite(d, 1, (size_t)(p - d), f);
    fputs(to, f);
    fputs(p + strlen(from), f);
    fclose(f);
    free(d);
    return 0;
}

static void test_tampered_certificates_fail_verification(void)
{
    char a[700], b[700], t[700], other_sig[200], *p;
    struct http_reply r;
    size_t len;
    char *doc;

    CU_ASSERT_FATAL(cert_a[0] != '\0');
    snprintf(a, sizeof a, "%s/cert-%s.xml", harness_dir(), cert_a);
    snprintf(t, sizeof t, "%s/tampered.xml", harness_dir());
    CU_ASSERT_EQUAL(verify(a, first_pub), 0);
    /* with public-url set, a valid certificate's public check page is printed */
    {
        char *out = NULL, want[300];

        CU_ASSERT_EQUAL(harness_sh(&out, "c=%s/public-url.conf; { cat \"$TIERD_CONFIG\"; "
                                         "echo 'public-url = https://registry.example.cn/'; } >$c; "
                                         "%s --config $c verify '%s' --key '%s'",
                                   harness_dir(), harness_bin("tierctl"), a, first_pub),
                        0);
        snprintf(want, sizeof want,
                 "\ncheck online (revocation shows there): https://registry.example.cn/check/%s\n",
                 cert_a);
        if (out == NULL || strstr(out, want) == NULL)
            fprintf(stderr, "\n    verify with public-url: %s", out ? out : "");
        CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, want) : NULL);
        free(out);
        /* without it, no such line */
        CU_ASSERT_EQUAL(harness_sh(&out, "%s verify '%s' --key '%s'", harness_bin("tierctl"), a,
                                   first_pub),
                        0);
        CU_ASSERT_PTR_NULL(out ? strstr(out, "check online") : "no output");
        free(out);
    }
    /* one changed character in the name */
    CU_ASSERT_EQUAL(tamper(a, t, "（测试）", "（测识）"), 0);
    CU_ASSERT_EQUAL(verify(t, first_pub), 1);
    /* a changed date */
    doc = harness_slurp(a, &len);
    p = strstr(doc, "<validUntil>");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    {
        char from[32], to[32];
        snprintf(from, sizeof from, "<validUntil>%.4s", p + 12);
        snprintf(to, sizeof to, "<validUntil>%d", atoi(p + 12) + 1);
        CU_ASSERT_EQUAL(tamper(a, t, from, to), 0);
        CU_ASSERT_EQUAL(verify(t, first_pub), 1);
    }
    /* a signature moved from another certificate */
    http_req(admin, "GET", "/v1/submissions?status=approved&limit=5", NULL, NULL, 0, &r);
    {
        /* take any other certificate issued with the same key */
        char *out = NULL;
        harness_sh(&out, "ls '%s' | grep '^cert-' | grep -v '%s' | head -1", harness_dir(),
                   cert_a);
        CU_ASSERT_PTR_NOT_NULL_FATAL(out);
        out[strcspn(out, "\n")] = '\0';
        snprintf(b, sizeof b, "%s/%s", harness_dir(), out);
        free(out);
    }
    http_reply_free(&r);
    {
        size_t blen;
        char *bd = harness_slurp(b, &blen), *s1 = strstr(doc, "\">"), *s2;
        char *sa = strstr(doc, "<signature"), *sb = strstr(bd, "<signature");
        CU_ASSERT_PTR_NOT_NULL_FATAL(sa);
        CU_ASSERT_PTR_NOT_NULL_FATAL(sb);
        sa = strstr(sa, "\">") + 2;
        sb = strstr(sb, "\">") + 2;
        s2 = strstr(sb, "</signature>");
        snprintf(other_sig, sizeof other_sig, "%.*s", (int)(s2 - sb), sb);
        {
            char cur[200];
            snprintf(cur, sizeof cur, "%.*s", (int)(strstr(sa, "</signature>") - sa), sa);
            CU_ASSERT_EQUAL(tamper(a, t, cur, other_sig), 0);
            CU_ASSERT_EQUAL(verify(t, first_pub), 1);
        }
        (void)s1;
        free(bd);
    }
    /* a key id swapped (to another key's id) */
    {
        char *kid = strstr(doc, "<keyId>");
        char from[80], to[80];
        CU_ASSERT_PTR_NOT_NULL_FATAL(kid);
        snprintf(from, sizeof from, "<keyId>%.64s", kid + 7);
        snprintf(to, sizeof to, "<keyId>%.63s%c", kid + 7, kid[7 + 63] == '0' ? '1' : '0');
        CU_ASSERT_EQUAL(tamper(a, t, from, to), 0);
        CU_ASSERT_EQUAL(verify(t, first_pub), 1);
    }
    free(doc);
    /* the wrong key: a fresh key that never signed anything */
    {
        char *out = NULL, other[700];
        harness_sh(&out, "%s key generate --alg ed25519 --out '%s/spare' 2>/dev/null | head -1",
                   harness_bin("tierctl"), harness_dir());
        CU_ASSERT_PTR_NOT_NULL_FATAL(out);
        snprintf(other, sizeof other, "%s/spare/%.64s.pub.pem", harness_dir(), out);
        free(out);
        CU_ASSERT_EQUAL(verify(a, other), 1);
    }
}

/* The README's standard-tools check (docs/verify.md, blocks marked tested),
 * run on a certificate that tierd issued. */
static int openssl_check(const char *cert, const char *pub, int sm2)
{
    return harness_sh(NULL,
                      "cd '%s' && awk -v sm2=%d '"
                      "/<!-- tested -->/ {grab=1; next} "
                      "/<!-- tested-sm2 -->/ {grab=sm2; next} "
                      "grab && /^```sh/ {inb=1; next} "
                      "inb && /^```/ {inb=0; grab=0; next} "
                      "inb {print}' '%s/docs/verify.md' > verify-cert.sh && "
                      "sh verify-cert.sh '%s' '%s' '%s/xsd/certificate.xsd'",
                      harness_dir(), sm2, getenv("PWD") ? getenv("PWD") : ".", cert, pub,
                      getenv("PWD") ? getenv("PWD") : ".");
}

static void test_each_algorithm_verifies_with_tierctl_and_with_openssl(void)
{
    static const char *const algs[] = {"ed25519", "sm2", "p256"};

    for (size_t i = 0; i < 3; i++) {
        char kid[80], pub[700], id[32], status[17], city[7], serial[64], file[700], t[700];
        size_t len;
        char *doc, *c2;

        CU_ASSERT_EQUAL_FATAL(key_new(algs[i], kid, sizeof kid), 0);
        snprintf(pub, sizeof pub, "%s/%s.pub.pem", key_dir, kid);
        doc = harness_slurp("tests/data/high-tech/eligible.xml", &len);
        c2 = realloc(doc, len + 8);
        memset(c2 + len, '\n', i + 3);
        c2[len + i + 3] = '\0';
        CU_ASSERT_EQUAL_FATAL(post_doc(c2, len + i + 3, id, status, city), 0);
        free(c2);
        CU_ASSERT_EQUAL_FATAL(approve(id, status, city, serial), 0);
        snprintf(file, sizeof file, "%s/alg-%s.xml", harness_dir(), algs[i]);
        CU_ASSERT_EQUAL_FATAL(fetch_cert(serial, file), 0);
        CU_ASSERT_EQUAL(verify(file, pub), 0);
        CU_ASSERT_EQUAL(openssl_check(file, pub, strcmp(algs[i], "sm2") == 0), 0);
        snprintf(t, sizeof t, "%s/alg-%s-tampered.xml", harness_dir(), algs[i]);
        CU_ASSERT_EQUAL(tamper(file, t, "（测试）", "（测识）"), 0);
        CU_ASSERT_NOT_EQUAL(openssl_check(t, pub, strcmp(algs[i], "sm2") == 0), 0);
        CU_ASSERT_EQUAL(verify(t, pub), 1);
    }
    /* certificates signed with the earlier key keep verifying */
    {
        char a[700];
        snprintf(a, sizeof a, "%s/cert-%s.xml", harness_dir(), cert_a);
        CU_ASSERT_EQUAL(verify(a, first_pub), 0);
    }
}

static void test_a_returned_application_is_corrected_by_a_linked_one(void)
{
    struct http_reply r;
    char id[32], status[17], city[7], path[128], loc[128];
    size_t len;
    char *doc = harness_slurp("tests/data/unicorn/eligible.xml", &len), *c2;

    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    c2 = realloc(doc, len + 8);
    strcpy(c2 + len, "\n\n");
    CU_ASSERT_EQUAL_FATAL(post_doc(c2, len + 2, id, status, city), 0);
    /* not returned yet: it cannot be replaced */
    snprintf(path, sizeof path, "/v1/submissions?replaces=%s", id);
    strcpy(c2 + len, "\n\n\n");
    http_req(admin, "POST", path, "application/xml", c2, len + 3, &r);
    CU_ASSERT_EQUAL(r.status, 409);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "only a returned application"));
    http_reply_free(&r);
    decide(city_token(city), id, "return", "请补充估值报告", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 201);
    http_reply_free(&r);
    http_req(admin, "POST", path, "application/xml", c2, len + 3, &r);
    CU_ASSERT_EQUAL(r.status, 201);
    CU_ASSERT_PTR_NOT_NULL(http_reply_header(&r, "Location", loc, sizeof loc));
    {
        char want[160];
        snprintf(want, sizeof want, "<replaces href=\"/v1/submissions/%s\">%s</replaces>", id,
                 id);
        CU_ASSERT_PTR_NOT_NULL(strstr(r.body, want));
    }
    http_reply_free(&r);
    /* a returned application is corrected once */
    strcpy(c2 + len, "\n\n\n\n");
    http_req(admin, "POST", path, "application/xml", c2, len + 4, &r);
    CU_ASSERT_EQUAL(r.status, 409);
    http_reply_free(&r);
    /* another tier's document cannot replace it */
    free(c2);
    doc = harness_slurp("tests/data/gazelle/eligible.xml", &len);
    c2 = realloc(doc, len + 6);
    strcpy(c2 + len, "\n\n\n\n\n");
    http_req(admin, "POST", path, "application/xml", c2, len + 5, &r);
    CU_ASSERT(r.status == 404 || r.status == 409);
    http_reply_free(&r);
    free(c2);
}

static void test_keys_are_public_with_their_period_of_use(void)
{
    struct http_reply r;

    http_req("", "GET", "/v1/keys", NULL, NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "algorithm=\"ed25519\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "algorithm=\"sm2\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "algorithm=\"p256\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "inUseUntil="));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "BEGIN PUBLIC KEY"));
    http_reply_free(&r);
}

static void test_revocation_needs_a_province_reviewer_and_a_reason(void)
{
    struct http_reply r;
    char path[128];
    static const char why[] = "<revocation xmlns=\"urn:tierd:revocation:1\"><reason>数据造假"
                              "(data fraud)</reason></revocation>";
    static const char none[] = "<revocation xmlns=\"urn:tierd:revocation:1\"><reason> </reason>"
                               "</revocation>";

    snprintf(path, sizeof path, "/v1/certificates/%s/revocation", cert_a);
    http_req(jinan, "POST", path, "application/xml", why, sizeof why - 1, &r);
    CU_ASSERT_EQUAL(r.status, 403);
    http_reply_free(&r);
    http_req(province, "POST", path, "application/xml", none, sizeof none - 1, &r);
    CU_ASSERT_EQUAL(r.status, 422);
    http_reply_free(&r);
    http_req(province, "POST", path, "application/xml", why, sizeof why - 1, &r);
    CU_ASSERT_EQUAL(r.status, 201);
    http_reply_free(&r);
    http_req(province, "POST", path, "application/xml", why, sizeof why - 1, &r);
    CU_ASSERT_EQUAL(r.status, 409);
    http_reply_free(&r);
    snprintf(path, sizeof path, "/v1/certificates/%s", cert_a);
    http_req("", "GET", path, NULL, NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "status=\"revoked\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "数据造假"));
    http_reply_free(&r);
    http_req("", "GET", "/v1/revocations", NULL, NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, cert_a));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "<signature"));
    http_reply_free(&r);
}

/* The public check page of cert_a (issue 16): what it says; the reply kept
 * in r for the caller. */
static void check_page(const char *extra, struct http_reply *r)
{
    char path[128];

    snprintf(path, sizeof path, "/check/%s", cert_a);
    http_do("GET", path, extra, NULL, 0, r);
}

/* The printable certificate of cert_a in headless Chromium: its QR code,
 * decoded from the screenshot by zbarimg, is the check URL of cert_a on this
 * tierd, and that page says `expect` (tests/browser/live_qr.py). */
static int qr_in_browser(const char *expect)
{
    char *out = NULL;
    int rc = harness_sh(&out, "/usr/bin/python3 tests/browser/live_qr.py "
                              "'http://127.0.0.1:%d/check/%s/print' %s "
                              "build/screenshots/live-%s 2>&1",
                        harness_port(), cert_a, expect, expect);

    if (rc != 0)
        fprintf(stderr, "\n    %s", out ? out : "live_qr.py failed");
    free(out);
    return rc;
}

static void test_printed_qr_code_opens_the_check_page_which_says_valid(void)
{
    CU_ASSERT_EQUAL(qr_in_browser("valid"), 0);
}

static void test_printed_qr_code_opens_the_check_page_which_says_revoked(void)
{
    CU_ASSERT_EQUAL(qr_in_browser("revoked"), 0);
}

static void test_public_check_page_says_valid_with_the_key_and_is_cacheable(void)
{
    struct http_reply r;
    char etag[96], h[256], extra[160], kid[80];

    CU_ASSERT_FATAL(cert_a[0] != '\0');
    check_page("", &r);
    CU_ASSERT_EQUAL_FATAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(http_reply_header(&r, "Content-Type", h, sizeof h));
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "text/html"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "证书有效"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "本系统已核验：签名有效"));
    /* the key named is the one that signed: the first key of this run */
    CU_ASSERT_PTR_NOT_NULL(strrchr(first_pub, '/'));
    snprintf(kid, sizeof kid, "%.64s", strrchr(first_pub, '/') + 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, kid));
    CU_ASSERT_PTR_NOT_NULL(http_reply_header(&r, "Cache-Control", h, sizeof h));
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "public"));
    CU_ASSERT_PTR_NOT_NULL(http_reply_header(&r, "Content-Security-Policy", h, sizeof h));
    CU_ASSERT_PTR_NOT_NULL(http_reply_header(&r, "Last-Modified", h, sizeof h));
    CU_ASSERT_PTR_NOT_NULL(strstr(h, " GMT"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(http_reply_header(&r, "ETag", etag, sizeof etag));
    http_reply_free(&r);
    snprintf(extra, sizeof extra, "If-None-Match: %s\r\n", etag);
    check_page(extra, &r);
    CU_ASSERT_EQUAL(r.status, 304);
    CU_ASSERT_EQUAL(r.len, 0u);
    http_reply_free(&r);
    http_do("GET", "/check/SS-2026-0000000000000000AA", "", NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 404);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "未找到"));
    http_reply_free(&r);
}

static int count(const char *hay, const char *needle)
{
    int n = 0;

    for (const char *p = hay ? strstr(hay, needle) : NULL; p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void test_published_list_is_public_filtered_and_paged(void)
{
    struct http_reply r;
    char path[160], next[64];
    const char *p;

    http_do("GET", "/published", "", NULL, 0, &r);
    CU_ASSERT_EQUAL_FATAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "年度认定名单"));
    snprintf(path, sizeof path, "/check/%s\"", cert_a);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, path));
    CU_ASSERT_TRUE(count(r.body, "<tr>") >= 10);
    http_reply_free(&r);
    /* one tier: the run issued one 独角兽 certificate */
    http_do("GET", "/published?tier=unicorn", "", NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_EQUAL(count(r.body, "href=\"/check/"), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "独角兽企业"));
    http_reply_free(&r);
    /* pages of two, the second after the first's last serial */
    http_do("GET", "/published?limit=2", "", NULL, 0, &r);
    CU_ASSERT_EQUAL(count(r.body, "href=\"/check/"), 2);
    p = r.body ? strstr(r.body, "after=") : NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    snprintf(next, sizeof next, "%.*s", (int)strcspn(p + 6, "\""), p + 6);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, next)); /* the last row is the page's end */
    http_reply_free(&r);
    snprintf(path, sizeof path, "/published?limit=2&after=%s", next);
    http_do("GET", path, "", NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_EQUAL(count(r.body, "href=\"/check/"), 2);
    snprintf(path, sizeof path, "/check/%s\"", next);
    CU_ASSERT_PTR_NULL(strstr(r.body, path));
    http_reply_free(&r);
    http_do("GET", "/published?tier=bogus", "", NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "bogus"));
    http_reply_free(&r);
    http_do("GET", "/published?year=1999", "", NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 400);
    http_reply_free(&r);
}

static void test_yearly_summary_is_public_and_names_nobody(void)
{
    struct http_reply r;

    http_do("GET", "/summary", "", NULL, 0, &r);
    CU_ASSERT_EQUAL_FATAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "年度优质中小企业梯度培育统计"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "action=\"/summary\""));
    CU_ASSERT_PTR_NULL(strstr(r.body, "有限公司"));
    CU_ASSERT_PTR_NULL(strstr(r.body, "91370"));
    http_reply_free(&r);
    http_do("GET", "/summary?city=370200", "", NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "青岛市"));
    http_reply_free(&r);
    http_do("GET", "/summary?year=20x6", "", NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 400);
    http_reply_free(&r);
}

static void test_public_check_page_says_revoked_when_and_why(void)
{
    struct http_reply r;

    check_page("", &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "证书已撤销"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "数据造假"));
    CU_ASSERT_PTR_NULL(strstr(r.body, "证书有效"));
    http_reply_free(&r);
}

static void test_public_pages_are_capped_per_address(void)
{
    struct http_reply r;
    char h[32];
    int refused = 0, served = 0;

    /* public-rate 20 a second, bursts of 40: after two idle seconds (the
     * bucket full again) 200 at once meet the cap after at least 40 */
    sleep(2);
    for (int i = 0; i < 200 && !refused; i++) {
        check_page("", &r);
        if (r.status == 429) {
            refused = 1;
            CU_ASSERT_PTR_NOT_NULL(http_reply_header(&r, "Retry-After", h, sizeof h));
            CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "public-rate"));
        } else if (r.status == 200) {
            served++;
        }
        http_reply_free(&r);
    }
    CU_ASSERT_TRUE(refused);
    if (served < 40)
        fprintf(stderr, "\n    served %d before the first 429", served);
    CU_ASSERT_TRUE(served >= 40);
    /* the API itself is not capped by it */
    http_req("", "GET", "/v1/keys", NULL, NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    http_reply_free(&r);
}

static void test_revoked_prerequisite_stops_a_later_approval(void)
{
    struct http_reply r;
    char id[32], status[17], city[7], *out = NULL, ss[64], path[128];
    static const char why[] = "<revocation xmlns=\"urn:tierd:revocation:1\"><reason>撤销前置"
                              "</reason></revocation>";
    size_t len;
    char *doc;

    /* the chain enterprise's 专精特新 certificate */
    CU_ASSERT_EQUAL_FATAL(harness_sh(&out, "scripts/db sql -N -e \"SELECT c.serial FROM "
                                           "certificates c JOIN enterprises e ON e.id = "
                                           "c.enterprise_id WHERE e.uscc = '91370203MA3T1U2W06' "
                                           "AND c.tier = 'specialized-sme'\""), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    snprintf(ss, sizeof ss, "%.*s", (int)strcspn(out, "\n"), out);
    free(out);
    /* a new 小巨人 application of that enterprise, recommended */
    doc = retarget("tests/data/little-giant/eligible-2026.xml", &len);
    doc = realloc(doc, len + 5);
    strcpy(doc + len, "\n\n\n\n");
    CU_ASSERT_EQUAL_FATAL(post_doc(doc, len + 4, id, status, city), 0);
    free(doc);
    decide(city_token(city), id, "recommend", "ok",
           strcmp(status, "ineligible") == 0 ? "override" : NULL, &r);
    CU_ASSERT_EQUAL(r.status, 201);
    http_reply_free(&r);
    /* now the 专精特新 title is revoked */
    snprintf(path, sizeof path, "/v1/certificates/%s/revocation", ss);
    http_req(province, "POST", path, "application/xml", why, sizeof why - 1, &r);
    CU_ASSERT_EQUAL(r.status, 201);
    http_reply_free(&r);
    decide(province, id, "approve", NULL, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 409);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "LG26-PREREQ"));
    http_reply_free(&r);
}

static void test_audit_chain_holds_every_decision_and_issuance(void)
{
    char *out = NULL;

    CU_ASSERT_EQUAL(harness_sh(&out, "%s audit verify", harness_bin("tierctl")), 0);
    free(out);
    CU_ASSERT_EQUAL(harness_sh(&out, "scripts/db sql -N -e \"SELECT CONCAT(SUM(action = "
                                     "'certificate.issue'), ',', SUM(action = "
                                     "'decision.approve'), ',', SUM(action = "
                                     "'certificate.revoke')) FROM audit_log\""), 0);
    CU_ASSERT_PTR_NOT_NULL(out);
    if (out != NULL) {
        int issued = 0, approved = 0, revoked = 0;
        sscanf(out, "%d,%d,%d", &issued, &approved, &revoked);
        CU_ASSERT(issued >= 12);
        CU_ASSERT_EQUAL(issued, approved);
        CU_ASSERT_EQUAL(revoked, 2);
    }
    free(out);
}

static void test_tierd_refuses_to_start_with_a_key_readable_by_others(void)
{
    char *out = NULL, log[700];
    int port = 0, st = 0;
    pid_t pid;

    CU_ASSERT_EQUAL(harness_sh(NULL, "chmod 644 \"$(ls '%s'/*.key | head -1)\"", key_dir), 0);
    snprintf(log, sizeof log, "%s/refuse.log", harness_dir());
    pid = harness_spawn_tierd("", log, &port);
    if (pid > 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &st, 0);
        CU_FAIL("tierd started with a world-readable private key");
    }
    CU_ASSERT_EQUAL(harness_sh(&out, "grep -c 'chmod 600' '%s'", log), 0);
    free(out);
    CU_ASSERT_EQUAL(harness_sh(NULL, "chmod 600 '%s'/*.key", key_dir), 0);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("review", suite_init, suite_clean);
#define T(fn, name) CU_add_test(s, name, fn)
    T(test_every_tier_goes_from_submission_to_a_verified_certificate,
      "every tier goes from submission to a verified certificate");
    T(test_wrong_role_city_or_order_is_refused, "the wrong role, city or order is refused");
    T(test_ineligible_needs_an_override_reason_to_be_recommended,
      "an ineligible application needs an override reason to be recommended");
    T(test_two_reviewers_at_once_exactly_one_wins, "two reviewers at once: exactly one wins");
    T(test_tampered_certificates_fail_verification, "tampered certificates fail verification");
    T(test_each_algorithm_verifies_with_tierctl_and_with_openssl,
      "each algorithm verifies with tierctl and with the README's openssl commands");
    T(test_a_returned_application_is_corrected_by_a_linked_one,
      "a returned application is corrected by one that links to it");
    T(test_keys_are_public_with_their_period_of_use, "keys are public with their period of use");
    T(test_public_check_page_says_valid_with_the_key_and_is_cacheable,
      "the public check page says valid, with the key, and is cacheable");
    T(test_printed_qr_code_opens_the_check_page_which_says_valid,
      "the printed QR code, read by zbarimg in Chromium, opens the check page: valid");
    T(test_revocation_needs_a_province_reviewer_and_a_reason,
      "revocation needs a province reviewer and a reason");
    T(test_printed_qr_code_opens_the_check_page_which_says_revoked,
      "after the revocation the same QR code's page says revoked");
    T(test_public_check_page_says_revoked_when_and_why,
      "the public check page says revoked, when and why");
    T(test_published_list_is_public_filtered_and_paged,
      "the published list is public, filtered by tier and paged");
    T(test_yearly_summary_is_public_and_names_nobody,
      "the yearly summary is public and names nobody");
    T(test_revoked_prerequisite_stops_a_later_approval,
      "a revoked prerequisite stops a later approval");
    T(test_audit_chain_holds_every_decision_and_issuance,
      "the audit chain holds every decision and issuance");
    T(test_tierd_refuses_to_start_with_a_key_readable_by_others,
      "tierd refuses to start with a private key readable by others");
    T(test_public_pages_are_capped_per_address, "public pages are capped per address");
#undef T
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed() +
             CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
