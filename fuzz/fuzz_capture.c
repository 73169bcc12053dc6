/* fuzz_capture.c - libFuzzer harness: the capture decoder (src/capture.c)
 * on arbitrary frames, for memory safety and its callbacks' contract.
 *
 * Input: byte 0 picks the link type (or HEP packets alone), byte 1 the
 * parse flags; then frames, each as a length byte, a byte of how many
 * bytes the frame had beyond those captured (a snapshot length), and the
 * bytes.  Each frame is copied to its own heap block so a read past it is
 * caught. */
#include <pcap/dlt.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "fuzz.h"

static const int linktypes[] = {DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_NULL,
                                DLT_LOOP,   DLT_RAW,       DLT_IPV4,       DLT_IPV6, -1};

struct ctx {
    const uint8_t *in;
    size_t n;
    unsigned flags;
    size_t frames;      /* frames fed so far */
    size_t responses;
    unsigned sum;
};

static void on_response(void *vctx, const struct cap_info *w, const char *msg, size_t len)
{
    struct ctx *c = vctx;
    struct sipstatus_line l;
    size_t i;
    int r;

    FUZZ_CHECK(w->frame >= 1 && w->frame <= c->frames, c->in, c->n,
               "response from frame %zu of %zu", w->frame, c->frames);
    FUZZ_CHECK(w->transport != NULL && (w->af == 0 || w->af == 4 || w->af == 6), c->in, c->n,
               "transport or address family %d", w->af);
    FUZZ_CHECK(len > 0 && msg[0] != '\r' && msg[0] != '\n', c->in, c->n,
               "a response of %zu bytes starting with a line end", len);
    for (i = 0; i < len; i++) /* every byte handed out is readable */
        c->sum += (unsigned char)msg[i];
    r = sipstatus_parse(msg, len, c->flags, &l);
    FUZZ_CHECK(r != SIPSTATUS_OK || (l.length <= len && l.code >= 100 && l.code <= 699), c->in,
               c->n, "parse of a response: length %zu of %zu", l.length, len);
    c->responses++;
}

static void on_skip(void *vctx, enum cap_skip why)
{
    struct ctx *c = vctx;
    FUZZ_CHECK((unsigned)why < SKIP_COUNT && cap_skip_name(why)[0] != '?', c->in, c->n,
               "skip reason %d", (int)why);
}

static void on_problem(void *vctx, const struct cap_info *w, const char *text)
{
    struct ctx *c = vctx;
    FUZZ_CHECK(text != NULL && text[0] != '\0' && w->frame <= c->frames, c->in, c->n,
               "problem at frame %zu", w->frame);
    c->sum += (unsigned)strlen(text);
}

int fuzz_capture_one(const uint8_t *data, size_t size)
{
    static const unsigned ports[] = {5060, 5061};
    struct capture_config cfg = {ports, 2, 9060};
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
    cap = capture_new(linktype, &cfg, &cb, &c);
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
        if (linktype < 0)
            capture_hep(cap, c.frames, 0, 0, (const unsigned char *)frame, len);
        else
            capture_frame(cap, c.frames, 0, 0, (const unsigned char *)frame, len, len + extra);
        free(frame);
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
