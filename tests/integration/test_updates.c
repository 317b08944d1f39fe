/*
 * test_updates.c — a title's later life against a real tierd and MariaDB
 * (issue 17), on a tierd of its own with the title checks on, no public
 * notice, and its day taken from a clock file (time moves by rewriting the
 * file, never by sleeping):
 *
 * - the yearly data update: not due in the year of issue; filed by the
 *   holder before the deadline (201, the same bytes again 200); refused to
 *   another enterprise (404), a reviewer (403), a document naming another
 *   certificate or not schema-valid (422); listed on the certificate;
 * - a missed update: flagged on the reviewers' list, on the certificate and
 *   on the enterprise's record, refused when filed late, and a renewal of
 *   that certificate is refused saying why (the right to renewal is lost);
 * - titles about to lapse: `tierctl expiring --days 90` and the enterprise's
 *   record list the title inside the window and not after it expired;
 * - the calendar: `tierctl calendar import` of the shipped 2026 notice, `list`
 *   gives it back with the year's working days, a bad file changes nothing,
 *   and the working days across the Spring Festival counted from the
 *   imported data are right.
 */
#include "harness.h"

#include <CUnit/Basic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tier/calendar.h"
#include "tier/config.h"
#include "tier/date.h"
#include "tier/registry_life.h"

#define HOLDER_USCC "91370211MA3D0A1B86" /* tests/data/innovative-sme/eligible.xml, 青岛 */

static char province[128], qingdao[128], jinan[128], zibo[128], admin[128], holder[128];
static char other[128];
static char clock_path[600], log_path[600], serial[64];
static pid_t tierd2 = -1;
static int port2;

static int set_clock(int y, int m, int d)
{
    return harness_write_day(clock_path, y, m, d);
}

static int req(const char *token, const char *method, const char *path, const char *body,
               struct http_reply *r)
{
    return http_req_port(port2, token, method, path, body ? "application/xml" : NULL, body,
                         body ? strlen(body) : 0, r);
}



/* 1 when body is valid against xsd/<xsd> (xmllint), else 0 (the reasons on
 * stderr). */
static int valid_against(const char *body, const char *xsd)
{
    char path[700];
    FILE *f;
    int rc;

    snprintf(path, sizeof path, "%s/answer.xml", harness_dir());
    f = fopen(path, "w");
    if (f == NULL || body == NULL) {
        if (f != NULL)
            fclose(f);
        return 0;
    }
    fputs(body, f);
    fclose(f);
    rc = harness_sh(NULL, "xmllint --noout --schema xsd/%s '%s' >&2", xsd, path);
    if (rc != 0)
        fprintf(stderr, "\n    not valid against %s:\n%s", xsd, body);
    return rc == 0;
}

/* The yearly update of `year` for certificate `cert` (the holder's sample's
 * own financial year), malloc'd. */
static char *update_doc(int year, const char *cert)
{
    size_t len = 0;
    char *src = harness_slurp("tests/data/innovative-sme/eligible.xml", &len), *out;
    const char *y0, *y1;

    if (src == NULL)
        return NULL;
    y0 = strstr(src, "<year ");
    y1 = y0 ? strstr(y0, "</year>") : NULL;
    out = malloc(len + 1024);
    if (y0 == NULL || y1 == NULL || out == NULL) {
        free(src);
        free(out);
        return NULL;
    }
    snprintf(out, len + 1024,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<update xmlns=\"urn:tierd:application:innovative-sme:1\" year=\"%d\">\n"
             "  <submissionDate>%d-04-20</submissionDate>\n"
             "  <certificate>%s</certificate>\n"
             "  <uscc>" HOLDER_USCC "</uscc>\n  %.*s</year>\n</update>\n",
             year, year, cert, (int)(y1 - y0), y0);
    free(src);
    return out;
}

