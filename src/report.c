/* SPDX-License-Identifier: MIT */
/* report.c - the one report layer of check and listen: every status line
 * checked, packet not checked and warning is a struct record (cli.h); the
 * layer counts it into the run's stats and hands it to each writer: the
 * one on standard output that --format chose (text, JSON Lines, SARIF
 * 2.1.0, JUnit XML, CSV) and --html's page (report_html.c).  The summary
 * is written from the stats at the end.
 *
 * Bounds: text, JSON Lines and CSV are written as records come and keep
 * nothing; SARIF too (its results array is written as it goes, the rest
 * of the document after it).  JUnit's counts come before its test cases,
 * so its test cases are spooled to a temporary file and copied after the
 * counts: memory stays fixed, the disk holds the document once. */
#define _GNU_SOURCE /* gmtime_r, open_memstream */
#include "cli.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sipstatus.h"

struct report {
    struct stats *st;
    struct clock_text clock;
    /* SARIF */
    size_t results;           /* written so far */
    /* JUnit */
    FILE *spool;              /* the test cases, until the counts are known */
    FILE *scratch;            /* a failure's text, rewritten for each one */
    char *scratch_text;
    size_t scratch_len;
    char *case_file;          /* the test case's file, escaped as in text */
    size_t cases, failed_cases;
    int in_case, case_failed;
    /* --html */
    struct html_report *html;
};

/* ---- colour (--color) ---- */

int color_wanted(const char *when, FILE *stream)
{
    const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

    if (strcmp(when, "always") == 0)
        return 1;
    if (strcmp(when, "never") == 0)
        return 0;
    if (strcmp(when, "auto") != 0)
        return -1;
    if (no != NULL && *no != '\0')
        return 0;
    if (term != NULL && strcmp(term, "dumb") == 0)
        return 0;
    return isatty(fileno(stream));
}

const char *color_of(const struct opts *o, enum color_part part)
{
    static const char *const sgr[] = {
        [COLOR_LOCUS] = "\033[1m",      [COLOR_ERROR] = "\033[1;31m",
        [COLOR_WARNING] = "\033[1;35m", [COLOR_NOTE] = "\033[1;36m",
        [COLOR_CARET] = "\033[1;32m",
    };
    return o->color ? sgr[part] : "";
}

static const char *reset(const struct opts *o)
{
    return o->color ? SGR_RESET : "";
}

/* ---- where ---- */

void put_time(FILE *out, struct clock_text *ct, int64_t sec, uint32_t nsec, int nano)
{
    if (!ct->valid || ct->sec != sec) {
        time_t t = (time_t)sec;
        struct tm tm;
        if (gmtime_r(&t, &tm) == NULL ||
            strftime(ct->text, sizeof ct->text, "%Y-%m-%dT%H:%M:%S", &tm) == 0)
            snprintf(ct->text, sizeof ct->text, "@%lld", (long long)sec);
        ct->sec = sec;
        ct->valid = 1;
    }
    if (nano)
        fprintf(out, "%s.%09luZ", ct->text, (unsigned long)nsec);
    else
        fprintf(out, "%s.%06luZ", ct->text, (unsigned long)(nsec / 1000));
}

void put_addr(FILE *out, int af, const unsigned char *a, unsigned port)
{
    char text[INET6_ADDRSTRLEN];

    if (af == 4 && inet_ntop(AF_INET, a, text, sizeof text))
        fprintf(out, "%s:%u", text, port);
    else if (af == 6 && inet_ntop(AF_INET6, a, text, sizeof text))
        fprintf(out, "[%s]:%u", text, port);
    else
        fputs("?", out);
}

/* "FILE:#12 2026-11-24T10:00:00.123456Z udp 10.0.0.1:5060 > 10.0.0.2:5060" */
static void put_where(FILE *out, struct report *rp, const struct record *r)
{
    const struct cap_info *in = r->where;

    fprintf(out, "%s:#%zu ", r->file, in->frame);
    put_time(out, &rp->clock, in->sec, in->nsec, in->nano);
    fprintf(out, " %s ", cap_transport_name(in->transport));
    put_addr(out, in->af, in->src, in->sport);
    fputs(" > ", out);
    put_addr(out, in->af, in->dst, in->dport);
}

