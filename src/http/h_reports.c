/*
 * h_reports.c — GET /v1/reports/{year}: the yearly report against the plan's
 * targets, as XML (default), CSV or HTML.
 *
 * Who: province reviewers and admins read the province or any city; a city
 * reviewer reads its own city (the report is narrowed to it); enterprises
 * may not. The format comes from ?format= when given, else from Accept
 * (text/csv, text/html), else XML.
 */
#include "tier/http_handlers.h"
#include "tier/report.h"

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

void h_report_get(struct http_call *call)
{
    struct http_response *rs = call->rs;
    struct report *r = NULL;
    struct reg_says says;
    const char *city = http_query(call->rq, "city"), *y = call->rq->params[0];
    enum report_format fmt;
    int bad, year = 0;

    for (size_t i = 0; y[i]; i++) {
        if (!isdigit((unsigned char)y[i]) || i >= 4)
            year = -1;
        else if (year >= 0)
            year = year * 10 + (y[i] - '0');
    }
    if (year < 2000 || year > 2100) {
        http_error(rs, 404, "not-found", "no report for year '%.16s' (2000 to 2100)", y);
        return;
    }
    fmt = pick_format(call->rq, &bad);
    if (bad) {
        http_error(rs, 400, "bad-parameter", "format: use xml, csv or html");
        return;
    }
    r = malloc(sizeof *r);
    if (r == NULL) {
        http_error(rs, 500, "internal", "out of memory");
        return;
    }
    switch (registry_report(call->reg, &call->who, year, city, r, &says)) {
    case YEARLY_OK:
        break;
    case YEARLY_FORBIDDEN:
        http_answer(rs, 403, &says, 0);
        goto done;
    case YEARLY_NOT_FOUND:
        http_answer(rs, 404, &says, 0);
        goto done;
    case YEARLY_BAD_PARAMETER:
        http_answer(rs, 400, &says, 0);
        goto done;
    case YEARLY_UNAVAILABLE:
        http_answer(rs, 503, &says, 5);
        goto done;
    case YEARLY_ERROR:
        http_answer(rs, 500, &says, 0);
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
}
