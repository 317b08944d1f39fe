/*
 * titles.c — one valid title per enterprise and tier, and the ban, as the
 * registry applies them (issue 17; the rules are lifecycle.h's).
 *
 * At submission the enterprise's certificates and applications under review
 * are read and judged by lifecycle_check_application; the same bytes sent
 * again are found first by the caller and answered as before (200 with the
 * original receipt). At approval the same check runs again inside the
 * decision's transaction, after the enterprise's row is locked: two
 * approvals for one enterprise then run one after the other, and the second
 * sees the first's certificate. The application being judged is left out of
 * its own check, and at approval other applications under review do not
 * count: of two stored before the rule, the first approved wins and the
 * second is refused at its own approval.
 */
#include "registry_int.h"

#include "tier/config.h"
#include "tier/lifecycle.h"
#include "tier/titles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The rows as lifecycle records; the application `skip` is left out. A
 * certificate's yearly update is missing when lifecycle_update_missing says
 * so on `today`. */
static size_t to_records(const struct lifecycle_policy *p, const struct title_row *rows,
                         size_t n, const struct reg_title_query *q, struct lifecycle_record *recs)
{
    size_t k = 0;

    for (size_t i = 0; i < n; i++) {
        const struct title_row *t = &rows[i];
        const struct tier_info *ti = tier_by_code(t->tier);
        struct lifecycle_record *r = &recs[k];

        if (ti == NULL ||
            (!t->is_certificate && (t->submission_id == q->skip || q->titles_only)))
            continue;
        memset(r, 0, sizeof *r);
        r->is_certificate = t->is_certificate;
        r->tier = ti->id;
        r->ref = t->ref;
        r->pending = !t->is_certificate;
        if (t->is_certificate) {
            date_parse(t->valid_from, strlen(t->valid_from), &r->valid_from);
            date_parse(t->valid_until, strlen(t->valid_until), &r->valid_until);
            int year;
            struct tier_date deadline;

            r->superseded = strcmp(t->state, "superseded") == 0;
            r->update_missed = lifecycle_update_missing(p, ti->id, &r->valid_from,
                                                        (int)t->last_update_year, q->today, &year,
                                                        &deadline);
            r->revoked = t->revoked_on[0] != '\0';
            if (r->revoked) {
                date_parse(t->revoked_on, strlen(t->revoked_on), &r->revoked_on);
                r->category = revocation_category_parse(t->category);
                if (r->category == REVOCATION_NONE)
                    r->category = REVOCATION_OTHER;
            }
        }
        k++;
    }
    return k;
}

int reg_title_judge(struct registry *r, const struct reg_title_query *q,
                    const struct title_row *rows, size_t n, struct lifecycle_verdict *v)
{
    struct lifecycle_record *recs;
    struct lifecycle_request req = {q->tier, q->renewal, q->renews, *q->today};
    struct lifecycle_policy dflt;
    const struct lifecycle_policy *p = &dflt;
    size_t k;

    memset(v, 0, sizeof *v);
    v->code = "ok";
    if (r->cfg != NULL && !r->cfg->title_checks)
        return 0;
    if (r->cfg != NULL)
        p = &r->cfg->lifecycle;
    else
        lifecycle_defaults(&dflt);
    if ((recs = malloc(TITLE_ROWS_MAX * sizeof *recs)) == NULL)
        return -1;
    k = to_records(p, rows, n < TITLE_ROWS_MAX ? n : TITLE_ROWS_MAX, q, recs);
    lifecycle_check_application(p, &req, recs, k, v);
    v->blocker = NULL; /* it pointed into recs, freed below; the sentence names it */
    free(recs);
    return v->status == 0 ? 0 : 1;
}

int reg_title_check(struct registry *r, struct db_conn *m, const struct reg_title_query *q,
                    struct lifecycle_verdict *v, enum store_result *sr, char *err, size_t errsz)
{
    struct title_row *rows = NULL;
    size_t n = 0;
    int rc = -1;

    if (r->cfg != NULL && !r->cfg->title_checks)
        return reg_title_judge(r, q, NULL, 0, v);
    *sr = STORE_ERROR;
    if ((rows = malloc(TITLE_ROWS_MAX * sizeof *rows)) == NULL) {
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    *sr = title_rows(m, q->uscc, rows, TITLE_ROWS_MAX, &n, err, errsz);
    if (*sr == STORE_OK && (rc = reg_title_judge(r, q, rows, n, v)) < 0) {
        *sr = STORE_ERROR;
        snprintf(err, errsz, "out of memory");
    }
    free(rows);
    return rc;
}

void reg_say_split(struct reg_says *s, const char *code, const char *message)
{
    const char *open = strstr(message, " (");
    size_t n = strlen(message);

    s->code = code;
    if (open != NULL && n > 0 && message[n - 1] == ')') {
        snprintf(s->zh, sizeof s->zh, "%.*s", (int)(open - message), message);
        snprintf(s->en, sizeof s->en, "%.*s", (int)(n - 1 - (size_t)(open + 2 - message)),
                 open + 2);
    } else {
        s->zh[0] = '\0';
        snprintf(s->en, sizeof s->en, "%s", message);
    }
}
