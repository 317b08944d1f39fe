/*
 * test_review.c — the review state machine: every (actor × state × decision)
 * and every (state × event) against tables written from the workflow in
 * DESIGN.md, issue 5 and issue 17, not from the implementation; then the texts that go with a decision (comment,
 * override reason), the city mapping (3712xx is 济南), the sentences, and the
 * stable codes.
 */
#include "tier/review.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <string.h>

/* The actors of the table. The applicant is always in division 371202, a
 * former 莱芜 district that now belongs to 济南 (370100). */
enum actor { ENT, CITY_SAME, CITY_OTHER, PROV, ADMIN, ACTOR_COUNT };

static const struct review_actor actors[ACTOR_COUNT] = {
    [ENT] = {ROLE_ENTERPRISE, NULL},
    [CITY_SAME] = {ROLE_CITY_REVIEWER, "370100"},
    [CITY_OTHER] = {ROLE_CITY_REVIEWER, "370200"},
    [PROV] = {ROLE_PROVINCE_REVIEWER, NULL},
    [ADMIN] = {ROLE_ADMIN, NULL},
};

static const char *const actor_label[ACTOR_COUNT] = {
    "enterprise", "city-reviewer 370100", "city-reviewer 370200", "province-reviewer", "admin",
};

#define APPLICANT_DIVISION "371202"

enum review_state_short {
    RCV = REVIEW_RECEIVED,
    INE = REVIEW_INELIGIBLE,
    REC = REVIEW_RECOMMENDED,
    RET = REVIEW_RETURNED,
    APP = REVIEW_APPROVED,
    REJ = REVIEW_REJECTED,
    NOT = REVIEW_IN_NOTICE,
    OBJ = REVIEW_OBJECTED,
    SUP = REVIEW_SUPERSEDED,
    EXP = REVIEW_EXPIRED,
    REV = REVIEW_REVOKED,
    NON = REVIEW_STATE_NONE,
};

struct expect {
    int status;       /* expected */
    const char *code; /* expected; NULL marks a state the row forgot */
    int to;           /* expected new state when status is 0 */
};

/* One row per actor and decision: what happens in each state. */
struct row {
    enum actor who;
    enum review_decision d;
    struct expect in[REVIEW_STATE_COUNT];
};

#define R_ REVIEW_RECOMMEND
#define T_ REVIEW_RETURN
#define A_ REVIEW_APPROVE
#define J_ REVIEW_REJECT
#define U_ REVIEW_UPHOLD
#define D_ REVIEW_DISMISS
#define V_ REVIEW_REVOKE

#define OK(s) {0, "ok", s}
#define NR {403, "not-a-reviewer", NON}
#define AD {403, "admin-may-not-decide", NON}
#define WR {403, "wrong-role", NON}
#define WC {403, "wrong-city", NON}
#define OO {409, "out-of-order", NON}
#define OV {422, "override-required", NON}
#define ALL(x) {x, x, x, x, x, x, x, x, x, x, x}

/* Written from the workflow in DESIGN.md, issue 5 and issue 17, not from the
 * implementation. Every call in the sweep carries a comment and no override
 * reason, and the tier has a public notice (approval leads to in-notice).
 * States in order: received ineligible recommended returned approved
 * rejected in-notice objected superseded expired revoked. */
static const struct row table[] = {
    /* An enterprise never decides, whatever the state. */
    {ENT, R_, ALL(NR)}, {ENT, T_, ALL(NR)}, {ENT, A_, ALL(NR)}, {ENT, J_, ALL(NR)},
    {ENT, U_, ALL(NR)}, {ENT, D_, ALL(NR)}, {ENT, V_, ALL(NR)},

    /* The applicant's own city: recommends or returns what awaits it; every
     * province decision is refused for the role. */
    {CITY_SAME, R_, {OK(REC), OV, OO, OO, OO, OO, OO, OO, OO, OO, OO}},
    {CITY_SAME, T_, {OK(RET), OK(RET), OO, OO, OO, OO, OO, OO, OO, OO, OO}},
    {CITY_SAME, A_, ALL(WR)}, {CITY_SAME, J_, ALL(WR)}, {CITY_SAME, U_, ALL(WR)},
    {CITY_SAME, D_, ALL(WR)}, {CITY_SAME, V_, ALL(WR)},

    /* Another city: its own decisions are refused for the city, whatever the
     * state; the province's decisions for the role. */
    {CITY_OTHER, R_, ALL(WC)}, {CITY_OTHER, T_, ALL(WC)}, {CITY_OTHER, A_, ALL(WR)},
    {CITY_OTHER, J_, ALL(WR)}, {CITY_OTHER, U_, ALL(WR)}, {CITY_OTHER, D_, ALL(WR)},
    {CITY_OTHER, V_, ALL(WR)},

    /* The province: approves (into the notice) or rejects what a city
     * recommended; upholds (rejects) or dismisses (back to the notice) an
     * objection; revokes an issued title. */
    {PROV, R_, ALL(WR)},
    {PROV, T_, ALL(WR)},
    {PROV, A_, {OO, OO, OK(NOT), OO, OO, OO, OO, OO, OO, OO, OO}},
    {PROV, J_, {OO, OO, OK(REJ), OO, OO, OO, OO, OO, OO, OO, OO}},
    {PROV, U_, {OO, OO, OO, OO, OO, OO, OO, OK(REJ), OO, OO, OO}},
    {PROV, D_, {OO, OO, OO, OO, OO, OO, OO, OK(NOT), OO, OO, OO}},
    {PROV, V_, {OO, OO, OO, OO, OK(REV), OO, OO, OO, OO, OO, OO}},

    /* An admin never decides, whatever the state. */
    {ADMIN, R_, ALL(AD)}, {ADMIN, T_, ALL(AD)}, {ADMIN, A_, ALL(AD)}, {ADMIN, J_, ALL(AD)},
    {ADMIN, U_, ALL(AD)}, {ADMIN, D_, ALL(AD)}, {ADMIN, V_, ALL(AD)},
};

