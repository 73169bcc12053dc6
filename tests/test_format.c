/* SPDX-License-Identifier: MIT */
/* test_format.c - table-driven tests of sipstatus_format(): registered phrases, exact output, snprintf semantics, errors, FMT_ESCAPE round trips. */
#include <stdio.h>
#include <string.h>

#include <sipstatus.h>

#include "seeds.h"
#include "helpers.h"
#include "suites.h"

/* A string literal and its length, NULs inside included. */
#define IN(lit) lit, sizeof(lit) - 1

#define F_SU SIPSTATUS_STRICT_UTF8
#define F_ESC SIPSTATUS_FMT_ESCAPE

#define NROWS(t) ((int)(sizeof(t) / sizeof((t)[0])))

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Percent-decodes s[0..n) into out; returns the decoded length, or
 * (size_t)-1 when a '%' is not followed by two hex digits. */
static size_t pct_decode(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '%') {
            out[o++] = s[i];
            continue;
        }
        if (i + 2 >= n)
            return (size_t)-1;
        int h = hexval((unsigned char)s[i + 1]), l = hexval((unsigned char)s[i + 2]);
        if (h < 0 || l < 0)
            return (size_t)-1;
        out[o++] = (char)(h * 16 + l);
        i += 2;
    }
    return o;
}

/* ---- every registered code, reason NULL ---- */

START_TEST(test_registered_codes)
{
    size_t count = 0;
    const struct sipstatus_code *codes = sipstatus_codes(&count);
    ck_assert_msg(codes != NULL && count == 75, "sipstatus_codes: expected 75 entries, got %zu", count);
    for (size_t i = 0; i < count; i++) {
        char want[160], got[160], eg[640], ew[640];
        struct sipstatus_line line;
        unsigned code = codes[i].code;
        int n = snprintf(want, sizeof want, "SIP/2.0 %u %s\r\n", code, codes[i].phrase);
        memset(got, 0x5A, sizeof got);
        int r = sipstatus_format(got, sizeof got, code, NULL, 0, 0);
        esc(want, (size_t)n, ew, sizeof ew);
        esc(got, r > 0 && (size_t)r < sizeof got ? (size_t)r : 0, eg, sizeof eg);
        ck_assert_msg(r == n && memcmp(got, want, (size_t)n + 1) == 0,
                      "format(%u, NULL): expected %d \"%s\", got %d (%s) \"%s\"", code, n, ew, r,
                      rname(r), eg);
        memset(&line, 0xA5, sizeof line);
        int p = sipstatus_parse(got, (size_t)r, 0, &line);
        size_t plen = strlen(codes[i].phrase);
        ck_assert_msg(p == SIPSTATUS_OK && line.code == code && line.length == (size_t)r &&
                          line.reason == got + 12 && line.reason_len == plen &&
                          line.notes == 0,
                      "re-parse of \"%s\": expected OK code %u reason len %zu notes 0, got %s code %u "
                      "reason len %zu length %zu notes 0x%x",
                      ew, code, plen, rname(p), line.code, line.reason_len, line.length, line.notes);
    }
}
END_TEST

/* ---- accepted input: exact output, then re-parse ---- */

struct fmt_ok {
    unsigned code;
    const char *reason;
    size_t reason_len;
    unsigned flags;
    const char *want; /* the whole line */
};

