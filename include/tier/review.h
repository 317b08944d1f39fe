/*
 * review.h — the review workflow: who may decide what on an application, and
 * in which order (DESIGN.md "Review", issue 5 "Workflow"), and a title's life
 * after approval (issue 17: public notice, objections, renewal, expiry,
 * revocation).
 *
 *   received ──recommend (city)──▶ recommended ──approve (province)──▶ in-notice ─┐
 *      │                               │                                 ▲   │     │
 *      └──return (city)──▶ returned    └──reject (province, reason)──▶ rejected │  │
 *   ineligible ──recommend (city, override reason)──▶ recommended    dismiss │ object
 *      └──return (city)──▶ returned                                          │   ▼  │
 *                         rejected ◀──uphold (province, reason)── objected ◀─┘      │
 *                                                                                   │
 *   approved (certificate issued) ◀──notice-over (the registry's schedule)──────────┘
 *      ├──revoke (province, reason, category)──▶ revoked
 *      ├──supersede (a renewal's certificate issued)──▶ superseded
 *      └──expire (the day after validUntil)──▶ expired
 *
 * review_decide answers an approval as before issue 17 (approved, certificate
 * issued at once); review_enter_notice turns that answer into the public
 * notice when the tier has one (notice days > 0), so a caller that knows
 * nothing of notices keeps today's behaviour.
 *
 * `received` and `ineligible` are set by ingestion (every mechanical rule
 * passed or not); people's decisions (review_decide) and the events of the
 * public and the registry's clock (review_event_apply) move an application on.
 * `returned`, `rejected`, `superseded`, `expired` and `revoked` are final: a
 * corrected application is a new submission that links to the returned one.
 * From `approved` on, the states are the title's: the store may keep them on
 * the certificate row.
 *
 * The module is pure (no database, no I/O, no allocation): it answers whether
 * a decision is allowed and why not, and the store applies it under a
 * compare-and-set on the from-state so that of two concurrent deciders
 * exactly one wins.
 */
#ifndef TIER_REVIEW_H
#define TIER_REVIEW_H

#include "tier/role.h"

#include <stddef.h>

/* Stable codes in brackets: they are the `status` and `decision` values of
 * the database and the API, and must never change. Roles are core's (role.h). */
enum review_state {
    REVIEW_STATE_NONE = -1,
    REVIEW_RECEIVED = 0, /* [received]    已受理: awaits the city */
    REVIEW_INELIGIBLE,   /* [ineligible]  不符合条件: a rule failed; awaits the city */
    REVIEW_RECOMMENDED,  /* [recommended] 已推荐: awaits the province */
    REVIEW_RETURNED,     /* [returned]    已退回: back to the enterprise; final */
    REVIEW_APPROVED,     /* [approved]    已批准: certificate issued; the title is valid */
    REVIEW_REJECTED,     /* [rejected]    已驳回: final */
    REVIEW_IN_NOTICE,    /* [in-notice]   公示中: approved, the public notice runs; no
                                           certificate yet */
    REVIEW_OBJECTED,     /* [objected]    公示异议待处理: an objection awaits the province */
    REVIEW_SUPERSEDED,   /* [superseded]  已换发: a renewal's certificate replaced it; final */
    REVIEW_EXPIRED,      /* [expired]     已过期: past validUntil; final */
    REVIEW_REVOKED,      /* [revoked]     已撤销: withdrawn, with a category; final */
    REVIEW_STATE_COUNT
};

enum review_decision {
    REVIEW_DECISION_NONE = -1,
    REVIEW_RECOMMEND = 0, /* [recommend] 推荐: city reviewer; ineligible needs an override reason */
    REVIEW_RETURN,        /* [return]    退回: city reviewer; comment required */
    REVIEW_APPROVE,       /* [approve]   批准: province reviewer; issues the certificate */
    REVIEW_REJECT,        /* [reject]    驳回: province reviewer; comment required */
    REVIEW_UPHOLD,        /* [uphold]    异议成立: province; an objection stands, the application
                                         is rejected; comment (the reason) required */
    REVIEW_DISMISS,       /* [dismiss]   异议不成立: province; the notice goes on; comment
                                         required */
    REVIEW_REVOKE,        /* [revoke]    撤销: province; withdraws an issued title; comment
                                         required, the caller records the category
                                         (lifecycle.h) */
    REVIEW_DECISION_COUNT
};


/* The longest comment or override reason, in characters (code points): the
 * width of decisions.comment and decisions.override_reason. */
#define REVIEW_TEXT_MAX_CHARS 2000

/* Room for any refusal sentence, Chinese and English, with its NUL. */
#define REVIEW_MESSAGE_MAX 512

struct review_actor {
    enum role role;
    const char *city_code; /* city reviewer's city, "370100"; ignored for other roles */
};

struct review_subject {
    enum review_state state; /* the application's state now */
    const char *division;    /* applicant's GB/T 2260 division (USCC positions 3-8,
                                "371202") or its city code; 3712xx is 济南 370100 */
};

