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

int registry_grant_runtime(struct registry *r, const char *sql_dir, const char *role, FILE *out,
                           char *err, size_t errsz)
{
    struct grants *g = calloc(1, sizeof *g);
    struct db_conn *m;
    int rc = -1;

    if (g == NULL) {
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    if (grants_load(sql_dir, g, err, errsz) == 0) {
        m = reg_conn_get(r, err, errsz);
        if (m != NULL) {
            rc = grants_apply(m, g, role, out, err, errsz);
            db_pool_put(r->db, m, 0);
        }
    }
    free(g);
    return rc;
}
