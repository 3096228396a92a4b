/*
 * test_locate_track.c - a jammer that moves (locate.h, jw_locate_jammers:
 * vel_kmh, part[]): a 50 W jammer at 30 m on a straight track at 120 km/h
 * for an hour, 3,000 targets at random places within 350 km of the track's
 * middle and random times, labelled with the simulator's physics (tolerance
 * 30 +- 3 dB, 8 dB band, 3 % of labels wrong). The track must be found (its
 * velocity, each piece's position at the piece's middle time), and the same
 * jammer held still must not be reported as moving.
 */
#include "jamwatch/geo.h"
#include "jamwatch/locate.h"
#include "jamwatch/sim_physics.h"
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TK_N    3000   /* observations */
#define TK_SPAN 3600.0 /* s */

/* The jammer's position at time t (s from 0): from (lat0, lon0) along
 * bearing brg at speed kmh. */
static void where(double lat0, double lon0, double brg, double kmh, double t, double *la,
                  double *lo)
{
    jw_geo_destination_km(lat0, lon0, brg, kmh * t / 3600.0, la, lo);
}

static void make(uint64_t *s, double lat0, double lon0, double brg, double kmh, jw_locate_obs *o)
{
    double mla, mlo;
    where(lat0, lon0, brg, kmh, TK_SPAN / 2, &mla, &mlo);
    for (int i = 0; i < TK_N; i++) {
        double t = TK_SPAN * tu_rand(s), la, lo;
        jw_geo_destination_km(mla, mlo, 360 * tu_rand(s), 350 * sqrt(tu_rand(s)), &o[i].lat,
                              &o[i].lon);
        o[i].alt_m = tu_rand(s) < 0.6 ? 9000 + 3000 * tu_rand(s) : 500 + 8500 * tu_rand(s);
        o[i].time = t;
        where(lat0, lon0, brg, kmh, t, &la, &lo);
        jw_jam_model m = {50, 30, 30 + 3 * tu_rand_normal(s), 8, -6};
        int aff = jw_jam_effect(&m, jw_geo_distance_km(la, lo, o[i].lat, o[i].lon), o[i].alt_m,
                                NULL) != JW_JAM_NONE;
        o[i].affected = (uint8_t)(aff != (tu_rand(s) < 0.03));
        o[i].weight = 1, o[i].band = 0, o[i].target = (uint32_t)(i + 1);
    }
}

Test(locate_track, moving_jammer_is_followed)
{
    jw_locate_obs *o = calloc(TK_N, sizeof *o);
    jw_locate_sources *r = calloc(1, sizeof *r);
    cr_assert(o && r);
    uint64_t s = 77;
    double lat0 = 57.3, lon0 = 19.1, brg = 250, kmh = 120;
    make(&s, lat0, lon0, brg, kmh, o);
    /* Static sources only by default: no track, one static source. */
    cr_assert_eq(jw_locate_jammers(o, TK_N, NULL, 1, r), JW_OK);
    cr_assert_eq(r->nparts, 0);
    jw_locate_config cfg;
    jw_locate_defaults(&cfg);
    cfg.moving = 1;
    cr_assert_eq(jw_locate_jammers(o, TK_N, &cfg, 1, r), JW_OK);
    cr_assert_eq(r->k, 1);
    double ve = kmh * sin(brg * M_PI / 180), vn = kmh * cos(brg * M_PI / 180);
    cr_log_info("track: velocity %.0f %.0f km/h (true %.0f %.0f), %d parts", r->vel_kmh[0][0],
                r->vel_kmh[0][1], ve, vn, r->nparts);
    cr_assert_lt(hypot(r->vel_kmh[0][0] - ve, r->vel_kmh[0][1] - vn), 30.0);
    cr_assert_geq(r->nparts, 4, "120 km of track in pieces of about 20 km");
    int in = 0;
    for (int k = 0; k < r->nparts; k++) {
        const jw_emitter_row *q = &r->part[k];
        double la, lo, tm = 0.5 * (q->t_from + q->t_to);
        where(lat0, lon0, brg, kmh, tm, &la, &lo);
        double e = jw_geo_distance_km(q->lat, q->lon, la, lo);
        in += e <= q->err_minor_km; /* inside the minor axis: inside the ellipse */
        cr_log_info("part %d at %4.0f s: error %5.2f km, region %5.1f x %5.1f km", k, tm, e,
                    q->err_major_km, q->err_minor_km);
        cr_assert_eq(q->source, 0);
        cr_assert_geq(q->err_major_km, q->err_minor_km);
        cr_assert_lt(e, 10.0, "part %d: %.1f km off", k, e);
        cr_assert(q->t_from < q->t_to && (k == 0 || q->t_from >= r->part[k - 1].t_to - 1e-6));
    }
    cr_assert_geq(in, r->nparts / 2);
    /* The same jammer held still: static. */
    make(&s, lat0, lon0, brg, 0, o);
    cr_assert_eq(jw_locate_jammers(o, TK_N, &cfg, 1, r), JW_OK);
    cr_log_info("still: velocity %.0f %.0f km/h, %d parts", r->vel_kmh[0][0], r->vel_kmh[0][1],
                r->nparts);
    cr_assert_eq(r->nparts, 0);
    cr_assert(r->vel_kmh[0][0] == 0 && r->vel_kmh[0][1] == 0);
    cr_assert_lt(jw_geo_distance_km(r->src[0].lat, r->src[0].lon, lat0, lon0), 10.0);
    free(o), free(r);
}
