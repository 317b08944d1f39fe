/*
 * bench_approve.c — `make bench-approve`: how many approvals, each issuing a
 * signed certificate in its transaction, tierd completes per second for 16
 * concurrent province reviewers, beside the raw OpenSSL sign rate of the same
 * key over the same bytes, measured in the same run.
 *
 *   bench_approve setup CONFIG N CITY_REVIEWER PREFIX
 *       ingests tests/data/high-tech/eligible.xml once (schemas + rules,
 *       untimed), then stores N copies with USCCs of their own (org code
 *       PREFIX + 'A' + 6 base-31 digits, both check characters computed) with
 *       submission_store() and recommends each with registry_decide() as the
 *       city reviewer CITY_REVIEWER (an existing account of the sample's city,
 *       370200), over a few connections. The store API rather than HTTP: this
 *       part is preparation, not the figure.
 *   bench_approve run CONFIG URL TOKENS SECONDS THREADS SIGN_SECONDS
 *       takes every `recommended` submission, and THREADS threads (one
 *       keep-alive connection and one province reviewer's token each, from the
 *       file TOKENS, one per line) POST approve decisions until SECONDS pass or
 *       the submissions run out; counts 201 answers that name a certificate,
 *       and the p50/p99 latency of those. Then it takes one certificate issued
 *       in the run, checks it with cert_verify, cuts out its signed bytes with
 *       cert_signed_bytes, loads the active private key from key-dir and times
 *       sign_bytes over those bytes for SIGN_SECONDS on one thread and then on
 *       THREADS threads.
 *
 * Each submission id is handed to exactly one thread (an atomic index), so a
 * 409 here would be a bug, not contention. Any answer other than 201 is
 * counted as an error and the first few are printed.
 */
#include "tier/accounts.h"
#include "tier/application.h"
#include "tier/config.h"
#include "tier/db.h"
#include "tier/decisions.h"
#include "tier/digest.h"
#include "tier/ingest.h"
#include "tier/keys.h"
#include "tier/registry.h"
#include "tier/rules.h"
#include "tier/sign.h"
#include "tier/submissions.h"
#include "tier/uscc.h"

#include "synthetic.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SAMPLE "tests/data/high-tech/eligible.xml"
#define MAX_THREADS 64
#define SETUP_CONNECTIONS 8
#define MAX_IDS 1000000

static const char APPROVE_BODY[] =
    "<decision xmlns=\"urn:tierd:decision:1\"><action>approve</action></decision>";

static int64_t now_us(void)
{
    return synth_now_us();
}

static int load_config(struct tier_config *c, const char *path)
{
    char err[512];

    config_defaults(c);
    if (config_load_file(c, path, err, sizeof err) != 0 ||
        config_load_password(c, err, sizeof err) != 0) {
        fprintf(stderr, "bench: %s\n", err);
        return -1;
    }
    return 0;
}

/* ---- setup ----------------------------------------------------------------------- */

static struct {
    const struct tier_config *cfg;
    const char *text;          /* the sample document */
    size_t len, uscc_off;      /* its length; offset of the 18 USCC characters */
    struct application app;    /* its extracted facts */
    struct findings f;         /* its findings */
    enum rule_set rs;
    const char *status;
    struct principal city;     /* the recommending city reviewer */
    struct registry reg;       /* its pool: the recommendations go through registry_decide */
    char prefix;
    long n;
    atomic_long next, stored, recommended, failed;
} su;

/* Copy k of the sample: org code PREFIX 'A' + 6 base-31 digits of k. */
static char *make_doc(long k)
{
    const struct synth_sample one = {(char *)su.text, su.len, su.uscc_off};

    return synth_copy(&one, su.prefix, 'A', k);
}

