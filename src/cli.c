/* SPDX-License-Identifier: MIT */
/* cli.c - the sipstatus command-line tool: main, help, usage errors,
 * options.
 *
 * Subcommands live in cli_check.c (check) and cli_cmds.c (explain,
 * format, codes); shared helpers in cli_util.c. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "sipstatus.h"

/* The subcommands, as bits of help_options[].cmds. */
enum {
    C_CHECK = 1u << 0,
    C_LISTEN = 1u << 1,
    C_EXPLAIN = 1u << 2,
    C_FORMAT = 1u << 3,
    C_CODES = 1u << 4,
    C_GEN = 1u << 5,
    C_DIFF = 1u << 6,
    C_FUZZUAS = 1u << 7,
};
#define C_PARSE (C_CHECK | C_LISTEN | C_EXPLAIN | C_GEN | C_DIFF | C_FUZZUAS)
#define C_ALL (C_PARSE | C_FORMAT | C_CODES)

/* Every option of every subcommand, one line each: the subcommands that
 * take it, its short and long names, its value and what it does.  This
 * table is the one list: `sipstatus CMD --help` prints the lines of CMD,
 * parse_opts rejects any option not listed for the subcommand, and
 * tests/help.sh holds it against man/sipstatus.1.  An option that means
 * different things to different subcommands has one line per meaning. */
struct help_option {
    unsigned cmds;
    const char *shrt; /* "-W", or NULL */
    const char *name; /* "--notes" */
    const char *arg;  /* "N", or NULL for none */
    const char *text;
};

