/* SPDX-License-Identifier: MIT */
/* tcp.c - TCP: each direction of a connection reassembled in order, with
 * segments that come early queued and retransmissions dropped (feeds:
 * sip.c's framer and classifier, or hep.c for HEP over TCP).
 *
 * A stream's buffer holds only what is not framed yet: a SIP header block
 * (at most MAX_HEADER bytes, then framing is given up) or one HEP packet;
 * bodies are passed over without being kept.  What has been framed is
 * dropped by moving a head offset, and the buffer is compacted only when
 * the head has passed half of it, so framing costs no copy per message.
 * The queue of early segments is at most MAX_OOO_SEGMENTS long (kept in
 * order; an insertion costs at most that many steps) and MAX_OOO_BYTES
 * big; past either, the stream stops waiting for the missing bytes. */
#include <string.h>

#include "decode.h"

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04

/* Where a run of bytes of a stream came from. */
struct mark {
    uint64_t pos;           /* stream position of its first byte */
    size_t frame;
    int64_t sec;
    uint32_t nsec;
    int nano;
    int truncated;
    size_t payload_off;     /* offset of that byte in its segment's payload */
};

/* A segment that came ahead of its turn. */
struct segment {
    struct segment *next;
    uint32_t seq;
    size_t len;
    struct mark where;
    unsigned char data[];
};

enum stream_kind { STREAM_NEW, STREAM_SIP, STREAM_HEP, STREAM_IGNORED, STREAM_TLS };

/* One direction of a TCP connection. */
struct stream {
    struct entry e;         /* first: the activity list takes streams as entries */
    int af;
    unsigned char src[16], dst[16];
    unsigned sport, dport;
    enum stream_kind kind;
    int have_seq;
    int fin;                /* a FIN or RST was seen ... */
    int closed;             /* ... and every byte before it: ended */
    uint32_t next_seq, fin_seq;
    unsigned char *buf;     /* bytes [head, len) are not framed yet */
    size_t head, len, cap;
    uint64_t base;          /* stream position of buf[head] */
    uint64_t end;           /* stream position of the next byte to come */
    struct mark *marks;     /* [mhead, nmarks): in position order */
    size_t mhead, nmarks, capmarks;
    struct sip_framer fr;
    struct segment *ooo;    /* by seq */
    size_t ooo_bytes, ooo_count;
    unsigned said;          /* problems already said on this stream */
    int dropping;           /* inside a run of bytes that begin no message */
    unsigned char small[48]; /* buf and marks at first: most streams never */
    struct mark small_marks[2]; /* need more, and a stream is one allocation */
};

struct stream_key {
    const struct cap_info *in;
};

static int same(const struct entry *e, const void *key)
{
    const struct stream *s = (const struct stream *)e;
    const struct cap_info *in = ((const struct stream_key *)key)->in;
    size_t n = in->af == 6 ? 16 : 4;

    return s->af == in->af && s->sport == in->sport && s->dport == in->dport &&
           memcmp(s->src, in->src, n) == 0 && memcmp(s->dst, in->dst, n) == 0;
}

static uint64_t stream_hash(const struct capture *c, const struct cap_info *in)
{
    size_t n = in->af == 6 ? 16 : 4;
    unsigned ports = in->sport << 16 | in->dport;
    uint64_t h = hash_bytes(c->seed, in->src, n);
    h = hash_bytes(h, in->dst, n);
    return hash_bytes(h, &ports, sizeof ports);
}

static struct stream *stream_get(struct capture *c, const struct cap_info *in)
{
    struct stream_key k = {in};
    uint64_t h = stream_hash(c, in);
    struct stream *s = (struct stream *)table_find(&c->streams, h, same, &k);

    if (s != NULL)
        return s;
    s = mem_alloc(c, sizeof *s);
    if (s == NULL)
        return NULL;
    s->e.kind = ENTRY_STREAM;
    s->e.hash = h;
    s->af = in->af;
    memcpy(s->src, in->src, sizeof s->src);
    memcpy(s->dst, in->dst, sizeof s->dst);
    s->sport = in->sport;
    s->dport = in->dport;
    if (table_add(c, &c->streams, &s->e) < 0) {
        mem_free(c, s, sizeof *s);
        return NULL;
    }
    return s;
}