static int suite_init(void)
{
    char args[900];

    if (harness_start() != 0)
        return -1;
    if (harness_account("up-admin", "--role admin", admin, sizeof admin) != 0 ||
        harness_account("up-province", "--role province-reviewer", province, sizeof province) ||
        harness_account("up-qingdao", "--role city-reviewer --city 370200", qingdao,
                        sizeof qingdao) ||
        harness_account("up-jinan", "--role city-reviewer --city 370100", jinan, sizeof jinan) ||
        harness_account("up-zibo", "--role city-reviewer --city 370300", zibo, sizeof zibo) ||
        harness_account("up-holder", "--role enterprise --uscc " HOLDER_USCC, holder,
                        sizeof holder) ||
        harness_account("up-other", "--role enterprise --uscc 91370112MA3L7M8N9D", other,
                        sizeof other))
        return -1;
    if (harness_key_activate() != 0)
        return -1;
    snprintf(clock_path, sizeof clock_path, "%s/clock-updates", harness_dir());
    snprintf(log_path, sizeof log_path, "%s/tierd-updates.log", harness_dir());
    if (set_clock(2026, 6, 10) != 0)
        return -1;
    snprintf(args, sizeof args, "--clock-file '%s' --title-checks 1 --notice-days 0",
             clock_path);
    tierd2 = harness_spawn_tierd(args, log_path, &port2);
    return tierd2 > 0 ? 0 : -1;
}

static int suite_clean(void)
{
    harness_stop_spawned(tierd2);
    return harness_stop();
}

static int decide_once(const char *token, const char *id, const char *action,
                       const char *override, char *serial_out, int quiet)
{
    char body[512], path[96];
    struct http_reply r;
    int st;

    snprintf(body, sizeof body,
             "<decision xmlns=\"urn:tierd:decision:1\"><action>%s</action>%s%s%s</decision>",
             action, override ? "<overrideReason>" : "", override ? override : "",
             override ? "</overrideReason>" : "");
    snprintf(path, sizeof path, "/v1/submissions/%s/decisions", id);
    req(token, "POST", path, body, &r);
    st = r.status;
    if (st != 201 && !quiet)
        fprintf(stderr, "\n    %s %s: %d %s", action, id, r.status, r.body ? r.body : "");
    if (serial_out != NULL)
        harness_attr(r.body, "serial", serial_out, 64);
    http_reply_free(&r);
    return st;
}

/* A decision; an application judged on a day its sample was not written for
 * may be ineligible, and the city then recommends it with a reason. */
static int decide(const char *token, const char *id, const char *action, char *serial_out)
{
    int st = decide_once(token, id, action, NULL, serial_out, strcmp(action, "recommend") == 0);

    if (st != 201 && strcmp(action, "recommend") == 0)
        st = decide_once(token, id, action, "测试：按样例数据推荐", serial_out, 0);
    return st;
}

/* 2026-06-10: the holder's 创新型 title is issued (valid through 2029-06-09). */
static void test_a_title_is_issued_with_no_notice(void)
{
    size_t len = 0;
    char *doc = harness_slurp("tests/data/innovative-sme/eligible.xml", &len);
    char loc[128], id[32];
    struct http_reply r;

    CU_ASSERT_FATAL(doc != NULL);
    req(holder, "POST", "/v1/submissions", doc, &r);
    CU_ASSERT_EQUAL_FATAL(r.status, 201);
    http_reply_header(&r, "Location", loc, sizeof loc);
    snprintf(id, sizeof id, "%.31s", loc + 16);
    http_reply_free(&r);
    CU_ASSERT_EQUAL_FATAL(decide(qingdao, id, "recommend", NULL), 201);
    CU_ASSERT_EQUAL_FATAL(decide(province, id, "approve", serial), 201);
    CU_ASSERT_FATAL(serial[0] != '\0');
    free(doc);
}

