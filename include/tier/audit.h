/*
 * audit.h — the append-only audit log, a hash chain (store module).
 *
 * Each row's hash covers its id, time, actor, action, object and detail and
 * the previous row's hash, so a changed, removed or inserted row breaks the
 * chain at that point; the chain head (table audit_head) covers the end.
 */
#ifndef TIER_AUDIT_H
#define TIER_AUDIT_H

struct db_conn;
#include <stddef.h>
#include <stdint.h>

struct audit_entry {
    const char *actor;       /* account name, or "tierctl:USER" for operators */
    const char *action;      /* "account.add", "decision.approve", "certificate.issue", … */
    const char *object_type; /* "account", "submission", "certificate", "target" */
    const char *object_id;
    const char *detail;      /* free text, may be "" */
};

/* Append one row inside the caller's open transaction (it locks the chain
 * head until the caller commits or rolls back). 0, or -1 with the server's
 * error number in *errnum and a sentence in err. */
int audit_append(struct db_conn *m, const struct audit_entry *e, unsigned int *errnum, char *err,
                 size_t errsz);

enum audit_break {
    AUDIT_INTACT = 0,
    AUDIT_ROW_MISSING,   /* row `row` stands where `expected` should: removed or out of order */
    AUDIT_LINK_BROKEN,   /* row `row`'s link to the one before does not match */
    AUDIT_ROW_MODIFIED,  /* row `row`'s content no longer matches its hash */
    AUDIT_HEAD_MISMATCH, /* the log ends at `row` but audit_head records head_id */
};

/* What a walk of the chain found. */
struct audit_check {
    long rows;                 /* rows read */
    enum audit_break broken;
    int64_t row;               /* the first broken row; when intact, the last row */
    int64_t expected;          /* AUDIT_ROW_MISSING: the id that should be there */
    int64_t head_id;           /* audit_head's last_id (intact, AUDIT_HEAD_MISMATCH) */
    char head[65];             /* intact: the last row's hash, hex */
    char at[32], actor[101], action[41], object_type[41], object_id[101]; /* the broken row */
};

/* Walk the whole chain, one row at a time. Returns 0 when it is intact, 1
 * when it is broken (out says where and why), -1 on a database error
 * (sentence in err). */
int audit_verify(struct db_conn *m, struct audit_check *out, char *err, size_t errsz);

/* The hash of audit row `id` (64 hex digits): 1, 0 when there is no such
 * row, -1 with errnum and err. */
int audit_row_sha(struct db_conn *m, int64_t id, char sha[65], unsigned int *errnum, char *err,
                  size_t errsz);

/* The chain's head as committed: the last row's id (0 when empty) and hash
 * (64 hex digits). 0, or -1 with errnum and err. */
int audit_head_read(struct db_conn *m, int64_t *last_id, char sha[65], unsigned int *errnum,
                    char *err, size_t errsz);

#endif