/* Where stream byte `pos` (not yet framed) came from. */
static void where_at(struct stream *s, uint64_t pos, struct cap_info *in)
{
    const struct mark *m;

    memset(in, 0, sizeof *in);
    while (s->mhead + 1 < s->nmarks && s->marks[s->mhead + 1].pos <= pos)
        s->mhead++;
    in->transport = TRANSPORT_TCP;
    in->af = s->af;
    memcpy(in->src, s->src, sizeof in->src);
    memcpy(in->dst, s->dst, sizeof in->dst);
    in->sport = s->sport;
    in->dport = s->dport;
    if (s->mhead >= s->nmarks)
        return;
    m = &s->marks[s->mhead];
    in->frame = m->frame;
    in->sec = m->sec;
    in->nsec = m->nsec;
    in->nano = m->nano;
    in->truncated = m->truncated;
    in->offset = m->payload_off + (size_t)(pos - m->pos);
}

static void free_buffers(struct capture *c, struct stream *s)
{
    while (s->ooo) {
        struct segment *g = s->ooo;
        s->ooo = g->next;
        mem_free(c, g, sizeof *g + g->len);
    }
    s->ooo_bytes = s->ooo_count = 0;
    if (s->buf != s->small)
        mem_free(c, s->buf, s->cap);
    if (s->marks != s->small_marks)
        mem_free(c, s->marks, s->capmarks * sizeof *s->marks);
    s->buf = NULL;
    s->marks = NULL;
    s->head = s->len = s->cap = s->mhead = s->nmarks = s->capmarks = 0;
}

/* Grows a buffer of `have` units of `size` bytes to `want`: the stream's
 * own small one is left behind, a heap one reallocated. */
static void *grow(struct capture *c, void *p, const void *small, size_t have, size_t want,
                  size_t size)
{
    void *q;

    if (p != small)
        return mem_realloc(c, p, have * size, want * size);
    q = mem_alloc(c, want * size);
    if (q != NULL && have > 0)
        memcpy(q, p, have * size);
    return q;
}

/* Drop the first k bytes not yet framed. */
static void consume(struct stream *s, size_t k)
{
    s->head += k;
    s->base += k;
    if (s->head == s->len) {
        s->head = s->len = 0;
        /* the last mark still says where the next bytes came from */
        if (s->nmarks > 0) {
            s->marks[0] = s->marks[s->nmarks - 1];
            s->nmarks = 1;
        }
        s->mhead = 0;
    }
}

/* Room for n more bytes and a mark; -1 when the budget has none. */
static int reserve(struct capture *c, struct stream *s, size_t n)
{
    if (s->len + n > s->cap && s->head > 0 && s->head >= s->len - s->head) {
        memmove(s->buf, s->buf + s->head, s->len - s->head);
        s->len -= s->head;
        s->head = 0;
    }
    if (s->buf == NULL) { /* a stream starts with its own small buffers */
        s->buf = s->small;
        s->cap = sizeof s->small;
        s->marks = s->small_marks;
        s->capmarks = sizeof s->small_marks / sizeof s->small_marks[0];
    }
    if (s->len + n > s->cap) {
        size_t want = s->cap * 2;
        unsigned char *p;
        while (want < s->len + n)
            want *= 2;
        p = grow(c, s->buf, s->small, s->cap, want, 1);
        if (p == NULL)
            return -1;
        s->buf = p;
        s->cap = want;
    }
    if (s->mhead > 0 && s->mhead >= s->nmarks / 2) {
        memmove(s->marks, s->marks + s->mhead, (s->nmarks - s->mhead) * sizeof *s->marks);
        s->nmarks -= s->mhead;
        s->mhead = 0;
    }
    if (s->nmarks == s->capmarks) {
        size_t want = s->capmarks * 2;
        struct mark *m = grow(c, s->marks, s->small_marks, s->nmarks, want, sizeof *m);
        if (m == NULL)
            return -1;
        s->marks = m;
        s->capmarks = want;
    }
    return 0;
}

static void lose(struct capture *c, struct stream *s, uint32_t missing, enum cap_problem why);

static void append(struct capture *c, struct stream *s, const struct mark *m,
                   const unsigned char *p, size_t n)
{
    if (reserve(c, s, n) < 0) { /* the budget is full of what is busier */
        struct cap_info in;
        where_at(s, s->base, &in);
        in.frame = m->frame;
        cap_skip(c, &in, SKIP_EVICTED);
        s->next_seq -= (uint32_t)n;
        lose(c, s, (uint32_t)n, PROB_CUT_EVICTED);
        return;
    }
    s->marks[s->nmarks] = *m;
    s->marks[s->nmarks].pos = s->end;
    s->nmarks++;
    memcpy(s->buf + s->len, p, n);
    s->len += n;
    s->end += n;
}

