/*
 * workflow.c — the review state machine (see include/tier/review.h).
 *
 * A decision is judged in a fixed order, so that a caller learns the most
 * basic thing first: is the value known (400), may this person decide at all
 * and on this city's applications (403), does the decision apply to the
 * application's state (409), is the accompanying text present and sound
 * (422). Who may take which decision is one small table (`decider`); which
 * state a decision leads to from which state is another (`moves`). Events
 * that no reviewer decides (an objection from the public, the end of the
 * notice, a renewal superseding a title, expiry) go through
 * review_event_apply, which answers only whether the state allows them. Every
 * refusal fills a sentence in Chinese followed by English in brackets,
 * written into the caller's outcome with snprintf (never truncated in
 * practice: REVIEW_MESSAGE_MAX leaves room for the longest).
 *
 * Pure: no allocation, no I/O, no globals written; every function is
 * thread-safe. The city of an applicant comes from city_for_division, so the
 * former 莱芜 (3712xx) is 济南's (370100).
 */
#include "tier/review.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tier/city.h"
#include "tier/utf8.h"

struct names {
    const char *code; /* stable code */
    const char *zh;   /* Chinese label */
};

static const struct names state_names[REVIEW_STATE_COUNT] = {
    {"received", "已受理"},    {"ineligible", "不符合条件"}, {"recommended", "已推荐"},
    {"returned", "已退回"},    {"approved", "已批准"},       {"rejected", "已驳回"},
    {"in-notice", "公示中"},   {"objected", "公示异议待处理"}, {"superseded", "已换发"},
    {"expired", "已过期"},     {"revoked", "已撤销"},
};

static const struct names decision_names[REVIEW_DECISION_COUNT] = {
    {"recommend", "推荐"},  {"return", "退回"},       {"approve", "批准"}, {"reject", "驳回"},
    {"uphold", "异议成立"}, {"dismiss", "异议不成立"}, {"revoke", "撤销"},
};

static const struct names event_names[REVIEW_EVENT_COUNT] = {
    {"object", "提出异议"}, {"notice-over", "公示期满"}, {"supersede", "换发"}, {"expire", "到期"},
};

/* What a decision does, as a Chinese verb phrase: "只有省级审核员可以%s". */
static const char *const decision_do_zh[REVIEW_DECISION_COUNT] = {
    "推荐", "退回", "批准", "驳回", "认定异议成立", "认定异议不成立", "撤销",
};


/* English past participles for "it cannot be ..." */
static const char *const decision_done_en[REVIEW_DECISION_COUNT] = {
    "recommended", "returned", "approved", "rejected", "rejected on an objection",
    "cleared of an objection", "revoked",
};

/* Who takes each decision (DESIGN.md "Review"): the city recommends or
 * returns; the province approves or rejects, judges objections during the
 * notice and revokes titles. */
static const enum role decider[REVIEW_DECISION_COUNT] = {
    ROLE_CITY_REVIEWER,     ROLE_CITY_REVIEWER,     ROLE_PROVINCE_REVIEWER, ROLE_PROVINCE_REVIEWER,
    ROLE_PROVINCE_REVIEWER, ROLE_PROVINCE_REVIEWER, ROLE_PROVINCE_REVIEWER,
};

/* Decisions that need a comment saying why, and the English noun for it. */
static const char *const comment_needed_en[REVIEW_DECISION_COUNT] = {
    [REVIEW_RETURN] = "return",   [REVIEW_REJECT] = "rejection",
    [REVIEW_UPHOLD] = "decision on an objection", [REVIEW_DISMISS] = "decision on an objection",
    [REVIEW_REVOKE] = "revocation",
};

/* next[state][decision]: the state a decision leads to, or REVIEW_STATE_NONE
 * when it does not apply. An ineligible application is recommended only by
 * override (checked apart, below); it may be returned for correction like a
 * received one. Approval leads to in-notice when the tier has a notice
 * (review_enter_notice). Final states lead nowhere. Rows list only the
 * decisions that apply; the rest are REVIEW_STATE_NONE (set in next_state). */
