/*
 * cmd_seed.c — `tierctl seed-demo --year YEAR --enterprises N`: a populated
 * registry for demonstrations and benchmarks, made through the real code.
 *
 * Each synthetic enterprise is a copy of one of the sample applications
 * (tests/data/<tier>/eligible*.xml, or the installed samples folder) with
 * its own made-up identity — a valid USCC (both check characters computed)
 * in one of Shandong's 16 cities, and a name that says it is demonstration
 * data — and its amounts scaled by a random factor. About one in seven has
 * its R&D cut to a fifth, so most but not all applications pass. Every
 * application then goes the way a real one does: ingest, rules (with the
 * registry's certificates answering prerequisites) and store, through
 * registry_submit_dated, and the reviewers' decisions through
 * registry_decide, which signs the certificates of approvals. A few
 * certificates are revoked (registry_revoke_some).
 *
 * Randomness is a small xorshift generator seeded by --seed (default: the
 * time), so a run can be repeated exactly.
 *
 * It refuses a registry that holds enterprises other than its own (real
 * applicants) unless --force: demo certificates would be signed with the live
 * key. Progress goes to stderr once a second (done/total, rate). When the year
 * has no targets yet, it sets the demo's: the 2023 plan's provincial figures
 * and a share of each for every city.
 */
#include "tier/buf.h"
#include "tier/city.h"
#include "tier/cli.h"
#include "tier/ingest.h"
#include "tier/money.h"
#include "tier/registry.h"
#include "tier/sign.h"
#include "tier/signer.h"
#include "tier/uscc.h"

#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SEED_MAX_TEMPLATES 32
#define SEED_MAX_ENTERPRISES 100000
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char ALPHABET[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Amount elements scaled together, so the ratios of a sample stay the same. */
static const char *const AMOUNTS[] = {"revenue", "mainRevenue", "totalIncome", "rdExpense",
                                      "rdDomestic", "netProfit", "totalAssets",
                                      "totalLiabilities", "hightechIncome", "costExpense"};

struct template {
    char *text;
    size_t len;
};

static int seed_usage(FILE *f, int rc)
{
    fprintf(f, "usage: tierctl seed-demo --year YEAR --enterprises N [--seed S] [--samples DIR]"
               " [--force]\n"
               "  makes N synthetic enterprises (USCCs 91xxxxxxMD…, names 演示企业…) and pushes"
               " their\n  applications and reviewers' decisions through the real ingest, rules"
               " and review code\n  (YEAR up to this year; N up to %d); progress on stderr.\n"
               "  When YEAR has no targets, sets the demo's (province and each city).\n"
               "  --force    seed even a registry holding enterprises that are not demo data\n"
               "             (refused otherwise: its live key would sign demo certificates)\n"
               "exit: 0 seeded, 1 failure or refused, 2 usage\n",
            SEED_MAX_ENTERPRISES);
    return rc;
}

/* The demo's targets: the 2023 plan's provincial figures (001_core.sql),
 * and for each city a share by a rough weight of its economy. */
static const struct {
    const char *tier, *kind, *wording;
    long count;
} DEMO_TARGETS[] = {
    {"specialized-sme", "new", "floor", 1000}, {"little-giant", "new", "about", 200},
    {"single-champion", "new", "about", 200},  {"leading", "new", "about", 30},
    {"tech-sme", "stock", "reach", 40000},     {"high-tech", "stock", "reach", 30000},
};
static const struct {
    const char *city;
    int weight;
} CITY_WEIGHTS[] = {
    {"370100", 14}, {"370200", 16}, {"370300", 5}, {"370400", 2}, {"370500", 4}, {"370600", 10},
    {"370700", 8},  {"370800", 5},  {"370900", 3}, {"371000", 3}, {"371100", 2}, {"371300", 6},
    {"371400", 4},  {"371500", 3},  {"371600", 3}, {"371700", 4},
};

static int set_demo_targets(struct registry *m, int year)
{
    static const char src[] = "演示：沿用2023年计划目标 (demo: the 2023 plan's figures)";
    int total = 0;
    char err[512];
    struct op_result res;
    long have = registry_target_count(m, year, err, sizeof err);

    if (have != 0) {
        if (have < 0)
            fprintf(stderr, "tierctl seed-demo: reading the targets of %d: %s\n", year, err);
        return have < 0 ? -1 : 0; /* an operator's targets stay */
    }
    for (size_t k = 0; k < NELEM(CITY_WEIGHTS); k++)
        total += CITY_WEIGHTS[k].weight;
    for (size_t i = 0; i < NELEM(DEMO_TARGETS); i++) {
        struct reg_target_new t = {year, DEMO_TARGETS[i].tier, NULL, DEMO_TARGETS[i].count,
                                   DEMO_TARGETS[i].kind, DEMO_TARGETS[i].wording, src};
        registry_target_set(m, &t, cli_operator(), &res);
        if (res.outcome != OP_DONE)
            goto fail;
        for (size_t k = 0; k < NELEM(CITY_WEIGHTS); k++) {
            t.city = CITY_WEIGHTS[k].city;
            t.count = (DEMO_TARGETS[i].count * CITY_WEIGHTS[k].weight + total - 1) / total;
            registry_target_set(m, &t, cli_operator(), &res);
            if (res.outcome != OP_DONE)
                goto fail;
        }
    }
    fprintf(stderr, "tierctl seed-demo: set the demo targets of %d for the province and its %zu "
                    "cities\n", year, NELEM(CITY_WEIGHTS));
    return 0;
fail:
    fprintf(stderr, "tierctl seed-demo: setting the targets of %d: %s\n", year, res.says.en);
    return -1;
}

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress(long done, long total, double start, double *last)
{
    double t = now_s();

    if (done < total && t - *last < 1.0)
        return;
    *last = t;
    fprintf(stderr, "tierctl seed-demo: %ld/%ld applications, %.0f/s\n", done, total,
            t > start ? (double)done / (t - start) : 0.0);
}

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    rng_state = x;
    return x;
}

