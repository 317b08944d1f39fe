/*
 * registry.c — what every use case shares (see registry.h): borrowing a
 * connection, the two-language sentences, who is asking and what they may
 * see, and the operational questions (is the database up, how many errors).
 *
 * A use case borrows one connection for its whole run (reg_conn_get) and
 * gives it back broken when a statement said the link is gone, so the pool
 * opens a fresh one next time.
 */
#include "registry_int.h"

#include "tier/batch.h"
#include "tier/db.h"
#include "tier/digest.h"

#include <openssl/crypto.h>
#include <pthread.h>
#include <stdlib.h>

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* The write state: process-wide, as the database it describes is. */
static atomic_int write_degraded;
static atomic_llong write_since;
static atomic_uint_fast64_t write_failures;

void reg_says_text(const struct reg_says *s, char *out, size_t cap)
{
    if (s->zh[0] != '\0' && s->en[0] != '\0')
        snprintf(out, cap, "%s (%s)", s->zh, s->en);
    else
        snprintf(out, cap, "%s", s->zh[0] != '\0' ? s->zh : s->en);
}

void reg_say(struct reg_says *s, const char *code, const char *zh, const char *en_fmt, ...)
{
    va_list ap;

    s->code = code;
    snprintf(s->zh, sizeof s->zh, "%s", zh != NULL ? zh : "");
    va_start(ap, en_fmt);
    vsnprintf(s->en, sizeof s->en, en_fmt, ap);
    va_end(ap);
}

void reg_say_unavailable(struct reg_says *s, const char *what_kept)
{
    reg_say(s, "database-unavailable", "登记数据库暂时不可用，请稍后再试",
            "the registry database is unavailable; %s. Try again in a few seconds", what_kept);
}

void reg_say_cannot_write(struct reg_says *s)
{
    reg_say(s, "cannot-write", "登记数据库暂时无法写入（磁盘或数据表已满，或处于只读状态），本次未做任何更改，请稍后再试",
            "the registry database cannot write at the moment (disk or table full, or "
            "read-only); nothing was changed. Try again in %d seconds; GET /healthz says "
            "\"degraded\" until writing works again",
            REG_CANNOT_WRITE_RETRY_S);
}

void reg_write_note(enum store_result sr)
{
    if (sr == STORE_FULL) {
        atomic_fetch_add(&write_failures, 1);
        if (atomic_exchange(&write_degraded, 1) == 0) {
            atomic_store(&write_since, (long long)time(NULL));
            fprintf(stderr, "tierd: writes fail: the database cannot write; /healthz says "
                            "degraded until a write succeeds\n");
        }
    } else if (sr == STORE_OK) {
        if (atomic_exchange(&write_degraded, 0) != 0)
            fprintf(stderr, "tierd: writes succeed again; /healthz says ok\n");
    }
}

void registry_write_state(struct reg_write_state *out)
{
    out->degraded = atomic_load(&write_degraded);
    out->since_utc = (int64_t)atomic_load(&write_since);
    out->failures = (uint64_t)atomic_load(&write_failures);
}

void reg_say_error(struct reg_says *s, const char *err)
{
    fprintf(stderr, "tierd: database error: %s\n", err);
    reg_say(s, "internal", "登记系统未能完成这项请求",
            "the registry could not complete the request");
}

enum read_outcome reg_read_failed(enum store_result sr, const char *err, struct reg_says *says)
{
    if (sr == STORE_CONN || sr == STORE_RETRY) {
        reg_say_unavailable(says, "nothing was changed");
        return READ_UNAVAILABLE;
    }
    reg_say_error(says, err);
    return READ_ERROR;
}

struct db_conn *reg_conn_get(struct registry *r, char *err, size_t errsz)
{
    return db_pool_get(r->db, r->wait_ms > 0 ? r->wait_ms : 2000, err, errsz);
}

void reg_conn_put(struct registry *r, struct db_conn *m, enum store_result last)
{
    db_pool_put(r->db, m, last == STORE_CONN);
}

/* ---- tokens checked recently -------------------------------------------------------- */

/* A direct-mapped table by the hash's first bytes: a token evicts the one in
 * its slot. Only hashes are kept, as in the database. */
#define AUTH_CACHE_SLOTS 1024

struct auth_slot {
    int used;
    int64_t checked_ms; /* CLOCK_MONOTONIC */
    struct principal who;
};

struct reg_auth_cache {
    pthread_mutex_t mu;
    struct auth_slot slot[AUTH_CACHE_SLOTS];
};

struct reg_auth_cache *registry_auth_cache_new(void)
{
    struct reg_auth_cache *c = calloc(1, sizeof *c);

