/* SPDX-License-Identifier: MIT */
/* test_differential.c - sipstatus_parse() against the plain-C reference parser (fuzz/reference.c) under all 128 flag sets, and the reference against hand-computed answers. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "reference.h"
#include "sipstatus.h"
#include "seeds.h"
#include "suites.h"

/* A string literal with its length, so that literals may hold NUL bytes. */
#define BYTES(s) s, sizeof(s) - 1

#define MAX_INPUT 256

/* ---- printing an answer ---- */

/* in[0..n) with every byte outside printable ASCII (and '\\', '"') as \xNN;
 * out needs 4 * n + 1 bytes. */
static void escape_bytes(const char *in, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)in[i];
        if (b >= 0x20 && b <= 0x7E && b != '\\' && b != '"')
            *out++ = (char)b;
        else
            out += sprintf(out, "\\x%02X", b);
    }
    *out = '\0';
}

/* Every field of one answer on one line; the reason as an offset, since
 * only its place in buf is comparable. */
static void describe(char *out, size_t cap, int result, const struct sipstatus_line *l,
                     const char *buf)
{
    char reason[32];
    if (l->reason == NULL)
        snprintf(reason, sizeof reason, "NULL");
    else
        snprintf(reason, sizeof reason, "buf+%td", l->reason - buf);
    snprintf(out, cap,
             "%s(%d) error_offset=%zu code=%u major=%u minor=%u reason=%s "
             "reason_len=%zu start=%zu length=%zu notes=0x%03X",
             sipstatus_errname(result), result, l->error_offset, l->code, l->major,
             l->minor, reason, l->reason_len, l->start, l->length, l->notes);
}

static int same_answer(int ra, const struct sipstatus_line *a, int rb,
                       const struct sipstatus_line *b)
{
    return ra == rb && a->error_offset == b->error_offset && a->code == b->code &&
           a->major == b->major && a->minor == b->minor && a->reason == b->reason &&
           a->reason_len == b->reason_len && a->start == b->start &&
           a->length == b->length && a->notes == b->notes;
}

/* Fails the test with the input, the flags and two answers (both with
 * reason pointing into buf), each under its name. */
static void report(const char *what, const char *buf, size_t n, unsigned flags,
                   const char *name_a, int ra, const struct sipstatus_line *a,
                   const char *name_b, int rb, const struct sipstatus_line *b)
{
    char input[4 * MAX_INPUT + 1], text_a[256], text_b[256];
    escape_bytes(buf, n, input);
    describe(text_a, sizeof text_a, ra, a, buf);
    describe(text_b, sizeof text_b, rb, b, buf);
    ck_abort_msg("%s: input \"%s\" (%zu bytes), flags 0x%02X\n  %-10s %s\n  %-10s %s", what,
                 input, n, flags, name_a, text_a, name_b, text_b);
}

/* ---- the comparison ---- */

/* Both parsers on buf[0..n) under one flag set; buf is a heap block of
 * exactly n bytes, so AddressSanitizer sees any read past the end. */
static int compare_one(const char *buf, size_t n, unsigned flags, struct sipstatus_line *ref)
{
    struct sipstatus_line lib;
    int rl = sipstatus_parse(buf, n, flags, &lib);
    int rr = sipstatus_reference_parse(buf, n, flags, ref);
    if (!same_answer(rl, &lib, rr, ref))
        report("parser and reference disagree", buf, n, flags, "library:", rl, &lib,
               "reference:", rr, ref);
    return rr;
}

/* Prefix-closedness: when buf[0..n) holds a line, each shorter prefix
 * that stops before its LF is INCOMPLETE, never an error, in both
 * parsers; and the line alone gets the same answer as with what follows. */
static void check_line_prefixes(const char *buf, unsigned flags, const struct sipstatus_line *line)
{
    struct sipstatus_line ref;
    for (size_t k = 0; k < line->length; k++) {
        char *p = malloc(k ? k : 1);
        memcpy(p, buf, k);
        int r = compare_one(p, k, flags, &ref);
        if (r != SIPSTATUS_INCOMPLETE)
            report("a prefix of a valid line is not INCOMPLETE", p, k, flags, "both:", r, &ref,
                   "both:", r, &ref);
        free(p);
    }
    int r = compare_one(buf, line->length, flags, &ref);
    if (!same_answer(r, &ref, SIPSTATUS_OK, line))
        report("the line alone is read differently", buf, line->length, flags, "alone:", r,
               &ref, "with more:", SIPSTATUS_OK, line);
}

/* What error_offset means: the bytes before it still begin a valid line
 * (INCOMPLETE), and the bytes through it already give the same error.
 * E_UNREGISTERED is found at the third code digit but reported at the
 * first. */
static void check_error_prefixes(const char *buf, int result, unsigned flags,
                                 const struct sipstatus_line *line)
{
    size_t at = line->error_offset + (result == SIPSTATUS_E_UNREGISTERED ? 2 : 0);
    struct sipstatus_line ref;
    int r = compare_one(buf, at, flags, &ref);
    if (r != SIPSTATUS_INCOMPLETE)
        report("the bytes before the error are not INCOMPLETE", buf, at, flags, "before:", r,
               &ref, "whole:", result, line);
    r = compare_one(buf, at + 1, flags, &ref);
    if (!same_answer(r, &ref, result, line))
        report("the bytes through the error give another answer", buf, at + 1, flags,
               "through:", r, &ref, "whole:", result, line);
}

/* in[0..n) under every flag set; with prefixes, the two checks above on
 * each answer too. */
