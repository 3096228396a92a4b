/*
 * fuzz_sea_evidence.c - libFuzzer target for the sea evidence generator:
 * the input is a sequence of 16-byte records, each one AIS position report
 * (type, MMSI drawn from a small set so that tracks build up, raw latitude
 * and longitude anywhere including "not available" and out of range, speed,
 * course, second) and a time step that may go backwards, fed through the
 * vessel table and a generator with a tiny capacity (evictions) and a tiny
 * synthetic land raster. Every record emitted is checked for sanity.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/ais.h"
#include "jamwatch/landmask.h"
#include "jamwatch/sea_evidence.h"
#include "jamwatch/vessel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(void *user, const jw_evidence *ev)
{
    (void)user;
    if (ev->domain != JW_DOMAIN_SEA || ev->kind >= JW_EV_KIND_COUNT || ev->since > ev->time ||
        !(ev->confidence >= 0 && ev->confidence <= 1))
        abort();
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A raster with every 1-degree tile between 40 and 50 N all land. */
static jw_landmask *small_mask(void)
{
    enum { TILES = 180 * 360 };
    size_t len = 12 + 4 * TILES;
    uint8_t *buf = calloc(1, len);
    if (!buf)
        return NULL;
    memcpy(buf, "JWLANDM1", 8);
    buf[8] = 8;
    for (int ty = 130; ty < 140; ty++)
        for (int tx = 0; tx < 360; tx++)
            buf[12 + 4 * (ty * 360 + tx)] = 1;
    jw_landmask *m = NULL;
    jw_landmask_from_memory(buf, len, &m);
    free(buf);
    return m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t types[] = {1, 2, 3, 4, 18, 19, 21, 27, 9, 5};
    jw_landmask *land = small_mask();
    jw_sea_evidence_config cfg = {.capacity = 16, .land = land, .persist = 2};
    jw_sea_evidence *g = NULL;
    jw_vessels_config vc = {.capacity = 8};
    jw_vessels *vt = NULL;
    if (jw_sea_evidence_open(&cfg, check, NULL, &g) != JW_OK || jw_vessels_open(&vc, &vt) != JW_OK)
        goto done;
    double t = 1e9;
    for (size_t i = 0; i + 16 <= size; i += 16) {
        const uint8_t *p = data + i;
        jw_ais_msg m = {.type = types[p[0] % sizeof types], .full = true};
        m.mmsi = 1 + p[1] % 40;
        JW_AIS_SET(&m, JW_AF_POS);
        JW_AIS_SET(&m, JW_AF_SPEED);
        JW_AIS_SET(&m, JW_AF_COURSE);
        JW_AIS_SET(&m, JW_AF_SECOND);
        /* positions near a few points so that clusters and jumps happen */
        int32_t base_lat = (int32_t)(p[2] % 4) * 6000000, base_lon = (int32_t)(p[3] % 4) * 6000000;
        m.lat = p[4] == 255 ? JW_AIS_LAT_NA : base_lat + (int16_t)(p[5] | p[6] << 8);
        m.lon = p[4] == 254 ? (int32_t)rd32(p + 7) : base_lon + (int16_t)(p[7] | p[8] << 8);
        m.speed = (uint16_t)((p[11] | p[12] << 8) % 1024);
        m.course = (uint16_t)((p[13] | p[12] << 4) % 3601);
        m.second = p[14] % 64;
        m.aid_type = p[14] % 32;
        m.virtual_aid = p[14] & 64;
        t += (int8_t)p[15] * (p[10] & 1 ? 1.0 : 30.0);
        const jw_vessel *v = NULL;
        jw_vessels_update(vt, &m, t, &v);
        jw_sea_evidence_feed(g, &m, v, (p[10] & 0x80) ? NAN : t);
    }
done:
    jw_sea_evidence_close(g);
    jw_vessels_close(vt);
    jw_landmask_close(land);
    return 0;
}
