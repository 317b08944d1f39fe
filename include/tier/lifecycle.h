/*
 * lifecycle.h — a title's life after approval, as pure rules: validity
 * (validUntil), the public notice (公示) in working days, the renewal (复核)
 * window, the yearly data update deadline, revocation categories and the
 * ban that follows fraud-type revocations, and "one valid title per
 * enterprise and tier" (domain.md §§1–9, §13.9; issue 17).
 *
 * Every number that domain.md marks UNCONFIRMED, or gives only as one
 * province's reading, is a field of struct lifecycle_policy, filled by
 * lifecycle_defaults and changed through configuration (config.h keys
 * notice-days[.TIER], validity-years.TIER, update-deadline[.TIER],
 * renewal-window-days, ban-years, ban-scope, ban-categories, update-missed).
 *
 * Pure: no I/O, no allocation, no globals written. The caller (the registry)
 * reads the enterprise's records from the store and hands them in; "today" is
 * always a parameter, so tests and the daemon's clock hook decide the date.
 */
#ifndef TIER_LIFECYCLE_H
#define TIER_LIFECYCLE_H

#include <stddef.h>

#include "tier/calendar.h"
#include "tier/date.h"
#include "tier/tier.h"

/* Why a title was withdrawn (撤销). Stable codes in brackets: the XML and the
 * database carry them; pages show the Chinese name. A revocation given
 * without a category is `other`. */
enum revocation_category {
    REVOCATION_NONE = -1,
    REVOCATION_OTHER = 0,  /* [other]      其他 */
    REVOCATION_FRAUD,      /* [fraud]      数据造假 */
    REVOCATION_ACCIDENT,   /* [accident]   重大安全质量环境事故 */
    REVOCATION_DISHONESTY, /* [dishonesty] 严重失信 */
    REVOCATION_TAX,        /* [tax]        偷税漏税 */
    REVOCATION_REQUEST,    /* [request]    企业申请 */
    REVOCATION_COUNT
};

#define LIFECYCLE_NOTICE_DAYS_MAX 60   /* working days of notice at most */
#define LIFECYCLE_VALIDITY_YEARS_MAX 10
#define LIFECYCLE_WINDOW_DAYS_MAX 366
#define LIFECYCLE_BAN_YEARS_MAX 10
#define LIFECYCLE_MESSAGE_MAX 512

struct lifecycle_policy {
    int notice_days[TIER_COUNT];    /* 公示 in working days after approval; 0 = the
                                       certificate is issued at approval (as before) */
    int validity_years[TIER_COUNT]; /* 1..10 */
    int update_month[TIER_COUNT];   /* yearly data update deadline: month 1..12, 0 = none */
    int update_day[TIER_COUNT];     /* and its day of the month */
    int renewal_window_days;        /* a renewal may be filed this many days before
                                       validUntil, through validUntil */
    int ban_years;                  /* years a ban-carrying revocation bars new
                                       applications; 0 = no ban */
    int ban_all_tiers;              /* 1: the ban bars every tier; 0: the revoked tier */
    unsigned int ban_categories;    /* set of (1u << category) that carry the ban */
    int update_missed_blocks_renewal; /* 1: a missed yearly update loses the renewal right;
                                         0: it is only flagged for reviewers */
};

/*
 * The defaults, from domain.md:
 * - notice: 10 working days for 高新技术企业 (§6; the notice itself is
 *   UNCONFIRMED there), 5 for every other tier (no source: configuration);
 * - validity: the tier table (§1, §13.9: 3 years, 科技型 1);
 * - update deadlines (§13.9): 科技型 31 March (§7, Article 11 per 3P),
 *   创新型 30 April (Guangdong's rule, §2a: Shandong's UNCONFIRMED),
 *   专精特新 31 May (Guangdong, §3a), 单项冠军 31 May (Article 11, §5b);
 *   none for the others (no source);
 * - renewal window 90 days; ban 3 years (§4 2026 screening rules, §5b
 *   Article 13) for the revoked tier only, carried by fraud, accident,
 *   dishonesty and tax (the negative conditions of §5b Article 13); a missed
 *   update loses the renewal right (§5b Article 11, §2a Guangdong).
 * Can't fail.
 */
void lifecycle_defaults(struct lifecycle_policy *p);

/* Stable code ("fraud") and Chinese name ("数据造假"); NULL out of range. */
const char *revocation_category_name(enum revocation_category c);
const char *revocation_category_name_zh(enum revocation_category c);

/* The category for a code: NULL or "" is REVOCATION_OTHER (a revocation
 * without a category); an unknown code is REVOCATION_NONE. */
enum revocation_category revocation_category_parse(const char *s);

/* The last day a title of `tier` issued (valid from) `from` is valid: the day
 * before the anniversary `validity_years` on (a 29 February start runs
 * through 28 February). On the day after, the title has expired. */
struct tier_date lifecycle_valid_until(const struct lifecycle_policy *p, enum tier_id tier,
                                       const struct tier_date *from);

/*
 * The last day of the public notice for an application of `tier` approved on
 * `approved`: the notice_days-th working day after it (calendar.h). The
 * certificate is issued on the first day after that (lifecycle_notice_over).
 * With notice_days 0 the notice ends on `approved` itself. *uncovered_year
 * (may be NULL) as calendar_add_workdays: a year the calendar lacks, so the
 * end date is by weekends alone and a reviewer should check it.
 * 0; -1 for an unknown tier (*end untouched).
 */
