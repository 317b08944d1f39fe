/*
 * form_xml.c — a generated form's fields back into the application document
 * (see web_form_xml.h), with libxml2's tree: each path step finds or makes
 * the child of that name and position, so siblings keep the order of their
 * first field; the serialiser escapes every value.
 */
#include "tier/web_form_xml.h"

#include "tier/ingest.h"
#include "tier/rules.h"

#include <libxml/parser.h>
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
        snprintf(path, sizeof path, "%s", fields[i].name);
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

/* "a.b.2.c" with every element step followed by its position:
 * "a.1.b.2.c.1"; attributes kept as they are. */
static void full_path(const char *name, char *out, size_t cap)
{
    char copy[1024], *save = NULL, *t, *prev = NULL;
    size_t l = 0;

    snprintf(copy, sizeof copy, "%s", name);
    out[0] = '\0';
    for (t = strtok_r(copy, ".", &save); t != NULL && l < cap; t = strtok_r(NULL, ".", &save)) {
        int digit = t[0] >= '0' && t[0] <= '9';
        if (prev != NULL && !digit && prev[0] != '@' && !(prev[0] >= '0' && prev[0] <= '9'))
            l += (size_t)snprintf(out + l, cap - l, ".1");
        l += (size_t)snprintf(out + l, cap - l, "%s%s", l ? "." : "", t);
        prev = t;
    }
    if (prev != NULL && prev[0] != '@' && !(prev[0] >= '0' && prev[0] <= '9') && l < cap)
        snprintf(out + l, cap - l, ".1");
}

/* The element of d starting on `line`, or NULL. */
static xmlNodePtr at_line(xmlNodePtr n, long line)
{
    for (; n != NULL; n = n->next) {
        xmlNodePtr c;
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (xmlGetLineNo(n) == line)
            return n;
        if ((c = at_line(n->children, line)) != NULL)
            return c;
    }
    return NULL;
}

/* The full path ("a.1.b.2.c.1") of element e below the root. */
static void element_path(xmlNodePtr e, char *out, size_t cap)
{
    char tmp[1024];
    int pos = 1;

    out[0] = '\0';
    if (e == NULL || e->parent == NULL || e->parent->type != XML_ELEMENT_NODE)
        return;
    for (xmlNodePtr s = e->prev; s != NULL; s = s->prev)
        if (s->type == XML_ELEMENT_NODE && strcmp((const char *)s->name, (const char *)e->name) == 0)
            pos++;
    element_path(e->parent, tmp, sizeof tmp);
    if ((size_t)snprintf(out, cap, "%s%s%s.%d", tmp, tmp[0] ? "." : "", (const char *)e->name,
                         pos) >= cap)
        out[0] = '\0';
}

/* The form field of element e into out: the field whose path is e's, else
 * the first field inside e (a group's first input); "" when none. */
static void field_of(xmlNodePtr e, const struct web_form_field *fields, size_t n, char *out,
                     size_t cap)
{
    char ep[1024] = "", fp[1024];
    size_t el;

    out[0] = '\0';
    element_path(e, ep, sizeof ep);
    if (ep[0] == '\0')
        return;
    el = strlen(ep);
    for (size_t j = 0; j < n; j++) {
        full_path(fields[j].name, fp, sizeof fp);
        if (strcmp(fp, ep) == 0) {
            snprintf(out, cap, "%s", fields[j].name);
            return;
        }
    }
    for (size_t j = 0; j < n; j++) {
        full_path(fields[j].name, fp, sizeof fp);
        if (strncmp(fp, ep, el) == 0 && fp[el] == '.') {
            snprintf(out, cap, "%s", fields[j].name);
            return;
        }
    }
}

