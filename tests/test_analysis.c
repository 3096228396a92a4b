/*
 * test_analysis.c - the analysis engine: Wilson interval, windows closed by
 * data time, distinct counting, event continuation across windows, bounds.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "analysis_internal.h"
#include "jamwatch/analysis.h"
#include "jamwatch/geo.h"

typedef struct got {
    jw_cell_row cells[256]; /* cell rows received */
    int ncells;
    int windows;            /* window_closed calls */
    uint64_t event_ids[64]; /* ids of closed events */
    uint32_t event_ntg[64]; /* their n_targets[0] */
    int nevents;
    int ntargets;
    uint64_t target_event; /* event_id of the latest incident */
} got;

static void on_cell(void *u, const jw_cell_row *r)
{
    got *g = u;
    if (g->ncells < 256)
        g->cells[g->ncells++] = *r;
}
static void on_win(void *u, double t0, double t1)
{
    (void)t0, (void)t1;
    ((got *)u)->windows++;
}
static void on_event(void *u, const jw_event_row *r)
{
    got *g = u;
    if (!r->open && g->nevents < 64) {
        g->event_ntg[g->nevents] = r->n_targets[0];
        g->event_ids[g->nevents++] = r->id;
    }
}
static void on_target(void *u, const jw_target_row *r)
{
    ((got *)u)->ntargets++;
    ((got *)u)->target_event = r->event_id;
}

static jw_analysis *open_engine(got *g)
{
    jw_analysis_config c;
    jw_analysis_defaults(&c);
    c.locate = false;
    jw_products_sink s = {.cell = on_cell,
                          .window_closed = on_win,
                          .event = on_event,
                          .target = on_target,
                          .user = g};
    jw_analysis *a;
    cr_assert_eq(jw_analysis_open(&c, &s, &a), JW_OK);
    return a;
}

static jw_evidence ev(double t, double lat, double lon, uint32_t tgt, int kind)
{
    jw_evidence e = {.time = t,
                     .lat = lat,
                     .lon = lon,
                     .alt_m = 10000,
                     .fake_lat = NAN,
                     .fake_lon = NAN,
                     .since = t,
                     .target = tgt,
                     .domain = JW_DOMAIN_AIR,
                     .kind = (uint8_t)kind,
                     .confidence = 0.8f};
    return e;
}

Test(analysis, wilson_interval)
{
    double lo, hi;
    an_wilson(0, 10, &lo, &hi);
    cr_assert_float_eq(lo, 0, 1e-12);
    cr_assert_float_eq(hi, 0.2775, 1e-3); /* the textbook 0/10 upper bound */
    an_wilson(5, 10, &lo, &hi);
    cr_assert_float_eq(lo, 0.2366, 1e-3);
    cr_assert_float_eq(hi, 0.7634, 1e-3);
    an_wilson(0, 0, &lo, &hi);
    cr_assert(lo == 0 && hi == 1);
}

/* A window that is not a finite length from 1 s to JW_WINDOW_MAX_S is
 * refused: an infinite one made every window's start NaN (floor(t/inf)*inf)
 * and the engine ran on without an event. */
Test(analysis, window_length_out_of_range_is_refused)
{
    const double bad[] = {INFINITY, NAN, 0.5, -600, JW_WINDOW_MAX_S * 1.001};
    const double good[] = {1, 600, 86400, JW_WINDOW_MAX_S};
    jw_analysis *a = NULL;
    jw_analysis_config c;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        jw_analysis_defaults(&c);
        c.window_s = bad[i];
        c.lateness_s = 0;
        cr_expect_eq(jw_analysis_open(&c, NULL, &a), JW_EINVAL, "window %g", bad[i]);
    }
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        jw_analysis_defaults(&c);
        c.window_s = good[i];
        c.lateness_s = 0;
        cr_assert_eq(jw_analysis_open(&c, NULL, &a), JW_OK, "window %g", good[i]);
        jw_analysis_close(a);
    }
}

