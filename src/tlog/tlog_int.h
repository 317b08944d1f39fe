/*
 * tlog_int.h — what the files of the tlog module share and nobody else sees.
 */
#ifndef TIER_TLOG_INT_H
#define TIER_TLOG_INT_H

#include <stddef.h>

#include "tier/buf.h"

/* printf into err (when err is not NULL and errsz > 0), truncating: the
 * module's one way to say why. */
void tlog_errf(char *err, size_t errsz, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Put b back to its first `len` bytes (a failed write leaves no half of
 * itself behind). */
void tlog_buf_restore(struct buf *b, size_t len);

#endif
