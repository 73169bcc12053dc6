/* SPDX-License-Identifier: MIT */
/* cli.h - shared declarations of the sipstatus command-line tool (src/cli*.c). */
#ifndef SIPSTATUS_CLI_H
#define SIPSTATUS_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "capture.h"
#include "sipstatus.h"

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
#define OPT_CAPTURE 0x20u     /* --port, --hep-port, --summary (check) */
#define OPT_GEN 0x40u         /* --seed, --count, --valid, --invalid, --mix */
#define OPT_GEN_OUT 0x80u     /* --format, --dir (gen) */
#define OPT_PEER 0x100u       /* --peer, --cmd (diff) */
#define OPT_LISTEN 0x200u     /* --hep, --metrics, --allow, ... (listen) */
#define OPT_FUZZUAS 0x400u    /* --listen, --udp, --tcp, --family, --probe-*, ... (fuzz-uas) */
#define OPT_REPORT 0x800u     /* --format, --html (check) */
#define OPT_COLOR 0x1000u     /* --color (check, listen) */

/* Which lines gen and diff write (struct opts.mode). */
#define MODE_MIX 0
#define MODE_VALID 1
#define MODE_INVALID 2

#define MAX_PORTS 64
#define MAX_IFACES 16
#define MAX_HEPS 16
#define MAX_ALLOWS 64
#define UAS_MAX_FAMILIES 32
/* Result slots: -result for each error of SIPSTATUS_RESULT_MAP (numbered
 * -1, -2, ... after OK and INCOMPLETE), 0 for anything else. */
#define CLI_COUNT_RESULT(name, value, message) +1
enum { NKINDS = 0 SIPSTATUS_RESULT_MAP(CLI_COUNT_RESULT) - 1 };

/* The output formats of check (--format; report.c). */
enum out_format { OUT_TEXT, OUT_JSON, OUT_SARIF, OUT_JUNIT, OUT_CSV };

/* The options and operands of one subcommand. */
struct opts {
    unsigned flags; /* sipstatus_parse / sipstatus_format flags */
    int notes;      /* -W, --notes */
    int json;       /* --json */
    int quiet;      /* --quiet */
    int escape;     /* --escape */
    int summary;    /* --summary: the summary on standard output */
    unsigned ports[MAX_PORTS]; /* SIP ports: 5060, 5061 and each --port */
    size_t nports;
    unsigned hep_port; /* --hep-port (9060; 0 for none) */
    size_t max_memory; /* --max-memory: the decoder's budget (0: its default) */
    size_t max_line;   /* --max-line: longest line checked in text mode */
    int show_skipped;  /* --show-skipped */
    int flush;         /* flush after each finding (input from a pipe) */
    unsigned long long seed; /* --seed (gen, diff) */
    size_t count;   /* --count (gen, diff) */
    int mode;       /* MODE_* (gen, diff) */
    const char *format; /* --format: "lines", "tsv" or "jsonl" (gen) */
    enum out_format out; /* --format (check): OUT_*; --json gives OUT_JSON */
    const char *html;   /* --html FILE (check), or NULL */
    int color;          /* --color, resolved: 1 when the text writer colours */
    struct report *report; /* the run's report (report.c), from report_begin */
    const char *dir;    /* --dir (gen), or NULL */
    int message;        /* --message (gen): whole responses (gen_message.c) */
    const char *peer;   /* --peer (diff), or NULL */
    const char *cmd;    /* --cmd (diff), or NULL */
    unsigned timeout_ms; /* --timeout MS (diff --cmd); 0: 2000 */
    const char *crashes; /* --crashes DIR (diff), or NULL: ./diff-crashes */
    const char *input;   /* --input FILE (diff): its lines, not generated ones */
    const char *ifaces[MAX_IFACES]; /* -i (check): live capture */
    size_t nifaces;
    const char *filter; /* --filter BPF (check -i), or NULL: the ports */
    double duration;    /* --duration SECONDS (check -i, listen); 0: none */
    unsigned long long packets; /* --packets N (check -i); 0: none */
    const char *heps[MAX_HEPS]; /* --hep ADDR:PORT (listen) */
    size_t nheps;
    const char *metrics;        /* --metrics ADDR:PORT (listen), or NULL */
    const char *hep_password;   /* --hep-password KEY (listen), or NULL */
    const char *allows[MAX_ALLOWS]; /* --allow CIDR (listen) */
    size_t nallows;
    const char *output;         /* --output FILE (listen), or NULL */
    size_t max_connections;     /* --max-connections N (listen); 0: 1024 */
    /* fuzz-uas (cli_fuzzuas.c) */
    const char *uas_listen;     /* --listen ADDR:PORT, or NULL: 127.0.0.1:5060 */
    int uas_tcp;                /* --tcp (else --udp) */
    const char *uas_families[UAS_MAX_FAMILIES]; /* --family NAME */
    size_t uas_nfamilies;
    unsigned long uas_probe_ms; /* --probe-interval MS; 0: no probe */
    const char *uas_probe_cmd;  /* --probe-cmd CMD, or NULL */
    const char *uas_crashes;    /* --crashes DIR, or NULL */
    const char *uas_log;        /* --log FILE, or NULL */
    char **args;    /* operands, in order (malloc'd array) */
    int nargs;
};