static void *setup_worker(void *arg)
{
    char err[512];
    struct db_conn *m = db_connect(su.cfg, err, sizeof err);
    struct application *app = malloc(sizeof *app);
    struct store_finding *su_rows = malloc(FINDINGS_MAX * sizeof *su_rows);

    (void)arg;
    if (m == NULL || app == NULL || su_rows == NULL) {
        fprintf(stderr, "bench: %s\n", m == NULL ? err : "out of memory");
        goto done;
    }
    for (;;) {
        long k = atomic_fetch_add(&su.next, 1);
        struct submission_new sn;
        struct decide_request rq;
        struct decide_result rs;
        enum store_result r;
        uint64_t id;
        char *doc;

        if (k >= su.n)
            break;
        doc = make_doc(k);
        if (doc == NULL)
            break;
        memcpy(app, &su.app, sizeof *app);
        memcpy(app->enterprise.uscc, doc + su.uscc_off, 18);
        registry_submission_rows(app, &su.f, (int)su.rs, su_rows, &sn);
        sn.status = su.status;
        sn.doc = doc;
        sn.doc_len = su.len;
        digest_sha256(doc, su.len, sn.sha256);
        sn.year = 2026;
        r = submission_store(m, &sn, &id, err, sizeof err);
        free(doc);
        if (r != STORE_OK) {
            if (atomic_fetch_add(&su.failed, 1) < 3)
                fprintf(stderr, "bench: store: %d %s\n", (int)r, err);
            continue;
        }
        atomic_fetch_add(&su.stored, 1);
        memset(&rq, 0, sizeof rq);
        rq.submission_id = id;
        rq.who = &su.city;
        rq.decision = REVIEW_RECOMMEND;
        rq.comment = "";
        for (int attempt = 0; attempt < 5; attempt++) {
            registry_decide(&su.reg, &rq, &rs);
            if (rs.outcome != DECIDE_UNAVAILABLE)
                break;
        }
        if (rs.outcome == DECIDE_DONE) {
            atomic_fetch_add(&su.recommended, 1);
        } else if (atomic_fetch_add(&su.failed, 1) < 3) {
            fprintf(stderr, "bench: recommend: %d %s %s\n", (int)rs.outcome, rs.says.code,
                    rs.says.en);
        }
    }
done:
    free(su_rows);
    free(app);
    if (m != NULL)
        db_close(m);
    return NULL;
}

static int find_principal(struct db_conn *m, const char *name, struct principal *p)
{
    char role[21] = "", city[7] = "", err[256];
    int64_t id = 0;
    struct db_param q[1] = {{'s', 0, name, 0}};
    struct db_col c[3] = {{'i', &id, sizeof id, 0, 0, 0},
                          {'s', role, sizeof role, 0, 0, 0},
                          {'s', city, sizeof city, 0, 0, 0}};
    unsigned int e;

    if (db_query(m,
                 &(struct db_select){
                     "SELECT id, role, COALESCE(city_code, '') FROM accounts WHERE name = ?",
                     q, 1, c, 3, NULL, NULL},
                 &e, err, sizeof err) != 1) {
        fprintf(stderr, "bench: no account %s\n", name);
        return -1;
    }
    memset(p, 0, sizeof *p);
    p->account_id = (uint64_t)id;
    snprintf(p->name, sizeof p->name, "%s", name);
    p->role = role_parse(role);
    snprintf(p->city, sizeof p->city, "%s", city);
    return 0;
}