static int rnd_below(int n)
{
    return (int)(rnd() % (uint64_t)n);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    struct buf b;
    int too_big, rc;

    if (f == NULL)
        return NULL;
    buf_init(&b, 4u << 20);
    rc = buf_add_stream(&b, f, &too_big);
    fclose(f);
    if (rc != 0) {
        buf_free(&b);
        return NULL;
    }
    return buf_detach(&b, len);
}

/* Replace the text of the first <tag>…</tag> (or every one when all != 0,
 * passing each old text to fn). Works on the samples' own plain layout. */
static int rewrite(struct buf *out, const char *in, const char *tag, int all,
                   void (*fn)(const char *old, size_t n, void *ctx, struct buf *b), void *ctx)
{
    char open[48], close[48];
    const char *p = in, *s, *e;
    int done = 0;

    snprintf(open, sizeof open, "<%s>", tag);
    snprintf(close, sizeof close, "</%s>", tag);
    buf_reset(out);
    while ((s = strstr(p, open)) != NULL && (all || !done)) {
        s += strlen(open);
        e = strstr(s, close);
        if (e == NULL)
            break;
        buf_add(out, p, (size_t)(s - p));
        fn(s, (size_t)(e - s), ctx, out);
        p = e;
        done++;
    }
    buf_adds(out, p);
    return done;
}

static void put_text(const char *old, size_t n, void *ctx, struct buf *b)
{
    (void)old;
    (void)n;
    buf_adds(b, ctx);
}

struct scale {
    int pct;        /* percent of the sample's amount */
    int rd_pct;     /* extra percent for R&D amounts (100 = unchanged) */
    const char *tag;
};

