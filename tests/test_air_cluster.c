/*
 * test_air_cluster.c - cross-aircraft spoofing evidence (air_cluster.h,
 * air_los.h) with synthetic positions, and through the evidence generator:
 * several aircraft reported at one point at different altitudes for 20 s is
 * spoofing, a moment of it (crossing traffic) or a formation is not; a
 * position beyond every receiver's radio horizon is spoofing, one inside
 * is not; findings end after 30 s of fresh positions without the condition.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/air_cluster.h"
#include "jamwatch/air_evidence.h"
#include "jamwatch/air_los.h"
#include "jamwatch/geo.h"
#include "jamwatch/sim_physics.h"
#include "testutil.h"

Test(air_los, horizon_matches_the_reference_formula)
{
    /* 4.12 (sqrt(100) + sqrt(10000)) = 4.12 * 110 */
    cr_assert_float_eq(jw_radio_horizon_km(100, 10000), 453.2, 1e-9);
    cr_assert_float_eq(jw_radio_horizon_km(-5, 0), 0, 1e-12);
    jw_receiver rx = {50, 10, 100};
    /* FL350 (10,668 m): horizon 4.12 (10 + 103.3) = 466.7 km */
    double lat, lon;
    jw_geo_destination_km(50, 10, 90, 450, &lat, &lon);
    cr_assert(jw_los_heard_possible(&rx, 1, lat, lon, 10668, 1.0, 0));
    jw_geo_destination_km(50, 10, 90, 480, &lat, &lon);
    cr_assert_not(jw_los_heard_possible(&rx, 1, lat, lon, 10668, 1.0, 0));
    cr_assert(jw_los_heard_possible(&rx, 1, lat, lon, 10668, 1.0, 20), "slack");
    cr_assert(jw_los_heard_possible(NULL, 0, lat, lon, 10668, 1.0, 0), "no receivers known");
}

Test(air_los, receiver_parse)
{
    jw_receiver r;
    cr_assert_eq(jw_receiver_parse("34.9,33.62,40", &r), 0);
    cr_assert_float_eq(r.lat, 34.9, 1e-12);
    cr_assert_float_eq(r.lon, 33.62, 1e-12);
    cr_assert_float_eq(r.height_m, 40, 1e-12);
    cr_assert_eq(jw_receiver_parse("-33.9,151.2", &r), 0);
    cr_assert_float_eq(r.height_m, 10, 1e-12);
    cr_assert_eq(jw_receiver_parse("91,0", &r), -1);
    cr_assert_eq(jw_receiver_parse("1,2,x", &r), -1);
    cr_assert_eq(jw_receiver_parse("1;2", &r), -1);
    cr_assert_eq(jw_receiver_parse("1,2,-4", &r), -1);
}

