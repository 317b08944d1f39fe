/*
 * cli_db.c — the database connection every tierctl subcommand that needs
 * one opens the same way.
 */
#include "tier/cli.h"
#include "tier/db.h"

#include <stdio.h>

struct db_conn *cli_open_db(struct tier_config *c)
{
    char err[1024];
    struct db_conn *m;

    if (config_load_password(c, err, sizeof err) != 0) {
        fprintf(stderr, "tierctl: %s\n", err);
        return NULL;
    }
    m = db_connect(c, err, sizeof err);
    config_wipe(c);
    if (m == NULL)
        fprintf(stderr, "tierctl: %s\n", err);
    return m;
}
