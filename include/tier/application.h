/*
 * application.h — one application for any tier, as typed plain data.
 *
 * The model is frozen (marker below): fields may be ADDED, never renamed or
 * removed; the rules module codes against this layout.
 *
 * ingest fills a `struct application` from a schema-valid XML document
 * (xsd/<tier>.xsd); rules read it. The struct holds exactly what the criteria
 * of domain.md §2–§8 and §13 need, and nothing else. It is plain data: no
 * pointers, fixed arrays with documented caps and a count beside each, so it
 * can be copied, zeroed and kept on the stack (about 100 KB; prefer heap or
 * static storage in threads with small stacks).
 *
 * "Not given" conventions (the document omitted an optional element):
 *   - amounts (int64_t *_fen, *_cents):  APP_FEN_NONE (INT64_MIN) — test before
 *     doing any arithmetic;
 *   - counts, ranks, scores, ratios:     APP_INT_NONE (-1);
 *   - dates:                             y == 0 (see APP_DATE_GIVEN);
 *   - yes/no facts:                      APP_UNSET (0), else APP_NO / APP_YES;
 *   - text:                              "" (empty string).
 * Array entries past their count are unspecified: never read them.
 * Every element comment below names the XML element (relative to the root
 * `application` of the tier's namespace; every element of a document is in
 * that one namespace) it comes from.
 *
 * Units: money in integer fen (1/100 yuan) unless the name says otherwise;
 * percentages in basis points (12.34% = 1234), exact: the XML allows at most
 * two decimals; scores in centi-points (62.5 points = 6250), exact likewise.
 */
#ifndef TIER_APPLICATION_H
#define TIER_APPLICATION_H

/* APPLICATION MODEL FROZEN */

#include <stdint.h>

#include "tier/date.h"
#include "tier/tier.h"

/* Caps. The schemas carry the same maxOccurs; ingest refuses more. */
#define APP_MAX_YEARS     3   /* financial years kept: the last 3 accounting years */
#define APP_MAX_IP        200 /* intellectualProperty/item */
#define APP_MAX_RD_INST   20  /* rdInstitutions/institution */
#define APP_MAX_ROUNDS    50  /* equityFinancing/round */
#define APP_MAX_AWARDS    50  /* awards/award */
#define APP_MAX_STANDARDS 50  /* standards/standard */
#define APP_MAX_HOLDS     20  /* holds/title */

/* Text: the schemas cap names at APP_TEXT_CHARS characters; UTF-8 needs at most
 * 4 bytes a character, plus the NUL. */
#define APP_TEXT_CHARS 100
#define APP_TEXT_BYTES (4 * APP_TEXT_CHARS + 1)
#define APP_CODE_BYTES 41 /* short ASCII codes (IP numbers, certificate numbers): 40 + NUL */

#define APP_FEN_NONE INT64_MIN /* amount not given */
#define APP_INT_NONE (-1)      /* count/rank/score/ratio not given */
#define APP_DATE_GIVEN(dt) ((dt).y != 0)

/* A yes/no fact; zero (memset) means "not given". */
enum app_bool {
    APP_UNSET = 0, /* element absent */
    APP_NO = 1,    /* "false" */
    APP_YES = 2,   /* "true" */
};

/* ---- enterprise identity ------------------------------------------------- */

struct app_enterprise {
    char name[APP_TEXT_BYTES];     /* enterprise/name: registered name, UTF-8 */
    char uscc[19];                 /* enterprise/uscc: 18 characters + NUL (schema pattern
                                      only; the check characters are a rule) */
    char division[7];              /* enterprise/division: GB/T 2260 code of the registered
                                      address, 6 digits */
    char city[7];                  /* derived from enterprise/division: the Shandong city's
                                      code ("370100"; 3712xx -> 370100), "" if not Shandong */
    char industry[5];              /* enterprise/industry: GB/T 4754-2017 code, 2-4 digits
                                      ("3484"); manufacturing when it starts 13..43 */
    struct tier_date founded;      /* enterprise/founded: registration (founding) date */
    enum app_bool listed;          /* enterprise/listed: listed on a stock exchange
                                      (新三板/OTC do not count as listed) */
    char contact_person[APP_TEXT_BYTES]; /* enterprise/contact/person, UTF-8 */
    char contact_phone[APP_CODE_BYTES];  /* enterprise/contact/phone */
    char contact_email[APP_TEXT_BYTES];  /* enterprise/contact/email */
};

/* ---- yearly financials --------------------------------------------------- */

