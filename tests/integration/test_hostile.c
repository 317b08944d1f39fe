/*
 * test_hostile.c — tierd against hostile clients (issue 7, "Hostile clients"),
 * over real sockets against a real tierd and MariaDB.
 *
 * Slow clients and floods run against an extra tierd of their own, started
 * with a small cap (--max-connections 8 --request-timeout 2), so the cap and
 * the timeouts show within seconds: slow clients (a body or headers trickled
 * one byte a second, headers that stop half-way) hold at most the cap and are
 * cut off, and another client is served; 1,000 concurrent connections are
 * queued or refused while tierd's resident memory stays under MEM_BOUND_KIB
 * and it keeps serving. Tokens that are wrong, expired, disabled or malformed,
 * and another party's ids, never get a 2xx on any endpoint of the route table
 * that takes a token (src/http/routes.c; the public ones — health, metrics,
 * certificates, keys, revocations — ignore tokens). SQL metacharacters,
 * 10 KB values and invalid UTF-8 in every query and path parameter get a 4xx
 * whose body is well-formed XML, and the row counts of every table are the
 * same afterwards. Requests with 10 KB parts go through big_do (below):
 * harness.c's client builds its request head in 8 KiB.
 *
 * Timing assertions have wide margins (the machine is shared and busy): they
 * check that something happens within many times its expected delay, never
 * how fast. The numbers measured are printed.
 */
#include "harness.h"

#include <CUnit/Basic.h>
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DOC_A "tests/data/specialized-sme/eligible.xml"
#define DOC_B "tests/data/high-tech/eligible.xml"
#define USCC_A "91370102MA3C4D5E7Q" /* 济南 */
#define USCC_B "91370213MA3J9K0L51" /* 青岛 */

#define CAP 8                 /* --max-connections of the capped tierd */
#define CAPPED_ARGS "--max-connections 8 --request-timeout 2"
#define FLOOD 1000            /* concurrent connections in the flood */
#define FLOOD_POST_EVERY 5    /* every 5th of them posts… */
#define FLOOD_BODY (256 * 1024) /* …a body of 256 KiB, which tierd holds in memory */
#define MEM_BOUND_KIB (64 * 1024) /* tierd's VmRSS must stay under 64 MiB… */
#define MEM_GROWTH_KIB (16 * 1024) /* …and grow by less than 16 MiB in the flood */

static char admin[128], province[128], jinan[128], qingdao[128], ent_a[128], ent_b[128];
static char expired[128], disabled[128];
static char id_a[32], id_b[32], serial_a[64];
static char *doc_a, *doc_b;
static size_t len_a, len_b;

/* ---- small helpers ------------------------------------------------------------------ */

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* VmRSS of a process in KiB, or -1. */
static long rss_kib(pid_t pid)
{
    char path[64], line[256];
    long kb = -1;
    FILE *f;

    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    f = fopen(path, "r");
    if (f == NULL)
        return -1;
    while (fgets(line, sizeof line, f) != NULL) {
        if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
            break;
    }
    fclose(f);
    return kb;
}

/* Does a process map a file whose path contains `what`? */
static int maps_mention(pid_t pid, const char *what)
{
    char path[64], line[1024];
    int found = 0;
    FILE *f;

    snprintf(path, sizeof path, "/proc/%d/maps", (int)pid);
    f = fopen(path, "r");
    if (f == NULL)
        return 0;
    while (!found && fgets(line, sizeof line, f) != NULL)
        found = strstr(line, what) != NULL;
    fclose(f);
    return found;
}

/* Open descriptors of a process, or -1. */
static int fd_count(pid_t pid)
{
    char cmd[96], *out = NULL;
    int n = -1;

    snprintf(cmd, sizeof cmd, "ls /proc/%d/fd | wc -l", (int)pid);
    if (harness_sh(&out, "%s", cmd) == 0 && out != NULL)
        n = atoi(out);
    free(out);
    return n;
}

/* The inodes of the TCP connections a process has accepted on `port` and not
 * yet closed: its socket descriptors whose inode /proc/net/tcp lists with that
 * local port, not listening (with `open_only`, only those still ESTABLISHED).
 * Connections still in the kernel's backlog have no descriptor in the process,
 * so they do not count. Fills out[] (at most cap), returns how many, -1 on
 * error. */
static int accepted_inodes(pid_t pid, int port, int open_only, unsigned long *out, int cap)
{
    char path[64], link[64], line[512];
    unsigned long inodes[4096];
    int n = 0, held = 0;
    struct dirent *e;
    DIR *d;
    FILE *f;

    snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
    d = opendir(path);
    if (d == NULL)
        return -1;
    while ((e = readdir(d)) != NULL && n < 4096) {
        char fdp[400];
        ssize_t k;
        snprintf(fdp, sizeof fdp, "%s/%s", path, e->d_name);
        k = readlink(fdp, link, sizeof link - 1);
        if (k <= 0)
            continue;
        link[k] = '\0';
        if (sscanf(link, "socket:[%lu]", &inodes[n]) == 1)
            n++;
    }
    closedir(d);
    f = fopen("/proc/net/tcp", "r");
    if (f == NULL)
        return -1;
    while (fgets(line, sizeof line, f) != NULL) {
        unsigned int lport, st;
        unsigned long ino;
        if (sscanf(line, " %*d: %*x:%x %*x:%*x %x %*x:%*x %*x:%*x %*x %*u %*u %lu", &lport, &st,
                   &ino) != 3 || (int)lport != port || st == 0x0A ||
            (open_only && st != 0x01))
            continue;
        for (int i = 0; i < n; i++)
            if (inodes[i] == ino && held < cap)
                out[held++] = ino;
    }
    fclose(f);
    return held;
}

/* How many connections the process holds on `port`. Without `open_only`,
 * every accepted one not yet closed (a leak check). With it, the ones held
 * open: ESTABLISHED in two looks 20 ms apart, so that a connection accepted
 * only to be refused at once (over the cap), or one being cut, is not
 * counted as held against the cap. -1 on error. */
