/*
 * policy_2022.c — the thresholds and citations of rule set 2022: the interim
 * measures 优质中小企业梯度培育管理暂行办法 (工信部企业〔2022〕63号, Annexes 1–3),
 * and the tiers' own measures that were in force before 2026-04-01 and that the
 * 2026 measures leave unchanged (高新技术企业 2016, 科技型中小企业 2017,
 * 单项冠军 2023, Shandong 瞪羚/独角兽). Sources and their quality are in
 * domain.md; every figure below is quoted from there.
 *
 * A policy change is a change to one initializer here. The evaluators in
 * rules_<tier>.c hold no numbers of their own. Constant data only: nothing
 * here changes at run time, so it is shared by all threads.
 */
#include "rules_int.h"

#define D63 "优质中小企业梯度培育管理暂行办法(工信部企业〔2022〕63号)"
#define D115 "科技型中小企业评价办法(国科发政〔2017〕115号)"
#define DHT "高新技术企业认定管理办法(国科发火〔2016〕32号)"
#define DSC "制造业单项冠军企业认定管理办法(工信部政法〔2023〕138号)"
#define DGZ                                                                        \
    "山东省瞪羚、独角兽企业认定管理办法(鲁工信发〔2020〕8号; 瞪羚 criteria from a " \
    "reprinted notice, link UNCONFIRMED)"
#define DUN "山东省独角兽企业评审标准(2018)"
/* 领航: no published criteria; each threshold is a tierd.conf key. */
#define DLEAD(key) "制造业领航企业 (no published criteria): the configured threshold " key

const struct policy_common POLICY_COMMON = {
    .uscc_check = { "USCC-CHECK",
                    "GB 32100-2015 统一社会信用代码 校验码; GB 11714 组织机构代码校验码" },
    .uscc_enterprise = { "USCC-ENTERPRISE",
                         "GB 32100-2015 登记管理部门代码 9, 机构类别代码 1 (企业)" },
    .uscc_division = { "USCC-DIVISION",
                       "GB 32100-2015 第3–8位 GB/T 2260 行政区划码 (山东 37xxxx)" },
    /* 中小企业划型标准规定 (工信部联企业〔2011〕300号), the upper SME limits
     * (domain.md §11, settled): 工业 = GB/T 4754 sections B–D (divisions
     * 06–46); 软件和信息技术服务业 = division 65. The defaults of the
     * sme-* configuration keys (sme_size_policy_set). */
    .sme_size = {
        .n = 2,
        .rows = {
            { 6, 46, "工业", 1000, 4 * FEN_YI },
            { 65, 65, "软件和信息技术服务业", 300, 1 * FEN_YI },
        },
    },
};

/* 创新型中小企业: 63号 附件1 (domain.md §2a). */
const struct policy_isme POLICY_ISME_2022 = {
    .sme_size = { "ISME-SME-SIZE",
                  D63 " 附件1 申报条件 (中小企业划型标准 工信部联企业〔2011〕300号)" },
    .credit = { "ISME-CREDIT", D63 " 附件1 申报条件 (未被列入经营异常名录或严重失信主体名单)" },
    .products = { "ISME-PRODUCTS", D63 " 附件1 申报条件 (不属于禁止、限制或淘汰类)" },
    .qualify = { "ISME-QUALIFY", D63 " 附件1 评价标准 (直通条件之一或评分达到60分)" },
    .score = { "ISME-SCORE", D63 " 附件1 创新型中小企业评价指标 (100分)" },
    .direct_award = { "ISME-DIRECT-AWARD",
                      D63 " 附件1 直通条件(一) 近三年内获得国家级、省级科技奖励" },
    .direct_honour = { "ISME-DIRECT-HONOUR",
                       D63 " 附件1 直通条件(二) 有效期内的高新技术企业等荣誉" },
    .direct_institution = { "ISME-DIRECT-INSTITUTION",
                            D63 " 附件1 直通条件(三) 省部级以上研发机构" },
    .direct_equity = { "ISME-DIRECT-EQUITY",
                       D63 " 附件1 直通条件(四) 近三年新增股权融资500万元以上" },
    .award_years = 3,
    .equity_min_fen = 500 * FEN_WAN,
    .equity_years = 3,
    .transfer_grace_years = 1,
    .min_total = 60, .min_innovation = 20, .min_growth = 15, .min_special = 15,
    .ip_high_value_pts = 20, .ip_own1_pts = 15, .ip_1_pts = 10, .ip_2_pts = 5,
    .rd_bands = { BAND_GE, 4, { { 500, 20 }, { 300, 15 }, { 200, 10 }, { 100, 5 } } },
    .growth_bands = { BAND_GE, 4, { { 15, 20 }, { 10, 15 }, { 5, 10 }, { 0, 5 } } },
    .liab_bands = { BAND_LE, 2, { { 5500, 10 }, { 7500, 5 } } },
    .field_strategic_pts = 10, .field_other_pts = 5,
    .main_share_bands = { BAND_GE, 4, { { 7000, 20 }, { 6000, 15 }, { 5500, 10 }, { 5000, 5 } } },
};

