/*
 * locate.h - where is the jammer (or spoofer)? Pure estimation from
 * observations of affected and unaffected targets.
 *
 * Jamming model (REFERENCE §4): a ground or airborne source at (lat, lon,
 * height) with EIRP P affects a target at altitude h and ground distance d
 * when the target is above the radio horizon, d_h = 4.12 (sqrt(h_src) +
 * sqrt(h)) km, and the jamming-to-signal ratio P - FSPL(slant distance) -
 * S_gps exceeds the receivers' tolerance. The estimate maximises a
 * likelihood over source position (and power) of the affected/unaffected
 * labels with a soft boundary, by grid search refined locally, and reports a
 * 95 % region from the likelihood surface.
 */
#ifndef JAMWATCH_LOCATE_H
#define JAMWATCH_LOCATE_H

#include <stddef.h>
#include <stdint.h>

#include "jamwatch/error.h"
#include "jamwatch/products.h"

/* One target at one time, affected or not. */
typedef struct jw_locate_obs {
    double lat, lon;  /* degrees: where the target really was */
    double alt_m;     /* metres above sea level (ships: ~10) */
    double time;      /* seconds */
    uint8_t affected; /* 1 degraded/lost, 0 good */
    float weight;     /* 0..1, e.g. the evidence confidence */
} jw_locate_obs;

typedef struct jw_locate_config {
    double src_height_m; /* assumed source antenna height (default 30 m) */
    double tolerance_db; /* receivers' J/S tolerance (default 30 dB, REFERENCE §4) */
    double search_km;    /* half-width of the search square around the affected centroid
                          * (default 500 km) */
    double grid_km;      /* coarse grid step (default 10 km) */
} jw_locate_config;

/*
 * Estimates the source of one jamming event from n observations (at least
 * one affected and one unaffected are needed, else JW_EINVAL). cfg may be
 * NULL for defaults. Fills lat, lon, err_*, reach_km, eirp_dbw and n_obs of
 * *out (the other fields are the caller's).
 */
jw_err jw_locate_jammer(const jw_locate_obs *obs, size_t n, const jw_locate_config *cfg,
                        jw_emitter_row *out);

/*
 * Estimates the region of a spoofer from where its captured targets really
 * were (true positions) and those not captured nearby, the same way; fake
 * positions are the caller's. JW_EINVAL without captured targets.
 */
jw_err jw_locate_spoofer(const jw_locate_obs *obs, size_t n, const jw_locate_config *cfg,
                         jw_emitter_row *out);

#endif
