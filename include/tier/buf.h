/*
 * buf.h — a growable byte buffer with a cap fixed when it is made
 * (after curl's dynbuf). Used for response bodies, XML output and file reads.
 *
 * A buffer starts empty and NUL-terminated; every append keeps it so. An append
 * that would take the length past `cap` fails with -1 and leaves the buffer as
 * it was, so a caller can answer "too large" rather than grow without bound.
 */
#ifndef TIER_BUF_H
#define TIER_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

struct buf {
    char *data;   /* NUL-terminated; NULL until the first append */
    size_t len;   /* bytes used, not counting the NUL */
    size_t alloc; /* bytes allocated */
    size_t cap;   /* the most `len` may ever reach */
};

/* Make an empty buffer that may hold at most `cap` bytes. Can't fail. */
void buf_init(struct buf *b, size_t cap);

/* Free the contents; the buffer is empty and usable again. NULL is fine. */
void buf_free(struct buf *b);

/* Forget the contents but keep the memory. */
void buf_reset(struct buf *b);

/* Make room for `extra` more bytes now (a size known in advance saves the
 * doublings). 0, or -1 when out of memory or over the cap. */
int buf_grow(struct buf *b, size_t extra);

/* Append `n` bytes. 0 on success; -1 when out of memory or over the cap
 * (buffer unchanged). */
int buf_add(struct buf *b, const void *p, size_t n);

/* Append a NUL-terminated string. Same contract as buf_add. */
int buf_adds(struct buf *b, const char *s);

/* Append printf-formatted text. Same contract as buf_add. */
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);

/* Append `n` bytes of text escaped for XML character data and attribute
 * values (& < > " '). Every byte that is not part of valid UTF-8 for a
 * character XML 1.0 allows (a sequence cut short, a control character other
 * than tab, LF and CR, a NUL) is written as U+FFFD, so the output is always
 * well-formed. Same contract as buf_add. */
int buf_add_xml(struct buf *b, const char *s, size_t n);
int buf_adds_xml(struct buf *b, const char *s);

/* The length of the UTF-8 sequence at s (n > 0 bytes left) when it encodes a
 * character XML 1.0 allows (Char: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD,
 * U+10000–U+10FFFF, shortest form); 0 when it does not. The one UTF-8 check
 * for text that will end up in XML (form values, escaped output); it decodes
 * with utf8_decode. */
size_t xml_char_len(const unsigned char *s, size_t n);

/* Append everything f has left to read (a file, a pipe, stdin). 0; -1
 * when reading fails or the contents would pass the cap (then the buffer is
 * unchanged and *too_big says which: 1 over the cap, 0 a read error). The
 * one way tierd reads a whole file. */
int buf_add_stream(struct buf *b, FILE *f, int *too_big);

/* Take the contents: returns the data (caller frees; "" if never appended)
 * and leaves the buffer empty. NULL when out of memory. */
char *buf_detach(struct buf *b, size_t *len);

#endif
