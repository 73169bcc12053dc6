/* SPDX-License-Identifier: MIT */
/* message.h - the headers a peer plugin puts after the generated line, so that a whole-message parser sees a response. */
#ifndef SIPSTATUS_PEER_MESSAGE_H
#define SIPSTATUS_PEER_MESSAGE_H

#include <stdlib.h>
#include <string.h>

/* A minimal valid response after the Status-Line (RFC 3261 §8.2.6.2). */
#define PEER_HEADERS \
    "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n" \
    "To: <sip:bob@example.com>;tag=a6c85cf\r\n" \
    "From: <sip:alice@example.com>;tag=1928301774\r\n" \
    "Call-ID: a84b4c76e66710@example.com\r\n" \
    "CSeq: 314159 INVITE\r\n" \
    "Content-Length: 0\r\n" \
    "\r\n"

/* line[0..len) then PEER_HEADERS and a NUL, in a new buffer; its length
 * without the NUL in *n.  NULL when out of memory. */
static inline char *peer_message(const char *line, size_t len, size_t *n)
{
    size_t h = sizeof PEER_HEADERS - 1;
    char *m = malloc(len + h + 1);

    if (m == NULL)
        return NULL;
    memcpy(m, line, len);
    memcpy(m + len, PEER_HEADERS, h + 1);
    *n = len + h;
    return m;
}

#endif
