/*
 * fuzz.h — the entry functions of the libFuzzer targets in fuzz/.
 *
 * Each target is a pair init/one (plus fini) that runs without libFuzzer, so
 * that tests/unit/test_fuzz_regressions.c can replay every regression input
 * through exactly the code the fuzzer ran: it includes the target sources
 * with FUZZ_NO_LIBFUZZER defined, which leaves out the LLVMFuzzer* wrappers.
 *
 * *_one returns 0 when the input met a clean refusal or a result, and -1 when
 * a promise of the code under test was broken (a line on stderr says which);
 * the libFuzzer wrappers abort() on -1 so that libFuzzer keeps the input as a
 * crash. Memory errors, leaks and undefined behaviour are the sanitizers' to
 * report. Paths are relative to the repository root: run from there.
 */
#ifndef TIER_FUZZ_H
#define TIER_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Whole offline path: ingest_application (schemas from xsd_dir) then
 * rules_evaluate under each rule set. init: 0 or -1 (schemas do not load). */
int fuzz_offline_init(const char *xsd_dir);
int fuzz_offline_one(const uint8_t *data, size_t size);
void fuzz_offline_fini(void);

/* Certificate and revocation-list verification against a fixed Ed25519 key.
 * When seed_dir is not NULL, init writes a signed certificate, a signed
 * revocation list and their bare elements there (seed inputs). 0 or -1. */
int fuzz_verify_init(const char *seed_dir);
int fuzz_verify_one(const uint8_t *data, size_t size);
void fuzz_verify_fini(void);

/* The POST bodies: /v1/submissions up to the database (ingest with a worker,
 * rejection or rules + receipt rendering), /decisions and /revocation body
 * parsing. When seed_dir is not NULL, init writes sample decision and
 * revocation bodies there. 0 or -1. */
int fuzz_bodies_init(const char *xsd_dir, const char *seed_dir);
int fuzz_bodies_one(const uint8_t *data, size_t size);
void fuzz_bodies_fini(void);

/* The raw-byte pre-scan of untrusted XML, checked against libxml2's own
 * tree of what it lets through. 0. */
int fuzz_prescan_init(void);
int fuzz_prescan_one(const uint8_t *data, size_t size);
void fuzz_prescan_fini(void);

#ifndef FUZZ_NO_LIBFUZZER
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
#endif

#endif
