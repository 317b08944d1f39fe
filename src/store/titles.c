/*
 * titles.c — the rows of a title's life (see include/tier/titles.h): an
 * enterprise's certificates and pending applications for the "one valid
 * title per tier" and ban checks, the lock that orders two approvals of one
 * enterprise, and the small updates that revocation categories, renewals and
 * notices make. SQL only; every statement is prepared. Dates leave the
 * database as YYYY-MM-DD; revoked_at (UTC) is turned into the day in China
 * Standard Time by adding eight hours.
 */
#include "tier/titles.h"

#include "tier/accounts.h"
#include "tier/db.h"

#include <stdio.h>
#include <string.h>

struct rows_ctx {
    struct title_row *rows;
    size_t cap, n;
    struct title_row cur;
    int64_t is_certificate, pending, same, id, year;
    uint64_t same_id, token_account;
    int complete;
};

static int take_row(void *p)
{
    struct rows_ctx *c = p;

    if (c->is_certificate == 2) {
        c->token_account = (uint64_t)c->id; /* the token passes: its account */
        return 0;
    }
    if (c->same)
        c->same_id = (uint64_t)c->id;
    if (!c->pending)
        return 0; /* the same bytes, no longer under review: not a title row */
    if (c->n >= c->cap) {
        c->complete = 0; /* more than the cap: the first ones decide */
        return 0;
    }
    c->cur.is_certificate = c->is_certificate != 0;
    c->cur.submission_id = (uint64_t)c->id;
    c->cur.last_update_year = c->year;
    if (!c->is_certificate)
        snprintf(c->cur.ref, sizeof c->cur.ref, "%lld", (long long)c->id);
    c->rows[c->n++] = c->cur;
    return 0;
}

struct years_ctx {
    struct title_row *rows;
    size_t n;
    char serial[STORE_SERIAL_LEN + 1];
    int64_t year;
};

static int take_year(void *p)
{
    struct years_ctx *c = p;

    for (size_t i = 0; i < c->n; i++) {
        if (c->rows[i].is_certificate && strcmp(c->rows[i].ref, c->serial) == 0)
            c->rows[i].last_update_year = c->year;
    }
    return 0;
}

/* Each certificate row's last_update_year, from title_updates. */
static enum store_result update_years(struct db_conn *m, const char *uscc, struct title_row *rows,
                                      size_t n, char *err, size_t errsz)
{
    struct years_ctx c = {rows, n, "", 0};
    struct db_param p[] = {DB_STR(uscc)};
    struct db_col cols[] = {DB_OUT_STR(c.serial), DB_OUT_INT(&c.year)};
    unsigned int e = 0;

    if (db_query(m,
                 &(struct db_select){
                     "SELECT u.serial, MAX(u.year) FROM title_updates u JOIN certificates c ON "
                     "c.serial = u.serial JOIN enterprises e ON e.id = c.enterprise_id "
                     "WHERE e.uscc = ? GROUP BY u.serial",
                     p, DB_NELEM(p), cols, DB_NELEM(cols), take_year, &c},
                 &e, err, errsz) < 0)
        return store_classify(e);
    return STORE_OK;
}

enum store_result title_rows_doc(struct db_conn *m, const char *uscc, const unsigned char *sha256,
                                 const unsigned char *token_sha256, struct title_row *rows,
                                 size_t cap, struct title_view *out, char *err, size_t errsz)
{
    static const unsigned char none[32]; /* no document's or token's SHA-256 is all zeros */
    struct rows_ctx c = {.rows = rows, .cap = cap, .complete = 1};
    const unsigned char *sha = sha256 != NULL ? sha256 : none;
    const unsigned char *tok = token_sha256 != NULL ? token_sha256 : none;
    struct db_param p[] = {DB_STR(uscc), DB_BLOB(sha, 32), DB_STR(uscc), DB_BLOB(sha, 32),
                           DB_BLOB(tok, 32)};
    unsigned int e = 0;
    struct db_col cols[] = {
        DB_OUT_INT(&c.is_certificate), DB_OUT_INT(&c.pending),        DB_OUT_INT(&c.same),
        DB_OUT_STR(c.cur.ref),         DB_OUT_STR(c.cur.tier),        DB_OUT_INT(&c.id),
        DB_OUT_STR(c.cur.state),       DB_OUT_STR(c.cur.valid_from),  DB_OUT_STR(c.cur.valid_until),
        DB_OUT_STR(c.cur.revoked_on),  DB_OUT_STR(c.cur.category),    DB_OUT_INT(&c.year),
    };

    memset(out, 0, sizeof *out);
    /* One round trip: each statement a submission made before it was judged
     * cost a quarter of the ingest rate (make bench-ingest). The same bytes
     * come first, so the cap never hides them; then the certificates, newest
     * first, then the applications under review, oldest first. */
    if (db_query(m,
                 &(struct db_select){
                     "SELECT 1, 1, 0, c.serial, c.tier, c.submission_id, c.state, "
                     "DATE_FORMAT(c.valid_from, '%Y-%m-%d'), "
                     "DATE_FORMAT(c.valid_until, '%Y-%m-%d'), "
                     "IFNULL(DATE_FORMAT(c.revoked_at + INTERVAL 8 HOUR, '%Y-%m-%d'), ''), "
                     "IF(c.revoked_at IS NULL, '', IFNULL(c.revocation_category, 'other')), "
                     "0 "
                     "FROM certificates c JOIN enterprises e ON e.id = c.enterprise_id "
                     "WHERE e.uscc = ? "
                     "UNION ALL "
                     "SELECT 0, s.status IN ('received', 'ineligible', 'recommended', "
                     "'in-notice', 'objected'), s.sha256 = ?, '', s.tier, s.id, s.status, "
                     "'', '', '', '', 0 "
                     "FROM submissions s JOIN enterprises e ON e.id = s.enterprise_id "
                     "WHERE e.uscc = ? AND (s.status IN ('received', 'ineligible', "
                     "'recommended', 'in-notice', 'objected') OR s.sha256 = ?) "
                     "UNION ALL "
                     "SELECT 2, 0, 0, '', '', t.account_id, '', '', '', '', '', 0 "
                     "FROM tokens t JOIN accounts a ON a.id = t.account_id "
                     "WHERE t.token_sha256 = ? AND " TOKEN_PASSES_SQL " "
                     "ORDER BY 3 DESC, 1 DESC, 8 DESC, 4, 6",
                     p, DB_NELEM(p), cols, DB_NELEM(cols), take_row, &c},
                 &e, err, errsz) < 0)
        return store_classify(e);
    out->n = c.n;
    out->same_id = c.same_id;
    out->token_account = c.token_account;
    out->complete = c.complete;
    /* the certificates' latest yearly updates: a statement of their own, made
     * only for an enterprise that has certificates (a correlated subquery
     * above cost a tenth of MariaDB's time per submission for every one) */
    for (size_t i = 0; i < c.n; i++) {
        if (rows[i].is_certificate)
            return update_years(m, uscc, rows, c.n, err, errsz);
    }
    return STORE_OK;
}

