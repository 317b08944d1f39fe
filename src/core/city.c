/*
 * city.c — Shandong's 16 prefecture-level cities and the division codes that
 * belong to them (see include/tier/city.h, domain.md §10).
 *
 * A GB/T 2260 code "37ccxx" belongs to city "37cc00". The one exception is the
 * former 莱芜市 (3712xx), merged into 济南 in 2019, whose district codes still
 * appear on older USCCs; they map to 370100 rather than being refused. The
 * table is static and read-only, so every function is thread-safe and the
 * returned pointers live for the whole program.
 */
#include "tier/city.h"

#include <stddef.h>
#include <string.h>

/* GB/T 2260, in code order (domain.md §10). */
static const struct city cities[CITY_COUNT] = {
    {"370100", "济南市", "Jinan"},    {"370200", "青岛市", "Qingdao"},
    {"370300", "淄博市", "Zibo"},     {"370400", "枣庄市", "Zaozhuang"},
    {"370500", "东营市", "Dongying"}, {"370600", "烟台市", "Yantai"},
    {"370700", "潍坊市", "Weifang"},  {"370800", "济宁市", "Jining"},
    {"370900", "泰安市", "Tai'an"},   {"371000", "威海市", "Weihai"},
    {"371100", "日照市", "Rizhao"},   {"371300", "临沂市", "Linyi"},
    {"371400", "德州市", "Dezhou"},   {"371500", "聊城市", "Liaocheng"},
    {"371600", "滨州市", "Binzhou"},  {"371700", "菏泽市", "Heze"},
};

const struct city *city_all(void)
{
    return cities;
}

const struct city *city_by_code(const char *code6)
{
    size_t i;

    if (code6 == NULL)
        return NULL;
    for (i = 0; i < CITY_COUNT; i++) {
        if (strcmp(cities[i].code, code6) == 0)
            return &cities[i];
    }
    return NULL;
}

const struct city *city_for_division(const char *code6)
{
    char key[7];
    size_t i;

    if (code6 == NULL)
        return NULL;
    for (i = 0; i < 6; i++) {
        if (code6[i] < '0' || code6[i] > '9')
            return NULL; /* also stops at a NUL in a short string */
    }
    if (code6[6] != '\0' || code6[0] != '3' || code6[1] != '7')
        return NULL;
    /* 莱芜 (3712xx) became districts of 济南 in 2019 (domain.md §10). */
    if (code6[2] == '1' && code6[3] == '2')
        return &cities[0];
    memcpy(key, code6, 4);
    memcpy(key + 4, "00", 3);
    return city_by_code(key);
}
