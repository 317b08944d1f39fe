/*
 * report_store.h — fill a yearly report from MariaDB (store module). The
 * definitions are the ones the report states on its face:
 *   pipeline  the year's applications (by submission year, UTC+8) by their
 *             status now;
 *   new       certificates whose validity starts in the year (the issue date,
 *             UTC+8), revoked or not;
 *   stock     certificates valid at the end of each month (at 31 December for
 *             the year), not revoked by then.
 * Targets come from the targets table: the province row (city '') and the
 * cities' rows.
 */
#ifndef TIER_REPORT_STORE_H
#define TIER_REPORT_STORE_H

#include "tier/date.h"
#include "tier/report.h"

struct db_conn;
#include <stddef.h>

/* Fill *r for `year`, narrowed to `city` ("370100") or the whole province
 * (NULL or ""). `today` (UTC+8) decides how many months of a year in
 * progress are covered. 0, or -1 with the server's error number in *errnum
 * (0 when not a database error) and a sentence in err. */
int report_fill(struct db_conn *m, int year, const char *city, const struct tier_date *today,
                int64_t now_utc, struct report *r, unsigned int *errnum, char *err,
                size_t errsz);

/* The same with up to three connections: with three, the grouped queries run
 * at once, one per connection (the report of a large registry then takes the
 * time of its slowest query rather than their sum). conns[0] is used alone
 * when nconns < 3. Same contract. */
int report_fill_many(struct db_conn **conns, int nconns, int year, const char *city,
                     const struct tier_date *today, int64_t now_utc, struct report *r,
                     unsigned int *errnum, char *err, size_t errsz);

#endif
