/*
 * sign_keys.c — signing keys: generate, write, load, name (see
 * include/tier/sign.h).
 *
 * A struct sign_key wraps one OpenSSL EVP_PKEY with its algorithm and its id
 * (hex SHA-256 of the DER SubjectPublicKeyInfo, computed once at load). Three
 * key types are accepted and nothing else: Ed25519, SM2 (OpenSSL 3 gives an EC
 * key on the SM2 curve the key type "SM2") and EC on P-256.
 *
 * Private keys live in files of mode 0600: written with open(O_CREAT|O_EXCL,
 * 0600) so they never exist with wider rights, read only after fstat() on the
 * very descriptor we read from says regular file and no group/other bits (no
 * window between check and use, and O_NOFOLLOW refuses a symlink). Every
 * buffer that held private PEM text is wiped with OPENSSL_cleanse (or lives
 * in an OpenSSL secure-memory BIO that wipes itself); messages name files and
 * modes, never contents.
 *
 * Threads: no shared state; a key may be used by many threads at once for
 * signing and verifying (EVP_PKEY is safe for concurrent read-only use).
 * Failure: -1 with one sentence in err; OpenSSL's error queue is cleared so a
 * later caller does not see our leftovers.
 */
#include "sign_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "tier/digest.h"

#define KEY_FILE_MAX (64 * 1024) /* a PEM key is well under 1 KiB */

