/*
 * test_lifecycle.c — a title's life as pure rules (issue 17, domain.md §§1–9,
 * §13.9): validUntil per tier, the notice end in working days, the renewal
 * window, yearly update deadlines, revocation categories and the ban, one
 * valid title per enterprise and tier (table-driven), and the configuration
 * keys that set the UNCONFIRMED numbers.
 */
#include "tier/config.h"
#include "tier/lifecycle.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <string.h>

static struct tier_date mk(int y, int m, int d)
{
    struct tier_date r = {y, m, d};

    return r;
}

static int same_day(struct tier_date a, struct tier_date b)
{
    return date_cmp(&a, &b) == 0;
}

#define SAME_DAY(a, b) CU_ASSERT_TRUE(same_day((a), (b)))

static void test_valid_until_is_three_years_and_one_for_tech_sme(void)
{
    struct lifecycle_policy p;
    struct tier_date from = mk(2026, 3, 3), leap = mk(2024, 2, 29), got;

    lifecycle_defaults(&p);
    got = lifecycle_valid_until(&p, TIER_LITTLE_GIANT, &from);
    SAME_DAY(got, mk(2029, 3, 2));
    got = lifecycle_valid_until(&p, TIER_HIGH_TECH, &from);
    SAME_DAY(got, mk(2029, 3, 2));
    got = lifecycle_valid_until(&p, TIER_TECH_SME, &from);
    SAME_DAY(got, mk(2027, 3, 2));
    /* a 29 February start runs through 28 February */
    got = lifecycle_valid_until(&p, TIER_SPECIALIZED_SME, &leap);
    SAME_DAY(got, mk(2027, 2, 28));
    p.validity_years[TIER_GAZELLE] = 2; /* UNCONFIRMED tiers are configuration */
    got = lifecycle_valid_until(&p, TIER_GAZELLE, &from);
    SAME_DAY(got, mk(2028, 3, 2));
}

static void test_notice_is_ten_working_days_for_high_tech_five_for_others(void)
{
    struct lifecycle_policy p;
    struct calendar cal;
    struct tier_date approved = mk(2026, 9, 28), end; /* Monday before 国庆 */
    char err[128];
    const char *notice = "2026-10-01..2026-10-07 holiday 国庆节\n2026-10-10 workday 国庆节调休\n";
    int gap = -1;

    lifecycle_defaults(&p);
    calendar_init(&cal);
    CU_ASSERT_EQUAL(calendar_load(&cal, notice, strlen(notice), 0, err, sizeof err), 8);
    /* 29 Tue (1), 30 Wed (2), 1–7 holiday, 8 Thu (3), 9 Fri (4), 10 Sat worked (5) */
    CU_ASSERT_EQUAL(lifecycle_notice_end(&p, &cal, TIER_SPECIALIZED_SME, &approved, &end, &gap),
                    0);
    SAME_DAY(end, mk(2026, 10, 10));
    CU_ASSERT_EQUAL(gap, 0);
    /* ... 12 Mon (6), 13 (7), 14 (8), 15 (9), 16 Fri (10) */
    CU_ASSERT_EQUAL(lifecycle_notice_end(&p, &cal, TIER_HIGH_TECH, &approved, &end, &gap), 0);
    SAME_DAY(end, mk(2026, 10, 16));
    CU_ASSERT_FALSE(lifecycle_notice_over(&end, &end));
    CU_ASSERT_TRUE(lifecycle_notice_over(&end, &(struct tier_date){2026, 10, 17}));
    /* 0 keeps today's behaviour: the notice is over the day of approval... */
    p.notice_days[TIER_LITTLE_GIANT] = 0;
    CU_ASSERT_EQUAL(lifecycle_notice_end(&p, &cal, TIER_LITTLE_GIANT, &approved, &end, &gap), 0);
    SAME_DAY(end, approved);
    CU_ASSERT_EQUAL(lifecycle_notice_end(&p, &cal, TIER_NONE, &approved, &end, &gap), -1);
    calendar_free(&cal);
}

static void test_renewal_window_opens_ninety_days_before_expiry(void)
{
    struct lifecycle_policy p;
    struct tier_date until = mk(2029, 3, 2), opens;

    lifecycle_defaults(&p);
    opens = lifecycle_renewal_opens(&p, &until);
    SAME_DAY(opens, mk(2028, 12, 2));
    p.renewal_window_days = 0;
    opens = lifecycle_renewal_opens(&p, &until);
    SAME_DAY(opens, until);
}