static void compare_all_flags(const char *in, size_t n, int prefixes)
{
    char *buf = malloc(n ? n : 1);
    memcpy(buf, in, n);
    for (unsigned flags = 0; flags <= SIPSTATUS_PARSE_FLAGS; flags++) {
        struct sipstatus_line ref;
        int r = compare_one(buf, n, flags, &ref);
        if (prefixes && r == SIPSTATUS_OK)
            check_line_prefixes(buf, flags, &ref);
        else if (prefixes && r < 0)
            check_error_prefixes(buf, r, flags, &ref);
    }
    free(buf);
}

/* ---- a. every short string after a valid prefix ---- */

/* The byte classes the grammar tells apart, grouped by where they matter.
 * Long strings of a big alphabet cost too much under 64 flag sets, so
 * each region gets the classes that matter there, and only the places
 * where bytes interact (escapes, UTF-8 sequences, line ends, separators)
 * get strings of 3 or 4. */
#define VERSION_ALPHABET "SsIiPp/.0129 \t\r\n\0x\x80"
#define DIGITS_ALPHABET "09. \t\r\nx"
#define CODE_ALPHABET "0146789 \t\r\nO%\0"
#define CODE4_ALPHABET "0169 \t\r\nO"
/* Every byte class of the reason: allowed and forbidden punctuation, hex
 * and non-hex letters, controls, DEL, each kind of UTF-8 lead and the
 * continuation ranges RFC 3629 singles out. */
#define REASON_ALPHABET "S/.09 \t\r\n%Afg\"#~;\0\x01\x7F\x80\x8F\x90\x9F\xA0\xBF\xC0" \
                        "\xC1\xC2\xE0\xED\xF0\xF4\xF5\xF8\xFC\xFE\xFF"
/* One byte of each reason class, for strings of 3. */
#define CLASS_ALPHABET "a0g\"% \t\r\n\0\x7F\x80\xA0\xC1\xC2\xE0\xED\xF0\xF4\xFE"
/* The continuation ranges after a lead, and what breaks a sequence. */
#define UTF8_ALPHABET "\x80\x8F\x90\x9F\xA0\xBF\xC2\xE0" "a\r"
#define ESCAPE_ALPHABET "09AFafgG%\r\n \x80\""
#define EOL_ALPHABET "\r\n x\0\t"

static const char *const suffixes[] = {"", "\r\n", "\n"};

static const struct exhaustive_case {
    const char *prefix;
    size_t prefix_len;
    const char *alphabet;
    size_t alphabet_len;
    int max_len;
} exhaustive_cases[] = {
    {BYTES(""), BYTES(VERSION_ALPHABET), 3},
    {BYTES("\r\n"), BYTES(VERSION_ALPHABET), 3},
    {BYTES("\n"), BYTES(VERSION_ALPHABET), 3},
    {BYTES("\r"), BYTES(VERSION_ALPHABET), 3},
    {BYTES("SI"), BYTES(VERSION_ALPHABET), 3},
    {BYTES("sIp/"), BYTES(VERSION_ALPHABET), 3},
    {BYTES("SIP/2"), BYTES(DIGITS_ALPHABET), 3},
    {BYTES("SIP/2."), BYTES(DIGITS_ALPHABET), 3},
    {BYTES("SIP/12345678"), BYTES(DIGITS_ALPHABET), 3},
    {BYTES("SIP/2.12345678"), BYTES(DIGITS_ALPHABET), 3},
    {BYTES("SIP/2.0"), BYTES(CODE_ALPHABET), 3},
    {BYTES("SIP/2.0 "), BYTES(CODE4_ALPHABET), 4},
    {BYTES("sip/02.0  4"), BYTES(CODE_ALPHABET), 3},
    {BYTES("SIP/2.0 2"), BYTES(CODE_ALPHABET), 3},
    {BYTES("SIP/2.0 200"), BYTES(CODE_ALPHABET), 3},
    {BYTES("SIP/2.0 299"), BYTES(CODE_ALPHABET), 2},
    {BYTES("\r\n\r\nSIP/2.0 180"), BYTES(CODE_ALPHABET), 2},
    {BYTES("SIP/2.0 200 "), BYTES(REASON_ALPHABET), 2},
    {BYTES("SIP/2.0 200 a"), BYTES(REASON_ALPHABET), 2},
    {BYTES("SIP/2.0 200 "), BYTES(CLASS_ALPHABET), 3},
    {BYTES("SIP/2.0 100 \t"), BYTES(CLASS_ALPHABET), 2},
    {BYTES("SIP/2.0 200 \xC1"), BYTES(UTF8_ALPHABET), 3},
    {BYTES("SIP/2.0 200 \xE0"), BYTES(UTF8_ALPHABET), 3},
    {BYTES("SIP/2.0 200 \xED"), BYTES(UTF8_ALPHABET), 3},
    {BYTES("SIP/2.0 200 \xF0"), BYTES(UTF8_ALPHABET), 3},
    {BYTES("SIP/2.0 200 \xF4"), BYTES(UTF8_ALPHABET), 3},
    {BYTES("SIP/2.0 200 \xF8\x80"), BYTES(UTF8_ALPHABET), 3},
    {BYTES("SIP/2.0 200 \xFC\x80"), BYTES(UTF8_ALPHABET), 3},
    {BYTES("SIP/2.0 200 %"), BYTES(ESCAPE_ALPHABET), 3},
    {BYTES("SIP/2.0 200 OK"), BYTES(EOL_ALPHABET), 4},
    {BYTES("SIP/2.0 200 OK\r\n"), BYTES(EOL_ALPHABET), 2},
};

