/* internal.h - what the library's own files share and the header does not export. */
#ifndef SIPSTATUS_INTERNAL_H
#define SIPSTATUS_INTERNAL_H

#include <stddef.h>

/* Checks s[0..n) as a strict Reason-Phrase (RFC 3261 §25.1; RFC 3629 too
 * when flags has SIPSTATUS_STRICT_UTF8).  Returns 0 and the notes the text
 * earns (SIPSTATUS_NOTE_UTF8), or the E_* kind sipstatus_parse() would
 * report for it and the offset of the failing byte: n when the text ends
 * inside an escape or a UTF-8 sequence, and for a CR or LF (E_EOL) the CR
 * or LF itself, where a line would end too early. */
int sipstatus__reason_check(const char *s, size_t n, unsigned flags,
                            size_t *offset, unsigned *notes);

/* 1 when s[0..n) is RFC 3629 UTF-8 (ASCII included), else 0. */
int sipstatus__utf8_valid(const char *s, size_t n);

/* The length of the RFC 3629 character at s[0..n) (1 for ASCII), or 0
 * when s does not start with one. */
size_t sipstatus__utf8_char(const char *s, size_t n);

/* The registry's notes on a line's code and reason[0..len):
 * SIPSTATUS_NOTE_UNREGISTERED when code is not registered, else
 * SIPSTATUS_NOTE_PHRASE when the reason is not the registered phrase under
 * ASCII case folding, else 0. */
unsigned sipstatus__phrase_notes(unsigned code, const char *reason, size_t len);

#endif
