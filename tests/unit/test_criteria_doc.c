/*
 * test_criteria_doc.c — docs/criteria.md tells every rule's source as the
 * code applies it.
 *
 * The table of every rule in docs/criteria.md (between the markers below) is
 * made from the rule tables: the id, the Chinese and English requirement
 * (src/rules/messages.c), the rule sets, the clause it cites and the
 * configuration keys that set its threshold (src/rules/sources.c, pointing
 * into the policy tables). This program checks that the committed table is
 * the one the code makes, and, run as
 *     build/tests/test_criteria_doc --write docs/criteria.md
 * (what `make docs` does), rewrites it. It also checks that every rule has a
 * source, that every configuration key named exists, and that every rule
 * whose clause is UNCONFIRMED or whose threshold is configuration is
 * explained in the document's section on them.
 */
#include "tier/buf.h"
#include "tier/config.h"
#include "tier/rules.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_file.h"

#define DOC "docs/criteria.md"
#define BEGIN_MARK "<!-- every rule: made by `make docs` from src/rules; do not edit -->\n"
#define END_MARK "<!-- end of every rule -->\n"
#define NOTES_MARK "<!-- unconfirmed and configured -->"
#define NOTES_END "<!-- end of unconfirmed and configured -->"

/* A table cell: '|' escaped, newlines as spaces. */
static int cell(struct buf *b, const char *s)
{
    int rc = 0;

    for (; *s != '\0' && rc == 0; s++) {
        if (*s == '|')
            rc = buf_adds(b, "\\|");
        else if (*s == '\n')
            rc = buf_adds(b, " ");
        else
            rc = buf_add(b, s, 1);
    }
    return rc;
}

/* "a b c" -> "`a`, `b`, `c`" */
static int words(struct buf *b, const char *s, const char *quote, const char *sep)
{
    int rc = 0, first = 1;

    while (*s != '\0' && rc == 0) {
        size_t n = strcspn(s, " ");

        if (n > 0) {
            rc |= buf_printf(b, "%s%s%.*s%s", first ? "" : sep, quote, (int)n, s, quote);
            first = 0;
        }
        s += n;
        s += strspn(s, " ");
    }
    return rc;
}

/* The table, markers included. 0, or -1 when a rule has no source. */
static int render(struct buf *b)
{
    int rc = buf_adds(b, BEGIN_MARK);

    rc |= buf_adds(b, "| rule id | 要求 | requirement | rule sets | source (clause cited) | "
                      "configuration |\n|---|---|---|---|---|---|\n");
    for (size_t i = 0; rule_id_at(i) != NULL && rc == 0; i++) {
        const char *id = rule_id_at(i);
        struct rule_source s;

        if (rule_source(id, &s) != 0)
            return -1;
        rc |= buf_printf(b, "| `%s` | ", id);
        rc |= cell(b, rule_message(id, LANG_ZH));
        rc |= buf_adds(b, " | ");
        rc |= cell(b, rule_message(id, LANG_EN));
        rc |= buf_adds(b, " | ");
        rc |= words(b, s.rule_sets, "", ", ");
        rc |= buf_adds(b, " | ");
        rc |= cell(b, s.clause);
        rc |= buf_adds(b, " | ");
        rc |= words(b, s.config, "`", ", ");
        rc |= buf_adds(b, " |\n");
    }
    rc |= buf_adds(b, END_MARK);
    return rc;
}

