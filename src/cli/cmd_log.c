/*
 * cmd_log.c — `tierctl log monitor URL --state FILE --key LOG.pub.pem`: watch
 * the registry's transparency log (issue 18, docs/transparency.md).
 *
 * Fetches the newest checkpoint from URL/v1/log/checkpoint and opens it with
 * the log's public key. When FILE holds a checkpoint from an earlier run, the
 * new one must extend it: a smaller size is a rollback, the same size with
 * another head a split view, and otherwise the consistency proof from
 * URL/v1/log/proof/consistency must show the old tree as a prefix of the new
 * one. On a first run (no FILE) every entry is fetched and the tree rebuilt:
 * its head must equal the checkpoint's. Then the new entries are listed, one
 * a line ("<index> <entry>"), and FILE is replaced by the new checkpoint —
 * only when every check passed, so an alarm repeats until someone looks.
 *
 * Exit: 0 consistent (new entries listed), 1 ALARM (rolled back, split view,
 * history rewritten, a bad signature or proof), 2 usage, 3 the log could not
 * be read (network, server error): nothing concluded.
 */
#include "tier/cli.h"
#include "tier/config.h"
#include "tier/file.h"
#include "tier/http_client.h"
#include "tier/keycert.h"
#include "tier/sign.h"
#include "tier/tlog.h"
#include "tier/tlog_checkpoint.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FETCH_TIMEOUT 30
#define ENTRIES_CHUNK 256

static int log_usage(void)
{
    fprintf(cli_usage_stream(),
            "usage: tierctl log monitor [URL] --state FILE --key LOG.pub.pem [--ca-file PEM]\n"
            "       tierctl log monitor [URL] --state FILE --root ROOT.pub.pem [--key LOG.pub.pem]\n"
            "  check the newest checkpoint of the log at URL against the one kept in FILE\n"
            "  (consistency proof), list the new entries, keep the new checkpoint\n"
            "  URL: tierd's address (default: public-url from the config when it is set,\n"
            "       else http://LISTEN)\n"
            "  --root  first check that every key /v1/keys serves carries a certificate of\n"
            "          this root (an uncertified key is an ALARM); the log key is then the\n"
            "          certified one unless --key names it\n"
            "exit: 0 consistent, 1 ALARM (rolled back, split view, history rewritten,\n"
            "      bad signature or proof), 2 usage, 3 the log could not be read\n");
    return cli_usage_status(2);
}

/* Decode one base64 line (padded) of exactly n bytes. 0 or -1. */
static int b64_decode(const char *s, size_t len, unsigned char *out, size_t cap, size_t *n)
{
    unsigned char *t;
    int k;
    size_t pad = 0;

    if (len == 0 || len % 4 != 0)
        return -1;
    t = malloc(len);
    if (t == NULL)
        return -1;
    k = EVP_DecodeBlock(t, (const unsigned char *)s, (int)len);
    if (s[len - 1] == '=')
        pad = s[len - 2] == '=' ? 2 : 1;
    if (k < 0 || (size_t)k < pad || (size_t)k - pad > cap) {
        free(t);
        return -1;
    }
    *n = (size_t)k - pad;
    memcpy(out, t, *n);
    free(t);
    return 0;
}

/* GET base+path into res (status 200 required). 0, or -1 with err. */
static int fetch(const char *base, const char *path, const char *ca, struct http_result *res,
                 char *err, size_t errsz)
{
    char url[2048];

    snprintf(url, sizeof url, "%s%s", base, path);
    if (http_client_do("GET", url, NULL, NULL, NULL, 0, FETCH_TIMEOUT, ca, res, err, errsz) != 0)
        return -1;
    if (res->status != 200) {
        snprintf(err, errsz, "GET %.500s answered %d: %.300s", url, res->status,
                 res->body.data ? res->body.data : "");
        http_result_free(res);
        return -1;
    }
    return 0;
}

/* The key name of a checkpoint note: its first line (the origin). */
static int note_origin(const char *note, size_t len, char out[TLOG_ORIGIN_MAX])
{
    const char *nl = memchr(note, '\n', len);

    if (nl == NULL || nl == note || (size_t)(nl - note) >= TLOG_ORIGIN_MAX)
        return -1;
    memcpy(out, note, (size_t)(nl - note));
    out[nl - note] = '\0';
    return 0;
}

