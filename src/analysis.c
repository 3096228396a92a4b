/*
 * analysis.c - the engine's core: configuration, windows opened and closed
 * by data time, dispatch of evidence to cells, observation samples and
 * incidents (see analysis.h; the parts are in analysis_*.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_internal.h"
#include "jamwatch/geo.h"

void jw_analysis_defaults(jw_analysis_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->res = 4;
    cfg->window_s = 600;
    cfg->lateness_s = 60;
    cfg->rule = JW_RULE_DEFAULT;
    cfg->alarm_level = 0.0;
    cfg->locate = true;
}

uint64_t an_rand(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1Dull;
}

jw_err jw_analysis_open(const jw_analysis_config *cfg, const jw_products_sink *sink,
                        jw_analysis **out)
{
    if (!cfg || cfg->res < 0 || cfg->res > JW_H3_MAX_RES || !(cfg->window_s >= 1) ||
        !(cfg->window_s <= JW_WINDOW_MAX_S) || !(cfg->lateness_s >= 0) ||
        cfg->lateness_s > 6 * cfg->window_s)
        return JW_EINVAL;
    jw_analysis *a = calloc(1, sizeof *a);
    if (!a)
        return JW_ENOMEM;
    a->cfg = *cfg;
    if (sink)
        a->sink = *sink;
    a->now = -INFINITY;
    a->max_entries = (size_t)1 << 22;
    a->rng = 0x9E3779B97F4A7C15ull;
    jw_err err = an_events_open(&a->events);
    if (err == JW_OK)
        err = an_targets_open(&a->targets);
    if (err != JW_OK) {
        jw_analysis_close(a);
        return err;
    }
    *out = a;
    return JW_OK;
}

static void window_free(an_window *w)
{
    free(w->tab);
    free(w->obs);
    memset(w, 0, sizeof *w);
}

void jw_analysis_close(jw_analysis *a)
{
    if (!a)
        return;
    for (int i = 0; i < a->nwin; i++)
        window_free(&a->win[i]);
    an_events_close(a->events);
    an_targets_close(a->targets);
    free(a);
}

/* Closes the oldest open window: cells, then events. */
static jw_err close_oldest(jw_analysis *a)
{
    an_window *w = &a->win[0];
    jw_cell_row *rows;
    an_cell_extra *extra;
    size_t n;
    jw_err err = an_window_rows(a, w, &rows, &extra, &n);
    if (err != JW_OK)
        return err;
    if (a->sink.cell)
        for (size_t i = 0; i < n; i++)
            a->sink.cell(a->sink.user, &rows[i]);
    if (a->sink.window_closed)
        a->sink.window_closed(a->sink.user, w->t0, w->t1);
    an_events_window(a, rows, extra, n, w);
    an_targets_window(a, w->t1);
    free(rows);
    free(extra);
    window_free(w);
    memmove(&a->win[0], &a->win[1], (size_t)(a->nwin - 1) * sizeof a->win[0]);
    a->nwin--;
    memset(&a->win[a->nwin], 0, sizeof a->win[0]);
    return JW_OK;
}

jw_err jw_analysis_advance(jw_analysis *a, double now)
{
    if (!isfinite(now))
        return JW_EINVAL;
    if (now > a->now)
        a->now = now;
    while (a->nwin > 0 && a->win[0].t1 + a->cfg.lateness_s <= a->now) {
        jw_err err = close_oldest(a);
        if (err != JW_OK)
            return err;
    }
    return JW_OK;
}

