/* SPDX-License-Identifier: MIT */
/* capture.c - the decoder object: one memory budget for every stage's
 * state, the least-recently-active list that eviction takes from, the
 * hash tables, the counters (see capture.h for the pipeline). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decode.h"

static const char *const skip_names[] = {
#define CAP_SKIP_NAME(e, name, text) name,
    CAP_SKIPS(CAP_SKIP_NAME)
#undef CAP_SKIP_NAME
};
static const char *const skip_texts[] = {
#define CAP_SKIP_TEXT(e, name, text) text,
    CAP_SKIPS(CAP_SKIP_TEXT)
#undef CAP_SKIP_TEXT
};
static const char *const encap_names[] = {
#define CAP_ENCAP_NAME(e, name) name,
    CAP_ENCAPS(CAP_ENCAP_NAME)
#undef CAP_ENCAP_NAME
};
static const char *const transport_names[] = {
#define CAP_TRANSPORT_NAME(e, name) name,
    CAP_TRANSPORTS(CAP_TRANSPORT_NAME)
#undef CAP_TRANSPORT_NAME
};
static const char *const problem_texts[] = {
#define CAP_PROBLEM_TEXT(e, text) text,
    CAP_PROBLEMS(CAP_PROBLEM_TEXT)
#undef CAP_PROBLEM_TEXT
};

const char *cap_skip_name(enum cap_skip s)
{
    return (unsigned)s < SKIP_COUNT ? skip_names[s] : "?";
}

const char *cap_skip_text(enum cap_skip s)
{
    return (unsigned)s < SKIP_COUNT ? skip_texts[s] : "?";
}

const char *cap_encap_name(enum cap_encap e)
{
    return (unsigned)e < ENCAP_COUNT ? encap_names[e] : "?";
}

const char *cap_transport_name(enum cap_transport t)
{
    return (unsigned)t < TRANSPORT_COUNT ? transport_names[t] : "?";
}

const char *cap_problem_text(enum cap_problem p)
{
    return (unsigned)p < PROB_COUNT ? problem_texts[p] : "?";
}

/* ---- the budget ---- */

static void evict(struct capture *c, struct entry *e)
{
    c->evicting++;
    if (e->kind == ENTRY_STREAM) {
        c->n.evicted_streams++;
        stream_evict(c, (struct stream *)e);
    } else {
        c->n.evicted_datagrams++;
        frag_evict(c, (struct frag *)e);
    }
    c->evicting--;
}

/* Room for n more bytes, evicting the oldest entries that are not busy. */
static int room(struct capture *c, size_t n)
{
    while (c->mem + n > c->cfg.max_memory) {
        struct entry *e = c->oldest;
        if (c->evicting)
            return 0; /* what an eviction does never evicts */
        while (e != NULL && e == c->busy)
            e = e->newer;
        if (e == NULL)
            return 0;
        evict(c, e);
    }
    return 1;
}

static void no_memory(struct capture *c)
{
    c->n.problems[PROB_NO_MEMORY]++;
}

/* What an allocation of n bytes costs, with malloc's own word and rounding
 * (glibc: 16-byte chunks, 8 bytes of header): the budget bounds what the
 * process holds, not what it asked for. */
static size_t cost(size_t n)
{
    return n == 0 ? 0 : (n + 8 + 15) & ~(size_t)15;
}

static void account(struct capture *c, size_t add, size_t sub)
{
    add = cost(add);
    sub = cost(sub);
    c->mem = c->mem + add - sub;
    if (c->mem > c->n.memory_peak)
        c->n.memory_peak = c->mem;
}

void *mem_alloc(struct capture *c, size_t n)
{
    void *p;

    if (!room(c, cost(n)) || (p = calloc(1, n)) == NULL) {
        no_memory(c);
        return NULL;
    }
    account(c, n, 0);
    return p;
}

void *mem_realloc(struct capture *c, void *p, size_t old, size_t n)
{
    void *q;

    if (cost(n) > cost(old) && !room(c, cost(n) - cost(old))) {
        no_memory(c);
        return NULL;
    }
    q = realloc(p, n);
    if (q == NULL) {
        no_memory(c);
        return NULL;
    }
    account(c, n, old);
    return q;
}

void mem_free(struct capture *c, void *p, size_t n)
{
    if (p == NULL)
        return;
    free(p);
    account(c, 0, n);
}

/* ---- the activity list ---- */

