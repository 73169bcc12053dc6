/* SPDX-License-Identifier: MIT */
/* gen_tables.c - writes tables.h, the parser's shortcuts, by running the grammar's own machines; fails the build when a replay would differ from them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIPSTATUS_GEN_TABLES 1
#include "parse.c"

/* Every field of struct run, from its one list. */
#define SAME_VALUE(type, name) &&a->name == b->name
#define SAME_POSITION(name) &&a->name == b->name
static int same_run(const struct run *a, const struct run *b)
{
    return 1 RUN_FIELDS(SAME_VALUE, SAME_POSITION);
}

static void fail(const char *what, unsigned flags, const char *line)
{
    fprintf(stderr, "gen_tables: the machine does not read %s as the replay says "
                    "(flags 0x%x, line \"%s\")\n", what, flags, line);
    exit(1);
}

/* The machine on line[0..n) from the start of a line. */
static void machine(struct run *r, unsigned flags, const char *line, size_t n)
{
    line_start(r, flags, line);
    run(r, line, line + n);
}

/* ---- the vector paths' part: reason_byte's nibble tables, the states
 * after a reason_byte, every item in each, and each validator ---- */

/* lut[l] & lut[16 + h] is not 0 exactly when 16h + l is a reason_byte:
 * each distinct set of low nibbles (over the high nibbles) gets a bit. */
static void make_plain_lut(const unsigned char *plain, unsigned char lut[32])
{
    unsigned sets[8];
    int nsets = 0;
    memset(lut, 0, 32);
    for (int h = 0; h < 16; h++) {
        unsigned set = 0;
        int j;
        for (int l = 0; l < 16; l++)
            set |= plain[16 * h + l] ? 1u << l : 0;
        if (!set)
            continue;
        for (j = 0; j < nsets && sets[j] != set; j++)
            ;
        if (j == nsets) {
            if (nsets == 8)
                fail("reason_byte (more than 8 nibble sets)", 0, "");
            sets[nsets++] = set;
        }
        lut[16 + h] = (unsigned char)(1u << j);
    }
    for (int j = 0; j < nsets; j++)
        for (int l = 0; l < 16; l++)
            if (sets[j] & (1u << l))
                lut[l] |= (unsigned char)(1u << j);
    for (int b = 0; b < 256; b++)
        if (((lut[b & 15] & lut[16 + (b >> 4)]) != 0) != (plain[b] != 0))
            fail("reason_byte (the nibble tables)", 0, "");
}

#define MAX_STATES 4096
/* plain[m][cs]: 1 when line (or reason) machine m can be in state cs right
 * after a reason_byte (plain_run ran on the byte that led there). */
static unsigned char plain_state[4][MAX_STATES];

/* One byte from state cs under flags; the run as it stands after it. */
static void one_byte(struct run *r, int cs, unsigned flags, unsigned char byte, const char *base)
{
    char ch = (char)byte;
    line_start(r, flags, base);
    r->cs = cs;
    run(r, &ch, &ch + 1);
}

/* Every state each machine reaches from its entries, under every flag set
 * that chooses it, byte by byte; those a reason_byte leads to. */
static void find_plain_states(void)
{
    static const char base[1] = {0};
    static int queue[MAX_STATES];
    int entries[4][2] = {
        {sipstatus_en_line_strict, sipstatus_en_reason_only},
        {sipstatus_en_line_lenient, sipstatus_en_reason_only_lenient},
        {sipstatus_en_line_strict_3629, sipstatus_en_reason_only_3629},
        {sipstatus_en_line_lenient_3629, sipstatus_en_reason_only_lenient_3629}};
    for (int m = 0; m < 4; m++) {
        static unsigned char seen[MAX_STATES];
        int head = 0, tail = 0;
        memset(seen, 0, sizeof seen);
        for (int e = 0; e < 2; e++) {
            seen[entries[m][e]] = 1;
            queue[tail++] = entries[m][e];
        }
        while (head < tail) {
            int cs = queue[head++];
            for (unsigned flags = 0; flags <= SIPSTATUS_PARSE_FLAGS; flags++) {
                if (line_machine(flags) != m)
                    continue;
                for (int b = 0; b < 256; b++) {
                    struct run r;
                    unsigned long before = gen_plain_runs;
                    one_byte(&r, cs, flags, (unsigned char)b, base);
                    if (failed(&r) || r.result != SIPSTATUS_INCOMPLETE)
                        continue;
                    if (r.cs < 0 || r.cs >= MAX_STATES)
                        fail("a state number (MAX_STATES)", flags, "");
                    if (gen_plain_runs != before)
                        plain_state[m][r.cs] = 1;
                    if (!seen[r.cs]) {
                        seen[r.cs] = 1;
                        queue[tail++] = r.cs;
                    }
                }
            }
        }
    }
}

