/* SPDX-License-Identifier: MIT */
/* reference.c - a deliberately plain reference parser for SIP Status-Lines (RFC 3261 §25.1), the oracle of the differential tests. */
/*
 * Purpose.  sipstatus_parse() is a Ragel state machine; this file answers
 * the same question in ordinary C, one small function per ABNF rule, so
 * that the two can be compared on every input: by the differential fuzzer
 * (fuzz/fuzz_differential.c) and by the unit tests
 * (tests/test_differential.c).  It must stay independent of the library:
 * no Ragel, no tables copied from it.  The only library call is
 * sipstatus_lookup(), which is registry data, not parse logic.  Clarity
 * beats speed here; every read of buf is guarded by an explicit index
 * check (at_end()), so nothing outside buf[0..len) is ever touched.
 *
 * How the rules report.  Each rule function returns MATCHED when it read
 * its whole rule, SIPSTATUS_INCOMPLETE when the input ran out inside it
 * (every byte so far can still begin a valid line), or an error kind after
 * fail() recorded the offset of the byte it stopped on: the first byte no
 * valid line can continue with, since the rules read left to right and
 * never back up.
 *
 * Where the specification (include/sipstatus.h and the helpers' rules)
 * leaves room, this file decides as follows; a demanding user should find
 * each choice the unsurprising one.
 *
 *  1. start with SKIP_CRLF counts only whole skipped line ends: for
 *     "\r\n\r" (INCOMPLETE) and "\r\n\rX" (E_EOL at 3) it is 2, since the
 *     last CR has not yet been skipped; it is the earliest place the line
 *     can begin.
 *  2. With SKIP_CRLF but not LENIENT_LF, a bare LF where "SIP" (or a
 *     skipped CRLF) may begin is E_VERSION: that byte is where the 'S' is
 *     expected.  E_EOL is only for the byte after a skipped CR.
 *  3. NOTE_UTF8 is "the reason's bytes are not RFC 3629 UTF-8", checked on
 *     the whole reason in every mode.  In strict-reason mode this is the
 *     same as the listed cases (stray continuation, overlong, surrogate,
 *     > U+10FFFF, 5/6-byte forms), because the grammar has already made
 *     every sequence complete.
 *  4. NOTE_REASON_CHARS measures against the RFC 3261 ABNF, which allows
 *     stray continuation bytes, overlongs and 5/6-byte forms; so under
 *     LENIENT_REASON a reason "\x80" gets NOTE_UTF8 but not REASON_CHARS,
 *     while "\xE3" (truncated) or "\xFE" gets both.
 *  5. NOTE_PHRASE compares the raw reason bytes: escapes are not decoded
 *     ("%4FK" differs from "OK"), and only ASCII letters fold.
 *  6. REGISTERED_ONLY is checked when the third code digit is read, as the
 *     spec says, not earlier: "SIP/2.0 29" is INCOMPLETE although no
 *     registered code starts with 29, and "SIP/2.0 29x" is E_CODE at 10.
 *  7. With LENIENT_SPACE and no separator before the line end
 *     ("SIP/2.0 200\r\n"), the reason is empty and points at the CR (or
 *     bare LF); NOTE_WHITESPACE is set (no separator is "not exactly one
 *     SP"), and NOTE_PHRASE too for a registered code (empty differs).
 *  8. buf == NULL with len == 0 is the empty input, INCOMPLETE: no byte is
 *     read, and only buf == NULL with len > 0 is named as E_ARG.  With
 *     line == NULL nothing is written.
 *  9. Either version number may have any number of digits (1*DIGIT);
 *     major/minor saturate at UINT_MAX when the number does not fit.
 * 10. With ANY_CODE the first code digit may be any digit; a code outside
 *     100-699 gets NOTE_CLASS (and NOTE_UNREGISTERED, as any unknown code).
 */
#include <limits.h>
#include <string.h>

#include "reference.h"
#include "sipstatus.h"

/* A rule function's answer when it read its whole rule. */
#define MATCHED SIPSTATUS_OK

/* The state of one parse: the input, where we are, and what the notes
 * will need once the line has been read. */
struct cursor {
    const unsigned char *buf;
    size_t len;
    size_t pos;               /* the next byte to read */
    unsigned flags;
    size_t err_at;            /* set by fail() */
    struct sipstatus_line *line; /* digits and start go here as they are read */
    size_t version_at;        /* first byte after "SIP/" */
    size_t version_end;       /* first byte after the minor digits */
    size_t code_at;           /* first code digit */
    size_t reason_at;         /* first reason byte */
    size_t reason_end;        /* the CR or LF after the reason */
    int lower_case;           /* a letter of "SIP" was lower case */
    int odd_space;            /* a separator was not exactly one SP */
    int bare_lf;              /* the line ended in a bare LF */
};

