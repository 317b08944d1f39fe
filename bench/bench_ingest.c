/*
 * bench_ingest.c — `make bench-ingest`: how fast tierd takes applications,
 * beside the raw rate of inserting the same rows straight into MariaDB.
 *
 *   bench_ingest http URL TOKEN SECONDS CONNECTIONS
 *       posts distinct valid applications (every tier's sample, each copy with
 *       its own made-up USCC) over CONNECTIONS keep-alive connections for
 *       SECONDS, then prints the rate and the p50/p99 latency (BENCH_PERCONN=1:
 *       also each connection's mean latency, on stderr, to see unfair serving).
 *   bench_ingest raw CONFIG SECONDS CONNECTIONS
 *       prepares the same kind of rows once (ingest + rules, untimed) and then
 *       times only submission_store() — the same prepared statements tierd
 *       runs in its transaction — over CONNECTIONS database connections.
 *
 * Both modes use USCCs of their own (different org-code prefixes), so neither
 * meets the other's rows as duplicates. scripts/bench-ingest runs both against
 * one private, durable MariaDB and prints the comparison.
 */
#include "tier/application.h"
#include "tier/config.h"
#include "tier/db.h"
#include "tier/digest.h"
#include "tier/ingest.h"
#include "tier/registry.h"
#include "tier/rules.h"
#include "tier/submissions.h"
#include "tier/uscc.h"

#include "synthetic.h"

#include <glob.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_SAMPLES SYNTH_MAX_SAMPLES
#define MAX_THREADS 128

static struct synth_sample samples[MAX_SAMPLES];
static int nsamples;
static atomic_long serial;          /* distinct documents handed out */
static int64_t deadline_us;
static char prefix;                 /* first org-code character: 'H' http, 'R' raw */
static char mark = 'A';             /* second: BENCH_MARK, so phases of one run differ */

static int64_t now_us(void)
{
    return synth_now_us();
}

static int load_samples(void)
{
    nsamples = synth_load(samples, MAX_SAMPLES, "tests/data/*/eligible*.xml");
    return nsamples > 0 ? 0 : -1;
}

/* A copy of a sample with a USCC of its own (org code prefix, mark, n). */
static char *make_doc(long n, size_t *len)
{
    const struct synth_sample *s = &samples[n % nsamples];

    *len = s->len;
    return synth_copy(s, prefix, mark, n);
}

/* ---- http mode ------------------------------------------------------------------- */

struct worker {
    pthread_t th;
    int port;
    const char *token;
    long *lat;        /* latencies in microseconds */
    size_t nlat, cap;
    long ok, errors;
};

/* One keep-alive request; returns the status or -1 (connection to redo). */
static int roundtrip(int fd, const char *head, size_t hlen, const char *body, size_t blen)
{
    char buf[65536];
    size_t have = 0;
    ssize_t k;
    char *end;
    long clen = -1;
    int status = -1;

    if (write(fd, head, hlen) != (ssize_t)hlen || write(fd, body, blen) != (ssize_t)blen)
        return -1;
    for (;;) {
        k = read(fd, buf + have, sizeof buf - 1 - have);
        if (k <= 0)
            return -1;
        have += (size_t)k;
        buf[have] = '\0';
        end = strstr(buf, "\r\n\r\n");
        if (end != NULL)
            break;
        if (have == sizeof buf - 1)
            return -1;
    }
    sscanf(buf, "HTTP/1.%*d %d", &status);
    {
        char *cl = strcasestr(buf, "\r\nContent-Length:");
        if (cl == NULL || cl > end)
            return -1;
        clen = strtol(cl + 17, NULL, 10);
    }
    {
        size_t got = have - (size_t)(end + 4 - buf);
        while ((long)got < clen) {
            k = read(fd, buf, sizeof buf);
            if (k <= 0)
                return -1;
            got += (size_t)k;
        }
    }
    return status;
}

