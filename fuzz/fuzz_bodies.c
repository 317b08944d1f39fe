/*
 * fuzz_bodies.c — libFuzzer target for the request bodies of the three POST
 * endpoints, each as far as it runs without a database. Every input is sent
 * to all three, as the body of:
 *
 *   POST /v1/submissions  h_submission_post's steps: SHA-256, ingest with the
 *       thread's reused worker under the configured max-body, then either the
 *       422 rejection (render_rejection) or the 403 for another enterprise's
 *       USCC, the rules with a registry that answers yes / no / unknown by a
 *       hash of the question, and the receipt (submission_receipt +
 *       render_receipt) that is sent after COMMIT; only the store is left out;
 *   POST /v1/submissions/{id}/decisions  http_body_parse of <decision>, then
 *       the action's parse and its 422, as h_decision_post does;
 *   POST /v1/certificates/{serial}/revocation  http_body_parse of
 *       <revocation>, then the blank-reason 422, as h_revocation_post does;
 *   POST /apply/upload and /apply/{tier}  the multipart split and the
 *       application form's parse (their parts and fields stay in bounds).
 *
 * The few lines after http_body_parse repeat what the handlers do (they sit
 * between the database calls there). Promises checked: every answer has a
 * status of its kind and a body that is well-formed UTF-8 XML (clients parse
 * it), the rules accept what ingest accepted, and the receipt fits the
 * response. State: the schemas and one ingest worker, made at init; buffers
 * are static and reused. Single-threaded. A broken promise is -1 (fuzz.h).
 */
#include "fuzz.h"
#include "fuzz_check.h"

#include "tier/config.h"
#include "tier/date.h"
#include "tier/digest.h"
#include "tier/http.h"
#include "tier/http_body.h"
#include "tier/http_render.h"
#include "tier/ingest.h"
#include "tier/registry.h"
#include "tier/review.h"
#include "tier/rules.h"
#include "tier/submissions.h"
#include "tier/web_form.h"
#include "tier/web_multipart.h"

#include <libxml/parser.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the post_state of h_submissions.c holds, kept between inputs. */
struct bodies_state {
    struct application app;
    struct findings findings;
    struct store_finding rows[FINDINGS_MAX];
    struct ingest_errors errs;
    struct receipt receipt;
};

static struct ingest_schemas *bodies_schemas;
static struct ingest_worker *bodies_worker;
static struct bodies_state *bodies_st;
static size_t bodies_max_body;

static const struct leading_policy bodies_leading = {
    .min_revenue_fen = 5000000000LL,
    .min_rd_bp = 300,
    .min_years_in_field = 10,
    .min_type1_ip = 5,
    .max_liability_bp = 7000,
};

/* Sample bodies of the review endpoints (the integration tests send these). */
static const struct {
    const char *name;
    const char *text;
} bodies_seeds[] = {
    {"bodies-decision-approve.xml",
     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<decision xmlns=\"urn:tierd:decision:1\">"
     "<action>approve</action><comment>材料齐全，同意。</comment></decision>\n"},
    {"bodies-decision-override.xml",
     "<decision xmlns=\"urn:tierd:decision:1\"><action>recommend</action>"
     "<comment>a &amp; b</comment><overrideReason>专家论证通过</overrideReason></decision>"},
    {"bodies-decision-unknown-action.xml",
     "<decision xmlns=\"urn:tierd:decision:1\"><action>推荐推荐推荐推荐推荐推荐推荐推荐</action>"
     "</decision>"},
    {"bodies-revocation.xml",
     "<?xml version=\"1.0\"?>\n<revocation xmlns=\"urn:tierd:revocation:1\">"
     "<reason>资料不实，依据第二十条撤销。</reason></revocation>\n"},
    {"bodies-revocation-blank.xml",
     "<revocation xmlns=\"urn:tierd:revocation:1\"><reason> \n\t</reason></revocation>"},
};

int fuzz_bodies_init(const char *xsd_dir, const char *seed_dir)
{
    struct ingest_errors *errs = calloc(1, sizeof *errs);
    struct tier_config *cfg = calloc(1, sizeof *cfg);
    enum ingest_status st = INGEST_NOMEM;

    xmlInitParser();
    if (errs != NULL && cfg != NULL) {
        config_defaults(cfg);
        bodies_max_body = cfg->max_body;
        config_wipe(cfg);
        st = ingest_schemas_load(&bodies_schemas, xsd_dir, errs);
        if (st == INGEST_OK)
            st = ingest_worker_new(&bodies_worker, bodies_schemas);
    }
    free(errs);
    free(cfg);
    bodies_st = malloc(sizeof *bodies_st);
    if (st != INGEST_OK || bodies_st == NULL) {
        fuzz_bodies_fini();
        return -1;
    }
    for (size_t i = 0; seed_dir != NULL && i < sizeof bodies_seeds / sizeof bodies_seeds[0];
         i++) {
        char path[4096];
        FILE *f;
        snprintf(path, sizeof path, "%s/%s", seed_dir, bodies_seeds[i].name);
        f = fopen(path, "wb");
        if (f != NULL) {
            fputs(bodies_seeds[i].text, f);
            fclose(f);
        }
    }
    return 0;
}