/* " Call-ID abc CSeq 1 INVITE", as far as the message has them. */
static void put_ids(FILE *out, const struct cap_message *m)
{
    if (m == NULL)
        return;
    if (m->call_id != NULL) {
        fputs(" Call-ID ", out);
        put_escaped(out, m->call_id, m->call_id_len);
    }
    if (m->have_cseq) {
        fprintf(out, " CSeq %lu", m->cseq);
        if (m->cseq_method != NULL) {
            putc(' ', out);
            put_escaped(out, m->cseq_method, m->cseq_method_len);
        }
    }
}

static const char *result_name(int rc)
{
    return rc == SIPSTATUS_OK ? "OK" : sipstatus_errname(rc);
}

static const char *finding_text(int rc)
{
    return rc == SIPSTATUS_INCOMPLETE ? "the message ends inside the status line"
                                      : sipstatus_strerror(rc);
}

/* ---- text ---- */

/* An invalid status line: its location, the message and kind, the line
 * and a caret under the bad byte.  Also JUnit's failure text. */
static void text_finding(FILE *out, const struct opts *o, struct report *rp,
                         const struct record *r)
{
    fputs(color_of(o, COLOR_LOCUS), out);
    if (r->where != NULL) {
        put_where(out, rp, r);
        put_ids(out, r->msg);
        fprintf(out, ":%s %serror:%s %s (%s) at byte %zu\n", reset(o),
                color_of(o, COLOR_ERROR), reset(o), finding_text(r->rc),
                sipstatus_errname(r->rc), r->error_offset);
    } else if (!o->color) { /* the common case, in fewer conversions */
        fprintf(out, "%s:%zu:%zu: error: %s (%s)\n", r->file, r->lineno, r->error_offset + 1,
                sipstatus_strerror(r->rc), sipstatus_errname(r->rc));
    } else {
        fprintf(out, "%s:%zu:%zu:%s %serror:%s %s (%s)\n", r->file, r->lineno,
                r->error_offset + 1, reset(o), color_of(o, COLOR_ERROR), reset(o),
                sipstatus_strerror(r->rc), sipstatus_errname(r->rc));
    }
    put_line_window(out, r->line, r->line_len, r->error_offset, color_of(o, COLOR_CARET));
}

static void text_notes(FILE *out, const struct opts *o, struct report *rp,
                       const struct record *r)
{
    unsigned notes = r->l->notes;

    while (notes) {
        unsigned bit = notes & -notes;
        const char *text = sipstatus_notetext(bit), *nm = sipstatus_notename(bit);
        notes &= notes - 1;
        fputs(color_of(o, COLOR_LOCUS), out);
        if (r->where != NULL) {
            put_where(out, rp, r);
            put_ids(out, r->msg);
            putc(':', out);
        } else {
            fprintf(out, "%s:%zu:", r->file, r->lineno);
        }
        fprintf(out, "%s %snote:%s %s (%s)\n", reset(o), color_of(o, COLOR_NOTE), reset(o),
                text ? text : "?", nm ? nm : "?");
    }
}

/* A warning: on standard output in text, on standard error otherwise. */
static void text_warning(FILE *out, const struct opts *o, struct report *rp,
                         const struct record *r)
{
    fputs(color_of(o, COLOR_LOCUS), out);
    if (r->where != NULL)
        put_where(out, rp, r);
    else if (r->lineno > 0)
        fprintf(out, "%s:%zu", r->file, r->lineno);
    else
        fputs(r->file, out);
    fprintf(out, ":%s %swarning:%s %s", reset(o), color_of(o, COLOR_WARNING), reset(o),
            r->text);
    if (r->detail != NULL)
        fprintf(out, ": %s", r->detail);
    putc('\n', out);
}

