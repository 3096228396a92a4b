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
    uint8_t band;     /* jammers: 0 the label is about the loss boundary (J/S at the
                       * tolerance: where a fix is lost); 1 about the outer boundary of
                       * the degradation band, cfg->band_db further out (degraded
                       * targets, targets still lost after their onset: receivers keep
                       * a lost fix lost through the band; good ones: outside it).
                       * Zero-initialise observations: band 0 is the one-boundary model */
    uint32_t target;  /* which target (e.g. ICAO address, MMSI); 0 unknown. Repeated
                       * observations of one target are not independent (its receiver's
                       * tolerance, its label errors): the 95 % region treats each
                       * target as one cluster (docs/locate.md, "The 95 % region") */
} jw_locate_obs;

typedef struct jw_locate_config {
    double src_height_m; /* assumed source antenna height (default 30 m) */
    double tolerance_db; /* receivers' J/S tolerance (default 30 dB, REFERENCE §4) */
    double search_km;    /* half-width of the search square around the affected centroid
                          * (default 500 km) */
    double grid_km;      /* coarse grid step (default 10 km; coarsened so that the grid
                          * has at most 201 x 201 cells) */
    /* Added by the locator (zero = default, so a zero-initialised struct works): */
    int fix_height;     /* 1: hold the source height at src_height_m; 0 (default): fit it
                         * in [0, 5000] m (src_height_m is then only a starting point) */
    double boundary_db; /* logistic scale of the power boundary in dB: the spread of the
                         * receivers' tolerance (default 2 dB; 0 = default) */
    double label_floor; /* probability floor/ceiling of a label: the share of labels the
                         * model treats as possibly wrong (default 0.02; 0 = default);
                         * raised from the residuals when the labels are noisier */
    double band_db;     /* width of the receivers' degradation band, dB: observations with
                         * band = 1 are labelled against J/S + band_db (default 8,
                         * docs/sim.md; 0 = default) */
    int moving;         /* 1: a source on for 20 min or more is also tried as moving at
                         * constant velocity (locate_track.c) and, when kept, reported
                         * piece by piece (jw_locate_sources.part); 0 (default): static
                         * sources only. Off by default: on make eval it never kept the
                         * baltic ship and once took korea's two alternating jammers for
                         * one moving source (docs/locate.md) */
} jw_locate_config;

/*
 * Fills *cfg with the defaults (src_height_m 30, tolerance_db 30,
 * search_km 500, grid_km 10, fix_height 0, boundary_db 2, label_floor
 * 0.02, band_db 8). Fields that are out of range when a config is passed (negative,
 * zero where zero is meaningless, NaN) also take their defaults;
 * src_height_m = 0 is a valid height.
 */
void jw_locate_defaults(jw_locate_config *cfg);

/*
 * Estimates the source of one jamming event from n observations (at least
 * one affected and one unaffected are needed, else JW_EINVAL). cfg may be
 * NULL for defaults. Fills lat, lon, err_*, reach_km, eirp_dbw and n_obs of
 * *out (the other fields are the caller's).
 *
 * Observations with a non-finite or out-of-range field (|lat| > 90,
 * |lon| > 360, alt outside -1 km..100 km, weight <= 0) are skipped; weights
 * above 1 count as 1. Above 2,048 valid observations each class is
 * subsampled evenly (deterministic, weights scaled up). n_obs is the number
 * of valid observations. eirp_dbw is the EIRP at which J/S at the boundary
 * equals cfg->tolerance_db (so with "affected" meaning "degraded or lost" it
 * includes the degradation margin); NAN when the labels do not bound the
 * power from above (every boundary at the radio horizon). reach_km is the
 * ground reach at 10 km altitude. The source is taken as static: obs[].time
 * is not used (locate a moving source over short windows), and repeated
 * observations of one target count as independent (give them weights that
 * sum to about 1). Errors: JW_EINVAL (see above, or obs/out NULL, n < 3),
 * JW_ENOMEM (scratch of at most ~0.6 MB, freed before returning). Pure and
 * deterministic; no globals. About 0.13 s of CPU for 2,000 observations
 * (docs/locate.md).
 */
jw_err jw_locate_jammer(const jw_locate_obs *obs, size_t n, const jw_locate_config *cfg,
                        jw_emitter_row *out);

/*
 * Estimates the region of a spoofer from where its captured targets really
 * were (true positions) and those not captured nearby, the same way; fake
 * positions are the caller's. JW_EINVAL without captured targets.
 * Model: a target is captured when it is within a ground radius of the
 * spoofer and above its radio horizon (docs/sim.md); reach_km is that
 * radius, eirp_dbw is NAN. Same validation, subsampling and errors as
 * jw_locate_jammer.
 */
