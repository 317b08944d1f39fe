/*
 * signer.h — the daemon's private signing keys, loaded from key-dir on first
 * use and kept for the life of the process (sign module). Which key signs is
 * decided by the database (the active key), so `tierctl key activate` takes
 * effect without restarting tierd.
 */
#ifndef TIER_SIGNER_H
#define TIER_SIGNER_H

#include "tier/sign.h"

#include <stddef.h>

struct signer;

/* A cache over `key_dir` (copied). NULL when out of memory. */
struct signer *signer_new(const char *key_dir);

/* Refuse a key folder where any *.key file can be read or written by group
 * or others, or is not a regular file. 0 (also when the folder does not
 * exist), or -1 with a sentence naming the file. For start-up. */
int signer_check_dir(const char *key_dir, char *err, size_t errsz);

/* The private key with this id, loading key_dir/<id>.key the first time.
 * The key stays valid until signer_free. NULL with a sentence in err (no
 * such file, mode too open, not a key, id mismatch). Thread-safe. */
const struct sign_key *signer_get(struct signer *s, const char *key_id, char *err,
                                  size_t errsz);

/* Load every key_dir/<id>.key now (before tierd gives up root and can no
 * longer read the folder). The number loaded, or -1 with a sentence in err
 * naming the file that failed. No folder: 0. */
int signer_load_all(struct signer *s, char *err, size_t errsz);

/* Free every key (secrets are wiped by sign_key_free). NULL is fine. */
void signer_free(struct signer *s);

#endif
