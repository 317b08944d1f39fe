/*
 * role.h — who an account is (core): the one role enum that accounts,
 * review and the transports share, with its stable codes and Chinese names.
 */
#ifndef TIER_ROLE_H
#define TIER_ROLE_H

/* Stable codes in brackets: they are stored in accounts.role and shown. */
enum role {
    ROLE_NONE = 0,
    ROLE_ENTERPRISE,        /* [enterprise]        企业: bound to one USCC; applies, never decides */
    ROLE_CITY_REVIEWER,     /* [city-reviewer]     市级审核员 (市工信局): bound to one city code */
    ROLE_PROVINCE_REVIEWER, /* [province-reviewer] 省级审核员 (省工信厅): reads and decides
                                                   province-wide */
    ROLE_ADMIN,             /* [admin]             管理员: manages accounts and targets; may act
                                                   for an enterprise; never decides */
    ROLE_COUNT
};

/* A set of roles, for "who may call this". */
#define ROLE_BIT(r) (1u << (unsigned)(r))

#include <stdint.h>

#define ACCOUNT_NAME_MAX 100

/* Who is asking: an account as authentication found it. */
struct principal {
    uint64_t account_id;
    char name[ACCOUNT_NAME_MAX + 1];
    enum role role;
    char uscc[19];     /* ROLE_ENTERPRISE, else "" */
    char city[7];      /* ROLE_CITY_REVIEWER, else "" */
    int confirm;       /* 1: found in the registry's memory of tokens checked
                          recently (registry_authenticate_confirmed); the use
                          case confirms token_sha256 in its first statement */
    unsigned char token_sha256[32]; /* with confirm: the token's hash */
};

/* The role for an exact code (case-sensitive), ROLE_NONE for anything else
 * or NULL. Can't fail. */
enum role role_parse(const char *s);

/* The stable code ("city-reviewer") or its Chinese name ("市级审核员");
 * NULL for ROLE_NONE and anything out of range. Static storage. */
const char *role_name(enum role r);
const char *role_name_zh(enum role r);

#endif
