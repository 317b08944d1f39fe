/*
 * config.c — the flat key/value settings of tierd and tierctl.
 *
 * A table maps each key to a field, its kind and its range, so files and
 * flags share one parser and `--help` prints from the same table. Numbers are
 * parsed with strtoll and checked for range and trailing garbage. Nothing here
 * touches the network; config_load_password reads one small file.
 * Single-threaded: used at start-up only.
 */
#include "tier/config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum kind {
    K_STR,
    K_INT,
    K_SIZE,
    K_LISTEN,
    K_LL,
    K_HOSTS,      /* db-host: one host or a Galera list */
    K_TIER_INT,   /* int[TIER_COUNT]: KEY sets every tier, KEY.TIER one */
    K_DEADLINE,   /* update-deadline[.TIER]: MM-DD or none */
    K_BAN_SCOPE,  /* tier | all */
    K_CATEGORIES, /* comma-separated revocation categories, or none */
    K_MISSED,     /* no-renewal | flag */
};

struct key {
    const char *name;
    enum kind kind;
    size_t off;       /* offset of the field in struct tier_config */
    size_t size;      /* field size for strings */
    long long min, max;
    const char *help;
};

#define STR(f) K_STR, offsetof(struct tier_config, f), sizeof(((struct tier_config *)0)->f)
#define NUM(f) offsetof(struct tier_config, f), 0
#define LC(f) offsetof(struct tier_config, lifecycle.f), 0

