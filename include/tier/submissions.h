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

#include "tier/application.h"
#include "tier/digest.h"
#include "tier/rules.h"

#include <mysql.h>
#include <stddef.h>
#include <stdint.h>

/* One finding as stored (and as shown in a receipt). Sizes follow the
 * columns of `findings`, cut to what rules produce. */
struct receipt_finding {
    char rule_id[41];
    char verdict[13];                    /* pass judgement needs-review fail */
    int detail;                          /* 1: one route of a criterion */
    char value[FINDING_VALUE_MAX];
    char threshold[FINDING_THRESH_MAX];
    char clause[301];
    char xpath[FINDING_XPATH_MAX];
    char message[FINDING_TEXT_MAX];
    char reason_zh[256];                 /* needs-review: why, in Chinese; "" otherwise */
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
    char name[APP_TEXT_BYTES];
    char city[7];              /* "" outside Shandong */
    char submitted_at[32];     /* UTC, ISO 8601 */
    char sha256[SHA256_HEX_LEN + 1];
    uint64_t doc_bytes;
    uint64_t replaces_id;      /* 0 = none */
    int nfindings;
    struct receipt_finding findings[FINDINGS_MAX];
    int nevents;
    struct receipt_event events[RECEIPT_MAX_EVENTS];
};

/* What submission_store needs. */
struct submission_new {
    const struct application *app;
    const struct findings *findings;
    enum rule_set rule_set;          /* the one the findings were judged under */
    const char *status;              /* "received" or "ineligible" */
    const char *doc;                 /* the document verbatim */
    size_t doc_len;
    unsigned char sha256[SHA256_LEN];
    uint64_t account_id;             /* who posted it */
    int year;                        /* application year (CST) */
    char submitted_at[32];           /* UTC "YYYY-MM-DDTHH:MM:SS.uuuuuuZ"; "" = now */
    uint64_t replaces_id;            /* the returned application this one corrects; 0 none */
};

/* Fill a receipt for a submission just stored, from memory: the same
 * content submission_load would read back (microseconds aside), without
 * the round trips. `by` is the account name. */
void submission_receipt(const struct submission_new *s, uint64_t id, const char *by,
                        struct receipt *r);

/* The current UTC time as "YYYY-MM-DDTHH:MM:SS.uuuuuuZ" (32 bytes). */
void submission_now(char out[32]);

enum store_result {
    STORE_OK = 0,
    STORE_DUPLICATE, /* the same enterprise already sent these exact bytes: *id is the original */
    STORE_NOT_FOUND,
    STORE_RETRY,     /* deadlock or lock wait: run the whole transaction again */
    STORE_CONN,      /* the connection is gone: put it back broken; 503 */
    STORE_ERROR,     /* anything else; err says what */
    STORE_CONFLICT,  /* refused for a reason of the data (err is the sentence): 409 */
};

/* Classify a failed statement's error number. */
enum store_result store_classify(unsigned int errnum);

/* Record n applications (no corrections among them, no two with the same
 * USCC and bytes) in one transaction, as submission_store records one: the
 * same rows, in multi-row statements. ids[i] gets the id of s[i]. On
 * anything but STORE_OK nothing is stored (STORE_DUPLICATE: one of them was
 * already stored, or raced in; the caller stores them one at a time to learn
 * which); STORE_CONN leaves the handle to be put back broken. */
enum store_result submission_store_many(MYSQL *m, const struct submission_new *const *s,
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
enum store_result submission_store(MYSQL *m, const struct submission_new *s, uint64_t *id,
                                   char *err, size_t errsz);

/* Load a receipt (submission, enterprise, findings, history). */
enum store_result submission_load(MYSQL *m, uint64_t id, struct receipt *r, char *err,
                                  size_t errsz);

/* The owner's USCC and city of a submission, for a scope check, without
 * reading its document. */
enum store_result submission_owner(MYSQL *m, uint64_t id, char uscc[19], char city[7],
                                   char *err, size_t errsz);

/* The raw document: *doc is malloc'd (caller frees), *len its size. Also
 * gives the owner's USCC and city for the scope check. */
enum store_result submission_document(MYSQL *m, uint64_t id, char **doc, size_t *len,
                                      char uscc[19], char city[7], char *err, size_t errsz);

/* One row of a list. */
struct submission_row {
    uint64_t id;
    char tier[33];
    int rule_set;
    char status[17];
    char overall[13];
    char uscc[19];
    char name[APP_TEXT_BYTES];
    char city[7];
    int year;
    char submitted_at[32];
};

struct submission_filter {
    const char *tier;     /* NULL = any */
    const char *status;   /* NULL = any */
    const char *overall;  /* NULL = any; eligible needs-review ineligible invalid */
    const char *city;     /* NULL = any */
    const char *uscc;     /* NULL = any */
    int year;             /* 0 = any */
    uint64_t before_id;   /* keyset cursor: only ids below it; 0 = from the newest */
    int limit;            /* rows wanted, 1..SUBMISSION_PAGE_MAX */
};

#define SUBMISSION_PAGE_MAX 200

/* Newest first. Fills up to f->limit rows into rows[] (caller's array of
 * f->limit entries), sets *n, and *more when further rows exist. */
enum store_result submission_list(MYSQL *m, const struct submission_filter *f,
                                  struct submission_row *rows, int *n, int *more, char *err,
                                  size_t errsz);

/* The rules' registry lookup over certificates: does `uscc` hold a valid,
 * unrevoked certificate of `tier` on date `on`? ctx is a struct
 * store_holds_ctx: the first question about an enterprise and date reads
 * every tier it holds then, in one query; the rest are answered from that
 * (a specialized-SME application asks up to three). 1, 0, or -1 on a
 * database error. */
struct store_holds_ctx {
    MYSQL *m;
    int loaded;
    char uscc[19];
    struct tier_date on;
    unsigned held;           /* TIER_BIT()s */
};
void store_holds_init(struct store_holds_ctx *h, MYSQL *m);
int store_holds(void *ctx, const char *uscc, enum tier_id tier, const struct tier_date *on);

#endif
