/* capture.c - captured packets down to SIP responses (see capture.h).
 *
 * Every header field is read through need()-checked offsets; nothing is
 * read past the captured length.  State (IP fragments, TCP streams) is
 * bounded in number and size, and dropped when idle. */
#include "capture.h"

#include <pcap/dlt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FRAGS 64              /* datagrams being reassembled at once */
#define FRAG_IDLE 10000           /* frames after which one is given up */
#define MAX_DATAGRAM 65536
#define STREAM_BUCKETS 4096
#define STREAM_IDLE 200000        /* frames after which a quiet stream goes */
#define SWEEP_EVERY 65536
#define MAX_HEADER 65536          /* a header block longer than this: unframed */
#define MAX_OOO (1u << 20)        /* out-of-order bytes held per stream */

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04

static const char *const skip_names[] = {
#define CAP_SKIP_NAME(e, name, text) name,
    CAP_SKIPS(CAP_SKIP_NAME)
#undef CAP_SKIP_NAME
};
static const char *const skip_texts[] = {
#define CAP_SKIP_TEXT(e, name, text) text,
    CAP_SKIPS(CAP_SKIP_TEXT)
#undef CAP_SKIP_TEXT
};

const char *cap_skip_name(enum cap_skip s)
{
    return (unsigned)s < SKIP_COUNT ? skip_names[s] : "?";
}

const char *cap_skip_text(enum cap_skip s)
{
    return (unsigned)s < SKIP_COUNT ? skip_texts[s] : "?";
}

/* One IP datagram being reassembled from fragments. */
struct frag {
    int used;
    int af;
    unsigned char src[16], dst[16];
    uint32_t id;
    unsigned proto;
    size_t total;           /* payload length, known once the last one came */
    size_t have;            /* distinct payload bytes received */
    size_t pkts;            /* fragments received */
    int have_first;
    struct cap_info first;  /* where the fragment at offset 0 was */
    size_t last_frame;
    unsigned char *data;    /* MAX_DATAGRAM bytes */
    unsigned char *seen;    /* a bit per byte */
};

/* Where a run of bytes of a TCP stream came from. */
struct mark {
    size_t at;              /* offset in the stream buffer */
    size_t frame;
    int64_t sec;
    uint32_t nsec;
    size_t payload_off;     /* offset of that byte in its segment's payload */
    int truncated;
};

/* A TCP segment that came ahead of its turn. */
struct segment {
    uint32_t seq;
    size_t len;
    struct mark where;
    struct segment *next;
    unsigned char data[];
};

enum stream_kind { STREAM_NEW, STREAM_SIP, STREAM_HEP, STREAM_IGNORED, STREAM_TLS };

/* One direction of a TCP connection. */
struct stream {
    struct stream *next;
    int af;
    unsigned char src[16], dst[16];
    unsigned sport, dport;
    enum stream_kind kind;
    int have_seq, synced;
    int fin;                /* a FIN or RST was seen ... */
    int closed;             /* ... and every byte before it: ended */
    uint32_t next_seq, fin_seq;
    size_t last_frame;
    unsigned char *buf;
    size_t len, cap;
    struct mark *marks;
    size_t nmarks, capmarks;
    size_t skip_body;       /* body bytes of the current message still due */
    size_t scanned;         /* bytes already searched for the header end */
    struct segment *ooo;    /* sorted by seq */
    size_t ooo_bytes;
};

struct capture {
    int linktype;
    struct capture_config cfg;
    struct capture_callbacks cb;
    void *ctx;
    struct frag frags[MAX_FRAGS];
    struct stream *streams[STREAM_BUCKETS];
    size_t frames, last_sweep;
};

static unsigned rd16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void *xalloc(size_t n)
{
    void *p = calloc(1, n);
    if (p == NULL) {
        fputs("sipstatus: out of memory\n", stderr);
        exit(2);
    }
    return p;
}

static void skip(struct capture *c, enum cap_skip why)
{
    c->cb.skip(c->ctx, why);
}

/* A header did not fit: cut by the snapshot length, or broken. */
static void short_header(struct capture *c, const struct cap_info *in)
{
    skip(c, in->truncated ? SKIP_TRUNCATED : SKIP_MALFORMED);
}

static int lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

static int starts_ci(const unsigned char *p, size_t n, const char *lit)
{
    size_t i;
    for (i = 0; lit[i]; i++)
        if (i >= n || lower(p[i]) != lower((unsigned char)lit[i]))
            return 0;
    return 1;
}

static int is_sip_port(const struct capture *c, unsigned port)
{
    size_t i;
    for (i = 0; i < c->cfg.nsip_ports; i++)
        if (c->cfg.sip_ports[i] == port)
            return 1;
    return 0;
}

static int is_token_char(unsigned char ch)
{
    /* RFC 3261 §25.1 token */
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           (ch != 0 && strchr("-.!%*_+`'~", ch) != NULL);
}

/* Whether line[0..n) (without its line end) has the shape of a
 * Request-Line: Method SP Request-URI SP SIP-Version.  Only the shape:
 * anything else that is not a request is checked as a response. */
static int is_request_line(const unsigned char *line, size_t n)
{
    size_t i = 0, j = n;

    if (starts_ci(line, n, "SIP/"))
        return 0;
    while (i < n && line[i] != ' ')
        if (!is_token_char(line[i++]))
            return 0;
    if (i == 0 || i == n)
        return 0;
    while (j > i && line[j - 1] != ' ')
        j--;
    return j > i + 1 && starts_ci(line + j, n - j, "SIP/") && n - j > 4;
}

