/*
 * http_handlers.h — the request handlers that the route table (routes.c)
 * points at, one group per file of src/http/. Each fills a response; none
 * may keep a pointer to the request after returning.
 */
#ifndef TIER_HTTP_HANDLERS_H
#define TIER_HTTP_HANDLERS_H

#include "tier/http.h"

/* h_submissions.c */
void h_submission_post(struct http_request *rq, struct http_response *rs);
void h_submission_get(struct http_request *rq, struct http_response *rs);
void h_submission_document(struct http_request *rq, struct http_response *rs);
void h_submission_list(struct http_request *rq, struct http_response *rs);
void h_enterprise_get(struct http_request *rq, struct http_response *rs);

/* h_reports.c */
void h_report_get(struct http_request *rq, struct http_response *rs);

/* h_review.c */
void h_decision_post(struct http_request *rq, struct http_response *rs);
void h_decision_list(struct http_request *rq, struct http_response *rs);
void h_certificate_get(struct http_request *rq, struct http_response *rs);
void h_certificate_document(struct http_request *rq, struct http_response *rs);
void h_revocation_post(struct http_request *rq, struct http_response *rs);
void h_revocations_get(struct http_request *rq, struct http_response *rs);
void h_keys_get(struct http_request *rq, struct http_response *rs);

#endif
