/* SPDX-License-Identifier: MIT */
/* cli_listen.c - `sipstatus listen`: a HEP collector that validates.  HEP
 * over UDP and TCP on each --hep address, read with epoll from
 * non-blocking sockets (a slow or silent sender holds up no one), judged
 * by cli_hepin.c, decoded by capture.h, the findings printed by
 * cli_capture.c's printer; SIGHUP reopens --output, SIGINT and SIGTERM stop
 * accepting, drain what was received and sum up. */
#define _GNU_SOURCE /* accept4, recvmmsg, sigaction */
#include "cli_listen.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define UDP_BATCH 32            /* datagrams per recvmmsg */
#define UDP_BUF 65536           /* one datagram (HEP packets are < 64 KiB) */
#define TCP_READS 4             /* reads from one connection per wake-up */
#define TCP_IDLE 300.0          /* seconds after which a silent connection ends */
#define DEFAULT_CONNECTIONS 1024
#define DEFAULT_HEP "127.0.0.1:9060"

static volatile sig_atomic_t stop_signal, hup_signal;

static void on_stop(int sig)
{
    stop_signal = sig;
}

static void on_hup(int sig)
{
    hup_signal = sig;
}

enum { KIND_UDP, KIND_TCP_LISTEN, KIND_CONN };

struct lsock {
    int kind;               /* first, as in struct conn: epoll's data.ptr */
    int fd;
    char name[64];
    uint32_t kernel_drops;  /* SO_RXQ_OVFL's count so far */
};

struct conn {
    int kind;
    int fd;
    struct hepin_conn hc;
    double last;            /* monotonic seconds of its last bytes */
    struct conn *prev, *next;
    char name[72];          /* "hep-tcp:ADDR:PORT", what findings say */
};

struct server {
    struct collector co;
    struct run *r;
    int ep;
    struct lsock ls[2 * MAX_HEPS];
    size_t nls;
    struct conn *conns;
    size_t nconns, max_conns;
    unsigned char *udp_bufs;  /* UDP_BATCH * UDP_BUF */
    unsigned char *tcp_buf;   /* UDP_BUF */
    char udp_name[72];
    int out_fd;               /* --output, or -1 */
};

static double mono(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int listen_parse_addr(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
    char host[INET6_ADDRSTRLEN + 2];
    const char *colon = strrchr(s, ':');
    size_t hl, k;
    unsigned port = 0;

    if (colon == NULL || colon[1] == '\0')
        return -1;
    for (k = 1; colon[k] >= '0' && colon[k] <= '9' && k < 7; k++)
        port = port * 10 + (unsigned)(colon[k] - '0');
    if (colon[k] != '\0' || port > 65535)
        return -1;
    hl = (size_t)(colon - s);
    if (hl >= 2 && s[0] == '[' && s[hl - 1] == ']') {
        s++;
        hl -= 2;
    }
    if (hl == 0 || hl >= sizeof host)
        return -1;
    memcpy(host, s, hl);
    host[hl] = '\0';
    memset(ss, 0, sizeof *ss);
    if (inet_pton(AF_INET, host, &((struct sockaddr_in *)(void *)ss)->sin_addr) == 1) {
        ((struct sockaddr_in *)(void *)ss)->sin_family = AF_INET;
        ((struct sockaddr_in *)(void *)ss)->sin_port = htons((uint16_t)port);
        *len = sizeof(struct sockaddr_in);
        return 0;
    }
    if (inet_pton(AF_INET6, host, &((struct sockaddr_in6 *)(void *)ss)->sin6_addr) == 1) {
        ((struct sockaddr_in6 *)(void *)ss)->sin6_family = AF_INET6;
        ((struct sockaddr_in6 *)(void *)ss)->sin6_port = htons((uint16_t)port);
        *len = sizeof(struct sockaddr_in6);
        return 0;
    }
    return -1;
}

static void addr_text(const struct sockaddr *sa, char *out, size_t n)
{
    char text[INET6_ADDRSTRLEN];

    if (sa->sa_family == AF_INET &&
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, text,
                  sizeof text))
        snprintf(out, n, "%s:%u", text,
                 ntohs(((const struct sockaddr_in *)(const void *)sa)->sin_port));
    else if (sa->sa_family == AF_INET6 &&
             inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
                       text, sizeof text))
        snprintf(out, n, "[%s]:%u", text,
                 ntohs(((const struct sockaddr_in6 *)(const void *)sa)->sin6_port));
    else
        snprintf(out, n, "?");
}

