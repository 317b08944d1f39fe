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
    struct registry reg, *m = &reg;
    struct audit_check chk;
    struct op_result res;

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
    registry_audit_verify(m, &chk, &res);
    if (res.outcome == OP_DONE) {
        /* a chain rewritten and recomputed verifies by itself: the heads the
         * transparency log committed to must still be its rows' */
        struct reg_says says;
        char said[2048];
        long n = 0;
        enum audit_log_outcome o = registry_audit_against_log(m, &n, &says);

        registry_close(&reg);
        printf("%s\n", cli_lang_zh() && res.says.zh[0] ? res.says.zh : res.says.en);
        reg_says_text(&says, said, sizeof said);
        if (o == AUDIT_LOG_OK) {
            printf("%s\n", cli_lang_zh() && says.zh[0] ? says.zh : says.en);
            return 0;
        }
        printf("%s\n", said);
        return 1;
    }
    registry_close(&reg);
    if (res.outcome == OP_BROKEN) {
        /* where it breaks is the command's output */
        printf("%s\n", cli_lang_zh() && res.says.zh[0] ? res.says.zh : res.says.en);
        return 1;
    }
    cli_say(stderr, "audit verify", &res.says);
    return 1;
}
