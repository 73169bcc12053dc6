/* SPDX-License-Identifier: MIT */
/* hep.c - HEP (Homer's encapsulation of captured packets): v3 packets and
 * the v1/v2 datagrams before them, whether they come in UDP datagrams, in
 * TCP streams or in files (feeds: sip.c's classifier, with the original
 * addresses, ports and time). */
#include <string.h>

#include "decode.h"

/* One HEP v3 packet d[0..len) (len its own length field): chunks of vendor,
 * type, length (6 bytes with the header), value. */
static void hep3(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len)
{
    const unsigned char *payload = NULL;
    size_t plen = 0, pos, total;
    unsigned proto = 0, family = 0, kind = 1, sport = 0, dport = 0;
    unsigned char src[16] = {0}, dst[16] = {0};
    uint32_t usec = 0;
    int have_sec = 0, have_usec = 0;
    int64_t sec = 0;
    char text[96];

    total = rd16(d + 4);
    if (total < 6 || total > len) {
        snprintf(text, sizeof text, "its length field says %zu bytes, %zu are there", total, len);
        cap_problem(c, in, NULL, PROB_HEP, text);
        cap_skip(c, in, SKIP_HEP);
        return;
    }
    for (pos = 6; pos < total;) {
        unsigned vendor, type;
        size_t clen;
        const unsigned char *v;

        if (total - pos < 6) {
            cap_problem(c, in, NULL, PROB_HEP, "a chunk header runs past its end");
            cap_skip(c, in, SKIP_HEP);
            return;
        }
        vendor = rd16(d + pos);
        type = rd16(d + pos + 2);
        clen = rd16(d + pos + 4);
        if (clen < 6 || clen > total - pos) {
            snprintf(text, sizeof text, "chunk type %u at byte %zu has length %zu", type, pos,
                     clen);
            cap_problem(c, in, NULL, PROB_HEP, text);
            cap_skip(c, in, SKIP_HEP);
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
            case 10: if (clen == 4) { usec = rd32(v) % 1000000u; have_usec = 1; } break;
            case 11: if (clen == 1) kind = v[0]; break;
            case 15: payload = v; plen = clen; break;
            default: break;
            }
        }
        pos += clen + 6;
    }
    /* from here on, where the SIP message was originally captured */
    in->af = family == 2 ? 4 : family == 10 ? 6 : 0;
    memcpy(in->src, src, sizeof in->src);
    memcpy(in->dst, dst, sizeof in->dst);
    in->sport = sport;
    in->dport = dport;
    if (have_sec) {
        in->sec = sec;
        in->nsec = have_usec ? usec * 1000u : 0;
        in->nano = 0;
    }
    in->offset = 0;
    in->transport = proto == 6 ? TRANSPORT_HEP_TCP : proto == 17 ? TRANSPORT_HEP_UDP : TRANSPORT_HEP;
    if (payload == NULL || kind != 1) {
        cap_skip(c, in, SKIP_HEP); /* a keep-alive, or RTCP, logs, ... */
        return;
    }
    sip_datagram(c, in, payload, plen, 1);
}

/* HEP v1 and v2 (a datagram each): version, header length, family,
 * protocol, ports; the addresses; v2 then the time in the sender's byte
 * order (little-endian on every sender in use) and a capture id.  The
 * header length of Kamailio and captagent counts the addresses only, the
 * time header (12 bytes with its padding) coming after it; a length that
 * counts the time header too is taken as well. */
static void hep2(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len)
{
    size_t hl = d[1], alen = d[2] == 2 ? 4 : d[2] == 10 ? 16 : 0;
    size_t need = 8 + 2 * alen + (d[0] == 2 ? 10 : 0);

    if (d[0] == 2 && alen != 0 && hl == 8 + 2 * alen)
        hl += 12, need = hl; /* the time header after the addresses */
    if (alen == 0 || hl < need || hl > len) {
        cap_problem(c, in, NULL, PROB_HEP, "a HEP v1/v2 header that does not fit");
        cap_skip(c, in, SKIP_HEP);
        return;
    }
    in->af = alen == 4 ? 4 : 6;
    memset(in->src, 0, sizeof in->src);
    memset(in->dst, 0, sizeof in->dst);
    memcpy(in->src, d + 8, alen);
    memcpy(in->dst, d + 8 + alen, alen);
    in->sport = rd16(d + 4);
    in->dport = rd16(d + 6);
    if (d[0] == 2) {
        const unsigned char *t = d + 8 + 2 * alen;
        in->sec = (int64_t)((uint32_t)t[0] | (uint32_t)t[1] << 8 | (uint32_t)t[2] << 16 |
                            (uint32_t)t[3] << 24);
        in->nsec = ((uint32_t)t[4] | (uint32_t)t[5] << 8 | (uint32_t)t[6] << 16 |
                    (uint32_t)t[7] << 24) % 1000000u * 1000u;
        in->nano = 0;
    }
    in->offset = 0;
    in->transport = d[3] == 6 ? TRANSPORT_HEP_TCP : d[3] == 17 ? TRANSPORT_HEP_UDP : TRANSPORT_HEP;
    sip_datagram(c, in, d + hl, len - hl, 1);
}

void hep_packet(struct capture *c, const struct cap_info *outer, const unsigned char *d,
                size_t len)
{
    struct cap_info in = *outer; /* where the HEP packet is, until it is read */

    if (len >= 6 && memcmp(d, "HEP3", 4) == 0) {
        hep3(c, &in, d, len);
    } else if (len >= 8 && (d[0] == 1 || d[0] == 2)) {
        hep2(c, &in, d, len);
    } else {
        cap_problem(c, &in, NULL, PROB_HEP, "no \"HEP3\" at its start");
        cap_skip(c, &in, SKIP_HEP);
    }
}

enum hep_frame hep_frame(const unsigned char *p, size_t n, size_t *len)
{
    size_t total, k;

    *len = 0;
    if (n < 4)
        return memcmp(p, "HEP3", n) == 0 ? HEP_MORE : (*len = 1, HEP_JUNK);
    if (memcmp(p, "HEP3", 4) != 0) {
        /* up to where the next "HEP3" could begin */
        for (k = 1; k < n; k++) {
            const unsigned char *h = memchr(p + k, 'H', n - k);
            if (h == NULL) {
                k = n;
                break;
            }
            k = (size_t)(h - p);
            if (memcmp(h, "HEP3", n - k < 4 ? n - k : 4) == 0)
                break;
        }
        *len = k;
        return HEP_JUNK;
    }
    if (n < 6)
        return HEP_MORE;
    total = rd16(p + 4);
    if (total < 6) {
        *len = 4; /* a broken packet: step over its magic */
        return HEP_JUNK;
    }
    if (n < total)
        return HEP_MORE;
    *len = total;
    return HEP_PACKET;
}
