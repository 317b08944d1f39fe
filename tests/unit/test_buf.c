/*
 * test_buf.c — the capped byte buffer: appends, the cap, XML escaping.
 */
#include "tier/buf.h"

#include <CUnit/Basic.h>
#include <stdlib.h>
#include <string.h>

static void test_append_keeps_nul_terminated_text(void)
{
    struct buf b;

    buf_init(&b, 100);
    CU_ASSERT_EQUAL(buf_adds(&b, "专精"), 0);
    CU_ASSERT_EQUAL(buf_printf(&b, "-%d", 42), 0);
    CU_ASSERT_STRING_EQUAL(b.data, "专精-42");
    CU_ASSERT_EQUAL(b.len, strlen("专精-42"));
    buf_free(&b);
}

static void test_append_past_cap_fails_and_leaves_buffer_unchanged(void)
{
    struct buf b;

    buf_init(&b, 8);
    CU_ASSERT_EQUAL(buf_adds(&b, "12345678"), 0);
    CU_ASSERT_EQUAL(buf_adds(&b, "9"), -1);
    CU_ASSERT_EQUAL(buf_printf(&b, "%s", "x"), -1);
    CU_ASSERT_STRING_EQUAL(b.data, "12345678");
    CU_ASSERT_EQUAL(b.len, 8);
    buf_free(&b);
}

/* buf_printf writes straight into spare room when the text fits, and
 * formats again after growing when it does not: both give the same text. */
static void test_printf_in_spare_room_and_after_growing_gives_the_same_text(void)
{
    struct buf b;
    char want[400];

    buf_init(&b, 1000);
    CU_ASSERT_EQUAL(buf_grow(&b, 100), 0);
    CU_ASSERT(b.alloc > 100);
    CU_ASSERT_EQUAL(buf_printf(&b, "[%d|%s]", 7, "fits"), 0);
    CU_ASSERT_STRING_EQUAL(b.data, "[7|fits]");
    /* longer than what is allocated now */
    memset(want, 'x', 300);
    want[300] = '\0';
    CU_ASSERT_EQUAL(buf_printf(&b, "%s", want), 0);
    CU_ASSERT_EQUAL(b.len, 8 + 300);
    CU_ASSERT_EQUAL(strncmp(b.data, "[7|fits]", 8), 0);
    CU_ASSERT_EQUAL(strcmp(b.data + 8, want), 0);
    buf_free(&b);
}

/* Over the cap: refused, and the text is as it was although the first try
 * wrote into the spare room past it. */
static void test_printf_over_the_cap_leaves_the_buffer_unchanged(void)
{
    struct buf b;

    buf_init(&b, 10);
    CU_ASSERT_EQUAL(buf_adds(&b, "abc"), 0);
    CU_ASSERT_EQUAL(buf_printf(&b, "%s", "12345678"), -1);
    CU_ASSERT_STRING_EQUAL(b.data, "abc");
    CU_ASSERT_EQUAL(b.len, 3);
    CU_ASSERT_EQUAL(buf_printf(&b, "%s", "1234567"), 0);
    CU_ASSERT_STRING_EQUAL(b.data, "abc1234567");
    buf_free(&b);
}

static void test_xml_escaping_covers_markup_characters(void)
{
    struct buf b;

    buf_init(&b, 1000);
    CU_ASSERT_EQUAL(buf_adds_xml(&b, "a<b>&\"c'"), 0);
    CU_ASSERT_STRING_EQUAL(b.data, "a&lt;b&gt;&amp;&quot;c&apos;");
    buf_free(&b);
}

static void test_failed_xml_escape_rolls_back(void)
{
    struct buf b;

    buf_init(&b, 6);
    CU_ASSERT_EQUAL(buf_adds(&b, "ab"), 0);
    CU_ASSERT_EQUAL(buf_adds_xml(&b, "c&d"), -1);
    CU_ASSERT_STRING_EQUAL(b.data, "ab");
    buf_free(&b);
}

static void test_detach_hands_over_memory(void)
{
    struct buf b;
    size_t n = 99;
    char *p;

    buf_init(&b, 10);
    p = buf_detach(&b, &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT_STRING_EQUAL(p, "");
    free(p);
    buf_adds(&b, "xyz");
    p = buf_detach(&b, &n);
    CU_ASSERT_STRING_EQUAL(p, "xyz");
    CU_ASSERT_EQUAL(n, 3);
    CU_ASSERT_PTR_NULL(b.data);
    free(p);
}

static void test_a_stream_is_read_whole_or_the_buffer_is_unchanged(void)
{
    FILE *f = tmpfile();
    struct buf b;
    int too_big = -1;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    for (int i = 0; i < 3000; i++)
        fputs("专精特新 ", f); /* 39 000 bytes: more than one read */
    rewind(f);
    buf_init(&b, 64u * 1024);
    buf_adds(&b, ">");
    CU_ASSERT_EQUAL(buf_add_stream(&b, f, &too_big), 0);
    CU_ASSERT_EQUAL(b.len, 1 + 3000 * strlen("专精特新 "));
    CU_ASSERT_EQUAL(too_big, 0);
    buf_free(&b);
    /* over the cap: nothing of it stays */
    rewind(f);
    buf_init(&b, 1000);
    buf_adds(&b, "kept");
    CU_ASSERT_EQUAL(buf_add_stream(&b, f, &too_big), -1);
    CU_ASSERT_EQUAL(too_big, 1);
    CU_ASSERT_STRING_EQUAL(b.data, "kept");
    buf_free(&b);
    fclose(f);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("buf", NULL, NULL);
    CU_add_test(s, "append keeps NUL-terminated text", test_append_keeps_nul_terminated_text);
    CU_add_test(s, "a stream is read whole or the buffer is unchanged",
                test_a_stream_is_read_whole_or_the_buffer_is_unchanged);
    CU_add_test(s, "append past cap fails and leaves buffer unchanged",
                test_append_past_cap_fails_and_leaves_buffer_unchanged);
    CU_add_test(s, "printf in spare room and after growing gives the same text",
                test_printf_in_spare_room_and_after_growing_gives_the_same_text);
    CU_add_test(s, "printf over the cap leaves the buffer unchanged",
                test_printf_over_the_cap_leaves_the_buffer_unchanged);
    CU_add_test(s, "xml escaping covers markup characters",
                test_xml_escaping_covers_markup_characters);
    CU_add_test(s, "failed xml escape rolls back", test_failed_xml_escape_rolls_back);
    CU_add_test(s, "detach hands over memory", test_detach_hands_over_memory);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
