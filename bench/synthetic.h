/*
 * synthetic.h — distinct applications for load programs (bench_ingest,
 * bench_approve, tests/crash/loadgen): the sample documents of tests/data,
 * each copy given a USCC of its own.
 *
 * A copy keeps its sample's division (positions 3-8); the organisation code
 * becomes two marker characters (which program, which run) and six base-31
 * digits of a serial number, and both check characters are computed, so
 * every copy is a valid, distinct enterprise and a distinct document. Also
 * what the HTTP load programs share: a loopback connection and latency
 * percentiles. Header only, all static inline: each program includes it once.
 */
#ifndef TIER_BENCH_SYNTHETIC_H
#define TIER_BENCH_SYNTHETIC_H

#include "tier/uscc.h"

#include <arpa/inet.h>
#include <glob.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define SYNTH_MAX_SAMPLES 32

struct synth_sample {
    char *text;      /* the document, NUL-terminated */
    size_t len;
    size_t uscc_off; /* offset of the 18 USCC characters */
};

static inline int64_t synth_now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* The whole file, NUL-terminated (caller frees), or NULL. */
static inline char *synth_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *p = NULL;
    long n;

    if (f == NULL)
        return NULL;
    n = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (n > 0 && fseek(f, 0, SEEK_SET) == 0)
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

/* Load up to `max` documents matching a glob pattern that have a <uscc>.
 * Returns how many (0 when none). */
static inline int synth_load(struct synth_sample *s, int max, const char *pattern)
{
    glob_t g;
    int n = 0;

    if (glob(pattern, 0, NULL, &g) != 0)
        return 0;
    for (size_t i = 0; i < g.gl_pathc && n < max; i++) {
        char *u;
        s[n].text = synth_slurp(g.gl_pathv[i], &s[n].len);
        if (s[n].text == NULL || (u = strstr(s[n].text, "<uscc>")) == NULL) {
            free(s[n].text);
            continue;
        }
        s[n].uscc_off = (size_t)(u + 6 - s[n].text);
        n++;
    }
    globfree(&g);
    return n;
}

/* A copy of sample s (caller frees) whose USCC's organisation code is
 * m1 m2 + six base-31 digits of k, check characters recomputed. */
static inline char *synth_copy(const struct synth_sample *s, char m1, char m2, long k)
{
    static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    char *d = malloc(s->len + 1), *u;

    if (d == NULL)
        return NULL;
    memcpy(d, s->text, s->len + 1);
    u = d + s->uscc_off;
    u[8] = m1;
    u[9] = m2;
    for (int i = 15; i >= 10; i--) {
        u[i] = alphabet[k % 31];
        k /= 31;
    }
    u[16] = uscc_org_check_char(u + 8);
    u[17] = uscc_check_char(u);
    return d;
}

/* A TCP connection to 127.0.0.1:port with Nagle off and, when timeout_s > 0,
 * send and receive timeouts; or -1. */
static inline int synth_dial(int port, int timeout_s)
{
    struct sockaddr_in sa;
    struct timeval tv = {timeout_s, 0};
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

    if (fd < 0)
        return -1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (timeout_s > 0) {
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
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

/* One keep-alive request on fd; the status (the answer, headers and body, in
 * buf) or -1 when the connection has to be redone. */
static inline int synth_roundtrip(int fd, const char *req, size_t len, char *buf, size_t cap)
{
    size_t have = 0, need;
    ssize_t k;
    char *end, *cl;
    int status = -1;

    if (write(fd, req, len) != (ssize_t)len)
        return -1;
    for (;;) {
        k = read(fd, buf + have, cap - 1 - have);
        if (k <= 0)
            return -1;
        have += (size_t)k;
        buf[have] = '\0';
        end = strstr(buf, "\r\n\r\n");
        if (end != NULL)
            break;
        if (have == cap - 1)
            return -1;
    }
    if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
        return -1;
    cl = strcasestr(buf, "\r\nContent-Length:");
    if (cl == NULL || cl > end)
        return -1;
    need = (size_t)(end + 4 - buf) + strtoul(cl + 17, NULL, 10);
    if (need > cap - 1)
        return -1;
    while (have < need) {
        k = read(fd, buf + have, need - have);
        if (k <= 0)
            return -1;
        have += (size_t)k;
    }
    buf[have] = '\0';
    return status;
}

static inline int synth_cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* Sort n latencies in microseconds; then synth_ms(v, n, q) is the q-th
 * quantile (0.5, 0.99) in milliseconds, 0 when there is none. */
static inline void synth_sort(long *v, size_t n)
{
    qsort(v, n, sizeof *v, synth_cmp_long);
}

static inline double synth_ms(const long *v, size_t n, double q)
{
    return n ? v[(size_t)((double)n * q)] / 1000.0 : 0.0;
}

#endif
