/*
 * audit.c — the audit log's hash chain (see audit.h).
 *
 * Row hash = SHA-256 over the fields, each written as "<length>:<bytes>\n"
 * (so no field can leak into its neighbour), in the order id, at, actor,
 * action, object_type, object_id, detail, prev_sha256. The time is set here
 * (UTC, microseconds) rather than by the server's default, so the hashed text
 * and the stored text are the same string.
 *
 * audit_append locks audit_head's single row first; that serialises appends
 * and keeps the chain linear. audit_verify reads the rows in id order, one
 * at a time, so a long log needs constant memory.
 */
#include "tier/audit.h"

#include "tier/buf.h"
#include "tier/db.h"
#include "tier/digest.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define AUDIT_DETAIL_MAX 65535

static int field(struct buf *b, const char *s)
{
    return buf_printf(b, "%zu:", strlen(s)) | buf_adds(b, s) | buf_adds(b, "\n");
}

static int row_hash(unsigned long long id, const char *at, const char *actor, const char *action,
                    const char *otype, const char *oid, const char *detail, const char *prev,
                    char out[SHA256_HEX_LEN + 1])
{
    struct buf b;
    char idtxt[24];
    int rc;

    buf_init(&b, AUDIT_DETAIL_MAX + 4096);
    snprintf(idtxt, sizeof idtxt, "%llu", id);
    rc = field(&b, idtxt) | field(&b, at) | field(&b, actor) | field(&b, action) |
         field(&b, otype) | field(&b, oid) | field(&b, detail) | field(&b, prev);
    if (rc == 0)
        rc = digest_sha256_hex(b.data, b.len, out);
    buf_free(&b);
    return rc ? -1 : 0;
}