static void test_the_update_is_not_due_in_the_year_of_issue(void)
{
    char *doc = update_doc(2026, serial);
    char path[128];
    struct http_reply r;

    CU_ASSERT_FATAL(doc != NULL && serial[0]);
    set_clock(2026, 6, 11);
    snprintf(path, sizeof path, "/v1/certificates/%s/updates", serial);
    req(holder, "POST", path, doc, &r);
    CU_ASSERT_EQUAL(r.status, 409);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "update-not-due"));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "2027")); /* says which one is owed */
    http_reply_free(&r);
    free(doc);
}

static void test_the_holder_files_the_update_before_the_deadline(void)
{
    char *doc = update_doc(2027, serial), *wrong = update_doc(2027, "IS-2026-000000000000000000");
    char path[128], v[16];
    struct http_reply r;

    CU_ASSERT_FATAL(doc != NULL && wrong != NULL && serial[0]);
    set_clock(2027, 4, 20);
    snprintf(path, sizeof path, "/v1/certificates/%s/updates", serial);
    /* not the holder: as if the title did not exist; a reviewer: not a filer */
    req(other, "POST", path, doc, &r);
    CU_ASSERT_EQUAL(r.status, 404);
    http_reply_free(&r);
    req(qingdao, "POST", path, doc, &r);
    CU_ASSERT_EQUAL(r.status, 403);
    http_reply_free(&r);
    /* a document naming another certificate, and one that is not an update */
    req(holder, "POST", path, wrong, &r);
    CU_ASSERT_EQUAL(r.status, 422);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "update-mismatch"));
    http_reply_free(&r);
    req(holder, "POST", path, "<update xmlns=\"urn:tierd:application:innovative-sme:1\" "
                              "year=\"2027\"><uscc>" HOLDER_USCC "</uscc></update>", &r);
    CU_ASSERT_EQUAL(r.status, 422);
    http_reply_free(&r);
    /* filed; the same bytes again answer as the first time */
    req(holder, "POST", path, doc, &r);
    CU_ASSERT_EQUAL(r.status, 201);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "deadline=\"2027-04-30\""));
    CU_ASSERT(valid_against(r.body, "updates.xsd"));
    http_reply_free(&r);
    req(holder, "POST", path, doc, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    http_reply_free(&r);
    /* on the certificate, public: the update, nothing missing */
    req("", "GET", path, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "<update year=\"2027\""));
    CU_ASSERT(valid_against(r.body, "updates.xsd"));
    CU_ASSERT_STRING_EQUAL(harness_attr(r.body, "updateMissing", v, sizeof v) ? v : "", "false");
    http_reply_free(&r);
    /* and the audit chain holds it */
    {
        char *out = NULL;

        CU_ASSERT_EQUAL(harness_sh(&out, "scripts/db sql -N -e \"SELECT COUNT(*) FROM audit_log "
                                         "WHERE action = 'update.file' AND object_id = '%s'\"",
                                   serial),
                        0);
        CU_ASSERT_PTR_NOT_NULL(out && strncmp(out, "1", 1) == 0);
        free(out);
    }
    free(doc);
    free(wrong);
}

