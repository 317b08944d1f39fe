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
    /* Timestamps are stored and shown in UTC; dates of policy (application
     * year, validity) are computed in China Standard Time by the caller. */
    mysql_optionsv(m, MYSQL_INIT_COMMAND, "SET time_zone = '+00:00'");
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

int db_execv(MYSQL *m, const char *sql, const struct db_param *params, size_t n,
             uint64_t *affected, uint64_t *insert_id, unsigned int *errnum, char *err,
             size_t errsz)
{
    MYSQL_BIND *bind = NULL;
    long long *ints = NULL;
    unsigned long *lens = NULL;
    my_bool *nulls = NULL;
    MYSQL_STMT *st = NULL;
    int rc = -1;

    if (errnum != NULL)
        *errnum = 0;
    if (n > 0) {
        bind = calloc(n, sizeof *bind);
        ints = calloc(n, sizeof *ints);
        lens = calloc(n, sizeof *lens);
        nulls = calloc(n, sizeof *nulls);
        if (bind == NULL || ints == NULL || lens == NULL || nulls == NULL) {
            snprintf(err, errsz, "out of memory");
            goto done;
        }
    }
    for (size_t i = 0; i < n; i++) {
        bind[i].is_null = &nulls[i];
        switch (params[i].type) {
        case 'i':
            ints[i] = (long long)params[i].i;
            bind[i].buffer_type = MYSQL_TYPE_LONGLONG;
            bind[i].buffer = &ints[i];
            break;
        case 's':
            bind[i].buffer_type = MYSQL_TYPE_STRING;
            if (params[i].p == NULL) {
                nulls[i] = 1;
            } else {
                bind[i].buffer = (void *)params[i].p;
                lens[i] = (unsigned long)strlen(params[i].p);
                bind[i].buffer_length = lens[i];
                bind[i].length = &lens[i];
            }
            break;
        case 'b':
            bind[i].buffer_type = MYSQL_TYPE_BLOB;
            bind[i].buffer = (void *)params[i].p;
            lens[i] = (unsigned long)params[i].len;
            bind[i].buffer_length = lens[i];
            bind[i].length = &lens[i];
            break;
        default:
            snprintf(err, errsz, "bad parameter type '%c'", params[i].type);
            goto done;
        }
    }
    st = mysql_stmt_init(m);
    if (st == NULL) {
        snprintf(err, errsz, "%s", mysql_error(m));
        if (errnum != NULL)
            *errnum = mysql_errno(m);
        db_count_error();
        goto done;
    }
    if (mysql_stmt_prepare(st, sql, (unsigned long)strlen(sql)) != 0 ||
        (n > 0 && mysql_stmt_bind_param(st, bind) != 0) || mysql_stmt_execute(st) != 0) {
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
    free(bind);
    free(ints);
    free(lens);
    free(nulls);
    return rc;
}

int db_exec(MYSQL *m, const char *sql, const char *types, uint64_t *affected,
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

long db_query(MYSQL *m, const char *sql, const struct db_param *params, size_t nparams,
              struct db_col *cols, size_t ncols, int (*row)(void *ctx), void *ctx,
              unsigned int *errnum, char *err, size_t errsz)
{
    MYSQL_BIND pb[DB_MAX_PARAMS], rb[DB_MAX_PARAMS];
    long long ints[DB_MAX_PARAMS];
    unsigned long plens[DB_MAX_PARAMS];
    my_bool pnulls[DB_MAX_PARAMS];
    MYSQL_STMT *st = NULL;
    long rows = -1, seen = 0;
    int f;

    if (errnum != NULL)
        *errnum = 0;
    if (nparams > DB_MAX_PARAMS || ncols > DB_MAX_PARAMS) {
        snprintf(err, errsz, "too many parameters or columns");
        return -1;
    }
    memset(pb, 0, sizeof pb);
    memset(rb, 0, sizeof rb);
    for (size_t i = 0; i < nparams; i++) {
        pnulls[i] = 0;
        pb[i].is_null = &pnulls[i];
        if (params[i].type == 'i') {
            ints[i] = (long long)params[i].i;
            pb[i].buffer_type = MYSQL_TYPE_LONGLONG;
            pb[i].buffer = &ints[i];
        } else {
            pb[i].buffer_type = params[i].type == 'b' ? MYSQL_TYPE_BLOB : MYSQL_TYPE_STRING;
            if (params[i].p == NULL) {
                pnulls[i] = 1;
                continue;
            }
            plens[i] = (unsigned long)(params[i].type == 'b' ? params[i].len
                                                            : strlen(params[i].p));
            pb[i].buffer = (void *)params[i].p;
            pb[i].buffer_length = plens[i];
            pb[i].length = &plens[i];
        }
    }
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
    st = mysql_stmt_init(m);
    if (st == NULL) {
        snprintf(err, errsz, "%s", mysql_error(m));
        if (errnum != NULL)
            *errnum = mysql_errno(m);
        db_count_error();
        return -1;
    }
    if (mysql_stmt_prepare(st, sql, (unsigned long)strlen(sql)) != 0 ||
        (nparams > 0 && mysql_stmt_bind_param(st, pb) != 0) || mysql_stmt_execute(st) != 0 ||
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
        if (row != NULL && row(ctx) != 0)
            break;
    }
    if (f == 1) {
        snprintf(err, errsz, "%s", mysql_stmt_error(st));
        if (errnum != NULL)
            *errnum = mysql_stmt_errno(st);
        db_count_error();
        goto done;
    }
    rows = seen;
done:
    mysql_stmt_close(st);
    return rows;
}

int db_begin(MYSQL *m, unsigned int *errnum, char *err, size_t errsz)
{
    return db_exec(m, "START TRANSACTION", "", NULL, NULL, errnum, err, errsz);
}

int db_commit(MYSQL *m, unsigned int *errnum, char *err, size_t errsz)
{
    return db_exec(m, "COMMIT", "", NULL, NULL, errnum, err, errsz);
}

void db_rollback(MYSQL *m)
{
    char err[256];

    /* A failed rollback means the connection is gone; the server rolls back
     * on disconnect, and the caller puts the handle back broken. */
    db_exec(m, "ROLLBACK", "", NULL, NULL, NULL, err, sizeof err);
}
