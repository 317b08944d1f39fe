/*
 * targets.h — the plan's yearly targets, as data (store module).
 */
#ifndef TIER_TARGETS_H
#define TIER_TARGETS_H

struct db_conn;
#include <stddef.h>
#include <stdio.h>

/* Set (insert or replace) the target of `tier` in `year` for `city` ("" or
 * NULL = the whole province), with its kind ("new" or "stock"), wording
 * ("floor", "about", "reach") and source, appending an audit row by `actor`
 * in the same transaction. 0, or -1 with a sentence in err. */
int target_set(struct db_conn *m, int year, const char *tier, const char *city, long count,
               const char *kind, const char *wording, const char *source, const char *actor,
               char *err, size_t errsz);

/* Print a year's targets as a table. 0, or -1 with a sentence in err. */
int target_list(struct db_conn *m, int year, FILE *out, char *err, size_t errsz);

/* The number of targets (province and cities) set for `year`, or -1 with a
 * sentence in err. */
long target_count(struct db_conn *m, int year, char *err, size_t errsz);

#endif
