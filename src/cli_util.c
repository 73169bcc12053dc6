/* SPDX-License-Identifier: MIT */
/* cli_util.c - output helpers of the sipstatus tool: escaping, JSON. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sipstatus.h"

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (q == NULL) {
        fprintf(stderr, "%s: out of memory\n", PROG);
        exit(EXIT_USAGE);
    }
    return q;
}

static size_t escaped_byte_width(unsigned char c)
{
    if (c == '\\' || c == '\t')
        return 2;
    if (c >= 0x20 && c <= 0x7e)
        return 1;
    return 4;
}

void put_escaped(FILE *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\\') {
            fputs("\\\\", out);
        } else if (c == '\t') {
            fputs("\\t", out);
        } else if (c >= 0x20 && c <= 0x7e) {
            putc(c, out);
        } else {
            putc('\\', out);
            putc('x', out);
            putc(hex[c >> 4], out);
            putc(hex[c & 15], out);
        }
    }
}

size_t escaped_width(const char *s, size_t n)
{
    size_t i, w = 0;
    for (i = 0; i < n; i++)
        w += escaped_byte_width((unsigned char)s[i]);
    return w;
}

void put_caret(FILE *out, size_t indent, const char *s, size_t n, size_t off, const char *sgr)
{
    size_t col = indent + escaped_width(s, off < n ? off : n);
    if (off > n)
        col += off - n; /* bytes past the shown text: one column each */
    while (col-- > 0)
        putc(' ', out);
    if (*sgr)
        fprintf(out, "%s^%s\n", sgr, SGR_RESET);
    else
        fputs("^\n", out);
}


/* The length of the RFC 3629 character at s[0..n), whose first byte is
 * >= 0x80, or 0 when there is none: the length its first byte announces,
 * when the library takes those bytes as an RFC 3629 reason (a lone byte
 * >= 0x80 never is). */
static size_t utf8_char(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    size_t k = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;

    if (k == 0 || k > n ||
        sipstatus_reason_check(s, k, SIPSTATUS_STRICT_UTF8, NULL, NULL) != SIPSTATUS_OK)
        return 0;
    return k;
}

/* How many bytes from s[0] are printable ASCII other than '\\' and
 * `also`: the bytes every escaping here writes as they are. */
static size_t plain_run(const char *s, size_t n, char also)
{
    size_t i = 0;

    while (i < n && s[i] >= 0x20 && s[i] <= 0x7e && s[i] != '\\' && s[i] != also)
        i++;
    return i;
}

void put_text(FILE *out, const char *s, size_t n)
{
    size_t i = 0, k;

    while (i < n) {
        if ((k = plain_run(s + i, n - i, '\\')) > 0) {
            fwrite(s + i, 1, k, out);
            i += k;
        } else if ((unsigned char)s[i] >= 0x80 && (k = utf8_char(s + i, n - i)) > 0) {
            fwrite(s + i, 1, k, out);
            i += k;
        } else {
            put_escaped(out, s + i, 1);
            i++;
        }
    }
}

/* The one markup escape (XML and HTML alike): the five special characters
 * as entities, every other byte as it is. */
static int markup_special(char c)
{
    return c == '&' || c == '<' || c == '>' || c == '"' || c == '\'';
}

void put_markup(FILE *out, const char *s, size_t n)
{
    size_t i = 0, k;

    while (i < n) {
        for (k = 0; i + k < n && !markup_special(s[i + k]); k++)
            ;
        fwrite(s + i, 1, k, out);
        i += k;
        if (i < n) {
            switch (s[i++]) {
            case '&': fputs("&amp;", out); break;
            case '<': fputs("&lt;", out); break;
            case '>': fputs("&gt;", out); break;
            case '"': fputs("&quot;", out); break;
            default: fputs("&#39;", out); break;
            }
        }
    }
}

void put_markup_bytes(FILE *out, const char *s, size_t n)
{
    size_t i = 0, k;

    while (i < n) {
        for (k = 0; i + k < n && s[i + k] >= 0x20 && s[i + k] <= 0x7e && s[i + k] != '\\' &&
                    !markup_special(s[i + k]);
             k++)
            ;
        fwrite(s + i, 1, k, out);
        i += k;
        if (i < n) {
            if (markup_special(s[i]))
                put_markup(out, s + i, 1);
            else
                put_escaped(out, s + i, 1);
            i++;
        }
    }
}

void put_json_string(FILE *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;

    putc('"', out);
    while (i < n) {
        unsigned char c = u[i];
        size_t k;
        if ((k = plain_run(s + i, n - i, '"')) > 0) {
            fwrite(u + i, 1, k, out);
            i += k;
        } else if (c == '"') {
            fputs("\\\"", out);
            i++;
        } else if (c == '\\') {
            /* the text is escaped as in text mode: a backslash is two */
            fputs("\\\\\\\\", out);
            i++;
        } else if (c >= 0x20 && c < 0x7f) {
            putc(c, out);
            i++;
        } else if (c >= 0x80 && (k = utf8_char(s + i, n - i)) > 0) {
            fwrite(u + i, 1, k, out);
            i += k;
        } else if (c < 0x80) {
            fprintf(out, "\\u00%c%c", hex[c >> 4], hex[c & 15]);
            i++;
        } else {
            /* not UTF-8: \xNN, as in text mode; JSON has no raw bytes */
            fprintf(out, "\\\\x%c%c", hex[c >> 4], hex[c & 15]);
            i++;
        }
    }
    putc('"', out);
}

void put_json_notes(FILE *out, unsigned notes)
{
    unsigned bit;
    int first = 1;

    putc('[', out);
    for (bit = 1; bit < (1u << SIPSTATUS_NOTE_COUNT); bit <<= 1) {
        const char *name;
        if (!(notes & bit) || (name = sipstatus_notename(bit)) == NULL)
            continue;
        fprintf(out, "%s\"%s\"", first ? "" : ", ", name);
        first = 0;
    }
    putc(']', out);
}

int finish_output(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        int e = errno;
        fprintf(stderr, "%s: error writing standard output: %s\n", PROG,
                e ? strerror(e) : "write error");
        return EXIT_USAGE;
    }
    return status;
}

/* Bytes of a long line shown before and after the bad byte. */
#define SHOW_BEFORE 60
#define SHOW_AFTER 60

void put_line_window(FILE *out, const char *s, size_t n, size_t off, const char *sgr)
{
    size_t from = off > SHOW_BEFORE ? off - SHOW_BEFORE : 0;
    size_t to = n - from > SHOW_BEFORE + SHOW_AFTER ? from + SHOW_BEFORE + SHOW_AFTER : n;

    if (from > n)
        from = n;
    if (from > 0)
        fputs("...", out);
    put_escaped(out, s + from, to - from);
    if (to < n)
        fputs("...", out);
    fputc('\n', out);
    put_caret(out, from > 0 ? 3 : 0, s + from, to - from, off - from, sgr);
}
