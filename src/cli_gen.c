/* SPDX-License-Identifier: MIT */
/* cli_gen.c - `sipstatus gen`: labelled generated lines (`sipstatus diff` is cli_diff.c). */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "gen.h"
#include "gen_message.h"
#include "sipstatus.h"

/* The parse flags the generator knows. */
#define GEN_FLAGS (SIPSTATUS_LENIENT | SIPSTATUS_STRICT_UTF8 | SIPSTATUS_REGISTERED_ONLY | \
                   SIPSTATUS_SKIP_CRLF | SIPSTATUS_ANY_CODE)

/* Case i of a run: --valid, --invalid, or alternately (even valid). */
void make_case(struct gen_rng *r, const struct opts *o, size_t i,
                      struct gen_case *c)
{
    int invalid = o->mode == MODE_INVALID || (o->mode == MODE_MIX && i % 2 == 1);
    size_t k = o->mode == MODE_MIX ? i / 2 : i;

    if (invalid)
        gen_invalid(r, o->flags & GEN_FLAGS, k, c);
    else
        gen_valid(r, o->flags & GEN_FLAGS, k, c);
}

/* Whether the parser's verdict is the one meant: the result and, for an
 * error, the offset. */
static int as_meant(const struct gen_case *c, int rc, const struct sipstatus_line *l)
{
    if (rc != c->intent)
        return 0;
    return rc == SIPSTATUS_OK || l->error_offset == c->intent_offset;
}

static void put_notes_list(FILE *out, unsigned notes)
{
    unsigned bit;
    int first = 1;

    for (bit = 1; bit < (1u << SIPSTATUS_NOTE_COUNT); bit <<= 1) {
        if (notes & bit) {
            fprintf(out, "%s%s", first ? "" : ",", sipstatus_notename(bit));
            first = 0;
        }
    }
    if (first)
        putc('-', out);
}

static void put_tsv(size_t i, const struct gen_case *c, int rc,
                    const struct sipstatus_line *l)
{
    put_escaped(stdout, c->buf, c->len);
    printf("\t%s\t", sipstatus_errname(rc));
    if (rc == SIPSTATUS_OK)
        printf("-\t%u\t", l->code);
    else
        printf("%zu\t-\t", l->error_offset);
    put_notes_list(stdout, rc == SIPSTATUS_OK ? l->notes : 0);
    printf("\t%s\t%zu\n", c->family, i + 1);
}

static void put_jsonl(size_t i, const struct gen_case *c, int rc,
                      const struct sipstatus_line *l)
{
    printf("{\"n\": %zu, \"family\": \"%s\", \"input\": ", i + 1, c->family);
    put_json_string(stdout, c->buf, c->len);
    printf(", \"result\": \"%s\", ", sipstatus_errname(rc));
    if (rc == SIPSTATUS_OK) {
        printf("\"error_offset\": null, \"code\": %u, \"reason\": ", l->code);
        put_json_string(stdout, l->reason, l->reason_len);
    } else {
        printf("\"error_offset\": %zu, \"code\": null, \"reason\": null", l->error_offset);
    }
    printf(", \"notes\": ");
    put_json_notes(stdout, rc == SIPSTATUS_OK ? l->notes : 0);
    printf(", \"intent\": \"%s\", \"intent_offset\": ", sipstatus_errname(c->intent));
    if (c->intent == SIPSTATUS_OK)
        printf("null}\n");
    else
        printf("%zu}\n", c->intent_offset);
}

static int write_file(const char *path, const char *data, size_t n)
{
    FILE *f = fopen(path, "wb");

    if (f == NULL || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
        fprintf(stderr, "%s: gen: %s: %s\n", PROG, path, strerror(errno));
        if (f != NULL)
            fclose(f);
        return -1;
    }
    return 0;
}

