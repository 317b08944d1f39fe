/*
 * test_tlog_entry.c — the log's entries (include/tier/tlog_entry.h): exact
 * canonical bytes, valid against xsd/log-entry.xsd, equal to their own
 * exclusive C14N form, and every bad field refused by name with nothing
 * written.
 */
#include "tier/buf.h"
#include "tier/tlog_entry.h"

#include "../tlog_fixture.h"

#include <CUnit/Basic.h>
#include <libxml/c14n.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMA "xsd/log-entry.xsd"
#define HEX_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define HEX_B "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static char err[256];
static xmlSchemaPtr schema;

static int suite_init(void)
{
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(SCHEMA);

    schema = pc ? xmlSchemaParse(pc) : NULL;
    xmlSchemaFreeParserCtxt(pc);
    return schema ? 0 : -1;
}

static int suite_clean(void)
{
    xmlSchemaFree(schema);
    return 0;
}

static struct tlog_entry issued(void)
{
    return tlog_fixture_issued("LG-2026-01KR7SZC1V1AC0429V", HEX_B);
}

static struct tlog_entry revoked(void)
{
    struct tlog_entry e = {0};

    e.kind = TLOG_ENTRY_CERT_REVOKED;
    e.serial = "LG-2026-01KR7SZC1V1AC0429V";
    e.category = "fraud";
    e.revoked_at = "2026-06-01T08:00:00Z";
    return e;
}

static struct tlog_entry key_event(enum tlog_entry_kind kind)
{
    struct tlog_entry e = {0};

    e.kind = kind;
    e.key_id = HEX_A;
    e.algorithm = "sm2-sm3";
    e.spki_sha256 = HEX_A;
    e.at = "2026-01-01T00:00:00Z";
    return e;
}

static struct tlog_entry audit_head(void)
{
    struct tlog_entry e = {0};

    e.kind = TLOG_ENTRY_AUDIT_HEAD;
    e.audit_row_id = 4711;
    e.head_sha256 = HEX_B;
    e.at = "2026-01-01T00:05:00Z";
    return e;
}

static void test_each_kind_has_its_exact_canonical_bytes(void)
{
    struct tlog_entry e[5] = {issued(), revoked(), key_event(TLOG_ENTRY_KEY_ACTIVATED),
                              key_event(TLOG_ENTRY_KEY_RETIRED), audit_head()};
    static const char *const want[5] = {
        "<entry xmlns=\"urn:tierd:log:1\"><certificateIssued><serial>LG-2026-01KR7SZC1V1AC0429V"
        "</serial><uscc>91370102MA3C4D5E7Q</uscc><tier>little-giant</tier><validFrom>2026-05-10"
        "</validFrom><validUntil>2029-05-09</validUntil><issuedAt>2026-05-10T02:03:04Z"
        "</issuedAt><certificateSha256>" HEX_B "</certificateSha256></certificateIssued>"
        "</entry>",
        "<entry xmlns=\"urn:tierd:log:1\"><certificateRevoked><serial>LG-2026-01KR7SZC1V1AC0429V"
        "</serial><category>fraud</category><revokedAt>2026-06-01T08:00:00Z</revokedAt>"
        "</certificateRevoked></entry>",
        "<entry xmlns=\"urn:tierd:log:1\"><keyActivated><keyId>" HEX_A "</keyId><algorithm>"
        "sm2-sm3</algorithm><spkiSha256>" HEX_A "</spkiSha256><at>2026-01-01T00:00:00Z</at>"
        "</keyActivated></entry>",
        "<entry xmlns=\"urn:tierd:log:1\"><keyRetired><keyId>" HEX_A "</keyId><algorithm>"
        "sm2-sm3</algorithm><spkiSha256>" HEX_A "</spkiSha256><at>2026-01-01T00:00:00Z</at>"
        "</keyRetired></entry>",
        "<entry xmlns=\"urn:tierd:log:1\"><auditHead><rowId>4711</rowId><headSha256>" HEX_B
        "</headSha256><at>2026-01-01T00:05:00Z</at></auditHead></entry>",
    };
    struct buf b;

    buf_init(&b, TLOG_ENTRY_MAX);
    for (int i = 0; i < 5; i++) {
        buf_reset(&b);
        CU_ASSERT_EQUAL(tlog_entry_encode(&e[i], &b, err, sizeof err), 0);
        CU_ASSERT_STRING_EQUAL(b.data ? b.data : "", want[i]);
    }
    buf_free(&b);
}

