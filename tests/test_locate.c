/*
 * test_locate.c - the jammer and spoofer locator on synthetic events made
 * with the simulator's own physics (sim_physics.h): known sources at random
 * places, powers and heights, 2,000 targets within 600 km (ships at 10 m,
 * climbing/descending aircraft, many at cruise; uniform, or on airways and
 * around airports), each receiver with its own
 * tolerance (30 +- 3 dB, as the simulator), airframe shielding 6 dB,
 * "affected" = degraded or lost (8 dB degradation band) and a few per cent
 * of labels wrong both ways. Measures the location error and how often the
 * truth falls inside the reported 95 % ellipse, and checks the degenerate
 * inputs.
 */
#include "jamwatch/locate.h"
#include "jamwatch/geo.h"
#include "jamwatch/sim_physics.h"
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NEV  60   /* random jamming events */
#define NOBS 2000 /* targets per event */

/* A random point within r_km of (lat, lon), uniform over the disc. */
static void rnd_disc(uint64_t *s, double lat, double lon, double r_km, double *la, double *lo)
{
    jw_geo_destination_km(lat, lon, 360 * tu_rand(s), r_km * sqrt(tu_rand(s)), la, lo);
}

/* One source and its event. */
typedef struct ev {
    double lat, lon;  /* source */
    double height_m;  /* source antenna height */
    double eirp_w;    /* jammer power */
    double radius_km; /* spoofer capture radius */
} ev;

/* Altitude of a random target: 10 % ships, 55 % at cruise, the rest between. */
static double rnd_alt(uint64_t *s)
{
    double k = tu_rand(s);
    if (k < 0.10)
        return 10;
    if (k < 0.65)
        return 9000 + 3000 * tu_rand(s);
    return 300 + 8700 * tu_rand(s);
}

/* Labels o (placed) for the jammer (spoof 0) or spoofer e, with a false
 * alarm and a miss rate. */
static void label_one(uint64_t *s, const ev *e, int spoof, jw_locate_obs *o, double false_rate,
                      double miss_rate)
{
    double d = jw_geo_distance_km(e->lat, e->lon, o->lat, o->lon);
    int aff;
    if (spoof) {
        aff = d <= e->radius_km && d <= jw_radio_horizon_km(e->height_m, o->alt_m);
    } else {
        jw_jam_model m = {e->eirp_w, e->height_m, 30 + 3 * tu_rand_normal(s), 8,
                          o->alt_m > 100 ? -6.0 : 0.0};
        aff = jw_jam_effect(&m, d, o->alt_m, NULL) != JW_JAM_NONE;
    }
    if (tu_rand(s) < (aff ? miss_rate : false_rate))
        aff = !aff; /* ordinary faults, missed or mislabelled targets */
    o->affected = (uint8_t)aff;
    o->band = 0; /* labels about the loss boundary */
    o->time = 0;
    o->weight = 1;
}

/* Fills o[0..n) uniformly within 600 km of (clat, clon) and labels them. */
static void make_obs(uint64_t *s, const ev *e, int spoof, double clat, double clon,
                     jw_locate_obs *o, size_t n, double false_rate, double miss_rate)
{
    for (size_t i = 0; i < n; i++) {
        rnd_disc(s, clat, clon, 600, &o[i].lat, &o[i].lon);
        o[i].alt_m = rnd_alt(s);
        label_one(s, e, spoof, &o[i], false_rate, miss_rate);
    }
}

/*
 * The same with traffic as it is: 70 % on six airways through the area
 * (+-15 km across, 85 % of them at cruise), 20 % within 60 km of three
 * airports (300 m - 4.3 km: approaches and climbs), 10 % ships at 10 m
 * within 600 km.
 */