static int run_setup(const char *conf, long n, const char *city_name, char prefix)
{
    static struct tier_config c;
    static pthread_t th[SETUP_CONNECTIONS];
    struct ingest_schemas *schemas = NULL;
    struct ingest_errors *errs = calloc(1, sizeof *errs);
    struct rules_options opt;
    char err[512], *u;
    struct db_conn *m = NULL;
    int64_t t0;
    int rc = 2;

    if (errs == NULL || load_config(&c, conf) != 0)
        goto done;
    su.cfg = &c;
    su.n = n;
    su.prefix = prefix;
    su.text = synth_slurp(SAMPLE, &su.len);
    u = su.text != NULL ? strstr(su.text, "<uscc>") : NULL;
    if (u == NULL) {
        fprintf(stderr, "bench: cannot read %s (run from the repository root)\n", SAMPLE);
        goto done;
    }
    su.uscc_off = (size_t)(u + 6 - su.text);
    if (ingest_schemas_load(&schemas, c.xsd_dir, errs) != INGEST_OK ||
        ingest_application(schemas, su.text, su.len, NULL, &su.app, errs) != INGEST_OK) {
        fprintf(stderr, "bench: %s does not ingest\n", SAMPLE);
        goto done;
    }
    findings_init(&su.f);
    su.rs = su.app.rule_set != RULESET_NONE ? su.app.rule_set : RULESET_2026;
    memset(&opt, 0, sizeof opt);
    opt.on = date_today_cst();
    rules_evaluate(&su.app, su.rs, &opt, &su.f);
    su.status = findings_overall(&su.f) == VERDICT_FAIL ? "ineligible" : "received";
    m = db_connect(&c, err, sizeof err);
    if (m == NULL) {
        fprintf(stderr, "bench: %s\n", err);
        goto done;
    }
    if (find_principal(m, city_name, &su.city) != 0)
        goto done;
    c.db_pool = SETUP_CONNECTIONS;
    su.reg.cfg = &c;
    su.reg.db = db_pool_new(&c);
    if (su.reg.db == NULL)
        goto done;
    t0 = now_us();
    for (int i = 0; i < SETUP_CONNECTIONS; i++)
        pthread_create(&th[i], NULL, setup_worker, NULL);
    for (int i = 0; i < SETUP_CONNECTIONS; i++)
        pthread_join(th[i], NULL);
    printf("setup: %ld applications stored, %ld recommended, %ld failures in %.1f s\n",
           (long)atomic_load(&su.stored), (long)atomic_load(&su.recommended),
           (long)atomic_load(&su.failed), (double)(now_us() - t0) / 1e6);
    rc = atomic_load(&su.recommended) == n ? 0 : 1;
done:
    if (m != NULL)
        db_close(m);
    db_pool_free(su.reg.db);
    ingest_schemas_free(schemas);
    free((char *)su.text);
    free(errs);
    config_wipe(&c);
    return rc;
}

/* ---- approvals over HTTP --------------------------------------------------------- */

static uint64_t *ids;
static long nids;
static atomic_long next_id, errors_printed;
static int64_t deadline;

struct worker {
    pthread_t th;
    int port;
    char token[TOKEN_LEN + 1];
    long *lat; /* microseconds of each approval with a certificate */
    size_t nlat, cap;
    long ok, errors;
};

static void *http_worker(void *arg)
{
    struct worker *w = arg;
    char req[1024], buf[16384];
    int fd = synth_dial(w->port, 0);

    while (fd >= 0 && now_us() < deadline) {
        long i = atomic_fetch_add(&next_id, 1);
        int64_t t0;
        int n, st;

        if (i >= nids)
            break;
        n = snprintf(req, sizeof req,
                     "POST /v1/submissions/%llu/decisions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Authorization: Bearer %s\r\nContent-Type: application/xml\r\n"
                     "Content-Length: %zu\r\n\r\n%s",
                     (unsigned long long)ids[i], w->token, sizeof APPROVE_BODY - 1, APPROVE_BODY);
        t0 = now_us();
        st = synth_roundtrip(fd, req, (size_t)n, buf, sizeof buf);
        if (st == 201 && strstr(buf, "<certificate serial=\"") != NULL) {
            if (w->nlat == w->cap) {
                w->cap = w->cap ? w->cap * 2 : 4096;
                w->lat = realloc(w->lat, w->cap * sizeof *w->lat);
            }
            w->lat[w->nlat++] = (long)(now_us() - t0);
            w->ok++;
            continue;
        }
        w->errors++;
        if (atomic_fetch_add(&errors_printed, 1) < 3) {
            char *body = strstr(buf, "\r\n\r\n");
            fprintf(stderr, "bench: submission %llu: HTTP %d %.300s\n",
                    (unsigned long long)ids[i], st, st > 0 && body ? body + 4 : "");
        }
        if (st < 0) {
            close(fd);
            fd = synth_dial(w->port, 0);
        }
    }
    if (fd >= 0)
        close(fd);
    return NULL;
}

static int id_row(void *ctx)
{
    uint64_t *v = ctx;
    if (nids < MAX_IDS)
        ids[nids++] = *v;
    return 0;
}

/* ---- raw signing ----------------------------------------------------------------- */

struct signer_thread {
    pthread_t th;
    const struct sign_key *k;
    const char *bytes;
    size_t len;
    long n;
    int failed;
};

