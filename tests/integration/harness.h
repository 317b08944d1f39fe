/*
 * harness.h — what every integration test stands on: a private MariaDB in a
 * temporary folder, migrated, and a real tierd on a free loopback port, plus a
 * minimal HTTP/1.1 client. harness_start() brings both up; harness_stop()
 * takes both down and is also registered with atexit(), so a failing or
 * aborting test program does not leave servers behind.
 *
 * Paths: binaries from $BUILD (default "build"), scripts and sql/ from the
 * current directory (tests run from the repository root).
 */
#ifndef TIER_TEST_HARNESS_H
#define TIER_TEST_HARNESS_H

#include <stddef.h>
#include <sys/types.h>

struct http_reply {
    int status;      /* HTTP status, or -1 when the request failed */
    char *headers;   /* raw header block (caller frees via http_reply_free) */
    char *body;      /* NUL-terminated body */
    size_t len;      /* body length */
};

/* Extra arguments for the harness's own tierd ("--fault-injection"), set
 * before harness_start. Borrowed: a string literal. */
void harness_tierd_args(const char *args);

/* Start the database and tierd (once per program). 0 or -1 (reason printed). */
int harness_start(void);

/* Stop tierd and the database and remove the temporary folder. Idempotent. */
int harness_stop(void);

/* The temporary work folder (TIER_VAR of the private database). */
const char *harness_dir(void);

/* Port and pid of the running tierd. */
int harness_port(void);
pid_t harness_tierd_pid(void);

/* The config file written for this run (db socket, user, password file). */
const char *harness_config(void);

/* Path of a binary in $BUILD ("tierd" -> "build/tierd"). Static storage. */
const char *harness_bin(const char *name);

/* kill -9 the database server; stop it cleanly; start it again. 0 or -1. */
int harness_db_kill(void);
int harness_db_stop(void);
int harness_db_start(void);

/* Run a command line through /bin/sh with TIER_VAR set; returns its exit
 * status (or -1) and, when out is not NULL, its stdout+stderr (caller frees). */
int harness_sh(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One HTTP request to 127.0.0.1:port. extra_headers is "" or lines ending
 * in "\r\n". Returns 0 and fills r, or -1 (r->status = -1). */
int http_do_port(int port, const char *method, const char *path, const char *extra_headers,
                 const void *body, size_t len, struct http_reply *r);

/* Same, to the harness's tierd. */
int http_do(const char *method, const char *path, const char *extra_headers, const void *body,
            size_t len, struct http_reply *r);

/* Value of a response header (case-insensitive name) copied into out, or
 * NULL when absent. */
const char *http_reply_header(const struct http_reply *r, const char *name, char *out,
                              size_t outsz);

void http_reply_free(struct http_reply *r);

/* Poll GET path until it answers `status` or `timeout_ms` passes. Returns
 * the milliseconds it took, or -1 on time-out. */
long http_wait_status(const char *path, int status, long timeout_ms);

/* Start an extra tierd with the harness config plus `extra_args`, stderr to
 * `log_path`; waits for its port file. Returns its pid (port in *port), or
 * -1. */
pid_t harness_spawn_tierd(const char *extra_args, const char *log_path, int *port);

/* SIGTERM a tierd that harness_spawn_tierd started and wait for it to end;
 * pid <= 0 (none was started) does nothing. */
void harness_stop_spawned(pid_t pid);

/* The value of the first attribute `name`="…" in body, copied into out (n
 * bytes; "" when absent): out, or NULL when there is none. */
const char *harness_attr(const char *body, const char *name, char *out, size_t n);

/* The CSRF token of a page's form (its name="csrf" input) into out (cut to
 * n): out, or NULL (out "") when the page has none. */
const char *harness_csrf(const char *body, char *out, size_t n);

/* The first line of what `scripts/db sql -N` answers to the query q (no
 * double quotes in q): caller frees; NULL when the shell gave nothing. */
char *harness_sql1(const char *q);

/* tierctl key generate an Ed25519 key into harness_dir()/keys, then key
 * activate it. 0 or -1. */
int harness_key_activate(void);

/* The whole file (NUL-terminated; caller frees) and its length, or NULL. */
char *harness_slurp(const char *path, size_t *len);

/* tierctl account add NAME ARGS…, then a token for it into token (>= 80
 * bytes). 0 or -1 (output printed). */
int harness_account(const char *name, const char *args, char *token, size_t toksz);

/* One request with a bearer token ("" for none) and an optional body of the
 * given content type (NULL for none). */
int http_req(const char *token, const char *method, const char *path, const char *ctype,
             const void *body, size_t len, struct http_reply *r);

/* http_req to another tierd's port (one a test spawned). */
int http_req_port(int port, const char *token, const char *method, const char *path,
                  const char *ctype, const void *body, size_t len, struct http_reply *r);

/* Write the day "YYYY-MM-DD\n" into a clock file (tierd --clock-file): time
 * moves by rewriting it, never by sleeping. 0 or -1. */
int harness_write_day(const char *path, int y, int m, int d);

#endif
