/*
 * cli_help.c — `tierctl COMMAND --help`: every subcommand's usage text, on
 * stdout with exit 0 when asked for, on stderr with the command's usage code
 * after a usage error (see cli.h).
 */
#include "tier/cli.h"

#include <stdio.h>
#include <string.h>

static int help_asked;

int cli_help_requested(int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            help_asked = 1;
            return 1;
        }
    }
    return 0;
}

int cli_is_help(int argc, char **argv)
{
    return help_asked && argc >= 1 && strcmp(argv[0], "--help") == 0;
}

FILE *cli_usage_stream(void)
{
    return help_asked ? stdout : stderr;
}

int cli_usage_status(int usage_code)
{
    return help_asked ? 0 : usage_code;
}
