/*
 * issuance.c — the scheduled step that issues a certificate once its public
 * notice is over (registry_notice.h; docs/lifecycle.md).
 *
 * tierd runs registry_issue_due every schedule-interval seconds on a thread
 * of its own. Each application is issued in its own transaction, which
 *   1. takes the oldest due row (in notice, last day before today) with
 *      SELECT … FOR UPDATE SKIP LOCKED: a row another daemon is issuing is
 *      passed over, not waited for;
 *   2. re-reads it under that lock and asks the review state machine
 *      whether notice-over applies (an objection filed a moment before
 *      made it `objected`; another daemon that committed first made it
 *      `approved`, and then the row no longer matches step 1 at all);
 *   3. re-checks one valid title per tier under the enterprise's lock, as
 *      an approval does, and issues with decide.c's reg_issue — the
 *      prerequisites, the signed certificate, its audit row, its
 *      transparency-log entry and a renewal's superseding — and moves the
 *      application to `approved` with an audit row of its own;
 *   4. commits all of it at once.
 * So a certificate exists exactly when its application is `approved`, each
 * is issued once whatever the number of daemons, and a daemon killed at any
 * point leaves either all of it or nothing (the next step, here or in
 * another daemon, issues it then). The day is the registry's
 * (date_today_cst: the clock-file hook in tests); nothing sleeps but the
 * thread between steps.
 *
 * An application that cannot be issued now (no signing key, a prerequisite
 * lost, a title check refusing) stays in notice; the step says why in the
 * log once per distinct reason and moves on to the next.
 */
#include "registry_int.h"

#include "tier/config.h"
#include "tier/db.h"
#include "tier/decisions.h"
#include "tier/notices.h"
#include "tier/registry_notice.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ISSUE_ACTOR "tierd" /* the audit rows' actor: the registry's own schedule */

enum step {
    STEP_NONE,    /* nothing due (after `after`) */
    STEP_ISSUED,  /* committed */
    STEP_SKIPPED, /* due but not issuable now; rolled back, said in res */
    STEP_FAILED,  /* a statement failed: *sr */
};

static enum step issue_once(struct registry *r, struct db_conn *m, const char *today_s,
                            const struct tier_date *today, uint64_t after, uint64_t *id,
                            struct decide_result *res, enum store_result *sr, char *err,
                            size_t errsz)
{
    struct decision_subject s;
    struct review_subject subj;
    struct review_outcome out;
    struct reg_approval ap = {.app = NULL};
    unsigned int e = 0;
    enum step st = STEP_FAILED;
    int rc;

    memset(res, 0, sizeof *res);
    if (db_begin(m, &e, err, errsz) != 0) {
        *sr = store_classify(e);
        return STEP_FAILED;
    }
    *sr = notice_due_lock(m, today_s, after, id, err, errsz);
    if (*sr == STORE_NOT_FOUND) {
        *sr = STORE_OK;
        db_rollback(m);
        return STEP_NONE;
    }
    if (*sr == STORE_OK)
        *sr = decision_subject_lock(m, *id, &s, err, errsz);
    if (*sr != STORE_OK)
        goto rollback;
    subj.state = review_state_parse(s.status);
    subj.division = s.division[0] ? s.division : s.city;
    if (review_event_apply(&subj, REVIEW_NOTICE_OVER, &out) != 0) {
        reg_say_split(&res->says, out.code, out.message);
        st = STEP_SKIPPED;
        goto rollback;
    }
    rc = reg_approval_load(r, m, *id, &s, &ap, sr, err, errsz);
    if (rc == 0)
        rc = reg_approval_check(r, m, &ap, today, res, sr, err, errsz);
    if (rc == 0) {
        struct notice_move mv = {*id, "in-notice", "approved", ISSUE_ACTOR, "notice.over",
                                 "the public notice ended with no objection open"};
        *sr = notice_move(m, &mv, err, errsz);
        rc = *sr == STORE_OK ? 0 : -1;
    }
    if (rc == 0)
        rc = reg_issue(r, m, &ap, ISSUE_ACTOR, NULL, res, sr, err, errsz);
    if (rc != 0) {
        st = rc > 0 ? STEP_SKIPPED : STEP_FAILED;
        goto rollback;
    }
    reg_approval_free(&ap);
    if (db_commit(m, &e, err, errsz) != 0) {
        /* lost at COMMIT: whether it took, the next step sees (the row is
         * `approved` or still due) */
        *sr = store_classify(e);
        if (*sr != STORE_CONN)
            db_rollback(m);
        return STEP_FAILED;
    }
    return STEP_ISSUED;
rollback:
    reg_approval_free(&ap);
    if (*sr != STORE_CONN)
        db_rollback(m);
    return st;
}

