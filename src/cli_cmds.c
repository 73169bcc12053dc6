/* SPDX-License-Identifier: MIT */
/* cli_cmds.c - `sipstatus explain`, `format` and `codes`. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sipstatus.h"


static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Interpret \r \n \t \\ \xNN in s into a new buffer with 2 spare bytes.
 * Returns NULL (after reporting) on a bad escape. */
static char *unescape(const char *s, size_t *len)
{
    size_t n = strlen(s), i, j = 0;
    char *out = xrealloc(NULL, n + 3);

    for (i = 0; i < n; i++) {
        int hi, lo;
        if (s[i] != '\\') {
            out[j++] = s[i];
            continue;
        }
        switch (s[i + 1]) {
        case 'r': out[j++] = '\r'; i++; break;
        case 'n': out[j++] = '\n'; i++; break;
        case 't': out[j++] = '\t'; i++; break;
        case '\\': out[j++] = '\\'; i++; break;
        case 'x':
            if ((hi = hexval(s[i + 2])) >= 0 && (lo = hexval(s[i + 3])) >= 0) {
                out[j++] = (char)(hi * 16 + lo);
                i += 3;
                break;
            }
            /* fall through */
        default:
            fprintf(stderr,
                    "%s: explain: bad escape at byte %zu of LINE (use \\r \\n "
                    "\\t \\\\ or \\xNN with two hex digits)\n",
                    PROG, i + 1);
            usage_hint();
            free(out);
            return NULL;
        }
    }
    *len = j;
    return out;
}

/* The labels of explain's text output are padded to this width. */
#define LABEL "%-11s"

static void explain_notes(unsigned notes)
{
    unsigned bit;
    int first = 1;

    for (bit = 1; bit < (1u << SIPSTATUS_NOTE_COUNT); bit <<= 1) {
        const char *nm, *text;
        if (!(notes & bit))
            continue;
        nm = sipstatus_notename(bit);
        text = sipstatus_notetext(bit);
        printf(LABEL "%s: %s\n", first ? "notes:" : "", nm ? nm : "?",
               text ? text : "?");
        first = 0;
    }
    if (first)
        printf(LABEL "none\n", "notes:");
}

static void explain_code(unsigned code)
{
    const struct sipstatus_code *c = sipstatus_lookup(code);

    if (c)
        printf(LABEL "%u \"%s\" (%s%s)\n", "code:", code, c->phrase,
               c->reference, c->deprecated ? ", deprecated" : "");
    else
        printf(LABEL "%u unregistered\n", "code:", code);
    printf(LABEL "%u (how a UAC treats it, RFC 3261 section 8.1.3.2)\n",
           "effective:", sipstatus_effective_code(code));
}

/* The version text "SIP/x.y" of a valid line starting at buf. */
static size_t version_len(const char *buf)
{
    size_t i = 4; /* "SIP/" */
    while (buf[i] >= '0' && buf[i] <= '9')
        i++;
    i++; /* '.' */
    while (buf[i] >= '0' && buf[i] <= '9')
        i++;
    return i;
}

static void explain_text(int rc, const struct sipstatus_line *l,
                         const char *buf, size_t len)
{
    if (rc != SIPSTATUS_OK) {
        size_t off = rc == SIPSTATUS_INCOMPLETE ? len : l->error_offset;
        printf(LABEL "%s: %s\n", "result:", sipstatus_errname(rc),
               sipstatus_strerror(rc));
        printf(LABEL, "input:");
        put_escaped(stdout, buf, len);
        putchar('\n');
        put_caret(stdout, 11, buf, len, off, "");
        printf(LABEL "%zu (column %zu)\n", "offset:", off, off + 1);
        if (rc == SIPSTATUS_E_UNREGISTERED)
            explain_code(l->code);
        return;
    }
    {
        const char *v = buf + l->start;
        size_t vlen = version_len(v);
        int upper = 0, i;
        const char *kase;

        for (i = 0; i < 3; i++)
            upper += v[i] >= 'A' && v[i] <= 'Z';
        kase = upper == 3 ? "upper" : upper == 0 ? "lower" : "mixed";
        printf(LABEL "OK\n", "result:");
        printf(LABEL, "input:");
        put_escaped(stdout, buf, len);
        putchar('\n');
        printf(LABEL, "version:");
        put_escaped(stdout, v, vlen);
        printf(" (major %u, minor %u, \"%.3s\" %s case)\n", l->major,
               l->minor, v, kase);
        explain_code(l->code);
        printf(LABEL "\"", "reason:");
        put_escaped(stdout, l->reason, l->reason_len);
        printf("\" (%zu byte%s)\n", l->reason_len,
               l->reason_len == 1 ? "" : "s");
        printf(LABEL "%zu bytes", "length:", l->length);
        if (l->length < len)
            printf(" (%zu more byte%s after the line not read)",
                   len - l->length, len - l->length == 1 ? "" : "s");
        putchar('\n');
        explain_notes(l->notes);
    }
}

