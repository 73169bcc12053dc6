/* SPDX-License-Identifier: MIT */
/* gen_message.c - whole SIP responses around generated Status-Lines, for message-level parsers (`sipstatus gen --message`). */
#include "gen_message.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

size_t gen_message(const struct gen_case *c, size_t i, char *out)
{
    char body[512];
    int bn = 0, n;

    if (i % 2 == 1)
        bn = snprintf(body, sizeof body,
                      "v=0\r\n"
                      "o=uas %zu %zu IN IP4 192.0.2.2\r\n"
                      "s=-\r\n"
                      "c=IN IP4 192.0.2.2\r\n"
                      "t=0 0\r\n"
                      "m=audio %zu RTP/AVP 0 8\r\n"
                      "a=rtpmap:0 PCMU/8000\r\n"
                      "a=rtpmap:8 PCMA/8000\r\n",
                      i + 1, i + 1, 10000 + 2 * (i % 20000));
    memcpy(out, c->buf, c->len);
    n = snprintf(out + c->len, GEN_MESSAGE_MAX - c->len,
                 "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-gen%zu;rport=5060;received=192.0.2.1\r\n"
                 "From: \"Alice\" <sip:alice@example.com>;tag=a%zu\r\n"
                 "To: <sip:bob@example.com>;tag=b%zu\r\n"
                 "Call-ID: gen-%zu@example.com\r\n"
                 "CSeq: %zu INVITE\r\n"
                 "Contact: <sip:bob@192.0.2.2:5060>\r\n"
                 "%s"
                 "Content-Length: %d\r\n"
                 "\r\n",
                 i + 1, i + 1, i + 1, i + 1, i + 1,
                 bn > 0 ? "Content-Type: application/sdp\r\n" : "", bn);
    memcpy(out + c->len + (size_t)n, body, (size_t)bn);
    return c->len + (size_t)n + (size_t)bn;
}

int gen_message_emit(FILE *out, const char *dir, size_t i, const struct gen_case *c, int rc,
                     const struct sipstatus_line *l)
{
    char *msg = xrealloc(NULL, GEN_MESSAGE_MAX);
    size_t n = gen_message(c, i, msg), plen;
    char *path;
    FILE *f;
    int r = 0;

    if (out != NULL)
        fwrite(msg, 1, n, out);
    if (dir == NULL) {
        free(msg);
        return 0;
    }
    plen = strlen(dir) + strlen(c->family) + 32;
    path = xrealloc(NULL, plen);
    snprintf(path, plen, "%s/%06zu-%s.msg", dir, i + 1, c->family);
    f = fopen(path, "wb");
    if (f == NULL || fwrite(msg, 1, n, f) != n || fclose(f) != 0) {
        fprintf(stderr, "%s: gen: %s: %s\n", PROG, path, strerror(errno));
        r = -1;
    }
    snprintf(path, plen, "%s/labels.tsv", dir);
    f = fopen(path, i == 0 ? "w" : "a");
    if (f == NULL) {
        fprintf(stderr, "%s: gen: %s: %s\n", PROG, path, strerror(errno));
        r = -1;
    } else {
        fprintf(f, "%06zu-%s.msg\t%s\t", i + 1, c->family, sipstatus_errname(rc));
        if (rc == SIPSTATUS_OK)
            fputs("-", f);
        else
            fprintf(f, "%zu", l->error_offset);
        fprintf(f, "\t%s\n", c->family);
        if (fclose(f) != 0)
            r = -1;
    }
    free(path);
    free(msg);
    return r;
}
