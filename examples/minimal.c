/* SPDX-License-Identifier: MIT */
/* minimal.c - the README's "API by example": parse one Status-Line, print its fields or the error. */
#include <stdio.h>
#include <sipstatus.h>

void on_response(const char *buf, size_t len)
{
    struct sipstatus_line line;
    int r = sipstatus_parse(buf, len, 0, &line);   /* 0: strict RFC 3261 */

    if (r == SIPSTATUS_INCOMPLETE)
        return;                                    /* wait for more bytes */
    if (r < 0) {
        fprintf(stderr, "bad status line: %s (%s) at byte %zu\n",
                sipstatus_strerror(r), sipstatus_errname(r), line.error_offset);
        return;
    }
    printf("SIP/%u.%u %u [%.*s], %zu bytes\n", line.major, line.minor,
           line.code, (int)line.reason_len, line.reason, line.length);
    if (line.notes & SIPSTATUS_NOTE_PHRASE)
        printf("not the registered phrase: %s\n", sipstatus_lookup(line.code)->phrase);
}

int main(void)
{
    static const char good[] = "SIP/2.0 180 Ringing\r\n";
    static const char odd[] = "SIP/2.0 486 Busy\r\n";
    static const char bad[] = "SIP/2.0 480 Temporarily Unavailable [call Processing Released]\r\n";

    on_response(good, sizeof good - 1);
    on_response(odd, sizeof odd - 1);
    on_response(bad, sizeof bad - 1);
    return 0;
}
