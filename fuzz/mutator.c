/* SPDX-License-Identifier: MIT */
/* mutator.c - a grammar-aware libFuzzer mutator: Status-Lines at the start of the input, the rest of the message kept.
 *
 * Link libsipstatus_mutator.a into a libFuzzer target (fuzz/README.md).
 * The first line of the input (through its first LF) is replaced by, or
 * spliced with, lines of the generator in src/gen.c: valid lines of every
 * grammar branch and near-valid lines broken by one targeted mutation.
 * Whatever follows the first LF, the headers and body of a message, is
 * kept as it is.  No state: every answer comes from the seed.
 * fuzz/afl_mutator.c gives AFL++ the same core (sipstatus_mutator_mutate). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "gen.h"
#include "mutator.h"
#include "sipstatus.h"

/* libFuzzer's own mutator; weak, so that the library links without it. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size)
#if defined(__GNUC__)
    __attribute__((weak))
#endif
    ;
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    return sipstatus_mutator_mutate(data, size, max_size, seed, LLVMFuzzerMutate);
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2,
                                 size_t size2, uint8_t *out, size_t max_out_size,
                                 unsigned int seed);

#define GEN_FLAGS (SIPSTATUS_LENIENT | SIPSTATUS_STRICT_UTF8 | SIPSTATUS_REGISTERED_ONLY | \
                   SIPSTATUS_SKIP_CRLF | SIPSTATUS_ANY_CODE)

/* The length of the first line of data[0..n), through its first LF. */
static size_t first_line(const uint8_t *data, size_t n)
{
    const uint8_t *lf = memchr(data, '\n', n);
    return lf ? (size_t)(lf - data) + 1 : n;
}

/* Where part `which` of a line begins: 0 the code (after the first SP),
 * 1 the reason (after the second SP), 2 the line end (the last CR or LF). */
static size_t part(const uint8_t *l, size_t n, int which)
{
    size_t i, sp = 0;

    if (which == 2) {
        i = n;
        while (i > 0 && (l[i - 1] == '\n' || l[i - 1] == '\r'))
            i--;
        return i;
    }
    for (i = 0; i < n; i++)
        if (l[i] == ' ' && sp++ == (size_t)which)
            return i + 1;
    return n;
}

static void generate(struct gen_rng *r, struct gen_case *c)
{
    unsigned flags = (unsigned)gen_rng_next(r) & GEN_FLAGS;
    size_t i = gen_rng_below(r, 1000);

    /* flags are rarely all on: mostly strict, which peers are meant to be */
    if (gen_rng_below(r, 2))
        flags = 0;
    if (gen_rng_below(r, 3))
        gen_invalid(r, flags, i, c);
    else
        gen_valid(r, flags, i, c);
}

/* Writes line[0..ln) then tail[0..tn) into out (capacity cap; the tail
 * may overlap out), clipping at cap.  Returns the length written. */
static size_t assemble(uint8_t *out, size_t cap, const uint8_t *line, size_t ln,
                       const uint8_t *tail, size_t tn)
{
    if (ln > cap)
        ln = cap;
    if (tn > cap - ln)
        tn = cap - ln;
    memmove(out + ln, tail, tn);
    memcpy(out, line, ln);
    return ln + tn;
}

size_t sipstatus_mutator_mutate(uint8_t *data, size_t size, size_t max_size, unsigned int seed,
                                mutator_bytes_fn *bytes)
{
    struct gen_rng r;
    struct gen_case c;
    uint8_t line[2 * GEN_MAX];
    size_t ln = first_line(data, size), n = 0, a, b;
    unsigned op;

    r.s = seed;
    op = gen_rng_below(&r, 8);
    generate(&r, &c);
    if (ln > GEN_MAX)
        op = 0; /* a first line too long to splice: replace it */
    switch (op) {
    case 0:
    case 1:
    case 2: /* a new line */
        memcpy(line, c.buf, c.len);
        n = c.len;
        break;
    case 3: /* our version and code, its reason and line end */
    case 4: /* its version, our code, reason and line end */
    case 5: /* our line up to the line end, its line end */
        a = op == 3 ? part(data, ln, 1) : op == 4 ? 0 : part(data, ln, 2);
        b = op == 3 ? part((const uint8_t *)c.buf, c.len, 1)
            : op == 4 ? part((const uint8_t *)c.buf, c.len, 0)
                      : part((const uint8_t *)c.buf, c.len, 2);
        if (op == 4) { /* its version, then ours from the code on */
            memcpy(line, c.buf, b);
            a = part(data, ln, 0);
            memcpy(line + b, data + a, ln - a);
            n = b + ln - a;
        } else {
            memcpy(line, data, a);
            memcpy(line + a, c.buf + b, c.len - b);
            n = a + c.len - b;
        }
        break;
    default: /* libFuzzer's byte-level mutations, on the first line only */
        memcpy(line, data, ln);
        n = ln;
        if (bytes != NULL && ln > 0) {
            n = bytes(line, ln, GEN_MAX);
        } else {
            memcpy(line, c.buf, c.len);
            n = c.len;
        }
        break;
    }
    return assemble(data, max_size, line, n, data + ln, size - ln);
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2,
                                 size_t size2, uint8_t *out, size_t max_out_size,
                                 unsigned int seed)
{
    struct gen_rng r;
    uint8_t line[2 * GEN_MAX];
    size_t l1 = first_line(data1, size1), l2 = first_line(data2, size2), a, b, n;
    int which;

    r.s = seed;
    which = (int)gen_rng_below(&r, 3);
    /* the first line of one up to a part boundary, the other's from there */
    a = part(data1, l1, which);
    b = part(data2, l2, which);
    if (a > GEN_MAX)
        a = GEN_MAX;
    if (l2 - b > GEN_MAX)
        b = l2 - GEN_MAX;
    memcpy(line, data1, a);
    memcpy(line + a, data2 + b, l2 - b);
    n = a + l2 - b;
    /* the message after the line: one or the other */
    if (gen_rng_below(&r, 2))
        return assemble(out, max_out_size, line, n, data1 + l1, size1 - l1);
    return assemble(out, max_out_size, line, n, data2 + l2, size2 - l2);
}
