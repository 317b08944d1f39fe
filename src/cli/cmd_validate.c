/*
 * cmd_validate.c — `tierctl validate`: judge application documents offline, the
 * way a linter checks source files.
 *
 * What: for each FILE (or "-", standard input) the ingest steps run one by one
 * (ingest_parse, ingest_tier_of, ingest_validate, ingest_extract), then
 * rules_evaluate with rules_options.line_of = ingest_xpath_line over the
 * parsed tree, so every finding comes back with the source line of the data it
 * judges. Text output gives one line per parse or schema error
 * ("FILE:LINE: PATH: message") or per finding ("FILE:LINE: RULE-ID verdict:
 * message (clause)", with the finding's XPath in place of the line when the
 * data is not in the document), the judgement items in a group of their own,
 * then one verdict line per document. Chinese by default, `--lang en` for
 * English. `--format xml` writes the same facts as one document of
 * xsd/validation.xsd. This file is the wiring (options, reading, the ingest
 * steps, the rules); validate_report.c writes the reports (validate_int.h).
 *
 * Judgement: the rule set is --rules, else the document's own ruleSet, else the
 * one in force on its submission date; the reference date is the submission
 * date (rules_options.on left empty: the document's submissionDate is the
 * application date), so a verdict does not change with the day it is run.
 * Offline, registry prerequisites are needs-review unless --holds names the
 * tier; with --holds-complete the --holds list (possibly `none`) is every title
 * the firm holds, so a title not in it is a mechanical "not held". Titles the
 * document merely declares in <holds> stay needs-review. 领航 thresholds come
 * from the configuration; unset ones are needs-review.
 *
 * Owns: the compiled schemas and one ingest worker for the run, and the bytes,
 * tree, application and findings of the document being checked. Never touches
 * the database, the network or a daemon (no cli_open_db).
 *
 * Threads: one.
 *
 * Exit status, the worst over all documents (3 worst, then 2, 1, 4, 0):
 * 0 every document eligible (judgement items may remain), 1 some document
 * ineligible (a criterion fails), 2 some document invalid (refused by ingest:
 * not well-formed, DOCTYPE, too large or deep, unknown tier, not schema-valid,
 * an unacceptable value; or its USCC is not valid), 3 usage or set-up error
 * (bad option, schemas not found, a file that cannot be read, out of memory),
 * 4 some document needs review (nothing fails, but an UNCONFIRMED threshold or
 * an unknown registry fact decides). Results go to standard output, usage and
 * set-up errors to standard error.
 */
#include "validate_int.h"

#include "tier/application.h"
#include "tier/buf.h"
#include "tier/cli.h"
#include "tier/ingest.h"
#include "tier/rules.h"
#include "tier/tier.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef TIER_DATADIR
#define TIER_DATADIR "/usr/local/share/tierd"
#endif

#define VALIDATE_NS "urn:tierd:validation:1"
#define OUT_CAP ((size_t)64 << 20) /* one document's report; far above any real one */

static void validate_usage(FILE *f)
{
    fprintf(f,
            "usage: tierctl [--xsd-dir DIR] validate [--format text|xml] [--rules 2022|2026]\n"
            "                 [--holds TIER[,TIER]|none] [--holds-complete] [--lang zh|en]\n"
            "                 FILE... | -\n"
            "  checks application documents offline (no database, no daemon), like a linter:\n"
            "  one line per error or finding, the judgement items in their own group, then\n"
            "  one verdict line per document\n"
            "  --format   text (default) or xml (schema xsd/validation.xsd)\n"
            "  --lang     zh (default) or en: the language of messages and the verdict\n"
            "  --rules    judge under this rule set (default: the document's ruleSet, else\n"
            "             the one in force on its submission date)\n"
            "  --holds    tier codes the enterprise is known to hold on its submission date,\n"
            "             so that prerequisite findings pass (otherwise they need review);\n"
            "             'none' for no title\n"
            "  --holds-complete  the --holds list is every title the firm holds: a title\n"
            "             not in it is not held (prerequisites fail mechanically)\n"
            "  -          read one document from standard input\n"
            "  a finding marked (route) is one way of meeting a criterion; only the\n"
            "  criterion's own finding counts toward the verdict; judgement items are for\n"
            "  a reviewer and never change it\n"
            "  schemas come from the xsd-dir setting (global option --xsd-dir DIR, before\n"
            "  'validate'); when it is the built-in default and has none, ./xsd is tried\n"
            "exit: 0 every document eligible, 1 some document ineligible, 2 some document\n"
            "      invalid (not well-formed, not schema-valid, USCC not valid), 3 usage or\n"
            "      set-up error, 4 some document needs review (the worst wins: 3, 2, 1, 4, 0)\n");
}

