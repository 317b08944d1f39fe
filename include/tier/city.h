/*
 * city.h — Shandong's 16 prefecture-level cities (GB/T 2260), domain.md §10.
 *
 * The former 莱芜市 (3712xx) is counted under 济南 (370100).
 */
#ifndef TIER_CITY_H
#define TIER_CITY_H

#define CITY_COUNT 16

struct city {
    const char *code;    /* "370100" */
    const char *name_zh; /* "济南市" */
    const char *name_en; /* "Jinan" */
};

/* All 16 cities in code order. Never NULL; CITY_COUNT entries. */
const struct city *city_all(void);

/* The city of a six-digit division code ("370102" -> 济南; "371202" -> 济南),
 * or NULL when the code is not a Shandong city's (another province, the
 * province itself "370000", or not a code). `code6` must be a NUL-terminated
 * string of exactly six digits (uscc_info.division is one). NULL is fine. */
const struct city *city_for_division(const char *code6);

/* The city with exactly this code ("370100"), or NULL. */
const struct city *city_by_code(const char *code6);

#endif
