/*
 * test_cpr.c - CPR: NL table against the closed formula of DO-260B A.1.7.2,
 * encode/decode round trips (airborne and surface, global and local), the
 * rejections, and readsb 3.14's global decodes of sample_data_adsb.csv
 * (peers/readsb_verbose_adsb2k.txt) reproduced from the raw CPR values.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/cpr.h"
#include "jamwatch/modes.h"
#include "testutil.h"

/* The standard's closed form, evaluated directly. */
static int nl_formula(double lat)
{
    if (fabs(lat) >= 87.0)
        return fabs(lat) > 87.0 ? 1 : 2;
    double a = 1 - cos(M_PI / 30.0);
    double b = cos(M_PI / 180.0 * fabs(lat));
    return (int)floor(2 * M_PI / acos(1 - a / (b * b)));
}

Test(cpr, nl_matches_formula)
{
    for (double lat = -90; lat <= 90; lat += 0.0137)
        cr_expect_eq(jw_cpr_nl(lat), nl_formula(lat), "lat %.6f", lat);
    cr_expect_eq(jw_cpr_nl(0), 59);
    cr_expect_eq(jw_cpr_nl(10.4704712), 59);
    cr_expect_eq(jw_cpr_nl(10.4704714), 58);
    cr_expect_eq(jw_cpr_nl(87.0), 2);
    cr_expect_eq(jw_cpr_nl(-87.0001), 1);
    cr_expect_eq(jw_cpr_nl(90), 1);
}

/* NL at each transition latitude of the standard, one double either side
 * of it, and at every half-degree edge of jw_cpr_nl()'s lookup table: the
 * table's count must change exactly at the transitions. */
Test(cpr, nl_exact_at_transitions)
{
    double a = 1 - cos(M_PI / 30.0);
    for (int nl = 59; nl >= 3; nl--) {
        double t = acos(sqrt(a / (1 - cos(2 * M_PI / nl)))) * 180.0 / M_PI;
        /* the closed form may land one ulp either side of the table value */
        double below = nextafter(nextafter(t, 0), 0), above = nextafter(nextafter(t, 90), 90);
        cr_expect_eq(jw_cpr_nl(below), nl, "below %.17g", t);
        cr_expect_eq(jw_cpr_nl(above), nl - 1, "above %.17g", t);
        cr_expect_eq(jw_cpr_nl(-above), nl - 1, "south of %.17g", -t);
    }
    for (int i = 0; i < 174; i++) {
        double e = i / 2.0;
        cr_expect_eq(jw_cpr_nl(e), nl_formula(e), "edge %.1f", e);
        cr_expect_eq(jw_cpr_nl(nextafter(e, 0)), nl_formula(nextafter(e, 0)), "below %.1f", e);
    }
    cr_expect_eq(jw_cpr_nl(nextafter(87.0, 0)), 2);
    cr_expect_eq(jw_cpr_nl(NAN), 59);
}

static double lon_diff(double a, double b)
{
    double d = fmod(a - b + 540.0, 360.0) - 180.0;
    return fabs(d);
}

/* CPR resolution: 360/60/2^17 degrees (airborne), a quarter for surface. */
Test(cpr, airborne_round_trip_global_and_local)
{
    int n = 0;
    for (double lat = -89.5; lat <= 89.5; lat += 1.731) {
        for (double lon = -179.9; lon < 180; lon += 7.77) {
            uint32_t ey, ex, oy, ox;
            cr_assert_eq(jw_cpr_encode(lat, lon, 0, 0, &ey, &ex), JW_OK);
            cr_assert_eq(jw_cpr_encode(lat, lon, 1, 0, &oy, &ox), JW_OK);
            jw_cpr_pair p = {ey, ex, oy, ox, n & 1};
            /* One longitude LSB: 360 / max(NL - 1, 1) / 2^17 degrees. */
            int nl = jw_cpr_nl(lat);
            double lsb = 360.0 / (nl > 2 ? nl - 1 : 1) / 131072.0;
            jw_latlon g;
            cr_assert_eq(jw_cpr_global_airborne(&p, &g), JW_OK, "%f %f", lat, lon);
            cr_expect(fabs(g.lat - lat) < 1e-4 && lon_diff(g.lon, lon) <= lsb,
                      "global %f,%f -> %f,%f", lat, lon, g.lat, g.lon);
            jw_latlon ref = {lat + 1.2, lon - 1.3}, l;
            if (fabs(ref.lat) > 90)
                ref.lat = lat;
            cr_assert_eq(jw_cpr_local(oy, ox, 1, 0, &ref, &l), JW_OK);
            cr_expect(fabs(l.lat - lat) < 1e-4 && lon_diff(l.lon, lon) <= lsb,
                      "local %f,%f -> %f,%f", lat, lon, l.lat, l.lon);
            n++;
        }
    }
    cr_expect_gt(n, 4000);
}

