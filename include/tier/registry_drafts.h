/*
 * registry_drafts.h — the use cases behind the enterprise's pages (registry
 * module, src/registry/drafts.c): drafts kept per account (save, list, read,
 * delete), the account's own certificates, and what a tier requires today.
 * Submitting a draft is registry_submit, the same use case as
 * POST /v1/submissions.
 *
 * Only an enterprise account has drafts; a draft of another account is
 * "not found", as one that does not exist.
 */
#ifndef TIER_REGISTRY_DRAFTS_H
#define TIER_REGISTRY_DRAFTS_H

#include "tier/drafts_store.h"
#include "tier/registry.h"
#include "tier/rules.h"
#include "tier/titles.h"

enum draft_outcome {
    DRAFT_OK = 0,
    DRAFT_NOT_FOUND,    /* no such draft of this account */
    DRAFT_WRONG_ROLE,   /* the account is not an enterprise's */
    DRAFT_TOO_MANY,     /* DRAFTS_PER_ACCOUNT already: delete one first */
    DRAFT_TOO_LARGE,    /* the document is over DRAFT_DOC_MAX */
    DRAFT_UNAVAILABLE,  /* the database is down; nothing changed */
    DRAFT_CANNOT_WRITE, /* the server cannot write now; nothing changed */
    DRAFT_ERROR,        /* anything else (logged); nothing changed */
};

/* Keep doc (len bytes) of tier `tier` as who's draft *id (0: a new one,
 * *id set). replaces: the returned application it corrects, 0 none. */
enum draft_outcome registry_draft_save(struct registry *r, const struct principal *who,
                                       uint64_t *id, const char *tier, uint64_t replaces,
                                       const char *doc, size_t len, struct reg_says *says);

/* who's drafts, most recently saved first (up to cap). */
enum draft_outcome registry_draft_list(struct registry *r, const struct principal *who,
                                       struct draft_row *rows, int cap, int *n,
                                       struct reg_says *says);

/* One of who's drafts: its row and its document (*doc malloc'd, caller
 * frees; NUL-terminated, *len bytes). */
enum draft_outcome registry_draft_get(struct registry *r, const struct principal *who,
                                      uint64_t id, struct draft_row *row, char **doc,
                                      size_t *len, struct reg_says *says);

/* Delete one of who's drafts (after it was submitted, or on request). */
enum draft_outcome registry_draft_delete(struct registry *r, const struct principal *who,
                                         uint64_t id, struct reg_says *says);

/* who's certificates and applications under review (title_rows), for an
 * enterprise account; READ_NOT_FOUND for any other. */
enum read_outcome registry_my_titles(struct registry *r, const struct principal *who,
                                     struct title_row *rows, size_t cap, size_t *n,
                                     struct reg_says *says);

/* What `tier` requires of an application made today (UTC+8): the rule set in
 * force (*rs) and, in out, one finding per criterion of an application that
 * gave nothing, whose threshold and clause say what is needed. Pure (no
 * database). 0, or -1 for an unknown tier. */
int registry_requirements(enum tier_id tier, enum rule_set *rs, struct findings *out);

#endif
