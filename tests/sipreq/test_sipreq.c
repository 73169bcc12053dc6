/* SPDX-License-Identifier: MIT */
/* test_sipreq.c - table-driven Check tests of fuzz-uas's request reader (src/cli_sipreq.c), each input also at the end of a page. */
#define _DEFAULT_SOURCE
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cli_sipreq.h"

#define NROWS(t) ((int)(sizeof(t) / sizeof((t)[0])))

#define VIA "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1;rport\r\n"
#define HEAD "From: <sip:a@x>;tag=1\r\nTo: <sip:b@x>\r\nCall-ID: c1@x\r\nCSeq: 7 INVITE\r\n"

/* Each input, the result sipreq_read must give, and for 1 the fields. */
static const struct {
    const char *in;
    int rc;
    size_t nvias;
    unsigned long cseq;
    int to_tag;
    size_t content_length;
} rows[] = {
    {"INVITE sip:b@x SIP/2.0\r\n" VIA HEAD "\r\n", 1, 1, 7, 0, 0},
    {"\r\nOPTIONS sip:b@x SIP/2.0\r\n" VIA HEAD "Content-Length: 3\r\n\r\nabc", 1, 1, 7, 0, 3},
    {"BYE sip:b@x SIP/2.0\r\nv: SIP/2.0/TCP h;branch=z9hG4bK-2\r\n" VIA
     "f: <sip:a@x>;tag=1\r\nt: <sip:b@x> ; tag=9\r\ni: c\r\nCSeq: 2147483647 BYE\r\nl: 0\r\n\r\n",
     1, 2, 2147483647ul, 1, 0},
    {"INVITE sip:b@x SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n ;branch=z9hG4bK-3\r\n" HEAD "\r\n", 1, 1, 7, 0, 0},
    {"INVITE sip:b@x SIP/2.0\r\nTo: \"a;tag=x\" <sip:b@x;tag=y>\r\n" VIA
     "From: f\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n\r\n", 1, 1, 1, 0, 0},
    /* more bytes needed */
    {"INVITE sip:b@x SIP/2.0\r\n" VIA HEAD, 0, 0, 0, 0, 0},
    {"INVITE sip:b@x SIP/2.0\r\n" VIA HEAD "Content-Length: 5\r\n\r\nab", 0, 0, 0, 0, 0},
    {"INVITE sip:b@x SIP/2.0", 0, 0, 0, 0, 0},
    /* not answered */
    {"SIP/2.0 200 OK\r\n" VIA HEAD "\r\n", -1, 0, 0, 0, 0},
    {"INVITE sip:b@x HTTP/1.1\r\n" VIA HEAD "\r\n", -1, 0, 0, 0, 0},
    {"INVITE  sip:b@x SIP/2.0\r\n" VIA HEAD "\r\n", -1, 0, 0, 0, 0},
    {"INVITE sip:b@x SIP/2.0\r\n" HEAD "\r\n", -1, 0, 0, 0, 0},
    {"INVITE sip:b@x SIP/2.0\r\n" VIA "From: f\r\nTo: t\r\nCSeq: 1 INVITE\r\n\r\n", -1, 0, 0, 0, 0},
    {"INVITE sip:b@x SIP/2.0\r\n" VIA "From: f\r\nTo: t\r\nCall-ID: c\r\nCSeq: -1 INVITE\r\n\r\n", -1, 0, 0, 0, 0},
    {"INVITE sip:b@x SIP/2.0\r\n" VIA "From: f\r\nTo: t\r\nCall-ID: c\r\nCSeq: 2147483648 INVITE\r\n\r\n", -1, 0, 0, 0, 0},
    {"INVITE sip:b@x SIP/2.0\r\n" VIA "From: f\r\nTo: t\r\nCall-ID: c\r\nCSeq: 1\r\n\r\n", -1, 0, 0, 0, 0},
    {"INVITE sip:b@x SIP/2.0\r\n" VIA HEAD "Content-Length: 1x\r\n\r\n", -1, 0, 0, 0, 0},
    {"INVITE sip:b@x SIP/2.0\r\n" VIA HEAD "Content-Length: 99999999999999999999\r\n\r\n", -1, 0, 0, 0, 0},
    {"INVITE sip:b@x SIP/2.0\r\n" VIA HEAD "no colon here\r\n\r\n", -1, 0, 0, 0, 0},
    {"INVITE sip:b@x SIP/2.0\r\n" VIA VIA VIA VIA VIA VIA VIA VIA VIA VIA VIA VIA VIA VIA VIA VIA VIA
     HEAD "\r\n", -1, 0, 0, 0, 0},
};

/* The input ends where a PROT_NONE page begins: a read past it faults. */
START_TEST(test_read)
{
    const char *in = rows[_i].in;
    size_t n = strlen(in), ps = (size_t)sysconf(_SC_PAGESIZE);
    char *m = mmap(NULL, 2 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct sipreq r;
    int rc;

    ck_assert_ptr_ne(m, MAP_FAILED);
    ck_assert_int_eq(mprotect(m + ps, ps, PROT_NONE), 0);
    memcpy(m + ps - n, in, n);
    rc = sipreq_read(m + ps - n, n, &r);
    ck_assert_msg(rc == rows[_i].rc, "row %d: %d, not %d", _i, rc, rows[_i].rc);
    if (rc == 1) {
        const char *b = m + ps - n;
        ck_assert_uint_eq(r.nvias, rows[_i].nvias);
        ck_assert_uint_eq(r.cseq_num, rows[_i].cseq);
        ck_assert_int_eq(r.to_has_tag, rows[_i].to_tag);
        ck_assert_uint_eq(r.content_length, rows[_i].content_length);
        ck_assert_uint_eq(r.length, n);
        ck_assert(sipreq_is(b, r.cseq_method, "INVITE") || sipreq_is(b, r.cseq_method, "BYE"));
        ck_assert(r.call_id.len > 0 && r.call_id.off + r.call_id.len <= n);
        ck_assert(b[r.vias[0].off + r.vias[0].len - 1] != '\r');
    }
    munmap(m, 2 * ps);
}
END_TEST

/* Every proper prefix of a whole request needs more bytes. */
START_TEST(test_prefixes)
{
    const char *in = rows[1].in;
    size_t n = strlen(in), k;
    struct sipreq r;

    for (k = 0; k < n; k++)
        ck_assert_msg(sipreq_read(in, k, &r) == 0, "prefix %zu", k);
}
END_TEST

/* SIPREQ_MAX bytes without an end is refused, not waited on. */
START_TEST(test_too_long)
{
    char *buf = malloc(SIPREQ_MAX);
    struct sipreq r;

    ck_assert_ptr_nonnull(buf);
    memset(buf, 'A', SIPREQ_MAX);
    ck_assert_int_eq(sipreq_read(buf, SIPREQ_MAX, &r), -1);
    memcpy(buf, "INVITE sip:b@x SIP/2.0\r\nX: ", 27);
    ck_assert_int_eq(sipreq_read(buf, SIPREQ_MAX, &r), -1);
    free(buf);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sipreq");
    TCase *tc = tcase_create("read");
    SRunner *sr;
    int failed;

    tcase_add_loop_test(tc, test_read, 0, NROWS(rows));
    tcase_add_test(tc, test_prefixes);
    tcase_add_test(tc, test_too_long);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
