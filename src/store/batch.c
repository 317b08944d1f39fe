/*
 * batch.c — group commit of applications (see include/tier/batch.h).
 *
 * A caller's job lives on its own stack: it is queued under mu, and the
 * caller sleeps on the job's own condition variable until the committer has
 * set its answer (one shared one woke every waiting caller, up to 32, for
 * each batch). The
 * committer takes jobs oldest first, up to max and BATCH_MAX_BYTES of
 * documents (the multi-row INSERT must stay under the server's
 * max_allowed_packet), so while one transaction commits the next batch
 * gathers by itself: no timer, no waiting for a batch to fill.
 */
#include "tier/batch.h"

#include "tier/db.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Document bytes in one transaction (max_allowed_packet is 16 MiB). */
#define BATCH_MAX_BYTES (6u << 20)

struct job {
    struct job *next;
    const struct submission_new *s;
    uint64_t id;
    enum store_result r;
    char err[512];
    int in_batch;     /* the committer's own mark */
    int64_t deadline; /* the caller's db_deadline (0: none) */
    int done;         /* under mu: the answer is set */
    pthread_cond_t cv; /* the caller waits on it: only the callers answered wake */
};

struct store_batcher {
    struct db_pool *pool;
    int max;
    void (*on_retry)(void);
    pthread_mutex_t mu;
    pthread_cond_t work_cv;   /* the committer waits for jobs */
    struct job *head, *tail;
    int closing;
    int started;
    pthread_t thread;
    atomic_uint_fast64_t batches, batched;
};

static void retried(struct store_batcher *b)
{
    if (b->on_retry != NULL)
        b->on_retry();
}

/*
 * One application in its own transaction, retried on a deadlock and, on a
 * fresh connection, on a lost one. *m is the connection (NULL: take one);
 * it is left connected or NULL. If a COMMIT went through but its answer was
 * lost, the retry finds the document stored and answers STORE_DUPLICATE.
 */
static enum store_result store_one(struct store_batcher *b, struct db_conn **m,
                                   const struct submission_new *s, uint64_t *id, char *err,
                                   size_t errsz)
{
    enum store_result r = STORE_CONN;

    for (int attempt = 0; attempt < STORE_ATTEMPTS; attempt++) {
        if (attempt > 0)
            retried(b);
        if (*m == NULL && (*m = db_pool_get(b->pool, 2000, err, errsz)) == NULL)
            return STORE_CONN;
        r = submission_store(*m, s, id, err, errsz);
        if (r == STORE_CONN) {
            db_pool_put(b->pool, *m, 1);
            *m = NULL;
        }
        if (r != STORE_RETRY && r != STORE_CONN)
            break;
    }
    return r;
}

static int same_document(const struct submission_new *x, const struct submission_new *y)
{
    return memcmp(x->sha256, y->sha256, SHA256_LEN) == 0 &&
           strcmp(x->uscc, y->uscc) == 0;
}

/* Store jobs[0..n): together when they can be, else one at a time. */
static void run_batch(struct store_batcher *b, struct job **jobs, size_t n)
{
    const struct submission_new *many[256];
    uint64_t ids[256];
    struct job *in[256];
    size_t k = 0;
    struct db_conn *m = NULL;
    enum store_result r = STORE_ERROR;
    char batch_err[512] = "";
    int no_conn = 0; /* the pool gave no connection (down, or the time is spent) */

    /* Corrections, and a second copy of a document in the same batch, go
     * alone after the batch (the copy then finds the first: a duplicate). */
    for (size_t i = 0; i < n; i++) {
        int alone = jobs[i]->s->replaces_id != 0;
        for (size_t j = 0; j < k && !alone; j++)
            alone = same_document(in[j]->s, jobs[i]->s);
        jobs[i]->in_batch = !alone;
        if (!alone) {
            in[k] = jobs[i];
            many[k++] = jobs[i]->s;
        }
    }
    if (k >= 2) {
        char *err = batch_err;
        for (int attempt = 0; attempt < STORE_ATTEMPTS; attempt++) {
            if (attempt > 0)
                retried(b);
            if (m == NULL && (m = db_pool_get(b->pool, 2000, err, sizeof batch_err)) == NULL) {
                r = STORE_CONN;
                no_conn = 1;
                break;
            }
            r = submission_store_many(m, many, k, ids, err, sizeof batch_err);
            if (r == STORE_CONN) {
                db_pool_put(b->pool, m, 1);
                m = NULL;
            }
            if (r != STORE_RETRY && r != STORE_CONN)
                break;
        }
        if (r == STORE_OK) {
            atomic_fetch_add(&b->batches, 1);
            atomic_fetch_add(&b->batched, k);
            for (size_t i = 0; i < k; i++) {
                in[i]->r = STORE_OK;
                in[i]->id = ids[i];
            }
        }
    }
    /* A batch that failed because the server cannot write, or because the
     * pool gave no connection (down, or the callers' time is spent), is not
     * tried again job by job: each job would wait its own connect timeout
     * for the same answer (a hung server held requests 3-8 times db-timeout
     * so). Every job gets the batch's answer. A failure of the data (a
     * duplicate, one bad row), a deadlock or a lost link is told apart one
     * by one as before; the deadline bounds those tries (db_pool_get fails
     * at once when it has passed). */
    if (k >= 2 && (no_conn || r == STORE_FULL)) {
        for (size_t i = 0; i < n; i++) {
            jobs[i]->r = r;
            snprintf(jobs[i]->err, sizeof jobs[i]->err, "%s", batch_err);
        }
        n = 0;
    }
    for (size_t i = 0; i < n; i++) {
        struct job *j = jobs[i];
        if (j->in_batch && k >= 2 && r == STORE_OK)
            continue;
        j->r = store_one(b, &m, j->s, &j->id, j->err, sizeof j->err);
        if (j->r == STORE_FULL) {
            /* the server cannot write: the same holds for those after it */
            for (size_t x = i + 1; x < n; x++) {
                if (!(jobs[x]->in_batch && k >= 2 && r == STORE_OK)) {
                    jobs[x]->r = j->r;
                    snprintf(jobs[x]->err, sizeof jobs[x]->err, "%s", j->err);
                }
            }
            break;
        }
    }
    if (m != NULL)
        db_pool_put(b->pool, m, 0);
}