static void put_scaled(const char *old, size_t n, void *ctx, struct buf *b)
{
    const struct scale *sc = ctx;
    int64_t fen;
    char out[40];
    __int128 v;

    if (money_parse_fen(old, n, &fen) != 0) {
        buf_add(b, old, n);
        return;
    }
    v = (__int128)fen * sc->pct / 100;
    if (strcmp(sc->tag, "rdExpense") == 0 || strcmp(sc->tag, "rdDomestic") == 0)
        v = v * sc->rd_pct / 100;
    money_format_yuan((int64_t)v, out, sizeof out);
    buf_adds(b, out);
}

/* Apply one rewrite and swap buffers. */
static void step(struct buf *cur, struct buf *tmp, const char *tag, int all,
                 void (*fn)(const char *, size_t, void *, struct buf *), void *ctx)
{
    struct buf t;

    rewrite(tmp, cur->data, tag, all, fn, ctx);
    t = *cur;
    *cur = *tmp;
    *tmp = t;
}

static void make_uscc(const char *division, uint64_t n, char out[19])
{
    memcpy(out, "91", 2);
    memcpy(out + 2, division, 6);
    out[8] = 'M';
    out[9] = 'D'; /* "MD…": demonstration data */
    for (int i = 15; i >= 10; i--) {
        out[i] = ALPHABET[n % 31];
        n /= 31;
    }
    out[16] = uscc_org_check_char(out + 8);
    out[17] = uscc_check_char(out);
    out[18] = '\0';
}

struct counts {
    long submitted, received, ineligible, recommended, returned, approved, rejected, refused;
    long revoked, invalid, conflicts;
};

static int ensure_account(struct registry *m, const char *name, enum role role, const char *city,
                          struct principal *p)
{
    struct op_result res;
    struct reg_account_new a = {name, role, NULL, city, NULL, 0};

    registry_account_get(m, name, p, &res);
    if (res.outcome == OP_DONE)
        return 0;
    if (res.outcome != OP_NOT_FOUND) {
        fprintf(stderr, "tierctl seed-demo: %s\n", res.says.en);
        return -1;
    }
    registry_account_add(m, &a, cli_operator(), &res);
    if (res.outcome == OP_DONE)
        registry_account_get(m, name, p, &res);
    if (res.outcome != OP_DONE) {
        fprintf(stderr, "tierctl seed-demo: account %s: %s\n", name, res.says.en);
        return -1;
    }
    return 0;
}

/* A signing key must be active to approve; make one for a demo registry,
 * certified by the development root (dev-root-dir; without one, activation
 * is refused and the operator is told to certify with tierctl key certify). */
static int ensure_key(struct registry *m, struct tier_config *c)
{
    char id[SIGN_KEY_ID_LEN + 1], err[512], kp[1024], pp[1024], said[2048];
    struct sign_key *k = NULL, *root = NULL;
    struct reg_says says;
    enum key_outcome o = registry_key_active(m, id, &says);

    if (o == KEY_DONE)
        return 0;
    if (o != KEY_NOT_FOUND) {
        reg_says_text(&says, said, sizeof said);
        fprintf(stderr, "tierctl seed-demo: %s\n", said);
        return -1;
    }
    if ((mkdir(c->key_dir, 0700) != 0 && errno != EEXIST) ||
        sign_key_generate(SIGN_ALG_ED25519, &k, err, sizeof err) != 0 ||
        sign_key_write_files(k, c->key_dir, kp, sizeof kp, pp, sizeof pp, err, sizeof err) != 0 ||
        cli_dev_root(c, &root, err, sizeof err) < 0) {
        fprintf(stderr, "tierctl seed-demo: no active signing key and cannot make one in %s: "
                        "%s\n", c->key_dir, err);
        sign_key_free(k);
        return -1;
    }
    if (root != NULL && cli_key_certify(m, root, k, 0, CLI_DEV_NOT_BEFORE, 1825) != 0) {
        sign_key_free(root);
        sign_key_free(k);
        return -1;
    }
    sign_key_free(root);
    o = registry_key_activate(m, k, cli_operator(), &says);
    if (o != KEY_DONE) {
        reg_says_text(&says, said, sizeof said);
        fprintf(stderr, "tierctl seed-demo: no active signing key and cannot make one in %s: "
                        "%s\n", c->key_dir, said);
        sign_key_free(k);
        return -1;
    }
    fprintf(stderr, "tierctl seed-demo: made and activated signing key %s (ed25519) in %s\n",
            sign_key_id(k), c->key_dir);
    sign_key_free(k);
    return 0;
}

