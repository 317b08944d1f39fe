/*
 * registry.h — the use cases (registry module): submit, decide, revoke,
 * certificates, keys, accounts and tokens, targets, reports.
 *
 * The registry is what tierd's HTTP API, tierctl and (later) the web pages
 * call. It borrows a connection from the pool for each call, holds the
 * transaction, calls the pure modules (ingest, rules, review, sign, report)
 * and the store, and answers with an outcome enum of the use case plus a
 * sentence in Chinese and English (struct reg_says). It never speaks HTTP
 * and never writes a response: status codes and rendering are the
 * transport's.
 *
 * Every use case that writes runs in one transaction. When anything fails
 * before COMMIT, the database is as it was and the outcome says
 * "unavailable" (retry is safe). When the connection is lost at COMMIT, the
 * registry cannot know whether the change was made: the outcome says
 * "unknown", and the sentence says how to find out.
 *
 * Thread-safe: a struct registry is read-only after wiring; each call uses
 * its own connection.
 */
#ifndef TIER_REGISTRY_H
#define TIER_REGISTRY_H

#include "tier/accounts.h"
#include "tier/audit.h"
#include "tier/buf.h"
#include "tier/date.h"
#include "tier/decisions.h"
#include "tier/migrate.h"
#include "tier/report.h"
#include "tier/review.h"
#include "tier/submissions.h"
#include "tier/targets.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct tier_config;
struct db_pool;
struct ingest_schemas;
struct leading_policy;
struct sme_size_policy;
struct signer;
struct store_batcher;
struct reg_health;
struct reg_auth_cache;

/* What the use cases need, wired by tierd.c or tierctl.c. Borrowed: each
 * must outlive the registry's use. */
struct registry {
    const struct tier_config *cfg;        /* issuer, max-body */
    struct db_pool *db;
    const struct ingest_schemas *schemas; /* compiled once at start */
    const struct leading_policy *leading; /* 领航 thresholds, NULL = none configured */
    const struct sme_size_policy *sme_size; /* SME size limits, NULL = the 300号 figures */
    struct signer *signer;                /* who signs (signer.h): in-process for tierctl,
                                             a separate process for tierd; NULL = none */
    struct store_batcher *batcher;        /* group commit of applications; NULL = one by one */
    int wait_ms;                          /* how long a call waits for a connection */
    struct reg_health *health;            /* the background check (health.c); NULL =
                                             /healthz checks inline */
    int fault_injection;                  /* tests only: registry_fault_arm may arm */
    struct sign_key *root;                /* the trusted root's public key, read at start by
                                             registry_root_load (tierd reads it before it drops
                                             root); NULL = read root-pub at each use */
    struct reg_auth_cache *auth_cache;    /* tokens checked recently (registry_auth_cache_new);
                                             NULL = every call asks the database */
};

/* A sentence for people, in both languages, and a machine-readable word. */
#define REG_SAY_ZH 512
#define REG_SAY_EN 1024
struct reg_says {
    const char *code;     /* static: "not-found", "wrong-role", … */
    char zh[REG_SAY_ZH];  /* "" when there is no Chinese sentence */
    char en[REG_SAY_EN];
};

/* "zh (en)", or en alone, into out (cap bytes). Can't fail; cuts. */
void reg_says_text(const struct reg_says *s, char *out, size_t cap);

/* ---- who is asking ------------------------------------------------------------- */

enum reg_auth {
    REG_AUTH_OK = 0,
    REG_AUTH_UNKNOWN,     /* not a token of an enabled account, or expired/revoked */
    REG_AUTH_UNAVAILABLE, /* the database could not answer */
};

/* The account behind a bearer token. */
enum reg_auth registry_authenticate(struct registry *r, const char *token,
                                    struct principal *who);

/* The same for a use case that confirms the token itself in its first
 * statement (registry_submit does, in the statement that reads the
 * enterprise's titles): a token that passed registry_authenticate within
 * the last REG_AUTH_CACHE_SECONDS is answered from memory with who->confirm
 * set, saving a round trip; the use case refuses with its "unauthenticated"
 * outcome, and forgets the token, if it no longer passes (revoked, expired,
 * account disabled) — before anything is stored or answered. Any other
 * token goes to the database as registry_authenticate. */
#define REG_AUTH_CACHE_SECONDS 60
enum reg_auth registry_authenticate_confirmed(struct registry *r, const char *token,
                                              struct principal *who);

/* The memory of recently checked tokens (a fixed table of hashes and their
 * principals, for one tierd), and its end. NULL when out of memory. */
struct reg_auth_cache *registry_auth_cache_new(void);
void registry_auth_cache_free(struct reg_auth_cache *c);

/* Forget a token that no longer passes (the use case's confirmation failed). */
void registry_auth_forget(struct registry *r, const unsigned char sha256[32]);

/* May `who` see an enterprise with this USCC and city? Province reviewers
 * and admins see all, an enterprise its own USCC, a city reviewer its city.
 * Outside one's scope the answer is "not found", as for what does not exist. */
