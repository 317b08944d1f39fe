/*
 * submissions.c — applications in MariaDB (see submissions.h).
 *
 * submission_store runs one transaction: upsert the enterprise, insert the
 * narrow submissions row, the raw document (in a table of its own) and all
 * findings in one multi-row INSERT. Idempotency rests on the unique key
 * (enterprise_id, sha256): inserting a duplicate fails with ER_DUP_ENTRY,
 * the transaction is rolled back and the stored one's id is looked up, which
 * is also how a concurrent twin that won the race is answered. Every
 * statement is prepared; SQL text carries placeholders only, including the
 * multi-row INSERT whose width depends on the count.
 */
#include "tier/submissions.h"

#include "tier/buf.h"
#include "tier/db.h"
#include "tier/tier.h"
#include "tier/titles.h"

#include <errmsg.h>
#include <mysqld_error.h>

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum store_result store_classify(unsigned int e)
{
    if (db_error_is_retryable(e))
        return STORE_RETRY;
    if (db_error_is_cannot_write(e))
        return STORE_FULL;
    if (e == 0 || db_error_is_connection(e) || e >= 2000)
        return STORE_CONN; /* client-side errors (2xxx) mean the link is unusable */
    return STORE_ERROR;
}

static enum store_result fail(struct db_conn *m, unsigned int e, int in_tx)
{
    enum store_result r = store_classify(e);
    if (in_tx && r != STORE_CONN)
        db_rollback(m);
    return r;
}

/* Already stored for this enterprise? 1 yes (*id set), 0 no, -1 error. */
static int find_duplicate(struct db_conn *m, const char *uscc, const unsigned char *sha,
                          uint64_t *id, unsigned int *e, char *err, size_t errsz)
{
    struct db_param p[2] = {{'s', 0, uscc, 0}, {'b', 0, sha, SHA256_LEN}};
    int64_t got = 0;
    struct db_col c[1] = {{'i', &got, sizeof got, 0, 0, 0}};
    long n = db_query(m,
                      &(struct db_select){
                          "SELECT s.id FROM submissions s JOIN enterprises e ON e.id = "
                          "s.enterprise_id WHERE e.uscc = ? AND s.sha256 = ?",
                          p, 2, c, 1, NULL, NULL},
                      e, err, errsz);
    if (n < 0)
        return -1;
    if (n > 0)
        *id = (uint64_t)got;
    return n > 0;
}

#define FINDING_COLS 11

static struct db_param pint(int64_t v)
{
    struct db_param p = {'i', v, NULL, 0};
    return p;
}

static struct db_param pstr(const char *v)
{
    struct db_param p = {'s', 0, v, 0};
    return p;
}

static struct db_param pblob(const void *v, size_t n)
{
    struct db_param p = {'b', 0, v, n};
    return p;
}

/* An amount or count that may be absent binds SQL NULL. */
static struct db_param popt(int64_t v, int64_t none)
{
    return v == none ? pstr(NULL) : pint(v);
}

#define FINDINGS_HEAD                                                                      \
    "INSERT INTO findings (submission_id, seq, rule_id, verdict, detail, value, threshold, " \
    "clause, xpath, message, reason_zh) VALUES "
#define FINDINGS_ROW "(?,?,?,?,?,?,?,?,?,?,?)"

/* One finding's FINDING_COLS values, in the column order of FINDINGS_HEAD. */
static void finding_params(uint64_t sub_id, size_t seq, const struct store_finding *x,
                           struct db_param *q)
{
    q[0] = pint((int64_t)sub_id);
    q[1] = pint((int64_t)seq);
    q[2] = pstr(x->rule_id);
    q[3] = pstr(x->verdict);
    q[4] = pint(x->detail ? 1 : 0);
    q[5] = pstr(x->value);
    q[6] = pstr(x->threshold);
    q[7] = pstr(x->clause ? x->clause : "");
    q[8] = pstr(x->xpath);
    q[9] = pstr(x->message);
    /* NULL unless it needs review */
    q[10] = pstr(x->reason_zh != NULL && x->reason_zh[0] != '\0' ? x->reason_zh : NULL);
}

static int sql_rows(struct buf *sql, const char *head, const char *row, size_t n);

