/* SPDX-License-Identifier: MIT */
/* simd.c - the reason's plain bytes, %XX escapes and RFC 3629 sequences passed over by blocks, with SSE2 or AVX2 (chosen by cpuid, or by SIPSTATUS_SIMD), for the machine to go on from. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "sipstatus.h"

/* What a block validator may pass over, from p (where the machine has
 * just read a reason_byte, so at the boundary of a Reason-Phrase item):
 * whole items only, each of which leaves the machine where it was, a
 * plain reason_byte, an escape '%' HEXDIG HEXDIG, or an RFC 3629 sequence
 * (gen_tables.c proves that on every item, in every state the machine can
 * be in after a reason_byte).  Anything else (a forbidden byte, CR, a
 * stray continuation, an overlong form, an item cut by the end of the
 * block) stops the block at the start of its item, and the machine reads
 * it.  The byte classes below are the grammar's, written as ranges;
 * gen_tables.c checks each validator against the machine byte by byte and
 * on every 2- and 3-byte string, and the differential fuzzer on the rest. */

#if defined(SIPSTATUS__SIMD_X86)
#include <cpuid.h>
#include <immintrin.h>

/* Both paths read fixed blocks and carry the last one over, so that an
 * item may cross from one block into the next: each lane is checked
 * against the bytes up to 3 before it.  A block with an error ends the
 * pass at the start of the item that holds the error (in this block or at
 * the end of the one before); an item cut by the last whole block ends it
 * at its start. */

/* Where the pass stops: the last item start at or before the first bad
 * lane, over the previous block (low half of the mask) and this one. */
static size_t stop_lane(unsigned bad, uint64_t starts, unsigned width)
{
    unsigned e = width + (unsigned)__builtin_ctz(bad);
    uint64_t below = starts & ((2ull << e) - 1u); /* a block's lane 0 after
                                                      a clean one is a start */
    return (size_t)(63 - __builtin_clzll(below));
}

/* ---- SSE2: 16 bytes a block ---- */

#define B16(x) _mm_set1_epi8((char)(x))
/* signed bytes in lo..hi (bytes >= 0x80 are negative) */
#define RANGE16(v, lo, hi) _mm_and_si128(_mm_cmpgt_epi8(v, B16((lo) - 1)), _mm_cmplt_epi8(v, B16((hi) + 1)))
#define EQ16(v, c) _mm_cmpeq_epi8(v, B16(c))
#define OR16(a, b) _mm_or_si128(a, b)
#define AND16(a, b) _mm_and_si128(a, b)
#define NOT_AND16(a, b) _mm_andnot_si128(a, b) /* ~a & b */
/* lane i gets the byte k before it, from the previous block at first */
#define PREV16(v, prev, k) _mm_or_si128(_mm_slli_si128(v, k), _mm_srli_si128(prev, 16 - (k)))

/* reason_byte: HTAB, SP and the printable bytes but " # % < > [ \ ] ^ ` { | } */
static __m128i plain16(__m128i v)
{
    __m128i singles = OR16(OR16(EQ16(v, 0x09), EQ16(v, 0x24)),
                           OR16(OR16(EQ16(v, 0x3d), EQ16(v, 0x5f)), EQ16(v, 0x7e)));
    __m128i ranges = OR16(OR16(RANGE16(v, 0x20, 0x21), RANGE16(v, 0x26, 0x3b)),
                          OR16(RANGE16(v, 0x3f, 0x5a), RANGE16(v, 0x61, 0x7a)));
    return OR16(singles, ranges);
}

/* The lanes where the items cannot go on; in *starts the lanes no byte
 * before needs (item starts), in *tail the starts of items the block
 * cuts.  Lead bytes: 0xC2-0xF4 (signed -62..-12), of 3 or 4 bytes
 * 0xE0-0xF4, of 4 0xF0-0xF4; continuation bytes 0x80-0xBF. */
