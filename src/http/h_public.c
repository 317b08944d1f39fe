/*
 * h_public.c — the pages anyone may read without signing in.
 *
 *   GET /check/{serial}         the certificate check a QR code leads to (check.xsl)
 *   GET /check/{serial}/print   the certificate to print on A4, with that QR code
 *                               (certprint.xsl; only what the check shows anyway)
 *   GET /published              the certificates issued in a year, by tier and city
 *   GET /summary                the yearly report's counts (report.xsl), no names
 *   GET /static/tierd.css       the pages' stylesheet
 *
 * Each answer is capped per client address (public-rate, web_rate.h), and
 * cacheable: an ETag (the page's SHA-256; If-None-Match gives 304),
 * Last-Modified (the issue or revocation time), Cache-Control public with a
 * minute's max-age, so a revocation shows within a minute everywhere.
 */
#include "tier/config.h"
#include "tier/digest.h"
#include "tier/city.h"
#include "tier/http_handlers.h"
#include "tier/published.h"
#include "tier/report.h"
#include "tier/sign.h"
#include "tier/tier.h"
#include "tier/web_cache.h"
#include "tier/web_cert.h"
#include "tier/web_rate.h"
#include "tier/web_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PUBLIC_MAX_AGE "public, max-age=60"

static int64_t mono_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* 0 when the caller may have a public page now; else answered 429. */
int http_public_allowed(struct http_call *call)
{
    char addr[64];
    int wait;

    if (call->rq->env->public_rate == NULL)
        return 0;
    http_client_address(call->rq, addr, sizeof addr);
    wait = web_rate_take(call->rq->env->public_rate, addr, mono_ms());
    if (wait == 0)
        return 0;
    http_error(call->rs, 429, "too-many-requests",
               "这个地址的公开页面请求过多，请 %d 秒后再试 (address %s asked for more public "
               "pages than public-rate allows; retry in %d s)",
               wait, addr, wait);
    call->rs->retry_after = wait;
    return -1;
}

