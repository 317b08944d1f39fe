/*
 * routes.c — the route table, the prologue every route runs, and the
 * operational handlers (/healthz, /metrics). Application handlers live in
 * files of their own beside this.
 *
 * A route states what it needs (a token, a role, a submission id in {id});
 * http_route_run checks those once, in that order, before the route's own
 * use runs, so no handler repeats the prologue. Order in the table matters
 * only among patterns that could match the same path: the first match wins.
 */
#include "tier/http_call.h"
#include "tier/http_handlers.h"
#include "tier/metrics.h"
#include "tier/role.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* GET /healthz: what the registry's checker last saw, from memory (so it
 * answers at once while the database hangs). 200 ok; 503 "degraded" while
 * writes fail (reads still work) or "unavailable" while the database does
 * not answer, each with a reason code. */
static void h_healthz(struct http_call *call)
{
    struct http_response *rs = call->rs;
    struct reg_health_view v;
    static const char *const status[] = {"ok", "degraded", "unavailable"};

    registry_health_view(call->reg, &v);
    rs->status = v.state == REG_HEALTH_OK ? 200 : 503;
    rs->content_type = HTTP_XML_TYPE;
    if (v.state == REG_HEALTH_DEGRADED)
        rs->retry_after = strcmp(v.reason, "signer-down") == 0 ? 5 : REG_CANNOT_WRITE_RETRY_S;
    else if (v.state != REG_HEALTH_OK)
        rs->retry_after = 5;
    /* The database's own words stay in the log (the checker writes them):
     * they name hosts, users and versions that an unauthenticated caller
     * has no business reading. */
    buf_printf(&rs->body,
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<health xmlns=\"urn:tierd:health:1\">\n"
               "  <status>%s</status>\n"
               "  <reason>%s</reason>\n"
               "  <version>%s</version>\n"
               "  <database state=\"%s\" checkMicros=\"%lld\" checkedMillisAgo=\"%lld\" "
               "writes=\"%s\">%s</database>\n"
               "  <signer state=\"%s\" restarts=\"%u\"/>\n</health>\n",
               status[v.state], v.reason, TIER_VERSION,
               v.state == REG_HEALTH_DOWN ? "down" : "up", (long long)v.check_us,
               (long long)v.checked_ms_ago, v.state == REG_HEALTH_DEGRADED ? "failing" : "ok",
               v.state == REG_HEALTH_DOWN ? "unreachable" : "", v.signer, v.signer_restarts);
}

/* POST /v1/test/faults/{spec}: tests only (tierd --fault-injection), an
 * admin arms the pool's fault hook. spec is KIND:NTH[:ERRNUM[:sticky]] or
 * KIND:commit, KIND error, drop, lost-reply or none. 404 when not enabled. */
static void h_fault_arm(struct http_call *call)
{
    char kind[16] = "";
    unsigned int errnum = 0;
    int nth = 0, n;
    char sticky[8] = "";

    /* "lost-reply:commit" aims at the COMMIT, whatever its number */
    if (!call->reg->fault_injection) {
        http_error(call->rs, 404, "not-found", "no such resource");
        return;
    }
    if (http_authenticate(call) != 0)
        return;
    if (call->who.role != ROLE_ADMIN) {
        http_error(call->rs, 403, "forbidden", "only an admin may arm faults");
        return;
    }
    n = sscanf(call->rq->params[0], "%15[a-z-]:%d:%u:%7s", kind, &nth, &errnum, sticky);
    if (n == 1 && strstr(call->rq->params[0], ":commit") != NULL)
        nth = -1;
    if (n < 1 || registry_fault_arm(call->reg, nth, kind, errnum,
                                    strcmp(sticky, "sticky") == 0) != 0) {
        http_error(call->rs, 404, "not-found", "no such resource");
        return;
    }
    call->rs->status = 200;
    call->rs->content_type = "text/plain; charset=utf-8";
    buf_printf(&call->rs->body, "armed %s at statement %d\n", kind, nth);
}

