/*
 * http_render.h — XML bodies of the submissions API (http module).
 * Namespaces and elements are those of xsd/receipt.xsd, xsd/submissions.xsd,
 * xsd/enterprise.xsd and xsd/error.xsd.
 */
#ifndef TIER_HTTP_RENDER_H
#define TIER_HTTP_RENDER_H

#include "tier/buf.h"
#include "tier/http.h"
#include "tier/ingest.h"
#include "tier/registry.h"

/* A receipt: submission, tier, rule set, status, findings, history.
 * 0 or -1 (buffer full). */
int render_receipt(const struct receipt *r, struct buf *b);

/* A page of a list, with a link to the next page when `next_href` is not
 * NULL. */
int render_submission_list(const struct submission_row *rows, int n, const char *next_href,
                           struct buf *b);

/* 422 for a document that is not well-formed or not schema-valid: every
 * error with line, path and message, and the document's SHA-256 (NULL or ""
 * when it is not known: a document refused before all of it arrived). */
void render_rejection(struct http_response *rs, enum ingest_status st,
                      const struct ingest_errors *errs, const char *sha256_hex);

#endif
