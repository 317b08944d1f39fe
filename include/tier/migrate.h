/*
 * migrate.h — numbered schema migrations (sql/NNN_name.sql).
 *
 * Files are applied in number order; each applied file is recorded with its
 * SHA-256 in schema_migrations. An applied file that has changed since is an
 * error: the fix is a new migration, never an edit.
 */
#ifndef TIER_MIGRATE_H
#define TIER_MIGRATE_H

struct db_conn;
#include "tier/store.h"

#include <stddef.h>

enum migrate_state {
    MIGRATE_APPLIED = 0,
    MIGRATE_PENDING,
    MIGRATE_CHANGED, /* applied, and the file changed since */
};

/* One migration file as a step reports it. Borrowed for the call only. */
struct migrate_step {
    const char *name;         /* "001_core.sql" */
    enum migrate_state state;
    const char *at;           /* when applied ("YYYY-MM-DD HH:MM:SS"), "" when just now or
                                 pending */
    int files;                /* how many migration files `dir` holds */
};

/* Called once per file (applied now, or listed); ctx is the caller's. */
typedef void (*migrate_each_fn)(void *ctx, const struct migrate_step *s);

/* Apply the pending migrations of `dir` on `m`, calling each (may be NULL)
 * once per file applied. Returns the number
 * applied (>= 0), or -1 with a sentence in err: a changed or missing applied
 * file, a malformed file name, a failed statement (named by file and line).
 * A statement that fails leaves the files before it applied and recorded;
 * MariaDB DDL is not transactional, so the failed file may be half-applied
 * and is not recorded. */
int migrate_apply(struct db_conn *m, const char *dir, migrate_each_fn each, void *ctx, char *err,
                  size_t errsz);

/* Call each (not NULL) for every migration of `dir` in number order, with
 * its state. Returns the number pending, or -1 with a sentence in err. */
int migrate_status(struct db_conn *m, const char *dir, migrate_each_fn each, void *ctx, char *err,
                   size_t errsz);

/* How many tables the connected database holds (a restore wants an empty
 * one), into *n. STORE_OK, or the failure's class with a sentence in err. */
enum store_result migrate_table_count(struct db_conn *m, long *n, char *err, size_t errsz);

#endif