/* All findings in one INSERT … VALUES (…), (…). */
static int insert_findings(struct db_conn *m, uint64_t sub_id, const struct store_finding *f,
                           size_t n, unsigned int *e, char *err, size_t errsz)
{
    struct db_param *p;
    struct buf sql;
    int rc = -1;

    if (n == 0)
        return 0;
    p = calloc(n * FINDING_COLS, sizeof *p);
    buf_init(&sql, 64u * 1024);
    if (p == NULL || sql_rows(&sql, FINDINGS_HEAD, FINDINGS_ROW, n) != 0) {
        snprintf(err, errsz, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        finding_params(sub_id, i, &f[i], p + i * FINDING_COLS);
    rc = db_execv(m, sql.data, p, n * FINDING_COLS, NULL, NULL, e, err, errsz);
done:
    buf_free(&sql);
    free(p);
    return rc;
}

/* The replaced application, locked: the enterprise's own, same tier,
 * returned, not corrected yet. */
static enum store_result check_replaced(struct db_conn *m, const struct submission_new *s,
                                        char *err, size_t errsz)
{
    struct db_param p[1] = {{'i', (int64_t)s->replaces_id, NULL, 0}};
    char uscc[19] = "", tier[33] = "", status[17] = "";
    int64_t later = 0;
    unsigned int e = 0;
    const struct tier_info *ti = tier_by_code(s->tier);
    long n;
    {
        struct db_col c[] = {{'s', uscc, sizeof uscc, 0, 0, 0},
                             {'s', tier, sizeof tier, 0, 0, 0},
                             {'s', status, sizeof status, 0, 0, 0}};
        n = db_query(m,
                     &(struct db_select){
                         "SELECT e.uscc, s.tier, s.status FROM submissions s JOIN enterprises e "
                         "ON e.id = s.enterprise_id WHERE s.id = ? FOR UPDATE",
                         p, 1, c, 3, NULL, NULL},
                     &e, err, errsz);
    }
    if (n < 0)
        return store_classify(e);
    if (n == 0 || strcmp(uscc, s->uscc) != 0) {
        snprintf(err, errsz, "no submission %llu of enterprise %s to replace",
                 (unsigned long long)s->replaces_id, s->uscc);
        return STORE_NOT_FOUND;
    }
    if (ti == NULL || strcmp(tier, ti->code) != 0) {
        snprintf(err, errsz, "submission %llu is for %s; a correction must be for the same "
                             "tier, not %s",
                 (unsigned long long)s->replaces_id, tier, ti ? ti->code : "?");
        return STORE_CONFLICT;
    }
    if (strcmp(status, "returned") != 0) {
        snprintf(err, errsz, "submission %llu is %s; only a returned application can be "
                             "replaced by a corrected one",
                 (unsigned long long)s->replaces_id, status);
        return STORE_CONFLICT;
    }
    {
        struct db_col c[] = {{'i', &later, sizeof later, 0, 0, 0}};
        n = db_query(m,
                     &(struct db_select){
                         "SELECT id FROM submissions WHERE replaces_id = ? LIMIT 1",
                         p, 1, c, 1, NULL, NULL},
                     &e, err, errsz);
    }
    if (n < 0)
        return store_classify(e);
    if (n > 0) {
        snprintf(err, errsz, "submission %llu was already corrected by submission %lld",
                 (unsigned long long)s->replaces_id, (long long)later);
        return STORE_CONFLICT;
    }
    return STORE_OK;
}

#define SUBMISSIONS_HEAD                                                                   \
    "INSERT INTO submissions (enterprise_id, tier, rule_set, status, overall, sha256, "    \
    "doc_bytes, city_code, year, submitted_by, revenue_fen, rd_fen, employees, "          \
    "submitted_at, replaces_id) VALUES "
#define SUBMISSIONS_ROW "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

/* The submission row's 15 values, in the column order of the INSERTs below;
 * at receives the submission time as DATETIME(6) text. */
static void submission_params(const struct submission_new *s, uint64_t ent_id,
                              struct db_param *p, char at[32])
{
    const struct tier_info *ti = tier_by_code(s->tier);

    /* "2026-11-26T10:00:00.123456Z" -> "2026-11-26 10:00:00.123456" */
    if (s->submitted_at[0])
        snprintf(at, 32, "%s", s->submitted_at);
    else
        submission_now(at);
    at[10] = ' ';
    at[strcspn(at, "Z")] = '\0';
    p[0] = pint((int64_t)ent_id);
    p[1] = pstr(ti ? ti->code : "");
    p[2] = pint((int64_t)s->rule_set);
    p[3] = pstr(s->status);
    p[4] = pstr(s->overall);
    p[5] = pblob(s->sha256, SHA256_LEN);
    p[6] = pint((int64_t)s->doc_len);
    p[7] = pstr(s->city);
    p[8] = pint((int64_t)s->year);
    p[9] = s->account_id ? pint((int64_t)s->account_id) : pstr(NULL);
    p[10] = popt(s->revenue_fen, STORE_NONE);
    p[11] = popt(s->rd_fen, STORE_NONE);
    p[12] = popt(s->employees, STORE_NONE);
    p[13] = pstr(at);
    p[14] = s->replaces_id ? pint((int64_t)s->replaces_id) : pstr(NULL);
}

enum store_result submission_store(struct db_conn *m, const struct submission_new *s, uint64_t *id,
                                   char *err, size_t errsz)
{
    const struct tier_info *ti = tier_by_code(s->tier);
    uint64_t ent_id = 0, sub_id = 0;
    unsigned int e = 0;
    struct db_param p[15];
    char at[32];
    int dup;

    if (ti == NULL) {
        snprintf(err, errsz, "unknown tier");
        return STORE_ERROR;
    }
    /* A correction posted again must find its first copy before the check
     * that the returned application is not corrected yet; any other
     * duplicate is caught by the unique key, saving a query per application. */
    if (s->replaces_id != 0) {
        dup = find_duplicate(m, s->uscc, s->sha256, id, &e, err, errsz);
        if (dup < 0)
            return fail(m, e, 0);
        if (dup > 0)
            return STORE_DUPLICATE;
    }

    if (db_begin(m, &e, err, errsz) != 0)
        return fail(m, e, 0);
    if (s->replaces_id != 0) {
        enum store_result rr = check_replaced(m, s, err, errsz);
        if (rr != STORE_OK) {
            if (rr != STORE_CONN)
                db_rollback(m);
            return rr;
        }
    }
    /* LAST_INSERT_ID(id) makes the insert id the existing row's on update. */
    if (db_exec(m,
                "INSERT INTO enterprises (uscc, name, division_code, city_code, industry_code) "
                "VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name), "
                "division_code = VALUES(division_code), city_code = VALUES(city_code), "
                "industry_code = VALUES(industry_code), id = LAST_INSERT_ID(id)",
                "sssss", NULL, &ent_id, &e, err, errsz, s->uscc, s->name, s->division, s->city,
                s->industry) != 0)
        return fail(m, e, 1);

    submission_params(s, ent_id, p, at);
    if (db_execv(m,
                 SUBMISSIONS_HEAD SUBMISSIONS_ROW,
                 p, 15, NULL, &sub_id, &e, err, errsz) != 0) {
        if (e == ER_DUP_ENTRY) {
            /* A twin of this request committed first: answer with its id. */
            db_rollback(m);
            dup = find_duplicate(m, s->uscc, s->sha256, id, &e, err, errsz);
            if (dup > 0)
                return STORE_DUPLICATE;
            return dup < 0 ? fail(m, e, 0) : STORE_RETRY;
        }
        return fail(m, e, 1);
    }
    if (db_exec(m, "INSERT INTO submission_documents (submission_id, sha256, body) "
                   "VALUES (?, ?, ?)",
                "ibb", NULL, NULL, &e, err, errsz, (int64_t)sub_id, (const void *)s->sha256,
                (size_t)SHA256_LEN, (const void *)s->doc, s->doc_len) != 0)
        return fail(m, e, 1);
    if (insert_findings(m, sub_id, s->findings, s->nfindings, &e, err, errsz) != 0)
        return fail(m, e, 1);
    if (db_commit(m, &e, err, errsz) != 0)
        return fail(m, e, 1);
    *id = sub_id;
    return STORE_OK;
}

/* ---- many applications in one transaction ------------------------------------ */

/* Placeholders per statement stay far below the protocol's 65,535. */
#define MANY_MAX_PARAMS 30000

static int sql_rows(struct buf *sql, const char *head, const char *row, size_t n)
{
    if (buf_adds(sql, head) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if ((i && buf_adds(sql, ",") != 0) || buf_adds(sql, row) != 0)
            return -1;
    }
    return 0;
}

struct id_rows {
    uint64_t *ids;
    size_t n, cap;
    int64_t cur;
};

static int id_row(void *ctx)
{
    struct id_rows *r = ctx;

    if (r->n < r->cap)
        r->ids[r->n] = (uint64_t)r->cur;
    r->n++;
    return 0;
}

/* An enterprise row: every application of that USCC gets its id. */
struct ent_rows {
    const struct submission_new *const *s;
    size_t n;
    uint64_t *ent;
    int64_t id;
    char uscc[19];
};

static int ent_row(void *ctx)
{
    struct ent_rows *r = ctx;

    for (size_t i = 0; i < r->n; i++) {
        if (strcmp(r->s[i]->uscc, r->uscc) == 0)
            r->ent[i] = (uint64_t)r->id;
    }
    return 0;
}

enum store_result submission_store_many(struct db_conn *m, const struct submission_new *const *s,
                                        size_t n, uint64_t *ids, char *err, size_t errsz)
{
    struct db_param *p = NULL;
    struct buf sql;
    uint64_t *ent = calloc(n, sizeof *ent);
    char (*at)[32] = calloc(n, sizeof *at);
    size_t np = n * 15, nf = 0;
    unsigned int e = 0;
    enum store_result r = STORE_ERROR;
    int in_tx = 0;

    buf_init(&sql, 4u << 20);
    for (size_t i = 0; i < n; i++) {
        nf += s[i]->nfindings;
        if (s[i]->replaces_id != 0 || tier_by_code(s[i]->tier) == NULL) {
            snprintf(err, errsz, "a correction or an unknown tier cannot be stored in a batch");
            goto done;
        }
    }
    if (np < nf * FINDING_COLS)
        np = nf * FINDING_COLS;
    if (np > MANY_MAX_PARAMS || ent == NULL || at == NULL ||
        (p = calloc(np, sizeof *p)) == NULL) {
        snprintf(err, errsz, n * 15 > MANY_MAX_PARAMS || nf * FINDING_COLS > MANY_MAX_PARAMS
                                 ? "too many applications or findings for one batch"
                                 : "out of memory");
        goto done;
    }
    if (db_begin(m, &e, err, errsz) != 0)
        goto fail;
    in_tx = 1;

    /* 1. the enterprises, inserted or brought up to date; then their ids */
    for (size_t i = 0; i < n; i++) {
        const struct submission_new *x = s[i];
        p[i * 5 + 0] = pstr(x->uscc);
        p[i * 5 + 1] = pstr(x->name);
        p[i * 5 + 2] = pstr(x->division);
        p[i * 5 + 3] = pstr(x->city);
        p[i * 5 + 4] = pstr(x->industry);
    }
    buf_reset(&sql);
    if (sql_rows(&sql, "INSERT INTO enterprises (uscc, name, division_code, city_code, "
                       "industry_code) VALUES ", "(?, ?, ?, ?, ?)", n) != 0 ||
        buf_adds(&sql, " ON DUPLICATE KEY UPDATE name = VALUES(name), division_code = "
                       "VALUES(division_code), city_code = VALUES(city_code), industry_code "
                       "= VALUES(industry_code)") != 0)
        goto nomem;
    if (db_execv(m, sql.data, p, n * 5, NULL, NULL, &e, err, errsz) != 0)
        goto fail;
    for (size_t i = 0; i < n; i++)
        p[i] = pstr(s[i]->uscc);
    buf_reset(&sql);
    if (sql_rows(&sql, "SELECT id, uscc FROM enterprises WHERE uscc IN (", "?", n) != 0 ||
        buf_adds(&sql, ")") != 0)
        goto nomem;
    {
        struct ent_rows er = {s, n, ent, 0, ""};
        struct db_col c[2] = {{'i', &er.id, sizeof er.id, 0, 0, 0},
                              {'s', er.uscc, sizeof er.uscc, 0, 0, 0}};
        if (db_query(m, &(struct db_select){sql.data, p, n, c, 2, ent_row, &er}, &e, err,
                     errsz) < 0)
            goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        if (ent[i] == 0) {
            snprintf(err, errsz, "enterprise %s vanished inside its own transaction",
                     s[i]->uscc);
            goto fail_rollback;
        }
    }

    /* 2. the submissions, their ids in the order of the rows */
    for (size_t i = 0; i < n; i++)
        submission_params(s[i], ent[i], p + i * 15, at[i]);
    buf_reset(&sql);
    if (sql_rows(&sql, SUBMISSIONS_HEAD, SUBMISSIONS_ROW, n) != 0 ||
        buf_adds(&sql, " RETURNING id") != 0)
        goto nomem;
    {
        struct id_rows ir = {ids, 0, n, 0};
        struct db_col c[1] = {{'i', &ir.cur, sizeof ir.cur, 0, 0, 0}};
        if (db_query(m, &(struct db_select){sql.data, p, n * 15, c, 1, id_row, &ir}, &e, err,
                     errsz) < 0)
            goto fail;
        if (ir.n != n) {
            snprintf(err, errsz, "%zu of %zu submission ids came back", ir.n, n);
            goto fail_rollback;
        }
    }

    /* 3. the documents, verbatim */
    for (size_t i = 0; i < n; i++) {
        p[i * 3 + 0] = pint((int64_t)ids[i]);
        p[i * 3 + 1] = pblob(s[i]->sha256, SHA256_LEN);
        p[i * 3 + 2] = pblob(s[i]->doc, s[i]->doc_len);
    }
    if (db_exec_bulk(m, "INSERT INTO submission_documents (submission_id, sha256, body) "
                        "VALUES (?, ?, ?)", p, 3, n, &e, err, errsz) != 0)
        goto fail;

    /* 4. every finding of every application */
    if (nf > 0) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            for (size_t j = 0; j < s[i]->nfindings; j++, k++)
                finding_params(ids[i], j, &s[i]->findings[j], p + k * FINDING_COLS);
        }
        if (db_exec_bulk(m, FINDINGS_HEAD FINDINGS_ROW, p, FINDING_COLS, nf, &e, err,
                         errsz) != 0)
            goto fail;
    }
    if (db_commit(m, &e, err, errsz) != 0)
        goto fail;
    r = STORE_OK;
    goto done;
nomem:
    snprintf(err, errsz, "out of memory");
fail_rollback:
    db_rollback(m);
    r = STORE_ERROR;
    goto done;
fail:
    r = store_classify(e);
    if (e == ER_DUP_ENTRY)
        r = STORE_DUPLICATE; /* which one: the caller stores them one at a time */
    if (in_tx && r != STORE_CONN)
        db_rollback(m);
done:
    buf_free(&sql);
    free(p);
    free(ent);
    free(at);
    return r;
}

