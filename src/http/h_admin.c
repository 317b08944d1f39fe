/*
 * h_admin.c — accounts and targets for admins: the XML API (GET
 * /v1/accounts, GET /v1/targets) and the admin pages over it (docs/web.md):
 * add an account, disable, enable, set a password, issue a token shown once;
 * list and set the yearly targets.
 *
 * Transport only, as every file of src/http/: each act is a registry use case
 * (account_ops.c, operators.c) that checks the values, writes the row and
 * its audit row in one transaction and answers an enum op_outcome with a
 * sentence and the field at fault. A page is the API's document in the page
 * envelope, transformed by web/admin_accounts.xsl or admin_targets.xsl; a
 * refused form comes back with the Chinese sentence at its field and what
 * was typed kept (never a password). Pages are for admins; for anyone else
 * they do not exist (the not-found page), as /admin/keys.
 */
#include "tier/config.h"
#include "tier/date.h"
#include "tier/http_handlers.h"
#include "tier/http_render.h"
#include "tier/registry_web.h"
#include "tier/web_form.h"
#include "tier/web_page.h"

#include <openssl/crypto.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The status of an operator's outcome, for the API and for a refused form. */
static unsigned int op_status(const struct op_result *res, int *retry_s)
{
    *retry_s = 0;
    switch (res->outcome) {
    case OP_DONE:
        return 200;
    case OP_REFUSED:
        return 422;
    case OP_EXISTS:
    case OP_BROKEN:
        return 409;
    case OP_NOT_FOUND:
        return 404;
    case OP_CANNOT_WRITE:
        *retry_s = REG_CANNOT_WRITE_RETRY_S;
        return 503;
    case OP_UNAVAILABLE:
    case OP_UNKNOWN:
        *retry_s = 5;
        return 503;
    case OP_ERROR:
        break;
    }
    return 500;
}

static void op_answer(struct http_response *rs, const struct op_result *res)
{
    int retry;
    unsigned int status = op_status(res, &retry);

    buf_reset(&rs->body);
    http_answer(rs, status, &res->says, retry);
}

/* ---- the XML API ------------------------------------------------------------------------ */

static int account_xml(void *ctx, const struct account_row *a)
{
    struct buf *b = ctx;

    return buf_adds(b, "  <account name=\"") | buf_adds_xml(b, a->name) |
           buf_printf(b, "\" role=\"%s\" uscc=\"%s\" city=\"%s\" state=\"%s\" password=\"%s\" "
                         "tokens=\"%ld\"/>\n",
                      role_name(a->role), a->uscc, a->city, a->disabled ? "disabled" : "enabled",
                      a->has_password ? "true" : "false", a->tokens);
}

/* GET /v1/accounts (admins): every account, its role, binding, state, whether
 * it has a password, and how many tokens it holds unrevoked.
 *   <accounts xmlns="urn:tierd:accounts:1"><account name role uscc city
 *    state="enabled|disabled" password="true|false" tokens="n"/>…</accounts> */
void h_accounts_get(struct http_call *call)
{
    struct http_response *rs = call->rs;
    struct op_result res;

    buf_adds(&rs->body, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<accounts xmlns=\"urn:tierd:accounts:1\">\n");
    registry_account_list(call->reg, account_xml, &rs->body, &res);
    if (res.outcome != OP_DONE) {
        op_answer(rs, &res);
        return;
    }
    if (buf_adds(&rs->body, "</accounts>\n") != 0) {
        http_error(rs, 500, "internal", "the accounts are more than one answer may hold");
        return;
    }
    rs->status = 200;
    rs->content_type = HTTP_XML_TYPE;
}

static int target_xml(void *ctx, const struct target_row *t)
{
    struct buf *b = ctx;

    return buf_printf(b, "  <target tier=\"%s\" city=\"%s\" count=\"%ld\" kind=\"%s\" "
                         "wording=\"%s\">",
                      t->tier, t->city, t->count, t->kind, t->wording) |
           buf_adds_xml(b, t->source) | buf_adds(b, "</target>\n");
}

