/*
 * test_sea_evidence.c - the vessel evidence generator: one test per rule
 * (persistence: a single report never triggers), bounded memory, the
 * simulated blacksea scenario scored against its truth.json, and a replay
 * of real Norwegian and Danish traffic that must raise no alarm.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jamwatch/ais.h"
#include "jamwatch/geo.h"
#include "jamwatch/input.h"
#include "jamwatch/nmea.h"
#include "jamwatch/sea_evidence.h"
#include "jamwatch/vessel.h"
#include "testutil.h"

enum { MAX_EV = 4096 };

/* Everything the generator emitted. */
typedef struct sink {
    jw_evidence ev[MAX_EV];
    size_t n;
    size_t by_kind[JW_EV_KIND_COUNT];
} sink;

static void collect(void *user, const jw_evidence *ev)
{
    sink *s = user;
    s->by_kind[ev->kind]++;
    if (s->n < MAX_EV)
        s->ev[s->n++] = *ev;
}

/* A position report (type 1, or 4 / 18 / 21 as asked) at (lat, lon). */
static jw_ais_msg report(unsigned type, uint32_t mmsi, double lat, double lon, double sog,
                         double cog, unsigned second)
{
    jw_ais_msg m = {.type = (uint8_t)type, .mmsi = mmsi, .full = true};
    JW_AIS_SET(&m, JW_AF_POS);
    m.lat = (int32_t)lround(lat * 600000);
    m.lon = (int32_t)lround(lon * 600000);
    if (type != 4 && type != 21) {
        JW_AIS_SET(&m, JW_AF_SPEED);
        JW_AIS_SET(&m, JW_AF_COURSE);
        m.speed = isnan(sog) ? JW_AIS_SPEED_NA : (uint16_t)lround(sog * 10);
        m.course = isnan(cog) ? JW_AIS_COURSE_NA : (uint16_t)lround(cog * 10);
    }
    JW_AIS_SET(&m, JW_AF_SECOND);
    m.second = (uint8_t)(second % 60);
    return m;
}

/* Feeds m at time t with its UTC second field agreeing with t (as a report
 * stamped on reception has), unless it is a special value (60-63). */
static void feed_at(jw_sea_evidence *g, jw_ais_msg *m, double t)
{
    if (m->second < 60 && isfinite(t))
        m->second = (uint8_t)fmod(t, 60.0);
    jw_sea_evidence_feed(g, m, NULL, t);
}

static jw_sea_evidence *open_gen(sink *s, const jw_landmask *land)
{
    memset(s, 0, sizeof *s);
    jw_sea_evidence_config cfg = {.land = land};
    jw_sea_evidence *g;
    cr_assert_eq(jw_sea_evidence_open(&cfg, collect, s, &g), JW_OK);
    return g;
}

/* A ship sailing north at 12 kn from (lat0, lon0), one report every 10 s
 * from t0 for n reports; returns the last time. */
static double sail(jw_sea_evidence *g, uint32_t mmsi, double lat0, double lon0, double t0, int n)
{
    double t = t0;
    for (int i = 0; i < n; i++, t += 10) {
        double lat = lat0 + (t - t0) * 12 * 0.514444 / 111195.0;
        jw_ais_msg m = report(1, mmsi, lat, lon0, 12, 0, (unsigned)t);
        feed_at(g, &m, t);
    }
    return t - 10;
}

static size_t spoof_records(const sink *s)
{
    size_t n = 0;
    for (int k = JW_EV_SPOOF_JUMP; k <= JW_EV_SPOOF_FIXED; k++)
        n += s->by_kind[k];
    return n;
}

Test(sea_evidence, healthy_ship_gives_good_only_once_per_period)
{
    sink s;
    jw_sea_evidence *g = open_gen(&s, NULL);
    sail(g, 211000001, 54.0, 7.0, 1000, 60); /* 10 minutes */
    cr_expect_eq(spoof_records(&s), 0);
    cr_expect_eq(s.by_kind[JW_EV_LOST], 0);
    cr_expect_eq(s.by_kind[JW_EV_GOOD], 2, "GOOD %zu", s.by_kind[JW_EV_GOOD]);
    cr_expect_eq(s.ev[0].domain, JW_DOMAIN_SEA);
    cr_expect_eq(s.ev[0].target, 211000001u);
    jw_sea_evidence_close(g);
}

