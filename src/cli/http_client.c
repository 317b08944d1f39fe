/*
 * http_client.c — one request, one connection, Connection: close; the body
 * is read until the server closes. Enough for tierctl talking to tierd; not a
 * general client (no redirects, no chunked uploads).
 *
 * https:// goes through OpenSSL: TLS 1.2 or later, the server's certificate
 * verified against --ca-file (or the system's trust store) and its name or
 * IP address checked against the URL's host, SNI sent; a failed check ends
 * the request before a byte of it (the token above all) is written. A
 * Content-Length that does not match what arrived is an error, so a
 * connection cut short is not taken for a whole answer.
 */
#include "tier/http_client.h"

#include <arpa/inet.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define CLIENT_MAX_RESPONSE (64u << 20)

void http_result_free(struct http_result *res)
{
    buf_free(&res->headers);
    buf_free(&res->body);
}

/* Split "http[s]://host[:port]/path". *tls is 1 for https. 0 or -1. */
static int parse_url(const char *url, char *host, size_t hsz, char *port, size_t psz,
                     const char **path, int *tls)
{
    const char *p, *slash, *colon;
    size_t n;

    if (strncmp(url, "http://", 7) == 0) {
        *tls = 0;
        p = url + 7;
    } else if (strncmp(url, "https://", 8) == 0) {
        *tls = 1;
        p = url + 8;
    } else {
        return -1;
    }
    slash = strchr(p, '/');
    if (slash == NULL)
        slash = p + strlen(p);
    colon = memchr(p, ':', (size_t)(slash - p));
    n = (size_t)((colon ? colon : slash) - p);
    if (n == 0 || n >= hsz)
        return -1;
    memcpy(host, p, n);
    host[n] = '\0';
    if (colon) {
        n = (size_t)(slash - colon - 1);
        if (n == 0 || n >= psz)
            return -1;
        memcpy(port, colon + 1, n);
        port[n] = '\0';
    } else {
        snprintf(port, psz, "%s", *tls ? "443" : "80");
    }
    *path = *slash ? slash : "/";
    return 0;
}

/* One connection, plain or TLS. */
struct conn {
    int fd;
    SSL_CTX *ctx;
    SSL *ssl;
};

static ssize_t conn_write(struct conn *c, const void *p, size_t n)
{
    if (c->ssl != NULL) {
        size_t w = 0;
        return SSL_write_ex(c->ssl, p, n, &w) == 1 ? (ssize_t)w : -1;
    }
    return write(c->fd, p, n);
}

static ssize_t conn_read(struct conn *c, void *p, size_t n)
{
    if (c->ssl != NULL) {
        size_t r = 0;
        return SSL_read_ex(c->ssl, p, n, &r) == 1 ? (ssize_t)r : 0;
    }
    return read(c->fd, p, n);
}

static void conn_close(struct conn *c)
{
    if (c->ssl != NULL) {
        SSL_shutdown(c->ssl);
        SSL_free(c->ssl);
    }
    SSL_CTX_free(c->ctx);
    if (c->fd >= 0)
        close(c->fd);
    ERR_clear_error();
}

/* The TLS handshake on c->fd, verifying the server as `host`. 0 or -1. */
static int tls_start(struct conn *c, const char *host, const char *port, const char *ca_file,
                     char *err, size_t errsz)
{
    unsigned char ip[16];
    long vr;

    c->ctx = SSL_CTX_new(TLS_client_method());
    if (c->ctx == NULL || SSL_CTX_set_min_proto_version(c->ctx, TLS1_2_VERSION) != 1) {
        snprintf(err, errsz, "cannot set up TLS");
        return -1;
    }
    SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER, NULL);
    if (ca_file != NULL ? SSL_CTX_load_verify_locations(c->ctx, ca_file, NULL) != 1
                        : SSL_CTX_set_default_verify_paths(c->ctx) != 1) {
        snprintf(err, errsz, "--ca-file %s: not a readable PEM certificate file",
                 ca_file ? ca_file : "(system default)");
        return -1;
    }
    c->ssl = SSL_new(c->ctx);
    if (c->ssl == NULL || SSL_set_fd(c->ssl, c->fd) != 1) {
        snprintf(err, errsz, "cannot set up TLS");
        return -1;
    }
    if (inet_pton(AF_INET, host, ip) == 1 || inet_pton(AF_INET6, host, ip) == 1) {
        if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c->ssl), host) != 1)
            return -1;
    } else if (SSL_set_tlsext_host_name(c->ssl, host) != 1 || SSL_set1_host(c->ssl, host) != 1) {
        snprintf(err, errsz, "cannot set up TLS for the name %s", host);
        return -1;
    }
    if (SSL_connect(c->ssl) != 1) {
        vr = SSL_get_verify_result(c->ssl);
        snprintf(err, errsz, "TLS with %s:%s failed: %s; nothing was sent", host, port,
                 vr != X509_V_OK ? X509_verify_cert_error_string(vr)
                                 : "handshake refused (not TLS 1.2+, or not HTTPS)");
        return -1;
    }
    return 0;
}

