/*
 * test_registry.c — the use cases against a real MariaDB, and every way a
 * write can fail half-way.
 *
 * Fault injection (SQLite-style): for each write use case, db_fault_arm
 * fails its 1st, 2nd, … statement in turn — with a server error, or by
 * cutting the connection before the statement is sent — until a run meets
 * no fault. After every failed run the database must be exactly as before
 * (CHECKSUM TABLE of every table a use case writes, read on a connection of
 * the test's own) and the caller must get the documented outcome: "error" or
 * "unavailable" (nothing changed) before COMMIT, "unknown" when the link
 * went at COMMIT. A cut after COMMIT ran (the answer lost) must leave the
 * whole change stored and still say "unknown".
 *
 * The approval's prerequisite re-check is tested here too: it judges the
 * titles held on the day the registry received the application (UTC+8).
 */
#include "harness.h"

#include "tier/config.h"
#include "tier/db.h"
#include "tier/ingest.h"
#include "tier/keycert.h"
#include "tier/registry.h"
#include "tier/registry_life.h"
#include "tier/registry_notice.h"
#include "tier/sign.h"
#include "tier/signer.h"
#include "tier/tlog.h"
#include "tier/tlog_entry.h"
#include "tier/tlog_store.h"
#include "tier/titles.h"

#include <CUnit/Basic.h>
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LG_SAMPLE "tests/data/little-giant/eligible-2026.xml" /* 青岛 370200, 2026 rules */
#define LG_USCC "91370203MA3T1U2W06"
#define MAX_STATEMENTS 64

static struct tier_config cfg;
static struct registry reg;
static struct ingest_schemas *schemas;
static struct db_conn *probe; /* the test's own connection, outside the pool */
static struct principal city, province;
static char *sample;
static size_t sample_len;
static int variant; /* makes each submitted copy's bytes distinct */

static const char *const TABLES =
    "enterprises, submissions, submission_documents, findings, decisions, certificates, "
    "audit_log, audit_head, objections, title_updates, calendar_days";

/* The transparency log's entries, queued or sequenced alike: tierd's own log
 * step (the harness runs one) moves rows from the queue into the tree at any
 * moment, which changes both tables but not this. */
#define LOG_ALL                                                                            \
    "(SELECT kind, subject, entry FROM tlog_queue UNION ALL SELECT kind, subject, entry FROM " \
    "tlog_entries) q"
static const char LOG_PRINT[] =
    "SELECT CONCAT(COUNT(*), '/', COALESCE(SUM(CRC32(CONCAT(kind, entry))), 0)) FROM "
    "(SELECT kind, entry FROM tlog_queue UNION ALL SELECT kind, entry FROM tlog_entries) x";

/* A fingerprint of every table a use case writes. */
static char *snapshot(void)
{
    char q[256], *out;
    MYSQL_RES *res;
    MYSQL_ROW row;
    size_t len = 0, cap = 1024;

    snprintf(q, sizeof q, "CHECKSUM TABLE %s", TABLES);
    if (mysql_query(db_handle(probe), q) != 0 ||
        (res = mysql_store_result(db_handle(probe))) == NULL)
        return NULL;
    out = calloc(1, cap);
    while (out != NULL && (row = mysql_fetch_row(res)) != NULL) {
        len += (size_t)snprintf(out + len, cap - len, "%s=%s;", row[0], row[1] ? row[1] : "-");
        if (len >= cap - 200)
            break;
    }
    mysql_free_result(res);
    if (out != NULL && mysql_query(db_handle(probe), LOG_PRINT) == 0 &&
        (res = mysql_store_result(db_handle(probe))) != NULL) {
        if ((row = mysql_fetch_row(res)) != NULL && len < cap - 100)
            snprintf(out + len, cap - len, "log=%s;", row[0] ? row[0] : "-");
        mysql_free_result(res);
    }
    return out;
}

static long count_of(const char *sql)
{
    MYSQL_RES *res;
    MYSQL_ROW row;
    long n = -1;

    if (mysql_query(db_handle(probe), sql) != 0 ||
        (res = mysql_store_result(db_handle(probe))) == NULL)
        return -1;
    row = mysql_fetch_row(res);
    if (row != NULL && row[0] != NULL)
        n = atol(row[0]);
    mysql_free_result(res);
    return n;
}

static int run_sql(const char *sql)
{
    int rc = mysql_query(db_handle(probe), sql);
    if (rc != 0)
        fprintf(stderr, "test_registry: %s: %s\n", sql, mysql_error(db_handle(probe)));
    return rc;
}

static int principal_of(const char *name, const char *args, struct principal *p)
{
    char tok[128];
    struct op_result res;

    if (harness_account(name, args, tok, sizeof tok) != 0)
        return -1;
    registry_account_get(&reg, name, p, &res);
    if (res.outcome != OP_DONE) {
        fprintf(stderr, "test_registry: %s: %s\n", name, res.says.en);
        return -1;
    }
    return 0;
}

static int suite_init(void)
{
    struct ingest_errors *errs = calloc(1, sizeof *errs);
    char err[512], *out = NULL;
    int rc;

    if (errs == NULL || harness_start() != 0)
        return -1;
    rc = harness_sh(&out, "%s key generate --alg ed25519 --out '%s/keys' 2>/dev/null | head -1",
                    harness_bin("tierctl"), harness_dir());
    if (rc == 0 && out != NULL) {
        out[strcspn(out, "\n")] = '\0';
        rc = harness_sh(NULL, "%s key activate %.64s", harness_bin("tierctl"), out);
    }
    free(out);
    config_defaults(&cfg);
    /* As the schema's owner: the operators' writes here are tierctl's, and
     * the probe writes rows of its own; tierd's use cases run as db-user in
     * the tests that drive a real tierd. */
    if (rc != 0 || config_load_file(&cfg, harness_config(), err, sizeof err) != 0 ||
        !config_use_owner(&cfg) || config_load_password(&cfg, err, sizeof err) != 0 ||
        ingest_schemas_load(&schemas, cfg.xsd_dir, errs) != INGEST_OK) {
        fprintf(stderr, "test_registry: set-up failed: %s\n", rc ? "key" : err);
        free(errs);
        return -1;
    }
    free(errs);
    /* the password stays loaded: a connection cut by a fault is reopened */
    cfg.db_pool = 2;
    reg.cfg = &cfg;
    reg.db = db_pool_new(&cfg);
    reg.schemas = schemas;
    reg.signer = signer_new(cfg.key_dir);
    reg.wait_ms = 5000;
    probe = db_connect(&cfg, err, sizeof err);
    sample = harness_slurp(LG_SAMPLE, &sample_len);
    if (reg.db == NULL || reg.signer == NULL || probe == NULL || sample == NULL) {
        fprintf(stderr, "test_registry: set-up failed: %s\n", probe ? "memory" : err);
        return -1;
    }
    if (principal_of("qingdao", "--role city-reviewer --city 370200", &city) != 0 ||
        principal_of("province", "--role province-reviewer", &province) != 0)
        return -1;
    return 0;
}

static int suite_clean(void)
{
    db_close(probe);
    db_pool_free(reg.db);
    signer_free(reg.signer);
    ingest_schemas_free(schemas);
    free(sample);
    config_wipe(&cfg);
    return harness_stop();
}

/* Submit a distinct copy of the sample (a comment after the root element
 * changes its bytes, not its content) as the registry itself. */
static uint64_t submit_copy(enum submit_outcome *o, int *eligible)
{
    struct submit_result res;
    struct tier_date today = date_today_cst();
    char *doc = malloc(sample_len + 64);
    size_t n;

    if (doc == NULL)
        return 0;
    memcpy(doc, sample, sample_len);
    n = sample_len + (size_t)snprintf(doc + sample_len, 64, "\n<!-- copy %d -->\n", ++variant);
    registry_submit_dated(&reg, doc, n, &today, "", &res);
    free(doc);
    *o = res.outcome;
    if (eligible != NULL)
        *eligible = res.eligible;
    return res.outcome == SUBMIT_STORED ? res.id : 0;
}

static enum decide_outcome decide(const struct principal *who, uint64_t id, enum review_decision d,
                                  const char *override, struct decide_result *res)
{
    struct decide_request rq = {id, who, d, "", override, NULL, NULL, 0};

    registry_decide(&reg, &rq, res);
    return res->outcome;
}

/* A recommended application, ready for the province. */
static uint64_t recommended(void)
{
    struct decide_result res;
    enum submit_outcome o;
    int eligible = 0;
    uint64_t id = submit_copy(&o, &eligible);

    if (id == 0)
        return 0;
    /* without a 专精特新 title in the registry it is ineligible: recommended by override */
    if (decide(&city, id, REVIEW_RECOMMEND, eligible ? NULL : "专家复核 (experts confirmed it)",
               &res) != DECIDE_DONE) {
        fprintf(stderr, "test_registry: recommend %llu: %s %s\n", (unsigned long long)id,
                res.says.code, res.says.en);
        return 0;
    }
    return id;
}

/* A 专精特新 title of the sample's enterprise in the registry, valid from
 * 2024-07-15 to `until` (an SQL date expression). It hangs on a submission of
 * its own, which is never approved (a submission has one certificate). */
