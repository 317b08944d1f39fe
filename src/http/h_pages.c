/*
 * h_pages.c — the reviewers' pages (docs/web.md): sign-in, sign-out, the
 * queue, an application with its decision forms, a certificate, the report.
 *
 * A page is the API's own answer turned into HTML: the page runs the same
 * route use as the XML API (h_submission_get, http_submission_list, …) into
 * a response of its own, places that XML in a page envelope (web_page.h)
 * and transforms it with the view's stylesheet (web_view.h). Nothing of a
 * page is assembled here but the envelope, the form a refused POST shows
 * again, and the stylesheet parameters (strings, escaped by the serializer).
 *
 * Sessions: the cookie's 256 bits; the database holds their SHA-256
 * (registry_session). Every POST but the sign-in carries the session's CSRF
 * token; the sign-in relies on SameSite=Strict and an Origin check.
 * Failed sign-ins: per address here (web_throttle, per daemon), per account
 * in the database (registry_signin); both are counted in /metrics.
 */
#include "tier/city.h"
#include "tier/config.h"
#include "tier/file.h"
#include "tier/http_handlers.h"
#include "tier/registry_notice.h"
#include "tier/http_render.h"
#include "tier/metrics.h"
#include "tier/registry_web.h"
#include "tier/role.h"
#include "tier/sign.h"
#include "tier/web_form.h"
#include "tier/web_page.h"
#include "tier/web_session.h"
#include "tier/web_throttle.h"
#include "tier/web_view.h"

#include <openssl/crypto.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>


static int secure_cookie(const struct http_call *call)
{
    return call->rq->env->cfg->tls_cert[0] != '\0';
}

static void redirect(struct http_response *rs, const char *to)
{
    buf_reset(&rs->body);
    rs->status = 303;
    rs->page = 1;
    snprintf(rs->location, sizeof rs->location, "%s", to);
}

/* Transform `page` with view `view` into the answer (status). flash: a
 * notice at the top (NULL none). */
static void render(struct http_call *call, struct web_page *page, const char *view,
                   unsigned int status, const char *flash)
{
    struct http_response *rs = call->rs;
    char csrf[SESSION_CSRF_TOKEN_LEN + 1] = "";
    char err[512];
    struct web_param params[7];
    size_t n = 0;

    if (page == NULL) {
        http_error(rs, 500, "internal", "out of memory building a page");
        return;
    }
    if (call->rq->env->views == NULL) {
        http_error(rs, 404, "not-found", "this tierd serves no pages (web-dir not loaded)");
        return;
    }
    if (call->session && web_csrf_token(call->sid, call->csrf_secret, csrf) != 0)
        csrf[0] = '\0';
    params[n++] = (struct web_param){"csrf", csrf};
    params[n++] = (struct web_param){"user", call->session ? call->who.name : ""};
    params[n++] = (struct web_param){"role", call->session ? role_name(call->who.role) : ""};
    {
        /* the layout shows the city's name (its code means nothing to people) */
        const struct city *ct = call->session && call->who.city[0] ? city_by_code(call->who.city)
                                                                   : NULL;
        params[n++] = (struct web_param){"scope", ct ? ct->name_zh : ""};
    }
    params[n++] = (struct web_param){"flash", flash ? flash : ""};
    params[n++] = (struct web_param){"static", "/static/"};
    buf_reset(&rs->body);
    rs->location[0] = '\0';
    if (web_view_render(call->rq->env->views, view, web_page_doc(page), params, n, &rs->body,
                        err, sizeof err) != 0) {
        fprintf(stderr, "tierd: page %s: %s\n", view, err);
        http_error(rs, 500, "internal", "the page could not be made");
        OPENSSL_cleanse(csrf, sizeof csrf);
        return;
    }
    OPENSSL_cleanse(csrf, sizeof csrf);
    rs->status = status;
    rs->page = 1;
    rs->content_type = "text/html; charset=utf-8";
}

