/*
 * operators.c — wiring for tools, and the operators' use cases of tierctl
 * and the admin pages (see registry.h): migrations, the audit chain,
 * signing keys, targets; accounts and tokens are in account_ops.c. Each
 * borrows one connection for its run and answers an enum op_outcome with a
 * sentence in Chinese and English; the caller formats rows and prints.
 *
 * What a failed write leaves (reg_op_write_end): before COMMIT nothing
 * changed ("unavailable", "cannot write" or "error"); lost at COMMIT the
 * change may or may not have been made, and the sentence says how to see.
 */
#include "registry_int.h"

#include "tier/titles.h"

#include "tier/audit.h"
#include "tier/config.h"
#include "tier/db.h"
#include "tier/keys.h"
#include "tier/migrate.h"
#include "tier/sign.h"
#include "tier/signer.h"
#include "tier/targets.h"
#include "tier/tlog_entry.h"

#include "tier/city.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int registry_open(struct registry *r, const struct tier_config *c, int conns, char *err,
                  size_t errsz)
{
    struct tier_config *pc;
    struct db_conn *m[3] = {NULL, NULL, NULL};
    int n;

    memset(r, 0, sizeof *r);
    if (conns < 1)
        conns = 1;
    if (conns > 3)
        conns = 3;
    /* the pool sizes itself from the config; a tool's pool is its own */
    pc = malloc(sizeof *pc);
    if (pc == NULL) {
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    *pc = *c;
    pc->db_pool = conns;
    r->cfg = pc;
    r->db = db_pool_new(pc);
    if (r->db == NULL) {
        free(pc);
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    /* Open them now, while the password is loaded: the caller wipes it. */
    m[0] = db_pool_get(r->db, 2000, err, errsz);
    if (m[0] == NULL) {
        registry_close(r);
        return -1;
    }
    for (n = 1; n < conns; n++) {
        m[n] = db_pool_get(r->db, 0, NULL, 0);
        if (m[n] == NULL)
            break;
    }
    for (int i = 0; i < n; i++)
        db_pool_put(r->db, m[i], 0);
    config_wipe(pc);
    return 0;
}

void registry_close(struct registry *r)
{
    if (r->db != NULL)
        db_pool_free(r->db);
    if (r->cfg != NULL) {
        config_wipe((struct tier_config *)r->cfg);
        free((void *)r->cfg);
    }
    signer_free(r->signer);
    sign_key_free(r->root);
    memset(r, 0, sizeof *r);
}

/* Run a call that answers 0/-1 with err on a borrowed connection (the key
 * and tool reads that keep that shape). */
#define WITH_CONN(r, err, errsz, call)                                                         \
    do {                                                                                       \
        struct db_conn *m_ = reg_conn_get((r), (err), (errsz));                                \
        int rc_;                                                                               \
        if (m_ == NULL)                                                                        \
            return -1;                                                                         \
        rc_ = (call);                                                                          \
        /* a tool's connection that failed is reopened only if it can be */                    \
        db_pool_put((r)->db, m_, 0);                                                           \
        return rc_;                                                                            \
    } while (0)

void reg_op_refuse(struct op_result *res, enum op_outcome outcome, const char *field,
                   const char *zh, const char *en_fmt, ...)
{
    va_list ap;

    res->outcome = outcome;
    res->field = field;
    res->says.code = outcome == OP_EXISTS ? "exists" : outcome == OP_NOT_FOUND ? "not-found"
                                                                               : "refused";
    snprintf(res->says.zh, sizeof res->says.zh, "%s", zh);
    va_start(ap, en_fmt);
    vsnprintf(res->says.en, sizeof res->says.en, en_fmt, ap);
    va_end(ap);
}

void reg_op_unavailable(struct op_result *res, const char *err)
{
    res->outcome = OP_UNAVAILABLE;
    res->field = NULL;
    reg_say(&res->says, "database-unavailable", "登记数据库暂时不可用，本次未做任何更改，请稍后再试",
            "the registry database is unavailable (%s); nothing was changed. Try again in a "
            "few seconds",
            err);
}

int reg_op_write_end(struct registry *r, struct db_conn *m, enum store_result sr,
                     const char *check_zh, const char *check_en, const char *err,
                     struct op_result *res)
{
    int lost = sr != STORE_OK && db_commit_lost(m);
    char zh[REG_SAY_ZH];

    db_pool_put(r->db, m, sr != STORE_OK && (lost || sr == STORE_CONN));
    res->field = NULL;
    if (sr == STORE_OK) {
        reg_write_note(STORE_OK);
        res->outcome = OP_DONE;
        reg_say(&res->says, "done", "已完成", "done");
        return 1;
    }
    if (lost) {
        /* the server may have committed before the link went */
        res->outcome = OP_UNKNOWN;
        snprintf(zh, sizeof zh, "提交时与数据库的连接中断，无法确定这项更改是否已生效（%s）",
                 check_zh);
        reg_say(&res->says, "outcome-unknown", zh,
                "the connection was lost while committing, so the change may or may not have "
                "been made (%s)",
                check_en);
        return 1;
    }
    if (sr == STORE_NOT_FOUND || sr == STORE_DUPLICATE || sr == STORE_CONFLICT)
        return 0;
    if (sr == STORE_FULL) {
        reg_write_note(sr);
        res->outcome = OP_CANNOT_WRITE;
        reg_say_cannot_write(&res->says);
    } else if (sr == STORE_CONN || sr == STORE_RETRY) {
        reg_op_unavailable(res, err);
    } else {
        res->outcome = OP_ERROR;
        reg_say_error(&res->says, err);
    }
    return 1;
}

int reg_op_read_end(struct registry *r, struct db_conn *m, enum store_result sr, const char *err,
                    struct op_result *res)
{
    db_pool_put(r->db, m, sr == STORE_CONN);
    if (sr == STORE_OK) {
        res->outcome = OP_DONE;
        res->field = NULL;
        reg_say(&res->says, "done", "已完成", "done");
        return 1;
    }
    if (sr == STORE_NOT_FOUND)
        return 0;
    if (sr == STORE_CONN || sr == STORE_RETRY) {
        reg_op_unavailable(res, err);
    } else {
        res->outcome = OP_ERROR;
        res->field = NULL;
        reg_say_error(&res->says, err);
    }
    return 0;
}

/* A borrowed connection, or NULL with res saying "unavailable". */
static struct db_conn *op_conn(struct registry *r, struct op_result *res)
{
    char err[512];
    struct db_conn *m = reg_conn_get(r, err, sizeof err);

    if (m == NULL)
        reg_op_unavailable(res, err);
    return m;
}

void registry_migrate(struct registry *r, const char *sql_dir, int apply, migrate_each_fn each,
                      void *ctx, long *count, long *duplicate_titles, struct op_result *res)
{
    char err[1024];
    struct db_conn *m = op_conn(r, res);
    int n;

    *count = 0;
    *duplicate_titles = 0;
    if (m == NULL)
        return;
    n = apply ? migrate_apply(m, sql_dir, each, ctx, err, sizeof err)
              : migrate_status(m, sql_dir, each, ctx, err, sizeof err);
    if (n >= 0 && title_duplicates(m, duplicate_titles, err, sizeof err) != STORE_OK)
        *duplicate_titles = 0; /* a note only: the migration itself is done */
    db_pool_put(r->db, m, n < 0 && db_last_errnum(m) != 0 && db_error_is_connection(db_last_errnum(m)));
    res->field = NULL;
    if (n < 0) {
        /* the file and line, or the changed file: the operator needs the words */
        res->outcome = OP_ERROR;
        reg_say(&res->says, "migration-failed", "数据库迁移未完成（原因见英文说明）", "%s", err);
        return;
    }
    *count = n;
    res->outcome = OP_DONE;
    if (apply)
        reg_say(&res->says, "done", "", "%d migrations applied", n);
    else
        reg_say(&res->says, "done", "", "%d migrations pending", n);
}

void registry_audit_verify(struct registry *r, struct audit_check *chk, struct op_result *res)
{
    char err[512], zh[REG_SAY_ZH];
    struct db_conn *m = op_conn(r, res);
    int rc;

    memset(chk, 0, sizeof *chk);
    if (m == NULL)
        return;
    rc = audit_verify(m, chk, err, sizeof err);
    if (rc < 0) {
        unsigned int e = db_last_errnum(m);
        reg_op_read_end(r, m, e != 0 ? store_classify(e) : STORE_ERROR, err, res);
        return;
    }
    db_pool_put(r->db, m, 0);
    res->field = NULL;
    res->outcome = rc == 0 ? OP_DONE : OP_BROKEN;
    switch (chk->broken) {
    case AUDIT_INTACT:
        snprintf(zh, sizeof zh, "审计日志完整：共 %ld 行", chk->rows);
        reg_say(&res->says, "intact", zh, "audit log intact: %ld rows, head %.16s…", chk->rows,
                chk->head);
        break;
    case AUDIT_ROW_MISSING:
        snprintf(zh, sizeof zh, "审计日志第 %lld 行处缺行或顺序被打乱", (long long)chk->row);
        reg_say(&res->says, "row-missing", zh,
                "audit row %lld: expected row %lld here; row %lld was removed or a row was "
                "inserted out of order",
                (long long)chk->row, (long long)chk->expected, (long long)chk->expected);
        break;
    case AUDIT_LINK_BROKEN:
        snprintf(zh, sizeof zh, "审计日志第 %lld 行与前一行的链接不符", (long long)chk->row);
        reg_say(&res->says, "link-broken", zh,
                "audit row %lld: its link to the previous row does not match (a row before it "
                "was removed, inserted or changed)",
                (long long)chk->row);
        break;
    case AUDIT_ROW_MODIFIED:
        snprintf(zh, sizeof zh, "审计日志第 %lld 行已被修改", (long long)chk->row);
        reg_say(&res->says, "row-modified", zh,
                "audit row %lld was modified: its content no longer matches its hash (%s %s "
                "%s/%s by %s)",
                (long long)chk->row, chk->at, chk->action, chk->object_type, chk->object_id,
                chk->actor);
        break;
    case AUDIT_HEAD_MISMATCH:
        snprintf(zh, sizeof zh, "审计日志止于第 %lld 行，但链头记录为第 %lld 行",
                 (long long)chk->row, (long long)chk->head_id);
        reg_say(&res->says, "head-mismatch", zh,
                "audit log ends at row %lld but its head records row %lld: rows were removed "
                "from the end, or the head was changed",
                (long long)chk->row, (long long)chk->head_id);
        break;
    }
}

void registry_table_count(struct registry *r, long *n, struct op_result *res)
{
    char err[512];
    struct db_conn *m = op_conn(r, res);

    *n = -1;
    if (m != NULL)
        reg_op_read_end(r, m, migrate_table_count(m, n, err, sizeof err), err, res);
}

void registry_target_list(struct registry *r, int year, target_row_fn each, void *ctx,
                          struct op_result *res)
{
    char err[512];
    struct db_conn *m = op_conn(r, res);

    if (m != NULL)
        reg_op_read_end(r, m, target_list(m, year, each, ctx, err, sizeof err), err, res);
}

/* Is s one of the words of list (NULL-terminated)? */
static int one_of(const char *s, const char *const *list)
{
    for (; *list != NULL; list++) {
        if (strcmp(s, *list) == 0)
            return 1;
    }
    return 0;
}

/* Does s fit dst (cap bytes, NUL included)? Copies it when it does. */
static int fits(char *dst, size_t cap, const char *s)
{
    size_t n = strlen(s);

    if (n >= cap)
        return 0;
    memcpy(dst, s, n + 1);
    return 1;
}

void registry_target_set(struct registry *r, const struct reg_target_new *in, const char *actor,
                         struct op_result *res)
{
    static const char *const kinds[] = {"new", "stock", NULL};
    static const char *const wordings[] = {"floor", "about", "reach", NULL};
    char err[512];
    struct target_row t = {.year = in->year, .count = in->count};
    struct db_conn *m;

    if (t.year < 2000 || t.year > 2100) {
        reg_op_refuse(res, OP_REFUSED, "year", "年份须为 2000 至 2100 之间的整数",
                      "year %d is not from 2000 to 2100", t.year);
        return;
    }
    if (in->tier == NULL || tier_by_code(in->tier) == NULL || !fits(t.tier, sizeof t.tier, in->tier)) {
        reg_op_refuse(res, OP_REFUSED, "tier", "请选择一个梯度（如 专精特新中小企业）",
                      "'%s' is not a tier code (specialized-sme, little-giant, "
                      "single-champion, leading, high-tech, tech-sme, …)",
                      in->tier ? in->tier : "");
        return;
    }
    if (in->city != NULL && in->city[0] != '\0' &&
        (city_by_code(in->city) == NULL || !fits(t.city, sizeof t.city, in->city))) {
        reg_op_refuse(res, OP_REFUSED, "city", "城市须为山东省 16 个地市之一，不选表示全省",
                      "--city %s is not one of Shandong's 16 city codes", in->city);
        return;
    }
    if (t.count < 0 || t.count > 10000000) {
        reg_op_refuse(res, OP_REFUSED, "count", "目标数须为 0 至 10,000,000 之间的整数",
                      "a target count is a whole number from 0 to 10,000,000");
        return;
    }
    if (in->kind == NULL || !one_of(in->kind, kinds)) {
        reg_op_refuse(res, OP_REFUSED, "kind", "口径须为“当年新增”或“年末存量”",
                      "--kind is new (certificates issued in the year) or stock (valid on 31 "
                      "December)");
        return;
    }
    if (in->wording == NULL || !one_of(in->wording, wordings)) {
        reg_op_refuse(res, OP_REFUSED, "wording", "表述须为“以上”“左右”或“达到”",
                      "--wording is floor (以上), about (左右) or reach (达到)");
        return;
    }
    if (!fits(t.source, sizeof t.source, in->source ? in->source : "")) {
        reg_op_refuse(res, OP_REFUSED, "source", "来源说明最多 300 字节（约 100 个汉字）",
                      "the source is at most 300 bytes");
        return;
    }
    snprintf(t.kind, sizeof t.kind, "%s", in->kind);
    snprintf(t.wording, sizeof t.wording, "%s", in->wording);
    m = op_conn(r, res);
    if (m == NULL)
        return;
    reg_op_write_end(r, m, target_set(m, &t, actor, err, sizeof err), "请在目标列表中查看",
                     "tierctl target list shows whether it was", err, res);
}

