/*
 * test_report.c — the yearly report's renderers: the numbers in each format,
 * percent rounding at its edges, a missing target, the CSV's byte-order mark
 * and quoting, an HTML page that fetches nothing, XML that validates against
 * xsd/report.xsd with plain xmllint, and the checks that keep a report that
 * contradicts itself from being rendered.
 *
 * Run from the repository root (make does), or set TIER_XSD_DIR. Set
 * TIER_REPORT_SAMPLE to a folder to also write the sample report there as
 * report.xml, report.csv and report.html for a look in a browser.
 */
#include "tier/report.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* ---- a sample report ------------------------------------------------------------ */

/* Cumulative share of the year's count at the end of each month, in percent:
 * slow in spring, most certificates after the summer batches. */
static const uint32_t profile[12] = {2, 5, 9, 14, 22, 35, 48, 60, 71, 82, 92, 100};

/* Each city's weight in the province (济南 and 青岛 the largest). */
static const uint32_t weight[CITY_COUNT] = {16, 18, 7, 3, 5, 9, 10, 6, 4, 4, 3, 8, 4, 4, 4, 5};

static uint32_t seed;

static uint32_t rnd(uint32_t n)
{
    seed = seed * 1103515245u + 12345u;
    return (seed >> 8) % n;
}

/* Spread `total` new (or `total` stock on top of `base`) over the cities and
 * months; the province is the sum of the cities. */
static void fill(struct report_tier *t, uint32_t total, uint32_t base)
{
    uint32_t wsum = 0, given = 0, bgiven = 0;
    int j, m;

    for (j = 0; j < CITY_COUNT; j++)
        wsum += weight[j];
    memset(&t->scope, 0, sizeof t->scope);
    for (j = 0; j < CITY_COUNT; j++) {
        struct report_counts *c = &t->cities[j];
        uint32_t share = j == CITY_COUNT - 1 ? total - given : total * weight[j] / wsum;
        uint32_t bshare = j == CITY_COUNT - 1 ? base - bgiven : base * weight[j] / wsum;

        given += share;
        bgiven += bshare;
        for (m = 0; m < 12; m++) {
            c->cumulative[m] = bshare + share * profile[m] / 100;
            t->scope.cumulative[m] += c->cumulative[m];
        }
        /* a "new" count loses a fortieth to revocations; last year had a tenth less */
        c->revoked = base == 0 ? share / 40 : 0;
        c->achieved = c->cumulative[11] - c->revoked;
        c->has_last_year = 1;
        c->last_year = c->achieved * 9 / 10;
        c->last_year_to_date = c->last_year;
        t->scope.revoked += c->revoked;
        t->scope.last_year += c->last_year;
        t->scope.last_year_to_date += c->last_year_to_date;
        c->pipeline.received = rnd(40);
        c->pipeline.ineligible = rnd(15);
        c->pipeline.recommended = rnd(30);
        c->pipeline.returned = rnd(10);
        c->pipeline.approved = share;
        c->pipeline.rejected = rnd(8);
        t->scope.pipeline.received += c->pipeline.received;
        t->scope.pipeline.ineligible += c->pipeline.ineligible;
        t->scope.pipeline.recommended += c->pipeline.recommended;
        t->scope.pipeline.returned += c->pipeline.returned;
        t->scope.pipeline.approved += c->pipeline.approved;
        t->scope.pipeline.rejected += c->pipeline.rejected;
    }
    t->scope.achieved = t->scope.cumulative[11] - t->scope.revoked;
    t->scope.has_last_year = 1;
}

static void target(struct report_tier *t, uint32_t n, enum report_wording w, const char *source)
{
    t->scope.has_target = 1;
    t->scope.target = n;
    t->wording = w;
    snprintf(t->source, sizeof t->source, "%s", source);
}

/* The 2023 plan (domain.md §12a) with made-up counts; 1700000000 is
 * 2023-11-15 06:13:20 in UTC+8. */
static struct report *sample(void)
{
    struct report *r = malloc(sizeof *r);
    struct report_tier *t;

    seed = 2023;
    CU_ASSERT_FATAL(r != NULL);
    CU_ASSERT_EQUAL_FATAL(report_init(r, 2023, NULL, 1700000000), 0);

    t = report_add_tier(r, TIER_SPECIALIZED_SME, REPORT_KIND_NEW);
    fill(t, 1187, 0);
    target(t, 1000, REPORT_WORDING_FLOOR,
           "鲁政办字〔2023〕78号 二(三)2: 专精特新中小企业1000家以上");
    t->cities[0].has_target = 1; /* 济南 has a city target of its own */
    t->cities[0].target = 150;

    t = report_add_tier(r, TIER_LITTLE_GIANT, REPORT_KIND_NEW);
    fill(t, 166, 0);
    target(t, 200, REPORT_WORDING_ABOUT,
           "鲁政办字〔2023〕78号 二(三)2: 专精特新“小巨人”企业200家左右");

    t = report_add_tier(r, TIER_SINGLE_CHAMPION, REPORT_KIND_NEW);
    fill(t, 93, 0);
    target(t, 200, REPORT_WORDING_ABOUT,
           "鲁政办字〔2023〕78号 二(三)2: 省级以上制造业单项冠军200家左右");

    t = report_add_tier(r, TIER_LEADING, REPORT_KIND_NEW);
    fill(t, 31, 0);
    target(t, 30, REPORT_WORDING_ABOUT,
           "鲁政办字〔2023〕78号 二(三)2: 遴选制造业领航企业30家左右");

    t = report_add_tier(r, TIER_TECH_SME, REPORT_KIND_STOCK);
    fill(t, 9000, 33123);
    target(t, 40000, REPORT_WORDING_REACH,
           "鲁政办字〔2023〕78号 二(三)1: 科技型中小企业力争入库达到4万家");

    t = report_add_tier(r, TIER_HIGH_TECH, REPORT_KIND_STOCK);
    fill(t, 4100, 24400);
    target(t, 30000, REPORT_WORDING_REACH,
           "鲁政办字〔2023〕78号 二(三)1: 高新技术企业达到3万家");

    t = report_add_tier(r, TIER_INNOVATIVE_SME, REPORT_KIND_NEW);
    fill(t, 2650, 0); /* no target */

    CU_ASSERT_EQUAL(report_check(r, NULL, 0), 0);
    return r;
}

static struct report_tier *row(struct report *r, enum tier_id id)
{
    int i;

    for (i = 0; i < r->ntiers; i++) {
        if (r->tiers[i].tier == id)
            return &r->tiers[i];
    }
    CU_FAIL_FATAL("tier not in the sample");
    return NULL;
}

/* Cut a year in progress at day `day` (0: the end) of month `months`:
 * achieved is that month's count, net of the revoked. */
static void cover(struct report *r, int months, int day)
{
    int i, j;

    r->months_covered = months;
    r->in_progress = 1;
    r->as_of_day = day;
    for (i = 0; i < r->ntiers; i++) {
        struct report_tier *t = &r->tiers[i];

        t->scope.achieved = t->scope.cumulative[months - 1] - t->scope.revoked;
        for (j = 0; j < CITY_COUNT; j++)
            t->cities[j].achieved = t->cities[j].cumulative[months - 1] - t->cities[j].revoked;
    }
}