/* The year of ?year= (2000–2100), else this year in China. 0, or -1. */
static int query_year(struct http_call *call, int *year)
{
    const char *ys = http_query(call->rq, "year");
    char *end;
    long v;

    *year = date_today_cst().y;
    if (ys == NULL || ys[0] == '\0')
        return 0;
    errno = 0;
    v = strtol(ys, &end, 10);
    if (errno != 0 || *end != '\0' || v < 2000 || v > 2100)
        return -1;
    *year = (int)v;
    return 0;
}

/* GET /v1/targets?year= (admins): the year's targets (this year's without).
 *   <targets xmlns="urn:tierd:targets:1" year="2026"><target tier city=""
 *    count kind wording>source</target>…</targets>       city "" = the province */
void h_targets_get(struct http_call *call)
{
    struct http_response *rs = call->rs;
    struct op_result res;
    int year;

    if (query_year(call, &year) != 0) {
        http_error(rs, 400, "bad-parameter", "年份应为2000至2100之间的整数 (year is a whole "
                                             "number from 2000 to 2100)");
        return;
    }
    buf_printf(&rs->body, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<targets xmlns=\"urn:tierd:targets:1\" year=\"%d\">\n", year);
    registry_target_list(call->reg, year, target_xml, &rs->body, &res);
    if (res.outcome != OP_DONE) {
        op_answer(rs, &res);
        return;
    }
    if (buf_adds(&rs->body, "</targets>\n") != 0) {
        http_error(rs, 500, "internal", "the targets are more than one answer may hold");
        return;
    }
    rs->status = 200;
    rs->content_type = HTTP_XML_TYPE;
}

/* ---- pages -------------------------------------------------------------------------------- */

/* Admins only: 1, or 0 after answering the not-found page. */
static int admin(struct http_call *call)
{
    if (call->who.role == ROLE_ADMIN)
        return 1;
    h_page_not_found(call);
    return 0;
}

/* What a page shows besides the API's document: a form refused (its values
 * kept, the sentence at its field) or a token to show once. */
struct shown {
    const char *action;          /* the form's action: "add", "password", "target", "token" */
    const struct web_form *f;    /* what was typed, or NULL */
    const char *const *keep;     /* the fields of f to show again (NULL-terminated) */
    const char *field;           /* where the error goes ("" = the whole form) */
    const char *error;           /* the sentence, or NULL */
    const char *account;         /* the account a per-account form was for */
    const char *token;           /* "token": the token, shown this once */
};

/* Place s in p. 0 or -1 (out of memory). */
static int show(struct web_page *p, const struct shown *s)
{
    int rc = web_page_form(p, s->action);

    if (s->account != NULL)
        rc |= web_page_form_value(p, "account", s->account);
    if (s->token != NULL)
        rc |= web_page_form_value(p, "token", s->token);
    for (size_t i = 0; s->f != NULL && s->keep != NULL && s->keep[i] != NULL; i++) {
        const char *v = web_form_get(s->f, s->keep[i]);
        if (v != NULL)
            rc |= web_page_form_value(p, s->keep[i], v);
    }
    if (s->error != NULL)
        rc |= web_page_form_error(p, s->field ? s->field : "", s->error);
    return rc != 0 ? -1 : 0;
}

static void admin_page(struct http_call *call, http_use use, const char *view,
                       unsigned int status, const struct shown *s, const char *flash)
{
    struct http_response sub;
    struct web_page *p = http_page_api(call, use, view, &sub);

    if (p == NULL)
        goto done;
    if (s != NULL && show(p, s) != 0) {
        web_page_free(p);
        p = NULL; /* render answers 500 */
    }
    http_page_render(call, p, view, status, flash);
done:
    web_page_free(p);
    buf_free(&sub.body);
}

/* A refused act, shown on the page it came from: the field's sentence in
 * Chinese, what was typed kept. */
