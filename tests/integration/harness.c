/*
 * harness.c — private MariaDB + real tierd for integration tests, and a tiny
 * HTTP client (see harness.h). Everything runs as child processes; cleanup
 * runs at exit, and scripts/run-tests also sweeps servers left by a run that
 * was killed half-way.
 */
#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char dir[512];
static char conf[600];
static int port;
static pid_t tierd_pid = -1;
static int started;

const char *harness_dir(void) { return dir; }
int harness_port(void) { return port; }
pid_t harness_tierd_pid(void) { return tierd_pid; }
const char *harness_config(void) { return conf; }

const char *harness_bin(const char *name)
{
    static char path[4][512];
    static int k;
    const char *b = getenv("BUILD");
    char *p = path[k++ % 4];

    snprintf(p, 512, "%s/%s", b && *b ? b : "build", name);
    return p;
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

int harness_sh(char **out, const char *fmt, ...)
{
    char cmd[4096], full[6000];
    va_list ap;
    FILE *p;
    int st;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    /* exported, so every command of a chain (a && b) gets them */
    snprintf(full, sizeof full, "export TIER_VAR='%s' TIERD_CONFIG='%s'; { %s; } 2>&1", dir, conf,
             cmd);
    p = popen(full, "r");
    if (p == NULL)
        return -1;
    {
        size_t cap = 4096, n = 0, r;
        char *b = malloc(cap);
        while (b != NULL && (r = fread(b + n, 1, cap - n - 1, p)) > 0) {
            n += r;
            if (cap - n < 1024) {
                char *nb = realloc(b, cap * 2);
                if (nb == NULL)
                    break;
                b = nb;
                cap *= 2;
            }
        }
        if (b != NULL)
            b[n] = '\0';
        if (out != NULL)
            *out = b;
        else
            free(b);
    }
    st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int read_port(const char *file, long timeout_ms, pid_t pid)
{
    long end = now_ms() + timeout_ms;
    while (now_ms() < end) {
        FILE *f = fopen(file, "r");
        int p = 0;
        if (f != NULL) {
            if (fscanf(f, "%d", &p) != 1)
                p = 0;
            fclose(f);
            if (p > 0)
                return p;
        }
        if (pid > 0 && waitpid(pid, NULL, WNOHANG) == pid)
            return -1;
        usleep(20000);
    }
    return -1;
}

static const char *tierd_args = "";

void harness_tierd_args(const char *args)
{
    tierd_args = args != NULL ? args : "";
}

pid_t harness_spawn_tierd(const char *extra_args, const char *log_path, int *port_out)
{
    char pf[600], cmd[4096];
    pid_t pid;

    snprintf(pf, sizeof pf, "%s/port.%ld", dir, (long)now_ms());
    unlink(pf);
    snprintf(cmd, sizeof cmd, "exec %s --config '%s' --listen 127.0.0.1:0 --port-file '%s' %s "
             "2>>'%s'", harness_bin("tierd"), conf, pf, extra_args ? extra_args : "", log_path);
    pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    *port_out = read_port(pf, 15000, pid);
    if (*port_out < 0) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        return -1;
    }
    return pid;
}

int harness_db_start(void)
{
    char *out = NULL;
    int rc = harness_sh(&out, "scripts/db start");
    if (rc != 0)
        fprintf(stderr, "harness: scripts/db start failed (%d):\n%s\n", rc, out ? out : "");
    free(out);
    return rc == 0 ? 0 : -1;
}

int harness_db_stop(void)
{
    return harness_sh(NULL, "scripts/db stop") == 0 ? 0 : -1;
}

int harness_db_kill(void)
{
    char path[600];
    FILE *f;
    int pid = 0;

    snprintf(path, sizeof path, "%s/mysqld.pid", dir);
    f = fopen(path, "r");
    if (f == NULL)
        return -1;
    if (fscanf(f, "%d", &pid) != 1)
        pid = 0;
    fclose(f);
    if (pid <= 0 || kill(pid, SIGKILL) != 0)
        return -1;
    /* wait until it is really gone */
    for (int i = 0; i < 200 && kill(pid, 0) == 0; i++)
        usleep(25000);
    return 0;
}

int harness_stop(void)
{
    int rc = 0, st = 0;

    if (!started)
        return 0;
    started = 0;
    if (tierd_pid > 0) {
        /* A clean stop exits 0; under SANITIZE=1 a leak or sanitizer report
         * makes it non-zero, and that fails the suite. */
        kill(tierd_pid, SIGTERM);
        for (int i = 0; i < 400; i++) {
            if (waitpid(tierd_pid, &st, WNOHANG) == tierd_pid) {
                tierd_pid = -1;
                break;
            }
            usleep(25000);
        }
        if (tierd_pid > 0) {
            fprintf(stderr, "harness: tierd did not stop within 10 s of SIGTERM\n");
            kill(tierd_pid, SIGKILL);
            waitpid(tierd_pid, NULL, 0);
            rc = -1;
        } else if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            fprintf(stderr, "harness: tierd exited with status %d; the end of its log:\n",
                    WIFEXITED(st) ? WEXITSTATUS(st) : -1);
            harness_sh(NULL, "tail -n 40 '%s/tierd.log' >&2", dir);
            rc = -1;
        }
        tierd_pid = -1;
    }
    harness_db_stop();
    if (rc == 0 && getenv("TIER_KEEP_TEST_DIR") == NULL)
        harness_sh(NULL, "rm -rf '%s'", dir);
    return rc;
}