static int accepted_count(pid_t pid, int port, int open_only)
{
    unsigned long a[4096], b[4096];
    int na, nb, held = 0;

    na = accepted_inodes(pid, port, open_only, a, 4096);
    if (na < 0 || !open_only)
        return na;
    usleep(20000);
    nb = accepted_inodes(pid, port, open_only, b, 4096);
    if (nb < 0)
        return -1;
    for (int i = 0; i < na; i++)
        for (int j = 0; j < nb; j++)
            held += a[i] == b[j];
    return held;
}

/* A connected socket to 127.0.0.1:port (blocking, with timeouts), or -1. */
/* When non-zero, dial() connects from this loopback address (host order), so
 * a test that gets its address throttled leaves 127.0.0.1 alone. */
static uint32_t dial_from;

static int dial(int port)
{
    struct sockaddr_in sa;
    struct timeval tv = {10, 0};
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd < 0)
        return -1;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (dial_from != 0) {
        memset(&sa, 0, sizeof sa);
        sa.sin_family = AF_INET;
        sa.sin_addr.s_addr = htonl(dial_from);
        if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
            close(fd);
            return -1;
        }
    }
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static int send_str(int fd, const char *s)
{
    size_t n = strlen(s);
    return send(fd, s, n, MSG_NOSIGNAL) == (ssize_t)n ? 0 : -1;
}

/* Has the server closed this connection? Reads (without waiting) whatever
 * is there: 1 closed (EOF or reset, answered or not), 0 still open. */