void sign_errf(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL || errlen == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* ---- algorithm names ------------------------------------------------------------ */

static const struct {
    enum sign_alg alg;
    const char *name;     /* command line */
    const char *sig_name; /* signature's algorithm attribute */
} algs[] = {
    {SIGN_ALG_ED25519, "ed25519", "ed25519"},
    {SIGN_ALG_SM2, "sm2", "sm2-sm3"},
    {SIGN_ALG_P256, "p256", "ecdsa-p256-sha256"},
};

#define N_ALGS (sizeof algs / sizeof algs[0])

const char *sign_alg_name(enum sign_alg alg)
{
    for (size_t i = 0; i < N_ALGS; i++)
        if (algs[i].alg == alg)
            return algs[i].name;
    return NULL;
}

const char *sign_alg_sig_name(enum sign_alg alg)
{
    for (size_t i = 0; i < N_ALGS; i++)
        if (algs[i].alg == alg)
            return algs[i].sig_name;
    return NULL;
}

int sign_alg_parse(const char *s, enum sign_alg *out)
{
    if (s == NULL)
        return -1;
    for (size_t i = 0; i < N_ALGS; i++) {
        if (strcmp(s, algs[i].name) == 0 || strcmp(s, algs[i].sig_name) == 0) {
            *out = algs[i].alg;
            return 0;
        }
    }
    return -1;
}

/* ---- wrapping an EVP_PKEY -------------------------------------------------------- */

/* Which of our algorithms pkey is for; -1 for any other key. */
static int alg_of(EVP_PKEY *pkey)
{
    char group[64];
    size_t glen = 0;

    if (EVP_PKEY_is_a(pkey, "ED25519"))
        return SIGN_ALG_ED25519;
    if (EVP_PKEY_is_a(pkey, "SM2"))
        return SIGN_ALG_SM2;
    if (EVP_PKEY_is_a(pkey, "EC")) {
        if (EVP_PKEY_get_group_name(pkey, group, sizeof group, &glen) != 1)
            return -1;
        if (strcmp(group, "prime256v1") == 0 || strcmp(group, "P-256") == 0)
            return SIGN_ALG_P256;
    }
    return -1;
}

/* Take ownership of pkey (freed on failure too) and make a sign_key. */
static int key_wrap(EVP_PKEY *pkey, int has_private, struct sign_key **out, char *err,
                    size_t errlen)
{
    struct sign_key *k = NULL;
    unsigned char *der = NULL;
    int alg, n;

    alg = alg_of(pkey);
    if (alg < 0) {
        sign_errf(err, errlen, "unsupported key type %s (expected ed25519, sm2 or p256)",
                  EVP_PKEY_get0_type_name(pkey) != NULL ? EVP_PKEY_get0_type_name(pkey)
                                                        : "(unknown)");
        goto fail;
    }
    k = calloc(1, sizeof *k);
    if (k == NULL) {
        sign_errf(err, errlen, "out of memory");
        goto fail;
    }
    n = i2d_PUBKEY(pkey, &der);
    if (n <= 0 || digest_sha256_hex(der, (size_t)n, k->id) != 0) {
        sign_errf(err, errlen, "cannot encode the public key");
        goto fail;
    }
    OPENSSL_free(der);
    k->pkey = pkey;
    k->alg = (enum sign_alg)alg;
    k->has_private = has_private;
    *out = k;
    return 0;
fail:
    OPENSSL_free(der);
    free(k);
    EVP_PKEY_free(pkey);
    ERR_clear_error();
    return -1;
}

int sign_key_generate(enum sign_alg alg, struct sign_key **out, char *err, size_t errlen)
{
    EVP_PKEY *pkey = NULL;

    switch (alg) {
    case SIGN_ALG_ED25519:
        pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
        break;
    case SIGN_ALG_SM2:
        pkey = EVP_PKEY_Q_keygen(NULL, NULL, "SM2");
        break;
    case SIGN_ALG_P256:
        pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
        break;
    default:
        sign_errf(err, errlen, "unknown key algorithm %d", (int)alg);
        return -1;
    }
    if (pkey == NULL) {
        sign_errf(err, errlen, "OpenSSL could not generate a %s key", sign_alg_name(alg));
        ERR_clear_error();
        return -1;
    }
    return key_wrap(pkey, 1, out, err, errlen);
}

const char *sign_key_id(const struct sign_key *k)
{
    return k->id;
}

EVP_PKEY *sign_key_evp(const struct sign_key *k)
{
    return k->pkey;
}

enum sign_alg sign_key_alg(const struct sign_key *k)
{
    return k->alg;
}

int sign_key_has_private(const struct sign_key *k)
{
    return k->has_private;
}

void sign_key_free(struct sign_key *k)
{
    if (k == NULL)
        return;
    EVP_PKEY_free(k->pkey);
    free(k);
}

/* ---- writing ----------------------------------------------------------------------- */

/* Write all n bytes to a new file `path` made with O_EXCL and `mode`; on any
 * failure the file is removed. 0 or -1 with err. */
static int write_new_file(const char *path, mode_t mode, const char *p, size_t n, char *err,
                          size_t errlen)
{
    size_t done = 0;
    int fd;

    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0) {
        sign_errf(err, errlen, "cannot create %s: %s", path, strerror(errno));
        return -1;
    }
    while (done < n) {
        ssize_t w = write(fd, p + done, n - done);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            sign_errf(err, errlen, "cannot write %s: %s", path, strerror(errno));
            goto fail;
        }
        done += (size_t)w;
    }
    /* umask may only have narrowed the mode; make it exact for the public file. */
    if (fchmod(fd, mode) != 0 || fsync(fd) != 0) {
        sign_errf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        goto fail;
    }
    if (close(fd) != 0) {
        fd = -1;
        sign_errf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        goto fail;
    }
    return 0;
fail:
    if (fd >= 0)
        close(fd);
    unlink(path);
    return -1;
}

