/*
 * web_cache.h — rendered public pages kept in one daemon's memory, keyed by
 * everything the page depends on (a certificate check: the serial, its
 * state today, its revocation time), so a hit is the page that would be
 * rendered again, never a stale one. Direct-mapped, a fixed number of slots
 * of at most WEB_CACHE_PAGE_MAX bytes: memory is bounded. Thread-safe.
 */
#ifndef TIER_WEB_CACHE_H
#define TIER_WEB_CACHE_H

#include "tier/buf.h"

#include <stddef.h>

#define WEB_CACHE_KEY_MAX 160
#define WEB_CACHE_PAGE_MAX (32u << 10)
#define WEB_CACHE_TAG_MAX 72

struct web_cache;

/* `slots` pages (rounded up to a power of two, at least 16). NULL when out
 * of memory or the random generator fails. */
struct web_cache *web_cache_new(size_t slots);

/* NULL is fine. */
void web_cache_free(struct web_cache *c);

/* The page stored under key: 1 with its bytes appended to out and its tag
 * copied to tag (WEB_CACHE_TAG_MAX bytes), or 0 (out unchanged). A NULL
 * cache never has a page. */
int web_cache_get(struct web_cache *c, const char *key, struct buf *out, char *tag);

/* Keep page (len bytes) and its tag under key, replacing whatever shared
 * its slot; a page over WEB_CACHE_PAGE_MAX or a key over WEB_CACHE_KEY_MAX
 * is not kept. */
void web_cache_put(struct web_cache *c, const char *key, const char *page, size_t len,
                   const char *tag);

#endif