/* The machine m from state cs over item[0..n) must end where it began,
 * every field as it was but p. */
static void item_keeps_state(int m, int cs, const char *item, size_t n, const char *what)
{
    static const char base[1] = {0};
    unsigned flags = (m & 1 ? SIPSTATUS_LENIENT_REASON : 0) | (m & 2 ? SIPSTATUS_STRICT_UTF8 : 0);
    struct run a, b;
    line_start(&a, flags, base);
    a.cs = cs;
    b = a;
    run(&a, item, item + n);
    b.p = item + n;
    if (!same_run(&a, &b))
        fail(what, flags, "(an item from a state after a reason_byte)");
}

/* RFC 3629 §3: the bytes of code point c (0x80-0x10FFFF); their number. */
static size_t utf8_encode(unsigned c, char *out)
{
    if (c < 0x800) {
        out[0] = (char)(0xc0 | c >> 6), out[1] = (char)(0x80 | (c & 63));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xe0 | c >> 12), out[1] = (char)(0x80 | (c >> 6 & 63));
        out[2] = (char)(0x80 | (c & 63));
        return 3;
    }
    out[0] = (char)(0xf0 | c >> 18), out[1] = (char)(0x80 | (c >> 12 & 63));
    out[2] = (char)(0x80 | (c >> 6 & 63)), out[3] = (char)(0x80 | (c & 63));
    return 4;
}

/* Every item a validator may pass over, from every state after a
 * reason_byte of every machine. */
static void prove_items(const unsigned char *plain)
{
    static const char hexdig[] = "0123456789abcdefABCDEF";
    for (int m = 0; m < 4; m++) {
        for (int cs = 0; cs < MAX_STATES; cs++) {
            char item[4];
            if (!plain_state[m][cs])
                continue;
            for (int b = 0; b < 256; b++) {
                item[0] = (char)b;
                if (plain[b])
                    item_keeps_state(m, cs, item, 1, "a reason_byte");
            }
            for (int i = 0; i < 22; i++)
                for (int j = 0; j < 22; j++) {
                    item[0] = '%', item[1] = hexdig[i], item[2] = hexdig[j];
                    item_keeps_state(m, cs, item, 3, "an escape");
                }
            for (unsigned c = 0x80; c <= 0x10ffff; c++) {
                if (c >= 0xd800 && c <= 0xdfff)
                    continue;
                item_keeps_state(m, cs, item, utf8_encode(c, item), "an RFC 3629 sequence");
            }
        }
    }
}

#if defined(SIPSTATUS__SIMD_X86)
/* What the validator of path passes over in buf[from..n) must be whole
 * items: each machine, from its state after "SIP/2.0 100 x", reads it and
 * is where it was. */
static size_t check_skip(int path, const unsigned char *lut, const int *reason_state_, const char *buf,
                         size_t n, size_t from)
{
    const char *q = path == SIPSTATUS__SIMD_AVX2 ? sipstatus__skip_avx2(buf + from, buf + n, lut)
                                                 : sipstatus__skip_sse2(buf + from, buf + n);
    if (q < buf + from || q > buf + n)
        fail("a block (out of the buffer)", (unsigned)path, "");
    if (q == buf + from)
        return 0;
    for (int m = 0; m < 4; m++) {
        unsigned flags = (m & 1 ? SIPSTATUS_LENIENT_REASON : 0) | (m & 2 ? SIPSTATUS_STRICT_UTF8 : 0);
        struct run a, b;
        line_start(&a, flags, buf);
        a.cs = reason_state_[m];
        b = a;
        run(&a, buf + from, q);
        b.p = q;
        if (!same_run(&a, &b)) {
            fprintf(stderr, "gen_tables: path %d passed over %zu bytes from %zu:", path,
                    (size_t)(q - buf) - from, from);
            for (size_t i = 0; i < n; i++)
                fprintf(stderr, " %02x", (unsigned char)buf[i]);
            fprintf(stderr, "\n");
            fail("what a vector path passed over", flags, "(see the bytes above)");
        }
    }
    return (size_t)(q - buf) - from;
}