static void test_a_missed_update_is_flagged_and_costs_the_renewal(void)
{
    char *doc = update_doc(2028, serial), *renewal, *out = NULL;
    char path[128], rec[128], v[16];
    size_t len = 0;
    struct http_reply r;
    const char *root;
    char *sample = harness_slurp("tests/data/innovative-sme/eligible.xml", &len);

    CU_ASSERT_FATAL(doc != NULL && sample != NULL && serial[0]);
    set_clock(2028, 5, 1); /* the 2028 deadline (04-30) passed with nothing filed */
    req(province, "GET", "/v1/updates/missing", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, serial));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "updateYear=\"2028\""));
    CU_ASSERT(valid_against(r.body, "updates.xsd"));
    http_reply_free(&r);
    req(jinan, "GET", "/v1/updates/missing", NULL, &r); /* another city's: not listed */
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NULL(r.body ? strstr(r.body, serial) : "x");
    http_reply_free(&r);
    req(holder, "GET", "/v1/updates/missing", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 403);
    http_reply_free(&r);
    /* on the certificate and on the enterprise's record */
    snprintf(path, sizeof path, "/v1/certificates/%s/updates", serial);
    req("", "GET", path, NULL, &r);
    CU_ASSERT_STRING_EQUAL(harness_attr(r.body, "updateMissing", v, sizeof v) ? v : "", "true");
    http_reply_free(&r);
    req(holder, "GET", "/v1/enterprises/" HOLDER_USCC, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    snprintf(rec, sizeof rec, "<title serial=\"%s\"", serial);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, rec));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "updateMissing=\"true\""));
    CU_ASSERT(valid_against(r.body, "enterprise.xsd"));
    http_reply_free(&r);
    /* too late now: refused, saying what it costs */
    req(holder, "POST", path, doc, &r);
    CU_ASSERT_EQUAL(r.status, 409);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "update-late"));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "2028-04-30"));
    http_reply_free(&r);
    /* the operator's list says it too */
    CU_ASSERT_EQUAL(harness_sh(&out, "%s --clock-file '%s' expiring --missing-updates",
                               harness_bin("tierctl"), clock_path),
                    0);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, serial));
    free(out);
    out = NULL;

    /* 2029-04-01: inside the renewal window, but the right was lost */
    set_clock(2029, 4, 1);
    root = strstr(sample, "<application ");
    CU_ASSERT_FATAL(root != NULL);
    renewal = malloc(len + 128);
    CU_ASSERT_FATAL(renewal != NULL);
    snprintf(renewal, len + 128, "%.*s<application kind=\"renewal\" renews=\"%s\" %s",
             (int)(root - sample), sample, serial, root + strlen("<application "));
    req(holder, "POST", "/v1/submissions", renewal, &r);
    CU_ASSERT_EQUAL(r.status, 409);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "renewal-right-lost"));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "年度数据更新逾期未报"));
    if (r.status != 409)
        fprintf(stderr, "\n    renewal: %d %s", r.status, r.body ? r.body : "");
    http_reply_free(&r);
    free(renewal);
    free(sample);
    free(doc);
}

static void test_a_title_lapsing_within_90_days_is_listed_until_it_expires(void)
{
    char *out = NULL, rec[200];
    struct http_reply r;

    CU_ASSERT_FATAL(serial[0]);
    set_clock(2029, 4, 1); /* valid through 2029-06-09: 69 days left */
    CU_ASSERT_EQUAL(harness_sh(&out, "%s --clock-file '%s' expiring --days 90",
                               harness_bin("tierctl"), clock_path),
                    0);
    snprintf(rec, sizeof rec, "2029-06-09\t69\t%s\tinnovative-sme\t" HOLDER_USCC, serial);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, rec));
    if (out == NULL || strstr(out, rec) == NULL)
        fprintf(stderr, "\n    expiring: %s", out ? out : "");
    free(out);
    out = NULL;
    CU_ASSERT_EQUAL(harness_sh(&out, "%s --clock-file '%s' expiring --days 60",
                               harness_bin("tierctl"), clock_path),
                    0);
    CU_ASSERT_PTR_NULL(out ? strstr(out, serial) : "x"); /* outside 60 days */
    free(out);
    out = NULL;
    req(qingdao, "GET", "/v1/expiring?days=90", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, serial));
    CU_ASSERT(valid_against(r.body, "updates.xsd"));
    http_reply_free(&r);
    req(holder, "GET", "/v1/enterprises/" HOLDER_USCC, NULL, &r);
    snprintf(rec, sizeof rec, "serial=\"%s\" tier=\"innovative-sme\" state=\"valid\"", serial);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, rec));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "daysLeft=\"69\" expiring=\"true\""));
    http_reply_free(&r);

    /* the day after validUntil: expired, no longer "about to lapse" */
    set_clock(2029, 6, 10);
    CU_ASSERT_EQUAL(harness_sh(&out, "%s --clock-file '%s' expiring --days 90",
                               harness_bin("tierctl"), clock_path),
                    0);
    CU_ASSERT_PTR_NULL(out ? strstr(out, serial) : "x");
    free(out);
    req(holder, "GET", "/v1/enterprises/" HOLDER_USCC, NULL, &r);
    snprintf(rec, sizeof rec, "serial=\"%s\" tier=\"innovative-sme\" state=\"expired\"", serial);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, rec));
    http_reply_free(&r);
}