/* PATH/sipstatus-gen.dict, the dictionary for libFuzzer (-dict) and AFL++ (-x). */
static int write_dict(const char *dir)
{
    size_t n = strlen(dir) + 32, k;
    char *path = xrealloc(NULL, n);
    FILE *f;
    int r = 0;

    snprintf(path, n, "%s/sipstatus-gen.dict", dir);
    f = fopen(path, "w");
    if (f == NULL) {
        fprintf(stderr, "%s: gen: %s: %s\n", PROG, path, strerror(errno));
        free(path);
        return -1;
    }
    fprintf(f, "# sipstatus-gen.dict - SIP Status-Line tokens (RFC 3261 section 25.1), "
               "written by sipstatus gen\n");
    for (k = 0; gen_dict[k] != NULL; k++)
        fprintf(f, "%s\n", gen_dict[k]);
    if (fclose(f) != 0) {
        fprintf(stderr, "%s: gen: %s: %s\n", PROG, path, strerror(errno));
        r = -1;
    }
    free(path);
    return r;
}

static void report_mismatch(size_t i, const struct gen_case *c, int rc,
                            const struct sipstatus_line *l)
{
    fprintf(stderr, "%s: gen: case %zu (%s): meant %s", PROG, i + 1, c->family,
            sipstatus_errname(c->intent));
    if (c->intent != SIPSTATUS_OK)
        fprintf(stderr, " at %zu", c->intent_offset);
    fprintf(stderr, ", parser says %s", sipstatus_errname(rc));
    if (rc < 0)
        fprintf(stderr, " at %zu", l->error_offset);
    fputs(": ", stderr);
    put_escaped(stderr, c->buf, c->len);
    fputc('\n', stderr);
}

int cmd_gen(struct opts *o)
{
    struct gen_rng r;
    struct gen_case *c;
    size_t i, valid = 0, mismatches = 0, pathcap = 0;
    char *path = NULL;
    int status = EXIT_VALID;

    if (o->nargs != 0) {
        usage_error("gen: unexpected operand '%s'", o->args[0]);
        return EXIT_USAGE;
    }
    if (o->dir != NULL) {
        if (mkdir(o->dir, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "%s: gen: %s: %s\n", PROG, o->dir, strerror(errno));
            return EXIT_USAGE;
        }
        if (write_dict(o->dir) < 0)
            return EXIT_USAGE;
        pathcap = strlen(o->dir) + 64;
        path = xrealloc(NULL, pathcap);
    }
    c = xrealloc(NULL, sizeof *c);
    r.s = o->seed;
    for (i = 0; i < o->count; i++) {
        struct sipstatus_line l;
        int rc;

        make_case(&r, o, i, c);
        rc = sipstatus_parse(c->buf, c->len, o->flags, &l);
        valid += rc == SIPSTATUS_OK;
        if (!as_meant(c, rc, &l)) {
            mismatches++;
            report_mismatch(i, c, rc, &l);
        }
        if (o->message) {
            if (gen_message_emit(stdout, o->dir, i, c, rc, &l) < 0) {
                status = EXIT_USAGE;
                break;
            }
            continue;
        }
        if (strcmp(o->format, "tsv") == 0)
            put_tsv(i, c, rc, &l);
        else if (strcmp(o->format, "jsonl") == 0)
            put_jsonl(i, c, rc, &l);
        else
            fwrite(c->buf, 1, c->len, stdout);
        if (path != NULL) {
            snprintf(path, pathcap, "%s/%06zu-%s", o->dir, i + 1, c->family);
            if (write_file(path, c->buf, c->len) < 0) {
                status = EXIT_USAGE;
                break;
            }
        }
    }
    fprintf(stderr, "%s: gen: %zu lines (seed %llu): %zu valid, %zu invalid; "
                    "%zu not as meant\n",
            PROG, i, o->seed, valid, i - valid, mismatches);
    free(c);
    free(path);
    if (status == EXIT_VALID && mismatches > 0)
        status = EXIT_INVALID;
    return status;
}