static int load_templates(const char *dir, struct template *t, int *n)
{
    char pattern[1024];
    glob_t g;

    snprintf(pattern, sizeof pattern, "%s/*/eligible*.xml", dir);
    *n = 0;
    if (glob(pattern, 0, NULL, &g) != 0)
        return -1;
    for (size_t i = 0; i < g.gl_pathc && *n < SEED_MAX_TEMPLATES; i++) {
        t[*n].text = slurp(g.gl_pathv[i], &t[*n].len);
        if (t[*n].text != NULL)
            (*n)++;
    }
    globfree(&g);
    return *n > 0 ? 0 : -1;
}

static int decide(struct registry *m, struct decide_request *req, uint64_t id,
                  const struct principal *who, enum review_decision d, const char *comment,
                  const char *override, struct counts *cnt)
{
    struct decide_result res;
    char text[REG_SAY_ZH + REG_SAY_EN + 8];

    req->submission_id = id;
    req->who = who;
    req->decision = d;
    req->comment = comment;
    req->override_reason = override;
    registry_decide(m, req, &res);
    switch (res.outcome) {
    case DECIDE_DONE:
        return 0;
    case DECIDE_UNAVAILABLE:
    case DECIDE_UNKNOWN:
    case DECIDE_CANNOT_WRITE:
    case DECIDE_ERROR:
    case DECIDE_NO_KEY:
        reg_says_text(&res.says, text, sizeof text);
        fprintf(stderr, "tierctl seed-demo: decision on %llu: %s\n", (unsigned long long)id,
                text);
        return -1;
    default:
        cnt->refused++; /* e.g. a 2026 小巨人 whose 专精特新 title is missing */
        return 1;
    }
}