static void test_every_kind_is_valid_and_its_own_exclusive_c14n(void)
{
    struct tlog_entry e[5] = {issued(), revoked(), key_event(TLOG_ENTRY_KEY_ACTIVATED),
                              key_event(TLOG_ENTRY_KEY_RETIRED), audit_head()};
    struct buf b;

    buf_init(&b, TLOG_ENTRY_MAX);
    for (int i = 0; i < 5; i++) {
        xmlDocPtr doc;
        xmlSchemaValidCtxtPtr vc;
        xmlChar *c14n = NULL;
        int n;

        buf_reset(&b);
        CU_ASSERT_EQUAL_FATAL(tlog_entry_encode(&e[i], &b, err, sizeof err), 0);
        doc = xmlReadMemory(b.data, (int)b.len, "entry.xml", NULL, XML_PARSE_NONET);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        vc = xmlSchemaNewValidCtxt(schema);
        CU_ASSERT_EQUAL(xmlSchemaValidateDoc(vc, doc), 0);
        xmlSchemaFreeValidCtxt(vc);
        n = xmlC14NDocDumpMemory(doc, NULL, XML_C14N_EXCLUSIVE_1_0, NULL, 0, &c14n);
        CU_ASSERT_EQUAL(n, (int)b.len);
        CU_ASSERT_TRUE(c14n != NULL && memcmp(c14n, b.data, b.len) == 0);
        xmlFree(c14n);
        xmlFreeDoc(doc);
    }
    buf_free(&b);
}

static void refused(struct tlog_entry e, const char *why)
{
    struct buf b;

    buf_init(&b, TLOG_ENTRY_MAX);
    CU_ASSERT_EQUAL(tlog_entry_encode(&e, &b, err, sizeof err), -1);
    if (strstr(err, why) == NULL)
        fprintf(stderr, "\n  expected \"%s\" in \"%s\"\n", why, err);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, why));
    CU_ASSERT_EQUAL(b.len, 0);
    buf_free(&b);
}

static void test_bad_fields_are_refused_by_name_and_nothing_is_written(void)
{
    struct tlog_entry e;

    e = issued(), e.serial = "XX-2026-01KR7SZC1V1AC0429V";
    refused(e, "certificateIssued/serial");
    e = issued(), e.serial = "LG-2026-01KR7SZC1V1AC0429I"; /* I is not Crockford */
    refused(e, "certificateIssued/serial");
    e = issued(), e.uscc = "91370102MA3C4D5E7R"; /* wrong check character */
    refused(e, "certificateIssued/uscc");
    e = issued(), e.tier = "giant";
    refused(e, "certificateIssued/tier");
    e = issued(), e.valid_until = "2029-02-30";
    refused(e, "certificateIssued/validUntil");
    e = issued(), e.issued_at = "2026-05-10 02:03:04Z";
    refused(e, "certificateIssued/issuedAt");
    e = issued(), e.issued_at = "2026-05-10T24:00:00Z";
    refused(e, "issuedAt");
    e = issued(), e.cert_sha256 = HEX_A "0";
    refused(e, "certificateSha256");
    e = issued(), e.cert_sha256 = NULL;
    refused(e, "(missing)");
    e = revoked(), e.category = "Fraud";
    refused(e, "certificateRevoked/category");
    e = revoked(), e.category = "fraud<script>";
    refused(e, "category");
    e = key_event(TLOG_ENTRY_KEY_RETIRED), e.algorithm = "rsa";
    refused(e, "keyRetired/algorithm");
    e = key_event(TLOG_ENTRY_KEY_ACTIVATED), e.key_id = "ABCDEF";
    refused(e, "keyActivated/keyId");
    e = audit_head(), e.audit_row_id = 0;
    refused(e, "auditHead/rowId");
    e = audit_head(), e.kind = (enum tlog_entry_kind)42;
    refused(e, "unknown kind 42");
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("tlog entry", suite_init, suite_clean);
    CU_add_test(s, "each kind has its exact canonical bytes",
                test_each_kind_has_its_exact_canonical_bytes);
    CU_add_test(s, "every kind is valid and its own exclusive C14N",
                test_every_kind_is_valid_and_its_own_exclusive_c14n);
    CU_add_test(s, "bad fields are refused by name and nothing is written",
                test_bad_fields_are_refused_by_name_and_nothing_is_written);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
