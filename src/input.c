/* SPDX-License-Identifier: MIT */
/* input.c - the bytes of a file or pipe, gunzipped when they begin with
 * gzip's magic (RFC 1952; several members one after another too); each
 * read(2) takes what is there, so a frame is handed on as soon as its last
 * byte has come (feeds: file.c, and the CLI's line reader). */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "capture.h"

#define INPUT_BUF ((size_t)1 << 20) /* what a peek can ask for, at most */
#define ZBUF ((size_t)64 << 10)

struct cap_input {
    int fd;
    unsigned char *buf;      /* [head, len) not yet taken */
    size_t head, len;
    int eof, failed, started;
    const char *error;
    int gzip;
    z_stream z;
    unsigned char *zbuf;
    int zdone;               /* a member ended: a new one may follow */
    unsigned long long offset, position;
    void (*idle)(void *ctx);   /* input_on_idle, or NULL */
    void *idle_ctx;
    int idle_ms;
};

struct cap_input *input_open(int fd)
{
    struct cap_input *in = calloc(1, sizeof *in);

    if (in == NULL || (in->buf = malloc(INPUT_BUF)) == NULL) {
        free(in);
        return NULL;
    }
    in->fd = fd;
    return in;
}

/* One read(2) into dst[0..n): the count, 0 at the end, -1 on an error. */
static long raw_read(struct cap_input *in, unsigned char *dst, size_t n)
{
    for (;;) {
        ssize_t got;
        if (in->idle != NULL) {
            struct pollfd pfd = {in->fd, POLLIN, 0};
            int ready = poll(&pfd, 1, in->idle_ms);
            if (ready == 0) {
                in->idle(in->idle_ctx);
                continue;
            }
            if (ready < 0 && errno == EINTR)
                continue; /* any other error shows in read */
        }
        got = read(in->fd, dst, n);
        if (got >= 0) {
            in->offset += (unsigned long long)got;
            return (long)got;
        }
        if (errno != EINTR) {
            in->error = strerror(errno);
            return -1;
        }
    }
}

static int start_gzip(struct cap_input *in)
{
    if ((in->zbuf = malloc(INPUT_BUF)) == NULL) {
        in->error = "out of memory";
        return -1;
    }
    /* 16 + MAX_WBITS: a gzip header and trailer */
    if (inflateInit2(&in->z, 16 + MAX_WBITS) != Z_OK) {
        in->error = "zlib could not start";
        free(in->zbuf);
        in->zbuf = NULL;
        return -1;
    }
    in->gzip = 1;
    return 0;
}

/* More bytes into buf[len..): 1, 0 at the end, -1 on an error. */
static int fill(struct cap_input *in)
{
    if (!in->gzip) {
        long got = raw_read(in, in->buf + in->len, INPUT_BUF - in->len);
        if (got <= 0)
            return (int)got;
        if (!in->started && in->len + (size_t)got >= 2) {
            in->started = 1;
            if (in->head == 0 && in->buf[0] == 0x1F && in->buf[1] == 0x8B) {
                /* what was read is gzip: it becomes zlib's input */
                size_t n = in->len + (size_t)got;
                if (start_gzip(in) < 0)
                    return -1;
                memcpy(in->zbuf, in->buf, n);
                in->z.next_in = in->zbuf;
                in->z.avail_in = (uInt)n;
                in->len = 0;
                return fill(in);
            }
        }
        in->len += (size_t)got;
        return 1;
    }
    for (;;) {
        int rc;
        if (in->z.avail_in == 0) {
            long got = raw_read(in, in->zbuf, ZBUF);
            if (got < 0)
                return -1;
            if (got == 0) {
                if (!in->zdone && in->z.total_in > 0) {
                    in->error = "the gzip stream is cut short";
                    return -1;
                }
                return 0;
            }
            in->z.next_in = in->zbuf;
            in->z.avail_in = (uInt)got;
        }
        if (in->zdone && in->z.next_in[0] != 0x1F)
            return 0; /* not another member: trailing bytes, as gzip -d ignores them */
        if (in->zdone) { /* another member */
            if (inflateReset(&in->z) != Z_OK) {
                in->error = "zlib could not go on";
                return -1;
            }
            in->zdone = 0;
        }
        in->z.next_out = in->buf + in->len;
        in->z.avail_out = (uInt)(INPUT_BUF - in->len);
        rc = inflate(&in->z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
            in->error = in->z.msg ? in->z.msg : "the gzip data is damaged";
            return -1;
        }
        if (rc == Z_STREAM_END)
            in->zdone = 1;
        if ((size_t)(in->z.next_out - (in->buf + in->len)) > 0) {
            in->len = (size_t)(in->z.next_out - in->buf);
            return 1;
        }
    }
}

long input_peek(struct cap_input *in, size_t want, const unsigned char **p)
{
    if (want > INPUT_BUF)
        want = INPUT_BUF;
    while (in->len - in->head < want && !in->eof && !in->failed) {
        int rc;
        if (in->head > 0 && INPUT_BUF - in->len < want - (in->len - in->head)) {
            memmove(in->buf, in->buf + in->head, in->len - in->head);
            in->len -= in->head;
            in->head = 0;
        }
        rc = fill(in);
        if (rc < 0)
            in->failed = 1;
        else if (rc == 0)
            in->eof = 1;
    }
    *p = in->buf + in->head;
    if (in->len == in->head && in->failed)
        return -1;
    return (long)(in->len - in->head);
}

void input_take(struct cap_input *in, size_t n)
{
    in->head += n;
    in->position += n;
    if (in->head == in->len)
        in->head = in->len = 0;
}

int input_gzip(const struct cap_input *in)
{
    return in->gzip;
}

unsigned long long input_offset(const struct cap_input *in)
{
    return in->offset;
}

unsigned long long input_position(const struct cap_input *in)
{
    return in->position;
}

int input_failed(const struct cap_input *in)
{
    return in->failed;
}

const char *input_error(const struct cap_input *in)
{
    return in->error ? in->error : "read error";
}

void input_on_idle(struct cap_input *in, void (*idle)(void *ctx), void *ctx, int every_ms)
{
    in->idle = idle;
    in->idle_ctx = ctx;
    in->idle_ms = every_ms;
}

void input_close(struct cap_input *in)
{
    if (in == NULL)
        return;
    if (in->gzip)
        inflateEnd(&in->z);
    free(in->zbuf);
    free(in->buf);
    free(in);
}

enum cap_format input_format(const unsigned char *m, size_t n)
{
    if (n < 4)
        return FORMAT_TEXT;
    if ((m[0] == 0xA1 && m[1] == 0xB2 && m[2] == 0xC3 && m[3] == 0xD4) ||
        (m[0] == 0xD4 && m[1] == 0xC3 && m[2] == 0xB2 && m[3] == 0xA1) ||
        (m[0] == 0xA1 && m[1] == 0xB2 && m[2] == 0x3C && m[3] == 0x4D) ||
        (m[0] == 0x4D && m[1] == 0x3C && m[2] == 0xB2 && m[3] == 0xA1))
        return FORMAT_PCAP;
    if (m[0] == 0x0A && m[1] == 0x0D && m[2] == 0x0D && m[3] == 0x0A)
        return FORMAT_PCAPNG;
    if (memcmp(m, "HEP3", 4) == 0)
        return FORMAT_HEP;
    return FORMAT_TEXT;
}
