/* SPDX-License-Identifier: MIT */
/* craft.c - writes the edge-case captures that tests/capture.sh checks.
 *
 *   craft DIR
 *
 * Each capture is built frame by frame here and written with libpcap's
 * pcap_dump, so the layers the sipp captures cannot show (VLAN tags, SLL,
 * SLL2, BSD loopback, raw IP, IPv6 extension headers, fragments, TCP out of
 * order, HEP, a snapshot length, damage) are covered.  The frame numbers in
 * the comments are the ones tests/capture.sh expects.
 *
 * The captures written after odd() (MPLS, PPPoE, PPP, GRE, IP in IP,
 * VXLAN, GTP-U, NFLOG, nesting, what is and is not SIP) are the ones
 * tests/encap.sh checks; its table repeats their frame comments. */
#define _DEFAULT_SOURCE /* the BSD types pcap.h uses */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"

static const char *dir;

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

/* ---- Captures v2: tunnels and encapsulations (tests/encap.sh) ----
 *
 * Every tunnel carries the same inner datagrams, 10.1.0.1:5060 >
 * 10.1.0.2:5060 or [2001:db8:1::1]:5060 > [2001:db8:1::2]:5060, inside outer
 * headers from 192.0.2.1 > 192.0.2.2 (or 198.51.100.1 > 198.51.100.2 one
 * level further out) or [2001:db8:ffff::1] > [2001:db8:ffff::2], so that a
 * decoder reporting outer addresses is caught.  These headers carry real
 * checksums (IPv4, UDP, GRE), unlike the captures above. */

static const unsigned char IN4A[4] = {10, 1, 0, 1}, IN4B[4] = {10, 1, 0, 2};
static const unsigned char OUT4A[4] = {192, 0, 2, 1}, OUT4B[4] = {192, 0, 2, 2};
static const unsigned char MID4A[4] = {198, 51, 100, 1}, MID4B[4] = {198, 51, 100, 2};
static const unsigned char IN6A[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 1};
static const unsigned char IN6B[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 2};
static const unsigned char OUT6A[16] = {0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, [15] = 1};
static const unsigned char OUT6B[16] = {0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, [15] = 2};

/* The lines each tunnel carries, and what checking them gives. */
#define V_OK RESP("SIP/2.0 200 OK")             /* OK, code 200 */
#define V_BUSY RESP("SIP/2.0 486 Busy Here")    /* OK, code 486 */
#define V_RING RESP("SIP/2.0 180 Ringing")      /* OK, code 180 */
#define V_CODE RESP("SIP/2.0 20 OK")            /* E_CODE at 10, code null */
#define V_SPACE RESP("SIP/2.0 200OK")           /* E_SPACE at 11, code 200 */
#define V_QUOTE RESP("SIP/2.0 200 OK \"q\"")    /* E_REASON at 15, code 200 */
#define V_INVITE "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.1.0.1;branch=z9hG4bK9\r\n" \
                 "Content-Length: 0\r\n\r\n"    /* a request: no row */

/* The ones' complement sum of d[0..n) as 16-bit big-endian words, added to s. */
static uint32_t sum16(uint32_t s, const unsigned char *d, size_t n)
{
    size_t i;
    for (i = 0; i + 1 < n; i += 2)
        s += (uint32_t)d[i] << 8 | d[i + 1];
    if (n & 1)
        s += (uint32_t)d[n - 1] << 8;
    return s;
}

static unsigned fold(uint32_t s)
{
    while (s >> 16)
        s = (s & 0xFFFF) + (s >> 16);
    return ~s & 0xFFFF;
}

static void set16(struct pkt *p, size_t at, unsigned v)
{
    p->b[at] = (unsigned char)(v >> 8);
    p->b[at + 1] = (unsigned char)v;
}

/* An IPv4 header from a to b, with its checksum, then the payload. */
static void ip4_at(struct pkt *p, unsigned proto, const unsigned char *a, const unsigned char *b,
                   const struct pkt *pl)
{
    size_t h = p->n;
    put8(p, 0x45);
    put8(p, 0);
    put16(p, (unsigned)pl->n + 20);
    put16(p, 0x0100);
    put16(p, 0x4000); /* DF */
    put8(p, 64);
    put8(p, proto);
    put16(p, 0);
    put(p, a, 4);
    put(p, b, 4);
    set16(p, h + 10, fold(sum16(0, p->b + h, 20)));
    put(p, pl->b, pl->n);
}

static void ip6_at(struct pkt *p, unsigned nh, const unsigned char *a, const unsigned char *b,
                   const struct pkt *pl)
{
    put32(p, 0x60000000u);
    put16(p, (unsigned)pl->n);
    put8(p, nh);
    put8(p, 64);
    put(p, a, 16);
    put(p, b, 16);
    put(p, pl->b, pl->n);
}

