/* SPDX-License-Identifier: MIT */
/* test_parse.c - table-driven tests of sipstatus_parse(): valid lines, every error kind and offset, flags and notes, truncations, arguments. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sipstatus.h>

#include "seeds.h"
#include "helpers.h"
#include "suites.h"

/* A string literal and its length, NULs inside included. */
#define IN(lit) lit, sizeof(lit) - 1

#define F_LF SIPSTATUS_LENIENT_LF
#define F_LS SIPSTATUS_LENIENT_SPACE
#define F_LR SIPSTATUS_LENIENT_REASON
#define F_LEN SIPSTATUS_LENIENT
#define F_SU SIPSTATUS_STRICT_UTF8
#define F_REG SIPSTATUS_REGISTERED_ONLY
#define F_SKIP SIPSTATUS_SKIP_CRLF
#define F_ANY SIPSTATUS_ANY_CODE

#define N_CASE SIPSTATUS_NOTE_CASE
#define N_VER SIPSTATUS_NOTE_VERSION
#define N_UNREG SIPSTATUS_NOTE_UNREGISTERED
#define N_PHR SIPSTATUS_NOTE_PHRASE
#define N_UTF8 SIPSTATUS_NOTE_UTF8
#define N_LF SIPSTATUS_NOTE_BARE_LF
#define N_WS SIPSTATUS_NOTE_WHITESPACE
#define N_RC SIPSTATUS_NOTE_REASON_CHARS
#define N_CLASS SIPSTATUS_NOTE_CLASS

/* RFC 4475 §3.1.1.12 "unreason": the Reason-Phrase of its Status-Line. */
#define RU_NO "\xD0\xBD\xD0\xBE"
#define RU_STO "\xD1\x81\xD1\x82\xD0\xBE"
#define RU_DEVYANOSTO \
    "\xD0\xB4\xD0\xB5\xD0\xB2\xD1\x8F\xD0\xBD\xD0\xBE\xD1\x81\xD1\x82\xD0\xBE"
#define RU_DEVYAT "\xD0\xB4\xD0\xB5\xD0\xB2\xD1\x8F\xD1\x82\xD1\x8C"
#define RU_PROSTOE "\xD0\xBF\xD1\x80\xD0\xBE\xD1\x81\xD1\x82\xD0\xBE\xD0\xB5"
#define UNREASON_PHRASE \
    "= 2**3 * 5**2 " RU_NO " " RU_STO " " RU_DEVYANOSTO " " RU_DEVYAT " - " RU_PROSTOE
/* The same with '<' '>' around the Russian words (not RFC 4475's text):
 * '<' and '>' are not allowed in Reason-Phrase. */
#define ANGLED_PHRASE \
    "= 2**3 * 5**2 <" RU_STO " " RU_DEVYANOSTO " " RU_DEVYAT " - " RU_PROSTOE ">"

#define RFC4475_UNREASON                                                       \
    "SIP/2.0 200 " UNREASON_PHRASE "\r\n"                                      \
    "Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923\r\n"                   \
    "Call-ID: unreason.1234ksdfak3j2erwedfsASdf\r\n"                           \
    "CSeq: 35 INVITE\r\n"                                                      \
    "From: sip:user@example.com;tag=11141343\r\n"                              \
    "To: sip:user@example.edu;tag=2229\r\n"                                    \
    "Content-Length: 0\r\n"                                                    \
    "\r\n"
#define RFC4475_NOREASON                                                       \
    "SIP/2.0 100 \r\n"                                                         \
    "Via: SIP/2.0/TCP 192.0.2.78;branch=z9hG4bK2341d\r\n"                      \
    "Call-ID: noreason.asndj203insdf99223ndf\r\n"                              \
    "CSeq: 35 INVITE\r\n"                                                      \
    "Content-Length: 0\r\n"                                                    \
    "\r\n"
#define RFC4475_SCALARLG                                                       \
    "SIP/2.0 503 Service Unavailable\r\n"                                      \
    "Via: SIP/2.0/TCP host129.example.com;branch=z9hG4bKzzxdiwo34sw;"          \
    "received=192.0.2.129\r\n"                                                 \
    "To: <sip:user@example.com>\r\n"                                           \
    "From: <sip:other@example.net>;tag=2easdjfejw\r\n"                         \
    "CSeq: 9292394834772304023312 OPTIONS\r\n"                                 \
    "Call-ID: scalarlg.noase0of0234hn2qofoaf0232aewf2394r\r\n"                 \
    "Retry-After: 949302838503028349304023988\r\n"                             \
    "Warning: 1812 overture \"In Progress\"\r\n"                               \
    "Content-Length: 0\r\n"                                                    \
    "\r\n"
#define RFC4475_BIGCODE                                                        \
    "SIP/2.0 4294967301 better not break the receiver\r\n"                     \
    "Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe\r\n"                 \
    "Call-ID: bigcode.asdof3uj203asdnf3429uasdhfas3ehjasdfas9i\r\n"            \
    "CSeq: 353494 INVITE\r\n"                                                  \
    "Content-Length: 0\r\n"                                                    \
    "\r\n"

/* One expected parse.  reason is NUL-terminated text (no NUL inside). */
struct pcase {
    const char *in;
    size_t len;
    unsigned flags;
    int result;
    unsigned code, major, minor;
    size_t roff;        /* OK: offset of the reason in `in` */
    const char *reason; /* OK: the reason's bytes */
    size_t start;
    size_t length; /* OK: bytes consumed */
    size_t err;    /* error: error_offset */
    unsigned notes;
};

#define OKROW(lit, fl, code, maj, min, roff, reason, start, length, notes) \
    { IN(lit), fl, SIPSTATUS_OK, code, maj, min, roff, reason, start, length, 0, notes }
#define ERRROW(lit, fl, kind, off, code, maj, min, start) \
    { IN(lit), fl, kind, code, maj, min, 0, NULL, start, 0, off, 0 }
#define INCROW(lit, fl, code, maj, min, start) \
    { IN(lit), fl, SIPSTATUS_INCOMPLETE, code, maj, min, 0, NULL, start, 0, 0, 0 }

/* ---- helpers: escaped input, names, one report per row ---- */

static const char *nname(unsigned n, char *buf, size_t cap)
{
    /* spelled here: the library's names are under test too */
    static const char *names[] = { "CASE", "VERSION", "UNREGISTERED", "PHRASE", "UTF8",
                                   "BARE_LF", "WHITESPACE", "REASON_CHARS", "CLASS" };
    size_t o = 0;
    buf[0] = '\0';
    for (unsigned b = 0; b < 32; b++) {
        if (!(n & (1u << b)))
            continue;
        o += (size_t)snprintf(buf + o, cap - o, "%s%s", o ? "|" : "",
                              b < sizeof names / sizeof names[0] ? names[b] : "?");
        if (o >= cap)
            break;
    }
    if (!n)
        snprintf(buf, cap, "0");
    return buf;
}

struct diff {
    char text[4096];
    size_t n;
};

static void add(struct diff *d, const char *fmt, ...)
{
    va_list ap;
    if (d->n >= sizeof d->text)
        return;
    va_start(ap, fmt);
    int k = vsnprintf(d->text + d->n, sizeof d->text - d->n, fmt, ap);
    va_end(ap);
    if (k > 0)
        d->n += (size_t)k;
}

static long reason_off(const struct sipstatus_line *l, const char *buf)
{
    return l->reason ? (long)(l->reason - buf) : -1L;
}

/* The table itself must agree with its input before the library is asked. */
static void check_table_row(const char *table, int i, const struct pcase *c)
{
    char ein[2048];
    esc(c->in, c->len, ein, sizeof ein);
    if (c->result == SIPSTATUS_OK) {
        size_t rl = strlen(c->reason);
        ck_assert_msg(c->length >= 1 && c->length <= c->len && c->in[c->length - 1] == '\n' &&
                          c->roff + rl < c->length &&
                          memcmp(c->in + c->roff, c->reason, rl) == 0 &&
                          (c->in[c->roff + rl] == '\r' || c->in[c->roff + rl] == '\n') &&
                          c->start <= c->roff,
                      "TABLE BUG %s[%d] \"%s\": roff/reason/length disagree with the input",
                      table, i, ein);
    } else if (c->result < 0) {
        ck_assert_msg(c->err <= c->len, "TABLE BUG %s[%d] \"%s\": error offset past the input",
                      table, i, ein);
    }
}