static void at_exit(void)
{
    harness_stop();
}

int harness_start(void)
{
    char *out = NULL, log[600];
    const char *b = getenv("BUILD");
    int rc;

    if (started)
        return 0;
    snprintf(dir, sizeof dir, "%s/itest-XXXXXX", b && *b ? b : "build");
    if (mkdtemp(dir) == NULL) {
        perror("harness: mkdtemp");
        return -1;
    }
    {
        /* absolute path: the database and tierd get it in their config */
        char *abs = realpath(dir, NULL);
        if (abs == NULL)
            return -1;
        snprintf(dir, sizeof dir, "%s", abs);
        free(abs);
    }
    snprintf(conf, sizeof conf, "%s/tierd.conf", dir);
    /* scripts/run-tests sweeps folders whose owner is gone (a run killed
     * half-way), and leaves those of test programs still running */
    harness_sh(NULL, "echo %ld > '%s/owner.pid'", (long)getpid(), dir);
    started = 1;
    atexit(at_exit);
    signal(SIGPIPE, SIG_IGN);

    if (harness_db_start() != 0)
        return -1;
    /* The suites written before issue 17 send one enterprise's application
     * many times over; test_lifecycle runs its own tierd with the checks on. */
    harness_sh(NULL, "echo 'title-checks = 0' >> '%s'", conf);
    /* and expect the certificate at approval: test_notice runs its own
     * tierd with the public notice on */
    harness_sh(NULL, "echo 'notice-days = 0' >> '%s'", conf);
    /* no scheduled issuance in the suite-wide daemon: test_registry issues by
     * hand, and test_notice runs daemons of its own with the step on */
    harness_sh(NULL, "echo 'schedule-interval = 0' >> '%s'", conf);
    rc = harness_sh(&out, "%s migrate", harness_bin("tierctl"));
    if (rc != 0) {
        fprintf(stderr, "harness: tierctl migrate failed (%d):\n%s\n", rc, out ? out : "");
        free(out);
        return -1;
    }
    free(out);
    out = NULL;
    /* the transparency log's key: tierd signs checkpoints with it */
    rc = harness_sh(&out, "%s key generate --purpose log --out '%s/keys'", harness_bin("tierctl"),
                    dir);
    if (rc != 0) {
        fprintf(stderr, "harness: tierctl key generate --purpose log failed (%d):\n%s\n", rc,
                out ? out : "");
        free(out);
        return -1;
    }
    free(out);
    snprintf(log, sizeof log, "%s/tierd.log", dir);
    tierd_pid = harness_spawn_tierd(tierd_args, log, &port);
    if (tierd_pid < 0) {
        fprintf(stderr, "harness: tierd did not start; its log:\n");
        harness_sh(NULL, "cat '%s' >&2", log);
        return -1;
    }
    return 0;
}