void entry_unlink(struct capture *c, struct entry *e)
{
    if (e->older)
        e->older->newer = e->newer;
    else if (c->oldest == e)
        c->oldest = e->newer;
    if (e->newer)
        e->newer->older = e->older;
    else if (c->newest == e)
        c->newest = e->older;
    e->older = e->newer = NULL;
}

void entry_touch(struct capture *c, struct entry *e, size_t frame)
{
    e->last_frame = frame;
    if (c->newest == e)
        return;
    entry_unlink(c, e);
    e->older = c->newest;
    if (c->newest)
        c->newest->newer = e;
    c->newest = e;
    if (c->oldest == NULL)
        c->oldest = e;
}

/* Streams and datagrams that have been quiet too long, oldest first: each
 * frame looks only at the oldest ones, so the cost is what expires. */
static void expire(struct capture *c)
{
    while (c->oldest != NULL) {
        struct entry *e = c->oldest;
        size_t idle = e->kind == ENTRY_STREAM ? STREAM_IDLE : FRAG_IDLE;
        if (c->frame - e->last_frame <= idle)
            break;
        if (e->kind == ENTRY_STREAM)
            stream_end(c, (struct stream *)e);
        else
            frag_expire(c, (struct frag *)e);
        /* a quiet datagram never expires a younger entry first: the list
         * is by activity, and FRAG_IDLE < STREAM_IDLE */
        if (c->oldest == e)
            break;
    }
}

/* ---- hash tables ---- */

uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    size_t i;
    for (i = 0; i < n; i++) /* FNV-1a */
        h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

/* The slots after slot 0 form the probe ring [1, nslots). */
static size_t next_slot(const struct table *t, size_t i)
{
    return i + 1 < t->nslots ? i + 1 : 1;
}

static size_t home(const struct table *t, uint64_t hash)
{
    /* FNV's low bits follow its input's low bits closely: mix them all
     * (the finaliser of MurmurHash3) before taking the low ones */
    hash ^= hash >> 33;
    hash *= 0xff51afd7ed558ccdull;
    hash ^= hash >> 33;
    return 1 + (size_t)(hash & (t->nslots - 2));
}

struct entry *table_find(const struct table *t, uint64_t hash,
                         int (*same)(const struct entry *e, const void *key), const void *key)
{
    size_t i;

    if (t->nslots == 0)
        return NULL;
    for (i = home(t, hash); t->slots[i].e != NULL; i = next_slot(t, i))
        if (t->slots[i].hash == hash && same(t->slots[i].e, key))
            return t->slots[i].e;
    return NULL;
}

static void place(struct table *t, struct entry *e)
{
    size_t i = home(t, e->hash);
    while (t->slots[i].e != NULL)
        i = next_slot(t, i);
    t->slots[i].hash = e->hash;
    t->slots[i].e = e;
    e->slot = i;
}

static int table_grow(struct capture *c, struct table *t)
{
    size_t n = t->nslots ? (t->nslots - 1) * 2 + 1 : 257, i, old = t->nslots;
    struct slot *s = mem_alloc(c, n * sizeof *s), *was;

    if (s == NULL)
        return -1;
    /* what the allocation evicted has left the old table already */
    was = t->slots;
    t->slots = s;
    t->nslots = n;
    for (i = 1; i < old; i++)
        if (was[i].e != NULL)
            place(t, was[i].e);
    mem_free(c, was, old * sizeof *was);
    return 0;
}

int table_add(struct capture *c, struct table *t, struct entry *e)
{
    /* half full: grow; past 7/8 with no room to grow: refuse */
    if (t->nslots == 0 || 2 * (t->count + 1) > t->nslots - 1) {
        if (table_grow(c, t) < 0 && (t->nslots == 0 || 8 * (t->count + 1) > 7 * (t->nslots - 1)))
            return -1;
    }
    place(t, e);
    t->count++;
    return 0;
}

void table_remove(struct table *t, struct entry *e)
{
    size_t i = e->slot, j;

    if (i == 0)
        return; /* never added */
    e->slot = 0;
    t->count--;
    /* backward shift: later entries of the run move up into the hole
     * unless their home lies after it */
    for (j = next_slot(t, i); t->slots[j].e != NULL; j = next_slot(t, j)) {
        size_t k = home(t, t->slots[j].hash);
        int stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
        if (stays)
            continue;
        t->slots[i] = t->slots[j];
        t->slots[i].e->slot = i;
        i = j;
    }
    t->slots[i].e = NULL;
    t->slots[i].hash = 0;
}

/* ---- reporting ---- */