static void test_update_deadlines_and_missing_updates(void)
{
    struct lifecycle_policy p;
    struct tier_date dl, from = mk(2025, 7, 1);
    int y = 0;

    lifecycle_defaults(&p);
    CU_ASSERT_EQUAL(lifecycle_update_deadline(&p, TIER_SPECIALIZED_SME, 2026, &dl), 1);
    SAME_DAY(dl, mk(2026, 5, 31));
    CU_ASSERT_EQUAL(lifecycle_update_deadline(&p, TIER_TECH_SME, 2026, &dl), 1);
    SAME_DAY(dl, mk(2026, 3, 31));
    CU_ASSERT_EQUAL(lifecycle_update_deadline(&p, TIER_GAZELLE, 2026, &dl), 0);
    /* Issued 2025: the 2025 deadline is not owed; 2026's is from 1 June 2026. */
    CU_ASSERT_EQUAL(lifecycle_update_missing(&p, TIER_SPECIALIZED_SME, &from, 0,
                                             &(struct tier_date){2026, 5, 31}, &y, &dl),
                    0);
    CU_ASSERT_EQUAL(lifecycle_update_missing(&p, TIER_SPECIALIZED_SME, &from, 0,
                                             &(struct tier_date){2026, 6, 1}, &y, &dl),
                    1);
    CU_ASSERT_EQUAL(y, 2026);
    SAME_DAY(dl, mk(2026, 5, 31));
    CU_ASSERT_EQUAL(lifecycle_update_missing(&p, TIER_SPECIALIZED_SME, &from, 2026,
                                             &(struct tier_date){2026, 6, 1}, &y, &dl),
                    0);
    /* In January 2027 the latest deadline passed is still 2026's. */
    CU_ASSERT_EQUAL(lifecycle_update_missing(&p, TIER_SPECIALIZED_SME, &from, 2025,
                                             &(struct tier_date){2027, 1, 10}, &y, &dl),
                    1);
    CU_ASSERT_EQUAL(y, 2026);
    CU_ASSERT_EQUAL(lifecycle_update_missing(&p, TIER_GAZELLE, &from, 0,
                                             &(struct tier_date){2027, 1, 10}, &y, &dl),
                    0);
}

static void test_revocation_categories_have_codes_and_chinese_names(void)
{
    static const char *const codes[] = {"other", "fraud", "accident", "dishonesty", "tax",
                                        "request"};
    static const char *const zh[] = {"其他", "数据造假", "重大安全质量环境事故", "严重失信",
                                     "偷税漏税", "企业申请"};
    int i;

    for (i = 0; i < REVOCATION_COUNT; i++) {
        CU_ASSERT_STRING_EQUAL(revocation_category_name((enum revocation_category)i), codes[i]);
        CU_ASSERT_STRING_EQUAL(revocation_category_name_zh((enum revocation_category)i), zh[i]);
        CU_ASSERT_EQUAL(revocation_category_parse(codes[i]), i);
    }
    CU_ASSERT_EQUAL(revocation_category_parse(NULL), REVOCATION_OTHER);
    CU_ASSERT_EQUAL(revocation_category_parse(""), REVOCATION_OTHER);
    CU_ASSERT_EQUAL(revocation_category_parse("Fraud"), REVOCATION_NONE);
    CU_ASSERT_PTR_NULL(revocation_category_name(REVOCATION_COUNT));
}

/* ---- one valid title per enterprise and tier ------------------------------ */

/* The enterprise's records the table refers to. Today is 2027-06-15 unless a
 * row says otherwise. */
enum rec_id {
    R_LG_VALID,       /* 小巨人 LG-1, 2026-03-03 .. 2029-03-02 */
    R_LG_NEAR,        /* 小巨人 LG-2, 2024-09-01 .. 2027-08-31 (window open from 06-02) */
    R_LG_EXPIRED,     /* 小巨人 LG-3, .. 2027-01-31 */
    R_LG_SUPERSEDED,  /* 小巨人 LG-4, in window but superseded */
    R_LG_MISSED,      /* 小巨人 LG-5, in window, a yearly update missed */
    R_SS_FRAUD,       /* 专精特新 SS-9, revoked for fraud 2025-05-10 */
    R_SS_REQUEST,     /* 专精特新 SS-8, revoked on request 2027-01-01 */
    R_HT_PENDING,     /* 高企 application A-7 in review */
    R_COUNT
};

static struct lifecycle_record recs[R_COUNT];