void submission_now(char out[32])
{
    struct timespec ts;
    struct tm tm;

    char day[24];

    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(day, sizeof day, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, 32, "%.19s.%06dZ", day, (int)(ts.tv_nsec / 1000 % 1000000));
}

/* snprintf(dst, cap, "%s", src) without the formatter: the receipt copies
 * a few hundred strings per application. */
static void put(char *dst, size_t cap, const char *src)
{
    size_t n = strnlen(src, cap - 1);

    memcpy(dst, src, n);
    dst[n] = '\0';
}

void submission_receipt(const struct submission_new *s, uint64_t id, const char *by,
                        struct receipt *r)
{
    struct receipt_event *ev;
    size_t n = s->nfindings < STORE_FINDINGS_MAX ? s->nfindings : STORE_FINDINGS_MAX;

    /* the head only: the finding and event arrays are written up to their
     * counts (clearing all of them was 180 KB of memset per application) */
    memset(r, 0, offsetof(struct receipt, findings));
    r->nevents = 0;
    r->id = id;
    put(r->tier, sizeof r->tier, s->tier);
    r->rule_set = s->rule_set;
    put(r->status, sizeof r->status, s->status);
    put(r->overall, sizeof r->overall, s->overall);
    put(r->uscc, sizeof r->uscc, s->uscc);
    put(r->name, sizeof r->name, s->name);
    put(r->city, sizeof r->city, s->city);
    /* the receipt shows whole seconds, as submission_load does */
    snprintf(r->submitted_at, sizeof r->submitted_at, "%.19sZ", s->submitted_at);
    digest_hex(s->sha256, SHA256_LEN, r->sha256);
    r->doc_bytes = s->doc_len;
    r->replaces_id = s->replaces_id;
    /* the findings as judged: shown, not copied */
    memcpy(r->findings, s->findings, n * sizeof r->findings[0]);
    r->nfindings = (int)n;
    ev = &r->events[r->nevents++];
    put(ev->at, sizeof ev->at, r->submitted_at);
    snprintf(ev->decision, sizeof ev->decision, "submitted");
    put(ev->status, sizeof ev->status, s->status);
    put(ev->by, sizeof ev->by, by);
    ev->comment[0] = '\0';
}