/* cli.c */
/* The overview of every subcommand (sipstatus --help). */
void usage(FILE *out);
/* A usage error: "sipstatus: " and fmt (with arg) as one line on standard
 * error, then the hint of usage_hint; never the help. */
void usage_error(const char *fmt, const char *arg);
/* "try 'sipstatus CMD --help'" for the subcommand being run (or
 * "try 'sipstatus --help'" before one is known) on standard error. */
void usage_hint(void);

/* cli_util.c */
void *xrealloc(void *p, size_t n);
/* Escaped form of bytes: printable ASCII as is except '\\' (as "\\\\"),
 * HTAB as "\\t", any other byte as "\\xNN" (lower-case hex). */
void put_escaped(FILE *out, const char *s, size_t n);
size_t escaped_width(const char *s, size_t n);
/* A line of `indent` spaces, then spaces up to the escaped column of byte
 * `off` of s[0..n) (past the end when off >= n), then '^' in the colour
 * sgr ("" for none; see color_of). */
void put_caret(FILE *out, size_t indent, const char *s, size_t n, size_t off, const char *sgr);
/* The line s[0..n) escaped, as a window of at most 120 bytes around byte
 * off when it is longer, then a caret line under byte off. */
void put_line_window(FILE *out, const char *s, size_t n, size_t off, const char *sgr);
/* As put_escaped, but valid RFC 3629 UTF-8 characters as they are (the
 * text of a CSV field or an HTML page). */
void put_text(FILE *out, const char *s, size_t n);
/* Text as XML or HTML character data or attribute value: & < > " '
 * as entities. */
void put_markup(FILE *out, const char *s, size_t n);
/* Input bytes as markup: escaped as put_escaped does, so that every byte
 * is one XML can hold, then as put_markup. */
void put_markup_bytes(FILE *out, const char *s, size_t n);
/* A JSON string of the text escaped as in text mode, so that no byte is
 * lost: valid UTF-8 as is, a backslash as two, a byte that is not UTF-8
 * as \xNN (each backslash then JSON-escaped); ASCII controls as \u00NN. */
void put_json_string(FILE *out, const char *s, size_t n);
/* A JSON array of the names of the note bits in `notes`. */
void put_json_notes(FILE *out, unsigned notes);
/* Flush stdout; print an error and return EXIT_USAGE if writing failed. */
int finish_output(int status);

/* Totals of one `check` run, for the summary. */
struct stats {
    size_t lines, responses, valid, invalid;
    size_t kinds[NKINDS];           /* invalid, by -result */
    size_t incomplete;              /* responses whose datagram or stream
                                       ended inside the status line */
    size_t notes[SIPSTATUS_NOTE_COUNT];
    size_t codes[700];              /* valid responses by code */
    size_t captures, frames;
    size_t skips[SKIP_COUNT];       /* by enum cap_skip */
    size_t encaps[ENCAP_COUNT];     /* frames, by encapsulation */
    size_t evicted_streams, evicted_datagrams, memory_peak;
    size_t long_lines;              /* lines not checked past --max-line */
    size_t warnings;                /* capture problems reported */
    size_t bad_files;               /* unreadable, or damaged captures */
};

/* The slot of a result in stats.kinds. */
#define KIND_SLOT(rc) ((rc) < 0 && -(rc) < NKINDS ? -(rc) : 0)

/* Count one parse result (a line or a response) in the totals. */
void stats_result(struct stats *st, int rc, const struct sipstatus_line *l);

/* cli_check.c */
int cmd_check(struct opts *o);

