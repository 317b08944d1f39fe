/*
 * tlog_checkpoint.h — signed tree heads in the C2SP formats (issue 18):
 * a checkpoint (c2sp.org/tlog-checkpoint) is a signed note
 * (c2sp.org/signed-note) whose text is
 *
 *     <origin>\n
 *     <tree size, ASCII decimal, no leading zero>\n
 *     <base64 (RFC 4648 §4, padded) of the 32-byte RFC 9162 tree head>\n
 *
 * followed by a blank line and one signature line per signer:
 *
 *     — <key name> <base64(key id ‖ Ed25519 signature of the note text)>\n
 *
 * "—" is U+2014 (bytes E2 80 94). The key id is the first 4 bytes (a
 * big-endian uint32) of SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ 32-byte Ed25519
 * public key); 0x01 is signed-note's type byte for Ed25519. The log signs
 * with its key name equal to the origin, as tlog-checkpoint recommends.
 *
 * What we write and accept: origins and key names of printable ASCII without
 * space or '+' (a subset of what the specs allow), at most
 * TLOG_ORIGIN_MAX - 1 bytes; notes of at most TLOG_NOTE_MAX bytes with no
 * control character but newline. Opening a note follows signed-note: the text
 * ends at the LAST blank line; signature lines from other keys (another name,
 * or the same name with another key id) are ignored; a line from our key
 * that fails to verify rejects the note; so does a note without one.
 * Extension lines after the root hash are accepted and not returned.
 *
 * Pure: OpenSSL EVP for Ed25519 and SHA-256, no I/O, no globals;
 * thread-safe. Errors: -1 with one sentence in err.
 */
#ifndef TIER_TLOG_CHECKPOINT_H
#define TIER_TLOG_CHECKPOINT_H

#include <openssl/evp.h>
#include <stddef.h>
#include <stdint.h>

#include "tier/buf.h"
#include "tier/tlog.h"

#define TLOG_ORIGIN_MAX 256            /* origin / key name, with the NUL */
#define TLOG_NOTE_MAX 16384            /* a whole signed note, bytes */
#define TLOG_NOTE_SIGS_MAX 100         /* signature lines in a note we open */
#define TLOG_VKEY_MAX (TLOG_ORIGIN_MAX + 64)

struct tlog_checkpoint {
    char origin[TLOG_ORIGIN_MAX];      /* the log's identity, e.g. "registry.example.gov.cn/log" */
    uint64_t size;                     /* leaves in the tree */
    unsigned char root[TLOG_HASH_LEN]; /* RFC 9162 tree head at that size */
};

/* The note text of c (the three lines, each ending in "\n") appended to out.
 * 0, or -1 with a sentence in err (a bad origin; out unchanged). */
int tlog_checkpoint_text(const struct tlog_checkpoint *c, struct buf *out, char *err,
                         size_t errsz);

/* The signed-note key id of an Ed25519 public (or private) key under `name`.
 * 0, or -1 with a sentence in err (not Ed25519, bad name). */
int tlog_note_key_id(const char *name, EVP_PKEY *key, uint32_t *id, char *err, size_t errsz);

/* The verifier key text "<name>+<8 hex digits of the key id>+<base64(0x01 ‖
 * public key)>" (Go's sumdb/note and the transparency-dev tools read it) into
 * out (TLOG_VKEY_MAX bytes). 0 or -1 with a sentence in err. */
int tlog_note_vkey(const char *name, EVP_PKEY *key, char out[TLOG_VKEY_MAX], char *err,
                   size_t errsz);

/* Any signed note: the text (len bytes, borrowed; it must end in a newline
 * and hold no control character but newline), a blank line, and the
 * signature line of `name` with the Ed25519 private key `key`, appended to
 * out. 0, or -1 with a sentence in err (out unchanged). */
int tlog_note_sign(const void *text, size_t len, const char *name, EVP_PKEY *key,
                   struct buf *out, char *err, size_t errsz);

/* Open any signed note (len bytes, borrowed) as described above: 0 when the
 * signature line of (name, key id of `key`) verifies, with *text_len = the
 * length of the signed text at the note's start; -1 with the reason in err. */
int tlog_note_open(const void *note, size_t len, const char *name, EVP_PKEY *key,
                   size_t *text_len, char *err, size_t errsz);

/* Sign c with the Ed25519 private key `key` under key name `name`: the whole
 * signed note (text, blank line, one signature line) appended to out.
 * 0, or -1 with a sentence in err (out unchanged). */
int tlog_checkpoint_sign(const struct tlog_checkpoint *c, const char *name, EVP_PKEY *key,
                         struct buf *out, char *err, size_t errsz);

/* Open a signed checkpoint (len bytes, borrowed): find the signature line of
 * (name, key id of `key`), verify it with the Ed25519 public key `key` over
 * the note text, then parse the text into *c. When origin is not NULL the
 * checkpoint's origin must equal it. 0 with *c filled, or -1 with the reason
 * in err (*c undefined). */
int tlog_checkpoint_open(const void *note, size_t len, const char *name, EVP_PKEY *key,
                         const char *origin, struct tlog_checkpoint *c, char *err, size_t errsz);

/* What a monitor holding `old` concludes about `cur` (both opened, i.e.
 * signatures verified) given a consistency proof from old->size to
 * cur->size: 0 when cur extends old (or equals it); -1 with the finding in
 * err otherwise, worded for an operator:
 *   "another log: origin …"                              origins differ
 *   "rolled back: the log had N leaves, now shows M"     cur is smaller
 *   "split view: two different heads for size N"         same size, other head
 *   "history rewritten: size M does not extend size N (…)"  proof fails */
int tlog_checkpoint_follows(const struct tlog_checkpoint *old, const struct tlog_checkpoint *cur,
                            const unsigned char proof[][TLOG_HASH_LEN], size_t n, char *err,
                            size_t errsz);

/* ---- proofs to keep offline (c2sp.org/tlog-proof) ------------------------------ */

#define TLOG_PROOF_HEADER "c2sp.org/tlog-proof@v1"

/* The tlog-proof text of leaf `index` appended to out:
 *     c2sp.org/tlog-proof@v1\n
 *     index <decimal>\n
 *     <base64 hash>\n …            (the inclusion proof, leaf side first)
 *     \n
 *     <the signed checkpoint note, verbatim>
 * No "extra" line. 0, or -1 with a sentence in err (out unchanged). */
int tlog_proof_format(uint64_t index, const unsigned char proof[][TLOG_HASH_LEN], size_t n,
                      const char *note, size_t note_len, struct buf *out, char *err,
                      size_t errsz);

/* Check a tlog-proof text (len bytes) for `entry` (its canonical bytes):
 * the checkpoint opens under (name, key, origin) as tlog_checkpoint_open
 * does, and the proof shows SHA-256(0x00 ‖ entry) at the stated index in
 * that tree. 0 with *c (and *index, may be NULL) filled, or -1 with the first
 * reason in err. An "extra" line is allowed and ignored (unauthenticated). */
int tlog_proof_verify(const void *text, size_t len, const void *entry, size_t entry_len,
                      const char *name, EVP_PKEY *key, const char *origin,
                      struct tlog_checkpoint *c, uint64_t *index, char *err, size_t errsz);

#endif