int registry_in_scope(const struct principal *who, const char *uscc, const char *city);

/* ---- operations ------------------------------------------------------------------- */

/* Is the database up? 0, or -1 with the reason in err. */
int registry_health(struct registry *r, char *err, size_t errsz);

/* While writes fail because the server cannot write (disk or table full,
 * read-only), the registry is "degraded": set by the first such failure,
 * cleared by the next write that commits. How long to wait before trying
 * again, in seconds, for an answer that says so. */
#define REG_CANNOT_WRITE_RETRY_S 30

struct reg_write_state {
    int degraded;              /* 1 while writes fail with "cannot write" */
    int64_t since_utc;         /* when the current degraded spell began (seconds) */
    uint64_t failures;         /* writes refused so since start */
};

/* The write state now. Any thread; can't fail. */
void registry_write_state(struct reg_write_state *out);

/* ---- health and deadlines (health.c) --------------------------------------------- */

/* Start the background checker of r (tierd): a thread that pings the
 * database once a second through the pool (a stale pooled link is replaced
 * on the spot), probes a write while the registry is degraded, and a
 * watchdog that every 100 ms cuts a borrowed connection past its request's
 * deadline. 0, or -1 with err (r->health stays NULL). */
int registry_health_start(struct registry *r, char *err, size_t errsz);

/* Stop and free what registry_health_start started. NULL health is fine. */
void registry_health_stop(struct registry *r);

enum reg_health_state {
    REG_HEALTH_OK = 0,
    REG_HEALTH_DEGRADED, /* reads work, writes fail ("cannot-write") */
    REG_HEALTH_DOWN,     /* the database is unreachable or does not answer */
};

struct reg_health_view {
    enum reg_health_state state;
    const char *reason;     /* static: "ok", "database-unreachable",
                               "database-not-answering", "cannot-write", "starting",
                               "signer-down" (degraded: approvals answer 503) */
    int64_t check_us;       /* how long the last finished check took */
    int64_t checked_ms_ago; /* since the last finished check */
    uint64_t deadline_cuts; /* connections cut past their deadline since start */
    const char *signer;     /* static: "up", "down" (restarting), "gone" (restart tierd),
                               "in-process", "none" */
    unsigned signer_restarts; /* signer processes started after the first */
};

/* The state as the checker last saw it: memory only, never waits (so
 * /healthz answers at once even while the database hangs). A check that
 * has been waiting longer than 500 ms reads as "database-not-answering".
 * Without a checker (r->health NULL) it checks inline (registry_health). */
void registry_health_view(struct registry *r, struct reg_health_view *out);

/* A request begins: the calling thread's database work must be done within
 * db-timeout from since_ms (CLOCK_MONOTONIC milliseconds, when it arrived
 * and waited for a worker; 0 = now). registry_request_end clears it. */
void registry_request_begin(struct registry *r, int64_t since_ms);
void registry_request_end(void);

/* Tests only (r->fault_injection set, tierd --fault-injection): arm the
 * pool's fault hook. kind "error" (errnum, sticky as db_fault_arm_error),
 * "drop", "lost-reply" or "none" (disarm); nth < 0 aims at the COMMIT. 0,
 * or -1 when not enabled or kind is unknown. */
int registry_fault_arm(struct registry *r, int nth, const char *kind, unsigned int errnum,
                       int sticky);

/* Database errors seen since start; applications stored in batches. */
uint64_t registry_db_errors(void);
void registry_batch_stats(struct registry *r, uint64_t *batches, uint64_t *batched);

/* ---- submit (submit.c) --------------------------------------------------------- */

enum submit_outcome {
    SUBMIT_STORED = 0,   /* judged and stored: receipt filled */
    SUBMIT_DUPLICATE,    /* the same bytes were stored before: receipt of the original */
    SUBMIT_INVALID,      /* not an application: errs and status say why; nothing stored */
    SUBMIT_WRONG_ROLE,   /* this account may not submit */
    SUBMIT_NOT_OWN,      /* the document is another enterprise's */
    SUBMIT_NOT_FOUND,    /* ?replaces names no application of this enterprise */
    SUBMIT_CANNOT_REPLACE, /* ?replaces names one that cannot be corrected */
    SUBMIT_CONFLICT,     /* one valid title per tier, or a ban (issue 17): says names the
                            certificate or application, or until when and why; 409 */
    SUBMIT_BAD_RENEWAL,  /* kind="renewal" naming no certificate: 422 */
    SUBMIT_UNAVAILABLE,  /* the database is down; nothing was stored */
    SUBMIT_UNKNOWN,      /* the connection was lost at COMMIT: post the same bytes again */
    SUBMIT_CANNOT_WRITE, /* the server cannot write now (disk or table full, read-only);
                            nothing was stored; try later */
    SUBMIT_ERROR,        /* anything else (logged) */
    SUBMIT_UNAUTHENTICATED, /* who->confirm, and the token no longer passes: nothing
                               stored (401) */
};

struct ingest_errors;

