/* SPDX-License-Identifier: MIT */
/* test_registry.c - tests of the IANA registry, sipstatus_effective_code() and the result and note names. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sipstatus.h>

#include "suites.h"

#define NROWS(t) ((int)(sizeof(t) / sizeof((t)[0])))

/* The 75 registered codes, as listed in the IANA "Response Codes" registry. */
static const unsigned registered[] = {
    100, 180, 181, 182, 183, 199, 200, 202, 204, 300, 301, 302, 305, 380, 400,
    401, 402, 403, 404, 405, 406, 407, 408, 410, 412, 413, 414, 415, 416, 417,
    420, 421, 422, 423, 424, 425, 428, 429, 430, 433, 436, 437, 438, 439, 440,
    469, 470, 480, 481, 482, 483, 484, 485, 486, 487, 488, 489, 491, 493, 494,
    500, 501, 502, 503, 504, 505, 513, 555, 580, 600, 603, 604, 606, 607, 608,
};

static int is_registered(unsigned code)
{
    for (int i = 0; i < NROWS(registered); i++)
        if (registered[i] == code)
            return 1;
    return 0;
}

START_TEST(test_codes_table)
{
    size_t count = 0;
    const struct sipstatus_code *codes = sipstatus_codes(&count);
    ck_assert_msg(NROWS(registered) == 75, "TABLE BUG: registered[] has %d codes", NROWS(registered));
    ck_assert_msg(codes != NULL, "sipstatus_codes returned NULL");
    ck_assert_msg(count == 75, "sipstatus_codes: expected 75 entries, got %zu", count);
    ck_assert_msg(sipstatus_codes(NULL) == codes, "sipstatus_codes(NULL) returns another table");
    for (size_t i = 0; i < count; i++) {
        const struct sipstatus_code *e = &codes[i];
        ck_assert_msg(e->code == registered[i], "entry %zu: expected code %u, got %u", i,
                      registered[i], e->code);
        if (i > 0)
            ck_assert_msg(codes[i - 1].code < e->code, "entries %zu and %zu not ascending (%u, %u)",
                          i - 1, i, codes[i - 1].code, e->code);
        ck_assert_msg(e->phrase != NULL && e->phrase[0] != '\0', "entry %u: empty phrase", e->code);
        ck_assert_msg(e->reference != NULL && strncmp(e->reference, "RFC ", 4) == 0,
                      "entry %u: reference \"%s\" is not \"RFC nnnn\"", e->code,
                      e->reference ? e->reference : "(NULL)");
        const struct sipstatus_code *l = sipstatus_lookup(e->code);
        ck_assert_msg(l != NULL && l->code == e->code && strcmp(l->phrase, e->phrase) == 0 &&
                          strcmp(l->reference, e->reference) == 0 &&
                          l->deprecated == e->deprecated,
                      "lookup(%u) does not return the entry of that code (got code %u)", e->code,
                      l ? l->code : 0);
    }
}
END_TEST

START_TEST(test_lookup_all)
{
    for (unsigned v = 0; v <= 1000; v++) {
        const struct sipstatus_code *l = sipstatus_lookup(v);
        if (is_registered(v))
            ck_assert_msg(l != NULL && l->code == v, "lookup(%u): expected the entry of %u, got %s %u",
                          v, v, l ? "code" : "NULL", l ? l->code : 0);
        else
            ck_assert_msg(l == NULL, "lookup(%u): expected NULL (unregistered), got code %u", v,
                          l->code);
    }
    ck_assert_msg(sipstatus_lookup(UINT_MAX) == NULL, "lookup(UINT_MAX) is not NULL");
    ck_assert_msg(sipstatus_lookup(1100) == NULL, "lookup(1100) is not NULL");
    ck_assert_msg(sipstatus_lookup(65736) == NULL, "lookup(65736 = 200 + 65536) is not NULL");
}
END_TEST

/* Rows from the IANA registry (Session Initiation Protocol (SIP) Parameters,
 * Response Codes). */
struct iana_row {
    unsigned code;
    const char *phrase;
    const char *reference;
    unsigned deprecated;
};

