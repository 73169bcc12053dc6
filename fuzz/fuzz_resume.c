/* SPDX-License-Identifier: MIT */
/* fuzz_resume.c - libFuzzer harness: sipstatus_parse_next() fed in random splits answers, call by call, as sipstatus_parse() on the same prefix. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* FNV-1a of the input: the splits are a function of the bytes, so a
 * corpus file always replays the same calls. */
static uint32_t splits_seed(const uint8_t *data, size_t size)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 16777619u;
    return h ? h : 1;
}

static uint32_t next_random(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* One call on in[0..k) in a buffer of its own, against the one-shot parse. */
static int step(const char *in, size_t n, size_t k, unsigned flags, struct sipstatus_state *st)
{
    struct sipstatus_line a, b;
    char *buf = fuzz_copy(in, k);
    int ra = sipstatus_parse_next(buf, k, flags, &a, st);
    int rb = sipstatus_parse(buf, k, flags, &b);
    if (ra != rb || memcmp(&a, &b, sizeof a) != 0) {
        fuzz_print_line("parse_next", ra, &a, buf);
        fuzz_print_line("parse", rb, &b, buf);
        FUZZ_CHECK(0, in, n, "flags=0x%x: the call on %zu bytes differs from sipstatus_parse()",
                   flags, k);
    }
    free(buf);
    return ra;
}

int fuzz_resume_one(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned flags = data[0] & SIPSTATUS_PARSE_FLAGS;
    const char *in = (const char *)data + 1;
    size_t n = size - 1, k = 0;
    uint32_t seed = splits_seed(data, size);
    /* short pieces mostly, so that every state is crossed by a split */
    unsigned spread = 1 + (data[0] >> 7) * 15 + next_random(&seed) % 4;
    struct sipstatus_state st;

    sipstatus_state_init(&st);
    if (next_random(&seed) % 8 == 0)
        step(in, n, 0, flags, &st);
    while (k < n) {
        size_t add = 1 + next_random(&seed) % spread;
        k = add > n - k ? n : k + add;
        step(in, n, k, flags, &st);
        if (next_random(&seed) % 16 == 0) {
            /* misuse in between: E_ARG, and the state goes on as before */
            struct sipstatus_state before = st;
            struct sipstatus_line l;
            int r = sipstatus_parse_next(in, k, flags ^ SIPSTATUS_LENIENT_LF, &l, &st);
            FUZZ_CHECK(r == SIPSTATUS_E_ARG && memcmp(&before, &st, sizeof st) == 0, in, n,
                       "flags=0x%x: other flags at %zu bytes gave %s or changed the state",
                       flags, k, sipstatus_errname(r));
            if (k > 0) {
                r = sipstatus_parse_next(in, k - 1, flags, &l, &st);
                FUZZ_CHECK(r == SIPSTATUS_E_ARG && memcmp(&before, &st, sizeof st) == 0, in, n,
                           "flags=0x%x: fewer bytes at %zu gave %s or changed the state",
                           flags, k, sipstatus_errname(r));
            }
        }
    }
    return 0;
}

#ifndef SIPSTATUS_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_resume_one(data, size);
}
#endif