/* ---- reading ---------------------------------------------------------------------- */

/* Read the whole of `path` ("-": standard input) into b (made here with cap
 * `max`). Returns 0; 1 when the input is larger than `max` (reading stops
 * there); -1 with a sentence in res->why on a read error. b is the caller's to
 * free in every case. */
static int read_doc(const char *path, size_t max, struct buf *b, struct result *res)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    char chunk[65536];
    size_t n;
    int rc = 0;

    buf_init(b, max);
    if (f == NULL) {
        snprintf(res->why, sizeof res->why, "cannot read: %s", strerror(errno));
        return -1;
    }
    for (;;) {
        n = fread(chunk, 1, sizeof chunk, f);
        if (n == 0)
            break;
        if (n > max - b->len) {
            rc = 1;
            break;
        }
        if (buf_add(b, chunk, n) != 0) {
            snprintf(res->why, sizeof res->why, "out of memory reading it");
            rc = -1;
            break;
        }
    }
    if (rc == 0 && ferror(f)) {
        snprintf(res->why, sizeof res->why, "cannot read: %s", strerror(errno));
        rc = -1;
    }
    if (!is_stdin)
        fclose(f);
    return rc;
}

/* ---- one document -------------------------------------------------------------------- */

static void check_one(struct run *r, const char *file, struct result *res)
{
    struct rules_options ro;
    struct buf in;
    xmlDocPtr doc = NULL;
    enum ingest_status st;
    int rd;

    memset(res, 0, sizeof *res);
    res->file = file;
    res->tier = TIER_NONE;
    res->rs = RULESET_NONE;
    ingest_errors_clear(r->errs);
    findings_init(r->findings);

    rd = read_doc(file, r->lim.max_bytes, &in, res);
    if (rd < 0) {
        res->outcome = OUT_ERROR;
        goto done;
    }
    if (rd > 0) {
        /* Stopped reading at the limit: the same refusal ingest_parse gives. */
        struct ingest_error *e = &r->errs->e[r->errs->count++];

        e->line = 0;
        e->code = 0;
        e->path[0] = '\0';
        snprintf(e->message_zh, sizeof e->message_zh, "文件超过 %zu 字节，即允许的上限 (max-body)",
                 r->lim.max_bytes);
        snprintf(e->message, sizeof e->message,
                 "document is larger than %zu bytes, the most accepted (max-body)",
                 r->lim.max_bytes);
        res->st = INGEST_TOO_LARGE;
        res->outcome = OUT_INVALID;
        goto done;
    }

    st = ingest_parse(in.data != NULL ? in.data : "", in.len, &r->lim, &doc, r->errs);
    if (st == INGEST_OK)
        st = ingest_tier_of(doc, &res->tier, r->errs);
    if (st == INGEST_OK)
        st = ingest_validate(r->schemas, r->worker, res->tier, doc, r->errs);
    if (st == INGEST_OK)
        st = ingest_extract(doc, res->tier, r->app, r->errs);
    if (st == INGEST_NOMEM || st == INGEST_BAD_ARG) {
        snprintf(res->why, sizeof res->why, "could not be checked: %s", ingest_status_name(st));
        res->outcome = OUT_ERROR;
        goto done;
    }
    if (st != INGEST_OK) {
        res->st = st;
        res->outcome = OUT_INVALID;
        goto done;
    }

    memset(&ro, 0, sizeof ro);
    ro.holds = r->opt->holds;
    ro.holds_complete = r->opt->holds_complete;
    ro.leading = r->leading;
    ro.sme_size = &r->sme_size;
    ro.line_of = ingest_xpath_line;
    ro.line_ctx = doc;
    if (rules_evaluate(r->app, r->opt->rs, &ro, r->findings) != 0) {
        snprintf(res->why, sizeof res->why, "the rules could not judge it");
        res->outcome = OUT_ERROR;
        goto done;
    }
    if (r->findings->count > 0)
        res->rs = r->findings->items[0].rule_set;
    res->n_fail = findings_count(r->findings, VERDICT_FAIL);
    res->n_review = findings_count(r->findings, VERDICT_NEEDS_REVIEW);
    res->n_judgement = findings_count(r->findings, VERDICT_JUDGEMENT);
    for (size_t i = 0; i < r->findings->count; i++)
        res->n_judgement_all += r->findings->items[i].verdict == VERDICT_JUDGEMENT;
    switch (findings_eligibility(r->findings)) {
    case ELIG_INVALID:
        res->st = INGEST_OK; /* the USCC, not ingest */
        res->outcome = OUT_INVALID;
        break;
    case ELIG_INELIGIBLE:
        res->outcome = OUT_INELIGIBLE;
        break;
    case ELIG_NEEDS_REVIEW:
        res->outcome = OUT_REVIEW;
        break;
    case ELIG_ELIGIBLE:
        res->outcome = OUT_ELIGIBLE;
        break;
    }

done:
    xmlFreeDoc(doc);
    buf_free(&in);
}

