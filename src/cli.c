/* SPDX-License-Identifier: MIT */
/* cli.c - the sipstatus command-line tool: main, usage, options.
 *
 * Subcommands live in cli_check.c (check) and cli_cmds.c (explain,
 * format, codes); shared helpers in cli_util.c. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "sipstatus.h"

static const char usage_text[] =
"Usage: sipstatus check [OPTIONS] [FILE...]\n"
"       sipstatus explain [OPTIONS] LINE\n"
"       sipstatus format [--escape] [--strict-utf8] CODE [REASON]\n"
"       sipstatus codes [--json]\n"
"       sipstatus gen [OPTIONS] [--format lines|tsv|jsonl] [--dir PATH]\n"
"       sipstatus diff [OPTIONS] --peer PLUGIN.so | --cmd COMMAND\n"
"       sipstatus --help | --version\n"
"\n"
"Parse, validate and emit SIP response Status-Lines (RFC 3261 section 25.1).\n"
"\n"
"Commands:\n"
"  check     Check each FILE (standard input when there is no FILE or\n"
"            FILE is '-').  A pcap or pcapng capture or a file of HEP v3\n"
"            packets (known by its first bytes) has the status line of\n"
"            every SIP response in it checked: UDP and TCP over IPv4 and\n"
"            IPv6, HEP on the HEP port.  Each invalid one gives\n"
"            FILE:#FRAME TIME TRANSPORT SRC > DST: error: MESSAGE (KIND)\n"
"            at byte N, then the line escaped and a '^' under the byte.\n"
"            Any other file is lines: each line is one Status-Line, checked\n"
"            as if it ended in CRLF; each invalid one gives\n"
"            FILE:LINE:COL: error: MESSAGE (KIND), the line and a '^'.\n"
"            A summary goes to standard error.\n"
"  explain   Parse LINE and describe every field, or the error.  LINE may\n"
"            use the escapes \\r \\n \\t \\\\ and \\xNN (two hex digits) to\n"
"            give any byte; CRLF is appended unless LINE ends in LF.\n"
"  format    Print \"SIP/2.0 CODE REASON\" and CRLF.  Without REASON, the\n"
"            registered phrase of CODE (empty when unregistered).\n"
"  codes     List the IANA registry of response codes:\n"
"            code, phrase, reference and 'deprecated' when so marked.\n"
"  gen       Write --count generated Status-Lines (valid, invalid or both),\n"
"            each labelled with sipstatus_parse's verdict under the parse\n"
"            options.  A summary and every case where the parser's verdict\n"
"            differs from the one meant go to standard error.\n"
"  diff      Run generated lines through another parser (a plugin that\n"
"            exports sipstatus_peer_parse, or a command that reads the line\n"
"            on standard input and exits 0 to accept) and print every\n"
"            disagreement, grouped, with the shortest example of each.\n"
"\n"
"Parse options (check, explain, gen, diff):\n"
"  --lenient          all of --lenient-lf --lenient-space --lenient-reason\n"
"  --lenient-lf       a bare LF may end the line (check removes the line's\n"
"                     own LF or CRLF, so this matters to explain only)\n"
"  --lenient-space    runs of SP/HTAB as separators, and none before an\n"
"                     empty reason\n"
"  --lenient-reason   any HTAB, 0x20-0x7E or 0x80-0xFF byte in the reason\n"
"  --strict-utf8      reason bytes >= 0x80 must be RFC 3629 UTF-8\n"
"  --registered-only  the code must be in the IANA registry\n"
"  --skip-crlf        CRLFs (bare LFs with --lenient-lf) before the line are\n"
"                     skipped, as between messages (RFC 3261 section 7.5)\n"
"  --any-code         any three digits as the code (extension-code), not only\n"
"                     100-699; note CLASS outside them\n"
"Output options (check, explain):\n"
"  -W, --notes        check: also print the notes of valid lines as\n"
"                     FILE:LINE: note: TEXT (NAME); explain always does\n"
"  --json             one JSON object per line (check: every line)\n"
"  --quiet            check: no summary; explain: no output, exit status only\n"
"  --summary          check: the summary on standard output\n"
"Capture options (check):\n"
"  --port N           UDP/TCP port N carries SIP too (5060 and 5061 always)\n"
"  --hep-port N       UDP/TCP port of HEP packets (9060; 0 for none)\n"
"  --max-memory N     the decoder's memory budget in bytes, K, M or G (64M);\n"
"                     when full, the least recently active stream goes\n"
"  --max-line N       text mode: a line still valid after N bytes (1M) is\n"
"                     not checked further (a warning)\n"
"  --show-skipped     print each packet or message not checked, and why\n"
"Format options:\n"
"  --escape           write the bytes a Reason-Phrase cannot carry as %XX\n"
"  --strict-utf8      the reason must be RFC 3629 UTF-8\n";

/* Split in two: C11 compilers need only take 4095-byte strings. */
static const char usage_text2[] =
"Live options (check -i; sipstatus check [OPTIONS] -i IFACE [-i IFACE...]):\n"
"  -i IFACE           capture on IFACE through libpcap ('any': all of them)\n"
"  --filter BPF       the capture filter (the SIP and HEP ports, fragments)\n"
"  --duration S       stop after S seconds (also listen)\n"
"  --packets N        stop after N packets; SIGINT/SIGTERM stop too\n"
"Listen options (sipstatus listen [OPTIONS]: a HEP collector that checks):\n"
"  --hep ADDR:PORT    HEP v2/v3 over UDP and TCP here (127.0.0.1:9060)\n"
"  --metrics ADDR:PORT  Prometheus text at http://ADDR:PORT/metrics\n"
"  --hep-password KEY drop packets without this HEP v3 auth key (chunk 14)\n"
"  --allow CIDR       only senders in CIDR (repeatable; default: any)\n"
"  --max-connections N  TCP connections at once (1024)\n"
"  --output FILE      findings appended to FILE, reopened on SIGHUP\n"
"Gen and diff options:\n"
"  --seed N           the PRNG seed (0); a seed always gives the same lines\n"
"  --count N          how many lines (1000)\n"
"  --valid, --invalid, --mix   which lines (--mix: alternately)\n"
"  --format F         gen: lines (raw bytes, as generated), tsv or jsonl\n"
"  --dir PATH         gen: also one file per line in PATH, and a dictionary\n"
"  --message          gen: each line in a whole response (headers, an SDP\n"
"                     body on every other one), on stdout and in --dir with\n"
"                     PATH/labels.tsv; the summary still judges the lines\n"
"  --peer PLUGIN.so   diff: dlopen PLUGIN.so, call sipstatus_peer_parse\n"
"  --cmd COMMAND      diff: run sh -c COMMAND with the line on stdin\n"
"Codes options:\n"
"  --json             print the registry as a JSON array\n"
"\n"
"Options may come before or after operands; '--' ends the options.\n"
"\n"
"Exit status: 0 every line valid (or success); 1 an invalid line, code\n"
"or reason (gen: a line the parser labels other than meant; diff: a\n"
"disagreement); 2 a usage error or a file that could not be read to its end.\n";

