/*
 * entry.c — canonical bytes of transparency log entries (see tlog_entry.h and
 * xsd/log-entry.xsd).
 *
 * Each kind is a table of (element name, field, check) rows in the schema's
 * order: one loop checks every field first, a second writes them, so an entry
 * with a bad field writes nothing. The checks are the schema's patterns in C
 * (plus the USCC's check characters and real calendar dates), and they admit
 * only ASCII with no character XML would escape: the bytes written are the
 * canonical form without any escaping step.
 */
#include "tier/tlog_entry.h"

#include "tier/date.h"
#include "tier/tier.h"
#include "tier/uscc.h"
#include "tlog_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

typedef int (*field_check)(const char *s);

struct field {
    const char *element;
    size_t offset;            /* of the const char * in struct tlog_entry */
    field_check check;
    const char *expected;     /* what the check wants, for the refusal */
};

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int check_serial(const char *s)
{
    static const char *const prefixes = "IS TS TI SS LG SC LD HT GZ UN ";
    char pre[4];

    if (strlen(s) != 26 || s[2] != '-' || s[7] != '-')
        return 0;
    snprintf(pre, sizeof pre, "%.2s ", s);
    if (strstr(prefixes, pre) == NULL || (strstr(prefixes, pre) - prefixes) % 3 != 0)
        return 0;
    for (int i = 3; i < 7; i++) {
        if (!is_digit(s[i]))
            return 0;
    }
    for (int i = 8; i < 26; i++) {
        /* Crockford base32: digits and upper-case letters but I, L, O, U */
        if (!is_digit(s[i]) && !(s[i] >= 'A' && s[i] <= 'Z' && !strchr("ILOU", s[i])))
            return 0;
    }
    return 1;
}

static int check_uscc(const char *s)
{
    return uscc_check(s, strlen(s), NULL) == USCC_OK;
}

static int check_tier(const char *s)
{
    return tier_by_code(s) != NULL;
}

static int check_date(const char *s)
{
    struct tier_date d;

    return strlen(s) == 10 && date_parse(s, 10, &d) == 0;
}

static int check_instant(const char *s)
{
    struct tier_date d;
    int h, mi, se;

    if (strlen(s) != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' ||
        date_parse(s, 10, &d) != 0)
        return 0;
    for (int i = 11; i < 19; i++) {
        if (i != 13 && i != 16 && !is_digit(s[i]))
            return 0;
    }
    h = (s[11] - '0') * 10 + s[12] - '0';
    mi = (s[14] - '0') * 10 + s[15] - '0';
    se = (s[17] - '0') * 10 + s[18] - '0';
    return h < 24 && mi < 60 && se < 60;
}