static int title(const char *serial, const char *until)
{
    enum submit_outcome o;
    uint64_t holder = submit_copy(&o, NULL);
    char q[512];

    if (holder == 0)
        return -1;
    snprintf(q, sizeof q,
             "INSERT INTO certificates (serial, submission_id, enterprise_id, tier, city_code, "
             "valid_from, valid_until, key_id, document) SELECT '%s', s.id, s.enterprise_id, "
             "'specialized-sme', s.city_code, '2024-07-15', %s, k.key_id, 'x' FROM submissions "
             "s, signing_keys k WHERE s.id = %llu AND k.active = 1",
             serial, until, (unsigned long long)holder);
    return run_sql(q);
}

/* ---- fault injection --------------------------------------------------------------- */

/*
 * Run `act` with its nth statement failing as `kind`, for n = 1, 2, … until a
 * run meets no fault. Each failed run must leave the database as it was and
 * answer `before_commit`, or `at_commit` when it was the last statement (the
 * COMMIT). The run without a fault must answer `done`. Returns the number of
 * statements of the transaction.
 */
static int each_statement(enum db_fault kind, int (*act)(void *ctx), void *ctx, int done,
                          int before_commit, int at_commit)
{
    int outcomes[MAX_STATEMENTS + 1], n;
    char *shots[MAX_STATEMENTS + 1];

    for (n = 1; n <= MAX_STATEMENTS; n++) {
        char *before = snapshot(), *after;
        int fired;

        db_fault_arm(reg.db, n, kind);
        outcomes[n] = act(ctx);
        fired = db_fault_fired(reg.db);
        db_fault_arm(reg.db, 0, DB_FAULT_NONE);
        if (!fired) {
            CU_ASSERT_EQUAL(outcomes[n], done);
            free(before);
            break;
        }
        after = snapshot();
        CU_ASSERT_PTR_NOT_NULL_FATAL(before);
        CU_ASSERT_PTR_NOT_NULL_FATAL(after);
        if (strcmp(before, after) != 0)
            fprintf(stderr, "\n    statement %d (%s): the database changed", n,
                    kind == DB_FAULT_ERROR ? "error" : "drop");
        CU_ASSERT_STRING_EQUAL(before, after);
        shots[n] = NULL;
        free(before);
        free(after);
    }
    CU_ASSERT(n > 2 && n <= MAX_STATEMENTS); /* a run without a fault came */
    for (int k = 1; k < n; k++) {
        int want = k == n - 1 ? at_commit : before_commit;
        if (outcomes[k] != want)
            fprintf(stderr, "\n    statement %d of %d: outcome %d, expected %d", k, n - 1,
                    outcomes[k], want);
        CU_ASSERT_EQUAL(outcomes[k], want);
    }
    (void)shots;
    return n - 1;
}

struct approve_ctx {
    uint64_t id;
    struct decide_result res;
};

static int approve_once(void *arg)
{
    struct approve_ctx *c = arg;

    return (int)decide(&province, c->id, REVIEW_APPROVE, NULL, &c->res);
}

static void test_an_approval_that_fails_anywhere_leaves_nothing_behind(void)
{
    struct approve_ctx c;
    int n;

    /* the certificate needs the prerequisite: a 专精特新 title valid today */
    CU_ASSERT_EQUAL_FATAL(title("SSME-FAULT-1", "'2099-01-01'"), 0);
    c.id = recommended();
    CU_ASSERT_FATAL(c.id != 0);
    n = each_statement(DB_FAULT_ERROR, approve_once, &c, DECIDE_DONE, DECIDE_ERROR,
                       DECIDE_ERROR);
    CU_ASSERT(n >= 10); /* lock, document, titles, key, state, decision, audit, certificate… */
    CU_ASSERT(c.res.serial[0] != '\0');

    c.id = recommended();
    CU_ASSERT_FATAL(c.id != 0);
    each_statement(DB_FAULT_DROP, approve_once, &c, DECIDE_DONE, DECIDE_UNAVAILABLE,
                   DECIDE_UNKNOWN);
    CU_ASSERT(c.res.serial[0] != '\0');
}

static void test_an_approval_whose_commit_answer_is_lost_is_unknown_but_complete(void)
{
    struct approve_ctx c = {recommended(), {0}};
    char q[256];
    int n = 0;

    CU_ASSERT_FATAL(c.id != 0);
    /* count the statements of an approval: the last one is the COMMIT */
    {
        struct approve_ctx probe_ctx = {recommended(), {0}};
        CU_ASSERT_FATAL(probe_ctx.id != 0);
        for (n = 1; n < MAX_STATEMENTS; n++) {
            db_fault_arm(reg.db, n, DB_FAULT_ERROR);
            approve_once(&probe_ctx);
            if (!db_fault_fired(reg.db))
                break;
        }
        db_fault_arm(reg.db, 0, DB_FAULT_NONE);
        n--; /* statements in the transaction */
    }
    CU_ASSERT_FATAL(n > 2);
    db_fault_arm(reg.db, n, DB_FAULT_LOST_REPLY);
    CU_ASSERT_EQUAL(approve_once(&c), DECIDE_UNKNOWN);
    CU_ASSERT(db_fault_fired(reg.db));
    db_fault_arm(reg.db, 0, DB_FAULT_NONE);
    CU_ASSERT_STRING_EQUAL(c.res.says.code, "outcome-unknown");
    snprintf(q, sizeof q, "/v1/submissions/%llu/decisions", (unsigned long long)c.id);
    CU_ASSERT_PTR_NOT_NULL(strstr(c.res.says.en, q)); /* how to find out */
    /* it did commit, and all of it: state, decision, certificate, audit rows */
    snprintf(q, sizeof q, "SELECT COUNT(*) FROM submissions WHERE id = %llu AND status = "
                          "'approved'", (unsigned long long)c.id);
    CU_ASSERT_EQUAL(count_of(q), 1);
    snprintf(q, sizeof q, "SELECT COUNT(*) FROM decisions WHERE submission_id = %llu AND "
                          "decision = 'approve'", (unsigned long long)c.id);
    CU_ASSERT_EQUAL(count_of(q), 1);
    snprintf(q, sizeof q, "SELECT COUNT(*) FROM certificates WHERE submission_id = %llu",
             (unsigned long long)c.id);
    CU_ASSERT_EQUAL(count_of(q), 1);
    snprintf(q, sizeof q, "SELECT COUNT(*) FROM audit_log WHERE object_id = '%llu' AND action = "
                          "'decision.approve'", (unsigned long long)c.id);
    CU_ASSERT_EQUAL(count_of(q), 1);
}

struct recommend_ctx {
    uint64_t id;
    struct decide_result res;
};

static int recommend_once(void *arg)
{
    struct recommend_ctx *c = arg;

    /* the registry holds the 专精特新 title by now: eligible, no override */
    return (int)decide(&city, c->id, REVIEW_RECOMMEND, NULL, &c->res);
}

static void test_a_recommendation_that_fails_anywhere_leaves_nothing_behind(void)
{
    enum submit_outcome o;
    struct recommend_ctx c = {submit_copy(&o, NULL), {0}};

    CU_ASSERT_FATAL(c.id != 0);
    each_statement(DB_FAULT_ERROR, recommend_once, &c, DECIDE_DONE, DECIDE_ERROR, DECIDE_ERROR);
    c.id = submit_copy(&o, NULL);
    CU_ASSERT_FATAL(c.id != 0);
    each_statement(DB_FAULT_DROP, recommend_once, &c, DECIDE_DONE, DECIDE_UNAVAILABLE,
                   DECIDE_UNKNOWN);
}

struct revoke_ctx {
    char serial[STORE_SERIAL_LEN + 1];
    struct revoke_result res;
};

static int revoke_once(void *arg)
{
    struct revoke_ctx *c = arg;

    registry_revoke(&reg, &province, c->serial, "测试 (fault injection)", "fraud", &c->res);
    return (int)c->res.outcome;
}

/* A fresh certificate to revoke. */
static int issued(struct revoke_ctx *c)
{
    struct decide_result res;
    uint64_t id = recommended();

    if (id == 0 || decide(&province, id, REVIEW_APPROVE, NULL, &res) != DECIDE_DONE)
        return -1;
    snprintf(c->serial, sizeof c->serial, "%s", res.serial);
    return 0;
}

static void test_a_revocation_that_fails_anywhere_leaves_nothing_behind(void)
{
    struct revoke_ctx c;
    char q[256];

    memset(&c, 0, sizeof c);
    CU_ASSERT_EQUAL_FATAL(issued(&c), 0);
    each_statement(DB_FAULT_ERROR, revoke_once, &c, REVOKE_DONE, REVOKE_ERROR, REVOKE_ERROR);
    CU_ASSERT_EQUAL_FATAL(issued(&c), 0);
    each_statement(DB_FAULT_DROP, revoke_once, &c, REVOKE_DONE, REVOKE_UNAVAILABLE,
                   REVOKE_UNKNOWN);
    snprintf(q, sizeof q, "SELECT COUNT(*) FROM certificates WHERE serial = '%s' AND revoked_at "
                          "IS NOT NULL", c.serial);
    CU_ASSERT_EQUAL(count_of(q), 1);
}

