/*
 * checkpoint.c — C2SP checkpoints as Ed25519 signed notes (see
 * tlog_checkpoint.h for the exact bytes).
 *
 * Writing is plain concatenation into a capped buffer. Opening is strict in
 * the order signed-note gives: the note's bytes (size, control characters,
 * final newline), the split at the last blank line, every signature line's
 * syntax, then our key's line (verified), and only then the text: nothing of
 * an unverified text is read. Base64 is RFC 4648 §4 with padding, and only
 * the canonical encoding is accepted (a re-encoding must give the same text),
 * so one head has one spelling.
 *
 * Pure and thread-safe (OpenSSL 3 EVP per call, no globals).
 */
#include "tier/tlog_checkpoint.h"

#include "tier/digest.h"
#include "tlog_int.h"

#include <openssl/evp.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ED25519_PUB_LEN 32
#define ED25519_SIG_LEN 64
#define NOTE_ALG_ED25519 0x01 /* signed-note's signature type byte */
#define EM_DASH "\xE2\x80\x94"
#define SIG_B64_MAX 8192      /* a signature line's base64, any algorithm */

/* A name we write or accept: 1..TLOG_ORIGIN_MAX-1 bytes of printable ASCII,
 * no space, no '+'. */
static int name_ok(const char *s, size_t n)
{
    if (n == 0 || n >= TLOG_ORIGIN_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < 0x21 || s[i] > 0x7e || s[i] == '+')
            return 0;
    }
    return 1;
}

/* Canonical padded base64 of n bytes into out (4 * ceil(n / 3) + 1 bytes). */
static size_t b64_encode(const unsigned char *p, size_t n, char *out)
{
    return (size_t)EVP_EncodeBlock((unsigned char *)out, p, (int)n);
}

/* Decode exactly the canonical padded base64 `s` (n chars) into out (cap
 * bytes). The decoded length, or -1. */
static long b64_decode(const char *s, size_t n, unsigned char *out, size_t cap)
{
    unsigned char tmp[SIG_B64_MAX / 4 * 3 + 3];
    char back[SIG_B64_MAX + 1];
    size_t pad = 0, len;

    if (n == 0 || n % 4 != 0 || n > SIG_B64_MAX)
        return -1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '/';

        if (c == '=' && i >= n - 2) {
            pad++;
            continue;
        }
        if (!alpha || pad > 0)
            return -1;
    }
    if (EVP_DecodeBlock(tmp, (const unsigned char *)s, (int)n) < 0)
        return -1;
    len = n / 4 * 3 - pad;
    if (len > cap)
        return -1;
    if (b64_encode(tmp, len, back) != n || memcmp(back, s, n) != 0)
        return -1;
    memcpy(out, tmp, len);
    return (long)len;
}

static int raw_public(EVP_PKEY *key, unsigned char pub[ED25519_PUB_LEN], char *err,
                      size_t errsz)
{
    size_t n = ED25519_PUB_LEN;

    if (key == NULL || EVP_PKEY_get_id(key) != EVP_PKEY_ED25519 ||
        EVP_PKEY_get_raw_public_key(key, pub, &n) != 1 || n != ED25519_PUB_LEN) {
        tlog_errf(err, errsz, "note: the key must be an Ed25519 key");
        return -1;
    }
    return 0;
}

int tlog_note_key_id(const char *name, EVP_PKEY *key, uint32_t *id, char *err, size_t errsz)
{
    unsigned char b[TLOG_ORIGIN_MAX + 2 + ED25519_PUB_LEN], h[SHA256_LEN];
    size_t n = strlen(name);

    if (!name_ok(name, n)) {
        tlog_errf(err, errsz, "note: key name \"%.64s\" must be 1 to %d printable ASCII "
                  "characters without space or '+'", name, TLOG_ORIGIN_MAX - 1);
        return -1;
    }
    if (raw_public(key, b + n + 2, err, errsz) != 0)
        return -1;
    memcpy(b, name, n);
    b[n] = 0x0A;
    b[n + 1] = NOTE_ALG_ED25519;
    if (digest_sha256(b, n + 2 + ED25519_PUB_LEN, h) != 0) {
        tlog_errf(err, errsz, "note: SHA-256 failed in OpenSSL");
        return -1;
    }
    *id = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
    return 0;
}

