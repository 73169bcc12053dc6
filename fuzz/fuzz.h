/* SPDX-License-Identifier: MIT */
/* fuzz.h - what the libFuzzer harnesses share: assertions that abort with both answers, and helpers. */
#ifndef SIPSTATUS_FUZZ_H
#define SIPSTATUS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "sipstatus.h"

/* Each harness's body, callable from libFuzzer's entry point and from the
 * standalone replayer (fuzz/replay.c), which runs every input through all. */
int fuzz_parse_one(const uint8_t *data, size_t size);
int fuzz_roundtrip_one(const uint8_t *data, size_t size);
int fuzz_format_one(const uint8_t *data, size_t size);
int fuzz_differential_one(const uint8_t *data, size_t size);
int fuzz_capture_one(const uint8_t *data, size_t size);
int fuzz_file_one(const uint8_t *data, size_t size);
int fuzz_mutated_one(const uint8_t *data, size_t size);
int fuzz_resume_one(const uint8_t *data, size_t size);
int fuzz_listen_one(const uint8_t *data, size_t size);

/* The grammar-aware mutator (src/mutator.c, libsipstatus_mutator.a). */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);
size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2,
                                 size_t size2, uint8_t *out, size_t max_out_size,
                                 unsigned int seed);

/* Aborts, after printing the input and the message, when cond is false. */
#define FUZZ_CHECK(cond, in, n, ...) \
    do { \
        if (!(cond)) \
            fuzz_fail(__FILE__, __LINE__, #cond, (in), (n), __VA_ARGS__); \
    } while (0)

void fuzz_fail(const char *file, int line, const char *cond, const void *in,
               size_t n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((noreturn, format(printf, 6, 7)))
#endif
    ;

/* Prints every field of a parse answer on stderr, prefixed by `who`. */
void fuzz_print_line(const char *who, int result, const struct sipstatus_line *line,
                     const char *buf);

/* A heap copy of data[0..n) with nothing after it, so that AddressSanitizer
 * catches a read at buf[n]; free() it. */
char *fuzz_copy(const void *data, size_t n);

/* Decodes %XX escapes of s[0..n) into out (room for n bytes); returns the
 * decoded length. Bytes that are not part of an escape are copied. */
size_t fuzz_percent_decode(const char *s, size_t n, char *out);

#endif
