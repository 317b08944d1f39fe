/*
 * role.c — the roles' codes and names (see include/tier/role.h). Pure,
 * thread-safe.
 */
#include "tier/role.h"

#include <string.h>

static const struct {
    const char *code;
    const char *zh;
} names[ROLE_COUNT] = {
    [ROLE_NONE] = {NULL, NULL},
    [ROLE_ENTERPRISE] = {"enterprise", "企业"},
    [ROLE_CITY_REVIEWER] = {"city-reviewer", "市级审核员"},
    [ROLE_PROVINCE_REVIEWER] = {"province-reviewer", "省级审核员"},
    [ROLE_ADMIN] = {"admin", "管理员"},
};

static int role_ok(enum role r)
{
    return (int)r > ROLE_NONE && (int)r < ROLE_COUNT;
}

enum role role_parse(const char *s)
{
    for (int r = ROLE_NONE + 1; r < ROLE_COUNT; r++) {
        if (s != NULL && strcmp(s, names[r].code) == 0)
            return (enum role)r;
    }
    return ROLE_NONE;
}

const char *role_name(enum role r)
{
    return role_ok(r) ? names[r].code : NULL;
}

const char *role_name_zh(enum role r)
{
    return role_ok(r) ? names[r].zh : NULL;
}
