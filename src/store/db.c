/*
 * db.c — MariaDB connections, the connection pool and a prepared-statement
 * helper (see include/tier/db.h).
 *
 * The pool is a fixed array of slots guarded by one mutex and a condition
 * variable. A slot's handle is NULL until first use and again after the
 * caller reports it broken; db_pool_get connects outside the lock, so a slow
 * or unreachable database blocks only the caller that needs it. There is no
 * auto-reconnect inside the connector (it would silently drop a transaction):
 * a broken connection is closed and a fresh one opened on the next get.
 *
 * Pool connections keep their prepared statements (db_stmt_cache_on): the
 * first use of an SQL text prepares it, later uses only bind and execute, so
 * a statement costs one round trip instead of a prepare, an execute and a
 * close, and the server parses it once per connection. Each cache is owned
 * by its struct db_conn, which one thread uses at a time, so it needs no
 * lock. A cache holds DB_STMT_CACHE statements and drops the least recently
 * used; a statement that fails is dropped too, so an odd state never
 * outlives its error.
 *
 * The fault hook (db_fault_arm) counts the statements of each transaction
 * on a pool connection; the armed one fails before it is sent (a server
 * error), or with the connection cut before it is sent or after it ran.
 * Cutting is a real shutdown(2) of the socket, so the server sees what it
 * sees when a network fails and rolls back whatever was not committed.
 *
 * Galera (issue 19): db-host may list several servers; a connection goes to
 * the first that answers and is ready (wsrep_ready ON, or no Galera at all).
 * A node that left the primary component answers 1047, a connection error
 * here, so the handle is closed and the caller's retry connects elsewhere;
 * when one handle breaks, the idle ones to the same server are closed too.
 * Galera may also abort a transaction between or during statements (a
 * conflicting write set from another node wins) without the statement
 * saying so: the statements after it would run outside any transaction and
 * COMMIT would succeed with nothing in it. So before every statement of a
 * transaction, COMMIT included, the server's "in transaction" flag from the
 * last answer is checked; when it is gone, the statement fails with 1213 and
 * the caller runs the whole transaction again.
 */
#include "tier/db.h"

#include "tier/config.h"

#include <errno.h>
#include <errmsg.h>
#include <mysqld_error.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define DB_MAX_PARAMS 64
#define DB_STMT_CACHE 128

struct stmt_entry {
    char *sql;          /* owned copy of the text */
    size_t len;
    uint64_t hash;
    uint64_t used;      /* tick of last use, for LRU */
    MYSQL_STMT *st;
};

struct stmt_cache {
    uint64_t tick;
    int n;
    struct stmt_entry e[DB_STMT_CACHE];
};

struct db_conn {
    MYSQL *my;
    struct stmt_cache *cache;  /* NULL: prepares every statement afresh */
    struct db_pool *pool;      /* the pool it came from (fault hook), or NULL */
    int in_tx;                 /* between db_begin and db_commit/db_rollback */
    int nth;                   /* statements run in this transaction */
    int server;                /* index in db-host's list (0 for a socket) */
};

struct fault {
    int nth;                   /* 0: disarmed */
    enum db_fault kind;
    int fired;
};

struct slot {
    struct db_conn *m;   /* NULL until connected */
    int in_use;
};

struct db_pool {
    const struct tier_config *cfg;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int n;
    struct slot *slots;
    struct fault fault;  /* under mu */
    atomic_int armed;    /* fault.nth != 0, read without mu: the hot path's only cost */
};

static atomic_uint_fast64_t db_errors;

uint64_t db_error_count(void)
{
    return atomic_load(&db_errors);
}

void db_count_error(void)
{
    atomic_fetch_add(&db_errors, 1);
}

MYSQL *db_handle(struct db_conn *c)
{
    return c->my;
}

int db_stmt_cache_on(struct db_conn *m)
{
    if (m->cache != NULL)
        return 0;
    m->cache = calloc(1, sizeof *m->cache);
    return m->cache != NULL ? 0 : -1;
}

static void entry_drop(struct stmt_entry *x)
{
    mysql_stmt_close(x->st);
    free(x->sql);
    memset(x, 0, sizeof *x);
}