START_TEST(test_exhaustive)
{
    const struct exhaustive_case *t = &exhaustive_cases[_i];
    char in[MAX_INPUT];
    int digits[8];
    unsigned count = 0;
    memcpy(in, t->prefix, t->prefix_len);
    for (int n = 0; n <= t->max_len; n++) {
        /* digits[] counts in base alphabet_len through every string of n bytes */
        memset(digits, 0, sizeof digits);
        for (;;) {
            for (int i = 0; i < n; i++)
                in[t->prefix_len + (size_t)i] = t->alphabet[digits[i]];
            for (size_t s = 0; s < sizeof suffixes / sizeof suffixes[0]; s++) {
                size_t len = t->prefix_len + (size_t)n, slen = strlen(suffixes[s]);
                memcpy(in + len, suffixes[s], slen);
                /* the prefix checks on a sample: they cost a parse per byte */
                compare_all_flags(in, len + slen, count++ % 16 == 0);
            }
            int i = 0;
            while (i < n && ++digits[i] == (int)t->alphabet_len)
                digits[i++] = 0;
            if (i == n)
                break;
        }
    }
}
END_TEST

/* ---- b. mutations of valid lines; c. their prefixes ---- */

static const struct {
    const char *line;
    size_t len;
} seed_lines[] = {
    {BYTES("SIP/2.0 200 OK\r\n")},
    {BYTES("SIP/2.0 180 Ringing\r\n")},
    {BYTES("SIP/2.0 100 Trying\r\n")},
    {BYTES("SIP/2.0 486 Busy Here\r\n")},
    {BYTES("SIP/2.0 699 x\r\n")},
    {BYTES("SIP/2.0 100 \r\n")},
    {BYTES("sip/02.00 404 not found\r\n")},
    {BYTES("SIP/2.0 503 Service Unavailable\r\nVia: x\r\n")},
    {BYTES("SIP/2.0 200 %4F%4b\r\n")},
    {BYTES("SIP/2.0 200 = 2**3 * 5**2 \xD0\xBD\xD0\xBE \xD1\x81\xD1\x82\xD0\xBE - "
           "\xD0\xBF\xD1\x80\xD0\xBE\xD1\x81\xD1\x82\xD0\xBE\xD0\xB5\r\n")},
    {BYTES("SIP/2.0 200 \xE2\x82\xAC \xF0\x9F\x98\x80 \xE0\xA0\x80 \xF4\x8F\xBF\xBF\r\n")},
    {BYTES("SIP/2.0 200 \xC0\x80 \xED\xA0\x80 \xF8\x88\x80\x80\x80 \x80\r\n")},
    {BYTES("SIP/123456789.987654321 606 Not Acceptable\r\n")},
    {BYTES("\r\n\r\nSIP/2.0 200 OK\r\n")},
    {BYTES("\n\r\nSIP/2.0 200 OK\n")},
    {BYTES("SIP/2.0\t 200 \t OK \r\n")},
    {BYTES("SIP/2.0 200\r\n")},
    {BYTES("SIP/2.0 200 50% \"off\" <x>\r\n")},
    {BYTES("SIP/2.0 183 Session Progress\n")},
    {BYTES("SIP/2.0 299 ;/?:@&=+$,-_.!~*'()\r\n")},
};

/* xorshift64: fixed seed, so every run tries the same inputs. */
static uint64_t rng_state;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 32);
}

static uint32_t rng_below(uint32_t n)
{
    return rng() % n;
}

static const char interesting[] = REASON_ALPHABET "123456789SIPsip\x0B\x1F\xFD\xC3\xE3\xF7";

static unsigned char random_interesting(void)
{
    return (unsigned char)interesting[rng_below(sizeof interesting - 1)];
}

/* The input being mutated: bytes and length, bounded by MAX_INPUT. */
struct mutant {
    char b[MAX_INPUT];
    size_t n;
};

/* Replaces m->b[at..at+del) with src[0..n), if it fits. */
static void splice(struct mutant *m, size_t at, size_t del, const char *src, size_t n)
{
    if (at > m->n)
        at = m->n;
    if (del > m->n - at)
        del = m->n - at;
    if (m->n - del + n > MAX_INPUT)
        return;
    memmove(m->b + at + n, m->b + at + del, m->n - at - del);
    memcpy(m->b + at, src, n);
    m->n = m->n - del + n;
}

/* Code point cp in `bytes` bytes of the UTF-8 scheme, 1 to 6: longer than
 * needed gives an overlong form; cp may be a surrogate or above U+10FFFF. */
static size_t utf8_encode(uint32_t cp, size_t bytes, char *out)
{
    static const unsigned char lead[] = {0, 0x00, 0xC0, 0xE0, 0xF0, 0xF8, 0xFC};
    for (size_t i = bytes - 1; i > 0; i--) {
        out[i] = (char)(0x80 | (cp & 0x3F));
        cp >>= 6;
    }
    out[0] = (char)(lead[bytes] | cp);
    return bytes;
}

static void mutate_utf8(struct mutant *m, size_t at)
{
    static const uint32_t points[] = {0x41, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xD800,
                                      0xDFFF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF,
                                      0x110000, 0x1FFFFF, 0x3FFFFFF, 0x7FFFFFFF};
    static const size_t minimal[] = {1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 5, 6};
    char seq[8];
    size_t k = rng_below(sizeof points / sizeof points[0]);
    uint32_t cp = points[k];
    if (rng_below(2))
        cp = (uint32_t)(cp - rng_below(64));
    size_t bytes = minimal[k] + (rng_below(3) == 0 ? rng_below(3) : 0);
    if (bytes > 6)
        bytes = 6;
    if (bytes == 1 && cp > 0x7F)
        bytes = 2;
    size_t n = utf8_encode(cp, bytes, seq);
    if (rng_below(4) == 0 && n > 1)
        n -= 1 + rng_below((uint32_t)n - 1); /* a truncated sequence */
    splice(m, at, rng_below(3) == 0, seq, n);
}

