/*
 * file.h — reading a small file whole, with the checks a secret needs.
 */
#ifndef TIER_FILE_H
#define TIER_FILE_H

#include <stddef.h>

/* Read the regular file `path` (at most `max` bytes) into a fresh
 * NUL-terminated buffer: 0 with *out (caller wipes, if secret, and frees) and
 * *len; or -1 with a sentence naming `what` and the path in err. With
 * `secret`, a symbolic link, or a file any group or other bit is set on, is
 * refused (keys must be 0600). */
int file_read_checked(const char *what, const char *path, int secret, size_t max, char **out,
                      size_t *len, char *err, size_t errsz);

/* Overwrite and free a buffer from file_read_checked. NULL is fine. */
void file_wipe_free(char *p, size_t len);

#endif