/* Whether the start of a line cut short, line[0..n), can be a
 * Request-Line: a token, then SP, not "SIP/". */
static int looks_like_request_start(const unsigned char *line, size_t n)
{
    size_t i = 0;

    if (starts_ci(line, n, "SIP/"))
        return 0;
    while (i < n && is_token_char(line[i]))
        i++;
    return i > 0 && i < n && line[i] == ' ';
}

/* Length of the first line of p[0..n) without CR LF, or n when it has no
 * LF (*complete = 0). */
static size_t first_line(const unsigned char *p, size_t n, int *complete)
{
    const unsigned char *lf = memchr(p, '\n', n);
    size_t k;

    *complete = lf != NULL;
    if (lf == NULL)
        return n;
    k = (size_t)(lf - p);
    return k > 0 && p[k - 1] == '\r' ? k - 1 : k;
}

static int looks_like_sip(const unsigned char *p, size_t n)
{
    int complete;
    size_t k;

    if (starts_ci(p, n, "SIP/"))
        return 1;
    k = first_line(p, n, &complete);
    return complete && is_request_line(p, k);
}

/* RFC 5389: first two bits zero, the magic cookie, length + 20 = size. */
static int is_stun(const unsigned char *p, size_t n)
{
    return n >= 20 && (p[0] & 0xC0) == 0 && rd32(p + 4) == 0x2112A442u &&
           rd16(p + 2) + 20u == n;
}

/* A TLS or DTLS record header: content type 20-23, version 3.x or 254.x. */
static int is_tls(const unsigned char *p, size_t n)
{
    return n >= 3 && p[0] >= 0x14 && p[0] <= 0x17 && (p[1] == 0x03 || p[1] == 0xFE);
}

/* One SIP message (or keep-alive) in p[0..n): a request, a keep-alive, or a
 * response to check. */
static void sip_message(struct capture *c, struct cap_info *in, const unsigned char *p,
                        size_t n)
{
    size_t k = 0, line;
    int complete;

    while (k < n && (p[k] == '\r' || p[k] == '\n'))
        k++;
    if (k == n) {
        skip(c, SKIP_KEEPALIVE);
        return;
    }
    line = first_line(p + k, n - k, &complete);
    if (complete && is_request_line(p + k, line)) {
        skip(c, SKIP_REQUEST);
        return;
    }
    if (!complete && (in->truncated || in->partial) && looks_like_request_start(p + k, line)) {
        skip(c, SKIP_TRUNCATED); /* a request, as far as can be told */
        return;
    }
    in->offset += k;
    c->cb.response(c->ctx, in, (const char *)p + k, n - k);
}

/* ---- HEP v3 (Homer) ---- */

static void hep_problem(struct capture *c, struct cap_info *in, const char *text)
{
    c->cb.problem(c->ctx, in, text);
    skip(c, SKIP_HEP);
}

/* One HEP v3 packet; `outer` says where it was found. */
static void hep_packet(struct capture *c, const struct cap_info *outer, const unsigned char *d,
                       size_t len)
{
    struct cap_info in = *outer; /* where the HEP packet is, until it is read */
    const unsigned char *payload = NULL;
    size_t plen = 0, pos, total;
    unsigned proto = 0, family = 0, kind = 1, sport = 0, dport = 0;
    unsigned char src[16] = {0}, dst[16] = {0};
    int64_t sec = outer->sec;
    uint32_t nsec = outer->nsec;
    uint32_t usec = 0;
    int have_sec = 0;
    char text[128];

    if (len < 6 || memcmp(d, "HEP3", 4) != 0) {
        hep_problem(c, &in, "not a HEP v3 packet (no \"HEP3\" at its start)");
        return;
    }
    total = rd16(d + 4);
    if (total < 6 || total > len) {
        snprintf(text, sizeof text,
                 "broken HEP packet: its length field says %zu bytes, %zu are there", total,
                 len);
        hep_problem(c, &in, text);
        return;
    }
    for (pos = 6; pos < total;) {
        unsigned vendor, type;
        size_t clen;
        const unsigned char *v;

        if (total - pos < 6) {
            hep_problem(c, &in, "broken HEP packet: a chunk header runs past its end");
            return;
        }
        vendor = rd16(d + pos);
        type = rd16(d + pos + 2);
        clen = rd16(d + pos + 4);
        if (clen < 6 || clen > total - pos) {
            snprintf(text, sizeof text,
                     "broken HEP packet: chunk type %u at byte %zu has length %zu", type, pos,
                     clen);
            hep_problem(c, &in, text);
            return;
        }
        v = d + pos + 6;
        clen -= 6;
        if (vendor == 0) {
            switch (type) {
            case 1: if (clen == 1) family = v[0]; break;
            case 2: if (clen == 1) proto = v[0]; break;
            case 3: if (clen == 4) memcpy(src, v, 4); break;
            case 4: if (clen == 4) memcpy(dst, v, 4); break;
            case 5: if (clen == 16) memcpy(src, v, 16); break;
            case 6: if (clen == 16) memcpy(dst, v, 16); break;
            case 7: if (clen == 2) sport = rd16(v); break;
            case 8: if (clen == 2) dport = rd16(v); break;
            case 9: if (clen == 4) { sec = rd32(v); have_sec = 1; } break;
            case 10: if (clen == 4) usec = rd32(v) % 1000000u; break;
            case 11: if (clen == 1) kind = v[0]; break;
            case 15: payload = v; plen = clen; break;
            default: break;
            }
        }
        pos += clen + 6;
    }
    /* from here on, where the SIP message was originally captured */
    in.af = family == 2 ? 4 : family == 10 ? 6 : 0;
    memcpy(in.src, src, sizeof in.src);
    memcpy(in.dst, dst, sizeof in.dst);
    in.sport = sport;
    in.dport = dport;
    in.sec = sec;
    in.nsec = have_sec ? usec * 1000u : nsec;
    in.offset = 0;
    in.transport = proto == 6 ? "hep/tcp" : proto == 17 ? "hep/udp" : "hep";
    if (payload == NULL || kind != 1) {
        skip(c, SKIP_HEP); /* a keep-alive, or RTCP, logs, ... */
        return;
    }
    sip_message(c, &in, payload, plen);
}