static void *http_worker(void *arg)
{
    struct worker *w = arg;
    char head[512];
    int fd = synth_dial(w->port, 0);

    while (now_us() < deadline_us && fd >= 0) {
        long n = atomic_fetch_add(&serial, 1);
        size_t len;
        char *doc = make_doc(n, &len);
        int hl, st;
        int64_t t0;

        hl = snprintf(head, sizeof head,
                      "POST /v1/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      "Authorization: Bearer %s\r\nContent-Type: application/xml\r\n"
                      "Content-Length: %zu\r\n\r\n",
                      w->token, len);
        t0 = now_us();
        st = roundtrip(fd, head, (size_t)hl, doc, len);
        if (st < 0) {
            close(fd);
            fd = synth_dial(w->port, 0);
            w->errors++;
        } else if (st == 201) {
            if (w->nlat == w->cap) {
                w->cap = w->cap ? w->cap * 2 : 4096;
                w->lat = realloc(w->lat, w->cap * sizeof *w->lat);
            }
            w->lat[w->nlat++] = (long)(now_us() - t0);
            w->ok++;
        } else {
            w->errors++;
            if (w->errors < 3)
                fprintf(stderr, "bench: HTTP %d\n", st);
        }
        free(doc);
    }
    if (fd >= 0)
        close(fd);
    return NULL;
}

static int run_http(const char *url, const char *token, int seconds, int conns)
{
    static struct worker w[MAX_THREADS];
    int port = 0;
    long ok = 0, errors = 0;
    size_t total = 0, k = 0;
    long *all;
    int64_t t0;

    if (sscanf(url, "http://127.0.0.1:%d", &port) != 1) {
        fprintf(stderr, "bench: url must be http://127.0.0.1:PORT\n");
        return 2;
    }
    prefix = 'H';
    t0 = now_us();
    deadline_us = t0 + (int64_t)seconds * 1000000;
    for (int i = 0; i < conns; i++) {
        w[i].port = port;
        w[i].token = token;
        pthread_create(&w[i].th, NULL, http_worker, &w[i]);
    }
    for (int i = 0; i < conns; i++) {
        pthread_join(w[i].th, NULL);
        ok += w[i].ok;
        errors += w[i].errors;
        if (getenv("BENCH_PERCONN")) {
            long sum = 0;
            for (size_t j = 0; j < w[i].nlat; j++) sum += w[i].lat[j];
            fprintf(stderr, "%ld ", w[i].nlat ? sum / (long)w[i].nlat / 1000 : -1);
        }
        total += w[i].nlat;
    }
    all = malloc((total + 1) * sizeof *all);
    for (int i = 0; i < conns; i++) {
        memcpy(all + k, w[i].lat, w[i].nlat * sizeof *all);
        k += w[i].nlat;
        free(w[i].lat);
    }
    synth_sort(all, total);
    {
        double secs = (double)(now_us() - t0) / 1e6;
        printf("tierd_rate=%.1f\nstored=%ld\nerrors=%ld\np50_ms=%.2f\np99_ms=%.2f\n", ok / secs,
               ok, errors, synth_ms(all, total, 0.5),
               synth_ms(all, total, 0.99));
    }
    free(all);
    return errors > ok / 100 ? 1 : 0;
}

/* ---- raw mode -------------------------------------------------------------------- */

struct prepared {
    struct application app;
    struct findings f;
    enum rule_set rs;
    const char *status;
};

static struct prepared *prep; /* one per sample */
static const struct tier_config *raw_cfg;
static atomic_long raw_ok, raw_err;
static long *raw_lat;        /* per-store latencies in microseconds, all workers */
static atomic_size_t raw_nlat;
static size_t raw_cap;

static void *raw_worker(void *arg)
{
    char err[512];
    struct db_conn *m = db_connect(raw_cfg, err, sizeof err);

    (void)arg;
    if (m == NULL) {
        fprintf(stderr, "bench: %s\n", err);
        return NULL;
    }
    (void)db_stmt_cache_on(m); /* as tierd's pool connections do */
    while (now_us() < deadline_us) {
        long n = atomic_fetch_add(&serial, 1);
        size_t len;
        char *doc = make_doc(n, &len);
        struct prepared *p = &prep[n % nsamples];
        struct application *app = malloc(sizeof *app);
        struct submission_new sn;
        struct store_finding *rows = malloc(FINDINGS_MAX * sizeof *rows);
        uint64_t id;

        /* the row values of this copy: same facts, its own USCC and bytes */
        memcpy(app, &p->app, sizeof *app);
        memcpy(app->enterprise.uscc, doc + samples[n % nsamples].uscc_off, 18);
        registry_submission_rows(app, &p->f, (int)p->rs, rows, &sn);
        sn.status = p->status;
        sn.doc = doc;
        sn.doc_len = len;
        digest_sha256(doc, len, sn.sha256);
        sn.account_id = 0;
        sn.year = 2026;
        int64_t t0 = now_us();
        if (submission_store(m, &sn, &id, err, sizeof err) == STORE_OK) {
            size_t k = atomic_fetch_add(&raw_nlat, 1);
            if (k < raw_cap)
                raw_lat[k] = (long)(now_us() - t0);
            atomic_fetch_add(&raw_ok, 1);
        } else
            atomic_fetch_add(&raw_err, 1);
        free(app);
        free(rows);
        free(doc);
    }
    db_close(m);
    return NULL;
}

