/*
 * money.h — amounts as integer fen (1/100 yuan) and exact threshold tests.
 *
 * No floating point anywhere near a verdict (DESIGN.md, "Money and ratios"):
 * amounts are parsed from decimal strings digit by digit; a threshold such as
 * "R&D >= 3% of revenue" is decided by cross-multiplication in 128-bit
 * integers; a ratio in basis points is for display only.
 */
#ifndef TIER_MONEY_H
#define TIER_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* The largest amount accepted: 10^15 yuan minus one fen, i.e. 17 digits of fen.
 * Anything larger is a typo or an attack, not a company. */
#define MONEY_MAX_FEN INT64_C(99999999999999999)

/* Parse a yuan amount "123", "123.4", "123.45" (optionally with a leading '-')
 * of `len` bytes into fen. No exponent, no '+', no spaces, no thousands
 * separators, at most two decimals, at most MONEY_MAX_FEN in magnitude.
 * A point needs a digit on each side ("1." and ".5" fail); leading zeros are
 * fine ("007.50"). Returns 0 and sets *fen, or -1 (and *fen untouched) on
 * anything else. Can't allocate. */
int money_parse_fen(const char *s, size_t len, int64_t *fen);

/* Format fen as yuan with two decimals ("1234.50", "-0.01") into out.
 * Returns the length written (excluding NUL) or -1 if outsz is too small. */
int money_format_yuan(int64_t fen, char *out, size_t outsz);

/* Exact ratio test: num/den >= p/q, decided as num*q >= den*p in 128-bit
 * integers. den and q must be > 0 (returns 0 when den <= 0 or q <= 0). */
int ratio_ge(int64_t num, int64_t den, int64_t p, int64_t q);

/* Exact ratio test: num/den <= p/q (same conventions as ratio_ge). */
int ratio_le(int64_t num, int64_t den, int64_t p, int64_t q);

/* num/den in basis points (1% = 100 bp), rounded toward zero; for display
 * and for scoring bands expressed as ">= x%", where truncation never lifts a
 * value into a higher band. Returns 0 when den <= 0. Saturates at INT64_MAX
 * (INT64_MIN for negative ratios). */
int64_t ratio_bp(int64_t num, int64_t den);

/* Format basis points as a percentage with two decimals ("3.87%").
 * Returns the length written or -1 if outsz is too small. */
int bp_format(int64_t bp, char *out, size_t outsz);

#endif
