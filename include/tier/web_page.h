/*
 * web_page.h — the document a page view transforms: the API's XML documents
 * side by side, plus what a refused form needs to be shown again.
 *
 *   <page xmlns="urn:tierd:page:1" view="application">
 *     <receipt xmlns="urn:tierd:receipt:1" …/>          API documents, as the API returns them
 *     <application xmlns="urn:tierd:application:…"/>     (the submitted document, verbatim)
 *     <form action="return">                             a refused form, when there is one
 *       <field name="comment">what was typed</field>
 *       <error field="comment">请填写退回意见</error>
 *     </form>
 *   </page>
 *
 * Each API document is parsed from the bytes the API would send (no network,
 * no DTD, no entities), so a page can never show something the API would not.
 * Not thread-safe per page; pages are per request.
 */
#ifndef TIER_WEB_PAGE_H
#define TIER_WEB_PAGE_H

#include <libxml/tree.h>
#include <stddef.h>

#define WEB_PAGE_NS "urn:tierd:page:1"
#define WEB_PAGE_DOC_MAX (8u << 20)  /* bytes of one API document placed in a page */
#define WEB_FORM_ERRORS_MAX 32       /* errors shown in one error summary */

struct web_page;

/* A new empty page for view `view`. NULL when out of memory. */
struct web_page *web_page_new(const char *view);

/* Free the page and its document. NULL is fine. */
void web_page_free(struct web_page *p);

/* Parse an API document (len bytes of UTF-8 XML) and append its root element
 * to the page. 0, or -1 with the parser's reason in err (page unchanged). */
int web_page_add_xml(struct web_page *p, const char *xml, size_t len, char *err,
                     size_t errsz);

/* Start the page's form (at most one): `action` names it ("return",
 * "recommend", "signin" …). 0 or -1 (out of memory). */
int web_page_form(struct web_page *p, const char *action);

/* Keep what was typed into field `name` (form started first). 0 or -1. */
int web_page_form_value(struct web_page *p, const char *name, const char *value);

/* Say what is wrong with field `name` ("" for the form as a whole), in the
 * reviewer's words. Shown in the error summary, linked to the field, and
 * beside the field. 0, or -1 (out of memory, or more than
 * WEB_FORM_ERRORS_MAX errors). */
int web_page_form_error(struct web_page *p, const char *name, const char *message);

/* The page document, to hand to web_view_render. Borrowed from p. */
xmlDocPtr web_page_doc(struct web_page *p);

#endif
