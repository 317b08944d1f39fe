/*
 * loadgen.c — the load generator of `make test-crash` (scripts/test-crash).
 *
 *   loadgen PORT_FILE TOKEN LOG_FILE CONNECTIONS SECONDS PREFIX
 *
 * Posts distinct, valid applications to POST /v1/submissions over
 * CONNECTIONS keep-alive connections until SIGTERM/SIGINT or SECONDS pass,
 * and appends one line per answer — or per attempt that got none — to
 * LOG_FILE:
 *
 *   SERIAL SHA256 STATUS ID LENGTH
 *
 * SERIAL numbers the document (each one is a sample from tests/data/TIER/
 * eligible*.xml with a USCC of its own: org code PREFIX + 'C' + six base-31
 * digits of SERIAL, both check characters computed, as bench_ingest does);
 * SHA256 is computed here from the exact bytes sent; STATUS is the HTTP
 * status, or 0 when the connection failed before a whole answer arrived; ID
 * is the submission id of the Location header, "unsure" for a 503 that says
 * the application may or may not have been stored, else "-". A document that got
 * no answer is sent again, byte for byte, on a fresh connection (as a real
 * client would retry) until it gets one or the run ends, so a COMMIT whose
 * answer was lost shows up as a later 200 and never as a second row. A 503
 * is an answer: it is logged and, after 20 ms, the worker moves on to a new
 * document (so the check can tell whether a refused document was stored).
 *
 * The port is read from PORT_FILE at every (re)connect, so tierd may come
 * back on another port. Each line is written with one write(2) on an
 * O_APPEND descriptor, so lines of different workers never interleave.
 * Stopping lets every worker finish the request it has in flight; each read
 * gives up after 20 s, so a hung server cannot hold the run.
 *
 *   loadgen review PORT_FILE CITY_TOKEN PROVINCE_TOKEN LOG_FILE SECONDS
 *
 * The reviewers' side, so that certificates are issued while tierd dies: one
 * thread lists the city's received applications (the city reviewer's scope),
 * recommends each and has the province reviewer approve it, each on a
 * connection of its own, and logs one line per decision:
 *
 *   SUBMISSION_ID ACTION STATUS SERIAL
 *
 * ACTION is recommend or approve, STATUS as above (0: no answer), SERIAL the
 * certificate's serial from an approval's 201, else "-". A decision without
 * an answer is not repeated: the list shows only what is still received.
 *
 * Exit status: 0, or 2 on a usage or set-up error.
 */
#include "tier/digest.h"
#include "tier/uscc.h"

#include "../../bench/synthetic.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define MAX_SAMPLES SYNTH_MAX_SAMPLES