struct app_year {
    int year;                   /* financials/year/@value: accounting year, e.g. 2025 */
    int64_t revenue_fen;        /* financials/year/revenue: 营业收入 (= sales, 销售收入) */
    int64_t main_revenue_fen;   /* financials/year/mainRevenue: 主营业务收入 */
    int64_t total_income_fen;   /* financials/year/totalIncome: 收入总额 (高企 high-tech share
                                   denominator) */
    int64_t rd_fen;             /* financials/year/rdExpense: R&D expense, 研发费用 */
    int64_t rd_domestic_fen;    /* financials/year/rdDomestic: R&D spent in China */
    int64_t net_profit_fen;     /* financials/year/netProfit: 净利润 (may be negative) */
    int64_t total_assets_fen;   /* financials/year/totalAssets: at year end */
    int64_t total_liabilities_fen; /* financials/year/totalLiabilities: at year end */
    int64_t hightech_income_fen;/* financials/year/hightechIncome: high-tech products/services */
    int64_t cost_expense_fen;   /* financials/year/costExpense: 成本费用总额 (科技型 R&D ratio
                                   denominator) */
    int line;                   /* source line of financials/year, for findings */
};

/* ---- staff --------------------------------------------------------------- */

struct app_staff {
    int employees; /* staff/employees: total employees, last year (persons) */
    int st_staff;  /* staff/stStaff: science & technology staff (persons) */
    int rd_staff;  /* staff/rdStaff: R&D staff (persons) */
};

/* ---- niche market / main product ----------------------------------------- */

struct app_niche {
    char market[APP_TEXT_BYTES];  /* niche/market: the niche market, UTF-8 */
    char product[APP_TEXT_BYTES]; /* niche/product: main product name, UTF-8 */
    char catalogue_code[11];      /* niche/catalogueCode: 统计用产品分类目录 code, 8 or 10
                                     digits (单项冠军), "" if not given */
    struct tier_date since;       /* niche/since: start of being in the niche */
    enum app_bool new_product;    /* niche/newProduct: new product (单项冠军: 5-year route) */
    int domestic_share_bp;        /* niche/domesticShare: share of the domestic niche, bp */
    int global_share_bp;          /* niche/globalShare: share of the global niche, bp */
    int domestic_rank;            /* niche/domesticRank: 1 = first in China */
    int global_rank;              /* niche/globalRank: 1 = first in the world */
};

/* ---- intellectual property ----------------------------------------------- */

enum app_ip_class {
    APP_IP_CLASS_NONE = 0,
    APP_IP_CLASS_1 = 1, /* Ⅰ类 */
    APP_IP_CLASS_2 = 2, /* Ⅱ类 */
};

/* XML values of item/kind in comments; the class follows from the kind (domain.md §2a). */
enum app_ip_kind {
    APP_IP_NONE = 0,
    APP_IP_INVENTION,      /* invention-patent        发明专利 (Ⅰ) */
    APP_IP_DEFENCE,        /* defence-patent          国防专利 (Ⅰ) */
    APP_IP_PLANT_VARIETY,  /* plant-variety           植物新品种 (Ⅰ) */
    APP_IP_CROP_VARIETY,   /* crop-variety            国家级农作物品种 (Ⅰ) */
    APP_IP_NEW_DRUG,       /* new-drug                国家新药 (Ⅰ) */
    APP_IP_TCM,            /* tcm-protected-variety   国家一级中药保护品种 (Ⅰ) */
    APP_IP_IC_LAYOUT,      /* ic-layout               集成电路布图设计专有权 (Ⅰ) */
    APP_IP_UTILITY_MODEL,  /* utility-model           实用新型专利 (Ⅱ) */
    APP_IP_DESIGN,         /* design-patent           外观设计专利 (Ⅱ) */
    APP_IP_SOFTWARE,       /* software-copyright      软件著作权 (Ⅱ) */
};

enum app_ip_acquisition {
    APP_ACQ_NONE = 0,
    APP_ACQ_OWN,      /* own        自主研发 */
    APP_ACQ_TRANSFER, /* transfer   受让 */
    APP_ACQ_GIFT,     /* gift       受赠 */
    APP_ACQ_MERGER,   /* merger     并购 */
    APP_ACQ_LICENCE,  /* exclusive-licence  独占许可 */
};

