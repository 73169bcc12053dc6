/* SPDX-License-Identifier: MIT */
/* fuzz_mutated.c - libFuzzer harness driven by the grammar-aware mutator (libsipstatus_mutator.a): the parse invariants under four flag sets. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* The input is a whole message, as the mutator writes it; fuzz_parse_one
 * takes the flags from a first byte, so each flag set is put before it. */
static const unsigned char flag_sets[] = {
    0, SIPSTATUS_LENIENT, SIPSTATUS_STRICT_UTF8 | SIPSTATUS_REGISTERED_ONLY,
    SIPSTATUS_LENIENT | SIPSTATUS_STRICT_UTF8,
};

int fuzz_mutated_one(const uint8_t *data, size_t size)
{
    uint8_t *buf = malloc(size + 1);
    size_t k;

    if (buf == NULL)
        return 0;
    memcpy(buf + 1, data, size);
    for (k = 0; k < sizeof flag_sets; k++) {
        buf[0] = flag_sets[k];
        fuzz_parse_one(buf, size + 1);
    }
    free(buf);
#ifdef SIPSTATUS_REPLAY
    /* without libFuzzer, the mutator itself: whatever the seed, the output
     * fits, and the message after the first line is kept when it fits */
    {
        size_t max = size + 600, n, ln;
        uint8_t *m = malloc(max), *tail;
        unsigned seed;
        const uint8_t *lf = memchr(data, '\n', size);

        if (m == NULL)
            return 0;
        ln = lf ? (size_t)(lf - data) + 1 : size;
        for (seed = 0; seed < 8; seed++) {
            memcpy(m, data, size);
            n = LLVMFuzzerCustomMutator(m, size, max, seed);
            FUZZ_CHECK(n <= max, data, size, "seed %u: %zu bytes > max %zu", seed, n, max);
            tail = n >= size - ln ? m + n - (size - ln) : NULL;
            FUZZ_CHECK(tail == NULL || memcmp(tail, data + ln, size - ln) == 0 ||
                           n == max,
                       data, size, "seed %u: the message after the line changed", seed);
            fuzz_parse_one(m, n); /* its first byte is the flags */
            n = LLVMFuzzerCustomCrossOver(data, size, m, n, m, max, seed);
            FUZZ_CHECK(n <= max, data, size, "crossover %u: %zu bytes", seed, n);
        }
        free(m);
    }
#endif
    return 0;
}

#ifndef SIPSTATUS_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_mutated_one(data, size);
}
#endif