static void make_obs_airways(uint64_t *s, const ev *e, double clat, double clon, jw_locate_obs *o,
                             size_t n)
{
    double rlat[6], rlon[6], rbrg[6], alat[3], alon[3];
    for (int k = 0; k < 6; k++) {
        rnd_disc(s, clat, clon, 400, &rlat[k], &rlon[k]);
        rbrg[k] = 360 * tu_rand(s);
    }
    for (int k = 0; k < 3; k++)
        rnd_disc(s, clat, clon, 400, &alat[k], &alon[k]);
    for (size_t i = 0; i < n; i++) {
        double k = tu_rand(s), la, lo;
        if (k < 0.1) {
            rnd_disc(s, clat, clon, 600, &o[i].lat, &o[i].lon);
            o[i].alt_m = 10;
        } else if (k < 0.3) {
            int a = (int)(3 * tu_rand(s)) % 3;
            rnd_disc(s, alat[a], alon[a], 60, &o[i].lat, &o[i].lon);
            o[i].alt_m = 300 + 4000 * tu_rand(s);
        } else {
            int r = (int)(6 * tu_rand(s)) % 6;
            double along = -600 + 1200 * tu_rand(s);
            jw_geo_destination_km(rlat[r], rlon[r], rbrg[r] + (along < 0 ? 180 : 0), fabs(along),
                                  &la, &lo);
            jw_geo_destination_km(la, lo, rbrg[r] + 90, -15 + 30 * tu_rand(s), &o[i].lat,
                                  &o[i].lon);
            o[i].alt_m = tu_rand(s) < 0.85 ? 9000 + 3000 * tu_rand(s) : 3000 + 6000 * tu_rand(s);
        }
        label_one(s, e, 0, &o[i], 0.03, 0.03);
    }
}

/* 1 when the truth (lat, lon) is inside the row's 95 % ellipse. */
static int inside(const jw_emitter_row *r, double lat, double lon)
{
    double d = jw_geo_distance_km(r->lat, r->lon, lat, lon);
    double b = jw_geo_bearing(r->lat, r->lon, lat, lon) * M_PI / 180;
    double x = d * sin(b), y = d * cos(b), t = r->err_orient_deg * M_PI / 180;
    double a1 = x * sin(t) + y * cos(t), a2 = x * cos(t) - y * sin(t);
    double q = pow(a1 / r->err_major_km, 2) + pow(a2 / r->err_minor_km, 2);
    return q <= 1.0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double quantile(double *v, int n, double q)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    int i = (int)ceil(q * n) - 1;
    return v[i < 0 ? 0 : i];
}

/* A random event: source within 150 km of a random centre, EIRP
 * log-uniform in [w_lo, w_hi] W, spoofer radius 60-260 km. */
static void rnd_event(uint64_t *s, ev *e, double w_lo, double w_hi, double *clat, double *clon)
{
    static const double heights[] = {10, 30, 100, 300};
    *clat = -60 + 120 * tu_rand(s);
    *clon = -180 + 360 * tu_rand(s);
    rnd_disc(s, *clat, *clon, 150, &e->lat, &e->lon);
    e->height_m = heights[(int)(tu_rand(s) * 4) & 3];
    e->eirp_w = exp(log(w_lo) + (log(w_hi) - log(w_lo)) * tu_rand(s));
    e->radius_km = 60 + 200 * tu_rand(s);
}

/* What a run of events measured. */
typedef struct figures {
    double median_km, p95_km, max_km; /* location error */
    double coverage;                  /* share of truths inside the 95 % ellipse */
    double major_km;                  /* median major semi-axis */
    double reach_err_km;              /* median |reach at 10 km - truth| */
} figures;

/* Drops the targets west of a north-south line off_km east of the source
 * (a coast or a border with no traffic beyond): returns the new count. */
static size_t one_sided(const ev *e, jw_locate_obs *o, size_t n, double off_km)
{
    double blat, blon;
    jw_geo_destination_km(e->lat, e->lon, 270, off_km, &blat, &blon);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        double b = jw_geo_bearing(blat, blon, o[i].lat, o[i].lon);
        if (b < 180)
            o[m++] = o[i];
    }
    return m;
}

/* Runs nev seeded events (spoof 0/1) and measures; flip: the share of
 * unaffected targets labelled affected (the misses are 3 %); one_side_km >= 0
 * removes the traffic beyond a line that far west of the source. */
