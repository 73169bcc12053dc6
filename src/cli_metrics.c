/* SPDX-License-Identifier: MIT */
/* cli_metrics.c - sipstatus listen's Prometheus text exposition at
 * /metrics (libmicrohttpd, on a thread of its own): what the collector has
 * checked, counted and dropped, with label sets bounded by tables (result,
 * error kinds, notes, codes, skip and drop reasons, HEP version and
 * transport) and by the 100 sources with the most errors plus "other". */
#include "cli_listen.h"

#include <microhttpd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct metrics {
    struct MHD_Daemon *d;
    struct collector *co;
};

/* A growing string. */
struct text {
    char *s;
    size_t len, cap;
    int failed;
};

static void add(struct text *t, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (t->failed)
        return;
    for (;;) {
        va_start(ap, fmt);
        n = vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
        va_end(ap);
        if (n < 0) {
            t->failed = 1;
            return;
        }
        if ((size_t)n < t->cap - t->len) {
            t->len += (size_t)n;
            return;
        }
        {
            size_t want = t->cap * 2 + (size_t)n + 1;
            char *p = realloc(t->s, want);
            if (p == NULL) {
                t->failed = 1;
                return;
            }
            t->s = p;
            t->cap = want;
        }
    }
}

static void family(struct text *t, const char *name, const char *help)
{
    add(t, "# HELP %s %s\n# TYPE %s counter\n", name, help, name);
}

static int by_errors(const void *a, const void *b)
{
    const struct source_count *x = a, *y = b;
    if (x->errors != y->errors)
        return x->errors < y->errors ? 1 : -1;
    return strcmp(x->addr, y->addr);
}