/* IPv4 or IPv6 (v6) from a to b carrying UDP sport > dport with d[0..n),
 * the UDP checksum over the pseudo-header (RFC 768, RFC 8200 §8.1). */
static void ip_udp_at(struct pkt *p, int v6, const unsigned char *a, const unsigned char *b,
                      unsigned sport, unsigned dport, const void *d, size_t n)
{
    struct pkt u = {.n = 0};
    size_t alen = v6 ? 16 : 4;
    uint32_t s;
    unsigned cs;

    udp(&u, sport, dport, d, n);
    s = sum16(sum16(0, a, alen), b, alen);
    s += 17 + (uint32_t)u.n;
    cs = fold(sum16(s, u.b, u.n));
    set16(&u, 6, cs ? cs : 0xFFFF);
    if (v6)
        ip6_at(p, 17, a, b, &u);
    else
        ip4_at(p, 17, a, b, &u);
}

/* The inner datagram: 10.1.0.1:5060 > 10.1.0.2:5060, or over IPv6. */
static void inner(struct pkt *p, int v6, const char *sip)
{
    ip_udp_at(p, v6, v6 ? IN6A : IN4A, v6 ? IN6B : IN4B, 5060, 5060, sip, strlen(sip));
}

/* An outer IPv4 (192.0.2.1 > 192.0.2.2) or IPv6 ([2001:db8:ffff::1] >
 * [2001:db8:ffff::2]) header carrying proto, then pl. */
static void outer(struct pkt *p, int v6, unsigned proto, const struct pkt *pl)
{
    if (v6)
        ip6_at(p, proto, OUT6A, OUT6B, pl);
    else
        ip4_at(p, proto, OUT4A, OUT4B, pl);
}

/* An Ethernet frame (no tags) of type `type` around pl. */
static void eth_frame(struct out *o, unsigned type, const struct pkt *pl)
{
    struct pkt p = {.n = 0};
    ether(&p, NULL, 0, type);
    put(&p, pl->b, pl->n);
    frame(o, &p);
}

static unsigned ip_type(int v6)
{
    return v6 ? 0x86DD : 0x0800;
}

/* ---- MPLS ---- */

/* A label stack entry (RFC 3032): label, traffic class 0, bottom-of-stack, TTL 64. */
static void mpls_label(struct pkt *p, uint32_t label, int bottom)
{
    put32(p, label << 12 | (uint32_t)(bottom ? 1 : 0) << 8 | 64);
}

static void mpls_frame(struct out *o, unsigned nlabels, int v6, const char *sip)
{
    struct pkt m = {.n = 0}, ip = {.n = 0};
    unsigned i;
    for (i = 0; i < nlabels; i++)
        mpls_label(&m, 100 + 100 * i, i + 1 == nlabels);
    inner(&ip, v6, sip); /* no payload type: IPv4 or IPv6 by its first nibble */
    put(&m, ip.b, ip.n);
    eth_frame(o, 0x8847, &m);
}

/* mpls.pcap: one and three labels, IPv4 and IPv6 after the stack. */
static void mpls(void)
{
    struct out o;
    open_out(&o, "mpls.pcap", DLT_EN10MB, 65535, 0);
    mpls_frame(&o, 1, 0, V_OK);                                  /* 1 OK 200 */
    mpls_frame(&o, 3, 0, V_CODE);                                /* 2 E_CODE at 10 */
    mpls_frame(&o, 1, 1, V_SPACE);                               /* 3 E_SPACE at 11, v6 */
    mpls_frame(&o, 3, 1, V_BUSY);                                /* 4 OK 486, v6 */
    mpls_frame(&o, 1, 0, V_INVITE);                              /* 5 request */
    close_out(&o);
}

/* ---- PPP: PPPoE sessions and the PPP link type ---- */

/* A PPP frame: FF 03 (address, control) when hdlc, the 16-bit protocol, pl. */
static void ppp(struct pkt *p, int hdlc, unsigned proto, const struct pkt *pl)
{
    if (hdlc) {
        put8(p, 0xFF);
        put8(p, 0x03);
    }
    put16(p, proto);
    put(p, pl->b, pl->n);
}

/* PPP (protocol 0x0021 IPv4, 0x0057 IPv6) around the inner datagram. */
static void ppp_ip(struct pkt *p, int hdlc, int v6, const char *sip)
{
    struct pkt ip = {.n = 0};
    inner(&ip, v6, sip);
    ppp(p, hdlc, v6 ? 0x0057 : 0x0021, &ip);
}

/* An LCP Echo-Request (RFC 1661 §5.8), magic number 0x01020304. */
static void lcp_echo(struct pkt *p)
{
    put8(p, 9);
    put8(p, 1);
    put16(p, 8);
    put32(p, 0x01020304u);
}

