/* SPDX-License-Identifier: MIT */
/* sipstatus.h - parse, validate and emit SIP Status-Lines (RFC 3261 §7.2, §25.1). */
#ifndef SIPSTATUS_H
#define SIPSTATUS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SIPSTATUS_VERSION_MAJOR 0
#define SIPSTATUS_VERSION_MINOR 2
#define SIPSTATUS_VERSION_PATCH 0
#define SIPSTATUS_VERSION_STRING "0.2.0"

/* Results: one line each, X(NAME, value, message), in the manner of libuv's
 * UV_ERRNO_MAP.  SIPSTATUS_<NAME> is the value; negative values are errors;
 * sipstatus_errname() gives NAME and sipstatus_strerror() the message.
 * Everything else (the enum below, the library's tables, the CLI's) is
 * derived from this list. */
#define SIPSTATUS_RESULT_MAP(X) \
    X(OK, 0, "valid Status-Line") \
    X(INCOMPLETE, 1, "the Status-Line has not ended yet (more bytes needed)") \
    X(E_VERSION, -1, "SIP-Version is malformed (expected \"SIP/\" 1*DIGIT \".\" 1*DIGIT, RFC 3261 §25.1)") \
    X(E_SPACE, -2, "separator missing or not allowed (exactly one SP, RFC 3261 §7.2)") \
    X(E_CODE, -3, "Status-Code is not three digits in 100-699 (3DIGIT of RFC 3261 §25.1 in the classes of §21)") \
    X(E_REASON, -4, "byte not allowed in Reason-Phrase (RFC 3261 §25.1)") \
    X(E_ESCAPE, -5, "'%' not followed by two hex digits (RFC 3261 §25.1 escaped)") \
    X(E_UTF8, -6, "invalid UTF-8 sequence in Reason-Phrase") \
    X(E_EOL, -7, "line does not end in CRLF (RFC 3261 §7.2)") \
    X(E_UNREGISTERED, -8, "Status-Code is not in the IANA registry") \
    X(E_ARG, -9, "invalid argument (NULL pointer, unknown flag, or a call out of sequence)")

#define SIPSTATUS__RESULT_VALUE(name, value, message) SIPSTATUS_##name = (value),
enum sipstatus_result { SIPSTATUS_RESULT_MAP(SIPSTATUS__RESULT_VALUE) };
#undef SIPSTATUS__RESULT_VALUE

/* Parse flags: bits, combined with '|'.  0 is strict RFC 3261. */
/* A bare LF ends the line (note BARE_LF).  Risk: a peer that frames on
 * CRLF and one that frames on LF disagree where the line ends. */
#define SIPSTATUS_LENIENT_LF 0x01u
/* Runs of SP/HTAB as either separator, and no separator before an empty
 * reason (`SIP/2.0 200\r\n`).  Separator whitespace is never part of the
 * reason (note WHITESPACE).  Risk: the reason you see differs from the
 * one a strict peer sees (`SIP/2.0 200  OK` has reason " OK" strictly). */
#define SIPSTATUS_LENIENT_SPACE 0x02u
/* Any HTAB, 0x20-0x7E or 0x80-0xFF byte in the reason, and '%' need not
 * start an escape (note REASON_CHARS when the reason is not ABNF-valid).
 * NUL, other controls and DEL stay errors.  Risk: the reason may carry
 * bytes that a strict peer rejects. */
#define SIPSTATUS_LENIENT_REASON 0x04u
#define SIPSTATUS_LENIENT \
    (SIPSTATUS_LENIENT_LF | SIPSTATUS_LENIENT_SPACE | SIPSTATUS_LENIENT_REASON)
/* Bytes >= 0x80 in the reason must be RFC 3629 UTF-8: no overlong forms,
 * surrogates, code points above U+10FFFF or stray continuation bytes.
 * Applies in lenient mode too. */
#define SIPSTATUS_STRICT_UTF8 0x08u
/* The code must be in the IANA registry: E_UNREGISTERED as soon as the
 * third digit is read, at the offset of the first code digit. */
#define SIPSTATUS_REGISTERED_ONLY 0x10u
/* Skip CRLFs before the line (RFC 3261 §7.5), bare LFs too with
 * SIPSTATUS_LENIENT_LF; line->start tells where the line begins. */
#define SIPSTATUS_SKIP_CRLF 0x20u
/* Status-Code may be any three digits, as the ABNF's extension-code
 * (3DIGIT) allows, not only the classes 100-699 that RFC 3261 §21 defines
 * (note CLASS outside them).  Risk: RFC 4475 §3.1.2.19 tells elements to
 * drop such responses, and sipstatus_effective_code() has no answer (0)
 * for them: a proxy must not treat them as any class. */
