/* SPDX-License-Identifier: MIT */
/* file.c - capture files into frames: pcap (either byte order, micro- or
 * nanoseconds), pcapng (either byte order, every section and interface
 * with its own link type, clock resolution and offset, as mergecap writes
 * them), and files of HEP packets (feeds: the caller, which gives each
 * frame to capture_frame or capture_hep).  Every length is checked
 * against what is there before it is used; a block or record larger than
 * MAX_RECORD is damage, not a reason to allocate. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "decode.h"

#define MAX_RECORD (((size_t)1 << 20) - 64) /* a block, record or packet */
#define MAX_IFACES 256

struct iface {
    int linktype;
    int pow2;              /* resolution 2^-res, else 10^-res */
    unsigned res;
    int64_t offset;        /* if_tsoffset, seconds */
};

struct cap_file {
    struct cap_input *in;
    enum cap_format format;
    int swapped;           /* the file's byte order is not big-endian */
    int nano;              /* pcap: nanosecond time stamps */
    int linktype;          /* pcap */
    size_t taken;          /* bytes of the last record to take before the next */
    int started;           /* pcap: the file header was read */
    size_t frames;
    struct iface ifaces[MAX_IFACES];
    size_t nifaces;
    char error[160];
};

struct cap_file *file_open(struct cap_input *in, enum cap_format format)
{
    struct cap_file *f = calloc(1, sizeof *f);

    if (f == NULL)
        return NULL;
    f->in = in;
    f->format = format;
    return f;
}

const char *file_error(const struct cap_file *f)
{
    return f->error;
}

void file_close(struct cap_file *f)
{
    free(f);
}

static uint32_t u32(const struct cap_file *f, const unsigned char *p)
{
    return f->swapped ? (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0]
                      : rd32(p);
}

static unsigned u16(const struct cap_file *f, const unsigned char *p)
{
    return f->swapped ? (unsigned)p[1] << 8 | p[0] : rd16(p);
}

static int damaged(struct cap_file *f, const char *what)
{
    snprintf(f->error, sizeof f->error, "damaged after frame #%zu: %s", f->frames, what);
    return -1;
}

/* Exactly n bytes at the reader's position: 1, 0 at a clean end (nothing
 * left), -1 (error set) when the file ends inside them or a read fails. */
static int need(struct cap_file *f, size_t n, const unsigned char **p, const char *what)
{
    long got = input_peek(f->in, n, p);

    if (got < 0)
        return damaged(f, input_error(f->in));
    if ((size_t)got >= n)
        return 1;
    if (input_failed(f->in))
        return damaged(f, input_error(f->in));
    if (got == 0)
        return 0;
    snprintf(f->error, sizeof f->error, "damaged after frame #%zu: the file ends inside %s",
             f->frames, what);
    return -1;
}

/* ---- pcap ---- */

static int pcap_header(struct cap_file *f)
{
    const unsigned char *p;
    int rc = need(f, 24, &p, "the file header");

    if (rc <= 0)
        return rc < 0 ? -1 : damaged(f, "no file header");
    f->swapped = p[0] == 0xD4 || p[0] == 0x4D;
    f->nano = (p[0] == 0xA1 && p[2] == 0x3C) || (p[0] == 0x4D && p[1] == 0x3C);
    f->linktype = (int)(u32(f, p + 20) & 0x03FFFFFF);
    input_take(f->in, 24);
    return 1;
}

static int pcap_next(struct cap_file *f, struct cap_record *r)
{
    const unsigned char *p;
    size_t caplen;
    long got;
    int rc;

    if (!f->started) {
        if ((rc = pcap_header(f)) < 0)
            return -1;
        f->started = 1;
    }
    if ((rc = need(f, 16, &p, "a record header")) <= 0)
        return rc;
    caplen = u32(f, p + 8);
    if (caplen > MAX_RECORD) {
        char text[96];
        snprintf(text, sizeof text, "a record of %zu bytes, more than any capture holds", caplen);
        return damaged(f, text);
    }
    got = input_peek(f->in, 16 + caplen, &p);
    if (got < 0)
        return damaged(f, input_error(f->in));
    if ((size_t)got < 16 + caplen && input_failed(f->in))
        return damaged(f, input_error(f->in));
    if ((size_t)got < 16 + caplen) {
        char text[96];
        snprintf(text, sizeof text, "the file ends inside a record of %zu captured bytes, "
                 "%ld there", caplen, got - 16);
        return damaged(f, text);
    }
    r->linktype = f->linktype;
    r->sec = (int64_t)u32(f, p);
    r->nsec = f->nano ? u32(f, p + 4) : u32(f, p + 4) * 1000u;
    if (r->nsec >= 1000000000u)
        r->nsec %= 1000000000u;
    r->nano = f->nano;
    r->wirelen = u32(f, p + 12);
    r->caplen = caplen;
    r->data = p + 16;
    if (r->wirelen < caplen)
        r->wirelen = caplen;
    f->taken = 16 + caplen;
    return 1;
}

