/* SPDX-License-Identifier: MIT */
/* osip.c - a `sipstatus diff` peer: GNU oSIP's message parser (libosip2), on the line followed by a minimal response's headers. */
#include <stdarg.h>

#include <osipparser2/osip_parser.h>

#include "message.h"

int sipstatus_peer_parse(const char *buf, size_t len, unsigned *code);

/* oSIP logs parse errors on standard output unless given a function */
static void quiet(const char *fi, int li, osip_trace_level_t level, const char *chfr, va_list ap)
{
    (void)fi, (void)li, (void)level, (void)chfr, (void)ap;
}

int sipstatus_peer_parse(const char *buf, size_t len, unsigned *code)
{
    osip_message_t *sip = NULL;
    size_t n;
    char *m = peer_message(buf, len, &n);
    int accept = 0;

    if (m == NULL)
        return 0;
    parser_init(); /* fills oSIP's header table; calling it again is harmless */
    osip_trace_initialize_func(END_TRACE_LEVEL, quiet);
    if (osip_message_init(&sip) == 0) {
        if (osip_message_parse(sip, m, n) == 0 && MSG_IS_RESPONSE(sip)) {
            int c = osip_message_get_status_code(sip);
            accept = 1;
            *code = c < 0 ? 0u : (unsigned)c;
        }
        osip_message_free(sip);
    }
    free(m);
    return accept;
}