/* Set one scope to a given count issued in every month, none revoked. */
static void flat(struct report_counts *c, uint32_t n)
{
    int m;

    for (m = 0; m < 12; m++)
        c->cumulative[m] = n;
    c->revoked = 0;
    c->achieved = n;
}

static char *render(const struct report *r, enum report_format f)
{
    struct buf b;
    char *s;

    buf_init(&b, 16u << 20);
    CU_ASSERT_EQUAL(report_render(r, f, &b), REPORT_OK);
    s = buf_detach(&b, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    return s;
}

static int contains(const char *hay, const char *needle)
{
    if (strstr(hay, needle) != NULL)
        return 1;
    fprintf(stderr, "\n  missing: %s\n", needle);
    return 0;
}

static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    const char *p = hay;

    while ((p = strstr(p, needle)) != NULL) {
        n++;
        p += strlen(needle);
    }
    return n;
}

/* ---- xmllint ---------------------------------------------------------------------- */

static const char *xsd_dir(void)
{
    const char *d = getenv("TIER_XSD_DIR");
    return d != NULL && d[0] != '\0' ? d : "xsd";
}

/* Write doc to a temporary file and run plain `xmllint --noout --schema`.
 * Returns xmllint's exit status (0 valid); its messages go to stderr. */
static int xmllint(const char *doc)
{
    char path[] = "/tmp/tierd-report-XXXXXX";
    char cmd[1024];
    FILE *f;
    int fd, rc;

    fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    f = fdopen(fd, "w");
    CU_ASSERT_FATAL(f != NULL);
    fputs(doc, f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "xmllint --noout --schema '%s/report.xsd' '%s' 2>/tmp/xmllint.err",
             xsd_dir(), path);
    rc = system(cmd);
    if (rc != 0) {
        fprintf(stderr, "\n  %s: exit %d\n", cmd, rc);
        if (system("head -20 /tmp/xmllint.err >&2") != 0)
            fprintf(stderr, "  (no messages)\n");
    }
    unlink(path);
    unlink("/tmp/xmllint.err");
    return rc;
}

/* ---- percent ---------------------------------------------------------------------- */

static void check_percent(uint32_t achieved, uint32_t target, uint64_t want_bp, const char *want)
{
    char s[REPORT_PERCENT_LEN];
    uint64_t bp = 12345;

    CU_ASSERT_EQUAL(report_percent_bp(achieved, target, &bp), 0);
    CU_ASSERT_EQUAL(bp, want_bp);
    report_percent_format(bp, s);
    if (strcmp(s, want) != 0)
        fprintf(stderr, "\n  %u/%u: got %s, want %s\n", achieved, target, s, want);
    CU_ASSERT_STRING_EQUAL(s, want);
}

static void test_percent_rounds_down_to_a_basis_point(void)
{
    uint64_t bp = 7;

    check_percent(999, 1000, 9990, "99.90");
    check_percent(1, 3, 3333, "33.33");
    check_percent(2, 3, 6666, "66.66");     /* down, not 66.67 */
    check_percent(19999, 20000, 9999, "99.99"); /* never 100.00 while short */
    check_percent(1999999, 2000000, 9999, "99.99");
    check_percent(200, 200, 10000, "100.00");
    check_percent(1187, 1000, 11870, "118.70");
    check_percent(0, 1000, 0, "0.00");
    check_percent(1, 10000, 1, "0.01");
    check_percent(9, 100000, 0, "0.00");
    check_percent(31, 30, 10333, "103.33");
    check_percent(UINT32_MAX, 1, (uint64_t)UINT32_MAX * 10000, "429496729500.00");
    check_percent(UINT32_MAX, UINT32_MAX, 10000, "100.00");
    CU_ASSERT_EQUAL(report_percent_bp(5, 0, &bp), -1);
    CU_ASSERT_EQUAL(bp, 7);
}

/* ---- XML -------------------------------------------------------------------------- */

static void test_xml_carries_the_numbers(void)
{
    struct report *r = sample();
    struct report_tier *t = row(r, TIER_SPECIALIZED_SME);
    char *x;

    flat(&t->scope, 1008);
    t->scope.cumulative[0] = 17;
    t->scope.revoked = 9; /* 1,008 issued, 9 of them revoked since: 999 net */
    t->scope.achieved = 999;
    t->scope.last_year = 870;
    t->scope.last_year_to_date = 870;
    t->scope.pipeline.received = 41;
    t->scope.pipeline.ineligible = 12;
    t->scope.pipeline.recommended = 33;
    t->scope.pipeline.returned = 7;
    t->scope.pipeline.approved = 999;
    t->scope.pipeline.rejected = 5;
    x = render(r, REPORT_FORMAT_XML);
    CU_ASSERT(contains(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<report "
                          "xmlns=\"urn:tierd:report:1\" year=\"2023\" scope=\"province\" "
                          "generatedAt=\"2023-11-15T06:13:20+08:00\" monthsCovered=\"12\" "
                          "asOf=\"2023-12-31\" yearComplete=\"true\">\n<period><zh>全年</zh><en>"
                          "full year</en></period>"));
    CU_ASSERT(contains(x, "<tier code=\"specialized-sme\" nameZh=\"专精特新中小企业\" "
                          "nameEn=\"Specialized, refined, distinctive and innovative SME\" "
                          "kind=\"new\">"));
    CU_ASSERT(contains(x, "<target wording=\"floor\" source=\"鲁政办字〔2023〕78号 二(三)2: "
                          "专精特新中小企业1000家以上\">1000</target><issued>1008</issued>"
                          "<revoked>9</revoked><achieved>999</achieved>"
                          "<percent basisPoints=\"9990\">99.90</percent>"
                          "<pace expected=\"1000\" behind=\"true\"/>"
                          "<lastYear fullYear=\"870\" samePeriod=\"870\"/><monthly>"
                          "<month number=\"1\">17</month><month number=\"2\">1008</month>"));
    CU_ASSERT(contains(x, "<month number=\"12\">1008</month></monthly><pipeline received=\"41\" "
                          "ineligible=\"12\" recommended=\"33\" returned=\"7\" approved=\"999\" "
                          "rejected=\"5\" total=\"1097\"/>"));
    /* Stock has no issued, revoked or pace. */
    CU_ASSERT(contains(x, "kind=\"stock\">\n<target wording=\"reach\" source=\"鲁政办字〔2023〕78号 "
                          "二(三)1: 高新技术企业达到3万家\">30000</target><achieved>"));
    /* The tier's name in the single quotes of 小巨人's English is escaped. */
    CU_ASSERT(contains(x, "nameEn=\"Specialized and sophisticated &#39;little giant&#39;\""));
    CU_ASSERT(contains(x, "<tier code=\"high-tech\" nameZh=\"高新技术企业\" "
                          "nameEn=\"High-tech enterprise\" kind=\"stock\">"));
    CU_ASSERT(contains(x, "<city code=\"370100\" nameZh=\"济南市\" nameEn=\"Jinan\"><target "
                          "wording=\"floor\">150</target>"));
    CU_ASSERT(contains(x, "<definition term=\"stock\">"));
    CU_ASSERT_EQUAL(count_of(x, "<tier "), 7);
    CU_ASSERT_EQUAL(count_of(x, "<city "), 7 * CITY_COUNT);
    CU_ASSERT_EQUAL(count_of(x, "<month "), 7 * (CITY_COUNT + 1) * 12);
    CU_ASSERT_EQUAL(xmllint(x), 0);
    free(x);
    free(r);
}