static void text_skip(FILE *out, const struct opts *o, struct report *rp,
                      const struct record *r)
{
    fputs(color_of(o, COLOR_LOCUS), out);
    put_where(out, rp, r);
    fprintf(out, ":%s skipped: %s (%s)\n", reset(o), cap_skip_text(r->skip),
            cap_skip_name(r->skip));
}

/* ---- JSON Lines ---- */

static void put_json_addr(FILE *out, int af, const unsigned char *a, unsigned port)
{
    if (af == 0) {
        fputs("null", out);
        return;
    }
    putc('"', out);
    put_addr(out, af, a, port);
    putc('"', out);
}

/* Where in a capture, as JSON members after others: frame, time,
 * transport, src and dst. */
static void put_json_where(FILE *out, struct report *rp, const struct cap_info *in)
{
    fprintf(out, ", \"frame\": %zu, \"time\": \"", in->frame);
    put_time(out, &rp->clock, in->sec, in->nsec, in->nano);
    fprintf(out, "\", \"transport\": \"%s\", \"src\": ", cap_transport_name(in->transport));
    put_json_addr(out, in->af, in->src, in->sport);
    fputs(", \"dst\": ", out);
    put_json_addr(out, in->af, in->dst, in->dport);
}

static void json_response(FILE *out, struct report *rp, const struct record *r)
{
    const struct sipstatus_line *l = r->l;
    int ok = r->rc == SIPSTATUS_OK;

    fputs("{\"file\": ", out);
    put_json_string(out, r->file, strlen(r->file));
    if (r->where == NULL) {
        fprintf(out, ", \"line\": %zu, \"result\": \"%s\", ", r->lineno, result_name(r->rc));
        if (ok) {
            fprintf(out, "\"error_offset\": null, \"code\": %u, \"reason\": ", l->code);
            put_json_string(out, l->reason, l->reason_len);
        } else {
            fprintf(out, "\"error_offset\": %zu, \"code\": null, \"reason\": null",
                    r->error_offset);
        }
        fputs(", \"notes\": ", out);
        put_json_notes(out, ok ? l->notes : 0);
        fputs("}\n", out);
        return;
    }
    put_json_where(out, rp, r->where);
    fprintf(out, ", \"offset\": %zu, \"line\": ", r->where->offset + l->start);
    put_json_string(out, r->line, r->line_len);
    fprintf(out, ", \"result\": \"%s\", ", result_name(r->rc));
    if (ok)
        fputs("\"error_offset\": null, ", out);
    else
        fprintf(out, "\"error_offset\": %zu, ", r->error_offset);
    if (ok || l->code >= 100)
        fprintf(out, "\"code\": %u, \"reason\": ", l->code);
    else
        fputs("\"code\": null, \"reason\": ", out);
    if (ok)
        put_json_string(out, l->reason, l->reason_len);
    else
        fputs("null", out);
    fputs(", \"notes\": ", out);
    put_json_notes(out, ok ? l->notes : 0);
    fputs(", \"call_id\": ", out);
    if (r->msg != NULL && r->msg->call_id != NULL)
        put_json_string(out, r->msg->call_id, r->msg->call_id_len);
    else
        fputs("null", out);
    if (r->msg != NULL && r->msg->have_cseq) {
        fprintf(out, ", \"cseq\": {\"number\": %lu, \"method\": ", r->msg->cseq);
        if (r->msg->cseq_method)
            put_json_string(out, r->msg->cseq_method, r->msg->cseq_method_len);
        else
            fputs("null", out);
        putc('}', out);
    } else {
        fputs(", \"cseq\": null", out);
    }
    fprintf(out, ", \"partial\": %s}\n", r->where->partial ? "true" : "false");
}

/* A JSON object of the counts of each name: {"E_CODE": 2, ...}. */
static void json_counts(FILE *out, const char *key, const size_t *n, size_t count,
                        const char *(*name)(size_t), int *first)
{
    size_t i;
    int none = 1;

    fprintf(out, "%s\"%s\": {", *first ? "" : ", ", key);
    *first = 0;
    for (i = 0; i < count; i++) {
        const char *nm;
        if (!n[i] || (nm = name(i)) == NULL)
            continue;
        fprintf(out, "%s\"%s\": %zu", none ? "" : ", ", nm, n[i]);
        none = 0;
    }
    putc('}', out);
}

