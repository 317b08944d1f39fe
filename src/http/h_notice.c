/*
 * h_notice.c — the public notice (公示) and its objections over HTTP
 * (issue 17; docs/lifecycle.md, docs/web.md):
 *
 *   GET  /v1/notices                        public: the notices running (XML)
 *   POST /v1/notices/{id}/objections        public: file an objection (XML)
 *   GET  /v1/submissions/{id}/objections    reviewers in scope: the objections,
 *                                           contacts included
 *   POST /v1/objections/{oid}/decision      province: uphold or dismiss
 *   GET  /notices                           the public page (notices.xsl)
 *   GET  /notices/{id}/objection            the objection form for one notice
 *   POST /notices/{id}/objection            the form sent (filed: 303 to
 *                                           /notices?filed=N)
 *
 * Public answers go through the public rate limit per address (public-rate);
 * filing is capped again per address and hour in the registry
 * (objection-rate). The page form has no session to tie a CSRF token to, so
 * it uses the double-submit pattern: the form page sets a random 256-bit
 * value in a cookie (HttpOnly, SameSite=Strict, Path=/notices) and in a
 * hidden field; a POST is taken only when both are present and equal
 * (compared in constant time). Another site can make a browser send the
 * cookie (SameSite aside) but cannot read it to put it in the field. Those
 * pages are never cached (the token is the reader's own).
 *
 * Transport only: the use cases are registry_notice.h's.
 */
#include "tier/config.h"
#include "tier/http_body.h"
#include "tier/http_handlers.h"
#include "tier/registry_notice.h"
#include "tier/web_b64url.h"
#include "tier/web_form.h"
#include "tier/web_page.h"
#include "tier/web_view.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CSRF_COOKIE "tierd_objection"
#define CSRF_BYTES 32

static unsigned int objection_status(enum objection_outcome o, int *retry)
{
    *retry = 0;
    switch (o) {
    case OBJECTION_DONE:
        return 201;
    case OBJECTION_NOT_FOUND:
        return 404;
    case OBJECTION_NOT_IN_NOTICE:
    case OBJECTION_OUT_OF_ORDER:
        return 409;
    case OBJECTION_BAD_TEXT:
        return 422;
    case OBJECTION_TOO_MANY:
        *retry = 3600;
        return 429;
    case OBJECTION_WRONG_ROLE:
        return 403;
    case OBJECTION_UNAVAILABLE:
    case OBJECTION_UNKNOWN:
        *retry = 5;
        return 503;
    case OBJECTION_CANNOT_WRITE:
        *retry = REG_CANNOT_WRITE_RETRY_S;
        return 503;
    case OBJECTION_ERROR:
        break;
    }
    return 500;
}

void h_notices_get(struct http_call *call)
{
    struct reg_says says;
    enum read_outcome o;

    if (http_public_allowed(call) != 0)
        return;
    o = registry_notices_xml(call->reg, &call->rs->body, &says);
    if (http_read_answer(call->rs, o, &says) != 0)
        return;
    call->rs->status = 200;
    call->rs->content_type = HTTP_XML_TYPE;
}

static void objection_answer(struct http_call *call, const struct objection_result *res)
{
    struct http_response *rs = call->rs;
    int retry;
    unsigned int status = objection_status(res->outcome, &retry);

    if (status != 201) {
        http_answer(rs, status, &res->says, retry);
        return;
    }
    rs->status = 201;
    rs->content_type = HTTP_XML_TYPE;
    buf_printf(&rs->body,
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<objected xmlns=\"urn:tierd:notice:1\" "
               "objection=\"%llu\" submission=\"%llu\" status=\"%s\"/>\n",
               (unsigned long long)res->id, (unsigned long long)res->submission_id, res->to);
}

void h_objection_post(struct http_call *call)
{
    struct http_request *rq = call->rq;
    struct http_body_field f[2] = {{"reason", NULL, 1}, {"contact", NULL, 1}};
    struct objection_result res;
    char addr[64];

    if (http_public_allowed(call) != 0)
        return;
    if (http_body_parse(http_header(rq, "Content-Type"), rq->body.data, rq->body.len,
                        "objection", "urn:tierd:notice:1", f, 2, call->rs) != 0)
        goto done;
    http_client_address(rq, addr, sizeof addr);
    registry_objection_file(call->reg, call->id, f[0].out, f[1].out, addr, &res);
    objection_answer(call, &res);
done:
    free(f[0].out);
    free(f[1].out);
}

void h_objections_get(struct http_call *call)
{
    struct reg_says says;
    enum read_outcome o;

    o = registry_objections_xml(call->reg, &call->who, call->id, &call->rs->body, &says);
    if (http_read_answer(call->rs, o, &says) != 0)
        return;
    call->rs->status = 200;
    call->rs->content_type = HTTP_XML_TYPE;
}