static int at_end(const struct cursor *c)
{
    return c->pos >= c->len;
}

/* Only called after at_end() said there is a byte. */
static unsigned char peek(const struct cursor *c)
{
    return c->buf[c->pos];
}

static int fail(struct cursor *c, int kind)
{
    c->err_at = c->pos;
    return kind;
}

static int has_flag(const struct cursor *c, unsigned flag)
{
    return (c->flags & flag) != 0;
}

/* ---- character classes, from RFC 3261 §25.1 and RFC 5234 ---- */

static int is_digit(unsigned char b)
{
    return b >= '0' && b <= '9';
}

static int is_alpha(unsigned char b)
{
    return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
}

static int is_hexdig(unsigned char b)
{
    return is_digit(b) || (b >= 'A' && b <= 'F') || (b >= 'a' && b <= 'f');
}

/* SP / HTAB: what a lenient separator is made of. */
static int is_wsp(unsigned char b)
{
    return b == ' ' || b == '\t';
}

/* reserved = ";" / "/" / "?" / ":" / "@" / "&" / "=" / "+" / "$" / "," */
static int is_reserved(unsigned char b)
{
    switch (b) {
    case ';': case '/': case '?': case ':': case '@':
    case '&': case '=': case '+': case '$': case ',':
        return 1;
    default:
        return 0;
    }
}

/* mark = "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")" */
static int is_mark(unsigned char b)
{
    switch (b) {
    case '-': case '_': case '.': case '!': case '~':
    case '*': case '\'': case '(': case ')':
        return 1;
    default:
        return 0;
    }
}

/* unreserved = alphanum / mark */
static int is_unreserved(unsigned char b)
{
    return is_alpha(b) || is_digit(b) || is_mark(b);
}

/* UTF8-CONT = %x80-BF */
static int is_utf8_cont(unsigned char b)
{
    return b >= 0x80 && b <= 0xBF;
}

/* How many UTF8-CONT bytes follow a UTF8-NONASCII lead byte (RFC 3261
 * §25.1); 0 when the byte leads nothing (FE, FF, and anything below C0). */
static int utf8_cont_count(unsigned char lead)
{
    if (lead >= 0xC0 && lead <= 0xDF)
        return 1;
    if (lead >= 0xE0 && lead <= 0xEF)
        return 2;
    if (lead >= 0xF0 && lead <= 0xF7)
        return 3;
    if (lead >= 0xF8 && lead <= 0xFB)
        return 4;
    if (lead >= 0xFC && lead <= 0xFD)
        return 5;
    return 0;
}

/* RFC 3629 §4: the lead bytes of UTF8-2, UTF8-3 and UTF8-4.  C0 and C1
 * could only start overlongs; F5 and up exceed U+10FFFF. */
static int is_rfc3629_lead(unsigned char lead)
{
    return lead >= 0xC2 && lead <= 0xF4;
}

/* RFC 3629 §4: the range of the byte after `lead`; the ones that differ
 * from 80-BF are what rule out overlongs, surrogates and > U+10FFFF. */
static void rfc3629_second_range(unsigned char lead, unsigned char *lo,
                                 unsigned char *hi)
{
    *lo = 0x80;
    *hi = 0xBF;
    if (lead == 0xE0)
        *lo = 0xA0;
    else if (lead == 0xED)
        *hi = 0x9F;
    else if (lead == 0xF0)
        *lo = 0x90;
    else if (lead == 0xF4)
        *hi = 0x8F;
}

/* ---- the rules ---- */

/* Leading CRLFs (RFC 3261 §7.5), bare LFs too with LENIENT_LF.  start
 * moves past each whole line end, so an INCOMPLETE answer tells the
 * caller how much was skipped. */
static int leading_crlfs(struct cursor *c)
{
    if (!has_flag(c, SIPSTATUS_SKIP_CRLF))
        return MATCHED;
    for (;;) {
        if (at_end(c))
            return SIPSTATUS_INCOMPLETE;
        if (peek(c) == '\r') {
            c->pos++;
            if (at_end(c))
                return SIPSTATUS_INCOMPLETE;
            if (peek(c) != '\n')
                return fail(c, SIPSTATUS_E_EOL);
            c->pos++;
        } else if (peek(c) == '\n' && has_flag(c, SIPSTATUS_LENIENT_LF)) {
            c->pos++;
        } else {
            return MATCHED;
        }
        c->line->start = c->pos;
    }
}