static const struct key keys[] = {
    {"listen", K_LISTEN, 0, 0, 0, 0, "HOST:PORT to serve HTTP on (default 127.0.0.1:8080; port 0 = any)"},
    {"port-file", STR(port_file), 0, 0, "write the bound port here once listening"},
    {"db-socket", STR(db_socket), 0, 0, "MariaDB Unix socket (wins over db-host)"},
    {"db-host", K_HOSTS, offsetof(struct tier_config, db_host),
     sizeof(((struct tier_config *)0)->db_host), 0, 0,
     "MariaDB host when no socket (default 127.0.0.1), or a list HOST:PORT,HOST:PORT,... of "
     "Galera nodes: the first that answers and is ready serves"},
    {"db-port", K_INT, NUM(db_port), 1, 65535, "MariaDB TCP port (default 3306)"},
    {"db-user", STR(db_user), 0, 0, "MariaDB user (default tierd)"},
    {"db-password-file", STR(db_password_file), 0, 0, "file holding the password, mode 0600"},
    {"db-name", STR(db_name), 0, 0, "database name (default tierd)"},
    {"db-owner", STR(db_owner), 0, 0,
     "MariaDB user owning the schema, used by tierctl (migrate, grants, backup, operator "
     "commands); tierd itself connects as db-user (default: none, db-user does everything)"},
    {"db-owner-password-file", STR(db_owner_password_file), 0, 0,
     "file holding db-owner's password, mode 0600; tierd never reads it"},
    {"db-role", STR(db_role), 0, 0,
     "role `tierctl migrate` grants tierd's runtime privileges (sql/runtime.grants) to; "
     "db-user gets it as its default role (default tierd_runtime)"},
    {"db-pool", K_INT, NUM(db_pool), 1, 256, "database connections kept open (default 8)"},
    {"db-timeout", K_INT, NUM(db_timeout), 1, 300,
     "seconds to connect, read or write, and a request's whole database budget (default 5)"},
    {"threads", K_INT, NUM(threads), 1, 256, "HTTP worker threads (default 4)"},
    {"store-batch", K_INT, NUM(store_batch), 1, 256,
     "applications stored together in one transaction when they arrive together "
     "(default 32; 1 = each in its own)"},
    {"max-body", K_SIZE, NUM(max_body), 1024, 256LL << 20, "largest request body in bytes (default 2097152)"},
    {"max-connections", K_INT, NUM(max_connections), 1, 100000, "concurrent HTTP connections (default 256)"},
    {"request-timeout", K_INT, NUM(request_timeout), 1, 3600, "seconds a connection may idle (default 30)"},
    {"max-connections-per-address", K_INT, NUM(max_per_address), 1, 100000,
     "concurrent HTTP connections from one client address (default 64; per daemon)"},
    {"body-budget", K_SIZE, NUM(body_budget), 64LL << 10, 64LL << 30,
     "bytes of request bodies held in memory at once, all connections together; a body that "
     "would go over it gets 503 (default 33554432)"},
    {"drain-timeout", K_INT, NUM(drain_timeout), 0, 3600,
     "seconds SIGTERM waits for in-flight requests before exiting (default 30)"},
    {"token-days", K_INT, NUM(token_days), 0, 3650,
     "days a token from `tierctl token issue` lives unless --days says (default 90; 0 = no "
     "expiry)"},
    {"auth-fail-limit", K_INT, NUM(auth_fail_limit), 1, 100000,
     "wrong bearer tokens from one address before it gets 429 for a back-off that doubles "
     "from 1 s to 15 min (default 10; per daemon, in memory)"},
    {"metrics-listen", STR(metrics_listen), 0, 0,
     "HOST:PORT serving /metrics and /healthz only, apart from the API (default: none)"},
    {"metrics-port-file", STR(metrics_port_file), 0, 0,
     "write the bound metrics port here once listening"},
    {"tls-cert", STR(tls_cert), 0, 0, "PEM certificate (chain) to serve HTTPS; with tls-key"},
    {"tls-key", STR(tls_key), 0, 0, "PEM private key for HTTPS, mode 0600"},
    {"sql-dir", STR(sql_dir), 0, 0, "folder of numbered migrations"},
    {"xsd-dir", STR(xsd_dir), 0, 0, "folder of the XML schemas"},
    {"web-dir", STR(web_dir), 0, 0, "folder of the page stylesheets (*.xsl) and tierd.css"},
    {"public-url", STR(public_url), 0, 0,
     "the registry's public address as people reach it (https://registry.example.cn), the base "
     "of the check URL printed on certificates as a QR code (default: http:// and the request's "
     "Host), and tierctl's address for tierd (default: http://LISTEN)"},
    {"public-rate", K_INT, NUM(public_rate), 0, 1000000,
     "public pages (certificate check) one client address may fetch per second, in bursts of "
     "twice that (default 20; 0 = no cap; per daemon)"},
    {"key-dir", STR(key_dir), 0, 0, "folder of signing keys (<keyid>.key, mode 0600)"},
    {"root-pub", STR(root_pub), 0, 0,
     "the offline root's public key (PEM, tierctl root generate): a key is activated and served "
     "as certified only with a certificate it signed (default <key-dir>/root.pub.pem)"},
    {"dev-root-dir", STR(dev_root_dir), 0, 0,
     "development only: a folder holding a root (root.key, root.pub.pem; made when missing) "
     "with which tierctl certifies a key it activates or generates for the log by itself; never "
     "set in production, where the root stays offline"},
    {"issuer", STR(issuer), 0, 0, "issuing authority on certificates (default 山东省工业和信息化厅)"},
    {"log-origin", STR(log_origin), 0, 0,
     "the transparency log's name, first line of its checkpoints (default tierd.invalid/log; "
     "printable ASCII, no space or +)"},
    {"checkpoint-interval", K_INT, NUM(checkpoint_interval), 1, 5,
     "seconds within which a grown log is sequenced and a checkpoint signed (default 2)"},
    {"audit-head-interval", K_INT, NUM(audit_head_interval), 0, 86400,
     "seconds between log entries committing to the audit chain's head (default 60; 0 = "
     "never)"},
    {"user", STR(user), 0, 0,
     "account to run as once bound (started as root: setgroups, setgid, setuid for good)"},
    {"leading-min-revenue", K_LL, NUM(leading_min_revenue_yuan), 0, 100000000000000LL,
     "领航: last year's revenue floor in yuan (0 = not set: a reviewer judges)"},
    {"leading-min-rd-bp", K_INT, NUM(leading_min_rd_bp), 0, 10000,
     "领航: R&D / revenue floor in basis points (300 = 3%; 0 = not set)"},
    {"leading-min-years", K_INT, NUM(leading_min_years), 0, 100,
     "领航: years in the field (0 = not set)"},
    {"leading-min-type1-ip", K_INT, NUM(leading_min_type1_ip), 0, 10000,
     "领航: valid class-I IP items (0 = not set)"},
    {"leading-max-liability-bp", K_INT, NUM(leading_max_liability_bp), 0, 10000,
     "领航: asset-liability ceiling in basis points (0 = not set)"},
    {"sme-industry-max-employees", K_INT, NUM(sme_industry_max_employees), 1, 10000000,
     "SME size, 工业 (GB/T 4754 06-46): an SME has fewer employees than this (default 1000)"},
    {"sme-industry-max-revenue", K_LL, NUM(sme_industry_max_revenue_yuan), 1, 100000000000000LL,
     "SME size, 工业: ... or less revenue in yuan than this (default 400000000)"},
    {"sme-software-max-employees", K_INT, NUM(sme_software_max_employees), 1, 10000000,
     "SME size, 软件和信息技术服务业 (65): fewer employees than this (default 300)"},
    {"sme-software-max-revenue", K_LL, NUM(sme_software_max_revenue_yuan), 1, 100000000000000LL,
     "SME size, 软件和信息技术服务业: ... or less revenue in yuan (default 100000000)"},
    {"notice-days", K_TIER_INT, LC(notice_days), 0, LIFECYCLE_NOTICE_DAYS_MAX,
     "公示 after approval in working days; notice-days.TIER for one tier (default 10 for "
     "high-tech, 5 for the others; 0 = issue at approval)"},
    {"validity-years", K_TIER_INT, LC(validity_years), 1, LIFECYCLE_VALIDITY_YEARS_MAX,
     "years a title is valid; validity-years.TIER for one tier (default: 3, tech-sme 1)"},
    {"update-deadline", K_DEADLINE, LC(update_month), 0, 0,
     "yearly data update deadline MM-DD or none; update-deadline.TIER for one tier (default "
     "tech-sme 03-31, innovative-sme 04-30, specialized-sme and single-champion 05-31, others "
     "none; Shandong's own dates are UNCONFIRMED)"},
    {"renewal-window-days", K_INT, LC(renewal_window_days), 0, LIFECYCLE_WINDOW_DAYS_MAX,
     "a renewal (复核) may be filed this many days before validUntil (default 90)"},
    {"ban-years", K_INT, LC(ban_years), 0, LIFECYCLE_BAN_YEARS_MAX,
     "years a fraud-type revocation bars new applications (default 3; 0 = no ban)"},
    {"ban-scope", K_BAN_SCOPE, LC(ban_all_tiers), 0, 0,
     "tier (the revoked tier only, default) or all (every tier)"},
    {"ban-categories", K_CATEGORIES, LC(ban_categories), 0, 0,
     "revocation categories that carry the ban, comma-separated, or none (default "
     "fraud,accident,dishonesty,tax)"},
    {"update-missed", K_MISSED, LC(update_missed_blocks_renewal), 0, 0,
     "a missed yearly update: no-renewal (loses the renewal right, default) or flag"},
    {"clock-file", STR(clock_file), 0, 0,
     "tests and drills only: a file holding YYYY-MM-DD that tierd takes as today"},
    {"schedule-interval", K_INT, NUM(schedule_interval), 0, 86400,
     "seconds between scheduled steps such as issuing after the notice (default 60; 0 = off)"},
    {"objection-rate", K_INT, NUM(objection_rate), 1, 10000,
     "objections one address may file per hour (default 5)"},
    {"title-checks", K_INT, NUM(title_checks), 0, 1,
     "1 (default): one valid title per enterprise and tier, and the ban after a fraud-type "
     "revocation, are enforced; 0 only while loading data from before them"},
};

