/*
 * ingest.h — untrusted application XML in, `struct application` out.
 *
 * The path (DESIGN.md, "Data flow"):
 *   ingest_parse     secure parse from memory (no network, no entities, no DTD;
 *                    any DOCTYPE refused; size, depth and element-count limits)
 *   ingest_tier_of   the tier from the root element's namespace
 *                    urn:tierd:application:<tier-code>:1
 *   ingest_validate  XSD validation against that tier's schema, compiled once
 *   ingest_extract   typed extraction: amounts to fen, dates checked
 * ingest_application() runs all four. The pieces are public so that a benchmark
 * can compare the whole path with raw xmlReadMemory + xmlSchemaValidateDoc.
 *
 * Threads: a `struct ingest_schemas` is built once and then only read; share it
 * between threads freely. A `struct ingest_worker` (cached validation contexts)
 * belongs to one thread at a time. Every other call keeps its state on the
 * stack or in the caller's structs.
 *
 * Errors: every refusal comes back as an `enum ingest_status` plus, when the
 * caller passes a `struct ingest_errors`, up to INGEST_MAX_ERRORS entries with
 * the line, an XPath-like path ("/application/financials/year[2]/rdExpense",
 * local names, 1-based positions among same-named siblings) and a message.
 */
#ifndef TIER_INGEST_H
#define TIER_INGEST_H

#include <stddef.h>

#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "tier/application.h"
#include "tier/tier.h"

/* The namespace of a tier's application documents is
 * INGEST_NS_PREFIX "<tier-code>" INGEST_NS_SUFFIX. */
#define INGEST_NS_PREFIX "urn:tierd:application:"
#define INGEST_NS_SUFFIX ":1"
#define INGEST_NS_COMMON "urn:tierd:common:1"

enum ingest_status {
    INGEST_OK = 0,
    INGEST_NOT_WELL_FORMED, /* not XML, or not UTF-8 */
    INGEST_DOCTYPE,         /* a DOCTYPE (internal or external subset): refused */
    INGEST_TOO_LARGE,       /* body over limits.max_bytes */
    INGEST_TOO_DEEP,        /* elements nested deeper than limits.max_depth */
    INGEST_TOO_MANY_NODES,  /* more than limits.max_elements elements */
    INGEST_UNKNOWN_TIER,    /* root is not {urn:tierd:application:<known tier>:1}application */
    INGEST_SCHEMA_INVALID,  /* fails the tier's XSD */
    INGEST_BAD_VALUE,       /* schema-valid but not acceptable (years not consecutive ...) */
    INGEST_NOMEM,           /* out of memory */
    INGEST_SCHEMA_LOAD,     /* ingest_schemas_load: a schema is missing or does not compile */
    INGEST_BAD_ARG,         /* NULL buffer or similar misuse */
    INGEST_TOO_COMPLEX,     /* over a bound of the pre-scan: attributes, namespaces, names */
    /* keep INGEST_TOO_COMPLEX last, or move fuzz/fuzz_offline.c's range check with it */
};

/* A stable lower-case name ("doctype", "schema-invalid"); never NULL. */
const char *ingest_status_name(enum ingest_status st);

/* ---- limits ------------------------------------------------------------------ */

#define INGEST_DEFAULT_MAX_BYTES    ((size_t)2 * 1024 * 1024) /* 2 MiB */
#define INGEST_DEFAULT_MAX_DEPTH    64
#define INGEST_DEFAULT_MAX_ELEMENTS 20000

struct ingest_limits {
    size_t max_bytes; /* body size in bytes; at most INT_MAX (libxml2 takes an int) */
    int max_depth;    /* element nesting; the root is depth 1. libxml2 itself stops at 256
                         (without XML_PARSE_HUGE, which we never set): deeper is reported
                         as not well-formed */
    long max_elements;/* elements in the whole document */
};

/* Fill *l with the defaults above. Can't fail. */
void ingest_limits_default(struct ingest_limits *l);

/* Bounds of the pre-scan (xml_prescan.c), checked on the raw bytes before
 * libxml2 sees them; ingest_parse applies the defaults. The registry's own
 * documents use at most a handful of attributes per element, one or two
 * namespace declarations and short names, so these are far above any real
 * document and far below what makes libxml2's attribute checks costly. */
#define INGEST_PRESCAN_ATTRS_PER_ELEMENT 32   /* attributes (xmlns included) on one element */
#define INGEST_PRESCAN_ATTRS             20000 /* attributes in the whole document */
#define INGEST_PRESCAN_NS_DECLS          64   /* xmlns / xmlns:p attributes in the document */
#define INGEST_PRESCAN_NAME_BYTES        256  /* an element or attribute name, bytes */
#define INGEST_PRESCAN_VALUE_BYTES       16384 /* one attribute value, bytes as written */