/* ---- pcapng ---- */

static int ng_section(struct cap_file *f, size_t len)
{
    if (len < 28)
        return damaged(f, "a section header block that is too short");
    f->nifaces = 0; /* each section numbers its interfaces anew */
    return 1;
}

/* The options of an interface description block: its clock. */
static void ng_options(struct cap_file *f, struct iface *i, const unsigned char *p, size_t n)
{
    size_t pos = 0;

    while (n - pos >= 4) {
        unsigned code = u16(f, p + pos), olen = u16(f, p + pos + 2);
        const unsigned char *v = p + pos + 4;
        if (code == 0 || olen > n - pos - 4)
            return;
        if (code == 9 && olen == 1) { /* if_tsresol */
            i->pow2 = (v[0] & 0x80) != 0;
            i->res = v[0] & 0x7F;
        } else if (code == 14 && olen == 8) { /* if_tsoffset */
            uint64_t hi = u32(f, f->swapped ? v + 4 : v), lo = u32(f, f->swapped ? v : v + 4);
            i->offset = (int64_t)(hi << 32 | lo);
        }
        pos += 4 + (((size_t)olen + 3) & ~(size_t)3);
    }
}

static int ng_interface(struct cap_file *f, const unsigned char *body, size_t n)
{
    struct iface *i;

    if (n < 8)
        return damaged(f, "an interface description block that is too short");
    if (f->nifaces == MAX_IFACES)
        return damaged(f, "more than 256 interfaces in one section");
    i = &f->ifaces[f->nifaces++];
    memset(i, 0, sizeof *i);
    i->linktype = (int)u16(f, body);
    i->res = 6;
    ng_options(f, i, body + 8, n - 8);
    return 1;
}

/* A time stamp in the interface's units into seconds and nanoseconds. */
static void ng_time(const struct iface *i, uint64_t ts, struct cap_record *r)
{
    uint64_t sec, frac;

    if (i->pow2) {
        unsigned res = i->res > 63 ? 63 : i->res;
        sec = ts >> res;
        frac = ts & (((uint64_t)1 << res) - 1);
        r->nsec = (uint32_t)((double)frac / (double)((uint64_t)1 << res) * 1e9);
        r->nano = res > 20;
    } else {
        uint64_t unit = 1;
        unsigned k;
        unsigned res = i->res > 19 ? 19 : i->res;
        for (k = 0; k < res; k++)
            unit *= 10;
        sec = ts / unit;
        frac = ts % unit;
        if (res <= 9) {
            for (k = res; k < 9; k++)
                frac *= 10;
        } else {
            for (k = 9; k < res; k++)
                frac /= 10;
        }
        r->nsec = (uint32_t)frac;
        r->nano = res > 6;
    }
    r->sec = (int64_t)(sec + (uint64_t)i->offset); /* wraps, never overflows */
}

static int ng_packet(struct cap_file *f, uint32_t type, const unsigned char *b, size_t n,
                     struct cap_record *r)
{
    size_t iface, caplen, wirelen, hdr;
    uint64_t ts;

    if (type == 3) { /* simple packet block: interface 0, no time */
        if (n < 4 || f->nifaces == 0)
            return damaged(f, "a simple packet block without an interface");
        wirelen = u32(f, b);
        caplen = wirelen < n - 4 ? wirelen : n - 4;
        r->linktype = f->ifaces[0].linktype;
        r->sec = 0;
        r->nsec = 0;
        r->nano = 0;
        r->data = b + 4;
        r->caplen = caplen;
        r->wirelen = wirelen;
        return 1;
    }
    /* an enhanced packet block, or the obsolete packet block, whose
     * interface is 2 bytes (then 2 of drop count) instead of 4 */
    if (n < 20)
        return damaged(f, "a packet block that is too short");
    iface = type == 6 ? u32(f, b) : u16(f, b);
    ts = (uint64_t)u32(f, b + 4) << 32 | u32(f, b + 8);
    caplen = u32(f, b + 12);
    wirelen = u32(f, b + 16);
    hdr = 20;
    if (iface >= f->nifaces) {
        char text[96];
        snprintf(text, sizeof text, "a packet of interface %zu, which was never described",
                 iface);
        return damaged(f, text);
    }
    if (caplen > n - hdr)
        return damaged(f, "a packet longer than its block");
    r->linktype = f->ifaces[iface].linktype;
    ng_time(&f->ifaces[iface], ts, r);
    r->data = b + hdr;
    r->caplen = caplen;
    r->wirelen = wirelen < caplen ? caplen : wirelen;
    return 1;
}