static int64_t sign_deadline;

static void *sign_worker(void *arg)
{
    struct signer_thread *s = arg;
    unsigned char sig[SIGN_MAX_SIG];
    size_t siglen;

    while (now_us() < sign_deadline) {
        /* check the clock every 16 signatures: Ed25519 takes ~20 µs */
        for (int i = 0; i < 16; i++) {
            if (sign_bytes(s->k, s->bytes, s->len, sig, &siglen) != 0) {
                s->failed = 1;
                return NULL;
            }
            s->n++;
        }
    }
    return NULL;
}

static double sign_rate(const struct sign_key *k, const char *bytes, size_t len, int threads,
                        int seconds)
{
    static struct signer_thread st[MAX_THREADS];
    int64_t t0 = now_us();
    long n = 0;

    sign_deadline = t0 + (int64_t)seconds * 1000000;
    for (int i = 0; i < threads; i++) {
        st[i] = (struct signer_thread){.k = k, .bytes = bytes, .len = len};
        pthread_create(&st[i].th, NULL, sign_worker, &st[i]);
    }
    for (int i = 0; i < threads; i++) {
        pthread_join(st[i].th, NULL);
        if (st[i].failed)
            return -1;
        n += st[i].n;
    }
    return (double)n / ((double)(now_us() - t0) / 1e6);
}

/* The active key, a certificate it signed in this run, its signed bytes. */
static int raw_signing(struct db_conn *m, const struct tier_config *c, int threads, int seconds,
                       double *rate1, double *rate_n, char *alg, size_t algsz, size_t *nbytes)
{
    char key_id[SIGN_KEY_ID_LEN + 1], path[4200], err[512], reason[512];
    static char doc[64 * 1024];
    struct sign_key *k = NULL;
    struct db_param p[1] = {{'s', 0, key_id, 0}};
    struct db_col col[1] = {{'b', doc, sizeof doc - 1, 0, 0, 0}};
    char *bytes = NULL;
    size_t blen = 0;
    unsigned int e;
    int rc = -1;

    if (key_active_id(m, key_id, &e, err, sizeof err) != 1) {
        fprintf(stderr, "bench: no active key\n");
        return -1;
    }
    snprintf(path, sizeof path, "%s/%s.key", c->key_dir, key_id);
    if (sign_key_load_private(path, &k, err, sizeof err) != 0) {
        fprintf(stderr, "bench: %s\n", err);
        return -1;
    }
    if (db_query(m,
                 &(struct db_select){
                     "SELECT document FROM certificates WHERE key_id = ? ORDER BY issued_at DESC "
                     "LIMIT 1",
                     p, 1, col, 1, NULL, NULL},
                 &e, err, sizeof err) != 1 ||
        col[0].truncated) {
        fprintf(stderr, "bench: no certificate signed with the active key\n");
        goto done;
    }
    doc[col[0].len] = '\0';
    if (cert_verify(doc, col[0].len, k, NULL, reason, sizeof reason) != CERT_VALID) {
        fprintf(stderr, "bench: an issued certificate does not verify: %s\n", reason);
        goto done;
    }
    if (cert_signed_bytes(doc, col[0].len, &bytes, &blen, err, sizeof err) != 0) {
        fprintf(stderr, "bench: %s\n", err);
        goto done;
    }
    snprintf(alg, algsz, "%s", sign_alg_name(sign_key_alg(k)));
    *nbytes = blen;
    *rate1 = sign_rate(k, bytes, blen, 1, seconds);
    *rate_n = sign_rate(k, bytes, blen, threads, seconds);
    rc = *rate1 > 0 && *rate_n > 0 ? 0 : -1;
done:
    free(bytes);
    sign_key_free(k);
    return rc;
}

