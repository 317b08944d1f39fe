/*
 * web_cert.h — the page document of a certificate as the public sees it
 * (check.xsl) and as its holder prints it (certprint.xsl): the API's
 * certificateStatus, what this server's signature check found, and the QR
 * code of the public check URL.
 */
#ifndef TIER_WEB_CERT_H
#define TIER_WEB_CERT_H

#include "tier/registry.h"
#include "tier/web_page.h"
#include "tier/web_view.h"

#include <stddef.h>

/* Fill pg (new, empty) with: the certificateStatus of c in state (exactly as
 * GET /v1/certificates/{serial} answers); when chk is not NULL a
 * <verification result="valid|invalid|malformed|error" keyId algorithm>
 * element in the page namespace, its text the reason when not valid; when
 * check_url is not NULL the QR code of that URL (web_qr_svg). 0, or -1 with
 * a sentence in err. */
int web_cert_page(struct web_page *pg, const struct cert_row *c, const char *state,
                  const struct cert_check *chk, const char *check_url, char *err,
                  size_t errsz);

/* The headers of a public page beside those the server always sends
 * (Content-Type, X-Content-Type-Options, Cache-Control): the CSP, no
 * framing, no referrer to other hosts. NULL-terminated. */
extern const struct web_header web_public_headers[];

#endif
