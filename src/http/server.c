/*
 * server.c — libmicrohttpd wiring: listen, read bodies, route, respond, log.
 *
 * One struct request_ctx per request, made on libmicrohttpd's first call for
 * it and freed in the completion callback, which also writes the log line and
 * records the metrics (so a request cut off by a timeout is still logged).
 * The body is read into a buffer capped at max-body; a Content-Length over
 * the cap is answered 413 on the first call, before any of the body is read.
 *
 * libmicrohttpd's own timeout (request-timeout) cuts a connection that is
 * idle; a body trickled a byte at a time is never idle, so it would hold one
 * of the max-connections slots for as long as it pleases. Once a request is
 * request-timeout seconds old its body must therefore have kept an average of
 * BODY_MIN_RATE bytes a second since then (the idea of Apache's
 * mod_reqtimeout MinRate), else the connection is closed without an answer.
 * Headers trickled a byte at a time (slow loris) are never idle either, and
 * libmicrohttpd calls nothing of ours before they are complete: a watchdog
 * thread keeps every connection on a list (libmicrohttpd's connection
 * notifications) with the time it began to wait for a request's headers, and
 * shuts down the socket of one that has waited longer than request-timeout;
 * libmicrohttpd then sees the end of the stream and closes it. Its entry
 * leaves the list, under the list's mutex, before libmicrohttpd closes the
 * descriptor, so the watchdog never shuts a reused descriptor.
 *
 * Hostile clients (issue 13). A client address may hold at most
 * max-connections-per-address connections (libmicrohttpd closes the next one
 * at once), so one address cannot take every slot. A body is kept as it
 * arrives, never reserved from its declared length, and every byte of buffer
 * it takes is charged to one budget for all bodies in flight (body-budget):
 * a body that would go over it is answered 503 and its connection closed, so
 * memory for bodies stays within the budget plus one buffer doubling. A body
 * over max-body, declared or chunked, is answered 413 the moment it is known
 * to be, and the connection is closed: the rest is never read. A request
 * whose framing two readers could disagree on (two Content-Length headers,
 * or Content-Length with Transfer-Encoding) gets 400 and a close. An
 * application whose first bytes already break the XML pre-scan's bounds
 * gets its 422 as they arrive (precheck), not after the rest. The answer
 * too must move: once sent, it has request-timeout seconds plus one second
 * per BODY_MIN_RATE bytes to leave, else the watchdog shuts the socket.
 * These limits and counters are per daemon and in memory.
 *
 * /healthz and /metrics never wait behind the work queue: /metrics is
 * answered on libmicrohttpd's thread (it is memory only), /healthz on an ops
 * thread of its own (it pings the database). With metrics-listen, a second
 * libmicrohttpd daemon serves just these two on another address.
 *
 * Shutdown (issue 14): http_stop closes the listening socket at once (so a
 * new connection is refused by the kernel, not left in the backlog), answers
 * what is in flight with `Connection: close`, and gives up after the grace.
 *
 * Threads: one libmicrohttpd thread does all the network work (accepting,
 * reading headers and bodies, writing answers); it never waits for the
 * database. A request whose body is complete is suspended and put on one
 * queue, oldest first, that cfg->threads worker threads take from; the worker
 * runs the handler, keeps the answer in the request and resumes the
 * connection, and libmicrohttpd's thread sends it. One shared queue is what
 * keeps the latency fair: with libmicrohttpd's own thread pool every
 * connection stays on the thread that accepted it, the threads get uneven
 * shares of the connections, and a request waits behind every other one on
 * its thread (measured: per-connection mean latencies from 6 to 76 ms in one
 * run; p99 3-6 times the median). Handlers must be thread-safe. An atomic
 * counts requests in flight so http_stop can wait for them after it stops
 * accepting; the workers answer everything queued before they exit, since a
 * suspended connection must be resumed before libmicrohttpd is stopped.
 */
#include "tier/http.h"

#include "tier/config.h"
#include "tier/file.h"
#include "tier/http_render.h"
#include "tier/ingest.h"
#include "tier/metrics.h"
#include "tier/registry.h"
#include "tier/web_view.h"

#include <gnutls/gnutls.h>

