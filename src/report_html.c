/* SPDX-License-Identifier: MIT */
/* report_html.c - the writer of check --html FILE: one self-contained
 * HTML page (inline CSS and SVG, no script, nothing from the network)
 * with the summary, charts of findings over time, by kind, of responses
 * by status code and of findings by source address, the top offending
 * sources, and each finding with its caret view.
 *
 * Bounds, whatever the run holds:
 *  - findings are rendered as they come into a temporary file (the
 *    spool), copied into the page at the end; at most HTML_MAX_FINDINGS
 *    are listed, the rest counted ("N more findings not listed");
 *  - the time chart has HTML_BUCKETS buckets: when a time stamp falls past
 *    the last, the bucket width doubles and pairs merge (so each finding
 *    costs O(1) amortised); a time stamp before the first bucket counts in
 *    it;
 *  - sources are a table of HTML_SOURCES addresses; when it is full, a new
 *    address takes the place of the least counted one and inherits its
 *    count (Space-Saving), so counts are exact until then and upper
 *    bounds after (the page says so).
 * Everything taken from the input is escaped as in text mode and then
 * HTML-escaped. */
#define _GNU_SOURCE /* open_memstream */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sipstatus.h"

#define HTML_MAX_FINDINGS 10000
#define HTML_BUCKETS 60
#define HTML_SOURCES 256

struct source {
    int af;
    unsigned char addr[16];
    size_t count;
};

struct html_report {
    FILE *out, *spool;
    size_t listed, unlisted;
    size_t files;
    /* findings over time */
    int have_time;
    int64_t t0, width;             /* the first bucket's start, seconds per bucket */
    size_t buckets[HTML_BUCKETS];
    /* findings by source */
    struct source sources[HTML_SOURCES];
    size_t nsources;
    int approximate;
    struct clock_text clock;
};

/* ---- memory streams ---- */

/* What a writer wrote into a memory stream, HTML-escaped into out. */
struct mem {
    char *text;
    size_t len;
    FILE *f;
};

static FILE *mem_open(struct mem *m)
{
    m->text = NULL;
    m->len = 0;
    m->f = open_memstream(&m->text, &m->len);
    return m->f;
}

static void mem_put(FILE *out, struct mem *m)
{
    if (m->f == NULL)
        return;
    fclose(m->f);
    put_markup(out, m->text, m->len);
    free(m->text);
}

/* ---- the tables ---- */

static void count_time(struct html_report *h, int64_t sec)
{
    int64_t at;

    if (!h->have_time) {
        h->have_time = 1;
        h->t0 = sec;
        h->width = 1;
    }
    at = sec < h->t0 ? 0 : (sec - h->t0) / h->width;
    while (at >= HTML_BUCKETS) {
        size_t i;
        for (i = 0; i < HTML_BUCKETS / 2; i++)
            h->buckets[i] = h->buckets[2 * i] + h->buckets[2 * i + 1];
        memset(h->buckets + HTML_BUCKETS / 2, 0, sizeof h->buckets / 2);
        h->width *= 2;
        at = (sec - h->t0) / h->width;
    }
    h->buckets[at]++;
}

static void count_source(struct html_report *h, const struct cap_info *in)
{
    size_t i, len = in->af == 6 ? 16 : 4, least = 0;
    struct source *s;

    for (i = 0; i < h->nsources; i++) {
        s = &h->sources[i];
        if (s->af == in->af && memcmp(s->addr, in->src, len) == 0) {
            s->count++;
            return;
        }
        if (s->count < h->sources[least].count)
            least = i;
    }
    if (h->nsources < HTML_SOURCES) {
        s = &h->sources[h->nsources++];
        s->count = 0;
    } else {
        s = &h->sources[least]; /* Space-Saving: the new one inherits the count */
        h->approximate = 1;
    }
    s->af = in->af;
    memset(s->addr, 0, sizeof s->addr);
    memcpy(s->addr, in->src, len);
    s->count++;
}

/* ---- the writer ---- */

struct html_report *html_open(const char *file)
{
    struct html_report *h = calloc(1, sizeof *h);

    if (h == NULL)
        return NULL;
    if ((h->spool = tmpfile()) == NULL || (h->out = fopen(file, "w")) == NULL) {
        int e = errno;
        if (h->spool != NULL)
            fclose(h->spool);
        free(h);
        errno = e;
        return NULL;
    }
    return h;
}

