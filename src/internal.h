/* SPDX-License-Identifier: MIT */
/* internal.h - what the library's own files share and the header does not export. */
#ifndef SIPSTATUS_INTERNAL_H
#define SIPSTATUS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The vector paths of src/simd.c: x86-64 with GCC or Clang (their
 * target attributes and builtins); plain C everywhere else. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(SIPSTATUS_NO_SIMD)
#define SIPSTATUS__SIMD_X86 1
#endif
enum { SIPSTATUS__SIMD_SCALAR = 1, SIPSTATUS__SIMD_SSE2, SIPSTATUS__SIMD_AVX2 };

/* The path reasons are read with: SIPSTATUS_SIMD ("scalar", "sse2",
 * "avx2") when it names one this CPU has, else the best it has; read once
 * per process. */
int sipstatus__simd(void);

/* Whether this build and CPU can run the path. */
int sipstatus__simd_supported(int path);

/* From p, where a reason item ends, the first byte at or after p at which
 * whole items stop, a block at a time; p + 16k (SSE2) or p + 32k (AVX2)
 * when every block was whole, so up to a block before pe.  lut: the
 * nibble tables of reason_byte (tables.h plain_lut). */
const char *sipstatus__skip_sse2(const char *p, const char *pe);
const char *sipstatus__skip_avx2(const char *p, const char *pe, const unsigned char *lut);

/* 1 when s[0..n) is RFC 3629 UTF-8 (ASCII included), else 0. */
int sipstatus__utf8_valid(const char *s, size_t n);

/* The length of the RFC 3629 character at s[0..n) (1 for ASCII), or 0
 * when s does not start with one. */
size_t sipstatus__utf8_char(const char *s, size_t n);

/* The registry's notes on a line's code and reason[0..len):
 * SIPSTATUS_NOTE_UNREGISTERED when code is not registered, else
 * SIPSTATUS_NOTE_PHRASE when the reason is not the registered phrase under
 * ASCII case folding, else 0. */
unsigned sipstatus__phrase_notes(unsigned code, const char *reason, size_t len);

/* Whether a[0..n) and b[0..n) are the same bytes, read a word at a time
 * (overlapping at the end) and never past n. */
static inline int sipstatus__same_bytes(const char *a, const char *b, size_t n)
{
    uint64_t x, y;
    uint32_t u, v;

    if (n >= 8) {
        for (size_t i = 0; i + 8 < n; i += 8) {
            memcpy(&x, a + i, 8);
            memcpy(&y, b + i, 8);
            if (x != y)
                return 0;
        }
        memcpy(&x, a + n - 8, 8);
        memcpy(&y, b + n - 8, 8);
        return x == y;
    }
    if (n >= 4) {
        memcpy(&u, a, 4);
        memcpy(&v, b, 4);
        if (u != v)
            return 0;
        memcpy(&u, a + n - 4, 4);
        memcpy(&v, b + n - 4, 4);
        return u == v;
    }
    if (n >= 2) {
        uint16_t h, k;
        memcpy(&h, a, 2);
        memcpy(&k, b, 2);
        if (h != k)
            return 0;
        memcpy(&h, a + n - 2, 2);
        memcpy(&k, b + n - 2, 2);
        return h == k;
    }
    return n == 0 || a[0] == b[0];
}

/* By code - 100, the line "SIP/2.0 <code> <registered phrase>\r\n" and
 * its length ({NULL, 0}: not registered). */
struct sipstatus__line {
    const char *text;
    size_t len;
};
extern const struct sipstatus__line sipstatus__lines[600];

#endif