static int closed_by_server(int fd)
{
    char buf[4096];
    struct pollfd p = {fd, POLLIN, 0};

    while (poll(&p, 1, 0) == 1) {
        ssize_t k = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (k == 0 || (k < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
            return 1;
        if (k < 0)
            return 0;
    }
    return 0;
}

static long count_rows(const char *what)
{
    char *out = NULL;
    long n = -1;

    if (harness_sh(&out, "scripts/db sql -N -e \"SELECT COUNT(*) FROM %s\"", what) == 0 && out)
        n = strtol(out, NULL, 10);
    free(out);
    return n;
}

/* Does the body parse as XML (as an error document must)? */
static int well_formed(const struct http_reply *r)
{
    xmlDocPtr d;

    if (r->body == NULL || r->len == 0)
        return 0;
    d = xmlReadMemory(r->body, (int)r->len, "reply.xml", NULL,
                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (d == NULL)
        return 0;
    xmlFreeDoc(d);
    return 1;
}

/* Percent-encode every byte outside [A-Za-z0-9._~-] (caller frees). */
static char *pct(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s);
    char *o = malloc(3 * n + 1), *p = o;

    if (o == NULL)
        return NULL;
    for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
        if ((*u >= 'A' && *u <= 'Z') || (*u >= 'a' && *u <= 'z') || (*u >= '0' && *u <= '9') ||
            *u == '.' || *u == '_' || *u == '~' || *u == '-') {
            *p++ = (char)*u;
        } else {
            *p++ = '%';
            *p++ = hex[*u >> 4];
            *p++ = hex[*u & 15];
        }
    }
    *p = '\0';
    return o;
}

/* One request to the harness's tierd, like http_do, but with the request
 * head sized to fit: harness.c builds it in 8 KiB, and these tests send
 * 10 KB paths and headers. Connection: close; reads to EOF. 0 or -1. */
static int big_do(const char *method, const char *path, const char *headers, const void *body,
                  size_t len, struct http_reply *r)
{
    size_t hsz = strlen(path) + strlen(headers) + 256, cap = 65536, n = 0;
    char *head = malloc(hsz), *buf = malloc(cap), *sep;
    int fd = dial(harness_port()), hl, rc = -1;
    ssize_t k;

    memset(r, 0, sizeof *r);
    r->status = -1;
    if (head == NULL || buf == NULL || fd < 0)
        goto done;
    hl = snprintf(head, hsz, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s"
                             "Content-Length: %zu\r\n\r\n",
                  method, path, headers, len);
    if (hl < 0 || (size_t)hl >= hsz || send(fd, head, (size_t)hl, MSG_NOSIGNAL) != hl)
        goto done;
    if (len > 0 && send(fd, body, len, MSG_NOSIGNAL) != (ssize_t)len)
        goto done;
    while ((k = recv(fd, buf + n, cap - n - 1, 0)) > 0) {
        n += (size_t)k;
        if (cap - n < 4096) {
            char *nb = realloc(buf, cap * 2);
            if (nb == NULL)
                goto done;
            buf = nb;
            cap *= 2;
        }
    }
    buf[n] = '\0';
    sep = strstr(buf, "\r\n\r\n");
    if (sep == NULL || sscanf(buf, "HTTP/1.%*d %d", &r->status) != 1) {
        r->status = -1;
        goto done;
    }
    *sep = '\0';
    r->headers = strdup(buf);
    r->len = n - (size_t)(sep + 4 - buf);
    r->body = malloc(r->len + 1);
    if (r->headers == NULL || r->body == NULL) {
        http_reply_free(r);
        r->status = -1;
        goto done;
    }
    memcpy(r->body, sep + 4, r->len);
    r->body[r->len] = '\0';
    rc = 0;
done:
    if (fd >= 0)
        close(fd);
    free(head);
    free(buf);
    return rc;
}

/* One request with an arbitrary Authorization header value (NULL: none). */
static int req_auth(const char *authz, const char *method, const char *path, const char *ctype,
                    const void *body, size_t len, struct http_reply *r)
{
    size_t n = (authz ? strlen(authz) : 0) + 128;
    char *h = malloc(n);
    int rc, k = 0;

    if (h == NULL)
        return -1;
    h[0] = '\0';
    if (authz != NULL)
        k = snprintf(h, n, "Authorization: %s\r\n", authz);
    if (ctype != NULL)
        snprintf(h + k, n - (size_t)k, "Content-Type: %s\r\n", ctype);
    rc = big_do(method, path, h, body, len, r);
    free(h);
    return rc;
}

/* The same with a bearer token ("" for none). */
static int req_token(const char *token, const char *method, const char *path,
                     const char *ctype, const void *body, size_t len, struct http_reply *r)
{
    char a[160];

    if (token == NULL || token[0] == '\0')
        return req_auth(NULL, method, path, ctype, body, len, r);
    snprintf(a, sizeof a, "Bearer %s", token);
    return req_auth(a, method, path, ctype, body, len, r);
}

static int decide_body(const char *action, char *out, size_t n)
{
    return snprintf(out, n, "<decision xmlns=\"urn:tierd:decision:1\"><action>%s</action>"
                            "<comment>hostile test</comment></decision>", action);
}

static const char REVOKE[] = "<revocation xmlns=\"urn:tierd:revocation:1\"><reason>hostile test"
                             "</reason></revocation>";

/* The id from a 201's Location into out. */
static int post_doc(const char *token, const char *doc, size_t len, char *id, size_t idsz)
{
    struct http_reply r;
    char loc[128];
    int ok;

    http_req(token, "POST", "/v1/submissions", "application/xml", doc, len, &r);
    ok = r.status == 201 && http_reply_header(&r, "Location", loc, sizeof loc) != NULL;
    if (ok)
        snprintf(id, idsz, "%.24s", loc + strlen("/v1/submissions/"));
    else
        fprintf(stderr, "test_hostile: post: %d %s\n", r.status, r.body ? r.body : "");
    http_reply_free(&r);
    return ok ? 0 : -1;
}

/* tierctl account add NAME ARGS; token issue NAME --days 1. */
static int account_with_short_token(const char *name, const char *args, char *tok, size_t n)
{
    char *out = NULL;
    int rc = harness_sh(&out, "%s account add %s %s >/dev/null && %s token issue %s --days 1",
                        harness_bin("tierctl"), name, args, harness_bin("tierctl"), name);

    if (rc == 0 && out != NULL && strncmp(out, "tierd_", 6) == 0) {
        out[strcspn(out, "\n")] = '\0';
        snprintf(tok, n, "%s", out);
    } else {
        fprintf(stderr, "test_hostile: %s: %s\n", name, out ? out : "");
        rc = -1;
    }
    free(out);
    return rc;
}

static int status_of(const char *token, const char *method, const char *path)
{
    struct http_reply r;
    int st;

    http_req(token, method, path, NULL, NULL, 0, &r);
    st = r.status;
    http_reply_free(&r);
    return st;
}

static int suite_init(void)
{
    char *out = NULL, body[512], keyid[80];
    struct http_reply r;
    int n, rc;

    if (harness_start() != 0)
        return -1;
    doc_a = harness_slurp(DOC_A, &len_a);
    doc_b = harness_slurp(DOC_B, &len_b);
    if (doc_a == NULL || doc_b == NULL)
        return -1;
    if (harness_account("admin", "--role admin", admin, sizeof admin) != 0 ||
        harness_account("province", "--role province-reviewer", province, sizeof province) ||
        harness_account("jinan", "--role city-reviewer --city 370100", jinan, sizeof jinan) ||
        harness_account("qingdao", "--role city-reviewer --city 370200", qingdao,
                        sizeof qingdao) ||
        harness_account("ent-a", "--role enterprise --uscc " USCC_A, ent_a, sizeof ent_a) ||
        harness_account("ent-b", "--role enterprise --uscc " USCC_B, ent_b, sizeof ent_b) ||
        account_with_short_token("expired", "--role enterprise --uscc " USCC_A, expired,
                                 sizeof expired) ||
        harness_account("disabled", "--role enterprise --uscc " USCC_A, disabled,
                        sizeof disabled))
        return -1;

    /* a signing key, so that A can be approved and have a certificate */
    rc = harness_sh(&out, "%s key generate --alg ed25519 --out '%s/keys' 2>/dev/null | head -1",
                    harness_bin("tierctl"), harness_dir());
    if (rc != 0 || out == NULL)
        return -1;
    snprintf(keyid, sizeof keyid, "%.64s", out);
    free(out);
    if (harness_sh(NULL, "%s key activate %s", harness_bin("tierctl"), keyid) != 0)
        return -1;

    if (post_doc(ent_a, doc_a, len_a, id_a, sizeof id_a) != 0 ||
        post_doc(ent_b, doc_b, len_b, id_b, sizeof id_b) != 0)
        return -1;
    n = decide_body("recommend", body, sizeof body);
    {
        char path[96];
        snprintf(path, sizeof path, "/v1/submissions/%s/decisions", id_a);
        http_req(jinan, "POST", path, "application/xml", body, (size_t)n, &r);
        rc = r.status;
        if (rc != 201) {
            fprintf(stderr, "test_hostile: recommend: %d %s\n", rc, r.body ? r.body : "");
            http_reply_free(&r);
            return -1;
        }
        http_reply_free(&r);
        n = decide_body("approve", body, sizeof body);
        http_req(province, "POST", path, "application/xml", body, (size_t)n, &r);
        if (r.status == 201 && r.body != NULL) {
            const char *s = strstr(r.body, "serial=\"");
            if (s != NULL)
                snprintf(serial_a, sizeof serial_a, "%.*s", (int)strcspn(s + 8, "\""), s + 8);
        }
        rc = r.status;
        http_reply_free(&r);
        if (rc != 201 || serial_a[0] == '\0') {
            fprintf(stderr, "test_hostile: approve: %d\n", rc);
            return -1;
        }
    }

    /* The expired and disabled tokens work before they are made so. */
    if (status_of(expired, "GET", "/v1/submissions") != 200 ||
        status_of(disabled, "GET", "/v1/submissions") != 200) {
        fprintf(stderr, "test_hostile: the expired/disabled tokens did not work at first\n");
        return -1;
    }
    if (harness_sh(NULL, "scripts/db sql -e \"UPDATE tokens SET expires_at = NOW() - INTERVAL 1 "
                         "DAY WHERE account_id = (SELECT id FROM accounts WHERE name = "
                         "'expired')\"") != 0 ||
        harness_sh(NULL, "%s account disable disabled", harness_bin("tierctl")) != 0)
        return -1;
    return 0;
}

static int suite_clean(void)
{
    free(doc_a);
    free(doc_b);
    return harness_stop();
}

/* An extra tierd with the small cap; its pid, port in *port. */
static pid_t capped_start(const char *logname, int *port)
{
    char log[600];

    snprintf(log, sizeof log, "%s/%s", harness_dir(), logname);
    return harness_spawn_tierd(CAPPED_ARGS, log, port);
}

/* SIGTERM and reap; 1 when it exited 0 (a clean stop). */
static int capped_stop(pid_t pid)
{
    int st = 0;

    kill(pid, SIGTERM);
    for (int i = 0; i < 600; i++) {
        if (waitpid(pid, &st, WNOHANG) == pid)
            return WIFEXITED(st) && WEXITSTATUS(st) == 0;
        usleep(50000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    return 0;
}

/* ---- (a) slow clients ----------------------------------------------------------------- */

/* 14 slow clients against a cap of 8, in this order: body and header
 * trickles alternate, so each kind is among the first CAP accepted; then the
 * connections that send part of their headers and stop. */
enum slow_kind { STALLED, BODY_TRICKLE, HEADER_TRICKLE };
static const enum slow_kind SLOW[] = {BODY_TRICKLE, HEADER_TRICKLE, BODY_TRICKLE,
                                      HEADER_TRICKLE, BODY_TRICKLE, HEADER_TRICKLE,
                                      BODY_TRICKLE, HEADER_TRICKLE, BODY_TRICKLE,
                                      HEADER_TRICKLE, STALLED, STALLED, STALLED, STALLED};
#define NSLOW ((int)(sizeof SLOW / sizeof SLOW[0]))

struct slow {
    int fd;
    enum slow_kind kind;
    long closed_ms;  /* when the server closed it (from the start), 0 = open */
};

/* Another, ordinary client: GET /healthz until it is answered 200 (a
 * refused or cut connection is tried again), on a thread of its own so that
 * the trickling goes on meanwhile. */
struct other_client {
    int port;
    long t0, served_ms; /* -1 until served */
};

static void *other_client_run(void *arg)
{
    struct other_client *o = arg;

    while (now_ms() - o->t0 < 40000) {
        struct http_reply r;
        http_do_port(o->port, "GET", "/healthz", "", NULL, 0, &r);
        if (r.status == 200)
            o->served_ms = now_ms() - o->t0;
        http_reply_free(&r);
        if (o->served_ms >= 0)
            break;
        usleep(100000);
    }
    return NULL;
}

static void test_slow_clients_hold_at_most_the_cap_and_are_cut_off(void)
{
    struct slow s[NSLOW];
    const int ns = NSLOW;
    int port = 0, held = 0, open_now;
    long t0, last_trickle = 0, next_byte;
    struct other_client other;
    pthread_t th;
    pid_t pid = capped_start("capped-slow.log", &port);

    CU_ASSERT_FATAL(pid > 0);
    t0 = now_ms();
    for (int i = 0; i < ns; i++) {
        s[i].kind = SLOW[i];
        s[i].closed_ms = 0;
        s[i].fd = dial(port);
        CU_ASSERT_FATAL(s[i].fd >= 0);
        if (s[i].kind == BODY_TRICKLE)
            send_str(s[i].fd, "POST /v1/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "Content-Type: application/xml\r\nContent-Length: 4096\r\n\r\n<");
        else
            send_str(s[i].fd, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Never-Ends: ");
    }
    usleep(500000);
    held = accepted_count(pid, port, 1);
    CU_ASSERT(held >= 1);

    /* Trickle one byte a second to every trickle still open; watch for the
     * server closing them; meanwhile another client asks for /healthz. */
    other.port = port;
    other.t0 = t0;
    other.served_ms = -1;
    CU_ASSERT_FATAL(pthread_create(&th, NULL, other_client_run, &other) == 0);
    next_byte = t0 + 1000;
    for (;;) {
        long t = now_ms();
        int now_held = accepted_count(pid, port, 1);
        if (now_held > held)
            held = now_held; /* the most tierd ever held at once */
        open_now = 0;
        for (int i = 0; i < ns; i++) {
            if (s[i].closed_ms != 0)
                continue;
            if (closed_by_server(s[i].fd)) {
                s[i].closed_ms = t - t0;
                if (s[i].kind != STALLED && s[i].closed_ms > last_trickle)
                    last_trickle = s[i].closed_ms;
                continue;
            }
            open_now++;
        }
        if (t >= next_byte) {
            for (int i = 0; i < ns; i++) {
                if (s[i].kind != STALLED && s[i].closed_ms == 0 &&
                    send(s[i].fd, "x", 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0 && errno != EAGAIN)
                    s[i].closed_ms = t - t0;
            }
            next_byte += 1000;
        }
        if (open_now == 0 || t - t0 > 40000)
            break;
        usleep(50000);
    }
    pthread_join(th, NULL);
    /* whatever libmicrohttpd had accepted over the cap would show here */
    CU_ASSERT(held >= 1 && held <= CAP);
    fprintf(stderr, "\n    slow clients: %d against a cap of %d (B body trickle, H header "
                    "trickle, S stalled headers): at most %d held by tierd at once; another "
                    "client served "
                    "after %ld ms; the last trickle cut after %ld ms; %d still open after %ld ms",
            ns, CAP, held, other.served_ms, last_trickle, open_now, now_ms() - t0);
    fprintf(stderr, "\n    closed after (ms):");
    for (int i = 0; i < ns; i++)
        fprintf(stderr, " %c%ld", "SBH"[s[i].kind], s[i].closed_ms);
    fprintf(stderr, " ");
    /* Served once the trickles are cut (about 3 s); 20 s is a margin for a
     * busy machine. Unbounded trickles kept it waiting for ever. */
    CU_ASSERT(other.served_ms >= 0 && other.served_ms < 20000);
    CU_ASSERT_EQUAL(open_now, 0);
    for (int i = 0; i < ns; i++)
        close(s[i].fd);
    CU_ASSERT(kill(pid, 0) == 0);
    CU_ASSERT(capped_stop(pid));
}

/* ---- (b) a thousand connections ------------------------------------------------------- */

static void test_a_thousand_connections_are_queued_or_refused_with_bounded_memory(void)
{
    static int fds[FLOOD];
    static char got[FLOOD]; /* 0 pending, 1 answered 2xx/5xx…, 2 closed without answer */
    static size_t off[FLOOD]; /* bytes of its request sent */
    static const char get[] = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close"
                              "\r\n\r\n";
    char *post = malloc(FLOOD_BODY + 256); /* every FLOOD_POST_EVERY-th: a 256 KiB body */
    size_t post_len;
    struct rlimit rl;
    struct http_reply r;
    int port = 0, connected = 0, answered = 0, refused = 0, pending = 0, base, fds_after;
    int sanitized, held_max = 0, held_after;
    long rss0, peak = 0, t0, later_ms = -1;
    pid_t pid;

    getrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur < FLOOD + 64 && rl.rlim_max >= FLOOD + 64) {
        rl.rlim_cur = FLOOD + 64;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    getrlimit(RLIMIT_NOFILE, &rl);
    CU_ASSERT_FATAL(rl.rlim_cur >= FLOOD + 64);

    CU_ASSERT_FATAL(post != NULL);
    /* no token: tierd reads the whole body into memory, then answers 401 */
    post_len = (size_t)snprintf(post, 256, "POST /v1/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                           "Connection: close\r\nContent-Type: application/xml"
                                           "\r\nContent-Length: %d\r\n\r\n", FLOOD_BODY);
    memset(post + post_len, '<', FLOOD_BODY);
    post_len += FLOOD_BODY;
    pid = capped_start("capped-flood.log", &port);
    CU_ASSERT_FATAL(pid > 0);
    sanitized = maps_mention(pid, "libasan");
    /* warm up once, so the baseline includes a served request */
    http_do_port(port, "GET", "/healthz", "", NULL, 0, &r);
    http_reply_free(&r);
    rss0 = rss_kib(pid);
    base = fd_count(pid);
    t0 = now_ms();
    for (int i = 0; i < FLOOD; i++) {
        struct sockaddr_in sa;
        fds[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        got[i] = 0;
        off[i] = 0;
        if (fds[i] < 0) {
            got[i] = 2;
            continue;
        }
        memset(&sa, 0, sizeof sa);
        sa.sin_family = AF_INET;
        sa.sin_port = htons((unsigned short)port);
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(fds[i], (struct sockaddr *)&sa, sizeof sa) != 0 && errno != EINPROGRESS)
            got[i] = 2;
    }
    /* send the request on each as soon as it is connected; read answers */
    {
        while (now_ms() - t0 < 30000) {
            long rss = rss_kib(pid);
            int busy = 0, acc = accepted_count(pid, port, 1);
            if (rss > peak)
                peak = rss;
            if (acc > held_max)
                held_max = acc;
            for (int i = 0; i < FLOOD; i++) {
                char buf[2048];
                ssize_t k;
                if (got[i] != 0)
                    continue;
                busy = 1;
                {
                    int big = i % FLOOD_POST_EVERY == 0;
                    const char *rqs = big ? post : get;
                    size_t rql = big ? post_len : sizeof get - 1;
                    if (off[i] < rql) {
                        k = send(fds[i], rqs + off[i], rql - off[i],
                                 MSG_NOSIGNAL | MSG_DONTWAIT);
                        if (k > 0) {
                            off[i] += (size_t)k;
                            connected += off[i] == rql;
                        } else if (k < 0 && errno != EAGAIN && errno != ENOTCONN &&
                                   errno != EINPROGRESS) {
                            got[i] = 2;
                        }
                        if (off[i] < rql)
                            continue;
                    }
                }
                k = recv(fds[i], buf, sizeof buf, MSG_DONTWAIT);
                if (k > 0 && strncmp(buf, "HTTP/1.", 7) == 0)
                    got[i] = 1;
                else if (k == 0 || (k < 0 && errno != EAGAIN))
                    got[i] = 2;
            }
            if (!busy)
                break;
            /* another client, not part of the flood, keeps being served */
            if (later_ms < 0 && now_ms() - t0 > 500) {
                if (http_do_port(port, "GET", "/healthz", "", NULL, 0, &r) == 0 &&
                    r.status == 200)
                    later_ms = now_ms() - t0;
                http_reply_free(&r);
            }
            usleep(20000);
        }
    }
    for (int i = 0; i < FLOOD; i++) {
        answered += got[i] == 1;
        refused += got[i] == 2;
        pending += got[i] == 0;
        if (fds[i] >= 0)
            close(fds[i]);
    }
    if (later_ms < 0) {
        http_do_port(port, "GET", "/healthz", "", NULL, 0, &r);
        if (r.status == 200)
            later_ms = now_ms() - t0;
        http_reply_free(&r);
    }
    usleep(500000);
    fds_after = fd_count(pid);
    held_after = accepted_count(pid, port, 0);
    fprintf(stderr, "\n    %d connections (%d of them posting %d KiB) against a cap of %d: "
                    "%d sent a whole request, %d answered, "
                    "%d closed without an answer, %d pending after %ld ms; VmRSS %ld KiB before, "
                    "peak %ld KiB (bounds: %d KiB, growth %d KiB%s); another client served "
                    "after %ld ms; at most %d connections held at once, %d after; "
                    "descriptors %d before, %d after ",
            FLOOD, FLOOD / FLOOD_POST_EVERY, FLOOD_BODY / 1024, CAP, connected, answered,
            refused, pending, now_ms() - t0, rss0, peak,
            MEM_BOUND_KIB, MEM_GROWTH_KIB, sanitized ? ", not checked under ASan" : "",
            later_ms, held_max, held_after, base, fds_after);
    CU_ASSERT(answered + refused + pending == FLOOD);
    CU_ASSERT(held_max >= 1 && held_max <= CAP); /* the rest queued or refused */
    CU_ASSERT_EQUAL(held_after, 0);
    CU_ASSERT(answered >= CAP); /* it served, not just refused */
    /* AddressSanitizer (make SANITIZE=1) keeps freed memory in quarantine,
     * by design: there the figures are printed, not bounded. */
    CU_ASSERT(peak > 0);
    if (!sanitized) {
        CU_ASSERT(peak - rss0 < MEM_GROWTH_KIB);
        CU_ASSERT(peak < MEM_BOUND_KIB);
    }
    CU_ASSERT(later_ms >= 0);
    /* the flood's connections are gone; the pool may have opened more of
     * its db-pool (8) database connections, lazily, on the way */
    CU_ASSERT(fds_after <= base + 8);
    CU_ASSERT(kill(pid, 0) == 0);
    CU_ASSERT(capped_stop(pid));
    free(post);
}

/* ---- (c) tokens and other parties' ids -------------------------------------------------- */

struct call {
    const char *method;
    char path[160];
    const char *ctype;  /* NULL: no body */
    const char *body;
    size_t len;
};

/* Every endpoint that needs a token, with real ids and valid bodies, so
 * that only the token stands between the call and a 2xx. */
static int authed_calls(struct call *c, char *dec, size_t decsz, char *doc2, size_t *doc2len)
{
    int n = 0, dl = decide_body("recommend", dec, decsz);

    /* a document not stored yet: a 2xx would store it */
    *doc2len = (size_t)snprintf(doc2, len_a + 64, "%s<!-- hostile -->\n", doc_a);
#define ADD(m, ct, b, l, ...)                                                                  \
    do {                                                                                       \
        c[n].method = m;                                                                       \
        c[n].ctype = ct;                                                                       \
        c[n].body = b;                                                                         \
        c[n].len = l;                                                                          \
        snprintf(c[n].path, sizeof c[n].path, __VA_ARGS__);                                    \
        n++;                                                                                   \
    } while (0)
    ADD("POST", "application/xml", doc2, *doc2len, "/v1/submissions");
    ADD("GET", NULL, NULL, 0, "/v1/submissions");
    ADD("GET", NULL, NULL, 0, "/v1/submissions/%s", id_a);
    ADD("GET", NULL, NULL, 0, "/v1/submissions/%s/document", id_a);
    ADD("GET", NULL, NULL, 0, "/v1/enterprises/%s", USCC_A);
    ADD("GET", NULL, NULL, 0, "/v1/reports/2026");
    ADD("POST", "application/xml", dec, (size_t)dl, "/v1/submissions/%s/decisions", id_b);
    ADD("GET", NULL, NULL, 0, "/v1/submissions/%s/decisions", id_a);
    ADD("POST", "application/xml", REVOKE, sizeof REVOKE - 1, "/v1/certificates/%s/revocation",
        serial_a);
#undef ADD
    return n;
}

static void test_bad_tokens_never_get_a_2xx_on_any_endpoint(void)
{
    struct call c[16];
    char dec[512], *doc2 = malloc(len_a + 64), wrong[128], longtok[10 * 1024 + 16];
    char bearer[4][160];
    const char *authz[16];
    size_t doc2len;
    long before = count_rows("submissions"), dec_before = count_rows("decisions");
    long revoked_before = count_rows("certificates WHERE revoked_at IS NOT NULL");
    int nc, na = 0, n401 = 0, n429 = 0, total = 0;

    CU_ASSERT_FATAL(doc2 != NULL);
    nc = authed_calls(c, dec, sizeof dec, doc2, &doc2len);
    /* wrong: a real token with its last character changed */
    snprintf(wrong, sizeof wrong, "%s", admin);
    wrong[strlen(wrong) - 1] = wrong[strlen(wrong) - 1] == 'A' ? 'B' : 'A';
    snprintf(bearer[0], sizeof bearer[0], "Bearer %s", wrong);
    snprintf(bearer[1], sizeof bearer[1], "Bearer %s", expired);
    snprintf(bearer[2], sizeof bearer[2], "Bearer %s", disabled);
    snprintf(bearer[3], sizeof bearer[3], "Bearer %sx", admin); /* one character too many */
    memcpy(longtok, "Bearer tierd_", 13);
    memset(longtok + 13, 'A', sizeof longtok - 14);
    longtok[sizeof longtok - 1] = '\0';
    authz[na++] = bearer[0];
    authz[na++] = bearer[1];
    authz[na++] = bearer[2];
    authz[na++] = bearer[3];
    authz[na++] = NULL;                    /* no header at all */
    authz[na++] = "";                      /* empty */
    authz[na++] = "Bearer";                /* no token */
    authz[na++] = "Bearer    ";            /* blanks */
    authz[na++] = "Basic YWRtaW46YWRtaW4="; /* another scheme */
    authz[na++] = "Bearer ' OR 1=1 --";
    authz[na++] = "Bearer \xff\xfe\xfd";   /* not UTF-8 */
    authz[na++] = longtok;                 /* 10 KB */
    /* from 127.0.0.3: after auth-fail-limit (10) wrong bearer tokens that
     * address is made to wait (429), and 127.0.0.1 must stay usable */
    dial_from = 0x7f000003;
    for (int a = 0; a < na; a++) {
        for (int i = 0; i < nc; i++) {
            struct http_reply r;
            req_auth(authz[a], c[i].method, c[i].path, c[i].ctype, c[i].body, c[i].len, &r);
            total++;
            n401 += r.status == 401;
            n429 += r.status == 429;
            if (r.status != 401 && r.status != 429)
                fprintf(stderr, "\n    token #%d: %s %s answered %d ", a, c[i].method,
                        c[i].path, r.status);
            CU_ASSERT(r.status >= 400 && r.status < 500);
            http_reply_free(&r);
        }
    }
    dial_from = 0;
    fprintf(stderr, "\n    %d bad tokens x %d endpoints: %d requests, %d answered 401, %d 429 ",
            na, nc, total, n401, n429);
    CU_ASSERT_EQUAL(n401 + n429, total);
    CU_ASSERT(n401 >= 10);
    CU_ASSERT(n429 > 0);
    CU_ASSERT_EQUAL(count_rows("submissions"), before);
    CU_ASSERT_EQUAL(count_rows("decisions"), dec_before);
    CU_ASSERT_EQUAL(count_rows("certificates WHERE revoked_at IS NOT NULL"), revoked_before);
    free(doc2);
}

static void test_other_parties_ids_never_get_a_2xx(void)
{
    struct {
        const char *token, *who;
        const char *method;
        char path[160];
        int body; /* 0 none, 1 recommend, 2 approve, 3 revocation, 4 fresh B document */
    } c[32];
    char rec[512], app[512], *doc2 = malloc(len_b + 64);
    int n = 0, nrec = decide_body("recommend", rec, sizeof rec);
    int napp = decide_body("approve", app, sizeof app);
    size_t doc2len;
    long before = count_rows("submissions"), dec_before = count_rows("decisions");
    long revoked_before = count_rows("certificates WHERE revoked_at IS NOT NULL");

    CU_ASSERT_FATAL(doc2 != NULL);
    doc2len = (size_t)snprintf(doc2, len_b + 64, "%s<!-- replaces -->\n", doc_b);
#define ADD(t, w, m, b, ...)                                                                   \
    do {                                                                                       \
        c[n].token = t;                                                                        \
        c[n].who = w;                                                                          \
        c[n].method = m;                                                                       \
        c[n].body = b;                                                                         \
        snprintf(c[n].path, sizeof c[n].path, __VA_ARGS__);                                    \
        n++;                                                                                   \
    } while (0)
    /* enterprise B on enterprise A's things */
    ADD(ent_b, "ent-b", "GET", 0, "/v1/submissions/%s", id_a);
    ADD(ent_b, "ent-b", "GET", 0, "/v1/submissions/%s/document", id_a);
    ADD(ent_b, "ent-b", "GET", 0, "/v1/submissions/%s/decisions", id_a);
    ADD(ent_b, "ent-b", "POST", 1, "/v1/submissions/%s/decisions", id_a);
    ADD(ent_b, "ent-b", "GET", 0, "/v1/enterprises/%s", USCC_A);
    ADD(ent_b, "ent-b", "POST", 4, "/v1/submissions?replaces=%s", id_a);
    ADD(ent_b, "ent-b", "POST", 3, "/v1/certificates/%s/revocation", serial_a);
    ADD(ent_b, "ent-b", "GET", 0, "/v1/reports/2026");
    /* Qingdao's reviewer on Jinan's enterprise; Jinan's on Qingdao's */
    ADD(qingdao, "qingdao", "GET", 0, "/v1/submissions/%s", id_a);
    ADD(qingdao, "qingdao", "GET", 0, "/v1/submissions/%s/document", id_a);
    ADD(qingdao, "qingdao", "GET", 0, "/v1/submissions/%s/decisions", id_a);
    ADD(qingdao, "qingdao", "GET", 0, "/v1/enterprises/%s", USCC_A);
    ADD(qingdao, "qingdao", "GET", 0, "/v1/submissions?city=370100");
    ADD(qingdao, "qingdao", "GET", 0, "/v1/reports/2026?city=370100");
    ADD(qingdao, "qingdao", "POST", 3, "/v1/certificates/%s/revocation", serial_a);
    ADD(jinan, "jinan", "GET", 0, "/v1/submissions/%s", id_b);
    ADD(jinan, "jinan", "GET", 0, "/v1/submissions/%s/document", id_b);
    ADD(jinan, "jinan", "POST", 1, "/v1/submissions/%s/decisions", id_b);
    ADD(jinan, "jinan", "GET", 0, "/v1/enterprises/%s", USCC_B);
    /* A's own things, by roles that may not act on them */
    ADD(ent_a, "ent-a", "POST", 2, "/v1/submissions/%s/decisions", id_a);
    ADD(ent_a, "ent-a", "POST", 3, "/v1/certificates/%s/revocation", serial_a);
    ADD(jinan, "jinan", "POST", 2, "/v1/submissions/%s/decisions", id_b);
    ADD(jinan, "jinan", "POST", 3, "/v1/certificates/%s/revocation", serial_a);
    ADD(admin, "admin", "POST", 3, "/v1/certificates/%s/revocation", serial_a);
    /* B posting A's document (its USCC is not B's) */
    ADD(ent_b, "ent-b", "POST", 5, "/v1/submissions");
#undef ADD
    for (int i = 0; i < n; i++) {
        struct http_reply r;
        const char *b = NULL;
        size_t bl = 0;
        switch (c[i].body) {
        case 1: b = rec; bl = (size_t)nrec; break;
        case 2: b = app; bl = (size_t)napp; break;
        case 3: b = REVOKE; bl = sizeof REVOKE - 1; break;
        case 4: b = doc2; bl = doc2len; break;
        case 5: b = doc_a; bl = len_a; break;
        default: break;
        }
        http_req(c[i].token, c[i].method, c[i].path, b ? "application/xml" : NULL, b, bl, &r);
        if (r.status < 400 || r.status >= 500)
            fprintf(stderr, "\n    %s: %s %s answered %d ", c[i].who, c[i].method, c[i].path,
                    r.status);
        CU_ASSERT(r.status == 403 || r.status == 404 || r.status == 409);
        http_reply_free(&r);
    }
    /* Lists are narrowed, not refused: B's list never shows A's submission. */
    {
        struct http_reply r;
        char href[64];
        snprintf(href, sizeof href, "/v1/submissions/%s\"", id_a);
        http_req(ent_b, "GET", "/v1/submissions?city=370100", NULL, NULL, 0, &r);
        CU_ASSERT(r.status == 200 || r.status == 403);
        CU_ASSERT(r.body == NULL || strstr(r.body, href) == NULL);
        http_reply_free(&r);
    }
    fprintf(stderr, "\n    %d calls with another party's ids or a role that may not: none 2xx ",
            n);
    CU_ASSERT_EQUAL(count_rows("submissions"), before);
    CU_ASSERT_EQUAL(count_rows("decisions"), dec_before);
    CU_ASSERT_EQUAL(count_rows("certificates WHERE revoked_at IS NOT NULL"), revoked_before);
    free(doc2);
}

/* ---- (d) hostile parameter values ------------------------------------------------------ */

static const char *const TABLES[] = {"submissions", "submission_documents", "findings",
                                     "enterprises", "decisions",  "certificates",
                                     "accounts",    "tokens",     "audit_log",
                                     "targets",     "signing_keys"};
#define NTABLES (sizeof TABLES / sizeof TABLES[0])

static void test_hostile_parameters_get_a_clear_4xx_and_store_nothing(void)
{
    char *values[5], *tenk = malloc(10 * 1024 + 1), dec[512], rev_path[96];
    long counts[NTABLES];
    int nv = 0, requests = 0, ill = 0, dl = decide_body("recommend", dec, sizeof dec);
    char *doc2 = malloc(len_a + 64);
    size_t doc2len;
    /* query parameters: endpoint, the other (valid) parameters, the one swept */
    static const struct {
        const char *method, *path, *fixed, *name;
        int who; /* 0 admin, 1 province */
    } q[] = {
        {"POST", "/v1/submissions", "", "replaces", 0},
        {"GET", "/v1/submissions", "limit=5&", "tier", 0},
        {"GET", "/v1/submissions", "limit=5&", "status", 0},
        {"GET", "/v1/submissions", "limit=5&", "city", 0},
        {"GET", "/v1/submissions", "limit=5&", "year", 0},
        {"GET", "/v1/submissions", "limit=5&", "after", 0},
        {"GET", "/v1/submissions", "tier=specialized-sme&", "limit", 0},
        {"GET", "/v1/reports/2026", "", "city", 1},
        {"GET", "/v1/reports/2026", "", "format", 1},
    };
    /* path parameters: the pattern with %s where the value goes */
    static const struct {
        const char *method, *pattern;
        int who; /* 0 admin, 1 province, 2 jinan, 3 none */
        int body; /* 0 none, 1 recommend, 2 revocation */
    } p[] = {
        {"GET", "/v1/submissions/%s", 0, 0},
        {"GET", "/v1/submissions/%s/document", 0, 0},
        {"GET", "/v1/submissions/%s/decisions", 0, 0},
        {"POST", "/v1/submissions/%s/decisions", 2, 1},
        {"GET", "/v1/enterprises/%s", 0, 0},
        {"GET", "/v1/reports/%s", 1, 0},
        {"GET", "/v1/certificates/%s", 3, 0},
        {"GET", "/v1/certificates/%s/document", 3, 0},
        {"POST", "/v1/certificates/%s/revocation", 1, 2},
    };
    const char *tok[] = {admin, province, jinan, ""};

    CU_ASSERT_FATAL(tenk != NULL && doc2 != NULL);
    doc2len = (size_t)snprintf(doc2, len_a + 64, "%s<!-- sweep -->\n", doc_a);
    memset(tenk, 'A', 10 * 1024);
    tenk[10 * 1024] = '\0';
    values[nv++] = "' OR 1=1 --";
    values[nv++] = "\"; DROP TABLE submissions; --";
    values[nv++] = tenk;
    values[nv++] = "\xff\xfe";
    values[nv++] = "1' UNION SELECT token_sha256 FROM tokens --";
    snprintf(rev_path, sizeof rev_path, "/v1/certificates/%s", serial_a);
    for (size_t t = 0; t < NTABLES; t++)
        counts[t] = count_rows(TABLES[t]);

    for (int v = 0; v < nv; v++) {
        char *enc = pct(values[v]);
        size_t plen = strlen(enc) + 256;
        char *path = malloc(plen);
        CU_ASSERT_FATAL(enc != NULL && path != NULL);
        for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
            struct http_reply r;
            int post = strcmp(q[i].method, "POST") == 0;
            snprintf(path, plen, "%s?%s%s=%s", q[i].path, q[i].fixed, q[i].name, enc);
            req_token(tok[q[i].who], q[i].method, path, post ? "application/xml" : NULL,
                      post ? doc2 : NULL, post ? doc2len : 0, &r);
            requests++;
            if (r.status < 400 || r.status >= 500)
                fprintf(stderr, "\n    %s %.80s… answered %d ", q[i].method, path, r.status);
            CU_ASSERT(r.status >= 400 && r.status < 500);
            if (!well_formed(&r)) {
                ill++;
                fprintf(stderr, "\n    %s %.80s…: error body is not well-formed XML ",
                        q[i].method, path);
            }
            http_reply_free(&r);
        }
        for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) {
            struct http_reply r;
            const char *b = p[i].body == 1 ? dec : p[i].body == 2 ? REVOKE : NULL;
            size_t bl = p[i].body == 1 ? (size_t)dl : p[i].body == 2 ? sizeof REVOKE - 1 : 0;
            snprintf(path, plen, p[i].pattern, enc);
            req_token(tok[p[i].who], p[i].method, path, b ? "application/xml" : NULL, b, bl, &r);
            requests++;
            if (r.status < 400 || r.status >= 500)
                fprintf(stderr, "\n    %s %.80s… answered %d ", p[i].method, path, r.status);
            CU_ASSERT(r.status >= 400 && r.status < 500);
            if (!well_formed(&r)) {
                ill++;
                fprintf(stderr, "\n    %s %.80s…: error body is not well-formed XML ",
                        p[i].method, path);
            }
            http_reply_free(&r);
        }
        free(path);
        free(enc);
    }
    fprintf(stderr, "\n    %d values x %zu parameters: %d requests, all 4xx expected, %d bodies "
                    "not well-formed ",
            nv, sizeof q / sizeof q[0] + sizeof p / sizeof p[0], requests, ill);
    CU_ASSERT_EQUAL(ill, 0);
    /* every table is there, with the rows it had */
    for (size_t t = 0; t < NTABLES; t++) {
        long now = count_rows(TABLES[t]);
        if (now != counts[t])
            fprintf(stderr, "\n    %s: %ld rows before, %ld after ", TABLES[t], counts[t], now);
        CU_ASSERT(counts[t] >= 0);
        CU_ASSERT_EQUAL(now, counts[t]);
    }
    CU_ASSERT_EQUAL(count_rows("certificates WHERE revoked_at IS NOT NULL"), 0);
    /* and tierd still serves what is there */
    CU_ASSERT_EQUAL(status_of("", "GET", rev_path), 200);
    CU_ASSERT(kill(harness_tierd_pid(), 0) == 0);
    free(tenk);
    free(doc2);
}

int main(void)
{
    CU_pSuite s;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("hostile", suite_init, suite_clean);
    CU_add_test(s, "test_slow_clients_hold_at_most_the_cap_and_are_cut_off",
                test_slow_clients_hold_at_most_the_cap_and_are_cut_off);
    CU_add_test(s, "test_a_thousand_connections_are_queued_or_refused_with_bounded_memory",
                test_a_thousand_connections_are_queued_or_refused_with_bounded_memory);
    CU_add_test(s, "test_bad_tokens_never_get_a_2xx_on_any_endpoint",
                test_bad_tokens_never_get_a_2xx_on_any_endpoint);
    CU_add_test(s, "test_other_parties_ids_never_get_a_2xx",
                test_other_parties_ids_never_get_a_2xx);
    CU_add_test(s, "test_hostile_parameters_get_a_clear_4xx_and_store_nothing",
                test_hostile_parameters_get_a_clear_4xx_and_store_nothing);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    {
        int failed = (int)CU_get_number_of_failures();
        int suite_failed = (int)CU_get_number_of_suites_failed();
        CU_cleanup_registry();
        return failed || suite_failed ? 1 : 0;
    }
}