int sign_key_write_files(const struct sign_key *k, const char *dir, char *key_path,
                         size_t key_path_len, char *pub_path, size_t pub_path_len, char *err,
                         size_t errlen)
{
    char kpath[4096], ppath[4096];
    BIO *priv = NULL, *pub = NULL;
    char *p = NULL;
    long n;
    int rc = -1, wrote_key = 0, len1, len2;

    if (!k->has_private) {
        sign_errf(err, errlen, "key %s has no private part to write", k->id);
        return -1;
    }
    len1 = snprintf(kpath, sizeof kpath, "%s/%s.key", dir, k->id);
    len2 = snprintf(ppath, sizeof ppath, "%s/%s.pub.pem", dir, k->id);
    if (len1 < 0 || len2 < 0 || (size_t)len1 >= sizeof kpath || (size_t)len2 >= sizeof ppath) {
        sign_errf(err, errlen, "directory name too long: %s", dir);
        return -1;
    }
    /* A secure-memory BIO clears its buffer on every reallocation and on free. */
    priv = BIO_new(BIO_s_secmem());
    pub = BIO_new(BIO_s_mem());
    if (priv == NULL || pub == NULL) {
        sign_errf(err, errlen, "out of memory");
        goto done;
    }
    if (PEM_write_bio_PrivateKey(priv, k->pkey, NULL, NULL, 0, NULL, NULL) != 1 ||
        PEM_write_bio_PUBKEY(pub, k->pkey) != 1) {
        sign_errf(err, errlen, "OpenSSL could not encode key %s", k->id);
        goto done;
    }
    n = BIO_get_mem_data(priv, &p);
    if (n <= 0 || write_new_file(kpath, 0600, p, (size_t)n, err, errlen) != 0)
        goto done;
    wrote_key = 1;
    n = BIO_get_mem_data(pub, &p);
    if (n <= 0 || write_new_file(ppath, 0644, p, (size_t)n, err, errlen) != 0)
        goto done;
    if (key_path != NULL)
        snprintf(key_path, key_path_len, "%s", kpath);
    if (pub_path != NULL)
        snprintf(pub_path, pub_path_len, "%s", ppath);
    rc = 0;
done:
    if (rc != 0 && wrote_key)
        unlink(kpath);
    BIO_free(priv);
    BIO_free(pub);
    ERR_clear_error();
    return rc;
}

/* ---- loading ----------------------------------------------------------------------- */

/* Open path for reading and check it is a regular file; when `private_key`,
 * also that no group/other bit is set. The descriptor, or -1 with err. */
static int open_checked(const char *path, int private_key, char *err, size_t errlen)
{
    struct stat st;
    int fd;

    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | (private_key ? O_NOFOLLOW : 0));
    if (fd < 0) {
        if (errno == ELOOP && private_key)
            sign_errf(err, errlen, "private key %s is a symbolic link; give the file itself",
                      path);
        else
            sign_errf(err, errlen, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) != 0) {
        sign_errf(err, errlen, "cannot stat %s: %s", path, strerror(errno));
        goto fail;
    }
    if (!S_ISREG(st.st_mode)) {
        sign_errf(err, errlen, "%s %s is not a regular file", private_key ? "private key" : "key",
                  path);
        goto fail;
    }
    if (private_key && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        sign_errf(err, errlen,
                  "private key %s has mode %04o; it must be readable by its owner only "
                  "(chmod 600 %s)",
                  path, (unsigned)(st.st_mode & 07777), path);
        goto fail;
    }
    if (st.st_size > KEY_FILE_MAX) {
        sign_errf(err, errlen, "%s is %lld bytes, too large for a key file", path,
                  (long long)st.st_size);
        goto fail;
    }
    return fd;
fail:
    close(fd);
    return -1;
}

/* Read the whole file behind fd (at most KEY_FILE_MAX bytes) into a fresh
 * buffer; the caller wipes and frees it. 0 or -1 with err. */
static int read_all(int fd, const char *path, char **out, size_t *outlen, char *err,
                    size_t errlen)
{
    char *p = malloc(KEY_FILE_MAX + 1);
    size_t n = 0;

    if (p == NULL) {
        sign_errf(err, errlen, "out of memory");
        return -1;
    }
    for (;;) {
        ssize_t r = read(fd, p + n, KEY_FILE_MAX + 1 - n);

        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            sign_errf(err, errlen, "cannot read %s: %s", path, strerror(errno));
            goto fail;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (n > KEY_FILE_MAX) {
            sign_errf(err, errlen, "%s is too large for a key file", path);
            goto fail;
        }
    }
    *out = p;
    *outlen = n;
    return 0;
fail:
    OPENSSL_cleanse(p, n);
    free(p);
    return -1;
}

