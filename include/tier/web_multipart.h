/*
 * web_multipart.h — a multipart/form-data body (an HTML form with a file
 * input) split into its parts, bounded: at most WEB_MULTIPART_PARTS parts,
 * part headers of at most WEB_MULTIPART_HEADER_MAX bytes, a boundary of 1–70
 * characters (RFC 2046). Nothing is copied: each part's data points into the
 * body. Pure; thread-safe.
 */
#ifndef TIER_WEB_MULTIPART_H
#define TIER_WEB_MULTIPART_H

#include <stddef.h>

#define WEB_MULTIPART_PARTS 8
#define WEB_MULTIPART_HEADER_MAX 1024
#define WEB_MULTIPART_NAME_MAX 64

struct web_multipart_part {
    char name[WEB_MULTIPART_NAME_MAX + 1]; /* Content-Disposition name="…" */
    int is_file;                           /* the part had a filename="…" */
    const char *data;                      /* into the body; not NUL-terminated */
    size_t len;
};

struct web_multipart {
    size_t n;
    struct web_multipart_part p[WEB_MULTIPART_PARTS];
};

/* Split len bytes of body, sent with content_type
 * ("multipart/form-data; boundary=…"), into m. 0, or -1 with what, where and
 * why in err ("part 2: no name in its Content-Disposition"). A name given
 * twice is refused, as in web_form_parse. */
int web_multipart_parse(const char *content_type, const char *body, size_t len,
                        struct web_multipart *m, char *err, size_t errsz);

/* The part named name, or NULL. */
const struct web_multipart_part *web_multipart_get(const struct web_multipart *m,
                                                   const char *name);

#endif
