/*
 * h_enterprise.c — the enterprise's pages (docs/web.md, "Enterprise pages"):
 *
 *   GET  /apply                      choose a tier: the rule set in force today and what each
 *                                    tier requires (thresholds with clauses, from the rules)
 *   GET  /apply/{tier}               the form generated from the tier's XSD (apply.xsl), empty,
 *                                    or filled from ?draft=ID or from the returned ?replaces=ID
 *   POST /apply/{tier}               do=check (检查), save (保存草稿), submit (提交),
 *                                    add:PATH / remove:PATH.N (a repeating group, no script)
 *   POST /apply/upload               an XML file (multipart/form-data): the same check, the
 *                                    form filled from it
 *   GET  /my                         my drafts, applications and certificates
 *   GET  /drafts/{id}/document.xml   a draft's document
 *   POST /drafts/{id}/delete         delete a draft
 *
 * Transport only: drafts are the registry's (registry_drafts.h), submitting
 * is registry_submit, the very use case of POST /v1/submissions (same
 * receipt, same idempotency on the document's bytes). A page of another
 * role, or a draft or application of another enterprise, is the not-found
 * page. The form's document is made and checked by src/web/form_xml.c.
 */
#include "tier/date.h"
#include "tier/file.h"
#include "tier/http_handlers.h"
#include "tier/web_view.h"
#include "tier/ingest.h"
#include "tier/config.h"
#include "tier/registry_drafts.h"
#include "tier/rules.h"
#include "tier/tier.h"
#include "tier/web_form.h"
#include "tier/web_form_xml.h"
#include "tier/web_multipart.h"
#include "tier/web_page.h"
#include "tier/web_session.h"

#include <libxml/tree.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPEATS_MAX 64   /* repeating groups whose row counts a form carries */
#define APPLY_DOC_MAX (1u << 20)

static int enterprise(struct http_call *call)
{
    if (call->who.role == ROLE_ENTERPRISE && call->who.uscc[0] != '\0')
        return 1;
    h_page_not_found(call);
    return 0;
}

/* Place len bytes of XML in the page; 0 or -1 (logged). */
static int add_xml(struct web_page *p, const char *xml, size_t len)
{
    char err[256];

    if (web_page_add_xml(p, xml, len, err, sizeof err) != 0) {
        fprintf(stderr, "tierd: enterprise page: %s\n", err);
        return -1;
    }
    return 0;
}

/* The tier's schema, common.xsd and common-blocks.xsd into the page: the
 * form is generated from them. 0 or -1 (logged). */