#include <microhttpd.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* One open connection, from libmicrohttpd's STARTED notification to its
 * CLOSED one (the connection's socket context). */
struct conn_watch {
    struct conn_watch *prev, *next;   /* the server's list, under watch_mu */
    int fd;
    _Atomic int64_t waiting_since_us; /* waiting for headers since; 0 = not */
    _Atomic int64_t sending_since_us; /* answer queued at; 0 = not sending */
    _Atomic uint64_t sending_bytes;   /* size of that answer's body */
    _Atomic int64_t body_since_us;    /* request whose body is still due began at; 0 = none */
    _Atomic uint64_t body_bytes;      /* body bytes handed to us so far */
    uint64_t seen_bytes;              /* the watchdog's: body_bytes at its last look */
    int gone_ticks;                   /* the watchdog's: looks the peer had hung up at */
};

struct http_server {
    struct MHD_Daemon *d;
    struct MHD_Daemon *ops_d;         /* metrics-listen, or NULL */
    const struct http_env *env;
    int port;
    int ops_port;
    char *tls_cert, *tls_key;         /* PEM, read at start; the key wiped at the end */
    size_t tls_cert_len, tls_key_len;
    atomic_int inflight;
    atomic_int draining;              /* http_stop began: answers say Connection: close */
    _Atomic uint64_t body_bytes;      /* buffer bytes held by bodies in flight */
    pthread_mutex_t watch_mu;         /* guards the list and every shutdown() */
    struct conn_watch *watch_head;
    pthread_t watchdog;
    int watchdog_started;
    atomic_int stopping;
    /* Two queues of requests with complete bodies, oldest first, under one
     * mutex: the work (cfg->threads workers) and the ops (/healthz, one
     * thread), so a health check never waits behind the work. */
    pthread_mutex_t q_mu;
    int q_closing;          /* under q_mu: nothing more is queued */
    struct work_queue {
        struct http_server *srv;
        pthread_cond_t cv;
        struct request_ctx *head, *tail;
    } work, ops;
    int nworkers;           /* started, the ops thread included */
    pthread_t *workers;     /* cfg->threads + 1 */
};

/* Slowest body accepted once the request is request-timeout seconds old:
 * 1 KiB/s, far below any real uplink, far above a slow-loris trickle. */
#define BODY_MIN_RATE 1024

enum request_phase {
    PHASE_READING = 0,     /* headers and body arriving */
    PHASE_QUEUED,          /* suspended, waiting for or in a worker */
    PHASE_ANSWERED         /* resumed with rs filled in, to be sent */
};

struct request_ctx {
    struct http_request rq;
    struct http_server *srv;
    struct request_ctx *next;  /* in the work queue */
    enum request_phase phase;
    struct http_response rs;   /* the answer a worker made */
    int64_t start_us;
    unsigned int status;   /* status sent, for the log line */
    int refused;           /* an answer was queued before the body was read */
    uint64_t received;     /* body bytes seen so far */
    size_t charged;        /* bytes of body-budget this request holds */
    size_t precheck_at;    /* an application: pre-scan the body once it holds this many
                              bytes (then twice as many); 0 = not an application */
};

static int64_t now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Is this body arriving too slowly to be let hold its connection? */
static int body_too_slow(const struct request_ctx *c)
{
    int64_t late_us = now_us() - c->start_us -
                      (int64_t)c->srv->env->cfg->request_timeout * 1000000;

    return late_us > 0 && c->received < (uint64_t)(late_us / 1000000 + 1) * BODY_MIN_RATE;
}

/* The watch entry of a connection, or NULL (not watched: out of memory). */
static struct conn_watch *conn_watch_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

    return ci != NULL ? ci->socket_context : NULL;
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    struct http_server *srv = cls;
    struct conn_watch *w;

    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        *socket_context = NULL;
        if (ci == NULL || (w = calloc(1, sizeof *w)) == NULL)
            return; /* unwatched: libmicrohttpd's idle timeout still applies */
        w->fd = ci->connect_fd;
        atomic_store(&w->waiting_since_us, now_us());
        pthread_mutex_lock(&srv->watch_mu);
        w->next = srv->watch_head;
        if (w->next != NULL)
            w->next->prev = w;
        srv->watch_head = w;
        pthread_mutex_unlock(&srv->watch_mu);
        *socket_context = w;
        return;
    }
    w = *socket_context;
    if (w == NULL)
        return;
    pthread_mutex_lock(&srv->watch_mu);
    if (w->prev != NULL)
        w->prev->next = w->next;
    else
        srv->watch_head = w->next;
    if (w->next != NULL)
        w->next->prev = w->prev;
    pthread_mutex_unlock(&srv->watch_mu);
    free(w);
    *socket_context = NULL;
}

/* Has a request's body stopped for good? Either the client hung up before
 * sending all of it (POLLRDHUP, seen on two looks with no byte delivered
 * between them, so a body still in the socket buffer is not taken for one),
 * or it has moved slower than BODY_MIN_RATE since request-timeout. This is
 * checked here and not only as bytes arrive because libmicrohttpd can stop
 * reading a connection whose chunked framing it cannot follow, and then
 * neither delivers bytes nor notices the hang-up until its idle timeout,
 * holding the body's share of body-budget meanwhile (seen under
 * `make test-hostile`: 42 such connections for 30 s). Watchdog thread. */
static int body_stalled(struct http_server *srv, struct conn_watch *w, int64_t now)
{
    int64_t since = atomic_load(&w->body_since_us), late;
    uint64_t got = atomic_load(&w->body_bytes);
    struct pollfd p = {w->fd, POLLRDHUP, 0};

    if (since == 0) {
        w->gone_ticks = 0;
        return 0;
    }
    if (poll(&p, 1, 0) == 1 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0 &&
        got == w->seen_bytes) {
        if (++w->gone_ticks >= 2) {
            metrics_cut(CUT_HUNG_UP);
            fprintf(stderr, "tierd: a client hung up after %llu body bytes of a request it "
                            "never finished; connection closed\n",
                    (unsigned long long)got);
            return 1;
        }
    } else {
        w->gone_ticks = 0;
    }
    w->seen_bytes = got;
    late = now - since - (int64_t)srv->env->cfg->request_timeout * 1000000;
    if (late > 0 && got < (uint64_t)(late / 1000000 + 1) * BODY_MIN_RATE) {
        metrics_cut(CUT_SLOW);
        fprintf(stderr, "tierd: a request's body arrived slower than %d bytes/s (%llu bytes) "
                        "after the first %d s; connection closed\n",
                BODY_MIN_RATE, (unsigned long long)got, srv->env->cfg->request_timeout);
        return 1;
    }
    return 0;
}

/* Shut the sockets of connections that have waited for a request's headers
 * longer than request-timeout, or whose answer has not left in
 * request-timeout plus a second per BODY_MIN_RATE bytes (a client that reads
 * a byte at a time), checking every quarter of a second. One more second of
 * grace leaves a merely idle connection to libmicrohttpd's own timeout, so
 * what is shut here is what kept trickling without finishing. */
static void *watchdog_run(void *arg)
{
    struct http_server *srv = arg;
    const int64_t limit_us = ((int64_t)srv->env->cfg->request_timeout + 1) * 1000000;
    const struct timespec tick = {0, 250 * 1000 * 1000};

    while (!atomic_load(&srv->stopping)) {
        int64_t now = now_us();
        nanosleep(&tick, NULL);
        pthread_mutex_lock(&srv->watch_mu);
        for (struct conn_watch *w = srv->watch_head; w != NULL; w = w->next) {
            int64_t since = atomic_load(&w->waiting_since_us);
            int64_t sending = atomic_load(&w->sending_since_us);
            if (since != 0 && now - since > limit_us) {
                atomic_store(&w->waiting_since_us, 0);
                shutdown(w->fd, SHUT_RDWR);
                metrics_cut(CUT_SLOW);
                fprintf(stderr, "tierd: a request's headers took over %d s (a slow or "
                                "stalled client); connection closed\n",
                        srv->env->cfg->request_timeout);
            }
            if (body_stalled(srv, w, now)) {
                atomic_store(&w->body_since_us, 0);
                shutdown(w->fd, SHUT_RDWR);
            }
            if (sending != 0 &&
                now - sending > limit_us + (int64_t)(atomic_load(&w->sending_bytes) /
                                                     BODY_MIN_RATE) * 1000000) {
                atomic_store(&w->sending_since_us, 0);
                shutdown(w->fd, SHUT_RDWR);
                metrics_cut(CUT_SLOW);
                fprintf(stderr, "tierd: an answer of %llu bytes was read slower than %d "
                                "bytes/s; connection closed\n",
                        (unsigned long long)atomic_load(&w->sending_bytes), BODY_MIN_RATE);
            }
        }
        pthread_mutex_unlock(&srv->watch_mu);
    }
    return NULL;
}

