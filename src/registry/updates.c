/*
 * updates.c — the yearly data update (年度数据更新) and the lists of a title's
 * later life: titles about to lapse, titles whose update is missing (see
 * include/tier/registry_life.h; issue 17, domain.md §13.9).
 *
 * Filing an update is one transaction: lock the certificate's row, judge
 * (holder, tier, year due, deadline, validity) on the registry's day, look
 * for the same year's update (the same bytes again answer as the first
 * time; other bytes are refused: one update per title and year), store the
 * document verbatim, append the audit row, commit. A connection lost at
 * COMMIT leaves the outcome unknown; the same bytes sent again tell.
 *
 * What is due follows lifecycle_update_missing: the update of year Y meets
 * the tier's deadline in Y (update-deadline) and is owed by every title
 * issued before Y and valid on that deadline. A late update is refused, not
 * stored: the consequence of missing the deadline (update-missed: the
 * renewal right is lost) stands, and the refusal says so.
 *
 * Threads: the errors of the last invalid document live in the calling
 * thread's memory (one block, freed when the thread ends).
 */
#include "registry_int.h"

#include "tier/audit.h"
#include "tier/config.h"
#include "tier/db.h"
#include "tier/digest.h"
#include "tier/ingest.h"
#include "tier/lifecycle.h"
#include "tier/registry_life.h"
#include "tier/sign.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_key_t errs_key;
static pthread_once_t errs_once = PTHREAD_ONCE_INIT;

static void errs_key_make(void)
{
    pthread_key_create(&errs_key, free);
}

/* The calling thread's error list, emptied; NULL when out of memory. */
static struct ingest_errors *thread_errs(void)
{
    struct ingest_errors *e;

    pthread_once(&errs_once, errs_key_make);
    e = pthread_getspecific(errs_key);
    if (e == NULL) {
        e = malloc(sizeof *e);
        if (e == NULL || pthread_setspecific(errs_key, e) != 0) {
            free(e);
            return NULL;
        }
    }
    ingest_errors_clear(e);
    return e;
}

static const struct lifecycle_policy *policy(const struct registry *r,
                                             struct lifecycle_policy *dflt)
{
    if (r->cfg != NULL)
        return &r->cfg->lifecycle;
    lifecycle_defaults(dflt);
    return dflt;
}

/* A stored title judged on `today` into v. */
static void view_of(const struct lifecycle_policy *p, const struct update_title *t,
                    const struct tier_date *today, struct reg_title_view *v)
{
    const struct tier_info *ti = tier_by_code(t->tier);
    struct lifecycle_record rec;
    struct tier_date dl;
    int year;

    memset(v, 0, sizeof *v);
    v->t = *t;
    memset(&rec, 0, sizeof rec);
    rec.is_certificate = 1;
    date_parse(t->valid_from, strlen(t->valid_from), &rec.valid_from);
    date_parse(t->valid_until, strlen(t->valid_until), &rec.valid_until);
    rec.superseded = strcmp(t->state, "superseded") == 0;
    rec.revoked = t->revoked;
    rec.revoked_on = *today; /* a stored revocation is in force by now */
    v->state = lifecycle_title_state_name(lifecycle_title_state(&rec, today));
    v->days_left = date_to_days(&rec.valid_until) - date_to_days(today);
    if (ti == NULL)
        return;
    v->update_missing = lifecycle_update_missing(p, ti->id, &rec.valid_from,
                                                 (int)t->last_update_year, today, &year, &dl);
    if (v->update_missing) {
        v->update_year = year;
        date_format(&dl, v->update_deadline);
    } else if (lifecycle_update_deadline(p, ti->id, today->y, &dl)) {
        /* not missing: say the next deadline (this year's, or next year's once passed) */
        if (date_cmp(today, &dl) > 0)
            lifecycle_update_deadline(p, ti->id, today->y + 1, &dl);
        v->update_year = dl.y;
        date_format(&dl, v->update_deadline);
    }
}

/* ---- filing ------------------------------------------------------------------------ */

/* Is the update of `year` due for title t on `today`? 0 yes (deadline set),
 * or 1 with the sentence in res. */
static int judge_due(const struct lifecycle_policy *p, const struct update_title *t,
                     const struct ingest_update *u, const struct tier_date *today,
                     struct update_result *res)
{
    const struct tier_info *ti = tier_by_code(t->tier);
    struct lifecycle_record rec;
    struct tier_date dl, from;
    char d1[11];

