/* SPDX-License-Identifier: MIT */
/* bellesip.c - a `sipstatus diff` peer (ABI v2): belle-sip's message parser (belle_sip_message_parse_raw). */
#include <belle-sip/belle-sip.h>

#include <string.h>

#include "sipstatus_peer.h"

const int sipstatus_peer_abi = SIPSTATUS_PEER_ABI;
int sipstatus_peer_parse2(const char *buf, size_t len, struct sipstatus_peer_result *r);

int sipstatus_peer_parse2(const char *buf, size_t len, struct sipstatus_peer_result *r)
{
    size_t used = 0;
    belle_sip_message_t *m;

    /* belle-sip logs every parse error on standard error */
    belle_sip_set_log_level(BELLE_SIP_LOG_FATAL);
    m = belle_sip_message_parse_raw(buf, len, &used);
    if (m == NULL)
        return 0;
    if (BELLE_SIP_OBJECT_IS_INSTANCE_OF(m, belle_sip_response_t)) {
        belle_sip_response_t *resp = BELLE_SIP_RESPONSE(m);
        const char *phrase = belle_sip_response_get_reason_phrase(resp);
        int code = belle_sip_response_get_status_code(resp);

        r->accept = 1;
        r->code_kind = SIPSTATUS_PEER_CODE_VALUE;
        r->code = code < 0 ? 0 : (unsigned long long)code;
        r->code_overflow = code < 0;
        sipstatus_peer_set_reason(r, buf, len, phrase != NULL ? phrase : "",
                                  phrase != NULL ? strlen(phrase) : 0);
        r->lost_header = belle_sip_message_get_header(m, "Via") == NULL;
    }
    belle_sip_object_unref(m);
    return 0;
}