/* ---- reading --------------------------------------------------------------- */

struct finding_ctx {
    struct receipt *r;
    struct receipt_finding_text cur;
    int64_t detail;
};

static int finding_row(void *ctx)
{
    struct finding_ctx *c = ctx;
    struct receipt *r = c->r;

    if (r->nfindings < STORE_FINDINGS_MAX) {
        struct receipt_finding_text *t = &r->rows[r->nfindings];
        *t = c->cur;
        r->findings[r->nfindings++] = (struct store_finding){
            t->rule_id, t->verdict, (int)c->detail, t->value, t->threshold, t->clause, t->xpath,
            t->message, t->reason_zh};
    }
    return 0;
}

struct event_ctx {
    struct receipt *r;
    struct receipt_event cur;
};

static int event_row(void *ctx)
{
    struct event_ctx *c = ctx;

    if (c->r->nevents < RECEIPT_MAX_EVENTS)
        c->r->events[c->r->nevents++] = c->cur;
    return 0;
}

#define S(field) {'s', (field), sizeof(field), 0, 0, 0}
#define I(var) {'i', &(var), sizeof(var), 0, 0, 0}

enum store_result submission_load(struct db_conn *m, uint64_t id, struct receipt *r, char *err,
                                  size_t errsz)
{
    struct db_param p[1] = {{'i', (int64_t)id, NULL, 0}};
    unsigned char sha[SHA256_LEN];
    int64_t rid = 0, rs = 0, bytes = 0, repl = 0;
    char by[sizeof r->events[0].by] = "";
    unsigned int e = 0;
    long n;

    memset(r, 0, sizeof *r);
    {
        struct db_col c[] = {
            I(rid), S(r->tier), I(rs), S(r->status), S(r->overall), S(r->uscc), S(r->name),
            S(r->city), S(r->submitted_at), {'b', sha, sizeof sha, 0, 0, 0}, I(bytes), I(repl),
            S(by),
        };
        n = db_query(m,
                     &(struct db_select){
                         "SELECT s.id, s.tier, s.rule_set, s.status, s.overall, e.uscc, e.name, "
                         "s.city_code, DATE_FORMAT(s.submitted_at, '%Y-%m-%dT%H:%i:%sZ'), "
                         "s.sha256, s.doc_bytes, COALESCE(s.replaces_id, 0), COALESCE(a.name, '') "
                         "FROM submissions s JOIN enterprises e ON e.id = s.enterprise_id "
                         "LEFT JOIN accounts a ON a.id = s.submitted_by WHERE s.id = ?",
                         p, 1, c, sizeof c / sizeof c[0], NULL, NULL},
                     &e, err, errsz);
    }
    if (n < 0)
        return store_classify(e);
    if (n == 0)
        return STORE_NOT_FOUND;
    r->id = (uint64_t)rid;
    r->rule_set = (int)rs;
    r->doc_bytes = (uint64_t)bytes;
    r->replaces_id = (uint64_t)repl;
    digest_hex(sha, sizeof sha, r->sha256);
    {
        struct finding_ctx fc = {.r = r};
        struct db_col c[] = {
            S(fc.cur.rule_id), S(fc.cur.verdict), I(fc.detail),     S(fc.cur.value),
            S(fc.cur.threshold), S(fc.cur.clause), S(fc.cur.xpath), S(fc.cur.message),
            S(fc.cur.reason_zh),
        };
        if (db_query(m,
                     &(struct db_select){
                         "SELECT rule_id, verdict, detail, value, threshold, clause, xpath, "
                         "message, reason_zh FROM findings WHERE submission_id = ? ORDER BY seq",
                         p, 1, c, sizeof c / sizeof c[0], finding_row, &fc},
                     &e, err, errsz) < 0)
            return store_classify(e);
    }
    {
        /* History: the submission itself, then every decision in order. */
        struct receipt_event *ev = &r->events[r->nevents++];
        struct event_ctx ec = {.r = r};
        struct db_col c[] = {
            S(ec.cur.at), S(ec.cur.decision), S(ec.cur.status), S(ec.cur.by), S(ec.cur.comment),
        };
        snprintf(ev->at, sizeof ev->at, "%s", r->submitted_at);
        snprintf(ev->decision, sizeof ev->decision, "submitted");
        snprintf(ev->status, sizeof ev->status, "%s",
                 strcmp(r->overall, "ineligible") == 0 || strcmp(r->overall, "invalid") == 0 ||
                         strcmp(r->overall, "fail") == 0 /* rows from before 010 */
                     ? "ineligible"
                     : "received");
        /* the submitter's name came with the submission's own row */
        memcpy(ev->by, by, sizeof ev->by);
        if (db_query(m,
                     &(struct db_select){
                         "SELECT DATE_FORMAT(d.decided_at, '%Y-%m-%dT%H:%i:%sZ'), d.decision, "
                         "d.to_status, a.name, d.comment FROM decisions d JOIN accounts a ON a.id "
                         "= d.account_id WHERE d.submission_id = ? ORDER BY d.id",
                         p, 1, c, sizeof c / sizeof c[0], event_row, &ec},
                     &e, err, errsz) < 0)
            return store_classify(e);
    }
    return STORE_OK;
}

