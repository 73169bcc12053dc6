/* SPDX-License-Identifier: MIT */
/* cli_diff.c - `sipstatus diff`: each input through sipstatus and a peer; every disagreement classed, with the rule that decides it. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "../peers/message.h"
#include "cli_peer.h"
#include "gen.h"
#include "sipstatus.h"

/* The kinds of finding, most serious first: the order of the summary, the
 * groups and the JSON's "kind". */
#define FINDING_MAP(X) \
    X(CORRUPT, "message-corrupting") \
    X(HANG, "peer-hang") \
    X(DIED, "peer-died") \
    X(GARBAGE, "peer-garbage") \
    X(MISREAD, "misread") \
    X(ACCEPTS_INVALID, "accepts-invalid") \
    X(REJECTS_VALID, "rejects-valid")

#define FINDING_ENUM(name, text) F_##name,
enum finding { FINDING_MAP(FINDING_ENUM) F_COUNT };
#undef FINDING_ENUM
#define FINDING_TEXT(name, text) text,
static const char *const finding_names[F_COUNT] = {FINDING_MAP(FINDING_TEXT)};
#undef FINDING_TEXT

/* The message given to both parsers: the line, then a minimal response's
 * headers (peers/message.h), then a NUL that is not part of it. */
#define MSG_MAX (GEN_MAX + sizeof PEER_HEADERS)

/* What decides one disagreement. */
struct finding_rec {
    enum finding kind;
    const char *rule;  /* an ABNF rule of RFC 3261 §25.1, or the document */
    char detail[256];  /* in words, for the user */
};

/* The rule a line sipstatus rejects breaks, from the error kind and
 * offset, with the public API only: E_CODE on three digits is a §21
 * class when the same line passes the code with SIPSTATUS_ANY_CODE;
 * E_UTF8 under --strict-utf8 is RFC 3629 when the line passes that byte
 * without it. */
static const char *rule_rejected(const char *m, size_t len, unsigned flags, int rc,
                                 const struct sipstatus_line *l, char *detail, size_t n)
{
    struct sipstatus_line l2;
    int rc2;
    size_t at = l->error_offset;
    unsigned byte = at < len ? (unsigned char)m[at] : 0;

    switch (rc) {
    case SIPSTATUS_E_VERSION:
        snprintf(detail, n, "SIP-Version broken at byte %zu", at);
        return "SIP-Version";
    case SIPSTATUS_E_SPACE:
        snprintf(detail, n, "not exactly one SP at byte %zu", at);
        return "SP";
    case SIPSTATUS_E_CODE:
        rc2 = sipstatus_parse(m, len, flags | SIPSTATUS_ANY_CODE, &l2);
        if (rc2 != SIPSTATUS_E_CODE || l2.error_offset != at) {
            snprintf(detail, n, "code %03u is outside the classes 100-699", l2.code);
            return "RFC 3261 §21";
        }
        snprintf(detail, n, "Status-Code is not 3DIGIT at byte %zu", at);
        return "Status-Code";
    case SIPSTATUS_E_REASON:
        snprintf(detail, n, "byte 0x%02x at %zu is not allowed in Reason-Phrase", byte, at);
        return "Reason-Phrase";
    case SIPSTATUS_E_ESCAPE:
        snprintf(detail, n, "'%%' not followed by two HEXDIG at byte %zu", at);
        return "escaped";
    case SIPSTATUS_E_UTF8:
        if (flags & SIPSTATUS_STRICT_UTF8) {
            rc2 = sipstatus_parse(m, len, flags & ~SIPSTATUS_STRICT_UTF8, &l2);
            if (rc2 != SIPSTATUS_E_UTF8 || l2.error_offset != at) {
                snprintf(detail, n, "byte 0x%02x at %zu: not RFC 3629 UTF-8 "
                                    "(the ABNF's UTF8-NONASCII allows it)", byte, at);
                return "RFC 3629";
            }
        }
        snprintf(detail, n, "byte 0x%02x at %zu breaks UTF8-NONASCII", byte, at);
        return "UTF8-NONASCII";
    case SIPSTATUS_E_EOL:
        snprintf(detail, n, "the line does not end in CRLF (byte %zu)", at);
        return "CRLF";
    case SIPSTATUS_E_UNREGISTERED:
        snprintf(detail, n, "code %03u is not in the IANA registry (--registered-only)", l->code);
        return "IANA registry";
    case SIPSTATUS_INCOMPLETE:
        snprintf(detail, n, "the line has no end");
        return "CRLF";
    default:
        snprintf(detail, n, "%s", sipstatus_errname(rc));
        return sipstatus_errname(rc);
    }
}

