/*
 * published.h — the certificates issued in a year, as published (store
 * module): name, USCC, tier, city, dates; nothing else of the enterprise.
 */
#ifndef TIER_PUBLISHED_H
#define TIER_PUBLISHED_H

#include "tier/store.h"

#include <stddef.h>

struct db_conn;

#define PUBLISHED_PAGE_MAX 100

struct published_row {
    char serial[STORE_SERIAL_LEN + 1];
    char tier[33];
    char city[7];
    char name[201 * 4];
    char uscc[19];
    char valid_from[11], valid_until[11];
    char revoked_at[32];   /* "" when not revoked */
    char superseded_by[STORE_SERIAL_LEN + 1]; /* the renewal's serial, "" when none */
};

/* The certificates issued in `year` (China Standard Time), optionally of one
 * tier and one city ("" = all), with serials after `after` ("" = from the
 * start), in serial order, at most n (<= PUBLISHED_PAGE_MAX): rows filled,
 * the number returned. -1 with errnum and err on a database error. */
long published_list(struct db_conn *m, int year, const char *tier, const char *city,
                    const char *after, struct published_row *rows, size_t n,
                    unsigned int *errnum, char *err, size_t errsz);

#endif