    if (c != NULL && pthread_mutex_init(&c->mu, NULL) != 0) {
        free(c);
        c = NULL;
    }
    return c;
}

void registry_auth_cache_free(struct reg_auth_cache *c)
{
    if (c == NULL)
        return;
    pthread_mutex_destroy(&c->mu);
    OPENSSL_cleanse(c, sizeof *c);
    free(c);
}

static int64_t mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct auth_slot *slot_of(struct reg_auth_cache *c, const unsigned char sha[32])
{
    return &c->slot[((unsigned)sha[0] << 8 | sha[1]) % AUTH_CACHE_SLOTS];
}

static void auth_remember(struct registry *r, const struct principal *who)
{
    struct auth_slot *s;

    if (r->auth_cache == NULL)
        return;
    pthread_mutex_lock(&r->auth_cache->mu);
    s = slot_of(r->auth_cache, who->token_sha256);
    s->used = 1;
    s->checked_ms = mono_ms();
    s->who = *who;
    s->who.confirm = 0;
    pthread_mutex_unlock(&r->auth_cache->mu);
}

void registry_auth_forget(struct registry *r, const unsigned char sha256[32])
{
    struct auth_slot *s;

    if (r->auth_cache == NULL)
        return;
    pthread_mutex_lock(&r->auth_cache->mu);
    s = slot_of(r->auth_cache, sha256);
    if (s->used && digest_equal(s->who.token_sha256, sha256, 32))
        memset(s, 0, sizeof *s);
    pthread_mutex_unlock(&r->auth_cache->mu);
}

enum reg_auth registry_authenticate_confirmed(struct registry *r, const char *token,
                                              struct principal *who)
{
    unsigned char sha[32];
    int hit = 0;

    if (r->auth_cache != NULL && token != NULL && digest_sha256(token, strlen(token), sha) == 0) {
        struct auth_slot *s;

        pthread_mutex_lock(&r->auth_cache->mu);
        s = slot_of(r->auth_cache, sha);
        if (s->used && digest_equal(s->who.token_sha256, sha, 32) &&
            mono_ms() - s->checked_ms < REG_AUTH_CACHE_SECONDS * 1000) {
            *who = s->who;
            who->confirm = 1;
            hit = 1;
        }
        pthread_mutex_unlock(&r->auth_cache->mu);
        OPENSSL_cleanse(sha, sizeof sha);
    }
    return hit ? REG_AUTH_OK : registry_authenticate(r, token, who);
}

enum reg_auth registry_authenticate(struct registry *r, const char *token,
                                    struct principal *who)
{
    char err[256];
    struct db_conn *m = reg_conn_get(r, err, sizeof err);
    enum auth_result a;
    int broken = 0;

    if (m == NULL)
        return REG_AUTH_UNAVAILABLE;
    a = token_authenticate(m, token, who, &broken);
    db_pool_put(r->db, m, broken);
    switch (a) {
    case AUTH_OK:
        auth_remember(r, who);
        return REG_AUTH_OK;
    case AUTH_MISSING:
    case AUTH_UNKNOWN:
        return REG_AUTH_UNKNOWN;
    case AUTH_DB_ERROR:
        break;
    }
    return REG_AUTH_UNAVAILABLE;
}

int registry_in_scope(const struct principal *who, const char *uscc, const char *city)
{
    switch (who->role) {
    case ROLE_PROVINCE_REVIEWER:
    case ROLE_ADMIN:
        return 1;
    case ROLE_ENTERPRISE:
        return strcmp(who->uscc, uscc) == 0;
    case ROLE_CITY_REVIEWER:
        return city[0] != '\0' && strcmp(who->city, city) == 0;
    default:
        return 0;
    }
}

/* Ping with a pooled connection. A connection that fails is dropped and one
 * fresh connection is tried, so the first check after the database returns
 * already says "up". */
int registry_health(struct registry *r, char *err, size_t errsz)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        struct db_conn *m = db_pool_get(r->db, 1000, err, errsz);
        if (m == NULL)
            return -1;
        if (db_ping(m, err, errsz) == 0) {
            db_pool_put(r->db, m, 0);
            return 0;
        }
        db_pool_put(r->db, m, 1);
    }
    return -1;
}

uint64_t registry_db_errors(void)
{
    return db_error_count();
}

void registry_batch_stats(struct registry *r, uint64_t *batches, uint64_t *batched)
{
    *batches = 0;
    *batched = 0;
    if (r->batcher != NULL)
        store_batcher_stats(r->batcher, batches, batched);
}
