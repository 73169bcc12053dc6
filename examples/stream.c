/* SPDX-License-Identifier: MIT */
/* stream.c - the README's read loop: one Status-Line read from a stream with sipstatus_parse_next(), however its bytes arrive. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sipstatus.h>

int read_status_line(int fd, char **bufp, struct sipstatus_line *line)
{
    struct sipstatus_state st;
    char *buf = NULL, *grown;
    size_t len = 0, cap = 0;
    int r = SIPSTATUS_INCOMPLETE;

    sipstatus_state_init(&st);
    while (r == SIPSTATUS_INCOMPLETE) {
        ssize_t got;
        if (len == cap) {                   /* the buffer moves: that is fine */
            if ((grown = realloc(buf, cap = cap ? 2 * cap : 512)) == NULL)
                break;
            buf = grown;
        }
        if ((got = read(fd, buf + len, cap - len)) <= 0)
            break;                          /* closed, or an error, mid-line */
        len += (size_t)got;
        r = sipstatus_parse_next(buf, len, SIPSTATUS_SKIP_CRLF, line, &st);
    }
    *bufp = buf;    /* line->reason points into it; the headers start at line->length */
    return r;
}

/* The line on standard input: "CODE [REASON] LENGTH", or the error. */
int main(void)
{
    struct sipstatus_line line;
    char *buf;
    int r = read_status_line(0, &buf, &line);

    if (r == SIPSTATUS_OK)
        printf("%u [%.*s] %zu\n", line.code, (int)line.reason_len, line.reason, line.length);
    else
        printf("%s at byte %zu\n", sipstatus_errname(r), line.error_offset);
    free(buf);
    return r == SIPSTATUS_OK ? 0 : 1;
}
