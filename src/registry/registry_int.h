/*
 * registry_int.h — what the files of src/registry/ share, and nothing else
 * sees.
 */
#ifndef TIER_REGISTRY_INT_H
#define TIER_REGISTRY_INT_H

#include "tier/registry.h"
#include "tier/tier.h"

#include <stddef.h>
#include <stdint.h>

struct db_conn;

/* How many times a transaction that met a deadlock is run again. */
#define REG_ATTEMPTS 3

/* Set s: a code, a Chinese sentence (may be NULL) and an English one. */
void reg_say(struct reg_says *s, const char *code, const char *zh, const char *en_fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* "the registry database is unavailable; <what_kept>. Try again …" */
void reg_say_unavailable(struct reg_says *s, const char *what_kept);

/* "the registry cannot write at the moment (disk or table full, or
 * read-only); nothing was changed; try again in N seconds". */
void reg_say_cannot_write(struct reg_says *s);

/* Note how a write use case ended, for the write state (registry.h): a
 * STORE_FULL failure makes the registry degraded, a STORE_OK commit ends
 * it. Other results change nothing. The server's error is in the log. */
void reg_write_note(enum store_result sr);

/* Log err (never shown to the caller) and say "could not complete". */
void reg_say_error(struct reg_says *s, const char *err);

/* A read that failed: "unavailable" for a lost link or an exhausted retry,
 * else "error" (logged). */
enum read_outcome reg_read_failed(enum store_result sr, const char *err, struct reg_says *says);

/* Borrow a connection for one use case (NULL: unavailable, err says why),
 * and give it back; `last` is the result of the last store call, so a
 * connection that broke is closed. */
struct db_conn *reg_conn_get(struct registry *r, char *err, size_t errsz);
void reg_conn_put(struct registry *r, struct db_conn *m, enum store_result last);

struct tlog_entry;

/* Append e (about `subject`: a serial or key id) to the transparency log in
 * m's open transaction (transparency.c): checked and queued with the act;
 * registry_tlog_sequence gives it its leaf index. STORE_OK, or the store's
 * result with err. */
enum store_result reg_tlog_append(struct db_conn *m, const struct tlog_entry *e,
                                  const char *subject, char *err, size_t errsz);

/* Unix seconds as the log's time, "YYYY-MM-DDTHH:MM:SSZ". */
void reg_tlog_time(int64_t unix_s, char out[21]);

/* One valid title per enterprise and tier, and the ban (titles.c, issue 17). */
struct lifecycle_verdict;
struct reg_title_query {
    const char *uscc;
    enum tier_id tier;
    int renewal;                  /* kind="renewal" */
    const char *renews;           /* the serial it names, or NULL */
    uint64_t skip;                /* an application left out of its own check, 0 none */
    int titles_only;              /* 1: applications under review do not count (at
                                     approval: the later of two is refused at its own) */
    const struct tier_date *today;
};

/* Judge q against the enterprise's certificates and applications read on m
 * (inside the caller's transaction, if any). 0 allowed, 1 refused (v says
 * why), -1 a statement failed (*sr, err). */
int reg_title_check(struct registry *r, struct db_conn *m, const struct reg_title_query *q,
                    struct lifecycle_verdict *v, enum store_result *sr, char *err, size_t errsz);

/* The same judgement on rows the caller has read (title_rows or
 * title_rows_doc): 0 allowed, 1 refused (v says why), -1 out of memory. */
struct title_row;
int reg_title_judge(struct registry *r, const struct reg_title_query *q,
                    const struct title_row *rows, size_t n, struct lifecycle_verdict *v);

/* ---- approval and issuance, shared by decide.c and issuance.c (issue 17) ---- */

struct decision_subject;
struct application;

/* An application being approved or issued: its row (locked by the caller)
 * and its stored document parsed once. */
struct reg_approval {
    uint64_t id;
    const struct decision_subject *s; /* borrowed */
    struct application *app;          /* owned; reg_approval_free */
    int parsed;                       /* 0: the document no longer validates (a schema
                                         changed since): the reviewer's judgement stands */
};

/* Read and parse the stored document of application id (row s). 0; -1 a
 * statement failed (*sr, err). reg_approval_free frees it either way. */
int reg_approval_load(struct registry *r, struct db_conn *m, uint64_t id,
                      const struct decision_subject *s, struct reg_approval *a,
                      enum store_result *sr, char *err, size_t errsz);
void reg_approval_free(struct reg_approval *a);

/* Lock the enterprise and check one valid title per tier (a renewal: that
 * the title it names is still held) on `today`. 0 allowed; 1 refused
 * (res->outcome DECIDE_TITLE_HELD and says); -1 failed (*sr). */
int reg_approval_check(struct registry *r, struct db_conn *m, const struct reg_approval *a,
                       const struct tier_date *today, struct decide_result *res,
                       enum store_result *sr, char *err, size_t errsz);

/* Issue the certificate of an approved application in m's open transaction:
 * re-check the prerequisites, make and sign it (valid from issue_on, NULL =
 * today), insert it with its audit row (actor), append it to the
 * transparency log, and for a renewal mark the certificate it names
 * superseded. 0 with res->serial; 1 refused (res says: prerequisite, key,
 * certificate); -1 failed (*sr, err). The caller commits or rolls back. */
int reg_issue(struct registry *r, struct db_conn *m, const struct reg_approval *a,
              const char *actor, const struct tier_date *issue_on, struct decide_result *res,
              enum store_result *sr, char *err, size_t errsz);

/* The tier's notice in working days (config notice-days; defaults without
 * a config). 0 for an unknown tier. */
int reg_notice_days(const struct registry *r, const char *tier);

/* The last day of the notice of an application of `tier` approved on
 * `approved`, counted in working days of the calendar held in the database
 * (calendar_days; a year it lacks is counted by weekends alone and said in
 * the log), as "YYYY-MM-DD" into ends. STORE_OK or the store's failure. */
enum store_result reg_notice_end(struct registry *r, struct db_conn *m, const char *tier,
                                 const struct tier_date *approved, char ends[11], char *err,
                                 size_t errsz);

/* A "中文 (English)" sentence of a pure module as the two halves of s. */
void reg_say_split(struct reg_says *s, const char *code, const char *message);

/* ---- the operators' use cases (operators.c) ------------------------------------ */

/* Refuse: OP_REFUSED (or `outcome`) with the field and both sentences. */
void reg_op_refuse(struct op_result *res, enum op_outcome outcome, const char *field,
                   const char *zh, const char *en_fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* A password password_acceptable refused ("中文 / English" in why):
 * OP_REFUSED at the field "password" (account_ops.c). */
void reg_op_refuse_password(struct op_result *res, const char *why);

/* No connection: OP_UNAVAILABLE, "nothing was changed", with why (err). */
void reg_op_unavailable(struct op_result *res, const char *err);

/* After an operator's write on m that returned sr: give m back (broken
 * when the link went) and, unless sr is a data answer (STORE_NOT_FOUND,
 * STORE_DUPLICATE, STORE_CONFLICT: 0 is returned and the caller says it),
 * set res: OP_DONE; OP_UNKNOWN when lost at COMMIT (check_zh / check_en say
 * how to see); OP_CANNOT_WRITE; OP_UNAVAILABLE; OP_ERROR (err logged).
 * 1 when res was set. */
int reg_op_write_end(struct registry *r, struct db_conn *m, enum store_result sr,
                     const char *check_zh, const char *check_en, const char *err,
                     struct op_result *res);

/* After an operator's read on m: give m back and set res for a failure
 * (OP_UNAVAILABLE, OP_ERROR). 1 when sr was STORE_OK (res untouched). */
int reg_op_read_end(struct registry *r, struct db_conn *m, enum store_result sr, const char *err,
                    struct op_result *res);

/* Before signing with the active key `id` (keys.c): does the certificate
 * stored for it verify under the trusted root, for signing, now? A
 * certificate row copied from another key, or rewritten, with SQL makes the
 * key unusable. 1 yes; 0 no (why); -1 the read failed (*errnum, why). The
 * certificate is read each time; the last one that verified is remembered by
 * its SHA-256, so the same bytes are not verified again. */
int reg_key_usable(struct registry *r, struct db_conn *m, const char *id, unsigned int *errnum,
                   char *why, size_t whysz);

#endif