/* A PPPoE session frame (RFC 2516 §5.4): ver 1, type 1, code 0, session 0x1234. */
static void pppoe_frame(struct out *o, const struct pkt *pp)
{
    struct pkt p = {.n = 0};
    put8(&p, 0x11);
    put8(&p, 0x00);
    put16(&p, 0x1234);
    put16(&p, (unsigned)pp->n);
    put(&p, pp->b, pp->n);
    eth_frame(o, 0x8864, &p);
}

static void pppoe_ip(struct out *o, int v6, const char *sip)
{
    struct pkt pp = {.n = 0};
    ppp_ip(&pp, 0, v6, sip); /* PPPoE carries no address and control bytes */
    pppoe_frame(o, &pp);
}

/* pppoe.pcap (PPPoE over Ethernet) and ppp.pcap (DLT_PPP). */
static void ppps(void)
{
    struct out o;
    struct pkt p, lcp;

    open_out(&o, "pppoe.pcap", DLT_EN10MB, 65535, 0);
    pppoe_ip(&o, 0, V_OK);                                       /* 1 OK 200 */
    pppoe_ip(&o, 0, V_CODE);                                     /* 2 E_CODE at 10 */
    pppoe_ip(&o, 1, V_SPACE);                                    /* 3 E_SPACE at 11, v6 */
    pppoe_ip(&o, 1, V_BUSY);                                     /* 4 OK 486, v6 */
    pppoe_ip(&o, 0, V_INVITE);                                   /* 5 request */
    lcp.n = 0;
    lcp_echo(&lcp);
    p.n = 0;
    ppp(&p, 0, 0xC021, &lcp);
    pppoe_frame(&o, &p);                                         /* 6 LCP: no row */
    p.n = 0;                                                     /* 7 PADI (discovery): no row */
    put8(&p, 0x11); put8(&p, 0x09); put16(&p, 0); put16(&p, 4);
    put16(&p, 0x0101); put16(&p, 0); /* Service-Name, empty */
    eth_frame(&o, 0x8863, &p);
    close_out(&o);

    open_out(&o, "ppp.pcap", DLT_PPP, 65535, 0);
    p.n = 0; ppp_ip(&p, 1, 0, V_OK); frame(&o, &p);              /* 1 FF 03 0021: OK 200 */
    p.n = 0; ppp_ip(&p, 0, 0, V_CODE); frame(&o, &p);            /* 2 0021: E_CODE at 10 */
    p.n = 0; ppp_ip(&p, 1, 1, V_SPACE); frame(&o, &p);           /* 3 FF 03 0057: E_SPACE at 11 */
    p.n = 0; ppp_ip(&p, 0, 1, V_BUSY); frame(&o, &p);            /* 4 0057: OK 486 */
    p.n = 0; ppp_ip(&p, 1, 0, V_INVITE); frame(&o, &p);          /* 5 request */
    p.n = 0; ppp(&p, 1, 0xC021, &lcp); frame(&o, &p);            /* 6 LCP: no row */
    close_out(&o);
}

/* ---- GRE ---- */

#define GRE_C 0x8000u /* checksum present */
#define GRE_K 0x2000u /* key present */
#define GRE_S 0x1000u /* sequence number present */
#define GRE_A 0x0080u /* acknowledgment number present (version 1) */

/* A GRE header (RFC 2784, RFC 2890) with the options in flags, then pl;
 * the checksum covers the GRE header and payload. */
static void gre(struct pkt *p, unsigned flags, unsigned proto, const struct pkt *pl)
{
    size_t h = p->n;
    put16(p, flags);
    put16(p, proto);
    if (flags & GRE_C) {
        put16(p, 0); /* checksum, set below */
        put16(p, 0); /* reserved1 */
    }
    if (flags & GRE_K)
        put32(p, 0x00C0FFEEu);
    if (flags & GRE_S)
        put32(p, 7);
    put(p, pl->b, pl->n);
    if (flags & GRE_C)
        set16(p, h + 4, fold(sum16(0, p->b + h, p->n - h)));
}

/* An enhanced GRE header, version 1, as PPTP sends it (RFC 2637 §4.1):
 * flags C=0 R=0 K=1 S s=0 Recur=0 A Flags=0 Ver=1, protocol 0x880B, the key
 * field as payload length (16) and call id (16), then the sequence number
 * if S, then the acknowledgment number if A, then the PPP frame. */
static void gre_pptp(struct pkt *p, int seq, int ack, const struct pkt *pl)
{
    put16(p, GRE_K | (seq ? GRE_S : 0) | (ack ? GRE_A : 0) | 1);
    put16(p, 0x880B);
    put16(p, (unsigned)pl->n);
    put16(p, 0x4242); /* call id */
    if (seq)
        put32(p, 21);
    if (ack)
        put32(p, 20);
    put(p, pl->b, pl->n);
}

