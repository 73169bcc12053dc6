/* SPDX-License-Identifier: MIT */
/* cli_live.c - `sipstatus check -i IFACE`: frames from live interfaces
 * through libpcap into the decoder (capture.h), with the findings printer
 * of cli_capture.c, until --duration, --packets, SIGINT or SIGTERM. */
#define _GNU_SOURCE /* sigaction */
#include "cli.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "capture.h"

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
    stop_signal = sig;
}

int live_option(const char *a, int argc, char **argv, int *i, struct opts *o)
{
    const char *v;
    size_t n;
    unsigned long long num = 0, frac = 0, scale = 1;
    int is_iface = strcmp(a, "-i") == 0 || strcmp(a, "--interface") == 0;
    int is_filter = strcmp(a, "--filter") == 0;
    int is_duration = strcmp(a, "--duration") == 0;
    int is_packets = strcmp(a, "--packets") == 0;

    if (!is_iface && !is_filter && !is_duration && !is_packets)
        return 0;
    if (*i + 1 >= argc) {
        fprintf(stderr, "%s: %s: option '%s' needs a value\n", PROG, argv[0], a);
        return -1;
    }
    v = argv[++*i];
    if (is_iface) {
        if (o->nifaces == MAX_IFACES) {
            fprintf(stderr, "%s: %s: more than %d interfaces\n", PROG, argv[0], MAX_IFACES);
            return -1;
        }
        o->ifaces[o->nifaces++] = v;
        return 1;
    }
    if (is_filter) {
        o->filter = v;
        return 1;
    }
    /* digits, and for --duration a fraction: no strtod on input */
    for (n = 0; v[n] >= '0' && v[n] <= '9' && n < 12; n++)
        num = num * 10 + (unsigned)(v[n] - '0');
    if (is_duration && n > 0 && v[n] == '.') {
        size_t k;
        for (k = n + 1; v[k] >= '0' && v[k] <= '9' && k < n + 7; k++) {
            frac = frac * 10 + (unsigned)(v[k] - '0');
            scale *= 10;
        }
        n = k;
    }
    if (n == 0 || v[n] != '\0' || (num == 0 && frac == 0)) {
        fprintf(stderr, "%s: %s: '%s' is not a %s\n", PROG, argv[0], v,
                is_duration ? "number of seconds above 0" : "count above 0");
        return -1;
    }
    if (is_duration)
        o->duration = (double)num + (double)frac / (double)scale;
    else
        o->packets = num;
    return 1;
}

/* The default filter: the SIP and HEP ports, and IP fragments (a
 * fragment after the first carries no port). */
static char *default_filter(const struct opts *o)
{
    size_t cap = 128 + (o->nports + 1) * 16, len = 0, k;
    char *f = xrealloc(NULL, cap);

    len += (size_t)snprintf(f + len, cap - len, "(");
    for (k = 0; k < o->nports; k++)
        len += (size_t)snprintf(f + len, cap - len, "%sport %u", k ? " or " : "", o->ports[k]);
    if (o->hep_port)
        len += (size_t)snprintf(f + len, cap - len, " or port %u", o->hep_port);
    snprintf(f + len, cap - len, ") or (ip and ip[6:2] & 0x1fff != 0) or (ip6 and ip6[6] = 44)");
    return f;
}

struct live_if {
    const char *name;
    pcap_t *p;
    int linktype;
    int nano;
    int fd;
};

/* Opens one interface: immediate mode (each packet as it comes), the
 * whole packet, nanosecond time stamps where the system has them. */
