/*
 * report.c — the yearly report's data model: building it, checking it, the
 * percent of target, the stable codes, and the labels and number formats the
 * renderers share (see include/tier/report.h and report_int.h).
 *
 * The report is plain data filled by the database layer; this file never
 * allocates, and every function is pure and thread-safe. The percent of
 * target is computed once, here, in 64-bit integers and rounded down to a
 * basis point, so that XML, CSV and HTML cannot disagree and no rendering
 * ever shows a target as met that is not. report_check is the gate every
 * renderer passes first: a report that contradicts itself (a month-end count
 * that is not the year's count, a "new" count that goes down) is refused
 * rather than printed.
 */
#include "tier/report.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "report_int.h"
#include "tier/date.h"
#include "tier/utf8.h"

const struct report_definition report_definitions[] = {
    {"new",
     {"新增：统计年度内（北京时间1月1日至12月31日）发放的证书。“发放”为发放的证书数，"
      "“其中已撤销”为其中截至生成时已被撤销的数（并按撤销类别分列：数据造假、重大安全质量环境事故、"
      "严重失信、偷税漏税、企业申请、其他），“完成（净增）”= 发放 − 其中已撤销，"
      "完成率按净增计算；逐月累计数为1月1日至该月末发放的证书数（未扣除撤销）。"
      "复核（到期换发）发放的证书延续已有称号，不计入新增，以免同一称号重复计数；"
      "被换发的旧证书不算撤销，到期的证书也不算撤销。",
      "new: certificates issued in the year (1 January to 31 December, UTC+8). \"issued\" counts "
      "them, \"of which revoked\" those of them revoked by the time the report was generated "
      "(and, by category: fraud, accident, dishonesty, tax, request, other), and \"achieved "
      "(net)\" = issued − revoked; the percent of target is of the net. The figure for a month "
      "counts those issued from 1 January to the end of that month (gross). A renewal's "
      "certificate (复核) continues a title already counted and is not counted again; an old "
      "certificate superseded by its renewal is not a revocation, nor is one that expired."}},
    {"stock",
     {"存量：12月31日有效的证书数；逐月数为该月末有效的证书数。“有效”指当日已发放、"
      "未过有效期（有效期截止日的次日起不再计入）、未被撤销、未被复核换发的证书，"
      "因此换发前后的新旧两张证书只计一次。",
      "stock: certificates valid on 31 December; the figure for a month counts those valid at "
      "the end of that month. Valid on a day: issued by then, not expired (a title stops "
      "counting the day after its validUntil), not revoked and not superseded by a renewal by "
      "then, so a renewed title counts once, not twice."}},
    {"updatesMissing",
     {"年度数据更新未报：有年度数据更新要求的称号中，截至统计截止日已过最近一个报送截止日期"
      "而未报送当年数据的有效证书数（发放当年无需报送）；逾期未报的证书丧失复核资格。",
      "missing updates: for tiers with a yearly data update, the valid titles whose update due "
      "by the latest deadline passed on the as-of day was not filed (none is due in the year of "
      "issue); such a title loses its right to renewal."}},
    {"floor",
     {"以上：目标为下限，完成数达到目标即为完成。",
      "以上 (at least): the target is a floor, met when the count reaches it."}},
    {"about",
     {"左右：目标为约数，完成数在目标附近即可。",
      "左右 (about): the target is an approximate figure."}},
    {"reach",
     {"达到／力争：目标为应达到的水平。", "达到/力争 (reach): the target is a level to reach."}},
    {"percent",
     {"完成率 = 完成数（新增为净增）÷ 目标，按0.01%向下取整，因此只有达到目标才显示100.00%；"
      "未设目标的不计算完成率，显示为“—”；网页中完成数大于0而不足0.01%的显示为“<0.01%”。",
      "percent of target: achieved (for new: the net) ÷ target, rounded down to 0.01%, so 100.00% means the target "
      "is met; where no target is set there is no percent (shown as —); on the web page a count "
      "above zero below 0.01% shows as <0.01%."}},
    {"pipeline",
     {"申请流程：统计年度内提交的申请按当前状态计数：已受理（待市级审核）、"
      "不符合条件（机审未通过，待市级审核）、已推荐（待省级审核）、已退回、已批准、已驳回。",
      "pipeline: applications submitted in the year, by their state now: received (awaiting the "
      "city), ineligible (a rule failed; awaiting the city), recommended (awaiting the "
      "province), returned, approved, rejected."}},
    {"city",
     {"城市：按申请企业注册地行政区划统计；原莱芜市（3712xx）计入济南市。",
      "cities: by the applicant's registered division; the former Laiwu (3712xx) counts under "
      "Jinan (370100)."}},
    {"months",
     {"统计期间：年度结束后为“全年”；年度未结束时为“1月–M月（截至 日期）”，"
      "M为已结束的最后一个整月，完成数为截至该日的数（含当月已过的天数）。",
      "period: \"全年\" (full year) once the year is over; before that \"1月–M月（截至 date）\" "
      "(January to month M, the last complete month, as of the date), the achieved count being "
      "the count on that date (the days of the month in progress included)."}},
    {"pace",
     {"进度：按“新增”计的目标，应达数 = 目标 × 已过天数 ÷ 全年天数（1月1日至截至日，向上取整）；"
      "净增低于应达数的标“落后进度”。存量目标不计进度。",
      "pace: for a target counted as new, the expected share = target × days elapsed ÷ days in "
      "the year (1 January to the as-of date, rounded up); a net below it is marked \"behind "
      "pace\". Stock targets have no pace."}},
    {"lastYear",
     {"上年：上一年度按同一口径的数：“上年全年”为上年全年数，“上年同期”为上年1月1日至同月同日的数"
      "（新增亦扣除截至生成时已撤销的证书）。",
      "last year: the same figure for the year before: \"full year\" for the whole of it, \"same "
      "period\" from 1 January to the same day (new: net of revocations up to the time of "
      "generation)."}},
    {"approvedVsIssued",
     {"“完成”与“已批准”为何不同：“完成”（新增）数统计年度内发放的证书，不论申请何时提交"
      "（上年提交、本年批准的也计入），并扣除已撤销的；“已批准”统计本年度提交、现已批准的申请。"
      "存量口径的“完成”还包括往年发放、仍在有效期内的证书。",
      "why \"achieved\" and \"approved\" differ: achieved (new) counts certificates issued in the "
      "year whatever year the application was submitted in (one submitted last year and approved "
      "this year counts), less those revoked; \"approved\" counts applications submitted this "
      "year that are approved now. A stock count also holds certificates issued in earlier years "
      "and still valid."}},
};
const int report_definitions_count =
    (int)(sizeof report_definitions / sizeof report_definitions[0]);

