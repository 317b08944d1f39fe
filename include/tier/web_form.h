/*
 * web_form.h — parse an application/x-www-form-urlencoded body (an HTML form
 * POST) with caps fixed before reading.
 *
 * A form is a short list of named text values. Names are ASCII [A-Za-z0-9_-];
 * values are UTF-8 text of characters XML 1.0 allows (no NUL, no control
 * character but tab, LF and CR; no DEL) ("\r\n" as browsers send line breaks in a textarea is kept as it
 * is). A name given twice is refused: a form field is never a list here, and
 * the second value of a repeated field is a classic way to smuggle one past a
 * check that read the first.
 */
#ifndef TIER_WEB_FORM_H
#define TIER_WEB_FORM_H

#include <stddef.h>

#define WEB_FORM_BODY_MAX (64u << 10) /* bytes of one form body */
#define WEB_FORM_FIELDS_MAX 32        /* fields per form */
#define WEB_FORM_NAME_MAX 64          /* bytes of a field name */
#define WEB_FORM_VALUE_MAX 8192       /* bytes of a decoded value (a 2,000-character comment) */

/* The generated application forms (apply.xsl): a few hundred fields named by
 * element path ("financials.year.2.@value"). */
#define WEB_FORM_APPLY_BODY_MAX (512u << 10) /* bytes of one form body */
#define WEB_FORM_APPLY_FIELDS_MAX 1024       /* fields per form */
#define WEB_FORM_APPLY_NAME_MAX 256          /* bytes of a field name */

/* The caps of one kind of form, fixed before a byte is read. */
struct web_form_limits {
    size_t body_max;   /* bytes of the body */
    size_t fields_max; /* fields */
    size_t name_max;   /* bytes of a name */
    size_t value_max;  /* bytes of a decoded value */
    int paths;         /* 1: names may also hold '.' and '@' (element paths) */
};

/* Reviewers' and sign-in forms: WEB_FORM_BODY_MAX, WEB_FORM_FIELDS_MAX, names
 * [A-Za-z0-9_-] of WEB_FORM_NAME_MAX, values of WEB_FORM_VALUE_MAX. */
extern const struct web_form_limits web_form_small;
/* Application forms: the WEB_FORM_APPLY_* caps, path names, same values. */
extern const struct web_form_limits web_form_apply;

struct web_form_field {
    const char *name;   /* NUL-terminated, in the form's arena */
    const char *value;  /* decoded, NUL-terminated, in the form's arena */
    size_t value_len;   /* bytes of value */
};

struct web_form {
    size_t n;
    struct web_form_field *f; /* n fields, in the arena's allocation */
    char *arena;              /* owns every name, value and f */
};

/* Parse len bytes of body into f. 0, or -1 with what, where and why in err
 * ("field 3 (comment): value over 8192 bytes"); f is then empty and owns
 * nothing. The body need not be NUL-terminated. */
int web_form_parse(const char *body, size_t len, struct web_form *f, char *err, size_t errsz);

/* web_form_parse with the caps of lim (web_form_small is web_form_parse's).
 * Memory is at most body length + 2 bytes and one field slot per field
 * allowed, allocated once. */
int web_form_parse_limits(const char *body, size_t len, const struct web_form_limits *lim,
                          struct web_form *f, char *err, size_t errsz);

/* The value of field `name`, or NULL when the form has no such field. */
const char *web_form_get(const struct web_form *f, const char *name);

/* Free what the form owns; it is empty afterwards. NULL is fine. */
void web_form_free(struct web_form *f);

#endif