/* 科技型中小企业: 115号 (domain.md §7). */
const struct policy_tsme POLICY_TSME_2017 = {
    .employees = { "TSME-EMPLOYEES", D115 " 第六条(二) 职工总数不超过500人" },
    .sales = { "TSME-SALES", D115 " 第六条(二) 年销售收入不超过2亿元" },
    .assets = { "TSME-ASSETS", D115 " 第六条(二) 资产总额不超过2亿元" },
    .clean = { "TSME-CLEAN", D115 " 第六条(四) 上一年度至当年未发生重大安全、质量事故等" },
    .products = { "TSME-PRODUCTS", D115 " 第六条(三) 不属于禁止、限制和淘汰类" },
    .max_employees = 500,
    .max_sales_fen = 2 * FEN_YI,
    .max_assets_fen = 2 * FEN_YI,
    .qualify = { "TSME-QUALIFY",
                 D115 " 第六条(五), 第八条 (评分不低于60分且科技人员指标不为0分, 或直接确认)" },
    .score = { "TSME-SCORE", D115 " 第七条 附件 科技型中小企业评价指标 (100分)" },
    .direct_hightech = { "TSME-DIRECT-HIGHTECH", D115 " 第八条(一) 有效期内高新技术企业资格证书" },
    .direct_award = { "TSME-DIRECT-AWARD",
                      D115 " 第八条(二) 近五年内国家级科技奖励并在获奖单位中排在前三名" },
    .direct_institution = { "TSME-DIRECT-INSTITUTION",
                            D115 " 第八条(三) 经认定的省部级以上研发机构" },
    .direct_standard = { "TSME-DIRECT-STANDARD",
                         D115 " 第八条(四) 近五年内主导制定国际标准、国家标准或行业标准 (wording "
                         "UNCONFIRMED)" },
    .award_years = 5, .award_top = 3, .standard_years = 5,
    .min_total = 60,
    .staff_bands = { BAND_GE, 5,
                     { { 3000, 20 }, { 2500, 16 }, { 2000, 12 }, { 1500, 8 }, { 1000, 4 } } },
    .rd_sales_bands = { BAND_GE, 5,
                        { { 600, 50 }, { 500, 40 }, { 400, 30 }, { 300, 20 }, { 200, 10 } } },
    .rd_cost_bands = { BAND_GE, 5,
                       { { 3000, 50 }, { 2500, 40 }, { 2000, 30 }, { 1500, 20 }, { 1000, 10 } } },
    .ip_1_pts = 30,
    .ip_2_bands = { BAND_GE, 4, { { 4, 24 }, { 3, 18 }, { 2, 12 }, { 1, 6 } } },
};

/* 专精特新中小企业: 63号 附件2 (domain.md §3a). The score sheet is from a 3P
 * implementation that matches the annex as recalled; verify the bands. */