void fuzz_bodies_fini(void)
{
    ingest_worker_free(bodies_worker);
    ingest_schemas_free(bodies_schemas);
    free(bodies_st);
    bodies_worker = NULL;
    bodies_schemas = NULL;
    bodies_st = NULL;
}

/* The registry: yes, no or unknown, by a hash of the question. */
static int bodies_holds(void *ctx, const char *uscc, enum tier_id tier,
                        const struct tier_date *on)
{
    unsigned h = (unsigned)(uintptr_t)ctx + (unsigned)tier * 31u + (unsigned)on->y;

    for (const char *p = uscc; *p; p++)
        h = h * 33u + (unsigned char)*p;
    return (int)(h % 3u) - 1;
}

static int bodies_answer_ok(const struct http_response *rs, unsigned lo, unsigned hi,
                            const char *what)
{
    if (rs->status < lo || rs->status > hi)
        return fuzz_fail("bodies", "%s: status %u, expected %u..%u", what, rs->status, lo, hi);
    if (!fuzz_well_formed(rs->body.data, rs->body.len))
        return fuzz_fail("bodies", "%s: the %u answer is not well-formed XML: %.*s", what,
                         rs->status, (int)(rs->body.len > 400 ? 400 : rs->body.len),
                         rs->body.data ? rs->body.data : "");
    return 0;
}

static int bodies_submission(const char *body, size_t len, struct http_response *rs)
{
    struct bodies_state *ps = bodies_st;
    struct ingest_limits lim;
    struct rules_options opt;
    struct rules_registry reg = {bodies_holds, (void *)(uintptr_t)len};
    struct submission_new sn;
    struct tier_date today = date_today_cst();
    unsigned char sha[SHA256_LEN];
    char sha_hex[SHA256_HEX_LEN + 1];
    enum ingest_status st;
    enum rule_set rs_used;

    digest_sha256(body, len, sha);
    digest_hex(sha, sizeof sha, sha_hex);
    ingest_limits_default(&lim);
    lim.max_bytes = bodies_max_body;
    ingest_errors_clear(&ps->errs);
    st = ingest_application_with(bodies_schemas, bodies_worker, body, len, &lim, &ps->app,
                                 &ps->errs);
    if (st != INGEST_OK) {
        if (st == INGEST_NOMEM)
            http_error(rs, 500, "internal", "out of memory");
        else
            render_rejection(rs, st, &ps->errs, sha_hex);
        return bodies_answer_ok(rs, 400, 499, "submission refused");
    }
    /* An enterprise account posting another enterprise's document. */
    http_error(rs, 403, "forbidden",
               "account '%s' may submit only for its own enterprise %s; the document is "
               "for %s (/application/enterprise/uscc)",
               "fuzz", "91370100MA3C5LR58K", ps->app.enterprise.uscc);
    if (bodies_answer_ok(rs, 403, 403, "submission for another enterprise") != 0)
        return -1;
    buf_reset(&rs->body);

    rs_used = ps->app.rule_set != RULESET_NONE ? ps->app.rule_set
                                               : rule_set_for_date(today.y, today.m, today.d);
    memset(&opt, 0, sizeof opt);
    opt.on = today;
    opt.registry = &reg;
    opt.leading = (len & 1) ? &bodies_leading : NULL;
    findings_init(&ps->findings);
    if (rules_evaluate(&ps->app, rs_used, &opt, &ps->findings) != 0)
        return fuzz_fail("bodies", "the rules refused an application that ingest accepted");

    registry_submission_rows(&ps->app, &ps->findings, (int)rs_used, ps->rows, &sn);
    sn.doc = body;
    sn.doc_len = len;
    memcpy(sn.sha256, sha, sizeof sha);
    sn.account_id = 1;
    sn.year = today.y;
    submission_now(sn.submitted_at);
    submission_receipt(&sn, 1, "fuzz", &ps->receipt);
    rs->status = 201;
    if (render_receipt(&ps->receipt, &rs->body) != 0)
        return fuzz_fail("bodies", "the receipt does not fit the response");
    return bodies_answer_ok(rs, 201, 201, "receipt");
}

