/*
 * cli_url.c — tierd's address as tierctl's configuration gives it (cli.h:
 * cli_tierd_url): `public-url` when set, the address people reach the
 * registry at; else http:// (https:// when tierd serves TLS itself, tls-cert)
 * and `listen`, with a wildcard host (0.0.0.0, ::) read as this machine.
 */
#include "tier/cli.h"

#include <stdio.h>
#include <string.h>

void cli_tierd_url(const struct tier_config *c, char *out, size_t n, const char **setting)
{
    const char *host = c->listen_host;
    size_t bl = strlen(c->public_url);

    if (bl > 0) {
        while (bl > 0 && c->public_url[bl - 1] == '/')
            bl--;
        snprintf(out, n, "%.*s", (int)bl, c->public_url);
        if (setting != NULL)
            *setting = "public-url";
        return;
    }
    if (host[0] == '\0' || strcmp(host, "0.0.0.0") == 0)
        host = "127.0.0.1";
    else if (strcmp(host, "::") == 0 || strcmp(host, "[::]") == 0)
        host = "[::1]";
    snprintf(out, n, "%s://%s%s%s:%d", c->tls_cert[0] != '\0' ? "https" : "http",
             strchr(host, ':') != NULL && host[0] != '[' ? "[" : "", host,
             strchr(host, ':') != NULL && host[0] != '[' ? "]" : "", c->listen_port);
    if (setting != NULL)
        *setting = "listen";
}