Test(air_los, receivers_json)
{
    jw_receiver rx[3];
    size_t n = 99, bad = 0;
    static const char arr[] = "[{\"lat\": 34.9, \"lon\": 33.62, \"height_m\": 40},"
                              " {\"lat\": -33.9, \"lon\": 151.2, \"name\": \"x\"}]";
    cr_assert_eq(jw_receivers_json(arr, strlen(arr), rx, 3, &n, &bad), JW_OK);
    cr_assert_eq(n, 2);
    cr_expect_eq(bad, SIZE_MAX);
    cr_expect_float_eq(rx[0].height_m, 40, 1e-12);
    cr_expect_float_eq(rx[1].lon, 151.2, 1e-12);
    cr_expect_float_eq(rx[1].height_m, 10, 1e-12);
    static const char truth[] = "{\"name\": \"k\", \"receivers\": [{\"lat\": 37, \"lon\": 127}]}";
    cr_assert_eq(jw_receivers_json(truth, strlen(truth), rx, 3, &n, NULL), JW_OK);
    cr_expect_eq(n, 1);
    cr_assert_eq(jw_receivers_json("[]", 2, rx, 3, &n, NULL), JW_OK);
    cr_expect_eq(n, 0);
    /* What is refused, and which element is at fault; nothing is read then. */
    static const struct {
        const char *text;
        jw_err err;
        size_t bad;
    } no[] = {
        {"[{\"lat\": 1, \"lon\": 2}", JW_EPARSE, SIZE_MAX},
        {"{\"lat\": 1, \"lon\": 2}", JW_EFORMAT, SIZE_MAX},
        {"{\"receivers\": 5}", JW_EFORMAT, SIZE_MAX},
        {"[{\"lat\": 1, \"lon\": 2}, {\"lat\": 1}]", JW_EFORMAT, 1},
        {"[{\"lat\": \"1\", \"lon\": 2}]", JW_EFORMAT, 0},
        {"[{\"lat\": 1, \"lon\": 2, \"height_m\": \"40\"}]", JW_EFORMAT, 0},
        {"[5]", JW_EFORMAT, 0},
        /* Before, the CLI took these as they were. */
        {"[{\"lat\": 1, \"lon\": 2}, {\"lat\": 95, \"lon\": 2}]", JW_ERANGE, 1},
        {"[{\"lat\": 1, \"lon\": 200}]", JW_ERANGE, 0},
        {"[{\"lat\": 1, \"lon\": 2, \"height_m\": -4}]", JW_ERANGE, 0},
        {"[{\"lat\": 1, \"lon\": 2, \"height_m\": 1e400}]", JW_EPARSE, SIZE_MAX},
        {"[{\"lat\":1,\"lon\":2},{\"lat\":1,\"lon\":2},{\"lat\":1,\"lon\":2},"
         "{\"lat\":1,\"lon\":2}]",
         JW_EFULL, 3},
    };
    for (size_t i = 0; i < sizeof no / sizeof *no; i++) {
        cr_expect_eq(jw_receivers_json(no[i].text, strlen(no[i].text), rx, 3, &n, &bad), no[i].err,
                     "%s", no[i].text);
        cr_expect_eq(bad, no[i].bad, "%s: %zu", no[i].text, bad);
        cr_expect_eq(n, 0, "%s", no[i].text);
    }
    cr_expect_eq(jw_receivers_json(NULL, 1, rx, 3, &n, NULL), JW_EINVAL);
}

/* `analyze --receivers` refuses a file whose receiver is out of range,
 * naming it (before, it was used as it was). */
Test(air_los, analyze_receivers_out_of_range_refused, .timeout = 60)
{
    char d[] = "/tmp/jw_rx_XXXXXX", cmd[512];
    cr_assert(mkdtemp(d));
    snprintf(cmd, sizeof cmd,
             "printf '[{\"lat\": 37, \"lon\": 127}, {\"lat\": 95, \"lon\": 1}]' > %s/rx.json && "
             ": > %s/empty.beast",
             d, d);
    cr_assert_eq(tu_sh(cmd), 0);
    snprintf(cmd, sizeof cmd, "%s analyze --receivers %s/rx.json --out %s/r %s/empty.beast",
             tu_bin(), d, d, d);
    char *out, *err;
    cr_expect_eq(tu_run(cmd, &out, &err), 2, "%s", err);
    cr_expect(strstr(err, "receiver 1: position or height out of range"), "%s", err);
    free(out), free(err);
    snprintf(cmd, sizeof cmd, "rm -rf %s", d);
    tu_sh(cmd);
}

/* Feeds n aircraft (addresses 1..n) at (lat, lon) + tiny offsets, altitudes
 * alt0 + k * dalt, every second from t0 to t1, checking once per second. */
static size_t at_one_point(jw_air_cluster *c, int n, double t0, double t1, double dalt,
                           jw_air_cluster_hit *all, size_t max)
{
    size_t got = 0;
    for (double t = t0; t < t1; t += 1) {
        for (int k = 0; k < n; k++)
            jw_air_cluster_note(c, (uint32_t)(k + 1), t, 33.8209 + 0.001 * k, 35.4884,
                                20000 + dalt * k, 300, 90);
        jw_air_cluster_hit h[16];
        size_t m = jw_air_cluster_check(c, t + 0.5, h, 16);
        for (size_t i = 0; i < m && got < max; i++)
            all[got++] = h[i];
    }
    return got;
}