jw_err jw_locate_spoofer(const jw_locate_obs *obs, size_t n, const jw_locate_config *cfg,
                         jw_emitter_row *out);

/* At most this many sources per event (jw_locate_jammers). */
#define JW_LOCATE_MAX_SOURCES 4

/* At most this many pieces of moving sources' tracks per event. */
#define JW_LOCATE_MAX_PARTS 12

/* The sources of one event. */
typedef struct jw_locate_sources {
    int k;                                     /* how many were found (1..max_k) */
    jw_emitter_row src[JW_LOCATE_MAX_SOURCES]; /* each as jw_locate_jammer fills it, plus
                                                * source, n_sources, t_from, t_to */
    double nll[JW_LOCATE_MAX_SOURCES];         /* best negative log-likelihood with 1..k
                                                * sources (NAN: not tried) */
    double explained;                          /* share (0..1) of the affected weight the
                                                * fitted sources explain: affected
                                                * observations to which the model, before
                                                * the label floors, gives P >= 0.2 */
    double vel_kmh[JW_LOCATE_MAX_SOURCES][2];  /* each source's east, north velocity, km/h:
                                                * 0, 0 for a static source; a moving one
                                                * (constant velocity, docs/locate.md) has
                                                * src[] at the middle of its on-span and
                                                * its track in part[] */
    int nparts;                                /* rows in part[] */
    jw_emitter_row part[JW_LOCATE_MAX_PARTS];  /* moving sources' tracks in pieces: each
                                                * as src[] (source = its index), t_from..t_to
                                                * the piece, the position and region at the
                                                * piece's middle */
} jw_locate_sources;

/*
 * Several sources in one event: fits K = 1..max_k sources (max_k clamped to
 * 1..JW_LOCATE_MAX_SOURCES): jammers' J/S powers add (as the simulator's),
 * spoofers combine as a union, P(affected) = 1 - prod(1 - q_k); with K >= 2
 * each source is on or off per time slot (300 s, or the event span over 48
 * when longer; from obs[].time). K is chosen so that every source pays
 * for itself: the model must beat the one with a source fewer, and dropping
 * any source must cost, more than the Bayesian information criterion's
 * price of a source's parameters (4 + slots), and each must alone explain
 * 3 % of the affected weight (tests: a single source is not split). Each
 * source on for 20 min or more is also tried as moving at constant velocity
 * and kept so when the data prefer it (BIC, a 99 % Wald test of the
 * velocity, at most 200 km/h): out->vel_kmh[j] is then non-zero, src[j] is
 * its position at the middle of its on-span and out->part[] holds its track
 * in ~20 km pieces (docs/locate.md, "A moving source"). Fills
 * out->src[0..k) (lat, lon, err_*, reach_km, eirp_dbw, n_obs, source,
 * n_sources, t_from, t_to; the other fields are the caller's), in the order
 * they were added (the first is the single-source fit refined), vel_kmh,
 * nparts and part[]. The 95 % regions treat the observations of one target
 * (jw_locate_obs.target) as one cluster. Errors as jw_locate_jammer. Costs
 * about 5 single fits when one source is kept (docs/locate.md).
 */
jw_err jw_locate_jammers(const jw_locate_obs *obs, size_t n, const jw_locate_config *cfg, int max_k,
                         jw_locate_sources *out);

/* The same for spoofers (capture radius model, jw_locate_spoofer). */
jw_err jw_locate_spoofers(const jw_locate_obs *obs, size_t n, const jw_locate_config *cfg,
                          int max_k, jw_locate_sources *out);

/* locate_obs.csv (docs/analysis.md): the observations the locator was given,
 * one per row, under this header. */
#define JW_LOCATE_OBS_HEADER "event_id,kind,lat,lon,alt_m,time,affected,weight,band,target"

/* Formats one row of event event_id (kind: jw_event_kind) into buf, without
 * a newline; returns what snprintf returns. Every number with the digits
 * that read back to the same value (jw_locate_obs_parse: the locator gets
 * exactly what it got), the target in hex. */
int jw_locate_obs_format(char *buf, size_t size, uint64_t event_id, int kind,
                         const jw_locate_obs *o);

/* Parses one row (a trailing CR/LF is allowed) into *event_id, *kind
 * (jw_event_kind) and *o. JW_EINVAL when a field is missing, extra, not a
 * number, or out of range (|lat| > 90, |lon| > 360, affected or band not 0/1,
 * weight negative, target over 32 bits); nothing is written then. */
jw_err jw_locate_obs_parse(const char *line, uint64_t *event_id, int *kind, jw_locate_obs *o);

#endif