    memset(&rec, 0, sizeof rec);
    rec.is_certificate = 1;
    date_parse(t->valid_from, strlen(t->valid_from), &rec.valid_from);
    date_parse(t->valid_until, strlen(t->valid_until), &rec.valid_until);
    rec.superseded = strcmp(t->state, "superseded") == 0;
    rec.revoked = t->revoked;
    rec.revoked_on = *today;
    from = rec.valid_from;
    if (ti == NULL || !lifecycle_update_deadline(p, ti->id, u->year, &dl)) {
        reg_say(&res->says, "update-not-required", "该称号没有年度数据更新要求",
                "%s titles have no yearly data update (update-deadline.%s is none)", t->tier,
                t->tier);
        return 1;
    }
    date_format(&dl, res->deadline);
    switch (lifecycle_title_state(&rec, today)) {
    case LIFECYCLE_TITLE_VALID:
        break;
    case LIFECYCLE_TITLE_EXPIRED:
        reg_say(&res->says, "title-not-valid", NULL,
                "certificate %s expired after %s; an expired title files no update", t->serial,
                t->valid_until);
        snprintf(res->says.zh, sizeof res->says.zh, "证书 %s 已于 %s 到期，无需也不能报送年度数据",
                 t->serial, t->valid_until);
        return 1;
    default:
        reg_say(&res->says, "title-not-valid", NULL,
                "certificate %s is %s; only a valid title files its yearly update", t->serial,
                t->state);
        snprintf(res->says.zh, sizeof res->says.zh, "证书 %s 已%s，不能报送年度数据", t->serial,
                 t->revoked ? "撤销" : "换发");
        return 1;
    }
    if (u->year != today->y || from.y >= u->year) {
        reg_say(&res->says, "update-not-due", NULL,
                "the update of year %d is not the one due now: on %04d-%02d-%02d certificate %s "
                "(issued %s) owes the update of %d, by its deadline in that year",
                u->year, today->y, today->m, today->d, t->serial, t->valid_from,
                from.y >= today->y ? from.y + 1 : today->y);
        snprintf(res->says.zh, sizeof res->says.zh,
                 "%d年度数据更新现在不能报送：证书 %s（%s 发放）应报送的是%d年度的数据更新",
                 u->year, t->serial, t->valid_from, from.y >= today->y ? from.y + 1 : today->y);
        return 1;
    }
    if (date_cmp(today, &dl) > 0) {
        date_format(&dl, d1);
        reg_say(&res->says, "update-late", NULL,
                "the deadline of the %d yearly update was %s; it can no longer be filed, and "
                "certificate %s %s",
                u->year, d1, t->serial,
                p->update_missed_blocks_renewal ? "has lost its right to renewal"
                                                : "is flagged for the reviewers");
        snprintf(res->says.zh, sizeof res->says.zh,
                 "%d年度数据更新的截止日期为 %s，已逾期，不能再报送；证书 %s %s", u->year, d1,
                 t->serial, p->update_missed_blocks_renewal ? "已丧失复核资格" : "已标记待审核人员处理");
        return 1;
    }
    res->year = u->year;
    return 0;
}

/* One attempt. 0 answered (res set), 1 failed before COMMIT (*sr), 2 lost
 * at COMMIT. */
static int file_once(struct db_conn *m, const struct lifecycle_policy *p,
                     const struct principal *who, const char *serial,
                     const struct ingest_update *u, const char *doc, size_t len,
                     const unsigned char sha[32], struct update_result *res,
                     enum store_result *sr, char *err, size_t errsz)
{
    struct update_title t;
    struct tier_date today = date_today_cst();
    unsigned char had[32];
    char at[20], hex[65], detail[200];
    struct audit_entry a = {who->name, "update.file", "certificate", serial, detail};
    unsigned int e = 0;