static void gre_frame(struct out *o, int outer_v6, const struct pkt *g)
{
    struct pkt ip = {.n = 0};
    outer(&ip, outer_v6, 47, g);
    eth_frame(o, ip_type(outer_v6), &ip);
}

/* GRE with the given options carrying the inner datagram. */
static void gre_ip(struct out *o, unsigned flags, int v6, const char *sip)
{
    struct pkt ip = {.n = 0}, g = {.n = 0};
    inner(&ip, v6, sip);
    gre(&g, flags, ip_type(v6), &ip);
    gre_frame(o, 0, &g);
}

/* GRE transparent Ethernet bridging (0x6558) carrying an Ethernet frame. */
static void gre_eth(struct out *o, unsigned flags, int v6, const char *sip)
{
    struct pkt ip = {.n = 0}, e = {.n = 0}, g = {.n = 0};
    inner(&ip, v6, sip);
    ether(&e, NULL, 0, ip_type(v6));
    put(&e, ip.b, ip.n);
    gre(&g, flags, 0x6558, &e);
    gre_frame(o, 0, &g);
}

/* gre.pcap: GRE versions 0 and 1, each option, four payload types. */
static void gres(void)
{
    struct out o;
    struct pkt ip, pp, g, none = {.n = 0};

    open_out(&o, "gre.pcap", DLT_EN10MB, 65535, 0);
    gre_ip(&o, 0, 0, V_OK);                                      /* 1 no options: OK 200 */
    gre_ip(&o, GRE_C | GRE_K | GRE_S, 0, V_CODE);                /* 2 C K S: E_CODE at 10 */
    gre_ip(&o, GRE_K, 1, V_BUSY);                                /* 3 K, IPv6: OK 486 */
    gre_ip(&o, GRE_C, 1, V_SPACE);                               /* 4 C, IPv6: E_SPACE at 11 */
    gre_eth(&o, GRE_S, 0, V_RING);                               /* 5 S, Ethernet: OK 180 */
    gre_eth(&o, GRE_K | GRE_S, 1, V_QUOTE);                      /* 6 K S, Ethernet, IPv6: E_REASON at 15 */
    ip.n = 0; pp.n = 0; g.n = 0;                                 /* 7 PPTP S, FF 03: OK 183 */
    inner(&ip, 0, RESP("SIP/2.0 183 Session Progress"));
    ppp(&pp, 1, 0x0021, &ip);
    gre_pptp(&g, 1, 0, &pp);
    gre_frame(&o, 0, &g);
    ip.n = 0; pp.n = 0; g.n = 0;                                 /* 8 PPTP S A, no FF 03, IPv6: E_CODE at 10 */
    inner(&ip, 1, V_CODE);
    ppp(&pp, 0, 0x0057, &ip);
    gre_pptp(&g, 1, 1, &pp);
    gre_frame(&o, 0, &g);
    g.n = 0;                                                     /* 9 PPTP ack only: no row */
    gre_pptp(&g, 0, 1, &none);
    gre_frame(&o, 0, &g);
    ip.n = 0; g.n = 0;                                           /* 10 over IPv6: OK 202 */
    inner(&ip, 0, RESP("SIP/2.0 202 Accepted"));
    gre(&g, 0, 0x0800, &ip);
    gre_frame(&o, 1, &g);
    gre_ip(&o, GRE_K, 0, V_INVITE);                              /* 11 request */
    close_out(&o);
}

/* ---- IP in IP ---- */

static void ipip_frame(struct out *o, int outer_v6, int v6, const char *sip)
{
    struct pkt ip = {.n = 0}, p = {.n = 0};
    inner(&ip, v6, sip);
    outer(&p, outer_v6, v6 ? 41 : 4, &ip);
    eth_frame(o, ip_type(outer_v6), &p);
}

/* ipip.pcap: IPv4 and IPv6 in IPv4 and IPv6 (RFC 2003, RFC 4213, RFC 2473). */
static void ipips(void)
{
    struct out o;
    struct pkt ip = {.n = 0}, ext = {.n = 0}, p = {.n = 0};

    open_out(&o, "ipip.pcap", DLT_EN10MB, 65535, 0);
    ipip_frame(&o, 0, 0, V_OK);                                  /* 1 4 in 4: OK 200 */
    ipip_frame(&o, 0, 1, V_CODE);                                /* 2 6 in 4 (41): E_CODE at 10 */
    ipip_frame(&o, 1, 0, V_SPACE);                               /* 3 4 in 6 (4): E_SPACE at 11 */
    ipip_frame(&o, 1, 1, V_BUSY);                                /* 4 6 in 6 (41): OK 486 */
    ipip_frame(&o, 0, 0, V_INVITE);                              /* 5 request */
    /* 6 in 6 behind a destination options header holding a Tunnel
     * Encapsulation Limit (RFC 2473 §5.1): type 4, length 1, limit 4, then PadN */
    inner(&ip, 1, V_RING);                                       /* 6 OK 180 */
    put8(&ext, 41); put8(&ext, 0);
    put8(&ext, 4); put8(&ext, 1); put8(&ext, 4);
    put8(&ext, 1); put8(&ext, 1); put8(&ext, 0);
    put(&ext, ip.b, ip.n);
    ip6_at(&p, 60, OUT6A, OUT6B, &ext);
    eth_frame(&o, 0x86DD, &p);
    close_out(&o);
}