static const struct {
    enum review_state from;
    enum review_decision d;
    enum review_state to;
} moves[] = {
    {REVIEW_RECEIVED, REVIEW_RECOMMEND, REVIEW_RECOMMENDED},
    {REVIEW_RECEIVED, REVIEW_RETURN, REVIEW_RETURNED},
    {REVIEW_INELIGIBLE, REVIEW_RECOMMEND, REVIEW_RECOMMENDED},
    {REVIEW_INELIGIBLE, REVIEW_RETURN, REVIEW_RETURNED},
    {REVIEW_RECOMMENDED, REVIEW_APPROVE, REVIEW_APPROVED},
    {REVIEW_RECOMMENDED, REVIEW_REJECT, REVIEW_REJECTED},
    {REVIEW_OBJECTED, REVIEW_UPHOLD, REVIEW_REJECTED},
    {REVIEW_OBJECTED, REVIEW_DISMISS, REVIEW_IN_NOTICE},
    {REVIEW_APPROVED, REVIEW_REVOKE, REVIEW_REVOKED},
};

static enum review_state next_state(enum review_state from, enum review_decision d)
{
    size_t i;

    for (i = 0; i < sizeof moves / sizeof moves[0]; i++) {
        if (moves[i].from == from && moves[i].d == d)
            return moves[i].to;
    }
    return REVIEW_STATE_NONE;
}

/* Why a decision does not apply to a state: the first half of the 409
 * sentence, in Chinese and in English. */
static const struct {
    const char *zh;
    const char *en;
} state_why[REVIEW_STATE_COUNT] = {
    [REVIEW_RECEIVED] = {"该申请尚未经市级推荐",
                         "the application has not been recommended by its city yet"},
    [REVIEW_INELIGIBLE] = {"该申请不符合条件且尚未经市级推荐",
                           "the application is ineligible and has not been recommended by its "
                           "city"},
    [REVIEW_RECOMMENDED] = {"该申请已推荐（正等待省级审核）",
                            "the application is already recommended and awaits the province"},
    [REVIEW_RETURNED] = {"该申请已退回企业（企业应提交更正后的新申请）",
                         "the application was returned to the enterprise, which submits a "
                         "corrected application instead"},
    [REVIEW_APPROVED] = {"该申请已批准（决定不可更改）",
                         "the application is already approved and the decision is final"},
    [REVIEW_REJECTED] = {"该申请已驳回（决定不可更改）",
                         "the application is already rejected and the decision is final"},
    [REVIEW_IN_NOTICE] = {"该申请已批准，正在公示中（无待处理的异议）",
                          "the application is approved and in its public notice, with no "
                          "objection to judge"},
    [REVIEW_OBJECTED] = {"该申请公示期间有待处理的异议，须先认定异议是否成立",
                         "an objection raised during the notice awaits the province, which "
                         "upholds or dismisses it first"},
    [REVIEW_SUPERSEDED] = {"该证书已被复核换发的新证书取代",
                           "the title was superseded by a renewal's certificate"},
    [REVIEW_EXPIRED] = {"该证书已过期", "the title has expired"},
    [REVIEW_REVOKED] = {"该证书已撤销（决定不可更改）",
                        "the title is revoked and the decision is final"},
};

static int state_ok(enum review_state s)
{
    return (int)s >= 0 && (int)s < REVIEW_STATE_COUNT;
}

static int decision_ok(enum review_decision d)
{
    return (int)d >= 0 && (int)d < REVIEW_DECISION_COUNT;
}

static int event_ok(enum review_event e)
{
    return (int)e >= 0 && (int)e < REVIEW_EVENT_COUNT;
}

static int role_ok(enum role r)
{
    return role_name(r) != NULL;
}

