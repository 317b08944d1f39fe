/*
 * migrate.c — apply sql/NNN_name.sql files in order and record them.
 *
 * A migration file is split into statements at lines that end with ';'
 * (after trimming; `--` comment lines are dropped), and every statement runs
 * as a prepared statement: no multi-statement text protocol, and nothing here
 * is built from user input. schema_migrations(version, name, sha256,
 * applied_at) is created on first use. Galera-friendly: no LOCK TABLES and no
 * GET_LOCK; run one `tierctl migrate` at a time.
 */
#include "tier/migrate.h"

#include "tier/buf.h"
#include "tier/db.h"
#include "tier/digest.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIGRATE_MAX_FILES 1000
#define MIGRATE_MAX_FILE_BYTES (16u << 20)

struct mfile {
    int version;
    char name[256];
    char sha[SHA256_HEX_LEN + 1];
    char *text;
    size_t len;
};

struct applied {
    int version;
    char name[256];
    char sha[SHA256_HEX_LEN + 1];
    char at[32];
};

static const char create_table[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INT NOT NULL PRIMARY KEY,"
    " name VARCHAR(255) NOT NULL,"
    " sha256 CHAR(64) NOT NULL,"
    " applied_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

/* "001_core.sql" -> 1; -1 when the name is not NNN_[a-z0-9_]+.sql */
static int parse_name(const char *n)
{
    size_t len = strlen(n), i;

    if (len < 9 || strcmp(n + len - 4, ".sql") != 0)
        return -1;
    for (i = 0; i < 3; i++) {
        if (!isdigit((unsigned char)n[i]))
            return -1;
    }
    if (n[3] != '_')
        return -1;
    for (i = 4; i < len - 4; i++) {
        if (!(islower((unsigned char)n[i]) || isdigit((unsigned char)n[i]) || n[i] == '_'))
            return -1;
    }
    return (n[0] - '0') * 100 + (n[1] - '0') * 10 + (n[2] - '0');
}

static int cmp_mfile(const void *a, const void *b)
{
    return ((const struct mfile *)a)->version - ((const struct mfile *)b)->version;
}

static int read_file(const char *path, char **text, size_t *len, char *err, size_t errsz)
{
    FILE *f = fopen(path, "rb");
    struct buf b;
    int too_big;

    if (f == NULL) {
        snprintf(err, errsz, "%s: %s", path, strerror(errno));
        return -1;
    }
    buf_init(&b, MIGRATE_MAX_FILE_BYTES);
    if (buf_add_stream(&b, f, &too_big) != 0) {
        if (too_big)
            snprintf(err, errsz, "%s: larger than %u bytes", path, MIGRATE_MAX_FILE_BYTES);
        else
            snprintf(err, errsz, "%s: cannot read it", path);
        fclose(f);
        buf_free(&b);
        return -1;
    }
    fclose(f);
    *text = buf_detach(&b, len);
    return *text ? 0 : -1;
}

static void free_files(struct mfile *files, int n)
{
    for (int i = 0; i < n; i++)
        free(files[i].text);
    free(files);
}

/* List and read the migration files of dir, sorted by version. */
static int load_files(const char *dir, struct mfile **out, int *count, char *err, size_t errsz)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    struct mfile *files;
    int n = 0;
    char path[1024];

    if (d == NULL) {
        snprintf(err, errsz, "migrations folder %s: %s (set sql-dir)", dir, strerror(errno));
        return -1;
    }
    files = calloc(MIGRATE_MAX_FILES, sizeof *files);
    if (files == NULL) {
        closedir(d);
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        int v;
        if (e->d_name[0] == '.' || strstr(e->d_name, ".sql") == NULL)
            continue;
        v = parse_name(e->d_name);
        if (v < 0) {
            snprintf(err, errsz, "%s/%s: a migration is named NNN_lower_case_name.sql", dir,
                     e->d_name);
            goto fail;
        }
        if (n == MIGRATE_MAX_FILES) {
            snprintf(err, errsz, "%s: more than %d migrations", dir, MIGRATE_MAX_FILES);
            goto fail;
        }
        files[n].version = v;
        snprintf(files[n].name, sizeof files[n].name, "%s", e->d_name);
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (read_file(path, &files[n].text, &files[n].len, err, errsz) != 0)
            goto fail;
        if (digest_sha256_hex(files[n].text, files[n].len, files[n].sha) != 0) {
            snprintf(err, errsz, "%s: SHA-256 failed", path);
            n++;
            goto fail;
        }
        n++;
    }
    closedir(d);
    qsort(files, (size_t)n, sizeof *files, cmp_mfile);
    for (int i = 1; i < n; i++) {
        if (files[i].version == files[i - 1].version) {
            snprintf(err, errsz, "%s: %s and %s share the number %03d", dir, files[i - 1].name,
                     files[i].name, files[i].version);
            free_files(files, n);
            return -1;
        }
    }
    *out = files;
    *count = n;
    return 0;
fail:
    closedir(d);
    free_files(files, n);
    return -1;
}

