/*
 * fuzz_h3_latlng.c - libFuzzer target for jw_h3_from_latlng: two arbitrary
 * doubles (NaN, infinities, out of range included) and a resolution byte.
 * Either an error that the input explains, or a valid cell of that
 * resolution whose centre is within the cell's own circumradius of the
 * point (with slack for the curved edges).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/h3.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static double arc(jw_h3_latlng a, jw_h3_latlng b)
{
    double la1 = a.lat * M_PI / 180, la2 = b.lat * M_PI / 180;
    double dl = (b.lon - a.lon) * M_PI / 180;
    double x = cos(la2) * sin(dl), y = cos(la1) * sin(la2) - sin(la1) * cos(la2) * cos(dl);
    double z = sin(la1) * sin(la2) + cos(la1) * cos(la2) * cos(dl);
    return atan2(hypot(x, y), z);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 17)
        return 0;
    double lat, lon;
    memcpy(&lat, data, 8);
    memcpy(&lon, data + 8, 8);
    int res = (int8_t)data[16];
    jw_h3 h = 0;
    jw_err e = jw_h3_from_latlng(lat, lon, res, &h);
    int ok_point = lat >= -90.0 && lat <= 90.0 && lon >= -180.0 && lon <= 180.0;
    int ok_res = res >= 0 && res <= JW_H3_MAX_RES;
    if (e != JW_OK) {
        if (!(e == JW_ELATLNG && !ok_point) && !(e == JW_ERES && ok_point && !ok_res))
            abort();
        return 0;
    }
    if (!ok_point || !ok_res || !jw_h3_is_valid(h) || jw_h3_resolution(h) != res)
        abort();
    jw_h3_latlng c, p = {lat, lon};
    jw_h3_cell_boundary b;
    if (jw_h3_to_latlng(h, &c) != JW_OK || jw_h3_boundary(h, &b) != JW_OK)
        abort();
    double radius = 0.0;
    for (int i = 0; i < b.n; i++) {
        double d = arc(c, b.verts[i]);
        radius = d > radius ? d : radius;
    }
    /* The reference's own distance is coarse (1.5e-8 rad steps) near face
     * centres; hence the absolute slack. */
    if (arc(p, c) > 1.5 * radius + 3e-8)
        abort();
    return 0;
}
