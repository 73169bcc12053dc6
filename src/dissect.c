/* SPDX-License-Identifier: MIT */
/* dissect.c - who handles what comes next: the tables from ethertype, IP
 * protocol, PPP protocol, link type and UDP port to a stage.  A stage
 * names the number it found, never the stage above it, so a tunnel is
 * added with one line here and its own function. */
#include "decode.h"

struct handler {
    unsigned key;
    layer_fn *fn;
};

/* Ethertypes (IEEE 802), also GRE's protocol type (RFC 2784). */
static const struct handler ethertypes[] = {
    {0x0800, ip_v4},
    {0x86DD, ip_v6},
    {0x8100, link_vlan},  /* 802.1Q */
    {0x88A8, link_vlan},  /* 802.1ad */
    {0x9100, link_vlan},  /* QinQ, pre-standard */
    {0x8847, link_mpls},  /* MPLS unicast (RFC 3032) */
    {0x8848, link_mpls},  /* MPLS multicast */
    {0x8864, link_pppoe}, /* PPPoE session stage (RFC 2516) */
    {0x6558, link_ethernet}, /* transparent Ethernet bridging, in GRE */
    {0x880B, link_ppp},   /* PPP, in enhanced GRE (RFC 2637) */
};

/* IP protocol numbers (IANA). */
static const struct handler ipprotos[] = {
    {4, ip_v4},   /* IPv4 in IP (RFC 2003) */
    {41, ip_v6},  /* IPv6 in IP (RFC 2473, RFC 4213) */
    {47, ip_gre}, /* GRE (RFC 2784, RFC 2890) */
    {17, udp_datagram},
    {6, tcp_segment},
};

/* PPP protocol numbers (RFC 1661, IANA). */
static const struct handler ppps[] = {
    {0x0021, ip_v4},
    {0x0057, ip_v6},
    {0x0281, link_mpls},
};

/* Link types as capture files number them (LINKTYPE_*, tcpdump.org). */
static const struct handler linktypes[] = {
    {0, link_null},          /* BSD loopback, host byte order */
    {1, link_ethernet},
    {9, link_ppp},           /* PPP, with or without FF 03 */
    {12, link_raw},          /* DLT_RAW as Linux numbers it */
    {14, link_raw},          /* DLT_RAW as OpenBSD numbers it */
    {50, link_ppp},          /* PPP in HDLC-like framing */
    {51, link_pppoe},        /* PPPoE */
    {101, link_raw},         /* LINKTYPE_RAW */
    {108, link_loop},        /* OpenBSD loopback, network byte order */
    {113, link_sll},         /* Linux cooked v1 */
    {228, link_raw},         /* raw IPv4 */
    {229, link_raw},         /* raw IPv6 */
    {239, link_nflog},       /* Linux NFLOG */
    {276, link_sll2},        /* Linux cooked v2 */
};

/* UDP ports with a tunnel of their own (either port); a handler answers 0
 * when the datagram is not its tunnel after all. */
static const struct {
    unsigned port;
    udp_fn *fn;
} udp_ports[] = {
    {4789, udp_vxlan}, /* RFC 7348 */
    {2152, udp_gtpu},  /* 3GPP TS 29.281 */
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static layer_fn *find(const struct handler *t, size_t n, unsigned key)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (t[i].key == key)
            return t[i].fn;
    return NULL;
}

/* One layer deeper, unless that is too deep. */
static int deeper(struct capture *c, struct cap_info *in)
{
    if (++in->depth > MAX_DEPTH) {
        cap_skip(c, in, SKIP_TOO_DEEP);
        return 0;
    }
    return 1;
}

static void go(struct capture *c, struct cap_info *in, layer_fn *fn, enum cap_skip unknown,
               const unsigned char *d, size_t len)
{
    if (fn == NULL)
        cap_skip(c, in, unknown);
    else if (deeper(c, in))
        fn(c, in, d, len);
}

void next_ethertype(struct capture *c, struct cap_info *in, unsigned type, const unsigned char *d,
                    size_t len)
{
    go(c, in, find(ethertypes, COUNT(ethertypes), type), SKIP_NOT_IP, d, len);
}

void next_ipproto(struct capture *c, struct cap_info *in, unsigned proto, const unsigned char *d,
                  size_t len)
{
    if (proto == 4 || proto == 41)
        cap_encap(in, ENCAP_IPIP);
    go(c, in, find(ipprotos, COUNT(ipprotos), proto), SKIP_NOT_UDP_TCP, d, len);
}

int ipproto_known(unsigned proto)
{
    return find(ipprotos, COUNT(ipprotos), proto) != NULL;
}

void next_ppp(struct capture *c, struct cap_info *in, unsigned proto, const unsigned char *d,
              size_t len)
{
    go(c, in, find(ppps, COUNT(ppps), proto), SKIP_NOT_IP, d, len);
}

void next_linktype(struct capture *c, struct cap_info *in, int linktype, const unsigned char *d,
                   size_t len)
{
    go(c, in, linktype < 0 ? NULL : find(linktypes, COUNT(linktypes), (unsigned)linktype),
       SKIP_LINKTYPE, d, len);
}

int capture_linktype_known(int linktype)
{
    return linktype >= 0 && find(linktypes, COUNT(linktypes), (unsigned)linktype) != NULL;
}

int next_udp_port(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len)
{
    size_t i;

    for (i = 0; i < COUNT(udp_ports); i++) {
        if (udp_ports[i].port != in->dport && udp_ports[i].port != in->sport)
            continue;
        if (in->depth + 1 > MAX_DEPTH) {
            cap_skip(c, in, SKIP_TOO_DEEP);
            return 1;
        }
        in->depth++;
        if (udp_ports[i].fn(c, in, d, len))
            return 1;
        in->depth--;
    }
    return 0;
}
