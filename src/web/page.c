/*
 * page.c — the page envelope (see web_page.h).
 *
 * API documents are parsed with the same refusals as untrusted input (no
 * network, no DTD loading, no entity expansion, no huge nodes) even though
 * they are ours: the page is a view, and what reaches it should be exactly
 * what a client of the API could see. Text set with xmlNewTextChild-like
 * calls goes in as text nodes, never as markup. Failures leave the page as it
 * was.
 */
#include "tier/web_page.h"

#include <libxml/parser.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct web_page {
    xmlDocPtr doc;
    xmlNodePtr root;
    xmlNodePtr form;  /* NULL until web_page_form */
    int nerrors;
};

struct web_page *web_page_new(const char *view)
{
    struct web_page *p = calloc(1, sizeof *p);

    if (p == NULL)
        return NULL;
    p->doc = xmlNewDoc(BAD_CAST "1.0");
    if (p->doc == NULL)
        goto fail;
    p->root = xmlNewDocNode(p->doc, NULL, BAD_CAST "page", NULL);
    if (p->root == NULL)
        goto fail;
    xmlDocSetRootElement(p->doc, p->root);
    if (xmlNewNs(p->root, BAD_CAST WEB_PAGE_NS, NULL) == NULL)
        goto fail;
    xmlSetNs(p->root, p->root->nsDef);
    if (xmlSetProp(p->root, BAD_CAST "view", BAD_CAST(view ? view : "")) == NULL)
        goto fail;
    return p;
fail:
    web_page_free(p);
    return NULL;
}

void web_page_free(struct web_page *p)
{
    if (p == NULL)
        return;
    xmlFreeDoc(p->doc);
    free(p);
}

int web_page_add_xml(struct web_page *p, const char *xml, size_t len, char *err,
                     size_t errsz)
{
    xmlDocPtr d;
    xmlNodePtr copy;
    const xmlError *e;

    if (len > WEB_PAGE_DOC_MAX || len > (size_t)INT32_MAX) {
        snprintf(err, errsz, "an API document of %zu bytes is over the page's cap of %u", len,
                 WEB_PAGE_DOC_MAX);
        return -1;
    }
    /* NODICT: every name and text is the tree's own (the parsed document
     * gets no dictionary), so the root can be moved into the page below
     * rather than copied node by node */
    d = xmlReadMemory(xml, (int)len, NULL, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                        XML_PARSE_NOWARNING | XML_PARSE_NODICT);
    if (d == NULL || xmlDocGetRootElement(d) == NULL) {
        e = xmlGetLastError();
        snprintf(err, errsz, "the API document is not well-formed XML (line %d: %s)",
                 e ? e->line : 0, e && e->message ? e->message : "empty");
        xmlFreeDoc(d);
        return -1;
    }
    if (d->intSubset != NULL) {
        snprintf(err, errsz, "an API document with a DOCTYPE is refused");
        xmlFreeDoc(d);
        return -1;
    }
    if (d->dict == NULL && p->doc->dict == NULL) {
        /* moved: neither document has a dictionary, so no string of the
         * tree belongs to d (xmlSetTreeDoc, called by xmlAddChild, would
         * not carry one over); the page then frees the tree with its own */
        copy = xmlDocGetRootElement(d);
        xmlUnlinkNode(copy);
    } else {
        copy = xmlDocCopyNode(xmlDocGetRootElement(d), p->doc, 1);
    }
    xmlFreeDoc(d);
    if (copy == NULL || xmlAddChild(p->root, copy) == NULL) {
        xmlFreeNode(copy);
        snprintf(err, errsz, "out of memory placing an API document in the page");
        return -1;
    }
    return 0;
}

int web_page_form(struct web_page *p, const char *action)
{
    if (p->form != NULL)
        return -1;
    p->form = xmlNewChild(p->root, p->root->ns, BAD_CAST "form", NULL);
    if (p->form == NULL)
        return -1;
    if (xmlSetProp(p->form, BAD_CAST "action", BAD_CAST(action ? action : "")) == NULL)
        return -1;
    return 0;
}

/* <NAME ATTR="attr_value">text</NAME> under the form; the text as a text
 * node, so nothing in it is markup. */
static int form_child(struct web_page *p, const char *elem, const char *attr,
                      const char *attr_value, const char *text)
{
    xmlNodePtr n;

    if (p->form == NULL)
        return -1;
    n = xmlNewTextChild(p->form, p->root->ns, BAD_CAST elem, BAD_CAST(text ? text : ""));
    if (n == NULL)
        return -1;
    if (xmlSetProp(n, BAD_CAST attr, BAD_CAST(attr_value ? attr_value : "")) == NULL) {
        xmlUnlinkNode(n);
        xmlFreeNode(n);
        return -1;
    }
    return 0;
}

int web_page_form_value(struct web_page *p, const char *name, const char *value)
{
    return form_child(p, "field", "name", name, value);
}

int web_page_form_error(struct web_page *p, const char *name, const char *message)
{
    if (p->nerrors >= WEB_FORM_ERRORS_MAX)
        return -1;
    if (form_child(p, "error", "field", name, message) != 0)
        return -1;
    p->nerrors++;
    return 0;
}

xmlDocPtr web_page_doc(struct web_page *p)
{
    return p->doc;
}