/* Parses c->in and compares every field of the line with the row. */
static void check_case(const char *table, int i, const struct pcase *c)
{
    struct sipstatus_line line;
    struct diff d = { .n = 0 };
    char ein[2048], n1[128], n2[128];

    check_table_row(table, i, c);
    esc(c->in, c->len, ein, sizeof ein);
    d.text[0] = '\0';
    memset(&line, 0xA5, sizeof line);
    seed_parse(c->in, c->len, c->flags);
    int r = sipstatus_parse(c->in, c->len, c->flags, &line);

    if (r != c->result)
        add(&d, "\n  result: expected %s, got %s (%d)", rname(c->result), rname(r), r);
    if (line.code != c->code)
        add(&d, "\n  code: expected %u, got %u", c->code, line.code);
    if (line.major != c->major)
        add(&d, "\n  major: expected %u, got %u", c->major, line.major);
    if (line.minor != c->minor)
        add(&d, "\n  minor: expected %u, got %u", c->minor, line.minor);
    if (line.start != c->start)
        add(&d, "\n  start: expected %zu, got %zu", c->start, line.start);
    if (c->result == SIPSTATUS_OK) {
        size_t rl = strlen(c->reason);
        if (line.reason != c->in + c->roff || line.reason_len != rl) {
            char eg[1024], ee[1024];
            int ok_span = line.reason && line.reason >= c->in &&
                          line.reason_len <= c->len &&
                          (size_t)(line.reason - c->in) <= c->len - line.reason_len;
            esc(c->reason, rl, ee, sizeof ee);
            if (ok_span)
                esc(line.reason, line.reason_len, eg, sizeof eg);
            else
                snprintf(eg, sizeof eg, "(outside buf)");
            add(&d, "\n  reason: expected offset %zu len %zu \"%s\", got offset %ld len %zu \"%s\"",
                c->roff, rl, ee, reason_off(&line, c->in), line.reason_len, eg);
        }
    } else if (line.reason != NULL || line.reason_len != 0) {
        add(&d, "\n  reason: expected NULL/0, got offset %ld len %zu",
            reason_off(&line, c->in), line.reason_len);
    }
    size_t want_len = c->result == SIPSTATUS_OK ? c->length : 0;
    if (line.length != want_len)
        add(&d, "\n  length: expected %zu, got %zu", want_len, line.length);
    size_t want_err = c->result < 0 ? c->err : 0;
    if (line.error_offset != want_err)
        add(&d, "\n  error_offset: expected %zu, got %zu", want_err, line.error_offset);
    unsigned want_notes = c->result == SIPSTATUS_OK ? c->notes : 0;
    if (line.notes != want_notes)
        add(&d, "\n  notes: expected %s, got %s", nname(want_notes, n1, sizeof n1),
            nname(line.notes, n2, sizeof n2));

    ck_assert_msg(d.n == 0, "%s[%d] input \"%s\" (len %zu) flags 0x%x:%s", table, i, ein,
                  c->len, c->flags, d.text);
    /* and resumed: every split gives the same answers */
    check_resumed(table, i, c->in, c->len, c->flags);
}

/* ---- valid lines (strict mode unless a flag is given) ---- */