static int bodies_decision(const char *body, size_t len, struct http_response *rs)
{
    struct http_body_field f[3] = {
        {"action", NULL, 1}, {"comment", NULL, 0}, {"overrideReason", NULL, 0}};
    int rc = 0;

    if (http_body_parse("application/xml", body, len, "decision", "urn:tierd:decision:1", f, 3,
                        rs) != 0) {
        rc = bodies_answer_ok(rs, 400, 500, "decision refused");
        goto done;
    }
    if (f[0].out == NULL) {
        rc = fuzz_fail("bodies", "decision parsed without its required <action>");
        goto done;
    }
    if (review_decision_parse(f[0].out) == REVIEW_DECISION_NONE) {
        http_error(rs, 422, "unknown-decision", "<action> is recommend, return, approve or "
                                                "reject, not '%.32s'", f[0].out);
        rc = bodies_answer_ok(rs, 422, 422, "unknown action");
    }
done:
    for (int i = 0; i < 3; i++)
        free(f[i].out);
    return rc;
}

static int bodies_revocation(const char *body, size_t len, struct http_response *rs)
{
    struct http_body_field f[1] = {{"reason", NULL, 1}};
    const char *p;
    int rc = 0;

    if (http_body_parse("application/xml", body, len, "revocation", "urn:tierd:revocation:1",
                        f, 1, rs) != 0) {
        rc = bodies_answer_ok(rs, 400, 500, "revocation refused");
        goto done;
    }
    if (f[0].out == NULL) {
        rc = fuzz_fail("bodies", "revocation parsed without its required <reason>");
        goto done;
    }
    p = f[0].out;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (*p == '\0') {
        http_error(rs, 422, "reason-required", "撤销必须说明理由 (a revocation needs a "
                                               "<reason>)");
        rc = bodies_answer_ok(rs, 422, 422, "blank reason");
    }
done:
    free(f[0].out);
    return rc;
}

/* The enterprise's form bodies (h_enterprise.c): as an upload
 * (multipart/form-data) every part lies inside the body, and as the
 * application form every field within its caps. */
static int bodies_forms(const char *body, size_t len)
{
    struct web_multipart m;
    struct web_form f;
    char err[256];
    int rc = 0;

    if (web_multipart_parse("multipart/form-data; boundary=XyZ", body, len, &m, err,
                            sizeof err) == 0) {
        for (size_t i = 0; i < m.n && rc == 0; i++)
            if (m.p[i].data < body || m.p[i].data + m.p[i].len > body + len ||
                strlen(m.p[i].name) > WEB_MULTIPART_NAME_MAX)
                rc = fuzz_fail("bodies", "multipart part %zu lies outside the body", i + 1);
    }
    if (rc == 0 && web_form_parse_limits(body, len, &web_form_apply, &f, err, sizeof err) == 0) {
        for (size_t i = 0; i < f.n && rc == 0; i++)
            if (strlen(f.f[i].name) > WEB_FORM_APPLY_NAME_MAX ||
                f.f[i].value_len > WEB_FORM_VALUE_MAX)
                rc = fuzz_fail("bodies", "form field %zu passed its caps", i + 1);
        if (f.n > WEB_FORM_APPLY_FIELDS_MAX)
            rc = fuzz_fail("bodies", "%zu form fields, over the cap", f.n);
        web_form_free(&f);
    }
    return rc;
}

int fuzz_bodies_one(const uint8_t *data, size_t size)
{
    const char *body = size ? (const char *)data : "";
    struct http_response rs;
    int rc;

    memset(&rs, 0, sizeof rs);
    buf_init(&rs.body, HTTP_RESPONSE_MAX);
    rc = bodies_submission(body, size, &rs);
    rs.status = 0;
    buf_reset(&rs.body);
    if (rc == 0)
        rc = bodies_decision(body, size, &rs);
    buf_reset(&rs.body);
    rs.status = 0;
    if (rc == 0)
        rc = bodies_revocation(body, size, &rs);
    if (rc == 0)
        rc = bodies_forms(body, size);
    buf_free(&rs.body);
    return rc;
}

#ifndef FUZZ_NO_LIBFUZZER
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (fuzz_bodies_init("xsd", getenv("FUZZ_SEED_DIR")) != 0) {
        fprintf(stderr, "fuzz bodies: cannot load the schemas from ./xsd (run from the "
                        "repository root)\n");
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (fuzz_bodies_one(data, size) != 0)
        abort();
    return 0;
}
#endif
