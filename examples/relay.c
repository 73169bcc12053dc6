/* SPDX-License-Identifier: MIT */
/* relay.c - a stateless UDP SIP relay that checks every response's Status-Line with libsipstatus. */
/*
 *   relay -l IP:PORT -n IP:PORT [-v]
 *
 * One UDP socket on -l (IPv4, a real address: it goes into our Via).
 * Requests go to the next hop (-n); responses go back along their Via.
 * The relay keeps no state between datagrams (RFC 3261 §16.11).
 *
 * Which datagram is which: a datagram whose first line looks like a
 * Request-Line (does not start with "SIP/", ends in " SIP/2.0" CRLF) is a
 * request; a datagram of CRLFs only is a keepalive and is ignored; anything
 * else is a response candidate, and the library is its judge.
 *
 * Requests (RFC 3261 §16.6, §18.2.1; RFC 3581):
 *   - a request from the next hop itself is dropped: with no Record-Route
 *     there is no route back, and bouncing it would loop; so is one
 *     without a Via;
 *   - Max-Forwards is decremented (added as 70 when absent); a request
 *     arriving with 0 is dropped (a stateful proxy would answer 483);
 *   - the top Via gets ";received=IP" when its host is not the source IP
 *     or it has "rport", and an empty "rport" is filled with the source port;
 *   - our Via goes on top: "SIP/2.0/UDP <-l>;branch=z9hG4bK<hash>", the
 *     hash (FNV-1a) being of the client's top via-parm, so that a CANCEL or
 *     non-2xx ACK gets the branch of its INVITE, as §16.11 asks.
 *
 * Responses: sipstatus_parse(buf, len, 0) (strict RFC 3261), then:
 *   - SIPSTATUS_OK: the Status-Line is kept byte for byte;
 *   - a bad reason (E_REASON, E_ESCAPE, E_UTF8), or a missing one
 *     (E_SPACE at a CR right after three code digits: "SIP/2.0 200\r\n"):
 *     the code is good, so the line is rewritten as
 *     sipstatus_format(code, NULL), the registered phrase ("" when the
 *     code is unregistered).  The old line's end is where a re-parse with
 *     SIPSTATUS_LENIENT_SPACE | SIPSTATUS_LENIENT_REASON ends it; when that
 *     fails too (a control byte in the reason, no CRLF) it is dropped;
 *   - any other result (E_VERSION, E_CODE, E_EOL, other E_SPACE, or
 *     INCOMPLETE: a datagram is all there is): the code or the framing is
 *     in doubt, and peers may read the line differently, so no rewrite
 *     can be trusted: dropped, with the line
 *     "relay: dropped response from A:P: <E_NAME> at byte N" on stderr.
 *     Rewrites log "relay: rewrote response from A:P: <E_NAME> at byte N:
 *     <new line>".  N is sipstatus_line.error_offset, 0-based.
 *   Then the top Via must be ours (sent-by is -l); it is removed, and the
 *   response goes to the next Via's received (else its host) and rport
 *   (else its port, else 5060).  Not routable: dropped, with a log line.
 *   The rest of the message is forwarded unchanged.
 *
 * Counters, printed on SIGINT/SIGTERM before exiting 0 as
 * "relay: requests=R responses=S rewritten=W dropped=D": requests and
 * responses forwarded, responses rewritten (and forwarded, so counted in
 * S too), datagrams dropped (requests too).  -v logs every datagram
 * forwarded as "relay: A:P -> A:P: <first line>".
 *
 * Not supported (dropped or passed as is, never guessed): IPv6, DNS names
 * in Via (only IPv4 literals), maddr, folded or quoted Via parameters,
 * TCP.  It is an example of using the library, not a production proxy.
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sipstatus.h>

#define DGRAM_MAX 65535 /* more than any UDP payload */
#define OUT_MAX (DGRAM_MAX + 512)

static volatile sig_atomic_t stop;

struct relay {
    int fd;
    int verbose;
    struct sockaddr_in self, next;
    char self_str[32]; /* "IP:PORT" of -l, our Via's sent-by */
    unsigned long requests, responses, rewritten, dropped;
};

