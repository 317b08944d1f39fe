/*
 * test_corpus.c — the sample corpus under tests/data/ against its manifest,
 * tests/data/expected.tsv, through the library path (ingest, then rules).
 *
 * The manifest has one line per file under tests/data/<dir>/:
 *     path <TAB> exit <TAB> checks
 * `exit` is the status `tierctl validate` gives the file: 2 when it is
 * invalid (ingest refuses it: not well-formed, not schema-valid, a bad value;
 * or its USCC is not valid), else 1 when it is ineligible (a criterion fails),
 * else 4 when a needs-review finding decides, else 0 (eligible; judgement
 * items may remain). `checks`
 * is "-" or a space-separated list of RULE-ID=verdict pairs that must appear
 * (the first finding with that id, summary or detail).
 *
 * One test per directory runs its lines: schemas loaded once from xsd/,
 * ingest_application with default limits, rules_evaluate with RULESET_NONE
 * and default options (offline, nothing held, nothing configured). Another
 * test walks every subdirectory of tests/data and fails on any file the
 * manifest does not list, so a new sample cannot be forgotten. A last test
 * runs <build>/tierctl validate (the one built beside this program) on every
 * line through popen and compares its exit status and its "RULE-ID verdict:"
 * lines with the same manifest; it is skipped when tierctl is not built or
 * its help lists no validate command.
 * Run from the repository root.
 */
#include <CUnit/Basic.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tier/application.h"
#include "tier/ingest.h"
#include "tier/rules.h"

#define DATA_DIR "tests/data"
#define MANIFEST DATA_DIR "/expected.tsv"
#define MANIFEST_MAX_LINES 2048
#define LINE_MAX_BYTES 2048
#define PATH_MAX_BYTES 256
#define CHECKS_MAX_BYTES 1024
#define FILE_MAX_BYTES ((size_t)8 * 1024 * 1024) /* well above the 2 MiB ingest limit */

struct entry {
    char path[PATH_MAX_BYTES];     /* "tests/data/high-tech/eligible.xml" */
    char dir[64];                  /* "high-tech" */
    int exit_status;               /* 0, 1, 2 or 4 */
    char checks[CHECKS_MAX_BYTES]; /* "HT-AGE=pass HT-STAFF=fail", or "" for "-" */
    int line;                      /* line in the manifest */
};

/* Directories of tests/data/; each gets a test of its own. */
static const char *const DIRS[] = {
    "gazelle", "high-tech", "hostile", "innovative-sme", "leading", "little-giant",
    "single-champion", "specialized-sme", "tech-innovative-sme", "tech-sme", "unicorn",
};
#define N_DIRS (sizeof DIRS / sizeof DIRS[0])

static struct entry *entries; /* MANIFEST_MAX_LINES, heap */
static int n_entries;
static char manifest_error[256]; /* "" when the manifest parsed */
static struct ingest_schemas *schemas;
static struct application app;  /* large: static storage */
static struct findings found;
static struct ingest_errors errs;

/* A CUnit assertion whose message names the file and rule (CUnit copies it). */
static void check_at(int ok, int line, const char *fmt, ...)
{
    char msg[768];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned int)line, msg, __FILE__, "",
                            CU_FALSE);
}
#define CHECK(ok, ...) check_at((ok), __LINE__, __VA_ARGS__)

/* ---- manifest ------------------------------------------------------------------- */

static int parse_line(char *s, int lineno, struct entry *e)
{
    char *tab1 = strchr(s, '\t'), *tab2, *end;
    const char *rest;
    long v;
    size_t n;

    if (tab1 == NULL || (tab2 = strchr(tab1 + 1, '\t')) == NULL || strchr(tab2 + 1, '\t') != NULL)
        return -1;
    *tab1 = '\0';
    *tab2 = '\0';
    n = strlen(s);
    if (n == 0 || n >= sizeof e->path || strncmp(s, DATA_DIR "/", strlen(DATA_DIR "/")) != 0)
        return -1;
    memcpy(e->path, s, n + 1);
    /* the directory: between "tests/data/" and the next '/' (exactly one level) */
    rest = s + strlen(DATA_DIR "/");
    end = strchr(rest, '/');
    if (end == NULL || end == rest || (size_t)(end - rest) >= sizeof e->dir ||
        strchr(end + 1, '/') != NULL || end[1] == '\0')
        return -1;
    memcpy(e->dir, rest, (size_t)(end - rest));
    e->dir[end - rest] = '\0';

    errno = 0;
    v = strtol(tab1 + 1, &end, 10);
    if (errno != 0 || end == tab1 + 1 || *end != '\0' || v < 0 || v > 4 || v == 3)
        return -1;
    e->exit_status = (int)v;

    rest = tab2 + 1;
    if (strcmp(rest, "-") == 0)
        rest = "";
    else if (*rest == '\0')
        return -1;
    if (strlen(rest) >= sizeof e->checks)
        return -1;
    strcpy(e->checks, rest);
    e->line = lineno;
    return 0;
}