/* A page with one message for the whole form (403, 503 …). */
static void message_page(struct http_call *call, unsigned int status, const char *msg)
{
    struct web_page *p = web_page_new("error");

    if (p != NULL && (web_page_form(p, "error") != 0 || web_page_form_error(p, "", msg) != 0)) {
        web_page_free(p);
        p = NULL;
    }
    render(call, p, "error", status, NULL);
    web_page_free(p);
}

void h_page_not_found(struct http_call *call)
{
    struct web_page *p = web_page_new("notfound");

    render(call, p, "notfound", 404, NULL);
    web_page_free(p);
}

/* Run an API use with the caller's principal into sub; 0 when it answered
 * 200 (sub->body is the XML), else -1 (sub says what). */
static int api(struct http_call *call, http_use use, struct http_response *sub)
{
    struct http_call c = *call;

    memset(sub, 0, sizeof *sub);
    buf_init(&sub->body, HTTP_RESPONSE_MAX);
    c.rs = sub;
    use(&c);
    return sub->status == 200 ? 0 : -1;
}

/* Place an API answer in the page. 0 or -1 (logged). */
static int add(struct web_page *p, const struct buf *xml)
{
    char err[256];

    if (web_page_add_xml(p, xml->data, xml->len, err, sizeof err) != 0) {
        fprintf(stderr, "tierd: page: %s\n", err);
        return -1;
    }
    return 0;
}

/* The answer for an API status that is not 200: the not-found page for 404
 * (also for what is outside the caller's scope), else a message page. */
static void api_failed(struct http_call *call, const struct http_response *sub)
{
    if (sub->status == 404)
        h_page_not_found(call);
    else if (sub->status == 503)
        message_page(call, 503, "登记数据库暂时不可用，请稍后再试");
    else if (sub->status == 403)
        message_page(call, 403, "您的账户没有这项权限");
    else
        message_page(call, sub->status >= 400 ? sub->status : 500, "登记系统未能完成这项请求");
}

/* A page of view `view` over the answer of one API use; NULL after
 * answering (the not-found page, or what the API's status says). The caller
 * frees the page and sub->body. */
static struct web_page *api_page(struct http_call *call, http_use use, const char *view,
                                 struct http_response *sub)
{
    struct web_page *p;

    if (api(call, use, sub) != 0) {
        api_failed(call, sub);
        return NULL;
    }
    p = web_page_new(view);
    if (p == NULL || add(p, &sub->body) != 0) {
        web_page_free(p);
        http_error(call->rs, 500, "internal", "the %s page could not be made", view);
        return NULL;
    }
    return p;
}

/* ---- session ------------------------------------------------------------------------ */

int http_page_session(struct http_call *call)
{
    unsigned char hash[32];
    const char *cookie = http_header(call->rq, "Cookie");
    int found = web_session_from_cookie(cookie, secure_cookie(call), call->sid, hash);

    if (!found) {
        redirect(call->rs, "/signin");
        return -1;
    }
    switch (registry_session(call->reg, hash, &call->who, call->csrf_secret)) {
    case REG_AUTH_OK:
        call->session = 1;
        return 0;
    case REG_AUTH_UNKNOWN:
        OPENSSL_cleanse(call->sid, sizeof call->sid);
        redirect(call->rs, "/signin?expired=1");
        web_session_set_cookie(call->rs->set_cookie, NULL, secure_cookie(call));
        return -1;
    case REG_AUTH_UNAVAILABLE:
        break;
    }
    call->rs->retry_after = 5;
    message_page(call, 503, "登记数据库暂时不可用，请稍后再试");
    return -1;
}

/* Parse the form body and check its CSRF token. 0, or -1 after answering
 * (400 for a malformed form, 403 for a missing or wrong token). */
static int form_checked(struct http_call *call, struct web_form *f)
{
    char err[256];

    memset(f, 0, sizeof *f);
    if (web_form_parse(call->rq->body.data, call->rq->body.len, f, err, sizeof err) != 0) {
        message_page(call, 400, "表单内容无法读取，请返回上一页重新提交");
        fprintf(stderr, "tierd: page form refused: %s\n", err);
        return -1;
    }
    if (!web_csrf_check(call->sid, call->csrf_secret, web_form_get(f, "csrf"))) {
        web_form_free(f);
        memset(f, 0, sizeof *f);
        message_page(call, 403,
                     "表单已失效（缺少或不匹配的安全令牌），未作任何更改。请返回页面刷新后重试");
        return -1;
    }
    return 0;
}

