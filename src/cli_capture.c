/* cli_capture.c - `sipstatus check` on captures: pcap and pcapng through
 * libpcap, files of HEP v3 packets; findings, progress and totals. */
#define _GNU_SOURCE /* fopencookie, gmtime_r */
#include "cli.h"

#include <arpa/inet.h>
#include <errno.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"

#define HEP_MAX 65535

/* One capture file being checked. */
struct run {
    const struct opts *o;
    struct stats *st;
    const char *name;
    int nano;          /* print nanoseconds */
    /* progress */
    int progress;
    off_t total;       /* file size, 0 when unknown */
    FILE *fp;          /* for ftell, or NULL */
    size_t bytes;      /* bytes read, when fp can't tell */
    struct timespec started, drawn;
};

enum input_kind input_kind(const unsigned char *m, size_t n)
{
    if (n < 4)
        return INPUT_TEXT;
    if ((m[0] == 0xA1 && m[1] == 0xB2 && m[2] == 0xC3 && m[3] == 0xD4) ||
        (m[0] == 0xD4 && m[1] == 0xC3 && m[2] == 0xB2 && m[3] == 0xA1))
        return INPUT_PCAP;
    if ((m[0] == 0xA1 && m[1] == 0xB2 && m[2] == 0x3C && m[3] == 0x4D) ||
        (m[0] == 0x4D && m[1] == 0x3C && m[2] == 0xB2 && m[3] == 0xA1))
        return INPUT_PCAP_NANO;
    if (m[0] == 0x0A && m[1] == 0x0D && m[2] == 0x0D && m[3] == 0x0A)
        return INPUT_PCAPNG;
    if (memcmp(m, "HEP3", 4) == 0)
        return INPUT_HEP;
    return INPUT_TEXT;
}

/* ---- where: "#12 2026-11-24T10:00:00.123456Z udp 10.0.0.1:5060 > ..." ---- */

static void put_time(FILE *out, const struct run *r, int64_t sec, uint32_t nsec)
{
    time_t t = (time_t)sec;
    struct tm tm;
    char when[32];

    if (gmtime_r(&t, &tm) == NULL || strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm) == 0)
        snprintf(when, sizeof when, "@%lld", (long long)sec);
    if (r->nano)
        fprintf(out, "%s.%09luZ", when, (unsigned long)nsec);
    else
        fprintf(out, "%s.%06luZ", when, (unsigned long)(nsec / 1000));
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

