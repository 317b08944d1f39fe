/*
 * titles.h — the rows a title's life needs (store module, issue 17): an
 * enterprise's certificates and applications under review, the documents it
 * sent before, revocation categories, the calendar's days, notices that are
 * over, and objections. SQL only: the rules are lifecycle.h's.
 */
#ifndef TIER_TITLES_H
#define TIER_TITLES_H

#include "tier/store.h"

#include <stddef.h>
#include <stdint.h>

struct db_conn;

#define TITLE_ROWS_MAX 64 /* an enterprise's titles and pending applications read at most */

/* One certificate or pending application of an enterprise. Dates are
 * "YYYY-MM-DD" (China Standard Time), "" when none. */
struct title_row {
    int is_certificate;            /* 1 certificate, 0 application under review */
    char tier[33];                 /* tier code */
    char ref[STORE_SERIAL_LEN + 1];/* serial, or the application id in decimal */
    uint64_t submission_id;        /* the application (of the certificate) */
    char state[17];                /* certificate: valid superseded revoked; application:
                                      its status */
    char valid_from[11], valid_until[11];
    char revoked_on[11];           /* "" unless revoked */
    char category[17];             /* revocation category; "" unless revoked */
    int64_t last_update_year;      /* latest yearly update filed, 0 none */
};

/* The certificates and the applications under review (received, ineligible,
 * recommended, in-notice, objected) of the enterprise with this USCC, up to
 * cap rows (TITLE_ROWS_MAX), into rows; *n their number. STORE_OK (also for
 * none), or a failure class with err. */
enum store_result title_rows(struct db_conn *m, const char *uscc, struct title_row *rows,
                             size_t cap, size_t *n, char *err, size_t errsz);

/* What title_rows_doc found besides the rows. */
struct title_view {
    size_t n;         /* rows filled */
    uint64_t same_id; /* the application this enterprise sent with these exact
                         bytes (any status), 0 none */
    int complete;     /* 1: every row fitted in cap; 0: some were left out */
    uint64_t token_account; /* the account of token_sha256 when that token passes
                               (TOKEN_PASSES_SQL), 0 otherwise */
};

/* title_rows, the same-document lookup and the bearer token's check in one
 * statement, for a submission before it is judged (sha256 NULL: no lookup;
 * token_sha256 NULL: no check). STORE_OK (also for none), or a failure
 * class with err. */
enum store_result title_rows_doc(struct db_conn *m, const char *uscc, const unsigned char *sha256,
                                 const unsigned char *token_sha256, struct title_row *rows,
                                 size_t cap, struct title_view *out, char *err, size_t errsz);

/* Lock the enterprise's row (SELECT … FOR UPDATE) inside the caller's
 * transaction, so that two approvals for one enterprise run one after the
 * other and the second sees the first's certificate. */
enum store_result title_lock_enterprise(struct db_conn *m, const char *uscc, char *err,
                                        size_t errsz);

/* How many enterprise-and-tier pairs hold two or more valid titles (the view
 * duplicate_valid_titles of migration 070), into *n; 0 before that
 * migration. STORE_OK or a failure class. */
enum store_result title_duplicates(struct db_conn *m, long *n, char *err, size_t errsz);

/* Mark a certificate revoked with a category (after cert_revoke, in its
 * transaction). */
enum store_result title_set_category(struct db_conn *m, const char *serial, const char *category,
                                     char *err, size_t errsz);

/* Mark `old` superseded by `by` (a renewal's certificate just issued). */
enum store_result title_supersede(struct db_conn *m, const char *old, const char *by, char *err,
                                  size_t errsz);

/* Set an application's last day of public notice ("" none). */
enum store_result title_set_notice(struct db_conn *m, uint64_t id, const char *notice_ends,
                                   char *err, size_t errsz);

#endif
