/*
 * drafts.c — application drafts in MariaDB (see drafts_store.h and
 * sql/100_web_drafts.sql). One or two prepared statements a function; every
 * statement names the account, so a draft id of another account reads as
 * not found. The cap per account is checked inside the inserting
 * transaction after locking the account's row, so two saves at once cannot
 * both pass it. Thread-safe given one handle per thread.
 */
#include "tier/drafts_store.h"

#include "tier/db.h"

#include <stdio.h>
#include <string.h>

static enum store_result failed(unsigned int e)
{
    return e == 0 ? STORE_ERROR : store_classify(e);
}

enum store_result store_draft_save(struct db_conn *m, uint64_t account_id, uint64_t *id,
                                   const char *tier, uint64_t replaces, const char *doc,
                                   size_t len, char *err, size_t errsz)
{
    unsigned int e = 0;
    int64_t have = 0, lock = 0;
    uint64_t affected = 0, newid = 0;
    long rows;

    if (len > DRAFT_DOC_MAX) {
        snprintf(err, errsz, "a draft of %zu bytes is over the cap of %u", len, DRAFT_DOC_MAX);
        return STORE_ERROR;
    }
    if (db_begin(m, &e, err, errsz) != 0)
        return failed(e);
    /* the account's row serialises its saves */
    rows = db_query(m,
                    &(struct db_select){"SELECT id FROM accounts WHERE id = ? FOR UPDATE",
                                        (struct db_param[]){DB_INT(account_id)}, 1,
                                        (struct db_col[]){DB_OUT_INT(&lock)}, 1, NULL, NULL},
                    &e, err, errsz);
    if (rows < 0)
        goto fail;
    if (*id == 0) {
        rows = db_query(m,
                        &(struct db_select){"SELECT COUNT(*) FROM web_drafts WHERE account_id = ?",
                                            (struct db_param[]){DB_INT(account_id)}, 1,
                                            (struct db_col[]){DB_OUT_INT(&have)}, 1, NULL, NULL},
                        &e, err, errsz);
        if (rows < 0)
            goto fail;
        if (have >= DRAFTS_PER_ACCOUNT) {
            db_rollback(m);
            snprintf(err, errsz, "the account keeps %lld drafts, the most it may",
                     (long long)have);
            return STORE_CONFLICT;
        }
        if (db_execv(m,
                     "INSERT INTO web_drafts (account_id, tier, replaces_id, document) "
                     "VALUES (?, ?, NULLIF(?, 0), ?)",
                     (struct db_param[]){DB_INT(account_id), DB_STR(tier), DB_INT(replaces),
                                         DB_BLOB(doc, len)},
                     4, NULL, &newid, &e, err, errsz) != 0)
            goto fail;
        *id = newid;
    } else {
        if (db_execv(m,
                     "UPDATE web_drafts SET tier = ?, replaces_id = NULLIF(?, 0), document = ?, "
                     "updated_at = CURRENT_TIMESTAMP(6) WHERE id = ? AND account_id = ?",
                     (struct db_param[]){DB_STR(tier), DB_INT(replaces), DB_BLOB(doc, len),
                                         DB_INT(*id), DB_INT(account_id)},
                     5, &affected, NULL, &e, err, errsz) != 0)
            goto fail;
        if (affected == 0) {
            db_rollback(m);
            snprintf(err, errsz, "no draft %llu of this account", (unsigned long long)*id);
            return STORE_NOT_FOUND;
        }
    }
    if (db_commit(m, &e, err, errsz) != 0)
        goto fail;
    return STORE_OK;
fail:
    db_rollback(m);
    return failed(e);
}

/* The columns of a draft's row, in the order of DRAFT_COLS. */
#define DRAFT_COLS                                                                        \
    "id, tier, COALESCE(replaces_id, 0), LENGTH(document), "                              \
    "DATE_FORMAT(updated_at, '%Y-%m-%dT%H:%i:%sZ')"

