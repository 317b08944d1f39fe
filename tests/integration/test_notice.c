/*
 * test_notice.c — the public notice (公示) over HTTP against a real MariaDB
 * and two real tierd daemons on it (issue 17), both with a notice of 5
 * working days, the title checks on, the scheduled issuance every second and
 * their day taken from one clock file. Time moves by rewriting the clock
 * file; the tests wait only for the daemons' scheduled step to run (polling,
 * bounded), never for a period to pass.
 *
 *   - an approval enters the notice: no certificate, listed publicly with
 *     name, USCC, tier, city and end date, never an objection's contact;
 *   - an objection upheld rejects the application with the reason, and no
 *     certificate is ever issued for it;
 *   - an objection dismissed lets the notice run out: once the clock passes
 *     its end, the certificate is issued by the schedule (and not while an
 *     objection is still open);
 *   - with two daemons stepping at once, every due application gets exactly
 *     one certificate, one audit row of issuance and one log entry;
 *   - a renewal's certificate, issued after its notice, supersedes the old
 *     one, which says so in its status (not revoked).
 */
#include "harness.h"

#include <CUnit/Basic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tier/date.h"
#include "tier/uscc.h"

static char province[128], qingdao[128], zibo[128], linyi[128], admin[128];
static char clock_path[600], log_a[600], log_b[600];
static pid_t tierd_a = -1, tierd_b = -1;
static int port_a, port_b;
static struct tier_date today;
static int uscc_next = 1;

static int set_clock(const struct tier_date *d)
{
    return harness_write_day(clock_path, d->y, d->m, d->d);
}

static int clock_plus(long days)
{
    struct tier_date d = date_from_days(date_to_days(&today) + days);

    return set_clock(&d);
}

/* One request to daemon A (or B when on_b). */
static int req_on(int on_b, const char *token, const char *method, const char *path,
                  const char *body, struct http_reply *r)
{
    return http_req_port(on_b ? port_b : port_a, token, method, path,
                         body ? "application/xml" : NULL, body, body ? strlen(body) : 0, r);
}

static int req(const char *token, const char *method, const char *path, const char *body,
               struct http_reply *r)
{
    return req_on(0, token, method, path, body, r);
}

/* A fresh valid USCC in `division` ("370211"): a new enterprise each call. */
static void fresh_uscc(const char *division, char out[19])
{
    for (;;) {
        char org8[9], first17[32];
        char oc, cc;

        snprintf(org8, sizeof org8, "NT%06d", uscc_next++);
        oc = uscc_org_check_char(org8);
        if (oc == 0)
            continue;
        snprintf(first17, sizeof first17, "91%.6s%.8s%c", division, org8, oc);
        cc = uscc_check_char(first17);
        if (cc == 0)
            continue;
        snprintf(out, 19, "%.17s%c", first17, cc);
        return;
    }
}

/* A tier's eligible sample for a new enterprise of the same division (its
 * USCC replaced), with `root_attrs` added to the root element: malloc'd;
 * the USCC into uscc. */
static char *sample(const char *tier, const char *root_attrs, char uscc[19])
{
    size_t len = 0;
    char path[128], old[19], *doc, *out, *p, *root;

    snprintf(path, sizeof path, "tests/data/%s/eligible.xml", tier);
    doc = harness_slurp(path, &len);
    if (doc == NULL)
        return NULL;
    p = strstr(doc, "<uscc>");
    if (p == NULL) {
        free(doc);
        return NULL;
    }
    memcpy(old, p + 6, 18);
    old[18] = '\0';
    fresh_uscc(old + 2, uscc);
    out = malloc(len + strlen(root_attrs) + 2);
    root = strstr(doc, "<application");
    root += strlen("<application");
    memcpy(out, doc, (size_t)(root - doc));
    sprintf(out + (root - doc), " %s%s", root_attrs, root);
    /* every occurrence of the old USCC (the enterprise block) */
    for (p = strstr(out, old); p != NULL; p = strstr(p + 18, old))
        memcpy(p, uscc, 18);
    free(doc);
    return out;
}

/* A page's HTML kept under $BUILD (build/notice-NAME.html) with its stylesheet
 * pointing at web/, to be looked at or screenshot. */
static void keep_page(const char *name, const struct http_reply *r)
{
    char path[256], css[600], *abs = realpath("web/tierd.css", NULL);
    const char *b = getenv("BUILD"), *p, *q;
    FILE *f;

    snprintf(path, sizeof path, "%s/notice-%s.html", b && *b ? b : "build", name);
    snprintf(css, sizeof css, "file://%s", abs ? abs : "web/tierd.css");
    free(abs);
    f = r->body ? fopen(path, "w") : NULL;
    if (f == NULL)
        return;
    for (p = r->body; (q = strstr(p, "/static/tierd.css")) != NULL; p = q + 17) {
        fwrite(p, 1, (size_t)(q - p), f);
        fputs(css, f);
    }
    fputs(p, f);
    fclose(f);
}