/* ---- home ------------------------------------------------------------- */

void h_page_home(struct http_call *call)
{
    const char *acc = http_header(call->rq, "Accept");

    if (acc == NULL || strstr(acc, "text/html") == NULL) {
        http_error(call->rs, 404, "not-found",
                   "no resource at /; the API is under /v1/ (Accept: text/html shows the pages)");
        return;
    }
    redirect(call->rs, "/queue");
}

/* ---- sign-in, sign-out --------------------------------------------------------------- */

static void signin_page(struct http_call *call, unsigned int status, const char *name,
                        const char *error, const char *flash)
{
    struct web_page *p = web_page_new("signin");

    if (p != NULL && error != NULL &&
        (web_page_form(p, "signin") != 0 || web_page_form_value(p, "name", name) != 0 ||
         web_page_form_error(p, "", error) != 0)) {
        web_page_free(p);
        p = NULL;
    }
    render(call, p, "signin", status, flash);
    web_page_free(p);
}

void h_page_signin(struct http_call *call)
{
    const char *expired = http_query(call->rq, "expired");
    const char *out = http_query(call->rq, "out");

    signin_page(call, 200, NULL, NULL,
                expired ? "登录已过期或已失效，请重新登录"
                        : out ? "您已退出登录" : NULL);
}

static int64_t now_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Does Origin (when sent) name the host the request came to? */
static int same_origin(const struct http_request *rq)
{
    const char *origin = http_header(rq, "Origin"), *host = http_header(rq, "Host");
    const char *o;

    if (origin == NULL)
        return 1;
    if (host == NULL)
        return 0;
    o = strstr(origin, "://");
    return o != NULL && strcmp(o + 3, host) == 0;
}

void h_page_signin_post(struct http_call *call)
{
    struct http_request *rq = call->rq;
    struct web_throttle *t = rq->env->signin_throttle;
    struct signin_result *res = NULL;
    struct web_form f;
    char addr[WEB_THROTTLE_ADDR_MAX], err[256], msg[256];
    const char *name, *pw = NULL;
    int64_t wait;

    memset(&f, 0, sizeof f);
    if (!same_origin(rq)) {
        message_page(call, 403, "登录请求来自其他网站，已拒绝");
        return;
    }
    http_peer(rq, addr, sizeof addr);
    wait = t ? web_throttle_wait(t, addr, now_ms()) : 0;
    if (wait > 0) {
        metrics_signin_refused(SIGNIN_FAIL_THROTTLED);
        snprintf(msg, sizeof msg, "登录尝试过于频繁，请%lld秒后再试",
                 (long long)((wait + 999) / 1000));
        call->rs->retry_after = (int)((wait + 999) / 1000);
        signin_page(call, 429, NULL, msg, NULL);
        return;
    }
    if (web_form_parse(rq->body.data, rq->body.len, &f, err, sizeof err) != 0) {
        signin_page(call, 400, NULL, "表单内容无法读取，请重新填写", NULL);
        return;
    }
    name = web_form_get(&f, "name");
    pw = web_form_get(&f, "password");
    if (name == NULL || name[0] == '\0' || pw == NULL || pw[0] == '\0') {
        signin_page(call, 422, name, "请填写账户名和密码", NULL);
        goto done;
    }
    res = malloc(sizeof *res);
    if (res == NULL) {
        http_error(call->rs, 500, "internal", "out of memory");
        goto done;
    }
    registry_signin(call->reg, name, pw, strlen(pw), addr, res);
    switch (res->outcome) {
    case SIGNIN_OK:
        if (t)
            web_throttle_succeeded(t, addr);
        /* an enterprise's work is its own applications, a reviewer's the queue */
        redirect(call->rs, res->who.role == ROLE_ENTERPRISE ? "/my" : "/queue");
        web_session_set_cookie(call->rs->set_cookie, res->session.cookie, secure_cookie(call));
        break;
    case SIGNIN_WRONG:
        if (t)
            web_throttle_failed(t, addr, now_ms());
        metrics_signin_refused(SIGNIN_FAIL_WRONG);
        signin_page(call, 200, name, res->says.zh, NULL);
        break;
    case SIGNIN_LOCKED:
        if (t)
            web_throttle_failed(t, addr, now_ms());
        metrics_signin_refused(SIGNIN_FAIL_LOCKED);
        call->rs->retry_after = (int)res->seconds_left;
        signin_page(call, 429, name, res->says.zh, NULL);
        break;
    case SIGNIN_UNAVAILABLE:
        call->rs->retry_after = 5;
        signin_page(call, 503, name, res->says.zh, NULL);
        break;
    case SIGNIN_ERROR:
        signin_page(call, 500, name, res->says.zh, NULL);
        break;
    }
done:
    if (res != NULL) {
        web_session_wipe(&res->session);
        free(res);
    }
    if (f.arena != NULL && pw != NULL)
        OPENSSL_cleanse((void *)pw, strlen(pw));
    web_form_free(&f);
}