#define SIPSTATUS_ANY_CODE 0x40u
#define SIPSTATUS_PARSE_FLAGS 0x7fu /* every parse flag */

/* Notes: bits in line->notes after SIPSTATUS_OK.  The line is valid, but
 * each is worth a warning.  One line each, X(NAME, text): note k of the
 * list is SIPSTATUS_NOTE_<NAME> = 1 << k; sipstatus_notename() gives NAME,
 * sipstatus_notetext() the text.  Adding a note is one line here. */
#define SIPSTATUS_NOTE_MAP(X) \
    X(CASE, "\"SIP\" is not in upper case") \
    X(VERSION, "SIP-Version is not 2.0") \
    X(UNREGISTERED, "Status-Code is not in the IANA registry") \
    X(PHRASE, "Reason-Phrase differs from the registered phrase") \
    X(UTF8, "Reason-Phrase is not RFC 3629 UTF-8") \
    X(BARE_LF, "line ends in a bare LF, not CRLF") \
    X(WHITESPACE, "a separator is not exactly one SP") \
    X(REASON_CHARS, "Reason-Phrase has bytes RFC 3261 does not allow") \
    X(CLASS, "Status-Code is outside the classes 1xx-6xx of RFC 3261 §21")

#define SIPSTATUS__NOTE_INDEX(name, text) SIPSTATUS__NOTE_INDEX_##name,
enum { SIPSTATUS_NOTE_MAP(SIPSTATUS__NOTE_INDEX) SIPSTATUS_NOTE_COUNT };
#undef SIPSTATUS__NOTE_INDEX
#define SIPSTATUS__NOTE_BIT(name, text) SIPSTATUS_NOTE_##name = 1 << SIPSTATUS__NOTE_INDEX_##name,
enum sipstatus_note { SIPSTATUS_NOTE_MAP(SIPSTATUS__NOTE_BIT) };
#undef SIPSTATUS__NOTE_BIT
/* every note bit */
#define SIPSTATUS_NOTES_ALL ((1u << SIPSTATUS_NOTE_COUNT) - 1u)

/* One parsed Status-Line.  All offsets count bytes from `buf`. */
struct sipstatus_line {
    unsigned code;      /* Status-Code, 100-699 (0-999 with SIPSTATUS_ANY_CODE) */
    unsigned major;     /* SIP-Version digits before the '.', UINT_MAX if larger */
    unsigned minor;     /* SIP-Version digits after the '.', UINT_MAX if larger */
    const char *reason; /* Reason-Phrase, points into buf, NOT NUL-terminated */
    size_t reason_len;  /* its length in bytes (0 for an empty reason) */
    size_t start;       /* offset of the 'S' of "SIP" (after skipped CRLFs) */
    size_t length;      /* bytes consumed, through the LF ending the line */
    size_t error_offset; /* on error: first byte no valid line can continue */
    unsigned notes;     /* SIPSTATUS_NOTE_* bits */
};

/* sipstatus_parse - parse the Status-Line at the start of buf.
 *
 * Reads buf[0..len) and nothing else: no NUL terminator is needed and no
 * byte at or past buf+len is read.  Bytes after the LF that ends the line
 * are not looked at, so a whole SIP message may be passed.  Allocates
 * nothing, keeps no state: safe from any number of threads at once.
 * `flags` is 0 (strict RFC 3261) or SIPSTATUS_* parse flags.
 *
 * Fills every field of *line.  major, minor and code hold the digits read
 * (so on an error, the digits read before the failing byte; 0 when none;
 * for E_UNREGISTERED, code is the rejected code and error_offset points at
 * its first digit).
 * start is where "SIP" begins, or, when the input holds only skipped CRLFs,
 * how many bytes were skipped.  reason, reason_len, length and notes are
 * set on SIPSTATUS_OK only and are NULL/0 otherwise; error_offset is set on
 * an error only and 0 otherwise.
 *
 * Returns:
 *   SIPSTATUS_OK          a valid line; length bytes were consumed.
 *   SIPSTATUS_INCOMPLETE  every byte can begin a valid line but the line
 *                         has not ended (also for len == 0); call again
 *                         with more bytes.
 *   SIPSTATUS_E_*         no valid line starts with these bytes;
 *                         error_offset is the first byte at which no
 *                         valid line can continue.  Errors found at
 *                         different bytes are reported at the first.
 *   SIPSTATUS_E_ARG       buf (with len > 0) or line is NULL, or flags has
 *                         a bit outside SIPSTATUS_PARSE_FLAGS (line, when
 *                         not NULL, is zeroed).
 */