static void mutate_escape(struct mutant *m, size_t at)
{
    static const char hexish[] = "0123456789abcdefABCDEFgG% \r\n\x80";
    char esc[3] = {'%', hexish[rng_below(sizeof hexish - 1)], hexish[rng_below(sizeof hexish - 1)]};
    splice(m, at, 0, esc, 1 + rng_below(3));
}

/* A run of 8-11 digits, in place of the digits at `at` when there are. */
static void mutate_digits(struct mutant *m, size_t at)
{
    char run[11];
    size_t n = 8 + rng_below(4), old = 0;
    for (size_t i = 0; i < n; i++)
        run[i] = (char)('0' + rng_below(10));
    while (at + old < m->n && m->b[at + old] >= '0' && m->b[at + old] <= '9')
        old++;
    splice(m, at, old, run, n);
}

/* Some other code, 3 or 4 digits, where the code is. */
static void mutate_code(struct mutant *m)
{
    char code[4];
    size_t n = rng_below(3) == 0 ? 4 : 3;
    for (size_t i = 0; i < n; i++)
        code[i] = (char)('0' + rng_below(10));
    if (n == 3 && rng_below(2))
        code[0] = (char)('1' + rng_below(6));
    char *sp = memchr(m->b, ' ', m->n);
    if (sp != NULL)
        splice(m, (size_t)(sp - m->b) + 1, 3, code, n);
}

static void mutate_once(struct mutant *m)
{
    static const char *const ends[] = {"\r\n", "\n", "\r", "\r\n\r\n", " ", "\t", "  "};
    size_t at = m->n ? rng_below((uint32_t)m->n + 1) : 0;
    char byte = (char)random_interesting();
    const char *end;
    switch (rng_below(11)) {
    case 0: /* insert */
        splice(m, at, 0, &byte, 1);
        break;
    case 1: /* delete 1-3 bytes */
        splice(m, at, 1 + rng_below(3), "", 0);
        break;
    case 2: /* replace by an interesting byte */
        splice(m, at, 1, &byte, 1);
        break;
    case 3: /* replace by any byte */
        byte = (char)rng_below(256);
        splice(m, at, 1, &byte, 1);
        break;
    case 4:
        mutate_escape(m, at);
        break;
    case 5:
        mutate_utf8(m, at);
        break;
    case 6:
        mutate_digits(m, at);
        break;
    case 7:
        mutate_code(m);
        break;
    case 8: /* leading line ends */
        end = ends[rng_below(4)];
        splice(m, 0, 0, end, strlen(end));
        break;
    case 9: /* line ends and whitespace anywhere */
        end = ends[rng_below(sizeof ends / sizeof ends[0])];
        splice(m, at, rng_below(2), end, strlen(end));
        break;
    default: /* cut short */
        m->n = at;
        break;
    }
}

#define MUTATION_ROUNDS 8
#define MUTATIONS_PER_ROUND 25000

START_TEST(test_mutations)
{
    rng_state = 0x9E3779B97F4A7C15u ^ ((uint64_t)_i * 0x100000001B3u);
    for (int k = 0; k < MUTATIONS_PER_ROUND; k++) {
        struct mutant m;
        size_t s = rng_below(sizeof seed_lines / sizeof seed_lines[0]);
        memcpy(m.b, seed_lines[s].line, seed_lines[s].len);
        m.n = seed_lines[s].len;
        for (uint32_t times = 1 + rng_below(3); times > 0; times--)
            mutate_once(&m);
        compare_all_flags(m.b, m.n, k % 64 == 0); /* prefix checks on a sample */
    }
}
END_TEST

/* ---- long reasons of items, for the vector paths ---- */

/* Reasons of 40-250 bytes from these pieces: runs of reason_bytes, the
 * items the vector paths pass over (escapes, RFC 3629 sequences of every
 * length and edge), and what they must stop at (cut, overlong, surrogate
 * and too-large forms, stray continuations, forbidden bytes, line ends),
 * so that every kind falls at every offset of a 16- and 32-byte block. */
static const char *const long_pieces[] = {
    "a", "Busy Here", "x-y_z.w!~*'()", ";/?:@&=+$,", " ", "\t", "%41", "%c3%A9", "%",
    "%4", "%G1", "\xC3\xA9", "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xE2\x82\xAC",
    "\xED\x9F\xBF", "\xEF\xBF\xBF", "\xF0\x90\x80\x80", "\xF0\x9F\x98\x80",
    "\xF4\x8F\xBF\xBF", "\xC3", "\xE2\x82", "\xF0\x9F\x98", "\xC0\x80", "\xE0\x9F\xBF",
    "\xED\xA0\x80", "\xF0\x8F\xBF\xBF", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80",
    "\x80", "\xBF", "\xFE", "\xF8\x88\x80\x80\x80", "\"", "<", "\x7F", "\r", "\n", "\x01",
};

#define LONG_ROUNDS 4
#define LONG_PER_ROUND 150