const char *http_header(const struct http_request *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

void http_client_address(const struct http_request *rq, char *out, size_t cap)
{
    const union MHD_ConnectionInfo *ci =
        rq->conn ? MHD_get_connection_info(rq->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS) : NULL;
    const struct sockaddr *sa = ci ? ci->client_addr : NULL;

    out[0] = '\0';
    if (sa != NULL && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  (socklen_t)cap);
    else if (sa != NULL && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  (socklen_t)cap);
}

void http_peer(const struct http_request *rq, char *out, size_t cap)
{
    http_client_address(rq, out, cap);
    if (out[0] == '\0')
        snprintf(out, cap, "?");
}

const char *http_query(const struct http_request *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

void http_error(struct http_response *rs, unsigned int status, const char *code,
                const char *fmt, ...)
{
    char msg[2048];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    rs->status = status;
    rs->content_type = "application/xml; charset=utf-8";
    buf_reset(&rs->body);
    buf_printf(&rs->body,
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<error xmlns=\"urn:tierd:error:1\" status=\"%u\">\n  <code>",
               status);
    buf_adds_xml(&rs->body, code);
    buf_adds(&rs->body, "</code>\n  <message>");
    buf_adds_xml(&rs->body, msg);
    buf_adds(&rs->body, "</message>\n</error>\n");
}

/* Match "/v1/submissions/{id}" against a path, capturing {…} segments. */
static int match(const char *pattern, const char *path, struct http_request *rq)
{
    const char *p = pattern, *s = path;
    int n = 0;

    while (*p != '\0' && *s != '\0') {
        if (*p == '{') {
            const char *pe = strchr(p, '}');
            const char *se = strchr(s, '/');
            size_t len;
            if (pe == NULL)
                return 0;
            if (se == NULL)
                se = s + strlen(s);
            len = (size_t)(se - s);
            if (len == 0 || len >= HTTP_PARAM_MAX || n >= HTTP_MAX_PARAMS)
                return 0;
            memcpy(rq->params[n], s, len);
            rq->params[n][len] = '\0';
            n++;
            p = pe + 1;
            s = se;
            continue;
        }
        if (*p != *s)
            return 0;
        p++;
        s++;
    }
    if (*p != '\0' || *s != '\0')
        return 0;
    rq->nparams = n;
    return 1;
}

static void dispatch(struct request_ctx *c, struct http_response *rs)
{
    int n, path_matched = 0;
    const struct http_route *routes = http_routes(&n);
    char allow[64] = "";

    for (int i = 0; i < n; i++) {
        if (!match(routes[i].pattern, c->rq.path, &c->rq))
            continue;
        if (strcmp(routes[i].method, c->rq.method) == 0 ||
            (strcmp(c->rq.method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0)) {
            c->rq.route = i;
            routes[i].fn(&c->rq, rs);
            return;
        }
        if (!path_matched)
            c->rq.route = i;
        path_matched = 1;
        if (strstr(allow, routes[i].method) == NULL) {
            size_t l = strlen(allow);
            snprintf(allow + l, sizeof allow - l, "%s%s", l ? ", " : "", routes[i].method);
        }
    }
    if (path_matched) {
        snprintf(rs->allow, sizeof rs->allow, "%s", allow);
        http_error(rs, 405, "method-not-allowed", "%s is not allowed on %s; allowed: %s",
                   c->rq.method, c->rq.path, allow);
        return;
    }
    c->rq.route = -1;
    http_error(rs, 404, "not-found", "no resource at %s", c->rq.path);
}

/* Queue rs on conn. `close_after`: the connection is closed once it is
 * sent (a refusal before the body was read; or the server is draining). */
static enum MHD_Result respond(struct MHD_Connection *conn, struct request_ctx *c,
                               struct http_response *rs, int close_after)
{
    struct conn_watch *w = conn_watch_of(conn);
    struct MHD_Response *r;
    enum MHD_Result ret;
    size_t len;
    char *body = buf_detach(&rs->body, &len);
    char num[16];

    if (body == NULL)
        return MHD_NO;
    r = MHD_create_response_from_buffer_with_free_callback(len, body, free);
    if (r == NULL) {
        free(body);
        return MHD_NO;
    }
    if (rs->page) {
        for (const struct web_header *h = web_page_headers; h->name != NULL; h++)
            MHD_add_response_header(r, h->name, h->value);
        if (rs->set_cookie[0])
            MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, rs->set_cookie);
    } else {
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                                rs->content_type ? rs->content_type
                                                 : "text/plain; charset=utf-8");
        MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
        MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
                                rs->cache_control[0] ? rs->cache_control : "no-store");
        for (const struct web_header *h = rs->headers; h != NULL && h->name != NULL; h++)
            MHD_add_response_header(r, h->name, h->value);
    }
    if (rs->etag[0])
        MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, rs->etag);
    if (rs->last_modified[0])
        MHD_add_response_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, rs->last_modified);
    if (rs->location[0])
        MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, rs->location);
    if (rs->allow[0])
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, rs->allow);
    if (rs->retry_after > 0) {
        snprintf(num, sizeof num, "%d", rs->retry_after);
        MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, num);
    }
    if (close_after || (c != NULL && atomic_load(&c->srv->draining)))
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    if (w != NULL) {
        atomic_store(&w->sending_bytes, (uint64_t)len);
        atomic_store(&w->sending_since_us, now_us());
    }
    if (c != NULL)
        c->status = rs->status;
    ret = MHD_queue_response(conn, rs->status, r);
    MHD_destroy_response(r);
    return ret;
}

