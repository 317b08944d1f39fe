/*
 * db.h — MariaDB access: connections, a small pool, prepared statements
 * (store module).
 *
 * Every statement that carries data goes through db_exec or db_query (a
 * prepared statement); SQL text is never built from input. A connection is
 * a struct db_conn, which owns the statements it keeps. Connections are
 * opened lazily and dropped when broken, so the pool heals by itself once
 * the database is back: a caller that gets NULL from db_pool_get answers
 * "unavailable".
 *
 * For tests, a pool can be armed to fail the Nth statement of the next
 * transaction (db_fault_arm), either with a server-side error or by
 * dropping the connection there, so every write path can be driven
 * through each of its failures against a real server.
 */
#ifndef TIER_DB_H
#define TIER_DB_H

#include <mysql.h>
#include <stddef.h>
#include <stdint.h>

struct tier_config;
struct db_pool;

/* One MariaDB connection and the prepared statements it keeps. Used by one
 * thread at a time. */
struct db_conn;

/* Open one connection with the config's socket, or to the first server of
 * db-host's list that answers and is ready (a Galera node whose wsrep_ready
 * is ON; a server without Galera always is), with the user, password
 * (c->password must be loaded) and database; utf8mb4; connect/read/write
 * timeouts of c->db_timeout seconds per server. It keeps no statements until
 * db_stmt_cache_on. NULL with a sentence in err on failure, naming each server
 * tried and why; close with db_close. */
struct db_conn *db_connect(const struct tier_config *c, char *err, size_t errsz);

/* The connector's handle, for plain text statements of tests and tools
 * (mysql_query, mysql_ping). Borrowed: it lives as long as c. */
MYSQL *db_handle(struct db_conn *c);

/* A pool of up to c->db_pool connections. Borrows c (it must outlive the
 * pool). Opens nothing yet. NULL when out of memory. */
struct db_pool *db_pool_new(const struct tier_config *c);

/* Close every connection and free the pool; all must have been put back.
 * NULL is fine. */
void db_pool_free(struct db_pool *p);

/* Borrow a connected handle, waiting up to wait_ms for a free slot. NULL when
 * no slot frees up in time or the database cannot be reached (the reason is
 * in err when err is not NULL). Thread-safe. */
struct db_conn *db_pool_get(struct db_pool *p, int wait_ms, char *err, size_t errsz);

/* Give a handle back. broken != 0 closes it (after a connection error), so
 * the next db_pool_get reconnects. Thread-safe. */
void db_pool_put(struct db_pool *p, struct db_conn *m, int broken);

/* Is the connection alive? 0, or -1 with the connector's message in err
 * (the caller then puts it back broken). */
int db_ping(struct db_conn *m, char *err, size_t errsz);

/* Keep m's prepared statements for reuse (the pool does this for its
 * connections): each SQL text is then prepared once per connection. 0, or
 * -1 when out of memory (m then works as before, preparing each time). */
int db_stmt_cache_on(struct db_conn *m);
/* How many statements m keeps now (0 when it keeps none). */
size_t db_stmt_cached(struct db_conn *m);
/* Close a connection and the statements it keeps. NULL is fine. */
void db_close(struct db_conn *m);
/* Count of database errors seen by the pool and db_exec since start. */
uint64_t db_error_count(void);

/* Record a database error (for the metric). Thread-safe. */
void db_count_error(void);

/* Is this MySQL error code one that means the connection is gone (server
 * shut down, lost, timed out, or a Galera node out of the primary component:
 * 1047)? Then the handle must be put back broken, and the next connection
 * goes to a server that is ready. */
int db_error_is_connection(unsigned int err);

/* Is it a deadlock or a Galera certification failure, worth retrying the
 * whole transaction? A transaction the server ended under a statement of it
 * (Galera aborts one without the statement saying so) fails its next
 * statement, or its COMMIT, as a deadlock too. */
int db_error_is_retryable(unsigned int err);

