/*
 * rules.c — the entry point rules_evaluate() and the criteria every tier
 * shares: the USCC checks (GB 32100-2015), registry prerequisites, declared
 * facts and the criteria only a person can judge.
 *
 * rules_evaluate picks the rule set (the caller's, else the application's,
 * else the one in force on the reference date), fixes the reference date
 * (rules_options.on, else the submission date, else 31 December of the last
 * financial year), then runs the USCC checks and the tier's evaluator. The
 * evaluators read the policy tables (policy_2022.c, policy_2026.c) and append
 * findings; nothing here allocates or keeps state, so concurrent calls on
 * different `struct findings` are safe. The registry callback is the only way
 * out of the module; it is called with the enterprise's USCC and the
 * reference date.
 */
#include <stdio.h>
#include <string.h>

#include "tier/city.h"
#include "tier/uscc.h"

#include "rules_int.h"

static const struct rules_options NO_OPTIONS;

void rules_uscc(struct rctx *c)
{
    const struct policy_common *p = &POLICY_COMMON;
    const char *uscc = c->app->enterprise.uscc;
    const char *xp = "/application/enterprise/uscc";
    struct uscc_info info;
    enum uscc_error e = uscc_check(uscc, strnlen(uscc, sizeof c->app->enterprise.uscc), &info);
    const struct city *city;

    if (e != USCC_OK) {
        rules_emit(c, &p->uscc_check, VERDICT_FAIL, 0, uscc, "valid GB 32100 code", xp,
                   "the unified social credit code %s is not valid: %s", uscc, uscc_strerror(e));
        return;
    }
    rules_emit(c, &p->uscc_check, VERDICT_PASS, 0, uscc, "valid GB 32100 code", xp,
               "the unified social credit code %s has correct check characters", uscc);

    if (info.is_enterprise)
        rules_emit(c, &p->uscc_enterprise, VERDICT_PASS, 0, "91", "91", xp,
                   "the code is registered by the market regulator as an enterprise (prefix 91)");
    else
        rules_emit(c, &p->uscc_enterprise, VERDICT_FAIL, 0, uscc, "91", xp,
                   "the code %.2s is not an enterprise's (an enterprise's code begins 91)", uscc);

    /* Shandong expected; another province is a warning, not a rejection,
     * because firms move (domain.md §9). 3712xx (莱芜) maps to 济南. */
    city = city_for_division(info.division);
    if (city != NULL)
        rules_emit(c, &p->uscc_division, VERDICT_PASS, 0, info.division, "37xxxx", xp,
                   "division code %s lies in %s, Shandong", info.division, city->name_zh);
    else if (info.is_shandong)
        rules_why_zh(rules_emit(c, &p->uscc_division, VERDICT_NEEDS_REVIEW, 0, info.division,
                                "37xxxx", xp,
                                "division code %s begins 37 but is not a known Shandong city's",
                                info.division),
                     "行政区划码以37开头，但不是已知的山东城市，需人工核实");
    else
        rules_why_zh(
            rules_emit(c, &p->uscc_division, VERDICT_NEEDS_REVIEW, 0, info.division, "37xxxx", xp,
                       "division code %s is outside Shandong; a reviewer checks whether the firm "
                       "has moved into the province",
                       info.division),
            "注册地不在山东，需核实企业是否已迁入本省");
}

void rules_prereq(struct rctx *c, const struct rule_ref *r, enum tier_id t, int required,
                  int confirmed)
{
    rules_prereq_any(c, r, TIER_BIT(t), required, confirmed);
}

/* "专精特新中小企业 or 专精特新“小巨人”企业" for the sentence. */
static void tier_names(unsigned tiers, char *out, size_t n)
{
    size_t len = 0;

    out[0] = '\0';
    for (int t = 0; t < TIER_COUNT; t++) {
        const struct tier_info *ti = tier_get((enum tier_id)t);

        if ((tiers & TIER_BIT(t)) == 0 || ti == NULL)
            continue;
        len += (size_t)rules_snprintf(out + len, n - len, "%s%s", len ? " or " : "", ti->name_zh);
        if (len >= n)
            break;
    }
}

static void prereq_judge(struct rctx *c, const struct rule_ref *r, unsigned tiers, int required,
                         int confirmed)
{
    int h = 0;
    const struct app_hold *decl = NULL;
    char on[16], name[160];
    const char *xp = "/application/holds";

    /* held if any tier is held; unknown if none is held and one is unknown */
    for (int t = 0; t < TIER_COUNT; t++) {
        int ht;

        if ((tiers & TIER_BIT(t)) == 0)
            continue;
        ht = rules_held(c, (enum tier_id)t);
        if (ht == 1 || (ht < 0 && h == 0))
            h = ht;
        if (decl == NULL)
            decl = rules_declared_hold(c, (enum tier_id)t);
    }
    tier_names(tiers, name, sizeof name);
    fmt_date(&c->on, on, sizeof on);
    if (h < 0) {
        if (decl != NULL)
            rules_why_zh(
                rules_emit(
                    c, r, VERDICT_NEEDS_REVIEW, 0, "declared", required ? "held" : "not held", xp,
                    "the applicant declares a valid %s title (certificate %s); the registry "
                    "was not consulted, so a reviewer confirms it on %s",
                    name, decl->certificate[0] != '\0' ? decl->certificate : "without number", on),
                "企业自行申报持有该称号，登记系统未予核实，需人工确认");
        else
            rules_why_zh(
                rules_emit(c, r, VERDICT_NEEDS_REVIEW, 0, "unknown", required ? "held" : "not held",
                           xp, "whether the applicant %s a valid %s title on %s needs the registry",
                           required ? "holds" : "already holds", name, on),
                "是否持有该称号需查询登记系统（离线检查可用 --holds 说明）");
        return;
    }
    if (h == required) {
        rules_emit(c, r, VERDICT_PASS, 0, h ? "held" : "not held", required ? "held" : "not held",
                   xp, "the applicant %s a valid %s title on %s", h ? "holds" : "does not hold",
                   name, on);
        return;
    }
    rules_why_zh(
        rules_emit(
            c, r, confirmed ? VERDICT_FAIL : VERDICT_NEEDS_REVIEW, 0, h ? "held" : "not held",
            required ? "held" : "not held", xp, "the applicant %s a valid %s title on %s%s",
            h ? "holds" : "does not hold", name, on,
            confirmed ? "" : " (the condition itself is UNCONFIRMED, so a reviewer decides)"),
        "企业未持有该称号，而该项是否为正式前提条件尚未确认，由评审人员决定");
}

