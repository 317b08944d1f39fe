/*
 * ingest_internal.h — helpers shared by the files of src/ingest/ only.
 */
#ifndef TIER_INGEST_INTERNAL_H
#define TIER_INGEST_INTERNAL_H

#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

#include "tier/ingest.h"

/* libxml2 2.12 made the structured error argument const. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *ingest_xml_error_ptr;
#else
typedef xmlErrorPtr ingest_xml_error_ptr;
/* Field names and type sentences from the schemas' xs:documentation
 * (schema_docs.c), to say a schema error in Chinese. */
struct schema_docs;

/* Read `tier_xsd`, common-blocks.xsd and common.xsd from xsd_dir. INGEST_OK
 * and *out (free with schema_docs_free), or INGEST_NOMEM / INGEST_BAD_ARG /
 * INGEST_SCHEMA_LOAD with *out = NULL. */
enum ingest_status schema_docs_load(struct schema_docs **out, const char *xsd_dir,
                                    const char *tier_xsd);
void schema_docs_free(struct schema_docs *d);

/* Fill e->message_zh from e->message (libxml2's English) and e->path: the
 * field's Chinese name and what it expects. `d` may be NULL (names stay the
 * element's own). Can't fail. */
void schema_docs_explain(const struct schema_docs *d, struct ingest_error *e);

#endif

/* Append one error (NULL errs is fine; over the cap it only counts as dropped).
 * `path` may be NULL. The message is printf-formatted, truncated to fit. */
void ingest_errors_add(struct ingest_errors *errs, int line, const char *path, const char *fmt,
                       ...) __attribute__((format(printf, 4, 5)));

/* Append a libxml2 structured error: its line, the path of its node if any, and
 * its message without the trailing newline. */
void ingest_errors_add_xml(struct ingest_errors *errs, ingest_xml_error_ptr err);

/* Structured-error callback that appends to the struct ingest_errors passed as
 * `data` (may be NULL: the error is then dropped). */
void ingest_errors_sink(void *data, ingest_xml_error_ptr err);

/* ingest_tier_of for a root element named `root_name` ("application",
 * "update"): the tier from its namespace. Same contract. */
enum ingest_status ingest_tier_of_root(xmlDocPtr doc, const char *root_name, enum tier_id *tier,
                                       struct ingest_errors *errs);

#endif