static const struct fmt_ok ok_cases[] = {
    { 200, IN("OK"), 0, "SIP/2.0 200 OK\r\n" },
    { 200, "OKXYZ", 2, 0, "SIP/2.0 200 OK\r\n" },
    { 200, IN(""), 0, "SIP/2.0 200 \r\n" },
    { 200, "x", 0, 0, "SIP/2.0 200 \r\n" },
    { 100, NULL, 7, 0, "SIP/2.0 100 Trying\r\n" },
    { 202, NULL, 0, 0, "SIP/2.0 202 Accepted\r\n" },
    { 504, NULL, 0, 0, "SIP/2.0 504 Server Time-out\r\n" },
    { 299, NULL, 0, 0, "SIP/2.0 299 \r\n" },
    { 699, NULL, 0, 0, "SIP/2.0 699 \r\n" },
    { 100, IN("x"), 0, "SIP/2.0 100 x\r\n" },
    { 699, IN("x"), 0, "SIP/2.0 699 x\r\n" },
    { 200, IN(" OK"), 0, "SIP/2.0 200  OK\r\n" },
    { 200, IN("OK "), 0, "SIP/2.0 200 OK \r\n" },
    { 200, IN("\t"), 0, "SIP/2.0 200 \t\r\n" },
    { 200, IN("%4f%4B%25"), 0, "SIP/2.0 200 %4f%4B%25\r\n" },
    { 200, IN(";/?:@&=+$,-_.!~*'()"), 0, "SIP/2.0 200 ;/?:@&=+$,-_.!~*'()\r\n" },
    { 200, IN("caf\xC3\xA9"), F_SU, "SIP/2.0 200 caf\xC3\xA9\r\n" },
    { 200, IN("\xF0\x9F\x98\x80"), F_SU, "SIP/2.0 200 \xF0\x9F\x98\x80\r\n" },
    { 200, IN("\xC0\x80"), 0, "SIP/2.0 200 \xC0\x80\r\n" },
    { 200, IN("\xF8\x88\x80\x80\x80"), 0, "SIP/2.0 200 \xF8\x88\x80\x80\x80\r\n" },
    { 200, IN("a\x80z"), 0, "SIP/2.0 200 a\x80z\r\n" },
    { 200, NULL, 0, F_ESC | F_SU, "SIP/2.0 200 OK\r\n" },
    { 699, NULL, 0, F_ESC, "SIP/2.0 699 \r\n" },
    { 200, IN("OK"), F_ESC | F_SU, "SIP/2.0 200 OK\r\n" },
};

START_TEST(test_format_ok)
{
    const struct fmt_ok *c = &ok_cases[_i];
    char got[256], er[256], ew[512], eg[512];
    struct sipstatus_line line;
    size_t n = strlen(c->want);
    esc(c->reason, c->reason_len, er, sizeof er);
    esc(c->want, n, ew, sizeof ew);
    memset(got, 0x5A, sizeof got);
    seed_format(c->code, c->reason, c->reason_len, c->flags);
    int r = sipstatus_format(got, sizeof got, c->code, c->reason, c->reason_len, c->flags);
    esc(got, r > 0 && (size_t)r < sizeof got ? (size_t)r : 0, eg, sizeof eg);
    ck_assert_msg(r == (int)n && memcmp(got, c->want, n + 1) == 0,
                  "ok[%d] format(%u, \"%s\", %zu, 0x%x): expected %zu \"%s\", got %d (%s) \"%s\"", _i,
                  c->code, er, c->reason_len, c->flags, n, ew, r, rname(r), eg);
    memset(&line, 0xA5, sizeof line);
    int p = sipstatus_parse(got, n, c->flags & F_SU, &line);
    ck_assert_msg(p == SIPSTATUS_OK && line.code == c->code && line.length == n &&
                      line.reason == got + 12 && line.reason_len == n - 14,
                  "ok[%d] re-parse of \"%s\" with flags 0x%x: expected OK code %u reason len %zu, got "
                  "%s code %u reason len %zu length %zu",
                  _i, ew, c->flags & F_SU, c->code, n - 14, rname(p), line.code, line.reason_len,
                  line.length);
}
END_TEST

/* ---- snprintf semantics: every cap from 0 to len + 2 ---- */

static const struct fmt_ok cap_cases[] = {
    { 486, NULL, 0, 0, "SIP/2.0 486 Busy Here\r\n" },
    { 200, IN("OK"), 0, "SIP/2.0 200 OK\r\n" },
    { 299, NULL, 0, 0, "SIP/2.0 299 \r\n" },
    { 200, IN("50% off"), F_ESC, "SIP/2.0 200 50%25 off\r\n" },
    { 555, NULL, 0, 0, "SIP/2.0 555 Push Notification Service Not Supported\r\n" },
};

#define CANARY 0xA5
#define PAD 16

