/* cli_check.c - `sipstatus check`: every line of files or stdin. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "sipstatus.h"

#define CHUNK 65536

struct reader {
    FILE *fp;
    char *chunk;
    size_t pos, end;
    int eof;
    int err; /* errno of a read error */
};

/* Read the next line into *buf (growing it; 2 spare bytes are left after
 * it for the CRLF), without its LF or CRLF.  Returns 1 for a line, 0 at
 * the end of input, -1 on a read error (r->err). */
static int read_line(struct reader *r, char **buf, size_t *cap, size_t *len)
{
    int got = 0;

    *len = 0;
    for (;;) {
        char *nl;
        size_t take;

        if (r->pos == r->end) {
            size_t n;
            if (r->eof)
                break;
            errno = 0;
            n = fread(r->chunk, 1, CHUNK, r->fp);
            if (n == 0) {
                if (ferror(r->fp)) {
                    r->err = errno ? errno : EIO;
                    return -1;
                }
                r->eof = 1;
                break;
            }
            r->pos = 0;
            r->end = n;
        }
        nl = memchr(r->chunk + r->pos, '\n', r->end - r->pos);
        take = nl ? (size_t)(nl - (r->chunk + r->pos)) + 1 : r->end - r->pos;
        if (*len + take + 2 > *cap) {
            size_t want = *cap ? *cap : 256;
            while (want < *len + take + 2) {
                if (want > (size_t)-1 / 2) {
                    fprintf(stderr, "%s: line too long\n", PROG);
                    exit(EXIT_USAGE);
                }
                want *= 2;
            }
            *buf = xrealloc(*buf, want);
            *cap = want;
        }
        memcpy(*buf + *len, r->chunk + r->pos, take);
        *len += take;
        r->pos += take;
        got = 1;
        if (nl) {
            --*len; /* the LF */
            if (*len > 0 && (*buf)[*len - 1] == '\r')
                --*len;
            return 1;
        }
    }
    if (*cap < 2) {
        *buf = xrealloc(*buf, 256);
        *cap = 256;
    }
    return got; /* a last line without LF, or nothing */
}

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

/* Check one line: buf[0..len) plus 2 spare bytes for the CRLF. */
static void check_line(const struct opts *o, struct stats *st,
                       const char *name, size_t lineno, char *buf, size_t len)
{
    struct sipstatus_line l;
    int rc;
    unsigned i;

    buf[len] = '\r';
    buf[len + 1] = '\n';
    rc = sipstatus_parse(buf, len + 2, o->flags, &l);
    st->lines++;
    if (rc == SIPSTATUS_OK) {
        st->valid++;
        for (i = 0; i < SIPSTATUS_NOTE_COUNT; i++)
            if (l.notes & (1u << i))
                st->notes[i]++;
    } else {
        st->invalid++;
        st->kinds[rc < 0 && -rc < NKINDS ? -rc : 0]++;
    }
    if (o->json)
        print_json(name, lineno, rc, &l);
    else if (rc != SIPSTATUS_OK)
        print_finding(name, lineno, rc, &l, buf, len);
    else if (o->notes)
        print_notes(name, lineno, l.notes);
}

/* Check every line of one open stream, whose first n bytes, magic[0..n),
 * were already read.  Returns 0, or -1 after reporting a read error. */
static int check_stream(const struct opts *o, struct stats *st, FILE *fp,
                        const char *name, char **buf, size_t *cap,
                        char *chunk, const unsigned char *magic, size_t n)
{
    struct reader r;
    size_t len, lineno = 0;
    int got;

    memset(&r, 0, sizeof r);
    r.fp = fp;
    r.chunk = chunk;
    memcpy(chunk, magic, n);
    r.end = n;
    while ((got = read_line(&r, buf, cap, &len)) == 1)
        check_line(o, st, name, ++lineno, *buf, len);
    if (got < 0) {
        fprintf(stderr, "%s: %s: %s\n", PROG, name, strerror(r.err));
        return -1;
    }
    return 0;
}

/* Check one file or standard input: a capture or lines, by its first
 * bytes.  Returns 0, or -1 after reporting why it could not be read. */
static int check_file(const struct opts *o, struct stats *st, const char *file,
                      char **buf, size_t *cap, char *chunk)
{
    int is_stdin = strcmp(file, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : file;
    unsigned char magic[4];
    size_t n;
    enum input_kind kind;
    FILE *fp;
    int r;

    if (is_stdin) {
        fp = stdin;
    } else {
        errno = 0;
        fp = fopen(file, "rb");
        if (fp == NULL) {
            fprintf(stderr, "%s: %s: %s\n", PROG, file, strerror(errno ? errno : ENOENT));
            return -1;
        }
    }
    errno = 0;
    n = fread(magic, 1, sizeof magic, fp);
    if (n < sizeof magic && ferror(fp)) {
        fprintf(stderr, "%s: %s: %s\n", PROG, name, strerror(errno ? errno : EIO));
        if (!is_stdin)
            fclose(fp);
        return -1;
    }
    kind = input_kind(magic, n);
    if (kind != INPUT_TEXT)
        return check_capture(o, st, fp, !is_stdin, name, kind, magic, n);
    r = check_stream(o, st, fp, name, buf, cap, chunk, magic, n);
    if (is_stdin)
        clearerr(stdin);
    else
        fclose(fp);
    return r;
}

static void print_summary(FILE *out, const struct stats *st)
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
        if (st->warnings)
            fprintf(out, "%s: %zu capture warning%s\n", PROG, st->warnings,
                    st->warnings == 1 ? "" : "s");
    }
    if (st->bad_files)
        fprintf(out, "%s: %zu file%s could not be read\n", PROG, st->bad_files,
                st->bad_files == 1 ? "" : "s");
}

int cmd_check(struct opts *o)
{
    int nfiles = o->nargs ? o->nargs : 1;
    struct stats st;
    char *buf = NULL, *chunk;
    size_t cap = 0;
    int i;

    memset(&st, 0, sizeof st);
    chunk = xrealloc(NULL, CHUNK);
    for (i = 0; i < nfiles; i++)
        if (check_file(o, &st, o->nargs ? o->args[i] : "-", &buf, &cap, chunk) < 0)
            st.bad_files++;
    free(buf);
    free(chunk);
    fflush(stdout); /* findings before the summary when both go to a tty */
    if (!o->quiet)
        print_summary(o->summary ? stdout : stderr, &st);
    if (st.bad_files)
        return EXIT_USAGE;
    return st.invalid ? EXIT_INVALID : EXIT_VALID;
}
