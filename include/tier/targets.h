/*
 * targets.h — the plan's yearly targets, as data (store module).
 */
#ifndef TIER_TARGETS_H
#define TIER_TARGETS_H

struct db_conn;
#include <stddef.h>
#include "tier/store.h"

/* One target: `tier` in `year` for `city` ("" = the whole province), its
 * kind ("new": certificates issued in the year; "stock": valid on 31
 * December), wording ("floor" 以上, "about" 左右, "reach" 达到) and source. */
struct target_row {
    int year;
    char tier[33];
    char city[7];
    long count;
    char kind[9];
    char wording[9];
    char source[301];
};
#define TARGET_LIST_MAX 1000 /* rows one listing hands back */

/* Set (insert or replace) t, appending an audit row by `actor` in the same
 * transaction. The values are the registry's to check. STORE_OK, or the
 * failure's class with the server's sentence in err (rolled back). */
enum store_result target_set(struct db_conn *m, const struct target_row *t, const char *actor,
                             char *err, size_t errsz);

/* Hand each target of `year` (by tier, then city; the province first) to
 * each(ctx, row); a nonzero return stops. STORE_OK or the failure's class. */
typedef int (*target_row_fn)(void *ctx, const struct target_row *t);
enum store_result target_list(struct db_conn *m, int year, target_row_fn each, void *ctx,
                              char *err, size_t errsz);

/* The number of targets (province and cities) set for `year`, or -1 with a
 * sentence in err. */
long target_count(struct db_conn *m, int year, char *err, size_t errsz);

#endif