/* fuzz-uas (cli_fuzzuas.c): one block, for the per-command help. */
static const char usage_fuzzuas[] =
"\n"
"sipstatus fuzz-uas [--listen ADDR:PORT] [--udp|--tcp] [PARSE OPTIONS] [--seed N]\n"
"         [--count N] [--valid|--invalid|--mix] [--family NAME]...\n"
"         [--probe-interval MS] [--probe-cmd CMD] [--crashes DIR] [--log FILE]\n"
"  A UAS that answers each SIP request with a response whose Status-Line\n"
"  comes from the generator (as gen writes them; the parse options choose\n"
"  the families and label the lines) and whose headers are built from the\n"
"  request.  An INVITE gets a final after a provisional; ACK is absorbed;\n"
"  CANCEL gets 200 and its INVITE 487.  Stops after --count responses (0:\n"
"  never) or on SIGINT/SIGTERM.\n"
"  --listen ADDR:PORT  where to answer (127.0.0.1:5060)\n"
"  --udp, --tcp        the transport (UDP)\n"
"  --family NAME       only lines of this generator family (repeatable)\n"
"  --probe-interval MS an OPTIONS probe to the last peer every MS; three\n"
"                      unanswered in a row: the target is hung or dead\n"
"  --probe-cmd CMD     run sh -c CMD instead (every 1000 ms unless told);\n"
"                      exit status 0 is an answer\n"
"  --crashes DIR       on hung or dead, the last 16 lines sent into DIR\n"
"  --log FILE          one JSON object per response sent\n"
"  Exit status 1: the target was reported hung or dead.\n";

