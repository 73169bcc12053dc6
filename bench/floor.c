/* SPDX-License-Identifier: MIT */
/* floor.c - the floor `sipstatus check` is measured against on captures:
 * read the same file with libpcap and memchr each frame for its first line
 * end, doing nothing else.  Any checker must at least read every frame and
 * find where its status line ends.
 *
 *   build/bench/floor FILE.pcap
 *
 * Prints the frames read and how many had a line end (so the work is not
 * optimised away). */
#define _DEFAULT_SOURCE /* the BSD types pcap.h uses */
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    char err[PCAP_ERRBUF_SIZE];
    struct pcap_pkthdr *h;
    const u_char *d;
    unsigned long frames = 0, ends = 0;
    pcap_t *p;

    if (argc != 2) {
        fputs("usage: floor FILE.pcap\n", stderr);
        return 2;
    }
    p = pcap_open_offline(argv[1], err);
    if (p == NULL) {
        fprintf(stderr, "floor: %s\n", err);
        return 2;
    }
    while (pcap_next_ex(p, &h, &d) == 1) {
        frames++;
        if (memchr(d, '\n', h->caplen) != NULL) /* where a first line would end */
            ends++;
    }
    pcap_close(p);
    printf("%lu frames, %lu with a line end\n", frames, ends);
    return 0;
}