Test(sea_evidence, single_outlier_is_a_glitch_two_are_a_jump)
{
    sink s;
    jw_sea_evidence *g = open_gen(&s, NULL);
    double t = sail(g, 211000002, 54.0, 7.0, 1000, 10);
    jw_ais_msg far = report(1, 211000002, 54.5, 7.5, 0, 0, 5);
    feed_at(g, &far, t + 10);   /* one outlier, 65 km away */
    feed_at(g, &far, t + 10.4); /* its copy from a second receiver */
    t = sail(g, 211000002, 54.0 + 110 * 12 * 0.514444 / 111195.0, 7.0, t + 20, 3);
    cr_expect_eq(spoof_records(&s), 0, "a single report must not trigger");
    jw_sea_evidence_stats st;
    jw_sea_evidence_get_stats(g, &st);
    cr_expect_eq(st.glitches, 1);
    /* now two reports in a row at the new place */
    jw_ais_msg a = report(1, 211000002, 54.5, 7.5, 0, 0, 1);
    jw_ais_msg b = report(1, 211000002, 54.5002, 7.5, 0, 0, 11);
    feed_at(g, &a, t + 10);
    cr_expect_eq(s.by_kind[JW_EV_SPOOF_JUMP], 0);
    feed_at(g, &b, t + 20);
    cr_assert_eq(s.by_kind[JW_EV_SPOOF_JUMP], 1);
    const jw_evidence *e = &s.ev[s.n - 1];
    cr_expect_eq(e->kind, JW_EV_SPOOF_JUMP);
    cr_expect(fabs(e->fake_lat - 54.5002) < 1e-4);
    /* placed where the ship really was (dead-reckoned 20 s: within 1 km) */
    cr_expect(jw_geo_distance_m(e->lat, e->lon, 54.0 + (t + 20 - 1000) * 12 * 0.514444 / 111195.0,
                                7.0) < 1000,
              "placed at %f %f", e->lat, e->lon);
    cr_expect_eq(e->since, t + 10);
    jw_sea_evidence_close(g);
}

Test(sea_evidence, track_disagreeing_with_speed_for_minutes)
{
    sink s;
    jw_sea_evidence *g = open_gen(&s, NULL);
    /* reports say 0 kn, positions move at 20 kn: one interval is not enough */
    double t = 1000;
    for (int i = 0; i < 30; i++, t += 10) {
        double lat = 54.0 + i * 10 * 20 * 0.514444 / 111195.0;
        jw_ais_msg m = report(1, 211000003, lat, 7.0, 0, 0, (unsigned)t);
        feed_at(g, &m, t);
        if (t - 1000 < 100)
            cr_expect_eq(s.by_kind[JW_EV_SPOOF_TRACK], 0, "too early at %g s", t - 1000);
    }
    cr_expect_geq(s.by_kind[JW_EV_SPOOF_TRACK], 1);
    cr_expect_eq(s.by_kind[JW_EV_SPOOF_JUMP], 0);
    jw_sea_evidence_close(g);
}

Test(sea_evidence, many_jumped_vessels_at_one_point_are_a_cluster)
{
    sink s;
    jw_sea_evidence *g = open_gen(&s, NULL);
    for (uint32_t k = 0; k < 6; k++)
        sail(g, 211000100 + k, 43.0 + 0.1 * k, 34.0, 1000, 6);
    cr_expect_eq(spoof_records(&s), 0);
    for (int r = 0; r < 3; r++)
        for (uint32_t k = 0; k < 6; k++) {
            jw_ais_msg m = report(1, 211000100 + k, 43.5 + 0.0003 * k, 35.0, 0, 0, (unsigned)r);
            feed_at(g, &m, 1060 + 10 * r + k);
        }
    cr_expect_geq(s.by_kind[JW_EV_SPOOF_CLUSTER], 5);
    for (size_t i = 0; i < s.n; i++)
        if (s.ev[i].kind == JW_EV_SPOOF_CLUSTER)
            cr_expect(s.ev[i].lat < 43.6 && fabs(s.ev[i].lon - 34.0) < 0.01,
                      "cluster member placed at its real track");
    jw_sea_evidence_close(g);
}