static void refused(struct http_call *call, http_use use, const char *view,
                    const struct op_result *res, struct shown *s)
{
    int retry;
    unsigned int status = op_status(res, &retry);

    if (retry > 0)
        call->rs->retry_after = retry;
    s->field = res->field != NULL ? res->field : "";
    s->error = res->says.zh[0] != '\0' ? res->says.zh : res->says.en;
    admin_page(call, use, view, status, s, NULL);
}

static const char *const account_fields[] = {"name", "role", "city", "uscc", NULL};

/* GET /admin/accounts: the accounts and the form to add one. */
void h_page_accounts(struct http_call *call)
{
    const char *done = http_query(call->rq, "done");
    static const struct {
        const char *code, *flash;
    } flashes[] = {
        {"added", "账户已添加"},       {"disabled", "账户已停用，其令牌和登录会话即时失效"},
        {"enabled", "账户已启用"},     {"password", "密码已设置，该账户的登录会话已全部退出"},
    };
    const char *flash = NULL;

    if (!admin(call))
        return;
    for (size_t i = 0; done != NULL && i < sizeof flashes / sizeof flashes[0]; i++) {
        if (strcmp(done, flashes[i].code) == 0)
            flash = flashes[i].flash;
    }
    admin_page(call, h_accounts_get, "admin_accounts", 200, NULL, flash);
}

/* POST /admin/accounts (csrf name role city uscc password): add an account. */
void h_page_account_add(struct http_call *call)
{
    struct web_form f;
    struct op_result res;
    const char *pw;
    struct reg_account_new a;
    struct shown s = {"add", &f, account_fields, NULL, NULL, NULL, NULL};

    if (!admin(call) || http_page_form(call, &f) != 0)
        return;
    pw = web_form_get(&f, "password");
    a = (struct reg_account_new){web_form_get(&f, "name"),
                                 role_parse(web_form_get(&f, "role")),
                                 web_form_get(&f, "uscc"),
                                 web_form_get(&f, "city"),
                                 pw,
                                 pw != NULL ? strlen(pw) : 0};
    if (a.name == NULL || a.name[0] == '\0') {
        res.outcome = OP_REFUSED;
        res.field = "name";
        snprintf(res.says.zh, sizeof res.says.zh, "请填写账户名");
        res.says.en[0] = '\0';
    } else {
        registry_account_add(call->reg, &a, call->who.name, &res);
    }
    if (res.outcome == OP_DONE)
        http_page_redirect(call, "/admin/accounts?done=added");
    else
        refused(call, h_accounts_get, "admin_accounts", &res, &s);
    web_form_free(&f);
}

/* POST /admin/accounts/{name}/{act}: act disable, enable, password
 * (csrf password) or token (csrf): the token is shown on this answer only;
 * the database keeps its SHA-256. */
void h_page_account_act(struct http_call *call)
{
    const char *name = call->rq->params[0], *act = call->rq->params[1];
    char to[64], token[TOKEN_LEN + 1];
    struct web_form f;
    struct op_result res;
    struct shown s = {act, &f, NULL, NULL, NULL, name, NULL};

    if (!admin(call))
        return;
    if (strcmp(act, "disable") != 0 && strcmp(act, "enable") != 0 &&
        strcmp(act, "password") != 0 && strcmp(act, "token") != 0) {
        h_page_not_found(call);
        return;
    }
    if (http_page_form(call, &f) != 0)
        return;
    if (act[0] == 'd' && strcmp(name, call->who.name) == 0) {
        /* an admin who disabled itself could not undo it from here */
        res.outcome = OP_REFUSED;
        res.field = NULL;
        snprintf(res.says.zh, sizeof res.says.zh,
                 "不能停用自己正在使用的账户；请由另一位管理员操作，或用 tierctl account disable");
        res.says.en[0] = '\0';
        refused(call, h_accounts_get, "admin_accounts", &res, &s);
        web_form_free(&f);
        return;
    }
    if (act[0] == 'd') {
        registry_account_disable(call->reg, name, call->who.name, &res);
    } else if (act[0] == 'e') {
        registry_account_enable(call->reg, name, call->who.name, &res);
    } else if (act[0] == 'p') {
        const char *pw = web_form_get(&f, "password");
        registry_password_set(call->reg, name, pw ? pw : "", pw ? strlen(pw) : 0, call->who.name,
                              &res);
    } else {
        registry_token_issue(call->reg, name, call->rq->env->cfg->token_days, call->who.name,
                             token, &res);
        if (res.outcome == OP_DONE) {
            /* shown on this answer alone: no redirect, no-store, never logged */
            s.token = token;
            admin_page(call, h_accounts_get, "admin_accounts", 200, &s, NULL);
            OPENSSL_cleanse(token, sizeof token);
            web_form_free(&f);
            return;
        }
    }
    if (res.outcome == OP_DONE) {
        snprintf(to, sizeof to, "/admin/accounts?done=%s", act[0] == 'd'   ? "disabled"
                                                           : act[0] == 'e' ? "enabled"
                                                                           : "password");
        http_page_redirect(call, to);
    } else {
        /* only the new password has a field in the account's row (named
         * apart from the add form's initial password); the rest is said for
         * the whole form */
        if (res.field != NULL && strcmp(res.field, "password") == 0)
            res.field = "new-password";
        else
            res.field = NULL;
        refused(call, h_accounts_get, "admin_accounts", &res, &s);
    }
    web_form_free(&f);
}

