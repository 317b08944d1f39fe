/*
 * signer_int.h — what signer.c (the key cache and the checks) and
 * signer_proc.c (the separate process and its protocol) share.
 */
#ifndef TIER_SIGNER_INT_H
#define TIER_SIGNER_INT_H

#include "tier/signer.h"

#include <pthread.h>

#define SIGNER_MAX_KEYS     32
#define SIGNER_MAX_CHANNELS 16

struct signer_proc; /* signer_proc.c: the client side of a spawned signer */

struct signer {
    pthread_mutex_t mu;
    char dir[512];
    char log_origin[TLOG_ORIGIN_MAX];     /* "" = any */
    int n;
    struct sign_key *keys[SIGNER_MAX_KEYS]; /* only added, never replaced */
    struct sign_key *log_key;             /* loaded on first use */
    int log_state;                        /* 0 not tried, 1 loaded, -1 none or broken */
    char log_err[1400];                   /* why, when log_state is -1 */
    struct signer_proc *proc;             /* non-NULL: the keys live in another process */
    int logs;                             /* 1 in the signer process: a line per signature */
};

/* Do the work of signer_request here, in the process that holds the keys:
 * check the payload's shape, sign, log one line. Thread-safe. */
enum signer_result signer_local(struct signer *s, enum signer_kind kind, const char *key_id,
                                const void *payload, size_t len, char **out, size_t *outlen,
                                char *err, size_t errsz);

/* Load key_dir/log.key if not tried yet. 1 loaded, 0 absent, -1 broken
 * (sentence in s->log_err). */
int signer_log_key_load(struct signer *s);

/* signer_proc.c's side of the public functions for a spawned signer. */
enum signer_result signer_proc_request(struct signer_proc *p, enum signer_kind kind,
                                       const char *key_id, const void *payload, size_t len,
                                       char **out, size_t *outlen, char *err, size_t errsz);
int signer_proc_has_log_key(struct signer_proc *p);
void signer_proc_view(struct signer_proc *p, struct signer_view *out);
void signer_proc_free(struct signer_proc *p);

#endif
