/*
 * cmd_verify.c — `tierctl verify CERT.xml --key PUB.pem [--date YYYY-MM-DD]`:
 * check a signed certificate offline, with nothing but the public key.
 *
 * Reads the certificate (a file, or - for stdin; at most CERT_MAX_DOC_BYTES)
 * and the public key, runs cert_verify, and prints one line:
 *   valid: serial … issued to NAME (USCC), TIER (code), level, valid FROM to
 *          UNTIL, signed by key ID (ALG)
 *   invalid: REASON
 * A valid signature on a certificate whose validity period does not include
 * the date (default: today in China Standard Time) gets a second line,
 * "expired: …" or "not yet valid: …", and exit status 3, so that a script
 * checking only the status does not accept a lapsed title. Revocation is not
 * visible offline: GET /v1/certificates/{serial} answers that, and when the
 * configuration sets public-url a valid certificate gets the line
 *   check online (revocation shows there): PUBLIC-URL/check/SERIAL
 *
 * Exit status: 0 valid and current, 1 invalid (tampered, wrong key, malformed),
 * 2 usage or an unreadable file, 3 valid signature but expired or not yet valid.
 */
#include "tier/buf.h"
#include "tier/cli.h"
#include "tier/date.h"
#include "tier/sign.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int verify_usage(void)
{
    fprintf(cli_usage_stream(),
            "usage: tierctl verify CERT.xml --key PUB.pem [--date YYYY-MM-DD]\n"
            "       tierctl verify --bundle FILE --key PUB.pem --log-key LOG.pub.pem\n"
            "       tierctl verify --bundle FILE --root ROOT.pub.pem [--root-fingerprint HEX]\n"
            "  checks the certificate's signature with the public key (offline)\n"
            "  CERT.xml  a signed certificate, or - for standard input\n"
            "  --date    judge expiry on this day (default: today, China Standard Time)\n"
            "  a valid certificate's public check page is printed too when the config\n"
            "  sets public-url (revocation is visible there, not offline)\n"
            "  --bundle  a certificate bundle (GET /v1/certificates/SERIAL/bundle): its\n"
            "            signature, its log entry, and the entry's inclusion in a checkpoint\n"
            "            signed by the log key (exit 0 valid, 1 invalid)\n"
            "  --root    start from the offline root instead (the province publishes its\n"
            "            fingerprint): the bundle's key certificates are checked against it,\n"
            "            and the keys they certify check the certificate and the checkpoint\n"
            "  --root-fingerprint  HEX: refuse a --root file whose fingerprint differs\n"
            "exit: 0 valid, 1 invalid, 2 usage or unreadable file,\n"
            "      3 valid signature but expired or not yet valid\n");
    return cli_usage_status(2);
}

/* Read at most `cap` bytes of path ("-" = stdin) into *out (caller frees).
 * 0, or -1 after printing why. */