START_TEST(test_long_reasons)
{
    rng_state = 0xD1B54A32D192ED03u ^ ((uint64_t)_i * 0x100000001B3u);
    for (int k = 0; k < LONG_PER_ROUND; k++) {
        char line[MAX_INPUT];
        size_t n = 12, want = 40 + rng_below(211);
        /* mostly valid pieces, so that the blocks run long before a stop */
        int bad_every = 4 + (int)rng_below(60);
        memcpy(line, "SIP/2.0 200 ", 12);
        while (n < want) {
            size_t pick = rng_below(sizeof long_pieces / sizeof long_pieces[0]);
            const char *piece;
            size_t len;
            if (pick >= 21 && rng_below((uint32_t)bad_every) != 0)
                pick = rng_below(21);
            piece = long_pieces[pick];
            len = strlen(piece);
            if (n + len + 2 > sizeof line)
                break;
            memcpy(line + n, piece, len);
            n += len;
        }
        memcpy(line + n, "\r\n", 2);
        compare_all_flags(line, n + 2, k % 16 == 0);
    }
}
END_TEST

START_TEST(test_seed_prefixes)
{
    compare_all_flags(seed_lines[_i].line, seed_lines[_i].len, 1);
}
END_TEST

/* Unknown flag bits and NULL arguments: E_ARG from both, line zeroed. */
START_TEST(test_bad_arguments)
{
    static const unsigned bad_flags[] = {0x80, 0x100, 0x8000u, 0x80000000u, 0xFFFFFFFFu};
    const char *in = "SIP/2.0 200 OK\r\n";
    for (size_t i = 0; i < sizeof bad_flags / sizeof bad_flags[0]; i++) {
        struct sipstatus_line lib, ref;
        memset(&lib, 0xA5, sizeof lib);
        memset(&ref, 0xA5, sizeof ref);
        int rl = sipstatus_parse(in, strlen(in), bad_flags[i], &lib);
        int rr = sipstatus_reference_parse(in, strlen(in), bad_flags[i], &ref);
        ck_assert_int_eq(rr, SIPSTATUS_E_ARG);
        ck_assert_uint_eq(ref.code + ref.error_offset + ref.length + ref.start, 0);
        ck_assert_ptr_null(ref.reason);
        if (!same_answer(rl, &lib, rr, &ref))
            report("parser and reference disagree", in, strlen(in), bad_flags[i], "library:", rl,
                   &lib, "reference:", rr, &ref);
    }
    ck_assert_int_eq(sipstatus_reference_parse(in, 3, 0, NULL), SIPSTATUS_E_ARG);
    struct sipstatus_line ref;
    ck_assert_int_eq(sipstatus_reference_parse(NULL, 1, 0, &ref), SIPSTATUS_E_ARG);
    ck_assert_int_eq(sipstatus_reference_parse(NULL, 0, 0, &ref), SIPSTATUS_INCOMPLETE);
}
END_TEST

/* ---- the oracle itself, against answers worked out by hand ---- */

#define LF_ SIPSTATUS_LENIENT_LF
#define SP_ SIPSTATUS_LENIENT_SPACE
#define RE_ SIPSTATUS_LENIENT_REASON
#define U8_ SIPSTATUS_STRICT_UTF8
#define REG_ SIPSTATUS_REGISTERED_ONLY
#define SKIP_ SIPSTATUS_SKIP_CRLF
#define ANY_ SIPSTATUS_ANY_CODE
#define N_CLASS SIPSTATUS_NOTE_CLASS
#define N_CASE SIPSTATUS_NOTE_CASE
#define N_VERSION SIPSTATUS_NOTE_VERSION
#define N_UNREG SIPSTATUS_NOTE_UNREGISTERED
#define N_PHRASE SIPSTATUS_NOTE_PHRASE
#define N_UTF8 SIPSTATUS_NOTE_UTF8
#define N_LF SIPSTATUS_NOTE_BARE_LF
#define N_WS SIPSTATUS_NOTE_WHITESPACE
#define N_CHARS SIPSTATUS_NOTE_REASON_CHARS

/* RFC 4475 §3.1.1.13 (unreason), with its CRLF */
#define UNREASON \
    "SIP/2.0 200 = 2**3 * 5**2 \xD0\xBD\xD0\xBE \xD1\x81\xD1\x82\xD0\xBE " \
    "\xD0\xB4\xD0\xB5\xD0\xB2\xD1\x8F\xD0\xBD\xD0\xBE\xD1\x81\xD1\x82\xD0\xBE " \
    "\xD0\xB4\xD0\xB5\xD0\xB2\xD1\x8F\xD1\x82\xD1\x8C - " \
    "\xD0\xBF\xD1\x80\xD0\xBE\xD1\x81\xD1\x82\xD0\xBE\xD0\xB5\r\n"