static const struct help_option help_options[] = {
    /* parse options */
    {C_PARSE, NULL, "--lenient", NULL, "all of --lenient-lf --lenient-space --lenient-reason"},
    {C_PARSE, NULL, "--lenient-lf", NULL, "a bare LF may end the line (matters to explain "
     "only)"},
    {C_PARSE, NULL, "--lenient-space", NULL, "SP/HTAB runs as separators (none before empty "
     "reason)"},
    {C_PARSE, NULL, "--lenient-reason", NULL, "any HTAB, 0x20-0x7E or 0x80-0xFF byte in the "
     "reason"},
    {C_PARSE, NULL, "--strict-utf8", NULL, "reason bytes >= 0x80 must be RFC 3629 UTF-8"},
    {C_PARSE, NULL, "--registered-only", NULL, "the code must be in the IANA registry"},
    {C_PARSE, NULL, "--skip-crlf", NULL, "CRLFs before the line are skipped, as between "
     "messages"},
    {C_PARSE, NULL, "--any-code", NULL, "any three digits as the code, not only 100-699"},
    /* output */
    {C_CHECK | C_LISTEN, "-W", "--notes", NULL, "also print the notes of valid responses"},
    {C_EXPLAIN, "-W", "--notes", NULL, "accepted; explain always prints the notes"},
    {C_CHECK | C_LISTEN, NULL, "--json", NULL, "one JSON object per line (--format json)"},
    {C_EXPLAIN, NULL, "--json", NULL, "one JSON object"},
    {C_CHECK, NULL, "--format", "FORMAT", "text, json (JSON Lines), sarif, junit or csv "
     "(text)"},
    {C_CHECK, NULL, "--html", "FILE", "also a self-contained HTML report in FILE"},
    {C_CHECK | C_LISTEN, NULL, "--color", "WHEN", "auto (a terminal, NO_COLOR unset), always "
     "or never"},
    {C_CODES, NULL, "--json", NULL, "the registry as a JSON array"},
    {C_DIFF, NULL, "--json", NULL, "one JSON object per finding, with its rule"},
    {C_CHECK | C_LISTEN, NULL, "--quiet", NULL, "no summary (unless --summary) and no progress"},
    {C_EXPLAIN, NULL, "--quiet", NULL, "no output, the exit status only"},
    {C_CHECK | C_LISTEN, NULL, "--summary", NULL, "the summary on standard output (also with "
     "--quiet)"},
    /* captures */
    {C_CHECK | C_LISTEN, NULL, "--port", "N", "UDP/TCP port N carries SIP too (5060, 5061 "
     "always)"},
    {C_CHECK, NULL, "--hep-port", "N", "UDP/TCP port of HEP packets (9060; 0 for none)"},
    {C_CHECK | C_LISTEN, NULL, "--max-memory", "N", "the decoder's memory budget, bytes or "
     "K, M, G (64M)"},
    {C_CHECK, NULL, "--max-line", "N", "a line valid after N bytes (1M) is not checked on"},
    {C_CHECK, NULL, "--show-skipped", NULL, "print each packet or message not checked, "
     "and why"},
    /* live capture */
    {C_CHECK, "-i", "--interface", "IFACE", "capture on IFACE through libpcap (repeatable; "
     "'any')"},
    {C_CHECK, NULL, "--filter", "BPF", "with -i: the capture filter (default: SIP, HEP "
     "ports)"},
    {C_CHECK, NULL, "--duration", "S", "with -i: stop after S seconds"},
    {C_LISTEN, NULL, "--duration", "S", "stop after S seconds"},
    {C_CHECK, NULL, "--packets", "N", "with -i: stop after N packets"},
    /* listen */
    {C_LISTEN, NULL, "--hep", "ADDR:PORT", "HEP v2/v3 on UDP and TCP (127.0.0.1:9060; "
     "repeatable)"},
    {C_LISTEN, NULL, "--metrics", "ADDR:PORT", "Prometheus text at http://ADDR:PORT/metrics"},
    {C_LISTEN, NULL, "--hep-password", "KEY", "drop packets without this HEP v3 auth key "
     "(chunk 14)"},
    {C_LISTEN, NULL, "--allow", "CIDR", "only senders in CIDR (repeatable; default: any)"},
    {C_LISTEN, NULL, "--max-connections", "N", "TCP connections at once (1024)"},
    {C_LISTEN, NULL, "--output", "FILE", "findings appended to FILE, reopened on SIGHUP"},
    /* format */
    {C_FORMAT, NULL, "--escape", NULL, "write the bytes a Reason-Phrase cannot carry as %XX"},
    {C_FORMAT, NULL, "--strict-utf8", NULL, "the reason must be RFC 3629 UTF-8"},
    /* gen and diff */
    {C_GEN | C_DIFF | C_FUZZUAS, NULL, "--seed", "N", "the PRNG seed (0); a seed always gives the same "
     "lines"},
    {C_GEN | C_DIFF | C_FUZZUAS, NULL, "--count", "N", "how many lines (1000)"},
    {C_GEN | C_DIFF | C_FUZZUAS, NULL, "--valid", NULL, "valid lines only"},
    {C_GEN | C_DIFF | C_FUZZUAS, NULL, "--invalid", NULL, "invalid lines only"},
    {C_GEN | C_DIFF | C_FUZZUAS, NULL, "--mix", NULL, "valid and invalid lines alternately (the default)"},
    {C_GEN, NULL, "--format", "lines|tsv|jsonl", "lines (raw bytes, as generated), tsv or "
     "jsonl"},
    {C_GEN, NULL, "--dir", "PATH", "also one file per line in PATH, and a dictionary"},
    {C_GEN, NULL, "--message", NULL, "each line in a whole response (headers, SDP body)"},
    {C_DIFF, NULL, "--peer", "PLUGIN.so", "dlopen PLUGIN.so (plugin ABI 2)"},
    {C_DIFF, NULL, "--cmd", "COMMAND", "a persistent peer: sh -c COMMAND, run once"},
    {C_DIFF, NULL, "--timeout", "MS", "diff --cmd: the wait for each answer (2000)"},
    {C_DIFF, NULL, "--crashes", "DIR", "reproducers of hangs, deaths, garbage (diff-crashes)"},
    {C_DIFF, NULL, "--input", "FILE", "each line of FILE (raw, LF included) as an input"},
    /* fuzz-uas */
    {C_FUZZUAS, NULL, "--listen", "ADDR:PORT", "where to answer (127.0.0.1:5060)"},
    {C_FUZZUAS, NULL, "--udp", NULL, "answer over UDP (the default)"},
    {C_FUZZUAS, NULL, "--tcp", NULL, "answer over TCP"},
    {C_FUZZUAS, NULL, "--family", "NAME", "only lines of this generator family (repeatable)"},
    {C_FUZZUAS, NULL, "--probe-interval", "MS", "an OPTIONS probe every MS; 3 unanswered: "
     "hung/dead"},
    {C_FUZZUAS, NULL, "--probe-cmd", "CMD", "run sh -c CMD as the probe (exit 0: an answer)"},
    {C_FUZZUAS, NULL, "--crashes", "DIR", "on hung or dead, the last 16 lines sent, labelled"},
    {C_FUZZUAS, NULL, "--log", "FILE", "one JSON object per response sent"},
    /* every subcommand */
    {C_ALL, "-h", "--help", NULL, "this help"},
};