struct ingest_errors;

struct ingest_prescan_limits {
    long max_attrs_per_element;
    long max_attrs;
    long max_ns_decls;
    size_t max_name_bytes;
    size_t max_value_bytes;
};

/* Fill *l with the INGEST_PRESCAN_* defaults. Can't fail. */
void ingest_prescan_limits_default(struct ingest_prescan_limits *l);

/* Scan `len` raw bytes at `buf` once, in linear time, and refuse a document
 * over a bound of `lim` (NULL = the defaults): INGEST_TOO_COMPLEX with one
 * message saying what was over which bound, the line, and the element path
 * as far as the scan knows it. INGEST_OK says nothing about well-formedness
 * (libxml2 judges that). INGEST_BAD_ARG for a NULL buf. Borrows everything. */
enum ingest_status ingest_prescan(const char *buf, size_t len,
                                  const struct ingest_prescan_limits *lim,
                                  struct ingest_errors *errs);

/* ---- errors ------------------------------------------------------------------- */

#define INGEST_MAX_ERRORS 100
#define INGEST_PATH_BYTES 256
#define INGEST_MSG_BYTES  320

struct ingest_error {
    int line;                     /* 1-based source line; 0 when unknown */
    char path[INGEST_PATH_BYTES]; /* "/application/enterprise/uscc"; "" when no node */
    char message[INGEST_MSG_BYTES]; /* one sentence, no trailing newline; may be truncated */
    char message_zh[INGEST_MSG_BYTES]; /* the same in Chinese, naming the field from the XSD's
                                          xs:documentation; "" when there is none */
    int code;                     /* libxml2's error code (xmlParserErrors), 0 for ours */
};

struct ingest_errors {
    int count;   /* entries used in e[] */
    int dropped; /* further errors not kept because e[] was full */
    struct ingest_error e[INGEST_MAX_ERRORS];
};

/* Empty the list. NULL is fine. */
void ingest_errors_clear(struct ingest_errors *errs);

/* ---- schemas (compiled once) --------------------------------------------------- */

struct ingest_schemas; /* opaque: one compiled xmlSchema per tier */

/* Compile xsd_dir/<tier-code>.xsd for every tier (tier_get(i)->code), each with
 * its imports/includes resolved relative to its own file. Returns INGEST_OK and
 * *out (caller frees with ingest_schemas_free), or INGEST_SCHEMA_LOAD /
 * INGEST_NOMEM / INGEST_BAD_ARG with *out = NULL and the schema errors (file,
 * line, message) in *errs (may be NULL). Call at start-up, before threads. */
enum ingest_status ingest_schemas_load(struct ingest_schemas **out, const char *xsd_dir,
                                       struct ingest_errors *errs);

/* Free everything; NULL is fine. No worker made from it may be used after. */
void ingest_schemas_free(struct ingest_schemas *s);

/* The compiled schema of a tier (borrowed; valid until ingest_schemas_free), or
 * NULL for an id out of range. For benchmarks and tools. */
xmlSchemaPtr ingest_schemas_get(const struct ingest_schemas *s, enum tier_id tier);

/* ---- per-thread worker (optional) ---------------------------------------------- */

struct ingest_worker; /* opaque: one reusable xmlSchemaValidCtxt per tier, made lazily */

/* A worker for one thread. Returns INGEST_OK and *out (free with
 * ingest_worker_free), or INGEST_NOMEM / INGEST_BAD_ARG. Borrows `s`. */
enum ingest_status ingest_worker_new(struct ingest_worker **out, const struct ingest_schemas *s);

/* Free the worker's contexts; NULL is fine. */
void ingest_worker_free(struct ingest_worker *w);

/* ---- the pieces ----------------------------------------------------------------- */

/* Parse `len` bytes at `buf` as UTF-8 XML with XML_PARSE_NONET (never NOENT,
 * DTDLOAD, DTDATTR or HUGE); any encoding declaration is ignored. A DOCTYPE is
 * refused (before parsing when visible as "<!DOCTYPE", otherwise as soon as the
 * parser meets it, and again on the finished tree). Depth and element count are
 * counted while parsing and the parse stops at the first excess. `lim` NULL
 * means the defaults. Returns INGEST_OK and *doc (caller frees with xmlFreeDoc),
 * or a status with *doc = NULL and the reasons in *errs (may be NULL). */
