/* SPDX-License-Identifier: MIT */
/* cli_hepin.c - HEP as a collector receives it: senders against --allow,
 * packets against --hep-password and their own lengths, TCP streams
 * framed into packets inside a budget (cli_hepin.h). */
#include "cli_hepin.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"

static const char *const drop_names[] = {
#define HEPIN_DROP_NAME(e, name, text) name,
    HEPIN_DROPS(HEPIN_DROP_NAME)
#undef HEPIN_DROP_NAME
};
static const char *const drop_texts[] = {
#define HEPIN_DROP_TEXT(e, name, text) text,
    HEPIN_DROPS(HEPIN_DROP_TEXT)
#undef HEPIN_DROP_TEXT
};

const char *hepin_drop_name(enum hepin_drop d)
{
    return (unsigned)d < DROP_COUNT ? drop_names[d] : "?";
}

const char *hepin_drop_text(enum hepin_drop d)
{
    return (unsigned)d < DROP_COUNT ? drop_texts[d] : "?";
}

int hepin_cidr_parse(const char *s, struct hepin_cidr *out)
{
    char text[INET6_ADDRSTRLEN + 1];
    const char *slash = strchr(s, '/');
    size_t alen = slash ? (size_t)(slash - s) : strlen(s), k;
    unsigned bits = 0, max;

    if (alen == 0 || alen >= sizeof text)
        return -1;
    memcpy(text, s, alen);
    text[alen] = '\0';
    memset(out, 0, sizeof *out);
    if (inet_pton(AF_INET, text, out->addr) == 1) {
        out->af = AF_INET;
        max = 32;
    } else if (inet_pton(AF_INET6, text, out->addr) == 1) {
        out->af = AF_INET6;
        max = 128;
    } else {
        return -1;
    }
    if (slash == NULL) {
        out->bits = max;
        return 0;
    }
    for (k = 1; slash[k] >= '0' && slash[k] <= '9' && k < 4; k++)
        bits = bits * 10 + (unsigned)(slash[k] - '0');
    if (k == 1 || slash[k] != '\0' || bits > max)
        return -1;
    out->bits = bits;
    return 0;
}

static int prefix_equal(const unsigned char *a, const unsigned char *b, unsigned bits)
{
    unsigned whole = bits / 8, rest = bits % 8;

    if (memcmp(a, b, whole) != 0)
        return 0;
    return rest == 0 || ((a[whole] ^ b[whole]) & (0xffu << (8 - rest)) & 0xffu) == 0;
}

int hepin_allowed(struct hepin *h, const struct sockaddr *sa, int count)
{
    const unsigned char *a;
    unsigned char mapped[4];
    int af = sa->sa_family;
    size_t k;

    if (h->nallow == 0)
        return 1;
    if (af == AF_INET) {
        a = (const unsigned char *)&((const struct sockaddr_in *)(const void *)sa)->sin_addr;
    } else if (af == AF_INET6) {
        a = ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr;
        if (IN6_IS_ADDR_V4MAPPED((const struct in6_addr *)(const void *)a)) {
            memcpy(mapped, a + 12, 4); /* ::ffff:a.b.c.d is an IPv4 sender */
            a = mapped;
            af = AF_INET;
        }
    } else {
        a = NULL;
    }
    for (k = 0; a != NULL && k < h->nallow; k++)
        if (h->allow[k].af == af && prefix_equal(a, h->allow[k].addr, h->allow[k].bits))
            return 1;
    if (count)
        h->n.drops[DROP_DENIED]++;
    return 0;
}

/* The bytes before the SIP message of the HEP v1/v2 packet at p[0..n)
 * (n >= 3), as hep.c reads them: the header length, plus the 12 bytes of
 * the time header when the length counts the addresses only (Kamailio,
 * captagent); 0 when the header is broken. */
static size_t v2_header(const unsigned char *p, size_t n)
{
    size_t hl = p[1], alen = p[2] == 2 ? 4 : p[2] == 10 ? 16 : 0;
    size_t need = 8 + 2 * alen + (p[0] == 2 ? 10 : 0);

    (void)n;
    if (alen == 0)
        return 0;
    if (p[0] == 2 && hl == 8 + 2 * alen)
        return hl + 12;
    return hl < need ? 0 : hl;
}

/* Whether a and b are the same key, in time that does not depend on where
 * they differ. */
