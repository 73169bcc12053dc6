/* SPDX-License-Identifier: MIT */
/* sip.c - SIP messages: what a payload is, where a message ends in a
 * stream, and its Call-ID and CSeq.  The one owner of these facts; the
 * status line is left to sipstatus_parse (feeds: the caller's response
 * callback). */
#include <string.h>

#include "decode.h"
#include "sipstatus.h"

static int lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

static int starts_ci(const unsigned char *p, size_t n, const char *lit)
{
    size_t i;
    for (i = 0; lit[i]; i++)
        if (i >= n || lower(p[i]) != lower((unsigned char)lit[i]))
            return 0;
    return 1;
}

/* Whether p[0..n) is a proper prefix of lit, in any case. */
static int prefix_ci(const unsigned char *p, size_t n, const char *lit)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (lit[i] == '\0' || lower(p[i]) != lower((unsigned char)lit[i]))
            return 0;
    return lit[n] != '\0';
}

static int same_ci(const unsigned char *p, size_t n, const char *lit)
{
    return strlen(lit) == n && starts_ci(p, n, lit);
}

static int is_token_char(unsigned char ch)
{
    /* RFC 3261 §25.1 token */
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           (ch != 0 && memchr("-.!%*_+`'~", ch, 10) != NULL);
}

/* The methods of RFC 3261 and its extensions in use: a line that starts
 * with one and SP is a request, even when the rest is damaged. */
static const char *const methods[] = {
    "INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK", "SUBSCRIBE",
    "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE",
};