/* ---- the yearly data update and the calendar (issue 17) ---------------------------- */

struct update_ctx {
    char serial[STORE_SERIAL_LEN + 1];
    char doc[1 << 15];
    struct principal holder;
    struct update_result res;
};

static int file_update_once(void *arg)
{
    struct update_ctx *c = arg;

    registry_update_submit(&reg, &c->holder, c->serial, c->doc, strlen(c->doc), &c->res);
    return (int)c->res.outcome;
}

/* A fresh 小巨人 title issued last year, whose update of this year is due by
 * 31 December (the test's deadline), and its update document. */
static int update_due(struct update_ctx *c)
{
    struct revoke_ctx rc;
    struct tier_date today = date_today_cst();
    const char *y0 = strstr(sample, "<year "), *y1 = y0 ? strstr(y0, "</year>") : NULL;
    char q[256], day[11];

    memset(&rc, 0, sizeof rc);
    if (y1 == NULL || issued(&rc) != 0)
        return -1;
    snprintf(c->serial, sizeof c->serial, "%s", rc.serial);
    snprintf(q, sizeof q, "UPDATE certificates SET valid_from = '%04d-06-01', valid_until = "
                          "'%04d-05-31' WHERE serial = '%s'", today.y - 1, today.y + 2, c->serial);
    if (run_sql(q) != 0)
        return -1;
    date_format(&today, day);
    snprintf(c->doc, sizeof c->doc,
             "<update xmlns=\"urn:tierd:application:little-giant:1\" year=\"%d\">"
             "<submissionDate>%s</submissionDate><certificate>%s</certificate>"
             "<uscc>" LG_USCC "</uscc>%.*s</year></update>",
             today.y, day, c->serial, (int)(y1 - y0), y0);
    return 0;
}

static void test_a_yearly_update_that_fails_anywhere_leaves_nothing_behind(void)
{
    static struct update_ctx c;
    int month = cfg.lifecycle.update_month[TIER_LITTLE_GIANT];
    int mday = cfg.lifecycle.update_day[TIER_LITTLE_GIANT];
    char q[256];

    memset(&c, 0, sizeof c);
    CU_ASSERT_EQUAL_FATAL(principal_of("lg-holder", "--role enterprise --uscc " LG_USCC,
                                       &c.holder),
                          0);
    /* due by the end of this year, whatever day the test runs */
    cfg.lifecycle.update_month[TIER_LITTLE_GIANT] = 12;
    cfg.lifecycle.update_day[TIER_LITTLE_GIANT] = 31;
    CU_ASSERT_EQUAL_FATAL(update_due(&c), 0);
    each_statement(DB_FAULT_ERROR, file_update_once, &c, UPDATE_STORED, UPDATE_ERROR,
                   UPDATE_ERROR);
    CU_ASSERT_EQUAL_FATAL(update_due(&c), 0);
    each_statement(DB_FAULT_DROP, file_update_once, &c, UPDATE_STORED, UPDATE_UNAVAILABLE,
                   UPDATE_UNKNOWN);
    CU_ASSERT_EQUAL(file_update_once(&c), UPDATE_DUPLICATE); /* the same bytes again */
    snprintf(q, sizeof q, "SELECT COUNT(*) FROM title_updates WHERE serial = '%s'", c.serial);
    CU_ASSERT_EQUAL(count_of(q), 1);
    cfg.lifecycle.update_month[TIER_LITTLE_GIANT] = month;
    cfg.lifecycle.update_day[TIER_LITTLE_GIANT] = mday;
}

struct calendar_ctx {
    const char *text;
    long days;
    char err[512];
};

static int import_once(void *arg)
{
    struct calendar_ctx *c = arg;

    return registry_calendar_import(&reg, c->text, strlen(c->text), "test", &c->days, c->err,
                                    sizeof c->err);
}

static void test_a_calendar_import_that_fails_anywhere_leaves_nothing_behind(void)
{
    struct calendar_ctx c = {"2031-01-01 holiday 元旦\n2031-01-04 workday 调休\n", 0, ""};

    /* an operator's write: 0 done, -1 not done (the sentence says which) */
    each_statement(DB_FAULT_ERROR, import_once, &c, 0, -1, -1);
    each_statement(DB_FAULT_DROP, import_once, &c, 0, -1, -1);
    CU_ASSERT_EQUAL(count_of("SELECT COUNT(*) FROM calendar_days WHERE day BETWEEN "
                             "'2031-01-01' AND '2031-12-31'"),
                    2);
}

static void test_a_revocation_whose_commit_answer_is_lost_is_unknown_but_complete(void)
{
    struct revoke_ctx c;
    char q[256];
    int n;

    memset(&c, 0, sizeof c);
    CU_ASSERT_EQUAL_FATAL(issued(&c), 0);
    /* lock, update, audit (head, insert, head), commit: find the COMMIT's number */
    for (n = 1; n < MAX_STATEMENTS; n++) {
        struct revoke_ctx dry = c;
        db_fault_arm(reg.db, n, DB_FAULT_ERROR);
        revoke_once(&dry);
        if (!db_fault_fired(reg.db))
            break;
    }
    db_fault_arm(reg.db, 0, DB_FAULT_NONE);
    /* that last dry run revoked it: take another certificate */
    CU_ASSERT_EQUAL_FATAL(issued(&c), 0);
    db_fault_arm(reg.db, n - 1, DB_FAULT_LOST_REPLY);
    CU_ASSERT_EQUAL(revoke_once(&c), REVOKE_UNKNOWN);
    db_fault_arm(reg.db, 0, DB_FAULT_NONE);
    CU_ASSERT_PTR_NOT_NULL(strstr(c.res.says.en, c.serial)); /* GET its status */
    snprintf(q, sizeof q, "SELECT COUNT(*) FROM certificates WHERE serial = '%s' AND revoked_at "
                          "IS NOT NULL", c.serial);
    CU_ASSERT_EQUAL(count_of(q), 1);
}

static int submit_once(void *arg)
{
    enum submit_outcome o;

    (void)arg;
    submit_copy(&o, NULL);
    return (int)o;
}

static void test_a_submission_that_fails_anywhere_is_stored_whole_or_not_at_all(void)
{
    long before = count_of("SELECT COUNT(*) FROM submissions"), after;

    /* a server error: nothing stored, the caller told so */
    each_statement(DB_FAULT_ERROR, submit_once, NULL, SUBMIT_STORED, SUBMIT_ERROR,
                   SUBMIT_ERROR);
    after = count_of("SELECT COUNT(*) FROM submissions");
    CU_ASSERT_EQUAL(after, before + 1); /* only the run without a fault */
    /* every stored submission has its document and findings */
    CU_ASSERT_EQUAL(count_of("SELECT COUNT(*) FROM submissions s LEFT JOIN submission_documents "
                             "d ON d.submission_id = s.id WHERE d.submission_id IS NULL"),
                    0);
    CU_ASSERT_EQUAL(count_of("SELECT COUNT(*) FROM submissions s WHERE NOT EXISTS (SELECT 1 FROM "
                             "findings f WHERE f.submission_id = s.id)"),
                    0);
}

static void test_a_submission_whose_link_drops_is_stored_once_on_a_fresh_connection(void)
{
    for (int n = 1; n < MAX_STATEMENTS; n++) {
        long before = count_of("SELECT COUNT(*) FROM submissions");
        enum submit_outcome o;
        int fired;

        db_fault_arm(reg.db, n, DB_FAULT_DROP);
        submit_copy(&o, NULL);
        fired = db_fault_fired(reg.db);
        db_fault_arm(reg.db, 0, DB_FAULT_NONE);
        /* retried on a fresh connection: stored exactly once */
        CU_ASSERT_EQUAL(o, SUBMIT_STORED);
        CU_ASSERT_EQUAL(count_of("SELECT COUNT(*) FROM submissions"), before + 1);
        if (!fired)
            break;
    }
}

static void test_a_submission_whose_commit_answer_is_lost_answers_duplicate_and_is_stored_once(void)
{
    long before;
    enum submit_outcome o;
    int n;

    /* count the statements of a submission's transaction: the last is the COMMIT */
    for (n = 1; n < MAX_STATEMENTS; n++) {
        db_fault_arm(reg.db, n, DB_FAULT_ERROR);
        submit_copy(&o, NULL);
        if (!db_fault_fired(reg.db))
            break;
    }
    db_fault_arm(reg.db, 0, DB_FAULT_NONE);
    CU_ASSERT_FATAL(n > 2 && n < MAX_STATEMENTS);
    before = count_of("SELECT COUNT(*) FROM submissions");
    db_fault_arm(reg.db, n - 1, DB_FAULT_LOST_REPLY);
    submit_copy(&o, NULL);
    CU_ASSERT(db_fault_fired(reg.db));
    db_fault_arm(reg.db, 0, DB_FAULT_NONE);
    /* the retry on a fresh connection finds it stored: the original receipt */
    CU_ASSERT_EQUAL(o, SUBMIT_DUPLICATE);
    CU_ASSERT_EQUAL(count_of("SELECT COUNT(*) FROM submissions"), before + 1);
}

