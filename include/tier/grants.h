/*
 * grants.h — tierd's runtime privileges, from one file (sql/runtime.grants).
 *
 * The schema's owner (db-owner) runs `tierctl migrate`; tierd connects as
 * db-user, whose privileges come from a role (db-role, default
 * tierd_runtime) that migrate sets to exactly what the file lists, table by
 * table: only SELECT, INSERT, UPDATE and DELETE (UPDATE may name columns),
 * never UPDATE or DELETE on the audit log, and nothing else — no DDL, no
 * GRANT OPTION, nothing on the database as a whole.
 */
#ifndef TIER_GRANTS_H
#define TIER_GRANTS_H

#include <stddef.h>

struct db_conn;

#define GRANTS_MAX 128      /* tables the file may name */
#define GRANTS_PRIVS_MAX 256 /* bytes of one table's privilege list */

struct grant_line {
    char table[65];              /* a table or view of the schema */
    char privs[GRANTS_PRIVS_MAX]; /* "SELECT, INSERT" as GRANT takes it; "" = none */
    int line;                    /* line number in the file, for messages */
};

struct grants {
    struct grant_line t[GRANTS_MAX];
    int n;
};

/* Parse the text of a grants file (pure). Lines: `TABLE PRIVILEGES` or
 * `TABLE -` (none); `#` starts a comment. PRIVILEGES is a comma-separated
 * list of SELECT, INSERT, DELETE and UPDATE, UPDATE optionally followed by
 * a column list `(col, col)`. Refused, with "LINE: what and why" in err: any
 * other word (ALTER, DROP, ALL, GRANT …), a table named twice, UPDATE or
 * DELETE on audit_log. `name` names the file in messages. 0 or -1 (g then
 * holds the lines before the bad one). */
int grants_parse(const char *text, size_t len, const char *name, struct grants *g, char *err,
                 size_t errsz);

/* Read and parse DIR/runtime.grants. 0 or -1 with a sentence in err. */
int grants_load(const char *dir, struct grants *g, char *err, size_t errsz);

/* Make `role` hold exactly g's privileges on the connected database: revoke
 * whatever it holds on the database and on each table, then grant each
 * line. Every table and view of the database must have a line, and every
 * line must name one that exists (a new table needs its line: nothing is
 * granted by default). The role must exist (err says how to create it).
 * 0 with *granted (tables given something) and *tables (of the database);
 * or -1 with a sentence in err; a failure part-way leaves the role with
 * less, never more. */
int grants_apply(struct db_conn *m, const struct grants *g, const char *role, int *granted,
                 int *tables, char *err, size_t errsz);

#endif
