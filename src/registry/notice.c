/*
 * notice.c — the public notice (公示) and its objections (registry_notice.h;
 * docs/lifecycle.md).
 *
 * An approval enters the notice in decide.c (reg_notice_end here counts its
 * last day in working days). During the notice anyone may object: the
 * application moves in-notice → objected under its row lock, with the
 * objection and an audit row (actor "public"; the contact is never in an
 * audit row or a public answer). The province judges each objection:
 * upheld, the application is rejected with the reason; dismissed, and when
 * no other is open, it goes back to in-notice. An objection still open when
 * the notice's last day passes keeps the application `objected`: nothing is
 * issued until the province has judged it; a dismissal after the last day
 * leaves it in notice with its end passed, so the next scheduled step
 * (issuance.c) issues it.
 *
 * Every write is one transaction; the review state machine (review.h)
 * judges each move, so the rules live in one place. Failures as in
 * registry.h: before COMMIT nothing changed, at COMMIT the outcome is
 * unknown and the sentence says how to find out.
 */
#include "registry_int.h"

#include "tier/config.h"
#include "tier/db.h"
#include "tier/decisions.h"
#include "tier/lifecycle.h"
#include "tier/notices.h"
#include "tier/registry_notice.h"
#include "tier/titles.h"
#include "tier/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int reg_notice_days(const struct registry *r, const char *tier)
{
    const struct tier_info *ti = tier_by_code(tier);
    struct lifecycle_policy dflt;

    if (ti == NULL)
        return 0;
    if (r->cfg != NULL)
        return r->cfg->lifecycle.notice_days[ti->id];
    lifecycle_defaults(&dflt);
    return dflt.notice_days[ti->id];
}

enum store_result reg_notice_end(struct registry *r, struct db_conn *m, const char *tier,
                                 const struct tier_date *approved, char ends[11], char *err,
                                 size_t errsz)
{
    const struct tier_info *ti = tier_by_code(tier);
    struct lifecycle_policy dflt;
    const struct lifecycle_policy *p = &dflt;
    struct calendar cal;
    struct tier_date end;
    int uncovered = 0;
    enum store_result sr;

    if (r->cfg != NULL)
        p = &r->cfg->lifecycle;
    else
        lifecycle_defaults(&dflt);
    calendar_init(&cal);
    /* at most 60 working days: the notice never reaches past next year */
    sr = notice_calendar_read(m, approved->y, approved->y + 1, &cal, err, errsz);
    if (sr == STORE_OK &&
        (ti == NULL || lifecycle_notice_end(p, &cal, ti->id, approved, &end, &uncovered) != 0)) {
        snprintf(err, errsz, "no notice period for tier %s", tier);
        sr = STORE_ERROR;
    }
    calendar_free(&cal);
    if (sr != STORE_OK)
        return sr;
    if (uncovered != 0)
        fprintf(stderr,
                "tierd: warning: the calendar holds no holiday notice for %d; a public notice "
                "ending %04d-%02d-%02d was counted by weekends alone (tierctl calendar import)\n",
                uncovered, end.y, end.m, end.d);
    date_format(&end, ends);
    return STORE_OK;
}

enum read_outcome registry_notices_xml(struct registry *r, struct buf *out,
                                       struct reg_says *says)
{
    char err[512] = "", today[11];
    struct tier_date d = date_today_cst();
    struct db_conn *m = reg_conn_get(r, err, sizeof err);
    enum store_result sr;

    if (m == NULL)
        return reg_read_failed(STORE_CONN, err, says);
    date_format(&d, today);
    buf_printf(out,
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<notices xmlns=\"urn:tierd:notice:1\" today=\"%s\">\n",
               today);
    sr = notice_list_xml(m, today, out, err, sizeof err);
    reg_conn_put(r, m, sr);
    if (sr != STORE_OK)
        return reg_read_failed(sr, err, says);
    buf_adds(out, "</notices>\n");
    return READ_OK;
}

/* 1 when s is 1..max characters of UTF-8 with no control character but
 * line breaks and tabs, and not only white space. */
static int text_ok(const char *s, size_t max)
{
    size_t n = s != NULL ? strlen(s) : 0, chars = 0, i = 0;
    int seen = 0;

    while (i < n) {
        uint32_t cp;
        size_t k = utf8_decode((const unsigned char *)s + i, n - i, &cp);

        if (k == 0 || !utf8_is_xml_char(cp))
            return 0;
        if (cp != ' ' && cp != '\t' && cp != '\n' && cp != '\r' && cp != 0x3000)
            seen = 1;
        i += k;
        chars++;
    }
    return seen && chars <= max;
}