/* ---- the prerequisite on the day of receipt (issue 12) ---------------------------- */

static void test_the_approval_judges_titles_held_on_the_day_the_application_was_received(void)
{
    struct decide_result res;
    uint64_t kept = recommended(), late = recommended();
    char q[512];

    CU_ASSERT_FATAL(kept != 0 && late != 0);
    /* drop the fault tests' titles: this enterprise's 专精特新 title is the one below */
    CU_ASSERT_EQUAL(run_sql("UPDATE certificates SET revoked_at = NOW() WHERE tier = "
                            "'specialized-sme' AND revoked_at IS NULL"), 0);
    /* a 专精特新 title that lapsed five days ago (UTC+8 days; the server's clock is UTC) */
    CU_ASSERT_EQUAL_FATAL(title("SSME-LAPSED-1", "DATE(NOW() + INTERVAL 8 HOUR) - INTERVAL 5 DAY"),
                          0);
    /* one application received ten days ago, while the title was valid; one three
     * days ago, after it lapsed */
    snprintf(q, sizeof q, "UPDATE submissions SET submitted_at = NOW() - INTERVAL 10 DAY WHERE "
                          "id = %llu", (unsigned long long)kept);
    CU_ASSERT_EQUAL(run_sql(q), 0);
    snprintf(q, sizeof q, "UPDATE submissions SET submitted_at = NOW() - INTERVAL 3 DAY WHERE "
                          "id = %llu", (unsigned long long)late);
    CU_ASSERT_EQUAL(run_sql(q), 0);

    CU_ASSERT_EQUAL(decide(&province, kept, REVIEW_APPROVE, NULL, &res), DECIDE_DONE);
    CU_ASSERT(res.serial[0] != '\0');
    CU_ASSERT_EQUAL(decide(&province, late, REVIEW_APPROVE, NULL, &res), DECIDE_PREREQ_NOT_HELD);
    CU_ASSERT_STRING_EQUAL(res.says.code, "prerequisite-not-held");
    CU_ASSERT_PTR_NOT_NULL(strstr(res.says.en, "LG26-PREREQ"));
}

/* At receipt the prerequisite is answered from the rows the submission reads
 * before it is judged (one statement): held when a 专精特新 title is valid
 * today and not revoked; a revoked or lapsed one does not count. */
static void test_a_submission_counts_only_a_valid_unrevoked_prerequisite_title(void)
{
    enum submit_outcome o;
    int eligible = -1;

    CU_ASSERT_EQUAL(run_sql("UPDATE certificates SET revoked_at = NOW() WHERE tier = "
                            "'specialized-sme' AND revoked_at IS NULL"), 0);
    CU_ASSERT(submit_copy(&o, &eligible) != 0);
    CU_ASSERT_EQUAL(eligible, 0);

    CU_ASSERT_EQUAL_FATAL(title("SSME-HELD-1", "'2099-01-01'"), 0);
    CU_ASSERT(submit_copy(&o, &eligible) != 0);
    CU_ASSERT_EQUAL(eligible, 1);

    CU_ASSERT_EQUAL(run_sql("UPDATE certificates SET revoked_at = NOW() WHERE serial = "
                            "'SSME-HELD-1'"), 0);
    CU_ASSERT(submit_copy(&o, &eligible) != 0);
    CU_ASSERT_EQUAL(eligible, 0);

    CU_ASSERT_EQUAL_FATAL(title("SSME-LAPSED-2", "DATE(NOW() + INTERVAL 8 HOUR) - INTERVAL 1 DAY"),
                          0);
    CU_ASSERT(submit_copy(&o, &eligible) != 0);
    CU_ASSERT_EQUAL(eligible, 0);

    CU_ASSERT_EQUAL_FATAL(title("SSME-LAST-DAY", "DATE(NOW() + INTERVAL 8 HOUR)"), 0);
    CU_ASSERT(submit_copy(&o, &eligible) != 0);
    CU_ASSERT_EQUAL(eligible, 1); /* valid through its last day */
    CU_ASSERT_EQUAL(run_sql("UPDATE certificates SET revoked_at = NOW() WHERE serial = "
                            "'SSME-LAST-DAY'"), 0);
}

/* The rows a submission reads before it is judged: each certificate with the
 * latest year of its yearly updates (read by a second statement only when
 * there are certificates), the applications under review, and the same
 * bytes sent before. */
static void test_the_title_rows_carry_each_certificates_latest_update_year(void)
{
    struct title_row rows[TITLE_ROWS_MAX];
    struct title_view v;
    char err[256];
    int found = 0;

    CU_ASSERT_EQUAL_FATAL(title("SSME-UPD-1", "'2099-01-01'"), 0);
    CU_ASSERT_EQUAL(run_sql("INSERT INTO title_updates (serial, year, sha256, body) VALUES "
                            "('SSME-UPD-1', 2025, UNHEX(SHA2('a', 256)), 'a'), "
                            "('SSME-UPD-1', 2026, UNHEX(SHA2('b', 256)), 'b')"), 0);
    CU_ASSERT_EQUAL_FATAL(title_rows_doc(probe, "91370203MA3T1U2W06", NULL, NULL, rows,
                                         TITLE_ROWS_MAX, &v, err, sizeof err),
                          STORE_OK);
    CU_ASSERT(v.complete);
    CU_ASSERT_EQUAL(v.same_id, 0);
    CU_ASSERT_EQUAL(v.token_account, 0);
    for (size_t i = 0; i < v.n; i++) {
        if (rows[i].is_certificate && strcmp(rows[i].ref, "SSME-UPD-1") == 0) {
            found = 1;
            CU_ASSERT_EQUAL(rows[i].last_update_year, 2026);
        } else if (rows[i].is_certificate) { /* the others: as the table says */
            char q[160];
            snprintf(q, sizeof q, "SELECT IFNULL(MAX(year), 0) FROM title_updates WHERE "
                                  "serial = '%s'", rows[i].ref);
            CU_ASSERT_EQUAL(rows[i].last_update_year, count_of(q));
        }
    }
    CU_ASSERT(found);
    /* the certificates first, newest first; then the applications, oldest first */
    for (size_t i = 1; i < v.n; i++) {
        CU_ASSERT(rows[i - 1].is_certificate >= rows[i].is_certificate);
        if (rows[i - 1].is_certificate && rows[i].is_certificate)
            CU_ASSERT(strcmp(rows[i - 1].valid_from, rows[i].valid_from) >= 0);
        if (!rows[i - 1].is_certificate)
            CU_ASSERT(rows[i - 1].submission_id < rows[i].submission_id);
    }
    CU_ASSERT_EQUAL(run_sql("UPDATE certificates SET revoked_at = NOW() WHERE serial = "
                            "'SSME-UPD-1'"), 0);
}

/* ---- the transparency log ---------------------------------------------------------- */

/* The tree in the database, rebuilt leaf by leaf in memory from the stored
 * entries, has the head the stored hashes give: nothing was appended out of
 * order or half-way. Returns the size, or -1. */
static long log_rebuilt_matches(void)
{
    struct db_conn *m = db_connect(&cfg, NULL, 0);
    struct tlog_mem *mem = tlog_mem_new();
    struct tlog_store ms = tlog_mem_store(mem);
    struct store_tlog st = {m, NULL, NULL, 0};
    struct tlog_store ds;
    unsigned char entry[TLOG_ENTRY_MAX], a[TLOG_HASH_LEN], b[TLOG_HASH_LEN];
    uint64_t size = 0;
    unsigned int e = 0;
    char err[512];
    long rc = -1;

    if (m == NULL || mem == NULL || store_tlog_size(m, &size, &e, err, sizeof err) != 0)
        goto out;
    ds = store_tlog(&st);
    for (uint64_t i = 0; i < size; i++) {
        size_t len = 0;
        if (store_tlog_entry(m, i, entry, sizeof entry, &len, &e, err, sizeof err) != 1 ||
            tlog_append(&ms, i, entry, len, NULL, err, sizeof err) != 0)
            goto out;
    }
    if (tlog_root(&ms, size, a, err, sizeof err) != 0 ||
        tlog_root(&ds, size, b, err, sizeof err) != 0)
        goto out;
    rc = memcmp(a, b, sizeof a) == 0 ? (long)size : -1;
out:
    if (rc < 0)
        fprintf(stderr, "\n    log rebuild: %s", err);
    tlog_mem_free(mem);
    db_close(m);
    return rc;
}

/* Sequence everything queued; the tree's size after, or -1. */
static long sequenced(void)
{
    uint64_t moved = 0, size = 0;
    char err[512];

    do {
        if (registry_tlog_sequence(&reg, 7, &moved, &size, err, sizeof err) != 0) {
            fprintf(stderr, "\n    sequencing: %s", err);
            return -1;
        }
    } while (moved > 0);
    return (long)size;
}