/* What --help says of a subcommand: its synopsis lines (each after
 * "sipstatus "), one line for the overview, and a paragraph. */
struct command_help {
    const char *synopsis;
    const char *line;
    const char *text;
};

static const char exit_text[] =
"Exit status: 0 every line valid (or success); 1 an invalid line, code\n"
"or reason (gen: a line the parser labels other than meant; diff: a\n"
"disagreement); 2 a usage error or a file that could not be read to its end.\n";

static const struct command_help help_check = {
"check [OPTIONS] [FILE...]\ncheck [OPTIONS] -i IFACE [-i IFACE...]",
"check status lines in files, captures or live traffic",
"Check each FILE (standard input when there is no FILE or FILE is '-').\n"
"A pcap or pcapng capture or a file of HEP v3 packets (known by its first\n"
"bytes) has the status line of every SIP response in it checked: UDP and\n"
"TCP over IPv4 and IPv6, HEP on the HEP port.  Each invalid one gives\n"
"FILE:#FRAME TIME TRANSPORT SRC > DST: error: MESSAGE (KIND) at byte N,\n"
"then the line escaped and a '^' under the byte.  Any other file is lines:\n"
"each line is one Status-Line, checked as if it ended in CRLF; each invalid\n"
"one gives FILE:LINE:COL: error: MESSAGE (KIND), the line and a '^'.\n"
"A summary goes to standard error; on a terminal, a progress line too.\n"
"With -i, the packets of live interfaces are checked instead.\n"};

static const struct command_help help_listen = {
"listen [OPTIONS]",
"a HEP collector that checks what it receives",
"Receive HEP v2/v3 packets over UDP and TCP and check the status line of\n"
"every SIP response in them, as check does, until --duration or SIGINT or\n"
"SIGTERM; then the summary.  On a terminal, a status line on standard\n"
"error once a second.\n"};

static const struct command_help help_explain = {
"explain [OPTIONS] LINE",
"describe every field of one status line, or its error",
"Parse LINE and describe every field, or the error.  LINE may use the\n"
"escapes \\r \\n \\t \\\\ and \\xNN (two hex digits) to give any byte; CRLF\n"
"is appended unless LINE ends in LF.\n"};

static const struct command_help help_format = {
"format [--escape] [--strict-utf8] CODE [REASON]",
"print a status line",
"Print \"SIP/2.0 CODE REASON\" and CRLF.  Without REASON, the registered\n"
"phrase of CODE (empty when unregistered).\n"};

static const struct command_help help_codes = {
"codes [--json]",
"list the IANA registry of response codes",
"List the IANA registry of response codes: code, phrase, reference and\n"
"'deprecated' when so marked.\n"};

static const struct command_help help_gen = {
"gen [OPTIONS]",
"generate labelled status lines",
"Write --count generated Status-Lines (valid, invalid or both), each\n"
"labelled with sipstatus_parse's verdict under the parse options.  A\n"
"summary and every case where the parser's verdict differs from the one\n"
"meant go to standard error.\n"};

static const struct command_help help_diff = {
"diff [OPTIONS] --peer PLUGIN.so | --cmd COMMAND",
"compare the parser with another one on generated lines",
"Run generated lines (or each line of --input FILE) through another parser\n"
"(a plugin of ABI 2, or a persistent command: sipstatus(1), DIFF PROTOCOL)\n"
"and print every disagreement with the rule that decides it, grouped, most\n"
"serious first, with the shortest example of each.\n"};

