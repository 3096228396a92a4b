/* test_geo.c - great-circle helpers against hand-checked values. */
#include "jamwatch/geo.h"
#include "testutil.h"

#include <math.h>

Test(geo, distance_known_values)
{
    /* One degree of latitude on the 6371.0088 km sphere: 111.195 km. */
    cr_expect_float_eq(jw_geo_distance_m(0, 0, 1, 0), 111195.08, 1.0);
    /* Across the antimeridian is short. */
    cr_expect_float_eq(jw_geo_distance_m(0, 179.5, 0, -179.5), 111195.08, 1.0);
    cr_expect_float_eq(jw_geo_distance_m(90, 0, -90, 0), M_PI * JW_EARTH_RADIUS_M, 1.0);
    cr_expect_eq(jw_geo_distance_m(12.5, -3, 12.5, -3), 0.0);
}

Test(geo, bearing_and_destination_round_trip)
{
    for (double b = 0; b < 360; b += 22.5) {
        double lat, lon;
        jw_geo_destination(37.5, 126.5, b, 150000, &lat, &lon);
        cr_expect_float_eq(jw_geo_distance_m(37.5, 126.5, lat, lon), 150000, 0.01);
        cr_expect_float_eq(jw_geo_bearing(37.5, 126.5, lat, lon), b, 1e-6, "bearing %g", b);
    }
    cr_expect_float_eq(jw_geo_wrap_lon(181), -179, 1e-12);
    cr_expect_float_eq(jw_geo_wrap_lon(-540), -180, 1e-12);
}

/* A short step (the evidence's dead reckoning) lands where the exact
 * destination does, within a centimetre (2 mm measured), with the cached latitude trigonometry
 * carried from step to step: random starts, tracks and steps up to 2 km,
 * including across the antimeridian and up to 80 degrees of latitude. */
Test(geo, short_step_matches_destination)
{
    uint64_t seed = 5;
    jw_geo_lat_trig trig = {.anchor = 1e9};
    double worst = 0;
    for (int i = 0; i < 20000; i++) {
        double lat = -80 + 160 * tu_rand(&seed), lon = -180 + 360 * tu_rand(&seed);
        if (i % 2)
            lon = 179.999; /* a step east may cross the antimeridian */
        double track = 360 * tu_rand(&seed), d = 2 * tu_rand(&seed), tr = track * (M_PI / 180);
        double want_lat, want_lon;
        jw_geo_destination_km(lat, lon, track, d, &want_lat, &want_lon);
        for (int rep = 0; rep < 2; rep++) { /* first with a stale cache, then a fresh one */
            double la = lat, lo = lon;
            jw_geo_short_step(&la, &lo, track, sin(tr), cos(tr), d, &trig);
            double e = jw_geo_distance_m(la, lo, want_lat, want_lon);
            worst = e > worst ? e : worst;
        }
    }
    cr_expect_lt(worst, 1e-2, "worst %.3g m", worst);
}
