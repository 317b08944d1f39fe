/*
 * signer_proc.c — the signer as a separate process (see signer.h, issue 13).
 *
 * Processes. signer_spawn forks a supervisor ("tierd-signsv") while tierd is
 * still one thread and holds nothing but its configuration: no listening
 * socket, no database connection, no TLS key and no password are open or
 * loaded yet. The supervisor closes every descriptor but its control socket
 * and stderr, and for each generation makes `channels` socketpairs, forks a
 * worker ("tierd-signer") holding one end of each, and passes the other ends
 * to tierd over the control socket (SCM_RIGHTS), closing its own copies: so
 * the worker's death is an immediate end-of-file on tierd's side. When the
 * worker ends, the supervisor says so ("down"), waits a second and starts
 * another. When tierd ends or closes the control socket, the supervisor kills
 * the worker and exits; both also have PR_SET_PDEATHSIG.
 *
 * The worker loads every key in key-dir and the log key at start, then keeps
 * the folder: a key activated later is loaded on its first use. It is not
 * dumpable (PR_SET_DUMPABLE 0: no core files, no ptrace or /proc/PID/mem by
 * its own uid) and, started as root, keeps only CAP_DAC_READ_SEARCH (to read
 * the keys wherever their owner put them) with no-new-privileges. tierd,
 * after it drops to `user`, could not read the key folder at all.
 *
 * Protocol, per channel, one request in flight: a request header (magic,
 * kind, payload length, key id) and the payload; a response header (magic,
 * result, length) and either the signed document or the refusal's sentence.
 * Payloads and answers are capped at SIGN_XML_MAX_BYTES. Both ends are the
 * same binary, so the headers are plain structs. A worker reading anything
 * else exits (the supervisor starts a clean one).
 *
 * Concurrency in tierd: one mutex per channel; a caller takes a free channel
 * if one is free, else waits on one chosen round-robin. Any failure on a
 * channel (end-of-file, a short read, no answer within 30 s) closes it and
 * marks the signer down: signing then answers SIGNER_DOWN (503 upstream)
 * until the supervisor's next "up" arrives, read by a watcher thread that
 * installs the new channels.
 */
#include "signer_int.h"

#include <errno.h>
#include <linux/capability.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SP_MAGIC      0x54534731u /* "TSG1" */
#define SP_TIMEOUT_MS 30000       /* one request, end to end */
#define SP_START_MS   10000       /* a worker's first words */
#define SP_CTL_UP     1
#define SP_CTL_DOWN   2

struct sp_req {
    uint32_t magic;
    uint32_t kind;
    uint32_t len;
    char key_id[SIGN_KEY_ID_LEN + 1];
};

struct sp_rsp {
    uint32_t magic;
    int32_t result; /* enum signer_result */
    uint32_t len;
};

struct sp_hello {
    uint32_t magic;
    int32_t pid;
    int32_t log_key; /* 1 loaded, 0 absent, -1 broken */
    int32_t keys;    /* signing keys loaded at start, -1 when one failed */
    char msg[512];   /* why, when log_key is -1 or keys is -1 */
};

struct sp_ctl {
    uint32_t magic;
    uint32_t type;  /* SP_CTL_UP (fds attached) or SP_CTL_DOWN */
    int32_t pid;    /* the worker */
    int32_t status; /* DOWN: its wait status */
    uint32_t nchan;
};

struct sp_chan {
    pthread_mutex_t mu;
    int fd; /* -1 when closed */
};

struct signer_proc {
    int ctl;
    pid_t sup;
    int nchan;
    struct sp_chan ch[SIGNER_MAX_CHANNELS];
    pthread_t watcher;
    int watching;
    atomic_int up, gone, stopping, log_key, worker, keys;
    atomic_uint restarts, next;
};

/* ---- bytes on a socket, with a deadline ------------------------------------------ */

static long ms_left(const struct timespec *until)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (until->tv_sec - now.tv_sec) * 1000L + (until->tv_nsec - now.tv_nsec) / 1000000L;
}

static void deadline_in(struct timespec *t, long ms)
{
    clock_gettime(CLOCK_MONOTONIC, t);
    t->tv_sec += ms / 1000;
    t->tv_nsec += (ms % 1000) * 1000000L;
    if (t->tv_nsec >= 1000000000L) {
        t->tv_sec++;
        t->tv_nsec -= 1000000000L;
    }
}

