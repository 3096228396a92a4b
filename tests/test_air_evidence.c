/*
 * test_air_evidence.c - the aircraft evidence generator's persistence: one
 * low-integrity message, one stray position or a short silence gives no
 * evidence; the same condition held long enough does, with its onset (and
 * the velocity the aircraft reports).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "jamwatch/air_evidence.h"
#include "jamwatch/geo.h"

typedef struct rec {
    int n[JW_EV_KIND_COUNT]; /* records per kind */
    int fix_n, nofix_n;      /* degraded records with and without a fresh fix */
    double last_fix;         /* time of the latest degraded record with one */
    double since[JW_EV_KIND_COUNT];
    float gs_ms[JW_EV_KIND_COUNT], track[JW_EV_KIND_COUNT]; /* the first record's velocity */
} rec;

static void on_ev(void *u, const jw_evidence *ev)
{
    rec *r = u;
    if (ev->kind == JW_EV_DEGRADED && ev->fix)
        r->fix_n++, r->last_fix = ev->time;
    else if (ev->kind == JW_EV_DEGRADED)
        r->nofix_n++;
    cr_expect(ev->kind == JW_EV_DEGRADED || !ev->fix, "only degraded records have a fix flag");
    if (r->n[ev->kind]++ == 0) {
        r->since[ev->kind] = ev->since;
        r->gs_ms[ev->kind] = ev->gs_ms, r->track[ev->kind] = ev->track_deg;
    }
}

/* A positioned message as the aircraft table leaves it. */
static jw_msg pos(double t, double lat, double lon, int nacp)
{
    jw_msg m;
    memset(&m, 0, sizeof m);
    m.time = t, m.addr = 0xABCDEF, m.df = 17, m.tc = 11;
    m.lat = lat, m.lon = lon, m.alt_baro = 35000, m.nacp = (uint8_t)nacp, m.nic = 8;
    m.cpr_lat = (uint32_t)(t * 10), m.cpr_lon = (uint32_t)(t * 10);
    JW_SET(&m, JW_F_POS), JW_SET(&m, JW_F_CPR), JW_SET(&m, JW_F_ALT_BARO);
    JW_SET(&m, JW_F_NACP), JW_SET(&m, JW_F_NIC);
    return m;
}

static jw_msg vel(double t, double gs)
{
    jw_msg m;
    memset(&m, 0, sizeof m);
    m.time = t, m.addr = 0xABCDEF, m.df = 17, m.tc = 19, m.vel.gs = gs, m.vel.track = 90;
    JW_SET(&m, JW_F_GS), JW_SET(&m, JW_F_TRACK);
    return m;
}

static jw_aircraft ac_of(void)
{
    jw_aircraft a;
    memset(&a, 0, sizeof a);
    a.addr = 0xABCDEF;
    a.cpr[0].time = a.cpr[1].time = -1;
    return a;
}

/* Flies east at 450 kt from t0 to t1, velocities every 0.5 s, positions
 * every 0.5 s until pos_to; NACp 3 from nacp_low_from to nacp_low_to, else 9. */
static void fly_until(jw_air_evidence *g, double t0, double t1, double nacp_low_from,
                      double nacp_low_to, double pos_to)
{
    jw_aircraft a = ac_of();
    for (double t = t0; t < t1; t += 0.5) {
        double lon = 10 + 450 * 0.514444 * t / 1000 / 71.7;
        int nacp = t >= nacp_low_from && t < nacp_low_to ? 3 : 9;
        jw_msg v = vel(t + 0.25, 450);
        jw_msg p = pos(t, 50, lon, nacp);
        jw_air_evidence_feed(g, &v, &a);
        if (t < pos_to)
            jw_air_evidence_feed(g, &p, &a);
    }
}

static void fly(jw_air_evidence *g, double t0, double t1, double nacp_low_from, double nacp_low_to)
{
    fly_until(g, t0, t1, nacp_low_from, nacp_low_to, t1);
}

Test(air_evidence, one_bad_message_is_no_evidence)
{
    rec r = {0};
    jw_air_evidence *g;
    cr_assert_eq(jw_air_evidence_open(NULL, on_ev, &r, &g), JW_OK);
    fly(g, 0, 120, 60, 60.5); /* one message with NACp 3 */
    cr_assert_eq(r.n[JW_EV_DEGRADED], 0);
    cr_assert_gt(r.n[JW_EV_GOOD], 0);
    jw_air_evidence_close(g);
}

