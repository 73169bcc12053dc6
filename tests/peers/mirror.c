/* SPDX-License-Identifier: MIT */
/* mirror.c - a `sipstatus diff` test peer that is sipstatus itself, strict: it must agree on every line. */
#include <stddef.h>

#include "sipstatus.h"

int sipstatus_peer_parse(const char *buf, size_t len, unsigned *code);

int sipstatus_peer_parse(const char *buf, size_t len, unsigned *code)
{
    struct sipstatus_line l;

    if (sipstatus_parse(buf, len, 0, &l) != SIPSTATUS_OK)
        return 0;
    *code = l.code;
    return 1;
}
