/*
 * config.h — settings shared by tierd and tierctl.
 *
 * One flat set of keys. A config file holds `key = value` lines (# comments,
 * blank lines); a command-line flag `--key VALUE` or `--key=VALUE` sets the
 * same key and wins over the file. Unknown keys and bad values are refused
 * with one sentence naming the key and, for files, the line.
 */
#ifndef TIER_CONFIG_H
#define TIER_CONFIG_H

#include <stddef.h>

#include "tier/lifecycle.h"

#define CONFIG_PATH_MAX 512

struct tier_config {
    char listen_host[64];            /* "127.0.0.1" */
    int listen_port;                 /* 0..65535; 0 = any free port */
    char port_file[CONFIG_PATH_MAX]; /* where tierd writes the bound port, or "" */
    char db_socket[CONFIG_PATH_MAX]; /* Unix socket; wins over host/port when set */
    char db_host[256];               /* TCP host, or a list "h:p,h:p,..." (Galera), when no
                                        socket: see config_db_hosts */
    int db_port;                     /* TCP port of a db-host without one, default 3306 */
    char db_user[128];
    char db_password_file[CONFIG_PATH_MAX]; /* file holding the password; "" = none */
    char db_name[128];
    char db_owner[128];              /* the schema's owner (tierctl: migrate, grants, backup,
                                        operator commands); "" = db-user does everything */
    char db_owner_password_file[CONFIG_PATH_MAX]; /* the owner's password file, mode 0600 */
    char db_role[64];                /* the role tierctl migrate grants tierd's runtime
                                        privileges to (sql/runtime.grants) */
    int as_owner;                    /* 1 once config_use_owner switched db_user to the owner */
    int db_pool;                     /* connections kept, 1..256 */
    int db_timeout;                  /* seconds for connect/read/write and a request's
                                        whole database budget, 1..300 */
    int threads;                     /* HTTP worker threads, 1..256 */
    int store_batch;                 /* applications per transaction at most, 1..256 */
    size_t max_body;                 /* bytes; a larger request body gets 413 */
    int max_connections;             /* concurrent HTTP connections */
    int request_timeout;             /* seconds of inactivity before a connection is cut */
    int max_per_address;             /* concurrent connections from one client address */
    size_t body_budget;              /* bytes: request bodies in memory at once, all together */
    int drain_timeout;               /* seconds SIGTERM waits for in-flight requests */
    int token_days;                  /* days a new token lives unless --days says; 0 = forever */
    int auth_fail_limit;             /* wrong tokens from one address before it must wait */
    char metrics_listen[96];         /* HOST:PORT serving only /metrics and /healthz, or "" */
    char metrics_port_file[CONFIG_PATH_MAX]; /* where the bound metrics port goes, or "" */
    char tls_cert[CONFIG_PATH_MAX];  /* PEM certificate chain for HTTPS, or "" for plain HTTP */
    char tls_key[CONFIG_PATH_MAX];   /* PEM private key, mode 0600; set with tls_cert */
    char sql_dir[CONFIG_PATH_MAX];   /* migrations */
    char xsd_dir[CONFIG_PATH_MAX];   /* schemas */
    char web_dir[CONFIG_PATH_MAX];   /* page stylesheets and tierd.css */
    char public_url[256];            /* "https://registry.example.cn": the QR codes' base; "" = from Host */
    int public_rate;                 /* public pages per second per client address; 0 = no cap */
    char key_dir[CONFIG_PATH_MAX];   /* signing keys: <keyid>.key (mode 0600), <keyid>.pub.pem */
    char root_pub[CONFIG_PATH_MAX];  /* the trusted root's public key (PEM); "" = key_dir/root.pub.pem */
    char dev_root_dir[CONFIG_PATH_MAX]; /* development only: a root (root.key, root.pub.pem) tierctl certifies with by
                                           itself (made when missing); "" = none */
    char issuer[256];                /* issuing authority named on certificates */
    char log_origin[256];            /* the transparency log's name in its checkpoints */
    int checkpoint_interval;         /* seconds between sequencing/checkpoint steps, 1..5 */
    int audit_head_interval;         /* seconds between audit-head log entries, 0 = never */
    char user[64];                   /* account tierd runs as once bound (started as
                                        root: it drops to it for good); "" = none */
    /* 制造业领航企业 has no published criteria (domain.md §8a): its thresholds
     * are configuration, entered from the official notice; 0 = not set, and
     * the criterion is then a reviewer's (needs-review). */
    long long leading_min_revenue_yuan; /* last year's revenue, whole yuan */
    int leading_min_rd_bp;           /* R&D / revenue, basis points (300 = 3%) */
    int leading_min_years;           /* years in the field to 31 Dec of last year */
    int leading_min_type1_ip;        /* valid class-I IP items */
    int leading_max_liability_bp;    /* asset-liability ratio ceiling, basis points */
    /* SME size limits of the 300号 table (domain.md §11): an SME has fewer
     * employees OR less revenue than these; defaults are the 2011 figures. */
    int sme_industry_max_employees;          /* 工业 (GB/T 4754 06–46): 1000 */
    long long sme_industry_max_revenue_yuan; /* 工业: 400000000 (4亿) */
    int sme_software_max_employees;          /* 软件和信息技术服务业 (65): 300 */
    long long sme_software_max_revenue_yuan; /* 软件和信息技术服务业: 100000000 (1亿) */
    /* A title's life (issue 17; lifecycle.h): notice days, validity, update
     * deadlines, renewal window, ban. Keys: notice-days[.TIER],
     * validity-years[.TIER], update-deadline[.TIER], renewal-window-days,
     * ban-years, ban-scope, ban-categories, update-missed. A key without
     * .TIER sets every tier; lines apply in order, so set it first. */
    struct lifecycle_policy lifecycle;
    char clock_file[CONFIG_PATH_MAX]; /* test and drill hook: a file holding the date
                                         (YYYY-MM-DD) tierd takes as today; "" = the clock */
    int schedule_interval;           /* seconds between the scheduled steps (notice over ->
                                        issue); 0 = none in this daemon */
    int objection_rate;              /* objections one address may file per hour */
    int title_checks;                /* 1: one valid title per tier and the ban are enforced
                                        (default); 0 only for data loaded before issue 17 */
    char password[256];              /* loaded by config_load_password; wiped by config_wipe */
    char file[CONFIG_PATH_MAX];      /* the config file config_parse_args read, or "" */
};

