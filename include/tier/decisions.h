/*
 * decisions.h — the rows of reviewers' decisions, certificates and
 * revocations (store module). SQL only: the registry (src/registry/decide.c,
 * certificates.c) judges, signs and holds the transaction; these functions
 * read and write rows on the connection it hands in, inside that
 * transaction, and never commit or roll back themselves.
 *
 * Every function returns STORE_OK, STORE_NOT_FOUND where said, or the class
 * of the failed statement (STORE_RETRY / STORE_CONN / STORE_ERROR, err says
 * what); on failure the caller rolls back.
 */
#ifndef TIER_DECISIONS_H
#define TIER_DECISIONS_H

#include "tier/buf.h"
#include "tier/submissions.h"

#include <stddef.h>
#include <stdint.h>

struct db_conn;

/* The application a decision is about, read with its row locked. */
struct decision_subject {
    char status[17];
    char tier[33];
    int64_t rule_set;
    char city[7];              /* "" outside Shandong */
    char uscc[19];
    char name[STORE_NAME_BYTES];
    char division[7];          /* GB/T 2260 code from the USCC, "" when unknown */
    int64_t enterprise_id;
    char received_on[11];      /* the day the registry received it, UTC+8, "YYYY-MM-DD" */
};

/* Lock the submission row (SELECT … FOR UPDATE) and read what a decision
 * needs. STORE_NOT_FOUND when there is no such submission. A second
 * reviewer deciding at once waits here for the first's COMMIT. */
enum store_result decision_subject_lock(struct db_conn *m, uint64_t submission_id,
                                        struct decision_subject *s, char *err, size_t errsz);

/* One decision to record. Every string is borrowed. */
struct decision_new {
    uint64_t submission_id;
    uint64_t account_id;
    const char *actor;           /* account name, for the audit row */
    const char *decision;        /* "recommend", "return", "approve", "reject" */
    const char *from, *to;       /* states */
    const char *comment;         /* "" when none */
    const char *override_reason; /* NULL when none */
    const char *idempotency_key; /* the client's Idempotency-Key, NULL when none */
};

/* A decision recorded before under a client's Idempotency-Key. */
struct decision_found {
    int64_t id;
    char decision[17], from[17], to[17];
    char serial[STORE_SERIAL_LEN + 1]; /* the certificate an approval issued, else "" */
    char notice_ends[11]; /* an approval into 公示: the notice's last day, else "" */
};

/* The decision on submission_id recorded with `key`: STORE_OK (*out
 * filled), STORE_NOT_FOUND, or a failure (err). */
enum store_result decision_by_key(struct db_conn *m, uint64_t submission_id, const char *key,
                                  struct decision_found *out, char *err, size_t errsz);

/* Move the submission to d->to, insert the decision row and its audit row.
 * *id gets the decision's id. */
enum store_result decision_insert(struct db_conn *m, const struct decision_new *d, uint64_t *id,
                                  char *err, size_t errsz);

/* The decisions of a submission as XML (xsd/decisions.xsd), appended to out. */
enum store_result decision_list_xml(struct db_conn *m, uint64_t submission_id, struct buf *out,
                                    char *err, size_t errsz);

/* A signed certificate to store. Every pointer is borrowed. */
struct cert_new {
    const char *serial;
    uint64_t submission_id;
    int64_t enterprise_id;
    const char *tier, *city;
    const char *valid_from, *valid_until; /* "YYYY-MM-DD" */
    const char *key_id;
    const char *doc;                      /* the signed document */
    size_t len;
    const char *actor;                    /* account name, for the audit row */
};

/* Insert the certificate and its audit row. */
enum store_result cert_insert(struct db_conn *m, const struct cert_new *c, char *err,
                              size_t errsz);

/* A certificate: the signed document (caller frees) and its state. */
struct cert_row {
    char serial[STORE_SERIAL_LEN + 1];
    char tier[33];
    char uscc[19];
    char valid_from[11], valid_until[11];
    char issued_at[32];
    char key_id[STORE_KEY_ID_LEN + 1];
    char revoked_at[32];        /* "" when not revoked */
    char reason[2001];
    char superseded_by[STORE_SERIAL_LEN + 1]; /* the renewal's serial, "" when not superseded */
    char superseded_at[32];     /* when, "" when not superseded */
    char *document;
    size_t doc_len;
};

/* Read a certificate. STORE_NOT_FOUND when unknown. */
enum store_result cert_load(struct db_conn *m, const char *serial, struct cert_row *c, char *err,
                            size_t errsz);

/* Lock a certificate's row; revoked_at gets its revocation time ("" when
 * not revoked). STORE_NOT_FOUND when unknown. */
enum store_result cert_lock(struct db_conn *m, const char *serial, char revoked_at[32],
                            char *err, size_t errsz);

/* Mark it revoked now with this reason, and append the audit row. */
enum store_result cert_revoke(struct db_conn *m, const char *serial, const char *actor,
                              const char *reason, char *err, size_t errsz);

/* Up to `limit` serials of unrevoked certificates valid from `first` to
 * `last` ("YYYY-MM-DD"), lowest first, into serials; *n their number. */
enum store_result cert_unrevoked_between(struct db_conn *m, const char *first, const char *last,
                                         int limit, char (*serials)[STORE_SERIAL_LEN + 1],
                                         int *n, char *err, size_t errsz);

/* How fresh a revocation list is (issue 18): `sequence` counts the
 * certificateRevoked leaves of the transparency log within its first
 * `log_size` leaves (the newest checkpoint's size, read before the list, so
 * every revocation logged there is listed), and the list is to be fetched
 * again by `next_update_s` seconds after issuedAt. */
struct rev_freshness {
    uint64_t sequence;
    uint64_t log_size;
    int next_update_s;
};

/* The revocation list's element (unsigned) into out: every revoked serial
 * with time and reason; with f (may be NULL) its sequence, logSize and
 * nextUpdate attributes. */
enum store_result cert_revocations_xml(struct db_conn *m, const struct rev_freshness *f,
                                       struct buf *out, char *err, size_t errsz);

#endif
