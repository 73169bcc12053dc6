/* SPDX-License-Identifier: MIT */
/* gen.h - the Status-Line generator that `sipstatus gen`, `sipstatus diff` and the libFuzzer mutator share. */
#ifndef GEN_H
#define GEN_H

#include <stddef.h>
#include <stdint.h>

/* The longest case the generator writes, in bytes. */
#define GEN_MAX 1280

/* splitmix64: the generator's own PRNG, so that a seed gives the same
 * cases with any libc. */
struct gen_rng {
    uint64_t s;
};

uint64_t gen_rng_next(struct gen_rng *r);
/* A number in [0, n); n > 0. */
unsigned gen_rng_below(struct gen_rng *r, unsigned n);

/* One generated case.  The intent is what the generator meant, never the
 * label: callers label a case with sipstatus_parse() and compare. */
struct gen_case {
    char buf[GEN_MAX];
    size_t len;           /* always ends in LF */
    int intent;           /* SIPSTATUS_OK or the SIPSTATUS_E_* kind meant */
    size_t intent_offset; /* the error offset meant (0 for OK) */
    const char *family;   /* what the case exercises, e.g. "utf8-3" */
};

/* Writes a valid case for the parse flags `flags` (SIPSTATUS_LENIENT_*,
 * STRICT_UTF8, REGISTERED_ONLY; SKIP_CRLF is ignored).  Case number i
 * picks the family and the code in turn, so that the first cases cover
 * every family and every registered code; the rest comes from r. */
void gen_valid(struct gen_rng *r, unsigned flags, size_t i,
                          struct gen_case *c);

/* Writes an invalid case for `flags`: a valid line broken by one targeted
 * mutation.  Case number i picks the family in turn (only families that
 * are errors under flags), the offset within its region from r. */
void gen_invalid(struct gen_rng *r, unsigned flags, size_t i,
                            struct gen_case *c);

/* The number of families that gen_valid / gen_invalid use under flags. */
size_t gen_families(unsigned flags, int invalid);

/* A libFuzzer/AFL dictionary: NULL-terminated lines `name="value"`. */
extern const char *const gen_dict[];

#endif
