/* craft.c - writes the edge-case captures that tests/capture.sh checks.
 *
 *   craft DIR
 *
 * Each capture is built frame by frame here and written with libpcap's
 * pcap_dump, so the layers the sipp captures cannot show (VLAN tags, SLL,
 * SLL2, BSD loopback, raw IP, IPv6 extension headers, fragments, TCP out of
 * order, HEP, a snapshot length, damage) are covered.  The frame numbers in
 * the comments are the ones tests/capture.sh expects. */
#define _DEFAULT_SOURCE /* the BSD types pcap.h uses */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXPKT 70000

static const char *dir;

/* ---- bytes ---- */

struct pkt {
    unsigned char b[MAXPKT];
    size_t n;
};

static void put(struct pkt *p, const void *d, size_t n)
{
    if (n == 0)
        return; /* d may be NULL */
    if (p->n + n > sizeof p->b) {
        fputs("craft: packet too big\n", stderr);
        exit(1);
    }
    memcpy(p->b + p->n, d, n);
    p->n += n;
}

static void put8(struct pkt *p, unsigned v)
{
    unsigned char b = (unsigned char)v;
    put(p, &b, 1);
}

static void put16(struct pkt *p, unsigned v)
{
    put8(p, v >> 8);
    put8(p, v);
}

static void put32(struct pkt *p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p, v & 0xFFFF);
}

static void puts_(struct pkt *p, const char *s)
{
    put(p, s, strlen(s));
}

static const unsigned char A4[4] = {10, 0, 0, 1}, B4[4] = {10, 0, 0, 2};
static const unsigned char A6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
static const unsigned char B6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 2};

/* ---- headers ---- */

static void udp(struct pkt *p, unsigned sport, unsigned dport, const void *d, size_t n)
{
    put16(p, sport);
    put16(p, dport);
    put16(p, (unsigned)n + 8);
    put16(p, 0);
    put(p, d, n);
}

static void tcp_bytes(struct pkt *p, unsigned sport, unsigned dport, uint32_t seq,
                      unsigned flags, const void *d, size_t n)
{
    put16(p, sport);
    put16(p, dport);
    put32(p, seq);
    put32(p, 0);
    put8(p, 5 << 4);
    put8(p, flags);
    put16(p, 65535);
    put32(p, 0);
    put(p, d, n);
}


static void ipv4(struct pkt *p, unsigned proto, unsigned id, unsigned frag,
                 const struct pkt *l4)
{
    put8(p, 0x45);
    put8(p, 0);
    put16(p, (unsigned)l4->n + 20);
    put16(p, id);
    put16(p, frag);
    put8(p, 64);
    put8(p, proto);
    put16(p, 0);
    put(p, A4, 4);
    put(p, B4, 4);
    put(p, l4->b, l4->n);
}

static void ipv6(struct pkt *p, unsigned nh, const struct pkt *rest)
{
    put32(p, 0x60000000u);
    put16(p, (unsigned)rest->n);
    put8(p, nh);
    put8(p, 64);
    put(p, A6, 16);
    put(p, B6, 16);
    put(p, rest->b, rest->n);
}

static void ether(struct pkt *p, const unsigned *tags, size_t ntags, unsigned type)
{
    static const unsigned char mac[12] = {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2};
    size_t i;
    put(p, mac, 12);
    for (i = 0; i < ntags; i++) {
        put16(p, tags[i]);
        put16(p, 100 + (unsigned)i); /* VLAN id */
    }
    put16(p, type);
}

/* ---- files ---- */

struct out {
    pcap_t *dead;
    pcap_dumper_t *d;
    long sec;
};

static void open_out(struct out *o, const char *name, int linktype, int snaplen, int nano)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    o->dead = pcap_open_dead_with_tstamp_precision(
        linktype, snaplen, nano ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO);
    o->d = o->dead ? pcap_dump_open(o->dead, path) : NULL;
    if (o->d == NULL) {
        fprintf(stderr, "craft: %s: %s\n", path, o->dead ? pcap_geterr(o->dead) : "pcap");
        exit(1);
    }
    o->sec = 1795521600; /* 2026-11-24T12:00:00Z */
}