static const struct pcase valid_cases[] = {
    /* one or more registered codes of every class, registered phrase */
    OKROW("SIP/2.0 100 Trying\r\n", 0, 100, 2, 0, 12, "Trying", 0, 20, 0),
    OKROW("SIP/2.0 180 Ringing\r\n", 0, 180, 2, 0, 12, "Ringing", 0, 21, 0),
    OKROW("SIP/2.0 181 Call Is Being Forwarded\r\n", 0, 181, 2, 0, 12, "Call Is Being Forwarded", 0, 37, 0),
    OKROW("SIP/2.0 182 Queued\r\n", 0, 182, 2, 0, 12, "Queued", 0, 20, 0),
    OKROW("SIP/2.0 183 Session Progress\r\n", 0, 183, 2, 0, 12, "Session Progress", 0, 30, 0),
    OKROW("SIP/2.0 199 Early Dialog Terminated\r\n", 0, 199, 2, 0, 12, "Early Dialog Terminated", 0, 37, 0),
    OKROW("SIP/2.0 200 OK\r\n", 0, 200, 2, 0, 12, "OK", 0, 16, 0),
    OKROW("SIP/2.0 202 Accepted\r\n", 0, 202, 2, 0, 12, "Accepted", 0, 22, 0),
    OKROW("SIP/2.0 204 No Notification\r\n", 0, 204, 2, 0, 12, "No Notification", 0, 29, 0),
    OKROW("SIP/2.0 301 Moved Permanently\r\n", 0, 301, 2, 0, 12, "Moved Permanently", 0, 31, 0),
    OKROW("SIP/2.0 302 Moved Temporarily\r\n", 0, 302, 2, 0, 12, "Moved Temporarily", 0, 31, 0),
    OKROW("SIP/2.0 380 Alternative Service\r\n", 0, 380, 2, 0, 12, "Alternative Service", 0, 33, 0),
    OKROW("SIP/2.0 404 Not Found\r\n", 0, 404, 2, 0, 12, "Not Found", 0, 23, 0),
    OKROW("SIP/2.0 425 Bad Alert Message\r\n", 0, 425, 2, 0, 12, "Bad Alert Message", 0, 31, 0),
    OKROW("SIP/2.0 481 Call/Transaction Does Not Exist\r\n", 0, 481, 2, 0, 12, "Call/Transaction Does Not Exist", 0, 45, 0),
    OKROW("SIP/2.0 494 Security Agreement Required\r\n", 0, 494, 2, 0, 12, "Security Agreement Required", 0, 41, 0),
    OKROW("SIP/2.0 504 Server Time-out\r\n", 0, 504, 2, 0, 12, "Server Time-out", 0, 29, 0),
    OKROW("SIP/2.0 513 Message Too Large\r\n", 0, 513, 2, 0, 12, "Message Too Large", 0, 31, 0),
    OKROW("SIP/2.0 555 Push Notification Service Not Supported\r\n", 0, 555, 2, 0, 12, "Push Notification Service Not Supported", 0, 53, 0),
    OKROW("SIP/2.0 580 Precondition Failure\r\n", 0, 580, 2, 0, 12, "Precondition Failure", 0, 34, 0),
    OKROW("SIP/2.0 600 Busy Everywhere\r\n", 0, 600, 2, 0, 12, "Busy Everywhere", 0, 29, 0),
    OKROW("SIP/2.0 607 Unwanted\r\n", 0, 607, 2, 0, 12, "Unwanted", 0, 22, 0),
    OKROW("SIP/2.0 608 Rejected\r\n", 0, 608, 2, 0, 12, "Rejected", 0, 22, 0),
    /* phrase compared with ASCII case folding: no PHRASE note */
    OKROW("SIP/2.0 200 ok\r\n", 0, 200, 2, 0, 12, "ok", 0, 16, 0),
    OKROW("SIP/2.0 404 NOT FOUND\r\n", 0, 404, 2, 0, 12, "NOT FOUND", 0, 23, 0),
    OKROW("SIP/2.0 486 bUSY hERE\r\n", 0, 486, 2, 0, 12, "bUSY hERE", 0, 23, 0),
    /* registered code, other phrase */
    OKROW("SIP/2.0 200 Not OK\r\n", 0, 200, 2, 0, 12, "Not OK", 0, 20, N_PHR),
    OKROW("SIP/2.0 200 O\r\n", 0, 200, 2, 0, 12, "O", 0, 15, N_PHR),
    OKROW("SIP/2.0 200 OK \r\n", 0, 200, 2, 0, 12, "OK ", 0, 17, N_PHR),
    /* unregistered codes */
    OKROW("SIP/2.0 299 Whatever\r\n", 0, 299, 2, 0, 12, "Whatever", 0, 22, N_UNREG),
    OKROW("SIP/2.0 201 Created\r\n", 0, 201, 2, 0, 12, "Created", 0, 21, N_UNREG),
    OKROW("SIP/2.0 150 x\r\n", 0, 150, 2, 0, 12, "x", 0, 15, N_UNREG),
    OKROW("SIP/2.0 699 x\r\n", 0, 699, 2, 0, 12, "x", 0, 15, N_UNREG),
    /* "SIP" in any case */
    OKROW("sip/2.0 200 OK\r\n", 0, 200, 2, 0, 12, "OK", 0, 16, N_CASE),
    OKROW("Sip/2.0 200 OK\r\n", 0, 200, 2, 0, 12, "OK", 0, 16, N_CASE),
    OKROW("siP/2.0 200 OK\r\n", 0, 200, 2, 0, 12, "OK", 0, 16, N_CASE),
    /* versions other than "2.0" */
    OKROW("SIP/3.14 200 OK\r\n", 0, 200, 3, 14, 13, "OK", 0, 17, N_VER),
    OKROW("SIP/02.0 200 OK\r\n", 0, 200, 2, 0, 13, "OK", 0, 17, N_VER),
    OKROW("SIP/2.00 200 OK\r\n", 0, 200, 2, 0, 13, "OK", 0, 17, N_VER),
    OKROW("SIP/1.0 200 OK\r\n", 0, 200, 1, 0, 12, "OK", 0, 16, N_VER),
    OKROW("sip/0.0 200 OK\r\n", 0, 200, 0, 0, 12, "OK", 0, 16, N_CASE | N_VER),
    OKROW("SIP/999999999.999999999 200 OK\r\n", 0, 200, 999999999, 999999999, 28, "OK", 0, 32, N_VER),
    OKROW("SIP/000000002.000000000 200 OK\r\n", 0, 200, 2, 0, 28, "OK", 0, 32, N_VER),
    /* 1*DIGIT has no bound: a number that does not fit saturates */
    OKROW("SIP/1234567890.0 200 OK\r\n", 0, 200, 1234567890, 0, 21, "OK", 0, 25, N_VER),
    OKROW("SIP/0000000000.0 200 OK\r\n", 0, 200, 0, 0, 21, "OK", 0, 25, N_VER),
    OKROW("SIP/4294967295.4294967296 200 OK\r\n", 0, 200, 4294967295u, 4294967295u, 30, "OK", 0, 34, N_VER),
    OKROW("SIP/2.00000000000000000000000000000000 200 OK\r\n", 0, 200, 2, 0, 43, "OK", 0, 47, N_VER),
    OKROW("SIP/18446744073709551618.1 200 OK\r\n", 0, 200, 4294967295u, 1, 31, "OK", 0, 35, N_VER),
    /* two SPs: the second is the reason's first byte */
    OKROW("SIP/2.0 200  OK\r\n", 0, 200, 2, 0, 12, " OK", 0, 17, N_PHR),
    /* HTAB and punctuation */
    OKROW("SIP/2.0 200 O\tK\r\n", 0, 200, 2, 0, 12, "O\tK", 0, 17, N_PHR),
    OKROW("SIP/2.0 100 \t\r\n", 0, 100, 2, 0, 12, "\t", 0, 15, N_PHR),
    OKROW("SIP/2.0 200 ;/?:@&=+$,-_.!~*'()\r\n", 0, 200, 2, 0, 12, ";/?:@&=+$,-_.!~*'()", 0, 33, N_PHR),
    /* escapes, either hex case; compared undecoded */
    OKROW("SIP/2.0 200 %4f%4B\r\n", 0, 200, 2, 0, 12, "%4f%4B", 0, 20, N_PHR),
    OKROW("SIP/2.0 499 %aF%Fa%00\r\n", 0, 499, 2, 0, 12, "%aF%Fa%00", 0, 23, N_UNREG),
    OKROW("SIP/2.0 200 100%25\r\n", 0, 200, 2, 0, 12, "100%25", 0, 20, N_PHR),
    /* RFC 3629 UTF-8 of 2, 3 and 4 bytes, bounds included */
    OKROW("SIP/2.0 200 caf\xC3\xA9\r\n", 0, 200, 2, 0, 12, "caf\xC3\xA9", 0, 19, N_PHR),
    OKROW("SIP/2.0 200 \xC2\x80\xDF\xBF\r\n", 0, 200, 2, 0, 12, "\xC2\x80\xDF\xBF", 0, 18, N_PHR),
    OKROW("SIP/2.0 200 \xE2\x82\xAC\r\n", 0, 200, 2, 0, 12, "\xE2\x82\xAC", 0, 17, N_PHR),
    OKROW("SIP/2.0 200 \xE0\xA0\x80\xED\x9F\xBF\xEF\xBF\xBF\r\n", 0, 200, 2, 0, 12, "\xE0\xA0\x80\xED\x9F\xBF\xEF\xBF\xBF", 0, 23, N_PHR),
    OKROW("SIP/2.0 200 \xF0\x9F\x98\x80\r\n", 0, 200, 2, 0, 12, "\xF0\x9F\x98\x80", 0, 18, N_PHR),
    OKROW("SIP/2.0 200 \xF0\x90\x80\x80\xF4\x8F\xBF\xBF\r\n", 0, 200, 2, 0, 12, "\xF0\x90\x80\x80\xF4\x8F\xBF\xBF", 0, 22, N_PHR),
    /* RFC 3261's forms that RFC 3629 forbids: valid, note UTF8 */
    OKROW("SIP/2.0 200 \xF8\x88\x80\x80\x80\r\n", 0, 200, 2, 0, 12, "\xF8\x88\x80\x80\x80", 0, 19, N_PHR | N_UTF8),
    OKROW("SIP/2.0 200 \xFB\xBF\xBF\xBF\xBF\r\n", 0, 200, 2, 0, 12, "\xFB\xBF\xBF\xBF\xBF", 0, 19, N_PHR | N_UTF8),
    OKROW("SIP/2.0 200 \xFC\x84\x80\x80\x80\x80\r\n", 0, 200, 2, 0, 12, "\xFC\x84\x80\x80\x80\x80", 0, 20, N_PHR | N_UTF8),
    OKROW("SIP/2.0 200 \xFD\xBF\xBF\xBF\xBF\xBF\r\n", 0, 200, 2, 0, 12, "\xFD\xBF\xBF\xBF\xBF\xBF", 0, 20, N_PHR | N_UTF8),
    OKROW("SIP/2.0 200 \xC0\x80\r\n", 0, 200, 2, 0, 12, "\xC0\x80", 0, 16, N_PHR | N_UTF8),
    OKROW("SIP/2.0 200 \xC1\xBF\r\n", 0, 200, 2, 0, 12, "\xC1\xBF", 0, 16, N_PHR | N_UTF8),
    OKROW("SIP/2.0 200 \xE0\x80\x80\r\n", 0, 200, 2, 0, 12, "\xE0\x80\x80", 0, 17, N_PHR | N_UTF8),
    OKROW("SIP/2.0 200 \xF0\x80\x80\x80\r\n", 0, 200, 2, 0, 12, "\xF0\x80\x80\x80", 0, 18, N_PHR | N_UTF8),
    OKROW("SIP/2.0 200 \xED\xA0\x80\r\n", 0, 200, 2, 0, 12, "\xED\xA0\x80", 0, 17, N_PHR | N_UTF8),
    OKROW("SIP/2.0 200 \xF4\x90\x80\x80\r\n", 0, 200, 2, 0, 12, "\xF4\x90\x80\x80", 0, 18, N_PHR | N_UTF8),
    OKROW("SIP/2.0 200 \xF7\xBF\xBF\xBF\r\n", 0, 200, 2, 0, 12, "\xF7\xBF\xBF\xBF", 0, 18, N_PHR | N_UTF8),
    /* stray continuation bytes: an item of their own */
    OKROW("SIP/2.0 200 a\x80z\r\n", 0, 200, 2, 0, 12, "a\x80z", 0, 17, N_PHR | N_UTF8),
    OKROW("SIP/2.0 200 \xBF\r\n", 0, 200, 2, 0, 12, "\xBF", 0, 15, N_PHR | N_UTF8),
    OKROW("SIP/2.0 200 \xC3\xA9\xA9\r\n", 0, 200, 2, 0, 12, "\xC3\xA9\xA9", 0, 17, N_PHR | N_UTF8),
    /* empty reason */
    OKROW("SIP/2.0 200 \r\n", 0, 200, 2, 0, 12, "", 0, 14, N_PHR),
    OKROW("SIP/2.0 299 \r\n", 0, 299, 2, 0, 12, "", 0, 14, N_UNREG),
    /* a whole message: length stops at the first LF; later bytes ignored */
    OKROW("SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP host.example.com\r\nContent-Length: 0\r\n\r\n", 0, 180, 2, 0, 12, "Ringing", 0, 21, 0),
    OKROW("SIP/2.0 200 OK\r\n\0\xFF\r garbage \"<>\n", 0, 200, 2, 0, 12, "OK", 0, 16, 0),
    /* RFC 4475: noreason (§3.1.1.13), unreason (§3.1.1.12), scalarlg (§3.1.2.5) */
    OKROW(RFC4475_NOREASON, 0, 100, 2, 0, 12, "", 0, 14, N_PHR),
    OKROW(RFC4475_UNREASON, 0, 200, 2, 0, 12, UNREASON_PHRASE, 0, 88, N_PHR),
    OKROW(RFC4475_SCALARLG, 0, 503, 2, 0, 12, "Service Unavailable", 0, 33, 0),
    /* leading CRLFs with SKIP_CRLF */
    OKROW("\r\n\r\nSIP/2.0 200 OK\r\n", F_SKIP, 200, 2, 0, 16, "OK", 4, 20, 0),
    OKROW("\r\nSIP/2.0 200 OK\r\n", F_SKIP, 200, 2, 0, 14, "OK", 2, 18, 0),
    OKROW("SIP/2.0 200 OK\r\n", F_SKIP, 200, 2, 0, 12, "OK", 0, 16, 0),
};

