/*
 * reports.c — the yearly report against the plan's targets (see
 * registry.h): who may read which, and the counts from store.
 */
#include "registry_int.h"

#include "tier/city.h"
#include "tier/config.h"
#include "tier/db.h"
#include "tier/lifecycle.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

enum yearly_outcome registry_report(struct registry *r, const struct principal *who, int year,
                                    const char *city, struct report *out, struct reg_says *says)
{
    struct tier_date today = date_today_cst();
    struct db_conn *conns[3];
    char err[512] = "";
    unsigned int e = 0;
    int nc, rc;

    if (who != NULL && who->role == ROLE_ENTERPRISE) {
        reg_say(says, "forbidden", "年度报告只供审核员和管理员查看",
                "reports are for reviewers and admins; '%s' is an enterprise account", who->name);
        return YEARLY_FORBIDDEN;
    }
    if (year < 2000 || year > 2100) {
        reg_say(says, "not-found", "没有该年度的报告", "no report for year %d (2000 to 2100)", year);
        return YEARLY_BAD_PARAMETER;
    }
    if (city != NULL && city_by_code(city) == NULL) {
        reg_say(says, "bad-parameter", "城市代码不是山东省的16个城市之一",
                "city: '%.16s' is not one of Shandong's 16 city codes (370100 … 371700)", city);
        return YEARLY_BAD_PARAMETER;
    }
    if (who != NULL && who->role == ROLE_CITY_REVIEWER) {
        if (city != NULL && strcmp(city, who->city) != 0) {
            reg_say(says, "not-found", "您的权限范围内没有该城市的报告",
                    "a city reviewer of %s may read only that city's report; %s is not in your "
                    "scope", who->city, city);
            return YEARLY_NOT_FOUND;
        }
        city = who->city;
    }
    conns[0] = reg_conn_get(r, err, sizeof err);
    if (conns[0] == NULL) {
        reg_say_unavailable(says, "nothing was changed");
        return YEARLY_UNAVAILABLE;
    }
    /* Two more connections, if the pool has them at once, let the report's
     * grouped queries run side by side; without them it runs on one. */
    for (nc = 1; nc < 3; nc++) {
        conns[nc] = db_pool_get(r->db, 0, NULL, 0);
        if (conns[nc] == NULL)
            break;
    }
    rc = report_fill_many(conns, nc, year, city, &today, (int64_t)time(NULL), out, &e, err,
                          sizeof err);
    if (rc == 0) {
        struct lifecycle_policy dflt;

        if (r->cfg == NULL)
            lifecycle_defaults(&dflt);
        rc = report_fill_updates(conns[0], r->cfg != NULL ? &r->cfg->lifecycle : &dflt, &today,
                                 out, &e, err, sizeof err);
    }
    for (int i = 0; i < nc; i++)
        db_pool_put(r->db, conns[i], rc != 0 && e != 0 && store_classify(e) == STORE_CONN);
    if (rc == 0)
        return YEARLY_OK;
    if (e != 0) {
        reg_say(says, "database-unavailable", "登记数据库暂时不可用，请稍后再试",
                "the registry database is unavailable; try again in a few seconds");
        return YEARLY_UNAVAILABLE;
    }
    reg_say(says, "bad-parameter", "", "%s", err);
    return YEARLY_BAD_PARAMETER;
}
