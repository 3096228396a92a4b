/*
 * test_locate_region.c - the 95 % region when targets are observed many
 * times. Each target (a receiver with its own tolerance, 30 +- 3 dB as the
 * simulator draws them, and its own label errors) is seen at several points
 * along its track, as the engine's per-event reservoir sees an aircraft
 * crossing the jammed area. Its observations are not independent: the
 * region must treat each target as one cluster (jw_locate_obs.target). The
 * same events located with the targets unknown (naive, every observation
 * independent) show that it matters.
 */
#include "jamwatch/geo.h"
#include "jamwatch/locate.h"
#include "jamwatch/sim_physics.h"
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define RG_NEV   30 /* events */
#define RG_TGT   90 /* targets per event */
#define RG_REP   20 /* observations per target */
#define RG_STEPK 3  /* km between a target's observations */

/* 1 when (lat, lon) is inside the row's 95 % ellipse. */
static int in_ellipse(const jw_emitter_row *r, double lat, double lon)
{
    double d = jw_geo_distance_km(r->lat, r->lon, lat, lon);
    double b = jw_geo_bearing(r->lat, r->lon, lat, lon) * M_PI / 180;
    double x = d * sin(b), y = d * cos(b), t = r->err_orient_deg * M_PI / 180;
    double a1 = x * sin(t) + y * cos(t), a2 = x * cos(t) - y * sin(t);
    return pow(a1 / r->err_major_km, 2) + pow(a2 / r->err_minor_km, 2) <= 1.0;
}

/* One event: a 30 m jammer of 10-300 W; RG_TGT targets within 400 km, each
 * on a straight track through RG_REP points, with one tolerance and (5 %)
 * every label wrong. */
static void make_event(uint64_t *s, double *slat, double *slon, jw_locate_obs *o)
{
    double clat = -50 + 100 * tu_rand(s), clon = -180 + 360 * tu_rand(s);
    jw_geo_destination_km(clat, clon, 360 * tu_rand(s), 100 * tu_rand(s), slat, slon);
    jw_jam_model m = {exp(log(10) + log(30) * tu_rand(s)), 30, 30, 8, -6};
    for (int t = 0; t < RG_TGT; t++) {
        double la, lo, brg = 360 * tu_rand(s);
        jw_geo_destination_km(clat, clon, 360 * tu_rand(s), 400 * sqrt(tu_rand(s)), &la, &lo);
        double alt = tu_rand(s) < 0.7 ? 9000 + 3000 * tu_rand(s) : 1000 + 8000 * tu_rand(s);
        m.tolerance_db = 30 + 3 * tu_rand_normal(s);
        int flip = tu_rand(s) < 0.05;
        for (int r = 0; r < RG_REP; r++) {
            jw_locate_obs *x = &o[t * RG_REP + r];
            jw_geo_destination_km(la, lo, brg, RG_STEPK * r, &x->lat, &x->lon);
            x->alt_m = alt;
            double d = jw_geo_distance_km(*slat, *slon, x->lat, x->lon);
            int aff = jw_jam_effect(&m, d, alt, NULL) != JW_JAM_NONE;
            x->affected = (uint8_t)(aff != flip);
            x->weight = 1, x->band = 0, x->time = 0;
            x->target = (uint32_t)(t + 1);
        }
    }
}

Test(locate_region, repeated_targets_are_clusters)
{
    enum { N = RG_TGT * RG_REP };
    jw_locate_obs *o = calloc(N, sizeof *o);
    cr_assert(o);
    uint64_t seed = 20261124;
    int in_robust = 0, in_naive = 0, n = 0;
    double ratio = 0;
    for (int k = 0; k < RG_NEV; k++) {
        double slat, slon;
        make_event(&seed, &slat, &slon, o);
        jw_emitter_row r, q;
        memset(&r, 0, sizeof r), memset(&q, 0, sizeof q);
        if (jw_locate_jammer(o, N, NULL, &r) != JW_OK)
            continue; /* all or none affected: no event */
        for (int i = 0; i < N; i++)
            o[i].target = 0;
        cr_assert_eq(jw_locate_jammer(o, N, NULL, &q), JW_OK);
        cr_assert_float_eq(r.lat, q.lat, 1e-12, "the target changes only the region");
        cr_assert_geq(r.err_major_km * r.err_minor_km, 0.9 * q.err_major_km * q.err_minor_km,
                      "event %d: robust %.1f x %.1f km, naive %.1f x %.1f km", k, r.err_major_km,
                      r.err_minor_km, q.err_major_km, q.err_minor_km);
        int a = in_ellipse(&r, slat, slon), b = in_ellipse(&q, slat, slon);
        in_robust += a, in_naive += b, n++;
        ratio += r.err_major_km / q.err_major_km;
        cr_log_info("region %2d: error %5.1f km, robust %5.1f x %5.1f %s, naive %5.1f x %5.1f %s",
                    k, jw_geo_distance_km(r.lat, r.lon, slat, slon), r.err_major_km, r.err_minor_km,
                    a ? "in " : "OUT", q.err_major_km, q.err_minor_km, b ? "in " : "OUT");
    }
    free(o);
    cr_log_info("clustered targets: %d events, robust region covers %d, naive %d; major axis "
                "x %.2f on average",
                n, in_robust, in_naive, ratio / n);
    cr_assert_geq(n, RG_NEV * 9 / 10);
    cr_assert_geq(in_robust, 0.87 * n, "robust coverage %d/%d", in_robust, n);
    cr_assert_leq(in_naive, 0.80 * n, "naive coverage %d/%d: the test does not show clustering",
                  in_naive, n);
}