void h_objection_judge(struct http_call *call)
{
    struct http_request *rq = call->rq;
    struct http_response *rs = call->rs;
    struct http_body_field f[2] = {{"action", NULL, 1}, {"comment", NULL, 0}};
    struct objection_result res;
    uint64_t oid;
    int uphold;

    if (http_parse_id(rq->params[0], &oid) != 0) {
        http_error(rs, 404, "not-found", "no objection %.32s", rq->params[0]);
        return;
    }
    if (http_body_parse(http_header(rq, "Content-Type"), rq->body.data, rq->body.len,
                        "objectionDecision", "urn:tierd:notice:1", f, 2, rs) != 0)
        goto done;
    if (strcmp(f[0].out, "uphold") != 0 && strcmp(f[0].out, "dismiss") != 0) {
        http_error(rs, 422, "unknown-decision",
                   "<action> 应为 uphold（异议成立）或 dismiss（异议不成立） (<action> is uphold or "
                   "dismiss, not '%.32s')",
                   f[0].out);
        goto done;
    }
    uphold = strcmp(f[0].out, "uphold") == 0;
    registry_objection_judge(call->reg, &call->who, oid, uphold, f[1].out ? f[1].out : "", &res);
    {
        int retry;
        unsigned int status = objection_status(res.outcome, &retry);

        if (status != 201) {
            http_answer(rs, status, &res.says, retry);
            goto done;
        }
    }
    rs->status = 201;
    rs->content_type = HTTP_XML_TYPE;
    buf_printf(&rs->body,
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<judged xmlns=\"urn:tierd:notice:1\" "
               "objection=\"%llu\" submission=\"%llu\" action=\"%s\" to=\"%s\"/>\n",
               (unsigned long long)oid, (unsigned long long)res.submission_id,
               uphold ? "uphold" : "dismiss", res.to);
done:
    free(f[0].out);
    free(f[1].out);
}

/* ---- the pages ------------------------------------------------------------------- */

/* The value of cookie `name` in the request, into out; 0 found, -1 not. */
static int cookie_value(const struct http_request *rq, const char *name, char *out, size_t cap)
{
    const char *c = http_header(rq, "Cookie");
    size_t nl = strlen(name);

    while (c != NULL && *c) {
        while (*c == ' ' || *c == ';')
            c++;
        if (strncmp(c, name, nl) == 0 && c[nl] == '=') {
            size_t vl = strcspn(c + nl + 1, ";");
            if (vl >= cap)
                return -1;
            memcpy(out, c + nl + 1, vl);
            out[vl] = '\0';
            return 0;
        }
        c = strchr(c, ';');
    }
    return -1;
}

/*
 * Render notices.xsl over the notices running, with `notice` the id whose
 * objection form is shown ("" for the list alone), a fresh double-submit
 * token when a form is shown, errors and the fields typed already in pg's
 * form (pg may be NULL: a new one). status is the answer's.
 */
static void notices_render(struct http_call *call, struct web_page *pg, const char *notice,
                           unsigned int status, const char *flash)
{
    struct http_response *rs = call->rs;
    struct reg_says says;
    struct buf xml;
    unsigned char raw[CSRF_BYTES];
    char token[B64URL_LEN(CSRF_BYTES) + 1] = "", err[512];
    enum read_outcome o;
    int own = pg == NULL;

    buf_init(&xml, 1u << 20);
    if (call->rq->env->views == NULL) {
        http_error(rs, 404, "not-found", "this server serves no pages (web-dir)");
        goto done;
    }
    o = registry_notices_xml(call->reg, &xml, &says);
    if (http_read_answer(rs, o, &says) != 0)
        goto done;
    if (own)
        pg = web_page_new("notices");
    if (pg == NULL || web_page_add_xml(pg, xml.data, xml.len, err, sizeof err) != 0) {
        http_error(rs, 500, "internal", "the page could not be made");
        goto done;
    }
    if (notice[0] != '\0') {
        if (RAND_bytes(raw, sizeof raw) != 1) {
            http_error(rs, 500, "internal", "no random bytes for the form's token");
            goto done;
        }
        b64url_encode(raw, sizeof raw, token);
        snprintf(rs->set_cookie, sizeof rs->set_cookie,
                 CSRF_COOKIE "=%s; Path=/notices; HttpOnly; SameSite=Strict%s", token,
                 call->rq->env->cfg->tls_cert[0] ? "; Secure" : "");
    }
    {
        const struct web_param params[] = {{"static", "/static/"},
                                           {"csrf", token},
                                           {"notice", notice},
                                           {"flash", flash ? flash : ""}};

        buf_reset(&rs->body);
        if (web_view_render(call->rq->env->views, "notices", web_page_doc(pg), params, 4,
                            &rs->body, err, sizeof err) != 0) {
            fprintf(stderr, "tierd: page notices: %s\n", err);
            buf_reset(&rs->body);
            rs->set_cookie[0] = '\0';
            http_error(rs, 500, "internal", "the page could not be made");
            goto done;
        }
    }
    rs->status = status;
    rs->page = 1; /* no-store: the form's token is this reader's own */
    rs->content_type = "text/html; charset=utf-8";
done:
    OPENSSL_cleanse(token, sizeof token);
    if (own)
        web_page_free(pg);
    buf_free(&xml);
}