/*
 * Prepared statements in one call. `types` has one letter per `?`:
 *   'i' int64_t        's' const char * (NUL-terminated; NULL binds SQL NULL)
 *   'b' const void *, size_t (blob or text of that many bytes)
 * Returns 0 and sets *affected / *insert_id (either may be NULL), or -1 with
 * the server's message in err and its code in *errnum (may be NULL).
 */
int db_exec(struct db_conn *m, const char *sql, const char *types, uint64_t *affected,
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
int db_execv(struct db_conn *m, const char *sql, const struct db_param *params, size_t n,
             uint64_t *affected, uint64_t *insert_id, unsigned int *errnum, char *err,
             size_t errsz);

/* One prepared statement run for nrows rows in one round trip (MariaDB's
 * array binding): params holds nrows rows of ncols values, row after row; a
 * column is all 'i' or all 's'/'b' (NULLs aside). For INSERTs whose rows
 * come in numbers that vary: the SQL text, and so the cached statement,
 * stays the same. Same contract as db_execv. */
int db_exec_bulk(struct db_conn *m, const char *sql, const struct db_param *params, size_t ncols,
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

/* Parameters and result columns, written where they are used:
 *   struct db_param p[] = {DB_INT(id), DB_STR(uscc)};
 *   struct db_col c[] = {DB_OUT_INT(&n), DB_OUT_STR(name)};   (name is an array) */
#define DB_INT(v) ((struct db_param){'i', (int64_t)(v), NULL, 0})
#define DB_STR(s) ((struct db_param){'s', 0, (s), 0})
#define DB_BLOB(b, n) ((struct db_param){'b', 0, (b), (n)})
#define DB_OUT_INT(p) ((struct db_col){'i', (p), sizeof(int64_t), 0, 0, 0})
#define DB_OUT_STR(a) ((struct db_col){'s', (a), sizeof(a), 0, 0, 0})
#define DB_OUT_BYTES(p, cap) ((struct db_col){'b', (p), (cap), 0, 0, 0})
#define DB_NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* One SELECT: its text, its parameters, where each row's columns land, and
 * what to call per row (row may be NULL; it returns 0 to go on, non-zero to
 * stop early). */
struct db_select {
    const char *sql;
    const struct db_param *params;
    size_t nparams;
    struct db_col *cols;
    size_t ncols;
    int (*row)(void *ctx);
    void *ctx;
};

/* Run q as a prepared statement, filling q->cols and calling q->row once per
 * row. Returns the number of rows seen (>= 0), or -1 with errnum and err as
 * db_exec. */
long db_query(struct db_conn *m, const struct db_select *q, unsigned int *errnum, char *err,
              size_t errsz);

/* START TRANSACTION / COMMIT / ROLLBACK through the server. 0 or -1 (errnum
 * and err as db_exec). */
int db_begin(struct db_conn *m, unsigned int *errnum, char *err, size_t errsz);
int db_commit(struct db_conn *m, unsigned int *errnum, char *err, size_t errsz);
void db_rollback(struct db_conn *m);

/* ---- fault injection, for tests ------------------------------------------- */

enum db_fault {
    DB_FAULT_NONE = 0,
    DB_FAULT_ERROR, /* the statement is not sent; it fails with a server error (1105) */
    DB_FAULT_DROP,  /* the connection is cut before the statement is sent: it fails
                       with CR_SERVER_LOST and the server rolls back */
    DB_FAULT_LOST_REPLY, /* the statement runs, then the connection is cut before the
                            caller hears: at COMMIT the outcome is unknown to it */
};

/* Arm p so that the nth statement (1-based, COMMIT included, START
 * TRANSACTION not) of the next transaction begun on any of its connections
 * fails as `kind` says. One shot: firing disarms. nth 0 disarms. */
void db_fault_arm(struct db_pool *p, int nth, enum db_fault kind);

/* Did the armed fault fire since it was armed? 1 or 0. */
int db_fault_fired(struct db_pool *p);

#endif
