/*
 * air_evidence_table.c - the aircraft evidence generator's entries (see
 * air_evidence_internal.h): open and close, and the address index that
 * hands an entry to each aircraft, reusing those unheard for an hour so
 * that the entries in use follow the aircraft of the last hour, not the
 * length of the input.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "air_evidence_internal.h"

jw_err jw_air_evidence_open(const jw_air_evidence_config *cfg, jw_evidence_fn fn, void *user,
                            jw_air_evidence **out)
{
    jw_air_evidence *g = calloc(1, sizeof *g);
    if (!g)
        return JW_ENOMEM;
    if (cfg)
        g->cfg = *cfg;
    if (g->cfg.capacity == 0)
        g->cfg.capacity = 16384;
    if (g->cfg.good_every_s <= 0)
        g->cfg.good_every_s = 30;
    if (g->cfg.gap_s <= 0)
        g->cfg.gap_s = 120;
    g->bad_every_s = g->cfg.good_every_s / 3;
    size_t nb = 1;
    while (nb * WAYS < g->cfg.capacity)
        nb <<= 1;
    g->nbuckets = nb;
    g->buckets = calloc(nb, sizeof *g->buckets);
    g->pool = aligned_alloc(_Alignof(ae_ac), nb * WAYS * sizeof *g->pool);
    if (!g->buckets || !g->pool) {
        free(g->buckets);
        free(g->pool);
        free(g);
        return JW_ENOMEM;
    }
    g->fn = fn;
    g->user = user;
    if (!g->cfg.gpsjam && !g->cfg.no_cross) {
        jw_air_cluster_config cc = {.capacity = g->cfg.capacity,
                                    .receivers = g->cfg.receivers,
                                    .nreceivers = g->cfg.nreceivers};
        if (jw_air_cluster_open(&cc, &g->cross) != JW_OK) {
            jw_air_evidence_close(g);
            return JW_ENOMEM;
        }
    }
    g->cfg.receivers = NULL; /* copied by the checks; not kept */
    *out = g;
    return JW_OK;
}

void jw_air_evidence_close(jw_air_evidence *g)
{
    if (!g)
        return;
    jw_air_cluster_close(g->cross);
    free(g->buckets);
    free(g->pool);
    free(g);
}

size_t jw_air_evidence_evicted(const jw_air_evidence *g)
{
    return g->evicted;
}

static void ac_init(ae_ac *ac, uint32_t addr, double t)
{
    memset(ac, 0, sizeof *ac);
    ac->addr = addr;
    ac->last_seen = t;
    ac->last_count = -1e300;
    ac->last_pos = t;
    ac->first_pos = t;
    ac->vel_time = -1;
    ac->alt_time = -1;
    ac->half_time[0] = ac->half_time[1] = -1;
    ac->sc_track = NAN;
    ac->cos_lat_at = 1e9;
    ac->dr_trig.anchor = 1e9;
    ac->last_emit = -1e300;
    ac->fake_lat = ac->fake_lon = NAN;
    ac->spoof_pos = -INFINITY;
}

/* An entry unheard for an hour is retired: the record of its bad state, if
 * any, goes out as jw_air_evidence_finish would send it. */
static void retire(jw_air_evidence *g, ae_ac *ac)
{
    if (ac->state != ST_NORMAL)
        ae_emit_state(g, ac, ac->last_seen);
}

/* An entry for an empty way (1 + its index): a retired one from anywhere in
 * the pool (a few looked at per call, round robin), else a new one, so
 * that the entries in use follow the aircraft of the last hour, not the
 * length of the input. */
static uint32_t take_entry(jw_air_evidence *g, double t)
{
    for (int k = 0; k < 4 && g->npool > 0; k++) {
        uint32_t c = g->hand++ % g->npool;
        ae_ac *ac = &g->pool[c];
        if (t - ac->last_seen <= 3600)
            continue;
        ae_bucket *b = bucket_of(g, ac->addr);
        for (int i = 0; i < WAYS; i++)
            if (b->idx[i] == c + 1)
                b->idx[i] = 0;
        retire(g, ac);
        return c + 1;
    }
    return ++g->npool;
}

/* The entry of addr, created if needed (evicting the bucket's stalest). */
ae_ac *ae_lookup(jw_air_evidence *g, uint32_t addr, double t)
{
    ae_ac *found = find(g, addr);
    if (found)
        return found;
    ae_bucket *b = bucket_of(g, addr);
    int v = -1; /* victim way: empty, else stale, else the stalest */
    const ae_ac *victim = NULL;
    for (int i = 0; i < WAYS; i++) {
        const ae_ac *e = b->idx[i] ? &g->pool[b->idx[i] - 1] : NULL;
        if (!e || t - e->last_seen > 3600) {
            if (v < 0 || victim)
                v = i, victim = e;
        } else if (v < 0 || (victim && e->last_seen < victim->last_seen)) {
            v = i, victim = e;
        }
    }
    if (victim && t - victim->last_seen <= 3600)
        g->evicted++;
    else if (victim)
        retire(g, &g->pool[b->idx[v] - 1]);
    if (!b->idx[v])
        b->idx[v] = take_entry(g, t);
    b->addr[v] = addr;
    ae_ac *ac = &g->pool[b->idx[v] - 1];
    ac_init(ac, addr, t);
    return ac;
}
