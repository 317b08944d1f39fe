/*
 * config_check.c — what `tierd --check-config` looks at: the paths and the
 * account the settings name, checked on the machine as it is, without
 * touching the database or the network (see config_check in config.h).
 *
 * Every problem is one sentence through the caller's report callback, naming
 * the key, the path and what to do, and the check goes on, so an operator
 * sees all of them at once rather than one per attempt. Nothing is changed on
 * disk; the password file is read only to see that it can be (the copy is
 * wiped). Single-threaded: used at start-up only.
 */
#include "tier/config.h"
#include "tier/file.h"

#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct check {
    void (*report)(void *ctx, const char *line);
    void *ctx;
    int problems;
};

static void problem(struct check *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void problem(struct check *k, const char *fmt, ...)
{
    char line[1024 + 3 * CONFIG_PATH_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    k->problems++;
    k->report(k->ctx, line);
}

/* A folder that must exist and hold at least one file ending in `suffix`. */
static void check_dir_with(struct check *k, const char *key, const char *dir, const char *suffix,
                           const char *what)
{
    size_t sl = strlen(suffix);
    struct dirent *e;
    DIR *d;
    int found = 0;

    d = opendir(dir);
    if (d == NULL) {
        problem(k, "%s %s: %s (it should hold %s)", key, dir, strerror(errno), what);
        return;
    }
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n > sl && strcmp(e->d_name + n - sl, suffix) == 0)
            found++;
    }
    closedir(d);
    if (found == 0)
        problem(k, "%s %s: no *%s file in it (it should hold %s)", key, dir, suffix, what);
}

/* The key folder: 0700, each private key a regular file of mode 0600 with its
 * public key beside it. An empty folder is fine (no key generated yet). */
static void check_keys(struct check *k, const char *dir)
{
    char path[2 * CONFIG_PATH_MAX];
    struct dirent *e;
    struct stat st;
    DIR *d;

    if (stat(dir, &st) != 0) {
        problem(k, "key-dir %s: %s (create it: install -d -m 0700 %s)", dir, strerror(errno),
                dir);
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        problem(k, "key-dir %s: not a folder", dir);
        return;
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO))
        problem(k, "key-dir %s has mode %03o: group or others may list the keys (chmod 700 %s)",
                dir, (unsigned)(st.st_mode & 0777), dir);
    d = opendir(dir);
    if (d == NULL) {
        problem(k, "key-dir %s: %s", dir, strerror(errno));
        return;
    }
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);

        if (n < 5 || strcmp(e->d_name + n - 4, ".key") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            problem(k, "key-dir: private key %s is not a regular file", path);
            continue;
        }
        if (st.st_mode & (S_IRWXG | S_IRWXO))
            problem(k, "key-dir: private key %s has mode %03o: group or others may read it "
                       "(chmod 600 %s)",
                    path, (unsigned)(st.st_mode & 0777), path);
        snprintf(path, sizeof path, "%s/%.*s.pub.pem", dir, (int)(n - 4), e->d_name);
        if (access(path, R_OK) != 0)
            problem(k, "key-dir: public key %s is missing (%s); certificates signed with %.*s "
                       "could not be verified from this folder",
                    path, strerror(errno), (int)(n - 4), e->d_name);
    }
    closedir(d);
}

int config_check(const struct tier_config *c, void (*report)(void *ctx, const char *line),
                 void *ctx)
{
    struct check k = {report, ctx, 0};
    struct tier_config copy;
    char err[1024];

    if (c->db_password_file[0] != '\0') {
        memcpy(&copy, c, sizeof copy);
        if (config_load_password(&copy, err, sizeof err) != 0)
            problem(&k, "%s", err);
        config_wipe(&copy);
    }
    if (c->db_socket[0] != '\0') {
        char dir[CONFIG_PATH_MAX];
        const char *slash = strrchr(c->db_socket, '/');
        struct stat st;

        snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - c->db_socket) : 1,
                 slash ? c->db_socket : ".");
        if (dir[0] == '\0')
            snprintf(dir, sizeof dir, "/");
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
            problem(&k, "db-socket %s: its folder %s does not exist", c->db_socket, dir);
    }
    check_dir_with(&k, "sql-dir", c->sql_dir, ".sql", "the numbered migrations");
    check_dir_with(&k, "xsd-dir", c->xsd_dir, ".xsd", "the XML schemas");
    check_dir_with(&k, "web-dir", c->web_dir, ".xsl", "the pages' stylesheets");
    check_keys(&k, c->key_dir);
    if ((c->tls_cert[0] == '\0') != (c->tls_key[0] == '\0'))
        problem(&k, "tls-cert and tls-key go together: set both for HTTPS, or neither");
    if (c->tls_cert[0] != '\0' && c->tls_key[0] != '\0') {
        char *p = NULL;
        size_t n = 0;

        if (file_read_checked("tls-cert", c->tls_cert, 0, 256u << 10, &p, &n, err,
                              sizeof err) != 0)
            problem(&k, "%s", err);
        file_wipe_free(p, n);
        p = NULL;
        if (file_read_checked("tls-key", c->tls_key, 1, 256u << 10, &p, &n, err,
                              sizeof err) != 0)
            problem(&k, "%s", err);
        file_wipe_free(p, n);
    }
    if (c->user[0] != '\0' && getpwnam(c->user) == NULL)
        problem(&k, "user %s: no such account (create it: adduser --system --group "
                    "--no-create-home %s)",
                c->user, c->user);
    return k.problems;
}
