/*
 * test_rules_messages.c — every rule speaks Chinese and English and cites its
 * clause; the judgement rules are the ones docs/criteria.md lists.
 *
 * The rule ids come from two places that must agree with the message table
 * (src/rules/messages.c): the policy tables' source (src/rules/policy_*.c,
 * every `{ "RULE-ID", clause }` initializer, read from the repository root) and
 * what the rules actually emit for every tier under both rule sets. A rule
 * added to a policy table without a message, or a message left behind for a
 * rule that no longer exists, fails here.
 */
#include "tier/rules.h"

#include <CUnit/Basic.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_rules_fixture.h"

#define SRC_MAX (256 * 1024)

/* Does s contain a character from the CJK blocks (U+3000..U+9FFF, U+FF00..)? */
static int has_cjk(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p == 0xE3 || (*p >= 0xE4 && *p <= 0xE9) || *p == 0xEF)
            return 1;
    }
    return 0;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = malloc(SRC_MAX + 1);
    size_t n;

    if (f == NULL || buf == NULL) {
        if (f != NULL)
            fclose(f);
        free(buf);
        return NULL;
    }
    n = fread(buf, 1, SRC_MAX, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void test_every_message_has_zh_and_en(void)
{
    size_t n = 0;
    const char *prev = "";

    for (const char *id; (id = rule_id_at(n)) != NULL; n++) {
        const char *zh = rule_message(id, LANG_ZH), *en = rule_message(id, LANG_EN);

        CU_ASSERT_PTR_NOT_NULL_FATAL(zh);
        CU_ASSERT_PTR_NOT_NULL_FATAL(en);
        if (!has_cjk(zh) || en[0] == '\0' || strcmp(zh, en) == 0)
            fprintf(stderr, "\n  %s: zh '%s', en '%s'\n", id, zh, en);
        CU_ASSERT_TRUE(has_cjk(zh));
        CU_ASSERT(en[0] != '\0' && strcmp(zh, en) != 0);
        /* sorted, so that the lookup (bsearch) finds every row */
        CU_ASSERT(strcmp(prev, id) < 0);
        prev = id;
    }
    CU_ASSERT(n > 100);
    CU_ASSERT_PTR_NULL(rule_message("NO-SUCH-RULE", LANG_ZH));
    CU_ASSERT_PTR_NULL(rule_message(NULL, LANG_EN));
}

/* Every `{ "RULE-ID", clause... }` in the policy tables has a clause and a
 * message; every message row is such a rule. */
static void test_every_policy_rule_has_clause_and_messages(void)
{
    static const char *const files[] = { "src/rules/policy_2022.c", "src/rules/policy_2026.c" };
    static char seen[512][40];
    size_t nseen = 0;
    regex_t re;

    CU_ASSERT_EQUAL_FATAL(
        regcomp(&re, "\\{ *\"([A-Z0-9]+(-[A-Z0-9]+)+)\",[ \n]*([^ \n}][^}]*)\\}", REG_EXTENDED),
        0);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *src = slurp(files[i]);
        const char *p = src;
        regmatch_t m[4];

        CU_ASSERT_PTR_NOT_NULL_FATAL(src);
        while (regexec(&re, p, 4, m, 0) == 0) {
            char id[40];
            int len = (int)(m[1].rm_eo - m[1].rm_so);

            snprintf(id, sizeof id, "%.*s", len, p + m[1].rm_so);
            /* a clause: a string literal or a macro naming the document */
            CU_ASSERT(m[3].rm_eo - m[3].rm_so > 4);
            if (rule_message(id, LANG_ZH) == NULL)
                fprintf(stderr, "\n  %s (%s) has no message in src/rules/messages.c\n", id,
                        files[i]);
            CU_ASSERT_PTR_NOT_NULL(rule_message(id, LANG_ZH));
            if (nseen < sizeof seen / sizeof seen[0])
                snprintf(seen[nseen++], sizeof seen[0], "%s", id);
            p += m[0].rm_eo;
        }
        free(src);
    }
    regfree(&re);
    for (size_t k = 0; rule_id_at(k) != NULL; k++) {
        size_t j;

        for (j = 0; j < nseen; j++)
            if (strcmp(seen[j], rule_id_at(k)) == 0)
                break;
        if (j == nseen)
            fprintf(stderr, "\n  message row %s is no rule of the policy tables\n",
                    rule_id_at(k));
        CU_ASSERT(j < nseen);
    }
}

