/* SPDX-License-Identifier: MIT */
/* registry.c - the IANA SIP "Response Codes" registry, and lookups derived from it. */
#include <stddef.h>
#include <string.h>

#include "internal.h"
#include "sipstatus.h"

/* Session Initiation Protocol (SIP) Parameters, "Response Codes":
 * X(code, phrase, reference, deprecated), ascending. */
#define SIPSTATUS_REGISTRY(X) \
    X(100, "Trying", "RFC 3261", 0) \
    X(180, "Ringing", "RFC 3261", 0) \
    X(181, "Call Is Being Forwarded", "RFC 3261", 0) \
    X(182, "Queued", "RFC 3261", 0) \
    X(183, "Session Progress", "RFC 3261", 0) \
    X(199, "Early Dialog Terminated", "RFC 6228", 0) \
    X(200, "OK", "RFC 3261", 0) \
    X(202, "Accepted", "RFC 6665", 1) \
    X(204, "No Notification", "RFC 5839", 0) \
    X(300, "Multiple Choices", "RFC 3261", 0) \
    X(301, "Moved Permanently", "RFC 3261", 0) \
    X(302, "Moved Temporarily", "RFC 3261", 0) \
    X(305, "Use Proxy", "RFC 3261", 0) \
    X(380, "Alternative Service", "RFC 3261", 0) \
    X(400, "Bad Request", "RFC 3261", 0) \
    X(401, "Unauthorized", "RFC 3261", 0) \
    X(402, "Payment Required", "RFC 3261", 0) \
    X(403, "Forbidden", "RFC 3261", 0) \
    X(404, "Not Found", "RFC 3261", 0) \
    X(405, "Method Not Allowed", "RFC 3261", 0) \
    X(406, "Not Acceptable", "RFC 3261", 0) \
    X(407, "Proxy Authentication Required", "RFC 3261", 0) \
    X(408, "Request Timeout", "RFC 3261", 0) \
    X(410, "Gone", "RFC 3261", 0) \
    X(412, "Conditional Request Failed", "RFC 3903", 0) \
    X(413, "Request Entity Too Large", "RFC 3261", 0) \
    X(414, "Request-URI Too Long", "RFC 3261", 0) \
    X(415, "Unsupported Media Type", "RFC 3261", 0) \
    X(416, "Unsupported URI Scheme", "RFC 3261", 0) \
    X(417, "Unknown Resource-Priority", "RFC 4412", 0) \
    X(420, "Bad Extension", "RFC 3261", 0) \
    X(421, "Extension Required", "RFC 3261", 0) \
    X(422, "Session Interval Too Small", "RFC 4028", 0) \
    X(423, "Interval Too Brief", "RFC 3261", 0) \
    X(424, "Bad Location Information", "RFC 6442", 0) \
    X(425, "Bad Alert Message", "RFC 8876", 0) \
    X(428, "Use Identity Header", "RFC 8224", 0) \
    X(429, "Provide Referrer Identity", "RFC 3892", 0) \
    X(430, "Flow Failed", "RFC 5626", 0) \
    X(433, "Anonymity Disallowed", "RFC 5079", 0) \
    X(436, "Bad Identity Info", "RFC 8224", 0) \
    X(437, "Unsupported Credential", "RFC 8224", 0) \
    X(438, "Invalid Identity Header", "RFC 8224", 0) \
    X(439, "First Hop Lacks Outbound Support", "RFC 5626", 0) \
    X(440, "Max-Breadth Exceeded", "RFC 5393", 0) \
    X(469, "Bad Info Package", "RFC 6086", 0) \
    X(470, "Consent Needed", "RFC 5360", 0) \
    X(480, "Temporarily Unavailable", "RFC 3261", 0) \
    X(481, "Call/Transaction Does Not Exist", "RFC 3261", 0) \
    X(482, "Loop Detected", "RFC 3261", 0) \
    X(483, "Too Many Hops", "RFC 3261", 0) \
    X(484, "Address Incomplete", "RFC 3261", 0) \
    X(485, "Ambiguous", "RFC 3261", 0) \
    X(486, "Busy Here", "RFC 3261", 0) \
    X(487, "Request Terminated", "RFC 3261", 0) \
    X(488, "Not Acceptable Here", "RFC 3261", 0) \
    X(489, "Bad Event", "RFC 6665", 0) \
    X(491, "Request Pending", "RFC 3261", 0) \
    X(493, "Undecipherable", "RFC 3261", 0) \
    X(494, "Security Agreement Required", "RFC 3329", 0) \
    X(500, "Server Internal Error", "RFC 3261", 0) \
    X(501, "Not Implemented", "RFC 3261", 0) \
    X(502, "Bad Gateway", "RFC 3261", 0) \
    X(503, "Service Unavailable", "RFC 3261", 0) \
    X(504, "Server Time-out", "RFC 3261", 0) \
    X(505, "Version Not Supported", "RFC 3261", 0) \
    X(513, "Message Too Large", "RFC 3261", 0) \
    X(555, "Push Notification Service Not Supported", "RFC 8599", 0) \
    X(580, "Precondition Failure", "RFC 3312", 0) \
    X(600, "Busy Everywhere", "RFC 3261", 0) \
    X(603, "Decline", "RFC 3261", 0) \
    X(604, "Does Not Exist Anywhere", "RFC 3261", 0) \
    X(606, "Not Acceptable", "RFC 3261", 0) \
    X(607, "Unwanted", "RFC 8197", 0) \
    X(608, "Rejected", "RFC 8688", 0)

