/*
 * cli_db.c — the registry every tierctl subcommand that needs the database
 * opens the same way, and the name tierctl acts under.
 */
#include "tier/cli.h"
#include "tier/registry.h"

#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

int cli_open_registry(struct tier_config *c, struct registry *r, int conns)
{
    char err[1024], src[CONFIG_PATH_MAX + 128];
    int rc;

    /* Every failure names the config in use (or says none was found): run
     * from another folder, ./var/tierd.conf is not there to be read. */
    config_source(c, src, sizeof src);
    if (config_load_password(c, err, sizeof err) != 0) {
        fprintf(stderr, "tierctl: %s (%s)\n", err, src);
        return -1;
    }
    rc = registry_open(r, c, conns, err, sizeof err);
    config_wipe(c);
    if (rc != 0)
        fprintf(stderr, "tierctl: %s (%s)\n", err, src);
    return rc;
}

const char *cli_operator(void)
{
    static char name[80];
    struct passwd *pw = getpwuid(geteuid());

    snprintf(name, sizeof name, "tierctl:%s", pw ? pw->pw_name : "unknown");
    return name;
}
