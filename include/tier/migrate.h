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
#include <stddef.h>
#include <stdio.h>

/* Apply the pending migrations of `dir` on `m`, printing one line per file
 * applied (or "nothing to do") to `out` (may be NULL). Returns the number
 * applied (>= 0), or -1 with a sentence in err: a changed or missing applied
 * file, a malformed file name, a failed statement (named by file and line).
 * A statement that fails leaves the files before it applied and recorded;
 * MariaDB DDL is not transactional, so the failed file may be half-applied
 * and is not recorded. */
int migrate_apply(struct db_conn *m, const char *dir, FILE *out, char *err, size_t errsz);

/* Print each migration with its state (applied at …, pending, changed) to
 * out. Returns the number pending, or -1 with a sentence in err. */
int migrate_status(struct db_conn *m, const char *dir, FILE *out, char *err, size_t errsz);

/* How many tables the connected database holds (a restore wants an empty
 * one). The number, or -1 with a sentence in err. */
long migrate_table_count(struct db_conn *m, char *err, size_t errsz);

#endif
