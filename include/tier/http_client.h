/*
 * http_client.h — a minimal blocking HTTP/1.1 client for tierctl: http:// or
 * https:// (TLS 1.2+, the server's certificate verified) to tierd or a proxy.
 */
#ifndef TIER_HTTP_CLIENT_H
#define TIER_HTTP_CLIENT_H

#include "tier/buf.h"

#include <stddef.h>

struct http_result {
    int status;           /* HTTP status, 0 when no answer */
    struct buf headers;   /* raw header block */
    struct buf body;
};

/* Send one request to `url` ("http://host:port/path" or "https://…") with an
 * optional bearer token and body; wait up to timeout_s seconds. For https,
 * the server's certificate must chain to a certificate in `ca_file` (PEM;
 * NULL = the system's trust store) and name the URL's host. 0 with *res
 * filled (free with http_result_free), or -1 with a sentence in err. */
int http_client_do(const char *method, const char *url, const char *token,
                   const char *content_type, const void *body, size_t len, int timeout_s,
                   const char *ca_file, struct http_result *res, char *err, size_t errsz);

void http_result_free(struct http_result *res);

#endif
