/* SPDX-License-Identifier: MIT */
/* fuzz_listen.c - libFuzzer harness: sipstatus listen's entry points
 * (src/cli_hepin.h) on hostile HEP, as datagrams and as TCP streams cut
 * anywhere, for memory safety and its budgets.
 *
 * Input: byte 0 chooses: bit 0 a --hep-password ("key"), bit 1 an --allow
 * list (then byte 1..4 are a sender's IPv4 address to check against it),
 * bits 2-3 datagrams (0), one stream (1), two streams interleaved (2) or
 * both datagrams and a stream (3), bit 4 a tight TCP budget (600 bytes,
 * less than a packet can need).  The rest: pieces, each a length byte then
 * that many bytes, each copied to its own heap block so a read past it is
 * caught.  Asserted after every piece: the TCP buffers within their budget,
 * each connection's bytes within its buffer, the decoder within its 64 KiB. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "cli_hepin.h"
#include "fuzz.h"

struct ctx {
    const uint8_t *in;
    size_t n;
    size_t responses;
    unsigned sum;
};

static void on_response(void *vctx, const struct cap_info *w, const char *msg, size_t len,
                        const struct cap_message *m)
{
    struct ctx *c = vctx;
    size_t i;

    (void)m;
    FUZZ_CHECK(w->transport < TRANSPORT_COUNT && len > 0, c->in, c->n, "response of %zu bytes",
               len);
    for (i = 0; i < len; i++) /* every byte handed out is readable */
        c->sum += (unsigned char)msg[i];
    c->responses++;
}

int fuzz_listen_one(const uint8_t *data, size_t size)
{
    static const unsigned ports[] = {5060, 5061};
    struct capture_config cfg = {ports, 2, 0, 65536};
    struct capture_callbacks cb = {on_response, NULL, NULL};
    struct hepin_cidr allow[2];
    struct hepin h;
    struct hepin_conn conn[2];
    struct ctx c;
    size_t pos = 1, piece = 0, k;
    unsigned mode;

    if (size < 1)
        return 0;
    memset(&c, 0, sizeof c);
    memset(&h, 0, sizeof h);
    memset(conn, 0, sizeof conn);
    c.in = data;
    c.n = size;
    mode = (data[0] >> 2) & 3u;
    h.c = capture_new(&cfg, &cb, &c);
    if (h.c == NULL)
        return 0;
    h.tcp_budget = data[0] & 0x10 ? 600 : 4 * 65536;
    if (data[0] & 1) {
        h.password = "key";
        h.password_len = 3;
    }
    if (data[0] & 2) {
        struct sockaddr_in sin;
        FUZZ_CHECK(hepin_cidr_parse("192.0.2.0/24", &allow[0]) == 0 &&
                   hepin_cidr_parse("2001:db8::/32", &allow[1]) == 0, data, size, "%s", "cidr");
        h.allow = allow;
        h.nallow = 2;
        memset(&sin, 0, sizeof sin);
        sin.sin_family = AF_INET;
        if (size >= 5) {
            memcpy(&sin.sin_addr, data + 1, 4);
            pos = 5;
        }
        k = (size_t)hepin_allowed(&h, (struct sockaddr *)&sin, 1);
        FUZZ_CHECK(k == (size >= 5 && data[1] == 192 && data[2] == 0 && data[3] == 2), data, size,
                   "allowed %zu", k);
    }
    while (pos < size) {
        size_t len = data[pos++];
        unsigned char *p;
        int stream;

        if (len > size - pos)
            len = size - pos;
        p = (unsigned char *)fuzz_copy(data + pos, len);
        pos += len;
        stream = mode == 1 || mode == 2 || (mode == 3 && piece % 2 == 1);
        if (!stream) {
            hepin_packet(&h, HEPIN_UDP, p, len, 0, 0);
        } else {
            struct hepin_conn *cn = &conn[mode == 2 ? piece % 2 : 0];
            if (hepin_stream(&h, cn, p, len, 0, 0) < 0)
                hepin_conn_end(&h, cn); /* closed: a new connection follows */
            FUZZ_CHECK(cn->len <= cn->cap && cn->cap <= 65536, data, size, "kept %zu of %zu",
                       cn->len, cn->cap);
        }
        free(p);
        piece++;
        FUZZ_CHECK(h.tcp_mem <= h.tcp_budget, data, size, "TCP buffers hold %zu of %zu",
                   h.tcp_mem, h.tcp_budget);
        FUZZ_CHECK(capture_memory(h.c) <= 65536, data, size, "decoder holds %zu bytes",
                   capture_memory(h.c));
    }
    hepin_conn_end(&h, &conn[0]);
    hepin_conn_end(&h, &conn[1]);
    FUZZ_CHECK(h.tcp_mem == 0, data, size, "%zu TCP bytes left after every connection ended",
               h.tcp_mem);
    for (k = 0; k < DROP_COUNT; k++)
        FUZZ_CHECK(hepin_drop_name((enum hepin_drop)k)[0] != '?', data, size, "drop %zu", k);
    capture_finish(h.c);
    capture_free(h.c);
    return c.sum == 0xFFFFFFFFu; /* keeps the sum alive; never true in practice */
}

#ifndef SIPSTATUS_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_listen_one(data, size);
    return 0;
}
#endif