Test(cpr, surface_round_trip)
{
    for (double lat = -75; lat <= 75; lat += 3.3) {
        for (double lon = -179; lon < 180; lon += 11.1) {
            uint32_t ey, ex, oy, ox;
            jw_cpr_encode(lat, lon, 0, 1, &ey, &ex);
            jw_cpr_encode(lat, lon, 1, 1, &oy, &ox);
            jw_cpr_pair p = {ey, ex, oy, ox, 1};
            jw_latlon ref = {lat - 0.3, lon + 0.4}, g, l;
            cr_assert_eq(jw_cpr_global_surface(&p, &ref, &g), JW_OK);
            cr_expect(fabs(g.lat - lat) < 1e-4 && lon_diff(g.lon, lon) < 1e-3,
                      "surface %f,%f -> %f,%f", lat, lon, g.lat, g.lon);
            cr_assert_eq(jw_cpr_local(ey, ex, 0, 1, &ref, &l), JW_OK);
            cr_expect(fabs(l.lat - lat) < 1e-4 && lon_diff(l.lon, lon) < 1e-3,
                      "surface local %f,%f -> %f,%f", lat, lon, l.lat, l.lon);
        }
    }
}

Test(cpr, rejects_bad_input)
{
    jw_latlon out, ref = {0, 0};
    jw_cpr_pair big = {131072, 0, 0, 0, 0};
    cr_expect_eq(jw_cpr_global_airborne(&big, &out), JW_EINVAL);
    cr_expect_eq(jw_cpr_global_surface(&big, &ref, &out), JW_EINVAL);
    cr_expect_eq(jw_cpr_local(131072, 0, 0, 0, &ref, &out), JW_EINVAL);
    /* A finite but huge reference longitude (found by fuzz_cpr): the zone
     * arithmetic overflowed and returned a NaN longitude with JW_OK. */
    jw_latlon far = {4.38e-193, -1.7976931348623157e308};
    cr_expect_eq(jw_cpr_local(93000, 65789, 0, 0, &far, &out), JW_EINVAL);
    uint32_t y, x;
    cr_expect_eq(jw_cpr_encode(NAN, 0, 0, 0, &y, &x), JW_ELATLNG);
    cr_expect_eq(jw_cpr_encode(91, 0, 0, 0, &y, &x), JW_ELATLNG);
    /* A pair straddling an NL boundary (pyModeS test_cpr.py). */
    jw_cpr_pair zone = {8192, 0, 114688, 0, 1};
    cr_expect_eq(jw_cpr_global_airborne(&zone, &out), JW_ECPR);
}

/* Where readsb printed a global decode, the last message of the other
 * parity and this one form the pair it used: decode it ourselves. */
Test(cpr, readsb_global_decodes)
{
    TU_DATA_OR_SKIP(path, "modes/peers/readsb_verbose_adsb2k.txt");
    char *text = tu_read_file(path, NULL);
    cr_assert(text);
    jw_msg last[2];
    int have[2] = {0, 0}, checked = 0;
    for (char *p = strstr(text, "\n*8d"); p; p = strstr(p + 1, "\n*8d")) {
        jw_frame f = {.kind = JW_FRAME_LONG, .len = 14};
        char hex[29];
        memcpy(hex, p + 2, 28);
        hex[28] = '\0';
        tu_hex(hex, f.data, sizeof f.data);
        jw_decode_config cfg = {0};
        jw_msg m;
        if (jw_modes_decode(&cfg, &f, &m) != JW_OK || !JW_HAS(&m, JW_F_CPR))
            continue;
        char *next = strstr(p + 1, "\n*");
        char *glob = strstr(p, "CPR decoding:  global");
        if (glob && (!next || glob < next) && have[!m.cpr_odd]) {
            const jw_msg *ev = m.cpr_odd ? &last[0] : &m, *od = m.cpr_odd ? &m : &last[1];
            jw_cpr_pair pair = {ev->cpr_lat, ev->cpr_lon, od->cpr_lat, od->cpr_lon, m.cpr_odd};
            jw_latlon g;
            cr_assert_eq(jw_cpr_global_airborne(&pair, &g), JW_OK, "%s", hex);
            double lat = strtod(strstr(p, "CPR latitude:") + 13, NULL);
            double lon = strtod(strstr(p, "CPR longitude:") + 14, NULL);
            cr_expect(fabs(g.lat - lat) < 2e-6 && fabs(g.lon - lon) < 2e-6,
                      "%s: %.6f,%.6f readsb %.6f,%.6f", hex, g.lat, g.lon, lat, lon);
            checked++;
        }
        last[m.cpr_odd] = m;
        have[m.cpr_odd] = 1;
    }
    cr_expect_gt(checked, 500, "only %d global decodes compared", checked);
    free(text);
    free(path);
}
