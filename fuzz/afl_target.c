/* SPDX-License-Identifier: MIT */
/* afl_target.c - the small AFL++ target of tests/afl.sh: the file argv[1] (or standard input) parsed as a Status-Line under four flag sets.
 *
 * Built with afl-cc against a library built with afl-cc, so AFL++ sees
 * the grammar's branches; every span returned is read, and a result
 * outside the contract aborts. */
#include <stdio.h>
#include <stdlib.h>

#include "sipstatus.h"

#define TARGET_MAX 65536

/* the reason bytes read go here, so the reads stay */
volatile unsigned sink;

int main(int argc, char **argv)
{
    static const unsigned flag_sets[] = {0, SIPSTATUS_LENIENT,
                                         SIPSTATUS_STRICT_UTF8 | SIPSTATUS_REGISTERED_ONLY,
                                         SIPSTATUS_SKIP_CRLF | SIPSTATUS_ANY_CODE};
    static char buf[TARGET_MAX];
    FILE *f = argc > 1 ? fopen(argv[1], "rb") : stdin;
    size_t n, k, i;
    unsigned sum = 0;

    if (f == NULL)
        return 2;
    n = fread(buf, 1, sizeof buf, f);
    if (f != stdin)
        fclose(f);
    for (k = 0; k < sizeof flag_sets / sizeof flag_sets[0]; k++) {
        struct sipstatus_line l;
        int rc = sipstatus_parse(buf, n, flag_sets[k], &l);

        if (rc == SIPSTATUS_OK) {
            if (l.code < 100 || l.code > 999 || l.reason + l.reason_len > buf + n)
                abort();
            for (i = 0; i < l.reason_len; i++)
                sum += (unsigned char)l.reason[i];
        } else if (rc < 0 && l.error_offset > n) {
            abort();
        }
    }
    sink = sum;
    return 0;
}