/* ---- set-up and the command ---------------------------------------------------------------- */

/* Compile the schemas from c->xsd_dir; when that is the built-in default and
 * fails, from ./xsd (a source checkout). 0, or -1 after saying how to fix it. */
static int load_schemas(struct run *r, const struct tier_config *c)
{
    static const char builtin[] = TIER_DATADIR "/xsd";
    char first[INGEST_MSG_BYTES] = "";
    int tried_local = 0;
    enum ingest_status st;

    ingest_errors_clear(r->errs);
    st = ingest_schemas_load(&r->schemas, c->xsd_dir, r->errs);
    if (st == INGEST_OK)
        return 0;
    if (r->errs->count > 0)
        snprintf(first, sizeof first, "%s", r->errs->e[0].message);
    if (st != INGEST_NOMEM && strcmp(c->xsd_dir, builtin) == 0) {
        tried_local = 1;
        ingest_errors_clear(r->errs);
        if (ingest_schemas_load(&r->schemas, "xsd", r->errs) == INGEST_OK)
            return 0;
    }
    fprintf(stderr, "tierctl validate: cannot load the application schemas from %s%s%s%s%s;\n"
                    "  run from the repository root (./xsd) or pass the directory: "
                    "tierctl --xsd-dir DIR validate ...\n",
            c->xsd_dir, first[0] != '\0' ? " (" : "", first, first[0] != '\0' ? ")" : "",
            tried_local ? ", nor from ./xsd" : "");
    return -1;
}

/* Is `arg` the option `name`, as "--name" (value next) or "--name=VALUE"? */
static int opt_is(const char *arg, const char *name)
{
    size_t n = strlen(name);

    return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

/* The value of the option at argv[*i]: after its '=', else the next argument
 * (*i then moves past it); NULL when there is none. */
static const char *opt_value(int argc, char **argv, int *i)
{
    const char *eq = strchr(argv[*i], '=');

    if (eq != NULL)
        return eq + 1;
    if (*i + 1 >= argc)
        return NULL;
    *i += 1;
    return argv[*i];
}

/* Apply --format, --lang, --rules or --holds (`arg` names which) with value v.
 * 0, or -1 after saying what is wrong. */
static int set_option(struct options *o, const char *arg, const char *v)
{
    unsigned mask = 0;

    if (opt_is(arg, "--format")) {
        if (strcmp(v, "text") != 0 && strcmp(v, "xml") != 0) {
            fprintf(stderr, "tierctl validate: --format is text or xml, not '%s'\n", v);
            return -1;
        }
        o->xml = strcmp(v, "xml") == 0;
    } else if (opt_is(arg, "--lang")) {
        if (strcmp(v, "zh") != 0 && strcmp(v, "en") != 0) {
            fprintf(stderr, "tierctl validate: --lang is zh or en, not '%s'\n", v);
            return -1;
        }
        o->lang = strcmp(v, "en") == 0 ? LANG_EN : LANG_ZH;
    } else if (opt_is(arg, "--rules")) {
        o->rs = rule_set_by_name(v);
        if (o->rs == RULESET_NONE) {
            fprintf(stderr, "tierctl validate: --rules is 2022 or 2026, not '%s'\n", v);
            return -1;
        }
    } else {
        if (rules_holds_parse(v, &mask) != 0) {
            fprintf(stderr, "tierctl validate: --holds '%s' is not 'none' or a comma-separated "
                            "list of tier codes (", v);
            for (int t = 0; t < TIER_COUNT; t++)
                fprintf(stderr, "%s%s", t ? ", " : "", tier_get((enum tier_id)t)->code);
            fprintf(stderr, ")\n");
            return -1;
        }
        o->holds |= mask;
    }
    return 0;
}

/* Parse the options into *o and move the FILE arguments to the front of argv.
 * Returns the number of files, or -1 after printing why (usage error), or -2
 * for --help (usage printed on stdout). */
static int parse_args(int argc, char **argv, struct options *o)
{
    int nfiles = 0, stdin_seen = 0, only_files = 0;

    memset(o, 0, sizeof *o);
    o->rs = RULESET_NONE;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        char key[64];

        if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
            if (strcmp(a, "-") == 0 && stdin_seen++) {
                fprintf(stderr, "tierctl validate: '-' (standard input) may be given once\n");
                return -1;
            }
            argv[nfiles++] = argv[i];
            continue;
        }
        snprintf(key, sizeof key, "%.*s", (int)strcspn(a, "="), a);
        if (strcmp(a, "--") == 0) {
            only_files = 1;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            validate_usage(stdout);
            return -2;
        } else if (strcmp(a, "--holds-complete") == 0) {
            o->holds_complete = 1;
        } else if (opt_is(a, "--format") || opt_is(a, "--rules") || opt_is(a, "--holds") ||
                   opt_is(a, "--lang")) {
            const char *v = opt_value(argc, argv, &i);

            if (v == NULL) {
                fprintf(stderr, "tierctl validate: %s needs a value\n", a);
                return -1;
            }
            if (set_option(o, a, v) != 0)
                return -1;
        } else if (strncmp(key, "--", 2) == 0 && config_has_key(key + 2)) {
            fprintf(stderr, "tierctl validate: %s is a global option: give it before the "
                            "command (tierctl %s VALUE validate ...)\n", key, key);
            return -1;
        } else {
            fprintf(stderr, "tierctl validate: unknown option %s\n", a);
            return -1;
        }
    }
    if (nfiles == 0) {
        fprintf(stderr, "tierctl validate: no documents given (a FILE, or - for standard "
                        "input)\n");
        return -1;
    }
    return nfiles;
}