struct app_ip {
    enum app_ip_class cls;            /* derived from intellectualProperty/item/kind */
    enum app_ip_kind kind;            /* intellectualProperty/item/kind */
    char number[APP_CODE_BYTES];      /* intellectualProperty/item/number: e.g. ZL202110123456.7 */
    struct tier_date granted;         /* intellectualProperty/item/granted: date granted or
                                         registered */
    struct tier_date expires;         /* intellectualProperty/item/expires: end of protection
                                         (y == 0: not given; then valid unless the rules know
                                         otherwise) */
    enum app_ip_acquisition acquisition; /* intellectualProperty/item/acquisition */
    struct tier_date transferred;     /* intellectualProperty/item/transferred: date acquired when
                                         not own (transfer/gift/merger/licence) */
    int holder_rank;                  /* intellectualProperty/item/holderRank: the firm's place
                                         among the named right-holders, 1 = first */
    enum app_bool main_product;       /* intellectualProperty/item/mainProduct: related to the main
                                         product (declared; a reviewer confirms) */
    enum app_bool in_use;             /* intellectualProperty/item/inUse: in use, earning money */
    enum app_bool high_value;         /* intellectualProperty/item/highValue: Ⅰ类 high-value
                                         (granted abroad, >10 years, pledged, awarded) */
    int line;                         /* source line of the item */
};

/* ---- R&D institutions ---------------------------------------------------- */

enum app_rd_level {
    APP_RD_LEVEL_NONE = 0,
    APP_RD_NATIONAL,    /* national      国家级 */
    APP_RD_PROVINCIAL,  /* provincial    省部级 */
    APP_RD_CITY,        /* city          市级 */
    APP_RD_BELOW_CITY,  /* below-city    市级以下 */
};

enum app_rd_kind {
    APP_RD_KIND_NONE = 0,
    APP_RD_TECH_CENTRE,        /* technology-centre      企业技术中心 */
    APP_RD_ENGINEERING_CENTRE, /* engineering-centre     工程(技术)研究中心 */
    APP_RD_KEY_LAB,            /* key-laboratory         重点实验室 */
    APP_RD_RESEARCH_INSTITUTE, /* research-institute     研究院/所 */
    APP_RD_ACADEMICIAN,        /* academician-workstation 院士工作站 */
    APP_RD_POSTDOC,            /* postdoctoral-station   博士后工作站 */
    APP_RD_DESIGN_CENTRE,      /* industrial-design-centre 工业设计中心 */
    APP_RD_INNOVATION_CENTRE,  /* innovation-centre      制造业创新中心 */
    APP_RD_OTHER,              /* other */
};

struct app_rd_institution {
    char name[APP_TEXT_BYTES];  /* rdInstitutions/institution/name, UTF-8 */
    enum app_rd_level level;    /* rdInstitutions/institution/level */
    enum app_rd_kind kind;      /* rdInstitutions/institution/kind */
    struct tier_date recognised;/* rdInstitutions/institution/recognised: date recognised */
    enum app_bool joint;        /* rdInstitutions/institution/joint: built jointly with a
                                   university or institute */
    int line;
};

/* ---- equity financing ---------------------------------------------------- */

struct app_round {
    struct tier_date date;         /* equityFinancing/round/date: date paid in */
    int64_t amount_fen;            /* equityFinancing/round/amount: paid-in amount, > 0 */
    char investor[APP_TEXT_BYTES]; /* equityFinancing/round/investor, UTF-8 */
    enum app_bool qualified;       /* equityFinancing/round/qualified: qualified institutional
                                      investor (declared; a reviewer confirms) */
    enum app_bool from_controller; /* equityFinancing/round/fromController: money from the
                                      controlling party / original controller */
    int line;
};

/* ---- awards -------------------------------------------------------------- */

enum app_award_level {
    APP_AWARD_LEVEL_NONE = 0,
    APP_AWARD_NATIONAL,   /* national */
    APP_AWARD_PROVINCIAL, /* provincial (省部级) */
    APP_AWARD_CITY,       /* city */
};

enum app_award_kind {
    APP_AWARD_KIND_NONE = 0,
    APP_AWARD_SCIENCE,      /* science      科学技术奖 (进步/发明/自然科学) */
    APP_AWARD_QUALITY,      /* quality      质量奖 */
    APP_AWARD_PATENT,       /* patent       专利奖 */
    APP_AWARD_OTHER,        /* other */
};

struct app_award {
    char name[APP_TEXT_BYTES];  /* awards/award/name, UTF-8 */
    enum app_award_level level; /* awards/award/level */
    enum app_award_kind kind;   /* awards/award/kind */
    int year;                   /* awards/award/year */
    int rank;                   /* awards/award/rank: the firm's place among winning units,
                                   1 = first; APP_INT_NONE if not given */
    int line;
};

