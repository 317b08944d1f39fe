/*
 * calendar_import.c — the working-day calendar held in the database (see
 * include/tier/registry_life.h, calendar/README.md): `tierctl calendar
 * import FILE` and `calendar list YEAR`, and the load the notice period
 * needs.
 *
 * Why the database and not the config folder: every tierd on one database
 * must count a notice's working days alike, and an import is then one
 * transaction that all of them see at once (with its audit row), instead of
 * a file to copy to each host.
 *
 * An import parses the whole file first (calendar_load, all or nothing), then
 * in one transaction replaces the days of every year the file names and
 * appends the audit row; a bad file changes nothing and says its line.
 */
#include "registry_int.h"

#include "tier/audit.h"
#include "tier/db.h"
#include "tier/notices.h"
#include "tier/registry_life.h"

#include <stdio.h>
#include <string.h>

int registry_calendar_import(struct registry *r, const char *text, size_t len, const char *actor,
                             long *days, char *err, size_t errsz)
{
    struct calendar cal;
    char why[256], detail[256], years[96] = "";
    struct audit_entry a = {actor, "calendar.import", "calendar", years, detail};
    struct db_conn *m;
    enum store_result sr = STORE_OK;
    unsigned int e = 0;
    int last_y = 0, rc = -1, lost;
    size_t yl = 0;

    *days = 0;
    calendar_init(&cal);
    if (calendar_load(&cal, text, len, 0, why, sizeof why) < 0) {
        snprintf(err, errsz, "%s; nothing was imported", why);
        return -1;
    }
    if (cal.n == 0) {
        snprintf(err, errsz, "the file holds no entry; nothing was imported");
        goto done;
    }
    for (size_t i = 0; i < cal.n; i++) {
        int y = date_from_days(cal.days[i].day).y;

        if (y != last_y && yl + 6 < sizeof years)
            yl += (size_t)snprintf(years + yl, sizeof years - yl, "%s%d", last_y ? " " : "", y);
        last_y = y;
    }
    m = reg_conn_get(r, err, errsz);
    if (m == NULL)
        goto done;
    for (int attempt = 0; attempt < REG_ATTEMPTS; attempt++) {
        sr = db_begin(m, &e, err, errsz) != 0 ? store_classify(e) : STORE_OK;
        if (sr == STORE_OK)
            sr = calendar_days_replace(m, &cal, days, err, errsz);
        if (sr == STORE_OK) {
            snprintf(detail, sizeof detail, "%ld days (holidays and worked weekend days)", *days);
            if (audit_append(m, &a, &e, err, errsz) != 0)
                sr = store_classify(e);
        }
        if (sr == STORE_OK && db_commit(m, &e, err, errsz) != 0)
            sr = store_classify(e);
        if (sr != STORE_OK && sr != STORE_CONN)
            db_rollback(m);
        if (sr != STORE_RETRY)
            break;
    }
    lost = sr != STORE_OK && db_commit_lost(m);
    reg_conn_put(r, m, sr);
    if (sr == STORE_OK) {
        reg_write_note(STORE_OK);
        rc = 0;
    } else if (lost) {
        snprintf(why, sizeof why, "%s", err);
        snprintf(err, errsz, "%s; the connection was lost while committing, so the import may "
                 "or may not have been made (tierctl calendar list shows it)", why);
    } else {
        if (sr == STORE_FULL)
            reg_write_note(sr);
        snprintf(why, sizeof why, "%s", err);
        snprintf(err, errsz, "%s; nothing was imported", why);
    }
done:
    calendar_free(&cal);
    return rc;
}

int registry_calendar_load(struct registry *r, struct calendar *cal, char *err, size_t errsz)
{
    struct db_conn *m = reg_conn_get(r, err, errsz);
    enum store_result sr;

    calendar_free(cal);
    if (m == NULL)
        return -1;
    /* every year held: the notice's own reader (store/notices.c) */
    sr = notice_calendar_read(m, 1900, 9999, cal, err, errsz);
    reg_conn_put(r, m, sr);
    return sr == STORE_OK ? 0 : -1;
}

int registry_calendar_list(struct registry *r, int y, struct buf *out, char *err, size_t errsz)
{
    struct calendar cal;
    struct tier_date first = {y, 1, 1}, last = {y, 12, 31}, before;
    int rc = -1;

    calendar_init(&cal);
    if (!date_valid(y, 1, 1)) {
        snprintf(err, errsz, "%d is not a year", y);
        return -1;
    }
    if (registry_calendar_load(r, &cal, err, errsz) != 0)
        goto done;
    before = date_from_days(date_to_days(&first) - 1);
    if (!calendar_covers(&cal, y)) {
        if (buf_printf(out, "# no holiday notice of %d is held: import it with tierctl calendar "
                            "import FILE; until then weekends alone are counted\n",
                       y) != 0)
            goto full;
    } else if (calendar_write_year(&cal, y, out) != 0) {
        goto full;
    }
    if (buf_printf(out, "# %d working days in %d\n", calendar_count_workdays(&cal, &before, &last),
                   y) != 0)
        goto full;
    rc = 0;
    goto done;
full:
    snprintf(err, errsz, "the list is larger than its buffer");
done:
    calendar_free(&cal);
    return rc;
}
