/*
 * cmd_backup.c — `tierctl backup DIR` and `tierctl restore DIR` (issue 20).
 *
 * A backup is a folder an operator can copy anywhere:
 *   tierd.sql      mariadb-dump --single-transaction of the configured
 *                  database: one consistent snapshot of every table (InnoDB
 *                  MVCC; tierd keeps serving meanwhile), the migration
 *                  records included, with no CREATE DATABASE or USE, so it
 *                  restores into a database of any name;
 *   keys/          the public keys (<keyid>.pub.pem) found in key-dir. The
 *                  private keys (<keyid>.key) are NOT copied: they are backed
 *                  up apart, offline (docs/operations.md says how), so that
 *                  a stolen database backup cannot sign;
 *   MANIFEST       what was backed up, when, by which version, and the
 *                  SHA-256 of every file, which restore checks first.
 * restore loads tierd.sql into the configured database, which must be empty
 * (no tables): it never mixes a backup into live data. It then copies the
 * public keys into key-dir where they are missing, and says that the private
 * keys come from their own backup.
 *
 * The client programs get the password through an option file of mode 0600
 * in a private temporary folder (never on a command line, where `ps` shows
 * it), removed when they end. Exit 0 done, 1 failure, 2 usage; every refusal
 * names the path and the reason.
 */
#include "tier/cli_backup.h"
#include "tier/cli.h"
#include "tier/registry.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BACKUP_DUMP "tierd.sql"
#define BACKUP_MANIFEST "MANIFEST"
#define BACKUP_KEYS "keys"
#define BACKUP_MAX_KEYS 256 /* public keys copied at most */
#define PATH_LEN_MAX 1024   /* DIR and key-dir at most, so that joined paths fit */

/* "a/b" into out. Paths are checked against PATH_LEN_MAX up front, so this
 * cannot cut; it still says so if it would. */
static int path_join(char *out, size_t n, const char *a, const char *b)
{
    int k = snprintf(out, n, "%s/%s", a, b);

    if (k < 0 || (size_t)k >= n) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return 0;
}

static int usage(FILE *f, int rc)
{
    fprintf(f,
            "usage: tierctl backup DIR\n"
            "       tierctl restore DIR\n"
            "  backup:  dump the database (mariadb-dump --single-transaction, one consistent\n"
            "           snapshot while tierd runs) to DIR/tierd.sql, copy the public keys of\n"
            "           key-dir to DIR/keys/, and write DIR/MANIFEST with each file's SHA-256.\n"
            "           DIR must not exist or be empty. Private keys are not copied: back\n"
            "           them up apart (docs/operations.md).\n"
            "  restore: check DIR/MANIFEST, load DIR/tierd.sql into the configured database,\n"
            "           which must hold no tables, and copy the public keys into key-dir\n"
            "           where missing.\n"
            "  exit 0 done, 1 failure, 2 usage\n");
    return rc;
}

/* ---- the option file the client programs read ----------------------------------- */

struct client_opts {
    char dir[64];   /* private temporary folder, mode 0700 */
    char file[96];  /* dir/client.cnf, mode 0600 */
};

/* A value in an option file: the client reads it between double quotes, with
 * backslash escapes. Refuse control characters rather than guess. */
static int put_opt(FILE *f, const char *name, const char *value)
{
    const char *p;

    for (p = value; *p != '\0'; p++) {
        if ((unsigned char)*p < 0x20)
            return -1;
    }
    fprintf(f, "%s=\"", name);
    for (p = value; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\')
            fputc('\\', f);
        fputc(*p, f);
    }
    fputs("\"\n", f);
    return 0;
}

static void client_opts_remove(struct client_opts *o)
{
    if (o->file[0] != '\0') {
        /* overwrite the password before unlinking */
        int fd = open(o->file, O_WRONLY);
        if (fd >= 0) {
            struct stat st;
            if (fstat(fd, &st) == 0 && st.st_size > 0) {
                char zero[256] = {0};
                for (off_t n = 0; n < st.st_size; n += (off_t)sizeof zero) {
                    if (write(fd, zero, sizeof zero) < 0)
                        break;
                }
            }
            close(fd);
        }
        unlink(o->file);
        o->file[0] = '\0';
    }
    if (o->dir[0] != '\0') {
        rmdir(o->dir);
        o->dir[0] = '\0';
    }
}