/* Issue 17: the revoked split by category, and the missing yearly updates. */
static void test_xml_and_html_say_what_the_revoked_were_revoked_for_and_the_missing_updates(void)
{
    struct report *r = sample();
    struct report_tier *t = row(r, TIER_SPECIALIZED_SME);
    char *x;

    flat(&t->scope, 1008);
    t->scope.revoked = 9;
    t->scope.revoked_by[REVOCATION_FRAUD] = 2;
    t->scope.revoked_by[REVOCATION_REQUEST] = 3;
    t->scope.revoked_by[REVOCATION_OTHER] = 4;
    t->scope.achieved = 999;
    t->scope.has_updates = 1;
    t->scope.updates_missing = 12;
    x = render(r, REPORT_FORMAT_XML);
    CU_ASSERT(contains(x, "<issued>1008</issued><revoked other=\"4\" fraud=\"2\" "
                          "request=\"3\">9</revoked><achieved>999</achieved>"));
    CU_ASSERT(contains(x, "\"/><updatesMissing>12</updatesMissing>\n"));
    CU_ASSERT(contains(x, "<definition term=\"updatesMissing\">"));
    CU_ASSERT_EQUAL(xmllint(x), 0);
    free(x);
    x = render(r, REPORT_FORMAT_HTML);
    CU_ASSERT(contains(x, "其中已撤销：9（其他 4、数据造假 2、企业申请 3）"));
    CU_ASSERT(contains(x, "年度数据更新未报 <span class=\"en\">(missing updates)</span>：12"));
    free(x);
    free(r);
}

static void test_xml_without_a_target_has_no_percent(void)
{
    struct report *r = sample();
    char *x, *inno, want[160];

    x = render(r, REPORT_FORMAT_XML);
    inno = strstr(x, "<tier code=\"innovative-sme\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(inno);
    snprintf(want, sizeof want,
             "<issued>2650</issued><revoked>%u</revoked><achieved>%u</achieved><lastYear ",
             row(r, TIER_INNOVATIVE_SME)->scope.revoked, 2650 - row(r, TIER_INNOVATIVE_SME)->scope.revoked);
    CU_ASSERT(row(r, TIER_INNOVATIVE_SME)->scope.revoked > 0);
    CU_ASSERT(strncmp(strchr(inno, '\n') + 1, want, strlen(want)) == 0);
    CU_ASSERT_EQUAL(xmllint(x), 0);
    free(x);
    free(r);
}

static void test_xml_validates_for_a_city_and_a_part_year(void)
{
    struct report *r = malloc(sizeof *r);
    struct report_tier *t;
    char *x;

    CU_ASSERT_FATAL(r != NULL);
    CU_ASSERT_EQUAL(report_init(r, 2026, "371700", 1782000000), 0);
    r->months_covered = 7;
    t = report_add_tier(r, TIER_LITTLE_GIANT, REPORT_KIND_NEW);
    t->scope.cumulative[5] = 2;
    t->scope.cumulative[6] = 3;
    t->scope.cumulative[7] = 99; /* past the covered months: not rendered */
    t->scope.achieved = 3;
    t->scope.has_target = 1;
    t->scope.target = 12;
    t->wording = REPORT_WORDING_ABOUT;
    x = render(r, REPORT_FORMAT_XML);
    CU_ASSERT(contains(x, "scope=\"city\" city=\"371700\""));
    CU_ASSERT(contains(x, "monthsCovered=\"7\""));
    CU_ASSERT(contains(x, "<month number=\"7\">3</month></monthly>"));
    CU_ASSERT(contains(x, "<percent basisPoints=\"2500\">25.00</percent>"));
    CU_ASSERT_EQUAL(count_of(x, "<month "), 7);
    CU_ASSERT_EQUAL(count_of(x, "<city "), 0);
    CU_ASSERT_PTR_NULL(strstr(x, ">99<"));
    CU_ASSERT_EQUAL(xmllint(x), 0);
    free(x);
    free(r);
}

static void test_xml_validates_with_hostile_text(void)
{
    struct report *r = sample();
    char *x;

    snprintf(row(r, TIER_LEADING)->source, REPORT_SOURCE_MAX + 1, "%s",
             "<b>&amp;\"quoted\" 'x' ]]> \x01\x7f bad\xff\xfe utf8 \xed\xa0\x80 line\nbreak\ttab");
    x = render(r, REPORT_FORMAT_XML);
    CU_ASSERT(contains(x, "source=\"&lt;b&gt;&amp;amp;&quot;quoted&quot; &#39;x&#39; ]]&gt; "
                          "\xef\xbf\xbd\x7f bad\xef\xbf\xbd\xef\xbf\xbd utf8 "
                          "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd line&#10;break&#9;tab\""));
    CU_ASSERT_EQUAL(xmllint(x), 0);
    free(x);
    free(r);
}

static void test_xml_with_no_tiers_validates(void)
{
    struct report r;
    char *x;

    report_init(&r, 2024, "", 0);
    x = render(&r, REPORT_FORMAT_XML);
    CU_ASSERT(contains(x, "generatedAt=\"1970-01-01T08:00:00+08:00\""));
    CU_ASSERT_EQUAL(xmllint(x), 0);
    free(x);
}

/* ---- CSV -------------------------------------------------------------------------- */

#define CSV_MAX_FIELDS 60
#define CSV_MAX_ROWS 200

/* A strict RFC 4180 reader for the test: rows end in CRLF, quoted fields may
 * hold anything, quotes doubled. Fields point into `s`, which it rewrites. */
struct csv {
    int rows;
    int nf[CSV_MAX_ROWS];
    char *f[CSV_MAX_ROWS][CSV_MAX_FIELDS];
};

static int csv_parse(char *s, struct csv *c)
{
    char *p = s, *w;

    c->rows = 0;
    while (*p != '\0') {
        int r = c->rows++, n = 0;

        if (r >= CSV_MAX_ROWS)
            return -1;
        for (;;) {
            if (n >= CSV_MAX_FIELDS)
                return -1;
            c->f[r][n++] = w = p;
            if (*p == '"') {
                p++;
                for (;;) {
                    if (*p == '\0')
                        return -1;
                    if (*p == '"' && p[1] == '"') {
                        *w++ = '"';
                        p += 2;
                    } else if (*p == '"') {
                        p++;
                        break;
                    } else {
                        *w++ = *p++;
                    }
                }
            } else {
                while (*p != ',' && *p != '\r' && *p != '\n' && *p != '\0' && *p != '"')
                    *w++ = *p++;
                if (*p == '"' || *p == '\n')
                    return -1; /* a quote inside an unquoted field, or a bare LF */
            }
            if (*p == ',') {
                *w = '\0';
                p++;
                continue;
            }
            if (p[0] != '\r' || p[1] != '\n')
                return -1;
            *w = '\0';
            p += 2;
            break;
        }
        c->nf[r] = n;
    }
    return 0;
}

static struct csv *csv_of(char *s)
{
    struct csv *c = malloc(sizeof *c);

    CU_ASSERT_FATAL(c != NULL);
    CU_ASSERT_EQUAL_FATAL(csv_parse(s, c), 0);
    return c;
}

/* Column numbers (0-based) of the CSV. */
enum {
    C_YEAR, C_PERIOD, C_AS_OF, C_SCOPE, C_CITY, C_CITY_ZH, C_CITY_EN, C_TIER, C_TIER_ZH,
    C_TIER_EN, C_KIND, C_TARGET, C_WORDING, C_ISSUED, C_REVOKED, C_ACHIEVED, C_PERCENT,
    C_EXPECTED, C_BEHIND, C_LAST_YEAR, C_LAST_YEAR_TO_DATE, C_JAN, C_DEC = C_JAN + 11, C_RECEIVED,
    C_INELIGIBLE, C_RECOMMENDED, C_RETURNED, C_APPROVED, C_REJECTED, C_TOTAL, C_SOURCE,
    C_REVOKED_BY, C_UPDATES_MISSING, C_COUNT
};

static void test_csv_has_a_bom_a_header_and_one_row_per_tier_and_city(void)
{
    struct report *r = sample();
    struct csv *c;
    char *s;
    int i;

    s = render(r, REPORT_FORMAT_CSV);
    CU_ASSERT(memcmp(s, "\xef\xbb\xbf", 3) == 0);
    CU_ASSERT(strncmp(s + 3, "年度 (year),统计期间 (period),截至 (as of),范围 (scope),", 58) == 0);
    c = csv_of(s + 3);
    CU_ASSERT_EQUAL(c->rows, 1 + 7 * (1 + CITY_COUNT));
    for (i = 0; i < c->rows; i++)
        CU_ASSERT_EQUAL(c->nf[i], C_COUNT);
    CU_ASSERT_STRING_EQUAL(c->f[0][C_PERCENT], "完成率% (percent of target, rounded down to 0.01)");
    /* Row 1: the province's 专精特新. */
    CU_ASSERT_STRING_EQUAL(c->f[1][C_YEAR], "2023");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_SCOPE], "province");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_CITY], "370000");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_CITY_ZH], "山东省");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_TIER], "specialized-sme");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_TIER_EN],
                           "Specialized, refined, distinctive and innovative SME");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_KIND], "new");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_TARGET], "1000");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_WORDING], "floor");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_PERIOD], "全年");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_AS_OF], "2023-12-31");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_ISSUED], "1187");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_REVOKED], "23");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_ACHIEVED], "1164"); /* the net */
    CU_ASSERT_STRING_EQUAL(c->f[1][C_PERCENT], "116.40");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_EXPECTED], "1000");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_BEHIND], "否");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_LAST_YEAR], "1038");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_LAST_YEAR_TO_DATE], "1038");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_DEC], "1187");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_APPROVED], "1187");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_SOURCE],
                           "鲁政办字〔2023〕78号 二(三)2: 专精特新中小企业1000家以上");
    /* Row 2: 济南's 专精特新, with its own target; 3: 青岛's, without. */
    CU_ASSERT_STRING_EQUAL(c->f[2][C_SCOPE], "city");
    CU_ASSERT_STRING_EQUAL(c->f[2][C_CITY], "370100");
    CU_ASSERT_STRING_EQUAL(c->f[2][C_CITY_ZH], "济南市");
    CU_ASSERT_STRING_EQUAL(c->f[2][C_CITY_EN], "Jinan");
    CU_ASSERT_STRING_EQUAL(c->f[2][C_TARGET], "150");
    CU_ASSERT_STRING_EQUAL(c->f[2][C_SOURCE], "");
    CU_ASSERT_STRING_EQUAL(c->f[3][C_CITY], "370200");
    CU_ASSERT_STRING_EQUAL(c->f[3][C_TARGET], "");
    CU_ASSERT_STRING_EQUAL(c->f[3][C_WORDING], "");
    CU_ASSERT_STRING_EQUAL(c->f[3][C_PERCENT], "");
    /* 泰安 is the ninth city; its English name has an apostrophe, unquoted. */
    CU_ASSERT_STRING_EQUAL(c->f[10][C_CITY_EN], "Tai'an");
    /* The row after the 16 cities is the next tier's province row. */
    CU_ASSERT_STRING_EQUAL(c->f[18][C_TIER], "little-giant");
    CU_ASSERT_STRING_EQUAL(c->f[18][C_TIER_ZH], "专精特新“小巨人”企业");
    CU_ASSERT_STRING_EQUAL(c->f[18][C_WORDING], "about");
    CU_ASSERT_STRING_EQUAL(c->f[18][C_PERCENT], "83.00");
    free(c);
    free(s);
    free(r);
}

