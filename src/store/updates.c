/*
 * updates.c — yearly data updates, titles about to lapse and titles whose
 * update is missing (see include/tier/updates_store.h). SQL only; every
 * statement is prepared; the caller holds the transaction.
 *
 * "Valid" here is the stored state: state = 'valid' and no revoked_at. That
 * a title expired (valid_until before the day) is a matter of dates, which
 * the queries bound as parameters; the migration's index
 * ix_certificates_expiring (state, valid_until, tier) answers the expiring
 * list and the missing-update list alike.
 */
#include "tier/updates_store.h"

#include "tier/db.h"

#include <stdio.h>
#include <string.h>

/* The columns every title list reads, in this order. */
#define TITLE_COLS                                                                             \
    "c.serial, c.tier, e.uscc, e.name, c.city_code, c.state, "                                 \
    "DATE_FORMAT(c.valid_from, '%Y-%m-%d'), DATE_FORMAT(c.valid_until, '%Y-%m-%d'), "          \
    "c.revoked_at IS NOT NULL, "                                                               \
    "IFNULL((SELECT MAX(u.year) FROM title_updates u WHERE u.serial = c.serial), 0) "          \
    "FROM certificates c JOIN enterprises e ON e.id = c.enterprise_id "

struct title_ctx {
    struct update_title t;
    int64_t revoked;
    int (*fn)(void *ctx, const struct update_title *t);
    void *ctx;
    size_t left;
};

static int title_row(void *p)
{
    struct title_ctx *c = p;

    c->t.revoked = c->revoked != 0;
    if (c->left == 0)
        return 1;
    c->left--;
    return c->fn(c->ctx, &c->t);
}

/* The db_col array of TITLE_COLS, into cols (10 entries). */
static void title_cols(struct title_ctx *c, struct db_col *cols)
{
    cols[0] = DB_OUT_STR(c->t.serial);
    cols[1] = DB_OUT_STR(c->t.tier);
    cols[2] = DB_OUT_STR(c->t.uscc);
    cols[3] = DB_OUT_STR(c->t.name);
    cols[4] = DB_OUT_STR(c->t.city);
    cols[5] = DB_OUT_STR(c->t.state);
    cols[6] = DB_OUT_STR(c->t.valid_from);
    cols[7] = DB_OUT_STR(c->t.valid_until);
    cols[8] = DB_OUT_INT(&c->revoked);
    cols[9] = DB_OUT_INT(&c->t.last_update_year);
}

enum store_result update_title_lock(struct db_conn *m, const char *serial,
                                    struct update_title *out, char *err, size_t errsz)
{
    struct title_ctx c;
    struct db_col cols[10];
    struct db_param p[] = {DB_STR(serial)};
    unsigned int e = 0;
    long n;

    memset(&c, 0, sizeof c);
    title_cols(&c, cols);
    n = db_query(m,
                 &(struct db_select){"SELECT " TITLE_COLS "WHERE c.serial = ? FOR UPDATE", p, 1,
                                     cols, 10, NULL, NULL},
                 &e, err, errsz);
    if (n < 0)
        return store_classify(e);
    if (n == 0)
        return STORE_NOT_FOUND;
    c.t.revoked = c.revoked != 0;
    *out = c.t;
    return STORE_OK;
}

enum store_result update_find(struct db_conn *m, const char *serial, int year,
                              unsigned char sha256[32], char submitted_at[20], char *err,
                              size_t errsz)
{
    struct db_param p[] = {DB_STR(serial), DB_INT(year)};
    char at[20] = "";
    struct db_col c[] = {DB_OUT_BYTES(sha256, 32), DB_OUT_STR(at)};
    unsigned int e = 0;
    long n = db_query(m,
                      &(struct db_select){"SELECT sha256, DATE_FORMAT(submitted_at, "
                                          "'%Y-%m-%d %H:%i:%s') FROM title_updates WHERE "
                                          "serial = ? AND year = ?",
                                          p, 2, c, 2, NULL, NULL},
                      &e, err, errsz);

    if (n < 0)
        return store_classify(e);
    if (n == 0)
        return STORE_NOT_FOUND;
    memcpy(submitted_at, at, sizeof at);
    return STORE_OK;
}