/* ---- TCP ---- */

static size_t stream_hash(int af, const unsigned char *src, const unsigned char *dst,
                          unsigned sport, unsigned dport)
{
    size_t h = (size_t)af * 31u + sport * 65599u + dport;
    size_t i, n = af == 6 ? 16 : 4;
    for (i = 0; i < n; i++)
        h = h * 131u + src[i] * 7u + dst[i];
    return h % STREAM_BUCKETS;
}

static struct stream *stream_get(struct capture *c, const struct cap_info *in)
{
    size_t n = in->af == 6 ? 16 : 4;
    size_t h = stream_hash(in->af, in->src, in->dst, in->sport, in->dport);
    struct stream *s;

    for (s = c->streams[h]; s; s = s->next)
        if (s->af == in->af && s->sport == in->sport && s->dport == in->dport &&
            memcmp(s->src, in->src, n) == 0 && memcmp(s->dst, in->dst, n) == 0)
            return s;
    s = xalloc(sizeof *s);
    s->af = in->af;
    memcpy(s->src, in->src, sizeof s->src);
    memcpy(s->dst, in->dst, sizeof s->dst);
    s->sport = in->sport;
    s->dport = in->dport;
    s->next = c->streams[h];
    c->streams[h] = s;
    return s;
}

static void stream_info(const struct stream *s, const struct mark *m, size_t pos,
                        struct cap_info *in)
{
    memset(in, 0, sizeof *in);
    in->frame = m->frame;
    in->sec = m->sec;
    in->nsec = m->nsec;
    in->transport = "tcp";
    in->af = s->af;
    memcpy(in->src, s->src, sizeof in->src);
    memcpy(in->dst, s->dst, sizeof in->dst);
    in->sport = s->sport;
    in->dport = s->dport;
    in->offset = m->payload_off + (pos - m->at);
    in->truncated = m->truncated;
}

/* Where stream byte `pos` came from. */
static void where_at(const struct stream *s, size_t pos, struct cap_info *in)
{
    size_t i = 0;
    while (i + 1 < s->nmarks && s->marks[i + 1].at <= pos)
        i++;
    stream_info(s, &s->marks[i], pos, in);
}

static void append(struct stream *s, const struct mark *m, const unsigned char *p, size_t n)
{
    if (s->len + n > s->cap) {
        size_t want = s->cap ? s->cap : 4096;
        while (want < s->len + n)
            want *= 2;
        s->buf = realloc(s->buf, want);
        if (s->buf == NULL) {
            fputs("sipstatus: out of memory\n", stderr);
            exit(2);
        }
        s->cap = want;
    }
    if (s->nmarks == s->capmarks) {
        s->capmarks = s->capmarks ? s->capmarks * 2 : 8;
        s->marks = realloc(s->marks, s->capmarks * sizeof *s->marks);
        if (s->marks == NULL) {
            fputs("sipstatus: out of memory\n", stderr);
            exit(2);
        }
    }
    s->marks[s->nmarks] = *m;
    s->marks[s->nmarks].at = s->len;
    s->nmarks++;
    memcpy(s->buf + s->len, p, n);
    s->len += n;
}

/* Drop the first k bytes of the stream buffer. */
static void consume(struct stream *s, size_t k)
{
    size_t i = 0, j = 0;

    if (k == 0)
        return; /* also: no buffer yet */
    s->scanned = 0;
    memmove(s->buf, s->buf + k, s->len - k);
    s->len -= k;
    /* the marks that begin at or before byte k: keep the last of them */
    while (i + 1 < s->nmarks && s->marks[i + 1].at <= k)
        i++;
    for (; i < s->nmarks; i++, j++) {
        s->marks[j] = s->marks[i];
        if (s->marks[j].at <= k) {
            s->marks[j].payload_off += k - s->marks[j].at;
            s->marks[j].at = 0;
        } else {
            s->marks[j].at -= k;
        }
    }
    s->nmarks = s->len ? j : 0;
}

/* Find the next message start (a line beginning like SIP) in a stream
 * whose framing is lost, dropping what comes before it. */
static void resync(struct capture *c, struct stream *s)
{
    size_t pos = 0;

    while (pos < s->len) {
        size_t left = s->len - pos;
        const unsigned char *lf;

        if (s->kind == STREAM_HEP) {
            if (memcmp(s->buf + pos, "HEP3", left < 4 ? left : 4) == 0) {
                s->synced = left >= 4; /* else: the magic may go on in the next segment */
                break;
            }
            pos++;
            continue;
        }
        if (looks_like_sip(s->buf + pos, left)) {
            s->synced = 1;
            break;
        }
        lf = memchr(s->buf + pos, '\n', left);
        if (lf == NULL) {
            if (left > MAX_HEADER) /* no line end in sight: not SIP */
                pos = s->len - 3;
            break; /* wait for the rest of this line */
        }
        pos = (size_t)(lf - s->buf) + 1;
    }
    if (pos > 0) {
        skip(c, SKIP_UNFRAMED);
        consume(s, pos);
    }
}