char *metrics_text(struct collector *co, size_t *len)
{
    static const char *const versions[] = {"1", "2", "3"};
    static const char *const transports[] = {"udp", "tcp"};
    struct source_count *top;
    const struct cap_counters *cn = co->c ? capture_counters(co->c) : NULL;
    const struct stats *st = &co->st;
    struct text t = {NULL, 0, 0, 0};
    size_t k, other;
    int v, tr;

    t.cap = 8192;
    t.s = malloc(t.cap);
    if (t.s == NULL)
        return NULL;
    family(&t, "sipstatus_responses_total", "SIP responses whose status line was checked, by result.");
    add(&t, "sipstatus_responses_total{result=\"valid\"} %zu\n", st->valid);
    add(&t, "sipstatus_responses_total{result=\"invalid\"} %zu\n", st->invalid);
    family(&t, "sipstatus_errors_total", "Invalid status lines, by the parser's error kind.");
    other = st->kinds[0];
    for (k = 1; k < NKINDS; k++) {
        const char *nm = sipstatus_errname(-(int)k);
        if (-(int)k == SIPSTATUS_INCOMPLETE)
            continue;
        if (strcmp(nm, "E_UNKNOWN") == 0)
            other += st->kinds[k];
        else
            add(&t, "sipstatus_errors_total{kind=\"%s\"} %zu\n", nm, st->kinds[k]);
    }
    add(&t, "sipstatus_errors_total{kind=\"INCOMPLETE\"} %zu\n", st->incomplete);
    add(&t, "sipstatus_errors_total{kind=\"other\"} %zu\n", other);
    family(&t, "sipstatus_notes_total", "Valid status lines with a note (worth a warning), by note.");
    for (k = 0; k < SIPSTATUS_NOTE_COUNT; k++) {
        const char *nm = sipstatus_notename(1u << k);
        if (nm != NULL)
            add(&t, "sipstatus_notes_total{note=\"%s\"} %zu\n", nm, st->notes[k]);
    }
    family(&t, "sipstatus_codes_total", "Valid responses, by status code (codes seen only).");
    for (k = 100; k < 700; k++)
        if (st->codes[k])
            add(&t, "sipstatus_codes_total{code=\"%zu\"} %zu\n", k, st->codes[k]);
    family(&t, "sipstatus_hep_packets_total",
           "HEP packets handed to the decoder, by HEP version and the transport they came over.");
    for (v = 0; v < 3; v++)
        for (tr = 0; tr < 2; tr++)
            add(&t, "sipstatus_hep_packets_total{version=\"%s\",transport=\"%s\"} %zu\n",
                versions[v], transports[tr], co->h.n.packets[v][tr]);
    family(&t, "sipstatus_dropped_total",
           "HEP packets, bytes or connections dropped before decoding, by reason.");
    for (k = 0; k < DROP_COUNT; k++)
        add(&t, "sipstatus_dropped_total{reason=\"%s\"} %zu\n",
            hepin_drop_name((enum hepin_drop)k), co->h.n.drops[k]);
    family(&t, "sipstatus_skipped_total", "Packets or messages decoded but not checked, by reason.");
    for (k = 0; k < SKIP_COUNT; k++)
        add(&t, "sipstatus_skipped_total{reason=\"%s\"} %zu\n", cap_skip_name((enum cap_skip)k),
            st->skips[k] + (cn ? cn->skips[k] : 0));
    family(&t, "sipstatus_source_errors_total",
           "Invalid status lines by the address that sent them: the 100 with the most, the rest "
           "as source=\"other\".");
    top = malloc(sizeof *top * (co->nsources ? co->nsources : 1));
    other = co->other_errors;
    if (top != NULL) {
        memcpy(top, co->sources, sizeof *top * co->nsources);
        qsort(top, co->nsources, sizeof *top, by_errors);
        for (k = 0; k < co->nsources; k++) {
            if (k < SOURCES_SHOWN)
                add(&t, "sipstatus_source_errors_total{source=\"%s\"} %zu\n", top[k].addr,
                    top[k].errors);
            else
                other += top[k].errors;
        }
        free(top);
    } else {
        t.failed = 1;
    }
    add(&t, "sipstatus_source_errors_total{source=\"other\"} %zu\n", other);
    add(&t, "# HELP sipstatus_memory_bytes Bytes of decoder state and TCP buffers held now.\n"
            "# TYPE sipstatus_memory_bytes gauge\n");
    add(&t, "sipstatus_memory_bytes %zu\n", (co->c ? capture_memory(co->c) : 0) + co->h.tcp_mem);
    if (t.failed) {
        free(t.s);
        return NULL;
    }
    *len = t.len;
    return t.s;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **state)
{
    struct metrics *m = cls;
    struct MHD_Response *resp;
    enum MHD_Result ret;
    unsigned code = MHD_HTTP_OK;
    char *body = NULL;
    size_t len = 0;

    (void)version;
    (void)upload;
    (void)upload_size;
    (void)state;
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        code = MHD_HTTP_METHOD_NOT_ALLOWED;
    } else if (strcmp(url, "/metrics") != 0) {
        code = MHD_HTTP_NOT_FOUND;
    } else {
        pthread_mutex_lock(&m->co->lock);
        body = metrics_text(m->co, &len);
        pthread_mutex_unlock(&m->co->lock);
        if (body == NULL)
            code = MHD_HTTP_INTERNAL_SERVER_ERROR;
    }
    if (body == NULL) {
        static char msg[] = "see /metrics\n";
        resp = MHD_create_response_from_buffer(sizeof msg - 1, msg, MHD_RESPMEM_PERSISTENT);
    } else {
        resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    }
    if (resp == NULL) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    ret = MHD_queue_response(conn, code, resp);
    MHD_destroy_response(resp);
    return ret;
}

struct metrics *metrics_start(const char *addr, struct collector *co)
{
    struct sockaddr_storage ss;
    socklen_t len;
    struct metrics *m;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;

    if (listen_parse_addr(addr, &ss, &len) < 0) {
        fprintf(stderr, "%s: listen: --metrics %s is not ADDR:PORT\n", PROG, addr);
        return NULL;
    }
    m = calloc(1, sizeof *m);
    if (m == NULL)
        return NULL;
    m->co = co;
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    m->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, m, MHD_OPTION_SOCK_ADDR,
                            (struct sockaddr *)&ss, MHD_OPTION_CONNECTION_LIMIT, 16u,
                            MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_END);
    if (m->d == NULL) {
        fprintf(stderr, "%s: listen: cannot serve metrics on %s (in use, or no permission)\n",
                PROG, addr);
        free(m);
        return NULL;
    }
    return m;
}

void metrics_stop(struct metrics *m)
{
    if (m == NULL)
        return;
    MHD_stop_daemon(m->d);
    free(m);
}