/* the USCC alphabet, for the phase marker given on the command line */
static const char ALPHABET[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
#define MAX_WORKERS 64
#define ANSWER_MAX (256u * 1024) /* a receipt is a few KiB; more is a broken server */

static struct synth_sample samples[MAX_SAMPLES];
static int nsamples;
static atomic_long next_serial; /* next document number */
static volatile sig_atomic_t stopping;
static int64_t deadline_us;
static char prefix;          /* first org-code character: one per phase */
static const char *port_file;
static const char *token;
static int log_fd = -1;

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int done(void)
{
    return stopping || now_us() >= deadline_us;
}

static void on_signal(int sig)
{
    (void)sig;
    stopping = 1;
}

static int load_samples(void)
{
    nsamples = synth_load(samples, MAX_SAMPLES, "tests/data/*/eligible*.xml");
    return nsamples > 0 ? 0 : -1;
}

/* A copy of a sample with a USCC of its own (caller frees). */
static char *make_doc(long n, size_t *len)
{
    const struct synth_sample *s = &samples[n % nsamples];

    *len = s->len;
    return synth_copy(s, prefix, 'C', n);
}

static int read_port(void)
{
    FILE *f = fopen(port_file, "r");
    int p = 0;

    if (f == NULL)
        return -1;
    if (fscanf(f, "%d", &p) != 1)
        p = -1;
    fclose(f);
    return p > 0 && p < 65536 ? p : -1;
}

/* A connection to tierd at the port in its port file. */
static int dial(void)
{
    int port = read_port();

    return port < 0 ? -1 : synth_dial(port, 20);
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* One keep-alive request. Returns the HTTP status with the Location id in
 * id (or "-"), or 0 when no whole answer arrived (the connection is then
 * unusable). *keep is cleared when the server said Connection: close. */
static int roundtrip(int fd, const char *head, size_t hlen, const char *body, size_t blen,
                     char *id, size_t idsz, int *keep)
{
    static __thread char buf[ANSWER_MAX];
    size_t have = 0, hdr;
    char *end, *h;
    long clen;
    int status = 0;

    snprintf(id, idsz, "-");
    *keep = 1;
    if (write_all(fd, head, hlen) != 0 || write_all(fd, body, blen) != 0)
        return 0;
    for (;;) {
        ssize_t k = read(fd, buf + have, sizeof buf - 1 - have);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return 0;
        have += (size_t)k;
        buf[have] = '\0';
        end = strstr(buf, "\r\n\r\n");
        if (end != NULL)
            break;
        if (have == sizeof buf - 1)
            return 0;
    }
    hdr = (size_t)(end + 4 - buf);
    if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
        return 0;
    end[2] = '\0'; /* search the header block only */
    h = strcasestr(buf, "\r\nContent-Length:");
    if (h == NULL)
        return 0;
    clen = strtol(h + 17, NULL, 10);
    if (clen < 0 || (size_t)clen > sizeof buf - 1)
        return 0;
    h = strcasestr(buf, "\r\nLocation:");
    if (h != NULL) {
        const char *v = strstr(h, "/v1/submissions/");
        if (v != NULL)
            snprintf(id, idsz, "%.*s", (int)strspn(v + 16, "0123456789"), v + 16);
    }
    if (strcasestr(buf, "\r\nConnection: close") != NULL)
        *keep = 0;
    /* read the rest of the body; a short body means no whole answer */
    if ((size_t)clen > sizeof buf - 1 - hdr)
        return 0;
    while (have - hdr < (size_t)clen) {
        ssize_t k = read(fd, buf + have, hdr + (size_t)clen - have);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return 0;
        have += (size_t)k;
    }
    buf[hdr + (size_t)clen] = '\0';
    /* a 503 that cannot say whether the COMMIT went through */
    if (status == 503 && strstr(buf + hdr, "may or may not have been stored") != NULL)
        snprintf(id, idsz, "unsure");
    return status;
}

/* ---- reviewers ------------------------------------------------------------------ */

/* One request on a connection of its own (Connection: close). Returns the
 * status and the body in buf (NUL-terminated, cut at bufsz), or 0. */
static int oneshot(const char *method, const char *path, const char *tok, const char *body,
                   char *buf, size_t bufsz)
{
    char head[512];
    size_t have = 0, blen = body ? strlen(body) : 0;
    int fd = dial(), hl, status = 0;
    char *sep;

    buf[0] = '\0';
    if (fd < 0)
        return 0;
    hl = snprintf(head, sizeof head,
                  "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                  "Authorization: Bearer %s\r\n%sContent-Length: %zu\r\n\r\n",
                  method, path, tok, body ? "Content-Type: application/xml\r\n" : "", blen);
    if (write_all(fd, head, (size_t)hl) != 0 || (blen > 0 && write_all(fd, body, blen) != 0))
        goto done;
    for (;;) {
        ssize_t k = read(fd, buf + have, bufsz - 1 - have);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            goto done; /* reset: no whole answer */
        if (k == 0 || have + (size_t)k == bufsz - 1) {
            have += (size_t)k;
            break;
        }
        have += (size_t)k;
    }
    buf[have] = '\0';
    sep = strstr(buf, "\r\n\r\n");
    if (sep == NULL || sscanf(buf, "HTTP/1.%*d %d", &status) != 1) {
        status = 0;
        goto done;
    }
    memmove(buf, sep + 4, strlen(sep + 4) + 1);
done:
    close(fd);
    return status;
}

static void log_decision(const char *id, const char *action, int status, const char *serial)
{
    char line[160];
    int k = snprintf(line, sizeof line, "%s %s %d %s\n", id, action, status, serial);

    if (k > 0 && write_all(log_fd, line, (size_t)k) != 0)
        fprintf(stderr, "loadgen: cannot write the log: %s\n", strerror(errno));
}

static int run_review(const char *city_tok, const char *province_tok)
{
    static char buf[ANSWER_MAX];
    static const char recommend[] = "<decision xmlns=\"urn:tierd:decision:1\"><action>recommend"
                                    "</action><comment>crash test</comment></decision>";
    static const char approve[] = "<decision xmlns=\"urn:tierd:decision:1\"><action>approve"
                                  "</action></decision>";
    char ids[20][24], path[96], serial[64];

    while (!done()) {
        int n = 0;
        int st = oneshot("GET", "/v1/submissions?status=received&limit=20", city_tok, NULL, buf,
                         sizeof buf);
        /* the ids of the list's hrefs: /v1/submissions/DIGITS */
        for (char *p = buf; st == 200 && n < 20 && (p = strstr(p, "/v1/submissions/")) != NULL;) {
            size_t k;
            p += 16;
            k = strspn(p, "0123456789");
            if (k == 0 || k >= sizeof ids[0])
                continue;
            snprintf(ids[n], sizeof ids[n], "%.*s", (int)k, p);
            {
                int seen = 0; /* an id may appear more than once */
                for (int j = 0; j < n && !seen; j++)
                    seen = strcmp(ids[j], ids[n]) == 0;
                n += !seen;
            }
        }
        if (n == 0) {
            usleep(200000);
            continue;
        }
        for (int i = 0; i < n && !done(); i++) {
            snprintf(path, sizeof path, "/v1/submissions/%.23s/decisions", ids[i]);
            st = oneshot("POST", path, city_tok, recommend, buf, sizeof buf);
            log_decision(ids[i], "recommend", st, "-");
            if (st != 201)
                continue;
            st = oneshot("POST", path, province_tok, approve, buf, sizeof buf);
            snprintf(serial, sizeof serial, "-");
            if (st == 201) {
                const char *v = strstr(buf, "serial=\"");
                if (v != NULL)
                    snprintf(serial, sizeof serial, "%.*s", (int)strcspn(v + 8, "\""), v + 8);
            }
            log_decision(ids[i], "approve", st, serial);
        }
    }
    return 0;
}

/* ---- applicants -------------------------------------------------------------------- */

static void log_answer(long n, const char *sha_hex, int status, const char *id, size_t len)
{
    char line[160];
    int k = snprintf(line, sizeof line, "%ld %s %d %s %zu\n", n, sha_hex, status, id, len);

    if (k > 0 && write_all(log_fd, line, (size_t)k) != 0)
        fprintf(stderr, "loadgen: cannot write the log: %s\n", strerror(errno));
}

static void *worker(void *arg)
{
    char head[512], id[32], sha_hex[SHA256_HEX_LEN + 1];
    unsigned char sha[SHA256_LEN];
    int fd = -1;

    (void)arg;
    while (!done()) {
        long n = atomic_fetch_add(&next_serial, 1);
        size_t len;
        char *doc = make_doc(n, &len);
        int hl, status = 0, keep = 1;

        if (doc == NULL)
            break;
        digest_sha256(doc, len, sha);
        digest_hex(sha, sizeof sha, sha_hex);
        hl = snprintf(head, sizeof head,
                      "POST /v1/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      "Authorization: Bearer %s\r\nContent-Type: application/xml\r\n"
                      "Content-Length: %zu\r\n\r\n",
                      token, len);
        /* the same bytes until some answer comes back, or the run ends */
        while (status == 0) {
            if (fd < 0)
                fd = dial();
            if (fd < 0) {
                if (done())
                    break;
                usleep(50000); /* tierd is down: wait for its restart */
                continue;
            }
            status = roundtrip(fd, head, (size_t)hl, doc, len, id, sizeof id, &keep);
            if (status == 0) {
                log_answer(n, sha_hex, 0, "-", len);
                close(fd);
                fd = -1;
                if (done())
                    break;
                usleep(20000);
            }
        }
        if (status != 0)
            log_answer(n, sha_hex, status, id, len);
        if (status == 503)
            usleep(20000); /* a short Retry-After, so an outage is not a busy loop */
        if (!keep && fd >= 0) {
            close(fd);
            fd = -1;
        }
        free(doc);
    }
    if (fd >= 0)
        close(fd);
    return NULL;
}

int main(int argc, char **argv)
{
    static pthread_t th[MAX_WORKERS];
    struct sigaction sa;
    int conns, seconds;

    if (argc == 7 && strcmp(argv[1], "review") == 0) {
        struct sigaction rsa;
        port_file = argv[2];
        if ((seconds = atoi(argv[6])) < 1)
            return 2;
        log_fd = open(argv[5], O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (log_fd < 0) {
            fprintf(stderr, "loadgen: %s: %s\n", argv[5], strerror(errno));
            return 2;
        }
        memset(&rsa, 0, sizeof rsa);
        rsa.sa_handler = on_signal;
        sigaction(SIGTERM, &rsa, NULL);
        sigaction(SIGINT, &rsa, NULL);
        signal(SIGPIPE, SIG_IGN);
        deadline_us = now_us() + (int64_t)seconds * 1000000;
        run_review(argv[3], argv[4]);
        close(log_fd);
        return 0;
    }
    if (argc != 7 || (conns = atoi(argv[4])) < 1 || conns > MAX_WORKERS ||
        (seconds = atoi(argv[5])) < 1 || strlen(argv[6]) != 1 ||
        strchr(ALPHABET, argv[6][0]) == NULL || argv[6][0] < 'A') {
        fprintf(stderr, "usage: loadgen PORT_FILE TOKEN LOG_FILE CONNECTIONS(1-%d) SECONDS "
                        "PREFIX(one letter of the USCC alphabet)\n"
                        "       loadgen review PORT_FILE CITY_TOKEN PROVINCE_TOKEN LOG_FILE "
                        "SECONDS\n", MAX_WORKERS);
        return 2;
    }
    port_file = argv[1];
    token = argv[2];
    prefix = argv[6][0];
    if (load_samples() != 0) {
        fprintf(stderr, "loadgen: no samples in tests/data/*/eligible*.xml (run from the "
                        "repository root)\n");
        return 2;
    }
    log_fd = open(argv[3], O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log_fd < 0) {
        fprintf(stderr, "loadgen: %s: %s\n", argv[3], strerror(errno));
        return 2;
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; /* sets the flag only: in-flight requests finish */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    deadline_us = now_us() + (int64_t)seconds * 1000000;
    for (int i = 0; i < conns; i++) {
        if (pthread_create(&th[i], NULL, worker, NULL) != 0) {
            fprintf(stderr, "loadgen: cannot start worker %d\n", i);
            conns = i;
            stopping = 1;
            break;
        }
    }
    for (int i = 0; i < conns; i++)
        pthread_join(th[i], NULL);
    close(log_fd);
    for (int i = 0; i < nsamples; i++)
        free(samples[i].text);
    return 0;
}
