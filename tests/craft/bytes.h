/* SPDX-License-Identifier: MIT */
/* bytes.h - packets built byte by byte, big-endian, for the capture
 * writers craft.c and hostile.c; each includes it once. */
#ifndef SIPSTATUS_TESTS_BYTES_H
#define SIPSTATUS_TESTS_BYTES_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXPKT 70000

struct pkt {
    unsigned char b[MAXPKT];
    size_t n;
};

static void put(struct pkt *p, const void *d, size_t n)
{
    if (n == 0)
        return; /* d may be NULL */
    if (p->n + n > sizeof p->b) {
        fputs("packet too big\n", stderr);
        exit(1);
    }
    memcpy(p->b + p->n, d, n);
    p->n += n;
}

static void put8(struct pkt *p, unsigned v)
{
    unsigned char b = (unsigned char)v;
    put(p, &b, 1);
}

static void put16(struct pkt *p, unsigned v)
{
    put8(p, v >> 8);
    put8(p, v);
}

static void put32(struct pkt *p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p, v & 0xFFFF);
}

/* A TCP header without options, window 65535, then d[0..n). */
static void tcp_bytes(struct pkt *p, unsigned sport, unsigned dport, uint32_t seq,
                      unsigned flags, const void *d, size_t n)
{
    put16(p, sport);
    put16(p, dport);
    put32(p, seq);
    put32(p, 0);
    put8(p, 5 << 4);
    put8(p, flags);
    put16(p, 65535);
    put32(p, 0);
    put(p, d, n);
}

#endif
