/*
 * session.c — session ids, cookies and CSRF tokens (see web_session.h for
 * the design and why the CSRF token is an HMAC keyed by the session).
 *
 * Pure apart from OpenSSL's random generator; thread-safe. Every buffer that
 * held session bits is wiped before return.
 */
#include "tier/web_session.h"

#include "tier/digest.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdio.h>
#include <string.h>

static const char CSRF_LABEL[] = "tierd-csrf-1";

int web_session_create(struct web_session_new *s)
{
    memset(s, 0, sizeof *s);
    if (RAND_bytes(s->id, sizeof s->id) != 1 ||
        RAND_bytes(s->csrf_secret, sizeof s->csrf_secret) != 1 ||
        digest_sha256(s->id, sizeof s->id, s->id_hash) != 0) {
        web_session_wipe(s);
        return -1;
    }
    b64url_encode(s->id, sizeof s->id, s->cookie);
    return 0;
}

void web_session_wipe(struct web_session_new *s)
{
    if (s != NULL)
        OPENSSL_cleanse(s, sizeof *s);
}

int web_session_from_cookie(const char *h, int secure, unsigned char id[SESSION_ID_LEN],
                            unsigned char id_hash[32])
{
    const char *name = secure ? SESSION_COOKIE_NAME_SECURE : SESSION_COOKIE_NAME;
    size_t nlen = strlen(name);
    const char *found = NULL;
    size_t flen = 0;

    if (h == NULL)
        return 0;
    /* Cookie: a=1; b=2 — pairs split by ';' and optional spaces */
    while (*h) {
        const char *end = strchr(h, ';');
        size_t plen = end ? (size_t)(end - h) : strlen(h);
        while (plen > 0 && (*h == ' ' || *h == '\t')) {
            h++;
            plen--;
        }
        if (plen > nlen && strncmp(h, name, nlen) == 0 && h[nlen] == '=') {
            if (found != NULL)
                return 0; /* twice: which one is the browser's own is not knowable */
            found = h + nlen + 1;
            flen = plen - nlen - 1;
            while (flen > 0 && (found[flen - 1] == ' ' || found[flen - 1] == '\t'))
                flen--;
        }
        if (end == NULL)
            break;
        h = end + 1;
    }
    if (found == NULL || flen != SESSION_COOKIE_VALUE_LEN ||
        b64url_decode(found, flen, id, SESSION_ID_LEN) != SESSION_ID_LEN)
        return 0;
    if (digest_sha256(id, SESSION_ID_LEN, id_hash) != 0) {
        OPENSSL_cleanse(id, SESSION_ID_LEN);
        return 0;
    }
    return 1;
}

void web_session_set_cookie(char out[SESSION_SET_COOKIE_MAX], const char *cookie, int secure)
{
    snprintf(out, SESSION_SET_COOKIE_MAX, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
             secure ? SESSION_COOKIE_NAME_SECURE : SESSION_COOKIE_NAME, cookie ? cookie : "",
             secure ? "; Secure" : "", cookie ? "" : "; Max-Age=0");
}

int web_session_alive(int64_t created, int64_t last_seen, int64_t now)
{
    if (now < created || last_seen < created)
        return 0;
    if (now - created >= SESSION_ABSOLUTE_SECONDS)
        return 0;
    if (now - last_seen >= SESSION_IDLE_SECONDS)
        return 0;
    return 1;
}

static int mac(const unsigned char id[SESSION_ID_LEN],
               const unsigned char secret[SESSION_CSRF_SECRET_LEN], unsigned char out[32])
{
    unsigned char msg[sizeof CSRF_LABEL - 1 + SESSION_CSRF_SECRET_LEN];
    unsigned int outlen = 0;

    memcpy(msg, CSRF_LABEL, sizeof CSRF_LABEL - 1);
    memcpy(msg + sizeof CSRF_LABEL - 1, secret, SESSION_CSRF_SECRET_LEN);
    if (HMAC(EVP_sha256(), id, SESSION_ID_LEN, msg, sizeof msg, out, &outlen) == NULL ||
        outlen != 32) {
        OPENSSL_cleanse(msg, sizeof msg);
        return -1;
    }
    OPENSSL_cleanse(msg, sizeof msg);
    return 0;
}

int web_csrf_token(const unsigned char id[SESSION_ID_LEN],
                   const unsigned char secret[SESSION_CSRF_SECRET_LEN],
                   char out[SESSION_CSRF_TOKEN_LEN + 1])
{
    unsigned char m[32];

    out[0] = '\0';
    if (mac(id, secret, m) != 0)
        return -1;
    b64url_encode(m, sizeof m, out);
    OPENSSL_cleanse(m, sizeof m);
    return 0;
}

int web_csrf_check(const unsigned char id[SESSION_ID_LEN],
                   const unsigned char secret[SESSION_CSRF_SECRET_LEN], const char *token)
{
    unsigned char want[32], got[32];
    int ok = 0;

    if (token == NULL || strlen(token) != SESSION_CSRF_TOKEN_LEN ||
        b64url_decode(token, SESSION_CSRF_TOKEN_LEN, got, sizeof got) != 32)
        return 0;
    if (mac(id, secret, want) == 0)
        ok = CRYPTO_memcmp(want, got, sizeof want) == 0;
    OPENSSL_cleanse(want, sizeof want);
    return ok;
}