enum store_result update_insert(struct db_conn *m, const char *serial, int year,
                                const unsigned char sha256[32], const char *body, size_t len,
                                uint64_t *id, char *err, size_t errsz)
{
    struct db_param p[] = {DB_STR(serial), DB_INT(year), DB_BLOB(sha256, 32),
                           DB_BLOB(body, len)};
    unsigned int e = 0;

    if (db_execv(m,
                 "INSERT INTO title_updates (serial, year, sha256, body) VALUES (?, ?, ?, ?)", p,
                 4, NULL, id, &e, err, errsz) != 0) {
        if (e == 1062) {
            snprintf(err, errsz, "the %d update of certificate %s was filed meanwhile", year,
                     serial);
            return STORE_CONFLICT;
        }
        return store_classify(e);
    }
    return STORE_OK;
}

struct filed_ctx {
    struct update_filed cur, *rows;
    int64_t year;
    unsigned char sha[32];
    size_t cap, n;
};

static int filed_row(void *p)
{
    struct filed_ctx *c = p;

    if (c->n >= c->cap)
        return 1;
    c->cur.year = (int)c->year;
    for (int i = 0; i < 32; i++)
        snprintf(c->cur.sha256_hex + 2 * i, 3, "%02x", c->sha[i]);
    c->rows[c->n++] = c->cur;
    return 0;
}

enum store_result update_list(struct db_conn *m, const char *serial, struct update_filed *rows,
                              size_t cap, size_t *n, char *err, size_t errsz)
{
    struct filed_ctx c = {.rows = rows, .cap = cap};
    struct db_param p[] = {DB_STR(serial)};
    struct db_col cols[] = {DB_OUT_INT(&c.year), DB_OUT_STR(c.cur.submitted_at),
                            DB_OUT_BYTES(c.sha, 32)};
    unsigned int e = 0;

    *n = 0;
    if (db_query(m,
                 &(struct db_select){"SELECT year, DATE_FORMAT(submitted_at, '%Y-%m-%d "
                                     "%H:%i:%s'), sha256 FROM title_updates WHERE serial = ? "
                                     "ORDER BY year DESC",
                                     p, 1, cols, DB_NELEM(cols), filed_row, &c},
                 &e, err, errsz) < 0)
        return store_classify(e);
    *n = c.n;
    return STORE_OK;
}

static int given(const char *s)
{
    return s != NULL && s[0] != '\0';
}

enum store_result update_expiring(struct db_conn *m, const struct update_query *q,
                                  int (*fn)(void *ctx, const struct update_title *t), void *ctx,
                                  char *err, size_t errsz)
{
    struct title_ctx c;
    struct db_col cols[10];
    struct db_param p[4];
    size_t np = 0;
    unsigned int e = 0;
    char sql[1024];

    memset(&c, 0, sizeof c);
    c.fn = fn;
    c.ctx = ctx;
    c.left = q->limit;
    title_cols(&c, cols);
    p[np++] = DB_STR(q->from);
    p[np++] = DB_STR(q->to);
    if (given(q->city))
        p[np++] = DB_STR(q->city);
    if (given(q->uscc))
        p[np++] = DB_STR(q->uscc);
    snprintf(sql, sizeof sql,
             "SELECT %sWHERE c.state = 'valid' AND c.revoked_at IS NULL AND "
             "c.valid_until BETWEEN ? AND ?%s%s ORDER BY c.valid_until, c.serial", TITLE_COLS,
             given(q->city) ? " AND c.city_code = ?" : "", given(q->uscc) ? " AND e.uscc = ?" : "");
    if (db_query(m, &(struct db_select){sql, p, np, cols, 10, title_row, &c}, &e, err, errsz) < 0)
        return store_classify(e);
    return STORE_OK;
}