static const struct report_text kind_text[REPORT_KIND_COUNT] = {
    {"新增", "new"},
    {"存量", "stock"},
};

static const struct report_text wording_text[REPORT_WORDING_COUNT] = {
    {"以上", "at least"},
    {"左右", "about"},
    {"达到", "reach"},
};

static const char *const kind_codes[REPORT_KIND_COUNT] = {"new", "stock"};
static const char *const wording_codes[REPORT_WORDING_COUNT] = {"floor", "about", "reach"};
static const char *const format_codes[REPORT_FORMAT_COUNT] = {"xml", "csv", "html"};
static const char *const format_types[REPORT_FORMAT_COUNT] = {
    "application/xml; charset=utf-8",
    "text/csv; charset=utf-8; header=present",
    "text/html; charset=utf-8",
};

static const char *const pipeline_codes[REPORT_PIPELINE_COLUMNS] = {
    "received", "ineligible", "recommended", "returned", "approved", "rejected",
};

static const struct report_text pipeline_text[REPORT_PIPELINE_COLUMNS] = {
    {"已受理", "received"}, {"不符合条件", "ineligible"}, {"已推荐", "recommended"},
    {"已退回", "returned"}, {"已批准", "approved"},       {"已驳回", "rejected"},
};

int report_init(struct report *r, int year, const char *city_code, int64_t generated_at)
{
    memset(r, 0, sizeof *r);
    r->year = year;
    r->generated_at = generated_at;
    r->months_covered = REPORT_MONTHS;
    if (year < 1900 || year > 9999)
        return -1;
    if (city_code != NULL && city_code[0] != '\0') {
        if (city_by_code(city_code) == NULL)
            return -1;
        memcpy(r->city_code, city_code, 7); /* city_by_code matched six digits */
    }
    return 0;
}

