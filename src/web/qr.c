/*
 * qr.c — a QR code as SVG (see web_qr.h). libqrencode computes the modules;
 * each dark module becomes "M x y h1v1h-1z" in one path, so the drawing is
 * exact at any print size and the browser's rasteriser never blurs a module.
 */
#include "tier/web_qr.h"

#include <qrencode.h>
#include <stdio.h>
#include <string.h>

int web_qr_svg(const char *text, struct buf *out, char *err, size_t errsz)
{
    QRcode *q;
    size_t len = text ? strlen(text) : 0, mark = out->len;
    int w, side, rc = 0;

    if (len == 0 || len > WEB_QR_TEXT_MAX) {
        snprintf(err, errsz, "QR code: the text is %zu bytes; 1 to %d are allowed", len,
                 WEB_QR_TEXT_MAX);
        return -1;
    }
    q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (q == NULL) {
        snprintf(err, errsz, "QR code: libqrencode could not encode %zu bytes", len);
        return -1;
    }
    w = q->width;
    side = w + 2 * WEB_QR_QUIET;
    rc |= buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" role=\"img\" "
                          "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\" aria-label=\"",
                     side, side);
    rc |= buf_adds_xml(out, text);
    rc |= buf_printf(out, "\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" "
                          "d=\"",
                     side, side);
    for (int y = 0; y < w && rc == 0; y++)
        for (int x = 0; x < w && rc == 0; x++)
            if (q->data[y * w + x] & 1)
                rc |= buf_printf(out, "M%d %dh1v1h-1z", x + WEB_QR_QUIET, y + WEB_QR_QUIET);
    rc |= buf_adds(out, "\"/></svg>");
    QRcode_free(q);
    if (rc != 0) {
        out->len = mark;
        if (out->data)
            out->data[mark] = '\0';
        snprintf(err, errsz, "QR code: the drawing is larger than the buffer's limit");
        return -1;
    }
    return 0;
}