enum store_result migrate_table_count(struct db_conn *m, long *n, char *err, size_t errsz)
{
    int64_t v = -1;
    struct db_col c[] = {DB_OUT_INT(&v)};
    unsigned int e = 0;

    *n = -1;
    if (db_query(m,
                 &(struct db_select){"SELECT COUNT(*) FROM information_schema.tables WHERE "
                                     "table_schema = DATABASE()",
                                     NULL, 0, c, DB_NELEM(c), NULL, NULL},
                 &e, err, errsz) != 1)
        return e != 0 ? store_classify(e) : STORE_ERROR;
    *n = (long)v;
    return STORE_OK;
}

/* Read schema_migrations into an array (caller frees). */
static int load_applied(struct db_conn *m, struct applied **out, int *count, char *err,
                        size_t errsz)
{
    static const char q[] = "SELECT version, name, sha256, DATE_FORMAT(applied_at, "
                            "'%Y-%m-%d %H:%i:%s') FROM schema_migrations ORDER BY version";
    MYSQL_STMT *st = mysql_stmt_init(db_handle(m));
    MYSQL_BIND res[4];
    struct applied row, *list = NULL;
    unsigned long lens[4];
    int n = 0, rc = -1, f;

    if (st == NULL || mysql_stmt_prepare(st, q, sizeof q - 1) != 0 || mysql_stmt_execute(st) != 0) {
        snprintf(err, errsz, "reading schema_migrations: %s",
                 st ? mysql_stmt_error(st) : mysql_error(db_handle(m)));
        goto done;
    }
    memset(res, 0, sizeof res);
    res[0].buffer_type = MYSQL_TYPE_LONG;
    res[0].buffer = &row.version;
    res[1].buffer_type = MYSQL_TYPE_STRING;
    res[1].buffer = row.name;
    res[1].buffer_length = sizeof row.name;
    res[1].length = &lens[1];
    res[2].buffer_type = MYSQL_TYPE_STRING;
    res[2].buffer = row.sha;
    res[2].buffer_length = sizeof row.sha;
    res[2].length = &lens[2];
    res[3].buffer_type = MYSQL_TYPE_STRING;
    res[3].buffer = row.at;
    res[3].buffer_length = sizeof row.at;
    res[3].length = &lens[3];
    if (mysql_stmt_bind_result(st, res) != 0 || mysql_stmt_store_result(st) != 0) {
        snprintf(err, errsz, "reading schema_migrations: %s", mysql_stmt_error(st));
        goto done;
    }
    list = calloc((size_t)mysql_stmt_num_rows(st) + 1, sizeof *list);
    if (list == NULL) {
        snprintf(err, errsz, "out of memory");
        goto done;
    }
    while ((f = mysql_stmt_fetch(st)) == 0 || f == MYSQL_DATA_TRUNCATED) {
        memset(&list[n], 0, sizeof list[n]);
        list[n].version = row.version;
        snprintf(list[n].name, sizeof list[n].name, "%.*s", (int)lens[1], row.name);
        snprintf(list[n].sha, sizeof list[n].sha, "%.*s", (int)lens[2], row.sha);
        snprintf(list[n].at, sizeof list[n].at, "%.*s", (int)lens[3], row.at);
        n++;
    }
    *out = list;
    *count = n;
    list = NULL;
    rc = 0;
done:
    free(list);
    if (st != NULL)
        mysql_stmt_close(st);
    return rc;
}

static const struct applied *find_applied(const struct applied *a, int n, int version)
{
    for (int i = 0; i < n; i++) {
        if (a[i].version == version)
            return &a[i];
    }
    return NULL;
}

