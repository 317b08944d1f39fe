/*
 * schema_docs.c — schema errors in Chinese: the field's name and what it
 * expects, read from the schemas' own xs:documentation.
 *
 * At start-up (ingest_schemas_load) each tier's schema file, common-blocks.xsd
 * and common.xsd are read as plain XML: every named xs:element gives its field
 * name in Chinese and its type, every named xs:simpleType the sentence of what
 * it expects (and its enumeration values). When a document is not
 * schema-valid, schema_docs_explain turns each of libxml2's English messages
 * into a Chinese sentence naming the field: "营业收入必须是非负金额（元），最多
 * 两位小数（填写的是“-1.00”）". The line and path of the error are kept as
 * they are; the English message stays beside the Chinese one.
 *
 * Owns: the strings of the tables (freed by schema_docs_free). Built once,
 * then only read: shared by all threads. Fails only for want of memory or a
 * schema file that cannot be read (then schemas do not load either).
 */
#include "ingest_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#define XS_NS "http://www.w3.org/2001/XMLSchema"
#define DOC_ELEMS_MAX 256
#define DOC_TYPES_MAX 96
#define ENUM_TEXT_MAX 400

struct doc_elem {
    char *name; /* local name: "revenue" */
    char *zh;   /* "营业收入" */
    char *type; /* local name of its type: "NonNegativeYuan"; NULL for inline types */
};

struct doc_type {
    char *name;  /* "NonNegativeYuan" */
    char *zh;    /* "非负金额（元），最多两位小数" */
    char *enums; /* "own、transfer、gift" for enumerations, else NULL */
};

struct schema_docs {
    int n_elems, n_types;
    struct doc_elem elems[DOC_ELEMS_MAX];
    struct doc_type types[DOC_TYPES_MAX];
};

static int is_xs(const xmlNode *n, const char *local)
{
    return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
           xmlStrEqual(n->ns->href, BAD_CAST XS_NS) && xmlStrEqual(n->name, BAD_CAST local);
}

/* The text of the first xs:annotation/xs:documentation child, or NULL
 * (caller frees with xmlFree). */
static xmlChar *documentation(const xmlNode *decl)
{
    for (const xmlNode *a = decl->children; a != NULL; a = a->next) {
        if (!is_xs(a, "annotation"))
            continue;
        for (const xmlNode *d = a->children; d != NULL; d = d->next) {
            if (is_xs(d, "documentation"))
                return xmlNodeGetContent(d);
        }
    }
    return NULL;
}

/* "c:NonNegativeYuan" -> "NonNegativeYuan" */
static const char *local_part(const char *qname)
{
    const char *colon = strchr(qname, ':');

    return colon != NULL ? colon + 1 : qname;
}

/* The enumeration values of a simple type, "a、b、c", or NULL. */
static char *enumerations(const xmlNode *type)
{
    char buf[ENUM_TEXT_MAX];
    size_t len = 0;

    buf[0] = '\0';
    for (const xmlNode *r = type->children; r != NULL; r = r->next) {
        if (!is_xs(r, "restriction"))
            continue;
        for (const xmlNode *e = r->children; e != NULL; e = e->next) {
            xmlChar *v;
            int n;

            if (!is_xs(e, "enumeration"))
                continue;
            v = xmlGetProp(e, BAD_CAST "value");
            if (v == NULL)
                continue;
            n = snprintf(buf + len, sizeof buf - len, "%s%s", len ? "、" : "", (const char *)v);
            xmlFree(v);
            if (n < 0 || (size_t)n >= sizeof buf - len) {
                buf[len] = '\0';
                break;
            }
            len += (size_t)n;
        }
    }
    return len > 0 ? strdup(buf) : NULL;
}

/* Record the declarations of one schema document, depth first. The first
 * declaration of a name wins (the tier's own file is read first). -1 on
 * memory. */
