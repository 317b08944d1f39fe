/*
 * test_tls.c — tierd's own HTTPS (tls-cert, tls-key) and `tierctl submit`
 * over https with certificate verification (--ca-file), issue 13.
 *
 * A throwaway CA is made with the openssl command in the test's folder: a CA
 * certificate, a server certificate for IP 127.0.0.1 signed by it, and a
 * second, unrelated CA. tierd is started with the server's certificate and
 * key (mode 0600); the tests then check that an application goes through
 * over https when the client trusts the CA, that a client trusting another CA
 * stops before sending anything (tierd logs no request), that TLS 1.1 and
 * plain HTTP get no answer while TLS 1.2 does, that a chunked body going over
 * max-body part-way gets its 413 over TLS as it does over plain HTTP, and
 * that a key file others may read stops tierd at start.
 */
#include "harness.h"

#include <CUnit/Basic.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define DOC "tests/data/specialized-sme/eligible.xml"
#define USCC "91370102MA3C4D5E7Q"

static char tls_dir[700], token[128], log_path[800];
static int port;
static pid_t pid;

static int make_certificates(void)
{
    char *out = NULL;
    int rc;

    snprintf(tls_dir, sizeof tls_dir, "%s/tls", harness_dir());
    rc = harness_sh(
        &out,
        "set -e; mkdir -p '%s'; cd '%s'; umask 077; "
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 "
        "  -subj '/CN=tierd test CA' -keyout ca.key -out ca.pem; "
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 "
        "  -subj '/CN=another CA' -keyout other-ca.key -out other-ca.pem; "
        "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
        "  -subj '/CN=127.0.0.1' -keyout server.key -out server.csr; "
        "printf 'subjectAltName=IP:127.0.0.1\\nextendedKeyUsage=serverAuth\\n' > ext.cnf; "
        "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 "
        "  -extfile ext.cnf -out server.pem; "
        "chmod 600 server.key; chmod 644 ca.pem other-ca.pem server.pem",
        tls_dir, tls_dir);
    if (rc != 0)
        fprintf(stderr, "test_tls: making the certificates failed:\n%s\n", out ? out : "");
    free(out);
    return rc == 0 ? 0 : -1;
}

static int suite_init(void)
{
    char args[2000];

    if (harness_start() != 0 || make_certificates() != 0 ||
        harness_account("tls-ent", "--role enterprise --uscc " USCC, token, sizeof token) != 0)
        return -1;
    snprintf(log_path, sizeof log_path, "%s/tierd-tls.log", harness_dir());
    snprintf(args, sizeof args, "--tls-cert '%s/server.pem' --tls-key '%s/server.key'", tls_dir,
             tls_dir);
    pid = harness_spawn_tierd(args, log_path, &port);
    return pid > 0 ? 0 : -1;
}

static int suite_clean(void)
{
    if (pid > 0) {
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
    }
    return harness_stop();
}

static int submit(const char *ca, char **out)
{
    return harness_sh(out, "TIERD_TOKEN=%s %s submit --url https://127.0.0.1:%d --ca-file '%s' %s",
                      token, harness_bin("tierctl"), port, ca, DOC);
}

static void test_submit_over_https_with_the_ca_gets_a_receipt(void)
{
    char ca[800], *out = NULL;
    int rc;

    snprintf(ca, sizeof ca, "%s/ca.pem", tls_dir);
    rc = submit(ca, &out);
    CU_ASSERT(rc == 0 || rc == 1);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "<receipt") : NULL);
    if (rc != 0 && rc != 1)
        fprintf(stderr, "\n    tierctl submit over https: %d %s ", rc, out ? out : "");
    free(out);
}

/* Without --url, a config naming tls-cert makes tierctl submit use https://LISTEN. */
static void test_submit_without_url_uses_https_when_the_config_has_tls_cert(void)
{
    char *out = NULL;
    int rc;

    rc = harness_sh(&out,
                    "c=%s/tls.conf; { cat \"$TIERD_CONFIG\"; echo 'listen = 127.0.0.1:%d'; "
                    "echo 'tls-cert = %s/server.pem'; echo 'tls-key = %s/server.key'; } >$c; "
                    "chmod 600 $c; TIERD_TOKEN=%s %s --config $c submit --ca-file '%s/ca.pem' %s",
                    harness_dir(), port, tls_dir, tls_dir, token, harness_bin("tierctl"), tls_dir,
                    DOC);
    CU_ASSERT(rc == 0 || rc == 1);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "<receipt") : NULL);
    if (rc != 0 && rc != 1)
        fprintf(stderr, "\n    tierctl submit, https from the config: %d %s ", rc,
                out ? out : "");
    free(out);
}

