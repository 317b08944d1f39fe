/*
 * bench_validate.c — `make bench-validate`: how fast the whole offline path
 * judges an application, beside the raw rate of libxml2 alone on the same
 * document, measured in the same run (issue 3, "Performance").
 *
 *   full  ingest_application_with (secure parse with its guards, tier from the
 *         namespace, XSD validation with the thread's reused worker,
 *         extraction into struct application) + rules_evaluate, exactly the
 *         work tierd does for a submission before the database.
 *   raw   xmlReadMemory with the parse options ingest uses + xmlSchemaValidateDoc
 *         with one reused validation context on ingest_schemas_get(schemas, tier)
 *         + xmlFreeDoc: the floor that any XML front end pays.
 *
 * For each tier's sample (tests/data/<tier>/eligible.xml, else
 * eligible-2026.xml), single-threaded, SECONDS x ROUNDS of each measure, cut
 * into 50 ms slices that alternate raw, full, full, raw, ... so that both see
 * the same machine. Time is the thread's CPU time (CLOCK_THREAD_CPUTIME_ID), so
 * other processes on a shared machine do not count against either; a slice's
 * rate is documents / CPU seconds. Reported: the median slice rate of each,
 * and the median of the ratios of neighbouring slices. Goal: full >= 85% of raw.
 *
 *   bench_validate [SECONDS [ROUNDS]]     (default 1 and 3; run from the
 *                                          repository root: ./xsd, ./tests/data)
 *
 * Exit: 0 with the table printed (a tier under the goal is marked, not an
 * error: this is a benchmark, not a timed test); 2 when set-up fails.
 */
#include "tier/application.h"
#include "tier/ingest.h"
#include "tier/rules.h"
#include "tier/tier.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define GOAL_PERCENT 85.0

/* The options ingest_parse gives libxml2 (src/ingest/xml_safe.c, SAFE_OPTIONS):
 * the raw rate is measured with the same parser work. */
#define RAW_OPTIONS                                                                          \
    (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT | XML_PARSE_BIG_LINES |         \
     XML_PARSE_IGNORE_ENC)

#define SLICE_S 0.05 /* one slice of a measure, CPU seconds */
#define MAX_SLICES 4096

struct sample {
    enum tier_id tier;
    char path[256];
    char *text;
    size_t len;
    xmlSchemaValidCtxtPtr vctxt; /* raw: one reused context */
    double full, raw, ratio;     /* medians: docs per CPU second, full / raw */
};

/* Shared by the full-path loop: allocated once, as a worker thread would. */
static struct ingest_schemas *schemas;
static struct ingest_worker *worker;
static struct application *app;
static struct findings *findings;
static struct ingest_errors *errs;

/* This thread's CPU time in seconds. */
static double cpu_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* The median of v[0..n) (sorts v). */
static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *p = NULL;
    long n;

    if (f == NULL)
        return NULL;
    n = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (n > 0 && fseek(f, 0, SEEK_SET) == 0) {
        p = malloc((size_t)n + 1);
        if (p != NULL && fread(p, 1, (size_t)n, f) != (size_t)n) {
            free(p);
            p = NULL;
        }
        if (p != NULL) {
            p[n] = '\0';
            *len = (size_t)n;
        }
    }
    fclose(f);
    return p;
}

/* One document through the whole offline path. 0, or -1 when it is refused
 * or cannot be judged (the sample is then not usable). */
static int full_once(const struct sample *s)
{
    static const struct rules_options opt; /* offline, reference date from the document */

    ingest_errors_clear(errs);
    if (ingest_application_with(schemas, worker, s->text, s->len, NULL, app, errs) != INGEST_OK)
        return -1;
    findings_init(findings);
    return rules_evaluate(app, RULESET_NONE, &opt, findings);
}

/* One document through libxml2 alone. 0, or -1 when it does not parse or validate. */
static int raw_once(const struct sample *s)
{
    xmlDocPtr doc = xmlReadMemory(s->text, (int)s->len, NULL, NULL, RAW_OPTIONS);
    int rc;

    if (doc == NULL)
        return -1;
    rc = xmlSchemaValidateDoc(s->vctxt, doc);
    xmlFreeDoc(doc);
    return rc == 0 ? 0 : -1;
}

/* Documents per CPU second of fn over one slice of `seconds`. The clock is
 * read every 16 documents (a document takes tens of microseconds; reading
 * the thread clock, well under one). */
static double rate(int (*fn)(const struct sample *), const struct sample *s, double seconds)
{
    double t0 = cpu_s(), t = t0;
    long n = 0;

    while (t - t0 < seconds) {
        for (int i = 0; i < 16; i++)
            fn(s);
        n += 16;
        t = cpu_s();
    }
    return (double)n / (t - t0);
}

