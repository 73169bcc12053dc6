/* SPDX-License-Identifier: MIT */
/* capture.h - captured packets down to SIP responses: the decoder's pipeline.
 *
 * The stages, top to bottom, one file each; a stage hands its payload on
 * through the dispatch tables of dissect.c and never names the stage
 * above it:
 *
 *   input.c    the bytes of a file or pipe, gunzipped when they begin with
 *              gzip's magic; reads what is there, never waits to fill a buffer
 *   file.c     pcap, pcapng (each interface with its own link type and
 *              clock) and HEP files, from those bytes, into frames
 *   link.c     link layers and tunnels below IP: Ethernet and VLAN tags,
 *              Linux cooked (SLL, SLL2), BSD loopback, raw IP, PPP, PPPoE,
 *              MPLS, NFLOG
 *   ip.c       IPv4 and IPv6 with extension headers; IP-in-IP and GRE
 *   frag.c     IPv4 and IPv6 fragments reassembled into datagrams
 *   udp.c      UDP; the VXLAN and GTP-U tunnels it carries
 *   tcp.c      TCP: each direction reassembled in order
 *   hep.c      HEP v2 and v3 packets, in datagrams, TCP streams and files
 *   sip.c      SIP messages: what a payload is (one classifier), where a
 *              message ends in a stream (one framer), its Call-ID and CSeq
 *   capture.c  the decoder object: the memory budget that every stage's
 *              state is allocated from, least-recently-active eviction,
 *              the counters
 *
 * The status line itself is the caller's to check, with sipstatus_parse
 * and SIPSTATUS_SKIP_CRLF.  The decoder does no I/O, never prints and
 * never exits: every response, skipped item, problem and failure to get
 * memory comes back through the callbacks and the counters.
 *
 * Bounds, whatever the input: the decoder's state (TCP streams and their
 * queued segments, datagrams being reassembled, HEP-over-TCP buffers, the
 * tables that find them) is allocated from one budget (max_memory); when
 * it is full the least recently active stream or datagram is given up and
 * counted as evicted.  Every byte given to the decoder is looked at a
 * bounded number of times. */