/* The rule that makes a line sipstatus accepts valid, by its notes. */
static const char *rule_accepted(const struct sipstatus_line *l, char *detail, size_t n)
{
    static const struct {
        unsigned note;
        const char *rule, *why;
    } by_note[] = {
        {SIPSTATUS_NOTE_CLASS, "extension-code", "any 3DIGIT is an extension-code"},
        {SIPSTATUS_NOTE_UNREGISTERED, "extension-code", "an unregistered code is an extension-code"},
        {SIPSTATUS_NOTE_VERSION, "SIP-Version", "SIP-Version is \"SIP/\" 1*DIGIT \".\" 1*DIGIT"},
        {SIPSTATUS_NOTE_CASE, "SIP-Version", "the literal \"SIP\" is case-insensitive (RFC 5234)"},
        {SIPSTATUS_NOTE_UTF8, "UTF8-NONASCII", "the ABNF's UTF8-NONASCII allows these bytes"},
        {SIPSTATUS_NOTE_BARE_LF, "CRLF", "a bare LF, accepted by a lenient option"},
        {SIPSTATUS_NOTE_WHITESPACE, "SP", "separators other than one SP, by a lenient option"},
        {SIPSTATUS_NOTE_REASON_CHARS, "Reason-Phrase", "reason bytes taken by a lenient option"},
    };
    size_t k;

    for (k = 0; k < sizeof by_note / sizeof by_note[0]; k++) {
        if (l->notes & by_note[k].note) {
            snprintf(detail, n, "%s", by_note[k].why);
            return by_note[k].rule;
        }
    }
    snprintf(detail, n, "a valid Status-Line");
    return "Status-Line";
}

/* Whether s[0..n) occurs in h[0..hn). */
static int contains(const char *h, size_t hn, const char *s, size_t n)
{
    size_t i;

    if (n == 0)
        return 1;
    for (i = 0; i + n <= hn; i++)
        if (h[i] == s[0] && memcmp(h + i, s, n) == 0)
            return 1;
    return 0;
}

/* Whether s[0..n), a reason given as bytes, is where a parser that ran
 * past the line end at line_end would have found it: starting across
 * line_end or in the line after it (the next header, or what follows a
 * bare LF).  Only there, so that a reason the peer decoded ("%4E" as "N")
 * is not taken for a letter of a later header (the CSeq's INVITE). */
static int runs_past(const char *m, size_t len, size_t line_end, const char *s, size_t n)
{
    size_t p = line_end >= n ? line_end - n + 1 : 0;

    for (; p + n <= len; p++) {
        if (memcmp(m + p, s, n) == 0)
            return 1;
        if (p >= line_end && m[p] == '\n')
            break;
    }
    return 0;
}

/* Digits compared as numbers of any length ("005" is "5"). */
static int same_number(const char *a, const char *b)
{
    while (*a == '0' && a[1] != '\0')
        a++;
    while (*b == '0' && b[1] != '\0')
        b++;
    return strcmp(a, b) == 0;
}

/* Classes one answer of the peer on m[0..len): 1 and *f filled for a
 * finding, 0 for agreement.  line_end is status_line_end()'s.  The checks
 * go from the most serious kind down, so a line gets the worst that
 * applies. */
static int classify(const char *m, size_t len, size_t line_end, unsigned flags, int rc,
                    const struct sipstatus_line *l, const struct peer_answer *a,
                    struct finding_rec *f)
{
    size_t n = sizeof f->detail;