/* ---- VXLAN ---- */

/* UDP to port 4789 and the VXLAN header (RFC 7348 §5): flags with I set,
 * 24 reserved bits, the VNI, 8 reserved bits; then the inner frame. */
static void vxlan(struct pkt *p, int outer_v6, const unsigned char *a, const unsigned char *b,
                  const struct pkt *eth)
{
    struct pkt v = {.n = 0};
    put8(&v, 0x08);
    put8(&v, 0); put16(&v, 0);
    put32(&v, 42u << 8);
    put(&v, eth->b, eth->n);
    ip_udp_at(p, outer_v6, a, b, 49152, 4789, v.b, v.n);
}

static void vxlan_frame(struct out *o, int outer_v6, const unsigned *tags, size_t ntags, int v6,
                        const char *sip)
{
    struct pkt ip = {.n = 0}, e = {.n = 0}, p = {.n = 0};
    inner(&ip, v6, sip);
    ether(&e, tags, ntags, ip_type(v6));
    put(&e, ip.b, ip.n);
    vxlan(&p, outer_v6, outer_v6 ? OUT6A : OUT4A, outer_v6 ? OUT6B : OUT4B, &e);
    eth_frame(o, ip_type(outer_v6), &p);
}

/* vxlan.pcap: VXLAN over IPv4 and IPv6, inner Ethernet with and without a tag. */
static void vxlans(void)
{
    static const unsigned q[] = {0x8100};
    struct out o;
    struct pkt e = {.n = 0}, p = {.n = 0};

    open_out(&o, "vxlan.pcap", DLT_EN10MB, 65535, 0);
    vxlan_frame(&o, 0, NULL, 0, 0, V_OK);                        /* 1 OK 200 */
    vxlan_frame(&o, 0, NULL, 0, 0, V_CODE);                      /* 2 E_CODE at 10 */
    vxlan_frame(&o, 0, NULL, 0, 1, V_SPACE);                     /* 3 inner IPv6: E_SPACE at 11 */
    vxlan_frame(&o, 1, NULL, 0, 0, V_BUSY);                      /* 4 outer IPv6: OK 486 */
    vxlan_frame(&o, 0, q, 1, 0, V_RING);                         /* 5 inner 802.1Q: OK 180 */
    ether(&e, NULL, 0, 0x0806);                                  /* 6 inner ARP: no row */
    put16(&e, 1); put16(&e, 0x0800); put8(&e, 6); put8(&e, 4);  /* Ethernet, IPv4 */
    put16(&e, 1);                                                /* a request */
    put(&e, "\2\0\0\0\0\1", 6); put(&e, IN4A, 4);
    put(&e, "\0\0\0\0\0\0", 6); put(&e, IN4B, 4);
    vxlan(&p, 0, OUT4A, OUT4B, &e);
    eth_frame(&o, 0x0800, &p);
    vxlan_frame(&o, 0, NULL, 0, 0, V_INVITE);                    /* 7 request */
    close_out(&o);
}

/* ---- GTP-U ---- */

#define GTP_E 0x04u /* extension header follows */
#define GTP_S 0x02u /* sequence number is meaningful */
#define GTP_PN 0x01u /* N-PDU number is meaningful */

/* A GTP-U header (3GPP TS 29.281 §5.1): version 1, PT 1, the flags, the
 * message type, the length of everything after the first 8 bytes, TEID;
 * when any of E S PN is set, the sequence number (16), the N-PDU number (8)
 * and the next extension header type (8); then the extension headers ext
 * (already chained, each length in 4-octet units, next type last), then pl. */
static void gtpu(struct pkt *p, unsigned flags, unsigned type, unsigned first_ext,
                 const struct pkt *ext, const struct pkt *pl)
{
    int opt = (flags & (GTP_E | GTP_S | GTP_PN)) != 0;
    put8(p, 0x30 | flags);
    put8(p, type);
    put16(p, (unsigned)((opt ? 4 : 0) + ext->n + pl->n));
    put32(p, 0x0000ABCDu);
    if (opt) {
        put16(p, 0x0102);
        put8(p, 0);
        put8(p, first_ext);
    }
    put(p, ext->b, ext->n);
    put(p, pl->b, pl->n);
}