int cmd_validate(struct tier_config *c, int argc, char **argv)
{
    struct options opt;
    struct run *r = NULL;
    int nfiles, worst = 0, rc;

    nfiles = parse_args(argc, argv, &opt);
    if (nfiles == -2)
        return 0;
    if (nfiles < 0) {
        fprintf(stderr, "usage: tierctl [--xsd-dir DIR] validate [--format text|xml] "
                        "[--rules 2022|2026]\n"
                        "                 [--holds TIER[,TIER]|none] [--holds-complete] "
                        "[--lang zh|en]\n"
                        "                 FILE... | -   (tierctl validate --help explains)\n");
        return 3;
    }

    r = calloc(1, sizeof *r);
    if (r != NULL) {
        r->app = malloc(sizeof *r->app);
        r->errs = malloc(sizeof *r->errs);
        r->findings = malloc(sizeof *r->findings);
    }
    if (r == NULL || r->app == NULL || r->errs == NULL || r->findings == NULL) {
        fprintf(stderr, "tierctl validate: out of memory\n");
        worst = 3;
        goto done;
    }
    r->opt = &opt;
    r->leading = leading_policy_set(&r->leading_buf, (int64_t)c->leading_min_revenue_yuan * 100,
                                    c->leading_min_rd_bp, c->leading_min_years,
                                    c->leading_min_type1_ip, c->leading_max_liability_bp);
    sme_size_policy_set(&r->sme_size, c->sme_industry_max_employees,
                        (int64_t)c->sme_industry_max_revenue_yuan * 100,
                        c->sme_software_max_employees,
                        (int64_t)c->sme_software_max_revenue_yuan * 100);
    ingest_limits_default(&r->lim);
    r->lim.max_bytes = c->max_body; /* what tierd would accept */
    buf_init(&r->out, OUT_CAP);
    if (load_schemas(r, c) != 0) {
        worst = 3;
        goto done;
    }
    if (ingest_worker_new(&r->worker, r->schemas) != INGEST_OK) {
        fprintf(stderr, "tierctl validate: out of memory\n");
        worst = 3;
        goto done;
    }

    if (opt.xml)
        fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<validation xmlns=\"" VALIDATE_NS
              "\">\n", stdout);
    for (int i = 0; i < nfiles; i++) {
        struct result res;

        check_one(r, argv[i], &res);
        buf_reset(&r->out);
        rc = opt.xml ? validate_xml_report(r, &res) : validate_text_report(r, &res);
        if (rc != 0) {
            fprintf(stderr, "tierctl validate: %s: out of memory writing the report\n",
                    argv[i]);
            worst = 3;
            continue;
        }
        fwrite(r->out.data, 1, r->out.len, stdout);
        if (validate_exit_rank(validate_exit_of(res.outcome)) > validate_exit_rank(worst))
            worst = validate_exit_of(res.outcome);
    }
    if (opt.xml)
        printf("  <exit>%d</exit>\n</validation>\n", worst);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "tierctl validate: writing the report: %s\n", strerror(errno));
        worst = 3;
    }

done:
    if (r != NULL) {
        ingest_worker_free(r->worker);
        ingest_schemas_free(r->schemas);
        buf_free(&r->out);
        free(r->app);
        free(r->errs);
        free(r->findings);
        free(r);
    }
    return worst;
}
