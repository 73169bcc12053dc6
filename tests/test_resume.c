/* SPDX-License-Identifier: MIT */
/* test_resume.c - sipstatus_parse_next(): every split of an input gives, call by call, what sipstatus_parse() gives on the same prefix; and its misuse answers. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sipstatus.h>

#include "helpers.h"
#include "suites.h"

#define IN(lit) lit, sizeof(lit) - 1

/* ---- the comparison other suites call on their tables ---- */

/* A heap block of exactly n bytes holding in[0..n): each call gets a new
 * one, so the buffer moves between calls (as after realloc()), and
 * AddressSanitizer sees any read past the end. */
static char *block(const char *in, size_t n)
{
    char *b = malloc(n ? n : 1);
    ck_assert_ptr_nonnull(b);
    if (n)
        memcpy(b, in, n);
    return b;
}

static void describe(char *out, size_t cap, int r, const struct sipstatus_line *l, const char *buf)
{
    snprintf(out, cap,
             "%s error_offset=%zu code=%u major=%u minor=%u reason=%ld/%zu start=%zu "
             "length=%zu notes=0x%x",
             rname(r), l->error_offset, l->code, l->major, l->minor,
             l->reason ? (long)(l->reason - buf) : -1L, l->reason_len, l->start, l->length,
             l->notes);
}

/* One call of sipstatus_parse_next() on in[0..k), against
 * sipstatus_parse() on the same block.  Returns the result. */
static int step(const char *what, int row, const char *split, const char *in, size_t k,
                unsigned flags, struct sipstatus_state *st)
{
    struct sipstatus_line a, b;
    char *buf = block(in, k);
    memset(&a, 0xA5, sizeof a);
    memset(&b, 0x5A, sizeof b);
    int ra = sipstatus_parse_next(buf, k, flags, &a, st);
    int rb = sipstatus_parse(buf, k, flags, &b);
    if (ra != rb || memcmp(&a, &b, sizeof a) != 0) {
        char ein[2048], da[256], db[256];
        esc(in, k, ein, sizeof ein);
        describe(da, sizeof da, ra, &a, buf);
        describe(db, sizeof db, rb, &b, buf);
        free(buf);
        ck_abort_msg("%s[%d] \"%s\" flags 0x%x, %s, call on %zu bytes:\n  parse_next %s\n  "
                     "parse      %s",
                     what, row, ein, flags, split, k, da, db);
    }
    free(buf);
    return ra;
}

