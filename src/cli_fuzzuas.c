/* SPDX-License-Identifier: MIT */
/* cli_fuzzuas.c - `sipstatus fuzz-uas`: a UAS on the network that answers each request with a generated, labelled Status-Line. */
#define _GNU_SOURCE /* accept4 */
#include "cli.h"
#include "cli_listen.h"
#include "cli_sipreq.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "gen.h"

/* The bounds of a run (man/sipstatus.1): about 6 MiB in all, mostly the
 * TCP buffers (UAS_CONNS x SIPREQ_MAX) and the transaction table. */
#define UAS_TXNS 256        /* INVITE transactions remembered (for CANCEL) */
#define UAS_CONNS 64        /* TCP connections at once; more are refused */
#define UAS_HISTORY 16      /* status lines kept for --crashes */
#define UAS_HEAD_MAX 6144   /* header block of one response */
#define UAS_MISSES 3        /* unanswered probes in a row: hung or dead */
#define UAS_FINAL_MS 20     /* delay of an INVITE's final after a provisional */
#define UAS_DRAWS 512       /* generator draws to find a line that fits */
#define DEFAULT_LISTEN "127.0.0.1:5060"

/* The parse flags the generator knows (as gen). */
#define GEN_FLAGS (SIPSTATUS_LENIENT | SIPSTATUS_STRICT_UTF8 | SIPSTATUS_REGISTERED_ONLY | \
                   SIPSTATUS_SKIP_CRLF | SIPSTATUS_ANY_CODE)

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
    stop_signal = sig;
}

enum txn_state { T_FREE, T_PROCEEDING, T_DONE };

/* An INVITE server transaction (RFC 3261 section 17.2.1), reduced to what
 * a final response and a CANCEL need. */
struct txn {
    enum txn_state state;
    uint64_t key;       /* Call-ID, CSeq number and top Via */
    double due;         /* monotonic time of the pending final */
    unsigned long seq;  /* age, for eviction */
    int conn;           /* TCP connection index, or -1 for UDP */
    struct sockaddr_storage peer;
    socklen_t peer_len;
    char head[UAS_HEAD_MAX]; /* the header block its responses carry */
    size_t head_len;
    char call_id[128], cseq[64];
};

struct conn {
    int fd;             /* -1: free */
    struct sockaddr_storage peer;
    socklen_t peer_len;
    char buf[SIPREQ_MAX];
    size_t len;
};

/* A response sent, as the log and the reproducers give it. */
struct sent {
    char line[GEN_MAX];
    size_t len;
    int rc;
    size_t offset;
    const char *family;
    char method[32], call_id[128], cseq[64], peer[64];
    double time;
};

struct uas {
    struct opts *o;
    int tcp;
    int fd;                     /* UDP socket or TCP listener */
    struct sockaddr_storage local;
    socklen_t local_len;
    char local_name[64];
    struct conn *conns;         /* UAS_CONNS */
    struct txn *txns;           /* UAS_TXNS */
    char udp_buf[SIPREQ_MAX];   /* one datagram */
    unsigned long txn_seq;
    struct gen_rng rng;
    size_t gen_i;               /* the generator's case number */
    struct gen_case *c;
    FILE *log;
    struct sent hist[UAS_HISTORY];
    size_t nsent;               /* responses sent */
    size_t requests, bad, acks, ignored, refused_conns, probes;
    /* the probe */
    int have_peer, peer_conn;
    struct sockaddr_storage peer;
    socklen_t peer_len;
    double next_probe;
    int probe_pending, misses;
    char probe_id[64];
};

static double now_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now_wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "ADDR:PORT" of a socket address, for the log and headers. */
static void addr_name(const struct sockaddr_storage *ss, char *out, size_t n, char *host,
                      size_t hn, unsigned *port)
{
    char h[INET6_ADDRSTRLEN] = "?";
    unsigned p = 0;

    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)ss;
        inet_ntop(AF_INET, &s4->sin_addr, h, sizeof h);
        p = ntohs(s4->sin_port);
        snprintf(out, n, "%s:%u", h, p);
    } else if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;
        inet_ntop(AF_INET6, &s6->sin6_addr, h, sizeof h);
        p = ntohs(s6->sin6_port);
        snprintf(out, n, "[%s]:%u", h, p);
    } else {
        snprintf(out, n, "?");
    }
    if (host != NULL)
        snprintf(host, hn, "%s", h);
    if (port != NULL)
        *port = p;
}

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++) {
        h ^= (unsigned char)s[k];
        h *= 1099511628211ull;
    }
    return h;
}

/* The top Via value: the first field up to its first comma outside quotes. */
static struct sipreq_span top_via(const char *buf, const struct sipreq *rq)
{
    struct sipreq_span s = rq->vias[0];
    size_t k;
    int quote = 0;

