/* SPDX-License-Identifier: MIT */
/* cli_gen.c - `sipstatus gen` (labelled generated lines) and `sipstatus diff` (against another parser). */
#include "cli.h"

#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gen.h"
#include "gen_message.h"
#include "sipstatus.h"

/* The parse flags the generator knows. */
#define GEN_FLAGS (SIPSTATUS_LENIENT | SIPSTATUS_STRICT_UTF8 | SIPSTATUS_REGISTERED_ONLY | \
                   SIPSTATUS_SKIP_CRLF | SIPSTATUS_ANY_CODE)

/* Case i of a run: --valid, --invalid, or alternately (even valid). */
static void make_case(struct gen_rng *r, const struct opts *o, size_t i,
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

/* ------------------------------------------------------------ diff */

/* What a peer said of one line. */
struct verdict {
    int accept;
    int has_code; /* --cmd: only when the command printed a code */
    unsigned code;
};

typedef int (*peer_fn)(const char *buf, size_t len, unsigned *code);

/* Runs `sh -c cmd` with buf on its standard input; its exit status 0
 * means accept, a number at the start of its standard output is the code.
 * Returns -1 when the command could not be run (reported). */
static int run_cmd(const char *cmd, const char *buf, size_t len, struct verdict *v)
{
    int in[2], out[2], wstatus;
    pid_t pid;
    char got[32];
    size_t n = 0;
    ssize_t k;

    if (pipe(in) != 0 || pipe(out) != 0) {
        fprintf(stderr, "%s: diff: pipe: %s\n", PROG, strerror(errno));
        return -1;
    }
    pid = fork();
    if (pid < 0) {
        fprintf(stderr, "%s: diff: fork: %s\n", PROG, strerror(errno));
        return -1;
    }
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    /* a line is far below the pipe's capacity, so this cannot block on a
     * command that does not read */
    if (write(in[1], buf, len) != (ssize_t)len && errno != EPIPE)
        fprintf(stderr, "%s: diff: write to command: %s\n", PROG, strerror(errno));
    close(in[1]);
    while ((k = read(out[0], got + n, sizeof got - 1 - n)) > 0 && n + (size_t)k < sizeof got - 1)
        n += (size_t)k;
    if (k > 0)
        n += (size_t)k;
    while (k > 0) { /* drain the rest */
        char sink[256];
        k = read(out[0], sink, sizeof sink);
    }
    close(out[0]);
    if (waitpid(pid, &wstatus, 0) < 0) {
        fprintf(stderr, "%s: diff: waitpid: %s\n", PROG, strerror(errno));
        return -1;
    }
    if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 127) {
        fprintf(stderr, "%s: diff: command not found or not runnable: %s\n", PROG, cmd);
        return -1;
    }
    v->accept = WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0;
    v->has_code = 0;
    v->code = 0;
    if (n > 0 && got[0] >= '0' && got[0] <= '9') {
        size_t j;
        v->has_code = 1;
        for (j = 0; j < n && got[j] >= '0' && got[j] <= '9' && j < 10; j++)
            v->code = v->code * 10 + (unsigned)(got[j] - '0');
    }
    return 0;
}

/* One group of disagreements. */
struct group {
    const char *type; /* "accepts-invalid", "rejects-valid", "code-differs" */
    char key[64];     /* our error name and the family, or the family */
    size_t count;
    char example[GEN_MAX]; /* the shortest line */
    size_t example_len;
    int rc;          /* our verdict on it */
    size_t offset;   /* our error offset */
    unsigned code;   /* our code */
    struct verdict peer;
    const char *family;
};

static int group_cmp(const void *a, const void *b)
{
    const struct group *x = a, *y = b;
    int t = strcmp(x->type, y->type);
    if (t == 0)
        t = strcmp(x->key, y->key);
    return t != 0 ? t : strcmp(x->family, y->family);
}

static void add(struct group **gs, size_t *n, const char *type, const char *key,
                const struct gen_case *c, int rc, const struct sipstatus_line *l,
                const struct verdict *v)
{
    struct group *g = NULL;
    size_t k;

    for (k = 0; k < *n; k++)
        if ((*gs)[k].type == type && strcmp((*gs)[k].key, key) == 0 &&
            strcmp((*gs)[k].family, c->family) == 0)
            g = &(*gs)[k];
    if (g == NULL) {
        *gs = xrealloc(*gs, sizeof **gs * (*n + 1));
        g = &(*gs)[(*n)++];
        g->type = type;
        snprintf(g->key, sizeof g->key, "%s", key);
        g->count = 0;
        g->example_len = SIZE_MAX;
    }
    g->count++;
    if (c->len < g->example_len) {
        memcpy(g->example, c->buf, c->len);
        g->example_len = c->len;
        g->rc = rc;
        g->offset = l->error_offset;
        g->code = l->code;
        g->peer = *v;
        g->family = c->family;
    }
}

