/* SPDX-License-Identifier: MIT */
/* seeds.h - the tests' inputs, written out as fuzzing seeds when SIPSTATUS_SEED_DIR is set (scripts/make-seeds). */
#ifndef SIPSTATUS_TEST_SEEDS_H
#define SIPSTATUS_TEST_SEEDS_H

#include <stddef.h>

/* A parse input: for fuzz_parse and fuzz_roundtrip (flags byte, then the
 * bytes) and fuzz_differential (the bytes). */
void seed_parse(const char *in, size_t n, unsigned flags);

/* A format call: for fuzz_format (two code bytes, a flags byte, the reason). */
void seed_format(unsigned code, const char *reason, size_t n, unsigned flags);

#endif