/* Post on A; the new id into id. The status. */
static int post(const char *doc, char id[32])
{
    struct http_reply r;
    char loc[128];
    int st;

    req(admin, "POST", "/v1/submissions", doc, &r);
    st = r.status;
    if (http_reply_header(&r, "Location", loc, sizeof loc) != NULL)
        snprintf(id, 32, "%.31s", loc + 16);
    if (st != 201)
        fprintf(stderr, "\n    post: %d %s", r.status, r.body ? r.body : "");
    http_reply_free(&r);
    return st;
}

/* A decision; the reply kept in r when not NULL (caller frees). */
static int decide(const char *token, const char *id, const char *action, const char *extra,
                  struct http_reply *keep)
{
    char body[1024], path[96];
    struct http_reply r;
    int st;

    snprintf(body, sizeof body,
             "<decision xmlns=\"urn:tierd:decision:1\"><action>%s</action>%s</decision>", action,
             extra);
    snprintf(path, sizeof path, "/v1/submissions/%s/decisions", id);
    req(token, "POST", path, body, &r);
    st = r.status;
    if (st != 201)
        fprintf(stderr, "\n    %s %s: %d %s", action, id, r.status, r.body ? r.body : "");
    if (keep != NULL)
        *keep = r;
    else
        http_reply_free(&r);
    return st;
}

/* The status of application id, as the API says it ("" when unknown). */
static void status_of(const char *id, char out[24])
{
    struct http_reply r;
    char path[64];

    snprintf(path, sizeof path, "/v1/submissions/%s", id);
    req(admin, "GET", path, NULL, &r);
    out[0] = '\0';
    if (r.status == 200 && r.body != NULL) {
        const char *p = strstr(r.body, "<status>");
        if (p != NULL)
            snprintf(out, 24, "%.*s", (int)strcspn(p + 8, "<"), p + 8);
        else
            harness_attr(r.body, "status", out, 24);
    }
    http_reply_free(&r);
}

/* One number from SQL. -1 on failure. */
static long sql_long(const char *fmt, const char *arg)
{
    char *out = NULL, q[600];
    long v = -1;

    snprintf(q, sizeof q, fmt, arg);
    if (harness_sh(&out, "scripts/db sql -N -B -e \"%s\"", q) == 0 && out != NULL)
        v = strtol(out, NULL, 10);
    free(out);
    return v;
}

/* Poll until application id is `want` (the scheduled step ran), at most
 * 20 s. 0 when it got there. */
static int wait_status(const char *id, const char *want)
{
    char st[24];

    for (int i = 0; i < 200; i++) {
        struct timespec ts = {0, 100 * 1000 * 1000};

        status_of(id, st);
        if (strcmp(st, want) == 0)
            return 0;
        nanosleep(&ts, NULL);
    }
    fprintf(stderr, "\n    application %s is %s, not %s", id, st, want);
    return -1;
}

/* Submit a fresh enterprise's application of `tier`, recommend it (by
 * override when the rules found it ineligible) and approve it: id into id.
 * The approval's reply in r (caller frees). */
static int to_notice(const char *tier, const char *city_token, const char *root_attrs,
                     char id[32], char uscc[19], struct http_reply *r)
{
    char *doc = sample(tier, root_attrs, uscc), st[24];
    int rc = -1;

    if (doc == NULL || post(doc, id) != 201)
        goto done;
    status_of(id, st);
    if (decide(city_token, id, "recommend",
               strcmp(st, "ineligible") == 0 ? "<overrideReason>专家复核认定符合</overrideReason>"
                                             : "",
               NULL) != 201)
        goto done;
    if (decide(province, id, "approve", "", r) != 201)
        goto done;
    rc = 0;
done:
    free(doc);
    return rc;
}

static int objection(int on_b, const char *id, const char *reason, const char *contact,
                     char oid[24])
{
    char body[1024], path[96];
    struct http_reply r;
    int st;

    snprintf(body, sizeof body,
             "<objection xmlns=\"urn:tierd:notice:1\"><reason>%s</reason><contact>%s</contact>"
             "</objection>",
             reason, contact);
    snprintf(path, sizeof path, "/v1/notices/%s/objections", id);
    req_on(on_b, NULL, "POST", path, body, &r);
    st = r.status;
    if (oid != NULL)
        harness_attr(r.body, "objection", oid, 24);
    if (st != 201)
        fprintf(stderr, "\n    objection %s: %d %s", id, r.status, r.body ? r.body : "");
    http_reply_free(&r);
    return st;
}

