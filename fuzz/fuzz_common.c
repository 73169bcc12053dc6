/* SPDX-License-Identifier: MIT */
/* fuzz_common.c - the harnesses' shared helpers (see fuzz.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static void print_escaped(const void *data, size_t n)
{
    const unsigned char *s = data;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '\\' && s[i] != '"')
            fputc(s[i], stderr);
        else
            fprintf(stderr, "\\x%02x", s[i]);
    }
}

void fuzz_fail(const char *file, int line, const char *cond, const void *in,
               size_t n, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:%d: invariant failed: %s\n  input (%zu bytes): \"", file,
            line, cond, n);
    print_escaped(in, n);
    fprintf(stderr, "\"\n  ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    abort();
}

void fuzz_print_line(const char *who, int result, const struct sipstatus_line *l,
                     const char *buf)
{
    fprintf(stderr,
            "  %-10s result=%s error_offset=%zu code=%u version=%u.%u reason=",
            who, sipstatus_errname(result), l->error_offset, l->code, l->major,
            l->minor);
    if (l->reason)
        fprintf(stderr, "+%zu/%zu", (size_t)(l->reason - buf), l->reason_len);
    else
        fprintf(stderr, "NULL/%zu", l->reason_len);
    fprintf(stderr, " start=%zu length=%zu notes=0x%x\n", l->start, l->length,
            l->notes);
}

char *fuzz_copy(const void *data, size_t n)
{
    char *p = malloc(n ? n : 1);
    if (!p)
        abort();
    if (n)
        memcpy(p, data, n);
    return p;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

size_t fuzz_percent_decode(const char *s, size_t n, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n && hex_value(s[i + 1]) >= 0 &&
            hex_value(s[i + 2]) >= 0) {
            out[k++] = (char)(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            out[k++] = s[i];
        }
    }
    return k;
}
