/* SPDX-License-Identifier: MIT */
/* accept_all.c - a `sipstatus diff` test peer (ABI v2) that accepts every message and reports nothing else. */
#include <stdlib.h>

#include "sipstatus_peer.h"

const int sipstatus_peer_abi = SIPSTATUS_PEER_ABI;
int sipstatus_peer_parse2(const char *buf, size_t len, struct sipstatus_peer_result *r);

int sipstatus_peer_parse2(const char *buf, size_t len, struct sipstatus_peer_result *r)
{
    /* the contract: a NUL after the last byte, the fields preset */
    if (buf[len] != '\0' || r->accept != 0 || r->consumed != SIPSTATUS_PEER_UNKNOWN ||
        r->reason_len != SIPSTATUS_PEER_UNKNOWN || r->reason_buf == NULL || r->major != -1)
        abort();
    r->accept = 1;
    return 0;
}
