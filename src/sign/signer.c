/*
 * signer.c — private keys for signing, cached by id (see signer.h).
 *
 * A small fixed array under a mutex; keys are only added, never replaced, so
 * a pointer handed out stays valid while other threads load newer keys.
 */
#include "tier/signer.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SIGNER_MAX_KEYS 32

struct signer {
    pthread_mutex_t mu;
    char dir[512];
    int n;
    struct sign_key *keys[SIGNER_MAX_KEYS];
};

struct signer *signer_new(const char *key_dir)
{
    struct signer *s = calloc(1, sizeof *s);

    if (s == NULL)
        return NULL;
    pthread_mutex_init(&s->mu, NULL);
    snprintf(s->dir, sizeof s->dir, "%s", key_dir);
    return s;
}

int signer_check_dir(const char *key_dir, char *err, size_t errsz)
{
    DIR *d = opendir(key_dir);
    struct dirent *e;
    char path[1024];
    struct stat st;
    int rc = 0;

    if (d == NULL)
        return 0;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".key") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", key_dir, e->d_name);
        if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            snprintf(err, errsz, "private key %s is not a regular file", path);
            rc = -1;
            break;
        }
        if (st.st_mode & (S_IRWXG | S_IRWXO)) {
            snprintf(err, errsz, "private key %s has mode %03o: others may read it; chmod 600 "
                                 "it (tierd refuses to start)",
                     path, (unsigned)(st.st_mode & 0777));
            rc = -1;
            break;
        }
    }
    closedir(d);
    return rc;
}

const struct sign_key *signer_get(struct signer *s, const char *key_id, char *err,
                                  size_t errsz)
{
    struct sign_key *k = NULL;
    char path[1024];

    pthread_mutex_lock(&s->mu);
    for (int i = 0; i < s->n; i++) {
        if (strcmp(sign_key_id(s->keys[i]), key_id) == 0) {
            k = s->keys[i];
            goto done;
        }
    }
    if (s->n == SIGNER_MAX_KEYS) {
        snprintf(err, errsz, "more than %d signing keys loaded; restart tierd", SIGNER_MAX_KEYS);
        goto done;
    }
    snprintf(path, sizeof path, "%s/%s.key", s->dir, key_id);
    if (sign_key_load_private(path, &k, err, errsz) != 0) {
        k = NULL;
        goto done;
    }
    if (strcmp(sign_key_id(k), key_id) != 0) {
        snprintf(err, errsz, "%s holds key %.16s…, not the active key %.16s…", path,
                 sign_key_id(k), key_id);
        sign_key_free(k);
        k = NULL;
        goto done;
    }
    s->keys[s->n++] = k;
done:
    pthread_mutex_unlock(&s->mu);
    return k;
}

int signer_load_all(struct signer *s, char *err, size_t errsz)
{
    DIR *d = opendir(s->dir);
    struct dirent *e;
    char id[256];
    int n = 0;

    if (d == NULL)
        return 0;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 5 || len - 4 >= sizeof id || strcmp(e->d_name + len - 4, ".key") != 0)
            continue;
        if (strcmp(e->d_name, "log.key") == 0)
            continue; /* the transparency log's key: tierd loads it itself */
        memcpy(id, e->d_name, len - 4);
        id[len - 4] = '\0';
        if (signer_get(s, id, err, errsz) == NULL) {
            n = -1;
            break;
        }
        n++;
    }
    closedir(d);
    return n;
}

void signer_free(struct signer *s)
{
    if (s == NULL)
        return;
    for (int i = 0; i < s->n; i++)
        sign_key_free(s->keys[i]);
    pthread_mutex_destroy(&s->mu);
    free(s);
}
