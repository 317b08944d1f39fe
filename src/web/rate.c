/*
 * rate.c — per-address token buckets for the public pages (see web_rate.h).
 * Tokens are kept in thousandths so a bucket refills smoothly at any rate.
 */
#include "tier/web_rate.h"

#include <openssl/rand.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define ADDR_MAX 64

struct bucket {
    char addr[ADDR_MAX];   /* "" = free */
    int64_t milli;         /* tokens × 1000 */
    int64_t at_ms;         /* when milli was last brought up to date */
};

struct web_rate {
    pthread_mutex_t mu;
    int64_t rate, burst_milli;
    uint64_t key;
    size_t mask;
    struct bucket *b;
};

struct web_rate *web_rate_new(int rate, size_t slots)
{
    struct web_rate *r = calloc(1, sizeof *r);
    size_t n = 64;

    if (r == NULL || rate < 1)
        goto fail;
    while (n < slots && n < ((size_t)1 << 22))
        n <<= 1;
    r->b = calloc(n, sizeof *r->b);
    if (r->b == NULL || RAND_bytes((unsigned char *)&r->key, sizeof r->key) != 1 ||
        pthread_mutex_init(&r->mu, NULL) != 0)
        goto fail;
    r->mask = n - 1;
    r->rate = rate;
    r->burst_milli = 2000LL * rate;
    return r;
fail:
    if (r != NULL)
        free(r->b);
    free(r);
    return NULL;
}

void web_rate_free(struct web_rate *r)
{
    if (r == NULL)
        return;
    pthread_mutex_destroy(&r->mu);
    free(r->b);
    free(r);
}

static size_t slot_of(const struct web_rate *r, const char *addr)
{
    uint64_t h = 0xcbf29ce484222325ull ^ r->key;

    for (const unsigned char *p = (const unsigned char *)addr; *p; p++)
        h = (h ^ *p) * 0x100000001b3ull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 29;
    return (size_t)(h & r->mask);
}

int web_rate_take(struct web_rate *r, const char *addr, int64_t now_ms)
{
    struct bucket *b;
    int64_t dt, wait_s = 0;

    if (r == NULL)
        return 0;
    pthread_mutex_lock(&r->mu);
    b = &r->b[slot_of(r, addr)];
    dt = now_ms - b->at_ms;
    if (dt < 0)
        dt = 0;
    if (b->addr[0] == '\0' || (strncmp(b->addr, addr, ADDR_MAX - 1) != 0 && dt >= 1000)) {
        /* free, or another address's bucket idle for a second: a full bucket */
        strncpy(b->addr, addr, ADDR_MAX - 1);
        b->addr[ADDR_MAX - 1] = '\0';
        b->milli = r->burst_milli;
    } else {
        b->milli += dt * r->rate;
        if (b->milli > r->burst_milli)
            b->milli = r->burst_milli;
    }
    b->at_ms = now_ms;
    if (b->milli >= 1000)
        b->milli -= 1000;
    else
        wait_s = (1000 - b->milli + r->rate * 1000 - 1) / (r->rate * 1000);
    pthread_mutex_unlock(&r->mu);
    return wait_s > 0 ? (int)(wait_s < 1 ? 1 : wait_s) : 0;
}
