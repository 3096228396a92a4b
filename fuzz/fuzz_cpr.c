/*
 * fuzz_cpr.c - libFuzzer target for the CPR functions: arbitrary raw CPR
 * values, flags and reference positions; every successful decode must give
 * a latitude in [-90, 90] and a longitude in [-180, 180), and encoding a
 * decoded position must succeed.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/cpr.h"

#define CHECK(c)     \
    do {             \
        if (!(c))    \
            abort(); \
    } while (0)

static void check(jw_err e, const jw_latlon *p)
{
    CHECK(e == JW_OK || e == JW_ECPR || e == JW_EINVAL);
    if (e != JW_OK)
        return;
    CHECK(p->lat >= -90 && p->lat <= 90 && p->lon >= -180 && p->lon < 180);
    uint32_t y, x;
    CHECK(jw_cpr_encode(p->lat, p->lon, 0, 0, &y, &x) == JW_OK && y < 131072 && x < 131072);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint32_t v[4];
    double ref[2];
    if (size < sizeof v + sizeof ref + 1)
        return 0;
    memcpy(v, data, sizeof v);
    memcpy(ref, data + sizeof v, sizeof ref);
    uint8_t flags = data[sizeof v + sizeof ref];
    for (int i = 0; i < 4; i++)
        v[i] &= (flags & 8) ? 0xFFFFFFFFu : 0x1FFFFu;
    jw_cpr_pair pair = {v[0], v[1], v[2], v[3], flags & 1};
    jw_latlon r = {ref[0], ref[1]}, p;
    if (isfinite(r.lat) && (flags & 16))
        r.lat = fmod(r.lat, 90.0);
    if (isfinite(r.lon) && (flags & 16))
        r.lon = fmod(r.lon, 180.0);
    check(jw_cpr_global_airborne(&pair, &p), &p);
    check(jw_cpr_global_surface(&pair, &r, &p), &p);
    check(jw_cpr_local(v[0], v[1], (flags >> 1) & 1, (flags >> 2) & 1, &r, &p), &p);
    return 0;
}