    for (k = 0; k < s.len; k++) {
        if (buf[s.off + k] == '"')
            quote = !quote;
        else if (buf[s.off + k] == ',' && !quote)
            break;
    }
    while (k > 0 && (buf[s.off + k - 1] == ' ' || buf[s.off + k - 1] == '\t'))
        k--;
    s.len = k;
    return s;
}

/* A CANCEL matches its INVITE by Call-ID, CSeq number and the top Via's
 * branch (RFC 3261 sections 9.2, 17.2.3). */
static uint64_t txn_key(const char *buf, const struct sipreq *rq)
{
    struct sipreq_span v = top_via(buf, rq);
    size_t k;

    /* the branch alone: a UAC may echo our received= into its CANCEL */
    for (k = 0; k + 8 <= v.len; k++) {
        if (strncmp(buf + v.off + k, ";branch=", 8) == 0) {
            size_t e = k + 8;
            while (e < v.len && buf[v.off + e] != ';')
                e++;
            v.off += k;
            v.len = e - k;
            break;
        }
    }
    uint64_t h = 14695981039346656037ull;
    char num[24];
    int n = snprintf(num, sizeof num, "|%lu|", rq->cseq_num);

    h = fnv(h, buf + rq->call_id.off, rq->call_id.len);
    h = fnv(h, num, (size_t)n);
    return fnv(h, buf + v.off, v.len);
}

/* Appends to a bounded buffer; *len stays <= cap, *over set when cut. */
struct out {
    char *p;
    size_t len, cap;
    int over;
};

static void put(struct out *w, const char *s, size_t n)
{
    if (w->len + n > w->cap) {
        w->over = 1;
        return;
    }
    memcpy(w->p + w->len, s, n);
    w->len += n;
}

static void puts_(struct out *w, const char *s)
{
    put(w, s, strlen(s));
}

/* The header block of a response to rq (RFC 3261 section 8.2.6.2): every
 * Via in order, the top one with received (RFC 3261 section 18.2.1) and
 * rport filled in when asked for (RFC 3581 section 4); From; To with our
 * tag when it has none; Call-ID; CSeq; a Contact for INVITE; no body.
 * Returns its length, or 0 when it does not fit UAS_HEAD_MAX. */
static size_t build_head(struct uas *u, const char *buf, const struct sipreq *rq,
                         const struct sockaddr_storage *src, char *head)
{
    struct out w = {head, 0, UAS_HEAD_MAX, 0};
    struct sipreq_span top = top_via(buf, rq);
    char host[INET6_ADDRSTRLEN], name[64], tmp[160];
    unsigned port;
    size_t k;

    addr_name(src, name, sizeof name, host, sizeof host, &port);
    for (k = 0; k < rq->nvias; k++) {
        struct sipreq_span v = rq->vias[k];
        puts_(&w, "Via: ");
        if (k == 0) {
            /* the top value's parameters, rport given our view of the port */
            size_t p = top.off, e = top.off + top.len, seg;
            while (p < e) {
                seg = p + 1;
                while (seg < e && buf[seg] != ';')
                    seg++;
                if (buf[p] == ';' && seg - p == 6 && strncmp(buf + p, ";rport", 6) == 0) {
                    snprintf(tmp, sizeof tmp, ";rport=%u", port);
                    puts_(&w, tmp);
                } else if (buf[p] == ';' && seg - p > 9 && strncmp(buf + p, ";received", 9) == 0 &&
                           buf[p + 9] == '=') {
                    /* ours replaces a received the request carried */
                } else {
                    put(&w, buf + p, seg - p);
                }
                p = seg;
            }
            snprintf(tmp, sizeof tmp, ";received=%s", host);
            puts_(&w, tmp);
            put(&w, buf + top.off + top.len, v.off + v.len - (top.off + top.len));
        } else {
            put(&w, buf + v.off, v.len);
        }
        puts_(&w, "\r\n");
    }
    puts_(&w, "From: ");
    put(&w, buf + rq->from.off, rq->from.len);
    puts_(&w, "\r\nTo: ");
    put(&w, buf + rq->to.off, rq->to.len);
    if (!rq->to_has_tag) {
        /* the same tag for every response of a dialog (Call-ID, From) */
        uint64_t h = fnv(fnv(14695981039346656037ull, buf + rq->call_id.off, rq->call_id.len),
                         buf + rq->from.off, rq->from.len);
        snprintf(tmp, sizeof tmp, ";tag=fz%016llx", (unsigned long long)h);
        puts_(&w, tmp);
    }
    puts_(&w, "\r\nCall-ID: ");
    put(&w, buf + rq->call_id.off, rq->call_id.len);
    puts_(&w, "\r\nCSeq: ");
    put(&w, buf + rq->cseq.off, rq->cseq.len);
    puts_(&w, "\r\n");
    if (sipreq_is(buf, rq->method, "INVITE")) {
        snprintf(tmp, sizeof tmp, "Contact: <sip:fuzz-uas@%s;transport=%s>\r\n", u->local_name,
                 u->tcp ? "tcp" : "udp");
        puts_(&w, tmp);
    }
    puts_(&w, "Server: sipstatus-fuzz-uas\r\nContent-Length: 0\r\n\r\n");
    return w.over ? 0 : w.len;
}