int cmd_seed_demo(struct tier_config *c, int argc, char **argv)
{
    const char *samples = NULL;
    long year = 0, count = 0;
    uint64_t seed = (uint64_t)time(NULL);
    struct template tpl[SEED_MAX_TEMPLATES];
    struct ingest_schemas *schemas = NULL;
    struct ingest_errors *errs = NULL;
    struct registry reg;
    int opened = 0;
    struct principal prov, cities[CITY_COUNT];
    struct tier_date today = date_today_cst();
    struct counts cnt = {0};
    struct buf cur, tmp;
    char err[512];
    int ntpl = 0, rc = 1, force = 0;
    struct registry *m = &reg;
    double start, last;
    long real;

    for (int i = 0; i < argc; i++) {
        char *end;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return seed_usage(stdout, 0);
        if (strcmp(argv[i], "--force") == 0) {
            force = 1;
            continue;
        }
        if (i + 1 >= argc)
            goto usage;
        if (strcmp(argv[i], "--year") == 0) {
            year = strtol(argv[++i], &end, 10);
        } else if (strcmp(argv[i], "--enterprises") == 0) {
            count = strtol(argv[++i], &end, 10);
        } else if (strcmp(argv[i], "--seed") == 0) {
            seed = strtoull(argv[++i], &end, 10);
        } else if (strcmp(argv[i], "--samples") == 0) {
            samples = argv[++i];
            end = (char *)"";
        } else {
            goto usage;
        }
        if (*end != '\0')
            goto usage;
    }
    if (year < 2000 || year > today.y || count < 1 || count > SEED_MAX_ENTERPRISES)
        goto usage;
    if (samples == NULL)
        samples = access("tests/data", R_OK) == 0 ? "tests/data" : TIER_DATADIR "/samples";
    if (load_templates(samples, tpl, &ntpl) != 0) {
        fprintf(stderr, "tierctl seed-demo: no sample applications in %s/*/eligible*.xml "
                        "(give --samples DIR)\n", samples);
        return 1;
    }
    rng_state = seed * 2654435761u + 88172645463325252ull;
    errs = calloc(1, sizeof *errs);
    buf_init(&cur, 8u << 20);
    buf_init(&tmp, 8u << 20);
    if (errs == NULL)
        goto done;
    if (ingest_schemas_load(&schemas, c->xsd_dir, errs) != INGEST_OK) {
        fprintf(stderr, "tierctl seed-demo: cannot load the schemas from %s\n", c->xsd_dir);
        goto done;
    }
    if (cli_open_registry(c, &reg, 1) != 0)
        goto done;
    opened = 1;
    reg.schemas = schemas;
    real = registry_count_real_enterprises(m, err, sizeof err);
    if (real < 0) {
        fprintf(stderr, "tierctl seed-demo: %s\n", err);
        goto done;
    }
    if (real > 0 && !force) {
        char src[CONFIG_PATH_MAX + 128];
        config_source(c, src, sizeof src);
        fprintf(stderr, "tierctl seed-demo: refused: database %s (%s) holds %ld "
                        "enterprise(s) that are not demonstration data, and its active key "
                        "would sign demo certificates; seed a registry of its own, or give "
                        "--force\n",
                c->db_name, src, real);
        goto done;
    }
    if (ensure_key(m, c) != 0 ||
        ensure_account(m, "demo-province", ROLE_PROVINCE_REVIEWER, NULL, &prov) != 0)
        goto done;
    for (int i = 0; i < CITY_COUNT; i++) {
        char name[32];
        snprintf(name, sizeof name, "demo-city-%s", city_all()[i].code);
        if (ensure_account(m, name, ROLE_CITY_REVIEWER, city_all()[i].code, &cities[i]) != 0)
            goto done;
    }
    reg.signer = signer_new(c->key_dir);

    start = last = now_s();
    for (long n = 0; n < count; n++) {
        progress(n, count, start, &last);
        const struct template *t = &tpl[rnd_below(ntpl)];
        int ci = rnd_below(CITY_COUNT), month, day, late;
        char division[7], uscc[19], name[128], date[11];
        char at[32];
        struct scale sc;
        struct submit_result sr;
        struct tier_date sub;
        struct decide_request req;
        uint64_t id = 0;
        int roll;

        /* identity: a district of the city ("01" is each city's own area) */
        snprintf(division, sizeof division, "%.4s%02d", city_all()[ci].code, 2 + rnd_below(8));
        /* one enterprise per (seed, year, n): the next year's run, even with
         * the same seed (two runs within one second), makes other
         * enterprises, so its applications meet no title of the first */
        make_uscc(division, seed * 1000003u + (uint64_t)year * 100003u + (uint64_t)n, uscc);
        snprintf(name, sizeof name, "演示企业%s有限公司（演示数据）", uscc + 10);
        /* submitted on a day of the year, not after today */
        month = 1 + rnd_below(year == today.y ? today.m : 12);
        day = 1 + rnd_below(28);
        if (year == today.y && month == today.m && day > today.d)
            day = today.d;
        sub = (struct tier_date){(int)year, month, day};
        date_format(&sub, date);

        buf_reset(&cur);
        buf_add(&cur, t->text, t->len);
        step(&cur, &tmp, "uscc", 0, put_text, uscc);
        step(&cur, &tmp, "name", 0, put_text, name);
        step(&cur, &tmp, "division", 0, put_text, division);
        step(&cur, &tmp, "submissionDate", 0, put_text, date);
        sc.pct = 70 + rnd_below(61);
        sc.rd_pct = rnd_below(7) == 0 ? 20 : 100;
        for (size_t k = 0; k < sizeof AMOUNTS / sizeof AMOUNTS[0]; k++) {
            sc.tag = AMOUNTS[k];
            step(&cur, &tmp, AMOUNTS[k], 1, put_scaled, &sc);
        }

        snprintf(at, sizeof at, "%sT0%d:%02d:00.000000Z", date, rnd_below(10), rnd_below(60));
        registry_submit_dated(m, cur.data, cur.len, &sub, at, &sr);
        if (sr.outcome == SUBMIT_INVALID) {
            cnt.invalid++;
            continue;
        }
        if (sr.outcome == SUBMIT_DUPLICATE)
            continue;
        if (sr.outcome == SUBMIT_CONFLICT) {
            /* a title of that tier held (an identity met again by chance, or
             * a registry seeded before): refused as a real one is; go on */
            cnt.conflicts++;
            continue;
        }
        if (sr.outcome != SUBMIT_STORED) {
            char text[REG_SAY_ZH + REG_SAY_EN + 8];
            reg_says_text(&sr.says, text, sizeof text);
            fprintf(stderr, "tierctl seed-demo: storing: %s\n", text);
            goto done;
        }
        id = sr.id;
        cnt.submitted++;

        /* The reviewers. Approvals take effect 20-60 days after submission,
         * never after today. */
        memset(&req, 0, sizeof req);
        {
            struct tier_date on;
            long days = date_to_days(&sub) + 20 + rnd_below(41);
            late = days > date_to_days(&today);
            on = date_from_days(late ? date_to_days(&today) : days);
            req.issue_on = &on;
            req.no_notice = 1; /* backdated: their public notices are long over */
            roll = rnd_below(100);
            if (sr.eligible) {
                if (roll < 80) {
                    if (decide(m, &req, id, &cities[ci], REVIEW_RECOMMEND, "材料齐全，推荐",
                               NULL, &cnt) != 0)
                        continue;
                    roll = rnd_below(100);
                    if (roll < 85)
                        decide(m, &req, id, &prov, REVIEW_APPROVE, "", NULL, &cnt);
                    else if (roll < 95)
                        decide(m, &req, id, &prov, REVIEW_REJECT, "市场地位证明不足", NULL,
                               &cnt);
                } else if (roll < 90) {
                    decide(m, &req, id, &cities[ci], REVIEW_RETURN, "请补充研发费用专项审计报告",
                           NULL, &cnt);
                }
            } else if (roll < 60) {
                decide(m, &req, id, &cities[ci], REVIEW_RETURN, "研发投入未达标准，请核实",
                       NULL, &cnt);
            } else if (roll < 80) {
                if (decide(m, &req, id, &cities[ci], REVIEW_RECOMMEND, "专家论证后推荐",
                           "研发费用口径经专家复核认定 (experts re-assessed the R&D figures)",
                           &cnt) == 0)
                    decide(m, &req, id, &prov, REVIEW_APPROVE, "", NULL, &cnt);
            }
        }
    }

    /* Revoke about one certificate in fifty issued for the year. */
    cnt.revoked = registry_revoke_some(m, &prov, (int)year, (cnt.submitted + 49) / 50,
                                       "演示：年度复核未通过 (demo: failed the yearly review)", err,
                                       sizeof err);
    if (cnt.revoked < 0) {
        fprintf(stderr, "tierctl seed-demo: %s\n", err);
        goto done;
    }
    progress(count, count, start, &last);
    if (set_demo_targets(m, (int)year) != 0)
        goto done;
    printf("seeded %ld applications for %ld (seed %llu): %ld invalid skipped, %ld refused for "
           "a title held, %ld decisions refused (e.g. prerequisites), %ld certificates "
           "revoked\n",
           cnt.submitted, year, (unsigned long long)seed, cnt.invalid, cnt.conflicts,
           cnt.refused, cnt.revoked);
    rc = 0;
    goto done;
usage:
    return seed_usage(stderr, 2);
done:
    for (int i = 0; i < ntpl; i++)
        free(tpl[i].text);
    if (opened)
        registry_close(&reg); /* and its signer */
    ingest_schemas_free(schemas);
    buf_free(&cur);
    buf_free(&tmp);
    free(errs);
    return rc;
}
