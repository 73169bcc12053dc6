/* SPDX-License-Identifier: MIT */
/* afl_mutator.c - the grammar-aware mutator (mutator.c) as an AFL++ custom mutator library: AFL_CUSTOM_MUTATOR_LIBRARY=afl_mutator.so.
 *
 * AFL++ calls afl_custom_init once, afl_custom_fuzz for each mutation and
 * afl_custom_deinit at the end (AFL++'s docs/custom_mutators.md).  Each
 * mutation copies the input into a buffer of ours and hands it to
 * sipstatus_mutator_mutate with a seed from a counter started at AFL++'s seed, so a
 * run is as reproducible as AFL++ makes it.  Byte-level mutation is left
 * to AFL++'s own stages (off under AFL_CUSTOM_MUTATOR_ONLY). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mutator.h"

/* The largest output: AFL++'s max_size, at most this (its default is 1 MB). */
#define AFL_MUTATOR_MAX (1u << 20)

struct afl_mutator {
    uint8_t *buf;      /* AFL_MUTATOR_MAX bytes, ours until deinit */
    unsigned int seed; /* the next mutation's seed */
};

void *afl_custom_init(void *afl, unsigned int seed);
size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf,
                       uint8_t *add_buf, size_t add_buf_size, size_t max_size);
void afl_custom_deinit(void *data);

void *afl_custom_init(void *afl, unsigned int seed)
{
    struct afl_mutator *m = malloc(sizeof *m);

    (void)afl;
    if (m == NULL)
        return NULL;
    m->buf = malloc(AFL_MUTATOR_MAX);
    if (m->buf == NULL) {
        free(m);
        return NULL;
    }
    m->seed = seed;
    return m;
}

size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf,
                       uint8_t *add_buf, size_t add_buf_size, size_t max_size)
{
    struct afl_mutator *m = data;
    size_t cap = max_size < AFL_MUTATOR_MAX ? max_size : AFL_MUTATOR_MAX;
    size_t n = buf_size < cap ? buf_size : cap;

    (void)add_buf;
    (void)add_buf_size;
    if (cap == 0) {
        *out_buf = buf;
        return 0;
    }
    memcpy(m->buf, buf, n);
    n = sipstatus_mutator_mutate(m->buf, n, cap, m->seed++, NULL);
    *out_buf = m->buf;
    return n;
}

void afl_custom_deinit(void *data)
{
    struct afl_mutator *m = data;

    if (m != NULL)
        free(m->buf);
    free(m);
}
