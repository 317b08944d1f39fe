/*
 * http_pages.h — what the page files of src/http/ share (h_pages.c keeps
 * them): render a view, answer 303, a one-message page, run an API use for
 * a page, place an API answer in a page. Transport only.
 */
#ifndef TIER_HTTP_PAGES_H
#define TIER_HTTP_PAGES_H

#include "tier/http_call.h"
#include "tier/web_page.h"

/* Transform page with view into the answer (status), with the session's
 * parameters (csrf, user, role, scope) and flash (NULL none). */
void http_page_render(struct http_call *call, struct web_page *page, const char *view,
                      unsigned int status, const char *flash);

/* 303 to `to`, body dropped. */
void http_page_redirect(struct http_response *rs, const char *to);

/* A page with one message for the whole form (403, 503 …). */
void http_page_message(struct http_call *call, unsigned int status, const char *msg);

/* Run an API use with the caller's principal into sub (caller frees
 * sub->body); 0 when it answered 200. */
int http_page_api(struct http_call *call, http_use use, struct http_response *sub);

/* The answer for an API status that is not 200 (the not-found page for 404). */
void http_page_api_failed(struct http_call *call, const struct http_response *sub);

/* Place an API answer (XML) in the page. 0 or -1 (logged). */
int http_page_add(struct web_page *p, const struct buf *xml);

#endif
