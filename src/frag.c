/* SPDX-License-Identifier: MIT */
/* frag.c - IPv4 and IPv6 fragments reassembled into datagrams (feeds:
 * dissect.c's IP protocol table with the whole datagram).
 *
 * A datagram's bytes grow as its fragments come, inside the budget; which
 * of them have come is a short list of disjoint ranges, merged as each
 * fragment arrives, so completeness is known at once and duplicates cost
 * no more than new bytes.  A datagram with more ranges than MAX_RANGES
 * (fragments arriving in a pattern no sender produces) is given up. */
#include <string.h>

#include "decode.h"

#define MAX_RANGES 16

struct range {
    uint32_t from, to; /* [from, to) */
};

struct frag {
    struct entry e;           /* first: the activity list takes frags as entries */
    int af;
    unsigned char src[16], dst[16];
    uint32_t id;
    unsigned proto;
    size_t total;             /* payload length, known once the last one came */
    size_t pkts;              /* fragments received */
    struct range r[MAX_RANGES];
    size_t nr;
    int have_first;
    struct cap_info first;    /* where the fragment at offset 0 was */
    unsigned char *data;
    size_t cap;
};

struct frag_key {
    int af;
    const unsigned char *src, *dst;
    uint32_t id;
    unsigned proto;
};

static int same(const struct entry *e, const void *key)
{
    const struct frag *f = (const struct frag *)e;
    const struct frag_key *k = key;
    size_t n = k->af == 6 ? 16 : 4;

    return f->af == k->af && f->id == k->id && f->proto == k->proto &&
           memcmp(f->src, k->src, n) == 0 && memcmp(f->dst, k->dst, n) == 0;
}

static uint64_t frag_hash(const struct capture *c, const struct frag_key *k)
{
    size_t n = k->af == 6 ? 16 : 4;
    uint64_t h = hash_bytes(c->seed, k->src, n);
    h = hash_bytes(h, k->dst, n);
    h = hash_bytes(h, &k->id, sizeof k->id);
    return hash_bytes(h, &k->proto, sizeof k->proto);
}

static void release(struct capture *c, struct frag *f)
{
    entry_unlink(c, &f->e);
    table_remove(&c->frags, &f->e);
    mem_free(c, f->data, f->cap);
    mem_free(c, f, sizeof *f);
}

void frag_evict(struct capture *c, struct frag *f)
{
    size_t i;
    for (i = 0; i < f->pkts; i++)
        cap_skip(c, &f->first, SKIP_EVICTED);
    release(c, f);
}

/* A datagram that will not be completed: its first fragment, if any, is
 * checked as far as it goes, and said to be partial. */
void frag_expire(struct capture *c, struct frag *f)
{
    size_t n = f->have_first && f->nr > 0 && f->r[0].from == 0 ? f->r[0].to : 0;
    size_t header = f->proto == 6 ? 20 : 8, i, skipped = f->pkts;
    struct cap_info in = f->first;
    unsigned char *data = f->data;
    size_t cap = f->cap;
    unsigned proto = f->proto;

    /* unhooked first: what the payload leads to may allocate */
    f->data = NULL;
    f->cap = 0;
    release(c, f);
    if (n > header) { /* some payload after the transport header */
        in.partial = 1;
        in.wire_len = 0;
        in.depth = 0;
        if (proto == 6 || proto == 17) { /* where it was going, for the problem */
            in.transport = proto == 6 ? TRANSPORT_TCP : TRANSPORT_UDP;
            in.sport = rd16(data);
            in.dport = rd16(data + 2);
        }
        cap_problem(c, &in, NULL, PROB_NEVER_COMPLETE, NULL);
        skipped--;
        next_ipproto(c, &in, proto, data, n);
    }
    for (i = 0; i < skipped; i++)
        cap_skip(c, &in, SKIP_FRAGMENT);
    mem_free(c, data, cap);
}

