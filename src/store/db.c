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
#include <time.h>

#define DB_MAX_PARAMS 64

struct slot {
    MYSQL *m;   /* NULL until connected */
    int in_use;
};

struct db_pool {
    const struct tier_config *cfg;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int n;
    struct slot *slots;
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

MYSQL *db_connect(const struct tier_config *c, char *err, size_t errsz)
{
    MYSQL *m = mysql_init(NULL);
    unsigned int t = (unsigned int)c->db_timeout;
    const char *sock = c->db_socket[0] ? c->db_socket : NULL;
    const char *host = sock ? "localhost" : c->db_host;

    if (m == NULL) {
        snprintf(err, errsz, "out of memory");
        return NULL;
    }
    mysql_optionsv(m, MYSQL_OPT_CONNECT_TIMEOUT, &t);
    mysql_optionsv(m, MYSQL_OPT_READ_TIMEOUT, &t);
    mysql_optionsv(m, MYSQL_OPT_WRITE_TIMEOUT, &t);
    mysql_optionsv(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    if (mysql_real_connect(m, host, c->db_user, c->password, c->db_name,
                           sock ? 0 : (unsigned int)c->db_port, sock, 0) == NULL) {
        snprintf(err, errsz, "cannot connect to MariaDB at %s: %s",
                 sock ? sock : c->db_host, mysql_error(m));
        mysql_close(m);
        db_count_error();
        return NULL;
    }
    return m;
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
            mysql_close(p->slots[i].m);
    }
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p->slots);
    free(p);
}

MYSQL *db_pool_get(struct db_pool *p, int wait_ms, char *err, size_t errsz)
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

void db_pool_put(struct db_pool *p, MYSQL *m, int broken)
{
    if (m == NULL)
        return;
    pthread_mutex_lock(&p->mu);
    for (int i = 0; i < p->n; i++) {
        if (p->slots[i].m == m) {
            if (broken) {
                mysql_close(m);
                p->slots[i].m = NULL;
            }
            p->slots[i].in_use = 0;
            break;
        }
    }
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
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

int db_exec(MYSQL *m, const char *sql, const char *types, uint64_t *affected,
            uint64_t *insert_id, unsigned int *errnum, char *err, size_t errsz, ...)
{
    MYSQL_BIND bind[DB_MAX_PARAMS];
    long long ints[DB_MAX_PARAMS];
    unsigned long lens[DB_MAX_PARAMS];
    my_bool nulls[DB_MAX_PARAMS];
    size_t nparams = strlen(types);
    MYSQL_STMT *st = NULL;
    va_list ap;
    int rc = -1;

    if (errnum != NULL)
        *errnum = 0;
    if (nparams > DB_MAX_PARAMS) {
        snprintf(err, errsz, "too many parameters (%zu)", nparams);
        return -1;
    }
    memset(bind, 0, sizeof bind);
    va_start(ap, errsz);
    for (size_t i = 0; i < nparams; i++) {
        nulls[i] = 0;
        bind[i].is_null = &nulls[i];
        switch (types[i]) {
        case 'i':
            ints[i] = (long long)va_arg(ap, int64_t);
            bind[i].buffer_type = MYSQL_TYPE_LONGLONG;
            bind[i].buffer = &ints[i];
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            bind[i].buffer_type = MYSQL_TYPE_STRING;
            if (s == NULL) {
                nulls[i] = 1;
            } else {
                bind[i].buffer = (void *)s;
                lens[i] = (unsigned long)strlen(s);
                bind[i].buffer_length = lens[i];
                bind[i].length = &lens[i];
            }
            break;
        }
        case 'b': {
            const void *b = va_arg(ap, const void *);
            size_t n = va_arg(ap, size_t);
            bind[i].buffer_type = MYSQL_TYPE_BLOB;
            bind[i].buffer = (void *)b;
            lens[i] = (unsigned long)n;
            bind[i].buffer_length = lens[i];
            bind[i].length = &lens[i];
            break;
        }
        default:
            va_end(ap);
            snprintf(err, errsz, "bad parameter type '%c'", types[i]);
            return -1;
        }
    }
    va_end(ap);

    st = mysql_stmt_init(m);
    if (st == NULL) {
        snprintf(err, errsz, "%s", mysql_error(m));
        if (errnum != NULL)
            *errnum = mysql_errno(m);
        goto done;
    }
    if (mysql_stmt_prepare(st, sql, (unsigned long)strlen(sql)) != 0 ||
        (nparams > 0 && mysql_stmt_bind_param(st, bind) != 0) || mysql_stmt_execute(st) != 0) {
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
done:
    if (st != NULL)
        mysql_stmt_close(st);
    return rc;
}
