/* SPDX-License-Identifier: MIT */
/* cli_check.c - `sipstatus check`: every line of files or stdin. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture.h"
#include "sipstatus.h"

/* One status line of a line file, to the report layer. */
static void report_line(const struct opts *o, const char *name, size_t lineno, int rc,
                        const struct sipstatus_line *l, const char *buf, size_t len)
{
    struct record r;

    if (report_count_only(o, 0, rc, l))
        return;
    memset(&r, 0, sizeof r);
    r.kind = REC_RESPONSE;
    r.file = name;
    r.lineno = lineno;
    r.rc = rc;
    r.l = l;
    r.line = buf;
    r.line_len = len;
    r.error_offset = rc == SIPSTATUS_INCOMPLETE ? len : rc < 0 ? l->error_offset : 0;
    report_record(o, &r);
}

/* One line being read in text mode. */
struct line {
    char *buf;          /* the line so far, 2 spare bytes for the CRLF */
    size_t len, cap;
    size_t parsed;      /* length when its prefix was last parsed */
    int rc;             /* its verdict once known before its end, else 1 */
    struct sipstatus_line l;
    int too_long;       /* still valid past --max-line: no more is kept */
    char small[256];    /* a short line and its CRLF */
};

static void keep(struct line *ln, const unsigned char *p, size_t n, size_t max)
{
    if (ln->len + n > max)
        n = max - ln->len;
    if (ln->len + n + 2 > ln->cap) {
        size_t want = ln->cap ? ln->cap : 256;
        while (want < ln->len + n + 2)
            want *= 2;
        ln->buf = xrealloc(ln->buf, want);
        ln->cap = want;
    }
    memcpy(ln->buf + ln->len, p, n);
    ln->len += n;
}

/* More of a line that has not ended: its verdict is known as soon as its
 * prefix is an error (no later byte changes an error), and then nothing
 * more of it is kept.  Prefixes are parsed each time the line has doubled,
 * so a long line costs a few parses of it, not one per read. */
static void line_more(const struct opts *o, struct line *ln, const unsigned char *p, size_t n)
{
    if (ln->rc != SIPSTATUS_INCOMPLETE || ln->too_long)
        return;
    keep(ln, p, n, o->max_line);
    if (ln->len >= 2 * ln->parsed + 4096 || ln->len >= o->max_line) {
        int rc = sipstatus_parse(ln->buf, ln->len, o->flags, &ln->l);
        ln->parsed = ln->len;
        if (rc < 0)
            ln->rc = rc;
        else if (ln->len >= o->max_line)
            ln->too_long = 1;
    }
}

/* The line has ended: check it, as if it ended in CRLF. */
static void line_end(const struct opts *o, struct stats *st, const char *name, size_t lineno,
                     struct line *ln)
{
    struct sipstatus_line l;
    int rc;

    if (ln->too_long) {
        struct record r;
        char text[128];
        st->long_lines++;
        snprintf(text, sizeof text, "the line is still valid after %zu bytes (--max-line); "
                 "not checked further", ln->len);
        memset(&r, 0, sizeof r);
        r.kind = REC_WARNING;
        r.file = name;
        r.lineno = lineno;
        r.text = text;
        report_record(o, &r);
        return;
    }
    if (ln->rc < 0) {
        rc = ln->rc;
        l = ln->l;
    } else {
        if (ln->len && ln->buf[ln->len - 1] == '\r')
            ln->len--;
        if (ln->cap < ln->len + 2) {
            ln->buf = xrealloc(ln->buf, ln->len + 2);
            ln->cap = ln->len + 2;
        }
        ln->buf[ln->len] = '\r';
        ln->buf[ln->len + 1] = '\n';
        rc = sipstatus_parse(ln->buf, ln->len + 2, o->flags, &l);
    }
    report_line(o, name, lineno, rc, &l, ln->buf, ln->len);
}

/* Check every line read through `in`.  Returns 0, or -1 after reporting a
 * read error. */
