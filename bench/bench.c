/* SPDX-License-Identifier: MIT */
/* bench.c - times sipstatus_parse() against the memchr floor, sscanf and the SIP stacks Debian packages, on corpora made in memory. */
/*
 * Every contestant walks the same buffer of CRLF-ended lines, front to
 * back, the way a proxy or a capture validator meets them: it must find
 * where each line ends and say whether the line is valid, and it adds the
 * code of each line it accepts to a checksum, so that no work can be
 * optimised away.  A parser that needs the line in a buffer of its own
 * (NUL-terminated, writable, or followed by an empty header block) gets a
 * copy, and the copy is part of its time.
 *
 * Usage: bench [-r REPS] [-n LINES] [-c NAME] [-s SET] [-l]
 *   -r REPS   timed passes per contestant and set (default 7)
 *   -n LINES  lines of the standard corpus (default 1000000); the other
 *             sets scale with it
 *   -c NAME   only this contestant; repeat for several (the ratio columns
 *             need memchr and strict among them)
 *   -s SET    only this set: std, long, invalid or stream (one line fed
 *             one byte per call to sipstatus_parse_next())
 *   -l        list the contestants compiled in and exit
 * `make bench-instr` (scripts/bench-instr) runs it under callgrind with
 * -r 1 -c NAME -s SET, collecting only inside bench_pass().
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sipstatus.h"

#ifdef HAVE_OSIP
#include <osipparser2/osip_parser.h>
#endif
/* libre before sofia-sip: sofia-sip defines a macro sip_request() that
 * would garble libre's function of that name. */
#ifdef HAVE_RE
#include <re/re.h>
#endif
#ifdef HAVE_SOFIA
#include <sofia-sip/msg.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_protos.h>
#include <sofia-sip/su_alloc.h>
#endif

#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

/* ---- counting allocations -------------------------------------------- */

/* With glibc, malloc and friends are replaced by wrappers that count calls
 * and hand over to glibc's own allocator, so the table can show how many
 * allocations each contestant makes per line (shared libraries included). */
#if defined(__GLIBC__) && !defined(BENCH_NO_ALLOC_COUNT)
void *__libc_malloc(size_t n);
void *__libc_calloc(size_t k, size_t n);
void *__libc_realloc(void *p, size_t n);
void __libc_free(void *p);
static unsigned long long alloc_calls;

void *malloc(size_t n);
void *calloc(size_t k, size_t n);
void *realloc(void *p, size_t n);
void free(void *p);

void *malloc(size_t n)
{
    alloc_calls++;
    return __libc_malloc(n);
}
void *calloc(size_t k, size_t n)
{
    alloc_calls++;
    return __libc_calloc(k, n);
}
void *realloc(void *p, size_t n)
{
    alloc_calls++;
    return __libc_realloc(p, n);
}
void free(void *p) { __libc_free(p); }
#define ALLOC_COUNTING 1
#else
static unsigned long long alloc_calls;
#define ALLOC_COUNTING 0
#endif

/* ---- corpora ---------------------------------------------------------- */

/* splitmix64: small, fixed, the same stream on every machine. */
static uint64_t rng_state;
static uint64_t rng(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}
static unsigned below(unsigned n) { return (unsigned)(rng() % n); }

struct corpus {
    const char *name;
    char *buf;
    size_t len, lines, cap;
};

static void put(struct corpus *c, const char *s, size_t n)
{
    if (c->len + n > c->cap) {
        c->cap = (c->cap + n) * 2;
        c->buf = realloc(c->buf, c->cap);
        if (!c->buf) {
            perror("bench");
            exit(2);
        }
    }
    memcpy(c->buf + c->len, s, n);
    c->len += n;
}

