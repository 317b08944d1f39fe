/*
 * xml_envelope.c — signed XML: an element, its exclusive canonical form, and a
 * <signature> beside it in an envelope (see include/tier/sign.h,
 * sign_xml_envelope / sign_xml_verify; certificates are built on this in
 * cert_sign.c, the revocation list can be too).
 *
 * Signing parses the element with the same safe parser a verifier uses, takes
 * the exclusive C14N 1.0 form of it (no comments), signs those bytes
 * (sign_bytes.c) and embeds the canonical bytes themselves, unchanged, in the
 * envelope beside a <signature> element carrying the algorithm, the key id,
 * the SM2 distinguishing ID and the base64 signature. C14N output is
 * well-formed XML, so the envelope holds exactly the bytes that were signed.
 *
 * Verifying parses untrusted bytes from memory: at most CERT_MAX_DOC_BYTES
 * for a certificate, SIGN_XML_MAX_BYTES for anything else,
 * no NUL bytes, forced UTF-8, XML_PARSE_NONET and none of NOENT, DTDLOAD or
 * HUGE; a DOCTYPE is refused by a byte scan before parsing and again by a look
 * at the tree. The shape is then checked strictly (root, the two children,
 * nothing else, no comments or processing instructions anywhere, so the
 * with-comments C14N of `xmllint --exc-c14n` and ours cannot differ; no
 * relative namespace URI anywhere, which C14N must refuse; the signed
 * element declares its namespace itself), and the C14N of the element in
 * place is recomputed. The canonical form is taken in place with a visibility
 * callback (the element and everything under it), which is the W3C definition
 * of canonicalising a document subset; because the element declares its own
 * namespace, the same bytes come out of the element cut from the document by
 * `xmllint --xpath` and fed to `xmllint --exc-c14n` (docs/verify.md; run by
 * tests/unit/test_verify_openssl_cli.c).
 *
 * Threads: no shared state. libxml2 must have been initialised (xmlInitParser)
 * before threads start using it; we call it too, which is harmless.
 * Failure: -1 with a sentence, or a verdict with a reason; nothing is logged.
 */
#include "sign_int.h"

/* memmem() is declared because the Makefile compiles with -D_GNU_SOURCE. */
#include <stdlib.h>
#include <string.h>

#include <libxml/c14n.h>
#include <libxml/parser.h>
#include <libxml/uri.h>
#include <libxml/xmlIO.h>
#include <openssl/evp.h>

#define SIG_B64_MAX (((SIGN_MAX_SIG + 2) / 3) * 4)
#define NAME_MAX_LEN 64 /* element names we are asked to look for */

/* ---- safe parse --------------------------------------------------------------------- */

xmlDocPtr sign_xml_parse(const void *p, size_t len, size_t cap, char *err, size_t errlen)
{
    xmlParserCtxtPtr ctxt;
    xmlDocPtr doc;

    if (p == NULL || len == 0 || len > cap || len > SIGN_XML_MAX_BYTES) {
        sign_errf(err, errlen, "malformed document: empty or larger than %zu bytes", cap);
        return NULL;
    }
    if (memchr(p, '\0', len) != NULL) {
        sign_errf(err, errlen, "malformed document: a NUL byte (the document must be UTF-8)");
        return NULL;
    }
    if (memmem(p, len, "<!DOCTYPE", 9) != NULL) {
        sign_errf(err, errlen, "malformed document: a DOCTYPE is not allowed");
        return NULL;
    }
    xmlInitParser();
    ctxt = xmlNewParserCtxt();
    if (ctxt == NULL) {
        sign_errf(err, errlen, "out of memory");
        return NULL;
    }
    doc = xmlCtxtReadMemory(ctxt, p, (int)len, NULL, "UTF-8",
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == NULL || !ctxt->wellFormed) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        char msg[200];
        size_t n;

        snprintf(msg, sizeof msg, "%s",
                 e != NULL && e->message != NULL ? e->message : "not well-formed XML");
        n = strlen(msg);
        while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
            msg[--n] = '\0';
        sign_errf(err, errlen, "malformed document: line %d: %s", e != NULL ? e->line : 0, msg);
        xmlFreeDoc(doc);
        doc = NULL;
    } else if (doc->intSubset != NULL || doc->extSubset != NULL) {
        sign_errf(err, errlen, "malformed document: a DOCTYPE is not allowed");
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    return doc;
}