/* Move n bytes (send when out, else receive). 0, or -1 with errno (0 for
 * end-of-file, ETIMEDOUT past the deadline; NULL until: no deadline). */
static int io_all(int fd, void *p, size_t n, int out, const struct timespec *until)
{
    char *c = p;

    while (n > 0) {
        ssize_t k = out ? send(fd, c, n, MSG_NOSIGNAL | (until ? MSG_DONTWAIT : 0))
                        : recv(fd, c, n, until ? MSG_DONTWAIT : 0);
        if (k > 0) {
            c += k;
            n -= (size_t)k;
            continue;
        }
        if (k == 0 && !out) {
            errno = 0;
            return -1;
        }
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && until != NULL) {
            struct pollfd pf = {fd, out ? POLLOUT : POLLIN, 0};
            long left = ms_left(until);
            if (left <= 0) {
                errno = ETIMEDOUT;
                return -1;
            }
            if (poll(&pf, 1, (int)left) < 0 && errno != EINTR)
                return -1;
            continue;
        }
        return -1;
    }
    return 0;
}

static const char *io_why(void)
{
    return errno == 0 ? "it closed the connection (the process ended)"
         : errno == ETIMEDOUT ? "no answer within 30 s" : strerror(errno);
}

/* ---- the worker ------------------------------------------------------------------- */

struct serve_arg {
    struct signer *s;
    int fd;
};

/* Answer requests on one channel until it closes; then the whole worker ends
 * (tierd closed it, or the stream is no longer trusted). */
static void *serve(void *arg)
{
    struct serve_arg *a = arg;
    struct sp_req rq;
    struct sp_rsp rs;
    char err[600], *payload, *out;
    size_t outlen;

    for (;;) {
        if (io_all(a->fd, &rq, sizeof rq, 0, NULL) != 0)
            _exit(0);
        if (rq.magic != SP_MAGIC || rq.len == 0 || rq.len > SIGN_XML_MAX_BYTES ||
            rq.key_id[SIGN_KEY_ID_LEN] != '\0') {
            fprintf(stderr, "tierd-signer: a malformed request on a channel; ending\n");
            _exit(1);
        }
        payload = malloc((size_t)rq.len + 1);
        if (payload == NULL || io_all(a->fd, payload, rq.len, 0, NULL) != 0)
            _exit(1);
        payload[rq.len] = '\0';
        out = NULL;
        outlen = 0;
        err[0] = '\0';
        rs.magic = SP_MAGIC;
        rs.result = (int32_t)signer_local(a->s, (enum signer_kind)rq.kind, rq.key_id, payload,
                                          rq.len, &out, &outlen, err, sizeof err);
        free(payload);
        if (rs.result != SIGNER_OK) {
            fprintf(stderr, "tierd-signer: refused to sign (%s, key %.16s): %s\n",
                    rq.kind == SIGNER_KIND_CERT          ? "certificate"
                    : rq.kind == SIGNER_KIND_REVOCATIONS ? "revocation-list"
                    : rq.kind == SIGNER_KIND_CHECKPOINT  ? "checkpoint"
                                                         : "unknown kind",
                    rq.key_id[0] ? rq.key_id : "-", err);
            free(out);
            out = err;
            outlen = strlen(err);
        }
        rs.len = (uint32_t)outlen;
        if (io_all(a->fd, &rs, sizeof rs, 1, NULL) != 0 ||
            io_all(a->fd, out, outlen, 1, NULL) != 0)
            _exit(0);
        if (out != err)
            free(out);
    }
    return NULL;
}

/* Keep only CAP_DAC_READ_SEARCH, for good (root only; a no-op otherwise). */
static void caps_keep_read_search(void)
{
    struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct d[2];

    if (geteuid() != 0)
        return;
    for (int c = 0; c <= 63; c++)
        if (c != CAP_DAC_READ_SEARCH && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) != 0 &&
            errno == EINVAL)
            break; /* past the kernel's last capability */
    memset(d, 0, sizeof d);
    if (syscall(SYS_capget, &h, d) != 0)
        memset(d, 0, sizeof d);
    /* keep it only if we have it (a unit's bounding set may have taken it) */
    d[0].effective = d[0].permitted = d[0].permitted & (1u << CAP_DAC_READ_SEARCH);
    d[0].inheritable = 0;
    memset(&d[1], 0, sizeof d[1]);
    if (syscall(SYS_capset, &h, d) != 0)
        fprintf(stderr, "tierd-signer: warning: could not drop capabilities: %s\n",
                strerror(errno));
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