void config_defaults(struct tier_config *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->listen_host, sizeof c->listen_host, "127.0.0.1");
    c->listen_port = 8080;
    snprintf(c->db_host, sizeof c->db_host, "127.0.0.1");
    c->db_port = 3306;
    snprintf(c->db_user, sizeof c->db_user, "tierd");
    snprintf(c->db_name, sizeof c->db_name, "tierd");
    snprintf(c->db_role, sizeof c->db_role, "tierd_runtime");
    c->db_pool = 8;
    c->db_timeout = 5;
    c->threads = 4;
    c->store_batch = 32;
    c->max_body = 2u << 20;
    c->max_connections = 256;
    c->request_timeout = 30;
    c->max_per_address = 64;
    c->body_budget = 32u << 20;
    c->drain_timeout = 30;
    c->token_days = 90;
    c->auth_fail_limit = 10;
    snprintf(c->sql_dir, sizeof c->sql_dir, "%s/sql", TIER_DATADIR);
    snprintf(c->xsd_dir, sizeof c->xsd_dir, "%s/xsd", TIER_DATADIR);
    snprintf(c->web_dir, sizeof c->web_dir, "%s/web", TIER_DATADIR);
    c->public_rate = 20;
    snprintf(c->key_dir, sizeof c->key_dir, "/etc/tierd/keys");
    snprintf(c->issuer, sizeof c->issuer, "山东省工业和信息化厅");
    snprintf(c->log_origin, sizeof c->log_origin, "tierd.invalid/log");
    c->checkpoint_interval = 2;
    c->audit_head_interval = 60;
    /* 工信部联企业〔2011〕300号 */
    c->sme_industry_max_employees = 1000;
    c->sme_industry_max_revenue_yuan = 400000000LL;
    c->sme_software_max_employees = 300;
    c->sme_software_max_revenue_yuan = 100000000LL;
    lifecycle_defaults(&c->lifecycle);
    c->schedule_interval = 60;
    c->objection_rate = 5;
    c->title_checks = 1;
}