/* Fill a refusal and return its status. */
static int refuse(struct review_outcome *out, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int refuse(struct review_outcome *out, int status, const char *code, const char *fmt, ...)
{
    va_list ap;

    out->status = status;
    out->code = code;
    out->to = out->from;
    out->overridden = 0;
    out->issues_certificate = 0;
    va_start(ap, fmt);
    vsnprintf(out->message, sizeof out->message, fmt, ap);
    va_end(ap);
    return status;
}

/* What is wrong with a piece of reviewer text, or NULL when it is sound:
 * well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF), no
 * control characters but tab, LF and CR, at most REVIEW_TEXT_MAX_CHARS code
 * points. `*blank` is set to 1 when the text holds nothing but white space
 * (ASCII, U+00A0 or the ideographic space U+3000). The two strings are the
 * Chinese and English halves of the reason. */
static const char *text_fault(const char *s, int *blank, const char **en)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t chars = 0;

    *blank = 1;
    while (*p != '\0') {
        uint32_t cp;
        size_t n = utf8_decode(p, SIZE_MAX, &cp); /* stops at the NUL */

        if (n == 0)
            goto bad_utf8;
        if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F) {
            *en = "contains control characters";
            return "含有控制字符";
        }
        if (!(cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x3000))
            *blank = 0;
        p += n;
        if (++chars > REVIEW_TEXT_MAX_CHARS) {
            *en = "is longer than 2000 characters";
            return "超过 2000 字";
        }
    }
    return NULL;

bad_utf8:
    *en = "is not valid UTF-8 text";
    return "不是有效的 UTF-8 文本";
}

/* Check one optional text; on a fault fill the refusal and return 422.
 * `*present` is 1 when the text is there and not blank. */
static int check_text(struct review_outcome *out, const char *s, const char *what_zh,
                      const char *what_en, int *present)
{
    const char *zh, *en = NULL;
    int blank;

    *present = 0;
    if (s == NULL)
        return 0;
    zh = text_fault(s, &blank, &en);
    if (zh != NULL)
        return refuse(out, 422, "bad-text", "%s%s (the %s %s)", what_zh, zh, what_en, en);
    *present = !blank;
    return 0;
}

int review_decide(const struct review_actor *who, const struct review_subject *app,
                  enum review_decision d, const char *comment, const char *override_reason,
                  struct review_outcome *out)
{
    const struct city *mine, *theirs;
    enum role role;
    int has_comment, has_reason;

    out->status = 0;
    out->code = "ok";
    out->decision = d;
    out->event = REVIEW_EVENT_NONE;
    out->from = app->state;
    out->to = app->state;
    out->overridden = 0;
    out->issues_certificate = 0;
    out->message[0] = '\0';
    role = who->role;

    /* 400: values the caller should have parsed. */
    if (!decision_ok(d))
        return refuse(out, 400, "bad-request", "未知的审核决定 (unknown decision)");
    if (!role_ok(role))
        return refuse(out, 400, "bad-request", "未知的账号角色 (unknown account role)");
    if (!state_ok(app->state))
        return refuse(out, 400, "bad-request", "未知的申请状态 (unknown application state)");