#define ENTRY(code, phrase, ref, dep) {code, phrase, ref, dep},
static const struct sipstatus_code registry[] = {SIPSTATUS_REGISTRY(ENTRY)};

/* The position of each code in registry[], as an enum the compiler counts. */
#define POSITION(code, phrase, ref, dep) AT_##code,
enum { SIPSTATUS_REGISTRY(POSITION) REGISTRY_SIZE };

/* code - 100 -> position + 1 (0: not registered); a direct index, so
 * sipstatus_lookup() is one load and one compare. */
#define SLOT(code, phrase, ref, dep) [(code) - 100] = AT_##code + 1,
static const unsigned char slot[600] = {SIPSTATUS_REGISTRY(SLOT)};

const struct sipstatus_code *sipstatus_lookup(unsigned code)
{
    if (code < 100 || code > 699 || slot[code - 100] == 0)
        return NULL;
    return &registry[slot[code - 100] - 1];
}

const struct sipstatus_code *sipstatus_codes(size_t *count)
{
    if (count)
        *count = REGISTRY_SIZE;
    return registry;
}

unsigned sipstatus_effective_code(unsigned code)
{
    if (code < 100 || code > 699)
        return 0;
    if (sipstatus_lookup(code))
        return code;
    return code < 200 ? 183 : code / 100 * 100;
}

/* code - 100 -> the canonical Status-Line of each registered code, for the
 * parser's check of the most common line (internal.h). */
#define LINE(code, phrase, ref, dep) \
    [(code) - 100] = {"SIP/2.0 " #code " " phrase "\r\n", sizeof("SIP/2.0 " #code " " phrase) + 1},
const struct sipstatus__line sipstatus__lines[600] = {SIPSTATUS_REGISTRY(LINE)};

/* The length of each phrase, so that most differing reasons are told
 * apart without reading them. */
#define PHRASE_LEN(code, phrase, ref, dep) sizeof(phrase) - 1,
static const unsigned char phrase_len[] = {SIPSTATUS_REGISTRY(PHRASE_LEN)};

static unsigned char fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

unsigned sipstatus__phrase_notes(unsigned code, const char *reason, size_t len)
{
    const char *phrase;
    unsigned at;

    if (code < 100 || code > 699 || slot[code - 100] == 0)
        return SIPSTATUS_NOTE_UNREGISTERED;
    at = slot[code - 100] - 1u;
    if (phrase_len[at] != len)
        return SIPSTATUS_NOTE_PHRASE;
    phrase = registry[at].phrase;
    /* as registered, byte for byte: the common case */
    if (sipstatus__same_bytes(phrase, reason, len))
        return 0;
    for (size_t i = 0; i < len; i++)
        if (fold((unsigned char)phrase[i]) != fold((unsigned char)reason[i]))
            return SIPSTATUS_NOTE_PHRASE;
    return 0;
}
