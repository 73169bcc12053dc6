/* SPDX-License-Identifier: MIT */
/* cli_hepin.h - HEP as a collector receives it (sipstatus listen): from
 * datagrams and from TCP streams, each sender checked against --allow,
 * each packet against --hep-password, counted by version, transport and,
 * when dropped, by reason, and handed on to the decoder (capture_hep).
 * No sockets and no I/O here: cli_listen.c reads, this decides, and
 * fuzz/fuzz_listen.c drives the same entry points. */
#ifndef SIPSTATUS_CLI_HEPIN_H
#define SIPSTATUS_CLI_HEPIN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "capture.h"

/* Why a packet, bytes or a connection were dropped before the decoder. */
#define HEPIN_DROPS(X)                                                           \
    X(DROP_DENIED, "denied", "a sender outside every --allow")                   \
    X(DROP_AUTH, "auth", "no or the wrong HEP v3 authentication key (--hep-password)") \
    X(DROP_NOT_HEP, "not-hep", "bytes that begin no HEP packet")                 \
    X(DROP_TRUNCATED, "truncated", "a packet shorter than its length field says") \
    X(DROP_MALFORMED, "malformed", "a broken HEP header or chunk")               \
    X(DROP_OVERSIZED, "oversized", "a datagram longer than 65535 bytes")         \
    X(DROP_CUT, "cut", "a TCP connection that ended inside a packet")            \
    X(DROP_CONNECTIONS, "connections", "a TCP connection past --max-connections") \
    X(DROP_BUDGET, "budget", "a TCP connection whose bytes did not fit the budget") \
    X(DROP_IDLE, "idle", "a TCP connection silent for too long")                 \
    X(DROP_KERNEL, "kernel", "datagrams the kernel dropped: receive buffer full")

enum hepin_drop {
#define HEPIN_DROP_ENUM(e, name, text) e,
    HEPIN_DROPS(HEPIN_DROP_ENUM)
#undef HEPIN_DROP_ENUM
    DROP_COUNT
};

const char *hepin_drop_name(enum hepin_drop d);
const char *hepin_drop_text(enum hepin_drop d);

/* An --allow: addresses whose first `bits` bits are those of addr. */
struct hepin_cidr {
    int af;                  /* AF_INET or AF_INET6 */
    unsigned char addr[16];
    unsigned bits;
};

/* "192.0.2.0/24", "2001:db8::/32", or an address alone (all its bits).
 * 0, or -1 when s is not one. */
int hepin_cidr_parse(const char *s, struct hepin_cidr *out);

#define HEPIN_V1 0
#define HEPIN_V2 1
#define HEPIN_V3 2
#define HEPIN_UDP 0
#define HEPIN_TCP 1

struct hepin_counters {
    size_t packets[3][2];    /* handed to the decoder, by version, transport */
    size_t drops[DROP_COUNT];
};

struct hepin {
    struct capture *c;       /* where the packets go (not owned) */
    const char *password;    /* --hep-password, or NULL */
    size_t password_len;
    const struct hepin_cidr *allow; /* --allow, none: every sender */
    size_t nallow;
    size_t tcp_budget;       /* the most all TCP buffers may hold */
    size_t tcp_mem;          /* what they hold now */
    size_t tcp_peak;
    size_t frame;            /* packets handed on so far */
    struct hepin_counters n;
};

/* What one TCP connection has received of a packet not yet complete. */
struct hepin_conn {
    unsigned char *buf;
    size_t len, cap;
    size_t scanned;          /* HEP v2: bytes searched for the end of its
                                SIP header block so far */
};

/* Whether the sender sa may send (1) or not (0; counted as denied when
 * count is set). */
int hepin_allowed(struct hepin *h, const struct sockaddr *sa, int count);

/* One HEP packet d[0..len): a datagram (transport HEPIN_UDP) or one framed
 * from a stream (HEPIN_TCP), received at sec.nsec.  Checked and counted;
 * handed to the decoder, or dropped and counted by reason. */
void hepin_packet(struct hepin *h, int transport, const unsigned char *d, size_t len, int64_t sec,
                  uint32_t nsec);

/* More bytes d[0..n) of a TCP connection: HEP v3 packets one after
 * another (each says its length) or HEP v1/v2 ones (which do not: the SIP
 * message they carry ends as RFC 3261 section 18.3 says, at its
 * Content-Length after the header block).  Every packet they complete is
 * handed on, and what begins a packet is kept in cn (inside the TCP
 * budget).  0, or -1 when the connection must be closed (its bytes did not
 * fit: counted as DROP_BUDGET). */
int hepin_stream(struct hepin *h, struct hepin_conn *cn, const unsigned char *d, size_t n,
                 int64_t sec, uint32_t nsec);

/* The connection has ended: a packet left inside it is counted as cut;
 * its buffer goes back to the budget. */
void hepin_conn_end(struct hepin *h, struct hepin_conn *cn);

#endif