/* Suspend a request whose body is complete and put it on queue q; -1 when
 * the workers are closing (the caller answers 503 itself). The connection is
 * suspended before a worker can see it, so the worker's resume never comes
 * first. Called on libmicrohttpd's thread, from the handler. */
static int enqueue(struct work_queue *q, struct request_ctx *c)
{
    struct http_server *srv = q->srv;

    pthread_mutex_lock(&srv->q_mu);
    if (srv->q_closing) {
        pthread_mutex_unlock(&srv->q_mu);
        return -1;
    }
    MHD_suspend_connection(c->rq.conn);
    c->phase = PHASE_QUEUED;
    c->next = NULL;
    if (q->tail != NULL)
        q->tail->next = c;
    else
        q->head = c;
    q->tail = c;
    pthread_cond_signal(&q->cv);
    pthread_mutex_unlock(&srv->q_mu);
    return 0;
}

/* A worker of one queue: take the oldest request, run its handler, hand the
 * answer back. On closing it empties its queue first, so no connection stays
 * suspended. */
static void *worker_run(void *arg)
{
    struct work_queue *q = arg;
    struct http_server *srv = q->srv;

    for (;;) {
        struct request_ctx *c;
        struct MHD_Connection *conn;

        pthread_mutex_lock(&srv->q_mu);
        while (q->head == NULL && !srv->q_closing)
            pthread_cond_wait(&q->cv, &srv->q_mu);
        c = q->head;
        if (c == NULL) {
            pthread_mutex_unlock(&srv->q_mu);
            return NULL;
        }
        q->head = c->next;
        if (q->head == NULL)
            q->tail = NULL;
        pthread_mutex_unlock(&srv->q_mu);

        memset(&c->rs, 0, sizeof c->rs);
        buf_init(&c->rs.body, HTTP_RESPONSE_MAX);
        dispatch(c, &c->rs);
        if (strcmp(c->rq.method, "HEAD") == 0)
            buf_reset(&c->rs.body);
        conn = c->rq.conn;
        c->phase = PHASE_ANSWERED;
        MHD_resume_connection(conn); /* c belongs to libmicrohttpd's thread again */
    }
}

/* Stop queueing, let the workers answer what is queued, and join them. */
static void workers_stop(struct http_server *srv)
{
    pthread_mutex_lock(&srv->q_mu);
    srv->q_closing = 1;
    pthread_cond_broadcast(&srv->work.cv);
    pthread_cond_broadcast(&srv->ops.cv);
    pthread_mutex_unlock(&srv->q_mu);
    for (int i = 0; i < srv->nworkers; i++)
        pthread_join(srv->workers[i], NULL);
    srv->nworkers = 0;
}

/* Send head and rs's body as one TLS record on the session, then a
 * close_notify. 0, or -1 when the session would not take it all now (the
 * socket is non-blocking; the connection is then just closed). */
static int tls_send_refusal(gnutls_session_t tls, const char *head, size_t n,
                            const struct http_response *rs)
{
    char rec[2048];

    if (n + rs->body.len > sizeof rec)
        return -1;
    memcpy(rec, head, n);
    memcpy(rec + n, rs->body.data, rs->body.len);
    if (gnutls_record_send(tls, rec, n + rs->body.len) != (ssize_t)(n + rs->body.len))
        return -1;
    (void)gnutls_bye(tls, GNUTLS_SHUT_WR); /* best effort: the FIN follows anyway */
    return 0;
}

/* Write a refusal straight to the socket of a request whose body is still
 * arriving. libmicrohttpd 0.9.75 queues a response only before the body or
 * after all of it, and reading the rest of an over-cap body to its end is
 * what let a trickle hold a connection and memory; so the answer (a few
 * hundred bytes, into a socket with nothing else pending: the previous answer
 * on it was sent before this request began) is written here, the write side
 * is shut so it ends with a FIN, what the client already sent is read and
 * dropped so that the close that follows is less likely to be a reset, and
 * the caller returns MHD_NO. Over HTTPS the same bytes go through the TLS
 * session libmicrohttpd holds (MHD_CONNECTION_INFO_GNUTLS_SESSION): this runs
 * on libmicrohttpd's thread inside its call for this connection, so nothing
 * else writes to the session meanwhile, and no record of the previous answer
 * is half-sent (it was sent in full before this request began). The answer
 * goes as one record, then a close_notify, then the FIN. */
static void refuse_mid_body(struct MHD_Connection *conn, struct request_ctx *c,
                            struct http_response *rs)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    /* NULL on a plain-HTTP daemon (the metrics address is one) */
    const union MHD_ConnectionInfo *ti =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_GNUTLS_SESSION);
    char head[512], sink[4096];
    int n;

    c->status = rs->status;
    if (ci == NULL)
        return;
    n = snprintf(head, sizeof head,
                 "HTTP/1.1 %u %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
                 "Connection: close\r\nCache-Control: no-store\r\n"
                 "X-Content-Type-Options: nosniff\r\n%s%.0d%s\r\n",
                 rs->status,
                 rs->status == 413   ? "Content Too Large"
                 : rs->status == 422 ? "Unprocessable Content"
                                     : "Service Unavailable",
                 rs->content_type, rs->body.len, rs->retry_after > 0 ? "Retry-After: " : "",
                 rs->retry_after, rs->retry_after > 0 ? "\r\n" : "");
    if (n <= 0 || (size_t)n >= sizeof head)
        return;
    if (ti != NULL && ti->tls_session != NULL) {
        if (tls_send_refusal((gnutls_session_t)ti->tls_session, head, (size_t)n, rs) != 0)
            return;
    } else if (send(ci->connect_fd, head, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT) != n ||
        send(ci->connect_fd, rs->body.data, rs->body.len, MSG_NOSIGNAL | MSG_DONTWAIT) !=
            (ssize_t)rs->body.len)
        return;
    shutdown(ci->connect_fd, SHUT_WR);
    for (int i = 0; i < 64; i++) {
        if (recv(ci->connect_fd, sink, sizeof sink, MSG_DONTWAIT) <= 0)
            break;
    }
}