/* The value of Content-Length (or its compact form "l") in the header
 * block h[0..n); -1 when absent or not a number. */
static long content_length(const unsigned char *h, size_t n)
{
    size_t pos = 0;

    while (pos < n) {
        const unsigned char *lf = memchr(h + pos, '\n', n - pos);
        size_t end = lf ? (size_t)(lf - h) : n, k = pos, name_end;

        while (k < end && h[k] != ':')
            k++;
        name_end = k;
        while (name_end > pos && (h[name_end - 1] == ' ' || h[name_end - 1] == '\t'))
            name_end--;
        if (k < end && ((name_end - pos == 14 && starts_ci(h + pos, 14, "content-length")) ||
                        (name_end - pos == 1 && lower(h[pos]) == 'l'))) {
            long v = 0;
            int digits = 0;
            k++;
            while (k < end && (h[k] == ' ' || h[k] == '\t'))
                k++;
            while (k < end && h[k] >= '0' && h[k] <= '9' && v < 100000000L) {
                v = v * 10 + (h[k++] - '0');
                digits++;
            }
            while (k < end && (h[k] == ' ' || h[k] == '\t' || h[k] == '\r'))
                k++;
            return digits > 0 && k == end ? v : -1;
        }
        pos = end + 1;
    }
    return -1;
}

/* Frame and check the messages now complete in a SIP stream. */
static void frame_sip(struct capture *c, struct stream *s)
{
    for (;;) {
        size_t k = 0, hdr_end = 0, i, line;
        int complete;
        long cl;
        struct cap_info in;

        if (s->skip_body) {
            size_t body = s->skip_body < s->len ? s->skip_body : s->len;
            consume(s, body);
            s->skip_body -= body;
            if (s->skip_body)
                return;
        }
        if (!s->synced)
            resync(c, s);
        if (!s->synced || s->len == 0)
            return;
        while (k < s->len && (s->buf[k] == '\r' || s->buf[k] == '\n'))
            k++;
        if (k > 0) {
            if (k >= 2)
                skip(c, SKIP_KEEPALIVE);
            consume(s, k);
            continue;
        }
        for (i = s->scanned > 2 ? s->scanned - 2 : 0; i + 1 < s->len; i++) {
            if (s->buf[i] != '\n')
                continue;
            if (s->buf[i + 1] == '\n') {
                hdr_end = i + 2;
                break;
            }
            if (s->buf[i + 1] == '\r' && i + 2 < s->len && s->buf[i + 2] == '\n') {
                hdr_end = i + 3;
                break;
            }
        }
        if (hdr_end == 0) {
            s->scanned = s->len;
            if (s->len > MAX_HEADER) {
                where_at(s, 0, &in);
                c->cb.problem(c->ctx, &in,
                              "TCP stream cannot be framed: no end of the header block "
                              "within 64 KiB");
                s->synced = 0;
                line = first_line(s->buf, s->len, &complete);
                consume(s, complete ? line + 1 : s->len);
            }
            return;
        }
        line = first_line(s->buf, hdr_end, &complete);
        if (is_request_line(s->buf, line)) {
            skip(c, SKIP_REQUEST);
        } else {
            where_at(s, 0, &in);
            c->cb.response(c->ctx, &in, (const char *)s->buf, hdr_end);
        }
        cl = content_length(s->buf, hdr_end);
        if (cl < 0) {
            where_at(s, 0, &in);
            c->cb.problem(c->ctx, &in,
                          "TCP stream cannot be framed: a message without a valid "
                          "Content-Length (RFC 3261 section 18.3); looking for the next one");
            skip(c, SKIP_UNFRAMED);
            s->synced = 0;
            consume(s, hdr_end);
            continue;
        }
        consume(s, hdr_end);
        s->skip_body = (size_t)cl;
    }
}

/* Frame the HEP packets now complete in a HEP-over-TCP stream. */
static void frame_hep(struct capture *c, struct stream *s)
{
    for (;;) {
        size_t total;
        struct cap_info in;

        if (!s->synced)
            resync(c, s);
        if (!s->synced || s->len < 6)
            return;
        if (memcmp(s->buf, "HEP3", 4) != 0) { /* lost after a broken packet */
            s->synced = 0;
            continue;
        }
        total = rd16(s->buf + 4);
        if (total < 6) {
            where_at(s, 0, &in);
            hep_problem(c, &in, "broken HEP packet in a TCP stream: length below 6");
            s->synced = 0;
            consume(s, 1);
            continue;
        }
        if (s->len < total)
            return;
        where_at(s, 0, &in);
        hep_packet(c, &in, s->buf, total);
        consume(s, total);
    }
}

static void frame_stream(struct capture *c, struct stream *s)
{
    if (s->kind == STREAM_HEP)
        frame_hep(c, s);
    else
        frame_sip(c, s);
}

/* A message that will never be whole (the stream ends, or bytes of it were
 * never captured): what there is of it is checked, said to be partial, and
 * a warning says why.  The buffer is emptied. */
static void flush_partial(struct capture *c, struct stream *s, const char *why)
{
    if (s->synced && s->kind == STREAM_SIP) { /* line ends before no message */
        size_t k = 0;
        while (k < s->len && (s->buf[k] == '\r' || s->buf[k] == '\n'))
            k++;
        consume(s, k);
    }
    if (s->len > 0 && s->synced && s->kind == STREAM_SIP) {
        struct cap_info in;
        size_t line;
        int complete;

        where_at(s, 0, &in);
        in.partial = 1;
        line = first_line(s->buf, s->len, &complete);
        if (complete ? is_request_line(s->buf, line) : looks_like_request_start(s->buf, line))
            skip(c, SKIP_REQUEST);
        else
            c->cb.response(c->ctx, &in, (const char *)s->buf, s->len);
        c->cb.problem(c->ctx, &in, why);
        skip(c, SKIP_UNFRAMED);
    } else if (s->len > 0) {
        skip(c, SKIP_UNFRAMED);
    }
    consume(s, s->len);
    s->nmarks = 0;
}

