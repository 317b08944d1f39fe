/*
 * notices.h — the rows of the public notice (公示) and its objections (store
 * module, issue 17): the notices running, the applications whose notice is
 * over, objections filed and judged, and the calendar's days. SQL only: the
 * registry (src/registry/notice.c, issuance.c) judges and holds the
 * transaction; these functions read and write on the connection handed in
 * and never commit or roll back.
 *
 * Every function returns STORE_OK, STORE_NOT_FOUND where said, or the class
 * of the failed statement (err says what).
 */
#ifndef TIER_NOTICES_H
#define TIER_NOTICES_H

#include "tier/buf.h"
#include "tier/calendar.h"
#include "tier/store.h"

#include <stddef.h>
#include <stdint.h>

struct db_conn;

#define NOTICE_PAGE_MAX 500     /* notices listed at most */
#define OBJECTION_REASON_MAX 2000 /* characters, objections.reason */
#define OBJECTION_CONTACT_MAX 200 /* characters, objections.contact */
#define OBJECTIONS_LISTED_MAX 100 /* objections of one application shown at most */

/* The calendar's days of years y0..y1 (table calendar_days) added to cal
 * (calendar.h; a day cal holds already is skipped). */
enum store_result notice_calendar_read(struct db_conn *m, int y0, int y1, struct calendar *cal,
                                       char *err, size_t errsz);

/* The oldest application in notice whose notice ended before `today`
 * ("YYYY-MM-DD"), with an id above `after`, locked (SELECT … FOR UPDATE SKIP
 * LOCKED: another daemon's step passes over a row this one holds). *id set;
 * STORE_NOT_FOUND when none is due. */
enum store_result notice_due_lock(struct db_conn *m, const char *today, uint64_t after,
                                  uint64_t *id, char *err, size_t errsz);

/* Move the application from `from` to `to` (a compare-and-set on the
 * status: STORE_NOT_FOUND when it is not in `from`) and append the audit
 * row (actor, action "notice.EVENT", detail). */
struct notice_move {
    uint64_t submission_id;
    const char *from, *to;
    const char *actor;  /* account name, "public" or "tierd" (the schedule) */
    const char *action; /* "notice.objection", "notice.over" */
    const char *detail; /* "" or a sentence */
};
enum store_result notice_move(struct db_conn *m, const struct notice_move *mv, char *err,
                              size_t errsz);

/* The notices running on `today`: applications in notice or objected whose
 * notice ends on or after today, as
 *   <notice id tier city ends status><name/><uscc/></notice>
 * elements appended to out (no contact, nothing else of the enterprise). */
enum store_result notice_list_xml(struct db_conn *m, const char *today, struct buf *out,
                                  char *err, size_t errsz);

/* The application's last day of notice ("" none) into ends. */
enum store_result notice_ends(struct db_conn *m, uint64_t submission_id, char ends[11],
                              char *err, size_t errsz);

/* The application's owner (USCC, city) and its last day of notice ("" none),
 * in one statement (the objections' read: scope check and notice together). */
enum store_result notice_owner_ends(struct db_conn *m, uint64_t submission_id, char uscc[19],
                                    char city[7], char ends[11], char *err, size_t errsz);

/* One objection filed, with its audit row (actor "public"; the detail names
 * the objection, never the contact). *id gets its id. */
struct objection_new {
    uint64_t submission_id;
    const char *reason, *contact, *address;
};
enum store_result objection_insert(struct db_conn *m, const struct objection_new *o,
                                   uint64_t *id, char *err, size_t errsz);

/* How many objections `address` filed in the last hour (the per-address cap,
 * config objection-rate: counted in the database, so it holds across
 * daemons). */
enum store_result objection_count_recent(struct db_conn *m, const char *address, long *n,
                                         char *err, size_t errsz);

/* Lock an objection's row: its application and status ("open", "upheld",
 * "dismissed"). STORE_NOT_FOUND when there is none. */
enum store_result objection_lock(struct db_conn *m, uint64_t id, uint64_t *submission_id,
                                 char status[13], char *err, size_t errsz);

/* Judge an open objection: status "upheld" or "dismissed", by account, with
 * the reason; audit row. STORE_NOT_FOUND when it is not open. */
struct objection_verdict {
    uint64_t id;
    const char *status;
    uint64_t account_id;
    const char *actor;
    const char *comment;
};
enum store_result objection_judge(struct db_conn *m, const struct objection_verdict *v,
                                  char *err, size_t errsz);

/* How many objections to the application are still open. */
enum store_result objection_open_count(struct db_conn *m, uint64_t submission_id, long *n,
                                       char *err, size_t errsz);

/* The application's objections, oldest first (at most OBJECTIONS_LISTED_MAX),
 * for the province: <objection id status filed decided><reason/><contact/>
 * <comment/></objection> appended to out. The contact is here because only
 * reviewers read this. */
enum store_result objection_list_xml(struct db_conn *m, uint64_t submission_id, struct buf *out,
                                     char *err, size_t errsz);

#endif
