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
#include <stdio.h>
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

/* Walk the whole chain. Returns 0 when it is intact (prints a summary line
 * to out), 1 when it is broken (prints the first broken row and why), -1 on a
 * database error (sentence in err). */
int audit_verify(struct db_conn *m, FILE *out, char *err, size_t errsz);

/* The hash of audit row `id` (64 hex digits): 1, 0 when there is no such
 * row, -1 with errnum and err. */
int audit_row_sha(struct db_conn *m, int64_t id, char sha[65], unsigned int *errnum, char *err,
                  size_t errsz);

/* The chain's head as committed: the last row's id (0 when empty) and hash
 * (64 hex digits). 0, or -1 with errnum and err. */
int audit_head_read(struct db_conn *m, int64_t *last_id, char sha[65], unsigned int *errnum,
                    char *err, size_t errsz);

#endif