/* The open window holding t, opened if needed; NULL when t is too late. */
static an_window *window_for(jw_analysis *a, double t)
{
    double t0 = floor(t / a->cfg.window_s) * a->cfg.window_s;
    for (int i = 0; i < a->nwin; i++)
        if (a->win[i].t0 == t0)
            return &a->win[i];
    if (t0 + a->cfg.window_s + a->cfg.lateness_s <= a->now)
        return NULL; /* its window already closed */
    if (a->nwin == (int)(sizeof a->win / sizeof a->win[0]))
        return NULL;
    int i = a->nwin;
    while (i > 0 && a->win[i - 1].t0 > t0) {
        a->win[i] = a->win[i - 1];
        i--;
    }
    memset(&a->win[i], 0, sizeof a->win[i]);
    a->win[i].t0 = t0;
    a->win[i].t1 = t0 + a->cfg.window_s;
    a->win[i].obs = malloc(AN_WIN_OBS * sizeof *a->win[i].obs);
    a->nwin++;
    return a->win[i].obs ? &a->win[i] : NULL;
}

/* A degraded record with a fresh position (jw_evidence.fix): the receiver
 * has its fix. */
static bool has_fix(const jw_evidence *ev)
{
    return ev->kind == JW_EV_DEGRADED && ev->fix;
}

/* An affected observation says most about the source where the condition
 * began: later ones are dead-reckoned (drift) and may be held by the
 * receiver's own recovery, so their weight decays with the time since onset
 * (half after ~10 min), down to a tenth. One with a fix is not
 * dead-reckoned and does not decay (make eval, docs/locate.md: "A degraded
 * receiver with a fix"). */
static float obs_weight(const jw_evidence *ev, bool bad)
{
    if (!bad || has_fix(ev))
        return ev->confidence;
    double age = fmax(ev->time - ev->since, 0);
    return (float)(ev->confidence * fmax(0.1, exp(-age / 900.0)));
}

/* Which jamming boundary the label is about (locate.h): the loss boundary
 * only for a loss at its onset (its first record, at the last good
 * position); a receiver keeps a lost fix lost through the degradation band
 * and is degraded there when it never lost it, so later losses, degraded
 * and good targets are about the band's outer boundary. */
static bool loss_onset(const jw_evidence *ev)
{
    return ev->kind == JW_EV_LOST && ev->time - ev->since < 30;
}

static uint8_t obs_band(const jw_evidence *ev)
{
    return !loss_onset(ev);
}

/* An aircraft's record of a loss after its onset. */
static bool later_air_loss(const jw_evidence *ev)
{
    return ev->domain == JW_DOMAIN_AIR && ev->kind == JW_EV_LOST && !loss_onset(ev);
}

/*
 * The altitude a label is taken at. An aircraft that has lost its fix stops
 * sending positions, and its altitude may be that of its last position
 * (korea: aircraft that lost their fix on the climb out of Incheon kept
 * 152 m for 25 minutes while flying 250 km away; to the locator a target that
 * low is below the jammers' horizon there, an impossible label, and the fit
 * raised the source height to explain them). So a loss after its onset is
 * taken at the highest altitude the aircraft can have reached since: +20 m/s
 * (a 4,000 ft/min climb), at most 13 km (above cruise). Higher only widens
 * the horizon for an affected label: it can no longer be impossible, and the
 * power boundary (slant distance) hardly moves.
 */
static double obs_alt(const jw_evidence *ev, double t)
{
    double alt = isfinite(ev->alt_m) ? ev->alt_m : 10000;
    if (!later_air_loss(ev))
        return alt;
    return fmax(alt, fmin(alt + 20.0 * (t - ev->since), 13000.0));
}

/*
 * Where and when a label is taken (a study knob, off by default). A receiver
 * that lost its fix keeps it lost for its reacquisition time after the
 * jamming no longer reaches it (seconds to minutes, REFERENCE.md 4; the
 * simulator's receivers 15-120 s), so a loss's records near its end lie
 * beyond the jammer's reach, on the side where the target left: up to 30 km
 * at cruise speed. With every aircraft's true state (tools/locate_profile.py
 * --reacq), that tail is what leaves korea's kaesong and baltic's ship
 * undetermined (docs/locate.md, Limits). A record of a loss that began
 * `since` is as true of any moment since then: built with
 * CPPFLAGS=-DJW_REACQ_S=S, it is taken S seconds earlier (not before the
 * onset), where the target was then (dead-reckoned back along its reported
 * velocity). On the engine's own 2,048-observation samples it did not help
 * (make eval seeds 1-3, measured before air_evidence.c's REF_LOW_S, median /
 * p95 / inside: without 4.26 km / 47.3 / 1.00;
 * S = 45: 4.26 / 41.6 / 0.90; S = 120: 4.26 / 119.6 / 0.81; hold-out seeds
 * 4-6: 6.93 / 46.1 / 0.86, 6.50 / 53.2 / 0.71, 5.11 / 53.7 / 0.89), so the
 * default is 0: no shift.
 */