void cap_skip(struct capture *c, const struct cap_info *in, enum cap_skip why)
{
    c->n.skips[why]++;
    if (c->cb.skip)
        c->cb.skip(c->ctx, in, why);
}

void cap_response(struct capture *c, const struct cap_info *in, const unsigned char *msg,
                  size_t len, const struct cap_message *m)
{
    if (c->cb.response)
        c->cb.response(c->ctx, in, (const char *)msg, len, m);
}

void cap_short(struct capture *c, const struct cap_info *in)
{
    cap_skip(c, in, in->truncated ? SKIP_TRUNCATED : SKIP_MALFORMED);
}

void cap_problem(struct capture *c, const struct cap_info *in, unsigned *said,
                 enum cap_problem what, const char *detail)
{
    unsigned bit = 1u << what;

    c->n.problems[what]++;
    if (said == NULL)
        said = &c->said[what];
    if (said == &c->said[what] ? *said != 0 : (*said & bit) != 0)
        return;
    *said |= said == &c->said[what] ? 1u : bit;
    if (c->cb.problem)
        c->cb.problem(c->ctx, in, what, detail);
}

void cap_encap(struct cap_info *in, enum cap_encap e)
{
    in->encaps |= 1u << e;
}

int cap_sip_port(const struct capture *c, unsigned port)
{
    size_t i;
    for (i = 0; i < c->cfg.nsip_ports; i++)
        if (c->cfg.sip_ports[i] == port)
            return 1;
    return 0;
}

/* ---- the decoder ---- */

struct capture *capture_new(const struct capture_config *cfg, const struct capture_callbacks *cb,
                            void *ctx)
{
    struct capture *c = calloc(1, sizeof *c);

    if (c == NULL)
        return NULL;
    c->cfg = *cfg;
    if (c->cfg.max_memory == 0)
        c->cfg.max_memory = CAP_DEFAULT_MEMORY;
    c->cb = *cb;
    c->ctx = ctx;
    /* a seed of this run's own, so that flows chosen to collide in one
     * hash chain cannot be chosen in advance */
    c->seed = hash_bytes(0xcbf29ce484222325ull, &c, sizeof c) ^ (uint64_t)time(NULL);
    return c;
}

static void count_encaps(struct capture *c, const struct cap_info *in)
{
    unsigned i;
    for (i = 0; i < ENCAP_COUNT; i++)
        if (in->encaps & (1u << i))
            c->n.encaps[i]++;
}

void capture_frame(struct capture *c, int linktype, size_t frame, int64_t sec, uint32_t nsec,
                   int nano, const unsigned char *d, size_t caplen, size_t wirelen)
{
    struct cap_info in;

    memset(&in, 0, sizeof in);
    in.frame = frame;
    in.sec = sec;
    in.nsec = nsec;
    in.nano = nano;
    in.truncated = caplen < wirelen;
    c->frame = frame;
    c->n.frames++;
    expire(c);
    next_linktype(c, &in, linktype, d, caplen);
    count_encaps(c, &in);
}

void capture_hep(struct capture *c, size_t frame, int64_t sec, uint32_t nsec,
                 const unsigned char *data, size_t len)
{
    struct cap_info in;

    memset(&in, 0, sizeof in);
    in.frame = frame;
    in.sec = sec;
    in.nsec = nsec;
    in.transport = TRANSPORT_HEP;
    c->frame = frame;
    c->n.frames++;
    expire(c);
    hep_packet(c, &in, data, len);
}

void capture_finish(struct capture *c)
{
    while (c->oldest != NULL) {
        struct entry *e = c->oldest;
        if (e->kind == ENTRY_STREAM)
            stream_end(c, (struct stream *)e);
        else
            frag_expire(c, (struct frag *)e);
    }
}

const struct cap_counters *capture_counters(const struct capture *c)
{
    return &c->n;
}

size_t capture_memory(const struct capture *c)
{
    return c->mem;
}

void capture_free(struct capture *c)
{
    if (c == NULL)
        return;
    c->cb.response = NULL; /* nothing is reported from here on */
    c->cb.skip = NULL;
    c->cb.problem = NULL;
    c->evicting++;
    while (c->oldest != NULL) {
        struct entry *e = c->oldest;
        if (e->kind == ENTRY_STREAM)
            stream_evict(c, (struct stream *)e);
        else
            frag_evict(c, (struct frag *)e);
    }
    mem_free(c, c->streams.slots, c->streams.nslots * sizeof *c->streams.slots);
    mem_free(c, c->frags.slots, c->frags.nslots * sizeof *c->frags.slots);
    free(c);
}
