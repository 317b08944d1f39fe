/*
 * uscc.c — the unified social credit code, GB 32100-2015 (see
 * include/tier/uscc.h and domain.md §9).
 *
 * A code is checked field by field, left to right, and the first failure is
 * reported: length, alphabet (all 18 characters), registering authority (1),
 * organisation type (2), division (3-8 digits), the GB 11714 check at 17 over
 * positions 9-16, and the mod-31 check at 18 over positions 1-17. Upper case
 * only, as the standard prints it; the caller decides whether to upper-case
 * user input before asking. Whether the division is a real place and whether
 * it is in Shandong is reported in struct uscc_info, not judged here (firms
 * move; domain.md §9 makes that a warning).
 *
 * Pure functions over caller memory, safe from any thread; error strings are
 * static.
 */
#include "tier/uscc.h"

#include <string.h>

/* GB 32100-2015: 0-9 and A-Z without I, O, S, V, Z; a character's value is
 * its index here. */
static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* 3^(i-1) mod 31 for positions 1..17 (GB 32100-2015, 5.3). */
static const int uscc_weights[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                     29, 25, 13, 8,  24, 10, 30, 28};

/* GB 11714 weights for the eight body characters (positions 9-16). */
static const int org_weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};

/* The value 0..30 of c in the USCC alphabet, or -1. */
static int uscc_value(char c)
{
    const char *p;

    if (c == '\0')
        return -1;
    p = strchr(uscc_alphabet, c);
    return p == NULL ? -1 : (int)(p - uscc_alphabet);
}

/* GB 11714 value: 0-9 as themselves, A=10 .. Z=35; -1 otherwise. */
static int org_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return -1;
}

char uscc_check_char(const char *first17)
{
    int i, v, sum = 0, c;

    for (i = 0; i < 17; i++) {
        v = uscc_value(first17[i]);
        if (v < 0)
            return 0;
        sum += v * uscc_weights[i];
    }
    c = 31 - sum % 31;
    return uscc_alphabet[c == 31 ? 0 : c];
}

char uscc_org_check_char(const char *org8)
{
    int i, v, sum = 0, c;

    for (i = 0; i < 8; i++) {
        v = org_value(org8[i]);
        if (v < 0)
            return 0;
        sum += v * org_weights[i];
    }
    c = 11 - sum % 11;
    if (c == 10)
        return 'X';
    if (c == 11)
        return '0';
    return (char)('0' + c);
}

/* Position 2 given position 1. Only the four authorities of the original
 * standard are known here (later amendments' extra codes are UNCONFIRMED,
 * domain.md §15). Type codes follow the sample validator of domain.md §9
 * [S40], which takes 1, 2, 3 and 9 under every authority: a tighter table per
 * authority is not sourced, and refusing a real enterprise's code costs more
 * than accepting an odd type that the checks at 17 and 18 still guard. */
static int type_valid(char authority, char type)
{
    if (authority != '1' && authority != '5' && authority != '9' && authority != 'Y')
        return 0;
    return type == '1' || type == '2' || type == '3' || type == '9';
}

enum uscc_error uscc_check(const char *s, size_t len, struct uscc_info *info)
{
    size_t i;

    if (s == NULL || len != USCC_LEN)
        return USCC_BAD_LENGTH;
    for (i = 0; i < USCC_LEN; i++) {
        if (uscc_value(s[i]) < 0)
            return USCC_BAD_CHAR;
    }
    if (s[0] != '1' && s[0] != '5' && s[0] != '9' && s[0] != 'Y')
        return USCC_BAD_AUTHORITY;
    if (!type_valid(s[0], s[1]))
        return USCC_BAD_TYPE;
    for (i = 2; i < 8; i++) {
        if (s[i] < '0' || s[i] > '9')
            return USCC_BAD_DIVISION;
    }
    if (uscc_org_check_char(s + 8) != s[16])
        return USCC_BAD_ORG_CHECK;
    if (uscc_check_char(s) != s[17])
        return USCC_BAD_CHECK;
    if (info != NULL) {
        memcpy(info->division, s + 2, 6);
        info->division[6] = '\0';
        info->is_enterprise = s[0] == '9' && s[1] == '1';
        info->is_shandong = s[2] == '3' && s[3] == '7';
    }
    return USCC_OK;
}

const char *uscc_strerror(enum uscc_error e)
{
    switch (e) {
    case USCC_OK:
        return "代码有效 (the code is valid)";
    case USCC_BAD_LENGTH:
        return "长度错误 (a unified social credit code has exactly 18 characters)";
    case USCC_BAD_CHAR:
        return "含有非法字符 (only digits and upper-case letters other than I, O, S, V, Z "
               "are allowed)";
    case USCC_BAD_AUTHORITY:
        return "登记管理部门代码错误 (position 1 must be 1, 5, 9 or Y)";
    case USCC_BAD_TYPE:
        return "机构类别代码错误 (position 2 is not a type for this registering authority)";
    case USCC_BAD_DIVISION:
        return "行政区划码错误 (positions 3-8 must be a six-digit division code)";
    case USCC_BAD_ORG_CHECK:
        return "组织机构代码校验码错误 (check character at position 17 is wrong)";
    case USCC_BAD_CHECK:
        return "校验码错误 (check character at position 18 is wrong)";
    }
    return "未知错误 (unknown error)";
}