#ifndef SIPSTATUS_CAPTURE_H
#define SIPSTATUS_CAPTURE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Why a packet, message or stream was not checked (summary counters).
 * The first four are the classes of a payload (sip.c's classifier); a
 * response is checked, the others are counted here. */
#define CAP_SKIPS(X)                                                          \
    X(SKIP_KEEPALIVE, "keep-alive", "only CR, LF, SP, HTAB and NUL bytes")     \
    X(SKIP_REQUEST, "request", "a SIP request")                                \
    X(SKIP_NOT_SIP, "not-sip", "a payload that is not SIP")                    \
    X(SKIP_STUN, "stun", "a STUN keep-alive on a SIP port (RFC 5626)")         \
    X(SKIP_TLS, "tls", "TLS or DTLS, which cannot be read")                    \
    X(SKIP_NOT_IP, "not-ip", "a frame that carries no IP")                     \
    X(SKIP_NOT_UDP_TCP, "not-udp-tcp", "neither UDP nor TCP")                  \
    X(SKIP_NO_PAYLOAD, "no-payload", "TCP segment without data")               \
    X(SKIP_RETRANSMIT, "retransmission", "TCP data already seen")              \
    X(SKIP_TRUNCATED, "truncated", "cut short by the snapshot length")         \
    X(SKIP_MALFORMED, "malformed", "a broken link, IP, tunnel, UDP or TCP header") \
    X(SKIP_LINKTYPE, "link-type", "an unsupported link type")                  \
    X(SKIP_TOO_DEEP, "too-deep", "tunnels nested deeper than the decoder goes") \
    X(SKIP_FRAGMENT, "fragment", "a fragment of a datagram never completed")   \
    X(SKIP_UNFRAMED, "unframed", "TCP bytes that could not be framed")         \
    X(SKIP_EVICTED, "evicted", "state given up when the memory budget was full") \
    X(SKIP_HEP, "hep", "a HEP packet that is broken or not SIP")

enum cap_skip {
#define CAP_SKIP_ENUM(e, name, text) e,
    CAP_SKIPS(CAP_SKIP_ENUM)
#undef CAP_SKIP_ENUM
    SKIP_COUNT
};

const char *cap_skip_name(enum cap_skip s);
const char *cap_skip_text(enum cap_skip s);

/* The encapsulations a frame went through, counted once per frame. */
#define CAP_ENCAPS(X)                      \
    X(ENCAP_VLAN, "vlan")                  \
    X(ENCAP_MPLS, "mpls")                  \
    X(ENCAP_PPPOE, "pppoe")                \
    X(ENCAP_PPP, "ppp")                    \
    X(ENCAP_GRE, "gre")                    \
    X(ENCAP_IPIP, "ip-in-ip")              \
    X(ENCAP_VXLAN, "vxlan")                \
    X(ENCAP_GTPU, "gtp-u")                 \
    X(ENCAP_NFLOG, "nflog")                \
    X(ENCAP_HEP, "hep")

enum cap_encap {
#define CAP_ENCAP_ENUM(e, name) e,
    CAP_ENCAPS(CAP_ENCAP_ENUM)
#undef CAP_ENCAP_ENUM
    ENCAP_COUNT
};

const char *cap_encap_name(enum cap_encap e);

/* The transport a message came over. */
#define CAP_TRANSPORTS(X)          \
    X(TRANSPORT_NONE, "ip")        \
    X(TRANSPORT_UDP, "udp")        \
    X(TRANSPORT_TCP, "tcp")        \
    X(TRANSPORT_HEP, "hep")        \
    X(TRANSPORT_HEP_UDP, "hep/udp") \
    X(TRANSPORT_HEP_TCP, "hep/tcp")

enum cap_transport {
#define CAP_TRANSPORT_ENUM(e, name) e,
    CAP_TRANSPORTS(CAP_TRANSPORT_ENUM)
#undef CAP_TRANSPORT_ENUM
    TRANSPORT_COUNT
};

const char *cap_transport_name(enum cap_transport t);

/* Problems: things the user should know about the capture itself.  Each
 * is said once per stream (or once per decoder, for those not tied to a
 * stream) and counted every time (struct cap_counters.problems). */
#define CAP_PROBLEMS(X)                                                                  \
    X(PROB_UNFRAMED, "TCP stream cannot be framed: a message without a valid "           \
                     "Content-Length (RFC 3261 section 18.3); looking for the next one")  \
    X(PROB_HEADER_LONG, "TCP stream cannot be framed: no end of the header block "       \
                        "within 64 KiB; looking for the next message")                    \
    X(PROB_GAP, "TCP stream has a gap before this frame")                                \
    X(PROB_CUT_GAP, "TCP message cut short by a gap in the capture")                     \
    X(PROB_CUT_SNAPLEN, "TCP message cut short by the snapshot length")                  \
    X(PROB_CUT_END, "TCP stream ends inside a message")                                  \
    X(PROB_CUT_EVICTED, "TCP stream given up inside a message: the memory budget was full") \
    X(PROB_NEVER_COMPLETE, "IP datagram never completed (fragments missing); only what " \
                           "its first fragment carries is checked")                       \
    X(PROB_LINE_CUT, "the status line goes on past the captured bytes; not checked")     \
    X(PROB_HEP, "broken HEP packet")                                                      \
    X(PROB_NO_MEMORY, "out of memory: state dropped")

enum cap_problem {
#define CAP_PROBLEM_ENUM(e, text) e,
    CAP_PROBLEMS(CAP_PROBLEM_ENUM)
#undef CAP_PROBLEM_ENUM
    PROB_COUNT
};

const char *cap_problem_text(enum cap_problem p);

/* Where a message (or a skipped item, or a problem) was seen. */
struct cap_info {
    size_t frame;         /* 1-based frame (or HEP packet) number where the
                             message begins */
    int64_t sec;          /* capture time, seconds since the epoch */
    uint32_t nsec;        /*   and nanoseconds */
    int nano;             /* the capture's clock has nanoseconds */
    enum cap_transport transport;
    int af;               /* 4 or 6; 0 when unknown (HEP without addresses) */
    unsigned char src[16], dst[16]; /* 4 or 16 bytes used; the innermost */
    unsigned sport, dport;
    size_t offset;        /* where the message begins in that frame's UDP or
                             TCP payload (HEP: in the HEP payload) */
    int partial;          /* the message is all that is known of it: first
                             IPv4/IPv6 fragment only, or a TCP stream that
                             ended or was cut inside it */
    int truncated;        /* the frame was cut by the snapshot length */
    /* (the decoder's own bookkeeping while a frame goes down the stages) */
    size_t wire_len;      /* the transport segment's length on the wire,
                             from the IP header; 0 when unknown */
    unsigned depth;       /* layers gone through */
    unsigned encaps;      /* 1 << enum cap_encap, for each one gone through */
};

/* What is known of a response's message besides its status line.  When
 * `read` is 0 its headers were not needed to classify it and have not
 * been read: cap_message_read reads them, for a caller that wants them. */
struct cap_message {
    int read;
    const char *call_id;  /* Call-ID (or i) value, in msg; NULL if absent */
    size_t call_id_len;
    int have_cseq;        /* a CSeq header with a number was found */
    unsigned long cseq;   /* its number (at most 2^31 - 1 by RFC 3261; more
                             digits are cut at 10) */
    const char *cseq_method; /* its method, in msg; NULL if absent */
    size_t cseq_method_len;
};

/* Reads the Call-ID and CSeq of msg[0..len) (the message a response
 * callback got) into *m. */
void cap_message_read(const char *msg, size_t len, struct cap_message *m);

/* The decoder's counters, for the summary. */
struct cap_counters {
    size_t frames;
    size_t skips[SKIP_COUNT];
    size_t encaps[ENCAP_COUNT];       /* frames through each encapsulation */
    size_t problems[PROB_COUNT];      /* every occurrence, said or not */
    size_t evicted_streams, evicted_datagrams;
    size_t memory_peak;               /* the most the budget held at once */
};

struct capture_callbacks {
    /* A SIP response: msg[0..len) is its message from the first byte of
     * the payload (CRLFs before the status line included) and holds at
     * least the whole status line when the line ended in the data. */
    void (*response)(void *ctx, const struct cap_info *where, const char *msg, size_t len,
                     const struct cap_message *m);
    /* One thing not checked, and why (may be NULL). */
    void (*skip)(void *ctx, const struct cap_info *where, enum cap_skip why);
    /* A problem, the first time it comes on its stream (may be NULL). */
    void (*problem)(void *ctx, const struct cap_info *where, enum cap_problem what,
                    const char *detail);
};

struct capture_config {
    const unsigned *sip_ports; /* UDP/TCP ports carrying SIP */
    size_t nsip_ports;
    unsigned hep_port;         /* UDP/TCP port carrying HEP (0: none) */
    size_t max_memory;         /* the budget for all state; 0: 64 MiB */
};

#define CAP_DEFAULT_MEMORY ((size_t)64 << 20)

struct capture;

/* A decoder.  cfg and cb are copied.  NULL when out of memory. */
struct capture *capture_new(const struct capture_config *cfg, const struct capture_callbacks *cb,
                            void *ctx);

/* Whether the decoder knows a link type (a DLT_* value). */
int capture_linktype_known(int linktype);

/* Feed one frame of link type `linktype`: data[0..caplen) of a frame
 * wirelen bytes long on the wire, numbered `frame` (1-based), captured at
 * sec.nsec (nano: the clock has nanoseconds). */
void capture_frame(struct capture *c, int linktype, size_t frame, int64_t sec, uint32_t nsec,
                   int nano, const unsigned char *data, size_t caplen, size_t wirelen);

/* Feed one HEP packet data[0..len), numbered `frame`, received at sec.nsec
 * (used when the packet carries no time of its own). */
void capture_hep(struct capture *c, size_t frame, int64_t sec, uint32_t nsec,
                 const unsigned char *data, size_t len);

/* The end of the capture: report what is still pending (incomplete
 * fragments, TCP data that never completed a message). */
void capture_finish(struct capture *c);

/* The counters so far. */
const struct cap_counters *capture_counters(const struct capture *c);

/* The memory the decoder's state holds now, and its budget. */
size_t capture_memory(const struct capture *c);

void capture_free(struct capture *c);

/* ---- files: input.c and file.c ---- */

/* What a file is, from its first bytes (after gunzip). */
enum cap_format { FORMAT_TEXT, FORMAT_PCAP, FORMAT_PCAPNG, FORMAT_HEP };

/* A file or pipe being read.  Reads go to read(2) as they come: a frame is
 * handed on as soon as its last byte has arrived. */
struct cap_input;

/* Reading from fd (not closed by the reader).  NULL when out of memory. */
struct cap_input *input_open(int fd);
/* The next bytes, at least `want` of them (fewer only at the end of the
 * input or on an error), at most `max` (bounded by the reader's buffer,
 * which is at least 256 KiB + 64 KiB).  Returns the count available
 * (possibly more than want), with *p pointing at them; they stay valid
 * until input_take is called.  0 at the end, -1 on an error (input_error). */
long input_peek(struct cap_input *in, size_t want, const unsigned char **p);
/* Drop the first n bytes of what input_peek gave. */
void input_take(struct cap_input *in, size_t n);
/* Whether the input was gzip-compressed. */
int input_gzip(const struct cap_input *in);
/* Bytes read from fd so far (compressed bytes when gzip). */
unsigned long long input_offset(const struct cap_input *in);
/* Bytes handed out (input_take) so far: the offset in the uncompressed file. */
unsigned long long input_position(const struct cap_input *in);
/* Whether reading failed (a read error, damaged gzip data): a peek then
 * gives what came before, and -1 once that is taken. */
int input_failed(const struct cap_input *in);
/* What went wrong, after -1 (a static or internal string). */
const char *input_error(const struct cap_input *in);
void input_close(struct cap_input *in);
/* While a read has waited `every_ms` milliseconds for data (a pipe with
 * nothing to say yet), call idle(ctx), and again after each further
 * every_ms: for a status line.  idle NULL: wait quietly (the default). */
void input_on_idle(struct cap_input *in, void (*idle)(void *ctx), void *ctx, int every_ms);

enum cap_format input_format(const unsigned char *magic, size_t n);

/* One frame read from a capture file. */
#define LINK_HEP (-1)     /* not a frame but a HEP packet (a file of them) */
#define LINK_JUNK (-2)    /* bytes of a HEP file that begin no packet */
struct cap_record {
    int linktype;         /* the frame's interface's link type (LINKTYPE_*
                             as files number them), or LINK_HEP */
    int64_t sec;
    uint32_t nsec;
    int nano;             /* the interface's clock has sub-microsecond digits */
    const unsigned char *data;
    size_t caplen, wirelen;
    unsigned long long offset; /* where it begins in the (uncompressed) file */
};

struct cap_file;

/* A reader of pcap, pcapng or a file of HEP packets over in.  NULL when out of memory. */
struct cap_file *file_open(struct cap_input *in, enum cap_format format);
/* The next frame: 1 and *r filled (r->data valid until the next call),
 * 0 at the end of the file, -1 when the file is damaged or unreadable
 * (file_error says how; the frames before it were all given). */
int file_next(struct cap_file *f, struct cap_record *r);
const char *file_error(const struct cap_file *f);
void file_close(struct cap_file *f);

#endif