/* The owner of a submission and its document's size. */
static enum store_result owner_of(struct db_conn *m, uint64_t id, char uscc[19], char city[7],
                                  int64_t *bytes, char *err, size_t errsz)
{
    struct db_param p[1] = {{'i', (int64_t)id, NULL, 0}};
    char u[19], c6[7];
    unsigned int e = 0;
    long n;
    struct db_col c[] = {I(*bytes), S(u), S(c6)};

    n = db_query(m,
                 &(struct db_select){
                     "SELECT s.doc_bytes, e.uscc, s.city_code FROM submissions s JOIN enterprises "
                     "e ON e.id = s.enterprise_id WHERE s.id = ?",
                     p, 1, c, 3, NULL, NULL},
                 &e, err, errsz);
    if (n < 0)
        return store_classify(e);
    if (n == 0)
        return STORE_NOT_FOUND;
    memcpy(uscc, u, sizeof u);
    memcpy(city, c6, sizeof c6);
    return STORE_OK;
}

enum store_result submission_owner(struct db_conn *m, uint64_t id, char uscc[19], char city[7],
                                   char *err, size_t errsz)
{
    int64_t bytes = 0;

    return owner_of(m, id, uscc, city, &bytes, err, errsz);
}

/* Most documents fit this first read (the samples are 3 to 8 KB); a larger
 * one is read again into a buffer of its size. */