/* ---- report.c: the one report layer ----
 * Every status line checked (valid or not), every packet not checked and
 * every warning of a check or listen run becomes one struct record, given
 * to report_record; the summary comes from struct stats, which the layer
 * keeps.  Each output format is a writer of those records: the one on
 * standard output (--format: text, json, sarif, junit, csv) and --html's
 * file (report_html.c).  Warnings never go to standard output in a
 * machine format. */
enum record_kind {
    REC_RESPONSE, /* a status line checked: rc, l, line, error_offset */
    REC_SKIP,     /* a packet or message not checked (capture.h): skip */
    REC_WARNING,  /* a problem with the input, not a finding: text, detail */
};

struct record {
    enum record_kind kind;
    const char *file;    /* the file ("<stdin>"), interface or HEP source */
    size_t lineno;       /* a line file: the line, from 1; 0 in a capture */
    /* a capture: frame, time, transport, addresses (NULL in a line file,
     * and for a warning about the file as a whole) */
    const struct cap_info *where;
    const struct cap_message *msg; /* a capture: Call-ID and CSeq, or NULL */
    /* REC_RESPONSE */
    int rc;                        /* sipstatus_parse's result */
    const struct sipstatus_line *l;
    const char *line;              /* the status line, without its line end */
    size_t line_len;
    size_t error_offset;           /* the bad byte, from line[0] (line_len when
                                      INCOMPLETE); 0 when valid */
    /* REC_SKIP */
    enum cap_skip skip;
    /* REC_WARNING: text, then ": detail" unless detail is NULL */
    const char *text, *detail;
};

/* Start the run's report: o->report is set to it (NULL and -1 when out of
 * memory or --html's file cannot be created, reported). */
int report_begin(struct opts *o, struct stats *st);
/* A file, capture or interface starts (JUnit's test case, HTML's list). */
void report_file(const struct opts *o, const char *name);
/* One record: counted into the stats (responses), then written by every
 * writer.  Reentrant per run only (one thread). */
void report_record(const struct opts *o, const struct record *r);
/* The fast path of a valid response: when no writer shows it (valid, no
 * note shown, text, SARIF or JUnit, no --html), it is counted into the
 * stats as report_record would and 1 is returned; else 0, and the caller
 * gives report_record the record. */
int report_count_only(const struct opts *o, int in_capture, int rc,
                      const struct sipstatus_line *l);
/* Whether a writer shows the Call-ID and CSeq of this response: the
 * caller reads them (cap_message_read) only then. */
int report_wants_ids(const struct opts *o, int rc, const struct sipstatus_line *l);
/* The end of the run: the closing of SARIF, JUnit and --html, then, when
 * `summary`, the summary: text on standard error (unless --quiet), or on
 * standard output with --summary in text; with --summary in JSON, one
 * last line {"summary": ...}; the other machine formats keep it on
 * standard error.  Frees the report.  Returns 0, or -1 when an output
 * could not be written (reported). */
int report_end(struct opts *o, int summary);
/* A run that ended before any record (no interface opened, said why):
 * the report freed with nothing written, --html's file removed. */
void report_abort(struct opts *o);

/* The text writer's colours (--color), as in gcc's diagnostics: the SGR
 * sequence for one part of a message, or "" when colour is off. */
enum color_part { COLOR_LOCUS, COLOR_ERROR, COLOR_WARNING, COLOR_NOTE, COLOR_CARET };
#define SGR_RESET "\033[m"
const char *color_of(const struct opts *o, enum color_part part);
/* --color=WHEN (auto, always, never) resolved for a stream: auto colours
 * a terminal unless NO_COLOR is set and not empty, or TERM is "dumb".
 * Returns 1 or 0, or -1 when WHEN is none of the three. */
int color_wanted(const char *when, FILE *stream);

/* The pieces of a capture finding's location, for every writer: the time
 * as ISO 8601 UTC (microseconds, or nanoseconds when `nano`), an address
 * as "1.2.3.4:5060" or "[::1]:5060" ("?" when af is 0).  put_time caches
 * the text of the last second in *cache. */
struct clock_text {
    int64_t sec;
    int valid;
    char text[32];
};
void put_time(FILE *out, struct clock_text *cache, int64_t sec, uint32_t nsec, int nano);
void put_addr(FILE *out, int af, const unsigned char *a, unsigned port);