static void test_submit_refuses_a_server_its_ca_does_not_vouch_for(void)
{
    char ca[800], *out = NULL, *log = NULL;
    size_t before = 0, after = 0;
    int rc;

    free(harness_slurp(log_path, &before));
    snprintf(ca, sizeof ca, "%s/other-ca.pem", tls_dir);
    rc = submit(ca, &out);
    CU_ASSERT_EQUAL(rc, 4);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "certificate") : NULL);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "nothing was sent") : NULL);
    free(out);
    /* and tierd never saw a request: no new log line names one */
    log = harness_slurp(log_path, &after);
    CU_ASSERT_PTR_NULL(log ? strstr(log + before, "POST /v1/submissions") : NULL);
    free(log);
}

static void test_plain_http_and_tls_1_1_get_no_answer_tls_1_2_does(void)
{
    struct http_reply r;
    char *out = NULL;
    int rc;

    CU_ASSERT_EQUAL(http_do_port(port, "GET", "/healthz", "", NULL, 0, &r), -1);
    http_reply_free(&r);
    rc = harness_sh(&out, "echo | openssl s_client -connect 127.0.0.1:%d -tls1_1 "
                          "-cipher 'DEFAULT@SECLEVEL=0' 2>&1",
                    port);
    CU_ASSERT(rc != 0);
    free(out);
    rc = harness_sh(&out, "printf 'GET /healthz HTTP/1.1\\r\\nHost: x\\r\\nConnection: "
                          "close\\r\\n\\r\\n' | openssl s_client -quiet -connect 127.0.0.1:%d "
                          "-tls1_2 -CAfile '%s/ca.pem' -verify_return_error 2>/dev/null",
                    port, tls_dir);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "HTTP/1.1 200") : NULL);
    free(out);
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* A TLS connection to 127.0.0.1:p that trusts the test CA; NULL on failure.
 * *fd_out is its socket (5 s timeouts both ways). */
static SSL *tls_dial(SSL_CTX *ctx, int p, int *fd_out)
{
    struct sockaddr_in sa;
    struct timeval tv = {5, 0};
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    SSL *ssl;

    if (fd < 0)
        return NULL;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)p);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || (ssl = SSL_new(ctx)) == NULL) {
        close(fd);
        return NULL;
    }
    SSL_set_fd(ssl, fd);
    SSL_set1_host(ssl, "127.0.0.1");
    if (SSL_connect(ssl) != 1) {
        SSL_free(ssl);
        close(fd);
        return NULL;
    }
    *fd_out = fd;
    return ssl;
}