struct report_tier *report_add_tier(struct report *r, enum tier_id t, enum report_kind kind)
{
    struct report_tier *row;
    int i;

    if (tier_get(t) == NULL || (int)kind < 0 || (int)kind >= REPORT_KIND_COUNT)
        return NULL;
    if (r->ntiers < 0 || r->ntiers >= TIER_COUNT)
        return NULL;
    for (i = 0; i < r->ntiers; i++) {
        if (r->tiers[i].tier == t)
            return NULL;
    }
    row = &r->tiers[r->ntiers++];
    memset(row, 0, sizeof *row);
    row->tier = t;
    row->kind = kind;
    row->wording = REPORT_WORDING_FLOOR;
    return row;
}

enum report_kind report_default_kind(enum tier_id t)
{
    /* 科技型中小企业 "力争入库达到4万家", 高新技术企业 "达到3万家" (domain.md §12a). */
    if (t == TIER_TECH_SME || t == TIER_HIGH_TECH)
        return REPORT_KIND_STOCK;
    return REPORT_KIND_NEW;
}

/* The monthly counts of one scope against its `achieved`. */
static int check_counts(const struct report *r, const struct report_tier *t,
                        const struct report_counts *c, const char *where, char *err,
                        size_t errsz)
{
    const struct tier_info *ti = tier_get(t->tier);
    int m, last = r->months_covered - 1;

    if (t->kind != REPORT_KIND_NEW && c->revoked != 0) {
        snprintf(err, errsz, "%s, %s: a stock count has %lu revoked apart; only new counts do",
                 ti->code, where, (unsigned long)c->revoked);
        return -1;
    }
    if (c->revoked > c->cumulative[last] ||
        c->cumulative[last] - c->revoked != c->achieved) {
        snprintf(err, errsz,
                 "%s, %s: the count at the end of month %d is %lu, %lu of them revoked, but "
                 "achieved is %lu",
                 ti->code, where, last + 1, (unsigned long)c->cumulative[last],
                 (unsigned long)c->revoked, (unsigned long)c->achieved);
        return -1;
    }
    if (t->kind != REPORT_KIND_NEW)
        return 0; /* stock goes down when certificates expire or are revoked */
    for (m = 1; m <= last; m++) {
        if (c->cumulative[m] < c->cumulative[m - 1]) {
            snprintf(err, errsz,
                     "%s, %s: certificates issued by the end of month %d (%lu) are fewer than "
                     "by the end of month %d (%lu)",
                     ti->code, where, m + 1, (unsigned long)c->cumulative[m], m,
                     (unsigned long)c->cumulative[m - 1]);
            return -1;
        }
    }
    return 0;
}

