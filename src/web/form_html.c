/*
 * form_html.c — the fields a browser would send from a generated form (see
 * web_form_xml.h, web_html_form_fields): the page as tierd rendered it,
 * parsed by libxml2's HTML parser (no network), its apply form's inputs and
 * selects read in document order. Used to check an uploaded document
 * through the fields its form shows, so an error is placed at a field the
 * page has. Values stay in the parsed document (a select's chosen value is
 * kept as an attribute of the select), freed with it. Pure; per call.
 */
#include "tier/web_form_xml.h"

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int web_html_form_fields(const char *html, size_t len, size_t cap, struct web_html_form *out,
                         char *err, size_t errsz)
{
    static const xmlChar q[] = "//form[@class='apply']//input[not(@type='hidden')][@name] | "
                               "//form[@class='apply']//select[@name]";
    htmlDocPtr h;
    xmlXPathContextPtr x = NULL;
    xmlXPathObjectPtr o = NULL;
    int rc = -1;

    memset(out, 0, sizeof *out);
    h = htmlReadMemory(html, (int)len, NULL, "UTF-8",
                       HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    if (h == NULL || (x = xmlXPathNewContext(h)) == NULL ||
        (o = xmlXPathEvalExpression(q, x)) == NULL || o->nodesetval == NULL ||
        o->nodesetval->nodeNr == 0) {
        snprintf(err, errsz, "the page has no application form");
        goto done;
    }
    out->f = calloc((size_t)o->nodesetval->nodeNr, sizeof *out->f);
    if (out->f == NULL) {
        snprintf(err, errsz, "out of memory reading the form");
        goto done;
    }
    for (int i = 0; i < o->nodesetval->nodeNr && out->n < cap; i++) {
        xmlNodePtr e = o->nodesetval->nodeTab[i];
        xmlChar *v = NULL;
        xmlAttrPtr sent;

        if (strcmp((const char *)e->name, "select") == 0) {
            for (xmlNodePtr c = e->children; c; c = c->next)
                if (c->type == XML_ELEMENT_NODE && xmlHasProp(c, (const xmlChar *)"selected")) {
                    xmlFree(v);
                    v = xmlGetProp(c, (const xmlChar *)"value");
                }
        } else {
            v = xmlGetProp(e, (const xmlChar *)"value");
        }
        /* the value as sent, kept beside the name in the document */
        sent = xmlSetProp(e, (const xmlChar *)"data-sent", v ? v : (const xmlChar *)"");
        xmlFree(v);
        if (sent == NULL || sent->children == NULL) {
            snprintf(err, errsz, "out of memory reading the form");
            goto done;
        }
        out->f[out->n].name =
            (const char *)xmlHasProp(e, (const xmlChar *)"name")->children->content;
        out->f[out->n].value = (const char *)sent->children->content;
        out->f[out->n].value_len = strlen(out->f[out->n].value);
        out->n++;
    }
    out->doc = h;
    h = NULL;
    rc = 0;
done:
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(x);
    xmlFreeDoc(h);
    if (rc != 0) {
        free(out->f);
        memset(out, 0, sizeof *out);
    }
    return rc;
}

void web_html_form_free(struct web_html_form *f)
{
    if (f == NULL)
        return;
    xmlFreeDoc(f->doc);
    free(f->f);
    memset(f, 0, sizeof *f);
}