static void json_uint_or_null(const char *key, int ok, unsigned long v)
{
    if (ok)
        printf(", \"%s\": %lu", key, v);
    else
        printf(", \"%s\": null", key);
}

static void explain_json(int rc, const struct sipstatus_line *l,
                         const char *buf, size_t len)
{
    int ok = rc == SIPSTATUS_OK;
    const struct sipstatus_code *c = ok ? sipstatus_lookup(l->code) : NULL;

    printf("{\"input\": ");
    put_json_string(stdout, buf, len);
    printf(", \"result\": \"%s\"", sipstatus_errname(rc));
    json_uint_or_null("error_offset", !ok,
                      rc == SIPSTATUS_INCOMPLETE ? len : l->error_offset);
    printf(", \"version\": ");
    if (ok)
        put_json_string(stdout, buf + l->start, version_len(buf + l->start));
    else
        printf("null");
    json_uint_or_null("major", ok, l->major);
    json_uint_or_null("minor", ok, l->minor);
    json_uint_or_null("code", ok, l->code);
    printf(", \"registered\": %s", ok ? (c ? "true" : "false") : "null");
    printf(", \"phrase\": ");
    if (c)
        put_json_string(stdout, c->phrase, strlen(c->phrase));
    else
        printf("null");
    printf(", \"reference\": ");
    if (c)
        put_json_string(stdout, c->reference, strlen(c->reference));
    else
        printf("null");
    printf(", \"deprecated\": %s",
           c ? (c->deprecated ? "true" : "false") : "null");
    json_uint_or_null("effective_code", ok,
                      ok ? sipstatus_effective_code(l->code) : 0);
    printf(", \"reason\": ");
    if (ok)
        put_json_string(stdout, l->reason, l->reason_len);
    else
        printf("null");
    json_uint_or_null("reason_len", ok, l->reason_len);
    json_uint_or_null("length", ok, l->length);
    printf(", \"notes\": ");
    put_json_notes(stdout, ok ? l->notes : 0);
    printf("}\n");
}

int cmd_explain(struct opts *o)
{
    struct sipstatus_line l;
    char *buf;
    size_t len;
    int rc;

    if (o->nargs != 1) {
        usage_error("explain: %s", o->nargs ? "too many operands (quote LINE)"
                                            : "LINE is missing");
        return EXIT_USAGE;
    }
    buf = unescape(o->args[0], &len);
    if (buf == NULL)
        return EXIT_USAGE;
    if (len == 0 || buf[len - 1] != '\n') {
        buf[len++] = '\r';
        buf[len++] = '\n';
    }
    rc = sipstatus_parse(buf, len, o->flags, &l);
    if (!o->quiet) {
        if (o->json)
            explain_json(rc, &l, buf, len);
        else
            explain_text(rc, &l, buf, len);
    }
    free(buf);
    return rc == SIPSTATUS_OK ? EXIT_VALID : EXIT_INVALID;
}

/* Report why sipstatus_format() rejected reason[0..n), with a caret under
 * the byte sipstatus_parse() fails on when it can be found. */
