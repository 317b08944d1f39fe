/*
 * sign.h — signing keys, the canonical certificate document, signing and
 * verification (DESIGN.md, "Signatures"; issue 5, "Certificates").
 *
 * Keys: Ed25519 (default), SM2 with SM3 (GM/T 0009 default distinguishing ID
 * "1234567812345678", stated in every SM2 signature) and ECDSA P-256 with
 * SHA-256. A key's id is the lower-case hex SHA-256 of its public key's DER
 * SubjectPublicKeyInfo, so anyone holding the public key can recompute it:
 *     openssl pkey -pubin -in KEY.pub.pem -outform DER | sha256sum
 *
 * Document (xsd/certificate.xsd, namespace urn:tierd:certificate:1):
 *     <signedCertificate xmlns="urn:tierd:certificate:1">
 *     <certificate xmlns="urn:tierd:certificate:1"> serial, uscc, name, tier,
 *       level, ruleSet, validFrom, validUntil, issuedAt, issuer, keyId
 *     </certificate>
 *     <signature algorithm="ed25519|sm2-sm3|ecdsa-p256-sha256" keyId="…"
 *                [distid="1234567812345678"]>BASE64</signature>
 *     </signedCertificate>
 * The signature covers the exclusive C14N (no comments) of the certificate
 * element. The certificate element declares its namespace itself, so the
 * element cut out of the document by `xmllint --xpath` and canonicalised with
 * `xmllint --exc-c14n` gives exactly the signed bytes (docs/verify.md).
 *
 * Everything here is pure: no database, no socket, no global state of ours, so
 * every function is thread-safe (OpenSSL 3 and libxml2 2.9 are, per call).
 * Errors come back as -1 (or a verdict) plus one sentence in a caller-supplied
 * buffer; key material never appears in a message or a log.
 */
#ifndef TIER_SIGN_H
#define TIER_SIGN_H

#include <openssl/evp.h>
#include <stddef.h>
#include <stdint.h>

#include "tier/date.h"
#include "tier/tier.h"
#include "tier/uscc.h"

/* ---- keys -------------------------------------------------------------------------- */

#define SIGN_KEY_ID_LEN  64                 /* hex digits of a key id */
#define SIGN_SM2_DIST_ID "1234567812345678" /* GM/T 0009-2012 default user ID */
#define SIGN_MAX_SIG     256                /* bytes of any raw signature we make */

enum sign_alg {
    SIGN_ALG_ED25519 = 0, /* Ed25519 over the message itself (default) */
    SIGN_ALG_SM2,         /* SM2 signature with SM3 and SIGN_SM2_DIST_ID */
    SIGN_ALG_P256,        /* ECDSA on P-256 with SHA-256, DER signature */
};

struct sign_key; /* opaque: an OpenSSL key, its algorithm and its id */

/* The command-line name of an algorithm: "ed25519", "sm2", "p256"; NULL for
 * an unknown value. */
const char *sign_alg_name(enum sign_alg alg);

/* The signature algorithm as written in a certificate's algorithm attribute:
 * "ed25519", "sm2-sm3", "ecdsa-p256-sha256"; NULL for an unknown value. */
const char *sign_alg_sig_name(enum sign_alg alg);

/* Parse a command-line name ("ed25519", "sm2", "p256") or a signature name
 * ("sm2-sm3", "ecdsa-p256-sha256"). 0 and *out set, or -1 (*out untouched). */
int sign_alg_parse(const char *s, enum sign_alg *out);

/* Make a fresh key pair. 0 and *out (caller frees with sign_key_free), or -1
 * with a sentence in err (*out untouched). */
int sign_key_generate(enum sign_alg alg, struct sign_key **out, char *err, size_t errlen);

/* Write a private key `k` as DIR/<keyid>.key (PKCS#8 PEM, created with
 * O_CREAT|O_EXCL and mode 0600, never overwriting) and its public key as
 * DIR/<keyid>.pub.pem (SubjectPublicKeyInfo PEM, mode 0644, O_EXCL too).
 * key_path / pub_path (may be NULL) receive the two paths. 0, or -1 with a
 * sentence in err; on failure no file of ours is left behind. The PEM text of
 * the private key is wiped from memory before return. */
int sign_key_write_files(const struct sign_key *k, const char *dir, char *key_path,
                         size_t key_path_len, char *pub_path, size_t pub_path_len, char *err,
                         size_t errlen);