static void worker_main(struct signer *s, const int *fds, int n, pid_t sup, unsigned gen)
{
    struct sp_hello h;
    struct serve_arg args[SIGNER_MAX_CHANNELS];
    pthread_t t;
    int lk;

    prctl(PR_SET_NAME, "tierd-signer", 0, 0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    if (getppid() != sup)
        _exit(0);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    s->logs = 1;
    memset(&h, 0, sizeof h);
    h.magic = SP_MAGIC;
    h.pid = (int32_t)getpid();
    h.keys = signer_load_all(s, h.msg, sizeof h.msg);
    lk = signer_log_key_load(s);
    h.log_key = lk;
    if (lk < 0)
        snprintf(h.msg, sizeof h.msg, "%.500s", s->log_err);
    if (h.keys < 0)
        fprintf(stderr, "tierd-signer: warning: %s\n", h.msg);
    if (gen > 1) /* the first start is told by tierd, after its configuration checks */
        fprintf(stderr, "tierd-signer: pid %d holds the keys of %s: %d signing key(s), %s; "
                        "%d channel(s)\n", (int)h.pid, s->dir, h.keys < 0 ? 0 : h.keys,
                lk == 1 ? "the log key" : "no log key", n);
    if (io_all(fds[0], &h, sizeof h, 1, NULL) != 0)
        _exit(1);
    for (int i = 0; i < n; i++) {
        args[i].s = s;
        args[i].fd = fds[i];
        if (i > 0 && pthread_create(&t, NULL, serve, &args[i]) != 0)
            _exit(1);
    }
    serve(&args[0]);
    _exit(0);
}

/* ---- the supervisor --------------------------------------------------------------- */

static int ctl_send(int ctl, const struct sp_ctl *m, const int *fds, int n)
{
    char space[CMSG_SPACE(sizeof(int) * SIGNER_MAX_CHANNELS)];
    struct iovec iov = {(void *)m, sizeof *m};
    struct msghdr mh = {0};

    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    if (n > 0) {
        struct cmsghdr *c;
        memset(space, 0, sizeof space);
        mh.msg_control = space;
        mh.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)n);
        c = CMSG_FIRSTHDR(&mh);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)n);
        memcpy(CMSG_DATA(c), fds, sizeof(int) * (size_t)n);
    }
    return sendmsg(ctl, &mh, MSG_NOSIGNAL) == (ssize_t)sizeof *m ? 0 : -1;
}

/* 1 when tierd has closed the control socket (or it failed). */
static int ctl_closed(int ctl, int wait_ms)
{
    struct pollfd pf = {ctl, POLLIN, 0};
    char c;

    if (poll(&pf, 1, wait_ms) <= 0)
        return 0;
    return recv(ctl, &c, 1, MSG_DONTWAIT) <= 0 || (pf.revents & (POLLHUP | POLLERR)) != 0;
}