static void test_chunked_over_cap_body_gets_413_over_tls_too(void)
{
    char args[2000], ca[800], reply[4096], chunk[1100], tlog[800];
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL *ssl = NULL;
    int p = 0, fd = -1, n, got = 0, closed = 0;
    pid_t small;
    long t0, took;

    CU_ASSERT_PTR_NOT_NULL_FATAL(ctx);
    snprintf(ca, sizeof ca, "%s/ca.pem", tls_dir);
    CU_ASSERT_EQUAL_FATAL(SSL_CTX_load_verify_locations(ctx, ca, NULL), 1);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    snprintf(tlog, sizeof tlog, "%s/tierd-tls-small.log", harness_dir());
    snprintf(args, sizeof args,
             "--tls-cert '%s/server.pem' --tls-key '%s/server.key' --max-body 4096", tls_dir,
             tls_dir);
    small = harness_spawn_tierd(args, tlog, &p);
    CU_ASSERT_FATAL(small > 0);
    ssl = tls_dial(ctx, p, &fd);
    CU_ASSERT_PTR_NOT_NULL(ssl);
    if (ssl != NULL) {
        static const char head[] = "POST /v1/submissions HTTP/1.1\r\nHost: x\r\n"
                                   "Content-Type: application/xml\r\n"
                                   "Transfer-Encoding: chunked\r\n\r\n";
        CU_ASSERT_EQUAL(SSL_write(ssl, head, (int)sizeof head - 1), (int)sizeof head - 1);
        /* 8 KiB in 1 KiB chunks against a cap of 4 KiB, and the body never
         * ends: it must be refused once it is over the cap */
        n = snprintf(chunk, sizeof chunk, "400\r\n");
        memset(chunk + n, '<', 1024);
        memcpy(chunk + n + 1024, "\r\n", 2);
        t0 = now_ms();
        for (int i = 0; i < 8; i++) {
            if (SSL_write(ssl, chunk, n + 1026) <= 0)
                break; /* refused and closed part-way: what is sent is enough */
        }
        for (;;) {
            int k = SSL_read(ssl, reply + got, (int)sizeof reply - 1 - got);
            if (k <= 0) {
                int e = SSL_get_error(ssl, k);
                closed = e == SSL_ERROR_ZERO_RETURN || e == SSL_ERROR_SYSCALL ||
                         e == SSL_ERROR_SSL;
                break;
            }
            got += k;
            if (got >= (int)sizeof reply - 1)
                break;
        }
        reply[got] = '\0';
        took = now_ms() - t0;
        fprintf(stderr, "\n    TLS, chunked 8 KiB against a cap of 4 KiB: %.12s after %ld ms ",
                reply, took);
        CU_ASSERT_PTR_NOT_NULL(strstr(reply, "HTTP/1.1 413"));
        CU_ASSERT_PTR_NOT_NULL(strstr(reply, "max-body"));
        CU_ASSERT(closed);
        CU_ASSERT(took < 4000);
        SSL_free(ssl);
        close(fd);
    }
    /* the daemon goes on serving over TLS */
    ssl = tls_dial(ctx, p, &fd);
    CU_ASSERT_PTR_NOT_NULL(ssl);
    if (ssl != NULL) {
        static const char get[] = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        int k;
        CU_ASSERT_EQUAL(SSL_write(ssl, get, (int)sizeof get - 1), (int)sizeof get - 1);
        k = SSL_read(ssl, reply, (int)sizeof reply - 1);
        reply[k > 0 ? k : 0] = '\0';
        CU_ASSERT_PTR_NOT_NULL(strstr(reply, "HTTP/1.1 200"));
        SSL_free(ssl);
        close(fd);
    }
    SSL_CTX_free(ctx);
    kill(small, SIGTERM);
    waitpid(small, NULL, 0);
}

static void test_a_key_others_may_read_stops_tierd_at_start(void)
{
    char *out = NULL;
    int rc;

    rc = harness_sh(&out, "cp '%s/server.key' '%s/loose.key' && chmod 644 '%s/loose.key' && "
                          "%s --config '%s' --listen 127.0.0.1:0 --tls-cert '%s/server.pem' "
                          "--tls-key '%s/loose.key'",
                    tls_dir, tls_dir, tls_dir, harness_bin("tierd"), harness_config(), tls_dir,
                    tls_dir);
    CU_ASSERT_NOT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "chmod 600") : NULL);
    free(out);
    rc = harness_sh(&out, "%s --config '%s' --listen 127.0.0.1:0 --tls-cert '%s/server.pem'",
                    harness_bin("tierd"), harness_config(), tls_dir);
    CU_ASSERT_NOT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "go together") : NULL);
    free(out);
}

int main(void)
{
    CU_pSuite s;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("tls", suite_init, suite_clean);
    CU_add_test(s, "test_submit_over_https_with_the_ca_gets_a_receipt",
                test_submit_over_https_with_the_ca_gets_a_receipt);
    CU_add_test(s, "test_submit_without_url_uses_https_when_the_config_has_tls_cert",
                test_submit_without_url_uses_https_when_the_config_has_tls_cert);
    CU_add_test(s, "test_submit_refuses_a_server_its_ca_does_not_vouch_for",
                test_submit_refuses_a_server_its_ca_does_not_vouch_for);
    CU_add_test(s, "test_plain_http_and_tls_1_1_get_no_answer_tls_1_2_does",
                test_plain_http_and_tls_1_1_get_no_answer_tls_1_2_does);
    CU_add_test(s, "test_chunked_over_cap_body_gets_413_over_tls_too",
                test_chunked_over_cap_body_gets_413_over_tls_too);
    CU_add_test(s, "test_a_key_others_may_read_stops_tierd_at_start",
                test_a_key_others_may_read_stops_tierd_at_start);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    {
        int failed = (int)CU_get_number_of_failures();
        int suite_failed = (int)CU_get_number_of_suites_failed();
        CU_cleanup_registry();
        return failed || suite_failed ? 1 : 0;
    }
}
