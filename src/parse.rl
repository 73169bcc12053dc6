/* SPDX-License-Identifier: MIT */
/* parse.rl - runs the grammar of grammar/sipstatus.rl: action bodies, sipstatus_parse(). */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "sipstatus.h"

/* What one run of the machine found, each field listed once:
 * V(type, name) a value, P(name) a position in the caller's buffer (a
 * pointer here, an offset in a saved state; NULL until set).  The struct,
 * the saved form of sipstatus_state and gen_tables.c's comparison of two
 * runs all come from this list, so none can miss a field. */
#define RUN_FIELDS(V, P) \
    V(unsigned, flags) \
    V(int, cs) \
    V(int, err)         /* the error kind named by the last error action */ \
    V(int, result)      /* SIPSTATUS_OK or E_UNREGISTERED when an action stopped the run */ \
    V(unsigned, code) V(unsigned, major) V(unsigned, minor) V(unsigned, notes) \
    V(unsigned, ok)     /* NOTE_UTF8 / NOTE_REASON_CHARS: the reason is clear of it */ \
    P(start)            /* the 'S' of "SIP", or past the CRLFs skipped so far */ \
    P(version_end) \
    P(code_at)          /* first code digit */ \
    P(reason) P(reason_end) \
    P(p)                /* where the run stopped */

/* Positions are pointers into the caller's buffer; nothing is copied. */
#define RUN_VALUE(type, name) type name;
#define RUN_POSITION(name) const char *name;
struct run {
    RUN_FIELDS(RUN_VALUE, RUN_POSITION)
};

%%{
  machine sipstatus;
  variable cs r->cs;

  action skip_crlf { r->flags & SIPSTATUS_SKIP_CRLF }
  action skip_lf { (r->flags & (SIPSTATUS_SKIP_CRLF | SIPSTATUS_LENIENT_LF)) ==
                   (SIPSTATUS_SKIP_CRLF | SIPSTATUS_LENIENT_LF) }
  action lenient_space { r->flags & SIPSTATUS_LENIENT_SPACE }
  action lenient_lf { r->flags & SIPSTATUS_LENIENT_LF }
  action any_code { r->flags & SIPSTATUS_ANY_CODE }

  action start { r->start = fpc; }
  action skipped { r->start = fpc + 1; }
  action lower_case { r->notes |= SIPSTATUS_NOTE_CASE; }
  action major_digit { r->major = add_digit(r->major, fc); }
  action minor_digit { r->minor = add_digit(r->minor, fc); }
  action version_end { r->version_end = fpc; }
  action code_start { r->code_at = fpc; }
  action code_digit { r->code = r->code * 10 + (unsigned)(fc - '0'); }
  action code_end {
    r->reason = fpc + 1;
    if ((r->flags & SIPSTATUS_REGISTERED_ONLY) && !sipstatus_lookup(r->code)) {
      r->result = SIPSTATUS_E_UNREGISTERED;
      fbreak;
    }
  }
  action whitespace { r->notes |= SIPSTATUS_NOTE_WHITESPACE; }
  action plain_run { fexec skip_plain(fpc + 1, pe); }
  action reason_start { r->reason = fpc; r->ok = 0; }
  action reason_end { r->reason_end = fpc; }
  action reason_utf8 { r->ok |= SIPSTATUS_NOTE_UTF8; }
  action reason_abnf { r->ok |= SIPSTATUS_NOTE_REASON_CHARS; }
  action bare_lf { r->notes |= SIPSTATUS_NOTE_BARE_LF; }
  action done { r->result = SIPSTATUS_OK; fbreak; }

  action err_version { r->err = SIPSTATUS_E_VERSION; }
  action err_sep1 { r->err = is_digit(fc) ? SIPSTATUS_E_VERSION : SIPSTATUS_E_SPACE; }
  action err_code1 { r->err = fc == ' ' || fc == '\t' ? SIPSTATUS_E_SPACE : SIPSTATUS_E_CODE; }
  action err_code { r->err = SIPSTATUS_E_CODE; }
  action err_sep2 { r->err = sep2_error(fc, r->flags); }
  action err_reason { r->err = reason_error(fc); }
  action err_escape { r->err = SIPSTATUS_E_ESCAPE; }
  action err_utf8 { r->err = SIPSTATUS_E_UTF8; }
  action err_eol { r->err = SIPSTATUS_E_EOL; }

  include "sipstatus.rl";

  line_strict := Status_Line;
  line_strict_3629 := Status_Line_3629;
  line_lenient := Status_Line_lenient;
  line_lenient_3629 := Status_Line_lenient_3629;
  reason_only := Reason_Only;
  reason_only_3629 := Reason_Only_3629;
  reason_only_lenient := Reason_Only_lenient;
  reason_only_lenient_3629 := Reason_Only_lenient_3629;
  utf8_text := UTF8_text;
  reason_byte_only := reason_byte;
}%%

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-const-variable"
#pragma GCC diagnostic ignored "-Wunused-variable"
#endif
%% write data;
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

