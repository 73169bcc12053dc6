/* SPDX-License-Identifier: MIT */
/* fuzz_roundtrip.c - libFuzzer harness: parse, format what was parsed, parse again. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* Notes that do not stop a line from being canonical (what the formatter
 * writes for that code and reason). */
#define CANONICAL_NOTES \
    (SIPSTATUS_NOTE_UNREGISTERED | SIPSTATUS_NOTE_PHRASE | SIPSTATUS_NOTE_UTF8)

int fuzz_roundtrip_one(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned flags = data[0] & SIPSTATUS_PARSE_FLAGS;
    size_t n = size - 1;
    char *buf = fuzz_copy(data + 1, n);
    struct sipstatus_line l, again;

    if (sipstatus_parse(buf, n, flags, &l) != SIPSTATUS_OK) {
        free(buf);
        return 0;
    }
    /* A reason the lenient grammar took but the strict one would not must
     * be escaped to be carried; any other is written as it is. */
    unsigned fmt = flags & SIPSTATUS_STRICT_UTF8;
    if (l.notes & SIPSTATUS_NOTE_REASON_CHARS)
        fmt |= SIPSTATUS_FMT_ESCAPE;

    int need = sipstatus_format(NULL, 0, l.code, l.reason, l.reason_len, fmt);
    if (l.notes & SIPSTATUS_NOTE_CLASS) {
        /* ANY_CODE took a code outside 100-699, which the formatter never
         * writes (RFC 3261 §21): the one thing it may not carry */
        FUZZ_CHECK(need == SIPSTATUS_E_CODE, buf, n,
                   "flags=0x%x code %u outside the classes formatted: %s", flags, l.code,
                   sipstatus_errname(need));
        free(buf);
        return 0;
    }
    FUZZ_CHECK(need > 0, buf, n, "flags=0x%x formatting what was parsed fails: %s",
               flags, sipstatus_errname(need));
    char *out = malloc((size_t)need + 1);
    FUZZ_CHECK(out && sipstatus_format(out, (size_t)need + 1, l.code, l.reason,
                                       l.reason_len, fmt) == need,
               buf, n, "flags=0x%x second format differs", flags);

    int r = sipstatus_parse(out, (size_t)need, flags & SIPSTATUS_STRICT_UTF8, &again);
    FUZZ_CHECK(r == SIPSTATUS_OK && again.length == (size_t)need && again.code == l.code,
               buf, n, "flags=0x%x formatted line parses as %s", flags,
               sipstatus_errname(r));
    if (fmt & SIPSTATUS_FMT_ESCAPE) {
        char *decoded = malloc(again.reason_len + 1);
        size_t k = fuzz_percent_decode(again.reason, again.reason_len, decoded);
        FUZZ_CHECK(k == l.reason_len && memcmp(decoded, l.reason, k) == 0, buf, n,
                   "flags=0x%x escaped reason does not decode back", flags);
        free(decoded);
    } else {
        FUZZ_CHECK(again.reason_len == l.reason_len &&
                       memcmp(again.reason, l.reason, l.reason_len) == 0,
                   buf, n, "flags=0x%x reason changed in the round trip", flags);
    }
    /* a canonical strict line comes back byte for byte */
    if (!(flags & (SIPSTATUS_LENIENT | SIPSTATUS_SKIP_CRLF)) &&
        (l.notes & ~CANONICAL_NOTES) == 0 && l.length >= 8 &&
        memcmp(buf, "SIP/2.0 ", 8) == 0)
        FUZZ_CHECK((size_t)need == l.length && memcmp(out, buf, l.length) == 0, buf, n,
                   "canonical line not reproduced: \"%.*s\"", need, out);
    free(out);
    free(buf);
    return 0;
}

#ifndef SIPSTATUS_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_roundtrip_one(data, size);
}
#endif
