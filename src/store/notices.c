/*
 * notices.c — the public notice's rows (notices.h): which applications are
 * in notice, which notices are over, objections and their verdicts, and the
 * calendar's days.
 *
 * The scheduled issuance finds its work with SELECT … FOR UPDATE SKIP LOCKED
 * (MariaDB 10.6 and later): of several daemons stepping at once each takes a
 * different due application, and none waits for another's. The registry
 * then re-reads the row under that lock, so an application issued by another
 * daemon a moment before is seen as approved and left alone.
 *
 * Every status change is a compare-and-set on the status it moves from, with
 * its audit row in the same transaction. The objection's contact is written
 * here and read only by objection_list_xml (reviewers); no audit row and no
 * public list carries it.
 */
#include "tier/notices.h"

#include "tier/audit.h"
#include "tier/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A SELECT of at most one row: STORE_OK (cols filled), STORE_NOT_FOUND, or
 * the failure's class. */
static enum store_result one_row(struct db_conn *m, const char *sql, const struct db_param *p,
                                 size_t np, struct db_col *c, size_t nc, char *err, size_t errsz)
{
    unsigned int e = 0;
    long n = db_query(m, &(struct db_select){sql, p, np, c, nc, NULL, NULL}, &e, err, errsz);

    if (n < 0)
        return store_classify(e);
    return n == 0 ? STORE_NOT_FOUND : STORE_OK;
}

/* ---- the calendar ------------------------------------------------------------------ */

struct cal_rows {
    struct calendar *cal;
    char day[11], kind[9], name[CALENDAR_NAME_MAX];
};

static int cal_row(void *ctx)
{
    struct cal_rows *x = ctx;
    struct tier_date d;
    char msg[200];

    if (date_parse(x->day, strlen(x->day), &d) == 0)
        /* a day held already (or a row the pure calendar refuses) is skipped:
         * the table was checked when it was imported */
        (void)calendar_add(x->cal, &d, calendar_kind_parse(x->kind), x->name, msg, sizeof msg);
    return 0;
}

enum store_result notice_calendar_read(struct db_conn *m, int y0, int y1, struct calendar *cal,
                                       char *err, size_t errsz)
{
    char first[11], last[11];
    struct cal_rows x = {.cal = cal};
    struct db_param p[] = {DB_STR(first), DB_STR(last)};
    struct db_col c[] = {DB_OUT_STR(x.day), DB_OUT_STR(x.kind), DB_OUT_STR(x.name)};
    unsigned int e = 0;

    snprintf(first, sizeof first, "%04d-01-01", y0);
    snprintf(last, sizeof last, "%04d-12-31", y1);
    if (db_query(m,
                 &(struct db_select){"SELECT DATE_FORMAT(day, '%Y-%m-%d'), kind, name FROM "
                                     "calendar_days WHERE day BETWEEN ? AND ? ORDER BY day",
                                     p, DB_NELEM(p), c, DB_NELEM(c), cal_row, &x},
                 &e, err, errsz) < 0)
        return store_classify(e);
    return STORE_OK;
}

/* ---- notices ----------------------------------------------------------------------- */

enum store_result notice_due_lock(struct db_conn *m, const char *today, uint64_t after,
                                  uint64_t *id, char *err, size_t errsz)
{
    int64_t v = 0;
    struct db_param p[] = {DB_STR(today), DB_INT(after)};
    struct db_col c[] = {DB_OUT_INT(&v)};
    enum store_result sr;

    sr = one_row(m,
                 "SELECT id FROM submissions WHERE status = 'in-notice' AND notice_ends < ? AND "
                 "id > ? ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
                 p, DB_NELEM(p), c, DB_NELEM(c), err, errsz);
    if (sr == STORE_OK)
        *id = (uint64_t)v;
    return sr;
}

