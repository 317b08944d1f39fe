/*
 * h_keys.c — GET /v1/keys: the registry's public keys with the offline
 * root's certificates of them (xsd/keys.xsd), rendered from the registry's
 * rows. A key is served active only when its certificate verifies under the
 * trusted root (registry_key_list); one without is served
 * certified="false" with the reason, so a key row put in the database with
 * SQL alone is visibly not the registry's.
 */
#include "tier/buf.h"
#include "tier/http_call.h"
#include "tier/http_handlers.h"
#include "tier/http_render.h"
#include "tier/registry.h"

#include <openssl/evp.h>
#include <stdlib.h>

static int add_b64(struct buf *b, const void *p, size_t n)
{
    char *s = malloc(4 * ((n + 2) / 3) + 1);
    int rc;

    if (s == NULL)
        return -1;
    EVP_EncodeBlock((unsigned char *)s, p, (int)n);
    rc = buf_adds(b, s);
    free(s);
    return rc;
}

static int key_xml(const struct reg_key *k, void *arg)
{
    struct buf *x = arg;
    int rc = 0;

    if (k->purpose[0] == 'l') {
        rc |= buf_printf(x, "  <logKey id=\"%s\" algorithm=\"%s\" certified=\"%s\">\n", k->id,
                         k->alg, k->certified ? "true" : "false");
    } else {
        rc |= buf_printf(x, "  <key id=\"%s\" algorithm=\"%s\" active=\"%s\" certified=\"%s\"",
                         k->id, k->alg, k->active ? "true" : "false",
                         k->certified ? "true" : "false");
        if (k->from[0])
            rc |= buf_printf(x, " inUseFrom=\"%s\"", k->from);
        if (k->until[0])
            rc |= buf_printf(x, " inUseUntil=\"%s\"", k->until);
        rc |= buf_adds(x, ">\n    <publicKey>");
        rc |= buf_adds_xml(x, k->pem);
        rc |= buf_adds(x, "</publicKey>\n");
    }
    if (k->cert_len > 0) {
        rc |= buf_adds(x, "    <certificate>");
        rc |= add_b64(x, k->cert, k->cert_len);
        rc |= buf_adds(x, "</certificate>\n");
    }
    if (!k->certified) {
        rc |= buf_adds(x, "    <uncertified>");
        rc |= buf_adds_xml(x, k->why);
        rc |= buf_adds(x, "</uncertified>\n");
    }
    rc |= buf_adds(x, k->purpose[0] == 'l' ? "  </logKey>\n" : "  </key>\n");
    return rc;
}

void h_keys_get(struct http_call *call)
{
    struct reg_says says = {"internal", "登记系统未能完成这项请求",
                            "the registry could not complete the request"};
    struct buf *out = &call->rs->body;
    enum read_outcome ro = READ_OK;

    if (buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<keys "
                      "xmlns=\"urn:tierd:keys:1\">\n") != 0)
        ro = READ_ERROR;
    if (ro == READ_OK) {
        switch (registry_key_list(call->reg, key_xml, out, &says)) {
        case KEY_DONE:
            break;
        case KEY_UNAVAILABLE:
            ro = READ_UNAVAILABLE;
            break;
        default:
            ro = READ_ERROR;
            break;
        }
    }
    if (ro == READ_OK && buf_adds(out, "</keys>\n") != 0)
        ro = READ_ERROR;
    if (ro != READ_OK && out->data != NULL) {
        out->len = 0;
        out->data[0] = '\0';
    }
    if (http_read_answer(call->rs, ro, &says) != 0)
        return;
    call->rs->status = 200;
    call->rs->content_type = HTTP_XML_TYPE;
}