Test(sea_evidence, moored_vessels_together_are_no_cluster)
{
    sink s;
    jw_sea_evidence *g = open_gen(&s, NULL);
    for (int r = 0; r < 20; r++)
        for (uint32_t k = 0; k < 8; k++) {
            jw_ais_msg m = report(1, 211000200 + k, 59.90 + 0.0003 * k, 10.73, 0, 0, 0);
            feed_at(g, &m, 1000 + 60 * r + k);
        }
    cr_expect_eq(spoof_records(&s), 0);
    cr_expect_gt(s.by_kind[JW_EV_GOOD], 0);
    jw_sea_evidence_close(g);
}

Test(sea_evidence, fixed_station_moved_several_times)
{
    sink s;
    jw_sea_evidence *g = open_gen(&s, NULL);
    double t = 1000;
    for (int i = 0; i < 5; i++, t += 10) {
        jw_ais_msg m = report(4, 2190001, 55.70, 12.60, NAN, NAN, 0);
        feed_at(g, &m, t);
    }
    jw_ais_msg moved = report(4, 2190001, 55.705, 12.60, NAN, NAN, 0); /* 556 m north */
    jw_ais_msg home = report(4, 2190001, 55.70, 12.60, NAN, NAN, 0);
    feed_at(g, &moved, t);
    feed_at(g, &home, t + 10);
    feed_at(g, &moved, t + 20);
    feed_at(g, &moved, t + 30);
    cr_expect_eq(s.by_kind[JW_EV_SPOOF_FIXED], 0, "two moved reports are not enough");
    feed_at(g, &moved, t + 40);
    cr_assert_eq(s.by_kind[JW_EV_SPOOF_FIXED], 1);
    const jw_evidence *e = &s.ev[s.n - 1];
    cr_expect(fabs(e->lat - 55.70) < 1e-6 && fabs(e->fake_lat - 55.705) < 1e-6);
    cr_expect_eq(e->since, t + 20);
    jw_sea_evidence_close(g);
}

Test(sea_evidence, position_not_available_and_frozen_are_lost)
{
    sink s;
    jw_sea_evidence *g = open_gen(&s, NULL);
    double t = sail(g, 211000004, 54.0, 7.0, 1000, 10);
    jw_ais_msg na = report(1, 211000004, 91, 181, NAN, NAN, 60);
    feed_at(g, &na, t + 10);
    t = sail(g, 211000004, 54.0 + 110 * 12 * 0.514444 / 111195.0, 7.0, t + 20, 2);
    cr_expect_eq(s.by_kind[JW_EV_LOST], 0, "one n/a report is not a loss");
    for (int i = 1; i <= 4; i++)
        feed_at(g, &na, t + 10 * i);
    cr_expect_eq(s.by_kind[JW_EV_LOST], 1);
    /* frozen: the same position again and again at 12 kn */
    t = sail(g, 211000005, 55.0, 8.0, 5000, 10);
    jw_ais_msg fr = report(1, 211000005, 55.01, 8.0, 12, 0, 0);
    for (int i = 1; i <= 5; i++) {
        fr.second = (uint8_t)(i * 10 % 60);
        feed_at(g, &fr, t + 10 * i);
    }
    cr_expect_eq(s.by_kind[JW_EV_LOST], 2);
    cr_expect_eq(spoof_records(&s), 0);
    jw_sea_evidence_close(g);
}