struct submit_result {
    enum submit_outcome outcome;
    struct reg_says says;
    uint64_t id;                       /* stored or duplicate */
    const struct receipt *receipt;     /* STORED, DUPLICATE (see below) */
    int ingest_status;                 /* INVALID: enum ingest_status */
    const struct ingest_errors *errs;  /* INVALID (see below) */
    char sha256_hex[65];               /* of the bytes received */
    int tier;                          /* enum tier_id judged, -1 before extraction */
    int eligible;                      /* STORED: 1 received, 0 ineligible */
    int64_t judge_us;                  /* time spent parsing, validating and judging */
    int token_confirmed;               /* who->confirm: the token was confirmed */
};

/* Judge and store one application from `who`: parse, validate, extract,
 * judge on the registry's date (UTC+8), store in one transaction (grouped
 * with others arriving together when the registry has a batcher). `replaces`
 * is the returned application it corrects (0 none). The receipt and errors
 * live in the calling thread's working memory (about 440 KB, kept for the
 * thread's life): valid until this thread's next registry_submit. */
void registry_submit(struct registry *r, const struct principal *who, const char *doc,
                     size_t len, uint64_t replaces, struct submit_result *res);

/* Do the first `len` bytes of an application that is still arriving already
 * show that registry_submit will refuse it? The pre-scan's bounds
 * (attributes per element and per document, namespace declarations, name
 * and value lengths) only grow with the document, so a prefix over them
 * means the whole is, refused with the same message. 0 when not (yet);
 * otherwise the ingest status (INGEST_TOO_COMPLEX) with the refusal in errs.
 * Pure and linear in len; any thread. The transport calls it as the body
 * arrives, at lengths that at least double, so the work stays linear. */
int registry_submit_precheck(const char *doc, size_t len, struct ingest_errors *errs);

/* The rows of an application judged (app, its findings f under rule set
 * rs): sn's enterprise, facts and findings point into app and f (nothing is
 * copied; they must outlive sn), rows holds f->count views. Callers fill the
 * document, hash, account, year, time and status. Can't fail. For the
 * registry's own submit and for tools that store synthetic data. */
struct application;
struct findings;
void registry_submission_rows(const struct application *app, const struct findings *f, int rs,
                              struct store_finding *rows, struct submission_new *sn);

/* ---- reading applications (submit.c) -------------------------------------------- */

enum read_outcome {
    READ_OK = 0,
    READ_NOT_FOUND,   /* no such thing, or not in the caller's scope */
    READ_FORBIDDEN,   /* a filter the caller may not use */
    READ_UNAVAILABLE, /* the database is down */
    READ_ERROR,       /* anything else (logged), or the answer is too large */
};

/* The receipt of a submission in who's scope (r is the caller's). */
enum read_outcome registry_receipt(struct registry *r, const struct principal *who, uint64_t id,
                                   struct receipt *out, struct reg_says *says);

/* The document as received; *doc is malloc'd (caller frees). */
enum read_outcome registry_document(struct registry *r, const struct principal *who,
                                    uint64_t id, char **doc, size_t *len, struct reg_says *says);

/* A page of submissions newest first, narrowed to who's scope (f is
 * changed: an enterprise sees its own, a city reviewer its city). */
enum read_outcome registry_list(struct registry *r, const struct principal *who,
                                struct submission_filter *f, struct submission_row *rows,
                                int *n, int *more, struct reg_says *says);

/* The statuses of an application, in the order of its way through review. */
#define REG_STATUSES 6
extern const char *const registry_statuses[REG_STATUSES];
#define REG_STATUS_COUNT_CAP 1000 /* a count above this reads as CAP + 1 ("more") */

/* How many applications in who's scope and f's filters (its status, cursor
 * and limit ignored) stand in each of registry_statuses, each counted up to
 * REG_STATUS_COUNT_CAP (f is narrowed as registry_list narrows it; an
 * enterprise's counts are all 0). */
enum read_outcome registry_status_counts(struct registry *r, const struct principal *who,
                                         struct submission_filter *f, long counts[REG_STATUSES],
                                         struct reg_says *says);

/* An enterprise's applications (up to SUBMISSION_PAGE_MAX, newest first)
 * when it is in who's scope. */
enum read_outcome registry_enterprise(struct registry *r, const struct principal *who,
                                      const char *uscc, struct submission_row *rows, int *n,
                                      struct reg_says *says);

/* The decisions of a submission as XML, when it is in who's scope. */
enum read_outcome registry_decisions_xml(struct registry *r, const struct principal *who,
                                         uint64_t id, struct buf *out, struct reg_says *says);

/* ---- decide (decide.c) --------------------------------------------------------- */

