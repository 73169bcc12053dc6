/* SPDX-License-Identifier: MIT */
/* helpers.h - what the Check suites share for their failure messages. */
#ifndef SIPSTATUS_TEST_HELPERS_H
#define SIPSTATUS_TEST_HELPERS_H

#include <stddef.h>

/* s[0..n) as a C string literal body (\r \n \t \\ \" \xNN) in out[0..cap),
 * always NUL-terminated, "..." at the end when it had to be cut; "(NULL)"
 * for s == NULL. */
void esc(const char *s, size_t n, char *out, size_t cap);

/* The name of a result constant, spelled here rather than taken from the
 * library, whose names are under test too. */
const char *rname(int r);

/* Feeds in[0..n) to sipstatus_parse_next() byte by byte, in random
 * splits and all at once, each call in a buffer of its own (it moves);
 * fails the test unless every call's answer is sipstatus_parse()'s on the
 * same prefix, field by field (tests/test_resume.c). */
void check_resumed(const char *what, int row, const char *in, size_t n, unsigned flags);

#endif
