/*
 * cli_db.c — the registry every tierctl subcommand that needs the database
 * opens the same way, and the name tierctl acts under.
 */
#include "tier/cli.h"
#include "tier/registry.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int cli_lang_zh(void)
{
    static const char *const vars[] = {"TIERCTL_LANG", "LC_ALL", "LC_MESSAGES", "LANG"};

    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v != NULL && v[0] != '\0')
            return strncmp(v, "zh", 2) == 0;
    }
    return 0;
}

void cli_say(FILE *f, const char *what, const struct reg_says *s)
{
    const char *text = cli_lang_zh() ? s->zh : s->en;

    if (text[0] == '\0')
        text = text == s->zh ? s->en : s->zh;
    fprintf(f, "tierctl %s: %s\n", what, text);
}

int cli_op_exit(int outcome)
{
    if (outcome == OP_DONE)
        return 0;
    return outcome == OP_UNKNOWN ? 3 : 1;
}