/* What the rules emit, for every tier under both rule sets (strong and empty
 * applications, so that most branches run): each finding's rule has both
 * messages and a clause, and a judgement finding's rule is marked judgement. */
static void test_every_emitted_finding_has_messages_and_clause(void)
{
    const enum tier_id *tiers = FX_TIERS;
    static const enum rule_set sets[] = { RULESET_2022, RULESET_2026 };

    for (size_t t = 0; t < FX_N_TIERS; t++) {
        for (size_t s = 0; s < 2; s++) {
            for (int variant = 0; variant < 2; variant++) {
                struct application *a = fx_app(tiers[t], sets[s]);
                struct findings *f;

                if (variant == 1) {
                    /* nothing declared or claimed: the failing branches */
                    memset(&a->decl, 0, sizeof a->decl);
                    a->ip_count = 0;
                    a->hold_count = 0;
                }
                f = fx_eval(a, NULL);
                for (size_t i = 0; i < f->count; i++) {
                    const struct finding *x = &f->items[i];

                    CU_ASSERT_PTR_NOT_NULL(rule_message(x->rule_id, LANG_ZH));
                    CU_ASSERT_PTR_NOT_NULL(rule_message(x->rule_id, LANG_EN));
                    CU_ASSERT(x->clause != NULL && x->clause[0] != '\0');
                    /* the clause docs/criteria.md gives for the rule (sources.c) */
                    {
                        struct rule_source src;

                        CU_ASSERT(rule_source(x->rule_id, &src) == 0 &&
                                  strcmp(src.clause, x->clause) == 0);
                    }
                    if (x->verdict == VERDICT_JUDGEMENT && !rule_is_judgement(x->rule_id))
                        fprintf(stderr, "\n  %s gives judgement but is not marked so\n",
                                x->rule_id);
                    CU_ASSERT(x->verdict != VERDICT_JUDGEMENT || rule_is_judgement(x->rule_id));
                    /* a criterion that needs review says why in Chinese */
                    if (!x->detail && x->verdict == VERDICT_NEEDS_REVIEW && x->why_zh == NULL)
                        fprintf(stderr, "\n  %s needs review without a Chinese reason\n",
                                x->rule_id);
                    CU_ASSERT(x->detail || x->verdict != VERDICT_NEEDS_REVIEW ||
                              (x->why_zh != NULL && x->why_zh[0] != '\0'));
                }
                free(f);
                free(a);
            }
        }
    }
}

/* docs/criteria.md names every judgement rule, and no other rule as one. */
static void test_docs_list_the_judgement_rules(void)
{
    char *doc = slurp("docs/criteria.md");
    const char *start, *end;

    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    start = strstr(doc, "<!-- judgement rules -->");
    end = strstr(doc, "<!-- end of judgement rules -->");
    CU_ASSERT_PTR_NOT_NULL_FATAL(start);
    CU_ASSERT_PTR_NOT_NULL_FATAL(end);
    for (size_t k = 0; rule_id_at(k) != NULL; k++) {
        const char *id = rule_id_at(k);
        char needle[48];
        const char *hit;

        snprintf(needle, sizeof needle, "`%s`", id);
        hit = strstr(start, needle);
        if (rule_is_judgement(id) != (hit != NULL && hit < end))
            fprintf(stderr, "\n  %s: judgement %d in the table, listed %d in docs/criteria.md\n",
                    id, rule_is_judgement(id), hit != NULL && hit < end);
        CU_ASSERT_EQUAL(rule_is_judgement(id), hit != NULL && hit < end);
    }
    free(doc);
}

/* The Chinese sentence of a finding: id, verdict word, requirement, measured
 * value and threshold, clause. */
