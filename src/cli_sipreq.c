/* SPDX-License-Identifier: MIT */
/* cli_sipreq.c - the SIP request reader of `sipstatus fuzz-uas` (RFC 3261 section 7.1, 7.3): spans, no copies. */
#include "cli_sipreq.h"

#include <string.h>

static int lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch;
}

/* Whether buf[s] is the header name (long or compact form). */
static int name_is(const char *buf, struct sipreq_span s, const char *lng, const char *compact)
{
    size_t k;
    const char *t[2] = {lng, compact};
    int j;

    for (j = 0; j < 2; j++) {
        if (t[j] == NULL || strlen(t[j]) != s.len)
            continue;
        for (k = 0; k < s.len && lower((unsigned char)buf[s.off + k]) == t[j][k]; k++)
            ;
        if (k == s.len)
            return 1;
    }
    return 0;
}

int sipreq_is(const char *buf, struct sipreq_span s, const char *t)
{
    return strlen(t) == s.len && memcmp(buf + s.off, t, s.len) == 0;
}

static int is_token(int ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
           (ch != 0 && strchr("-.!%*_+`'~", ch) != NULL);
}

/* The end of the line starting at p: the offset of its LF, or n. */
static size_t line_end(const char *buf, size_t p, size_t n)
{
    const char *lf = memchr(buf + p, '\n', n - p);
    return lf == NULL ? n : (size_t)(lf - buf);
}

/* Value span of buf[a..b): leading and trailing SP/HTAB/CR removed. */
static struct sipreq_span trim(const char *buf, size_t a, size_t b)
{
    struct sipreq_span s;

    while (a < b && (buf[a] == ' ' || buf[a] == '\t'))
        a++;
    while (b > a && (buf[b - 1] == ' ' || buf[b - 1] == '\t' || buf[b - 1] == '\r'))
        b--;
    s.off = a;
    s.len = b - a;
    return s;
}

/* CSeq = 1*DIGIT LWS Method (RFC 3261 section 20.16). */
static int read_cseq(const char *buf, struct sipreq *r)
{
    size_t p = r->cseq.off, e = r->cseq.off + r->cseq.len, d = 0;
    unsigned long num = 0;

    while (p < e && buf[p] >= '0' && buf[p] <= '9') {
        if (++d > 10)
            return -1;
        num = num * 10 + (unsigned long)(buf[p++] - '0');
    }
    if (d == 0 || num > 2147483647ul || p == e || (buf[p] != ' ' && buf[p] != '\t'))
        return -1;
    while (p < e && (buf[p] == ' ' || buf[p] == '\t'))
        p++;
    r->cseq_method.off = p;
    while (p < e && is_token((unsigned char)buf[p]))
        p++;
    r->cseq_method.len = p - r->cseq_method.off;
    if (r->cseq_method.len == 0 || p != e)
        return -1;
    r->cseq_num = num;
    return 0;
}

/* Whether the To value has a ";tag=" parameter (outside <...> and quotes). */
static int has_tag(const char *buf, struct sipreq_span s)
{
    size_t k;
    int angle = 0, quote = 0;

    for (k = 0; k < s.len; k++) {
        char ch = buf[s.off + k];
        if (ch == '"' && !angle)
            quote = !quote;
        else if (ch == '<' && !quote)
            angle = 1;
        else if (ch == '>' && !quote)
            angle = 0;
        else if (ch == ';' && !angle && !quote) {
            size_t j = k + 1;
            while (j < s.len && (buf[s.off + j] == ' ' || buf[s.off + j] == '\t'))
                j++;
            if (s.len - j >= 4 && lower((unsigned char)buf[s.off + j]) == 't' &&
                lower((unsigned char)buf[s.off + j + 1]) == 'a' &&
                lower((unsigned char)buf[s.off + j + 2]) == 'g' &&
                (buf[s.off + j + 3] == '=' || buf[s.off + j + 3] == ' '))
                return 1;
        }
    }
    return 0;
}

int sipreq_read(const char *buf, size_t n, struct sipreq *r)
{
    size_t p = 0, e, k, cl = 0;
    int have_from = 0, have_to = 0, have_cid = 0, have_cseq = 0;

    memset(r, 0, sizeof *r);
    while (p < n && (buf[p] == '\r' || buf[p] == '\n'))
        p++;
    e = line_end(buf, p, n);
    if (e == n)
        return n - p >= SIPREQ_MAX ? -1 : 0;
    /* Request-Line = Method SP Request-URI SP SIP-Version CRLF */
    r->method.off = p;
    while (p < e && is_token((unsigned char)buf[p]))
        p++;
    r->method.len = p - r->method.off;
    if (r->method.len == 0 || p == e || buf[p] != ' ')
        return -1;
    r->uri.off = ++p;
    while (p < e && buf[p] != ' ')
        p++;
    r->uri.len = p - r->uri.off;
    if (r->uri.len == 0 || p == e || e - p < 8 || memcmp(buf + p + 1, "SIP/2.0", 7) != 0)
        return -1;
    for (p = e + 1;;) {
        struct sipreq_span name, value;
        size_t colon;

        e = line_end(buf, p, n);
        if (e == n)
            return n >= SIPREQ_MAX ? -1 : 0;
        if (e == p || (e == p + 1 && buf[p] == '\r')) {
            p = e + 1;
            break;
        }
        /* unfold: continuation lines (starting SP/HTAB) join the value */
        while (e + 1 < n && (buf[e + 1] == ' ' || buf[e + 1] == '\t'))
            e = line_end(buf, e + 1, n);
        if (e == n)
            return n >= SIPREQ_MAX ? -1 : 0;
        for (colon = p; colon < e && buf[colon] != ':'; colon++)
            ;
        if (colon == e)
            return -1;
        name = trim(buf, p, colon);
        value = trim(buf, colon + 1, e);
        if (name_is(buf, name, "via", "v")) {
            if (r->nvias == SIPREQ_MAX_VIAS)
                return -1;
            r->vias[r->nvias++] = value;
        } else if (name_is(buf, name, "from", "f")) {
            r->from = value;
            have_from = 1;
        } else if (name_is(buf, name, "to", "t")) {
            r->to = value;
            have_to = 1;
        } else if (name_is(buf, name, "call-id", "i")) {
            r->call_id = value;
            have_cid = value.len > 0;
        } else if (name_is(buf, name, "cseq", NULL)) {
            r->cseq = value;
            have_cseq = 1;
        } else if (name_is(buf, name, "content-length", "l")) {
            for (k = 0, cl = 0; k < value.len; k++) {
                char ch = buf[value.off + k];
                if (ch < '0' || ch > '9' || cl > SIPREQ_MAX)
                    return -1;
                cl = cl * 10 + (size_t)(ch - '0');
            }
            if (value.len == 0)
                return -1;
        }
        p = e + 1;
    }
    if (r->nvias == 0 || !have_from || !have_to || !have_cid || !have_cseq || read_cseq(buf, r) < 0)
        return -1;
    if (cl > SIPREQ_MAX || p + cl > SIPREQ_MAX)
        return -1;
    if (n - p < cl)
        return 0;
    r->to_has_tag = has_tag(buf, r->to);
    r->content_length = cl;
    r->length = p + cl;
    return 1;
}