static int live_open(const struct opts *o, struct live_if *li, const char *filter)
{
    char err[PCAP_ERRBUF_SIZE] = "";
    struct bpf_program prog;
    int rc;

    li->p = pcap_create(li->name, err);
    if (li->p == NULL) {
        fprintf(stderr, "%s: %s: %s\n", PROG, li->name, err);
        return -1;
    }
    pcap_set_snaplen(li->p, 262144);
    pcap_set_promisc(li->p, 0);
    pcap_set_immediate_mode(li->p, 1);
    pcap_set_buffer_size(li->p, 8 << 20);
    li->nano = pcap_set_tstamp_precision(li->p, PCAP_TSTAMP_PRECISION_NANO) == 0;
    rc = pcap_activate(li->p);
    if (rc < 0) {
        const char *why = pcap_geterr(li->p);
        if (rc == PCAP_ERROR_NO_SUCH_DEVICE)
            fprintf(stderr, "%s: %s: no such interface (see `ip link`; 'any' captures on all)\n",
                    PROG, li->name);
        else if (rc == PCAP_ERROR_PERM_DENIED)
            fprintf(stderr, "%s: %s: no permission to capture (%s); run as root or give the "
                    "binary CAP_NET_RAW: setcap cap_net_raw,cap_net_admin=eip sipstatus\n",
                    PROG, li->name, why);
        else
            fprintf(stderr, "%s: %s: cannot capture: %s\n", PROG, li->name, why);
        return -1;
    }
    li->linktype = pcap_datalink(li->p);
    if (!capture_linktype_known(li->linktype)) {
        const char *nm = pcap_datalink_val_to_name(li->linktype);
        fprintf(stderr, "%s: %s: link type %s (%d) is not supported\n", PROG, li->name,
                nm ? nm : "unknown", li->linktype);
        return -1;
    }
    if (pcap_compile(li->p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) < 0) {
        fprintf(stderr, "%s: %s: filter '%s': %s\n", PROG, li->name, filter, pcap_geterr(li->p));
        return -1;
    }
    rc = pcap_setfilter(li->p, &prog);
    pcap_freecode(&prog);
    if (rc < 0 || pcap_setnonblock(li->p, 1, err) < 0 ||
        (li->fd = pcap_get_selectable_fd(li->p)) < 0) {
        fprintf(stderr, "%s: %s: cannot capture: %s\n", PROG, li->name,
                rc < 0 ? pcap_geterr(li->p) : err[0] ? err : "no selectable descriptor");
        return -1;
    }
    (void)o;
    return 0;
}

struct live_run {
    struct capture *c;
    struct run *r;
    struct live_if *li;
    size_t frame;
    unsigned long long max;
};

static void on_packet(unsigned char *user, const struct pcap_pkthdr *h, const unsigned char *d)
{
    struct live_run *lr = (struct live_run *)(void *)user;
    uint32_t frac = (uint32_t)h->ts.tv_usec;

    run_name(lr->r, lr->li->name);
    lr->frame++;
    capture_frame(lr->c, lr->li->linktype, lr->frame, (int64_t)h->ts.tv_sec,
                  lr->li->nano ? frac : frac * 1000u, lr->li->nano, d, h->caplen, h->len);
}

/* The status line of a live run, once a second on a terminal: time,
 * packets, responses, invalid ones and drops by the kernel so far. */