Test(analysis, windows_close_by_data_time_and_count_distinct)
{
    got g = {0};
    jw_analysis *a = open_engine(&g);
    /* one cell, window [0, 600): target 1 good twice, target 2 good then degraded */
    jw_evidence e = ev(10, 50.0, 10.0, 1, JW_EV_GOOD);
    cr_assert_eq(jw_analysis_add(a, &e), JW_OK);
    e.time = 20;
    jw_analysis_add(a, &e);
    e = ev(30, 50.0, 10.0, 2, JW_EV_GOOD);
    jw_analysis_add(a, &e);
    e = ev(40, 50.0, 10.0, 2, JW_EV_DEGRADED);
    jw_analysis_add(a, &e);
    cr_assert_eq(g.windows, 0);
    jw_analysis_advance(a, 659); /* not yet: lateness 60 s */
    cr_assert_eq(g.windows, 0);
    jw_analysis_advance(a, 660);
    cr_assert_eq(g.windows, 1);
    cr_assert_eq(g.ncells, 1);
    cr_assert_eq(g.cells[0].good[0], 1);
    cr_assert_eq(g.cells[0].degraded[0], 1);
    cr_assert_float_eq(g.cells[0].level, 0.5, 1e-12);
    cr_assert_eq(g.cells[0].t0, 0);
    cr_assert_eq(g.cells[0].t1, 600);
    jw_analysis_close(a);
}

Test(analysis, event_continues_across_windows)
{
    got g = {0};
    jw_analysis *a = open_engine(&g);
    for (int w = 0; w < 3; w++)
        for (uint32_t t = 1; t <= 3; t++) {
            jw_evidence e = ev(w * 600 + 100 + t, 50.0 + 0.1 * w, 10.0, t, JW_EV_LOST);
            cr_assert_eq(jw_analysis_add(a, &e), JW_OK);
        }
    /* a second, distant episode */
    jw_evidence far = ev(1300, 30.0, 60.0, 9, JW_EV_LOST);
    jw_analysis_add(a, &far);
    jw_analysis_finish(a);
    cr_assert_eq(g.nevents, 2, "one continued event and one distant one, got %d", g.nevents);
    cr_assert_neq(g.event_ids[0], g.event_ids[1]);
    jw_analysis_close(a);
}

Test(analysis, incidents_close_on_recovery)
{
    got g = {0};
    jw_analysis *a = open_engine(&g);
    jw_evidence e = ev(100, 50, 10, 7, JW_EV_DEGRADED);
    jw_analysis_add(a, &e);
    e = ev(130, 50, 10, 7, JW_EV_LOST);
    jw_analysis_add(a, &e);
    cr_assert_eq(g.ntargets, 0);
    e = ev(200, 50.1, 10, 7, JW_EV_GOOD);
    jw_analysis_add(a, &e);
    /* ended before its event opened (at the close of window [0, 600)): it
     * waits for that close, then carries the event's id */
    cr_assert_eq(g.ntargets, 0);
    jw_analysis_advance(a, 660);
    cr_assert_eq(g.ntargets, 1);
    cr_assert_neq(g.target_event, 0, "the incident belongs to the event its cell opened");
    jw_analysis_close(a);
}

Test(analysis, incident_without_event_still_comes_out)
{
    got g = {0};
    jw_analysis *a = open_engine(&g);
    jw_evidence e = ev(100, 50, 10, 7, JW_EV_DEGRADED);
    e.confidence = 0.4f; /* weak: no alarm, no event */
    jw_analysis_add(a, &e);
    e = ev(200, 50.1, 10, 7, JW_EV_GOOD);
    jw_analysis_add(a, &e);
    cr_assert_eq(jw_analysis_finish(a), JW_OK);
    cr_assert_eq(g.ntargets, 1);
    cr_assert_eq(g.target_event, 0);
    jw_analysis_close(a);
}

