/* SPDX-License-Identifier: MIT */
/* reference.h - a plain-C reference Status-Line parser, the oracle the differential tests hold sipstatus_parse() against. */
#ifndef SIPSTATUS_REFERENCE_H
#define SIPSTATUS_REFERENCE_H

#include <stddef.h>

#include "sipstatus.h"

/* sipstatus_reference_parse - the contract of sipstatus_parse(), word for
 * word (see sipstatus.h): same results, same fields, same error kinds and
 * offsets, same notes.  Reads buf[0..len) only.  Slow and obvious on
 * purpose; not part of the library. */
int sipstatus_reference_parse(const char *buf, size_t len, unsigned flags,
                              struct sipstatus_line *line);

#endif