Test(air_cluster, several_aircraft_at_one_point_held_is_spoofing)
{
    jw_air_cluster *c;
    cr_assert_eq(jw_air_cluster_open(NULL, &c), JW_OK);
    jw_air_cluster_hit h[64];
    size_t n = at_one_point(c, 4, 100, 115, 2000, h, 64);
    cr_assert_eq(n, 0, "15 s is not yet held");
    n = at_one_point(c, 4, 115, 130, 2000, h, 64);
    cr_assert_eq(n, 4, "all four members: %zu", n);
    for (size_t i = 0; i < n; i++) {
        cr_assert_eq(h[i].kind, JW_EV_SPOOF_CLUSTER);
        cr_assert_eq(h[i].ended, 0);
        cr_assert_float_eq(h[i].since, 100.5, 1e-9);
        cr_assert_float_eq(h[i].lon, 35.4884, 1e-9);
    }
    /* they scatter: each reports its own place for 30 s, then it ends */
    size_t ended = 0;
    for (double t = 130; t < 170; t += 1) {
        for (int k = 0; k < 4; k++)
            jw_air_cluster_note(c, (uint32_t)(k + 1), t, 33 + k, 35, 20000, 300, 90);
        jw_air_cluster_hit e[16];
        size_t m = jw_air_cluster_check(c, t + 0.5, e, 16);
        for (size_t i = 0; i < m; i++)
            ended += e[i].ended && e[i].kind == JW_EV_SPOOF_CLUSTER;
    }
    cr_assert_eq(ended, 4);
    jw_air_cluster_close(c);
}

Test(air_cluster, formation_and_two_aircraft_are_not)
{
    jw_air_cluster *c;
    cr_assert_eq(jw_air_cluster_open(NULL, &c), JW_OK);
    jw_air_cluster_hit h[64];
    /* four aircraft at one altitude, one velocity: a formation */
    cr_assert_eq(at_one_point(c, 4, 0, 60, 0, h, 64), 0);
    jw_air_cluster_close(c);
    cr_assert_eq(jw_air_cluster_open(NULL, &c), JW_OK);
    /* two aircraft stacked (a holding pattern's two levels): not "several" */
    cr_assert_eq(at_one_point(c, 2, 0, 60, 1000, h, 64), 0);
    jw_air_cluster_close(c);
}

Test(air_cluster, crossing_traffic_is_not)
{
    jw_air_cluster *c;
    cr_assert_eq(jw_air_cluster_open(NULL, &c), JW_OK);
    size_t n = 0;
    /* three aircraft at three levels cross one point at 450 kt on three tracks */
    for (double t = -60; t < 60; t += 1) {
        for (int k = 0; k < 3; k++) {
            double lat, lon;
            jw_geo_destination_km(45, 5, k * 120.0, 450 * 0.514444 * t / 1000, &lat, &lon);
            jw_air_cluster_note(c, (uint32_t)(k + 1), t, lat, lon, 30000 + 1000 * k, 450,
                                k * 120.0);
        }
        jw_air_cluster_hit h[16];
        n += jw_air_cluster_check(c, t + 0.5, h, 16);
    }
    cr_assert_eq(n, 0);
    jw_air_cluster_close(c);
}

/* Seen in the blacksea simulation (seed 3): three departures from one
 * airport on one route, climbing at different rates a few hundred metres
 * apart for minutes. They keep moving, so no member stays at one point. */
Test(air_cluster, departure_stream_is_not)
{
    jw_air_cluster *c;
    cr_assert_eq(jw_air_cluster_open(NULL, &c), JW_OK);
    size_t n = 0;
    for (double t = 0; t < 120; t += 1) {
        for (int k = 0; k < 3; k++) {
            double lat, lon;
            jw_geo_destination_km(43.4, 39.9, 250, 200 * 0.514444 * t / 1000 + 0.3 * k, &lat, &lon);
            jw_air_cluster_note(c, (uint32_t)(k + 1), t, lat, lon, 3000 + 1500 * k + 20 * t,
                                200 + 60 * k, 250);
        }
        jw_air_cluster_hit h[16];
        n += jw_air_cluster_check(c, t + 0.5, h, 16);
    }
    cr_assert_eq(n, 0);
    jw_air_cluster_close(c);
}