static const struct {
    const char *in;
    size_t len;
    unsigned flags;
    int result;
    size_t offset; /* error_offset, or length on OK */
    unsigned notes;
} oracle_cases[] = {
    /* whole lines */
    {BYTES("SIP/2.0 200 OK\r\n"), 0, SIPSTATUS_OK, 16, 0},
    {BYTES("SIP/2.0 200 OK\r\nVia: x"), 0, SIPSTATUS_OK, 16, 0},
    {BYTES("SIP/2.0 200 ok\r\n"), 0, SIPSTATUS_OK, 16, 0},
    {BYTES("sip/2.0 200 OK\r\n"), 0, SIPSTATUS_OK, 16, N_CASE},
    {BYTES("SiP/02.0 200 OK\r\n"), 0, SIPSTATUS_OK, 17, N_CASE | N_VERSION},
    {BYTES("SIP/2.0 100 \r\n"), 0, SIPSTATUS_OK, 14, N_PHRASE},
    {BYTES(UNREASON), 0, SIPSTATUS_OK, sizeof UNREASON - 1, N_PHRASE},
    {BYTES(UNREASON), U8_, SIPSTATUS_OK, sizeof UNREASON - 1, N_PHRASE},
    {BYTES("SIP/2.0 299 x\r\n"), 0, SIPSTATUS_OK, 15, N_UNREG},
    {BYTES("SIP/2.0 200 %4a%4F\r\n"), 0, SIPSTATUS_OK, 20, N_PHRASE},
    {BYTES("SIP/2.0 200  OK\r\n"), 0, SIPSTATUS_OK, 17, N_PHRASE},
    {BYTES("SIP/2.0 200  OK\r\n"), SP_, SIPSTATUS_OK, 17, N_WS},
    /* SIP-Version */
    {BYTES(""), 0, SIPSTATUS_INCOMPLETE, 0, 0},
    {BYTES("SIP/2.0 200 OK\r"), 0, SIPSTATUS_INCOMPLETE, 0, 0},
    {BYTES("\r\nSIP/2.0 200 OK\r\n"), 0, SIPSTATUS_E_VERSION, 0, 0},
    {BYTES("SIP/1234567890.0 200 OK\r\n"), 0, SIPSTATUS_OK, 25, N_VERSION},
    {BYTES("SIP/2.1234567890 200 OK\r\n"), 0, SIPSTATUS_OK, 25, N_VERSION},
    {BYTES("SIP/00000000000000000002.0 200 OK\r\n"), 0, SIPSTATUS_OK, 35, N_VERSION},
    {BYTES("SIP/2.0000000000000000000000000"), 0, SIPSTATUS_INCOMPLETE, 0, 0},
    {BYTES("SIP/99999999999999999999999.x"), 0, SIPSTATUS_E_VERSION, 28, 0},
    {BYTES("SIP/2x"), 0, SIPSTATUS_E_VERSION, 5, 0},
    {BYTES("SIP/.0"), 0, SIPSTATUS_E_VERSION, 4, 0},
    {BYTES("SIP/2.x"), 0, SIPSTATUS_E_VERSION, 6, 0},
    {BYTES("SIQ"), 0, SIPSTATUS_E_VERSION, 2, 0},
    /* separators and Status-Code */
    {BYTES("SIP/2.0x"), 0, SIPSTATUS_E_SPACE, 7, 0},
    {BYTES("SIP/2.0\t200 OK\r\n"), 0, SIPSTATUS_E_SPACE, 7, 0},
    {BYTES("SIP/2.0\t200 OK\r\n"), SP_, SIPSTATUS_OK, 16, N_WS},
    {BYTES("SIP/2.0  200 OK\r\n"), 0, SIPSTATUS_E_SPACE, 8, 0},
    {BYTES("SIP/2.0 700 X\r\n"), 0, SIPSTATUS_E_CODE, 8, 0},
    {BYTES("SIP/2.0 099 X\r\n"), 0, SIPSTATUS_E_CODE, 8, 0},
    /* extension-code = 3DIGIT with ANY_CODE */
    {BYTES("SIP/2.0 700 X\r\n"), ANY_, SIPSTATUS_OK, 15, N_UNREG | N_CLASS},
    {BYTES("SIP/2.0 099 X\r\n"), ANY_, SIPSTATUS_OK, 15, N_UNREG | N_CLASS},
    {BYTES("SIP/2.0 000 \r\n"), ANY_, SIPSTATUS_OK, 14, N_UNREG | N_CLASS},
    {BYTES("SIP/2.0 999 X\r\n"), ANY_ | SP_, SIPSTATUS_OK, 15, N_UNREG | N_CLASS},
    {BYTES("SIP/2.0 200 OK\r\n"), ANY_, SIPSTATUS_OK, 16, 0},
    {BYTES("SIP/2.0 699 X\r\n"), ANY_, SIPSTATUS_OK, 15, N_UNREG},
    {BYTES("SIP/2.0 700 X\r\n"), ANY_ | REG_, SIPSTATUS_E_UNREGISTERED, 8, 0},
    {BYTES("SIP/2.0 7000 X\r\n"), ANY_, SIPSTATUS_E_CODE, 11, 0},
    {BYTES("SIP/2.0 x00 X\r\n"), ANY_, SIPSTATUS_E_CODE, 8, 0},
    {BYTES("SIP/2.0 80 X\r\n"), ANY_, SIPSTATUS_E_CODE, 10, 0},
    {BYTES("SIP/2.0 20x"), 0, SIPSTATUS_E_CODE, 10, 0},
    {BYTES("SIP/2.0 2000 x"), 0, SIPSTATUS_E_CODE, 11, 0},
    {BYTES("SIP/2.0 200\r\n"), 0, SIPSTATUS_E_SPACE, 11, 0},
    {BYTES("SIP/2.0 200\r\n"), SP_, SIPSTATUS_OK, 13, N_WS | N_PHRASE},
    {BYTES("SIP/2.0 200\n"), SP_, SIPSTATUS_E_EOL, 11, 0},
    {BYTES("SIP/2.0 200\n"), SP_ | LF_, SIPSTATUS_OK, 12, N_WS | N_PHRASE | N_LF},
    {BYTES("SIP/2.0 200OK\r\n"), SP_, SIPSTATUS_E_SPACE, 11, 0},
    /* REGISTERED_ONLY */
    {BYTES("SIP/2.0 299 x"), REG_, SIPSTATUS_E_UNREGISTERED, 8, 0},
    {BYTES("SIP/2.0 299"), REG_, SIPSTATUS_E_UNREGISTERED, 8, 0},
    {BYTES("SIP/2.0 29"), REG_, SIPSTATUS_INCOMPLETE, 0, 0},
    {BYTES("SIP/2.0 2990"), REG_, SIPSTATUS_E_UNREGISTERED, 8, 0},
    /* Reason-Phrase */
    {BYTES("SIP/2.0 200 %4\r\n"), 0, SIPSTATUS_E_ESCAPE, 14, 0},
    {BYTES("SIP/2.0 200 %4\r\n"), RE_, SIPSTATUS_OK, 16, N_PHRASE | N_CHARS},
    {BYTES("SIP/2.0 200 %g"), 0, SIPSTATUS_E_ESCAPE, 13, 0},
    {BYTES("SIP/2.0 200 O\"K\r\n"), 0, SIPSTATUS_E_REASON, 13, 0},
    {BYTES("SIP/2.0 200 O\"K\r\n"), RE_, SIPSTATUS_OK, 17, N_PHRASE | N_CHARS},
    {BYTES("SIP/2.0 200 O\x7FK\r\n"), RE_, SIPSTATUS_E_REASON, 13, 0},
    {BYTES("SIP/2.0 200 OK\0\r\n"), RE_, SIPSTATUS_E_REASON, 14, 0},
    {BYTES("SIP/2.0 200 \xFE"), 0, SIPSTATUS_E_UTF8, 12, 0},
    {BYTES("SIP/2.0 200 \xFE\r\n"), RE_, SIPSTATUS_OK, 15, N_PHRASE | N_UTF8 | N_CHARS},
    {BYTES("SIP/2.0 200 \x80\r\n"), 0, SIPSTATUS_OK, 15, N_PHRASE | N_UTF8},
    {BYTES("SIP/2.0 200 \x80\r\n"), RE_, SIPSTATUS_OK, 15, N_PHRASE | N_UTF8},
    {BYTES("SIP/2.0 200 \x80\r\n"), U8_, SIPSTATUS_E_UTF8, 12, 0},
    {BYTES("SIP/2.0 200 \xC3\xA9\r\n"), U8_, SIPSTATUS_OK, 16, N_PHRASE},
    {BYTES("SIP/2.0 200 \xC0\x80\r\n"), 0, SIPSTATUS_OK, 16, N_PHRASE | N_UTF8},
    {BYTES("SIP/2.0 200 \xC0\x80\r\n"), U8_, SIPSTATUS_E_UTF8, 12, 0},
    {BYTES("SIP/2.0 200 \xE0\x80\x80\r\n"), U8_, SIPSTATUS_E_UTF8, 13, 0},
    {BYTES("SIP/2.0 200 \xED\xA0\x80\r\n"), 0, SIPSTATUS_OK, 17, N_PHRASE | N_UTF8},
    {BYTES("SIP/2.0 200 \xED\xA0\x80\r\n"), U8_, SIPSTATUS_E_UTF8, 13, 0},
    {BYTES("SIP/2.0 200 \xF4\x90\x80\x80\r\n"), U8_, SIPSTATUS_E_UTF8, 13, 0},
    {BYTES("SIP/2.0 200 \xF4\x8F\xBF\xBF\r\n"), U8_, SIPSTATUS_OK, 18, N_PHRASE},
    {BYTES("SIP/2.0 200 \xFC\x80\x80\x80\x80\x80\r\n"), 0, SIPSTATUS_OK, 20, N_PHRASE | N_UTF8},
    {BYTES("SIP/2.0 200 \xE3\x81\r\n"), 0, SIPSTATUS_E_UTF8, 14, 0},
    {BYTES("SIP/2.0 200 \xE3\x81\r\n"), RE_, SIPSTATUS_OK, 16, N_PHRASE | N_UTF8 | N_CHARS},
    {BYTES("SIP/2.0 200 \xE3\x81\r\n"), RE_ | U8_, SIPSTATUS_E_UTF8, 14, 0},
    {BYTES("SIP/2.0 200 \xE3" "a"), RE_ | U8_, SIPSTATUS_E_UTF8, 13, 0},
    /* line ends */
    {BYTES("SIP/2.0 200 OK\n"), 0, SIPSTATUS_E_EOL, 14, 0},
    {BYTES("SIP/2.0 200 OK\n"), LF_, SIPSTATUS_OK, 15, N_LF},
    {BYTES("SIP/2.0 200 OK\rX"), LF_, SIPSTATUS_E_EOL, 15, 0},
    {BYTES("\r\n\r\nSIP/2.0 200 OK\r\n"), SKIP_, SIPSTATUS_OK, 20, 0},
    {BYTES("\r\n\rX"), SKIP_, SIPSTATUS_E_EOL, 3, 0},
    {BYTES("\nSIP/2.0 200 OK\r\n"), SKIP_, SIPSTATUS_E_VERSION, 0, 0},
    {BYTES("\nSIP/2.0 200 OK\r\n"), SKIP_ | LF_, SIPSTATUS_OK, 17, 0},
    {BYTES("\r\n\r\n"), SKIP_, SIPSTATUS_INCOMPLETE, 0, 0},
    /* flags */
    {BYTES("SIP/2.0 200 OK\r\n"), 0x80, SIPSTATUS_E_ARG, 0, 0},
};