static void put_where(FILE *out, const struct run *r, const struct cap_info *in)
{
    fprintf(out, "%s:#%zu ", r->name, in->frame);
    put_time(out, r, in->sec, in->nsec);
    fprintf(out, " %s ", in->transport);
    put_addr(out, in->af, in->src, in->sport);
    fputs(" > ", out);
    put_addr(out, in->af, in->dst, in->dport);
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

static void progress(struct run *r, int last)
{
    double mb, secs;
    long pos;

    if (!r->progress || (!last && seconds_since(&r->drawn) < 0.25))
        return;
    clock_gettime(CLOCK_MONOTONIC, &r->drawn);
    if (last) {
        fputs("\r\033[K", stderr);
        return;
    }
    pos = r->fp ? ftell(r->fp) : -1;
    mb = (pos >= 0 ? (double)pos : (double)r->bytes) / 1e6;
    secs = seconds_since(&r->started);
    fprintf(stderr, "\r\033[K%s: %s", PROG, r->name);
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
    fprintf(stderr, ", %zu responses, %.1f MB/s", r->st->responses, secs > 0 ? mb / secs : 0.0);
    fflush(stderr);
}

/* ---- the decoder's callbacks ---- */

static void on_skip(void *ctx, enum cap_skip why)
{
    struct run *r = ctx;
    r->st->skips[why]++;
}

static void on_problem(void *ctx, const struct cap_info *in, const char *text)
{
    struct run *r = ctx;
    FILE *out = r->o->json ? stderr : stdout;

    r->st->warnings++;
    put_where(out, r, in);
    fprintf(out, ": warning: %s\n", text);
}

static void print_json(const struct run *r, const struct cap_info *in, const char *line,
                       size_t n, int rc, const struct sipstatus_line *l)
{
    printf("{\"file\": ");
    put_json_string(stdout, r->name, strlen(r->name));
    printf(", \"frame\": %zu, \"time\": \"", in->frame);
    put_time(stdout, r, in->sec, in->nsec);
    printf("\", \"transport\": \"%s\", \"src\": ", in->transport);
    put_json_addr(stdout, in->af, in->src, in->sport);
    printf(", \"dst\": ");
    put_json_addr(stdout, in->af, in->dst, in->dport);
    printf(", \"offset\": %zu, \"line\": ", in->offset);
    put_json_string(stdout, line, n);
    printf(", \"result\": \"%s\", ", rc == SIPSTATUS_OK ? "OK" : sipstatus_errname(rc));
    if (rc == SIPSTATUS_OK) {
        printf("\"error_offset\": null, \"code\": %u, \"reason\": ", l->code);
        put_json_string(stdout, l->reason, l->reason_len);
    } else {
        printf("\"error_offset\": %zu, \"code\": null, \"reason\": null",
               rc == SIPSTATUS_INCOMPLETE ? n : l->error_offset);
    }
    printf(", \"notes\": ");
    put_json_notes(stdout, rc == SIPSTATUS_OK ? l->notes : 0);
    printf(", \"partial\": %s}\n", in->partial ? "true" : "false");
}

static void on_response(void *ctx, const struct cap_info *in, const char *msg, size_t len)
{
    struct run *r = ctx;
    struct stats *st = r->st;
    struct sipstatus_line l;
    const char *lf;
    size_t n;
    int rc;

    rc = sipstatus_parse(msg, len, r->o->flags, &l);
    /* the line shown: up to its LF, without a CR just before it */
    lf = memchr(msg, '\n', len);
    n = lf ? (size_t)(lf - msg) : len;
    if (lf && n > 0 && msg[n - 1] == '\r')
        n--;
    if (rc == SIPSTATUS_INCOMPLETE && (in->truncated || in->partial)) {
        /* the line went on in bytes that were not captured */
        st->skips[in->truncated                      ? SKIP_TRUNCATED
                  : strncmp(in->transport, "tcp", 3) == 0 ? SKIP_UNFRAMED
                                                         : SKIP_FRAGMENT]++;
        st->warnings++;
        put_where(r->o->json ? stderr : stdout, r, in);
        fprintf(r->o->json ? stderr : stdout,
                ": warning: the status line goes on past the captured bytes; not checked\n");
        return;
    }
    st->responses++;
    if (rc == SIPSTATUS_OK) {
        unsigned i;
        st->valid++;
        st->codes[l.code < 700 ? l.code : 0]++;
        for (i = 0; i < SIPSTATUS_NOTE_COUNT; i++)
            if (l.notes & (1u << i))
                st->notes[i]++;
    } else {
        st->invalid++;
        if (rc == SIPSTATUS_INCOMPLETE)
            st->incomplete++;
        else
            st->kinds[KIND_SLOT(rc)]++;
    }
    if (r->o->json) {
        print_json(r, in, msg, n, rc, &l);
    } else if (rc != SIPSTATUS_OK) {
        size_t off = rc == SIPSTATUS_INCOMPLETE ? len : l.error_offset;
        put_where(stdout, r, in);
        printf(": error: %s (%s) at byte %zu\n",
               rc == SIPSTATUS_INCOMPLETE ? "the message ends inside the status line"
                                          : sipstatus_strerror(rc),
               sipstatus_errname(rc), off);
        put_line_window(stdout, msg, n, off);
    } else if (r->o->notes) {
        unsigned bit;
        for (bit = 1; bit < (1u << SIPSTATUS_NOTE_COUNT); bit <<= 1) {
            const char *text = sipstatus_notetext(bit), *nm = sipstatus_notename(bit);
            if (!(l.notes & bit))
                continue;
            put_where(stdout, r, in);
            printf(": note: %s (%s)\n", text ? text : "?", nm ? nm : "?");
        }
    }
}

/* ---- standard input: the bytes already read, then the rest ---- */

struct prefixed {
    FILE *fp;
    int owned;          /* close fp with the wrapper */
    unsigned char magic[4];
    size_t n, pos;
    size_t *bytes;
};

static ssize_t prefixed_read(void *cookie, char *buf, size_t size)
{
    struct prefixed *p = cookie;
    size_t got = 0;

    while (p->pos < p->n && got < size)
        buf[got++] = (char)p->magic[p->pos++];
    if (got < size)
        got += fread(buf + got, 1, size - got, p->fp);
    *p->bytes += got;
    if (got == 0 && ferror(p->fp))
        return -1;
    return (ssize_t)got;
}

static int prefixed_close(void *cookie)
{
    struct prefixed *p = cookie;
    int rc = p->owned ? fclose(p->fp) : 0;
    free(p);
    return rc;
}

/* ---- pcap and pcapng ---- */

static int check_pcap(struct run *r, FILE *fp, int owned, enum input_kind kind,
                      const unsigned char *magic, size_t n)
{
    struct capture_config cfg;
    struct capture_callbacks cb = {on_response, on_skip, on_problem};
    struct capture *c;
    char errbuf[PCAP_ERRBUF_SIZE];
    struct pcap_pkthdr *h;
    const u_char *data;
    size_t frame = 0;
    pcap_t *p;
    int rc, dlt, status = 0;

    if (owned && fseek(fp, 0, SEEK_SET) == 0) {
        r->fp = fp;
    } else { /* a pipe, or stdin: libpcap gets the bytes already read first */
        struct prefixed *pre = calloc(1, sizeof *pre);
        cookie_io_functions_t io = {prefixed_read, NULL, NULL, prefixed_close};
        FILE *wrapped;

        if (pre == NULL) {
            fprintf(stderr, "%s: out of memory\n", PROG);
            exit(EXIT_USAGE);
        }
        pre->fp = fp;
        pre->owned = owned;
        memcpy(pre->magic, magic, n);
        pre->n = n;
        pre->bytes = &r->bytes;
        wrapped = fopencookie(pre, "rb", io);
        if (wrapped == NULL) {
            fprintf(stderr, "%s: %s: %s\n", PROG, r->name, strerror(errno));
            free(pre);
            if (owned)
                fclose(fp);
            return -1;
        }
        fp = wrapped;
    }
    errbuf[0] = '\0';
    p = pcap_fopen_offline_with_tstamp_precision(fp, PCAP_TSTAMP_PRECISION_NANO, errbuf);
    if (p == NULL) {
        fprintf(stderr, "%s: %s: not a capture libpcap can read: %s\n", PROG, r->name, errbuf);
        fclose(fp);
        return -1;
    }
    r->st->captures++;
    r->nano = kind != INPUT_PCAP;
    dlt = pcap_datalink(p);
    if (!capture_linktype_known(dlt)) {
        const char *nm = pcap_datalink_val_to_name(dlt);
        fflush(stdout);
        fprintf(stderr, "%s: %s: link type %s (%d) is not supported; no frame of this file "
                "is checked\n", PROG, r->name, nm ? nm : "unknown", dlt);
        status = -1;
    }
    cfg.sip_ports = r->o->ports;
    cfg.nsip_ports = r->o->nports;
    cfg.hep_port = r->o->hep_port;
    c = capture_new(dlt, &cfg, &cb, r);
    if (c == NULL) {
        fprintf(stderr, "%s: out of memory\n", PROG);
        exit(EXIT_USAGE);
    }
    while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
        frame++;
        r->st->frames++;
        capture_frame(c, frame, (int64_t)h->ts.tv_sec, (uint32_t)h->ts.tv_usec, data,
                      h->caplen, h->len);
        if ((frame & 4095) == 0)
            progress(r, 0);
    }
    if (rc == PCAP_ERROR) {
        /* libpcap stops at a damaged record: nothing after it can be found */
        fflush(stdout);
        fprintf(stderr, "%s: %s: damaged after frame #%zu: %s; the rest of the file is not "
                "checked\n", PROG, r->name, frame, pcap_geterr(p));
        status = -1;
    }
    capture_finish(c);
    capture_free(c);
    pcap_close(p); /* closes fp, and the file under the wrapper if owned */
    progress(r, 1);
    return status;
}

