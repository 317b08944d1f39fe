/*
 * cmd_audit.c — `tierctl audit verify`: walk the audit log's hash chain and
 * name the first row that was modified, removed or inserted out of order.
 * Exit 0 intact, 1 broken, 2 usage, and 1 on a database error too (said so).
 */
#include "tier/cli.h"
#include "tier/registry.h"

#include <stdio.h>
#include <string.h>

int cmd_audit(struct tier_config *c, int argc, char **argv)
{
    char err[512];
    struct registry reg, *m = &reg;
    int rc;

    if (argc != 1 || strcmp(argv[0], "verify") != 0) {
        fprintf(cli_usage_stream(),
                "usage: tierctl audit verify\n"
                "  checks the audit log's hash chain and names the first row that was\n"
                "  modified, removed or inserted out of order; then compares it with the\n"
                "  audit heads the transparency log committed to (a chain rewritten and\n"
                "  recomputed with SQL no longer matches them)\n"
                "exit: 0 intact, 1 broken or database error, 2 usage\n");
        return cli_usage_status(2);
    }
    if (cli_open_registry(c, &reg, 1) != 0)
        return 1;
    rc = registry_audit_verify(m, stdout, err, sizeof err);
    if (rc == 0) {
        /* a chain rewritten and recomputed verifies by itself: the heads the
         * transparency log committed to must still be its rows' (issue 18) */
        struct reg_says says;
        char said[2048];
        long n = 0;
        enum audit_log_outcome o = registry_audit_against_log(m, &n, &says);

        reg_says_text(&says, said, sizeof said);
        if (o == AUDIT_LOG_OK) {
            printf("%s\n", says.en);
        } else {
            printf("%s\n", said);
            rc = 1;
        }
    }
    registry_close(&reg);
    if (rc < 0) {
        fprintf(stderr, "tierctl audit verify: %s\n", err);
        return 1;
    }
    return rc;
}