START_TEST(test_valid)
{
    check_case("valid", _i, &valid_cases[_i]);
}
END_TEST

/* ---- every error kind at its offset (strict mode unless a flag is given) ---- */

static const struct pcase error_cases[] = {
    /* E_VERSION: inside SIP-Version */
    ERRROW("HTTP/1.1 200 OK\r\n", 0, SIPSTATUS_E_VERSION, 0, 0, 0, 0, 0),
    ERRROW(" SIP/2.0 200 OK\r\n", 0, SIPSTATUS_E_VERSION, 0, 0, 0, 0, 0),
    ERRROW("\r\nSIP/2.0 200 OK\r\n", 0, SIPSTATUS_E_VERSION, 0, 0, 0, 0, 0),
    ERRROW("\nSIP/2.0 200 OK\r\n", 0, SIPSTATUS_E_VERSION, 0, 0, 0, 0, 0),
    ERRROW("\0SIP/2.0 200 OK\r\n", 0, SIPSTATUS_E_VERSION, 0, 0, 0, 0, 0),
    ERRROW("SI/2.0 200 OK\r\n", 0, SIPSTATUS_E_VERSION, 2, 0, 0, 0, 0),
    ERRROW("SIQ/2.0 200 OK\r\n", 0, SIPSTATUS_E_VERSION, 2, 0, 0, 0, 0),
    ERRROW("SIP /2.0 200 OK\r\n", 0, SIPSTATUS_E_VERSION, 3, 0, 0, 0, 0),
    ERRROW("SIPS/2.0 200 OK\r\n", 0, SIPSTATUS_E_VERSION, 3, 0, 0, 0, 0),
    ERRROW("SIP\\2.0 200 OK\r\n", 0, SIPSTATUS_E_VERSION, 3, 0, 0, 0, 0),
    ERRROW("SIP/.0 200 OK\r\n", 0, SIPSTATUS_E_VERSION, 4, 0, 0, 0, 0),
    ERRROW("SIP/x.0 200 OK\r\n", 0, SIPSTATUS_E_VERSION, 4, 0, 0, 0, 0),
    ERRROW("SIP/ 2.0 200 OK\r\n", 0, SIPSTATUS_E_VERSION, 4, 0, 0, 0, 0),
    ERRROW("SIP/2 200 OK\r\n", 0, SIPSTATUS_E_VERSION, 5, 0, 2, 0, 0),
    ERRROW("SIP/2,0 200 OK\r\n", 0, SIPSTATUS_E_VERSION, 5, 0, 2, 0, 0),
    ERRROW("SIP/2. 200 OK\r\n", 0, SIPSTATUS_E_VERSION, 6, 0, 2, 0, 0),
    ERRROW("SIP/2.x 200 OK\r\n", 0, SIPSTATUS_E_VERSION, 6, 0, 2, 0, 0),
    ERRROW("SIP/12345678901.x 200 OK\r\n", 0, SIPSTATUS_E_VERSION, 16, 0, 4294967295u, 0, 0),
    ERRROW("SIP/2.99999999999/ 200 OK\r\n", 0, SIPSTATUS_E_SPACE, 17, 0, 2, 4294967295u, 0),
    /* E_SPACE: no separator after the version, or SP/HTAB at the first code digit */
    ERRROW("SIP/2.0.1 200 OK\r\n", 0, SIPSTATUS_E_SPACE, 7, 0, 2, 0, 0),
    ERRROW("SIP/2.0\r\n", 0, SIPSTATUS_E_SPACE, 7, 0, 2, 0, 0),
    ERRROW("SIP/2.0\t200 OK\r\n", 0, SIPSTATUS_E_SPACE, 7, 0, 2, 0, 0),
    ERRROW("SIP/2.0/UDP 200 OK\r\n", 0, SIPSTATUS_E_SPACE, 7, 0, 2, 0, 0),
    ERRROW("SIP/2.0200OK\r\n", 0, SIPSTATUS_E_SPACE, 10, 0, 2, 200, 0),
    ERRROW("SIP/2.0  200 OK\r\n", 0, SIPSTATUS_E_SPACE, 8, 0, 2, 0, 0),
    ERRROW("SIP/2.0 \t200 OK\r\n", 0, SIPSTATUS_E_SPACE, 8, 0, 2, 0, 0),
    ERRROW("SIP/2.0 200\r\n", 0, SIPSTATUS_E_SPACE, 11, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200\n", 0, SIPSTATUS_E_SPACE, 11, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200OK\r\n", 0, SIPSTATUS_E_SPACE, 11, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200\tOK\r\n", 0, SIPSTATUS_E_SPACE, 11, 200, 2, 0, 0),
    /* E_CODE */
    ERRROW("SIP/2.0 700 X\r\n", 0, SIPSTATUS_E_CODE, 8, 0, 2, 0, 0),
    ERRROW("SIP/2.0 800 X\r\n", 0, SIPSTATUS_E_CODE, 8, 0, 2, 0, 0),
    ERRROW("SIP/2.0 999 X\r\n", 0, SIPSTATUS_E_CODE, 8, 0, 2, 0, 0),
    ERRROW("SIP/2.0 099 x\r\n", 0, SIPSTATUS_E_CODE, 8, 0, 2, 0, 0),
    ERRROW("SIP/2.0 -200 OK\r\n", 0, SIPSTATUS_E_CODE, 8, 0, 2, 0, 0),
    ERRROW("SIP/2.0 +200 OK\r\n", 0, SIPSTATUS_E_CODE, 8, 0, 2, 0, 0),
    ERRROW("SIP/2.0 \r\n", 0, SIPSTATUS_E_CODE, 8, 0, 2, 0, 0),
    ERRROW("SIP/2.0 OK\r\n", 0, SIPSTATUS_E_CODE, 8, 0, 2, 0, 0),
    ERRROW("SIP/2.0 2x0 OK\r\n", 0, SIPSTATUS_E_CODE, 9, 2, 2, 0, 0),
    ERRROW("SIP/2.0 20 OK\r\n", 0, SIPSTATUS_E_CODE, 10, 20, 2, 0, 0),
    ERRROW("SIP/2.0 20\r\n", 0, SIPSTATUS_E_CODE, 10, 20, 2, 0, 0),
    ERRROW("SIP/2.0 2000 x\r\n", 0, SIPSTATUS_E_CODE, 11, 200, 2, 0, 0),
    ERRROW("SIP/2.0200 OK\r\n", 0, SIPSTATUS_E_CODE, 11, 0, 2, 200, 0),
    ERRROW(RFC4475_BIGCODE, 0, SIPSTATUS_E_CODE, 11, 429, 2, 0, 0),
    /* E_REASON: the 12 forbidden punctuation bytes, NUL, controls, DEL */
    ERRROW("SIP/2.0 200 O\"K\r\n", 0, SIPSTATUS_E_REASON, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 O#K\r\n", 0, SIPSTATUS_E_REASON, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 O<K\r\n", 0, SIPSTATUS_E_REASON, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 O>K\r\n", 0, SIPSTATUS_E_REASON, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 O[K\r\n", 0, SIPSTATUS_E_REASON, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 O\\K\r\n", 0, SIPSTATUS_E_REASON, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 O]K\r\n", 0, SIPSTATUS_E_REASON, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 O^K\r\n", 0, SIPSTATUS_E_REASON, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 O`K\r\n", 0, SIPSTATUS_E_REASON, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 O{K\r\n", 0, SIPSTATUS_E_REASON, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 O|K\r\n", 0, SIPSTATUS_E_REASON, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 O}K\r\n", 0, SIPSTATUS_E_REASON, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \"\r\n", 0, SIPSTATUS_E_REASON, 12, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 O\0K\r\n", 0, SIPSTATUS_E_REASON, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 O\x01" "K\r\n", 0, SIPSTATUS_E_REASON, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 O\x08" "K\r\n", 0, SIPSTATUS_E_REASON, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 O\x0B" "K\r\n", 0, SIPSTATUS_E_REASON, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 O\x1B" "K\r\n", 0, SIPSTATUS_E_REASON, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 O\x1F" "K\r\n", 0, SIPSTATUS_E_REASON, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 O\x7F" "K\r\n", 0, SIPSTATUS_E_REASON, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 " ANGLED_PHRASE "\r\n", 0, SIPSTATUS_E_REASON, 26, 200, 2, 0, 0),
    /* E_ESCAPE */
    ERRROW("SIP/2.0 200 %4\r\n", 0, SIPSTATUS_E_ESCAPE, 14, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 %G1\r\n", 0, SIPSTATUS_E_ESCAPE, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 %\r\n", 0, SIPSTATUS_E_ESCAPE, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 % 20\r\n", 0, SIPSTATUS_E_ESCAPE, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 %4g\r\n", 0, SIPSTATUS_E_ESCAPE, 14, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 %%41\r\n", 0, SIPSTATUS_E_ESCAPE, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 %\xC3\xA9\r\n", 0, SIPSTATUS_E_ESCAPE, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 50% off\r\n", 0, SIPSTATUS_E_ESCAPE, 15, 200, 2, 0, 0),
    /* E_UTF8: FE/FF, broken sequences (CR included) */
    ERRROW("SIP/2.0 200 \xFE\r\n", 0, SIPSTATUS_E_UTF8, 12, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xFF\r\n", 0, SIPSTATUS_E_UTF8, 12, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 ab\xFE\r\n", 0, SIPSTATUS_E_UTF8, 14, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xC3(\r\n", 0, SIPSTATUS_E_UTF8, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xC3\r\n", 0, SIPSTATUS_E_UTF8, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xC3 \r\n", 0, SIPSTATUS_E_UTF8, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xC3\xC3\xA9\r\n", 0, SIPSTATUS_E_UTF8, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xE2\r\n", 0, SIPSTATUS_E_UTF8, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xE2\x82(\r\n", 0, SIPSTATUS_E_UTF8, 14, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xF0\x9F\x98 \r\n", 0, SIPSTATUS_E_UTF8, 15, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xF8\x88\x80\x80Z\r\n", 0, SIPSTATUS_E_UTF8, 16, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xFC\x84\x80\x80\x80" "A\r\n", 0, SIPSTATUS_E_UTF8, 17, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xE2\x82\n", 0, SIPSTATUS_E_UTF8, 14, 200, 2, 0, 0),
    /* E_EOL */
    ERRROW("SIP/2.0 200 OK\n", 0, SIPSTATUS_E_EOL, 14, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \n", 0, SIPSTATUS_E_EOL, 12, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 O\nK\r\n", 0, SIPSTATUS_E_EOL, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 OK\rX", 0, SIPSTATUS_E_EOL, 15, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 OK\r\r\n", 0, SIPSTATUS_E_EOL, 15, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 OK\r\0", 0, SIPSTATUS_E_EOL, 15, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 O\rK\r\n", 0, SIPSTATUS_E_EOL, 14, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \r \n", 0, SIPSTATUS_E_EOL, 13, 200, 2, 0, 0),
    /* E_UNREGISTERED: at the first code digit, as soon as the third is read */
    ERRROW("SIP/2.0 299 OK\r\n", F_REG, SIPSTATUS_E_UNREGISTERED, 8, 299, 2, 0, 0),
    ERRROW("SIP/2.0 299", F_REG, SIPSTATUS_E_UNREGISTERED, 8, 299, 2, 0, 0),
    ERRROW("SIP/2.0 2990 x\r\n", F_REG, SIPSTATUS_E_UNREGISTERED, 8, 299, 2, 0, 0),
    ERRROW("SIP/2.0 299\"bad", F_REG, SIPSTATUS_E_UNREGISTERED, 8, 299, 2, 0, 0),
    ERRROW("SIP/2.0 150 x\r\n", F_REG, SIPSTATUS_E_UNREGISTERED, 8, 150, 2, 0, 0),
    ERRROW("SIP/2.0 201 Created\r\n", F_REG, SIPSTATUS_E_UNREGISTERED, 8, 201, 2, 0, 0),
    ERRROW("SIP/2.0 699 x\r\n", F_REG, SIPSTATUS_E_UNREGISTERED, 8, 699, 2, 0, 0),
    ERRROW("sip/3.1 418 x\r\n", F_REG, SIPSTATUS_E_UNREGISTERED, 8, 418, 3, 1, 0),
    ERRROW("SIP/2.0 700 x\r\n", F_REG, SIPSTATUS_E_CODE, 8, 0, 2, 0, 0),
    ERRROW("SIP/2.0 100OK", F_REG, SIPSTATUS_E_SPACE, 11, 100, 2, 0, 0),
    ERRROW("SIP/2.0 200 \"", F_REG, SIPSTATUS_E_REASON, 12, 200, 2, 0, 0),
};

START_TEST(test_errors)
{
    check_case("errors", _i, &error_cases[_i]);
}
END_TEST

/* ---- each flag and note, with and without the flag ---- */

static const struct pcase flag_cases[] = {
    /* nothing to note in a plain line, whatever the flags */
    OKROW("SIP/2.0 200 OK\r\n", 0, 200, 2, 0, 12, "OK", 0, 16, 0),
    OKROW("SIP/2.0 200 OK\r\n", F_LEN, 200, 2, 0, 12, "OK", 0, 16, 0),
    OKROW("SIP/2.0 200 OK\r\n", SIPSTATUS_PARSE_FLAGS, 200, 2, 0, 12, "OK", 0, 16, 0),

    /* LENIENT_LF */
    ERRROW("SIP/2.0 200 OK\n", 0, SIPSTATUS_E_EOL, 14, 200, 2, 0, 0),
    OKROW("SIP/2.0 200 OK\n", F_LF, 200, 2, 0, 12, "OK", 0, 15, N_LF),
    OKROW("SIP/2.0 200 OK\r\n", F_LF, 200, 2, 0, 12, "OK", 0, 16, 0),
    OKROW("SIP/2.0 200 \n", F_LF, 200, 2, 0, 12, "", 0, 13, N_LF | N_PHR),
    OKROW("SIP/2.0 200 OK\nVia: x\r\n", F_LF, 200, 2, 0, 12, "OK", 0, 15, N_LF),
    ERRROW("SIP/2.0 200 OK\rX", F_LF, SIPSTATUS_E_EOL, 15, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 OK\r\r\n", F_LF, SIPSTATUS_E_EOL, 15, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200\n", F_LF, SIPSTATUS_E_SPACE, 11, 200, 2, 0, 0),
    ERRROW("SIP/2.0\n", F_LF, SIPSTATUS_E_SPACE, 7, 0, 2, 0, 0),
    ERRROW("SIP/2.0 200 %4\n", F_LF, SIPSTATUS_E_ESCAPE, 14, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xC3\n", F_LF, SIPSTATUS_E_UTF8, 13, 200, 2, 0, 0),
    ERRROW("\r\nSIP/2.0 200 OK\r\n", F_LF, SIPSTATUS_E_VERSION, 0, 0, 0, 0, 0),

    /* LENIENT_SPACE */
    ERRROW("SIP/2.0  200  OK\r\n", 0, SIPSTATUS_E_SPACE, 8, 0, 2, 0, 0),
    OKROW("SIP/2.0  200  OK\r\n", F_LS, 200, 2, 0, 14, "OK", 0, 18, N_WS),
    OKROW("SIP/2.0\t200\tOK\r\n", F_LS, 200, 2, 0, 12, "OK", 0, 16, N_WS),
    OKROW("SIP/2.0 \t 200 \t OK\r\n", F_LS, 200, 2, 0, 16, "OK", 0, 20, N_WS),
    OKROW("SIP/2.0  200 OK\r\n", F_LS, 200, 2, 0, 13, "OK", 0, 17, N_WS),
    OKROW("SIP/2.0 200  OK\r\n", F_LS, 200, 2, 0, 13, "OK", 0, 17, N_WS),
    OKROW("SIP/2.0 200 OK\r\n", F_LS, 200, 2, 0, 12, "OK", 0, 16, 0),
    OKROW("SIP/2.0 200\r\n", F_LS, 200, 2, 0, 11, "", 0, 13, N_WS | N_PHR),
    OKROW("SIP/2.0 200   \r\n", F_LS, 200, 2, 0, 14, "", 0, 16, N_WS | N_PHR),
    OKROW("SIP/2.0 200 \r\n", F_LS, 200, 2, 0, 12, "", 0, 14, N_PHR),
    OKROW("SIP/2.0 200 OK  \r\n", F_LS, 200, 2, 0, 12, "OK  ", 0, 18, N_PHR),
    OKROW("SIP/2.0 200 O K\r\n", F_LS, 200, 2, 0, 12, "O K", 0, 17, N_PHR),
    ERRROW("SIP/2.0 200OK\r\n", F_LS, SIPSTATUS_E_SPACE, 11, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200\n", F_LS, SIPSTATUS_E_EOL, 11, 200, 2, 0, 0),
    OKROW("SIP/2.0 200\n", F_LS | F_LF, 200, 2, 0, 11, "", 0, 12, N_WS | N_LF | N_PHR),
    ERRROW("SIP/2.0 200\rX", F_LS, SIPSTATUS_E_EOL, 12, 200, 2, 0, 0),
    ERRROW("SIP/2.0 \r\n", F_LS, SIPSTATUS_E_CODE, 8, 0, 2, 0, 0),
    ERRROW("SIP/2.0\r\n", F_LS, SIPSTATUS_E_SPACE, 7, 0, 2, 0, 0),
    ERRROW("SIP/2.0 2000\r\n", F_LS, SIPSTATUS_E_CODE, 11, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 OK\n", F_LS, SIPSTATUS_E_EOL, 14, 200, 2, 0, 0),
    INCROW("SIP/2.0 \t", F_LS, 0, 2, 0, 0),
    INCROW("SIP/2.0 200 \t", F_LS, 200, 2, 0, 0),

    /* LENIENT_REASON */
    ERRROW("SIP/2.0 200 a\"b\r\n", 0, SIPSTATUS_E_REASON, 13, 200, 2, 0, 0),
    OKROW("SIP/2.0 200 a\"b\r\n", F_LR, 200, 2, 0, 12, "a\"b", 0, 17, N_PHR | N_RC),
    OKROW("SIP/2.0 200 #<>[\\]^`{|}\r\n", F_LR, 200, 2, 0, 12, "#<>[\\]^`{|}", 0, 25, N_PHR | N_RC),
    OKROW("SIP/2.0 200 50%\r\n", F_LR, 200, 2, 0, 12, "50%", 0, 17, N_PHR | N_RC),
    OKROW("SIP/2.0 200 %4\r\n", F_LR, 200, 2, 0, 12, "%4", 0, 16, N_PHR | N_RC),
    OKROW("SIP/2.0 200 %G1\r\n", F_LR, 200, 2, 0, 12, "%G1", 0, 17, N_PHR | N_RC),
    OKROW("SIP/2.0 200 %41\r\n", F_LR, 200, 2, 0, 12, "%41", 0, 17, N_PHR),
    OKROW("SIP/2.0 200 O\tK\r\n", F_LR, 200, 2, 0, 12, "O\tK", 0, 17, N_PHR),
    OKROW("SIP/2.0 200 caf\xC3\xA9\r\n", F_LR, 200, 2, 0, 12, "caf\xC3\xA9", 0, 19, N_PHR),
    OKROW("SIP/2.0 200 \xC0\x80\r\n", F_LR, 200, 2, 0, 12, "\xC0\x80", 0, 16, N_PHR | N_UTF8),
    OKROW("SIP/2.0 200 \xFF\r\n", F_LR, 200, 2, 0, 12, "\xFF", 0, 15, N_PHR | N_RC | N_UTF8),
    OKROW("SIP/2.0 200 \xFE\xFF\r\n", F_LR, 200, 2, 0, 12, "\xFE\xFF", 0, 16, N_PHR | N_RC | N_UTF8),
    OKROW("SIP/2.0 200 \xC3\r\n", F_LR, 200, 2, 0, 12, "\xC3", 0, 15, N_PHR | N_RC | N_UTF8),
    OKROW("SIP/2.0 200 \xC3(\r\n", F_LR, 200, 2, 0, 12, "\xC3(", 0, 16, N_PHR | N_RC | N_UTF8),
    OKROW("SIP/2.0 200 " ANGLED_PHRASE "\r\n", F_LR, 200, 2, 0, 12, ANGLED_PHRASE, 0, 85, N_PHR | N_RC),
    ERRROW("SIP/2.0 200 O\0K\r\n", F_LR, SIPSTATUS_E_REASON, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 O\x01" "K\r\n", F_LR, SIPSTATUS_E_REASON, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 O\x1F" "K\r\n", F_LR, SIPSTATUS_E_REASON, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 O\x7F" "K\r\n", F_LR, SIPSTATUS_E_REASON, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 OK\n", F_LR, SIPSTATUS_E_EOL, 14, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 O\rK\r\n", F_LR, SIPSTATUS_E_EOL, 14, 200, 2, 0, 0),

    /* STRICT_UTF8: RFC 3629 in strict mode */
    OKROW("SIP/2.0 200 caf\xC3\xA9\r\n", F_SU, 200, 2, 0, 12, "caf\xC3\xA9", 0, 19, N_PHR),
    OKROW("SIP/2.0 200 \xE0\xA0\x80\xED\x9F\xBF\xEF\xBF\xBF\r\n", F_SU, 200, 2, 0, 12, "\xE0\xA0\x80\xED\x9F\xBF\xEF\xBF\xBF", 0, 23, N_PHR),
    OKROW("SIP/2.0 200 \xF0\x90\x80\x80\xF4\x8F\xBF\xBF\r\n", F_SU, 200, 2, 0, 12, "\xF0\x90\x80\x80\xF4\x8F\xBF\xBF", 0, 22, N_PHR),
    ERRROW("SIP/2.0 200 \xC0\x80\r\n", F_SU, SIPSTATUS_E_UTF8, 12, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xC1\xBF\r\n", F_SU, SIPSTATUS_E_UTF8, 12, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xE0\x80\x80\r\n", F_SU, SIPSTATUS_E_UTF8, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xE0\x9F\xBF\r\n", F_SU, SIPSTATUS_E_UTF8, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xED\xA0\x80\r\n", F_SU, SIPSTATUS_E_UTF8, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xED\xBF\xBF\r\n", F_SU, SIPSTATUS_E_UTF8, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xF0\x80\x80\x80\r\n", F_SU, SIPSTATUS_E_UTF8, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xF0\x8F\xBF\xBF\r\n", F_SU, SIPSTATUS_E_UTF8, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xF4\x90\x80\x80\r\n", F_SU, SIPSTATUS_E_UTF8, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xF5\x80\x80\x80\r\n", F_SU, SIPSTATUS_E_UTF8, 12, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xF7\xBF\xBF\xBF\r\n", F_SU, SIPSTATUS_E_UTF8, 12, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xF8\x88\x80\x80\x80\r\n", F_SU, SIPSTATUS_E_UTF8, 12, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xFC\x84\x80\x80\x80\x80\r\n", F_SU, SIPSTATUS_E_UTF8, 12, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xFE\r\n", F_SU, SIPSTATUS_E_UTF8, 12, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 a\x80z\r\n", F_SU, SIPSTATUS_E_UTF8, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xBF\r\n", F_SU, SIPSTATUS_E_UTF8, 12, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xC3\xA9\xA9\r\n", F_SU, SIPSTATUS_E_UTF8, 14, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xE0\xA0" "A\r\n", F_SU, SIPSTATUS_E_UTF8, 14, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xC3\r\n", F_SU, SIPSTATUS_E_UTF8, 13, 200, 2, 0, 0),
    /* STRICT_UTF8 in lenient-reason mode */
    ERRROW("SIP/2.0 200 \xC3(\r\n", F_SU | F_LR, SIPSTATUS_E_UTF8, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xC3\r\n", F_SU | F_LR, SIPSTATUS_E_UTF8, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xFF\r\n", F_SU | F_LR, SIPSTATUS_E_UTF8, 12, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xC0\x80\r\n", F_SU | F_LR, SIPSTATUS_E_UTF8, 12, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 \xE0\x80\x80\r\n", F_SU | F_LR, SIPSTATUS_E_UTF8, 13, 200, 2, 0, 0),
    ERRROW("SIP/2.0 200 a\x80\r\n", F_SU | F_LR, SIPSTATUS_E_UTF8, 13, 200, 2, 0, 0),
    OKROW("SIP/2.0 200 a\"b\r\n", F_SU | F_LR, 200, 2, 0, 12, "a\"b", 0, 17, N_PHR | N_RC),
    OKROW("SIP/2.0 200 50%\xC3\xA9\r\n", F_SU | F_LR, 200, 2, 0, 12, "50%\xC3\xA9", 0, 19, N_PHR | N_RC),

    /* REGISTERED_ONLY */
    OKROW("SIP/2.0 299 x\r\n", 0, 299, 2, 0, 12, "x", 0, 15, N_UNREG),
    ERRROW("SIP/2.0 299 x\r\n", F_REG, SIPSTATUS_E_UNREGISTERED, 8, 299, 2, 0, 0),
    OKROW("SIP/2.0 200 OK\r\n", F_REG, 200, 2, 0, 12, "OK", 0, 16, 0),
    OKROW("SIP/2.0 202 Whatever\r\n", F_REG, 202, 2, 0, 12, "Whatever", 0, 22, N_PHR),
    INCROW("SIP/2.0 299", 0, 299, 2, 0, 0),
    ERRROW("SIP/2.0 299", F_REG, SIPSTATUS_E_UNREGISTERED, 8, 299, 2, 0, 0),
    INCROW("SIP/2.0 29", F_REG, 29, 2, 0, 0),
    INCROW("SIP/2.0 200", F_REG, 200, 2, 0, 0),
    ERRROW("SIP/2.0 2990", F_REG, SIPSTATUS_E_UNREGISTERED, 8, 299, 2, 0, 0),
    ERRROW("SIP/2.0  299", F_REG | F_LS, SIPSTATUS_E_UNREGISTERED, 9, 299, 2, 0, 0),
    ERRROW("\r\nSIP/2.0 299 x\r\n", F_REG | F_SKIP, SIPSTATUS_E_UNREGISTERED, 10, 299, 2, 0, 2),

    /* ANY_CODE: extension-code = 3DIGIT, note CLASS outside 100-699 */
    ERRROW("SIP/2.0 700 x\r\n", 0, SIPSTATUS_E_CODE, 8, 0, 2, 0, 0),
    OKROW("SIP/2.0 700 x\r\n", F_ANY, 700, 2, 0, 12, "x", 0, 15, N_UNREG | N_CLASS),
    OKROW("SIP/2.0 000 \r\n", F_ANY, 0, 2, 0, 12, "", 0, 14, N_UNREG | N_CLASS),
    OKROW("SIP/2.0 099 x\r\n", F_ANY, 99, 2, 0, 12, "x", 0, 15, N_UNREG | N_CLASS),
    OKROW("SIP/2.0 999 Nine\r\n", F_ANY, 999, 2, 0, 12, "Nine", 0, 18, N_UNREG | N_CLASS),
    OKROW("SIP/2.0 759 OK\r\n", F_ANY, 759, 2, 0, 12, "OK", 0, 16, N_UNREG | N_CLASS),
    OKROW("SIP/2.0 100 Trying\r\n", F_ANY, 100, 2, 0, 12, "Trying", 0, 20, 0),
    OKROW("SIP/2.0 699 x\r\n", F_ANY, 699, 2, 0, 12, "x", 0, 15, N_UNREG),
    OKROW("SIP/2.0  800  x\n", F_ANY | F_LEN, 800, 2, 0, 14, "x", 0, 16, N_UNREG | N_CLASS | N_WS | N_LF),
    ERRROW("SIP/2.0 700 x\r\n", F_ANY | F_REG, SIPSTATUS_E_UNREGISTERED, 8, 700, 2, 0, 0),
    ERRROW("SIP/2.0 7000 x\r\n", F_ANY, SIPSTATUS_E_CODE, 11, 700, 2, 0, 0),
    ERRROW("SIP/2.0 7x0 x\r\n", F_ANY, SIPSTATUS_E_CODE, 9, 7, 2, 0, 0),
    ERRROW("SIP/2.0 -00 x\r\n", F_ANY, SIPSTATUS_E_CODE, 8, 0, 2, 0, 0),
    ERRROW("SIP/2.0 4294967301 x\r\n", F_ANY, SIPSTATUS_E_CODE, 11, 429, 2, 0, 0),
    INCROW("SIP/2.0 70", F_ANY, 70, 2, 0, 0),

    /* SKIP_CRLF */
    OKROW("\r\n\r\n\r\nSIP/2.0 200 OK\r\n", F_SKIP, 200, 2, 0, 18, "OK", 6, 22, 0),
    INCROW("", F_SKIP, 0, 0, 0, 0),
    INCROW("\r\n", F_SKIP, 0, 0, 0, 2),
    INCROW("\r\n\r\n", F_SKIP, 0, 0, 0, 4),
    INCROW("\r\nSIP/2.0 200 OK\r", F_SKIP, 200, 2, 0, 2),
    ERRROW("\r\r\n", F_SKIP, SIPSTATUS_E_EOL, 1, 0, 0, 0, 0),
    ERRROW("\rSIP/2.0 200 OK\r\n", F_SKIP, SIPSTATUS_E_EOL, 1, 0, 0, 0, 0),
    ERRROW("\r\n\rX", F_SKIP, SIPSTATUS_E_EOL, 3, 0, 0, 0, 2),
    ERRROW("\nSIP/2.0 200 OK\r\n", F_SKIP, SIPSTATUS_E_VERSION, 0, 0, 0, 0, 0),
    ERRROW("\r\n\nSIP/2.0 200 OK\r\n", F_SKIP, SIPSTATUS_E_VERSION, 2, 0, 0, 0, 2),
    ERRROW("\r\n SIP/2.0 200 OK\r\n", F_SKIP, SIPSTATUS_E_VERSION, 2, 0, 0, 0, 2),
    ERRROW("\r\nSIP/2.0 700 x\r\n", F_SKIP, SIPSTATUS_E_CODE, 10, 0, 2, 0, 2),
    ERRROW("\r\nSIP/2.0 200 OK\n", F_SKIP, SIPSTATUS_E_EOL, 16, 200, 2, 0, 2),
    OKROW("\nSIP/2.0 200 OK\r\n", F_SKIP | F_LF, 200, 2, 0, 13, "OK", 1, 17, 0),
    OKROW("\n\r\n\nSIP/2.0 200 OK\r\n", F_SKIP | F_LF, 200, 2, 0, 16, "OK", 4, 20, 0),
    OKROW("\n\nSIP/2.0 200 OK\n", F_SKIP | F_LF, 200, 2, 0, 14, "OK", 2, 17, N_LF),
    INCROW("\n\n", F_SKIP | F_LF, 0, 0, 0, 2),
    ERRROW("\n\r\rX", F_SKIP | F_LF, SIPSTATUS_E_EOL, 2, 0, 0, 0, 1),

    /* combined flags */
    OKROW("SIP/2.0\t\t200 \t a\"b\n", F_LEN, 200, 2, 0, 15, "a\"b", 0, 19, N_WS | N_LF | N_RC | N_PHR),
    OKROW("\r\n\nsip/02.0  200  Ok\n", SIPSTATUS_PARSE_FLAGS, 200, 2, 0, 18, "Ok", 3, 21, N_CASE | N_VER | N_WS | N_LF),
    OKROW("SIP/2.0 299 \xE2\x82\xAC%\n", F_LEN, 299, 2, 0, 12, "\xE2\x82\xAC%", 0, 17, N_UNREG | N_LF | N_RC),
    OKROW("SIP/2.0 200 \xC0\x80\n", F_LEN, 200, 2, 0, 12, "\xC0\x80", 0, 15, N_LF | N_UTF8 | N_PHR),
    ERRROW("SIP/2.0 200 \xC0\x80\n", F_LEN | F_SU, SIPSTATUS_E_UTF8, 12, 200, 2, 0, 0),
    ERRROW("SIP/2.0 299\n", F_LEN | F_REG, SIPSTATUS_E_UNREGISTERED, 8, 299, 2, 0, 0),
    ERRROW("SIP/2.0 200 O\0K\n", F_LEN, SIPSTATUS_E_REASON, 13, 200, 2, 0, 0),
    ERRROW("\r\n\nsip/02.0  299  Ok\n", SIPSTATUS_PARSE_FLAGS, SIPSTATUS_E_UNREGISTERED, 13, 299, 2, 0, 3),
};

START_TEST(test_flags)
{
    check_case("flags", _i, &flag_cases[_i]);
}
END_TEST

/* ---- every strict prefix of a valid line is INCOMPLETE ---- */

struct trunc_case {
    const char *in; /* one whole line, nothing after its LF */
    size_t len;
    unsigned flags;
    size_t unreg_from; /* 0, or the prefix length from which E_UNREGISTERED is due */
    size_t code_off;   /* the first code digit, for E_UNREGISTERED */
};

static const struct trunc_case trunc_cases[] = {
    { IN("SIP/2.0 200 OK\r\n"), 0, 0, 0 },
    { IN("sip/3.14 183 Session Progress\r\n"), 0, 0, 0 },
    { IN("SIP/2.0 200 %4F%4a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\r\n"), 0, 0, 0 },
    { IN("SIP/2.0 200 \xFC\x84\x80\x80\x80\x80\xF8\x88\x80\x80\x80\xC0\x80\r\n"), 0, 0, 0 },
    { IN("SIP/999999999.999999999 100 \r\n"), 0, 0, 0 },
    { IN("SIP/99999999999999999999.01234567890123 100 \r\n"), 0, 0, 0 },
    { IN("SIP/2.0 000 \r\n"), F_ANY, 0, 0 },
    { IN("SIP/2.0 999 x\r\n"), F_ANY | F_REG, 11, 8 },
    { IN("SIP/2.0 200 " UNREASON_PHRASE "\r\n"), 0, 0, 0 },
    { IN("\r\n\r\nSIP/2.0 100 Trying\r\n"), F_SKIP, 0, 0 },
    { IN("SIP/2.0\t 200 \t a\"%\xC3\n"), F_LEN, 0, 0 },
    { IN("SIP/2.0 200\r\n"), F_LS, 0, 0 },
    { IN("\n\r\nsip/2.0  200  Ok\n"), SIPSTATUS_PARSE_FLAGS, 0, 0 },
    { IN("SIP/2.0 200 \xF4\x8F\xBF\xBF\xED\x9F\xBF\xE0\xA0\x80\r\n"), F_SU, 0, 0 },
    { IN("SIP/2.0 200 OK\r\n"), F_REG, 0, 0 },
    { IN("SIP/2.0 299 OK\r\n"), F_REG, 11, 8 },
    { IN("SIP/2.0 699 \r\n"), F_REG | F_LEN, 11, 8 },
    { IN("\r\nsip/2.0  150\tx\r\n"), F_SKIP | F_LS | F_REG, 14, 11 },
};

START_TEST(test_truncated)
{
    const struct trunc_case *c = &trunc_cases[_i];
    char ein[2048];
    esc(c->in, c->len, ein, sizeof ein);
    ck_assert_msg(c->len > 0 && c->in[c->len - 1] == '\n', "TABLE BUG trunc[%d]", _i);
    for (size_t k = 0; k <= c->len; k++) {
        struct sipstatus_line line;
        memset(&line, 0xA5, sizeof line);
        int r = sipstatus_parse(c->in, k, c->flags, &line);
        int want = k == c->len ? SIPSTATUS_OK : SIPSTATUS_INCOMPLETE;
        if (c->unreg_from && k >= c->unreg_from)
            want = SIPSTATUS_E_UNREGISTERED;
        ck_assert_msg(r == want, "trunc[%d] \"%s\" flags 0x%x, prefix length %zu: expected %s, got %s",
                      _i, ein, c->flags, k, rname(want), rname(r));
        if (want == SIPSTATUS_OK)
            continue;
        size_t want_err = want == SIPSTATUS_E_UNREGISTERED ? c->code_off : 0;
        ck_assert_msg(line.reason == NULL && line.reason_len == 0 && line.length == 0 &&
                          line.notes == 0 && line.error_offset == want_err,
                      "trunc[%d] \"%s\" flags 0x%x, prefix length %zu (%s): expected reason NULL/0, "
                      "length 0, notes 0, error_offset %zu; got reason %s/%zu, length %zu, notes 0x%x, "
                      "error_offset %zu",
                      _i, ein, c->flags, k, rname(r), want_err, line.reason ? "non-NULL" : "NULL",
                      line.reason_len, line.length, line.notes, line.error_offset);
    }
}
END_TEST

/* ---- argument checks: line (when given) is zeroed ---- */

struct arg_case {
    const char *buf;
    size_t len;
    unsigned flags;
    int with_line;
    int result;
};

static const struct arg_case arg_cases[] = {
    { "SIP/2.0 200 OK\r\n", 16, 0, 0, SIPSTATUS_E_ARG },
    { NULL, 0, 0, 0, SIPSTATUS_E_ARG },
    { NULL, 5, 0, 1, SIPSTATUS_E_ARG },
    { NULL, 1, SIPSTATUS_LENIENT, 1, SIPSTATUS_E_ARG },
    { NULL, 0, 0, 1, SIPSTATUS_INCOMPLETE },
    { NULL, 0, SIPSTATUS_PARSE_FLAGS, 1, SIPSTATUS_INCOMPLETE },
    { NULL, 0, 0x80, 1, SIPSTATUS_E_ARG },
    { "SIP/2.0 200 OK\r\n", 16, 0x80, 1, SIPSTATUS_E_ARG },
    { "SIP/2.0 200 OK\r\n", 16, 0x80000000u, 1, SIPSTATUS_E_ARG },
    { "SIP/2.0 200 OK\r\n", 16, SIPSTATUS_FMT_ESCAPE, 1, SIPSTATUS_E_ARG },
    { "SIP/2.0 200 OK\r\n", 16, SIPSTATUS_PARSE_FLAGS | 0x80u, 1, SIPSTATUS_E_ARG },
    { "SIP/2.0 200 OK\r\n", 16, ~0u, 1, SIPSTATUS_E_ARG },
    { "HTTP/1.1", 8, 0x80, 1, SIPSTATUS_E_ARG },
};

START_TEST(test_args)
{
    const struct arg_case *c = &arg_cases[_i];
    struct sipstatus_line line;
    memset(&line, 0xA5, sizeof line);
    int r = sipstatus_parse(c->buf, c->len, c->flags, c->with_line ? &line : NULL);
    ck_assert_msg(r == c->result, "args[%d] buf %s len %zu flags 0x%x line %s: expected %s, got %s",
                  _i, c->buf ? "set" : "NULL", c->len, c->flags, c->with_line ? "set" : "NULL",
                  rname(c->result), rname(r));
    if (c->with_line)
        ck_assert_msg(line.code == 0 && line.major == 0 && line.minor == 0 && line.reason == NULL &&
                          line.reason_len == 0 && line.start == 0 && line.length == 0 &&
                          line.error_offset == 0 && line.notes == 0,
                      "args[%d] buf %s len %zu flags 0x%x: line not zeroed (code %u major %u minor %u "
                      "reason %s len %zu start %zu length %zu error_offset %zu notes 0x%x)",
                      _i, c->buf ? "set" : "NULL", c->len, c->flags, line.code, line.major,
                      line.minor, line.reason ? "non-NULL" : "NULL", line.reason_len, line.start,
                      line.length, line.error_offset, line.notes);
}
END_TEST

#define NROWS(t) ((int)(sizeof(t) / sizeof((t)[0])))

Suite *parse_suite(void)
{
    Suite *s = suite_create("parse");
    TCase *tc = tcase_create("tables");
    tcase_add_loop_test(tc, test_valid, 0, NROWS(valid_cases));
    tcase_add_loop_test(tc, test_errors, 0, NROWS(error_cases));
    tcase_add_loop_test(tc, test_flags, 0, NROWS(flag_cases));
    tcase_add_loop_test(tc, test_truncated, 0, NROWS(trunc_cases));
    tcase_add_loop_test(tc, test_args, 0, NROWS(arg_cases));
    suite_add_tcase(s, tc);
    return s;
}