int listen_option(const char *a, int argc, char **argv, int *i, struct opts *o)
{
    static const char *const names[] = {"--hep", "--metrics", "--hep-password", "--allow",
                                        "--output", "--max-connections", "--duration"};
    struct sockaddr_storage ss;
    struct hepin_cidr cidr;
    socklen_t len;
    const char *v;
    size_t k, n;

    for (k = 0; k < sizeof names / sizeof names[0]; k++)
        if (strcmp(a, names[k]) == 0)
            break;
    if (k == sizeof names / sizeof names[0])
        return 0;
    if (k == 6)
        return live_option(a, argc, argv, i, o);
    if (*i + 1 >= argc) {
        fprintf(stderr, "%s: %s: option '%s' needs a value\n", PROG, argv[0], a);
        return -1;
    }
    v = argv[++*i];
    switch (k) {
    case 0:
    case 1:
        if (listen_parse_addr(v, &ss, &len) < 0) {
            fprintf(stderr, "%s: %s: '%s' is not ADDR:PORT (127.0.0.1:9060, [::1]:9060)\n",
                    PROG, argv[0], v);
            return -1;
        }
        if (k == 1) {
            o->metrics = v;
        } else if (o->nheps == MAX_HEPS) {
            fprintf(stderr, "%s: %s: more than %d --hep\n", PROG, argv[0], MAX_HEPS);
            return -1;
        } else {
            o->heps[o->nheps++] = v;
        }
        return 1;
    case 2:
        if (v[0] == '\0' || strlen(v) > 65535 - 6) {
            fprintf(stderr, "%s: %s: --hep-password must not be empty\n", PROG, argv[0]);
            return -1;
        }
        o->hep_password = v;
        return 1;
    case 3:
        if (hepin_cidr_parse(v, &cidr) < 0) {
            fprintf(stderr, "%s: %s: '%s' is not an address or CIDR (192.0.2.0/24, "
                    "2001:db8::/32)\n", PROG, argv[0], v);
            return -1;
        }
        if (o->nallows == MAX_ALLOWS) {
            fprintf(stderr, "%s: %s: more than %d --allow\n", PROG, argv[0], MAX_ALLOWS);
            return -1;
        }
        o->allows[o->nallows++] = v;
        return 1;
    case 4:
        o->output = v;
        return 1;
    default:
        for (n = 0, k = 0; v[k] >= '0' && v[k] <= '9' && k < 7; k++)
            n = n * 10 + (size_t)(v[k] - '0');
        if (k == 0 || v[k] != '\0' || n == 0) {
            fprintf(stderr, "%s: %s: '%s' is not a count above 0\n", PROG, argv[0], v);
            return -1;
        }
        o->max_connections = n;
        return 1;
    }
}

/* ---- sockets ---- */

static int open_output(struct server *sv, const char *file)
{
    int fd = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);

    if (fd < 0) {
        fprintf(stderr, "%s: %s: %s\n", PROG, file, strerror(errno));
        return -1;
    }
    fflush(stdout);
    if (dup2(fd, STDOUT_FILENO) < 0) {
        fprintf(stderr, "%s: %s: %s\n", PROG, file, strerror(errno));
        close(fd);
        return -1;
    }
    close(fd);
    sv->out_fd = STDOUT_FILENO;
    return 0;
}

static int add_fd(struct server *sv, int fd, void *ptr)
{
    struct epoll_event ev;

    memset(&ev, 0, sizeof ev);
    ev.events = EPOLLIN;
    ev.data.ptr = ptr;
    return epoll_ctl(sv->ep, EPOLL_CTL_ADD, fd, &ev);
}