/* The generated part of doc: [*start, *end) including the markers. */
static int find_table(const char *doc, const char **start, const char **end)
{
    *start = strstr(doc, BEGIN_MARK);
    *end = *start != NULL ? strstr(*start, END_MARK) : NULL;
    if (*start == NULL || *end == NULL)
        return -1;
    *end += strlen(END_MARK);
    return 0;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;

    for (; *s != '\0'; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void test_every_rule_has_a_source(void)
{
    size_t n = 0, m = 0;

    for (const char *id; (id = rule_id_at(n)) != NULL; n++) {
        struct rule_source s;

        if (rule_source(id, &s) != 0)
            fprintf(stderr, "\n  %s has no row in src/rules/sources.c\n", id);
        CU_ASSERT_EQUAL_FATAL(rule_source(id, &s), 0);
        CU_ASSERT_STRING_EQUAL(s.id, id);
        /* a measure named by its document: 《…》 or a name with its number 〔…〕 */
        CU_ASSERT(strlen(s.clause) > 10);
        CU_ASSERT(strstr(s.clause, "〔") != NULL || strstr(s.clause, "GB") != NULL ||
                  strstr(s.clause, "山东") != NULL || strstr(s.clause, "领航") != NULL);
        /* findings keep the clause in VARCHAR(300) (sql/001_core.sql) */
        CU_ASSERT(utf8_chars(s.clause) <= 300);
        CU_ASSERT(strcmp(s.rule_sets, "2022") == 0 || strcmp(s.rule_sets, "2026") == 0 ||
                  strcmp(s.rule_sets, "2022 2026") == 0);
    }
    /* no source row for a rule that has no message; sorted for the lookup */
    for (const char *prev = "", *id; (id = rule_source_id_at(m)) != NULL; m++) {
        CU_ASSERT(strcmp(prev, id) < 0);
        CU_ASSERT_PTR_NOT_NULL(rule_message(id, LANG_ZH));
        prev = id;
    }
    CU_ASSERT_EQUAL(n, m);
    CU_ASSERT(n > 100);
    {
        struct rule_source s;

        CU_ASSERT_EQUAL(rule_source("NO-SUCH-RULE", &s), -1);
        CU_ASSERT_EQUAL(rule_source(NULL, &s), -1);
        CU_ASSERT_EQUAL(rule_source("HT-STAFF", &s), 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(s.clause, "国科发火〔2016〕32号"));
        CU_ASSERT_PTR_NOT_NULL(strstr(s.clause, "第十一条(四)"));
        CU_ASSERT_STRING_EQUAL(s.config, "");
        CU_ASSERT_EQUAL(rule_source("LEAD-REVENUE", &s), 0);
        CU_ASSERT_STRING_EQUAL(s.config, "leading-min-revenue");
        CU_ASSERT_EQUAL(rule_source("SSME26-PLATFORM-SCORE", &s), 0);
        CU_ASSERT_STRING_EQUAL(s.rule_sets, "2026");
        CU_ASSERT_PTR_NOT_NULL(strstr(s.clause, "工信部企业〔2026〕2号"));
        CU_ASSERT_EQUAL(rule_source("SSME22-SCALE", &s), 0);
        CU_ASSERT_STRING_EQUAL(s.rule_sets, "2022");
        CU_ASSERT_PTR_NOT_NULL(strstr(s.clause, "工信部企业〔2022〕63号"));
    }
}

/* Every configuration key a rule names is a key tierd.conf takes. */
static void test_configuration_keys_exist(void)
{
    for (size_t i = 0; rule_source_id_at(i) != NULL; i++) {
        struct rule_source s;
        const char *p;

        CU_ASSERT_EQUAL_FATAL(rule_source(rule_source_id_at(i), &s), 0);
        for (p = s.config; *p != '\0';) {
            char key[64];
            size_t n = strcspn(p, " ");

            snprintf(key, sizeof key, "%.*s", (int)n, p);
            if (!config_has_key(key))
                fprintf(stderr, "\n  %s names the configuration key %s, which is no key\n",
                        s.id, key);
            CU_ASSERT_TRUE(config_has_key(key));
            p += n;
            p += strspn(p, " ");
        }
    }
}

static void test_committed_table_is_current(void)
{
    size_t len = 0;
    char *doc = test_read_file(DOC, &len);
    const char *start, *end;
    struct buf want;

    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL_FATAL(find_table(doc, &start, &end), 0);
    buf_init(&want, 1 << 20);
    CU_ASSERT_EQUAL_FATAL(render(&want), 0);
    if ((size_t)(end - start) != want.len || memcmp(start, want.data, want.len) != 0) {
        size_t k = 0, line = 1;

        while (k < want.len && start + k < end && start[k] == want.data[k]) {
            if (want.data[k] == '\n')
                line++;
            k++;
        }
        fprintf(stderr, "\n  %s: the table of every rule is not what src/rules makes "
                        "(line %zu of the table differs); run `make docs`\n", DOC, line);
        CU_FAIL("docs/criteria.md is stale");
    }
    buf_free(&want);
    free(doc);
}

/* A rule whose clause is UNCONFIRMED, or whose threshold is configuration, is
 * explained in the section on them, by id. */
static void test_unconfirmed_and_configured_rules_are_explained(void)
{
    size_t len = 0;
    char *doc = test_read_file(DOC, &len);
    const char *start, *end;
    size_t explained = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    start = strstr(doc, NOTES_MARK);
    end = start != NULL ? strstr(start, NOTES_END) : NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(start);
    CU_ASSERT_PTR_NOT_NULL_FATAL(end);
    for (size_t i = 0; rule_source_id_at(i) != NULL; i++) {
        struct rule_source s;
        char needle[48];
        const char *hit;

        CU_ASSERT_EQUAL_FATAL(rule_source(rule_source_id_at(i), &s), 0);
        if (strstr(s.clause, "UNCONFIRMED") == NULL && s.config[0] == '\0')
            continue;
        snprintf(needle, sizeof needle, "`%s`", s.id);
        hit = strstr(start, needle);
        if (hit == NULL || hit > end)
            fprintf(stderr, "\n  %s is UNCONFIRMED or configured but not explained in %s\n",
                    s.id, DOC);
        CU_ASSERT(hit != NULL && hit < end);
        explained++;
    }
    CU_ASSERT(explained >= 10);
    free(doc);
}

/* `make docs`: replace the table in path with the one the code makes. */
static int write_doc(const char *path)
{
    size_t len = 0;
    char *doc = test_read_file(path, &len);
    const char *start, *end;
    struct buf out;
    FILE *f;
    int rc = 1;

    if (doc == NULL || find_table(doc, &start, &end) != 0) {
        fprintf(stderr, "%s: cannot read it, or it lacks the markers %s and %s", path,
                BEGIN_MARK, END_MARK);
        free(doc);
        return 1;
    }
    buf_init(&out, 4u << 20);
    if (buf_add(&out, doc, (size_t)(start - doc)) == 0 && render(&out) == 0 &&
        buf_adds(&out, end) == 0 && (f = fopen(path, "wb")) != NULL) {
        rc = fwrite(out.data, 1, out.len, f) == out.len ? 0 : 1;
        rc |= fclose(f) != 0;
    }
    if (rc != 0)
        fprintf(stderr, "%s: cannot write the table (a rule without a source?)\n", path);
    else
        printf("%s: the table of every rule is made from src/rules\n", path);
    buf_free(&out);
    free(doc);
    return rc;
}

int main(int argc, char **argv)
{
    CU_pSuite s;
    unsigned int failed;

    if (argc == 3 && strcmp(argv[1], "--write") == 0)
        return write_doc(argv[2]);
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("criteria_doc", NULL, NULL);
    CU_add_test(s, "every rule has a source", test_every_rule_has_a_source);
    CU_add_test(s, "configuration keys named by rules exist", test_configuration_keys_exist);
    CU_add_test(s, "docs/criteria.md's table of every rule is current",
                test_committed_table_is_current);
    CU_add_test(s, "unconfirmed and configured rules are explained",
                test_unconfirmed_and_configured_rules_are_explained);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures();
    CU_cleanup_registry();
    return failed == 0 ? 0 : 1;
}
