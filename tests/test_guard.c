/* SPDX-License-Identifier: MIT */
/* test_guard.c - over-read tests: inputs end exactly at a page followed by a PROT_NONE page, so any read past the end faults. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <sipstatus.h>

#include "helpers.h"
#include "suites.h"

#define IN(lit) lit, sizeof(lit) - 1
#define NROWS(t) ((int)(sizeof(t) / sizeof((t)[0])))

/* Two pages, the second PROT_NONE; returns the first byte of the second. */
struct guard {
    char *base;
    size_t page;
};

static char *guard_open(struct guard *g)
{
    long ps = sysconf(_SC_PAGESIZE);
    g->page = ps > 0 ? (size_t)ps : 4096;
    void *m = mmap(NULL, 2 * g->page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ck_assert_msg(m != MAP_FAILED, "mmap failed");
    g->base = m;
    ck_assert_msg(mprotect(g->base + g->page, g->page, PROT_NONE) == 0, "mprotect failed");
    return g->base + g->page;
}

static void guard_close(struct guard *g)
{
    munmap(g->base, 2 * g->page);
}

/* Inputs whose prefixes stop in every state of the parser. */
static const struct {
    const char *in;
    size_t len;
} parse_inputs[] = {
    { IN("SIP/2.0 200 OK\r\n") },                           /* every region */
    { IN("sIp/999999999.999999999 699 x\r\n") },            /* long version digits */
    { IN("SIP/1234567890.0 200 OK\r\n") },                  /* 10th major digit */
    { IN("SIP/2.1234567890 200 OK\r\n") },                  /* 10th minor digit */
    { IN("SIP/2.0200OK\r\n") },                             /* digits where SP is due */
    { IN("SIP/2.0 2000 x\r\n") },                           /* 4th code digit */
    { IN("SIP/2.0 4294967301 better not break\r\n") },      /* bigcode */
    { IN("SIP/2.0 299 \r\n") },                             /* unregistered, empty reason */
    { IN("SIP/2.0 200 %4f%4B%\r\n") },                      /* mid-escape, broken escape */
    { IN("SIP/2.0 200 %4") },                               /* input ends mid-escape */
    { IN("SIP/2.0 200 \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\r\n") }, /* mid-UTF-8 */
    { IN("SIP/2.0 200 \xFC\x84\x80\x80\x80\x80\xF8\x88\x80\x80\x80\r\n") }, /* 5/6-byte */
    { IN("SIP/2.0 200 \xE0\x80\x80\xED\xA0\x80\xF4\x90\x80\x80\r\n") },     /* RFC 3629 errors */
    { IN("SIP/2.0 200 \xC3") },                             /* input ends mid-UTF-8 */
    { IN("SIP/2.0 200 \xF0\x9F\x98") },
    { IN("SIP/2.0 200 a\x80\xBF\xFE\xFF\r\n") },            /* stray bytes */
    { IN("SIP/2.0 200 OK\r") },                             /* ends after CR */
    { IN("SIP/2.0 200 OK\rX") },                            /* CR then non-LF */
    { IN("SIP/2.0 200 OK\n") },                             /* bare LF */
    { IN("SIP/2.0 200\r\n") },                              /* no separator */
    { IN("SIP/2.0 \t 200 \t  \r\n") },                      /* whitespace runs */
    { IN("SIP/2.0\t200\tO\"K\n") },
    { IN("\r\n\r\n\n\r\nSIP/2.0 200 OK\r\n") },             /* skipped CRLFs */
    { IN("\r\n\r") },                                       /* ends mid-CRLF */
    { IN("\r\rSIP") },
    { IN("SIP/2.0 200 O\0K\x01\x7F\r\n") },                 /* controls */
    { IN("SIP/2.0 200 #<>[\\]^`{|}\"\r\n") },               /* forbidden punctuation */
    { IN("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h\r\n\r\n") }, /* a message after the line */
    { IN("HTTP/1.1 200 OK\r\n") },
    { IN("SIP/2.0 \r\n") },
    { IN("S") },
};

static const unsigned parse_flag_sets[] = { 0, SIPSTATUS_LENIENT, SIPSTATUS_PARSE_FLAGS };

START_TEST(test_parse_page_end)
{
    struct guard g;
    char *end = guard_open(&g);
    const char *in = parse_inputs[_i].in;
    size_t n = parse_inputs[_i].len;
    char ein[512];
    esc(in, n, ein, sizeof ein);
    for (size_t f = 0; f < sizeof parse_flag_sets / sizeof parse_flag_sets[0]; f++) {
        for (size_t k = 0; k <= n; k++) {
            char *buf = end - k;
            struct sipstatus_line line;
            memcpy(buf, in, k);
            int r = sipstatus_parse(buf, k, parse_flag_sets[f], &line);
            ck_assert_msg(r >= SIPSTATUS_E_ARG && r <= SIPSTATUS_INCOMPLETE && r != SIPSTATUS_E_ARG,
                          "guard[%d] \"%s\" prefix %zu flags 0x%x: result %d out of range", _i, ein,
                          k, parse_flag_sets[f], r);
            if (r != SIPSTATUS_OK)
                continue;
            ck_assert_msg(line.length <= k && line.reason >= buf &&
                              line.reason + line.reason_len <= buf + k,
                          "guard[%d] \"%s\" prefix %zu flags 0x%x: reason or length outside the input",
                          _i, ein, k, parse_flag_sets[f]);
            unsigned sum = 0;
            for (size_t j = 0; j < line.reason_len; j++)
                sum += (unsigned char)line.reason[j];
            (void)sum;
        }
    }
    guard_close(&g);
}
END_TEST

/* Reasons for sipstatus_format(), placed at the end of the page. */
static const struct {
    const char *reason;
    size_t len;
} format_reasons[] = {
    { IN("OK") },
    { IN("Busy Here") },
    { IN("50% off") },
    { IN("%4f%4B") },
    { IN("%4") },
    { IN("a\"b<c>") },
    { IN("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") },
    { IN("\xC3") },
    { IN("\xE2\x82") },
    { IN("\xF0\x9F\x98") },
    { IN("\xF8\x88\x80\x80\x80\xFC\x84\x80\x80\x80\x80") },
    { IN("\xC0\x80\xED\xA0\x80\xF4\x90\x80\x80") },
    { IN("a\x80\xFE\xFF") },
    { IN("\r\n") },
    { IN("a\r") },
    { IN("\0\x01\x7F\t ") },
};

static const unsigned format_flag_sets[] = {
    0, SIPSTATUS_FMT_ESCAPE, SIPSTATUS_STRICT_UTF8,
    SIPSTATUS_FMT_ESCAPE | SIPSTATUS_STRICT_UTF8,
};

START_TEST(test_format_page_end)
{
    struct guard g;
    char *end = guard_open(&g);
    const char *rs = format_reasons[_i].reason;
    size_t n = format_reasons[_i].len;
    char er[256];
    esc(rs, n, er, sizeof er);
    for (size_t f = 0; f < sizeof format_flag_sets / sizeof format_flag_sets[0]; f++) {
        unsigned flags = format_flag_sets[f];
        for (size_t k = 0; k <= n; k++) {
            char out[512];
            char *reason = end - k;
            memcpy(reason, rs, k);
            int r = sipstatus_format(out, sizeof out, 200, reason, k, flags);
            ck_assert_msg(r >= SIPSTATUS_E_ARG && r != SIPSTATUS_INCOMPLETE && r != SIPSTATUS_E_ARG &&
                              r != SIPSTATUS_E_CODE && r < (int)sizeof out,
                          "fguard[%d] reason \"%s\" prefix %zu flags 0x%x: result %d", _i, er, k,
                          flags, r);
            if (r < 0)
                continue;
            /* dst at the page end too: a write at or past dst[cap] faults */
            for (size_t cap = 0; cap <= (size_t)r + 1; cap++) {
                char *dst = end - cap;
                int r2 = sipstatus_format(cap ? dst : NULL, cap, 200, rs, k, flags);
                ck_assert_msg(r2 == r, "fguard[%d] reason \"%s\" prefix %zu flags 0x%x cap %zu: "
                                       "expected %d, got %d",
                              _i, er, k, flags, cap, r, r2);
            }
        }
    }
    guard_close(&g);
}
END_TEST

Suite *guard_suite(void)
{
    Suite *s = suite_create("guard");
    TCase *tc = tcase_create("page end");
    tcase_add_loop_test(tc, test_parse_page_end, 0, NROWS(parse_inputs));
    tcase_add_loop_test(tc, test_format_page_end, 0, NROWS(format_reasons));
    suite_add_tcase(s, tc);
    return s;
}