static figures run_events(const char *name, uint64_t seed, int nev, int spoof, double w_lo,
                          double w_hi, double flip, double one_side_km, int airways)
{
    jw_locate_obs *o = calloc(NOBS, sizeof *o);
    double *err = malloc((size_t)nev * sizeof *err), *major = malloc((size_t)nev * sizeof *major);
    double *rerr = malloc((size_t)nev * sizeof *rerr);
    cr_assert(o && err && major && rerr);
    int in = 0;
    for (int k = 0; k < nev; k++) {
        ev e;
        double clat, clon;
        rnd_event(&seed, &e, w_lo, w_hi, &clat, &clon);
        if (airways)
            make_obs_airways(&seed, &e, clat, clon, o, NOBS);
        else
            make_obs(&seed, &e, spoof, clat, clon, o, NOBS, flip, 0.03);
        size_t n = one_side_km >= 0 ? one_sided(&e, o, NOBS, one_side_km) : NOBS;
        jw_emitter_row r;
        memset(&r, 0, sizeof r);
        jw_err rc = spoof ? jw_locate_spoofer(o, n, NULL, &r) : jw_locate_jammer(o, n, NULL, &r);
        cr_assert_eq(rc, JW_OK, "%s event %d: %s", name, k, jw_strerror(rc));
        cr_assert(r.lat >= -90 && r.lat <= 90 && r.lon >= -180 && r.lon <= 180);
        cr_assert(r.err_major_km >= r.err_minor_km && r.err_minor_km > 0);
        err[k] = jw_geo_distance_km(r.lat, r.lon, e.lat, e.lon);
        major[k] = r.err_major_km;
        /* The reach the labels show: lost or degraded (8 dB band), shielded aircraft. */
        jw_jam_model m = {e.eirp_w, e.height_m, 30 - 8, 0, -6};
        double truth_reach = spoof ? e.radius_km : jw_jam_reach_km(&m, 10000);
        rerr[k] = fabs(r.reach_km - truth_reach);
        int ok = inside(&r, e.lat, e.lon);
        in += ok;
        cr_log_info("%s %2d: %s %6.1f at %3.0f m: error %6.2f km, ellipse %5.1f x %5.1f km %s, "
                    "reach %5.0f km (true %5.0f)",
                    name, k, spoof ? "radius km" : "EIRP W", spoof ? e.radius_km : e.eirp_w,
                    e.height_m, err[k], r.err_major_km, r.err_minor_km, ok ? "in " : "OUT",
                    r.reach_km, truth_reach);
    }
    figures f;
    f.median_km = quantile(err, nev, 0.5);
    f.p95_km = quantile(err, nev, 0.95);
    f.max_km = quantile(err, nev, 1.0);
    f.major_km = quantile(major, nev, 0.5);
    f.reach_err_km = quantile(rerr, nev, 0.5);
    f.coverage = (double)in / nev;
    cr_log_info("locate %s: %d events: error median %.2f km, 95th percentile %.2f km, max %.2f km; "
                "truth inside the 95 %% ellipse %d/%d (%.0f %%); median major semi-axis %.1f km; "
                "median reach error %.1f km",
                name, nev, f.median_km, f.p95_km, f.max_km, in, nev, 100.0 * f.coverage, f.major_km,
                f.reach_err_km);
    free(o), free(err), free(major), free(rerr);
    return f;
}

/* The aviation-relevant jammers, 10-1000 W (reach at cruise ~200-480 km):
 * the targets of the brief (Stanford GPS Lab: 10 km at 95 %). */
Test(locate, jammer_accuracy_and_coverage)
{
    figures f = run_events("jammer", 20261123, 60, 0, 10, 1000, 0.03, -1, 0);
    cr_expect_leq(f.median_km, 5.0, "median error %.2f km", f.median_km);
    cr_expect_leq(f.p95_km, 10.0, "95th percentile %.2f km", f.p95_km);
    cr_expect_geq(f.coverage, 0.90, "coverage %.2f", f.coverage);
}

/* Weak jammers, 1-10 W (reach at cruise ~60-170 km, 70-300 affected of
 * 2,000): fewer targets cross the boundary, so the error is larger; the
 * region grows with it. Asserted: what we reach. */