int tlog_note_vkey(const char *name, EVP_PKEY *key, char out[TLOG_VKEY_MAX], char *err,
                   size_t errsz)
{
    unsigned char k[1 + ED25519_PUB_LEN];
    char b64[64];
    uint32_t id;

    if (tlog_note_key_id(name, key, &id, err, errsz) != 0 ||
        raw_public(key, k + 1, err, errsz) != 0)
        return -1;
    k[0] = NOTE_ALG_ED25519;
    b64_encode(k, sizeof k, b64);
    snprintf(out, TLOG_VKEY_MAX, "%s+%08x+%s", name, (unsigned)id, b64);
    return 0;
}

int tlog_checkpoint_text(const struct tlog_checkpoint *c, struct buf *out, char *err,
                         size_t errsz)
{
    char root[48];
    size_t before = out->len;

    if (!name_ok(c->origin, strnlen(c->origin, TLOG_ORIGIN_MAX))) {
        tlog_errf(err, errsz, "checkpoint: origin \"%.64s\" must be 1 to %d printable ASCII "
                  "characters without space or '+'", c->origin, TLOG_ORIGIN_MAX - 1);
        return -1;
    }
    b64_encode(c->root, TLOG_HASH_LEN, root);
    if (buf_printf(out, "%s\n%llu\n%s\n", c->origin, (unsigned long long)c->size, root) != 0) {
        tlog_buf_restore(out, before);
        tlog_errf(err, errsz, "checkpoint: note longer than the buffer's cap");
        return -1;
    }
    return 0;
}

static int ed25519(int sign, EVP_PKEY *key, const void *msg, size_t len, unsigned char *sig,
                   size_t *siglen)
{
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    int ok;

    if (m == NULL)
        return -1;
    if (sign)
        ok = EVP_DigestSignInit(m, NULL, NULL, NULL, key) == 1 &&
             EVP_DigestSign(m, sig, siglen, msg, len) == 1;
    else
        ok = EVP_DigestVerifyInit(m, NULL, NULL, NULL, key) == 1 &&
             EVP_DigestVerify(m, sig, *siglen, msg, len) == 1;
    EVP_MD_CTX_free(m);
    return ok ? 0 : -1;
}

int tlog_note_sign(const void *text, size_t len, const char *name, EVP_PKEY *key,
                   struct buf *out, char *err, size_t errsz)
{
    unsigned char sig[4 + ED25519_SIG_LEN];
    char b64[4 * (sizeof sig + 2) / 3 + 1];
    size_t before = out->len, siglen = ED25519_SIG_LEN;
    const char *t = text;
    uint32_t id;

    if (tlog_note_key_id(name, key, &id, err, errsz) != 0)
        return -1;
    if (len == 0 || t[len - 1] != '\n') {
        tlog_errf(err, errsz, "note: the text must end with a newline");
        return -1;
    }
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)t[i] < 0x20 && t[i] != '\n') || t[i] == 0x7f) {
            tlog_errf(err, errsz, "note: control character 0x%02x at byte %zu of the text",
                      (unsigned char)t[i], i);
            return -1;
        }
    }
    sig[0] = (unsigned char)(id >> 24);
    sig[1] = (unsigned char)(id >> 16);
    sig[2] = (unsigned char)(id >> 8);
    sig[3] = (unsigned char)id;
    if (ed25519(1, key, text, len, sig + 4, &siglen) != 0 || siglen != ED25519_SIG_LEN) {
        tlog_errf(err, errsz, "note: Ed25519 signing failed in OpenSSL (is it a private key?)");
        return -1;
    }
    b64_encode(sig, sizeof sig, b64);
    if (buf_add(out, text, len) != 0 ||
        buf_printf(out, "\n" EM_DASH " %s %s\n", name, b64) != 0) {
        tlog_buf_restore(out, before);
        tlog_errf(err, errsz, "note: longer than the buffer's cap");
        return -1;
    }
    return 0;
}