/* The common line's path is inlined, so that a replayed run lives in
 * registers; the rest stays out of its way. */
#if defined(__GNUC__)
#define ALWAYS_INLINE __attribute__((always_inline)) inline
#define NOINLINE __attribute__((noinline))
#else
#define ALWAYS_INLINE inline
#define NOINLINE
#endif

/* The shortcuts' tables, computed by running the grammar's own machines
 * (src/gen_tables.c writes tables.h when the library is built):
 * reason_plain[b] is 1 when b is a reason_byte, and the states, codes and
 * first reason bytes of the replays below.  The build of the differential
 * tests' second parser leaves every shortcut out (SIPSTATUS_NO_SHORTCUTS),
 * and so does the generator itself, whose runs are the machine alone. */
#if defined(SIPSTATUS_GEN_TABLES)
static const unsigned char reason_plain[256];
static unsigned char reason_first[256], code_ok[1000]; /* gen_tables.c fills these */
#elif defined(SIPSTATUS_NO_SHORTCUTS)
static const unsigned char reason_plain[256];
#else
#define SIPSTATUS_SHORTCUTS 1
#include "tables.h"
#endif

#if defined(SIPSTATUS_GEN_TABLES)
static unsigned long gen_plain_runs; /* how often plain_run ran: gen_tables.c */
#endif

/* From p, just after a reason_byte: the first byte at or after p that is
 * not a reason_byte (or pe), by hand; then, at an escape or a byte >=
 * 0x80 or after 16 bytes, with a block of at least 16 bytes left, the
 * vector path passes over whole items (src/simd.c), and the hand loop
 * goes on from where it stops.  Either stops where an item ends, where
 * the machine is as it was after the reason_byte (gen_tables.c proves
 * that for every item and every such state). */