/* The shipped 2026 notice imported, listed back, and counted from the
 * database: 13–27 February 2026 spans the Spring Festival (15–23 off) and
 * the worked Saturday 14 February, so (13 Feb, 27 Feb] holds 5 working days
 * where weekends alone would say 10. */
static void test_the_calendar_is_imported_listed_and_counts_across_the_spring_festival(void)
{
    char *out = NULL, err[512], bad[700];
    struct tier_config cfg;
    struct registry reg;
    struct calendar cal;
    struct tier_date a = {2026, 2, 13}, b = {2026, 2, 27};
    FILE *f;

    CU_ASSERT_EQUAL(harness_sh(&out, "%s calendar import calendar/2026.txt",
                               harness_bin("tierctl")),
                    0);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "imported 39 days"));
    free(out);
    out = NULL;
    CU_ASSERT_EQUAL(harness_sh(&out, "%s calendar list 2026", harness_bin("tierctl")), 0);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "2026-02-14 workday 春节调休\n"));
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "2026-02-15..2026-02-23 holiday 春节\n"));
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "# 248 working days in 2026"));
    free(out);
    out = NULL;
    CU_ASSERT_EQUAL(harness_sh(&out, "%s calendar list 2027", harness_bin("tierctl")), 0);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "no holiday notice of 2027"));
    free(out);
    out = NULL;

    /* a bad line: named, and nothing of the file is imported */
    snprintf(bad, sizeof bad, "%s/bad-calendar.txt", harness_dir());
    f = fopen(bad, "w");
    CU_ASSERT_FATAL(f != NULL);
    fprintf(f, "2026-01-01..2026-01-03 holiday 元旦\n2026-03-04 workday 周三\n");
    fclose(f);
    CU_ASSERT_EQUAL(harness_sh(&out, "%s calendar import '%s'", harness_bin("tierctl"), bad), 1);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "line 2"));
    free(out);
    out = NULL;

    /* counted from the database's days, as the notice period is */
    config_defaults(&cfg);
    CU_ASSERT_FATAL(config_load_file(&cfg, harness_config(), err, sizeof err) == 0);
    CU_ASSERT_FATAL(config_load_password(&cfg, err, sizeof err) == 0);
    CU_ASSERT_FATAL(registry_open(&reg, &cfg, 1, err, sizeof err) == 0);
    calendar_init(&cal);
    CU_ASSERT_EQUAL(registry_calendar_load(&reg, &cal, err, sizeof err), 0);
    CU_ASSERT_EQUAL(cal.n, 39);
    CU_ASSERT_EQUAL(calendar_count_workdays(&cal, &a, &b), 5);
    CU_ASSERT_TRUE(calendar_covers(&cal, 2026));
    calendar_free(&cal);
    CU_ASSERT_EQUAL(calendar_count_workdays(&cal, &a, &b), 10); /* weekends alone */
    registry_close(&reg);
}


/* Issue one certificate of the sample of `tier` (with `extra` after its XML
 * declaration, so the bytes differ) on the clock's day y-m-d, by the holder
 * `token` (or admin); its serial into out (64 bytes) and its application id
 * into id (32). 0 or -1. */
