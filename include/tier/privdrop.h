/*
 * privdrop.h — give up root for good once tierd has bound and read what
 * only root may read (core module).
 */
#ifndef TIER_PRIVDROP_H
#define TIER_PRIVDROP_H

#include <stddef.h>

/* Become `user` for good: supplementary groups set to the user's primary
 * group alone, then setgid, then setuid; then check that setuid(0) fails,
 * that no uid or gid of the process is 0 any more, and that the capability
 * sets are empty. Call only as root (geteuid() == 0). 0, or -1 with a
 * sentence in err (the process must then exit: it may be half-dropped). */
int privdrop_to(const char *user, char *err, size_t errsz);

/* Are the effective, permitted and inheritable capability sets of this
 * process all empty (from /proc/self/status)? 1 yes, 0 no, -1 unreadable. */
int privdrop_caps_empty(void);

#endif