static void live_status(const struct live_run *lr, const struct live_if *li, size_t n,
                        const struct stats *st, double secs)
{
    unsigned long long dropped = 0;
    struct pcap_stat ps;
    size_t k;

    for (k = 0; k < n; k++)
        if (pcap_stats(li[k].p, &ps) == 0)
            dropped += (unsigned long long)ps.ps_drop + ps.ps_ifdrop;
    status_begin();
    fprintf(stderr, "%s: %s%s: %.0f s, %zu packets, %zu responses, %zu invalid, %llu dropped",
            PROG, li[0].name, n > 1 ? " and more" : "", secs, lr->frame, st->responses,
            st->invalid, dropped);
    status_end();
}

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int check_live(struct opts *o, struct stats *st)
{
    struct live_if li[MAX_IFACES];
    struct pollfd pfd[MAX_IFACES];
    struct capture_config cfg;
    struct capture_callbacks cb;
    struct sigaction sa, old_int, old_term;
    struct live_run lr;
    char *filter = o->filter ? NULL : default_filter(o);
    double started = now_seconds(), next_status = started + 1.0;
    double end = o->duration > 0 ? started + o->duration : 0;
    size_t k, n = o->nifaces;
    int show = status_wanted(o);
    int status = 0;

    memset(li, 0, sizeof li);
    memset(&lr, 0, sizeof lr);
    o->flush = 1; /* each finding as soon as it is found */
    for (k = 0; k < n; k++) {
        li[k].name = o->ifaces[k];
        if (live_open(o, &li[k], o->filter ? o->filter : filter) < 0) {
            status = -2;
            goto out;
        }
        pfd[k].fd = li[k].fd;
        pfd[k].events = POLLIN;
        if (!o->quiet)
            fprintf(stderr, "%s: listening on %s (%s), filter: %s\n", PROG, li[k].name,
                    pcap_datalink_val_to_name(li[k].linktype) ?
                    pcap_datalink_val_to_name(li[k].linktype) : "?",
                    o->filter ? o->filter : filter);
    }
    cfg.sip_ports = o->ports;
    cfg.nsip_ports = o->nports;
    cfg.hep_port = o->hep_port;
    cfg.max_memory = o->max_memory;
    run_callbacks(&cb);
    report_file(o, o->nifaces == 1 ? o->ifaces[0] : "live");
    lr.r = run_new(o, st, o->ifaces[0]);
    lr.c = lr.r ? capture_new(&cfg, &cb, lr.r) : NULL;
    lr.max = o->packets;
    if (lr.c == NULL) {
        fprintf(stderr, "%s: out of memory\n", PROG);
        status = -1;
        goto out;
    }
    st->captures++;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop; /* no SA_RESTART: poll returns EINTR */
    sigemptyset(&sa.sa_mask);
    stop_signal = 0;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    fflush(stderr);
    while (!stop_signal && (lr.max == 0 || lr.frame < lr.max)) {
        double left = end > 0 ? end - now_seconds() : 1.0;
        int ready;
        if (left <= 0)
            break;
        ready = poll(pfd, (nfds_t)n, left < 0.2 ? (int)(left * 1000) + 1 : 200);
        if (ready < 0 && errno != EINTR) {
            fprintf(stderr, "%s: poll: %s\n", PROG, strerror(errno));
            status = -1;
            break;
        }
        for (k = 0; ready > 0 && k < n; k++) {
            int got;
            if (!(pfd[k].revents & (POLLIN | POLLERR | POLLHUP)))
                continue;
            lr.li = &li[k];
            got = pcap_dispatch(li[k].p,
                                lr.max ? (int)(lr.max - lr.frame < 4096 ? lr.max - lr.frame : 4096)
                                       : 4096,
                                on_packet, (unsigned char *)(void *)&lr);
            if (got == PCAP_ERROR) {
                fflush(stdout);
                fprintf(stderr, "%s: %s: %s\n", PROG, li[k].name, pcap_geterr(li[k].p));
                status = -1;
                stop_signal = -1;
                break;
            }
            if (lr.max && lr.frame >= lr.max)
                break;
        }
        if (show && now_seconds() >= next_status) {
            live_status(&lr, li, n, st, now_seconds() - started);
            next_status += 1.0;
        }
    }
    status_hide();
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    capture_finish(lr.c);
    run_counters(st, capture_counters(lr.c));
    fflush(stdout);
    for (k = 0; k < n && !o->quiet; k++) {
        struct pcap_stat ps;
        if (pcap_stats(li[k].p, &ps) == 0 && (ps.ps_drop || ps.ps_ifdrop))
            fprintf(stderr, "%s: %s: %u packets dropped by the kernel, %u by the interface\n",
                    PROG, li[k].name, ps.ps_drop, ps.ps_ifdrop);
    }
out:
    if (lr.c)
        capture_free(lr.c);
    run_free(lr.r);
    for (k = 0; k < n; k++)
        if (li[k].p)
            pcap_close(li[k].p);
    free(filter);
    return status;
}