static int add_schemas(struct http_call *call, struct web_page *p, const struct tier_info *ti)
{
    const char *files[] = {ti->xsd, "common.xsd", "common-blocks.xsd"};
    char path[CONFIG_PATH_MAX + 64], err[256];

    for (size_t i = 0; i < 3; i++) {
        char *x = NULL;
        size_t len = 0;
        int rc;

        snprintf(path, sizeof path, "%s/%s", call->rq->env->cfg->xsd_dir, files[i]);
        if (file_read_checked("schema", path, 0, 4u << 20, &x, &len, err, sizeof err) != 0) {
            fprintf(stderr, "tierd: apply: %s\n", err);
            return -1;
        }
        rc = add_xml(p, x, len);
        free(x);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* ---- GET /apply ------------------------------------------------------------------------- */

void h_page_apply_index(struct http_call *call)
{
    struct findings *found = NULL;
    struct tier_date today = date_today_cst();
    struct web_page *p = NULL;
    struct buf x;
    enum rule_set rs = RULESET_NONE;
    char zh[256];
    int rc = 0;

    if (!enterprise(call))
        return;
    buf_init(&x, 4u << 20);
    if ((found = malloc(sizeof *found)) == NULL) {
        http_error(call->rs, 500, "internal", "out of memory");
        goto done;
    }
    rc |= buf_printf(&x, "<requirements xmlns=\"" WEB_PAGE_NS "\" today=\"%04d-%02d-%02d\" "
                         "ruleSet=\"%s\">\n",
                     today.y, today.m, today.d,
                     rule_set_name(rule_set_for_date(today.y, today.m, today.d)));
    for (int t = 0; t < TIER_COUNT; t++) {
        const struct tier_info *ti = tier_get((enum tier_id)t);
        if (registry_requirements((enum tier_id)t, &rs, found) != 0)
            continue;
        rc |= buf_printf(&x, "<tier code=\"%s\" ruleSet=\"%s\" name=\"", ti->code,
                         rule_set_name(rs) ? rule_set_name(rs) : "");
        rc |= buf_adds_xml(&x, ti->name_zh);
        rc |= buf_adds(&x, "\">\n");
        for (size_t i = 0; i < found->count; i++) {
            const struct finding *f = &found->items[i];
            const char *msg = rule_message(f->rule_id, LANG_ZH);
            if (f->detail)
                continue;
            rc |= buf_adds(&x, "<criterion rule=\"");
            rc |= buf_adds_xml(&x, f->rule_id);
            rc |= buf_adds(&x, "\" clause=\"");
            rc |= buf_adds_xml(&x, f->clause ? f->clause : "");
            rc |= buf_adds(&x, "\" threshold=\"");
            rc |= buf_adds_xml(&x, finding_value_zh(f->threshold, zh, sizeof zh));
            rc |= buf_printf(&x, "\" judgement=\"%d\">", rule_is_judgement(f->rule_id));
            rc |= buf_adds_xml(&x, msg ? msg : f->text);
            rc |= buf_adds(&x, "</criterion>\n");
        }
        rc |= buf_adds(&x, "</tier>\n");
    }
    rc |= buf_adds(&x, "</requirements>\n");
    p = web_page_new("applyindex");
    if (rc != 0 || p == NULL || add_xml(p, x.data, x.len) != 0) {
        http_error(call->rs, 500, "internal", "the tiers page could not be made");
        goto done;
    }
    http_page_render(call, p, "applyindex", 200, NULL);
done:
    web_page_free(p);
    buf_free(&x);
    free(found);
}

/* ---- the form page --------------------------------------------------------------------- */

/* One repeating group's rows: "financials.year" and how many. */
struct repeat {
    char path[WEB_FORM_APPLY_NAME_MAX + 1];
    long count;
};

struct repeats {
    size_t n;
    struct repeat r[REPEATS_MAX];
};

static struct repeat *repeat_of(struct repeats *rp, const char *path, size_t len)
{
    for (size_t i = 0; i < rp->n; i++)
        if (strlen(rp->r[i].path) == len && strncmp(rp->r[i].path, path, len) == 0)
            return &rp->r[i];
    if (rp->n == REPEATS_MAX || len > WEB_FORM_APPLY_NAME_MAX)
        return NULL;
    memcpy(rp->r[rp->n].path, path, len);
    rp->r[rp->n].path[len] = '\0';
    rp->r[rp->n].count = 0;
    return &rp->r[rp->n++];
}

/* Every "PATH.N" step in the fields' names: the highest N per PATH, so a
 * round trip shows every row the form showed, empty ones included. */
static void repeats_of(const struct web_form_field *f, size_t n, struct repeats *rp)
{
    for (size_t i = 0; i < n; i++) {
        const char *s = f[i].name, *dot;
        while ((dot = strchr(s, '.')) != NULL) {
            const char *num = dot + 1;
            char *end;
            long k = strtol(num, &end, 10);
            if (num[0] >= '1' && num[0] <= '9' && (*end == '.' || *end == '\0') && k <= 1000) {
                struct repeat *r = repeat_of(rp, f[i].name, (size_t)(dot - f[i].name));
                if (r != NULL && k > r->count)
                    r->count = k;
            }
            s = num;
        }
    }
}

/* The page's own state beside the documents: the draft and the application
 * it corrects, the rows of each repeating group, and the check's verdict
 * (found NULL: none). */
static int state_xml(struct buf *b, const char *tier, uint64_t draft, uint64_t replaces,
                     const struct repeats *rp, const struct findings *found,
                     char (*fields)[256])
{
    char zh[256];
    int rc = 0;

    rc |= buf_printf(b, "<state xmlns=\"" WEB_PAGE_NS "\" tier=\"%s\"", tier);
    if (draft)
        rc |= buf_printf(b, " draft=\"%llu\"", (unsigned long long)draft);
    if (replaces)
        rc |= buf_printf(b, " replaces=\"%llu\"", (unsigned long long)replaces);
    rc |= buf_adds(b, ">\n");
    for (size_t i = 0; rp && i < rp->n; i++) {
        rc |= buf_adds(b, "<repeat path=\"");
        rc |= buf_adds_xml(b, rp->r[i].path);
        rc |= buf_printf(b, "\" count=\"%ld\"/>\n", rp->r[i].count);
    }
    if (found != NULL) {
        enum eligibility e = findings_eligibility(found);
        rc |= buf_printf(b, "<check overall=\"%s\" label=\"%s\">\n", eligibility_name(e),
                         eligibility_label(e, LANG_ZH));
        for (size_t i = 0; i < found->count; i++) {
            const struct finding *f = &found->items[i];
            const char *msg = rule_message(f->rule_id, LANG_ZH);
            if (f->detail)
                continue;
            rc |= buf_printf(b, "<finding verdict=\"%s\" field=\"", verdict_name(f->verdict));
            rc |= buf_adds_xml(b, fields ? fields[i] : "");
            rc |= buf_adds(b, "\" rule=\"");
            rc |= buf_adds_xml(b, f->rule_id);
            rc |= buf_adds(b, "\" clause=\"");
            rc |= buf_adds_xml(b, f->clause ? f->clause : "");
            rc |= buf_adds(b, "\" measured=\"");
            rc |= buf_adds_xml(b, finding_value_zh(f->measured, zh, sizeof zh));
            rc |= buf_adds(b, "\" threshold=\"");
            rc |= buf_adds_xml(b, finding_value_zh(f->threshold, zh, sizeof zh));
            rc |= buf_adds(b, "\">");
            rc |= buf_adds_xml(b, msg ? msg : f->text);
            if (f->why_zh != NULL) {
                rc |= buf_adds(b, "；");
                rc |= buf_adds_xml(b, f->why_zh);
            }
            rc |= buf_adds(b, "</finding>\n");
        }
        rc |= buf_adds(b, "</check>\n");
    }
    rc |= buf_adds(b, "</state>\n");
    return rc ? -1 : 0;
}

/* What a form page shows beyond the schemas. */
struct apply_view {
    const struct tier_info *ti;
    const char *doc;          /* the document to fill the form from, or NULL */
    size_t doc_len;
    uint64_t draft, replaces;
    const struct repeats *rp;
    const struct findings *found; /* the check's verdict, or NULL */
    char (*fields)[256];          /* found's fields */
    const struct web_field_error *errs; /* schema errors at fields */
    size_t nerr;
    const char *form_error;   /* a sentence for the whole form, or NULL */
    const char *flash;
    unsigned int status;
};

static void apply_page(struct http_call *call, const struct apply_view *v)
{
    struct web_page *p = web_page_new("apply");
    struct buf st;
    size_t shown = 0;

    buf_init(&st, 1u << 20);
    if (p == NULL || add_schemas(call, p, v->ti) != 0 ||
        (v->doc != NULL && add_xml(p, v->doc, v->doc_len) != 0) ||
        state_xml(&st, v->ti->code, v->draft, v->replaces, v->rp, v->found, v->fields) != 0 ||
        add_xml(p, st.data, st.len) != 0) {
        http_error(call->rs, 500, "internal", "the application form could not be made");
        goto done;
    }
    if (v->nerr > 0 || v->form_error != NULL ||
        (v->found != NULL && findings_eligibility(v->found) == ELIG_INELIGIBLE)) {
        web_page_form(p, "check");
        if (v->form_error != NULL)
            web_page_form_error(p, "", v->form_error);
        for (size_t i = 0; i < v->nerr && shown < WEB_FORM_ERRORS_MAX; i++, shown++)
            web_page_form_error(p, v->errs[i].field, v->errs[i].message);
        for (size_t i = 0; v->found && i < v->found->count && shown < WEB_FORM_ERRORS_MAX; i++) {
            const struct finding *f = &v->found->items[i];
            struct buf m;
            if (f->detail || f->verdict != VERDICT_FAIL)
                continue;
            buf_init(&m, 2048);
            if (finding_format_lang(f, LANG_ZH, &m) == 0)
                web_page_form_error(p, v->fields ? v->fields[i] : "", m.data);
            buf_free(&m);
            shown++;
        }
    }
    http_page_render(call, p, "apply", v->status, v->flash);
done:
    web_page_free(p);
    buf_free(&st);
}

static const struct tier_info *tier_of_path(struct http_call *call)
{
    const struct tier_info *ti = tier_by_code(call->rq->params[0]);

    if (ti == NULL)
        h_page_not_found(call);
    return ti;
}

/* An id in the query (?draft=, ?replaces=): 0 when absent, -1 when not an id. */
static int query_id(struct http_call *call, const char *name, uint64_t *out)
{
    const char *s = http_query(call->rq, name);

    *out = 0;
    if (s == NULL || s[0] == '\0')
        return 0;
    return http_parse_id(s, out);
}

/* GET /apply/{tier}: the form, empty, or from a draft or a returned application. */
void h_page_apply(struct http_call *call)
{
    const struct tier_info *ti;
    struct apply_view v = {0};
    struct reg_says says;
    struct draft_row row;
    struct http_response sub;
    char *doc = NULL;
    size_t len = 0;

    memset(&sub, 0, sizeof sub);
    if (!enterprise(call) || (ti = tier_of_path(call)) == NULL)
        return;
    v.ti = ti;
    v.status = 200;
    if (query_id(call, "draft", &v.draft) != 0 || query_id(call, "replaces", &v.replaces) != 0) {
        h_page_not_found(call);
        return;
    }
    if (v.draft) {
        switch (registry_draft_get(call->reg, &call->who, v.draft, &row, &doc, &len, &says)) {
        case DRAFT_OK:
            if (strcmp(row.tier, ti->code) != 0 && tier_by_code(row.tier) != NULL) {
                /* a draft opens in its own tier's form */
                char to[128];
                snprintf(to, sizeof to, "/apply/%s?draft=%llu", row.tier,
                         (unsigned long long)v.draft);
                http_page_redirect(call, to);
                free(doc);
                return;
            }
            if (row.replaces && !v.replaces)
                v.replaces = row.replaces;
            break;
        case DRAFT_NOT_FOUND:
        case DRAFT_WRONG_ROLE:
            h_page_not_found(call);
            return;
        default:
            http_page_message(call, 503, says.zh);
            return;
        }
        if (doc != NULL && len == 0) {
            free(doc);
            doc = NULL;
        }
        v.doc = doc;
        v.doc_len = len;
        v.flash = http_query(call->rq, "saved") ? "草稿已保存" : "已打开草稿，可继续填写";
    } else if (v.replaces) {
        /* the returned application's document, read as the API reads it (in scope) */
        struct http_call c = *call;
        c.id = v.replaces;
        if (http_page_api_call(&c, h_submission_document, &sub) != 0) {
            http_page_api_failed(call, &sub);
            goto done;
        }
        v.doc = sub.body.data;
        v.doc_len = sub.body.len;
        v.flash = "已按退回的申请书预先填好，修改后提交即为重新申报";
    }
    apply_page(call, &v);
done:
    free(doc);
    buf_free(&sub.body);
}

/* ---- POST /apply/{tier} ------------------------------------------------------------------- */

static int is_control(const char *name)
{
    return strcmp(name, "csrf") == 0 || strcmp(name, "do") == 0 || strcmp(name, "draft") == 0 ||
           strcmp(name, "replaces") == 0;
}

/* Remove row `at` ("financials.year.2") from the fields: its fields go, the
 * rows after it move up one (names rewritten into names, a scratch of
 * WEB_FORM_APPLY_NAME_MAX + 1 bytes per field). Returns the new count. */
static size_t remove_row(struct web_form_field *f, size_t n, const char *at, char *names)
{
    const char *dot = strrchr(at, '.');
    size_t plen, out = 0;
    long k;
    char *end;

    if (dot == NULL)
        return n;
    k = strtol(dot + 1, &end, 10);
    if (*end != '\0' || k < 1)
        return n;
    plen = (size_t)(dot - at);
    for (size_t i = 0; i < n; i++) {
        const char *s = f[i].name;
        if (strncmp(s, at, plen) == 0 && s[plen] == '.' && s[plen + 1] >= '1' &&
            s[plen + 1] <= '9') {
            long j = strtol(s + plen + 1, &end, 10);
            if (*end == '.' || *end == '\0') {
                if (j == k)
                    continue; /* the row removed */
                if (j > k) {
                    char *nm = names + i * (WEB_FORM_APPLY_NAME_MAX + 1);
                    snprintf(nm, WEB_FORM_APPLY_NAME_MAX + 1, "%.*s.%ld%s", (int)plen, s, j - 1,
                             end);
                    f[i].name = nm;
                }
            }
        }
        f[out++] = f[i];
    }
    return out;
}

/* The form's fields without the page's own (csrf, do, draft, replaces),
 * into out (cap). */
static size_t doc_fields(const struct web_form *form, struct web_form_field *out, size_t cap)
{
    size_t n = 0;

    for (size_t i = 0; i < form->n && n < cap; i++)
        if (!is_control(form->f[i].name))
            out[n++] = form->f[i];
    return n;
}

/* Save xml as the draft in v (v->draft set when new). 0, or -1 after
 * answering with the form and the sentence. */
static int save_draft(struct http_call *call, struct apply_view *v, const char *xml, size_t len)
{
    struct reg_says says;

    switch (registry_draft_save(call->reg, &call->who, &v->draft, v->ti->code, v->replaces, xml,
                                len, &says)) {
    case DRAFT_OK:
        return 0;
    case DRAFT_NOT_FOUND:
        v->draft = 0; /* deleted meanwhile: the next save makes a new one */
        v->status = 404;
        break;
    case DRAFT_TOO_MANY:
    case DRAFT_TOO_LARGE:
        v->status = 409;
        break;
    case DRAFT_WRONG_ROLE:
        v->status = 403;
        break;
    case DRAFT_UNAVAILABLE:
    case DRAFT_CANNOT_WRITE:
        call->rs->retry_after = 5;
        v->status = 503;
        break;
    case DRAFT_ERROR:
        v->status = 500;
        break;
    }
    v->form_error = says.zh;
    v->doc = xml;
    v->doc_len = len;
    apply_page(call, v);
    return -1;
}

static void submit_answer(struct http_call *call, struct apply_view *v, const char *xml,
                          size_t len)
{
    struct submit_result res;
    char to[96];
    struct reg_says says;

    registry_submit(call->reg, &call->who, xml, len, v->replaces, &res);
    switch (res.outcome) {
    case SUBMIT_STORED:
    case SUBMIT_DUPLICATE:
        if (v->draft)
            (void)registry_draft_delete(call->reg, &call->who, v->draft, &says);
        snprintf(to, sizeof to, "/my?submitted=%llu", (unsigned long long)res.id);
        http_page_redirect(call, to);
        return;
    case SUBMIT_INVALID:
        v->status = 422;
        v->form_error = "申报书未通过数据规范校验，请点击“检查”查看每一项的问题";
        break;
    case SUBMIT_WRONG_ROLE:
    case SUBMIT_NOT_OWN:
    case SUBMIT_UNAUTHENTICATED: /* not for a page session (only bearer tokens confirm) */
        v->status = 403;
        break;
    case SUBMIT_NOT_FOUND:
        v->status = 404;
        break;
    case SUBMIT_CANNOT_REPLACE:
    case SUBMIT_CONFLICT:
        v->status = 409;
        break;
    case SUBMIT_BAD_RENEWAL:
        v->status = 422;
        break;
    case SUBMIT_UNAVAILABLE:
    case SUBMIT_UNKNOWN:
    case SUBMIT_CANNOT_WRITE:
        call->rs->retry_after = 5;
        v->status = 503;
        break;
    case SUBMIT_ERROR:
        v->status = 500;
        break;
    }
    if (v->form_error == NULL)
        v->form_error = res.says.zh[0] ? res.says.zh : "登记系统未能接收这份申报书";
    v->doc = xml;
    v->doc_len = len;
    apply_page(call, v);
}

/* 检查 (submit 0) or 提交 (submit 1) of the n fields: the document through
 * the schema with each error at its field; then the submission, or the
 * rules' verdict with each finding at its field and the draft saved. The
 * answer is made (flash: the notice after a check without schema errors,
 * NULL for the usual one). */
static void check_fields(struct http_call *call, struct apply_view *v, const char *ns,
                         const struct web_form_field *fields, size_t n, int submit,
                         const char *flash)
{
    /* on the heap, freed when the page is made: about 400 KB together */
    struct check_scratch {
        struct findings found;
        char ffield[FINDINGS_MAX][256];
        struct web_field_error errs[WEB_FORM_ERRORS_MAX];
    } *sc = malloc(sizeof *sc);
    struct findings *found = sc ? &sc->found : NULL;
    struct web_field_error *errs = sc ? sc->errs : NULL;
    struct buf xml;
    char err[512];

    buf_init(&xml, APPLY_DOC_MAX);
    if (sc == NULL) {
        http_error(call->rs, 500, "internal", "out of memory");
        goto done;
    }
    if (web_form_check(call->rq->env->schemas, ns, fields, n, &xml, errs, WEB_FORM_ERRORS_MAX,
                       &v->nerr, err, sizeof err) != 0) {
        fprintf(stderr, "tierd: apply form: %s\n", err);
        http_page_message(call, 400, "表单字段无法组成申报书，请返回上一页重新填写");
        goto done;
    }
    v->errs = errs;
    v->doc = xml.data;
    v->doc_len = xml.len;
    if (v->nerr == 0 && submit) {
        submit_answer(call, v, xml.data, xml.len);
        goto done;
    }
    if (v->nerr == 0 &&
        web_form_judge(call->rq->env->schemas, xml.data, xml.len, fields, n, found, sc->ffield,
                       err, sizeof err) == 0) {
        v->found = found;
        v->fields = sc->ffield;
    }
    /* the check keeps the draft on the server */
    if (save_draft(call, v, xml.data, xml.len) != 0)
        goto done;
    if (v->nerr > 0)
        v->status = submit ? 422 : 200;
    v->flash = v->nerr > 0 ? NULL : flash ? flash : "检查完成，草稿已保存";
    apply_page(call, v);
done:
    buf_free(&xml);
    free(sc);
}

void h_page_apply_post(struct http_call *call)
{
    struct web_form form;
    struct web_form_field *fields = NULL;
    char *names = NULL;
    struct apply_view v = {0};
    struct repeats rp;
    struct buf xml;
    const char *act;
    char err[512], ns[96];
    size_t n;

    memset(&form, 0, sizeof form);
    buf_init(&xml, APPLY_DOC_MAX);
    if (!enterprise(call) || (v.ti = tier_of_path(call)) == NULL)
        goto done;
    v.status = 200;
    if (web_form_parse_limits(call->rq->body.data, call->rq->body.len, &web_form_apply, &form,
                              err, sizeof err) != 0) {
        fprintf(stderr, "tierd: apply form refused: %s\n", err);
        http_page_message(call, 400, "表单内容无法读取，请返回上一页重新提交");
        goto done;
    }
    if (!web_csrf_check(call->sid, call->csrf_secret, web_form_get(&form, "csrf"))) {
        http_page_message(call, 403,
                          "表单已失效（缺少或不匹配的安全令牌），未作任何更改。请返回页面刷新后重试");
        goto done;
    }
    if ((web_form_get(&form, "draft") && web_form_get(&form, "draft")[0] &&
         http_parse_id(web_form_get(&form, "draft"), &v.draft) != 0) ||
        (web_form_get(&form, "replaces") && web_form_get(&form, "replaces")[0] &&
         http_parse_id(web_form_get(&form, "replaces"), &v.replaces) != 0)) {
        http_page_message(call, 400, "表单中的草稿或原申请编号无效");
        goto done;
    }
    fields = calloc(form.n + 1, sizeof *fields);
    names = calloc(form.n + 1, WEB_FORM_APPLY_NAME_MAX + 1);
    if (fields == NULL || names == NULL) {
        http_error(call->rs, 500, "internal", "out of memory");
        goto done;
    }
    n = doc_fields(&form, fields, form.n);
    act = web_form_get(&form, "do");
    if (act == NULL)
        act = "check";
    if (strncmp(act, "remove:", 7) == 0)
        n = remove_row(fields, n, act + 7, names);
    memset(&rp, 0, sizeof rp);
    repeats_of(fields, n, &rp);
    if (strncmp(act, "add:", 4) == 0) {
        struct repeat *r = repeat_of(&rp, act + 4, strlen(act + 4));
        if (r != NULL && r->count < 1000)
            r->count = r->count > 0 ? r->count + 1 : 2;
    }
    v.rp = &rp;
    snprintf(ns, sizeof ns, "urn:tierd:application:%s:1", v.ti->code);
    if (strncmp(act, "add:", 4) == 0 || strncmp(act, "remove:", 7) == 0 ||
        strcmp(act, "save") == 0) {
        if (web_form_xml(ns, fields, n, &xml, err, sizeof err) != 0) {
            fprintf(stderr, "tierd: apply form: %s\n", err);
            http_page_message(call, 400, "表单字段无法组成申报书，请返回上一页重新填写");
            goto done;
        }
        if (strcmp(act, "save") == 0) {
            char to[160];
            if (save_draft(call, &v, xml.data, xml.len) != 0)
                goto done;
            snprintf(to, sizeof to, "/apply/%s?draft=%llu&saved=1", v.ti->code,
                     (unsigned long long)v.draft);
            http_page_redirect(call, to);
            goto done;
        }
        v.doc = xml.data;
        v.doc_len = xml.len;
        apply_page(call, &v);
        goto done;
    }
    if (strcmp(act, "check") != 0 && strcmp(act, "submit") != 0) {
        http_page_message(call, 400, "未知的操作，请使用页面上的按钮");
        goto done;
    }
    check_fields(call, &v, ns, fields, n, strcmp(act, "submit") == 0, NULL);
done:
    free(fields);
    free(names);
    web_form_free(&form);
    buf_free(&xml);
}

/* ---- POST /apply/upload ------------------------------------------------------------------ */

void h_page_apply_upload(struct http_call *call)
{
    struct ingest_errors *ie;
    struct web_html_form hf;
    char ns[96];
    struct web_multipart m;
    const struct web_multipart_part *csrf, *file;
    struct apply_view v = {0};
    xmlDocPtr d = NULL;
    enum tier_id tier = TIER_NONE;
    char err[256], tok[SESSION_CSRF_TOKEN_LEN + 1];

    if (!enterprise(call))
        return;
    if (web_multipart_parse(http_header(call->rq, "Content-Type"), call->rq->body.data,
                            call->rq->body.len, &m, err, sizeof err) != 0) {
        fprintf(stderr, "tierd: upload refused: %s\n", err);
        http_page_message(call, 400, "上传的内容无法读取，请返回上一页重新选择文件");
        return;
    }
    csrf = web_multipart_get(&m, "csrf");
    tok[0] = '\0';
    if (csrf != NULL && csrf->len < sizeof tok) {
        memcpy(tok, csrf->data, csrf->len);
        tok[csrf->len] = '\0';
    }
    if (!web_csrf_check(call->sid, call->csrf_secret, tok)) {
        http_page_message(call, 403,
                          "表单已失效（缺少或不匹配的安全令牌），未作任何更改。请返回页面刷新后重试");
        return;
    }
    file = web_multipart_get(&m, "xml");
    if (file == NULL || file->len == 0) {
        http_page_message(call, 422, "请选择要上传的申报书 XML 文件");
        return;
    }
    if ((ie = malloc(sizeof *ie)) == NULL) {
        http_error(call->rs, 500, "internal", "out of memory");
        return;
    }
    ingest_errors_clear(ie);
    if (ingest_parse(file->data, file->len, NULL, &d, ie) != INGEST_OK ||
        ingest_tier_of(d, &tier, ie) != INGEST_OK) {
        free(ie);
        xmlFreeDoc(d);
        http_page_message(call, 422,
                          "上传的文件不是可识别的申报书（不是格式正确的 XML，或根元素不是某一类别的申报书）");
        return;
    }
    free(ie);
    xmlFreeDoc(d);
    v.ti = tier_get(tier);
    v.doc = file->data;
    v.doc_len = file->len;
    v.status = 200;
    /* the form filled from the document, then 检查 through the fields it shows,
     * so every error is placed at a field of this page */
    apply_page(call, &v);
    if (call->rs->status != 200 ||
        web_html_form_fields(call->rs->body.data, call->rs->body.len, WEB_FORM_APPLY_FIELDS_MAX,
                             &hf, err, sizeof err) != 0) {
        if (call->rs->status == 200)
            http_error(call->rs, 500, "internal", "the uploaded form could not be read back");
        return;
    }
    snprintf(ns, sizeof ns, "urn:tierd:application:%s:1", v.ti->code);
    memset(&v, 0, sizeof v);
    v.ti = tier_get(tier);
    v.status = 200;
    check_fields(call, &v, ns, hf.f, hf.n, 0, "已按上传的文件填好表单并检查，草稿已保存");
    web_html_form_free(&hf);
}

/* ---- GET /my ---------------------------------------------------------------------------- */

static int drafts_xml(struct http_call *call, struct buf *b)
{
    struct draft_row rows[DRAFTS_PER_ACCOUNT]; /* about 5 KB */
    struct reg_says says;
    int n = 0, rc = 0;

    if (registry_draft_list(call->reg, &call->who, rows, DRAFTS_PER_ACCOUNT, &n, &says) !=
        DRAFT_OK)
        return -1;
    rc |= buf_adds(b, "<drafts xmlns=\"" WEB_PAGE_NS "\">\n");
    for (int i = 0; i < n; i++) {
        const struct tier_info *ti = tier_by_code(rows[i].tier);
        rc |= buf_printf(b, "<draft id=\"%llu\" tier=\"%s\" replaces=\"%llu\" bytes=\"%lld\" "
                            "updatedAt=\"%s\">",
                         (unsigned long long)rows[i].id, ti ? ti->code : "",
                         (unsigned long long)rows[i].replaces, (long long)rows[i].bytes,
                         rows[i].updated_at);
        rc |= buf_adds_xml(b, ti ? ti->name_zh : rows[i].tier);
        rc |= buf_adds(b, "</draft>\n");
    }
    rc |= buf_adds(b, "</drafts>\n");
    return rc ? -1 : 0;
}

static int titles_xml(struct http_call *call, struct buf *b)
{
    struct title_row rows[TITLE_ROWS_MAX]; /* about 10 KB */
    struct reg_says says;
    size_t n = 0;
    int rc = 0;

    if (registry_my_titles(call->reg, &call->who, rows, TITLE_ROWS_MAX, &n, &says) != READ_OK)
        return -1;
    rc |= buf_adds(b, "<titles xmlns=\"" WEB_PAGE_NS "\">\n");
    for (size_t i = 0; i < n; i++) {
        const struct tier_info *ti = tier_by_code(rows[i].tier);
        if (!rows[i].is_certificate)
            continue;
        rc |= buf_printf(b, "<certificate serial=\"%s\" tier=\"%s\" state=\"%s\" "
                            "validFrom=\"%s\" validUntil=\"%s\" revokedOn=\"%s\" "
                            "submission=\"%llu\">",
                         rows[i].ref, ti ? ti->code : "", rows[i].state, rows[i].valid_from,
                         rows[i].valid_until, rows[i].revoked_on,
                         (unsigned long long)rows[i].submission_id);
        rc |= buf_adds_xml(b, ti ? ti->name_zh : rows[i].tier);
        rc |= buf_adds(b, "</certificate>\n");
    }
    rc |= buf_adds(b, "</titles>\n");
    return rc ? -1 : 0;
}

void h_page_my(struct http_call *call)
{
    struct http_response sub;
    struct web_page *p = NULL;
    struct buf x;

    memset(&sub, 0, sizeof sub);
    buf_init(&x, 4u << 20);
    buf_init(&sub.body, HTTP_RESPONSE_MAX);
    if (!enterprise(call))
        goto done;
    {
        struct http_call c = *call;
        c.rs = &sub;
        http_submission_list(&c, NULL, "newest");
    }
    if (sub.status != 200) {
        http_page_api_failed(call, &sub);
        goto done;
    }
    p = web_page_new("my");
    if (p == NULL || http_page_add(p, &sub.body) != 0 || drafts_xml(call, &x) != 0 ||
        add_xml(p, x.data, x.len) != 0) {
        http_page_message(call, 503, "登记数据库暂时不可用，请稍后再试");
        goto done;
    }
    buf_reset(&x);
    if (titles_xml(call, &x) != 0 || add_xml(p, x.data, x.len) != 0) {
        http_page_message(call, 503, "登记数据库暂时不可用，请稍后再试");
        goto done;
    }
    http_page_render(call, p, "my", 200,
                     http_query(call->rq, "submitted")  ? "申报书已提交，等待市级审核"
                     : http_query(call->rq, "deleted") ? "草稿已删除"
                                                        : NULL);
done:
    web_page_free(p);
    buf_free(&x);
    buf_free(&sub.body);
}

/* ---- drafts ----------------------------------------------------------------------------- */

void h_page_draft_document(struct http_call *call)
{
    struct reg_says says;
    struct draft_row row;
    char *doc = NULL;
    size_t len = 0;

    if (!enterprise(call))
        return;
    switch (registry_draft_get(call->reg, &call->who, call->id, &row, &doc, &len, &says)) {
    case DRAFT_OK:
        break;
    case DRAFT_NOT_FOUND:
    case DRAFT_WRONG_ROLE:
        h_page_not_found(call);
        return;
    default:
        http_page_message(call, 503, says.zh);
        return;
    }
    buf_reset(&call->rs->body);
    if (buf_add(&call->rs->body, doc, len) != 0) {
        http_error(call->rs, 500, "internal", "the draft is larger than the response limit");
    } else {
        call->rs->status = 200;
        call->rs->content_type = HTTP_XML_TYPE;
    }
    free(doc);
}

void h_page_draft_delete(struct http_call *call)
{
    struct web_form f;
    struct reg_says says;
    char err[256];

    if (!enterprise(call))
        return;
    if (web_form_parse(call->rq->body.data, call->rq->body.len, &f, err, sizeof err) != 0) {
        http_page_message(call, 400, "表单内容无法读取，请返回上一页重新提交");
        return;
    }
    if (!web_csrf_check(call->sid, call->csrf_secret, web_form_get(&f, "csrf"))) {
        web_form_free(&f);
        http_page_message(call, 403,
                          "表单已失效（缺少或不匹配的安全令牌），未作任何更改。请返回页面刷新后重试");
        return;
    }
    web_form_free(&f);
    switch (registry_draft_delete(call->reg, &call->who, call->id, &says)) {
    case DRAFT_OK:
        http_page_redirect(call, "/my?deleted=1");
        break;
    case DRAFT_NOT_FOUND:
    case DRAFT_WRONG_ROLE:
        h_page_not_found(call);
        break;
    default:
        http_page_message(call, 503, says.zh);
        break;
    }
}
