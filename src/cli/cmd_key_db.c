/*
 * cmd_key_db.c — `tierctl key certify|activate|list`: the registry's record
 * of its keys and of the root's certificates of them. `key generate|show`
 * (keys on disk) live in cmd_key.c; this entry point dispatches to them.
 */
#include "tier/cli.h"
#include "tier/keycert.h"
#include "tier/registry.h"
#include "tier/sign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* A public key named by id (in key-dir) or by file. */
static int load_pub(const struct tier_config *c, const char *what, const char *base,
                    struct sign_key **k, char *err, size_t errsz)
{
    char path[4200];
    struct stat st;

    if (what == NULL)
        snprintf(path, sizeof path, "%s/%s.pub.pem", c->key_dir, base);
    else if (stat(what, &st) == 0 && S_ISREG(st.st_mode))
        snprintf(path, sizeof path, "%s", what);
    else
        snprintf(path, sizeof path, "%s/%s.pub.pem", c->key_dir, what);
    return sign_key_load_public_file(path, k, err, errsz);
}

static int activate(struct tier_config *c, const char *what)
{
    char err[512], priv[4200], said[2048];
    struct sign_key *k = NULL, *root = NULL;
    struct registry reg;
    struct reg_says says;
    enum key_outcome o;
    int rc = 1, dev;

    if (load_pub(c, what, NULL, &k, err, sizeof err) != 0) {
        fprintf(stderr, "tierctl key activate: %s\n", err);
        return 1;
    }
    snprintf(priv, sizeof priv, "%s/%s.key", c->key_dir, sign_key_id(k));
    if (sign_key_check_file(priv, err, sizeof err) != 0)
        fprintf(stderr, "tierctl key activate: warning: %s; a tierd with key-dir %s cannot sign "
                        "with this key until its private key is there (mode 0600)\n",
                err, c->key_dir);
    dev = cli_dev_root(c, &root, err, sizeof err);
    if (dev < 0)
        fprintf(stderr, "tierctl key activate: the development root: %s\n", err);
    if (cli_open_registry(c, &reg, 1) != 0)
        goto done;
    /* development: the configured root certifies the key first */
    if (dev > 0 && cli_key_certify(&reg, root, k, KEYCERT_SIGNING, CLI_DEV_NOT_BEFORE, 1825) != 0) {
        registry_close(&reg);
        goto done;
    }
    o = registry_key_activate(&reg, k, cli_operator(), &says);
    registry_close(&reg);
    reg_says_text(&says, said, sizeof said);
    if (o != KEY_DONE) {
        fprintf(stderr, "tierctl key activate: %s\n", said);
        goto done;
    }
    printf("%s\n", says.en);
    rc = 0;
done:
    sign_key_free(root);
    sign_key_free(k);
    return rc;
}