static unsigned block16(__m128i v, __m128i prev, __m128i plain, unsigned *starts, unsigned *tail)
{
    __m128i p1 = PREV16(v, prev, 1), p2 = PREV16(v, prev, 2), p3 = PREV16(v, prev, 3);
    __m128i pct = EQ16(v, '%'), lead = RANGE16(v, -62, -12);
    __m128i hex = OR16(RANGE16(v, '0', '9'), RANGE16(_mm_or_si128(v, B16(0x20)), 'a', 'f'));
    __m128i cont = _mm_cmplt_epi8(v, B16(-64));
    __m128i req_cont = OR16(RANGE16(p1, -62, -12), OR16(RANGE16(p2, -32, -12), RANGE16(p3, -16, -12)));
    __m128i req_hex = OR16(EQ16(p1, '%'), EQ16(p2, '%'));
    __m128i required = OR16(req_cont, req_hex);
    __m128i bad = OR16(NOT_AND16(cont, req_cont), NOT_AND16(hex, req_hex));

    bad = OR16(bad, _mm_andnot_si128(OR16(required, OR16(plain, OR16(pct, lead))), B16(-1)));
    /* the second byte after E0, ED, F0, F4 (RFC 3629 §4) */
    bad = OR16(bad, AND16(EQ16(p1, 0xe0), _mm_cmplt_epi8(v, B16(-96))));  /* < A0 */
    bad = OR16(bad, AND16(EQ16(p1, 0xed), _mm_cmpgt_epi8(v, B16(-97))));  /* > 9F */
    bad = OR16(bad, AND16(EQ16(p1, 0xf0), _mm_cmplt_epi8(v, B16(-112)))); /* < 90 */
    bad = OR16(bad, AND16(EQ16(p1, 0xf4), _mm_cmpgt_epi8(v, B16(-113)))); /* > 8F */
    *tail = ((unsigned)_mm_movemask_epi8(OR16(lead, pct)) & 0x8000u) |
            ((unsigned)_mm_movemask_epi8(OR16(RANGE16(v, -32, -12), pct)) & 0x4000u) |
            ((unsigned)_mm_movemask_epi8(RANGE16(v, -16, -12)) & 0x2000u);
    *starts = ~(unsigned)_mm_movemask_epi8(required) & 0xffffu;
    return (unsigned)_mm_movemask_epi8(bad);
}

const char *sipstatus__skip_sse2(const char *p, const char *pe)
{
    __m128i prev = _mm_setzero_si128(); /* no item before p is open */
    unsigned prev_starts = 0xffffu, pending = 0;
    while (pe - p >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i plain = plain16(v);
        unsigned bad, starts, tail;
        if (!pending && _mm_movemask_epi8(plain) == 0xffff) {
            starts = 0xffffu, tail = 0;
        } else {
            bad = block16(v, prev, plain, &starts, &tail);
            if (bad)
                return p - 16 + stop_lane(bad, (uint64_t)starts << 16 | prev_starts, 16);
        }
        prev = v, prev_starts = starts, pending = tail;
        p += 16;
    }
    return pending ? p - 16 + __builtin_ctz(pending) : p;
}

/* ---- AVX2: 32 bytes a block, reason_byte by a nibble lookup ---- */

#define AVX2 __attribute__((target("avx2")))
#define B32(x) _mm256_set1_epi8((char)(x))
#define RANGE32(v, lo, hi) \
    _mm256_and_si256(_mm256_cmpgt_epi8(v, B32((lo) - 1)), _mm256_cmpgt_epi8(B32((hi) + 1), v))
#define EQ32(v, c) _mm256_cmpeq_epi8(v, B32(c))
#define OR32(a, b) _mm256_or_si256(a, b)
#define AND32(a, b) _mm256_and_si256(a, b)
#define NOT_AND32(a, b) _mm256_andnot_si256(a, b)
#define PREV32(v, prev, k) \
    _mm256_alignr_epi8(v, _mm256_permute2x128_si256(prev, v, 0x21), 16 - (k))

AVX2 static unsigned block32(__m256i v, __m256i prev, __m256i plain, unsigned *starts,
                             unsigned *tail)
{
    __m256i p1 = PREV32(v, prev, 1), p2 = PREV32(v, prev, 2), p3 = PREV32(v, prev, 3);
    __m256i pct = EQ32(v, '%'), lead = RANGE32(v, -62, -12);
    __m256i hex = OR32(RANGE32(v, '0', '9'), RANGE32(_mm256_or_si256(v, B32(0x20)), 'a', 'f'));
    __m256i cont = _mm256_cmpgt_epi8(B32(-64), v);
    __m256i req_cont = OR32(RANGE32(p1, -62, -12), OR32(RANGE32(p2, -32, -12), RANGE32(p3, -16, -12)));
    __m256i req_hex = OR32(EQ32(p1, '%'), EQ32(p2, '%'));
    __m256i required = OR32(req_cont, req_hex);
    __m256i bad = OR32(NOT_AND32(cont, req_cont), NOT_AND32(hex, req_hex));

    bad = OR32(bad, _mm256_andnot_si256(OR32(required, OR32(plain, OR32(pct, lead))), B32(-1)));
    bad = OR32(bad, AND32(EQ32(p1, 0xe0), _mm256_cmpgt_epi8(B32(-96), v)));
    bad = OR32(bad, AND32(EQ32(p1, 0xed), _mm256_cmpgt_epi8(v, B32(-97))));
    bad = OR32(bad, AND32(EQ32(p1, 0xf0), _mm256_cmpgt_epi8(B32(-112), v)));
    bad = OR32(bad, AND32(EQ32(p1, 0xf4), _mm256_cmpgt_epi8(v, B32(-113))));
    *tail = ((unsigned)_mm256_movemask_epi8(OR32(lead, pct)) & 0x80000000u) |
            ((unsigned)_mm256_movemask_epi8(OR32(RANGE32(v, -32, -12), pct)) & 0x40000000u) |
            ((unsigned)_mm256_movemask_epi8(RANGE32(v, -16, -12)) & 0x20000000u);
    *starts = ~(unsigned)_mm256_movemask_epi8(required);
    return (unsigned)_mm256_movemask_epi8(bad);
}

