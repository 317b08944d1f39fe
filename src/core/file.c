/*
 * file.c — read a small file whole (a certificate, a key), refusing what a
 * secret must not be: a symbolic link, a file others may read, a file that
 * is not regular, or one over its size cap. Owns nothing after return;
 * re-entrant. Failure: -1 with one sentence, nothing allocated.
 */
#include "tier/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void file_wipe_free(char *p, size_t len)
{
    volatile char *v = p;

    if (p == NULL)
        return;
    for (size_t i = 0; i < len; i++)
        v[i] = 0;
    free(p);
}

int file_read_checked(const char *what, const char *path, int secret, size_t max, char **out,
                      size_t *len, char *err, size_t errsz)
{
    struct stat st;
    char *p = NULL;
    size_t n = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | (secret ? O_NOFOLLOW : 0));

    if (fd < 0) {
        snprintf(err, errsz, "%s %s: %s", what, path,
                 errno == ELOOP && secret ? "a symbolic link; give the file itself"
                                          : strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errsz, "%s %s: not a regular file", what, path);
        goto fail;
    }
    if (secret && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        snprintf(err, errsz, "%s %s has mode %04o; it must be readable by its owner only "
                             "(chmod 600 %s)",
                 what, path, (unsigned)(st.st_mode & 07777), path);
        goto fail;
    }
    if ((size_t)st.st_size > max) {
        snprintf(err, errsz, "%s %s: %lld bytes, more than the %zu allowed", what, path,
                 (long long)st.st_size, max);
        goto fail;
    }
    p = malloc(max + 1);
    if (p == NULL) {
        snprintf(err, errsz, "%s %s: out of memory", what, path);
        goto fail;
    }
    for (;;) {
        ssize_t r = read(fd, p + n, max + 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            snprintf(err, errsz, "%s %s: %s", what, path, strerror(errno));
            goto fail;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (n > max) {
            snprintf(err, errsz, "%s %s: more than the %zu bytes allowed", what, path, max);
            goto fail;
        }
    }
    close(fd);
    p[n] = '\0';
    *out = p;
    *len = n;
    return 0;
fail:
    file_wipe_free(p, n);
    close(fd);
    return -1;
}
