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
