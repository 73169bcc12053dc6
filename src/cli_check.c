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

static void print_json(const char *name, size_t lineno, int rc,
                       const struct sipstatus_line *l)
{
    printf("{\"file\": ");
    put_json_string(stdout, name, strlen(name));
    printf(", \"line\": %zu, \"result\": \"%s\", ", lineno,
           rc == SIPSTATUS_OK ? "OK" : sipstatus_errname(rc));
    if (rc == SIPSTATUS_OK) {
        printf("\"error_offset\": null, \"code\": %u, \"reason\": ", l->code);
        put_json_string(stdout, l->reason, l->reason_len);
    } else {
        printf("\"error_offset\": %zu, \"code\": null, \"reason\": null",
               l->error_offset);
    }
    printf(", \"notes\": ");
    put_json_notes(stdout, rc == SIPSTATUS_OK ? l->notes : 0);
    printf("}\n");
}

static void print_finding(const char *name, size_t lineno, int rc,
                          const struct sipstatus_line *l, const char *buf,
                          size_t len)
{
    size_t off = rc == SIPSTATUS_INCOMPLETE ? len : l->error_offset;

    printf("%s:%zu:%zu: error: %s (%s)\n", name, lineno, off + 1,
           sipstatus_strerror(rc), sipstatus_errname(rc));
    put_line_window(stdout, buf, len, off);
}

static void print_notes(const char *name, size_t lineno, unsigned notes)
{
    unsigned bit;
    for (bit = 1; bit < (1u << SIPSTATUS_NOTE_COUNT); bit <<= 1) {
        const char *text, *nm;
        if (!(notes & bit))
            continue;
        text = sipstatus_notetext(bit);
        nm = sipstatus_notename(bit);
        printf("%s:%zu: note: %s (%s)\n", name, lineno, text ? text : "?",
               nm ? nm : "?");
    }
}

void stats_result(struct stats *st, int rc, const struct sipstatus_line *l)
{
    unsigned notes;

    if (rc == SIPSTATUS_OK) {
        st->valid++;
        st->codes[l->code < 700 ? l->code : 0]++;
        for (notes = l->notes; notes; notes &= notes - 1)
            st->notes[__builtin_ctz(notes)]++;
    } else {
        st->invalid++;
        if (rc == SIPSTATUS_INCOMPLETE)
            st->incomplete++;
        else
            st->kinds[KIND_SLOT(rc)]++;
    }
}