/* Each validator this CPU can run: every byte at every lane of a block
 * and past it, every 2-byte string across the block's end and inside it,
 * every 3-byte string starting with '%' or a byte >= 0xC0 at the block's
 * start and those starting with '%' or a lead byte whose second byte has
 * its own range across its end, and 4-byte sequences of every lead and
 * second byte; and whole blocks of reason_bytes are passed over whole. */
static void check_paths(const unsigned char *lut, const int *reason_state_)
{
    static const unsigned char edge_leads[] = {'%', 0xc2, 0xdf, 0xe0, 0xe1, 0xed, 0xef, 0xf0, 0xf1, 0xf4};
    static const unsigned char tails[] = {0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0};
    for (int path = SIPSTATUS__SIMD_SSE2; path <= SIPSTATUS__SIMD_AVX2; path++) {
        size_t w = path == SIPSTATUS__SIMD_AVX2 ? 32 : 16, n = 2 * w + 8;
        char buf[72];
        if (!sipstatus__simd_supported(path)) {
            fprintf(stderr, "gen_tables: this CPU has no %s: that path is not checked here\n",
                    path == SIPSTATUS__SIMD_AVX2 ? "AVX2" : "SSE2");
            continue;
        }
        memset(buf, 'a', n);
        if (check_skip(path, lut, reason_state_, buf, n, 0) != 2 * w)
            fail("reason_bytes (not passed over by a vector path)", (unsigned)path, "");
        for (size_t o = 0; o < w + 4; o++)
            for (int b = 0; b < 256; b++) {
                memset(buf, 'a', n);
                buf[o] = (char)b;
                check_skip(path, lut, reason_state_, buf, n, 0);
            }
        for (size_t k = 0; k < 4; k++) {
            size_t o = k == 0 ? 1 : w - k; /* inside, and at the block's end */
            for (int b = 0; b < 65536; b++) {
                memset(buf, 'a', n);
                buf[o] = (char)(b >> 8), buf[o + 1] = (char)b;
                check_skip(path, lut, reason_state_, buf, n, 0);
            }
        }
        for (int first = 0xc0; first <= 0x100; first++)
            for (int b = 0; b < 65536; b++) {
                memset(buf, 'a', n);
                buf[0] = first == 0x100 ? '%' : (char)first;
                buf[1] = (char)(b >> 8), buf[2] = (char)b;
                check_skip(path, lut, reason_state_, buf, n, 0);
            }
        for (size_t e = 0; e < sizeof edge_leads; e++)
            for (size_t k = 1; k <= 3; k++)
                for (int b = 0; b < 65536; b++) {
                    memset(buf, 'a', n);
                    buf[w - k] = (char)edge_leads[e];
                    buf[w - k + 1] = (char)(b >> 8), buf[w - k + 2] = (char)b;
                    check_skip(path, lut, reason_state_, buf, n, 0);
                }
        for (int first = 0xf0; first <= 0xf4; first++)
            for (int second = 0; second < 256; second++)
                for (size_t t = 0; t < sizeof tails * sizeof tails; t++)
                    for (size_t k = 1; k <= 4; k++) {
                        memset(buf, 'a', n);
                        buf[w - k] = (char)first, buf[w - k + 1] = (char)second;
                        buf[w - k + 2] = (char)tails[t / sizeof tails];
                        buf[w - k + 3] = (char)tails[t % sizeof tails];
                        check_skip(path, lut, reason_state_, buf, n, 0);
                    }
    }
}
#endif