static int open_note(const char *note, size_t len, EVP_PKEY *key, const char *origin,
                     struct tlog_checkpoint *c, char *err, size_t errsz)
{
    char name[TLOG_ORIGIN_MAX];

    if (note_origin(note, len, name) != 0) {
        snprintf(err, errsz, "not a checkpoint: no origin line");
        return -1;
    }
    return tlog_checkpoint_open(note, len, name, key, origin, c, err, errsz);
}

/* The consistency proof old -> cur from the server, checked. 0 consistent,
 * 1 alarm (err), -1 could not read (err). */
static int check_consistency(const char *base, const char *ca, const struct tlog_checkpoint *old,
                             const struct tlog_checkpoint *cur, char *err, size_t errsz)
{
    unsigned char proof[TLOG_PROOF_MAX][TLOG_HASH_LEN];
    struct http_result res;
    char path[128];
    size_t n = 0;
    const char *p, *end;

    if (old->size == 0 || cur->size <= old->size)
        return tlog_checkpoint_follows(old, cur, NULL, 0, err, errsz) == 0 ? 0 : 1;
    snprintf(path, sizeof path, "/v1/log/proof/consistency?old=%llu&size=%llu",
             (unsigned long long)old->size, (unsigned long long)cur->size);
    if (fetch(base, path, ca, &res, err, errsz) != 0)
        return -1;
    p = res.body.data;
    end = p + res.body.len;
    /* tierd-consistency@v1, old N, size M, then one hash a line */
    for (int skip = 0; skip < 3 && p < end; skip++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t got = 0;
        if (nl == NULL || n >= TLOG_PROOF_MAX ||
            b64_decode(p, (size_t)(nl - p), proof[n], TLOG_HASH_LEN, &got) != 0 ||
            got != TLOG_HASH_LEN) {
            snprintf(err, errsz, "the consistency proof from %s is malformed", base);
            http_result_free(&res);
            return 1;
        }
        n++;
        p = nl + 1;
    }
    http_result_free(&res);
    return tlog_checkpoint_follows(old, cur, (const unsigned char(*)[TLOG_HASH_LEN])proof, n,
                                   err, errsz) == 0 ? 0 : 1;
}

/* Fetch entries [from, to), print them, and (rebuild != NULL) append them
 * to the in-memory tree. 0, 1 alarm, -1 could not read. */
static int list_entries(const char *base, const char *ca, uint64_t from, uint64_t to,
                        struct tlog_mem *rebuild, char *err, size_t errsz)
{
    struct tlog_store s = rebuild ? tlog_mem_store(rebuild) : (struct tlog_store){0};

    for (uint64_t at = from; at < to;) {
        uint64_t end = to - at > ENTRIES_CHUNK ? at + ENTRIES_CHUNK : to;
        struct http_result res;
        char path[128];
        const char *p, *stop;

        snprintf(path, sizeof path, "/v1/log/entries?start=%llu&end=%llu",
                 (unsigned long long)at, (unsigned long long)end);
        if (fetch(base, path, ca, &res, err, errsz) != 0)
            return -1;
        p = res.body.data;
        stop = p + res.body.len;
        for (uint64_t i = at; i < end; i++) {
            char open[64];
            const char *b, *e;
            int ol = snprintf(open, sizeof open, "<leaf index=\"%llu\">", (unsigned long long)i);
            b = p ? strstr(p, open) : NULL;
            e = b ? strstr(b + ol, "</leaf>") : NULL;
            if (b == NULL || e == NULL || e > stop) {
                snprintf(err, errsz, "entry %llu is missing from %s's answer",
                         (unsigned long long)i, path);
                http_result_free(&res);
                return 1;
            }
            b += ol;
            printf("%llu %.*s\n", (unsigned long long)i, (int)(e - b), b);
            if (rebuild != NULL && tlog_append(&s, i, b, (size_t)(e - b), NULL, err, errsz) != 0) {
                http_result_free(&res);
                return -1;
            }
            p = e;
        }
        http_result_free(&res);
        at = end;
    }
    return 0;
}

/* With --root: every key /v1/keys serves must carry a certificate of the
 * root, for its purpose, naming it (a key row put in the database with SQL
 * has none that verifies). *logkey: the newest certified log key, when the
 * caller has none (NULL otherwise). 0 all certified, 1 ALARM (err says
 * which key), -1 could not read. */
