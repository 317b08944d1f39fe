/*
 * health.c — the background health check, the per-request deadline and
 * the test hook that arms the pool's faults (see registry.h).
 *
 * /healthz must answer at once even while the database hangs, so it never
 * talks to the database: it reads what the checker thread last saw. The
 * checker pings once a second through the pool (a pooled link that died
 * with a restart is dropped and a fresh one tried at once, so the answer is
 * right on the first check after the database returns) and, while writes
 * fail with "cannot write", probes a write of its own so the degraded
 * spell ends without waiting for a client who was told to come back later.
 *
 * A second thread, the watchdog, cuts every 100 ms the pooled connections
 * whose borrower is past its deadline (db_pool_cut_overdue): a request
 * waits for the database no longer than db-timeout plus that tick, however
 * many statements it runs, and a statement cut at COMMIT says "outcome
 * unknown" as a lost network would.
 *
 * Threads: the view is atomics only; start and stop are the main thread's.
 */
#include "registry_int.h"

#include "tier/registry_web.h"

#include "tier/config.h"
#include "tier/db.h"
#include "tier/probe.h"
#include "tier/signer.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHECK_EVERY_MS 1000
#define WATCH_EVERY_MS 100
#define CHECK_SLOW_MS 500 /* a check waiting longer reads as "not answering" */

enum db_seen { SEEN_NONE = 0, SEEN_UP, SEEN_DOWN };

struct reg_health {
    struct registry *r;
    pthread_t check, watch;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int stop;                      /* under mu */
    atomic_int seen;               /* enum db_seen of the last finished check */
    atomic_llong checking_since;   /* CLOCK_MONOTONIC ms a check began; 0 none running */
    atomic_llong checked_at;       /* ms the last check finished */
    atomic_llong check_us;
    atomic_uint_fast64_t cuts;
};

/* Sleep ms, or less when asked to stop. 1 when stopping. */
static int nap(struct reg_health *h, int ms)
{
    struct timespec until;
    int stop;

    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += (long)ms * 1000000L;
    until.tv_sec += until.tv_nsec / 1000000000L;
    until.tv_nsec %= 1000000000L;
    pthread_mutex_lock(&h->mu);
    if (!h->stop)
        pthread_cond_timedwait(&h->cv, &h->mu, &until);
    stop = h->stop;
    pthread_mutex_unlock(&h->mu);
    return stop;
}

/* While degraded: try the probe write; its result is the write state's. */
static void probe_write(struct registry *r)
{
    struct reg_write_state ws;
    char err[256];
    struct db_conn *m;
    enum store_result sr;

    registry_write_state(&ws);
    if (!ws.degraded)
        return;
    m = db_pool_get(r->db, CHECK_SLOW_MS, err, sizeof err);
    if (m == NULL)
        return;
    sr = store_write_probe(m, err, sizeof err);
    db_pool_put(r->db, m, sr == STORE_CONN);
    reg_write_note(sr);
}

/* One check: ping (and probe a write while degraded); its result is the
 * view's. */
static void check_once(struct reg_health *h)
{
    struct registry *r = h->r;
    int timeout_s = r->cfg != NULL ? r->cfg->db_timeout : 5;

    {
        char err[512] = "";
        int64_t t0 = db_now_ms();
        struct timespec a, b;
        int up;

        atomic_store(&h->checking_since, (long long)t0);
        /* the check's own deadline: a hung server is cut by the watchdog */
        db_deadline_set(t0 + (int64_t)timeout_s * 1000);
        clock_gettime(CLOCK_MONOTONIC, &a);
        up = registry_health(r, err, sizeof err) == 0;
        clock_gettime(CLOCK_MONOTONIC, &b);
        if (up)
            probe_write(r);
        db_deadline_set(0);
        if (!up && atomic_load(&h->seen) != SEEN_DOWN)
            fprintf(stderr, "tierd: health: the database check failed: %s\n", err);
        atomic_store(&h->check_us, (long long)((b.tv_sec - a.tv_sec) * 1000000L +
                                               (b.tv_nsec - a.tv_nsec) / 1000));
        atomic_store(&h->seen, up ? SEEN_UP : SEEN_DOWN);
        atomic_store(&h->checked_at, (long long)db_now_ms());
        atomic_store(&h->checking_since, 0);
    }
}

/* Expired web sessions go every REG_SESSIONS_PURGE_EVERY_S seconds (a
 * bounded delete; a failure is said once until one succeeds). */
static void purge_sessions(struct reg_health *h, int *failing)
{
    char err[256];
    uint64_t removed = 0;

    db_deadline_set(db_now_ms() + 5000);
    if (registry_sessions_purge(h->r, &removed, err, sizeof err) != 0) {
        if (!*failing)
            fprintf(stderr, "tierd: expired web sessions not purged: %s\n", err);
        *failing = 1;
    } else {
        *failing = 0;
    }
    db_deadline_set(0);
}

static void *check_loop(void *arg)
{
    struct reg_health *h = arg;
    int64_t next_purge = db_now_ms() + 1000;
    int failing = 0;

    while (!nap(h, CHECK_EVERY_MS)) {
        check_once(h);
        if (db_now_ms() >= next_purge && atomic_load(&h->seen) == SEEN_UP) {
            purge_sessions(h, &failing);
            next_purge = db_now_ms() + REG_SESSIONS_PURGE_EVERY_S * 1000;
        }
    }
    return NULL;
}