static int judge(const char *oid, const char *action, const char *comment, char to[24])
{
    char body[1024], path[96];
    struct http_reply r;
    int st;

    snprintf(body, sizeof body,
             "<objectionDecision xmlns=\"urn:tierd:notice:1\"><action>%s</action>"
             "<comment>%s</comment></objectionDecision>",
             action, comment);
    snprintf(path, sizeof path, "/v1/objections/%s/decision", oid);
    req(province, "POST", path, body, &r);
    st = r.status;
    if (to != NULL)
        harness_attr(r.body, "to", to, 24);
    if (st != 201)
        fprintf(stderr, "\n    %s %s: %d %s", action, oid, r.status, r.body ? r.body : "");
    http_reply_free(&r);
    return st;
}

static int suite_init(void)
{
    char args[900];

    today = date_today_cst();
    if (harness_start() != 0)
        return -1;
    if (harness_account("nt-admin", "--role admin", admin, sizeof admin) != 0 ||
        harness_account("nt-province", "--role province-reviewer", province, sizeof province) ||
        harness_account("nt-qingdao", "--role city-reviewer --city 370200", qingdao,
                        sizeof qingdao) ||
        harness_account("nt-zibo", "--role city-reviewer --city 370300", zibo, sizeof zibo) ||
        harness_account("nt-linyi", "--role city-reviewer --city 371300", linyi, sizeof linyi))
        return -1;
    if (harness_key_activate() != 0)
        return -1;
    snprintf(clock_path, sizeof clock_path, "%s/notice-clock", harness_dir());
    snprintf(log_a, sizeof log_a, "%s/tierd-notice-a.log", harness_dir());
    snprintf(log_b, sizeof log_b, "%s/tierd-notice-b.log", harness_dir());
    if (set_clock(&today) != 0)
        return -1;
    snprintf(args, sizeof args,
             "--clock-file '%s' --title-checks 1 --notice-days 5 --schedule-interval 1",
             clock_path);
    tierd_a = harness_spawn_tierd(args, log_a, &port_a);
    tierd_b = harness_spawn_tierd(args, log_b, &port_b);
    return tierd_a > 0 && tierd_b > 0 ? 0 : -1;
}

static int suite_clean(void)
{
    harness_stop_spawned(tierd_a);
    harness_stop_spawned(tierd_b);
    return harness_stop();
}

static char upheld_id[32];

static void test_an_approval_enters_the_notice_and_an_upheld_objection_rejects_it(void)
{
    struct http_reply r;
    char uscc[19], ends[11], oid[24] = "", to[24] = "", st[24];
    const char *contact = "张三 13800000000 secret-contact@example.cn";

    CU_ASSERT_EQUAL_FATAL(clock_plus(0), 0);
    CU_ASSERT_EQUAL_FATAL(to_notice("innovative-sme", qingdao, "", upheld_id, uscc, &r), 0);
    /* in notice, no certificate yet, the end date said */
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "to=\"in-notice\""));
    CU_ASSERT_PTR_NULL(r.body && strstr(r.body, "<certificate"));
    CU_ASSERT_PTR_NOT_NULL(r.body && harness_attr(r.body, "ends", ends, sizeof ends));
    http_reply_free(&r);
    CU_ASSERT_EQUAL(sql_long("SELECT COUNT(*) FROM certificates WHERE submission_id = %s",
                             upheld_id),
                    0);

    /* the public list: name, USCC, tier, city and the end; no token needed */
    req_on(1, NULL, "GET", "/v1/notices", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, uscc));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "tier=\"innovative-sme\""));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "city=\"370200\""));
    CU_ASSERT_PTR_NOT_NULL(r.body && ends[0] && strstr(r.body, ends));
    http_reply_free(&r);

    /* anyone objects (on the other daemon); the contact is never published */
    CU_ASSERT_EQUAL_FATAL(objection(1, upheld_id, "该企业研发费用数据与年报不符", contact, oid), 201);
    status_of(upheld_id, st);
    CU_ASSERT_STRING_EQUAL(st, "objected");
    req(NULL, "GET", "/v1/notices", NULL, &r);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "status=\"objected\""));
    CU_ASSERT_PTR_NULL(r.body && strstr(r.body, "secret-contact"));
    http_reply_free(&r);
    CU_ASSERT_EQUAL(sql_long("SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%%%s%%'",
                             "secret-contact"),
                    0);
    /* the province reads it, contact included; a city reviewer elsewhere does not */
    {
        char path[96];

        snprintf(path, sizeof path, "/v1/submissions/%s/objections", upheld_id);
        req(province, "GET", path, NULL, &r);
        CU_ASSERT_EQUAL(r.status, 200);
        CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "secret-contact"));
        http_reply_free(&r);
        req(zibo, "GET", path, NULL, &r);
        CU_ASSERT_EQUAL(r.status, 404);
        http_reply_free(&r);
    }
    /* only the province judges, and a reason is required */
    {
        char path[96];

        snprintf(path, sizeof path, "/v1/objections/%s/decision", oid);
        req(qingdao, "POST", path,
            "<objectionDecision xmlns=\"urn:tierd:notice:1\"><action>uphold</action>"
            "<comment>x</comment></objectionDecision>",
            &r);
        CU_ASSERT_EQUAL(r.status, 403);
        http_reply_free(&r);
    }
    CU_ASSERT_EQUAL(judge(oid, "uphold", "", NULL), 422);
    CU_ASSERT_EQUAL_FATAL(judge(oid, "uphold", "经核查，研发费用数据失实", to), 201);
    CU_ASSERT_STRING_EQUAL(to, "rejected");
    CU_ASSERT_EQUAL(judge(oid, "dismiss", "再次认定", NULL), 409); /* judged already */
    status_of(upheld_id, st);
    CU_ASSERT_STRING_EQUAL(st, "rejected");
    /* no longer in notice: no objection is taken */
    CU_ASSERT_EQUAL(objection(0, upheld_id, "再提异议", "李四", NULL), 409);
    CU_ASSERT_EQUAL(sql_long("SELECT COUNT(*) FROM audit_log WHERE action = 'objection.%s'",
                             "upheld"),
                    1);
}