static int collect(struct schema_docs *d, const xmlNode *n)
{
    for (; n != NULL; n = n->next) {
        xmlChar *name, *doc;
        int rc = 0;

        if (n->type != XML_ELEMENT_NODE)
            continue;
        if ((is_xs(n, "element") || is_xs(n, "simpleType")) &&
            (name = xmlGetProp(n, BAD_CAST "name")) != NULL) {
            doc = documentation(n);
            if (is_xs(n, "element") && doc != NULL && d->n_elems < DOC_ELEMS_MAX) {
                int seen = 0;

                for (int i = 0; i < d->n_elems && !seen; i++)
                    seen = strcmp(d->elems[i].name, (const char *)name) == 0;
                if (!seen) {
                    struct doc_elem *e = &d->elems[d->n_elems];
                    xmlChar *type = xmlGetProp(n, BAD_CAST "type");

                    e->name = strdup((const char *)name);
                    e->zh = strdup((const char *)doc);
                    e->type = type != NULL ? strdup(local_part((const char *)type)) : NULL;
                    rc = e->name == NULL || e->zh == NULL || (type != NULL && e->type == NULL);
                    xmlFree(type);
                    d->n_elems++;
                }
            } else if (is_xs(n, "simpleType") && doc != NULL && d->n_types < DOC_TYPES_MAX) {
                struct doc_type *t = &d->types[d->n_types++];

                t->name = strdup((const char *)name);
                t->zh = strdup((const char *)doc);
                t->enums = enumerations(n);
                rc = t->name == NULL || t->zh == NULL;
            }
            xmlFree(doc);
            xmlFree(name);
            if (rc != 0)
                return -1;
        }
        if (collect(d, n->children) != 0)
            return -1;
    }
    return 0;
}

void schema_docs_free(struct schema_docs *d)
{
    if (d == NULL)
        return;
    for (int i = 0; i < d->n_elems; i++) {
        free(d->elems[i].name);
        free(d->elems[i].zh);
        free(d->elems[i].type);
    }
    for (int i = 0; i < d->n_types; i++) {
        free(d->types[i].name);
        free(d->types[i].zh);
        free(d->types[i].enums);
    }
    free(d);
}

enum ingest_status schema_docs_load(struct schema_docs **out, const char *xsd_dir,
                                    const char *tier_xsd)
{
    const char *files[] = { tier_xsd, "common-blocks.xsd", "common.xsd" };
    struct schema_docs *d = calloc(1, sizeof *d);

    *out = NULL;
    if (d == NULL)
        return INGEST_NOMEM;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[4096];
        xmlDocPtr doc;
        int rc;

        if ((size_t)snprintf(path, sizeof path, "%s/%s", xsd_dir, files[i]) >= sizeof path) {
            schema_docs_free(d);
            return INGEST_BAD_ARG;
        }
        /* our own schema files, already compiled by the caller: read them
         * with the network off all the same */
        doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
        if (doc == NULL) {
            schema_docs_free(d);
            return INGEST_SCHEMA_LOAD;
        }
        rc = collect(d, xmlDocGetRootElement(doc));
        xmlFreeDoc(doc);
        if (rc != 0) {
            schema_docs_free(d);
            return INGEST_NOMEM;
        }
    }
    *out = d;
    return INGEST_OK;
}

static const struct doc_elem *elem_doc(const struct schema_docs *d, const char *name)
{
    for (int i = 0; d != NULL && i < d->n_elems; i++) {
        if (strcmp(d->elems[i].name, name) == 0)
            return &d->elems[i];
    }
    return NULL;
}

static const struct doc_type *type_doc(const struct schema_docs *d, const char *name)
{
    for (int i = 0; d != NULL && name != NULL && i < d->n_types; i++) {
        if (strcmp(d->types[i].name, name) == 0)
            return &d->types[i];
    }
    return NULL;
}

/* Copy the text between `open` and the next `close` after it in s into out;
 * 0, or -1 when not found. */
static int between(const char *s, const char *open, const char *close, char *out, size_t n)
{
    const char *a = strstr(s, open), *b;

    if (a == NULL)
        return -1;
    a += strlen(open);
    b = strstr(a, close);
    if (b == NULL || (size_t)(b - a) >= n)
        return -1;
    memcpy(out, a, (size_t)(b - a));
    out[b - a] = '\0';
    return 0;
}

/* "“营业收入”" for an element name (its own name when undocumented). */
static void field(const struct schema_docs *d, const char *name, char *out, size_t n)
{
    const struct doc_elem *e = elem_doc(d, name);

    snprintf(out, n, "%s", e != NULL ? e->zh : name);
}

/* The Chinese names of the elements in "( a, b, c )" (libxml2's "Expected is"
 * list; names may carry a namespace in braces), at most three. */