/* Frame and report what is now complete in the stream. */
static void frame(struct capture *c, struct stream *s)
{
    for (;;) {
        const unsigned char *p = s->buf + s->head;
        size_t n = s->len - s->head, k;
        struct cap_info in;

        if (n == 0)
            return;
        if (s->kind == STREAM_HEP) {
            enum hep_frame r = hep_frame(p, n, &k);
            if (r == HEP_MORE)
                return;
            where_at(s, s->base, &in);
            if (r == HEP_JUNK) { /* as for SIP: bytes before the next packet */
                if (!s->dropping)
                    cap_skip(c, &in, SKIP_UNFRAMED);
                s->dropping = 1;
            } else {
                s->dropping = 0;
                cap_encap(&in, ENCAP_HEP);
                hep_packet(c, &in, p, k);
            }
            consume(s, k);
            continue;
        }
        {
            int was_synced = s->fr.synced, body = s->fr.body_due != 0;
            enum sip_frame r = sip_frame(&s->fr, p, n, &k);
            struct sip_facts f;
            unsigned cls;

            if (r != FRAME_DROP && r != FRAME_MORE)
                s->dropping = 0;
            switch (r) {
            case FRAME_MORE:
                return;
            case FRAME_DROP:
                if (!was_synced && !body && !s->dropping) { /* one count a run */
                    where_at(s, s->base, &in);
                    cap_skip(c, &in, SKIP_UNFRAMED);
                }
                s->dropping = !was_synced && !body;
                break;
            case FRAME_KEEPALIVE:
                if (k >= 2) {
                    where_at(s, s->base, &in);
                    cap_skip(c, &in, SKIP_KEEPALIVE);
                }
                break;
            case FRAME_LONG:
                where_at(s, s->base, &in);
                cap_problem(c, &in, &s->said, PROB_HEADER_LONG, NULL);
                cap_skip(c, &in, SKIP_UNFRAMED);
                break;
            case FRAME_MESSAGE:
                where_at(s, s->base, &in);
                cls = sip_classify(p, k, 1, 0, 1, &f);
                if (cls == CLASS_RESPONSE)
                    cap_response(c, &in, p, k, &f.m);
                else
                    cap_skip(c, &in, (enum cap_skip)cls);
                sip_framed(&s->fr, f.content_length);
                if (f.content_length < 0) {
                    cap_problem(c, &in, &s->said, PROB_UNFRAMED, NULL);
                    cap_skip(c, &in, SKIP_UNFRAMED);
                }
                break;
            }
            consume(s, k);
        }
    }
}

/* A message that will never be whole (the stream ends, or bytes of it were
 * never captured): what there is of it is checked, said to be partial, and
 * a problem says why.  The buffer is emptied. */
static void flush(struct capture *c, struct stream *s, enum cap_problem why)
{
    const unsigned char *p;
    size_t n = s->len - s->head, k = 0;
    struct cap_info in;

    if (n == 0)
        return;
    p = s->buf + s->head;
    if (s->kind == STREAM_SIP && s->fr.synced && s->fr.body_due == 0) {
        k = sip_line_begin(p, n);
        consume(s, k); /* line ends before no message */
        p += k;
        n -= k;
        if (n > 0) {
            struct sip_facts f;
            unsigned cls = sip_classify(p, n, 1, 1, 1, &f);
            where_at(s, s->base, &in);
            in.partial = 1;
            if (cls == CLASS_RESPONSE)
                cap_response(c, &in, p, n, &f.m);
            else
                cap_skip(c, &in, (enum cap_skip)cls);
            cap_problem(c, &in, &s->said, why, NULL);
            cap_skip(c, &in, SKIP_UNFRAMED);
        }
    } else if (n > 0) {
        where_at(s, s->base, &in);
        cap_skip(c, &in, s->kind == STREAM_HEP ? SKIP_HEP : SKIP_UNFRAMED);
    }
    consume(s, n);
}

/* `missing` bytes at s->next_seq will never be seen: a message they cut
 * is checked as far as it goes; framing is lost, unless the bytes were all
 * inside a body being passed over. */