#define TABLE_ROWS (sizeof table / sizeof table[0])

/* Events: what the public and the registry's clock may do in each state. */
struct event_row {
    enum review_event e;
    struct expect in[REVIEW_STATE_COUNT];
};

#define NN {409, "not-in-notice", NON}
#define OP {409, "objection-open", NON}

static const struct event_row events[] = {
    {REVIEW_OBJECT, {NN, NN, NN, NN, NN, NN, OK(OBJ), OK(OBJ), NN, NN, NN}},
    {REVIEW_NOTICE_OVER, {OO, OO, OO, OO, OO, OO, OK(APP), OP, OO, OO, OO}},
    {REVIEW_SUPERSEDE, {OO, OO, OO, OO, OK(SUP), OO, OO, OO, OO, OO, OO}},
    {REVIEW_EXPIRE, {OO, OO, OO, OO, OK(EXP), OO, OO, OO, OO, OO, OO}},
};

#define EVENT_ROWS (sizeof events / sizeof events[0])

static struct review_subject subject(enum review_state s, const char *division)
{
    struct review_subject app = {s, division};
    return app;
}

static void test_table_covers_every_actor_state_and_decision(void)
{
    int seen[ACTOR_COUNT][REVIEW_DECISION_COUNT] = {{0}};
    size_t i;
    int a, s, d;

    CU_ASSERT_EQUAL(TABLE_ROWS, (size_t)ACTOR_COUNT * REVIEW_DECISION_COUNT);
    for (i = 0; i < TABLE_ROWS; i++) {
        seen[table[i].who][table[i].d]++;
        for (s = 0; s < REVIEW_STATE_COUNT; s++)
            CU_ASSERT_PTR_NOT_NULL(table[i].in[s].code); /* no state forgotten */
    }
    for (a = 0; a < ACTOR_COUNT; a++)
        for (d = 0; d < REVIEW_DECISION_COUNT; d++)
            CU_ASSERT_EQUAL(seen[a][d], 1);
}

static void test_event_table_covers_every_state_and_event(void)
{
    int seen[REVIEW_EVENT_COUNT] = {0};
    size_t i;
    int s, e;

    CU_ASSERT_EQUAL(EVENT_ROWS, (size_t)REVIEW_EVENT_COUNT);
    for (i = 0; i < EVENT_ROWS; i++) {
        seen[events[i].e]++;
        for (s = 0; s < REVIEW_STATE_COUNT; s++)
            CU_ASSERT_PTR_NOT_NULL(events[i].in[s].code);
    }
    for (e = 0; e < REVIEW_EVENT_COUNT; e++)
        CU_ASSERT_EQUAL(seen[e], 1);
}

/* A refusal changes nothing and says why, in both languages. */
static void check_refusal(const struct review_outcome *o, int from)
{
    CU_ASSERT_EQUAL(o->to, from);
    CU_ASSERT_EQUAL(o->issues_certificate, 0);
    CU_ASSERT_EQUAL(o->overridden, 0);
    CU_ASSERT(strlen(o->message) > 10);
    CU_ASSERT_PTR_NOT_NULL(strstr(o->message, " ("));
    CU_ASSERT_EQUAL(o->message[strlen(o->message) - 1], ')');
    CU_ASSERT((unsigned char)o->message[0] >= 0x80); /* starts in Chinese */
}