enum store_result notice_move(struct db_conn *m, const struct notice_move *mv, char *err,
                              size_t errsz)
{
    char oid[24];
    struct audit_entry a = {mv->actor, mv->action, "submission", oid, NULL};
    char detail[2200];
    struct db_param p[] = {DB_STR(mv->to), DB_INT(mv->submission_id), DB_STR(mv->from)};
    uint64_t affected = 0;
    unsigned int e = 0;

    if (db_execv(m, "UPDATE submissions SET status = ? WHERE id = ? AND status = ?", p,
                 DB_NELEM(p), &affected, NULL, &e, err, errsz) != 0)
        return store_classify(e);
    if (affected != 1) {
        snprintf(err, errsz, "submission %llu is not %s", (unsigned long long)mv->submission_id,
                 mv->from);
        return STORE_NOT_FOUND;
    }
    snprintf(oid, sizeof oid, "%llu", (unsigned long long)mv->submission_id);
    snprintf(detail, sizeof detail, "%s -> %s%s%.2000s", mv->from, mv->to,
             mv->detail && *mv->detail ? "; " : "", mv->detail ? mv->detail : "");
    a.detail = detail;
    if (audit_append(m, &a, &e, err, errsz) != 0)
        return store_classify(e);
    return STORE_OK;
}

struct list_rows {
    struct buf *out;
    int64_t id;
    char tier[33], city[7], ends[11], status[17], name[STORE_NAME_BYTES], uscc[19];
    int full;
};

static int list_row(void *ctx)
{
    struct list_rows *x = ctx;
    struct buf *b = x->out;

    if (buf_printf(b, "  <notice id=\"%lld\" tier=\"%s\" city=\"%s\" ends=\"%s\" status=\"%s\">",
                   (long long)x->id, x->tier, x->city, x->ends, x->status) != 0 ||
        buf_adds(b, "<name>") != 0 || buf_adds_xml(b, x->name) != 0 ||
        buf_printf(b, "</name><uscc>%s</uscc></notice>\n", x->uscc) != 0) {
        x->full = 1;
        return 1;
    }
    return 0;
}

enum store_result notice_list_xml(struct db_conn *m, const char *today, struct buf *out,
                                  char *err, size_t errsz)
{
    struct list_rows x = {.out = out};
    struct db_param p[] = {DB_STR(today)};
    struct db_col c[] = {DB_OUT_INT(&x.id),    DB_OUT_STR(x.tier),   DB_OUT_STR(x.city),
                         DB_OUT_STR(x.ends),   DB_OUT_STR(x.status), DB_OUT_STR(x.name),
                         DB_OUT_STR(x.uscc)};
    unsigned int e = 0;

    if (db_query(m,
                 &(struct db_select){"SELECT s.id, s.tier, s.city_code, DATE_FORMAT(s.notice_ends, "
                                     "'%Y-%m-%d'), s.status, e.name, e.uscc FROM submissions s "
                                     "JOIN enterprises e ON e.id = s.enterprise_id WHERE s.status "
                                     "IN ('in-notice', 'objected') AND s.notice_ends >= ? ORDER "
                                     "BY s.notice_ends, s.id LIMIT 500",
                                     p, DB_NELEM(p), c, DB_NELEM(c), list_row, &x},
                 &e, err, errsz) < 0)
        return store_classify(e);
    if (x.full) {
        snprintf(err, errsz, "the list of notices is larger than the response limit");
        return STORE_ERROR;
    }
    return STORE_OK;
}

enum store_result notice_ends(struct db_conn *m, uint64_t submission_id, char ends[11],
                              char *err, size_t errsz)
{
    char v[11] = "";
    struct db_param p[] = {DB_INT(submission_id)};
    struct db_col c[] = {DB_OUT_STR(v)};
    enum store_result sr;

    sr = one_row(m,
                 "SELECT COALESCE(DATE_FORMAT(notice_ends, '%Y-%m-%d'), '') FROM submissions "
                 "WHERE id = ?",
                 p, DB_NELEM(p), c, DB_NELEM(c), err, errsz);
    if (sr == STORE_OK)
        memcpy(ends, v, sizeof v);
    return sr;
}