static const struct command_help help_fuzzuas = {
"fuzz-uas [OPTIONS]",
"a UAS that answers requests with generated status lines",
"Answer each SIP request with a response whose Status-Line comes from the\n"
"generator (the parse options choose the families and label the lines) and\n"
"whose headers are built from the request.  An INVITE gets a final after a\n"
"provisional; ACK is absorbed; CANCEL gets 200 and its INVITE 487.  Stops\n"
"after --count responses (0: never) or on SIGINT/SIGTERM; exit status 1\n"
"when the target was reported hung or dead.\n"};

/* The subcommand being run, for the hint after a usage error (NULL: none
 * yet). */
static const char *usage_cmd;

static void put_synopsis(FILE *out, const char *first, const char *synopsis)
{
    const char *p = synopsis, *nl;

    for (; *p; p = *nl ? nl + 1 : nl) {
        nl = strchr(p, '\n');
        if (nl == NULL)
            nl = p + strlen(p);
        fprintf(out, "%s%s %.*s\n", first, PROG, (int)(nl - p), p);
        first = "       ";
    }
}

static void put_option(FILE *out, const struct help_option *h)
{
    char col[64];

    snprintf(col, sizeof col, "%s%s%s%s%s", h->shrt ? h->shrt : "", h->shrt ? ", " : "",
             h->name, h->arg ? " " : "", h->arg ? h->arg : "");
    if (strlen(col) <= 22)
        fprintf(out, "  %-22s %s\n", col, h->text);
    else
        fprintf(out, "  %s\n  %-22s %s\n", col, "", h->text);
}

static void command_usage(FILE *out, unsigned bit, const struct command_help *h)
{
    size_t k;

    put_synopsis(out, "Usage: ", h->synopsis);
    fprintf(out, "\n%s\nOptions:\n", h->text);
    for (k = 0; k < sizeof help_options / sizeof help_options[0]; k++)
        if (help_options[k].cmds & bit)
            put_option(out, &help_options[k]);
    fputs("\nOptions may come before or after operands; '--' ends the options.\n\n", out);
    fputs(exit_text, out);
}

/* The option a names, as listed for the subcommand `bit`: 1 when it is,
 * 0 when not.  "--name=value" is looked up as "--name". */
static int option_listed(const char *a, unsigned bit)
{
    size_t k, n = strcspn(a, "=");

    for (k = 0; k < sizeof help_options / sizeof help_options[0]; k++) {
        const struct help_option *h = &help_options[k];
        if (!(h->cmds & bit))
            continue;
        if ((strlen(h->name) == n && strncmp(a, h->name, n) == 0) ||
            (h->shrt && strcmp(a, h->shrt) == 0))
            return 1;
    }
    return 0;
}

void usage_hint(void)
{
    if (usage_cmd)
        fprintf(stderr, "try '%s %s --help'\n", PROG, usage_cmd);
    else
        fprintf(stderr, "try '%s --help'\n", PROG);
}

void usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", PROG);
    fprintf(stderr, fmt, arg);
    fputs("\n", stderr);
    usage_hint();
}

struct flag_option {
    const char *name;
    unsigned allowed; /* the OPT_* class it belongs to */
    unsigned flag;    /* parse flag, or 0 */
};

static const struct flag_option flag_options[] = {
    {"--lenient", OPT_PARSE, SIPSTATUS_LENIENT},
    {"--lenient-lf", OPT_PARSE, SIPSTATUS_LENIENT_LF},
    {"--lenient-space", OPT_PARSE, SIPSTATUS_LENIENT_SPACE},
    {"--lenient-reason", OPT_PARSE, SIPSTATUS_LENIENT_REASON},
    {"--strict-utf8", OPT_PARSE | OPT_STRICT_UTF8, SIPSTATUS_STRICT_UTF8},
    {"--registered-only", OPT_PARSE, SIPSTATUS_REGISTERED_ONLY},
    {"--skip-crlf", OPT_PARSE, SIPSTATUS_SKIP_CRLF},
    {"--any-code", OPT_PARSE, SIPSTATUS_ANY_CODE},
};

/* A size: decimal digits, then K, M or G (powers of 1024) or nothing;
 * -1 when it is not one, or too large. */