/* Send rs, a refusal made on libmicrohttpd's thread, and close after it. */
static enum MHD_Result refuse_with(struct MHD_Connection *conn, struct request_ctx *c,
                                   struct http_response *rs)
{
    c->refused = 1;
    if (c->received == 0)
        return respond(conn, c, rs, 1);
    refuse_mid_body(conn, c, rs);
    return MHD_NO; /* libmicrohttpd closes the connection on our return */
}

/* Answer a refusal made on libmicrohttpd's thread, and close after it. */
static enum MHD_Result refuse(struct MHD_Connection *conn, struct request_ctx *c,
                              unsigned int status, const char *code, int retry_after,
                              const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static enum MHD_Result refuse(struct MHD_Connection *conn, struct request_ctx *c,
                              unsigned int status, const char *code, int retry_after,
                              const char *fmt, ...)
{
    struct http_response rs;
    enum MHD_Result ret;
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    memset(&rs, 0, sizeof rs);
    buf_init(&rs.body, HTTP_RESPONSE_MAX);
    http_error(&rs, status, code, "%s", msg);
    rs.retry_after = retry_after;
    ret = refuse_with(conn, c, &rs);
    buf_free(&rs.body);
    return ret;
}

/* Count the framing headers of a request: Content-Length and
 * Transfer-Encoding, each however often it was sent. */
struct framing {
    int content_length, transfer_encoding;
};

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    struct framing *f = cls;

    (void)kind;
    (void)value;
    if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
        f->content_length++;
    else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0)
        f->transfer_encoding++;
    return MHD_YES;
}

/* Return the budget a request holds. */
static void body_release(struct request_ctx *c)
{
    if (c->charged > 0)
        atomic_fetch_sub(&c->srv->body_bytes, (uint64_t)c->charged);
    c->charged = 0;
}

/* Keep one piece of a body, charging what the buffer grows by to the
 * budget. 0; 413 over max-body; 503 when the budget is spent (the buffer is
 * then released at once, not when the connection closes). */
static unsigned int body_take(struct request_ctx *c, const char *data, size_t n)
{
    const struct tier_config *cfg = c->srv->env->cfg;
    size_t before = c->rq.body.alloc, grown;

    if (c->received > cfg->max_body)
        return 413;
    if (buf_add(&c->rq.body, data, n) != 0)
        return c->rq.body.len + n > cfg->max_body ? 413 : 503;
    grown = c->rq.body.alloc - before;
    if (grown == 0)
        return 0;
    c->charged += grown;
    if (atomic_fetch_add(&c->srv->body_bytes, (uint64_t)grown) + grown > cfg->body_budget) {
        body_release(c);
        buf_free(&c->rq.body);
        return 503;
    }
    return 0;
}

/* Is this an operational request, served apart from the work queue? */
static int is_ops(const char *method, const char *url, const char *path)
{
    return (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) &&
           strcmp(url, path) == 0;
}

/* /metrics on libmicrohttpd's own thread: memory only, it never waits. */
static enum MHD_Result answer_metrics(struct MHD_Connection *conn, struct request_ctx *c,
                                      const struct http_env *env)
{
    struct http_response rs;
    enum MHD_Result ret;
    int n;
    const struct http_route *routes = http_routes(&n);

    memset(&rs, 0, sizeof rs);
    buf_init(&rs.body, HTTP_RESPONSE_MAX);
    for (int i = 0; i < n; i++) {
        if (strcmp(routes[i].pattern, "/metrics") == 0) {
            struct http_request rq = {.env = env, .conn = conn, .method = "GET",
                                      .path = "/metrics", .route = i};
            if (c != NULL)
                c->rq.route = i;
            routes[i].fn(&rq, &rs);
            break;
        }
    }
    if (c != NULL && strcmp(c->rq.method, "HEAD") == 0)
        buf_reset(&rs.body);
    ret = respond(conn, c, &rs, 0);
    buf_free(&rs.body);
    return ret;
}

/* The first bytes of an application may already show it over the pre-scan's
 * bounds (a root with 100,000 attributes shows it in its first 400 bytes):
 * then it is refused 422 now, as over max-body, instead of after the whole
 * body has arrived and waited for a worker. The bounds only grow with the
 * document, so a prefix refused is a document refused, with the same
 * message. This runs on libmicrohttpd's one network thread, so its work is
 * bounded per request: the first PRECHECK_BYTES only, scanned when the body
 * reaches precheck_at bytes, which then doubles (at most 2 x PRECHECK_BYTES
 * scanned in all, one scan when the first piece brings them all: 0.16 ms for
 * 4 KiB of nothing but '<', the scan's worst case, measured at 42 ms per
 * MiB, so a client cannot buy much of this thread's time). A document's
 * root and first elements lie in its first 4 KiB, and an element with too
 * many attributes shows within a few hundred bytes of its start; what lies
 * further in is the worker's full scan's to find. */
#define PRECHECK_BYTES (4u << 10)

static enum MHD_Result precheck(struct MHD_Connection *conn, struct request_ctx *c, int *refused)
{
    struct ingest_errors *errs;
    struct http_response rs;
    enum MHD_Result ret;
    size_t n = c->rq.body.len < PRECHECK_BYTES ? c->rq.body.len : PRECHECK_BYTES;
    int st;

    *refused = 0;
    if (c->precheck_at == 0 || c->rq.body.len < c->precheck_at)
        return MHD_YES;
    c->precheck_at = n == PRECHECK_BYTES ? 0 : (n * 2 < PRECHECK_BYTES ? n * 2 : PRECHECK_BYTES);
    errs = calloc(1, sizeof *errs);
    if (errs == NULL)
        return MHD_YES; /* the worker's full scan still comes */
    st = registry_submit_precheck(c->rq.body.data, n, errs);
    if (st == 0) {
        free(errs);
        return MHD_YES;
    }
    memset(&rs, 0, sizeof rs);
    buf_init(&rs.body, HTTP_RESPONSE_MAX);
    render_rejection(&rs, (enum ingest_status)st, errs, NULL);
    metrics_submission(-1, OUTCOME_INVALID);
    fprintf(stderr, "tierd: %s %s: refused after %llu bytes, before the rest arrived: %s\n",
            c->rq.method, c->rq.path, (unsigned long long)c->received,
            errs->count > 0 ? errs->e[0].message : "over the pre-scan's bounds");
    *refused = 1;
    ret = refuse_with(conn, c, &rs);
    buf_free(&rs.body);
    free(errs);
    return ret;
}