AVX2 const char *sipstatus__skip_avx2(const char *p, const char *pe, const unsigned char *lut)
{
    const __m256i lo_tab =
        _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)lut));
    const __m256i hi_tab =
        _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)(lut + 16)));
    const __m256i low4 = B32(0x0f);
    __m256i prev = _mm256_setzero_si256();
    unsigned prev_starts = 0xffffffffu, pending = 0;
    while (pe - p >= 32) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)p);
        __m256i lo = _mm256_shuffle_epi8(lo_tab, AND32(v, low4));
        __m256i hi = _mm256_shuffle_epi8(hi_tab, AND32(_mm256_srli_epi16(v, 4), low4));
        __m256i not_plain = _mm256_cmpeq_epi8(AND32(lo, hi), _mm256_setzero_si256());
        unsigned bad, starts, tail;
        if (!pending && _mm256_testz_si256(not_plain, not_plain)) {
            starts = 0xffffffffu, tail = 0;
        } else {
            bad = block32(v, prev, _mm256_andnot_si256(not_plain, B32(-1)), &starts, &tail);
            if (bad)
                return p - 32 + stop_lane(bad, (uint64_t)starts << 32 | prev_starts, 32);
        }
        prev = v, prev_starts = starts, pending = tail;
        p += 32;
    }
    return pending ? p - 32 + __builtin_ctz(pending) : p;
}

/* AVX2 in the CPU and its registers saved by the OS (XCR0 bits 1, 2). */
static int cpu_has_avx2(void)
{
    unsigned a, b, c, d, lo, hi;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_OSXSAVE) || !(c & bit_AVX))
        return 0;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    (void)hi;
    if ((lo & 6u) != 6u || __get_cpuid_max(0, NULL) < 7)
        return 0;
    __cpuid_count(7, 0, a, b, c, d);
    return (b & bit_AVX2) != 0;
}
#endif

int sipstatus__simd_supported(int path)
{
#if defined(SIPSTATUS__SIMD_X86)
    return path == SIPSTATUS__SIMD_SCALAR || path == SIPSTATUS__SIMD_SSE2 ||
           (path == SIPSTATUS__SIMD_AVX2 && cpu_has_avx2());
#else
    return path == SIPSTATUS__SIMD_SCALAR;
#endif
}

#if defined(SIPSTATUS__SIMD_X86)
/* The best path the CPU has, unless SIPSTATUS_SIMD names one it has. */
static int choose_path(void)
{
    static const char *const names[] = {"scalar", "sse2", "avx2"};
    const char *forced = getenv("SIPSTATUS_SIMD");
    int path;
    for (path = 0; forced && path < 3; path++)
        if (strcmp(forced, names[path]) == 0 && sipstatus__simd_supported(path + 1))
            return path + 1;
    return cpu_has_avx2() ? SIPSTATUS__SIMD_AVX2 : SIPSTATUS__SIMD_SSE2;
}

/* Chosen once per process: an int that any thread getting there first
 * stores, atomically, with the same value. */
static int chosen_path;

int sipstatus__simd(void)
{
    int path = __atomic_load_n(&chosen_path, __ATOMIC_RELAXED);
    if (path == 0) {
        path = choose_path();
        __atomic_store_n(&chosen_path, path, __ATOMIC_RELAXED);
    }
    return path;
}
#else
int sipstatus__simd(void)
{
    return SIPSTATUS__SIMD_SCALAR; /* no vector path on this target */
}
#endif

const char *sipstatus_simd_path(void)
{
    switch (sipstatus__simd()) {
    case SIPSTATUS__SIMD_SSE2: return "sse2";
    case SIPSTATUS__SIMD_AVX2: return "avx2";
    default: return "scalar";
    }
}