static int family_ok(const struct opts *o, const char *family)
{
    size_t k;

    if (o->uas_nfamilies == 0)
        return 1;
    for (k = 0; k < o->uas_nfamilies; k++)
        if (strcmp(o->uas_families[k], family) == 0)
            return 1;
    return 0;
}

/* The next generated case into u->c: any that --family and the mode let
 * through, or (final) a valid one with a final code, so that an INVITE's
 * transaction ends.  Returns 0, or -1 when UAS_DRAWS draws found none. */
static int next_case(struct uas *u, int final)
{
    const struct opts *o = u->o;
    unsigned flags = o->flags & GEN_FLAGS;
    size_t d;

    for (d = 0; d < UAS_DRAWS; d++) {
        size_t i = u->gen_i++;
        int invalid = o->mode == MODE_INVALID || (o->mode == MODE_MIX && i % 2 == 1);
        size_t k = o->mode == MODE_MIX ? i / 2 : i;
        struct sipstatus_line l;

        if (final) {
            gen_valid(&u->rng, flags, i, u->c);
            if (sipstatus_parse(u->c->buf, u->c->len, o->flags, &l) == SIPSTATUS_OK &&
                l.code >= 200)
                return 0;
            continue;
        }
        if (invalid)
            gen_invalid(&u->rng, flags, k, u->c);
        else
            gen_valid(&u->rng, flags, k, u->c);
        if (family_ok(o, u->c->family))
            return 0;
    }
    return -1;
}

static void put_record(FILE *f, const struct sent *s, int tcp)
{
    fprintf(f, "{\"time\": %.6f, \"transport\": \"%s\", \"peer\": \"%s\", \"line\": ", s->time,
            tcp ? "tcp" : "udp", s->peer);
    put_json_string(f, s->line, s->len);
    fprintf(f, ", \"label\": \"%s\", \"kind\": \"%s\", \"offset\": ",
            s->rc == SIPSTATUS_OK ? "valid" : "invalid", sipstatus_errname(s->rc));
    if (s->rc == SIPSTATUS_OK)
        fputs("null", f);
    else
        fprintf(f, "%zu", s->offset);
    fprintf(f, ", \"family\": \"%s\", \"request\": {\"method\": ", s->family);
    put_json_string(f, s->method, strlen(s->method));
    fputs(", \"call_id\": ", f);
    put_json_string(f, s->call_id, strlen(s->call_id));
    fputs(", \"cseq\": ", f);
    put_json_string(f, s->cseq, strlen(s->cseq));
    fputs("}}", f);
}

static void copy_span(char *dst, size_t n, const char *buf, struct sipreq_span s)
{
    size_t k = s.len < n - 1 ? s.len : n - 1;
    memcpy(dst, buf + s.off, k);
    dst[k] = '\0';
}

/* Sends line + head to the peer (UDP) or connection, logs and records it. */
static void send_response(struct uas *u, const char *line, size_t len, const char *family,
                          const char *head, size_t head_len, int conn,
                          const struct sockaddr_storage *peer, socklen_t peer_len,
                          const char *method, const char *call_id, const char *cseq)
{
    struct sent *s = &u->hist[u->nsent % UAS_HISTORY];
    struct sipstatus_line l;
    char msg[GEN_MAX + UAS_HEAD_MAX];

    memcpy(msg, line, len);
    memcpy(msg + len, head, head_len);
    if (conn >= 0) {
        if (u->conns[conn].fd >= 0 &&
            send(u->conns[conn].fd, msg, len + head_len, MSG_NOSIGNAL) < 0) {
            fprintf(stderr, "%s: fuzz-uas: send: %s\n", PROG, strerror(errno));
        }
    } else if (sendto(u->fd, msg, len + head_len, 0, (const struct sockaddr *)peer, peer_len) < 0) {
        fprintf(stderr, "%s: fuzz-uas: sendto: %s\n", PROG, strerror(errno));
    }
    memcpy(s->line, line, len);
    s->len = len;
    s->rc = sipstatus_parse(line, len, u->o->flags, &l);
    s->offset = s->rc == SIPSTATUS_OK ? 0 : l.error_offset;
    s->family = family;
    snprintf(s->method, sizeof s->method, "%s", method);
    snprintf(s->call_id, sizeof s->call_id, "%s", call_id);
    snprintf(s->cseq, sizeof s->cseq, "%s", cseq);
    addr_name(peer, s->peer, sizeof s->peer, NULL, 0, NULL);
    s->time = now_wall();
    if (u->log != NULL) {
        put_record(u->log, s, u->tcp);
        putc('\n', u->log);
        fflush(u->log);
    }
    u->nsent++;
}

