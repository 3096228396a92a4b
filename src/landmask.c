/*
 * landmask.c - the land raster (see landmask.h and
 * tools/landmask/gen_landmask.js for the file layout).
 *
 * The whole file is kept in memory: a table of 64,800 tile words (0 all
 * water, 1 all land, k + 2 the k-th bitmap) and the bitmaps of the mixed
 * tiles. Cells are addressed globally: row 0 is the southernmost, column 0
 * starts at longitude -180; columns wrap round the antimeridian.
 */
#include "jamwatch/landmask.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { TILES = 180 * 360, HEAD = 12, MAX_FILE = 1 << 28 };

struct jw_landmask {
    uint8_t *data;       /* the file's bytes, owned */
    size_t len;          /* their number */
    uint32_t res;        /* cells per degree */
    uint32_t row_bytes;  /* bytes per bitmap row (res / 8) */
    size_t tile_bytes;   /* bytes per bitmap */
    uint32_t nmixed;     /* bitmaps in the file */
    const uint8_t *bits; /* first bitmap */
};

static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Checks the layout of m->data and fills the derived fields. */
static jw_err validate(jw_landmask *m)
{
    if (m->len < HEAD + 4 * TILES || memcmp(m->data, "JWLANDM1", 8) != 0)
        return JW_EFORMAT;
    m->res = get_u32(m->data + 8);
    if (m->res < 8 || m->res > 512 || m->res % 8)
        return JW_EFORMAT;
    m->row_bytes = m->res / 8;
    m->tile_bytes = (size_t)m->row_bytes * m->res;
    size_t rest = m->len - HEAD - 4 * TILES;
    if (rest % m->tile_bytes)
        return JW_EFORMAT;
    m->nmixed = (uint32_t)(rest / m->tile_bytes);
    m->bits = m->data + HEAD + 4 * TILES;
    for (size_t t = 0; t < TILES; t++)
        if (get_u32(m->data + HEAD + 4 * t) >= (uint64_t)m->nmixed + 2)
            return JW_EFORMAT;
    return JW_OK;
}

jw_err jw_landmask_from_memory(const void *buf, size_t len, jw_landmask **out)
{
    if (!buf || !out)
        return JW_EINVAL;
    if (len > MAX_FILE)
        return JW_EFORMAT;
    jw_landmask *m = calloc(1, sizeof *m);
    if (!m || !(m->data = malloc(len ? len : 1))) {
        free(m);
        return JW_ENOMEM;
    }
    memcpy(m->data, buf, len);
    m->len = len;
    jw_err e = validate(m);
    if (e != JW_OK) {
        jw_landmask_close(m);
        return e;
    }
    *out = m;
    return JW_OK;
}

jw_err jw_landmask_open(const char *path, jw_landmask **out)
{
    if (!path || !out)
        return JW_EINVAL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return JW_EIO;
    jw_err e = JW_EIO;
    uint8_t *buf = NULL;
    long n = -1;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        if (n > MAX_FILE) {
            e = JW_EFORMAT;
        } else if (!(buf = malloc(n ? (size_t)n : 1))) {
            e = JW_ENOMEM;
        } else if (fread(buf, 1, (size_t)n, f) == (size_t)n) {
            e = jw_landmask_from_memory(buf, (size_t)n, out);
        }
    }
    free(buf);
    fclose(f);
    return e;
}

void jw_landmask_close(jw_landmask *m)
{
    if (!m)
        return;
    free(m->data);
    free(m);
}

unsigned jw_landmask_resolution(const jw_landmask *m)
{
    return m ? m->res : 0;
}

/* Land bit of global cell (row, col); rows are clamped, columns wrap. */
static bool cell_land(const jw_landmask *m, long row, long col)
{
    long rows = 180L * m->res, cols = 360L * m->res;
    if (row < 0)
        row = 0;
    if (row >= rows)
        row = rows - 1;
    col %= cols;
    if (col < 0)
        col += cols;
    uint32_t ty = (uint32_t)row / m->res, tx = (uint32_t)col / m->res;
    uint32_t w = get_u32(m->data + HEAD + 4 * ((size_t)ty * 360 + tx));
    if (w < 2)
        return w == 1;
    uint32_t r = (uint32_t)row % m->res, c = (uint32_t)col % m->res;
    const uint8_t *tile = m->bits + (size_t)(w - 2) * m->tile_bytes;
    return (tile[r * m->row_bytes + c / 8] >> (c % 8)) & 1;
}

static bool valid_point(double lat, double lon)
{
    return isfinite(lat) && isfinite(lon) && lat >= -90 && lat <= 90 && lon >= -540 && lon <= 540;
}

bool jw_landmask_is_land(const jw_landmask *m, double lat, double lon)
{
    if (!m || !valid_point(lat, lon))
        return false;
    return cell_land(m, (long)floor((lat + 90) * m->res), (long)floor((lon + 180) * m->res));
}

jw_err jw_landmask_classify(const jw_landmask *m, double lat, double lon, double margin_m,
                            jw_land_class *out)
{
    if (!m || !out)
        return JW_EINVAL;
    if (!valid_point(lat, lon))
        return JW_ELATLNG;
    long row = (long)floor((lat + 90) * m->res), col = (long)floor((lon + 180) * m->res);
    bool land = cell_land(m, row, col);
    double cell_m = 111195.0 / m->res;
    double cosl = cos(lat * M_PI / 180.0);
    double mr = !(margin_m > 0) ? 0 : ceil(margin_m / cell_m);
    double mc = !(margin_m > 0) ? 0 : cosl < 1e-3 ? 1e9 : ceil(margin_m / (cell_m * cosl));
    long dr = mr > JW_LANDMASK_MAX_MARGIN_CELLS ? JW_LANDMASK_MAX_MARGIN_CELLS : (long)mr;
    long dc = mc > JW_LANDMASK_MAX_MARGIN_CELLS ? JW_LANDMASK_MAX_MARGIN_CELLS : (long)mc;
    for (long r = row - dr; r <= row + dr; r++) {
        for (long c = col - dc; c <= col + dc; c++) {
            if (cell_land(m, r, c) != land) {
                *out = JW_LAND_COAST;
                return JW_OK;
            }
        }
    }
    *out = land ? JW_LAND_LAND : JW_LAND_SEA;
    return JW_OK;
}