void db_close(struct db_conn *m)
{
    if (m == NULL)
        return;
    if (m->cache != NULL) {
        for (int i = 0; i < m->cache->n; i++)
            entry_drop(&m->cache->e[i]);
        free(m->cache);
    }
    mysql_close(m->my);
    free(m);
}

size_t db_stmt_cached(struct db_conn *m)
{
    return m->cache != NULL ? (size_t)m->cache->n : 0;
}

/* ---- the fault hook ---------------------------------------------------------- */

void db_fault_arm(struct db_pool *p, int nth, enum db_fault kind)
{
    pthread_mutex_lock(&p->mu);
    p->fault.nth = nth > 0 ? nth : 0;
    p->fault.kind = nth > 0 ? kind : DB_FAULT_NONE;
    p->fault.fired = 0;
    atomic_store(&p->armed, p->fault.nth != 0);
    pthread_mutex_unlock(&p->mu);
}

int db_fault_fired(struct db_pool *p)
{
    int f;

    pthread_mutex_lock(&p->mu);
    f = p->fault.fired;
    pthread_mutex_unlock(&p->mu);
    return f;
}

/* Cut the connection under the connector's feet, as a network failure or a
 * killed server would: the server sees the peer go and rolls back. */
static void conn_cut(struct db_conn *m)
{
    my_socket fd = mysql_get_socket(m->my);

    if (fd >= 0)
        shutdown(fd, SHUT_RDWR);
}

/* Before a statement runs: count it, and fire the armed fault when it is the
 * one. DB_FAULT_NONE: go on; DB_FAULT_ERROR: fail it now (errnum and err
 * set); DB_FAULT_DROP: the connection is already cut, send it anyway;
 * DB_FAULT_LOST_REPLY: run it, then cut and fail. */
static enum db_fault fault_before(struct db_conn *m, unsigned int *errnum, char *err,
                                  size_t errsz)
{
    enum db_fault k = DB_FAULT_NONE;
    unsigned int status = 0;

    if (m->in_tx &&
        mariadb_get_infov(m->my, MARIADB_CONNECTION_SERVER_STATUS, &status) == 0 &&
        !(status & SERVER_STATUS_IN_TRANS)) {
        /* The server rolled the transaction back under us (see the top). */
        snprintf(err, errsz, "the server ended the transaction before its statement %d (a "
                             "Galera conflict aborted it); it must run again", m->nth + 1);
        if (errnum != NULL)
            *errnum = ER_LOCK_DEADLOCK;
        db_count_error();
        return DB_FAULT_ERROR;
    }
    if (m->pool == NULL || !m->in_tx)
        return DB_FAULT_NONE;
    m->nth++;
    if (!atomic_load_explicit(&m->pool->armed, memory_order_relaxed))
        return DB_FAULT_NONE;
    pthread_mutex_lock(&m->pool->mu);
    if (m->pool->fault.nth == m->nth && m->pool->fault.kind != DB_FAULT_NONE) {
        k = m->pool->fault.kind;
        m->pool->fault.nth = 0;
        m->pool->fault.kind = DB_FAULT_NONE;
        m->pool->fault.fired = 1;
        atomic_store(&m->pool->armed, 0);
    }
    pthread_mutex_unlock(&m->pool->mu);
    if (k == DB_FAULT_ERROR) {
        snprintf(err, errsz, "injected fault at statement %d of the transaction", m->nth);
        if (errnum != NULL)
            *errnum = ER_UNKNOWN_ERROR;
        db_count_error();
    } else if (k == DB_FAULT_DROP) {
        conn_cut(m);
    }
    return k;
}

/* After a statement ran under DB_FAULT_LOST_REPLY: the answer never arrives. */
static int fault_after(struct db_conn *m, unsigned int *errnum, char *err, size_t errsz)
{
    conn_cut(m);
    snprintf(err, errsz, "injected fault: connection lost after statement %d", m->nth);
    if (errnum != NULL)
        *errnum = CR_SERVER_LOST;
    db_count_error();
    return -1;
}

