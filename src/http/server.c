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
#include "tier/metrics.h"

#include <microhttpd.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* One open connection, from libmicrohttpd's STARTED notification to its
 * CLOSED one (the connection's socket context). */
struct conn_watch {
    struct conn_watch *prev, *next;   /* the server's list, under watch_mu */
    int fd;
    _Atomic int64_t waiting_since_us; /* waiting for headers since; 0 = not */
};

struct http_server {
    struct MHD_Daemon *d;
    const struct http_env *env;
    int port;
    atomic_int inflight;
    pthread_mutex_t watch_mu;         /* guards the list and every shutdown() */
    struct conn_watch *watch_head;
    pthread_t watchdog;
    int watchdog_started;
    atomic_int stopping;
    /* the work queue: requests with complete bodies, oldest first */
    pthread_mutex_t q_mu;
    pthread_cond_t q_cv;
    struct request_ctx *q_head, *q_tail;
    int q_closing;          /* under q_mu: nothing more is queued */
    int nworkers;           /* started */
    pthread_t *workers;
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
    int too_large;         /* body went over max-body while reading */
    uint64_t received;     /* body bytes seen so far, kept or not */
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

/* Shut the sockets of connections that have waited for a request's headers
 * longer than request-timeout, checking every quarter of a second. One more
 * second of grace leaves a merely idle connection to libmicrohttpd's own
 * timeout, so what is shut here is what kept sending without finishing. */
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
            if (since != 0 && now - since > limit_us) {
                atomic_store(&w->waiting_since_us, 0);
                shutdown(w->fd, SHUT_RDWR);
                fprintf(stderr, "tierd: a request's headers took over %d s (a slow or "
                                "stalled client); connection closed\n",
                        srv->env->cfg->request_timeout);
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

static enum MHD_Result respond(struct MHD_Connection *conn, struct request_ctx *c,
                            struct http_response *rs)
{
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
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                            rs->content_type ? rs->content_type : "text/plain; charset=utf-8");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (rs->location[0])
        MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, rs->location);
    if (rs->allow[0])
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, rs->allow);
    if (rs->retry_after > 0) {
        snprintf(num, sizeof num, "%d", rs->retry_after);
        MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, num);
    }
    c->status = rs->status;
    ret = MHD_queue_response(conn, rs->status, r);
    MHD_destroy_response(r);
    return ret;
}

/* Suspend a request whose body is complete and queue it for a worker;
 * -1 when the workers are closing (the caller answers 503 itself). The
 * connection is suspended before a worker can see it, so the worker's resume
 * never comes first. Called on libmicrohttpd's thread, from the handler. */
static int enqueue(struct http_server *srv, struct request_ctx *c)
{
    pthread_mutex_lock(&srv->q_mu);
    if (srv->q_closing) {
        pthread_mutex_unlock(&srv->q_mu);
        return -1;
    }
    MHD_suspend_connection(c->rq.conn);
    c->phase = PHASE_QUEUED;
    c->next = NULL;
    if (srv->q_tail != NULL)
        srv->q_tail->next = c;
    else
        srv->q_head = c;
    srv->q_tail = c;
    pthread_cond_signal(&srv->q_cv);
    pthread_mutex_unlock(&srv->q_mu);
    return 0;
}

/* A worker: take the oldest request, run its handler, hand the answer back.
 * On closing it empties the queue first, so no connection stays suspended. */