/* The mix, in tenths of a percent. */
static const struct {
    unsigned weight;
    const char *line;
} mix[] = {
    {200, "SIP/2.0 100 Trying\r\n"},
    {150, "SIP/2.0 180 Ringing\r\n"},
    {50, "SIP/2.0 183 Session Progress\r\n"},
    {350, "SIP/2.0 200 OK\r\n"},
    {50, "SIP/2.0 401 Unauthorized\r\n"},
    {80, "SIP/2.0 407 Proxy Authentication Required\r\n"},
    {30, "SIP/2.0 486 Busy Here\r\n"},
    {50, "SIP/2.0 487 Request Terminated\r\n"},
    {20, "SIP/2.0 503 Service Unavailable\r\n"},
    {5, "SIP/2.0 404 Not Found\r\n"},
    {5, "SIP/2.0 408 Request Timeout\r\n"},
    {5, "SIP/2.0 480 Temporarily Unavailable\r\n"},
    {5, "SIP/2.0 603 Decline\r\n"},
};

static const char *mix_line(void)
{
    unsigned w = below(1000);
    size_t i = 0;
    while (w >= mix[i].weight)
        w -= mix[i++].weight;
    return mix[i].line;
}

static void make_std(struct corpus *c, size_t lines)
{
    c->name = "std";
    for (size_t i = 0; i < lines; i++) {
        const char *s = mix_line();
        put(c, s, strlen(s));
    }
    c->lines = lines;
}

/* Reasons of 200-1000 bytes: words of every ABNF-valid ASCII class, escapes,
 * and RFC 3629 characters of 2, 3 and 4 bytes.  Valid under every flag set. */
static void make_long(struct corpus *c, size_t lines)
{
    static const char *const words[] = {
        "call", "Forwarded", "to", "voicemail", "(busy)", "user@example.com;tag=1",
        "a/b?c:d", "50%25", "%C3%A9t%C3%A9", "x-y_z.w!~*'", "\t", "caf\xc3\xa9",
        "\xe2\x82\xac", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", "\xf0\x9f\x93\x9e",
        "\xd0\x97\xd0\xb0\xd0\xbd\xd1\x8f\xd1\x82\xd0\xbe", "$+,=&"};
    static const unsigned codes[] = {180, 183, 200, 480, 486, 503, 603};
    c->name = "long";
    for (size_t i = 0; i < lines; i++) {
        char head[16];
        unsigned target = 200 + below(801), n = 0;
        snprintf(head, sizeof head, "SIP/2.0 %u ", codes[below(7)]);
        put(c, head, 12);
        while (n < target) {
            const char *w = words[below(sizeof words / sizeof words[0])];
            size_t k = strlen(w);
            if (n + k + 1 > 1000)
                break;
            if (n > 0) {
                put(c, " ", 1);
                n++;
            }
            put(c, w, k);
            n += (unsigned)k;
        }
        put(c, "\r\n", 2);
    }
    c->lines = lines;
}

/* Standard lines with one byte before the CRLF replaced by a byte that no
 * Status-Line allows there, under any flag set (the LF stays, so the
 * lines still end where they did). */
static void make_invalid(struct corpus *c, size_t lines)
{
    static const char bad[] = {0x00, 0x01, 0x7f, '"', '<', '\\', (char)0xfe, (char)0xff};
    c->name = "invalid";
    for (size_t i = 0; i < lines; i++) {
        char line[64];
        const char *s = mix_line();
        size_t n = strlen(s);
        memcpy(line, s, n);
        line[below((unsigned)n - 1)] = bad[below(sizeof bad)];
        put(c, line, n);
    }
    c->lines = lines;
}

/* ---- contestants ------------------------------------------------------ */

struct tally {
    size_t lines, accepted;
    unsigned long long sum; /* of the codes accepted */
};

static void count(struct tally *t, int ok, unsigned code)
{
    t->lines++;
    if (ok) {
        t->accepted++;
        t->sum += code;
    }
}

static const char *line_end(const char *p, const char *end)
{
    const char *lf = memchr(p, '\n', (size_t)(end - p));
    return lf ? lf + 1 : end;
}