Test(analysis, event_counts_distinct_targets)
{
    got g = {0};
    jw_analysis *a = open_engine(&g);
    /* targets 1 and 2 lost in three windows in a row, target 3 in the last:
     * 3 distinct targets, not 7 target-windows */
    for (int w = 0; w < 3; w++)
        for (uint32_t t = 1; t <= (w == 2 ? 3u : 2u); t++) {
            jw_evidence e = ev(w * 600 + 100 + t, 50.0, 10.0 + 0.01 * t, t, JW_EV_LOST);
            cr_assert_eq(jw_analysis_add(a, &e), JW_OK);
        }
    cr_assert_eq(jw_analysis_finish(a), JW_OK);
    cr_assert_eq(g.nevents, 1);
    cr_assert_eq(g.event_ntg[0], 3, "distinct targets: %u", g.event_ntg[0]);
    jw_analysis_close(a);
}

Test(analysis, jammed_then_spoofed_counts_in_both)
{
    got g = {0};
    jw_analysis *a = open_engine(&g);
    /* target 1: degraded from t=10, spoofed from t=200 (jammed, then captured);
     * target 2: degraded only 20 s before its spoofing (a spoofer's dip) */
    jw_evidence e = ev(10, 50, 10, 1, JW_EV_DEGRADED);
    jw_analysis_add(a, &e);
    e = ev(200, 50, 10, 1, JW_EV_SPOOF_JUMP);
    jw_analysis_add(a, &e);
    e = ev(300, 50, 10, 2, JW_EV_DEGRADED);
    jw_analysis_add(a, &e);
    e = ev(320, 50, 10, 2, JW_EV_SPOOF_JUMP);
    jw_analysis_add(a, &e);
    jw_analysis_advance(a, 660);
    cr_assert_eq(g.ncells, 1);
    cr_assert_eq(g.cells[0].spoofed[0], 2);
    cr_assert_eq(g.cells[0].degraded[0], 1, "only the target jammed before capture");
    jw_analysis_close(a);
}

/* Adds a lost (or degraded) episode of tgt at (lat, lon): onset t0, records
 * every 10 s from t0 + 30 (the evidence hold) to t1 - 10, a good fix at t1. */
static void episode(jw_analysis *a, uint32_t tgt, int kind, double lat, double t0, double t1)
{
    for (double t = t0 + 30; t < t1; t += 10) {
        jw_evidence e = ev(t, lat, 10, tgt, kind);
        e.since = t0;
        jw_analysis_add(a, &e);
    }
    jw_evidence e = ev(t1, lat, 10, tgt, JW_EV_GOOD);
    jw_analysis_add(a, &e);
}

Test(analysis, brief_loss_where_spoofer_captures_is_not_jamming)
{
    got g = {0};
    jw_analysis *a = open_engine(&g);
    /* cell A: target 9 spoofed; 1 loses its fix for 70 s (the spoofer's
     * edge: counts good); 4 loses it for 160 s, longer than a reacquisition
     * (jammed); 5 is degraded for 70 s (a jammer's band: jammed). Cell B: 2
     * loses its fix for 70 s with nobody spoofed there (jammed). */
    jw_evidence e = ev(100, 50, 10, 9, JW_EV_SPOOF_JUMP);
    jw_analysis_add(a, &e);
    episode(a, 1, JW_EV_LOST, 50, 100, 170);
    episode(a, 4, JW_EV_LOST, 50, 100, 100 + AN_EDGE_S + 40);
    episode(a, 5, JW_EV_DEGRADED, 50, 100, 170);
    episode(a, 2, JW_EV_LOST, 40, 100, 170);
    jw_analysis_advance(a, 660);
    cr_assert_eq(g.ncells, 2);
    const jw_cell_row *ra = g.cells[0].spoofed[0] ? &g.cells[0] : &g.cells[1];
    const jw_cell_row *rb = g.cells[0].spoofed[0] ? &g.cells[1] : &g.cells[0];
    cr_assert_eq(ra->spoofed[0], 1);
    cr_assert_eq(ra->degraded[0], 2, "targets 4 and 5 jammed");
    cr_assert_eq(ra->good[0], 1, "target 1 at the spoofer's edge counts good");
    cr_assert_eq(rb->degraded[0], 1, "target 2: no spoofer there");
    cr_assert(rb->alarm && ra->alarm);
    jw_analysis_close(a);
}