/* What one attempt of a write came to (as decide.c's). */
enum attempt {
    ATTEMPT_ANSWERED,
    ATTEMPT_FAILED,
    ATTEMPT_COMMIT_LOST,
};

static enum attempt commit(struct db_conn *m, enum store_result *sr, char *err, size_t errsz)
{
    unsigned int e = 0;

    if (db_commit(m, &e, err, errsz) == 0)
        return ATTEMPT_ANSWERED;
    *sr = store_classify(e);
    if (*sr == STORE_CONN)
        return ATTEMPT_COMMIT_LOST;
    db_rollback(m);
    return ATTEMPT_FAILED;
}

static void rollback(struct db_conn *m, enum store_result sr)
{
    if (sr != STORE_CONN)
        db_rollback(m); /* a lost connection rolls back on the server's side */
}

static enum attempt file_once(struct registry *r, struct db_conn *m, uint64_t id,
                              const struct objection_new *o, struct objection_result *res,
                              enum store_result *sr, char *err, size_t errsz)
{
    struct decision_subject s;
    struct review_subject subj;
    struct review_outcome out;
    char ends[11] = "", today[11];
    struct tier_date d = date_today_cst();
    unsigned int e = 0;

    date_format(&d, today);
    if (db_begin(m, &e, err, errsz) != 0) {
        *sr = store_classify(e);
        return ATTEMPT_FAILED;
    }
    *sr = decision_subject_lock(m, id, &s, err, errsz);
    if (*sr == STORE_OK)
        *sr = notice_ends(m, id, ends, err, errsz);
    if (*sr == STORE_NOT_FOUND) {
        res->outcome = OBJECTION_NOT_FOUND;
        reg_say(&res->says, "not-found", "没有这份公示", "no notice %llu",
                (unsigned long long)id);
        rollback(m, *sr);
        return ATTEMPT_ANSWERED;
    }
    if (*sr != STORE_OK) {
        rollback(m, *sr);
        return ATTEMPT_FAILED;
    }
    subj.state = review_state_parse(s.status);
    subj.division = s.division[0] ? s.division : s.city;
    review_event_apply(&subj, REVIEW_OBJECT, &out);
    if (out.status == 0 && (ends[0] == '\0' || strcmp(today, ends) > 0)) {
        out.status = 409;
        snprintf(out.message, sizeof out.message,
                 "该申请的公示期已于 %s 结束，不再受理异议 (the notice of application %llu ended "
                 "on %s; objections are no longer taken)",
                 ends, (unsigned long long)id, ends);
    }
    if (out.status != 0) {
        res->outcome = OBJECTION_NOT_IN_NOTICE;
        reg_say_split(&res->says, "not-in-notice", out.message);
        rollback(m, *sr);
        return ATTEMPT_ANSWERED;
    }
    {
        long recent = 0;
        int cap = r->cfg != NULL ? r->cfg->objection_rate : 5;

        *sr = objection_count_recent(m, o->address, &recent, err, errsz);
        if (*sr == STORE_OK && recent >= cap) {
            res->outcome = OBJECTION_TOO_MANY;
            reg_say(&res->says, "too-many-objections", "这个地址一小时内提出的异议过多，请稍后再试",
                    "address %s filed %ld objections in the last hour, the most objection-rate "
                    "allows; nothing was filed; try again later",
                    o->address, recent);
            rollback(m, *sr);
            return ATTEMPT_ANSWERED;
        }
    }
    if (*sr == STORE_OK)
        *sr = objection_insert(m, o, &res->id, err, errsz);
    if (*sr == STORE_OK && subj.state == REVIEW_IN_NOTICE) {
        struct notice_move mv = {id, "in-notice", "objected", "public", "notice.objection",
                                 "an objection awaits the province"};
        *sr = notice_move(m, &mv, err, errsz);
    }
    if (*sr != STORE_OK) {
        rollback(m, *sr);
        return ATTEMPT_FAILED;
    }
    snprintf(res->to, sizeof res->to, "objected");
    return commit(m, sr, err, errsz);
}