static void test_chinese_sentence_of_a_finding(void)
{
    struct application *a = fx_app(TIER_HIGH_TECH, RULESET_2022);
    struct findings *f;
    const struct finding *x;
    struct buf b;

    a->staff.st_staff = a->staff.employees / 20; /* 5% */
    f = fx_eval(a, NULL);
    x = findings_find(f, "HT-STAFF");
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    buf_init(&b, 4096);
    CU_ASSERT_EQUAL(finding_format_lang(x, LANG_ZH, &b), 0);
    CU_ASSERT_STRING_EQUAL(b.data, "HT-STAFF 不通过：科技人员占当年职工总数的比例不低于10%"
                                   "（实测 5.00%，要求 ≥ 10.00%）"
                                   "〔高新技术企业认定管理办法(国科发火〔2016〕32号) "
                                   "第十一条(四) 科技人员占当年职工总数的比例不低于10%〕");
    buf_reset(&b);
    CU_ASSERT_EQUAL(finding_format_lang(x, LANG_EN, &b), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "HT-STAFF fail: "));
    buf_free(&b);
    /* over the cap: unchanged */
    buf_init(&b, 16);
    CU_ASSERT_EQUAL(buf_adds(&b, "x"), 0);
    CU_ASSERT_EQUAL(finding_format_lang(x, LANG_ZH, &b), -1);
    CU_ASSERT_STRING_EQUAL(b.data, "x");
    buf_free(&b);
    /* the rules' words become Chinese; numbers stay */
    {
        struct finding g = *x;

        snprintf(g.measured, sizeof g.measured, "not given");
        snprintf(g.threshold, sizeof g.threshold, ">= 3 years");
        buf_init(&b, 4096);
        CU_ASSERT_EQUAL(finding_format_lang(&g, LANG_ZH, &b), 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "（实测 未填写，要求 ≥ 3 年）"));
        buf_reset(&b);
        snprintf(g.measured, sizeof g.measured, "1 year");
        snprintf(g.threshold, sizeof g.threshold, "3.87%%");
        CU_ASSERT_EQUAL(finding_format_lang(&g, LANG_ZH, &b), 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "（实测 1 年，要求 3.87%）"));
        buf_reset(&b);
        snprintf(g.measured, sizeof g.measured, "140 employees, revenue 5200万");
        snprintf(g.threshold, sizeof g.threshold, ">= 100万 in each of 2 years");
        CU_ASSERT_EQUAL(finding_format_lang(&g, LANG_ZH, &b), 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "（实测 140 人，营业收入 5200万，要求 近2年每年 ≥ 100万）"));
        buf_reset(&b);
        /* a phrase no pattern knows stays as written */
        snprintf(g.measured, sizeof g.measured, "something new");
        snprintf(g.threshold, sizeof g.threshold, "3-year average >= 4亿");
        CU_ASSERT_EQUAL(finding_format_lang(&g, LANG_ZH, &b), 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "（实测 something new，要求 3年平均 ≥ 4亿）"));
        buf_free(&b);
    }
    CU_ASSERT_STRING_EQUAL(verdict_label(VERDICT_JUDGEMENT, LANG_ZH), "需人工判断");
    CU_ASSERT_STRING_EQUAL(eligibility_label(ELIG_ELIGIBLE, LANG_ZH), "符合条件");
    CU_ASSERT_STRING_EQUAL(eligibility_name(ELIG_NEEDS_REVIEW), "needs-review");
    free(f);
    free(a);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("rules_messages", NULL, NULL);
    CU_add_test(s, "every message has zh and en", test_every_message_has_zh_and_en);
    CU_add_test(s, "every policy rule has a clause and messages",
                test_every_policy_rule_has_clause_and_messages);
    CU_add_test(s, "every emitted finding has messages and a clause",
                test_every_emitted_finding_has_messages_and_clause);
    CU_add_test(s, "docs/criteria.md lists the judgement rules", test_docs_list_the_judgement_rules);
    CU_add_test(s, "Chinese sentence of a finding", test_chinese_sentence_of_a_finding);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures();
    CU_cleanup_registry();
    return failed == 0 ? 0 : 1;
}
