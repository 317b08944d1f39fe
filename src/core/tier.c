/*
 * tier.c — the table of tiers and the choice of rule set by date (see
 * include/tier/tier.h, domain.md §1-§8).
 *
 * One static row per tier, indexed by enum tier_id, holds what the rest of the
 * registry must agree on: the stable code (XML, database, API), names,
 * certificate validity, the prerequisite tier under each rule set, whether the
 * 2026 measures give the tier rules of their own, and its schema file. The
 * criteria themselves live in src/rules. The table is read-only, so every
 * function is thread-safe and returned pointers live for the whole program.
 */
#include "tier/tier.h"

#include <assert.h>
#include <stddef.h>
#include <string.h>

#include "tier/date.h"

static const struct tier_info tiers[TIER_COUNT] = {
    /* 3 years (domain.md §1 [S5]). From 2026-04-01 the tier is merged into
     * 科技和创新型; Article 30 of the 2026 办法 keeps evaluating it under the 2022
     * Annex 1 rules until a merged standard is issued (§2b), hence has_2026 0. */
    {TIER_INNOVATIVE_SME, "innovative-sme", "创新型中小企业", "Innovative SME", 3, TIER_NONE,
     TIER_NONE, 0, "innovative-sme.xsd"},
    /* The database number is valid 1 year and re-evaluated every year; criteria
     * are 国科发政〔2017〕115号, unchanged by the 2026 办法 (Article 30) (§7). */
    {TIER_TECH_SME, "tech-sme", "科技型中小企业", "Technology-based SME", 1, TIER_NONE,
     TIER_NONE, 0, "tech-sme.xsd"},
    /* The 2026 base tier. Until the merged standard is issued its applicants
     * are judged by the 科技型 or 创新型 rules (Article 30, §2b), so it has no
     * rules of its own yet. Validity 3 years as the base tier (§1 [S5]). */
    {TIER_TECH_INNOVATIVE_SME, "tech-innovative-sme", "科技和创新型中小企业",
     "Technology-based and innovative SME", 3, TIER_NONE, TIER_NONE, 0,
     "tech-innovative-sme.xsd"},
    /* 3 years (§1 [S1][S7]). Whether 创新型 was a formal prerequisite in 2022 is
     * UNCONFIRMED (§1), so none is enforced; the 2026 rules require a valid
     * 科技和创新型 title (2026 Annex 1 #1, §3b). */
    {TIER_SPECIALIZED_SME, "specialized-sme", "专精特新中小企业",
     "Specialized, refined, distinctive and innovative SME", 3, TIER_NONE,
     TIER_TECH_INNOVATIVE_SME, 1, "specialized-sme.xsd"},
    /* 3 years (§1 [S1]). Needs a valid 专精特新 title under both rule sets
     * (§4a from 3P summaries, §4b 2026 Annex 2 #0). */
    {TIER_LITTLE_GIANT, "little-giant", "专精特新“小巨人”企业",
     "Specialized and sophisticated 'little giant'", 3, TIER_SPECIALIZED_SME,
     TIER_SPECIALIZED_SME, 1, "little-giant.xsd"},
    /* 3 years (§1 [S9]); its own measures (工信部政法〔2023〕138号), not 63号. */
    {TIER_SINGLE_CHAMPION, "single-champion", "制造业单项冠军",
     "Manufacturing single-product champion", 3, TIER_NONE, TIER_NONE, 0,
     "single-champion.xsd"},
    /* Validity UNCONFIRMED (domain.md §1, §8a: nothing found); 3 assumed as for
     * the other MIIT tiers until the official notice says otherwise. */
    {TIER_LEADING, "leading", "制造业领航企业", "Manufacturing leading enterprise", 3, TIER_NONE,
     TIER_NONE, 0, "leading.xsd"},
    /* 3 years from the certificate date (§6 [S29]); 国科发火〔2016〕32号. */
    {TIER_HIGH_TECH, "high-tech", "高新技术企业", "High-tech enterprise", 3, TIER_NONE,
     TIER_NONE, 0, "high-tech.xsd"},
    /* Shandong, 鲁工信发〔2020〕8号. Validity UNCONFIRMED (domain.md §1); 3 assumed. */
    {TIER_GAZELLE, "gazelle", "瞪羚企业", "Gazelle enterprise (Shandong)", 3, TIER_NONE,
     TIER_NONE, 0, "gazelle.xsd"},
    /* Shandong, 鲁工信发〔2020〕8号. Validity UNCONFIRMED (domain.md §1); 3 assumed. */
    {TIER_UNICORN, "unicorn", "独角兽企业", "Unicorn enterprise (Shandong)", 3, TIER_NONE,
     TIER_NONE, 0, "unicorn.xsd"},
};

const struct tier_info *tier_get(enum tier_id id)
{
    if ((int)id < 0 || (int)id >= TIER_COUNT)
        return NULL;
    assert(tiers[id].id == id);
    return &tiers[id];
}

const struct tier_info *tier_by_code(const char *code)
{
    int i;

    if (code == NULL)
        return NULL;
    for (i = 0; i < TIER_COUNT; i++) {
        if (strcmp(tiers[i].code, code) == 0)
            return &tiers[i];
    }
    return NULL;
}

enum rule_set rule_set_for_date(int y, int m, int d)
{
    if (!date_valid(y, m, d))
        return RULESET_NONE;
    /* 工信部企业〔2026〕2号 takes effect 2026-04-01 and replaces 63号 (domain.md,
     * "Most important finding"). */
    if (y > 2026 || (y == 2026 && m >= 4))
        return RULESET_2026;
    return RULESET_2022;
}

const char *rule_set_name(enum rule_set rs)
{
    switch (rs) {
    case RULESET_2022:
        return "2022";
    case RULESET_2026:
        return "2026";
    case RULESET_NONE:
        break;
    }
    return NULL;
}

enum rule_set rule_set_by_name(const char *s)
{
    if (s == NULL)
        return RULESET_NONE;
    if (strcmp(s, "2022") == 0)
        return RULESET_2022;
    if (strcmp(s, "2026") == 0)
        return RULESET_2026;
    return RULESET_NONE;
}
