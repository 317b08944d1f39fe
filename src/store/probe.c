/*
 * probe.c — the health checker's write (see include/tier/probe.h). One
 * UPDATE of one row and a COMMIT; nothing else reads the row.
 */
#include "tier/probe.h"

#include "tier/db.h"

enum store_result store_write_probe(struct db_conn *m, char *err, size_t errsz)
{
    unsigned int e = 0;
    enum store_result r;

    if (db_begin(m, &e, err, errsz) != 0)
        return store_classify(e);
    if (db_exec(m, "UPDATE health_probe SET checked_at = CURRENT_TIMESTAMP(6) WHERE id = ?", "i",
                NULL, NULL, &e, err, errsz, (int64_t)1) != 0 ||
        db_commit(m, &e, err, errsz) != 0) {
        r = store_classify(e);
        if (r != STORE_CONN)
            db_rollback(m);
        return r;
    }
    return STORE_OK;
}