int tlog_checkpoint_sign(const struct tlog_checkpoint *c, const char *name, EVP_PKEY *key,
                         struct buf *out, char *err, size_t errsz)
{
    struct buf text;
    int rc;

    buf_init(&text, TLOG_NOTE_MAX);
    rc = tlog_checkpoint_text(c, &text, err, errsz);
    if (rc == 0)
        rc = tlog_note_sign(text.data, text.len, name, key, out, err, errsz);
    buf_free(&text);
    return rc;
}

/* The note text's three lines into c (text verified already). */
static int parse_text(const char *t, size_t n, const char *origin, struct tlog_checkpoint *c,
                      char *err, size_t errsz)
{
    const char *line[3], *end = t + n, *p = t;
    size_t len[3];
    long got;

    for (int i = 0; i < 3; i++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));

        if (nl == NULL) {
            tlog_errf(err, errsz, "checkpoint: the note text has fewer than three lines");
            return -1;
        }
        line[i] = p;
        len[i] = (size_t)(nl - p);
        p = nl + 1;
    }
    /* extension lines: opaque, but never empty */
    for (const char *q = p; q < end; q++) {
        if (*q == '\n' && (q == p || q[-1] == '\n')) {
            tlog_errf(err, errsz, "checkpoint: empty extension line");
            return -1;
        }
    }
    if (!name_ok(line[0], len[0])) {
        tlog_errf(err, errsz, "checkpoint: origin line is empty, too long, or has a space or '+'");
        return -1;
    }
    memcpy(c->origin, line[0], len[0]);
    c->origin[len[0]] = '\0';
    if (origin != NULL && strcmp(origin, c->origin) != 0) {
        tlog_errf(err, errsz, "checkpoint: origin \"%s\" is not the expected \"%.64s\"", c->origin,
                  origin);
        return -1;
    }
    if (len[1] == 0 || len[1] > 20 || (line[1][0] == '0' && len[1] > 1)) {
        tlog_errf(err, errsz, "checkpoint: tree size line must be a decimal number without a "
                  "leading zero");
        return -1;
    }
    c->size = 0;
    for (size_t i = 0; i < len[1]; i++) {
        unsigned d = (unsigned)(line[1][i] - '0');

        if (d > 9 || c->size > (UINT64_MAX - d) / 10) {
            tlog_errf(err, errsz, "checkpoint: tree size line must be a decimal number below 2^64");
            return -1;
        }
        c->size = c->size * 10 + d;
    }
    got = b64_decode(line[2], len[2], c->root, TLOG_HASH_LEN);
    if (got != TLOG_HASH_LEN) {
        tlog_errf(err, errsz, "checkpoint: root hash line must be the base64 of 32 bytes");
        return -1;
    }
    return 0;
}