static void row_cols(struct db_col *c, struct draft_row *r, int64_t *id, int64_t *rep)
{
    c[0] = (struct db_col)DB_OUT_INT(id);
    c[1] = (struct db_col)DB_OUT_STR(r->tier);
    c[2] = (struct db_col)DB_OUT_INT(rep);
    c[3] = (struct db_col)DB_OUT_INT(&r->bytes);
    c[4] = (struct db_col)DB_OUT_STR(r->updated_at);
}

struct list_ctx {
    struct draft_row *rows, *cur;
    int cap, *n;
    int64_t id, rep;
};

static int list_row(void *p)
{
    struct list_ctx *c = p;

    c->cur->id = (uint64_t)c->id;
    c->cur->replaces = (uint64_t)c->rep;
    c->rows[(*c->n)++] = *c->cur;
    return *c->n >= c->cap;
}

enum store_result store_draft_list(struct db_conn *m, uint64_t account_id,
                                   struct draft_row *rows, int cap, int *n, char *err,
                                   size_t errsz)
{
    struct draft_row cur;
    struct list_ctx ctx = {rows, &cur, cap, n, 0, 0};
    struct db_col c[5];
    unsigned int e = 0;

    *n = 0;
    memset(&cur, 0, sizeof cur);
    row_cols(c, &cur, &ctx.id, &ctx.rep);
    if (cap <= 0)
        return STORE_OK;
    if (db_query(m,
                 &(struct db_select){"SELECT " DRAFT_COLS " FROM web_drafts WHERE account_id = ? "
                                     "ORDER BY updated_at DESC, id DESC LIMIT 100",
                                     (struct db_param[]){DB_INT(account_id)}, 1, c, 5, list_row,
                                     &ctx},
                 &e, err, errsz) < 0)
        return failed(e);
    return STORE_OK;
}

enum store_result store_draft_get(struct db_conn *m, uint64_t account_id, uint64_t id,
                                  struct draft_row *row, char *doc, size_t cap, size_t *len,
                                  char *err, size_t errsz)
{
    struct db_col c[6];
    int64_t rid = 0, rep = 0;
    unsigned int e = 0;
    long rows;

    memset(row, 0, sizeof *row);
    row_cols(c, row, &rid, &rep);
    c[5] = (struct db_col)DB_OUT_BYTES(doc, cap);
    rows = db_query(m,
                    &(struct db_select){"SELECT " DRAFT_COLS ", document FROM web_drafts "
                                        "WHERE id = ? AND account_id = ?",
                                        (struct db_param[]){DB_INT(id), DB_INT(account_id)}, 2,
                                        c, 6, NULL, NULL},
                    &e, err, errsz);
    if (rows < 0)
        return failed(e);
    if (rows == 0) {
        snprintf(err, errsz, "no draft %llu of this account", (unsigned long long)id);
        return STORE_NOT_FOUND;
    }
    if (c[5].truncated) {
        snprintf(err, errsz, "draft %llu is larger than %zu bytes", (unsigned long long)id, cap);
        return STORE_ERROR;
    }
    row->id = (uint64_t)rid;
    row->replaces = (uint64_t)rep;
    *len = c[5].len;
    return STORE_OK;
}

enum store_result store_draft_delete(struct db_conn *m, uint64_t account_id, uint64_t id,
                                     char *err, size_t errsz)
{
    unsigned int e = 0;
    uint64_t affected = 0;

    if (db_execv(m, "DELETE FROM web_drafts WHERE id = ? AND account_id = ?",
                 (struct db_param[]){DB_INT(id), DB_INT(account_id)}, 2, &affected, NULL, &e,
                 err, errsz) != 0)
        return failed(e);
    if (affected == 0) {
        snprintf(err, errsz, "no draft %llu of this account", (unsigned long long)id);
        return STORE_NOT_FOUND;
    }
    return STORE_OK;
}
