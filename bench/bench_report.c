/*
 * bench_report.c — `make bench-report`: how long the yearly report takes over
 * a registry of a realistic size, beside a plain GROUP BY over the same rows.
 *
 *   bench_report load CONFIG
 *       bulk-loads 200,000 synthetic enterprises, 1,000,000 applications and
 *       300,000 certificates (one per approved application) with INSERT …
 *       SELECT from MariaDB's SEQUENCE tables, in chunks of 100,000 rows,
 *       spread pseudo-randomly (CRC32 of the row number) over the 16 cities,
 *       every tier, the years 2019-2026 and the six statuses; certificates
 *       start in their application's year and run for their tier's validity,
 *       about 3% of them revoked. The rows are obviously synthetic: USCCs
 *       "ZZ<city>SYN<7 digits>" (Z is outside the USCC alphabet), names
 *       "合成基准企业N", serials "BN-<year>-<digits>", one placeholder key.
 *       Skipped when the rows are already there.
 *   bench_report run CONFIG RUNS
 *       after one warm-up, RUNS times each: report_fill for the province's
 *       2025 report, report_fill narrowed to 370100, the plain
 *       `SELECT tier, COUNT(*) FROM submissions GROUP BY tier`, and
 *       report_render to HTML; prints the medians, the goals, and EXPLAIN of
 *       the report's queries (the SQL is repeated here from report_query.c,
 *       for the plan only; the timings run report_query.c itself).
 *
 * One connection, one thread. Any database error ends the run with exit 1.
 */
#include "tier/buf.h"
#include "tier/city.h"
#include "tier/config.h"
#include "tier/date.h"
#include "tier/db.h"
#include "tier/report.h"
#include "tier/registry.h"
#include "tier/tier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define N_ENTERPRISES 200000
#define N_SUBMISSIONS 1000000
#define N_CERTIFICATES 300000 /* the applications 1..N_CERTIFICATES are the approved ones */
#define CHUNK 100000
#define MAX_RUNS 101
#define BENCH_KEY_ID "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int run_sql(struct db_conn *m, const char *sql)
{
    if (mysql_real_query(db_handle(m), sql, strlen(sql)) != 0) {
        fprintf(stderr, "bench: %s\n  in: %.300s\n", mysql_error(db_handle(m)), sql);
        return -1;
    }
    return 0;
}

/* One integer from a query without parameters; -1 on error. */
static long long scalar(struct db_conn *m, const char *sql)
{
    MYSQL_RES *res;
    MYSQL_ROW row;
    long long v = -1;

    if (run_sql(m, sql) != 0)
        return -1;
    res = mysql_store_result(db_handle(m));
    if (res == NULL)
        return -1;
    row = mysql_fetch_row(res);
    if (row != NULL && row[0] != NULL)
        v = strtoll(row[0], NULL, 10);
    mysql_free_result(res);
    return v;
}

/* "ELT(1 + CRC32(CONCAT('<salt>', seq)) % N, 'a', 'b', …)": a pseudo-random
 * pick among N quoted words, the same for the same row number. */
static void elt(struct buf *b, const char *salt, const char *const *words, int n)
{
    buf_printf(b, "ELT(1 + CRC32(CONCAT('%s', seq)) %% %d", salt, n);
    for (int i = 0; i < n; i++)
        buf_printf(b, ", '%s'", words[i]);
    buf_adds(b, ")");
}

