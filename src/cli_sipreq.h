/* SPDX-License-Identifier: MIT */
/* cli_sipreq.h - the SIP request reader of `sipstatus fuzz-uas`: spans of the headers a response copies. */
#ifndef SIPSTATUS_CLI_SIPREQ_H
#define SIPSTATUS_CLI_SIPREQ_H

#include <stddef.h>

/* The most Via header fields a request may have (RFC 3261 section 8.2.6.2
 * copies them all); a request with more is refused. */
#define SIPREQ_MAX_VIAS 16
/* The longest request read, headers and body: longer is refused. */
#define SIPREQ_MAX 65536

/* A span of the request buffer. */
struct sipreq_span {
    size_t off, len;
};

/* What fuzz-uas needs of one request; spans into the caller's buffer,
 * header values without the leading and trailing whitespace. */
struct sipreq {
    struct sipreq_span method, uri;
    struct sipreq_span vias[SIPREQ_MAX_VIAS]; /* each Via field value, in order */
    size_t nvias;
    struct sipreq_span from, to, call_id, cseq;
    struct sipreq_span cseq_method;  /* the method of CSeq */
    unsigned long cseq_num;          /* its number, at most 2^31-1 */
    int to_has_tag;                  /* To carries a tag parameter */
    size_t content_length;           /* Content-Length, 0 when absent */
    size_t length;                   /* head and body: the whole message */
};

/* Reads one request from buf[0..n): the request line, then the header
 * fields up to the empty line, folded lines unfolded by skipping.
 * Returns 1 with *r filled when a whole request (with its Content-Length
 * body) is there, 0 when more bytes are needed (n < SIPREQ_MAX), -1 when
 * it is not a request fuzz-uas answers: a response, a bad request line, a
 * missing Via/From/To/Call-ID/CSeq, a CSeq that is not "1*DIGIT SP
 * method", more than SIPREQ_MAX_VIAS Vias, or SIPREQ_MAX bytes without an
 * end.  Never reads past buf[n-1]; linear in n. */
int sipreq_read(const char *buf, size_t n, struct sipreq *r);

/* Whether span s of buf is the string t, compared case-sensitively. */
int sipreq_is(const char *buf, struct sipreq_span s, const char *t);

#endif