enum store_result notice_owner_ends(struct db_conn *m, uint64_t submission_id, char uscc[19],
                                    char city[7], char ends[11], char *err, size_t errsz)
{
    char u[19] = "", c6[7] = "", v[11] = "";
    struct db_param p[] = {DB_INT(submission_id)};
    struct db_col c[] = {DB_OUT_STR(u), DB_OUT_STR(c6), DB_OUT_STR(v)};
    enum store_result sr;

    sr = one_row(m,
                 "SELECT e.uscc, s.city_code, COALESCE(DATE_FORMAT(s.notice_ends, '%Y-%m-%d'), '') "
                 "FROM submissions s JOIN enterprises e ON e.id = s.enterprise_id WHERE s.id = ?",
                 p, DB_NELEM(p), c, DB_NELEM(c), err, errsz);
    if (sr == STORE_OK) {
        memcpy(uscc, u, sizeof u);
        memcpy(city, c6, sizeof c6);
        memcpy(ends, v, sizeof v);
    }
    return sr;
}

/* ---- objections -------------------------------------------------------------------- */

enum store_result objection_insert(struct db_conn *m, const struct objection_new *o,
                                   uint64_t *id, char *err, size_t errsz)
{
    char oid[24], detail[96];
    struct audit_entry a = {"public", "notice.objection", "submission", oid, detail};
    struct db_param p[] = {DB_INT(o->submission_id), DB_STR(o->reason), DB_STR(o->contact),
                           DB_STR(o->address)};
    unsigned int e = 0;

    if (db_execv(m,
                 "INSERT INTO objections (submission_id, reason, contact, address) VALUES "
                 "(?, ?, ?, ?)",
                 p, DB_NELEM(p), NULL, id, &e, err, errsz) != 0)
        return store_classify(e);
    snprintf(oid, sizeof oid, "%llu", (unsigned long long)o->submission_id);
    snprintf(detail, sizeof detail, "objection %llu filed", (unsigned long long)*id);
    if (audit_append(m, &a, &e, err, errsz) != 0)
        return store_classify(e);
    return STORE_OK;
}

enum store_result objection_count_recent(struct db_conn *m, const char *address, long *n,
                                         char *err, size_t errsz)
{
    int64_t v = 0;
    struct db_param p[] = {DB_STR(address)};
    struct db_col c[] = {DB_OUT_INT(&v)};
    enum store_result sr;

    sr = one_row(m,
                 "SELECT COUNT(*) FROM objections WHERE address = ? AND filed_at > "
                 "CURRENT_TIMESTAMP(6) - INTERVAL 1 HOUR",
                 p, DB_NELEM(p), c, DB_NELEM(c), err, errsz);
    *n = (long)v;
    return sr;
}

enum store_result objection_lock(struct db_conn *m, uint64_t id, uint64_t *submission_id,
                                 char status[13], char *err, size_t errsz)
{
    int64_t sid = 0;
    char st[13] = "";
    struct db_param p[] = {DB_INT(id)};
    struct db_col c[] = {DB_OUT_INT(&sid), DB_OUT_STR(st)};
    enum store_result sr;

    sr = one_row(m, "SELECT submission_id, status FROM objections WHERE id = ? FOR UPDATE", p,
                 DB_NELEM(p), c, DB_NELEM(c), err, errsz);
    if (sr == STORE_OK) {
        *submission_id = (uint64_t)sid;
        memcpy(status, st, sizeof st);
    }
    return sr;
}