static void h_metrics(struct http_call *call)
{
    struct http_response *rs = call->rs;
    uint64_t batches, batched;
    struct reg_write_state ws;
    struct reg_health_view v = {.deadline_cuts = 0};

    registry_write_state(&ws);
    if (call->reg->health != NULL)
        registry_health_view(call->reg, &v); /* memory only with a checker */
    rs->status = 200;
    rs->content_type = "text/plain; version=0.0.4; charset=utf-8";
    registry_batch_stats(call->reg, &batches, &batched);
    if (metrics_render(&rs->body) != 0 ||
        buf_printf(&rs->body,
                   "# HELP tierd_store_batches_total Transactions that stored more than one "
                   "application.\n# TYPE tierd_store_batches_total counter\n"
                   "tierd_store_batches_total %llu\n"
                   "# HELP tierd_store_batched_total Applications stored in those "
                   "transactions.\n# TYPE tierd_store_batched_total counter\n"
                   "tierd_store_batched_total %llu\n",
                   (unsigned long long)batches, (unsigned long long)batched) != 0 ||
        buf_printf(&rs->body,
                   "# HELP tierd_db_cannot_write_total Writes refused because the database "
                   "cannot write (disk or table full, read-only).\n"
                   "# TYPE tierd_db_cannot_write_total counter\n"
                   "tierd_db_cannot_write_total %llu\n"
                   "# HELP tierd_db_writes_degraded 1 while writes fail so (/healthz degraded).\n"
                   "# TYPE tierd_db_writes_degraded gauge\ntierd_db_writes_degraded %d\n"
                   "# HELP tierd_db_deadline_cuts_total Database connections cut because their "
                   "request's deadline passed.\n# TYPE tierd_db_deadline_cuts_total counter\n"
                   "tierd_db_deadline_cuts_total %llu\n",
                   (unsigned long long)ws.failures, ws.degraded,
                   (unsigned long long)v.deadline_cuts) != 0 ||
        buf_printf(&rs->body,
                   "# HELP tierd_signer_up 1 while the signer process serves (0: approvals "
                   "answer 503).\n# TYPE tierd_signer_up gauge\ntierd_signer_up %d\n"
                   "# HELP tierd_signer_restarts_total Signer processes started after the "
                   "first.\n# TYPE tierd_signer_restarts_total counter\n"
                   "tierd_signer_restarts_total %u\n",
                   v.signer != NULL && (strcmp(v.signer, "up") == 0 ||
                                        strcmp(v.signer, "in-process") == 0),
                   v.signer_restarts) != 0)
        http_error(rs, 500, "internal", "metrics text is larger than the response limit");
}

#define TOKEN HTTP_NEEDS_TOKEN
#define ID (HTTP_NEEDS_TOKEN | HTTP_NEEDS_ID)
#define ANY 0u
#define SUBMITTERS (ROLE_BIT(ROLE_ENTERPRISE) | ROLE_BIT(ROLE_ADMIN))
#define REVIEWERS (ROLE_BIT(ROLE_CITY_REVIEWER) | ROLE_BIT(ROLE_PROVINCE_REVIEWER) | \
                   ROLE_BIT(ROLE_ADMIN))
#define PROVINCE ROLE_BIT(ROLE_PROVINCE_REVIEWER)
#define ADMIN ROLE_BIT(ROLE_ADMIN)
#define RUN http_route_run
#define SESSION HTTP_NEEDS_SESSION

