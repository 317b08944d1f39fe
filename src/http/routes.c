/*
 * routes.c — the route table, and the operational handlers (/healthz,
 * /metrics). Application handlers live in files of their own beside this.
 *
 * Order matters only among patterns that could match the same path: the
 * first match wins.
 */
#include "tier/batch.h"
#include "tier/config.h"
#include "tier/db.h"
#include "tier/http.h"
#include "tier/http_handlers.h"
#include "tier/metrics.h"

#include <mysql.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char XML_TYPE[] = "application/xml; charset=utf-8";

/* Ping the database with a pooled connection. A connection that fails is
 * dropped and one fresh connection is tried, so the first check after the
 * database returns already says "up". */
static int db_check(struct db_pool *db, char *err, size_t errsz)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        MYSQL *m = db_pool_get(db, 1000, err, errsz);
        if (m == NULL)
            return -1;
        if (mysql_ping(m) == 0) {
            db_pool_put(db, m, 0);
            return 0;
        }
        snprintf(err, errsz, "%s", mysql_error(m));
        db_count_error();
        db_pool_put(db, m, 1);
    }
    return -1;
}

static void h_healthz(struct http_request *rq, struct http_response *rs)
{
    char err[512] = "";
    struct timespec a, b;
    long us;
    int up;

    clock_gettime(CLOCK_MONOTONIC, &a);
    up = db_check(rq->env->db, err, sizeof err) == 0;
    clock_gettime(CLOCK_MONOTONIC, &b);
    us = (b.tv_sec - a.tv_sec) * 1000000L + (b.tv_nsec - a.tv_nsec) / 1000;

    rs->status = up ? 200 : 503;
    rs->content_type = XML_TYPE;
    if (!up)
        rs->retry_after = 5;
    buf_printf(&rs->body,
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<health xmlns=\"urn:tierd:health:1\">\n"
               "  <status>%s</status>\n"
               "  <version>%s</version>\n"
               "  <database state=\"%s\" checkMicros=\"%ld\">",
               up ? "ok" : "unavailable", TIER_VERSION, up ? "up" : "down", us);
    /* The database's own words stay in the log: they name hosts, users and
     * versions that an unauthenticated caller has no business reading. */
    if (!up) {
        fprintf(stderr, "tierd: /healthz: the database check failed: %s\n", err);
        buf_adds(&rs->body, "unreachable");
    }
    buf_adds(&rs->body, "</database>\n</health>\n");
}

static void h_metrics(struct http_request *rq, struct http_response *rs)
{
    uint64_t batches, batched;

    rs->status = 200;
    rs->content_type = "text/plain; version=0.0.4; charset=utf-8";
    store_batcher_stats(rq->env->batcher, &batches, &batched);
    if (metrics_render(&rs->body) != 0 ||
        buf_printf(&rs->body,
                   "# HELP tierd_store_batches_total Transactions that stored more than one "
                   "application.\n# TYPE tierd_store_batches_total counter\n"
                   "tierd_store_batches_total %llu\n"
                   "# HELP tierd_store_batched_total Applications stored in those "
                   "transactions.\n# TYPE tierd_store_batched_total counter\n"
                   "tierd_store_batched_total %llu\n",
                   (unsigned long long)batches, (unsigned long long)batched) != 0)
        http_error(rs, 500, "internal", "metrics text is larger than the response limit");
}

static const struct http_route routes[] = {
    {"GET", "/healthz", "healthz", h_healthz},
    {"GET", "/metrics", "metrics", h_metrics},
    {"POST", "/v1/submissions", "submission_post", h_submission_post},
    {"GET", "/v1/submissions", "submission_list", h_submission_list},
    {"GET", "/v1/submissions/{id}", "submission_get", h_submission_get},
    {"GET", "/v1/submissions/{id}/document", "submission_document", h_submission_document},
    {"GET", "/v1/enterprises/{uscc}", "enterprise_get", h_enterprise_get},
    {"GET", "/v1/reports/{year}", "report_get", h_report_get},
    {"POST", "/v1/submissions/{id}/decisions", "decision_post", h_decision_post},
    {"GET", "/v1/submissions/{id}/decisions", "decision_list", h_decision_list},
    {"GET", "/v1/certificates/{serial}", "certificate_get", h_certificate_get},
    {"GET", "/v1/certificates/{serial}/document", "certificate_document",
     h_certificate_document},
    {"POST", "/v1/certificates/{serial}/revocation", "revocation_post", h_revocation_post},
    {"GET", "/v1/revocations", "revocations_get", h_revocations_get},
    {"GET", "/v1/keys", "keys_get", h_keys_get},
};

const struct http_route *http_routes(int *n)
{
    *n = (int)(sizeof routes / sizeof routes[0]);
    return routes;
}
