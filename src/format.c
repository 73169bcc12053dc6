/* SPDX-License-Identifier: MIT */
/* format.c - sipstatus_format(): emits a Status-Line that sipstatus_parse() accepts. */
#include <limits.h>
#include <stddef.h>
#include <string.h>

#include "internal.h"
#include "sipstatus.h"

/* snprintf-style output: copies what fits in cap - 1 bytes, counts all. */
struct out {
    char *dst;
    size_t cap, len;
};

static void put(struct out *o, const char *s, size_t n)
{
    if (o->len + 1 < o->cap) {
        size_t room = o->cap - 1 - o->len;
        memcpy(o->dst + o->len, s, n < room ? n : room);
    }
    o->len += n;
}

static void put_escape(struct out *o, unsigned char c)
{
    static const char hex[] = "0123456789ABCDEF";
    char e[3] = {'%', hex[c >> 4], hex[c & 15]};
    put(o, e, 3);
}

/* How many bytes at s[0..n) the grammar lets stand for themselves in a
 * reason that must decode back to the same text: one ASCII item, or one
 * whole RFC 3629 sequence; 0 when the first byte must be escaped.  '%'
 * always is, since it would start an escape. */
static size_t literal_len(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];

    if (c == '%')
        return 0;
    if (c < 0x80)
        return sipstatus_reason_check(s, 1, 0, NULL, NULL) == SIPSTATUS_OK;
    return sipstatus__utf8_char(s, n);
}

static void put_escaped_text(struct out *o, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t k = literal_len(s + i, n - i);
        if (k == 0) {
            put_escape(o, (unsigned char)s[i]);
            k = 1;
        } else {
            put(o, s + i, k);
        }
        i += k;
    }
}

int sipstatus_format(char *dst, size_t cap, unsigned code, const char *reason,
                     size_t reason_len, unsigned flags)
{
    struct out o = {dst, cap, 0};
    char digits[4];

    if (dst == NULL && cap > 0)
        return SIPSTATUS_E_ARG;
    if (cap > 0)
        dst[0] = '\0';
    if (flags & ~(SIPSTATUS_FMT_FLAGS | SIPSTATUS_STRICT_UTF8))
        return SIPSTATUS_E_ARG;
    if (code < 100 || code > 699)
        return SIPSTATUS_E_CODE;
    if (reason == NULL) {
        const struct sipstatus_code *entry = sipstatus_lookup(code);
        reason = entry ? entry->phrase : "";
        reason_len = strlen(reason);
    } else if (!(flags & SIPSTATUS_FMT_ESCAPE)) {
        int kind = sipstatus_reason_check(reason, reason_len, flags & SIPSTATUS_STRICT_UTF8,
                                          NULL, NULL);
        if (kind != 0)
            return kind;
    }

    digits[0] = (char)('0' + code / 100);
    digits[1] = (char)('0' + code / 10 % 10);
    digits[2] = (char)('0' + code % 10);
    digits[3] = ' ';
    put(&o, "SIP/2.0 ", 8);
    put(&o, digits, 4);
    if (flags & SIPSTATUS_FMT_ESCAPE)
        put_escaped_text(&o, reason, reason_len);
    else
        put(&o, reason, reason_len);
    put(&o, "\r\n", 2);

    if (o.len > INT_MAX) {
        if (cap > 0)
            dst[0] = '\0';
        return SIPSTATUS_E_ARG;
    }
    if (cap > 0)
        dst[o.len < cap ? o.len : cap - 1] = '\0';
    return (int)o.len;
}