    /* 403: who. */
    if (role == ROLE_ADMIN)
        return refuse(out, 403, "admin-may-not-decide",
                      "管理员不能作出审核决定 (an admin may not decide on applications; a city "
                      "or province reviewer account decides)");
    if (role == ROLE_ENTERPRISE)
        return refuse(out, 403, "not-a-reviewer",
                      "企业不能作出审核决定 (an enterprise may not decide on applications, not "
                      "even its own)");
    if (role != decider[d]) {
        if (role == ROLE_CITY_REVIEWER) {
            mine = city_by_code(who->city_code);
            return refuse(out, 403, "wrong-role",
                          "只有省级审核员可以%s (only a province reviewer may %s; you are a city "
                          "reviewer of %s)",
                          decision_do_zh[d], decision_names[d].code,
                          mine != NULL ? mine->code : "no city");
        }
        return refuse(out, 403, "wrong-role",
                      "只有市级审核员可以%s (only a city reviewer may %s; you are a province "
                      "reviewer)",
                      decision_do_zh[d], decision_names[d].code);
    }
    if (role == ROLE_CITY_REVIEWER) {
        mine = city_by_code(who->city_code);
        if (mine == NULL)
            return refuse(out, 403, "no-city",
                          "您的市级审核员账号未绑定山东省的城市 (your city reviewer account is "
                          "not bound to a Shandong city)");
        theirs = city_for_division(app->division);
        if (theirs == NULL)
            return refuse(out, 403, "wrong-city",
                          "该申请不属于山东省的任何城市，您是%s (%s) 的市级审核员 (the applicant "
                          "is not in any Shandong city; you are a city reviewer of %s %s)",
                          mine->name_zh, mine->code, mine->name_en, mine->code);
        if (theirs != mine)
            return refuse(out, 403, "wrong-city",
                          "该申请属于%s (%s)，您是%s (%s) 的市级审核员 (the application belongs "
                          "to %s %s; you are a city reviewer of %s %s)",
                          theirs->name_zh, theirs->code, mine->name_zh, mine->code,
                          theirs->name_en, theirs->code, mine->name_en, mine->code);
    }

    /* 409: order. */
    if (next_state(app->state, d) == REVIEW_STATE_NONE)
        return refuse(out, 409, "out-of-order", "%s，不能%s (%s; it cannot be %s)",
                      state_why[app->state].zh, decision_do_zh[d], state_why[app->state].en,
                      decision_done_en[d]);

    /* 422: the text that goes with the decision. */
    if (check_text(out, comment, "审核意见", "comment", &has_comment) != 0)
        return out->status;
    if (check_text(out, override_reason, "例外推荐理由", "override reason", &has_reason) != 0)
        return out->status;
    if (comment_needed_en[d] != NULL && !has_comment)
        return refuse(out, 422, "comment-required",
                      "%s须填写理由 (a %s needs a comment saying why)",
                      decision_do_zh[d], comment_needed_en[d]);
    if (d == REVIEW_RECOMMEND && app->state == REVIEW_INELIGIBLE && !has_reason)
        return refuse(out, 422, "override-required",
                      "该申请不符合条件，推荐须填写例外推荐理由 (the application is ineligible; "
                      "recommending it needs an override reason, which is recorded)");
    if (has_reason && !(d == REVIEW_RECOMMEND && app->state == REVIEW_INELIGIBLE))
        return refuse(out, 422, "override-not-applicable",
                      "例外推荐理由只用于推荐不符合条件的申请 (an override reason applies only "
                      "when recommending an ineligible application)");

    out->to = next_state(app->state, d);
    out->overridden = app->state == REVIEW_INELIGIBLE && d == REVIEW_RECOMMEND;
    out->issues_certificate = d == REVIEW_APPROVE;
    return 0;
}

int review_enter_notice(struct review_outcome *out, int notice_days)
{
    if (out->status != 0 || out->decision != REVIEW_APPROVE || out->to != REVIEW_APPROVED ||
        notice_days <= 0)
        return 0;
    out->to = REVIEW_IN_NOTICE; /* 公示 first; notice-over issues the certificate */
    out->issues_certificate = 0;
    return 1;
}

int review_event_apply(const struct review_subject *app, enum review_event e,
                       struct review_outcome *out)
{
    enum review_state s = app->state;

