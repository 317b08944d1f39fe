/*
 * tlog_entry.h — the transparency log's entries: what the registry asserts in
 * public, as canonical bytes (xsd/log-entry.xsd, namespace urn:tierd:log:1).
 *
 * One entry is one leaf. The canonical bytes are, for example,
 *
 *   <entry xmlns="urn:tierd:log:1"><certificateRevoked><serial>LG-2026-…</serial>
 *   <category>fraud</category><revokedAt>2026-06-01T08:00:00Z</revokedAt>
 *   </certificateRevoked></entry>
 *
 * written on ONE line (the breaks above are for reading): UTF-8, no XML
 * declaration, no whitespace between tags, no newline at the end, children in
 * the schema's order. Every value is checked against the schema's pattern
 * before anything is written (and a USCC's check characters too), and those
 * patterns admit only ASCII that needs no escaping, so the same entry always
 * gives the same bytes, and they equal the entry's exclusive C14N form.
 *
 * Pure: no I/O, no globals, thread-safe.
 */
#ifndef TIER_TLOG_ENTRY_H
#define TIER_TLOG_ENTRY_H

#include <stddef.h>
#include <stdint.h>

#include "tier/buf.h"

#define TLOG_ENTRY_NS "urn:tierd:log:1"
#define TLOG_ENTRY_MAX 1024 /* bytes of any canonical entry (the longest is ~450) */

enum tlog_entry_kind {
    TLOG_ENTRY_CERT_ISSUED = 1, /* certificateIssued */
    TLOG_ENTRY_CERT_REVOKED,    /* certificateRevoked */
    TLOG_ENTRY_KEY_ACTIVATED,   /* keyActivated */
    TLOG_ENTRY_KEY_RETIRED,     /* keyRetired */
    TLOG_ENTRY_AUDIT_HEAD,      /* auditHead */
};

/* The fields of every kind; a kind uses the ones marked for it and ignores
 * the rest. Strings are borrowed, NUL-terminated. */
struct tlog_entry {
    enum tlog_entry_kind kind;
    const char *serial;       /* issued, revoked: "LG-2026-01KR7SZC1V1AC0429V" */
    const char *uscc;         /* issued: 18 characters, check characters right */
    const char *tier;         /* issued: tier code, "little-giant" */
    const char *valid_from;   /* issued: YYYY-MM-DD */
    const char *valid_until;  /* issued: YYYY-MM-DD, last day, inclusive */
    const char *issued_at;    /* issued: YYYY-MM-DDTHH:MM:SSZ */
    const char *cert_sha256;  /* issued: 64 lower-case hex digits, SHA-256 of the signed
                                 certificate document as issued */
    const char *category;     /* revoked: [a-z][a-z0-9-]{0,39} */
    const char *revoked_at;   /* revoked: YYYY-MM-DDTHH:MM:SSZ */
    const char *key_id;       /* key events: 64 hex digits */
    const char *algorithm;    /* key events: "ed25519", "sm2-sm3", "ecdsa-p256-sha256" */
    const char *spki_sha256;  /* key events: SHA-256 of the DER SubjectPublicKeyInfo (equal
                                 to key_id for tierd's keys today, kept apart so a change of
                                 key id scheme does not change this format) */
    const char *at;           /* key events, audit head: YYYY-MM-DDTHH:MM:SSZ */
    int64_t audit_row_id;     /* audit head: the audit_log row the head is at, >= 1 */
    const char *head_sha256;  /* audit head: that row's row_sha256 */
};

/* The schema's element name of a kind ("certificateIssued"), or NULL. */
const char *tlog_entry_kind_name(enum tlog_entry_kind kind);

/* Check every field the kind uses and append the canonical bytes to out.
 * 0, or -1 with a sentence naming the field and why in err (out unchanged). */
int tlog_entry_encode(const struct tlog_entry *e, struct buf *out, char *err, size_t errsz);

#endif