void usage(FILE *out)
{
    fputs(usage_text, out);
    fputs(usage_text2, out);
    fputs(usage_fuzzuas, out);
}

void usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", PROG);
    fprintf(stderr, fmt, arg);
    fputs("\n", stderr);
    usage(stderr);
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
    }
    return 0;
}

/* Parse the options and operands of a subcommand (argv[0] is its name).
 * Returns 0 on success, 1 when --help was given, -1 on a usage error
 * (already reported). */
static int parse_opts(int argc, char **argv, unsigned allowed, struct opts *o)
{
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
        } else if ((allowed & OPT_ESCAPE) && strcmp(a, "--escape") == 0) {
            o->escape = 1;
        } else if ((allowed & OPT_CAPTURE) && strcmp(a, "--summary") == 0) {
            o->summary = 1;
        } else if ((allowed & OPT_CAPTURE) && strcmp(a, "--show-skipped") == 0) {
            o->show_skipped = 1;
        } else if ((allowed & (OPT_CAPTURE | OPT_LISTEN)) &&
                   (found = capture_option(a, argc, argv, &i, o)) != 0) {
            if (found < 0)
                return -1;
        } else {
            fprintf(stderr, "%s: %s: unknown option '%s'\n", PROG, argv[0], a);
            usage(stderr);
            return -1;
        }
    }
    return 0;
}

struct command {
    const char *name;
    unsigned allowed;
    int (*run)(struct opts *o);
};

static const struct command commands[] = {
    {"check", OPT_PARSE | OPT_OUTPUT | OPT_JSON | OPT_CAPTURE, cmd_check},
    {"listen", OPT_PARSE | OPT_OUTPUT | OPT_JSON | OPT_LISTEN, cmd_listen},
    {"explain", OPT_PARSE | OPT_OUTPUT | OPT_JSON, cmd_explain},
    {"format", OPT_ESCAPE | OPT_STRICT_UTF8, cmd_format},
    {"codes", OPT_JSON, cmd_codes},
    {"gen", OPT_PARSE | OPT_GEN | OPT_GEN_OUT, cmd_gen},
    {"diff", OPT_PARSE | OPT_GEN | OPT_PEER, cmd_diff},
    {"fuzz-uas", OPT_PARSE | OPT_GEN | OPT_FUZZUAS, cmd_fuzzuas},
};

int main(int argc, char **argv)
{
    size_t k;

    if (argc < 2) {
        fprintf(stderr, "%s: no command given\n", PROG);
        usage(stderr);
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
    for (k = 0; k < sizeof commands / sizeof commands[0]; k++) {
        struct opts o;
        int r, status;

        if (strcmp(argv[1], commands[k].name) != 0)
            continue;
        r = parse_opts(argc - 1, argv + 1, commands[k].allowed, &o);
        if (r == 1) {
            free(o.args);
            usage(stdout);
            return finish_output(EXIT_VALID);
        }
        if (r < 0) {
            free(o.args);
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
