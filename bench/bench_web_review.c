/*
 * bench_web_review.c — `make bench-web` (second part): the reviewers' pages under 32 signed-in
 * sessions at once over a registry of 1,000,000 applications (loaded by
 * bench_report's loader; scripts/bench-web), each page beside the API's XML
 * for the same data, in the same run.
 *
 *   bench_web_review PORT NAME PASSWORD TOKEN IDS ROUNDS WEBDIR
 *       NAME/PASSWORD: a city reviewer with a password; TOKEN: its bearer
 *       token; IDS: comma-separated applications of its city that have their
 *       documents (posted through the API by scripts/bench-web); ROUNDS per
 *       session. 32 threads sign in (one session each, keep-alive
 *       connection), then each round fetches, in turn:
 *         GET /queue                       vs  GET /v1/submissions?status=received&order=oldest
 *         GET /applications/{id}           vs  GET /v1/submissions/{id} and …/document
 *       Three passes: one session alone (the service time, no queueing),
 *       32 closed-loop sessions without think time (saturation), and 32
 *       sessions pausing BENCH_THINK_MS (default 100; 0 skips the pass)
 *       after each request (an offered rate; the sessions' starts spread
 *       over one round). Prints p50/p99 per kind, the goals (queue p99 < 50 ms, application
 *       p99 < 20 ms, page <= 1.5x its XML), and the XSLT time per page
 *       measured in this process over the same XML (web_view_render).
 *       With BENCH_PIDS="tierd=PID,mariadbd=PID" each pass also prints the
 *       CPU time each of those processes (and this one) used per round of
 *       the five requests: the cost behind the latency, which on a shared
 *       machine the other processes' load does not change the way it
 *       changes a latency.
 * Exit 1 when a request fails; the figures are printed either way.
 */
#include "tier/buf.h"
#include "tier/web_page.h"
#include "tier/web_view.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SESSIONS 32
#define MAX_IDS 256
#define KINDS 5

enum kind { Q_PAGE = 0, Q_XML, A_PAGE, A_XML, A_DOC };
static const char *const kind_names[KINDS] = {
    "queue page  GET /queue", "queue XML   GET /v1/submissions?status=received&order=oldest",
    "application page  GET /applications/{id}", "receipt XML GET /v1/submissions/{id}",
    "document XML GET /v1/submissions/{id}/document"};

static int port, rounds, nids, sessions;
static const char *name, *password, *token;
static unsigned long long ids[MAX_IDS];
static atomic_int errors;
static pthread_barrier_t signed_in; /* every session signs in before any is timed */
static double think_ms; /* pause after each request (0: closed loop, no think time) */

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

struct conn {
    int fd;
    char cookie[128];
    struct buf body;
};

static int conn_open(struct conn *c)
{
    struct sockaddr_in sa;
    int one = 1;

    c->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (c->fd < 0)
        return -1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return connect(c->fd, (struct sockaddr *)&sa, sizeof sa);
}

/* One request on the kept-alive connection; the status, or -1. The body in
 * c->body; a Set-Cookie in c->cookie. */
static int req(struct conn *c, const char *method, const char *path, const char *headers,
               const char *body)
{
    char head[8192], *p, *e;
    size_t blen = body ? strlen(body) : 0, have = 0, need;
    long clen = 0;
    int n, status;
    ssize_t k;

    n = snprintf(head, sizeof head,
                 "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: keep-alive\r\n%s"
                 "Content-Length: %zu\r\n\r\n",
                 method, path, port, headers, blen);
    if (write(c->fd, head, (size_t)n) != n || (blen && write(c->fd, body, blen) != (ssize_t)blen))
        return -1;
    buf_reset(&c->body);
    for (;;) {
        if (buf_grow(&c->body, 65536) != 0)
            return -1;
        k = read(c->fd, c->body.data + c->body.len, 65536);
        if (k <= 0)
            return -1;
        c->body.len += (size_t)k;
        c->body.data[c->body.len] = '\0';
        e = strstr(c->body.data, "\r\n\r\n");
        if (e != NULL)
            break;
    }
    have = c->body.len - (size_t)(e + 4 - c->body.data);
    status = atoi(c->body.data + 9);
    p = strcasestr(c->body.data, "\r\nContent-Length:");
    if (p != NULL && p < e)
        clen = atol(p + 17);
    p = strcasestr(c->body.data, "\r\nSet-Cookie: ");
    if (p != NULL && p < e)
        snprintf(c->cookie, sizeof c->cookie, "%.*s", (int)strcspn(p + 14, ";\r"), p + 14);
    need = (size_t)clen;
    {
        size_t off = (size_t)(e + 4 - c->body.data);
        memmove(c->body.data, c->body.data + off, have);
        c->body.len = have;
    }
    while (c->body.len < need) {
        if (buf_grow(&c->body, need - c->body.len + 1) != 0)
            return -1;
        k = read(c->fd, c->body.data + c->body.len, need - c->body.len);
        if (k <= 0)
            return -1;
        c->body.len += (size_t)k;
    }
    c->body.data[c->body.len] = '\0';
    return status;
}