/* ---- shape -------------------------------------------------------------------------- */

static int is_named(const xmlNode *n, const char *ns, const char *name)
{
    return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
           xmlStrEqual(n->ns->href, BAD_CAST ns) && xmlStrEqual(n->name, BAD_CAST name);
}

static int blank(const xmlChar *s)
{
    for (; s != NULL && *s != '\0'; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

/* 1 when a comment or processing instruction is anywhere under n. */
static int has_comment_or_pi(const xmlNode *n)
{
    for (; n != NULL; n = n->next) {
        if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE)
            return 1;
        if (n->type == XML_ELEMENT_NODE && has_comment_or_pi(n->children))
            return 1;
    }
    return 0;
}

/* The first namespace name under n (elements and their descendants) that is
 * not an absolute URI, or NULL. C14N must fail on a relative namespace URI
 * (C14N 1.0, section 2.1), and libxml2's does, for any element of the
 * document, visible or not: such a document is malformed, not a library
 * failure, so it is refused here with the other shape checks. */
static const xmlChar *relative_ns(const xmlNode *n)
{
    for (; n != NULL; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        for (const xmlNs *d = n->nsDef; d != NULL; d = d->next) {
            xmlURIPtr uri;
            int absolute;

            if (d->href == NULL || d->href[0] == '\0')
                continue;
            uri = xmlParseURI((const char *)d->href);
            absolute = uri != NULL && uri->scheme != NULL && uri->scheme[0] != '\0';
            xmlFreeURI(uri);
            if (!absolute)
                return d->href;
        }
        {
            const xmlChar *r = relative_ns(n->children);
            if (r != NULL)
                return r;
        }
    }
    return NULL;
}

/* 1 when el itself declares the default namespace ns. The standard-tools
 * check (docs/verify.md) cuts the element out with xmllint --xpath, which
 * copies only the element's own declarations; without this one the cut-out
 * element would be in no namespace and its canonical form would differ, so
 * tierctl and the documented commands would disagree. */
static int declares_own_ns(const xmlNode *el, const char *ns)
{
    for (const xmlNs *d = el->nsDef; d != NULL; d = d->next)
        if (d->prefix == NULL && xmlStrEqual(d->href, BAD_CAST ns))
            return 1;
    return 0;
}

int sign_xml_parts(xmlDocPtr doc, const char *ns, const char *envelope, const char *element,
                   xmlNode **el, xmlNode **sig, char *err, size_t errlen)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    xmlNode *ch, *c = NULL, *s = NULL;
    const xmlChar *rel = relative_ns(doc->children);

    if (has_comment_or_pi(doc->children)) {
        sign_errf(err, errlen,
                  "malformed document: comments and processing instructions are not allowed");
        return -1;
    }
    if (rel != NULL) {
        sign_errf(err, errlen, "malformed document: namespace name '%.60s' is not an absolute "
                               "URI", (const char *)rel);
        return -1;
    }
    if (sig == NULL && is_named(root, ns, element)) {
        c = root;
        goto found;
    }
    if (!is_named(root, ns, envelope)) {
        sign_errf(err, errlen, "malformed document: the root element is not {%s}%s", ns,
                  envelope);
        return -1;
    }
    if (root->properties != NULL) {
        sign_errf(err, errlen, "malformed document: unexpected attribute on %s", envelope);
        return -1;
    }
    for (ch = root->children; ch != NULL; ch = ch->next) {
        if (ch->type == XML_TEXT_NODE && blank(ch->content))
            continue;
        if (c == NULL && is_named(ch, ns, element)) {
            c = ch;
        } else if (c != NULL && s == NULL && is_named(ch, ns, "signature")) {
            s = ch;
        } else {
            sign_errf(err, errlen,
                      "malformed document: %s must hold exactly one %s followed by one signature",
                      envelope, element);
            return -1;
        }
    }
    if (c == NULL || s == NULL) {
        sign_errf(err, errlen, "malformed document: the %s element is missing",
                  c == NULL ? element : "signature");
        return -1;
    }
found:
    if (!declares_own_ns(c, ns)) {
        sign_errf(err, errlen, "malformed document: the %s element must declare xmlns=\"%s\" "
                               "itself", element, ns);
        return -1;
    }
    *el = c;
    if (sig != NULL)
        *sig = s;
    return 0;
}

/* ---- canonical form ----------------------------------------------------------------- */