/* Sends a generated line (final: a valid final one) with the head. */
static int send_generated(struct uas *u, int final, const char *head, size_t head_len, int conn,
                          const struct sockaddr_storage *peer, socklen_t peer_len,
                          const char *method, const char *call_id, const char *cseq, int *rc,
                          unsigned *code)
{
    struct sipstatus_line l;

    if (next_case(u, final) < 0) {
        fprintf(stderr, "%s: fuzz-uas: the generator gave no line for --family\n", PROG);
        return -1;
    }
    *rc = sipstatus_parse(u->c->buf, u->c->len, u->o->flags, &l);
    *code = *rc == SIPSTATUS_OK ? l.code : 0;
    send_response(u, u->c->buf, u->c->len, u->c->family, head, head_len, conn, peer, peer_len,
                  method, call_id, cseq);
    return 0;
}

static void send_fixed(struct uas *u, const char *line, const struct txn *t, const char *head,
                       size_t head_len, const char *method, const char *call_id, const char *cseq)
{
    send_response(u, line, strlen(line), "fixed", head, head_len, t->conn, &t->peer,
                  t->peer_len, method, call_id, cseq);
}

static struct txn *txn_find(struct uas *u, uint64_t key)
{
    size_t k;
    for (k = 0; k < UAS_TXNS; k++)
        if (u->txns[k].state != T_FREE && u->txns[k].key == key)
            return &u->txns[k];
    return NULL;
}

/* The final of a proceeding INVITE transaction. */
static int txn_final(struct uas *u, struct txn *t)
{
    int rc;
    unsigned code;

    t->state = T_DONE;
    return send_generated(u, 1, t->head, t->head_len, t->conn, &t->peer, t->peer_len, "INVITE",
                          t->call_id, t->cseq, &rc, &code);
}

/* A free slot, else the oldest done one, else the oldest (its final sent first). */
static struct txn *txn_slot(struct uas *u)
{
    struct txn *best = NULL;
    size_t k;

    for (k = 0; k < UAS_TXNS; k++) {
        struct txn *t = &u->txns[k];
        if (t->state == T_FREE)
            return t;
        if (best == NULL || (t->state == T_DONE && best->state != T_DONE) ||
            (t->state == best->state && t->seq < best->seq))
            best = t;
    }
    if (best->state == T_PROCEEDING)
        txn_final(u, best);
    return best;
}

/* Answers one request (buf[0..rq->length)) from peer / connection conn. */
static int handle_request(struct uas *u, const char *buf, const struct sipreq *rq, int conn,
                          const struct sockaddr_storage *peer, socklen_t peer_len)
{
    char head[UAS_HEAD_MAX], method[32], call_id[128], cseq[64];
    size_t head_len;
    int rc;
    unsigned code;

    u->requests++;
    if (sipreq_is(buf, rq->method, "ACK")) {
        u->acks++;
        return 0;
    }
    head_len = build_head(u, buf, rq, peer, head);
    if (head_len == 0) {
        u->bad++;
        return 0;
    }
    copy_span(method, sizeof method, buf, rq->method);
    copy_span(call_id, sizeof call_id, buf, rq->call_id);
    copy_span(cseq, sizeof cseq, buf, rq->cseq);
    u->have_peer = 1;
    u->peer = *peer;
    u->peer_len = peer_len;
    u->peer_conn = conn;
    if (sipreq_is(buf, rq->method, "CANCEL")) {
        struct txn *t = txn_find(u, txn_key(buf, rq)), tmp;

        tmp.conn = conn;
        tmp.peer = *peer;
        tmp.peer_len = peer_len;
        if (t == NULL) {
            send_fixed(u, "SIP/2.0 481 Call/Transaction Does Not Exist\r\n", &tmp, head, head_len,
                       method, call_id, cseq);
            return 0;
        }
        send_fixed(u, "SIP/2.0 200 OK\r\n", &tmp, head, head_len, method, call_id, cseq);
        if (t->state == T_PROCEEDING) {
            send_fixed(u, "SIP/2.0 487 Request Terminated\r\n", t, t->head, t->head_len, "INVITE",
                       t->call_id, t->cseq);
            t->state = T_DONE;
        }
        return 0;
    }
    if (sipreq_is(buf, rq->method, "INVITE")) {
        uint64_t key = txn_key(buf, rq);
        struct txn *t = txn_find(u, key);

        if (t != NULL) { /* a retransmission: the transaction answers it in time */
            u->ignored++;
            return 0;
        }
        if (send_generated(u, 0, head, head_len, conn, peer, peer_len, method, call_id, cseq, &rc,
                           &code) < 0)
            return -1;
        t = txn_slot(u);
        t->key = key;
        t->seq = u->txn_seq++;
        t->conn = conn;
        t->peer = *peer;
        t->peer_len = peer_len;
        memcpy(t->head, head, head_len);
        t->head_len = head_len;
        snprintf(t->call_id, sizeof t->call_id, "%s", call_id);
        snprintf(t->cseq, sizeof t->cseq, "%s", cseq);
        if (rc == SIPSTATUS_OK && code >= 200) {
            t->state = T_DONE;
        } else {
            t->state = T_PROCEEDING;
            t->due = now_mono() + UAS_FINAL_MS / 1000.0;
        }
        return 0;
    }
    return send_generated(u, 0, head, head_len, conn, peer, peer_len, method, call_id, cseq, &rc,
                          &code);
}