static void test_a_dismissed_objection_is_issued_by_the_schedule_once_the_notice_ends(void)
{
    struct http_reply r;
    char id[32], sentinel[32], uscc[19], uscc2[19], oid[24] = "", to[24] = "", st[24];
    char ends[11];

    CU_ASSERT_EQUAL_FATAL(clock_plus(0), 0);
    CU_ASSERT_EQUAL_FATAL(to_notice("innovative-sme", qingdao, "", id, uscc, &r), 0);
    harness_attr(r.body, "ends", ends, sizeof ends);
    http_reply_free(&r);
    CU_ASSERT_EQUAL_FATAL(to_notice("tech-sme", zibo, "", sentinel, uscc2, &r), 0);
    http_reply_free(&r);
    CU_ASSERT_EQUAL_FATAL(objection(0, id, "怀疑知识产权数量虚报", "王五 010-12345678", oid), 201);

    /* the notice is over while the objection is open: the step issues the
     * other application, not this one */
    CU_ASSERT_EQUAL_FATAL(clock_plus(30), 0);
    CU_ASSERT_EQUAL_FATAL(wait_status(sentinel, "approved"), 0);
    status_of(id, st);
    CU_ASSERT_STRING_EQUAL(st, "objected");
    CU_ASSERT_EQUAL(sql_long("SELECT COUNT(*) FROM certificates WHERE submission_id = %s", id), 0);
    /* too late to object now */
    CU_ASSERT_EQUAL(objection(0, id, "再提异议", "李四", NULL), 409);

    /* dismissed: the notice is over, so the next step issues it */
    CU_ASSERT_EQUAL_FATAL(judge(oid, "dismiss", "经核查，知识产权数量属实", to), 201);
    CU_ASSERT_STRING_EQUAL(to, "in-notice");
    CU_ASSERT_EQUAL_FATAL(wait_status(id, "approved"), 0);
    CU_ASSERT_EQUAL(sql_long("SELECT COUNT(*) FROM certificates WHERE submission_id = %s", id), 1);
    /* one statement, one snapshot: the log step moves the entry from the
     * queue into the tree, and two reads could see it in neither or both */
    CU_ASSERT_EQUAL(sql_long("SELECT (SELECT COUNT(*) FROM tlog_queue q JOIN certificates c ON "
                             "q.subject = c.serial WHERE c.submission_id = %1$s) + "
                             "(SELECT COUNT(*) FROM tlog_entries l JOIN certificates c ON "
                             "l.subject = c.serial WHERE c.submission_id = %1$s)",
                             id),
                    1);
    /* the upheld application of the test before never got one */
    CU_ASSERT_EQUAL(sql_long("SELECT COUNT(*) FROM certificates WHERE submission_id = %s",
                             upheld_id),
                    0);
    CU_ASSERT_EQUAL(clock_plus(0), 0);
}

