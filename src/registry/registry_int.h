/*
 * registry_int.h — what the files of src/registry/ share, and nothing else
 * sees.
 */
#ifndef TIER_REGISTRY_INT_H
#define TIER_REGISTRY_INT_H

#include "tier/registry.h"

#include <stddef.h>

struct db_conn;

/* How many times a transaction that met a deadlock is run again. */
#define REG_ATTEMPTS 3

/* Set s: a code, a Chinese sentence (may be NULL) and an English one. */
void reg_say(struct reg_says *s, const char *code, const char *zh, const char *en_fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* "the registry database is unavailable; <what_kept>. Try again …" */
void reg_say_unavailable(struct reg_says *s, const char *what_kept);

/* "the registry cannot write at the moment (disk or table full, or
 * read-only); nothing was changed; try again in N seconds". */
void reg_say_cannot_write(struct reg_says *s);

/* Note how a write use case ended, for the write state (registry.h): a
 * STORE_FULL failure makes the registry degraded, a STORE_OK commit ends
 * it. Other results change nothing. The server's error is in the log. */
void reg_write_note(enum store_result sr);

/* Log err (never shown to the caller) and say "could not complete". */
void reg_say_error(struct reg_says *s, const char *err);

/* A read that failed: "unavailable" for a lost link or an exhausted retry,
 * else "error" (logged). */
enum read_outcome reg_read_failed(enum store_result sr, const char *err, struct reg_says *says);

/* Borrow a connection for one use case (NULL: unavailable, err says why),
 * and give it back; `last` is the result of the last store call, so a
 * connection that broke is closed. */
struct db_conn *reg_conn_get(struct registry *r, char *err, size_t errsz);
void reg_conn_put(struct registry *r, struct db_conn *m, enum store_result last);

#endif
