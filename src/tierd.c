/*
 * tierd — the registry daemon: wiring and argument parsing only.
 *
 * Settles the configuration (defaults < config file < flags), checks it,
 * opens the database pool and the HTTP server, then waits for SIGTERM or
 * SIGINT: it stops accepting, lets in-flight requests finish and exits 0.
 * Configuration errors exit 2 with one line naming the problem. With
 * --check-config it only checks the configuration and what it points at
 * (config_check: one line per problem) and exits 0 or 2.
 */
#include "tier/batch.h"
#include "tier/config.h"
#include "tier/date.h"
#include "tier/db.h"
#include "tier/http.h"
#include "tier/ingest.h"
#include "tier/metrics.h"
#include "tier/privdrop.h"
#include "tier/registry.h"
#include "tier/registry_notice.h"
#include "tier/rules.h"
#include "tier/sign.h"
#include "tier/signer.h"
#include "tier/web_throttle.h"
#include "tier/web_cache.h"
#include "tier/web_rate.h"
#include "tier/web_view.h"

#include <mysqld_error.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(FILE *f)
{
    fprintf(f,
            "usage: tierd [--config FILE] [--KEY VALUE ...]\n"
            "\n"
            "tierd serves the enterprise tier registry over HTTP: applications in,\n"
            "receipts, reviews, certificates and reports out. It keeps no state of its\n"
            "own; everything is in MariaDB.\n"
            "\n"
            "Without --config it reads $TIERD_CONFIG, else ./var/tierd.conf (written by\n"
            "scripts/db for the private development database), else\n"
            "/etc/tierd/tierd.conf. A config file holds `key = value` lines with the keys\n"
            "below; a flag --key VALUE overrides the file.\n"
            "\n"
            "options:\n"
            "  --config FILE        read settings from FILE\n"
            "  --check-config       check the config file and the paths and account it\n"
            "                       names (password file, sql-dir, xsd-dir, key-dir and\n"
            "                       its keys, user); one line per problem; exit 0 or 2\n"
            "  --fault-injection    tests only: let an admin arm database faults\n"
            "                       (POST /v1/test/faults/KIND:NTH[:ERRNUM[:sticky]])\n"
            "  --bench-without-log  benches only: acts append nothing to the transparency\n"
            "                       log (the baseline of make bench-log)\n"
            "  --help               show this text\n"
            "  --version            print the version\n");
    config_print_keys(f);
    fprintf(f, "\n"
               "endpoints: GET /healthz (200 when the database answers, else 503),\n"
               "           GET /metrics (Prometheus text format)\n"
               "signals:   SIGTERM or SIGINT closes the listening socket at once, finishes\n"
               "           in-flight requests (up to drain-timeout seconds, answers carry\n"
               "           Connection: close) and exits 0\n"
               "exit:      0 clean stop, 1 runtime failure, 2 configuration error\n");
}

/* Config problems that a start-up check can see; one sentence in err. */
static int check_config(struct tier_config *c, char *err, size_t errsz)
{
    struct stat st;

    if (c->db_socket[0]) {
        if (stat(c->db_socket, &st) != 0) {
            snprintf(err, errsz, "db-socket %s: %s (is the database running? scripts/db start)",
                     c->db_socket, strerror(errno));
            return -1;
        }
        if (!S_ISSOCK(st.st_mode)) {
            snprintf(err, errsz, "db-socket %s: not a socket", c->db_socket);
            return -1;
        }
    }
    return config_load_password(c, err, errsz);
}

static void print_problem(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, "tierd: %s\n", line);
}

/* tierd --check-config: the file has parsed; now what it names. */
static int run_check_config(const struct tier_config *cfg, const char *used)
{
    int problems;

    if (used[0] == '\0')
        fprintf(stderr, "tierd: no config file found (looked in $TIERD_CONFIG, ./var/tierd.conf, "
                        "/etc/tierd/tierd.conf); checking the defaults\n");
    problems = config_check(cfg, print_problem, NULL);
    if (problems > 0) {
        fprintf(stderr, "tierd: %d problem%s in %s\n", problems, problems == 1 ? "" : "s",
                used[0] ? used : "the default settings");
        return 2;
    }
    printf("tierd: %s: fine\n", used[0] ? used : "the default settings");
    return 0;
}

/* How many requests the signer process serves at once: one socketpair and
 * one thread of its own each (a mutex per socketpair on this side). */
