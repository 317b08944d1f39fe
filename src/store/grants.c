/*
 * grants.c — set tierd's runtime role to the privileges of sql/runtime.grants.
 *
 * Least privilege for the process that faces the network (issue 13): tierd's
 * database user holds a role, and this file makes the role hold exactly what
 * the grants file lists. The parser admits only SELECT, INSERT, UPDATE (with
 * or without columns) and DELETE, so no line can give DDL, GRANT OPTION or
 * ALL; and it refuses UPDATE or DELETE on audit_log, so the append-only
 * audit chain cannot be rewritten with tierd's credentials whatever the file
 * says. Every table of the schema must have a line: a table added by a later
 * migration without one makes `tierctl migrate` fail and say so, instead of
 * tierd failing on it at run time.
 *
 * GRANT and REVOKE take names, not `?` parameters, so their text is built
 * here, from names this file checked: the role ([A-Za-z0-9_], at most 64),
 * tables and columns ([a-z0-9_]) and the four privilege words. They still
 * run as prepared statements (db_exec). Single-threaded, one connection;
 * GRANT and REVOKE commit on their own, so there is no transaction to roll
 * back: all revokes come first, then the grants, so a failure part-way
 * leaves the role with less than the file says, never more.
 */
#include "tier/grants.h"

#include "tier/db.h"
#include "tier/file.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GRANTS_FILE "runtime.grants"
#define GRANTS_FILE_MAX (64u << 10)

/* MariaDB's "no such grant" errors: nothing to revoke is not a failure. */
#define ER_NONEXISTING_GRANT 1141
#define ER_NONEXISTING_TABLE_GRANT 1147
/* GRANT to a role or user that does not exist */
#define ER_PASSWORD_NO_MATCH 1133

static int name_char(int c)
{
    return islower(c) || isdigit(c) || c == '_';
}