Test(air_cluster, beyond_every_horizon_is_spoofing)
{
    jw_receiver rx[2] = {{34.9, 33.62, 40}, {32.8, 34.99, 200}};
    jw_air_cluster_config cfg = {.receivers = rx, .nreceivers = 2};
    jw_air_cluster *c;
    cr_assert_eq(jw_air_cluster_open(&cfg, &c), JW_OK);
    size_t near = 0, far = 0;
    for (double t = 0; t < 20; t += 1) {
        jw_air_cluster_note(c, 1, t, 33.8, 35.5, 30000, 450, 0); /* Beirut: heard */
        jw_air_cluster_note(c, 2, t, 45.0, 35.5, 30000, 450, 0); /* 1,100 km north */
        jw_air_cluster_hit h[16];
        size_t m = jw_air_cluster_check(c, t + 0.5, h, 16);
        for (size_t i = 0; i < m; i++) {
            cr_assert_eq(h[i].kind, JW_EV_SPOOF_RANGE);
            near += h[i].addr == 1, far += h[i].addr == 2;
            cr_assert_lt(h[i].since, 1);
        }
    }
    cr_assert_eq(near, 0);
    cr_assert_eq(far, 1);
    jw_air_cluster_close(c);
}

typedef struct rec {
    int n[JW_EV_KIND_COUNT]; /* records per kind */
    double fake_lat;         /* latest spoofing record's fake position */
} rec;

static void on_ev(void *u, const jw_evidence *ev)
{
    rec *r = u;
    r->n[ev->kind]++;
    if (JW_EV_IS_SPOOF(ev->kind))
        r->fake_lat = ev->fake_lat;
}

static jw_msg airborne_pos(uint32_t addr, double t, double lat, double lon, int alt)
{
    jw_msg m;
    memset(&m, 0, sizeof m);
    m.time = t, m.addr = addr, m.df = 17, m.tc = 11, m.addr_src = JW_ADDR_CRC;
    m.lat = lat, m.lon = lon, m.alt_baro = alt, m.nacp = 9, m.nic = 8;
    m.cpr_lat = (uint32_t)(t * 10) + addr, m.cpr_lon = (uint32_t)(t * 10);
    JW_SET(&m, JW_F_POS), JW_SET(&m, JW_F_CPR), JW_SET(&m, JW_F_ALT_BARO);
    JW_SET(&m, JW_F_NACP), JW_SET(&m, JW_F_NIC);
    return m;
}

/* Aircraft first heard already at the fake point (no jump to see): only the
 * cross-aircraft check can tell, and it does through the generator. */
Test(air_cluster, evidence_generator_flags_aircraft_at_one_point)
{
    rec r = {0}, off = {0};
    jw_air_evidence *g, *g_off;
    jw_air_evidence_config no = {.no_cross = true};
    cr_assert_eq(jw_air_evidence_open(NULL, on_ev, &r, &g), JW_OK);
    cr_assert_eq(jw_air_evidence_open(&no, on_ev, &off, &g_off), JW_OK);
    for (double t = 0; t < 40; t += 0.5)
        for (uint32_t k = 1; k <= 4; k++) {
            jw_msg m =
                airborne_pos(0x700000 + k, t + 0.01 * k, 33.8209, 35.4884, 8000 + 3000 * (int)k);
            jw_air_evidence_feed(g, &m, NULL);
            jw_air_evidence_feed(g_off, &m, NULL);
        }
    cr_assert_geq(r.n[JW_EV_SPOOF_CLUSTER], 4, "one record per member at least: %d",
                  r.n[JW_EV_SPOOF_CLUSTER]);
    cr_assert_float_eq(r.fake_lat, 33.8209, 1e-6);
    cr_assert_eq(off.n[JW_EV_SPOOF_CLUSTER], 0);
    jw_air_evidence_close(g);
    jw_air_evidence_close(g_off);
}