/* The common end of a write: the outcome for a failure, unknown or done. */
static void finish(struct objection_result *res, enum attempt a, enum store_result sr,
                   const char *err, const char *how_to_know)
{
    if (a == ATTEMPT_ANSWERED) {
        if (res->outcome == OBJECTION_DONE) {
            res->says.code = "done";
            reg_write_note(STORE_OK);
        }
        return;
    }
    if (a == ATTEMPT_COMMIT_LOST) {
        res->outcome = OBJECTION_UNKNOWN;
        reg_say(&res->says, "outcome-unknown", "与数据库的连接在提交时中断，结果未知",
                "the connection to the registry database was lost while committing; %s",
                how_to_know);
        return;
    }
    if (sr == STORE_FULL) {
        reg_write_note(sr);
        res->outcome = OBJECTION_CANNOT_WRITE;
        reg_say_cannot_write(&res->says);
        return;
    }
    if (sr == STORE_CONN || sr == STORE_RETRY) {
        res->outcome = OBJECTION_UNAVAILABLE;
        reg_say_unavailable(&res->says, "nothing was changed");
        return;
    }
    res->outcome = OBJECTION_ERROR;
    reg_say_error(&res->says, err);
}

void registry_objection_file(struct registry *r, uint64_t id, const char *reason,
                             const char *contact, const char *address,
                             struct objection_result *res)
{
    struct objection_new o = {id, reason, contact, address != NULL ? address : ""};
    enum store_result sr = STORE_ERROR;
    enum attempt a = ATTEMPT_FAILED;
    char err[512] = "", know[200];
    struct db_conn *m;

    memset(res, 0, sizeof *res);
    res->submission_id = id;
    if (!text_ok(reason, OBJECTION_REASON_MAX) || !text_ok(contact, OBJECTION_CONTACT_MAX)) {
        res->outcome = OBJECTION_BAD_TEXT;
        reg_say(&res->says, "bad-text", "异议须写明理由（不超过 2000 字）和联系方式（不超过 200 字）",
                "an objection needs a reason (1 to %d characters) and a contact (1 to %d), as "
                "text without control characters",
                OBJECTION_REASON_MAX, OBJECTION_CONTACT_MAX);
        return;
    }
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL) {
        res->outcome = OBJECTION_UNAVAILABLE;
        reg_say_unavailable(&res->says, "nothing was filed");
        return;
    }
    for (int attempt = 0; attempt < REG_ATTEMPTS; attempt++) {
        memset(res, 0, sizeof *res);
        res->submission_id = id;
        a = file_once(r, m, id, &o, res, &sr, err, sizeof err);
        if (a != ATTEMPT_FAILED || sr != STORE_RETRY)
            break;
    }
    reg_conn_put(r, m, a == ATTEMPT_COMMIT_LOST ? STORE_CONN : sr);
    snprintf(know, sizeof know,
             "the objection may or may not have been filed: GET /v1/notices shows whether "
             "application %llu is objected",
             (unsigned long long)id);
    finish(res, a, sr, err, know);
}

static enum attempt judge_once(struct registry *r, struct db_conn *m, const struct principal *who,
                               uint64_t oid, int uphold, const char *comment,
                               struct objection_result *res, enum store_result *sr, char *err,
                               size_t errsz)
{
    struct decision_subject s;
    struct review_actor actor = {who->role, who->city};
    struct review_subject subj;
    struct review_outcome out;
    enum review_decision dec = uphold ? REVIEW_UPHOLD : REVIEW_DISMISS;
    char status[13] = "";
    long open = 0;
    unsigned int e = 0;
    const char *to;

    (void)r;
    if (db_begin(m, &e, err, errsz) != 0) {
        *sr = store_classify(e);
        return ATTEMPT_FAILED;
    }
    *sr = objection_lock(m, oid, &res->submission_id, status, err, errsz);
    if (*sr == STORE_OK)
        *sr = decision_subject_lock(m, res->submission_id, &s, err, errsz);
    if (*sr == STORE_NOT_FOUND) {
        res->outcome = OBJECTION_NOT_FOUND;
        reg_say(&res->says, "not-found", "没有这项异议", "no objection %llu",
                (unsigned long long)oid);
        rollback(m, *sr);
        return ATTEMPT_ANSWERED;
    }
    if (*sr != STORE_OK) {
        rollback(m, *sr);
        return ATTEMPT_FAILED;
    }
    subj.state = review_state_parse(s.status);
    subj.division = s.division[0] ? s.division : s.city;
    review_decide(&actor, &subj, dec, comment, NULL, &out);
    if (out.status == 0 && strcmp(status, "open") != 0) {
        out.status = 409;
        out.code = "already-judged";
        snprintf(out.message, sizeof out.message,
                 "该异议已认定为%s (objection %llu was judged already: %s)",
                 strcmp(status, "upheld") == 0 ? "成立" : "不成立", (unsigned long long)oid,
                 status);
    }
    if (out.status != 0) {
        if (strcmp(out.code, "wrong-city") == 0 || out.status == 403)
            res->outcome = OBJECTION_WRONG_ROLE;
        else if (out.status == 409)
            res->outcome = OBJECTION_OUT_OF_ORDER;
        else
            res->outcome = OBJECTION_BAD_TEXT;
        reg_say_split(&res->says, out.code, out.message);
        rollback(m, *sr);
        return ATTEMPT_ANSWERED;
    }
    {
        struct objection_verdict v = {oid, uphold ? "upheld" : "dismissed", who->account_id,
                                      who->name, comment};
        *sr = objection_judge(m, &v, err, errsz);
    }
    if (*sr == STORE_OK && !uphold)
        *sr = objection_open_count(m, res->submission_id, &open, err, errsz);
    /* dismissing one while another is open keeps the application objected */
    to = uphold ? review_state_name(out.to) : (open > 0 ? "objected" : "in-notice");
    if (*sr == STORE_OK) {
        struct decision_new d = {res->submission_id, who->account_id, who->name,
                                 review_decision_name(dec), s.status, to, comment, NULL, NULL};
        uint64_t did = 0;

        *sr = decision_insert(m, &d, &did, err, errsz);
    }
    if (*sr != STORE_OK) {
        rollback(m, *sr);
        return ATTEMPT_FAILED;
    }
    snprintf(res->to, sizeof res->to, "%s", to);
    return commit(m, sr, err, errsz);
}

