/*
 * metrics.c — Prometheus counters for tierd (see include/tier/metrics.h).
 *
 * Fixed arrays of atomics indexed by route and status code, so recording is
 * a few relaxed atomic adds on the request path and rendering reads a
 * consistent-enough snapshot (Prometheus tolerates counters read mid-update).
 * Route id -1 (no route matched) is kept under the label "none".
 */
#include "tier/metrics.h"

#include "tier/registry.h"
#include "tier/tier.h"

#include <stdatomic.h>
#include <stdio.h>

#define NSTATUS 600
static const int64_t bucket_us[] = {1000,   2500,   5000,    10000,   25000,   50000,  100000,
                                    250000, 500000, 1000000, 2500000, 5000000, 10000000};
#define NBUCKETS ((int)(sizeof bucket_us / sizeof bucket_us[0]))

struct route_stats {
    atomic_uint_fast64_t by_status[NSTATUS];
    atomic_uint_fast64_t bucket[NBUCKETS + 1]; /* last = +Inf */
    atomic_uint_fast64_t sum_us;
    atomic_uint_fast64_t count;
};

static struct route_stats stats[METRICS_MAX_ROUTES + 1]; /* [0] = no route */
static atomic_uint_fast64_t submissions[TIER_COUNT + 1][OUTCOME_COUNT]; /* [0] = unknown tier */
static atomic_uint_fast64_t validation_bucket[NBUCKETS + 1];
static atomic_uint_fast64_t validation_sum_us, validation_count, db_retries;
static const char *const outcome_names[OUTCOME_COUNT] = {"received", "ineligible", "duplicate",
                                                        "invalid"};

void metrics_submission(int tier, enum submission_outcome o)
{
    if (tier < -1 || tier >= TIER_COUNT)
        tier = -1;
    if ((int)o < 0 || o >= OUTCOME_COUNT)
        return;
    atomic_fetch_add_explicit(&submissions[tier + 1][o], 1, memory_order_relaxed);
}