/* Whether a response is the answer to the pending probe. */
static void check_probe_answer(struct uas *u, const char *buf, size_t n)
{
    size_t idl = strlen(u->probe_id);
    size_t k;

    if (!u->probe_pending || idl == 0 || n < idl)
        return;
    for (k = 0; k + idl <= n; k++) {
        if (memcmp(buf + k, u->probe_id, idl) == 0) {
            u->probe_pending = 0;
            u->misses = 0;
            return;
        }
    }
}

/* Reads a datagram or stream bytes: requests answered, responses (to the
 * probe) matched, anything else counted as bad. */
static int handle_bytes(struct uas *u, const char *buf, size_t n, int conn,
                        const struct sockaddr_storage *peer, socklen_t peer_len, size_t *used)
{
    struct sipreq rq;
    int r;

    if (n >= 8 && memcmp(buf, "SIP/2.0 ", 8) == 0) {
        /* a response: only the probe's are expected; frame it to skip it */
        const char *end = NULL;
        size_t k;
        for (k = 0; k + 3 < n; k++)
            if (memcmp(buf + k, "\r\n\r\n", 4) == 0) {
                end = buf + k + 4;
                break;
            }
        if (end == NULL && conn >= 0 && n < SIPREQ_MAX) {
            *used = 0;
            return 0;
        }
        check_probe_answer(u, buf, end == NULL ? n : (size_t)(end - buf));
        *used = end == NULL || conn < 0 ? n : (size_t)(end - buf);
        return 0;
    }
    r = sipreq_read(buf, n, &rq);
    if (r == 0 && conn >= 0) {
        *used = 0;
        return 0;
    }
    if (r <= 0) {
        u->bad++;
        *used = n; /* UDP: the datagram; TCP: no framing left, drop it all */
        return 0;
    }
    *used = conn >= 0 ? rq.length : n;
    return handle_request(u, buf, &rq, conn, peer, peer_len);
}

static void send_probe(struct uas *u)
{
    char msg[1024], peer[64];
    int n;

    u->probes++;
    addr_name(&u->peer, peer, sizeof peer, NULL, 0, NULL);
    snprintf(u->probe_id, sizeof u->probe_id, "sipstatus-probe-%zu-%llu", u->probes,
             u->o->seed);
    n = snprintf(msg, sizeof msg,
                 "OPTIONS sip:%s SIP/2.0\r\n"
                 "Via: SIP/2.0/%s %s;branch=z9hG4bK-%s;rport\r\n"
                 "Max-Forwards: 70\r\n"
                 "From: <sip:probe@%s>;tag=%s\r\n"
                 "To: <sip:%s>\r\n"
                 "Call-ID: %s\r\n"
                 "CSeq: %zu OPTIONS\r\n"
                 "Content-Length: 0\r\n\r\n",
                 peer, u->tcp ? "TCP" : "UDP", u->local_name, u->probe_id, u->local_name,
                 u->probe_id, peer, u->probe_id, u->probes);
    u->probe_pending = 1;
    if (u->tcp) {
        if (u->peer_conn >= 0 && u->conns[u->peer_conn].fd >= 0)
            send(u->conns[u->peer_conn].fd, msg, (size_t)n, MSG_NOSIGNAL);
    } else {
        sendto(u->fd, msg, (size_t)n, 0, (const struct sockaddr *)&u->peer, u->peer_len);
    }
}

/* --probe-cmd: its exit status 0 is an answer. */
static void run_probe_cmd(struct uas *u)
{
    int st = system(u->o->uas_probe_cmd);

    u->probes++;
    if (st == 0)
        u->misses = 0;
    else
        u->misses++;
}