const struct policy_ssme22 POLICY_SSME_2022 = {
    .sme_size = { "SSME22-SME-SIZE", D63 " 附件2 (中小企业划型标准 工信部联企业〔2011〕300号)" },
    .credit = { "SSME22-CREDIT", D63 " 附件2 申报条件 (未被列入经营异常名录或严重失信主体名单)" },
    .prereq = { "SSME22-PREREQ",
                D63 " 附件2 (有效期内的创新型中小企业称号; 是否为正式前提条件 UNCONFIRMED)" },
    .niche_years = { "SSME22-NICHE-YEARS", D63 " 附件2 第(一)项 从事特定细分市场时间达到2年以上" },
    .min_niche_years = 2,
    .rd_amount = { "SSME22-RD-AMOUNT", D63 " 附件2 第(二)项 上年度研发费用总额不低于100万元" },
    .rd_ratio = { "SSME22-RD-RATIO", D63 " 附件2 第(二)项 研发费用占营业收入比重不低于3%" },
    .min_rd_fen = 100 * FEN_WAN,
    .min_rd_bp = 300,
    .scale = { "SSME22-SCALE",
               D63 " 附件2 第(三)项 上年度营业收入不低于1000万元, "
               "或近2年新增股权融资不低于2000万元" },
    .min_revenue_fen = 1000 * FEN_WAN,
    .scale_equity_fen = 2000 * FEN_WAN,
    .scale_equity_years = 2,
    .qualify = { "SSME22-QUALIFY", D63 " 附件2 第(四)项 评价得分达到60分以上或满足直通条件之一" },
    .score = { "SSME22-SCORE",
               D63 " 附件2 专精特新中小企业评价指标 (专业化25, 精细化25, 特色化15, 创新能力35)" },
    .min_score = 60,
    .transfer_grace_years = 1,
    .special_block_pts = 15,
    .direct_award = { "SSME22-DIRECT-AWARD",
                      D63 " 附件2 第(四)项 直通条件1 "
                      "近三年省级科技奖励前三名或国家级科技奖励前五名" },
    .direct_rd = { "SSME22-DIRECT-RD",
                   D63 " 附件2 第(四)项 直通条件2 近两年研发费用总额均值1000万元以上" },
    .direct_equity = { "SSME22-DIRECT-EQUITY",
                       D63 " 附件2 第(四)项 直通条件3 近两年新增股权融资6000万元以上" },
    .direct_maker = { "SSME22-DIRECT-MAKER",
                      D63 " 附件2 第(四)项 直通条件4 近三年创客中国大赛全国500强企业组名单" },
    .award_years = 3, .prov_award_top = 3, .nat_award_top = 5,
    .direct_rd_avg_fen = 1000 * FEN_WAN,
    .direct_equity_fen = 6000 * FEN_WAN,
    .direct_equity_years = 2,
    .maker_years = 3, .maker_top = 500,
    .niche_pts_per_2y = 1, .niche_pts_max = 5,
    .main_share_bands = { BAND_GE, 3, { { 8000, 5 }, { 7000, 3 }, { 6000, 1 } } },
    .growth_bands = { BAND_GE, 5, { { 10, 10 }, { 8, 8 }, { 6, 6 }, { 4, 4 }, { 0, 2 } } },
    .field_chain_pts = 5, .field_liuji_pts = 3,
    .digital_bands = { BAND_GE, 2, { { 3, 5 }, { 2, 3 } } },
    .quality_pts_per_item = 3, .quality_pts_max = 5,
    .margin_bands = { BAND_GE, 5,
                      { { 1000, 10 }, { 800, 8 }, { 600, 6 }, { 400, 4 }, { 200, 2 } } },
    .liab_bands = { BAND_LT, 3, { { 5000, 5 }, { 6000, 3 }, { 7000, 1 } } },
    .ip_high_value_pts = 10, .ip_own1_pts = 8, .ip_1_pts = 6, .ip_2_pts = 2,
    .rd_amount_bands = { BAND_GE, 5,
                         { { 500, 10 }, { 400, 8 }, { 300, 6 }, { 200, 4 }, { 100, 2 } } },
    .rd_ratio_bands = { BAND_GE, 5,
                        { { 1000, 10 }, { 800, 8 }, { 600, 6 }, { 400, 4 }, { 300, 2 } } },
    .rd_staff_bands = { BAND_GE, 3, { { 2000, 5 }, { 1000, 3 }, { 500, 1 } } },
    .inst_national_pts = 10, .inst_provincial_pts = 8, .inst_city_pts = 4, .inst_below_pts = 2,
};