enum store_result title_rows(struct db_conn *m, const char *uscc, struct title_row *rows,
                             size_t cap, size_t *n, char *err, size_t errsz)
{
    struct title_view v;
    enum store_result sr = title_rows_doc(m, uscc, NULL, NULL, rows, cap, &v, err, errsz);

    *n = v.n;
    return sr;
}

enum store_result title_lock_enterprise(struct db_conn *m, const char *uscc, char *err,
                                        size_t errsz)
{
    struct db_param p[] = {DB_STR(uscc)};
    int64_t v = 0;
    struct db_col c[] = {DB_OUT_INT(&v)};
    unsigned int e = 0;

    if (db_query(m,
                 &(struct db_select){"SELECT id FROM enterprises WHERE uscc = ? FOR UPDATE", p, 1,
                                     c, 1, NULL, NULL},
                 &e, err, errsz) < 0)
        return store_classify(e);
    return STORE_OK;
}

/* One UPDATE that must touch exactly one row. */
static enum store_result update_one(struct db_conn *m, const char *sql, const struct db_param *p,
                                    size_t np, const char *what, char *err, size_t errsz)
{
    uint64_t affected = 0;
    unsigned int e = 0;

    if (db_execv(m, sql, p, np, &affected, NULL, &e, err, errsz) != 0)
        return store_classify(e);
    if (affected != 1) {
        snprintf(err, errsz, "%s: no such row", what);
        return STORE_NOT_FOUND;
    }
    return STORE_OK;
}

enum store_result title_set_category(struct db_conn *m, const char *serial, const char *category,
                                     char *err, size_t errsz)
{
    struct db_param p[] = {DB_STR(category), DB_STR(serial)};

    return update_one(m,
                      "UPDATE certificates SET state = 'revoked', revocation_category = ? "
                      "WHERE serial = ?",
                      p, 2, serial, err, errsz);
}

enum store_result title_supersede(struct db_conn *m, const char *old, const char *by, char *err,
                                  size_t errsz)
{
    struct db_param p[] = {DB_STR(by), DB_STR(old)};

    return update_one(m,
                      "UPDATE certificates SET state = 'superseded', superseded_by = ?, "
                      "superseded_at = CURRENT_TIMESTAMP(6) WHERE serial = ? AND state = 'valid'",
                      p, 2, old, err, errsz);
}

enum store_result title_set_notice(struct db_conn *m, uint64_t id, const char *notice_ends,
                                   char *err, size_t errsz)
{
    struct db_param p[] = {DB_STR(notice_ends[0] ? notice_ends : NULL), DB_INT(id)};

    return update_one(m, "UPDATE submissions SET notice_ends = ? WHERE id = ?", p, 2, "submission",
                      err, errsz);
}

enum store_result title_duplicates(struct db_conn *m, long *n, char *err, size_t errsz)
{
    int64_t views = 0, count = 0;
    struct db_col cv[] = {DB_OUT_INT(&views)}, cc[] = {DB_OUT_INT(&count)};
    unsigned int e = 0;

    *n = 0;
    if (db_query(m,
                 &(struct db_select){"SELECT COUNT(*) FROM information_schema.views WHERE "
                                     "table_schema = DATABASE() AND table_name = "
                                     "'duplicate_valid_titles'",
                                     NULL, 0, cv, 1, NULL, NULL},
                 &e, err, errsz) < 0)
        return store_classify(e);
    if (views == 0)
        return STORE_OK;
    if (db_query(m,
                 &(struct db_select){"SELECT COUNT(*) FROM duplicate_valid_titles", NULL, 0, cc,
                                     1, NULL, NULL},
                 &e, err, errsz) < 0)
        return store_classify(e);
    *n = (long)count;
    return STORE_OK;
}
