/*
 * cert.c — what a certificate says: serials, levels, validity, field checks,
 * and the certificate element written from and read back into struct cert
 * (see include/tier/sign.h; the schema is xsd/certificate.xsd).
 *
 * The element is written by hand into a capped buffer with a fixed layout
 * (one child per line, two-space indent, namespace declared on the element
 * itself) and always re-canonicalised before signing (cert_sign.c), so the
 * layout here is cosmetic: what is signed is the exclusive C14N form. Reading
 * is strict: exactly the eleven children in order, whitespace between them,
 * no other node types, no unknown attributes; a reader that accepts extra
 * content would let a document say more than its signature covers.
 *
 * Serials need no counter: tier, year, the millisecond clock and 40 random
 * bits (RAND_bytes), so issuing stays lock-free on a Galera cluster.
 *
 * Threads: no shared state (RAND_bytes is thread-safe in OpenSSL 3).
 * Failure: -1 with a sentence in err naming the field; outputs undefined.
 */
#include "sign_int.h"

#include "tier/utf8.h"

#include <assert.h>
#include <string.h>

#include <openssl/rand.h>

/* Crockford's base32: digits and upper-case letters without I L O U. */
static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* Two letters per tier, indexed by enum tier_id. Stable: they are in serials. */
static const char *const serial_prefix[TIER_COUNT] = {
    [TIER_INNOVATIVE_SME] = "IS", [TIER_TECH_SME] = "TS",
    [TIER_TECH_INNOVATIVE_SME] = "TI", [TIER_SPECIALIZED_SME] = "SS",
    [TIER_LITTLE_GIANT] = "LG", [TIER_SINGLE_CHAMPION] = "SC",
    [TIER_LEADING] = "LD", [TIER_HIGH_TECH] = "HT",
    [TIER_GAZELLE] = "GZ", [TIER_UNICORN] = "UN",
};

/* ---- levels and statuses ------------------------------------------------------------ */

const char *cert_level_name(enum cert_level l)
{
    switch (l) {
    case CERT_LEVEL_PROVINCIAL:
        return "provincial";
    case CERT_LEVEL_NATIONAL:
        return "national";
    }
    return NULL;
}

const char *cert_level_name_zh(enum cert_level l)
{
    switch (l) {
    case CERT_LEVEL_PROVINCIAL:
        return "省级";
    case CERT_LEVEL_NATIONAL:
        return "国家级";
    }
    return NULL;
}

int cert_level_parse(const char *s, enum cert_level *out)
{
    if (s == NULL)
        return -1;
    if (strcmp(s, "provincial") == 0) {
        *out = CERT_LEVEL_PROVINCIAL;
        return 0;
    }
    if (strcmp(s, "national") == 0) {
        *out = CERT_LEVEL_NATIONAL;
        return 0;
    }
    return -1;
}

enum cert_level cert_level_for_tier(enum tier_id tier)
{
    /* domain.md §1, "Who decides": MIIT (小巨人, 单项冠军, 领航), the national
     * 科技型 database, and 高新技术企业 recognised under the national leading
     * group are national titles; the province's own are provincial. */
    switch (tier) {
    case TIER_TECH_SME:
    case TIER_LITTLE_GIANT:
    case TIER_SINGLE_CHAMPION:
    case TIER_LEADING:
    case TIER_HIGH_TECH:
        return CERT_LEVEL_NATIONAL;
    default:
        return CERT_LEVEL_PROVINCIAL;
    }
}

enum cert_status cert_status_on(const struct cert *c, const struct tier_date *day)
{
    if (date_cmp(day, &c->valid_from) < 0)
        return CERT_STATUS_NOT_YET_VALID;
    if (date_cmp(&c->valid_until, day) < 0)
        return CERT_STATUS_EXPIRED;
    return CERT_STATUS_CURRENT;
}

const char *cert_status_name(enum cert_status s)
{
    switch (s) {
    case CERT_STATUS_CURRENT:
        return "current";
    case CERT_STATUS_EXPIRED:
        return "expired";
    case CERT_STATUS_NOT_YET_VALID:
        return "not-yet-valid";
    }
    return "unknown";
}

/* ---- serials ------------------------------------------------------------------------ */

const char *cert_serial_prefix(enum tier_id tier)
{
    if ((int)tier < 0 || (int)tier >= TIER_COUNT)
        return NULL;
    return serial_prefix[tier];
}