/* C14N visibility: the apex element and everything under it. For namespace
 * and attribute nodes libxml2 passes the owning element as `parent` (an
 * xmlNs has no parent field of its own; only `type` lines up with xmlNode). */
static int in_subtree(void *user, xmlNodePtr node, xmlNodePtr parent)
{
    const xmlNode *apex = user;
    const xmlNode *n = node;

    if (n == NULL)
        return 0;
    if (n->type == XML_NAMESPACE_DECL || n->type == XML_ATTRIBUTE_NODE)
        n = parent;
    for (; n != NULL; n = n->parent)
        if (n == apex)
            return 1;
    return 0;
}

int sign_xml_c14n(xmlDocPtr doc, xmlNode *el, char **out, size_t *outlen)
{
    xmlOutputBufferPtr ob = xmlAllocOutputBuffer(NULL);
    const xmlChar *content;
    size_t n;
    char *p;
    int rc = -1;

    if (ob == NULL)
        return -1;
    if (xmlC14NExecute(doc, in_subtree, el, XML_C14N_EXCLUSIVE_1_0, NULL, 0, ob) < 0)
        goto done;
    content = xmlOutputBufferGetContent(ob);
    n = xmlOutputBufferGetSize(ob);
    if (content == NULL || n == 0)
        goto done;
    p = malloc(n + 1);
    if (p == NULL)
        goto done;
    memcpy(p, content, n);
    p[n] = '\0';
    *out = p;
    *outlen = n;
    rc = 0;
done:
    xmlOutputBufferClose(ob);
    return rc;
}

/* ---- signing ------------------------------------------------------------------------ */

/* 1 when s is a plain XML name we can print unescaped (letters, digits, - _ .
 * : /), for namespaces and element names given by our callers. */
static int plain(const char *s, size_t max)
{
    size_t n = strlen(s);

    if (n == 0 || n > max)
        return 0;
    for (; *s != '\0'; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_' || *s == '.' || *s == ':' || *s == '/'))
            return 0;
    return 1;
}

int sign_xml_envelope(const char *element, size_t len, const char *ns, const char *envelope,
                      const struct sign_key *k, char **doc, size_t *doclen, char *err,
                      size_t errlen)
{
    unsigned char sig[SIGN_MAX_SIG];
    unsigned char b64[SIG_B64_MAX + 1];
    xmlDocPtr d = NULL;
    xmlNode *root;
    struct buf env;
    char *canon = NULL;
    size_t canon_len = 0, siglen = 0;
    int rc = -1;

    buf_init(&env, SIGN_XML_MAX_BYTES);
    if (!k->has_private) {
        sign_errf(err, errlen, "key %s is a public key and cannot sign", k->id);
        goto done;
    }
    if (!plain(ns, 200) || !plain(envelope, NAME_MAX_LEN)) {
        sign_errf(err, errlen, "namespace or envelope name is not a plain name");
        goto done;
    }
    d = sign_xml_parse(element, len, SIGN_XML_MAX_BYTES, err, errlen);
    if (d == NULL)
        goto done;
    root = xmlDocGetRootElement(d);
    if (root == NULL || root->ns == NULL || root->ns->prefix != NULL ||
        !xmlStrEqual(root->ns->href, BAD_CAST ns) || !declares_own_ns(root, ns) ||
        has_comment_or_pi(d->children)) {
        sign_errf(err, errlen, "the element to sign must declare xmlns=\"%s\" itself and hold "
                               "no comments or processing instructions", ns);
        goto done;
    }
    if (relative_ns(d->children) != NULL) {
        sign_errf(err, errlen, "the element to sign declares a namespace name that is not an "
                               "absolute URI");
        goto done;
    }
    if (sign_xml_c14n(d, root, &canon, &canon_len) != 0) {
        sign_errf(err, errlen, "cannot canonicalise the element to sign");
        goto done;
    }
    if (sign_bytes(k, canon, canon_len, sig, &siglen) != 0) {
        sign_errf(err, errlen, "OpenSSL could not sign with key %s", k->id);
        goto done;
    }
    EVP_EncodeBlock(b64, sig, (int)siglen);
    if (buf_printf(&env, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<%s xmlns=\"%s\">\n",
                   envelope, ns) != 0 ||
        buf_add(&env, canon, canon_len) != 0 ||
        buf_printf(&env, "\n<signature algorithm=\"%s\" keyId=\"%s\"%s>%s</signature>\n</%s>\n",
                   sign_alg_sig_name(k->alg), k->id,
                   k->alg == SIGN_ALG_SM2 ? " distid=\"" SIGN_SM2_DIST_ID "\"" : "",
                   (const char *)b64, envelope) != 0) {
        sign_errf(err, errlen, "the signed document would be larger than %d bytes",
                  SIGN_XML_MAX_BYTES);
        goto done;
    }
    *doc = buf_detach(&env, doclen);
    if (*doc == NULL) {
        sign_errf(err, errlen, "out of memory");
        goto done;
    }
    rc = 0;
done:
    free(canon);
    xmlFreeDoc(d);
    buf_free(&env);
    return rc;
}

/* ---- verifying ---------------------------------------------------------------------- */

const char *cert_verdict_name(enum cert_verdict v)
{
    switch (v) {
    case CERT_VALID:
        return "valid";
    case CERT_INVALID:
        return "invalid";
    case CERT_MALFORMED:
        return "malformed";
    case CERT_VERIFY_ERROR:
        return "error";
    }
    return "error";
}

/* Strict base64 (RFC 4648 alphabet, padded, no line breaks) of text
 * surrounded by optional XML whitespace. 0 with the bytes, or -1. */
static int b64_decode(const xmlChar *text, unsigned char out[SIGN_MAX_SIG], size_t *outlen)
{
    unsigned char tmp[SIG_B64_MAX / 4 * 3 + 3];
    const char *s = (const char *)text;
    size_t n, pad = 0;
    int r;

    if (s == NULL)
        return -1;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    if (n == 0 || n % 4 != 0 || n > SIG_B64_MAX)
        return -1;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        int alpha = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                    (ch >= '0' && ch <= '9') || ch == '+' || ch == '/';

        if (ch == '=' && i >= n - 2) {
            pad++;
            continue;
        }
        if (!alpha || pad > 0)
            return -1;
    }
    r = EVP_DecodeBlock(tmp, (const unsigned char *)s, (int)n);
    if (r < 0 || (size_t)r < pad || (size_t)r - pad > SIGN_MAX_SIG)
        return -1;
    memcpy(out, tmp, (size_t)r - pad);
    *outlen = (size_t)r - pad;
    return 0;
}