struct worker {
    pthread_t t;
    int n;
    double *lat[KINDS];
    int nlat[KINDS];
    int ok;
};

static void timed(struct worker *w, struct conn *c, enum kind k, const char *path,
                  const char *headers, int want)
{
    double t0 = now_ms();
    int st = req(c, "GET", path, headers, NULL);

    w->lat[k][w->nlat[k]++] = now_ms() - t0;
    if (st != want) {
        if (atomic_fetch_add(&errors, 1) < 5)
            fprintf(stderr, "bench-web: %s answered %d (wanted %d)\n", path, st, want);
    }
    if (think_ms > 0) {
        struct timespec ts = {(time_t)(think_ms / 1e3), (long)(think_ms * 1e6) % 1000000000L};
        nanosleep(&ts, NULL);
    }
}

static void *work(void *arg)
{
    struct worker *w = arg;
    struct conn c;
    char form[512], ck[256], auth[256], path[128];

    memset(&c, 0, sizeof c);
    buf_init(&c.body, 64u << 20);
    snprintf(form, sizeof form, "name=%s&password=%s", name, password);
    if (conn_open(&c) != 0 ||
        req(&c, "POST", "/signin", "Content-Type: application/x-www-form-urlencoded\r\n", form) !=
            303 ||
        c.cookie[0] == '\0') {
        pthread_barrier_wait(&signed_in);
        goto fail;
    }
    pthread_barrier_wait(&signed_in);
    if (think_ms > 0) {
        /* spread the sessions over one round (5 requests and their pauses),
         * as independent people would be, rather than 32 requests at once */
        double d = w->n * KINDS * think_ms / sessions;
        struct timespec ts = {(time_t)(d / 1e3), (long)(d * 1e6) % 1000000000L};
        nanosleep(&ts, NULL);
    }
    snprintf(ck, sizeof ck, "Accept: text/html\r\nCookie: %s\r\n", c.cookie);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s\r\n", token);
    for (int r = 0; r < rounds; r++) {
        unsigned long long id = ids[(w->n * 7 + r) % nids];
        timed(w, &c, Q_PAGE, "/queue", ck, 200);
        timed(w, &c, Q_XML, "/v1/submissions?status=received&order=oldest", auth, 200);
        snprintf(path, sizeof path, "/applications/%llu", id);
        timed(w, &c, A_PAGE, path, ck, 200);
        snprintf(path, sizeof path, "/v1/submissions/%llu", id);
        timed(w, &c, A_XML, path, auth, 200);
        snprintf(path, sizeof path, "/v1/submissions/%llu/document", id);
        timed(w, &c, A_DOC, path, auth, 200);
    }
    w->ok = 1;
    close(c.fd);
    buf_free(&c.body);
    return NULL;
fail:
    fprintf(stderr, "bench-web: session %d could not sign in\n", w->n);
    atomic_fetch_add(&errors, 1);
    if (c.fd > 0)
        close(c.fd);
    buf_free(&c.body);
    return NULL;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(double *v, int n, double p)
{
    int i = (int)(p * (n - 1) + 0.5);
    return n ? v[i] : 0;
}

/* The XSLT time of one view over the XML `xml` (and xml2), mean of n. */
static double xslt_ms(const struct web_views *views, const char *view, const char *xml,
                      size_t len, const char *xml2, size_t len2, int n)
{
    struct web_page *p = web_page_new(view);
    struct web_param params[] = {{"user", name}, {"role", "city-reviewer"},
                                 {"scope", "370100"}, {"csrf", "x"}};
    struct buf out;
    char err[256];
    double t0, total = 0;

    buf_init(&out, 64u << 20);
    if (p == NULL || web_page_add_xml(p, xml, len, err, sizeof err) != 0 ||
        (xml2 && web_page_add_xml(p, xml2, len2, err, sizeof err) != 0)) {
        fprintf(stderr, "bench-web: page %s: %s\n", view, err);
        web_page_free(p);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        buf_reset(&out);
        t0 = now_ms();
        if (web_view_render(views, view, web_page_doc(p), params, 4, &out, err, sizeof err) != 0) {
            fprintf(stderr, "bench-web: render %s: %s\n", view, err);
            break;
        }
        total += now_ms() - t0;
    }
    web_page_free(p);
    buf_free(&out);
    return total / n;
}

/* The processes whose CPU time a pass reports (BENCH_PIDS), and this one. */
#define CPU_PROCS_MAX 4
static struct {
    char name[32];
    int pid; /* 0: this process */
} procs[CPU_PROCS_MAX];
static int nprocs;

static void procs_parse(const char *spec)
{
    char buf[256], *save = NULL;

    snprintf(buf, sizeof buf, "%s", spec ? spec : "");
    for (char *t = strtok_r(buf, ",", &save); t && nprocs < CPU_PROCS_MAX - 1;
         t = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(t, '=');
        if (eq == NULL || atoi(eq + 1) <= 0)
            continue;
        snprintf(procs[nprocs].name, sizeof procs[nprocs].name, "%.*s", (int)(eq - t), t);
        procs[nprocs++].pid = atoi(eq + 1);
    }
    snprintf(procs[nprocs].name, sizeof procs[nprocs].name, "bench client");
    procs[nprocs++].pid = 0;
}

/* User + system CPU time of process i so far, in ms; -1 when unknown. */
static double cpu_ms(int i)
{
    char path[64], line[1024], *p;
    unsigned long ut, st;
    FILE *f;

    if (procs[i].pid == 0) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
               (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
    }
    snprintf(path, sizeof path, "/proc/%d/stat", procs[i].pid);
    f = fopen(path, "r");
    if (f == NULL)
        return -1;
    p = fgets(line, sizeof line, f) ? strrchr(line, ')') : NULL;
    fclose(f);
    /* after "pid (comm)": state and 10 more fields, then utime stime (clock ticks) */
    if (p == NULL || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut,
                            &st) != 2)
        return -1;
    return (double)(ut + st) * 1e3 / (double)sysconf(_SC_CLK_TCK);
}