static int hit_cmp(const void *a, const void *b)
{
    const jw_air_cluster_hit *x = a, *y = b;
    if (x->addr != y->addr)
        return x->addr < y->addr ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind - y->kind;
    return x->ended - y->ended;
}

/* The index a check keeps for the next one (insertion sort from the last
 * order, row extents, remembered slots) finds what the same positions noted
 * in another order through jw_air_cluster_note find: 40 aircraft crowded in
 * one latitude row (more than the linear scan takes) at different altitudes
 * for 40 s, 300 others crossing rows at random, some silent for a while. */
Test(air_cluster, kept_index_and_slots_find_the_same)
{
    jw_air_cluster *a, *b;
    cr_assert_eq(jw_air_cluster_open(NULL, &a), JW_OK);
    cr_assert_eq(jw_air_cluster_open(NULL, &b), JW_OK);
    enum { N = 340, CROWD = 40 };
    double lat[N], lon[N], trk[N];
    uint32_t slot[N] = {0};
    uint64_t rng = 7;
    for (int k = 0; k < N; k++) {
        lat[k] = k < CROWD ? 50.0 + 0.00001 * k : 49.5 + tu_rand(&rng);
        lon[k] = k < CROWD ? 10.0 + 0.0001 * k : 9.5 + tu_rand(&rng);
        trk[k] = 360 * tu_rand(&rng);
    }
    jw_air_cluster_hit all_a[4 * N], all_b[4 * N];
    size_t na = 0, nb = 0;
    for (int s = 0; s < 120; s++) {
        double t = 1000 + s;
        for (int i = 0; i < N; i++) {
            int k = (int)(((uint32_t)i * 7919u + (uint32_t)s * 104729u) % N); /* a new order */
            if (k >= CROWD) {
                jw_geo_destination_km(lat[k], lon[k], trk[k], 0.25, &lat[k], &lon[k]);
                if ((k + s / 10) % 7 == 0)
                    continue; /* silent these ten seconds */
            } else if (s >= 40) {
                continue; /* the crowd is gone */
            }
            double alt = k < CROWD ? 10000 + 1500 * k : 30000, gs = 450;
            jw_air_cluster_note_slot(a, (uint32_t)k + 1, t, lat[k], lon[k], alt, gs, trk[k],
                                     &slot[k]);
        }
        for (int k = 0; k < N; k++) /* the other table: the same positions, in address order */
            if (k >= CROWD ? (k + s / 10) % 7 != 0 : s < 40)
                jw_air_cluster_note(b, (uint32_t)k + 1, t, lat[k], lon[k],
                                    k < CROWD ? 10000 + 1500 * k : 30000, 450, trk[k]);
        jw_air_cluster_hit h[64];
        size_t m = jw_air_cluster_check(a, t + 0.5, h, 64);
        for (size_t i = 0; i < m && na < 4 * N; i++)
            all_a[na++] = h[i];
        m = jw_air_cluster_check(b, t + 0.5, h, 64);
        for (size_t i = 0; i < m && nb < 4 * N; i++)
            all_b[nb++] = h[i];
    }
    size_t begun = 0;
    for (size_t i = 0; i < na; i++)
        begun += all_a[i].kind == JW_EV_SPOOF_CLUSTER && !all_a[i].ended && all_a[i].addr <= CROWD;
    cr_assert_eq(begun, CROWD, "every aircraft of the crowd found: %zu", begun);
    cr_assert_eq(na, nb);
    qsort(all_a, na, sizeof *all_a, hit_cmp);
    qsort(all_b, nb, sizeof *all_b, hit_cmp);
    for (size_t i = 0; i < na; i++) {
        cr_assert_eq(all_a[i].addr, all_b[i].addr);
        cr_assert_eq(all_a[i].kind, all_b[i].kind);
        cr_assert_eq(all_a[i].ended, all_b[i].ended);
        cr_assert_float_eq(all_a[i].since, all_b[i].since, 1e-9);
    }
    jw_air_cluster_close(a);
    jw_air_cluster_close(b);
}