static void set_cert(enum rec_id i, enum tier_id t, const char *ref, struct tier_date from,
                     struct tier_date until)
{
    memset(&recs[i], 0, sizeof recs[i]);
    recs[i].is_certificate = 1;
    recs[i].tier = t;
    recs[i].ref = ref;
    recs[i].valid_from = from;
    recs[i].valid_until = until;
}

static int fill_records(void)
{
    set_cert(R_LG_VALID, TIER_LITTLE_GIANT, "LG-1", mk(2026, 3, 3), mk(2029, 3, 2));
    set_cert(R_LG_NEAR, TIER_LITTLE_GIANT, "LG-2", mk(2024, 9, 1), mk(2027, 8, 31));
    set_cert(R_LG_EXPIRED, TIER_LITTLE_GIANT, "LG-3", mk(2024, 2, 1), mk(2027, 1, 31));
    set_cert(R_LG_SUPERSEDED, TIER_LITTLE_GIANT, "LG-4", mk(2024, 9, 1), mk(2027, 8, 31));
    recs[R_LG_SUPERSEDED].superseded = 1;
    set_cert(R_LG_MISSED, TIER_LITTLE_GIANT, "LG-5", mk(2024, 9, 1), mk(2027, 8, 31));
    recs[R_LG_MISSED].update_missed = 1;
    set_cert(R_SS_FRAUD, TIER_SPECIALIZED_SME, "SS-9", mk(2024, 1, 1), mk(2026, 12, 31));
    recs[R_SS_FRAUD].revoked = 1;
    recs[R_SS_FRAUD].category = REVOCATION_FRAUD;
    recs[R_SS_FRAUD].revoked_on = mk(2025, 5, 10);
    set_cert(R_SS_REQUEST, TIER_SPECIALIZED_SME, "SS-8", mk(2026, 1, 1), mk(2028, 12, 31));
    recs[R_SS_REQUEST].revoked = 1;
    recs[R_SS_REQUEST].category = REVOCATION_REQUEST;
    recs[R_SS_REQUEST].revoked_on = mk(2027, 1, 1);
    memset(&recs[R_HT_PENDING], 0, sizeof recs[R_HT_PENDING]);
    recs[R_HT_PENDING].tier = TIER_HIGH_TECH;
    recs[R_HT_PENDING].ref = "A-7";
    recs[R_HT_PENDING].pending = 1;
    return 0;
}

struct app_row {
    const char *what;
    unsigned int held;   /* set of 1u << rec_id the enterprise has */
    enum tier_id tier;
    int renewal;
    const char *renews;
    struct tier_date today;
    int all_tiers;       /* ban-scope all */
    int status;
    const char *code;
    int blocker;         /* rec_id expected as blocker, or -1 */
    const char *says;    /* a piece of the sentence, or NULL */
};

#define B(i) (1u << (i))
#define T0 {2027, 6, 15}