enum ingest_status ingest_parse(const char *buf, size_t len, const struct ingest_limits *lim,
                                xmlDocPtr *doc, struct ingest_errors *errs);

/* The tier whose namespace the root element is in, and whose local name is
 * "application". Returns INGEST_OK and *tier, or INGEST_UNKNOWN_TIER with a
 * message naming the namespace found. Borrows `doc`. */
enum ingest_status ingest_tier_of(xmlDocPtr doc, enum tier_id *tier, struct ingest_errors *errs);

/* Validate `doc` against the tier's schema. `w` may be NULL (a validation
 * context is then made and freed for this call) or the calling thread's worker.
 * Returns INGEST_OK, INGEST_SCHEMA_INVALID (every error kept, up to the cap, with
 * line, path and message), INGEST_NOMEM or INGEST_BAD_ARG. Borrows `doc`; libxml2
 * may add default attribute values to it, nothing else. */
enum ingest_status ingest_validate(const struct ingest_schemas *s, struct ingest_worker *w,
                                   enum tier_id tier, xmlDocPtr doc,
                                   struct ingest_errors *errs);

/* Set every field of *app to "not given" (application.h conventions),
 * tier TIER_NONE, rule set RULESET_NONE, all counts 0. Can't fail. */
void ingest_application_init(struct application *app);

/* Fill *app from a document that passed ingest_validate for `tier`. Returns
 * INGEST_OK, or INGEST_BAD_VALUE with the offending element's path (a value the
 * core parsers refuse, years not consecutive, a cap exceeded); *app is then
 * partly filled and must not be judged. Borrows `doc`. */
enum ingest_status ingest_extract(xmlDocPtr doc, enum tier_id tier, struct application *app,
                                  struct ingest_errors *errs);

/* ---- the yearly data update (update.c; issue 17) ---------------------------------- */

/* Validate `doc` against the tier's yearly-update schema (xsd/<tier>-update.xsd,
 * compiled by ingest_schemas_load beside the tier's own). As ingest_validate. */
enum ingest_status ingest_validate_update(const struct ingest_schemas *s, enum tier_id tier,
                                          xmlDocPtr doc, struct ingest_errors *errs);

/* What the registry reads of an update document; the figures stay in the
 * document, which is stored verbatim. */
struct ingest_update {
    enum tier_id tier;      /* from the root's namespace */
    int year;               /* the `year` attribute: the deadline year it meets */
    char certificate[49];   /* <certificate>: the serial of the title held */
    char uscc[19];          /* <uscc>: the holder */
    char filed_on[11];      /* <submissionDate> as written, YYYY-MM-DD */
};

/* Parse (ingest_parse's safety and limits, `lim` NULL = defaults), take the
 * tier from the root element <update>'s namespace, validate against that
 * tier's update schema and read the fields above. INGEST_OK with *out, or the
 * first failing step's status with the reasons in errs (may be NULL).
 * Thread-safe with a shared `s`. */
enum ingest_status ingest_update(const struct ingest_schemas *s, const char *buf, size_t len,
                                 const struct ingest_limits *lim, struct ingest_update *out,
                                 struct ingest_errors *errs);

/* ---- the whole path -------------------------------------------------------------- */

/* Parse, pick the tier, validate, extract. `lim` NULL = defaults; `errs` may be
 * NULL. Returns INGEST_OK with *out filled, or the first failing step's status
 * (*out then unspecified). Validation contexts are made per call. Thread-safe
 * with a shared `s`. */
enum ingest_status ingest_application(const struct ingest_schemas *s, const char *buf, size_t len,
                                      const struct ingest_limits *lim, struct application *out,
                                      struct ingest_errors *errs);

/* The same, reusing the calling thread's worker `w` (made from `s`). */
enum ingest_status ingest_application_with(const struct ingest_schemas *s,
                                           struct ingest_worker *w, const char *buf,
                                           size_t len, const struct ingest_limits *lim,
                                           struct application *out, struct ingest_errors *errs);

/* Write the XPath-like path of `node` ("/application/awards/award[2]/year") into
 * out (NUL-terminated, truncated to outsz). Can't fail. */
void ingest_node_path(const xmlNode *node, char *out, size_t outsz);

/* The source line of the element that a rule's XPath names in the document
 * `doc` (an xmlDocPtr; the signature is that of rules_options.line_of), or 0
 * when the path does not parse or the element is absent. Borrows both. */
int ingest_xpath_line(const void *doc, const char *xpath);

#endif