int http_do_port(int p, const char *method, const char *path, const char *extra_headers,
                 const void *body, size_t len, struct http_reply *r)
{
    struct sockaddr_in sa;
    struct timeval tv = {30, 0};
    char head[8192];
    size_t cap = 65536, n = 0;
    char *buf = NULL, *sep;
    int fd, hl;
    ssize_t k;

    memset(r, 0, sizeof *r);
    r->status = -1;
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)p);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
        goto fail;
    hl = snprintf(head, sizeof head,
                  "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n%s"
                  "%s\r\n",
                  method, path, p, extra_headers ? extra_headers : "", "");
    if (hl < 0 || (size_t)hl >= sizeof head)
        goto fail; /* a request head this long is not one the tests send */
    if (body != NULL || strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0) {
        hl -= 2; /* insert Content-Length before the blank line */
        hl += snprintf(head + hl, sizeof head - (size_t)hl, "Content-Length: %zu\r\n\r\n", len);
        if ((size_t)hl >= sizeof head)
            goto fail;
    }
    if (write(fd, head, (size_t)hl) != hl)
        goto fail;
    for (size_t off = 0; body != NULL && off < len;) {
        k = write(fd, (const char *)body + off, len - off);
        if (k <= 0)
            break; /* the server may answer (413) before reading everything */
        off += (size_t)k;
    }
    buf = malloc(cap);
    if (buf == NULL)
        goto fail;
    while ((k = read(fd, buf + n, cap - n - 1)) > 0) {
        n += (size_t)k;
        if (cap - n < 4096) {
            char *nb = realloc(buf, cap * 2);
            if (nb == NULL)
                goto fail;
            buf = nb;
            cap *= 2;
        }
    }
    buf[n] = '\0';
    close(fd);
    fd = -1;
    if (sscanf(buf, "HTTP/1.%*d %d", &r->status) != 1)
        goto fail;
    sep = strstr(buf, "\r\n\r\n");
    if (sep == NULL)
        goto fail;
    *sep = '\0';
    r->headers = strdup(buf);
    r->len = n - (size_t)(sep + 4 - buf);
    r->body = malloc(r->len + 1);
    if (r->headers == NULL || r->body == NULL)
        goto fail;
    memcpy(r->body, sep + 4, r->len);
    r->body[r->len] = '\0';
    free(buf);
    return 0;
fail:
    if (fd >= 0)
        close(fd);
    free(buf);
    http_reply_free(r);
    r->status = -1;
    return -1;
}

int http_do(const char *method, const char *path, const char *extra_headers, const void *body,
            size_t len, struct http_reply *r)
{
    return http_do_port(port, method, path, extra_headers, body, len, r);
}

const char *http_reply_header(const struct http_reply *r, const char *name, char *out,
                              size_t outsz)
{
    const char *p = r->headers;
    size_t nl = strlen(name);

    while (p != NULL && *p) {
        const char *eol = strstr(p, "\r\n");
        size_t ll = eol ? (size_t)(eol - p) : strlen(p);
        if (ll > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
            const char *v = p + nl + 1;
            while (*v == ' ')
                v++;
            snprintf(out, outsz, "%.*s", (int)(ll - (size_t)(v - p)), v);
            return out;
        }
        p = eol ? eol + 2 : NULL;
    }
    return NULL;
}

void http_reply_free(struct http_reply *r)
{
    free(r->headers);
    free(r->body);
    r->headers = NULL;
    r->body = NULL;
}