void html_file(struct html_report *h, const char *name)
{
    (void)name;
    h->files++;
}

static void finding(struct html_report *h, const struct record *r)
{
    FILE *f = h->spool;
    const struct cap_info *in = r->where;
    struct mem m;

    fprintf(f, "<div class=\"finding\" data-kind=\"%s\" data-file=\"",
            sipstatus_errname(r->rc));
    put_markup_bytes(f, r->file, strlen(r->file));
    if (in != NULL)
        fprintf(f, "\" data-frame=\"%zu\">\n<div class=\"loc\">", in->frame);
    else
        fprintf(f, "\" data-line=\"%zu\">\n<div class=\"loc\">", r->lineno);
    put_markup_bytes(f, r->file, strlen(r->file));
    if (in != NULL) {
        fprintf(f, ":#%zu ", in->frame);
        put_time(f, &h->clock, in->sec, in->nsec, in->nano);
        fprintf(f, " %s ", cap_transport_name(in->transport));
        if (mem_open(&m) != NULL) {
            put_addr(m.f, in->af, in->src, in->sport);
            fputs(" > ", m.f);
            put_addr(m.f, in->af, in->dst, in->dport);
        }
        mem_put(f, &m);
        if (r->msg != NULL && r->msg->call_id != NULL) {
            fputs(" Call-ID ", f);
            put_markup_bytes(f, r->msg->call_id, r->msg->call_id_len);
        }
        if (r->msg != NULL && r->msg->have_cseq) {
            fprintf(f, " CSeq %lu", r->msg->cseq);
            if (r->msg->cseq_method != NULL) {
                putc(' ', f);
                put_markup_bytes(f, r->msg->cseq_method, r->msg->cseq_method_len);
            }
        }
        fprintf(f, ", byte %zu", r->error_offset);
    } else {
        fprintf(f, ":%zu:%zu", r->lineno, r->error_offset + 1);
    }
    fprintf(f, "</div>\n<div class=\"msg\"><span class=\"kind\">%s</span> ",
            sipstatus_errname(r->rc));
    put_markup(f, r->rc == SIPSTATUS_INCOMPLETE ? "the message ends inside the status line"
                                              : sipstatus_strerror(r->rc),
             strlen(r->rc == SIPSTATUS_INCOMPLETE ? "the message ends inside the status line"
                                                  : sipstatus_strerror(r->rc)));
    fputs("</div>\n<pre>", f);
    if (mem_open(&m) != NULL)
        put_line_window(m.f, r->line, r->line_len, r->error_offset, "");
    mem_put(f, &m);
    fputs("</pre>\n</div>\n", f);
}

void html_record(struct html_report *h, const struct record *r)
{
    if (r->kind != REC_RESPONSE || r->rc == SIPSTATUS_OK)
        return;
    if (r->where != NULL) {
        count_time(h, r->where->sec);
        if (r->where->af)
            count_source(h, r->where);
    }
    if (h->listed >= HTML_MAX_FINDINGS) {
        h->unlisted++;
        return;
    }
    h->listed++;
    finding(h, r);
}

/* ---- the page ---- */

/* A horizontal bar chart: one bar per label, scaled to the largest. */
static void bars(FILE *out, const char *title, const char *const *labels,
                 const size_t *values, const char *const *colors, size_t n)
{
    size_t i, max = 1, row = 22, w = 560;

    fprintf(out, "<figure><figcaption>%s</figcaption>\n", title);
    if (n == 0) {
        fputs("<p class=\"none\">none</p></figure>\n", out);
        return;
    }
    for (i = 0; i < n; i++)
        if (values[i] > max)
            max = values[i];
    fprintf(out, "<svg width=\"%zu\" height=\"%zu\" "
            "role=\"img\">\n", w, n * row + 4);
    for (i = 0; i < n; i++) {
        size_t len = values[i] * 300 / max;
        fprintf(out, "<text x=\"150\" y=\"%zu\" text-anchor=\"end\">", i * row + 15);
        put_markup(out, labels[i], strlen(labels[i]));
        fprintf(out, "</text><rect x=\"158\" y=\"%zu\" width=\"%zu\" height=\"16\" "
                "fill=\"%s\"/><text x=\"%zu\" y=\"%zu\">%zu</text>\n", i * row + 3,
                len ? len : 1, colors ? colors[i] : "#c0392b", 164 + len, i * row + 15,
                values[i]);
    }
    fputs("</svg></figure>\n", out);
}

