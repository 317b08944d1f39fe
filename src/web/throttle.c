/*
 * throttle.c — per-address sign-in back-off (see web_throttle.h).
 *
 * Open addressing over a power-of-two table; an address may sit in any of
 * PROBE slots from its hash. Looking up never allocates; counting a failure
 * takes the address's slot, else a free or forgotten one, else the one idle
 * longest among the PROBE. Hash: SipHash would do; FNV-1a over a 64-bit
 * random key mixed in first and a final avalanche is enough here, because an
 * attacker cannot see the table and evicting is the worst a collision does.
 */
#include "tier/web_throttle.h"

#include <openssl/rand.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define PROBE 8

struct slot {
    char addr[WEB_THROTTLE_ADDR_MAX]; /* "" = free */
    int failures;
    int64_t last_ms;                  /* time of the last failure */
};

struct web_throttle {
    pthread_mutex_t mu;
    size_t mask;
    uint64_t key;
    struct slot *s;
};

struct web_throttle *web_throttle_new(size_t slots)
{
    struct web_throttle *t = calloc(1, sizeof *t);
    size_t n = 16;

    if (t == NULL)
        return NULL;
    while (n < slots && n < ((size_t)1 << 24))
        n <<= 1;
    t->s = calloc(n, sizeof *t->s);
    if (t->s == NULL || RAND_bytes((unsigned char *)&t->key, sizeof t->key) != 1 ||
        pthread_mutex_init(&t->mu, NULL) != 0) {
        free(t->s);
        free(t);
        return NULL;
    }
    t->mask = n - 1;
    return t;
}

void web_throttle_free(struct web_throttle *t)
{
    if (t == NULL)
        return;
    pthread_mutex_destroy(&t->mu);
    free(t->s);
    free(t);
}

static uint64_t hash(const struct web_throttle *t, const char *addr)
{
    uint64_t h = 0xcbf29ce484222325ull ^ t->key;

    for (const unsigned char *p = (const unsigned char *)addr; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

/* The slot holding addr, or NULL. Caller holds the mutex. */
static struct slot *find(struct web_throttle *t, const char *addr)
{
    uint64_t h = hash(t, addr);

    for (size_t i = 0; i < PROBE; i++) {
        struct slot *s = &t->s[(h + i) & t->mask];
        if (s->addr[0] != '\0' && strcmp(s->addr, addr) == 0)
            return s;
    }
    return NULL;
}

static int forgotten(const struct slot *s, int64_t now_ms)
{
    return s->addr[0] == '\0' || now_ms - s->last_ms >= (int64_t)WEB_THROTTLE_FORGET_S * 1000;
}

static int64_t wait_ms(const struct slot *s, int64_t now_ms)
{
    int64_t need;

    if (s == NULL || forgotten(s, now_ms) || s->failures < WEB_THROTTLE_FREE)
        return 0;
    if (s->failures >= WEB_THROTTLE_LOCK_AT) {
        need = (int64_t)WEB_THROTTLE_LOCK_S * 1000;
    } else {
        int k = s->failures - WEB_THROTTLE_FREE;
        need = k >= 6 ? (int64_t)WEB_THROTTLE_MAX_WAIT_S * 1000 : ((int64_t)1000 << k);
        if (need > (int64_t)WEB_THROTTLE_MAX_WAIT_S * 1000)
            need = (int64_t)WEB_THROTTLE_MAX_WAIT_S * 1000;
    }
    return now_ms - s->last_ms >= need ? 0 : need - (now_ms - s->last_ms);
}

int64_t web_throttle_wait(struct web_throttle *t, const char *addr, int64_t now_ms)
{
    int64_t w;

    if (addr == NULL || strlen(addr) >= WEB_THROTTLE_ADDR_MAX)
        return 0; /* not an address we could have counted */
    pthread_mutex_lock(&t->mu);
    w = wait_ms(find(t, addr), now_ms);
    pthread_mutex_unlock(&t->mu);
    return w;
}

int web_throttle_failed(struct web_throttle *t, const char *addr, int64_t now_ms)
{
    struct slot *s, *victim = NULL;
    uint64_t h;
    int n;

    if (addr == NULL || addr[0] == '\0' || strlen(addr) >= WEB_THROTTLE_ADDR_MAX)
        return 0;
    pthread_mutex_lock(&t->mu);
    s = find(t, addr);
    if (s != NULL && forgotten(s, now_ms))
        s->failures = 0;
    if (s == NULL) {
        h = hash(t, addr);
        for (size_t i = 0; i < PROBE; i++) {
            struct slot *c = &t->s[(h + i) & t->mask];
            if (forgotten(c, now_ms)) {
                victim = c;
                break;
            }
            if (victim == NULL || c->last_ms < victim->last_ms)
                victim = c;
        }
        s = victim;
        memset(s, 0, sizeof *s);
        memcpy(s->addr, addr, strlen(addr) + 1);
    }
    s->failures++;
    s->last_ms = now_ms;
    n = s->failures;
    pthread_mutex_unlock(&t->mu);
    return n;
}

void web_throttle_succeeded(struct web_throttle *t, const char *addr)
{
    struct slot *s;

    if (addr == NULL || strlen(addr) >= WEB_THROTTLE_ADDR_MAX)
        return;
    pthread_mutex_lock(&t->mu);
    s = find(t, addr);
    if (s != NULL)
        memset(s, 0, sizeof *s);
    pthread_mutex_unlock(&t->mu);
}