static int parse_size(const char *v, size_t *out)
{
    size_t n = 0, unit = 1;
    const char *p = v;

    if (*p < '0' || *p > '9')
        return -1;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (n > ((size_t)-1 - 9) / 10)
            return -1;
        n = n * 10 + (size_t)(*p - '0');
    }
    if (*p == 'K' || *p == 'k')
        unit = (size_t)1 << 10;
    else if (*p == 'M' || *p == 'm')
        unit = (size_t)1 << 20;
    else if (*p == 'G' || *p == 'g')
        unit = (size_t)1 << 30;
    if (unit > 1)
        p++;
    if (*p != '\0' || n > (size_t)-1 / unit)
        return -1;
    *out = n * unit;
    return 0;
}

/* A port number in decimal digits only: 1-65535, or 0-65535 when zero is
 * allowed.  Returns 0, or -1 when v is not one. */
static int parse_port(const char *v, int zero_ok, unsigned *port)
{
    unsigned n = 0;
    size_t i;

    for (i = 0; v[i]; i++) {
        if (v[i] < '0' || v[i] > '9' || i >= 5)
            return -1;
        n = n * 10 + (unsigned)(v[i] - '0');
    }
    if (i == 0 || n > 65535 || (n == 0 && !zero_ok))
        return -1;
    *port = n;
    return 0;
}

/* A count or seed in decimal digits only, at most 2^64-1.  Returns 0, or
 * -1 when v is not one. */
static int parse_number(const char *v, unsigned long long *out)
{
    unsigned long long n = 0;
    size_t i;

    for (i = 0; v[i]; i++) {
        unsigned d = (unsigned)(v[i] - '0');
        if (v[i] < '0' || v[i] > '9' || n > (~0ull - d) / 10)
            return -1;
        n = n * 10 + d;
    }
    if (i == 0)
        return -1;
    *out = n;
    return 0;
}

/* When a is option `name` (as "NAME VALUE" or "NAME=VALUE"), stores its
 * value in *v and returns 1 (-1 when the value is missing, reported);
 * else 0. */
static int opt_value(const char *a, const char *name, int argc, char **argv, int *i,
                     const char **v)
{
    size_t n = strlen(name);

    if (strncmp(a, name, n) != 0 || (a[n] != '\0' && a[n] != '='))
        return 0;
    if (a[n] == '=') {
        *v = a + n + 1;
    } else if (*i + 1 < argc) {
        *v = argv[++*i];
    } else {
        fprintf(stderr, "%s: %s: option '%s' needs a value\n", PROG, argv[0], name);
        return -1;
    }
    return 1;
}

/* The options of check that take a value: --port, --hep-port, --max-memory,
 * --max-line.  Returns 1 when a was one of them, 0 when not, -1 on a usage
 * error (reported). */
static int capture_option(const char *a, int argc, char **argv, int *i, struct opts *o)
{
    const char *v;
    unsigned port;
    size_t bytes;
    int r, hep;

    if ((r = opt_value(a, "--port", argc, argv, i, &v)) != 0 ||
        (r = opt_value(a, "--hep-port", argc, argv, i, &v)) != 0) {
        if (r < 0)
            return -1;
        hep = strncmp(a, "--hep-port", 10) == 0;
        if (parse_port(v, hep, &port) < 0) {
            fprintf(stderr, "%s: %s: '%s' is not a port number (%s)\n", PROG, argv[0], v,
                    hep ? "0-65535" : "1-65535");
            return -1;
        }
        if (hep) {
            o->hep_port = port;
        } else if (o->nports == MAX_PORTS) {
            fprintf(stderr, "%s: %s: more than %d SIP ports\n", PROG, argv[0], MAX_PORTS);
            return -1;
        } else {
            o->ports[o->nports++] = port;
        }
        return 1;
    }
    if ((r = opt_value(a, "--max-memory", argc, argv, i, &v)) != 0 ||
        (r = opt_value(a, "--max-line", argc, argv, i, &v)) != 0) {
        int mem = strncmp(a, "--max-memory", 12) == 0;
        if (r < 0)
            return -1;
        if (parse_size(v, &bytes) < 0 || bytes < (mem ? (size_t)1 << 16 : 1)) {
            fprintf(stderr, "%s: %s: '%s' is not a size (bytes, or a number with K, M or G; "
                    "at least %s)\n", PROG, argv[0], v, mem ? "64K" : "1");
            return -1;
        }
        if (mem)
            o->max_memory = bytes;
        else
            o->max_line = bytes;
        return 1;
    }
    return 0;
}

