/* SPDX-License-Identifier: MIT */
/* osip.c - a `sipstatus diff` peer (ABI v2): GNU oSIP's message parser (libosip2). */
#include <stdarg.h>
#include <string.h>

#include <osipparser2/osip_parser.h>

#include "sipstatus_peer.h"

const int sipstatus_peer_abi = SIPSTATUS_PEER_ABI;
int sipstatus_peer_parse2(const char *buf, size_t len, struct sipstatus_peer_result *r);

/* oSIP logs parse errors on standard output unless given a function */
static void quiet(const char *fi, int li, osip_trace_level_t level, const char *chfr, va_list ap)
{
    (void)fi, (void)li, (void)level, (void)chfr, (void)ap;
}

int sipstatus_peer_parse2(const char *buf, size_t len, struct sipstatus_peer_result *r)
{
    osip_message_t *sip = NULL;

    parser_init(); /* fills oSIP's header table; calling it again is harmless */
    osip_trace_initialize_func(END_TRACE_LEVEL, quiet);
    if (osip_message_init(&sip) != 0)
        return 0;
    if (osip_message_parse(sip, buf, len) == 0 && MSG_IS_RESPONSE(sip)) {
        /* an int: oSIP's own reading wraps without telling, and only a
         * negative value shows it */
        int c = osip_message_get_status_code(sip);
        const char *phrase = osip_message_get_reason_phrase(sip);
        osip_via_t *via = NULL;

        r->accept = 1;
        r->code_kind = SIPSTATUS_PEER_CODE_VALUE;
        r->code = c < 0 ? 0 : (unsigned long long)c;
        r->code_overflow = c < 0;
        sipstatus_peer_set_reason(r, buf, len, phrase != NULL ? phrase : "",
                                  phrase != NULL ? strlen(phrase) : 0);
        r->lost_header = osip_message_get_via(sip, 0, &via) < 0;
    }
    osip_message_free(sip);
    return 0;
}
