/*
 * synthetic.h — distinct applications for load programs (bench_ingest,
 * bench_approve, tests/crash/loadgen): the sample documents of tests/data,
 * each copy given a USCC of its own.
 *
 * A copy keeps its sample's division (positions 3-8); the organisation code
 * becomes two marker characters (which program, which run) and six base-31
 * digits of a serial number, and both check characters are computed, so
 * every copy is a valid, distinct enterprise and a distinct document. Header
 * only, all static inline: each program includes it once.
 */
#ifndef TIER_BENCH_SYNTHETIC_H
#define TIER_BENCH_SYNTHETIC_H

#include "tier/uscc.h"

#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

#endif