START_TEST(test_snprintf)
{
    const struct fmt_ok *c = &cap_cases[_i];
    size_t n = strlen(c->want);
    char ew[512];
    esc(c->want, n, ew, sizeof ew);

    int r0 = sipstatus_format(NULL, 0, c->code, c->reason, c->reason_len, c->flags);
    ck_assert_msg(r0 == (int)n, "cap[%d] \"%s\": format(NULL, 0) expected %zu, got %d (%s)", _i, ew,
                  n, r0, rname(r0));

    for (size_t cap = 0; cap <= n + 2; cap++) {
        unsigned char buf[PAD + 128 + PAD];
        char *dst = (char *)buf + PAD;
        memset(buf, CANARY, sizeof buf);
        int r = sipstatus_format(dst, cap, c->code, c->reason, c->reason_len, c->flags);
        ck_assert_msg(r == (int)n, "cap[%d] \"%s\" cap %zu: expected return %zu, got %d (%s)", _i,
                      ew, cap, n, r, rname(r));
        for (size_t j = 0; j < PAD; j++)
            ck_assert_msg(buf[j] == CANARY, "cap[%d] \"%s\" cap %zu: byte written before dst[0]",
                          _i, ew, cap);
        for (size_t j = PAD + cap; j < sizeof buf; j++)
            ck_assert_msg(buf[j] == CANARY, "cap[%d] \"%s\" cap %zu: byte written at dst[%zu] (>= cap)",
                          _i, ew, cap, j - PAD);
        if (cap == 0)
            continue;
        size_t w = cap - 1 < n ? cap - 1 : n;
        char eg[512];
        esc(dst, w, eg, sizeof eg);
        ck_assert_msg(memcmp(dst, c->want, w) == 0 && dst[w] == '\0',
                      "cap[%d] cap %zu: expected the first %zu bytes of \"%s\" then NUL, got \"%s\" "
                      "then 0x%02X",
                      _i, cap, w, ew, eg, (unsigned char)dst[w]);
        if ((size_t)r >= cap)
            ck_assert_msg(dst[cap - 1] == '\0', "cap[%d] cap %zu truncated: dst[cap-1] is not NUL",
                          _i, cap);
    }
}
END_TEST

/* ---- errors: the result, and dst is "" ---- */

struct fmt_err {
    unsigned code;
    const char *reason;
    size_t reason_len;
    unsigned flags;
    int null_dst; /* dst NULL with cap 64 */
    int result;
};

static const struct fmt_err err_cases[] = {
    { 0, NULL, 0, 0, 0, SIPSTATUS_E_CODE },
    { 99, NULL, 0, 0, 0, SIPSTATUS_E_CODE },
    { 700, NULL, 0, 0, 0, SIPSTATUS_E_CODE },
    { 1000, NULL, 0, 0, 0, SIPSTATUS_E_CODE },
    { 4294967295u, NULL, 0, 0, 0, SIPSTATUS_E_CODE },
    { 0, IN("OK"), 0, 0, SIPSTATUS_E_CODE },
    { 99, IN("OK"), F_ESC, 0, SIPSTATUS_E_CODE },
    { 700, IN("OK"), 0, 0, SIPSTATUS_E_CODE },
    { 1000, IN("OK"), F_SU, 0, SIPSTATUS_E_CODE },
    { 200, IN("a\"b"), 0, 0, SIPSTATUS_E_REASON },
    { 200, IN("#"), 0, 0, SIPSTATUS_E_REASON },
    { 200, IN("<sip:x>"), 0, 0, SIPSTATUS_E_REASON },
    { 200, IN("a\\b"), 0, 0, SIPSTATUS_E_REASON },
    { 200, IN("{|}"), 0, 0, SIPSTATUS_E_REASON },
    { 200, IN("a\0b"), 0, 0, SIPSTATUS_E_REASON },
    { 200, IN("\x01"), 0, 0, SIPSTATUS_E_REASON },
    { 200, IN("\x7F"), 0, 0, SIPSTATUS_E_REASON },
    { 200, IN("%4"), 0, 0, SIPSTATUS_E_ESCAPE },
    { 200, IN("%G1"), 0, 0, SIPSTATUS_E_ESCAPE },
    { 200, IN("%"), 0, 0, SIPSTATUS_E_ESCAPE },
    { 200, IN("50% off"), 0, 0, SIPSTATUS_E_ESCAPE },
    { 200, IN("\xC3"), 0, 0, SIPSTATUS_E_UTF8 },
    { 200, IN("\xC3("), 0, 0, SIPSTATUS_E_UTF8 },
    { 200, IN("\xE2\x82"), 0, 0, SIPSTATUS_E_UTF8 },
    { 200, IN("\xFE"), 0, 0, SIPSTATUS_E_UTF8 },
    { 200, IN("\xFF"), 0, 0, SIPSTATUS_E_UTF8 },
    { 200, IN("a\rb"), 0, 0, SIPSTATUS_E_EOL },
    { 200, IN("a\nb"), 0, 0, SIPSTATUS_E_EOL },
    { 200, IN("\r\n"), 0, 0, SIPSTATUS_E_EOL },
    { 200, IN("a\r\nb"), 0, 0, SIPSTATUS_E_EOL },
    { 200, IN("a\r"), 0, 0, SIPSTATUS_E_EOL },
    { 200, IN("\n"), 0, 0, SIPSTATUS_E_EOL },
    { 200, IN("\xC0\x80"), F_SU, 0, SIPSTATUS_E_UTF8 },
    { 200, IN("\xED\xA0\x80"), F_SU, 0, SIPSTATUS_E_UTF8 },
    { 200, IN("\xF4\x90\x80\x80"), F_SU, 0, SIPSTATUS_E_UTF8 },
    { 200, IN("\xF8\x88\x80\x80\x80"), F_SU, 0, SIPSTATUS_E_UTF8 },
    { 200, IN("a\x80"), F_SU, 0, SIPSTATUS_E_UTF8 },
    { 200, IN("OK"), 0, 1, SIPSTATUS_E_ARG },
    { 200, NULL, 0, 0, 1, SIPSTATUS_E_ARG },
    { 200, IN("OK"), 0x200, 0, SIPSTATUS_E_ARG },
    { 200, IN("OK"), SIPSTATUS_LENIENT_LF, 0, SIPSTATUS_E_ARG },
    { 200, IN("OK"), SIPSTATUS_LENIENT_REASON, 0, SIPSTATUS_E_ARG },
    { 200, IN("OK"), SIPSTATUS_REGISTERED_ONLY, 0, SIPSTATUS_E_ARG },
    { 200, IN("OK"), SIPSTATUS_SKIP_CRLF, 0, SIPSTATUS_E_ARG },
    { 200, IN("OK"), 0x80000000u, 0, SIPSTATUS_E_ARG },
};