START_TEST(test_oracle)
{
    const char *in = oracle_cases[_i].in;
    size_t len = oracle_cases[_i].len;
    char *buf = malloc(len ? len : 1);
    memcpy(buf, in, len);
    seed_parse(buf, len, oracle_cases[_i].flags);
    struct sipstatus_line ref;
    int r = sipstatus_reference_parse(buf, len, oracle_cases[_i].flags, &ref);
    char input[4 * MAX_INPUT + 1], got[256];
    escape_bytes(buf, len, input);
    describe(got, sizeof got, r, &ref, buf);
    size_t offset = r == SIPSTATUS_OK ? ref.length : ref.error_offset;
    ck_assert_msg(r == oracle_cases[_i].result && offset == oracle_cases[_i].offset &&
                      ref.notes == oracle_cases[_i].notes,
                  "reference on \"%s\", flags 0x%02X: got %s; want %s at %zu, notes 0x%03X",
                  input, oracle_cases[_i].flags, got, sipstatus_errname(oracle_cases[_i].result),
                  oracle_cases[_i].offset, oracle_cases[_i].notes);
    free(buf);
    /* the library, resumed on every split, answers as in one call */
    check_resumed("oracle", _i, in, len, oracle_cases[_i].flags);
}
END_TEST

/* Fields the oracle table does not show: the digits read before a stop,
 * where the reason is, and start. */
