/*
 * keycert.h — key certificates (tlog module): the offline root key vouching
 * for each signing key and for the log key (docs/transparency.md, "The root
 * of trust"). Schema xsd/key-certificate.xsd, namespace urn:tierd:keycert:1.
 *
 * A certificate is one line of ASCII XML, no declaration, no whitespace
 * between tags, no trailing newline:
 *
 *   <keyCertificate xmlns="urn:tierd:keycert:1"><keyId>…</keyId>
 *   <algorithm>…</algorithm><purpose>signing|log</purpose>
 *   <publicKey>base64 DER SubjectPublicKeyInfo</publicKey>
 *   <notBefore>…Z</notBefore><notAfter>…Z</notAfter>
 *   <rootFingerprint>…</rootFingerprint><signature>base64</signature>
 *   </keyCertificate>
 *
 * The signed bytes are the document up to (not including) "<signature>";
 * the signature is the root's Ed25519 signature of them. keyId is the
 * SHA-256 of the DER public key (tierd's key id); rootFingerprint the same
 * of the root's.
 */
#ifndef TIER_KEYCERT_H
#define TIER_KEYCERT_H

#include <stddef.h>
#include <stdint.h>

struct sign_key;

#define KEYCERT_NS "urn:tierd:keycert:1"
#define KEYCERT_MAX 4096 /* bytes of any key certificate */
#define KEYCERT_ID_LEN 64

enum keycert_purpose {
    KEYCERT_SIGNING = 0, /* signs certificates and revocation lists */
    KEYCERT_LOG,         /* signs the transparency log's checkpoints */
};

const char *keycert_purpose_name(enum keycert_purpose p);
int keycert_purpose_parse(const char *s, enum keycert_purpose *out);

/* What a certificate says, once verified. */
struct keycert {
    char key_id[KEYCERT_ID_LEN + 1];
    char algorithm[24];                 /* sign_alg_sig_name: ed25519, sm2-sm3, … */
    enum keycert_purpose purpose;
    int64_t not_before, not_after;      /* Unix seconds, both inclusive */
    char root_fingerprint[KEYCERT_ID_LEN + 1];
    struct sign_key *key;               /* the certified public key (caller frees) */
};

/* Make and sign (with root, an Ed25519 private key) the certificate of
 * subject's public key for purpose, valid [not_before, not_after]. *doc is
 * malloc'd (no NUL counted in *len). 0, or -1 with err. */
int keycert_make(const struct sign_key *root, const struct sign_key *subject,
                 enum keycert_purpose purpose, int64_t not_before, int64_t not_after,
                 char **doc, size_t *len, char *err, size_t errsz);

/* Verify doc against root (a public Ed25519 key): canonical form, the root's
 * fingerprint, the signature, keyId = SHA-256 of the public key, and, when
 * `now` is not 0, now within [notBefore, notAfter]. 0 and *out filled (free
 * out->key with sign_key_free), or -1 with a sentence saying which check
 * failed and why. */
int keycert_verify(const void *doc, size_t len, const struct sign_key *root, int64_t now,
                   struct keycert *out, char *err, size_t errsz);

#endif
