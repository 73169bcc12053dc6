/* SPDX-License-Identifier: MIT */
/* fuzz_differential.c - libFuzzer harness: the parser, the same grammar in another Ragel code style, and the plain-C reference must agree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "reference.h"

/* The same src/parse.rl, generated with another code style (the Makefile
 * builds it with renamed symbols). */
int sipstatus_parse_alt(const char *buf, size_t len, unsigned flags,
                        struct sipstatus_line *line);

static int same(int ra, const struct sipstatus_line *a, int rb,
                const struct sipstatus_line *b)
{
    return ra == rb && a->error_offset == b->error_offset && a->code == b->code &&
           a->major == b->major && a->minor == b->minor && a->reason == b->reason &&
           a->reason_len == b->reason_len && a->start == b->start &&
           a->length == b->length && a->notes == b->notes;
}

static void compare(const char *buf, size_t n, unsigned flags, const char *name_b,
                    int ra, const struct sipstatus_line *a, int rb,
                    const struct sipstatus_line *b)
{
    if (same(ra, a, rb, b))
        return;
    fprintf(stderr, "disagreement with flags 0x%x:\n", flags);
    fuzz_print_line("parser", ra, a, buf);
    fuzz_print_line(name_b, rb, b, buf);
    FUZZ_CHECK(0, buf, n, "parser and %s disagree (flags 0x%x)", name_b, flags);
}

int fuzz_differential_one(const uint8_t *data, size_t size)
{
    char *buf = fuzz_copy(data, size);
    for (unsigned flags = 0; flags <= SIPSTATUS_PARSE_FLAGS; flags++) {
        struct sipstatus_line a, b, c;
        int ra = sipstatus_parse(buf, size, flags, &a);
        int rb = sipstatus_parse_alt(buf, size, flags, &b);
        int rc = sipstatus_reference_parse(buf, size, flags, &c);
        compare(buf, size, flags, "alt-style", ra, &a, rb, &b);
        compare(buf, size, flags, "reference", ra, &a, rc, &c);
    }
    free(buf);
    return 0;
}

#ifndef SIPSTATUS_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_differential_one(data, size);
}
#endif