static const struct iana_row iana_rows[] = {
    { 100, "Trying", "RFC 3261", 0 },
    { 183, "Session Progress", "RFC 3261", 0 },
    { 199, "Early Dialog Terminated", "RFC 6228", 0 },
    { 200, "OK", "RFC 3261", 0 },
    { 202, "Accepted", "RFC 6665", 1 },
    { 204, "No Notification", "RFC 5839", 0 },
    { 380, "Alternative Service", "RFC 3261", 0 },
    { 412, "Conditional Request Failed", "RFC 3903", 0 },
    { 417, "Unknown Resource-Priority", "RFC 4412", 0 },
    { 422, "Session Interval Too Small", "RFC 4028", 0 },
    { 425, "Bad Alert Message", "RFC 8876", 0 },
    { 430, "Flow Failed", "RFC 5626", 0 },
    { 433, "Anonymity Disallowed", "RFC 5079", 0 },
    { 438, "Invalid Identity Header", "RFC 8224", 0 },
    { 440, "Max-Breadth Exceeded", "RFC 5393", 0 },
    { 469, "Bad Info Package", "RFC 6086", 0 },
    { 470, "Consent Needed", "RFC 5360", 0 },
    { 481, "Call/Transaction Does Not Exist", "RFC 3261", 0 },
    { 489, "Bad Event", "RFC 6665", 0 },
    { 494, "Security Agreement Required", "RFC 3329", 0 },
    { 500, "Server Internal Error", "RFC 3261", 0 },
    { 504, "Server Time-out", "RFC 3261", 0 },
    { 555, "Push Notification Service Not Supported", "RFC 8599", 0 },
    { 580, "Precondition Failure", "RFC 3312", 0 },
    { 603, "Decline", "RFC 3261", 0 },
    { 607, "Unwanted", "RFC 8197", 0 },
    { 608, "Rejected", "RFC 8688", 0 },
};

START_TEST(test_iana_rows)
{
    const struct iana_row *w = &iana_rows[_i];
    const struct sipstatus_code *e = sipstatus_lookup(w->code);
    ck_assert_msg(e != NULL, "lookup(%u): expected \"%s\", got NULL", w->code, w->phrase);
    ck_assert_msg(e->code == w->code && strcmp(e->phrase, w->phrase) == 0 &&
                      strcmp(e->reference, w->reference) == 0 && e->deprecated == w->deprecated,
                  "lookup(%u): expected {\"%s\", \"%s\", deprecated %u}, got {%u, \"%s\", \"%s\", "
                  "deprecated %u}",
                  w->code, w->phrase, w->reference, w->deprecated, e->code, e->phrase, e->reference,
                  (unsigned)e->deprecated);
}
END_TEST

/* RFC 3261 §8.1.3.2: unknown 1xx as 183, other unknown codes as x00. */
static const unsigned effective_rows[][2] = {
    { 100, 100 }, { 101, 183 }, { 150, 183 }, { 183, 183 }, { 199, 199 }, { 198, 183 },
    { 200, 200 }, { 201, 200 }, { 202, 202 }, { 250, 200 }, { 299, 200 },
    { 300, 300 }, { 303, 300 }, { 380, 380 }, { 399, 300 },
    { 404, 404 }, { 409, 400 }, { 450, 400 }, { 499, 400 },
    { 555, 555 }, { 506, 500 }, { 599, 500 },
    { 606, 606 }, { 605, 600 }, { 699, 600 },
    { 0, 0 }, { 1, 0 }, { 99, 0 }, { 700, 0 }, { 799, 0 }, { 1000, 0 }, { UINT_MAX, 0 },
};

START_TEST(test_effective)
{
    unsigned in = effective_rows[_i][0], want = effective_rows[_i][1];
    unsigned got = sipstatus_effective_code(in);
    ck_assert_msg(got == want, "effective_code(%u): expected %u, got %u", in, want, got);
}
END_TEST

/* Every result with its value, its name and a phrase its message must
 * hold: the rule it cites, as RFC 3261 writes it. */
