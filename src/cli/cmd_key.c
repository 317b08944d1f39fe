/*
 * cmd_key.c — `tierctl key generate` and `tierctl key show`: signing keys on
 * disk, no database.
 *
 *   tierctl key generate [--alg ed25519|sm2|p256] [--out DIR]
 *       writes DIR/<keyid>.key (PKCS#8 PEM, mode 0600, never overwriting) and
 *       DIR/<keyid>.pub.pem, DIR being the configured key-dir unless --out
 *       names another; prints the key id on stdout and the two paths on
 *       stderr.
 *   tierctl key generate --purpose log [--out DIR]
 *       the transparency log's key (Ed25519): DIR/log.key (mode 0600, never
 *       overwriting) and DIR/log.pub.pem; prints its key id on stdout and
 *       the checkpoint verifier key (c2sp signed-note) on stderr.
 *   tierctl key show FILE
 *       prints "<keyid> <algorithm>" for a public key (PEM) or, when FILE is a
 *       private key of mode 0600, for its public half.
 *
 * `tierctl key activate|list` need the database: cmd_key_db.c, which hands
 * everything else to cmd_key.
 *
 * Exit status: 0 success, 1 failure (cannot write, not a key), 2 usage.
 */
#include "tier/cli.h"
#include "tier/config.h"
#include "tier/keycert.h"
#include "tier/registry.h"
#include "tier/sign.h"
#include "tier/tlog_checkpoint.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int key_usage(void)
{
    fprintf(cli_usage_stream(),
            "usage: tierctl key generate [--alg ed25519|sm2|p256] [--out DIR]\n"
            "       tierctl key generate --purpose log [--out DIR]\n"
            "       tierctl key certify --root ROOT.key [KEYID|--pub FILE] [--purpose signing|log]\n"
            "                           [--days N] [--not-before YYYY-MM-DDTHH:MM:SSZ]\n"
            "       tierctl key activate KEYID|PUB.pem\n"
            "       tierctl key list\n"
            "       tierctl key show FILE\n"
            "  generate  make a signing key pair: DIR/<keyid>.key (mode 0600) and\n"
            "            DIR/<keyid>.pub.pem, DIR being key-dir of the config unless --out\n"
            "            gives another; prints the key id (default alg ed25519);\n"
            "            --purpose log: the transparency log's Ed25519 key, DIR/log.key\n"
            "            and DIR/log.pub.pem (tierd signs checkpoints with it)\n"
            "  certify   have the offline root (tierctl root generate) sign the key's\n"
            "            certificate and store it with the key: a signing key (KEYID in key-dir,\n"
            "            or --pub FILE) or, with --purpose log, the log key (key-dir/log.pub.pem);\n"
            "            valid --days N (default 1825) from --not-before (default now; a key\n"
            "            certified again keeps covering what it signed only if this is early\n"
            "            enough); the server checks it under root-pub\n"
            "  activate  needs the key's certificate (with dev-root-dir set, tierctl makes it);\n"
            "            sign new certificates with this key from now on (it must be in\n"
            "            key-dir); tierd needs no restart, earlier certificates keep verifying\n"
            "  list      every key the registry knows, with its period of use\n"
            "  show      print the key id and algorithm of a public or private key file\n"
            "exit: 0 success, 1 failure, 2 usage\n");
    return cli_usage_status(2);
}

/* With a development root (dev-root-dir), the log key just made is
 * certified at once, as make run and the tests need. */
static int log_certify_dev(struct tier_config *c, const struct sign_key *k)
{
    struct sign_key *root = NULL;
    struct registry reg;
    char err[1024];
    int rc, have = cli_dev_root(c, &root, err, sizeof err);

    if (have <= 0) {
        if (have < 0)
            fprintf(stderr, "tierctl key generate: the development root: %s\n", err);
        return have < 0 ? 1 : 0;
    }
    if (cli_open_registry(c, &reg, 1) != 0) {
        sign_key_free(root);
        return 1;
    }
    rc = cli_key_certify(&reg, root, k, KEYCERT_LOG, CLI_DEV_NOT_BEFORE, 3650);
    registry_close(&reg);
    sign_key_free(root);
    return rc;
}

