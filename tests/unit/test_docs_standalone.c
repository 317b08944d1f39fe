/*
 * test_docs_standalone.c — the repository's docs stand alone: README.md and
 * the pages in docs/ describe what exists, for readers who have only the repository.
 * They name no tracker issue ("issue 17"), promise nothing "to come", and
 * point at nothing outside the repository ("../shared").
 */
#include "test_file.h"

#include <CUnit/Basic.h>
#include <ctype.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Lines of `text` holding a word that only makes sense outside the
 * repository, each printed with its file and line; their count. */
static int outside_words(const char *path, const char *text)
{
    static const char *const PHRASES[] = {"to come", "come next", "../shared"};
    int bad = 0, line = 1;

    for (const char *p = text; *p; p++) {
        if (*p == '\n') {
            line++;
            continue;
        }
        for (size_t i = 0; i < sizeof PHRASES / sizeof PHRASES[0]; i++) {
            if (strncasecmp(p, PHRASES[i], strlen(PHRASES[i])) == 0) {
                fprintf(stderr, "\n    %s:%d: \"%s\"", path, line, PHRASES[i]);
                bad++;
            }
        }
        /* "issue 17", "issues 16/17", "(issue 18)" */
        if ((p == text || !isalpha((unsigned char)p[-1])) && strncasecmp(p, "issue", 5) == 0) {
            const char *q = p + 5;
            if (*q == 's')
                q++;
            if (*q == ' ' && isdigit((unsigned char)q[1])) {
                fprintf(stderr, "\n    %s:%d: \"%.*s\"", path, line, (int)(q + 1 - p) + 2, p);
                bad++;
            }
        }
    }
    return bad;
}

static void test_readme_and_docs_name_no_issue_and_nothing_to_come(void)
{
    glob_t g;
    size_t len;
    int bad = 0, files = 0;
    char *text = test_read_file("README.md", &len);

    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    bad += outside_words("README.md", text);
    free(text);
    CU_ASSERT_EQUAL_FATAL(glob("docs/*.md", 0, NULL, &g), 0);
    for (size_t i = 0; i < g.gl_pathc; i++) {
        text = test_read_file(g.gl_pathv[i], &len);
        CU_ASSERT_PTR_NOT_NULL(text);
        if (text == NULL)
            continue;
        files++;
        bad += outside_words(g.gl_pathv[i], text);
        free(text);
    }
    globfree(&g);
    CU_ASSERT_TRUE(files >= 5);
    CU_ASSERT_EQUAL(bad, 0);
}

int main(void)
{
    CU_pSuite s;
    int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("docs", NULL, NULL);
    CU_add_test(s, "README and docs name no issue and nothing to come",
                test_readme_and_docs_name_no_issue_and_nothing_to_come);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = (int)CU_get_number_of_failures();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