enum decide_outcome {
    DECIDE_DONE = 0,        /* recorded; an approval issued its certificate */
    DECIDE_NOT_FOUND,       /* no such application, or not in the caller's scope */
    DECIDE_WRONG_ROLE,      /* this role does not take this decision */
    DECIDE_OUT_OF_ORDER,    /* not possible in the application's state now */
    DECIDE_INCOMPLETE,      /* a comment or override reason is missing or too long */
    DECIDE_PREREQ_NOT_HELD, /* approval: a prerequisite title is not held */
    DECIDE_TITLE_HELD,      /* approval: the enterprise holds or awaits the tier already, or
                               is barred (re-checked under the lock; issue 17): 409 */
    DECIDE_CERT_INVALID,    /* approval: the certificate cannot be made */
    DECIDE_NO_KEY,          /* approval: no usable signing key; nothing changed */
    DECIDE_UNAVAILABLE,     /* the database, or the signer process, failed before COMMIT;
                               nothing changed */
    DECIDE_UNKNOWN,         /* the connection was lost at COMMIT: GET the decisions */
    DECIDE_CANNOT_WRITE,    /* the server cannot write now; nothing changed; try later */
    DECIDE_ERROR,           /* anything else (logged); nothing changed */
};

struct decide_request {
    uint64_t submission_id;
    const struct principal *who;
    enum review_decision decision;
    const char *comment;               /* "" or NULL when none */
    const char *override_reason;       /* NULL when none */
    const struct tier_date *issue_on;  /* certificate validity start; NULL = today (UTC+8).
                                          Only tierctl seed-demo sets it. */
    const char *idempotency_key;       /* the client's key (1-64 of A-Z a-z 0-9 - _ . :),
                                          NULL = none: sent again with the same key, a
                                          decision recorded before answers as it did */
    int no_notice;                     /* 1: an approval issues at once whatever notice-days
                                          says (tierctl seed-demo: demo data whose notices
                                          are long over) */
};

struct decide_result {
    enum decide_outcome outcome;
    struct reg_says says;
    uint64_t decision_id;
    char from[17], to[17];             /* states */
    char serial[STORE_SERIAL_LEN + 1]; /* the certificate an approval issued, else "" */
    int replayed;                      /* DONE: recorded before under the same key */
    char notice_ends[11];              /* an approval into the public notice: its last day,
                                          "YYYY-MM-DD"; else "" */
};

/* Take one decision: lock the application, let the review state machine
 * judge it, for an approval re-check the prerequisites as of the day the
 * registry received the application and make and sign the certificate,
 * record it all with audit rows, commit. Deadlocks are retried. */
void registry_decide(struct registry *r, const struct decide_request *rq,
                     struct decide_result *res);

/* ---- certificates (certificates.c) ------------------------------------------------ */

enum revoke_outcome {
    REVOKE_DONE = 0,
    REVOKE_NOT_FOUND,       /* no such certificate */
    REVOKE_WRONG_ROLE,      /* only a province reviewer revokes */
    REVOKE_NO_REASON,       /* a reason is required */
    REVOKE_BAD_CATEGORY,    /* the category is none of fraud, accident, dishonesty, tax,
                               request, other (issue 17) */
    REVOKE_ALREADY,         /* it was revoked before */
    REVOKE_UNAVAILABLE,     /* failed before COMMIT; nothing changed */
    REVOKE_UNKNOWN,         /* the connection was lost at COMMIT: GET the certificate */
    REVOKE_CANNOT_WRITE,    /* the server cannot write now; nothing changed; try later */
    REVOKE_ERROR,
};

struct revoke_result {
    enum revoke_outcome outcome;
    struct reg_says says;
};

/* Revoke a certificate, with its audit row, in one transaction. `category`
 * is a revocation category code (lifecycle.h); NULL or "" is "other". A
 * category that carries a ban (config ban-categories) bars new applications
 * of the tier, or of all tiers, for ban-years (issue 17). */
void registry_revoke(struct registry *r, const struct principal *who, const char *serial,
                     const char *reason, const char *category, struct revoke_result *res);

/* A certificate's row and signed document (c->document: caller frees),
 * and its state today: "valid", "expired", "superseded" (a renewal's
 * certificate replaced it) or "revoked". */
enum read_outcome registry_certificate(struct registry *r, const char *serial,
                                       struct cert_row *c, const char **state,
                                       struct reg_says *says);

/* GET /v1/certificates/{serial}: the row's status and dates around the
 * signed document, embedded as it is (exclusive C14N of its certificate
 * element is the same there as in the document alone). Appends to out. */
int registry_certificate_status_xml(const struct cert_row *c, const char *state,
                                    struct buf *out);

/* What this server found when it verified a certificate's signature with
 * the registry's public key named in it (registry_certificate_verify). */
struct cert_check {
    int verdict;                         /* enum cert_verdict (sign.h) */
    char key_id[STORE_KEY_ID_LEN + 1];   /* the key the certificate names */
    char alg[17];                        /* that key's algorithm, "" when unknown */
    char reason[256];                    /* why not valid; "" when valid */
};

/* Verify c's signature against the public key it names, as recorded in
 * signing_keys (an unknown key is CERT_INVALID with a reason). READ_OK with
 * chk filled, or the database's failure. */
enum read_outcome registry_certificate_verify(struct registry *r, const struct cert_row *c,
                                              struct cert_check *chk, struct reg_says *says);

