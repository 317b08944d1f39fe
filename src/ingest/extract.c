/*
 * extract.c — a schema-valid application document into struct application.
 *
 * What: one walk over the tree, dispatching on local names (the schema has
 * already fixed structure, order and lexical forms, so this file only converts):
 * amounts through money_parse_fen (exact integer fen, no floating point),
 * percentages and scores through the same decimal parser (two decimals ->
 * basis points / centi-points, exact), dates through date_parse, counts through
 * strtol with full checks. Financial years are sorted newest first and must be
 * consecutive. The city comes from the division code (city_for_division).
 *
 * Owns: nothing; reads a borrowed doc, writes the caller's struct. Text is read
 * straight from the tree's text nodes into fixed buffers: no allocation.
 *
 * Threads: re-entrant.
 *
 * Failure: INGEST_BAD_VALUE with the path and line of the element at fault; all
 * bad values are reported (up to the error cap), not only the first.
 */
#include "ingest_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tier/city.h"
#include "tier/money.h"

struct ex {
    struct ingest_errors *errs;
    enum ingest_status st;
};

struct name_val {
    const char *name;
    int val;
};

/* Refuse the value of element n: `zh` (static) says it in Chinese, `fmt` in
 * English with the value. */
static void bad(struct ex *x, const xmlNode *n, const char *zh, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void bad(struct ex *x, const xmlNode *n, const char *zh, const char *fmt, ...)
{
    char path[INGEST_PATH_BYTES];
    char msg[INGEST_MSG_BYTES];
    va_list ap;

    x->st = INGEST_BAD_VALUE;
    if (x->errs == NULL)
        return;
    ingest_node_path(n, path, sizeof(path));
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    ingest_errors_add(x->errs, n != NULL ? (int)xmlGetLineNo(n) : 0, path, "%s", msg);
    if (x->errs->count > 0 && x->errs->dropped == 0)
        snprintf(x->errs->e[x->errs->count - 1].message_zh, INGEST_MSG_BYTES, "%s", zh);
}

static const xmlNode *first_el(const xmlNode *n)
{
    const xmlNode *c;

    for (c = n->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return c;
    return NULL;
}

static const xmlNode *next_el(const xmlNode *n)
{
    for (n = n->next; n != NULL; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            return n;
    return NULL;
}

/* Dispatch on local names runs through chains of is() (up to twenty
 * candidates per element), so most calls are misses: test the first byte
 * inline and call strcmp only when it matches. This made extraction about a
 * quarter cheaper than calling xmlStrEqual for every candidate (bench-validate,
 * callgrind). */
static inline int is(const xmlNode *n, const char *name)
{
    const char *have = (const char *)n->name;

    return have != NULL && have[0] == name[0] && strcmp(have, name) == 0;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The element's character data, concatenated, with XML white space trimmed at
 * both ends, into buf (NUL-terminated). Returns the length, or -1 (reported)
 * when it does not fit. */
static long text_of(struct ex *x, const xmlNode *n, char *buf, size_t bufsz)
{
    const xmlNode *c;
    size_t len = 0, start = 0;

    for (c = n->children; c != NULL; c = c->next) {
        size_t k;

        if ((c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) || c->content == NULL)
            continue;
        k = strlen((const char *)c->content);
        if (k >= bufsz - len) {
            bad(x, n, "取值过长",
                "value is longer than %zu bytes", bufsz - 1);
            return -1;
        }
        memcpy(buf + len, c->content, k);
        len += k;
    }
    buf[len] = '\0';
    while (len > 0 && is_space(buf[len - 1]))
        buf[--len] = '\0';
    while (start < len && is_space(buf[start]))
        start++;
    if (start > 0) {
        memmove(buf, buf + start, len - start + 1);
        len -= start;
    }
    return (long)len;
}

static void get_text(struct ex *x, const xmlNode *n, char *dst, size_t dstsz)
{
    if (text_of(x, n, dst, dstsz) < 0)
        dst[0] = '\0';
}

static void get_fen(struct ex *x, const xmlNode *n, int64_t *dst)
{
    char b[64];
    long len = text_of(x, n, b, sizeof(b));

    if (len < 0)
        return;
    if (money_parse_fen(b, (size_t)len, dst) != 0)
        bad(x, n, "必须是以元为单位的金额，最多15位整数和两位小数",
            "'%s' is not an amount in yuan (at most 15 digits and two decimals)", b);
}

/* A decimal with at most two decimals as an int count of hundredths in
 * [lo, hi]: percentages -> basis points, scores -> centi-points. */
static void get_hundredths(struct ex *x, const xmlNode *n, int *dst, int64_t lo, int64_t hi)
{
    char b[64];
    long len = text_of(x, n, b, sizeof(b));
    int64_t v;

    if (len < 0)
        return;
    if (money_parse_fen(b, (size_t)len, &v) != 0 || v < lo || v > hi) {
        bad(x, n, "必须是规定范围内、最多两位小数的数",
            "'%s' is not a number from %lld to %lld with at most two decimals", b,
            (long long)(lo / 100), (long long)(hi / 100));
        return;
    }
    *dst = (int)v;
}

static void get_date(struct ex *x, const xmlNode *n, struct tier_date *dst)
{
    char b[32];
    long len = text_of(x, n, b, sizeof(b));

    if (len < 0)
        return;
    if (date_parse(b, (size_t)len, dst) != 0)
        bad(x, n, "必须是真实存在的日期，格式为YYYY-MM-DD",
            "'%s' is not a real date YYYY-MM-DD", b);
}

static int parse_int(const char *s, long lo, long hi, int *dst)
{
    char *end;
    long v;

    if (*s == '\0')
        return -1;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < lo || v > hi)
        return -1;
    *dst = (int)v;
    return 0;
}

static void get_int(struct ex *x, const xmlNode *n, int *dst, long lo, long hi)
{
    char b[32];

    if (text_of(x, n, b, sizeof(b)) < 0)
        return;
    if (parse_int(b, lo, hi, dst) != 0)
        bad(x, n, "必须是规定范围内的整数",
            "'%s' is not a whole number from %ld to %ld", b, lo, hi);
}

static void get_bool(struct ex *x, const xmlNode *n, enum app_bool *dst)
{
    char b[16];

    if (text_of(x, n, b, sizeof(b)) < 0)
        return;
    if (strcmp(b, "true") == 0 || strcmp(b, "1") == 0)
        *dst = APP_YES;
    else if (strcmp(b, "false") == 0 || strcmp(b, "0") == 0)
        *dst = APP_NO;
    else
        bad(x, n, "必须是true或false",
            "'%s' is neither true nor false", b);
}

static int get_enum(struct ex *x, const xmlNode *n, const struct name_val *t)
{
    char b[64];

    if (text_of(x, n, b, sizeof(b)) < 0)
        return 0;
    for (; t->name != NULL; t++)
        if (strcmp(b, t->name) == 0)
            return t->val;
    bad(x, n, "不是允许的取值之一",
        "'%s' is not one of the allowed values", b);
    return 0;
}

static void unknown(struct ex *x, const xmlNode *n)
{
    bad(x, n, "此处不应出现该元素",
        "unexpected element <%s>", (const char *)n->name);
}

/* ---- tables -------------------------------------------------------------------------- */

static const struct name_val ip_kinds[] = {
    {"invention-patent", APP_IP_INVENTION},
    {"defence-patent", APP_IP_DEFENCE},
    {"plant-variety", APP_IP_PLANT_VARIETY},
    {"crop-variety", APP_IP_CROP_VARIETY},
    {"new-drug", APP_IP_NEW_DRUG},
    {"tcm-protected-variety", APP_IP_TCM},
    {"ic-layout", APP_IP_IC_LAYOUT},
    {"utility-model", APP_IP_UTILITY_MODEL},
    {"design-patent", APP_IP_DESIGN},
    {"software-copyright", APP_IP_SOFTWARE},
    {NULL, 0},
};

static const struct name_val ip_acquisitions[] = {
    {"own", APP_ACQ_OWN},           {"transfer", APP_ACQ_TRANSFER},
    {"gift", APP_ACQ_GIFT},         {"merger", APP_ACQ_MERGER},
    {"exclusive-licence", APP_ACQ_LICENCE}, {NULL, 0},
};

static const struct name_val rd_levels[] = {
    {"national", APP_RD_NATIONAL}, {"provincial", APP_RD_PROVINCIAL},
    {"city", APP_RD_CITY},         {"below-city", APP_RD_BELOW_CITY},
    {NULL, 0},
};

static const struct name_val rd_kinds[] = {
    {"technology-centre", APP_RD_TECH_CENTRE},
    {"engineering-centre", APP_RD_ENGINEERING_CENTRE},
    {"key-laboratory", APP_RD_KEY_LAB},
    {"research-institute", APP_RD_RESEARCH_INSTITUTE},
    {"academician-workstation", APP_RD_ACADEMICIAN},
    {"postdoctoral-station", APP_RD_POSTDOC},
    {"industrial-design-centre", APP_RD_DESIGN_CENTRE},
    {"innovation-centre", APP_RD_INNOVATION_CENTRE},
    {"other", APP_RD_OTHER},
    {NULL, 0},
};

static const struct name_val award_levels[] = {
    {"national", APP_AWARD_NATIONAL}, {"provincial", APP_AWARD_PROVINCIAL},
    {"city", APP_AWARD_CITY},         {NULL, 0},
};

static const struct name_val award_kinds[] = {
    {"science", APP_AWARD_SCIENCE}, {"quality", APP_AWARD_QUALITY},
    {"patent", APP_AWARD_PATENT},   {"other", APP_AWARD_OTHER},
    {NULL, 0},
};

static const struct name_val std_levels[] = {
    {"international", APP_STD_INTERNATIONAL}, {"national", APP_STD_NATIONAL},
    {"sector", APP_STD_SECTOR},               {"local", APP_STD_LOCAL},
    {"group", APP_STD_GROUP},                 {NULL, 0},
};

static const struct name_val std_roles[] = {
    {"lead", APP_STD_LEAD}, {"participant", APP_STD_PARTICIPANT}, {NULL, 0},
};

static const struct name_val hightech_fields[] = {
    {"electronic-information", APP_HT_ELECTRONIC},
    {"bio-medicine", APP_HT_BIO_MEDICINE},
    {"aerospace", APP_HT_AEROSPACE},
    {"new-materials", APP_HT_MATERIALS},
    {"hightech-services", APP_HT_SERVICES},
    {"new-energy", APP_HT_ENERGY},
    {"resources-environment", APP_HT_ENVIRONMENT},
    {"advanced-manufacturing", APP_HT_MANUFACTURING},
    {NULL, 0},
};

static const struct name_val honours[] = {
    {"tech-innovation-demo", APP_HONOUR_TECH_INNOVATION_DEMO},
    {"ip-advantage", APP_HONOUR_IP_ADVANTAGE},
    {"ip-demo", APP_HONOUR_IP_DEMO},
    {"single-champion-product", APP_HONOUR_SINGLE_CHAMPION_PRODUCT},
    {NULL, 0},
};

/* Ⅰ类 / Ⅱ类 by kind (domain.md §2a). */
static enum app_ip_class ip_class_of(enum app_ip_kind k)
{
    switch (k) {
    case APP_IP_INVENTION:
    case APP_IP_DEFENCE:
    case APP_IP_PLANT_VARIETY:
    case APP_IP_CROP_VARIETY:
    case APP_IP_NEW_DRUG:
    case APP_IP_TCM:
    case APP_IP_IC_LAYOUT:
        return APP_IP_CLASS_1;
    case APP_IP_UTILITY_MODEL:
    case APP_IP_DESIGN:
    case APP_IP_SOFTWARE:
        return APP_IP_CLASS_2;
    case APP_IP_NONE:
        break;
    }
    return APP_IP_CLASS_NONE;
}

/* ---- init ---------------------------------------------------------------------------- */

static void year_init(struct app_year *y)
{
    memset(y, 0, sizeof(*y));
    y->year = APP_INT_NONE;
    y->revenue_fen = APP_FEN_NONE;
    y->main_revenue_fen = APP_FEN_NONE;
    y->total_income_fen = APP_FEN_NONE;
    y->rd_fen = APP_FEN_NONE;
    y->rd_domestic_fen = APP_FEN_NONE;
    y->net_profit_fen = APP_FEN_NONE;
    y->total_assets_fen = APP_FEN_NONE;
    y->total_liabilities_fen = APP_FEN_NONE;
    y->hightech_income_fen = APP_FEN_NONE;
    y->cost_expense_fen = APP_FEN_NONE;
}

void ingest_application_init(struct application *app)
{
    int i;

    /* Everything but the item arrays (about 95 KB) is zeroed: entries past each
     * count are unspecified, and each entry is fully set when it is added. */
    memset(app, 0, offsetof(struct application, ip));
    app->ip_count = 0;
    app->rd_inst_count = 0;
    app->round_count = 0;
    app->award_count = 0;
    app->standard_count = 0;
    app->hold_count = 0;
    memset(&app->assessment, 0, sizeof(app->assessment));
    memset(&app->decl, 0, sizeof(app->decl));
    app->tier = TIER_NONE;
    app->rule_set = RULESET_NONE;
    for (i = 0; i < APP_MAX_YEARS; i++)
        year_init(&app->years[i]);
    app->staff.employees = APP_INT_NONE;
    app->staff.st_staff = APP_INT_NONE;
    app->staff.rd_staff = APP_INT_NONE;
    app->niche.domestic_share_bp = APP_INT_NONE;
    app->niche.global_share_bp = APP_INT_NONE;
    app->niche.domestic_rank = APP_INT_NONE;
    app->niche.global_rank = APP_INT_NONE;
    app->assessment.digital_level = APP_INT_NONE;
    app->assessment.it_core_processes = APP_INT_NONE;
    app->assessment.platform_score_cp = APP_INT_NONE;
    app->assessment.platform_score_prev_cp = APP_INT_NONE;
    app->assessment.credit_score_cp = APP_INT_NONE;
    app->assessment.valuation_usd_cents = APP_FEN_NONE;
    app->assessment.chuangke_rank = APP_INT_NONE;
    app->assessment.chuangke_year = APP_INT_NONE;
    app->assessment.innovation_score = APP_INT_NONE;
}

/* ---- blocks -------------------------------------------------------------------------- */

#define RANK_MAX 999999L
#define COUNT_MAX 9999999L
#define PCT_MAX 10000 /* 100.00% in basis points */

static void ex_enterprise(struct ex *x, const xmlNode *n, struct app_enterprise *e)
{
    const xmlNode *c, *k;

    for (c = first_el(n); c != NULL; c = next_el(c)) {
        if (is(c, "name")) {
            get_text(x, c, e->name, sizeof(e->name));
        } else if (is(c, "uscc")) {
            get_text(x, c, e->uscc, sizeof(e->uscc));
        } else if (is(c, "division")) {
            const struct city *city;

            get_text(x, c, e->division, sizeof(e->division));
            city = city_for_division(e->division);
            if (city != NULL && strlen(city->code) < sizeof(e->city))
                memcpy(e->city, city->code, strlen(city->code) + 1);
        } else if (is(c, "industry")) {
            get_text(x, c, e->industry, sizeof(e->industry));
        } else if (is(c, "founded")) {
            get_date(x, c, &e->founded);
        } else if (is(c, "listed")) {
            get_bool(x, c, &e->listed);
        } else if (is(c, "contact")) {
            for (k = first_el(c); k != NULL; k = next_el(k)) {
                if (is(k, "person"))
                    get_text(x, k, e->contact_person, sizeof(e->contact_person));
                else if (is(k, "phone"))
                    get_text(x, k, e->contact_phone, sizeof(e->contact_phone));
                else if (is(k, "email"))
                    get_text(x, k, e->contact_email, sizeof(e->contact_email));
                else
                    unknown(x, k);
            }
        } else {
            unknown(x, c);
        }
    }
}

static const xmlAttr *attr_of(const xmlNode *n, const char *name)
{
    const xmlAttr *a;

    for (a = n->properties; a != NULL; a = a->next)
        if (xmlStrEqual(a->name, BAD_CAST name))
            return a;
    return NULL;
}

/* An attribute's value (its single text child) trimmed into buf, or "". */
static void attr_text(const xmlAttr *a, char *buf, size_t bufsz)
{
    const char *s = "";
    size_t len;

    if (a != NULL && a->children != NULL && a->children->content != NULL)
        s = (const char *)a->children->content;
    while (is_space(*s))
        s++;
    len = strlen(s);
    while (len > 0 && is_space(s[len - 1]))
        len--;
    if (len >= bufsz)
        len = bufsz - 1;
    memcpy(buf, s, len);
    buf[len] = '\0';
}

static void ex_year(struct ex *x, const xmlNode *n, struct app_year *y)
{
    const xmlNode *c;
    char b[16];

    year_init(y);
    y->line = (int)xmlGetLineNo(n);
    attr_text(attr_of(n, "value"), b, sizeof(b));
    if (parse_int(b, 1900, 9999, &y->year) != 0)
        bad(x, n, "年度必须是1900至9999之间的年份",
            "year '%s' is not a year from 1900 to 9999", b);
    for (c = first_el(n); c != NULL; c = next_el(c)) {
        if (is(c, "revenue"))
            get_fen(x, c, &y->revenue_fen);
        else if (is(c, "mainRevenue"))
            get_fen(x, c, &y->main_revenue_fen);
        else if (is(c, "totalIncome"))
            get_fen(x, c, &y->total_income_fen);
        else if (is(c, "rdExpense"))
            get_fen(x, c, &y->rd_fen);
        else if (is(c, "rdDomestic"))
            get_fen(x, c, &y->rd_domestic_fen);
        else if (is(c, "netProfit"))
            get_fen(x, c, &y->net_profit_fen);
        else if (is(c, "totalAssets"))
            get_fen(x, c, &y->total_assets_fen);
        else if (is(c, "totalLiabilities"))
            get_fen(x, c, &y->total_liabilities_fen);
        else if (is(c, "hightechIncome"))
            get_fen(x, c, &y->hightech_income_fen);
        else if (is(c, "costExpense"))
            get_fen(x, c, &y->cost_expense_fen);
        else
            unknown(x, c);
    }
}

static void ex_financials(struct ex *x, const xmlNode *n, struct application *app)
{
    const xmlNode *c;
    int i, j;

    for (c = first_el(n); c != NULL; c = next_el(c)) {
        if (!is(c, "year")) {
            unknown(x, c);
            continue;
        }
        if (app->year_count == APP_MAX_YEARS) {
            bad(x, c, "财务数据的会计年度过多",
                "more than %d financial years", APP_MAX_YEARS);
            return;
        }
        ex_year(x, c, &app->years[app->year_count++]);
    }
    /* Newest first (insertion sort: at most APP_MAX_YEARS entries). */
    for (i = 1; i < app->year_count; i++) {
        struct app_year t = app->years[i];

        for (j = i; j > 0 && app->years[j - 1].year < t.year; j--)
            app->years[j] = app->years[j - 1];
        app->years[j] = t;
    }
    for (i = 1; i < app->year_count; i++) {
        if (app->years[i].year != app->years[0].year - i) {
            bad(x, n, "各会计年度必须连续且不重复",
                "financial years must be consecutive and distinct; got %d after %d",
                app->years[i].year, app->years[i - 1].year);
            if (x->errs != NULL && x->errs->count > 0 && x->errs->dropped == 0)
                snprintf(x->errs->e[x->errs->count - 1].message_zh, INGEST_MSG_BYTES,
                         "各会计年度必须连续且不重复（%d年之后是%d年）", app->years[i - 1].year,
                         app->years[i].year);
            return;
        }
    }
}

static void ex_staff(struct ex *x, const xmlNode *n, struct app_staff *s)
{
    const xmlNode *c;

    for (c = first_el(n); c != NULL; c = next_el(c)) {
        if (is(c, "employees"))
            get_int(x, c, &s->employees, 0, COUNT_MAX);
        else if (is(c, "stStaff"))
            get_int(x, c, &s->st_staff, 0, COUNT_MAX);
        else if (is(c, "rdStaff"))
            get_int(x, c, &s->rd_staff, 0, COUNT_MAX);
        else
            unknown(x, c);
    }
}

static void ex_niche(struct ex *x, const xmlNode *n, struct app_niche *m)
{
    const xmlNode *c;

    for (c = first_el(n); c != NULL; c = next_el(c)) {
        if (is(c, "market"))
            get_text(x, c, m->market, sizeof(m->market));
        else if (is(c, "product"))
            get_text(x, c, m->product, sizeof(m->product));
        else if (is(c, "catalogueCode"))
            get_text(x, c, m->catalogue_code, sizeof(m->catalogue_code));
        else if (is(c, "since"))
            get_date(x, c, &m->since);
        else if (is(c, "newProduct"))
            get_bool(x, c, &m->new_product);
        else if (is(c, "domesticShare"))
            get_hundredths(x, c, &m->domestic_share_bp, 0, PCT_MAX);
        else if (is(c, "globalShare"))
            get_hundredths(x, c, &m->global_share_bp, 0, PCT_MAX);
        else if (is(c, "domesticRank"))
            get_int(x, c, &m->domestic_rank, 1, RANK_MAX);
        else if (is(c, "globalRank"))
            get_int(x, c, &m->global_rank, 1, RANK_MAX);
        else
            unknown(x, c);
    }
}

static void ex_ip_item(struct ex *x, const xmlNode *n, struct app_ip *p)
{
    const xmlNode *c;

    memset(p, 0, sizeof(*p));
    p->holder_rank = APP_INT_NONE;
    p->line = (int)xmlGetLineNo(n);
    for (c = first_el(n); c != NULL; c = next_el(c)) {
        if (is(c, "kind")) {
            p->kind = (enum app_ip_kind)get_enum(x, c, ip_kinds);
            p->cls = ip_class_of(p->kind);
        } else if (is(c, "number")) {
            get_text(x, c, p->number, sizeof(p->number));
        } else if (is(c, "granted")) {
            get_date(x, c, &p->granted);
        } else if (is(c, "expires")) {
            get_date(x, c, &p->expires);
        } else if (is(c, "acquisition")) {
            p->acquisition = (enum app_ip_acquisition)get_enum(x, c, ip_acquisitions);
        } else if (is(c, "transferred")) {
            get_date(x, c, &p->transferred);
        } else if (is(c, "holderRank")) {
            get_int(x, c, &p->holder_rank, 1, RANK_MAX);
        } else if (is(c, "mainProduct")) {
            get_bool(x, c, &p->main_product);
        } else if (is(c, "inUse")) {
            get_bool(x, c, &p->in_use);
        } else if (is(c, "highValue")) {
            get_bool(x, c, &p->high_value);
        } else {
            unknown(x, c);
        }
    }
}

static void ex_rd_inst(struct ex *x, const xmlNode *n, struct app_rd_institution *r)
{
    const xmlNode *c;

    memset(r, 0, sizeof(*r));
    r->line = (int)xmlGetLineNo(n);
    for (c = first_el(n); c != NULL; c = next_el(c)) {
        if (is(c, "name"))
            get_text(x, c, r->name, sizeof(r->name));
        else if (is(c, "level"))
            r->level = (enum app_rd_level)get_enum(x, c, rd_levels);
        else if (is(c, "kind"))
            r->kind = (enum app_rd_kind)get_enum(x, c, rd_kinds);
        else if (is(c, "recognised"))
            get_date(x, c, &r->recognised);
        else if (is(c, "joint"))
            get_bool(x, c, &r->joint);
        else
            unknown(x, c);
    }
}

static void ex_round(struct ex *x, const xmlNode *n, struct app_round *r)
{
    const xmlNode *c;

    memset(r, 0, sizeof(*r));
    r->amount_fen = APP_FEN_NONE;
    r->line = (int)xmlGetLineNo(n);
    for (c = first_el(n); c != NULL; c = next_el(c)) {
        if (is(c, "date"))
            get_date(x, c, &r->date);
        else if (is(c, "amount"))
            get_fen(x, c, &r->amount_fen);
        else if (is(c, "investor"))
            get_text(x, c, r->investor, sizeof(r->investor));
        else if (is(c, "qualified"))
            get_bool(x, c, &r->qualified);
        else if (is(c, "fromController"))
            get_bool(x, c, &r->from_controller);
        else
            unknown(x, c);
    }
    if (r->amount_fen != APP_FEN_NONE && r->amount_fen <= 0)
        bad(x, n, "融资轮次的金额必须大于零",
            "a financing round must have an amount above zero");
}

static void ex_award(struct ex *x, const xmlNode *n, struct app_award *a)
{
    const xmlNode *c;

    memset(a, 0, sizeof(*a));
    a->year = APP_INT_NONE;
    a->rank = APP_INT_NONE;
    a->line = (int)xmlGetLineNo(n);
    for (c = first_el(n); c != NULL; c = next_el(c)) {
        if (is(c, "name"))
            get_text(x, c, a->name, sizeof(a->name));
        else if (is(c, "level"))
            a->level = (enum app_award_level)get_enum(x, c, award_levels);
        else if (is(c, "kind"))
            a->kind = (enum app_award_kind)get_enum(x, c, award_kinds);
        else if (is(c, "year"))
            get_int(x, c, &a->year, 1900, 9999);
        else if (is(c, "rank"))
            get_int(x, c, &a->rank, 1, RANK_MAX);
        else
            unknown(x, c);
    }
}

static void ex_standard(struct ex *x, const xmlNode *n, struct app_standard *s)
{
    const xmlNode *c;

    memset(s, 0, sizeof(*s));
    s->rank = APP_INT_NONE;
    s->line = (int)xmlGetLineNo(n);
    for (c = first_el(n); c != NULL; c = next_el(c)) {
        if (is(c, "number"))
            get_text(x, c, s->number, sizeof(s->number));
        else if (is(c, "name"))
            get_text(x, c, s->name, sizeof(s->name));
        else if (is(c, "level"))
            s->level = (enum app_std_level)get_enum(x, c, std_levels);
        else if (is(c, "role"))
            s->role = (enum app_std_role)get_enum(x, c, std_roles);
        else if (is(c, "published"))
            get_date(x, c, &s->published);
        else if (is(c, "rank"))
            get_int(x, c, &s->rank, 1, RANK_MAX);
        else
            unknown(x, c);
    }
}

static void ex_hold(struct ex *x, const xmlNode *n, struct app_hold *h)
{
    const xmlNode *c;

    memset(h, 0, sizeof(*h));
    h->tier = TIER_NONE;
    h->line = (int)xmlGetLineNo(n);
    for (c = first_el(n); c != NULL; c = next_el(c)) {
        if (is(c, "code")) {
            char b[64];
            const struct tier_info *ti;
            const struct name_val *t;

            if (text_of(x, c, b, sizeof(b)) < 0)
                continue;
            ti = tier_by_code(b);
            if (ti != NULL) {
                h->tier = ti->id;
                continue;
            }
            for (t = honours; t->name != NULL; t++)
                if (strcmp(b, t->name) == 0)
                    h->honour = (enum app_honour)t->val;
            if (h->honour == APP_HONOUR_NONE)
                bad(x, c, "称号代码既不是梯度代码也不是已知的荣誉称号",
                    "'%s' is neither a tier code nor a known honour", b);
        } else if (is(c, "certificate")) {
            get_text(x, c, h->certificate, sizeof(h->certificate));
        } else if (is(c, "issued")) {
            get_date(x, c, &h->issued);
        } else if (is(c, "validUntil")) {
            get_date(x, c, &h->valid_until);
        } else {
            unknown(x, c);
        }
    }
}

static void ex_assessment(struct ex *x, const xmlNode *n, struct app_assessment *a)
{
    const xmlNode *c, *k;

    for (c = first_el(n); c != NULL; c = next_el(c)) {
        if (is(c, "digitalLevel")) {
            get_int(x, c, &a->digital_level, 1, 4);
        } else if (is(c, "itCoreProcesses")) {
            get_int(x, c, &a->it_core_processes, 0, 3);
        } else if (is(c, "managementCertification")) {
            get_bool(x, c, &a->management_cert);
        } else if (is(c, "foreignProductCertification")) {
            get_bool(x, c, &a->foreign_product_cert);
        } else if (is(c, "ownBrand")) {
            get_bool(x, c, &a->own_brand);
        } else if (is(c, "laozihao")) {
            get_bool(x, c, &a->laozihao);
        } else if (is(c, "strategicEmerging")) {
            get_bool(x, c, &a->strategic_emerging);
        } else if (is(c, "liuji")) {
            get_bool(x, c, &a->liuji);
        } else if (is(c, "keyChainLink")) {
            get_bool(x, c, &a->key_chain_link);
        } else if (is(c, "priorityField")) {
            get_bool(x, c, &a->priority_field);
        } else if (is(c, "platformScore")) {
            get_hundredths(x, c, &a->platform_score_cp, 0, 10000);
        } else if (is(c, "platformScorePrevious")) {
            get_hundredths(x, c, &a->platform_score_prev_cp, 0, 10000);
        } else if (is(c, "creditScore")) {
            get_hundredths(x, c, &a->credit_score_cp, 0, 10000);
        } else if (is(c, "valuationUsd")) {
            get_fen(x, c, &a->valuation_usd_cents);
        } else if (is(c, "chuangke")) {
            for (k = first_el(c); k != NULL; k = next_el(k)) {
                if (is(k, "rank"))
                    get_int(x, k, &a->chuangke_rank, 1, RANK_MAX);
                else if (is(k, "year"))
                    get_int(x, k, &a->chuangke_year, 1900, 9999);
                else
                    unknown(x, k);
            }
        } else if (is(c, "innovationScore")) {
            get_int(x, c, &a->innovation_score, 0, 100);
        } else if (is(c, "hightechField")) {
            a->hightech_field = (enum app_hightech_field)get_enum(x, c, hightech_fields);
        } else if (is(c, "energyAdvanced")) {
            get_bool(x, c, &a->energy_advanced);
        } else if (is(c, "newSector")) {
            get_bool(x, c, &a->new_sector);
        } else if (is(c, "newSectorSince")) {
            get_date(x, c, &a->new_sector_since);
        } else {
            unknown(x, c);
        }
    }
}

static void ex_declarations(struct ex *x, const xmlNode *n, struct app_declarations *d)
{
    static const struct {
        const char *name;
        size_t off;
    } flags[] = {
        {"noMajorAccident", offsetof(struct app_declarations, no_major_accident)},
        {"notOnDishonestyList", offsetof(struct app_declarations, not_dishonest)},
        {"notOnAnomalyList", offsetof(struct app_declarations, not_anomaly)},
        {"noTaxViolation", offsetof(struct app_declarations, no_tax_violation)},
        {"noResearchMisconduct", offsetof(struct app_declarations, no_research_misconduct)},
        {"productsPermitted", offsetof(struct app_declarations, products_permitted)},
        {"independentLegalPerson", offsetof(struct app_declarations, independent_legal_person)},
        {"mainlandResident", offsetof(struct app_declarations, mainland_resident)},
        {"noFraudBan", offsetof(struct app_declarations, no_fraud_ban)},
        {"notControlledByListed", offsetof(struct app_declarations, not_controlled_by_listed)},
        {"operatesInShandong", offsetof(struct app_declarations, operates_in_shandong)},
    };
    const xmlNode *c;
    size_t i;

    for (c = first_el(n); c != NULL; c = next_el(c)) {
        for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
            if (is(c, flags[i].name))
                break;
        if (i == sizeof(flags) / sizeof(flags[0]))
            unknown(x, c);
        else
            get_bool(x, c, (enum app_bool *)((char *)d + flags[i].off));
    }
}

/* Run `fn` on each child element named `item` of list element `n`, storing
 * into arr[*count], refusing more than `cap`. */
#define EX_LIST(x, n, item, arr, count, cap, fn)                                              \
    do {                                                                                      \
        const xmlNode *c_;                                                                    \
        for (c_ = first_el(n); c_ != NULL; c_ = next_el(c_)) {                                \
            if (!is(c_, item)) {                                                              \
                unknown((x), c_);                                                             \
                continue;                                                                     \
            }                                                                                 \
            if ((count) >= (cap)) {                                                           \
                bad((x), c_, "条目数量超过上限", "more than %d <%s> entries", (cap), (item)); \
                break;                                                                        \
            }                                                                                 \
            fn((x), c_, &(arr)[(count)++]);                                                   \
        }                                                                                     \
    } while (0)

enum ingest_status ingest_extract(xmlDocPtr doc, enum tier_id tier, struct application *app,
                                  struct ingest_errors *errs)
{
    struct ex x = {errs, INGEST_OK};
    const xmlNode *root, *c;
    const xmlAttr *rs;

    if (doc == NULL || app == NULL)
        return INGEST_BAD_ARG;
    root = xmlDocGetRootElement(doc);
    if (root == NULL)
        return INGEST_BAD_ARG;
    ingest_application_init(app);
    app->tier = tier;

    rs = attr_of(root, "ruleSet");
    if (rs != NULL) {
        char b[16];

        attr_text(rs, b, sizeof(b));
        app->rule_set = rule_set_by_name(b);
        if (app->rule_set == RULESET_NONE)
            bad(&x, root, "规则版本必须是2022或2026",
                "ruleSet '%s' is neither 2022 nor 2026", b);
    }

    rs = attr_of(root, "kind");
    if (rs != NULL) {
        char b[16];

        attr_text(rs, b, sizeof(b));
        app->kind_renewal = strcmp(b, "renewal") == 0;
    }
    rs = attr_of(root, "renews");
    if (rs != NULL)
        attr_text(rs, app->renews, sizeof app->renews);

    for (c = first_el(root); c != NULL; c = next_el(c)) {
        if (is(c, "submissionDate"))
            get_date(&x, c, &app->submitted);
        else if (is(c, "renewal"))
            get_bool(&x, c, &app->renewal);
        else if (is(c, "enterprise"))
            ex_enterprise(&x, c, &app->enterprise);
        else if (is(c, "financials"))
            ex_financials(&x, c, app);
        else if (is(c, "staff"))
            ex_staff(&x, c, &app->staff);
        else if (is(c, "niche"))
            ex_niche(&x, c, &app->niche);
        else if (is(c, "intellectualProperty"))
            EX_LIST(&x, c, "item", app->ip, app->ip_count, APP_MAX_IP, ex_ip_item);
        else if (is(c, "rdInstitutions"))
            EX_LIST(&x, c, "institution", app->rd_inst, app->rd_inst_count, APP_MAX_RD_INST,
                    ex_rd_inst);
        else if (is(c, "equityFinancing"))
            EX_LIST(&x, c, "round", app->rounds, app->round_count, APP_MAX_ROUNDS, ex_round);
        else if (is(c, "awards"))
            EX_LIST(&x, c, "award", app->awards, app->award_count, APP_MAX_AWARDS, ex_award);
        else if (is(c, "standards"))
            EX_LIST(&x, c, "standard", app->standards, app->standard_count, APP_MAX_STANDARDS,
                    ex_standard);
        else if (is(c, "assessment"))
            ex_assessment(&x, c, &app->assessment);
        else if (is(c, "declarations"))
            ex_declarations(&x, c, &app->decl);
        else if (is(c, "holds"))
            EX_LIST(&x, c, "title", app->holds, app->hold_count, APP_MAX_HOLDS, ex_hold);
        else
            unknown(&x, c);
    }
    if (!APP_DATE_GIVEN(app->submitted))
        bad(&x, root, "缺少申报日期",
            "submissionDate is missing");
    /* kind="renewal" is the registry's word for a renewal; the older
     * <renewal> flag may say the same, but not the opposite */
    if (app->kind_renewal && app->renewal == APP_NO)
        bad(&x, root, "kind=\"renewal\" 与 <renewal>false</renewal> 矛盾",
            "kind=\"renewal\" contradicts <renewal>false</renewal>");
    else if (app->kind_renewal)
        app->renewal = APP_YES;
    return x.st;
}
