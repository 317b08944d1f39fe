/*
 * lifecycle.c — a title's life after approval as pure rules (see
 * include/tier/lifecycle.h): validity, notice, renewal window, yearly update,
 * revocation categories, the ban, and "one valid title per enterprise and
 * tier".
 *
 * The policy is plain data filled from the defaults and configuration; each
 * default cites domain.md, and every one it marks UNCONFIRMED is a setting,
 * not a constant. lifecycle_check_application judges in a fixed order (ban,
 * pending application, held title, renewal) so that an enterprise learns the
 * most serious obstacle first. Sentences are Chinese, then English in
 * brackets, written with snprintf into the caller's verdict.
 *
 * Pure: no I/O, no allocation, no globals written; thread-safe.
 */
#include "tier/lifecycle.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *code;
    const char *zh;
} categories[REVOCATION_COUNT] = {
    [REVOCATION_OTHER] = {"other", "其他"},
    [REVOCATION_FRAUD] = {"fraud", "数据造假"},
    [REVOCATION_ACCIDENT] = {"accident", "重大安全质量环境事故"},
    [REVOCATION_DISHONESTY] = {"dishonesty", "严重失信"},
    [REVOCATION_TAX] = {"tax", "偷税漏税"},
    [REVOCATION_REQUEST] = {"request", "企业申请"},
};

static const struct {
    const char *code;
    const char *zh;
} title_states[] = {
    [LIFECYCLE_TITLE_VALID] = {"valid", "有效"},
    [LIFECYCLE_TITLE_NOT_YET] = {"not-yet", "尚未生效"},
    [LIFECYCLE_TITLE_EXPIRED] = {"expired", "已过期"},
    [LIFECYCLE_TITLE_REVOKED] = {"revoked", "已撤销"},
    [LIFECYCLE_TITLE_SUPERSEDED] = {"superseded", "已换发"},
};

void lifecycle_defaults(struct lifecycle_policy *p)
{
    int t;

    memset(p, 0, sizeof *p);
    for (t = 0; t < TIER_COUNT; t++) {
        p->notice_days[t] = 5;
        p->validity_years[t] = tier_get((enum tier_id)t)->validity_years;
    }
    p->notice_days[TIER_HIGH_TECH] = 10; /* §6: public notice of 10 working days */
    p->update_month[TIER_TECH_SME] = 3;  /* §7: end of March (Article 11, per 3P) */
    p->update_day[TIER_TECH_SME] = 31;
    p->update_month[TIER_INNOVATIVE_SME] = 4; /* §2a: Guangdong's 30 April */
    p->update_day[TIER_INNOVATIVE_SME] = 30;
    p->update_month[TIER_SPECIALIZED_SME] = 5; /* §3a: 31 May */
    p->update_day[TIER_SPECIALIZED_SME] = 31;
    p->update_month[TIER_SINGLE_CHAMPION] = 5; /* §5b: Article 11, 31 May */
    p->update_day[TIER_SINGLE_CHAMPION] = 31;
    p->renewal_window_days = 90;
    p->ban_years = 3; /* §4 (2026 screening), §5b Article 13 */
    p->ban_all_tiers = 0;
    p->ban_categories = 1u << REVOCATION_FRAUD | 1u << REVOCATION_ACCIDENT |
                        1u << REVOCATION_DISHONESTY | 1u << REVOCATION_TAX;
    p->update_missed_blocks_renewal = 1; /* §5b Article 11; §2a Guangdong */
}

const char *revocation_category_name(enum revocation_category c)
{
    return (int)c >= 0 && c < REVOCATION_COUNT ? categories[c].code : NULL;
}

const char *revocation_category_name_zh(enum revocation_category c)
{
    return (int)c >= 0 && c < REVOCATION_COUNT ? categories[c].zh : NULL;
}

enum revocation_category revocation_category_parse(const char *s)
{
    int i;

    if (s == NULL || s[0] == '\0')
        return REVOCATION_OTHER;
    for (i = 0; i < REVOCATION_COUNT; i++) {
        if (strcmp(categories[i].code, s) == 0)
            return (enum revocation_category)i;
    }
    return REVOCATION_NONE;
}

static int tier_ok(enum tier_id t)
{
    return (int)t >= 0 && t < TIER_COUNT;
}

struct tier_date lifecycle_valid_until(const struct lifecycle_policy *p, enum tier_id tier,
                                       const struct tier_date *from)
{
    int years = tier_ok(tier) ? p->validity_years[tier] : 0;

    return date_validity_end(from, years > 0 ? years : 1);
}

int lifecycle_notice_end(const struct lifecycle_policy *p, const struct calendar *cal,
                         enum tier_id tier, const struct tier_date *approved,
                         struct tier_date *end, int *uncovered_year)
{
    if (!tier_ok(tier))
        return -1;
    return calendar_add_workdays(cal, approved, p->notice_days[tier], end, uncovered_year);
}

int lifecycle_notice_over(const struct tier_date *end, const struct tier_date *today)
{
    return date_cmp(today, end) > 0;
}