int sipstatus_parse(const char *buf, size_t len, unsigned flags,
                    struct sipstatus_line *line);

/* What sipstatus_parse_next() keeps between calls: a fixed size, no
 * pointers (into the buffer or elsewhere), nothing to free.  All zero
 * bytes (`= {0}`, memset, static storage) is a fresh state, as is
 * sipstatus_state_init(); copying one copies the parse.  The fields are
 * the library's; do not read or write them. */
struct sipstatus_state {
    unsigned long long sipstatus__private[16];
};

/* sipstatus_state_init - make *st a fresh state, for a new line. */
void sipstatus_state_init(struct sipstatus_state *st);

/* sipstatus_parse_next - sipstatus_parse() for input that arrives in
 * pieces, doing work only on the bytes it has not seen.
 *
 * Each call passes the whole input received so far, buf[0..len): the same
 * bytes as at the last call (the buffer may have moved, by realloc() for
 * instance) and any appended after them.  The result and every field of
 * *line are exactly what sipstatus_parse(buf, len, flags, line) returns
 * for this buffer, so reason points into this buf.  However the bytes
 * were split, the total work of all the calls is linear in the final len:
 * bytes seen at an earlier call are not read again (the registered-phrase
 * compare reads the reason once, when the line ends).  *st is read and
 * written, nothing else is kept: one state per line being read, and any
 * number of them in as many threads.
 *
 * After a final result (SIPSTATUS_OK or an error other than E_ARG) the
 * state stays final: later calls, with more bytes or the same, return the
 * same answer and read nothing.  Call sipstatus_state_init() to read the
 * next line (with the buffer starting at it).
 *
 * Returns what sipstatus_parse() returns, or
 *   SIPSTATUS_E_ARG  line or st is NULL, buf is NULL with len > 0, flags
 *                    has an unknown bit, or (after the first call) flags
 *                    differ from the first call's or len is smaller than
 *                    the last call's.  *line (when not NULL) is zeroed and
 *                    *st is left as it was: the next correct call goes on
 *                    as if this one had not been made.
 */
int sipstatus_parse_next(const char *buf, size_t len, unsigned flags,
                         struct sipstatus_line *line, struct sipstatus_state *st);

/* sipstatus_reason_check - whether reason[0..len) is a Reason-Phrase that
 * sipstatus_parse() would take, for a proxy that rewrites reasons.
 *
 * Reads reason[0..len) only (no NUL needed; reason may be NULL when len
 * is 0).  The text is checked under the reason rule the parse flags
 * choose: strict RFC 3261 §25.1, SIPSTATUS_LENIENT_REASON's bytes, and
 * RFC 3629 with SIPSTATUS_STRICT_UTF8.  The other parse flags do not bear
 * on a reason and change nothing.  Escapes are not decoded.
 *
 * Returns SIPSTATUS_OK, and in *notes (when notes is not NULL) the reason
 * notes a line with this reason would get (SIPSTATUS_NOTE_UTF8,
 * SIPSTATUS_NOTE_REASON_CHARS), or the error kind sipstatus_parse() would
 * give, and in *error_offset (when not NULL) the offset of the byte it
 * is found at:
 *   SIPSTATUS_E_REASON / E_ESCAPE / E_UTF8  a byte the reason may not
 *                       hold there; len when the text ends inside an
 *                       escape or a UTF-8 sequence.
 *   SIPSTATUS_E_EOL     a CR or LF, where a line would end too early.
 *   SIPSTATUS_E_ARG     reason NULL with len > 0, or a flag bit outside
 *                       SIPSTATUS_PARSE_FLAGS.
 * *error_offset and *notes are 0 when they do not apply.  Keeps no state.
 */
int sipstatus_reason_check(const char *reason, size_t len, unsigned flags,
                           size_t *error_offset, unsigned *notes);

/* sipstatus_strerror - one sentence describing a result of
 * sipstatus_parse() or sipstatus_format().  Never NULL; a static string;
 * an unknown value gives a generic sentence. */
const char *sipstatus_strerror(int result);

/* sipstatus_errname - the constant's name without the prefix ("OK",
 * "INCOMPLETE", "E_CODE", ...).  Never NULL: "E_UNKNOWN" when unknown. */
const char *sipstatus_errname(int result);

/* sipstatus_notename - the name of one SIPSTATUS_NOTE_* bit ("CASE",
 * "VERSION", ...), or NULL when `note` is not exactly one known bit. */