static const char *kind_name(size_t slot)
{
    return slot ? sipstatus_errname(-(int)slot) : "other";
}

static const char *note_name(size_t i)
{
    return sipstatus_notename(1u << i);
}

static const char *skip_name(size_t i)
{
    return cap_skip_name((enum cap_skip)i);
}

static const char *code_name(size_t i)
{
    static char text[8];
    snprintf(text, sizeof text, "%zu", i);
    return text;
}

/* --summary with --format json: the summary as the last line. */
static void json_summary(FILE *out, const struct stats *st)
{
    int first = 0;

    fprintf(out, "{\"summary\": {\"lines\": %zu, \"responses\": %zu, \"valid\": %zu, "
            "\"invalid\": %zu, \"incomplete\": %zu", st->lines, st->responses, st->valid,
            st->invalid, st->incomplete);
    json_counts(out, "invalid_by_kind", st->kinds, NKINDS, kind_name, &first);
    json_counts(out, "notes", st->notes, SIPSTATUS_NOTE_COUNT, note_name, &first);
    json_counts(out, "codes", st->codes, 700, code_name, &first);
    fprintf(out, ", \"captures\": %zu, \"frames\": %zu", st->captures, st->frames);
    json_counts(out, "not_checked", st->skips, SKIP_COUNT, skip_name, &first);
    fprintf(out, ", \"warnings\": %zu, \"long_lines\": %zu, \"bad_files\": %zu}}\n",
            st->warnings, st->long_lines, st->bad_files);
}

/* ---- CSV (RFC 4180) ---- */

/* A field: the plain text `lead` (digits, a space), then bytes escaped
 * as in text mode but with valid UTF-8 kept (so no CR or LF is left); the
 * whole field quoted when the bytes hold a comma or a quote. */
static void csv_field_after(FILE *out, const char *lead, const char *s, size_t n)
{
    int quote = n > 0 && (memchr(s, ',', n) != NULL || memchr(s, '"', n) != NULL);
    size_t i;

    if (quote)
        putc('"', out);
    fputs(lead, out);
    i = 0;
    while (i < n) {
        const char *dq = memchr(s + i, '"', n - i);
        size_t q = dq ? (size_t)(dq - s) : n;
        put_text(out, s + i, q - i);
        if (q < n)
            fputs("\"\"", out);
        i = q + 1;
    }
    if (quote)
        putc('"', out);
}

static void csv_field(FILE *out, const char *s, size_t n)
{
    csv_field_after(out, "", s, n);
}

static void csv_header(FILE *out)
{
    fputs("file,line,frame,time,transport,src,dst,result,error_offset,code,reason,notes,"
          "call_id,cseq,status_line\r\n", out);
}