/* Issue 17: the revoked by category and the missing yearly updates, as the
 * last two columns. */
static void test_csv_says_what_the_revoked_were_revoked_for_and_the_missing_updates(void)
{
    struct report *r = sample();
    struct report_tier *t = row(r, TIER_SPECIALIZED_SME);
    struct csv *c;
    char *x;

    flat(&t->scope, 1008);
    t->scope.revoked = 9;
    t->scope.revoked_by[REVOCATION_FRAUD] = 2;
    t->scope.revoked_by[REVOCATION_REQUEST] = 3;
    t->scope.revoked_by[REVOCATION_OTHER] = 4;
    t->scope.achieved = 999;
    t->scope.has_updates = 1;
    t->scope.updates_missing = 12;
    x = render(r, REPORT_FORMAT_CSV);
    c = csv_of(x);
    CU_ASSERT_STRING_EQUAL(c->f[1][C_TIER], "specialized-sme");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_REVOKED_BY], "other=4 fraud=2 request=3");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_UPDATES_MISSING], "12");
    CU_ASSERT_STRING_EQUAL(c->f[2][C_UPDATES_MISSING], ""); /* a city: not counted here */
    free(c);
    free(x);
    free(r);
}

static void test_csv_quotes_commas_and_quotes(void)
{
    struct report *r = sample();
    char *s;

    snprintf(row(r, TIER_LEADING)->source, REPORT_SOURCE_MAX + 1, "%s",
             "遴选30家左右, \"领航\" (first batch)");
    s = render(r, REPORT_FORMAT_CSV);
    CU_ASSERT(contains(s, ",\"Specialized, refined, distinctive and innovative SME\","));
    /* then the two columns of issue 17, empty here */
    CU_ASSERT(contains(s, ",\"遴选30家左右, \"\"领航\"\" (first batch)\",,\r\n"));
    CU_ASSERT(contains(s, ",Specialized and sophisticated 'little giant',"));
    CU_ASSERT(contains(s, "\r\n2023,全年,2023-12-31,city,370900,泰安市,Tai'an,"));
    CU_ASSERT_PTR_NULL(strstr(s, "\n\n"));
    free(s);
    free(r);
}

static void test_csv_defuses_formulas_and_bad_bytes(void)
{
    struct report *r = sample();
    struct csv *c;
    char *s;

    snprintf(row(r, TIER_LEADING)->source, REPORT_SOURCE_MAX + 1, "%s",
             "=HYPERLINK(\"http://x\",\"y\")");
    snprintf(row(r, TIER_HIGH_TECH)->source, REPORT_SOURCE_MAX + 1, "%s", "bad\xff\x01 line\nend");
    s = render(r, REPORT_FORMAT_CSV);
    c = csv_of(s + 3);
    CU_ASSERT_STRING_EQUAL(c->f[1 + 3 * 17][C_SOURCE], "'=HYPERLINK(\"http://x\",\"y\")");
    CU_ASSERT_STRING_EQUAL(c->f[1 + 5 * 17][C_SOURCE], "bad\xef\xbf\xbd\xef\xbf\xbd line\nend");
    free(c);
    free(s);
    free(r);
}