/* ---- standards drafted --------------------------------------------------- */

enum app_std_level {
    APP_STD_LEVEL_NONE = 0,
    APP_STD_INTERNATIONAL, /* international */
    APP_STD_NATIONAL,      /* national   国家标准 */
    APP_STD_SECTOR,        /* sector     行业标准 */
    APP_STD_LOCAL,         /* local      地方标准 */
    APP_STD_GROUP,         /* group      团体标准 */
};

enum app_std_role {
    APP_STD_ROLE_NONE = 0,
    APP_STD_LEAD,        /* lead         主导/牵头 */
    APP_STD_PARTICIPANT, /* participant  参与 */
};

struct app_standard {
    char number[APP_CODE_BYTES]; /* standards/standard/number: "GB/T 12345-2024" */
    char name[APP_TEXT_BYTES];   /* standards/standard/name, UTF-8 */
    enum app_std_level level;    /* standards/standard/level */
    enum app_std_role role;      /* standards/standard/role */
    struct tier_date published;  /* standards/standard/published */
    int rank;                    /* standards/standard/rank: place among drafting units,
                                    1 = first; APP_INT_NONE if not given */
    int line;
};

/* ---- score-sheet inputs that are declarations ------------------------------------------------ */

/* 高企 fields (《国家重点支持的高新技术领域》), XML values in comments. */
enum app_hightech_field {
    APP_HT_NONE = 0,
    APP_HT_ELECTRONIC,     /* electronic-information     电子信息 */
    APP_HT_BIO_MEDICINE,   /* bio-medicine               生物与新医药 */
    APP_HT_AEROSPACE,      /* aerospace                  航空航天 */
    APP_HT_MATERIALS,      /* new-materials              新材料 */
    APP_HT_SERVICES,       /* hightech-services          高技术服务 */
    APP_HT_ENERGY,         /* new-energy                 新能源与节能 */
    APP_HT_ENVIRONMENT,    /* resources-environment      资源与环境 */
    APP_HT_MANUFACTURING,  /* advanced-manufacturing     先进制造与自动化 */
};

struct app_assessment {
    int digital_level;                   /* assessment/digitalLevel: 数字化水平 level 1..4 */
    int it_core_processes;               /* assessment/itCoreProcesses: core processes (R&D,
                                            production, supply chain) run on IT systems, 0..3 */
    enum app_bool management_cert;       /* assessment/managementCertification: ISO 9001-type
                                            management-system certification */
    enum app_bool foreign_product_cert;  /* assessment/foreignProductCertification: a product
                                            certified in a developed country or region */
    enum app_bool own_brand;             /* assessment/ownBrand: owns a brand of its own */
    enum app_bool laozihao;              /* assessment/laozihao: listed 中华老字号 brand */
    enum app_bool strategic_emerging;    /* assessment/strategicEmerging: main product in
                                            《战略性新兴产业分类》 */
    enum app_bool liuji;                 /* assessment/liuji: main product in a 六基 field */
    enum app_bool key_chain_link;        /* assessment/keyChainLink: key link of an industry
                                            chain (补短板/锻长板/填空白) */
    enum app_bool priority_field;        /* assessment/priorityField: 2022 小巨人 priority field /
                                            2026 小巨人 field indicator */
    int platform_score_cp;               /* assessment/platformScore: 专精特新发展评价 this year,
                                            centi-points (2026) */
    int platform_score_prev_cp;          /* assessment/platformScorePrevious: last year's,
                                            centi-points (renewals) */
    int credit_score_cp;                 /* assessment/creditScore: third-party credit rating,
                                            centi-points (瞪羚 >= 75, 独角兽 >= 73) */
    int64_t valuation_usd_cents;         /* assessment/valuationUsd: latest valuation, US dollar
                                            cents (独角兽 > 10亿 USD) */
    int chuangke_rank;                   /* assessment/chuangke/rank: national rank in 创客中国
                                            (enterprise group), 1 = first */
    int chuangke_year;                   /* assessment/chuangke/year */
    enum app_hightech_field hightech_field; /* assessment/hightechField (高企) */
    int innovation_score;                /* assessment/innovationScore: 高企 企业创新能力评价
                                            total, whole points 0..100; APP_INT_NONE = not given */
    enum app_bool energy_advanced;       /* assessment/energyAdvanced: main product's energy use
                                            meets the sector's advanced value (单项冠军) */
    enum app_bool new_sector;            /* assessment/newSector: strategic emerging / 十强 /
                                            四基 / "four new" sector (瞪羚, 独角兽) */
    struct tier_date new_sector_since;   /* assessment/newSectorSince: date the firm moved into
                                            a "four new" field (独角兽 age counts from it) */
};