static void format_reason_error(int rc, const char *reason, size_t n,
                                unsigned flags)
{
    size_t offset;

    fprintf(stderr, "%s: format: invalid reason: %s (%s)\n", PROG,
            sipstatus_strerror(rc), sipstatus_errname(rc));
    /* the grammar's own check says which byte: n when the reason ends
     * inside an escape or a UTF-8 sequence */
    if (sipstatus_reason_check(reason, n, flags & SIPSTATUS_STRICT_UTF8, &offset, NULL) !=
        SIPSTATUS_OK) {
        fputs("  ", stderr);
        put_escaped(stderr, reason, n);
        fputc('\n', stderr);
        put_caret(stderr, 2, reason, n, offset, "");
    }
}

int cmd_format(struct opts *o)
{
    const char *arg, *reason = NULL;
    size_t reason_len = 0;
    unsigned long code;
    unsigned flags;
    char *out;
    int n;

    if (o->nargs < 1 || o->nargs > 2) {
        usage_error("format: %s", o->nargs ? "too many operands (quote REASON)"
                                           : "CODE is missing");
        return EXIT_USAGE;
    }
    arg = o->args[0];
    if (strlen(arg) != 3 || strspn(arg, "0123456789") != 3 ||
        (code = (unsigned long)(arg[0] - '0') * 100 + (unsigned long)(arg[1] - '0') * 10 +
                (unsigned long)(arg[2] - '0')) < 100 ||
        code > 699) {
        fprintf(stderr, "%s: format: invalid code '%s': %s\n", PROG, arg,
                sipstatus_strerror(SIPSTATUS_E_CODE));
        return EXIT_INVALID;
    }
    if (o->nargs == 2) {
        reason = o->args[1];
        reason_len = strlen(reason);
    }
    flags = o->flags | (o->escape ? SIPSTATUS_FMT_ESCAPE : 0u);
    n = sipstatus_format(NULL, 0, (unsigned)code, reason, reason_len, flags);
    if (n == SIPSTATUS_E_CODE) {
        fprintf(stderr, "%s: format: invalid code '%s': %s\n", PROG, arg,
                sipstatus_strerror(n));
        return EXIT_INVALID;
    }
    if (n < 0 && n != SIPSTATUS_E_ARG) {
        format_reason_error(n, reason ? reason : "", reason_len, flags);
        return EXIT_INVALID;
    }
    if (n < 0) {
        fprintf(stderr, "%s: format: %s (%s)\n", PROG, sipstatus_strerror(n),
                sipstatus_errname(n));
        return EXIT_USAGE;
    }
    out = xrealloc(NULL, (size_t)n + 1);
    if (sipstatus_format(out, (size_t)n + 1, (unsigned)code, reason,
                         reason_len, flags) != n) {
        fprintf(stderr, "%s: format: internal error\n", PROG);
        free(out);
        return EXIT_USAGE;
    }
    fwrite(out, 1, (size_t)n, stdout);
    free(out);
    return EXIT_VALID;
}

int cmd_codes(struct opts *o)
{
    size_t count, i;
    const struct sipstatus_code *c = sipstatus_codes(&count);
    int width = 0;

    if (o->nargs != 0) {
        usage_error("codes: unexpected operand '%s'", o->args[0]);
        return EXIT_USAGE;
    }
    if (o->json) {
        printf("[\n");
        for (i = 0; i < count; i++) {
            printf("  {\"code\": %u, \"phrase\": ", c[i].code);
            put_json_string(stdout, c[i].phrase, strlen(c[i].phrase));
            printf(", \"reference\": ");
            put_json_string(stdout, c[i].reference, strlen(c[i].reference));
            printf(", \"deprecated\": %s}%s\n",
                   c[i].deprecated ? "true" : "false",
                   i + 1 < count ? "," : "");
        }
        printf("]\n");
        return EXIT_VALID;
    }
    for (i = 0; i < count; i++) {
        int w = (int)strlen(c[i].phrase);
        if (w > width)
            width = w;
    }
    for (i = 0; i < count; i++)
        printf("%u  %-*s  %s%s\n", c[i].code, width, c[i].phrase,
               c[i].reference, c[i].deprecated ? "  deprecated" : "");
    return EXIT_VALID;
}