/* The options of gen and diff (OPT_GEN, OPT_GEN_OUT, OPT_PEER).  Returns 1
 * when a was one of them, 0 when not, -1 on a usage error (reported). */
static int gen_option(const char *a, unsigned allowed, int argc, char **argv, int *i,
                      struct opts *o)
{
    static const char *const modes[] = {"--mix", "--valid", "--invalid"};
    const char *v = NULL;
    unsigned long long num;
    int r, k;

    if (allowed & OPT_GEN) {
        for (k = 0; k < 3; k++) {
            if (strcmp(a, modes[k]) == 0) {
                o->mode = k;
                return 1;
            }
        }
        if ((r = opt_value(a, "--seed", argc, argv, i, &v)) != 0 ||
            (r = opt_value(a, "--count", argc, argv, i, &v)) != 0) {
            if (r < 0)
                return -1;
            if (parse_number(v, &num) < 0 || (a[2] == 'c' && num > 100000000ull)) {
                fprintf(stderr, "%s: %s: '%s' is not a %s\n", PROG, argv[0], v,
                        a[2] == 'c' ? "count (0-100000000)" : "seed (0-18446744073709551615)");
                return -1;
            }
            if (a[2] == 'c')
                o->count = (size_t)num;
            else
                o->seed = num;
            return 1;
        }
    }
    if (allowed & OPT_GEN_OUT) {
        if ((r = opt_value(a, "--format", argc, argv, i, &v)) != 0) {
            if (r < 0)
                return -1;
            if (strcmp(v, "lines") != 0 && strcmp(v, "tsv") != 0 && strcmp(v, "jsonl") != 0) {
                fprintf(stderr, "%s: %s: unknown format '%s' (lines, tsv or jsonl)\n", PROG,
                        argv[0], v);
                return -1;
            }
            o->format = v;
            return 1;
        }
        if ((r = opt_value(a, "--dir", argc, argv, i, &o->dir)) != 0)
            return r;
        if (strcmp(a, "--message") == 0) {
            o->message = 1;
            return 1;
        }
    }
    if (allowed & OPT_PEER) {
        if ((r = opt_value(a, "--peer", argc, argv, i, &o->peer)) != 0)
            return r;
        if ((r = opt_value(a, "--cmd", argc, argv, i, &o->cmd)) != 0)
            return r;
        if ((r = opt_value(a, "--crashes", argc, argv, i, &o->crashes)) != 0)
            return r;
        if ((r = opt_value(a, "--input", argc, argv, i, &o->input)) != 0)
            return r;
        if ((r = opt_value(a, "--timeout", argc, argv, i, &v)) != 0) {
            if (r < 0)
                return -1;
            if (parse_number(v, &num) < 0 || num < 1 || num > 3600000) {
                fprintf(stderr, "%s: %s: '%s' is not a timeout (1-3600000 ms)\n", PROG,
                        argv[0], v);
                return -1;
            }
            o->timeout_ms = (unsigned)num;
            return 1;
        }
    }
    return 0;
}

/* The options of the report layer: --format and --html (check), --color
 * (check, listen; *color keeps WHEN until the end).  1 when a was one,
 * 0 when not, -1 on a usage error (reported). */
static int report_option(const char *a, unsigned allowed, int argc, char **argv, int *i,
                         struct opts *o, const char **color)
{
    static const char *const formats[] = {
        [OUT_TEXT] = "text", [OUT_JSON] = "json", [OUT_SARIF] = "sarif",
        [OUT_JUNIT] = "junit", [OUT_CSV] = "csv",
    };
    const char *v;
    size_t k;
    int r;

