/* SPDX-License-Identifier: MIT */
/* decode.h - what the decoder's stages share (capture.h lists the stages
 * in pipeline order; this is their inside: the decoder's state, the
 * bounds-checked readers, and each stage's entry point). */
#ifndef SIPSTATUS_DECODE_H
#define SIPSTATUS_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "capture.h"

#define MAX_DEPTH 16              /* layers a frame may go through */
#define MAX_DATAGRAM 65535        /* bytes of a reassembled IP datagram */
#define MAX_HEADER 65536          /* a SIP header block longer than this: unframed */
#define MAX_OOO_SEGMENTS 64       /* segments queued ahead of their turn, per stream */
#define MAX_OOO_BYTES (1u << 20)  /* their bytes, per stream */
#define FRAG_IDLE 10000           /* frames after which a datagram is given up */
#define STREAM_IDLE 200000        /* frames after which a quiet stream ends */
#define HEP_MAX 65535             /* the largest HEP packet */

/* ---- bounds-checked big-endian reads ---- */

static inline unsigned rd16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static inline uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* ---- the decoder's state (capture.c) ---- */

/* An entry of the least-recently-active list: a TCP stream or a datagram
 * being reassembled.  Every entry's bytes are in the budget. */
enum entry_kind { ENTRY_STREAM, ENTRY_FRAG };

struct entry {
    struct entry *older, *newer; /* the activity list */
    size_t slot;                 /* where it is in its table; 0 when in none */
    uint64_t hash;
    enum entry_kind kind;
    size_t last_frame;
};

/* A hash table of entries: open addressing with linear probing, each slot
 * the entry's hash beside its pointer, so that a lookup reads entries only
 * where the hashes match; grown as entries come (its slots are in the
 * budget too), at most half full while the budget allows. */
struct slot {
    uint64_t hash;
    struct entry *e;
};

struct table {
    struct slot *slots;     /* slot 0 is never used: entry.slot 0 is "none" */
    size_t nslots, count;
};

struct stream;
struct frag;

struct capture {
    struct capture_config cfg;
    struct capture_callbacks cb;
    void *ctx;
    struct cap_counters n;
    size_t mem;                  /* bytes of state now */
    struct entry *oldest, *newest;
    struct table streams, frags;
    struct entry *busy;          /* the entry being worked on: never evicted */
    int evicting;
    size_t frame;                /* the frame being decoded */
    unsigned said[PROB_COUNT];   /* problems said outside any stream */
    uint64_t seed;               /* of the tables' hash */
};

/* Memory from the budget: evicts the least recently active entries (not
 * c->busy) until n more bytes fit.  NULL when they cannot (counted,
 * PROB_NO_MEMORY).  mem_realloc keeps p when it fails. */
void *mem_alloc(struct capture *c, size_t n);
void *mem_realloc(struct capture *c, void *p, size_t old, size_t n);
void mem_free(struct capture *c, void *p, size_t n);

/* The activity list and the tables. */
void entry_touch(struct capture *c, struct entry *e, size_t frame);
void entry_unlink(struct capture *c, struct entry *e);
struct entry *table_find(const struct table *t, uint64_t hash,
                         int (*same)(const struct entry *e, const void *key), const void *key);
int table_add(struct capture *c, struct table *t, struct entry *e);
void table_remove(struct table *t, struct entry *e);
uint64_t hash_bytes(uint64_t h, const void *p, size_t n);

void cap_response(struct capture *c, const struct cap_info *in, const unsigned char *msg,
                  size_t len, const struct cap_message *m);
void cap_skip(struct capture *c, const struct cap_info *in, enum cap_skip why);
/* A header did not fit: cut by the snapshot length, or broken. */
void cap_short(struct capture *c, const struct cap_info *in);
/* A problem; *said (per stream, or NULL for the decoder's own) limits it
 * to being said once per kind. */
void cap_problem(struct capture *c, const struct cap_info *in, unsigned *said,
                 enum cap_problem what, const char *detail);
void cap_encap(struct cap_info *in, enum cap_encap e);
int cap_sip_port(const struct capture *c, unsigned port);

/* ---- dispatch (dissect.c): who handles what comes next ---- */

typedef void layer_fn(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len);
/* A UDP tunnel: 1 when d[0..len) was its packet (handled), 0 when not. */
typedef int udp_fn(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len);

/* By ethertype (also GRE's protocol type), IP protocol number, PPP
 * protocol, link type, UDP port.  Each goes one layer deeper, and stops
 * at MAX_DEPTH (SKIP_TOO_DEEP). */
void next_ethertype(struct capture *c, struct cap_info *in, unsigned type, const unsigned char *d,
                    size_t len);
void next_ipproto(struct capture *c, struct cap_info *in, unsigned proto, const unsigned char *d,
                  size_t len);
void next_ppp(struct capture *c, struct cap_info *in, unsigned proto, const unsigned char *d,
              size_t len);
void next_linktype(struct capture *c, struct cap_info *in, int linktype, const unsigned char *d,
                   size_t len);
