/* floor.c - the floor `sipstatus check` is measured against on captures:
 * read the same file with libpcap and memchr each frame's bytes for a line
 * end, doing nothing else.  Any decoder must at least read every frame.
 *
 *   build/bench/floor FILE.pcap
 *
 * Prints the frames read and the line ends found (so the work is not
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
        const u_char *at = d, *end = d + h->caplen, *lf;
        frames++;
        while (at < end && (lf = memchr(at, '\n', (size_t)(end - at))) != NULL) {
            ends++;
            at = lf + 1;
        }
    }
    pcap_close(p);
    printf("%lu frames, %lu line ends\n", frames, ends);
    return 0;
}