static void supervise(struct signer *s, int ctl, int n)
{
    pid_t me = getpid();
    unsigned gen = 0;

    prctl(PR_SET_NAME, "tierd-signsv", 0, 0, 0);
    signal(SIGINT, SIG_IGN); /* a terminal's ^C is tierd's to handle; it closes ctl */
    signal(SIGPIPE, SIG_IGN);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    if (dup2(ctl, 3) < 0)
        _exit(1);
    ctl = 3;
    close_range(4, ~0U, 0);
    caps_keep_read_search();
    for (;;) {
        int pairs[SIGNER_MAX_CHANNELS][2], mine[SIGNER_MAX_CHANNELS], theirs[SIGNER_MAX_CHANNELS];
        struct sp_ctl m = {SP_MAGIC, SP_CTL_UP, 0, 0, (uint32_t)n};
        int st = 0, made = 0;
        pid_t w = -1;

        for (; made < n; made++) {
            if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pairs[made]) != 0)
                break;
            mine[made] = pairs[made][0];
            theirs[made] = pairs[made][1];
        }
        gen++;
        if (made == n)
            w = fork();
        if (w == 0) {
            close(ctl);
            for (int i = 0; i < n; i++)
                close(mine[i]);
            worker_main(s, theirs, n, me, gen);
        }
        for (int i = 0; i < made; i++)
            close(theirs[i]);
        if (w > 0) {
            m.pid = (int32_t)w;
            if (ctl_send(ctl, &m, mine, n) != 0) {
                kill(w, SIGKILL);
                waitpid(w, NULL, 0);
                _exit(0);
            }
        } else {
            fprintf(stderr, "tierd-signer: cannot start a worker: %s\n", strerror(errno));
        }
        for (int i = 0; i < made; i++)
            close(mine[i]);
        while (w > 0) {
            if (ctl_closed(ctl, 200)) {
                kill(w, SIGKILL);
                waitpid(w, NULL, 0);
                _exit(0);
            }
            if (waitpid(w, &st, WNOHANG) == w)
                break;
        }
        if (w > 0) {
            if (WIFSIGNALED(st))
                fprintf(stderr, "tierd-signer: worker pid %d killed by signal %d; starting "
                                "another in 1 s\n", (int)w, WTERMSIG(st));
            else
                fprintf(stderr, "tierd-signer: worker pid %d exited with status %d; starting "
                                "another in 1 s\n", (int)w, WEXITSTATUS(st));
        }
        m.type = SP_CTL_DOWN;
        m.pid = (int32_t)w;
        m.status = st;
        m.nchan = 0;
        if (ctl_send(ctl, &m, NULL, 0) != 0 || ctl_closed(ctl, 1000))
            _exit(0);
    }
}

/* ---- tierd's side ----------------------------------------------------------------- */

/* One control message; fds received into fds (up to SIGNER_MAX_CHANNELS),
 * their number in *nfds. 1, 0 at end-of-file, -1 on error. */
static int ctl_recv(int ctl, struct sp_ctl *m, int *fds, int *nfds, int wait_ms)
{
    char space[CMSG_SPACE(sizeof(int) * SIGNER_MAX_CHANNELS)];
    struct iovec iov = {m, sizeof *m};
    struct msghdr mh = {0};
    struct cmsghdr *c;
    ssize_t k;

    *nfds = 0;
    if (wait_ms >= 0) {
        struct pollfd pf = {ctl, POLLIN, 0};
        if (poll(&pf, 1, wait_ms) <= 0)
            return -1;
    }
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = space;
    mh.msg_controllen = sizeof space;
    do
        k = recvmsg(ctl, &mh, MSG_CMSG_CLOEXEC);
    while (k < 0 && errno == EINTR);
    if (k == 0)
        return 0;
    for (c = CMSG_FIRSTHDR(&mh); c != NULL; c = CMSG_NXTHDR(&mh, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            int got = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
            memcpy(fds + *nfds, CMSG_DATA(c), sizeof(int) * (size_t)got);
            *nfds += got;
        }
    }
    if (k != (ssize_t)sizeof *m || m->magic != SP_MAGIC) {
        for (int i = 0; i < *nfds; i++)
            close(fds[i]);
        *nfds = 0;
        return -1;
    }
    return 1;
}

/* Take a new generation of channels (after reading its worker's hello).
 * 0, or -1 with a sentence in err (the fds are closed). */
static int install(struct signer_proc *p, const struct sp_ctl *m, int *fds, int nfds,
                   struct sp_hello *h, char *err, size_t errsz)
{
    struct timespec until;

    deadline_in(&until, SP_START_MS);
    if (nfds != p->nchan || io_all(fds[0], h, sizeof *h, 0, &until) != 0 ||
        h->magic != SP_MAGIC) {
        snprintf(err, errsz, "the signer process (pid %d) did not start: %s", (int)m->pid,
                 nfds != p->nchan ? "wrong number of channels" : io_why());
        for (int i = 0; i < nfds; i++)
            close(fds[i]);
        return -1;
    }
    for (int i = 0; i < p->nchan; i++) {
        pthread_mutex_lock(&p->ch[i].mu);
        if (p->ch[i].fd >= 0)
            close(p->ch[i].fd);
        p->ch[i].fd = fds[i];
        pthread_mutex_unlock(&p->ch[i].mu);
    }
    atomic_store(&p->log_key, h->log_key == 1);
    atomic_store(&p->worker, h->pid);
    atomic_store(&p->keys, h->keys);
    atomic_store(&p->up, 1);
    return 0;
}