/* What each table says, and then the proof, line by line. */
int main(void)
{
    int after_sip20[4], reason_state[4], end_state[4];
    unsigned end_ok[4];
    unsigned char reason_plain_[256];
    unsigned char plain_lut_[32];
    char line[16];
    struct run a, b;

    /* the reason_bytes: what the machine reason_byte_only accepts alone */
    for (int c = 0; c < 256; c++) {
        char ch = (char)c;
        struct run r = {.cs = sipstatus_en_reason_byte_only};
        run(&r, &ch, &ch + 1);
        reason_plain_[c] = r.cs >= sipstatus_first_final;
    }

    /* states and values, from flags 0, 4, 8 and 12 (one per machine) */
    for (unsigned m = 0; m < 4; m++) {
        unsigned flags = m & 1 ? SIPSTATUS_LENIENT_REASON : 0;
        flags |= m & 2 ? SIPSTATUS_STRICT_UTF8 : 0;
        memcpy(line, "SIP/2.0 100 x\r\n", 15);
        machine(&a, flags, line, 8);
        after_sip20[m] = a.cs;
        machine(&a, flags, line, 13);
        reason_state[m] = a.cs;
        machine(&a, flags, line, 15);
        end_state[m] = a.cs;
        end_ok[m] = a.ok;
    }
    memcpy(line, "SIP/2.0 100 x", 13);
    for (unsigned c = 0; c < 1000; c++) {
        line[8] = (char)('0' + c / 100), line[9] = (char)('0' + c / 10 % 10);
        line[10] = (char)('0' + c % 10);
        machine(&a, 0, line, 13);
        code_ok[c] = !failed(&a) && a.cs == reason_state[0];
    }
    memcpy(line, "SIP/2.0 100 x", 13);
    for (int c = 0; c < 256; c++) {
        reason_first[c] = 1;
        line[12] = (char)c;
        for (unsigned flags = 0; flags <= SIPSTATUS_PARSE_FLAGS; flags++) {
            machine(&a, flags, line, 13);
            line_start(&b, flags, line);
            replay_head(&b, line, 100, reason_state[line_machine(flags)]);
            if (!same_run(&a, &b))
                reason_first[c] = 0;
        }
    }

    /* the proof, under every flag set */
    for (unsigned flags = 0; flags <= SIPSTATUS_PARSE_FLAGS; flags++) {
        int m = line_machine(flags);
        memcpy(line, "SIP/2.0 100 x\r\n", 15);
        /* "SIP/2.0 " */
        machine(&a, flags, line, 8);
        line_start(&b, flags, line);
        replay_sip20(&b, line, after_sip20[m]);
        if (!same_run(&a, &b))
            fail("\"SIP/2.0 \"", flags, line);
        /* every code and first reason byte the replay takes */
        for (unsigned c = 0; c < 1000; c++) {
            for (int ch = 0; ch < 256; ch++) {
                unsigned code;
                line[8] = (char)('0' + c / 100), line[9] = (char)('0' + c / 10 % 10);
                line[10] = (char)('0' + c % 10), line[12] = (char)ch;
                if (!head_replayable(line, 13, flags, &code))
                    continue;
                machine(&a, flags, line, 13);
                line_start(&b, flags, line);
                replay_head(&b, line, code, reason_state[m]);
                if (code != c || !same_run(&a, &b))
                    fail("a code and the first reason byte", flags, line);
            }
        }
        /* then any reason_byte leaves the machine where it was */
        memcpy(line, "SIP/2.0 100 x", 13);
        for (int ch = 0; ch < 256; ch++) {
            char next = (char)ch;
            if (!reason_plain_[ch])
                continue;
            machine(&a, flags, line, 13);
            run(&a, &next, &next + 1);
            line_start(&b, flags, line);
            replay_head(&b, line, 100, reason_state[m]);
            b.p = &next + 1;
            if (!same_run(&a, &b))
                fail("a reason_byte after the first", flags, line);
        }
        /* every registered code with its registered phrase, whole */
        {
            size_t count;
            const struct sipstatus_code *codes = sipstatus_codes(&count);
            for (size_t i = 0; i < count; i++) {
                char whole[64];
                size_t n = strlen(codes[i].phrase);
                unsigned code;
                snprintf(whole, sizeof whole, "SIP/2.0 %u %s\r\n", codes[i].code, codes[i].phrase);
                if (canonical_line(whole, 14 + n, &code) != 14 + n || code != codes[i].code)
                    fail("a registered phrase (not replayable)", flags, whole);
                machine(&a, flags, whole, 14 + n);
                line_start(&b, flags, whole);
                replay_head(&b, whole, code, reason_state[m]);
                replay_end(&b, whole + 12 + n, end_state[m], end_ok[m]);
                if (!same_run(&a, &b))
                    fail("a registered phrase", flags, whole);
            }
        }
        /* and CR LF ends the line */
        memcpy(line, "SIP/2.0 100 x\r\n", 15);
        machine(&a, flags, line, 15);
        line_start(&b, flags, line);
        replay_head(&b, line, 100, reason_state[m]);
        replay_end(&b, line + 13, end_state[m], end_ok[m]);
        if (!same_run(&a, &b))
            fail("the CR LF after the reason", flags, line);
    }
    (void)reason_plain;

    /* the vector paths: the nibble tables, every item in every state after
     * a reason_byte, then each validator against the machine */
    make_plain_lut(reason_plain_, plain_lut_);
    find_plain_states();
    for (unsigned m = 0; m < 4; m++)
        if (!plain_state[m][reason_state[m]])
            fail("the state after \"SIP/2.0 100 x\" (not after a reason_byte)", m, "");
    prove_items(reason_plain_);
#if defined(SIPSTATUS__SIMD_X86)
    check_paths(plain_lut_, reason_state);
#endif

    printf("/* tables.h - written by src/gen_tables.c from the machines of\n"
           " * grammar/sipstatus.rl, which it checked every replay against; do not edit. */\n\n");
    printf("/* per line machine: the state after \"SIP/2.0 \", after \"SIP/2.0 DDD x\",\n"
           " * after its CR LF, and the ok bits then */\n");
    printf("static const int after_sip20[4] = {%d, %d, %d, %d};\n", after_sip20[0],
           after_sip20[1], after_sip20[2], after_sip20[3]);
    printf("static const int reason_state[4] = {%d, %d, %d, %d};\n", reason_state[0],
           reason_state[1], reason_state[2], reason_state[3]);
    printf("static const int end_state[4] = {%d, %d, %d, %d};\n", end_state[0],
           end_state[1], end_state[2], end_state[3]);
    printf("static const unsigned end_ok[4] = {%u, %u, %u, %u};\n\n", end_ok[0], end_ok[1],
           end_ok[2], end_ok[3]);
    printf("/* 1: a reason_byte */\nstatic const unsigned char reason_plain[256] = {");
    for (int c = 0; c < 256; c++)
        printf("%s%d", c == 0 ? "\n    " : c % 16 ? ", " : ",\n    ", reason_plain_[c]);
    printf("\n};\n\n/* 1: a first reason byte the replay takes */\n"
           "static const unsigned char reason_first[256] = {");
    for (int c = 0; c < 256; c++)
        printf("%s%d", c == 0 ? "\n    " : c % 16 ? ", " : ",\n    ", reason_first[c]);
    printf("\n};\n\n/* 1: a code (000-999) the machine takes after \"SIP/2.0 \" */\n"
           "static const unsigned char code_ok[1000] = {");
    for (int c = 0; c < 1000; c++)
        printf("%s%d", c == 0 ? "\n    " : c % 25 ? ", " : ",\n    ", code_ok[c]);
    printf("\n};\n\n/* reason_byte's nibble tables for the AVX2 path: b is one when\n"
           " * plain_lut[b & 15] & plain_lut[16 + (b >> 4)] is not 0 */\n"
           "static const unsigned char plain_lut[32] = {");
    for (int c = 0; c < 32; c++)
        printf("%s%d", c == 0 ? "\n    " : c % 16 ? ", " : ",\n    ", plain_lut_[c]);
    printf("\n};\n");
    return 0;
}
