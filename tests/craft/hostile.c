/* SPDX-License-Identifier: MIT */
/* hostile.c - writes captures that press on the capture decoder's budgets.
 *
 *   hostile CLASS OUT.pcap [SIZE]
 *
 * CLASS is one of (SIZE, and its default, in brackets):
 *   flows      SIZE distinct TCP flows on port 5060, each one segment of one
 *              byte ("S") without a SYN [1000]
 *   header     one TCP stream on 5060 (SYN first): "SIP/2.0 200 OK\r\nX: ",
 *              then SIZE segments of 1400 bytes of 98-byte "aaaa...\r\n"
 *              lines, never the empty line that ends the header block [100]
 *   ooo        one TCP stream on 5060 (SYN first) of 100-byte responses, one
 *              a segment, in blocks of OOO_BLOCK: the block's segments 2..K
 *              in reverse order, then its first, so each first releases K
 *              responses; SIZE segments, rounded down to whole blocks [1024]
 *   fragflood  SIZE first fragments (offset 0, MF) of distinct IPv4
 *              datagrams on UDP 5060, never completed [1000]
 *   fragdup    one IPv4 datagram: its first fragment, then the same middle
 *              fragment again and again, the hole between never filled;
 *              SIZE frames in all [1000]
 *   ordinary   the baseline: SIZE valid UDP responses of about 300 bytes
 *              [1000]
 *
 * Frames are Ethernet, IPv4 (header checksum set; TCP and UDP checksums 0),
 * 1 microsecond apart, written one at a time with pcap_dump.  Prints one
 * line, "CLASS frames=N bytes=M": the frames written and the sum of their
 * lengths (pcap record headers not counted). */
#define _DEFAULT_SOURCE /* the BSD types pcap.h uses */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"

#define OOO_BLOCK 16
#define HEADER_SEGMENT 1400
#define FRAG_FIRST 512 /* bytes of UDP in each first fragment (a multiple of 8) */

struct writer {
    pcap_t *dead;
    pcap_dumper_t *d;
    unsigned long long frames, bytes;
    long sec, usec;
};

static void fill(struct pkt *f, int ch, size_t n)
{
    if (f->n + n > sizeof f->b) {
        fputs("hostile: frame too big\n", stderr);
        exit(1);
    }
    memset(f->b + f->n, ch, n);
    f->n += n;
}

static void emit(struct writer *w, const struct pkt *f)
{
    struct pcap_pkthdr h;
    memset(&h, 0, sizeof h);
    h.ts.tv_sec = w->sec;
    h.ts.tv_usec = (suseconds_t)w->usec;
    if (++w->usec == 1000000) {
        w->usec = 0;
        w->sec++;
    }
    h.caplen = h.len = (bpf_u_int32)f->n;
    pcap_dump((u_char *)w->d, &h, f->b);
    w->frames++;
    w->bytes += f->n;
}

static const unsigned char DST[4] = {10, 0, 0, 2};

/* Ethernet and IPv4 from src to DST, with l4n bytes of l4 to follow:
 * the caller appends them. */
static void eth_ip(struct pkt *f, const unsigned char *src, unsigned proto, unsigned id,
                   unsigned frag, size_t l4n)
{
    static const unsigned char mac[12] = {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2};
    size_t h, i;
    uint32_t s = 0;

    f->n = 0;
    put(f, mac, 12);
    put16(f, 0x0800);
    h = f->n;
    put8(f, 0x45);
    put8(f, 0);
    put16(f, (unsigned)(20 + l4n));
    put16(f, id);
    put16(f, frag);
    put8(f, 64);
    put8(f, proto);
    put16(f, 0);
    put(f, src, 4);
    put(f, DST, 4);
    for (i = 0; i < 20; i += 2)
        s += (uint32_t)f->b[h + i] << 8 | f->b[h + i + 1];
    while (s >> 16)
        s = (s & 0xFFFF) + (s >> 16);
    f->b[h + 10] = (unsigned char)(~s >> 8);
    f->b[h + 11] = (unsigned char)~s;
}