static void report_line(const struct opts *o, const char *name, size_t lineno, int rc,
                        const struct sipstatus_line *l, const char *buf, size_t len)
{
    if (o->json)
        print_json(name, lineno, rc, l);
    else if (rc != SIPSTATUS_OK)
        print_finding(name, lineno, rc, l, buf, len);
    else if (o->notes && l->notes)
        print_notes(name, lineno, l->notes);
    if (o->flush)
        fflush(stdout);
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
        st->long_lines++;
        if (!o->quiet)
            fprintf(o->json ? stderr : stdout,
                    "%s:%zu: warning: the line is still valid after %zu bytes (--max-line); "
                    "not checked further\n", name, lineno, ln->len);
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
    st->lines++;
    stats_result(st, rc, &l);
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
                st->lines++;
                stats_result(st, rc, &l);
                lineno++;
                if (rc != SIPSTATUS_OK || o->json || o->notes)
                    report_line(o, name, lineno, rc, &l, ln->small, len);
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

void print_summary(FILE *out, const struct opts *o, const struct stats *st)
{
    int k, first;
    unsigned i;

    fprintf(out, "%s: ", PROG);
    if (st->captures == 0 || st->lines > 0)
        fprintf(out, "%zu line%s%s", st->lines, st->lines == 1 ? "" : "s",
                st->captures > 0 ? ", " : "");
    if (st->captures > 0)
        fprintf(out, "%zu response%s", st->responses, st->responses == 1 ? "" : "s");
    fputs(" checked", out);
    fprintf(out, ": %zu valid, %zu invalid\n", st->valid, st->invalid);
    if (st->invalid) {
        fprintf(out, "%s: invalid:", PROG);
        first = 1;
        for (k = 1; k <= NKINDS; k++) {
            int slot = k % NKINDS; /* the catch-all slot 0 comes last */
            if (!st->kinds[slot])
                continue;
            fprintf(out, "%s %s %zu", first ? "" : ",",
                    slot ? sipstatus_errname(-slot) : "other", st->kinds[slot]);
            first = 0;
        }
        if (st->incomplete)
            fprintf(out, "%s INCOMPLETE %zu", first ? "" : ",", st->incomplete);
        fputc('\n', out);
    }
    first = 1;
    for (i = 0; i < SIPSTATUS_NOTE_COUNT; i++) {
        const char *nm;
        if (!st->notes[i])
            continue;
        nm = sipstatus_notename(1u << i);
        fprintf(out, "%s %s %zu", first ? "sipstatus: notes:" : ",", nm ? nm : "?",
                st->notes[i]);
        first = 0;
    }
    if (!first)
        fputc('\n', out);
    if (st->captures > 0) {
        first = 1;
        for (i = 100; i < 700; i++) {
            if (!st->codes[i])
                continue;
            fprintf(out, "%s %u %zu", first ? "sipstatus: codes:" : ",", i, st->codes[i]);
            first = 0;
        }
        if (!first)
            fputc('\n', out);
        fprintf(out, "%s: %zu frame%s read from %zu capture%s", PROG, st->frames,
                st->frames == 1 ? "" : "s", st->captures, st->captures == 1 ? "" : "s");
        first = 1;
        for (i = 0; i < SKIP_COUNT; i++) {
            if (!st->skips[i])
                continue;
            fprintf(out, "%s %s %zu", first ? "; not checked:" : ",",
                    cap_skip_name((enum cap_skip)i), st->skips[i]);
            first = 0;
        }
        fputc('\n', out);
        first = 1;
        for (i = 0; i < ENCAP_COUNT; i++) {
            if (!st->encaps[i])
                continue;
            fprintf(out, "%s %s %zu", first ? "sipstatus: encapsulated frames:" : ",",
                    cap_encap_name((enum cap_encap)i), st->encaps[i]);
            first = 0;
        }
        if (!first)
            fputc('\n', out);
        if (st->evicted_streams || st->evicted_datagrams)
            fprintf(out, "%s: memory budget full: %zu TCP stream%s and %zu IP datagram%s "
                    "evicted\n", PROG, st->evicted_streams, st->evicted_streams == 1 ? "" : "s",
                    st->evicted_datagrams, st->evicted_datagrams == 1 ? "" : "s");
        if (st->evicted_streams || st->evicted_datagrams || o->max_memory)
            fprintf(out, "%s: decoder state: at most %zu bytes of a %zu-byte budget\n", PROG,
                    st->memory_peak, o->max_memory ? o->max_memory : CAP_DEFAULT_MEMORY);
        if (st->warnings)
            fprintf(out, "%s: %zu capture warning%s\n", PROG, st->warnings,
                    st->warnings == 1 ? "" : "s");
    }
    if (st->long_lines)
        fprintf(out, "%s: %zu line%s not checked past --max-line\n", PROG, st->long_lines,
                st->long_lines == 1 ? "" : "s");
    if (st->bad_files)
        fprintf(out, "%s: %zu file%s could not be read\n", PROG, st->bad_files,
                st->bad_files == 1 ? "" : "s");
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
    if (o->nifaces > 0 && (i = check_live(o, &st)) < 0) {
        if (i == -2)
            return EXIT_USAGE; /* no interface opened: said why, nothing to sum up */
        st.bad_files++;
    }
    for (i = 0; o->nifaces == 0 && i < nfiles; i++)
        if (check_file(o, &st, o->nargs ? o->args[i] : "-", &ln) < 0)
            st.bad_files++;
    free(ln.buf);
    fflush(stdout); /* findings before the summary when both go to a tty */
    if (!o->quiet || o->summary)
        print_summary(o->summary ? stdout : stderr, o, &st);
    if (st.bad_files)
        return EXIT_USAGE;
    return st.invalid ? EXIT_INVALID : EXIT_VALID;
}