/* GET /notices, and /notices?filed=N after an objection was filed. */
void h_notices_page(struct http_call *call)
{
    const char *filed = http_query(call->rq, "filed");
    uint64_t n = 0;
    char flash[160];

    if (http_public_allowed(call) != 0)
        return;
    if (filed != NULL && http_parse_id(filed, &n) == 0)
        snprintf(flash, sizeof flash, "异议已提交（编号 %llu），省级审核部门将予以核查。",
                 (unsigned long long)n);
    notices_render(call, NULL, "", 200, n > 0 ? flash : NULL);
}

void h_notice_objection_page(struct http_call *call)
{
    char id[24];

    if (http_public_allowed(call) != 0)
        return;
    snprintf(id, sizeof id, "%llu", (unsigned long long)call->id);
    notices_render(call, NULL, id, 200, NULL);
}

/* POST /notices/{id}/objection: the form (reason, contact, csrf). */
void h_notice_objection_post(struct http_call *call)
{
    struct http_request *rq = call->rq;
    struct web_form form;
    struct web_page *pg = NULL;
    struct objection_result res;
    char id[24], addr[64], cookie[B64URL_LEN(CSRF_BYTES) + 1], err[256];
    const char *reason, *contact, *csrf;
    int parsed = 0;

    if (http_public_allowed(call) != 0)
        return;
    snprintf(id, sizeof id, "%llu", (unsigned long long)call->id);
    memset(&form, 0, sizeof form);
    if (web_form_parse(rq->body.data, rq->body.len, &form, err, sizeof err) != 0) {
        http_error(call->rs, 400, "bad-form", "%s", err);
        return;
    }
    parsed = 1;
    reason = web_form_get(&form, "reason");
    contact = web_form_get(&form, "contact");
    csrf = web_form_get(&form, "csrf");
    pg = web_page_new("notices");
    if (pg == NULL || web_page_form(pg, "objection") != 0 ||
        web_page_form_value(pg, "reason", reason ? reason : "") != 0 ||
        web_page_form_value(pg, "contact", contact ? contact : "") != 0) {
        http_error(call->rs, 500, "internal", "the page could not be made");
        goto done;
    }
    if (csrf == NULL || cookie_value(rq, CSRF_COOKIE, cookie, sizeof cookie) != 0 ||
        strlen(csrf) != strlen(cookie) || CRYPTO_memcmp(csrf, cookie, strlen(cookie)) != 0) {
        web_page_form_error(pg, "", "表单已过期或来源不明，请重新填写后提交 (the form's token "
                                    "does not match its cookie: open the form again)");
        notices_render(call, pg, id, 403, NULL);
        goto done;
    }
    if (reason == NULL || reason[0] == '\0')
        web_page_form_error(pg, "reason", "请填写异议理由");
    if (contact == NULL || contact[0] == '\0')
        web_page_form_error(pg, "contact", "请填写联系方式");
    if (reason == NULL || reason[0] == '\0' || contact == NULL || contact[0] == '\0') {
        notices_render(call, pg, id, 422, NULL);
        goto done;
    }
    http_client_address(rq, addr, sizeof addr);
    registry_objection_file(call->reg, call->id, reason, contact, addr, &res);
    if (res.outcome == OBJECTION_DONE) {
        /* Post/Redirect/Get: a reload of the answer does not file it again,
         * and the form's token is spent */
        struct http_response *rs = call->rs;

        buf_reset(&rs->body);
        rs->status = 303;
        rs->page = 1;
        snprintf(rs->location, sizeof rs->location, "/notices?filed=%llu",
                 (unsigned long long)res.id);
        snprintf(rs->set_cookie, sizeof rs->set_cookie,
                 CSRF_COOKIE "=; Path=/notices; Max-Age=0; HttpOnly; SameSite=Strict");
        goto done;
    }
    {
        int retry;
        unsigned int status = objection_status(res.outcome, &retry);

        web_page_form_error(pg, res.outcome == OBJECTION_BAD_TEXT ? "reason" : "",
                            res.says.zh[0] ? res.says.zh : res.says.en);
        notices_render(call, pg, id, status, NULL);
        call->rs->retry_after = retry;
    }
done:
    web_page_free(pg);
    if (parsed)
        web_form_free(&form);
}