    if ((allowed & OPT_REPORT) && (r = opt_value(a, "--format", argc, argv, i, &v)) != 0) {
        if (r < 0)
            return -1;
        for (k = 0; k < sizeof formats / sizeof formats[0]; k++) {
            if (strcmp(v, formats[k]) == 0) {
                o->out = (enum out_format)k;
                o->json = o->out == OUT_JSON;
                return 1;
            }
        }
        fprintf(stderr, "%s: %s: unknown format '%s' (text, json, sarif, junit or csv)\n",
                PROG, argv[0], v);
        return -1;
    }
    if ((allowed & OPT_REPORT) && (r = opt_value(a, "--html", argc, argv, i, &o->html)) != 0)
        return r;
    if ((allowed & OPT_COLOR) && (r = opt_value(a, "--color", argc, argv, i, &v)) != 0) {
        if (r < 0)
            return -1;
        if (color_wanted(v, stdout) < 0) {
            fprintf(stderr, "%s: %s: --color takes auto, always or never, not '%s'\n", PROG,
                    argv[0], v);
            return -1;
        }
        *color = v;
        return 1;
    }
    return 0;
}

/* Parse the options and operands of a subcommand (argv[0] is its name).
 * Returns 0 on success, 1 when --help was given, -1 on a usage error
 * (already reported). */
static int parse_opts(int argc, char **argv, unsigned allowed, unsigned bit, struct opts *o)
{
    const char *color = "auto";
    int i, only_operands = 0;

    memset(o, 0, sizeof *o);
    o->ports[o->nports++] = 5060; /* RFC 3261 section 19.1.2 */
    o->ports[o->nports++] = 5061;
    o->hep_port = 9060;
    o->max_line = (size_t)1 << 20;
    o->count = 1000;
    o->format = "lines";
    o->args = xrealloc(NULL, sizeof *o->args * (size_t)argc);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        size_t k;
        int found = 0;

        if (only_operands || a[0] != '-' || strcmp(a, "-") == 0) {
            o->args[o->nargs++] = argv[i];
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_operands = 1;
            continue;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
            return 1;
        if (!option_listed(a, bit)) {
            fprintf(stderr, "%s: %s: unknown option '%s'\n", PROG, argv[0], a);
            return -1;
        }
        for (k = 0; k < sizeof flag_options / sizeof flag_options[0]; k++) {
            if (strcmp(a, flag_options[k].name) == 0 &&
                (flag_options[k].allowed & allowed)) {
                o->flags |= flag_options[k].flag;
                found = 1;
                break;
            }
        }
        if (found)
            continue;
        if ((allowed & (OPT_GEN | OPT_GEN_OUT | OPT_PEER)) &&
            (found = gen_option(a, allowed, argc, argv, &i, o)) != 0) {
            if (found < 0)
                return -1;
            continue;
        }
        if ((allowed & OPT_FUZZUAS) && (found = fuzzuas_option(a, argc, argv, &i, o)) != 0) {
            if (found < 0)
                return -1;
            continue;
        }
        if ((allowed & OPT_LISTEN) && (found = listen_option(a, argc, argv, &i, o)) != 0) {
            if (found < 0)
                return -1;
            continue;
        }
        if ((allowed & OPT_CAPTURE) && (found = live_option(a, argc, argv, &i, o)) != 0) {
            if (found < 0)
                return -1;
            continue;
        }
        if ((allowed & OPT_OUTPUT) &&
            (strcmp(a, "-W") == 0 || strcmp(a, "--notes") == 0)) {
            o->notes = 1;
        } else if ((allowed & OPT_OUTPUT) && strcmp(a, "--quiet") == 0) {
            o->quiet = 1;
        } else if ((allowed & OPT_JSON) && strcmp(a, "--json") == 0) {
            o->json = 1;
            o->out = OUT_JSON;
        } else if ((allowed & (OPT_REPORT | OPT_COLOR)) &&
                   (found = report_option(a, allowed, argc, argv, &i, o, &color)) != 0) {
            if (found < 0)
                return -1;
        } else if ((allowed & OPT_ESCAPE) && strcmp(a, "--escape") == 0) {
            o->escape = 1;
        } else if ((allowed & (OPT_CAPTURE | OPT_LISTEN)) && strcmp(a, "--summary") == 0) {
            o->summary = 1;
        } else if ((allowed & OPT_CAPTURE) && strcmp(a, "--show-skipped") == 0) {
            o->show_skipped = 1;
        } else if ((allowed & (OPT_CAPTURE | OPT_LISTEN)) &&
                   (found = capture_option(a, argc, argv, &i, o)) != 0) {
            if (found < 0)
                return -1;
        } else {
            fprintf(stderr, "%s: %s: unknown option '%s'\n", PROG, argv[0], a);
            return -1;
        }
    }
    /* colour for text on a terminal; listen --output's file is no terminal */
    o->color = o->out == OUT_TEXT && (allowed & OPT_COLOR) &&
               !(o->output != NULL && strcmp(color, "auto") == 0) &&
               color_wanted(color, stdout) == 1;
    return 0;
}

