/* SPDX-License-Identifier: MIT */
/* udp.c - UDP datagrams, and the tunnels UDP carries: VXLAN and GTP-U
 * (feeds: dissect.c's UDP port table for tunnels, hep.c on the HEP port,
 * else sip.c's classifier). */
#include <string.h>

#include "decode.h"

static int is_hep(const unsigned char *p, size_t n)
{
    return (n >= 4 && memcmp(p, "HEP3", 4) == 0) || (n >= 2 && (p[0] == 1 || p[0] == 2) &&
                                                       p[1] >= 16 && p[1] <= n);
}

void udp_datagram(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len)
{
    size_t ulen;

    if (len < 8) {
        cap_short(c, in);
        return;
    }
    in->sport = rd16(d);
    in->dport = rd16(d + 2);
    in->transport = TRANSPORT_UDP;
    ulen = rd16(d + 4);
    if (ulen >= 8 && ulen <= len) {
        len = ulen; /* drop link-layer padding */
    } else if (ulen > len && !in->truncated && !in->partial) {
        cap_skip(c, in, SKIP_MALFORMED);
        return;
    }
    d += 8;
    len -= 8;
    if (c->cfg.hep_port && (in->sport == c->cfg.hep_port || in->dport == c->cfg.hep_port) &&
        is_hep(d, len)) {
        cap_encap(in, ENCAP_HEP);
        hep_packet(c, in, d, len);
        return;
    }
    if (next_udp_port(c, in, d, len))
        return;
    sip_datagram(c, in, d, len, cap_sip_port(c, in->sport) || cap_sip_port(c, in->dport));
}

/* VXLAN (RFC 7348): flags with the I bit, 24 reserved bits, the VNI, 8
 * reserved bits; then an Ethernet frame. */
int udp_vxlan(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len)
{
    if (len < 8 + 14 || (d[0] & 0x08) == 0)
        return 0;
    cap_encap(in, ENCAP_VXLAN);
    link_ethernet(c, in, d + 8, len - 8);
    return 1;
}

/* GTP-U (3GPP TS 29.281): version 1 with the protocol-type bit, a G-PDU
 * (message type 255); with any of the E, S, PN flags 4 more bytes, the
 * last naming the first extension header; each extension header is a
 * length in 4-byte units, its content, and the next one's type. */
int udp_gtpu(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len)
{
    size_t off = 8;
    unsigned next = 0;

    if (len < 8 || (d[0] >> 5) != 1 || !(d[0] & 0x10) || d[1] != 0xFF)
        return 0;
    cap_encap(in, ENCAP_GTPU);
    if (d[0] & 0x07) {
        if (len < 12) {
            cap_short(c, in);
            return 1;
        }
        next = d[0] & 0x04 ? d[11] : 0; /* meaningful with E only */
        off = 12;
    }
    while (next != 0) {
        size_t n;
        if (off >= len || (n = (size_t)d[off] * 4) == 0 || n > len - off) {
            cap_short(c, in);
            return 1;
        }
        next = d[off + n - 1];
        off += n;
    }
    if (off < len && (d[off] >> 4) == 4)
        next_ethertype(c, in, 0x0800, d + off, len - off);
    else if (off < len && (d[off] >> 4) == 6)
        next_ethertype(c, in, 0x86DD, d + off, len - off);
    else
        cap_skip(c, in, off < len ? SKIP_NOT_IP : SKIP_NO_PAYLOAD);
    return 1;
}