Test(air_evidence, persistent_low_integrity_is_degraded_with_onset)
{
    rec r = {0};
    jw_air_evidence *g;
    cr_assert_eq(jw_air_evidence_open(NULL, on_ev, &r, &g), JW_OK);
    fly(g, 0, 200, 60, 120);
    cr_assert_gt(r.n[JW_EV_DEGRADED], 0);
    cr_assert_float_eq(r.since[JW_EV_DEGRADED], 60, 0.01);
    cr_expect_float_eq(r.gs_ms[JW_EV_DEGRADED], 450 * 0.514444, 0.01); /* the reported velocity */
    cr_expect_float_eq(r.track[JW_EV_DEGRADED], 90, 0.01);
    jw_air_evidence_close(g);
}

/* Degraded with positions every 0.5 s: the receiver has its fix. When its
 * positions stop while velocities keep coming, it may be losing it: the
 * degraded records until the loss is declared (20 s) say no fix. */
Test(air_evidence, degraded_records_say_whether_the_fix_is_fresh)
{
    rec r = {0};
    jw_air_evidence *g;
    cr_assert_eq(jw_air_evidence_open(NULL, on_ev, &r, &g), JW_OK);
    fly_until(g, 0, 200, 60, 200, 150);
    cr_expect_gt(r.fix_n, 3, "degraded with fresh positions: %d", r.fix_n);
    cr_expect_lt(r.last_fix, 150 + 5 + 0.01, "no fix claimed after the positions stopped");
    cr_expect_gt(r.nofix_n, 0, "degraded records after the positions stopped");
    cr_expect_gt(r.n[JW_EV_LOST], 0);
    jw_air_evidence_close(g);
}

Test(air_evidence, position_jump_is_spoofing_a_stray_one_is_not)
{
    rec r = {0};
    jw_air_evidence *g;
    cr_assert_eq(jw_air_evidence_open(NULL, on_ev, &r, &g), JW_OK);
    jw_aircraft a = ac_of();
    for (double t = 0; t < 60; t += 0.5) {
        jw_msg p = pos(t, 50, 10 + 0.00323 * t, 9), v = vel(t + 0.25, 450);
        if (t == 30)
            p.lat = 51; /* one stray position 111 km away */
        jw_air_evidence_feed(g, &v, &a);
        jw_air_evidence_feed(g, &p, &a);
    }
    cr_assert_eq(r.n[JW_EV_SPOOF_JUMP], 0);
    for (double t = 60; t < 90; t += 0.5) { /* the reported track moves 150 km north */
        jw_msg p = pos(t, 51.35, 10 + 0.00323 * t, 9), v = vel(t + 0.25, 450);
        jw_air_evidence_feed(g, &v, &a);
        jw_air_evidence_feed(g, &p, &a);
    }
    cr_assert_gt(r.n[JW_EV_SPOOF_JUMP], 0);
    cr_assert_float_eq(r.since[JW_EV_SPOOF_JUMP], 60, 0.01);
    jw_air_evidence_close(g);
}

/* Where the first spoofing record put the aircraft. */
static void on_first_spoof(void *u, const jw_evidence *ev)
{
    double *at = u;
    if (JW_EV_IS_SPOOF(ev->kind) && !isfinite(at[0]))
        at[0] = ev->lat, at[1] = ev->lon;
}

/* A transponder that reports NACp 3 after its first 10 s (east, NACp 9) flies
 * north for 10 minutes; then its reported track jumps 150 km north, with
 * NACp 9. Its low-integrity positions were consistent, so the spoofing record
 * is dead-reckoned from the latest of them (the truth: 51.25 N 10.03 E), not
 * from the fix of its first seconds along its first track (50.0 N 12.0 E). */
