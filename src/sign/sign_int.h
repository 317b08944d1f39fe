/*
 * sign_int.h — what the files of the sign module share and nobody else sees:
 * the key structure, the error helper, and the certificate element's writer
 * and reader used by cert_sign.c.
 */
#ifndef TIER_SIGN_INT_H
#define TIER_SIGN_INT_H

#include <stddef.h>

#include <libxml/tree.h>
#include <openssl/evp.h>

#include "tier/buf.h"
#include "tier/sign.h"

struct sign_key {
    EVP_PKEY *pkey;                  /* owned */
    enum sign_alg alg;
    int has_private;                 /* 1 when pkey holds the private half */
    char id[SIGN_KEY_ID_LEN + 1];    /* hex SHA-256 of the DER SubjectPublicKeyInfo */
};

/* printf into err (if errlen > 0), truncating; the module's one way to say
 * why. */
void sign_errf(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Parse `len` untrusted bytes safely (no network, DTD, entities; DOCTYPE
 * refused; at most `cap` bytes, never over SIGN_XML_MAX_BYTES). The document
 * (caller frees with xmlFreeDoc), or NULL with "malformed document: …" in
 * err. */
xmlDocPtr sign_xml_parse(const void *p, size_t len, size_t cap, char *err, size_t errlen);

/* Find in doc the root {ns}envelope's children {ns}element and {ns}signature
 * (exactly those, in that order, whitespace between); or, when sig is NULL, also
 * accept a root that is {ns}element itself. No comments or PIs anywhere; the
 * element must declare xmlns="ns" itself. 0 with *el (and *sig), or -1 with
 * "malformed document: …". */
int sign_xml_parts(xmlDocPtr doc, const char *ns, const char *envelope, const char *element,
                   xmlNode **el, xmlNode **sig, char *err, size_t errlen);

/* Exclusive C14N 1.0 without comments of element `el` in place. 0 and *out
 * (malloc'd, NUL-terminated, caller frees) and *outlen, or -1. */
int sign_xml_c14n(xmlDocPtr doc, xmlNode *el, char **out, size_t *outlen);

/* What sign_xml_check leaves for its caller on CERT_VALID. */
struct sign_xml_checked {
    xmlDocPtr doc;                    /* the parsed document (owned) */
    xmlNode *element;                 /* the signed element, inside doc */
    char *c14n;                       /* its canonical bytes (owned, malloc'd) */
    size_t c14n_len;
    char key_id[SIGN_KEY_ID_LEN + 1]; /* the signature's keyId (= the key's id) */
};

/* sign_xml_verify's work for documents of at most `cap` bytes, keeping the
 * parsed document: on CERT_VALID *ck is
 * filled and the caller frees it with sign_xml_checked_free; on any other
 * verdict *ck is empty (nothing to free) and reason says why. */
enum cert_verdict sign_xml_check(const void *doc, size_t len, size_t cap, const char *ns,
                                 const char *envelope, const char *element,
                                 const struct sign_key *pub, struct sign_xml_checked *ck,
                                 char *reason, size_t reasonlen);
void sign_xml_checked_free(struct sign_xml_checked *ck);

/* Append the certificate element for *c (its keyId from c->key_id) to out,
 * namespace declared on the element itself. 0 or -1 (out of memory, cap). The
 * fields must have passed cert_check. */
int cert_xml_write(const struct cert *c, struct buf *out);

/* Read the certificate element `el` (already known to be {CERT_NS}certificate)
 * into *c, checking its shape and every field. 0, or -1 with a sentence in
 * err naming the element at fault. */
int cert_xml_read(const xmlNode *el, struct cert *c, char *err, size_t errlen);

#endif