int cmd_diff(struct opts *o)
{
    struct gen_rng r;
    struct gen_case *c;
    struct group *gs = NULL;
    size_t ngroups = 0, i, k, disagree = 0;
    size_t per_type[3] = {0, 0, 0};
    static const char *const types[3] = {"accepts-invalid", "rejects-valid", "code-differs"};
    void *lib = NULL;
    peer_fn peer = NULL;
    int status = EXIT_VALID;
    char *copy;

    if (o->nargs != 0) {
        usage_error("diff: unexpected operand '%s'", o->args[0]);
        return EXIT_USAGE;
    }
    if ((o->peer == NULL) == (o->cmd == NULL)) {
        usage_error("diff: %s", "give exactly one of --peer PLUGIN.so and --cmd COMMAND");
        return EXIT_USAGE;
    }
    if (o->peer != NULL) {
        void *sym;
        lib = dlopen(strchr(o->peer, '/') ? o->peer : NULL, RTLD_NOW | RTLD_LOCAL);
        if (lib == NULL || strchr(o->peer, '/') == NULL) {
            fprintf(stderr, "%s: diff: cannot load %s: %s\n", PROG, o->peer,
                    lib == NULL ? dlerror() : "give a path (./peer.so)");
            return EXIT_USAGE;
        }
        sym = dlsym(lib, "sipstatus_peer_parse");
        if (sym == NULL) {
            fprintf(stderr, "%s: diff: %s: no sipstatus_peer_parse\n", PROG, o->peer);
            dlclose(lib);
            return EXIT_USAGE;
        }
        /* POSIX: a data pointer from dlsym converts to a function pointer */
        memcpy(&peer, &sym, sizeof peer);
    }
    c = xrealloc(NULL, sizeof *c);
    copy = xrealloc(NULL, GEN_MAX + 1);
    r.s = o->seed;
    for (i = 0; i < o->count; i++) {
        struct sipstatus_line l;
        struct verdict v = {0, 1, 0};
        int rc, type = -1;

        make_case(&r, o, i, c);
        rc = sipstatus_parse(c->buf, c->len, o->flags, &l);
        /* the peer gets its own copy, NUL after the last byte */
        memcpy(copy, c->buf, c->len);
        copy[c->len] = '\0';
        if (peer != NULL) {
            unsigned code = 0;
            v.accept = peer(copy, c->len, &code) != 0;
            v.code = code;
        } else if (run_cmd(o->cmd, copy, c->len, &v) < 0) {
            status = EXIT_USAGE;
            break;
        }
        if (v.accept && rc != SIPSTATUS_OK)
            type = 0;
        else if (!v.accept && rc == SIPSTATUS_OK)
            type = 1;
        else if (v.accept && v.has_code && v.code != l.code)
            type = 2;
        if (type < 0)
            continue;
        disagree++;
        per_type[type]++;
        /* accepts-invalid: by our error kind, then by family */
        add(&gs, &ngroups, types[type], type == 0 ? sipstatus_errname(rc) : c->family, c,
            rc, &l, &v);
    }
    if (ngroups > 0)
        qsort(gs, ngroups, sizeof *gs, group_cmp);
    for (k = 0; k < ngroups; k++) {
        const struct group *g = &gs[k];
        if (strcmp(g->key, g->family) == 0)
            printf("%s %s: %zu\n  ", g->type, g->key, g->count);
        else
            printf("%s %s %s: %zu\n  ", g->type, g->key, g->family, g->count);
        put_escaped(stdout, g->example, g->example_len);
        printf("\n  ours: %s", sipstatus_errname(g->rc));
        if (g->rc < 0)
            printf(" at %zu", g->offset);
        else
            printf(", code %u", g->code);
        printf(" (%s); peer: %s", g->family, g->peer.accept ? "accepts" : "rejects");
        if (g->peer.accept && g->peer.has_code)
            printf(", code %u", g->peer.code);
        printf("\n");
    }
    fprintf(stderr, "%s: diff: %zu lines (seed %llu): %zu agree, %zu disagree: "
                    "accepts-invalid %zu, rejects-valid %zu, code-differs %zu\n",
            PROG, i, o->seed, i - disagree, disagree, per_type[0], per_type[1], per_type[2]);
    free(gs);
    free(c);
    free(copy);
    if (lib != NULL)
        dlclose(lib);
    if (status == EXIT_VALID && disagree > 0)
        status = EXIT_INVALID;
    return status;
}
