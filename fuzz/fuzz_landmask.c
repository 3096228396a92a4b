/* fuzz_landmask.c - the land-raster reader (landmask.c) on rasters built from
 * arbitrary bytes, then lookups of arbitrary points on what it accepts.
 *
 * A valid raster is at least 259,212 bytes (header and 64,800 tile words),
 * more than libFuzzer grows an input to, so the input describes one instead:
 *
 *   byte 0        flags: 1 the input itself is the file (short and foreign
 *                 files); 2 the resolution word is raw (else a multiple of 8
 *                 in 8..512); 4 tile words are raw (else reduced to the
 *                 valid 0..nmixed+1); 8 the magic is spoilt
 *   bytes 1-4     the resolution word
 *   byte 5        mixed tiles (0..15), byte 6 bytes appended past them (0..3)
 *   bytes 7-22    the tile words, repeated over the table (4 per word)
 *   bytes 23-38   the bitmaps' bytes, repeated
 *   then          (lat, lon, margin) triples of raw doubles to look up
 *
 * A raster is accepted exactly when its layout is valid (what validate()
 * checks, restated here); lookups keep classify and is_land consistent and
 * take longitudes modulo 360. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/landmask.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { TILES = 180 * 360, HEAD = 12, PREFIX = 39 };

static uint32_t u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16),
    p[3] = (uint8_t)(v >> 24);
}

/* Lookups of the input's points on an accepted raster. */
static void look_up(const jw_landmask *m, const uint8_t *p, size_t n)
{
    for (; n >= 24; p += 24, n -= 24) {
        double lat, lon, margin;
        memcpy(&lat, p, 8), memcpy(&lon, p + 8, 8), memcpy(&margin, p + 16, 8);
        bool valid = isfinite(lat) && isfinite(lon) && fabs(lat) <= 90 && fabs(lon) <= 540;
        bool land = jw_landmask_is_land(m, lat, lon);
        jw_land_class c0, c;
        jw_err e0 = jw_landmask_classify(m, lat, lon, 0, &c0);
        jw_err e = jw_landmask_classify(m, lat, lon, margin, &c);
        if ((e0 == JW_OK) != valid || (e == JW_OK) != valid || (!valid && land))
            abort();
        if (!valid)
            continue;
        if (c0 != (land ? JW_LAND_LAND : JW_LAND_SEA))
            abort(); /* no margin: the point's own cell */
        if ((c == JW_LAND_LAND && !land) || (c == JW_LAND_SEA && land) ||
            (c != JW_LAND_LAND && c != JW_LAND_SEA && c != JW_LAND_COAST))
            abort();
        /* Columns wrap: lon and lon -+ 360 are the same cell, unless the
         * point is within rounding of a cell's edge. */
        double x = (lon + 180) * jw_landmask_resolution(m), frac = x - floor(x);
        double other = lon > 0 ? lon - 360 : lon + 360;
        if (fabs(other) <= 540 && frac > 1e-6 && frac < 1 - 1e-6 &&
            jw_landmask_is_land(m, lat, other) != land)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jw_landmask *m = NULL;
    if (size < PREFIX || (data[0] & 1)) {
        if (jw_landmask_from_memory(data, size, &m) == JW_OK) {
            if (size < HEAD + 4 * TILES)
                abort();
            jw_landmask_close(m);
        }
        return 0;
    }
    uint32_t res = u32(data + 1);
    if (!(data[0] & 2))
        res = 8 * (1 + res % 64);
    uint32_t nmixed = data[5] % 16, extra = data[6] % 4;
    size_t tile_bytes = res >= 8 && res <= 512 ? (size_t)res / 8 * res : 64;
    size_t len = HEAD + 4 * (size_t)TILES + nmixed * tile_bytes + extra;
    uint8_t *f = malloc(len);
    if (!f)
        return 0;
    memcpy(f, data[0] & 8 ? "JWLANDM2" : "JWLANDM1", 8);
    put_u32(f + 8, res);
    bool words_ok = true;
    for (size_t t = 0; t < TILES; t++) {
        uint32_t w = u32(data + 7 + 4 * (t % 4));
        if (!(data[0] & 4))
            w %= nmixed + 2;
        words_ok &= w < nmixed + 2;
        put_u32(f + HEAD + 4 * t, w);
    }
    for (size_t i = HEAD + 4 * (size_t)TILES; i < len; i++)
        f[i] = data[23 + i % 16];
    bool valid = !(data[0] & 8) && res >= 8 && res <= 512 && res % 8 == 0 && extra == 0 && words_ok;
    jw_err e = jw_landmask_from_memory(f, len, &m);
    free(f);
    if ((e == JW_OK) != valid)
        abort();
    if (e == JW_OK) {
        if (jw_landmask_resolution(m) != res)
            abort();
        look_up(m, data + PREFIX, size - PREFIX);
        jw_landmask_close(m);
    }
    return 0;
}
