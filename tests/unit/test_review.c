/*
 * test_review.c — the review state machine: every (actor × state × decision)
 * against a table written from the workflow in DESIGN.md and issue 5, not
 * from the implementation; then the texts that go with a decision (comment,
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
    NON = REVIEW_STATE_NONE,
};

struct row {
    enum actor who;
    int from;                 /* state */
    enum review_decision d;
    int status;               /* expected */
    const char *code;         /* expected */
    int to;                   /* expected new state when status is 0 */
};

/* Every call in the sweep carries a comment and no override reason. */
#define R_ REVIEW_RECOMMEND
#define T_ REVIEW_RETURN
#define A_ REVIEW_APPROVE
#define J_ REVIEW_REJECT

static const struct row table[] = {
    /* An enterprise never decides, whatever the state. */
    {ENT, RCV, R_, 403, "not-a-reviewer", NON}, {ENT, RCV, T_, 403, "not-a-reviewer", NON},
    {ENT, RCV, A_, 403, "not-a-reviewer", NON}, {ENT, RCV, J_, 403, "not-a-reviewer", NON},
    {ENT, INE, R_, 403, "not-a-reviewer", NON}, {ENT, INE, T_, 403, "not-a-reviewer", NON},
    {ENT, INE, A_, 403, "not-a-reviewer", NON}, {ENT, INE, J_, 403, "not-a-reviewer", NON},
    {ENT, REC, R_, 403, "not-a-reviewer", NON}, {ENT, REC, T_, 403, "not-a-reviewer", NON},
    {ENT, REC, A_, 403, "not-a-reviewer", NON}, {ENT, REC, J_, 403, "not-a-reviewer", NON},
    {ENT, RET, R_, 403, "not-a-reviewer", NON}, {ENT, RET, T_, 403, "not-a-reviewer", NON},
    {ENT, RET, A_, 403, "not-a-reviewer", NON}, {ENT, RET, J_, 403, "not-a-reviewer", NON},
    {ENT, APP, R_, 403, "not-a-reviewer", NON}, {ENT, APP, T_, 403, "not-a-reviewer", NON},
    {ENT, APP, A_, 403, "not-a-reviewer", NON}, {ENT, APP, J_, 403, "not-a-reviewer", NON},
    {ENT, REJ, R_, 403, "not-a-reviewer", NON}, {ENT, REJ, T_, 403, "not-a-reviewer", NON},
    {ENT, REJ, A_, 403, "not-a-reviewer", NON}, {ENT, REJ, J_, 403, "not-a-reviewer", NON},

    /* The applicant's own city: recommends or returns what awaits it. */
    {CITY_SAME, RCV, R_, 0, "ok", REC},
    {CITY_SAME, RCV, T_, 0, "ok", RET},
    {CITY_SAME, RCV, A_, 403, "wrong-role", NON},
    {CITY_SAME, RCV, J_, 403, "wrong-role", NON},
    {CITY_SAME, INE, R_, 422, "override-required", NON},
    {CITY_SAME, INE, T_, 0, "ok", RET},
    {CITY_SAME, INE, A_, 403, "wrong-role", NON},
    {CITY_SAME, INE, J_, 403, "wrong-role", NON},
    {CITY_SAME, REC, R_, 409, "out-of-order", NON},
    {CITY_SAME, REC, T_, 409, "out-of-order", NON},
    {CITY_SAME, REC, A_, 403, "wrong-role", NON},
    {CITY_SAME, REC, J_, 403, "wrong-role", NON},
    {CITY_SAME, RET, R_, 409, "out-of-order", NON},
    {CITY_SAME, RET, T_, 409, "out-of-order", NON},
    {CITY_SAME, RET, A_, 403, "wrong-role", NON},
    {CITY_SAME, RET, J_, 403, "wrong-role", NON},
    {CITY_SAME, APP, R_, 409, "out-of-order", NON},
    {CITY_SAME, APP, T_, 409, "out-of-order", NON},
    {CITY_SAME, APP, A_, 403, "wrong-role", NON},
    {CITY_SAME, APP, J_, 403, "wrong-role", NON},
    {CITY_SAME, REJ, R_, 409, "out-of-order", NON},
    {CITY_SAME, REJ, T_, 409, "out-of-order", NON},
    {CITY_SAME, REJ, A_, 403, "wrong-role", NON},
    {CITY_SAME, REJ, J_, 403, "wrong-role", NON},

    /* Another city: its own decisions are refused for the city, whatever
     * the state; the province's decisions for the role. */
    {CITY_OTHER, RCV, R_, 403, "wrong-city", NON}, {CITY_OTHER, RCV, T_, 403, "wrong-city", NON},
    {CITY_OTHER, RCV, A_, 403, "wrong-role", NON}, {CITY_OTHER, RCV, J_, 403, "wrong-role", NON},
    {CITY_OTHER, INE, R_, 403, "wrong-city", NON}, {CITY_OTHER, INE, T_, 403, "wrong-city", NON},
    {CITY_OTHER, INE, A_, 403, "wrong-role", NON}, {CITY_OTHER, INE, J_, 403, "wrong-role", NON},
    {CITY_OTHER, REC, R_, 403, "wrong-city", NON}, {CITY_OTHER, REC, T_, 403, "wrong-city", NON},
    {CITY_OTHER, REC, A_, 403, "wrong-role", NON}, {CITY_OTHER, REC, J_, 403, "wrong-role", NON},
    {CITY_OTHER, RET, R_, 403, "wrong-city", NON}, {CITY_OTHER, RET, T_, 403, "wrong-city", NON},
    {CITY_OTHER, RET, A_, 403, "wrong-role", NON}, {CITY_OTHER, RET, J_, 403, "wrong-role", NON},
    {CITY_OTHER, APP, R_, 403, "wrong-city", NON}, {CITY_OTHER, APP, T_, 403, "wrong-city", NON},
    {CITY_OTHER, APP, A_, 403, "wrong-role", NON}, {CITY_OTHER, APP, J_, 403, "wrong-role", NON},
    {CITY_OTHER, REJ, R_, 403, "wrong-city", NON}, {CITY_OTHER, REJ, T_, 403, "wrong-city", NON},
    {CITY_OTHER, REJ, A_, 403, "wrong-role", NON}, {CITY_OTHER, REJ, J_, 403, "wrong-role", NON},

    /* The province: approves or rejects what a city recommended. */
    {PROV, RCV, R_, 403, "wrong-role", NON},
    {PROV, RCV, T_, 403, "wrong-role", NON},
    {PROV, RCV, A_, 409, "out-of-order", NON},
    {PROV, RCV, J_, 409, "out-of-order", NON},
    {PROV, INE, R_, 403, "wrong-role", NON},
    {PROV, INE, T_, 403, "wrong-role", NON},
    {PROV, INE, A_, 409, "out-of-order", NON},
    {PROV, INE, J_, 409, "out-of-order", NON},
    {PROV, REC, R_, 403, "wrong-role", NON},
    {PROV, REC, T_, 403, "wrong-role", NON},
    {PROV, REC, A_, 0, "ok", APP},
    {PROV, REC, J_, 0, "ok", REJ},
    {PROV, RET, R_, 403, "wrong-role", NON},
    {PROV, RET, T_, 403, "wrong-role", NON},
    {PROV, RET, A_, 409, "out-of-order", NON},
    {PROV, RET, J_, 409, "out-of-order", NON},
    {PROV, APP, R_, 403, "wrong-role", NON},
    {PROV, APP, T_, 403, "wrong-role", NON},
    {PROV, APP, A_, 409, "out-of-order", NON},
    {PROV, APP, J_, 409, "out-of-order", NON},
    {PROV, REJ, R_, 403, "wrong-role", NON},
    {PROV, REJ, T_, 403, "wrong-role", NON},
    {PROV, REJ, A_, 409, "out-of-order", NON},
    {PROV, REJ, J_, 409, "out-of-order", NON},

    /* An admin never decides, whatever the state. */
    {ADMIN, RCV, R_, 403, "admin-may-not-decide", NON},
    {ADMIN, RCV, T_, 403, "admin-may-not-decide", NON},
    {ADMIN, RCV, A_, 403, "admin-may-not-decide", NON},
    {ADMIN, RCV, J_, 403, "admin-may-not-decide", NON},
    {ADMIN, INE, R_, 403, "admin-may-not-decide", NON},
    {ADMIN, INE, T_, 403, "admin-may-not-decide", NON},
    {ADMIN, INE, A_, 403, "admin-may-not-decide", NON},
    {ADMIN, INE, J_, 403, "admin-may-not-decide", NON},
    {ADMIN, REC, R_, 403, "admin-may-not-decide", NON},
    {ADMIN, REC, T_, 403, "admin-may-not-decide", NON},
    {ADMIN, REC, A_, 403, "admin-may-not-decide", NON},
    {ADMIN, REC, J_, 403, "admin-may-not-decide", NON},
    {ADMIN, RET, R_, 403, "admin-may-not-decide", NON},
    {ADMIN, RET, T_, 403, "admin-may-not-decide", NON},
    {ADMIN, RET, A_, 403, "admin-may-not-decide", NON},
    {ADMIN, RET, J_, 403, "admin-may-not-decide", NON},
    {ADMIN, APP, R_, 403, "admin-may-not-decide", NON},
    {ADMIN, APP, T_, 403, "admin-may-not-decide", NON},
    {ADMIN, APP, A_, 403, "admin-may-not-decide", NON},
    {ADMIN, APP, J_, 403, "admin-may-not-decide", NON},
    {ADMIN, REJ, R_, 403, "admin-may-not-decide", NON},
    {ADMIN, REJ, T_, 403, "admin-may-not-decide", NON},
    {ADMIN, REJ, A_, 403, "admin-may-not-decide", NON},
    {ADMIN, REJ, J_, 403, "admin-may-not-decide", NON},
};

