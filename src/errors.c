/* SPDX-License-Identifier: MIT */
/* errors.c - names and messages of results and notes, from the lists of sipstatus.h. */
#include <stddef.h>

#include "sipstatus.h"

struct result_text {
    int value;
    const char *name, *message;
};

#define RESULT(name, value, message) {SIPSTATUS_##name, #name, message},
static const struct result_text results[] = {SIPSTATUS_RESULT_MAP(RESULT)};

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

struct note_text {
    unsigned bit;
    const char *name, *text;
};

#define NOTE(name, text) {SIPSTATUS_NOTE_##name, #name, text},
static const struct note_text notes[] = {SIPSTATUS_NOTE_MAP(NOTE)};

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
