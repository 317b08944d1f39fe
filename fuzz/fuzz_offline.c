/*
 * fuzz_offline.c — libFuzzer target for the whole offline path, the one
 * `tierctl validate` runs: arbitrary bytes -> ingest_application (secure
 * parse, tier from the namespace, XSD validation, typed extraction) ->
 * rules_evaluate under the document's own rule set, 2022 and 2026.
 *
 * The schemas are compiled once (init) from "xsd" relative to the working
 * directory; everything per input lives in static buffers reused across
 * inputs, as a tierd worker thread would reuse them. Options vary with the
 * input's length so that both "titles held" and "nothing held", and both a
 * configured and an unconfigured 领航 policy, are judged. A broken promise of
 * ingest.h or rules.h (a status out of range, an unterminated string, a
 * finding list over its cap, a known tier the rules refuse) is reported as
 * -1; see fuzz.h. Single-threaded, like libFuzzer's loop.
 */
#include "fuzz.h"
#include "fuzz_check.h"

#include "tier/application.h"
#include "tier/buf.h"
#include "tier/ingest.h"
#include "tier/rules.h"
#include "tier/tier.h"

#include <libxml/parser.h>

#include <stdio.h>
#include <stdlib.h>

static struct ingest_schemas *offline_schemas;
static struct application *offline_app;
static struct ingest_errors *offline_errs;
static struct findings *offline_findings;

/* A 领航 policy with every threshold configured (domain.md §8a). */
static const struct leading_policy offline_leading = {
    .min_revenue_fen = 5000000000LL, /* 5,000万元 */
    .min_rd_bp = 300,
    .min_years_in_field = 10,
    .min_type1_ip = 5,
    .max_liability_bp = 7000,
};

int fuzz_offline_init(const char *xsd_dir)
{
    struct ingest_errors *errs = calloc(1, sizeof *errs);
    enum ingest_status st;

    if (errs == NULL)
        return -1;
    xmlInitParser();
    st = ingest_schemas_load(&offline_schemas, xsd_dir, errs);
    for (int i = 0; i < errs->count; i++)
        fprintf(stderr, "fuzz offline: schema %s: %s\n", errs->e[i].path, errs->e[i].message);
    free(errs);
    offline_app = malloc(sizeof *offline_app);
    offline_errs = malloc(sizeof *offline_errs);
    offline_findings = malloc(sizeof *offline_findings);
    if (st != INGEST_OK || offline_app == NULL || offline_errs == NULL ||
        offline_findings == NULL) {
        fuzz_offline_fini();
        return -1;
    }
    return 0;
}

void fuzz_offline_fini(void)
{
    ingest_schemas_free(offline_schemas);
    offline_schemas = NULL;
    free(offline_app);
    free(offline_errs);
    free(offline_findings);
    offline_app = NULL;
    offline_errs = NULL;
    offline_findings = NULL;
}

static int offline_check_errors(const struct ingest_errors *e)
{
    if (e->count < 0 || e->count > INGEST_MAX_ERRORS || e->dropped < 0)
        return fuzz_fail("offline", "error list count %d dropped %d", e->count, e->dropped);
    for (int i = 0; i < e->count; i++) {
        if (!fuzz_terminated(e->e[i].path, sizeof e->e[i].path) ||
            !fuzz_terminated(e->e[i].message, sizeof e->e[i].message))
            return fuzz_fail("offline", "error %d has an unterminated string", i);
    }
    return 0;
}

static int offline_check_findings(const struct findings *f)
{
    struct buf b;
    int rc = 0;

    if (f->count > FINDINGS_MAX)
        return fuzz_fail("offline", "%zu findings kept, cap %d", f->count, FINDINGS_MAX);
    if ((unsigned)findings_overall(f) > VERDICT_FAIL)
        return fuzz_fail("offline", "overall verdict %d", (int)findings_overall(f));
    buf_init(&b, 4096);
    for (size_t i = 0; i < f->count && rc == 0; i++) {
        const struct finding *x = &f->items[i];
        if (x->rule_id == NULL || x->clause == NULL || (unsigned)x->verdict > VERDICT_FAIL ||
            !fuzz_terminated(x->measured, sizeof x->measured) ||
            !fuzz_terminated(x->threshold, sizeof x->threshold) ||
            !fuzz_terminated(x->text, sizeof x->text) ||
            !fuzz_terminated(x->xpath, sizeof x->xpath)) {
            rc = fuzz_fail("offline", "finding %zu (%s) is malformed", i,
                           x->rule_id ? x->rule_id : "no id");
            break;
        }
        buf_reset(&b);
        (void)finding_format(x, &b); /* may be -1 at the cap; must not overrun */
    }
    buf_free(&b);
    return rc;
}

int fuzz_offline_one(const uint8_t *data, size_t size)
{
    static const enum rule_set sets[] = {RULESET_NONE, RULESET_2022, RULESET_2026};
    struct rules_options opt = {0};
    enum ingest_status st;

    ingest_errors_clear(offline_errs);
    st = ingest_application(offline_schemas, (const char *)data, size, NULL, offline_app,
                            offline_errs);
    if ((unsigned)st > INGEST_TOO_COMPLEX) /* the last status of enum ingest_status */
        return fuzz_fail("offline", "status %d out of range", (int)st);
    if (offline_check_errors(offline_errs) != 0)
        return -1;
    if (st != INGEST_OK)
        return 0;
    if ((int)offline_app->tier < 0 || offline_app->tier >= TIER_COUNT)
        return fuzz_fail("offline", "ingest accepted a document of tier %d",
                         (int)offline_app->tier);

    opt.holds = (size & 1) ? ~0u : 0u;
    opt.leading = (size % 3 == 0) ? &offline_leading : NULL;
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        findings_init(offline_findings);
        if (rules_evaluate(offline_app, sets[i], &opt, offline_findings) != 0)
            return fuzz_fail("offline", "rules refused an ingested %s application",
                             tier_get(offline_app->tier)->code);
        if (offline_check_findings(offline_findings) != 0)
            return -1;
    }
    return 0;
}

#ifndef FUZZ_NO_LIBFUZZER
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (fuzz_offline_init("xsd") != 0) {
        fprintf(stderr, "fuzz offline: cannot load the schemas from ./xsd (run from the "
                        "repository root)\n");
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (fuzz_offline_one(data, size) != 0)
        abort();
    return 0;
}
#endif