static const char *skip_blank(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

/* Read a lower-case name at *pp into out (cap bytes). 0, or -1 when there is
 * none or it is too long. */
static int take_name(const char **pp, const char *end, char *out, size_t cap)
{
    const char *p = *pp;
    size_t n = 0;

    while (p < end && name_char((unsigned char)*p)) {
        if (n + 1 >= cap)
            return -1;
        out[n++] = *p++;
    }
    out[n] = '\0';
    *pp = p;
    return n > 0 ? 0 : -1;
}

/* Parse "SELECT, INSERT, UPDATE (a, b), DELETE" from p to end into out as
 * GRANT takes it. 0, or -1 with why in err. */
static int parse_privs(const char *p, const char *end, const char *table, char *out, size_t cap,
                       char *err, size_t errsz)
{
    static const char *const words[] = {"SELECT", "INSERT", "UPDATE", "DELETE"};
    size_t n = 0;
    unsigned seen = 0;

    out[0] = '\0';
    for (;;) {
        const char *w = skip_blank(p, end);
        size_t wl = 0;
        int k = -1;

        while (w + wl < end && isalpha((unsigned char)w[wl]))
            wl++;
        for (int i = 0; i < 4; i++) {
            if (strlen(words[i]) == wl && strncmp(w, words[i], wl) == 0)
                k = i;
        }
        if (k < 0) {
            snprintf(err, errsz,
                     "'%.*s' is not a privilege tierd may hold (only SELECT, INSERT, UPDATE "
                     "[(columns)] and DELETE: no DDL, no ALL, no GRANT)",
                     (int)(wl > 0 ? wl : (size_t)(end - w > 20 ? 20 : end - w)), w);
            return -1;
        }
        if (seen & (1u << k)) {
            snprintf(err, errsz, "%s is listed twice", words[k]);
            return -1;
        }
        seen |= 1u << k;
        if (strcmp(table, "audit_log") == 0 && (k == 2 || k == 3)) {
            snprintf(err, errsz,
                     "%s on audit_log: the audit log is append-only for tierd (SELECT and "
                     "INSERT only), so its own credentials cannot rewrite the chain",
                     words[k]);
            return -1;
        }
        n += (size_t)snprintf(out + n, cap - n, "%s%s", n ? ", " : "", words[k]);
        p = skip_blank(w + wl, end);
        if (k == 2 && p < end && *p == '(') {
            /* UPDATE (col, col): only those columns */
            int cols = 0;
            n += (size_t)snprintf(out + n, cap - n, " (");
            p++;
            for (;;) {
                char col[65];
                p = skip_blank(p, end);
                if (take_name(&p, end, col, sizeof col) != 0) {
                    snprintf(err, errsz, "UPDATE (...) wants lower-case column names");
                    return -1;
                }
                n += (size_t)snprintf(out + n, cap - n, "%s`%s`", cols++ ? ", " : "", col);
                p = skip_blank(p, end);
                if (p < end && *p == ',') {
                    p++;
                    continue;
                }
                if (p < end && *p == ')') {
                    p++;
                    break;
                }
                snprintf(err, errsz, "UPDATE (...) is not closed");
                return -1;
            }
            n += (size_t)snprintf(out + n, cap - n, ")");
            p = skip_blank(p, end);
        }
        if (n >= cap) {
            snprintf(err, errsz, "the privilege list is longer than %zu bytes", cap - 1);
            return -1;
        }
        if (p == end)
            return 0;
        if (*p != ',') {
            snprintf(err, errsz, "expected ',' between privileges");
            return -1;
        }
        p++;
    }
}

int grants_parse(const char *text, size_t len, const char *name, struct grants *g, char *err,
                 size_t errsz)
{
    const char *p = text, *end = text + len;
    int line = 0;

    g->n = 0;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p)), *q, *stop;
        struct grant_line *t;
        char why[300];

        if (eol == NULL)
            eol = end;
        line++;
        stop = memchr(p, '#', (size_t)(eol - p));
        if (stop == NULL)
            stop = eol;
        while (stop > p && isspace((unsigned char)stop[-1]))
            stop--;
        q = skip_blank(p, stop);
        p = eol < end ? eol + 1 : end;
        if (q == stop)
            continue;
        if (g->n == GRANTS_MAX) {
            snprintf(err, errsz, "%s:%d: more than %d tables", name, line, GRANTS_MAX);
            return -1;
        }
        t = &g->t[g->n];
        memset(t, 0, sizeof *t);
        t->line = line;
        if (take_name(&q, stop, t->table, sizeof t->table) != 0 ||
            (q < stop && *q != ' ' && *q != '\t')) {
            snprintf(err, errsz, "%s:%d: a line is `table privileges` or `table -`, the table "
                     "in lower case", name, line);
            return -1;
        }
        for (int i = 0; i < g->n; i++) {
            if (strcmp(g->t[i].table, t->table) == 0) {
                snprintf(err, errsz, "%s:%d: %s has a line already (line %d)", name, line,
                         t->table, g->t[i].line);
                return -1;
            }
        }
        q = skip_blank(q, stop);
        if (q == stop) {
            snprintf(err, errsz, "%s:%d: %s: no privileges given (write - for none)", name, line,
                     t->table);
            return -1;
        }
        if (!(stop - q == 1 && *q == '-') &&
            parse_privs(q, stop, t->table, t->privs, sizeof t->privs, why, sizeof why) != 0) {
            snprintf(err, errsz, "%s:%d: %s: %s", name, line, t->table, why);
            return -1;
        }
        g->n++;
    }
    return 0;
}

int grants_load(const char *dir, struct grants *g, char *err, size_t errsz)
{
    char path[1024], *text = NULL;
    size_t len = 0;
    int rc;

    snprintf(path, sizeof path, "%s/%s", dir, GRANTS_FILE);
    if (file_read_checked("the runtime grants", path, 0, GRANTS_FILE_MAX, &text, &len, err,
                          errsz) != 0)
        return -1;
    rc = grants_parse(text, len, path, g, err, errsz);
    free(text);
    return rc;
}

struct table_list {
    char name[65];
    char names[GRANTS_MAX + 1][65];
    int n, over;
};

static int table_row(void *ctx)
{
    struct table_list *l = ctx;

    if (l->n == GRANTS_MAX + 1) {
        l->over = 1;
        return 1;
    }
    memcpy(l->names[l->n++], l->name, sizeof l->name);
    return 0;
}

static int role_valid(const char *role)
{
    size_t n = strlen(role);

    if (n == 0 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (!(isalnum((unsigned char)role[i]) || role[i] == '_'))
            return 0;
    }
    return 1;
}

/* Run one GRANT or REVOKE; `ignore` is a "nothing to revoke" error. */
static int run(struct db_conn *m, const char *sql, unsigned int ignore, char *err, size_t errsz)
{
    unsigned int e = 0;

    if (db_exec(m, sql, "", NULL, NULL, &e, err, errsz) == 0 || (ignore != 0 && e == ignore))
        return 0;
    return -1;
}

