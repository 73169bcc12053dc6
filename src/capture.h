/* capture.h - captured packets down to SIP responses, for `sipstatus check`.
 *
 * The decoder knows link layers, IPv4/IPv6 (with fragments and extension
 * headers), UDP, TCP (reassembled and framed by Content-Length) and HEP v3.
 * It does no I/O: the caller feeds it frames (capture_frame) or HEP packets
 * (capture_hep) and gets each SIP response, each skipped item and each
 * problem through callbacks.  Memory stays bounded whatever the input. */
#ifndef SIPSTATUS_CAPTURE_H
#define SIPSTATUS_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

/* Why a packet, message or stream was not checked (summary counters). */
#define CAP_SKIPS(X)                                                         \
    X(SKIP_NOT_IP, "not-ip", "not IPv4 or IPv6")                              \
    X(SKIP_NOT_UDP_TCP, "not-udp-tcp", "neither UDP nor TCP")                 \
    X(SKIP_NOT_SIP, "not-sip", "not on a SIP port and not like SIP")          \
    X(SKIP_NO_PAYLOAD, "no-payload", "TCP segment without data")              \
    X(SKIP_REQUEST, "request", "a SIP request")                               \
    X(SKIP_KEEPALIVE, "keep-alive", "a CRLF keep-alive (RFC 5626)")           \
    X(SKIP_STUN, "stun", "a STUN keep-alive on a SIP port (RFC 5626)")        \
    X(SKIP_TLS, "tls", "TLS or DTLS, which cannot be read")                   \
    X(SKIP_RETRANSMIT, "retransmission", "TCP data already seen")             \
    X(SKIP_TRUNCATED, "truncated", "cut short by the snapshot length")        \
    X(SKIP_MALFORMED, "malformed", "a broken link, IP, UDP or TCP header")    \
    X(SKIP_LINKTYPE, "link-type", "an unsupported link type")                 \
    X(SKIP_FRAGMENT, "fragment", "a fragment of a datagram never completed")  \
    X(SKIP_UNFRAMED, "unframed", "TCP bytes that could not be framed")        \
    X(SKIP_HEP, "hep", "a HEP packet that is broken or not SIP")

enum cap_skip {
#define CAP_SKIP_ENUM(e, name, text) e,
    CAP_SKIPS(CAP_SKIP_ENUM)
#undef CAP_SKIP_ENUM
    SKIP_COUNT
};

const char *cap_skip_name(enum cap_skip s);
const char *cap_skip_text(enum cap_skip s);

/* Where a message was seen. */
struct cap_info {
    size_t frame;         /* 1-based frame (or HEP packet) number where the
                             status line begins */
    int64_t sec;          /* capture time, seconds since the epoch */
    uint32_t nsec;        /*   and nanoseconds */
    const char *transport; /* "udp", "tcp", "hep/udp", "hep/tcp" */
    int af;               /* 4 or 6; 0 when unknown (HEP without addresses) */
    unsigned char src[16], dst[16]; /* 4 or 16 bytes used */
    unsigned sport, dport;
    size_t offset;        /* where the message begins in that frame's UDP or
                             TCP payload (HEP: in the HEP payload) */
    int partial;          /* the status line is all that is known: first
                             IPv4/IPv6 fragment only, or a TCP stream that
                             ended inside the message */
    int truncated;        /* the frame was cut by the snapshot length */
    size_t wire_len;      /* (internal) the transport segment's length on the
                             wire, from the IP header; 0 when unknown */
};

struct capture_callbacks {
    /* A SIP response: msg[0..len) begins with its status line (leading
     * CRLFs already skipped) and holds at least the whole line when the
     * line ended in the data. */
    void (*response)(void *ctx, const struct cap_info *where, const char *msg,
                     size_t len);
    /* One thing not checked, and why. */
    void (*skip)(void *ctx, enum cap_skip why);
    /* Something the user should know about the capture itself (a stream
     * that could not be framed, a gap, a broken HEP packet): where and a
     * sentence. */
    void (*problem)(void *ctx, const struct cap_info *where, const char *text);
};

struct capture_config {
    const unsigned *sip_ports; /* UDP/TCP ports carrying SIP */
    size_t nsip_ports;
    unsigned hep_port;         /* UDP/TCP port carrying HEP (0: none) */
};

struct capture;

/* A decoder for frames of one link type (a DLT_* value), or for HEP
 * packets only (linktype -1).  cfg and cb are copied.  NULL when out of
 * memory. */
struct capture *capture_new(int linktype, const struct capture_config *cfg,
                            const struct capture_callbacks *cb, void *ctx);

/* Whether the decoder knows the link type given to capture_new. */
int capture_linktype_known(int linktype);

/* Feed one frame: data[0..caplen) of a frame wirelen bytes long on the
 * wire, numbered `frame` (1-based), captured at sec.nsec. */
void capture_frame(struct capture *c, size_t frame, int64_t sec, uint32_t nsec,
                   const unsigned char *data, size_t caplen, size_t wirelen);

/* Feed one HEP packet data[0..len), numbered `frame`, received at sec.nsec
 * (used when the packet carries no time of its own). */
void capture_hep(struct capture *c, size_t frame, int64_t sec, uint32_t nsec,
                 const unsigned char *data, size_t len);

/* The end of the capture: report what is still pending (incomplete
 * fragments, TCP data that never completed a message). */
void capture_finish(struct capture *c);

void capture_free(struct capture *c);

#endif