static void test_csv_for_a_city_and_a_part_year(void)
{
    struct report *r = sample();
    struct report *city = malloc(sizeof *city);
    struct csv *c;
    char *s;
    int i;

    CU_ASSERT_FATAL(city != NULL);
    report_init(city, 2023, "370100", 1700000000);
    for (i = 0; i < r->ntiers; i++) {
        struct report_tier *t = report_add_tier(city, r->tiers[i].tier, r->tiers[i].kind);
        t->scope = r->tiers[i].cities[0];
    }
    cover(city, 10, 0);
    s = render(city, REPORT_FORMAT_CSV);
    c = csv_of(s + 3);
    CU_ASSERT_EQUAL(c->rows, 1 + 7);
    CU_ASSERT_STRING_EQUAL(c->f[1][C_SCOPE], "city");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_CITY], "370100");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_JAN + 9], c->f[1][C_ISSUED]);
    CU_ASSERT_STRING_EQUAL(c->f[1][C_PERIOD], "1月–10月（截至 2023-10-31）");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_AS_OF], "2023-10-31");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_JAN + 10], "");
    CU_ASSERT_STRING_EQUAL(c->f[1][C_DEC], "");
    free(c);
    free(s);
    free(city);
    free(r);
}

/* ---- HTML ------------------------------------------------------------------------- */

static void test_html_is_self_contained(void)
{
    struct report *r = sample();
    char *h, *p;

    h = render(r, REPORT_FORMAT_HTML);
    CU_ASSERT(strncmp(h, "<!DOCTYPE html>\n<html lang=\"zh-CN\">", 35) == 0);
    CU_ASSERT_PTR_NULL(strcasestr(h, "<script"));
    CU_ASSERT_PTR_NULL(strcasestr(h, "javascript:"));
    /* No event-handler attributes (onload=, onclick= ...). */
    for (p = strcasestr(h, " on"); p != NULL; p = strcasestr(p + 3, " on")) {
        const char *q = p + 3;

        while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z'))
            q++;
        CU_ASSERT(*q != '=');
    }
    CU_ASSERT_PTR_NULL(strcasestr(h, "src="));
    CU_ASSERT_PTR_NULL(strcasestr(h, "<link"));
    CU_ASSERT_PTR_NULL(strcasestr(h, "<iframe"));
    CU_ASSERT_PTR_NULL(strcasestr(h, "<img"));
    CU_ASSERT_PTR_NULL(strcasestr(h, "@import"));
    CU_ASSERT_PTR_NULL(strcasestr(h, "url("));
    CU_ASSERT_PTR_NULL(strcasestr(h, "http:"));
    CU_ASSERT_PTR_NULL(strcasestr(h, "https:"));
    /* Every link stays on the page. */
    for (p = strcasestr(h, "href="); p != NULL; p = strcasestr(p + 5, "href="))
        CU_ASSERT(strncmp(p, "href=\"#", 7) == 0);
    CU_ASSERT_EQUAL(count_of(h, "<style>"), 1);
    CU_ASSERT_EQUAL(count_of(h, "<svg "), 7);
    CU_ASSERT_EQUAL(count_of(h, "</svg>"), 7);
    free(h);
    free(r);
}

static void test_html_shows_numbers_targets_and_definitions(void)
{
    struct report *r = sample();
    struct report_tier *t = row(r, TIER_SPECIALIZED_SME);
    char *h;

    flat(&t->scope, 999);
    h = render(r, REPORT_FORMAT_HTML);
    CU_ASSERT(contains(h, "<title>2023年度优质企业梯度培育目标完成情况 — 山东省"));
    CU_ASSERT(contains(h, "2023-11-15 06:13"));
    CU_ASSERT(contains(h, "1,000家以上"));
    CU_ASSERT(contains(h, "200家左右"));
    CU_ASSERT(contains(h, "达到40,000家"));
    CU_ASSERT(contains(h, "<td class=\"n\">999</td><td class=\"n\">99.90%"));
    CU_ASSERT(contains(h, "<strong>99.90%</strong>"));
    CU_ASSERT(contains(h, "style=\"width:99.90%\""));
    /* 领航 exceeded its target: full, green bar, 103.33%. */
    CU_ASSERT(contains(h, "103.33%<div class=\"progress\"><span class=\"met\" "
                          "style=\"width:100.00%\">"));
    /* The definitions of what is counted. */
    CU_ASSERT(contains(h, "certificates issued in the year"));
    CU_ASSERT(contains(h, "stock: certificates valid on 31 December; the figure"));
    /* the lifecycle states as counted (issue 17): expiry, supersession, renewals */
    CU_ASSERT(contains(h, "stops counting the day after its validUntil"));
    CU_ASSERT(contains(h, "not superseded by a renewal"));
    CU_ASSERT(contains(h, "A renewal&#39;s certificate") || contains(h, "A renewal's certificate"));
    CU_ASSERT(contains(h, "missing updates:"));
    CU_ASSERT(contains(h, "以上 (at least)"));
    CU_ASSERT(contains(h, "左右 (about)"));
    CU_ASSERT(contains(h, "rounded down to 0.01%"));
    CU_ASSERT(contains(h, "原莱芜市（3712xx）计入济南市"));
    /* Sixteen cities per tier, and the chart's target line. */
    CU_ASSERT_EQUAL(count_of(h, "<span class=\"en inline\">370100 Jinan</span>"), 7);
    CU_ASSERT_EQUAL(count_of(h, "<span class=\"en inline\">371700 Heze</span>"), 7);
    CU_ASSERT(contains(h, "<line class=\"target\""));
    CU_ASSERT(contains(h, ">1,000以上</text>"));
    CU_ASSERT(contains(h, ">达到40,000</text>"));
    CU_ASSERT(contains(h, "目标 1,000家以上<span class=\"en\">at least 1,000</span>"));
    CU_ASSERT(contains(h, "目标 达到30,000家<span class=\"en\">reach 30,000</span>"));
    CU_ASSERT(contains(h, "<span class=\"en inline\">370900 Tai&#39;an</span>"));
    free(h);
    free(r);
}