#define MS_MAX ((int64_t)1 << 48) /* the time part's range: until the year 10889 */

int cert_serial_new(enum tier_id tier, int64_t unix_ms, char out[CERT_SERIAL_LEN + 1])
{
    const char *prefix = cert_serial_prefix(tier);
    unsigned char rnd[5];
    uint64_t t, r = 0;
    struct tier_date d;
    int64_t cst_days;
    char *p;

    if (prefix == NULL || unix_ms < 0 || unix_ms >= MS_MAX)
        return -1;
    /* The year in China Standard Time, the registry's reference zone. */
    cst_days = (unix_ms / 1000 + 8 * 3600) / 86400;
    d = date_from_days((long)cst_days);
    if (d.y < 1970 || d.y > 9999)
        return -1;
    if (RAND_bytes(rnd, sizeof rnd) != 1)
        return -1;
    for (size_t i = 0; i < sizeof rnd; i++)
        r = (r << 8) | rnd[i];
    memcpy(out, prefix, 2);
    out[2] = '-';
    out[3] = (char)('0' + d.y / 1000);
    out[4] = (char)('0' + d.y / 100 % 10);
    out[5] = (char)('0' + d.y / 10 % 10);
    out[6] = (char)('0' + d.y % 10);
    out[7] = '-';
    p = out + 8;
    t = (uint64_t)unix_ms;
    for (int i = 9; i >= 0; i--) { /* 10 digits, 50 bits, the top two zero */
        p[i] = b32[t & 31];
        t >>= 5;
    }
    for (int i = 17; i >= 10; i--) { /* 8 digits, exactly the 40 random bits */
        p[i] = b32[r & 31];
        r >>= 5;
    }
    out[CERT_SERIAL_LEN] = '\0';
    return 0;
}

int cert_serial_valid(const char *s)
{
    int known = 0;

    if (s == NULL || strlen(s) != CERT_SERIAL_LEN)
        return 0;
    for (int i = 0; i < TIER_COUNT; i++)
        if (memcmp(s, serial_prefix[i], 2) == 0)
            known = 1;
    if (!known || s[2] != '-' || s[7] != '-')
        return 0;
    for (int i = 3; i < 7; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    for (int i = 8; i < CERT_SERIAL_LEN; i++)
        if (s[i] == '\0' || strchr(b32, s[i]) == NULL)
            return 0;
    return 1;
}

/* ---- validity ----------------------------------------------------------------------- */

struct tier_date cert_valid_until(enum tier_id tier, const struct tier_date *from)
{
    const struct tier_info *ti = tier_get(tier);

    assert(ti != NULL);
    return date_validity_end(from, ti->validity_years);
}

/* ---- field checks ------------------------------------------------------------------- */

/* 1 when the n bytes at s are well-formed UTF-8 of characters XML allows in
 * text, without control characters (no tab or newline either). */
static int text_ok(const unsigned char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);

        /* no C0 or C1 control (tab and newline neither), no DEL */
        if (len == 0 || !utf8_is_xml_char(cp) || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
            return 0;
        i += len;
    }
    return 1;
}

static int check_text(const char *what, const char *s, size_t cap, char *err, size_t errlen)
{
    size_t n = strnlen(s, cap + 1);

    if (n == 0) {
        sign_errf(err, errlen, "%s is empty", what);
        return -1;
    }
    if (n > cap) {
        sign_errf(err, errlen, "%s is longer than %zu bytes", what, cap);
        return -1;
    }
    if (!text_ok((const unsigned char *)s, n)) {
        sign_errf(err, errlen, "%s is not UTF-8 text without control characters", what);
        return -1;
    }
    if (s[0] == ' ' || s[n - 1] == ' ') {
        sign_errf(err, errlen, "%s begins or ends with a space", what);
        return -1;
    }
    return 0;
}

#define MAX_UNIX_SECONDS 253402300799LL /* 9999-12-31T23:59:59Z */