static const struct {
    int result, value;
    const char *name, *cites;
} result_rows[] = {
    { SIPSTATUS_OK, 0, "OK", "valid" },
    { SIPSTATUS_INCOMPLETE, 1, "INCOMPLETE", "more bytes" },
    { SIPSTATUS_E_VERSION, -1, "E_VERSION", "\"SIP/\" 1*DIGIT \".\" 1*DIGIT, RFC 3261 §25.1" },
    { SIPSTATUS_E_SPACE, -2, "E_SPACE", "RFC 3261 §7.2" },
    { SIPSTATUS_E_CODE, -3, "E_CODE", "3DIGIT of RFC 3261 §25.1 in the classes of §21" },
    { SIPSTATUS_E_REASON, -4, "E_REASON", "RFC 3261 §25.1" },
    { SIPSTATUS_E_ESCAPE, -5, "E_ESCAPE", "two hex digits" },
    { SIPSTATUS_E_UTF8, -6, "E_UTF8", "UTF-8" },
    { SIPSTATUS_E_EOL, -7, "E_EOL", "CRLF (RFC 3261 §7.2)" },
    { SIPSTATUS_E_UNREGISTERED, -8, "E_UNREGISTERED", "IANA registry" },
    { SIPSTATUS_E_ARG, -9, "E_ARG", "invalid argument" },
};

static const int unknown_results[] = { 2, 3, 100, -10, -11, -100, INT_MAX, INT_MIN };

START_TEST(test_result_names)
{
    int r = result_rows[_i].result;
    const char *msg = sipstatus_strerror(r);
    ck_assert_msg(r == result_rows[_i].value, "SIPSTATUS_%s: expected %d, got %d",
                  result_rows[_i].name, result_rows[_i].value, r);
    ck_assert_msg(msg != NULL && strstr(msg, result_rows[_i].cites) != NULL,
                  "strerror(%s) \"%s\" does not say \"%s\"", result_rows[_i].name,
                  msg ? msg : "(NULL)", result_rows[_i].cites);
    const char *name = sipstatus_errname(r);
    ck_assert_msg(name != NULL && strcmp(name, result_rows[_i].name) == 0,
                  "errname(%d): expected \"%s\", got \"%s\"", r, result_rows[_i].name,
                  name ? name : "(NULL)");
    ck_assert_msg(msg != NULL && msg[0] != '\0', "strerror(%d) is NULL or empty", r);
    for (int j = 0; j < NROWS(result_rows); j++) {
        const char *other = sipstatus_strerror(result_rows[j].result);
        if (j != _i)
            ck_assert_msg(other != NULL && strcmp(msg, other) != 0,
                          "strerror(%d) and strerror(%d) are the same: \"%s\"", r,
                          result_rows[j].result, msg);
    }
    for (int j = 0; j < NROWS(unknown_results); j++) {
        const char *generic = sipstatus_strerror(unknown_results[j]);
        ck_assert_msg(generic != NULL && strcmp(generic, msg) != 0,
                      "strerror(%d) (unknown) is NULL or equals strerror(%d) \"%s\"",
                      unknown_results[j], r, msg);
    }
}
END_TEST

START_TEST(test_unknown_results)
{
    int r = unknown_results[_i];
    const char *msg = sipstatus_strerror(r);
    const char *first = sipstatus_strerror(unknown_results[0]);
    const char *name = sipstatus_errname(r);
    ck_assert_msg(msg != NULL && msg[0] != '\0', "strerror(%d) is NULL or empty", r);
    ck_assert_msg(first != NULL && strcmp(msg, first) == 0,
                  "strerror(%d) \"%s\" is not the generic sentence \"%s\"", r, msg,
                  first ? first : "(NULL)");
    ck_assert_msg(name != NULL && strcmp(name, "E_UNKNOWN") == 0,
                  "errname(%d): expected \"E_UNKNOWN\", got \"%s\"", r, name ? name : "(NULL)");
}
END_TEST

/* Every note bit with its value and name; then values that are not one
 * known bit. */
static const struct {
    unsigned note, value;
    const char *name;
} note_rows[] = {
    { SIPSTATUS_NOTE_CASE, 0x001, "CASE" },
    { SIPSTATUS_NOTE_VERSION, 0x002, "VERSION" },
    { SIPSTATUS_NOTE_UNREGISTERED, 0x004, "UNREGISTERED" },
    { SIPSTATUS_NOTE_PHRASE, 0x008, "PHRASE" },
    { SIPSTATUS_NOTE_UTF8, 0x010, "UTF8" },
    { SIPSTATUS_NOTE_BARE_LF, 0x020, "BARE_LF" },
    { SIPSTATUS_NOTE_WHITESPACE, 0x040, "WHITESPACE" },
    { SIPSTATUS_NOTE_REASON_CHARS, 0x080, "REASON_CHARS" },
    { SIPSTATUS_NOTE_CLASS, 0x100, "CLASS" },
};

