/*
 * test_city.c — Shandong's 16 cities and division codes to city.
 */
#include "tier/city.h"

#include <CUnit/Basic.h>
#include <stdlib.h>
#include <string.h>

static void test_all_lists_sixteen_cities_in_code_order(void)
{
    const struct city *c = city_all();
    int i;

    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_STRING_EQUAL(c[0].code, "370100");
    CU_ASSERT_STRING_EQUAL(c[0].name_zh, "济南市");
    CU_ASSERT_STRING_EQUAL(c[0].name_en, "Jinan");
    CU_ASSERT_STRING_EQUAL(c[CITY_COUNT - 1].code, "371700");
    CU_ASSERT_STRING_EQUAL(c[CITY_COUNT - 1].name_zh, "菏泽市");
    for (i = 0; i < CITY_COUNT; i++) {
        CU_ASSERT_EQUAL(strlen(c[i].code), 6);
        CU_ASSERT_PTR_NOT_NULL(c[i].name_en);
        CU_ASSERT_STRING_NOT_EQUAL(c[i].code, "371200"); /* 莱芜 is gone */
        if (i > 0)
            CU_ASSERT_TRUE(strcmp(c[i - 1].code, c[i].code) < 0);
    }
}

static void test_district_maps_to_its_city(void)
{
    const struct city *c;

    c = city_for_division("370102");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_STRING_EQUAL(c->name_zh, "济南市");
    c = city_for_division("370212");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_STRING_EQUAL(c->code, "370200");
    c = city_for_division("371700");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_STRING_EQUAL(c->name_zh, "菏泽市");
    c = city_for_division("371002");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_STRING_EQUAL(c->name_en, "Weihai");
}

static void test_former_laiwu_maps_to_jinan(void)
{
    const struct city *c;

    c = city_for_division("371202");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_STRING_EQUAL(c->code, "370100");
    CU_ASSERT_STRING_EQUAL(c->name_zh, "济南市");
    CU_ASSERT_PTR_EQUAL(city_for_division("371200"), c);
}

static void test_other_province_has_no_city(void)
{
    CU_ASSERT_PTR_NULL(city_for_division("440300"));
    CU_ASSERT_PTR_NULL(city_for_division("350100"));
}

static void test_province_itself_and_unknown_prefixes_have_no_city(void)
{
    CU_ASSERT_PTR_NULL(city_for_division("370000"));
    CU_ASSERT_PTR_NULL(city_for_division("371800"));
    CU_ASSERT_PTR_NULL(city_for_division("379001"));
}

static void test_malformed_code_has_no_city(void)
{
    CU_ASSERT_PTR_NULL(city_for_division("37"));
    CU_ASSERT_PTR_NULL(city_for_division(""));
    CU_ASSERT_PTR_NULL(city_for_division("37010"));
    CU_ASSERT_PTR_NULL(city_for_division("3701021"));
    CU_ASSERT_PTR_NULL(city_for_division("3701A2"));
    CU_ASSERT_PTR_NULL(city_for_division(NULL));
}

static void test_by_code_finds_exact_city_codes_only(void)
{
    const struct city *c = city_by_code("370600");

    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_STRING_EQUAL(c->name_zh, "烟台市");
    CU_ASSERT_PTR_NULL(city_by_code("370602"));
    CU_ASSERT_PTR_NULL(city_by_code("371200"));
    CU_ASSERT_PTR_NULL(city_by_code(NULL));
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("city", NULL, NULL);
    CU_add_test(s, "all lists sixteen cities in code order",
                test_all_lists_sixteen_cities_in_code_order);
    CU_add_test(s, "district maps to its city", test_district_maps_to_its_city);
    CU_add_test(s, "former Laiwu maps to Jinan", test_former_laiwu_maps_to_jinan);
    CU_add_test(s, "other province has no city", test_other_province_has_no_city);
    CU_add_test(s, "province itself and unknown prefixes have no city",
                test_province_itself_and_unknown_prefixes_have_no_city);
    CU_add_test(s, "malformed code has no city", test_malformed_code_has_no_city);
    CU_add_test(s, "by code finds exact city codes only", test_by_code_finds_exact_city_codes_only);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
