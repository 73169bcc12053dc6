/* SPDX-License-Identifier: MIT */
/* cli_capture.c - `sipstatus check` on captures: a file's frames through
 * the decoder (capture.h), each response's status line through
 * sipstatus_parse, and what that finds written out; progress on a
 * terminal; the decoder's counters into the summary. */
#define _GNU_SOURCE /* gmtime_r */
#include "cli.h"

#include <arpa/inet.h>
#include <pcap/pcap.h> /* the names of link types */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"

/* The second of a time stamp as ISO 8601, made once per second seen. */
struct clock_text {
    int64_t sec;
    int valid;
    char text[32];
};

/* One capture file being checked. */
struct run {
    const struct opts *o;
    struct stats *st;
    const char *name;
    struct cap_input *in;
    /* progress */
    int progress;
    off_t total;       /* file size, 0 when unknown */
    size_t frames;     /* read so far */
    struct timespec started, drawn;
    struct clock_text clock;
    /* told of every response checked (listen's metrics), or NULL */
    report_hook *hook;
    void *hook_ctx;
};

/* ---- where: "#12 2026-11-24T10:00:00.123456Z udp 10.0.0.1:5060 > ..." ---- */

static void put_time(FILE *out, struct clock_text *ct, int64_t sec, uint32_t nsec, int nano)
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

static void put_addr(FILE *out, int af, const unsigned char *a, unsigned port)
{
    char text[INET6_ADDRSTRLEN];

    if (af == 4 && inet_ntop(AF_INET, a, text, sizeof text))
        fprintf(out, "%s:%u", text, port);
    else if (af == 6 && inet_ntop(AF_INET6, a, text, sizeof text))
        fprintf(out, "[%s]:%u", text, port);
    else
        fputs("?", out);
}

static void put_where(FILE *out, struct run *r, const struct cap_info *in)
{
    status_yield(out);
    fprintf(out, "%s:#%zu ", r->name, in->frame);
    put_time(out, &r->clock, in->sec, in->nsec, in->nano);
    fprintf(out, " %s ", cap_transport_name(in->transport));
    put_addr(out, in->af, in->src, in->sport);
    fputs(" > ", out);
    put_addr(out, in->af, in->dst, in->dport);
}