/*
 * Run a batch within its callers' time: the committer takes the earliest
 * deadline of the jobs as its own, so a hung database holds it (and them)
 * no longer than their requests may wait; a job whose time is already
 * spent in the queue is answered without a try.
 */
static void run_batch_by(struct store_batcher *b, struct job **jobs, size_t n)
{
    struct job *live[256];
    int64_t now = db_now_ms(), by = 0;
    size_t k = 0;

    for (size_t i = 0; i < n; i++) {
        struct job *j = jobs[i];
        if (j->deadline > 0 && j->deadline <= now) {
            j->r = STORE_CONN;
            snprintf(j->err, sizeof j->err, "the request's time for the database is spent "
                     "(it waited behind other applications); nothing was stored");
            continue;
        }
        if (j->deadline > 0 && (by == 0 || j->deadline < by))
            by = j->deadline;
        live[k++] = j;
    }
    db_deadline_set(by);
    if (k > 0)
        run_batch(b, live, k);
    db_deadline_set(0);
}

static void *committer(void *arg)
{
    struct store_batcher *b = arg;
    struct job *jobs[256];

    for (;;) {
        size_t n = 0, bytes = 0;

        pthread_mutex_lock(&b->mu);
        while (b->head == NULL && !b->closing)
            pthread_cond_wait(&b->work_cv, &b->mu);
        if (b->head == NULL) {
            pthread_mutex_unlock(&b->mu);
            return NULL;
        }
        while (b->head != NULL && n < (size_t)b->max &&
               (n == 0 || bytes + b->head->s->doc_len <= BATCH_MAX_BYTES)) {
            struct job *j = b->head;
            b->head = j->next;
            bytes += j->s->doc_len;
            jobs[n++] = j;
        }
        if (b->head == NULL)
            b->tail = NULL;
        pthread_mutex_unlock(&b->mu);

        run_batch_by(b, jobs, n);

        pthread_mutex_lock(&b->mu);
        for (size_t i = 0; i < n; i++) {
            jobs[i]->done = 1;
            pthread_cond_signal(&jobs[i]->cv);
        }
        pthread_mutex_unlock(&b->mu);
    }
}

struct store_batcher *store_batcher_new(struct db_pool *pool, int max, void (*on_retry)(void),
                                        char *err, size_t errsz)
{
    struct store_batcher *b;

    if (max < 1 || max > 256) {
        snprintf(err, errsz, "store-batch must be 1..256, not %d", max);
        return NULL;
    }
    b = calloc(1, sizeof *b);
    if (b == NULL) {
        snprintf(err, errsz, "out of memory");
        return NULL;
    }
    b->pool = pool;
    b->max = max;
    b->on_retry = on_retry;
    pthread_mutex_init(&b->mu, NULL);
    pthread_cond_init(&b->work_cv, NULL);
    if (max > 1) {
        if (pthread_create(&b->thread, NULL, committer, b) != 0) {
            snprintf(err, errsz, "cannot start the committer thread");
            store_batcher_free(b);
            return NULL;
        }
        b->started = 1;
    }
    return b;
}

void store_batcher_free(struct store_batcher *b)
{
    if (b == NULL)
        return;
    pthread_mutex_lock(&b->mu);
    b->closing = 1;
    pthread_cond_signal(&b->work_cv);
    pthread_mutex_unlock(&b->mu);
    if (b->started)
        pthread_join(b->thread, NULL);
    pthread_mutex_destroy(&b->mu);
    pthread_cond_destroy(&b->work_cv);
    free(b);
}

enum store_result store_batcher_store(struct store_batcher *b, const struct submission_new *s,
                                      uint64_t *id, char *err, size_t errsz)
{
    struct job j;
    enum store_result r;

    if (!b->started) {
        struct db_conn *m = NULL;
        r = store_one(b, &m, s, id, err, errsz);
        if (m != NULL)
            db_pool_put(b->pool, m, 0);
        return r;
    }
    memset(&j, 0, sizeof j);
    j.s = s;
    j.deadline = db_deadline();
    pthread_mutex_lock(&b->mu);
    if (b->closing) {
        pthread_mutex_unlock(&b->mu);
        snprintf(err, errsz, "the registry is shutting down; nothing was stored");
        return STORE_CONN;
    }
    pthread_cond_init(&j.cv, NULL);
    if (b->tail != NULL)
        b->tail->next = &j;
    else
        b->head = &j;
    b->tail = &j;
    pthread_cond_signal(&b->work_cv);
    while (!j.done)
        pthread_cond_wait(&j.cv, &b->mu);
    pthread_mutex_unlock(&b->mu);
    pthread_cond_destroy(&j.cv);
    *id = j.id;
    if (j.r != STORE_OK && j.r != STORE_DUPLICATE)
        snprintf(err, errsz, "%s", j.err);
    return j.r;
}

void store_batcher_stats(struct store_batcher *b, uint64_t *batches, uint64_t *batched)
{
    *batches = b ? atomic_load(&b->batches) : 0;
    *batched = b ? atomic_load(&b->batched) : 0;
}
