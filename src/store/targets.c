/*
 * targets.c — yearly targets (see targets.h). Every change is audited in the
 * same transaction. SQL only: the registry checks the values and says why.
 */
#include "tier/targets.h"

#include "tier/audit.h"
#include "tier/db.h"

#include <stdio.h>
#include <string.h>

static enum store_result failed(unsigned int e)
{
    return e == 0 ? STORE_ERROR : store_classify(e);
}

enum store_result target_set(struct db_conn *m, const struct target_row *t, const char *actor,
                             char *err, size_t errsz)
{
    char oid[64], detail[512];
    unsigned int e = 0;
    struct audit_entry a = {actor, "target.set", "target", oid, detail};

    snprintf(oid, sizeof oid, "%d/%s/%s", t->year, t->tier, t->city[0] ? t->city : "province");
    snprintf(detail, sizeof detail, "%ld %s (%s); %.400s", t->count, t->kind, t->wording,
             t->source);
    if (db_begin(m, &e, err, errsz) != 0 ||
        db_exec(m,
                "INSERT INTO targets (year, tier, city_code, target_count, kind, wording, "
                "source) VALUES (?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE target_count = "
                "VALUES(target_count), kind = VALUES(kind), wording = VALUES(wording), "
                "source = VALUES(source)",
                "ississs", NULL, NULL, &e, err, errsz, (int64_t)t->year, t->tier, t->city,
                (int64_t)t->count, t->kind, t->wording, t->source) != 0 ||
        audit_append(m, &a, &e, err, errsz) != 0 || db_commit(m, &e, err, errsz) != 0) {
        db_rollback(m);
        return failed(e);
    }
    return STORE_OK;
}

struct list_ctx {
    target_row_fn each;
    void *ctx;
    struct target_row row;
    int64_t count;
};

static int list_row(void *arg)
{
    struct list_ctx *c = arg;

    c->row.count = (long)c->count;
    return c->each(c->ctx, &c->row);
}

enum store_result target_list(struct db_conn *m, int year, target_row_fn each, void *ctx,
                              char *err, size_t errsz)
{
    struct list_ctx c = {.each = each, .ctx = ctx, .row = {.year = year}};
    struct db_param p[] = {DB_INT(year), DB_INT(TARGET_LIST_MAX)};
    struct db_col cols[] = {DB_OUT_STR(c.row.tier),    DB_OUT_STR(c.row.city),
                            DB_OUT_INT(&c.count),      DB_OUT_STR(c.row.kind),
                            DB_OUT_STR(c.row.wording), DB_OUT_STR(c.row.source)};
    unsigned int e = 0;

    if (db_query(m,
                 &(struct db_select){
                     "SELECT tier, city_code, target_count, kind, wording, source FROM targets "
                     "WHERE year = ? ORDER BY tier, city_code LIMIT ?",
                     p, 2, cols, DB_NELEM(cols), list_row, &c},
                 &e, err, errsz) < 0)
        return failed(e);
    return STORE_OK;
}

long target_count(struct db_conn *m, int year, char *err, size_t errsz)
{
    int64_t n = -1;
    struct db_param p[] = {DB_INT(year)};
    struct db_col c[] = {DB_OUT_INT(&n)};
    unsigned int e = 0;

    if (db_query(m,
                 &(struct db_select){"SELECT COUNT(*) FROM targets WHERE year = ?", p,
                                     DB_NELEM(p), c, DB_NELEM(c), NULL, NULL},
                 &e, err, errsz) != 1)
        return -1;
    return (long)n;
}
