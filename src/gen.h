/* SPDX-License-Identifier: MIT */
/* gen.h - the Status-Line generator that `sipstatus gen`, `sipstatus diff` and the libFuzzer mutator share. */
#ifndef SIPSTATUS_GEN_H
#define SIPSTATUS_GEN_H

#include <stddef.h>
#include <stdint.h>

/* The longest case the generator writes, in bytes. */
#define SIPSTATUS_GEN_MAX 1280

/* splitmix64: the generator's own PRNG, so that a seed gives the same
 * cases with any libc. */
struct sipstatus_rng {
    uint64_t s;
};

uint64_t sipstatus__rng_next(struct sipstatus_rng *r);
/* A number in [0, n); n > 0. */
unsigned sipstatus__rng_below(struct sipstatus_rng *r, unsigned n);

/* One generated case.  The intent is what the generator meant, never the
 * label: callers label a case with sipstatus_parse() and compare. */
struct sipstatus_case {
    char buf[SIPSTATUS_GEN_MAX];
    size_t len;           /* always ends in LF */
    int intent;           /* SIPSTATUS_OK or the SIPSTATUS_E_* kind meant */
    size_t intent_offset; /* the error offset meant (0 for OK) */
    const char *family;   /* what the case exercises, e.g. "utf8-3" */
};

/* Writes a valid case for the parse flags `flags` (SIPSTATUS_LENIENT_*,
 * STRICT_UTF8, REGISTERED_ONLY; SKIP_CRLF is ignored).  Case number i
 * picks the family and the code in turn, so that the first cases cover
 * every family and every registered code; the rest comes from r. */
void sipstatus__gen_valid(struct sipstatus_rng *r, unsigned flags, size_t i,
                          struct sipstatus_case *c);

/* Writes an invalid case for `flags`: a valid line broken by one targeted
 * mutation.  Case number i picks the family in turn (only families that
 * are errors under flags), the offset within its region from r. */
void sipstatus__gen_invalid(struct sipstatus_rng *r, unsigned flags, size_t i,
                            struct sipstatus_case *c);

/* The number of families that gen_valid / gen_invalid use under flags. */
size_t sipstatus__gen_families(unsigned flags, int invalid);

/* A libFuzzer/AFL dictionary: NULL-terminated lines `name="value"`. */
extern const char *const sipstatus__gen_dict[];

#endif
