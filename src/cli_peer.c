/* SPDX-License-Identifier: MIT */
/* cli_peer.c - `sipstatus diff`'s peers: plugins of ABI v2, and persistent commands speaking the hex line protocol. */
#define _POSIX_C_SOURCE 200809L
#include "cli_peer.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../peers/sipstatus_peer.h"
#include "cli.h"

struct peer {
    /* plugin */
    void *lib;
    sipstatus_peer_parse2_fn *parse;
    /* command */
    const char *cmd;
    unsigned timeout_ms;
    pid_t pid;         /* 0: not running */
    int to, from;      /* its standard input and output */
    char *line;        /* PEER_LINE_MAX bytes: its answer so far */
    size_t have;
    char *hex;         /* the hex line written */
    size_t hexcap;
    int answered;      /* it has answered at least once */
};

struct peer *peer_open_plugin(const char *path)
{
    struct peer *p;
    void *lib, *sym, *abi;

    if (strchr(path, '/') == NULL) {
        fprintf(stderr, "%s: diff: cannot load %s: give a path (./peer.so)\n", PROG, path);
        return NULL;
    }
    lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        fprintf(stderr, "%s: diff: cannot load %s: %s\n", PROG, path, dlerror());
        return NULL;
    }
    abi = dlsym(lib, "sipstatus_peer_abi");
    sym = dlsym(lib, "sipstatus_peer_parse2");
    if (abi == NULL || *(const int *)abi != SIPSTATUS_PEER_ABI || sym == NULL) {
        if (abi == NULL && dlsym(lib, "sipstatus_peer_parse") != NULL)
            fprintf(stderr, "%s: diff: %s: a plugin of ABI 1 (sipstatus_peer_parse); "
                            "sipstatus loads ABI %d only (peers/sipstatus_peer.h)\n",
                    PROG, path, SIPSTATUS_PEER_ABI);
        else if (abi == NULL || sym == NULL)
            fprintf(stderr, "%s: diff: %s: no sipstatus_peer_abi and sipstatus_peer_parse2\n",
                    PROG, path);
        else
            fprintf(stderr, "%s: diff: %s: sipstatus_peer_abi is %d, not %d\n", PROG, path,
                    *(const int *)abi, SIPSTATUS_PEER_ABI);
        dlclose(lib);
        return NULL;
    }
    p = xrealloc(NULL, sizeof *p);
    memset(p, 0, sizeof *p);
    p->lib = lib;
    /* POSIX: a data pointer from dlsym converts to a function pointer */
    memcpy(&p->parse, &sym, sizeof p->parse);
    return p;
}

struct peer *peer_open_cmd(const char *cmd, unsigned timeout_ms)
{
    struct peer *p = xrealloc(NULL, sizeof *p);

    memset(p, 0, sizeof *p);
    p->cmd = cmd;
    p->timeout_ms = timeout_ms;
    p->to = p->from = -1;
    p->line = xrealloc(NULL, PEER_LINE_MAX);
    signal(SIGPIPE, SIG_IGN);
    return p;
}

static void answer_init(struct peer_answer *a)
{
    memset(a, 0, sizeof *a);
    a->reason_off = (size_t)-1;
    a->code_off = (size_t)-1;
    a->consumed = (size_t)-1;
    a->major = a->minor = -1;
}

/* ------------------------------------------------------------ plugin */

