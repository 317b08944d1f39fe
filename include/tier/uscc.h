/*
 * uscc.h — the 18-character unified social credit code (GB 32100-2015).
 *
 * Layout: [1] registering authority, [2] organisation type, [3-8] GB/T 2260
 * division, [9-17] organisation code (GB 11714, check at 17), [18] mod-31
 * check over the alphabet 0-9A-Z without I O S V Z. See domain.md §9.
 */
#ifndef TIER_USCC_H
#define TIER_USCC_H

#include <stddef.h>

#define USCC_LEN 18

enum uscc_error {
    USCC_OK = 0,
    USCC_BAD_LENGTH,     /* not exactly 18 characters */
    USCC_BAD_CHAR,       /* a character outside the 31-character alphabet */
    USCC_BAD_AUTHORITY,  /* position 1 not one of 1 5 9 Y */
    USCC_BAD_TYPE,       /* position 2 not valid for the authority */
    USCC_BAD_DIVISION,   /* positions 3-8 not six digits */
    USCC_BAD_ORG_CHECK,  /* position 17 fails the GB 11714 check */
    USCC_BAD_CHECK,      /* position 18 fails the GB 32100 mod-31 check */
};

struct uscc_info {
    char division[7];   /* positions 3-8, NUL-terminated */
    int is_enterprise;  /* prefix "91" */
    int is_shandong;    /* division starts with "37" */
};

/* Check `len` bytes at `s`. Returns USCC_OK and fills *info (may be NULL), or
 * the first error found. Lower case is not accepted: the standard is upper. */
enum uscc_error uscc_check(const char *s, size_t len, struct uscc_info *info);

/* A sentence in Chinese and English for an error ("校验码错误 (check character
 * at position 18 is wrong)"). Never NULL. */
const char *uscc_strerror(enum uscc_error e);

/* The check character (position 18) for the first 17 characters, or 0 if
 * they contain a character outside the alphabet. */
char uscc_check_char(const char *first17);

/* The GB 11714 check character (position 17) for positions 9-16 (8 chars),
 * or 0 if they contain a character it does not accept. */
char uscc_org_check_char(const char *org8);

#endif