/* The floor: find each line end, nothing else. */
static void run_memchr(const char *buf, size_t len, struct tally *t)
{
    const char *p = buf, *end = buf + len;
    while (p < end) {
        const char *next = line_end(p, end);
        count(t, 1, (unsigned)(next - p));
        p = next;
    }
}

static void run_sipstatus(const char *buf, size_t len, unsigned flags, struct tally *t)
{
    const char *p = buf, *end = buf + len;
    while (p < end) {
        struct sipstatus_line line;
        int r = sipstatus_parse(p, (size_t)(end - p), flags, &line);
        count(t, r == SIPSTATUS_OK, line.code);
        if (r == SIPSTATUS_OK)
            p += line.length;
        else /* resynchronise at the next line, as a validator must */
            p = line_end(p + (r < 0 ? line.error_offset : 0), end);
    }
}

static void run_strict(const char *b, size_t n, struct tally *t) { run_sipstatus(b, n, 0, t); }
static void run_lenient(const char *b, size_t n, struct tally *t)
{
    run_sipstatus(b, n, SIPSTATUS_LENIENT, t);
}
static void run_strict_utf8(const char *b, size_t n, struct tally *t)
{
    run_sipstatus(b, n, SIPSTATUS_STRICT_UTF8, t);
}

/* Copies the line into scratch, with what the parser needs after it. */
static size_t copy_line(char *scratch, size_t cap, const char *p, size_t n,
                        const char *tail, size_t tail_len)
{
    if (n + tail_len > cap)
        n = cap - tail_len;
    memcpy(scratch, p, n);
    memcpy(scratch + n, tail, tail_len);
    return n + tail_len;
}

static char scratch[2048];

/* The naive way: sscanf on a NUL-terminated copy. */
static void run_sscanf(const char *buf, size_t len, struct tally *t)
{
    const char *p = buf, *end = buf + len;
    while (p < end) {
        const char *next = line_end(p, end);
        unsigned major, minor, code;
        int used = -1;
        copy_line(scratch, sizeof scratch, p, (size_t)(next - p), "", 1);
        int ok = sscanf(scratch, "SIP/%u.%u %u %n", &major, &minor, &code, &used) == 3 &&
                 used > 0 && code >= 100 && code <= 699;
        count(t, ok, code);
        p = next;
    }
}

#ifdef HAVE_OSIP
static void osip_quiet(const char *file, int line, osip_trace_level_t level,
                       const char *fmt, va_list ap)
{
    (void)file, (void)line, (void)level, (void)fmt, (void)ap;
}

/* oSIP: the line and an empty header block, as a whole message. */
static void run_osip(const char *buf, size_t len, struct tally *t)
{
    const char *p = buf, *end = buf + len;
    while (p < end) {
        const char *next = line_end(p, end);
        osip_message_t *msg;
        size_t n = copy_line(scratch, sizeof scratch, p, (size_t)(next - p), "\r\n", 3) - 1;
        int ok = 0;
        unsigned code = 0;
        if (osip_message_init(&msg) == 0) {
            ok = osip_message_parse(msg, scratch, n) == 0;
            code = ok ? (unsigned)osip_message_get_status_code(msg) : 0;
            osip_message_free(msg);
        }
        count(t, ok, code);
        p = next;
    }
}
#endif

#ifdef HAVE_SOFIA
/* sofia-sip's status-line decoder alone: it writes into its input. */
static void run_sofia_status(const char *buf, size_t len, struct tally *t)
{
    const char *p = buf, *end = buf + len;
    su_home_t home[1] = {SU_HOME_INIT(home)};
    while (p < end) {
        const char *next = line_end(p, end);
        size_t n = (size_t)(next - p);
        sip_status_t st[1];
        n -= n >= 2 && p[n - 2] == '\r' ? 2 : 1; /* the decoder gets the line without its end */
        copy_line(scratch, sizeof scratch, p, n, "", 1);
        sip_status_init(st);
        int ok = sip_status_d(home, (msg_header_t *)st, scratch, (isize_t)n) >= 0;
        count(t, ok, ok ? (unsigned)st->st_status : 0);
        p = next;
    }
    su_home_deinit(home);
}