int web_form_check(const struct ingest_schemas *schemas, const char *ns,
                   const struct web_form_field *fields, size_t n, struct buf *xml,
                   struct web_field_error *errs, size_t cap, size_t *nerr, char *err,
                   size_t errsz)
{
    /* on the heap: together about 150 KB, too much for a worker's stack; a
     * thread-local copy would sit in every thread's TLS block, touched at
     * the thread's start (it cost 39 MiB of RSS with 33 threads) */
    struct ingest_errors *ie = malloc(sizeof *ie);
    struct application *app = malloc(sizeof *app);
    struct buf flat;
    xmlDocPtr d = NULL;
    xmlChar *mem = NULL;
    int len = 0, rc = -1;

    *nerr = 0;
    buf_init(&flat, xml->cap);
    if (ie == NULL || app == NULL) {
        snprintf(err, errsz, "out of memory");
        goto done;
    }
    if (web_form_xml(ns, fields, n, &flat, err, errsz) != 0)
        goto done;
    /* indented, one element a line, so an error's line names its element */
    d = xmlReadMemory(flat.data, (int)flat.len, NULL, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOBLANKS);
    if (d == NULL) {
        snprintf(err, errsz, "the form's document does not parse");
        goto done;
    }
    xmlDocDumpFormatMemoryEnc(d, &mem, &len, "UTF-8", 1);
    xmlFreeDoc(d);
    d = NULL;
    if (mem == NULL || buf_add(xml, mem, (size_t)len) != 0) {
        snprintf(err, errsz, "the document is larger than the buffer's limit");
        goto done;
    }
    ingest_errors_clear(ie);
    if (ingest_application(schemas, xml->data, xml->len, NULL, app, ie) == INGEST_OK) {
        rc = 0;
        goto done;
    }
    d = xmlReadMemory(xml->data, (int)xml->len, NULL, "UTF-8", XML_PARSE_NONET);
    for (int i = 0; i < ie->count && *nerr < cap; i++) {
        struct web_field_error *fe = &errs[(*nerr)++];
        xmlNodePtr e = d ? at_line(xmlDocGetRootElement(d), ie->e[i].line) : NULL;

        field_of(e, fields, n, fe->field, sizeof fe->field);
        snprintf(fe->message, sizeof fe->message, "%s",
                 ie->e[i].message_zh[0] ? ie->e[i].message_zh : ie->e[i].message);
    }
    rc = 0;
done:
    xmlFree(mem);
    xmlFreeDoc(d);
    buf_free(&flat);
    free(app);
    free(ie);
    return rc;
}

int web_form_judge(const struct ingest_schemas *schemas, const char *xml, size_t len,
                   const struct web_form_field *fields, size_t n, struct findings *found,
                   char (*field)[256], char *err, size_t errsz)
{
    struct ingest_errors *ie = malloc(sizeof *ie);
    struct application *app = malloc(sizeof *app);
    struct rules_options opt;
    xmlDocPtr d = NULL;
    int rc = -1;

    findings_init(found);
    if (ie == NULL || app == NULL) {
        snprintf(err, errsz, "out of memory");
        goto done;
    }
    ingest_errors_clear(ie);
    if (ingest_application(schemas, xml, len, NULL, app, ie) != INGEST_OK) {
        snprintf(err, errsz, "%s", ie->count ? ie->e[0].message : "the document is not accepted");
        goto done;
    }
    d = xmlReadMemory(xml, (int)len, NULL, "UTF-8", XML_PARSE_NONET);
    memset(&opt, 0, sizeof opt);
    opt.line_of = ingest_xpath_line;
    opt.line_ctx = d;
    if (d == NULL || rules_evaluate(app, RULESET_NONE, &opt, found) != 0) {
        snprintf(err, errsz, "the rules could not judge the document");
        goto done;
    }
    for (size_t i = 0; i < found->count; i++) {
        xmlNodePtr e = found->items[i].line > 0
                           ? at_line(xmlDocGetRootElement(d), found->items[i].line)
                           : NULL;
        field_of(e, fields, n, field[i], 256);
    }
    rc = 0;
done:
    xmlFreeDoc(d);
    free(app);
    free(ie);
    return rc;
}