enum store_result objection_judge(struct db_conn *m, const struct objection_verdict *v,
                                  char *err, size_t errsz)
{
    char oid[24], action[32], detail[2100];
    struct audit_entry a = {v->actor, action, "objection", oid, detail};
    struct db_param p[] = {DB_STR(v->status), DB_INT(v->account_id), DB_STR(v->comment),
                           DB_INT(v->id)};
    uint64_t affected = 0;
    unsigned int e = 0;

    if (db_execv(m,
                 "UPDATE objections SET status = ?, decided_by = ?, decided_at = "
                 "CURRENT_TIMESTAMP(6), decision_comment = ? WHERE id = ? AND status = 'open'",
                 p, DB_NELEM(p), &affected, NULL, &e, err, errsz) != 0)
        return store_classify(e);
    if (affected != 1) {
        snprintf(err, errsz, "objection %llu is not open", (unsigned long long)v->id);
        return STORE_NOT_FOUND;
    }
    snprintf(oid, sizeof oid, "%llu", (unsigned long long)v->id);
    snprintf(action, sizeof action, "objection.%s", v->status);
    snprintf(detail, sizeof detail, "%.2000s", v->comment);
    if (audit_append(m, &a, &e, err, errsz) != 0)
        return store_classify(e);
    return STORE_OK;
}

enum store_result objection_open_count(struct db_conn *m, uint64_t submission_id, long *n,
                                       char *err, size_t errsz)
{
    int64_t v = 0;
    struct db_param p[] = {DB_INT(submission_id)};
    struct db_col c[] = {DB_OUT_INT(&v)};
    enum store_result sr;

    sr = one_row(m, "SELECT COUNT(*) FROM objections WHERE submission_id = ? AND status = 'open'",
                 p, DB_NELEM(p), c, DB_NELEM(c), err, errsz);
    *n = (long)v;
    return sr;
}

struct obj_rows {
    struct buf *out;
    int64_t id;
    char status[13], filed[21], decided[21];
    char reason[OBJECTION_REASON_MAX * 4 + 1], contact[OBJECTION_CONTACT_MAX * 4 + 1];
    char comment[OBJECTION_REASON_MAX * 4 + 1];
    int full;
};

static int obj_row(void *ctx)
{
    struct obj_rows *x = ctx;
    struct buf *b = x->out;

    if (buf_printf(b, "  <objection id=\"%lld\" status=\"%s\" filed=\"%s\" decided=\"%s\">",
                   (long long)x->id, x->status, x->filed, x->decided) != 0 ||
        buf_adds(b, "<reason>") != 0 || buf_adds_xml(b, x->reason) != 0 ||
        buf_adds(b, "</reason><contact>") != 0 || buf_adds_xml(b, x->contact) != 0 ||
        buf_adds(b, "</contact><comment>") != 0 || buf_adds_xml(b, x->comment) != 0 ||
        buf_adds(b, "</comment></objection>\n") != 0) {
        x->full = 1;
        return 1;
    }
    return 0;
}

enum store_result objection_list_xml(struct db_conn *m, uint64_t submission_id, struct buf *out,
                                     char *err, size_t errsz)
{
    struct obj_rows *x = calloc(1, sizeof *x); /* the rows are large */
    struct db_param p[] = {DB_INT(submission_id)};
    unsigned int e = 0;
    enum store_result sr = STORE_OK;

    if (x == NULL) {
        snprintf(err, errsz, "out of memory");
        return STORE_ERROR;
    }
    x->out = out;
    struct db_col c[] = {DB_OUT_INT(&x->id),      DB_OUT_STR(x->status), DB_OUT_STR(x->filed),
                         DB_OUT_STR(x->decided),  DB_OUT_STR(x->reason), DB_OUT_STR(x->contact),
                         DB_OUT_STR(x->comment)};
    if (db_query(m,
                 &(struct db_select){"SELECT id, status, DATE_FORMAT(filed_at, "
                                     "'%Y-%m-%dT%H:%i:%sZ'), COALESCE(DATE_FORMAT(decided_at, "
                                     "'%Y-%m-%dT%H:%i:%sZ'), ''), reason, contact, "
                                     "COALESCE(decision_comment, '') FROM objections WHERE "
                                     "submission_id = ? ORDER BY id LIMIT 100",
                                     p, DB_NELEM(p), c, DB_NELEM(c), obj_row, x},
                 &e, err, errsz) < 0)
        sr = store_classify(e);
    else if (x->full) {
        snprintf(err, errsz, "the objections are larger than the response limit");
        sr = STORE_ERROR;
    }
    free(x);
    return sr;
}