/* One pass: n sessions sign in, then `rounds` rounds each; p50/p99 per kind. */
static void run(int n, double *p50, double *p99)
{
    static struct worker w[SESSIONS];
    double t0, wall, cpu0[CPU_PROCS_MAX];

    sessions = n;
    memset(w, 0, sizeof w);
    if (think_ms > 0)
        printf("\n== %d signed-in sessions, %d rounds each, %.0f ms think time after each "
               "request (offered about %.0f requests/s)\n",
               n, rounds, think_ms, n * 1e3 / think_ms);
    else
        printf("\n== %d signed-in session%s, %d rounds each, closed loop (no think time)%s\n", n,
               n == 1 ? "" : "s", rounds, n == 1 ? ": the service time" : "");
    /* this thread waits with the sessions: the CPU times start once all
     * have signed in (scrypt is the sign-in's, not the pages') */
    pthread_barrier_init(&signed_in, NULL, (unsigned)n + 1);
    t0 = now_ms();
    for (int i = 0; i < n; i++) {
        w[i].n = i;
        for (int k = 0; k < KINDS; k++)
            w[i].lat[k] = calloc((size_t)rounds, sizeof(double));
        pthread_create(&w[i].t, NULL, work, &w[i]);
    }
    pthread_barrier_wait(&signed_in);
    for (int i = 0; i < nprocs; i++)
        cpu0[i] = cpu_ms(i);
    for (int i = 0; i < n; i++)
        pthread_join(w[i].t, NULL);
    wall = now_ms() - t0;
    pthread_barrier_destroy(&signed_in);
    for (int k = 0; k < KINDS; k++) {
        int m = 0;
        double *all = calloc((size_t)n * (size_t)rounds, sizeof(double));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < w[i].nlat[k]; j++)
                all[m++] = w[i].lat[k][j];
            free(w[i].lat[k]);
        }
        qsort(all, (size_t)m, sizeof *all, cmp);
        p50[k] = pct(all, m, 0.50);
        p99[k] = pct(all, m, 0.99);
        printf("  %-50s n=%6d  p50 %7.2f ms  p99 %7.2f ms\n", kind_names[k], m, p50[k], p99[k]);
        free(all);
    }
    printf("  wall time %.1f s (the %d sign-ins, scrypt each, before the timed rounds "
           "included)\n", wall / 1e3, n);
    if (nprocs > 1) {
        printf("  CPU per round of the five requests, after the sign-ins:");
        for (int i = 0; i < nprocs; i++)
            printf("%s %s %.2f ms", i ? "," : "", procs[i].name,
                   cpu0[i] < 0 ? -1 : (cpu_ms(i) - cpu0[i]) / ((double)n * rounds));
        printf("\n");
    }
}

