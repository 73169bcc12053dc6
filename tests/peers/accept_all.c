/* SPDX-License-Identifier: MIT */
/* accept_all.c - a `sipstatus diff` test peer that accepts every line and reports no code (0). */
#include <stdlib.h>

int sipstatus_peer_parse(const char *buf, size_t len, unsigned *code);

int sipstatus_peer_parse(const char *buf, size_t len, unsigned *code)
{
    /* the contract: a NUL after the last byte, *code preset to 0 */
    if (buf[len] != '\0' || *code != 0)
        abort();
    return 1;
}