static void test_every_combination_matches_the_table(void)
{
    size_t i;
    int s;

    for (i = 0; i < TABLE_ROWS; i++) {
        for (s = 0; s < REVIEW_STATE_COUNT; s++) {
            const struct row *r = &table[i];
            const struct expect *x = &r->in[s];
            struct review_subject app = subject((enum review_state)s, APPLICANT_DIVISION);
            struct review_outcome o;
            int rc;

            if (x->code == NULL)
                continue; /* reported by the completeness test */
            memset(&o, 0x5a, sizeof o);
            rc = review_decide(&actors[r->who], &app, r->d,
                               "请补充材料 (please complete the file)", NULL, &o);
            review_enter_notice(&o, 5); /* the tier has a notice of 5 working days */
            if (rc != x->status || strcmp(o.code, x->code) != 0)
                fprintf(stderr, "\n  %s, %s, %s: got %d %s, want %d %s\n    %s\n",
                        actor_label[r->who], review_state_name((enum review_state)s),
                        review_decision_name(r->d), rc, o.code, x->status, x->code, o.message);
            CU_ASSERT_EQUAL(rc, x->status);
            CU_ASSERT_EQUAL(o.status, x->status);
            CU_ASSERT_STRING_EQUAL(o.code, x->code);
            CU_ASSERT_EQUAL(o.decision, r->d);
            CU_ASSERT_EQUAL(o.event, REVIEW_EVENT_NONE);
            CU_ASSERT_EQUAL(o.from, s);
            if (x->status == 0) {
                CU_ASSERT_EQUAL(o.to, x->to);
                CU_ASSERT_STRING_EQUAL(o.message, "");
                /* with a notice, no decision issues a certificate */
                CU_ASSERT_EQUAL(o.issues_certificate, 0);
                CU_ASSERT_EQUAL(o.overridden, 0);
            } else {
                check_refusal(&o, s);
            }
        }
    }
}

static void test_every_event_matches_the_table(void)
{
    size_t i;
    int s;

    for (i = 0; i < EVENT_ROWS; i++) {
        for (s = 0; s < REVIEW_STATE_COUNT; s++) {
            const struct expect *x = &events[i].in[s];
            struct review_subject app = subject((enum review_state)s, APPLICANT_DIVISION);
            struct review_outcome o;
            int rc;

            if (x->code == NULL)
                continue;
            memset(&o, 0x5a, sizeof o);
            rc = review_event_apply(&app, events[i].e, &o);
            if (rc != x->status || strcmp(o.code, x->code) != 0)
                fprintf(stderr, "\n  %s on %s: got %d %s, want %d %s\n    %s\n",
                        review_event_name(events[i].e), review_state_name((enum review_state)s),
                        rc, o.code, x->status, x->code, o.message);
            CU_ASSERT_EQUAL(rc, x->status);
            CU_ASSERT_STRING_EQUAL(o.code, x->code);
            CU_ASSERT_EQUAL(o.event, events[i].e);
            CU_ASSERT_EQUAL(o.decision, REVIEW_DECISION_NONE);
            CU_ASSERT_EQUAL(o.from, s);
            if (x->status == 0) {
                CU_ASSERT_EQUAL(o.to, x->to);
                CU_ASSERT_STRING_EQUAL(o.message, "");
                /* only the end of the notice issues the certificate */
                CU_ASSERT_EQUAL(o.issues_certificate, events[i].e == REVIEW_NOTICE_OVER);
            } else {
                check_refusal(&o, s);
            }
        }
    }
}

static void test_without_a_notice_approval_issues_at_once(void)
{
    struct review_subject app = {REVIEW_RECOMMENDED, APPLICANT_DIVISION};
    struct review_subject obj = {REVIEW_OBJECTED, APPLICANT_DIVISION};
    struct review_outcome o;

    CU_ASSERT_EQUAL(review_decide(&actors[PROV], &app, REVIEW_APPROVE, NULL, NULL, &o), 0);
    CU_ASSERT_EQUAL(review_enter_notice(&o, 0), 0);
    CU_ASSERT_EQUAL(o.to, REVIEW_APPROVED);
    CU_ASSERT_EQUAL(o.issues_certificate, 1);
    CU_ASSERT_EQUAL(review_enter_notice(&o, 10), 1);
    CU_ASSERT_EQUAL(o.to, REVIEW_IN_NOTICE);
    CU_ASSERT_EQUAL(o.issues_certificate, 0);
    /* only an approval enters the notice */
    CU_ASSERT_EQUAL(review_decide(&actors[PROV], &app, REVIEW_REJECT, "no", NULL, &o), 0);
    CU_ASSERT_EQUAL(review_enter_notice(&o, 10), 0);
    CU_ASSERT_EQUAL(o.to, REVIEW_REJECTED);
    CU_ASSERT_EQUAL(review_decide(&actors[PROV], &obj, REVIEW_DISMISS, "ok", NULL, &o), 0);
    CU_ASSERT_EQUAL(review_enter_notice(&o, 10), 0);
    CU_ASSERT_EQUAL(review_decide(&actors[CITY_SAME], &app, REVIEW_APPROVE, NULL, NULL, &o), 403);
    CU_ASSERT_EQUAL(review_enter_notice(&o, 10), 0);
    CU_ASSERT_EQUAL(o.to, REVIEW_RECOMMENDED);
}