/* A frame of which only caplen bytes are kept (all when caplen is 0). */
static void frame_cut(struct out *o, const struct pkt *p, size_t caplen)
{
    struct pcap_pkthdr h;
    memset(&h, 0, sizeof h);
    h.ts.tv_sec = o->sec++;
    h.ts.tv_usec = 123456;
    h.len = (bpf_u_int32)p->n;
    h.caplen = (bpf_u_int32)(caplen && caplen < p->n ? caplen : p->n);
    pcap_dump((u_char *)o->d, &h, p->b);
}

static void frame(struct out *o, const struct pkt *p)
{
    frame_cut(o, p, 0);
}

static void close_out(struct out *o)
{
    pcap_dump_close(o->d);
    pcap_close(o->dead);
}

/* Ethernet + IPv4 + UDP carrying text. */
static void eth_udp(struct out *o, const unsigned *tags, size_t ntags, unsigned sport,
                    unsigned dport, const void *d, size_t n)
{
    struct pkt l4 = {.n = 0}, p = {.n = 0};
    udp(&l4, sport, dport, d, n);
    ether(&p, tags, ntags, 0x0800);
    ipv4(&p, 17, 1, 0x4000, &l4);
    frame(o, &p);
}

static void eth_udp_s(struct out *o, unsigned sport, unsigned dport, const char *s)
{
    eth_udp(o, NULL, 0, sport, dport, s, strlen(s));
}

#define RESP(line) line "\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\nContent-Length: 0\r\n\r\n"

