/*
 * operators.c — wiring for tools and the operators' commands of tierctl
 * (see registry.h): migrations, accounts and tokens, the audit chain,
 * signing keys, targets. Each borrows one connection for its run.
 */
#include "registry_int.h"

#include "tier/titles.h"

#include "tier/audit.h"
#include "tier/config.h"
#include "tier/db.h"
#include "tier/keys.h"
#include "tier/migrate.h"
#include "tier/sign.h"
#include "tier/signer.h"
#include "tier/targets.h"
#include "tier/tlog_entry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int registry_open(struct registry *r, const struct tier_config *c, int conns, char *err,
                  size_t errsz)
{
    struct tier_config *pc;
    struct db_conn *m[3] = {NULL, NULL, NULL};
    int n;

    memset(r, 0, sizeof *r);
    if (conns < 1)
        conns = 1;
    if (conns > 3)
        conns = 3;
    /* the pool sizes itself from the config; a tool's pool is its own */
    pc = malloc(sizeof *pc);
    if (pc == NULL) {
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    *pc = *c;
    pc->db_pool = conns;
    r->cfg = pc;
    r->db = db_pool_new(pc);
    if (r->db == NULL) {
        free(pc);
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    /* Open them now, while the password is loaded: the caller wipes it. */
    m[0] = db_pool_get(r->db, 2000, err, errsz);
    if (m[0] == NULL) {
        registry_close(r);
        return -1;
    }
    for (n = 1; n < conns; n++) {
        m[n] = db_pool_get(r->db, 0, NULL, 0);
        if (m[n] == NULL)
            break;
    }
    for (int i = 0; i < n; i++)
        db_pool_put(r->db, m[i], 0);
    config_wipe(pc);
    return 0;
}

void registry_close(struct registry *r)
{
    if (r->db != NULL)
        db_pool_free(r->db);
    if (r->cfg != NULL) {
        config_wipe((struct tier_config *)r->cfg);
        free((void *)r->cfg);
    }
    signer_free(r->signer);
    memset(r, 0, sizeof *r);
}

/* Run fn on a borrowed connection. */
#define WITH_CONN(r, err, errsz, call)                                                         \
    do {                                                                                       \
        struct db_conn *m_ = reg_conn_get((r), (err), (errsz));                                \
        int rc_;                                                                               \
        if (m_ == NULL)                                                                        \
            return -1;                                                                         \
        rc_ = (call);                                                                          \
        /* a tool's connection that failed is reopened only if it can be */                    \
        db_pool_put((r)->db, m_, 0);                                                           \
        return rc_;                                                                            \
    } while (0)

/*
 * After an operator's write on m: give m back (broken when the link went)
 * and make err say what the failure left. Lost at COMMIT: the change may or
 * may not have been made, and `check` says how to see; the server cannot
 * write: nothing was changed, try later; any other database failure:
 * nothing was changed. rc as the write returned it.
 */
static int op_write_end(struct registry *r, struct db_conn *m, int rc, const char *check,
                        char *err, size_t errsz)
{
    unsigned int e = db_last_errnum(m);
    int lost = rc != 0 && db_commit_lost(m);
    enum store_result sr = e != 0 ? store_classify(e) : STORE_OK;
    char was[512];

    db_pool_put(r->db, m, rc != 0 && (lost || sr == STORE_CONN));
    if (rc == 0) {
        reg_write_note(STORE_OK);
        return 0;
    }
    snprintf(was, sizeof was, "%s", err);
    if (lost) {
        snprintf(err, errsz, "%s; the connection was lost while committing, so the change may "
                 "or may not have been made (%s)", was, check);
    } else if (sr == STORE_FULL) {
        reg_write_note(sr);
        snprintf(err, errsz, "the database cannot write at the moment (disk or table full, or "
                 "read-only); nothing was changed; try again later (%s)", was);
    } else if (e != 0) {
        snprintf(err, errsz, "%s; nothing was changed", was);
    }
    return rc;
}

/* Run a write on a borrowed connection; op_write_end says what it left. */
#define WITH_WRITE(r, err, errsz, check, call)                                                 \
    do {                                                                                       \
        struct db_conn *m_ = reg_conn_get((r), (err), (errsz));                                \
        if (m_ == NULL)                                                                        \
            return -1;                                                                         \
        return op_write_end((r), m_, (call), (check), (err), (errsz));                         \
    } while (0)

/* Migrate, then say how many duplicate titles are stored (issue 17: the
 * migration reports them and deletes nothing). */
static int migrate_and_report(struct db_conn *m, const char *sql_dir, int apply, FILE *out,
                              char *err, size_t errsz)
{
    long dups = 0;
    int rc = apply ? migrate_apply(m, sql_dir, out, err, errsz)
                   : migrate_status(m, sql_dir, out, err, errsz);

    if (rc == 0 && title_duplicates(m, &dups, err, errsz) == STORE_OK && dups > 0)
        fprintf(out,
                "note: %ld enterprise-and-tier pairs hold two or more valid titles, stored before "
                "one title per tier was enforced; nothing was deleted. They are listed by SELECT "
                "* FROM duplicate_valid_titles\n",
                dups);
    return rc;
}

int registry_migrate(struct registry *r, const char *sql_dir, int apply, FILE *out, char *err,
                     size_t errsz)
{
    WITH_CONN(r, err, errsz, migrate_and_report(m_, sql_dir, apply, out, err, errsz));
}

int registry_account_add(struct registry *r, const char *name, enum role role,
                         const char *uscc, const char *city, const char *actor, char *err,
                         size_t errsz)
{
    WITH_WRITE(r, err, errsz, "tierctl account list shows whether it was",
               account_add(m_, name, role, uscc, city, actor, err, errsz));
}

int registry_account_disable(struct registry *r, const char *name, const char *actor, char *err,
                             size_t errsz)
{
    WITH_WRITE(r, err, errsz, "tierctl account list shows whether it was",
               account_disable(m_, name, actor, err, errsz));
}

int registry_account_list(struct registry *r, FILE *out, char *err, size_t errsz)
{
    WITH_CONN(r, err, errsz, account_list(m_, out, err, errsz));
}

int registry_account_get(struct registry *r, const char *name, struct principal *out,
                         char *err, size_t errsz)
{
    WITH_CONN(r, err, errsz, account_get(m_, name, out, err, errsz));
}

int registry_token_issue(struct registry *r, const char *name, int days, const char *actor,
                         char *token_out, char *err, size_t errsz)
{
    /* a token whose COMMIT was lost is never shown, so it is unusable either
     * way: issuing another is the remedy */
    WITH_WRITE(r, err, errsz, "the token was never shown, so it cannot be used: issue another",
               token_issue(m_, name, days, actor, token_out, err, errsz));
}

int registry_account_enable(struct registry *r, const char *name, const char *actor, char *err,
                            size_t errsz)
{
    WITH_CONN(r, err, errsz, account_enable(m_, name, actor, err, errsz));
}

int registry_token_list(struct registry *r, const char *name, FILE *out, char *err,
                        size_t errsz)
{
    WITH_CONN(r, err, errsz, token_list(m_, name, out, err, errsz));
}

int registry_token_revoke(struct registry *r, uint64_t id, const char *actor, char *err,
                          size_t errsz)
{
    WITH_CONN(r, err, errsz, token_revoke(m_, id, actor, err, errsz));
}

int registry_auth_throttled(struct registry *r, const char *addr, long fails, long wait_s,
                            char *err, size_t errsz)
{
    WITH_CONN(r, err, errsz, token_throttle_audit(m_, addr, fails, wait_s, err, errsz));
}

int registry_audit_verify(struct registry *r, FILE *out, char *err, size_t errsz)
{
    WITH_CONN(r, err, errsz, audit_verify(m_, out, err, errsz));
}

long registry_table_count(struct registry *r, char *err, size_t errsz)
{
    struct db_conn *m = reg_conn_get(r, err, errsz);
    long n;

    if (m == NULL)
        return -1;
    n = migrate_table_count(m, err, errsz);
    db_pool_put(r->db, m, 0);
    return n;
}

int registry_target_list(struct registry *r, int year, FILE *out, char *err, size_t errsz)
{
    WITH_CONN(r, err, errsz, target_list(m_, year, out, err, errsz));
}

int registry_target_set(struct registry *r, int year, const char *tier, const char *city,
                        long count, const char *kind, const char *wording, const char *source,
                        const char *actor, char *err, size_t errsz)
{
    WITH_WRITE(r, err, errsz, "tierctl target list shows whether it was",
               target_set(m_, year, tier, city, count, kind, wording, source, actor, err,
                          errsz));
}