/* UDP and TCP sockets on addr. */
static int open_hep(struct server *sv, const char *addr)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int t;

    if (listen_parse_addr(addr, &ss, &len) < 0)
        return -1;
    for (t = 0; t < 2; t++) {
        struct lsock *l = &sv->ls[sv->nls];
        int one = 1, rcvbuf = 8 << 20;
        int fd = socket(ss.ss_family, (t ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK | SOCK_CLOEXEC,
                        0);
        if (fd < 0) {
            fprintf(stderr, "%s: listen: %s: %s\n", PROG, addr, strerror(errno));
            return -1;
        }
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (ss.ss_family == AF_INET6)
            setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
        if (!t) {
            /* a big receive buffer (past rmem_max as root), and the kernel's
             * drops told with each datagram */
            if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf) < 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
            setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof one);
        }
        if (bind(fd, (struct sockaddr *)&ss, len) < 0 || (t && listen(fd, 128) < 0)) {
            fprintf(stderr, "%s: listen: %s %s: %s\n", PROG, t ? "tcp" : "udp", addr,
                    strerror(errno));
            close(fd);
            return -1;
        }
        l->kind = t ? KIND_TCP_LISTEN : KIND_UDP;
        l->fd = fd;
        snprintf(l->name, sizeof l->name, "%s", addr);
        if (add_fd(sv, fd, l) < 0) {
            fprintf(stderr, "%s: listen: epoll: %s\n", PROG, strerror(errno));
            close(fd);
            return -1;
        }
        sv->nls++;
    }
    return 0;
}

static void conn_close(struct server *sv, struct conn *cn)
{
    hepin_conn_end(&sv->co.h, &cn->hc);
    epoll_ctl(sv->ep, EPOLL_CTL_DEL, cn->fd, NULL);
    close(cn->fd);
    if (cn->prev)
        cn->prev->next = cn->next;
    else
        sv->conns = cn->next;
    if (cn->next)
        cn->next->prev = cn->prev;
    sv->nconns--;
    free(cn);
}

static void do_accept(struct server *sv, struct lsock *l)
{
    for (;;) {
        struct sockaddr_storage ss;
        socklen_t len = sizeof ss;
        struct conn *cn;
        char text[64];
        int fd = accept4(l->fd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);

        if (fd < 0)
            return; /* EAGAIN, or a connection gone before it was taken */
        if (!hepin_allowed(&sv->co.h, (struct sockaddr *)&ss, 1)) {
            close(fd);
            continue;
        }
        if (sv->nconns >= sv->max_conns || (cn = calloc(1, sizeof *cn)) == NULL) {
            sv->co.h.n.drops[DROP_CONNECTIONS]++;
            close(fd);
            continue;
        }
        cn->kind = KIND_CONN;
        cn->fd = fd;
        cn->last = mono();
        addr_text((struct sockaddr *)&ss, text, sizeof text);
        snprintf(cn->name, sizeof cn->name, "hep-tcp:%s", text);
        if (add_fd(sv, fd, cn) < 0) {
            close(fd);
            free(cn);
            continue;
        }
        cn->next = sv->conns;
        if (sv->conns)
            sv->conns->prev = cn;
        sv->conns = cn;
        sv->nconns++;
    }
}

static void now_real(int64_t *sec, uint32_t *nsec)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    *sec = (int64_t)t.tv_sec;
    *nsec = (uint32_t)t.tv_nsec;
}

/* The bytes waiting on a connection (a few reads: others get their turn). */
static void do_read(struct server *sv, struct conn *cn)
{
    int k;

    for (k = 0; k < TCP_READS; k++) {
        ssize_t got = read(cn->fd, sv->tcp_buf, UDP_BUF);
        int64_t sec;
        uint32_t nsec;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            return;
        if (got <= 0) {
            conn_close(sv, cn);
            return;
        }
        cn->last = mono();
        now_real(&sec, &nsec);
        run_name(sv->r, cn->name);
        if (hepin_stream(&sv->co.h, &cn->hc, sv->tcp_buf, (size_t)got, sec, nsec) < 0) {
            conn_close(sv, cn);
            return;
        }
        if ((size_t)got < UDP_BUF)
            return;
    }
}

/* The datagrams waiting on a UDP socket, a batch at a time; 0 when it had
 * none left. */
