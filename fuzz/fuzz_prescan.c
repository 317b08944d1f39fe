/*
 * fuzz_prescan.c — libFuzzer target for the raw-byte pre-scan of untrusted
 * XML (src/ingest/xml_prescan.c, issue 13).
 *
 * Beyond the sanitizers it checks the scan's promises: on any bytes it
 * answers INGEST_OK or INGEST_TOO_COMPLEX, with at most one terminated
 * message; and what it lets through cannot hide work from it: when the scan
 * says OK and libxml2 (no network, no entities, no DTD) builds a tree from
 * the same bytes, no element of that tree carries more attributes and
 * namespace declarations than the per-element bound, and the whole tree no
 * more than the document bounds. A scan that miscounted (a quoting, comment
 * or CDATA rule libxml2 reads differently) breaks this and is kept as a crash.
 * Single-threaded; no state.
 */
#include "fuzz.h"
#include "fuzz_check.h"

#include "tier/ingest.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct prescan_counts {
    long most_on_one; /* attributes + namespace declarations on one element */
    long attrs;       /* attributes in the tree */
    long ns_decls;    /* namespace declarations in the tree */
};

static void prescan_count(const xmlNode *n, struct prescan_counts *c)
{
    for (; n != NULL; n = n->next) {
        long here = 0;
        if (n->type != XML_ELEMENT_NODE)
            continue;
        for (const xmlAttr *a = n->properties; a != NULL; a = a->next)
            here++;
        c->attrs += here;
        for (const xmlNs *ns = n->nsDef; ns != NULL; ns = ns->next) {
            here++;
            c->ns_decls++;
        }
        if (here > c->most_on_one)
            c->most_on_one = here;
        prescan_count(n->children, c);
    }
}

int fuzz_prescan_init(void)
{
    xmlInitParser();
    return 0;
}

int fuzz_prescan_one(const uint8_t *data, size_t size)
{
    struct ingest_errors *errs = calloc(1, sizeof *errs);
    struct prescan_counts c = {0, 0, 0};
    enum ingest_status st;
    xmlDocPtr d;
    int rc = 0;

    if (errs == NULL)
        return 0;
    st = ingest_prescan((const char *)data, size, NULL, errs);
    if (st != INGEST_OK && st != INGEST_TOO_COMPLEX) {
        rc = fuzz_fail("prescan", "status %s on %zu bytes", ingest_status_name(st), size);
        goto done;
    }
    if (errs->count > 1 || (st == INGEST_OK) != (errs->count == 0) ||
        (errs->count == 1 && (!fuzz_terminated(errs->e[0].message, INGEST_MSG_BYTES) ||
                              !fuzz_terminated(errs->e[0].path, INGEST_PATH_BYTES)))) {
        rc = fuzz_fail("prescan", "%d messages for status %s", errs->count,
                       ingest_status_name(st));
        goto done;
    }
    if (st != INGEST_OK || size > (size_t)1 << 20)
        goto done;
    d = xmlReadMemory((const char *)data, (int)size, "fuzz.xml", NULL,
                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (d == NULL)
        goto done;
    prescan_count(d->children, &c);
    xmlFreeDoc(d);
    if (c.most_on_one > INGEST_PRESCAN_ATTRS_PER_ELEMENT || c.attrs > INGEST_PRESCAN_ATTRS ||
        c.ns_decls > INGEST_PRESCAN_NS_DECLS)
        rc = fuzz_fail("prescan", "passed a document whose tree has %ld attributes and "
                                  "declarations on one element, %ld attributes, %ld "
                                  "namespace declarations",
                       c.most_on_one, c.attrs, c.ns_decls);
done:
    free(errs);
    return rc;
}

void fuzz_prescan_fini(void)
{
}

#ifndef FUZZ_NO_LIBFUZZER
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return fuzz_prescan_init();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (fuzz_prescan_one(data, size) != 0)
        abort();
    return 0;
}
#endif