Test(locate, weak_jammer_accuracy_and_coverage)
{
    figures f = run_events("weak jammer", 77, 30, 0, 1, 10, 0.03, -1, 0);
    cr_expect_leq(f.median_km, 10.0, "median error %.2f km", f.median_km);
    cr_expect_leq(f.p95_km, 25.0, "95th percentile %.2f km", f.p95_km);
    cr_expect_geq(f.coverage, 0.85, "coverage %.2f", f.coverage);
}

/* Traffic on airways and around airports instead of uniform. */
Test(locate, airway_traffic)
{
    figures f = run_events("airways", 8080, 30, 0, 10, 1000, 0.03, -1, 1);
    cr_expect_leq(f.median_km, 5.0, "median error %.2f km", f.median_km);
    cr_expect_leq(f.p95_km, 10.0, "95th percentile %.2f km", f.p95_km);
    cr_expect_geq(f.coverage, 0.90, "coverage %.2f", f.coverage);
}

/* Noisy labels: 10 % of the unaffected targets labelled affected (ordinary
 * faults) and 3 % of the affected missed; the label floor adapts. */
Test(locate, noisy_labels)
{
    figures f = run_events("noisy labels", 31337, 30, 0, 10, 1000, 0.10, -1, 0);
    cr_expect_leq(f.median_km, 5.0, "median error %.2f km", f.median_km);
    cr_expect_leq(f.p95_km, 20.0, "95th percentile %.2f km", f.p95_km);
    cr_expect_geq(f.coverage, 0.85, "coverage %.2f", f.coverage);
}

/* A jammer on a coast or border: no traffic beyond a line 30 km behind it. */
Test(locate, one_sided_traffic)
{
    figures f = run_events("one-sided", 4242, 20, 0, 10, 1000, 0.03, 30, 0);
    cr_expect_leq(f.median_km, 10.0, "median error %.2f km", f.median_km);
    cr_expect_geq(f.coverage, 0.80, "coverage %.2f", f.coverage);
}

Test(locate, spoofer_accuracy_and_coverage)
{
    figures f = run_events("spoofer", 99, 30, 1, 1, 1, 0.03, -1, 0);
    cr_expect_leq(f.median_km, 5.0, "median error %.2f km", f.median_km);
    cr_expect_leq(f.p95_km, 10.0, "95th percentile %.2f km", f.p95_km);
    cr_expect_geq(f.coverage, 0.90, "coverage %.2f", f.coverage);
    cr_expect_leq(f.reach_err_km, 10.0, "reach error %.1f km", f.reach_err_km);
}

/* A small valid event: targets on a ring, affected within 150 km of (50, 10). */
static size_t ring_event(jw_locate_obs *o, size_t cap)
{
    size_t n = 0;
    for (int r = 20; r <= 400 && n < cap; r += 20)
        for (int b = 0; b < 360 && n < cap; b += 15, n++) {
            jw_geo_destination_km(50, 10, b, r, &o[n].lat, &o[n].lon);
            o[n].alt_m = 10000, o[n].time = 0, o[n].weight = 1;
            o[n].affected = r <= 150;
        }
    return n;
}

Test(locate, degenerate_inputs_are_errors)
{
    jw_locate_obs o[600] = {{0}};
    jw_emitter_row r;
    size_t n = ring_event(o, 600);
    cr_assert_eq(jw_locate_jammer(o, n, NULL, &r), JW_OK);
    cr_expect_eq(jw_locate_jammer(NULL, n, NULL, &r), JW_EINVAL);
    cr_expect_eq(jw_locate_jammer(o, n, NULL, NULL), JW_EINVAL);
    cr_expect_eq(jw_locate_jammer(o, 0, NULL, &r), JW_EINVAL);
    cr_expect_eq(jw_locate_jammer(o, 1, NULL, &r), JW_EINVAL, "one observation");
    cr_expect_eq(jw_locate_spoofer(o, 1, NULL, &r), JW_EINVAL);
    for (size_t i = 0; i < n; i++)
        o[i].affected = 1;
    cr_expect_eq(jw_locate_jammer(o, n, NULL, &r), JW_EINVAL, "all affected");
    cr_expect_eq(jw_locate_spoofer(o, n, NULL, &r), JW_EINVAL, "all captured");
    for (size_t i = 0; i < n; i++)
        o[i].affected = 0;
    cr_expect_eq(jw_locate_jammer(o, n, NULL, &r), JW_EINVAL, "none affected");
    cr_expect_eq(jw_locate_spoofer(o, n, NULL, &r), JW_EINVAL, "none captured");
    /* Only invalid observations besides one of each class: too few. */
    n = ring_event(o, 600);
    for (size_t i = 0; i < n; i++)
        o[i].lat = NAN;
    o[0].lat = 50, o[0].affected = 1;
    o[n - 1].lat = 51, o[n - 1].affected = 0;
    cr_expect_eq(jw_locate_jammer(o, n, NULL, &r), JW_EINVAL, "two valid observations");
}