static const struct app_row app_table[] = {
    {"no records: a first application", 0, TIER_LITTLE_GIANT, 0, NULL, T0, 0, 0, "ok", -1, NULL},
    {"valid title outside the window", B(R_LG_VALID), TIER_LITTLE_GIANT, 0, NULL, T0, 0, 409,
     "title-held", R_LG_VALID, "LG-1"},
    {"the same again with a comment added", B(R_LG_VALID), TIER_LITTLE_GIANT, 0, NULL,
     {2026, 3, 4}, 0, 409, "title-held", R_LG_VALID, "a renewal may be filed from 2028-12-02"},
    {"valid title of another tier", B(R_LG_VALID), TIER_HIGH_TECH, 0, NULL, T0, 0, 0, "ok", -1,
     NULL},
    {"in the window a new application must be a renewal", B(R_LG_NEAR), TIER_LITTLE_GIANT, 0,
     NULL, T0, 0, 409, "title-held", R_LG_NEAR, "kind=\"renewal\""},
    {"expired title: a new application", B(R_LG_EXPIRED), TIER_LITTLE_GIANT, 0, NULL, T0, 0, 0,
     "ok", -1, NULL},
    {"superseded title does not block", B(R_LG_SUPERSEDED), TIER_LITTLE_GIANT, 0, NULL, T0, 0, 0,
     "ok", -1, NULL},
    {"pending application of the tier", B(R_HT_PENDING), TIER_HIGH_TECH, 0, NULL, T0, 0, 409,
     "pending", R_HT_PENDING, "A-7"},
    {"pending application of the tier blocks a renewal too", B(R_HT_PENDING), TIER_HIGH_TECH, 1,
     "X", T0, 0, 409, "pending", R_HT_PENDING, NULL},
    {"pending application of another tier", B(R_HT_PENDING), TIER_LITTLE_GIANT, 0, NULL, T0, 0, 0,
     "ok", -1, NULL},
    {"fraud bans the tier for 3 years", B(R_SS_FRAUD), TIER_SPECIALIZED_SME, 0, NULL, T0, 0, 409,
     "banned", R_SS_FRAUD, "2028-05-10"},
    {"the sentence says why", B(R_SS_FRAUD), TIER_SPECIALIZED_SME, 0, NULL, T0, 0, 409, "banned",
     R_SS_FRAUD, "数据造假"},
    {"the ban lifts after 3 years", B(R_SS_FRAUD), TIER_SPECIALIZED_SME, 0, NULL, {2028, 5, 10},
     0, 0, "ok", -1, NULL},
    {"the last banned day", B(R_SS_FRAUD), TIER_SPECIALIZED_SME, 0, NULL, {2028, 5, 9}, 0, 409,
     "banned", R_SS_FRAUD, NULL},
    {"fraud does not bar another tier by default", B(R_SS_FRAUD), TIER_LITTLE_GIANT, 0, NULL, T0,
     0, 0, "ok", -1, NULL},
    {"fraud bars every tier with ban-scope all", B(R_SS_FRAUD), TIER_LITTLE_GIANT, 0, NULL, T0, 1,
     409, "banned", R_SS_FRAUD, "any tier"},
    {"a revocation on request carries no ban", B(R_SS_REQUEST), TIER_SPECIALIZED_SME, 0, NULL, T0,
     0, 0, "ok", -1, NULL},
    {"the ban comes before a pending application", B(R_SS_FRAUD) | B(R_HT_PENDING),
     TIER_HIGH_TECH, 0, NULL, T0, 1, 409, "banned", R_SS_FRAUD, NULL},
    {"renewal in the window", B(R_LG_NEAR), TIER_LITTLE_GIANT, 1, "LG-2", T0, 0, 0, "ok", R_LG_NEAR,
     NULL},
    {"renewal on the last valid day", B(R_LG_NEAR), TIER_LITTLE_GIANT, 1, "LG-2", {2027, 8, 31}, 0,
     0, "ok", R_LG_NEAR, NULL},
    {"renewal the day before the window", B(R_LG_NEAR), TIER_LITTLE_GIANT, 1, "LG-2",
     {2027, 6, 1}, 0, 409, "renewal-too-early", R_LG_NEAR, "2027-06-02"},
    {"renewal naming nothing", B(R_LG_NEAR), TIER_LITTLE_GIANT, 1, NULL, T0, 0, 422,
     "renewal-needs-certificate", -1, NULL},
    {"renewal naming another firm's certificate", B(R_LG_NEAR), TIER_LITTLE_GIANT, 1, "LG-77", T0,
     0, 409, "renewal-not-held", -1, "LG-77"},
    {"renewal naming a title of another tier", B(R_SS_REQUEST) | B(R_LG_NEAR), TIER_LITTLE_GIANT,
     1, "SS-8", T0, 0, 409, "renewal-not-held", R_SS_REQUEST, NULL},
    {"renewal of an expired title", B(R_LG_EXPIRED), TIER_LITTLE_GIANT, 1, "LG-3", T0, 0, 409,
     "renewal-expired", R_LG_EXPIRED, "expired after 2027-01-31"},
    {"renewal of a superseded title", B(R_LG_SUPERSEDED), TIER_LITTLE_GIANT, 1, "LG-4", T0, 0, 409,
     "renewal-expired", R_LG_SUPERSEDED, "superseded"},
    {"renewal of a revoked title", B(R_SS_REQUEST), TIER_SPECIALIZED_SME, 1, "SS-8", T0, 0, 409,
     "renewal-expired", R_SS_REQUEST, "revoked"},
    {"renewal after a missed update", B(R_LG_MISSED), TIER_LITTLE_GIANT, 1, "LG-5", T0, 0, 409,
     "renewal-right-lost", R_LG_MISSED, "right to renewal is lost"},
};