static const struct {
    const char *in;
    size_t len;
    unsigned flags;
    int result;
    unsigned major, minor, code;
    long reason_at; /* -1: NULL */
    size_t reason_len, start;
} oracle_field_cases[] = {
    {BYTES("SIP/1234567890.0 200 OK\r\n"), 0, SIPSTATUS_OK, 1234567890, 0, 200, 21, 2, 0},
    {BYTES("SIP/4294967295.4294967296 200 OK\r\n"), 0, SIPSTATUS_OK, 4294967295u, 4294967295u, 200, 30, 2, 0},
    {BYTES("SIP/99999999999999999999.429496729 100 \r\n"), 0, SIPSTATUS_OK, 4294967295u, 429496729, 100, 39, 0, 0},
    {BYTES("SIP/12345678901234.5x"), 0, SIPSTATUS_E_SPACE, 4294967295u, 5, 0, -1, 0, 0},
    {BYTES("SIP/2.0 799 x\r\n"), ANY_, SIPSTATUS_OK, 2, 0, 799, 12, 1, 0},
    {BYTES("SIP/2.0 20x"), 0, SIPSTATUS_E_CODE, 2, 0, 20, -1, 0, 0},
    {BYTES("SIP/2.0 299"), REG_, SIPSTATUS_E_UNREGISTERED, 2, 0, 299, -1, 0, 0},
    {BYTES("SIP/3.14 200  OK\r\n"), 0, SIPSTATUS_OK, 3, 14, 200, 13, 3, 0},
    {BYTES("SIP/2.0 200 \t OK \r\n"), SP_, SIPSTATUS_OK, 2, 0, 200, 14, 3, 0},
    {BYTES("SIP/2.0 200   \r\n"), SP_, SIPSTATUS_OK, 2, 0, 200, 14, 0, 0},
    {BYTES("SIP/2.0 200\r\n"), SP_, SIPSTATUS_OK, 2, 0, 200, 11, 0, 0},
    {BYTES("\r\n\nSIP/2.0 200 OK\n"), SKIP_ | LF_, SIPSTATUS_OK, 2, 0, 200, 15, 2, 3},
    {BYTES("\r\n\r\n"), SKIP_, SIPSTATUS_INCOMPLETE, 0, 0, 0, -1, 0, 4},
    {BYTES("\r\n\r"), SKIP_, SIPSTATUS_INCOMPLETE, 0, 0, 0, -1, 0, 2},
    {BYTES("\r\nSIP/2.0 6"), SKIP_, SIPSTATUS_INCOMPLETE, 2, 0, 6, -1, 0, 2},
};

START_TEST(test_oracle_fields)
{
    const char *in = oracle_field_cases[_i].in;
    size_t len = oracle_field_cases[_i].len;
    struct sipstatus_line ref;
    int r = sipstatus_reference_parse(in, len, oracle_field_cases[_i].flags, &ref);
    long reason_at = ref.reason == NULL ? -1 : (long)(ref.reason - in);
    ck_assert_int_eq(r, oracle_field_cases[_i].result);
    ck_assert_uint_eq(ref.major, oracle_field_cases[_i].major);
    ck_assert_uint_eq(ref.minor, oracle_field_cases[_i].minor);
    ck_assert_uint_eq(ref.code, oracle_field_cases[_i].code);
    ck_assert_int_eq(reason_at, oracle_field_cases[_i].reason_at);
    ck_assert_uint_eq(ref.reason_len, oracle_field_cases[_i].reason_len);
    ck_assert_uint_eq(ref.start, oracle_field_cases[_i].start);
    if (r != SIPSTATUS_OK)
        ck_assert_uint_eq(ref.length + ref.notes, 0);
    if (r >= 0)
        ck_assert_uint_eq(ref.error_offset, 0);
}
END_TEST

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

Suite *differential_suite(void)
{
    Suite *s = suite_create("differential");

    TCase *oracle = tcase_create("oracle");
    tcase_add_loop_test(oracle, test_oracle, 0, COUNT(oracle_cases));
    tcase_add_loop_test(oracle, test_oracle_fields, 0, COUNT(oracle_field_cases));
    suite_add_tcase(s, oracle);

    /* Sanitizer builds are several times slower; each test stays well
     * under this. */
    TCase *diff = tcase_create("against reference");
    tcase_set_timeout(diff, 60);
    tcase_add_test(diff, test_bad_arguments);
    tcase_add_loop_test(diff, test_seed_prefixes, 0, COUNT(seed_lines));
    tcase_add_loop_test(diff, test_exhaustive, 0, COUNT(exhaustive_cases));
    tcase_add_loop_test(diff, test_mutations, 0, MUTATION_ROUNDS);
    tcase_add_loop_test(diff, test_long_reasons, 0, LONG_ROUNDS);
    suite_add_tcase(s, diff);
    return s;
}
