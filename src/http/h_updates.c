/*
 * h_updates.c — a title's later life over HTTP (issue 17): the yearly data
 * update (POST and GET /v1/certificates/{serial}/updates), the reviewers'
 * list of missing updates (GET /v1/updates/missing), titles about to lapse
 * (GET /v1/expiring?days=N) and the <titles> of an enterprise's record.
 * Transport only: the use cases are registry_life.h's; this file checks the
 * request's form, maps outcomes to statuses and renders the answers
 * (namespace urn:tierd:update:1, xsd/updates.xsd).
 */
#include "tier/config.h"
#include "tier/digest.h"
#include "tier/http_handlers.h"
#include "tier/http_render.h"
#include "tier/ingest.h"
#include "tier/registry_life.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UPDATE_NS "urn:tierd:update:1"
#define FILED_MAX 64 /* updates listed per certificate: one a year */

/* ---- POST /v1/certificates/{serial}/updates ---------------------------------------- */

void h_update_post(struct http_call *call)
{
    struct http_request *rq = call->rq;
    struct http_response *rs = call->rs;
    const char *serial = rq->params[0];
    struct update_result res;
    char hex[65];

    if (!http_content_is_xml(http_header(rq, "Content-Type"))) {
        http_error(rs, 415, "unsupported-media-type",
                   "a yearly update is sent as Content-Type: application/xml (UTF-8)");
        return;
    }
    registry_update_submit(call->reg, &call->who, serial, rq->body.data ? rq->body.data : "",
                           rq->body.len, &res);
    switch (res.outcome) {
    case UPDATE_STORED:
    case UPDATE_DUPLICATE:
        rs->status = res.outcome == UPDATE_STORED ? 201 : 200;
        rs->content_type = HTTP_XML_TYPE;
        snprintf(rs->location, sizeof rs->location, "/v1/certificates/%s/updates", serial);
        if (buf_printf(&rs->body,
                       "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<yearlyUpdate xmlns=\"" UPDATE_NS
                       "\" serial=\"%s\" year=\"%d\" deadline=\"%s\" status=\"%s\" "
                       "href=\"/v1/certificates/%s/updates\"/>\n",
                       serial, res.year, res.deadline,
                       res.outcome == UPDATE_STORED ? "filed" : "filed-before", serial) != 0)
            http_error(rs, 500, "internal", "the answer is larger than the response limit");
        break;
    case UPDATE_INVALID:
        digest_sha256_hex(rq->body.data ? rq->body.data : "", rq->body.len, hex);
        render_rejection(rs, (enum ingest_status)res.ingest_status, res.errs, hex);
        break;
    case UPDATE_MISMATCH:
        http_answer(rs, 422, &res.says, 0);
        break;
    case UPDATE_WRONG_ROLE:
        http_answer(rs, 403, &res.says, 0);
        break;
    case UPDATE_NOT_FOUND:
        http_answer(rs, 404, &res.says, 0);
        break;
    case UPDATE_REFUSED:
        http_answer(rs, 409, &res.says, 0);
        break;
    case UPDATE_UNAVAILABLE:
    case UPDATE_UNKNOWN:
        http_answer(rs, 503, &res.says, 5);
        break;
    case UPDATE_CANNOT_WRITE:
        http_answer(rs, 503, &res.says, REG_CANNOT_WRITE_RETRY_S);
        break;
    case UPDATE_ERROR:
        http_answer(rs, 500, &res.says, 0);
        break;
    }
}

/* The attributes of a title's yearly update: updateYear, updateDeadline,
 * updateMissing. */
static int update_attrs(struct buf *b, const struct reg_title_view *v)
{
    if (v->update_year == 0)
        return 0;
    return buf_printf(b, " updateYear=\"%d\" updateDeadline=\"%s\" updateMissing=\"%s\"",
                      v->update_year, v->update_deadline, v->update_missing ? "true" : "false");
}

/* One <title …><name>…</name></title> of a list. */
static int title_xml(struct buf *b, const struct reg_title_view *v, const char *indent)
{
    int rc = 0;

    rc |= buf_printf(b,
                     "%s<title serial=\"%s\" tier=\"%s\" uscc=\"%s\" city=\"%s\" state=\"%s\" "
                     "validFrom=\"%s\" validUntil=\"%s\" daysLeft=\"%ld\"",
                     indent, v->t.serial, v->t.tier, v->t.uscc, v->t.city, v->state,
                     v->t.valid_from, v->t.valid_until, v->days_left);
    rc |= update_attrs(b, v);
    rc |= buf_adds(b, "><name>");
    rc |= buf_adds_xml(b, v->t.name);
    rc |= buf_adds(b, "</name></title>\n");
    return rc;
}

/* ---- GET /v1/certificates/{serial}/updates ----------------------------------------- */

void h_updates_get(struct http_call *call)
{
    struct http_response *rs = call->rs;
    struct update_filed *rows = calloc(FILED_MAX, sizeof *rows);
    struct reg_title_view v;
    struct reg_says says;
    size_t n = 0;
    int rc = 0;

    if (rows == NULL) {
        http_error(rs, 500, "internal", "out of memory");
        return;
    }
    if (http_read_answer(rs,
                         registry_certificate_updates(call->reg, call->rq->params[0], &v, rows,
                                                      FILED_MAX, &n, &says),
                         &says) != 0)
        goto done;
    rs->status = 200;
    rs->content_type = HTTP_XML_TYPE;
    rc |= buf_printf(&rs->body,
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<titleUpdates xmlns=\"" UPDATE_NS
                     "\" serial=\"%s\" tier=\"%s\" state=\"%s\" validFrom=\"%s\" "
                     "validUntil=\"%s\"",
                     v.t.serial, v.t.tier, v.state, v.t.valid_from, v.t.valid_until);
    rc |= update_attrs(&rs->body, &v);
    rc |= buf_adds(&rs->body, ">\n");
    for (size_t i = 0; i < n; i++)
        rc |= buf_printf(&rs->body, "  <update year=\"%d\" submittedAt=\"%.10sT%sZ\" "
                                    "sha256=\"%s\"/>\n",
                         rows[i].year, rows[i].submitted_at, rows[i].submitted_at + 11,
                         rows[i].sha256_hex);
    rc |= buf_adds(&rs->body, "</titleUpdates>\n");
    if (rc != 0)
        http_error(rs, 500, "internal", "the answer is larger than the response limit");
done:
    free(rows);
}

