/*
 * signer.h — who signs (sign module): the daemon's private keys and the only
 * way to sign a certificate, a revocation list or a transparency-log
 * checkpoint (issue 13).
 *
 * A `struct signer` is one of two kinds, with the same entry points:
 *   - in-process (signer_new): the keys are loaded from key-dir into this
 *     process on first use. tierctl and the registry's own tests use it;
 *   - a separate process (signer_spawn, tierd): a supervisor child started
 *     before tierd binds, reads secrets or drops privileges, and under it a
 *     worker that holds the keys. tierd talks to the worker over socketpairs
 *     (signer_proc.c) and never reads a private key file itself. The worker
 *     keeps read access to key-dir, so a key activated later is loaded there
 *     without a restart; when it dies, signing answers SIGNER_DOWN until the
 *     supervisor has started a new one (about a second).
 *
 * Whichever kind, the side holding the keys signs only what it has checked
 * to be of the expected shape (signer_check_*, below): a certificate element
 * whose every field passes cert_check and names the requested key; a
 * revocation list element; a checkpoint of the configured log origin. It
 * logs every signature on stderr (key id, kind, serial or digest; never a
 * secret). Which key signs is decided by the database (the active key).
 */
#ifndef TIER_SIGNER_H
#define TIER_SIGNER_H

#include "tier/buf.h"
#include "tier/sign.h"
#include "tier/tlog_checkpoint.h"

#include <stddef.h>
#include <sys/types.h>

struct signer;

enum signer_result {
    SIGNER_OK = 0,
    SIGNER_REFUSED, /* will not sign this: no such key, or not of the expected shape */
    SIGNER_DOWN,    /* the signer process is not running now: try again in a few seconds */
};

/* What may be signed (also the wire protocol's request kinds). */
enum signer_kind {
    SIGNER_KIND_CERT = 1,        /* a {urn:tierd:certificate:1}certificate element */
    SIGNER_KIND_REVOCATIONS = 2, /* a {urn:tierd:revocations:1}revocationList element */
    SIGNER_KIND_CHECKPOINT = 3,  /* a struct tlog_checkpoint, with the log key */
};

/* An in-process signer over `key_dir` (copied). NULL when out of memory. */
struct signer *signer_new(const char *key_dir);

/* Start the separate signer process over `key_dir` with `channels`
 * socketpairs (1..16; concurrent signatures). Checkpoints are signed only
 * for `log_origin` ("" = any). Call before any thread starts, before
 * listening and before privileges are dropped: it forks. In the child,
 * first thing, forget(arg) is called (may be NULL): wipe what the signer
 * must not keep (tierd: the database password). Waits (up to 10 s) until the
 * worker has loaded what it finds in key_dir. NULL with a sentence in err
 * (fork failed, the worker did not start, log.key exists but is not a usable
 * Ed25519 key). While it runs, this process's stderr is the signer's log. */
struct signer *signer_spawn(const char *key_dir, const char *log_origin, int channels,
                            void (*forget)(void *), void *arg, char *err, size_t errsz);

/* Refuse a key folder where any *.key file can be read or written by group
 * or others, or is not a regular file. 0 (also when the folder does not
 * exist), or -1 with a sentence naming the file. For start-up; reads no key. */
int signer_check_dir(const char *key_dir, char *err, size_t errsz);

/* Load every key_dir/<id>.key now. The number loaded, or -1 with a sentence
 * in err naming the file that failed. No folder: 0. In-process signers only
 * (a spawned worker does it itself at start): -1 otherwise. */
int signer_load_all(struct signer *s, char *err, size_t errsz);

/* Sign a certificate with the key `key_id` (the active key): sets c->key_id,
 * checks every field (cert_check), and returns the signed document as
 * cert_sign does: *doc (NUL-terminated, caller frees with free()) and *len.
 * SIGNER_REFUSED (a field is wrong, no such key here) or SIGNER_DOWN with a
 * sentence in err; *doc untouched then. Thread-safe. This is the one entry
 * point for issuing (approval, scheduled issuance, tierctl seed-demo). */
enum signer_result signer_cert_sign(struct signer *s, const char *key_id, struct cert *c,
                                    char **doc, size_t *len, char *err, size_t errsz);

/* Sign a revocation list element (`len` bytes, {urn:tierd:revocations:1}
 * revocationList, as store's cert_revocations_xml writes it) into a
 * signedRevocationList document, as sign_xml_envelope does. Same results. */
enum signer_result signer_revocations_sign(struct signer *s, const char *key_id,
                                           const char *list, size_t len, char **doc,
                                           size_t *doclen, char *err, size_t errsz);

/* Sign checkpoint c with the log key (key-dir/log.key, Ed25519) under key
 * name c->origin; the signed note is appended to out. SIGNER_REFUSED when
 * there is no log key or the origin is not the configured one. */
enum signer_result signer_checkpoint_sign(struct signer *s, const struct tlog_checkpoint *c,
                                          struct buf *out, char *err, size_t errsz);

/* 1 when checkpoints can be signed (a log key is loaded or loadable), else 0.
 * For the transparency log's step; never waits on the signer process. */
int signer_has_log_key(struct signer *s);

/* The low-level request: what the three above send. For tests of the
 * refusals (a spawned signer is asked exactly these bytes). payload is the
 * element's bytes, or a struct tlog_checkpoint for SIGNER_KIND_CHECKPOINT.
 * On SIGNER_OK *out (NUL-terminated, caller frees) and *outlen. */
enum signer_result signer_request(struct signer *s, enum signer_kind kind, const char *key_id,
                                  const void *payload, size_t len, char **out, size_t *outlen,
                                  char *err, size_t errsz);

/* The separate process as it is now. In-process signers: up 1, pids 0. */
struct signer_view {
    int spawned;           /* 1 for a signer_spawn signer */
    int up;                /* 1 when a worker is serving */
    int gone;              /* 1 when the supervisor itself has died (restart tierd) */
    pid_t supervisor_pid;  /* 0 when in-process */
    pid_t worker_pid;      /* the process holding the keys; 0 while down */
    unsigned restarts;     /* workers started after the first */
    int keys;              /* signing keys the worker loaded at its start */
};

/* Memory only; any thread; can't fail. NULL s: spawned 0, up 0. */
void signer_view(struct signer *s, struct signer_view *out);

/* Stop (a spawned signer: its processes end) and free; every key in this
 * process is wiped by sign_key_free. NULL is fine. */
void signer_free(struct signer *s);

#endif