/* The value of Content-Length in a raw header block, or -1. */
static long long content_length(const char *headers)
{
    const char *p = headers;

    while ((p = strchr(p, '\n')) != NULL) {
        p++;
        if (strncasecmp(p, "Content-Length:", 15) == 0)
            return strtoll(p + 15, NULL, 10);
    }
    return -1;
}

int http_client_do(const char *method, const char *url, const char *token,
                   const char *content_type, const void *body, size_t len, int timeout_s,
                   const char *ca_file, struct http_result *res, char *err, size_t errsz)
{
    struct conn c = {-1, NULL, NULL};
    int tls = 0;
    long long cl;
    struct addrinfo hints, *ai = NULL, *a;
    struct timeval tv = {timeout_s, 0};
    char host[256], port[16], chunk[16384];
    const char *path;
    struct buf req, all;
    int fd = -1, rc = -1, g;

    ssize_t k;
    char *sep;

    memset(res, 0, sizeof *res);
    buf_init(&res->headers, 1u << 20);
    buf_init(&res->body, CLIENT_MAX_RESPONSE);
    buf_init(&req, 1u << 16);
    buf_init(&all, CLIENT_MAX_RESPONSE);
    if (parse_url(url, host, sizeof host, port, sizeof port, &path, &tls) != 0) {
        snprintf(err, errsz, "'%s' is not an http:// or https://HOST:PORT/PATH address", url);
        goto done;
    }
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    g = getaddrinfo(host, port, &hints, &ai);
    if (g != 0) {
        snprintf(err, errsz, "%s: %s", host, gai_strerror(g));
        goto done;
    }
    for (a = ai; a != NULL; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0)
            continue;
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        if (connect(fd, a->ai_addr, a->ai_addrlen) == 0)
            break;
        close(fd);
        fd = -1;
    }
    if (fd < 0) {
        snprintf(err, errsz, "cannot connect to %s:%s (is tierd running?)", host, port);
        goto done;
    }
    c.fd = fd;
    fd = -1;
    if (tls && tls_start(&c, host, port, ca_file, err, errsz) != 0)
        goto done;
    buf_printf(&req, "%s %s HTTP/1.1\r\nHost: %s:%s\r\nConnection: close\r\n"
                     "User-Agent: tierctl/" TIER_VERSION "\r\nAccept: application/xml\r\n",
               method, path, host, port);
    if (token != NULL)
        buf_printf(&req, "Authorization: Bearer %s\r\n", token);
    if (body != NULL)
        buf_printf(&req, "Content-Type: %s\r\nContent-Length: %zu\r\n",
                   content_type ? content_type : "application/xml", len);
    if (buf_adds(&req, "\r\n") != 0 || conn_write(&c, req.data, req.len) != (ssize_t)req.len) {
        snprintf(err, errsz, "sending the request to %s:%s failed", host, port);
        goto done;
    }
    for (size_t off = 0; body != NULL && off < len;) {
        k = conn_write(&c, (const char *)body + off, len - off);
        if (k <= 0)
            break; /* the server may answer early (413); read what it says */
        off += (size_t)k;
    }
    while ((k = conn_read(&c, chunk, sizeof chunk)) > 0) {
        if (buf_add(&all, chunk, (size_t)k) != 0) {
            snprintf(err, errsz, "the answer is larger than %u bytes", CLIENT_MAX_RESPONSE);
            goto done;
        }
    }
    if (all.len == 0 || sscanf(all.data, "HTTP/1.%*d %d", &res->status) != 1) {
        snprintf(err, errsz, "no HTTP answer from %s:%s", host, port);
        goto done;
    }
    sep = strstr(all.data, "\r\n\r\n");
    if (sep == NULL) {
        snprintf(err, errsz, "a malformed HTTP answer from %s:%s", host, port);
        goto done;
    }
    buf_add(&res->headers, all.data, (size_t)(sep - all.data));
    buf_add(&res->body, sep + 4, all.len - (size_t)(sep + 4 - all.data));
    cl = content_length(res->headers.data);
    if (cl >= 0 && (size_t)cl != res->body.len) {
        snprintf(err, errsz, "the answer from %s:%s was cut short (%zu of %lld bytes)", host,
                 port, res->body.len, cl);
        goto done;
    }
    rc = 0;
done:
    if (fd >= 0)
        close(fd);
    conn_close(&c);
    if (ai != NULL)
        freeaddrinfo(ai);
    /* the request held the token */
    if (req.data != NULL)
        OPENSSL_cleanse(req.data, req.len);
    buf_free(&req);
    buf_free(&all);
    if (rc != 0)
        http_result_free(res);
    return rc;
}