/* GET /admin/targets?year=: the year's targets and the form to set one. */
void h_page_targets(struct http_call *call)
{
    int year;

    if (!admin(call))
        return;
    if (query_year(call, &year) != 0) {
        http_page_message(call, 400, "年份应为2000至2100之间的整数");
        return;
    }
    admin_page(call, h_targets_get, "admin_targets", 200, NULL,
               http_query(call->rq, "done") ? "目标已保存" : NULL);
}

/* A whole number of the form (its field), or -1 with res refused there. */
static long form_number(const struct web_form *f, const char *field, long lo, long hi,
                        const char *zh, struct op_result *res)
{
    const char *v = web_form_get(f, field);
    char *end;
    long n;

    errno = 0;
    n = v != NULL ? strtol(v, &end, 10) : 0;
    if (v == NULL || v[0] == '\0' || errno != 0 || *end != '\0' || n < lo || n > hi) {
        res->outcome = OP_REFUSED;
        res->field = field;
        res->says.code = "refused";
        snprintf(res->says.zh, sizeof res->says.zh, "%s", zh);
        snprintf(res->says.en, sizeof res->says.en, "%s is not a whole number from %ld to %ld",
                 field, lo, hi);
        return -1;
    }
    return n;
}

static const char *const target_fields[] = {"year", "tier",    "city",   "count",
                                            "kind", "wording", "source", NULL};

/* POST /admin/targets (csrf year tier city count kind wording source). */
void h_page_target_set(struct http_call *call)
{
    struct web_form f;
    struct op_result res;
    struct shown s = {"target", &f, target_fields, NULL, NULL, NULL, NULL};
    long year, count;
    char to[64];

    if (!admin(call) || http_page_form(call, &f) != 0)
        return;
    year = form_number(&f, "year", 2000, 2100, "年份须为 2000 至 2100 之间的整数", &res);
    count = year < 0 ? -1
                     : form_number(&f, "count", 0, 10000000,
                                   "请填写目标数：0 至 10,000,000 之间的整数", &res);
    if (year >= 0 && count >= 0) {
        struct reg_target_new t = {(int)year,
                                   web_form_get(&f, "tier"),
                                   web_form_get(&f, "city"),
                                   count,
                                   web_form_get(&f, "kind"),
                                   web_form_get(&f, "wording"),
                                   web_form_get(&f, "source")};
        registry_target_set(call->reg, &t, call->who.name, &res);
    }
    if (res.outcome == OP_DONE) {
        snprintf(to, sizeof to, "/admin/targets?year=%ld&done=1", year);
        http_page_redirect(call, to);
    } else {
        refused(call, h_targets_get, "admin_targets", &res, &s);
    }
    web_form_free(&f);
}