static void ask_plugin(struct peer *p, const char *msg, size_t len, struct peer_answer *a)
{
    struct sipstatus_peer_result r;

    memset(&r, 0, sizeof r);
    r.reason_buf = a->reason;
    r.reason_cap = sizeof a->reason;
    r.reason_len = SIPSTATUS_PEER_UNKNOWN;
    r.reason_off = SIPSTATUS_PEER_UNKNOWN;
    r.code_off = SIPSTATUS_PEER_UNKNOWN;
    r.consumed = SIPSTATUS_PEER_UNKNOWN;
    r.major = r.minor = -1;
    p->parse(msg, len, &r);
    a->status = PEER_ANSWERED;
    a->accept = r.accept != 0;
    if (r.code_kind == SIPSTATUS_PEER_CODE_SPAN && r.code_off <= len &&
        r.code_len <= len - r.code_off) {
        size_t n = r.code_len < PEER_CODE_MAX ? r.code_len : PEER_CODE_MAX;
        a->has_code = 1;
        memcpy(a->code, msg + r.code_off, n);
        a->code[n] = '\0';
        a->code_cut = r.code_len > PEER_CODE_MAX;
        a->code_off = r.code_off;
        a->code_len = r.code_len;
    } else if (r.code_kind == SIPSTATUS_PEER_CODE_VALUE) {
        a->has_code = 1;
        snprintf(a->code, sizeof a->code, "%llu", r.code);
        a->code_overflow = r.code_overflow != 0;
    }
    if (r.reason_len != SIPSTATUS_PEER_UNKNOWN) {
        a->has_reason = 1;
        a->reason_cut = r.reason_len > sizeof a->reason;
        a->reason_len = a->reason_cut ? sizeof a->reason : r.reason_len;
        if (r.reason_off != SIPSTATUS_PEER_UNKNOWN && r.reason_off <= len &&
            r.reason_len <= len - r.reason_off)
            a->reason_off = r.reason_off;
    }
    if (r.consumed != SIPSTATUS_PEER_UNKNOWN)
        a->consumed = r.consumed;
    a->major = r.major;
    a->minor = r.minor;
    a->lost_header = r.lost_header != 0;
}

/* ------------------------------------------------------------ command */

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Starts the command: 0, or -1 (reported) when fork or pipe fail. */
static int start(struct peer *p)
{
    int in[2], out[2];

    if (pipe(in) != 0 || pipe(out) != 0) {
        fprintf(stderr, "%s: diff: pipe: %s\n", PROG, strerror(errno));
        return -1;
    }
    p->pid = fork();
    if (p->pid < 0) {
        fprintf(stderr, "%s: diff: fork: %s\n", PROG, strerror(errno));
        p->pid = 0;
        return -1;
    }
    if (p->pid == 0) {
        /* its own process group, so that a kill reaches what sh starts */
        setpgid(0, 0);
        signal(SIGPIPE, SIG_DFL);
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        execl("/bin/sh", "sh", "-c", p->cmd, (char *)NULL);
        _exit(127);
    }
    setpgid(p->pid, p->pid); /* also here, against the race with the child */
    close(in[0]);
    close(out[1]);
    p->to = in[1];
    p->from = out[0];
    fcntl(p->to, F_SETFD, FD_CLOEXEC);
    fcntl(p->from, F_SETFD, FD_CLOEXEC);
    fcntl(p->to, F_SETFL, fcntl(p->to, F_GETFL) | O_NONBLOCK);
    fcntl(p->from, F_SETFL, fcntl(p->from, F_GETFL) | O_NONBLOCK);
    p->have = 0;
    return 0;
}

/* Stops the command: closes its pipes, kills its process group unless
 * `gently` and it exits by itself within the timeout, reaps it.  The
 * wait status, or -1. */
static int stop(struct peer *p, int gently)
{
    static const struct timespec ms = {0, 1000000};
    int wstatus = -1;
    long long deadline = now_ms() + p->timeout_ms;

    if (p->pid == 0)
        return -1;
    close(p->to);
    close(p->from);
    p->to = p->from = -1;
    if (gently) {
        while (waitpid(p->pid, &wstatus, WNOHANG) == 0) {
            if (now_ms() >= deadline) {
                wstatus = -1;
                break;
            }
            nanosleep(&ms, NULL);
        }
        if (wstatus != -1) {
            p->pid = 0;
            return wstatus;
        }
    }
    kill(-p->pid, SIGKILL);
    kill(p->pid, SIGKILL);
    while (waitpid(p->pid, &wstatus, 0) < 0 && errno == EINTR)
        ;
    p->pid = 0;
    return wstatus;
}

