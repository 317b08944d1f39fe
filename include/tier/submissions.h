/*
 * submissions.h — applications in MariaDB (store module): the one
 * transaction that records an application, receipts, lists and the registry
 * lookups the rules need.
 *
 * Every function takes a connection borrowed from the pool and reports
 * errors with the server's error number, so the caller can tell a lost
 * connection (503, handle broken) from a deadlock (retry the whole
 * transaction) from anything else.
 */
#ifndef TIER_SUBMISSIONS_H
#define TIER_SUBMISSIONS_H

#include "tier/date.h"
#include "tier/digest.h"
#include "tier/store.h"
#include "tier/tier.h"

#include <stddef.h>
#include <stdint.h>

struct db_conn;

/* Caps of a finding's text, as the rules make them (rules.h) and the
 * `findings` columns hold them. */
#define STORE_FINDINGS_MAX 128 /* FINDINGS_MAX */
#define STORE_VALUE_MAX 64     /* FINDING_VALUE_MAX */
#define STORE_THRESH_MAX 96    /* FINDING_THRESH_MAX */
#define STORE_TEXT_MAX 384     /* FINDING_TEXT_MAX */
#define STORE_XPATH_MAX 160    /* FINDING_XPATH_MAX */
#define STORE_CLAUSE_MAX 301

/* An amount or count that was not given (binds SQL NULL). */
#define STORE_NONE INT64_MIN

/* One finding as stored and as a receipt shows it. The strings are
 * borrowed: from the rules' findings for an application just judged, from
 * the receipt's own rows for one read back. */
struct store_finding {
    const char *rule_id;
    const char *verdict;   /* pass judgement needs-review fail */
    int detail;            /* 1: one route of a criterion */
    const char *value;     /* "" when nothing was measured */
    const char *threshold; /* "" when none applies */
    const char *clause;
    const char *xpath;
    const char *message;
    const char *reason_zh; /* needs-review: why, in Chinese; NULL or "" otherwise */
};

/* Where a finding read back from the database lives. */
struct receipt_finding_text {
    char rule_id[41];
    char verdict[13];
    char value[STORE_VALUE_MAX];
    char threshold[STORE_THRESH_MAX];
    char clause[STORE_CLAUSE_MAX];
    char xpath[STORE_XPATH_MAX];
    char message[STORE_TEXT_MAX];
    char reason_zh[256];
};

#define RECEIPT_MAX_EVENTS 64

struct receipt_event {
    char at[32];        /* "2026-11-26T10:00:00Z" */
    char decision[17];  /* "submitted", "recommend", … */
    char status[17];    /* state after the event */
    char by[101];       /* account name */
    char comment[501];
};

struct receipt {
    uint64_t id;
    char tier[33];             /* stable code */
    int rule_set;              /* 2022 or 2026 */
    char status[17];           /* received ineligible recommended returned approved rejected */
    char overall[13];          /* eligible needs-review ineligible invalid (rules.h) */
    char uscc[19];
    char name[STORE_NAME_BYTES];
    char city[7];              /* "" outside Shandong */
    char submitted_at[32];     /* UTC, ISO 8601 */
    char sha256[SHA256_HEX_LEN + 1];
    uint64_t doc_bytes;
    uint64_t replaces_id;      /* 0 = none */
    int nfindings;
    struct store_finding findings[STORE_FINDINGS_MAX]; /* views: see struct store_finding */
    int nevents;
    struct receipt_event events[RECEIPT_MAX_EVENTS];
    struct receipt_finding_text rows[STORE_FINDINGS_MAX]; /* read back: what findings[] show */
};

/* What submission_store records: plain rows, every pointer borrowed. */
struct submission_new {
    const char *tier;                /* stable code */
    int rule_set;                    /* the one the findings were judged under: 2022, 2026 */
    const char *status;              /* "received" or "ineligible" */
    const char *overall;             /* eligible needs-review ineligible invalid */
    const char *uscc, *name;         /* the enterprise */
    const char *division, *city, *industry; /* its codes; "" when unknown */
    int64_t revenue_fen, rd_fen;     /* last full year, integer fen; STORE_NONE */
    int64_t employees;               /* STORE_NONE when not given */
    const struct store_finding *findings;
    size_t nfindings;                /* at most STORE_FINDINGS_MAX */
    const char *doc;                 /* the document verbatim */
    size_t doc_len;
    unsigned char sha256[SHA256_LEN];
    uint64_t account_id;             /* who posted it; 0 none */
    int year;                        /* application year (CST) */
    char submitted_at[32];           /* UTC "YYYY-MM-DDTHH:MM:SS.uuuuuuZ"; "" = now */
    uint64_t replaces_id;            /* the returned application this one corrects; 0 none */
};

/* Fill a receipt for a submission just stored, from memory: the same
 * content submission_load would read back (microseconds aside), without
 * the round trips. The findings are s's, not copied: the receipt shows them
 * while they live. `by` is the account name. */
void submission_receipt(const struct submission_new *s, uint64_t id, const char *by,
                        struct receipt *r);

/* The current UTC time as "YYYY-MM-DDTHH:MM:SS.uuuuuuZ" (32 bytes). */
void submission_now(char out[32]);



/* Record n applications (no corrections among them, no two with the same
 * USCC and bytes) in one transaction, as submission_store records one: the
 * same rows, in multi-row statements. ids[i] gets the id of s[i]. On
 * anything but STORE_OK nothing is stored (STORE_DUPLICATE: one of them was
 * already stored, or raced in; the caller stores them one at a time to learn
 * which); STORE_CONN leaves the handle to be put back broken. */