/* A list of titles as <ROOT xmlns asOf …><title/>…</ROOT>. */
static void title_list(struct http_call *call, const char *root, const char *extra,
                       enum read_outcome o, const struct reg_says *says,
                       const struct reg_title_view *rows, size_t n)
{
    struct http_response *rs = call->rs;
    struct tier_date today = date_today_cst();
    char day[11];
    int rc = 0;

    if (http_read_answer(rs, o, says) != 0)
        return;
    date_format(&today, day);
    rs->status = 200;
    rs->content_type = HTTP_XML_TYPE;
    rc |= buf_printf(&rs->body,
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<%s xmlns=\"" UPDATE_NS
                     "\" asOf=\"%s\" count=\"%zu\"%s>\n",
                     root, day, n, extra);
    for (size_t i = 0; i < n; i++)
        rc |= title_xml(&rs->body, &rows[i], "  ");
    rc |= buf_printf(&rs->body, "</%s>\n", root);
    if (rc != 0)
        http_error(rs, 500, "internal", "the list is larger than the response limit");
}

/* ---- GET /v1/updates/missing[?tier=CODE] -------------------------------------------- */

void h_updates_missing(struct http_call *call)
{
    struct reg_title_view *rows = calloc(REG_TITLES_MAX, sizeof *rows);
    const char *tier = http_query(call->rq, "tier");
    struct reg_says says;
    enum read_outcome o;
    size_t n = 0;

    if (rows == NULL) {
        http_error(call->rs, 500, "internal", "out of memory");
        return;
    }
    if (tier != NULL && tier[0] == '\0')
        tier = NULL;
    if (tier != NULL && tier_by_code(tier) == NULL) {
        http_error(call->rs, 400, "bad-parameter", "tier: '%.64s' is not a tier code", tier);
        goto done;
    }
    o = registry_updates_missing(call->reg, &call->who, tier, rows, REG_TITLES_MAX, &n, &says);
    title_list(call, "missingUpdates", "", o, &says, rows, n);
done:
    free(rows);
}

/* ---- GET /v1/expiring?days=N -------------------------------------------------------- */

void h_expiring_get(struct http_call *call)
{
    struct reg_title_view *rows = calloc(REG_TITLES_MAX, sizeof *rows);
    const char *ds = http_query(call->rq, "days");
    struct reg_says says;
    enum read_outcome o;
    char extra[32], *end;
    long days = 90;
    size_t n = 0;

    if (rows == NULL) {
        http_error(call->rs, 500, "internal", "out of memory");
        return;
    }
    if (ds != NULL) {
        errno = 0;
        days = strtol(ds, &end, 10);
        if (ds[0] == '\0' || errno != 0 || *end != '\0' || days < 0 || days > 3660) {
            http_error(call->rs, 400, "bad-parameter", "days: '%.32s' is not from 0 to 3660",
                       ds);
            goto done;
        }
    }
    o = registry_expiring(call->reg, &call->who, (int)days, rows, REG_TITLES_MAX, &n, &says);
    snprintf(extra, sizeof extra, " days=\"%ld\"", days);
    title_list(call, "expiring", extra, o, &says, rows, n);
done:
    free(rows);
}

/* ---- the enterprise's record -------------------------------------------------------- */

int http_enterprise_titles(struct http_call *call, const char *uscc, struct buf *b)
{
    struct reg_title_view *rows = calloc(REG_TITLES_MAX, sizeof *rows);
    const struct tier_config *cfg = call->reg->cfg;
    long window = cfg != NULL ? cfg->lifecycle.renewal_window_days : 90;
    struct reg_says says;
    size_t n = 0;
    int rc = 0;

    if (rows == NULL)
        return -1;
    /* the record was found in the caller's scope already; a failure here
     * leaves the titles out rather than the whole record */
    if (registry_enterprise_titles(call->reg, &call->who, uscc, rows, REG_TITLES_MAX, &n,
                                   &says) != READ_OK)
        n = 0;
    rc |= buf_printf(b, "  <titles renewalWindowDays=\"%ld\">\n", window);
    for (size_t i = 0; i < n; i++) {
        const struct reg_title_view *v = &rows[i];
        int lapsing = strcmp(v->state, "valid") == 0 && v->days_left <= window;

        rc |= buf_printf(b,
                         "    <title serial=\"%s\" tier=\"%s\" state=\"%s\" validFrom=\"%s\" "
                         "validUntil=\"%s\" daysLeft=\"%ld\" expiring=\"%s\" "
                         "href=\"/v1/certificates/%s\"",
                         v->t.serial, v->t.tier, v->state, v->t.valid_from, v->t.valid_until,
                         v->days_left, lapsing ? "true" : "false", v->t.serial);
        rc |= update_attrs(b, v);
        rc |= buf_adds(b, "/>\n");
    }
    rc |= buf_adds(b, "  </titles>\n");
    free(rows);
    return rc ? -1 : 0;
}
