/* SPDX-License-Identifier: MIT */
/* sipstatus_peer.h - the plugin ABI of `sipstatus diff --peer PLUGIN.so`, version 2: what another parser read of one message. */
#ifndef SIPSTATUS_PEER_H
#define SIPSTATUS_PEER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A plugin exports `const int sipstatus_peer_abi = SIPSTATUS_PEER_ABI;`
 * and sipstatus_peer_parse2(); sipstatus refuses a plugin without both or
 * with another number (version 1, `int sipstatus_peer_parse(buf, len,
 * unsigned *code)`, could not say what was consumed nor a code above
 * UINT_MAX, and is no longer loaded). */
#define SIPSTATUS_PEER_ABI 2

/* "Not known", for the size_t fields. */
#define SIPSTATUS_PEER_UNKNOWN ((size_t)-1)

/* How the peer reports the status code (sipstatus_peer_result.code_kind). */
#define SIPSTATUS_PEER_CODE_NONE 0  /* it has none, or does not say */
#define SIPSTATUS_PEER_CODE_SPAN 1  /* the digits it read: buf[code_off..+code_len) */
#define SIPSTATUS_PEER_CODE_VALUE 2 /* a number: code, and code_overflow */

/* What a peer read of one message.  sipstatus zeroes the struct, sets
 * reason_buf/reason_cap and every *_off, consumed to SIPSTATUS_PEER_UNKNOWN
 * and major/minor to -1 before each call; the plugin overwrites what it
 * knows. */
struct sipstatus_peer_result {
    int accept; /* 1: parsed as a SIP response; 0: rejected */

    int code_kind;       /* SIPSTATUS_PEER_CODE_* */
    size_t code_off;     /* SPAN: offset in buf of the first digit read */
    size_t code_len;     /* SPAN: how many bytes it took as the code */
    unsigned long long code; /* VALUE: the code, as the peer holds it */
    int code_overflow;   /* VALUE: 1 when the digits did not fit in the
                            peer's integer (code is then what it kept) */

    /* The Reason-Phrase the peer delivers: copied into reason_buf (at most
     * reason_cap bytes, no NUL needed); reason_len is its whole length
     * (more than reason_cap when cut).  reason_off is its offset in buf
     * when the peer's phrase is a span of the input, else UNKNOWN. */
    char *reason_buf;    /* set by sipstatus; owned by sipstatus */
    size_t reason_cap;   /* set by sipstatus */
    size_t reason_len;
    size_t reason_off;

    /* Bytes of buf it took as the status line, through its line end
     * (UNKNOWN when the peer cannot tell). */
    size_t consumed;

    long major, minor; /* SIP-Version digits, -1 when not known */

    /* 1 when a header of the message is missing from what the peer
     * parsed (the plugins look for Via, the first): its status line took
     * it, or it dropped it. */
    int lost_header;
};

/* sipstatus_peer_parse2 - parse buf[0..len) (a Status-Line then the
 * headers of a minimal response and the empty line; buf[len] is a NUL that
 * is not part of the message) and fill *r.  Called from one thread; buf is
 * sipstatus's and lives for the call only.  The return value is ignored
 * (r->accept is the verdict); return 0. */
typedef int sipstatus_peer_parse2_fn(const char *buf, size_t len, struct sipstatus_peer_result *r);

/* Copies reason[0..n) into r (cut at reason_cap), with its offset in buf
 * when it points into buf[0..len). */
static inline void sipstatus_peer_set_reason(struct sipstatus_peer_result *r, const char *buf,
                                             size_t len, const char *reason, size_t n)
{
    size_t k, c = n < r->reason_cap ? n : r->reason_cap;

    for (k = 0; k < c; k++)
        r->reason_buf[k] = reason[k];
    r->reason_len = n;
    r->reason_off = SIPSTATUS_PEER_UNKNOWN;
    /* comparing pointers into different objects is undefined: compare as
     * integers */
    if ((size_t)reason >= (size_t)buf && (size_t)reason - (size_t)buf <= len &&
        n <= len - ((size_t)reason - (size_t)buf))
        r->reason_off = (size_t)reason - (size_t)buf;
}

#ifdef __cplusplus
}
#endif

#endif