static void lose(struct capture *c, struct stream *s, uint32_t missing, enum cap_problem why)
{
    if (s->len == s->head && s->fr.body_due >= missing) {
        s->fr.body_due -= missing;
    } else {
        flush(c, s, why);
        sip_lost(&s->fr);
    }
    s->next_seq += missing;
    s->end += missing;
    s->base = s->end;
}

/* Give up waiting for the bytes before the first queued segment. */
static void skip_gap(struct capture *c, struct stream *s)
{
    struct cap_info in;
    char text[64];
    uint32_t missing = s->ooo->seq - s->next_seq;

    memset(&in, 0, sizeof in);
    in.frame = s->ooo->where.frame;
    in.sec = s->ooo->where.sec;
    in.nsec = s->ooo->where.nsec;
    in.nano = s->ooo->where.nano;
    in.transport = TRANSPORT_TCP;
    in.af = s->af;
    memcpy(in.src, s->src, sizeof in.src);
    memcpy(in.dst, s->dst, sizeof in.dst);
    in.sport = s->sport;
    in.dport = s->dport;
    in.offset = s->ooo->where.payload_off;
    snprintf(text, sizeof text, "%lu bytes were never captured", (unsigned long)missing);
    cap_problem(c, &in, &s->said, PROB_GAP, text);
    lose(c, s, missing, PROB_CUT_GAP);
}

/* Move the queued segments that are now in turn into the buffer. */
static void drain(struct capture *c, struct stream *s)
{
    while (s->ooo) {
        struct segment *g = s->ooo;
        int32_t d = (int32_t)(g->seq - s->next_seq);
        size_t back;

        if (d > 0)
            return;
        s->ooo = g->next;
        s->ooo_bytes -= g->len;
        s->ooo_count--;
        back = (size_t)-(int64_t)d;
        if (back >= g->len) {
            struct cap_info in;
            where_at(s, s->base, &in);
            cap_skip(c, &in, SKIP_RETRANSMIT);
        } else {
            struct mark m = g->where;
            m.payload_off += back;
            s->next_seq += (uint32_t)(g->len - back);
            append(c, s, &m, g->data + back, g->len - back);
        }
        mem_free(c, g, sizeof *g + g->len);
        frame(c, s);
    }
}

static void queue(struct capture *c, struct stream *s, const struct cap_info *in, uint32_t seq,
                  const struct mark *m, const unsigned char *p, size_t n)
{
    struct segment **at = &s->ooo, *g;

    while (*at && (int32_t)((*at)->seq - seq) < 0)
        at = &(*at)->next;
    if (*at && (*at)->seq == seq && (*at)->len >= n) {
        cap_skip(c, in, SKIP_RETRANSMIT);
        return;
    }
    g = mem_alloc(c, sizeof *g + n);
    if (g == NULL) {
        cap_skip(c, in, SKIP_EVICTED); /* a gap, found when the stream goes on */
        return;
    }
    g->seq = seq;
    g->len = n;
    g->where = *m;
    memcpy(g->data, p, n);
    g->next = *at;
    *at = g;
    s->ooo_bytes += n;
    s->ooo_count++;
    while (s->ooo && (s->ooo_count > MAX_OOO_SEGMENTS || s->ooo_bytes > MAX_OOO_BYTES)) {
        skip_gap(c, s);
        drain(c, s);
    }
}

static void stream_remove(struct capture *c, struct stream *s)
{
    free_buffers(c, s);
    entry_unlink(c, &s->e);
    table_remove(&c->streams, &s->e);
    mem_free(c, s, sizeof *s);
}

/* Every byte before the FIN (or the RST) is in: what never became a whole
 * message is reported; the stream is kept, without buffers, so that late
 * data is known as retransmitted. */
static void stream_close(struct capture *c, struct stream *s)
{
    while (s->ooo) {
        skip_gap(c, s);
        drain(c, s);
    }
    flush(c, s, PROB_CUT_END);
    free_buffers(c, s);
    s->closed = 1;
}

void stream_end(struct capture *c, struct stream *s)
{
    struct entry *was_busy = c->busy;

    c->busy = &s->e; /* draining allocates: never evict what is being ended */
    if (!s->closed)
        stream_close(c, s);
    c->busy = was_busy;
    stream_remove(c, s);
}

void stream_evict(struct capture *c, struct stream *s)
{
    size_t queued = s->ooo_count;
    struct cap_info in;

    if (!s->closed)
        flush(c, s, PROB_CUT_EVICTED);
    where_at(s, s->base, &in);
    while (queued--)
        cap_skip(c, &in, SKIP_EVICTED);
    stream_remove(c, s);
}

