/*
 * db.h — MariaDB access: connections, a small pool, prepared statements.
 *
 * Every statement that carries data goes through db_exec (a prepared
 * statement); SQL text is never built from input. Connections are opened
 * lazily and dropped when broken, so the pool heals by itself once the
 * database is back: a caller that gets NULL from db_pool_get answers 503.
 */
#ifndef TIER_DB_H
#define TIER_DB_H

#include <mysql.h>
#include <stddef.h>
#include <stdint.h>

struct tier_config;
struct db_pool;

/* Open one connection with the config's socket or host/port, user, password
 * (c->password must be loaded) and database; utf8mb4; connect/read/write
 * timeouts of c->db_timeout seconds. NULL with a sentence in err on failure. */
MYSQL *db_connect(const struct tier_config *c, char *err, size_t errsz);

/* A pool of up to c->db_pool connections. Borrows c (it must outlive the
 * pool). Opens nothing yet. NULL when out of memory. */
struct db_pool *db_pool_new(const struct tier_config *c);

/* Close every connection and free the pool; all must have been put back.
 * NULL is fine. */
void db_pool_free(struct db_pool *p);

/* Borrow a connected handle, waiting up to wait_ms for a free slot. NULL when
 * no slot frees up in time or the database cannot be reached (the reason is
 * in err when err is not NULL). Thread-safe. */
MYSQL *db_pool_get(struct db_pool *p, int wait_ms, char *err, size_t errsz);

/* Give a handle back. broken != 0 closes it (after a connection error), so
 * the next db_pool_get reconnects. Thread-safe. */
void db_pool_put(struct db_pool *p, MYSQL *m, int broken);

/* Keep m's prepared statements for reuse (the pool does this for its
 * connections): each SQL text is then prepared once per connection. A handle
 * that keeps statements must be closed with db_close. 0, or -1 when out of
 * memory (m then works as before, preparing each time). */
int db_stmt_cache_on(MYSQL *m);
/* How many statements m keeps now (0 when it keeps none). */
size_t db_stmt_cached(MYSQL *m);
/* Close a connection and the statements it keeps. NULL is fine. */
void db_close(MYSQL *m);
/* Count of database errors seen by the pool and db_exec since start. */
uint64_t db_error_count(void);

/* Record a database error (for the metric). Thread-safe. */
void db_count_error(void);

/* Is this MySQL error code one that means the connection is gone (server
 * shut down, lost, timed out)? Then the handle must be put back broken. */
int db_error_is_connection(unsigned int err);

/* Is it a deadlock or a Galera certification failure, worth retrying the
 * whole transaction? */
int db_error_is_retryable(unsigned int err);

/*
 * Prepared statements in one call. `types` has one letter per `?`:
 *   'i' int64_t        's' const char * (NUL-terminated; NULL binds SQL NULL)
 *   'b' const void *, size_t (blob or text of that many bytes)
 * Returns 0 and sets *affected / *insert_id (either may be NULL), or -1 with
 * the server's message in err and its code in *errnum (may be NULL).
 */
int db_exec(MYSQL *m, const char *sql, const char *types, uint64_t *affected,
            uint64_t *insert_id, unsigned int *errnum, char *err, size_t errsz, ...);

/* A parameter for db_execv: the same kinds as db_exec's letters. */
struct db_param {
    char type;          /* 'i', 's' or 'b' */
    int64_t i;          /* for 'i' */
    const void *p;      /* for 's' (NUL-terminated, NULL = SQL NULL) and 'b' */
    size_t len;         /* for 'b' */
};

/* db_exec with an array of n parameters, for statements whose number of
 * placeholders is decided at run time (multi-row inserts). Same contract. */
int db_execv(MYSQL *m, const char *sql, const struct db_param *params, size_t n,
             uint64_t *affected, uint64_t *insert_id, unsigned int *errnum, char *err,
             size_t errsz);

/* One prepared statement run for nrows rows in one round trip (MariaDB's
 * array binding): params holds nrows rows of ncols values, row after row; a
 * column is all 'i' or all 's'/'b' (NULLs aside). For INSERTs whose rows
 * come in numbers that vary: the SQL text, and so the cached statement,
 * stays the same. Same contract as db_execv. */
int db_exec_bulk(MYSQL *m, const char *sql, const struct db_param *params, size_t ncols,
                 size_t nrows, unsigned int *errnum, char *err, size_t errsz);
/* A result column for db_query: where a row's value lands. Strings are
 * NUL-terminated and cut to cap - 1 bytes (`truncated` says so). */
struct db_col {
    char type;          /* 'i' int64_t, 's' char[cap], 'b' bytes[cap] */
    void *p;            /* destination */
    size_t cap;         /* bytes at p for 's' and 'b' */
    unsigned long len;  /* actual length of the value (before cutting) */
    my_bool is_null;    /* the value was SQL NULL (p then holds 0 / "") */
    my_bool truncated;  /* the value did not fit */
};

/* Run a prepared SELECT with parameters and call row(ctx) once per row after
 * filling cols. row returns 0 to go on, non-zero to stop early. Returns the
 * number of rows seen (>= 0), or -1 with errnum and err as db_exec. */
long db_query(MYSQL *m, const char *sql, const struct db_param *params, size_t nparams,
              struct db_col *cols, size_t ncols, int (*row)(void *ctx), void *ctx,
              unsigned int *errnum, char *err, size_t errsz);

/* START TRANSACTION / COMMIT / ROLLBACK through the server. 0 or -1 (errnum
 * and err as db_exec). */
int db_begin(MYSQL *m, unsigned int *errnum, char *err, size_t errsz);
int db_commit(MYSQL *m, unsigned int *errnum, char *err, size_t errsz);
void db_rollback(MYSQL *m);

#endif