int cert_check(const struct cert *c, char *err, size_t errlen)
{
    enum uscc_error ue;

    if (!cert_serial_valid(c->serial)) {
        sign_errf(err, errlen, "serial is not of the form TT-YYYY-XXXXXXXXXXXXXXXXXX");
        return -1;
    }
    ue = uscc_check(c->uscc, strnlen(c->uscc, sizeof c->uscc), NULL);
    if (ue != USCC_OK) {
        sign_errf(err, errlen, "uscc: %s", uscc_strerror(ue));
        return -1;
    }
    if (check_text("enterprise name", c->name, CERT_NAME_MAX, err, errlen) != 0)
        return -1;
    if (tier_get(c->tier) == NULL) {
        sign_errf(err, errlen, "tier %d is not a known tier", (int)c->tier);
        return -1;
    }
    if (cert_level_name(c->level) == NULL) {
        sign_errf(err, errlen, "level %d is not provincial or national", (int)c->level);
        return -1;
    }
    if (rule_set_name(c->rule_set) == NULL) {
        sign_errf(err, errlen, "rule set %d is not 2022 or 2026", (int)c->rule_set);
        return -1;
    }
    if (!date_valid(c->valid_from.y, c->valid_from.m, c->valid_from.d) ||
        !date_valid(c->valid_until.y, c->valid_until.m, c->valid_until.d)) {
        sign_errf(err, errlen, "validFrom or validUntil is not a real date");
        return -1;
    }
    if (date_cmp(&c->valid_until, &c->valid_from) < 0) {
        sign_errf(err, errlen, "validUntil is before validFrom");
        return -1;
    }
    if (c->issued_at < 0 || c->issued_at > MAX_UNIX_SECONDS) {
        sign_errf(err, errlen, "issuedAt is out of range");
        return -1;
    }
    if (check_text("issuer", c->issuer, CERT_ISSUER_MAX, err, errlen) != 0)
        return -1;
    return 0;
}

int cert_prepare(struct cert *c, enum tier_id tier, const char *uscc, const char *name,
                 enum rule_set rs, const struct tier_date *valid_from, int64_t now_ms,
                 char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    if (tier_get(tier) == NULL) {
        sign_errf(err, errlen, "tier %d is not a known tier", (int)tier);
        return -1;
    }
    if (uscc == NULL || strlen(uscc) != USCC_LEN) {
        sign_errf(err, errlen, "uscc must be %d characters", USCC_LEN);
        return -1;
    }
    if (name == NULL || strlen(name) > CERT_NAME_MAX) {
        sign_errf(err, errlen, "enterprise name is missing or longer than %d bytes",
                  CERT_NAME_MAX);
        return -1;
    }
    if (valid_from == NULL || !date_valid(valid_from->y, valid_from->m, valid_from->d) ||
        valid_from->y > 9990) {
        sign_errf(err, errlen, "validFrom is not a real date");
        return -1;
    }
    if (cert_serial_new(tier, now_ms, c->serial) != 0) {
        sign_errf(err, errlen, "cannot make a serial (clock out of range or no randomness)");
        return -1;
    }
    memcpy(c->uscc, uscc, USCC_LEN + 1);
    memcpy(c->name, name, strlen(name) + 1);
    memcpy(c->issuer, CERT_DEFAULT_ISSUER, sizeof CERT_DEFAULT_ISSUER);
    c->tier = tier;
    c->level = cert_level_for_tier(tier);
    c->rule_set = rs;
    c->valid_from = *valid_from;
    c->valid_until = cert_valid_until(tier, valid_from);
    c->issued_at = now_ms / 1000;
    return cert_check(c, err, errlen);
}

/* ---- writing the element ------------------------------------------------------------ */

/* "YYYY-MM-DDTHH:MM:SSZ" for Unix seconds t (0 <= t <= MAX_UNIX_SECONDS). */
static void format_instant(int64_t t, char out[21])
{
    struct tier_date d = date_from_days((long)(t / 86400));
    unsigned s = (unsigned)(t % 86400);
    unsigned hms[3] = {s / 3600, s / 60 % 60, s % 60};

    date_format(&d, out); /* 10 characters and a NUL */
    out[10] = 'T';
    for (int i = 0; i < 3; i++) {
        out[11 + 3 * i] = (char)('0' + hms[i] / 10);
        out[12 + 3 * i] = (char)('0' + hms[i] % 10);
        out[13 + 3 * i] = i < 2 ? ':' : 'Z';
    }
    out[20] = '\0';
}

static int add_elem(struct buf *b, const char *name, const char *text)
{
    if (buf_printf(b, "  <%s>", name) != 0 || buf_adds_xml(b, text) != 0 ||
        buf_printf(b, "</%s>\n", name) != 0)
        return -1;
    return 0;
}