static int do_udp(struct server *sv, struct lsock *l)
{
    struct mmsghdr msgs[UDP_BATCH];
    struct iovec iov[UDP_BATCH];
    struct sockaddr_storage from[UDP_BATCH];
    union {
        char buf[CMSG_SPACE(sizeof(uint32_t))];
        size_t align; /* struct cmsghdr's */
    } ctl[UDP_BATCH];
    int64_t sec;
    uint32_t nsec;
    int k, got;

    memset(msgs, 0, sizeof msgs);
    for (k = 0; k < UDP_BATCH; k++) {
        iov[k].iov_base = sv->udp_bufs + (size_t)k * UDP_BUF;
        iov[k].iov_len = UDP_BUF;
        msgs[k].msg_hdr.msg_iov = &iov[k];
        msgs[k].msg_hdr.msg_iovlen = 1;
        msgs[k].msg_hdr.msg_name = &from[k];
        msgs[k].msg_hdr.msg_namelen = sizeof from[k];
        msgs[k].msg_hdr.msg_control = ctl[k].buf;
        msgs[k].msg_hdr.msg_controllen = sizeof ctl[k].buf;
    }
    got = recvmmsg(l->fd, msgs, UDP_BATCH, MSG_DONTWAIT, NULL);
    if (got <= 0)
        return 0;
    now_real(&sec, &nsec);
    for (k = 0; k < got; k++) {
        struct msghdr *m = &msgs[k].msg_hdr;
        struct cmsghdr *cm;
        for (cm = CMSG_FIRSTHDR(m); cm != NULL; cm = CMSG_NXTHDR(m, cm)) {
            if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SO_RXQ_OVFL) {
                uint32_t drops;
                memcpy(&drops, CMSG_DATA(cm), sizeof drops);
                sv->co.h.n.drops[DROP_KERNEL] += (uint32_t)(drops - l->kernel_drops);
                l->kernel_drops = drops;
            }
        }
        if (!hepin_allowed(&sv->co.h, (struct sockaddr *)&from[k], 1))
            continue;
        if (m->msg_flags & MSG_TRUNC) {
            sv->co.h.n.drops[DROP_OVERSIZED]++;
            continue;
        }
        {
            char text[64];
            addr_text((struct sockaddr *)&from[k], text, sizeof text);
            snprintf(sv->udp_name, sizeof sv->udp_name, "hep-udp:%s", text);
        }
        run_name(sv->r, sv->udp_name);
        hepin_packet(&sv->co.h, HEPIN_UDP, sv->udp_bufs + (size_t)k * UDP_BUF, msgs[k].msg_len,
                     sec, nsec);
    }
    return got == UDP_BATCH;
}

static void expire_idle(struct server *sv, double now)
{
    struct conn *cn = sv->conns, *next;

    for (; cn != NULL; cn = next) {
        next = cn->next;
        if (now - cn->last > TCP_IDLE) {
            sv->co.h.n.drops[DROP_IDLE]++;
            conn_close(sv, cn);
        }
    }
}

/* ---- the findings' hook: errors by source, for the metrics ---- */

void collector_source_error(struct collector *co, int af, const unsigned char *a)
{
    char text[48];
    size_t k;

    if (af == 4)
        inet_ntop(AF_INET, a, text, sizeof text);
    else if (af == 6)
        inet_ntop(AF_INET6, a, text, sizeof text);
    else
        snprintf(text, sizeof text, "unknown");
    for (k = 0; k < co->nsources; k++) {
        if (strcmp(co->sources[k].addr, text) == 0) {
            co->sources[k].errors++;
            return;
        }
    }
    if (co->nsources == SOURCES_KEPT) {
        co->other_errors++;
        return;
    }
    snprintf(co->sources[co->nsources].addr, sizeof co->sources[0].addr, "%s", text);
    co->sources[co->nsources++].errors = 1;
}

static void on_checked(void *ctx, const struct cap_info *in, int rc, const struct sipstatus_line *l)
{
    (void)l;
    if (rc != SIPSTATUS_OK)
        collector_source_error(ctx, in->af, in->src);
}

/* ---- the command ---- */

static void print_listen_summary(FILE *out, const struct server *sv)
{
    static const char *const versions[] = {"v1", "v2", "v3"};
    static const char *const transports[] = {"udp", "tcp"};
    const struct hepin_counters *n = &sv->co.h.n;
    int v, t, first = 1;
    unsigned d;

    fprintf(out, "%s: HEP packets:", PROG);
    for (v = 0; v < 3; v++)
        for (t = 0; t < 2; t++)
            if (n->packets[v][t]) {
                fprintf(out, "%s %s/%s %zu", first ? "" : ",", versions[v], transports[t],
                        n->packets[v][t]);
                first = 0;
            }
    if (first)
        fputs(" none", out);
    first = 1;
    for (d = 0; d < DROP_COUNT; d++)
        if (n->drops[d]) {
            fprintf(out, "%s %s %zu", first ? "; dropped:" : ",",
                    hepin_drop_name((enum hepin_drop)d), n->drops[d]);
            first = 0;
        }
    fprintf(out, "; TCP buffers: at most %zu bytes of %zu\n", sv->co.h.tcp_peak,
            sv->co.h.tcp_budget);
}