static const char *skip_plain(const char *p, const char *pe)
{
#if defined(SIPSTATUS_SHORTCUTS) && defined(SIPSTATUS__SIMD_X86)
    const char *stop = pe - p > 16 ? p + 16 : pe;
    while (p < stop && reason_plain[(unsigned char)*p])
        p++;
    if (pe - p < 16 || (p < stop && *p != '%' && (unsigned char)*p < 0x80))
        return p; /* the line's end, or a byte no item starts with */
    switch (sipstatus__simd()) {
    case SIPSTATUS__SIMD_AVX2:
        p = sipstatus__skip_avx2(p, pe, plain_lut);
        break;
    case SIPSTATUS__SIMD_SSE2:
        p = sipstatus__skip_sse2(p, pe);
        break;
    default:
        break;
    }
#elif defined(SIPSTATUS_GEN_TABLES)
    gen_plain_runs++;
#endif
    while (p < pe && reason_plain[(unsigned char)*p])
        p++;
    return p;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* v * 10 + the digit c, or UINT_MAX when that does not fit (1*DIGIT has
 * no bound; the value saturates). */
static unsigned add_digit(unsigned v, char c)
{
    unsigned d = (unsigned)(c - '0');
    return v > (UINT_MAX - d) / 10 ? UINT_MAX : v * 10 + d;
}

/* After the code: a fourth digit makes a bad code; a bare LF under
 * LENIENT_SPACE (where the SP may be left out) is a line-end problem. */
static int sep2_error(char c, unsigned flags)
{
    if (is_digit(c))
        return SIPSTATUS_E_CODE;
    if (c == '\n' && (flags & SIPSTATUS_LENIENT_SPACE))
        return SIPSTATUS_E_EOL;
    return SIPSTATUS_E_SPACE;
}

/* Between reason items: LF may not end a strict line; a byte >= 0x80 that
 * starts no sequence is a UTF-8 error; anything else is a forbidden byte. */
static int reason_error(char c)
{
    if (c == '\n')
        return SIPSTATUS_E_EOL;
    if ((unsigned char)c >= 0x80)
        return SIPSTATUS_E_UTF8;
    return SIPSTATUS_E_REASON;
}

static void run(struct run *r, const char *p, const char *pe)
{
    /* No EOF: running out of input is INCOMPLETE, not an error, so the
     * error actions (which Ragel would also run at EOF, reading fc there)
     * must never run at pe.  eof is NULL, which p never equals. */
    const char *eof = NULL;
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wunused-label"
#endif
    %% write exec;
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
    (void)eof;
    r->p = p;
}

static int failed(const struct run *r) { return r->cs == sipstatus_error; }

/* Which of the four line (or reason) machines the flags choose. */
static ALWAYS_INLINE int line_machine(unsigned flags)
{
    return ((flags & SIPSTATUS_LENIENT_REASON) ? 1 : 0) |
           ((flags & SIPSTATUS_STRICT_UTF8) ? 2 : 0);
}

/* By line_machine(): the reason notes each machine tracks. */
static const unsigned suspect[4] = {SIPSTATUS_NOTE_UTF8,
                                    SIPSTATUS_NOTE_UTF8 | SIPSTATUS_NOTE_REASON_CHARS, 0,
                                    SIPSTATUS_NOTE_REASON_CHARS};

int sipstatus_reason_check(const char *reason, size_t len, unsigned flags,
                           size_t *error_offset, unsigned *notes)
{
    static const int entry[4] = {sipstatus_en_reason_only, sipstatus_en_reason_only_lenient,
                                 sipstatus_en_reason_only_3629,
                                 sipstatus_en_reason_only_lenient_3629};
    static const char cr = '\r';
    int m = line_machine(flags);
    struct run r = {.flags = flags, .cs = entry[m], .result = SIPSTATUS_INCOMPLETE};
    size_t offset = 0;
    int kind = SIPSTATUS_OK;

    if (error_offset)
        *error_offset = 0;
    if (notes)
        *notes = 0;
    if ((!reason && len > 0) || (flags & ~SIPSTATUS_PARSE_FLAGS))
        return SIPSTATUS_E_ARG;
    if (len > 0)
        run(&r, reason, reason + len);
    if (failed(&r)) {
        kind = r.err;
        offset = (size_t)(r.p - reason);
    } else if (r.result == SIPSTATUS_OK) {
        /* a CR inside the text: a line would end there */
        kind = SIPSTATUS_E_EOL;
        offset = (size_t)(r.p - reason) - 1;
    } else {
        run(&r, &cr, &cr + 1);
        if (failed(&r)) {
            kind = r.err;
            offset = len;
        }
    }
    if (kind != SIPSTATUS_OK) {
        if (error_offset)
            *error_offset = offset;
        return kind;
    }
    if (notes)
        *notes = suspect[m] & ~r.ok;
    return SIPSTATUS_OK;
}

int sipstatus__utf8_valid(const char *s, size_t n)
{
    struct run r = {.flags = 0, .cs = sipstatus_en_utf8_text};
    run(&r, s, s + n);
    return r.cs >= sipstatus_first_final;
}

size_t sipstatus__utf8_char(const char *s, size_t n)
{
    for (size_t k = 1; k <= 4 && k <= n; k++)
        if (sipstatus__utf8_valid(s, k))
            return k;
    return 0;
}

/* The notes the machine could not give: version, the registry's (given),
 * and which of the reason's checks it passed (r->ok). */
static ALWAYS_INLINE unsigned line_notes(const struct run *r, unsigned registry_notes)
{
    unsigned notes = r->notes | registry_notes;

    notes |= suspect[line_machine(r->flags)] & ~r->ok;
    if (r->code - 100u >= 600u) /* only with ANY_CODE */
        notes |= SIPSTATUS_NOTE_CLASS;
    if (r->major != 2 || r->minor != 0 || r->version_end - r->start != 7)
        notes |= SIPSTATUS_NOTE_VERSION;
    return notes;
}

/* A run at the start of a line, every field set. */
static ALWAYS_INLINE void line_start(struct run *r, unsigned flags, const char *buf)
{
    static const int entry[4] = {sipstatus_en_line_strict, sipstatus_en_line_lenient,
                                 sipstatus_en_line_strict_3629,
                                 sipstatus_en_line_lenient_3629};
    r->flags = flags;
    r->cs = entry[line_machine(flags)];
    r->err = 0;
    r->result = SIPSTATUS_INCOMPLETE;
    r->code = r->major = r->minor = r->notes = 0;
    /* a line without a reason separator (LENIENT_SPACE) has an empty
     * reason, clear of every reason note; reason_start clears these */
    r->ok = SIPSTATUS_NOTE_UTF8 | SIPSTATUS_NOTE_REASON_CHARS;
    r->start = r->p = buf;
    r->version_end = r->code_at = r->reason = r->reason_end = NULL;
}

#ifndef SIPSTATUS_NO_SHORTCUTS
/* Replays of what the machine does on the common line shapes.  Each says
 * which fields the machine sets; the states and the values that depend on
 * the machine come from tables.h, and gen_tables.c checks every replay
 * against the machine, field by field, under all 128 flag sets, for every
 * input it is used on (every code and first reason byte, every
 * reason_byte after it, the closing CR LF, every canonical line), and
 * fails the build if one differs.  The grammar stays the one definition:
 * a line outside these shapes, or any byte that leaves them, goes to the
 * machine. */
static const char sip20[8] = {'S', 'I', 'P', '/', '2', '.', '0', ' '};

/* "SIP/2.0 " */
static ALWAYS_INLINE void replay_sip20(struct run *r, const char *buf, int cs)
{
    r->cs = cs;
    r->major = 2;
    r->minor = 0;
    r->version_end = buf + 7;
    r->p = buf + 8;
}

/* "SIP/2.0 " DDD SP and the reason's first byte */
static ALWAYS_INLINE void replay_head(struct run *r, const char *buf, unsigned code, int cs)
{
    replay_sip20(r, buf, cs);
    r->code = code;
    r->code_at = buf + 8;
    r->reason = buf + 12;
    r->ok = 0;
    r->p = buf + 13;
}

/* the CR LF at p that ends the reason */
static ALWAYS_INLINE void replay_end(struct run *r, const char *p, int cs, unsigned ok)
{
    r->cs = cs;
    r->result = SIPSTATUS_OK;
    r->reason_end = p;
    r->ok = ok;
    r->p = p + 2;
}

/* The three digits at s as a number when s[3] is SP, else 1000.  One
 * word: each byte less its expected '0' or SP, then whether any of the
 * first three is out of 0-9 (bit 7, alone or after adding 0x76) or the
 * fourth is not 0. */
static ALWAYS_INLINE unsigned three_digits(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t v = (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 |
                 (uint32_t)u[3] << 24;
    uint32_t d = v - 0x20303030u;

    if ((d & 0xff000000u) | ((d | (d + 0x00767676u)) & 0x00808080u))
        return 1000;
    return (d & 0x0fu) * 100 + (d >> 8 & 0x0fu) * 10 + (d >> 16 & 0x0fu);
}

/* Whether buf has the shape replay_head() covers: "SIP/2.0 " DDD SP, a
 * code and a first reason byte the machine takes alike under all flags. */
static ALWAYS_INLINE int head_shape(const char *buf, size_t len, unsigned *code)
{
    if (len < 13)
        return 0;
    *code = three_digits(buf + 8);
    return *code < 1000 && code_ok[*code] && reason_first[(unsigned char)buf[12]];
}

/* ... and no REGISTERED_ONLY stop at the code: replay_head() covers it. */
static int head_replayable(const char *buf, size_t len, unsigned flags, unsigned *code)
{
    return head_shape(buf, len, code) &&
           (!(flags & SIPSTATUS_REGISTERED_ONLY) || sipstatus_lookup(*code));
}

/* The 8 bytes at a + i XOR those at b + i: 0 when they are the same. */
static ALWAYS_INLINE uint64_t diff8(const char *a, const char *b, size_t i)
{
    uint64_t x, y;
    memcpy(&x, a + i, 8);
    memcpy(&y, b + i, 8);
    return x ^ y;
}

/* When buf starts with the canonical line of a registered code, "SIP/2.0 "
 * DDD SP <registered phrase> CR LF, its length, and the code; else 0.
 * The digits only choose the line to compare with; the compare checks
 * them.  It reads the first and the last 16 bytes of the line (every
 * canonical line has at least 16), then any between, without a branch on
 * the common lengths.  gen_tables.c runs the machine on each of these
 * lines under every flag set. */
static ALWAYS_INLINE size_t canonical_line(const char *buf, size_t len, unsigned *code)
{
    const struct sipstatus__line *l;
    uint64_t d;
    size_t n;
    unsigned c;

    if (len < 16)
        return 0;
    c = ((unsigned char)buf[8] & 15u) * 100 + ((unsigned char)buf[9] & 15u) * 10 +
        ((unsigned char)buf[10] & 15u);
    if (c - 100u >= 600u)
        return 0;
    l = &sipstatus__lines[c - 100];
    n = l->len;
    if (n < 16 || n > len)
        return 0;
    d = diff8(l->text, buf, 0) | diff8(l->text, buf, 8) | diff8(l->text, buf, n - 16) |
        diff8(l->text, buf, n - 8);
    for (size_t i = 16; i + 16 < n; i += 16)
        d |= diff8(l->text, buf, i) | diff8(l->text, buf, i + 8);
    if (d != 0)
        return 0;
    *code = c;
    return n;
}
#endif

/* Fills *line (zeroed) from a finished run. */
static ALWAYS_INLINE int finish(const struct run *r, const char *buf,
                                struct sipstatus_line *line, unsigned registry_notes)
{
    line->major = r->major;
    line->minor = r->minor;
    line->code = r->code;
    line->start = (size_t)(r->start - buf);
    if (failed(r) || r->result == SIPSTATUS_E_UNREGISTERED) {
        int kind = failed(r) ? r->err : r->result;
        line->error_offset =
            (size_t)((kind == SIPSTATUS_E_UNREGISTERED ? r->code_at : r->p) - buf);
        return kind;
    }
    if (r->result != SIPSTATUS_OK)
        return SIPSTATUS_INCOMPLETE;
    line->reason = r->reason;
    line->reason_len = (size_t)(r->reason_end - r->reason);
    line->length = (size_t)(r->p - buf);
    line->notes = line_notes(r, registry_notes);
    return SIPSTATUS_OK;
}

/* Runs the machine from r (at p) to the end of the line or of the input. */
static int finish_by_machine(struct run *r, const char *p, const char *buf, size_t len,
                             struct sipstatus_line *line)
{
    if (p)
        run(r, p, buf + len);
    if (r->result == SIPSTATUS_OK && !failed(r))
        return finish(r, buf, line,
                      sipstatus__phrase_notes(r->code, r->reason,
                                              (size_t)(r->reason_end - r->reason)));
    return finish(r, buf, line, 0);
}

#ifdef SIPSTATUS_SHORTCUTS
/* A line that starts "SIP/2.0 ", by the replays where they reach. */
static NOINLINE int parse_sip20(const char *buf, size_t len, unsigned flags,
                                struct sipstatus_line *line)
{
    int m = line_machine(flags);
    const char *pe = buf + len, *p;
    unsigned code;
    struct run r;

    if (!head_replayable(buf, len, flags, &code)) {
        line_start(&r, flags, buf);
        replay_sip20(&r, buf, after_sip20[m]);
        return finish_by_machine(&r, r.p, buf, len, line);
    }
    line_start(&r, flags, buf);
    replay_head(&r, buf, code, reason_state[m]);
    p = skip_plain(r.p, pe);
    if (pe - p >= 2 && p[0] == '\r' && p[1] == '\n') {
        replay_end(&r, p, end_state[m], end_ok[m]);
        p = NULL; /* the line is read */
    }
    return finish_by_machine(&r, p, buf, len, line);
}
#endif

static NOINLINE int parse_by_machine(const char *buf, size_t len, unsigned flags,
                                     struct sipstatus_line *line)
{
    struct run r;
    line_start(&r, flags, buf);
    return finish_by_machine(&r, buf, buf, len, line);
}

int sipstatus_parse(const char *buf, size_t len, unsigned flags,
                    struct sipstatus_line *line)
{
    if (!line)
        return SIPSTATUS_E_ARG;
    memset(line, 0, sizeof *line); /* padding too: callers may compare lines bytewise */
    if ((!buf && len > 0) || (flags & ~SIPSTATUS_PARSE_FLAGS))
        return SIPSTATUS_E_ARG;
#ifdef SIPSTATUS_SHORTCUTS
    {
        unsigned code;
        size_t n;
        /* a registered code and its phrase: by far the most common line */
        if ((n = canonical_line(buf, len, &code)) > 0) {
            int m = line_machine(flags);
            struct run r;
            line_start(&r, flags, buf);
            replay_head(&r, buf, code, reason_state[m]);
            replay_end(&r, buf + n - 2, end_state[m], end_ok[m]);
            return finish(&r, buf, line, 0);
        }
    }
    if (len >= 8 && memcmp(buf, sip20, 8) == 0)
        return parse_sip20(buf, len, flags, line);
#endif
    return parse_by_machine(buf, len, flags, line);
}

/* ---- resumable parsing: the machine's run, saved between calls ---- */

/* struct run as sipstatus_state holds it: positions as offsets from the
 * buffer (plus one; 0 for NULL), since the buffer may move. */
#define SAVED_VALUE(type, name) type name;
#define SAVED_POSITION(name) size_t name;
struct saved {
    RUN_FIELDS(SAVED_VALUE, SAVED_POSITION)
    unsigned phase;          /* FRESH, FLAGS_ONLY or RUNNING */
    unsigned first_flags;    /* the first call's flags */
    unsigned final;          /* the line is read, or an error was found */
    unsigned registry_notes; /* after OK: sipstatus__phrase_notes() */
    size_t seen;             /* the last call's len */
};
enum { FRESH, FLAGS_ONLY, RUNNING };
typedef char sipstatus__saved_fits[sizeof(struct saved) <= sizeof(struct sipstatus_state) ? 1 : -1];

#define SAVE_VALUE(type, name) s->name = r->name;
#define SAVE_POSITION(name) s->name = r->name ? (size_t)(r->name - buf) + 1 : 0;
static void save_run(struct saved *s, const struct run *r, const char *buf)
{
    RUN_FIELDS(SAVE_VALUE, SAVE_POSITION)
}

#define LOAD_VALUE(type, name) r->name = s->name;
#define LOAD_POSITION(name) r->name = s->name ? buf + (s->name - 1) : NULL;
static void load_run(struct run *r, const struct saved *s, const char *buf)
{
    RUN_FIELDS(LOAD_VALUE, LOAD_POSITION)
}

void sipstatus_state_init(struct sipstatus_state *st)
{
    if (st)
        memset(st, 0, sizeof *st);
}

int sipstatus_parse_next(const char *buf, size_t len, unsigned flags,
                         struct sipstatus_line *line, struct sipstatus_state *st)
{
    struct saved s;
    struct run r;

    if (!line)
        return SIPSTATUS_E_ARG;
    memset(line, 0, sizeof *line);
    if (!st || (!buf && len > 0) || (flags & ~SIPSTATUS_PARSE_FLAGS))
        return SIPSTATUS_E_ARG;
    memcpy(&s, st, sizeof s);
    if (s.phase != FRESH && (flags != s.first_flags || len < s.seen))
        return SIPSTATUS_E_ARG;
    if (s.phase != RUNNING && len == 0) {
        /* nothing to run yet (buf may be NULL): remember the flags */
        s.phase = FLAGS_ONLY;
        s.first_flags = flags;
        memcpy(st, &s, sizeof s);
        return SIPSTATUS_INCOMPLETE;
    }
    if (s.phase == RUNNING) {
        load_run(&r, &s, buf);
    } else {
        line_start(&r, flags, buf);
        s.phase = RUNNING;
        s.first_flags = flags;
        s.seen = 0;
    }
    if (!s.final && len > s.seen) {
        /* only the new bytes: the machine resumes where it stopped */
        run(&r, buf + s.seen, buf + len);
        if (failed(&r) || r.result != SIPSTATUS_INCOMPLETE) {
            s.final = 1;
            if (!failed(&r) && r.result == SIPSTATUS_OK)
                s.registry_notes = sipstatus__phrase_notes(
                    r.code, r.reason, (size_t)(r.reason_end - r.reason));
        }
    }
    s.seen = len;
    save_run(&s, &r, buf);
    memcpy(st, &s, sizeof s);
    return finish(&r, buf, line, s.registry_notes);
}