static void test_two_daemons_issue_each_due_application_exactly_once(void)
{
    enum { N = 8 };
    struct http_reply r;
    char ids[N][32], uscc[19], in[N * 34] = "";

    CU_ASSERT_EQUAL_FATAL(clock_plus(0), 0);
    for (int i = 0; i < N; i++) {
        CU_ASSERT_EQUAL_FATAL(to_notice(i % 2 ? "tech-sme" : "innovative-sme",
                                        i % 2 ? zibo : qingdao, "", ids[i], uscc, &r),
                              0);
        http_reply_free(&r);
        snprintf(in + strlen(in), sizeof in - strlen(in), "%s%s", i ? "," : "", ids[i]);
    }
    CU_ASSERT_EQUAL_FATAL(clock_plus(30), 0);
    for (int i = 0; i < N; i++)
        CU_ASSERT_EQUAL(wait_status(ids[i], "approved"), 0);
    CU_ASSERT_EQUAL(sql_long("SELECT COUNT(*) FROM certificates WHERE submission_id IN (%s)", in),
                    N);
    CU_ASSERT_EQUAL(sql_long("SELECT COUNT(DISTINCT submission_id) FROM certificates WHERE "
                             "submission_id IN (%s)",
                             in),
                    N);
    CU_ASSERT_EQUAL(sql_long("SELECT COUNT(*) FROM audit_log WHERE action = 'notice.over' AND "
                             "object_id IN (%s)",
                             in),
                    N);
    CU_ASSERT_EQUAL(clock_plus(0), 0);
}

/* The row of `serial` in the published page of its year and tier (on the
 * daemon with the test clock), into row ("" when absent). */