void sign_xml_checked_free(struct sign_xml_checked *ck)
{
    if (ck == NULL)
        return;
    xmlFreeDoc(ck->doc);
    free(ck->c14n);
    ck->doc = NULL;
    ck->c14n = NULL;
}

enum cert_verdict sign_xml_check(const void *doc, size_t len, size_t cap, const char *ns,
                                 const char *envelope, const char *element,
                                 const struct sign_key *pub, struct sign_xml_checked *ck,
                                 char *reason, size_t reasonlen)
{
    unsigned char sig[SIGN_MAX_SIG];
    xmlChar *alg_s = NULL, *key_s = NULL, *distid = NULL, *sig_text = NULL;
    enum cert_verdict v = CERT_MALFORMED;
    xmlNode *sig_el = NULL;
    const xmlAttr *a;
    enum sign_alg alg;
    size_t siglen = 0;
    int ok;

    memset(ck, 0, sizeof *ck);
    ck->doc = sign_xml_parse(doc, len, cap, reason, reasonlen);
    if (ck->doc == NULL)
        return CERT_MALFORMED;
    if (sign_xml_parts(ck->doc, ns, envelope, element, &ck->element, &sig_el, reason,
                       reasonlen) != 0)
        goto done;

    /* The signature element: three known attributes and base64 text. */
    for (a = sig_el->properties; a != NULL; a = a->next) {
        if (a->ns != NULL || !(xmlStrEqual(a->name, BAD_CAST "algorithm") ||
                               xmlStrEqual(a->name, BAD_CAST "keyId") ||
                               xmlStrEqual(a->name, BAD_CAST "distid"))) {
            sign_errf(reason, reasonlen,
                      "malformed document: unexpected attribute %.40s on signature",
                      (const char *)a->name);
            goto done;
        }
    }
    for (const xmlNode *ch = sig_el->children; ch != NULL; ch = ch->next) {
        if (ch->type != XML_TEXT_NODE) {
            sign_errf(reason, reasonlen,
                      "malformed document: signature may hold only base64 text");
            goto done;
        }
    }
    alg_s = xmlGetNoNsProp(sig_el, BAD_CAST "algorithm");
    key_s = xmlGetNoNsProp(sig_el, BAD_CAST "keyId");
    distid = xmlGetNoNsProp(sig_el, BAD_CAST "distid");
    if (alg_s == NULL || key_s == NULL) {
        sign_errf(reason, reasonlen,
                  "malformed document: signature lacks its algorithm or keyId attribute");
        goto done;
    }
    if (sign_alg_parse((const char *)alg_s, &alg) != 0 ||
        strcmp((const char *)alg_s, sign_alg_sig_name(alg)) != 0) {
        sign_errf(reason, reasonlen,
                  "malformed document: unknown signature algorithm '%.40s' (expected ed25519, "
                  "sm2-sm3 or ecdsa-p256-sha256)", (const char *)alg_s);
        goto done;
    }
    if ((alg == SIGN_ALG_SM2) != (distid != NULL)) {
        sign_errf(reason, reasonlen, "malformed document: the distid attribute belongs to %s",
                  alg == SIGN_ALG_SM2 ? "an sm2-sm3 signature and is missing"
                                      : "sm2-sm3 signatures only");
        goto done;
    }
    sig_text = xmlNodeGetContent(sig_el);
    if (b64_decode(sig_text, sig, &siglen) != 0) {
        sign_errf(reason, reasonlen,
                  "malformed document: the signature is not base64 of at most %d bytes",
                  SIGN_MAX_SIG);
        goto done;
    }

    /* Which key and algorithm: before the signature, so the reason is precise. */
    v = CERT_INVALID;
    if (alg != pub->alg) {
        sign_errf(reason, reasonlen,
                  "algorithm mismatch: the %s was signed with %s, but the given key is a %s "
                  "key", element, sign_alg_sig_name(alg), sign_alg_name(pub->alg));
        goto done;
    }
    if (strcmp((const char *)key_s, pub->id) != 0) {
        sign_errf(reason, reasonlen, "%s was signed with key %.64s, not with the given key %s",
                  element, (const char *)key_s, pub->id);
        goto done;
    }
    if (distid != NULL && strcmp((const char *)distid, SIGN_SM2_DIST_ID) != 0) {
        sign_errf(reason, reasonlen,
                  "the signature states SM2 distinguishing ID '%.40s'; only the GM/T 0009 "
                  "default " SIGN_SM2_DIST_ID " is used", (const char *)distid);
        goto done;
    }
    if (sign_xml_c14n(ck->doc, ck->element, &ck->c14n, &ck->c14n_len) != 0) {
        sign_errf(reason, reasonlen, "cannot canonicalise the %s element", element);
        v = CERT_VERIFY_ERROR;
        goto done;
    }
    ok = sign_verify_bytes(pub, ck->c14n, ck->c14n_len, sig, siglen);
    if (ok < 0) {
        sign_errf(reason, reasonlen, "OpenSSL failed while verifying");
        v = CERT_VERIFY_ERROR;
        goto done;
    }
    if (ok == 0) {
        sign_errf(reason, reasonlen, "signature does not match the %s", element);
        goto done;
    }
    memcpy(ck->key_id, key_s, SIGN_KEY_ID_LEN + 1);
    v = CERT_VALID;
done:
    xmlFree(alg_s);
    xmlFree(key_s);
    xmlFree(distid);
    xmlFree(sig_text);
    if (v != CERT_VALID)
        sign_xml_checked_free(ck);
    return v;
}

enum cert_verdict sign_xml_verify(const void *doc, size_t len, const char *ns,
                                  const char *envelope, const char *element,
                                  const struct sign_key *pub, char **c14n, size_t *c14n_len,
                                  char *reason, size_t reasonlen)
{
    struct sign_xml_checked ck;
    enum cert_verdict v;

    if (!plain(ns, 200) || !plain(envelope, NAME_MAX_LEN) || !plain(element, NAME_MAX_LEN)) {
        sign_errf(reason, reasonlen, "namespace or element name is not a plain name");
        return CERT_VERIFY_ERROR;
    }
    v = sign_xml_check(doc, len, SIGN_XML_MAX_BYTES, ns, envelope, element, pub, &ck, reason,
                       reasonlen);
    if (v != CERT_VALID)
        return v;
    if (c14n != NULL) {
        *c14n = ck.c14n;
        ck.c14n = NULL;
        if (c14n_len != NULL)
            *c14n_len = ck.c14n_len;
    }
    sign_xml_checked_free(&ck);
    return CERT_VALID;
}
