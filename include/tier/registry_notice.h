/*
 * registry_notice.h — the public notice (公示) as use cases (registry module,
 * issue 17; docs/lifecycle.md): the public list, objections filed by anyone
 * and judged by the province, and the scheduled step that issues the
 * certificate once a notice is over.
 *
 * Same conventions as registry.h: an outcome enum and a sentence in Chinese
 * and English; every write is one transaction with its audit rows; nothing
 * here speaks HTTP.
 */
#ifndef TIER_REGISTRY_NOTICE_H
#define TIER_REGISTRY_NOTICE_H

#include "tier/registry.h"

/* The notices running today (the registry's day, UTC+8), public:
 *   <notices xmlns="urn:tierd:notice:1" today="YYYY-MM-DD">
 *     <notice id tier city ends="last day" status="in-notice|objected">
 *       <name/><uscc/></notice>…
 * Nothing else of the enterprise, never an objection's contact. */
enum read_outcome registry_notices_xml(struct registry *r, struct buf *out,
                                       struct reg_says *says);

enum objection_outcome {
    OBJECTION_DONE = 0,
    OBJECTION_NOT_FOUND,     /* no such application or objection (or not in scope) */
    OBJECTION_NOT_IN_NOTICE, /* filing: the application is not in its notice (409) */
    OBJECTION_BAD_TEXT,      /* reason or contact missing, too long, not text (422) */
    OBJECTION_TOO_MANY,      /* this address filed objection-rate objections in the last
                                hour (429) */
    OBJECTION_WRONG_ROLE,    /* judging: only a province reviewer (403) */
    OBJECTION_OUT_OF_ORDER,  /* judging: the objection was judged already, or the
                                application is not awaiting it (409) */
    OBJECTION_UNAVAILABLE,   /* failed before COMMIT; nothing changed */
    OBJECTION_UNKNOWN,       /* the connection was lost at COMMIT */
    OBJECTION_CANNOT_WRITE,
    OBJECTION_ERROR,
};

struct objection_result {
    enum objection_outcome outcome;
    struct reg_says says;
    uint64_t id;            /* the objection filed or judged */
    uint64_t submission_id;
    char to[17];            /* the application's state after */
};

/* File an objection to application `id` during its notice (in notice or
 * objected, and the notice's last day not passed): reason (1..2000
 * characters) and contact (1..200; kept for the province, never published),
 * from client address `address`, at most objection-rate an hour from one
 * address (counted in the database; the caller's public rate limit comes
 * first). The
 * application becomes `objected` until the province judges. */
void registry_objection_file(struct registry *r, uint64_t id, const char *reason,
                             const char *contact, const char *address,
                             struct objection_result *res);

/* The province judges objection `oid`: uphold (the application is rejected
 * with `comment` as the reason) or dismiss (when no other objection is open
 * the notice goes on: in-notice, and once its last day has passed the
 * scheduled step issues). `comment` is required. */
void registry_objection_judge(struct registry *r, const struct principal *who, uint64_t oid,
                              int uphold, const char *comment, struct objection_result *res);

/* The objections to application `id` (with contacts) for reviewers in
 * scope: <objections xmlns="urn:tierd:notice:1" submission noticeEnds>
 * <objection …/>…</objections>. READ_NOT_FOUND outside the caller's scope
 * or for an enterprise. */
enum read_outcome registry_objections_xml(struct registry *r, const struct principal *who,
                                          uint64_t id, struct buf *out, struct reg_says *says);

/* ---- the scheduled issuance (issuance.c) ------------------------------------------ */

/* Issue the certificates of up to `max` applications whose notice ended
 * before today with no objection open, each in its own transaction: the
 * row taken with FOR UPDATE SKIP LOCKED, the state re-read under that lock,
 * the certificate, its audit rows and its transparency-log entry committed
 * with the move to `approved`. Safe with any number of daemons doing the
 * same: each application is issued exactly once. One that cannot be issued
 * now (no key, a prerequisite or the title check refusing) is left in
 * notice and said in the log. 0 with *issued, or -1 with err (a database
 * failure; what was committed before it stays). */
int registry_issue_due(struct registry *r, int max, uint64_t *issued, char *err, size_t errsz);

/* registry_issue_due on a thread of its own every cfg->schedule_interval
 * seconds (0: NULL, no thread, nothing said). NULL with err when it cannot
 * start. Stop joins it. */
struct reg_issuer;
struct reg_issuer *registry_issuer_start(struct registry *r, char *err, size_t errsz);
void registry_issuer_stop(struct reg_issuer *s);

#endif