void h_page_signout(struct http_call *call)
{
    unsigned char hash[32];
    struct web_form f;
    char err[256];

    if (form_checked(call, &f) != 0)
        return;
    web_form_free(&f);
    if (web_session_from_cookie(http_header(call->rq, "Cookie"), secure_cookie(call),
                                call->sid, hash) &&
        registry_signout(call->reg, hash, err, sizeof err) != 0) {
        message_page(call, 503, "登记数据库暂时不可用，未能退出登录，请稍后再试");
        return;
    }
    redirect(call->rs, "/signin?out=1");
    web_session_set_cookie(call->rs->set_cookie, NULL, secure_cookie(call));
}

/* ---- queue --------------------------------------------------------------------------- */

/* Counts per status in the reviewer's scope and the filters in use (the
 * list's own values, which it has just accepted), as
 *   <counts xmlns="urn:tierd:submissions:1"><status name count [more]/>…
 * A count that could not be made leaves the page without counts. */
static void queue_counts(struct http_call *call, struct web_page *p)
{
    const char *tier = http_query(call->rq, "tier"), *city = http_query(call->rq, "city");
    const char *year = http_query(call->rq, "year");
    struct submission_filter f = {0};
    long counts[REG_STATUSES];
    struct reg_says says;
    struct buf xml;

    f.tier = tier && tier[0] ? tier : NULL;
    f.city = city && city[0] ? city : NULL;
    f.year = year && year[0] ? atoi(year) : 0;
    if (registry_status_counts(call->reg, &call->who, &f, counts, &says) != READ_OK ||
        call->who.role == ROLE_ENTERPRISE)
        return;
    buf_init(&xml, 4096);
    buf_adds(&xml, "<counts xmlns=\"urn:tierd:submissions:1\">");
    for (int i = 0; i < REG_STATUSES; i++)
        buf_printf(&xml, "<status name=\"%s\" count=\"%ld\"%s/>", registry_statuses[i],
                   counts[i] > REG_STATUS_COUNT_CAP ? (long)REG_STATUS_COUNT_CAP : counts[i],
                   counts[i] > REG_STATUS_COUNT_CAP ? " more=\"true\"" : "");
    buf_adds(&xml, "</counts>");
    add(p, &xml);
    buf_free(&xml);
}

