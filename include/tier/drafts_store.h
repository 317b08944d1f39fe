/*
 * drafts_store.h — the rows of application drafts (store module, SQL only;
 * the table is sql/100_web_drafts.sql). Every function takes a connected
 * handle, works only on rows of the account it is given (another account's
 * draft is STORE_NOT_FOUND, as one that does not exist), and returns STORE_OK,
 * STORE_NOT_FOUND where said, STORE_CONFLICT (the account holds the most
 * drafts it may), or what store_classify says with err. None leaves a
 * transaction open.
 */
#ifndef TIER_DRAFTS_STORE_H
#define TIER_DRAFTS_STORE_H

#include "tier/store.h"

#include <stddef.h>
#include <stdint.h>

struct db_conn;

#define DRAFTS_PER_ACCOUNT 50       /* drafts one account may keep */
#define DRAFT_DOC_MAX (512u << 10)  /* bytes of one draft's document */

struct draft_row {
    uint64_t id;
    char tier[33];          /* tier code */
    uint64_t replaces;      /* the returned application it corrects, 0 none */
    int64_t bytes;          /* of the document */
    char updated_at[32];    /* "YYYY-MM-DDTHH:MM:SSZ", the database's clock (UTC) */
};

/* Keep doc (len bytes, at most DRAFT_DOC_MAX) as draft *id of the account:
 * *id 0 makes a new one (STORE_CONFLICT past DRAFTS_PER_ACCOUNT) and sets
 * *id; otherwise it overwrites that draft (STORE_NOT_FOUND when it is not
 * the account's). One transaction. */
enum store_result store_draft_save(struct db_conn *m, uint64_t account_id, uint64_t *id,
                                   const char *tier, uint64_t replaces, const char *doc,
                                   size_t len, char *err, size_t errsz);

/* The account's drafts, most recently saved first: up to cap rows in rows,
 * *n of them. */
enum store_result store_draft_list(struct db_conn *m, uint64_t account_id,
                                   struct draft_row *rows, int cap, int *n, char *err,
                                   size_t errsz);

/* One draft of the account: its row, and its document into doc (cap bytes,
 * at least DRAFT_DOC_MAX), *len bytes. STORE_NOT_FOUND when not the
 * account's. */
enum store_result store_draft_get(struct db_conn *m, uint64_t account_id, uint64_t id,
                                  struct draft_row *row, char *doc, size_t cap, size_t *len,
                                  char *err, size_t errsz);

/* Delete one draft of the account (STORE_NOT_FOUND when not the account's). */
enum store_result store_draft_delete(struct db_conn *m, uint64_t account_id, uint64_t id,
                                     char *err, size_t errsz);

#endif