int main(int argc, char **argv)
{
    static double p50[KINDS], p99[KINDS], q50[KINDS], q99[KINDS];
    struct web_views *views = NULL;
    struct conn c;
    char err[512], auth[256], path[128], *s, *xml1, *xml2;
    size_t l1, l2;
    int bad = 0;

    if (argc != 8) {
        fprintf(stderr, "usage: bench_web_review PORT NAME PASSWORD TOKEN IDS ROUNDS WEBDIR\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* each pass's figures as they come */
    procs_parse(getenv("BENCH_PIDS"));
    port = atoi(argv[1]);
    name = argv[2];
    password = argv[3];
    token = argv[4];
    for (s = strtok(argv[5], ","); s && nids < MAX_IDS; s = strtok(NULL, ","))
        ids[nids++] = strtoull(s, NULL, 10);
    rounds = atoi(argv[6]);
    if (nids == 0 || rounds < 1)
        return 2;

    /* the service time first (one session alone: no queueing), then the
     * saturation test (32 closed-loop sessions, no think time), then 32
     * sessions that pause BENCH_THINK_MS between requests (an offered rate) */
    run(1, p50, p99);
    run(SESSIONS, p50, p99);
    {
        const char *t = getenv("BENCH_THINK_MS");
        think_ms = t ? atof(t) : 100;
        if (think_ms > 0)
            run(SESSIONS, q50, q99);
    }

    /* the XSLT alone, over the same XML, in this process */
    if (web_views_load(argv[7], &views, err, sizeof err) != 0) {
        fprintf(stderr, "bench-web: %s\n", err);
        return 1;
    }
    memset(&c, 0, sizeof c);
    buf_init(&c.body, 64u << 20);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s\r\n", token);
    if (conn_open(&c) != 0 || req(&c, "GET", "/v1/submissions?status=received&order=oldest", auth, NULL) != 200)
        return 1;
    l1 = c.body.len;
    xml1 = strndup(c.body.data, l1);
    printf("\n== XSLT per page (web_view_render over the API's XML, mean of 200)\n");
    printf("  queue        %.3f ms  (list XML %zu bytes)\n",
           xslt_ms(views, "queue", xml1, l1, NULL, 0, 200), l1);
    free(xml1);
    snprintf(path, sizeof path, "/v1/submissions/%llu", ids[0]);
    if (req(&c, "GET", path, auth, NULL) != 200)
        return 1;
    l1 = c.body.len;
    xml1 = strndup(c.body.data, l1);
    snprintf(path, sizeof path, "/v1/submissions/%llu/document", ids[0]);
    if (req(&c, "GET", path, auth, NULL) != 200)
        return 1;
    l2 = c.body.len;
    xml2 = strndup(c.body.data, l2);
    printf("  application  %.3f ms  (receipt %zu + document %zu bytes)\n",
           xslt_ms(views, "application", xml1, l1, xml2, l2, 200), l1, l2);
    free(xml1);
    free(xml2);
    close(c.fd);
    buf_free(&c.body);
    web_views_free(views);

    printf("\n== goals\n");
#define GOAL(cond, fmt, ...)                                                                    \
    do {                                                                                        \
        int ok_ = (cond);                                                                       \
        bad |= !ok_;                                                                            \
        printf("  %s " fmt "\n", ok_ ? "met    " : "MISSED ", __VA_ARGS__);                    \
    } while (0)
    GOAL(p99[Q_PAGE] < 50, "queue page p99 %.2f ms < 50 ms", p99[Q_PAGE]);
    GOAL(p99[A_PAGE] < 20, "application page p99 %.2f ms < 20 ms", p99[A_PAGE]);
    GOAL(p50[Q_PAGE] <= 1.5 * p50[Q_XML], "queue page p50 %.2f ms <= 1.5 x list XML %.2f ms (%.2fx)",
         p50[Q_PAGE], p50[Q_XML], p50[Q_PAGE] / p50[Q_XML]);
    GOAL(p50[A_PAGE] <= 1.5 * (p50[A_XML] + p50[A_DOC]),
         "application page p50 %.2f ms <= 1.5 x (receipt %.2f + document %.2f ms) (%.2fx; "
         "against the receipt alone %.2fx)",
         p50[A_PAGE], p50[A_XML], p50[A_DOC], p50[A_PAGE] / (p50[A_XML] + p50[A_DOC]),
         p50[A_PAGE] / p50[A_XML]);
    if (think_ms > 0) {
        printf("  with %.0f ms think time (32 sessions, an offered rate rather than saturation):\n",
               think_ms);
        GOAL(q99[Q_PAGE] < 50, "queue page p99 %.2f ms < 50 ms", q99[Q_PAGE]);
        GOAL(q99[A_PAGE] < 20, "application page p99 %.2f ms < 20 ms", q99[A_PAGE]);
    }
    if (atomic_load(&errors) > 0)
        printf("  %d requests failed\n", atomic_load(&errors));
    return atomic_load(&errors) > 0 ? 1 : 0;
}