/* The last UAS_HISTORY lines sent, into DIR: NN.line (raw) and labels.jsonl. */
static int write_crashes(struct uas *u)
{
    const char *dir = u->o->uas_crashes;
    size_t first = u->nsent > UAS_HISTORY ? u->nsent - UAS_HISTORY : 0, k;
    size_t plen = strlen(dir) + 32;
    char *path = xrealloc(NULL, plen);
    FILE *labels;
    int r = 0;

    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "%s: fuzz-uas: %s: %s\n", PROG, dir, strerror(errno));
        free(path);
        return -1;
    }
    snprintf(path, plen, "%s/labels.jsonl", dir);
    labels = fopen(path, "w");
    if (labels == NULL) {
        fprintf(stderr, "%s: fuzz-uas: %s: %s\n", PROG, path, strerror(errno));
        free(path);
        return -1;
    }
    for (k = first; k < u->nsent; k++) {
        const struct sent *s = &u->hist[k % UAS_HISTORY];
        FILE *f;

        snprintf(path, plen, "%s/%02zu.line", dir, k - first + 1);
        f = fopen(path, "wb");
        if (f == NULL || fwrite(s->line, 1, s->len, f) != s->len || fclose(f) != 0) {
            fprintf(stderr, "%s: fuzz-uas: %s: %s\n", PROG, path, strerror(errno));
            r = -1;
        }
        fprintf(labels, "{\"file\": \"%02zu.line\", \"record\": ", k - first + 1);
        put_record(labels, s, u->tcp);
        fputs("}\n", labels);
    }
    if (fclose(labels) != 0)
        r = -1;
    free(path);
    return r;
}

static int open_socket(struct uas *u, const char *spec)
{
    int one = 1;

    if (listen_parse_addr(spec, &u->local, &u->local_len) < 0) {
        fprintf(stderr, "%s: fuzz-uas: '%s' is not ADDR:PORT (127.0.0.1:5060, [::1]:5060)\n",
                PROG, spec);
        return -1;
    }
    u->fd = socket(u->local.ss_family, (u->tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
    if (u->fd < 0) {
        fprintf(stderr, "%s: fuzz-uas: socket: %s\n", PROG, strerror(errno));
        return -1;
    }
    setsockopt(u->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(u->fd, (struct sockaddr *)&u->local, u->local_len) != 0 ||
        (u->tcp && listen(u->fd, 64) != 0)) {
        fprintf(stderr, "%s: fuzz-uas: %s: %s\n", PROG, spec, strerror(errno));
        return -1;
    }
    u->local_len = sizeof u->local;
    getsockname(u->fd, (struct sockaddr *)&u->local, &u->local_len);
    addr_name(&u->local, u->local_name, sizeof u->local_name, NULL, 0, NULL);
    return 0;
}

static void accept_conn(struct uas *u)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    int fd = accept4(u->fd, (struct sockaddr *)&ss, &len, SOCK_CLOEXEC | SOCK_NONBLOCK);
    size_t k;

    if (fd < 0)
        return;
    for (k = 0; k < UAS_CONNS; k++) {
        if (u->conns[k].fd < 0) {
            u->conns[k].fd = fd;
            u->conns[k].peer = ss;
            u->conns[k].peer_len = len;
            u->conns[k].len = 0;
            return;
        }
    }
    u->refused_conns++;
    close(fd);
}

static void close_conn(struct uas *u, int k)
{
    close(u->conns[k].fd);
    u->conns[k].fd = -1;
}

/* Reads from connection k and answers every whole request in it. */
static int read_conn(struct uas *u, int k)
{
    struct conn *c = &u->conns[k];
    ssize_t n = recv(c->fd, c->buf + c->len, sizeof c->buf - c->len, 0);
    size_t p = 0;

    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        close_conn(u, k);
        return 0;
    }
    if (n < 0)
        return 0;
    c->len += (size_t)n;
    while (p < c->len) {
        size_t used = 0;
        /* keep-alive CRLFs between messages (RFC 5626 section 3.5.1) */
        while (p < c->len && (c->buf[p] == '\r' || c->buf[p] == '\n'))
            p++;
        if (p == c->len)
            break;
        if (handle_bytes(u, c->buf + p, c->len - p, k, &c->peer, c->peer_len, &used) < 0)
            return -1;
        if (used == 0)
            break;
        p += used;
    }
    memmove(c->buf, c->buf + p, c->len - p);
    c->len -= p;
    return 0;
}

static int read_udp(struct uas *u)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    ssize_t n = recvfrom(u->fd, u->udp_buf, sizeof u->udp_buf, MSG_DONTWAIT,
                         (struct sockaddr *)&ss, &len);
    size_t used;

    if (n <= 0)
        return 0;
    return handle_bytes(u, u->udp_buf, (size_t)n, -1, &ss, len, &used);
}