/* The first call for a request (its headers are complete): refuse what can
 * be refused before a byte of the body is read. */
static enum MHD_Result request_begin(struct http_server *srv, struct MHD_Connection *conn,
                                     struct request_ctx *c)
{
    const struct tier_config *cfg = srv->env->cfg;
    struct framing f = {0, 0};
    const char *cl;

    MHD_get_connection_values(conn, MHD_HEADER_KIND, count_framing, &f);
    if (f.content_length > 1 || (f.content_length > 0 && f.transfer_encoding > 0) ||
        f.transfer_encoding > 1) {
        metrics_cut(CUT_FRAMING);
        return refuse(conn, c, 400, "ambiguous-framing", 0,
                      "%s %s: the request has %d Content-Length and %d Transfer-Encoding "
                      "headers; send exactly one of them, once, so that every reader on the "
                      "way sees the same body",
                      c->rq.method, c->rq.path, f.content_length, f.transfer_encoding);
    }
    cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl != NULL) {
        char *end;
        unsigned long long n;

        errno = 0;
        n = strtoull(cl, &end, 10);
        if (errno != 0 || end == cl || *end != '\0' || n > cfg->max_body) {
            metrics_cut(CUT_TOO_LARGE);
            return refuse(conn, c, 413, "too-large", 0,
                          "%s %s: the declared body of %.40s bytes is over the limit of %zu "
                          "bytes (max-body); nothing of it was read",
                          c->rq.method, c->rq.path, cl, cfg->max_body);
        }
    }
    {
        const char *ct =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
        if (strcmp(c->rq.method, "POST") == 0 && strcmp(c->rq.path, "/v1/submissions") == 0 &&
            ct != NULL && strncasecmp(ct, "application/xml", 15) == 0)
            c->precheck_at = 1; /* from the first piece of the body on */
    }
    return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **con_cls)
{
    struct http_server *srv = cls;
    struct request_ctx *c = *con_cls;
    enum MHD_Result ret;

    (void)version;
    if (c == NULL) {
        struct conn_watch *w = conn_watch_of(conn);

        c = calloc(1, sizeof *c);
        if (c == NULL)
            return MHD_NO;
        c->srv = srv;
        c->start_us = now_us();
        c->rq.env = srv->env;
        c->rq.conn = conn;
        c->rq.method = method;
        c->rq.path = url;
        c->rq.route = -1;
        buf_init(&c->rq.body, srv->env->cfg->max_body);
        *con_cls = c;
        atomic_fetch_add(&srv->inflight, 1);
        if (w != NULL) {
            atomic_store(&w->body_bytes, 0);
            atomic_store(&w->body_since_us, c->start_us); /* until the body is complete */
            atomic_store(&w->waiting_since_us, 0);        /* the headers are complete */
        }
        return request_begin(srv, conn, c);
    }
    if (c->refused) {
        *upload_size = 0; /* answered already; libmicrohttpd closes after sending */
        return MHD_YES;
    }

    if (*upload_size != 0) {
        struct conn_watch *w = conn_watch_of(conn);
        unsigned int st;

        c->received += *upload_size;
        if (w != NULL)
            atomic_store(&w->body_bytes, c->received);
        st = body_take(c, upload, *upload_size);
        *upload_size = 0;
        if (st == 413) {
            metrics_cut(CUT_TOO_LARGE);
            return refuse(conn, c, 413, "too-large", 0,
                          "%s %s: the body is over the limit of %zu bytes (max-body); it was "
                          "cut off after %llu bytes and the rest is not read",
                          method, url, srv->env->cfg->max_body,
                          (unsigned long long)c->received);
        }
        if (st == 503) {
            metrics_cut(CUT_BUDGET);
            fprintf(stderr, "tierd: %s %s: the memory for request bodies (body-budget %zu "
                            "bytes) is spent; answered 503\n",
                    method, url, srv->env->cfg->body_budget);
            return refuse(conn, c, 503, "busy", 5,
                          "%s %s: the registry holds as many request bodies in memory as it "
                          "may (body-budget); send it again in a few seconds",
                          method, url);
        }
        {
            int refused;
            enum MHD_Result r = precheck(conn, c, &refused);
            if (refused)
                return r;
        }
        if (body_too_slow(c)) {
            metrics_cut(CUT_SLOW);
            fprintf(stderr, "tierd: %s %s: %llu body bytes in %lld s, slower than %d bytes/s "
                            "after the first %d s; connection closed\n",
                    method, url, (unsigned long long)c->received,
                    (long long)((now_us() - c->start_us) / 1000000), BODY_MIN_RATE,
                    srv->env->cfg->request_timeout);
            return MHD_NO;
        }
        return MHD_YES;
    }

    if (c->phase == PHASE_ANSWERED) {
        ret = respond(conn, c, &c->rs, 0);
        buf_free(&c->rs.body);
        return ret;
    }
    if (c->phase == PHASE_QUEUED)
        return MHD_YES; /* not expected while suspended; the worker resumes it */
    {
        struct conn_watch *w = conn_watch_of(conn);
        if (w != NULL)
            atomic_store(&w->body_since_us, 0); /* the body is complete */
    }
    if (is_ops(method, url, "/metrics"))
        return answer_metrics(conn, c, srv->env);
    c->rq.queued_ms = now_us() / 1000;
    if (enqueue(is_ops(method, url, "/healthz") ? &srv->ops : &srv->work, c) == 0)
        return MHD_YES;
    return refuse(conn, c, 503, "shutting-down", 5,
                  "the registry is shutting down and takes no more requests; try again "
                  "shortly");
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct http_server *srv = cls;
    struct request_ctx *c = *con_cls;
    struct conn_watch *w = conn_watch_of(conn);
    int64_t us;

    if (w != NULL) {
        atomic_store(&w->sending_since_us, 0);
        atomic_store(&w->body_since_us, 0);
        atomic_store(&w->waiting_since_us, now_us()); /* for the next request */
    }
    if (c == NULL)
        return;
    body_release(c);
    us = now_us() - c->start_us;
    /* A request that ended without a response (timeout, client gone) is
     * logged with status 0 so it is still visible. */
    fprintf(stderr, "%s %s %u %lld%s\n", c->rq.method, c->rq.path, c->status, (long long)us,
            toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (connection ended early)");
    metrics_record(c->rq.route, c->status, us);
    buf_free(&c->rq.body);
    buf_free(&c->rs.body); /* an answer never sent (the client went away) */
    free(c);
    *con_cls = NULL;
    atomic_fetch_sub(&srv->inflight, 1);
}

/* The server's memory, once libmicrohttpd and every thread have stopped. */
static void server_free(struct http_server *srv)
{
    workers_stop(srv);
    pthread_mutex_destroy(&srv->watch_mu);
    pthread_mutex_destroy(&srv->q_mu);
    pthread_cond_destroy(&srv->work.cv);
    pthread_cond_destroy(&srv->ops.cv);
    free(srv->workers);
    file_wipe_free(srv->tls_key, srv->tls_key_len);
    file_wipe_free(srv->tls_cert, srv->tls_cert_len);
    free(srv);
}

/* TLS for the API address (libmicrohttpd over GnuTLS): the certificate chain
 * and the key are read now, at start; the key must be a 0600 file. TLS 1.2
 * and 1.3 only. Fills opts (ending with MHD_OPTION_END) and adds MHD_USE_TLS
 * to *flags. 0, or -1 with a sentence in err. */
#define TLS_FILE_MAX (256u << 10)
#define TLS_PRIORITIES "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"

static int tls_setup(struct http_server *srv, struct MHD_OptionItem opts[4], unsigned int *flags,
                     char *err, size_t errsz)
{
    const struct tier_config *cfg = srv->env->cfg;

    opts[0] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
    if (cfg->tls_cert[0] == '\0' && cfg->tls_key[0] == '\0')
        return 0;
    if (cfg->tls_cert[0] == '\0' || cfg->tls_key[0] == '\0') {
        snprintf(err, errsz, "tls-cert and tls-key go together: set both for HTTPS, or "
                             "neither for plain HTTP behind a TLS proxy");
        return -1;
    }
    if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
        snprintf(err, errsz, "tls-cert: this libmicrohttpd was built without TLS; terminate "
                             "TLS in a reverse proxy instead");
        return -1;
    }
    if (file_read_checked("tls-cert", cfg->tls_cert, 0, TLS_FILE_MAX, &srv->tls_cert,
                          &srv->tls_cert_len, err, errsz) != 0 ||
        file_read_checked("tls-key", cfg->tls_key, 1, TLS_FILE_MAX, &srv->tls_key,
                          &srv->tls_key_len, err, errsz) != 0)
        return -1;
    opts[0] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0, srv->tls_cert};
    opts[1] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0, srv->tls_key};
    opts[2] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)TLS_PRIORITIES};
    opts[3] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
    *flags |= MHD_USE_TLS;
    return 0;
}