static int same_key(const unsigned char *a, size_t alen, const char *b, size_t blen)
{
    unsigned diff = alen != blen;
    size_t k;

    for (k = 0; k < blen; k++)
        diff |= (unsigned)(b[k] ^ (k < alen ? a[k] : 0));
    return diff == 0;
}

/* A HEP v3 packet's chunks, d[0..total): DROP_COUNT when they are whole
 * and the key (if one is wanted) is right, else why not. */
static enum hepin_drop hep3_check(const struct hepin *h, const unsigned char *d, size_t total)
{
    size_t pos;
    int keyed = 0;

    for (pos = 6; pos < total;) {
        size_t clen;
        if (total - pos < 6)
            return DROP_MALFORMED;
        clen = rd16(d + pos + 4);
        if (clen < 6 || clen > total - pos)
            return DROP_MALFORMED;
        if (h->password != NULL && rd16(d + pos) == 0 && rd16(d + pos + 2) == 14)
            keyed |= same_key(d + pos + 6, clen - 6, h->password, h->password_len) ? 1 : 2;
        pos += clen;
    }
    if (h->password != NULL && keyed != 1)
        return DROP_AUTH; /* no key, the wrong one, or a right one beside a wrong one */
    return DROP_COUNT;
}

void hepin_packet(struct hepin *h, int transport, const unsigned char *d, size_t len, int64_t sec,
                  uint32_t nsec)
{
    enum hepin_drop why = DROP_COUNT;
    int version;

    if (len > HEP_MAX) {
        h->n.drops[DROP_OVERSIZED]++;
        return;
    }
    if (len >= 4 && memcmp(d, "HEP3", 4) == 0) {
        size_t total = len >= 6 ? rd16(d + 4) : 0;
        version = HEPIN_V3;
        if (len < 6 || total > len)
            why = DROP_TRUNCATED;
        else if (total < 6 || total < len)
            why = DROP_MALFORMED; /* a datagram holds one packet, exactly */
        else
            why = hep3_check(h, d, total);
    } else if (len >= 3 && (d[0] == 1 || d[0] == 2)) {
        size_t hl = v2_header(d, len);
        version = d[0] == 1 ? HEPIN_V1 : HEPIN_V2;
        if (hl == 0)
            why = DROP_MALFORMED;
        else if (hl > len)
            why = DROP_TRUNCATED;
        else if (h->password != NULL)
            why = DROP_AUTH; /* v1 and v2 cannot carry a key */
    } else {
        h->n.drops[DROP_NOT_HEP]++;
        return;
    }
    if (why != DROP_COUNT) {
        h->n.drops[why]++;
        return;
    }
    h->n.packets[version][transport ? 1 : 0]++;
    capture_hep(h->c, ++h->frame, sec, nsec, d, len);
}

/* Room for n more bytes in cn, from the TCP budget. */
static int conn_room(struct hepin *h, struct hepin_conn *cn, size_t n)
{
    size_t want;
    unsigned char *p;

    if (cn->len + n <= cn->cap)
        return 0;
    want = cn->cap ? cn->cap : 512;
    while (want < cn->len + n)
        want *= 2;
    if (want > HEP_MAX + 1)
        want = HEP_MAX + 1;
    if (cn->len + n > want || h->tcp_mem - cn->cap + want > h->tcp_budget)
        return -1;
    p = realloc(cn->buf, want);
    if (p == NULL)
        return -1;
    h->tcp_mem = h->tcp_mem - cn->cap + want;
    if (h->tcp_mem > h->tcp_peak)
        h->tcp_peak = h->tcp_mem;
    cn->buf = p;
    cn->cap = want;
    return 0;
}

static int conn_keep(struct hepin *h, struct hepin_conn *cn, const unsigned char *d, size_t n)
{
    if (conn_room(h, cn, n) < 0) {
        h->n.drops[DROP_BUDGET]++;
        return -1;
    }
    memcpy(cn->buf + cn->len, d, n);
    cn->len += n;
    return 0;
}

static void conn_take(struct hepin_conn *cn, size_t n)
{
    memmove(cn->buf, cn->buf + n, cn->len - n);
    cn->len -= n;
    cn->scanned = 0;
}

/* A HEP v1/v2 packet at the start of p[0..n): its header, then a SIP
 * message whose header block ends in an empty line and whose body is its
 * Content-Length (none: no body).  *scanned: how far the empty line has
 * been looked for already, so that bytes coming one at a time are each
 * searched once. */
static enum hep_frame v2_frame(const unsigned char *p, size_t n, size_t *scanned, size_t *len)
{
    size_t hl, from, end, k;
    struct sip_facts f;