int tlog_note_open(const void *note, size_t len, const char *name, EVP_PKEY *key,
                   size_t *text_len, char *err, size_t errsz)
{
    const char *s = note, *text_end = NULL, *p, *end = s + len;
    size_t name_len = strlen(name), nsigs = 0;
    uint32_t id;
    int found = 0;

    if (tlog_note_key_id(name, key, &id, err, errsz) != 0)
        return -1;
    if (len == 0 || len > TLOG_NOTE_MAX) {
        tlog_errf(err, errsz, "note: a note is 1 to %d bytes, this one %zu", TLOG_NOTE_MAX,
                  len);
        return -1;
    }
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)s[i] < 0x20 && s[i] != '\n') || s[i] == 0x7f) {
            tlog_errf(err, errsz, "note: control character 0x%02x at byte %zu",
                      (unsigned char)s[i], i);
            return -1;
        }
    }
    if (s[len - 1] != '\n') {
        tlog_errf(err, errsz, "note: the note does not end with a newline");
        return -1;
    }
    for (size_t i = len - 1; i-- > 0;) {
        if (s[i] == '\n' && s[i + 1] == '\n') {
            text_end = s + i + 1; /* the text keeps its final newline */
            break;
        }
    }
    if (text_end == NULL || text_end == s) {
        tlog_errf(err, errsz, "note: no blank line between the text and the signatures");
        return -1;
    }
    for (p = text_end + 1; p < end;) {
        const char *line = p, *nl = memchr(p, '\n', (size_t)(end - p)), *sp = NULL;
        unsigned char sig[SIG_B64_MAX / 4 * 3];
        size_t siglen;
        long got = -1;

        p = nl + 1;
        if (++nsigs > TLOG_NOTE_SIGS_MAX) {
            tlog_errf(err, errsz, "note: more than %d signatures", TLOG_NOTE_SIGS_MAX);
            return -1;
        }
        if ((size_t)(nl - line) > 4 && memcmp(line, EM_DASH " ", 4) == 0)
            sp = memchr(line + 4, ' ', (size_t)(nl - line - 4));
        if (sp != NULL && sp > line + 4)
            got = b64_decode(sp + 1, (size_t)(nl - sp - 1), sig, sizeof sig);
        if (got < 5) {
            tlog_errf(err, errsz, "note: signature line %zu is not \"— <name> "
                      "<base64(key id ‖ signature)>\"", nsigs);
            return -1;
        }
        /* signed-note: a line of another name or another key id is not ours */
        if ((size_t)(sp - line - 4) != name_len || memcmp(line + 4, name, name_len) != 0 ||
            ((uint32_t)sig[0] << 24 | (uint32_t)sig[1] << 16 | (uint32_t)sig[2] << 8 |
             sig[3]) != id)
            continue;
        siglen = (size_t)got - 4;
        if (siglen != ED25519_SIG_LEN ||
            ed25519(0, key, s, (size_t)(text_end - s), sig + 4, &siglen) != 0) {
            tlog_errf(err, errsz, "note: the signature of %s (key id %08x) does not verify",
                      name, (unsigned)id);
            return -1;
        }
        found = 1;
    }
    if (!found) {
        tlog_errf(err, errsz, "note: no signature by %s (key id %08x)", name, (unsigned)id);
        return -1;
    }
    *text_len = (size_t)(text_end - s);
    return 0;
}

int tlog_checkpoint_open(const void *note, size_t len, const char *name, EVP_PKEY *key,
                         const char *origin, struct tlog_checkpoint *c, char *err, size_t errsz)
{
    size_t text_len;

    if (tlog_note_open(note, len, name, key, &text_len, err, errsz) != 0)
        return -1;
    return parse_text(note, text_len, origin, c, err, errsz);
}

int tlog_checkpoint_follows(const struct tlog_checkpoint *old, const struct tlog_checkpoint *cur,
                            const unsigned char proof[][TLOG_HASH_LEN], size_t n, char *err,
                            size_t errsz)
{
    char why[256];

    if (strcmp(old->origin, cur->origin) != 0) {
        tlog_errf(err, errsz, "another log: origin %.100s, not %.100s", cur->origin,
                  old->origin);
        return -1;
    }
    if (cur->size < old->size) {
        tlog_errf(err, errsz, "rolled back: the log had %llu leaves, now shows %llu",
                  (unsigned long long)old->size, (unsigned long long)cur->size);
        return -1;
    }
    if (cur->size == old->size && memcmp(cur->root, old->root, TLOG_HASH_LEN) != 0) {
        tlog_errf(err, errsz, "split view: two different heads for size %llu",
                  (unsigned long long)cur->size);
        return -1;
    }
    if (tlog_verify_consistency(old->size, cur->size, old->root, cur->root, proof, n, why,
                                sizeof why) != 0) {
        tlog_errf(err, errsz, "history rewritten: size %llu does not extend size %llu (%s)",
                  (unsigned long long)cur->size, (unsigned long long)old->size, why);
        return -1;
    }
    return 0;
}