/* One letter of the case-insensitive literal "SIP" (RFC 5234 §2.3). */
static int sip_letter(struct cursor *c, unsigned char upper)
{
    if (at_end(c))
        return SIPSTATUS_INCOMPLETE;
    if (peek(c) == upper + ('a' - 'A'))
        c->lower_case = 1;
    else if (peek(c) != upper)
        return fail(c, SIPSTATUS_E_VERSION);
    c->pos++;
    return MATCHED;
}

/* One exact byte inside SIP-Version ('/' or '.'). */
static int version_byte(struct cursor *c, unsigned char want)
{
    if (at_end(c))
        return SIPSTATUS_INCOMPLETE;
    if (peek(c) != want)
        return fail(c, SIPSTATUS_E_VERSION);
    c->pos++;
    return MATCHED;
}

/* 1*DIGIT of SIP-Version, its value held at UINT_MAX once it is larger. */
static int version_digits(struct cursor *c, unsigned *value)
{
    int count = 0;
    for (;;) {
        if (at_end(c))
            return SIPSTATUS_INCOMPLETE;
        if (!is_digit(peek(c)))
            break;
        unsigned d = (unsigned)(peek(c) - '0');
        if (*value > (UINT_MAX - d) / 10)
            *value = UINT_MAX;
        else
            *value = *value * 10 + d;
        count = 1;
        c->pos++;
    }
    if (count == 0)
        return fail(c, SIPSTATUS_E_VERSION);
    return MATCHED;
}

/* SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT */
static int sip_version(struct cursor *c)
{
    int r;
    if ((r = sip_letter(c, 'S')) != MATCHED || (r = sip_letter(c, 'I')) != MATCHED ||
        (r = sip_letter(c, 'P')) != MATCHED || (r = version_byte(c, '/')) != MATCHED)
        return r;
    c->version_at = c->pos;
    if ((r = version_digits(c, &c->line->major)) != MATCHED ||
        (r = version_byte(c, '.')) != MATCHED ||
        (r = version_digits(c, &c->line->minor)) != MATCHED)
        return r;
    c->version_end = c->pos;
    return MATCHED;
}

/* SP, or with LENIENT_SPACE a run of 1+ SP/HTAB.  The run can only be
 * known to have ended when a byte other than SP/HTAB is seen. */
static int separator(struct cursor *c)
{
    size_t from = c->pos;
    if (!has_flag(c, SIPSTATUS_LENIENT_SPACE)) {
        if (at_end(c))
            return SIPSTATUS_INCOMPLETE;
        if (peek(c) != ' ')
            return fail(c, SIPSTATUS_E_SPACE);
        c->pos++;
        return MATCHED;
    }
    while (!at_end(c) && is_wsp(peek(c)))
        c->pos++;
    if (at_end(c))
        return SIPSTATUS_INCOMPLETE;
    if (c->pos == from)
        return fail(c, SIPSTATUS_E_SPACE);
    if (c->pos - from != 1 || c->buf[from] != ' ')
        c->odd_space = 1;
    return MATCHED;
}

/* Status-Code = %x31-36 2DIGIT (extension-code = 3DIGIT, first 1-6), or
 * any 3DIGIT with ANY_CODE.  A space where the first digit belongs is a
 * separator problem, not a code problem. */
static int status_code(struct cursor *c)
{
    c->code_at = c->pos;
    if (at_end(c))
        return SIPSTATUS_INCOMPLETE;
    if (has_flag(c, SIPSTATUS_ANY_CODE) ? !is_digit(peek(c)) : peek(c) < '1' || peek(c) > '6')
        return fail(c, is_wsp(peek(c)) ? SIPSTATUS_E_SPACE : SIPSTATUS_E_CODE);
    c->line->code = (unsigned)(peek(c) - '0');
    c->pos++;
    for (int i = 0; i < 2; i++) {
        if (at_end(c))
            return SIPSTATUS_INCOMPLETE;
        if (!is_digit(peek(c)))
            return fail(c, SIPSTATUS_E_CODE);
        c->line->code = c->line->code * 10 + (unsigned)(peek(c) - '0');
        c->pos++;
    }
    if (has_flag(c, SIPSTATUS_REGISTERED_ONLY) && sipstatus_lookup(c->line->code) == NULL) {
        c->err_at = c->code_at;
        return SIPSTATUS_E_UNREGISTERED;
    }
    return MATCHED;
}