/* "2026-01-05T02:30:00Z" as an IMF-fixdate into out; "" when it is not one. */
static void http_date(const char *iso, char *out, size_t cap)
{
    struct tm tm;
    time_t t;

    out[0] = '\0';
    memset(&tm, 0, sizeof tm);
    if (iso == NULL || strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm) == NULL)
        return;
    t = timegm(&tm);
    gmtime_r(&t, &tm);
    strftime(out, cap, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

/* The cacheable headers of a public page whose bytes are in rs->body and
 * whose ETag is etag; 304 (body dropped) when If-None-Match names it. */
static void public_answer(struct http_call *call, const char *etag, const char *modified)
{
    struct http_response *rs = call->rs;
    const char *inm = http_header(call->rq, "If-None-Match");

    rs->status = 200;
    rs->content_type = "text/html; charset=utf-8";
    rs->headers = web_public_headers;
    snprintf(rs->cache_control, sizeof rs->cache_control, "%s", PUBLIC_MAX_AGE);
    snprintf(rs->etag, sizeof rs->etag, "%s", etag);
    http_date(modified, rs->last_modified, sizeof rs->last_modified);
    if (inm != NULL && rs->etag[0] && strstr(inm, rs->etag) != NULL) {
        rs->status = 304;
        buf_reset(&rs->body);
    }
}

/* Render view `name` over pg into rs->body and its quoted SHA-256 into
 * etag. 0, or -1 after answering 500. */
static int public_render(struct http_call *call, const char *name, struct web_page *pg,
                         char etag[WEB_CACHE_TAG_MAX])
{
    const struct web_param params[] = {{"static", "/static/"}};
    char err[512], hex[SHA256_HEX_LEN + 1];

    if (web_view_render(call->rq->env->views, name, web_page_doc(pg), params, 1,
                        &call->rs->body, err, sizeof err) != 0 ||
        digest_sha256_hex(call->rs->body.data, call->rs->body.len, hex) != 0) {
        fprintf(stderr, "tierd: %s: %s\n", call->rq->path, err);
        buf_reset(&call->rs->body);
        http_error(call->rs, 500, "internal", "the page could not be made");
        return -1;
    }
    snprintf(etag, WEB_CACHE_TAG_MAX, "\"%.64s\"", hex);
    return 0;
}

/* A page of view `name` that says nothing was found, 404. */
static void public_not_found(struct http_call *call, const struct reg_says *says)
{
    struct http_response *rs = call->rs;
    struct web_page *pg = web_page_new("notfound");
    char err[512];

    if (pg != NULL && web_view_render(call->rq->env->views, "notfound", web_page_doc(pg), NULL,
                                      0, &rs->body, err, sizeof err) == 0) {
        rs->status = 404;
        rs->content_type = "text/html; charset=utf-8";
        rs->headers = web_public_headers;
    } else {
        buf_reset(&rs->body);
        http_answer(rs, 404, says, 0);
    }
    web_page_free(pg);
}

/* The check URL of serial for QR codes: public-url, else http:// and the
 * request's Host when it is a plain host[:port] (anything else: 127.0.0.1).
 * The Host is in the cache key, so one client's Host never reaches
 * another's page. */
static void check_url(struct http_call *call, const char *serial, char *out, size_t cap)
{
    const char *base = call->rq->env->cfg ? call->rq->env->cfg->public_url : "";
    const char *host = http_header(call->rq, "Host");
    size_t bl = strlen(base);

    if (bl > 0) {
        snprintf(out, cap, "%.*s/check/%s", (int)(base[bl - 1] == '/' ? bl - 1 : bl), base,
                 serial);
        return;
    }
    if (host == NULL || host[0] == '\0' || strlen(host) > 100 ||
        host[strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")])
        host = "127.0.0.1";
    snprintf(out, cap, "http://%s/check/%s", host, serial);
}

/* GET /check/{serial} (view check) and …/print (view certprint, with the
 * QR code of the check URL). */
static void check_view(struct http_call *call, const char *view, int with_qr)
{
    struct http_response *rs = call->rs;
    struct web_cache *cache = call->rq->env->public_cache;
    struct cert_row c;
    struct cert_check chk;
    struct reg_says says;
    struct web_page *pg = NULL;
    const char *state = "valid";
    char err[512], key[WEB_CACHE_KEY_MAX], etag[WEB_CACHE_TAG_MAX], url[256] = "";
    enum read_outcome o;

    memset(&c, 0, sizeof c);
    if (http_public_allowed(call) != 0)
        return;
    if (call->rq->env->views == NULL) {
        http_error(rs, 404, "not-found", "this server serves no pages (web-dir)");
        return;
    }
    o = registry_certificate(call->reg, call->rq->params[0], &c, &state, &says);
    if (o == READ_NOT_FOUND) {
        public_not_found(call, &says);
        goto done;
    }
    if (http_read_answer(rs, o, &says) != 0)
        goto done;
    if (with_qr)
        check_url(call, c.serial, url, sizeof url);
    /* everything the page depends on that can change: its state today and
     * the revocation (the document and the key of a serial never change),
     * and the URL its QR code carries */
    if ((size_t)snprintf(key, sizeof key, "%s|%s|%s|%s|%s", view, c.serial, state, c.revoked_at,
                         url) >= sizeof key)
        cache = NULL;
    if (!web_cache_get(cache, key, &rs->body, etag)) {
        o = registry_certificate_verify(call->reg, &c, &chk, &says);
        if (http_read_answer(rs, o, &says) != 0)
            goto done;
        pg = web_page_new(view);
        if (pg == NULL ||
            web_cert_page(pg, &c, state, &chk, with_qr ? url : NULL, err, sizeof err) != 0) {
            fprintf(stderr, "tierd: %s: %s\n", call->rq->path, pg ? err : "out of memory");
            http_error(rs, 500, "internal", "the page could not be made");
            goto done;
        }
        if (public_render(call, view, pg, etag) != 0)
            goto done;
        web_cache_put(cache, key, rs->body.data, rs->body.len, etag);
    }
    public_answer(call, etag, c.revoked_at[0] ? c.revoked_at : c.issued_at);
done:
    web_page_free(pg);
    free(c.document);
}

void h_check_page(struct http_call *call)
{
    check_view(call, "check", 0);
}

void h_check_print(struct http_call *call)
{
    check_view(call, "certprint", 1);
}

/* GET /static/tierd.css: the pages' one stylesheet, from web-dir. */
void h_static_css(struct http_call *call)
{
    struct http_response *rs = call->rs;
    const char *dir = call->rq->env->cfg ? call->rq->env->cfg->web_dir : "";
    char path[1100], hex[SHA256_HEX_LEN + 1];
    int too_big = 0;
    FILE *f;

    snprintf(path, sizeof path, "%s/tierd.css", dir);
    f = fopen(path, "rb");
    if (f == NULL || buf_add_stream(&rs->body, f, &too_big) != 0) {
        if (f != NULL)
            fclose(f);
        buf_reset(&rs->body);
        http_error(rs, 404, "not-found", "no stylesheet at web-dir/tierd.css");
        return;
    }
    fclose(f);
    rs->status = 200;
    rs->content_type = "text/css; charset=utf-8";
    snprintf(rs->cache_control, sizeof rs->cache_control, "public, max-age=3600");
    if (digest_sha256_hex(rs->body.data, rs->body.len, hex) == 0)
        snprintf(rs->etag, sizeof rs->etag, "\"%.64s\"", hex);
}

/* ?year=: 2000..2100, or this year in China Standard Time when absent. 0,
 * or -1 after answering 400. */
static int query_year(struct http_call *call, const char *year_s, long *year)
{
    char *end;

    if (year_s != NULL && *year_s) {
        *year = strtol(year_s, &end, 10);
        if (*end != '\0' || *year < 2000 || *year > 2100) {
            http_error(call->rs, 400, "bad-parameter",
                       "年度应为 2000 至 2100 之间的年份 (year: '%.16s' is not a year from 2000 "
                       "to 2100)", year_s);
            return -1;
        }
    } else {
        time_t now = time(NULL) + 8 * 3600;
        struct tm tm;
        gmtime_r(&now, &tm);
        *year = tm.tm_year + 1900;
    }
    return 0;
}

/* GET /published?year=&tier=&city=&after=&limit=: the published list. */
void h_published_page(struct http_call *call)
{
    struct http_request *rq = call->rq;
    struct http_response *rs = call->rs;
    const char *year_s = http_query(rq, "year"), *tier = http_query(rq, "tier");
    const char *city = http_query(rq, "city"), *after = http_query(rq, "after");
    const char *limit_s = http_query(rq, "limit");
    struct reg_says says;
    struct buf xml;
    struct web_page *pg = NULL;
    char err[512], etag[WEB_CACHE_TAG_MAX], ys[24];
    long year = 0, limit = PUBLISHED_PAGE_MAX / 2;
    char *end;
    enum read_outcome o;

    buf_init(&xml, 1u << 20);
    if (http_public_allowed(call) != 0)
        goto done;
    if (rq->env->views == NULL) {
        http_error(rs, 404, "not-found", "this server serves no pages (web-dir)");
        goto done;
    }
    tier = tier && *tier ? tier : "";
    city = city && *city ? city : "";
    after = after && *after ? after : "";
    if (query_year(call, year_s, &year) != 0)
        goto done;
    if (*tier && tier_by_code(tier) == NULL) {
        http_error(rs, 400, "bad-parameter", "称号代码不对 (tier: '%.64s' is not a tier code)",
                   tier);
        goto done;
    }
    if (*city && city_by_code(city) == NULL) {
        http_error(rs, 400, "bad-parameter",
                   "城市代码不对 (city: '%.64s' is not one of Shandong's 16 city codes)", city);
        goto done;
    }
    if (*after && !cert_serial_valid(after)) {
        http_error(rs, 400, "bad-parameter",
                   "after 应为证书编号 (after: '%.64s' is not a serial; use the next link)", after);
        goto done;
    }
    if (limit_s != NULL && *limit_s) {
        limit = strtol(limit_s, &end, 10);
        if (*end != '\0' || limit < 1 || limit > PUBLISHED_PAGE_MAX) {
            http_error(rs, 400, "bad-parameter", "limit: '%.16s' is not 1 to %d", limit_s,
                       PUBLISHED_PAGE_MAX);
            goto done;
        }
    }
    o = registry_published_xml(call->reg, (int)year, tier, city, after, (int)limit, &xml, &says);
    if (http_read_answer(rs, o, &says) != 0)
        goto done;
    snprintf(ys, sizeof ys, "%ld", year);
    pg = web_page_new("published");
    if (pg == NULL || web_page_add_xml(pg, xml.data, xml.len, err, sizeof err) != 0 ||
        web_page_form(pg, "choose") != 0 || web_page_form_value(pg, "year", ys) != 0 ||
        web_page_form_value(pg, "tier", tier) != 0 || web_page_form_value(pg, "city", city) != 0) {
        http_error(rs, 500, "internal", "the page could not be made");
        goto done;
    }
    if (public_render(call, "published", pg, etag) != 0)
        goto done;
    public_answer(call, etag, NULL);
done:
    web_page_free(pg);
    buf_free(&xml);
}

/* GET /summary?year=&city=: the yearly report for anyone (report.xsl): the
 * counts only, as an operator's report (no caller's scope); the report holds
 * no enterprise's name or code. */
void h_summary_page(struct http_call *call)
{
    struct http_request *rq = call->rq;
    struct http_response *rs = call->rs;
    const char *year_s = http_query(rq, "year"), *city = http_query(rq, "city");
    const struct web_param params[] = {{"static", "/static/"}, {"report_action", "/summary"}};
    struct report *r = NULL;
    struct reg_says says;
    struct buf xml;
    struct web_page *pg = NULL;
    char err[512], hex[SHA256_HEX_LEN + 1], ys[24];
    long year;

    buf_init(&xml, 4u << 20);
    if (http_public_allowed(call) != 0)
        goto done;
    if (rq->env->views == NULL) {
        http_error(rs, 404, "not-found", "this server serves no pages (web-dir)");
        goto done;
    }
    city = city && *city ? city : NULL;
    if (query_year(call, year_s, &year) != 0)
        goto done;
    r = malloc(sizeof *r);
    if (r == NULL) {
        http_error(rs, 500, "internal", "out of memory");
        goto done;
    }
    switch (registry_report(call->reg, NULL, (int)year, city, r, &says)) {
    case YEARLY_OK:
        break;
    case YEARLY_BAD_PARAMETER:
        http_answer(rs, 400, &says, 0);
        goto done;
    case YEARLY_UNAVAILABLE:
        http_answer(rs, 503, &says, 5);
        goto done;
    default:
        http_answer(rs, 500, &says, 0);
        goto done;
    }
    snprintf(ys, sizeof ys, "%ld", year);
    if (report_render(r, REPORT_FORMAT_XML, &xml) != REPORT_OK ||
        (pg = web_page_new("report")) == NULL ||
        web_page_add_xml(pg, xml.data, xml.len, err, sizeof err) != 0 ||
        web_page_form(pg, "choose") != 0 || web_page_form_value(pg, "year", ys) != 0 ||
        web_page_form_value(pg, "city", city ? city : "") != 0 ||
        web_view_render(rq->env->views, "report", web_page_doc(pg), params, 2, &rs->body, err,
                        sizeof err) != 0 ||
        digest_sha256_hex(rs->body.data, rs->body.len, hex) != 0) {
        buf_reset(&rs->body);
        http_error(rs, 500, "internal", "the summary page could not be made");
        goto done;
    }
    snprintf(err, sizeof err, "\"%.64s\"", hex);
    public_answer(call, err, NULL);
done:
    web_page_free(pg);
    buf_free(&xml);
    free(r);
}
