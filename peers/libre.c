/* SPDX-License-Identifier: MIT */
/* libre.c - a `sipstatus diff` peer (ABI v2): libre's SIP message decoder (sip_msg_decode). */
/* libre's headers need these first (its build defines HAVE_INTTYPES_H) */
#define HAVE_INTTYPES_H 1
#include <stdbool.h>
#include <stdint.h>
#include <inttypes.h>
#include <sys/socket.h>

#include <re.h>

#include "sipstatus_peer.h"

const int sipstatus_peer_abi = SIPSTATUS_PEER_ABI;
int sipstatus_peer_parse2(const char *buf, size_t len, struct sipstatus_peer_result *r);

int sipstatus_peer_parse2(const char *buf, size_t len, struct sipstatus_peer_result *r)
{
    struct mbuf *mb = mbuf_alloc(len);
    struct sip_msg *msg = NULL;

    if (mb != NULL && mbuf_write_mem(mb, (const uint8_t *)buf, len) == 0) {
        mb->pos = 0;
        if (sip_msg_decode(&msg, mb) == 0 && !msg->req) {
            r->accept = 1;
            /* a uint16_t: libre keeps the low 16 bits without telling */
            r->code_kind = SIPSTATUS_PEER_CODE_VALUE;
            r->code = msg->scode;
            sipstatus_peer_set_reason(r, buf, len, msg->reason.p != NULL ? msg->reason.p : "",
                                      msg->reason.p != NULL ? msg->reason.l : 0);
            r->lost_header = sip_msg_hdr(msg, SIP_HDR_VIA) == NULL;
        }
    }
    mem_deref(msg);
    mem_deref(mb);
    return 0;
}