Test(analysis, memory_is_bounded_by_cells_and_targets)
{
    got g = {0};
    jw_analysis *a = open_engine(&g);
    a->max_entries = 4096;
    for (uint32_t i = 0; i < 20000; i++) {
        jw_evidence e = ev(10 + i * 0.001, -60 + (i % 100), -170 + (i / 100) * 1.5, i, JW_EV_GOOD);
        cr_assert_eq(jw_analysis_add(a, &e), JW_OK);
    }
    cr_assert_leq(a->win[0].cap, 4096);
    cr_assert_gt(a->dropped, 0);
    jw_analysis_close(a);
}

typedef struct em {
    jw_emitter_row rows[8]; /* emitter rows */
    int n;
} em;

static void on_emitter(void *u, const jw_emitter_row *r)
{
    em *e = u;
    if (e->n < 8)
        e->rows[e->n++] = *r;
}

/* Aircraft on a grid around (50, 10), a jammer at (50, jam_lon): lost within
 * reach_km (or degraded only, when lost_kind is JW_EV_DEGRADED), good beyond;
 * with same_ids the three passes are the same aircraft, else new ones. */
static void jam_field_of(jw_analysis *a, int lost_kind, double jam_lon, double reach_km,
                         bool same_ids)
{
    uint32_t id = 1;
    for (int step = 0; step < 3; step++) {
        if (same_ids)
            id = 1;
        for (double dlat = -4; dlat <= 4; dlat += 0.4)
            for (double dlon = -6; dlon <= 6; dlon += 0.6) {
                double lat = 50 + dlat, lon = 10 + dlon, t = 100 + step * 60 + id % 50;
                double d = jw_geo_distance_km(50, jam_lon, lat, lon);
                jw_evidence e = ev(t, lat, lon, id++, d < reach_km ? lost_kind : JW_EV_GOOD);
                e.since = t - 30;
                cr_assert_eq(jw_analysis_add(a, &e), JW_OK);
            }
    }
}

/* The emitter rows of the analysis of jam_field_of(...) (e->n of them). */
static void sources_of(em *e, int lost_kind, double jam_lon, double reach_km, bool same_ids)
{
    jw_analysis_config c;
    jw_analysis_defaults(&c);
    jw_products_sink s = {.emitter = on_emitter, .user = e};
    jw_analysis *a;
    cr_assert_eq(jw_analysis_open(&c, &s, &a), JW_OK);
    jam_field_of(a, lost_kind, jam_lon, reach_km, same_ids);
    cr_assert_eq(jw_analysis_finish(a), JW_OK);
    jw_analysis_close(a);
}

Test(analysis, jamming_event_is_located_from_lost_aircraft)
{
    em e = {0};
    sources_of(&e, JW_EV_LOST, 10, 150, false);
    cr_assert_eq(e.n, 1, "one event, one source; got %d", e.n);
    double err = jw_geo_distance_km(50, 10, e.rows[0].lat, e.rows[0].lon);
    cr_expect_lt(err, 30, "source %.1f km off", err);
    cr_expect_gt(e.rows[0].n_obs, 100);
}

/* Six aircraft, each lost three times, are an event but not a source: a
 * handful of receivers bound nothing but themselves (analysis_emit.c,
 * AN_EMIT_MIN_TARGETS); twelve are. From the jammer at (50, 10.3), 2
 * aircraft are 21 km away, 4 more 49 km, 2 more 64 km and 4 more 78 km. */
Test(analysis, few_lost_aircraft_are_not_located)
{
    em six = {0}, twelve = {0};
    sources_of(&six, JW_EV_LOST, 10.3, 50, true);
    sources_of(&twelve, JW_EV_LOST, 10.3, 85, true);
    cr_expect_eq(six.n, 0, "six aircraft: no source; got %d", six.n);
    cr_expect_eq(twelve.n, 1, "twelve aircraft: one source; got %d", twelve.n);
}

