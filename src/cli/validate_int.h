/*
 * validate_int.h — private to `tierctl validate`: what cmd_validate.c (the
 * wiring: options, reading, the ingest steps and the rules) shares with
 * validate_report.c (the text and XML reports).
 */
#ifndef TIER_VALIDATE_INT_H
#define TIER_VALIDATE_INT_H

#include "tier/buf.h"
#include "tier/ingest.h"
#include "tier/rules.h"
#include "tier/tier.h"

#include <stddef.h>

enum outcome {
    OUT_ELIGIBLE = 0, /* no summary finding fails or needs review (judgement may remain) */
    OUT_REVIEW,       /* no failure; some finding needs a person */
    OUT_INELIGIBLE,   /* some rule fails */
    OUT_INVALID,      /* refused by ingest (see st), or USCC not valid (st == INGEST_OK) */
    OUT_ERROR,        /* not checked: unreadable, out of memory (see why) */
};

struct options {
    int xml;              /* --format xml */
    enum rule_set rs;     /* --rules, RULESET_NONE = the document's / the date's */
    unsigned holds;       /* --holds, TIER_BIT()s */
    int holds_complete;   /* --holds-complete */
    enum rules_lang lang; /* --lang, LANG_ZH by default */
};

/* What one run keeps between documents: compiled schemas, a worker and the
 * large per-document structs (about 250 KB together), allocated once. */
struct ingest_schemas;
struct ingest_worker;
struct application;

struct run {
    const struct options *opt;
    const struct leading_policy *leading; /* 领航 thresholds from the config, or NULL */
    struct leading_policy leading_buf;
    struct sme_size_policy sme_size;      /* SME size limits from the config */
    struct ingest_limits lim;
    struct ingest_schemas *schemas;
    struct ingest_worker *worker;
    struct application *app;
    struct ingest_errors *errs;
    struct findings *findings;
    struct buf out;            /* the report being written */
};

/* One checked document. */
struct result {
    const char *file;       /* as given; "-" for standard input */
    enum outcome outcome;
    enum ingest_status st;  /* OUT_INVALID: the refusing step's status */
    char why[160];          /* OUT_ERROR: what went wrong */
    enum tier_id tier;      /* TIER_NONE until known */
    enum rule_set rs;       /* rule set used, RULESET_NONE when not judged */
    size_t n_fail;          /* summary findings that fail */
    size_t n_review;        /* summary findings that need review */
    size_t n_judgement;     /* judgement items for a reviewer (criteria, not routes) */
    size_t n_judgement_all; /* findings with verdict judgement, routes included */
};

/* Exit status of one outcome: 0 eligible, 4 needs-review, 1 ineligible,
 * 2 invalid, 3 error. */
int validate_exit_of(enum outcome o);

/* Severity of an exit status for "the worst wins": 3, 2, 1, 4, 0. */
int validate_exit_rank(int code);

/* Append the report of one checked document to r->out: text (one line per
 * error or finding, the judgement group, the verdict line) or XML (one
 * <document> of xsd/validation.xsd), in r->opt->lang. 0, or -1 when r->out is
 * full (its content is then partial). */
int validate_text_report(struct run *r, const struct result *res);
int validate_xml_report(struct run *r, const struct result *res);

#endif