static int signer_channels(const struct tier_config *cfg)
{
    return cfg->threads < 1 ? 1 : cfg->threads > 4 ? 4 : cfg->threads;
}

/* In the signer's child: the database password is none of its business. */
static void forget_config(void *cfg)
{
    config_wipe(cfg);
}

int main(int argc, char **argv)
{
    struct tier_config cfg;
    struct http_env env = {0};
    struct registry reg = {0};
    struct leading_policy leading;
    struct sme_size_policy sme_size;
    struct http_server *srv = NULL;
    struct db_pool *pool = NULL;
    struct ingest_schemas *schemas = NULL;
    struct web_throttle *throttle = NULL;
    struct ingest_errors *serr = NULL;
    struct web_views *views = NULL;
    struct web_rate *public_rate = NULL;
    struct web_cache *public_cache = NULL;
    char err[1024], used[CONFIG_PATH_MAX];
    sigset_t sigs;
    struct db_conn *m;
    struct reg_logger *logger = NULL;
    struct reg_issuer *issuer = NULL;
    int next, sig = 0, rc = 1, check_only = 0, faults = 0, no_log = 0, n = 0;

    /* --check-config is tierd's own flag, not a config key: take it out
     * before the shared parser sees the arguments. */
    for (int i = 0; i < argc; i++) {
        if (i > 0 && strcmp(argv[i], "--check-config") == 0)
            check_only = 1;
        else if (i > 0 && strcmp(argv[i], "--fault-injection") == 0)
            faults = 1; /* tests only: POST /v1/test/faults/{spec} for admins */
        else if (i > 0 && strcmp(argv[i], "--bench-without-log") == 0)
            no_log = 1; /* make bench-log's baseline only */
        else
            argv[n++] = argv[i];
    }
    argc = n;
    switch (config_parse_args(&cfg, argc, argv, &next, 0, used, sizeof used, err, sizeof err)) {
    case CONFIG_ARGS_HELP:
        usage(stdout);
        return 0;
    case CONFIG_ARGS_VERSION:
        printf("tierd %s\n", TIER_VERSION);
        return 0;
    case CONFIG_ARGS_ERROR:
        fprintf(stderr, "tierd: %s\n", err);
        return 2;
    case CONFIG_ARGS_OK:
        break;
    }
    date_set_clock_file(cfg.clock_file); /* tests and drills: the day from a file */
    if (next < argc) {
        fprintf(stderr, "tierd: unexpected argument '%s' (tierd --help)\n", argv[next]);
        return 2;
    }
    if (check_only)
        return run_check_config(&cfg, used);
    if (signer_check_dir(cfg.key_dir, err, sizeof err) != 0) {
        fprintf(stderr, "tierd: %s\n", err);
        return 2;
    }
    if (check_config(&cfg, err, sizeof err) != 0) {
        fprintf(stderr, "tierd: %s\n", err);
        return 2;
    }

    /* The schemas are compiled once, before any thread starts. */
    serr = calloc(1, sizeof *serr);
    if (serr == NULL || ingest_schemas_load(&schemas, cfg.xsd_dir, serr) != INGEST_OK) {
        fprintf(stderr, "tierd: xsd-dir %s: %s\n", cfg.xsd_dir,
                serr && serr->count ? serr->e[0].message : "cannot load the schemas");
        free(serr);
        config_wipe(&cfg);
        return 2;
    }
    free(serr);

    /* The signer process now, while this is one thread holding no socket,
     * connection or TLS key, before the database is first asked (the
     * password is wiped in the child): it keeps the signing keys, and this
     * process never reads them (signer.h, docs/operations.md). */
    reg.signer = signer_spawn(cfg.key_dir, cfg.log_origin, signer_channels(&cfg), forget_config,
                              &cfg, err, sizeof err);
    if (reg.signer == NULL) {
        fprintf(stderr, "tierd: %s\n", err);
        config_wipe(&cfg);
        ingest_schemas_free(schemas);
        return 2;
    }

    /* A wrong password or database name is a configuration error; an
     * unreachable server is not: tierd starts, answers 503 and recovers. */
    m = db_connect(&cfg, err, sizeof err);
    if (m == NULL) {
        if (strstr(err, "Access denied") != NULL || strstr(err, "Unknown database") != NULL) {
            fprintf(stderr, "tierd: %s\n", err);
            config_wipe(&cfg);
            ingest_schemas_free(schemas);
            signer_free(reg.signer);
            return 2;
        }
        fprintf(stderr, "tierd: warning: %s; serving 503 until it answers\n", err);
    } else {
        db_close(m);
    }

    /* Block the stop signals before any thread starts, so only sigwait
     * below receives them. */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    pool = db_pool_new(&cfg);
    if (pool == NULL) {
        fprintf(stderr, "tierd: out of memory\n");
        goto done;
    }
    reg.cfg = &cfg;
    reg.db = pool;
    reg.fault_injection = faults;
    if (no_log) {
        registry_tlog_off_for_bench();
        fprintf(stderr, "tierd: warning: --bench-without-log: acts are not logged (benches "
                        "only)\n");
    }
    if (faults)
        fprintf(stderr, "tierd: warning: --fault-injection: admins can make database "
                        "statements fail (tests only)\n");
    reg.schemas = schemas;
    /* 领航: thresholds from the configuration, when any is set */
    reg.leading = leading_policy_set(&leading, (int64_t)cfg.leading_min_revenue_yuan * 100,
                                     cfg.leading_min_rd_bp, cfg.leading_min_years,
                                     cfg.leading_min_type1_ip, cfg.leading_max_liability_bp);
    reg.sme_size = sme_size_policy_set(&sme_size, cfg.sme_industry_max_employees,
                                       (int64_t)cfg.sme_industry_max_revenue_yuan * 100,
                                       cfg.sme_software_max_employees,
                                       (int64_t)cfg.sme_software_max_revenue_yuan * 100);
    reg.batcher = store_batcher_new(pool, cfg.store_batch, metrics_db_retry, err, sizeof err);
    if (reg.batcher == NULL) {
        fprintf(stderr, "tierd: %s\n", err);
        goto done;
    }
    /* a submission confirms a recently checked token in its first
     * statement instead of a round trip of its own */
    reg.auth_cache = registry_auth_cache_new();
    if (reg.auth_cache == NULL) {
        fprintf(stderr, "tierd: out of memory\n");
        goto done;
    }
    /* the transparency log: sequencing always, checkpoints when the signer
     * has the log key */
    logger = registry_logger_start(&reg, err, sizeof err);
    if (logger == NULL) {
        fprintf(stderr, "tierd: %s\n", err);
        goto done;
    }
    /* certificates whose public notice is over (issue 17) */
    issuer = registry_issuer_start(&reg, err, sizeof err);
    if (issuer == NULL && err[0] != '\0') {
        fprintf(stderr, "tierd: %s\n", err);
        goto done;
    }
    if (registry_health_start(&reg, err, sizeof err) != 0) {
        fprintf(stderr, "tierd: %s\n", err);
        goto done;
    }
    throttle = web_throttle_new(4096); /* failed sign-ins per address */
    if (throttle == NULL) {
        fprintf(stderr, "tierd: out of memory\n");
        goto done;
    }
    env.signin_throttle = throttle;
    env.cfg = &cfg;
    env.schemas = schemas;
    env.reg = &reg;
    /* The pages are compiled once too; without them the API still serves
     * and the pages answer 404, said here once. */
    if (web_views_load(cfg.web_dir, &views, err, sizeof err) != 0)
        fprintf(stderr, "tierd: warning: web-dir %s: %s; serving no pages\n", cfg.web_dir, err);
    env.views = views;
    if (cfg.public_rate > 0) {
        public_rate = web_rate_new(cfg.public_rate, 4096);
        if (public_rate == NULL) {
            fprintf(stderr, "tierd: out of memory\n");
            goto done;
        }
    }
    env.public_rate = public_rate;
    public_cache = web_cache_new(1024);
    if (public_cache == NULL) {
        fprintf(stderr, "tierd: out of memory\n");
        goto done;
    }
    env.public_cache = public_cache;
    srv = http_start(&env, err, sizeof err);
    if (srv == NULL) {
        fprintf(stderr, "tierd: %s\n", err);
        rc = 2;
        goto done;
    }
    /* The trusted root's public key, read now: after the drop below the
     * key folder is the signer's alone. None yet: each use says so. */
    if (registry_root_load(&reg, err, sizeof err) != 0)
        fprintf(stderr, "tierd: no trusted root key yet (%s); each use reads root-pub "
                        "again, and until it can, keys are listed uncertified and nothing is signed\n", err);
    /* Bound, TLS files and schemas read, pool made: root is not needed any
     * more. A failed drop is fatal: the process may be half-dropped. */
    if (cfg.user[0] != '\0' && geteuid() == 0) {
        /* the key folder stays root's: the signer process keeps it */
        struct signer_view sv;

        if (privdrop_to(cfg.user, err, sizeof err) != 0) {
            fprintf(stderr, "tierd: %s\n", err);
            rc = 2;
            goto done;
        }
        signer_view(reg.signer, &sv);
        fprintf(stderr, "tierd: running as %s (uid %u), root given up for good; the signing "
                        "keys stay with the signer process (pid %d)\n", cfg.user,
                (unsigned)getuid(), (int)sv.worker_pid);
    }
    fprintf(stderr, "tierd %s listening on %s://%s:%d/ (%d threads, database %s via %s%s%s)\n",
            TIER_VERSION, http_tls(srv) ? "https" : "http", cfg.listen_host, http_port(srv), cfg.threads, cfg.db_name,
            cfg.db_socket[0] ? cfg.db_socket : cfg.db_host, used[0] ? ", config " : "", used);
    {
        struct signer_view sv;
        signer_view(reg.signer, &sv);
        fprintf(stderr, "tierd: the signer process (pid %d) holds the keys of %s: %d signing "
                        "key(s) at start, %s; tierd never reads them\n", (int)sv.worker_pid,
                cfg.key_dir, sv.keys < 0 ? 0 : sv.keys,
                signer_has_log_key(reg.signer) ? "the log key" : "no log key");
    }
    if (!signer_has_log_key(reg.signer))
        fprintf(stderr, "tierd: warning: no log key %s/log.key: the transparency log is kept but "
                        "no checkpoint is signed (tierctl key generate --purpose log --out %s)\n",
                cfg.key_dir, cfg.key_dir);
    /* after the start, so a configuration error stays one line */
    if (cfg.user[0] == '\0' && geteuid() == 0)
        fprintf(stderr, "tierd: WARNING: running as root with no `user` set: every request is "
                        "parsed with full privileges. Set user = tierd (docs/operations.md); "
                        "only development work trees should run like this\n");
    else if (cfg.user[0] != '\0' && geteuid() != 0)
        fprintf(stderr, "tierd: note: user = %s is set but tierd was not started as root; "
                        "it keeps running as uid %u\n",
                cfg.user, (unsigned)geteuid());
    if (cfg.db_owner[0] != '\0' && strcmp(cfg.db_owner, cfg.db_user) == 0)
        fprintf(stderr, "tierd: WARNING: db-user %s is also db-owner: tierd holds every right "
                        "on the schema, audit log included. Give tierd its own user with only "
                        "the role %s (docs/operations.md, section 3)\n",
                cfg.db_user, cfg.db_role);
    if (http_metrics_port(srv) != 0)
        fprintf(stderr, "tierd: /metrics and /healthz also on %s (port %d)\n",
                cfg.metrics_listen, http_metrics_port(srv));
    if (cfg.db_pool < cfg.threads + (cfg.store_batch > 1))
        fprintf(stderr, "tierd: note: db-pool %d is smaller than threads %d%s; under load "
                        "requests wait for a connection (2 s, then 503)\n",
                cfg.db_pool, cfg.threads, cfg.store_batch > 1 ? " + 1 committer" : "");

    if (sigwait(&sigs, &sig) != 0)
        sig = SIGTERM;
    fprintf(stderr, "tierd: %s received; finishing in-flight requests\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    http_stop(srv, cfg.drain_timeout);
    srv = NULL;
    fprintf(stderr, "tierd: stopped\n");
    rc = 0;
done:
    http_stop(srv, 0);
    registry_issuer_stop(issuer); /* a step under way commits or rolls back first */
    registry_logger_stop(logger); /* after the workers: a last step is not needed */
    registry_health_stop(&reg);
    store_batcher_free(reg.batcher); /* after the workers: they wait on it */
    registry_auth_cache_free(reg.auth_cache);
    db_pool_free(pool);
    signer_free(reg.signer);
    sign_key_free(reg.root);
    ingest_schemas_free(schemas);
    web_views_free(views);
    web_throttle_free(throttle);
    web_rate_free(public_rate);
    web_cache_free(public_cache);
    config_wipe(&cfg);
    return rc;
}