void h_page_queue(struct http_call *call)
{
    static const char *const filters[] = {"tier", "status", "city", "year"};
    struct http_response sub;
    struct web_page *p = NULL;
    const char *def = NULL;

    /* an enterprise's own list is its applications page (h_enterprise.c) */
    if (call->who.role == ROLE_ENTERPRISE) {
        redirect(call->rs, "/my");
        return;
    }
    /* what this reviewer may act on, unless a status is chosen */
    if (call->who.role == ROLE_CITY_REVIEWER)
        def = "received";
    else if (call->who.role == ROLE_PROVINCE_REVIEWER)
        def = "recommended";
    memset(&sub, 0, sizeof sub);
    buf_init(&sub.body, HTTP_RESPONSE_MAX);
    {
        struct http_call c = *call;
        c.rs = &sub;
        http_submission_list(&c, def, "oldest");
    }
    if (sub.status != 200) {
        if (sub.status == 400)
            message_page(call, 400, "筛选条件无效，请重新选择");
        else
            api_failed(call, &sub);
        goto done;
    }
    p = web_page_new("queue");
    if (p == NULL || add(p, &sub.body) != 0 || web_page_form(p, "filter") != 0) {
        http_error(call->rs, 500, "internal", "the queue page could not be made");
        goto done;
    }
    for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
        const char *v = http_query(call->rq, filters[i]);
        if (i == 1 && (v == NULL || v[0] == '\0'))
            v = def;
        if (v != NULL && v[0] != '\0')
            web_page_form_value(p, filters[i], v);
    }
    queue_counts(call, p);
    render(call, p, "queue", 200, NULL);
done:
    web_page_free(p);
    buf_free(&sub.body);
}

/* ---- application ---------------------------------------------------------------------- */

/* The application page; with a refused decision, its form (f, the sentence). */
static void application_page(struct http_call *call, unsigned int status,
                             const struct web_form *f, const char *field, const char *error,
                             const char *flash)
{
    struct http_response rc, doc;
    struct web_page *p = NULL;

    memset(&doc, 0, sizeof doc);
    p = api_page(call, h_submission_get, "application", &rc);
    if (p == NULL)
        goto done;
    if (api(call, h_submission_document, &doc) != 0) {
        api_failed(call, &doc);
        goto done;
    }
    if (add(p, &doc.body) != 0) {
        http_error(call->rs, 500, "internal", "the application page could not be made");
        goto done;
    }
    /* the public notice's objections, for reviewers (issue 17): none is no
     * section, and a failure here leaves the rest of the page */
    {
        struct http_response obj;

        if (api(call, h_objections_get, &obj) == 0 && obj.body.data != NULL &&
            strstr(obj.body.data, "<objection ") != NULL)
            add(p, &obj.body);
        buf_free(&obj.body);
    }
    if (f != NULL && error != NULL) {
        static const char *const kept[] = {"action", "comment", "overrideReason"};
        web_page_form(p, "decision");
        for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
            const char *v = web_form_get(f, kept[i]);
            if (v != NULL)
                web_page_form_value(p, kept[i], v);
        }
        web_page_form_error(p, field ? field : "", error);
    }
    render(call, p, "application", status, flash);
done:
    web_page_free(p);
    buf_free(&rc.body);
    buf_free(&doc.body);
}

void h_page_application(struct http_call *call)
{
    const char *done = http_query(call->rq, "decided");

    application_page(call, 200, NULL, NULL, NULL, done ? "审核决定已记录" : NULL);
}

void h_page_document(struct http_call *call)
{
    h_submission_document(call);
    if (call->rs->status == 404)
        h_page_not_found(call);
}

/* POST /applications/{id}/objections/{oid}: the province judges an
 * objection raised during the public notice (registry_objection_judge). */
void h_page_objection(struct http_call *call)
{
    struct web_form f;
    struct objection_result res;
    const char *action, *comment;
    uint64_t oid = 0;
    char to[64];

    if (form_checked(call, &f) != 0)
        return;
    action = web_form_get(&f, "action");
    comment = web_form_get(&f, "comment");
    if (http_parse_id(call->rq->params[1], &oid) != 0 || action == NULL ||
        (strcmp(action, "uphold") != 0 && strcmp(action, "dismiss") != 0)) {
        application_page(call, 422, &f, "", "请选择异议是否成立", NULL);
        goto done;
    }
    registry_objection_judge(call->reg, &call->who, oid, strcmp(action, "uphold") == 0,
                             comment ? comment : "", &res);
    if (res.outcome == OBJECTION_DONE) {
        snprintf(to, sizeof to, "/applications/%llu?decided=1", (unsigned long long)call->id);
        redirect(call->rs, to);
        goto done;
    }
    if (res.outcome == OBJECTION_NOT_FOUND) {
        h_page_not_found(call);
        goto done;
    }
    application_page(call,
                     res.outcome == OBJECTION_BAD_TEXT        ? 422
                     : res.outcome == OBJECTION_OUT_OF_ORDER  ? 409
                     : res.outcome == OBJECTION_WRONG_ROLE    ? 403
                     : res.outcome == OBJECTION_UNAVAILABLE   ? 503
                                                              : 500,
                     &f, "", res.says.zh[0] ? res.says.zh : res.says.en, NULL);
done:
    web_form_free(&f);
}