static int read_doc(const char *path, size_t cap, char **out, size_t *len)
{
    int from_stdin = strcmp(path, "-") == 0, too_big = 0, rc = -1;
    FILE *f = from_stdin ? stdin : fopen(path, "rb");
    struct buf b;

    if (f == NULL) {
        fprintf(stderr, "tierctl verify: cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    buf_init(&b, cap);
    if (buf_add_stream(&b, f, &too_big) != 0) {
        fprintf(stderr, "tierctl verify: cannot read %s%s\n", path,
                too_big ? ": larger than a certificate can be" : "");
    } else if ((*out = buf_detach(&b, len)) == NULL) {
        fprintf(stderr, "tierctl verify: out of memory\n");
    } else {
        rc = 0;
    }
    buf_free(&b);
    if (!from_stdin)
        fclose(f);
    return rc;
}

int cmd_verify(struct tier_config *c, int argc, char **argv)
{
    const char *cert_path = NULL, *key_path = NULL, *bundle = NULL, *log_key = NULL;
    const char *root = NULL, *root_fp = NULL;
    struct tier_date today = date_today_cst();
    const struct tier_info *ti;
    struct sign_key *key = NULL;
    enum cert_verdict v;
    struct cert cert;
    char reason[1024], from[11], until[11], day[11];
    char *doc = NULL;
    size_t len = 0;
    int rc = 2;

    if (cli_is_help(argc, argv))
        return verify_usage();
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--key") == 0 && i + 1 < argc) {
            key_path = argv[++i];
        } else if (strcmp(argv[i], "--bundle") == 0 && i + 1 < argc) {
            bundle = argv[++i];
        } else if (strcmp(argv[i], "--log-key") == 0 && i + 1 < argc) {
            log_key = argv[++i];
        } else if (strcmp(argv[i], "--root") == 0 && i + 1 < argc) {
            root = argv[++i];
        } else if (strcmp(argv[i], "--root-fingerprint") == 0 && i + 1 < argc) {
            root_fp = argv[++i];
        } else if (strcmp(argv[i], "--date") == 0 && i + 1 < argc) {
            i++;
            if (date_parse(argv[i], strlen(argv[i]), &today) != 0) {
                fprintf(stderr, "tierctl verify: --date '%s' is not a date YYYY-MM-DD\n",
                        argv[i]);
                return 2;
            }
        } else if (cert_path == NULL && (argv[i][0] != '-' || strcmp(argv[i], "-") == 0)) {
            cert_path = argv[i];
        } else {
            fprintf(stderr, "tierctl verify: unexpected argument '%s'\n", argv[i]);
            return verify_usage();
        }
    }
    if (bundle != NULL && cert_path == NULL && root != NULL && key_path == NULL &&
        log_key == NULL)
        return cli_verify_bundle_root(bundle, root, root_fp);
    if (bundle != NULL && cert_path == NULL && key_path != NULL && log_key != NULL &&
        root == NULL && root_fp == NULL)
        return cli_verify_bundle(bundle, key_path, log_key);
    if (cert_path == NULL || key_path == NULL || bundle != NULL || log_key != NULL ||
        root != NULL || root_fp != NULL)
        return verify_usage();
    if (sign_key_load_public_file(key_path, &key, reason, sizeof reason) != 0) {
        fprintf(stderr, "tierctl verify: %s\n", reason);
        return 2;
    }
    if (read_doc(cert_path, CERT_MAX_DOC_BYTES, &doc, &len) != 0)
        goto done;

    v = cert_verify(doc, len, key, &cert, reason, sizeof reason);
    if (v != CERT_VALID) {
        printf("invalid: %s\n", reason);
        rc = 1;
        goto done;
    }
    ti = tier_get(cert.tier);
    date_format(&cert.valid_from, from);
    date_format(&cert.valid_until, until);
    date_format(&today, day);
    printf("valid: serial %s issued to %s (%s), %s (%s), %s, valid %s to %s, signed by key %s "
           "(%s)\n",
           cert.serial, cert.name, cert.uscc, ti->name_zh, ti->code, cert_level_name(cert.level),
           from, until, cert.key_id, sign_alg_sig_name(sign_key_alg(key)));
    if (c->public_url[0] != '\0') {
        char base[300];

        cli_tierd_url(c, base, sizeof base, NULL);
        printf("check online (revocation shows there): %s/check/%s\n", base, cert.serial);
    }
    switch (cert_status_on(&cert, &today)) {
    case CERT_STATUS_CURRENT:
        rc = 0;
        break;
    case CERT_STATUS_EXPIRED:
        printf("expired: the certificate was valid until %s (checked on %s)\n", until, day);
        rc = 3;
        break;
    case CERT_STATUS_NOT_YET_VALID:
        printf("not yet valid: the certificate is valid from %s (checked on %s)\n", from, day);
        rc = 3;
        break;
    }
done:
    free(doc);
    sign_key_free(key);
    return rc;
}
