/*
 * cert_sign.c — signing and verifying certificates: the certificate element
 * (cert.c) inside the generic signed envelope (xml_envelope.c), see
 * include/tier/sign.h and docs/verify.md.
 *
 * cert_sign writes the element with the signing key's id in <keyId>, so the
 * key id is part of the signed content, and wraps it in <signedCertificate>.
 * cert_verify runs the envelope checks (shape, algorithm, key id, signature
 * over the exclusive C14N of the element in place), then reads the fields and
 * checks that the certificate names the same key as its signature. Reading
 * comes after the signature check on purpose: a tampered field is reported as
 * "signature does not match the certificate", not as a bad value.
 *
 * Threads: no shared state. Failure: -1 with a sentence, or a verdict with a
 * reason; nothing is logged.
 */
#include "sign_int.h"

#include <stdlib.h>
#include <string.h>

#define CERT_ENVELOPE "signedCertificate"
#define CERT_ELEMENT  "certificate"

int cert_sign(struct cert *c, const struct sign_key *k, char **doc, size_t *len, char *err,
              size_t errlen)
{
    struct buf elem;
    int rc = -1;

    buf_init(&elem, CERT_MAX_DOC_BYTES);
    if (!k->has_private) {
        sign_errf(err, errlen, "key %s is a public key and cannot sign", k->id);
        goto done;
    }
    memcpy(c->key_id, k->id, sizeof c->key_id);
    if (cert_check(c, err, errlen) != 0)
        goto done;
    if (cert_xml_write(c, &elem) != 0) {
        sign_errf(err, errlen, "out of memory writing the certificate");
        goto done;
    }
    rc = sign_xml_envelope(elem.data, elem.len, CERT_NS, CERT_ENVELOPE, k, doc, len, err,
                           errlen);
done:
    buf_free(&elem);
    return rc;
}

enum cert_verdict cert_verify(const void *doc, size_t len, const struct sign_key *pub,
                              struct cert *out, char *reason, size_t reasonlen)
{
    struct sign_xml_checked ck;
    enum cert_verdict v;
    struct cert c;
    char why[320];

    v = sign_xml_check(doc, len, CERT_MAX_DOC_BYTES, CERT_NS, CERT_ENVELOPE, CERT_ELEMENT, pub,
                       &ck, reason, reasonlen);
    if (v != CERT_VALID)
        return v;
    /* Signed by this key; now the content must be a certificate we would issue. */
    if (cert_xml_read(ck.element, &c, why, sizeof why) != 0) {
        sign_errf(reason, reasonlen, "malformed document: %s", why);
        v = CERT_MALFORMED;
    } else if (strcmp(c.key_id, ck.key_id) != 0) {
        sign_errf(reason, reasonlen,
                  "the certificate names key %s, but its signature names key %s", c.key_id,
                  ck.key_id);
        v = CERT_INVALID;
    } else if (out != NULL) {
        *out = c;
    }
    sign_xml_checked_free(&ck);
    return v;
}

int cert_signed_bytes(const void *doc, size_t len, char **out, size_t *outlen, char *err,
                      size_t errlen)
{
    xmlDocPtr d = sign_xml_parse(doc, len, CERT_MAX_DOC_BYTES, err, errlen);
    xmlNode *el = NULL;
    int rc = -1;

    if (d == NULL)
        return -1;
    if (sign_xml_parts(d, CERT_NS, CERT_ENVELOPE, CERT_ELEMENT, &el, NULL, err, errlen) != 0)
        goto done;
    if (sign_xml_c14n(d, el, out, outlen) != 0) {
        sign_errf(err, errlen, "cannot canonicalise the certificate element");
        goto done;
    }
    rc = 0;
done:
    xmlFreeDoc(d);
    return rc;
}
