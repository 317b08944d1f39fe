/*
 * fuzz_check.h — small checks shared by the fuzz targets: is a fixed-size
 * string terminated, is a response body well-formed XML, report a broken
 * promise. static inline so that each target (and the unit test that includes
 * all three) carries its own copy without a library of its own.
 */
#ifndef TIER_FUZZ_CHECK_H
#define TIER_FUZZ_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>

/* Print "fuzz <target>: <sentence>" and return -1. */
static inline int fuzz_fail(const char *target, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static inline int fuzz_fail(const char *target, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "fuzz %s: ", target);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return -1;
}

/* 1 when the array of `cap` bytes at s holds a NUL. */
static inline int fuzz_terminated(const char *s, size_t cap)
{
    return memchr(s, '\0', cap) != NULL;
}

/* 1 when the `len` bytes at p are one well-formed UTF-8 XML document. */
static inline int fuzz_well_formed(const char *p, size_t len)
{
    xmlDocPtr d;

    if (p == NULL || len == 0 || len > 0x7fffffff)
        return 0;
    d = xmlReadMemory(p, (int)len, NULL, "UTF-8",
                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (d == NULL)
        return 0;
    xmlFreeDoc(d);
    return 1;
}

#endif
