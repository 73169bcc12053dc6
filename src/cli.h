/* cli.h - shared declarations of the sipstatus command-line tool (src/cli*.c). */
#ifndef SIPSTATUS_CLI_H
#define SIPSTATUS_CLI_H

#include <stddef.h>
#include <stdio.h>

#define PROG "sipstatus"

/* Exit statuses. */
#define EXIT_VALID 0   /* every line valid, or the command succeeded */
#define EXIT_INVALID 1 /* an invalid line, code or reason */
#define EXIT_USAGE 2   /* usage or I/O error */

/* Which options a subcommand accepts (struct opts.allowed). */
#define OPT_PARSE 0x01u       /* --lenient*, --strict-utf8, --registered-only */
#define OPT_OUTPUT 0x02u      /* -W/--notes, --quiet */
#define OPT_JSON 0x04u        /* --json */
#define OPT_ESCAPE 0x08u      /* --escape */
#define OPT_STRICT_UTF8 0x10u /* --strict-utf8 alone (format) */

/* The options and operands of one subcommand. */
struct opts {
    unsigned flags; /* sipstatus_parse / sipstatus_format flags */
    int notes;      /* -W, --notes */
    int json;       /* --json */
    int quiet;      /* --quiet */
    int escape;     /* --escape */
    char **args;    /* operands, in order (malloc'd array) */
    int nargs;
};

/* cli.c */
void usage(FILE *out);
void usage_error(const char *fmt, const char *arg);

/* cli_util.c */
void *xrealloc(void *p, size_t n);
/* Escaped form of bytes: printable ASCII as is except '\\' (as "\\\\"),
 * HTAB as "\\t", any other byte as "\\xNN" (lower-case hex). */
void put_escaped(FILE *out, const char *s, size_t n);
size_t escaped_width(const char *s, size_t n);
/* A line of `indent` spaces, then spaces up to the escaped column of byte
 * `off` of s[0..n) (past the end when off >= n), then '^'. */
void put_caret(FILE *out, size_t indent, const char *s, size_t n, size_t off);
/* A JSON string of the text escaped as in text mode, so that no byte is
 * lost: valid UTF-8 as is, a backslash as two, a byte that is not UTF-8
 * as \xNN (each backslash then JSON-escaped); ASCII controls as \u00NN. */
void put_json_string(FILE *out, const char *s, size_t n);
/* A JSON array of the names of the note bits in `notes`. */
void put_json_notes(FILE *out, unsigned notes);
/* Flush stdout; print an error and return EXIT_USAGE if writing failed. */
int finish_output(int status);

/* cli_check.c */
int cmd_check(struct opts *o);

/* cli_cmds.c */
int cmd_explain(struct opts *o);
int cmd_format(struct opts *o);
int cmd_codes(struct opts *o);

#endif
