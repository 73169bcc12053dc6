/* SPDX-License-Identifier: MIT */
/* fuzz_file.c - libFuzzer harness: the capture file readers (src/input.c,
 * src/file.c: gzip, pcap, pcapng in both byte orders, HEP files) on
 * arbitrary files, and what they read through the decoder.
 *
 * Input: the file's bytes, as they would be on disk (a corpus of real and
 * crafted captures is the best seed).  The reader gets them through a
 * memfd, so it reads them as it reads any file.  Asserted: every record it
 * hands out lies inside what it read and is no larger than it says; the
 * decoder's state stays in its budget. */
#define _GNU_SOURCE /* memfd_create */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "capture.h"
#include "fuzz.h"

#define BUDGET 65536

struct ctx {
    const uint8_t *in;
    size_t n;
    unsigned sum;
};

static void on_response(void *vctx, const struct cap_info *w, const char *msg, size_t len,
                        const struct cap_message *m)
{
    struct ctx *c = vctx;
    size_t i;
    (void)w;
    (void)m;
    for (i = 0; i < len; i++) /* every byte handed out is readable */
        c->sum += (unsigned char)msg[i];
}

int fuzz_file_one(const uint8_t *data, size_t size)
{
    static const unsigned ports[] = {5060, 5061};
    struct capture_config cfg = {ports, 2, 9060, BUDGET};
    struct capture_callbacks cb = {on_response, NULL, NULL};
    struct ctx c = {data, size, 0};
    const unsigned char *magic;
    struct cap_input *in;
    struct cap_file *f;
    struct capture *cap;
    struct cap_record r;
    size_t frame = 0;
    long n;
    int fd = memfd_create("fuzz_file", 0);

    if (fd < 0)
        return 0;
    if (size > 0 && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    lseek(fd, 0, SEEK_SET);
    in = input_open(fd);
    cap = capture_new(&cfg, &cb, &c);
    if (in == NULL || cap == NULL)
        goto out;
    n = input_peek(in, 4, &magic);
    if (n <= 0 || input_format(magic, (size_t)n) == FORMAT_TEXT)
        goto out;
    f = file_open(in, input_format(magic, (size_t)n));
    if (f == NULL)
        goto out;
    while (file_next(f, &r) == 1) {
        size_t i;
        FUZZ_CHECK(r.caplen <= r.wirelen || r.linktype < 0, data, size,
                   "a record of %zu captured bytes but %zu on the wire", r.caplen, r.wirelen);
        for (i = 0; i < r.caplen; i++) /* every byte of the record is readable */
            c.sum += r.data[i];
        frame++;
        if (r.linktype == LINK_HEP)
            capture_hep(cap, frame, r.sec, r.nsec, r.data, r.caplen);
        else if (r.linktype >= 0)
            capture_frame(cap, r.linktype, frame, r.sec, r.nsec, r.nano, r.data, r.caplen,
                          r.wirelen);
        FUZZ_CHECK(capture_memory(cap) <= BUDGET, data, size, "decoder holds %zu bytes",
                   capture_memory(cap));
    }
    FUZZ_CHECK(file_error(f) != NULL, data, size, "no error text");
    capture_finish(cap);
    file_close(f);
out:
    capture_free(cap);
    input_close(in);
    close(fd);
    return c.sum == 0xFFFFFFFFu; /* keeps the sum alive; never true in practice */
}

#ifndef SIPSTATUS_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_file_one(data, size);
    return 0;
}
#endif