static void expected_list(const struct schema_docs *d, const char *msg, char *out, size_t n)
{
    char list[256], *save = NULL;
    size_t len = 0;
    int k = 0;

    out[0] = '\0';
    if (between(msg, "( ", " )", list, sizeof list) != 0)
        return;
    for (char *tok = strtok_r(list, ", ", &save); tok != NULL && k < 3;
         tok = strtok_r(NULL, ", ", &save), k++) {
        char *brace = strchr(tok, '}');
        char name[96];
        int w;

        field(d, brace != NULL ? brace + 1 : tok, name, sizeof name);
        w = snprintf(out + len, n - len, "%s“%s”", k ? "或" : "", name);
        if (w < 0 || (size_t)w >= n - len)
            break;
        len += (size_t)w;
    }
}

/* Write the Chinese sentence, cut (if it must be) at a character boundary. */
static void say(struct ingest_error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct ingest_error *e, const char *fmt, ...)
{
    size_t n;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(e->message_zh, sizeof e->message_zh, fmt, ap);
    va_end(ap);
    n = strlen(e->message_zh);
    if (n + 1 < sizeof e->message_zh)
        return;
    /* truncated: drop a last character that lost some of its bytes */
    while (n > 0 && ((unsigned char)e->message_zh[n - 1] & 0xC0) == 0x80)
        n--;
    if (n > 0 && (unsigned char)e->message_zh[n - 1] >= 0xC0)
        n--;
    e->message_zh[n] = '\0';
}

void schema_docs_explain(const struct schema_docs *d, struct ingest_error *e)
{
    const char *m = e->message;
    char name[96] = "", fname[96], value[96] = "", attr[64] = "", want[320];
    const struct doc_elem *ed;
    const struct doc_type *td;

    if (between(m, "Element '", "'", name, sizeof name) != 0) {
        /* no element named: the path's last step */
        const char *slash = strrchr(e->path, '/');

        snprintf(name, sizeof name, "%.*s", (int)strcspn(slash != NULL ? slash + 1 : "", "["),
                 slash != NULL ? slash + 1 : "");
    }
    field(d, name, fname, sizeof fname);
    ed = elem_doc(d, name);
    (void)between(m, ", attribute '", "'", attr, sizeof attr);
    if (between(m, "The value '", "'", value, sizeof value) != 0)
        (void)between(m, "': '", "' is not", value, sizeof value);

    if (strstr(m, "No matching global declaration") != NULL) {
        say(e, "根元素必须是本梯度命名空间中的申报书"
                                                      "（application）");
    } else if (attr[0] != '\0' && strstr(m, "is required but missing") != NULL) {
        say(e, "“%s”缺少必填的属性 %s", fname, attr);
    } else if (attr[0] != '\0') {
        say(e, "“%s”的属性 %s 取值不符合要求%s%s%s",
                 fname, attr, value[0] ? "（填写的是“" : "", value, value[0] ? "”）" : "");
    } else if (strstr(m, "is not a valid value of") != NULL || strstr(m, "[facet '") != NULL) {
        td = type_doc(d, ed != NULL ? ed->type : NULL);
        if (td == NULL) {
            /* the atomic type named in the message: "... of the atomic type 'Yuan'" */
            char t[64];

            if (between(m, "atomic type '", "'", t, sizeof t) == 0)
                td = type_doc(d, t);
        }
        if (td != NULL && td->enums != NULL)
            snprintf(want, sizeof want, "%s（可选：%.200s）", td->zh, td->enums);
        else
            snprintf(want, sizeof want, "%s", td != NULL ? td->zh : "规定格式的值");
        say(e, "%s必须是%s%s%s%s", fname, want,
                 value[0] ? "（填写的是“" : "", value, value[0] ? "”）" : "");
    } else if (strstr(m, "This element is not expected") != NULL) {
        expected_list(d, m, want, sizeof want);
        say(e, "此处不应出现“%s”%s%s", fname,
                 want[0] ? "，此处应为" : "", want);
    } else if (strstr(m, "Missing child element") != NULL) {
        expected_list(d, m, want, sizeof want);
        say(e, "“%s”缺少%s", fname,
                 want[0] ? want : "必填的内容");
    } else if (strstr(m, "Duplicate key-sequence") != NULL) {
        say(e, "“%s”重复：同一%s只能填写一次", fname,
                 strcmp(name, "year") == 0 ? "会计年度" : "取值");
    } else if (strstr(m, "Character content") != NULL) {
        say(e, "“%s”中不应有文字内容", fname);
    } else {
        say(e, "“%s”不符合申报模式（XSD）的要求", fname);
    }
}
