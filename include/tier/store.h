/*
 * store.h — what every store header shares: how a store call ended, and the
 * sizes of the columns that other modules also size (store module).
 */
#ifndef TIER_STORE_H
#define TIER_STORE_H

enum store_result {
    STORE_OK = 0,
    STORE_DUPLICATE, /* the same enterprise already sent these exact bytes: *id is the original */
    STORE_NOT_FOUND,
    STORE_RETRY,     /* deadlock or lock wait: run the whole transaction again */
    STORE_CONN,      /* the connection is gone: put it back broken; 503 */
    STORE_ERROR,     /* anything else; err says what */
    STORE_CONFLICT,  /* refused for a reason of the data (err is the sentence): 409 */
    STORE_FULL,      /* the server cannot write now (disk or table full, read-only):
                        rolled back; 503 and try later */
};

/* Classify a failed statement's error number (0 counts as a lost link). */
enum store_result store_classify(unsigned int errnum);

#define STORE_SERIAL_LEN 26  /* CERT_SERIAL_LEN of sign.h: "LG-2026-" + 18 base32 digits */
#define STORE_KEY_ID_LEN 64  /* SIGN_KEY_ID_LEN of sign.h: hex digits */
#define STORE_NAME_BYTES 401 /* APP_TEXT_BYTES of application.h: 100 characters of UTF-8 */

#endif