/* Read the manifest into entries[]; on a malformed line remember why. */
static void manifest_load(void)
{
    FILE *f = fopen(MANIFEST, "r");
    char buf[LINE_MAX_BYTES];
    int lineno = 0;

    n_entries = 0;
    manifest_error[0] = '\0';
    if (f == NULL) {
        snprintf(manifest_error, sizeof manifest_error, "cannot open %s: %s", MANIFEST,
                 strerror(errno));
        return;
    }
    while (fgets(buf, sizeof buf, f) != NULL) {
        size_t n = strlen(buf);

        lineno++;
        if (n == 0 || buf[n - 1] != '\n') {
            snprintf(manifest_error, sizeof manifest_error,
                     "%s:%d: line too long or missing its newline", MANIFEST, lineno);
            break;
        }
        buf[--n] = '\0';
        if (n > 0 && buf[n - 1] == '\r')
            buf[--n] = '\0';
        if (n_entries == MANIFEST_MAX_LINES) {
            snprintf(manifest_error, sizeof manifest_error, "%s: more than %d lines", MANIFEST,
                     MANIFEST_MAX_LINES);
            break;
        }
        if (parse_line(buf, lineno, &entries[n_entries]) != 0) {
            snprintf(manifest_error, sizeof manifest_error,
                     "%s:%d: not \"tests/data/<dir>/<file> TAB 0|1|2 TAB checks|-\"", MANIFEST,
                     lineno);
            break;
        }
        n_entries++;
    }
    fclose(f);
}

static const struct entry *manifest_find(const char *path)
{
    for (int i = 0; i < n_entries; i++) {
        if (strcmp(entries[i].path, path) == 0)
            return &entries[i];
    }
    return NULL;
}

/* ---- the library path ----------------------------------------------------------- */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *p = NULL;
    size_t n = 0, cap = 64 * 1024;

    if (f == NULL)
        return NULL;
    p = malloc(cap);
    while (p != NULL) {
        size_t got = fread(p + n, 1, cap - n, f);

        n += got;
        if (n < cap)
            break;
        if (cap >= FILE_MAX_BYTES) {
            free(p);
            p = NULL;
            break;
        }
        {
            char *q = realloc(p, cap * 2);

            if (q == NULL) {
                free(p);
                p = NULL;
                break;
            }
            p = q;
            cap *= 2;
        }
    }
    if (p != NULL && ferror(f)) {
        free(p);
        p = NULL;
    }
    fclose(f);
    *len = n;
    return p;
}

/* The status `tierctl validate` gives the file, through the library; -1 when
 * the file cannot be read or the rules refuse the application. */
static int library_status(const char *path, enum ingest_status *st)
{
    size_t len = 0;
    char *buf = read_file(path, &len);

    if (buf == NULL)
        return -1;
    ingest_errors_clear(&errs);
    *st = ingest_application(schemas, buf, len, NULL, &app, &errs);
    free(buf);
    if (*st != INGEST_OK)
        return 2;
    findings_init(&found);
    if (rules_evaluate(&app, RULESET_NONE, NULL, &found) != 0)
        return -1;
    switch (findings_eligibility(&found)) {
    case ELIG_INVALID:
        return 2;
    case ELIG_INELIGIBLE:
        return 1;
    case ELIG_NEEDS_REVIEW:
        return 4;
    case ELIG_ELIGIBLE:
        break;
    }
    return 0;
}