    f->detail[0] = '\0';
    if (a->status != PEER_ANSWERED) {
        f->kind = a->status == PEER_HANG ? F_HANG : a->status == PEER_DIED ? F_DIED : F_GARBAGE;
        f->rule = "protocol";
        snprintf(f->detail, n, "%s", a->text);
        return 1;
    }
    if (a->accept) {
        /* message-corrupting: the peer's line is not the line */
        f->kind = F_CORRUPT;
        f->rule = "CRLF";
        if (a->consumed != (size_t)-1 && a->consumed != line_end) {
            snprintf(f->detail, n, "consumed %zu bytes; the status line is %zu", a->consumed,
                     line_end);
            return 1;
        }
        if (a->lost_header) {
            snprintf(f->detail, n, "a header of the message is missing from the peer's parse: "
                                   "its status line took it, or it dropped it");
            return 1;
        }
        if (a->has_reason && memchr(a->reason, '\n', a->reason_len) != NULL) {
            snprintf(f->detail, n, "the reason holds an LF: it runs into the next line");
            return 1;
        }
        if (a->has_reason && a->reason_len > 0 &&
            (a->reason_off != (size_t)-1 ? a->reason_off + a->reason_len > line_end
                                         : !contains(m, line_end, a->reason, a->reason_len) &&
                                               runs_past(m, len, line_end, a->reason, a->reason_len))) {
            snprintf(f->detail, n, "the reason holds bytes past the end of the status line "
                                   "(byte %zu): the next header", line_end);
            return 1;
        }
        /* (a code given as a number has no place to hold against the line) */
        if (a->has_code && a->code_off != (size_t)-1 && a->code_off + a->code_len > line_end) {
            snprintf(f->detail, n, "the code's digits are past the end of the status line");
            return 1;
        }
    }
    if (a->accept && rc == SIPSTATUS_OK) {
        char ours[16];
        f->kind = F_MISREAD;
        snprintf(ours, sizeof ours, "%u", l->code);
        if (a->has_code && (a->code_cut || a->code_overflow || !same_number(a->code, ours))) {
            f->rule = "Status-Code";
            snprintf(f->detail, n, "code %s%s, ours %03u", a->code,
                     a->code_cut ? "..." : a->code_overflow ? " (overflowed)" : "", l->code);
            return 1;
        }
        if (a->has_reason && (a->reason_len != l->reason_len || a->reason_cut ||
                              memcmp(a->reason, l->reason, a->reason_len) != 0)) {
            f->rule = "Reason-Phrase";
            snprintf(f->detail, n, "a reason of %zu bytes%s, ours %zu", a->reason_len,
                     a->reason_cut ? " (cut)" : "", l->reason_len);
            return 1;
        }
        if ((a->major >= 0 && (unsigned long)a->major != l->major) ||
            (a->minor >= 0 && (unsigned long)a->minor != l->minor)) {
            f->rule = "SIP-Version";
            snprintf(f->detail, n, "version %ld.%ld, ours %u.%u", a->major, a->minor, l->major,
                     l->minor);
            return 1;
        }
        return 0;
    }
    if (a->accept) {
        f->kind = F_ACCEPTS_INVALID;
        f->rule = rule_rejected(m, len, flags, rc, l, f->detail, n);
        return 1;
    }
    if (rc == SIPSTATUS_OK) {
        f->kind = F_REJECTS_VALID;
        f->rule = rule_accepted(l, f->detail, n);
        return 1;
    }
    return 0;
}

/* Where the status line of msg[0..len) ends: our line's end when we take
 * it; else the end of the line read as leniently as sipstatus can (bare
 * LFs before and at its end, any code); else after its first LF (leading
 * CRs and LFs passed over).  A peer that takes more took the next header. */
static size_t status_line_end(const char *msg, size_t len, unsigned flags, int rc,
                              const struct sipstatus_line *l)
{
    struct sipstatus_line l2;
    size_t i = 0;
    const char *lf;

    if (rc == SIPSTATUS_OK)
        return l->length;
    if (sipstatus_parse(msg, len, flags | SIPSTATUS_LENIENT | SIPSTATUS_SKIP_CRLF | SIPSTATUS_ANY_CODE,
                        &l2) == SIPSTATUS_OK)
        return l2.length;
    while (i < len && (msg[i] == '\r' || msg[i] == '\n'))
        i++;
    lf = memchr(msg + i, '\n', len - i);
    return lf != NULL ? (size_t)(lf - msg) + 1 : len;
}

/* One group of findings: a kind, a rule, a family. */
struct group {
    enum finding kind;
    const char *rule;
    const char *family;
    size_t count;
    char example[GEN_MAX]; /* the shortest line */
    size_t example_len;
    int rc;                /* our verdict on it */
    struct sipstatus_line l;
    struct peer_answer a;
    char detail[256];
    char repro[64];        /* its reproducer's name, or "" */
};