/* ---- a file of HEP v3 packets ---- */

static int check_hep_file(struct run *r, FILE *fp, const unsigned char *magic, size_t n)
{
    struct capture_config cfg;
    struct capture_callbacks cb = {on_response, on_skip, on_problem};
    struct capture *c;
    unsigned char *buf = xrealloc(NULL, 2 * HEP_MAX);
    size_t len = n, pos = 0, packet = 0, offset = 0;
    int eof = 0, status = 0;

    memcpy(buf, magic, n);
    cfg.sip_ports = r->o->ports;
    cfg.nsip_ports = r->o->nports;
    cfg.hep_port = r->o->hep_port;
    c = capture_new(-1, &cfg, &cb, r);
    if (c == NULL) {
        fprintf(stderr, "%s: out of memory\n", PROG);
        exit(EXIT_USAGE);
    }
    r->st->captures++;
    for (;;) {
        size_t total;

        /* at least one whole packet (at most HEP_MAX bytes) in the buffer */
        if (!eof && len - pos < HEP_MAX) {
            memmove(buf, buf + pos, len - pos);
            offset += pos;
            len -= pos;
            pos = 0;
            while (!eof && len < 2 * HEP_MAX) {
                size_t got = fread(buf + len, 1, 2 * HEP_MAX - len, fp);
                r->bytes += got;
                len += got;
                if (got == 0) {
                    eof = 1;
                    if (ferror(fp)) {
                        fprintf(stderr, "%s: %s: %s\n", PROG, r->name, strerror(errno));
                        status = -1;
                    }
                }
            }
        }
        if (pos == len)
            break;
        if (len - pos >= 4 && memcmp(buf + pos, "HEP3", 4) == 0 &&
            (len - pos < 6 || (total = (size_t)buf[pos + 4] << 8 | buf[pos + 5]) > len - pos)) {
            printf("%s: warning: byte %zu: the file ends inside a HEP packet\n", r->name,
                   offset + pos);
            r->st->warnings++;
            r->st->skips[SKIP_HEP]++;
            status = -1;
            break;
        }
        if (len - pos < 4 || memcmp(buf + pos, "HEP3", 4) != 0) {
            size_t from = pos;
            pos++; /* not a packet here: find the next "HEP3" */
            while (pos + 4 <= len && memcmp(buf + pos, "HEP3", 4) != 0)
                pos++;
            if (pos + 4 > len)
                pos = eof ? len : len - 3;
            printf("%s: warning: byte %zu: %zu bytes that are not a HEP v3 packet skipped\n",
                   r->name, offset + from, pos - from);
            r->st->warnings++;
            r->st->skips[SKIP_HEP]++;
            continue;
        }
        total = (size_t)buf[pos + 4] << 8 | buf[pos + 5];
        r->st->frames++;
        /* a length below 6 is reported as broken; step over the magic */
        capture_hep(c, ++packet, 0, 0, buf + pos, total >= 6 ? total : len - pos);
        pos += total >= 6 ? total : 4;
        if ((packet & 4095) == 0)
            progress(r, 0);
    }
    capture_finish(c);
    capture_free(c);
    free(buf);
    progress(r, 1);
    return status;
}

int check_capture(const struct opts *o, struct stats *st, FILE *fp, int owned,
                  const char *name, enum input_kind kind, const unsigned char *magic,
                  size_t n)
{
    struct run r;
    struct stat sb;
    int status;

    memset(&r, 0, sizeof r);
    r.o = o;
    r.st = st;
    r.name = name;
    r.progress = !o->quiet && isatty(STDERR_FILENO);
    if (fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode))
        r.total = sb.st_size;
    clock_gettime(CLOCK_MONOTONIC, &r.started);
    r.drawn = r.started;
    if (kind == INPUT_HEP) {
        status = check_hep_file(&r, fp, magic, n);
        if (owned)
            fclose(fp);
        else
            clearerr(fp);
        return status;
    }
    return check_pcap(&r, fp, owned, kind, magic, n);
}