int report_check(const struct report *r, char *err, size_t errsz)
{
    char scratch[8];
    const struct city *cities = city_all();
    int i, j;

    if (err == NULL) {
        err = scratch;
        errsz = sizeof scratch;
    }
    if (errsz > 0)
        err[0] = '\0';
    if (r->year < 1900 || r->year > 9999) {
        snprintf(err, errsz, "year %d is outside 1900..9999", r->year);
        return -1;
    }
    if (memchr(r->city_code, '\0', sizeof r->city_code) == NULL ||
        (r->city_code[0] != '\0' && city_by_code(r->city_code) == NULL)) {
        snprintf(err, errsz, "the report's city is not one of Shandong's 16 cities");
        return -1;
    }
    if (r->months_covered < 1 || r->months_covered > REPORT_MONTHS) {
        snprintf(err, errsz, "months covered %d is outside 1..12", r->months_covered);
        return -1;
    }
    if (r->as_of_day < 0 || r->as_of_day > date_month_days(r->year, r->months_covered)) {
        snprintf(err, errsz, "as-of day %d is not a day of month %d of %d", r->as_of_day,
                 r->months_covered, r->year);
        return -1;
    }
    if (r->ntiers < 0 || r->ntiers > TIER_COUNT) {
        snprintf(err, errsz, "%d tiers; at most %d", r->ntiers, TIER_COUNT);
        return -1;
    }
    for (i = 0; i < r->ntiers; i++) {
        const struct report_tier *t = &r->tiers[i];

        if (tier_get(t->tier) == NULL) {
            snprintf(err, errsz, "tier row %d has no known tier", i + 1);
            return -1;
        }
        for (j = 0; j < i; j++) {
            if (r->tiers[j].tier == t->tier) {
                snprintf(err, errsz, "tier %s appears twice", tier_get(t->tier)->code);
                return -1;
            }
        }
        if ((int)t->kind < 0 || (int)t->kind >= REPORT_KIND_COUNT ||
            (int)t->wording < 0 || (int)t->wording >= REPORT_WORDING_COUNT) {
            snprintf(err, errsz, "tier %s has an unknown kind or wording",
                     tier_get(t->tier)->code);
            return -1;
        }
        if (memchr(t->source, '\0', sizeof t->source) == NULL) {
            snprintf(err, errsz, "tier %s: the target's source is not terminated",
                     tier_get(t->tier)->code);
            return -1;
        }
        if (check_counts(r, t, &t->scope, r->city_code[0] ? r->city_code : "province", err,
                         errsz) != 0)
            return -1;
        if (r->city_code[0] != '\0')
            continue; /* the city rows are not rendered */
        for (j = 0; j < CITY_COUNT; j++) {
            if (check_counts(r, t, &t->cities[j], cities[j].code, err, errsz) != 0)
                return -1;
        }
    }
    return 0;
}

int report_percent_bp(uint32_t achieved, uint32_t target, uint64_t *bp)
{
    if (target == 0)
        return -1;
    /* (2^32 - 1) * 10000 < 2^46: no overflow. Integer division rounds down. */
    *bp = (uint64_t)achieved * 10000u / target;
    return 0;
}

void report_as_of(const struct report *r, char out[11])
{
    struct tier_date d = {r->year, r->months_covered, r->as_of_day};

    if (d.d <= 0)
        d.d = date_month_days(r->year, r->months_covered);
    date_format(&d, out);
}

int report_pace(const struct report *r, const struct report_tier *t,
                const struct report_counts *c, uint32_t *expected)
{
    uint64_t elapsed = 0, year_days = 0, share;
    int m, last = r->months_covered;

    if (t->kind != REPORT_KIND_NEW || !c->has_target)
        return -1;
    for (m = 1; m <= REPORT_MONTHS; m++) {
        int days = date_month_days(r->year, m);

        year_days += (uint64_t)days;
        if (m < last)
            elapsed += (uint64_t)days;
        else if (m == last)
            elapsed += (uint64_t)(r->as_of_day > 0 ? r->as_of_day : days);
    }
    /* target × elapsed < 2^32 × 2^9: exact in 64 bits; rounded up so that
     * "net < expected" is the same test as net × year_days < target × elapsed. */
    share = ((uint64_t)c->target * elapsed + year_days - 1) / year_days;
    *expected = (uint32_t)share;
    return (uint64_t)c->achieved * year_days < (uint64_t)c->target * elapsed;
}

void report_percent_format(uint64_t bp, char out[REPORT_PERCENT_LEN])
{
    snprintf(out, REPORT_PERCENT_LEN, "%llu.%02u", (unsigned long long)(bp / 100),
             (unsigned)(bp % 100));
}