    *len = 1;
    if (n < 3)
        return HEP_MORE;
    hl = v2_header(p, n);
    if (hl == 0)
        return HEP_JUNK;
    if (n < hl + 4)
        return HEP_MORE;
    from = *scanned > hl ? *scanned - 3 : hl;
    for (end = 0, k = from; k + 4 <= n && k < hl + MAX_HEADER; k++) {
        const unsigned char *cr = memchr(p + k, '\r', n - 3 - k);
        if (cr == NULL)
            break;
        k = (size_t)(cr - p);
        if (k + 4 <= n && memcmp(cr, "\r\n\r\n", 4) == 0) {
            end = k + 4;
            break;
        }
    }
    if (end == 0) {
        *scanned = n;
        if (n - hl >= MAX_HEADER || n > HEP_MAX) {
            *len = hl; /* no end of the header block: step over the header */
            return HEP_JUNK;
        }
        return HEP_MORE;
    }
    sip_classify(p + hl, end - hl, 1, 0, 1, &f);
    if (f.content_length < 0)
        f.content_length = 0;
    if ((size_t)f.content_length > HEP_MAX - end) {
        *len = hl;
        return HEP_JUNK;
    }
    *len = end + (size_t)f.content_length;
    return n < *len ? HEP_MORE : HEP_PACKET;
}

/* What a stream's bytes p[0..n) begin with, HEP v3 or v1/v2; junk ends
 * where either could begin. */
static enum hep_frame stream_frame(const unsigned char *p, size_t n, size_t *scanned, size_t *len)
{
    enum hep_frame r;
    size_t k;

    if (p[0] == 1 || p[0] == 2)
        return v2_frame(p, n, scanned, len);
    r = hep_frame(p, n, len);
    if (r == HEP_JUNK)
        for (k = 1; k < *len; k++)
            if (p[k] == 1 || p[k] == 2) {
                *len = k;
                break;
            }
    return r;
}

int hepin_stream(struct hepin *h, struct hepin_conn *cn, const unsigned char *d, size_t n,
                 int64_t sec, uint32_t nsec)
{
    size_t plen;

    for (;;) {
        enum hep_frame r;
        if (cn->len > 0) {
            /* the start of a packet is kept: complete it, a piece at a time */
            size_t want, take;
            r = stream_frame(cn->buf, cn->len, &cn->scanned, &plen);
            if (r == HEP_PACKET) {
                hepin_packet(h, HEPIN_TCP, cn->buf, plen, sec, nsec);
                conn_take(cn, plen);
                continue;
            }
            if (r == HEP_JUNK) {
                h->n.drops[DROP_NOT_HEP]++;
                conn_take(cn, plen);
                continue;
            }
            if (n == 0)
                return 0;
            if (cn->buf[0] == 1 || cn->buf[0] == 2)
                want = HEP_MAX + 1 - cn->len; /* v2: as much as there is */
            else
                want = cn->len < 6 ? 6 - cn->len : rd16(cn->buf + 4) - cn->len;
            take = want < n ? want : n;
            if (take == 0) { /* (cannot be: a full buffer always frames) */
                h->n.drops[DROP_MALFORMED]++;
                return -1;
            }
            if (conn_keep(h, cn, d, take) < 0)
                return -1;
            d += take;
            n -= take;
            continue;
        }
        if (n == 0)
            return 0;
        /* nothing kept: packets straight from the bytes read */
        cn->scanned = 0;
        r = stream_frame(d, n, &cn->scanned, &plen);
        if (r == HEP_MORE) {
            if (n > HEP_MAX + 1) { /* (v2 without its end yet: keep what fits) */
                if (conn_keep(h, cn, d, HEP_MAX + 1) < 0)
                    return -1;
                d += HEP_MAX + 1;
                n -= HEP_MAX + 1;
                continue;
            }
            return conn_keep(h, cn, d, n);
        }
        if (r == HEP_PACKET)
            hepin_packet(h, HEPIN_TCP, d, plen, sec, nsec);
        else
            h->n.drops[DROP_NOT_HEP]++;
        d += plen;
        n -= plen;
    }
}

void hepin_conn_end(struct hepin *h, struct hepin_conn *cn)
{
    if (cn->len > 0)
        h->n.drops[DROP_CUT]++;
    h->tcp_mem -= cn->cap;
    free(cn->buf);
    cn->buf = NULL;
    cn->len = cn->cap = 0;
}