/* A PDU Session Container (TS 38.415 §5.5.2.2, UL PDU SESSION INFORMATION,
 * QFI 9): length 1, then the next type. */
static void ext_pdu_session(struct pkt *p, unsigned next)
{
    put8(p, 1);
    put8(p, 0x10); /* PDU type 1 (UL) */
    put8(p, 0x09);
    put8(p, next);
}

/* A Long PDCP PDU Number (TS 29.281 §5.2.2.2a): length 2, 18 bits of
 * number, 3 spare bytes, then the next type. */
static void ext_long_pdcp(struct pkt *p, unsigned next)
{
    put8(p, 2);
    put8(p, 0x01); put8(p, 0x23); put8(p, 0x45);
    put8(p, 0); put8(p, 0); put8(p, 0);
    put8(p, next);
}

static void gtpu_frame(struct out *o, const struct pkt *g)
{
    struct pkt p = {.n = 0};
    ip_udp_at(&p, 0, OUT4A, OUT4B, 2152, 2152, g->b, g->n);
    eth_frame(o, 0x0800, &p);
}

static void gtpu_ip(struct out *o, unsigned flags, unsigned first_ext, const struct pkt *ext,
                    int v6, const char *sip)
{
    struct pkt ip = {.n = 0}, g = {.n = 0};
    inner(&ip, v6, sip);
    gtpu(&g, flags, 0xFF, first_ext, ext, &ip);
    gtpu_frame(o, &g);
}

/* gtpu.pcap: G-PDUs without options, with them, with extension headers. */
static void gtpus(void)
{
    struct out o;
    struct pkt none = {.n = 0}, ext = {.n = 0}, g = {.n = 0};

    open_out(&o, "gtpu.pcap", DLT_EN10MB, 65535, 0);
    gtpu_ip(&o, 0, 0, &none, 0, V_OK);                           /* 1 no options: OK 200 */
    gtpu_ip(&o, GTP_S, 0, &none, 0, V_CODE);                     /* 2 S: E_CODE at 10 */
    ext.n = 0;                                                   /* 3 E 0x85: OK 486, v6 */
    ext_pdu_session(&ext, 0);
    gtpu_ip(&o, GTP_E, 0x85, &ext, 1, V_BUSY);
    ext.n = 0;                                                   /* 4 E 0x85 -> 0x82: E_SPACE at 11, v6 */
    ext_pdu_session(&ext, 0x82);
    ext_long_pdcp(&ext, 0);
    gtpu_ip(&o, GTP_E, 0x85, &ext, 1, V_SPACE);
    gtpu_ip(&o, GTP_PN, 0, &none, 0, V_INVITE);                  /* 5 PN: request */
    gtpu(&g, GTP_S, 0x01, 0, &none, &none);                      /* 6 Echo Request: no row */
    gtpu_frame(&o, &g);
    ext.n = 0;                                                   /* 7 E S 0x85: OK 180 */
    ext_pdu_session(&ext, 0);
    gtpu_ip(&o, GTP_E | GTP_S, 0x85, &ext, 0, V_RING);
    close_out(&o);
}

/* ---- NFLOG ---- */

/* An NFLOG TLV: length (header included, padding not) and type in the
 * capturing host's byte order, little-endian here as on x86; the value;
 * zero padding to 4 bytes. */
static void nflog_tlv(struct pkt *p, unsigned type, const void *v, size_t n)
{
    static const unsigned char zero[4] = {0};
    put8(p, (unsigned)(n + 4));
    put8(p, (unsigned)(n + 4) >> 8);
    put8(p, type);
    put8(p, type >> 8);
    put(p, v, n);
    put(p, zero, (4 - n % 4) % 4);
}

#define NFULA_PACKET_HDR 1
#define NFULA_TIMESTAMP 3
#define NFULA_IFINDEX_INDEV 4
#define NFULA_PAYLOAD 9
#define NFULA_PREFIX 10
#define NFULA_UID 11

/* An NFLOG frame: family, version 0, resource id (big-endian), then the
 * TLVs: packet header, prefix, input interface, the payload when ip is not
 * NULL, and when tail a UID and a timestamp after it. */
