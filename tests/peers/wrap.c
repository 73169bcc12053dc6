/* SPDX-License-Identifier: MIT */
/* wrap.c - a `sipstatus diff` test peer (ABI v2) that reads any run of digits as the code into 64 bits, as a careless stack would, and says when it overflowed. */
#include <stddef.h>

#include "sipstatus_peer.h"

const int sipstatus_peer_abi = SIPSTATUS_PEER_ABI;
int sipstatus_peer_parse2(const char *buf, size_t len, struct sipstatus_peer_result *r);

/* "SIP/2.0 " 1*DIGIT SP *(not CR) CRLF, and nothing else checked. */
int sipstatus_peer_parse2(const char *buf, size_t len, struct sipstatus_peer_result *r)
{
    size_t i = 8, reason;
    unsigned long long v = 0;
    int over = 0;

    if (len < 9 || buf[0] != 'S' || buf[7] != ' ' || buf[8] < '0' || buf[8] > '9')
        return 0;
    for (; i < len && buf[i] >= '0' && buf[i] <= '9'; i++) {
        unsigned d = (unsigned)(buf[i] - '0');
        if (v > (~0ull - d) / 10)
            over = 1;
        v = v * 10 + d; /* wraps, as the careless stack does */
    }
    if (i == len || buf[i] != ' ')
        return 0;
    reason = ++i;
    while (i < len && buf[i] != '\r')
        i++;
    if (i + 1 >= len || buf[i + 1] != '\n')
        return 0;
    r->accept = 1;
    r->code_kind = SIPSTATUS_PEER_CODE_VALUE;
    r->code = v;
    r->code_overflow = over;
    sipstatus_peer_set_reason(r, buf, len, buf + reason, i - reason);
    r->consumed = i + 2;
    return 0;
}