const char *sipstatus_notename(unsigned note);

/* sipstatus_notetext - one sentence describing one SIPSTATUS_NOTE_* bit,
 * or NULL when `note` is not exactly one known bit. */
const char *sipstatus_notetext(unsigned note);

/* One entry of the IANA "Response Codes" registry (Session Initiation
 * Protocol (SIP) Parameters). */
struct sipstatus_code {
    unsigned code;         /* 100-699 */
    const char *phrase;    /* the registered Reason-Phrase, NUL-terminated */
    const char *reference; /* the defining document, e.g. "RFC 3261" */
    unsigned deprecated : 1; /* marked deprecated in the registry */
};

/* sipstatus_lookup - the registry entry for `code`, or NULL when it is not
 * registered (any value, 0 and > 699 included).  O(1); static data. */
const struct sipstatus_code *sipstatus_lookup(unsigned code);

/* sipstatus_codes - the whole registry, in ascending code order; stores
 * the number of entries in *count when count is not NULL. */
const struct sipstatus_code *sipstatus_codes(size_t *count);

/* sipstatus_effective_code - how a UAC must treat `code` (RFC 3261
 * §8.1.3.2): a registered code is itself; an unknown 1xx is treated as
 * 183; any other unknown code in 200-699 as its class's x00; a value
 * outside 100-699 gives 0. */
unsigned sipstatus_effective_code(unsigned code);

/* Format flags. */
/* The reason is raw text: every byte that Reason-Phrase cannot carry
 * literally ('%' included) is written as %XX (upper-case hex); valid
 * RFC 3629 UTF-8 passes through; any other byte >= 0x80 is escaped. */
#define SIPSTATUS_FMT_ESCAPE 0x100u
#define SIPSTATUS_FMT_FLAGS 0x100u /* every SIPSTATUS_FMT_* flag */

/* sipstatus_format - write "SIP/2.0 <code> <reason>\r\n" into dst.
 *
 * reason[0..reason_len) is the Reason-Phrase; it is read only, need not be
 * NUL-terminated, and may overlap nothing in dst.  reason == NULL means the
 * registered phrase for code (an empty reason when code is unregistered);
 * reason_len is then ignored.  Without SIPSTATUS_FMT_ESCAPE the reason is
 * written as is and must be valid Reason-Phrase (strict RFC 3261 and, with
 * SIPSTATUS_STRICT_UTF8 in flags, RFC 3629).  Whatever it writes,
 * sipstatus_parse(dst, n, flags & SIPSTATUS_STRICT_UTF8, ...) accepts with
 * the same code and reason.
 *
 * snprintf semantics: writes at most cap bytes including a terminating
 * NUL (always written when cap > 0), and returns the length of the whole
 * line, excluding the NUL; the output was truncated when the result is
 * >= cap.  dst may be NULL when cap is 0, to measure.
 *
 * Returns the line length (>= 0), or:
 *   SIPSTATUS_E_CODE    code is outside 100-699.
 *   SIPSTATUS_E_REASON / SIPSTATUS_E_ESCAPE / SIPSTATUS_E_UTF8 / E_EOL
 *                       (without FMT_ESCAPE) the reason is not valid
 *                       Reason-Phrase; the kind is the one
 *                       sipstatus_parse() reports for it.
 *   SIPSTATUS_E_ARG     dst NULL with cap > 0, a flag bit other than
 *                       SIPSTATUS_FMT_ESCAPE and SIPSTATUS_STRICT_UTF8, or a
 *                       line longer than INT_MAX bytes.
 * After an error dst holds "" (when cap > 0).  When both the code and the
 * reason are bad, E_CODE is reported.
 * Accepted flags: SIPSTATUS_FMT_ESCAPE, SIPSTATUS_STRICT_UTF8.
 */
int sipstatus_format(char *dst, size_t cap, unsigned code, const char *reason,
                     size_t reason_len, unsigned flags);

/* sipstatus_simd_path - how reasons are read in this process: "avx2",
 * "sse2" or "scalar" (a static string).  On x86-64 the library takes the
 * best the CPU has (cpuid), or the path SIPSTATUS_SIMD in the environment
 * names ("scalar", "sse2", "avx2") when the CPU has it; elsewhere
 * "scalar".  Chosen at the first parse, once per process.  Every path
 * gives the same answers; only the speed differs. */
const char *sipstatus_simd_path(void);

/* sipstatus_version - SIPSTATUS_VERSION_STRING of the library linked. */
const char *sipstatus_version(void);

#ifdef __cplusplus
}
#endif

#endif /* SIPSTATUS_H */
