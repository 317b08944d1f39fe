/*
 * decisions.h — reviewers' decisions and the certificates that approvals
 * issue (store module), each in one transaction with its audit rows.
 */
#ifndef TIER_DECISIONS_H
#define TIER_DECISIONS_H

#include "tier/accounts.h"
#include "tier/buf.h"
#include "tier/review.h"
#include "tier/sign.h"
#include "tier/signer.h"
#include "tier/submissions.h"

struct db_conn;
#include <stddef.h>
#include <stdint.h>

struct decision_req {
    uint64_t submission_id;
    const struct principal *who;
    enum review_decision decision;
    const char *comment;          /* "" when none */
    const char *override_reason;  /* NULL when none */
    /* Approval only: run the registry-backed prerequisite rules again with
     * the row locked; 0 still met, 1 no longer met (sentence in msg), -1 a
     * database error. NULL skips the check. */
    int (*recheck)(void *ctx, struct db_conn *m, uint64_t submission_id, char *msg, size_t msgsz);
    void *recheck_ctx;
    struct signer *signer;        /* private keys, for approvals */
    const struct tier_date *issue_on; /* validity start of the certificate; NULL = today
                                         (UTC+8). Only tierctl seed-demo sets it. */
    const char *issuer;           /* issuing authority named on certificates */
};

struct decision_res {
    unsigned int http;          /* 201 decided; else 403 404 409 422 503 */
    const char *code;           /* machine-readable word */
    char message[1024];         /* why, for a refusal */
    uint64_t decision_id;
    char from[17], to[17];      /* states */
    char serial[CERT_SERIAL_LEN + 1]; /* the certificate issued by an approval, else "" */
};

/* Apply one decision: lock the submission row, let the review state machine
 * judge it, re-check prerequisites for an approval, update the state, record
 * the decision, issue and sign the certificate for an approval, append the
 * audit rows, commit. Two reviewers deciding at once: the second waits for
 * the first's lock and then meets the new state, so it gets 409.
 * STORE_OK with res->http telling the outcome (also for refusals, after a
 * rollback); STORE_RETRY / STORE_CONN / STORE_ERROR as submission_store. */
enum store_result decision_apply(struct db_conn *m, const struct decision_req *req,
                                 struct decision_res *res, char *err, size_t errsz);

/* The decisions of a submission as XML (xsd/decisions.xsd). */
enum store_result decision_list_xml(struct db_conn *m, uint64_t submission_id, struct buf *out,
                                    char *err, size_t errsz);

/* A certificate: the signed document (caller frees) and its state. */
struct cert_row {
    char serial[CERT_SERIAL_LEN + 1];
    char tier[33];
    char uscc[19];
    char valid_from[11], valid_until[11];
    char issued_at[32];
    char key_id[SIGN_KEY_ID_LEN + 1];
    char revoked_at[32];        /* "" when not revoked */
    char reason[2001];
    char *document;
    size_t doc_len;
};

enum store_result cert_load(struct db_conn *m, const char *serial, struct cert_row *c, char *err,
                            size_t errsz);

/* Revoke: 409 in res when already revoked, 404 when unknown. Audited. */
enum store_result cert_revoke(struct db_conn *m, const char *serial, const struct principal *who,
                              const char *reason, struct decision_res *res, char *err,
                              size_t errsz);

/* The revocation list's element (unsigned) into out: every revoked serial
 * with time and reason. */
enum store_result cert_revocations_xml(struct db_conn *m, struct buf *out, char *err, size_t errsz);

#endif