static void test_objection_decisions_and_revocation_need_a_reason(void)
{
    struct review_subject obj = subject(REVIEW_OBJECTED, APPLICANT_DIVISION);
    struct review_subject app = subject(REVIEW_APPROVED, APPLICANT_DIVISION);
    struct review_outcome o;

    CU_ASSERT_EQUAL(review_decide(&actors[PROV], &obj, REVIEW_UPHOLD, " ", NULL, &o), 422);
    CU_ASSERT_STRING_EQUAL(o.code, "comment-required");
    CU_ASSERT_PTR_NOT_NULL(strstr(o.message, "认定异议成立须填写理由"));
    CU_ASSERT_EQUAL(review_decide(&actors[PROV], &obj, REVIEW_DISMISS, NULL, NULL, &o), 422);
    CU_ASSERT_PTR_NOT_NULL(strstr(o.message, "a decision on an objection needs a comment"));
    CU_ASSERT_EQUAL(review_decide(&actors[PROV], &app, REVIEW_REVOKE, "", NULL, &o), 422);
    CU_ASSERT_PTR_NOT_NULL(strstr(o.message, "a revocation needs a comment"));
    CU_ASSERT_EQUAL(review_decide(&actors[PROV], &app, REVIEW_REVOKE, "数据造假 (fraud)", NULL, &o),
                    0);
    CU_ASSERT_EQUAL(o.to, REVIEW_REVOKED);
}

static void test_the_notice_refusals_say_why(void)
{
    struct review_subject obj = subject(REVIEW_OBJECTED, APPLICANT_DIVISION);
    struct review_subject rec = subject(REVIEW_RECOMMENDED, APPLICANT_DIVISION);
    struct review_subject notice = subject(REVIEW_IN_NOTICE, APPLICANT_DIVISION);
    struct review_outcome o;

    review_event_apply(&obj, REVIEW_NOTICE_OVER, &o);
    CU_ASSERT_PTR_NOT_NULL(strstr(o.message, "an objection awaits the province"));
    review_event_apply(&rec, REVIEW_OBJECT, &o);
    CU_ASSERT_PTR_NOT_NULL(strstr(o.message, "not in its public notice period, it is recommended"));
    review_decide(&actors[PROV], &notice, REVIEW_APPROVE, NULL, NULL, &o);
    CU_ASSERT_PTR_NOT_NULL(strstr(o.message, "in its public notice"));
    review_decide(&actors[CITY_SAME], &obj, REVIEW_UPHOLD, "x", NULL, &o);
    CU_ASSERT_STRING_EQUAL(o.message, "只有省级审核员可以认定异议成立 (only a province reviewer "
                                      "may uphold; you are a city reviewer of 370100)");
    review_event_apply(&notice, REVIEW_EVENT_COUNT, &o);
    CU_ASSERT_EQUAL(o.status, 400);
}

static void test_override_recommends_an_ineligible_application(void)
{
    struct review_subject app = subject(REVIEW_INELIGIBLE, "370102");
    struct review_outcome o;

    CU_ASSERT_EQUAL(review_decide(&actors[CITY_SAME], &app, REVIEW_RECOMMEND, NULL,
                                  "研发投入口径经核实符合要求 (R&D verified by hand)", &o),
                    0);
    CU_ASSERT_EQUAL(o.to, REVIEW_RECOMMENDED);
    CU_ASSERT_EQUAL(o.overridden, 1);
    CU_ASSERT_EQUAL(o.issues_certificate, 0);
}

static void test_override_reason_must_not_be_blank(void)
{
    struct review_subject app = subject(REVIEW_INELIGIBLE, "370102");
    struct review_outcome o;
    const char *blanks[] = {NULL, "", "   ", "\t\r\n", "\xe3\x80\x80\xe3\x80\x80", "\xc2\xa0 "};
    size_t i;

    for (i = 0; i < sizeof blanks / sizeof blanks[0]; i++) {
        CU_ASSERT_EQUAL(review_decide(&actors[CITY_SAME], &app, REVIEW_RECOMMEND, "ok", blanks[i],
                                      &o),
                        422);
        CU_ASSERT_STRING_EQUAL(o.code, "override-required");
        CU_ASSERT_PTR_NOT_NULL(strstr(o.message, "override reason"));
        CU_ASSERT_EQUAL(o.to, REVIEW_INELIGIBLE);
    }
}

static void test_override_reason_on_anything_else_is_refused(void)
{
    struct review_outcome o;
    struct review_subject rcv = subject(REVIEW_RECEIVED, "370102");
    struct review_subject ine = subject(REVIEW_INELIGIBLE, "370102");
    struct review_subject rec = subject(REVIEW_RECOMMENDED, "370102");

    CU_ASSERT_EQUAL(review_decide(&actors[CITY_SAME], &rcv, REVIEW_RECOMMEND, NULL, "why", &o),
                    422);
    CU_ASSERT_STRING_EQUAL(o.code, "override-not-applicable");
    CU_ASSERT_EQUAL(review_decide(&actors[CITY_SAME], &ine, REVIEW_RETURN, "fix", "why", &o), 422);
    CU_ASSERT_STRING_EQUAL(o.code, "override-not-applicable");
    CU_ASSERT_EQUAL(review_decide(&actors[PROV], &rec, REVIEW_APPROVE, NULL, "why", &o), 422);
    CU_ASSERT_STRING_EQUAL(o.code, "override-not-applicable");
    /* A blank reason is as good as none. */
    CU_ASSERT_EQUAL(review_decide(&actors[CITY_SAME], &rcv, REVIEW_RECOMMEND, NULL, " ", &o), 0);
    CU_ASSERT_EQUAL(o.overridden, 0);
}