/* Run the statements of one file. */
static int run_file(struct db_conn *m, const struct mfile *f, char *err, size_t errsz)
{
    struct buf stmt;
    const char *p = f->text, *end = f->text + f->len;
    int line = 0, start_line = 0, rc = -1;
    char msg[512];

    buf_init(&stmt, MIGRATE_MAX_FILE_BYTES);
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *s = p, *e = le;

        line++;
        while (s < e && isspace((unsigned char)*s))
            s++;
        while (e > s && isspace((unsigned char)e[-1]))
            e--;
        if (s < e && !(e - s >= 2 && s[0] == '-' && s[1] == '-')) {
            if (stmt.len == 0)
                start_line = line;
            if (buf_add(&stmt, p, (size_t)(le - p)) != 0 || buf_adds(&stmt, "\n") != 0)
                goto done;
            if (e[-1] == ';') {
                /* drop the ';' and run it */
                char *semi = strrchr(stmt.data, ';');
                *semi = '\0';
                if (db_exec(m, stmt.data, "", NULL, NULL, NULL, msg, sizeof msg) != 0) {
                    snprintf(err, errsz, "%s:%d: %s", f->name, start_line, msg);
                    goto done;
                }
                buf_reset(&stmt);
            }
        }
        p = nl ? nl + 1 : end;
    }
    for (size_t i = 0; i < stmt.len; i++) {
        if (!isspace((unsigned char)stmt.data[i])) {
            snprintf(err, errsz, "%s:%d: statement does not end with ';'", f->name, start_line);
            goto done;
        }
    }
    rc = 0;
done:
    buf_free(&stmt);
    return rc;
}

static int prepare(struct db_conn *m, const char *dir, struct mfile **files, int *nf,
                   struct applied **applied, int *na, char *err, size_t errsz)
{
    char msg[512];

    *files = NULL;
    *applied = NULL;
    if (db_exec(m, create_table, "", NULL, NULL, NULL, msg, sizeof msg) != 0) {
        snprintf(err, errsz, "creating schema_migrations: %s", msg);
        return -1;
    }
    if (load_files(dir, files, nf, err, errsz) != 0)
        return -1;
    if (load_applied(m, applied, na, err, errsz) != 0) {
        free_files(*files, *nf);
        *files = NULL;
        return -1;
    }
    return 0;
}

int migrate_apply(struct db_conn *m, const char *dir, migrate_each_fn each, void *ctx, char *err,
                  size_t errsz)
{
    struct mfile *files;
    struct applied *applied;
    int nf, na, done = 0, rc = -1;
    char msg[512];

    if (prepare(m, dir, &files, &nf, &applied, &na, err, errsz) != 0)
        return -1;
    /* Check every applied file first: refuse before changing anything. */
    for (int i = 0; i < na; i++) {
        const struct mfile *f = NULL;
        for (int j = 0; j < nf; j++) {
            if (files[j].version == applied[i].version)
                f = &files[j];
        }
        if (f == NULL) {
            snprintf(err, errsz, "migration %03d (%s) was applied but is missing from %s",
                     applied[i].version, applied[i].name, dir);
            goto done;
        }
        if (strcmp(f->sha, applied[i].sha) != 0) {
            snprintf(err, errsz,
                     "migration %s was changed after it was applied on %s (recorded SHA-256 "
                     "%.12s…, file now %.12s…); restore it and put the change in a new migration",
                     f->name, applied[i].at, applied[i].sha, f->sha);
            goto done;
        }
    }
    for (int j = 0; j < nf; j++) {
        if (find_applied(applied, na, files[j].version) != NULL)
            continue;
        if (run_file(m, &files[j], err, errsz) != 0)
            goto done;
        if (db_exec(m, "INSERT INTO schema_migrations (version, name, sha256) VALUES (?, ?, ?)",
                    "iss", NULL, NULL, NULL, msg, sizeof msg, (int64_t)files[j].version,
                    files[j].name, files[j].sha) != 0) {
            snprintf(err, errsz, "%s applied but not recorded: %s", files[j].name, msg);
            goto done;
        }
        if (each != NULL)
            each(ctx, &(struct migrate_step){files[j].name, MIGRATE_APPLIED, "", nf});
        done++;
    }
    rc = done;
done:
    free_files(files, nf);
    free(applied);
    return rc;
}

int migrate_status(struct db_conn *m, const char *dir, migrate_each_fn each, void *ctx, char *err,
                   size_t errsz)
{
    struct mfile *files;
    struct applied *applied;
    int nf, na, pending = 0;

    if (prepare(m, dir, &files, &nf, &applied, &na, err, errsz) != 0)
        return -1;
    for (int j = 0; j < nf; j++) {
        const struct applied *a = find_applied(applied, na, files[j].version);
        struct migrate_step st = {files[j].name, MIGRATE_PENDING, "", nf};

        if (a == NULL) {
            pending++;
        } else {
            st.state = strcmp(a->sha, files[j].sha) != 0 ? MIGRATE_CHANGED : MIGRATE_APPLIED;
            st.at = a->at;
        }
        each(ctx, &st);
    }
    free_files(files, nf);
    free(applied);
    return pending;
}