/* 1 when a tunnel on one of the ports took the datagram, else 0. */
int next_udp_port(struct capture *c, struct cap_info *in, const unsigned char *d, size_t len);

/* ---- the stages ---- */

/* link.c */
layer_fn link_ethernet, link_vlan, link_mpls, link_pppoe, link_ppp, link_sll,
    link_sll2, link_null, link_loop, link_raw, link_nflog;
/* ip.c */
layer_fn ip_v4, ip_v6, ip_gre;
/* Whether next_ipproto has a stage for proto (fragments of anything else
 * are not reassembled). */
int ipproto_known(unsigned proto);
/* frag.c: one fragment, payload d[0..len) at byte `offset` of datagram id. */
void frag_add(struct capture *c, struct cap_info *in, uint32_t id, unsigned proto,
              size_t offset, int more, const unsigned char *d, size_t len);
void frag_expire(struct capture *c, struct frag *f); /* give up on it */
void frag_evict(struct capture *c, struct frag *f);  /* drop it: budget */
/* udp.c */
layer_fn udp_datagram;
udp_fn udp_vxlan, udp_gtpu;
/* tcp.c */
layer_fn tcp_segment;
void stream_end(struct capture *c, struct stream *s);   /* idle, or the end */
void stream_evict(struct capture *c, struct stream *s); /* budget */
/* hep.c */
void hep_packet(struct capture *c, const struct cap_info *outer, const unsigned char *d,
                size_t len);
/* What p[0..n) of a HEP stream begins with: HEP_PACKET (*len its length),
 * HEP_JUNK (*len bytes that begin no packet: skip them), HEP_MORE (wait
 * for more bytes; at the end of the stream, the rest is a cut packet). */
enum hep_frame { HEP_MORE, HEP_PACKET, HEP_JUNK };
enum hep_frame hep_frame(const unsigned char *p, size_t n, size_t *len);

/* sip.c */
/* What a payload p[0..n) is: SKIP_KEEPALIVE, SKIP_REQUEST, SKIP_NOT_SIP,
 * SKIP_STUN, SKIP_TLS, SKIP_NO_PAYLOAD or CLASS_RESPONSE.  on_sip_port:
 * it came on a SIP port or in a stream already known as SIP, where a Via,
 * From or To header makes a message SIP; elsewhere it takes a Call-ID or
 * CSeq, which HTTP and mail do not have; cut: the payload ends
 * before the message did (snapshot length, lost fragments), so a first
 * line without its end may be a request; framing: the Content-Length is
 * wanted (a stream).  *f gets the message's facts. */
#define CLASS_RESPONSE SKIP_COUNT
struct sip_facts {
    struct cap_message m;
    long content_length;     /* -1 when absent or not a number */
    int have_length;         /* a Content-Length header was seen (or is not
                                wanted) */
    int headers;             /* header lines of Via, Call-ID, CSeq, From or To */
};
unsigned sip_classify(const unsigned char *p, size_t n, int on_sip_port, int cut, int framing,
                      struct sip_facts *f);
/* A whole message p[0..n) (a datagram, a HEP payload): classified, then
 * reported as a response or counted as skipped. */
void sip_datagram(struct capture *c, struct cap_info *in, const unsigned char *p, size_t n,
                  int on_sip_port);
/* Where a message's first line begins in p[0..n): past the CRLFs (and
 * bare LFs) before it, as sipstatus_parse skips them. */
size_t sip_line_begin(const unsigned char *p, size_t n);
/* Whether p[0..n) begins like a SIP message: "SIP/" in any case after
 * CRLFs, or a whole Request-Line. */
int sip_looks_like(const unsigned char *p, size_t n);

/* Framing a SIP stream (RFC 3261 §18.3). */
struct sip_framer {
    size_t scanned;          /* bytes searched for the end of the headers */
    size_t body_due;         /* body bytes still to pass over */
    int synced;              /* at a message start (else looking for one) */
    int midline;             /* unsynced inside a line: wait for its end */
};
/* Framing is lost (a gap): look for the next message start. */
void sip_lost(struct sip_framer *fr);
enum sip_frame { FRAME_MORE, FRAME_DROP, FRAME_KEEPALIVE, FRAME_MESSAGE, FRAME_LONG };
/* The next step on stream bytes p[0..n), which begin where the last step
 * left off: FRAME_MORE (nothing until more bytes come), FRAME_DROP (pass
 * over the first *len bytes: body or unsynced bytes), FRAME_KEEPALIVE
 * (*len CR/LF bytes between messages), FRAME_MESSAGE (a header block of
 * *len bytes: classify it, then FRAME_DROP its body), FRAME_LONG (a header
 * block past MAX_HEADER: the framer has lost sync; drop *len). */
enum sip_frame sip_frame(struct sip_framer *fr, const unsigned char *p, size_t n, size_t *len);
/* After FRAME_MESSAGE: the body length, or -1 (framing lost: unsynced). */
void sip_framed(struct sip_framer *fr, long content_length);

#endif