static int run_http(const char *conf, const char *url, const char *tokens, int seconds,
                    int threads, int sign_seconds)
{
    static struct tier_config c;
    static struct worker w[MAX_THREADS];
    uint64_t v;
    struct db_col col[1] = {{'i', &v, sizeof v, 0, 0, 0}};
    double secs, r1 = 0, rn = 0;
    long ok = 0, errors = 0, *all;
    size_t total = 0, k = 0, nbytes = 0;
    char err[512] = "", alg[16] = "?";
    unsigned int e;
    int port = 0, ntok = 0, rc = 1;
    FILE *f;
    struct db_conn *m;
    int64_t t0;

    if (sscanf(url, "http://127.0.0.1:%d", &port) != 1 || threads < 1 ||
        threads > MAX_THREADS) {
        fprintf(stderr, "bench: url must be http://127.0.0.1:PORT, threads 1..%d\n",
                MAX_THREADS);
        return 2;
    }
    m = load_config(&c, conf) == 0 ? db_connect(&c, err, sizeof err) : NULL;
    if (m == NULL) {
        fprintf(stderr, "bench: cannot connect: %s\n", err);
        return 2;
    }
    f = fopen(tokens, "r");
    if (f == NULL) {
        fprintf(stderr, "bench: cannot read %s\n", tokens);
        return 2;
    }
    while (ntok < threads && fscanf(f, "%70s", w[ntok].token) == 1)
        ntok++;
    fclose(f);
    if (ntok == 0) {
        fprintf(stderr, "bench: no tokens in %s\n", tokens);
        return 2;
    }
    ids = malloc(MAX_IDS * sizeof *ids);
    if (ids == NULL ||
        db_query(m,
                 &(struct db_select){
                     "SELECT id FROM submissions WHERE status = 'recommended' ORDER BY id",
                     NULL, 0, col, 1, id_row, &v},
                 &e, err, sizeof err) < 0) {
        fprintf(stderr, "bench: %s\n", err);
        return 2;
    }
    printf("approving: %ld recommended applications, %d threads (%d reviewer tokens), up to "
           "%d s\n", nids, threads, ntok, seconds);
    fflush(stdout);
    t0 = now_us();
    deadline = t0 + (int64_t)seconds * 1000000;
    for (int i = 0; i < threads; i++) {
        w[i].port = port;
        if (i >= ntok)
            memcpy(w[i].token, w[i % ntok].token, sizeof w[i].token);
        pthread_create(&w[i].th, NULL, http_worker, &w[i]);
    }
    for (int i = 0; i < threads; i++) {
        pthread_join(w[i].th, NULL);
        ok += w[i].ok;
        errors += w[i].errors;
        total += w[i].nlat;
    }
    secs = (double)(now_us() - t0) / 1e6;
    all = malloc((total + 1) * sizeof *all);
    for (int i = 0; i < threads; i++) {
        memcpy(all + k, w[i].lat, w[i].nlat * sizeof *all);
        k += w[i].nlat;
        free(w[i].lat);
    }
    synth_sort(all, total);
    if (raw_signing(m, &c, threads, sign_seconds, &r1, &rn, alg, sizeof alg, &nbytes) != 0)
        goto done;
    printf("alg=%s\n", alg);
    printf("approvals_per_s=%.1f\napprovals=%ld\nerrors=%ld\nseconds=%.1f%s\n", ok / secs, ok,
           errors, secs, atomic_load(&next_id) >= nids ? " (ran out of applications)" : "");
    printf("p50_ms=%.2f\np99_ms=%.2f\n", synth_ms(all, total, 0.5),
           synth_ms(all, total, 0.99));
    printf("signed_bytes=%zu\nsign_rate_1_thread=%.1f\nsign_rate_%d_threads=%.1f\n", nbytes, r1,
           threads, rn);
    rc = errors > ok / 100 ? 1 : 0;
done:
    free(all);
    free(ids);
    db_close(m);
    config_wipe(&c);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc == 6 && strcmp(argv[1], "setup") == 0 && strlen(argv[5]) == 1)
        return run_setup(argv[2], atol(argv[3]), argv[4], argv[5][0]);
    if (argc == 8 && strcmp(argv[1], "run") == 0)
        return run_http(argv[2], argv[3], argv[4], atoi(argv[5]), atoi(argv[6]),
                        atoi(argv[7]));
    fprintf(stderr, "usage: bench_approve setup CONFIG N CITY_REVIEWER PREFIX\n"
                    "       bench_approve run CONFIG URL TOKENS SECONDS THREADS "
                    "SIGN_SECONDS\n");
    return 2;
}