enum store_result submission_store_many(struct db_conn *m, const struct submission_new *const *s,
                                        size_t n, uint64_t *ids, char *err, size_t errsz);
/* Record one application in one transaction. With s->replaces_id, the
 * replaced submission must be the same enterprise's, of the same tier, in
 * state `returned`, and not corrected before (STORE_CONFLICT otherwise; an id
 * that is not the enterprise's is answered as not found: STORE_NOT_FOUND). */
/* Record one application in one transaction: the enterprise (created or its
 * name updated), the submission row with the facts reports need, the raw
 * document and every finding. Idempotent on (enterprise, SHA-256): the same
 * bytes again give STORE_DUPLICATE and the original id, storing nothing.
 * On any failure the transaction is rolled back (state unchanged). */
enum store_result submission_store(struct db_conn *m, const struct submission_new *s, uint64_t *id,
                                   char *err, size_t errsz);

/* Load a receipt (submission, enterprise, findings, history). */
enum store_result submission_load(struct db_conn *m, uint64_t id, struct receipt *r, char *err,
                                  size_t errsz);

/* The owner's USCC and city of a submission, for a scope check, without
 * reading its document. */
enum store_result submission_owner(struct db_conn *m, uint64_t id, char uscc[19], char city[7],
                                   char *err, size_t errsz);

/* The raw document: *doc is malloc'd (caller frees), *len its size. Also
 * gives the owner's USCC and city for the scope check. */
enum store_result submission_document(struct db_conn *m, uint64_t id, char **doc, size_t *len,
                                      char uscc[19], char city[7], char *err, size_t errsz);

/* One row of a list. */
struct submission_row {
    uint64_t id;
    char tier[33];
    int rule_set;
    char status[17];
    char overall[13];
    char uscc[19];
    char name[STORE_NAME_BYTES];
    char city[7];
    int year;
    char submitted_at[32];
    int n_fail, n_review, n_judgement; /* its findings by verdict, routes not counted */
};

struct submission_filter {
    const char *tier;     /* NULL = any */
    const char *status;   /* NULL = any */
    const char *overall;  /* NULL = any; eligible needs-review ineligible invalid */
    const char *city;     /* NULL = any */
    const char *uscc;     /* NULL = any */
    int year;             /* 0 = any */
    uint64_t before_id;   /* keyset cursor: only ids below it (above it when
                             oldest_first); 0 = from the first */
    int oldest_first;     /* 1: oldest first (the reviewers' queue); 0: newest first */
    int limit;            /* rows wanted, 1..SUBMISSION_PAGE_MAX */
};

#define SUBMISSION_PAGE_MAX 200

/* Append f's filters (tier, status, overall, city, uscc, year; not the
 * cursor) to sql as " AND s.… = ?" (e is enterprises, s submissions) and
 * their values to p from p[np] (at most 6 more). The new count of p. */
struct buf;
struct db_param;
size_t submission_filter_where(const struct submission_filter *f, struct buf *sql,
                               struct db_param *p, size_t np);

/* How many submissions match f (its status, cursor and limit ignored; no
 * USCC filter) in each of statuses[0..n) (n ≤ 10), each counted up to cap:
 * counts[i] = cap + 1 means more than cap. Bounded: reads at most
 * n × (cap + 1) index entries (queue_counts.c). STORE_OK or the failure. */
enum store_result submission_status_counts(struct db_conn *m, const struct submission_filter *f,
                                           const char *const *statuses, size_t n, long cap,
                                           long *counts, char *err, size_t errsz);

/* Newest first. Fills up to f->limit rows into rows[] (caller's array of
 * f->limit entries), sets *n, and *more when further rows exist. */
enum store_result submission_list(struct db_conn *m, const struct submission_filter *f,
                                  struct submission_row *rows, int *n, int *more, char *err,
                                  size_t errsz);

/* The rules' registry lookup over certificates: does `uscc` hold a valid,
 * unrevoked certificate of `tier` on date `on`? ctx is a struct
 * store_holds_ctx: the first question about an enterprise and date reads
 * every tier it holds then, in one query; the rest are answered from that
 * (a specialized-SME application asks up to three). 1, 0, or -1 on a
 * database error. */
struct store_holds_ctx {
    struct db_conn *m;
    int loaded;
    char uscc[19];
    struct tier_date on;
    unsigned held;           /* 1u << tier, for each tier held */
    int failed;              /* 1: a lookup failed (errnum says why); a caller inside a
                                transaction must not go on as if it had an answer */
    unsigned int errnum;
};
void store_holds_init(struct store_holds_ctx *h, struct db_conn *m);
int store_holds(void *ctx, const char *uscc, enum tier_id tier, const struct tier_date *on);
/* Answer store_holds for (uscc, on) from title_rows' rows without a
 * statement; only when the rows are complete (title_view.complete). */
struct title_row;
void store_holds_preload(struct store_holds_ctx *h, const char *uscc, const struct tier_date *on,
                         const struct title_row *rows, size_t n);

/* Enterprises that are not tierctl seed-demo's (USCC "91xxxxxxMD…" and a name
 * ending （演示数据）): the count in *n. */
enum store_result enterprise_count_not_demo(struct db_conn *m, long *n, char *err, size_t errsz);

#endif
