/*
 * auth_limit.c — wrong bearer tokens limited per client address (issue 13).
 *
 * After auth-fail-limit wrong tokens in a row from one address, that address
 * gets 429 with Retry-After, without its token being looked up, for a wait
 * that doubles with each further round: 1 s, 2 s, 4 s … 15 min. A valid
 * token from the address clears its record. Each throttling is counted in
 * /metrics and audited (one row per round, not per request, so the audit
 * log cannot be flooded).
 *
 * Per daemon and in memory: a fixed open-addressed table of AUTH_SLOTS
 * addresses under one mutex; when it is full the record idle the longest in
 * the probe window is reused. Addresses are kept whole (an IPv6 client can
 * change addresses within its /64: the per-address limit is then weaker).
 */
#include "tier/http_call.h"
#include "tier/metrics.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define AUTH_SLOTS 4096
#define AUTH_PROBE 16
#define AUTH_MAX_WAIT_S 900
#define AUTH_FORGET_MS (3600LL * 1000) /* an idle record is forgotten after 1 h */

struct auth_rec {
    char addr[48];      /* "" = free */
    int fails;          /* wrong tokens since the last round began */
    int rounds;         /* throttlings so far: the wait is 2^(rounds-1) s */
    int64_t until_ms;   /* throttled until (monotonic ms) */
    int64_t last_ms;    /* last wrong token */
};

static pthread_mutex_t auth_mu = PTHREAD_MUTEX_INITIALIZER;
static struct auth_rec auth_tab[AUTH_SLOTS];

static int64_t mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint32_t addr_hash(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* The record of addr, or NULL. With make, one is made (reusing a free, a
 * forgotten or else the longest-idle slot of the probe window). Under auth_mu. */
static struct auth_rec *auth_find(const char *addr, int make, int64_t now)
{
    uint32_t h = addr_hash(addr);
    struct auth_rec *spare = NULL;

    for (int i = 0; i < AUTH_PROBE; i++) {
        struct auth_rec *r = &auth_tab[(h + (uint32_t)i) % AUTH_SLOTS];
        if (r->addr[0] != '\0' && strcmp(r->addr, addr) == 0)
            return r;
        if (r->addr[0] == '\0' || now - r->last_ms > AUTH_FORGET_MS) {
            if (spare == NULL || spare->addr[0] != '\0')
                spare = r;
        } else if (spare == NULL || (spare->addr[0] != '\0' && r->last_ms < spare->last_ms)) {
            spare = r;
        }
    }
    if (!make)
        return NULL;
    memset(spare, 0, sizeof *spare);
    snprintf(spare->addr, sizeof spare->addr, "%s", addr);
    return spare;
}

int http_auth_wait(const char *addr)
{
    int64_t now = mono_ms(), left = 0;
    struct auth_rec *r;

    pthread_mutex_lock(&auth_mu);
    r = auth_find(addr, 0, now);
    if (r != NULL && r->until_ms > now)
        left = r->until_ms - now;
    pthread_mutex_unlock(&auth_mu);
    return left > 0 ? (int)((left + 999) / 1000) : 0;
}

int http_auth_failed(const char *addr, int limit, long *fails_out)
{
    int64_t now = mono_ms();
    struct auth_rec *r;
    int wait_s = 0;

    pthread_mutex_lock(&auth_mu);
    r = auth_find(addr, 1, now);
    r->last_ms = now;
    if (++r->fails >= limit) {
        wait_s = r->rounds >= 10 ? AUTH_MAX_WAIT_S : 1 << r->rounds;
        if (wait_s > AUTH_MAX_WAIT_S)
            wait_s = AUTH_MAX_WAIT_S;
        r->rounds++;
        r->until_ms = now + (int64_t)wait_s * 1000;
        *fails_out = r->fails;
        r->fails = 0;
    }
    pthread_mutex_unlock(&auth_mu);
    return wait_s;
}

void http_auth_succeeded(const char *addr)
{
    struct auth_rec *r;

    pthread_mutex_lock(&auth_mu);
    r = auth_find(addr, 0, mono_ms());
    if (r != NULL)
        memset(r, 0, sizeof *r);
    pthread_mutex_unlock(&auth_mu);
}