/* The published list (public): certificates issued in `year` (CST), of
 * `tier` and `city` when not "", after serial `after` (""), at most `limit`
 * (1..PUBLISHED_PAGE_MAX) as XML:
 *   <published xmlns="urn:tierd:published:1" year tier city next="serial of
 *    the next page's start, or empty"><certificate serial tier city
 *    validFrom validUntil status="valid|revoked"><name/><uscc/></certificate>…
 * Nothing else of the enterprise. Appends to out. */
enum read_outcome registry_published_xml(struct registry *r, int year, const char *tier,
                                         const char *city, const char *after, int limit,
                                         struct buf *out, struct reg_says *says);

enum signed_outcome {
    SIGNED_OK = 0,
    SIGNED_NO_KEY,        /* no usable signing key on this server */
    SIGNED_UNAVAILABLE,
    SIGNED_ERROR,
};

/* The signed revocation list: *doc malloc'd (caller frees). */
enum signed_outcome registry_revocations(struct registry *r, char **doc, size_t *len,
                                         struct reg_says *says);

/* ---- reports (reports.c) --------------------------------------------------------- */

enum yearly_outcome {
    YEARLY_OK = 0,
    YEARLY_FORBIDDEN,     /* enterprises read no reports */
    YEARLY_NOT_FOUND,     /* another city's report, for a city reviewer */
    YEARLY_BAD_PARAMETER, /* the year or city cannot be reported */
    YEARLY_UNAVAILABLE,
    YEARLY_ERROR,
};

/* Fill *out with the yearly report of `year`, narrowed to `city` ("370100",
 * NULL = the province). who NULL is an operator (tierctl); a city reviewer's
 * report is its city's. Uses up to three connections at once when the pool
 * has them free (the grouped queries then run side by side). */
enum yearly_outcome registry_report(struct registry *r, const struct principal *who, int year,
                                    const char *city, struct report *out, struct reg_says *says);

/* The report filled from the database on up to three connections of the
 * caller's (report_fill.c): with three, the grouped counts run side by side.
 * For registry_report and the report benchmark. 0, or -1 with err (and
 * *errnum, 0 when the year or city cannot be reported). */
struct db_conn;
int report_fill_many(struct db_conn **conns, int nconns, int year, const char *city,
                     const struct tier_date *today, int64_t now_utc, struct report *r,
                     unsigned int *errnum, char *err, size_t errsz);

/* The reviewers' count of missing yearly updates (issue 17) added to a report
 * filled by report_fill_many: per tier with an update deadline (policy p),
 * the titles whose update due by the report's as-of day is missing. 0, or -1
 * with *errnum and err. */
struct lifecycle_policy;
int report_fill_updates(struct db_conn *m, const struct lifecycle_policy *p,
                        const struct tier_date *today, struct report *r, unsigned int *errnum,
                        char *err, size_t errsz);

/* ---- keys (keys.c) ------------------------------------------------------------- */

/* The registry's keys: signing keys and the log key, each vouched for by a
 * certificate of the offline root (xsd/key-certificate.xsd) that verifies
 * under the trusted root's public key (config root-pub). */
enum key_outcome {
    KEY_DONE = 0,
    KEY_NOT_FOUND,    /* registry_key_active: no key is active */
    KEY_UNCERTIFIED,  /* no certificate of the trusted root holds for this key (why in says);
                         nothing changed */
    KEY_NO_ROOT,      /* the server has no trusted root key (root-pub); nothing changed */
    KEY_UNAVAILABLE,  /* the database is down; nothing changed */
    KEY_CANNOT_WRITE, /* the database cannot write now; nothing changed */
    KEY_UNKNOWN,      /* the connection was lost at COMMIT: it may have been made */
    KEY_ERROR,
};

struct sign_key;
struct tier_config;

/* One key as listed (borrowed, valid during the callback). */
struct reg_key {
    const char *purpose;           /* "signing" or "log" */
    const char *id, *alg;          /* alg: sign_alg_name for signing keys */
    const char *from, *until;      /* period of use, "" when none (log: always "") */
    const char *pem;               /* signing keys: the public key; log: "" */
    const void *cert;              /* the stored certificate, cert_len 0 = none */
    size_t cert_len;
    int certified;                 /* the certificate verifies under the trusted root now */
    int active;                    /* signs now: only ever with certified */
    char why[512];                 /* not certified: why */
};

/* Every signing key (oldest first), then every log key certificate, each
 * handed to fn (non-zero stops). KEY_DONE, KEY_UNAVAILABLE or KEY_ERROR. */
enum key_outcome registry_key_list(struct registry *r, int (*fn)(const struct reg_key *, void *),
                                   void *arg, struct reg_says *says);

/* Record pub (if new) and make it the key that signs from now on; only
 * with a stored certificate (registry_key_certify) that verifies under the
 * trusted root, for purpose signing, now. Audited as actor; the retired and
 * the new key enter the transparency log in the same transaction. */
enum key_outcome registry_key_activate(struct registry *r, const struct sign_key *pub,
                                       const char *actor, struct reg_says *says);