static int load(struct db_conn *m)
{
    const char *cities[CITY_COUNT], *tiers[TIER_COUNT];
    const char *const statuses[] = {"received", "ineligible", "recommended", "returned",
                                    "rejected"};
    struct buf sql;
    double t0 = now_ms(), t;
    int rc = -1;

    for (int i = 0; i < CITY_COUNT; i++)
        cities[i] = city_all()[i].code;
    for (int i = 0; i < TIER_COUNT; i++)
        tiers[i] = tier_get((enum tier_id)i)->code;
    if (scalar(m, "SELECT COUNT(*) FROM submissions") == N_SUBMISSIONS &&
        scalar(m, "SELECT COUNT(*) FROM certificates") == N_CERTIFICATES) {
        printf("load: %d applications and %d certificates already there\n", N_SUBMISSIONS,
               N_CERTIFICATES);
        return 0;
    }
    buf_init(&sql, 64 * 1024);
    if (run_sql(m, "SET SESSION unique_checks = 0, foreign_key_checks = 0") != 0)
        goto done;
    buf_printf(&sql, "INSERT INTO signing_keys (key_id, alg, public_pem, active) VALUES ('%s', "
                     "'ed25519', '(synthetic bench key: no key behind it)', 0)", BENCH_KEY_ID);
    if (run_sql(m, sql.data) != 0)
        goto done;

    /* enterprise n lives in city n % 16: the applications copy it */
    buf_reset(&sql);
    buf_printf(&sql, "INSERT INTO enterprises (id, uscc, name, division_code, city_code, "
                     "industry_code) SELECT seq, CONCAT('ZZ', c, 'SYN', LPAD(seq, 7, '0')), "
                     "CONCAT('合成基准企业', seq), c, c, 'C3989' FROM (SELECT seq, ELT(1 + seq "
                     "%% %d", CITY_COUNT);
    for (int i = 0; i < CITY_COUNT; i++)
        buf_printf(&sql, ", '%s'", cities[i]);
    buf_printf(&sql, ") AS c FROM seq_1_to_%d) AS g", N_ENTERPRISES);
    if (run_sql(m, sql.data) != 0)
        goto done;
    t = now_ms();
    printf("load: %d enterprises in %.1f s\n", N_ENTERPRISES, (t - t0) / 1e3);
    fflush(stdout);

    for (int lo = 1; lo <= N_SUBMISSIONS; lo += CHUNK) {
        int hi = lo + CHUNK - 1;
        buf_reset(&sql);
        buf_adds(&sql, "INSERT INTO submissions (id, enterprise_id, tier, rule_set, status, "
                       "overall, sha256, doc_bytes, city_code, year, submitted_at) SELECT seq, e, ");
        elt(&sql, "t", tiers, TIER_COUNT);
        buf_printf(&sql, ", IF(y >= 2026, 2026, 2022), IF(seq <= %d, 'approved', ", N_CERTIFICATES);
        elt(&sql, "s", statuses, 5);
        buf_printf(&sql, "), 'pass', UNHEX(SHA2(seq, 256)), 4096, ELT(1 + e %% %d", CITY_COUNT);
        for (int i = 0; i < CITY_COUNT; i++)
            buf_printf(&sql, ", '%s'", cities[i]);
        buf_printf(&sql, "), y, MAKEDATE(y, d) + INTERVAL 10 HOUR FROM (SELECT seq, 1 + seq %% "
                         "%d AS e, 2019 + CRC32(CONCAT('y', seq)) %% 8 AS y, 1 + CRC32(CONCAT("
                         "'d', seq)) %% 300 AS d FROM seq_%d_to_%d) AS g",
                   N_ENTERPRISES, lo, hi);
        if (run_sql(m, sql.data) != 0)
            goto done;
    }
    printf("load: %d applications in %.1f s\n", N_SUBMISSIONS, (now_ms() - t) / 1e3);
    fflush(stdout);
    t = now_ms();

    /* one certificate per approved application, valid from a day after its
     * submission in the same year, for the tier's validity (less a day) */
    for (int lo = 1; lo <= N_CERTIFICATES; lo += CHUNK) {
        int hi = lo + CHUNK - 1 < N_CERTIFICATES ? lo + CHUNK - 1 : N_CERTIFICATES;
        buf_reset(&sql);
        buf_adds(&sql, "INSERT INTO certificates (serial, submission_id, enterprise_id, tier, "
                       "city_code, valid_from, valid_until, issued_at, key_id, document, "
                       "revoked_at, revocation_reason) SELECT CONCAT('BN-', s.year, '-', "
                       "LPAD(s.id, 18, '0')), s.id, s.enterprise_id, s.tier, s.city_code, f, "
                       "f + INTERVAL CASE s.tier");
        for (int i = 0; i < TIER_COUNT; i++)
            buf_printf(&sql, " WHEN '%s' THEN %d", tiers[i],
                       tier_get((enum tier_id)i)->validity_years);
        buf_printf(&sql, " END YEAR - INTERVAL 1 DAY, f + INTERVAL 9 HOUR, '%s', "
                         "'<synthetic/>', IF(CRC32(CONCAT('r', s.id)) %% 33 = 0, f + INTERVAL "
                         "100 DAY, NULL), IF(CRC32(CONCAT('r', s.id)) %% 33 = 0, 'synthetic', "
                         "NULL) FROM (SELECT id, year, enterprise_id, tier, city_code, "
                         "DATE(submitted_at) + INTERVAL 1 DAY AS f FROM submissions WHERE id "
                         "BETWEEN %d AND %d) AS s",
                   BENCH_KEY_ID, lo, hi);
        if (run_sql(m, sql.data) != 0)
            goto done;
    }
    printf("load: %d certificates in %.1f s\n", N_CERTIFICATES, (now_ms() - t) / 1e3);
    t = now_ms();
    if (run_sql(m, "ANALYZE TABLE enterprises, submissions, certificates") != 0)
        goto done;
    mysql_free_result(mysql_store_result(db_handle(m)));
    printf("load: ANALYZE TABLE in %.1f s; total load %.1f s\n", (now_ms() - t) / 1e3,
           (now_ms() - t0) / 1e3);
    rc = 0;
done:
    buf_free(&sql);
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Print EXPLAIN's table, key, rows and Extra for one statement. */
static void explain(struct db_conn *m, const char *label, const char *sql)
{
    char q[8192];
    MYSQL_RES *res;
    MYSQL_ROW row;
    MYSQL_FIELD *f;
    int ci[4] = {-1, -1, -1, -1};
    const char *want[4] = {"table", "key", "rows", "Extra"};

    snprintf(q, sizeof q, "EXPLAIN %s", sql);
    if (run_sql(m, q) != 0)
        return;
    res = mysql_store_result(db_handle(m));
    if (res == NULL)
        return;
    f = mysql_fetch_fields(res);
    for (unsigned i = 0; i < mysql_num_fields(res); i++) {
        for (int k = 0; k < 4; k++) {
            if (strcmp(f[i].name, want[k]) == 0)
                ci[k] = (int)i;
        }
    }
    for (row = mysql_fetch_row(res); row != NULL; row = mysql_fetch_row(res)) {
        printf("  %-16s table=%s key=%s rows=%s extra=%s\n", label,
               ci[0] >= 0 && row[ci[0]] ? row[ci[0]] : "-",
               ci[1] >= 0 && row[ci[1]] ? row[ci[1]] : "NULL",
               ci[2] >= 0 && row[ci[2]] ? row[ci[2]] : "-",
               ci[3] >= 0 && row[ci[3]] ? row[ci[3]] : "");
    }
    mysql_free_result(res);
}

static void explain_report(struct db_conn *m)
{
    char stock[4096];
    size_t n;

    printf("\n== EXPLAIN of the report's queries (2025, province)\n");
    explain(m, "pipeline", "SELECT tier, city_code, status, COUNT(*) FROM submissions WHERE "
                           "year = 2025 GROUP BY tier, city_code, status");
    explain(m, "pipeline-city", "SELECT tier, city_code, status, COUNT(*) FROM submissions "
                                "WHERE year = 2025 AND city_code = '370100' GROUP BY tier, "
                                "city_code, status");
    explain(m, "new", "SELECT tier, city_code, MONTH(valid_from), COUNT(*) FROM certificates "
                      "WHERE valid_from BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY tier, "
                      "city_code, MONTH(valid_from)");
    explain(m, "new-city", "SELECT tier, city_code, MONTH(valid_from), COUNT(*) FROM "
                           "certificates WHERE valid_from BETWEEN '2025-01-01' AND '2025-12-31' "
                           "AND city_code = '370100' GROUP BY tier, city_code, MONTH(valid_from)");
    n = (size_t)snprintf(stock, sizeof stock, "SELECT tier, city_code");
    for (int mo = 1; mo <= 12 && n < sizeof stock; mo++)
        n += (size_t)snprintf(stock + n, sizeof stock - n,
                              ", SUM(valid_from <= '2025-%02d-28' AND valid_until >= "
                              "'2025-%02d-28' AND (revoked_at IS NULL OR revoked_at >= "
                              "'2025-%02d-28 16:00:00'))", mo, mo, mo);
    snprintf(stock + n, sizeof stock - n, " FROM certificates WHERE tier IN ('tech-sme', "
                                          "'high-tech') AND valid_until >= '2025-01-31' AND "
                                          "valid_from <= '2025-12-31' GROUP BY tier, city_code");
    explain(m, "stock", stock);
    explain(m, "plain-group-by", "SELECT tier, COUNT(*) FROM submissions GROUP BY tier");
}

struct tier_count {
    char tier[33];
    int64_t n;
};

static int run(struct db_conn **conns, int runs)
{
    struct db_conn *m = conns[0];
    const int year = 2025;
    const char *city = "370100";
    struct tier_date today = date_today_cst();
    struct report *r = malloc(sizeof *r);
    double full[MAX_RUNS], one[MAX_RUNS], plain[MAX_RUNS], html[MAX_RUNS];
    double mf, mc, mp, mh;
    struct tier_count tc;
    struct db_col col[2] = {{'s', tc.tier, sizeof tc.tier, 0, 0, 0},
                            {'i', &tc.n, sizeof tc.n, 0, 0, 0}};
    struct buf out;
    unsigned int e;
    char err[512];
    size_t html_bytes = 0;
    int rc = -1;

    if (r == NULL)
        return -1;
    buf_init(&out, 16 * 1024 * 1024);
    printf("rows: submissions=%lld (year %d: %lld) certificates=%lld enterprises=%lld\n",
           scalar(m, "SELECT COUNT(*) FROM submissions"), year,
           scalar(m, "SELECT COUNT(*) FROM submissions WHERE year = 2025"),
           scalar(m, "SELECT COUNT(*) FROM certificates"),
           scalar(m, "SELECT COUNT(*) FROM enterprises"));
    /* warm-up: the buffer pool holds the indexes afterwards, as in a
     * running registry */
    for (int w = 0; w < 2; w++) {
        if (report_fill_many(conns, 3, year, NULL, &today, time(NULL), r, &e, err, sizeof err) != 0 ||
            report_fill_many(conns, 3, year, city, &today, time(NULL), r, &e, err, sizeof err) != 0 ||
            db_query(m,
                     &(struct db_select){
                         "SELECT tier, COUNT(*) FROM submissions GROUP BY tier",
                         NULL, 0, col, 2, NULL, NULL},
                     &e, err, sizeof err) < 0) {
            fprintf(stderr, "bench: %s\n", err);
            goto done;
        }
    }
    for (int i = 0; i < runs; i++) {
        double t0 = now_ms();
        if (report_fill_many(conns, 3, year, NULL, &today, time(NULL), r, &e, err, sizeof err) != 0)
            goto fail;
        full[i] = now_ms() - t0;
        t0 = now_ms();
        buf_reset(&out);
        if (report_render(r, REPORT_FORMAT_HTML, &out) != REPORT_OK) {
            snprintf(err, sizeof err, "report_render failed");
            goto fail;
        }
        html[i] = now_ms() - t0;
        html_bytes = out.len;
        t0 = now_ms();
        if (report_fill_many(conns, 3, year, city, &today, time(NULL), r, &e, err, sizeof err) != 0)
            goto fail;
        one[i] = now_ms() - t0;
        t0 = now_ms();
        if (db_query(m,
                     &(struct db_select){
                         "SELECT tier, COUNT(*) FROM submissions GROUP BY tier",
                         NULL, 0, col, 2, NULL, NULL},
                     &e, err, sizeof err) < 0)
            goto fail;
        plain[i] = now_ms() - t0;
    }
    mf = median(full, runs);
    mc = median(one, runs);
    mp = median(plain, runs);
    mh = median(html, runs);
    printf("\n== medians of %d runs after warm-up (report year %d)\n", runs, year);
    printf("report_fill province (3 conns)       %8.2f ms  (min %.2f, max %.2f)\n", mf, full[0],
           full[runs - 1]);
    printf("report_fill city %s (3 conns)%8.2f ms  (min %.2f, max %.2f)\n", city, mc, one[0],
           one[runs - 1]);
    printf("plain GROUP BY tier (1M)    %8.2f ms  (min %.2f, max %.2f)\n", mp, plain[0],
           plain[runs - 1]);
    printf("report_render html province %8.2f ms  (%zu bytes)\n", mh, html_bytes);
    printf("\n== goal: province report < 100 ms and <= 2x the plain GROUP BY\n");
    printf("province report %.2f ms: %s 100 ms -> %s\n", mf, mf < 100 ? "under" : "OVER",
           mf < 100 ? "met" : "MISSED");
    printf("province report / plain GROUP BY = %.2f (%.2f / %.2f ms): %s\n", mf / mp, mf, mp,
           mf <= 2 * mp ? "met" : "MISSED");
    printf("city report / plain GROUP BY = %.2f\n", mc / mp);
    explain_report(m);
    rc = 0;
    goto done;
fail:
    fprintf(stderr, "bench: %s\n", err);
done:
    buf_free(&out);
    free(r);
    return rc;
}

int main(int argc, char **argv)
{
    static struct tier_config c;
    char err[512];
    struct db_conn *m;
    int rc, runs = 15;

    if (argc < 3 || (strcmp(argv[1], "load") != 0 && strcmp(argv[1], "run") != 0)) {
        fprintf(stderr, "usage: bench_report load CONFIG\n       bench_report run CONFIG "
                        "[RUNS]\n");
        return 2;
    }
    if (argc > 3)
        runs = atoi(argv[3]);
    if (runs < 1 || runs > MAX_RUNS) {
        fprintf(stderr, "bench: RUNS is 1..%d\n", MAX_RUNS);
        return 2;
    }
    config_defaults(&c);
    c.db_timeout = 300; /* a bulk insert of 100,000 rows may take a while */
    m = NULL;
    if (config_load_file(&c, argv[2], err, sizeof err) == 0 &&
        config_load_password(&c, err, sizeof err) == 0)
        m = db_connect(&c, err, sizeof err);
    if (m == NULL) {
        fprintf(stderr, "bench: %s\n", err);
        return 2;
    }
    if (strcmp(argv[1], "load") == 0) {
        rc = load(m);
    } else {
        /* the report's three grouped queries run side by side, as tierd
         * runs them when its pool has the connections */
        struct db_conn *conns[3] = {m, db_connect(&c, err, sizeof err),
                                    db_connect(&c, err, sizeof err)};
        if (conns[1] == NULL || conns[2] == NULL) {
            fprintf(stderr, "bench: %s\n", err);
            return 2;
        }
        rc = run(conns, runs);
        db_close(conns[1]);
        db_close(conns[2]);
    }
    db_close(m);
    config_wipe(&c);
    return rc == 0 ? 0 : 1;
}