static void test_return_and_reject_need_a_comment(void)
{
    struct review_subject rcv = subject(REVIEW_RECEIVED, "370102");
    struct review_subject rec = subject(REVIEW_RECOMMENDED, "370102");
    const char *blanks[] = {NULL, "", "  \n", "\xe3\x80\x80"};
    struct review_outcome o;
    size_t i;

    for (i = 0; i < sizeof blanks / sizeof blanks[0]; i++) {
        CU_ASSERT_EQUAL(review_decide(&actors[CITY_SAME], &rcv, REVIEW_RETURN, blanks[i], NULL, &o),
                        422);
        CU_ASSERT_STRING_EQUAL(o.code, "comment-required");
        CU_ASSERT_PTR_NOT_NULL(strstr(o.message, "退回须填写理由"));
        CU_ASSERT_EQUAL(review_decide(&actors[PROV], &rec, REVIEW_REJECT, blanks[i], NULL, &o),
                        422);
        CU_ASSERT_STRING_EQUAL(o.code, "comment-required");
        CU_ASSERT_PTR_NOT_NULL(strstr(o.message, "a rejection needs a comment"));
        CU_ASSERT_EQUAL(o.to, REVIEW_RECOMMENDED);
    }
    /* Recommend and approve may go without one. */
    CU_ASSERT_EQUAL(review_decide(&actors[CITY_SAME], &rcv, REVIEW_RECOMMEND, NULL, NULL, &o), 0);
    CU_ASSERT_EQUAL(review_decide(&actors[PROV], &rec, REVIEW_APPROVE, "", NULL, &o), 0);
    CU_ASSERT_EQUAL(o.issues_certificate, 1);
    CU_ASSERT_EQUAL(o.to, REVIEW_APPROVED);
}

static void test_out_of_order_is_judged_before_the_comment(void)
{
    struct review_subject app = subject(REVIEW_APPROVED, "370102");
    struct review_outcome o;

    CU_ASSERT_EQUAL(review_decide(&actors[PROV], &app, REVIEW_REJECT, NULL, NULL, &o), 409);
    CU_ASSERT_PTR_NOT_NULL(strstr(o.message, "already approved"));
}

static void test_bad_text_is_refused(void)
{
    struct review_subject app = subject(REVIEW_RECEIVED, "370102");
    struct review_outcome o;
    const char *bad[] = {
        "\xff",          /* not UTF-8 */
        "ab\xc0\xaf",    /* overlong '/' */
        "\xe0\x80\xaf",  /* overlong, three bytes */
        "\xed\xa0\x80",  /* a surrogate */
        "\xf4\x90\x80\x80", /* past U+10FFFF */
        "\xe5\xae",      /* cut short */
        "bell\x07",      /* a control character */
        "del\x7f",
    };
    static char longest[3 * (REVIEW_TEXT_MAX_CHARS + 1) + 1];
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CU_ASSERT_EQUAL(review_decide(&actors[CITY_SAME], &app, REVIEW_RETURN, bad[i], NULL, &o),
                        422);
        CU_ASSERT_STRING_EQUAL(o.code, "bad-text");
        CU_ASSERT_PTR_NOT_NULL(strstr(o.message, "comment"));
    }
    CU_ASSERT_EQUAL(review_decide(&actors[CITY_SAME], &app, REVIEW_RECOMMEND, NULL, "\xff", &o),
                    422);
    CU_ASSERT_STRING_EQUAL(o.code, "bad-text");
    CU_ASSERT_PTR_NOT_NULL(strstr(o.message, "override reason"));

    /* 2000 characters (three bytes each) pass; 2001 do not. */
    for (i = 0; i < REVIEW_TEXT_MAX_CHARS; i++)
        memcpy(longest + 3 * i, "审", 3);
    longest[3 * REVIEW_TEXT_MAX_CHARS] = '\0';
    CU_ASSERT_EQUAL(review_decide(&actors[CITY_SAME], &app, REVIEW_RETURN, longest, NULL, &o), 0);
    memcpy(longest + 3 * REVIEW_TEXT_MAX_CHARS, "审", 4);
    CU_ASSERT_EQUAL(review_decide(&actors[CITY_SAME], &app, REVIEW_RETURN, longest, NULL, &o), 422);
    CU_ASSERT_STRING_EQUAL(o.code, "bad-text");
    CU_ASSERT_PTR_NOT_NULL(strstr(o.message, "longer than 2000"));

    /* Tabs and line breaks are fine; so are 4-byte characters. */
    CU_ASSERT_EQUAL(review_decide(&actors[CITY_SAME], &app, REVIEW_RETURN,
                                  "第一\t第二\r\n\xf0\xa0\x80\x80", NULL, &o),
                    0);
}