static void time_chart(FILE *out, struct html_report *h)
{
    size_t i, max = 1, last = 0;
    struct clock_text ct;

    fputs("<figure><figcaption>Findings over time</figcaption>\n", out);
    if (!h->have_time) {
        fputs("<p class=\"none\">no time stamps: the run read line files only, or found "
              "nothing invalid in captures</p></figure>\n", out);
        return;
    }
    for (i = 0; i < HTML_BUCKETS; i++) {
        if (h->buckets[i] > max)
            max = h->buckets[i];
        if (h->buckets[i])
            last = i;
    }
    fprintf(out, "<svg width=\"%d\" height=\"170\" "
            "role=\"img\">\n<line x1=\"40\" y1=\"140\" x2=\"%d\" y2=\"140\" stroke=\"#888\"/>\n"
            "<text x=\"36\" y=\"24\" text-anchor=\"end\">%zu</text>\n", 40 + HTML_BUCKETS * 11 + 10,
            40 + HTML_BUCKETS * 11, max);
    for (i = 0; i <= last; i++) {
        size_t hgt = h->buckets[i] * 120 / max;
        if (h->buckets[i])
            fprintf(out, "<rect x=\"%zu\" y=\"%zu\" width=\"9\" height=\"%zu\" fill=\"#c0392b\">"
                    "<title>%zu</title></rect>\n", 40 + i * 11, 140 - (hgt ? hgt : 1),
                    hgt ? hgt : 1, h->buckets[i]);
    }
    memset(&ct, 0, sizeof ct);
    fputs("<text x=\"40\" y=\"160\">", out);
    put_time(out, &ct, h->t0, 0, 0);
    fprintf(out, "</text><text x=\"%d\" y=\"160\" text-anchor=\"end\">%lld s a bar</text>\n"
            "</svg></figure>\n", 40 + HTML_BUCKETS * 11, (long long)h->width);
}

static int by_count(const void *a, const void *b)
{
    const struct source *x = a, *y = b;
    return x->count < y->count ? 1 : x->count > y->count ? -1 : 0;
}

static void sources(FILE *out, struct html_report *h, size_t invalid)
{
    enum { TOP = 15 };
    char text[TOP][64];
    const char *labels[TOP] = {0};
    size_t values[TOP] = {0}, i, n = h->nsources < TOP ? h->nsources : TOP;

    qsort(h->sources, h->nsources, sizeof h->sources[0], by_count);
    for (i = 0; i < n; i++) {
        char *t = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&t, &len);
        text[i][0] = '\0';
        if (m != NULL) {
            put_addr(m, h->sources[i].af, h->sources[i].addr, 0);
            fclose(m);
            /* the address without the ":0" of the port */
            if (len >= 2)
                len -= 2;
            if (len > 0 && t[0] == '[')
                snprintf(text[i], sizeof text[i], "%.*s", (int)(len - 2), t + 1);
            else
                snprintf(text[i], sizeof text[i], "%.*s", (int)len, t);
            free(t);
        }
        labels[i] = text[i];
        values[i] = h->sources[i].count;
    }
    bars(out, "Findings by source address", labels, values, NULL, n);
    fputs("<h2>Top offending sources</h2>\n", out);
    if (n == 0) {
        fputs("<p class=\"none\">no invalid response from a known address</p>\n", out);
        return;
    }
    fputs("<table><tr><th>source</th><th>invalid</th><th>share</th></tr>\n", out);
    for (i = 0; i < n; i++)
        fprintf(out, "<tr><td>%s</td><td>%zu</td><td>%.1f%%</td></tr>\n", text[i], values[i],
                invalid ? 100.0 * (double)values[i] / (double)invalid : 0.0);
    fputs("</table>\n", out);
    if (h->approximate)
        fprintf(out, "<p class=\"none\">More than %d sources: counts are upper bounds "
                "(Space-Saving).</p>\n", HTML_SOURCES);
}