static void nflog_frame(struct out *o, unsigned family, const struct pkt *ip, int tail)
{
    struct pkt p = {.n = 0};
    unsigned char hdr[4] = {0}, idx[4] = {0, 0, 0, 3}, uid[4] = {0, 0, 3, 0xE8};
    unsigned char ts[16] = {0};

    put8(&p, family);
    put8(&p, 0);
    put16(&p, 5); /* resource id: the nflog group */
    hdr[0] = family == 10 ? 0x86 : 0x08; /* hw_protocol, big-endian */
    hdr[1] = family == 10 ? 0xDD : 0x00;
    hdr[2] = 1; /* hook: NF_INET_LOCAL_IN */
    nflog_tlv(&p, NFULA_PACKET_HDR, hdr, 4);
    nflog_tlv(&p, NFULA_PREFIX, "sipstatus", 10); /* 14 bytes, padded to 16 */
    nflog_tlv(&p, NFULA_IFINDEX_INDEV, idx, 4);
    if (ip)
        nflog_tlv(&p, NFULA_PAYLOAD, ip->b, ip->n);
    if (tail) {
        nflog_tlv(&p, NFULA_UID, uid, 4);
        nflog_tlv(&p, NFULA_TIMESTAMP, ts, 16);
    }
    frame(o, &p);
}

static void nflog_ip(struct out *o, int v6, const char *sip, int tail)
{
    struct pkt ip = {.n = 0};
    inner(&ip, v6, sip);
    nflog_frame(o, v6 ? 10 : 2, &ip, tail);
}

/* nflog.pcap: DLT_NFLOG, AF_INET and AF_INET6. */
static void nflogs(void)
{
    struct out o;
    open_out(&o, "nflog.pcap", DLT_NFLOG, 65535, 0);
    nflog_ip(&o, 0, V_OK, 1);                                    /* 1 OK 200 */
    nflog_ip(&o, 0, V_CODE, 1);                                  /* 2 E_CODE at 10 */
    nflog_ip(&o, 1, V_SPACE, 0);                                 /* 3 E_SPACE at 11, v6 */
    nflog_ip(&o, 1, V_BUSY, 1);                                  /* 4 OK 486, v6 */
    nflog_frame(&o, 2, NULL, 1);                                 /* 5 no payload TLV: no row */
    nflog_ip(&o, 0, V_INVITE, 0);                                /* 6 request */
    close_out(&o);
}

/* ---- nesting ---- */

/* Appends src to dst and empties src. */
static void move(struct pkt *dst, struct pkt *src)
{
    put(dst, src->b, src->n);
    src->n = 0;
}

/* VLAN 100 -> MPLS -> IPv4 192.0.2.x -> GRE (key) -> IPv4 198.51.100.x
 * -> UDP 4789 -> VXLAN -> Ethernet -> the inner IPv4 datagram. */
static void nested_vxlan(struct out *o, const char *sip)
{
    static const unsigned q[] = {0x8100};
    struct pkt a = {.n = 0}, b = {.n = 0};

    inner(&a, 0, sip);
    ether(&b, NULL, 0, 0x0800);
    move(&b, &a);
    vxlan(&a, 0, MID4A, MID4B, &b);
    b.n = 0;
    gre(&b, GRE_K, 0x0800, &a);
    a.n = 0;
    ip4_at(&a, 47, OUT4A, OUT4B, &b);
    b.n = 0;
    ether(&b, q, 1, 0x8847);
    mpls_label(&b, 16, 1);
    move(&b, &a);
    frame(o, &b);
}

/* nested.pcap: several tunnels in one frame. */
static void nesteds(void)
{
    struct out o;
    struct pkt a = {.n = 0}, b = {.n = 0}, ext = {.n = 0};

    open_out(&o, "nested.pcap", DLT_EN10MB, 65535, 0);
    nested_vxlan(&o, V_OK);                                      /* 1 OK 200 */
    nested_vxlan(&o, V_CODE);                                    /* 2 E_CODE at 10 */
    /* 3 PPPoE -> PPP -> IPv6 [2001:db8:ffff::x] -> UDP 2152 -> GTP-U (0x85)
     * -> IPv4 198.51.100.x -> (41) the inner IPv6 datagram: E_SPACE at 11 */
    inner(&a, 1, V_SPACE);
    ip4_at(&b, 41, MID4A, MID4B, &a);
    a.n = 0;
    ext_pdu_session(&ext, 0);
    gtpu(&a, GTP_E, 0xFF, 0x85, &ext, &b);
    b.n = 0;
    ip_udp_at(&b, 1, OUT6A, OUT6B, 2152, 2152, a.b, a.n);
    a.n = 0;
    ppp(&a, 0, 0x0057, &b);
    pppoe_frame(&o, &a);
    close_out(&o);
}

/* deep.pcap: frames nested past any sane limit; the ones around them are
 * checked. */
