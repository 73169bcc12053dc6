/* SPDX-License-Identifier: MIT */
/* cli_peer.h - the other parser of `sipstatus diff`: a plugin (ABI v2) or a persistent command (the line protocol). */
#ifndef SIPSTATUS_CLI_PEER_H
#define SIPSTATUS_CLI_PEER_H

#include <stddef.h>

/* The longest reason kept from a peer, in bytes (longer: cut, reason_cut). */
#define PEER_REASON_MAX 4096
/* The most code digits kept (more: code_cut). */
#define PEER_CODE_MAX 64
/* The longest answer line read from a command, LF included; a longer one
 * is garbage.  It bounds the memory a command peer can make us use. */
#define PEER_LINE_MAX 16384

/* How an ask went (peer_answer.status). */
enum peer_status {
    PEER_ANSWERED, /* accept or reject, below */
    PEER_HANG,     /* no answer within the timeout: killed */
    PEER_DIED,     /* exited, was killed, or closed its pipe */
    PEER_GARBAGE   /* answered a line outside the protocol: killed */
};

/* What a peer said of one message.  Spans are copies, owned by the struct. */
struct peer_answer {
    enum peer_status status;
    int accept;                    /* PEER_ANSWERED: 1 accept, 0 reject */
    int has_code;                  /* a code was given */
    char code[PEER_CODE_MAX + 1];  /* its decimal digits, as read, NUL-terminated */
    int code_cut;                  /* more digits than PEER_CODE_MAX */
    int code_overflow;             /* plugin: the peer's integer overflowed */
    size_t code_off, code_len;     /* plugin: the digits' span in the message,
                                      code_off (size_t)-1 when not a span */
    int has_reason;                /* a reason was given ("-" is the empty one) */
    char reason[PEER_REASON_MAX];
    size_t reason_len;             /* bytes in reason */
    int reason_cut;                /* the peer's reason was longer */
    size_t reason_off;             /* offset in the message, or (size_t)-1 */
    size_t consumed;               /* (size_t)-1 when not known */
    long major, minor;             /* -1 when not known */
    int lost_header;               /* plugin: a header of the message is gone */
    char text[200];                /* reject's text, or what went wrong */
};

struct peer;

/* peer_open_plugin - dlopen PATH (a path with a '/'), check
 * sipstatus_peer_abi == 2, find sipstatus_peer_parse2.  NULL after
 * reporting on standard error. */
struct peer *peer_open_plugin(const char *path);

/* peer_open_cmd - a peer that runs `sh -c cmd` when first asked and keeps
 * it; each answer must come within timeout_ms.  Never NULL.  SIGPIPE is
 * ignored from here on (a write to a dead peer is EPIPE, its death). */
struct peer *peer_open_cmd(const char *cmd, unsigned timeout_ms);

/* peer_ask - what the peer says of msg[0..len) (msg[len] must be a NUL).
 * A command that hangs, dies or answers garbage is killed and restarted at
 * the next ask; the answer says which.  Returns 0, or -1 when the command
 * cannot run at all (exit status 127 before it ever answered: reported). */
int peer_ask(struct peer *p, const char *msg, size_t len, struct peer_answer *a);

/* peer_close - stop a command (closing its input, then killing it) or
 * unload a plugin; frees p.  NULL is fine. */
void peer_close(struct peer *p);

#endif