/* The active key's id: KEY_DONE (id filled), KEY_NOT_FOUND when none is. */
enum key_outcome registry_key_active(struct registry *r, char id[STORE_KEY_ID_LEN + 1],
                                     struct reg_says *says);

/* Store a key certificate (made offline by tierctl key certify) after
 * checking it under the trusted root; replaces the key's earlier one.
 * Not audited (the activation it allows is); actor is kept for the interface. */
enum key_outcome registry_key_certify(struct registry *r, const void *doc, size_t len,
                                      const char *actor, struct reg_says *says);

/* Where the trusted root's public key is read from: root-pub, or
 * <key-dir>/root.pub.pem. */
void registry_root_pub_path(const struct tier_config *c, char *out, size_t cap);

/* Read the trusted root's public key once into r->root (tierd, before it
 * gives up root: the key folder stays the signer's). 0, or -1 with err
 * (no root yet: each use then reads root-pub itself and says why). */
int registry_root_load(struct registry *r, char *err, size_t errsz);

/* ---- wiring for tools (operators.c) ------------------------------------------------ */

/* Wire r for a tool such as tierctl: a pool of up to `conns` connections on
 * c (whose password must be loaded), the first one opened now so that a bad
 * configuration is said at once. Schemas, signer and batcher stay NULL for
 * the caller to set. 0, or -1 with a sentence in err (r then needs no
 * close). Borrows c. */
int registry_open(struct registry *r, const struct tier_config *c, int conns, char *err,
                  size_t errsz);

/* Close what registry_open opened (and the signer, when set). */
void registry_close(struct registry *r);

/* ---- operators' use cases (operators.c, account_ops.c) ------------------------- */

/* What an operator's use case (tierctl, the admin pages) came to. Every
 * write runs in one transaction with its audit row. */
enum op_outcome {
    OP_DONE = 0,
    OP_REFUSED,      /* a value is wrong as given: res->field names it; nothing changed */
    OP_EXISTS,       /* an account of that name exists already (field "name") */
    OP_NOT_FOUND,    /* no such account (enabled or disabled, as the act needs) or token */
    OP_BROKEN,       /* audit verify: the chain is broken (the sentence names the row) */
    OP_UNAVAILABLE,  /* the database could not answer, or failed before COMMIT; nothing
                        changed; a retry is safe */
    OP_UNKNOWN,      /* the connection was lost at COMMIT: it may or may not have been
                        made; the sentence says how to see */
    OP_CANNOT_WRITE, /* the server cannot write now (disk or table full, read-only);
                        nothing changed; try later */
    OP_ERROR,        /* anything else (logged); nothing changed */
};

struct op_result {
    enum op_outcome outcome;
    const char *field;     /* OP_REFUSED, OP_EXISTS: the input at fault ("name", "role",
                              "uscc", "city", "password", "year", "tier", "count", "kind",
                              "wording", "source"), else NULL. Static. */
    struct reg_says says;  /* always set: what was done, or why not */
};

/* Apply (apply = 1) or list (0) the migrations of sql_dir, calling each
 * (may be NULL when applying) per file; *count is the number applied, or
 * pending; *duplicate_titles the enterprise-and-tier pairs holding two or
 * more valid titles (stored before one title per tier was enforced; issue
 * 17: reported, nothing deleted). OP_DONE, OP_UNAVAILABLE, or OP_ERROR with
 * the file and line in the English sentence. */
void registry_migrate(struct registry *r, const char *sql_dir, int apply, migrate_each_fn each,
                      void *ctx, long *count, long *duplicate_titles, struct op_result *res);

/* An account to add. Borrowed. */
struct reg_account_new {
    const char *name;       /* [A-Za-z0-9._@-], 1..100 */
    enum role role;
    const char *uscc;       /* required for ROLE_ENTERPRISE, else NULL or "" */
    const char *city;       /* required for ROLE_CITY_REVIEWER (one of Shandong's 16),
                               else NULL or "" */
    const char *password;   /* NULL or "" = none (token-only); else password_acceptable */
    size_t password_len;
};

/* Add an account (with its password's scrypt hash when given) and its
 * audit row by `actor`, in one transaction. OP_DONE; OP_REFUSED with the
 * field; OP_EXISTS; or the write's failure. */
void registry_account_add(struct registry *r, const struct reg_account_new *a,
                          const char *actor, struct op_result *res);

/* Disable an enabled account (its tokens and sessions stop at once) /
 * enable a disabled one. OP_DONE, OP_NOT_FOUND, or the write's failure. */
void registry_account_disable(struct registry *r, const char *name, const char *actor,
                              struct op_result *res);
void registry_account_enable(struct registry *r, const char *name, const char *actor,
                             struct op_result *res);

/* The principal of an enabled account (*out). OP_DONE, OP_NOT_FOUND (none,
 * or disabled), OP_UNAVAILABLE, OP_ERROR. */
void registry_account_get(struct registry *r, const char *name, struct principal *out,
                          struct op_result *res);

/* Hand each account to each(ctx, row) (accounts.h). OP_DONE or the read's
 * failure. */
