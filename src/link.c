/* SPDX-License-Identifier: MIT */
/* link.c - link layers and the tunnels below IP: Ethernet and VLAN tags,
 * MPLS label stacks, PPPoE and PPP, Linux cooked captures (SLL, SLL2),
 * BSD loopback, raw IP, Linux NFLOG (feeds: dissect.c's ethertype and PPP
 * tables, and so ip.c). */
#include "decode.h"

/* Ethernet II (an 802.3 length instead of a type carries no IP here). */
void link_ethernet(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len)
{
    if (len < 14) {
        cap_short(c, in);
        return;
    }
    next_ethertype(c, in, rd16(d + 12), d + 14, len - 14);
}

/* An 802.1Q/802.1ad tag: TCI, then the next type. */
void link_vlan(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len)
{
    if (len < 4) {
        cap_short(c, in);
        return;
    }
    cap_encap(in, ENCAP_VLAN);
    next_ethertype(c, in, rd16(d + 2), d + 4, len - 4);
}

/* An MPLS label stack (RFC 3032): 4 bytes a label, the last with the
 * bottom-of-stack bit; then IPv4 or IPv6, by the first nibble (RFC 4385
 * pseudowires, which start with 0, carry no IP here). */
void link_mpls(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len)
{
    size_t off = 0;

    cap_encap(in, ENCAP_MPLS);
    for (;;) {
        if (len - off < 4) {
            cap_short(c, in);
            return;
        }
        off += 4;
        if (d[off - 2] & 0x01)
            break;
    }
    if (off < len && (d[off] >> 4) == 4)
        next_ethertype(c, in, 0x0800, d + off, len - off);
    else if (off < len && (d[off] >> 4) == 6)
        next_ethertype(c, in, 0x86DD, d + off, len - off);
    else if (off == len)
        cap_short(c, in);
    else
        cap_skip(c, in, SKIP_NOT_IP);
}

/* PPP (RFC 1661): the address and control bytes FF 03 when there
 * (RFC 1662), then a protocol of 2 bytes, or 1 when compressed (odd). */
void link_ppp(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len)
{
    size_t off = 0;
    unsigned proto;

    cap_encap(in, ENCAP_PPP);
    if (len >= 2 && d[0] == 0xFF && d[1] == 0x03)
        off = 2;
    if (off >= len) {
        cap_short(c, in);
        return;
    }
    if (d[off] & 1) {
        proto = d[off];
        off += 1;
    } else {
        if (len - off < 2) {
            cap_short(c, in);
            return;
        }
        proto = rd16(d + off);
        off += 2;
    }
    next_ppp(c, in, proto, d + off, len - off);
}

/* A PPPoE session packet (RFC 2516): ver/type 0x11, code 0, session,
 * length, then PPP without address and control. */
void link_pppoe(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len)
{
    size_t plen;

    if (len < 6) {
        cap_short(c, in);
        return;
    }
    if (d[0] != 0x11 || d[1] != 0x00) {
        cap_skip(c, in, SKIP_NOT_IP); /* discovery, or not PPPoE */
        return;
    }
    cap_encap(in, ENCAP_PPPOE);
    plen = rd16(d + 4);
    if (plen < len - 6)
        len = 6 + plen; /* drop link-layer padding */
    link_ppp(c, in, d + 6, len - 6);
}

/* Linux cooked capture v1: 16 bytes, the protocol last. */
void link_sll(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len)
{
    if (len < 16) {
        cap_short(c, in);
        return;
    }
    next_ethertype(c, in, rd16(d + 14), d + 16, len - 16);
}

/* Linux cooked capture v2: 20 bytes, the protocol first. */
void link_sll2(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len)
{
    if (len < 20) {
        cap_short(c, in);
        return;
    }
    next_ethertype(c, in, rd16(d), d + 20, len - 20);
}

/* BSD loopback: an address family, 2 for IPv4 and 24, 28 or 30 for IPv6
 * depending on the capturing system. */
static void loopback(struct capture *c, struct cap_info *in, uint32_t af, const unsigned char *d,
                     size_t len)
{
    if (af == 2)
        next_ethertype(c, in, 0x0800, d, len);
    else if (af == 24 || af == 28 || af == 30)
        next_ethertype(c, in, 0x86DD, d, len);
    else
        cap_skip(c, in, SKIP_NOT_IP);
}

/* DLT_NULL: the family in the capturing host's byte order. */
void link_null(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len)
{
    uint32_t be, le;

    if (len < 4) {
        cap_short(c, in);
        return;
    }
    be = rd32(d);
    le = (uint32_t)d[3] << 24 | (uint32_t)d[2] << 16 | (uint32_t)d[1] << 8 | d[0];
    loopback(c, in, be <= 0xFFFF ? be : le, d + 4, len - 4);
}

/* DLT_LOOP: the family in network byte order. */
void link_loop(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len)
{
    if (len < 4) {
        cap_short(c, in);
        return;
    }
    loopback(c, in, rd32(d), d + 4, len - 4);
}

/* Raw IP: IPv4 or IPv6 by the version nibble. */
void link_raw(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len)
{
    if (len == 0)
        cap_short(c, in);
    else if ((d[0] >> 4) == 4)
        next_ethertype(c, in, 0x0800, d, len);
    else if ((d[0] >> 4) == 6)
        next_ethertype(c, in, 0x86DD, d, len);
    else
        cap_skip(c, in, SKIP_NOT_IP);
}

/* Linux NFLOG: family, version 0, resource id, then TLVs whose length
 * (header included) and type are in the capturing host's byte order,
 * each padded to 4 bytes; type 9 (NFULA_PAYLOAD) holds the packet. */
void link_nflog(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len)
{
    size_t off = 4;
    unsigned family;

    if (len < 4) {
        cap_short(c, in);
        return;
    }
    cap_encap(in, ENCAP_NFLOG);
    family = d[0];
    while (len - off >= 4) {
        size_t le_len = (size_t)d[off] | (size_t)d[off + 1] << 8;
        size_t be_len = rd16(d + off);
        int le = le_len >= 4 && le_len <= len - off;
        size_t tlen = le ? le_len : be_len;
        unsigned type = le ? ((unsigned)d[off + 2] | (unsigned)d[off + 3] << 8) : rd16(d + off + 2);

        if (tlen < 4 || tlen > len - off) {
            cap_short(c, in);
            return;
        }
        if ((type & 0x7FFF) == 9) {
            const unsigned char *p = d + off + 4;
            size_t n = tlen - 4;
            if (family == 2)
                next_ethertype(c, in, 0x0800, p, n);
            else if (family == 10)
                next_ethertype(c, in, 0x86DD, p, n);
            else
                link_raw(c, in, p, n);
            return;
        }
        off += (tlen + 3) & ~(size_t)3;
        if (off > len)
            break;
    }
    cap_skip(c, in, SKIP_NOT_IP); /* no packet in it */
}
