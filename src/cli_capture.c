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
    /* told of every response checked (listen's metrics), or NULL */
    run_hook *hook;
    void *hook_ctx;
};

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
    struct record rec;

    memset(&rec, 0, sizeof rec);
    rec.kind = REC_SKIP;
    rec.file = r->name;
    rec.where = in;
    rec.skip = why;
    report_record(r->o, &rec);
}

static void warn(struct run *r, const struct cap_info *in, const char *text, const char *detail)
{
    struct record rec;

    r->st->warnings++;
    memset(&rec, 0, sizeof rec);
    rec.kind = REC_WARNING;
    rec.file = r->name;
    rec.where = in;
    rec.text = text;
    rec.detail = detail;
    report_record(r->o, &rec);
}

static void on_problem(void *ctx, const struct cap_info *in, enum cap_problem what,
                       const char *detail)
{
    warn(ctx, in, cap_problem_text(what), detail);
}

static void on_response(void *ctx, const struct cap_info *in, const char *msg, size_t len,
                        const struct cap_message *facts)
{
    struct run *r = ctx;
    struct cap_message read;
    struct sipstatus_line l;
    struct record rec;
    const char *line, *lf;
    size_t n;
    int rc;

    /* the message from the payload's first byte: the parser skips the
     * CRLFs before its status line */
    rc = sipstatus_parse(msg, len, r->o->flags | SIPSTATUS_SKIP_CRLF, &l);
    if (report_count_only(r->o, 1, rc, &l))
        goto counted; /* valid, and no writer shows it */
    line = msg + (l.start <= len ? l.start : len);
    /* the line shown: up to its LF, without a CR just before it */
    lf = memchr(line, '\n', (size_t)(msg + len - line));
    n = lf ? (size_t)(lf - line) : (size_t)(msg + len - line);
    if (lf && n > 0 && line[n - 1] == '\r')
        n--;
    if (rc == SIPSTATUS_INCOMPLETE && (in->truncated || in->partial)) {
        /* the line went on in bytes that were not captured */
        r->st->skips[in->truncated ? SKIP_TRUNCATED
                     : in->transport == TRANSPORT_TCP ? SKIP_UNFRAMED
                                                      : SKIP_FRAGMENT]++;
        warn(r, in, cap_problem_text(PROB_LINE_CUT), NULL);
        return;
    }
    memset(&rec, 0, sizeof rec);
    rec.kind = REC_RESPONSE;
    rec.file = r->name;
    rec.where = in;
    rec.msg = facts;
    if (!facts->read && report_wants_ids(r->o, rc, &l)) {
        cap_message_read(msg, len, &read); /* only for what is written */
        rec.msg = &read;
    }
    rec.rc = rc;
    rec.l = &l;
    rec.line = line;
    rec.line_len = n;
    /* offsets from the status line's 'S' */
    rec.error_offset = rc == SIPSTATUS_INCOMPLETE ? (size_t)(msg + len - line)
                       : rc < 0 && l.error_offset >= l.start ? l.error_offset - l.start : 0;
    report_record(r->o, &rec);
counted:
    if (r->hook != NULL)
        r->hook(r->hook_ctx, in, rc, &l);
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

struct run *run_new(const struct opts *o, struct stats *st, const char *name)
{
    struct run *r = calloc(1, sizeof *r);

    if (r == NULL)
        return NULL;
    r->o = o;
    r->st = st;
    r->name = name;
    return r;
}

void run_name(struct run *r, const char *name)
{
    r->name = name;
}

void run_set_hook(struct run *r, run_hook *hook, void *ctx)
{
    r->hook = hook;
    r->hook_ctx = ctx;
}

void run_callbacks(struct capture_callbacks *cb)
{
    cb->response = on_response;
    cb->skip = on_skip;
    cb->problem = on_problem;
}

void run_counters(struct stats *st, const struct cap_counters *n)
{
    add_counters(st, n);
}

void run_free(struct run *r)
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
            struct record w;
            char text[96];
            st->skips[SKIP_HEP]++;
            st->warnings++;
            snprintf(text, sizeof text, "byte %llu: %zu bytes that are not a HEP packet skipped",
                     rec.offset, rec.caplen);
            memset(&w, 0, sizeof w);
            w.kind = REC_WARNING;
            w.file = name;
            w.text = text;
            report_record(o, &w);
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