static int issue(const char *tier, const char *extra, int y, int m, int d, char *out, char *id)
{
    size_t len = 0;
    char path[128], loc[128], *doc, *full;
    const char *decl;
    struct http_reply r;
    int st;

    snprintf(path, sizeof path, "tests/data/%s/eligible.xml", tier);
    doc = harness_slurp(path, &len);
    full = doc ? malloc(len + strlen(extra) + 1) : NULL;
    if (full == NULL) {
        free(doc);
        return -1;
    }
    decl = strstr(doc, "?>");
    decl = decl ? decl + 2 : doc;
    snprintf(full, len + strlen(extra) + 1, "%.*s%s%s", (int)(decl - doc), doc, extra, decl);
    free(doc);
    set_clock(y, m, d);
    req(admin, "POST", "/v1/submissions", full, &r);
    st = r.status;
    if (st != 201)
        fprintf(stderr, "\n    post %s on %d-%02d-%02d: %d %s", tier, y, m, d, r.status,
                r.body ? r.body : "");
    http_reply_header(&r, "Location", loc, sizeof loc);
    snprintf(id, 32, "%.31s", loc + 16);
    http_reply_free(&r);
    free(full);
    if (st != 201)
        return -1;
    /* the samples' cities: 科技型 淄博 370300, 创新型 and 高企 青岛 370200 */
    if (decide(strcmp(tier, "tech-sme") == 0 ? zibo : qingdao, id, "recommend", NULL) != 201 ||
        decide(province, id, "approve", out) != 201 || out[0] == '\0')
        return -1;
    return 0;
}

/* Mark `old` superseded by `by` at `at` (UTC) and `by`'s application a
 * renewal, as the renewal's issuance does (the notice branch's decide.c);
 * here by SQL, so that the report's counting is tested on its own. */
static int supersede(const char *old, const char *by, const char *by_id, const char *at)
{
    return harness_sh(NULL,
                      "scripts/db sql -e \"UPDATE certificates SET state = 'superseded', "
                      "superseded_by = '%s', superseded_at = '%s' WHERE serial = '%s'; "
                      "UPDATE submissions SET kind = 'renewal', renews_serial = '%s' WHERE id = "
                      "%s\"",
                      by, at, old, old, by_id);
}

/* The figures of a tier's scope: the text from <tier code="…"> to its first
 * <city>, into out. */
static const char *tier_part(const char *body, const char *code, char *out, size_t n)
{
    char pat[96];
    const char *p, *e;

    snprintf(pat, sizeof pat, "<tier code=\"%s\"", code);
    p = body ? strstr(body, pat) : NULL;
    out[0] = '\0';
    if (p == NULL)
        return out;
    e = strstr(p, "<city ");
    snprintf(out, n, "%.*s", (int)(e ? e - p : (long)strlen(p)), p);
    return out;
}

/* The 2026 report counts by the lifecycle states: a renewal is not a second
 * new title (创新型: issued 1, not 2); a fraud revocation is counted apart
 * with its category (高企 counted as new by its target: issued 1, revoked
 * fraud 1, net 0); stock (科技型) drops a title the day after its
 * validUntil and counts a renewed title once, not twice, after the old
 * certificate is superseded. */
