/*
 * targets.c — yearly targets (see targets.h). Every change is audited in the
 * same transaction.
 */
#include "tier/targets.h"

#include "tier/audit.h"
#include "tier/city.h"
#include "tier/db.h"
#include "tier/tier.h"

#include <stdio.h>
#include <string.h>

int target_set(struct db_conn *m, int year, const char *tier, const char *city, long count,
               const char *kind, const char *wording, const char *source, const char *actor,
               char *err, size_t errsz)
{
    char msg[512], oid[64], detail[512];
    unsigned int e = 0;
    struct audit_entry a = {actor, "target.set", "target", oid, detail};

    if (city == NULL)
        city = "";
    if (year < 2000 || year > 2100) {
        snprintf(err, errsz, "year %d is not from 2000 to 2100", year);
        return -1;
    }
    if (tier_by_code(tier) == NULL) {
        snprintf(err, errsz, "'%s' is not a tier code (specialized-sme, little-giant, "
                             "single-champion, leading, high-tech, tech-sme, …)", tier);
        return -1;
    }
    if (city[0] != '\0' && city_by_code(city) == NULL) {
        snprintf(err, errsz, "--city %s is not one of Shandong's 16 city codes", city);
        return -1;
    }
    if (count < 0 || count > 10000000) {
        snprintf(err, errsz, "a target count is a whole number from 0 to 10,000,000");
        return -1;
    }
    if (strcmp(kind, "new") != 0 && strcmp(kind, "stock") != 0) {
        snprintf(err, errsz, "--kind is new (certificates issued in the year) or stock (valid "
                             "on 31 December)");
        return -1;
    }
    if (strcmp(wording, "floor") != 0 && strcmp(wording, "about") != 0 &&
        strcmp(wording, "reach") != 0) {
        snprintf(err, errsz, "--wording is floor (以上), about (左右) or reach (达到)");
        return -1;
    }
    snprintf(oid, sizeof oid, "%d/%s/%s", year, tier, city[0] ? city : "province");
    snprintf(detail, sizeof detail, "%ld %s (%s); %.400s", count, kind, wording, source);
    if (db_begin(m, &e, msg, sizeof msg) != 0 ||
        db_exec(m,
                "INSERT INTO targets (year, tier, city_code, target_count, kind, wording, "
                "source) VALUES (?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE target_count = "
                "VALUES(target_count), kind = VALUES(kind), wording = VALUES(wording), "
                "source = VALUES(source)",
                "ississs", NULL, NULL, &e, msg, sizeof msg, (int64_t)year, tier, city,
                (int64_t)count, kind, wording, source) != 0 ||
        audit_append(m, &a, &e, msg, sizeof msg) != 0 || db_commit(m, &e, msg, sizeof msg) != 0) {
        db_rollback(m);
        snprintf(err, errsz, "setting the target: %s", msg);
        return -1;
    }
    return 0;
}

struct list_ctx {
    FILE *out;
    char tier[33], city[7], kind[9], wording[9], source[301];
    int64_t count;
};

static int list_row(void *arg)
{
    struct list_ctx *c = arg;

    fprintf(c->out, "%-20s %-8s %10lld %-6s %-6s %s\n", c->tier, c->city[0] ? c->city : "全省",
            (long long)c->count, c->kind, c->wording, c->source);
    return 0;
}

int target_list(struct db_conn *m, int year, FILE *out, char *err, size_t errsz)
{
    struct list_ctx c = {.out = out};
    struct db_param p[1] = {{'i', year, NULL, 0}};
    struct db_col cols[] = {
        {'s', c.tier, sizeof c.tier, 0, 0, 0},       {'s', c.city, sizeof c.city, 0, 0, 0},
        {'i', &c.count, sizeof c.count, 0, 0, 0},    {'s', c.kind, sizeof c.kind, 0, 0, 0},
        {'s', c.wording, sizeof c.wording, 0, 0, 0}, {'s', c.source, sizeof c.source, 0, 0, 0},
    };
    unsigned int e;

    fprintf(out, "%-20s %-8s %10s %-6s %-6s %s\n", "TIER", "CITY", "TARGET", "KIND", "WORDING",
            "SOURCE");
    return db_query(m,
                    &(struct db_select){
                        "SELECT tier, city_code, target_count, kind, wording, source FROM targets "
                        "WHERE year = ? ORDER BY tier, city_code",
                        p, 1, cols, 6, list_row, &c},
                    &e, err, errsz) < 0 ? -1 : 0;
}

long target_count(struct db_conn *m, int year, char *err, size_t errsz)
{
    int64_t n = -1;
    struct db_param p[] = {DB_INT(year)};
    struct db_col c[] = {DB_OUT_INT(&n)};
    unsigned int e = 0;

    if (db_query(m,
                 &(struct db_select){"SELECT COUNT(*) FROM targets WHERE year = ?", p,
                                     DB_NELEM(p), c, DB_NELEM(c), NULL, NULL},
                 &e, err, errsz) != 1)
        return -1;
    return (long)n;
}