/* 专精特新"小巨人": 63号 附件3 (domain.md §4a). */
const struct policy_lg22 POLICY_LG_2022 = {
    .prereq = { "LG22-PREREQ",
                D63 " 第三章 (小巨人从专精特新中小企业中培育; as a formal 2022 condition "
                "UNCONFIRMED)" },
    .prereq_confirmed = 0,
    .niche_years = { "LG22-NICHE-YEARS", D63 " 附件3 专业化指标 从事特定细分市场时间达到3年以上" },
    .min_niche_years = 3, .exception_niche_years = 2,
    .main_share = { "LG22-MAIN-SHARE",
                    D63 " 附件3 专业化指标 主营业务收入占营业收入比重不低于70%" },
    .min_main_share_bp = 7000,
    .growth = { "LG22-GROWTH", D63 " 附件3 专业化指标 近2年主营业务收入平均增长率不低于5%" },
    .min_avg_growth_pct = 5,
    .it = { "LG22-IT", D63 " 附件3 精细化指标 至少1项核心业务采用信息系统支撑" },
    .min_it_processes = 1,
    .cert = { "LG22-CERT", D63 " 附件3 精细化指标 取得管理体系认证或产品通过发达国家和地区认证" },
    .liability = { "LG22-LIABILITY", D63 " 附件3 精细化指标 截至上年末资产负债率不高于70%" },
    .max_liability_bp = 7000,
    .market = { "LG22-MARKET", D63 " 附件3 特色化指标 主导产品在全国细分市场占有率达到10%以上" },
    .min_market_share_bp = 1000,
    .brand = { "LG22-BRAND", D63 " 附件3 特色化指标 拥有直接面向市场并具有竞争优势的自主品牌" },
    .innovation = { "LG22-INNOVATION", D63 " 附件3 创新能力指标 (一般条件同时满足或直通条件之一)" },
    .rd_intensity = { "LG22-RD-INTENSITY", D63 " 附件3 创新能力指标(一) 研发投入按营业收入分档" },
    .rd_high_revenue_fen = 1 * FEN_YI, .rd_mid_revenue_fen = 5000 * FEN_WAN,
    .rd_high_bp = 300, .rd_mid_bp = 600,
    .small_equity_fen = 8000 * FEN_WAN, .small_rd_total_fen = 3000 * FEN_WAN,
    .small_equity_years = 2, .small_rd_staff_bp = 5000,
    .rd_institution = { "LG22-RD-INSTITUTION",
                        D63 " 附件3 创新能力指标(二) 自建或与高校、科研机构联合建立研发机构" },
    .ip_count = { "LG22-IP-COUNT",
                  D63 " 附件3 创新能力指标(三) 拥有2项以上与主导产品相关的Ⅰ类知识产权" },
    .ip_use = { "LG22-IP-USE", D63 " 附件3 创新能力指标(三) 知识产权实际应用并已产生经济效益" },
    .min_type1_ip = 2,
    .direct_award = { "LG22-DIRECT-AWARD",
                      D63 " 附件3 创新能力直通条件 近三年国家级科技奖励前三名 (UNCONFIRMED)" },
    .direct_maker = { "LG22-DIRECT-MAKER",
                      D63 " 附件3 创新能力直通条件 近三年创客中国全国50强 (UNCONFIRMED)" },
    .award_years = 3, .award_top = 3, .maker_years = 3, .maker_top = 50,
    .chain = { "LG22-CHAIN",
               D63 " 附件3 产业链配套指标 (补短板、锻长板、填空白; wording UNCONFIRMED)" },
    .field = { "LG22-FIELD", D63 " 附件3 主导产品所属领域指标 (wording UNCONFIRMED)" },
};