/* The metrics address: GET /metrics answered at once; GET /healthz queued
 * for the ops thread like on the main address; nothing else. */
static enum MHD_Result on_ops_request(void *cls, struct MHD_Connection *conn, const char *url,
                                      const char *method, const char *version,
                                      const char *upload, size_t *upload_size,
                                      void **con_cls)
{
    struct http_server *srv = cls;

    if (*con_cls == NULL && !is_ops(method, url, "/healthz")) {
        struct http_response rs;
        enum MHD_Result ret;

        (void)upload;
        *upload_size = 0;
        if (is_ops(method, url, "/metrics"))
            return answer_metrics(conn, NULL, srv->env);
        memset(&rs, 0, sizeof rs);
        buf_init(&rs.body, HTTP_RESPONSE_MAX);
        http_error(&rs, 404, "not-found",
                   "%s %s: this address (metrics-listen) serves GET /metrics and GET /healthz "
                   "only", method, url);
        ret = respond(conn, NULL, &rs, 1);
        buf_free(&rs.body);
        return ret;
    }
    return on_request(cls, conn, url, method, version, upload, upload_size, con_cls);
}

/* Resolve host:port for listening; NULL with a sentence in err. Caller
 * frees with freeaddrinfo. */
static struct addrinfo *resolve(const char *key, const char *host, int port, char *err,
                                size_t errsz)
{
    struct addrinfo hints, *ai = NULL;
    char p[16];
    int rc;

    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    snprintf(p, sizeof p, "%d", port);
    rc = getaddrinfo(host, p, &hints, &ai);
    if (rc != 0 || ai == NULL) {
        snprintf(err, errsz, "%s: cannot resolve '%s': %s", key, host, gai_strerror(rc));
        return NULL;
    }
    return ai;
}

/* Write a bound port to a file, atomically. 0 or -1. */
static int write_port_file(const char *path, int port)
{
    char tmp[CONFIG_PATH_MAX + 8];
    FILE *f;

    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    f = fopen(tmp, "w");
    if (f == NULL)
        return -1;
    if (fprintf(f, "%d\n", port) < 0) {
        fclose(f);
        return -1;
    }
    return fclose(f) == 0 && rename(tmp, path) == 0 ? 0 : -1;
}

/* Start the metrics-listen daemon. 0 or -1 with a sentence in err. */
static int ops_listen(struct http_server *srv, char *err, size_t errsz)
{
    const struct tier_config *cfg = srv->env->cfg;
    char host[96];
    int port;
    struct addrinfo *ai;
    const union MHD_DaemonInfo *info;

    if (config_split_listen("metrics-listen", cfg->metrics_listen, host, sizeof host, &port,
                            err, errsz) != 0)
        return -1;
    ai = resolve("metrics-listen", host, port, err, errsz);
    if (ai == NULL)
        return -1;
    srv->ops_d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_AUTO |
            (ai->ai_family == AF_INET6 ? MHD_USE_IPv6 : 0),
        0, NULL, NULL, on_ops_request, srv,
        MHD_OPTION_SOCK_ADDR, ai->ai_addr,
        MHD_OPTION_CONNECTION_LIMIT, 32u,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, 8u,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cfg->request_timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 * 1024),
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_END);
    freeaddrinfo(ai);
    if (srv->ops_d == NULL) {
        snprintf(err, errsz, "metrics-listen: cannot listen on %s (in use, or not an address "
                 "of this host)", cfg->metrics_listen);
        return -1;
    }
    info = MHD_get_daemon_info(srv->ops_d, MHD_DAEMON_INFO_BIND_PORT);
    srv->ops_port = info ? info->port : port;
    if (cfg->metrics_port_file[0] && write_port_file(cfg->metrics_port_file, srv->ops_port)) {
        snprintf(err, errsz, "metrics-port-file %s: cannot write it", cfg->metrics_port_file);
        return -1;
    }
    return 0;
}

