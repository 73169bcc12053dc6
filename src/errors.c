/* errors.c - names and messages of results and notes, each from one list. */
#include <stddef.h>

#include "sipstatus.h"

/* X(value, name, message) */
#define SIPSTATUS_RESULTS(X) \
    X(SIPSTATUS_OK, "OK", "valid Status-Line") \
    X(SIPSTATUS_INCOMPLETE, "INCOMPLETE", "the Status-Line has not ended yet (more bytes needed)") \
    X(SIPSTATUS_E_VERSION, "E_VERSION", "SIP-Version is malformed (expected \"SIP/\" 1*9DIGIT \".\" 1*9DIGIT, RFC 3261 §25.1)") \
    X(SIPSTATUS_E_SPACE, "E_SPACE", "separator missing or not allowed (exactly one SP, RFC 3261 §7.2)") \
    X(SIPSTATUS_E_CODE, "E_CODE", "Status-Code is not three digits in 100-699 (RFC 3261 §7.2, §21)") \
    X(SIPSTATUS_E_REASON, "E_REASON", "byte not allowed in Reason-Phrase (RFC 3261 §25.1)") \
    X(SIPSTATUS_E_ESCAPE, "E_ESCAPE", "'%' not followed by two hex digits (RFC 3261 §25.1 escaped)") \
    X(SIPSTATUS_E_UTF8, "E_UTF8", "invalid UTF-8 sequence in Reason-Phrase") \
    X(SIPSTATUS_E_EOL, "E_EOL", "line does not end in CRLF (RFC 3261 §7.2)") \
    X(SIPSTATUS_E_UNREGISTERED, "E_UNREGISTERED", "Status-Code is not in the IANA registry") \
    X(SIPSTATUS_E_ARG, "E_ARG", "invalid argument (NULL pointer or unknown flag)")

struct result_text {
    int value;
    const char *name, *message;
};

#define RESULT(value, name, message) {value, name, message},
static const struct result_text results[] = {SIPSTATUS_RESULTS(RESULT)};

static const struct result_text *find_result(int value)
{
    for (size_t i = 0; i < sizeof results / sizeof results[0]; i++)
        if (results[i].value == value)
            return &results[i];
    return NULL;
}

const char *sipstatus_strerror(int result)
{
    const struct result_text *r = find_result(result);
    return r ? r->message : "unknown sipstatus result";
}

const char *sipstatus_errname(int result)
{
    const struct result_text *r = find_result(result);
    return r ? r->name : "E_UNKNOWN";
}

/* X(bit, name, text) */
#define SIPSTATUS_NOTES(X) \
    X(SIPSTATUS_NOTE_CASE, "CASE", "\"SIP\" is not in upper case") \
    X(SIPSTATUS_NOTE_VERSION, "VERSION", "SIP-Version is not 2.0") \
    X(SIPSTATUS_NOTE_UNREGISTERED, "UNREGISTERED", "Status-Code is not in the IANA registry") \
    X(SIPSTATUS_NOTE_PHRASE, "PHRASE", "Reason-Phrase differs from the registered phrase") \
    X(SIPSTATUS_NOTE_UTF8, "UTF8", "Reason-Phrase is not RFC 3629 UTF-8") \
    X(SIPSTATUS_NOTE_BARE_LF, "BARE_LF", "line ends in a bare LF, not CRLF") \
    X(SIPSTATUS_NOTE_WHITESPACE, "WHITESPACE", "a separator is not exactly one SP") \
    X(SIPSTATUS_NOTE_REASON_CHARS, "REASON_CHARS", "Reason-Phrase has bytes RFC 3261 does not allow")

struct note_text {
    unsigned bit;
    const char *name, *text;
};

#define NOTE(bit, name, text) {bit, name, text},
static const struct note_text notes[] = {SIPSTATUS_NOTES(NOTE)};

static const struct note_text *find_note(unsigned bit)
{
    for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++)
        if (notes[i].bit == bit)
            return &notes[i];
    return NULL;
}

const char *sipstatus_notename(unsigned note)
{
    const struct note_text *n = find_note(note);
    return n ? n->name : NULL;
}

const char *sipstatus_notetext(unsigned note)
{
    const struct note_text *n = find_note(note);
    return n ? n->text : NULL;
}

const char *sipstatus_version(void)
{
    return SIPSTATUS_VERSION_STRING;
}