static const struct http_route routes[] = {
    /* method  pattern                                  metrics name     needs  roles */
    {"GET", "/healthz", "healthz", RUN, 0, ANY, h_healthz},
    {"GET", "/metrics", "metrics", RUN, 0, ANY, h_metrics},
    {"POST", "/v1/submissions", "submission_post", RUN, TOKEN | HTTP_TOKEN_CONFIRMED, SUBMITTERS,
     h_submission_post},
    {"GET", "/v1/submissions", "submission_list", RUN, TOKEN, ANY, h_submission_list},
    {"GET", "/v1/submissions/{id}", "submission_get", RUN, ID, ANY, h_submission_get},
    {"GET", "/v1/submissions/{id}/document", "submission_document", RUN, ID, ANY,
     h_submission_document},
    {"GET", "/v1/enterprises/{uscc}", "enterprise_get", RUN, TOKEN, ANY, h_enterprise_get},
    {"GET", "/v1/reports/{year}", "report_get", RUN, TOKEN, REVIEWERS, h_report_get},
    {"POST", "/v1/submissions/{id}/decisions", "decision_post", RUN, ID, ANY, h_decision_post},
    {"GET", "/v1/submissions/{id}/decisions", "decision_list", RUN, ID, ANY, h_decision_list},
    {"GET", "/v1/certificates/{serial}", "certificate_get", RUN, 0, ANY, h_certificate_get},
    {"GET", "/v1/certificates/{serial}/document", "certificate_document", RUN, 0, ANY,
     h_certificate_document},
    {"POST", "/v1/certificates/{serial}/revocation", "revocation_post", RUN, TOKEN, PROVINCE,
     h_revocation_post},
    {"GET", "/v1/revocations", "revocations_get", RUN, 0, ANY, h_revocations_get},
    {"POST", "/v1/certificates/{serial}/updates", "update_post", RUN, TOKEN, SUBMITTERS,
     h_update_post},
    {"GET", "/v1/certificates/{serial}/updates", "updates_get", RUN, 0, ANY, h_updates_get},
    {"GET", "/v1/updates/missing", "updates_missing", RUN, TOKEN, REVIEWERS, h_updates_missing},
    {"GET", "/v1/expiring", "expiring_get", RUN, TOKEN, REVIEWERS, h_expiring_get},
    {"GET", "/v1/keys", "keys_get", RUN, 0, ANY, h_keys_get},
    {"GET", "/v1/certificates/{serial}/bundle", "certificate_bundle", RUN, 0, ANY,
     h_certificate_bundle},
    {"GET", "/v1/log/checkpoint", "log_checkpoint", RUN, 0, ANY, h_log_checkpoint},
    {"GET", "/v1/log/entries", "log_entries", RUN, 0, ANY, h_log_entries},
    {"GET", "/v1/log/proof/inclusion", "log_inclusion", RUN, 0, ANY, h_log_inclusion},
    {"GET", "/v1/log/proof/consistency", "log_consistency", RUN, 0, ANY, h_log_consistency},
    /* the public notice and its objections (h_notice.c, issue 17) */
    {"GET", "/v1/notices", "notices_get", RUN, 0, ANY, h_notices_get},
    {"POST", "/v1/notices/{id}/objections", "objection_post", RUN, HTTP_NEEDS_ID, ANY,
     h_objection_post},
    {"GET", "/v1/submissions/{id}/objections", "objections_get", RUN, ID, REVIEWERS,
     h_objections_get},
    {"POST", "/v1/objections/{oid}/decision", "objection_judge", RUN, TOKEN, PROVINCE,
     h_objection_judge},
    {"GET", "/notices", "notices_page", RUN, 0, ANY, h_notices_page},
    {"GET", "/notices/{id}/objection", "notice_objection_page", RUN, HTTP_NEEDS_ID, ANY,
     h_notice_objection_page},
    {"POST", "/notices/{id}/objection", "notice_objection_post", RUN, HTTP_NEEDS_ID, ANY,
     h_notice_objection_post},
    /* the reviewers' pages (h_pages.c) */
    {"GET", "/", "page_home", RUN, 0, ANY, h_page_home},
    {"GET", "/signin", "page_signin", RUN, 0, ANY, h_page_signin},
    {"POST", "/signin", "page_signin_post", RUN, 0, ANY, h_page_signin_post},
    {"POST", "/signout", "page_signout", RUN, SESSION, ANY, h_page_signout},
    {"GET", "/queue", "page_queue", RUN, SESSION, ANY, h_page_queue},
    {"GET", "/applications/{id}", "page_application", RUN, SESSION | HTTP_NEEDS_ID, ANY,
     h_page_application},
    {"GET", "/applications/{id}/document.xml", "page_document", RUN, SESSION | HTTP_NEEDS_ID,
     ANY, h_page_document},
    {"POST", "/applications/{id}/decisions", "page_decision", RUN, SESSION | HTTP_NEEDS_ID, ANY,
     h_page_decision},
    {"POST", "/applications/{id}/objections/{oid}", "page_objection", RUN,
     SESSION | HTTP_NEEDS_ID, ANY, h_page_objection},
    {"GET", "/certificates", "page_certificates", RUN, SESSION, ANY, h_page_certificates},
    {"GET", "/certificates/{serial}", "page_certificate", RUN, SESSION, ANY,
     h_page_certificate},
    {"POST", "/certificates/{serial}/revocation", "page_revocation", RUN, SESSION, ANY,
     h_page_revocation},
    {"GET", "/report", "page_report", RUN, SESSION, ANY, h_page_report},
    {"GET", "/admin/keys", "page_keys", RUN, SESSION, ANY, h_page_keys},
    /* the enterprise's pages (h_enterprise.c): other roles see the not-found page */
    {"GET", "/apply", "page_apply_index", RUN, SESSION, ANY, h_page_apply_index},
    {"POST", "/apply/upload", "page_apply_upload", RUN, SESSION, ANY, h_page_apply_upload},
    {"GET", "/apply/{tier}", "page_apply", RUN, SESSION, ANY, h_page_apply},
    {"POST", "/apply/{tier}", "page_apply_post", RUN, SESSION, ANY, h_page_apply_post},
    {"GET", "/my", "page_my", RUN, SESSION, ANY, h_page_my},
    {"GET", "/drafts/{id}/document.xml", "page_draft_document", RUN, SESSION | HTTP_NEEDS_ID,
     ANY, h_page_draft_document},
    {"POST", "/drafts/{id}/delete", "page_draft_delete", RUN, SESSION | HTTP_NEEDS_ID, ANY,
     h_page_draft_delete},
    /* accounts and targets (h_admin.c): the API for admins, the pages (not found for others) */
    {"GET", "/v1/accounts", "accounts_get", RUN, TOKEN, ADMIN, h_accounts_get},
    {"GET", "/v1/targets", "targets_get", RUN, TOKEN, ADMIN, h_targets_get},
    {"GET", "/admin/accounts", "page_accounts", RUN, SESSION, ANY, h_page_accounts},
    {"POST", "/admin/accounts", "page_account_add", RUN, SESSION, ANY, h_page_account_add},
    {"POST", "/admin/accounts/{name}/{act}", "page_account_act", RUN, SESSION, ANY,
     h_page_account_act},
    {"GET", "/admin/targets", "page_targets", RUN, SESSION, ANY, h_page_targets},
    {"POST", "/admin/targets", "page_target_set", RUN, SESSION, ANY, h_page_target_set},
    {"GET", "/check/{serial}", "check_page", RUN, 0, ANY, h_check_page},
    {"GET", "/check/{serial}/print", "check_print", RUN, 0, ANY, h_check_print},
    {"GET", "/published", "published_page", RUN, 0, ANY, h_published_page},
    {"GET", "/summary", "summary_page", RUN, 0, ANY, h_summary_page},
    {"GET", "/static/tierd.css", "static_css", RUN, 0, ANY, h_static_css},
    /* tests only; without --fault-injection it does not exist (404 before any token check) */
    {"POST", "/v1/test/faults/{spec}", "test_faults", RUN, 0, ANY, h_fault_arm},
};

