/*
 * bench_form.c — `make bench-web` (second part): the cost of a form's check
 * (the fields made into XML by web_form_xml, then the offline path:
 * ingest_application + rules_evaluate) beside the offline path alone on the
 * same document (what bench-validate measures), in the same run, on the
 * thread's CPU time. Goal: the form check within 2x the offline path.
 *
 *   bench_form [SECONDS]   (default 3; run from the repository root)
 *
 * The fields are what a browser submits from web/apply.xsl filled from
 * tests/data/specialized-sme/eligible.xml (made once, untimed).
 */
#include "tier/application.h"
#include "tier/ingest.h"
#include "tier/rules.h"
#include "tier/web_form_xml.h"
#include "tier/web_page.h"
#include "tier/web_view.h"

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SAMPLE "tests/data/specialized-sme/eligible.xml"
#define NS "urn:tierd:application:specialized-sme:1"
#define MAX_FIELDS 4096

static struct ingest_schemas *schemas;
static struct web_form_field fields[MAX_FIELDS];
static size_t nfields;

static double cpu_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    struct buf b;
    int big;

    buf_init(&b, 16u << 20);
    if (f == NULL || buf_add_stream(&b, f, &big) != 0) {
        if (f)
            fclose(f);
        buf_free(&b);
        return NULL;
    }
    fclose(f);
    return buf_detach(&b, len);
}

/* The fields of the form filled from SAMPLE; the names and values stay in
 * the returned HTML document. */
static htmlDocPtr make_fields(void)
{
    static const char *const files[] = {"xsd/specialized-sme.xsd", "xsd/common.xsd",
                                        "xsd/common-blocks.xsd", SAMPLE};
    struct web_views *v = NULL;
    struct web_page *pg = web_page_new("apply");
    struct buf html;
    char err[512];
    htmlDocPtr h = NULL;
    xmlXPathContextPtr x;
    xmlXPathObjectPtr o;

    buf_init(&html, 16u << 20);
    if (web_views_load("web", &v, err, sizeof err) != 0)
        goto out;
    for (size_t i = 0; i < 4; i++) {
        size_t len;
        char *d = slurp(files[i], &len);
        if (d == NULL || web_page_add_xml(pg, d, len, err, sizeof err) != 0) {
            free(d);
            goto out;
        }
        free(d);
    }
    if (web_view_render(v, "apply", web_page_doc(pg), NULL, 0, &html, err, sizeof err) != 0)
        goto out;
    h = htmlReadMemory(html.data, (int)html.len, NULL, "UTF-8",
                       HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    x = h ? xmlXPathNewContext(h) : NULL;
    o = x ? xmlXPathEvalExpression((const xmlChar *)"//form//input[not(@type='hidden')] | "
                                                    "//form//select", x)
          : NULL;
    for (int i = 0; o && o->nodesetval && i < o->nodesetval->nodeNr && nfields < MAX_FIELDS;
         i++) {
        xmlNodePtr e = o->nodesetval->nodeTab[i];
        xmlChar *val = NULL;
        if (strcmp((const char *)e->name, "select") == 0) {
            for (xmlNodePtr c = e->children; c; c = c->next)
                if (c->type == XML_ELEMENT_NODE && xmlHasProp(c, (const xmlChar *)"selected"))
                    val = xmlGetProp(c, (const xmlChar *)"value");
        } else {
            val = xmlGetProp(e, (const xmlChar *)"value");
        }
        xmlSetProp(e, (const xmlChar *)"data-sent", val ? val : (const xmlChar *)"");
        xmlFree(val);
        fields[nfields].name = (const char *)xmlHasProp(e, (const xmlChar *)"name")->children->content;
        fields[nfields].value =
            (const char *)xmlHasProp(e, (const xmlChar *)"data-sent")->children->content;
        fields[nfields].value_len = strlen(fields[nfields].value);
        nfields++;
    }
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(x);
out:
    if (h == NULL)
        fprintf(stderr, "bench_form: %s\n", err);
    buf_free(&html);
    web_page_free(pg);
    web_views_free(v);
    return h;
}

static int judge(const char *doc, size_t len)
{
    static struct application app;
    static struct findings found;
    static struct ingest_errors errs;

    ingest_errors_clear(&errs);
    if (ingest_application(schemas, doc, len, NULL, &app, &errs) != INGEST_OK)
        return -1;
    findings_init(&found);
    return rules_evaluate(&app, RULESET_NONE, NULL, &found);
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 3.0, t0, form_s = 0, plain_s = 0;
    long form_n = 0, plain_n = 0;
    size_t len;
    char *doc = slurp(SAMPLE, &len), err[256];
    htmlDocPtr h;
    struct buf xml;

    if (doc == NULL || ingest_schemas_load(&schemas, "xsd", NULL) != INGEST_OK ||
        (h = make_fields()) == NULL || nfields < 10) {
        fprintf(stderr, "bench_form: set-up failed (run from the repository root)\n");
        return 2;
    }
    buf_init(&xml, 16u << 20);
    /* 50 ms slices, alternating, so both see the same machine */
    while (form_s + plain_s < 2 * seconds) {
        t0 = cpu_s();
        while (cpu_s() - t0 < 0.05) {
            buf_reset(&xml);
            if (web_form_xml(NS, fields, nfields, &xml, err, sizeof err) != 0 ||
                judge(xml.data, xml.len) != 0) {
                fprintf(stderr, "bench_form: the form's document failed: %s\n", err);
                return 1;
            }
            form_n++;
        }
        form_s += cpu_s() - t0;
        t0 = cpu_s();
        while (cpu_s() - t0 < 0.05) {
            if (judge(doc, len) != 0)
                return 1;
            plain_n++;
        }
        plain_s += cpu_s() - t0;
    }
    printf("form_check_per_s=%.0f offline_validate_per_s=%.0f form_cost_ratio=%.2f "
           "(fields=%zu, goal <= 2.00)\n",
           form_n / form_s, plain_n / plain_s, (plain_n / plain_s) / (form_n / form_s), nfields);
    xmlFreeDoc(h);
    buf_free(&xml);
    free(doc);
    ingest_schemas_free(schemas);
    return 0;
}