/* The option of fuzz-uas: 1 when a was one (value taken), 0 when not, -1
 * on a usage error (reported). */
int fuzzuas_option(const char *a, int argc, char **argv, int *i, struct opts *o)
{
    static const char *const names[] = {"--listen", "--family", "--probe-interval",
                                        "--probe-cmd", "--crashes", "--log"};
    const char *v;
    size_t k, d;
    unsigned long ms = 0;

    if (strcmp(a, "--udp") == 0 || strcmp(a, "--tcp") == 0) {
        o->uas_tcp = a[2] == 't';
        return 1;
    }
    for (k = 0; k < sizeof names / sizeof names[0]; k++)
        if (strcmp(a, names[k]) == 0)
            break;
    if (k == sizeof names / sizeof names[0])
        return 0;
    if (*i + 1 >= argc) {
        fprintf(stderr, "%s: %s: option '%s' needs a value\n", PROG, argv[0], a);
        return -1;
    }
    v = argv[++*i];
    switch (k) {
    case 0:
        o->uas_listen = v;
        break;
    case 1:
        if (o->uas_nfamilies == UAS_MAX_FAMILIES) {
            fprintf(stderr, "%s: %s: at most %d --family\n", PROG, argv[0], UAS_MAX_FAMILIES);
            return -1;
        }
        o->uas_families[o->uas_nfamilies++] = v;
        break;
    case 2:
        for (d = 0; v[d] >= '0' && v[d] <= '9' && d < 9; d++)
            ms = ms * 10 + (unsigned long)(v[d] - '0');
        if (d == 0 || v[d] != '\0' || ms == 0) {
            fprintf(stderr, "%s: %s: '%s' is not a probe interval (1-999999999 ms)\n", PROG,
                    argv[0], v);
            return -1;
        }
        o->uas_probe_ms = ms;
        break;
    case 3:
        o->uas_probe_cmd = v;
        break;
    case 4:
        o->uas_crashes = v;
        break;
    default:
        o->uas_log = v;
        break;
    }
    return 1;
}

