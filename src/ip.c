/* SPDX-License-Identifier: MIT */
/* ip.c - IPv4 and IPv6 (with extension headers), and the tunnels that IP
 * itself carries: IP-in-IP and GRE (feeds: frag.c for fragments, else
 * dissect.c's IP protocol table: udp.c, tcp.c, or IP again). */
#include <string.h>

#include "decode.h"

void ip_v4(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len)
{
    size_t ihl, tot;
    unsigned fl;

    if (len < 20 || (d[0] >> 4) != 4 || (ihl = (size_t)(d[0] & 15) * 4) < 20 || ihl > len) {
        cap_short(c, in);
        return;
    }
    tot = rd16(d + 2);
    if (tot != 0 && tot < ihl) { /* 0: segmentation offload on the capturing host */
        cap_skip(c, in, SKIP_MALFORMED);
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
        frag_add(c, in, rd16(d + 4), d[9], (size_t)(fl & 0x1FFF) * 8, (fl & 0x2000) != 0,
                 d + ihl, len - ihl);
    else
        next_ipproto(c, in, d[9], d + ihl, len - ihl);
}

void ip_v6(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len)
{
    size_t off = 40, plen;
    unsigned nh;

    if (len < 40 || (d[0] >> 4) != 6) {
        cap_short(c, in);
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
                cap_short(c, in);
                return;
            }
            nh = d[off];
            off += ((size_t)d[off + 1] + 1) * 8;
            break;
        case 51: /* Authentication Header */
            if (len - off < 8) {
                cap_short(c, in);
                return;
            }
            nh = d[off];
            off += ((size_t)d[off + 1] + 2) * 4;
            break;
        case 44: { /* Fragment */
            unsigned fo;
            if (len - off < 8) {
                cap_short(c, in);
                return;
            }
            nh = d[off];
            fo = rd16(d + off + 2);
            if ((fo & 0xFFF8) || (fo & 1)) {
                frag_add(c, in, rd32(d + off + 4), nh, fo & 0xFFF8, fo & 1, d + off + 8,
                         len - off - 8);
                return;
            }
            off += 8;
            break;
        }
        default:
            in->wire_len = plen != 0 && 40 + plen > off ? 40 + plen - off : 0;
            next_ipproto(c, in, nh, d + off, len - off);
            return;
        }
        if (off > len) {
            cap_short(c, in);
            return;
        }
    }
}

/* GRE: RFC 2784 with RFC 2890's key and sequence number (version 0), or
 * the enhanced GRE of PPTP (RFC 2637, version 1: key always, sequence and
 * acknowledgment numbers when flagged); then what the protocol type says. */
void ip_gre(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len)
{
    unsigned flags, version;
    size_t off = 4;

    if (len < 4) {
        cap_short(c, in);
        return;
    }
    flags = rd16(d);
    version = flags & 0x7;
    if (version > 1 || (flags & 0x4000)) { /* source routing (RFC 1701) is obsolete */
        cap_skip(c, in, SKIP_MALFORMED);
        return;
    }
    cap_encap(in, ENCAP_GRE);
    if (version == 0) {
        off += flags & 0x8000 ? 4 : 0; /* checksum and reserved */
        off += flags & 0x2000 ? 4 : 0; /* key */
        off += flags & 0x1000 ? 4 : 0; /* sequence number */
    } else {
        if (!(flags & 0x2000)) {
            cap_skip(c, in, SKIP_MALFORMED);
            return;
        }
        off += 4;                      /* payload length and call id */
        off += flags & 0x1000 ? 4 : 0; /* sequence number */
        off += flags & 0x0080 ? 4 : 0; /* acknowledgment number */
    }
    if (off > len) {
        cap_short(c, in);
        return;
    }
    if (off == len) { /* PPTP's acknowledgments carry nothing */
        cap_skip(c, in, SKIP_NO_PAYLOAD);
        return;
    }
    in->wire_len = 0; /* the inner IP header says */
    next_ethertype(c, in, rd16(d + 2), d + off, len - off);
}