int lifecycle_notice_end(const struct lifecycle_policy *p, const struct calendar *cal,
                         enum tier_id tier, const struct tier_date *approved,
                         struct tier_date *end, int *uncovered_year);

/* 1 when a notice ending on `end` is over on `today` (today > end). */
int lifecycle_notice_over(const struct tier_date *end, const struct tier_date *today);

/* The first day a renewal of a title valid until `valid_until` may be filed. */
struct tier_date lifecycle_renewal_opens(const struct lifecycle_policy *p,
                                         const struct tier_date *valid_until);

/* The deadline of year y's data update for `tier` into *deadline. 1 when
 * the tier has one, 0 when it has none (*deadline untouched). */
int lifecycle_update_deadline(const struct lifecycle_policy *p, enum tier_id tier, int y,
                              struct tier_date *deadline);

/*
 * Is a yearly update missing? The latest deadline passed on `today` (this
 * year's once today is after it, else last year's) is due from every title
 * issued in an earlier year. `last_update_year` is the latest year whose
 * update the holder filed (0: none). Returns 1 and sets *year and *deadline
 * when that year's update is missing; 0 when none is due or it was filed.
 */
int lifecycle_update_missing(const struct lifecycle_policy *p, enum tier_id tier,
                             const struct tier_date *valid_from, int last_update_year,
                             const struct tier_date *today, int *year,
                             struct tier_date *deadline);

/* One of the enterprise's records that bears on a new application. */
struct lifecycle_record {
    int is_certificate;           /* 1 certificate, 0 application */
    enum tier_id tier;
    const char *ref;              /* certificate serial or application id, for sentences */
    /* application */
    int pending;                  /* 1: still under review (received, ineligible,
                                     recommended, in notice, objected) */
    /* certificate */
    struct tier_date valid_from, valid_until;
    int superseded;               /* replaced by a renewal */
    int revoked;
    enum revocation_category category; /* when revoked */
    struct tier_date revoked_on;  /* when revoked (China Standard Time) */
    int update_missed;            /* a yearly update is missing (lifecycle_update_missing) */
};

/* A new application, as far as these rules care. */
struct lifecycle_request {
    enum tier_id tier;
    int renewal;                  /* kind="renewal" */
    const char *renews;           /* the held certificate's serial it names, or NULL */
    struct tier_date today;       /* the application date */
};

struct lifecycle_verdict {
    int status;                   /* 0 allowed; 409 refused; 422 a renewal that names
                                     no certificate */
    const char *code;             /* "ok", "banned", "pending", "title-held",
                                     "renewal-too-early", "renewal-not-held",
                                     "renewal-expired", "renewal-right-lost",
                                     "renewal-needs-certificate" */
    const struct lifecycle_record *blocker; /* the record behind a refusal, or the
                                               certificate a renewal supersedes */
    struct tier_date until;       /* banned: the day the ban lifts; renewal-too-early:
                                     the day the window opens */
    char message[LIFECYCLE_MESSAGE_MAX]; /* 中文 (English); "" when allowed */
};

/*
 * May an enterprise with records `recs` (n of them) file `req`? Checks, the
 * first that fails being the answer:
 *   409 banned            a ban-carrying revocation (policy categories) of the
 *                         same tier (or any tier when ban_all_tiers) less than
 *                         ban_years ago: says the category and until when;
 *   409 pending           an application of the tier still under review;
 *   for a new (not renewal) application:
 *   409 title-held        a valid title of the tier (not expired, revoked or
 *                         superseded on req->today), named; inside its renewal
 *                         window the sentence says to file a renewal naming it;
 *   for a renewal:
 *   422 renewal-needs-certificate  no certificate named;
 *   409 renewal-not-held  the named certificate is not one of this
 *                         enterprise's titles of this tier;
 *   409 renewal-expired   it expired, was revoked or was superseded already;
 *   409 renewal-too-early before the window opens (says the date);
 *   409 renewal-right-lost a yearly update was missed and the policy takes the
 *                         renewal right for it.
 * On success (0) a renewal's out->blocker is the certificate it will
 * supersede. Returns out->status; `out` is always filled. Pure.
 */
int lifecycle_check_application(const struct lifecycle_policy *p,
                                const struct lifecycle_request *req,
                                const struct lifecycle_record *recs, size_t n,
                                struct lifecycle_verdict *out);

/* Title states on a day, for lists and counts. */
enum lifecycle_title_state {
    LIFECYCLE_TITLE_VALID = 0, /* [valid]      有效 */
    LIFECYCLE_TITLE_NOT_YET,   /* [not-yet]    尚未生效 */
    LIFECYCLE_TITLE_EXPIRED,   /* [expired]    已过期 */
    LIFECYCLE_TITLE_REVOKED,   /* [revoked]    已撤销 */
    LIFECYCLE_TITLE_SUPERSEDED,/* [superseded] 已换发 (renewed) */
};

/* The state of a certificate record on `day`: revoked (on or before day)
 * wins over superseded, which wins over expired (day > valid_until). */
enum lifecycle_title_state lifecycle_title_state(const struct lifecycle_record *cert,
                                                 const struct tier_date *day);
const char *lifecycle_title_state_name(enum lifecycle_title_state s);
const char *lifecycle_title_state_name_zh(enum lifecycle_title_state s);

#endif