long http_wait_status(const char *path, int status, long timeout_ms)
{
    long start = now_ms();

    while (now_ms() - start <= timeout_ms) {
        struct http_reply r;
        http_do("GET", path, "", NULL, 0, &r);
        int st = r.status;
        http_reply_free(&r);
        if (st == status)
            return now_ms() - start;
        usleep(50000);
    }
    return -1;
}

void harness_stop_spawned(pid_t pid)
{
    if (pid <= 0)
        return;
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
}

const char *harness_attr(const char *body, const char *name, char *out, size_t n)
{
    char pat[64];
    const char *p;

    snprintf(pat, sizeof pat, "%s=\"", name);
    p = body ? strstr(body, pat) : NULL;
    out[0] = '\0';
    if (p == NULL)
        return NULL;
    p += strlen(pat);
    snprintf(out, n, "%.*s", (int)strcspn(p, "\""), p);
    return out;
}

const char *harness_csrf(const char *body, char *out, size_t n)
{
    return harness_attr(body, "name=\"csrf\" value", out, n);
}

char *harness_sql1(const char *q)
{
    char *out = NULL;

    harness_sh(&out, "scripts/db sql -N -e \"%s\"", q);
    if (out)
        out[strcspn(out, "\n")] = '\0';
    return out;
}

char *harness_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *p;
    long n;

    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    p = malloc((size_t)n + 1);
    if (p != NULL && fread(p, 1, (size_t)n, f) != (size_t)n) {
        free(p);
        p = NULL;
    }
    fclose(f);
    if (p != NULL) {
        p[n] = '\0';
        *len = (size_t)n;
    }
    return p;
}

int harness_account(const char *name, const char *args, char *token, size_t toksz)
{
    char *out = NULL;
    int rc = harness_sh(&out, "%s account add %s %s", harness_bin("tierctl"), name, args);

    if (rc != 0) {
        fprintf(stderr, "harness: account add %s failed: %s\n", name, out ? out : "");
        free(out);
        return -1;
    }
    free(out);
    out = NULL;
    rc = harness_sh(&out, "%s token issue %s 2>/dev/null", harness_bin("tierctl"), name);
    if (rc != 0 || out == NULL || strncmp(out, "tierd_", 6) != 0) {
        free(out);
        return -1;
    }
    out[strcspn(out, "\n")] = '\0';
    snprintf(token, toksz, "%s", out);
    free(out);
    return 0;
}

int harness_key_activate(void)
{
    char *out = NULL, key[80];
    int rc;

    if (harness_sh(&out, "%s key generate --alg ed25519 --out '%s/keys' 2>/dev/null | head -1",
                   harness_bin("tierctl"), harness_dir()) != 0 || out == NULL) {
        free(out);
        return -1;
    }
    snprintf(key, sizeof key, "%.64s", out);
    free(out);
    out = NULL;
    rc = harness_sh(&out, "%s key activate %s", harness_bin("tierctl"), key);
    free(out);
    return rc == 0 ? 0 : -1;
}

int http_req(const char *token, const char *method, const char *path, const char *ctype,
             const void *body, size_t len, struct http_reply *r)
{
    return http_req_port(harness_port(), token, method, path, ctype, body, len, r);
}

int http_req_port(int to_port, const char *token, const char *method, const char *path,
                  const char *ctype, const void *body, size_t len, struct http_reply *r)
{
    char h[512] = "";
    int n = 0;

    if (token != NULL && token[0] != '\0')
        n = snprintf(h, sizeof h, "Authorization: Bearer %s\r\n", token);
    if (ctype != NULL)
        snprintf(h + n, sizeof h - (size_t)n, "Content-Type: %s\r\n", ctype);
    return http_do_port(to_port, method, path, h, body, len, r);
}

int harness_write_day(const char *path, int y, int m, int d)
{
    FILE *f = fopen(path, "w");

    if (f == NULL)
        return -1;
    fprintf(f, "%04d-%02d-%02d\n", y, m, d);
    return fclose(f);
}
