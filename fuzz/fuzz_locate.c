/*
 * fuzz_locate.c - libFuzzer target for jw_locate_jammer / jw_locate_spoofer
 * (and, with flag 16, jw_locate_jammers / jw_locate_spoofers):
 * arbitrary observation arrays (NaN, inf, out-of-range positions and
 * weights, n from 0 to several thousand by repetition) and configurations.
 * Every call must return an error or a finite estimate inside
 * [-90, 90] x [-180, 180] with finite, ordered ellipse axes.
 *
 * Input: byte 0 flags (1 spoofer, 2 fold values into range, 4 use the
 * config below, 8 replicate the records up to ~3,000 with jitter), bytes
 * 1..32 four config doubles, then 29-byte records: lat, lon, alt doubles,
 * weight float, a byte: bit 0 affected, bit 1 band, the rest time / 300 s;
 * flag 16 runs the multi-source fit with max_k 1 + (flags >> 5) % 3, and
 * (flags >> 5) >= 6 also tries moving sources (their track pieces are
 * checked as the sources). Records are spread over a few targets (record
 * index mod 5, 0 unknown) so the regions' per-target clusters are used.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/locate.h"

#define CHECK(c)     \
    do {             \
        if (!(c))    \
            abort(); \
    } while (0)

#define REC 29

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A source or track piece is a place with an ordered, finite region. */
static void check_row(const jw_emitter_row *q)
{
    CHECK(q->lat >= -90 && q->lat <= 90 && q->lon >= -180 && q->lon <= 180);
    CHECK(isfinite(q->err_major_km) && q->err_major_km >= q->err_minor_km);
    CHECK(q->err_minor_km >= 0 && q->t_to >= q->t_from);
}

static void read_rec(const uint8_t *p, int fold, jw_locate_obs *o)
{
    float w;
    memcpy(&o->lat, p, 8), memcpy(&o->lon, p + 8, 8), memcpy(&o->alt_m, p + 16, 8);
    memcpy(&w, p + 24, 4);
    o->weight = w;
    o->affected = p[28] & 1;
    o->band = (p[28] >> 1) & 1;
    o->time = 300.0 * (p[28] >> 2); /* slots for the multi-source fit */
    if (fold) {
        o->lat = isfinite(o->lat) ? fmod(o->lat, 90.0) : o->lat;
        o->lon = isfinite(o->lon) ? fmod(o->lon, 180.0) : o->lon;
        o->alt_m = isfinite(o->alt_m) ? fmod(fabs(o->alt_m), 13000.0) : o->alt_m;
        o->weight = isfinite(w) ? fabsf(fmodf(w, 1.0f)) + 0.01f : w;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 33)
        return 0;
    uint8_t flags = data[0];
    jw_locate_config cfg;
    jw_locate_defaults(&cfg);
    if (flags & 4)
        memcpy(&cfg.src_height_m, data + 1, 8), memcpy(&cfg.tolerance_db, data + 9, 8),
            memcpy(&cfg.search_km, data + 17, 8), memcpy(&cfg.grid_km, data + 25, 8);
    size_t nrec = (size - 33) / REC, n = nrec;
    if ((flags & 8) && nrec > 0)
        n = nrec * (3000 / nrec + 1);
    jw_locate_obs *o = malloc((n ? n : 1) * sizeof *o);
    if (!o)
        return 0;
    for (size_t i = 0; i < n; i++) {
        read_rec(data + 33 + (i % nrec) * REC, flags & 2, &o[i]);
        o[i].target = (uint32_t)(i % nrec % 5);
        if (i >= nrec && isfinite(o[i].lat)) /* copies spread out a little */
            o[i].lat = fmod(o[i].lat + 0.01 * (double)(i / nrec), 90.0);
    }
    if (flags & 16) { /* several sources */
        jw_locate_sources ms;
        int k = 1 + (flags >> 5) % 3;
        cfg.moving = (flags >> 5) >= 6;
        jw_err e = (flags & 1) ? jw_locate_spoofers(o, n, &cfg, k, &ms)
                               : jw_locate_jammers(o, n, &cfg, k, &ms);
        CHECK(e == JW_OK || e == JW_EINVAL || e == JW_ENOMEM);
        for (int j = 0; e == JW_OK && j < ms.k; j++) {
            const jw_emitter_row *q = &ms.src[j];
            CHECK(ms.k >= 1 && ms.k <= k && q->source == j && q->n_sources == ms.k);
            check_row(q);
        }
        CHECK(e != JW_OK || (ms.nparts >= 0 && ms.nparts <= JW_LOCATE_MAX_PARTS));
        for (int j = 0; e == JW_OK && j < ms.nparts; j++) {
            CHECK(cfg.moving && ms.part[j].source >= 0 && ms.part[j].source < ms.k);
            check_row(&ms.part[j]);
        }
        free(o);
        return 0;
    }
    jw_emitter_row r;
    jw_err e = (flags & 1) ? jw_locate_spoofer(o, n, (flags & 4) ? &cfg : NULL, &r)
                           : jw_locate_jammer(o, n, (flags & 4) ? &cfg : NULL, &r);
    CHECK(e == JW_OK || e == JW_EINVAL || e == JW_ENOMEM);
    if (e == JW_OK) {
        CHECK(r.lat >= -90 && r.lat <= 90 && r.lon >= -180 && r.lon <= 180);
        CHECK(isfinite(r.err_major_km) && isfinite(r.err_minor_km));
        CHECK(r.err_major_km >= r.err_minor_km && r.err_minor_km >= 0);
        CHECK(r.err_orient_deg >= 0 && r.err_orient_deg < 180);
        CHECK(isfinite(r.reach_km) && r.reach_km >= 0);
        CHECK(r.n_obs <= n);
    }
    free(o);
    return 0;
}