    out->status = 0;
    out->code = "ok";
    out->decision = REVIEW_DECISION_NONE;
    out->event = e;
    out->from = s;
    out->to = s;
    out->overridden = 0;
    out->issues_certificate = 0;
    out->message[0] = '\0';
    if (!event_ok(e))
        return refuse(out, 400, "bad-request", "未知的事件 (unknown event)");
    if (!state_ok(s))
        return refuse(out, 400, "bad-request", "未知的申请状态 (unknown application state)");
    switch (e) {
    case REVIEW_OBJECT:
        if (s == REVIEW_IN_NOTICE || s == REVIEW_OBJECTED) {
            out->to = REVIEW_OBJECTED;
            return 0;
        }
        return refuse(out, 409, "not-in-notice",
                      "该申请不在公示期内（%s），不接受异议 (the application is not in its "
                      "public notice period, it is %s, so no objection is taken)",
                      state_names[s].zh, state_names[s].code);
    case REVIEW_NOTICE_OVER:
        if (s == REVIEW_IN_NOTICE) {
            out->to = REVIEW_APPROVED;
            out->issues_certificate = 1;
            return 0;
        }
        if (s == REVIEW_OBJECTED)
            return refuse(out, 409, "objection-open",
                          "公示期满但仍有待处理的异议，省级审核员认定前不发证 (the notice is "
                          "over but an objection awaits the province; no certificate is issued "
                          "before it is judged)");
        break;
    case REVIEW_SUPERSEDE:
    case REVIEW_EXPIRE:
        if (s == REVIEW_APPROVED) {
            out->to = e == REVIEW_SUPERSEDE ? REVIEW_SUPERSEDED : REVIEW_EXPIRED;
            return 0;
        }
        break;
    case REVIEW_EVENT_COUNT:
    case REVIEW_EVENT_NONE:
        break;
    }
    return refuse(out, 409, "out-of-order", "%s，不能%s (%s; no %s applies)", state_why[s].zh,
                  event_names[e].zh, state_why[s].en, event_names[e].code);
}

unsigned int review_decisions_open(const struct review_actor *who,
                                   const struct review_subject *app)
{
    struct review_outcome o;
    unsigned int set = 0;
    int d;

    for (d = 0; d < REVIEW_DECISION_COUNT; d++) {
        const char *reason = NULL;

        if (d == REVIEW_RECOMMEND && app->state == REVIEW_INELIGIBLE)
            reason = "override";
        if (review_decide(who, app, (enum review_decision)d, "comment", reason, &o) == 0)
            set |= 1u << d;
    }
    return set;
}

int review_state_is_final(enum review_state s)
{
    return s == REVIEW_RETURNED || s == REVIEW_REJECTED || s == REVIEW_SUPERSEDED ||
           s == REVIEW_EXPIRED || s == REVIEW_REVOKED;
}

const char *review_state_name(enum review_state s)
{
    return state_ok(s) ? state_names[s].code : NULL;
}

const char *review_state_name_zh(enum review_state s)
{
    return state_ok(s) ? state_names[s].zh : NULL;
}

const char *review_decision_name(enum review_decision d)
{
    return decision_ok(d) ? decision_names[d].code : NULL;
}

const char *review_decision_name_zh(enum review_decision d)
{
    return decision_ok(d) ? decision_names[d].zh : NULL;
}

const char *review_event_name(enum review_event e)
{
    return event_ok(e) ? event_names[e].code : NULL;
}

const char *review_event_name_zh(enum review_event e)
{
    return event_ok(e) ? event_names[e].zh : NULL;
}

/* Index of `s` among n codes, or -1. */
static int find_code(const struct names *t, int n, const char *s)
{
    int i;

    if (s == NULL)
        return -1;
    for (i = 0; i < n; i++) {
        if (strcmp(t[i].code, s) == 0)
            return i;
    }
    return -1;
}

enum review_state review_state_parse(const char *s)
{
    return (enum review_state)find_code(state_names, REVIEW_STATE_COUNT, s);
}

enum review_decision review_decision_parse(const char *s)
{
    return (enum review_decision)find_code(decision_names, REVIEW_DECISION_COUNT, s);
}

enum review_event review_event_parse(const char *s)
{
    return (enum review_event)find_code(event_names, REVIEW_EVENT_COUNT, s);
}
