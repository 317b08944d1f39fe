/*
 * cli_backup.h — `tierctl backup DIR` and `tierctl restore DIR`
 * (src/cli/cmd_backup.c): a consistent dump of the database plus the public
 * keys, and its restore into an empty database. Apart from cli.h so that the
 * commands could be added without touching the other subcommands' header.
 * Same contract as the subcommands of cli.h: exit 0 done, 1 failure, 2 usage.
 */
#ifndef TIER_CLI_BACKUP_H
#define TIER_CLI_BACKUP_H

#include "tier/config.h"

int cmd_backup(struct tier_config *c, int argc, char **argv);
int cmd_restore(struct tier_config *c, int argc, char **argv);

#endif
