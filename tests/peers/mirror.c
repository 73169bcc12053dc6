/* SPDX-License-Identifier: MIT */
/* mirror.c - a `sipstatus diff` test peer (ABI v2) that is sipstatus itself, strict: it must agree on every line. */
#include <stddef.h>

#include "sipstatus.h"
#include "sipstatus_peer.h"

const int sipstatus_peer_abi = SIPSTATUS_PEER_ABI;
int sipstatus_peer_parse2(const char *buf, size_t len, struct sipstatus_peer_result *r);

int sipstatus_peer_parse2(const char *buf, size_t len, struct sipstatus_peer_result *r)
{
    struct sipstatus_line l;

    if (sipstatus_parse(buf, len, 0, &l) != SIPSTATUS_OK)
        return 0;
    r->accept = 1;
    /* the code is the three bytes before the SP that starts the reason */
    r->code_kind = SIPSTATUS_PEER_CODE_SPAN;
    r->code_off = (size_t)(l.reason - buf) - 4;
    r->code_len = 3;
    sipstatus_peer_set_reason(r, buf, len, l.reason, l.reason_len);
    r->consumed = l.length;
    r->major = (long)l.major;
    r->minor = (long)l.minor;
    return 0;
}