/* sofia-sip's message parser on the line and an empty header block. */
static void run_sofia_msg(const char *buf, size_t len, struct tally *t)
{
    const char *p = buf, *end = buf + len;
    msg_mclass_t const *mc = sip_default_mclass();
    while (p < end) {
        const char *next = line_end(p, end);
        size_t n = copy_line(scratch, sizeof scratch, p, (size_t)(next - p), "\r\n", 2);
        msg_t *msg = msg_make(mc, 0, scratch, (ssize_t)n);
        sip_t *sip = msg ? sip_object(msg) : NULL;
        int ok = sip && sip->sip_status && !sip->sip_error;
        count(t, ok, ok ? (unsigned)sip->sip_status->st_status : 0);
        if (msg)
            msg_destroy(msg);
        p = next;
    }
}
#endif

#ifdef HAVE_RE
/* libre refuses a message without these (ENODATA), so it gets them: its
 * time includes parsing five short headers. */
static const char re_headers[] = "Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCSeq: 1 INVITE\r\n"
                                 "Call-ID: c\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\n\r\n";

/* libre: sip_msg_decode on the line and the least header block it takes. */
static void run_re(const char *buf, size_t len, struct tally *t)
{
    const char *p = buf, *end = buf + len;
    struct mbuf *mb = mbuf_alloc(2048);
    while (p < end) {
        const char *next = line_end(p, end);
        struct sip_msg *msg = NULL;
        mbuf_rewind(mb);
        mbuf_write_mem(mb, (const uint8_t *)p, (size_t)(next - p));
        mbuf_write_mem(mb, (const uint8_t *)re_headers, sizeof re_headers - 1);
        mbuf_set_pos(mb, 0);
        int ok = sip_msg_decode(&msg, mb) == 0 && !msg->req;
        count(t, ok, ok ? msg->scode : 0);
        mem_deref(msg);
        p = next;
    }
    mem_deref(mb);
}
#endif

struct contestant {
    const char *name;
    void (*run)(const char *buf, size_t len, struct tally *t);
    const char *what;
};

static const struct contestant contestants[] = {
    {"memchr", run_memchr, "memchr for each LF: the floor"},
    {"strict", run_strict, "sipstatus_parse, flags 0"},
    {"lenient", run_lenient, "sipstatus_parse, SIPSTATUS_LENIENT"},
    {"strict_utf8", run_strict_utf8, "sipstatus_parse, SIPSTATUS_STRICT_UTF8"},
    {"sscanf", run_sscanf, "sscanf(\"SIP/%u.%u %u %n\") on a NUL-terminated copy"},
#ifdef HAVE_OSIP
    {"osip", run_osip, "oSIP osip_message_parse, line + CRLF, init/free per line"},
#endif
#ifdef HAVE_SOFIA
    {"sofia_status", run_sofia_status, "sofia-sip sip_status_d on a copy"},
    {"sofia_msg", run_sofia_msg, "sofia-sip msg_make, line + CRLF"},
#endif
#ifdef HAVE_RE
    {"re", run_re, "libre sip_msg_decode, line + 5 mandatory headers + CRLF"},
#endif
};
#define NCONTESTANTS (sizeof contestants / sizeof contestants[0])

/* ---- timing ----------------------------------------------------------- */

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* One timed pass: the only function callgrind collects in (bench-instr). */
NOINLINE void bench_pass(const struct contestant *c, const struct corpus *k,
                         struct tally *t);