/* 高新技术企业: 国科发火〔2016〕32号 第十一条, 工作指引 国科发火〔2016〕195号 (domain.md §6). */
const struct policy_ht POLICY_HT_2016 = {
    .age = { "HT-AGE", DHT " 第十一条(一) 申请认定时须注册成立一年以上" },
    .min_age_years = 1,
    .core_ip = { "HT-CORE-IP",
                 DHT " 第十一条(二) 拥有对主要产品(服务)在技术上发挥核心支持作用的知识产权" },
    .field = { "HT-FIELD", DHT " 第十一条(三) 属于《国家重点支持的高新技术领域》规定的范围" },
    .staff = { "HT-STAFF", DHT " 第十一条(四) 科技人员占当年职工总数的比例不低于10%" },
    .min_staff_bp = 1000,
    .rd_intensity = { "HT-RD-INTENSITY", DHT " 第十一条(五)" },
    .rd_years = 3,
    .small_sales_fen = 5000 * FEN_WAN, .mid_sales_fen = 2 * FEN_YI,
    .small_bp = 500, .mid_bp = 400, .large_bp = 300,
    .rd_domestic = { "HT-RD-DOMESTIC",
                     DHT " 第十一条(五) "
                     "在中国境内发生的研究开发费用总额占全部研究开发费用总额的比例不低于60%" },
    .min_domestic_bp = 6000,
    .ht_income = { "HT-HT-INCOME",
                   DHT " 第十一条(六) "
                   "近一年高新技术产品(服务)收入占企业同期总收入的比例不低于60%" },
    .min_ht_income_bp = 6000,
    .score = { "HT-SCORE",
               DHT " 第十一条(七) 企业创新能力评价应达到相应要求 (70分以上; '>70' vs '>=70' "
               "UNCONFIRMED)" },
    .score_edge = 70,
    .score_edge_passes = -1, /* domain.md §15: set 0 (">70") or 1 (">=70") once confirmed */
    .clean = { "HT-CLEAN",
               DHT " 第十一条(八) 申请认定前一年内未发生重大安全、重大质量事故或严重环境违法行为" },
    .credit = { "HT-CREDIT", DHT " 第十一条(八); 工作指引 (失信、税收违法)" },
};

/* 制造业单项冠军: 138号 附件1, 第十条–第十三条 (domain.md §5b). */
const struct policy_sc POLICY_SC_2023 = {
    .manufacturing = { "SC-MANUFACTURING", DSC " 第二条 (制造业企业; GB/T 4754-2017 门类C 13–43)" },
    .years = { "SC-YEARS", DSC " 附件1 从事相关业务领域时间达到10年以上 (新产品5年以上)" },
    .min_years = 10, .min_years_new_product = 5,
    .revenue = { "SC-REVENUE",
                 DSC " 附件1 近三年主营业务收入平均不低于4亿元 (reading UNCONFIRMED)" },
    .min_avg_main_revenue_fen = 4 * FEN_YI,
    .relief_avg_main_revenue_fen = 2 * FEN_YI,
    .revenue_years = 3,
    .market = { "SC-MARKET", DSC " 附件1 单项产品市场占有率位居全球前3位" },
    .max_global_rank = 3,
    .tech = { "SC-TECH", DSC " 附件1 技术水平国际先进, 关键性能指标处于领先" },
    .energy = { "SC-ENERGY", DSC " 附件1 主导产品能效达到行业能耗限额标准先进值" },
    .innovation = { "SC-INNOVATION",
                    DSC " 附件1 创新能力 (高水平研发机构, 研发强度与专利数量行业领先)" },
    .clean = { "SC-CLEAN", DSC " 第十三条 重大安全、质量、环境事故, 严重失信, 偷税漏税" },
    .fraud_ban = { "SC-FRAUD-BAN", DSC " 第十三条 弄虚作假撤销称号, 3年内不得再次申请" },
};