enum store_result update_titles_of(struct db_conn *m, const char *uscc, size_t limit,
                                   int (*fn)(void *ctx, const struct update_title *t), void *ctx,
                                   char *err, size_t errsz)
{
    struct title_ctx c;
    struct db_col cols[10];
    struct db_param p[] = {DB_STR(uscc)};
    unsigned int e = 0;

    memset(&c, 0, sizeof c);
    c.fn = fn;
    c.ctx = ctx;
    c.left = limit;
    title_cols(&c, cols);
    if (db_query(m,
                 &(struct db_select){"SELECT " TITLE_COLS "WHERE e.uscc = ? ORDER BY "
                                     "c.valid_from DESC, c.serial",
                                     p, 1, cols, 10, title_row, &c},
                 &e, err, errsz) < 0)
        return store_classify(e);
    return STORE_OK;
}

/* The WHERE of the missing-update lists: p gets its parameters. */
static size_t missing_where(const struct update_query *q, char *out, size_t cap,
                            struct db_param *p, char first[11])
{
    size_t np = 0;

    snprintf(first, 11, "%04d-01-01", q->due_year);
    /* valid on the deadline, issued before the due year, nothing filed of it */
    p[np++] = DB_STR(q->tier);
    p[np++] = DB_STR(q->deadline);
    p[np++] = DB_STR(q->deadline);
    p[np++] = DB_STR(first);
    p[np++] = DB_INT(q->due_year);
    snprintf(out, cap,
             "WHERE c.state = 'valid' AND c.revoked_at IS NULL AND c.tier = ? AND "
             "c.valid_until >= ? AND c.valid_from <= ? AND c.valid_from < ? AND NOT EXISTS "
             "(SELECT 1 FROM title_updates u WHERE u.serial = c.serial AND u.year >= ?)%s",
             given(q->city) ? " AND c.city_code = ?" : "");
    if (given(q->city))
        p[np++] = DB_STR(q->city);
    return np;
}

enum store_result update_missing(struct db_conn *m, const struct update_query *q,
                                 int (*fn)(void *ctx, const struct update_title *t), void *ctx,
                                 char *err, size_t errsz)
{
    struct title_ctx c;
    struct db_col cols[10];
    struct db_param p[8];
    size_t np;
    unsigned int e = 0;
    char where[512], sql[1536], first[11];

    memset(&c, 0, sizeof c);
    c.fn = fn;
    c.ctx = ctx;
    c.left = q->limit;
    title_cols(&c, cols);
    np = missing_where(q, where, sizeof where, p, first);
    snprintf(sql, sizeof sql, "SELECT %s%s ORDER BY c.serial", TITLE_COLS, where);
    if (db_query(m, &(struct db_select){sql, p, np, cols, 10, title_row, &c}, &e, err, errsz) < 0)
        return store_classify(e);
    return STORE_OK;
}

struct count_ctx {
    char city[7];
    int64_t n;
    void (*fn)(void *ctx, const char *city, int64_t n);
    void *ctx;
};

static int count_row(void *p)
{
    struct count_ctx *c = p;

    c->fn(c->ctx, c->city, c->n);
    return 0;
}

enum store_result update_missing_counts(struct db_conn *m, const struct update_query *q,
                                        void (*fn)(void *ctx, const char *city, int64_t n),
                                        void *ctx, char *err, size_t errsz)
{
    struct count_ctx c = {.fn = fn, .ctx = ctx};
    struct db_col cols[] = {DB_OUT_STR(c.city), DB_OUT_INT(&c.n)};
    struct db_param p[8];
    size_t np;
    unsigned int e = 0;
    char where[512], sql[1024], first[11];

    np = missing_where(q, where, sizeof where, p, first);
    snprintf(sql, sizeof sql,
             "SELECT c.city_code, COUNT(*) FROM certificates c %s GROUP BY c.city_code", where);
    if (db_query(m, &(struct db_select){sql, p, np, cols, 2, count_row, &c}, &e, err, errsz) < 0)
        return store_classify(e);
    return STORE_OK;
}