#ifndef JW_REACQ_S
#define JW_REACQ_S 0.0
#endif

static double obs_place(const jw_evidence *ev, double *lat, double *lon)
{
    *lat = ev->lat, *lon = ev->lon;
    if (!(JW_REACQ_S > 0) || !later_air_loss(ev))
        return ev->time;
    double back = fmin(JW_REACQ_S, ev->time - ev->since);
    if (ev->gs_ms > 0 && ev->gs_ms < 400)
        jw_geo_destination_km(ev->lat, ev->lon, fmod(ev->track_deg + 180.0, 360.0),
                              ev->gs_ms * back / 1000.0, lat, lon);
    return ev->time - back;
}

/* Offers one observation to the window's reservoir. */
static void sample_obs(jw_analysis *a, an_window *w, jw_h3 cell, const jw_evidence *ev)
{
    bool spoof = JW_EV_IS_SPOOF(ev->kind);
    bool bad = spoof || ev->kind == JW_EV_DEGRADED || ev->kind == JW_EV_LOST;
    if (!bad && ev->kind != JW_EV_GOOD)
        return;
    if (bad && ev->confidence < 0.5f)
        return;
    size_t slot = w->nobs;
    w->seen_obs++;
    if (w->nobs == AN_WIN_OBS) {
        uint64_t r = an_rand(&a->rng) % w->seen_obs;
        if (r >= AN_WIN_OBS)
            return;
        slot = (size_t)r;
    } else {
        w->nobs++;
    }
    an_obs *o = &w->obs[slot];
    double lat, lon, t = obs_place(ev, &lat, &lon);
    o->o = (jw_locate_obs){.lat = lat,
                           .lon = lon,
                           .alt_m = obs_alt(ev, t),
                           .time = t,
                           .affected = bad,
                           .weight = obs_weight(ev, bad),
                           .band = obs_band(ev),
                           .target = ev->target};
    o->cell = cell;
    o->kind = spoof ? JW_EVENT_SPOOFING : JW_EVENT_JAMMING;
    o->lost = ev->kind == JW_EV_LOST;
    o->fix = has_fix(ev);
    o->fake_lat = ev->fake_lat;
    o->fake_lon = ev->fake_lon;
}

jw_err jw_analysis_add(jw_analysis *a, const jw_evidence *ev)
{
    if (!isfinite(ev->time) || ev->kind >= JW_EV_KIND_COUNT)
        return JW_EINVAL;
    jw_err err = jw_analysis_advance(a, ev->time);
    if (err != JW_OK)
        return err;
    jw_h3 cell = 0; /* one cell computation for the incidents and the cells */
    if (ev->kind != JW_EV_GAP && jw_h3_from_latlng(ev->lat, ev->lon, a->cfg.res, &cell) != JW_OK)
        cell = 0;
    an_targets_add(a, ev, cell);
    if (!cell)
        return JW_OK; /* a gap, or no place: counted nowhere */
    an_window *w = window_for(a, ev->time);
    if (!w)
        return JW_OK;
    if (a->cfg.locate && a->cfg.rule == JW_RULE_DEFAULT)
        sample_obs(a, w, cell, ev);
    return an_window_add(a, w, cell, ev);
}

jw_err jw_analysis_finish(jw_analysis *a)
{
    while (a->nwin > 0) {
        jw_err err = close_oldest(a);
        if (err != JW_OK)
            return err;
    }
    an_targets_finish(a); /* while the events are open, so incidents find theirs */
    an_events_finish(a);
    return JW_OK;
}
