/*
 * drafts.c — the enterprise's use cases beside submitting (see
 * registry_drafts.h): drafts kept per account, the account's own
 * certificates, and what a tier requires on today's date.
 *
 * A draft belongs to the account that saved it (the store's every statement
 * names the account), so another account's draft id answers "not found".
 * Each use borrows one pool connection for its run. Thread-safe.
 */
#include "registry_int.h"

#include "tier/date.h"
#include "tier/db.h"
#include "tier/ingest.h"
#include "tier/registry_drafts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Only an enterprise keeps drafts. 0, or -1 with says set. */
static int enterprise_only(const struct principal *who, struct reg_says *says)
{
    if (who->role == ROLE_ENTERPRISE && who->uscc[0] != '\0')
        return 0;
    reg_say(says, "wrong-role", "只有企业账户可以保存申报草稿",
            "only an enterprise account keeps application drafts ('%s' is a %s)", who->name,
            role_name(who->role));
    return -1;
}

static enum draft_outcome failed(enum store_result sr, const char *err, uint64_t id,
                                 struct reg_says *says)
{
    switch (sr) {
    case STORE_NOT_FOUND:
        reg_say(says, "not-found", "没有找到这份草稿", "no draft %llu of this account",
                (unsigned long long)id);
        return DRAFT_NOT_FOUND;
    case STORE_CONFLICT:
        reg_say(says, "too-many-drafts", "草稿已达上限，请先删除不再需要的草稿",
                "the account keeps %d drafts, the most it may; delete one first",
                DRAFTS_PER_ACCOUNT);
        return DRAFT_TOO_MANY;
    case STORE_FULL:
        reg_say_cannot_write(says);
        return DRAFT_CANNOT_WRITE;
    case STORE_CONN:
    case STORE_RETRY:
        reg_say_unavailable(says, "nothing was changed");
        return DRAFT_UNAVAILABLE;
    default:
        reg_say_error(says, err);
        return DRAFT_ERROR;
    }
}

enum draft_outcome registry_draft_save(struct registry *r, const struct principal *who,
                                       uint64_t *id, const char *tier, uint64_t replaces,
                                       const char *doc, size_t len, struct reg_says *says)
{
    char err[256];
    struct db_conn *m;
    enum store_result sr = STORE_ERROR;

    if (enterprise_only(who, says) != 0)
        return DRAFT_WRONG_ROLE;
    if (len > DRAFT_DOC_MAX) {
        reg_say(says, "too-large", "草稿内容过大，无法保存",
                "a draft of %zu bytes is over the cap of %u", len, DRAFT_DOC_MAX);
        return DRAFT_TOO_LARGE;
    }
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL)
        return failed(STORE_CONN, err, *id, says);
    for (int attempt = 0; attempt < REG_ATTEMPTS; attempt++) {
        sr = store_draft_save(m, who->account_id, id, tier, replaces, doc, len, err,
                              sizeof err);
        if (sr != STORE_RETRY)
            break;
    }
    reg_write_note(sr);
    reg_conn_put(r, m, sr);
    if (sr == STORE_OK) {
        reg_say(says, "saved", "草稿已保存", "draft %llu saved", (unsigned long long)*id);
        return DRAFT_OK;
    }
    return failed(sr, err, *id, says);
}

enum draft_outcome registry_draft_list(struct registry *r, const struct principal *who,
                                       struct draft_row *rows, int cap, int *n,
                                       struct reg_says *says)
{
    char err[256];
    struct db_conn *m;
    enum store_result sr;

    *n = 0;
    if (enterprise_only(who, says) != 0)
        return DRAFT_WRONG_ROLE;
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL)
        return failed(STORE_CONN, err, 0, says);
    sr = store_draft_list(m, who->account_id, rows, cap, n, err, sizeof err);
    reg_conn_put(r, m, sr);
    return sr == STORE_OK ? DRAFT_OK : failed(sr, err, 0, says);
}

enum draft_outcome registry_draft_get(struct registry *r, const struct principal *who,
                                      uint64_t id, struct draft_row *row, char **doc,
                                      size_t *len, struct reg_says *says)
{
    char err[256];
    struct db_conn *m;
    enum store_result sr;
    char *d;

    *doc = NULL;
    *len = 0;
    if (enterprise_only(who, says) != 0)
        return DRAFT_WRONG_ROLE;
    d = malloc(DRAFT_DOC_MAX + 1);
    if (d == NULL) {
        reg_say_error(says, "out of memory reading a draft");
        return DRAFT_ERROR;
    }
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL) {
        free(d);
        return failed(STORE_CONN, err, id, says);
    }
    sr = store_draft_get(m, who->account_id, id, row, d, DRAFT_DOC_MAX, len, err, sizeof err);
    reg_conn_put(r, m, sr);
    if (sr != STORE_OK) {
        free(d);
        return failed(sr, err, id, says);
    }
    d[*len] = '\0';
    *doc = d;
    return DRAFT_OK;
}

enum draft_outcome registry_draft_delete(struct registry *r, const struct principal *who,
                                         uint64_t id, struct reg_says *says)
{
    char err[256];
    struct db_conn *m;
    enum store_result sr;

    if (enterprise_only(who, says) != 0)
        return DRAFT_WRONG_ROLE;
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL)
        return failed(STORE_CONN, err, id, says);
    sr = store_draft_delete(m, who->account_id, id, err, sizeof err);
    reg_write_note(sr);
    reg_conn_put(r, m, sr);
    if (sr == STORE_OK) {
        reg_say(says, "deleted", "草稿已删除", "draft %llu deleted", (unsigned long long)id);
        return DRAFT_OK;
    }
    return failed(sr, err, id, says);
}

enum read_outcome registry_my_titles(struct registry *r, const struct principal *who,
                                     struct title_row *rows, size_t cap, size_t *n,
                                     struct reg_says *says)
{
    char err[256];
    struct db_conn *m;
    enum store_result sr;

    *n = 0;
    if (who->role != ROLE_ENTERPRISE || who->uscc[0] == '\0') {
        reg_say(says, "not-found", "没有找到", "no certificates for this account");
        return READ_NOT_FOUND;
    }
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL)
        return reg_read_failed(STORE_CONN, err, says);
    sr = title_rows(m, who->uscc, rows, cap, n, err, sizeof err);
    reg_conn_put(r, m, sr);
    return sr == STORE_OK ? READ_OK : reg_read_failed(sr, err, says);
}

int registry_requirements(enum tier_id tier, enum rule_set *rs, struct findings *out)
{
    /* on the heap: an application is about 100 KB */
    struct application *app;
    struct tier_date today = date_today_cst();
    int rc;

    if (tier_get(tier) == NULL || (app = malloc(sizeof *app)) == NULL)
        return -1;
    ingest_application_init(app);
    app->tier = tier;
    app->submitted = today;
    *rs = rule_set_for_date(today.y, today.m, today.d);
    findings_init(out);
    rc = rules_evaluate(app, *rs, NULL, out);
    free(app);
    return rc;
}