/* Check that `path` may hold a private key: a regular file (symlinks are not
 * followed) whose mode has no group or other bits. 0, or -1 with a sentence
 * that names the file and its mode ("private key /k/x.key has mode 0644; it
 * must be readable by its owner only (chmod 600 /k/x.key)"). */
int sign_key_check_file(const char *path, char *err, size_t errlen);

/* Load a private key (PKCS#8 PEM, unencrypted) from `path` after the check of
 * sign_key_check_file, through the same open file descriptor. 0 and *out
 * (caller frees), or -1 with a sentence in err. The file's bytes are wiped
 * from memory before return. */
int sign_key_load_private(const char *path, struct sign_key **out, char *err, size_t errlen);

/* Load a public key from `len` bytes of PEM (SubjectPublicKeyInfo, "BEGIN
 * PUBLIC KEY"). Borrows pem. 0 and *out (caller frees), or -1 with a sentence
 * in err. A key of a type other than the three above is refused. */
int sign_key_load_public(const void *pem, size_t len, struct sign_key **out, char *err,
                         size_t errlen);

/* The same from a file (at most 64 KiB). */
int sign_key_load_public_file(const char *path, struct sign_key **out, char *err,
                              size_t errlen);

/* The public key as PEM text (for the keys table and GET /v1/keys). 0 and
 * *pem (NUL-terminated, caller frees with free()) and *len (may be NULL), or
 * -1 when out of memory. */
int sign_key_public_pem(const struct sign_key *k, char **pem, size_t *len);

/* The key id: SIGN_KEY_ID_LEN lower-case hex digits. Borrowed from k, lives as
 * long as k. Can't fail. */
const char *sign_key_id(const struct sign_key *k);

/* The OpenSSL key inside k (borrowed; lives as long as k), for formats
 * signed outside this module (the transparency log's notes). Can't fail. */
EVP_PKEY *sign_key_evp(const struct sign_key *k);

/* The key's algorithm. Can't fail. */
enum sign_alg sign_key_alg(const struct sign_key *k);

/* 1 when k holds a private key (can sign), 0 for a public key only. */
int sign_key_has_private(const struct sign_key *k);

/* Free a key; the private part is freed through OpenSSL, which clears it.
 * NULL is fine. */
void sign_key_free(struct sign_key *k);

/* Sign `len` bytes with k's algorithm: Ed25519 over the bytes, SM2 with SM3
 * and SIGN_SM2_DIST_ID, ECDSA P-256 over SHA-256 (DER). Writes at most
 * SIGN_MAX_SIG bytes to sig and their number to *siglen. 0, or -1 (k has no
 * private key, or OpenSSL failed). Exposed for `make bench-approve`'s raw sign
 * rate; certificates go through cert_sign. */
int sign_bytes(const struct sign_key *k, const void *data, size_t len,
               unsigned char sig[SIGN_MAX_SIG], size_t *siglen);

/* Verify a signature made by sign_bytes with the public half of k. 1 valid,
 * 0 not valid (including a malformed signature), -1 when OpenSSL failed for
 * another reason (out of memory). */
int sign_verify_bytes(const struct sign_key *k, const void *data, size_t len,
                      const unsigned char *sig, size_t siglen);

/* ---- signed XML in general ------------------------------------------------------- */

#define SIGN_XML_MAX_BYTES (16 * 1024 * 1024) /* any signed document (revocation list) */

/* Sign one XML element the way certificates are signed and wrap it:
 *     <ENVELOPE xmlns="NS">ELEMENT-IN-C14N-FORM
 *     <signature algorithm="…" keyId="…" [distid="…"]>BASE64</signature>
 *     </ENVELOPE>
 * `element` is `len` bytes holding one element in namespace `ns`, declared on
 * the element itself as the default namespace, with no comments or PIs (an
 * XML declaration before it is fine). `ns` and `envelope` are plain names
 * (letters, digits, - _ . : /). For the revocation list, say
 * ns "urn:tierd:revocations:1", envelope "signedRevocations"; cert_sign is
 * this with the certificate's fields. The element and the signed document are
 * at most SIGN_XML_MAX_BYTES. 0 and *doc (NUL-terminated, caller frees
 * with free()) and *doclen, or -1 with a sentence in err (*doc untouched). */
