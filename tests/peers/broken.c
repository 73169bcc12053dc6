/* SPDX-License-Identifier: MIT */
/* broken.c - a deliberately broken `sipstatus diff --cmd` peer: it hangs, crashes, answers garbage, swallows the next header or misreads the code when the reason asks it to. */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Reads the protocol of sipstatus(1) (one hex line per input) and answers
 * for "SIP/2.0 DDD REASON" lines; by the reason:
 *   hang     never answers
 *   crash    raises SIGSEGV
 *   garbage  answers a line outside the protocol
 *   misread  answers the code plus one
 * A line ending in a bare LF is continued by the next line, which it
 * takes into the reason (the swallowed header).  Anything else not
 * "SIP/2.0 " 3DIGIT SP is rejected. */

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static void put_hex(const char *s, size_t n)
{
    size_t i;

    if (n == 0)
        fputs("-", stdout);
    for (i = 0; i < n; i++)
        printf("%02x", (unsigned char)s[i]);
}

static void answer(const char *m, size_t n)
{
    size_t i = 12, end;
    unsigned code;

    if (n < 12 || memcmp(m, "SIP/2.0 ", 8) != 0 || m[11] != ' ' || m[8] < '0' || m[8] > '9' ||
        m[9] < '0' || m[9] > '9' || m[10] < '0' || m[10] > '9') {
        puts("reject not SIP/2.0 DDD");
        return;
    }
    code = (unsigned)((m[8] - '0') * 100 + (m[9] - '0') * 10 + (m[10] - '0'));
    /* the reason runs to the first CRLF: a bare LF does not end it */
    for (end = i; end + 1 < n && !(m[end] == '\r' && m[end + 1] == '\n'); end++)
        ;
    if (end + 1 >= n) {
        puts("reject no CRLF");
        return;
    }
    if (end - i == 4 && memcmp(m + i, "hang", 4) == 0) {
        for (;;)
            pause();
    }
    if (end - i == 5 && memcmp(m + i, "crash", 5) == 0)
        raise(SIGSEGV);
    if (end - i == 7 && memcmp(m + i, "garbage", 7) == 0) {
        puts("yes, a fine line");
        return;
    }
    if (end - i == 7 && memcmp(m + i, "misread", 7) == 0)
        code++;
    printf("accept %u ", code);
    put_hex(m + i, end - i);
    printf(" %zu\n", end + 2);
}

int main(void)
{
    static char line[65536], msg[32768];
    size_t n, k;

    while (fgets(line, sizeof line, stdin) != NULL) {
        n = strcspn(line, "\n");
        for (k = 0; k + 1 < n && k / 2 < sizeof msg; k += 2)
            msg[k / 2] = (char)(hexval(line[k]) << 4 | hexval(line[k + 1]));
        answer(msg, n / 2);
        fflush(stdout);
    }
    return 0;
}
