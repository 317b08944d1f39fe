/*
 * certificates.c — revocation, a certificate's state, the signed revocation
 * list and the public keys (see registry.h).
 *
 * Revocation is one transaction: lock the certificate's row, refuse when it
 * was revoked before, mark it and append the audit row, commit. A connection
 * lost at COMMIT leaves the outcome unknown; the sentence says to read the
 * certificate's status.
 */
#include "registry_int.h"

#include "tier/db.h"
#include "tier/keys.h"
#include "tier/published.h"
#include "tier/sign.h"
#include "tier/signer.h"
#include "tier/lifecycle.h"
#include "tier/titles.h"
#include "tier/tlog_checkpoint.h"
#include "tier/tlog_entry.h"
#include "tier/tlog_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int blank(const char *s)
{
    if (s == NULL)
        return 1;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    return *s == '\0';
}

/* One attempt. 0 answered (res set), 1 failed before COMMIT (*sr), 2 lost
 * at COMMIT. */
static int revoke_once(struct db_conn *m, const struct principal *who, const char *serial,
                       const char *reason, const char *category, struct revoke_result *res,
                       enum store_result *sr, char *err, size_t errsz)
{
    char revoked[32];
    unsigned int e = 0;

    if (db_begin(m, &e, err, errsz) != 0) {
        *sr = store_classify(e);
        return 1;
    }
    *sr = cert_lock(m, serial, revoked, err, errsz);
    if (*sr == STORE_NOT_FOUND) {
        db_rollback(m);
        res->outcome = REVOKE_NOT_FOUND;
        reg_say(&res->says, "not-found", "没有这份证书", "no such certificate");
        return 0;
    }
    if (*sr == STORE_OK && revoked[0]) {
        db_rollback(m);
        res->outcome = REVOKE_ALREADY;
        reg_say(&res->says, "already-revoked", NULL,
                "certificate %s was already revoked at %s", serial, revoked);
        snprintf(res->says.zh, sizeof res->says.zh, "证书已于 %s 撤销", revoked);
        return 0;
    }
    if (*sr == STORE_OK)
        *sr = cert_revoke(m, serial, who->name, reason, err, errsz);
    if (*sr == STORE_OK)
        *sr = title_set_category(m, serial, category, err, errsz);
    if (*sr == STORE_OK) {
        /* the log names the category; none given is `other` */
        char at[21];
        struct tlog_entry le = {.kind = TLOG_ENTRY_CERT_REVOKED};
        enum revocation_category rc = revocation_category_parse(category);

        reg_tlog_time((int64_t)time(NULL), at);
        le.serial = serial;
        le.category = revocation_category_name(rc == REVOCATION_NONE ? REVOCATION_OTHER : rc);
        le.revoked_at = at;
        *sr = reg_tlog_append(m, &le, serial, err, errsz);
    }
    if (*sr != STORE_OK) {
        if (*sr != STORE_CONN)
            db_rollback(m);
        return 1;
    }
    if (db_commit(m, &e, err, errsz) != 0) {
        *sr = store_classify(e);
        if (*sr == STORE_CONN)
            return 2;
        db_rollback(m);
        return 1;
    }
    res->outcome = REVOKE_DONE;
    res->says.code = "revoked";
    return 0;
}

