/*
 * web_throttle.h — per-address back-off for sign-in attempts, in one daemon's
 * memory (the per-account lock-out is in the database, shared by every
 * daemon: web_sessions_store.h).
 *
 * Policy, per client address: the first WEB_THROTTLE_FREE failures cost
 * nothing; after that each attempt must wait 2^(k) seconds after the last
 * failure (k = failures - WEB_THROTTLE_FREE, so 1 s, 2 s, 4 s … capped at
 * WEB_THROTTLE_MAX_WAIT_S); from WEB_THROTTLE_LOCK_AT failures on, the
 * address waits WEB_THROTTLE_LOCK_S. An address that has not failed for
 * WEB_THROTTLE_FORGET_S is forgotten; a success forgets it at once.
 *
 * The table has a fixed number of slots set at creation (memory is bounded
 * whatever the number of addresses); when the few slots an address may use
 * are taken, the one idle longest is reused. Addresses are hashed with a
 * random key drawn at creation, so nobody can aim many addresses at one
 * slot. Thread-safe (one mutex; the work under it is a few comparisons).
 */
#ifndef TIER_WEB_THROTTLE_H
#define TIER_WEB_THROTTLE_H

#include <stddef.h>
#include <stdint.h>

#define WEB_THROTTLE_FREE 3
#define WEB_THROTTLE_MAX_WAIT_S 60
#define WEB_THROTTLE_LOCK_AT 20
#define WEB_THROTTLE_LOCK_S (15 * 60)
#define WEB_THROTTLE_FORGET_S (15 * 60)
#define WEB_THROTTLE_ADDR_MAX 64 /* bytes of an address text, NUL included */

struct web_throttle;

/* A table of `slots` addresses (rounded up to a power of two, at least 16).
 * NULL when out of memory or the random generator fails. */
struct web_throttle *web_throttle_new(size_t slots);

/* NULL is fine. */
void web_throttle_free(struct web_throttle *t);

/* May `addr` try a password at now_ms (a monotonic clock, milliseconds)?
 * 0 yes, else the milliseconds it must still wait. Changes nothing. */
int64_t web_throttle_wait(struct web_throttle *t, const char *addr, int64_t now_ms);

/* Count a failed attempt from addr at now_ms. Returns the address's count. */
int web_throttle_failed(struct web_throttle *t, const char *addr, int64_t now_ms);

/* A successful sign-in from addr: forget its failures. */
void web_throttle_succeeded(struct web_throttle *t, const char *addr);

#endif
