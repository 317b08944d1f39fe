/*
 * test_utf8.c — the one UTF-8 decoder: every boundary of RFC 3629's table,
 * and the forms it refuses.
 */
#include "tier/utf8.h"

#include <CUnit/Basic.h>
#include <stdint.h>
#include <string.h>

static size_t dec(const char *s, uint32_t *cp)
{
    return utf8_decode((const unsigned char *)s, strlen(s) ? strlen(s) : 1, cp);
}

static void test_each_length_decodes_at_its_boundaries(void)
{
    static const struct {
        const char *s;
        size_t len;
        uint32_t cp;
    } ok[] = {
        {"A", 1, 0x41},           {"\x7F", 1, 0x7F},           {"\xC2\x80", 2, 0x80},
        {"\xDF\xBF", 2, 0x7FF},   {"\xE0\xA0\x80", 3, 0x800},  {"\xED\x9F\xBF", 3, 0xD7FF},
        {"\xEE\x80\x80", 3, 0xE000}, {"\xEF\xBF\xBF", 3, 0xFFFF}, {"\xF0\x90\x80\x80", 4, 0x10000},
        {"\xF4\x8F\xBF\xBF", 4, 0x10FFFF}, {"中", 3, 0x4E2D},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        uint32_t cp = 0;
        CU_ASSERT_EQUAL(dec(ok[i].s, &cp), ok[i].len);
        CU_ASSERT_EQUAL(cp, ok[i].cp);
    }
}

static void test_malformed_overlong_surrogate_and_too_large_forms_are_refused(void)
{
    static const char *const bad[] = {
        "\x80",             /* a continuation byte alone */
        "\xC0\x80",         /* overlong NUL */
        "\xC1\xBF",         /* overlong */
        "\xE0\x9F\xBF",     /* overlong 3-byte */
        "\xED\xA0\x80",     /* surrogate U+D800 */
        "\xED\xBF\xBF",     /* surrogate U+DFFF */
        "\xF0\x8F\xBF\xBF", /* overlong 4-byte */
        "\xF4\x90\x80\x80", /* above U+10FFFF */
        "\xF5\x80\x80\x80", /* no such lead byte */
        "\xE4\xB8",         /* cut short */
        "\xE4\x41\x41",     /* not a continuation */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint32_t cp = 0;
        CU_ASSERT_EQUAL(dec(bad[i], &cp), 0);
    }
}

static void test_a_string_is_never_read_past_its_nul(void)
{
    /* the NUL ends the look: the bytes after it (here none valid) are not read */
    char s[4] = {'\xE4', '\xB8', '\0', '\xAD'};
    uint32_t cp;

    CU_ASSERT_EQUAL(utf8_decode((const unsigned char *)s, SIZE_MAX, &cp), 0);
    CU_ASSERT_EQUAL(utf8_decode((const unsigned char *)"", SIZE_MAX, &cp), 1);
    CU_ASSERT_EQUAL(cp, 0);
}

static void test_xml_chars_are_those_of_xml_1_0(void)
{
    CU_ASSERT_TRUE(utf8_is_xml_char('\t'));
    CU_ASSERT_TRUE(utf8_is_xml_char('\n'));
    CU_ASSERT_TRUE(utf8_is_xml_char('\r'));
    CU_ASSERT_FALSE(utf8_is_xml_char(0));
    CU_ASSERT_FALSE(utf8_is_xml_char(0x1F));
    CU_ASSERT_TRUE(utf8_is_xml_char(0x20));
    CU_ASSERT_TRUE(utf8_is_xml_char(0xD7FF));
    CU_ASSERT_TRUE(utf8_is_xml_char(0xE000));
    CU_ASSERT_TRUE(utf8_is_xml_char(0xFFFD));
    CU_ASSERT_FALSE(utf8_is_xml_char(0xFFFE));
    CU_ASSERT_FALSE(utf8_is_xml_char(0xFFFF));
    CU_ASSERT_TRUE(utf8_is_xml_char(0x10000));
    CU_ASSERT_TRUE(utf8_is_xml_char(0x10FFFF));
    CU_ASSERT_FALSE(utf8_is_xml_char(0x110000));
}

int main(void)
{
    CU_pSuite s;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("utf8", NULL, NULL);
    CU_add_test(s, "each length decodes at its boundaries",
                test_each_length_decodes_at_its_boundaries);
    CU_add_test(s, "malformed, overlong, surrogate and too large forms are refused",
                test_malformed_overlong_surrogate_and_too_large_forms_are_refused);
    CU_add_test(s, "a string is never read past its NUL", test_a_string_is_never_read_past_its_nul);
    CU_add_test(s, "XML chars are those of XML 1.0", test_xml_chars_are_those_of_xml_1_0);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    {
        unsigned int failed = CU_get_number_of_tests_failed();
        CU_cleanup_registry();
        return failed ? 1 : 0;
    }
}