#define DOC_FIRST_READ (32u << 10)

enum store_result submission_document(struct db_conn *m, uint64_t id, char **doc, size_t *len,
                                      char uscc[19], char city[7], char *err, size_t errsz)
{
    struct db_param p[1] = {{'i', (int64_t)id, NULL, 0}};
    int64_t bytes = 0;
    unsigned int e = 0;
    long n;
    char u[19], c6[7], *body = malloc(DOC_FIRST_READ + 1), *big;
    struct db_col c[] = {I(bytes), S(u), S(c6), {'b', body, DOC_FIRST_READ + 1, 0, 0, 0}};

    if (body == NULL) {
        snprintf(err, errsz, "out of memory");
        return STORE_ERROR;
    }
    /* the owner, the size and the body in one statement (the application
     * page and GET …/document ask on every view) */
    n = db_query(m,
                 &(struct db_select){
                     "SELECT s.doc_bytes, e.uscc, s.city_code, d.body FROM submissions s JOIN "
                     "enterprises e ON e.id = s.enterprise_id LEFT JOIN submission_documents d ON "
                     "d.submission_id = s.id WHERE s.id = ?",
                     p, 1, c, 4, NULL, NULL},
                 &e, err, errsz);
    if (n <= 0) {
        free(body);
        return n < 0 ? store_classify(e) : STORE_NOT_FOUND;
    }
    memcpy(uscc, u, sizeof u);
    memcpy(city, c6, sizeof c6);
    if (!c[3].is_null && c[3].len > DOC_FIRST_READ && bytes > 0 &&
        (uint64_t)bytes <= SIZE_MAX - 1) {
        /* over the first read: again, into a buffer of its size */
        big = realloc(body, (size_t)bytes + 1);
        if (big == NULL) {
            free(body);
            snprintf(err, errsz, "out of memory");
            return STORE_ERROR;
        }
        body = big;
        struct db_col d[] = {{'b', body, (size_t)bytes + 1, 0, 0, 0}};
        n = db_query(m,
                     &(struct db_select){
                         "SELECT body FROM submission_documents WHERE submission_id = ?", p, 1,
                         d, 1, NULL, NULL},
                     &e, err, errsz);
        if (n < 0) {
            free(body);
            return store_classify(e);
        }
        c[3] = d[0];
        if (n == 0)
            c[3].is_null = 1;
    }
    if (c[3].is_null || c[3].truncated || c[3].len != (unsigned long)bytes) {
        free(body);
        snprintf(err, errsz, "document of submission %llu is missing or has the wrong size",
                 (unsigned long long)id);
        return STORE_ERROR;
    }
    body[bytes] = '\0';
    *doc = body;
    *len = (size_t)bytes;
    return STORE_OK;
}