/* Stop libmicrohttpd's daemons and free everything (a failed start). */
static void start_failed(struct http_server *srv)
{
    workers_stop(srv);
    if (srv->ops_d != NULL)
        MHD_stop_daemon(srv->ops_d);
    if (srv->d != NULL)
        MHD_stop_daemon(srv->d);
    server_free(srv);
}

struct http_server *http_start(const struct http_env *env, char *err, size_t errsz)
{
    const struct tier_config *cfg = env->cfg;
    struct http_server *srv = calloc(1, sizeof *srv);
    struct addrinfo *ai = NULL;
    const union MHD_DaemonInfo *info;
    int nroutes;
    const struct http_route *routes = http_routes(&nroutes);
    struct MHD_OptionItem tls_opts[4];
    unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_AUTO;
    static const char *route_names[METRICS_MAX_ROUTES];

    if (srv == NULL) {
        snprintf(err, errsz, "out of memory");
        return NULL;
    }
    for (int i = 0; i < nroutes && i < METRICS_MAX_ROUTES; i++)
        route_names[i] = routes[i].name;
    metrics_init(route_names, nroutes);

    srv->env = env;
    pthread_mutex_init(&srv->watch_mu, NULL);
    pthread_mutex_init(&srv->q_mu, NULL);
    pthread_cond_init(&srv->work.cv, NULL);
    pthread_cond_init(&srv->ops.cv, NULL);
    srv->work.srv = srv;
    srv->ops.srv = srv;
    srv->workers = calloc((size_t)cfg->threads + 1, sizeof *srv->workers);
    if (srv->workers == NULL) {
        snprintf(err, errsz, "out of memory");
        server_free(srv);
        return NULL;
    }
    for (int i = 0; i <= cfg->threads; i++) {
        struct work_queue *q = i < cfg->threads ? &srv->work : &srv->ops;
        if (pthread_create(&srv->workers[i], NULL, worker_run, q) != 0) {
            snprintf(err, errsz, "cannot start worker thread %d of %d", i + 1, cfg->threads + 1);
            server_free(srv);
            return NULL;
        }
        srv->nworkers++;
    }
    if (tls_setup(srv, tls_opts, &flags, err, errsz) != 0) {
        server_free(srv);
        return NULL;
    }
    ai = resolve("listen", cfg->listen_host, cfg->listen_port, err, errsz);
    if (ai == NULL) {
        server_free(srv);
        return NULL;
    }
    srv->d = MHD_start_daemon(
        flags | (ai->ai_family == AF_INET6 ? MHD_USE_IPv6 : 0),
        0, NULL, NULL, on_request, srv,
        MHD_OPTION_ARRAY, tls_opts,
        MHD_OPTION_SOCK_ADDR, ai->ai_addr,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)cfg->max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)cfg->max_per_address,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cfg->request_timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
        MHD_OPTION_END);
    freeaddrinfo(ai);
    if (srv->d == NULL) {
        snprintf(err, errsz, "cannot listen on %s:%d (in use, or not an address of this "
                             "host%s)",
                 cfg->listen_host, cfg->listen_port,
                 srv->tls_key != NULL ? "; or tls-cert and tls-key are not a matching PEM "
                                        "certificate and key" : "");
        server_free(srv);
        return NULL;
    }
    info = MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : cfg->listen_port;
    if (cfg->metrics_listen[0] && ops_listen(srv, err, errsz) != 0) {
        start_failed(srv);
        return NULL;
    }
    if (cfg->port_file[0] && write_port_file(cfg->port_file, srv->port) != 0) {
        snprintf(err, errsz, "port-file %s: cannot write it", cfg->port_file);
        start_failed(srv);
        return NULL;
    }
    if (pthread_create(&srv->watchdog, NULL, watchdog_run, srv) != 0) {
        snprintf(err, errsz, "cannot start the connection watchdog thread");
        start_failed(srv);
        return NULL;
    }
    srv->watchdog_started = 1;
    return srv;
}

int http_port(const struct http_server *s)
{
    return s->port;
}

int http_tls(const struct http_server *s)
{
    return s->tls_key != NULL;
}

int http_metrics_port(const struct http_server *s)
{
    return s->ops_d != NULL ? s->ops_port : 0;
}

void http_stop(struct http_server *s, int grace_s)
{
    int64_t deadline;
    MHD_socket lfd;

    if (s == NULL)
        return;
    /* Close the listening socket now: the kernel refuses new connections
     * instead of leaving them in a backlog nobody will accept from. */
    atomic_store(&s->draining, 1);
    lfd = MHD_quiesce_daemon(s->d);
    if (lfd != MHD_INVALID_SOCKET)
        close(lfd);
    deadline = now_us() + (int64_t)grace_s * 1000000;
    while (atomic_load(&s->inflight) > 0 && now_us() < deadline)
        usleep(10000);
    if (atomic_load(&s->inflight) > 0)
        fprintf(stderr, "tierd: %d requests still in flight after the drain time of %d s; "
                        "their connections are closed\n",
                atomic_load(&s->inflight), grace_s);
    workers_stop(s); /* answers whatever is still queued: nothing stays suspended */
    atomic_store(&s->stopping, 1);
    if (s->watchdog_started)
        pthread_join(s->watchdog, NULL);
    if (s->ops_d != NULL)
        MHD_stop_daemon(s->ops_d);
    MHD_stop_daemon(s->d); /* its CLOSED notifications empty the watch list */
    server_free(s);
}