int cert_xml_write(const struct cert *c, struct buf *out)
{
    const struct tier_info *ti = tier_get(c->tier);
    char from[11], until[11], issued[21];

    assert(ti != NULL);
    date_format(&c->valid_from, from);
    date_format(&c->valid_until, until);
    format_instant(c->issued_at, issued);
    if (buf_adds(out, "<certificate xmlns=\"" CERT_NS "\">\n") != 0 ||
        add_elem(out, "serial", c->serial) != 0 || add_elem(out, "uscc", c->uscc) != 0 ||
        add_elem(out, "enterpriseName", c->name) != 0 ||
        buf_printf(out, "  <tier code=\"%s\">", ti->code) != 0 ||
        buf_adds_xml(out, ti->name_zh) != 0 || buf_adds(out, "</tier>\n") != 0 ||
        buf_printf(out, "  <level code=\"%s\">%s</level>\n", cert_level_name(c->level),
                   cert_level_name_zh(c->level)) != 0 ||
        add_elem(out, "ruleSet", rule_set_name(c->rule_set)) != 0 ||
        add_elem(out, "validFrom", from) != 0 || add_elem(out, "validUntil", until) != 0 ||
        add_elem(out, "issuedAt", issued) != 0 || add_elem(out, "issuer", c->issuer) != 0 ||
        add_elem(out, "keyId", c->key_id) != 0 || buf_adds(out, "</certificate>") != 0)
        return -1;
    return 0;
}

/* ---- reading the element ------------------------------------------------------------ */