/* Every RULE-ID=verdict pair of e->checks against the findings just made. */
static void check_pairs(const struct entry *e)
{
    char checks[CHECKS_MAX_BYTES];
    char *save = NULL;

    strcpy(checks, e->checks);
    for (char *tok = strtok_r(checks, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(tok, '=');
        const struct finding *f;

        CHECK(eq != NULL && eq != tok && eq[1] != '\0',
              "%s:%d: check \"%s\" is not RULE-ID=verdict", MANIFEST, e->line, tok);
        if (eq == NULL)
            continue;
        *eq = '\0';
        f = findings_find(&found, tok);
        CHECK(f != NULL, "%s: no finding %s (expected %s)", e->path, tok, eq + 1);
        if (f != NULL)
            CHECK(strcmp(verdict_name(f->verdict), eq + 1) == 0, "%s: %s is %s, expected %s",
                  e->path, tok, verdict_name(f->verdict), eq + 1);
    }
}

static void run_dir(const char *dir)
{
    int ran = 0;

    CHECK(manifest_error[0] == '\0', "%s", manifest_error);
    CU_ASSERT_PTR_NOT_NULL_FATAL(schemas);
    for (int i = 0; i < n_entries; i++) {
        const struct entry *e = &entries[i];
        enum ingest_status st = INGEST_OK;
        int got;

        if (strcmp(e->dir, dir) != 0)
            continue;
        ran++;
        got = library_status(e->path, &st);
        CHECK(got >= 0, "%s: cannot be read or judged", e->path);
        if (got < 0)
            continue;
        CHECK(got == e->exit_status, "%s: status %d, expected %d (ingest: %s%s%s)", e->path, got,
              e->exit_status, ingest_status_name(st), errs.count > 0 ? ", " : "",
              errs.count > 0 ? errs.e[0].message : "");
        if (got == 2 && st != INGEST_OK) {
            CHECK(e->checks[0] == '\0', "%s: refused by ingest (%s), yet checks are listed",
                  e->path, ingest_status_name(st));
            continue;
        }
        check_pairs(e);
    }
    CHECK(ran > 0, "the manifest lists no file under %s/%s", DATA_DIR, dir);
}

#define DIR_TEST(fn, name)      \
    static void fn(void)        \
    {                           \
        run_dir(name);          \
    }
DIR_TEST(test_gazelle, "gazelle")
DIR_TEST(test_high_tech, "high-tech")
DIR_TEST(test_hostile, "hostile")
DIR_TEST(test_innovative_sme, "innovative-sme")
DIR_TEST(test_leading, "leading")
DIR_TEST(test_little_giant, "little-giant")
DIR_TEST(test_single_champion, "single-champion")
DIR_TEST(test_specialized_sme, "specialized-sme")
DIR_TEST(test_tech_innovative_sme, "tech-innovative-sme")
DIR_TEST(test_tech_sme, "tech-sme")
DIR_TEST(test_unicorn, "unicorn")

/* ---- completeness --------------------------------------------------------------- */

static int is_dir(const char *path)
{
    struct stat sb;

    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static int known_dir(const char *name)
{
    for (size_t i = 0; i < N_DIRS; i++) {
        if (strcmp(DIRS[i], name) == 0)
            return 1;
    }
    return 0;
}

static void test_every_file_under_tests_data_is_listed(void)
{
    DIR *top = opendir(DATA_DIR);
    struct dirent *d;
    int files = 0;

    CHECK(manifest_error[0] == '\0', "%s", manifest_error);
    CU_ASSERT_PTR_NOT_NULL_FATAL(top);
    while ((d = readdir(top)) != NULL) {
        char sub[sizeof DATA_DIR + 256];
        DIR *dd;
        struct dirent *f;

        if (d->d_name[0] == '.')
            continue;
        snprintf(sub, sizeof sub, "%s/%s", DATA_DIR, d->d_name);
        /* fuzz-regressions/ holds inputs that once crashed something; they
         * are judged by test_fuzz_regressions, not by the manifest */
        if (!is_dir(sub) || strcmp(d->d_name, "fuzz-regressions") == 0)
            continue;
        CHECK(known_dir(d->d_name), "%s has no test in test_corpus.c (add it to DIRS and main)",
              sub);
        dd = opendir(sub);
        CHECK(dd != NULL, "cannot open %s", sub);
        if (dd == NULL)
            continue;
        while ((f = readdir(dd)) != NULL) {
            char path[sizeof DATA_DIR + 512];

            if (f->d_name[0] == '.')
                continue;
            snprintf(path, sizeof path, "%s/%s", sub, f->d_name);
            files++;
            CHECK(manifest_find(path) != NULL, "%s is not listed in %s", path, MANIFEST);
        }
        closedir(dd);
    }
    closedir(top);
    CHECK(files == n_entries, "%d files under %s/*/ but %d manifest lines", files, DATA_DIR,
          n_entries);
}

static void test_every_manifest_line_is_in_a_tested_directory(void)
{
    CHECK(manifest_error[0] == '\0', "%s", manifest_error);
    CHECK(n_entries > 0, "%s is empty", MANIFEST);
    for (int i = 0; i < n_entries; i++) {
        int dup = 0;

        CHECK(known_dir(entries[i].dir), "%s:%d: directory %s has no test", MANIFEST,
              entries[i].line, entries[i].dir);
        for (int j = 0; j < i && !dup; j++)
            dup = strcmp(entries[i].path, entries[j].path) == 0;
        CHECK(!dup, "%s:%d: %s is listed twice", MANIFEST, entries[i].line, entries[i].path);
    }
}

/* ---- the same manifest through `tierctl validate` ---------------------------------- */

#define CLI_OUT_MAX ((size_t)1 << 20) /* one document's text report */

/* The tierctl built beside this program: <build>/tests/test_corpus ->
 * <build>/tierctl (build/ or build/sanitize/). Set in main. */
static char tierctl[PATH_MAX_BYTES] = "build/tierctl";

/* Paths go through the shell: only plain characters are allowed. */
static int shell_safe(const char *s)
{
    for (; *s != '\0'; s++) {
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '/' || *s == '.' || *s == '-' || *s == '_'))
            return 0;
    }
    return 1;
}