/* The SP between Status-Code and Reason-Phrase.  A digit here makes a
 * 4-digit code.  LENIENT_SPACE lets the line end right after the code;
 * the CR or LF is then left for reason_phrase() and line_end(). */
static int code_separator(struct cursor *c)
{
    if (at_end(c))
        return SIPSTATUS_INCOMPLETE;
    if (is_digit(peek(c)))
        return fail(c, SIPSTATUS_E_CODE);
    if (has_flag(c, SIPSTATUS_LENIENT_SPACE) && (peek(c) == '\r' || peek(c) == '\n')) {
        c->odd_space = 1;
        return MATCHED;
    }
    return separator(c);
}

/* escaped = "%" HEXDIG HEXDIG */
static int escaped(struct cursor *c)
{
    c->pos++; /* the '%' */
    for (int i = 0; i < 2; i++) {
        if (at_end(c))
            return SIPSTATUS_INCOMPLETE;
        if (!is_hexdig(peek(c)))
            return fail(c, SIPSTATUS_E_ESCAPE);
        c->pos++;
    }
    return MATCHED;
}

/* UTF8-NONASCII, or a lone UTF8-CONT, as RFC 3261 §25.1 allows; with
 * STRICT_UTF8 only RFC 3629 §4 UTF8-2 / UTF8-3 / UTF8-4. */
static int utf8_item(struct cursor *c)
{
    int strict = has_flag(c, SIPSTATUS_STRICT_UTF8);
    unsigned char lead = peek(c);
    if (is_utf8_cont(lead)) {
        if (strict)
            return fail(c, SIPSTATUS_E_UTF8);
        c->pos++;
        return MATCHED;
    }
    int count = utf8_cont_count(lead);
    if (count == 0 || (strict && !is_rfc3629_lead(lead)))
        return fail(c, SIPSTATUS_E_UTF8);
    c->pos++;
    for (int i = 0; i < count; i++) {
        unsigned char lo = 0x80, hi = 0xBF;
        if (strict && i == 0)
            rfc3629_second_range(lead, &lo, &hi);
        if (at_end(c))
            return SIPSTATUS_INCOMPLETE;
        if (peek(c) < lo || peek(c) > hi)
            return fail(c, SIPSTATUS_E_UTF8);
        c->pos++;
    }
    return MATCHED;
}

/* One item of strict Reason-Phrase:
 * reserved / unreserved / escaped / UTF8-NONASCII / UTF8-CONT / SP / HTAB */
static int reason_item(struct cursor *c)
{
    unsigned char b = peek(c);
    if (is_reserved(b) || is_unreserved(b) || is_wsp(b)) {
        c->pos++;
        return MATCHED;
    }
    if (b == '%')
        return escaped(c);
    if (b >= 0x80)
        return utf8_item(c);
    return fail(c, SIPSTATUS_E_REASON);
}

/* One item of a LENIENT_REASON reason: any HTAB, 0x20-0x7E or 0x80-0xFF
 * byte, except that STRICT_UTF8 still wants whole RFC 3629 sequences. */
static int lenient_reason_item(struct cursor *c)
{
    unsigned char b = peek(c);
    if (b == '\t' || (b >= 0x20 && b <= 0x7E)) {
        c->pos++;
        return MATCHED;
    }
    if (b >= 0x80) {
        if (has_flag(c, SIPSTATUS_STRICT_UTF8))
            return utf8_item(c);
        c->pos++;
        return MATCHED;
    }
    return fail(c, SIPSTATUS_E_REASON);
}

/* Reason-Phrase = *(item), up to the CR or LF that may end the line;
 * line_end() judges that byte. */
static int reason_phrase(struct cursor *c)
{
    c->reason_at = c->pos;
    for (;;) {
        if (at_end(c))
            return SIPSTATUS_INCOMPLETE;
        if (peek(c) == '\r' || peek(c) == '\n')
            break;
        int r = has_flag(c, SIPSTATUS_LENIENT_REASON) ? lenient_reason_item(c) : reason_item(c);
        if (r != MATCHED)
            return r;
    }
    c->reason_end = c->pos;
    return MATCHED;
}

/* CRLF, or with LENIENT_LF a bare LF.  Called on the CR or LF. */
static int line_end(struct cursor *c)
{
    if (peek(c) == '\r') {
        c->pos++;
        if (at_end(c))
            return SIPSTATUS_INCOMPLETE;
        if (peek(c) != '\n')
            return fail(c, SIPSTATUS_E_EOL);
        c->pos++;
        return MATCHED;
    }
    if (!has_flag(c, SIPSTATUS_LENIENT_LF))
        return fail(c, SIPSTATUS_E_EOL);
    c->bare_lf = 1;
    c->pos++;
    return MATCHED;
}

/* Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF */
static int status_line(struct cursor *c)
{
    int r;
    if ((r = leading_crlfs(c)) != MATCHED || (r = sip_version(c)) != MATCHED ||
        (r = separator(c)) != MATCHED || (r = status_code(c)) != MATCHED ||
        (r = code_separator(c)) != MATCHED || (r = reason_phrase(c)) != MATCHED)
        return r;
    return line_end(c);
}

/* ---- what the notes need: whole-string checks of the reason ---- */

/* Is p[0..n) a valid strict Reason-Phrase?  The same items as the parse,
 * run over the reason alone with no flags; running out of input inside an
 * item means it was cut short. */
static int is_strict_reason(const unsigned char *p, size_t n)
{
    struct cursor v = {.buf = p, .len = n, .flags = 0};
    while (!at_end(&v))
        if (reason_item(&v) != MATCHED)
            return 0;
    return 1;
}

/* Is p[0..n) RFC 3629 UTF-8?  utf8_item() under STRICT_UTF8 is RFC 3629
 * §4 for one character; ASCII bytes are characters of their own. */
static int is_rfc3629(const unsigned char *p, size_t n)
{
    struct cursor v = {.buf = p, .len = n, .flags = SIPSTATUS_STRICT_UTF8};
    while (!at_end(&v)) {
        if (peek(&v) < 0x80)
            v.pos++;
        else if (utf8_item(&v) != MATCHED)
            return 0;
    }
    return 1;
}

/* Byte-wise comparison with ASCII case folding only; equal lengths. */
static int same_phrase(const unsigned char *p, size_t n, const char *phrase)
{
    if (strlen(phrase) != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char a = p[i], b = (unsigned char)phrase[i];
        if (a >= 'A' && a <= 'Z')
            a = (unsigned char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = (unsigned char)(b - 'A' + 'a');
        if (a != b)
            return 0;
    }
    return 1;
}

static unsigned line_notes(const struct cursor *c)
{
    const unsigned char *reason = c->buf + c->reason_at;
    size_t reason_len = c->reason_end - c->reason_at;
    const unsigned char *version = c->buf + c->version_at;
    size_t version_len = c->version_end - c->version_at;
    const struct sipstatus_code *entry = sipstatus_lookup(c->line->code);
    unsigned notes = 0;

    if (c->lower_case)
        notes |= SIPSTATUS_NOTE_CASE;
    if (version_len != 3 || memcmp(version, "2.0", 3) != 0)
        notes |= SIPSTATUS_NOTE_VERSION;
    if (entry == NULL)
        notes |= SIPSTATUS_NOTE_UNREGISTERED;
    else if (!same_phrase(reason, reason_len, entry->phrase))
        notes |= SIPSTATUS_NOTE_PHRASE;
    if (!is_rfc3629(reason, reason_len))
        notes |= SIPSTATUS_NOTE_UTF8;
    if (c->bare_lf)
        notes |= SIPSTATUS_NOTE_BARE_LF;
    if (c->odd_space)
        notes |= SIPSTATUS_NOTE_WHITESPACE;
    if (c->line->code < 100 || c->line->code > 699)
        notes |= SIPSTATUS_NOTE_CLASS;
    if (has_flag(c, SIPSTATUS_LENIENT_REASON) && !is_strict_reason(reason, reason_len))
        notes |= SIPSTATUS_NOTE_REASON_CHARS;
    return notes;
}

int sipstatus_reference_parse(const char *buf, size_t len, unsigned flags,
                              struct sipstatus_line *line)
{
    if (line == NULL)
        return SIPSTATUS_E_ARG;
    memset(line, 0, sizeof *line);
    if ((buf == NULL && len > 0) || (flags & ~SIPSTATUS_PARSE_FLAGS) != 0)
        return SIPSTATUS_E_ARG;

    struct cursor c = {.buf = (const unsigned char *)buf, .len = len, .flags = flags, .line = line};
    int r = status_line(&c);
    if (r < 0)
        line->error_offset = c.err_at;
    if (r != MATCHED)
        return r;
    line->reason = buf + c.reason_at;
    line->reason_len = c.reason_end - c.reason_at;
    line->length = c.pos;
    line->notes = line_notes(&c);
    return SIPSTATUS_OK;
}