static void *watch(void *arg)
{
    struct signer_proc *p = arg;
    struct sp_ctl m;
    struct sp_hello h;
    int fds[SIGNER_MAX_CHANNELS], n, r;
    char err[600];

    for (;;) {
        r = ctl_recv(p->ctl, &m, fds, &n, -1);
        if (atomic_load(&p->stopping))
            break;
        if (r <= 0) {
            atomic_store(&p->up, 0);
            atomic_store(&p->gone, 1);
            atomic_store(&p->worker, 0);
            fprintf(stderr, "tierd: the signer's supervisor (pid %d) has gone: approvals and "
                            "revocation lists answer 503 until tierd is restarted\n",
                    (int)p->sup);
            break;
        }
        if (m.type == SP_CTL_DOWN) {
            atomic_store(&p->up, 0);
            atomic_store(&p->worker, 0);
            fprintf(stderr, "tierd: the signer process (pid %d) ended; signing answers 503 "
                            "until the next one starts\n", (int)m.pid);
            continue;
        }
        if (install(p, &m, fds, n, &h, err, sizeof err) != 0) {
            fprintf(stderr, "tierd: %s\n", err);
            continue;
        }
        atomic_fetch_add(&p->restarts, 1);
        fprintf(stderr, "tierd: the signer process is back (pid %d)\n", (int)h.pid);
    }
    return NULL;
}

static void proc_close(struct signer_proc *p)
{
    if (p->ctl >= 0) {
        shutdown(p->ctl, SHUT_RDWR); /* the watcher's recvmsg returns; the supervisor ends */
        if (p->watching)
            pthread_join(p->watcher, NULL);
        close(p->ctl);
    }
    for (int i = 0; i < p->nchan; i++) {
        if (p->ch[i].fd >= 0)
            close(p->ch[i].fd);
        pthread_mutex_destroy(&p->ch[i].mu);
    }
    if (p->sup > 0)
        waitpid(p->sup, NULL, 0);
    free(p);
}

void signer_proc_free(struct signer_proc *p)
{
    if (p == NULL)
        return;
    atomic_store(&p->stopping, 1);
    proc_close(p);
}

struct signer *signer_spawn(const char *key_dir, const char *log_origin, int channels,
                            void (*forget)(void *), void *arg, char *err, size_t errsz)
{
    struct signer *s = signer_new(key_dir);
    struct signer_proc *p = calloc(1, sizeof *p);
    struct sp_ctl m;
    struct sp_hello h;
    sigset_t all, was;
    int sv[2], fds[SIGNER_MAX_CHANNELS], n, r;

    if (s == NULL || p == NULL) {
        snprintf(err, errsz, "out of memory");
        goto fail;
    }
    snprintf(s->log_origin, sizeof s->log_origin, "%s", log_origin ? log_origin : "");
    p->nchan = channels < 1 ? 1 : channels > SIGNER_MAX_CHANNELS ? SIGNER_MAX_CHANNELS : channels;
    p->ctl = -1;
    for (int i = 0; i < p->nchan; i++) {
        pthread_mutex_init(&p->ch[i].mu, NULL);
        p->ch[i].fd = -1;
    }
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
        snprintf(err, errsz, "starting the signer process: socketpair: %s", strerror(errno));
        goto fail;
    }
    fflush(stderr);
    p->sup = fork();
    if (p->sup < 0) {
        snprintf(err, errsz, "starting the signer process: fork: %s", strerror(errno));
        close(sv[0]);
        close(sv[1]);
        goto fail;
    }
    if (p->sup == 0) {
        if (forget != NULL)
            forget(arg);
        close(sv[0]);
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        supervise(s, sv[1], p->nchan);
        _exit(0);
    }
    close(sv[1]);
    p->ctl = sv[0];
    r = ctl_recv(p->ctl, &m, fds, &n, SP_START_MS);
    if (r != 1 || m.type != SP_CTL_UP) {
        snprintf(err, errsz, "the signer process did not start within %d s (see the lines "
                             "from tierd-signer above)", SP_START_MS / 1000);
        goto fail;
    }
    if (install(p, &m, fds, n, &h, err, errsz) != 0)
        goto fail;
    if (h.log_key < 0) {
        snprintf(err, errsz, "%s", h.msg);
        goto fail;
    }
    /* the watcher takes no signal: tierd's main thread waits for them */
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &was);
    r = pthread_create(&p->watcher, NULL, watch, p);
    pthread_sigmask(SIG_SETMASK, &was, NULL);
    if (r != 0) {
        snprintf(err, errsz, "starting the signer's watcher: no thread");
        goto fail;
    }
    p->watching = 1;
    s->proc = p;
    return s;
