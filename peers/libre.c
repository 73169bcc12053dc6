/* SPDX-License-Identifier: MIT */
/* libre.c - a `sipstatus diff` peer: libre's SIP message decoder (sip_msg_decode). */
/* libre's headers need these first (its build defines HAVE_INTTYPES_H) */
#define HAVE_INTTYPES_H 1
#include <stdbool.h>
#include <stdint.h>
#include <inttypes.h>
#include <sys/socket.h>

#include <re.h>

#include "message.h"

int sipstatus_peer_parse(const char *buf, size_t len, unsigned *code);

int sipstatus_peer_parse(const char *buf, size_t len, unsigned *code)
{
    size_t n;
    char *m = peer_message(buf, len, &n);
    struct mbuf *mb;
    struct sip_msg *msg = NULL;
    int accept = 0;

    if (m == NULL)
        return 0;
    mb = mbuf_alloc(n);
    if (mb != NULL && mbuf_write_mem(mb, (const uint8_t *)m, n) == 0) {
        mb->pos = 0;
        if (sip_msg_decode(&msg, mb) == 0 && !msg->req) {
            accept = 1;
            *code = msg->scode;
        }
    }
    mem_deref(msg);
    mem_deref(mb);
    free(m);
    return accept;
}