static void published_row(const char *serial, char *row, size_t n)
{
    char *o = NULL, q[240], path[160];
    struct http_reply r;
    const char *p, *e;
    int year = 0;

    row[0] = '\0';
    snprintf(q, sizeof q,
             "SELECT YEAR(issued_at + INTERVAL 8 HOUR) FROM certificates WHERE serial = '%s'",
             serial);
    if (harness_sh(&o, "scripts/db sql -N -B -e \"%s\"", q) == 0 && o != NULL)
        year = atoi(o);
    free(o);
    snprintf(path, sizeof path, "/published?year=%d&tier=gazelle&limit=100", year);
    req(NULL, "GET", path, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    snprintf(q, sizeof q, "<td><a href=\"/check/%s\"", serial); /* the name's link */
    p = r.body ? strstr(r.body, q) : NULL;
    e = p ? strstr(p, "</tr>") : NULL;
    if (e != NULL)
        snprintf(row, n, "%.*s", (int)(e - p), p);
    else
        fprintf(stderr, "\n    %s: no row for %s", path, serial);
    http_reply_free(&r);
}

static void test_a_renewal_supersedes_the_old_certificate_when_issued(void)
{
    struct http_reply r;
    char row[2048];
    char id[32], id2[32], uscc[19], serial[64] = "", serial2[64] = "", attrs[128], path[128];
    char out[64], *doc;
    struct tier_date until;

    /* the first title, issued after its notice */
    CU_ASSERT_EQUAL_FATAL(clock_plus(0), 0);
    CU_ASSERT_EQUAL_FATAL(to_notice("gazelle", linyi, "", id, uscc, &r), 0);
    http_reply_free(&r);
    CU_ASSERT_EQUAL_FATAL(clock_plus(30), 0);
    CU_ASSERT_EQUAL_FATAL(wait_status(id, "approved"), 0);
    {
        char *o = NULL, q[200];

        snprintf(q, sizeof q,
                 "SELECT serial, DATE_FORMAT(valid_until, '%%Y-%%m-%%d') FROM certificates WHERE "
                 "submission_id = %s",
                 id);
        CU_ASSERT_EQUAL_FATAL(harness_sh(&o, "scripts/db sql -N -B -e \"%s\"", q), 0);
        CU_ASSERT_FATAL(o != NULL && sscanf(o, "%63s %10s", serial, out) == 2);
        free(o);
        CU_ASSERT_EQUAL_FATAL(date_parse(out, 10, &until), 0);
    }
    /* inside the renewal window, a renewal naming it (the same enterprise) */
    {
        struct tier_date d = date_from_days(date_to_days(&until) - 20);
        CU_ASSERT_EQUAL_FATAL(set_clock(&d), 0);
    }
    snprintf(attrs, sizeof attrs, "kind=\"renewal\" renews=\"%s\"", serial);
    doc = sample("gazelle", attrs, out);
    CU_ASSERT_FATAL(doc != NULL);
    {
        /* the same enterprise: put the first one's USCC back */
        char *p;
        for (p = strstr(doc, out); p != NULL; p = strstr(p + 18, out))
            memcpy(p, uscc, 18);
    }
    CU_ASSERT_EQUAL_FATAL(post(doc, id2), 201);
    free(doc);
    {
        char st[24];

        status_of(id2, st);
        CU_ASSERT_EQUAL_FATAL(
            decide(linyi, id2, "recommend",
                   strcmp(st, "ineligible") == 0 ? "<overrideReason>复核材料齐全</overrideReason>"
                                                 : "",
                   NULL),
            201);
    }
    CU_ASSERT_EQUAL_FATAL(decide(province, id2, "approve", "", &r), 201);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "to=\"in-notice\""));
    http_reply_free(&r);
    /* during the renewal's notice the old title is still valid */
    snprintf(path, sizeof path, "/v1/certificates/%s", serial);
    req(NULL, "GET", path, NULL, &r);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "status=\"valid\""));
    http_reply_free(&r);
    {
        /* past the renewal's notice (5 working days from until - 20) */
        struct tier_date d = date_from_days(date_to_days(&until) - 5);
        CU_ASSERT_EQUAL_FATAL(set_clock(&d), 0);
    }
    CU_ASSERT_EQUAL_FATAL(wait_status(id2, "approved"), 0);
    {
        char *o = NULL, q[200];

        snprintf(q, sizeof q, "SELECT serial FROM certificates WHERE submission_id = %s", id2);
        CU_ASSERT_EQUAL(harness_sh(&o, "scripts/db sql -N -B -e \"%s\"", q), 0);
        if (o != NULL)
            sscanf(o, "%63s", serial2);
        free(o);
    }
    CU_ASSERT_FATAL(serial2[0] != '\0');
    /* the old one: superseded by the new, not revoked */
    req_on(1, NULL, "GET", path, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "status=\"superseded\""));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, serial2));
    CU_ASSERT_PTR_NULL(r.body && strstr(r.body, "revokedAt"));
    http_reply_free(&r);
    /* the check page says so */
    snprintf(path, sizeof path, "/check/%s", serial);
    req(NULL, "GET", path, NULL, &r);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "证书已换发"));
    http_reply_free(&r);
    CU_ASSERT_EQUAL(sql_long("SELECT COUNT(*) FROM certificates WHERE state = 'superseded' AND "
                             "superseded_by = '%s'",
                             serial2),
                    1);
    /* the published list agrees: 已换发, with the new serial */
    published_row(serial, row, sizeof row);
    CU_ASSERT_PTR_NOT_NULL(strstr(row, "已换发"));
    CU_ASSERT_PTR_NOT_NULL(strstr(row, serial2));
    CU_ASSERT_PTR_NULL(strstr(row, "有效<"));
    published_row(serial2, row, sizeof row);
    CU_ASSERT_PTR_NOT_NULL(strstr(row, "有效<"));
    /* the day after the new one's validUntil: 已过期 on both pages */
    {
        char *o = NULL, q[200];
        struct tier_date d;

        snprintf(q, sizeof q,
                 "SELECT DATE_FORMAT(valid_until, '%%Y-%%m-%%d') FROM certificates WHERE "
                 "serial = '%s'",
                 serial2);
        CU_ASSERT_EQUAL_FATAL(harness_sh(&o, "scripts/db sql -N -B -e \"%s\"", q), 0);
        CU_ASSERT_FATAL(o != NULL && date_parse(o, 10, &d) == 0);
        free(o);
        d = date_from_days(date_to_days(&d) + 1);
        CU_ASSERT_EQUAL_FATAL(set_clock(&d), 0);
    }
    published_row(serial2, row, sizeof row);
    CU_ASSERT_PTR_NOT_NULL(strstr(row, "已过期"));
    published_row(serial, row, sizeof row);
    CU_ASSERT_PTR_NOT_NULL(strstr(row, "已换发")); /* superseded stays superseded */
    snprintf(path, sizeof path, "/check/%s", serial2);
    req(NULL, "GET", path, NULL, &r);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "证书已过期"));
    http_reply_free(&r);
    CU_ASSERT_EQUAL(clock_plus(0), 0);
}