struct list_ctx {
    struct submission_row *rows;
    int n, limit, more;
    struct submission_row cur;
    int64_t id, rs, year, packed; /* packed: the finding counts, see FINDING_COUNTS_BASE */
};

/* The list's three finding counts (fail, needs-review, judgement) come from
 * one subquery per row as fail * BASE^2 + needs-review * BASE + judgement:
 * one read of the row's findings instead of three (on the bench's
 * 1,000,000-row registry the three subqueries took 0.55 of the list's
 * 0.8 ms, one takes a third of that). Exact while each count is below BASE. */
#define FINDING_COUNTS_BASE 1000
_Static_assert(STORE_FINDINGS_MAX < FINDING_COUNTS_BASE, "finding counts must fit the packing");

static int list_row(void *ctx)
{
    struct list_ctx *c = ctx;

    if (c->n == c->limit) {
        c->more = 1;
        return 1;
    }
    c->cur.id = (uint64_t)c->id;
    c->cur.rule_set = (int)c->rs;
    c->cur.year = (int)c->year;
    c->cur.n_fail = (int)(c->packed / (FINDING_COUNTS_BASE * FINDING_COUNTS_BASE));
    c->cur.n_review = (int)(c->packed / FINDING_COUNTS_BASE % FINDING_COUNTS_BASE);
    c->cur.n_judgement = (int)(c->packed % FINDING_COUNTS_BASE);
    c->rows[c->n++] = c->cur;
    return 0;
}

size_t submission_filter_where(const struct submission_filter *f, struct buf *sql,
                               struct db_param *p, size_t np)
{
    /* Only placeholders are appended: the filter values travel as parameters. */
    if (f->tier) {
        buf_adds(sql, " AND s.tier = ?");
        p[np++] = pstr(f->tier);
    }
    if (f->status) {
        buf_adds(sql, " AND s.status = ?");
        p[np++] = pstr(f->status);
    }
    if (f->overall) {
        buf_adds(sql, " AND s.overall = ?");
        p[np++] = pstr(f->overall);
    }
    if (f->city) {
        buf_adds(sql, " AND s.city_code = ?");
        p[np++] = pstr(f->city);
    }
    if (f->uscc) {
        buf_adds(sql, " AND e.uscc = ?");
        p[np++] = pstr(f->uscc);
    }
    if (f->year) {
        buf_adds(sql, " AND s.year = ?");
        p[np++] = pint(f->year);
    }
    return np;
}

