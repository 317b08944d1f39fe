/*
 * privdrop.c — dropping root for good (see privdrop.h).
 *
 * Order matters: groups first (they need root), then the gid, then the uid;
 * setresuid/setresgid set the real, effective and saved ids together so
 * nothing is left to switch back to. glibc applies them to every thread.
 */
#include "tier/privdrop.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

int privdrop_caps_empty(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    int seen = 0, empty = 1;

    if (f == NULL)
        return -1;
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, "CapInh:", 7) == 0 || strncmp(line, "CapPrm:", 7) == 0 ||
            strncmp(line, "CapEff:", 7) == 0 || strncmp(line, "CapAmb:", 7) == 0) {
            seen++;
            if (strtoull(line + 7, NULL, 16) != 0)
                empty = 0;
        }
    }
    fclose(f);
    return seen >= 3 ? empty : -1;
}

int privdrop_to(const char *user, char *err, size_t errsz)
{
    struct passwd pw, *p = NULL;
    char buf[4096];
    uid_t ru, eu, su;
    gid_t rg, eg, sg;
    int e;

    e = getpwnam_r(user, &pw, buf, sizeof buf, &p);
    if (e != 0 || p == NULL) {
        snprintf(err, errsz, "user = %s: no such account (create it: adduser --system --group "
                             "%s)", user, user);
        return -1;
    }
    if (p->pw_uid == 0 || p->pw_gid == 0) {
        snprintf(err, errsz, "user = %s: that account has uid or gid 0; name an unprivileged "
                             "account", user);
        return -1;
    }
    if (setgroups(1, &p->pw_gid) != 0 || setresgid(p->pw_gid, p->pw_gid, p->pw_gid) != 0 ||
        setresuid(p->pw_uid, p->pw_uid, p->pw_uid) != 0) {
        snprintf(err, errsz, "user = %s: cannot drop to uid %u gid %u: %s", user,
                 (unsigned)p->pw_uid, (unsigned)p->pw_gid, strerror(errno));
        return -1;
    }
    /* no way back: setuid(0) must fail now, and nothing may be 0 */
    if (setuid(0) == 0 || setgid(0) == 0) {
        snprintf(err, errsz, "user = %s: root could be regained after the drop", user);
        return -1;
    }
    if (getresuid(&ru, &eu, &su) != 0 || getresgid(&rg, &eg, &sg) != 0 || ru == 0 || eu == 0 ||
        su == 0 || rg == 0 || eg == 0 || sg == 0) {
        snprintf(err, errsz, "user = %s: a uid or gid of 0 is left after the drop", user);
        return -1;
    }
    if (privdrop_caps_empty() != 1) {
        snprintf(err, errsz, "user = %s: capabilities are left after the drop", user);
        return -1;
    }
    /* and none can come back through a set-uid or file-capability exec */
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        snprintf(err, errsz, "user = %s: PR_SET_NO_NEW_PRIVS: %s", user, strerror(errno));
        return -1;
    }
    return 0;
}
