/*
 * policy_2026.c — the thresholds and citations of rule set 2026: the measures
 * 优质中小企业梯度培育管理办法 (工信部企业〔2026〕2号), in force from 2026-04-01
 * (domain.md §2b, §3b, §4b).
 *
 * Everything here comes from third-party summaries dated 2026 that quote the
 * official text; domain.md §15 asks that the figures be checked against the
 * official PDF. When they are, this file is the one place to change.
 * Tiers the 2026 measures do not touch (高企, 科技型, 单项冠军, 瞪羚, 独角兽, 领航)
 * keep their tables in policy_2022.c; the 2026 rule set uses those unchanged.
 * Constant data only; shared by all threads.
 */
#include "rules_int.h"

#define D2 "优质中小企业梯度培育管理办法(工信部企业〔2026〕2号)"

/* 科技和创新型中小企业: until a merged standard is issued, 科技型 firms are
 * evaluated under 115号 and 创新型 firms under 63号 附件1 (第三十条). */
const struct policy_tisme POLICY_TISME_2026 = {
    .qualify = { "TISME-QUALIFY",
                 D2 " 第三十条 (过渡期: 科技型中小企业评价办法或创新型中小企业评价标准之一)" },
};

/* 专精特新中小企业: 2号 附件1 (domain.md §3b). */
const struct policy_ssme26 POLICY_SSME_2026 = {
    .sme_size = { "SSME26-SME-SIZE", D2 " 附件1 (中小企业划型标准)" },
    .credit = { "SSME26-CREDIT", D2 " 附件1 申报条件 (未被列入经营异常名录或严重失信主体名单)" },
    .prereq = { "SSME26-PREREQ", D2 " 附件1 第(一)项 有效期内的科技和创新型中小企业" },
    .niche_years = { "SSME26-NICHE-YEARS",
                     D2 " 附件1 第(二)项 截至上年末从事特定细分市场时间达到3年以上" },
    .min_niche_years = 3,
    .scale = { "SSME26-SCALE",
               D2 " 附件1 第(三)项 上年度营业收入不低于1500万元, "
               "或近2年新增股权融资不低于2000万元" },
    .min_revenue_fen = 1500 * FEN_WAN,
    .scale_equity_fen = 2000 * FEN_WAN,
    .scale_equity_years = 2,
    .main_share = { "SSME26-MAIN-SHARE", D2 " 附件1 第(四)项 主营业务收入占营业收入比重不低于80%" },
    .min_main_share_bp = 8000,
    .liability = { "SSME26-LIABILITY", D2 " 附件1 第(五)项 截至上年末资产负债率不高于80%" },
    .max_liability_bp = 8000,
    .rd_amount = { "SSME26-RD-AMOUNT", D2 " 附件1 第(六)项 近2年每年研发费用不低于100万元" },
    .rd_ratio = { "SSME26-RD-RATIO", D2 " 附件1 第(六)项 近2年每年研发费用占营业收入比重不低于3%" },
    .rd_years = 2,
    .min_rd_fen = 100 * FEN_WAN,
    .min_rd_bp = 300,
    .ip_count = { "SSME26-IP-COUNT",
                  D2 " 附件1 第(七)项 拥有1项以上与主导产品相关的Ⅰ类知识产权 "
                  "(省部级以上科技奖励前三名或研发机构可免)" },
    .ip_use = { "SSME26-IP-USE", D2 " 附件1 第(七)项 知识产权实际应用并已产生经济效益" },
    .min_type1_ip = 1, .waiver_award_years = 3, .waiver_award_top = 3,
    .market = { "SSME26-MARKET",
                D2 " 附件1 第(八)项 细分市场占有率较为靠前 (no number: reviewer)" },
    .platform_score = { "SSME26-PLATFORM-SCORE",
                        D2 " 附件1 第(九)项 专精特新发展评价得分50分以上 "
                        "(工信厅企业〔2024〕75号)" },
    .min_platform_cp = 5000,
};

/* 专精特新"小巨人": 2号 附件2 (domain.md §4b) and the 2026 notice's screening
 * rules (工信厅企业函〔2026〕117号). */
const struct policy_lg26 POLICY_LG_2026 = {
    .prereq = { "LG26-PREREQ", D2 " 附件2 有效期内的专精特新中小企业" },
    .no_champion = { "LG26-NO-CHAMPION",
                     "工信厅企业函〔2026〕117号 已获单项冠军称号的企业不再推荐" },
    .fraud_ban = { "LG26-FRAUD-BAN",
                   "工信厅企业函〔2026〕117号 数据造假撤销称号的企业3年内不得再次申请" },
    .group = { "LG26-GROUP",
               "工信厅企业函〔2026〕117号 与已认定小巨人存在控股关系或同一集团同类产品的不予推荐" },
    .niche_years = { "LG26-NICHE-YEARS", D2 " 附件2 第1项 从事特定细分市场时间达到3年以上" },
    .min_niche_years = 3,
    .revenue = { "LG26-REVENUE", D2 " 附件2 第2项 上年度营业收入不低于5000万元" },
    .min_revenue_fen = 5000 * FEN_WAN,
    .main_share = { "LG26-MAIN-SHARE", D2 " 附件2 第2项 主营业务收入占营业收入比重不低于90%" },
    .min_main_share_bp = 9000,
    .growth = { "LG26-GROWTH",
                D2 " 附件2 第2项 近2年营业收入复合增长率不低于5% (复核企业不作要求)" },
    .min_cagr_pct = 5,
    .liability = { "LG26-LIABILITY", D2 " 附件2 第2项 截至上年末资产负债率不高于75%" },
    .max_liability_bp = 7500,
    .rd_amount = { "LG26-RD-AMOUNT", D2 " 附件2 第3项 近2年研发费用总额不低于1200万元" },
    .rd_ratio = { "LG26-RD-RATIO", D2 " 附件2 第3项 近2年每年研发费用占营业收入比重不低于3%" },
    .min_rd_total_fen = 1200 * FEN_WAN,
    .min_rd_bp = 300,
    .ip_count = { "LG26-IP-COUNT",
                  D2 " 附件2 第4项 拥有4项以上与主导产品相关的Ⅰ类知识产权 (非受让, 权利人前三; "
                  "国家级科技奖励前三名可免)" },
    .ip_use = { "LG26-IP-USE", D2 " 附件2 第4项 知识产权实际应用并已产生经济效益" },
    .min_type1_ip = 4, .max_holder_rank = 3, .waiver_award_years = 3, .waiver_award_top = 3,
    .market = { "LG26-MARKET", D2 " 附件2 第5项 细分市场占有率10%以上或国内前3 (企业自述)" },
    .min_market_share_bp = 1000, .max_market_rank = 3,
    .field = { "LG26-FIELD", D2 " 附件2 第6项 主导产品属于六基领域或产业链关键环节" },
    .platform_score = { "LG26-PLATFORM-SCORE", D2 " 附件2 第7项 专精特新发展评价得分60分以上" },
    .min_platform_cp = 6000,
};