/* The last event of a receipt: who moved it, for "已由…处理". */
static void last_actor(struct http_call *call, char *by, size_t cap)
{
    struct receipt *r = malloc(sizeof *r);
    struct reg_says says;

    by[0] = '\0';
    if (r == NULL)
        return;
    if (registry_receipt(call->reg, &call->who, call->id, r, &says) == READ_OK && r->nevents > 0)
        snprintf(by, cap, "%s", r->events[r->nevents - 1].by);
    free(r);
}

/* Which field a refused decision's sentence belongs beside. */
static const char *incomplete_field(const struct reg_says *says)
{
    const char *c = says->code ? says->code : "";

    if (strncmp(c, "override", 8) == 0 ||
        (strcmp(c, "bad-text") == 0 && strncmp(says->zh, "例外推荐理由", 18) == 0))
        return "overrideReason";
    return "comment";
}

void h_page_decision(struct http_call *call)
{
    struct web_form f;
    struct decide_request req;
    struct decide_result *res = NULL;
    char msg[REG_SAY_ZH + 160], by[101], to[64];

    if (form_checked(call, &f) != 0)
        return;
    memset(&req, 0, sizeof req);
    req.submission_id = call->id;
    req.who = &call->who;
    req.decision = review_decision_parse(web_form_get(&f, "action"));
    req.comment = web_form_get(&f, "comment");
    if (req.comment == NULL)
        req.comment = "";
    req.override_reason = web_form_get(&f, "overrideReason");
    if (req.override_reason != NULL && req.override_reason[0] == '\0')
        req.override_reason = NULL;
    if (req.decision == REVIEW_DECISION_NONE) {
        application_page(call, 422, &f, "action", "请选择审核结论", NULL);
        goto done;
    }
    res = malloc(sizeof *res);
    if (res == NULL) {
        http_error(call->rs, 500, "internal", "out of memory");
        goto done;
    }
    registry_decide(call->reg, &req, res);
    switch (res->outcome) {
    case DECIDE_DONE:
        /* an approval shows the certificate it issued */
        if (res->serial[0] != '\0')
            snprintf(to, sizeof to, "/certificates/%s?issued=1", res->serial);
        else
            snprintf(to, sizeof to, "/applications/%llu?decided=1",
                     (unsigned long long)call->id);
        redirect(call->rs, to);
        break;
    case DECIDE_NOT_FOUND:
        h_page_not_found(call);
        break;
    case DECIDE_OUT_OF_ORDER:
        last_actor(call, by, sizeof by);
        if (by[0] != '\0' && strcmp(by, call->who.name) != 0)
            snprintf(msg, sizeof msg, "已由%s处理：%s", by, res->says.zh);
        else
            snprintf(msg, sizeof msg, "%s", res->says.zh);
        application_page(call, 409, &f, "", msg, NULL);
        break;
    case DECIDE_WRONG_ROLE:
        application_page(call, 403, &f, "", res->says.zh, NULL);
        break;
    case DECIDE_INCOMPLETE:
        application_page(call, 422, &f, incomplete_field(&res->says), res->says.zh, NULL);
        break;
    case DECIDE_PREREQ_NOT_HELD:
    case DECIDE_TITLE_HELD:
    case DECIDE_CERT_INVALID:
        application_page(call, 409, &f, "", res->says.zh, NULL);
        break;
    case DECIDE_NO_KEY:
    case DECIDE_UNAVAILABLE:
    case DECIDE_UNKNOWN:
        call->rs->retry_after = 5;
        application_page(call, 503, &f, "", res->says.zh, NULL);
        break;
    case DECIDE_CANNOT_WRITE:
        call->rs->retry_after = REG_CANNOT_WRITE_RETRY_S;
        application_page(call, 503, &f, "", res->says.zh, NULL);
        break;
    case DECIDE_ERROR:
        application_page(call, 500, &f, "", res->says.zh, NULL);
        break;
    }
done:
    free(res);
    web_form_free(&f);
}