Test(analysis, degraded_only_event_gets_no_source)
{
    em e = {0};
    sources_of(&e, JW_EV_DEGRADED, 10, 150, false);
    cr_expect_eq(e.n, 0);
}

typedef struct loc_in {
    int n, lost_labels, fix_labels; /* observations given to the locator; unaffected band 0 */
    int fix_at_degraded;            /* of those, at a degraded record's place and time */
    float fix_weight;               /* the weight of the last one */
    float deg_weight;               /* the weight of the last affected degraded label */
} loc_in;

static void on_locate_input(void *u, uint64_t event_id, int kind, const jw_locate_obs *obs,
                            size_t n)
{
    (void)event_id, (void)kind;
    loc_in *l = u;
    for (size_t i = 0; i < n; i++) {
        l->n++;
        if (obs[i].affected && obs[i].band == 0)
            l->lost_labels++;
        if (obs[i].affected && obs[i].lat == 51)
            l->deg_weight = obs[i].weight;
        if (obs[i].affected || obs[i].band != 0)
            continue;
        l->fix_labels++, l->fix_weight = obs[i].weight;
        /* degraded records are at lat 51 (below), lost ones at 50 */
        l->fix_at_degraded += obs[i].lat == 51 && fmod(obs[i].time, 1) == 0.5;
    }
}

/*
 * A degraded aircraft that still reports fresh positions has its fix: besides
 * "affected" (inside the band's edge) the locator gets it as "unaffected"
 * against the loss boundary, both with the record's confidence (a fresh
 * position is not dead-reckoned: no ageing). One whose positions have
 * stopped (it may be losing its fix) gets no such label, and its weight ages.
 */
Test(analysis, degraded_with_a_fix_is_not_lost)
{
    for (int fresh = 0; fresh <= 1; fresh++) {
        jw_analysis_config c;
        jw_analysis_defaults(&c);
        loc_in l = {0};
        jw_products_sink s = {.locate_input = on_locate_input, .user = &l};
        jw_analysis *a;
        cr_assert_eq(jw_analysis_open(&c, &s, &a), JW_OK);
        for (uint32_t id = 1; id <= 40; id++) {
            double t = 100 + id * 4;
            jw_evidence lost = ev(t, 50, 10 + 0.05 * id, id, JW_EV_LOST);
            lost.since = t - 30; /* a later record of a loss: band 1, no second label */
            jw_evidence deg = ev(t + 0.5, 51, 10 + 0.05 * id, 100 + id, JW_EV_DEGRADED);
            deg.since = t - 600; /* ten minutes old: ages without a fix */
            deg.fix = (uint8_t)fresh;
            jw_evidence good = ev(t + 1, 53, 10 + 0.05 * id, 200 + id, JW_EV_GOOD);
            cr_assert_eq(jw_analysis_add(a, &lost), JW_OK);
            cr_assert_eq(jw_analysis_add(a, &deg), JW_OK);
            cr_assert_eq(jw_analysis_add(a, &good), JW_OK);
        }
        cr_assert_eq(jw_analysis_finish(a), JW_OK);
        jw_analysis_close(a);
        cr_assert_gt(l.n, 0, "the event reached the locator");
        cr_expect_eq(l.lost_labels, 0);
        if (fresh) {
            cr_expect_eq(l.fix_labels, 40, "one not-lost label per degraded record: %d",
                         l.fix_labels);
            cr_expect_eq(l.fix_at_degraded, 40);
            cr_expect_float_eq(l.fix_weight, 0.8f, 1e-6, "the record's confidence");
            cr_expect_float_eq(l.deg_weight, 0.8f, 1e-6, "not aged: %g", l.deg_weight);
        } else {
            cr_expect_eq(l.fix_labels, 0, "no fresh position, no label: %d", l.fix_labels);
            cr_expect_lt(l.deg_weight, 0.8f * 0.6f, "aged: %g", l.deg_weight);
        }
    }
}
