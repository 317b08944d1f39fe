/*
 * cmd_root.c — `tierctl root generate --out DIR`: the offline root of trust
 * (issue 18; docs/transparency.md, "The root of trust"), and the helpers
 * `tierctl key certify|activate|generate --purpose log` use to have it sign
 * key certificates.
 *
 *   tierctl root generate --out DIR
 *       writes DIR/root.key (Ed25519, PKCS#8 PEM, mode 0600, never
 *       overwriting) and DIR/root.pub.pem; prints the root's fingerprint
 *       (SHA-256 of its DER public key, hex) on stdout: the province
 *       publishes it out of band. Keep DIR off the server; install only
 *       root.pub.pem there (config root-pub).
 *
 * Exit status: 0 made, 1 cannot write, 2 usage.
 */
#include "tier/cli.h"
#include "tier/keycert.h"
#include "tier/registry.h"
#include "tier/sign.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int root_usage(void)
{
    fprintf(cli_usage_stream(),
            "usage: tierctl root generate --out DIR\n"
            "  generate  make the offline root key: DIR/root.key (Ed25519, mode 0600) and\n"
            "            DIR/root.pub.pem; prints its fingerprint, which the province\n"
            "            publishes. Keep DIR off the server; the server trusts root.pub.pem\n"
            "            (config root-pub); tierctl key certify --root DIR/root.key signs\n"
            "            each key's certificate with it\n"
            "exit: 0 success, 1 failure, 2 usage\n");
    return cli_usage_status(2);
}

int cli_key_files_name(const char *dir, const char *base, const char *kp, const char *pp,
                       char *err, size_t errsz)
{
    char lk[4200], lp[4200];

    snprintf(lk, sizeof lk, "%s/%s.key", dir, base);
    snprintf(lp, sizeof lp, "%s/%s.pub.pem", dir, base);
    if (link(kp, lk) != 0) {
        snprintf(err, errsz, "cannot make %.900s: %s (a %s key is never replaced in place)", lk,
                 strerror(errno), base);
        unlink(kp);
        unlink(pp);
        return -1;
    }
    if (link(pp, lp) != 0) {
        snprintf(err, errsz, "cannot make %.900s: %s", lp, strerror(errno));
        unlink(lk);
        unlink(kp);
        unlink(pp);
        return -1;
    }
    unlink(kp);
    unlink(pp);
    return 0;
}

int cli_root_generate(const char *dir, struct sign_key **out, char *err, size_t errsz)
{
    char kp[4200], pp[4200];
    struct sign_key *k = NULL;

    *out = NULL;
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        snprintf(err, errsz, "cannot create %.900s: %s", dir, strerror(errno));
        return -1;
    }
    if (sign_key_generate(SIGN_ALG_ED25519, &k, err, errsz) != 0 ||
        sign_key_write_files(k, dir, kp, sizeof kp, pp, sizeof pp, err, errsz) != 0 ||
        cli_key_files_name(dir, "root", kp, pp, err, errsz) != 0) {
        sign_key_free(k);
        return -1;
    }
    *out = k;
    return 0;
}

int cli_dev_root(const struct tier_config *c, struct sign_key **out, char *err, size_t errsz)
{
    char path[4200], gerr[1024];
    struct sign_key *k = NULL;

    *out = NULL;
    if (c->dev_root_dir[0] == '\0')
        return 0;
    snprintf(path, sizeof path, "%s/root.key", c->dev_root_dir);
    if (access(path, F_OK) != 0 && cli_root_generate(c->dev_root_dir, &k, gerr,
                                                     sizeof gerr) == 0) {
        fprintf(stderr, "tierctl: made the development root %s (fingerprint %s)\n", path,
                sign_key_id(k));
        sign_key_free(k);
    }
    /* made now, or by another tierctl a moment ago, or long since */
    if (sign_key_load_private(path, out, err, errsz) != 0)
        return -1;
    return 1;
}

int cli_key_certify(struct registry *reg, const struct sign_key *root,
                    const struct sign_key *subject, int purpose, int64_t not_before, int days)
{
    char err[1024], said[2048];
    char *doc = NULL;
    size_t len = 0;
    int64_t now = (int64_t)time(NULL);
    struct reg_says says;
    enum key_outcome o;

    if (keycert_make(root, subject, (enum keycert_purpose)purpose,
                     not_before != 0 ? not_before : now - 60, now + (int64_t)days * 86400, &doc, &len,
                     err, sizeof err) != 0) {
        fprintf(stderr, "tierctl key certify: %s\n", err);
        return 1;
    }
    o = registry_key_certify(reg, doc, len, cli_operator(), &says);
    free(doc);
    reg_says_text(&says, said, sizeof said);
    if (o != KEY_DONE) {
        fprintf(stderr, "tierctl key certify: %s\n", said);
        return 1;
    }
    return 0; /* quiet: activate and generate --purpose log say what they did */
}

int cmd_root(struct tier_config *c, int argc, char **argv)
{
    const char *dir = NULL;
    struct sign_key *k = NULL;
    char err[1024];

    (void)c;
    if (argc < 1 || cli_is_help(argc, argv) || strcmp(argv[0], "generate") != 0) {
        if (argc >= 1 && !cli_is_help(argc, argv))
            fprintf(stderr, "tierctl root: unknown action '%s'\n", argv[0]);
        return root_usage();
    }
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else {
            fprintf(stderr, "tierctl root generate: unexpected argument '%s'\n", argv[i]);
            return root_usage();
        }
    }
    if (dir == NULL) {
        fprintf(stderr, "tierctl root generate: give --out DIR (a folder kept off the server)\n");
        return root_usage();
    }
    if (cli_root_generate(dir, &k, err, sizeof err) != 0) {
        fprintf(stderr, "tierctl root generate: %s\n", err);
        return 1;
    }
    printf("%s\n", sign_key_id(k));
    fprintf(stderr, "tierctl root generate: root key\n  private: %s/root.key (mode 0600; keep it "
                    "offline)\n  public:  %s/root.pub.pem (install as root-pub on the server)\n"
                    "  fingerprint (publish it): %s\n", dir, dir, sign_key_id(k));
    sign_key_free(k);
    return 0;
}