/* xorshift32: the same splits on every run. */
static uint32_t next_random(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

void check_resumed(const char *what, int row, const char *in, size_t n, unsigned flags)
{
    static const char *const names[] = {"byte by byte", "random splits (1-8 bytes)",
                                        "random splits (any size)", "all at once",
                                        "after an empty first call"};
    for (int mode = 0; mode < 5; mode++) {
        struct sipstatus_state st;
        uint32_t seed = 0x9E3779B9u ^ (uint32_t)(row * 7919 + mode);
        size_t k = 0;
        int r = SIPSTATUS_INCOMPLETE;

        if (mode == 1)
            memset(&st, 0, sizeof st); /* zero bytes are a fresh state too */
        else
            sipstatus_state_init(&st);
        if (mode == 4)
            step(what, row, names[mode], in, 0, flags, &st);
        while (k < n) {
            size_t add = mode == 0 ? 1
                       : mode == 1 ? 1 + next_random(&seed) % 8
                       : mode == 2 ? 1 + next_random(&seed) % n
                       : n;
            k = add > n - k ? n : k + add;
            r = step(what, row, names[mode], in, k, flags, &st);
            if (mode == 2 && next_random(&seed) % 4 == 0) /* the same bytes again */
                r = step(what, row, names[mode], in, k, flags, &st);
        }
        if (r != SIPSTATUS_INCOMPLETE) {
            /* final: bytes after it change nothing, as in the one-shot parse */
            char more[4096];
            if (n + 3 <= sizeof more) {
                memcpy(more, in, n);
                memcpy(more + n, "\"\0\n", 3);
                step(what, row, "final, then 3 more bytes", more, n + 3, flags, &st);
            }
        }
    }
}

/* ---- misuse, and what it leaves ---- */

/* A sequence of calls on one state: len bytes of the line with flags; the
 * answer expected, or 0 for "what sipstatus_parse() says". */
struct call {
    size_t len;
    unsigned flags;
    int want_arg; /* 1: E_ARG, line zeroed */
};

static const struct {
    const char *name;
    struct call calls[5];
    int ncalls;
} misuse_cases[] = {
    {"other flags than the first call", {{5, 0, 0}, {9, SIPSTATUS_LENIENT, 1}, {16, 0, 0}}, 3},
    {"other flags after an empty first call", {{0, 0, 0}, {4, SIPSTATUS_ANY_CODE, 1}, {16, 0, 0}}, 3},
    {"fewer bytes than the last call", {{10, 0, 0}, {9, 0, 1}, {10, 0, 0}, {16, 0, 0}}, 4},
    {"fewer bytes after the final answer", {{16, 0, 0}, {15, 0, 1}, {16, 0, 0}}, 3},
    {"an unknown flag bit", {{3, 0x80, 1}, {3, 0, 0}, {16, 0, 0}}, 3},
    {"an unknown flag bit after the first call", {{3, 0, 0}, {5, 0x80u | 0x01u, 1}, {16, 0, 0}}, 3},
};

START_TEST(test_misuse)
{
    static const char line[] = "SIP/2.0 200 OK\r\n";
    struct sipstatus_state st;
    sipstatus_state_init(&st);
    for (int i = 0; i < misuse_cases[_i].ncalls; i++) {
        const struct call *c = &misuse_cases[_i].calls[i];
        struct sipstatus_state before = st;
        struct sipstatus_line l, want;
        memset(&l, 0xA5, sizeof l);
        int r = sipstatus_parse_next(line, c->len, c->flags, &l, &st);
        if (c->want_arg) {
            memset(&want, 0, sizeof want);
            ck_assert_msg(r == SIPSTATUS_E_ARG && memcmp(&l, &want, sizeof l) == 0,
                          "%s: call %d (%zu bytes, flags 0x%x): expected E_ARG and a zeroed line, "
                          "got %s",
                          misuse_cases[_i].name, i, c->len, c->flags, rname(r));
            ck_assert_msg(memcmp(&before, &st, sizeof st) == 0, "%s: call %d changed the state",
                          misuse_cases[_i].name, i);
        } else {
            int rw = sipstatus_parse(line, c->len, c->flags, &want);
            ck_assert_msg(r == rw && memcmp(&l, &want, sizeof l) == 0,
                          "%s: call %d (%zu bytes, flags 0x%x): expected %s as sipstatus_parse(), "
                          "got %s",
                          misuse_cases[_i].name, i, c->len, c->flags, rname(rw), rname(r));
        }
    }
}
END_TEST

/* NULL arguments: E_ARG, line (when given) zeroed, state untouched. */
START_TEST(test_null_arguments)
{
    struct sipstatus_state st, fresh;
    struct sipstatus_line l;
    sipstatus_state_init(&st);
    fresh = st;
    ck_assert_int_eq(sipstatus_parse_next("SIP", 3, 0, NULL, &st), SIPSTATUS_E_ARG);
    memset(&l, 0xA5, sizeof l);
    ck_assert_int_eq(sipstatus_parse_next("SIP", 3, 0, &l, NULL), SIPSTATUS_E_ARG);
    ck_assert_uint_eq(l.code + l.major + l.start + l.length + l.error_offset, 0);
    ck_assert_int_eq(sipstatus_parse_next(NULL, 3, 0, &l, &st), SIPSTATUS_E_ARG);
    ck_assert_int_eq(memcmp(&st, &fresh, sizeof st), 0);
    ck_assert_int_eq(sipstatus_parse_next(NULL, 0, 0, &l, &st), SIPSTATUS_INCOMPLETE);
    sipstatus_state_init(NULL); /* no effect, no crash */
}
END_TEST

/* A final state stays final, and a state copied carries the parse on. */
static const struct {
    const char *in;
    size_t len, first; /* the first call reads in[0..first) */
    unsigned flags;
} final_cases[] = {
    {IN("SIP/2.0 200 OK\r\nSIP/2.0 404 x\r\n"), 10, 0},
    {IN("SIP/2.0 2x0 OK\r\n"), 10, 0},
    {IN("SIP/2.0 299 OK\r\n"), 11, SIPSTATUS_REGISTERED_ONLY},
    {IN("\r\n\r\nSIP/2.0 180 Ringing\r\n"), 3, SIPSTATUS_SKIP_CRLF},
};

START_TEST(test_final_and_copies)
{
    const char *in = final_cases[_i].in;
    size_t n = final_cases[_i].len;
    unsigned flags = final_cases[_i].flags;
    struct sipstatus_state st, copy;
    struct sipstatus_line a, b, c;

    sipstatus_state_init(&st);
    sipstatus_parse_next(in, final_cases[_i].first, flags, &a, &st);
    copy = st;
    int ra = sipstatus_parse_next(in, n, flags, &a, &st);
    int rc = sipstatus_parse_next(in, n, flags, &c, &copy);
    int rb = sipstatus_parse(in, n, flags, &b);
    ck_assert_msg(ra == rb && rc == rb && memcmp(&a, &b, sizeof a) == 0 &&
                      memcmp(&c, &b, sizeof c) == 0,
                  "final[%d]: %s / copy %s, sipstatus_parse %s", _i, rname(ra), rname(rc),
                  rname(rb));
    ck_assert_msg(rb != SIPSTATUS_INCOMPLETE, "TABLE BUG final[%d]: not final", _i);
    for (int i = 0; i < 3; i++) {
        ra = sipstatus_parse_next(in, n, flags, &a, &st);
        ck_assert_msg(ra == rb && memcmp(&a, &b, sizeof a) == 0,
                      "final[%d]: call %d after the final answer gave %s", _i, i, rname(ra));
    }
}
END_TEST

/* The rows of this file itself, resumed: lines of every part. */
static const struct {
    const char *in;
    size_t len;
    unsigned flags;
} resume_cases[] = {
    {IN("SIP/2.0 200 OK\r\n"), 0},
    {IN("SIP/2.0 200 a%41\xC3\xA9\xF0\x9F\x98\x80 \t;/?:@&=+$,-_.!~*'()\r\n"), 0},
    {IN("SIP/2.0 200 \xFC\x84\x80\x80\x80\x80\xF8\x88\x80\x80\x80\xC0\x80\x80\r\n"), 0},
    {IN("\r\n\n\r\nsip/0002.00000000000000000000001  999  x\"\n"), SIPSTATUS_PARSE_FLAGS & ~SIPSTATUS_REGISTERED_ONLY},
    {IN("SIP/2.0 200 \xC3"), 0},
    {IN("SIP/2.0 200 \xC3("), SIPSTATUS_STRICT_UTF8},
    {IN("SIP/99999999999999999999999.1 759 x\r\n"), SIPSTATUS_ANY_CODE},
    {IN("SIP/2.0 200 50% off\r\n"), SIPSTATUS_LENIENT_REASON},
};

START_TEST(test_resume_rows)
{
    check_resumed("resume", _i, resume_cases[_i].in, resume_cases[_i].len, resume_cases[_i].flags);
}
END_TEST

/* A long reason, split every way check_resumed() splits: the plain runs
 * the machine passes over at once are cut anywhere. */
START_TEST(test_long_reason)
{
    static char line[2048];
    size_t n = 0;
    n += (size_t)snprintf(line, sizeof line, "SIP/2.0 486 ");
    while (n < 1900) {
        static const char *const pieces[] = {"Busy ", "%2F", "\xE2\x82\xAC", "Here", "\t"};
        const char *p = pieces[n % 5];
        memcpy(line + n, p, strlen(p));
        n += strlen(p);
    }
    memcpy(line + n, "\r\n", 2);
    n += 2;
    check_resumed("long", 0, line, n, 0);
    check_resumed("long", 1, line, n, SIPSTATUS_LENIENT | SIPSTATUS_STRICT_UTF8);
}
END_TEST

#define NROWS(t) ((int)(sizeof(t) / sizeof((t)[0])))

Suite *resume_suite(void)
{
    Suite *s = suite_create("resume");
    TCase *tc = tcase_create("contract");
    tcase_add_loop_test(tc, test_misuse, 0, NROWS(misuse_cases));
    tcase_add_test(tc, test_null_arguments);
    tcase_add_loop_test(tc, test_final_and_copies, 0, NROWS(final_cases));
    tcase_add_loop_test(tc, test_resume_rows, 0, NROWS(resume_cases));
    tcase_add_test(tc, test_long_reason);
    suite_add_tcase(s, tc);
    return s;
}