int tlog_proof_format(uint64_t index, const unsigned char proof[][TLOG_HASH_LEN], size_t n,
                      const char *note, size_t note_len, struct buf *out, char *err,
                      size_t errsz)
{
    size_t before = out->len;
    char b64[48];
    int rc;

    rc = buf_printf(out, TLOG_PROOF_HEADER "\nindex %llu\n", (unsigned long long)index);
    for (size_t i = 0; i < n && rc == 0; i++) {
        b64_encode(proof[i], TLOG_HASH_LEN, b64);
        rc = buf_printf(out, "%s\n", b64);
    }
    if (rc == 0)
        rc = buf_adds(out, "\n") | buf_add(out, note, note_len);
    if (rc != 0) {
        tlog_buf_restore(out, before);
        tlog_errf(err, errsz, "tlog-proof: longer than the buffer's cap");
        return -1;
    }
    return 0;
}

/* The next line of [*p, end) without its newline; -1 when there is none. */
static int next_line(const char **p, const char *end, const char **line, size_t *len)
{
    const char *nl = *p < end ? memchr(*p, '\n', (size_t)(end - *p)) : NULL;

    if (nl == NULL)
        return -1;
    *line = *p;
    *len = (size_t)(nl - *p);
    *p = nl + 1;
    return 0;
}

int tlog_proof_verify(const void *text, size_t len, const void *entry, size_t entry_len,
                      const char *name, EVP_PKEY *key, const char *origin,
                      struct tlog_checkpoint *c, uint64_t *index, char *err, size_t errsz)
{
    unsigned char proof[TLOG_PROOF_MAX][TLOG_HASH_LEN], leaf[TLOG_HASH_LEN];
    const char *p = text, *end = p + len, *line;
    size_t n = 0, ll;
    uint64_t idx = 0;

    if (len > TLOG_NOTE_MAX + 64 * TLOG_PROOF_MAX || next_line(&p, end, &line, &ll) != 0 ||
        ll != strlen(TLOG_PROOF_HEADER) || memcmp(line, TLOG_PROOF_HEADER, ll) != 0) {
        tlog_errf(err, errsz, "tlog-proof: the first line must be " TLOG_PROOF_HEADER);
        return -1;
    }
    if (next_line(&p, end, &line, &ll) == 0 && ll > 6 && memcmp(line, "extra ", 6) == 0 &&
        next_line(&p, end, &line, &ll) != 0)
        ll = 0;
    if (ll < 7 || memcmp(line, "index ", 6) != 0 || ll - 6 > 20 ||
        (line[6] == '0' && ll > 7)) {
        tlog_errf(err, errsz, "tlog-proof: expected \"index <decimal>\" after the first line");
        return -1;
    }
    for (size_t i = 6; i < ll; i++) {
        unsigned d = (unsigned)(line[i] - '0');

        if (d > 9 || idx > (UINT64_MAX - d) / 10) {
            tlog_errf(err, errsz, "tlog-proof: the index is not a decimal number below 2^64");
            return -1;
        }
        idx = idx * 10 + d;
    }
    for (;;) {
        if (next_line(&p, end, &line, &ll) != 0) {
            tlog_errf(err, errsz, "tlog-proof: no blank line before the checkpoint");
            return -1;
        }
        if (ll == 0)
            break;
        if (n == TLOG_PROOF_MAX || b64_decode(line, ll, proof[n], TLOG_HASH_LEN) != TLOG_HASH_LEN) {
            tlog_errf(err, errsz, "tlog-proof: proof line %zu is not the base64 of one "
                      "SHA-256 hash", n + 1);
            return -1;
        }
        n++;
    }
    if (tlog_checkpoint_open(p, (size_t)(end - p), name, key, origin, c, err, errsz) != 0)
        return -1;
    if (tlog_leaf_hash(entry, entry_len, leaf) != 0) {
        tlog_errf(err, errsz, "tlog-proof: SHA-256 failed in OpenSSL");
        return -1;
    }
    if (tlog_verify_inclusion(leaf, idx, c->size, (const unsigned char(*)[TLOG_HASH_LEN])proof,
                              n, c->root, err, errsz) != 0)
        return -1;
    if (index != NULL)
        *index = idx;
    return 0;
}