static int group_cmp(const void *x, const void *y)
{
    const struct group *a = x, *b = y;
    int t;

    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    if ((t = strcmp(a->rule, b->rule)) != 0)
        return t;
    return strcmp(a->family, b->family);
}

struct diff_run {
    const struct opts *o;
    struct peer *peer;
    struct group *gs;
    size_t ngroups;
    size_t per_kind[F_COUNT];
    size_t disagree, repros;
    const char *crashes;
    int crashes_made;
    char *path;
    size_t pathcap;
};

/* Saves msg as DIR/NNNNNN-KIND; its name in name.  0, or -1 (reported). */
static int save_repro(struct diff_run *r, size_t i, enum finding kind, const char *msg, size_t len,
                      char *name, size_t n)
{
    FILE *f;

    if (!r->crashes_made) {
        if (mkdir(r->crashes, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "%s: diff: %s: %s\n", PROG, r->crashes, strerror(errno));
            return -1;
        }
        r->crashes_made = 1;
    }
    snprintf(name, n, "%06zu-%s", i + 1, finding_names[kind]);
    snprintf(r->path, r->pathcap, "%s/%s", r->crashes, name);
    f = fopen(r->path, "wb");
    if (f == NULL || fwrite(msg, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "%s: diff: %s: %s\n", PROG, r->path, strerror(errno));
        if (f != NULL)
            fclose(f);
        return -1;
    }
    r->repros++;
    return 0;
}

static void put_peer(FILE *out, const struct peer_answer *a)
{
    if (a->status != PEER_ANSWERED) {
        fprintf(out, "%s (%s)", a->status == PEER_HANG ? "hangs" :
                                a->status == PEER_DIED ? "dies" : "answers garbage", a->text);
        return;
    }
    if (!a->accept) {
        fputs("rejects", out);
        if (a->text[0] != '\0')
            fprintf(out, " (%s)", a->text);
        return;
    }
    fputs("accepts", out);
    if (a->has_code)
        fprintf(out, ", code %s%s%s", a->code, a->code_cut ? "..." : "",
                a->code_overflow ? " (overflowed)" : "");
    if (a->has_reason) {
        fputs(", reason '", out);
        put_escaped(out, a->reason, a->reason_len);
        fprintf(out, "'%s", a->reason_cut ? "..." : "");
    }
    if (a->consumed != (size_t)-1)
        fprintf(out, ", consumed %zu", a->consumed);
    if (a->lost_header)
        fputs(", lost the Via header", out);
}

static void put_json_peer(FILE *out, const struct peer_answer *a)
{
    static const char *const st[] = {"answered", "hang", "died", "garbage"};

    fprintf(out, "{\"status\": \"%s\", \"accept\": %s, \"code\": ", st[a->status],
            a->status == PEER_ANSWERED && a->accept ? "true" : "false");
    if (a->has_code)
        fprintf(out, "\"%s%s\"", a->code, a->code_cut ? "..." : "");
    else
        fputs("null", out);
    fprintf(out, ", \"code_overflow\": %s, \"reason\": ", a->code_overflow ? "true" : "false");
    if (a->has_reason)
        put_json_string(out, a->reason, a->reason_len);
    else
        fputs("null", out);
    fputs(", \"consumed\": ", out);
    if (a->consumed != (size_t)-1)
        fprintf(out, "%zu", a->consumed);
    else
        fputs("null", out);
    fprintf(out, ", \"lost_header\": %s, \"text\": ", a->lost_header ? "true" : "false");
    put_json_string(out, a->text, strlen(a->text));
    fputs("}", out);
}

static void put_json_finding(const struct diff_run *r, size_t i, const struct gen_case *c, int rc,
                             const struct sipstatus_line *l, const struct peer_answer *a,
                             const struct finding_rec *f, const char *repro)
{
    printf("{\"n\": %zu, \"kind\": \"%s\", \"rule\": ", i + 1, finding_names[f->kind]);
    put_json_string(stdout, f->rule, strlen(f->rule));
    printf(", \"detail\": ");
    put_json_string(stdout, f->detail, strlen(f->detail));
    printf(", \"family\": \"%s\", \"input\": ", c->family);
    put_json_string(stdout, c->buf, c->len);
    printf(", \"ours\": {\"result\": \"%s\", ", sipstatus_errname(rc));
    if (rc == SIPSTATUS_OK) {
        printf("\"error_offset\": null, \"code\": %u, \"reason\": ", l->code);
        put_json_string(stdout, l->reason, l->reason_len);
        printf(", \"length\": %zu}", l->length);
    } else {
        printf("\"error_offset\": %zu, \"code\": null, \"reason\": null, \"length\": null}",
               l->error_offset);
    }
    printf(", \"peer\": ");
    put_json_peer(stdout, a);
    printf(", \"reproducer\": ");
    if (repro[0] != '\0') {
        size_t n = strlen(r->crashes) + strlen(repro) + 2;
        char *p = xrealloc(NULL, n);
        snprintf(p, n, "%s/%s", r->crashes, repro);
        put_json_string(stdout, p, strlen(p));
        free(p);
    } else {
        printf("null");
    }
    printf("}\n");
}