START_TEST(test_format_errors)
{
    const struct fmt_err *c = &err_cases[_i];
    char dst[64], er[256];
    esc(c->reason, c->reason_len, er, sizeof er);
    memset(dst, 0x5A, sizeof dst);
    seed_format(c->code, c->reason, c->reason_len, c->flags);
    int r = sipstatus_format(c->null_dst ? NULL : dst, sizeof dst, c->code, c->reason,
                             c->reason_len, c->flags);
    ck_assert_msg(r == c->result, "err[%d] format(%s, 64, %u, \"%s\", %zu, 0x%x): expected %s, got %d (%s)",
                  _i, c->null_dst ? "NULL" : "dst", c->code, er, c->reason_len, c->flags,
                  rname(c->result), r, rname(r));
    if (!c->null_dst)
        ck_assert_msg(dst[0] == '\0', "err[%d] format(%u, \"%s\", 0x%x) failed but dst is not \"\"",
                      _i, c->code, er, c->flags);
    if (!c->null_dst) {
        int m = sipstatus_format(NULL, 0, c->code, c->reason, c->reason_len, c->flags);
        ck_assert_msg(m == c->result, "err[%d] format(NULL, 0, %u, \"%s\", 0x%x) to measure: expected %s, got %d (%s)",
                      _i, c->code, er, c->flags, rname(c->result), m, rname(m));
    }
}
END_TEST

/* ---- FMT_ESCAPE: raw text -> exact Reason-Phrase, and back ---- */

struct esc_case {
    const char *raw;
    size_t raw_len;
    const char *want; /* the reason written */
};