/* Write the [client] options of the configured connection. 0, or -1 after
 * printing why. The password is wiped from c. */
static int client_opts_write(struct tier_config *c, struct client_opts *o)
{
    char err[1024];
    FILE *f;
    int fd, bad = 0;

    memset(o, 0, sizeof *o);
    if (config_load_password(c, err, sizeof err) != 0) {
        fprintf(stderr, "tierctl: %s\n", err);
        return -1;
    }
    snprintf(o->dir, sizeof o->dir, "/tmp/tierctl-backup-XXXXXX");
    if (mkdtemp(o->dir) == NULL) {
        fprintf(stderr, "tierctl: cannot make a private temporary folder: %s\n", strerror(errno));
        o->dir[0] = '\0';
        config_wipe(c);
        return -1;
    }
    snprintf(o->file, sizeof o->file, "%s/client.cnf", o->dir);
    fd = open(o->file, O_WRONLY | O_CREAT | O_EXCL, 0600);
    f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (f == NULL) {
        fprintf(stderr, "tierctl: %s: %s\n", o->file, strerror(errno));
        if (fd >= 0)
            close(fd);
        config_wipe(c);
        client_opts_remove(o);
        return -1;
    }
    fputs("[client]\n", f);
    bad |= put_opt(f, "user", c->db_user);
    if (c->password[0] != '\0')
        bad |= put_opt(f, "password", c->password);
    if (c->db_socket[0] != '\0') {
        bad |= put_opt(f, "socket", c->db_socket);
    } else {
        /* A list of Galera nodes: the first; any synced node holds everything. */
        struct config_db_host h[CONFIG_DB_HOSTS_MAX];
        char herr[256];
        if (config_db_hosts(c, h, herr, sizeof herr) < 1) {
            fprintf(stderr, "tierctl: %s\n", herr);
            bad = 1;
        } else {
            bad |= put_opt(f, "host", h[0].host);
            fprintf(f, "port=%d\nprotocol=TCP\n", h[0].port);
        }
    }
    fputs("default-character-set=utf8mb4\n", f);
    config_wipe(c);
    if (fclose(f) != 0 || bad) {
        fprintf(stderr, "tierctl: cannot write the client options (a setting holds a control "
                        "character?)\n");
        client_opts_remove(o);
        return -1;
    }
    return 0;
}

/* Run a client program (the first of `names` found on PATH) with the
 * option file, stdin from `in` and stdout to `out` (either NULL for the
 * terminal's). Returns its exit status, or -1 when it could not run. */
static int run_client(const char *const names[2], const struct client_opts *o,
                      const char *const *args, const char *in, const char *out)
{
    char defaults[160];
    const char *argv[16];
    int n = 0, st;
    pid_t pid;

    snprintf(defaults, sizeof defaults, "--defaults-file=%s", o->file);
    argv[n++] = names[0];
    argv[n++] = defaults; /* must come first */
    for (; *args != NULL && n < 15; args++)
        argv[n++] = *args;
    argv[n] = NULL;
    pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (in != NULL) {
            int fd = open(in, O_RDONLY);
            if (fd < 0 || dup2(fd, 0) < 0)
                _exit(126);
            close(fd);
        }
        if (out != NULL) {
            int fd = open(out, O_WRONLY | O_CREAT | O_EXCL, 0600);
            if (fd < 0 || dup2(fd, 1) < 0)
                _exit(126);
            close(fd);
        }
        execvp(names[0], (char *const *)argv);
        argv[0] = names[1];
        execvp(names[1], (char *const *)argv);
        fprintf(stderr, "tierctl: neither %s nor %s could be run: %s (install mariadb-client)\n",
                names[0], names[1], strerror(errno));
        _exit(127);
    }
    if (waitpid(pid, &st, 0) != pid)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Write the option file, run the client, remove the file: run_client's
 * result, or -1 when the options could not be written (said so). */
static int run_client_as_configured(struct tier_config *c, const char *const names[2],
                                    const char *const *args, const char *in, const char *out)
{
    struct client_opts o;
    int rc;

    if (client_opts_write(c, &o) != 0)
        return -1;
    rc = run_client(names, &o, args, in, out);
    client_opts_remove(&o);
    return rc;
}

/* ---- files --------------------------------------------------------------------- */

