/*
 * h_reports.c — GET /v1/reports/{year}: the yearly report against the plan's
 * targets, as XML (default), CSV or HTML.
 *
 * Who: province reviewers and admins read the province or any city; a city
 * reviewer reads its own city (the report is narrowed to it); enterprises
 * may not. The format comes from ?format= when given, else from Accept
 * (text/csv, text/html), else XML.
 */
#include "tier/city.h"
#include "tier/date.h"
#include "tier/db.h"
#include "tier/http.h"
#include "tier/http_auth.h"
#include "tier/http_handlers.h"
#include "tier/report.h"
#include "tier/report_store.h"
#include "tier/submissions.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static enum report_format pick_format(struct http_request *rq, int *bad)
{
    const char *f = http_query(rq, "format"), *acc;

    *bad = 0;
    if (f != NULL) {
        enum report_format rf = report_format_parse(f);
        if (rf == REPORT_FORMAT_NONE)
            *bad = 1;
        return rf;
    }
    acc = http_header(rq, "Accept");
    if (acc != NULL && strstr(acc, "text/csv") != NULL)
        return REPORT_FORMAT_CSV;
    if (acc != NULL && strstr(acc, "text/html") != NULL)
        return REPORT_FORMAT_HTML;
    return REPORT_FORMAT_XML;
}

void h_report_get(struct http_request *rq, struct http_response *rs)
{
    struct principal who;
    struct report *r = NULL;
    struct tier_date today = date_today_cst();
    const char *city = http_query(rq, "city"), *y = rq->params[0];
    enum report_format fmt;
    char err[512];
    unsigned int e = 0;
    int broken = 0, bad, year = 0, nc, rc;
    struct db_conn *m, *conns[3];

    m = http_db_get(rq, rs);
    if (m == NULL)
        return;
    if (http_auth(rq, rs, m, &who, &broken) != 0)
        goto done;
    if (who.role == ROLE_ENTERPRISE) {
        http_error(rs, 403, "forbidden", "reports are for reviewers and admins; '%s' is an "
                                         "enterprise account", who.name);
        goto done;
    }
    for (size_t i = 0; y[i]; i++) {
        if (!isdigit((unsigned char)y[i]) || i >= 4)
            year = -1;
        else if (year >= 0)
            year = year * 10 + (y[i] - '0');
    }
    if (year < 2000 || year > 2100) {
        http_error(rs, 404, "not-found", "no report for year '%.16s' (2000 to 2100)", y);
        goto done;
    }
    if (city != NULL && city_by_code(city) == NULL) {
        http_error(rs, 400, "bad-parameter",
                   "city: '%.16s' is not one of Shandong's 16 city codes (370100 … 371700)", city);
        goto done;
    }
    if (who.role == ROLE_CITY_REVIEWER) {
        if (city != NULL && strcmp(city, who.city) != 0) {
            http_error(rs, 403, "forbidden", "a city reviewer of %s may read only that city's "
                                             "report, not %s", who.city, city);
            goto done;
        }
        city = who.city;
    }
    fmt = pick_format(rq, &bad);
    if (bad) {
        http_error(rs, 400, "bad-parameter", "format: use xml, csv or html");
        goto done;
    }
    r = malloc(sizeof *r);
    if (r == NULL) {
        http_error(rs, 500, "internal", "out of memory");
        goto done;
    }
    /* Two more connections, if the pool has them at once, let the report's
     * grouped queries run side by side; without them it runs on one. */
    conns[0] = m;
    for (nc = 1; nc < 3; nc++) {
        conns[nc] = db_pool_get(rq->env->db, 0, NULL, 0);
        if (conns[nc] == NULL)
            break;
    }
    rc = report_fill_many(conns, nc, year, city, &today, (int64_t)time(NULL), r, &e, err,
                          sizeof err);
    for (int i = 1; i < nc; i++)
        db_pool_put(rq->env->db, conns[i], rc != 0);
    if (rc != 0) {
        broken = e != 0 && store_classify(e) == STORE_CONN;
        if (e != 0) {
            rs->retry_after = 5;
            http_error(rs, 503, "database-unavailable",
                       "the registry database is unavailable; try again in a few seconds");
        } else {
            http_error(rs, 400, "bad-parameter", "%s", err);
        }
        goto done;
    }
    if (report_render(r, fmt, &rs->body) != REPORT_OK) {
        http_error(rs, 500, "internal", "the report could not be rendered");
        goto done;
    }
    rs->status = 200;
    rs->content_type = report_format_content_type(fmt);
done:
    free(r);
    http_db_put(rq, m, broken);
}