    if (db_begin(m, &e, err, errsz) != 0) {
        *sr = store_classify(e);
        return 1;
    }
    *sr = update_title_lock(m, serial, &t, err, errsz);
    if (*sr == STORE_NOT_FOUND ||
        (*sr == STORE_OK && who->role == ROLE_ENTERPRISE && strcmp(who->uscc, t.uscc) != 0)) {
        db_rollback(m);
        res->outcome = UPDATE_NOT_FOUND;
        reg_say(&res->says, "not-found", "您的权限范围内没有这份证书",
                "no certificate %s in your scope", serial);
        *sr = STORE_OK;
        return 0;
    }
    if (*sr != STORE_OK)
        goto failed;
    if (strcmp(u->uscc, t.uscc) != 0 || tier_by_code(t.tier) == NULL ||
        tier_by_code(t.tier)->id != u->tier) {
        db_rollback(m);
        res->outcome = UPDATE_MISMATCH;
        reg_say(&res->says, "update-mismatch", "年度数据更新文件中的企业或称号与证书不符",
                "the update names holder %s and tier %s, but certificate %s is %s's %s title",
                u->uscc, tier_get(u->tier)->code, serial, t.uscc, t.tier);
        return 0;
    }
    if (judge_due(p, &t, u, &today, res) != 0) {
        db_rollback(m);
        res->outcome = UPDATE_REFUSED;
        return 0;
    }
    *sr = update_find(m, serial, u->year, had, at, err, errsz);
    if (*sr == STORE_OK) {
        db_rollback(m);
        if (digest_equal(had, sha, 32)) {
            res->outcome = UPDATE_DUPLICATE;
            res->says.code = "duplicate";
            return 0;
        }
        res->outcome = UPDATE_REFUSED;
        reg_say(&res->says, "update-filed", NULL,
                "the %d update of certificate %s was filed at %s UTC with other content; one "
                "update per title and year",
                u->year, serial, at);
        snprintf(res->says.zh, sizeof res->says.zh,
                 "证书 %s 的%d年度数据更新已于 %s（UTC）报送，内容不同；每年只报送一次", serial,
                 u->year, at);
        return 0;
    }
    if (*sr != STORE_NOT_FOUND)
        goto failed;
    *sr = update_insert(m, serial, u->year, sha, doc, len, &res->id, err, errsz);
    if (*sr != STORE_OK)
        goto failed;
    digest_hex(sha, 32, hex);
    snprintf(detail, sizeof detail, "year %d (deadline %s), sha256 %s", u->year, res->deadline,
             hex);
    if (audit_append(m, &a, &e, err, errsz) != 0) {
        *sr = store_classify(e);
        goto failed;
    }
    if (db_commit(m, &e, err, errsz) != 0) {
        *sr = store_classify(e);
        if (*sr == STORE_CONN)
            return 2;
        db_rollback(m);
        return 1;
    }
    res->outcome = UPDATE_STORED;
    res->says.code = "filed";
    return 0;
failed:
    if (*sr != STORE_CONN)
        db_rollback(m);
    return 1;
}

void registry_update_submit(struct registry *r, const struct principal *who, const char *serial,
                            const char *doc, size_t len, struct update_result *res)
{
    struct lifecycle_policy dflt;
    const struct lifecycle_policy *p = policy(r, &dflt);
    struct ingest_errors *errs;
    struct ingest_update u;
    enum ingest_status st;
    enum store_result sr = STORE_ERROR;
    unsigned char sha[32];
    char err[512] = "";
    struct db_conn *m;
    int rc = 1;

    memset(res, 0, sizeof *res);
    if (who->role != ROLE_ENTERPRISE && who->role != ROLE_ADMIN) {
        res->outcome = UPDATE_WRONG_ROLE;
        reg_say(&res->says, "wrong-role", "只有证书持有企业可以报送年度数据",
                "only the holding enterprise files a title's yearly update; '%s' is a %s",
                who->name, role_name(who->role));
        return;
    }
    if (!cert_serial_valid(serial)) {
        res->outcome = UPDATE_NOT_FOUND;
        reg_say(&res->says, "not-found", "证书编号格式不对", "'%.40s' is not a certificate serial",
                serial);
        return;
    }
    errs = thread_errs();
    if (errs == NULL) {
        res->outcome = UPDATE_ERROR;
        reg_say_error(&res->says, "out of memory");
        return;
    }
    st = r->schemas != NULL ? ingest_update(r->schemas, doc, len, NULL, &u, errs)
                            : INGEST_SCHEMA_LOAD;
    if (st == INGEST_SCHEMA_LOAD || st == INGEST_NOMEM || st == INGEST_BAD_ARG) {
        res->outcome = UPDATE_ERROR;
        reg_say_error(&res->says, ingest_status_name(st));
        return;
    }
    if (st != INGEST_OK) {
        res->outcome = UPDATE_INVALID;
        res->ingest_status = (int)st;
        res->errs = errs;
        reg_say(&res->says, ingest_status_name(st), "不是有效的年度数据更新文件",
                "not a valid yearly update document (%s): %s", ingest_status_name(st),
                errs->count ? errs->e[0].message : "see the errors");
        return;
    }
    if (strcmp(u.certificate, serial) != 0) {
        res->outcome = UPDATE_MISMATCH;
        reg_say(&res->says, "update-mismatch", "年度数据更新文件中的证书编号与地址不符",
                "the update names certificate %.48s, but was sent to %s", u.certificate, serial);
        return;
    }
    digest_sha256(doc, len, sha);
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL) {
        res->outcome = UPDATE_UNAVAILABLE;
        reg_say_unavailable(&res->says, "nothing was stored");
        return;
    }
    for (int attempt = 0; attempt < REG_ATTEMPTS; attempt++) {
        rc = file_once(m, p, who, serial, &u, doc, len, sha, res, &sr, err, sizeof err);
        if (rc != 1 || sr != STORE_RETRY)
            break;
    }
    reg_conn_put(r, m, rc == 2 ? STORE_CONN : sr);
    if (rc == 0) {
        if (res->outcome == UPDATE_STORED)
            reg_write_note(STORE_OK);
        return;
    }
    if (rc == 1 && sr == STORE_FULL) {
        reg_write_note(sr);
        res->outcome = UPDATE_CANNOT_WRITE;
        reg_say_cannot_write(&res->says);
    } else if (rc == 2) {
        res->outcome = UPDATE_UNKNOWN;
        reg_say(&res->says, "outcome-unknown", "与数据库的连接在提交时中断，年度数据可能已报送，也可能没有",
                "the connection to the registry database was lost while committing; the update "
                "may or may not have been stored. Send the same bytes again: a stored one "
                "answers 200");
    } else if (rc == 1 && sr == STORE_CONFLICT) {
        res->outcome = UPDATE_REFUSED;
        reg_say(&res->says, "update-filed", "该年度数据更新已报送", "%s", err);
    } else if (sr == STORE_CONN || sr == STORE_RETRY) {
        res->outcome = UPDATE_UNAVAILABLE;
        reg_say_unavailable(&res->says, "nothing was stored");
    } else {
        res->outcome = UPDATE_ERROR;
        reg_say_error(&res->says, err);
    }
}