static void test_issuing_revoking_and_activating_a_key_each_append_a_leaf_with_the_act(void)
{
    struct revoke_ctx c;
    char q[1024], *out = NULL, active[STORE_KEY_ID_LEN + 1];
    long before = sequenced(), size;
    struct reg_says says;

    memset(&c, 0, sizeof c);
    CU_ASSERT_FATAL(before > 0); /* the fault tests' acts */
    CU_ASSERT_EQUAL_FATAL(title("SSME-LOG-1", "'2099-01-01'"), 0);
    CU_ASSERT_EQUAL_FATAL(issued(&c), 0);
    snprintf(q, sizeof q, "SELECT COUNT(*) FROM " LOG_ALL " WHERE kind = 'certificateIssued' "
                          "AND subject = '%s' AND entry LIKE '%%<serial>%s</serial>%%' AND "
                          "entry LIKE CONCAT('%%<certificateSha256>', (SELECT SHA2(document, "
                          "256) FROM certificates WHERE serial = '%s'), '%%')",
             c.serial, c.serial, c.serial);
    CU_ASSERT_EQUAL(count_of(q), 1);
    registry_revoke(&reg, &province, c.serial, "测试 (log)", "fraud", &c.res);
    CU_ASSERT_EQUAL(c.res.outcome, REVOKE_DONE);
    snprintf(q, sizeof q, "SELECT COUNT(*) FROM " LOG_ALL " WHERE kind = 'certificateRevoked' "
                          "AND subject = '%s' AND entry LIKE '%%<category>fraud</category>%%'",
             c.serial);
    CU_ASSERT_EQUAL(count_of(q), 1);
    /* a new key activated retires the old one: two leaves; back again: two more */
    CU_ASSERT_EQUAL_FATAL(registry_key_active(&reg, active, &says), KEY_DONE);
    CU_ASSERT_EQUAL_FATAL(
        harness_sh(&out, "%s key generate --alg p256 --out '%s/keys' 2>/dev/null | head -1",
                   harness_bin("tierctl"), harness_dir()), 0);
    CU_ASSERT_FATAL(out != NULL);
    out[strcspn(out, "\n")] = '\0';
    CU_ASSERT_EQUAL(harness_sh(NULL, "%s key activate %.64s", harness_bin("tierctl"), out), 0);
    CU_ASSERT_EQUAL(harness_sh(NULL, "%s key activate %.64s", harness_bin("tierctl"), active), 0);
    snprintf(q, sizeof q, "SELECT COUNT(*) FROM " LOG_ALL " WHERE subject = '%.64s' AND kind IN "
                          "('keyActivated', 'keyRetired') AND entry LIKE "
                          "'%%<algorithm>ecdsa-p256-sha256</algorithm>%%'", out);
    CU_ASSERT_EQUAL(count_of(q), 2);
    free(out);
    /* queued with the acts, in order (tierd's own step may have moved some
     * already); leaves once sequenced, 7 at a time */
    CU_ASSERT_EQUAL(count_of("SELECT (SELECT COUNT(*) FROM tlog_queue) + (SELECT size FROM "
                             "tlog_head)"), before + 6);
    CU_ASSERT_EQUAL(sequenced(), before + 6);
    CU_ASSERT_EQUAL(count_of("SELECT COUNT(*) FROM tlog_queue"), 0);
    snprintf(q, sizeof q, "SELECT (SELECT leaf_index FROM tlog_entries WHERE subject = '%s' AND "
                          "kind = 'certificateRevoked') - (SELECT leaf_index FROM tlog_entries "
                          "WHERE subject = '%s' AND kind = 'certificateIssued')", c.serial, c.serial);
    CU_ASSERT_EQUAL(count_of(q), 1); /* issued, then revoked, as queued */
    size = log_rebuilt_matches();
    CU_ASSERT_EQUAL(size, before + 6);
    /* a fault anywhere left no leaf behind (the tests above), and every leaf is in order */
    CU_ASSERT_EQUAL(count_of("SELECT COUNT(*) FROM tlog_entries"), size);
}

static void test_the_log_step_logs_the_audit_head_once_and_signs_one_checkpoint_per_size(void)
{
    struct reg_log_step st;
    int64_t last = 0;
    char err[512], q[256];
    long size;

    /* reg.signer (in-process) signs with the harness's key-dir/log.key */
    CU_ASSERT_FATAL(signer_has_log_key(reg.signer));
    CU_ASSERT_EQUAL(registry_log_step(&reg, &last, &st, err, sizeof err), 0);
    CU_ASSERT_EQUAL(st.audit_head, 1);
    CU_ASSERT(last == count_of("SELECT last_id FROM audit_head"));
    size = count_of("SELECT size FROM tlog_head");
    CU_ASSERT_EQUAL(st.checkpoint_size, (uint64_t)size);
    snprintf(q, sizeof q, "SELECT COUNT(*) FROM tlog_entries WHERE leaf_index = %ld AND kind = "
                          "'auditHead' AND entry LIKE CONCAT('%%<rowId>', %lld, '</rowId><headSha256>', "
                          "(SELECT last_sha256 FROM audit_head), '%%')", size - 1, (long long)last);
    CU_ASSERT_EQUAL(count_of(q), 1);
    /* nothing new: no second audit head, no second checkpoint for the same size */
    CU_ASSERT_EQUAL(registry_log_step(&reg, &last, &st, err, sizeof err), 0);
    CU_ASSERT_EQUAL(st.audit_head, 0);
    CU_ASSERT_EQUAL(st.sequenced, 0);
    CU_ASSERT_EQUAL(st.checkpoint_size, 0);
    snprintf(q, sizeof q, "SELECT COUNT(*) FROM tlog_checkpoints WHERE tree_size = %ld", size);
    CU_ASSERT_EQUAL(count_of(q), 1);
}

/* The audit chain rewritten with SQL and every hash after it recomputed
 * (so the chain alone verifies): tierctl audit verify compares it with the
 * auditHead entries the log holds, and names the row. */
static void test_audit_rows_rewritten_and_rechained_are_caught_against_the_logged_head(void)
{
    static const char rechain[] =
        "import hashlib, subprocess\n"
        "def sql(q):\n"
        "    return subprocess.run(['scripts/db', 'sql', '-N', '-B', '-e', q], check=True,\n"
        "                          capture_output=True, text=True).stdout\n"
        "def field(b):\n"
        "    return str(len(b)).encode() + b':' + b + b'\\n'\n"
        "rows = sql(\"SELECT id, HEX(DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s.%f')), HEX(actor), \"\n"
        "           \"HEX(action), HEX(COALESCE(object_type, '')), HEX(COALESCE(object_id, \"\n"
        "           \"'')), HEX(COALESCE(detail, '')) FROM audit_log ORDER BY id\").splitlines()\n"
        "prev, out = '0' * 64, []\n"
        "for i, line in enumerate(rows):\n"
        "    r = line.split('\\t')\n"
        "    f = [r[0].encode()] + [bytes.fromhex(x) for x in r[1:]]\n"
        "    if i == 0:\n"
        "        f[6] = b'rewritten by whoever holds the database'\n"
        "        out.append(\"UPDATE audit_log SET detail = X'%s' WHERE id = %s;\" % (f[6].hex(), r[0]))\n"
        "    h = hashlib.sha256(b''.join(field(x) for x in f + [prev.encode()])).hexdigest()\n"
        "    out.append(\"UPDATE audit_log SET prev_sha256 = '%s', row_sha256 = '%s' WHERE id = %s;\"\n"
        "               % (prev, h, r[0]))\n"
        "    prev = h\n"
        "out.append(\"UPDATE audit_head SET last_sha256 = '%s' WHERE id = 1;\" % prev)\n"
        "print('\\n'.join(out))\n";
    char path[800], *out = NULL;
    FILE *f;

    struct reg_log_step st;
    struct reg_says says;
    int64_t last = 0;
    long n = 0;
    char err[512];

    /* tierd's log step commits to the chain's head (as every
     * audit-head-interval seconds) */
    CU_ASSERT_EQUAL(registry_log_step(&reg, &last, &st, err, sizeof err), 0);
    CU_ASSERT_FATAL(count_of("SELECT COUNT(*) FROM tlog_entries WHERE kind = 'auditHead'") >= 1);
    CU_ASSERT_EQUAL(registry_audit_against_log(&reg, &n, &says), AUDIT_LOG_OK);
    CU_ASSERT(n >= 1);
    CU_ASSERT_EQUAL(harness_sh(&out, "%s audit verify", harness_bin("tierctl")), 0);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "audit heads the transparency log committed") : NULL);
    free(out);
    out = NULL;
    snprintf(path, sizeof path, "%s/rechain.py", harness_dir());
    f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(rechain, f);
    fclose(f);
    CU_ASSERT_EQUAL_FATAL(harness_sh(&out, "/usr/bin/python3 '%s' > '%s.sql' && scripts/db sql < "
                                           "'%s.sql'", path, path, path), 0);
    free(out);
    out = NULL;
    /* the chain alone verifies: rewritten whole */
    CU_ASSERT_EQUAL(harness_sh(&out, "%s audit verify", harness_bin("tierctl")), 1);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "audit log intact") : NULL);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "audit row ") : NULL);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "was rewritten after the log recorded its head")
                               : NULL);
    free(out);
    CU_ASSERT_EQUAL(registry_audit_against_log(&reg, &n, &says), AUDIT_LOG_REWRITTEN);
    CU_ASSERT(says.zh[0] != '\0');
}

