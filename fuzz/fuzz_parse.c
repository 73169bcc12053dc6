/* SPDX-License-Identifier: MIT */
/* fuzz_parse.c - libFuzzer harness: every invariant of sipstatus_parse()'s contract. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define KNOWN_NOTES SIPSTATUS_NOTES_ALL

/* The contract, for one answer. */
static void check_answer(const char *buf, size_t n, unsigned flags, int r,
                         const struct sipstatus_line *l)
{
    FUZZ_CHECK(r == SIPSTATUS_OK || r == SIPSTATUS_INCOMPLETE ||
                   (r <= SIPSTATUS_E_VERSION && r >= SIPSTATUS_E_UNREGISTERED),
               buf, n, "flags=0x%x result %d out of range", flags, r);
    FUZZ_CHECK(l->start <= n, buf, n, "flags=0x%x start %zu", flags, l->start);
    FUZZ_CHECK(strcmp(sipstatus_errname(r), "E_UNKNOWN") != 0 && sipstatus_strerror(r)[0],
               buf, n, "result %d has no name or message", r);
    if (r == SIPSTATUS_OK) {
        for (unsigned bit = 1; bit <= KNOWN_NOTES; bit <<= 1)
            FUZZ_CHECK(!(l->notes & bit) || (sipstatus_notename(bit) && sipstatus_notetext(bit)),
                       buf, n, "note 0x%x has no name or text", bit);
        /* RFC 3261 §8.1.3.2: an unknown code is treated as a registered one
         * of its class; outside the classes (ANY_CODE, note CLASS) there is
         * no answer */
        unsigned effective = sipstatus_effective_code(l->code);
        int in_class = l->code >= 100 && l->code <= 699;
        FUZZ_CHECK(in_class ? sipstatus_lookup(effective) && effective / 100 == l->code / 100 &&
                                  (effective == l->code) == (sipstatus_lookup(l->code) != NULL)
                            : effective == 0,
                   buf, n, "effective code %u for %u", effective, l->code);
        FUZZ_CHECK(in_class == !(l->notes & SIPSTATUS_NOTE_CLASS) &&
                       (in_class || (flags & SIPSTATUS_ANY_CODE)),
                   buf, n, "flags=0x%x code %u with notes 0x%x", flags, l->code, l->notes);
        FUZZ_CHECK(l->length > l->start && l->length <= n && buf[l->length - 1] == '\n',
                   buf, n, "flags=0x%x length %zu", flags, l->length);
        FUZZ_CHECK(l->code <= 999, buf, n, "code %u", l->code);
        FUZZ_CHECK(l->reason != NULL && l->reason >= buf + l->start &&
                       l->reason + l->reason_len < buf + l->length,
                   buf, n, "flags=0x%x reason span outside the line", flags);
        FUZZ_CHECK((l->notes & ~KNOWN_NOTES) == 0, buf, n, "notes 0x%x", l->notes);
        FUZZ_CHECK(l->error_offset == 0, buf, n, "error_offset %zu on OK", l->error_offset);
        FUZZ_CHECK(!(flags & SIPSTATUS_REGISTERED_ONLY) || sipstatus_lookup(l->code),
                   buf, n, "unregistered %u accepted", l->code);
        /* read every byte of the span: AddressSanitizer checks it is ours */
        unsigned sum = 0;
        for (size_t i = 0; i < l->reason_len; i++)
            sum += (unsigned char)l->reason[i];
        FUZZ_CHECK(sum != 0xffffffffu, buf, n, "unreachable");
        return;
    }
    FUZZ_CHECK(l->notes == 0 && l->reason == NULL && l->reason_len == 0 && l->length == 0,
               buf, n, "flags=0x%x result %s with OK-only fields set", flags,
               sipstatus_errname(r));
    if (r == SIPSTATUS_INCOMPLETE) {
        FUZZ_CHECK(l->error_offset == 0, buf, n, "error_offset on INCOMPLETE");
        /* after the start, any LF ends the line or is an error */
        FUZZ_CHECK(memchr(buf + l->start, '\n', n - l->start) == NULL, buf, n,
                   "flags=0x%x INCOMPLETE although an LF follows the start", flags);
        return;
    }
    FUZZ_CHECK(l->error_offset < n, buf, n, "flags=0x%x error_offset %zu >= len", flags,
               l->error_offset);
}