/* SHA-256 of a file as hex. 0 or -1 (errno set). */
static int file_sha256(const char *path, char hex[65])
{
    unsigned char buf[65536], md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    EVP_MD_CTX *ctx;
    size_t n;
    FILE *f;
    int rc = -1;

    f = fopen(path, "rb");
    if (f == NULL)
        return -1;
    ctx = EVP_MD_CTX_new();
    if (ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1) {
        rc = 0;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
            if (EVP_DigestUpdate(ctx, buf, n) != 1)
                rc = -1;
        }
        if (ferror(f) || EVP_DigestFinal_ex(ctx, md, &mdlen) != 1 || mdlen != 32)
            rc = -1;
    }
    EVP_MD_CTX_free(ctx);
    fclose(f);
    for (unsigned int i = 0; rc == 0 && i < mdlen; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    return rc;
}

/* Copy a small file (a public key) to a new file of mode `mode`; refuses to
 * overwrite. 0, or -1 with errno. */
static int copy_file(const char *from, const char *to, mode_t mode)
{
    char buf[8192];
    ssize_t n;
    int in, out, rc = 0;

    in = open(from, O_RDONLY);
    if (in < 0)
        return -1;
    out = open(to, O_WRONLY | O_CREAT | O_EXCL, mode);
    if (out < 0) {
        close(in);
        return -1;
    }
    while ((n = read(in, buf, sizeof buf)) > 0) {
        if (write(out, buf, (size_t)n) != n) {
            rc = -1;
            break;
        }
    }
    if (n < 0)
        rc = -1;
    close(in);
    if (close(out) != 0)
        rc = -1;
    return rc;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && strcmp(s + n - k, suffix) == 0;
}

/* Is `dir` missing or an empty folder? Creates it (0700) when missing.
 * 0, or -1 after printing why. */
static int fresh_dir(const char *dir)
{
    struct dirent *e;
    DIR *d;

    if (mkdir(dir, 0700) == 0)
        return 0;
    if (errno != EEXIST) {
        fprintf(stderr, "tierctl: backup: cannot create %s: %s\n", dir, strerror(errno));
        return -1;
    }
    d = opendir(dir);
    if (d == NULL) {
        fprintf(stderr, "tierctl: backup: %s: %s\n", dir, strerror(errno));
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            closedir(d);
            fprintf(stderr, "tierctl: backup: %s is not empty; give a new folder so that no "
                            "older backup is mixed in\n",
                    dir);
            return -1;
        }
    }
    closedir(d);
    return chmod(dir, 0700);
}

/* ---- backup ---------------------------------------------------------------------- */

