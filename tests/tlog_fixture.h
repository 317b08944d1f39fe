/*
 * tlog_fixture.h — what the transparency log's tests (unit and integration)
 * share: a fresh Ed25519 log key, a valid certificate-issued entry, and
 * running a command for its output. Header-only (static inline), included
 * as "../tlog_fixture.h".
 */
#ifndef TIER_TLOG_FIXTURE_H
#define TIER_TLOG_FIXTURE_H

#include "tier/tlog_entry.h"

#include <openssl/evp.h>
#include <stdio.h>

/* A fresh Ed25519 key pair (caller frees with EVP_PKEY_free), or NULL. */
static inline EVP_PKEY *tlog_fixture_key(void)
{
    EVP_PKEY *k = NULL;
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);

    if (c == NULL || EVP_PKEY_keygen_init(c) != 1 || EVP_PKEY_keygen(c, &k) != 1)
        k = NULL;
    EVP_PKEY_CTX_free(c);
    return k;
}

/* A 小巨人 certificate issued: the given serial and certificate hash
 * (borrowed), the rest fixed. */
static inline struct tlog_entry tlog_fixture_issued(const char *serial, const char *sha)
{
    struct tlog_entry e = {0};

    e.kind = TLOG_ENTRY_CERT_ISSUED;
    e.serial = serial;
    e.uscc = "91370102MA3C4D5E7Q";
    e.tier = "little-giant";
    e.valid_from = "2026-05-10";
    e.valid_until = "2029-05-09";
    e.issued_at = "2026-05-10T02:03:04Z";
    e.cert_sha256 = sha;
    return e;
}

/* Run cmd through /bin/sh; its output (stdout, and stderr if cmd says
 * 2>&1) into out, NUL-terminated. The status as pclose gives it, or -1. */
static inline int tlog_fixture_run(const char *cmd, char *out, size_t outsz)
{
    FILE *p = popen(cmd, "r");
    size_t got;

    if (p == NULL)
        return -1;
    got = fread(out, 1, outsz - 1, p);
    out[got] = '\0';
    return pclose(p);
}

#endif