static void test_the_report_counts_expired_revoked_and_superseded_titles(void)
{
    char s2[64] = "", s2id[32], h1[64] = "", hid[32], t1[64] = "", t2[64] = "", t3[64] = "";
    char tid[32], path[128], part[16384];
    struct http_reply r;
    char *out = NULL;

    CU_ASSERT_FATAL(serial[0]); /* 创新型, issued 2026-06-10 */
    /* 创新型: its renewal issued 2026-11-02 supersedes it */
    CU_ASSERT_EQUAL_FATAL(harness_sh(NULL, "scripts/db sql -e \"UPDATE certificates SET state "
                                           "= 'superseded' WHERE serial = '%s'\"",
                                     serial),
                          0);
    CU_ASSERT_EQUAL_FATAL(issue("innovative-sme", "<!-- 复核 -->", 2026, 11, 2, s2, s2id), 0);
    CU_ASSERT_EQUAL_FATAL(supersede(serial, s2, s2id, "2026-11-02 02:00:00"), 0);
    /* 高企: issued 2026-03-02, then revoked for fraud */
    CU_ASSERT_EQUAL_FATAL(issue("high-tech", "", 2026, 3, 2, h1, hid), 0);
    snprintf(path, sizeof path, "/v1/certificates/%s/revocation", h1);
    req(province, "POST", path,
        "<revocation xmlns=\"urn:tierd:revocation:1\"><reason>研发费用造假</reason>"
        "<category>fraud</category></revocation>",
        &r);
    CU_ASSERT_EQUAL(r.status, 201);
    http_reply_free(&r);
    /* 科技型 (one year): T1 from 2025-03-10 runs through 2026-03-09; T2 from
     * 2026-05-11, superseded on 2026-09-15 by its renewal T3 */
    CU_ASSERT_EQUAL_FATAL(issue("tech-sme", "", 2025, 3, 10, t1, tid), 0);
    CU_ASSERT_EQUAL_FATAL(issue("tech-sme", "<!-- 2026 -->", 2026, 5, 11, t2, tid), 0);
    CU_ASSERT_EQUAL_FATAL(harness_sh(NULL, "scripts/db sql -e \"UPDATE certificates SET state "
                                           "= 'superseded' WHERE serial = '%s'\"",
                                     t2),
                          0);
    CU_ASSERT_EQUAL_FATAL(issue("tech-sme", "<!-- 复核 -->", 2026, 9, 15, t3, tid), 0);
    CU_ASSERT_EQUAL_FATAL(supersede(t2, t3, tid, "2026-09-15 02:00:00"), 0);
    CU_ASSERT_EQUAL_FATAL(harness_sh(&out, "%s target set 2026 high-tech 10 --kind new",
                                     harness_bin("tierctl")),
                          0);
    free(out);

    set_clock(2027, 1, 10); /* the year is over */
    req(province, "GET", "/v1/reports/2026", NULL, &r);
    CU_ASSERT_EQUAL_FATAL(r.status, 200);
    tier_part(r.body, "innovative-sme", part, sizeof part);
    CU_ASSERT_PTR_NOT_NULL(strstr(part, "<issued>1</issued><revoked>0</revoked>"
                                        "<achieved>1</achieved>"));
    tier_part(r.body, "high-tech", part, sizeof part);
    CU_ASSERT_PTR_NOT_NULL(strstr(part, "<issued>1</issued><revoked fraud=\"1\">1</revoked>"
                                        "<achieved>0</achieved>"));
    tier_part(r.body, "tech-sme", part, sizeof part);
    CU_ASSERT_PTR_NOT_NULL(strstr(part, "kind=\"stock\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(part, "<achieved>1</achieved>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(part, "<month number=\"2\">1</month>"
                                        "<month number=\"3\">0</month>"
                                        "<month number=\"4\">0</month>"
                                        "<month number=\"5\">1</month>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(part, "<month number=\"8\">1</month>"
                                        "<month number=\"9\">1</month>"));
    if (strstr(part, "<month number=\"9\">1</month>") == NULL)
        fprintf(stderr, "\n    tech-sme: %.2000s", part);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "<definition term=\"updatesMissing\">"));
    http_reply_free(&r);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("updates", suite_init, suite_clean);
    CU_add_test(s, "a title is issued with no notice", test_a_title_is_issued_with_no_notice);
    CU_add_test(s, "the update is not due in the year of issue",
                test_the_update_is_not_due_in_the_year_of_issue);
    CU_add_test(s, "the holder files the update before the deadline",
                test_the_holder_files_the_update_before_the_deadline);
    CU_add_test(s, "a missed update is flagged and costs the renewal",
                test_a_missed_update_is_flagged_and_costs_the_renewal);
    CU_add_test(s, "a title lapsing within 90 days is listed until it expires",
                test_a_title_lapsing_within_90_days_is_listed_until_it_expires);
    CU_add_test(s, "the calendar is imported, listed and counts across the Spring Festival",
                test_the_calendar_is_imported_listed_and_counts_across_the_spring_festival);
    CU_add_test(s, "the report counts expired, revoked and superseded titles",
                test_the_report_counts_expired_revoked_and_superseded_titles);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed() +
             CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