static void tcp_frame(struct writer *w, const unsigned char *src, unsigned sport, uint32_t seq,
                      unsigned flags, const void *d, size_t n)
{
    struct pkt f;
    eth_ip(&f, src, 6, 1, 0x4000, 20 + n);
    tcp_bytes(&f, sport, 5060, seq, flags, d, n);
    emit(w, &f);
}

static const unsigned char SRC[4] = {10, 0, 0, 1};

#define SYN 0x02
#define PSH_ACK 0x18

static void flows(struct writer *w, unsigned long n)
{
    unsigned long i;
    for (i = 0; i < n; i++) {
        /* 10.64.0.0/10 and 64000 ports: distinct for any n below 2^22 * 64000 */
        unsigned long h = i / 64000;
        unsigned char src[4] = {10, (unsigned char)(64 | (h >> 16 & 63)), (unsigned char)(h >> 8),
                                (unsigned char)h};
        tcp_frame(w, src, 1024 + (unsigned)(i % 64000), 1000 + (uint32_t)i, PSH_ACK, "S", 1);
    }
}

static void header(struct writer *w, unsigned long n)
{
    static const char start[] = "SIP/2.0 200 OK\r\nX: ";
    char seg[HEADER_SEGMENT];
    uint32_t seq = 7000;
    unsigned long i;
    size_t k;

    for (k = 0; k < sizeof seg; k += 100) {
        memset(seg + k, 'a', 98);
        seg[k + 98] = '\r';
        seg[k + 99] = '\n';
    }
    tcp_frame(w, SRC, 40000, seq++, SYN, NULL, 0);
    tcp_frame(w, SRC, 40000, seq, PSH_ACK, start, sizeof start - 1);
    seq += sizeof start - 1;
    for (i = 0; i < n; i++) {
        tcp_frame(w, SRC, 40000, seq, PSH_ACK, seg, sizeof seg);
        seq += sizeof seg;
    }
}

/* The m-th response of the ooo stream into buf[128]: always 100 bytes. */
static void ooo_msg(char *buf, unsigned long m)
{
    int k = snprintf(buf, 128,
                     "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 10.0.0.1;branch=z9hG4bK%08lu\r\n"
                     "X-Pad: %4s\r\nContent-Length: 0\r\n\r\n",
                     m % 100000000, "");
    if (k != 100) {
        fprintf(stderr, "hostile: an ooo message is %d bytes, not 100\n", k);
        exit(1);
    }
}

static void ooo(struct writer *w, unsigned long n)
{
    unsigned long blocks = n / OOO_BLOCK ? n / OOO_BLOCK : 1, b;
    const uint32_t isn = 9000;
    char msg[128];

    tcp_frame(w, SRC, 40002, isn, SYN, NULL, 0);
    for (b = 0; b < blocks; b++) {
        unsigned long first = b * OOO_BLOCK, k;
        for (k = OOO_BLOCK - 1; k >= 1; k--) {
            ooo_msg(msg, first + k);
            tcp_frame(w, SRC, 40002, isn + 1 + (uint32_t)((first + k) * 100), PSH_ACK, msg, 100);
        }
        ooo_msg(msg, first);
        tcp_frame(w, SRC, 40002, isn + 1 + (uint32_t)(first * 100), PSH_ACK, msg, 100);
    }
}

/* UDP 5060 > 5060 header claiming ulen bytes, then text padded with 'a'
 * to len bytes in all. */
static void udp_start(struct pkt *f, size_t ulen, const char *text, size_t len)
{
    size_t t = strlen(text);
    put16(f, 5060);
    put16(f, 5060);
    put16(f, (unsigned)ulen);
    put16(f, 0);
    put(f, text, t);
    if (len > 8 + t)
        fill(f, 'a', len - 8 - t);
}

static const char frag_text[] = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKf\r\nX: ";