int audit_append(struct db_conn *m, const struct audit_entry *e, unsigned int *errnum, char *err,
                 size_t errsz)
{
    int64_t last_id = 0, new_id;
    char prev[SHA256_HEX_LEN + 1], hash[SHA256_HEX_LEN + 1], at[32], day[24];
    struct db_col c[2] = {{'i', &last_id, sizeof last_id, 0, 0, 0},
                          {'s', prev, sizeof prev, 0, 0, 0}};
    struct timespec ts;
    struct tm tm;
    long n;

    if (strlen(e->detail) > AUDIT_DETAIL_MAX) {
        snprintf(err, errsz, "audit detail longer than %d bytes", AUDIT_DETAIL_MAX);
        *errnum = 0;
        return -1;
    }
    n = db_query(m,
                 &(struct db_select){
                     "SELECT last_id, last_sha256 FROM audit_head WHERE id = 1 FOR UPDATE",
                     NULL, 0, c, 2, NULL, NULL},
                 errnum, err, errsz);
    if (n < 0)
        return -1;
    if (n == 0) {
        snprintf(err, errsz, "audit_head is empty: run tierctl migrate");
        *errnum = 0;
        return -1;
    }
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(day, sizeof day, "%Y-%m-%d %H:%M:%S", &tm);
    snprintf(at, sizeof at, "%.19s.%06d", day, (int)(ts.tv_nsec / 1000 % 1000000));
    /* Ids follow the chain, not AUTO_INCREMENT, so they have no gaps and a
     * verifier can tell a missing row from a skipped number. */
    new_id = last_id + 1;
    if (row_hash((unsigned long long)new_id, at, e->actor, e->action, e->object_type,
                 e->object_id, e->detail, prev, hash) != 0) {
        snprintf(err, errsz, "SHA-256 failed");
        *errnum = 0;
        return -1;
    }
    {
        struct db_param p[9] = {
            {'i', new_id, NULL, 0},       {'s', 0, at, 0},
            {'s', 0, e->actor, 0},        {'s', 0, e->action, 0},
            {'s', 0, e->object_type, 0},  {'s', 0, e->object_id, 0},
            {'s', 0, e->detail, 0},       {'s', 0, prev, 0},
            {'s', 0, hash, 0},
        };
        if (db_execv(m,
                     "INSERT INTO audit_log (id, at, actor, action, object_type, object_id, "
                     "detail, prev_sha256, row_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     p, 9, NULL, NULL, errnum, err, errsz) != 0)
            return -1;
    }
    if (db_exec(m, "UPDATE audit_head SET last_id = ?, last_sha256 = ? WHERE id = 1", "is", NULL,
                NULL, errnum, err, errsz, new_id, hash) != 0)
        return -1;
    return 0;
}

struct verify_ctx {
    struct audit_check *out;
    int64_t id, expect_id;
    char at[32], actor[101], action[41], otype[41], oid[101];
    char *detail;
    char prev[SHA256_HEX_LEN + 1], row[SHA256_HEX_LEN + 1];
    char last[SHA256_HEX_LEN + 1];
};

/* The broken row, as found: why, and the row's own words. Stops the walk. */
static int verify_broken(struct verify_ctx *v, enum audit_break why)
{
    struct audit_check *c = v->out;

    c->broken = why;
    c->row = v->id;
    c->expected = v->expect_id;
    snprintf(c->at, sizeof c->at, "%s", v->at);
    snprintf(c->actor, sizeof c->actor, "%s", v->actor);
    snprintf(c->action, sizeof c->action, "%s", v->action);
    snprintf(c->object_type, sizeof c->object_type, "%s", v->otype);
    snprintf(c->object_id, sizeof c->object_id, "%s", v->oid);
    return 1;
}

static int verify_row(void *arg)
{
    struct verify_ctx *v = arg;
    char want[SHA256_HEX_LEN + 1];

    v->out->rows++;
    if (v->id != v->expect_id)
        return verify_broken(v, AUDIT_ROW_MISSING);
    if (strcmp(v->prev, v->last) != 0)
        return verify_broken(v, AUDIT_LINK_BROKEN);
    if (row_hash((unsigned long long)v->id, v->at, v->actor, v->action, v->otype, v->oid,
                 v->detail, v->prev, want) != 0 ||
        strcmp(want, v->row) != 0)
        return verify_broken(v, AUDIT_ROW_MODIFIED);
    memcpy(v->last, v->row, sizeof v->last);
    v->expect_id++;
    return 0;
}

int audit_verify(struct db_conn *m, struct audit_check *out, char *err, size_t errsz)
{
    struct verify_ctx v;
    int64_t head_id = 0;
    char head_sha[SHA256_HEX_LEN + 1];
    unsigned int e;
    long n;

    memset(&v, 0, sizeof v);
    memset(out, 0, sizeof *out);
    v.out = out;
    v.expect_id = 1;
    memset(v.last, '0', SHA256_HEX_LEN);
    v.detail = malloc(AUDIT_DETAIL_MAX + 1);
    if (v.detail == NULL) {
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    {
        struct db_col c[] = {
            {'i', &v.id, sizeof v.id, 0, 0, 0},
            {'s', v.at, sizeof v.at, 0, 0, 0},
            {'s', v.actor, sizeof v.actor, 0, 0, 0},
            {'s', v.action, sizeof v.action, 0, 0, 0},
            {'s', v.otype, sizeof v.otype, 0, 0, 0},
            {'s', v.oid, sizeof v.oid, 0, 0, 0},
            {'s', v.detail, AUDIT_DETAIL_MAX + 1, 0, 0, 0},
            {'s', v.prev, sizeof v.prev, 0, 0, 0},
            {'s', v.row, sizeof v.row, 0, 0, 0},
        };
        n = db_query(m,
                     &(struct db_select){
                         "SELECT id, DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s.%f'), actor, action, "
                         "object_type, object_id, detail, prev_sha256, row_sha256 FROM audit_log "
                         "ORDER BY id",
                         NULL, 0, c, sizeof c / sizeof c[0], verify_row, &v},
                     &e, err, errsz);
    }
    free(v.detail);
    if (n < 0)
        return -1;
    if (out->broken != AUDIT_INTACT)
        return 1;
    {
        struct db_col c[] = {{'i', &head_id, sizeof head_id, 0, 0, 0},
                             {'s', head_sha, sizeof head_sha, 0, 0, 0}};
        if (db_query(m,
                     &(struct db_select){
                         "SELECT last_id, last_sha256 FROM audit_head WHERE id = 1",
                         NULL, 0, c, 2, NULL, NULL},
                     &e, err, errsz) != 1)
            return -1;
    }
    out->head_id = head_id;
    out->row = v.expect_id - 1;
    if (head_id != v.expect_id - 1 || strcmp(head_sha, v.last) != 0) {
        out->broken = AUDIT_HEAD_MISMATCH;
        return 1;
    }
    snprintf(out->head, sizeof out->head, "%s", v.last);
    return 0;
}

int audit_head_read(struct db_conn *m, int64_t *last_id, char sha[65], unsigned int *errnum,
                    char *err, size_t errsz)
{
    struct db_col c[2] = {{'i', last_id, sizeof *last_id, 0, 0, 0}, {'s', sha, 65, 0, 0, 0}};
    long n = db_query(m,
                      &(struct db_select){"SELECT last_id, last_sha256 FROM audit_head WHERE id = 1",
                                          NULL, 0, c, 2, NULL, NULL},
                      errnum, err, errsz);

    if (n < 0)
        return -1;
    if (n == 0) {
        snprintf(err, errsz, "audit_head has no row (is migration 003 applied?)");
        return -1;
    }
    return 0;
}

int audit_row_sha(struct db_conn *m, int64_t id, char sha[65], unsigned int *errnum, char *err,
                  size_t errsz)
{
    struct db_param p[1] = {DB_INT(id)};
    struct db_col c[1] = {{'s', sha, 65, 0, 0, 0}};
    long n = db_query(m,
                      &(struct db_select){"SELECT row_sha256 FROM audit_log WHERE id = ?", p, 1,
                                          c, 1, NULL, NULL},
                      errnum, err, errsz);

    if (n < 0)
        return -1;
    return n > 0 ? 1 : 0;
}