/* Run `tierctl validate path`; its exit status (-1 if it did not exit) and up
 * to CLI_OUT_MAX bytes of standard output in *out (caller frees). */
static int cli_run(const char *path, char **out)
{
    char cmd[2 * PATH_MAX_BYTES + 32];
    size_t n = 0, cap = 64 * 1024;
    char *buf = malloc(cap + 1);
    FILE *p;
    int st;

    *out = NULL;
    if (buf == NULL)
        return -1;
    snprintf(cmd, sizeof cmd, "%s validate --lang en %s 2>/dev/null", tierctl, path);
    p = popen(cmd, "r");
    if (p == NULL) {
        free(buf);
        return -1;
    }
    for (;;) {
        size_t got = fread(buf + n, 1, cap - n, p);

        n += got;
        if (got == 0)
            break;
        if (n == cap && cap < CLI_OUT_MAX) {
            char *q = realloc(buf, cap * 2 + 1);

            if (q == NULL)
                break;
            buf = q;
            cap *= 2;
        } else if (n == cap) {
            break;
        }
    }
    buf[n] = '\0';
    st = pclose(p);
    *out = buf;
    return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The verdict of the first output line naming `rule` as "RULE-ID verdict:"
 * (or "RULE-ID verdict (route):" for a detail finding), or NULL. The id must
 * stand alone (not the tail of a longer id). */
static const char *cli_verdict(const char *out, const char *rule)
{
    static const char *const V[] = { "pass", "fail", "needs-review", "judgement" };
    size_t rl = strlen(rule);

    for (const char *p = strstr(out, rule); p != NULL; p = strstr(p + 1, rule)) {
        char before = p == out ? ' ' : p[-1];

        if ((before >= 'A' && before <= 'Z') || (before >= '0' && before <= '9') || before == '-')
            continue;
        if (p[rl] != ' ')
            continue;
        for (size_t i = 0; i < sizeof V / sizeof V[0]; i++) {
            size_t vl = strlen(V[i]);

            const char *after = p + rl + 1 + vl;

            if (strncmp(p + rl + 1, V[i], vl) != 0)
                continue;
            /* "RULE-ID verdict:", or for one route of a criterion "RULE-ID verdict (route):" */
            if (*after == ':' || (after[0] == ' ' && after[1] == '(' &&
                                  (after = strchr(after, ')')) != NULL && after[1] == ':'))
                return V[i];
        }
    }
    return NULL;
}

/* Does `tierctl help` list the validate command? */
static int cli_has_validate(void)
{
    char cmd[PATH_MAX_BYTES + 32], line[512];
    FILE *p;
    int listed = 0;

    snprintf(cmd, sizeof cmd, "%s help 2>&1", tierctl);
    p = popen(cmd, "r");
    if (p == NULL)
        return 0;
    while (fgets(line, sizeof line, p) != NULL) {
        const char *v = strstr(line, "validate");

        /* a command line of the help text: "  validate ..." */
        if (v != NULL && strspn(line, " ") == (size_t)(v - line))
            listed = 1;
    }
    pclose(p);
    return listed;
}

static void test_tierctl_validate_gives_every_manifest_status(void)
{
    CHECK(manifest_error[0] == '\0', "%s", manifest_error);
    CHECK(shell_safe(tierctl), "%s: path has characters unsafe for the shell", tierctl);
    if (!shell_safe(tierctl))
        return;
    if (access(tierctl, X_OK) != 0 || !cli_has_validate()) {
        /* a test-only build, or a tierctl from before `validate` existed */
        fprintf(stderr, "\n    (%s validate not available: skipped)\n", tierctl);
        return;
    }
    for (int i = 0; i < n_entries; i++) {
        const struct entry *e = &entries[i];
        char checks[CHECKS_MAX_BYTES], *save = NULL, *out = NULL;
        int got;

        CHECK(shell_safe(e->path), "%s: path has characters unsafe for the shell", e->path);
        if (!shell_safe(e->path))
            continue;
        got = cli_run(e->path, &out);
        CHECK(got == e->exit_status, "tierctl validate %s: exit %d, expected %d", e->path, got,
              e->exit_status);
        strcpy(checks, e->checks);
        for (char *tok = strtok_r(checks, " ", &save); out != NULL && tok != NULL;
             tok = strtok_r(NULL, " ", &save)) {
            char *eq = strchr(tok, '=');
            const char *v;

            if (eq == NULL)
                continue;
            *eq = '\0';
            v = cli_verdict(out, tok);
            CHECK(v != NULL && strcmp(v, eq + 1) == 0,
                  "tierctl validate %s: %s is %s, expected %s", e->path, tok,
                  v != NULL ? v : "not reported", eq + 1);
        }
        free(out);
    }
}

/* ---- suite ---------------------------------------------------------------------- */

static int suite_init(void)
{
    entries = calloc(MANIFEST_MAX_LINES, sizeof *entries);
    if (entries == NULL)
        return -1;
    manifest_load();
    return ingest_schemas_load(&schemas, "xsd", NULL) == INGEST_OK ? 0 : -1;
}

static int suite_clean(void)
{
    ingest_schemas_free(schemas);
    schemas = NULL;
    free(entries);
    entries = NULL;
    return 0;
}

int main(int argc, char **argv)
{
    CU_pSuite s;
    unsigned int failed;
    const char *slash;

    /* argv[0] is <build>/tests/test_corpus: tierctl is <build>/tierctl */
    if (argc > 0 && argv[0] != NULL && (slash = strstr(argv[0], "/tests/test_corpus")) != NULL &&
        slash[strlen("/tests/test_corpus")] == '\0' &&
        (size_t)(slash - argv[0]) + sizeof "/tierctl" <= sizeof tierctl)
        snprintf(tierctl, sizeof tierctl, "%.*s/tierctl", (int)(slash - argv[0]), argv[0]);

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("corpus", suite_init, suite_clean);
    CU_add_test(s, "every file under tests/data is listed",
                test_every_file_under_tests_data_is_listed);
    CU_add_test(s, "every manifest line is in a tested directory",
                test_every_manifest_line_is_in_a_tested_directory);
    CU_add_test(s, "gazelle samples give their expected verdicts", test_gazelle);
    CU_add_test(s, "high-tech samples give their expected verdicts", test_high_tech);
    CU_add_test(s, "hostile documents are refused", test_hostile);
    CU_add_test(s, "innovative-sme samples give their expected verdicts", test_innovative_sme);
    CU_add_test(s, "leading samples give their expected verdicts", test_leading);
    CU_add_test(s, "little-giant samples give their expected verdicts", test_little_giant);
    CU_add_test(s, "single-champion samples give their expected verdicts", test_single_champion);
    CU_add_test(s, "specialized-sme samples give their expected verdicts", test_specialized_sme);
    CU_add_test(s, "tech-innovative-sme samples give their expected verdicts",
                test_tech_innovative_sme);
    CU_add_test(s, "tech-sme samples give their expected verdicts", test_tech_sme);
    CU_add_test(s, "unicorn samples give their expected verdicts", test_unicorn);
    CU_add_test(s, "tierctl validate gives every manifest status",
                test_tierctl_validate_gives_every_manifest_status);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed() +
             CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