/* ---- certificate ---------------------------------------------------------------------- */

static void certificate_page(struct http_call *call, unsigned int status,
                             const struct web_form *f, const char *error, const char *flash)
{
    struct http_response sub;
    struct web_page *p = NULL;

    if (!cert_serial_valid(call->rq->params[0])) {
        h_page_not_found(call);
        return;
    }
    p = api_page(call, h_certificate_get, "certificate", &sub);
    if (p == NULL)
        goto done;
    if (f != NULL && error != NULL) {
        const char *v = web_form_get(f, "reason");
        web_page_form(p, "revoke");
        if (v != NULL)
            web_page_form_value(p, "reason", v);
        web_page_form_error(p, "reason", error);
    }
    render(call, p, "certificate", status, flash);
done:
    web_page_free(p);
    buf_free(&sub.body);
}

void h_page_certificate(struct http_call *call)
{
    certificate_page(call, 200, NULL, NULL,
                     http_query(call->rq, "revoked")  ? "证书已撤销"
                     : http_query(call->rq, "issued") ? "已批准，证书已签发"
                                                      : NULL);
}

/* GET /certificates: the search form; ?serial=… goes to that certificate
 * (303) when it is a serial's shape, else the form says so. */
void h_page_certificates(struct http_call *call)
{
    const char *serial = http_query(call->rq, "serial");
    struct web_page *p = web_page_new("certificates");
    char to[HTTP_PARAM_MAX + 32];

    if (serial != NULL && serial[0] != '\0' && strlen(serial) < HTTP_PARAM_MAX &&
        cert_serial_valid(serial)) {
        snprintf(to, sizeof to, "/certificates/%s", serial);
        redirect(call->rs, to);
        web_page_free(p);
        return;
    }
    if (p != NULL && serial != NULL &&
        (web_page_form(p, "find") != 0 || web_page_form_value(p, "serial", serial) != 0 ||
         web_page_form_error(p, "serial", serial[0] ? "证书编号格式不正确，请核对后重新输入"
                                                    : "请输入证书编号") != 0)) {
        web_page_free(p);
        p = NULL;
    }
    render(call, p, "certificates", serial != NULL ? 422 : 200, NULL);
    web_page_free(p);
}

void h_page_revocation(struct http_call *call)
{
    struct web_form f;
    struct revoke_result res;
    char to[HTTP_PARAM_MAX + 32];
    const char *serial = call->rq->params[0];

    if (!cert_serial_valid(serial)) {
        h_page_not_found(call);
        return;
    }
    if (form_checked(call, &f) != 0)
        return;
    registry_revoke(call->reg, &call->who, serial, web_form_get(&f, "reason"),
                    web_form_get(&f, "category"), &res);
    switch (res.outcome) {
    case REVOKE_DONE:
        snprintf(to, sizeof to, "/certificates/%s?revoked=1", serial);
        redirect(call->rs, to);
        break;
    case REVOKE_NOT_FOUND:
        h_page_not_found(call);
        break;
    case REVOKE_WRONG_ROLE:
        certificate_page(call, 403, &f, res.says.zh, NULL);
        break;
    case REVOKE_NO_REASON:
    case REVOKE_BAD_CATEGORY:
        certificate_page(call, 422, &f, res.says.zh, NULL);
        break;
    case REVOKE_ALREADY:
        certificate_page(call, 409, &f, res.says.zh, NULL);
        break;
    case REVOKE_UNAVAILABLE:
    case REVOKE_UNKNOWN:
        certificate_page(call, 503, &f, res.says.zh, NULL);
        break;
    case REVOKE_CANNOT_WRITE:
        call->rs->retry_after = REG_CANNOT_WRITE_RETRY_S;
        certificate_page(call, 503, &f, res.says.zh, NULL);
        break;
    case REVOKE_ERROR:
        certificate_page(call, 500, &f, res.says.zh, NULL);
        break;
    }
    web_form_free(&f);
}

