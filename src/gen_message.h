/* SPDX-License-Identifier: MIT */
/* gen_message.h - whole SIP responses around generated Status-Lines (`sipstatus gen --message`). */
#ifndef GEN_MESSAGE_H
#define GEN_MESSAGE_H

#include <stddef.h>
#include <stdio.h>

#include "gen.h"
#include "sipstatus.h"

/* The longest message gen_message writes: the line, headers and body. */
#define GEN_MESSAGE_MAX (GEN_MAX + 1024)

/* Writes into out (GEN_MESSAGE_MAX bytes) a response for case number i:
 * c's line exactly as generated, then Via, From, To (with a tag),
 * Call-ID, CSeq, Contact, and for odd i an SDP body (RFC 4566) with
 * Content-Type; Content-Length is always the body's length in bytes.
 * Returns the message's length. */
size_t gen_message(const struct gen_case *c, size_t i, char *out);

/* gen --message: case i's message on out (when not NULL) and, with dir,
 * as DIR/NNNNNN-FAMILY.msg with a line of DIR/labels.tsv (file, result
 * name, error offset or '-', family) for the label rc/l gave its line.
 * Returns 0, or -1 when a file could not be written (reported). */
int gen_message_emit(FILE *out, const char *dir, size_t i, const struct gen_case *c, int rc,
                     const struct sipstatus_line *l);

#endif