/* report_html.c: --html FILE, one self-contained HTML page (inline CSS and
 * SVG, no network access) written at the end of the run.  Memory bounded
 * whatever the run holds (see the file); the page's body is spooled to a
 * temporary file. */
struct html_report;
/* NULL when FILE cannot be created (errno set). */
struct html_report *html_open(const char *file);
void html_file(struct html_report *h, const char *name);
void html_record(struct html_report *h, const struct record *r);
/* Write the page: the summary from st, the charts, every finding listed.
 * Returns 0, or -1 when it could not be written (errno set). */
int html_close(struct html_report *h, const struct opts *o, const struct stats *st);
/* A run that ended before it began (no interface opened): the page file
 * removed, everything freed. */
void html_discard(struct html_report *h, const char *file);

/* cli_capture.c */
/* Check a pcap, pcapng or HEP file read through `in` (from fd, for its
 * size).  Returns 0, or -1 when the file could not be read to its end
 * (reported). */
int check_capture(const struct opts *o, struct stats *st, struct cap_input *in, int fd,
                  const char *name, enum cap_format format);

/* The decoder's callbacks of check_capture, which give each response,
 * skip and problem to the report layer, for a decoder fed by another
 * reader (cli_live.c, cli_listen.c): run_new gives the context for the
 * callbacks run_callbacks fills in; records say `name` (run_name changes
 * it, e.g. per interface; the string is not copied).  NULL when out of
 * memory.  A hook, when set, is told of every response checked. */
struct run;
typedef void run_hook(void *ctx, const struct cap_info *where, int rc,
                      const struct sipstatus_line *l);
struct run *run_new(const struct opts *o, struct stats *st, const char *name);
void run_name(struct run *r, const char *name);
void run_set_hook(struct run *r, run_hook *hook, void *ctx);
void run_callbacks(struct capture_callbacks *cb);
/* The decoder's counters into the totals, once at its end. */
void run_counters(struct stats *st, const struct cap_counters *n);
void run_free(struct run *r);

/* cli_live.c */
/* check -i: live capture on o->ifaces through libpcap until --duration,
 * --packets or SIGINT/SIGTERM.  Returns 0, -1 when an interface could not
 * be read to the end, -2 when one could not be opened (both reported). */
int check_live(struct opts *o, struct stats *st);
/* The options of live capture (-i, --filter, --duration, --packets):
 * 1 when a was one (value taken), 0 when not, -1 on a usage error. */
int live_option(const char *a, int argc, char **argv, int *i, struct opts *o);

/* cli_check.c: the summary of a run (standard error unless --summary). */
void print_summary(FILE *out, const struct opts *o, const struct stats *st);

/* cli_status.c: the status line on standard error when it is a terminal
 * (check's progress, the periodic status of check -i and listen). */
/* 1 when a status line is to be drawn: standard error is a terminal and
 * there is no --quiet. */
int status_wanted(const struct opts *o);
/* Start drawing the line (flushes stdout, erases the line); the text is
 * then written to stderr with no newline, and status_end flushes it. */
void status_begin(void);
void status_end(void);
/* Erase the line if one is shown: before any other output to a terminal
 * and at the end of a run.  Does nothing when none is shown. */
void status_hide(void);
/* Before printing to out: status_hide when out is standard error or
 * standard output is a terminal too; otherwise the line stays. */
void status_yield(FILE *out);

/* cli_listen.c */
int cmd_listen(struct opts *o);
/* The options of listen: 1 when a was one (value taken), 0 when not, -1
 * on a usage error (reported). */
int listen_option(const char *a, int argc, char **argv, int *i, struct opts *o);

/* cli_cmds.c */
int cmd_explain(struct opts *o);
int cmd_format(struct opts *o);
int cmd_codes(struct opts *o);

/* cli_gen.c */
int cmd_gen(struct opts *o);
struct gen_rng;
struct gen_case;
/* Case i of a gen or diff run, by o's mode and parse flags. */
void make_case(struct gen_rng *r, const struct opts *o, size_t i, struct gen_case *c);

/* cli_diff.c */
int cmd_diff(struct opts *o);

/* cli_fuzzuas.c */
int cmd_fuzzuas(struct opts *o);
/* The options of fuzz-uas: 1 when a was one (value taken), 0 when not, -1
 * on a usage error (reported). */
int fuzzuas_option(const char *a, int argc, char **argv, int *i, struct opts *o);

#endif