static int check_lines(const struct opts *o, struct stats *st, struct cap_input *in,
                       const char *name, struct line *ln)
{
    size_t lineno = 0;

    ln->len = ln->parsed = 0;
    ln->rc = SIPSTATUS_INCOMPLETE;
    ln->too_long = 0;
    for (;;) {
        const unsigned char *p, *lf;
        long got = input_peek(in, 1, &p);
        size_t n, k;

        if (got < 0) {
            fprintf(stderr, "%s: %s: %s\n", PROG, name, input_error(in));
            return -1;
        }
        if (got == 0)
            break;
        n = (size_t)got;
        if (ln->len == 0 && ln->rc == SIPSTATUS_INCOMPLETE) {
            /* every whole short line of what was read, through a copy on
             * the stack that ends in CRLF: no allocation, one take */
            size_t at = 0;
            while ((lf = memchr(p + at, '\n', n - at)) != NULL &&
                   (k = (size_t)(lf - (p + at))) + 2 <= sizeof ln->small && k <= o->max_line) {
                struct sipstatus_line l;
                size_t len = k > 0 && p[at + k - 1] == '\r' ? k - 1 : k;
                int rc;
                if (len <= 62 && n - at >= 64)
                    memcpy(ln->small, p + at, 64); /* a fixed size: a few moves */
                else
                    memcpy(ln->small, p + at, len);
                ln->small[len] = '\r';
                ln->small[len + 1] = '\n';
                rc = sipstatus_parse(ln->small, len + 2, o->flags, &l);
                report_line(o, name, ++lineno, rc, &l, ln->small, len);
                at += k + 1;
            }
            if (at > 0) {
                input_take(in, at);
                continue;
            }
        }
        lf = memchr(p, '\n', n);
        k = lf ? (size_t)(lf - p) : n;
        if (lf != NULL && ln->len == 0 && ln->rc == SIPSTATUS_INCOMPLETE && k <= o->max_line) {
            /* a whole line: straight from the input */
            keep(ln, p, k, o->max_line);
            line_end(o, st, name, ++lineno, ln);
            ln->len = 0;
        } else {
            line_more(o, ln, p, k);
            if (lf != NULL) {
                line_end(o, st, name, ++lineno, ln);
                ln->len = ln->parsed = 0;
                ln->rc = SIPSTATUS_INCOMPLETE;
                ln->too_long = 0;
            }
        }
        input_take(in, lf ? k + 1 : n);
    }
    if (ln->len > 0 || ln->rc != SIPSTATUS_INCOMPLETE || ln->too_long)
        line_end(o, st, name, ++lineno, ln); /* a last line without LF */
    return 0;
}

/* Check one file or standard input: a capture or lines, by its first
 * bytes (after gunzip).  Returns 0, or -1 after reporting why it could
 * not be read. */
static int check_file(struct opts *o, struct stats *st, const char *file, struct line *ln)
{
    int is_stdin = strcmp(file, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : file;
    const unsigned char *magic;
    struct cap_input *in;
    struct stat sb;
    long n;
    int fd, r;

    if (is_stdin) {
        fd = STDIN_FILENO;
    } else {
        errno = 0;
        fd = open(file, O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "%s: %s: %s\n", PROG, file, strerror(errno ? errno : ENOENT));
            return -1;
        }
    }
    /* from a pipe, each finding is said as soon as it is found */
    o->flush = fstat(fd, &sb) == 0 && !S_ISREG(sb.st_mode);
    in = input_open(fd);
    if (in == NULL) {
        fprintf(stderr, "%s: %s: out of memory\n", PROG, name);
        if (!is_stdin)
            close(fd);
        return -1;
    }
    report_file(o, name);
    n = input_peek(in, 4, &magic);
    if (n < 0) {
        fprintf(stderr, "%s: %s: %s\n", PROG, name, input_error(in));
        r = -1;
    } else {
        enum cap_format format = input_format(magic, (size_t)n);
        if (format != FORMAT_TEXT)
            r = check_capture(o, st, in, fd, name, format);
        else
            r = check_lines(o, st, in, name, ln);
    }
    input_close(in);
    if (!is_stdin)
        close(fd);
    return r;
}

int cmd_check(struct opts *o)
{
    int nfiles = o->nargs ? o->nargs : 1;
    struct stats st;
    struct line ln;
    int i;

    memset(&st, 0, sizeof st);
    memset(&ln, 0, sizeof ln);
    if (o->nifaces > 0 && o->nargs > 0) {
        usage_error("check: %s", "-i and files cannot be given together");
        return EXIT_USAGE;
    }
    if (report_begin(o, &st) < 0)
        return EXIT_USAGE;
    if (o->nifaces > 0 && (i = check_live(o, &st)) < 0) {
        if (i == -2) {
            report_abort(o); /* no interface opened: said why, nothing to sum up */
            return EXIT_USAGE;
        }
        st.bad_files++;
    }
    for (i = 0; o->nifaces == 0 && i < nfiles; i++)
        if (check_file(o, &st, o->nargs ? o->args[i] : "-", &ln) < 0)
            st.bad_files++;
    free(ln.buf);
    if (report_end(o, 1) < 0)
        st.bad_files++;
    if (st.bad_files)
        return EXIT_USAGE;
    return st.invalid ? EXIT_INVALID : EXIT_VALID;
}