static int check_keys(const char *url, const char *ca, const struct sign_key *root,
                      struct sign_key **logkey, long *nkeys, char *err, size_t errsz)
{
    struct http_result res = {0};
    const char *p, *end;
    int rc = 0;

    *nkeys = 0;
    if (fetch(url, "/v1/keys", ca, &res, err, errsz) != 0)
        return -1;
    p = res.body.data;
    end = p + res.body.len;
    while (rc == 0 && p < end) {
        const char *k = strstr(p, "<key id=\""), *l = strstr(p, "<logKey id=\""), *close, *c;
        int is_log = l != NULL && (k == NULL || l < k);
        enum keycert_purpose want = is_log ? KEYCERT_LOG : KEYCERT_SIGNING;
        char id[KEYCERT_ID_LEN + 1] = "", why[700];
        unsigned char doc[KEYCERT_MAX];
        size_t n = 0;
        struct keycert kc;

        if (k == NULL && l == NULL)
            break;
        p = is_log ? l : k;
        sscanf(p + (is_log ? 12 : 9), "%64[0-9a-f]", id);
        close = strstr(p, is_log ? "</logKey>" : "</key>");
        if (close == NULL)
            close = end;
        c = strstr(p, "<certificate>");
        (*nkeys)++;
        if (c == NULL || c > close) {
            snprintf(err, errsz, "%s key %.16s… is served without a certificate from the root: "
                     "it is not the registry's (a key row put in the database, not certified)",
                     keycert_purpose_name(want), id);
            rc = 1;
            break;
        }
        c += 13;
        {
            const char *ce = strstr(c, "</certificate>");
            if (ce == NULL || ce > close ||
                b64_decode(c, (size_t)(ce - c), doc, sizeof doc, &n) != 0) {
                snprintf(err, errsz, "the certificate of key %.16s… is not base64", id);
                rc = 1;
                break;
            }
        }
        if (keycert_verify(doc, n, root, 0, &kc, why, sizeof why) != 0) {
            snprintf(err, errsz, "key %.16s… is not certified by the root: %s", id, why);
            rc = 1;
            break;
        }
        if (strcmp(kc.key_id, id) != 0 || kc.purpose != want) {
            snprintf(err, errsz, "key %.16s… is served with the certificate of %s key %.16s…",
                     id, keycert_purpose_name(kc.purpose), kc.key_id);
            sign_key_free(kc.key);
            rc = 1;
            break;
        }
        if (is_log && logkey != NULL) {
            sign_key_free(*logkey);
            *logkey = kc.key;
        } else {
            sign_key_free(kc.key);
        }
        p = close;
    }
    http_result_free(&res);
    return rc;
}