void registry_revoke(struct registry *r, const struct principal *who, const char *serial,
                     const char *reason, const char *category, struct revoke_result *res)
{
    enum revocation_category cat = revocation_category_parse(category);
    enum store_result sr = STORE_ERROR;
    char err[512] = "";
    struct db_conn *m;
    int rc = 1;

    memset(res, 0, sizeof *res);
    if (who->role != ROLE_PROVINCE_REVIEWER) {
        res->outcome = REVOKE_WRONG_ROLE;
        reg_say(&res->says, "wrong-role", "只有省级审核员可以撤销证书",
                "only a province reviewer may revoke a certificate; '%s' is a %s", who->name,
                role_name(who->role));
        return;
    }
    if (!cert_serial_valid(serial)) {
        res->outcome = REVOKE_NOT_FOUND;
        reg_say(&res->says, "not-found", "证书编号格式不对", "'%.40s' is not a certificate serial",
                serial);
        return;
    }
    if (blank(reason)) {
        res->outcome = REVOKE_NO_REASON;
        reg_say(&res->says, "reason-required", "撤销必须说明理由", "a revocation needs a <reason>");
        return;
    }
    if (cat == REVOCATION_NONE) {
        res->outcome = REVOKE_BAD_CATEGORY;
        reg_say(&res->says, "bad-category",
                "撤销类别须为 fraud（数据造假）、accident（重大安全质量环境事故）、dishonesty（严重失信）、"
                "tax（偷税漏税）、request（企业申请）或 other（其他）",
                "<category> '%.20s' is none of fraud, accident, dishonesty, tax, request, other",
                category);
        return;
    }
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL) {
        res->outcome = REVOKE_UNAVAILABLE;
        reg_say_unavailable(&res->says, "nothing was changed");
        return;
    }
    for (int attempt = 0; attempt < REG_ATTEMPTS; attempt++) {
        rc = revoke_once(m, who, serial, reason, revocation_category_name(cat), res, &sr, err,
                         sizeof err);
        if (rc != 1 || sr != STORE_RETRY)
            break;
    }
    reg_conn_put(r, m, rc == 2 ? STORE_CONN : sr);
    if (rc == 0) {
        if (res->outcome == REVOKE_DONE)
            reg_write_note(STORE_OK);
        return;
    }
    if (rc == 1 && sr == STORE_FULL) {
        reg_write_note(sr);
        res->outcome = REVOKE_CANNOT_WRITE;
        reg_say_cannot_write(&res->says);
    } else if (rc == 2) {
        res->outcome = REVOKE_UNKNOWN;
        reg_say(&res->says, "outcome-unknown", "与数据库的连接在提交时中断，证书可能已撤销，也可能没有",
                "the connection to the registry database was lost while committing; the "
                "certificate may or may not have been revoked. GET /v1/certificates/%s in a few "
                "seconds to see its status",
                serial);
    } else if (sr == STORE_CONN || sr == STORE_RETRY) {
        res->outcome = REVOKE_UNAVAILABLE;
        reg_say_unavailable(&res->says, "nothing was changed");
    } else {
        res->outcome = REVOKE_ERROR;
        reg_say_error(&res->says, err);
    }
}

/* A certificate's state today, the same for the check page and the
 * published list: revoked, superseded (a renewal's certificate replaced it),
 * expired (valid_until before today), else valid. */
static const char *cert_state_of(const char *revoked_at, const char *superseded_by,
                                 const char *valid_until, const struct tier_date *today)
{
    struct tier_date until;

    if (revoked_at[0])
        return "revoked";
    if (superseded_by[0])
        return "superseded";
    if (date_parse(valid_until, strlen(valid_until), &until) == 0 && date_cmp(today, &until) > 0)
        return "expired";
    return "valid";
}

static const char *cert_state(const struct cert_row *c)
{
    struct tier_date today = date_today_cst();

    return cert_state_of(c->revoked_at, c->superseded_by, c->valid_until, &today);
}

enum read_outcome registry_certificate(struct registry *r, const char *serial,
                                       struct cert_row *c, const char **state,
                                       struct reg_says *says)
{
    enum store_result sr;
    char err[512] = "";
    struct db_conn *m;

    memset(c, 0, sizeof *c);
    if (!cert_serial_valid(serial)) {
        reg_say(says, "not-found", "证书编号格式不对", "'%.40s' is not a certificate serial", serial);
        return READ_NOT_FOUND;
    }
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL)
        return reg_read_failed(STORE_CONN, err, says);
    sr = cert_load(m, serial, c, err, sizeof err);
    reg_conn_put(r, m, sr);
    if (sr == STORE_NOT_FOUND) {
        reg_say(says, "not-found", "没有这份证书", "no certificate %s", serial);
        return READ_NOT_FOUND;
    }
    if (sr != STORE_OK)
        return reg_read_failed(sr, err, says);
    *state = cert_state(c);
    return READ_OK;
}

/* The list's freshness: the newest checkpoint's size (read first: every
 * revocation logged below it is committed, so listed) and the revocations
 * the log holds below it. */
static enum store_result revocation_freshness(struct db_conn *m, struct rev_freshness *f,
                                              char *err, size_t errsz)
{
    char *note = malloc(TLOG_NOTE_MAX);
    size_t len = 0;
    unsigned int e = 0;
    int have;

    memset(f, 0, sizeof *f);
    f->next_update_s = REG_REVOCATIONS_NEXT_UPDATE_S;
    if (note == NULL)
        return STORE_ERROR;
    have = store_tlog_checkpoint_latest(m, note, TLOG_NOTE_MAX, &len, &f->log_size, &e, err,
                                        errsz);
    free(note);
    if (have < 0 ||
        (have > 0 && store_tlog_count_kind(m, "certificateRevoked", f->log_size, &f->sequence,
                                           &e, err, errsz) != 0))
        return store_classify(e);
    return STORE_OK;
}

