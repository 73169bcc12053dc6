/* SPDX-License-Identifier: MIT */
/* fuzz_format.c - libFuzzer harness: sipstatus_format() emits only what sipstatus_parse() accepts. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define CANARY 0x5a

/* snprintf semantics for one cap: the NUL, the prefix, nothing past cap. */
static void check_cap(const char *full, int need, size_t cap, unsigned code,
                      const char *reason, size_t len, unsigned fmt)
{
    char *dst = malloc(cap + 8);
    memset(dst, CANARY, cap + 8);
    int r = sipstatus_format(cap ? dst : NULL, cap, code, reason, len, fmt);
    FUZZ_CHECK(r == need, reason, len, "cap %zu returns %d, not %d", cap, r, need);
    if (cap > 0) {
        size_t kept = (size_t)need < cap - 1 ? (size_t)need : cap - 1;
        FUZZ_CHECK(memcmp(dst, full, kept) == 0 && dst[kept] == '\0', reason, len,
                   "cap %zu: wrong prefix or no NUL", cap);
    }
    for (size_t i = cap; i < cap + 8; i++)
        FUZZ_CHECK((unsigned char)dst[i] == CANARY, reason, len,
                   "cap %zu: byte %zu written", cap, i);
    free(dst);
}

int fuzz_format_one(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    unsigned code = ((unsigned)data[0] << 8 | data[1]) % 1000;
    unsigned fmt = data[2] & 1 ? SIPSTATUS_FMT_ESCAPE : 0;
    if (data[2] & 2)
        fmt |= SIPSTATUS_STRICT_UTF8;
    int registered = (data[2] & 4) != 0;   /* reason NULL: the registered phrase */
    size_t len = size - 3;
    char *reason = fuzz_copy(data + 3, len);
    const char *arg = registered ? NULL : reason;

    /* misuse: an unknown flag bit, or no buffer for a non-zero cap */
    char small[4] = "xyz";
    FUZZ_CHECK(sipstatus_format(small, sizeof small, code, arg, len, fmt | 0x200u) ==
                       SIPSTATUS_E_ARG && small[0] == '\0',
               reason, len, "unknown flag bit accepted");
    FUZZ_CHECK(sipstatus_format(NULL, 1, code, arg, len, fmt) == SIPSTATUS_E_ARG, reason,
               len, "NULL dst with cap 1 accepted");

    int need = sipstatus_format(NULL, 0, code, arg, len, fmt);
    if (code < 100 || code > 699) {
        FUZZ_CHECK(need == SIPSTATUS_E_CODE, reason, len, "code %u gives %d", code, need);
        free(reason);
        return 0;
    }
    FUZZ_CHECK(need >= 0 || !(fmt & SIPSTATUS_FMT_ESCAPE || registered), reason, len,
               "code %u with FMT_ESCAPE or the registered phrase fails: %s", code,
               sipstatus_errname(need));

    if (need < 0) {
        /* the error is the one the parser gives the same line */
        size_t n = 12 + len + 2;
        char *line = malloc(n);
        struct sipstatus_line l;
        memcpy(line, "SIP/2.0 000 ", 12);
        line[8] = (char)('0' + code / 100);
        line[9] = (char)('0' + code / 10 % 10);
        line[10] = (char)('0' + code % 10);
        memcpy(line + 12, reason, len);
        memcpy(line + 12 + len, "\r\n", 2);
        int r = sipstatus_parse(line, n, fmt & SIPSTATUS_STRICT_UTF8, &l);
        FUZZ_CHECK(r == need || (r == SIPSTATUS_OK && need == SIPSTATUS_E_EOL &&
                                 l.reason_len < len),
                   reason, len, "format says %s, the parser says %s",
                   sipstatus_errname(need), sipstatus_errname(r));
        free(line);
        free(reason);
        return 0;
    }

    char *full = malloc((size_t)need + 1);
    struct sipstatus_line l;
    FUZZ_CHECK(sipstatus_format(full, (size_t)need + 1, code, arg, len, fmt) == need,
               reason, len, "length changes");
    int r = sipstatus_parse(full, (size_t)need, fmt & SIPSTATUS_STRICT_UTF8, &l);
    FUZZ_CHECK(r == SIPSTATUS_OK && l.code == code && l.length == (size_t)need, reason,
               len, "emitted line parses as %s", sipstatus_errname(r));
    if (registered) {
        size_t count;
        const struct sipstatus_code *all = sipstatus_codes(&count);
        const struct sipstatus_code *e = sipstatus_lookup(code);
        const char *phrase = e ? e->phrase : "";
        FUZZ_CHECK(!e || (e >= all && e < all + count && e->code == code), reason, len,
                   "lookup(%u) is not the registry's entry", code);
        FUZZ_CHECK(l.reason_len == strlen(phrase) &&
                       memcmp(l.reason, phrase, l.reason_len) == 0,
                   reason, len, "registered phrase of %u not emitted", code);
    } else if (fmt & SIPSTATUS_FMT_ESCAPE) {
        char *decoded = malloc(l.reason_len + 1);
        size_t k = fuzz_percent_decode(l.reason, l.reason_len, decoded);
        FUZZ_CHECK(k == len && memcmp(decoded, reason, len) == 0, reason, len,
                   "escaped reason does not decode back");
        free(decoded);
    } else {
        FUZZ_CHECK(l.reason_len == len && memcmp(l.reason, reason, len) == 0, reason,
                   len, "reason changed");
    }
    for (size_t cap = 0; cap <= (size_t)need + 2; cap++)
        check_cap(full, need, cap, code, arg, len, fmt);
    free(full);
    free(reason);
    return 0;
}

#ifndef SIPSTATUS_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_format_one(data, size);
}
#endif