static const unsigned not_notes[] = { 0, 3, 0x200, 0x1ff, 0x300, 0x80000000u, UINT_MAX };

START_TEST(test_note_names)
{
    unsigned n = note_rows[_i].note;
    const char *name = sipstatus_notename(n);
    const char *text = sipstatus_notetext(n);
    ck_assert_msg(NROWS(note_rows) == SIPSTATUS_NOTE_COUNT, "TABLE BUG: note_rows");
    ck_assert_msg(n == note_rows[_i].value, "SIPSTATUS_NOTE_%s: expected 0x%x, got 0x%x",
                  note_rows[_i].name, note_rows[_i].value, n);
    ck_assert_msg((SIPSTATUS_NOTES_ALL & n) == n && SIPSTATUS_NOTES_ALL == 0x1ffu,
                  "SIPSTATUS_NOTES_ALL 0x%x", SIPSTATUS_NOTES_ALL);
    ck_assert_msg(name != NULL && strcmp(name, note_rows[_i].name) == 0,
                  "notename(0x%x): expected \"%s\", got \"%s\"", n, note_rows[_i].name,
                  name ? name : "(NULL)");
    ck_assert_msg(text != NULL && text[0] != '\0', "notetext(0x%x) is NULL or empty", n);
    for (int j = 0; j < NROWS(note_rows); j++) {
        const char *other = sipstatus_notetext(note_rows[j].note);
        if (j != _i)
            ck_assert_msg(other != NULL && strcmp(text, other) != 0,
                          "notetext(0x%x) and notetext(0x%x) are the same", n, note_rows[j].note);
    }
}
END_TEST

START_TEST(test_not_notes)
{
    unsigned n = not_notes[_i];
    const char *name = sipstatus_notename(n);
    const char *text = sipstatus_notetext(n);
    ck_assert_msg(name == NULL, "notename(0x%x): expected NULL, got \"%s\"", n, name);
    ck_assert_msg(text == NULL, "notetext(0x%x): expected NULL, got \"%s\"", n, text);
}
END_TEST

START_TEST(test_version)
{
    const char *v = sipstatus_version();
    ck_assert_msg(v != NULL && strcmp(v, SIPSTATUS_VERSION_STRING) == 0,
                  "sipstatus_version(): expected \"%s\", got \"%s\"", SIPSTATUS_VERSION_STRING,
                  v ? v : "(NULL)");
}
END_TEST

/* The reason path: SIPSTATUS_SIMD when it names one the CPU has (asked
 * here of the compiler's own CPU check), else the best there is. */
START_TEST(test_simd_path)
{
    const char *path = sipstatus_simd_path(), *forced = getenv("SIPSTATUS_SIMD");
    const char *want = "scalar";
#if defined(__x86_64__) && defined(__GNUC__)
    int avx2 = __builtin_cpu_supports("avx2");
    want = avx2 ? "avx2" : "sse2";
    if (forced && (strcmp(forced, "scalar") == 0 || strcmp(forced, "sse2") == 0 ||
                   (strcmp(forced, "avx2") == 0 && avx2)))
        want = forced;
#endif
    ck_assert_msg(path != NULL && strcmp(path, want) == 0,
                  "sipstatus_simd_path(): expected \"%s\" (SIPSTATUS_SIMD=%s), got \"%s\"", want,
                  forced ? forced : "(unset)", path ? path : "(NULL)");
}
END_TEST

Suite *registry_suite(void)
{
    Suite *s = suite_create("registry");
    TCase *tc = tcase_create("tables");
    tcase_add_test(tc, test_codes_table);
    tcase_add_test(tc, test_lookup_all);
    tcase_add_loop_test(tc, test_iana_rows, 0, NROWS(iana_rows));
    tcase_add_loop_test(tc, test_effective, 0, NROWS(effective_rows));
    tcase_add_loop_test(tc, test_result_names, 0, NROWS(result_rows));
    tcase_add_loop_test(tc, test_unknown_results, 0, NROWS(unknown_results));
    tcase_add_loop_test(tc, test_note_names, 0, NROWS(note_rows));
    tcase_add_loop_test(tc, test_not_notes, 0, NROWS(not_notes));
    tcase_add_test(tc, test_version);
    tcase_add_test(tc, test_simd_path);
    suite_add_tcase(s, tc);
    return s;
}