/* ---- lists --------------------------------------------------------------------------- */

struct list_ctx {
    const struct lifecycle_policy *p;
    const struct principal *who;     /* NULL: an operator */
    struct tier_date today;
    struct reg_title_view *rows;
    size_t cap, n;
    int missing_only;
};

static int take(void *arg, const struct update_title *t)
{
    struct list_ctx *c = arg;

    if (c->who != NULL && !registry_in_scope(c->who, t->uscc, t->city))
        return 0;
    if (c->n >= c->cap)
        return 1;
    view_of(c->p, t, &c->today, &c->rows[c->n]);
    if (c->missing_only && !c->rows[c->n].update_missing)
        return 0;
    c->n++;
    return 0;
}

/* A city reviewer's lists are its city's; others' are narrowed by scope in
 * take(). */
static const char *city_of(const struct principal *who)
{
    return who != NULL && who->role == ROLE_CITY_REVIEWER ? who->city : NULL;
}

static const char *uscc_of(const struct principal *who)
{
    return who != NULL && who->role == ROLE_ENTERPRISE ? who->uscc : NULL;
}

enum read_outcome registry_expiring(struct registry *r, const struct principal *who, int days,
                                    struct reg_title_view *rows, size_t cap, size_t *n,
                                    struct reg_says *says)
{
    struct lifecycle_policy dflt;
    struct list_ctx c = {policy(r, &dflt), who, date_today_cst(), rows, cap, 0, 0};
    struct tier_date to;
    char from_s[11], to_s[11], err[512] = "";
    struct update_query q;
    struct db_conn *m;
    enum store_result sr;

    *n = 0;
    if (days < 0 || days > 3660) {
        reg_say(says, "bad-parameter", "天数须在0到3660之间", "days: %d is not from 0 to 3660",
                days);
        return READ_FORBIDDEN;
    }
    to = date_from_days(date_to_days(&c.today) + days);
    date_format(&c.today, from_s);
    date_format(&to, to_s);
    memset(&q, 0, sizeof q);
    q.from = from_s;
    q.to = to_s;
    q.city = city_of(who);
    q.uscc = uscc_of(who);
    q.limit = cap;
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL)
        return reg_read_failed(STORE_CONN, err, says);
    sr = update_expiring(m, &q, take, &c, err, sizeof err);
    reg_conn_put(r, m, sr);
    if (sr != STORE_OK)
        return reg_read_failed(sr, err, says);
    *n = c.n;
    return READ_OK;
}

