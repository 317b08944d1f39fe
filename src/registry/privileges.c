/*
 * privileges.c — the registry's side of least privilege in the database:
 * after `tierctl migrate` (or a restore), the runtime role is set to what
 * sql/runtime.grants lists (store/grants.c does the SQL). Runs on one tool
 * connection as the schema's owner; single-threaded.
 */
#include "registry_int.h"

#include "tier/db.h"
#include "tier/grants.h"
#include "tier/registry.h"

#include <stdlib.h>

void registry_grant_runtime(struct registry *r, const char *sql_dir, const char *role,
                            struct op_result *res)
{
    struct grants *g = calloc(1, sizeof *g);
    struct db_conn *m;
    char err[1024];
    int granted = 0, tables = 0, rc;

    res->field = NULL;
    if (g == NULL) {
        res->outcome = OP_ERROR;
        reg_say(&res->says, "internal", "", "out of memory");
        return;
    }
    if (grants_load(sql_dir, g, err, sizeof err) != 0) {
        res->outcome = OP_ERROR;
        reg_say(&res->says, "grants-failed", "运行账号的权限未设置（原因见英文说明）", "%s", err);
        free(g);
        return;
    }
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL) {
        reg_op_unavailable(res, err);
        free(g);
        return;
    }
    rc = grants_apply(m, g, role, &granted, &tables, err, sizeof err);
    db_pool_put(r->db, m, rc != 0 && db_error_is_connection(db_last_errnum(m)));
    free(g);
    if (rc != 0) {
        res->outcome = OP_ERROR;
        reg_say(&res->says, "grants-failed", "运行账号的权限未设置（原因见英文说明）", "%s", err);
        return;
    }
    res->outcome = OP_DONE;
    reg_say(&res->says, "done", "运行账号的角色仅持有 sql/runtime.grants 所列权限",
            "role %s holds what sql/runtime.grants says on %d of the %d tables of the database, "
            "and nothing else there",
            role, granted, tables);
}