/* `missing` bytes at s->next_seq will never be seen: a message they cut
 * is checked as far as it goes; framing is lost, unless the bytes were all
 * inside a body being skipped. */
static void lose_bytes(struct capture *c, struct stream *s, uint32_t missing, const char *why)
{
    if (s->len == 0 && s->skip_body >= missing) {
        s->skip_body -= missing;
    } else {
        flush_partial(c, s, why);
        s->skip_body = 0;
        s->synced = 0;
    }
    s->next_seq += missing;
}

/* Give up waiting for the bytes before the first queued segment. */
static void skip_gap(struct capture *c, struct stream *s)
{
    struct cap_info in;
    char text[160];
    uint32_t missing = s->ooo->seq - s->next_seq;

    stream_info(s, &s->ooo->where, s->ooo->where.at, &in);
    in.offset = s->ooo->where.payload_off;
    snprintf(text, sizeof text,
             "TCP stream has a gap: %lu bytes were never captured before this frame",
             (unsigned long)missing);
    c->cb.problem(c->ctx, &in, text);
    lose_bytes(c, s, missing, "TCP message cut short by a gap in the capture");
}

/* Move the queued segments that are now in turn into the buffer. */
static void drain(struct capture *c, struct stream *s)
{
    while (s->ooo) {
        struct segment *g = s->ooo;
        int32_t d = (int32_t)(g->seq - s->next_seq);
        if (d > 0)
            return;
        s->ooo = g->next;
        s->ooo_bytes -= g->len + sizeof *g;
        size_t back = (size_t)-(int64_t)d;
        if (back >= g->len) {
            skip(c, SKIP_RETRANSMIT);
        } else {
            struct mark m = g->where;
            m.payload_off += back;
            append(s, &m, g->data + back, g->len - back);
            s->next_seq += (uint32_t)(g->len - back);
        }
        free(g);
    }
}

static void queue_segment(struct capture *c, struct stream *s, uint32_t seq,
                          const struct mark *m, const unsigned char *p, size_t n)
{
    struct segment **at = &s->ooo, *g;

    while (*at && (int32_t)((*at)->seq - seq) < 0)
        at = &(*at)->next;
    if (*at && (*at)->seq == seq && (*at)->len >= n) {
        skip(c, SKIP_RETRANSMIT);
        return;
    }
    g = xalloc(sizeof *g + n);
    g->seq = seq;
    g->len = n;
    g->where = *m;
    memcpy(g->data, p, n);
    g->next = *at;
    *at = g;
    s->ooo_bytes += n + sizeof *g; /* many tiny segments count too */
    while (s->ooo_bytes > MAX_OOO) {
        skip_gap(c, s);
        drain(c, s);
        frame_stream(c, s);
    }
}

static void stream_free(struct stream *s)
{
    while (s->ooo) {
        struct segment *g = s->ooo;
        s->ooo = g->next;
        free(g);
    }
    free(s->buf);
    free(s->marks);
    free(s);
}

/* The stream ends: whatever never became a whole message is reported. */
static void stream_end(struct capture *c, struct stream *s)
{
    while (s->ooo) {
        skip_gap(c, s);
        drain(c, s);
        frame_stream(c, s);
    }
    flush_partial(c, s, "TCP stream ends inside a message");
}

static void stream_remove(struct capture *c, struct stream *s)
{
    size_t h = stream_hash(s->af, s->src, s->dst, s->sport, s->dport);
    struct stream **at = &c->streams[h];

    while (*at != s)
        at = &(*at)->next;
    *at = s->next;
    stream_free(s);
}