void registry_account_list(struct registry *r, account_row_fn each, void *ctx,
                           struct op_result *res);

/* Issue a token for an enabled account, valid `days` days (0 = no expiry),
 * audited. token_out (TOKEN_LEN + 1) holds it on OP_DONE and nowhere else
 * (only its SHA-256 is stored): show it once, then OPENSSL_cleanse it.
 * OP_DONE, OP_NOT_FOUND (no enabled account), or the write's failure (a
 * token whose COMMIT was lost was never shown: issue another). */
void registry_token_issue(struct registry *r, const char *name, int days, const char *actor,
                          char token_out[TOKEN_LEN + 1], struct op_result *res);

/* Hand each of an account's tokens to each(ctx, row). OP_DONE, OP_NOT_FOUND
 * (no such account), or the read's failure. */
void registry_token_list(struct registry *r, const char *name, token_row_fn each, void *ctx,
                         struct op_result *res);

/* Revoke one token by id, audited. OP_DONE, OP_NOT_FOUND (none, or revoked
 * already), or the write's failure. */
void registry_token_revoke(struct registry *r, uint64_t id, const char *actor,
                           struct op_result *res);

/* Make `role` (tierd's runtime role) hold exactly what sql_dir/runtime.grants
 * lists on the connected database, and nothing else there (privileges.c;
 * include/tier/grants.h says what the file may hold). Run as the schema's
 * owner after migrating. OP_DONE (the sentence says on how many tables),
 * OP_UNAVAILABLE, or OP_ERROR with what, where and why in the English
 * sentence (a table without a line, a privilege the file may not give, a
 * role that does not exist). */
void registry_grant_runtime(struct registry *r, const char *sql_dir, const char *role,
                            struct op_result *res);

/* Audit that an address is throttled after `fails` wrong tokens. OP_DONE,
 * or the write's failure (OP_UNAVAILABLE, OP_UNKNOWN, OP_CANNOT_WRITE,
 * OP_ERROR) with its sentence. */
void registry_auth_throttled(struct registry *r, const char *addr, long fails, long wait_s,
                             struct op_result *res);

/* Walk the audit chain. OP_DONE (intact: "N rows, head …"), OP_BROKEN (the
 * first broken row and why), or the read's failure; *chk the details. */
void registry_audit_verify(struct registry *r, struct audit_check *chk, struct op_result *res);

/* Hand each target of `year` to each(ctx, row) (targets.h). OP_DONE or the
 * read's failure. */
void registry_target_list(struct registry *r, int year, target_row_fn each, void *ctx,
                          struct op_result *res);

/* A target to set, as typed. Borrowed. */
struct reg_target_new {
    int year;
    const char *tier;     /* a tier code */
    const char *city;     /* NULL or "" = the province */
    long count;
    const char *kind;     /* "new" or "stock" */
    const char *wording;  /* "floor", "about" or "reach" */
    const char *source;   /* where the figure comes from; NULL = "" */
};

/* Set one target, audited. The values are checked here: OP_REFUSED with
 * the field (year 2000–2100, a tier code, one of the 16 cities or none,
 * count 0–10,000,000, kind new|stock, wording floor|about|reach, source at
 * most 300 bytes). OP_DONE or the write's failure. */
void registry_target_set(struct registry *r, const struct reg_target_new *t, const char *actor,
                         struct op_result *res);

/* How many tables the database holds (tierctl restore wants an empty one)
 * into *n. OP_DONE, or the read's failure (OP_UNAVAILABLE, OP_ERROR) with
 * its sentence (*n -1). */
void registry_table_count(struct registry *r, long *n, struct op_result *res);

/* Benches only (tierd --bench-without-log): from now on no act appends to
 * the transparency log, for the baseline of make bench-log. Never in
 * production: the log would miss acts. */
void registry_tlog_off_for_bench(void);

/* ---- the audit chain against the log (transparency.c) ---------------------------- */

enum audit_log_outcome {
    AUDIT_LOG_OK = 0,      /* every auditHead leaf matches its audit row (*checked of them) */
    AUDIT_LOG_REWRITTEN,   /* an audit row's hash differs from the one the log committed to,
                              or the row is gone: the chain was rewritten after it was logged
                              (says names the row and the leaf) */
    AUDIT_LOG_UNAVAILABLE,
    AUDIT_LOG_ERROR,
};

/* Compare the audit chain with every auditHead entry of the transparency
 * log: a chain rewritten and recomputed with SQL verifies by itself, but no
 * longer matches the head the log signed (and rewriting those leaves too
 * changes the tree, which log monitor catches). */
enum audit_log_outcome registry_audit_against_log(struct registry *r, long *checked,
                                                  struct reg_says *says);

/* ---- the transparency log (transparency.c; docs/transparency.md) ---------------- */

/* Move up to `max` queued log entries (the acts' own, committed with them),
 * oldest first, into the tree, in one transaction under tlog_head's row
 * lock; safe with any number of daemons doing the same. 0 with *appended
 * (how many) and *size (the tree's size after; set only when 0), or -1 with
 * err. */