/* An approval with an Idempotency-Key; the reply in r (caller frees). */
static int approve_keyed(const char *id, const char *key, struct http_reply *r)
{
    char head[400], path[96];
    const char *body = "<decision xmlns=\"urn:tierd:decision:1\"><action>approve</action>"
                       "</decision>";

    snprintf(head, sizeof head,
             "Authorization: Bearer %s\r\nContent-Type: application/xml\r\n"
             "Idempotency-Key: %s\r\n",
             province, key);
    snprintf(path, sizeof path, "/v1/submissions/%s/decisions", id);
    http_do_port(port_a, "POST", path, head, body, strlen(body), r);
    return r->status;
}

static void test_an_approval_replayed_with_its_key_answers_as_the_first_with_the_notice(void)
{
    struct http_reply first, again;
    char id[32], uscc[19], key[64], st[24];
    char *doc;

    CU_ASSERT_EQUAL_FATAL(clock_plus(0), 0);
    doc = sample("gazelle", "", uscc);
    CU_ASSERT_FATAL(doc != NULL);
    CU_ASSERT_EQUAL_FATAL(post(doc, id), 201);
    free(doc);
    status_of(id, st);
    CU_ASSERT_EQUAL_FATAL(decide(linyi, id, "recommend",
                                 strcmp(st, "ineligible") == 0
                                     ? "<overrideReason>专家复核认定符合</overrideReason>"
                                     : "",
                                 NULL),
                          201);
    snprintf(key, sizeof key, "approve-%s", id);
    CU_ASSERT_EQUAL_FATAL(approve_keyed(id, key, &first), 201);
    CU_ASSERT_PTR_NOT_NULL_FATAL(first.body && strstr(first.body, "<notice ends=\""));
    /* the answer lost, sent again: the same answer, the notice's end included */
    CU_ASSERT_EQUAL(approve_keyed(id, key, &again), 201);
    CU_ASSERT_STRING_EQUAL(again.body ? again.body : "", first.body);
    http_reply_free(&again);
    /* still the first answer once the notice is over and its certificate issued */
    CU_ASSERT_EQUAL_FATAL(clock_plus(30), 0);
    CU_ASSERT_EQUAL_FATAL(wait_status(id, "approved"), 0);
    CU_ASSERT_EQUAL(approve_keyed(id, key, &again), 201);
    CU_ASSERT_STRING_EQUAL(again.body ? again.body : "", first.body);
    http_reply_free(&again);
    http_reply_free(&first);
    CU_ASSERT_EQUAL(clock_plus(0), 0);
}

static void test_the_notice_page_lists_and_its_form_needs_its_token(void)
{
    struct http_reply r;
    char id[32], uscc[19], cookie[200] = "", tok[100] = "", head[400], body[600];

    CU_ASSERT_EQUAL_FATAL(clock_plus(0), 0);
    CU_ASSERT_EQUAL_FATAL(to_notice("innovative-sme", qingdao, "", id, uscc, &r), 0);
    http_reply_free(&r);
    req(NULL, "GET", "/notices", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, uscc));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "认定公示"));
    keep_page("list", &r);
    http_reply_free(&r);
    {
        char path[64];

        snprintf(path, sizeof path, "/notices/%s/objection", id);
        req(NULL, "GET", path, NULL, &r);
        CU_ASSERT_EQUAL(r.status, 200);
        CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "提交异议"));
        keep_page("form", &r);
        http_reply_header(&r, "Set-Cookie", cookie, sizeof cookie);
        {
            const char *v = r.body ? strstr(r.body, "name=\"csrf\" value=\"") : NULL;
            if (v != NULL)
                snprintf(tok, sizeof tok, "%.*s", (int)strcspn(v + 19, "\""), v + 19);
        }
        http_reply_free(&r);
        CU_ASSERT_FATAL(tok[0] != '\0' && strstr(cookie, tok) != NULL);
        /* without the cookie: refused, nothing filed */
        snprintf(body, sizeof body, "csrf=%s&reason=%%E5%%BC%%82%%E8%%AE%%AE&contact=x", tok);
        http_do_port(port_a, "POST", path, "Content-Type: application/x-www-form-urlencoded\r\n",
                     body, strlen(body), &r);
        CU_ASSERT_EQUAL(r.status, 403);
        http_reply_free(&r);
        CU_ASSERT_EQUAL(sql_long("SELECT COUNT(*) FROM objections WHERE submission_id = %s", id),
                        0);
        /* with it: filed, the page says so */
        snprintf(head, sizeof head,
                 "Content-Type: application/x-www-form-urlencoded\r\nCookie: tierd_objection=%s\r\n",
                 tok);
        http_do_port(port_a, "POST", path, head, body, strlen(body), &r);
        CU_ASSERT_EQUAL(r.status, 303);
        {
            char loc[128] = "";

            http_reply_header(&r, "Location", loc, sizeof loc);
            http_reply_free(&r);
            CU_ASSERT_PTR_NOT_NULL(strstr(loc, "/notices?filed="));
            req(NULL, "GET", loc, NULL, &r);
            CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "异议已提交"));
            http_reply_free(&r);
        }
        CU_ASSERT_EQUAL(sql_long("SELECT COUNT(*) FROM objections WHERE submission_id = %s", id),
                        1);
    }
}