int grants_apply(struct db_conn *m, const struct grants *g, const char *role, int *granted_out,
                 int *tables, char *err, size_t errsz)
{
    struct table_list *l = calloc(1, sizeof *l);
    struct db_col c[1];
    char sql[512], why[512], db[65] = "";
    struct db_col dc[] = {DB_OUT_STR(db)};
    unsigned int e = 0;
    int rc = -1, granted = 0;

    if (l == NULL) {
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    if (!role_valid(role)) {
        snprintf(err, errsz, "db-role '%s': a role name is 1 to 64 letters, digits or _", role);
        goto done;
    }
    c[0] = (struct db_col)DB_OUT_STR(l->name);
    if (db_query(m, &(struct db_select){"SELECT DATABASE()", NULL, 0, dc, 1, NULL, NULL}, &e,
                 err, errsz) != 1 ||
        db[0] == '\0')
        goto done;
    if (db_query(m,
                 &(struct db_select){"SELECT table_name FROM information_schema.tables WHERE "
                                     "table_schema = DATABASE() ORDER BY table_name",
                                     NULL, 0, c, 1, table_row, l},
                 &e, err, errsz) < 0)
        goto done;
    if (l->over) {
        snprintf(err, errsz, "database %s holds more than %d tables", db, GRANTS_MAX);
        goto done;
    }
    for (int i = 0; i < l->n; i++) {
        int found = 0;
        for (int j = 0; j < g->n && !found; j++)
            found = strcmp(g->t[j].table, l->names[i]) == 0;
        if (!found) {
            snprintf(err, errsz,
                     "table %s has no line in sql/%s: say what tierd may do with it "
                     "(`%s SELECT, INSERT`, or `%s -` for nothing)",
                     l->names[i], GRANTS_FILE, l->names[i], l->names[i]);
            goto done;
        }
    }
    for (int j = 0; j < g->n; j++) {
        int found = 0;
        for (int i = 0; i < l->n && !found; i++)
            found = strcmp(g->t[j].table, l->names[i]) == 0;
        if (!found) {
            snprintf(err, errsz, "sql/%s:%d names %s, which database %s does not hold",
                     GRANTS_FILE, g->t[j].line, g->t[j].table, db);
            goto done;
        }
    }
    /* first take everything away: the database level (an old GRANT ALL) and
     * every table; REVOKE ALL on a table takes its column privileges too */
    snprintf(sql, sizeof sql, "REVOKE ALL PRIVILEGES ON `%s`.* FROM `%s`", db, role);
    if (run(m, sql, ER_NONEXISTING_GRANT, why, sizeof why) != 0) {
        if (db_last_errnum(m) == ER_PASSWORD_NO_MATCH || db_last_errnum(m) == 1396)
            goto no_role;
        snprintf(err, errsz, "%s: %s", sql, why);
        goto done;
    }
    for (int i = 0; i < l->n; i++) {
        snprintf(sql, sizeof sql, "REVOKE ALL PRIVILEGES ON `%s`.`%s` FROM `%s`", db,
                 l->names[i], role);
        if (run(m, sql, ER_NONEXISTING_TABLE_GRANT, why, sizeof why) != 0) {
            snprintf(err, errsz, "%s: %s", sql, why);
            goto done;
        }
    }
    for (int j = 0; j < g->n; j++) {
        if (g->t[j].privs[0] == '\0')
            continue;
        snprintf(sql, sizeof sql, "GRANT %s ON `%s`.`%s` TO `%s`", g->t[j].privs, db,
                 g->t[j].table, role);
        if (run(m, sql, 0, why, sizeof why) != 0) {
            if (db_last_errnum(m) == ER_PASSWORD_NO_MATCH)
                goto no_role;
            snprintf(err, errsz, "%s: %s", sql, why);
            goto done;
        }
        granted++;
    }
    *granted_out = granted;
    *tables = l->n;
    rc = 0;
    goto done;
no_role:
    snprintf(err, errsz,
             "role %s does not exist, or db-owner may not grant to it; as the server's admin: "
             "CREATE ROLE %s; GRANT %s TO 'DB-USER'@'HOST'; SET DEFAULT ROLE %s FOR "
             "'DB-USER'@'HOST' (docs/operations.md, section 3)",
             role, role, role, role);
done:
    free(l);
    return rc;
}