static int is_blank(const xmlChar *s)
{
    for (; s != NULL && *s != '\0'; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

static int in_ns(const xmlNode *n)
{
    return n->ns != NULL && xmlStrEqual(n->ns->href, BAD_CAST CERT_NS);
}

/* Copy the text content of a leaf element `el` into out (cap bytes + NUL):
 * only text children, no attributes except `attr` (its value copied to
 * attr_out, attr_cap), no empty content. 0 or -1 with err. */
static int leaf_text(const xmlNode *el, char *out, size_t cap, const char *attr, char *attr_out,
                     size_t attr_cap, char *err, size_t errlen)
{
    const xmlNode *ch;
    const xmlAttr *a;
    size_t n = 0;
    int seen_attr = 0;

    for (a = el->properties; a != NULL; a = a->next) {
        xmlChar *v;
        size_t vl;

        if (attr == NULL || a->ns != NULL || !xmlStrEqual(a->name, BAD_CAST attr)) {
            sign_errf(err, errlen, "unexpected attribute %s on <%s>", (const char *)a->name,
                      (const char *)el->name);
            return -1;
        }
        v = xmlNodeGetContent((const xmlNode *)a);
        vl = v != NULL ? strlen((const char *)v) : 0;
        if (v == NULL || vl == 0 || vl > attr_cap) {
            xmlFree(v);
            sign_errf(err, errlen, "attribute %s on <%s> is empty or too long", attr,
                      (const char *)el->name);
            return -1;
        }
        memcpy(attr_out, v, vl + 1);
        xmlFree(v);
        seen_attr = 1;
    }
    if (attr != NULL && !seen_attr) {
        sign_errf(err, errlen, "<%s> has no %s attribute", (const char *)el->name, attr);
        return -1;
    }
    for (ch = el->children; ch != NULL; ch = ch->next) {
        size_t l;

        if (ch->type != XML_TEXT_NODE) {
            sign_errf(err, errlen, "<%s> may hold only text", (const char *)el->name);
            return -1;
        }
        l = strlen((const char *)ch->content);
        if (l > cap - n) {
            sign_errf(err, errlen, "<%s> is longer than %zu bytes", (const char *)el->name, cap);
            return -1;
        }
        memcpy(out + n, ch->content, l);
        n += l;
    }
    out[n] = '\0';
    if (n == 0) {
        sign_errf(err, errlen, "<%s> is empty", (const char *)el->name);
        return -1;
    }
    return 0;
}

static int parse_2digits(const char *s, int *out)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return -1;
    *out = (s[0] - '0') * 10 + (s[1] - '0');
    return 0;
}

/* "YYYY-MM-DDTHH:MM:SSZ" exactly, into Unix seconds. 0 or -1. */
static int parse_instant(const char *s, int64_t *out)
{
    struct tier_date d;
    int h, m, sec;

    if (strlen(s) != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
        return -1;
    if (date_parse(s, 10, &d) != 0 || d.y < 1970 || parse_2digits(s + 11, &h) != 0 ||
        parse_2digits(s + 14, &m) != 0 || parse_2digits(s + 17, &sec) != 0 || h > 23 ||
        m > 59 || sec > 59)
        return -1;
    *out = (int64_t)date_to_days(&d) * 86400 + h * 3600 + m * 60 + sec;
    return 0;
}

static int is_key_id(const char *s)
{
    size_t n = strlen(s);

    if (n != SIGN_KEY_ID_LEN)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return 1;
}

enum field {
    F_SERIAL, F_USCC, F_NAME, F_TIER, F_LEVEL, F_RULESET, F_FROM, F_UNTIL, F_ISSUED,
    F_ISSUER, F_KEYID, F_COUNT
};

static const char *const field_names[F_COUNT] = {
    "serial", "uscc", "enterpriseName", "tier", "level", "ruleSet",
    "validFrom", "validUntil", "issuedAt", "issuer", "keyId",
};

int cert_xml_read(const xmlNode *el, struct cert *c, char *err, size_t errlen)
{
    char text[CERT_NAME_MAX > CERT_ISSUER_MAX ? CERT_NAME_MAX + 1 : CERT_ISSUER_MAX + 1];
    char code[64];
    const struct tier_info *ti;
    const xmlNode *ch;
    int f = 0;

    memset(c, 0, sizeof *c);
    if (el->properties != NULL) {
        sign_errf(err, errlen, "unexpected attribute on <certificate>");
        return -1;
    }
    for (ch = el->children; ch != NULL; ch = ch->next) {
        if (ch->type == XML_TEXT_NODE && is_blank(ch->content))
            continue;
        if (ch->type != XML_ELEMENT_NODE) {
            sign_errf(err, errlen, "<certificate> holds something other than its fields");
            return -1;
        }
        if (f == F_COUNT || !in_ns(ch) || !xmlStrEqual(ch->name, BAD_CAST field_names[f])) {
            sign_errf(err, errlen, "unexpected element <%s> in <certificate> (expected %s)",
                      (const char *)ch->name, f < F_COUNT ? field_names[f] : "the end");
            return -1;
        }
        if (leaf_text(ch, text, sizeof text - 1, (f == F_TIER || f == F_LEVEL) ? "code" : NULL,
                      code, sizeof code - 1, err, errlen) != 0)
            return -1;
        switch (f) {
        case F_SERIAL:
            if (!cert_serial_valid(text))
                goto bad;
            memcpy(c->serial, text, CERT_SERIAL_LEN + 1);
            break;
        case F_USCC:
            if (strlen(text) != USCC_LEN)
                goto bad;
            memcpy(c->uscc, text, USCC_LEN + 1);
            break;
        case F_NAME:
            if (strlen(text) > CERT_NAME_MAX)
                goto bad;
            memcpy(c->name, text, strlen(text) + 1);
            break;
        case F_TIER:
            ti = tier_by_code(code);
            if (ti == NULL || strcmp(text, ti->name_zh) != 0)
                goto bad;
            c->tier = ti->id;
            break;
        case F_LEVEL:
            if (cert_level_parse(code, &c->level) != 0 ||
                strcmp(text, cert_level_name_zh(c->level)) != 0)
                goto bad;
            break;
        case F_RULESET:
            c->rule_set = rule_set_by_name(text);
            if (c->rule_set == RULESET_NONE)
                goto bad;
            break;
        case F_FROM:
            if (date_parse(text, strlen(text), &c->valid_from) != 0)
                goto bad;
            break;
        case F_UNTIL:
            if (date_parse(text, strlen(text), &c->valid_until) != 0)
                goto bad;
            break;
        case F_ISSUED:
            if (parse_instant(text, &c->issued_at) != 0)
                goto bad;
            break;
        case F_ISSUER:
            if (strlen(text) > CERT_ISSUER_MAX)
                goto bad;
            memcpy(c->issuer, text, strlen(text) + 1);
            break;
        case F_KEYID:
            if (!is_key_id(text))
                goto bad;
            memcpy(c->key_id, text, SIGN_KEY_ID_LEN + 1);
            break;
        }
        f++;
    }
    if (f != F_COUNT) {
        sign_errf(err, errlen, "<certificate> lacks <%s>", field_names[f]);
        return -1;
    }
    return cert_check(c, err, errlen);
bad:
    sign_errf(err, errlen, "<%s> has a value that is not allowed", field_names[f]);
    return -1;
}