/* A TCP segment: p[0..n) captured of the wire_n bytes it carried. */
static void tcp_segment(struct capture *c, struct cap_info *in, unsigned flags, uint32_t seq,
                        const unsigned char *p, size_t n, size_t wire_n)
{
    struct stream *s = stream_get(c, in);
    struct mark m;
    int32_t d;

    s->last_frame = in->frame;
    if (s->closed && !(flags & TCP_SYN)) { /* a FIN's stream: all seen */
        skip(c, n ? SKIP_RETRANSMIT : SKIP_NO_PAYLOAD);
        return;
    }
    if (flags & TCP_SYN) {
        if (s->have_seq && !s->closed) /* a new connection on the same ports */
            stream_end(c, s);
        s->closed = s->fin = 0;
        s->kind = STREAM_NEW;
        s->skip_body = 0;
        s->next_seq = seq + 1;
        s->have_seq = 1;
        s->synced = 1;
        seq++;
    }
    if (n > 0 && s->kind == STREAM_NEW) {
        if (c->cfg.hep_port && (in->sport == c->cfg.hep_port || in->dport == c->cfg.hep_port))
            s->kind = STREAM_HEP;
        else if (is_tls(p, n))
            s->kind = STREAM_TLS;
        else if (is_sip_port(c, in->sport) || is_sip_port(c, in->dport) || looks_like_sip(p, n))
            s->kind = STREAM_SIP;
        else
            s->kind = STREAM_IGNORED;
    }
    if (!s->have_seq) { /* joined mid-stream: framing to be found */
        s->next_seq = seq;
        s->have_seq = 1;
    }
    if (n == 0)
        skip(c, SKIP_NO_PAYLOAD);
    else if (s->kind == STREAM_IGNORED)
        skip(c, SKIP_NOT_SIP);
    else if (s->kind == STREAM_TLS)
        skip(c, SKIP_TLS);
    else {
        memset(&m, 0, sizeof m);
        m.frame = in->frame;
        m.sec = in->sec;
        m.nsec = in->nsec;
        m.truncated = in->truncated;
        d = (int32_t)(seq - s->next_seq);
        if (d < 0 && (size_t)-(int64_t)d >= n) {
            skip(c, SKIP_RETRANSMIT);
        } else if (d > 0) {
            queue_segment(c, s, seq, &m, p, n); /* a cut one leaves a gap */
        } else {
            m.payload_off = (size_t)-(int64_t)d;
            append(s, &m, p + m.payload_off, n - m.payload_off);
            s->next_seq += (uint32_t)(n - m.payload_off);
            frame_stream(c, s);
            if (wire_n > n)
                lose_bytes(c, s, (uint32_t)(wire_n - n),
                           "TCP message cut short by the snapshot length");
            drain(c, s);
            frame_stream(c, s);
        }
    }
    if ((flags & (TCP_FIN | TCP_RST)) && !s->fin) {
        s->fin = 1;
        /* a FIN ends the stream once every byte before it is in; a RST now */
        s->fin_seq = flags & TCP_RST ? s->next_seq : seq + (uint32_t)wire_n;
    }
    if (s->fin && !s->closed && s->ooo == NULL && (int32_t)(s->next_seq - s->fin_seq) >= 0) {
        stream_end(c, s);
        free(s->buf);
        free(s->marks);
        s->buf = NULL;
        s->marks = NULL;
        s->len = s->cap = s->nmarks = s->capmarks = 0;
        s->closed = 1; /* kept until idle, so that what comes late is known */
    }
}

/* ---- IP, UDP, TCP headers ---- */

static void udp_payload(struct capture *c, struct cap_info *in, const unsigned char *p, size_t n)
{
    int sip = is_sip_port(c, in->sport) || is_sip_port(c, in->dport);

    in->transport = "udp";
    if (c->cfg.hep_port && (in->sport == c->cfg.hep_port || in->dport == c->cfg.hep_port) &&
        n >= 4 && memcmp(p, "HEP3", 4) == 0) {
        hep_packet(c, in, p, n);
        return;
    }
    if (!sip && !looks_like_sip(p, n)) {
        skip(c, SKIP_NOT_SIP);
        return;
    }
    if (is_stun(p, n)) {
        skip(c, SKIP_STUN);
        return;
    }
    if (is_tls(p, n)) {
        skip(c, SKIP_TLS);
        return;
    }
    sip_message(c, in, p, n);
}

/* The transport header and payload d[0..len) of an IP datagram. */
static void transport(struct capture *c, struct cap_info *in, unsigned proto,
                      const unsigned char *d, size_t len)
{
    if (proto == 17) {
        size_t ulen;
        if (len < 8) {
            short_header(c, in);
            return;
        }
        in->sport = rd16(d);
        in->dport = rd16(d + 2);
        ulen = rd16(d + 4);
        if (ulen >= 8 && ulen <= len)
            len = ulen; /* drop link-layer padding */
        else if (ulen > len && !in->truncated && !in->partial) {
            skip(c, SKIP_MALFORMED);
            return;
        }
        udp_payload(c, in, d + 8, len - 8);
    } else if (proto == 6) {
        size_t off, wire;
        if (len < 20 || (off = (size_t)(d[12] >> 4) * 4) < 20 || off > len) {
            short_header(c, in);
            return;
        }
        in->sport = rd16(d);
        in->dport = rd16(d + 2);
        in->transport = "tcp";
        wire = in->wire_len > off && in->wire_len - off > len - off ? in->wire_len - off : len - off;
        tcp_segment(c, in, d[13], rd32(d + 4), d + off, len - off, wire);
    } else {
        skip(c, SKIP_NOT_UDP_TCP);
    }
}

static void frag_release(struct frag *f)
{
    free(f->data);
    free(f->seen);
    memset(f, 0, sizeof *f);
}

/* A datagram that will not be completed: its first fragment, if any, is
 * checked as far as it goes, and said to be partial. */
static void frag_give_up(struct capture *c, struct frag *f)
{
    size_t n = 0, header = f->proto == 6 ? 20 : 8;

    while (f->have_first && n < MAX_DATAGRAM && (f->seen[n / 8] >> (n % 8) & 1))
        n++;
    if (n > header) { /* some payload after the transport header */
        struct cap_info in = f->first;
        in.partial = 1;
        in.wire_len = 0;
        in.transport = f->proto == 6 ? "tcp" : f->proto == 17 ? "udp" : "ip";
        if (n >= 4 && (f->proto == 6 || f->proto == 17)) {
            in.sport = rd16(f->data);
            in.dport = rd16(f->data + 2);
        }
        c->cb.problem(c->ctx, &in,
                      "IP datagram never completed (fragments missing); only what its "
                      "first fragment carries is checked");
        if (f->pkts > 1)
            for (size_t i = 1; i < f->pkts; i++)
                skip(c, SKIP_FRAGMENT);
        transport(c, &in, f->proto, f->data, n);
    } else {
        for (size_t i = 0; i < f->pkts; i++)
            skip(c, SKIP_FRAGMENT);
    }
    frag_release(f);
}

/* Whether every byte of the datagram, [0, total), has come. */
static int all_seen(const struct frag *f)
{
    size_t i;
    for (i = 0; i < f->total; i++)
        if (!(f->seen[i / 8] >> (i % 8) & 1))
            return 0;
    return 1;
}