/* Refuse to prompt for a pass phrase: encrypted keys are not supported. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
    (void)buf;
    (void)size;
    (void)rwflag;
    (void)u;
    return -1;
}

int sign_key_check_file(const char *path, char *err, size_t errlen)
{
    int fd = open_checked(path, 1, err, errlen);

    if (fd < 0)
        return -1;
    close(fd);
    return 0;
}

int sign_key_load_private(const char *path, struct sign_key **out, char *err, size_t errlen)
{
    EVP_PKEY *pkey = NULL;
    char *text = NULL;
    size_t len = 0;
    BIO *bio = NULL;
    int fd, rc = -1;

    fd = open_checked(path, 1, err, errlen);
    if (fd < 0)
        return -1;
    if (read_all(fd, path, &text, &len, err, errlen) != 0)
        goto done;
    bio = BIO_new_mem_buf(text, (int)len);
    if (bio == NULL) {
        sign_errf(err, errlen, "out of memory");
        goto done;
    }
    pkey = PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL);
    if (pkey == NULL) {
        sign_errf(err, errlen, "%s does not hold an unencrypted PEM private key", path);
        goto done;
    }
    rc = key_wrap(pkey, 1, out, err, errlen);
    pkey = NULL;
done:
    BIO_free(bio);
    if (text != NULL) {
        OPENSSL_cleanse(text, len);
        free(text);
    }
    close(fd);
    ERR_clear_error();
    return rc;
}

int sign_key_load_public(const void *pem, size_t len, struct sign_key **out, char *err,
                         size_t errlen)
{
    EVP_PKEY *pkey;
    BIO *bio;

    if (pem == NULL || len == 0 || len > KEY_FILE_MAX) {
        sign_errf(err, errlen, "no public key PEM given (or over %d bytes)", KEY_FILE_MAX);
        return -1;
    }
    bio = BIO_new_mem_buf(pem, (int)len);
    if (bio == NULL) {
        sign_errf(err, errlen, "out of memory");
        return -1;
    }
    pkey = PEM_read_bio_PUBKEY(bio, NULL, no_passphrase, NULL);
    BIO_free(bio);
    if (pkey == NULL) {
        sign_errf(err, errlen, "not a PEM public key (expected -----BEGIN PUBLIC KEY-----)");
        ERR_clear_error();
        return -1;
    }
    return key_wrap(pkey, 0, out, err, errlen);
}

int sign_key_load_public_file(const char *path, struct sign_key **out, char *err,
                              size_t errlen)
{
    char *text = NULL;
    size_t len = 0;
    int fd, rc;

    fd = open_checked(path, 0, err, errlen);
    if (fd < 0)
        return -1;
    rc = read_all(fd, path, &text, &len, err, errlen);
    close(fd);
    if (rc != 0)
        return -1;
    rc = sign_key_load_public(text, len, out, err, errlen);
    if (rc != 0) {
        char why[256];

        snprintf(why, sizeof why, "%s", err != NULL && errlen > 0 ? err : "");
        sign_errf(err, errlen, "%s: %s", path, why);
    }
    OPENSSL_cleanse(text, len); /* in case it was a private key after all */
    free(text);
    return rc;
}

int sign_key_public_pem(const struct sign_key *k, char **pem, size_t *len)
{
    BIO *bio = BIO_new(BIO_s_mem());
    char *p = NULL, *copy = NULL;
    long n;
    int rc = -1;

    if (bio == NULL)
        goto done;
    if (PEM_write_bio_PUBKEY(bio, k->pkey) != 1)
        goto done;
    n = BIO_get_mem_data(bio, &p);
    if (n <= 0)
        goto done;
    copy = malloc((size_t)n + 1);
    if (copy == NULL)
        goto done;
    memcpy(copy, p, (size_t)n);
    copy[n] = '\0';
    *pem = copy;
    if (len != NULL)
        *len = (size_t)n;
    rc = 0;
done:
    BIO_free(bio);
    ERR_clear_error();
    return rc;
}
