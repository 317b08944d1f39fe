/*
 * utf8.h — the one UTF-8 decoder (core). Pure, thread-safe, allocates
 * nothing.
 */
#ifndef TIER_UTF8_H
#define TIER_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode the character at s, of which n > 0 bytes may be read: its length in
 * bytes (1 to 4) with *cp set, or 0 when the bytes are not the shortest
 * well-formed encoding of a Unicode scalar value (a stray continuation byte,
 * an overlong form, a surrogate, above U+10FFFF, cut short). Continuation
 * bytes are read one by one and the first that is not one ends the look, so
 * a NUL-terminated string may be passed with n = SIZE_MAX: nothing past its
 * NUL is read. Can't fail otherwise.
 */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* 1 when cp is a character XML 1.0 allows (Char: tab, LF, CR, U+0020–U+D7FF,
 * U+E000–U+FFFD, U+10000–U+10FFFF), else 0. */
int utf8_is_xml_char(uint32_t cp);

#endif