int registry_certificate_status_xml(const struct cert_row *c, const char *state,
                                    struct buf *out)
{
    const char *d = c->document;
    int rc = 0;

    if (strncmp(d, "<?xml", 5) == 0 && strstr(d, "?>") != NULL)
        d = strstr(d, "?>") + 2;
    while (*d == '\n' || *d == '\r' || *d == ' ')
        d++;
    rc |= buf_printf(out,
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<certificateStatus xmlns=\"urn:"
                     "tierd:certificate-status:1\" serial=\"%s\" status=\"%s\" tier=\"%s\" "
                     "validFrom=\"%s\" validUntil=\"%s\" keyId=\"%s\"",
                     c->serial, state, c->tier, c->valid_from, c->valid_until, c->key_id);
    if (c->revoked_at[0])
        rc |= buf_printf(out, " revokedAt=\"%s\"", c->revoked_at);
    if (c->superseded_by[0])
        rc |= buf_printf(out, " supersededBy=\"%s\" supersededAt=\"%s\"", c->superseded_by,
                         c->superseded_at);
    rc |= buf_adds(out, ">\n");
    if (c->revoked_at[0]) {
        rc |= buf_adds(out, "  <revocationReason>");
        rc |= buf_adds_xml(out, c->reason);
        rc |= buf_adds(out, "</revocationReason>\n");
    }
    rc |= buf_printf(out, "  <document href=\"/v1/certificates/%s/document\"/>\n", c->serial);
    rc |= buf_adds(out, d);
    rc |= buf_adds(out, "\n</certificateStatus>\n");
    return rc ? -1 : 0;
}

enum read_outcome registry_certificate_verify(struct registry *r, const struct cert_row *c,
                                              struct cert_check *chk, struct reg_says *says)
{
    struct sign_key *pub = NULL;
    struct db_conn *m;
    char err[512] = "", *pem;
    unsigned int e = 0;
    int found;

    memset(chk, 0, sizeof *chk);
    chk->verdict = CERT_VERIFY_ERROR;
    snprintf(chk->key_id, sizeof chk->key_id, "%s", c->key_id);
    pem = malloc(8192);
    m = pem ? reg_conn_get(r, err, sizeof err) : NULL;
    if (m == NULL) {
        free(pem);
        return reg_read_failed(STORE_CONN, pem ? err : "out of memory", says);
    }
    found = key_public_pem(m, c->key_id, pem, 8192, chk->alg, &e, err, sizeof err);
    reg_conn_put(r, m, found < 0 ? store_classify(e) : STORE_OK);
    if (found < 0) {
        free(pem);
        return reg_read_failed(store_classify(e), err, says);
    }
    if (found == 0) {
        chk->verdict = CERT_INVALID;
        snprintf(chk->reason, sizeof chk->reason, "登记机关没有编号为 %.16s… 的公钥", c->key_id);
    } else if (sign_key_load_public(pem, strlen(pem), &pub, err, sizeof err) != 0) {
        snprintf(chk->reason, sizeof chk->reason, "公钥无法读取（%.200s）", err);
    } else {
        chk->verdict = cert_verify(c->document, c->doc_len, pub, NULL, chk->reason,
                                   sizeof chk->reason);
        if (chk->verdict == CERT_VALID)
            chk->reason[0] = '\0';
    }
    sign_key_free(pub);
    free(pem);
    return READ_OK;
}

enum read_outcome registry_published_xml(struct registry *r, int year, const char *tier,
                                         const char *city, const char *after, int limit,
                                         struct buf *out, struct reg_says *says)
{
    struct published_row *rows;
    struct tier_date today = date_today_cst();
    struct db_conn *m;
    char err[512] = "";
    unsigned int e = 0;
    long n;
    int rc = 0;