enum store_result submission_list(struct db_conn *m, const struct submission_filter *f,
                                  struct submission_row *rows, int *n, int *more, char *err,
                                  size_t errsz)
{
    struct db_param p[9];
    size_t np = 0;
    struct buf sql;
    struct list_ctx lc = {.rows = rows, .limit = f->limit};
    unsigned int e = 0;
    long got;
    struct db_col c[] = {
        I(lc.id),          S(lc.cur.tier), I(lc.rs),   S(lc.cur.status),
        S(lc.cur.overall), S(lc.cur.uscc), S(lc.cur.name), S(lc.cur.city),
        I(lc.year),        S(lc.cur.submitted_at), I(lc.packed),
    };

    buf_init(&sql, 4096);
    buf_adds(&sql, "SELECT s.id, s.tier, s.rule_set, s.status, s.overall, e.uscc, e.name, "
                   "s.city_code, s.year, DATE_FORMAT(s.submitted_at, '%Y-%m-%dT%H:%i:%sZ'), "
                   /* per row, on the findings' primary key: a few rows, read
                    * once; FINDING_COUNTS_BASE squared, and FINDING_COUNTS_BASE */
                   "(SELECT COUNT(CASE WHEN f.verdict = 'fail' THEN 1 END) * 1000000 + "
                   "COUNT(CASE WHEN f.verdict = 'needs-review' THEN 1 END) * 1000 + "
                   "COUNT(CASE WHEN f.verdict = 'judgement' THEN 1 END) "
                   "FROM findings f WHERE f.submission_id = s.id AND f.detail = 0) "
                   "FROM submissions s JOIN enterprises e ON e.id = s.enterprise_id WHERE 1=1");
    np = submission_filter_where(f, &sql, p, np);
    if (f->before_id) {
        buf_adds(&sql, f->oldest_first ? " AND s.id > ?" : " AND s.id < ?");
        p[np++] = pint((int64_t)f->before_id);
    }
    buf_adds(&sql, f->oldest_first ? " ORDER BY s.id ASC LIMIT ?" : " ORDER BY s.id DESC LIMIT ?");
    p[np++] = pint(f->limit + 1);
    got = db_query(m,
                   &(struct db_select){sql.data, p, np, c, sizeof c / sizeof c[0], list_row, &lc},
                   &e, err, errsz);
    buf_free(&sql);
    if (got < 0)
        return store_classify(e);
    *n = lc.n;
    *more = lc.more;
    return STORE_OK;
}

void store_holds_init(struct store_holds_ctx *h, struct db_conn *m)
{
    memset(h, 0, sizeof *h);
    h->m = m;
}

struct held_rows {
    unsigned held;
    char tier[33];
};

static int held_row(void *ctx)
{
    struct held_rows *r = ctx;
    const struct tier_info *ti = tier_by_code(r->tier);

    if (ti != NULL)
        r->held |= 1u << (unsigned)ti->id;
    return 0;
}

void store_holds_preload(struct store_holds_ctx *h, const char *uscc, const struct tier_date *on,
                         const struct title_row *rows, size_t n)
{
    char day[11];

    date_format(on, day);
    h->held = 0;
    /* what the SELECT below asks of the certificates: in force on that day
     * and not revoked (any state: a superseded one still counts) */
    for (size_t i = 0; i < n; i++) {
        const struct title_row *t = &rows[i];
        const struct tier_info *ti = t->is_certificate ? tier_by_code(t->tier) : NULL;

        if (ti != NULL && t->revoked_on[0] == '\0' && strcmp(t->valid_from, day) <= 0 &&
            strcmp(t->valid_until, day) >= 0)
            h->held |= 1u << (unsigned)ti->id;
    }
    h->loaded = 1;
    snprintf(h->uscc, sizeof h->uscc, "%s", uscc);
    h->on = *on;
}

int store_holds(void *ctx, const char *uscc, enum tier_id tier, const struct tier_date *on)
{
    struct store_holds_ctx *h = ctx;

    if (tier_get(tier) == NULL)
        return 0;
    if (!h->loaded || strcmp(h->uscc, uscc) != 0 || date_cmp(&h->on, on) != 0) {
        struct held_rows r = {0, ""};
        struct db_col c[1] = {{'s', r.tier, sizeof r.tier, 0, 0, 0}};
        char day[11], err[256];
        unsigned int e = 0;

        date_format(on, day);
        {
            struct db_param p[3] = {pstr(uscc), pstr(day), pstr(day)};
            if (db_query(h->m,
                         &(struct db_select){
                             "SELECT DISTINCT c.tier FROM certificates c JOIN enterprises e ON "
                             "e.id = c.enterprise_id WHERE e.uscc = ? AND c.valid_from <= ? AND "
                             "c.valid_until >= ? AND c.revoked_at IS NULL",
                             p, 3, c, 1, held_row, &r},
                         &e, err, sizeof err) < 0) {
                h->failed = 1;
                h->errnum = e;
                return -1;
            }
        }
        h->loaded = 1;
        snprintf(h->uscc, sizeof h->uscc, "%s", uscc);
        h->on = *on;
        h->held = r.held;
    }
    return (h->held & (1u << (unsigned)tier)) != 0;
}

enum store_result enterprise_count_not_demo(struct db_conn *m, long *n, char *err, size_t errsz)
{
    int64_t v = -1;
    struct db_col c[] = {DB_OUT_INT(&v)};
    unsigned int e = 0;

    /* seed-demo's enterprises: USCC "91xxxxxxMD…" and a name marked （演示数据） */
    if (db_query(m,
                 &(struct db_select){"SELECT COUNT(*) FROM enterprises WHERE NOT (uscc LIKE "
                                     "'________MD%' AND name LIKE '%（演示数据）')",
                                     NULL, 0, c, DB_NELEM(c), NULL, NULL},
                 &e, err, errsz) != 1)
        return store_classify(e);
    *n = (long)v;
    return STORE_OK;
}