/*
 * The operators' writes (accounts, targets; key activation goes the same
 * way): a COMMIT whose answer is lost says the change may or may not have
 * been made and how to see, and it was made; one cut before COMMIT says the
 * same and it was not; "table is full" says the database cannot write and
 * nothing changed, makes the registry degraded, and the next write that
 * commits ends that.
 */
/* Have the harness's development root (scripts/db: dev-root-dir) certify k
 * for purpose, valid for a day, and store it through the registry. */
static enum key_outcome certify_with_dev_root(const struct sign_key *k, enum keycert_purpose p)
{
    char path[600], err[512];
    struct sign_key *root = NULL;
    struct reg_says says;
    char *doc = NULL;
    size_t len = 0;
    int64_t now = (int64_t)time(NULL);
    enum key_outcome o = KEY_ERROR;

    snprintf(path, sizeof path, "%s/dev-root/root.key", harness_dir());
    if (sign_key_load_private(path, &root, err, sizeof err) == 0 &&
        keycert_make(root, k, p, now - 60, now + 86400, &doc, &len, err, sizeof err) == 0)
        o = registry_key_certify(&reg, doc, len, "test", &says);
    else
        fprintf(stderr, "\n    certify_with_dev_root: %s\n", err);
    free(doc);
    sign_key_free(root);
    return o;
}

/* Only the root's certificate makes a key usable: a key without one, one
 * certified by another root, for the log, or changed after the root signed
 * it is refused at activation with a sentence saying why, and nothing is
 * written. */