/* The status line of listen, once a second on a terminal: time, HEP
 * packets, responses, invalid ones and packets dropped so far. */
static void listen_status(const struct server *sv, double secs)
{
    const struct hepin_counters *n = &sv->co.h.n;
    size_t packets = 0, drops = 0;
    unsigned d;
    int v, t;

    for (v = 0; v < 3; v++)
        for (t = 0; t < 2; t++)
            packets += n->packets[v][t];
    for (d = 0; d < DROP_COUNT; d++)
        drops += n->drops[d];
    status_begin();
    fprintf(stderr, "%s: listen: %.0f s, %zu HEP packets, %zu responses, %zu invalid, "
            "%zu dropped", PROG, secs, packets, sv->co.st.responses, sv->co.st.invalid, drops);
    status_end();
}

int cmd_listen(struct opts *o)
{
    static struct server sv; /* large (the source table); one per process */
    struct hepin_cidr allow[MAX_ALLOWS];
    struct capture_config cfg;
    struct capture_callbacks cb;
    struct sigaction sa;
    struct metrics *metrics = NULL;
    size_t budget = o->max_memory ? o->max_memory : CAP_DEFAULT_MEMORY;
    double end = o->duration > 0 ? mono() + o->duration : 0, last_idle = mono();
    double started = mono(), next_status = started + 1.0;
    int show = status_wanted(o);
    size_t k;
    int status = EXIT_VALID;

    if (o->nargs > 0) {
        usage_error("listen: no operands are taken ('%s')", o->args[0]);
        return EXIT_USAGE;
    }
    memset(&sv, 0, sizeof sv);
    sv.out_fd = -1;
    sv.ep = -1;
    sv.co.o = o;
    pthread_mutex_init(&sv.co.lock, NULL);
    o->flush = 1;
    for (k = 0; k < o->nallows; k++)
        hepin_cidr_parse(o->allows[k], &allow[k]);
    /* a quarter of the budget for TCP buffers, the rest the decoder's */
    sv.co.h.tcp_budget = budget / 4;
    sv.co.h.allow = allow;
    sv.co.h.nallow = o->nallows;
    sv.co.h.password = o->hep_password;
    sv.co.h.password_len = o->hep_password ? strlen(o->hep_password) : 0;
    sv.max_conns = o->max_connections ? o->max_connections : DEFAULT_CONNECTIONS;
    cfg.sip_ports = o->ports;
    cfg.nsip_ports = o->nports;
    cfg.hep_port = 0;
    cfg.max_memory = budget - budget / 4;
    run_callbacks(&cb);
    if (report_begin(o, &sv.co.st) < 0) {
        status = EXIT_USAGE;
        goto out;
    }
    report_file(o, "hep");
    sv.r = run_new(o, &sv.co.st, "hep");
    sv.co.c = sv.r ? capture_new(&cfg, &cb, sv.r) : NULL;
    sv.co.h.c = sv.co.c;
    sv.udp_bufs = malloc((size_t)UDP_BATCH * UDP_BUF);
    sv.tcp_buf = malloc(UDP_BUF);
    if (sv.co.c == NULL || sv.udp_bufs == NULL || sv.tcp_buf == NULL) {
        fprintf(stderr, "%s: listen: out of memory\n", PROG);
        status = EXIT_USAGE;
        goto out;
    }
    run_set_hook(sv.r, on_checked, &sv.co);
    sv.co.st.captures = 1;
    if (o->output != NULL && open_output(&sv, o->output) < 0) {
        status = EXIT_USAGE;
        goto out;
    }
    sv.ep = epoll_create1(EPOLL_CLOEXEC);
    if (sv.ep < 0) {
        fprintf(stderr, "%s: listen: epoll: %s\n", PROG, strerror(errno));
        status = EXIT_USAGE;
        goto out;
    }
    for (k = 0; k < (o->nheps ? o->nheps : 1); k++) {
        if (open_hep(&sv, o->nheps ? o->heps[k] : DEFAULT_HEP) < 0) {
            status = EXIT_USAGE;
            goto out;
        }
    }
    if (o->metrics != NULL && (metrics = metrics_start(o->metrics, &sv.co)) == NULL) {
        status = EXIT_USAGE;
        goto out;
    }
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_stop; /* no SA_RESTART: epoll_wait returns EINTR */
    stop_signal = hup_signal = 0;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sa.sa_handler = on_hup;
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (!o->quiet) {
        for (k = 0; k < (o->nheps ? o->nheps : 1); k++)
            fprintf(stderr, "%s: listening for HEP on udp and tcp %s\n", PROG,
                    o->nheps ? o->heps[k] : DEFAULT_HEP);
        if (o->metrics)
            fprintf(stderr, "%s: metrics on http://%s/metrics\n", PROG, o->metrics);
    }
    while (!stop_signal) {
        struct epoll_event ev[64];
        double now = mono();
        int ready, e;

        if (end > 0 && now >= end)
            break;
        if (hup_signal) {
            hup_signal = 0;
            if (o->output != NULL)
                open_output(&sv, o->output); /* on failure the old file goes on */
        }
        ready = epoll_wait(sv.ep, ev, 64, 200);
        if (ready < 0 && errno != EINTR) {
            fprintf(stderr, "%s: listen: epoll: %s\n", PROG, strerror(errno));
            status = EXIT_USAGE;
            break;
        }
        pthread_mutex_lock(&sv.co.lock);
        for (e = 0; e < ready; e++) {
            int kind = *(int *)ev[e].data.ptr;
            if (kind == KIND_UDP) {
                int more = 8; /* batches per wake-up: TCP gets its turn */
                while (do_udp(&sv, ev[e].data.ptr) && --more > 0)
                    ;
            } else if (kind == KIND_TCP_LISTEN) {
                do_accept(&sv, ev[e].data.ptr);
            } else {
                do_read(&sv, ev[e].data.ptr);
                /* (the connection may be closed now: ev[] does not name it twice) */
            }
        }
        if (now - last_idle > 1.0) {
            expire_idle(&sv, now);
            last_idle = now;
        }
        if (show && now >= next_status) {
            listen_status(&sv, now - started);
            next_status += 1.0;
        }
        pthread_mutex_unlock(&sv.co.lock);
    }
    status_hide();
    /* stop accepting; what was received is still read */
    pthread_mutex_lock(&sv.co.lock);
    for (k = 0; k < sv.nls; k++) {
        if (sv.ls[k].kind == KIND_UDP)
            while (do_udp(&sv, &sv.ls[k]))
                ;
        else if (sv.ls[k].fd >= 0)
            close(sv.ls[k].fd);
    }
    while (sv.conns != NULL) {
        struct conn *cn = sv.conns;
        ssize_t got;
        int64_t sec;
        uint32_t nsec;
        now_real(&sec, &nsec);
        run_name(sv.r, cn->name);
        while ((got = read(cn->fd, sv.tcp_buf, UDP_BUF)) > 0)
            if (hepin_stream(&sv.co.h, &cn->hc, sv.tcp_buf, (size_t)got, sec, nsec) < 0)
                break;
        conn_close(&sv, cn);
    }
    capture_finish(sv.co.c);
    pthread_mutex_unlock(&sv.co.lock);
out:
    metrics_stop(metrics);
    for (k = 0; k < sv.nls; k++)
        if (sv.ls[k].kind == KIND_UDP)
            close(sv.ls[k].fd);
    if (sv.ep >= 0)
        close(sv.ep);
    if (sv.co.c != NULL) {
        run_counters(&sv.co.st, capture_counters(sv.co.c));
        if (report_end(o, status == EXIT_VALID) < 0 && status == EXIT_VALID)
            status = EXIT_USAGE;
        else if (status == EXIT_VALID && (!o->quiet || o->summary))
            print_listen_summary(o->summary ? stdout : stderr, &sv);
        capture_free(sv.co.c);
    }
    run_free(sv.r);
    free(sv.udp_bufs);
    free(sv.tcp_buf);
    pthread_mutex_destroy(&sv.co.lock);
    return status;
}