int report_render(const struct report *r, enum report_format f, struct buf *out)
{
    switch (f) {
    case REPORT_FORMAT_XML:
        return report_render_xml(r, out);
    case REPORT_FORMAT_CSV:
        return report_render_csv(r, out);
    case REPORT_FORMAT_HTML:
        return report_render_html(r, out);
    default:
        return REPORT_INVALID;
    }
}

/* Index of `s` among n codes, or -1. */
static int find_code(const char *const *codes, int n, const char *s)
{
    int i;

    if (s == NULL)
        return -1;
    for (i = 0; i < n; i++) {
        if (strcmp(codes[i], s) == 0)
            return i;
    }
    return -1;
}

const char *report_kind_name(enum report_kind k)
{
    return (int)k >= 0 && (int)k < REPORT_KIND_COUNT ? kind_codes[k] : NULL;
}

enum report_kind report_kind_parse(const char *s)
{
    return (enum report_kind)find_code(kind_codes, REPORT_KIND_COUNT, s);
}

const char *report_wording_name(enum report_wording w)
{
    return (int)w >= 0 && (int)w < REPORT_WORDING_COUNT ? wording_codes[w] : NULL;
}

enum report_wording report_wording_parse(const char *s)
{
    return (enum report_wording)find_code(wording_codes, REPORT_WORDING_COUNT, s);
}

const char *report_format_name(enum report_format f)
{
    return (int)f >= 0 && (int)f < REPORT_FORMAT_COUNT ? format_codes[f] : NULL;
}

enum report_format report_format_parse(const char *s)
{
    return (enum report_format)find_code(format_codes, REPORT_FORMAT_COUNT, s);
}

const char *report_format_content_type(enum report_format f)
{
    return (int)f >= 0 && (int)f < REPORT_FORMAT_COUNT ? format_types[f] : NULL;
}

/* ---- shared by the renderers (report_int.h) ---------------------------------------- */

const struct report_text *report_kind_text(enum report_kind k)
{
    return (int)k >= 0 && (int)k < REPORT_KIND_COUNT ? &kind_text[k] : NULL;
}

const struct report_text *report_wording_text(enum report_wording w)
{
    return (int)w >= 0 && (int)w < REPORT_WORDING_COUNT ? &wording_text[w] : NULL;
}

const char *report_pipeline_code(int i)
{
    return pipeline_codes[i];
}

const struct report_text *report_pipeline_text(int i)
{
    return &pipeline_text[i];
}

uint32_t report_pipeline_value(const struct report_pipeline *p, int i)
{
    switch (i) {
    case 0: return p->received;
    case 1: return p->ineligible;
    case 2: return p->recommended;
    case 3: return p->returned;
    case 4: return p->approved;
    default: return p->rejected;
    }
}

uint64_t report_pipeline_total(const struct report_pipeline *p)
{
    uint64_t n = 0;
    int i;

    for (i = 0; i < REPORT_PIPELINE_COLUMNS; i++)
        n += report_pipeline_value(p, i);
    return n;
}

int report_counts_percent(const struct report_counts *c, uint64_t *bp,
                          char out[REPORT_PERCENT_LEN])
{
    out[0] = '\0';
    if (!c->has_target || report_percent_bp(c->achieved, c->target, bp) != 0)
        return 0;
    report_percent_format(*bp, out);
    return 1;
}

