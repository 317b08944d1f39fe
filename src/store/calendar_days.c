/*
 * calendar_days.c — the State Council's holiday notices written as rows of
 * calendar_days (see include/tier/updates_store.h and calendar/README.md):
 * only the days that differ from the week are stored. SQL only; the caller
 * holds the transaction of a replace, so an import is all or nothing. They
 * are read back by notice_calendar_read (store/notices.c).
 */
#include "tier/updates_store.h"

#include "tier/db.h"

#include <stdio.h>
#include <string.h>

enum store_result calendar_days_replace(struct db_conn *m, const struct calendar *cal,
                                        long *stored, char *err, size_t errsz)
{
    unsigned int e = 0;
    int last_y = 0;

    *stored = 0;
    for (size_t i = 0; i < cal->n; i++) {
        struct tier_date d = date_from_days(cal->days[i].day);
        char day[11], first[11], last[11];

        if (d.y != last_y) {
            struct db_param p[2];

            last_y = d.y;
            snprintf(first, sizeof first, "%04d-01-01", d.y);
            snprintf(last, sizeof last, "%04d-12-31", d.y);
            p[0] = DB_STR(first);
            p[1] = DB_STR(last);
            if (db_execv(m, "DELETE FROM calendar_days WHERE day BETWEEN ? AND ?", p, 2, NULL,
                         NULL, &e, err, errsz) != 0)
                return store_classify(e);
        }
        date_format(&d, day);
        {
            struct db_param p[] = {DB_STR(day), DB_STR(calendar_kind_name(cal->days[i].kind)),
                                   DB_STR(cal->days[i].name)};

            if (db_execv(m, "INSERT INTO calendar_days (day, kind, name) VALUES (?, ?, ?)", p, 3,
                         NULL, NULL, &e, err, errsz) != 0)
                return store_classify(e);
        }
        (*stored)++;
    }
    return STORE_OK;
}