/* Adds [from, to) to the ranges; -1 when there would be too many. */
static int add_range(struct frag *f, uint32_t from, uint32_t to)
{
    size_t i = 0, j;

    while (i < f->nr && f->r[i].to < from)
        i++;
    /* r[i] is the first range that ends at or after `from` */
    j = i;
    while (j < f->nr && f->r[j].from <= to) {
        if (f->r[j].from < from)
            from = f->r[j].from;
        if (f->r[j].to > to)
            to = f->r[j].to;
        j++;
    }
    /* ranges i..j-1 merge into one */
    if (j == i) {
        if (f->nr == MAX_RANGES)
            return -1;
        memmove(f->r + i + 1, f->r + i, (f->nr - i) * sizeof f->r[0]);
        f->nr++;
    } else if (j > i + 1) {
        memmove(f->r + i + 1, f->r + j, (f->nr - j) * sizeof f->r[0]);
        f->nr -= j - i - 1;
    }
    f->r[i].from = from;
    f->r[i].to = to;
    return 0;
}

void frag_add(struct capture *c, struct cap_info *in, uint32_t id, unsigned proto, size_t offset,
              int more, const unsigned char *d, size_t len)
{
    struct frag_key k = {in->af, in->src, in->dst, id, proto};
    uint64_t h;
    struct frag *f;

    if (!ipproto_known(proto)) { /* cannot carry SIP: nothing to put together */
        cap_skip(c, in, SKIP_NOT_UDP_TCP);
        return;
    }
    if (offset >= MAX_DATAGRAM || len > MAX_DATAGRAM - offset) {
        cap_skip(c, in, SKIP_MALFORMED);
        return;
    }
    h = frag_hash(c, &k);
    f = (struct frag *)table_find(&c->frags, h, same, &k);
    if (f == NULL) {
        f = mem_alloc(c, sizeof *f);
        if (f == NULL) {
            cap_skip(c, in, SKIP_EVICTED);
            return;
        }
        f->e.kind = ENTRY_FRAG;
        f->e.hash = h;
        f->af = in->af;
        memcpy(f->src, in->src, sizeof f->src);
        memcpy(f->dst, in->dst, sizeof f->dst);
        f->id = id;
        f->proto = proto;
        f->first = *in;
        if (table_add(c, &c->frags, &f->e) < 0) {
            mem_free(c, f, sizeof *f);
            cap_skip(c, in, SKIP_EVICTED);
            return;
        }
    }
    entry_touch(c, &f->e, in->frame);
    f->pkts++;
    c->busy = &f->e;
    if (offset + len > f->cap) {
        size_t want = offset + len;
        unsigned char *p;
        want = want < 2048 ? 2048 : want + want / 4;
        if (want > MAX_DATAGRAM)
            want = MAX_DATAGRAM;
        p = mem_realloc(c, f->data, f->cap, want);
        if (p == NULL) {
            c->busy = NULL;
            frag_evict(c, f);
            return;
        }
        f->data = p;
        f->cap = want;
    }
    c->busy = NULL;
    if (offset == 0) {
        f->have_first = 1;
        f->first = *in;
    }
    if (!more && !in->truncated)
        f->total = offset + len;
    if (add_range(f, (uint32_t)offset, (uint32_t)(offset + len)) < 0) {
        frag_expire(c, f);
        return;
    }
    if (len > 0)
        memcpy(f->data + offset, d, len);
    if (f->total && f->nr == 1 && f->r[0].from == 0 && f->r[0].to >= f->total) {
        struct cap_info first = f->first;
        unsigned char *data = f->data;
        size_t total = f->total, cap = f->cap;
        f->data = NULL;
        f->cap = 0;
        release(c, f);
        first.wire_len = 0;
        first.depth = in->depth;
        first.encaps |= in->encaps;
        next_ipproto(c, &first, proto, data, total);
        in->encaps |= first.encaps;
        mem_free(c, data, cap);
    }
}