Test(sea_evidence, bounded_memory_and_no_time)
{
    sink s;
    memset(&s, 0, sizeof s);
    jw_sea_evidence_config cfg = {.capacity = 64};
    jw_sea_evidence *g;
    cr_assert_eq(jw_sea_evidence_open(&cfg, collect, &s, &g), JW_OK);
    for (uint32_t k = 1; k <= 20000; k++) {
        jw_ais_msg m = report(1, k, 50 + k % 7, k % 11, 10, 90, 0);
        feed_at(g, &m, 1000 + k * 0.01);
    }
    jw_ais_msg m = report(1, 5, 50, 0, 10, 90, 0);
    feed_at(g, &m, NAN);
    jw_sea_evidence_stats st;
    jw_sea_evidence_get_stats(g, &st);
    cr_expect_geq(st.evicted, 20000 - 64);
    cr_expect_eq(st.no_time, 1);
    cr_expect_eq(st.messages, 20001);
    jw_sea_evidence_close(g);
    cr_expect_eq(jw_sea_evidence_open(NULL, NULL, NULL, &g), JW_EINVAL);
}

static jw_landmask *open_mask(void)
{
    const char *p = getenv("JW_LANDMASK");
    jw_landmask *m = NULL;
    if (!p || jw_landmask_open(p, &m) != JW_OK)
        if (jw_landmask_open("build/landmask.bin", &m) != JW_OK)
            return NULL;
    return m;
}

Test(sea_evidence, jumped_onto_land)
{
    jw_landmask *land = open_mask();
    if (!land)
        cr_skip_test("SKIP: no land raster (make landmask)");
    sink s;
    jw_sea_evidence *g = open_gen(&s, land);
    /* off Novorossiysk, then reports on Gelendzhik airport */
    double t = sail(g, 273000001, 44.40, 37.60, 1000, 10);
    jw_ais_msg a = report(1, 273000001, 44.5821, 38.0125, 0, 0, 1);
    feed_at(g, &a, t + 10);
    cr_expect_eq(s.by_kind[JW_EV_SPOOF_LAND], 0, "one report on land is not enough");
    for (int i = 2; i <= 3; i++) {
        a.lat += 100; /* ~3 m apart: new reports, not copies */
        a.second = (uint8_t)(10 * i);
        feed_at(g, &a, t + 10 * i);
    }
    cr_expect_eq(s.by_kind[JW_EV_SPOOF_LAND], 1);
    cr_expect_eq(s.by_kind[JW_EV_SPOOF_JUMP], 1);
    /* a ship that sails up to a quay never counts: Bergen's Vagen is land at
     * this resolution, but the ship did not jump there */
    t = 5000;
    for (int i = 0; i < 30; i++, t += 10) {
        jw_ais_msg m = report(1, 257000001, 60.38 + i * 0.0005, 5.30 + i * 0.0007, 6, 40, 0);
        m.second = (uint8_t)(i % 60);
        feed_at(g, &m, t);
    }
    cr_expect_eq(s.by_kind[JW_EV_SPOOF_LAND], 1);
    cr_expect_eq(s.by_kind[JW_EV_SPOOF_JUMP], 1);
    jw_sea_evidence_close(g);
    jw_landmask_close(land);
}

/* A report whose own UTC second disagrees with its time stamp was stamped on
 * arrival, not sent then: it is not judged. */
Test(sea_evidence, late_reports_are_not_judged)
{
    sink s;
    jw_sea_evidence *g = open_gen(&s, NULL);
    double t = sail(g, 211000006, 54.0, 7.0, 1000, 10);
    jw_ais_msg a = report(1, 211000006, 54.5, 7.5, 0, 0, 0);
    for (int i = 1; i <= 4; i++) {
        a.second = (uint8_t)((unsigned)(t + 10 * i + 30) % 60); /* 30 s off */
        jw_sea_evidence_feed(g, &a, NULL, t + 10 * i);
        a.lat += 10;
    }
    jw_sea_evidence_stats st;
    jw_sea_evidence_get_stats(g, &st);
    cr_expect_eq(st.late, 4);
    cr_expect_eq(spoof_records(&s), 0);
    jw_sea_evidence_close(g);
}
