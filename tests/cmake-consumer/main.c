/* SPDX-License-Identifier: MIT */
/* main.c - the CMake consumer's program: parse a Status-Line, format one, print both (tests/cmake.sh checks the output). */
#include <stdio.h>
#include <string.h>
#include <sipstatus.h>

int main(void)
{
    static const char good[] = "SIP/2.0 180 Ringing\r\n";
    static const char bad[] = "SIP/2.0 200 a\"b\r\n";
    static const char reason[] = "Busy Here";
    struct sipstatus_line line;
    char out[64];
    int r, n;

    r = sipstatus_parse(good, sizeof good - 1, 0, &line);
    if (r != SIPSTATUS_OK) {
        fprintf(stderr, "parse: %s\n", sipstatus_errname(r));
        return 1;
    }
    printf("parsed %u [%.*s] %zu bytes\n", line.code, (int)line.reason_len, line.reason, line.length);

    r = sipstatus_parse(bad, sizeof bad - 1, 0, &line);
    printf("bad: %s at byte %zu\n", sipstatus_errname(r), line.error_offset);

    n = sipstatus_format(out, sizeof out, 486, reason, strlen(reason), 0);
    if (n < 0 || (size_t)n >= sizeof out) {
        fprintf(stderr, "format: %d\n", n);
        return 1;
    }
    printf("formatted %.*s\n", n - 2, out); /* without its CRLF */
    printf("library %s, header %s\n", sipstatus_version(), SIPSTATUS_VERSION_STRING);
    return 0;
}
