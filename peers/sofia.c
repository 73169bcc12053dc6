/* SPDX-License-Identifier: MIT */
/* sofia.c - a `sipstatus diff` peer: sofia-sip's SIP parser (msg_make with the default SIP message class). */
#include <sofia-sip/msg.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_parser.h>

#include "message.h"

int sipstatus_peer_parse(const char *buf, size_t len, unsigned *code);

int sipstatus_peer_parse(const char *buf, size_t len, unsigned *code)
{
    size_t n;
    char *m = peer_message(buf, len, &n);
    msg_t *msg;
    sip_t *sip;
    int accept = 0;

    if (m == NULL)
        return 0;
    msg = msg_make(sip_default_mclass(), 0, m, (isize_t)n);
    sip = msg ? sip_object(msg) : NULL;
    /* a message whose first line failed has no status, or is marked */
    if (sip != NULL && sip->sip_status != NULL && !MSG_HAS_ERROR(sip->sip_flags)) {
        accept = 1;
        *code = (unsigned)sip->sip_status->st_status;
    }
    if (msg != NULL)
        msg_destroy(msg);
    free(m);
    return accept;
}