static void test_html_without_a_target_shows_a_dash(void)
{
    struct report *r = sample();
    struct report_tier *t = row(r, TIER_LEADING);
    char *h, *sec, *end;

    t->scope.target = 0; /* a target of 0: no percent, no division */
    h = render(r, REPORT_FORMAT_HTML);
    sec = strstr(h, "<section class=\"tier\" id=\"tier-innovative-sme\">");
    CU_ASSERT_PTR_NOT_NULL_FATAL(sec);
    end = strstr(sec, "</section>");
    CU_ASSERT_PTR_NOT_NULL_FATAL(end);
    *end = '\0';
    CU_ASSERT(contains(sec, "目标：<span class=\"none\">—</span>"));
    CU_ASSERT(contains(sec, "完成率：<span class=\"none\">—</span>"));
    CU_ASSERT(contains(sec, ">未设目标</text>"));
    CU_ASSERT(contains(sec, ">no target</text>"));
    CU_ASSERT_PTR_NULL(strstr(sec, "<line class=\"target\""));
    CU_ASSERT_PTR_NULL(strstr(sec, "%</td>"));
    sec = strstr(h, "id=\"tier-leading\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(sec);
    CU_ASSERT(contains(sec, "完成率：<span class=\"none\">—</span>"));
    free(h);
    free(r);
}

static void test_html_escapes_all_text(void)
{
    struct report *r = sample();
    char *h;

    snprintf(row(r, TIER_LEADING)->source, REPORT_SOURCE_MAX + 1, "%s",
             "<script>alert(1)</script> & \"x\"");
    h = render(r, REPORT_FORMAT_HTML);
    CU_ASSERT_PTR_NULL(strcasestr(h, "<script"));
    CU_ASSERT(contains(h, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"));
    free(h);
    free(r);
}

static void test_html_for_a_city_and_a_part_year(void)
{
    struct report *r = malloc(sizeof *r);
    struct report_tier *t;
    char *h;

    CU_ASSERT_FATAL(r != NULL);
    report_init(r, 2026, "370200", 1782000000);
    t = report_add_tier(r, TIER_SPECIALIZED_SME, REPORT_KIND_NEW);
    t->scope.cumulative[0] = 5;
    t->scope.cumulative[1] = 8;
    t->scope.cumulative[2] = 8;
    t->scope.achieved = 8;
    cover(r, 3, 0);
    h = render(r, REPORT_FORMAT_HTML);
    CU_ASSERT(contains(h, "<h1>2026年度 青岛市 "));
    CU_ASSERT(contains(h, "2026年1月–3月（截至 2026-03-31）"));
    CU_ASSERT(contains(h, "January to March (as of 2026-03-31)"));
    CU_ASSERT_PTR_NULL(strstr(h, "2026年全年"));
    CU_ASSERT_EQUAL(count_of(h, "<rect "), 3);
    /* 9 months not covered, and no last-year figures (summary 2, city table 1) */
    CU_ASSERT_EQUAL(count_of(h, "<td class=\"n none\">—</td>"), 9 + 3);
    CU_ASSERT_PTR_NULL(strstr(h, "370100 Jinan")); /* no table of cities */
    free(h);
    free(r);
}

/* ---- what an official reads (issue 20) ------------------------------------------ */

/* The period in all three renderings: "全年" only once the year is over. */
static void test_period_says_full_year_only_once_the_year_is_over(void)
{
    struct report *r = sample();
    char *x, *c, *h;

    cover(r, 12, 4); /* 4 December of a year in progress */
    x = render(r, REPORT_FORMAT_XML);
    c = render(r, REPORT_FORMAT_CSV);
    h = render(r, REPORT_FORMAT_HTML);
    CU_ASSERT(contains(x, "asOf=\"2023-12-04\" yearComplete=\"false\">\n<period><zh>1月–11月"
                          "（截至 2023-12-04）</zh><en>January to November (as of 2023-12-04)</en>"));
    CU_ASSERT(contains(c, "\r\n2023,1月–11月（截至 2023-12-04）,2023-12-04,province,"));
    CU_ASSERT(contains(h, "<dd>2023年1月–11月（截至 2023-12-04）"));
    CU_ASSERT_PTR_NULL(strstr(h, "2023年全年"));
    CU_ASSERT_EQUAL(xmllint(x), 0);
    free(x);
    free(c);
    free(h);
    r->in_progress = 0; /* the year is over */
    r->as_of_day = 0;
    x = render(r, REPORT_FORMAT_XML);
    c = render(r, REPORT_FORMAT_CSV);
    h = render(r, REPORT_FORMAT_HTML);
    CU_ASSERT(contains(x, "<period><zh>全年</zh><en>full year</en></period>"));
    CU_ASSERT(contains(c, "\r\n2023,全年,2023-12-31,province,"));
    CU_ASSERT(contains(h, "<dd>2023年全年 <span class=\"en\">full year</span>"));
    free(x);
    free(c);
    free(h);
    free(r);
}

/* The label names complete months only: "1月–11月（截至 2023-12-04）" on 4
 * December, the month counted once its last day is reached, and before the
 * end of January only the date. */
static void period_is(struct report *r, int months, int day, const char *want)
{
    char *x;

    cover(r, months, day);
    x = render(r, REPORT_FORMAT_XML);
    CU_ASSERT(contains(x, want));
    free(x);
}

static void test_period_names_the_complete_months_and_the_date(void)
{
    struct report *r = sample();

    r->ntiers = 0; /* only the label matters here; no January counts to keep consistent */
    period_is(r, 12, 4, "<period><zh>1月–11月（截至 2023-12-04）</zh>"
                        "<en>January to November (as of 2023-12-04)</en></period>");
    /* 31 December, the year not yet closed: December is complete */
    period_is(r, 12, 31, "<period><zh>1月–12月（截至 2023-12-31）</zh>");
    period_is(r, 2, 1, "<period><zh>1月（截至 2023-02-01）</zh><en>January (as of 2023-02-01)</en>");
    period_is(r, 1, 31, "<period><zh>1月（截至 2023-01-31）</zh>");
    period_is(r, 1, 20, "<period><zh>截至 2023-01-20</zh><en>as of 2023-01-20</en></period>");
    free(r);
}

/* 30 June is day 181 of 365: the share of 1,000 is 495.89, shown as 496.
 * A net of 495 is behind it, 496 is not; the same in every rendering. */
static void test_pace_marks_a_net_behind_the_pro_rata_share(void)
{
    struct report *r = malloc(sizeof *r);
    struct report_tier *t;
    uint32_t expected = 0;
    char *x, *c, *h;

    CU_ASSERT_FATAL(r != NULL);
    report_init(r, 2023, "370100", 1700000000);
    t = report_add_tier(r, TIER_SPECIALIZED_SME, REPORT_KIND_NEW);
    t->scope.has_target = 1;
    t->scope.target = 1000;
    for (int m = 0; m < 6; m++)
        t->scope.cumulative[m] = 500;
    t->scope.revoked = 5;
    cover(r, 6, 0);
    CU_ASSERT_EQUAL(t->scope.achieved, 495);
    CU_ASSERT_EQUAL(report_pace(r, t, &t->scope, &expected), 1);
    CU_ASSERT_EQUAL(expected, 496);
    x = render(r, REPORT_FORMAT_XML);
    c = render(r, REPORT_FORMAT_CSV);
    h = render(r, REPORT_FORMAT_HTML);
    CU_ASSERT(contains(x, "<pace expected=\"496\" behind=\"true\"/>"));
    CU_ASSERT(contains(c, ",500,5,495,49.50,496,是,"));
    CU_ASSERT(contains(h, "应达 496<br><span class=\"behind\">▼ 落后进度 behind pace</span>"));
    CU_ASSERT_EQUAL(xmllint(x), 0);
    free(x);
    free(c);
    free(h);

    t->scope.revoked = 4; /* net 496: on pace */
    cover(r, 6, 0);
    CU_ASSERT_EQUAL(report_pace(r, t, &t->scope, &expected), 0);
    h = render(r, REPORT_FORMAT_HTML);
    CU_ASSERT_PTR_NULL(strstr(h, "class=\"behind\""));
    CU_ASSERT(contains(h, "✓ 未落后 on pace"));
    free(h);

    /* Stock and target-less rows have no pace. */
    t->kind = REPORT_KIND_STOCK;
    CU_ASSERT_EQUAL(report_pace(r, t, &t->scope, &expected), -1);
    free(r);
}

/* 25 certificates against 40,000: 0.06%, yet a bar one can see, and the number. */
static void test_a_tiny_stock_count_still_shows_a_bar_and_its_number(void)
{
    struct report *r = malloc(sizeof *r);
    struct report_tier *t;
    const char *rect;
    char *h;
    int height = 0;

    CU_ASSERT_FATAL(r != NULL);
    report_init(r, 2025, "370100", 1700000000);
    t = report_add_tier(r, TIER_TECH_SME, REPORT_KIND_STOCK);
    t->scope.has_target = 1;
    t->scope.target = 40000;
    t->wording = REPORT_WORDING_REACH;
    flat(&t->scope, 25);
    h = render(r, REPORT_FORMAT_HTML);
    CU_ASSERT(contains(h, "<td class=\"n\">25</td><td class=\"n\">0.06%<div class=\"progress\">"
                          "<span style=\"width:0.06%\">"));
    CU_ASSERT(contains(h, ".progress span{display:block;height:100%;min-width:3px;"));
    rect = strstr(h, "<rect class=\"bar\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(rect);
    CU_ASSERT_EQUAL(sscanf(strstr(rect, "height=\"") + 8, "%d", &height), 1);
    CU_ASSERT(height >= 4);
    CU_ASSERT(contains(rect, "<title>1月 25</title></rect>\n<text class=\"value\""));
    CU_ASSERT(contains(h, "柱高按图上最小可见高度绘制"));
    free(h);
    /* 2 of 40,000 rounds down to 0.00%: the page says <0.01%, not nothing. */
    flat(&t->scope, 2);
    h = render(r, REPORT_FORMAT_HTML);
    CU_ASSERT(contains(h, "<td class=\"n\">2</td><td class=\"n\">&lt;0.01%<div class=\"progress\">"));
    CU_ASSERT(contains(h, "完成率：<strong>&lt;0.01%</strong>"));
    free(h);
    free(r);
}

static void test_a_note_under_the_pipeline_says_why_approved_differs(void)
{
    struct report *r = sample();
    char *h, *pipe, *note, *defs;

    h = render(r, REPORT_FORMAT_HTML);
    pipe = strstr(h, "<section id=\"pipeline\">");
    note = strstr(h, "<p class=\"note\" id=\"note-approved\">");
    defs = strstr(h, "<section id=\"definitions\">");
    CU_ASSERT_PTR_NOT_NULL_FATAL(pipe);
    CU_ASSERT_PTR_NOT_NULL_FATAL(note);
    CU_ASSERT(pipe < note && note < defs);
    CU_ASSERT(contains(note, "“完成”与“已批准”为何不同"));
    CU_ASSERT(contains(note, "one submitted last year and approved this year counts"));
    free(h);
    free(r);
}

/* ---- the model -------------------------------------------------------------------- */

static void test_inconsistent_reports_are_not_rendered(void)
{
    struct report *r = sample();
    struct buf b;
    char err[200];

    buf_init(&b, 1u << 20);
    buf_adds(&b, "keep");
    row(r, TIER_LITTLE_GIANT)->scope.achieved += 1;
    CU_ASSERT_EQUAL(report_check(r, err, sizeof err), -1);
    CU_ASSERT(contains(err, "little-giant, province: the count at the end of month 12"));
    CU_ASSERT_EQUAL(report_render_xml(r, &b), REPORT_INVALID);
    CU_ASSERT_EQUAL(report_render_csv(r, &b), REPORT_INVALID);
    CU_ASSERT_EQUAL(report_render_html(r, &b), REPORT_INVALID);
    CU_ASSERT_STRING_EQUAL(b.data, "keep");
    row(r, TIER_LITTLE_GIANT)->scope.achieved -= 1;

    /* More revoked than issued; revoked apart on a stock count. */
    row(r, TIER_LEADING)->scope.revoked = 32;
    CU_ASSERT_EQUAL(report_check(r, err, sizeof err), -1);
    CU_ASSERT(contains(err, "leading, province: the count at the end of month 12 is 31, 32 of "
                            "them revoked"));
    row(r, TIER_LEADING)->scope.revoked = 0;
    row(r, TIER_LEADING)->scope.achieved = 31;
    CU_ASSERT_EQUAL(report_check(r, NULL, 0), 0);
    row(r, TIER_HIGH_TECH)->scope.revoked = 1;
    CU_ASSERT_EQUAL(report_check(r, err, sizeof err), -1);
    CU_ASSERT(contains(err, "only new counts do"));
    row(r, TIER_HIGH_TECH)->scope.revoked = 0;

    /* "New" cannot go down; stock can (certificates expire). */
    row(r, TIER_LEADING)->cities[3].cumulative[4] += 1000;
    CU_ASSERT_EQUAL(report_check(r, err, sizeof err), -1);
    CU_ASSERT(contains(err, "leading, 370400: certificates issued by the end of month 6"));
    row(r, TIER_LEADING)->cities[3].cumulative[4] -= 1000;
    row(r, TIER_HIGH_TECH)->scope.cumulative[4] += 1000;
    CU_ASSERT_EQUAL(report_check(r, err, sizeof err), 0);

    r->months_covered = 0;
    CU_ASSERT_EQUAL(report_check(r, NULL, 0), -1);
    r->months_covered = 12;
    r->tiers[1].tier = r->tiers[0].tier;
    CU_ASSERT_EQUAL(report_check(r, err, sizeof err), -1);
    CU_ASSERT(contains(err, "appears twice"));
    r->tiers[1].tier = TIER_LITTLE_GIANT;
    r->tiers[1].kind = (enum report_kind)7;
    CU_ASSERT_EQUAL(report_check(r, NULL, 0), -1);
    r->tiers[1].kind = REPORT_KIND_NEW;
    memcpy(r->city_code, "371200", 7); /* 莱芜 is no city any more */
    CU_ASSERT_EQUAL(report_check(r, NULL, 0), -1);
    CU_ASSERT_EQUAL(report_render(r, REPORT_FORMAT_NONE, &b), REPORT_INVALID);
    buf_free(&b);
    free(r);
}

static void test_a_full_buffer_rolls_back(void)
{
    struct report *r = sample();
    struct buf b;
    int f;

    for (f = 0; f < REPORT_FORMAT_COUNT; f++) {
        buf_init(&b, 3000);
        buf_adds(&b, "before");
        CU_ASSERT_EQUAL(report_render(r, (enum report_format)f, &b), REPORT_TOO_LARGE);
        CU_ASSERT_EQUAL(b.len, 6);
        CU_ASSERT_STRING_EQUAL(b.data, "before");
        buf_free(&b);
    }
    free(r);
}

static void test_building_a_report(void)
{
    struct report *r = malloc(sizeof *r);
    int i;

    CU_ASSERT_FATAL(r != NULL);
    CU_ASSERT_EQUAL(report_init(r, 2023, "370100", 0), 0);
    CU_ASSERT_STRING_EQUAL(r->city_code, "370100");
    CU_ASSERT_EQUAL(r->months_covered, 12);
    CU_ASSERT_EQUAL(report_init(r, 2023, "371200", 0), -1);
    CU_ASSERT_STRING_EQUAL(r->city_code, "");
    CU_ASSERT_EQUAL(report_init(r, 1899, NULL, 0), -1);
    CU_ASSERT_EQUAL(report_init(r, 2023, "", 0), 0);
    CU_ASSERT_PTR_NOT_NULL(report_add_tier(r, TIER_HIGH_TECH, REPORT_KIND_STOCK));
    CU_ASSERT_PTR_NULL(report_add_tier(r, TIER_HIGH_TECH, REPORT_KIND_NEW));
    CU_ASSERT_PTR_NULL(report_add_tier(r, TIER_NONE, REPORT_KIND_NEW));
    CU_ASSERT_PTR_NULL(report_add_tier(r, TIER_GAZELLE, REPORT_KIND_NONE));
    for (i = 0; i < TIER_COUNT; i++)
        report_add_tier(r, (enum tier_id)i, report_default_kind((enum tier_id)i));
    CU_ASSERT_EQUAL(r->ntiers, TIER_COUNT);
    CU_ASSERT_EQUAL(r->tiers[0].tier, TIER_HIGH_TECH);
    CU_ASSERT_EQUAL(report_check(r, NULL, 0), 0);
    CU_ASSERT_EQUAL(report_default_kind(TIER_TECH_SME), REPORT_KIND_STOCK);
    CU_ASSERT_EQUAL(report_default_kind(TIER_HIGH_TECH), REPORT_KIND_STOCK);
    CU_ASSERT_EQUAL(report_default_kind(TIER_LITTLE_GIANT), REPORT_KIND_NEW);
    free(r);
}

static void test_codes_round_trip(void)
{
    CU_ASSERT_STRING_EQUAL(report_kind_name(REPORT_KIND_STOCK), "stock");
    CU_ASSERT_EQUAL(report_kind_parse("new"), REPORT_KIND_NEW);
    CU_ASSERT_EQUAL(report_kind_parse("New"), REPORT_KIND_NONE);
    CU_ASSERT_STRING_EQUAL(report_wording_name(REPORT_WORDING_ABOUT), "about");
    CU_ASSERT_EQUAL(report_wording_parse("reach"), REPORT_WORDING_REACH);
    CU_ASSERT_EQUAL(report_wording_parse(NULL), REPORT_WORDING_NONE);
    CU_ASSERT_EQUAL(report_format_parse("html"), REPORT_FORMAT_HTML);
    CU_ASSERT_EQUAL(report_format_parse("pdf"), REPORT_FORMAT_NONE);
    CU_ASSERT_STRING_EQUAL(report_format_name(REPORT_FORMAT_CSV), "csv");
    CU_ASSERT_STRING_EQUAL(report_format_content_type(REPORT_FORMAT_CSV),
                           "text/csv; charset=utf-8; header=present");
    CU_ASSERT_PTR_NULL(report_format_content_type(REPORT_FORMAT_NONE));
    CU_ASSERT_PTR_NULL(report_kind_name(REPORT_KIND_COUNT));
}

/* Write the sample for a look in a browser (TIER_REPORT_SAMPLE=/tmp); a
 * no-op otherwise. */
/* The sample as a year in progress (as of 15 November) in all three formats,
 * and as a small registry would show it (25 科技型中小企业 against 40,000) in
 * HTML, for a look in a browser. */
static void write_one(const char *dir, const char *name, const struct report *r,
                      enum report_format f)
{
    char path[512], *s = render(r, f);
    FILE *out;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    out = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL(out);
    if (out != NULL) {
        fputs(s, out);
        fclose(out);
    }
    free(s);
}

static void test_write_sample_when_asked(void)
{
    const char *dir = getenv("TIER_REPORT_SAMPLE");
    static const char *const name[REPORT_FORMAT_COUNT] = {"report.xml", "report.csv",
                                                          "report.html"};
    struct report *r;
    struct report_tier *t;
    int f, j;

    if (dir == NULL || dir[0] == '\0')
        return;
    r = sample();
    cover(r, 11, 15);
    for (f = 0; f < REPORT_FORMAT_COUNT; f++)
        write_one(dir, name[f], r, (enum report_format)f);
    t = row(r, TIER_TECH_SME);
    flat(&t->scope, 25);
    for (j = 0; j < CITY_COUNT; j++)
        flat(&t->cities[j], j < 5 ? 5 : 0);
    write_one(dir, "report-small.html", r, REPORT_FORMAT_HTML);
    free(r);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("report", NULL, NULL);
    CU_add_test(s, "percent rounds down to a basis point",
                test_percent_rounds_down_to_a_basis_point);
    CU_add_test(s, "xml carries the numbers", test_xml_carries_the_numbers);
    CU_add_test(s, "xml without a target has no percent", test_xml_without_a_target_has_no_percent);
    CU_add_test(s, "xml and html say what the revoked were revoked for and the missing updates",
                test_xml_and_html_say_what_the_revoked_were_revoked_for_and_the_missing_updates);
    CU_add_test(s, "xml validates for a city and a part year",
                test_xml_validates_for_a_city_and_a_part_year);
    CU_add_test(s, "xml validates with hostile text", test_xml_validates_with_hostile_text);
    CU_add_test(s, "xml with no tiers validates", test_xml_with_no_tiers_validates);
    CU_add_test(s, "csv has a bom, a header and one row per tier and city",
                test_csv_has_a_bom_a_header_and_one_row_per_tier_and_city);
    CU_add_test(s, "csv quotes commas and quotes", test_csv_quotes_commas_and_quotes);
    CU_add_test(s, "csv says what the revoked were revoked for and the missing updates",
                test_csv_says_what_the_revoked_were_revoked_for_and_the_missing_updates);
    CU_add_test(s, "csv defuses formulas and bad bytes", test_csv_defuses_formulas_and_bad_bytes);
    CU_add_test(s, "csv for a city and a part year", test_csv_for_a_city_and_a_part_year);
    CU_add_test(s, "html is self-contained", test_html_is_self_contained);
    CU_add_test(s, "html shows numbers, targets and definitions",
                test_html_shows_numbers_targets_and_definitions);
    CU_add_test(s, "html without a target shows a dash", test_html_without_a_target_shows_a_dash);
    CU_add_test(s, "html escapes all text", test_html_escapes_all_text);
    CU_add_test(s, "html for a city and a part year", test_html_for_a_city_and_a_part_year);
    CU_add_test(s, "period names the complete months and the as-of date",
                test_period_names_the_complete_months_and_the_date);
    CU_add_test(s, "period says 全年 only once the year is over",
                test_period_says_full_year_only_once_the_year_is_over);
    CU_add_test(s, "pace marks a net behind the pro-rata share",
                test_pace_marks_a_net_behind_the_pro_rata_share);
    CU_add_test(s, "a tiny stock count still shows a bar and its number",
                test_a_tiny_stock_count_still_shows_a_bar_and_its_number);
    CU_add_test(s, "a note under the pipeline says why 已批准 differs from 完成",
                test_a_note_under_the_pipeline_says_why_approved_differs);
    CU_add_test(s, "inconsistent reports are not rendered",
                test_inconsistent_reports_are_not_rendered);
    CU_add_test(s, "a full buffer rolls back", test_a_full_buffer_rolls_back);
    CU_add_test(s, "building a report", test_building_a_report);
    CU_add_test(s, "codes round-trip", test_codes_round_trip);
    CU_add_test(s, "write sample when asked", test_write_sample_when_asked);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