static int backup_to(struct tier_config *c, const char *dir)
{
    static const char *const dump_names[2] = {"mariadb-dump", "mysqldump"};
    const char *args[] = {"--single-transaction", "--quick", "--hex-blob", "--triggers",
                          "--no-tablespaces", "--skip-lock-tables", "--skip-add-locks",
                          c->db_name, NULL};
    char path[2048], keys[2048], hex[65], when[32];
    struct dirent *e;
    FILE *man = NULL;
    DIR *d;
    time_t now = time(NULL);
    int rc, nkeys = 0, ok = 0;

    if (fresh_dir(dir) != 0)
        return 1;
    path_join(path, sizeof path, dir, BACKUP_DUMP);
    rc = run_client_as_configured(c, dump_names, args, NULL, path);
    if (rc != 0) {
        fprintf(stderr, "tierctl: backup: mariadb-dump of database %s failed (exit %d); %s is "
                        "incomplete\n",
                c->db_name, rc, path);
        return 1;
    }

    path_join(path, sizeof path, dir, BACKUP_MANIFEST);
    man = fopen(path, "wx");
    if (man == NULL) {
        fprintf(stderr, "tierctl: backup: %s: %s\n", path, strerror(errno));
        return 1;
    }
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    fprintf(man, "# tierctl backup: a database dump and the public keys; private keys are not "
                 "here\nformat 1\ntierd %s\ndatabase %s\ntaken %s\n",
            TIER_VERSION, c->db_name, when);
    path_join(path, sizeof path, dir, BACKUP_DUMP);
    if (file_sha256(path, hex) != 0) {
        fprintf(stderr, "tierctl: backup: %s: %s\n", path, strerror(errno));
        goto done;
    }
    fprintf(man, "sha256 %s %s\n", hex, BACKUP_DUMP);

    path_join(keys, sizeof keys, dir, BACKUP_KEYS);
    if (mkdir(keys, 0700) != 0) {
        fprintf(stderr, "tierctl: backup: %s: %s\n", keys, strerror(errno));
        goto done;
    }
    d = opendir(c->key_dir);
    if (d == NULL) {
        fprintf(stderr, "tierctl: backup: warning: key-dir %s: %s; no public key copied (they "
                        "are also in the dump's signing_keys table)\n",
                c->key_dir, strerror(errno));
    }
    while (d != NULL && (e = readdir(d)) != NULL) {
        char from[2048], to[2048];

        if (!ends_with(e->d_name, ".pub.pem"))
            continue;
        if (nkeys >= BACKUP_MAX_KEYS) {
            fprintf(stderr, "tierctl: backup: more than %d public keys in %s; the rest are in "
                            "the dump only\n",
                    BACKUP_MAX_KEYS, c->key_dir);
            break;
        }
        path_join(from, sizeof from, c->key_dir, e->d_name);
        path_join(to, sizeof to, keys, e->d_name);
        if (copy_file(from, to, 0644) != 0 || file_sha256(to, hex) != 0) {
            fprintf(stderr, "tierctl: backup: copying %s to %s: %s\n", from, to,
                    strerror(errno));
            closedir(d);
            goto done;
        }
        fprintf(man, "sha256 %s %s/%s\n", hex, BACKUP_KEYS, e->d_name);
        nkeys++;
    }
    if (d != NULL)
        closedir(d);
    ok = 1;
done:
    if (fclose(man) != 0)
        ok = 0;
    if (!ok)
        return 1;
    path_join(path, sizeof path, dir, BACKUP_DUMP);
    printf("backup of database %s in %s: %s, %d public key%s, %s\n"
           "private keys are not in it: back up key-dir's *.key files apart (docs/operations.md)\n",
           c->db_name, dir, BACKUP_DUMP, nkeys, nkeys == 1 ? "" : "s", BACKUP_MANIFEST);
    return 0;
}

/* ---- restore --------------------------------------------------------------------- */

/* Check every "sha256 HEX NAME" line of DIR/MANIFEST; the dump must be one
 * of them. 0, or -1 after printing what differs. */
static int check_manifest(const char *dir)
{
    char path[2048], line[1024], want[65], got[65], name[512];
    int dump = 0, bad = 0;
    FILE *f;

    path_join(path, sizeof path, dir, BACKUP_MANIFEST);
    f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "tierctl: restore: %s: %s (not a tierctl backup?)\n", path,
                strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        if (sscanf(line, "sha256 %64s %511s", want, name) != 2)
            continue;
        if (strstr(name, "..") != NULL || name[0] == '/') {
            fprintf(stderr, "tierctl: restore: %s names %s, outside the backup\n", path, name);
            bad = 1;
            continue;
        }
        path_join(path, sizeof path, dir, name);
        if (file_sha256(path, got) != 0) {
            fprintf(stderr, "tierctl: restore: %s: %s\n", path, strerror(errno));
            bad = 1;
        } else if (strcmp(want, got) != 0) {
            fprintf(stderr, "tierctl: restore: %s has SHA-256 %s, but the MANIFEST says %s: "
                            "the backup was changed or damaged\n",
                    path, got, want);
            bad = 1;
        }
        dump |= strcmp(name, BACKUP_DUMP) == 0;
    }
    fclose(f);
    if (!dump && !bad) {
        fprintf(stderr, "tierctl: restore: %s/%s lists no %s\n", dir, BACKUP_MANIFEST,
                BACKUP_DUMP);
        bad = 1;
    }
    return bad ? -1 : 0;
}

/* How many tables the configured database holds; -1 after printing why. */
static long count_tables(struct tier_config *c)
{
    struct op_result res;
    struct registry reg;
    long n;

    if (cli_open_registry(c, &reg, 1) != 0)
        return -1;
    registry_table_count(&reg, &n, &res);
    registry_close(&reg);
    if (res.outcome != OP_DONE) {
        fprintf(stderr, "tierctl: restore: cannot count the tables of %s: %s\n", c->db_name,
                res.says.en);
        return -1;
    }
    return n;
}