static void test_laiwu_districts_belong_to_jinan(void)
{
    struct review_actor jinan = {ROLE_CITY_REVIEWER, "370100"};
    struct review_actor laiwu = {ROLE_CITY_REVIEWER, "371200"};
    struct review_subject app = subject(REVIEW_RECEIVED, "371203");
    struct review_outcome o;

    CU_ASSERT_EQUAL(review_decide(&jinan, &app, REVIEW_RECOMMEND, NULL, NULL, &o), 0);
    /* 371200 is no city any more, so no account can be bound to it. */
    CU_ASSERT_EQUAL(review_decide(&laiwu, &app, REVIEW_RECOMMEND, NULL, NULL, &o), 403);
    CU_ASSERT_STRING_EQUAL(o.code, "no-city");
}

static void test_city_codes_and_districts_both_name_the_applicant(void)
{
    struct review_actor qingdao = {ROLE_CITY_REVIEWER, "370200"};
    struct review_subject by_city = subject(REVIEW_RECEIVED, "370200");
    struct review_subject by_district = subject(REVIEW_RECEIVED, "370212");
    struct review_subject beijing = subject(REVIEW_RECEIVED, "110101");
    struct review_subject none = subject(REVIEW_RECEIVED, NULL);
    struct review_outcome o;

    CU_ASSERT_EQUAL(review_decide(&qingdao, &by_city, REVIEW_RECOMMEND, NULL, NULL, &o), 0);
    CU_ASSERT_EQUAL(review_decide(&qingdao, &by_district, REVIEW_RECOMMEND, NULL, NULL, &o), 0);
    CU_ASSERT_EQUAL(review_decide(&qingdao, &beijing, REVIEW_RECOMMEND, NULL, NULL, &o), 403);
    CU_ASSERT_STRING_EQUAL(o.code, "wrong-city");
    CU_ASSERT_PTR_NOT_NULL(strstr(o.message, "not in any Shandong city"));
    CU_ASSERT_EQUAL(review_decide(&qingdao, &none, REVIEW_RECOMMEND, NULL, NULL, &o), 403);
    CU_ASSERT_STRING_EQUAL(o.code, "wrong-city");
}

static void test_city_reviewer_without_a_city_is_refused(void)
{
    struct review_actor nowhere = {ROLE_CITY_REVIEWER, NULL};
    struct review_actor province_code = {ROLE_CITY_REVIEWER, "370000"};
    struct review_subject app = subject(REVIEW_RECEIVED, "370100");
    struct review_outcome o;

    CU_ASSERT_EQUAL(review_decide(&nowhere, &app, REVIEW_RETURN, "x", NULL, &o), 403);
    CU_ASSERT_STRING_EQUAL(o.code, "no-city");
    CU_ASSERT_EQUAL(review_decide(&province_code, &app, REVIEW_RETURN, "x", NULL, &o), 403);
    CU_ASSERT_STRING_EQUAL(o.code, "no-city");
}