/* What happens to an application without a reviewer's decision. */
enum review_event {
    REVIEW_EVENT_NONE = -1,
    REVIEW_OBJECT = 0,  /* [object]      提出异议: anyone, during the notice */
    REVIEW_NOTICE_OVER, /* [notice-over] 公示期满: the registry's schedule, once the notice
                                         ended with no objection open; issues the certificate */
    REVIEW_SUPERSEDE,   /* [supersede]   换发: the renewal that names this title was issued */
    REVIEW_EXPIRE,      /* [expire]      到期: the day after validUntil */
    REVIEW_EVENT_COUNT
};

struct review_outcome {
    int status;                    /* 0 allowed; else 400, 403, 409 or 422 */
    const char *code;              /* static machine-readable word: "ok", "wrong-role" ... */
    enum review_decision decision; /* the decision asked for; _NONE for an event */
    enum review_event event;       /* the event (review_event); _NONE for a decision */
    enum review_state from;        /* the subject's state */
    enum review_state to;          /* the new state; == from when refused */
    int overridden;                /* 1: an ineligible application recommended by override */
    int issues_certificate;        /* 1: issue the certificate in the same transaction
                                      (approve without notice, notice-over) */
    char message[REVIEW_MESSAGE_MAX]; /* refusal: 中文句子 (English sentence); "" when allowed */
};

/*
 * Decide whether `who` may take decision `d` on `app`, and what follows.
 *
 * `comment` and `override_reason` may be NULL; text made only of white space
 * (ASCII or U+3000) counts as absent. Checks run in this order, and the first
 * that fails is the answer:
 *   400 bad-request      d, the role or the state is not a known value;
 *   403 admin-may-not-decide / not-a-reviewer   admins and enterprises never decide;
 *   403 wrong-role       recommend/return need a city reviewer; approve, reject,
 *                        uphold, dismiss and revoke a province reviewer;
 *   403 no-city          a city reviewer whose account has no Shandong city;
 *   403 wrong-city       the applicant belongs to another city (city_for_division);
 *   409 out-of-order     the decision does not apply to the state (approve a
 *                        received application, anything on a final one ...);
 *   422 bad-text         comment or reason not UTF-8, with control characters, or
 *                        over REVIEW_TEXT_MAX_CHARS;
 *   422 comment-required return, reject, uphold, dismiss and revoke need a
 *                        comment (the reason);
 *   422 override-required recommending an ineligible application needs an
 *                        override reason, which the caller records;
 *   422 override-not-applicable an override reason on anything else.
 * On success (0) out->to is the new state, out->overridden says whether the
 * caller must record override_reason, out->issues_certificate whether it must
 * issue the certificate in the same transaction. An approval leads to
 * approved with the certificate; see review_enter_notice. Dismissing
 * one objection leads back to in-notice; the caller keeps `objected` while
 * another objection is still open.
 * Returns out->status. `out` is always filled (message in Chinese, then English
 * in brackets); nothing is borrowed past the call. Pure and thread-safe.
 */
int review_decide(const struct review_actor *who, const struct review_subject *app,
                  enum review_decision d, const char *comment, const char *override_reason,
                  struct review_outcome *out);

/* Turn a successful approval (out from review_decide) into entering the
 * public notice when `notice_days` > 0: out->to becomes in-notice and
 * out->issues_certificate 0 (the certificate waits for notice-over). Any
 * other outcome, or notice_days 0, is left as it is. Returns 1 when it
 * changed out, else 0. Pure. */
int review_enter_notice(struct review_outcome *out, int notice_days);

/*
 * Apply an event to `app`: object (in-notice or objected → objected),
 * notice-over (in-notice → approved, issuing the certificate), supersede and
 * expire (approved → superseded / expired). Whether the notice has ended or
 * the title's validUntil has passed is the caller's (lifecycle.h); this
 * answers whether the state allows it:
 *   400 bad-request      e or the state is not a known value;
 *   409 not-in-notice    an objection outside the notice period;
 *   409 objection-open   notice-over while an objection awaits the province;
 *   409 out-of-order     any other event the state does not allow.
 * Returns out->status; `out` is always filled as by review_decide. Pure.
 */
int review_event_apply(const struct review_subject *app, enum review_event e,
                       struct review_outcome *out);

/* The decisions `who` may take on `app` now, as a bit set (1u << decision),
 * assuming a comment and, where needed, an override reason will be given:
 * what a reviewer's page offers. 0 when none. Pure and thread-safe. */
unsigned int review_decisions_open(const struct review_actor *who,
                                   const struct review_subject *app);

/* 1 when nothing can move the application on (returned, rejected,
 * superseded, expired, revoked); 0 otherwise, including for an unknown
 * value. An approved title can still be revoked, superseded or expire. */
int review_state_is_final(enum review_state s);

/* Stable codes and names. The *_name functions return the code ("received",
 * "recommend"); *_name_zh the Chinese label ("已受理", "推荐"). NULL for a
 * value out of range. Static strings. */
const char *review_state_name(enum review_state s);
const char *review_state_name_zh(enum review_state s);
const char *review_decision_name(enum review_decision d);
const char *review_decision_name_zh(enum review_decision d);
const char *review_event_name(enum review_event e);
const char *review_event_name_zh(enum review_event e);

/* The value for an exact code (case-sensitive, as stored); *_NONE for NULL or
 * an unknown code. */
enum review_state review_state_parse(const char *s);
enum review_decision review_decision_parse(const char *s);
enum review_event review_event_parse(const char *s);

#endif
