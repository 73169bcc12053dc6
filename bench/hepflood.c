/* SPDX-License-Identifier: MIT */
/* hepflood.c - the sender of bench/listen.sh: HEP v3 packets, each
 * carrying one valid SIP response, to sipstatus listen on loopback.
 *
 *   hepflood udp PORT COUNT RATE      RATE packets/s (0: as fast as it can)
 *   hepflood tcp PORT COUNT CONNS     COUNT packets spread over CONNS connections
 *
 * Prints "sent N in S s (R/s)". */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static size_t chunk(unsigned char *p, unsigned type, const void *v, size_t n)
{
    p[0] = 0;
    p[1] = 0;
    p[2] = (unsigned char)(type >> 8);
    p[3] = (unsigned char)type;
    p[4] = (unsigned char)((n + 6) >> 8);
    p[5] = (unsigned char)(n + 6);
    memcpy(p + 6, v, n);
    return n + 6;
}

static size_t packet(unsigned char *p)
{
    static const char sip[] = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1\r\n"
                              "Call-ID: bench@192.0.2.1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
    unsigned char fam = 2, proto = 17, kind = 1, a[4] = {192, 0, 2, 1}, b[4] = {192, 0, 2, 2};
    unsigned char sp[2] = {0x13, 0xc4}, t[4] = {0x60, 0, 0, 0};
    size_t n = 6;

    memcpy(p, "HEP3", 4);
    n += chunk(p + n, 1, &fam, 1);
    n += chunk(p + n, 2, &proto, 1);
    n += chunk(p + n, 3, a, 4);
    n += chunk(p + n, 4, b, 4);
    n += chunk(p + n, 7, sp, 2);
    n += chunk(p + n, 8, sp, 2);
    n += chunk(p + n, 9, t, 4);
    n += chunk(p + n, 10, t, 4);
    n += chunk(p + n, 11, &kind, 1);
    n += chunk(p + n, 15, sip, sizeof sip - 1);
    p[4] = (unsigned char)(n >> 8);
    p[5] = (unsigned char)n;
    return n;
}

int main(int argc, char **argv)
{
    struct sockaddr_in to;
    unsigned char pk[512];
    size_t len = packet(pk);
    unsigned long long count, sent = 0, arg;
    double t0, t1;

    if (argc != 5) {
        fprintf(stderr, "usage: hepflood udp|tcp PORT COUNT RATE|CONNS\n");
        return 2;
    }
    count = strtoull(argv[3], NULL, 10);
    arg = strtoull(argv[4], NULL, 10);
    memset(&to, 0, sizeof to);
    to.sin_family = AF_INET;
    to.sin_port = htons((unsigned short)atoi(argv[2]));
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    t0 = now();
    if (strcmp(argv[1], "udp") == 0) {
        struct mmsghdr m[64];
        struct iovec iov = {pk, len};
        int fd = socket(AF_INET, SOCK_DGRAM, 0), k;
        if (fd < 0 || connect(fd, (struct sockaddr *)&to, sizeof to) < 0) {
            perror("hepflood");
            return 1;
        }
        memset(m, 0, sizeof m);
        for (k = 0; k < 64; k++) {
            m[k].msg_hdr.msg_iov = &iov;
            m[k].msg_hdr.msg_iovlen = 1;
        }
        while (sent < count) {
            unsigned batch = count - sent < 64 ? (unsigned)(count - sent) : 64;
            int got;
            if (arg > 0) { /* paced: never ahead of RATE */
                double due = t0 + (double)sent / (double)arg;
                while (now() < due)
                    ;
                if (batch > arg / 1000 + 1)
                    batch = (unsigned)(arg / 1000 + 1);
            }
            got = sendmmsg(fd, m, batch, 0);
            if (got > 0)
                sent += (unsigned long long)got;
        }
        close(fd);
    } else {
        unsigned long long conns = arg, c;
        int *fds = calloc(conns, sizeof *fds);
        unsigned char buf[512 * 16];
        for (c = 0; c < 16; c++)
            memcpy(buf + c * len, pk, len);
        for (c = 0; c < conns; c++) {
            fds[c] = socket(AF_INET, SOCK_STREAM, 0);
            if (fds[c] < 0 || connect(fds[c], (struct sockaddr *)&to, sizeof to) < 0) {
                perror("hepflood: connect");
                return 1;
            }
        }
        t0 = now();
        while (sent < count) {
            for (c = 0; c < conns && sent < count; c++) {
                size_t k = count - sent < 16 ? (size_t)(count - sent) : 16;
                ssize_t w = write(fds[c], buf, k * len);
                if (w != (ssize_t)(k * len)) {
                    perror("hepflood: write");
                    return 1;
                }
                sent += k;
            }
        }
        for (c = 0; c < conns; c++)
            close(fds[c]);
        free(fds);
    }
    t1 = now();
    printf("sent %llu in %.2f s (%.0f/s)\n", sent, t1 - t0, (double)sent / (t1 - t0));
    return 0;
}