static int run(struct uas *u)
{
    struct pollfd pfd[1 + UAS_CONNS];
    int map[1 + UAS_CONNS];
    const struct opts *o = u->o;

    for (;;) {
        double now = now_mono(), wake = now + 1.0;
        size_t k, nfds = 0, pending = 0;
        int timeout, r;

        for (k = 0; k < UAS_TXNS; k++) {
            struct txn *t = &u->txns[k];
            if (t->state != T_PROCEEDING)
                continue;
            if (t->due <= now) {
                if (txn_final(u, t) < 0)
                    return EXIT_USAGE;
            } else {
                pending++;
                if (t->due < wake)
                    wake = t->due;
            }
        }
        if (o->count != 0 && u->nsent >= o->count && pending == 0)
            return EXIT_VALID;
        if (o->uas_probe_ms != 0 && (u->have_peer || o->uas_probe_cmd != NULL)) {
            if (u->next_probe == 0)
                u->next_probe = now + (double)o->uas_probe_ms / 1000.0;
            if (now >= u->next_probe) {
                if (o->uas_probe_cmd != NULL) {
                    run_probe_cmd(u);
                } else {
                    if (u->probe_pending)
                        u->misses++;
                    if (u->misses < UAS_MISSES)
                        send_probe(u);
                }
                if (u->misses >= UAS_MISSES) {
                    char peer[64];
                    addr_name(&u->peer, peer, sizeof peer, NULL, 0, NULL);
                    fprintf(stderr, "%s: fuzz-uas: target %s hung or dead: %d probes unanswered "
                                    "(after %zu responses)\n",
                            PROG, o->uas_probe_cmd != NULL ? o->uas_probe_cmd : peer, u->misses,
                            u->nsent);
                    if (o->uas_crashes != NULL) {
                        if (write_crashes(u) < 0)
                            return EXIT_USAGE;
                        fprintf(stderr, "%s: fuzz-uas: the last %zu status lines sent are in %s\n",
                                PROG, u->nsent < UAS_HISTORY ? u->nsent : (size_t)UAS_HISTORY,
                                o->uas_crashes);
                    }
                    return EXIT_INVALID;
                }
                u->next_probe = now + (double)o->uas_probe_ms / 1000.0;
            }
            if (u->next_probe < wake)
                wake = u->next_probe;
        }
        if (stop_signal)
            return EXIT_VALID;
        pfd[nfds].fd = u->fd;
        pfd[nfds].events = POLLIN;
        map[nfds++] = -1;
        for (k = 0; u->tcp && k < UAS_CONNS; k++) {
            if (u->conns[k].fd >= 0) {
                pfd[nfds].fd = u->conns[k].fd;
                pfd[nfds].events = POLLIN;
                map[nfds++] = (int)k;
            }
        }
        timeout = (int)((wake - now) * 1000.0) + 1;
        r = poll(pfd, nfds, timeout < 0 ? 0 : timeout);
        if (r < 0 && errno != EINTR) {
            fprintf(stderr, "%s: fuzz-uas: poll: %s\n", PROG, strerror(errno));
            return EXIT_USAGE;
        }
        for (k = 0; r > 0 && k < nfds; k++) {
            if (!(pfd[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            if (o->count != 0 && u->nsent >= o->count && map[k] != -1) {
                close_conn(u, map[k]); /* done: no new requests */
                continue;
            }
            if (map[k] == -1 && u->tcp)
                accept_conn(u);
            else if (map[k] == -1)
                r = o->count != 0 && u->nsent >= o->count ? 0 : read_udp(u);
            else
                r = read_conn(u, map[k]);
            if (r < 0)
                return EXIT_USAGE;
            r = 1;
        }
    }
}

int cmd_fuzzuas(struct opts *o)
{
    struct uas *u;
    struct sigaction sa;
    int status;
    size_t k;

    if (o->nargs != 0) {
        usage_error("fuzz-uas: unexpected operand '%s'", o->args[0]);
        return EXIT_USAGE;
    }
    u = calloc(1, sizeof *u);
    if (u == NULL) {
        fprintf(stderr, "%s: fuzz-uas: out of memory\n", PROG);
        return EXIT_USAGE;
    }
    if (o->uas_probe_cmd != NULL && o->uas_probe_ms == 0)
        o->uas_probe_ms = 1000;
    u->o = o;
    u->tcp = o->uas_tcp;
    u->peer_conn = -1;
    u->rng.s = o->seed;
    u->c = xrealloc(NULL, sizeof *u->c);
    u->txns = xrealloc(NULL, sizeof *u->txns * UAS_TXNS);
    memset(u->txns, 0, sizeof *u->txns * UAS_TXNS);
    u->conns = xrealloc(NULL, sizeof *u->conns * UAS_CONNS);
    for (k = 0; k < UAS_CONNS; k++)
        u->conns[k].fd = -1;
    status = EXIT_USAGE;
    if (o->uas_nfamilies != 0) {
        /* every --family must be one the generator has under these flags */
        for (k = 0; k < o->uas_nfamilies; k++) {
            size_t i;
            int found = 0;
            for (i = 0; i < 2 * UAS_DRAWS && !found; i++) {
                struct gen_rng r = {i};
                if (i % 2)
                    gen_invalid(&r, o->flags & GEN_FLAGS, i / 2, u->c);
                else
                    gen_valid(&r, o->flags & GEN_FLAGS, i / 2, u->c);
                found = strcmp(u->c->family, o->uas_families[k]) == 0 &&
                        (o->mode == MODE_MIX || (o->mode == MODE_VALID) == (i % 2 == 0));
            }
            if (!found) {
                fprintf(stderr, "%s: fuzz-uas: no family '%s' under these options "
                                "(sipstatus gen --format tsv lists them)\n",
                        PROG, o->uas_families[k]);
                goto out;
            }
        }
    }
    if (o->uas_log != NULL && (u->log = fopen(o->uas_log, "w")) == NULL) {
        fprintf(stderr, "%s: fuzz-uas: %s: %s\n", PROG, o->uas_log, strerror(errno));
        goto out;
    }
    if (open_socket(u, o->uas_listen != NULL ? o->uas_listen : DEFAULT_LISTEN) < 0)
        goto out;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    fprintf(stderr, "%s: fuzz-uas: answering on %s/%s\n", PROG, u->local_name,
            u->tcp ? "tcp" : "udp");
    status = run(u);
    fprintf(stderr, "%s: fuzz-uas: %zu requests, %zu responses sent, %zu ACKs, %zu bad requests "
                    "ignored, %zu retransmissions ignored, %zu connections refused, %zu probes\n",
            PROG, u->requests, u->nsent, u->acks, u->bad, u->ignored, u->refused_conns, u->probes);
out:
    if (u->fd > 0)
        close(u->fd);
    for (k = 0; k < UAS_CONNS; k++)
        if (u->conns[k].fd >= 0)
            close(u->conns[k].fd);
    if (u->log != NULL && fclose(u->log) != 0 && status == EXIT_VALID) {
        fprintf(stderr, "%s: fuzz-uas: %s: %s\n", PROG, o->uas_log, strerror(errno));
        status = EXIT_USAGE;
    }
    free(u->c);
    free(u->txns);
    free(u->conns);
    free(u);
    return status;
}