static int known_method(const unsigned char *p, size_t n)
{
    size_t i;
    for (i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (same_ci(p, n, methods[i]))
            return 1;
    return 0;
}

/* Whether line[0..n) (without its line end) is shaped like a Request-Line:
 * a method token, SP, something, SP and a SIP-Version at the end; or a
 * known method and SP, whatever follows.  cut: the line's end was never
 * captured, so only its start can be judged. */
static int request_line(const unsigned char *line, size_t n, int cut)
{
    size_t i = 0, j = n;

    if (starts_ci(line, n, "SIP/"))
        return 0;
    while (i < n && is_token_char(line[i]))
        i++;
    if (i == 0 || i == n || line[i] != ' ')
        return 0;
    if (cut)
        return 1;
    while (j > i && line[j - 1] != ' ')
        j--;
    return (j > i + 1 && n - j > 4 && starts_ci(line + j, n - j, "SIP/")) || known_method(line, i);
}

static int keepalive_byte(unsigned char ch)
{
    return ch == '\r' || ch == '\n' || ch == ' ' || ch == '\t' || ch == '\0';
}

/* RFC 5389: first two bits zero, the magic cookie, length + 20 = size. */
static int is_stun(const unsigned char *p, size_t n)
{
    return n >= 20 && (p[0] & 0xC0) == 0 && rd32(p + 4) == 0x2112A442u &&
           rd16(p + 2) + 20u == n;
}

/* A TLS or DTLS record header: content type 20-23, version 3.x or 254.x. */
static int is_tls(const unsigned char *p, size_t n)
{
    return n >= 3 && p[0] >= 0x14 && p[0] <= 0x17 && (p[1] == 0x03 || p[1] == 0xFE);
}

/* Where the first line begins: past the CRLFs before it, as the parser
 * skips them (RFC 3261 §7.5; bare LFs too, as its lenient mode would). */
size_t sip_line_begin(const unsigned char *p, size_t n)
{
    struct sipstatus_line l;
    sipstatus_parse((const char *)p, n, SIPSTATUS_SKIP_CRLF | SIPSTATUS_LENIENT_LF, &l);
    return l.start <= n ? l.start : n;
}

/* The end of the first line of p[0..n): the index of its LF, or n. */
static size_t line_end(const unsigned char *p, size_t n)
{
    const unsigned char *lf = memchr(p, '\n', n);
    return lf ? (size_t)(lf - p) : n;
}

/* The line p[from..e) without the CR before its LF at e (when e < n). */
static size_t line_len(const unsigned char *p, size_t from, size_t e, size_t n)
{
    return (e < n && e > from && p[e - 1] == '\r' ? e - 1 : e) - from;
}

static size_t trim_end(const unsigned char *p, size_t from, size_t to)
{
    while (to > from && (p[to - 1] == ' ' || p[to - 1] == '\t' || p[to - 1] == '\r'))
        to--;
    return to;
}

static size_t skip_ws(const unsigned char *p, size_t from, size_t to)
{
    while (from < to && (p[from] == ' ' || p[from] == '\t'))
        from++;
    return from;
}

/* The headers whose facts are kept, by the name before the colon. */
enum header_name { H_OTHER, H_CALL_ID, H_CSEQ, H_CONTENT_LENGTH, H_SIP };

/* Whether n[0..len) is lit (lower case) in any case. */
static int name_is(const unsigned char *n, size_t len, const char *lit)
{
    size_t i;
    for (i = 0; i < len; i++)
        if (lower(n[i]) != lit[i])
            return 0;
    return 1;
}

/* By length first, so that most names cost one comparison or none. */
static enum header_name header_name(const unsigned char *n, size_t len)
{
    switch (len) {
    case 1:
        switch (lower(n[0])) {
        case 'i': return H_CALL_ID;
        case 'l': return H_CONTENT_LENGTH;
        case 'v': case 'f': case 't': return H_SIP;
        default: return H_OTHER;
        }
    case 2: return name_is(n, 2, "to") ? H_SIP : H_OTHER;
    case 3: return name_is(n, 3, "via") ? H_SIP : H_OTHER;
    case 4: return name_is(n, 4, "cseq") ? H_CSEQ : name_is(n, 4, "from") ? H_SIP : H_OTHER;
    case 7: return name_is(n, 7, "call-id") ? H_CALL_ID : H_OTHER;
    case 14: return name_is(n, 14, "content-length") ? H_CONTENT_LENGTH : H_OTHER;
    default: return H_OTHER;
    }
}

/* One header line p[b..e) (no LF): the facts it gives. */
static void header(const unsigned char *p, size_t b, size_t e, struct sip_facts *f)
{
    const unsigned char *colon = memchr(p + b, ':', e - b);
    size_t name_end, v, ve, k;
    enum header_name h;

    if (colon == NULL)
        return;
    v = (size_t)(colon - p);
    name_end = v;
    while (name_end > b && (p[name_end - 1] == ' ' || p[name_end - 1] == '\t'))
        name_end--;
    h = header_name(p + b, name_end - b);
    if (h == H_OTHER)
        return;
    f->headers++;
    if (h == H_SIP)
        return;
    v = skip_ws(p, v + 1, e);
    ve = trim_end(p, v, e);
    k = v;
    if (h == H_CALL_ID && f->m.call_id == NULL) {
        f->m.call_id = (const char *)p + v;
        f->m.call_id_len = ve - v;
    } else if (h == H_CSEQ && !f->m.have_cseq) {
        size_t digits = 0;
        unsigned long num = 0;
        while (k < ve && p[k] >= '0' && p[k] <= '9') {
            if (digits++ < 10)
                num = num * 10 + (unsigned long)(p[k] - '0');
            k++;
        }
        if (digits > 0) {
            f->m.have_cseq = 1;
            f->m.cseq = num;
            k = skip_ws(p, k, ve);
            if (k < ve) {
                f->m.cseq_method = (const char *)p + k;
                f->m.cseq_method_len = ve - k;
            }
        }
    } else if (h == H_CONTENT_LENGTH) {
        long n = 0;
        while (k < ve && p[k] >= '0' && p[k] <= '9' && n < 100000000L)
            n = n * 10 + (p[k++] - '0');
        f->content_length = k > v && k == ve ? n : -1;
        f->have_length = 1;
    }
}

/* The header lines after the first line, p[from..n), up to the empty line
 * (or until every fact kept is known). */
static void headers(const unsigned char *p, size_t from, size_t n, struct sip_facts *f)
{
    while (from < n && !(f->m.call_id && f->m.have_cseq && f->have_length)) {
        size_t e = from + line_end(p + from, n - from);
        size_t te = from + line_len(p, from, e, n);
        if (te == from)
            break; /* the empty line: the body follows */
        if (p[from] != ' ' && p[from] != '\t') /* not a folded line */
            header(p, from, te, f);
        from = e + 1;
    }
}

int sip_looks_like(const unsigned char *p, size_t n)
{
    size_t k = sip_line_begin(p, n), e;

    if (starts_ci(p + k, n - k, "SIP/"))
        return 1;
    e = k + line_end(p + k, n - k);
    return e < n && request_line(p + k, line_len(p, k, e, n), 0);
}

unsigned sip_classify(const unsigned char *p, size_t n, int on_sip_port, int cut, int framing,
                      struct sip_facts *f)
{
    size_t i, k, e, line;

    memset(f, 0, sizeof *f);
    f->content_length = -1;
    f->have_length = !framing; /* not looked for when it frames nothing */
    if (n == 0)
        return SKIP_NO_PAYLOAD;
    for (i = 0; i < n && keepalive_byte(p[i]); i++)
        ;
    if (i == n)
        return SKIP_KEEPALIVE;
    if (is_stun(p, n))
        return SKIP_STUN;
    if (is_tls(p, n))
        return SKIP_TLS;
    k = sip_line_begin(p, n);
    e = k + line_end(p + k, n - k);
    line = line_len(p, k, e, n);
    if (starts_ci(p + k, n - k, "SIP/")) {
        if (framing) /* else read when asked: cap_message_read */
            headers(p, e < n ? e + 1 : n, n, f);
        f->m.read = framing;
        return CLASS_RESPONSE;
    }
    if (request_line(p + k, line, e == n && cut)) {
        if (framing) /* a stream frames it by its Content-Length */
            headers(p, e < n ? e + 1 : n, n, f);
        return SKIP_REQUEST;
    }
    headers(p, e < n ? e + 1 : n, n, f);
    f->m.read = 1;
    /* off the SIP ports, only the headers HTTP and mail do not have */
    if (on_sip_port ? f->headers > 0 : f->m.call_id != NULL || f->m.have_cseq)
        return CLASS_RESPONSE;
    return SKIP_NOT_SIP;
}

void cap_message_read(const char *msg, size_t len, struct cap_message *m)
{
    const unsigned char *p = (const unsigned char *)msg;
    struct sip_facts f;
    size_t k = sip_line_begin(p, len), e = k + line_end(p + k, len - k);

    memset(&f, 0, sizeof f);
    f.have_length = 1;
    headers(p, e < len ? e + 1 : len, len, &f);
    *m = f.m;
    m->read = 1;
}

void sip_datagram(struct capture *c, struct cap_info *in, const unsigned char *p, size_t n,
                  int on_sip_port)
{
    struct sip_facts f;
    unsigned cls = sip_classify(p, n, on_sip_port, in->truncated || in->partial, 0, &f);

    if (cls == CLASS_RESPONSE)
        cap_response(c, in, p, n, &f.m);
    else
        cap_skip(c, in, (enum cap_skip)cls);
}

/* ---- framing a stream ---- */

/* The end of the header block in p[0..n), searched from `from`: the index
 * past its empty line, or 0 when it has not come yet. */
static size_t header_end(const unsigned char *p, size_t n, size_t from)
{
    while (from < n) {
        const unsigned char *lf = memchr(p + from, '\n', n - from);
        size_t i;
        if (lf == NULL)
            return 0;
        i = (size_t)(lf - p);
        if (i + 1 < n && p[i + 1] == '\n')
            return i + 2;
        if (i + 2 < n && p[i + 1] == '\r' && p[i + 2] == '\n')
            return i + 3;
        if (i + 2 >= n)
            return 0; /* the next bytes decide */
        from = i + 1;
    }
    return 0;
}

enum sip_frame sip_frame(struct sip_framer *fr, const unsigned char *p, size_t n, size_t *len)
{
    size_t k, end;

    *len = 0;
    if (n == 0)
        return FRAME_MORE;
    if (fr->body_due) {
        *len = fr->body_due < n ? fr->body_due : n;
        fr->body_due -= *len;
        return FRAME_DROP;
    }
    if (!fr->synced) {
        /* at a line start (unless midline): a message starts here, or this
         * line is dropped */
        size_t e = fr->scanned + line_end(p + fr->scanned, n - fr->scanned);
        if (!fr->midline && starts_ci(p, n, "SIP/")) {
            fr->synced = 1;
            fr->scanned = 0;
            return sip_frame(fr, p, n, len);
        }
        if (!fr->midline && n < 4 && prefix_ci(p, n, "SIP/"))
            return FRAME_MORE; /* "S", "SI", "SIP": the next bytes decide */
        if (e == n) {
            fr->scanned = n;
            if (n <= MAX_HEADER)
                return FRAME_MORE;
            fr->scanned = 0;
            fr->midline = 1;
            *len = n; /* a line this long starts no message */
            return FRAME_DROP;
        }
        fr->scanned = 0;
        if (!fr->midline && request_line(p, line_len(p, 0, e, n), 0)) {
            fr->synced = 1;
            return sip_frame(fr, p, n, len);
        }
        fr->midline = 0;
        *len = e + 1;
        return FRAME_DROP;
    }
    /* only the leading CR/LF bytes decide where the line begins: parsing
     * the whole first line on every call would be quadratic */
    for (k = 0; k < n && (p[k] == '\r' || p[k] == '\n'); k++)
        ;
    k = k < n ? sip_line_begin(p, k + 1) : sip_line_begin(p, n);
    if (k == 0 && (p[0] == ' ' || p[0] == '\t' || p[0] == '\0')) {
        /* space and NUL keep-alives between messages: no message begins
         * with these bytes */
        while (k < n && keepalive_byte(p[k]))
            k++;
    }
    if (k > 0) {
        fr->scanned = 0;
        *len = k;
        return FRAME_KEEPALIVE;
    }
    end = header_end(p, n, fr->scanned > 2 ? fr->scanned - 2 : 0);
    if (end == 0) {
        fr->scanned = n;
        if (n <= MAX_HEADER)
            return FRAME_MORE;
        /* drop through the last line end; a line without one is dropped
         * too, and the framer then waits for its end */
        end = n;
        while (end > 0 && p[end - 1] != '\n')
            end--;
        fr->midline = end == 0;
        fr->scanned = 0;
        fr->synced = 0;
        *len = end ? end : n;
        return FRAME_LONG;
    }
    fr->scanned = 0;
    *len = end;
    return FRAME_MESSAGE;
}

void sip_framed(struct sip_framer *fr, long content_length)
{
    if (content_length < 0) {
        fr->synced = 0;
        fr->body_due = 0;
    } else {
        fr->body_due = (size_t)content_length;
    }
}

void sip_lost(struct sip_framer *fr)
{
    fr->synced = 0;
    fr->midline = 0; /* a segment after a gap most often starts a message */
    fr->scanned = 0;
    fr->body_due = 0;
}