static const char style[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222;"
    "background:#fafafa}h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em}"
    ".cards{display:flex;flex-wrap:wrap;gap:12px}.card{background:#fff;border:1px solid #ddd;"
    "border-radius:6px;padding:10px 16px;min-width:120px}.card b{display:block;font-size:1.6em}"
    ".bad b{color:#c0392b}.good b{color:#27ae60}figure{background:#fff;border:1px solid #ddd;"
    "border-radius:6px;padding:10px;margin:12px 0}figcaption{font-weight:600;margin-bottom:6px}"
    "svg text{font:12px monospace;fill:#333}table{border-collapse:collapse;background:#fff}"
    "td,th{border:1px solid #ddd;padding:4px 10px;text-align:left}.none{color:#777}"
    ".finding{background:#fff;border-left:4px solid #c0392b;margin:8px 0;padding:6px 10px}"
    ".loc{font-family:monospace;font-weight:600}.kind{color:#c0392b;font-weight:600}"
    "pre{margin:4px 0;overflow-x:auto}";

void html_discard(struct html_report *h, const char *file)
{
    fclose(h->out);
    remove(file); /* nothing was written into it */
    fclose(h->spool);
    free(h);
}

int html_close(struct html_report *h, const struct opts *o, const struct stats *st)
{
    static const char *const class_color[] = {"#888", "#2980b9", "#27ae60", "#8e44ad",
                                              "#e67e22", "#c0392b", "#7f0000"};
    const char *klabels[NKINDS + 1], *clabels[20], *ccolors[20];
    size_t kvalues[NKINDS + 1], cvalues[20], nk = 0, nc = 0, i;
    char ctext[20][8], buf[8192];
    FILE *out = h->out;
    int k, e = 0;

    (void)o;
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
            "<title>sipstatus report</title>\n<style>%s</style></head><body>\n"
            "<h1>sipstatus report</h1>\n<div class=\"cards\">\n", style);
    fprintf(out, "<div class=\"card\"><b>%zu</b>%s</div>\n", st->captures ? st->responses
            + st->lines : st->lines, st->captures ? "status lines checked" : "lines checked");
    fprintf(out, "<div class=\"card good\"><b>%zu</b>valid</div>\n"
            "<div class=\"card bad\"><b>%zu</b>invalid</div>\n"
            "<div class=\"card\"><b>%zu</b>files and captures</div>\n", st->valid, st->invalid,
            h->files);
    if (st->captures)
        fprintf(out, "<div class=\"card\"><b>%zu</b>frames read</div>\n", st->frames);
    if (st->warnings)
        fprintf(out, "<div class=\"card\"><b>%zu</b>warnings</div>\n", st->warnings);
    if (st->bad_files)
        fprintf(out, "<div class=\"card bad\"><b>%zu</b>unreadable files</div>\n", st->bad_files);
    fputs("</div>\n<h2>Charts</h2>\n", out);
    time_chart(out, h);
    for (k = 1; k <= NKINDS; k++) {
        int slot = k % NKINDS;
        if (st->kinds[slot]) {
            klabels[nk] = slot ? sipstatus_errname(-slot) : "other";
            kvalues[nk++] = st->kinds[slot];
        }
    }
    if (st->incomplete) {
        klabels[nk] = "INCOMPLETE";
        kvalues[nk++] = st->incomplete;
    }
    bars(out, "Findings by kind", klabels, kvalues, NULL, nk);
    for (i = 100; i < 700 && nc < 20; i++) {
        if (!st->codes[i])
            continue;
        snprintf(ctext[nc], sizeof ctext[nc], "%zu", i);
        clabels[nc] = ctext[nc];
        ccolors[nc] = class_color[i / 100];
        cvalues[nc++] = st->codes[i];
    }
    bars(out, nc == 20 ? "Valid responses by status code (the first 20 codes)"
                       : "Valid responses by status code", clabels, cvalues, ccolors, nc);
    sources(out, h, st->invalid);
    fprintf(out, "<h2>Findings (%zu)</h2>\n", h->listed + h->unlisted);
    if (h->listed == 0)
        fputs("<p class=\"none\">none: every status line checked is valid</p>\n", out);
    rewind(h->spool);
    for (;;) {
        size_t n = fread(buf, 1, sizeof buf, h->spool);
        if (n == 0)
            break;
        fwrite(buf, 1, n, out);
    }
    if (ferror(h->spool))
        e = EIO;
    if (h->unlisted)
        fprintf(out, "<p class=\"more\">%zu more findings not listed; use --format json for "
                "all of them.</p>\n", h->unlisted);
    fputs("</body></html>\n", out);
    if (fflush(out) != 0 || ferror(out))
        e = errno ? errno : EIO;
    if (fclose(out) != 0 && e == 0)
        e = errno;
    fclose(h->spool);
    free(h);
    if (e) {
        errno = e;
        return -1;
    }
    return 0;
}