/* One database server of db-host's list. */
#define CONFIG_DB_HOSTS_MAX 8
struct config_db_host {
    char host[256]; /* name or address, IPv6 without its brackets */
    int port;
};

/* Split db-host into its servers, in order: "db1", "db1:3307",
 * "10.0.0.1:3306,10.0.0.2:3306,[fd00::3]:3306". A server written without a
 * port takes db-port. Returns how many (1..CONFIG_DB_HOSTS_MAX), or -1 with a
 * sentence in err (config_set refuses such a db-host already). */
int config_db_hosts(const struct tier_config *c, struct config_db_host out[CONFIG_DB_HOSTS_MAX],
                    char *err, size_t errsz);

/* Fill in the defaults (listen 127.0.0.1:8080, db-name tierd, 2 MiB body,
 * threads 4, pool 8, …). Can't fail. */
void config_defaults(struct tier_config *c);

/* Set one key from text. 0 on success; -1 with a sentence in err on an
 * unknown key or a bad value (c unchanged for that key). */
int config_set(struct tier_config *c, const char *key, const char *value, char *err,
               size_t errsz);

/* Read a config file. 0 on success; -1 with "FILE:LINE: …" in err. Keys set
 * before the first error stay set. */
int config_load_file(struct tier_config *c, const char *path, char *err, size_t errsz);

/* Read the password file into c->password (trailing newline dropped). The
 * file must be a regular file not readable or writable by group or others.
 * 0 on success or when no file is configured; -1 with a sentence in err. */
int config_load_password(struct tier_config *c, char *err, size_t errsz);

/* Act as the schema's owner: when db-owner is set, db_user and
 * db_password_file become db-owner and db-owner-password-file (password
 * errors then name that key). tierctl calls it; tierd never does. Returns 1
 * when switched, 0 when no owner is configured (c unchanged). Can't fail. */
int config_use_owner(struct tier_config *c);

/* Split "HOST:PORT" (the form of `listen` and `metrics-listen`) into host
 * and port. 0; or -1 with a sentence naming `key` in err (outputs unchanged). */
int config_split_listen(const char *key, const char *v, char *host, size_t hostsz, int *port,
                        char *err, size_t errsz);

/* Overwrite the password in memory. NULL is fine. */
void config_wipe(struct tier_config *c);

/* Check what the settings point at, without touching the database or the
 * network (tierd --check-config): the password file (regular, not readable
 * by group or others), the folders of migrations and schemas, the key folder
 * (a folder of mode 0700 whose *.key files are regular and 0600, each with
 * its .pub.pem), the db-socket's folder, and the `user` account. Calls
 * report(ctx, line) once per problem with one sentence naming the key, the
 * path and what to do; returns the number of problems (0: all fine). */
int config_check(const struct tier_config *c, void (*report)(void *ctx, const char *line),
                 void *ctx);

/* Is `key` a config key? 1 or 0. Lets argument parsers tell flags from keys. */
int config_has_key(const char *key);

/* Print the keys, their defaults and meaning, one per line, for --help. */
void config_print_keys(void *stream);

enum config_args {
    CONFIG_ARGS_OK = 0,  /* *next is the first argument that is not an option */
    CONFIG_ARGS_HELP,    /* --help or -h was given */
    CONFIG_ARGS_VERSION, /* --version was given */
    CONFIG_ARGS_ERROR,   /* a sentence is in err */
};

/*
 * Settle the configuration from the command line, in this order: defaults;
 * the config file (--config FILE, else $TIERD_CONFIG, else ./var/tierd.conf
 * or /etc/tierd/tierd.conf when one exists); then every `--key VALUE` or
 * `--key=VALUE` flag, which wins. Stops at the first argument that does not
 * start with "--" (a subcommand) or after "--"; *next is its index. When
 * `stop_at_unknown` is set, an unknown --flag also stops parsing there (so a
 * subcommand's own flags may follow global ones); otherwise it is an error.
 * The file actually read (or "" for none) is copied to `used`.
 */
enum config_args config_parse_args(struct tier_config *c, int argc, char **argv, int *next,
                                   int stop_at_unknown, char *used, size_t usedsz, char *err,
                                   size_t errsz);

/* Where c's settings came from, for error messages: "config FILE", or "no
 * config file found (looked in $TIERD_CONFIG, ./var/tierd.conf,
 * /etc/tierd/tierd.conf)". Can't fail. */
void config_source(const struct tier_config *c, char *out, size_t outsz);

#endif
