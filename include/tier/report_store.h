/*
 * report_store.h — fill a yearly report from MariaDB (store module). The
 * definitions are the ones the report states on its face:
 *   pipeline  the year's applications (by submission year, UTC+8) by their
 *             status now;
 *   new       certificates whose validity starts in the year (the issue date,
 *             UTC+8); `revoked` counts those of them revoked since, and
 *             `achieved` is the net;
 *   stock     certificates valid at the end of each month (at 31 December for
 *             the year), not revoked by then.
 * Targets come from the targets table: the province row (city '') and the
 * cities' rows.
 */
#ifndef TIER_REPORT_STORE_H
#define TIER_REPORT_STORE_H

#include "tier/date.h"
#include "tier/report.h"

#include <mysql.h>
#include <stddef.h>

/* Fill *r for `year`, narrowed to `city` ("370100") or the whole province
 * (NULL or ""). `today` (UTC+8) decides how many months of a year in
 * progress are covered. 0, or -1 with the server's error number in *errnum
 * (0 when not a database error) and a sentence in err. */
int report_fill(MYSQL *m, int year, const char *city, const struct tier_date *today,
                int64_t now_utc, struct report *r, unsigned int *errnum, char *err,
                size_t errsz);

/* The same with up to three connections: with three, the grouped queries run
 * at once, one per connection (the report of a large registry then takes the
 * time of its slowest query rather than their sum). conns[0] is used alone
 * when nconns < 3. Same contract. */
int report_fill_many(MYSQL **conns, int nconns, int year, const char *city,
                     const struct tier_date *today, int64_t now_utc, struct report *r,
                     unsigned int *errnum, char *err, size_t errsz);

/* Add last year's figures to a report filled for `r->year` (report_fill_many
 * calls it last): for every tier and scope, the same count for the year
 * before, the whole year and from 1 January to the report's as-of day a year
 * earlier; "new" counts are net of certificates revoked up to now. Sets
 * has_last_year. 0 (also when there is no year before 1900), or -1 with
 * *errnum and err as report_fill (r's earlier figures unchanged). */
int report_fill_last_year(MYSQL *m, struct report *r, unsigned int *errnum, char *err,
                          size_t errsz);

#endif
