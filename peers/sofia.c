/* SPDX-License-Identifier: MIT */
/* sofia.c - a `sipstatus diff` peer (ABI v2): sofia-sip's SIP parser (msg_make with the default SIP message class). */
#include <string.h>

#include <sofia-sip/msg.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_parser.h>

#include "sipstatus_peer.h"

const int sipstatus_peer_abi = SIPSTATUS_PEER_ABI;
int sipstatus_peer_parse2(const char *buf, size_t len, struct sipstatus_peer_result *r);

int sipstatus_peer_parse2(const char *buf, size_t len, struct sipstatus_peer_result *r)
{
    msg_t *msg = msg_make(sip_default_mclass(), 0, buf, (isize_t)len);
    sip_t *sip = msg ? sip_object(msg) : NULL;

    /* a message whose first line failed has no status, or is marked */
    if (sip != NULL && sip->sip_status != NULL && !MSG_HAS_ERROR(sip->sip_flags)) {
        const char *phrase = sip->sip_status->st_phrase;
        int c = sip->sip_status->st_status;

        r->accept = 1;
        r->code_kind = SIPSTATUS_PEER_CODE_VALUE;
        r->code = c < 0 ? 0 : (unsigned long long)c;
        r->code_overflow = c < 0;
        sipstatus_peer_set_reason(r, buf, len, phrase != NULL ? phrase : "",
                                  phrase != NULL ? strlen(phrase) : 0);
        r->lost_header = sip->sip_via == NULL;
    }
    if (msg != NULL)
        msg_destroy(msg);
    return 0;
}