static void describe_exit(char *text, size_t n, const char *what, int wstatus)
{
    if (wstatus != -1 && WIFEXITED(wstatus))
        snprintf(text, n, "%s; exit status %d", what, WEXITSTATUS(wstatus));
    else if (wstatus != -1 && WIFSIGNALED(wstatus))
        snprintf(text, n, "%s; killed by signal %d", what, WTERMSIG(wstatus));
    else
        snprintf(text, n, "%s", what);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* One answer line s[0..n) (no LF) into *a: 0, or -1 when it is not one. */
static int parse_answer(const char *s, size_t n, struct peer_answer *a)
{
    const char *f[4];
    size_t fl[4], k = 0, i, start = 0;

    if (n > 0 && s[n - 1] == '\r')
        return -1; /* the protocol's lines end in LF alone */
    if (n == 6 && memcmp(s, "reject", 6) == 0) {
        a->accept = 0;
        return 0;
    }
    if (n > 7 && memcmp(s, "reject ", 7) == 0) {
        size_t t = n - 7 < sizeof a->text - 1 ? n - 7 : sizeof a->text - 1;
        memcpy(a->text, s + 7, t);
        a->text[t] = '\0';
        a->accept = 0;
        return 0;
    }
    /* accept CODE REASON_HEX CONSUMED: exactly four fields, one SP apart */
    for (i = 0; i <= n; i++) {
        if (i == n || s[i] == ' ') {
            if (k == 4 || i == start)
                return -1;
            f[k] = s + start;
            fl[k++] = i - start;
            start = i + 1;
        }
    }
    if (k != 4 || fl[0] != 6 || memcmp(f[0], "accept", 6) != 0)
        return -1;
    a->accept = 1;
    if (!(fl[1] == 1 && f[1][0] == '-')) {
        for (i = 0; i < fl[1]; i++)
            if (f[1][i] < '0' || f[1][i] > '9')
                return -1;
        a->has_code = 1;
        a->code_cut = fl[1] > PEER_CODE_MAX;
        memcpy(a->code, f[1], a->code_cut ? PEER_CODE_MAX : fl[1]);
        a->code[a->code_cut ? PEER_CODE_MAX : fl[1]] = '\0';
    }
    a->has_reason = 1;
    if (!(fl[2] == 1 && f[2][0] == '-')) {
        if (fl[2] % 2 != 0)
            return -1;
        for (i = 0; i < fl[2]; i += 2) {
            int hi = hexval(f[2][i]), lo = hexval(f[2][i + 1]);
            if (hi < 0 || lo < 0)
                return -1;
            if (a->reason_len < sizeof a->reason)
                a->reason[a->reason_len++] = (char)(hi << 4 | lo);
            else
                a->reason_cut = 1;
        }
    }
    if (!(fl[3] == 1 && f[3][0] == '-')) {
        size_t v = 0;
        if (fl[3] > 19)
            return -1;
        for (i = 0; i < fl[3]; i++) {
            if (f[3][i] < '0' || f[3][i] > '9')
                return -1;
            v = v * 10 + (size_t)(f[3][i] - '0');
        }
        a->consumed = v;
    }
    return 0;
}

/* Waits until fd is ready for `events` or the deadline: 1 ready, 0 time
 * out. */
static int wait_fd(int fd, short events, long long deadline)
{
    for (;;) {
        struct pollfd pfd;
        long long left = deadline - now_ms();
        int r;

        if (left <= 0)
            return 0;
        pfd.fd = fd;
        pfd.events = events;
        r = poll(&pfd, 1, left > 1000000 ? 1000000 : (int)left);
        if (r > 0)
            return 1;
        if (r < 0 && errno != EINTR)
            return 1; /* the read or write says what went wrong */
    }
}

static void fail(struct peer *p, struct peer_answer *a, enum peer_status s, const char *what)
{
    int wstatus = stop(p, s == PEER_DIED);

    a->status = s;
    a->accept = 0;
    describe_exit(a->text, sizeof a->text, what, s == PEER_DIED ? wstatus : -1);
}

static int ask_cmd(struct peer *p, const char *msg, size_t len, struct peer_answer *a)
{
    static const char digits[] = "0123456789abcdef";
    long long deadline;
    size_t i, n = 2 * len + 1, done = 0;
    char *lf = NULL;
    int fresh = 0;

    if (p->pid == 0) {
        if (start(p) < 0)
            return -1;
        fresh = 1;
    }
    if (n > p->hexcap) {
        p->hex = xrealloc(p->hex, n);
        p->hexcap = n;
    }
    for (i = 0; i < len; i++) {
        p->hex[2 * i] = digits[(unsigned char)msg[i] >> 4];
        p->hex[2 * i + 1] = digits[(unsigned char)msg[i] & 15];
    }
    p->hex[2 * len] = '\n';
    /* bytes before the question: a second answer to the last input */
    if (!fresh) {
        struct pollfd pfd = {p->from, POLLIN, 0};
        if (poll(&pfd, 1, 0) > 0 && read(p->from, p->line, PEER_LINE_MAX) > 0) {
            fail(p, a, PEER_GARBAGE, "answered before it was asked (more than one line "
                                     "for the input before)");
            return 0;
        }
    }
    deadline = now_ms() + p->timeout_ms;
    while (done < n) {
        ssize_t k;
        if (!wait_fd(p->to, POLLOUT, deadline)) {
            fail(p, a, PEER_HANG, "no answer within the timeout (not reading its input)");
            return 0;
        }
        k = write(p->to, p->hex + done, n - done);
        if (k < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        if (k < 0) {
            /* EPIPE: it closed its input or died */
            fail(p, a, PEER_DIED, "closed its input");
            goto died;
        }
        done += (size_t)k;
    }
    while ((lf = memchr(p->line, '\n', p->have)) == NULL) {
        ssize_t k;
        if (p->have == PEER_LINE_MAX) {
            fail(p, a, PEER_GARBAGE, "an answer line longer than the limit (16384 bytes)");
            return 0;
        }
        if (!wait_fd(p->from, POLLIN, deadline)) {
            fail(p, a, PEER_HANG, "no answer within the timeout");
            return 0;
        }
        k = read(p->from, p->line + p->have, PEER_LINE_MAX - p->have);
        if (k < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        if (k <= 0) {
            fail(p, a, PEER_DIED, p->have > 0 ? "died in the middle of an answer" : "died");
            goto died;
        }
        p->have += (size_t)k;
    }
    if ((size_t)(lf - p->line) + 1 != p->have) {
        fail(p, a, PEER_GARBAGE, "more than one answer line for one input");
        return 0;
    }
    if (parse_answer(p->line, (size_t)(lf - p->line), a) < 0) {
        size_t t = (size_t)(lf - p->line);
        char what[120];
        if (t > 60)
            t = 60;
        snprintf(what, sizeof what, "an answer outside the protocol: '%.*s'", (int)t, p->line);
        /* the text may hold any byte: keep it printable */
        for (i = 0; what[i] != '\0'; i++)
            if ((unsigned char)what[i] < 0x20 || (unsigned char)what[i] > 0x7e)
                what[i] = '?';
        fail(p, a, PEER_GARBAGE, what);
        return 0;
    }
    p->have = 0;
    p->answered = 1;
    a->status = PEER_ANSWERED;
    return 0;
died:
    if (fresh && !p->answered && strstr(a->text, "exit status 127") != NULL) {
        fprintf(stderr, "%s: diff: command not found or not runnable: %s\n", PROG, p->cmd);
        return -1;
    }
    return 0;
}

int peer_ask(struct peer *p, const char *msg, size_t len, struct peer_answer *a)
{
    answer_init(a);
    if (p->lib != NULL) {
        ask_plugin(p, msg, len, a);
        return 0;
    }
    return ask_cmd(p, msg, len, a);
}

void peer_close(struct peer *p)
{
    if (p == NULL)
        return;
    if (p->lib != NULL)
        dlclose(p->lib);
    stop(p, 1);
    free(p->line);
    free(p->hex);
    free(p);
}