/* One fragment: payload d[0..len) at byte `offset` of the datagram. */
static void fragment(struct capture *c, struct cap_info *in, uint32_t id, unsigned proto,
                     size_t offset, int more, const unsigned char *d, size_t len)
{
    size_t n = in->af == 6 ? 16 : 4, i;
    struct frag *f = NULL, *oldest = NULL;

    for (i = 0; i < MAX_FRAGS; i++) {
        struct frag *g = &c->frags[i];
        if (g->used && g->af == in->af && g->id == id && g->proto == proto &&
            memcmp(g->src, in->src, n) == 0 && memcmp(g->dst, in->dst, n) == 0) {
            f = g;
            break;
        }
    }
    if (f == NULL) {
        for (i = 0; i < MAX_FRAGS && c->frags[i].used; i++)
            if (oldest == NULL || c->frags[i].last_frame < oldest->last_frame)
                oldest = &c->frags[i];
        if (i == MAX_FRAGS) {
            frag_give_up(c, oldest);
            f = oldest;
        } else {
            f = &c->frags[i];
        }
        f->used = 1;
        f->af = in->af;
        memcpy(f->src, in->src, sizeof f->src);
        memcpy(f->dst, in->dst, sizeof f->dst);
        f->id = id;
        f->proto = proto;
        f->data = xalloc(MAX_DATAGRAM);
        f->seen = xalloc(MAX_DATAGRAM / 8);
    }
    f->pkts++;
    f->last_frame = in->frame;
    if (offset >= MAX_DATAGRAM || len > MAX_DATAGRAM - offset) {
        skip(c, SKIP_MALFORMED);
        return;
    }
    if (offset == 0) {
        f->have_first = 1;
        f->first = *in;
    }
    if (!more && !in->truncated)
        f->total = offset + len;
    memcpy(f->data + offset, d, len);
    for (i = offset; i < offset + len; i++) {
        if (!(f->seen[i / 8] >> (i % 8) & 1)) {
            f->seen[i / 8] |= (unsigned char)(1u << (i % 8));
            f->have++;
        }
    }
    if (f->total && f->have >= f->total && f->have_first && all_seen(f)) {
        struct cap_info first = f->first;
        unsigned char *data = f->data;
        size_t total = f->total;
        f->data = NULL;
        frag_release(f);
        first.wire_len = 0;
        transport(c, &first, proto, data, total);
        free(data);
    }
}

static void frags_expire(struct capture *c, size_t now, int all)
{
    size_t i;
    for (i = 0; i < MAX_FRAGS; i++)
        if (c->frags[i].used && (all || now - c->frags[i].last_frame > FRAG_IDLE))
            frag_give_up(c, &c->frags[i]);
}

static void ipv4(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len)
{
    size_t ihl, tot;
    unsigned fl;

    if (len < 20 || (d[0] >> 4) != 4 || (ihl = (size_t)(d[0] & 15) * 4) < 20 || ihl > len) {
        short_header(c, in);
        return;
    }
    tot = rd16(d + 2);
    if (tot != 0 && tot < ihl) { /* 0: segmentation offload on the capturing host */
        skip(c, SKIP_MALFORMED);
        return;
    }
    if (tot != 0 && tot < len)
        len = tot; /* drop link-layer padding */
    in->af = 4;
    in->wire_len = tot != 0 ? tot - ihl : 0;
    memcpy(in->src, d + 12, 4);
    memcpy(in->dst, d + 16, 4);
    fl = rd16(d + 6);
    if (fl & 0x3FFF)
        fragment(c, in, rd16(d + 4), d[9], (size_t)(fl & 0x1FFF) * 8, (fl & 0x2000) != 0,
                 d + ihl, len - ihl);
    else
        transport(c, in, d[9], d + ihl, len - ihl);
}

static void ipv6(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len)
{
    size_t off = 40, plen;
    unsigned nh;

    if (len < 40 || (d[0] >> 4) != 6) {
        short_header(c, in);
        return;
    }
    plen = rd16(d + 4);
    if (plen != 0 && 40 + plen < len)
        len = 40 + plen;
    in->af = 6;
    memcpy(in->src, d + 8, 16);
    memcpy(in->dst, d + 24, 16);
    nh = d[6];
    for (;;) {
        switch (nh) {
        case 0: case 43: case 60: case 135: case 139: case 140: /* extension headers */
            if (len - off < 8) {
                short_header(c, in);
                return;
            }
            nh = d[off];
            off += ((size_t)d[off + 1] + 1) * 8;
            break;
        case 51: /* Authentication Header */
            if (len - off < 8) {
                short_header(c, in);
                return;
            }
            nh = d[off];
            off += ((size_t)d[off + 1] + 2) * 4;
            break;
        case 44: { /* Fragment */
            unsigned fo;
            if (len - off < 8) {
                short_header(c, in);
                return;
            }
            nh = d[off];
            fo = rd16(d + off + 2);
            if ((fo & 0xFFF8) || (fo & 1)) {
                fragment(c, in, rd32(d + off + 4), nh, fo & 0xFFF8, fo & 1, d + off + 8,
                         len - off - 8);
                return;
            }
            off += 8;
            break;
        }
        default:
            in->wire_len = plen != 0 && 40 + plen > off ? 40 + plen - off : 0;
            transport(c, in, nh, d + off, len - off);
            return;
        }
        if (off > len) {
            short_header(c, in);
            return;
        }
    }
}

static void network(struct capture *c, struct cap_info *in, unsigned ethertype,
                    const unsigned char *d, size_t len)
{
    if (ethertype == 0x0800)
        ipv4(c, in, d, len);
    else if (ethertype == 0x86DD)
        ipv6(c, in, d, len);
    else
        skip(c, SKIP_NOT_IP);
}

