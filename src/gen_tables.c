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

/* What each table says, and then the proof, line by line. */
int main(void)
{
    int after_sip20[4], reason_state[4], end_state[4];
    unsigned end_ok[4];
    unsigned char reason_plain_[256];
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
    printf("\n};\n");
    return 0;
}
