/*
 * bench_web.c — `make bench-web`: answers per second of GET paths over
 * keep-alive connections to a running tierd, each path measured in turn in
 * the same run (so /healthz, the floor of the transport, sits beside the
 * public certificate check on the same machine at the same moment).
 *
 *   bench_web PORT SECONDS THREADS PATH...
 *
 * Prints, per path: path=… answers_per_s=… p50_ms=… p99_ms=… errors=… —
 * an answer counts when its status is 200; anything else is an error (the
 * first is printed).
 */
#include "synthetic.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define MAX_THREADS 64
#define LAT_MAX 2000000

static int port;
static int64_t deadline;
static const char *path_now;
static atomic_long answers, errors, nlat;
static int32_t *lat_us;

static void *worker(void *arg)
{
    char req[512], *buf = malloc(1u << 20);
    int fd = synth_dial(port, 5), n;

    (void)arg;
    n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", path_now);
    while (buf != NULL && fd >= 0 && synth_now_us() < deadline) {
        int64_t t0 = synth_now_us();
        int st = synth_roundtrip(fd, req, (size_t)n, buf, 1u << 20);
        if (st == 200) {
            long i = atomic_fetch_add(&nlat, 1);
            atomic_fetch_add(&answers, 1);
            if (i < LAT_MAX)
                lat_us[i] = (int32_t)(synth_now_us() - t0);
        } else {
            if (atomic_fetch_add(&errors, 1) == 0)
                fprintf(stderr, "bench_web: %s: status %d\n", path_now, st);
            if (st < 0) {
                close(fd);
                fd = synth_dial(port, 5);
            }
        }
    }
    if (fd >= 0)
        close(fd);
    free(buf);
    return NULL;
}

static int cmp32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    pthread_t th[MAX_THREADS];
    int seconds, threads;

    if (argc < 5) {
        fprintf(stderr, "usage: bench_web PORT SECONDS THREADS PATH...\n");
        return 2;
    }
    port = atoi(argv[1]);
    seconds = atoi(argv[2]);
    threads = atoi(argv[3]);
    if (threads < 1 || threads > MAX_THREADS || seconds < 1) {
        fprintf(stderr, "bench_web: 1..%d threads, 1 or more seconds\n", MAX_THREADS);
        return 2;
    }
    lat_us = malloc(sizeof *lat_us * LAT_MAX);
    if (lat_us == NULL)
        return 1;
    for (int p = 4; p < argc; p++) {
        int64_t t0;
        long n;
        double s;

        path_now = argv[p];
        atomic_store(&answers, 0);
        atomic_store(&errors, 0);
        atomic_store(&nlat, 0);
        t0 = synth_now_us();
        deadline = t0 + (int64_t)seconds * 1000000;
        for (int i = 0; i < threads; i++)
            pthread_create(&th[i], NULL, worker, NULL);
        for (int i = 0; i < threads; i++)
            pthread_join(th[i], NULL);
        s = (double)(synth_now_us() - t0) / 1e6;
        n = atomic_load(&nlat) < LAT_MAX ? atomic_load(&nlat) : LAT_MAX;
        qsort(lat_us, (size_t)n, sizeof *lat_us, cmp32);
        printf("path=%s answers_per_s=%.0f p50_ms=%.2f p99_ms=%.2f errors=%ld\n", path_now,
               (double)atomic_load(&answers) / s, n ? lat_us[n / 2] / 1000.0 : 0.0,
               n ? lat_us[(long)(n * 0.99)] / 1000.0 : 0.0, atomic_load(&errors));
        fflush(stdout);
    }
    free(lat_us);
    return 0;
}
