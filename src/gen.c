/* SPDX-License-Identifier: MIT */
/* gen.c - generates valid and targeted invalid Status-Lines, each with the verdict it means to provoke. */
#include "gen.h"

#include <string.h>

#include "sipstatus.h"

uint64_t gen_rng_next(struct gen_rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

unsigned gen_rng_below(struct gen_rng *r, unsigned n)
{
    return (unsigned)(gen_rng_next(r) % n);
}

/* ------------------------------------------------------------ building */

/* Appends, silently dropping what does not fit: a case is at most
 * GEN_MAX bytes, and callers stay well below. */
static void put(struct gen_case *c, const char *s, size_t n)
{
    if (n > GEN_MAX - c->len)
        n = GEN_MAX - c->len;
    memcpy(c->buf + c->len, s, n);
    c->len += n;
}

static void puts_(struct gen_case *c, const char *s)
{
    put(c, s, strlen(s));
}

static void putb(struct gen_case *c, unsigned b)
{
    char ch = (char)b;
    put(c, &ch, 1);
}

#define RND(r, n) gen_rng_below((r), (n))
#define PICK(r, s) ((s)[RND((r), (unsigned)(sizeof(s) - 1))])

static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
static const char reserved[] = ";/?:@&=+$,";
static const char marks[] = "-_.!~*'()";
static const char hexu[] = "0123456789ABCDEF";
static const char hexl[] = "0123456789abcdef";
/* the 12 printable bytes Reason-Phrase may not carry literally */
static const char forbidden[] = "\"#<>[\\]^`{|}";

static void put_code(struct gen_case *c, unsigned code)
{
    putb(c, '0' + code / 100);
    putb(c, '0' + code / 10 % 10);
    putb(c, '0' + code % 10);
}

/* The i-th registered code, in turn. */
static unsigned registered(size_t i)
{
    size_t n;
    const struct sipstatus_code *codes = sipstatus_codes(&n);
    return codes[i % n].code;
}

/* An extension code: any of 100-699, not necessarily unregistered. */
static unsigned extension(struct gen_rng *r)
{
    unsigned code;
    do
        code = 100 + RND(r, 600);
    while (sipstatus_lookup(code) != NULL && RND(r, 4) != 0);
    return code;
}

static void put_digits(struct gen_case *c, struct gen_rng *r, unsigned n)
{
    while (n--)
        putb(c, '0' + RND(r, 10));
}

/* Reason atoms: each is whole, so atoms may follow each other freely. */
enum atom {
    A_ALNUM, A_RESERVED, A_MARK, A_ESC_UPPER, A_ESC_LOWER, A_SP, A_HTAB,
    A_UTF8_2, A_UTF8_3, A_UTF8_4,
    /* RFC 3261's UTF8-NONASCII beyond RFC 3629 (not with STRICT_UTF8) */
    A_UTF8_5, A_UTF8_6, A_OVERLONG, A_SURROGATE, A_ABOVE, A_STRAY,
    /* LENIENT_REASON only */
    A_PUNCT, A_PERCENT, A_HIGH,
    A_COUNT
};

static void cont(struct gen_case *c, struct gen_rng *r, unsigned n)
{
    while (n--)
        putb(c, 0x80 + RND(r, 0x40));
}

static void put_atom(struct gen_case *c, struct gen_rng *r, enum atom a)
{
    const char *hex = a == A_ESC_LOWER ? hexl : hexu;

    switch (a) {
    case A_ALNUM: putb(c, (unsigned char)PICK(r, alnum)); break;
    case A_RESERVED: putb(c, (unsigned char)PICK(r, reserved)); break;
    case A_MARK: putb(c, (unsigned char)PICK(r, marks)); break;
    case A_ESC_UPPER:
    case A_ESC_LOWER:
        putb(c, '%');
        putb(c, (unsigned char)hex[RND(r, 16)]);
        putb(c, (unsigned char)hex[RND(r, 16)]);
        break;
    case A_SP: putb(c, ' '); break;
    case A_HTAB: putb(c, '\t'); break;
    case A_UTF8_2: putb(c, 0xc2 + RND(r, 0x1e)); cont(c, r, 1); break;
    case A_UTF8_3: /* U+1000-U+CFFF: E1-EC, no range limit on the tail */
        putb(c, 0xe1 + RND(r, 12));
        cont(c, r, 2);
        break;
    case A_UTF8_4: putb(c, 0xf1 + RND(r, 3)); cont(c, r, 3); break;
    case A_UTF8_5: putb(c, 0xf8 + RND(r, 4)); cont(c, r, 4); break;
    case A_UTF8_6: putb(c, 0xfc + RND(r, 2)); cont(c, r, 5); break;
    case A_OVERLONG:
        switch (RND(r, 3)) {
        case 0: putb(c, 0xc0 + RND(r, 2)); cont(c, r, 1); break;
        case 1: putb(c, 0xe0); putb(c, 0x80 + RND(r, 0x20)); cont(c, r, 1); break;
        default: putb(c, 0xf0); putb(c, 0x80 + RND(r, 0x10)); cont(c, r, 2); break;
        }
        break;
    case A_SURROGATE: putb(c, 0xed); putb(c, 0xa0 + RND(r, 0x20)); cont(c, r, 1); break;
    case A_ABOVE:
        if (RND(r, 2)) {
            putb(c, 0xf4);
            putb(c, 0x90 + RND(r, 0x30));
            cont(c, r, 2);
        } else {
            putb(c, 0xf5 + RND(r, 3));
            cont(c, r, 3);
        }
        break;
    case A_STRAY: cont(c, r, 1); break;
    case A_PUNCT: putb(c, (unsigned char)PICK(r, forbidden)); break;
    case A_PERCENT: /* '%' that starts no escape */
        putb(c, '%');
        if (RND(r, 2))
            putb(c, (unsigned char)"gZ% "[RND(r, 4)]);
        break;
    case A_HIGH: putb(c, 0x80 + RND(r, 0x80)); break;
    case A_COUNT: break;
    }
}

/* Whether atom a is valid Reason-Phrase under flags. */
static int atom_ok(enum atom a, unsigned flags)
{
    int strict_utf8 = (flags & SIPSTATUS_STRICT_UTF8) != 0;
    int lenient = (flags & SIPSTATUS_LENIENT_REASON) != 0;

    if (a >= A_UTF8_5 && a <= A_STRAY)
        return !strict_utf8;
    if (a == A_PUNCT || a == A_PERCENT)
        return lenient;
    if (a == A_HIGH)
        return lenient && !strict_utf8;
    return 1;
}

/* n atoms: of class `focus` (A_COUNT: any valid class), with some plain
 * text around it so that the focus lands at varied offsets. */
static void put_reason(struct gen_case *c, struct gen_rng *r,
                       unsigned flags, enum atom focus, unsigned n)
{
    unsigned k;

    for (k = 0; k < n; k++) {
        enum atom a;
        if (focus != A_COUNT && RND(r, 3) != 0) {
            a = focus;
        } else {
            do
                a = (enum atom)RND(r, A_COUNT);
            while (!atom_ok(a, flags) || (focus == A_COUNT ? 0 : a > A_HTAB));
        }
        put_atom(c, r, a);
    }
}

/* ------------------------------------------------------------ valid */

enum vfam {
    V_PHRASE, V_EXTENSION, V_LOWER, V_MIXED_CASE, V_VERSION, V_RESERVED,
    V_UNRESERVED, V_ESC_UPPER, V_ESC_LOWER, V_UTF8_2, V_UTF8_3, V_UTF8_4,
    V_UTF8_5, V_UTF8_6, V_OVERLONG, V_SURROGATE, V_ABOVE, V_STRAY, V_HTAB,
    V_LEADING_SP, V_EMPTY, V_LONG, V_MIXED,
    V_BARE_LF, V_WS_RUNS, V_WS_HTAB, V_NO_SP, V_PUNCT, V_PERCENT, V_HIGH,
    V_SKIP_CRLF, V_ANY_CLASS, V_COUNT
};

static const struct {
    const char *name;
    enum atom atom; /* the reason's focus, A_COUNT for none */
    unsigned need;  /* flags it needs (any of them) */
} vfams[V_COUNT] = {
    [V_PHRASE] = {"registered-phrase", A_COUNT, 0},
    [V_EXTENSION] = {"extension-code", A_COUNT, 0},
    [V_LOWER] = {"version-lower-case", A_COUNT, 0},
    [V_MIXED_CASE] = {"version-mixed-case", A_COUNT, 0},
    [V_VERSION] = {"version-other", A_COUNT, 0},
    [V_RESERVED] = {"reason-reserved", A_RESERVED, 0},
    [V_UNRESERVED] = {"reason-unreserved", A_MARK, 0},
    [V_ESC_UPPER] = {"escape-upper", A_ESC_UPPER, 0},
    [V_ESC_LOWER] = {"escape-lower", A_ESC_LOWER, 0},
    [V_UTF8_2] = {"utf8-2", A_UTF8_2, 0},
    [V_UTF8_3] = {"utf8-3", A_UTF8_3, 0},
    [V_UTF8_4] = {"utf8-4", A_UTF8_4, 0},
    [V_UTF8_5] = {"utf8-5", A_UTF8_5, 0},
    [V_UTF8_6] = {"utf8-6", A_UTF8_6, 0},
    [V_OVERLONG] = {"utf8-overlong", A_OVERLONG, 0},
    [V_SURROGATE] = {"utf8-surrogate", A_SURROGATE, 0},
    [V_ABOVE] = {"utf8-above-10ffff", A_ABOVE, 0},
    [V_STRAY] = {"utf8-stray-continuation", A_STRAY, 0},
    [V_HTAB] = {"reason-htab", A_HTAB, 0},
    [V_LEADING_SP] = {"reason-leading-sp", A_COUNT, 0},
    [V_EMPTY] = {"reason-empty", A_COUNT, 0},
    [V_LONG] = {"reason-long", A_COUNT, 0},
    [V_MIXED] = {"reason-mixed", A_COUNT, 0},
    [V_BARE_LF] = {"lenient-bare-lf", A_COUNT, SIPSTATUS_LENIENT_LF},
    [V_WS_RUNS] = {"lenient-space-runs", A_COUNT, SIPSTATUS_LENIENT_SPACE},
    [V_WS_HTAB] = {"lenient-space-htab", A_COUNT, SIPSTATUS_LENIENT_SPACE},
    [V_NO_SP] = {"lenient-space-no-sp", A_COUNT, SIPSTATUS_LENIENT_SPACE},
    [V_PUNCT] = {"lenient-reason-punct", A_PUNCT, SIPSTATUS_LENIENT_REASON},
    [V_PERCENT] = {"lenient-reason-percent", A_PERCENT, SIPSTATUS_LENIENT_REASON},
    [V_HIGH] = {"lenient-reason-high", A_HIGH, SIPSTATUS_LENIENT_REASON},
    [V_SKIP_CRLF] = {"skip-crlf", A_COUNT, SIPSTATUS_SKIP_CRLF},
    [V_ANY_CLASS] = {"any-code-class", A_COUNT, SIPSTATUS_ANY_CODE},
};

static int vfam_ok(enum vfam f, unsigned flags)
{
    if (vfams[f].need && !(vfams[f].need & flags))
        return 0;
    if ((f == V_EXTENSION || f == V_ANY_CLASS) && (flags & SIPSTATUS_REGISTERED_ONLY))
        return 0;
    return vfams[f].atom == A_COUNT || atom_ok(vfams[f].atom, flags);
}

/* How many digits a number of SIP-Version gets: 1-9 mostly, and 10, 20
 * or 40 (1*DIGIT has no bound; the value saturates). */
static unsigned version_width(struct gen_rng *r)
{
    static const unsigned long_widths[3] = {10, 20, 40};
    unsigned n = RND(r, 12);
    return n < 9 ? 1 + n : long_widths[n - 9];
}

/* A separator: one SP, or under LENIENT_SPACE a run of SP/HTAB. */
static void put_sep(struct gen_case *c, struct gen_rng *r, int runs, int htab)
{
    unsigned n = runs ? 1 + RND(r, 4) : 1, k;

    for (k = 0; k < n; k++)
        putb(c, htab && (k == 0 || RND(r, 2)) ? '\t' : ' ');
}

void gen_valid(struct gen_rng *r, unsigned flags, size_t i,
                          struct gen_case *c)
{
    enum vfam fams[V_COUNT];
    size_t n = 0, k;
    enum vfam f;
    unsigned code;
    int ws = 0, htab = 0;

    for (k = 0; k < V_COUNT; k++)
        if (vfam_ok((enum vfam)k, flags))
            fams[n++] = (enum vfam)k;
    f = fams[i % n];
    c->len = 0;
    c->intent = SIPSTATUS_OK;
    c->intent_offset = 0;
    c->family = vfams[f].name;

    if (f == V_SKIP_CRLF) { /* line ends before the line (RFC 3261 section 7.5) */
        unsigned ends = 1 + RND(r, 3);
        while (ends-- > 0)
            puts_(c, (flags & SIPSTATUS_LENIENT_LF) && RND(r, 2) ? "\n" : "\r\n");
    }
    if (f == V_LOWER)
        puts_(c, "sip");
    else if (f == V_MIXED_CASE)
        puts_(c, RND(r, 2) ? "Sip" : "sIP");
    else
        puts_(c, "SIP");
    putb(c, '/');
    /* leniencies after versions of every digit count reach other states */
    if (f == V_VERSION || (vfams[f].need && RND(r, 2))) {
        put_digits(c, r, version_width(r));
        putb(c, '.');
        put_digits(c, r, version_width(r));
    } else {
        puts_(c, "2.0");
    }
    ws = f == V_WS_RUNS || f == V_WS_HTAB;
    htab = f == V_WS_HTAB;
    put_sep(c, r, ws, htab);
    if (f == V_ANY_CLASS) /* 000-099 or 700-999: extension-code = 3DIGIT */
        code = (unsigned)("0789"[RND(r, 4)] - '0') * 100 + RND(r, 100);
    else
        code = f == V_EXTENSION ? extension(r) : registered(i);
    put_code(c, code);
    if (f != V_NO_SP)
        put_sep(c, r, ws, htab);
    switch (f) {
    case V_PHRASE: {
        const struct sipstatus_code *e = sipstatus_lookup(code);
        puts_(c, e ? e->phrase : "");
        break;
    }
    case V_LEADING_SP:
        putb(c, ' ');
        put_reason(c, r, flags, A_COUNT, 1 + RND(r, 8));
        break;
    case V_EMPTY:
    case V_NO_SP:
        break;
    case V_LONG: { /* 400-1000 bytes */
        size_t want = 400 + RND(r, 600);
        while (c->len < want)
            put_reason(c, r, flags, A_COUNT, 1);
        break;
    }
    default:
        put_reason(c, r, flags, vfams[f].atom, 1 + RND(r, 12));
        break;
    }
    puts_(c, f == V_BARE_LF ? "\n" : "\r\n");
}

/* ------------------------------------------------------------ invalid */

enum ifam {
    I_VERSION_BYTE, I_VERSION_LONG, I_VERSION_SIGN, I_VERSION_EMPTY,
    I_LEADING_BYTE, I_SEP1_HTAB, I_SEP1_DOUBLE, I_SEP1_MISSING, I_SEP1_EOL,
    I_SEP2_EOL, I_SEP2_HTAB, I_SEP2_MISSING, I_CODE_2, I_CODE_4, I_CODE_CLASS,
    I_CODE_HUGE, I_CODE_SIGN, I_CODE_LETTER, I_CODE_UNREGISTERED,
    I_REASON_PUNCT, I_REASON_CTRL, I_REASON_FE_FF, I_NUL, I_ESCAPE_CUT,
    I_ESCAPE_NONHEX, I_UTF8_CUT, I_UTF8_STRICT, I_EOL_LF, I_EOL_MID_LF,
    I_EOL_CR, I_SKIP_CR_ALONE, I_SKIP_BARE_LF, I_COUNT
};

static const struct {
    const char *name;
    unsigned need; /* flags it needs (all of them) */
    unsigned kill; /* flags that make it valid (any of them) */
} ifams[I_COUNT] = {
    [I_VERSION_BYTE] = {"version-bad-byte", 0, 0},
    [I_VERSION_LONG] = {"version-long-bad-byte", 0, 0},
    [I_VERSION_SIGN] = {"version-sign", 0, 0},
    [I_VERSION_EMPTY] = {"version-no-digits", 0, 0},
    [I_LEADING_BYTE] = {"leading-byte", 0, 0},
    [I_SEP1_HTAB] = {"sep1-htab", 0, SIPSTATUS_LENIENT_SPACE},
    [I_SEP1_DOUBLE] = {"sep1-double", 0, SIPSTATUS_LENIENT_SPACE},
    [I_SEP1_MISSING] = {"sep1-missing", 0, 0},
    [I_SEP1_EOL] = {"sep1-eol", 0, 0},
    [I_SEP2_EOL] = {"sep2-eol", 0, SIPSTATUS_LENIENT_SPACE},
    [I_SEP2_HTAB] = {"sep2-htab", 0, SIPSTATUS_LENIENT_SPACE},
    [I_SEP2_MISSING] = {"sep2-missing", 0, 0},
    [I_CODE_2] = {"code-2-digits", 0, 0},
    [I_CODE_4] = {"code-4-digits", 0, 0},
    [I_CODE_CLASS] = {"code-class-0-7-8-9", 0, SIPSTATUS_ANY_CODE},
    [I_CODE_HUGE] = {"code-huge", 0, 0},
    [I_CODE_SIGN] = {"code-sign", 0, 0},
    [I_CODE_LETTER] = {"code-letter", 0, 0},
    [I_CODE_UNREGISTERED] = {"code-unregistered", SIPSTATUS_REGISTERED_ONLY, 0},
    [I_REASON_PUNCT] = {"reason-forbidden-byte", 0, SIPSTATUS_LENIENT_REASON},
    [I_REASON_CTRL] = {"reason-control-byte", 0, 0},
    [I_REASON_FE_FF] = {"reason-fe-ff", 0, 0},
    [I_NUL] = {"nul", 0, 0},
    [I_ESCAPE_CUT] = {"escape-truncated", 0, SIPSTATUS_LENIENT_REASON},
    [I_ESCAPE_NONHEX] = {"escape-not-hex", 0, SIPSTATUS_LENIENT_REASON},
    [I_UTF8_CUT] = {"utf8-truncated", 0, 0},
    [I_UTF8_STRICT] = {"utf8-not-rfc3629", SIPSTATUS_STRICT_UTF8, 0},
    [I_EOL_LF] = {"eol-bare-lf", 0, SIPSTATUS_LENIENT_LF},
    [I_EOL_MID_LF] = {"eol-lf-inside", 0, SIPSTATUS_LENIENT_LF},
    [I_EOL_CR] = {"eol-bare-cr", 0, 0},
    [I_SKIP_CR_ALONE] = {"skip-crlf-cr-alone", SIPSTATUS_SKIP_CRLF, 0},
    [I_SKIP_BARE_LF] = {"skip-crlf-bare-lf", SIPSTATUS_SKIP_CRLF, SIPSTATUS_LENIENT_LF},
};

static int ifam_ok(enum ifam f, unsigned flags)
{
    if ((ifams[f].need & flags) != ifams[f].need || (ifams[f].kill & flags))
        return 0;
    /* any byte >= 0x80 is valid under LENIENT_REASON without STRICT_UTF8 */
    if ((f == I_UTF8_CUT || f == I_REASON_FE_FF) &&
        (flags & SIPSTATUS_LENIENT_REASON) && !(flags & SIPSTATUS_STRICT_UTF8))
        return 0;
    return 1;
}

size_t gen_families(unsigned flags, int invalid)
{
    size_t k, n = 0;

    if (invalid) {
        for (k = 0; k < I_COUNT; k++)
            n += ifam_ok((enum ifam)k, flags);
    } else {
        for (k = 0; k < V_COUNT; k++)
            n += vfam_ok((enum vfam)k, flags);
    }
    return n;
}

/* Plain reason text: letters, digits and SPs, at least one byte. */
static void put_text(struct gen_case *c, struct gen_rng *r, unsigned n)
{
    while (n--)
        putb(c, RND(r, 6) ? (unsigned char)PICK(r, alnum) : ' ');
}

/* The kind of error a byte that fits nowhere gives at offset k of
 * "SIP/2.0 CCC reason": version, separators, code, reason. */
static int region_kind(size_t k)
{
    if (k < 7)
        return SIPSTATUS_E_VERSION;
    if (k == 7 || k == 11)
        return SIPSTATUS_E_SPACE;
    if (k < 11)
        return SIPSTATUS_E_CODE;
    return SIPSTATUS_E_REASON;
}

static void fail(struct gen_case *c, int kind, size_t at)
{
    c->intent = kind;
    c->intent_offset = at;
}

/* "SIP/2.0 CCC " and the start of a reason of plain text; the mutation
 * goes into the reason at an offset from r, then more text. */
static void head(struct gen_case *c, size_t i)
{
    puts_(c, "SIP/2.0 ");
    put_code(c, registered(i));
    putb(c, ' ');
}

void gen_invalid(struct gen_rng *r, unsigned flags, size_t i,
                            struct gen_case *c)
{
    enum ifam fams[I_COUNT];
    size_t n = 0, k, at;
    enum ifam f;
    int strict_utf8 = (flags & SIPSTATUS_STRICT_UTF8) != 0;

    for (k = 0; k < I_COUNT; k++)
        if (ifam_ok((enum ifam)k, flags))
            fams[n++] = (enum ifam)k;
    f = fams[i % n];
    c->len = 0;
    c->family = ifams[f].name;
    c->intent = SIPSTATUS_E_ARG; /* every branch below sets it */
    c->intent_offset = 0;

    switch (f) {
    case I_VERSION_BYTE: {
        static const char base[] = "SIP/2.0";
        k = RND(r, 7);
        put(c, base, k);
        /* no byte here can continue a version */
        putb(c, (unsigned char)(k < 4 ? "x0 .-\t@"[RND(r, 7)] : "x .-+/\t@"[RND(r, 8)]));
        if ((k == 3 && c->buf[3] == '/') || (k == 5 && c->buf[5] == '.'))
            c->buf[k] = 'x';
        fail(c, SIPSTATUS_E_VERSION, k);
        puts_(c, " 200 OK");
        break;
    }
    case I_VERSION_LONG: {
        /* any number of digits is valid; what follows them still counts:
         * a byte other than '.' after the major, other than SP after the
         * minor (a separator problem) */
        unsigned digits = 10 + RND(r, 20);
        puts_(c, "SIP/");
        if (RND(r, 2)) {
            put_digits(c, r, digits);
            fail(c, SIPSTATUS_E_VERSION, 4 + digits);
            putb(c, (unsigned char)",x-/ "[RND(r, 5)]);
            puts_(c, "0");
        } else {
            puts_(c, "2.");
            put_digits(c, r, digits);
            fail(c, SIPSTATUS_E_SPACE, 6 + digits);
            putb(c, (unsigned char)"x/.,"[RND(r, 4)]);
        }
        puts_(c, " 200 OK");
        break;
    }
    case I_VERSION_SIGN:
        if (RND(r, 2)) {
            puts_(c, RND(r, 2) ? "SIP/+2.0" : "SIP/-2.0");
            fail(c, SIPSTATUS_E_VERSION, 4);
        } else {
            puts_(c, RND(r, 2) ? "SIP/2.+0" : "SIP/2.-1");
            fail(c, SIPSTATUS_E_VERSION, 6);
        }
        puts_(c, " 200 OK");
        break;
    case I_VERSION_EMPTY:
        switch (RND(r, 3)) {
        case 0: puts_(c, "SIP/.0 200 OK"); fail(c, SIPSTATUS_E_VERSION, 4); break;
        case 1: puts_(c, "SIP/2. 200 OK"); fail(c, SIPSTATUS_E_VERSION, 6); break;
        default: puts_(c, "SIP/2 200 OK"); fail(c, SIPSTATUS_E_VERSION, 5); break;
        }
        break;
    case I_LEADING_BYTE:
        /* a CR or LF too, unless SKIP_CRLF skips them */
        if (flags & SIPSTATUS_SKIP_CRLF)
            putb(c, (unsigned char)" \txS"[RND(r, 4)]);
        else
            putb(c, (unsigned char)" \t\r\nxS"[RND(r, 6)]);
        fail(c, SIPSTATUS_E_VERSION, c->buf[0] == 'S' ? 1 : 0);
        puts_(c, "SIP/2.0 200 OK");
        break;
    case I_SEP1_HTAB:
        puts_(c, "SIP/2.0\t");
        fail(c, SIPSTATUS_E_SPACE, 7);
        put_code(c, registered(i));
        puts_(c, " OK");
        break;
    case I_SEP1_DOUBLE:
        puts_(c, RND(r, 2) ? "SIP/2.0  " : "SIP/2.0 \t");
        fail(c, SIPSTATUS_E_SPACE, 8);
        put_code(c, registered(i));
        puts_(c, " OK");
        break;
    case I_SEP1_MISSING:
        puts_(c, "SIP/2.0");
        putb(c, (unsigned char)"x/-_;"[RND(r, 5)]);
        fail(c, SIPSTATUS_E_SPACE, 7);
        put_code(c, registered(i));
        puts_(c, " OK");
        break;
    case I_SEP1_EOL:
        puts_(c, "SIP/2.0");
        fail(c, SIPSTATUS_E_SPACE, 7);
        break;
    case I_SEP2_EOL:
        puts_(c, "SIP/2.0 ");
        put_code(c, registered(i));
        fail(c, SIPSTATUS_E_SPACE, 11);
        break;
    case I_SEP2_HTAB:
        puts_(c, "SIP/2.0 ");
        put_code(c, registered(i));
        puts_(c, "\tOK");
        fail(c, SIPSTATUS_E_SPACE, 11);
        break;
    case I_SEP2_MISSING:
        puts_(c, "SIP/2.0 ");
        put_code(c, registered(i));
        putb(c, (unsigned char)"OAx-/"[RND(r, 5)]);
        puts_(c, "K");
        fail(c, SIPSTATUS_E_SPACE, 11);
        break;
    case I_CODE_2:
        puts_(c, "SIP/2.0 ");
        put_code(c, registered(i));
        c->len--;
        puts_(c, " OK");
        fail(c, SIPSTATUS_E_CODE, 10);
        break;
    case I_CODE_4:
        puts_(c, "SIP/2.0 ");
        put_code(c, registered(i));
        put_digits(c, r, 1);
        puts_(c, " OK");
        fail(c, SIPSTATUS_E_CODE, 11);
        break;
    case I_CODE_CLASS:
        puts_(c, "SIP/2.0 ");
        putb(c, (unsigned char)"0789"[RND(r, 4)]);
        put_digits(c, r, 2);
        puts_(c, " OK");
        fail(c, SIPSTATUS_E_CODE, 8);
        break;
    case I_CODE_HUGE: {
        static const char *const huge[] = {
            "4294967301", "4294967296", "18446744073709551617", "2147483848",
            "99999999999999999999999", "4294967496",
        };
        const char *h = huge[RND(r, sizeof huge / sizeof huge[0])];
        unsigned code = (unsigned)(h[0] - '0') * 100 + (unsigned)(h[1] - '0') * 10 +
                        (unsigned)(h[2] - '0');
        puts_(c, "SIP/2.0 ");
        puts_(c, h);
        puts_(c, " x");
        if ((code < 100 || code > 699) && !(flags & SIPSTATUS_ANY_CODE))
            fail(c, SIPSTATUS_E_CODE, 8);
        else if ((flags & SIPSTATUS_REGISTERED_ONLY) && !sipstatus_lookup(code))
            fail(c, SIPSTATUS_E_UNREGISTERED, 8);
        else
            fail(c, SIPSTATUS_E_CODE, 11);
        break;
    }
    case I_CODE_SIGN:
        puts_(c, "SIP/2.0 ");
        if (RND(r, 2)) {
            putb(c, (unsigned char)"+-"[RND(r, 2)]);
            put_code(c, registered(i));
            fail(c, SIPSTATUS_E_CODE, 8);
        } else {
            puts_(c, RND(r, 2) ? "2-00" : "4+04");
            fail(c, SIPSTATUS_E_CODE, 9);
        }
        puts_(c, " OK");
        break;
    case I_CODE_LETTER:
        puts_(c, "SIP/2.0 ");
        put_code(c, registered(i));
        k = RND(r, 3);
        c->buf[8 + k] = (char)"xOlA."[RND(r, 5)];
        puts_(c, " OK");
        fail(c, SIPSTATUS_E_CODE, 8 + k);
        break;
    case I_CODE_UNREGISTERED: {
        unsigned code;
        do
            code = 100 + RND(r, 600);
        while (sipstatus_lookup(code) != NULL);
        puts_(c, "SIP/2.0 ");
        put_code(c, code);
        puts_(c, " Whatever");
        fail(c, SIPSTATUS_E_UNREGISTERED, 8);
        break;
    }
    case I_REASON_PUNCT:
    case I_REASON_CTRL:
    case I_REASON_FE_FF:
        head(c, i);
        put_text(c, r, RND(r, 20));
        at = c->len;
        if (f == I_REASON_PUNCT)
            putb(c, (unsigned char)PICK(r, forbidden));
        else if (f == I_REASON_FE_FF)
            putb(c, 0xfe + RND(r, 2));
        else {
            static const unsigned char ctrl[] = {1, 2, 3, 4, 5, 6, 7, 8, 0x0b, 0x0c,
                0x0e, 0x10, 0x15, 0x1b, 0x1f, 0x7f};
            putb(c, ctrl[RND(r, sizeof ctrl)]);
        }
        /* FE and FF are no UTF-8 byte at all: E_UTF8 */
        fail(c, f == I_REASON_FE_FF ? SIPSTATUS_E_UTF8 : SIPSTATUS_E_REASON, at);
        put_text(c, r, RND(r, 10));
        break;
    case I_NUL: {
        /* anywhere before the CR */
        size_t end;
        head(c, i);
        put_text(c, r, 1 + RND(r, 20));
        end = c->len;
        k = RND(r, (unsigned)end);
        c->buf[k] = '\0';
        fail(c, region_kind(k), k);
        break;
    }
    case I_ESCAPE_CUT:
        head(c, i);
        put_text(c, r, RND(r, 20));
        putb(c, '%');
        if (RND(r, 2))
            putb(c, (unsigned char)hexu[RND(r, 16)]);
        fail(c, SIPSTATUS_E_ESCAPE, c->len); /* at the CR */
        break;
    case I_ESCAPE_NONHEX:
        head(c, i);
        put_text(c, r, RND(r, 20));
        putb(c, '%');
        if (RND(r, 2))
            putb(c, (unsigned char)hexl[RND(r, 16)]);
        fail(c, SIPSTATUS_E_ESCAPE, c->len);
        putb(c, (unsigned char)"gG xZ%\t\""[RND(r, 8)]);
        put_text(c, r, RND(r, 5));
        break;
    case I_UTF8_CUT: {
        /* a lead byte and fewer continuation bytes than it needs */
        static const unsigned char leads[] = {0xc3, 0xe2, 0xf0, 0xf8, 0xfc};
        static const unsigned want[] = {1, 2, 3, 4, 5};
        static const unsigned char seconds[] = {0, 0x82, 0x9f, 0x88, 0x84};
        unsigned w = strict_utf8 ? 3 : 5, have;
        head(c, i);
        put_text(c, r, RND(r, 20));
        k = RND(r, w);
        putb(c, leads[k]);
        have = RND(r, want[k]);
        if (have > 0) {
            putb(c, seconds[k]);
            cont(c, r, have - 1);
        }
        fail(c, SIPSTATUS_E_UTF8, c->len);
        if (RND(r, 2))
            putb(c, (unsigned char)"a \xc3%"[RND(r, 4)]);
        break;
    }
    case I_UTF8_STRICT: {
        /* RFC 3261 allows it, RFC 3629 does not: the byte that breaks it */
        static const char *const bad[] = {
            "\xc0\x80", "\xc1\xbf", "\xe0\x80\x80", "\xed\xa0\x80", "\xf0\x80\x80\x80",
            "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xf8\x88\x80\x80\x80",
            "\xfc\x84\x80\x80\x80\x80", "\x80", "\xbf",
        };
        static const unsigned char where[] = {0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0};
        k = RND(r, sizeof where);
        head(c, i);
        put_text(c, r, RND(r, 20));
        fail(c, SIPSTATUS_E_UTF8, c->len + where[k]);
        puts_(c, bad[k]);
        put_text(c, r, RND(r, 5));
        break;
    }
    case I_EOL_LF:
        head(c, i);
        put_text(c, r, RND(r, 20));
        fail(c, SIPSTATUS_E_EOL, c->len);
        putb(c, '\n');
        break;
    case I_EOL_MID_LF:
        head(c, i);
        put_text(c, r, RND(r, 20));
        fail(c, SIPSTATUS_E_EOL, c->len);
        putb(c, '\n');
        put_text(c, r, 1 + RND(r, 10));
        break;
    case I_EOL_CR:
        head(c, i);
        put_text(c, r, RND(r, 20));
        putb(c, '\r');
        fail(c, SIPSTATUS_E_EOL, c->len);
        putb(c, (unsigned char)"\rx \t"[RND(r, 4)]);
        put_text(c, r, RND(r, 5));
        break;
    case I_SKIP_CR_ALONE: /* a CR before the line that no LF follows */
    case I_SKIP_BARE_LF:  /* a bare LF before the line, not lenient */
        while (RND(r, 2))
            puts_(c, "\r\n");
        putb(c, f == I_SKIP_CR_ALONE ? '\r' : '\n');
        fail(c, f == I_SKIP_CR_ALONE ? SIPSTATUS_E_EOL : SIPSTATUS_E_VERSION,
             f == I_SKIP_CR_ALONE ? c->len : c->len - 1);
        head(c, i);
        put_text(c, r, RND(r, 10));
        break;
    case I_COUNT:
        break;
    }
    if (c->len == 0 || c->buf[c->len - 1] != '\n')
        puts_(c, "\r\n");
}

/* ------------------------------------------------------------ dictionary */

const char *const gen_dict[] = {
    "version=\"SIP/2.0\"", "version_lc=\"sip/2.0\"", "version_10=\"SIP/1.0\"",
    "version_long=\"SIP/999999999.999999999\"", "version_huge=\"SIP/99999999999999999999.0\"", "slash=\"SIP/\"", "sp=\" \"",
    "htab=\"\\x09\"", "crlf=\"\\x0d\\x0a\"", "cr=\"\\x0d\"", "lf=\"\\x0a\"",
    "nul=\"\\x00\"", "del=\"\\x7f\"", "code_100=\" 100 \"", "code_200=\" 200 \"",
    "code_404=\" 404 \"", "code_699=\" 699 \"", "code_099=\" 099 \"",
    "code_700=\" 700 \"", "code_4digits=\" 2000 \"", "huge=\"4294967301\"",
    "huge64=\"18446744073709551617\"", "sign_plus=\"+\"", "sign_minus=\"-\"",
    "esc_upper=\"%2F\"", "esc_lower=\"%2f\"", "esc_cut=\"%\"", "reserved=\";/?:@&=+$,\"",
    "mark=\"-_.!~*'()\"", "quote=\"\\x22\"", "hash=\"#\"", "lt=\"<\"", "gt=\">\"",
    "lbracket=\"[\"", "backslash=\"\\x5c\"", "rbracket=\"]\"", "caret=\"^\"",
    "backtick=\"`\"", "lbrace=\"{\"", "pipe=\"|\"", "rbrace=\"}\"",
    "utf8_2=\"\\xc3\\xa9\"", "utf8_3=\"\\xe2\\x82\\xac\"", "utf8_4=\"\\xf0\\x9f\\x98\\x80\"",
    "utf8_5=\"\\xf8\\x88\\x80\\x80\\x80\"", "utf8_6=\"\\xfc\\x84\\x80\\x80\\x80\\x80\"",
    "overlong=\"\\xc0\\x80\"", "surrogate=\"\\xed\\xa0\\x80\"",
    "above=\"\\xf4\\x90\\x80\\x80\"", "cont=\"\\x80\"", "fe=\"\\xfe\"", "ff=\"\\xff\"",
    NULL,
};