static uint64_t sql_hash(const char *s, size_t n)
{
    uint64_t h = 14695981039346656037ull; /* FNV-1a */

    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

/*
 * A prepared statement for sql on m: the cached one, or a new one (cached
 * when m keeps statements). *cache says where it lives, for stmt_done: NULL
 * means the caller closes it. NULL with errnum/err set on failure.
 */
static MYSQL_STMT *stmt_get(struct db_conn *m, const char *sql, struct stmt_cache **cache,
                            unsigned int *errnum, char *err, size_t errsz)
{
    struct stmt_cache *c = m->cache;
    size_t len = strlen(sql);
    uint64_t h = 0;
    MYSQL_STMT *st;

    *cache = NULL;
    if (c != NULL) {
        h = sql_hash(sql, len);
        for (int i = 0; i < c->n; i++) {
            struct stmt_entry *x = &c->e[i];
            if (x->hash == h && x->len == len && memcmp(x->sql, sql, len) == 0) {
                x->used = ++c->tick;
                *cache = c;
                return x->st;
            }
        }
    }
    st = mysql_stmt_init(m->my);
    if (st == NULL) {
        snprintf(err, errsz, "%s", mysql_error(m->my));
        if (errnum != NULL)
            *errnum = mysql_errno(m->my);
        db_count_error();
        return NULL;
    }
    if (mysql_stmt_prepare(st, sql, (unsigned long)len) != 0) {
        snprintf(err, errsz, "%s", mysql_stmt_error(st));
        if (errnum != NULL)
            *errnum = mysql_stmt_errno(st);
        db_count_error();
        mysql_stmt_close(st);
        return NULL;
    }
    if (c != NULL) {
        struct stmt_entry *x;
        char *copy = malloc(len + 1);
        if (copy == NULL)
            return st; /* uncached; closed after use */
        memcpy(copy, sql, len + 1);
        if (c->n < DB_STMT_CACHE) {
            x = &c->e[c->n++];
        } else {
            x = &c->e[0];
            for (int i = 1; i < c->n; i++) {
                if (c->e[i].used < x->used)
                    x = &c->e[i];
            }
            entry_drop(x);
        }
        x->sql = copy;
        x->len = len;
        x->hash = h;
        x->used = ++c->tick;
        x->st = st;
        *cache = c;
    }
    return st;
}

/* After use: an uncached statement is closed; a cached one is kept when ok,
 * else dropped from its cache (and closed). */
static void stmt_done(MYSQL_STMT *st, struct stmt_cache *c, int ok)
{
    if (c == NULL) {
        mysql_stmt_close(st);
        return;
    }
    if (ok) {
        mysql_stmt_free_result(st);
        return;
    }
    for (int i = 0; i < c->n; i++) {
        if (c->e[i].st == st) {
            entry_drop(&c->e[i]);
            c->e[i] = c->e[--c->n];
            memset(&c->e[c->n], 0, sizeof c->e[c->n]);
            return;
        }
    }
    mysql_stmt_close(st);
}

/* Is the server ready for statements? A Galera node is when wsrep_ready is
 * ON (it belongs to the primary component); a server without Galera (no
 * @@wsrep_on, or it is off) always is. 1 ready; 0 not, with why. Plain text
 * statements: they carry no data. */
static int server_ready(MYSQL *m, char *why, size_t whysz)
{
    MYSQL_RES *res = NULL;
    MYSQL_ROW row;
    int ready = 0;

    if (mysql_query(m, "SELECT @@global.wsrep_on") != 0) {
        if (mysql_errno(m) == ER_UNKNOWN_SYSTEM_VARIABLE)
            return 1;
        goto fail;
    }
    res = mysql_store_result(m);
    if (res == NULL)
        goto fail;
    row = mysql_fetch_row(res);
    if (row == NULL || row[0] == NULL || strcmp(row[0], "1") != 0) {
        mysql_free_result(res);
        return 1;
    }
    mysql_free_result(res);
    if (mysql_query(m, "SHOW GLOBAL STATUS LIKE 'wsrep_ready'") != 0)
        goto fail;
    res = mysql_store_result(m);
    if (res == NULL)
        goto fail;
    row = mysql_fetch_row(res);
    ready = row != NULL && row[1] != NULL && strcmp(row[1], "ON") == 0;
    if (!ready)
        snprintf(why, whysz, "a Galera node not ready for statements (wsrep_ready %s)",
                 row != NULL && row[1] != NULL ? row[1] : "missing");
    mysql_free_result(res);
    return ready;
fail:
    snprintf(why, whysz, "%s", mysql_error(m));
    return 0;
}

/* One server: a socket (host NULL) or host:port. NULL with why. */
static MYSQL *connect_one(const struct tier_config *c, const char *host, int port, char *why,
                          size_t whysz)
{
    MYSQL *m = mysql_init(NULL);
    unsigned int t = (unsigned int)c->db_timeout;
    const char *sock = host == NULL ? c->db_socket : NULL;

    if (m == NULL) {
        snprintf(why, whysz, "out of memory");
        return NULL;
    }
    mysql_optionsv(m, MYSQL_OPT_CONNECT_TIMEOUT, &t);
    mysql_optionsv(m, MYSQL_OPT_READ_TIMEOUT, &t);
    mysql_optionsv(m, MYSQL_OPT_WRITE_TIMEOUT, &t);
    mysql_optionsv(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    /* Timestamps are stored and shown in UTC; dates of policy (application
     * year, validity) are computed in China Standard Time by the caller. */
    mysql_optionsv(m, MYSQL_INIT_COMMAND, "SET time_zone = '+00:00'");
    if (mysql_real_connect(m, sock != NULL ? "localhost" : host, c->db_user, c->password,
                           c->db_name, sock != NULL ? 0 : (unsigned int)port, sock, 0) == NULL) {
        snprintf(why, whysz, "%s", mysql_error(m));
        mysql_close(m);
        return NULL;
    }
    if (!server_ready(m, why, whysz)) {
        mysql_close(m);
        return NULL;
    }
    return m;
}

struct db_conn *db_connect(const struct tier_config *c, char *err, size_t errsz)
{
    struct config_db_host h[CONFIG_DB_HOSTS_MAX];
    struct db_conn *conn = calloc(1, sizeof *conn);
    char why[256];
    size_t used = 0;
    int n = 1;

    if (conn == NULL) {
        snprintf(err, errsz, "out of memory");
        return NULL;
    }
    if (c->db_socket[0] != '\0') {
        conn->my = connect_one(c, NULL, 0, why, sizeof why);
        if (conn->my == NULL)
            snprintf(err, errsz, "cannot connect to MariaDB at %s: %s", c->db_socket, why);
    } else {
        n = config_db_hosts(c, h, err, errsz);
        if (n > 0)
            used = (size_t)snprintf(err, errsz, "cannot connect to MariaDB at");
        /* The first that answers and is ready; else every one's reason. */
        for (int i = 0; i < n && conn->my == NULL; i++) {
            conn->my = connect_one(c, h[i].host, h[i].port, why, sizeof why);
            conn->server = i;
            if (conn->my == NULL && used < errsz)
                used += (size_t)snprintf(err + used, errsz - used, "%s %s:%d: %s",
                                         i > 0 ? ";" : "", h[i].host, h[i].port, why);
        }
    }
    if (conn->my == NULL) {
        free(conn);
        db_count_error();
        return NULL;
    }
    return conn;
}

struct db_pool *db_pool_new(const struct tier_config *c)
{
    struct db_pool *p = calloc(1, sizeof *p);

    if (p == NULL)
        return NULL;
    p->slots = calloc((size_t)c->db_pool, sizeof *p->slots);
    if (p->slots == NULL) {
        free(p);
        return NULL;
    }
    p->cfg = c;
    p->n = c->db_pool;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    return p;
}

void db_pool_free(struct db_pool *p)
{
    if (p == NULL)
        return;
    for (int i = 0; i < p->n; i++) {
        if (p->slots[i].m != NULL)
            db_close(p->slots[i].m);
    }
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p->slots);
    free(p);
}

struct db_conn *db_pool_get(struct db_pool *p, int wait_ms, char *err, size_t errsz)
{
    struct timespec deadline;
    struct slot *s = NULL;
    char tmp[256];

    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += wait_ms / 1000;
    deadline.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }

    pthread_mutex_lock(&p->mu);
    for (;;) {
        /* Prefer a slot that is already connected. */
        for (int i = 0; i < p->n && s == NULL; i++) {
            if (!p->slots[i].in_use && p->slots[i].m != NULL)
                s = &p->slots[i];
        }
        for (int i = 0; i < p->n && s == NULL; i++) {
            if (!p->slots[i].in_use)
                s = &p->slots[i];
        }
        if (s != NULL)
            break;
        if (pthread_cond_timedwait(&p->cv, &p->mu, &deadline) == ETIMEDOUT) {
            pthread_mutex_unlock(&p->mu);
            if (err != NULL)
                snprintf(err, errsz, "all %d database connections are busy", p->n);
            return NULL;
        }
    }
    s->in_use = 1;
    pthread_mutex_unlock(&p->mu);

    if (s->m == NULL) {
        s->m = db_connect(p->cfg, err ? err : tmp, err ? errsz : sizeof tmp);
        if (s->m != NULL) {
            (void)db_stmt_cache_on(s->m); /* without it, statements are prepared each time */
            s->m->pool = p;
        }
        if (s->m == NULL) {
            pthread_mutex_lock(&p->mu);
            s->in_use = 0;
            pthread_cond_signal(&p->cv);
            pthread_mutex_unlock(&p->mu);
            return NULL;
        }
    }
    return s->m;
}