static int check_sha256(const char *s)
{
    if (strlen(s) != 64)
        return 0;
    for (int i = 0; i < 64; i++) {
        if (!is_digit(s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
            return 0;
    }
    return 1;
}

static int check_category(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > 40 || !(s[0] >= 'a' && s[0] <= 'z'))
        return 0;
    for (size_t i = 1; i < n; i++) {
        if (!(s[i] >= 'a' && s[i] <= 'z') && !is_digit(s[i]) && s[i] != '-')
            return 0;
    }
    return 1;
}

static int check_algorithm(const char *s)
{
    return strcmp(s, "ed25519") == 0 || strcmp(s, "sm2-sm3") == 0 ||
           strcmp(s, "ecdsa-p256-sha256") == 0;
}

#define F(el, member, check, what) {el, offsetof(struct tlog_entry, member), check, what}
#define SERIAL "a serial such as LG-2026-01KR7SZC1V1AC0429V"
#define INSTANT "UTC time YYYY-MM-DDTHH:MM:SSZ"
#define HEX "64 lower-case hex digits"

static const struct field issued[] = {
    F("serial", serial, check_serial, SERIAL),
    F("uscc", uscc, check_uscc, "a valid 统一社会信用代码 (18 characters, check characters right)"),
    F("tier", tier, check_tier, "a tier code such as little-giant"),
    F("validFrom", valid_from, check_date, "a real date YYYY-MM-DD"),
    F("validUntil", valid_until, check_date, "a real date YYYY-MM-DD"),
    F("issuedAt", issued_at, check_instant, INSTANT),
    F("certificateSha256", cert_sha256, check_sha256, HEX),
};

static const struct field revoked[] = {
    F("serial", serial, check_serial, SERIAL),
    F("category", category, check_category, "a token [a-z][a-z0-9-]{0,39}"),
    F("revokedAt", revoked_at, check_instant, INSTANT),
};

static const struct field key_event[] = {
    F("keyId", key_id, check_sha256, HEX),
    F("algorithm", algorithm, check_algorithm, "ed25519, sm2-sm3 or ecdsa-p256-sha256"),
    F("spkiSha256", spki_sha256, check_sha256, HEX),
    F("at", at, check_instant, INSTANT),
};

static const struct field audit_head[] = {
    F("headSha256", head_sha256, check_sha256, HEX),
    F("at", at, check_instant, INSTANT),
};

const char *tlog_entry_kind_name(enum tlog_entry_kind kind)
{
    switch (kind) {
    case TLOG_ENTRY_CERT_ISSUED:
        return "certificateIssued";
    case TLOG_ENTRY_CERT_REVOKED:
        return "certificateRevoked";
    case TLOG_ENTRY_KEY_ACTIVATED:
        return "keyActivated";
    case TLOG_ENTRY_KEY_RETIRED:
        return "keyRetired";
    case TLOG_ENTRY_AUDIT_HEAD:
        return "auditHead";
    }
    return NULL;
}

static const char *field_value(const struct tlog_entry *e, const struct field *f)
{
    return *(const char *const *)((const char *)e + f->offset);
}

int tlog_entry_encode(const struct tlog_entry *e, struct buf *out, char *err, size_t errsz)
{
    const char *kind = tlog_entry_kind_name(e->kind);
    const struct field *fs;
    size_t n, before = out->len;
    int rc = 0;

    switch (e->kind) {
    case TLOG_ENTRY_CERT_ISSUED:
        fs = issued, n = sizeof issued / sizeof issued[0];
        break;
    case TLOG_ENTRY_CERT_REVOKED:
        fs = revoked, n = sizeof revoked / sizeof revoked[0];
        break;
    case TLOG_ENTRY_KEY_ACTIVATED:
    case TLOG_ENTRY_KEY_RETIRED:
        fs = key_event, n = sizeof key_event / sizeof key_event[0];
        break;
    case TLOG_ENTRY_AUDIT_HEAD:
        fs = audit_head, n = sizeof audit_head / sizeof audit_head[0];
        if (e->audit_row_id < 1) {
            snprintf(err, errsz, "log entry auditHead/rowId: %" PRId64 " is not a row id (>= 1)",
                     e->audit_row_id);
            return -1;
        }
        break;
    default:
        snprintf(err, errsz, "log entry: unknown kind %d", (int)e->kind);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const char *v = field_value(e, &fs[i]);

        if (v == NULL || !fs[i].check(v)) {
            snprintf(err, errsz, "log entry %s/%s: \"%.80s\" is not %s", kind, fs[i].element,
                     v ? v : "(missing)", fs[i].expected);
            return -1;
        }
    }
    rc |= buf_printf(out, "<entry xmlns=\"%s\"><%s>", TLOG_ENTRY_NS, kind);
    if (e->kind == TLOG_ENTRY_AUDIT_HEAD)
        rc |= buf_printf(out, "<rowId>%" PRId64 "</rowId>", e->audit_row_id);
    for (size_t i = 0; i < n; i++)
        rc |= buf_printf(out, "<%s>%s</%s>", fs[i].element, field_value(e, &fs[i]),
                         fs[i].element);
    rc |= buf_printf(out, "</%s></entry>", kind);
    if (rc != 0) {
        tlog_buf_restore(out, before);
        snprintf(err, errsz, "log entry %s: longer than the buffer's cap", kind);
        return -1;
    }
    return 0;
}