fail:
    if (p != NULL)
        signer_proc_free(p);
    signer_free(s);
    return NULL;
}

/* Mark the signer down after a failure on channel c (held). */
static void chan_broken(struct signer_proc *p, struct sp_chan *c)
{
    close(c->fd);
    c->fd = -1;
    atomic_store(&p->up, 0);
}

enum signer_result signer_proc_request(struct signer_proc *p, enum signer_kind kind,
                                       const char *key_id, const void *payload, size_t len,
                                       char **out, size_t *outlen, char *err, size_t errsz)
{
    struct sp_req rq;
    struct sp_rsp rs;
    struct sp_chan *c = NULL;
    struct timespec until;
    char *body = NULL;
    unsigned start;
    enum signer_result r = SIGNER_DOWN;

    if (len == 0 || len > SIGN_XML_MAX_BYTES) {
        snprintf(err, errsz, "nothing to sign, or more than %d bytes", SIGN_XML_MAX_BYTES);
        return SIGNER_REFUSED;
    }
    if (!atomic_load(&p->up)) {
        snprintf(err, errsz, "the signer process is %s",
                 atomic_load(&p->gone) ? "gone (restart tierd)" : "restarting");
        return SIGNER_DOWN;
    }
    start = atomic_fetch_add(&p->next, 1);
    for (int i = 0; i < p->nchan && c == NULL; i++) {
        struct sp_chan *t = &p->ch[(start + (unsigned)i) % (unsigned)p->nchan];
        if (pthread_mutex_trylock(&t->mu) == 0)
            c = t;
    }
    if (c == NULL) {
        c = &p->ch[start % (unsigned)p->nchan];
        pthread_mutex_lock(&c->mu);
    }
    if (c->fd < 0) {
        snprintf(err, errsz, "the signer process is restarting");
        goto done;
    }
    memset(&rq, 0, sizeof rq);
    rq.magic = SP_MAGIC;
    rq.kind = (uint32_t)kind;
    rq.len = (uint32_t)len;
    snprintf(rq.key_id, sizeof rq.key_id, "%s", key_id);
    deadline_in(&until, SP_TIMEOUT_MS);
    if (io_all(c->fd, &rq, sizeof rq, 1, &until) != 0 ||
        io_all(c->fd, (void *)payload, len, 1, &until) != 0 ||
        io_all(c->fd, &rs, sizeof rs, 0, &until) != 0) {
        snprintf(err, errsz, "the signer process did not answer: %s", io_why());
        chan_broken(p, c);
        goto done;
    }
    if (rs.magic != SP_MAGIC || rs.len > SIGN_XML_MAX_BYTES ||
        (rs.result != SIGNER_OK && rs.result != SIGNER_REFUSED) ||
        (body = malloc((size_t)rs.len + 1)) == NULL ||
        io_all(c->fd, body, rs.len, 0, &until) != 0) {
        snprintf(err, errsz, "the signer process answered badly: %s",
                 body == NULL ? "a malformed answer" : io_why());
        chan_broken(p, c);
        goto done;
    }
    body[rs.len] = '\0';
    if (rs.result == SIGNER_OK) {
        *out = body;
        *outlen = rs.len;
        body = NULL;
        r = SIGNER_OK;
    } else {
        snprintf(err, errsz, "the signer refused: %s", body);
        r = SIGNER_REFUSED;
    }
done:
    pthread_mutex_unlock(&c->mu);
    free(body);
    return r;
}

int signer_proc_has_log_key(struct signer_proc *p)
{
    return atomic_load(&p->log_key);
}

void signer_proc_view(struct signer_proc *p, struct signer_view *out)
{
    out->spawned = 1;
    out->up = atomic_load(&p->up);
    out->gone = atomic_load(&p->gone);
    out->supervisor_pid = p->sup;
    out->worker_pid = atomic_load(&p->worker);
    out->restarts = atomic_load(&p->restarts);
    out->keys = atomic_load(&p->keys);
}