NOINLINE void bench_pass(const struct contestant *c, const struct corpus *k,
                         struct tally *t)
{
    c->run(k->buf, k->len, t);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

struct result {
    double ns[64]; /* per line, per rep */
    double median, min, max;
    struct tally t;
    double allocs; /* per line */
};

static void print_table(const struct corpus *k, const struct result *res,
                        const int *chosen, int reps)
{
    double floor_ns = chosen[0] ? res[0].median : 0, strict_ns = chosen[1] ? res[1].median : 0;
    printf("\n== %s: %zu lines, %zu bytes (%.1f bytes/line), %d reps ==\n", k->name,
           k->lines, k->len, (double)k->len / (double)k->lines, reps);
    printf("%-13s %9s %9s %17s %8s %9s %9s %9s %11s\n", "contestant", "accepted",
           "ns/line", "min-max", "MB/s", "Mlines/s", "x memchr", "x strict",
           ALLOC_COUNTING ? "allocs/line" : "");
    for (size_t i = 0; i < NCONTESTANTS; i++) {
        const struct result *r = &res[i];
        char range[40], xf[16] = "-", xs[16] = "-", al[16] = "";
        if (!chosen[i])
            continue;
        snprintf(range, sizeof range, "%.1f-%.1f", r->min, r->max);
        if (floor_ns > 0)
            snprintf(xf, sizeof xf, "%.2f", r->median / floor_ns);
        if (strict_ns > 0)
            snprintf(xs, sizeof xs, "%.2f", r->median / strict_ns);
        if (ALLOC_COUNTING)
            snprintf(al, sizeof al, "%.2f", r->allocs);
        printf("%-13s %9zu %9.1f %17s %8.0f %9.2f %9s %9s %11s\n", contestants[i].name,
               r->t.accepted, r->median, range,
               (double)k->len / (r->median * (double)k->lines) * 1e3, 1e3 / r->median, xf,
               xs, al);
    }
}

static int run_set(const struct corpus *k, const int *chosen, int reps)
{
    struct result res[NCONTESTANTS];
    int bad = 0;
    memset(res, 0, sizeof res);
    /* Reps outside, contestants inside: noise falls on all alike. */
    for (int rep = 0; rep < reps; rep++) {
        for (size_t i = 0; i < NCONTESTANTS; i++) {
            struct tally t = {0, 0, 0};
            unsigned long long a0;
            double t0;
            if (!chosen[i])
                continue;
            a0 = alloc_calls;
            t0 = now_ns();
            bench_pass(&contestants[i], k, &t);
            res[i].ns[rep] = (now_ns() - t0) / (double)k->lines;
            res[i].allocs = (double)(alloc_calls - a0) / (double)k->lines;
            res[i].t = t;
        }
    }
    for (size_t i = 0; i < NCONTESTANTS; i++) {
        double s[64];
        if (!chosen[i])
            continue;
        memcpy(s, res[i].ns, sizeof(double) * (size_t)reps);
        qsort(s, (size_t)reps, sizeof s[0], cmp_double);
        res[i].min = s[0];
        res[i].max = s[reps - 1];
        res[i].median = reps % 2 ? s[reps / 2] : (s[reps / 2 - 1] + s[reps / 2]) / 2;
    }
    print_table(k, res, chosen, reps);

    /* Sanity: every line seen by everyone; on the valid sets the sipstatus
     * variants (and on std everyone) accept every line with the same sum. */
    for (size_t i = 0; i < NCONTESTANTS; i++) {
        const struct tally *t = &res[i].t;
        int all = strcmp(k->name, "std") == 0 ||
                  (strcmp(k->name, "long") == 0 && i >= 1 && i <= 3);
        if (!chosen[i])
            continue;
        if (t->lines != k->lines) {
            printf("CHECK FAILED: %s saw %zu lines of %zu\n", contestants[i].name, t->lines,
                   k->lines);
            bad = 1;
        }
        if (all && t->accepted != k->lines) {
            printf("CHECK FAILED: %s accepted %zu lines of %zu\n", contestants[i].name,
                   t->accepted, k->lines);
            bad = 1;
        }
        if (strcmp(k->name, "invalid") == 0 && (i == 1 || i == 3) && t->accepted != 0) {
            printf("CHECK FAILED: %s accepted %zu invalid lines\n", contestants[i].name,
                   t->accepted);
            bad = 1;
        }
    }
    if (!bad)
        printf("check: every contestant saw %zu lines; %s\n", k->lines,
               strcmp(k->name, "invalid") == 0 ? "strict and strict_utf8 rejected every one"
               : strcmp(k->name, "std") == 0   ? "every contestant accepted every one"
                                               : "sipstatus accepted every one");
    printf("checksums (sum of accepted codes):");
    for (size_t i = 0; i < NCONTESTANTS; i++)
        if (chosen[i])
            printf(" %s=%llu", contestants[i].name, res[i].t.sum);
    printf("\n");
    return bad;
}

/* ---- streamed input: one byte per call -------------------------------- */

/* "SIP/2.0 200 " and a valid reason of reason_len bytes (words, escapes,
 * RFC 3629 characters), then CRLF; *len is the whole line. */
static char *long_line(size_t reason_len, size_t *len)
{
    static const char *const words[] = {"Call ", "Is ", "Being ", "Forwarded ", "%2F ",
                                        "caf\xc3\xa9 ", "\xe2\x82\xac ", "\xf0\x9f\x98\x80 "};
    char *b = malloc(12 + reason_len + 2);
    size_t n = 12, w = 0;
    if (!b)
        exit(2);
    memcpy(b, "SIP/2.0 200 ", 12);
    while (n < 12 + reason_len) {
        const char *word = words[w++ % 8];
        size_t k = strlen(word);
        if (n + k > 12 + reason_len) /* pad with letters to the exact length */
            word = "xxxxxxxxxx", k = 12 + reason_len - n;
        memcpy(b + n, word, k);
        n += k;
    }
    memcpy(b + n, "\r\n", 2);
    *len = n + 2;
    return b;
}

/* The line fed one byte per call, as a proxy reading TCP would: with
 * sipstatus_parse_next() (resumed), or with sipstatus_parse() re-called on
 * the whole buffer each time (the re-scan).  Nanoseconds for all calls. */
static double stream_ns(const char *line, size_t len, int resumed, int *ok)
{
    struct sipstatus_state st;
    struct sipstatus_line l;
    int r = SIPSTATUS_INCOMPLETE;
    double t0 = now_ns();
    sipstatus_state_init(&st);
    for (size_t k = 1; k <= len; k++)
        r = resumed ? sipstatus_parse_next(line, k, 0, &l, &st) : sipstatus_parse(line, k, 0, &l);
    *ok = r == SIPSTATUS_OK && l.length == len;
    return now_ns() - t0;
}

static double median_of(double *v, int n)
{
    qsort(v, (size_t)n, sizeof v[0], cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* 16 KiB and 256 KiB reasons, resumed; the re-scan on the 16 KiB one only
 * (on 256 KiB it takes minutes).  The goal: 256 KiB costs at most 20x
 * what 16 KiB costs (linear is 16x, the re-scan about 256x). */
static int run_stream(int reps)
{
    static const size_t sizes[2] = {16 * 1024, 256 * 1024};
    double total[2], rescan;
    int bad = 0;
    printf("\n== stream: a valid reason of 16 KiB and of 256 KiB, fed one byte per call, "
           "%d reps ==\n", reps);
    printf("%-22s %10s %12s %12s\n", "contestant", "calls", "ms (all)", "ns/call");
    for (int i = 0; i < 2; i++) {
        size_t len;
        char *line = long_line(sizes[i], &len);
        double v[64];
        int ok = 1, o;
        for (int rep = 0; rep < reps; rep++) {
            v[rep] = stream_ns(line, len, 1, &o);
            ok &= o;
        }
        total[i] = median_of(v, reps);
        printf("%-22s %10zu %12.2f %12.1f\n", i ? "parse_next 256 KiB" : "parse_next 16 KiB",
               len, total[i] / 1e6, total[i] / (double)len);
        if (!ok) {
            printf("CHECK FAILED: the %zu-byte line was not read as one valid line\n", len);
            bad = 1;
        }
        if (i == 0) {
            for (int rep = 0; rep < reps && rep < 3; rep++)
                v[rep] = stream_ns(line, len, 0, &o);
            rescan = median_of(v, reps < 3 ? reps : 3);
            printf("%-22s %10zu %12.2f %12.1f\n", "re-scan 16 KiB", len, rescan / 1e6,
                   rescan / (double)len);
        }
        free(line);
    }
    printf("256 KiB / 16 KiB, resumed: %.1fx (goal <= 20x; linear 16x); "
           "the re-scan of 16 KiB costs %.0fx the resumed one\n",
           total[1] / total[0], rescan / total[0]);
    return bad;
}

static void usage(void)
{
    fprintf(stderr, "usage: bench [-r REPS] [-n LINES] [-c NAME]... [-s std|long|invalid|stream] [-l]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    int reps = 7, chosen[NCONTESTANTS], named = 0, bad = 0;
    size_t lines = 1000000;
    const char *set = NULL;

    for (size_t i = 0; i < NCONTESTANTS; i++)
        chosen[i] = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-l") == 0) {
            for (size_t j = 0; j < NCONTESTANTS; j++)
                printf("%-13s %s\n", contestants[j].name, contestants[j].what);
            return 0;
        }
        if (i + 1 >= argc)
            usage();
        if (strcmp(a, "-r") == 0)
            reps = atoi(argv[++i]);
        else if (strcmp(a, "-n") == 0)
            lines = (size_t)strtoull(argv[++i], NULL, 10);
        else if (strcmp(a, "-s") == 0)
            set = argv[++i];
        else if (strcmp(a, "-c") == 0) {
            const char *name = argv[++i];
            size_t j;
            if (named++ == 0)
                for (j = 0; j < NCONTESTANTS; j++)
                    chosen[j] = 0;
            for (j = 0; j < NCONTESTANTS && strcmp(contestants[j].name, name) != 0; j++)
                ;
            if (j == NCONTESTANTS) {
                fprintf(stderr, "bench: no contestant %s (see bench -l)\n", name);
                return 2;
            }
            chosen[j] = 1;
        } else
            usage();
    }
    if (reps < 1 || reps > 64 || lines < 10)
        usage();

#ifdef HAVE_OSIP
    parser_init();
    /* oSIP logs every bad line to stdout unless given a log function. */
    osip_trace_initialize_func(OSIP_FATAL, osip_quiet);
    for (int level = 0; level < END_TRACE_LEVEL; level++)
        osip_trace_disable_level((osip_trace_level_t)level);
#endif
#ifdef HAVE_RE
    libre_init();
#endif

    {
        struct corpus std = {0}, lng = {0}, inv = {0};
        rng_state = 20261124;
        make_std(&std, lines);
        make_long(&lng, lines / 50);
        make_invalid(&inv, lines / 5);
        printf("sipstatus %s bench, reason path %s (SIPSTATUS_SIMD=%s): %zu contestants",
               sipstatus_version(), sipstatus_simd_path(),
               getenv("SIPSTATUS_SIMD") ? getenv("SIPSTATUS_SIMD") : "unset", NCONTESTANTS);
#ifndef HAVE_OSIP
        printf(" (no oSIP: libosip2-dev not found)");
#endif
#ifndef HAVE_SOFIA
        printf(" (no sofia-sip: libsofia-sip-ua-dev not found)");
#endif
#ifndef HAVE_RE
        printf(" (no libre: libre-dev not found)");
#endif
        printf("\n");
        if (!set || strcmp(set, "std") == 0)
            bad |= run_set(&std, chosen, reps);
        if (!set || strcmp(set, "long") == 0)
            bad |= run_set(&lng, chosen, reps);
        if (!set || strcmp(set, "invalid") == 0)
            bad |= run_set(&inv, chosen, reps);
        if (!set || strcmp(set, "stream") == 0)
            bad |= run_stream(reps);
        free(std.buf);
        free(lng.buf);
        free(inv.buf);
    }
    return bad;
}