/* ethernet.pcap: VLAN tags, classification of UDP payloads. */
static void ethernet(void)
{
    static const unsigned q[] = {0x8100}, qinq[] = {0x88A8, 0x8100};
    static const unsigned char stun[20] = {0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42,
                                           1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    struct out o;
    struct pkt p = {.n = 0};
    const char *ok = RESP("SIP/2.0 200 OK");
    const char *bad = RESP("SIP/2.0 200 OK \"quoted\"");

    open_out(&o, "ethernet.pcap", DLT_EN10MB, 65535, 0);
    eth_udp(&o, q, 1, 5060, 5060, ok, strlen(ok));                 /* 1 valid, 802.1Q */
    eth_udp(&o, qinq, 2, 5060, 5062, bad, strlen(bad));            /* 2 E_REASON at 15, QinQ */
    ether(&p, NULL, 0, 0x0806);                                    /* 3 ARP: not-ip */
    puts_(&p, "arp arp arp arp arp arp arp arp");
    frame(&o, &p);
    eth_udp_s(&o, 40000, 53, "not dns really");                   /* 4 not-sip */
    eth_udp_s(&o, 5060, 5060, "INVITE sip:bob@example.com SIP/2.0\r\nContent-Length: 0\r\n\r\n");
                                                                   /* 5 request */
    eth_udp_s(&o, 5060, 5060, "\r\n\r\n");                         /* 6 keep-alive */
    eth_udp(&o, NULL, 0, 5060, 5060, stun, sizeof stun);           /* 7 stun */
    eth_udp_s(&o, 5060, 5060, RESP("SIP /2.0 200 OK"));            /* 8 E_VERSION at 3 */
    eth_udp_s(&o, 7000, 7001, RESP("SIP/2.0 486 Busy Here"));      /* 9 valid, other port */
    eth_udp_s(&o, 7000, 7001, RESP("SIP /2.0 486 Busy Here"));     /* 10 not-sip */
    eth_udp_s(&o, 5060, 5060, "SIP/2.0 180 Ringing");              /* 11 INCOMPLETE at 19 */
    eth_udp_s(&o, 5060, 5060, "\r\nSIP/2.0 100 Trying\r\n\r\n");   /* 12 valid, offset 2 */
    eth_udp_s(&o, 5060, 5060, "sip/2.0 180 Ringing\r\n\r\n");      /* 13 valid, NOTE_CASE */
    {                                                              /* 14 padded frame */
        struct pkt l4 = {.n = 0}, e = {.n = 0};
        const char *s = "SIP/2.0 200 OK\r\n\r\n";
        udp(&l4, 5060, 5060, s, strlen(s));
        ether(&e, NULL, 0, 0x0800);
        ipv4(&e, 17, 2, 0, &l4);
        put(&e, "\0\0\0\0\0\0\0\0", 8); /* trailer after the IP datagram */
        frame(&o, &e);
    }
    close_out(&o);
}

/* A UDP response over IPv4 or IPv6 behind a link header written by `link`. */
static void ip_udp(struct pkt *p, int v6, const char *s)
{
    struct pkt l4 = {.n = 0};
    udp(&l4, 5060, 5060, s, strlen(s));
    if (v6)
        ipv6(p, 17, &l4);
    else
        ipv4(p, 17, 3, 0x4000, &l4);
}

/* sll.pcap, sll2.pcap, null.pcap, loop.pcap, raw.pcap: the other link types. */
static void links(void)
{
    struct out o;
    struct pkt p;

    open_out(&o, "sll.pcap", DLT_LINUX_SLL, 65535, 0);
    p.n = 0; /* packet type, ARPHRD, address length, address, protocol */
    put16(&p, 0); put16(&p, 772); put16(&p, 6); put(&p, "\0\0\0\0\0\0\0\0", 8);
    put16(&p, 0x0800);
    ip_udp(&p, 0, RESP("SIP/2.0 200 OK"));                         /* 1 valid */
    frame(&o, &p);
    p.n = 0;
    put16(&p, 0); put16(&p, 772); put16(&p, 6); put(&p, "\0\0\0\0\0\0\0\0", 8);
    put16(&p, 0x86DD);
    ip_udp(&p, 1, RESP("SIP/2.0 603 Decline\x7f"));                /* 2 E_REASON at 19 */
    frame(&o, &p);
    close_out(&o);

    open_out(&o, "sll2.pcap", DLT_LINUX_SLL2, 65535, 0);
    p.n = 0; /* protocol, reserved, ifindex, ARPHRD, packet type, address length, address */
    put16(&p, 0x86DD); put16(&p, 0); put32(&p, 1); put16(&p, 772); put8(&p, 0); put8(&p, 6);
    put(&p, "\0\0\0\0\0\0\0\0", 8);
    {   /* IPv6 with hop-by-hop and destination options before UDP */
        struct pkt l4 = {.n = 0}, ext = {.n = 0};
        const char *s = RESP("SIP/2.0 1800 Ringing");              /* 1 E_CODE at 11 */
        udp(&l4, 5060, 5060, s, strlen(s));
        put8(&ext, 60); put8(&ext, 0); put(&ext, "\1\4\0\0\0\0", 6);  /* hop-by-hop */
        put8(&ext, 17); put8(&ext, 1); put(&ext, "\1\14\0\0\0\0\0\0\0\0\0\0\0\0", 14);
        put(&ext, l4.b, l4.n);
        ipv6(&p, 0, &ext);
    }
    frame(&o, &p);
    close_out(&o);

    open_out(&o, "null.pcap", DLT_NULL, 65535, 0);
    p.n = 0;
    put(&p, "\2\0\0\0", 4); /* AF_INET, little-endian host */
    ip_udp(&p, 0, RESP("SIP/2.0 180 Ringing"));                    /* 1 valid */
    frame(&o, &p);
    p.n = 0;
    put(&p, "\0\0\0\x1e", 4); /* AF_INET6 of macOS (30), big-endian host */
    ip_udp(&p, 1, RESP("SIP/2.0 180 Ringing\r"));                  /* 2 E_EOL at 20 */
    frame(&o, &p);
    close_out(&o);

    open_out(&o, "loop.pcap", DLT_LOOP, 65535, 0);
    p.n = 0;
    put(&p, "\0\0\0\2", 4);
    ip_udp(&p, 0, RESP("SIP/2.0 183 Session Progress"));           /* 1 valid */
    frame(&o, &p);
    close_out(&o);

    open_out(&o, "raw.pcap", DLT_RAW, 65535, 0);
    p.n = 0;
    ip_udp(&p, 0, RESP("SIP/2.0 999 Nine"));                       /* 1 E_CODE at 8 */
    frame(&o, &p);
    p.n = 0;
    ip_udp(&p, 1, RESP("SIP/2.0 200 OK"));                         /* 2 valid */
    frame(&o, &p);
    close_out(&o);
}

/* frag.pcap: IPv4 and IPv6 fragments, in and out of order, one lost. */
static void frags(void)
{
    struct out o;
    struct pkt l4 = {.n = 0}, p;
    char msg[600];
    size_t n;

    /* a response of 400+ bytes, bad at byte 13 */
    n = (size_t)snprintf(msg, sizeof msg, "SIP/2.0 200 O\x01K\r\nX-Pad: %0400d\r\n\r\n", 0);
    udp(&l4, 5060, 5060, msg, n);
    open_out(&o, "frag.pcap", DLT_EN10MB, 65535, 0);
    /* IPv4: three fragments of 200, 200 and the rest, sent 2, 1, 3 */
    {
        static const size_t at[3] = {200, 0, 400};
        int i;
        for (i = 0; i < 3; i++) {                                  /* 1-3: E_REASON at 13 */
            struct pkt part = {.n = 0};
            size_t len = at[i] == 400 ? l4.n - 400 : 200;
            put(&part, l4.b + at[i], len);
            p.n = 0;
            ether(&p, NULL, 0, 0x0800);
            ipv4(&p, 17, 7, (unsigned)(at[i] / 8) | (at[i] == 400 ? 0 : 0x2000), &part);
            frame(&o, &p);
        }
    }
    /* IPv6: two fragments in order, valid */
    {
        struct pkt u = {.n = 0};
        char m6[600];
        size_t k = (size_t)snprintf(m6, sizeof m6, "SIP/2.0 202 Accepted\r\nX-Pad: %0300d\r\n\r\n", 0);
        int i;
        udp(&u, 5060, 5060, m6, k);
        for (i = 0; i < 2; i++) {                                  /* 4-5: valid, frame 4 */
            struct pkt fr = {.n = 0};
            size_t off = i ? 160 : 0, len = i ? u.n - 160 : 160;
            put8(&fr, 17); put8(&fr, 0);
            put16(&fr, (unsigned)off | (i ? 0 : 1));
            put32(&fr, 0xABCD);
            put(&fr, u.b + off, len);
            p.n = 0;
            ether(&p, NULL, 0, 0x86DD);
            ipv6(&p, 44, &fr);
            frame(&o, &p);
        }
    }
    /* IPv4: the first fragment only; the rest never comes */
    {
        struct pkt part = {.n = 0};                                /* 6: warning, 480 valid */
        struct pkt u = {.n = 0};
        char m[600];
        size_t k = (size_t)snprintf(m, sizeof m, "SIP/2.0 480 Temporarily Unavailable\r\nX-Pad: %0300d\r\n\r\n", 0);
        udp(&u, 5060, 5060, m, k);
        put(&part, u.b, 200);
        p.n = 0;
        ether(&p, NULL, 0, 0x0800);
        ipv4(&p, 17, 9, 0x2000, &part);
        frame(&o, &p);
    }
    /* IPv4: a lone last fragment */
    {
        struct pkt part = {.n = 0};                                /* 7: fragment */
        puts_(&part, "tail of something never seen");
        p.n = 0;
        ether(&p, NULL, 0, 0x0800);
        ipv4(&p, 17, 11, 50, &part);
        frame(&o, &p);
    }
    /* IPv4: bytes 8-15 never come, though the byte count would add up */
    {
        static const size_t at[3] = {0, 64, 16}, len[3] = {8, 16, 8};
        struct pkt u = {.n = 0};
        int k;
        udp(&u, 5060, 5060, "SIP/2.0 200 OK\r\nX-Pad: 0123456789012345678901234567890123456789012345678901234567890123456789\r\n\r\n", 93);
        for (k = 0; k < 3; k++) {                                 /* 8-10: never completed */
            struct pkt part = {.n = 0};
            put(&part, u.b + at[k], len[k]);
            p.n = 0;
            ether(&p, NULL, 0, 0x0800);
            ipv4(&p, 17, 13, (unsigned)(at[k] / 8) | (k < 2 ? 0x2000 : 0), &part);
            frame(&o, &p);
        }
    }
    close_out(&o);
}

static void eth_tcp_bytes(struct out *o, unsigned sport, unsigned dport, uint32_t seq,
                          unsigned flags, const void *d, size_t n)
{
    struct pkt l4 = {.n = 0}, p = {.n = 0};
    tcp_bytes(&l4, sport, dport, seq, flags, d, n);
    ether(&p, NULL, 0, 0x0800);
    ipv4(&p, 6, 5, 0x4000, &l4);
    frame(o, &p);
}

static void eth_tcp(struct out *o, unsigned sport, unsigned dport, uint32_t seq,
                    unsigned flags, const char *d)
{
    eth_tcp_bytes(o, sport, dport, seq, flags, d, strlen(d));
}

/* tcp.pcap: reassembly, framing by Content-Length, retransmission, order. */
static void tcps(void)
{
    struct out o;
    const char *m1 = "SIP/2.0 100 Trying\r\nContent-Length: 0\r\n\r\n";
    const char *m2 = "SIP/2.0  180 Ringing\r\nContent-Length: 5\r\n\r\nhello";
    const char *m3a = "SIP/2.0 200 OK\r\nl: 4\r\n";
    const char *m3b = "\r\nbody\r\n\r\n";
    const char *m4 = "SIP/2.0 404 Not Found\r\n\r\n";
    const char *m5 = "SIP/2.0 202 Accepted\r\nContent-Length: 0\r\n\r\n";
    uint32_t s = 1000;
    char two[256];

    open_out(&o, "tcp.pcap", DLT_EN10MB, 65535, 0);
    eth_tcp(&o, 5060, 40000, s, 0x02, "");                    /* 1 SYN: no-payload */
    s++;
    snprintf(two, sizeof two, "%s%s", m1, m2);
    eth_tcp(&o, 5060, 40000, s, 0x18, two);                   /* 2 100 valid; E_SPACE at 8 (offset 42) */
    s += (uint32_t)strlen(two);
    eth_tcp(&o, 5060, 40000, s + (uint32_t)strlen(m3a), 0x18, m3b); /* 3 ahead of its turn */
    eth_tcp(&o, 5060, 40000, s, 0x18, m3a);                   /* 4 200 valid (from frame 4) */
    eth_tcp(&o, 5060, 40000, s, 0x18, m3a);                   /* 5 retransmission */
    s += (uint32_t)(strlen(m3a) + strlen(m3b));
    eth_tcp(&o, 5060, 40000, s, 0x18, m4);                    /* 6 404 valid; no Content-Length */
    s += (uint32_t)strlen(m4);
    eth_tcp(&o, 5060, 40000, s, 0x18, m5);                    /* 7 202 valid after resync */
    s += (uint32_t)strlen(m5);
    eth_tcp(&o, 5060, 40000, s, 0x11, "");                    /* 8 FIN: no-payload */

    /* a second stream, joined mid-way, with a gap, ending inside a message */
    eth_tcp(&o, 5060, 40002, 5000, 0x18, "Content-Length: 0\r\n\r\nSIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n");
                                                              /* 9: resync, 200 valid at offset 21 */
    eth_tcp(&o, 5060, 40002, 5200, 0x18, "SIP/2.0 486 Busy Here\r\nContent-Length: 0\r\n\r\n");
                                                              /* 10: after a gap: warning at the end */
    eth_tcp(&o, 5060, 40002, 5244, 0x18, "SIP/2.0 487 Request Terminated\r\nContent-Le");
                                                              /* 11: 487 checked at the end (partial) */
    /* a third: data with FIN, sent again; a fourth: the FIN before the data */
    {
        const char *ok = "SIP/2.0 200 OK\r\nl: 0\r\n\r\n";
        uint32_t len = (uint32_t)strlen(ok);
        eth_tcp(&o, 5060, 40004, 8000, 0x02, "");               /* 12 SYN */
        eth_tcp(&o, 5060, 40004, 8001, 0x19, ok);               /* 13 200 valid, FIN */
        eth_tcp(&o, 5060, 40004, 8001, 0x19, ok);               /* 14 retransmission */
        eth_tcp(&o, 5060, 40006, 9000, 0x02, "");               /* 15 SYN */
        eth_tcp(&o, 5060, 40006, 9001 + len, 0x11, "");         /* 16 FIN ahead of the data */
        eth_tcp(&o, 5060, 40006, 9001, 0x18, ok);               /* 17 200 valid, then the end */
    }
    /* a fifth, joined mid-way: 90000 bytes without a line end, then a message */
    {
        static char junk[30001];
        int k;
        memset(junk, 'A', 30000);
        for (k = 0; k < 3; k++)                                  /* 18-20 unframed */
            eth_tcp(&o, 5060, 40008, 10000 + 30000u * (uint32_t)k, 0x18, junk);
        eth_tcp(&o, 5060, 40008, 100000, 0x18, "\r\nSIP/2.0 183 Session Progress\r\nl: 0\r\n\r\n");
                                                              /* 21 183 valid, offset 2 */
    }
    close_out(&o);

    /* tcpcut.pcap: a snapshot length of 80 cuts each segment after 26 bytes */
    open_out(&o, "tcpcut.pcap", DLT_EN10MB, 80, 0);
    {
        struct pkt l4 = {.n = 0}, p = {.n = 0};
        static const char *const seg[] = {
            "SIP/2.0 180 Ringing\r\nContent-Length: 0\r\n\r\n", /* 2 180 valid, partial */
            "SIP/2.0 200 OK\r\nl: 0\r\n\r\n",                   /* 3 200 valid */
            "INVITE sip:bob@example.com SIP/2.0\r\nl: 0\r\n\r\n", /* 4 a request, cut */
            "SIP/2.0 486 Busy Here\r\nContent-Length: 0\r\n\r\n", /* 5 486 valid, partial */
        };
        uint32_t seq = 501;
        size_t k;
        eth_tcp(&o, 5060, 40010, 500, 0x02, "");                  /* 1 SYN */
        for (k = 0; k < 4; k++) {
            l4.n = 0;
            p.n = 0;
            tcp_bytes(&l4, 5060, 40010, seq, 0x18, seg[k], strlen(seg[k]));
            ether(&p, NULL, 0, 0x0800);
            ipv4(&p, 6, 5, 0x4000, &l4);
            frame_cut(&o, &p, 80);
            seq += (uint32_t)strlen(seg[k]);
        }
    }
    close_out(&o);
}

/* A HEP v3 packet around a SIP payload. */
static void hep(struct pkt *p, int v6, const char *sip, int broken)
{
    struct pkt c = {.n = 0};
#define CHUNK(type, len) do { put16(&c, 0); put16(&c, type); put16(&c, (len) + 6); } while (0)
    CHUNK(1, 1); put8(&c, v6 ? 10 : 2);
    CHUNK(2, 1); put8(&c, 17);
    if (v6) {
        CHUNK(5, 16); put(&c, A6, 16);
        CHUNK(6, 16); put(&c, B6, 16);
    } else {
        CHUNK(3, 4); put(&c, "\xc0\xa8\x01\x01", 4);
        CHUNK(4, 4); put(&c, "\xc0\xa8\x01\x02", 4);
    }
    CHUNK(7, 2); put16(&c, 5080);
    CHUNK(8, 2); put16(&c, 5090);
    CHUNK(9, 4); put32(&c, 1795525200u); /* 2026-11-24T13:00:00Z */
    CHUNK(10, 4); put32(&c, 250000);
    CHUNK(11, 1); put8(&c, 1);
    CHUNK(12, 4); put32(&c, 2001);
    CHUNK(15, (unsigned)strlen(sip) + (broken ? 50 : 0)); puts_(&c, sip);
#undef CHUNK
    puts_(p, "HEP3");
    put16(p, (unsigned)c.n + 6);
    put(p, c.b, c.n);
}

/* hep.pcap (HEP over UDP port 9060) and hep.hep (a file of HEP packets). */
static void heps(void)
{
    struct out o;
    struct pkt h = {.n = 0};
    FILE *f;
    char path[4096];

    open_out(&o, "hep.pcap", DLT_EN10MB, 65535, 0);
    hep(&h, 0, RESP("SIP/2.0 200 OK\t"), 0);                  /* 1 valid (HTAB is allowed) */
    eth_udp(&o, NULL, 0, 40000, 9060, h.b, h.n);
    h.n = 0;
    hep(&h, 1, RESP("SIP/2.0 200 O%4K"), 0);                  /* 2 E_ESCAPE at 15 */
    eth_udp(&o, NULL, 0, 40000, 9060, h.b, h.n);
    h.n = 0;
    hep(&h, 0, RESP("SIP/2.0 200 OK"), 1);                    /* 3 broken: warning */
    eth_udp(&o, NULL, 0, 40000, 9060, h.b, h.n);
    /* HEP over TCP: two packets, the second split across segments */
    {
        struct pkt two = {.n = 0};
        size_t first, cut;
        hep(&two, 0, RESP("SIP/2.0 180 Ringing"), 0);
        first = two.n;
        hep(&two, 1, RESP("SIP/2.0 181 Call Is Being Forwarded}"), 0);
        cut = first + 20;
        eth_tcp_bytes(&o, 40001, 9060, 7000, 0x02, NULL, 0);      /* 4 SYN */
        eth_tcp_bytes(&o, 40001, 9060, 7001, 0x18, two.b, cut);  /* 5 180 valid */
        eth_tcp_bytes(&o, 40001, 9060, 7001 + (uint32_t)cut, 0x18, two.b + cut,
                      two.n - cut);                             /* 6 E_REASON at 35, frame 5 */
    }
    /* HEP over TCP joined mid-way, the magic split across segments */
    {
        struct pkt one = {.n = 0}, seg = {.n = 0};
        hep(&one, 0, RESP("SIP/2.0 603 Decline"), 0);
        puts_(&seg, "junkHE");
        eth_tcp_bytes(&o, 40002, 9060, 3000, 0x18, seg.b, seg.n);  /* 7 */
        eth_tcp_bytes(&o, 40002, 9060, 3006, 0x18, one.b + 2, one.n - 2); /* 8: 603 valid, frame 7 */
    }
    close_out(&o);

    snprintf(path, sizeof path, "%s/hep.hep", dir);
    f = fopen(path, "wb");
    if (f == NULL) {
        perror(path);
        exit(1);
    }
    h.n = 0;
    hep(&h, 0, RESP("SIP/2.0 100 Trying"), 0);                /* packet 1 valid */
    fwrite(h.b, 1, h.n, f);
    fwrite("junk", 1, 4, f);                                  /* byte N: 4 bytes skipped */
    h.n = 0;
    hep(&h, 1, RESP("SIP/2.0 500 Server Internal Error \xe2\x82"), 0); /* packet 2 E_UTF8 */
    fwrite(h.b, 1, h.n, f);
    h.n = 0;
    hep(&h, 0, RESP("SIP/2.0 200 OK"), 0);                    /* cut: file ends inside */
    fwrite(h.b, 1, h.n / 2, f);
    fclose(f);
}

/* snaplen.pcap, nano.pcap, linktype.pcap, damaged.pcap, bigendian.pcap. */
static void odd(void)
{
    struct out o;
    struct pkt p = {.n = 0};
    char path[4096];
    FILE *f;
    long size;
    char *all;

    open_out(&o, "snaplen.pcap", DLT_EN10MB, 80, 0);
    {
        char long_reason[400];
        snprintf(long_reason, sizeof long_reason, "SIP/2.0 200 %0100d\r\n\r\n", 7);
        p.n = 0;
        ether(&p, NULL, 0, 0x0800);
        ip_udp(&p, 0, long_reason);
        frame_cut(&o, &p, 80);                                /* 1 truncated: warning */
        p.n = 0;
        ether(&p, NULL, 0, 0x0800);
        ip_udp(&p, 0, "SIP/2.0 100 Trying\r\nX-Long: 0123456789012345678901234567890123456789\r\n\r\n");
        frame_cut(&o, &p, 80);                                /* 2 checked, valid */
        p.n = 0;
        ether(&p, NULL, 0, 0x0800);
        ip_udp(&p, 0, "INVITE sip:+15551234567@sip.example.com;user=phone SIP/2.0\r\n\r\n");
        frame_cut(&o, &p, 80);                                /* 3 a request, cut: truncated */
    }
    close_out(&o);

    open_out(&o, "nano.pcap", DLT_EN10MB, 65535, 1);
    eth_udp_s(&o, 5060, 5060, RESP("SIP/2.0 100 Trying"));   /* 1 valid: nanosecond time */
    eth_udp_s(&o, 5060, 5060, RESP("SIP/2.0 100 Trying\n")); /* 2 E_EOL at 18 */
    close_out(&o);

    open_out(&o, "linktype.pcap", DLT_IEEE802_11, 65535, 0);
    p.n = 0;
    puts_(&p, "an 802.11 frame we do not decode");
    frame(&o, &p);                                            /* 1 link-type */
    frame(&o, &p);                                            /* 2 link-type */
    close_out(&o);

    /* damaged.pcap: ethernet.pcap cut in the middle of its fifth record */
    snprintf(path, sizeof path, "%s/ethernet.pcap", dir);
    f = fopen(path, "rb");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0) {
        perror(path);
        exit(1);
    }
    rewind(f);
    all = malloc((size_t)size);
    if (all == NULL || fread(all, 1, (size_t)size, f) != (size_t)size) {
        perror(path);
        exit(1);
    }
    fclose(f);
    {
        /* walk the records: 24-byte file header, 16-byte record headers */
        size_t pos = 24, rec;
        for (rec = 0; rec < 4; rec++) {
            uint32_t caplen;
            memcpy(&caplen, all + pos + 8, 4);
            pos += 16 + caplen;
        }
        snprintf(path, sizeof path, "%s/damaged.pcap", dir);
        f = fopen(path, "wb");
        if (f == NULL) {
            perror(path);
            exit(1);
        }
        fwrite(all, 1, pos + 16 + 10, f); /* 4 whole frames, then 10 bytes of the 5th */
        fclose(f);

        /* bigendian.pcap: the same first two frames, every header field swapped */
        snprintf(path, sizeof path, "%s/bigendian.pcap", dir);
        f = fopen(path, "wb");
        if (f == NULL) {
            perror(path);
            exit(1);
        }
        {
            size_t at = 24, r, i;
            static const int fields[] = {4, 2, 2, 4, 4, 4, 4}; /* file header */
            size_t k = 0;
            for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
                int j;
                for (j = fields[i] - 1; j >= 0; j--)
                    fputc(all[k + (size_t)j], f);
                k += (size_t)fields[i];
            }
            for (r = 0; r < 2; r++) {
                uint32_t caplen;
                memcpy(&caplen, all + at + 8, 4);
                for (i = 0; i < 4; i++) {
                    int j;
                    for (j = 3; j >= 0; j--)
                        fputc(all[at + i * 4 + (size_t)j], f);
                }
                fwrite(all + at + 16, 1, caplen, f);
                at += 16 + caplen;
            }
        }
        fclose(f);
    }
    free(all);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: craft DIR\n", stderr);
        return 2;
    }
    dir = argv[1];
    ethernet();
    links();
    frags();
    tcps();
    heps();
    odd();
    return 0;
}