static int per_tier(const struct key *k)
{
    return k->kind == K_TIER_INT || k->kind == K_DEADLINE;
}

/* The key called `name`, or for "KEY.TIER" the per-tier key KEY with *tier
 * set to TIER (TIER_NONE for a plain name: every tier). */
static const struct key *find_key_tier(const char *name, enum tier_id *tier)
{
    const char *dot = strchr(name, '.');
    size_t n = dot != NULL ? (size_t)(dot - name) : strlen(name);

    *tier = TIER_NONE;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (strncmp(keys[i].name, name, n) != 0 || keys[i].name[n] != '\0')
            continue;
        if (dot == NULL)
            return &keys[i];
        if (!per_tier(&keys[i]))
            return NULL;
        const struct tier_info *ti = tier_by_code(dot + 1);
        if (ti == NULL)
            return NULL;
        *tier = ti->id;
        return &keys[i];
    }
    return NULL;
}

static const struct key *find_key(const char *name)
{
    enum tier_id t;

    return find_key_tier(name, &t);
}

int config_has_key(const char *key)
{
    return find_key(key) != NULL;
}

static int parse_ll(const char *s, long long min, long long max, long long *out)
{
    char *end;
    long long v;

    if (*s == '\0' || isspace((unsigned char)*s))
        return -1;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int config_split_listen(const char *key, const char *v, char *host, size_t hostsz, int *port,
                        char *err, size_t errsz)
{
    const char *colon = strrchr(v, ':');
    long long p;
    size_t n;

    if (colon == NULL || colon == v) {
        snprintf(err, errsz, "%s: '%s' is not HOST:PORT (for example 127.0.0.1:8080)", key, v);
        return -1;
    }
    n = (size_t)(colon - v);
    if (n >= hostsz) {
        snprintf(err, errsz, "%s: host part of '%s' is too long", key, v);
        return -1;
    }
    if (parse_ll(colon + 1, 0, 65535, &p) != 0) {
        snprintf(err, errsz, "%s: port '%s' is not a number from 0 to 65535", key, colon + 1);
        return -1;
    }
    memcpy(host, v, n);
    host[n] = '\0';
    *port = (int)p;
    return 0;
}

/* update-deadline: "MM-DD" (a day that exists in a leap year) or "none". */
static int set_deadline(struct tier_config *c, enum tier_id tier, const char *v, char *err,
                        size_t errsz)
{
    int m = 0, d = 0, t;

    if (strcmp(v, "none") != 0) {
        if (strlen(v) != 5 || v[2] != '-' || !isdigit((unsigned char)v[0]) ||
            !isdigit((unsigned char)v[1]) || !isdigit((unsigned char)v[3]) ||
            !isdigit((unsigned char)v[4])) {
            snprintf(err, errsz, "update-deadline: '%s' is not MM-DD (for example 05-31) or none",
                     v);
            return -1;
        }
        m = (v[0] - '0') * 10 + (v[1] - '0');
        d = (v[3] - '0') * 10 + (v[4] - '0');
        if (!date_valid(2024, m, d)) {
            snprintf(err, errsz, "update-deadline: '%s' is not a day of the year", v);
            return -1;
        }
    }
    for (t = 0; t < TIER_COUNT; t++) {
        if (tier != TIER_NONE && t != (int)tier)
            continue;
        c->lifecycle.update_month[t] = m;
        c->lifecycle.update_day[t] = d;
    }
    return 0;
}

/* ban-categories: "fraud,tax" or "none"; each a revocation category code. */
static int set_categories(struct tier_config *c, const char *v, char *err, size_t errsz)
{
    unsigned int set = 0;
    const char *p = v;

    if (strcmp(v, "none") != 0) {
        for (;;) {
            const char *e = strchr(p, ',');
            size_t n = e != NULL ? (size_t)(e - p) : strlen(p);
            char word[32];
            enum revocation_category cat = REVOCATION_NONE;

            if (n > 0 && n < sizeof word) {
                memcpy(word, p, n);
                word[n] = '\0';
                cat = revocation_category_parse(word);
            }
            if (cat == REVOCATION_NONE) {
                snprintf(err, errsz,
                         "ban-categories: '%.*s' is not one of fraud, accident, dishonesty, "
                         "tax, request, other",
                         (int)(n < 32 ? n : 32), p);
                return -1;
            }
            set |= 1u << cat;
            if (e == NULL)
                break;
            p = e + 1;
        }
    }
    c->lifecycle.ban_categories = set;
    return 0;
}

/* A key whose value is one of two words, stored as 1 (first) or 0. */
static int set_word(int *field, const char *key, const char *v, const char *one,
                    const char *zero, char *err, size_t errsz)
{
    if (strcmp(v, one) == 0) {
        *field = 1;
        return 0;
    }
    if (strcmp(v, zero) == 0) {
        *field = 0;
        return 0;
    }
    snprintf(err, errsz, "%s: '%s' is neither %s nor %s", key, v, one, zero);
    return -1;
}

/* One "host", "host:port", "[v6]" or "[v6]:port" of n bytes at s. */
static int parse_host(const char *s, size_t n, int defport, struct config_db_host *h, char *err,
                      size_t errsz)
{
    const char *host = s, *port = NULL;
    const char *colon = memchr(s, ':', n);
    size_t hn = n;
    long long p;

    if (n > 0 && s[0] == '[') {
        const char *close = memchr(s, ']', n);
        if (close == NULL) {
            snprintf(err, errsz, "db-host: '%.*s' opens '[' without closing it", (int)n, s);
            return -1;
        }
        host = s + 1;
        hn = (size_t)(close - host);
        if (close + 1 < s + n) {
            if (close[1] != ':') {
                snprintf(err, errsz, "db-host: '%.*s': expected ':PORT' after ']'", (int)n, s);
                return -1;
            }
            port = close + 2;
        }
    } else if (colon != NULL && memchr(colon + 1, ':', n - (size_t)(colon - s) - 1) == NULL) {
        /* one colon: host:port (several: an IPv6 address without a port) */
        hn = (size_t)(colon - s);
        port = colon + 1;
    }
    if (hn == 0 || hn >= sizeof h->host) {
        snprintf(err, errsz, "db-host: '%.*s' has %s host name", (int)n, s,
                 hn == 0 ? "an empty" : "too long a");
        return -1;
    }
    memcpy(h->host, host, hn);
    h->host[hn] = '\0';
    h->port = defport;
    if (port != NULL) {
        char num[8];
        size_t pn = (size_t)(s + n - port);
        if (pn == 0 || pn >= sizeof num) {
            snprintf(err, errsz, "db-host: '%.*s': the port is not a number from 1 to 65535",
                     (int)n, s);
            return -1;
        }
        memcpy(num, port, pn);
        num[pn] = '\0';
        if (parse_ll(num, 1, 65535, &p) != 0) {
            snprintf(err, errsz, "db-host: '%.*s': the port '%s' is not a number from 1 to 65535",
                     (int)n, s, num);
            return -1;
        }
        h->port = (int)p;
    }
    return 0;
}

static int parse_hosts(const char *list, int defport,
                       struct config_db_host out[CONFIG_DB_HOSTS_MAX], char *err, size_t errsz)
{
    const char *s = list;
    int n = 0;

    for (;;) {
        const char *e = strchr(s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        while (len > 0 && isspace((unsigned char)*s)) {
            s++;
            len--;
        }
        while (len > 0 && isspace((unsigned char)s[len - 1]))
            len--;
        if (len == 0) {
            snprintf(err, errsz, "db-host: '%s' has an empty entry (HOST[:PORT],HOST[:PORT],...)",
                     list);
            return -1;
        }
        if (n == CONFIG_DB_HOSTS_MAX) {
            snprintf(err, errsz, "db-host: '%s' lists more than %d servers", list,
                     CONFIG_DB_HOSTS_MAX);
            return -1;
        }
        if (parse_host(s, len, defport, &out[n], err, errsz) != 0)
            return -1;
        n++;
        if (e == NULL)
            return n;
        s = e + 1;
    }
}

int config_db_hosts(const struct tier_config *c, struct config_db_host out[CONFIG_DB_HOSTS_MAX],
                    char *err, size_t errsz)
{
    return parse_hosts(c->db_host, c->db_port, out, err, errsz);
}

static int set_listen(struct tier_config *c, const char *v, char *err, size_t errsz)
{
    return config_split_listen("listen", v, c->listen_host, sizeof c->listen_host,
                               &c->listen_port, err, errsz);
}

int config_set(struct tier_config *c, const char *key, const char *value, char *err,
               size_t errsz)
{
    enum tier_id tier;
    const struct key *k = find_key_tier(key, &tier);
    char *base = (char *)c;
    long long v;

    if (k == NULL) {
        snprintf(err, errsz, "unknown key '%s' (tierd --help lists the keys)", key);
        return -1;
    }
    switch (k->kind) {
    case K_LISTEN:
        return set_listen(c, value, err, errsz);
    case K_DEADLINE:
        return set_deadline(c, tier, value, err, errsz);
    case K_BAN_SCOPE:
        return set_word(&c->lifecycle.ban_all_tiers, key, value, "all", "tier", err, errsz);
    case K_MISSED:
        return set_word(&c->lifecycle.update_missed_blocks_renewal, key, value, "no-renewal",
                        "flag", err, errsz);
    case K_CATEGORIES:
        return set_categories(c, value, err, errsz);
    case K_TIER_INT:
        if (parse_ll(value, k->min, k->max, &v) != 0) {
            snprintf(err, errsz, "%s: '%s' is not a whole number from %lld to %lld", key, value,
                     k->min, k->max);
            return -1;
        }
        for (int t = 0; t < TIER_COUNT; t++) {
            if (tier == TIER_NONE || t == (int)tier)
                ((int *)(void *)(base + k->off))[t] = (int)v;
        }
        return 0;
    case K_HOSTS: {
        struct config_db_host h[CONFIG_DB_HOSTS_MAX];
        if (parse_hosts(value, 3306, h, err, errsz) < 0)
            return -1;
    }
        /* fall through */
    case K_STR:
        if (strlen(value) >= k->size) {
            snprintf(err, errsz, "%s: value is longer than %zu bytes", key, k->size - 1);
            return -1;
        }
        memcpy(base + k->off, value, strlen(value) + 1);
        return 0;
    case K_INT:
    case K_SIZE:
    case K_LL:
        if (parse_ll(value, k->min, k->max, &v) != 0) {
            snprintf(err, errsz, "%s: '%s' is not a whole number from %lld to %lld", key, value,
                     k->min, k->max);
            return -1;
        }
        if (k->kind == K_INT)
            *(int *)(void *)(base + k->off) = (int)v;
        else if (k->kind == K_LL)
            *(long long *)(void *)(base + k->off) = v;
        else
            *(size_t *)(void *)(base + k->off) = (size_t)v;
        return 0;
    }
    return -1;
}

static char *trim(char *s)
{
    char *e;

    while (isspace((unsigned char)*s))
        s++;
    e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

int config_load_file(struct tier_config *c, const char *path, char *err, size_t errsz)
{
    FILE *f = fopen(path, "r");
    char line[1024], msg[512];
    int lineno = 0, rc = 0;

    if (f == NULL) {
        snprintf(err, errsz, "config file %s: %s", path, strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        char *p, *eq, *key, *val;

        lineno++;
        if (strchr(line, '\n') == NULL && !feof(f)) {
            snprintf(err, errsz, "%s:%d: line longer than %zu bytes", path, lineno, sizeof line);
            rc = -1;
            break;
        }
        p = trim(line);
        if (*p == '\0' || *p == '#')
            continue;
        eq = strchr(p, '=');
        if (eq == NULL) {
            snprintf(err, errsz, "%s:%d: expected 'key = value'", path, lineno);
            rc = -1;
            break;
        }
        *eq = '\0';
        key = trim(p);
        val = trim(eq + 1);
        if (config_set(c, key, val, msg, sizeof msg) != 0) {
            snprintf(err, errsz, "%s:%d: %s", path, lineno, msg);
            rc = -1;
            break;
        }
    }
    if (rc == 0 && ferror(f)) {
        snprintf(err, errsz, "config file %s: read error", path);
        rc = -1;
    }
    fclose(f);
    return rc;
}

int config_use_owner(struct tier_config *c)
{
    if (c->db_owner[0] == '\0')
        return 0;
    if (!c->as_owner) {
        snprintf(c->db_user, sizeof c->db_user, "%s", c->db_owner);
        snprintf(c->db_password_file, sizeof c->db_password_file, "%s",
                 c->db_owner_password_file);
        c->as_owner = 1;
    }
    return 1;
}

int config_load_password(struct tier_config *c, char *err, size_t errsz)
{
    const char *key = c->as_owner ? "db-owner-password-file" : "db-password-file";
    struct stat st;
    ssize_t n;
    int fd;

    c->password[0] = '\0';
    if (c->db_password_file[0] == '\0')
        return 0;
    fd = open(c->db_password_file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        snprintf(err, errsz, "%s %s: cannot read it: %s", key, c->db_password_file,
                 strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errsz, "%s %s: not a regular file", key, c->db_password_file);
        close(fd);
        return -1;
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        snprintf(err, errsz, "%s %s: mode %03o lets others read it; chmod 600 it",
                 key, c->db_password_file, (unsigned)(st.st_mode & 0777));
        close(fd);
        return -1;
    }
    n = read(fd, c->password, sizeof c->password - 1);
    close(fd);
    if (n < 0) {
        snprintf(err, errsz, "%s %s: %s", key, c->db_password_file, strerror(errno));
        return -1;
    }
    c->password[n] = '\0';
    while (n > 0 && (c->password[n - 1] == '\n' || c->password[n - 1] == '\r'))
        c->password[--n] = '\0';
    return 0;
}

void config_wipe(struct tier_config *c)
{
    if (c == NULL)
        return;
    /* volatile pointer so the compiler cannot drop the stores */
    volatile char *p = c->password;
    for (size_t i = 0; i < sizeof c->password; i++)
        p[i] = 0;
}

void config_print_keys(void *stream)
{
    FILE *f = stream;

    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        fprintf(f, "  --%-18s %s\n", keys[i].name, keys[i].help);
    fprintf(f, "  (TIER is a tier code: innovative-sme, tech-sme, tech-innovative-sme, "
               "specialized-sme, little-giant, single-champion, leading, high-tech, gazelle, "
               "unicorn)\n");
}

static const char *default_config_file(void)
{
    const char *env = getenv("TIERD_CONFIG");

    if (env != NULL && env[0] != '\0')
        return env;
    if (access("var/tierd.conf", R_OK) == 0)
        return "var/tierd.conf";
    if (access("/etc/tierd/tierd.conf", R_OK) == 0)
        return "/etc/tierd/tierd.conf";
    return NULL;
}

void config_source(const struct tier_config *c, char *out, size_t outsz)
{
    if (c->file[0] != '\0')
        snprintf(out, outsz, "config %s", c->file);
    else
        snprintf(out, outsz, "no config file found (looked in $TIERD_CONFIG, ./var/tierd.conf, "
                             "/etc/tierd/tierd.conf)");
}

enum config_args config_parse_args(struct tier_config *c, int argc, char **argv, int *next,
                                   int stop_at_unknown, char *used, size_t usedsz, char *err,
                                   size_t errsz)
{
    const char *file = NULL;
    char key[64], msg[512];
    int i;

    config_defaults(c);
    if (used != NULL && usedsz > 0)
        used[0] = '\0';
    /* First pass: --help, --version, --config. */
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0 || strncmp(a, "--", 2) != 0) {
            if (strcmp(a, "-h") == 0)
                return CONFIG_ARGS_HELP;
            break;
        }
        if (strcmp(a, "--help") == 0)
            return CONFIG_ARGS_HELP;
        if (strcmp(a, "--version") == 0)
            return CONFIG_ARGS_VERSION;
        if (strcmp(a, "--config") == 0) {
            if (i + 1 >= argc) {
                snprintf(err, errsz, "--config needs a file name");
                return CONFIG_ARGS_ERROR;
            }
            file = argv[++i];
        } else if (strncmp(a, "--config=", 9) == 0) {
            file = a + 9;
        } else if (strchr(a, '=') == NULL && config_has_key(a + 2)) {
            i++; /* skip the flag's value */
        }
    }
    if (file == NULL)
        file = default_config_file();
    if (file != NULL) {
        if (config_load_file(c, file, err, errsz) != 0)
            return CONFIG_ARGS_ERROR;
        snprintf(c->file, sizeof c->file, "%s", file);
        if (used != NULL)
            snprintf(used, usedsz, "%s", file);
    }
    /* Second pass: flags win over the file. */
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *eq, *val;
        size_t klen;

        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (strncmp(a, "--", 2) != 0)
            break;
        if (strcmp(a, "--config") == 0) {
            i++;
            continue;
        }
        if (strncmp(a, "--config=", 9) == 0)
            continue;
        eq = strchr(a, '=');
        klen = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
        if (klen >= sizeof key) {
            snprintf(err, errsz, "unknown option %s", a);
            return CONFIG_ARGS_ERROR;
        }
        memcpy(key, a + 2, klen);
        key[klen] = '\0';
        if (!config_has_key(key)) {
            if (stop_at_unknown)
                break;
            snprintf(err, errsz, "unknown option --%s (--help lists the options)", key);
            return CONFIG_ARGS_ERROR;
        }
        if (eq != NULL) {
            val = eq + 1;
        } else {
            if (i + 1 >= argc) {
                snprintf(err, errsz, "--%s needs a value", key);
                return CONFIG_ARGS_ERROR;
            }
            val = argv[++i];
        }
        if (config_set(c, key, val, msg, sizeof msg) != 0) {
            snprintf(err, errsz, "--%s", msg);
            return CONFIG_ARGS_ERROR;
        }
    }
    *next = i;
    return CONFIG_ARGS_OK;
}