/* The findings a prerequisite makes are marked as such, so the approval's
 * re-check finds them by what they are, not by their rule ids. */
void rules_prereq_any(struct rctx *c, const struct rule_ref *r, unsigned tiers, int required,
                      int confirmed)
{
    size_t first = c->out->count;

    prereq_judge(c, r, tiers, required, confirmed);
    for (size_t i = first; i < c->out->count; i++)
        c->out->items[i].prerequisite = 1;
}

void rules_declaration(struct rctx *c, const struct rule_ref *r, enum app_bool v, int trust,
                       const char *elem, const char *what)
{
    char xp[96];

    rules_snprintf(xp, sizeof xp, "/application/declarations/%s", elem);
    if (v == APP_YES && trust)
        rules_emit(c, r, VERDICT_PASS, 0, "true", "true", xp, "the applicant declares %s", what);
    else if (v == APP_YES)
        rules_emit(c, r, VERDICT_JUDGEMENT, 0, "true", "true", xp,
                   "the applicant declares %s; no official data feed is connected, so a "
                   "reviewer checks it", what);
    else if (v == APP_NO)
        rules_emit(c, r, VERDICT_FAIL, 0, "false", "true", xp,
                   "the applicant does not declare %s", what);
    else
        rules_emit(c, r, VERDICT_FAIL, 0, "not given", "true", xp,
                   "the declaration that %s is missing", what);
}

void rules_review(struct rctx *c, const struct rule_ref *r, const char *xpath, const char *why,
                  const char *why_zh)
{
    rules_why_zh(rules_emit(c, r, VERDICT_NEEDS_REVIEW, 0, "", "", xpath, "%s", why), why_zh);
}

void rules_judgement(struct rctx *c, const struct rule_ref *r, const char *xpath, const char *why)
{
    rules_emit(c, r, VERDICT_JUDGEMENT, 0, "", "", xpath, "%s", why);
}

int rules_evaluate(const struct application *app, enum rule_set rs,
                   const struct rules_options *opt, struct findings *out)
{
    struct rctx c;
    struct tier_date ye;

    if (app == NULL || out == NULL || app->tier < 0 || app->tier >= TIER_COUNT)
        return -1;
    memset(&c, 0, sizeof c);
    c.app = app;
    c.opt = opt != NULL ? opt : &NO_OPTIONS;
    c.tier = app->tier;
    c.out = out;
    c.worst = VERDICT_PASS;

    /* Reference date: the caller's, else the submission date, else the end of
     * the last financial year (documents without a submission date). */
    if (c.opt->on.y != 0)
        c.on = c.opt->on;
    else if (APP_DATE_GIVEN(app->submitted))
        c.on = app->submitted;
    else if ((ye = rules_year_end(&c)).y != 0)
        c.on = ye;
    else
        c.on = date_today_cst();

    if (rs == RULESET_NONE)
        rs = app->rule_set;
    if (rs == RULESET_NONE)
        rs = rule_set_for_date(c.on.y, c.on.m, c.on.d);
    if (rs != RULESET_2022 && rs != RULESET_2026)
        return -1;
    c.rs = rs;

    rules_uscc(&c);
    switch (app->tier) {
    case TIER_INNOVATIVE_SME:
        /* 2026 第三十条: 创新型 is still judged under 63号 附件1 */
        rules_innovative_sme(&c);
        break;
    case TIER_TECH_SME:
        rules_tech_sme(&c);
        break;
    case TIER_TECH_INNOVATIVE_SME:
        rules_tech_innovative_sme(&c);
        break;
    case TIER_SPECIALIZED_SME:
        if (rs == RULESET_2026)
            rules_specialized_2026(&c);
        else
            rules_specialized_2022(&c);
        break;
    case TIER_LITTLE_GIANT:
        if (rs == RULESET_2026)
            rules_little_giant_2026(&c);
        else
            rules_little_giant_2022(&c);
        break;
    case TIER_SINGLE_CHAMPION:
        rules_single_champion(&c);
        break;
    case TIER_LEADING:
        rules_leading(&c);
        break;
    case TIER_HIGH_TECH:
        rules_high_tech(&c);
        break;
    case TIER_GAZELLE:
        rules_gazelle(&c);
        break;
    case TIER_UNICORN:
        rules_unicorn(&c);
        break;
    default:
        return -1;
    }
    return 0;
}