    if (limit < 1 || limit > PUBLISHED_PAGE_MAX)
        limit = PUBLISHED_PAGE_MAX;
    rows = calloc((size_t)limit + 1, sizeof *rows);
    if (rows == NULL)
        return reg_read_failed(STORE_ERROR, "out of memory", says);
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL) {
        free(rows);
        return reg_read_failed(STORE_CONN, err, says);
    }
    n = published_list(m, year, tier, city, after, rows, (size_t)limit + 1, &e, err, sizeof err);
    reg_conn_put(r, m, n < 0 ? store_classify(e) : STORE_OK);
    if (n < 0) {
        free(rows);
        return reg_read_failed(store_classify(e), err, says);
    }
    rc |= buf_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<published xmlns=\"urn:"
                          "tierd:published:1\" year=\"%d\" tier=\"", year);
    rc |= buf_adds_xml(out, tier);
    rc |= buf_adds(out, "\" city=\"");
    rc |= buf_adds_xml(out, city);
    rc |= buf_adds(out, "\" next=\"");
    if (n > limit)
        rc |= buf_adds_xml(out, rows[limit - 1].serial);
    rc |= buf_adds(out, "\">\n");
    for (long i = 0; i < n && i < limit; i++) {
        const struct published_row *p = &rows[i];
        rc |= buf_printf(out, "  <certificate serial=\"%s\" tier=\"%s\" city=\"%s\" "
                              "validFrom=\"%s\" validUntil=\"%s\" status=\"%s\"",
                         p->serial, p->tier, p->city, p->valid_from, p->valid_until,
                         cert_state_of(p->revoked_at, p->superseded_by, p->valid_until, &today));
        if (p->superseded_by[0] && !p->revoked_at[0])
            rc |= buf_printf(out, " supersededBy=\"%s\"", p->superseded_by);
        rc |= buf_adds(out, "><name>");
        rc |= buf_adds_xml(out, p->name);
        rc |= buf_printf(out, "</name><uscc>%s</uscc></certificate>\n", p->uscc);
    }
    rc |= buf_adds(out, "</published>\n");
    free(rows);
    if (rc != 0)
        return reg_read_failed(STORE_ERROR, "the published list is larger than the answer's limit",
                               says);
    return READ_OK;
}

enum signed_outcome registry_revocations(struct registry *r, char **doc, size_t *len,
                                         struct reg_says *says)
{
    struct buf list;
    struct rev_freshness fresh;
    enum store_result sr;
    enum signed_outcome so = SIGNED_ERROR;
    char err[512] = "", key_id[SIGN_KEY_ID_LEN + 1];
    enum signer_result sg;
    unsigned int e = 0;
    struct db_conn *m;
    int found = 0;

    *doc = NULL;
    *len = 0;
    m = reg_conn_get(r, err, sizeof err);
    if (m == NULL) {
        reg_say_unavailable(says, "nothing was changed");
        return SIGNED_UNAVAILABLE;
    }
    buf_init(&list, 16u << 20);
    sr = revocation_freshness(m, &fresh, err, sizeof err);
    if (sr == STORE_OK)
        sr = cert_revocations_xml(m, &fresh, &list, err, sizeof err);
    if (sr == STORE_OK) {
        found = key_active_id(m, key_id, &e, err, sizeof err);
        if (found < 0)
            sr = store_classify(e);
    }
    reg_conn_put(r, m, sr);
    if (sr == STORE_CONN || sr == STORE_RETRY) {
        reg_say_unavailable(says, "nothing was changed");
        so = SIGNED_UNAVAILABLE;
    } else if (sr != STORE_OK) {
        reg_say_error(says, err);
    } else if (found == 0 || r->signer == NULL) {
        reg_say(says, "no-signing-key", "撤销清单无法签名",
                "the revocation list cannot be signed: no signing key is active on this server");
        so = SIGNED_NO_KEY;
    } else {
        sg = signer_revocations_sign(r->signer, key_id, list.data, list.len, doc, len, err,
                                     sizeof err);
        if (sg == SIGNER_OK) {
            so = SIGNED_OK;
        } else if (sg == SIGNER_DOWN) {
            fprintf(stderr, "tierd: signing the revocation list: %s\n", err);
            reg_say(says, "signer-unavailable", "签名服务暂时不可用，请稍后重试",
                    "the signer process is restarting; try again in a few seconds");
            so = SIGNED_UNAVAILABLE;
        } else {
            fprintf(stderr, "tierd: signing the revocation list failed: %s\n", err);
            reg_say(says, "no-signing-key", "撤销清单无法签名",
                    "the revocation list cannot be signed with the active key on this server; "
                    "see its log");
            so = SIGNED_NO_KEY;
        }
    }
    buf_free(&list);
    return so;
}
