/*
 * cache.c — rendered public pages in memory (see web_cache.h). One mutex per
 * slot, so threads reading different certificates never wait on each other;
 * the work under it is a copy of a few KiB.
 */
#include "tier/web_cache.h"

#include <openssl/rand.h>

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct slot {
    pthread_mutex_t mu;
    char key[WEB_CACHE_KEY_MAX]; /* "" = empty */
    char tag[WEB_CACHE_TAG_MAX];
    char *page;
    size_t len;
};

struct web_cache {
    uint64_t seed;
    size_t mask;
    struct slot *s;
};

struct web_cache *web_cache_new(size_t slots)
{
    struct web_cache *c = calloc(1, sizeof *c);
    size_t n = 16;

    if (c == NULL)
        return NULL;
    while (n < slots && n < ((size_t)1 << 20))
        n <<= 1;
    c->s = calloc(n, sizeof *c->s);
    if (c->s == NULL || RAND_bytes((unsigned char *)&c->seed, sizeof c->seed) != 1) {
        free(c->s);
        free(c);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        pthread_mutex_init(&c->s[i].mu, NULL);
    c->mask = n - 1;
    return c;
}

void web_cache_free(struct web_cache *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i <= c->mask; i++) {
        pthread_mutex_destroy(&c->s[i].mu);
        free(c->s[i].page);
    }
    free(c->s);
    free(c);
}

static struct slot *slot_of(struct web_cache *c, const char *key)
{
    uint64_t h = 0xcbf29ce484222325ull ^ c->seed;

    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 0x100000001b3ull;
    h ^= h >> 31;
    return &c->s[h & c->mask];
}

int web_cache_get(struct web_cache *c, const char *key, struct buf *out, char *tag)
{
    struct slot *s;
    int hit = 0;

    if (c == NULL)
        return 0;
    s = slot_of(c, key);
    pthread_mutex_lock(&s->mu);
    if (s->key[0] != '\0' && strcmp(s->key, key) == 0 && buf_add(out, s->page, s->len) == 0) {
        memcpy(tag, s->tag, WEB_CACHE_TAG_MAX);
        hit = 1;
    }
    pthread_mutex_unlock(&s->mu);
    return hit;
}

void web_cache_put(struct web_cache *c, const char *key, const char *page, size_t len,
                   const char *tag)
{
    struct slot *s;
    char *copy;

    if (c == NULL || len > WEB_CACHE_PAGE_MAX || strlen(key) >= WEB_CACHE_KEY_MAX ||
        strlen(tag) >= WEB_CACHE_TAG_MAX)
        return;
    copy = malloc(len ? len : 1);
    if (copy == NULL)
        return;
    memcpy(copy, page, len);
    s = slot_of(c, key);
    pthread_mutex_lock(&s->mu);
    free(s->page);
    s->page = copy;
    s->len = len;
    snprintf(s->key, sizeof s->key, "%s", key);
    snprintf(s->tag, sizeof s->tag, "%s", tag);
    pthread_mutex_unlock(&s->mu);
}