static int certify(struct tier_config *c, int argc, char **argv)
{
    const char *root_path = NULL, *what = NULL;
    int purpose = KEYCERT_SIGNING;
    long days = 1825;
    int64_t not_before = 0;
    struct sign_key *root = NULL, *k = NULL;
    struct registry reg;
    char err[1024];
    int rc = 1;

    for (int i = 0; i < argc; i++) {
        enum keycert_purpose p;
        if (strcmp(argv[i], "--root") == 0 && i + 1 < argc) {
            root_path = argv[++i];
        } else if (strcmp(argv[i], "--pub") == 0 && i + 1 < argc && what == NULL) {
            what = argv[++i];
        } else if (strcmp(argv[i], "--purpose") == 0 && i + 1 < argc) {
            if (keycert_purpose_parse(argv[++i], &p) != 0) {
                fprintf(stderr, "tierctl key certify: unknown purpose '%s' (signing or log)\n",
                        argv[i]);
                return 2;
            }
            purpose = (int)p;
        } else if (strcmp(argv[i], "--days") == 0 && i + 1 < argc) {
            char *end;
            days = strtol(argv[++i], &end, 10);
            if (*end != '\0' || days < 1 || days > 36500) {
                fprintf(stderr, "tierctl key certify: --days takes 1 to 36500\n");
                return 2;
            }
        } else if (strcmp(argv[i], "--not-before") == 0 && i + 1 < argc) {
            struct tm tm;
            const char *e;
            memset(&tm, 0, sizeof tm);
            e = strptime(argv[++i], "%Y-%m-%dT%H:%M:%SZ", &tm);
            if (e == NULL || *e != '\0') {
                fprintf(stderr, "tierctl key certify: --not-before takes YYYY-MM-DDTHH:MM:SSZ\n");
                return 2;
            }
            not_before = (int64_t)timegm(&tm);
        } else if (argv[i][0] != '-' && what == NULL) {
            what = argv[i];
        } else {
            fprintf(stderr, "tierctl key certify: unexpected argument '%s'\n", argv[i]);
            return cmd_key(c, 0, argv);
        }
    }
    if (root_path == NULL || (what == NULL && purpose != KEYCERT_LOG)) {
        fprintf(stderr, "tierctl key certify: give --root ROOT.key and the key (KEYID or --pub "
                        "FILE; --purpose log alone names key-dir/log.pub.pem)\n");
        return cmd_key(c, 0, argv);
    }
    /* the root's private key: 0600 or refused (sign_key_load_private) */
    if (sign_key_load_private(root_path, &root, err, sizeof err) != 0 ||
        load_pub(c, what, "log", &k, err, sizeof err) != 0) {
        fprintf(stderr, "tierctl key certify: %s\n", err);
        goto done;
    }
    if (sign_key_alg(root) != SIGN_ALG_ED25519) {
        fprintf(stderr, "tierctl key certify: %s is not a root key (Ed25519, from tierctl root "
                        "generate)\n", root_path);
        goto done;
    }
    if (purpose == KEYCERT_LOG && sign_key_alg(k) != SIGN_ALG_ED25519) {
        fprintf(stderr, "tierctl key certify: the log key is Ed25519; %s is not\n",
                sign_key_id(k));
        goto done;
    }
    if (cli_open_registry(c, &reg, 1) != 0)
        goto done;
    rc = cli_key_certify(&reg, root, k, purpose, not_before, (int)days);
    registry_close(&reg);
    if (rc == 0) {
        printf("%s\n", sign_key_id(k));
        fprintf(stderr, "tierctl key certify: %s key %s certified by root %s and stored\n",
                keycert_purpose_name((enum keycert_purpose)purpose), sign_key_id(k),
                sign_key_id(root));
    }
done:
    sign_key_free(root);
    sign_key_free(k);
    return rc;
}

/* tierctl key list: one line a key, formatted here from the registry's rows. */
static int list_row(const struct reg_key *k, void *arg)
{
    FILE *out = arg;
    const char *state = k->active ? "active" : "";

    if (!k->certified)
        state = "UNCERTIFIED";
    fprintf(out, "%-64s %-8s %-8s %-11s %-20s %s\n", k->id, k->alg, k->purpose, state,
            k->from[0] ? k->from : "-", k->until[0] ? k->until : "-");
    if (!k->certified)
        fprintf(out, "  not certified: %s\n", k->why);
    return 0;
}

static int list(struct tier_config *c)
{
    struct registry reg;
    struct reg_says says;
    char said[2048];
    enum key_outcome o;

    if (cli_open_registry(c, &reg, 1) != 0)
        return 1;
    printf("%-64s %-8s %-8s %-11s %-20s %s\n", "KEY ID", "ALG", "PURPOSE", "STATE", "IN USE FROM",
           "UNTIL");
    o = registry_key_list(&reg, list_row, stdout, &says);
    registry_close(&reg);
    if (o != KEY_DONE) {
        reg_says_text(&says, said, sizeof said);
        fprintf(stderr, "tierctl key list: %s\n", said);
        return 1;
    }
    return 0;
}

int cmd_keys(struct tier_config *c, int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[0], "activate") == 0)
        return activate(c, argv[1]);
    if (argc == 1 && strcmp(argv[0], "list") == 0)
        return list(c);
    if (argc >= 1 && strcmp(argv[0], "certify") == 0 && !cli_is_help(argc, argv))
        return certify(c, argc - 1, argv + 1);
    if (argc >= 1 && (strcmp(argv[0], "activate") == 0 || strcmp(argv[0], "list") == 0)) {
        fprintf(stderr, "tierctl key %s: wrong arguments\n", argv[0]);
        return cmd_key(c, 0, argv); /* prints the whole usage */
    }
    return cmd_key(c, argc, argv);
}