static void test_one_valid_title_per_enterprise_and_tier(void)
{
    struct lifecycle_policy p;
    size_t i;

    fill_records();
    for (i = 0; i < sizeof app_table / sizeof app_table[0]; i++) {
        const struct app_row *r = &app_table[i];
        struct lifecycle_record held[R_COUNT];
        struct lifecycle_request req = {r->tier, r->renewal, r->renews, r->today};
        struct lifecycle_verdict v;
        size_t n = 0;
        int k, rc;
        long want_blocker = -1, got_blocker = -1;

        lifecycle_defaults(&p);
        p.ban_all_tiers = r->all_tiers;
        for (k = 0; k < R_COUNT; k++) {
            if (r->held & B(k))
                held[n++] = recs[k];
        }
        rc = lifecycle_check_application(&p, &req, held, n, &v);
        if (v.blocker != NULL)
            got_blocker = (long)(v.blocker - held);
        if (r->blocker >= 0) {
            for (k = 0, n = 0; k < R_COUNT; k++) {
                if (!(r->held & B(k)))
                    continue;
                if (k == r->blocker)
                    want_blocker = (long)n;
                n++;
            }
        }
        if (rc != r->status || strcmp(v.code, r->code) != 0 || got_blocker != want_blocker ||
            (r->says != NULL && strstr(v.message, r->says) == NULL))
            fprintf(stderr, "\n  row %zu (%s): got %d %s [%ld] '%s', want %d %s [%ld] '%s'\n", i,
                    r->what, rc, v.code, got_blocker, v.message, r->status, r->code, want_blocker,
                    r->says ? r->says : "");
        CU_ASSERT_EQUAL(rc, r->status);
        CU_ASSERT_EQUAL(v.status, r->status);
        CU_ASSERT_STRING_EQUAL(v.code, r->code);
        CU_ASSERT_EQUAL(got_blocker, want_blocker);
        if (r->says != NULL)
            CU_ASSERT_PTR_NOT_NULL(strstr(v.message, r->says));
        if (rc == 0) {
            CU_ASSERT_STRING_EQUAL(v.message, "");
        } else {
            CU_ASSERT((unsigned char)v.message[0] >= 0x80); /* Chinese first */
            CU_ASSERT_EQUAL(v.message[strlen(v.message) - 1], ')');
        }
    }
}

static void test_title_states_on_a_day(void)
{
    struct lifecycle_record c;
    struct tier_date d;

    memset(&c, 0, sizeof c);
    c.is_certificate = 1;
    c.valid_from = mk(2026, 3, 3);
    c.valid_until = mk(2029, 3, 2);
    d = mk(2029, 3, 2);
    CU_ASSERT_EQUAL(lifecycle_title_state(&c, &d), LIFECYCLE_TITLE_VALID);
    d = mk(2029, 3, 3); /* stops counting the day after */
    CU_ASSERT_EQUAL(lifecycle_title_state(&c, &d), LIFECYCLE_TITLE_EXPIRED);
    d = mk(2026, 3, 2);
    CU_ASSERT_EQUAL(lifecycle_title_state(&c, &d), LIFECYCLE_TITLE_NOT_YET);
    c.revoked = 1;
    c.revoked_on = mk(2027, 1, 1);
    d = mk(2026, 12, 31);
    CU_ASSERT_EQUAL(lifecycle_title_state(&c, &d), LIFECYCLE_TITLE_VALID);
    d = mk(2027, 1, 1);
    CU_ASSERT_EQUAL(lifecycle_title_state(&c, &d), LIFECYCLE_TITLE_REVOKED);
    c.revoked = 0;
    c.superseded = 1;
    CU_ASSERT_EQUAL(lifecycle_title_state(&c, &d), LIFECYCLE_TITLE_SUPERSEDED);
    CU_ASSERT_STRING_EQUAL(lifecycle_title_state_name(LIFECYCLE_TITLE_SUPERSEDED), "superseded");
    CU_ASSERT_STRING_EQUAL(lifecycle_title_state_name_zh(LIFECYCLE_TITLE_EXPIRED), "已过期");
}