static int run_raw(const char *conf, int seconds, int conns)
{
    static struct tier_config c;
    static pthread_t th[MAX_THREADS];
    struct ingest_schemas *schemas = NULL;
    struct ingest_errors *errs = calloc(1, sizeof *errs);
    char err[512];
    int64_t t0;

    config_defaults(&c);
    if (config_load_file(&c, conf, err, sizeof err) != 0 ||
        config_load_password(&c, err, sizeof err) != 0) {
        fprintf(stderr, "bench: %s\n", err);
        return 2;
    }
    raw_cfg = &c;
    if (ingest_schemas_load(&schemas, c.xsd_dir, errs) != INGEST_OK) {
        fprintf(stderr, "bench: cannot load schemas from %s\n", c.xsd_dir);
        return 2;
    }
    prep = calloc((size_t)nsamples, sizeof *prep);
    for (int i = 0; i < nsamples; i++) {
        struct rules_options opt;
        memset(&opt, 0, sizeof opt);
        if (ingest_application(schemas, samples[i].text, samples[i].len, NULL, &prep[i].app,
                               errs) != INGEST_OK) {
            fprintf(stderr, "bench: sample %d does not ingest\n", i);
            return 2;
        }
        findings_init(&prep[i].f);
        prep[i].rs = prep[i].app.rule_set != RULESET_NONE ? prep[i].app.rule_set : RULESET_2026;
        opt.on = date_today_cst();
        rules_evaluate(&prep[i].app, prep[i].rs, &opt, &prep[i].f);
        prep[i].status = findings_overall(&prep[i].f) == VERDICT_FAIL ? "ineligible" : "received";
    }
    prefix = 'R';
    raw_cap = (size_t)seconds * 20000 + 1;
    raw_lat = malloc(raw_cap * sizeof *raw_lat);
    t0 = now_us();
    deadline_us = t0 + (int64_t)seconds * 1000000;
    for (int i = 0; i < conns; i++)
        pthread_create(&th[i], NULL, raw_worker, NULL);
    for (int i = 0; i < conns; i++)
        pthread_join(th[i], NULL);
    {
        size_t total = atomic_load(&raw_nlat);
        if (total > raw_cap)
            total = raw_cap;
        synth_sort(raw_lat, total);
        printf("raw_rate=%.1f\nraw_stored=%ld\nraw_errors=%ld\nraw_p50_ms=%.2f\n"
               "raw_p99_ms=%.2f\n",
               (double)atomic_load(&raw_ok) / ((double)(now_us() - t0) / 1e6),
               (long)atomic_load(&raw_ok), (long)atomic_load(&raw_err),
               synth_ms(raw_lat, total, 0.5),
               synth_ms(raw_lat, total, 0.99));
    }
    free(raw_lat);
    ingest_schemas_free(schemas);
    config_wipe(&c);
    free(prep);
    free(errs);
    return 0;
}

int main(int argc, char **argv)
{
    if (load_samples() != 0) {
        fprintf(stderr, "bench: no samples in tests/data/*/eligible*.xml (run from the "
                        "repository root)\n");
        return 2;
    }
    if (getenv("BENCH_MARK") != NULL && getenv("BENCH_MARK")[0] >= 'A' &&
        getenv("BENCH_MARK")[0] <= 'H')
        mark = getenv("BENCH_MARK")[0];
    if (argc == 6 && strcmp(argv[1], "http") == 0)
        return run_http(argv[2], argv[3], atoi(argv[4]), atoi(argv[5]));
    if (argc == 5 && strcmp(argv[1], "raw") == 0)
        return run_raw(argv[2], atoi(argv[3]), atoi(argv[4]));
    fprintf(stderr, "usage: bench_ingest http URL TOKEN SECONDS CONNECTIONS\n"
                    "       bench_ingest raw CONFIG SECONDS CONNECTIONS\n"
                    "BENCH_MARK=A..H makes another set of enterprises (default A)\n");
    return 2;
}