static void add(struct diff_run *r, const struct gen_case *c, int rc, const struct sipstatus_line *l,
                const struct peer_answer *a, const struct finding_rec *f, const char *repro)
{
    struct group *g = NULL;
    size_t k;

    for (k = 0; k < r->ngroups && g == NULL; k++)
        if (r->gs[k].kind == f->kind && strcmp(r->gs[k].rule, f->rule) == 0 &&
            strcmp(r->gs[k].family, c->family) == 0)
            g = &r->gs[k];
    if (g == NULL) {
        r->gs = xrealloc(r->gs, sizeof *r->gs * (r->ngroups + 1));
        g = &r->gs[r->ngroups++];
        g->kind = f->kind;
        g->rule = f->rule;
        g->family = c->family;
        g->count = 0;
        g->example_len = SIZE_MAX;
    }
    g->count++;
    if (c->len < g->example_len) {
        memcpy(g->example, c->buf, c->len);
        g->example_len = c->len;
        g->rc = rc;
        g->l = *l;
        g->a = *a;
        snprintf(g->detail, sizeof g->detail, "%s", f->detail);
        snprintf(g->repro, sizeof g->repro, "%s", repro);
    }
}

static void put_groups(const struct diff_run *r)
{
    size_t k;

    for (k = 0; k < r->ngroups; k++) {
        const struct group *g = &r->gs[k];
        printf("%s %s %s: %zu\n  ", finding_names[g->kind], g->rule, g->family, g->count);
        put_escaped(stdout, g->example, g->example_len);
        printf("\n  why: %s\n  ours: %s", g->detail, sipstatus_errname(g->rc));
        if (g->rc < 0)
            printf(" at %zu", g->l.error_offset);
        else
            printf(", code %u", g->l.code);
        printf("; peer: ");
        put_peer(stdout, &g->a);
        printf("\n");
        if (g->repro[0] != '\0')
            printf("  reproducer: %s/%s\n", r->crashes, g->repro);
    }
}

/* For each kind found, its findings by rule, in the groups' order (they
 * are sorted by kind, then rule): "KIND by rule: RULE N, RULE N". */
static void put_rules(const struct diff_run *r)
{
    size_t k = 0;

    while (k < r->ngroups) {
        enum finding kind = r->gs[k].kind;
        fprintf(stderr, "%s: diff: %s by rule:", PROG, finding_names[kind]);
        while (k < r->ngroups && r->gs[k].kind == kind) {
            const char *rule = r->gs[k].rule;
            size_t n = 0;
            for (; k < r->ngroups && r->gs[k].kind == kind && strcmp(r->gs[k].rule, rule) == 0; k++)
                n += r->gs[k].count;
            fprintf(stderr, " %s %zu%s", rule, n,
                    k < r->ngroups && r->gs[k].kind == kind ? "," : "");
        }
        fputc('\n', stderr);
    }
}

/* The next line of --input into c: 1, 0 at the end, -1 on an error
 * (reported). */
static int read_input(FILE *in, const char *name, size_t i, struct gen_case *c)
{
    int ch;

    c->len = 0;
    c->family = "input";
    c->intent = SIPSTATUS_OK;
    c->intent_offset = 0;
    while ((ch = getc(in)) != EOF) {
        if (c->len == sizeof c->buf) {
            fprintf(stderr, "%s: diff: %s:%zu: a line longer than %zu bytes\n", PROG, name,
                    i + 1, sizeof c->buf);
            return -1;
        }
        c->buf[c->len++] = (char)ch;
        if (ch == '\n')
            break;
    }
    if (ferror(in)) {
        fprintf(stderr, "%s: diff: %s: %s\n", PROG, name, strerror(errno));
        return -1;
    }
    return c->len > 0;
}