static void test_config_keys_set_the_policy(void)
{
    struct tier_config c;
    char err[256];

    config_defaults(&c);
    CU_ASSERT_EQUAL(c.lifecycle.notice_days[TIER_HIGH_TECH], 10);
    CU_ASSERT_EQUAL(c.lifecycle.notice_days[TIER_LITTLE_GIANT], 5);
    CU_ASSERT_EQUAL(c.lifecycle.renewal_window_days, 90);
    CU_ASSERT_EQUAL(c.lifecycle.ban_years, 3);
    CU_ASSERT_EQUAL(c.schedule_interval, 60);
    /* a plain key sets every tier, a .TIER key one */
    CU_ASSERT_EQUAL(config_set(&c, "notice-days", "0", err, sizeof err), 0);
    CU_ASSERT_EQUAL(c.lifecycle.notice_days[TIER_HIGH_TECH], 0);
    CU_ASSERT_EQUAL(config_set(&c, "notice-days.high-tech", "12", err, sizeof err), 0);
    CU_ASSERT_EQUAL(c.lifecycle.notice_days[TIER_HIGH_TECH], 12);
    CU_ASSERT_EQUAL(c.lifecycle.notice_days[TIER_GAZELLE], 0);
    CU_ASSERT_EQUAL(config_set(&c, "notice-days.high-tech", "61", err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "from 0 to 60"));
    CU_ASSERT_EQUAL(config_set(&c, "notice-days.nonesuch", "3", err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "unknown key"));
    CU_ASSERT_EQUAL(config_set(&c, "ban-years.high-tech", "3", err, sizeof err), -1);
    CU_ASSERT_TRUE(config_has_key("validity-years.gazelle"));
    CU_ASSERT_FALSE(config_has_key("validity-years.gazelles"));
    CU_ASSERT_EQUAL(config_set(&c, "validity-years.gazelle", "2", err, sizeof err), 0);
    CU_ASSERT_EQUAL(c.lifecycle.validity_years[TIER_GAZELLE], 2);
    CU_ASSERT_EQUAL(config_set(&c, "validity-years.gazelle", "0", err, sizeof err), -1);

    CU_ASSERT_EQUAL(config_set(&c, "update-deadline.gazelle", "06-30", err, sizeof err), 0);
    CU_ASSERT_EQUAL(c.lifecycle.update_month[TIER_GAZELLE], 6);
    CU_ASSERT_EQUAL(c.lifecycle.update_day[TIER_GAZELLE], 30);
    CU_ASSERT_EQUAL(config_set(&c, "update-deadline.gazelle", "06-31", err, sizeof err), -1);
    CU_ASSERT_EQUAL(config_set(&c, "update-deadline", "5/31", err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "MM-DD"));
    CU_ASSERT_EQUAL(config_set(&c, "update-deadline", "none", err, sizeof err), 0);
    CU_ASSERT_EQUAL(c.lifecycle.update_month[TIER_SPECIALIZED_SME], 0);

    CU_ASSERT_EQUAL(config_set(&c, "ban-scope", "all", err, sizeof err), 0);
    CU_ASSERT_EQUAL(c.lifecycle.ban_all_tiers, 1);
    CU_ASSERT_EQUAL(config_set(&c, "ban-scope", "everything", err, sizeof err), -1);
    CU_ASSERT_EQUAL(config_set(&c, "ban-categories", "fraud,tax", err, sizeof err), 0);
    CU_ASSERT_EQUAL(c.lifecycle.ban_categories, (1u << REVOCATION_FRAUD) | (1u << REVOCATION_TAX));
    CU_ASSERT_EQUAL(config_set(&c, "ban-categories", "fraud,,tax", err, sizeof err), -1);
    CU_ASSERT_EQUAL(config_set(&c, "ban-categories", "fraud,arson", err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "'arson'"));
    CU_ASSERT_EQUAL(config_set(&c, "ban-categories", "none", err, sizeof err), 0);
    CU_ASSERT_EQUAL(c.lifecycle.ban_categories, 0u);
    CU_ASSERT_EQUAL(config_set(&c, "update-missed", "flag", err, sizeof err), 0);
    CU_ASSERT_EQUAL(c.lifecycle.update_missed_blocks_renewal, 0);
    CU_ASSERT_EQUAL(config_set(&c, "renewal-window-days", "367", err, sizeof err), -1);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("lifecycle", NULL, NULL);
    CU_add_test(s, "valid until is three years, and one for tech-sme",
                test_valid_until_is_three_years_and_one_for_tech_sme);
    CU_add_test(s, "notice is ten working days for high-tech, five for others",
                test_notice_is_ten_working_days_for_high_tech_five_for_others);
    CU_add_test(s, "renewal window opens ninety days before expiry",
                test_renewal_window_opens_ninety_days_before_expiry);
    CU_add_test(s, "update deadlines and missing updates",
                test_update_deadlines_and_missing_updates);
    CU_add_test(s, "revocation categories have codes and Chinese names",
                test_revocation_categories_have_codes_and_chinese_names);
    CU_add_test(s, "one valid title per enterprise and tier",
                test_one_valid_title_per_enterprise_and_tier);
    CU_add_test(s, "title states on a day", test_title_states_on_a_day);
    CU_add_test(s, "config keys set the policy", test_config_keys_set_the_policy);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