Test(locate, invalid_observations_are_skipped_and_results_repeat)
{
    static jw_locate_obs o[700], p[700];
    jw_emitter_row a, b, c;
    size_t n = ring_event(o, 600);
    cr_assert_eq(jw_locate_jammer(o, n, NULL, &a), JW_OK);
    cr_expect_lt(jw_geo_distance_km(a.lat, a.lon, 50, 10), 10.0, "ring centre found");
    cr_expect_eq(a.n_obs, n);
    cr_assert_eq(jw_locate_jammer(o, n, NULL, &b), JW_OK);
    cr_expect(a.lat == b.lat && a.lon == b.lon && a.err_major_km == b.err_major_km &&
                  a.err_minor_km == b.err_minor_km && a.err_orient_deg == b.err_orient_deg &&
                  a.reach_km == b.reach_km,
              "deterministic");
    /* The same with junk interleaved. */
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        p[m++] = o[i];
        if (i % 6 == 0 && m < 700) {
            p[m] = o[i];
            p[m].lat = i % 12 ? INFINITY : 95;
            p[m].weight = i % 24 ? 1 : NAN;
            m++;
        }
    }
    cr_assert_eq(jw_locate_jammer(p, m, NULL, &c), JW_OK);
    cr_expect_eq(c.n_obs, n, "junk not counted");
    cr_expect_float_eq(c.lat, a.lat, 1e-9);
    cr_expect_float_eq(c.lon, a.lon, 1e-9);
}

Test(locate, large_inputs_are_subsampled)
{
    uint64_t seed = 5;
    size_t n = 20000;
    jw_locate_obs *o = calloc(n, sizeof *o);
    cr_assert(o);
    ev e = {45, -120, 30, 200, 0};
    make_obs(&seed, &e, 0, 45.5, -119, o, n, 0.02, 0.02);
    jw_emitter_row r;
    cr_assert_eq(jw_locate_jammer(o, n, NULL, &r), JW_OK);
    cr_expect_eq(r.n_obs, n);
    cr_expect_lt(jw_geo_distance_km(r.lat, r.lon, e.lat, e.lon), 10.0);
    free(o);
}

Test(locate, config_fixed_height_and_antimeridian)
{
    uint64_t seed = 11;
    jw_locate_obs o[NOBS] = {{0}};
    ev e = {-16.5, 179.8, 100, 100, 0}; /* Fiji, across the antimeridian */
    make_obs(&seed, &e, 0, -16.6, -179.5, o, NOBS, 0.02, 0.02);
    jw_locate_config cfg;
    jw_locate_defaults(&cfg);
    cr_expect_eq(cfg.src_height_m, 30);
    cfg.src_height_m = 100, cfg.fix_height = 1;
    jw_emitter_row r;
    cr_assert_eq(jw_locate_jammer(o, NOBS, &cfg, &r), JW_OK);
    cr_expect_lt(jw_geo_distance_km(r.lat, r.lon, e.lat, e.lon), 10.0, "%f %f", r.lat, r.lon);
    cr_expect(r.lon >= -180 && r.lon <= 180);
    /* The reported power puts the boundary where the labels put it. */
    jw_jam_model m = {e.eirp_w, e.height_m, 22, 0, -6};
    cr_expect_lt(fabs(r.reach_km - jw_jam_reach_km(&m, 10000)), 25.0, "reach %f", r.reach_km);
    cr_expect(isfinite(r.eirp_dbw));
}