const struct http_route *http_routes(int *n)
{
    *n = (int)(sizeof routes / sizeof routes[0]);
    return routes;
}

/* "enterprise, admin" for a set of roles. */
static void roles_text(unsigned set, char *out, size_t cap, int zh)
{
    size_t l = 0;

    out[0] = '\0';
    for (int r = ROLE_NONE + 1; r < ROLE_COUNT; r++) {
        if ((set & ROLE_BIT(r)) && l < cap)
            l += (size_t)snprintf(out + l, cap - l, "%s%s", l ? (zh ? "、" : ", ") : "",
                                  zh ? role_name_zh((enum role)r) : role_name((enum role)r));
    }
}

static void route_run(const struct http_route *rt, struct http_request *rq,
                      struct http_response *rs)
{
    struct http_call call;

    memset(&call, 0, sizeof call);
    call.rq = rq;
    call.rs = rs;
    call.reg = rq->env->reg;
    call.confirmable = (rt->needs & HTTP_TOKEN_CONFIRMED) != 0;
    if ((rt->needs & HTTP_NEEDS_TOKEN) && http_authenticate(&call) != 0)
        return;
    if ((rt->needs & HTTP_NEEDS_SESSION) && http_page_session(&call) != 0)
        return;
    if (rt->roles != 0 && !(rt->roles & ROLE_BIT(call.who.role))) {
        char zh[128], en[128];
        roles_text(rt->roles, zh, sizeof zh, 1);
        roles_text(rt->roles, en, sizeof en, 0);
        http_error(rs, 403, "forbidden", "只有%s可以这样做 (only %s may do this; '%s' is a %s)",
                   zh, en, call.who.name, role_name(call.who.role));
        return;
    }
    if ((rt->needs & HTTP_NEEDS_ID) && (rt->needs & HTTP_NEEDS_SESSION) &&
        http_parse_id(rq->params[0], &call.id) != 0) {
        h_page_not_found(&call);
        return;
    }
    if ((rt->needs & HTTP_NEEDS_ID) && http_parse_id(rq->params[0], &call.id) != 0) {
        http_error(rs, 404, "not-found", "no submission %.32s", rq->params[0]);
        return;
    }
    rt->use(&call);
}

/* The route's own work runs within the request's deadline for the
 * database: db-timeout from the start, the token check included. */
void http_route_run(struct http_request *rq, struct http_response *rs)
{
    const struct http_route *rt;
    int n;

    rt = http_routes(&n);
    if (rq->route < 0 || rq->route >= n) {
        http_error(rs, 404, "not-found", "no such resource");
        return;
    }
    registry_request_begin(rq->env->reg, rq->queued_ms);
    route_run(rt + rq->route, rq, rs);
    registry_request_end();
}