static void *worker_run(void *arg)
{
    struct http_server *srv = arg;

    for (;;) {
        struct request_ctx *c;
        struct MHD_Connection *conn;

        pthread_mutex_lock(&srv->q_mu);
        while (srv->q_head == NULL && !srv->q_closing)
            pthread_cond_wait(&srv->q_cv, &srv->q_mu);
        c = srv->q_head;
        if (c == NULL) {
            pthread_mutex_unlock(&srv->q_mu);
            return NULL;
        }
        srv->q_head = c->next;
        if (srv->q_head == NULL)
            srv->q_tail = NULL;
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
    pthread_cond_broadcast(&srv->q_cv);
    pthread_mutex_unlock(&srv->q_mu);
    for (int i = 0; i < srv->nworkers; i++)
        pthread_join(srv->workers[i], NULL);
    srv->nworkers = 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **con_cls)
{
    struct http_server *srv = cls;
    struct request_ctx *c = *con_cls;
    struct http_response rs;
    enum MHD_Result ret;

    (void)version;
    if (c == NULL) {
        const char *cl;

        struct conn_watch *w = conn_watch_of(conn);

        if (w != NULL)
            atomic_store(&w->waiting_since_us, 0); /* the headers are complete */
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

        cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                         MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl != NULL) {
            char *end;
            unsigned long long n = strtoull(cl, &end, 10);
            if (*end == '\0' && n > 0 && n <= srv->env->cfg->max_body)
                (void)buf_grow(&c->rq.body, (size_t)n); /* else it grows as it comes */
            if (*end != '\0' || n > srv->env->cfg->max_body) {
                memset(&rs, 0, sizeof rs);
                buf_init(&rs.body, HTTP_RESPONSE_MAX);
                http_error(&rs, 413, "too-large",
                           "the request body of %s bytes is over the limit of %zu bytes", cl,
                           srv->env->cfg->max_body);
                ret = respond(conn, c, &rs);
                buf_free(&rs.body);
                return ret;
            }
        }
        return MHD_YES;
    }

    if (*upload_size != 0) {
        c->received += *upload_size;
        if (!c->too_large && buf_add(&c->rq.body, upload, *upload_size) != 0)
            c->too_large = 1;
        *upload_size = 0;
        if (body_too_slow(c)) {
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
        ret = respond(conn, c, &c->rs);
        buf_free(&c->rs.body);
        return ret;
    }
    if (c->phase == PHASE_QUEUED)
        return MHD_YES; /* not expected while suspended; the worker resumes it */
    if (!c->too_large && enqueue(srv, c) == 0)
        return MHD_YES;
    memset(&rs, 0, sizeof rs);
    buf_init(&rs.body, HTTP_RESPONSE_MAX);
    if (c->too_large) {
        http_error(&rs, 413, "too-large", "the request body is over the limit of %zu bytes",
                   srv->env->cfg->max_body);
    } else {
        rs.retry_after = 5;
        http_error(&rs, 503, "shutting-down",
                   "the registry is shutting down and takes no more requests; try again "
                   "shortly");
    }
    ret = respond(conn, c, &rs);
    buf_free(&rs.body);
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct http_server *srv = cls;
    struct request_ctx *c = *con_cls;
    struct conn_watch *w = conn_watch_of(conn);
    int64_t us;

    if (w != NULL)
        atomic_store(&w->waiting_since_us, now_us()); /* for the next request */
    if (c == NULL)
        return;
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
    pthread_cond_destroy(&srv->q_cv);
    free(srv->workers);
    free(srv);
}

struct http_server *http_start(const struct http_env *env, char *err, size_t errsz)
{
    const struct tier_config *cfg = env->cfg;
    struct http_server *srv = calloc(1, sizeof *srv);
    struct addrinfo hints, *ai = NULL;
    const union MHD_DaemonInfo *info;
    char port[16];
    int rc, nroutes;
    const struct http_route *routes = http_routes(&nroutes);
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
    pthread_cond_init(&srv->q_cv, NULL);
    srv->workers = calloc((size_t)cfg->threads, sizeof *srv->workers);
    if (srv->workers == NULL) {
        snprintf(err, errsz, "out of memory");
        server_free(srv);
        return NULL;
    }
    for (int i = 0; i < cfg->threads; i++) {
        if (pthread_create(&srv->workers[i], NULL, worker_run, srv) != 0) {
            snprintf(err, errsz, "cannot start worker thread %d of %d", i + 1, cfg->threads);
            server_free(srv);
            return NULL;
        }
        srv->nworkers++;
    }
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    snprintf(port, sizeof port, "%d", cfg->listen_port);
    rc = getaddrinfo(cfg->listen_host, port, &hints, &ai);
    if (rc != 0 || ai == NULL) {
        snprintf(err, errsz, "listen: cannot resolve '%s': %s", cfg->listen_host,
                 gai_strerror(rc));
        server_free(srv);
        return NULL;
    }
    srv->d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_AUTO |
            (ai->ai_family == AF_INET6 ? MHD_USE_IPv6 : 0),
        0, NULL, NULL, on_request, srv,
        MHD_OPTION_SOCK_ADDR, ai->ai_addr,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)cfg->max_connections,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cfg->request_timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
        MHD_OPTION_END);
    freeaddrinfo(ai);
    if (srv->d == NULL) {
        snprintf(err, errsz, "cannot listen on %s:%d (in use, or not an address of this host)",
                 cfg->listen_host, cfg->listen_port);
        server_free(srv);
        return NULL;
    }
    info = MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : cfg->listen_port;
    if (cfg->port_file[0]) {
        char tmp[CONFIG_PATH_MAX + 8];
        FILE *f;
        snprintf(tmp, sizeof tmp, "%s.tmp", cfg->port_file);
        f = fopen(tmp, "w");
        if (f == NULL || fprintf(f, "%d\n", srv->port) < 0 || fclose(f) != 0 ||
            rename(tmp, cfg->port_file) != 0) {
            snprintf(err, errsz, "port-file %s: cannot write it", cfg->port_file);
            workers_stop(srv);
            MHD_stop_daemon(srv->d);
            server_free(srv);
            return NULL;
        }
    }
    if (pthread_create(&srv->watchdog, NULL, watchdog_run, srv) != 0) {
        snprintf(err, errsz, "cannot start the connection watchdog thread");
        workers_stop(srv);
        MHD_stop_daemon(srv->d);
        server_free(srv);
        return NULL;
    }
    srv->watchdog_started = 1;
    return srv;
}

int http_port(const struct http_server *s)
{
    return s->port;
}

void http_stop(struct http_server *s, int grace_s)
{
    int64_t deadline;

    if (s == NULL)
        return;
    MHD_quiesce_daemon(s->d);
    deadline = now_us() + (int64_t)grace_s * 1000000;
    while (atomic_load(&s->inflight) > 0 && now_us() < deadline)
        usleep(10000);
    workers_stop(s); /* answers whatever is still queued: nothing stays suspended */
    atomic_store(&s->stopping, 1);
    if (s->watchdog_started)
        pthread_join(s->watchdog, NULL);
    MHD_stop_daemon(s->d); /* its CLOSED notifications empty the watch list */
    server_free(s);
}
