/* SPDX-License-Identifier: MIT */
/* seeds.c - writes the tests' inputs as fuzzing seeds when SIPSTATUS_SEED_DIR is set (scripts/make-seeds). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seeds.h"
#include "sipstatus.h"

/* Appends one input to DIR/HARNESS/seeds: 4-byte big-endian length, then
 * the bytes; scripts/make-seeds splits it into one file per input. */
static void put(const char *harness, const unsigned char *head, size_t head_len,
                const char *in, size_t n)
{
    const char *dir = getenv("SIPSTATUS_SEED_DIR");
    char path[4096];
    if (!dir || snprintf(path, sizeof path, "%s/%s.seeds", dir, harness) >= (int)sizeof path)
        return;
    FILE *f = fopen(path, "ab");
    if (!f)
        return;
    size_t total = head_len + n;
    unsigned char len[4] = {(unsigned char)(total >> 24), (unsigned char)(total >> 16),
                            (unsigned char)(total >> 8), (unsigned char)total};
    fwrite(len, 1, 4, f);
    fwrite(head, 1, head_len, f);
    fwrite(in, 1, n, f);
    fclose(f);
}

void seed_parse(const char *in, size_t n, unsigned flags)
{
    unsigned char head = (unsigned char)(flags & SIPSTATUS_PARSE_FLAGS);
    if (!getenv("SIPSTATUS_SEED_DIR") || (!in && n > 0))
        return;
    put("fuzz_parse", &head, 1, in, n);
    put("fuzz_roundtrip", &head, 1, in, n);
    put("fuzz_resume", &head, 1, in, n);
    put("fuzz_differential", NULL, 0, in, n);
}

void seed_format(unsigned code, const char *reason, size_t n, unsigned flags)
{
    /* the harness's third byte: 1 FMT_ESCAPE, 2 STRICT_UTF8, 4 reason NULL */
    unsigned char head[3] = {(unsigned char)(code >> 8), (unsigned char)code,
                             (unsigned char)((flags & SIPSTATUS_FMT_ESCAPE ? 1 : 0) |
                                             (flags & SIPSTATUS_STRICT_UTF8 ? 2 : 0) |
                                             (reason ? 0 : 4))};
    if (!getenv("SIPSTATUS_SEED_DIR"))
        return;
    put("fuzz_format", head, 3, reason ? reason : "", reason ? n : 0);
}
