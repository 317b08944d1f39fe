/*
 * web_qr.h — a QR code as an SVG element, drawn by the server (libqrencode),
 * so a printed certificate carries the public check URL of its serial and a
 * page needs neither a script nor an image from elsewhere.
 */
#ifndef TIER_WEB_QR_H
#define TIER_WEB_QR_H

#include "tier/buf.h"

#include <stddef.h>

#define WEB_QR_TEXT_MAX 512  /* bytes of text one code carries (a URL) */
#define WEB_QR_QUIET 4       /* modules of white border the standard asks for */

/* Append to out an <svg xmlns="http://www.w3.org/2000/svg"> element drawing
 * `text` (UTF-8, 1..WEB_QR_TEXT_MAX bytes) as a QR code of error correction
 * level M with a quiet zone of WEB_QR_QUIET modules: one <path> of unit
 * squares on a viewBox of modules, sized by the page's CSS. aria-label says
 * what it encodes. 0, or -1 with the reason in err (out unchanged). */
int web_qr_svg(const char *text, struct buf *out, char *err, size_t errsz);

#endif