void metrics_validation(int64_t micros)
{
    int b;

    for (b = 0; b < NBUCKETS && micros > bucket_us[b]; b++)
        ;
    atomic_fetch_add_explicit(&validation_bucket[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&validation_sum_us, (uint64_t)(micros < 0 ? 0 : micros),
                              memory_order_relaxed);
    atomic_fetch_add_explicit(&validation_count, 1, memory_order_relaxed);
}

void metrics_db_retry(void)
{
    atomic_fetch_add_explicit(&db_retries, 1, memory_order_relaxed);
}

static atomic_uint_fast64_t cuts[CUT_COUNT];
static const char *const cut_names[CUT_COUNT] = {"too-large", "body-budget", "framing", "slow",
                                                 "hung-up"};

static atomic_uint_fast64_t signin_refused[SIGNIN_FAIL_COUNT];
static const char *const signin_names[SIGNIN_FAIL_COUNT] = {"wrong-password", "account-locked",
                                                            "address-throttled"};

void metrics_signin_refused(enum metrics_signin r)
{
    if ((unsigned)r < SIGNIN_FAIL_COUNT)
        atomic_fetch_add_explicit(&signin_refused[r], 1, memory_order_relaxed);
}

void metrics_cut(enum metrics_cut r)
{
    if ((int)r >= 0 && r < CUT_COUNT)
        atomic_fetch_add_explicit(&cuts[r], 1, memory_order_relaxed);
}

static atomic_uint_fast64_t auths[AUTH_M_COUNT];

void metrics_auth(enum metrics_auth what)
{
    if ((int)what >= 0 && what < AUTH_M_COUNT)
        atomic_fetch_add_explicit(&auths[what], 1, memory_order_relaxed);
}

/* Prometheus "le" labels: seconds without trailing zeros ("0.0025"). */
static void le_label(int64_t us, char *out, size_t n)
{
    int len = snprintf(out, n, "%lld.%06lld", (long long)(us / 1000000),
                       (long long)(us % 1000000));
    while (len > 2 && out[len - 1] == '0' && out[len - 2] != '.')
        out[--len] = '\0';
}
static const char *const *names;
static int nroutes;

void metrics_init(const char *const *route_names, int n)
{
    names = route_names;
    nroutes = n > METRICS_MAX_ROUTES ? METRICS_MAX_ROUTES : n;
}

void metrics_record(int route, unsigned int status, int64_t micros)
{
    struct route_stats *s;
    int b;

    if (route < -1 || route >= nroutes)
        route = -1;
    s = &stats[route + 1];
    if (status < NSTATUS)
        atomic_fetch_add_explicit(&s->by_status[status], 1, memory_order_relaxed);
    for (b = 0; b < NBUCKETS && micros > bucket_us[b]; b++)
        ;
    atomic_fetch_add_explicit(&s->bucket[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&s->sum_us, (uint64_t)(micros < 0 ? 0 : micros),
                              memory_order_relaxed);
    atomic_fetch_add_explicit(&s->count, 1, memory_order_relaxed);
}

static const char *route_name(int i)
{
    return i == 0 ? "none" : names[i - 1];
}

int metrics_render(struct buf *o)
{
    int rc = 0;

    rc |= buf_adds(o, "# HELP tierd_http_requests_total HTTP requests by route and status.\n"
                      "# TYPE tierd_http_requests_total counter\n");
    for (int r = 0; r <= nroutes; r++) {
        for (int st = 0; st < NSTATUS; st++) {
            uint64_t v = atomic_load_explicit(&stats[r].by_status[st], memory_order_relaxed);
            if (v)
                rc |= buf_printf(o, "tierd_http_requests_total{route=\"%s\",status=\"%d\"} %llu\n",
                                 route_name(r), st, (unsigned long long)v);
        }
    }
    rc |= buf_adds(o, "# HELP tierd_http_request_duration_seconds Time from request to "
                      "response.\n# TYPE tierd_http_request_duration_seconds histogram\n");
    for (int r = 0; r <= nroutes; r++) {
        uint64_t cum = 0, count = atomic_load(&stats[r].count);
        if (count == 0)
            continue;
        for (int b = 0; b <= NBUCKETS; b++) {
            cum += atomic_load_explicit(&stats[r].bucket[b], memory_order_relaxed);
            if (b < NBUCKETS) {
                char le[32];
                le_label(bucket_us[b], le, sizeof le);
                rc |= buf_printf(o,
                                 "tierd_http_request_duration_seconds_bucket{route=\"%s\","
                                 "le=\"%s\"} %llu\n",
                                 route_name(r), le, (unsigned long long)cum);
            } else
                rc |= buf_printf(o,
                                 "tierd_http_request_duration_seconds_bucket{route=\"%s\","
                                 "le=\"+Inf\"} %llu\n",
                                 route_name(r), (unsigned long long)cum);
        }
        uint64_t sum = atomic_load(&stats[r].sum_us);
        rc |= buf_printf(o, "tierd_http_request_duration_seconds_sum{route=\"%s\"} %llu.%06llu\n",
                         route_name(r), (unsigned long long)(sum / 1000000),
                         (unsigned long long)(sum % 1000000));
        rc |= buf_printf(o, "tierd_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
                         route_name(r), (unsigned long long)count);
    }
    rc |= buf_adds(o, "# HELP tierd_submissions_total Applications posted, by tier and "
                      "outcome.\n# TYPE tierd_submissions_total counter\n");
    for (int t = 0; t <= TIER_COUNT; t++) {
        const struct tier_info *ti = t ? tier_get((enum tier_id)(t - 1)) : NULL;
        for (int k = 0; k < OUTCOME_COUNT; k++) {
            uint64_t v = atomic_load_explicit(&submissions[t][k], memory_order_relaxed);
            if (v)
                rc |= buf_printf(o, "tierd_submissions_total{tier=\"%s\",outcome=\"%s\"} %llu\n",
                                 ti ? ti->code : "unknown", outcome_names[k],
                                 (unsigned long long)v);
        }
    }
    {
        uint64_t cum = 0, sum = atomic_load(&validation_sum_us);
        rc |= buf_adds(o, "# HELP tierd_validation_duration_seconds Parse, schema, extraction "
                          "and rules for one document.\n"
                          "# TYPE tierd_validation_duration_seconds histogram\n");
        for (int b = 0; b <= NBUCKETS; b++) {
            char le[32];
            cum += atomic_load_explicit(&validation_bucket[b], memory_order_relaxed);
            if (b < NBUCKETS)
                le_label(bucket_us[b], le, sizeof le);
            else
                snprintf(le, sizeof le, "+Inf");
            rc |= buf_printf(o, "tierd_validation_duration_seconds_bucket{le=\"%s\"} %llu\n", le,
                             (unsigned long long)cum);
        }
        rc |= buf_printf(o, "tierd_validation_duration_seconds_sum %llu.%06llu\n"
                            "tierd_validation_duration_seconds_count %llu\n",
                         (unsigned long long)(sum / 1000000), (unsigned long long)(sum % 1000000),
                         (unsigned long long)atomic_load(&validation_count));
    }
    rc |= buf_printf(o, "# HELP tierd_db_retries_total Transactions run again after a deadlock "
                        "or lost connection.\n# TYPE tierd_db_retries_total counter\n"
                        "tierd_db_retries_total %llu\n",
                     (unsigned long long)atomic_load(&db_retries));
    rc |= buf_printf(o, "# HELP tierd_web_signin_refused_total Sign-ins refused on the pages, "
                        "by reason.\n# TYPE tierd_web_signin_refused_total counter\n");
    for (int i = 0; i < SIGNIN_FAIL_COUNT; i++)
        rc |= buf_printf(o, "tierd_web_signin_refused_total{reason=\"%s\"} %llu\n",
                         signin_names[i], (unsigned long long)atomic_load(&signin_refused[i]));
    rc |= buf_printf(o, "# HELP tierd_http_cut_total Connections cut off by the transport's "
                        "limits, by reason.\n# TYPE tierd_http_cut_total counter\n");
    for (int i = 0; i < CUT_COUNT; i++)
        rc |= buf_printf(o, "tierd_http_cut_total{reason=\"%s\"} %llu\n", cut_names[i],
                         (unsigned long long)atomic_load(&cuts[i]));
    rc |= buf_printf(o,
                     "# HELP tierd_auth_wrong_tokens_total Bearer tokens refused as unknown, "
                     "expired or revoked (401).\n# TYPE tierd_auth_wrong_tokens_total counter\n"
                     "tierd_auth_wrong_tokens_total %llu\n"
                     "# HELP tierd_auth_throttled_total Times an address was made to wait after "
                     "auth-fail-limit wrong tokens.\n# TYPE tierd_auth_throttled_total counter\n"
                     "tierd_auth_throttled_total %llu\n"
                     "# HELP tierd_auth_refused_total Requests answered 429 while their address "
                     "waited.\n# TYPE tierd_auth_refused_total counter\n"
                     "tierd_auth_refused_total %llu\n",
                     (unsigned long long)atomic_load(&auths[AUTH_M_WRONG]),
                     (unsigned long long)atomic_load(&auths[AUTH_M_THROTTLE]),
                     (unsigned long long)atomic_load(&auths[AUTH_M_REFUSED]));
    rc |= buf_printf(o,
                     "# HELP tierd_db_errors_total Database errors (connect, prepare, execute).\n"
                     "# TYPE tierd_db_errors_total counter\ntierd_db_errors_total %llu\n",
                     (unsigned long long)registry_db_errors());
    return rc ? -1 : 0;
}