/* Copy the backup's public keys into key-dir where missing. */
static int restore_keys(const struct tier_config *c, const char *dir)
{
    char keys[2048], from[2048], to[2048];
    struct dirent *e;
    struct stat st;
    int copied = 0, had = 0;
    DIR *d;

    path_join(keys, sizeof keys, dir, BACKUP_KEYS);
    d = opendir(keys);
    if (d == NULL)
        return 0;
    if (stat(c->key_dir, &st) != 0 && mkdir(c->key_dir, 0700) != 0) {
        fprintf(stderr, "tierctl: restore: key-dir %s: %s; public keys not copied\n", c->key_dir,
                strerror(errno));
        closedir(d);
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        if (!ends_with(e->d_name, ".pub.pem"))
            continue;
        path_join(from, sizeof from, keys, e->d_name);
        path_join(to, sizeof to, c->key_dir, e->d_name);
        if (access(to, F_OK) == 0) {
            had++;
            continue;
        }
        if (copy_file(from, to, 0644) != 0) {
            fprintf(stderr, "tierctl: restore: copying %s to %s: %s\n", from, to,
                    strerror(errno));
            closedir(d);
            return -1;
        }
        copied++;
    }
    closedir(d);
    printf("public keys: %d copied to %s, %d already there\n", copied, c->key_dir, had);
    return 0;
}

static int restore_from(struct tier_config *c, const char *dir)
{
    static const char *const client_names[2] = {"mariadb", "mysql"};
    const char *args[] = {"--batch", c->db_name, NULL};
    char path[2048];
    long tables;
    int rc;

    if (check_manifest(dir) != 0)
        return 1;
    tables = count_tables(c);
    if (tables < 0)
        return 1;
    if (tables > 0) {
        fprintf(stderr, "tierctl: restore: database %s holds %ld tables; restore only into an "
                        "empty database (create a new one, point db-name at it, and run restore "
                        "again)\n",
                c->db_name, tables);
        return 1;
    }
    path_join(path, sizeof path, dir, BACKUP_DUMP);
    rc = run_client_as_configured(c, client_names, args, path, NULL);
    if (rc != 0) {
        fprintf(stderr, "tierctl: restore: loading %s into database %s failed (exit %d); drop "
                        "what it created before trying again\n",
                path, c->db_name, rc);
        return 1;
    }
    printf("restored %s into database %s\n", path, c->db_name);
    /* privileges are the server's, not the dump's: the restored database
     * gets tierd's runtime role as migrate would set it */
    if (c->as_owner) {
        struct op_result res;
        struct registry reg;
        if (cli_open_registry(c, &reg, 1) != 0)
            return 1;
        registry_grant_runtime(&reg, c->sql_dir, c->db_role, &res);
        registry_close(&reg);
        if (res.outcome != OP_DONE) {
            fprintf(stderr, "tierctl: restore: the data is loaded, but tierd's runtime role "
                            "is not set: %s; fix it and run `tierctl migrate`\n",
                    res.says.en);
            return 1;
        }
        printf("grants: %s\n", res.says.en);
    }
    if (restore_keys(c, dir) != 0)
        return 1;
    printf("private keys are not in a backup: put key-dir's *.key files back from their own "
           "backup (mode 0600), then run `tierctl audit verify` (docs/operations.md)\n");
    return 0;
}

static int backup_or_restore(struct tier_config *c, int argc, char **argv, int restore)
{
    if (argc == 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0))
        return usage(stdout, 0);
    if (argc != 1 || argv[0][0] == '\0' || argv[0][0] == '-')
        return usage(stderr, 2);
    if (strlen(argv[0]) > PATH_LEN_MAX || strlen(c->key_dir) > PATH_LEN_MAX) {
        fprintf(stderr, "tierctl: %s: the folder's path is longer than %d bytes\n",
                restore ? "restore" : "backup", PATH_LEN_MAX);
        return 2;
    }
    return restore ? restore_from(c, argv[0]) : backup_to(c, argv[0]);
}

int cmd_backup(struct tier_config *c, int argc, char **argv)
{
    return backup_or_restore(c, argc, argv, 0);
}

int cmd_restore(struct tier_config *c, int argc, char **argv)
{
    return backup_or_restore(c, argc, argv, 1);
}