static void csv_response(FILE *out, struct report *rp, const struct record *r)
{
    const struct cap_info *in = r->where;
    const struct sipstatus_line *l = r->l;
    int ok = r->rc == SIPSTATUS_OK;
    unsigned notes;
    int first = 1;

    csv_field(out, r->file, strlen(r->file));
    putc(',', out);
    if (in == NULL) {
        fprintf(out, "%zu,,,,,", r->lineno);
    } else {
        fprintf(out, ",%zu,", in->frame);
        put_time(out, &rp->clock, in->sec, in->nsec, in->nano);
        fprintf(out, ",%s,", cap_transport_name(in->transport));
        if (in->af) {
            put_addr(out, in->af, in->src, in->sport);
            putc(',', out);
            put_addr(out, in->af, in->dst, in->dport);
        } else {
            putc(',', out);
        }
    }
    fprintf(out, ",%s,", result_name(r->rc));
    if (!ok)
        fprintf(out, "%zu", r->error_offset);
    putc(',', out);
    if (ok || (in != NULL && l->code >= 100))
        fprintf(out, "%u", l->code);
    putc(',', out);
    if (ok)
        csv_field(out, l->reason, l->reason_len);
    putc(',', out);
    for (notes = ok ? l->notes : 0; notes; notes &= notes - 1) {
        const char *nm = sipstatus_notename(notes & -notes);
        fprintf(out, "%s%s", first ? "" : " ", nm ? nm : "?");
        first = 0;
    }
    putc(',', out);
    if (r->msg != NULL && r->msg->call_id != NULL)
        csv_field(out, r->msg->call_id, r->msg->call_id_len);
    putc(',', out);
    if (r->msg != NULL && r->msg->have_cseq) {
        char num[24];
        snprintf(num, sizeof num, r->msg->cseq_method != NULL ? "%lu " : "%lu", r->msg->cseq);
        csv_field_after(out, num, r->msg->cseq_method,
                        r->msg->cseq_method != NULL ? r->msg->cseq_method_len : 0);
    }
    putc(',', out);
    csv_field(out, r->line, r->line_len);
    fputs("\r\n", out);
}

/* ---- SARIF 2.1.0 ---- */

/* The rules: INCOMPLETE and each error of SIPSTATUS_RESULT_MAP (rule
 * -rc, INCOMPLETE 0), then each note (NKINDS + its index). */
static size_t rule_index(int rc)
{
    return rc == SIPSTATUS_INCOMPLETE ? 0 : (size_t)-rc;
}

/* A plain JSON string (not escaped as in text mode: file names, fixed
 * texts). */
static void put_json_plain(FILE *out, const char *s)
{
    putc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            putc(c, out);
    }
    putc('"', out);
}

/* The URI of a file name (relative as given, file:// when absolute): every byte but the unreserved
 * ones and '/' percent-encoded (RFC 3986). */
static void put_uri(FILE *out, const char *s)
{
    putc('"', out);
    if (*s == '/')
        fputs("file://", out); /* an absolute path: a file URI */
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~' || c == '/')
            putc(c, out);
        else
            fprintf(out, "%%%02X", c);
    }
    putc('"', out);
}

static void sarif_begin(FILE *out)
{
    fputs("{\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\", "
          "\"version\": \"2.1.0\", \"runs\": [{\"columnKind\": \"unicodeCodePoints\", "
          "\"results\": [", out);
}

/* The column of byte off of a line in Unicode code points, from 1: the
 * bytes before it that start a character (not 10xxxxxx). */
static size_t code_point_column(const char *s, size_t n, size_t off)
{
    size_t i, col = 1;

    for (i = 0; i < off && i < n; i++)
        col += ((unsigned char)s[i] & 0xc0) != 0x80;
    return col + (off > n ? off - n : 0);
}

static void sarif_result(FILE *out, struct report *rp, const struct record *r, size_t rule,
                         const char *id, const char *level, const char *text)
{
    fprintf(out, "%s\n{\"ruleId\": \"%s\", \"ruleIndex\": %zu, \"level\": \"%s\", "
            "\"message\": {\"text\": ", rp->results++ ? "," : "", id, rule, level);
    put_json_plain(out, text);
    fputs("}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", out);
    put_uri(out, r->file);
    putc('}', out);
    if (r->where == NULL)
        fprintf(out, ", \"region\": {\"startLine\": %zu, \"startColumn\": %zu}", r->lineno,
                r->rc == SIPSTATUS_OK ? 1
                                      : code_point_column(r->line, r->line_len, r->error_offset));
    fputs("}}], \"properties\": {\"line\": ", out);
    put_json_string(out, r->line, r->line_len);
    if (r->where != NULL)
        put_json_where(out, rp, r->where);
    if (r->rc != SIPSTATUS_OK)
        fprintf(out, ", \"errorOffset\": %zu", r->error_offset);
    fputs("}}", out);
}