/* Output buffer; sets full instead of writing past cap. */
struct out {
    char *buf;
    size_t len, cap;
    int full;
};

/* One via-parm: spans into the message; end is at its ',' or end of line.
 * rport is set when the parameter is there, its value or not; rport_end is
 * where the parameter ends, rport_eq whether it has an '='. */
struct via {
    const char *host, *port, *received, *rport, *rport_end, *end;
    size_t host_n, port_n, received_n, rport_n;
    int rport_eq;
};

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static void say(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fputs("relay: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static void put(struct out *o, const char *p, size_t n)
{
    if (o->full || n > o->cap - o->len) {
        o->full = 1;
        return;
    }
    memcpy(o->buf + o->len, p, n);
    o->len += n;
}

static void putf(struct out *o, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp)
        o->full = 1;
    else
        put(o, tmp, (size_t)n);
}

static int is_space(char c) { return c == ' ' || c == '\t'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }
static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

static int same_ci(const char *p, size_t n, const char *s)
{
    size_t i;

    if (n != strlen(s))
        return 0;
    for (i = 0; i < n; i++)
        if (lower(p[i]) != s[i])
            return 0;
    return 1;
}

/* The end of the line at p: past its LF, or end. */
static const char *line_end(const char *p, const char *end)
{
    const char *lf = memchr(p, '\n', (size_t)(end - p));

    return lf ? lf + 1 : end;
}

/* The end of the line's text: before its CRLF or LF. */
static const char *text_end(const char *p, const char *le)
{
    if (le > p && le[-1] == '\n')
        le--;
    if (le > p && le[-1] == '\r')
        le--;
    return le;
}

/* The length of the header value at p, its line ending at le, without
 * trailing whitespace. */
static size_t span_len(const char *p, const char *le)
{
    le = text_end(p, le);
    while (le > p && is_space(le[-1]))
        le--;
    return (size_t)(le - p);
}

/* The first header line named `name` or `compact` (NULL: none) in [p, end),
 * up to the empty line; *value is set past the ':' and whitespace.  NULL if none. */
static const char *find_header(const char *p, const char *end, const char *name,
                               const char *compact, const char **value)
{
    for (; p < end; p = line_end(p, end)) {
        const char *le = text_end(p, line_end(p, end)), *q = p;

        if (le == p)
            return NULL;
        while (q < le && *q != ':' && !is_space(*q))
            q++;
        if (!same_ci(p, (size_t)(q - p), name) && (!compact || !same_ci(p, (size_t)(q - p), compact)))
            continue;
        while (q < le && is_space(*q))
            q++;
        if (q == le || *q != ':')
            continue;
        for (q++; q < le && is_space(*q); q++)
            ;
        *value = q;
        return p;
    }
    return NULL;
}

/* Reads the via-parm at p (after "Via:") up to le; 0, or -1 without host. */
static int via_scan(const char *p, const char *le, struct via *v)
{
    memset(v, 0, sizeof *v);
    while (p < le && !is_space(*p)) /* sent-protocol */
        p++;
    while (p < le && is_space(*p))
        p++;
    for (v->host = p; p < le && !memchr(":;, \t", *p, 5); p++)
        ;
    v->host_n = (size_t)(p - v->host);
    if (p < le && *p == ':')
        for (v->port = ++p; p < le && is_digit(*p); p++)
            v->port_n++;
    while (p < le && *p != ',') {
        const char *name, *val = NULL;
        size_t name_n, val_n = 0;

        if (*p++ != ';')
            continue;
        while (p < le && is_space(*p))
            p++;
        for (name = p; p < le && !memchr("=;, \t", *p, 5); p++)
            ;
        name_n = (size_t)(p - name);
        while (p < le && is_space(*p))
            p++;
        if (p < le && *p == '=') {
            for (p++; p < le && is_space(*p); p++)
                ;
            for (val = p; p < le && !memchr(";, \t", *p, 4); p++)
                ;
            val_n = (size_t)(p - val);
        }
        if (same_ci(name, name_n, "received")) {
            v->received = val;
            v->received_n = val_n;
        } else if (same_ci(name, name_n, "rport")) {
            v->rport = val ? val : name;
            v->rport_n = val_n;
            v->rport_end = val ? p : name + name_n;
            v->rport_eq = val != NULL;
        }
    }
    v->end = p;
    return v->host_n ? 0 : -1;
}

/* Digits p[0..n) as a number no greater than max; -1 if not one. */
static long number(const char *p, size_t n, long max)
{
    long v = 0;
    size_t i;

    if (n == 0)
        return -1;
    for (i = 0; i < n; i++) {
        if (!is_digit(p[i]) || v > (max - (p[i] - '0')) / 10)
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

/* "IP:PORT" (IP an IPv4 literal) into *sa; 0 or -1. */
static int parse_addr(const char *host, size_t host_n, const char *port, size_t port_n,
                      struct sockaddr_in *sa)
{
    char ip[INET_ADDRSTRLEN];
    long p = port_n ? number(port, port_n, 65535) : 5060;

    memset(sa, 0, sizeof *sa);
    if (host_n >= sizeof ip || p <= 0)
        return -1;
    memcpy(ip, host, host_n);
    ip[host_n] = '\0';
    sa->sin_family = AF_INET;
    sa->sin_port = htons((unsigned short)p);
    return inet_pton(AF_INET, ip, &sa->sin_addr) == 1 ? 0 : -1;
}

static const char *addr_str(const struct sockaddr_in *sa, char *buf, size_t cap)
{
    char ip[INET_ADDRSTRLEN];

    inet_ntop(AF_INET, &sa->sin_addr, ip, sizeof ip);
    snprintf(buf, cap, "%s:%u", ip, (unsigned)ntohs(sa->sin_port));
    return buf;
}

/* Sends o to `to` and counts it in *counter; 0, or -1 when dropped. */
static int send_out(struct relay *r, const struct out *o, const struct sockaddr_in *from,
                    const struct sockaddr_in *to, unsigned long *counter)
{
    char a[32], b[32];

    if (o->full || sendto(r->fd, o->buf, o->len, 0, (const struct sockaddr *)to, sizeof *to) < 0) {
        say("dropped datagram from %s: cannot send to %s: %s", addr_str(from, a, sizeof a),
            addr_str(to, b, sizeof b), o->full ? "too long" : strerror(errno));
        r->dropped++;
        return -1;
    }
    ++*counter;
    if (r->verbose)
        say("%s -> %s: %.*s", addr_str(from, a, sizeof a), addr_str(to, b, sizeof b),
            (int)(text_end(o->buf, line_end(o->buf, o->buf + o->len)) - o->buf), o->buf);
    return 0;
}

static void on_request(struct relay *r, const char *buf, size_t len, const struct sockaddr_in *src,
                       struct out *o)
{
    const char *end = buf + len, *hdrs, *via_line, *via_value, *mf_line, *mf_value, *p;
    char a[32], ip[INET_ADDRSTRLEN];
    unsigned long long hash = 14695981039346656037ull;
    long mf = 0;
    struct via v;

    addr_str(src, a, sizeof a);
    inet_ntop(AF_INET, &src->sin_addr, ip, sizeof ip);
    hdrs = line_end(buf, end);
    via_line = find_header(hdrs, end, "via", "v", &via_value);
    mf_line = find_header(hdrs, end, "max-forwards", NULL, &mf_value);
    if (src->sin_addr.s_addr == r->next.sin_addr.s_addr && src->sin_port == r->next.sin_port) {
        say("dropped request from %s: it comes from the next hop", a);
    } else if (!via_line || via_scan(via_value, text_end(via_line, line_end(via_line, end)), &v) < 0) {
        say("dropped request from %s: no Via", a);
    } else if (mf_line && (mf = number(mf_value, span_len(mf_value, line_end(mf_line, end)), 65535)) <= 0) {
        say("dropped request from %s: Max-Forwards is %s", a, mf == 0 ? "0" : "not a number");
    } else {
        for (p = via_value; p < v.end; p++)
            hash = (hash ^ (unsigned char)*p) * 1099511628211ull;
        put(o, buf, (size_t)(hdrs - buf));
        putf(o, "Via: SIP/2.0/UDP %s;branch=z9hG4bK%016llx\r\n", r->self_str, hash);
        for (p = hdrs; p < end && text_end(p, line_end(p, end)) != p; p = line_end(p, end)) {
            if (p == mf_line) {
                putf(o, "Max-Forwards: %ld\r\n", mf - 1);
            } else if (p == via_line) {
                int fill = v.rport && !v.rport_n; /* RFC 3581 §4 */
                const char *rp = fill ? v.rport_end : v.end;

                put(o, p, (size_t)(rp - p));
                if (fill)
                    putf(o, v.rport_eq ? "%u" : "=%u", (unsigned)ntohs(src->sin_port));
                put(o, rp, (size_t)(v.end - rp));
                if (v.rport || !same_ci(v.host, v.host_n, ip))
                    putf(o, ";received=%s", ip);
                put(o, v.end, (size_t)(line_end(p, end) - v.end));
            } else {
                put(o, p, (size_t)(line_end(p, end) - p));
            }
        }
        if (!mf_line)
            put(o, "Max-Forwards: 70\r\n", 18);
        put(o, p, (size_t)(end - p));
        send_out(r, o, src, &r->next, &r->requests);
        return;
    }
    r->dropped++;
}

static void on_response(struct relay *r, const char *buf, size_t len, const struct sockaddr_in *src,
                        struct out *o)
{
    const char *end = buf + len, *rest, *via_line, *via_value, *le, *next_value = NULL, *keep;
    char a[32], status[128];
    struct sipstatus_line line, lax;
    struct sockaddr_in dst;
    struct via v, next;
    size_t status_n;
    int n, rc = sipstatus_parse(buf, len, 0, &line);
    int fixable = rc == SIPSTATUS_E_REASON || rc == SIPSTATUS_E_ESCAPE || rc == SIPSTATUS_E_UTF8 ||
                  (rc == SIPSTATUS_E_SPACE && line.code >= 100 && line.error_offset < len &&
                   buf[line.error_offset] == '\r');

    addr_str(src, a, sizeof a);
    if (rc == SIPSTATUS_OK) {
        rest = buf + line.length;
        status_n = line.length;
    } else if (fixable &&
               sipstatus_parse(buf, len, SIPSTATUS_LENIENT_SPACE | SIPSTATUS_LENIENT_REASON, &lax) ==
                   SIPSTATUS_OK &&
               lax.code == line.code &&
               (n = sipstatus_format(status, sizeof status, line.code, NULL, 0, 0)) > 0 &&
               (size_t)n < sizeof status) {
        status_n = (size_t)n;
        rest = buf + lax.length;
    } else {
        say("dropped response from %s: %s at byte %zu", a, sipstatus_errname(rc),
            rc == SIPSTATUS_INCOMPLETE ? len : line.error_offset);
        r->dropped++;
        return;
    }

    via_line = find_header(rest, end, "via", "v", &via_value);
    le = via_line ? line_end(via_line, end) : NULL;
    if (!via_line || via_scan(via_value, text_end(via_line, le), &v) < 0 || !v.port ||
        !same_ci(v.host, (size_t)(v.port + v.port_n - v.host), r->self_str)) {
        say("dropped response from %s: the top Via is not ours", a);
        r->dropped++;
        return;
    }
    if (v.end < text_end(via_line, le)) { /* ",": the next via-parm is on this line */
        for (next_value = v.end + 1; next_value < le && is_space(*next_value); next_value++)
            ;
        keep = next_value;
    } else {
        keep = le;
        find_header(le, end, "via", "v", &next_value);
    }
    if (!next_value || via_scan(next_value, text_end(next_value, line_end(next_value, end)), &next) < 0 ||
        parse_addr(next.received ? next.received : next.host,
                   next.received ? next.received_n : next.host_n,
                   next.rport_n ? next.rport : next.port, next.rport_n ? next.rport_n : next.port_n,
                   &dst) < 0) {
        say("dropped response from %s: no IPv4 Via to send it back to", a);
        r->dropped++;
        return;
    }

    if (rc != SIPSTATUS_OK) {
        say("rewrote response from %s: %s at byte %zu: %.*s", a, sipstatus_errname(rc),
            line.error_offset, (int)status_n - 2, status);
        put(o, status, status_n);
    } else {
        put(o, buf, status_n);
    }
    put(o, rest, (size_t)(via_line - rest));
    if (keep != le)
        put(o, via_line, (size_t)(via_value - via_line));
    put(o, keep, (size_t)(end - keep));
    if (send_out(r, o, src, &dst, &r->responses) == 0 && rc != SIPSTATUS_OK)
        r->rewritten++;
}

static void on_datagram(struct relay *r, const char *buf, size_t len, const struct sockaddr_in *src)
{
    char out_buf[OUT_MAX];
    struct out o = {out_buf, 0, sizeof out_buf, 0};
    const char *first_end = text_end(buf, line_end(buf, buf + len));
    size_t n = (size_t)(first_end - buf), i;

    for (i = 0; i < len && (buf[i] == '\r' || buf[i] == '\n'); i++)
        ;
    if (i == len)
        return; /* a keepalive */
    if (n > 8 && first_end < buf + len && *first_end == '\r' && !same_ci(buf, 4, "sip/") &&
        same_ci(first_end - 8, 8, " sip/2.0"))
        on_request(r, buf, len, src, &o);
    else
        on_response(r, buf, len, src, &o);
}

static int parse_arg(const char *arg, struct sockaddr_in *sa)
{
    const char *colon = strrchr(arg, ':');

    if (!colon || parse_addr(arg, (size_t)(colon - arg), colon + 1, strlen(colon + 1), sa) < 0 ||
        !colon[1])
        return -1;
    return 0;
}

int main(int argc, char **argv)
{
    struct relay r;
    struct sigaction sa;
    sigset_t block, orig;
    char in[DGRAM_MAX + 1], b[32];
    int opt;

    memset(&r, 0, sizeof r);
    r.fd = -1;
    while ((opt = getopt(argc, argv, "l:n:v")) != -1) {
        if (opt == 'l' && parse_arg(optarg, &r.self) == 0 && r.self.sin_addr.s_addr != INADDR_ANY)
            addr_str(&r.self, r.self_str, sizeof r.self_str);
        else if (opt == 'n' && parse_arg(optarg, &r.next) == 0)
            continue;
        else if (opt == 'v')
            r.verbose = 1;
        else
            goto usage;
    }
    if (optind != argc || !r.self_str[0] || !r.next.sin_family)
        goto usage;

    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigprocmask(SIG_BLOCK, &block, &orig); /* delivered only inside pselect() */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    r.fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (r.fd < 0 || bind(r.fd, (struct sockaddr *)&r.self, sizeof r.self) < 0 ||
        fcntl(r.fd, F_SETFL, O_NONBLOCK) < 0) {
        say("cannot listen on %s: %s", r.self_str, strerror(errno));
        return 1;
    }
    say("listening on %s, next hop %s", r.self_str, addr_str(&r.next, b, sizeof b));

    while (!stop) {
        struct sockaddr_in src;
        socklen_t slen = sizeof src;
        fd_set rd;
        ssize_t got;

        FD_ZERO(&rd);
        FD_SET(r.fd, &rd);
        if (pselect(r.fd + 1, &rd, NULL, NULL, NULL, &orig) < 0) {
            if (errno == EINTR)
                continue;
            say("pselect: %s", strerror(errno));
            break;
        }
        got = recvfrom(r.fd, in, sizeof in, 0, (struct sockaddr *)&src, &slen);
        if (got > 0 && src.sin_family == AF_INET)
            on_datagram(&r, in, (size_t)got, &src);
    }
    sigprocmask(SIG_SETMASK, &orig, NULL);
    say("requests=%lu responses=%lu rewritten=%lu dropped=%lu", r.requests, r.responses,
        r.rewritten, r.dropped);
    close(r.fd);
    return 0;

usage:
    fprintf(stderr, "usage: relay -l IP:PORT -n IP:PORT [-v]\n");
    return 2;
}