void db_pool_put(struct db_pool *p, struct db_conn *m, int broken)
{
    if (m == NULL)
        return;
    pthread_mutex_lock(&p->mu);
    for (int i = 0; i < p->n; i++) {
        if (p->slots[i].m == m) {
            if (broken) {
                int server = m->server;
                db_close(m);
                p->slots[i].m = NULL;
                /* Its server may be gone (killed, or out of the Galera
                 * primary component): the idle handles to it would each
                 * fail one request before being replaced. */
                for (int j = 0; j < p->n; j++) {
                    if (!p->slots[j].in_use && p->slots[j].m != NULL &&
                        p->slots[j].m->server == server) {
                        db_close(p->slots[j].m);
                        p->slots[j].m = NULL;
                    }
                }
            }
            else
                m->in_tx = 0;
            p->slots[i].in_use = 0;
            break;
        }
    }
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

int db_ping(struct db_conn *m, char *err, size_t errsz)
{
    if (mysql_ping(m->my) == 0)
        return 0;
    snprintf(err, errsz, "%s", mysql_error(m->my));
    db_count_error();
    return -1;
}

int db_error_is_connection(unsigned int e)
{
    switch (e) {
    case CR_SERVER_GONE_ERROR:
    case CR_SERVER_LOST:
    case CR_CONNECTION_ERROR:
    case CR_CONN_HOST_ERROR:
    case CR_SERVER_LOST_EXTENDED:
    case CR_COMMANDS_OUT_OF_SYNC:
    case ER_SERVER_SHUTDOWN:
    case ER_CONNECTION_KILLED:
    case ER_QUERY_INTERRUPTED:
    case ER_UNKNOWN_COM_ERROR: /* 1047: a Galera node out of the primary component */
        return 1;
    default:
        return 0;
    }
}

int db_error_is_retryable(unsigned int e)
{
    /* 1213 deadlock; 1205 lock wait timeout; 1180/1181 Galera certification
     * failures surface as deadlocks (1213) with wsrep. */
    return e == ER_LOCK_DEADLOCK || e == ER_LOCK_WAIT_TIMEOUT;
}

/* Bound parameters: on the stack for up to DB_MAX_PARAMS, else on the heap
 * (the multi-row INSERTs of a batch). */
struct pbind {
    MYSQL_BIND *bind;
    long long *ints;
    unsigned long *lens;
    my_bool *nulls;
    MYSQL_BIND sb[DB_MAX_PARAMS];
    long long si[DB_MAX_PARAMS];
    unsigned long sl[DB_MAX_PARAMS];
    my_bool sn[DB_MAX_PARAMS];
};

static void pbind_free(struct pbind *b)
{
    if (b->bind != b->sb) {
        free(b->bind);
        free(b->ints);
        free(b->lens);
        free(b->nulls);
    }
}

static int pbind_make(struct pbind *b, const struct db_param *params, size_t n, char *err,
                      size_t errsz)
{
    b->bind = b->sb;
    b->ints = b->si;
    b->lens = b->sl;
    b->nulls = b->sn;
    if (n > DB_MAX_PARAMS) {
        b->bind = calloc(n, sizeof *b->bind);
        b->ints = calloc(n, sizeof *b->ints);
        b->lens = calloc(n, sizeof *b->lens);
        b->nulls = calloc(n, sizeof *b->nulls);
        if (b->bind == NULL || b->ints == NULL || b->lens == NULL || b->nulls == NULL) {
            pbind_free(b);
            b->bind = b->sb; /* nothing left to free */
            snprintf(err, errsz, "out of memory");
            return -1;
        }
    } else {
        memset(b->sb, 0, n * sizeof b->sb[0]);
    }
    for (size_t i = 0; i < n; i++) {
        MYSQL_BIND *x = &b->bind[i];
        b->nulls[i] = 0;
        x->is_null = &b->nulls[i];
        switch (params[i].type) {
        case 'i':
            b->ints[i] = (long long)params[i].i;
            x->buffer_type = MYSQL_TYPE_LONGLONG;
            x->buffer = &b->ints[i];
            break;
        case 's':
        case 'b':
            x->buffer_type = params[i].type == 'b' ? MYSQL_TYPE_BLOB : MYSQL_TYPE_STRING;
            if (params[i].p == NULL) {
                b->nulls[i] = 1;
                break;
            }
            b->lens[i] = (unsigned long)(params[i].type == 'b' ? params[i].len
                                                               : strlen(params[i].p));
            x->buffer = (void *)params[i].p;
            x->buffer_length = b->lens[i];
            x->length = &b->lens[i];
            break;
        default:
            pbind_free(b);
            b->bind = b->sb;
            snprintf(err, errsz, "bad parameter type '%c'", params[i].type);
            return -1;
        }
    }
    return 0;
}

int db_execv(struct db_conn *m, const char *sql, const struct db_param *params, size_t n,
             uint64_t *affected, uint64_t *insert_id, unsigned int *errnum, char *err,
             size_t errsz)
{
    struct pbind pb;
    MYSQL_STMT *st;
    struct stmt_cache *cache = NULL;
    enum db_fault fault;
    int rc = -1;

    if (errnum != NULL)
        *errnum = 0;
    fault = fault_before(m, errnum, err, errsz);
    if (fault == DB_FAULT_ERROR)
        return -1;
    if (pbind_make(&pb, params, n, err, errsz) != 0)
        return -1;
    st = stmt_get(m, sql, &cache, errnum, err, errsz);
    if (st == NULL)
        goto done;
    if ((n > 0 && mysql_stmt_bind_param(st, pb.bind) != 0) || mysql_stmt_execute(st) != 0) {
        snprintf(err, errsz, "%s", mysql_stmt_error(st));
        if (errnum != NULL)
            *errnum = mysql_stmt_errno(st);
        db_count_error();
        goto done;
    }
    if (affected != NULL)
        *affected = (uint64_t)mysql_stmt_affected_rows(st);
    if (insert_id != NULL)
        *insert_id = (uint64_t)mysql_stmt_insert_id(st);
    rc = 0;
    if (fault == DB_FAULT_LOST_REPLY)
        rc = fault_after(m, errnum, err, errsz);
done:
    if (st != NULL)
        stmt_done(st, cache, rc == 0);
    pbind_free(&pb);
    return rc;
}

int db_exec_bulk(struct db_conn *m, const char *sql, const struct db_param *params, size_t ncols,
                 size_t nrows, unsigned int *errnum, char *err, size_t errsz)
{
    enum db_fault fault = fault_before(m, errnum, err, errsz);
    MYSQL_BIND *bind = calloc(ncols, sizeof *bind);
    long long *ints = calloc(ncols * nrows, sizeof *ints);
    const void **ptrs = calloc(ncols * nrows, sizeof *ptrs);
    unsigned long *lens = calloc(ncols * nrows, sizeof *lens);
    char *ind = calloc(ncols * nrows, 1);
    unsigned int size = (unsigned int)nrows, zero = 0;
    struct stmt_cache *cache = NULL;
    MYSQL_STMT *st = NULL;
    int rc = -1;

    if (fault == DB_FAULT_ERROR)
        goto done;
    if (errnum != NULL)
        *errnum = 0;
    if (bind == NULL || ints == NULL || ptrs == NULL || lens == NULL || ind == NULL) {
        snprintf(err, errsz, "out of memory");
        goto done;
    }
    /* column-wise arrays: integers in place, text and bytes by pointer */
    for (size_t c = 0; c < ncols; c++) {
        char type = 's';
        for (size_t r = 0; r < nrows; r++) {
            const struct db_param *x = &params[r * ncols + c];
            if (x->type == 'i' || x->p != NULL) {
                type = x->type;
                break;
            }
        }
        bind[c].u.indicator = ind + c * nrows;
        if (type == 'i') {
            bind[c].buffer_type = MYSQL_TYPE_LONGLONG;
            bind[c].buffer = ints + c * nrows;
        } else {
            bind[c].buffer_type = type == 'b' ? MYSQL_TYPE_BLOB : MYSQL_TYPE_STRING;
            bind[c].buffer = (void *)(ptrs + c * nrows);
            bind[c].length = lens + c * nrows;
        }
        for (size_t r = 0; r < nrows; r++) {
            const struct db_param *x = &params[r * ncols + c];
            size_t k = c * nrows + r;
            if (x->type != 'i' && x->p == NULL) {
                ind[k] = STMT_INDICATOR_NULL;
            } else if ((type == 'i') != (x->type == 'i')) {
                snprintf(err, errsz, "column %zu mixes numbers and text", c + 1);
                goto done;
            } else if (type == 'i') {
                ints[k] = (long long)x->i;
            } else {
                ptrs[k] = x->p;
                lens[k] = (unsigned long)(x->type == 'b' ? x->len : strlen(x->p));
            }
        }
    }
    st = stmt_get(m, sql, &cache, errnum, err, errsz);
    if (st == NULL)
        goto done;
    if (mysql_stmt_attr_set(st, STMT_ATTR_ARRAY_SIZE, &size) != 0 ||
        mysql_stmt_bind_param(st, bind) != 0 || mysql_stmt_execute(st) != 0) {
        snprintf(err, errsz, "%s", mysql_stmt_error(st));
        if (errnum != NULL)
            *errnum = mysql_stmt_errno(st);
        db_count_error();
    } else {
        rc = 0;
        if (fault == DB_FAULT_LOST_REPLY)
            rc = fault_after(m, errnum, err, errsz);
    }
    mysql_stmt_attr_set(st, STMT_ATTR_ARRAY_SIZE, &zero);
    stmt_done(st, cache, rc == 0);
done:
    free(bind);
    free(ints);
    free(ptrs);
    free(lens);
    free(ind);
    return rc;
}

int db_exec(struct db_conn *m, const char *sql, const char *types, uint64_t *affected,
            uint64_t *insert_id, unsigned int *errnum, char *err, size_t errsz, ...)
{
    struct db_param params[DB_MAX_PARAMS];
    size_t n = strlen(types);
    va_list ap;

    if (n > DB_MAX_PARAMS) {
        snprintf(err, errsz, "too many parameters (%zu)", n);
        if (errnum != NULL)
            *errnum = 0;
        return -1;
    }
    va_start(ap, errsz);
    for (size_t i = 0; i < n; i++) {
        params[i].type = types[i];
        params[i].i = 0;
        params[i].p = NULL;
        params[i].len = 0;
        switch (types[i]) {
        case 'i':
            params[i].i = va_arg(ap, int64_t);
            break;
        case 's':
            params[i].p = va_arg(ap, const char *);
            break;
        case 'b':
            params[i].p = va_arg(ap, const void *);
            params[i].len = va_arg(ap, size_t);
            break;
        default:
            break; /* db_execv reports it */
        }
    }
    va_end(ap);
    return db_execv(m, sql, params, n, affected, insert_id, errnum, err, errsz);
}

long db_query(struct db_conn *m, const struct db_select *q, unsigned int *errnum, char *err,
              size_t errsz)
{
    MYSQL_BIND rb[DB_MAX_PARAMS];
    struct pbind pb;
    MYSQL_STMT *st = NULL;
    struct stmt_cache *cache = NULL;
    struct db_col *cols = q->cols;
    size_t ncols = q->ncols, nparams = q->nparams;
    long rows = -1, seen = 0;
    int f, stopped = 0;
    enum db_fault fault;

    if (errnum != NULL)
        *errnum = 0;
    fault = fault_before(m, errnum, err, errsz);
    if (fault == DB_FAULT_ERROR)
        return -1;
    if (ncols > DB_MAX_PARAMS) {
        snprintf(err, errsz, "too many columns");
        return -1;
    }
    if (pbind_make(&pb, q->params, nparams, err, errsz) != 0)
        return -1;
    memset(rb, 0, sizeof rb);
    for (size_t i = 0; i < ncols; i++) {
        struct db_col *c = &cols[i];
        rb[i].is_null = &c->is_null;
        rb[i].length = &c->len;
        rb[i].error = &c->truncated;
        if (c->type == 'i') {
            rb[i].buffer_type = MYSQL_TYPE_LONGLONG;
            rb[i].buffer = c->p;
        } else {
            rb[i].buffer_type = c->type == 'b' ? MYSQL_TYPE_BLOB : MYSQL_TYPE_STRING;
            rb[i].buffer = c->p;
            /* leave room for the NUL of strings */
            rb[i].buffer_length = (unsigned long)(c->type == 's' ? c->cap - 1 : c->cap);
        }
    }
    st = stmt_get(m, q->sql, &cache, errnum, err, errsz);
    if (st == NULL) {
        pbind_free(&pb);
        return -1;
    }
    if ((nparams > 0 && mysql_stmt_bind_param(st, pb.bind) != 0) || mysql_stmt_execute(st) != 0 ||
        (ncols > 0 && mysql_stmt_bind_result(st, rb) != 0)) {
        snprintf(err, errsz, "%s", mysql_stmt_error(st));
        if (errnum != NULL)
            *errnum = mysql_stmt_errno(st);
        db_count_error();
        goto done;
    }
    while ((f = mysql_stmt_fetch(st)) == 0 || f == MYSQL_DATA_TRUNCATED) {
        for (size_t i = 0; i < ncols; i++) {
            struct db_col *c = &cols[i];
            if (c->type == 'i' && c->is_null)
                *(int64_t *)c->p = 0;
            if (c->type == 's') {
                size_t l = c->is_null ? 0 : (c->len < c->cap - 1 ? c->len : c->cap - 1);
                ((char *)c->p)[l] = '\0';
            }
        }
        seen++;
        if (q->row != NULL && q->row(q->ctx) != 0) {
            stopped = 1; /* rows may remain unread: the statement is not kept */
            break;
        }
    }
    if (f == 1) {
        snprintf(err, errsz, "%s", mysql_stmt_error(st));
        if (errnum != NULL)
            *errnum = mysql_stmt_errno(st);
        db_count_error();
        goto done;
    }
    rows = seen;
    if (fault == DB_FAULT_LOST_REPLY)
        rows = fault_after(m, errnum, err, errsz);
done:
    stmt_done(st, cache, rows >= 0 && !stopped);
    pbind_free(&pb);
    return rows;
}

int db_begin(struct db_conn *m, unsigned int *errnum, char *err, size_t errsz)
{
    int rc;

    m->in_tx = 0; /* START TRANSACTION itself is not counted */
    rc = db_exec(m, "START TRANSACTION", "", NULL, NULL, errnum, err, errsz);
    m->in_tx = rc == 0;
    m->nth = 0;
    return rc;
}

int db_commit(struct db_conn *m, unsigned int *errnum, char *err, size_t errsz)
{
    int rc = db_exec(m, "COMMIT", "", NULL, NULL, errnum, err, errsz);

    m->in_tx = 0;
    return rc;
}

void db_rollback(struct db_conn *m)
{
    char err[256];

    /* A failed rollback means the connection is gone; the server rolls back
     * on disconnect, and the caller puts the handle back broken. */
    m->in_tx = 0;
    db_exec(m, "ROLLBACK", "", NULL, NULL, NULL, err, sizeof err);
}