void report_format_count(uint64_t n, char out[REPORT_COUNT_LEN])
{
    char digits[24];
    int len, i, o = 0;

    len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)n);
    for (i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

void report_format_time(int64_t t, int iso, char out[REPORT_TIME_LEN])
{
    int64_t s = t + 8 * 3600, days, sec;
    struct tier_date d;

    /* Floor division, so that times before 1970 land on the right day. */
    days = s / 86400;
    if (s % 86400 < 0)
        days--;
    sec = s - days * 86400;
    d = date_from_days((long)days);
    if (iso)
        snprintf(out, REPORT_TIME_LEN, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", d.y, d.m, d.d,
                 (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
    else
        snprintf(out, REPORT_TIME_LEN, "%04d-%02d-%02d %02d:%02d", d.y, d.m, d.d,
                 (int)(sec / 3600), (int)(sec / 60 % 60));
}

int report_char_len(const char *s)
{
    uint32_t cp;
    size_t n = utf8_decode((const unsigned char *)s, SIZE_MAX, &cp); /* stops at the NUL */

    return n > 0 && utf8_is_xml_char(cp) ? (int)n : 0;
}

int report_add_text(struct buf *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *run = p;

    while (*p != '\0') {
        const char *rep = NULL;
        int n = report_char_len((const char *)p);

        switch (n == 1 ? *p : 0) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        case '\t': rep = "&#9;"; break;
        case '\n': rep = "&#10;"; break;
        case '\r': rep = "&#13;"; break;
        default: break;
        }
        if (n == 0)
            rep = "\xef\xbf\xbd"; /* U+FFFD for one bad byte */
        if (rep == NULL) {
            p += n;
            continue;
        }
        if (buf_add(out, run, (size_t)(p - run)) != 0 || buf_adds(out, rep) != 0)
            return -1;
        p += n > 0 ? n : 1;
        run = p;
    }
    return buf_add(out, run, (size_t)(p - run));
}

void report_buf_truncate(struct buf *b, size_t len)
{
    b->len = len;
    if (b->data != NULL)
        b->data[len] = '\0';
}

void report_put(struct report_out *o, const char *s)
{
    if (!o->failed && buf_adds(o->b, s) != 0)
        o->failed = 1;
}

void report_putf(struct report_out *o, const char *fmt, ...)
{
    va_list ap;

    if (o->failed)
        return;
    va_start(ap, fmt);
    if (buf_vprintf(o->b, fmt, ap) != 0)
        o->failed = 1;
    va_end(ap);
}

void report_put_text(struct report_out *o, const char *s)
{
    if (!o->failed && report_add_text(o->b, s) != 0)
        o->failed = 1;
}

void report_put_count(struct report_out *o, uint64_t n)
{
    char s[REPORT_COUNT_LEN];

    report_format_count(n, s);
    report_put(o, s);
}

int report_year_complete(const struct report *r)
{
    return !r->in_progress && r->months_covered == REPORT_MONTHS;
}

void report_period(const struct report *r, char zh[REPORT_PERIOD_LEN],
                   char en[REPORT_PERIOD_LEN])
{
    static const char *const month_en[REPORT_MONTHS] = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December",
    };
    char as_of[11];
    int m = r->months_covered >= 1 && r->months_covered <= REPORT_MONTHS ? r->months_covered : 1;

    if (report_year_complete(r)) {
        snprintf(zh, REPORT_PERIOD_LEN, "全年");
        snprintf(en, REPORT_PERIOD_LEN, "full year");
        return;
    }
    report_as_of(r, as_of);
    /* The label names the complete months only: on 4 December the figures
     * reach the 4th, but December is not over, so "1月–11月（截至 …-12-04）".
     * The last covered month counts as complete when the as-of day is its
     * last day (or unset). */
    if (r->in_progress && r->as_of_day > 0 && r->as_of_day < date_month_days(r->year, m))
        m--;
    if (m == 0) {
        snprintf(zh, REPORT_PERIOD_LEN, "截至 %s", as_of);
        snprintf(en, REPORT_PERIOD_LEN, "as of %s", as_of);
    } else if (m == 1) {
        snprintf(zh, REPORT_PERIOD_LEN, "1月（截至 %s）", as_of);
        snprintf(en, REPORT_PERIOD_LEN, "January (as of %s)", as_of);
    } else {
        snprintf(zh, REPORT_PERIOD_LEN, "1月–%d月（截至 %s）", m, as_of);
        snprintf(en, REPORT_PERIOD_LEN, "January to %s (as of %s)", month_en[m - 1], as_of);
    }
}

const struct city *report_city(const struct report *r)
{
    return r->city_code[0] != '\0' ? city_by_code(r->city_code) : NULL;
}