static void deep(void)
{
    struct out o;
    struct pkt a = {.n = 0}, b = {.n = 0};
    int i;

    open_out(&o, "deep.pcap", DLT_EN10MB, 65535, 0);
    inner(&a, 0, V_OK);                                          /* 1 no tunnel: OK 200 */
    eth_frame(&o, 0x0800, &a);
    a.n = 0;                                                     /* 2 16 IPv4-in-IPv4: no row */
    inner(&a, 0, V_CODE);
    for (i = 0; i < 16; i++) {
        b.n = 0;
        ip4_at(&b, 4, OUT4A, OUT4B, &a);
        a.n = 0;
        move(&a, &b);
    }
    eth_frame(&o, 0x0800, &a);
    a.n = 0;                                                     /* 3 12 IPv4 + GRE: no row */
    inner(&a, 0, V_CODE);
    for (i = 0; i < 12; i++) {
        b.n = 0;
        gre(&b, 0, 0x0800, &a);
        a.n = 0;
        ip4_at(&a, 47, OUT4A, OUT4B, &b);
    }
    eth_frame(&o, 0x0800, &a);
    a.n = 0;                                                     /* 4 one GRE: OK 486 */
    b.n = 0;
    inner(&a, 0, V_BUSY);
    gre(&b, 0, 0x0800, &a);
    a.n = 0;
    ip4_at(&a, 47, OUT4A, OUT4B, &b);
    eth_frame(&o, 0x0800, &a);
    close_out(&o);
}

/* ---- what is and is not SIP ---- */

static void udp_at(struct out *o, unsigned sport, unsigned dport, const void *d, size_t n)
{
    struct pkt p = {.n = 0};
    ip_udp_at(&p, 0, IN4A, IN4B, sport, dport, d, n);
    eth_frame(o, 0x0800, &p);
}

static void udp_at_s(struct out *o, unsigned sport, unsigned dport, const char *s)
{
    udp_at(o, sport, dport, s, strlen(s));
}

/* classify.pcap: payloads on UDP 5060 that are not responses, between two
 * valid responses; classify-report.pcap: ones that are. */
static void classify(void)
{
    static const unsigned char blob[24] = {0x80, 0x00, 0x12, 0x34, 0x00, 0x00, 0x01, 0x00,
                                           0xde, 0xad, 0xbe, 0xef, 0xff, 0xfe, 0x7f, 0x01,
                                           0x00, 0x9c, 0xc3, 0x28, 0x0a, 0x0d, 0x00, 0x55};
    struct out o;

    open_out(&o, "classify.pcap", DLT_EN10MB, 65535, 0);
    udp_at_s(&o, 5060, 5060, V_OK);                              /* 1 OK 200 */
    udp_at_s(&o, 5060, 5060, "     ");                           /* 2 keep-alive */
    udp_at_s(&o, 5060, 5060, "\r\n\r\n");                        /* 3 keep-alive */
    udp_at(&o, 5060, 5060, "\0\0\0\0", 4);                       /* 4 keep-alive or not-sip */
    udp_at_s(&o, 5060, 5060, "hello");                           /* 5 not-sip */
    udp_at(&o, 5060, 5060, blob, sizeof blob);                   /* 6 not-sip (an RTP header) */
    udp_at_s(&o, 5060, 5060, "INVTE sip:x SIP/2.0\r\nVia: SIP/2.0/UDP 10.1.0.1;branch=z9hG4bK3\r\n"
                             "Content-Length: 0\r\n\r\n");       /* 7 request (method misspelt) */
    udp_at_s(&o, 5060, 5060, "INVITE sip:a@b\r\nVia: SIP/2.0/UDP 10.1.0.1;branch=z9hG4bK4\r\n"
                             "Content-Length: 0\r\n\r\n");       /* 8 request (no SIP-Version) */
    udp_at(&o, 5060, 5060, "\r\n \t\0", 5);                      /* 9 keep-alive or not-sip */
    udp_at_s(&o, 5060, 5060, V_RING);                            /* 10 OK 180 */
    close_out(&o);

    open_out(&o, "classify-report.pcap", DLT_EN10MB, 65535, 0);
    udp_at_s(&o, 5060, 5060, RESP("SIP /2.0 200 OK"));           /* 1 E_VERSION at 3 */
    udp_at_s(&o, 7000, 7001, "\r\n" V_OK);                       /* 2 OK 200 at offset 2 */
    udp_at_s(&o, 7000, 7001, "@@@@ garbage\r\nVia: SIP/2.0/UDP 10.1.0.1:7000;branch=z9hG4bK5\r\n"
                             "Call-ID: a84b4c76e66710@10.1.0.1\r\nCSeq: 314159 INVITE\r\n"
                             "Content-Length: 0\r\n\r\n");       /* 3 E_VERSION at 0 */
    udp_at_s(&o, 7000, 7001, "hello there\r\n");                 /* 4 not-sip */
    udp_at_s(&o, 7002, 7003, "\r\n\r\n" V_BUSY);                 /* 5 OK 486 at offset 4 */
    close_out(&o);
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
    mpls();
    ppps();
    gres();
    ipips();
    vxlans();
    gtpus();
    nflogs();
    nesteds();
    deep();
    classify();
    return 0;
}
