/*
 * sources.c — where each rule comes from (include/tier/rules.h: rule_source):
 * the clause it cites (the measure by name and number, the article or annex
 * item, from the policy tables), the rule sets that apply it, and the
 * configuration keys that set its threshold when no official figure is known.
 *
 * One row per rule id, sorted by id (bsearch), pointing into the policy
 * tables (policy_2022.c, policy_2026.c), so the clause is the one findings
 * carry. docs/criteria.md's table of every rule is made from these rows
 * (`make docs`); test_criteria_doc checks that every rule id has a row here
 * and that the committed table is current. Constant data, shared by all
 * threads.
 */
#include "rules_int.h"

#include <stdlib.h>
#include <string.h>

/* The rule sets that apply a rule. The 2026 rule set keeps the tiers the 2026
 * measures leave alone (高企, 单项冠军, 瞪羚, 独角兽, 领航), and judges 科技和创新型
 * by the 科技型 and 创新型 criteria during the transition (第三十条). */
#define B   "2022 2026"
#define S22 "2022"
#define S26 "2026"

/* Configuration keys (tierd.conf) that carry a threshold. */
#define LEAD_ALL                                                                    \
    "leading-min-revenue leading-min-rd-bp leading-min-years leading-min-type1-ip " \
    "leading-max-liability-bp"
#define SME_ALL                                                                 \
    "sme-industry-max-employees sme-industry-max-revenue sme-software-max-employees " \
    "sme-software-max-revenue"

struct source_row {
    const struct rule_ref *ref;
    const char *rule_sets;
    const char *config; /* NULL: the threshold is in the policy table */
};