static void sarif_response(FILE *out, const struct opts *o, struct report *rp,
                           const struct record *r)
{
    char text[512];
    unsigned notes;

    if (r->rc != SIPSTATUS_OK) {
        if (r->where != NULL)
            snprintf(text, sizeof text, "%s (%s) at byte %zu of the status line of frame %zu.",
                     finding_text(r->rc), sipstatus_errname(r->rc), r->error_offset,
                     r->where->frame);
        else
            snprintf(text, sizeof text, "%s (%s).", sipstatus_strerror(r->rc),
                     sipstatus_errname(r->rc));
        sarif_result(out, rp, r, rule_index(r->rc), sipstatus_errname(r->rc), "error", text);
        return;
    }
    if (!o->notes)
        return;
    for (notes = r->l->notes; notes; notes &= notes - 1) {
        unsigned bit = notes & -notes;
        const char *nm = sipstatus_notename(bit), *t = sipstatus_notetext(bit);
        char id[64];
        snprintf(id, sizeof id, "NOTE_%s", nm ? nm : "?");
        snprintf(text, sizeof text, "%s (%s).", t ? t : "?", nm ? nm : "?");
        sarif_result(out, rp, r, (size_t)NKINDS + (size_t)__builtin_ctz(bit), id, "note", text);
    }
}

/* A rule: its id, and a name for people that differs from it (SARIF
 * 3.49.7): the id's words in PascalCase, "Error" or "Note" after them
 * (E_VERSION: VersionError, NOTE_BARE_LF: BareLfNote). */
static void sarif_rule(FILE *out, int first, const char *id, const char *text,
                       const char *level)
{
    const char *w = strncmp(id, "E_", 2) == 0 ? id + 2 : strncmp(id, "NOTE_", 5) == 0 ? id + 5 : id;
    int up = 1;

    fprintf(out, "%s\n{\"id\": \"%s\", \"name\": \"", first ? "" : ",", id);
    for (; *w; w++) {
        if (*w == '_') {
            up = 1;
            continue;
        }
        putc(up ? toupper((unsigned char)*w) : tolower((unsigned char)*w), out);
        up = 0;
    }
    fputs(strcmp(level, "note") == 0 ? "Note" : "Error", out);
    fputs("\", \"shortDescription\": {\"text\": ", out);
    put_json_plain(out, text);
    fputs("}, \"fullDescription\": {\"text\": ", out);
    put_json_plain(out, text);
    fprintf(out, "}, \"helpUri\": \"https://www.rfc-editor.org/rfc/rfc3261#section-25.1\", "
            "\"defaultConfiguration\": {\"level\": \"%s\"}}", level);
}

static void sarif_end(FILE *out, const struct stats *st)
{
    size_t i;
    int k;

    fprintf(out, "\n], \"tool\": {\"driver\": {\"name\": \"sipstatus\", \"version\": \"%s\", "
            "\"semanticVersion\": \"%s\", \"informationUri\": "
            "\"https://www.rfc-editor.org/rfc/rfc3261#section-7.2\", \"rules\": [",
            sipstatus_version(), sipstatus_version());
    sarif_rule(out, 1, "INCOMPLETE", finding_text(SIPSTATUS_INCOMPLETE), "error");
    for (k = 1; k < NKINDS; k++)
        sarif_rule(out, 0, sipstatus_errname(-k), sipstatus_strerror(-k), "error");
    for (i = 0; i < SIPSTATUS_NOTE_COUNT; i++) {
        char id[64];
        const char *nm = sipstatus_notename(1u << i), *t = sipstatus_notetext(1u << i);
        snprintf(id, sizeof id, "NOTE_%s", nm ? nm : "?");
        sarif_rule(out, 0, id, t ? t : "?", "note");
    }
    fprintf(out, "\n]}}, \"invocations\": [{\"executionSuccessful\": %s}], "
            "\"properties\": {\"lines\": %zu, \"responses\": %zu, \"valid\": %zu, "
            "\"invalid\": %zu, \"captures\": %zu, \"frames\": %zu}}]}\n",
            st->bad_files ? "false" : "true", st->lines, st->responses, st->valid,
            st->invalid, st->captures, st->frames);
}

