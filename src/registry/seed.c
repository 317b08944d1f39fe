/*
 * seed.c — what tierctl seed-demo needs beyond the ordinary use cases (see
 * registry.h): revoking a sample of a year's certificates. Submitting
 * backdated applications is registry_submit_dated (submit.c).
 */
#include "registry_int.h"

#include "tier/db.h"
#include "tier/submissions.h"
#include "tier/targets.h"

#include <stdio.h>
#include <stdlib.h>

#define SEED_MAX_REVOKE 256

long registry_revoke_some(struct registry *r, const struct principal *who, int year, long want,
                          const char *reason, char *err, size_t errsz)
{
    char(*serials)[STORE_SERIAL_LEN + 1] = calloc(SEED_MAX_REVOKE, sizeof *serials);
    char first[16], last[16];
    struct db_conn *m;
    enum store_result sr;
    long revoked = 0;
    int n = 0;

    if (serials == NULL) {
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    snprintf(first, sizeof first, "%04d-01-01", year % 10000);
    snprintf(last, sizeof last, "%04d-12-31", year % 10000);
    m = reg_conn_get(r, err, errsz);
    if (m == NULL) {
        free(serials);
        return -1;
    }
    sr = cert_unrevoked_between(m, first, last,
                                (int)(want > SEED_MAX_REVOKE ? SEED_MAX_REVOKE : want), serials,
                                &n, err, errsz);
    reg_conn_put(r, m, sr);
    if (sr != STORE_OK) {
        free(serials);
        return -1;
    }
    for (int k = 0; k < n; k++) {
        struct revoke_result res;
        registry_revoke(r, who, serials[k], reason, NULL, &res);
        if (res.outcome == REVOKE_DONE)
            revoked++;
    }
    free(serials);
    return revoked;
}

long registry_count_real_enterprises(struct registry *r, char *err, size_t errsz)
{
    struct db_conn *m = reg_conn_get(r, err, errsz);
    enum store_result sr;
    long n = -1;

    if (m == NULL)
        return -1;
    sr = enterprise_count_not_demo(m, &n, err, errsz);
    reg_conn_put(r, m, sr);
    return sr == STORE_OK ? n : -1;
}

long registry_target_count(struct registry *r, int year, char *err, size_t errsz)
{
    struct db_conn *m = reg_conn_get(r, err, errsz);
    long n;

    if (m == NULL)
        return -1;
    n = target_count(m, year, err, errsz);
    reg_conn_put(r, m, n < 0 ? STORE_ERROR : STORE_OK);
    return n;
}