int sign_xml_envelope(const char *element, size_t len, const char *ns, const char *envelope,
                      const struct sign_key *k, char **doc, size_t *doclen, char *err,
                      size_t errlen);

/* The outcome of verifying a signed document (certificates and others). */
enum cert_verdict {
    CERT_VALID = 0,     /* the signature is good and was made by the given key */
    CERT_INVALID,       /* tampered, wrong key, algorithm mismatch, bad signature */
    CERT_MALFORMED,     /* not a signed document of the expected shape (or a DOCTYPE) */
    CERT_VERIFY_ERROR,  /* out of memory or an OpenSSL/libxml2 failure */
};

/* A stable lower-case name for a verdict ("valid", "invalid", "malformed",
 * "error"); never NULL. */
const char *cert_verdict_name(enum cert_verdict v);

/* Verify a document made by sign_xml_envelope: root {ns}envelope holding one
 * {ns}element then one {ns}signature; the same parsing, checks and reasons as
 * cert_verify except the certificate's fields. On CERT_VALID, when c14n is
 * not NULL, *c14n receives the signed element's canonical bytes (well-formed
 * XML, NUL-terminated; caller frees with free()) and *c14n_len (may be NULL)
 * their number: read the content from those bytes, which are exactly what the
 * signature covers. CERT_VERIFY_ERROR for names that are not plain. */
enum cert_verdict sign_xml_verify(const void *doc, size_t len, const char *ns,
                                  const char *envelope, const char *element,
                                  const struct sign_key *pub, char **c14n, size_t *c14n_len,
                                  char *reason, size_t reasonlen);

/* ---- certificates ------------------------------------------------------------------ */

#define CERT_NS             "urn:tierd:certificate:1"
#define CERT_SERIAL_LEN     26          /* "LG-2026-" + 18 base32 digits */
#define CERT_NAME_MAX       300         /* bytes of UTF-8 (100 Chinese characters) */
#define CERT_ISSUER_MAX     300         /* bytes of UTF-8 */
#define CERT_MAX_DOC_BYTES  (64 * 1024) /* a signed certificate is ~1.5 KiB */
#define CERT_DEFAULT_ISSUER "山东省工业和信息化厅"

/* Whose recognition the title is (国家级 / 省级). The default for a tier
 * follows "Who decides" in domain.md §1; see cert_level_for_tier. */
enum cert_level {
    CERT_LEVEL_PROVINCIAL = 0, /* "provincial" 省级 */
    CERT_LEVEL_NATIONAL,       /* "national"   国家级 */
};

/* The content of one certificate. Plain data: copy it freely. */
struct cert {
    char serial[CERT_SERIAL_LEN + 1];   /* cert_serial_new */
    char uscc[USCC_LEN + 1];            /* passes uscc_check */
    char name[CERT_NAME_MAX + 1];       /* enterprise name, UTF-8, no control characters */
    enum tier_id tier;
    enum cert_level level;
    enum rule_set rule_set;             /* RULESET_2022 or RULESET_2026 */
    struct tier_date valid_from;        /* first day of validity */
    struct tier_date valid_until;       /* last day of validity, inclusive */
    int64_t issued_at;                  /* Unix seconds, UTC; written with a Z */
    char issuer[CERT_ISSUER_MAX + 1];   /* issuing authority, UTF-8 */
    char key_id[SIGN_KEY_ID_LEN + 1];   /* set by cert_sign; read by cert_verify */
};

/* "provincial" / "national", and 省级 / 国家级; NULL for an unknown value.
 * cert_level_parse: 0 and *out, or -1. */
const char *cert_level_name(enum cert_level l);
const char *cert_level_name_zh(enum cert_level l);
int cert_level_parse(const char *s, enum cert_level *out);

/* The usual level of a tier's title: national for 科技型 (national database),
 * 小巨人, 单项冠军, 领航 and 高新技术企业; provincial for the others. */
enum cert_level cert_level_for_tier(enum tier_id tier);

/* A new serial: "<TT>-<YYYY>-<18 digits>", where TT is the tier's two-letter
 * prefix (cert_serial_prefix), YYYY the year of `unix_ms` in China Standard
 * Time, and the 18 digits Crockford base32 (0-9 A-Z without I L O U): 10 for
 * the 48-bit millisecond time (so serials sort by issue time) then 8 for 40
 * bits from RAND_bytes. No counter anywhere, so any number of tierd behind a
 * Galera cluster can issue at once; two serials collide only when the same
 * tier issues twice in one millisecond and the 40 random bits agree.
 * 0 and out set, or -1 (unknown tier, time before 1970, RAND_bytes failed). */