enum read_outcome registry_enterprise_titles(struct registry *r, const struct principal *who,
                                             const char *uscc, struct reg_title_view *rows,
                                             size_t cap, size_t *n, struct reg_says *says)
{
    struct lifecycle_policy dflt;
    struct list_ctx c = {policy(r, &dflt), who, date_today_cst(), rows, cap, 0, 0};
    char err[512] = "";
    struct db_conn *m;
    enum store_result sr;

    *n = 0;
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL)
        return reg_read_failed(STORE_CONN, err, says);
    sr = update_titles_of(m, uscc, cap, take, &c, err, sizeof err);
    reg_conn_put(r, m, sr);
    if (sr != STORE_OK)
        return reg_read_failed(sr, err, says);
    *n = c.n;
    return READ_OK;
}

enum read_outcome registry_updates_missing(struct registry *r, const struct principal *who,
                                           const char *tier, struct reg_title_view *rows,
                                           size_t cap, size_t *n, struct reg_says *says)
{
    struct lifecycle_policy dflt;
    struct list_ctx c = {policy(r, &dflt), who, date_today_cst(), rows, cap, 0, 1};
    const struct tier_info *only = tier != NULL ? tier_by_code(tier) : NULL;
    char err[512] = "";
    struct db_conn *m;
    enum store_result sr = STORE_OK;

    *n = 0;
    if (who != NULL && who->role == ROLE_ENTERPRISE) {
        reg_say(says, "forbidden", "企业不能查看待报送名单",
                "the list of missing updates is the reviewers'");
        return READ_FORBIDDEN;
    }
    if (tier != NULL && only == NULL) {
        reg_say(says, "bad-parameter", "称号代码无效", "tier: '%.40s' is not a tier code", tier);
        return READ_FORBIDDEN;
    }
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL)
        return reg_read_failed(STORE_CONN, err, says);
    for (int i = 0; i < TIER_COUNT && sr == STORE_OK && c.n < cap; i++) {
        const struct tier_info *ti = tier_get((enum tier_id)i);
        struct tier_date dl;
        struct update_query q;
        char dls[11];
        int y = c.today.y;

        if (only != NULL && only->id != ti->id)
            continue;
        if (!lifecycle_update_deadline(c.p, ti->id, y, &dl))
            continue;
        /* the latest deadline passed: this year's once over, else last year's */
        if (date_cmp(&c.today, &dl) <= 0)
            lifecycle_update_deadline(c.p, ti->id, --y, &dl);
        date_format(&dl, dls);
        memset(&q, 0, sizeof q);
        q.tier = ti->code;
        q.due_year = y;
        q.deadline = dls;
        q.city = city_of(who);
        q.limit = cap - c.n;
        sr = update_missing(m, &q, take, &c, err, sizeof err);
    }
    reg_conn_put(r, m, sr);
    if (sr != STORE_OK)
        return reg_read_failed(sr, err, says);
    *n = c.n;
    return READ_OK;
}

static int take_one(void *arg, const struct update_title *t)
{
    struct list_ctx *c = arg;

    view_of(c->p, t, &c->today, c->rows);
    c->n = 1;
    return 1;
}

enum read_outcome registry_certificate_updates(struct registry *r, const char *serial,
                                               struct reg_title_view *view,
                                               struct update_filed *rows, size_t cap,
                                               size_t *n, struct reg_says *says)
{
    struct lifecycle_policy dflt;
    struct list_ctx c = {policy(r, &dflt), NULL, date_today_cst(), view, 1, 0, 0};
    char err[512] = "";
    struct update_title t;
    struct db_conn *m;
    enum store_result sr;

    *n = 0;
    if (!cert_serial_valid(serial)) {
        reg_say(says, "not-found", "证书编号格式不对", "'%.40s' is not a certificate serial", serial);
        return READ_NOT_FOUND;
    }
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL)
        return reg_read_failed(STORE_CONN, err, says);
    /* a plain read: the row lock of update_title_lock needs a transaction,
     * and autocommit ends it at once */
    sr = update_title_lock(m, serial, &t, err, sizeof err);
    if (sr == STORE_OK)
        take_one(&c, &t);
    if (sr == STORE_OK)
        sr = update_list(m, serial, rows, cap, n, err, sizeof err);
    reg_conn_put(r, m, sr == STORE_NOT_FOUND ? STORE_OK : sr);
    if (sr == STORE_NOT_FOUND) {
        reg_say(says, "not-found", "没有这份证书", "no certificate %s", serial);
        return READ_NOT_FOUND;
    }
    if (sr != STORE_OK)
        return reg_read_failed(sr, err, says);
    return READ_OK;
}