static int monitor(const struct tier_config *c, int argc, char **argv)
{
    char def_url[300];
    const char *url = NULL, *state = NULL, *keyfile = NULL, *ca = NULL, *rootfile = NULL;
    struct sign_key *key = NULL, *root = NULL;
    long nkeys = 0;
    struct http_result res = {0};
    struct tlog_checkpoint old, cur;
    struct tlog_mem *mem = NULL;
    char err[1024], origin[TLOG_ORIGIN_MAX], tmp[4200];
    char *kept = NULL;
    size_t kept_len = 0;
    int rc = 3, have_old = 0, r;
    FILE *f;

    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--state") == 0 && i + 1 < argc)
            state = argv[++i];
        else if (strcmp(argv[i], "--key") == 0 && i + 1 < argc)
            keyfile = argv[++i];
        else if (strcmp(argv[i], "--ca-file") == 0 && i + 1 < argc)
            ca = argv[++i];
        else if (strcmp(argv[i], "--root") == 0 && i + 1 < argc)
            rootfile = argv[++i];
        else if (url == NULL && argv[i][0] != '-')
            url = argv[i];
        else
            return log_usage();
    }
    if (state == NULL || (keyfile == NULL && rootfile == NULL))
        return log_usage();
    if (url == NULL) {
        cli_tierd_url(c, def_url, sizeof def_url, NULL);
        url = def_url;
    }
    if (keyfile != NULL && sign_key_load_public_file(keyfile, &key, err, sizeof err) != 0) {
        fprintf(stderr, "tierctl log monitor: log key: %s\n", err);
        return 2;
    }
    if (rootfile != NULL) {
        if (sign_key_load_public_file(rootfile, &root, err, sizeof err) != 0) {
            fprintf(stderr, "tierctl log monitor: root key: %s\n", err);
            sign_key_free(key);
            return 2;
        }
        /* the keys first: from the root, the log key is the certified one */
        r = check_keys(url, ca, root, key == NULL ? &key : NULL, &nkeys, err, sizeof err);
        if (r != 0) {
            fprintf(stderr, "tierctl log monitor: %s%s\n", r > 0 ? "ALARM: " : "", err);
            rc = r > 0 ? 1 : 3;
            goto done;
        }
        if (key == NULL) {
            fprintf(stderr, "tierctl log monitor: ALARM: /v1/keys serves no log key certified "
                            "by the root\n");
            rc = 1;
            goto done;
        }
        fprintf(stderr, "tierctl log monitor: %ld keys served, each certified by root %.16s…\n",
                nkeys, sign_key_id(root));
    }
    if (access(state, F_OK) == 0 &&
        file_read_checked("kept checkpoint", state, 0, TLOG_NOTE_MAX, &kept, &kept_len, err,
                          sizeof err) != 0) {
        fprintf(stderr, "tierctl log monitor: %s\n", err);
        rc = 2;
        goto done;
    }
    if (kept != NULL) {
        if (open_note(kept, kept_len, sign_key_evp(key), NULL, &old, err, sizeof err) != 0) {
            fprintf(stderr, "tierctl log monitor: the kept checkpoint %s does not open: %s\n",
                    state, err);
            rc = 2;
            goto done;
        }
        have_old = 1;
    }
    if (fetch(url, "/v1/log/checkpoint", ca, &res, err, sizeof err) != 0) {
        fprintf(stderr, "tierctl log monitor: %s\n", err);
        goto done;
    }
    if (open_note(res.body.data, res.body.len, sign_key_evp(key), have_old ? old.origin : NULL,
                  &cur, err, sizeof err) != 0) {
        fprintf(stderr, "tierctl log monitor: ALARM: the log's checkpoint does not verify: %s\n",
                err);
        rc = 1;
        goto done;
    }
    snprintf(origin, sizeof origin, "%s", cur.origin);
    if (have_old) {
        r = check_consistency(url, ca, &old, &cur, err, sizeof err);
        if (r != 0) {
            fprintf(stderr, "tierctl log monitor: %s%s\n", r > 0 ? "ALARM: " : "", err);
            rc = r > 0 ? 1 : 3;
            goto done;
        }
        r = list_entries(url, ca, old.size, cur.size, NULL, err, sizeof err);
    } else {
        unsigned char head[TLOG_HASH_LEN];
        struct tlog_store s;
        mem = tlog_mem_new();
        if (mem == NULL)
            goto done;
        s = tlog_mem_store(mem);
        r = list_entries(url, ca, 0, cur.size, mem, err, sizeof err);
        if (r == 0 && (tlog_root(&s, cur.size, head, err, sizeof err) != 0 ||
                       memcmp(head, cur.root, TLOG_HASH_LEN) != 0)) {
            snprintf(err, sizeof err, "history rewritten: the %llu entries served do not make "
                     "the tree the checkpoint signed", (unsigned long long)cur.size);
            r = 1;
        }
    }
    if (r != 0) {
        fprintf(stderr, "tierctl log monitor: %s%s\n", r > 0 ? "ALARM: " : "", err);
        rc = r > 0 ? 1 : 3;
        goto done;
    }
    snprintf(tmp, sizeof tmp, "%s.new", state);
    f = fopen(tmp, "wb");
    if (f == NULL || fwrite(res.body.data, 1, res.body.len, f) != res.body.len ||
        fclose(f) != 0 || rename(tmp, state) != 0) {
        fprintf(stderr, "tierctl log monitor: cannot keep the checkpoint in %s\n", state);
        rc = 3;
        goto done;
    }
    fprintf(stderr, "tierctl log monitor: %s: size %llu%s%llu, consistent\n", origin,
            (unsigned long long)(have_old ? old.size : 0), " -> ",
            (unsigned long long)cur.size);
    rc = 0;
done:
    http_result_free(&res);
    tlog_mem_free(mem);
    free(kept);
    sign_key_free(key);
    sign_key_free(root);
    return rc;
}

int cmd_log(struct tier_config *c, int argc, char **argv)
{
    if (argc >= 1 && strcmp(argv[0], "monitor") == 0 && !cli_is_help(argc, argv))
        return monitor(c, argc - 1, argv + 1);
    return log_usage();
}