/* Measure one sample: `slices` pairs of neighbouring raw and full slices. */
static void measure(struct sample *s, int slices)
{
    static double raw[MAX_SLICES], full[MAX_SLICES], ratio[MAX_SLICES];

    for (int k = 0; k < slices; k++) {
        /* alternate the order so that neither always runs first */
        if (k % 2 == 0) {
            raw[k] = rate(raw_once, s, SLICE_S);
            full[k] = rate(full_once, s, SLICE_S);
        } else {
            full[k] = rate(full_once, s, SLICE_S);
            raw[k] = rate(raw_once, s, SLICE_S);
        }
        ratio[k] = full[k] / raw[k];
    }
    s->raw = median(raw, slices);
    s->full = median(full, slices);
    s->ratio = median(ratio, slices);
}

/* Silence libxml2 during the raw loop: the samples are valid, and a message
 * per document would measure the terminal. */
static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

int main(int argc, char **argv)
{
    struct sample samples[TIER_COUNT];
    double seconds = argc > 1 ? atof(argv[1]) : 1.0;
    int rounds = argc > 2 ? atoi(argv[2]) : 3;
    int n = 0, below = 0, slices, rc = 2;

    if (seconds <= 0 || rounds <= 0) {
        fprintf(stderr, "usage: bench_validate [SECONDS [ROUNDS]]\n");
        return 2;
    }
    app = malloc(sizeof *app);
    findings = malloc(sizeof *findings);
    errs = malloc(sizeof *errs);
    if (app == NULL || findings == NULL || errs == NULL) {
        fprintf(stderr, "bench_validate: out of memory\n");
        goto done;
    }
    if (ingest_schemas_load(&schemas, "xsd", errs) != INGEST_OK) {
        fprintf(stderr, "bench_validate: cannot load ./xsd (%s); run from the repository "
                        "root\n", errs->count > 0 ? errs->e[0].message : "?");
        goto done;
    }
    if (ingest_worker_new(&worker, schemas) != INGEST_OK)
        goto done;
    xmlSetGenericErrorFunc(NULL, quiet);

    for (int t = 0; t < TIER_COUNT; t++) {
        const struct tier_info *ti = tier_get((enum tier_id)t);
        struct sample *s = &samples[n];

        memset(s, 0, sizeof *s);
        s->tier = (enum tier_id)t;
        snprintf(s->path, sizeof s->path, "tests/data/%s/eligible.xml", ti->code);
        s->text = slurp(s->path, &s->len);
        if (s->text == NULL) {
            snprintf(s->path, sizeof s->path, "tests/data/%s/eligible-2026.xml", ti->code);
            s->text = slurp(s->path, &s->len);
        }
        if (s->text == NULL) {
            fprintf(stderr, "bench_validate: no sample for %s; skipped\n", ti->code);
            continue;
        }
        s->vctxt = xmlSchemaNewValidCtxt(ingest_schemas_get(schemas, s->tier));
        if (s->vctxt == NULL) {
            free(s->text);
            goto done;
        }
        if (full_once(s) != 0 || raw_once(s) != 0) {
            fprintf(stderr, "bench_validate: %s does not pass the %s path; skipped\n",
                    s->path, full_once(s) != 0 ? "full" : "raw");
            xmlSchemaFreeValidCtxt(s->vctxt);
            free(s->text);
            continue;
        }
        n++;
    }
    if (n == 0) {
        fprintf(stderr, "bench_validate: no usable samples in tests/data (run from the "
                        "repository root)\n");
        goto done;
    }

    /* Warm up caches and the allocator once. */
    for (int i = 0; i < n; i++) {
        rate(raw_once, &samples[i], SLICE_S);
        rate(full_once, &samples[i], SLICE_S);
    }
    slices = (int)(seconds * rounds / SLICE_S + 0.5);
    if (slices < 1)
        slices = 1;
    if (slices > MAX_SLICES)
        slices = MAX_SLICES;
    for (int i = 0; i < n; i++)
        measure(&samples[i], slices);

    printf("bench_validate: one thread; per tier %d + %d slices of %.0f ms CPU time, "
           "interleaved; medians; libxml2 %s\n"
           "  full = ingest_application_with (guarded parse + tier + XSD with a reused worker"
           " + extraction) + rules_evaluate\n"
           "  raw  = xmlReadMemory (same options) + xmlSchemaValidateDoc (reused context)"
           " + xmlFreeDoc\n\n",
           slices, slices, SLICE_S * 1000, xmlParserVersion);
    printf("%-20s %6s %12s %12s %8s %6s\n", "tier", "bytes", "full docs/s", "raw docs/s",
           "ratio", "goal");
    for (int i = 0; i < n; i++) {
        const struct sample *s = &samples[i];
        double pct = 100.0 * s->ratio;

        printf("%-20s %6zu %12.0f %12.0f %7.1f%% %5.0f%%%s\n", tier_get(s->tier)->code, s->len,
               s->full, s->raw, pct, GOAL_PERCENT, pct < GOAL_PERCENT ? "  below goal" : "");
        if (pct < GOAL_PERCENT)
            below++;
    }
    printf("\n%d of %d tiers at or above the goal\n", n - below, n);
    rc = 0;

done:
    for (int i = 0; i < n; i++) {
        xmlSchemaFreeValidCtxt(samples[i].vctxt);
        free(samples[i].text);
    }
    ingest_worker_free(worker);
    ingest_schemas_free(schemas);
    free(app);
    free(findings);
    free(errs);
    return rc;
}