static enum stream_kind kind_of(const struct capture *c, const struct cap_info *in,
                                const unsigned char *p, size_t n)
{
    if (c->cfg.hep_port && (in->sport == c->cfg.hep_port || in->dport == c->cfg.hep_port))
        return STREAM_HEP;
    if (n >= 3 && p[0] >= 0x14 && p[0] <= 0x17 && p[1] == 0x03)
        return STREAM_TLS;
    if (cap_sip_port(c, in->sport) || cap_sip_port(c, in->dport) || sip_looks_like(p, n))
        return STREAM_SIP;
    return STREAM_IGNORED;
}

/* The segment's data, in order, into the stream. */
static void segment(struct capture *c, struct stream *s, struct cap_info *in, uint32_t seq,
                    const unsigned char *p, size_t n, size_t wire_n)
{
    int32_t d = (int32_t)(seq - s->next_seq);
    struct mark m;

    memset(&m, 0, sizeof m);
    m.frame = in->frame;
    m.sec = in->sec;
    m.nsec = in->nsec;
    m.nano = in->nano;
    m.truncated = in->truncated;
    if (d < 0 && (size_t)-(int64_t)d >= n) {
        cap_skip(c, in, SKIP_RETRANSMIT);
    } else if (d > 0) {
        queue(c, s, in, seq, &m, p, n); /* a cut one leaves a gap */
    } else {
        m.payload_off = (size_t)-(int64_t)d;
        s->next_seq += (uint32_t)(n - m.payload_off);
        append(c, s, &m, p + m.payload_off, n - m.payload_off);
        frame(c, s);
        if (wire_n > n)
            lose(c, s, (uint32_t)(wire_n - n), PROB_CUT_SNAPLEN);
        drain(c, s);
    }
}

void tcp_segment(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len)
{
    struct entry *was_busy = c->busy;
    size_t off, n, wire_n;
    unsigned flags;
    uint32_t seq;
    struct stream *s;

    if (len < 20 || (off = (size_t)(d[12] >> 4) * 4) < 20 || off > len) {
        cap_short(c, in);
        return;
    }
    in->sport = rd16(d);
    in->dport = rd16(d + 2);
    in->transport = TRANSPORT_TCP;
    flags = d[13];
    seq = rd32(d + 4);
    n = len - off;
    wire_n = in->wire_len > off && in->wire_len - off > n ? in->wire_len - off : n;
    d += off;
    s = stream_get(c, in);
    if (s == NULL) {
        cap_skip(c, in, SKIP_EVICTED);
        return;
    }
    entry_touch(c, &s->e, in->frame);
    c->busy = &s->e;
    if (s->closed && !(flags & TCP_SYN)) { /* a FIN's stream: all seen */
        cap_skip(c, in, n ? SKIP_RETRANSMIT : SKIP_NO_PAYLOAD);
        c->busy = was_busy;
        return;
    }
    if (flags & TCP_SYN) {
        if (s->have_seq && !s->closed) /* a new connection on the same ports */
            stream_close(c, s);
        s->closed = s->fin = 0;
        s->kind = STREAM_NEW;
        memset(&s->fr, 0, sizeof s->fr);
        s->fr.synced = 1;
        s->next_seq = seq + 1;
        s->have_seq = 1;
        seq++;
    }
    if (n > 0 && s->kind == STREAM_NEW)
        s->kind = kind_of(c, in, d, n);
    if (!s->have_seq) { /* joined mid-stream: framing to be found */
        s->next_seq = seq;
        s->have_seq = 1;
    }
    if (n == 0)
        cap_skip(c, in, SKIP_NO_PAYLOAD);
    else if (s->kind == STREAM_IGNORED)
        cap_skip(c, in, SKIP_NOT_SIP);
    else if (s->kind == STREAM_TLS)
        cap_skip(c, in, SKIP_TLS);
    else
        segment(c, s, in, seq, d, n, wire_n);
    if ((flags & (TCP_FIN | TCP_RST)) && !s->fin) {
        s->fin = 1;
        /* a FIN ends the stream once every byte before it is in; a RST now */
        s->fin_seq = flags & TCP_RST ? s->next_seq : seq + (uint32_t)wire_n;
    }
    if (s->fin && !s->closed && s->ooo == NULL && (int32_t)(s->next_seq - s->fin_seq) >= 0)
        stream_close(c, s);
    c->busy = was_busy;
}