int fuzz_parse_one(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned flags = data[0] & SIPSTATUS_PARSE_FLAGS;
    size_t n = size - 1;
    char *buf = fuzz_copy(data + 1, n);
    struct sipstatus_line l, p;

    /* misuse is an answer too: an unknown flag bit, a NULL buffer */
    FUZZ_CHECK(sipstatus_parse(buf, n, flags | ((SIPSTATUS_PARSE_FLAGS + 1u) << (data[0] & 7)), &l) ==
                       SIPSTATUS_E_ARG && l.code == 0 && l.error_offset == 0,
               buf, n, "unknown flag bit accepted");
    FUZZ_CHECK(sipstatus_parse(NULL, n, flags, &l) ==
                   (n ? SIPSTATUS_E_ARG : SIPSTATUS_INCOMPLETE),
               buf, n, "NULL buffer of %zu bytes", n);
    FUZZ_CHECK(sipstatus_parse(buf, n, flags, NULL) == SIPSTATUS_E_ARG, buf, n,
               "NULL line accepted");
    /* names exist for every value, known or not; a note name only for one bit */
    FUZZ_CHECK(sipstatus_errname(-(int)data[0]) != NULL &&
                   sipstatus_strerror(-(int)data[0]) != NULL &&
                   (sipstatus_notename(data[0]) != NULL) ==
                       (data[0] != 0 && (data[0] & (data[0] - 1)) == 0),
               buf, n, "names of %u", data[0]);

    int r = sipstatus_parse(buf, n, flags, &l);
    check_answer(buf, n, flags, r, &l);

    if (r == SIPSTATUS_OK) {
        /* bytes after the LF are not looked at */
        int r2 = sipstatus_parse(buf, l.length, flags, &p);
        FUZZ_CHECK(r2 == r && memcmp(&p, &l, sizeof p) == 0, buf, n,
                   "flags=0x%x answer changes when the bytes after the line go", flags);
        /* every prefix of a valid line is INCOMPLETE (prefix-closedness) */
        for (size_t k = 0; k < l.length && k < 4096; k++) {
            int rk = sipstatus_parse(buf, k, flags, &p);
            FUZZ_CHECK(rk == SIPSTATUS_INCOMPLETE, buf, n,
                       "flags=0x%x prefix of %zu bytes gives %s", flags, k,
                       sipstatus_errname(rk));
        }
    } else if (r < 0) {
        /* the error depends on nothing after its byte (E_UNREGISTERED: the
         * code's three digits), and nothing before its byte is an error */
        size_t at = l.error_offset;
        size_t seen = at + (r == SIPSTATUS_E_UNREGISTERED ? 3 : 1);
        int r2 = sipstatus_parse(buf, seen, flags, &p);
        FUZZ_CHECK(r2 == r && p.error_offset == at, buf, n,
                   "flags=0x%x error at %zu moves to %s at %zu when cut after it",
                   flags, at, sipstatus_errname(r2), p.error_offset);
        if (r != SIPSTATUS_E_UNREGISTERED) {
            int r3 = sipstatus_parse(buf, at, flags, &p);
            FUZZ_CHECK(r3 == SIPSTATUS_INCOMPLETE, buf, n,
                       "flags=0x%x the %zu bytes before the error give %s", flags, at,
                       sipstatus_errname(r3));
        }
    }
    free(buf);
    return 0;
}

#ifndef SIPSTATUS_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_parse_one(data, size);
}
#endif
