/* SPDX-License-Identifier: MIT */
/* cli_listen.h - what sipstatus listen's collector (cli_listen.c) and its
 * Prometheus exposition (cli_metrics.c) share. */
#ifndef SIPSTATUS_CLI_LISTEN_H
#define SIPSTATUS_CLI_LISTEN_H

#include <pthread.h>

#include "cli.h"
#include "cli_hepin.h"

#define SOURCES_KEPT 1024 /* sources counted one by one; the rest are "other" */
#define SOURCES_SHOWN 100 /* the most erring of them exposed by name */

/* Errors by the address that sent the response (the HEP chunks' source). */
struct source_count {
    char addr[48];        /* its text; "" when the slot is free */
    size_t errors;
};

struct collector {
    const struct opts *o;
    struct stats st;
    struct capture *c;
    struct hepin h;
    pthread_mutex_t lock;  /* held while packets are decoded and while the
                              metrics are written */
    struct source_count sources[SOURCES_KEPT];
    size_t nsources;
    size_t other_errors;   /* from sources past SOURCES_KEPT */
};

/* An invalid response from the address af/a (4 or 6; 0: unknown). */
void collector_source_error(struct collector *co, int af, const unsigned char *a);

struct metrics;
/* Serves /metrics on addr ("ADDR:PORT") from a thread of its own, reading
 * co under co->lock.  NULL after saying why it could not. */
struct metrics *metrics_start(const char *addr, struct collector *co);
void metrics_stop(struct metrics *m);
/* The exposition text into a malloc'd string (*len its length). */
char *metrics_text(struct collector *co, size_t *len);

/* "ADDR:PORT" / "[V6]:PORT" into a socket address: 0, or -1. */
int listen_parse_addr(const char *s, struct sockaddr_storage *ss, socklen_t *len);

#endif