static int pcapng_next(struct cap_file *f, struct cap_record *r)
{
    for (;;) {
        const unsigned char *p;
        uint32_t type;
        size_t len;
        int rc;

        if ((rc = need(f, 12, &p, "a block header")) <= 0)
            return rc;
        type = rd32(p); /* the SHB's type reads the same in both orders */
        if (type == 0x0A0D0D0A) {
            if ((rc = need(f, 12, &p, "a section header")) <= 0)
                return rc < 0 ? -1 : damaged(f, "a cut section header");
            if (rd32(p + 8) == 0x1A2B3C4D)
                f->swapped = 0;
            else if (rd32(p + 8) == 0x4D3C2B1A)
                f->swapped = 1;
            else
                return damaged(f, "a section header whose byte-order magic is unknown");
        }
        type = u32(f, p);
        len = u32(f, p + 4);
        if (len < 12 || len % 4 != 0 || len > MAX_RECORD) {
            char text[96];
            snprintf(text, sizeof text, "a block of %zu bytes (type 0x%08lx)", len,
                     (unsigned long)type);
            return damaged(f, text);
        }
        if ((rc = need(f, len, &p, "a block")) <= 0)
            return rc < 0 ? -1 : damaged(f, "the file ends inside a block");
        if (u32(f, p + len - 4) != len)
            return damaged(f, "a block whose two lengths differ");
        f->taken = len;
        switch (type) {
        case 0x0A0D0D0A:
            rc = ng_section(f, len);
            break;
        case 1:
            rc = ng_interface(f, p + 8, len - 12);
            break;
        case 2: case 3: case 6:
            rc = ng_packet(f, type, p + 8, len - 12, r);
            if (rc == 1)
                return 1;
            break;
        default: /* statistics, name resolution, custom blocks... */
            rc = 1;
            break;
        }
        if (rc < 0)
            return -1;
        input_take(f->in, f->taken);
        f->taken = 0;
    }
}

/* ---- files of HEP packets ---- */

static int hep_next(struct cap_file *f, struct cap_record *r)
{
    const unsigned char *p;
    long got = input_peek(f->in, 6, &p);
    size_t len = 0;
    enum hep_frame what;

    if (got < 0)
        return damaged(f, input_error(f->in));
    if (got == 0)
        return 0;
    what = hep_frame(p, (size_t)got, &len);
    if (what == HEP_MORE && got >= 6) {
        got = input_peek(f->in, (size_t)rd16(p + 4), &p);
        if (got < 0)
            return damaged(f, input_error(f->in));
        what = hep_frame(p, (size_t)got, &len);
    }
    if (what == HEP_MORE && input_failed(f->in))
        return damaged(f, input_error(f->in));
    if (what == HEP_MORE) {
        snprintf(f->error, sizeof f->error,
                 "damaged after packet #%zu: the file ends inside a HEP packet at byte %llu",
                 f->frames, input_position(f->in));
        return -1;
    }
    memset(r, 0, sizeof *r);
    r->linktype = what == HEP_PACKET ? LINK_HEP : LINK_JUNK;
    r->data = p;
    r->caplen = r->wirelen = len;
    r->offset = input_position(f->in);
    f->taken = len;
    return 1;
}

int file_next(struct cap_file *f, struct cap_record *r)
{
    int rc;

    if (f->taken) {
        input_take(f->in, f->taken);
        f->taken = 0;
    }
    switch (f->format) {
    case FORMAT_PCAP: rc = pcap_next(f, r); break;
    case FORMAT_PCAPNG: rc = pcapng_next(f, r); break;
    case FORMAT_HEP: rc = hep_next(f, r); break;
    default: rc = 0; break;
    }
    if (rc == 1 && r->linktype != LINK_JUNK)
        f->frames++;
    return rc;
}