static int key_generate(struct tier_config *c, int argc, char **argv)
{
    enum sign_alg alg = SIGN_ALG_ED25519;
    const char *dir = c->key_dir[0] != '\0' ? c->key_dir : NULL;
    int log = 0;
    struct sign_key *k = NULL;
    char err[1024], kp[4200], pp[4200];
    int rc = 1;

    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--alg") == 0 && i + 1 < argc) {
            if (sign_alg_parse(argv[++i], &alg) != 0) {
                fprintf(stderr, "tierctl key generate: unknown algorithm '%s' (ed25519, sm2 or "
                                "p256)\n", argv[i]);
                return 2;
            }
        } else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else if (strcmp(argv[i], "--purpose") == 0 && i + 1 < argc) {
            if (strcmp(argv[++i], "log") == 0) {
                log = 1;
            } else if (strcmp(argv[i], "signing") != 0) {
                fprintf(stderr, "tierctl key generate: unknown purpose '%s' (signing or log)\n",
                        argv[i]);
                return 2;
            }
        } else {
            fprintf(stderr, "tierctl key generate: unexpected argument '%s'\n", argv[i]);
            return key_usage();
        }
    }
    if (dir == NULL) {
        fprintf(stderr, "tierctl key generate: no key-dir in the config; give --out DIR\n");
        return key_usage();
    }
    if (log && alg != SIGN_ALG_ED25519) {
        fprintf(stderr, "tierctl key generate: the log key is Ed25519 (C2SP checkpoints are "
                        "signed with Ed25519); drop --alg\n");
        return 2;
    }
    /* A missing folder is made private to the owner; an existing one is used
     * as it is (its files are 0600 regardless). */
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "tierctl key generate: cannot create %s: %s\n", dir, strerror(errno));
        return 1;
    }
    if (sign_key_generate(alg, &k, err, sizeof err) != 0 ||
        sign_key_write_files(k, dir, kp, sizeof kp, pp, sizeof pp, err, sizeof err) != 0 ||
        (log && cli_key_files_name(dir, "log", kp, pp, err, sizeof err) != 0)) {
        fprintf(stderr, "tierctl key generate: %s\n", err);
        goto done;
    }
    printf("%s\n", sign_key_id(k));
    if (log) {
        char vkey[TLOG_VKEY_MAX];
        if (tlog_note_vkey(c->log_origin, sign_key_evp(k), vkey, err, sizeof err) != 0) {
            fprintf(stderr, "tierctl key generate: %s\n", err);
            goto done;
        }
        fprintf(stderr, "tierctl key generate: log key %s\n  private: %s/log.key (mode 0600)\n"
                        "  public:  %s/log.pub.pem\n  verifier key (origin %s): %s\n",
                sign_key_id(k), dir, dir, c->log_origin, vkey);
        rc = log_certify_dev(c, k);
        goto done;
    }
    fprintf(stderr, "tierctl key generate: %s key %s\n  private: %s (mode 0600)\n  public:  %s\n",
            sign_alg_name(alg), sign_key_id(k), kp, pp);
    rc = 0;
done:
    sign_key_free(k);
    return rc;
}

static int key_show(int argc, char **argv)
{
    struct sign_key *k = NULL;
    char err[1024], perr[1024];

    if (argc != 1)
        return key_usage();
    if (sign_key_load_public_file(argv[0], &k, err, sizeof err) != 0 &&
        sign_key_load_private(argv[0], &k, perr, sizeof perr) != 0) {
        fprintf(stderr, "tierctl key show: %s\n  (as a private key: %s)\n", err, perr);
        return 1;
    }
    printf("%s %s\n", sign_key_id(k), sign_alg_name(sign_key_alg(k)));
    sign_key_free(k);
    return 0;
}

int cmd_key(struct tier_config *c, int argc, char **argv)
{
    if (argc < 1)
        return key_usage();
    if (strcmp(argv[0], "generate") == 0)
        return key_generate(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "show") == 0)
        return key_show(argc - 1, argv + 1);
    if (strcmp(argv[0], "help") == 0 || cli_is_help(argc, argv)) {
        char help[] = "--help";
        char *hv[] = {help};
        cli_help_requested(1, hv); /* `tierctl key help` asks for it too */
        return key_usage();
    }
    fprintf(stderr, "tierctl key: unknown action '%s'\n", argv[0]);
    return key_usage();
}