/* ---- declarations -------------------------------------------------------- */

struct app_declarations {
    enum app_bool no_major_accident;      /* declarations/noMajorAccident: no major safety, quality
                                             or environmental accident (previous and this year) */
    enum app_bool not_dishonest;          /* declarations/notOnDishonestyList: 严重失信主体名单 */
    enum app_bool not_anomaly;            /* declarations/notOnAnomalyList: 经营异常名录 */
    enum app_bool no_tax_violation;       /* declarations/noTaxViolation */
    enum app_bool no_research_misconduct; /* declarations/noResearchMisconduct (科技型) */
    enum app_bool products_permitted;     /* declarations/productsPermitted: not prohibited,
                                             restricted or phase-out */
    enum app_bool independent_legal_person; /* declarations/independentLegalPerson */
    enum app_bool mainland_resident;      /* declarations/mainlandResident: resident enterprise in
                                             mainland China */
    enum app_bool no_fraud_ban;           /* declarations/noFraudBan: no title withdrawn for fraud
                                             in the last 3 years */
    enum app_bool not_controlled_by_listed; /* declarations/notControlledByListed (瞪羚) */
    enum app_bool operates_in_shandong;   /* declarations/operatesInShandong (独角兽) */
};

/* ---- titles held --------------------------------------------------------- */

/* Honours that are not tiers of this registry (创新型 route A2). */
enum app_honour {
    APP_HONOUR_NONE = 0,
    APP_HONOUR_TECH_INNOVATION_DEMO, /* tech-innovation-demo  国家级技术创新示范企业 */
    APP_HONOUR_IP_ADVANTAGE,         /* ip-advantage          知识产权优势企业 */
    APP_HONOUR_IP_DEMO,              /* ip-demo               知识产权示范企业 */
    APP_HONOUR_SINGLE_CHAMPION_PRODUCT, /* single-champion-product 单项冠军产品 */
};

struct app_hold {
    enum tier_id tier;              /* holds/title/code when it is a tier code, else TIER_NONE */
    enum app_honour honour;         /* holds/title/code when it is an honour, else NONE */
    char certificate[APP_CODE_BYTES]; /* holds/title/certificate: certificate or database number */
    struct tier_date issued;        /* holds/title/issued */
    struct tier_date valid_until;   /* holds/title/validUntil (inclusive) */
    int line;
};

/* ---- the application ----------------------------------------------------- */

struct application {
    enum tier_id tier;            /* from the root element's namespace
                                     urn:tierd:application:<tier-code>:1 */
    enum rule_set rule_set;       /* application/@ruleSet; RULESET_NONE if absent (rules then
                                     pick by submission date) */
    struct tier_date submitted;   /* submissionDate: submission = reference date */
    enum app_bool renewal;        /* renewal: a renewal (复核) rather than a first application;
                                     APP_YES also when application/@kind is "renewal" */
    int kind_renewal;             /* application/@kind = "renewal" (issue 17): the registry
                                     checks the certificate it names */
    char renews[APP_CODE_BYTES];  /* application/@renews: the certificate renewed, "" absent */

    struct app_enterprise enterprise; /* enterprise */

    /* financials/year, newest first: years[0] is "last year", years[1] the one before...
     * Consecutive years, no duplicates (ingest refuses others). */
    int year_count;
    struct app_year years[APP_MAX_YEARS];

    struct app_staff staff;       /* staff (all APP_INT_NONE if absent) */
    struct app_niche niche;       /* niche */

    int ip_count;
    struct app_ip ip[APP_MAX_IP];                      /* intellectualProperty/item */
    int rd_inst_count;
    struct app_rd_institution rd_inst[APP_MAX_RD_INST]; /* rdInstitutions/institution */
    int round_count;
    struct app_round rounds[APP_MAX_ROUNDS];            /* equityFinancing/round */
    int award_count;
    struct app_award awards[APP_MAX_AWARDS];            /* awards/award */
    int standard_count;
    struct app_standard standards[APP_MAX_STANDARDS];   /* standards/standard */

    struct app_assessment assessment; /* assessment */
    struct app_declarations decl;     /* declarations */

    int hold_count;
    struct app_hold holds[APP_MAX_HOLDS]; /* holds/title */
};

#endif