struct tier_date lifecycle_renewal_opens(const struct lifecycle_policy *p,
                                         const struct tier_date *valid_until)
{
    return date_from_days(date_to_days(valid_until) - p->renewal_window_days);
}

int lifecycle_update_deadline(const struct lifecycle_policy *p, enum tier_id tier, int y,
                              struct tier_date *deadline)
{
    int m, d;

    if (!tier_ok(tier) || p->update_month[tier] == 0)
        return 0;
    m = p->update_month[tier];
    d = p->update_day[tier];
    if (d > date_month_days(y, m))
        d = date_month_days(y, m); /* a 29 February deadline in a common year */
    deadline->y = y;
    deadline->m = m;
    deadline->d = d;
    return 1;
}

int lifecycle_update_missing(const struct lifecycle_policy *p, enum tier_id tier,
                             const struct tier_date *valid_from, int last_update_year,
                             const struct tier_date *today, int *year,
                             struct tier_date *deadline)
{
    struct tier_date dl;
    int y = today->y;

    if (!lifecycle_update_deadline(p, tier, y, &dl))
        return 0;
    if (date_cmp(today, &dl) <= 0) {
        y--;
        lifecycle_update_deadline(p, tier, y, &dl);
    }
    /* A title issued in the deadline's year (or later) owes nothing yet: the
     * first update falls in the year after issue. */
    if (valid_from->y >= y || last_update_year >= y)
        return 0;
    *year = y;
    *deadline = dl;
    return 1;
}

enum lifecycle_title_state lifecycle_title_state(const struct lifecycle_record *cert,
                                                 const struct tier_date *day)
{
    if (cert->revoked && date_cmp(&cert->revoked_on, day) <= 0)
        return LIFECYCLE_TITLE_REVOKED;
    if (cert->superseded)
        return LIFECYCLE_TITLE_SUPERSEDED;
    if (date_cmp(day, &cert->valid_from) < 0)
        return LIFECYCLE_TITLE_NOT_YET;
    if (date_cmp(day, &cert->valid_until) > 0)
        return LIFECYCLE_TITLE_EXPIRED;
    return LIFECYCLE_TITLE_VALID;
}

const char *lifecycle_title_state_name(enum lifecycle_title_state s)
{
    return (int)s >= 0 && s <= LIFECYCLE_TITLE_SUPERSEDED ? title_states[s].code : NULL;
}

const char *lifecycle_title_state_name_zh(enum lifecycle_title_state s)
{
    return (int)s >= 0 && s <= LIFECYCLE_TITLE_SUPERSEDED ? title_states[s].zh : NULL;
}