/* ---- report ----------------------------------------------------------------------------- */

void h_page_report(struct http_call *call)
{
    const char *ys = http_query(call->rq, "year"), *city = http_query(call->rq, "city");
    struct report *r = malloc(sizeof *r);
    struct web_page *p = NULL;
    struct reg_says says;
    struct buf xml;
    char yv[8];
    int year = date_today_cst().y;

    buf_init(&xml, HTTP_RESPONSE_MAX);
    if (r == NULL) {
        http_error(call->rs, 500, "internal", "out of memory");
        goto done;
    }
    if (ys != NULL && ys[0] != '\0') {
        char *end;
        long v = strtol(ys, &end, 10);
        if (*end != '\0' || v < 2000 || v > 2100) {
            message_page(call, 400, "年份应为2000至2100之间的整数");
            goto done;
        }
        year = (int)v;
    }
    if (city != NULL && city[0] == '\0')
        city = NULL;
    switch (registry_report(call->reg, &call->who, year, city, r, &says)) {
    case YEARLY_OK:
        break;
    case YEARLY_NOT_FOUND:
        h_page_not_found(call);
        goto done;
    case YEARLY_FORBIDDEN:
        message_page(call, 403, says.zh);
        goto done;
    case YEARLY_BAD_PARAMETER:
        message_page(call, 400, says.zh);
        goto done;
    case YEARLY_UNAVAILABLE:
        message_page(call, 503, says.zh);
        goto done;
    case YEARLY_ERROR:
        message_page(call, 500, says.zh);
        goto done;
    }
    p = web_page_new("report");
    if (p == NULL || report_render_xml(r, &xml) != 0 || add(p, &xml) != 0 ||
        web_page_form(p, "choose") != 0) {
        http_error(call->rs, 500, "internal", "the report page could not be made");
        goto done;
    }
    snprintf(yv, sizeof yv, "%d", year);
    web_page_form_value(p, "year", yv);
    if (city != NULL)
        web_page_form_value(p, "city", city);
    render(call, p, "report", 200, NULL);
done:
    web_page_free(p);
    buf_free(&xml);
    free(r);
}

/* ---- admin ------------------------------------------------------------------------------ */

/* The signing keys, read-only: GET /v1/keys in the frame. Admins only; for
 * the others the page does not exist. */
void h_page_keys(struct http_call *call)
{
    struct http_response sub;
    struct web_page *p = NULL;

    if (call->who.role != ROLE_ADMIN) {
        h_page_not_found(call);
        return;
    }
    p = api_page(call, h_keys_get, "keys", &sub);
    if (p == NULL)
        goto done;
    render(call, p, "keys", 200, NULL);
done:
    web_page_free(p);
    buf_free(&sub.body);
}

/* ---- for the other page files (h_admin.c): the helpers above, by name ------------------ */

void http_page_render(struct http_call *call, struct web_page *page, const char *view,
                      unsigned int status, const char *flash)
{
    render(call, page, view, status, flash);
}

void http_page_message(struct http_call *call, unsigned int status, const char *msg)
{
    message_page(call, status, msg);
}

void http_page_redirect(struct http_call *call, const char *to)
{
    redirect(call->rs, to);
}

struct web_page *http_page_api(struct http_call *call, http_use use, const char *view,
                               struct http_response *sub)
{
    return api_page(call, use, view, sub);
}

int http_page_form(struct http_call *call, struct web_form *f)
{
    return form_checked(call, f);
}

/* h_enterprise.c's: an API use's answer kept for a page of its own making
 * (0 when it answered 200), the answer for one that did not, and an answer
 * placed in a page */
int http_page_api_call(struct http_call *call, http_use use, struct http_response *sub)
{
    return api(call, use, sub);
}

void http_page_api_failed(struct http_call *call, const struct http_response *sub)
{
    api_failed(call, sub);
}

int http_page_add(struct web_page *p, const struct buf *xml)
{
    return add(p, xml);
}
