/*
 * xpath_line.c — the source line of the element a rule's XPath names
 * (include/tier/ingest.h: ingest_xpath_line), so that findings carry the line
 * of the data they judge (rules_options.line_of).
 *
 * The paths are the rules' own simple form: "/application/financials/
 * year[@value=2024]/rdExpense", steps "name", "name[N]" (1-based among
 * same-named siblings) or "name[@attr=value]", and a trailing "/@attr" meaning
 * its element. Anything else gives 0. Reads the tree only; thread-safe for a
 * document no one is changing.
 */
#include "tier/ingest.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

/* The element named by one step of a finding's XPath among the children of
 * `parent` (or the root itself when parent is NULL): "name", "name[N]" (1-based
 * among same-named siblings) or "name[@attr=value]". NULL when absent. */
static const xmlNode *step_find(const xmlNode *parent, const xmlNode *root, const char *name,
                                long index, const char *attr, const char *value)
{
    const xmlNode *n = parent != NULL ? parent->children : root;
    long seen = 0;

    for (; n != NULL; n = parent != NULL ? n->next : NULL) {
        if (n->type != XML_ELEMENT_NODE || !xmlStrEqual(n->name, BAD_CAST name))
            continue;
        if (attr[0] != '\0') {
            xmlChar *v = xmlGetProp(n, BAD_CAST attr);
            int same = v != NULL && strcmp((const char *)v, value) == 0;

            xmlFree(v);
            if (same)
                return n;
            continue;
        }
        if (++seen == index)
            return n;
    }
    return NULL;
}

int ingest_xpath_line(const void *ctx, const char *xp)
{
    const xmlNode *root = ctx != NULL ? xmlDocGetRootElement((xmlDocPtr)(uintptr_t)ctx) : NULL;
    const xmlNode *cur = NULL;
    const char *p = xp;

    if (root == NULL || p == NULL || *p != '/')
        return 0;
    while (*p == '/') {
        char name[64], attr[64] = "", value[96] = "";
        long index = 1;
        size_t len;

        p++;
        if (*p == '@')
            break;
        len = strcspn(p, "/[");
        if (len == 0 || len >= sizeof name)
            return 0;
        memcpy(name, p, len);
        name[len] = '\0';
        p += len;
        if (*p == '[') {
            const char *end = strchr(p, ']');
            const char *eq;
            char *num_end;

            if (end == NULL)
                return 0;
            p++;
            if (*p == '@') {
                eq = memchr(p, '=', (size_t)(end - p));
                if (eq == NULL || (size_t)(eq - p - 1) >= sizeof attr ||
                    (size_t)(end - eq - 1) >= sizeof value)
                    return 0;
                memcpy(attr, p + 1, (size_t)(eq - p - 1));
                attr[eq - p - 1] = '\0';
                memcpy(value, eq + 1, (size_t)(end - eq - 1));
                value[end - eq - 1] = '\0';
                len = strlen(value);
                if (len >= 2 && (value[0] == '\'' || value[0] == '"') &&
                    value[len - 1] == value[0]) {
                    memmove(value, value + 1, len - 2);
                    value[len - 2] = '\0';
                }
            } else {
                errno = 0;
                index = strtol(p, &num_end, 10);
                if (errno != 0 || num_end != end || index < 1)
                    return 0;
            }
            p = end + 1;
        }
        cur = step_find(cur, root, name, index, attr, value);
        if (cur == NULL)
            return 0;
    }
    if (cur == NULL || (*p != '\0' && *p != '@'))
        return 0;
    return (int)xmlGetLineNo(cur);
}