/* " Call-ID abc CSeq 1 INVITE", as far as the message has them. */
static void put_ids(FILE *out, const struct cap_message *m)
{
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

/* ---- progress on a terminal ---- */

static double seconds_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* The progress line, at most four times a second after the first quarter
 * second; `last`: erase it (the file is done). */
static void progress(struct run *r, int last)
{
    double mb, secs;

    if (!r->progress || (!last && seconds_since(&r->drawn) < 0.25))
        return;
    clock_gettime(CLOCK_MONOTONIC, &r->drawn);
    if (last) {
        status_hide();
        return;
    }
    mb = (double)input_offset(r->in) / 1e6;
    secs = seconds_since(&r->started);
    status_begin();
    fprintf(stderr, "%s: %s", PROG, r->name);
    if (r->total > 0) {
        double part = mb * 1e6 / (double)r->total;
        int i, filled = (int)(part * 20);
        fputs(" [", stderr);
        for (i = 0; i < 20; i++)
            fputc(i < filled ? '#' : '.', stderr);
        fprintf(stderr, "] %3.0f%% %.1f/%.1f MB", part * 100, mb, (double)r->total / 1e6);
    } else {
        fprintf(stderr, " %.1f MB", mb);
    }
    fprintf(stderr, ", %zu frames, %zu responses, %zu invalid, %.1f MB/s", r->frames,
            r->st->responses, r->st->invalid, secs > 0 ? mb / secs : 0.0);
    status_end();
}

/* A pipe with nothing to say for a second: the line is redrawn, so that it
 * shows the run is alive (input_on_idle). */
static void progress_idle(void *ctx)
{
    progress(ctx, 0);
}

/* ---- the decoder's callbacks ---- */

static void on_skip(void *ctx, const struct cap_info *in, enum cap_skip why)
{
    struct run *r = ctx;

    if (!r->o->show_skipped || r->o->json)
        return;
    put_where(stdout, r, in);
    printf(": skipped: %s (%s)\n", cap_skip_text(why), cap_skip_name(why));
    if (r->o->flush)
        fflush(stdout);
}

static void warn(struct run *r, const struct cap_info *in, const char *text, const char *detail)
{
    FILE *out = r->o->json ? stderr : stdout;

    r->st->warnings++;
    if (r->o->quiet)
        return;
    put_where(out, r, in);
    fprintf(out, ": warning: %s", text);
    if (detail != NULL)
        fprintf(out, ": %s", detail);
    putc('\n', out);
    if (r->o->flush)
        fflush(out);
}

static void on_problem(void *ctx, const struct cap_info *in, enum cap_problem what,
                       const char *detail)
{
    warn(ctx, in, cap_problem_text(what), detail);
}

static void print_json(struct run *r, const struct cap_info *in, const char *line,
                       size_t n, int rc, const struct sipstatus_line *l, size_t off,
                       const struct cap_message *m)
{
    status_yield(stdout);
    printf("{\"file\": ");
    put_json_string(stdout, r->name, strlen(r->name));
    printf(", \"frame\": %zu, \"time\": \"", in->frame);
    put_time(stdout, &r->clock, in->sec, in->nsec, in->nano);
    printf("\", \"transport\": \"%s\", \"src\": ", cap_transport_name(in->transport));
    put_json_addr(stdout, in->af, in->src, in->sport);
    printf(", \"dst\": ");
    put_json_addr(stdout, in->af, in->dst, in->dport);
    printf(", \"offset\": %zu, \"line\": ", in->offset + l->start);
    put_json_string(stdout, line, n);
    printf(", \"result\": \"%s\", ", rc == SIPSTATUS_OK ? "OK" : sipstatus_errname(rc));
    if (rc == SIPSTATUS_OK)
        printf("\"error_offset\": null, ");
    else
        printf("\"error_offset\": %zu, ", off);
    if (rc == SIPSTATUS_OK || l->code >= 100)
        printf("\"code\": %u, \"reason\": ", l->code);
    else
        printf("\"code\": null, \"reason\": ");
    if (rc == SIPSTATUS_OK)
        put_json_string(stdout, l->reason, l->reason_len);
    else
        fputs("null", stdout);
    printf(", \"notes\": ");
    put_json_notes(stdout, rc == SIPSTATUS_OK ? l->notes : 0);
    printf(", \"call_id\": ");
    if (m->call_id)
        put_json_string(stdout, m->call_id, m->call_id_len);
    else
        fputs("null", stdout);
    if (m->have_cseq) {
        printf(", \"cseq\": {\"number\": %lu, \"method\": ", m->cseq);
        if (m->cseq_method)
            put_json_string(stdout, m->cseq_method, m->cseq_method_len);
        else
            fputs("null", stdout);
        putchar('}');
    } else {
        printf(", \"cseq\": null");
    }
    printf(", \"partial\": %s}\n", in->partial ? "true" : "false");
}

static void on_response(void *ctx, const struct cap_info *in, const char *msg, size_t len,
                        const struct cap_message *facts)
{
    struct run *r = ctx;
    struct cap_message read;
    const struct cap_message *m = facts;
    struct stats *st = r->st;
    struct sipstatus_line l;
    const char *line, *lf;
    size_t n, off;
    int rc;

    /* the message from the payload's first byte: the parser skips the
     * CRLFs before its status line */
    rc = sipstatus_parse(msg, len, r->o->flags | SIPSTATUS_SKIP_CRLF, &l);
    line = msg + (l.start <= len ? l.start : len);
    /* the line shown: up to its LF, without a CR just before it */
    lf = memchr(line, '\n', (size_t)(msg + len - line));
    n = lf ? (size_t)(lf - line) : (size_t)(msg + len - line);
    if (lf && n > 0 && line[n - 1] == '\r')
        n--;
    if (rc == SIPSTATUS_INCOMPLETE && (in->truncated || in->partial)) {
        /* the line went on in bytes that were not captured */
        st->skips[in->truncated ? SKIP_TRUNCATED
                  : in->transport == TRANSPORT_TCP ? SKIP_UNFRAMED
                                                   : SKIP_FRAGMENT]++;
        warn(r, in, cap_problem_text(PROB_LINE_CUT), NULL);
        return;
    }
    /* offsets from the status line's 'S' */
    off = rc == SIPSTATUS_INCOMPLETE ? (size_t)(msg + len - line)
          : rc < 0 && l.error_offset >= l.start ? l.error_offset - l.start : 0;
    st->responses++;
    stats_result(st, rc, &l);
    if (!m->read && (r->o->json || rc != SIPSTATUS_OK || (r->o->notes && l.notes))) {
        cap_message_read(msg, len, &read); /* only for what is printed */
        m = &read;
    }
    if (r->o->json) {
        print_json(r, in, line, n, rc, &l, off, m);
    } else if (rc != SIPSTATUS_OK) {
        put_where(stdout, r, in);
        put_ids(stdout, m);
        printf(": error: %s (%s) at byte %zu\n",
               rc == SIPSTATUS_INCOMPLETE ? "the message ends inside the status line"
                                          : sipstatus_strerror(rc),
               sipstatus_errname(rc), off);
        put_line_window(stdout, line, n, off);
    } else if (r->o->notes && l.notes) {
        unsigned notes = l.notes;
        while (notes) {
            unsigned bit = notes & -notes;
            const char *text = sipstatus_notetext(bit), *nm = sipstatus_notename(bit);
            notes &= notes - 1;
            put_where(stdout, r, in);
            put_ids(stdout, m);
            printf(": note: %s (%s)\n", text ? text : "?", nm ? nm : "?");
        }
    }
    if (r->hook != NULL)
        r->hook(r->hook_ctx, in, rc, &l);
    if (r->o->flush)
        fflush(stdout);
}

/* The decoder's counters into the run's totals. */
static void add_counters(struct stats *st, const struct cap_counters *n)
{
    size_t i;

    st->frames += n->frames;
    for (i = 0; i < SKIP_COUNT; i++)
        st->skips[i] += n->skips[i];
    for (i = 0; i < ENCAP_COUNT; i++)
        st->encaps[i] += n->encaps[i];
    st->evicted_streams += n->evicted_streams;
    st->evicted_datagrams += n->evicted_datagrams;
    if (n->memory_peak > st->memory_peak)
        st->memory_peak = n->memory_peak;
}

/* ---- the same findings for other readers (cli_live.c, cli_listen.c) ---- */

struct run *report_new(const struct opts *o, struct stats *st, const char *name)
{
    struct run *r = calloc(1, sizeof *r);

    if (r == NULL)
        return NULL;
    r->o = o;
    r->st = st;
    r->name = name;
    return r;
}

void report_name(struct run *r, const char *name)
{
    r->name = name;
}

void report_set_hook(struct run *r, report_hook *hook, void *ctx)
{
    r->hook = hook;
    r->hook_ctx = ctx;
}

void report_callbacks(struct capture_callbacks *cb)
{
    cb->response = on_response;
    cb->skip = on_skip;
    cb->problem = on_problem;
}

void report_counters(struct stats *st, const struct cap_counters *n)
{
    add_counters(st, n);
}

void report_free(struct run *r)
{
    free(r);
}

int check_capture(const struct opts *o, struct stats *st, struct cap_input *in, int fd,
                  const char *name, enum cap_format format)
{
    struct capture_config cfg;
    struct capture_callbacks cb = {on_response, on_skip, on_problem};
    struct cap_record rec;
    struct cap_file *f;
    struct capture *c;
    struct run r;
    struct stat sb;
    size_t frame = 0;
    int rc, status = 0;
    int unknown = -2; /* the last link type said to be unknown */

    memset(&r, 0, sizeof r);
    r.o = o;
    r.st = st;
    r.name = name;
    r.in = in;
    r.progress = status_wanted(o);
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
        r.total = sb.st_size;
    clock_gettime(CLOCK_MONOTONIC, &r.started);
    r.drawn = r.started;
    cfg.sip_ports = o->ports;
    cfg.nsip_ports = o->nports;
    cfg.hep_port = o->hep_port;
    cfg.max_memory = o->max_memory;
    f = file_open(in, format);
    c = capture_new(&cfg, &cb, &r);
    if (f == NULL || c == NULL) {
        fprintf(stderr, "%s: %s: out of memory\n", PROG, name);
        file_close(f);
        capture_free(c);
        return -1;
    }
    st->captures++;
    if (r.progress && r.total == 0)
        input_on_idle(in, progress_idle, &r, 1000);
    while ((rc = file_next(f, &rec)) == 1) {
        if (rec.linktype == LINK_JUNK) {
            st->skips[SKIP_HEP]++;
            st->warnings++;
            status_yield(o->json ? stderr : stdout);
            if (!o->quiet)
                fprintf(o->json ? stderr : stdout, "%s: warning: byte %llu: %zu bytes that are "
                        "not a HEP packet skipped\n", name, rec.offset, rec.caplen);
            continue;
        }
        r.frames = ++frame;
        if (rec.linktype == LINK_HEP) {
            capture_hep(c, frame, rec.sec, rec.nsec, rec.data, rec.caplen);
        } else {
            if (!capture_linktype_known(rec.linktype) && rec.linktype != unknown) {
                const char *nm = pcap_datalink_val_to_name(rec.linktype);
                status_hide();
                fflush(stdout);
                fprintf(stderr, "%s: %s: link type %s (%d) is not supported; no frame of it is "
                        "checked\n", PROG, name, nm ? nm : "unknown", rec.linktype);
                unknown = rec.linktype;
                status = -1;
            }
            capture_frame(c, rec.linktype, frame, rec.sec, rec.nsec, rec.nano, rec.data,
                          rec.caplen, rec.wirelen);
        }
        /* a file: the clock read every 4096 frames; a pipe, which may
         * bring a frame a minute: every frame */
        if ((frame & 4095) == 0 || r.total == 0)
            progress(&r, 0);
    }
    if (rc < 0) {
        /* nothing after damage can be found: the file's framing is lost */
        status_hide();
        fflush(stdout);
        fprintf(stderr, "%s: %s: %s; the rest of the file is not checked\n", PROG, name,
                file_error(f));
        status = -1;
    }
    capture_finish(c);
    add_counters(st, capture_counters(c));
    capture_free(c);
    file_close(f);
    progress(&r, 1);
    input_on_idle(in, NULL, NULL, 0); /* r goes out of scope */
    return status;
}