/* Shandong 瞪羚 (domain.md §8b). */
const struct policy_gazelle POLICY_GAZELLE_2020 = {
    .shandong = { "GAZ-SHANDONG", DGZ " 在山东省内注册, 具有独立法人资格" },
    .sector = { "GAZ-SECTOR", DGZ " 战略性新兴产业、十强产业、工业四基或“四新”领域" },
    .years = { "GAZ-YEARS", DGZ " 连续经营3个完整会计年度以上" },
    .liability = { "GAZ-LIABILITY", DGZ " 资产负债率低于70%" },
    .listed = { "GAZ-LISTED", DGZ " 未在证券交易所上市, 未被上市公司控股" },
    .growth = { "GAZ-GROWTH", DGZ " 近2年营业收入或净利润年均复合增长率按营业收入分档" },
    .rd = { "GAZ-RD", DGZ " 近2年研发投入占营业收入比重按营业收入分档" },
    .ip = { "GAZ-IP",
            DGZ " 发明专利2项以上, 或实用新型及软件著作权8项以上, 或主导制定标准1项以上" },
    .credit = { "GAZ-CREDIT", DGZ " 第三方信用评价得分75分以上" },
    .min_full_years = 3,
    .max_liability_bp = 7000,
    .n_growth_bands = 4,
    .growth_bands = {
        { 4 * FEN_YI + 1, 10 },   /* > 4亿 */
        { 1 * FEN_YI, 15 },       /* 1亿–4亿 (4亿 inclusive) */
        { 2000 * FEN_WAN, 20 },   /* 2000万–1亿 */
        { 1000 * FEN_WAN, 25 },   /* 1000万–2000万 */
    },
    .rd_high_revenue_fen = 1 * FEN_YI,
    .rd_high_bp = 250, .rd_low_bp = 500,
    .rd_years = 2,
    .min_inventions = 2, .min_utility_software = 8, .min_led_standards = 1,
    .min_credit_cp = 7500,
};

/* Shandong 独角兽 (domain.md §8c; whether 8号文 changed the figures is UNCONFIRMED). */
const struct policy_unicorn POLICY_UNICORN_2018 = {
    .shandong = { "UNI-SHANDONG", DUN " 在山东省内注册, 经营主体在山东" },
    .age = { "UNI-AGE", DUN " 成立不超过10年 (转入“四新”领域的自转入之日起算)" },
    .equity = { "UNI-EQUITY", DUN " 获得过私募投资且实际到位 (不含原始控制人投资)" },
    .listed = { "UNI-LISTED", DUN " 尚未上市" },
    .valuation = { "UNI-VALUATION", DUN " 估值超过10亿美元 (准独角兽超过1亿美元)" },
    .field = { "UNI-FIELD", DUN " 新技术、新模式、新业态、新产业" },
    .credit = { "UNI-CREDIT", DUN " 信用评价得分73分以上" },
    .max_age_years = 10,
    .min_valuation_usd_cents = INT64_C(1000000000) * 100,
    .min_valuation_quasi_usd_cents = INT64_C(100000000) * 100,
    .min_credit_cp = 7300,
};

/* 制造业领航企业: no published criteria; every rule is configurable and at most
 * needs-review (domain.md §8a, §15). */
const struct policy_leading POLICY_LEADING = {
    .criteria = { "LEAD-CRITERIA", "制造业领航企业 (no published MIIT criteria; UNCONFIRMED)" },
    .revenue = { "LEAD-REVENUE", DLEAD("leading-min-revenue") },
    .rd = { "LEAD-RD", DLEAD("leading-min-rd-bp") },
    .years = { "LEAD-YEARS", DLEAD("leading-min-years") },
    .ip = { "LEAD-IP", DLEAD("leading-min-type1-ip") },
    .liability = { "LEAD-LIABILITY", DLEAD("leading-max-liability-bp") },
};