static const struct source_row ROWS[] = {
    { &POLICY_GAZELLE_2020.credit, B, NULL },
    { &POLICY_GAZELLE_2020.growth, B, NULL },
    { &POLICY_GAZELLE_2020.ip, B, NULL },
    { &POLICY_GAZELLE_2020.liability, B, NULL },
    { &POLICY_GAZELLE_2020.listed, B, NULL },
    { &POLICY_GAZELLE_2020.rd, B, NULL },
    { &POLICY_GAZELLE_2020.sector, B, NULL },
    { &POLICY_GAZELLE_2020.shandong, B, NULL },
    { &POLICY_GAZELLE_2020.years, B, NULL },
    { &POLICY_HT_2016.age, B, NULL },
    { &POLICY_HT_2016.clean, B, NULL },
    { &POLICY_HT_2016.core_ip, B, NULL },
    { &POLICY_HT_2016.credit, B, NULL },
    { &POLICY_HT_2016.field, B, NULL },
    { &POLICY_HT_2016.ht_income, B, NULL },
    { &POLICY_HT_2016.rd_domestic, B, NULL },
    { &POLICY_HT_2016.rd_intensity, B, NULL },
    { &POLICY_HT_2016.score, B, NULL },
    { &POLICY_HT_2016.staff, B, NULL },
    { &POLICY_ISME_2022.credit, B, NULL },
    { &POLICY_ISME_2022.direct_award, B, NULL },
    { &POLICY_ISME_2022.direct_equity, B, NULL },
    { &POLICY_ISME_2022.direct_honour, B, NULL },
    { &POLICY_ISME_2022.direct_institution, B, NULL },
    { &POLICY_ISME_2022.products, B, NULL },
    { &POLICY_ISME_2022.qualify, B, NULL },
    { &POLICY_ISME_2022.score, B, NULL },
    { &POLICY_ISME_2022.sme_size, B, SME_ALL },
    { &POLICY_LEADING.criteria, B, LEAD_ALL },
    { &POLICY_LEADING.ip, B, "leading-min-type1-ip" },
    { &POLICY_LEADING.liability, B, "leading-max-liability-bp" },
    { &POLICY_LEADING.rd, B, "leading-min-rd-bp" },
    { &POLICY_LEADING.revenue, B, "leading-min-revenue" },
    { &POLICY_LEADING.years, B, "leading-min-years" },
    { &POLICY_LG_2022.brand, S22, NULL },
    { &POLICY_LG_2022.cert, S22, NULL },
    { &POLICY_LG_2022.chain, S22, NULL },
    { &POLICY_LG_2022.direct_award, S22, NULL },
    { &POLICY_LG_2022.direct_maker, S22, NULL },
    { &POLICY_LG_2022.field, S22, NULL },
    { &POLICY_LG_2022.growth, S22, NULL },
    { &POLICY_LG_2022.innovation, S22, NULL },
    { &POLICY_LG_2022.ip_count, S22, NULL },
    { &POLICY_LG_2022.ip_use, S22, NULL },
    { &POLICY_LG_2022.it, S22, NULL },
    { &POLICY_LG_2022.liability, S22, NULL },
    { &POLICY_LG_2022.main_share, S22, NULL },
    { &POLICY_LG_2022.market, S22, NULL },
    { &POLICY_LG_2022.niche_years, S22, NULL },
    { &POLICY_LG_2022.prereq, S22, NULL },
    { &POLICY_LG_2022.rd_institution, S22, NULL },
    { &POLICY_LG_2022.rd_intensity, S22, NULL },
    { &POLICY_LG_2026.field, S26, NULL },
    { &POLICY_LG_2026.fraud_ban, S26, NULL },
    { &POLICY_LG_2026.group, S26, NULL },
    { &POLICY_LG_2026.growth, S26, NULL },
    { &POLICY_LG_2026.ip_count, S26, NULL },
    { &POLICY_LG_2026.ip_use, S26, NULL },
    { &POLICY_LG_2026.liability, S26, NULL },
    { &POLICY_LG_2026.main_share, S26, NULL },
    { &POLICY_LG_2026.market, S26, NULL },
    { &POLICY_LG_2026.niche_years, S26, NULL },
    { &POLICY_LG_2026.no_champion, S26, NULL },
    { &POLICY_LG_2026.platform_score, S26, NULL },
    { &POLICY_LG_2026.prereq, S26, NULL },
    { &POLICY_LG_2026.rd_amount, S26, NULL },
    { &POLICY_LG_2026.rd_ratio, S26, NULL },
    { &POLICY_LG_2026.revenue, S26, NULL },
    { &POLICY_SC_2023.clean, B, NULL },
    { &POLICY_SC_2023.energy, B, NULL },
    { &POLICY_SC_2023.fraud_ban, B, NULL },
    { &POLICY_SC_2023.innovation, B, NULL },
    { &POLICY_SC_2023.manufacturing, B, NULL },
    { &POLICY_SC_2023.market, B, NULL },
    { &POLICY_SC_2023.revenue, B, NULL },
    { &POLICY_SC_2023.tech, B, NULL },
    { &POLICY_SC_2023.years, B, NULL },
    { &POLICY_SSME_2022.credit, S22, NULL },
    { &POLICY_SSME_2022.direct_award, S22, NULL },
    { &POLICY_SSME_2022.direct_equity, S22, NULL },
    { &POLICY_SSME_2022.direct_maker, S22, NULL },
    { &POLICY_SSME_2022.direct_rd, S22, NULL },
    { &POLICY_SSME_2022.niche_years, S22, NULL },
    { &POLICY_SSME_2022.prereq, S22, NULL },
    { &POLICY_SSME_2022.qualify, S22, NULL },
    { &POLICY_SSME_2022.rd_amount, S22, NULL },
    { &POLICY_SSME_2022.rd_ratio, S22, NULL },
    { &POLICY_SSME_2022.scale, S22, NULL },
    { &POLICY_SSME_2022.score, S22, NULL },
    { &POLICY_SSME_2022.sme_size, S22, SME_ALL },
    { &POLICY_SSME_2026.credit, S26, NULL },
    { &POLICY_SSME_2026.ip_count, S26, NULL },
    { &POLICY_SSME_2026.ip_use, S26, NULL },
    { &POLICY_SSME_2026.liability, S26, NULL },
    { &POLICY_SSME_2026.main_share, S26, NULL },
    { &POLICY_SSME_2026.market, S26, NULL },
    { &POLICY_SSME_2026.niche_years, S26, NULL },
    { &POLICY_SSME_2026.platform_score, S26, NULL },
    { &POLICY_SSME_2026.prereq, S26, NULL },
    { &POLICY_SSME_2026.rd_amount, S26, NULL },
    { &POLICY_SSME_2026.rd_ratio, S26, NULL },
    { &POLICY_SSME_2026.scale, S26, NULL },
    { &POLICY_SSME_2026.sme_size, S26, SME_ALL },
    { &POLICY_TISME_2026.qualify, B, NULL },
    { &POLICY_TSME_2017.assets, B, NULL },
    { &POLICY_TSME_2017.clean, B, NULL },
    { &POLICY_TSME_2017.direct_award, B, NULL },
    { &POLICY_TSME_2017.direct_hightech, B, NULL },
    { &POLICY_TSME_2017.direct_institution, B, NULL },
    { &POLICY_TSME_2017.direct_standard, B, NULL },
    { &POLICY_TSME_2017.employees, B, NULL },
    { &POLICY_TSME_2017.products, B, NULL },
    { &POLICY_TSME_2017.qualify, B, NULL },
    { &POLICY_TSME_2017.sales, B, NULL },
    { &POLICY_TSME_2017.score, B, NULL },
    { &POLICY_UNICORN_2018.age, B, NULL },
    { &POLICY_UNICORN_2018.credit, B, NULL },
    { &POLICY_UNICORN_2018.equity, B, NULL },
    { &POLICY_UNICORN_2018.field, B, NULL },
    { &POLICY_UNICORN_2018.listed, B, NULL },
    { &POLICY_UNICORN_2018.shandong, B, NULL },
    { &POLICY_UNICORN_2018.valuation, B, NULL },
    { &POLICY_COMMON.uscc_check, B, NULL },
    { &POLICY_COMMON.uscc_division, B, NULL },
    { &POLICY_COMMON.uscc_enterprise, B, NULL },
};

#define NROWS (sizeof ROWS / sizeof ROWS[0])

static int cmp_row(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const struct source_row *)elem)->ref->id);
}

int rule_source(const char *rule_id, struct rule_source *out)
{
    const struct source_row *r;

    if (rule_id == NULL || out == NULL)
        return -1;
    r = bsearch(rule_id, ROWS, NROWS, sizeof ROWS[0], cmp_row);
    if (r == NULL)
        return -1;
    out->id = r->ref->id;
    out->clause = r->ref->clause;
    out->rule_sets = r->rule_sets;
    out->config = r->config != NULL ? r->config : "";
    return 0;
}

const char *rule_source_id_at(size_t i)
{
    return i < NROWS ? ROWS[i].ref->id : NULL;
}