/* ---- JUnit XML ---- */

static void junit_case_end(struct report *rp)
{
    if (rp->in_case)
        fputs("</testcase>\n", rp->spool);
    rp->in_case = 0;
}

static void junit_case(struct report *rp, const char *name)
{
    junit_case_end(rp);
    fputs("<testcase classname=\"sipstatus.check\" name=\"", rp->spool);
    put_markup_bytes(rp->spool, name, strlen(name));
    fputs("\" file=\"", rp->spool);
    put_markup_bytes(rp->spool, name, strlen(name));
    fputs("\">\n", rp->spool);
    free(rp->case_file);
    rp->case_file = NULL;
    {
        size_t len;
        FILE *m = open_memstream(&rp->case_file, &len);
        if (m != NULL) {
            put_escaped(m, name, strlen(name));
            fclose(m);
        }
    }
    rp->in_case = 1;
    rp->case_failed = 0;
    rp->cases++;
}

static void junit_failure(const struct opts *o, struct report *rp, const struct record *r)
{
    struct opts plain = *o;

    if (!rp->in_case)
        junit_case(rp, r->file);
    if (!rp->case_failed)
        rp->failed_cases++;
    rp->case_failed = 1;
    fprintf(rp->spool, "<failure type=\"%s\" message=\"", sipstatus_errname(r->rc));
    put_markup(rp->spool, finding_text(r->rc), strlen(finding_text(r->rc)));
    fputs("\">", rp->spool);
    plain.color = 0;
    if (rp->scratch == NULL)
        rp->scratch = open_memstream(&rp->scratch_text, &rp->scratch_len);
    if (rp->scratch != NULL) {
        struct record named = *r; /* the file name as XML can hold it */
        if (rp->case_file != NULL)
            named.file = rp->case_file;
        rewind(rp->scratch);
        text_finding(rp->scratch, &plain, rp, &named);
        fflush(rp->scratch); /* scratch_len: where this text ends */
        put_markup(rp->spool, rp->scratch_text, rp->scratch_len);
    }
    fputs("</failure>\n", rp->spool);
}

static int junit_end(FILE *out, struct report *rp)
{
    char buf[8192];
    size_t n;

    junit_case_end(rp);
    fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<testsuites name=\"sipstatus\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n"
            "<testsuite name=\"sipstatus check\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
            "skipped=\"0\">\n", rp->cases, rp->failed_cases, rp->cases, rp->failed_cases);
    rewind(rp->spool);
    while ((n = fread(buf, 1, sizeof buf, rp->spool)) > 0)
        fwrite(buf, 1, n, out);
    fputs("</testsuite>\n</testsuites>\n", out);
    return ferror(rp->spool) ? -1 : 0;
}

/* ---- the counts and the summary ---- */

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

/* ---- the layer ---- */

int report_begin(struct opts *o, struct stats *st)
{
    struct report *rp = calloc(1, sizeof *rp);

    o->report = rp;
    if (rp == NULL) {
        fprintf(stderr, "%s: out of memory\n", PROG);
        return -1;
    }
    rp->st = st;
    if (o->out == OUT_JUNIT && (rp->spool = tmpfile()) == NULL) {
        fprintf(stderr, "%s: a temporary file for JUnit: %s\n", PROG, strerror(errno));
        goto fail;
    }
    if (o->html != NULL && (rp->html = html_open(o->html)) == NULL) {
        fprintf(stderr, "%s: %s: %s\n", PROG, o->html, strerror(errno));
        goto fail;
    }
    if (o->out == OUT_SARIF)
        sarif_begin(stdout);
    else if (o->out == OUT_CSV)
        csv_header(stdout);
    return 0;
fail:
    report_abort(o);
    return -1;
}

/* The files and buffers of the report but --html's (closed by its caller). */
static void report_free(struct opts *o)
{
    struct report *rp = o->report;

    if (rp->spool != NULL)
        fclose(rp->spool);
    if (rp->scratch != NULL)
        fclose(rp->scratch);
    free(rp->scratch_text);
    free(rp->case_file);
    free(rp);
    o->report = NULL;
}