Test(air_evidence, low_integrity_positions_keep_the_reference_fresh)
{
    double at[2] = {NAN, NAN};
    jw_air_evidence *g;
    cr_assert_eq(jw_air_evidence_open(NULL, on_first_spoof, at, &g), JW_OK);
    jw_aircraft a = ac_of();
    for (double t = 0; t < 700; t += 0.5) {
        bool east = t < 10;
        double lat = east ? 50 : 50 + 0.002082 * (t - 10), lon = 10 + 0.00323 * (east ? t : 10);
        jw_msg p = pos(t, t >= 610 ? lat + 1.35 : lat, lon, east || t >= 610 ? 9 : 3);
        jw_msg v = vel(t + 0.25, 450);
        v.vel.track = east ? 90 : 0;
        jw_air_evidence_feed(g, &v, &a);
        jw_air_evidence_feed(g, &p, &a);
    }
    cr_assert(isfinite(at[0]), "spoofing recorded");
    double err = jw_geo_distance_km(at[0], at[1], 51.25, 10.03);
    cr_expect_lt(err, 20, "spoofing record at %.3f %.3f, %.1f km from the truth", at[0], at[1],
                 err);
    jw_air_evidence_close(g);
}

/* Keeps the easternmost longitude of spoofing records. */
static void on_spoof_lon(void *u, const jw_evidence *ev)
{
    double *east = u;
    if (JW_EV_IS_SPOOF(ev->kind) && ev->lon > *east)
        *east = ev->lon;
}

/* Spoofed from t = 60 (the reported track jumps 150 km north) to 120, when
 * it leaves the reach: no fix for a 40 s recovery delay (velocities only),
 * then true positions again. The spoofing records must stay where the
 * aircraft was while it reported the fake track, not be dead reckoned
 * through the silence and the jump back's pending release (t = 171, 1.2 km
 * further east than allowed; the few seconds until the jump back is
 * confirmed, t = 160-163, still count as captured). */
Test(air_evidence, spoofing_records_end_where_the_capture_ended)
{
    double east = -INFINITY;
    jw_air_evidence *g;
    cr_assert_eq(jw_air_evidence_open(NULL, on_spoof_lon, &east, &g), JW_OK);
    jw_aircraft a = ac_of();
    for (double t = 0; t < 240; t += 0.5) {
        double lat = t >= 60 && t < 120 ? 51.35 : 50;
        jw_msg p = pos(t, lat, 10 + 0.00323 * t, 9), v = vel(t + 0.25, 450);
        jw_air_evidence_feed(g, &v, &a);
        if (t < 120 || t >= 160)
            jw_air_evidence_feed(g, &p, &a);
    }
    cr_assert(isfinite(east), "spoofing recorded");
    cr_assert_lt(east, 10 + 0.00323 * 163, "easternmost spoofing record at %.4f E", east);
    jw_air_evidence_close(g);
}

Test(air_evidence, bounded_table_evicts)
{
    rec r = {0};
    jw_air_evidence_config c = {.capacity = 64};
    jw_air_evidence *g;
    cr_assert_eq(jw_air_evidence_open(&c, on_ev, &r, &g), JW_OK);
    for (uint32_t i = 0; i < 10000; i++) {
        jw_msg v = vel(i * 0.01, 400);
        v.addr = i;
        jw_air_evidence_feed(g, &v, NULL);
    }
    cr_assert_gt(jw_air_evidence_evicted(g), 0);
    jw_air_evidence_close(g);
}

/* An aircraft that left while degraded and stays unheard for over an hour
 * is retired when another needs an entry: its bad state's last record goes
 * out then, once (not again at finish), and the newcomer starts afresh. */
Test(air_evidence, stale_aircraft_is_retired_once)
{
    rec r = {0};
    jw_air_evidence *g;
    cr_assert_eq(jw_air_evidence_open(NULL, on_ev, &r, &g), JW_OK);
    fly(g, 0, 120, 30, 1e9); /* degraded from 30 s until it leaves at 120 s */
    int before = r.n[JW_EV_DEGRADED];
    cr_assert_gt(before, 0);
    jw_msg v = vel(120 + 4000, 400);
    v.addr = 0x123456;
    jw_air_evidence_feed(g, &v, NULL);
    cr_assert_eq(r.n[JW_EV_DEGRADED], before + 1);
    jw_air_evidence_finish(g);
    cr_assert_eq(r.n[JW_EV_DEGRADED], before + 1);
    jw_air_evidence_close(g);
}
