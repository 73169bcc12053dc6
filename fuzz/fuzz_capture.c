/* SPDX-License-Identifier: MIT */
/* fuzz_capture.c - libFuzzer harness: the capture decoder (src/capture.h)
 * on arbitrary frames, for memory safety, its callbacks' contract and its
 * memory budget.
 *
 * Input: byte 0 picks the link type (or HEP packets alone), byte 1 the
 * parse flags; then frames, each as a length byte, a byte of how many
 * bytes the frame had beyond those captured (a snapshot length), and the
 * bytes.  Each frame is copied to its own heap block so a read past it is
 * caught.  The budget is small (64 KiB), so eviction is exercised. */
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "fuzz.h"

/* LINKTYPE_* values: Ethernet, SLL, SLL2, NULL, LOOP, RAW, IPV4, IPV6,
 * PPP, PPP_HDLC, PPP_ETHER, NFLOG; and HEP packets */
static const int linktypes[] = {1, 113, 276, 0, 108, 101, 228, 229, 9, 50, 51, 239, LINK_HEP};

struct ctx {
    const uint8_t *in;
    size_t n;
    unsigned flags;
    size_t frames;      /* frames fed so far */
    size_t responses;
    unsigned sum;
};

static void on_response(void *vctx, const struct cap_info *w, const char *msg, size_t len,
                        const struct cap_message *m)
{
    struct ctx *c = vctx;
    struct sipstatus_line l;
    size_t i;
    int r;

    FUZZ_CHECK(w->frame >= 1 && w->frame <= c->frames, c->in, c->n,
               "response from frame %zu of %zu", w->frame, c->frames);
    FUZZ_CHECK(w->transport < TRANSPORT_COUNT && (w->af == 0 || w->af == 4 || w->af == 6), c->in, c->n,
               "transport or address family %d", w->af);
    FUZZ_CHECK(len > 0, c->in, c->n, "an empty response");
    for (i = 0; i < len; i++) /* every byte handed out is readable */
        c->sum += (unsigned char)msg[i];
    FUZZ_CHECK(m->call_id == NULL || (m->call_id >= msg && m->call_id + m->call_id_len <= msg + len),
               c->in, c->n, "Call-ID outside the message");
    FUZZ_CHECK(m->cseq_method == NULL ||
               (m->cseq_method >= msg && m->cseq_method + m->cseq_method_len <= msg + len),
               c->in, c->n, "CSeq method outside the message");
    r = sipstatus_parse(msg, len, c->flags | SIPSTATUS_SKIP_CRLF, &l);
    FUZZ_CHECK(r != SIPSTATUS_OK || (l.length <= len && l.code >= 100 && l.code <= 699), c->in,
               c->n, "parse of a response: length %zu of %zu", l.length, len);
    c->responses++;
}

static void on_skip(void *vctx, const struct cap_info *w, enum cap_skip why)
{
    struct ctx *c = vctx;
    (void)w;
    FUZZ_CHECK((unsigned)why < SKIP_COUNT && cap_skip_name(why)[0] != '?', c->in, c->n,
               "skip reason %d", (int)why);
}

static void on_problem(void *vctx, const struct cap_info *w, enum cap_problem what,
                       const char *detail)
{
    struct ctx *c = vctx;
    const char *text = cap_problem_text(what);
    FUZZ_CHECK(text[0] != '?' && w->frame <= c->frames, c->in, c->n, "problem %d at frame %zu",
               (int)what, w->frame);
    c->sum += (unsigned)strlen(text) + (detail ? (unsigned)strlen(detail) : 0);
}

int fuzz_capture_one(const uint8_t *data, size_t size)
{
    static const unsigned ports[] = {5060, 5061};
    struct capture_config cfg = {ports, 2, 9060, 65536};
    struct capture_callbacks cb = {on_response, on_skip, on_problem};
    struct ctx c;
    struct capture *cap;
    size_t pos = 2;
    int linktype;

    if (size < 2)
        return 0;
    memset(&c, 0, sizeof c);
    c.in = data;
    c.n = size;
    c.flags = data[1] & 0x3Fu;
    linktype = linktypes[data[0] % (sizeof linktypes / sizeof linktypes[0])];
    cap = capture_new(&cfg, &cb, &c);
    if (cap == NULL)
        return 0;
    while (pos < size) {
        size_t len = data[pos], extra = pos + 1 < size ? data[pos + 1] : 0;
        char *frame;

        pos += 2;
        if (pos > size)
            break;
        if (len > size - pos)
            len = size - pos;
        frame = fuzz_copy(data + pos, len);
        c.frames++;
        if (linktype == LINK_HEP)
            capture_hep(cap, c.frames, 0, 0, (const unsigned char *)frame, len);
        else
            capture_frame(cap, linktype, c.frames, 0, 0, 0, (const unsigned char *)frame, len,
                          len + extra);
        free(frame);
        FUZZ_CHECK(capture_memory(cap) <= 65536, data, size, "decoder holds %zu bytes",
                   capture_memory(cap));
        pos += len;
    }
    capture_finish(cap);
    capture_free(cap);
    return c.sum == 0xFFFFFFFFu; /* keeps the sum alive; never true in practice */
}

#ifndef SIPSTATUS_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_capture_one(data, size);
    return 0;
}
#endif