int registry_issue_due(struct registry *r, int max, uint64_t *issued, char *err, size_t errsz)
{
    struct tier_date today = date_today_cst();
    char today_s[11], said[REG_SAY_EN + 64];
    struct decide_result *res = malloc(sizeof *res);
    enum store_result sr = STORE_OK;
    uint64_t after = 0, id = 0;
    struct db_conn *m;
    int rc = 0;

    *issued = 0;
    if (res == NULL) {
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    m = reg_conn_get(r, err, errsz);
    if (m == NULL) {
        free(res);
        return -1;
    }
    date_format(&today, today_s);
    for (int n = 0; n < max; n++) {
        enum step st = STEP_FAILED;

        for (int attempt = 0; attempt < REG_ATTEMPTS; attempt++) {
            st = issue_once(r, m, today_s, &today, after, &id, res, &sr, err, errsz);
            if (st != STEP_FAILED || sr != STORE_RETRY)
                break;
        }
        if (st == STEP_NONE)
            break;
        if (st == STEP_FAILED) {
            rc = -1;
            break;
        }
        after = id; /* this step does not come back to it */
        if (st == STEP_ISSUED) {
            (*issued)++;
            reg_write_note(STORE_OK);
        } else {
            reg_says_text(&res->says, said, sizeof said);
            fprintf(stderr, "tierd: application %llu: its notice is over but it is not issued "
                            "now: %s\n",
                    (unsigned long long)id, said);
        }
    }
    reg_conn_put(r, m, sr);
    free(res);
    return rc;
}

/* ---- tierd's thread -------------------------------------------------------------- */

struct reg_issuer {
    struct registry *r;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int stop;
};

static void *issuer_main(void *arg)
{
    struct reg_issuer *s = arg;
    int every = s->r->cfg->schedule_interval;
    char err[512], said[512] = "";

    pthread_mutex_lock(&s->mu);
    while (!s->stop) {
        struct timespec until;
        uint64_t issued = 0;

        pthread_mutex_unlock(&s->mu);
        if (registry_issue_due(s->r, 100, &issued, err, sizeof err) != 0) {
            if (strcmp(err, said) != 0) /* once per distinct failure, not every step */
                fprintf(stderr, "tierd: scheduled issuance failed: %s\n", err);
            snprintf(said, sizeof said, "%s", err);
        } else {
            said[0] = '\0';
        }
        if (issued > 0)
            fprintf(stderr, "tierd: issued %llu certificate(s) whose public notice is over\n",
                    (unsigned long long)issued);
        pthread_mutex_lock(&s->mu);
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += every;
        if (!s->stop)
            pthread_cond_timedwait(&s->cv, &s->mu, &until);
    }
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

struct reg_issuer *registry_issuer_start(struct registry *r, char *err, size_t errsz)
{
    struct reg_issuer *s;

    err[0] = '\0';
    if (r->cfg == NULL || r->cfg->schedule_interval <= 0)
        return NULL;
    s = calloc(1, sizeof *s);
    if (s == NULL) {
        snprintf(err, errsz, "starting the scheduled issuance: out of memory");
        return NULL;
    }
    s->r = r;
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    if (pthread_create(&s->thread, NULL, issuer_main, s) != 0) {
        snprintf(err, errsz, "starting the scheduled issuance: no thread");
        pthread_mutex_destroy(&s->mu);
        pthread_cond_destroy(&s->cv);
        free(s);
        return NULL;
    }
    return s;
}

void registry_issuer_stop(struct reg_issuer *s)
{
    if (s == NULL)
        return;
    pthread_mutex_lock(&s->mu);
    s->stop = 1;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->thread, NULL);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    free(s);
}