/* The province's page of an objected application: the objection with its
 * contact, and the form that judges it. */
static void test_the_reviewers_page_shows_the_objection_and_judges_it(void)
{
    struct http_reply r;
    char id[32], uscc[19], oid[24] = "", cookie[256] = "", sc[256], csrf[64] = "", st[24];
    char head[512], form[600], path[96];
    char *out = NULL;
    const char *p;

    CU_ASSERT_EQUAL_FATAL(clock_plus(0), 0);
    CU_ASSERT_EQUAL_FATAL(to_notice("innovative-sme", qingdao, "", id, uscc, &r), 0);
    http_reply_free(&r);
    CU_ASSERT_EQUAL_FATAL(objection(0, id, "申报的销售收入与纳税记录不符", "赵六 nt-page-contact", oid),
                          201);
    CU_ASSERT_EQUAL_FATAL(harness_sh(&out, "printf '%%s\\n' 'correct horse battery' | %s account "
                                           "passwd nt-province",
                                     harness_bin("tierctl")),
                          0);
    free(out);
    http_do_port(port_a, "POST", "/signin", "Content-Type: application/x-www-form-urlencoded\r\n",
                 "name=nt-province&password=correct+horse+battery",
                 strlen("name=nt-province&password=correct+horse+battery"), &r);
    if (http_reply_header(&r, "Set-Cookie", sc, sizeof sc) != NULL)
        snprintf(cookie, sizeof cookie, "%.*s", (int)strcspn(sc, ";"), sc);
    http_reply_free(&r);
    CU_ASSERT_FATAL(cookie[0] != '\0');
    snprintf(head, sizeof head, "Accept: text/html\r\nCookie: %s\r\n", cookie);
    snprintf(path, sizeof path, "/applications/%s", id);
    http_do_port(port_a, "GET", path, head, NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "公示异议"));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "nt-page-contact"));
    CU_ASSERT_PTR_NOT_NULL(r.body && strstr(r.body, "提交认定意见"));
    keep_page("reviewer", &r);
    p = r.body ? strstr(r.body, "name=\"csrf\" value=\"") : NULL;
    if (p != NULL)
        snprintf(csrf, sizeof csrf, "%.*s", (int)strcspn(p + 19, "\""), p + 19);
    http_reply_free(&r);
    CU_ASSERT_FATAL(csrf[0] != '\0');
    snprintf(head, sizeof head,
             "Accept: text/html\r\nCookie: %s\r\nContent-Type: application/x-www-form-urlencoded\r\n",
             cookie);
    snprintf(path, sizeof path, "/applications/%s/objections/%s", id, oid);
    snprintf(form, sizeof form, "csrf=%s&action=dismiss&comment=%%E4%%B8%%8D%%E6%%88%%90%%E7%%AB%%8B",
             csrf);
    http_do_port(port_a, "POST", path, head, form, strlen(form), &r);
    CU_ASSERT_EQUAL(r.status, 303);
    http_reply_free(&r);
    status_of(id, st);
    CU_ASSERT_STRING_EQUAL(st, "in-notice");
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("notice", suite_init, suite_clean);
    CU_add_test(s, "an approval enters the notice and an upheld objection rejects it",
                test_an_approval_enters_the_notice_and_an_upheld_objection_rejects_it);
    CU_add_test(s, "a dismissed objection is issued by the schedule once the notice ends",
                test_a_dismissed_objection_is_issued_by_the_schedule_once_the_notice_ends);
    CU_add_test(s, "two daemons issue each due application exactly once",
                test_two_daemons_issue_each_due_application_exactly_once);
    CU_add_test(s, "a renewal supersedes the old certificate when issued",
                test_a_renewal_supersedes_the_old_certificate_when_issued);
    CU_add_test(s, "an approval replayed with its key answers as the first, with the notice",
                test_an_approval_replayed_with_its_key_answers_as_the_first_with_the_notice);
    CU_add_test(s, "the notice page lists and its form needs its token",
                test_the_notice_page_lists_and_its_form_needs_its_token);
    CU_add_test(s, "the reviewer's page shows the objection and judges it",
                test_the_reviewers_page_shows_the_objection_and_judges_it);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    /* a set-up that fails runs no test: that is a failure too */
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed() +
             CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
