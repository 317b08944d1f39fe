/*
 * form_xml.c — a generated form's fields back into the application document
 * (see web_form_xml.h), with libxml2's tree: each path step finds or makes
 * the child of that name and position, so siblings keep the order of their
 * first field; the serialiser escapes every value.
 */
#include "tier/web_form_xml.h"

#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The n-th (1-based) child element of parent named name, made (with any
 * missing ones before it) when absent. */
static xmlNodePtr child(xmlNodePtr parent, xmlNsPtr ns, const char *name, long n)
{
    long seen = 0;
    xmlNodePtr last = NULL;

    for (xmlNodePtr c = parent->children; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0) {
            last = c;
            if (++seen == n)
                return c;
        }
    }
    while (seen < n) {
        last = xmlNewChild(parent, ns, (const xmlChar *)name, NULL);
        if (last == NULL)
            return NULL;
        seen++;
    }
    return last;
}

static int name_ok(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > 64 || (s[0] >= '0' && s[0] <= '9'))
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
            return 0;
    return 1;
}

/* Set the value at one path below root: 0, or -1 when the path is not one. */
static int place(xmlNodePtr root, xmlNsPtr xns, char **steps, int k, const char *value)
{
    xmlNodePtr at = root;

    for (int j = 0; j < k; j++) {
        const char *s = steps[j];
        long pos = 1;
        char *end;

        if (s[0] == '@') {
            if (j != k - 1 || !name_ok(s + 1))
                return -1;
            return xmlSetProp(at, (const xmlChar *)s + 1, (const xmlChar *)value) ? 0 : -1;
        }
        if (!name_ok(s))
            return -1;
        if (j + 1 < k && steps[j + 1][0] >= '1' && steps[j + 1][0] <= '9') {
            pos = strtol(steps[j + 1], &end, 10);
            if (*end != '\0' || pos > 1000)
                return -1;
            j++;
        }
        at = child(at, xns, s, pos);
        if (at == NULL)
            return -1;
        if (j == k - 1) {
            xmlNodeAddContent(at, (const xmlChar *)value);
            return 0;
        }
    }
    return -1;
}

int web_form_xml(const char *ns, const struct web_form_field *fields, size_t n, struct buf *out,
                 char *err, size_t errsz)
{
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr root = doc ? xmlNewDocNode(doc, NULL, (const xmlChar *)"application", NULL) : NULL;
    xmlNsPtr xns = root ? xmlNewNs(root, (const xmlChar *)ns, NULL) : NULL;
    xmlChar *mem = NULL;
    int len = 0, rc = -1;

    if (xns == NULL) {
        snprintf(err, errsz, "out of memory");
        goto done;
    }
    xmlSetNs(root, xns);
    xmlDocSetRootElement(doc, root);
    for (size_t i = 0; i < n; i++) {
        char path[1024], *steps[WEB_FORM_XML_DEPTH + 1], *save = NULL, *t;
        int k = 0;

        if (fields[i].value == NULL || fields[i].value[0] == '\0')
            continue;
        if (strlen(fields[i].name) >= sizeof path) {
            snprintf(err, errsz, "field %zu: the name is longer than %zu bytes", i + 1,
                     sizeof path - 1);
            goto done;
        }
        if (xmlCheckUTF8((const xmlChar *)fields[i].value) == 0) {
            snprintf(err, errsz, "field %zu (%.64s): the value is not UTF-8", i + 1,
                     fields[i].name);
            goto done;
        }
        strcpy(path, fields[i].name);
        if (path[0] == '.' || path[strlen(path) - 1] == '.' || strstr(path, "..") != NULL) {
            snprintf(err, errsz, "field %zu (%.64s): a path step is empty", i + 1,
                     fields[i].name);
            goto done;
        }
        for (t = strtok_r(path, ".", &save); t != NULL; t = strtok_r(NULL, ".", &save)) {
            if (k == WEB_FORM_XML_DEPTH) {
                snprintf(err, errsz, "field %zu (%.64s): more than %d steps", i + 1,
                         fields[i].name, WEB_FORM_XML_DEPTH);
                goto done;
            }
            steps[k++] = t;
        }
        if (place(root, xns, steps, k, fields[i].value) != 0) {
            snprintf(err, errsz, "field %zu (%.64s): not a path of element names, positions "
                                 "and a final @attribute", i + 1, fields[i].name);
            goto done;
        }
    }
    xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
    if (mem == NULL || buf_add(out, mem, (size_t)len) != 0) {
        snprintf(err, errsz, "the document is larger than the buffer's limit");
        goto done;
    }
    rc = 0;
done:
    xmlFree(mem);
    xmlFreeDoc(doc);
    return rc;
}
