/*
 * http.h — the HTTP front of tierd (libmicrohttpd, internal thread pool).
 *
 * The server owns the listening socket and the request life cycle: it reads
 * a body up to max-body bytes, matches the route, calls its handler, writes
 * the response, logs one line and counts the request in the metrics.
 * Handlers fill a struct http_response; they never touch libmicrohttpd.
 */
#ifndef TIER_HTTP_H
#define TIER_HTTP_H

#include "tier/buf.h"

#include <stdint.h>

struct tier_config;
struct db_pool;
struct http_server;

#define HTTP_MAX_PARAMS 4
#define HTTP_PARAM_MAX 128
#define HTTP_RESPONSE_MAX (64u << 20) /* a response body is never larger */

struct ingest_schemas;
struct registry;
struct web_views;
struct web_rate;
struct web_cache;
struct web_header;

/* What handlers may use; shared read-only by all threads. */
struct web_throttle;

struct http_env {
    const struct tier_config *cfg;
    struct web_throttle *signin_throttle;  /* failed sign-ins per address (thread-safe) */
    const struct ingest_schemas *schemas;  /* compiled once at start (request bodies) */
    struct registry *reg;                  /* the use cases */
    const struct web_views *views;         /* page stylesheets; NULL = no pages */
    struct web_rate *public_rate;          /* per-address cap of public pages; NULL = none */
    struct web_cache *public_cache;        /* rendered public pages; NULL = none */
};

struct http_request {
    const struct http_env *env;
    void *conn;                 /* the libmicrohttpd connection (for headers) */
    const char *method;         /* "GET" */
    const char *path;           /* "/v1/submissions/12", without the query */
    int route;                  /* index into the route table, -1 when none */
    int nparams;                /* path parameters captured by {name} */
    char params[HTTP_MAX_PARAMS][HTTP_PARAM_MAX];
    struct buf body;            /* request body, capped at max-body */
    int64_t queued_ms;          /* CLOCK_MONOTONIC ms it was queued for a worker, 0 unknown:
                                   its database deadline counts from then */
};

struct http_response {
    unsigned int status;        /* HTTP status code */
    const char *content_type;   /* static string */
    struct buf body;
    char location[256];         /* Location header, "" for none */
    int retry_after;            /* seconds for Retry-After, 0 for none */
    char allow[64];             /* Allow header for 405, "" for none */
    int page;                   /* 1: a web page; web_page_headers[] replace the API's */
    char set_cookie[160];       /* Set-Cookie value, "" for none (pages only) */
    const struct web_header *headers; /* a page's headers, NULL-terminated; NULL = none */
    char cache_control[64];     /* replaces "no-store" when set (public pages) */
    char etag[72];              /* ETag, quoted, "" for none */
    char last_modified[40];     /* Last-Modified (IMF-fixdate), "" for none */
};

typedef void (*http_handler)(struct http_request *rq, struct http_response *rs);

/* Start serving on cfg->listen_host:listen_port with cfg->threads threads.
 * Writes the bound port to cfg->port_file when set. NULL with a sentence in
 * err on failure (address in use, bad address). Borrows env. */
struct http_server *http_start(const struct http_env *env, char *err, size_t errsz);

/* The port actually bound (useful with port 0). */
int http_port(const struct http_server *s);

/* 1 when the API is served over HTTPS (tls-cert, tls-key), else 0. */
int http_tls(const struct http_server *s);

/* The port of metrics-listen, or 0 when it is not configured. */
int http_metrics_port(const struct http_server *s);

/* Stop accepting, let in-flight requests finish (up to grace_s seconds),
 * then close every connection and free the server. NULL is fine. */
void http_stop(struct http_server *s, int grace_s);

/* The client's address as text ("127.0.0.1", "::1"), "" when unknown. */
void http_client_address(const struct http_request *rq, char *out, size_t cap);

/* Value of a request header or NULL. */
const char *http_header(const struct http_request *rq, const char *name);

/* The client's address as text ("127.0.0.1", "?" when unknown). */
void http_peer(const struct http_request *rq, char *out, size_t cap);

/* Value of a query-string argument or NULL. */
const char *http_query(const struct http_request *rq, const char *name);

/* Fill rs with an XML error body: <error status code message>.
 * `code` is a short machine-readable word ("not-found"); the message is a
 * sentence that says what, where and why. */
void http_error(struct http_response *rs, unsigned int status, const char *code,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Route table (routes.c). Each route states what it needs; the prologue
 * (routes.c) checks it once for every route before the use runs:
 *   HTTP_NEEDS_TOKEN  a valid bearer token (401 without; 503 when the
 *                     database cannot say), the caller in call->who
 *   HTTP_NEEDS_ID     {id} is a submission id (404 when it cannot be one),
 *                     in call->id
 *   roles             ROLE_BIT()s that may call it (403 for the others);
 *                     0 lets every authenticated role through */
#define HTTP_NEEDS_TOKEN 1u
#define HTTP_NEEDS_ID 2u
#define HTTP_NEEDS_SESSION 4u /* a page session (cookie); a page, not XML, answers */
/* With HTTP_NEEDS_TOKEN: the use case confirms the token in its own first
 * statement, so a token checked within the last minute is taken from memory
 * (registry_authenticate_confirmed) */
#define HTTP_TOKEN_CONFIRMED 8u

struct principal;
struct http_call; /* http_call.h */
typedef void (*http_use)(struct http_call *call);

struct http_route {
    const char *method;   /* "GET" */
    const char *pattern;  /* "/v1/submissions/{id}" */
    const char *name;     /* metrics label: "submission_get" */
    http_handler fn;      /* what the server calls: the prologue, then `use` */
    unsigned needs;       /* HTTP_NEEDS_* */
    unsigned roles;       /* ROLE_BIT()s allowed, 0 = any (with HTTP_NEEDS_TOKEN) */
    http_use use;         /* the route's own work */
};

/* The routes in match order; *n receives the count. */
const struct http_route *http_routes(int *n);

#endif