int cmd_diff(struct opts *o)
{
    struct diff_run r;
    struct gen_rng rng;
    struct gen_case *c;
    struct peer_answer *a;
    char *msg;
    FILE *in = NULL;
    size_t i, k;
    int status = EXIT_VALID;

    if (o->nargs != 0) {
        usage_error("diff: unexpected operand '%s'", o->args[0]);
        return EXIT_USAGE;
    }
    if ((o->peer == NULL) == (o->cmd == NULL)) {
        usage_error("diff: %s", "give exactly one of --peer PLUGIN.so and --cmd COMMAND");
        return EXIT_USAGE;
    }
    memset(&r, 0, sizeof r);
    r.o = o;
    r.crashes = o->crashes != NULL ? o->crashes : "diff-crashes";
    if (o->input != NULL) {
        in = strcmp(o->input, "-") == 0 ? stdin : fopen(o->input, "rb");
        if (in == NULL) {
            fprintf(stderr, "%s: diff: %s: %s\n", PROG, o->input, strerror(errno));
            return EXIT_USAGE;
        }
    }
    r.peer = o->peer != NULL ? peer_open_plugin(o->peer)
                             : peer_open_cmd(o->cmd, o->timeout_ms ? o->timeout_ms : 2000);
    if (r.peer == NULL) {
        if (in != NULL && in != stdin)
            fclose(in);
        return EXIT_USAGE;
    }
    r.pathcap = strlen(r.crashes) + 64;
    r.path = xrealloc(NULL, r.pathcap);
    c = xrealloc(NULL, sizeof *c);
    a = xrealloc(NULL, sizeof *a);
    msg = xrealloc(NULL, MSG_MAX + 1);
    rng.s = o->seed;
    for (i = 0; in != NULL || i < o->count; i++) {
        struct sipstatus_line l;
        struct finding_rec f;
        size_t len, line_end;
        char repro[64] = "";
        int rc;

        if (in != NULL) {
            int got = read_input(in, o->input, i, c);
            if (got < 0)
                status = EXIT_USAGE;
            if (got <= 0)
                break;
        } else {
            make_case(&rng, o, i, c);
        }
        memcpy(msg, c->buf, c->len);
        memcpy(msg + c->len, PEER_HEADERS, sizeof PEER_HEADERS);
        len = c->len + sizeof PEER_HEADERS - 1;
        rc = sipstatus_parse(msg, len, o->flags, &l);
        line_end = status_line_end(msg, len, o->flags, rc, &l);
        if (peer_ask(r.peer, msg, len, a) < 0) {
            status = EXIT_USAGE;
            break;
        }
        if (!classify(msg, len, line_end, o->flags, rc, &l, a, &f))
            continue;
        r.disagree++;
        r.per_kind[f.kind]++;
        if (a->status != PEER_ANSWERED &&
            save_repro(&r, i, f.kind, msg, len, repro, sizeof repro) < 0) {
            status = EXIT_USAGE;
            break;
        }
        if (o->json)
            put_json_finding(&r, i, c, rc, &l, a, &f, repro);
        add(&r, c, rc, &l, a, &f, repro);
    }
    if (r.ngroups > 0)
        qsort(r.gs, r.ngroups, sizeof *r.gs, group_cmp);
    if (!o->json)
        put_groups(&r);
    fprintf(stderr, "%s: diff: %zu lines", PROG, i);
    if (in == NULL)
        fprintf(stderr, " (seed %llu)", o->seed);
    fprintf(stderr, ": %zu agree, %zu disagree:", i - r.disagree, r.disagree);
    for (k = 0; k < F_COUNT; k++)
        fprintf(stderr, "%s %s %zu", k == 0 ? "" : ",", finding_names[k], r.per_kind[k]);
    fputc('\n', stderr);
    put_rules(&r);
    if (r.repros > 0)
        fprintf(stderr, "%s: diff: %zu reproducers in %s/\n", PROG, r.repros, r.crashes);
    peer_close(r.peer);
    if (in != NULL && in != stdin)
        fclose(in);
    free(r.gs);
    free(r.path);
    free(c);
    free(a);
    free(msg);
    if (status == EXIT_VALID && r.disagree > 0)
        status = EXIT_INVALID;
    return status;
}
