/*
 * test_file.h — one way for the unit tests to read a whole file (a sample,
 * a regression input, a rendered preview). Header-only: each test program is
 * its own binary.
 */
#ifndef TIER_TEST_FILE_H
#define TIER_TEST_FILE_H

#include <stdio.h>
#include <stdlib.h>

/* The bytes of `path`, NUL-terminated, their count in *len; NULL when it
 * cannot be read. Caller frees. */
static char *test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *p = NULL;
    long n;

    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        p = malloc((size_t)n + 1);
        if (p != NULL && fread(p, 1, (size_t)n, f) != (size_t)n) {
            free(p);
            p = NULL;
        } else if (p != NULL) {
            p[n] = '\0';
            *len = (size_t)n;
        }
    }
    fclose(f);
    return p;
}

#endif