int cert_serial_new(enum tier_id tier, int64_t unix_ms, char out[CERT_SERIAL_LEN + 1]);

/* The two-letter serial prefix of a tier ("LG" for little-giant); NULL for an
 * id out of range. */
const char *cert_serial_prefix(enum tier_id tier);

/* 1 when s has the serial shape above (prefix of a known tier), else 0. */
int cert_serial_valid(const char *s);

/* The last day of validity for a certificate valid from `from`: the day
 * before the tier's validity_years-th anniversary (3 years from 2026-05-10 is
 * 2026-05-10 .. 2029-05-09). A 29 February start ends on 28 February when
 * the anniversary year is a common year (2024-02-29 + 3 years: 2027-02-28).
 * `tier` must be valid. */
struct tier_date cert_valid_until(enum tier_id tier, const struct tier_date *from);

/* Fill *c for a new certificate: the given enterprise, tier, rule set and
 * start of validity; a fresh serial and issued_at from now_ms (Unix
 * milliseconds); level from cert_level_for_tier; valid_until from
 * cert_valid_until; issuer CERT_DEFAULT_ISSUER; key_id empty. Change level or
 * issuer afterwards if needed. 0, or -1 with a sentence in err (a bad USCC,
 * an empty or over-long name, an unknown tier ...); *c is then undefined. */
int cert_prepare(struct cert *c, enum tier_id tier, const char *uscc, const char *name,
                 enum rule_set rs, const struct tier_date *valid_from, int64_t now_ms,
                 char *err, size_t errlen);

/* Check every field of *c as cert_sign will (key_id is not checked). 0, or -1
 * with a sentence naming the field. */
int cert_check(const struct cert *c, char *err, size_t errlen);

/* Sign: set c->key_id to k's id, build the certificate element, canonicalise
 * it (exclusive C14N), sign those bytes with k and write the signed document.
 * 0 and *doc (NUL-terminated UTF-8, caller frees with free()) and *len, or -1
 * with a sentence in err (a field fails cert_check, k has no private key,
 * OpenSSL or libxml2 failed); *doc untouched on failure. */
int cert_sign(struct cert *c, const struct sign_key *k, char **doc, size_t *len, char *err,
              size_t errlen);

/* Verify a signed certificate document (`len` bytes, untrusted) against the
 * public key `pub` (a private key works too). The document is parsed from
 * memory without network, DTD or entities; a DOCTYPE is refused. Checks, in
 * order: the document's shape; the signature's algorithm against pub's type;
 * the signature's keyId against pub's id and against the certificate's
 * keyId; the signature over the exclusive C14N of the certificate element;
 * the fields. Returns the verdict; unless it is CERT_VALID a sentence says why
 * in reason ("signature does not match the certificate", "certificate was
 * signed with key X…, not with the given key Y…"). On CERT_VALID *out (may be
 * NULL) holds the certificate's fields; otherwise *out is undefined.
 * Expiry is not judged here: see cert_status_on. */
enum cert_verdict cert_verify(const void *doc, size_t len, const struct sign_key *pub,
                              struct cert *out, char *reason, size_t reasonlen);

/* The exact bytes a certificate's signature covers: the exclusive C14N
 * (without comments) of the certificate element of a signed document, or of
 * a document whose root is the certificate element. Parsed as cert_verify
 * does. 0 and *out (caller frees with free()) and *outlen, or -1 with a
 * sentence in err. For tests and for people debugging a verification. */
int cert_signed_bytes(const void *doc, size_t len, char **out, size_t *outlen, char *err,
                      size_t errlen);

enum cert_status {
    CERT_STATUS_CURRENT = 0,   /* valid_from <= day <= valid_until */
    CERT_STATUS_EXPIRED,       /* valid_until < day */
    CERT_STATUS_NOT_YET_VALID, /* day < valid_from */
};

/* A certificate's status on `day` (revocation is the registry's business, not
 * the document's). Can't fail. */
enum cert_status cert_status_on(const struct cert *c, const struct tier_date *day);

/* "current", "expired", "not-yet-valid"; never NULL. */
const char *cert_status_name(enum cert_status s);

#endif