void registry_objection_judge(struct registry *r, const struct principal *who, uint64_t oid,
                              int uphold, const char *comment, struct objection_result *res)
{
    enum store_result sr = STORE_ERROR;
    enum attempt a = ATTEMPT_FAILED;
    char err[512] = "", know[200];
    struct db_conn *m;

    memset(res, 0, sizeof *res);
    res->id = oid;
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL) {
        res->outcome = OBJECTION_UNAVAILABLE;
        reg_say_unavailable(&res->says, "nothing was changed");
        return;
    }
    for (int attempt = 0; attempt < REG_ATTEMPTS; attempt++) {
        memset(res, 0, sizeof *res);
        res->id = oid;
        a = judge_once(r, m, who, oid, uphold, comment ? comment : "", res, &sr, err, sizeof err);
        if (a != ATTEMPT_FAILED || sr != STORE_RETRY)
            break;
    }
    reg_conn_put(r, m, a == ATTEMPT_COMMIT_LOST ? STORE_CONN : sr);
    snprintf(know, sizeof know,
             "the verdict may or may not have been recorded: GET "
             "/v1/submissions/%llu/objections shows it",
             (unsigned long long)res->submission_id);
    finish(res, a, sr, err, know);
}

enum read_outcome registry_objections_xml(struct registry *r, const struct principal *who,
                                          uint64_t id, struct buf *out, struct reg_says *says)
{
    char err[512] = "", uscc[19], city[7], ends[11] = "";
    struct db_conn *m;
    enum store_result sr;

    if (who->role != ROLE_PROVINCE_REVIEWER && who->role != ROLE_CITY_REVIEWER &&
        who->role != ROLE_ADMIN) {
        reg_say(says, "not-found", "您的权限范围内没有这份申请", "no submission %llu in your scope",
                (unsigned long long)id);
        return READ_NOT_FOUND;
    }
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL)
        return reg_read_failed(STORE_CONN, err, says);
    /* owner and notice in one statement: the page asks this on every view */
    sr = notice_owner_ends(m, id, uscc, city, ends, err, sizeof err);
    if (sr == STORE_OK && !registry_in_scope(who, uscc, city))
        sr = STORE_NOT_FOUND;
    if (sr == STORE_OK) {
        buf_printf(out,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<objections xmlns=\"urn:tierd:"
                   "notice:1\" submission=\"%llu\" noticeEnds=\"%s\">\n",
                   (unsigned long long)id, ends);
        /* an objection is filed only during the notice, and notice_ends is
         * set when the notice starts and never cleared: a submission without
         * it has none to list (the application page asks on every view, and
         * most applications never reach the notice) */
        if (ends[0] != '\0')
            sr = objection_list_xml(m, id, out, err, sizeof err);
        if (sr == STORE_OK)
            buf_adds(out, "</objections>\n");
    }
    reg_conn_put(r, m, sr);
    if (sr == STORE_NOT_FOUND) {
        reg_say(says, "not-found", "您的权限范围内没有这份申请", "no submission %llu in your scope",
                (unsigned long long)id);
        return READ_NOT_FOUND;
    }
    return sr == STORE_OK ? READ_OK : reg_read_failed(sr, err, says);
}
