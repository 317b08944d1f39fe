/*
 * web_rate.h — how many public pages one client address may fetch, in one
 * daemon's memory: a token bucket per address of `rate` pages a second and
 * bursts of 2 × rate (the certificate check is public, cheap and cacheable;
 * the cap stops one address from scraping the registry or wearing the
 * database, not a crowd of honest readers).
 *
 * The table is direct-mapped with a fixed number of slots hashed with a key
 * drawn at creation: memory is bounded whatever the number of addresses, and
 * two addresses that meet in a slot share one bucket until one of them has
 * been idle long enough to be replaced (a second). Thread-safe.
 */
#ifndef TIER_WEB_RATE_H
#define TIER_WEB_RATE_H

#include <stddef.h>
#include <stdint.h>

struct web_rate;

/* `rate` pages a second per address (>= 1), `slots` buckets (rounded up to
 * a power of two, at least 64). NULL when out of memory or the random
 * generator fails. */
struct web_rate *web_rate_new(int rate, size_t slots);

/* NULL is fine. */
void web_rate_free(struct web_rate *r);

/* Take one page for addr at now_ms (a monotonic clock, milliseconds): 0 when
 * it may be served, else the seconds (>= 1) to wait, for Retry-After. */
int web_rate_take(struct web_rate *r, const char *addr, int64_t now_ms);

#endif
