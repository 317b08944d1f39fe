/*
 * cmd_submit.c — `tierctl submit FILE...`: post applications to tierd and
 * print each receipt.
 *
 * The token comes from --token-file FILE (mode 0600) or $TIERD_TOKEN, never
 * from the command line, where other users could read it in the process list.
 * Exit status, like `tierctl validate`: 0 every document received with no
 * failing rule, 1 some document ineligible, 2 some document not well-formed or
 * not schema-valid (422), 3 usage, 4 anything else (no answer, 401/403, 503).
 */
#include "tier/buf.h"
#include "tier/cli.h"
#include "tier/http_client.h"

#include <openssl/crypto.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SUBMIT_MAX_FILE (64u << 20)

static int submit_usage(void)
{
    fprintf(cli_usage_stream(),
            "usage: tierctl submit [--url http[s]://HOST:PORT] [--ca-file PEM] [--token-file FILE]"
            " FILE...\n"
            "  posts each application to tierd and prints its receipt (XML) on stdout\n"
            "  --url         tierd's address (default: public-url from the config when it\n"
            "                is set, else http://LISTEN, i.e. http://127.0.0.1:8080;\n"
            "                https://… when tierd has tls-cert)\n"
            "  --ca-file     for https: the CA certificate(s) the server's certificate must\n"
            "                chain to (default: the system's trust store)\n"
            "  --token-file  a file holding the bearer token (mode 0600); else $TIERD_TOKEN\n"
            "exit: 0 received, 1 ineligible, 2 not well-formed or not schema-valid,\n"
            "      3 usage, 4 other failure (no answer, not authorised, database down)\n");
    return cli_usage_status(3);
}

static int read_all(const char *path, struct buf *b, char *err, size_t errsz)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    char chunk[65536];
    size_t n;

    if (f == NULL) {
        snprintf(err, errsz, "%s: %s", path, strerror(errno));
        return -1;
    }
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (buf_add(b, chunk, n) != 0) {
            snprintf(err, errsz, "%s: larger than %u bytes", path, SUBMIT_MAX_FILE);
            if (f != stdin)
                fclose(f);
            return -1;
        }
    }
    if (f != stdin)
        fclose(f);
    return 0;
}

static int read_token(const char *file, char *out, size_t outsz)
{
    struct stat st;
    ssize_t n;
    int fd;

    if (file == NULL) {
        const char *env = getenv("TIERD_TOKEN");
        if (env == NULL || *env == '\0') {
            fprintf(stderr, "tierctl submit: no token: give --token-file FILE or set "
                            "TIERD_TOKEN (tierctl token issue NAME prints one)\n");
            return -1;
        }
        snprintf(out, outsz, "%s", env);
        return 0;
    }
    fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0) {
        fprintf(stderr, "tierctl submit: --token-file %s: %s\n", file, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        fprintf(stderr, "tierctl submit: --token-file %s: others may read it; chmod 600 it\n",
                file);
        close(fd);
        return -1;
    }
    n = read(fd, out, outsz - 1);
    close(fd);
    if (n <= 0) {
        fprintf(stderr, "tierctl submit: --token-file %s is empty\n", file);
        return -1;
    }
    out[n] = '\0';
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

int cmd_submit(struct tier_config *c, int argc, char **argv)
{
    const char *url = NULL, *token_file = NULL, *ca_file = NULL;
    char def_url[300], full[640], token[256], err[512];
    const char *setting = "listen";
    int worst = 0, nfiles = 0;

    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--url") == 0 || strcmp(argv[i], "--token-file") == 0 ||
            strcmp(argv[i], "--ca-file") == 0) {
            if (i + 1 >= argc)
                return submit_usage();
            if (argv[i][2] == 'u')
                url = argv[++i];
            else if (argv[i][2] == 'c')
                ca_file = argv[++i];
            else
                token_file = argv[++i];
        } else if (cli_is_help(argc, argv)) {
            return submit_usage();
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "tierctl submit: unknown option %s\n", argv[i]);
            return submit_usage();
        } else {
            nfiles++;
        }
    }
    if (nfiles == 0)
        return submit_usage();
    if (url == NULL) {
        cli_tierd_url(c, def_url, sizeof def_url, &setting);
        url = def_url;
    }
    if (read_token(token_file, token, sizeof token) != 0)
        return 3;
    snprintf(full, sizeof full, "%s/v1/submissions", url);

    for (int i = 0; i < argc; i++) {
        struct http_result res;
        struct buf doc;
        int code;

        if (strcmp(argv[i], "--url") == 0 || strcmp(argv[i], "--token-file") == 0 ||
            strcmp(argv[i], "--ca-file") == 0) {
            i++;
            continue;
        }
        buf_init(&doc, SUBMIT_MAX_FILE);
        if (read_all(argv[i], &doc, err, sizeof err) != 0) {
            fprintf(stderr, "tierctl submit: %s\n", err);
            buf_free(&doc);
            worst = 4;
            continue;
        }
        if (http_client_do("POST", full, token, "application/xml", doc.data ? doc.data : "",
                           doc.len, 60, ca_file, &res, err, sizeof err) != 0) {
            char src[CONFIG_PATH_MAX + 128];
            config_source(c, src, sizeof src);
            if (url == def_url) /* the address came from the settings: say which */
                fprintf(stderr, "tierctl submit: %s: %s; the address is the setting %s "
                                "(%s; --url gives another)\n", argv[i], err, setting, src);
            else
                fprintf(stderr, "tierctl submit: %s: %s\n", argv[i], err);
            buf_free(&doc);
            worst = 4;
            continue;
        }
        buf_free(&doc);
        if (res.body.len > 0)
            fwrite(res.body.data, 1, res.body.len, stdout);
        if (res.status == 201 || res.status == 200) {
            int inel = res.body.data && strstr(res.body.data, "<status>ineligible</status>");
            fprintf(stderr, "%s: %s (HTTP %d)\n", argv[i],
                    inel ? "ineligible: some rule fails" : "received", res.status);
            code = inel ? 1 : 0;
        } else if (res.status == 422) {
            fprintf(stderr, "%s: refused: not well-formed or not schema-valid (HTTP 422)\n",
                    argv[i]);
            code = 2;
        } else {
            fprintf(stderr, "%s: refused with HTTP %d\n", argv[i], res.status);
            code = 4;
        }
        if (code > worst)
            worst = code;
        http_result_free(&res);
    }
    OPENSSL_cleanse(token, sizeof token);
    return worst;
}