/* IPv4 or IPv6 by the version nibble. */
static void raw_ip(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len)
{
    if (len >= 1 && (d[0] >> 4) == 4)
        ipv4(c, in, d, len);
    else if (len >= 1 && (d[0] >> 4) == 6)
        ipv6(c, in, d, len);
    else if (len == 0)
        short_header(c, in);
    else
        skip(c, SKIP_NOT_IP);
}

/* BSD loopback: an address family, 2 for IPv4 and 24, 28 or 30 for IPv6
 * depending on the capturing system. */
static void null_af(struct capture *c, struct cap_info *in, uint32_t af,
                    const unsigned char *d, size_t len)
{
    if (af == 2)
        ipv4(c, in, d, len);
    else if (af == 24 || af == 28 || af == 30)
        ipv6(c, in, d, len);
    else
        skip(c, SKIP_NOT_IP);
}

int capture_linktype_known(int linktype)
{
    switch (linktype) {
    case DLT_EN10MB: case DLT_LINUX_SLL: case DLT_LINUX_SLL2: case DLT_NULL: case DLT_LOOP:
    case DLT_RAW: case DLT_IPV4: case DLT_IPV6:
        return 1;
    default:
        return 0;
    }
}

static void sweep(struct capture *c)
{
    size_t h;

    frags_expire(c, c->frames, 0);
    for (h = 0; h < STREAM_BUCKETS; h++) {
        struct stream *s = c->streams[h], *next;
        for (; s; s = next) {
            next = s->next;
            if (c->frames - s->last_frame > STREAM_IDLE) {
                stream_end(c, s);
                stream_remove(c, s);
            }
        }
    }
}

void capture_frame(struct capture *c, size_t frame, int64_t sec, uint32_t nsec,
                   const unsigned char *d, size_t caplen, size_t wirelen)
{
    struct cap_info in;
    size_t off;
    unsigned type;

    memset(&in, 0, sizeof in);
    in.frame = frame;
    in.sec = sec;
    in.nsec = nsec;
    in.truncated = caplen < wirelen;
    c->frames = frame;
    if (frame - c->last_sweep >= SWEEP_EVERY) {
        c->last_sweep = frame;
        sweep(c);
    }
    switch (c->linktype) {
    case DLT_EN10MB:
        if (caplen < 14) {
            short_header(c, &in);
            return;
        }
        type = rd16(d + 12);
        off = 14;
        while (type == 0x8100 || type == 0x88A8 || type == 0x9100) { /* VLAN tags */
            if (caplen - off < 4) {
                short_header(c, &in);
                return;
            }
            type = rd16(d + off + 2);
            off += 4;
        }
        network(c, &in, type, d + off, caplen - off);
        break;
    case DLT_LINUX_SLL:
        if (caplen < 16) {
            short_header(c, &in);
            return;
        }
        network(c, &in, rd16(d + 14), d + 16, caplen - 16);
        break;
    case DLT_LINUX_SLL2:
        if (caplen < 20) {
            short_header(c, &in);
            return;
        }
        network(c, &in, rd16(d), d + 20, caplen - 20);
        break;
    case DLT_NULL: { /* the family in the capturing host's byte order */
        uint32_t le, be;
        if (caplen < 4) {
            short_header(c, &in);
            return;
        }
        be = rd32(d);
        le = (uint32_t)d[3] << 24 | (uint32_t)d[2] << 16 | (uint32_t)d[1] << 8 | d[0];
        null_af(c, &in, be <= 0xFFFF ? be : le, d + 4, caplen - 4);
        break;
    }
    case DLT_LOOP:
        if (caplen < 4) {
            short_header(c, &in);
            return;
        }
        null_af(c, &in, rd32(d), d + 4, caplen - 4);
        break;
    case DLT_RAW: case DLT_IPV4: case DLT_IPV6:
        raw_ip(c, &in, d, caplen);
        break;
    default:
        skip(c, SKIP_LINKTYPE);
        break;
    }
}

void capture_hep(struct capture *c, size_t frame, int64_t sec, uint32_t nsec,
                 const unsigned char *data, size_t len)
{
    struct cap_info in;

    memset(&in, 0, sizeof in);
    in.frame = frame;
    in.sec = sec;
    in.nsec = nsec;
    in.transport = "hep";
    hep_packet(c, &in, data, len);
}

struct capture *capture_new(int linktype, const struct capture_config *cfg,
                            const struct capture_callbacks *cb, void *ctx)
{
    struct capture *c = calloc(1, sizeof *c);

    if (c == NULL)
        return NULL;
    c->linktype = linktype;
    c->cfg = *cfg;
    c->cb = *cb;
    c->ctx = ctx;
    return c;
}

void capture_finish(struct capture *c)
{
    size_t h;

    frags_expire(c, c->frames, 1);
    for (h = 0; h < STREAM_BUCKETS; h++) {
        while (c->streams[h]) {
            struct stream *s = c->streams[h];
            stream_end(c, s);
            stream_remove(c, s);
        }
    }
}

void capture_free(struct capture *c)
{
    size_t h, i;

    if (c == NULL)
        return;
    for (i = 0; i < MAX_FRAGS; i++)
        if (c->frags[i].used)
            frag_release(&c->frags[i]);
    for (h = 0; h < STREAM_BUCKETS; h++) {
        while (c->streams[h]) {
            struct stream *s = c->streams[h];
            c->streams[h] = s->next;
            stream_free(s);
        }
    }
    free(c);
}