#define TABLE_ROWS (sizeof table / sizeof table[0])

static struct review_subject subject(enum review_state s, const char *division)
{
    struct review_subject app = {s, division};
    return app;
}

static void test_table_covers_every_actor_state_and_decision(void)
{
    int seen[ACTOR_COUNT][REVIEW_STATE_COUNT][REVIEW_DECISION_COUNT] = {{{0}}};
    size_t i;
    int a, s, d;

    CU_ASSERT_EQUAL(TABLE_ROWS, (size_t)ACTOR_COUNT * REVIEW_STATE_COUNT * REVIEW_DECISION_COUNT);
    for (i = 0; i < TABLE_ROWS; i++)
        seen[table[i].who][table[i].from][table[i].d]++;
    for (a = 0; a < ACTOR_COUNT; a++)
        for (s = 0; s < REVIEW_STATE_COUNT; s++)
            for (d = 0; d < REVIEW_DECISION_COUNT; d++)
                CU_ASSERT_EQUAL(seen[a][s][d], 1);
}

static void test_every_combination_matches_the_table(void)
{
    size_t i;

    for (i = 0; i < TABLE_ROWS; i++) {
        const struct row *r = &table[i];
        struct review_subject app = subject((enum review_state)r->from, APPLICANT_DIVISION);
        struct review_outcome o;
        int rc;

        memset(&o, 0x5a, sizeof o);
        rc = review_decide(&actors[r->who], &app, r->d, "请补充材料 (please complete the file)",
                           NULL, &o);
        if (rc != r->status || strcmp(o.code, r->code) != 0)
            fprintf(stderr, "\n  row %zu: %s, %s, %s: got %d %s, want %d %s\n    %s\n", i,
                    actor_label[r->who], review_state_name((enum review_state)r->from),
                    review_decision_name(r->d), rc, o.code, r->status, r->code, o.message);
        CU_ASSERT_EQUAL(rc, r->status);
        CU_ASSERT_EQUAL(o.status, r->status);
        CU_ASSERT_STRING_EQUAL(o.code, r->code);
        CU_ASSERT_EQUAL(o.decision, r->d);
        CU_ASSERT_EQUAL(o.from, r->from);
        if (r->status == 0) {
            CU_ASSERT_EQUAL(o.to, r->to);
            CU_ASSERT_STRING_EQUAL(o.message, "");
            CU_ASSERT_EQUAL(o.issues_certificate, r->d == REVIEW_APPROVE);
            CU_ASSERT_EQUAL(o.overridden, 0);
        } else {
            /* A refusal changes nothing and says why, in both languages. */
            CU_ASSERT_EQUAL(o.to, r->from);
            CU_ASSERT_EQUAL(o.issues_certificate, 0);
            CU_ASSERT_EQUAL(o.overridden, 0);
            CU_ASSERT(strlen(o.message) > 10);
            CU_ASSERT_PTR_NOT_NULL(strstr(o.message, " ("));
            CU_ASSERT_EQUAL(o.message[strlen(o.message) - 1], ')');
            CU_ASSERT((unsigned char)o.message[0] >= 0x80); /* starts in Chinese */
        }
    }
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
    unsigned int city = (1u << REVIEW_RECOMMEND) | (1u << REVIEW_RETURN);
    unsigned int prov = (1u << REVIEW_APPROVE) | (1u << REVIEW_REJECT);

    CU_ASSERT_EQUAL(review_decisions_open(&actors[CITY_SAME], &rcv), city);
    CU_ASSERT_EQUAL(review_decisions_open(&actors[CITY_SAME], &ine), city);
    CU_ASSERT_EQUAL(review_decisions_open(&actors[CITY_SAME], &rec), 0);
    CU_ASSERT_EQUAL(review_decisions_open(&actors[CITY_OTHER], &rcv), 0);
    CU_ASSERT_EQUAL(review_decisions_open(&actors[PROV], &rcv), 0);
    CU_ASSERT_EQUAL(review_decisions_open(&actors[PROV], &rec), prov);
    CU_ASSERT_EQUAL(review_decisions_open(&actors[PROV], &app), 0);
    CU_ASSERT_EQUAL(review_decisions_open(&actors[ADMIN], &rec), 0);
    CU_ASSERT_EQUAL(review_decisions_open(&actors[ENT], &rcv), 0);
}

static void test_final_states(void)
{
    CU_ASSERT_FALSE(review_state_is_final(REVIEW_RECEIVED));
    CU_ASSERT_FALSE(review_state_is_final(REVIEW_INELIGIBLE));
    CU_ASSERT_FALSE(review_state_is_final(REVIEW_RECOMMENDED));
    CU_ASSERT_TRUE(review_state_is_final(REVIEW_RETURNED));
    CU_ASSERT_TRUE(review_state_is_final(REVIEW_APPROVED));
    CU_ASSERT_TRUE(review_state_is_final(REVIEW_REJECTED));
    CU_ASSERT_FALSE(review_state_is_final(REVIEW_STATE_NONE));
}

static void test_codes_are_stable_and_round_trip(void)
{
    /* The database's and the API's words (sql/001_core.sql). */
    static const char *const states[] = {"received", "ineligible", "recommended",
                                         "returned", "approved",   "rejected"};
    static const char *const decisions[] = {"recommend", "return", "approve", "reject"};
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