void report_abort(struct opts *o)
{
    if (o->report == NULL)
        return;
    if (o->report->html != NULL)
        html_discard(o->report->html, o->html);
    report_free(o);
}

void report_file(const struct opts *o, const char *name)
{
    struct report *rp = o->report;

    if (o->out == OUT_JUNIT)
        junit_case(rp, name);
    if (rp->html != NULL)
        html_file(rp->html, name);
}

void report_record(const struct opts *o, const struct record *r)
{
    struct report *rp = o->report;
    FILE *out = stdout;

    if (r->kind == REC_RESPONSE) {
        if (r->where != NULL)
            rp->st->responses++;
        else
            rp->st->lines++;
        stats_result(rp->st, r->rc, r->l);
    }
    if (rp->html != NULL)
        html_record(rp->html, r);
    if (r->kind == REC_WARNING) {
        if (o->quiet)
            return;
        out = o->out == OUT_TEXT ? stdout : stderr;
        status_yield(out);
        text_warning(out, o, rp, r);
        if (o->flush)
            fflush(out);
        return;
    }
    if (r->kind == REC_SKIP) {
        if (!o->show_skipped || o->out != OUT_TEXT)
            return;
        status_yield(out);
        text_skip(out, o, rp, r);
    } else {
        switch (o->out) {
        case OUT_TEXT:
            if (r->rc != SIPSTATUS_OK) {
                status_yield(out);
                text_finding(out, o, rp, r);
            } else if (o->notes && r->l->notes) {
                status_yield(out);
                text_notes(out, o, rp, r);
            } else {
                return;
            }
            break;
        case OUT_JSON:
            status_yield(out);
            json_response(out, rp, r);
            break;
        case OUT_CSV:
            status_yield(out);
            csv_response(out, rp, r);
            break;
        case OUT_SARIF:
            sarif_response(out, o, rp, r);
            break;
        case OUT_JUNIT:
            if (r->rc != SIPSTATUS_OK)
                junit_failure(o, rp, r);
            return;
        }
    }
    if (o->flush)
        fflush(out);
}

/* Whether a record of this response would show its Call-ID and CSeq. */
int report_count_only(const struct opts *o, int in_capture, int rc,
                      const struct sipstatus_line *l)
{
    struct report *rp = o->report;

    if (rc != SIPSTATUS_OK || rp->html != NULL || o->out == OUT_JSON || o->out == OUT_CSV ||
        (o->notes && l->notes))
        return 0;
    if (in_capture)
        rp->st->responses++;
    else
        rp->st->lines++;
    stats_result(rp->st, rc, l);
    return 1;
}

int report_wants_ids(const struct opts *o, int rc, const struct sipstatus_line *l)
{
    return o->out == OUT_JSON || o->out == OUT_CSV || rc != SIPSTATUS_OK ||
           (o->notes && l->notes) || o->html != NULL;
}

int report_end(struct opts *o, int summary)
{
    struct report *rp = o->report;
    struct stats *st;
    int status = 0;

    if (rp == NULL)
        return -1;
    st = rp->st;
    if (o->out == OUT_SARIF)
        sarif_end(stdout, st);
    else if (o->out == OUT_JUNIT && junit_end(stdout, rp) < 0)
        status = -1;
    if (o->out == OUT_JSON && o->summary && summary)
        json_summary(stdout, st);
    fflush(stdout); /* findings before the summary when both go to a tty */
    if (!summary || (o->quiet && !o->summary))
        ;
    else if (o->out == OUT_TEXT)
        print_summary(o->summary ? stdout : stderr, o, st);
    else if (!(o->out == OUT_JSON && o->summary))
        print_summary(stderr, o, st); /* not into the document */
    if (rp->html != NULL && html_close(rp->html, o, st) < 0) {
        fprintf(stderr, "%s: %s: %s\n", PROG, o->html, strerror(errno));
        status = -1;
    }
    report_free(o);
    return status;
}
