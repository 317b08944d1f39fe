/*
 * cert_page.c — the page document of a certificate for check.xsl and
 * certprint.xsl (see web_cert.h). Every part is XML the page parses like any
 * API document, so nothing typed by anyone reaches the page unescaped.
 */
#include "tier/web_cert.h"

#include "tier/buf.h"
#include "tier/sign.h"
#include "tier/web_qr.h"

#include <stdio.h>
#include <string.h>

const struct web_header web_public_headers[] = {
    {"Content-Security-Policy",
     "default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "same-origin"},
    {NULL, NULL},
};

int web_cert_page(struct web_page *pg, const struct cert_row *c, const char *state,
                  const struct cert_check *chk, const char *check_url, char *err,
                  size_t errsz)
{
    struct buf x;
    int rc = -1;

    buf_init(&x, WEB_PAGE_DOC_MAX);
    if (registry_certificate_status_xml(c, state, &x) != 0) {
        snprintf(err, errsz, "certificate %s: its status document is larger than %u bytes",
                 c->serial, WEB_PAGE_DOC_MAX);
        goto done;
    }
    if (web_page_add_xml(pg, x.data, x.len, err, errsz) != 0)
        goto done;
    if (chk != NULL) {
        buf_reset(&x);
        buf_printf(&x, "<verification xmlns=\"%s\" result=\"%s\" keyId=\"", WEB_PAGE_NS,
                   cert_verdict_name((enum cert_verdict)chk->verdict));
        buf_adds_xml(&x, chk->key_id);
        buf_adds(&x, "\" algorithm=\"");
        buf_adds_xml(&x, chk->alg);
        buf_adds(&x, "\">");
        buf_adds_xml(&x, chk->reason);
        if (buf_adds(&x, "</verification>") != 0 ||
            web_page_add_xml(pg, x.data, x.len, err, errsz) != 0)
            goto done;
    }
    if (check_url != NULL) {
        buf_reset(&x);
        if (web_qr_svg(check_url, &x, err, errsz) != 0 ||
            web_page_add_xml(pg, x.data, x.len, err, errsz) != 0)
            goto done;
    }
    rc = 0;
done:
    buf_free(&x);
    return rc;
}
