/*
 * published.c — the published list of certificates (see published.h). The
 * year is China Standard Time: issued_at (UTC) from 16:00 on 31 December of
 * the year before. Keyset paging on the serial (serials sort by issue time
 * within a tier), so a page costs the same however deep.
 */
#include "tier/published.h"

#include "tier/db.h"

#include <stdio.h>
#include <string.h>

struct page {
    struct published_row *rows, cur;
    size_t n, cap;
};

static int take(void *ctx)
{
    struct page *p = ctx;

    if (p->n < p->cap)
        p->rows[p->n++] = p->cur;
    return 0;
}

long published_list(struct db_conn *m, int year, const char *tier, const char *city,
                    const char *after, struct published_row *rows, size_t n,
                    unsigned int *errnum, char *err, size_t errsz)
{
    char from[32], to[32];
    struct page pg, *p = &pg;
    struct db_param prm[8];
    long got;

    memset(&pg, 0, sizeof pg);
    pg.rows = rows;
    pg.cap = n > PUBLISHED_PAGE_MAX ? PUBLISHED_PAGE_MAX : n;
    snprintf(from, sizeof from, "%04d-12-31 16:00:00", year - 1);
    snprintf(to, sizeof to, "%04d-12-31 16:00:00", year);
    prm[0] = (struct db_param){'s', 0, from, 0};
    prm[1] = (struct db_param){'s', 0, to, 0};
    prm[2] = (struct db_param){'s', 0, tier, 0};
    prm[3] = (struct db_param){'s', 0, tier, 0};
    prm[4] = (struct db_param){'s', 0, city, 0};
    prm[5] = (struct db_param){'s', 0, city, 0};
    prm[6] = (struct db_param){'s', 0, after, 0};
    prm[7] = (struct db_param){'i', (int64_t)p->cap, NULL, 0};
    {
        struct published_row *c = &p->cur;
        struct db_col cols[] = {
            {'s', c->serial, sizeof c->serial, 0, 0, 0},
            {'s', c->tier, sizeof c->tier, 0, 0, 0},
            {'s', c->city, sizeof c->city, 0, 0, 0},
            {'s', c->name, sizeof c->name, 0, 0, 0},
            {'s', c->uscc, sizeof c->uscc, 0, 0, 0},
            {'s', c->valid_from, sizeof c->valid_from, 0, 0, 0},
            {'s', c->valid_until, sizeof c->valid_until, 0, 0, 0},
            {'s', c->revoked_at, sizeof c->revoked_at, 0, 0, 0},
            {'s', c->superseded_by, sizeof c->superseded_by, 0, 0, 0},
        };
        got = db_query(m,
                       &(struct db_select){
                           "SELECT c.serial, c.tier, c.city_code, e.name, e.uscc, "
                           "DATE_FORMAT(c.valid_from, '%Y-%m-%d'), "
                           "DATE_FORMAT(c.valid_until, '%Y-%m-%d'), "
                           "COALESCE(DATE_FORMAT(c.revoked_at, '%Y-%m-%dT%H:%i:%sZ'), ''), "
                           "COALESCE(c.superseded_by, '') "
                           "FROM certificates c JOIN enterprises e ON e.id = c.enterprise_id "
                           "WHERE c.issued_at >= ? AND c.issued_at < ? AND (? = '' OR c.tier = ?) "
                           "AND (? = '' OR c.city_code = ?) AND c.serial > ? "
                           "ORDER BY c.serial LIMIT ?",
                           prm, 8, cols, 9, take, p},
                       errnum, err, errsz);
    }
    return got < 0 ? -1 : (long)p->n;
}
