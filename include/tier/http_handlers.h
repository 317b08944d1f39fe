/*
 * http_handlers.h — the uses that the route table (routes.c) points at, one
 * group per file of src/http/. Each runs after the route's prologue, calls
 * the registry, and fills the response; none may keep a pointer to the
 * request after returning.
 */
#ifndef TIER_HTTP_HANDLERS_H
#define TIER_HTTP_HANDLERS_H

#include "tier/http_call.h"

/* h_submissions.c */
void h_submission_post(struct http_call *call);
void h_submission_get(struct http_call *call);
void h_submission_document(struct http_call *call);
void h_submission_list(struct http_call *call);
void h_enterprise_get(struct http_call *call);

/* h_updates.c: a title's later life (issue 17) */
void h_update_post(struct http_call *call);
void h_updates_get(struct http_call *call);
void h_updates_missing(struct http_call *call);
void h_expiring_get(struct http_call *call);
/* The <titles> of GET /v1/enterprises/{uscc} (each title's state, days
 * left, whether it lapses within the renewal window, its yearly update),
 * appended to b. 0, or -1 when b is full. */
struct buf;
int http_enterprise_titles(struct http_call *call, const char *uscc, struct buf *b);

/* h_reports.c */
void h_report_get(struct http_call *call);

/* h_review.c */
void h_decision_post(struct http_call *call);
void h_decision_list(struct http_call *call);
void h_certificate_get(struct http_call *call);
void h_certificate_document(struct http_call *call);
void h_revocation_post(struct http_call *call);
void h_revocations_get(struct http_call *call);
void h_keys_get(struct http_call *call);
/* h_log.c: the transparency log */
void h_log_checkpoint(struct http_call *call);
void h_log_entries(struct http_call *call);
void h_log_inclusion(struct http_call *call);
void h_log_consistency(struct http_call *call);
void h_certificate_bundle(struct http_call *call);

/* h_pages.c: the reviewers' pages */
void h_page_home(struct http_call *call);
void h_page_signin(struct http_call *call);
void h_page_signin_post(struct http_call *call);
void h_page_signout(struct http_call *call);
void h_page_queue(struct http_call *call);
void h_page_application(struct http_call *call);
void h_page_document(struct http_call *call);
void h_page_decision(struct http_call *call);
void h_page_certificate(struct http_call *call);
void h_page_revocation(struct http_call *call);
void h_page_report(struct http_call *call);
void h_page_not_found(struct http_call *call);
void h_page_keys(struct http_call *call);
void h_page_certificates(struct http_call *call);
void h_page_objection(struct http_call *call); /* judge an objection (issue 17) */

/* What h_pages.c lends the other page files (h_admin.c). render: transform
 * page (may be NULL: 500) with view into the answer; message: a page with one
 * sentence for the whole form; redirect: 303 to `to`; api: a page of view over
 * one API use's answer (NULL after answering; caller frees page and
 * sub->body); form: parse the POST form and check its CSRF token (0, or -1
 * after answering 400/403; the caller frees f on 0). */
struct web_page;
struct web_form;
void http_page_render(struct http_call *call, struct web_page *page, const char *view,
                      unsigned int status, const char *flash);
void http_page_message(struct http_call *call, unsigned int status, const char *msg);
void http_page_redirect(struct http_call *call, const char *to);
struct web_page *http_page_api(struct http_call *call, http_use use, const char *view,
                               struct http_response *sub);
int http_page_form(struct http_call *call, struct web_form *f);
/* For pages made of several answers (h_enterprise.c): api_call runs an API
 * use into sub (caller frees sub->body; 0 when it answered 200); api_failed
 * answers for one that did not (the not-found page for 404); add places an
 * API answer in a page (0 or -1, logged). */
struct buf;
int http_page_api_call(struct http_call *call, http_use use, struct http_response *sub);
void http_page_api_failed(struct http_call *call, const struct http_response *sub);
int http_page_add(struct web_page *p, const struct buf *xml);

/* h_admin.c: accounts and targets, the XML API (admins) and the admin pages */
void h_accounts_get(struct http_call *call);
void h_targets_get(struct http_call *call);
void h_page_accounts(struct http_call *call);
void h_page_account_add(struct http_call *call);
void h_page_account_act(struct http_call *call);
void h_page_targets(struct http_call *call);
void h_page_target_set(struct http_call *call);

/* h_submissions.c: GET /v1/submissions with `default_status` and
 * `default_order` ("oldest", "newest") when the query names none (the
 * queue: what I may act on, oldest first); NULL, NULL for the API. */
void http_submission_list(struct http_call *call, const char *default_status,
                          const char *default_order);
/* h_enterprise.c: the enterprise's pages (apply, drafts, my applications) */
void h_page_apply_index(struct http_call *call);
void h_page_apply(struct http_call *call);
void h_page_apply_post(struct http_call *call);
void h_page_apply_upload(struct http_call *call);
void h_page_my(struct http_call *call);
void h_page_draft_document(struct http_call *call);
void h_page_draft_delete(struct http_call *call);

/* h_public.c: pages anyone may read, no sign-in */
void h_check_page(struct http_call *call);
void h_check_print(struct http_call *call);
void h_static_css(struct http_call *call);
void h_published_page(struct http_call *call);
void h_summary_page(struct http_call *call);
/* 0 when the caller's address may have another public answer now (public-rate,
 * web_rate.h); else answered 429 with Retry-After and -1. */
int http_public_allowed(struct http_call *call);

/* h_notice.c: the public notice (公示) and its objections (issue 17) */
void h_notices_get(struct http_call *call);
void h_objection_post(struct http_call *call);
void h_objections_get(struct http_call *call);
void h_objection_judge(struct http_call *call);
void h_notices_page(struct http_call *call);
void h_notice_objection_page(struct http_call *call);
void h_notice_objection_post(struct http_call *call);

#endif
