/*
 * http_client.c — one request, one connection, Connection: close; the body
 * is read until the server closes. Enough for tierctl talking to tierd; not a
 * general client (no redirects, no chunked uploads, no TLS).
 */
#include "tier/http_client.h"

#include <openssl/crypto.h>

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define CLIENT_MAX_RESPONSE (64u << 20)

void http_result_free(struct http_result *res)
{
    buf_free(&res->headers);
    buf_free(&res->body);
}

static int parse_url(const char *url, char *host, size_t hsz, char *port, size_t psz,
                     const char **path)
{
    const char *p, *slash, *colon;
    size_t n;

    if (strncmp(url, "http://", 7) != 0)
        return -1;
    p = url + 7;
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
        snprintf(port, psz, "80");
    }
    *path = *slash ? slash : "/";
    return 0;
}

int http_client_do(const char *method, const char *url, const char *token,
                   const char *content_type, const void *body, size_t len, int timeout_s,
                   struct http_result *res, char *err, size_t errsz)
{
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
    if (parse_url(url, host, sizeof host, port, sizeof port, &path) != 0) {
        snprintf(err, errsz, "'%s' is not an http://HOST:PORT/PATH address", url);
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
    buf_printf(&req, "%s %s HTTP/1.1\r\nHost: %s:%s\r\nConnection: close\r\n"
                     "User-Agent: tierctl/" TIER_VERSION "\r\nAccept: application/xml\r\n",
               method, path, host, port);
    if (token != NULL)
        buf_printf(&req, "Authorization: Bearer %s\r\n", token);
    if (body != NULL)
        buf_printf(&req, "Content-Type: %s\r\nContent-Length: %zu\r\n",
                   content_type ? content_type : "application/xml", len);
    if (buf_adds(&req, "\r\n") != 0 || write(fd, req.data, req.len) != (ssize_t)req.len) {
        snprintf(err, errsz, "sending the request to %s:%s failed", host, port);
        goto done;
    }
    for (size_t off = 0; body != NULL && off < len;) {
        k = write(fd, (const char *)body + off, len - off);
        if (k <= 0)
            break; /* the server may answer early (413); read what it says */
        off += (size_t)k;
    }
    while ((k = read(fd, chunk, sizeof chunk)) > 0) {
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
    rc = 0;
done:
    if (fd >= 0)
        close(fd);
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