static void test_a_key_without_the_roots_certificate_is_never_activated(void)
{
    struct sign_key *k = NULL, *other = NULL;
    struct reg_says says;
    char err[512], q[256], *doc = NULL, *tmp = NULL;
    size_t len = 0;
    int64_t now = (int64_t)time(NULL);
    long rows;

    CU_ASSERT_EQUAL_FATAL(sign_key_generate(SIGN_ALG_ED25519, &k, err, sizeof err), 0);
    snprintf(q, sizeof q, "SELECT COUNT(*) FROM signing_keys WHERE key_id = '%s'", sign_key_id(k));
    rows = count_of("SELECT COUNT(*) FROM audit_log");
    /* no certificate at all */
    CU_ASSERT_EQUAL(registry_key_activate(&reg, k, "test", &says), KEY_UNCERTIFIED);
    CU_ASSERT_PTR_NOT_NULL(strstr(says.en, "no certificate from the root"));
    CU_ASSERT_PTR_NOT_NULL(strstr(says.en, "tierctl key certify"));
    CU_ASSERT(says.zh[0] != '\0');
    CU_ASSERT_EQUAL(count_of(q), 0);
    /* a certificate of another root is not stored */
    CU_ASSERT_EQUAL_FATAL(sign_key_generate(SIGN_ALG_ED25519, &other, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(keycert_make(other, k, KEYCERT_SIGNING, now - 60, now + 86400, &doc,
                                       &len, err, sizeof err), 0);
    CU_ASSERT_EQUAL(registry_key_certify(&reg, doc, len, "test", &says), KEY_UNCERTIFIED);
    CU_ASSERT_PTR_NOT_NULL(strstr(says.en, "not by the trusted root"));
    free(doc);
    /* nor one the root signed that was changed afterwards (a later notAfter) */
    CU_ASSERT_EQUAL(certify_with_dev_root(k, KEYCERT_LOG), KEY_DONE);
    CU_ASSERT_EQUAL(registry_key_activate(&reg, k, "test", &says), KEY_UNCERTIFIED);
    CU_ASSERT_PTR_NOT_NULL(strstr(says.en, "certified for log, not for signing"));
    /* rewritten in the database: the activation checks it again */
    CU_ASSERT_EQUAL(certify_with_dev_root(k, KEYCERT_SIGNING), KEY_DONE);
    tmp = malloc(512);
    snprintf(tmp, 512, "UPDATE key_certificates SET document = REPLACE(document, "
                       "'<notAfter>', '<notAfter>2') WHERE key_id = '%s'", sign_key_id(k));
    CU_ASSERT_EQUAL(run_sql(tmp), 0);
    CU_ASSERT_EQUAL(registry_key_activate(&reg, k, "test", &says), KEY_UNCERTIFIED);
    CU_ASSERT_EQUAL(count_of(q), 0);
    /* the refused activations left no audit row */
    CU_ASSERT_EQUAL(count_of("SELECT COUNT(*) FROM audit_log"), rows);
    free(tmp);
    sign_key_free(other);
    sign_key_free(k);
}

static void test_an_active_key_whose_certificate_was_rewritten_signs_nothing(void)
{
    struct approve_ctx c;
    struct reg_says says;
    char id[STORE_KEY_ID_LEN + 1], q[512];
    long certs;

    CU_ASSERT_EQUAL_FATAL(title("SSME-KEYCERT-1", "'2099-01-01'"), 0);
    CU_ASSERT_EQUAL_FATAL(registry_key_active(&reg, id, &says), KEY_DONE);
    /* the active key signs while its certificate holds */
    c.id = recommended();
    CU_ASSERT_FATAL(c.id != 0);
    CU_ASSERT_EQUAL(approve_once(&c), DECIDE_DONE);
    /* its certificate changed with SQL (a later notAfter): nothing is signed */
    snprintf(q, sizeof q, "UPDATE key_certificates SET document = REPLACE(document, "
                          "'<notAfter>', '<notAfter>2') WHERE key_id = '%s'", id);
    CU_ASSERT_EQUAL_FATAL(run_sql(q), 0);
    certs = count_of("SELECT COUNT(*) FROM certificates");
    c.id = recommended();
    CU_ASSERT_FATAL(c.id != 0);
    CU_ASSERT_EQUAL(approve_once(&c), DECIDE_NO_KEY);
    CU_ASSERT_PTR_NOT_NULL(strstr(c.res.says.en, "no valid certificate of the trusted root"));
    CU_ASSERT(c.res.says.zh[0] != '\0');
    CU_ASSERT_EQUAL(count_of("SELECT COUNT(*) FROM certificates"), certs);
    /* put back as the root signed it: the same application is approved */
    snprintf(q, sizeof q, "UPDATE key_certificates SET document = REPLACE(document, "
                          "'<notAfter>2', '<notAfter>') WHERE key_id = '%s'", id);
    CU_ASSERT_EQUAL_FATAL(run_sql(q), 0);
    CU_ASSERT_EQUAL(approve_once(&c), DECIDE_DONE);
    CU_ASSERT_EQUAL(count_of("SELECT COUNT(*) FROM certificates"), certs + 1);
}

static void test_operator_writes_tell_lost_commits_and_full_tables_apart(void)
{
    struct reg_write_state ws;
    struct op_result res;
    struct reg_account_new lost = {"op-lost", ROLE_PROVINCE_REVIEWER, NULL, NULL, NULL, 0};
    struct reg_account_new cut = {"op-cut", ROLE_PROVINCE_REVIEWER, NULL, NULL, NULL, 0};
    struct reg_account_new full = {"op-full", ROLE_PROVINCE_REVIEWER, NULL, NULL, NULL, 0};
    struct reg_account_new full2 = {"op-full2", ROLE_PROVINCE_REVIEWER, NULL, NULL, NULL, 0};
    struct reg_target_new t = {2031, "little-giant", NULL, 7, "new", "floor", "test"};
    char err[1024];

    db_fault_arm(reg.db, DB_FAULT_AT_COMMIT, DB_FAULT_LOST_REPLY);
    registry_account_add(&reg, &lost, "test", &res);
    CU_ASSERT_EQUAL(res.outcome, OP_UNKNOWN);
    CU_ASSERT_EQUAL(db_fault_fired(reg.db), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(res.says.en, "may or may not have been made"));
    CU_ASSERT_PTR_NOT_NULL(strstr(res.says.en, "tierctl account list"));
    CU_ASSERT_PTR_NOT_NULL(strstr(res.says.zh, "无法确定"));
    CU_ASSERT_EQUAL(count_of("SELECT COUNT(*) FROM accounts WHERE name = 'op-lost'"), 1);

    db_fault_arm(reg.db, DB_FAULT_AT_COMMIT, DB_FAULT_DROP);
    registry_account_add(&reg, &cut, "test", &res);
    CU_ASSERT_EQUAL(res.outcome, OP_UNKNOWN);
    CU_ASSERT_PTR_NOT_NULL(strstr(res.says.en, "may or may not have been made"));
    CU_ASSERT_EQUAL(count_of("SELECT COUNT(*) FROM accounts WHERE name = 'op-cut'"), 0);

    db_fault_arm(reg.db, DB_FAULT_AT_COMMIT, DB_FAULT_LOST_REPLY);
    registry_target_set(&reg, &t, "test", &res);
    CU_ASSERT_EQUAL(res.outcome, OP_UNKNOWN);
    CU_ASSERT_PTR_NOT_NULL(strstr(res.says.en, "tierctl target list"));
    CU_ASSERT_EQUAL(count_of("SELECT COUNT(*) FROM targets WHERE year = 2031"), 1);

    db_fault_arm_error(reg.db, 1, 1114, 0);
    registry_account_add(&reg, &full, "test", &res);
    CU_ASSERT_EQUAL(res.outcome, OP_CANNOT_WRITE);
    CU_ASSERT_PTR_NOT_NULL(strstr(res.says.en, "cannot write"));
    CU_ASSERT_PTR_NOT_NULL(strstr(res.says.en, "nothing was changed"));
    CU_ASSERT_EQUAL(count_of("SELECT COUNT(*) FROM accounts WHERE name = 'op-full'"), 0);
    registry_write_state(&ws);
    CU_ASSERT_EQUAL(ws.degraded, 1);
    registry_account_add(&reg, &full, "test", &res);
    CU_ASSERT_EQUAL(res.outcome, OP_DONE);
    registry_write_state(&ws);
    CU_ASSERT_EQUAL(ws.degraded, 0);

    /* the same name again is "exists" at the field, and nothing changed */
    registry_account_add(&reg, &full, "test", &res);
    CU_ASSERT_EQUAL(res.outcome, OP_EXISTS);
    CU_ASSERT_STRING_EQUAL(res.field, "name");

    /* tierd's audit of a throttled address: the same outcomes as any write */
    registry_auth_throttled(&reg, "192.0.2.7", 10, 30, &res);
    CU_ASSERT_EQUAL(res.outcome, OP_DONE);
    db_fault_arm(reg.db, DB_FAULT_AT_COMMIT, DB_FAULT_LOST_REPLY);
    registry_auth_throttled(&reg, "192.0.2.8", 10, 30, &res);
    CU_ASSERT_EQUAL(res.outcome, OP_UNKNOWN);
    CU_ASSERT_PTR_NOT_NULL(strstr(res.says.en, "auth.throttle"));
    CU_ASSERT_EQUAL(count_of("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.throttle' AND "
                             "object_id = '192.0.2.8'"),
                    1);
    db_fault_arm_error(reg.db, 1, 1114, 0);
    registry_auth_throttled(&reg, "192.0.2.9", 10, 30, &res);
    CU_ASSERT_EQUAL(res.outcome, OP_CANNOT_WRITE);
    CU_ASSERT_EQUAL(count_of("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.throttle' AND "
                             "object_id = '192.0.2.9'"),
                    0);
    registry_account_add(&reg, &full2, "test", &res); /* a commit ends the degraded state */
    CU_ASSERT_EQUAL(res.outcome, OP_DONE);
    {
        long tables = -2;

        registry_table_count(&reg, &tables, &res);
        CU_ASSERT_EQUAL(res.outcome, OP_DONE);
        CU_ASSERT_EQUAL(tables, count_of("SELECT COUNT(*) FROM information_schema.tables WHERE "
                                         "table_schema = DATABASE()"));
    }

    /* key activation: a lost COMMIT answer is told the same way, and the
     * key was activated; the old key is put back for the tests after */
    {
        struct sign_key *k = NULL;
        char active[STORE_KEY_ID_LEN + 1];

        struct reg_says says;

        CU_ASSERT_EQUAL_FATAL(registry_key_active(&reg, active, &says), KEY_DONE);
        CU_ASSERT_EQUAL_FATAL(sign_key_generate(SIGN_ALG_ED25519, &k, err, sizeof err), 0);
        CU_ASSERT_EQUAL_FATAL(certify_with_dev_root(k, KEYCERT_SIGNING), KEY_DONE);
        db_fault_arm(reg.db, DB_FAULT_AT_COMMIT, DB_FAULT_LOST_REPLY);
        CU_ASSERT_EQUAL(registry_key_activate(&reg, k, "test", &says), KEY_UNKNOWN);
        CU_ASSERT_EQUAL(db_fault_fired(reg.db), 1);
        CU_ASSERT_PTR_NOT_NULL(strstr(says.en, "may or may not have been made"));
        CU_ASSERT_PTR_NOT_NULL(strstr(says.en, "tierctl key list"));
        {
            char q[256];
            snprintf(q, sizeof q,
                     "SELECT COUNT(*) FROM signing_keys WHERE key_id = '%s' AND active = 1",
                     sign_key_id(k));
            CU_ASSERT_EQUAL(count_of(q), 1);
        }
        CU_ASSERT_EQUAL(harness_sh(NULL, "%s key activate %.64s", harness_bin("tierctl"), active),
                        0);
        sign_key_free(k);
    }
}

/*
 * An operator's refusal names the field at fault, in Chinese and English,
 * and writes nothing (not even an audit row): the admin pages place it at
 * the field.
 */
static void test_operator_refusals_name_the_field_and_change_nothing(void)
{
    static const struct {
        struct reg_account_new a;
        const char *field;
    } accounts[] = {
        {{"bad name!", ROLE_ADMIN, NULL, NULL, NULL, 0}, "name"},
        {{"ref.none", ROLE_NONE, NULL, NULL, NULL, 0}, "role"},
        {{"ref.city", ROLE_CITY_REVIEWER, NULL, NULL, NULL, 0}, "city"},
        {{"ref.city2", ROLE_CITY_REVIEWER, NULL, "999900", NULL, 0}, "city"},
        {{"ref.ent", ROLE_ENTERPRISE, NULL, NULL, NULL, 0}, "uscc"},
        {{"ref.ent2", ROLE_ENTERPRISE, "91370100MA3C00000X", NULL, NULL, 0}, "uscc"},
        {{"ref.prov", ROLE_PROVINCE_REVIEWER, NULL, "370100", NULL, 0}, "city"},
        {{"ref.pw", ROLE_ADMIN, NULL, NULL, "short", 5}, "password"},
    };
    static const struct {
        struct reg_target_new t;
        const char *field;
    } targets[] = {
        {{1999, "little-giant", NULL, 1, "new", "floor", ""}, "year"},
        {{2032, "no-such-tier", NULL, 1, "new", "floor", ""}, "tier"},
        {{2032, "little-giant", "370199", 1, "new", "floor", ""}, "city"},
        {{2032, "little-giant", NULL, -1, "new", "floor", ""}, "count"},
        {{2032, "little-giant", NULL, 1, "old", "floor", ""}, "kind"},
        {{2032, "little-giant", NULL, 1, "new", "most", ""}, "wording"},
    };
    long audit = count_of("SELECT COUNT(*) FROM audit_log");
    long accts = count_of("SELECT COUNT(*) FROM accounts");
    struct op_result res;

    for (size_t i = 0; i < sizeof accounts / sizeof accounts[0]; i++) {
        registry_account_add(&reg, &accounts[i].a, "test", &res);
        CU_ASSERT_EQUAL(res.outcome, OP_REFUSED);
        CU_ASSERT_PTR_NOT_NULL_FATAL(res.field);
        CU_ASSERT_STRING_EQUAL(res.field, accounts[i].field);
        CU_ASSERT_NOT_EQUAL(res.says.zh[0], '\0');
        CU_ASSERT_NOT_EQUAL(res.says.en[0], '\0');
    }
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        registry_target_set(&reg, &targets[i].t, "test", &res);
        CU_ASSERT_EQUAL(res.outcome, OP_REFUSED);
        CU_ASSERT_PTR_NOT_NULL_FATAL(res.field);
        CU_ASSERT_STRING_EQUAL(res.field, targets[i].field);
        CU_ASSERT_NOT_EQUAL(res.says.zh[0], '\0');
    }
    registry_account_disable(&reg, "no.such.account", "test", &res);
    CU_ASSERT_EQUAL(res.outcome, OP_NOT_FOUND);
    registry_token_revoke(&reg, 987654321, "test", &res);
    CU_ASSERT_EQUAL(res.outcome, OP_NOT_FOUND);
    CU_ASSERT_EQUAL(count_of("SELECT COUNT(*) FROM audit_log"), audit);
    CU_ASSERT_EQUAL(count_of("SELECT COUNT(*) FROM accounts"), accts);
    CU_ASSERT_EQUAL(count_of("SELECT COUNT(*) FROM targets WHERE year = 2032"), 0);
}

struct seen_accounts {
    int found, disabled, has_password;
    enum role role;
    char city[7];
    long tokens;
};

static int see_account(void *ctx, const struct account_row *a)
{
    struct seen_accounts *s = ctx;

    if (strcmp(a->name, "op.listed") == 0) {
        s->found++;
        s->disabled = a->disabled;
        s->has_password = a->has_password;
        s->role = a->role;
        snprintf(s->city, sizeof s->city, "%s", a->city);
        s->tokens = a->tokens;
    }
    return 0;
}

static int count_token(void *ctx, const struct token_row *t)
{
    int *n = ctx;

    CU_ASSERT_EQUAL(strlen(t->sha256_prefix), 12);
    CU_ASSERT_EQUAL(t->state, TOKEN_VALID);
    (*n)++;
    return 0;
}

/*
 * The lists hand rows back (the callers format them): an account added
 * with a password, disabled and enabled, with one token issued.
 */
static void test_operator_lists_hand_rows_back(void)
{
    struct reg_account_new a = {"op.listed", ROLE_CITY_REVIEWER, NULL, "370200",
                                "a long enough password", 22};
    struct seen_accounts seen = {0};
    struct op_result res;
    char token[TOKEN_LEN + 1];
    int ntok = 0;

    registry_account_add(&reg, &a, "test", &res);
    CU_ASSERT_EQUAL_FATAL(res.outcome, OP_DONE);
    registry_account_disable(&reg, "op.listed", "test", &res);
    CU_ASSERT_EQUAL(res.outcome, OP_DONE);
    registry_account_list(&reg, see_account, &seen, &res);
    CU_ASSERT_EQUAL(res.outcome, OP_DONE);
    CU_ASSERT_EQUAL(seen.found, 1);
    CU_ASSERT_EQUAL(seen.disabled, 1);
    CU_ASSERT_EQUAL(seen.has_password, 1);
    CU_ASSERT_EQUAL(seen.role, ROLE_CITY_REVIEWER);
    CU_ASSERT_STRING_EQUAL(seen.city, "370200");
    /* no token for a disabled account */
    registry_token_issue(&reg, "op.listed", 1, "test", token, &res);
    CU_ASSERT_EQUAL(res.outcome, OP_NOT_FOUND);
    registry_account_enable(&reg, "op.listed", "test", &res);
    CU_ASSERT_EQUAL(res.outcome, OP_DONE);
    registry_token_issue(&reg, "op.listed", 1, "test", token, &res);
    CU_ASSERT_EQUAL_FATAL(res.outcome, OP_DONE);
    CU_ASSERT_EQUAL(strlen(token), TOKEN_LEN);
    registry_token_list(&reg, "op.listed", count_token, &ntok, &res);
    CU_ASSERT_EQUAL(res.outcome, OP_DONE);
    CU_ASSERT_EQUAL(ntok, 1);
    memset(&seen, 0, sizeof seen);
    registry_account_list(&reg, see_account, &seen, &res);
    CU_ASSERT_EQUAL(seen.disabled, 0);
    CU_ASSERT_EQUAL(seen.tokens, 1);
    registry_token_list(&reg, "no.such.account", count_token, &ntok, &res);
    CU_ASSERT_EQUAL(res.outcome, OP_NOT_FOUND);
    CU_ASSERT_EQUAL(count_of("SELECT COUNT(*) FROM audit_log WHERE object_id = 'op.listed' AND "
                             "action IN ('account.add', 'account.disable', 'account.enable', "
                             "'token.issue')"),
                    4);
}

/* ---- the public notice (issue 17) ------------------------------------------------- */

struct notice_ctx {
    uint64_t id, oid;
    struct objection_result res;
};

static int object_once(void *arg)
{
    struct notice_ctx *c = arg;

    registry_objection_file(&reg, c->id, "研发费用与年报不符", "联系人 13800000000", "192.0.2.17",
                            &c->res);
    return (int)c->res.outcome;
}

static int dismiss_once(void *arg)
{
    struct notice_ctx *c = arg;

    registry_objection_judge(&reg, &province, c->oid, 0, "经核查不成立", &c->res);
    return (int)c->res.outcome;
}

/* 1 issued, 0 failed, 2 nothing was due */
static int issue_once(void *arg)
{
    char err[256];
    uint64_t issued = 0;

    (void)arg;
    if (registry_issue_due(&reg, 1, &issued, err, sizeof err) != 0)
        return 0;
    return issued == 1 ? 1 : 2;
}

static void test_an_objection_its_dismissal_and_the_scheduled_issuance_fail_anywhere_cleanly(void)
{
    struct notice_ctx c = {0};
    struct decide_result res;
    char q[256];

    CU_ASSERT_EQUAL_FATAL(title("SSME-NOTICE-1", "'2099-01-01'"), 0);
    c.id = recommended();
    CU_ASSERT_FATAL(c.id != 0);
    for (int t = 0; t < TIER_COUNT; t++)
        cfg.lifecycle.notice_days[t] = 5;
    decide(&province, c.id, REVIEW_APPROVE, NULL, &res);
    for (int t = 0; t < TIER_COUNT; t++)
        cfg.lifecycle.notice_days[t] = 0;
    CU_ASSERT_EQUAL_FATAL(res.outcome, DECIDE_DONE);
    CU_ASSERT_STRING_EQUAL(res.to, "in-notice");
    CU_ASSERT(res.notice_ends[0] != '\0' && res.serial[0] == '\0');

    each_statement(DB_FAULT_ERROR, object_once, &c, OBJECTION_DONE, OBJECTION_ERROR,
                   OBJECTION_ERROR);
    c.oid = c.res.id;
    CU_ASSERT_FATAL(c.oid != 0);
    each_statement(DB_FAULT_ERROR, dismiss_once, &c, OBJECTION_DONE, OBJECTION_ERROR,
                   OBJECTION_ERROR);
    CU_ASSERT_STRING_EQUAL(c.res.to, "in-notice");

    /* the notice is over */
    snprintf(q, sizeof q, "UPDATE submissions SET notice_ends = '2000-01-03' WHERE id = %llu",
             (unsigned long long)c.id);
    CU_ASSERT_EQUAL_FATAL(run_sql(q), 0);
    each_statement(DB_FAULT_ERROR, issue_once, &c, 1, 0, 0);
    snprintf(q, sizeof q, "SELECT COUNT(*) FROM certificates WHERE submission_id = %llu",
             (unsigned long long)c.id);
    CU_ASSERT_EQUAL(count_of(q), 1);
    CU_ASSERT_EQUAL(issue_once(NULL), 2); /* issued once: nothing is due now */
}

int main(void)
{
    CU_pSuite s;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("registry", suite_init, suite_clean);
    CU_add_test(s, "operators' writes tell a lost COMMIT and a full table apart",
                test_operator_writes_tell_lost_commits_and_full_tables_apart);
    CU_add_test(s, "operators' refusals name the field and change nothing",
                test_operator_refusals_name_the_field_and_change_nothing);
    CU_add_test(s, "operators' lists hand rows back",
                test_operator_lists_hand_rows_back);
    CU_add_test(s, "an approval that fails anywhere leaves nothing behind",
                test_an_approval_that_fails_anywhere_leaves_nothing_behind);
    CU_add_test(s, "an approval whose COMMIT answer is lost is unknown but complete",
                test_an_approval_whose_commit_answer_is_lost_is_unknown_but_complete);
    CU_add_test(s, "a recommendation that fails anywhere leaves nothing behind",
                test_a_recommendation_that_fails_anywhere_leaves_nothing_behind);
    CU_add_test(s, "a yearly update that fails anywhere leaves nothing behind",
                test_a_yearly_update_that_fails_anywhere_leaves_nothing_behind);
    CU_add_test(s, "a calendar import that fails anywhere leaves nothing behind",
                test_a_calendar_import_that_fails_anywhere_leaves_nothing_behind);
    CU_add_test(s, "a revocation that fails anywhere leaves nothing behind",
                test_a_revocation_that_fails_anywhere_leaves_nothing_behind);
    CU_add_test(s, "a revocation whose COMMIT answer is lost is unknown but complete",
                test_a_revocation_whose_commit_answer_is_lost_is_unknown_but_complete);
    CU_add_test(s, "a submission that fails anywhere is stored whole or not at all",
                test_a_submission_that_fails_anywhere_is_stored_whole_or_not_at_all);
    CU_add_test(s, "a submission whose link drops is stored once on a fresh connection",
                test_a_submission_whose_link_drops_is_stored_once_on_a_fresh_connection);
    CU_add_test(s, "a submission whose COMMIT answer is lost answers duplicate and is stored once",
                test_a_submission_whose_commit_answer_is_lost_answers_duplicate_and_is_stored_once);
    CU_add_test(s, "the approval judges titles held on the day the application was received",
                test_the_approval_judges_titles_held_on_the_day_the_application_was_received);
    CU_add_test(s, "a submission counts only a valid, unrevoked prerequisite title",
                test_a_submission_counts_only_a_valid_unrevoked_prerequisite_title);
    CU_add_test(s, "the title rows carry each certificate's latest update year",
                test_the_title_rows_carry_each_certificates_latest_update_year);
    CU_add_test(s, "issuing, revoking and activating a key each append a leaf with the act",
                test_issuing_revoking_and_activating_a_key_each_append_a_leaf_with_the_act);
    CU_add_test(s, "a key without the root's certificate is never activated",
                test_a_key_without_the_roots_certificate_is_never_activated);
    CU_add_test(s, "an active key whose certificate was rewritten signs nothing",
                test_an_active_key_whose_certificate_was_rewritten_signs_nothing);
    CU_add_test(s, "the log step logs the audit head once and signs one checkpoint per size",
                test_the_log_step_logs_the_audit_head_once_and_signs_one_checkpoint_per_size);
    CU_add_test(s, "an objection, its dismissal and the scheduled issuance fail anywhere cleanly",
                test_an_objection_its_dismissal_and_the_scheduled_issuance_fail_anywhere_cleanly);
    CU_add_test(s, "audit rows rewritten and rechained are caught against the logged head",
                test_audit_rows_rewritten_and_rechained_are_caught_against_the_logged_head);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    {
        unsigned int failed = CU_get_number_of_tests_failed();
        CU_cleanup_registry();
        return failed ? 1 : 0;
    }
}