struct command {
    const char *name;
    unsigned allowed; /* OPT_*: which option parsers run */
    unsigned bit;     /* C_*: its lines in help_options */
    const struct command_help *help;
    int (*run)(struct opts *o);
};

static const struct command commands[] = {
    {"check", OPT_PARSE | OPT_OUTPUT | OPT_JSON | OPT_CAPTURE | OPT_REPORT | OPT_COLOR, C_CHECK,
     &help_check, cmd_check},
    {"listen", OPT_PARSE | OPT_OUTPUT | OPT_JSON | OPT_LISTEN | OPT_COLOR, C_LISTEN, &help_listen,
     cmd_listen},
    {"explain", OPT_PARSE | OPT_OUTPUT | OPT_JSON, C_EXPLAIN, &help_explain, cmd_explain},
    {"format", OPT_ESCAPE | OPT_STRICT_UTF8, C_FORMAT, &help_format, cmd_format},
    {"codes", OPT_JSON, C_CODES, &help_codes, cmd_codes},
    {"gen", OPT_PARSE | OPT_GEN | OPT_GEN_OUT, C_GEN, &help_gen, cmd_gen},
    {"diff", OPT_PARSE | OPT_GEN | OPT_PEER | OPT_JSON, C_DIFF, &help_diff, cmd_diff},
    {"fuzz-uas", OPT_PARSE | OPT_GEN | OPT_FUZZUAS, C_FUZZUAS, &help_fuzzuas, cmd_fuzzuas},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

void usage(FILE *out)
{
    size_t k;

    for (k = 0; k < NCOMMANDS; k++)
        put_synopsis(out, k ? "       " : "Usage: ", commands[k].help->synopsis);
    fprintf(out, "       %s --help | --version\n\n"
            "Parse, validate and emit SIP response Status-Lines (RFC 3261 section 25.1).\n\n"
            "Commands:\n", PROG);
    for (k = 0; k < NCOMMANDS; k++)
        fprintf(out, "  %-10s %s\n", commands[k].name, commands[k].help->line);
    fprintf(out, "\nGlobal options:\n"
            "  -h, --help             this overview\n"
            "  --version              print %s and the library version\n\n"
            "'%s COMMAND --help' lists the options of COMMAND.\n\n", PROG, PROG);
    fputs(exit_text, out);
}

int main(int argc, char **argv)
{
    size_t k;

    if (argc < 2) {
        usage_error("%s", "no command given");
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return finish_output(EXIT_VALID);
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("%s %s\n", PROG, sipstatus_version());
        return finish_output(EXIT_VALID);
    }
    for (k = 0; k < NCOMMANDS; k++) {
        struct opts o;
        int r, status;

        if (strcmp(argv[1], commands[k].name) != 0)
            continue;
        usage_cmd = commands[k].name;
        r = parse_opts(argc - 1, argv + 1, commands[k].allowed, commands[k].bit, &o);
        if (r == 1) {
            free(o.args);
            command_usage(stdout, commands[k].bit, commands[k].help);
            return finish_output(EXIT_VALID);
        }
        if (r < 0) {
            free(o.args);
            usage_hint();
            return EXIT_USAGE;
        }
        status = commands[k].run(&o);
        free(o.args);
        return finish_output(status);
    }
    if (argv[1][0] == '-')
        usage_error("unknown option '%s'", argv[1]);
    else
        usage_error("unknown command '%s'", argv[1]);
    return EXIT_USAGE;
}
