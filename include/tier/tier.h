/*
 * tier.h — the tiers of the cultivation ladder and the rule sets that judge
 * them (domain.md §1–§8). The codes are stable: they appear in XML, in the
 * database and in the API, and must never change.
 */
#ifndef TIER_TIER_H
#define TIER_TIER_H

enum tier_id {
    TIER_NONE = -1,
    TIER_INNOVATIVE_SME = 0, /* innovative-sme       创新型中小企业 */
    TIER_TECH_SME,           /* tech-sme             科技型中小企业 */
    TIER_TECH_INNOVATIVE_SME,/* tech-innovative-sme  科技和创新型中小企业 (2026) */
    TIER_SPECIALIZED_SME,    /* specialized-sme      专精特新中小企业 */
    TIER_LITTLE_GIANT,       /* little-giant         专精特新“小巨人”企业 */
    TIER_SINGLE_CHAMPION,    /* single-champion      制造业单项冠军 */
    TIER_LEADING,            /* leading              制造业领航企业 */
    TIER_HIGH_TECH,          /* high-tech            高新技术企业 */
    TIER_GAZELLE,            /* gazelle              瞪羚企业 (Shandong) */
    TIER_UNICORN,            /* unicorn              独角兽企业 (Shandong) */
    TIER_COUNT
};

enum rule_set {
    RULESET_NONE = 0,
    RULESET_2022 = 2022, /* 2022 interim measures (工信部企业〔2022〕63号) and the
                            tier's own measures where 63号 does not apply */
    RULESET_2026 = 2026, /* 2026 measures (工信部企业〔2026〕2号), from 2026-04-01 */
};

struct tier_info {
    enum tier_id id;
    const char *code;        /* stable code: "little-giant" */
    const char *name_zh;     /* 专精特新“小巨人”企业 (full-width quotes) */
    const char *name_en;     /* "Specialized and sophisticated 'little giant'" */
    int validity_years;      /* certificate validity; 1 for 科技型 */
    enum tier_id prereq_2022;/* tier that must be held under 2022 rules, or TIER_NONE */
    enum tier_id prereq_2026;/* tier that must be held under 2026 rules, or TIER_NONE */
    int has_2026;            /* 1 when the 2026 measures give this tier its own rules */
    const char *xsd;         /* schema file name under xsd/: "little-giant.xsd" */
};

/* The entry for a tier id; NULL for an id out of range. */
const struct tier_info *tier_get(enum tier_id id);

/* The entry for a stable code ("high-tech"), or NULL. */
const struct tier_info *tier_by_code(const char *code);

/* The rule set in force on a date given as y-m-d: RULESET_2026 from
 * 2026-04-01, RULESET_2022 before (domain.md, "Most important finding");
 * RULESET_NONE when y-m-d is not a valid date (date_valid). */
enum rule_set rule_set_for_date(int y, int m, int d);

/* "2022" / "2026" / NULL; and the reverse (RULESET_NONE when unknown). */
const char *rule_set_name(enum rule_set rs);
enum rule_set rule_set_by_name(const char *s);

#endif
