/* SPDX-License-Identifier: MIT */
/* mutator.h - the core of the grammar-aware mutator, shared by its libFuzzer (mutator.c) and AFL++ (afl_mutator.c) faces. */
#ifndef SIPSTATUS_MUTATOR_H
#define SIPSTATUS_MUTATOR_H

#include <stddef.h>
#include <stdint.h>

/* A byte-level mutator of the fuzzing engine (libFuzzer's LLVMFuzzerMutate):
 * mutates data[0..size) in place, up to max_size; returns the new size. */
typedef size_t mutator_bytes_fn(uint8_t *data, size_t size, size_t max_size);

/* Mutates the message data[0..size) in place (capacity max_size > 0):
 * its first line (through its first LF) replaced by a generated line or
 * spliced with one at a part boundary, or (when bytes is not NULL)
 * mutated by bytes; the rest of the message kept after it, clipped at
 * max_size.  The same seed gives the same result.  Returns the new size,
 * at most max_size. */
size_t sipstatus_mutator_mutate(uint8_t *data, size_t size, size_t max_size, unsigned int seed,
                      mutator_bytes_fn *bytes);

#endif