static int refuse(struct lifecycle_verdict *out, int status, const char *code,
                  const struct lifecycle_record *blocker, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int refuse(struct lifecycle_verdict *out, int status, const char *code,
                  const struct lifecycle_record *blocker, const char *fmt, ...)
{
    va_list ap;

    out->status = status;
    out->code = code;
    out->blocker = blocker;
    va_start(ap, fmt);
    vsnprintf(out->message, sizeof out->message, fmt, ap);
    va_end(ap);
    return status;
}

static const char *ref(const struct lifecycle_record *r)
{
    return r->ref != NULL ? r->ref : "?";
}

/* The day a revocation's ban lifts, or 0 when it carries none for `tier`. */
static int ban_lifts(const struct lifecycle_policy *p, const struct lifecycle_record *r,
                     enum tier_id tier, struct tier_date *lifts)
{
    if (!r->is_certificate || !r->revoked || p->ban_years <= 0)
        return 0;
    if ((int)r->category < 0 || r->category >= REVOCATION_COUNT ||
        !(p->ban_categories & (1u << r->category)))
        return 0;
    if (!p->ban_all_tiers && r->tier != tier)
        return 0;
    *lifts = date_add_years(&r->revoked_on, p->ban_years);
    return 1;
}

int lifecycle_check_application(const struct lifecycle_policy *p,
                                const struct lifecycle_request *req,
                                const struct lifecycle_record *recs, size_t n,
                                struct lifecycle_verdict *out)
{
    const struct tier_info *ti = tier_get(req->tier);
    const struct lifecycle_record *named = NULL;
    const char *tz = ti != NULL ? ti->name_zh : "?", *tc = ti != NULL ? ti->code : "?";
    char d1[11], d2[11];
    size_t i;

    memset(out, 0, sizeof *out);
    out->code = "ok";

    for (i = 0; i < n; i++) {
        struct tier_date lifts;
        const struct lifecycle_record *r = &recs[i];

        if (ban_lifts(p, r, req->tier, &lifts) && date_cmp(&req->today, &lifts) < 0) {
            date_format(&r->revoked_on, d1);
            date_format(&lifts, d2);
            out->until = lifts;
            return refuse(out, 409, "banned", r,
                          "该企业的%s证书 %s 已于 %s 因“%s”被撤销，%s 前不得申请%s (certificate "
                          "%s was revoked on %s for %s; no application%s%s may be filed before "
                          "%s)",
                          tier_get(r->tier)->name_zh, ref(r), d1,
                          revocation_category_name_zh(r->category), d2,
                          p->ban_all_tiers ? "任何称号" : tz, ref(r), d1,
                          revocation_category_name(r->category),
                          p->ban_all_tiers ? " for any tier" : " for ",
                          p->ban_all_tiers ? "" : tc, d2);
        }
    }
    for (i = 0; i < n; i++) {
        const struct lifecycle_record *r = &recs[i];

        if (!r->is_certificate && r->pending && r->tier == req->tier)
            return refuse(out, 409, "pending", r,
                          "该企业已有一份%s申请 %s 正在审核中，不能重复申请 (application %s for %s "
                          "is still under review; a second one is not accepted)",
                          tz, ref(r), ref(r), tc);
    }
    if (!req->renewal) {
        for (i = 0; i < n; i++) {
            const struct lifecycle_record *r = &recs[i];
            struct tier_date opens;

            if (!r->is_certificate || r->tier != req->tier ||
                lifecycle_title_state(r, &req->today) != LIFECYCLE_TITLE_VALID)
                continue;
            date_format(&r->valid_until, d1);
            opens = lifecycle_renewal_opens(p, &r->valid_until);
            if (date_cmp(&req->today, &opens) >= 0)
                return refuse(out, 409, "title-held", r,
                              "该企业持有有效的%s证书 %s（有效期至 %s），已进入复核期，请以复核申请"
                              "（kind=\"renewal\"）提交并注明该证书 (the enterprise holds %s "
                              "certificate %s, valid until %s and now in its renewal window: "
                              "file a renewal, kind=\"renewal\", naming it)",
                              tz, ref(r), d1, tc, ref(r), d1);
            date_format(&opens, d2);
            return refuse(out, 409, "title-held", r,
                          "该企业持有有效的%s证书 %s（有效期至 %s），同一称号只能持有一个有效证书；"
                          "复核申请自 %s 起可提交 (the enterprise holds %s certificate %s, valid "
                          "until %s; one valid title per tier; a renewal may be filed from %s)",
                          tz, ref(r), d1, d2, tc, ref(r), d1, d2);
        }
        return 0;
    }

    /* A renewal (复核): it names the certificate it renews. */
    if (req->renews == NULL || req->renews[0] == '\0')
        return refuse(out, 422, "renewal-needs-certificate", NULL,
                      "复核申请须注明所复核的证书编号 (a renewal must name the certificate it "
                      "renews)");
    for (i = 0; i < n && named == NULL; i++) {
        if (recs[i].is_certificate && recs[i].ref != NULL && strcmp(recs[i].ref, req->renews) == 0)
            named = &recs[i];
    }
    if (named == NULL || named->tier != req->tier)
        return refuse(out, 409, "renewal-not-held", named,
                      "证书 %s 不是该企业的%s证书，不能据此复核 (certificate %s is not one of this "
                      "enterprise's %s titles, so it cannot be renewed by this application)",
                      req->renews, tz, req->renews, tc);
    switch (lifecycle_title_state(named, &req->today)) {
    case LIFECYCLE_TITLE_VALID:
        break;
    case LIFECYCLE_TITLE_SUPERSEDED:
        return refuse(out, 409, "renewal-expired", named,
                      "证书 %s 已被换发，不能再复核 (certificate %s was already superseded by a "
                      "renewal)",
                      req->renews, req->renews);
    case LIFECYCLE_TITLE_REVOKED:
        return refuse(out, 409, "renewal-expired", named,
                      "证书 %s 已被撤销，不能复核 (certificate %s was revoked and cannot be "
                      "renewed)",
                      req->renews, req->renews);
    default:
        date_format(&named->valid_until, d1);
        return refuse(out, 409, "renewal-expired", named,
                      "证书 %s 已于 %s 到期，不能复核，请重新申请 (certificate %s expired after "
                      "%s; file a new application instead of a renewal)",
                      req->renews, d1, req->renews, d1);
    }
    out->until = lifecycle_renewal_opens(p, &named->valid_until);
    if (date_cmp(&req->today, &out->until) < 0) {
        date_format(&out->until, d1);
        date_format(&named->valid_until, d2);
        return refuse(out, 409, "renewal-too-early", named,
                      "证书 %s 有效期至 %s，复核申请自 %s 起方可提交 (certificate %s is valid "
                      "until %s; a renewal may be filed from %s)",
                      req->renews, d2, d1, req->renews, d2, d1);
    }
    if (named->update_missed && p->update_missed_blocks_renewal)
        return refuse(out, 409, "renewal-right-lost", named,
                      "证书 %s 的年度数据更新逾期未报，已丧失复核资格 (the yearly data update of "
                      "certificate %s was not filed by its deadline, so the right to renewal is "
                      "lost)",
                      req->renews, req->renews);
    out->blocker = named;
    memset(&out->until, 0, sizeof out->until);
    return 0;
}