int registry_tlog_sequence(struct registry *r, size_t max, uint64_t *appended, uint64_t *size,
                           char *err, size_t errsz);

/* Reads (log_read.c). Each answers READ_OK with text appended to out, or
 * READ_NOT_FOUND with a sentence (no such leaf, size, range or checkpoint),
 * or the database's failure. */
#define REG_LOG_ENTRIES_MAX 256
/* The signed revocation list's nextUpdate: this many seconds after issuedAt. */
#define REG_REVOCATIONS_NEXT_UPDATE_S 3600
#define REG_BUNDLE_HEADER "tierd-bundle@v1"

/* The newest signed checkpoint (C2SP checkpoint note). */
enum read_outcome registry_log_checkpoint(struct registry *r, struct buf *out,
                                          struct reg_says *says);

/* Leaves [start, end) (at most REG_LOG_ENTRIES_MAX) as <logEntries
 * xmlns="urn:tierd:log:1" start end><leaf index="i">ENTRY</leaf>…, each
 * ENTRY its canonical bytes verbatim. */
enum read_outcome registry_log_entries(struct registry *r, uint64_t start, uint64_t end,
                                       struct buf *out, struct reg_says *says);

/* The inclusion proof (c2sp.org/tlog-proof@v1, with the checkpoint) of leaf
 * `index`, or when serial is not NULL of that certificate's
 * certificateIssued leaf, in the tree of the checkpoint of `size` leaves
 * (0: the newest checkpoint). */
enum read_outcome registry_log_inclusion(struct registry *r, uint64_t size, uint64_t index,
                                         const char *serial, struct buf *out,
                                         struct reg_says *says);

/* The consistency proof between the trees of old_size and size leaves
 * (0 < old_size <= size <= the log's size):
 *     tierd-consistency@v1\nold N\nsize M\n<base64 hash>\n…            */
enum read_outcome registry_log_consistency(struct registry *r, uint64_t old_size, uint64_t size,
                                           struct buf *out, struct reg_says *says);

/* A certificate's bundle, for checking offline (tierctl verify --bundle):
 *     tierd-bundle@v1\n
 *     certificate <base64 of the signed certificate document>\n
 *     entry <base64 of its certificateIssued entry>\n
 *     \n
 *     <the tlog-proof of that entry at the newest checkpoint>          */
enum read_outcome registry_certificate_bundle(struct registry *r, const char *serial,
                                              struct buf *out, struct reg_says *says);

/* What one step of the log's upkeep did. */
struct reg_log_step {
    uint64_t sequenced;       /* queued entries that became leaves */
    uint64_t checkpoint_size; /* the size a new checkpoint was signed for, 0 = none signed */
    int audit_head;           /* 1 when an auditHead entry was queued */
};

/* One step (tierd runs it every checkpoint-interval seconds): when
 * audit_last is not NULL, queue an entry committing to the audit chain's
 * head unless that head is *audit_last (the row id last logged; updated);
 * sequence
 * everything queued; then, when r->signer has the log key (key-dir/log.key,
 * Ed25519; signer_has_log_key), have it sign the checkpoint of the tree's
 * size unless one exists for it — the first step signs the empty tree. A
 * checkpoint is kept once per size (the primary key), so daemons stepping at
 * once sign it once. 0, or -1 with err (the signer down included: the next
 * step signs). */
int registry_log_step(struct registry *r, int64_t *audit_last, struct reg_log_step *out,
                      char *err, size_t errsz);

/* The step on a thread of its own, every cfg->checkpoint_interval seconds
 * (failures logged once each). NULL with err when it cannot start. Stop
 * joins it. Checkpoints are signed by r->signer, which must outlive the
 * thread. */
struct reg_logger;
struct reg_logger *registry_logger_start(struct registry *r, char *err, size_t errsz);
void registry_logger_stop(struct reg_logger *l);

/* ---- demonstration data (seed.c) ------------------------------------------------- */

/* tierctl seed-demo: judge and store a synthetic application as if received
 * at `submitted_at` (UTC, "YYYY-MM-DDTHH:MM:SS.uuuuuuZ") on day `on` (UTC+8),
 * with no account behind it. Outcomes as registry_submit. */
void registry_submit_dated(struct registry *r, const char *doc, size_t len,
                           const struct tier_date *on, const char *submitted_at,
                           struct submit_result *res);

/* tierctl seed-demo: revoke up to `want` unrevoked certificates valid from
 * within `year`, lowest serials first, as `who` with `reason`. The number
 * revoked, or -1 with a sentence in err. */
long registry_revoke_some(struct registry *r, const struct principal *who, int year, long want,
                          const char *reason, char *err, size_t errsz);

/* tierctl seed-demo: the number of enterprises that are not demonstration
 * data (real applicants), or -1 with a sentence in err. */
long registry_count_real_enterprises(struct registry *r, char *err, size_t errsz);

/* The number of targets set for `year` (province and cities), or -1 with a
 * sentence in err. */
long registry_target_count(struct registry *r, int year, char *err, size_t errsz);

#endif