static const struct esc_case esc_cases[] = {
    { IN("OK"), "OK" },
    { IN(""), "" },
    { IN("50% off"), "50%25 off" },
    { IN("%"), "%25" },
    { IN("%41"), "%2541" },
    { IN("a\"b"), "a%22b" },
    { IN("\r\n"), "%0D%0A" },
    { IN("a\rb\nc"), "a%0Db%0Ac" },
    { IN("#<>[\\]^`{|}"), "%23%3C%3E%5B%5C%5D%5E%60%7B%7C%7D" },
    { IN("\0"), "%00" },
    { IN("\x01\x1F\x7F"), "%01%1F%7F" },
    { IN("a\tb c"), "a\tb c" },
    { IN(";/?:@&=+$,-_.!~*'()"), ";/?:@&=+$,-_.!~*'()" },
    { IN("\xC3\xA9"), "\xC3\xA9" },
    { IN("\xE2\x82\xAC"), "\xE2\x82\xAC" },
    { IN("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80" },
    { IN("\xF4\x8F\xBF\xBF"), "\xF4\x8F\xBF\xBF" },
    { IN("\xC0\x80"), "%C0%80" },
    { IN("\xE0\x80\x80"), "%E0%80%80" },
    { IN("\xED\xA0\x80"), "%ED%A0%80" },
    { IN("\xF4\x90\x80\x80"), "%F4%90%80%80" },
    { IN("\xF8\x88\x80\x80\x80"), "%F8%88%80%80%80" },
    { IN("\xFF"), "%FF" },
    { IN("\xFE"), "%FE" },
    { IN("a\x80"), "a%80" },
    { IN("\xC3"), "%C3" },
    { IN("\xC3("), "%C3(" },
    { IN("\xE2\x82"), "%E2%82" },
    { IN("\xE2\x82("), "%E2%82(" },
    { IN("\xC3\xC3\xA9"), "%C3\xC3\xA9" },
    { IN("caf\xC3\xA9 50%"), "caf\xC3\xA9 50%25" },
};

START_TEST(test_escape)
{
    const struct esc_case *c = &esc_cases[_i];
    static const unsigned flag_sets[] = { F_ESC, F_ESC | F_SU };
    char er[256], ew[512];
    char want[256];
    size_t wl = strlen(c->want);
    int n = snprintf(want, sizeof want, "SIP/2.0 200 %s\r\n", c->want);
    esc(c->raw, c->raw_len, er, sizeof er);
    esc(want, (size_t)n, ew, sizeof ew);
    for (size_t f = 0; f < sizeof flag_sets / sizeof flag_sets[0]; f++) {
        char got[256], eg[512], dec[256];
        struct sipstatus_line line;
        memset(got, 0x5A, sizeof got);
        seed_format(200, c->raw, c->raw_len, flag_sets[f]);
        int r = sipstatus_format(got, sizeof got, 200, c->raw, c->raw_len, flag_sets[f]);
        esc(got, r > 0 && (size_t)r < sizeof got ? (size_t)r : 0, eg, sizeof eg);
        ck_assert_msg(r == n && memcmp(got, want, (size_t)n + 1) == 0,
                      "esc[%d] raw \"%s\" flags 0x%x: expected %d \"%s\", got %d (%s) \"%s\"", _i, er,
                      flag_sets[f], n, ew, r, rname(r), eg);
        memset(&line, 0xA5, sizeof line);
        int p = sipstatus_parse(got, (size_t)n, SIPSTATUS_STRICT_UTF8, &line);
        ck_assert_msg(p == SIPSTATUS_OK && line.code == 200 && line.reason == got + 12 &&
                          line.reason_len == wl,
                      "esc[%d] re-parse of \"%s\" with STRICT_UTF8: expected OK, reason len %zu; got %s, "
                      "reason len %zu",
                      _i, ew, wl, rname(p), line.reason_len);
        size_t dl = pct_decode(line.reason, line.reason_len, dec);
        ck_assert_msg(dl == c->raw_len && memcmp(dec, c->raw, dl) == 0,
                      "esc[%d] \"%s\": percent-decoding the parsed reason does not give back raw \"%s\"",
                      _i, ew, er);
    }
}
END_TEST

/* ---- sipstatus_reason_check(): the reason alone ---- */

#define F_LR SIPSTATUS_LENIENT_REASON
#define N_UTF8 SIPSTATUS_NOTE_UTF8
#define N_RC SIPSTATUS_NOTE_REASON_CHARS

static const struct {
    const char *reason;
    size_t len;
    unsigned flags;
    int result;
    size_t offset;
    unsigned notes;
} reason_cases[] = {
    { IN("OK"), 0, SIPSTATUS_OK, 0, 0 },
    { IN(""), 0, SIPSTATUS_OK, 0, 0 },
    { IN(" \t;/?:@&=+$,-_.!~*'()%4f%4B"), 0, SIPSTATUS_OK, 0, 0 },
    { IN("a\"b"), 0, SIPSTATUS_E_REASON, 1, 0 },
    { IN("a\"b"), F_LR, SIPSTATUS_OK, 0, N_RC },
    { IN("50%"), 0, SIPSTATUS_E_ESCAPE, 3, 0 },
    { IN("50% off"), 0, SIPSTATUS_E_ESCAPE, 3, 0 },
    { IN("%4"), F_LR, SIPSTATUS_OK, 0, N_RC },
    { IN("\xC3"), 0, SIPSTATUS_E_UTF8, 1, 0 },
    { IN("\xC3"), F_LR, SIPSTATUS_OK, 0, N_UTF8 | N_RC },
    { IN("\xC3"), F_LR | F_SU, SIPSTATUS_E_UTF8, 1, 0 },
    { IN("\xC0\x80"), 0, SIPSTATUS_OK, 0, N_UTF8 },
    { IN("\xC0\x80"), F_SU, SIPSTATUS_E_UTF8, 0, 0 },
    { IN("caf\xC3\xA9"), F_SU, SIPSTATUS_OK, 0, 0 },
    { IN("\xE2\x82"), F_SU, SIPSTATUS_E_UTF8, 2, 0 },
    { IN("\xFF"), F_LR | F_SU, SIPSTATUS_E_UTF8, 0, 0 },
    { IN("\xFF"), F_LR, SIPSTATUS_OK, 0, N_UTF8 | N_RC },
    { IN("a\x80z"), 0, SIPSTATUS_OK, 0, N_UTF8 },
    { IN("a\rb"), 0, SIPSTATUS_E_EOL, 1, 0 },
    { IN("a\nb"), F_LR, SIPSTATUS_E_EOL, 1, 0 },
    { IN("O\0K"), F_LR, SIPSTATUS_E_REASON, 1, 0 },
    { IN("O\x7FK"), 0, SIPSTATUS_E_REASON, 1, 0 },
    /* the flags that do not bear on a reason change nothing */
    { IN("a\"b"), SIPSTATUS_LENIENT_LF | SIPSTATUS_LENIENT_SPACE | SIPSTATUS_ANY_CODE |
                     SIPSTATUS_SKIP_CRLF | SIPSTATUS_REGISTERED_ONLY, SIPSTATUS_E_REASON, 1, 0 },
    { IN("OK"), 0x80, SIPSTATUS_E_ARG, 0, 0 },
    { NULL, 0, 0, SIPSTATUS_OK, 0, 0 },
    { NULL, 1, 0, SIPSTATUS_E_ARG, 0, 0 },
};

START_TEST(test_reason_check)
{
    const char *reason = reason_cases[_i].reason;
    size_t len = reason_cases[_i].len, offset = 99;
    unsigned flags = reason_cases[_i].flags, notes = 99;
    char er[256];
    int r = sipstatus_reason_check(reason, len, flags, &offset, &notes);

    esc(reason, len, er, sizeof er);
    ck_assert_msg(r == reason_cases[_i].result && offset == reason_cases[_i].offset &&
                      notes == reason_cases[_i].notes,
                  "reason_check(\"%s\", flags 0x%x): expected %s at %zu notes 0x%x, got %s at %zu "
                  "notes 0x%x",
                  er, flags, rname(reason_cases[_i].result), reason_cases[_i].offset,
                  reason_cases[_i].notes, rname(r), offset, notes);
    ck_assert_int_eq(sipstatus_reason_check(reason, len, flags, NULL, NULL), r);
    if (r == SIPSTATUS_E_ARG || !reason)
        return;
    /* the same reason in a line: the parse says the same, 12 bytes on */
    char line[300];
    struct sipstatus_line l;
    memcpy(line, "SIP/2.0 299 ", 12);
    memcpy(line + 12, reason, len);
    memcpy(line + 12 + len, "\r\n", 2);
    int rl = sipstatus_parse(line, len + 14, flags & ~SIPSTATUS_REGISTERED_ONLY, &l);
    unsigned reason_notes = l.notes & (N_UTF8 | N_RC);
    /* a CR inside: the line fails at the byte after it, not LF */
    size_t line_offset = 12 + offset + (r == SIPSTATUS_E_EOL && reason[offset] == '\r');
    ck_assert_msg(rl == r && (r == SIPSTATUS_OK ? reason_notes == notes : l.error_offset == line_offset),
                  "reason_check(\"%s\", flags 0x%x) says %s at %zu notes 0x%x; in a line the parse "
                  "says %s at %zu notes 0x%x",
                  er, flags, rname(r), offset, notes, rname(rl), l.error_offset, reason_notes);
}
END_TEST

Suite *format_suite(void)
{
    Suite *s = suite_create("format");
    TCase *tc = tcase_create("tables");
    tcase_add_test(tc, test_registered_codes);
    tcase_add_loop_test(tc, test_format_ok, 0, NROWS(ok_cases));
    tcase_add_loop_test(tc, test_snprintf, 0, NROWS(cap_cases));
    tcase_add_loop_test(tc, test_format_errors, 0, NROWS(err_cases));
    tcase_add_loop_test(tc, test_escape, 0, NROWS(esc_cases));
    tcase_add_loop_test(tc, test_reason_check, 0, NROWS(reason_cases));
    suite_add_tcase(s, tc);
    return s;
}
