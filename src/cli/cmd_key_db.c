/*
 * cmd_key_db.c — `tierctl key activate|list`: the registry's record of
 * signing keys. `key generate|show` (keys on disk) live in cmd_key.c; this
 * entry point dispatches to them.
 */
#include "tier/cli.h"
#include "tier/registry.h"
#include "tier/sign.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int activate(struct tier_config *c, const char *what)
{
    char path[1024], err[512], priv[1024];
    struct sign_key *k = NULL;
    struct stat st;
    struct registry reg, *m = &reg;
    int rc;

    if (stat(what, &st) == 0 && S_ISREG(st.st_mode))
        snprintf(path, sizeof path, "%s", what);
    else
        snprintf(path, sizeof path, "%s/%s.pub.pem", c->key_dir, what);
    if (sign_key_load_public_file(path, &k, err, sizeof err) != 0) {
        fprintf(stderr, "tierctl key activate: %s\n", err);
        return 1;
    }
    snprintf(priv, sizeof priv, "%s/%s.key", c->key_dir, sign_key_id(k));
    if (sign_key_check_file(priv, err, sizeof err) != 0)
        fprintf(stderr, "tierctl key activate: warning: %s; a tierd with key-dir %s cannot sign "
                        "with this key until its private key is there (mode 0600)\n",
                err, c->key_dir);
    if (cli_open_registry(c, &reg, 1) != 0) {
        sign_key_free(k);
        return 1;
    }
    rc = registry_key_activate(m, k, cli_operator(), err, sizeof err);
    registry_close(&reg);
    if (rc != 0) {
        fprintf(stderr, "tierctl key activate: %s\n", err);
        sign_key_free(k);
        return 1;
    }
    printf("active signing key: %s (%s); new certificates are signed with it, earlier ones "
           "keep verifying with their own keys\n",
           sign_key_id(k), sign_alg_name(sign_key_alg(k)));
    sign_key_free(k);
    return 0;
}

int cmd_keys(struct tier_config *c, int argc, char **argv)
{
    char err[512];
    struct registry reg, *m = &reg;
    int rc;

    if (argc == 2 && strcmp(argv[0], "activate") == 0)
        return activate(c, argv[1]);
    if (argc == 1 && strcmp(argv[0], "list") == 0) {
        if (cli_open_registry(c, &reg, 1) != 0)
            return 1;
        rc = registry_key_list(m, stdout, err, sizeof err);
        registry_close(&reg);
        if (rc != 0)
            fprintf(stderr, "tierctl key list: %s\n", err);
        return rc ? 1 : 0;
    }
    if (argc >= 1 && (strcmp(argv[0], "activate") == 0 || strcmp(argv[0], "list") == 0)) {
        fprintf(stderr, "tierctl key %s: wrong arguments\n", argv[0]);
        return cmd_key(c, 0, argv); /* prints the whole usage */
    }
    return cmd_key(c, argc, argv);
}