static void test_sentences_say_why(void)
{
    struct review_subject rec = subject(REVIEW_RECOMMENDED, APPLICANT_DIVISION);
    struct review_subject rcv = subject(REVIEW_RECEIVED, APPLICANT_DIVISION);
    struct review_subject ret = subject(REVIEW_RETURNED, APPLICANT_DIVISION);
    struct review_outcome o;

    review_decide(&actors[CITY_SAME], &rec, REVIEW_APPROVE, NULL, NULL, &o);
    CU_ASSERT_STRING_EQUAL(o.message, "只有省级审核员可以批准 (only a province reviewer may "
                                      "approve; you are a city reviewer of 370100)");
    review_decide(&actors[PROV], &rcv, REVIEW_RECOMMEND, NULL, NULL, &o);
    CU_ASSERT_PTR_NOT_NULL(strstr(o.message, "只有市级审核员可以推荐"));
    CU_ASSERT_PTR_NOT_NULL(strstr(o.message, "you are a province reviewer"));
    review_decide(&actors[CITY_OTHER], &rcv, REVIEW_RECOMMEND, NULL, NULL, &o);
    CU_ASSERT_PTR_NOT_NULL(strstr(o.message, "济南市 (370100)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(o.message, "青岛市 (370200)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(o.message, "belongs to Jinan 370100"));
    review_decide(&actors[PROV], &rcv, REVIEW_APPROVE, NULL, NULL, &o);
    CU_ASSERT_PTR_NOT_NULL(strstr(o.message, "not been recommended by its city"));
    CU_ASSERT_PTR_NOT_NULL(strstr(o.message, "cannot be approved"));
    review_decide(&actors[CITY_SAME], &ret, REVIEW_RECOMMEND, NULL, NULL, &o);
    CU_ASSERT_PTR_NOT_NULL(strstr(o.message, "returned to the enterprise"));
    review_decide(&actors[ADMIN], &rcv, REVIEW_RECOMMEND, NULL, NULL, &o);
    CU_ASSERT_PTR_NOT_NULL(strstr(o.message, "an admin may not decide"));
    review_decide(&actors[ENT], &rcv, REVIEW_RECOMMEND, NULL, NULL, &o);
    CU_ASSERT_PTR_NOT_NULL(strstr(o.message, "an enterprise may not decide"));
}

static void test_unknown_values_are_bad_requests(void)
{
    struct review_subject app = subject(REVIEW_RECEIVED, "370100");
    struct review_subject odd = subject((enum review_state)REVIEW_STATE_COUNT, "370100");
    struct review_actor nobody = {ROLE_NONE, NULL};
    struct review_outcome o;

    CU_ASSERT_EQUAL(review_decide(&actors[PROV], &app, REVIEW_DECISION_NONE, NULL, NULL, &o), 400);
    CU_ASSERT_EQUAL(review_decide(&actors[PROV], &app, REVIEW_DECISION_COUNT, NULL, NULL, &o), 400);
    CU_ASSERT_EQUAL(review_decide(&nobody, &app, REVIEW_RECOMMEND, NULL, NULL, &o), 400);
    CU_ASSERT_EQUAL(review_decide(&actors[CITY_SAME], &odd, REVIEW_RECOMMEND, NULL, NULL, &o), 400);
    CU_ASSERT_STRING_EQUAL(o.code, "bad-request");
}

static void test_open_decisions_are_what_a_page_offers(void)
{
    struct review_subject rcv = subject(REVIEW_RECEIVED, APPLICANT_DIVISION);
    struct review_subject ine = subject(REVIEW_INELIGIBLE, APPLICANT_DIVISION);
    struct review_subject rec = subject(REVIEW_RECOMMENDED, APPLICANT_DIVISION);
    struct review_subject app = subject(REVIEW_APPROVED, APPLICANT_DIVISION);
    struct review_subject obj = subject(REVIEW_OBJECTED, APPLICANT_DIVISION);
    struct review_subject notice = subject(REVIEW_IN_NOTICE, APPLICANT_DIVISION);
    unsigned int city = (1u << REVIEW_RECOMMEND) | (1u << REVIEW_RETURN);
    unsigned int prov = (1u << REVIEW_APPROVE) | (1u << REVIEW_REJECT);

    CU_ASSERT_EQUAL(review_decisions_open(&actors[CITY_SAME], &rcv), city);
    CU_ASSERT_EQUAL(review_decisions_open(&actors[CITY_SAME], &ine), city);
    CU_ASSERT_EQUAL(review_decisions_open(&actors[CITY_SAME], &rec), 0);
    CU_ASSERT_EQUAL(review_decisions_open(&actors[CITY_OTHER], &rcv), 0);
    CU_ASSERT_EQUAL(review_decisions_open(&actors[PROV], &rcv), 0);
    CU_ASSERT_EQUAL(review_decisions_open(&actors[PROV], &rec), prov);
    CU_ASSERT_EQUAL(review_decisions_open(&actors[PROV], &app), 1u << REVIEW_REVOKE);
    CU_ASSERT_EQUAL(review_decisions_open(&actors[PROV], &obj),
                    (1u << REVIEW_UPHOLD) | (1u << REVIEW_DISMISS));
    CU_ASSERT_EQUAL(review_decisions_open(&actors[PROV], &notice), 0);
    CU_ASSERT_EQUAL(review_decisions_open(&actors[CITY_SAME], &obj), 0);
    CU_ASSERT_EQUAL(review_decisions_open(&actors[ADMIN], &rec), 0);
    CU_ASSERT_EQUAL(review_decisions_open(&actors[ENT], &rcv), 0);
}

static void test_final_states(void)
{
    CU_ASSERT_FALSE(review_state_is_final(REVIEW_RECEIVED));
    CU_ASSERT_FALSE(review_state_is_final(REVIEW_INELIGIBLE));
    CU_ASSERT_FALSE(review_state_is_final(REVIEW_RECOMMENDED));
    CU_ASSERT_TRUE(review_state_is_final(REVIEW_RETURNED));
    CU_ASSERT_FALSE(review_state_is_final(REVIEW_APPROVED)); /* may be revoked, superseded */
    CU_ASSERT_TRUE(review_state_is_final(REVIEW_REJECTED));
    CU_ASSERT_FALSE(review_state_is_final(REVIEW_IN_NOTICE));
    CU_ASSERT_FALSE(review_state_is_final(REVIEW_OBJECTED));
    CU_ASSERT_TRUE(review_state_is_final(REVIEW_SUPERSEDED));
    CU_ASSERT_TRUE(review_state_is_final(REVIEW_EXPIRED));
    CU_ASSERT_TRUE(review_state_is_final(REVIEW_REVOKED));
    CU_ASSERT_FALSE(review_state_is_final(REVIEW_STATE_NONE));
}

static void test_codes_are_stable_and_round_trip(void)
{
    /* The database's and the API's words (sql/001_core.sql). */
    static const char *const states[] = {"received",  "ineligible", "recommended", "returned",
                                         "approved",  "rejected",   "in-notice",   "objected",
                                         "superseded", "expired",   "revoked"};
    static const char *const decisions[] = {"recommend", "return",  "approve", "reject",
                                            "uphold",    "dismiss", "revoke"};
    static const char *const event_codes[] = {"object", "notice-over", "supersede", "expire"};
    static const char *const roles[] = {"enterprise", "city-reviewer", "province-reviewer",
                                        "admin"};
    int i;

    for (i = 0; i < REVIEW_STATE_COUNT; i++) {
        CU_ASSERT_STRING_EQUAL(review_state_name((enum review_state)i), states[i]);
        CU_ASSERT_EQUAL(review_state_parse(states[i]), i);
        CU_ASSERT_PTR_NOT_NULL(review_state_name_zh((enum review_state)i));
    }
    for (i = 0; i < REVIEW_DECISION_COUNT; i++) {
        CU_ASSERT_STRING_EQUAL(review_decision_name((enum review_decision)i), decisions[i]);
        CU_ASSERT_EQUAL(review_decision_parse(decisions[i]), i);
        CU_ASSERT_PTR_NOT_NULL(review_decision_name_zh((enum review_decision)i));
    }
    for (i = 0; i < REVIEW_EVENT_COUNT; i++) {
        CU_ASSERT_STRING_EQUAL(review_event_name((enum review_event)i), event_codes[i]);
        CU_ASSERT_EQUAL(review_event_parse(event_codes[i]), i);
        CU_ASSERT_PTR_NOT_NULL(review_event_name_zh((enum review_event)i));
    }
    CU_ASSERT_EQUAL(review_event_parse("approve"), REVIEW_EVENT_NONE);
    /* roles are core's: the codes of the one enum the review table uses */
    for (i = 0; i < ROLE_COUNT - 1; i++) {
        CU_ASSERT_STRING_EQUAL(role_name((enum role)(i + 1)), roles[i]);
        CU_ASSERT_EQUAL(role_parse(roles[i]), i + 1);
        CU_ASSERT_PTR_NOT_NULL(role_name_zh((enum role)(i + 1)));
    }
    CU_ASSERT_STRING_EQUAL(review_state_name_zh(REVIEW_APPROVED), "已批准");
    CU_ASSERT_STRING_EQUAL(review_decision_name_zh(REVIEW_REJECT), "驳回");
    CU_ASSERT_STRING_EQUAL(role_name_zh(ROLE_CITY_REVIEWER), "市级审核员");
    CU_ASSERT_EQUAL(review_state_parse("Received"), REVIEW_STATE_NONE);
    CU_ASSERT_EQUAL(review_state_parse(""), REVIEW_STATE_NONE);
    CU_ASSERT_EQUAL(review_state_parse(NULL), REVIEW_STATE_NONE);
    CU_ASSERT_EQUAL(review_decision_parse("certificate"), REVIEW_DECISION_NONE);
    CU_ASSERT_EQUAL(role_parse("root"), ROLE_NONE);
    CU_ASSERT_PTR_NULL(review_state_name(REVIEW_STATE_NONE));
    CU_ASSERT_PTR_NULL(review_decision_name(REVIEW_DECISION_COUNT));
    CU_ASSERT_PTR_NULL(role_name_zh(ROLE_COUNT));
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("review", NULL, NULL);
    CU_add_test(s, "table covers every actor, state and decision",
                test_table_covers_every_actor_state_and_decision);
    CU_add_test(s, "every combination matches the table", test_every_combination_matches_the_table);
    CU_add_test(s, "event table covers every state and event",
                test_event_table_covers_every_state_and_event);
    CU_add_test(s, "every event matches the table", test_every_event_matches_the_table);
    CU_add_test(s, "without a notice approval issues at once",
                test_without_a_notice_approval_issues_at_once);
    CU_add_test(s, "objection decisions and revocation need a reason",
                test_objection_decisions_and_revocation_need_a_reason);
    CU_add_test(s, "the notice refusals say why", test_the_notice_refusals_say_why);
    CU_add_test(s, "override recommends an ineligible application",
                test_override_recommends_an_ineligible_application);
    CU_add_test(s, "override reason must not be blank", test_override_reason_must_not_be_blank);
    CU_add_test(s, "override reason on anything else is refused",
                test_override_reason_on_anything_else_is_refused);
    CU_add_test(s, "return and reject need a comment", test_return_and_reject_need_a_comment);
    CU_add_test(s, "out of order is judged before the comment",
                test_out_of_order_is_judged_before_the_comment);
    CU_add_test(s, "bad text is refused", test_bad_text_is_refused);
    CU_add_test(s, "laiwu districts belong to jinan", test_laiwu_districts_belong_to_jinan);
    CU_add_test(s, "city codes and districts both name the applicant",
                test_city_codes_and_districts_both_name_the_applicant);
    CU_add_test(s, "city reviewer without a city is refused",
                test_city_reviewer_without_a_city_is_refused);
    CU_add_test(s, "sentences say why", test_sentences_say_why);
    CU_add_test(s, "unknown values are bad requests", test_unknown_values_are_bad_requests);
    CU_add_test(s, "open decisions are what a page offers",
                test_open_decisions_are_what_a_page_offers);
    CU_add_test(s, "final states", test_final_states);
    CU_add_test(s, "codes are stable and round-trip", test_codes_are_stable_and_round_trip);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
