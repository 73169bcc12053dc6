/* SPDX-License-Identifier: MIT */
/* handcheck.c - calls oSIP, sofia-sip, libre and belle-sip directly, without sipstatus, on the minimal examples of docs/peers.md.
 *
 *   make build/peers/handcheck && build/peers/handcheck
 *
 * Each example is a status line followed by the same headers the plugins
 * are given (message.h); each stack's own API reads it and we print
 * whether it took the message as a response, the code and the reason it
 * read, and whether its message still has the Via header. */
#define HAVE_INTTYPES_H 1
#include <stdbool.h>
#include <stdint.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <belle-sip/belle-sip.h>
#include <osipparser2/osip_parser.h>
#include <re.h>
#include <sofia-sip/msg.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_parser.h>

#include "message.h"

static const struct {
    const char *line;
    size_t len;
} examples[] = {
#define EX(s) {s, sizeof s - 1}
    EX("SIP/2.0 200 OK\r\n"),
    EX("SIP/2.0 30 OK\r\n"),
    EX("SIP/2.0 3807 OK\r\n"),
    EX("SIP/2.0 788 OK\r\n"),
    EX("SIP/2.0 2147483848 x\r\n"),
    EX("SIP/2.0 4294967301 x\r\n"),
    EX("SIP/2.0 40. OK\r\n"),
    EX("SIP/2.0 2-00 OK\r\n"),
    EX("SIP/2.0 +606 OK\r\n"),
    EX("SIP/2.0 300\r\n"),
    EX("SIP/2.0 301\tOK\r\n"),
    EX("SIP/2.0 302xK\r\n"),
    EX("SIP/2.0 \t200 OK\r\n"),
    EX("SIP/2.0 181 \n"),
    EX("SIP/2.0 405 \x15\r\n"),
    EX("SIP/2.0 502 \x00\r\n"),
    EX("SIP/2.0 302 ]\r\n"),
    EX("SIP/2.0 180 %\r\n"),
    EX("SIP/2.0 404 \xe2\r\n"),
    EX("SIP/2.0 422 \xfeN\r\n"),
    EX("\rSIP/2.0 200 OK\r\n"),
    EX("SSIP/2.0 200 OK\r\n"),
    EX("x 200 OK\r\n"),
    EX("SIP/2 200 OK\r\n"),
    EX("SIP/+2.0 200 OK\r\n"),
    EX("SIP/9972616301.0 200 OK\r\n"),
    EX("SIP/2.0382 608 OK\r\n"),
    EX("sip/2.0 484 _\r\n"),
    EX("sIP/2.0 200 G\r\n"),
    EX("SIP/2.0 603 \n"),
    EX("SIP/2.0 416 \nr\r\n"),
    EX("SIP/2.0 603 \r\r\r\n"),
    EX("SIP/2.0 606 \r \r\n"),
    EX("SIP/2.0 505  x\r\n"),
#undef EX
};

/* oSIP logs parse errors on standard output unless given a function */
static void quiet(const char *fi, int li, osip_trace_level_t level, const char *chfr, va_list ap)
{
    (void)fi, (void)li, (void)level, (void)chfr, (void)ap;
}

static void put_text(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f && c != '\\')
            putchar(c);
        else
            printf("\\x%02x", c);
    }
}

/* ", reason 'R', Via kept|lost" */
static void put_rest(const char *reason, size_t n, int via)
{
    fputs(", reason '", stdout);
    put_text(reason != NULL ? reason : "", reason != NULL ? n : 0);
    printf("', Via %s\n", via ? "kept" : "lost");
}

static void osip(const char *m, size_t n)
{
    osip_message_t *sip = NULL;
    int r;

    osip_message_init(&sip);
    r = osip_message_parse(sip, m, n);
    if (r == 0 && MSG_IS_RESPONSE(sip)) {
        const char *phrase = osip_message_get_reason_phrase(sip);
        osip_via_t *via = NULL;
        printf("  osip: accepts, code %d", osip_message_get_status_code(sip));
        put_rest(phrase, phrase != NULL ? strlen(phrase) : 0, osip_message_get_via(sip, 0, &via) >= 0);
    } else
        printf("  osip: rejects (osip_message_parse %d)\n", r);
    osip_message_free(sip);
}

static void sofia(const char *m, size_t n)
{
    msg_t *msg = msg_make(sip_default_mclass(), 0, m, (isize_t)n);
    sip_t *sip = msg ? sip_object(msg) : NULL;

    if (sip && sip->sip_status && !MSG_HAS_ERROR(sip->sip_flags)) {
        const char *phrase = sip->sip_status->st_phrase;
        printf("  sofia: accepts, code %d", sip->sip_status->st_status);
        put_rest(phrase, phrase != NULL ? strlen(phrase) : 0, sip->sip_via != NULL);
    } else
        printf("  sofia: rejects (%s)\n", msg == NULL ? "msg_make NULL"
                                      : sip == NULL || sip->sip_status == NULL ? "no status"
                                                                               : "error flag");
    if (msg)
        msg_destroy(msg);
}

static void libre(const char *m, size_t n)
{
    struct mbuf *mb = mbuf_alloc(n);
    struct sip_msg *msg = NULL;
    int r;

    mbuf_write_mem(mb, (const uint8_t *)m, n);
    mb->pos = 0;
    r = sip_msg_decode(&msg, mb);
    if (r == 0 && !msg->req) {
        printf("  libre: accepts, code %u", msg->scode);
        put_rest(msg->reason.p, msg->reason.l, sip_msg_hdr(msg, SIP_HDR_VIA) != NULL);
    } else
        printf("  libre: rejects (sip_msg_decode %d)\n", r);
    mem_deref(msg);
    mem_deref(mb);
}

static void bellesip(const char *m, size_t n)
{
    size_t used = 0;
    belle_sip_message_t *msg = belle_sip_message_parse_raw(m, n, &used);

    if (msg != NULL && BELLE_SIP_OBJECT_IS_INSTANCE_OF(msg, belle_sip_response_t)) {
        belle_sip_response_t *resp = BELLE_SIP_RESPONSE(msg);
        const char *phrase = belle_sip_response_get_reason_phrase(resp);
        printf("  belle-sip: accepts, code %d", belle_sip_response_get_status_code(resp));
        put_rest(phrase, phrase != NULL ? strlen(phrase) : 0,
                 belle_sip_message_get_header(msg, "Via") != NULL);
    } else {
        printf("  belle-sip: rejects (%s)\n", msg == NULL ? "belle_sip_message_parse_raw NULL"
                                                      : "not a response");
    }
    if (msg != NULL)
        belle_sip_object_unref(msg);
}

int main(void)
{
    size_t k;

    parser_init();
    osip_trace_initialize_func(END_TRACE_LEVEL, quiet);
    belle_sip_set_log_level(BELLE_SIP_LOG_FATAL);
    for (k = 0; k < sizeof examples / sizeof examples[0]; k++) {
        size_t n = 0;
        char *m = peer_message(examples[k].line, examples[k].len, &n);

        if (m == NULL)
            return 1;
        fputs("\"", stdout);
        put_text(examples[k].line, examples[k].len);
        fputs("\"\n", stdout);
        osip(m, n);
        sofia(m, n);
        libre(m, n);
        bellesip(m, n);
        free(m);
    }
    return 0;
}