static void *watch_loop(void *arg)
{
    struct reg_health *h = arg;

    do {
        int n = db_pool_cut_overdue(h->r->db);
        if (n > 0)
            atomic_fetch_add(&h->cuts, (uint64_t)n);
    } while (!nap(h, WATCH_EVERY_MS));
    return NULL;
}

int registry_health_start(struct registry *r, char *err, size_t errsz)
{
    struct reg_health *h = calloc(1, sizeof *h);

    if (h == NULL) {
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    h->r = r;
    pthread_mutex_init(&h->mu, NULL);
    pthread_cond_init(&h->cv, NULL);
    if (pthread_create(&h->watch, NULL, watch_loop, h) != 0) {
        snprintf(err, errsz, "cannot start the database watchdog thread");
        goto fail;
    }
    /* the first check before serving, so the first /healthz is already
     * right (bounded: the watchdog runs and db-timeout is its deadline) */
    check_once(h);
    if (pthread_create(&h->check, NULL, check_loop, h) != 0) {
        pthread_mutex_lock(&h->mu);
        h->stop = 1;
        pthread_cond_broadcast(&h->cv);
        pthread_mutex_unlock(&h->mu);
        pthread_join(h->watch, NULL);
        snprintf(err, errsz, "cannot start the health check thread");
        goto fail;
    }
    r->health = h;
    return 0;
fail:
    pthread_mutex_destroy(&h->mu);
    pthread_cond_destroy(&h->cv);
    free(h);
    return -1;
}

void registry_health_stop(struct registry *r)
{
    struct reg_health *h = r->health;

    if (h == NULL)
        return;
    pthread_mutex_lock(&h->mu);
    h->stop = 1;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
    pthread_join(h->check, NULL);
    pthread_join(h->watch, NULL);
    pthread_mutex_destroy(&h->mu);
    pthread_cond_destroy(&h->cv);
    free(h);
    r->health = NULL;
}

/* The signer process's part of the view: a dead one makes a healthy
 * registry degraded (submissions work, approvals answer 503). */
static void signer_state(struct registry *r, struct reg_health_view *out)
{
    struct signer_view sv;

    signer_view(r->signer, &sv);
    out->signer_restarts = sv.restarts;
    if (r->signer == NULL)
        out->signer = "none";
    else if (!sv.spawned)
        out->signer = "in-process";
    else
        out->signer = sv.up ? "up" : sv.gone ? "gone" : "down";
    if (sv.spawned && !sv.up && out->state == REG_HEALTH_OK) {
        out->state = REG_HEALTH_DEGRADED;
        out->reason = "signer-down";
    }
}

void registry_health_view(struct registry *r, struct reg_health_view *out)
{
    struct reg_health *h = r->health;
    struct reg_write_state ws;
    int64_t now = db_now_ms(), since;
    int seen;

    memset(out, 0, sizeof *out);
    registry_write_state(&ws);
    if (h == NULL) {
        char err[512];
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        seen = registry_health(r, err, sizeof err) == 0 ? SEEN_UP : SEEN_DOWN;
        clock_gettime(CLOCK_MONOTONIC, &b);
        out->check_us = (b.tv_sec - a.tv_sec) * 1000000L + (b.tv_nsec - a.tv_nsec) / 1000;
        since = 0;
    } else {
        seen = atomic_load(&h->seen);
        since = (int64_t)atomic_load(&h->checking_since);
        out->check_us = (int64_t)atomic_load(&h->check_us);
        out->checked_ms_ago = seen != SEEN_NONE ? now - (int64_t)atomic_load(&h->checked_at) : 0;
        out->deadline_cuts = (uint64_t)atomic_load(&h->cuts);
    }
    if (since > 0 && now - since > CHECK_SLOW_MS) {
        out->state = REG_HEALTH_DOWN;
        out->reason = "database-not-answering";
    } else if (seen == SEEN_NONE) {
        out->state = REG_HEALTH_DOWN;
        out->reason = "starting";
    } else if (seen == SEEN_DOWN) {
        out->state = REG_HEALTH_DOWN;
        out->reason = "database-unreachable";
    } else if (ws.degraded) {
        out->state = REG_HEALTH_DEGRADED;
        out->reason = "cannot-write";
    } else {
        out->state = REG_HEALTH_OK;
        out->reason = "ok";
    }
    signer_state(r, out);
}

void registry_request_begin(struct registry *r, int64_t since_ms)
{
    int s = r->cfg != NULL ? r->cfg->db_timeout : 5;

    /* db_now_ms and the transport's clock are both CLOCK_MONOTONIC */
    db_deadline_set((since_ms > 0 ? since_ms : db_now_ms()) + (int64_t)s * 1000);
}

void registry_request_end(void)
{
    db_deadline_set(0);
}

int registry_fault_arm(struct registry *r, int nth, const char *kind, unsigned int errnum,
                       int sticky)
{
    if (!r->fault_injection)
        return -1;
    if (nth < 0)
        nth = DB_FAULT_AT_COMMIT;
    if (strcmp(kind, "none") == 0)
        db_fault_arm(r->db, 0, DB_FAULT_NONE);
    else if (strcmp(kind, "error") == 0)
        db_fault_arm_error(r->db, nth, errnum, sticky);
    else if (strcmp(kind, "drop") == 0)
        db_fault_arm(r->db, nth, DB_FAULT_DROP);
    else if (strcmp(kind, "lost-reply") == 0)
        db_fault_arm(r->db, nth, DB_FAULT_LOST_REPLY);
    else
        return -1;
    return 0;
}