static void fragflood(struct writer *w, unsigned long n)
{
    unsigned long i;
    for (i = 0; i < n; i++) {
        struct pkt f;
        unsigned long h = i >> 16;
        unsigned char src[4] = {10, (unsigned char)(128 | (h >> 16 & 63)), (unsigned char)(h >> 8),
                                (unsigned char)h};
        eth_ip(&f, src, 17, (unsigned)(i & 0xFFFF), 0x2000, FRAG_FIRST);
        udp_start(&f, 1500, frag_text, FRAG_FIRST);
        emit(w, &f);
    }
}

static void fragdup(struct writer *w, unsigned long n)
{
    struct pkt f;
    unsigned long i;

    eth_ip(&f, SRC, 17, 77, 0x2000, FRAG_FIRST); /* bytes 0..512 */
    udp_start(&f, 3000, frag_text, FRAG_FIRST);
    emit(w, &f);
    for (i = 1; i < n; i++) { /* bytes 1024..1536 again and again; 512..1024 never */
        eth_ip(&f, SRC, 17, 77, 0x2000 | 1024 / 8, 512);
        fill(&f, 'b', 512);
        emit(w, &f);
    }
}

static void ordinary(struct writer *w, unsigned long n)
{
    unsigned long i;
    for (i = 0; i < n; i++) {
        struct pkt f;
        char msg[400];
        int k = snprintf(msg, sizeof msg,
                         "SIP/2.0 200 OK\r\n"
                         "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK%08lx\r\n"
                         "From: <sip:alice@example.com>;tag=%08lx\r\n"
                         "To: <sip:bob@example.com>;tag=b1\r\n"
                         "Call-ID: %08lx@10.0.0.1\r\n"
                         "CSeq: 1 INVITE\r\n"
                         "Contact: <sip:bob@10.0.0.2:5060>\r\n"
                         "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS\r\n"
                         "Content-Length: 0\r\n\r\n",
                         i, i, i);
        eth_ip(&f, SRC, 17, (unsigned)(i & 0xFFFF), 0x4000, 8 + (size_t)k);
        udp_start(&f, 8 + (size_t)k, msg, 8 + (size_t)k);
        emit(w, &f);
    }
}

static const struct {
    const char *name;
    void (*write)(struct writer *, unsigned long);
    unsigned long size;
} classes[] = {
    {"flows", flows, 1000},         {"header", header, 100},
    {"ooo", ooo, 1024},             {"fragflood", fragflood, 1000},
    {"fragdup", fragdup, 1000},     {"ordinary", ordinary, 1000},
};

static int usage(void)
{
    fputs("usage: hostile flows|header|ooo|fragflood|fragdup|ordinary OUT.pcap [SIZE]\n", stderr);
    return 2;
}

int main(int argc, char **argv)
{
    struct writer w;
    unsigned long size;
    size_t c;

    if (argc != 3 && argc != 4)
        return usage();
    for (c = 0; c < sizeof classes / sizeof classes[0]; c++)
        if (strcmp(argv[1], classes[c].name) == 0)
            break;
    if (c == sizeof classes / sizeof classes[0])
        return usage();
    size = classes[c].size;
    if (argc == 4) {
        const char *p = argv[3];
        size = 0;
        if (*p == '\0')
            return usage();
        for (; *p; p++) {
            if (*p < '0' || *p > '9' || size > (1ul << 40))
                return usage();
            size = size * 10 + (unsigned long)(*p - '0');
        }
        if (size == 0)
            return usage();
    }
    memset(&w, 0, sizeof w);
    w.sec = 1795521600; /* 2026-11-24T12:00:00Z */
    w.dead = pcap_open_dead(DLT_EN10MB, 65535);
    w.d = w.dead ? pcap_dump_open(w.dead, argv[2]) : NULL;
    if (w.d == NULL) {
        fprintf(stderr, "hostile: %s: %s\n", argv[2], w.dead ? pcap_geterr(w.dead) : "pcap");
        return 1;
    }
    classes[c].write(&w, size);
    if (pcap_dump_flush(w.d) != 0) {
        fprintf(stderr, "hostile: %s: write error\n", argv[2]);
        return 1;
    }
    pcap_dump_close(w.d);
    pcap_close(w.dead);
    printf("%s frames=%llu bytes=%llu\n", classes[c].name, w.frames, w.bytes);
    return 0;
}
